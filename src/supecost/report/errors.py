"""The errors of the report package, each a :class:`~supecost.errors.SupecostError`.

>>> issubclass(BrowserMissingError, SupecostError)
True
"""

from __future__ import annotations

from typing import Final

from supecost.errors import SupecostError

__all__ = ["INSTALL_BROWSER", "BrowserError", "BrowserMissingError", "ReportError"]

INSTALL_BROWSER: Final = "apt-get install chromium fonts-noto-cjk"
"""The command that installs the browser and the Japanese fonts PDF output needs (Debian)."""


class ReportError(SupecostError, ValueError):
    """A report asked for in a way that cannot be made (an unknown format, a bad count).

    Example:
        >>> ReportError("unknown format 'doc'", "use md, csv, html or json").hint
        'use md, csv, html or json'
    """


class BrowserError(SupecostError, RuntimeError):
    """The headless browser ran but did not produce the page or PDF.

    Raised with a code (``browser.*``) wherever the command line can meet it, so a
    Japanese run says it in Japanese: a missing browser is what a newcomer following the
    tutorials' ``--format pdf`` meets first.

    Example:
        >>> str(BrowserError("chromium exited with status 1", "run it by hand to see why"))
        'chromium exited with status 1; run it by hand to see why'
    """


class BrowserMissingError(BrowserError):
    """No headless browser is installed, so PDF output is not possible.

    Example:
        >>> print(BrowserMissingError())
        PDF output needs Chromium, which is not installed; install it with: \
apt-get install chromium fonts-noto-cjk (Debian or Ubuntu, as root), or choose \
--format html and print the page from a browser
    """

    def __init__(self) -> None:
        super().__init__(
            "PDF output needs Chromium, which is not installed",
            f"install it with: {INSTALL_BROWSER} (Debian or Ubuntu, as root), "
            "or choose --format html and print the page from a browser",
            code="browser.missing",
            params={"install": INSTALL_BROWSER},
        )
