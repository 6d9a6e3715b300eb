"""Rendering a report in a format, and writing files atomically.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.report.model import price_list
>>> text = render(price_list(reference_catalog(), on=date(2026, 4, 1)), "md", locale="en_US")
>>> text.splitlines()[0]
'# Price list'
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path
from typing import Final, Literal, TypeAlias

from supecost.errors import excerpt
from supecost.report.browser import print_pdf
from supecost.report.csvout import render_csv
from supecost.report.document import layout
from supecost.report.errors import ReportError
from supecost.report.jsonout import render_json
from supecost.report.model import Report
from supecost.report.rendering import render_document

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "Format",
    "OutputFormat",
    "render",
    "render_pdf",
    "write_atomic",
    "write_report",
]

Format: TypeAlias = Literal["md", "csv", "html", "json"]
OutputFormat: TypeAlias = Literal["md", "csv", "html", "json", "pdf"]
FORMATS: Final[tuple[Format, ...]] = ("md", "csv", "html", "json")
"""The text formats :func:`render` makes."""
OUTPUT_FORMATS: Final[tuple[OutputFormat, ...]] = (*FORMATS, "pdf")
"""The formats :func:`write_report` writes: the text formats and PDF (through Chromium)."""


def render(report: Report, format: Format, *, locale: str | None = None, bom: bool = False) -> str:
    """Render a report as text in a format.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> prices = price_list(reference_catalog(), on=date(2026, 4, 1))
        >>> render(prices, "md", locale="en_US").splitlines()[0]
        '# Price list'
        >>> render(prices, "html").startswith("<!DOCTYPE html>")
        True

    Args:
        report: A price list, estimate or comparison.
        format: ``"md"``, ``"csv"``, ``"html"`` or ``"json"``.
        locale: The locale; the one the report was built with when ``None``.
        bom: For CSV, start with a byte-order mark (Excel in Japan needs one).

    Returns:
        The text; write it as UTF-8.

    Raises:
        ReportError: The format is unknown.
        LocaleError: The locale is neither ``ja_JP`` nor ``en_US``.
    """
    if format == "csv":
        return render_csv(report, locale, bom=bom)
    if format == "json":
        return render_json(report, locale)
    if format in ("md", "html"):
        return render_document(layout(report, locale), format)
    raise ReportError(f"unknown report format {format!r}", f"use one of {', '.join(FORMATS)}")


def write_atomic(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write a file all at once: to a temporary file beside it, then renamed over it.

    A reader sees the old file or the new one, never half of it; if anything
    fails, the temporary file is removed and the old file is left as it was.
    Text is written as UTF-8, exactly (no newline translation).

    Example:
        >>> import pathlib, tempfile
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "report.md"
        >>> write_atomic(target, "# 料金表\\n")
        >>> target.read_text(encoding="utf-8")
        '# 料金表\\n'

    Args:
        path: The file to write.
        data: Its contents.

    Raises:
        ReportError: The file cannot be written (no such folder, no permission, disk full).
    """
    target = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    mode = _existing_mode(target)
    temporary: str | None = None
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
        raise ReportError(
            f"cannot write {target}: {error.strerror or error}",
            "check that the folder exists and is writable",
            code="output.unwritable",
            params={"target": excerpt(str(target))},
        ) from None


def _existing_mode(target: Path) -> int:
    """The permissions of the regular file a write replaces (0o644 for a new path).

    Only a regular file is replaced: renaming over a symbolic link, a device or a
    FIFO would swap it for a regular file (we may run as root), so those are refused.
    """
    try:
        status = os.lstat(target)
    except FileNotFoundError:
        return 0o644
    except (OSError, ValueError) as error:  # ValueError: a NUL character in the path
        raise ReportError(
            f"cannot write {target}: {getattr(error, 'strerror', None) or error}",
            "check the path",
            code="output.unreadable_path",
            params={"target": excerpt(str(target))},
        ) from None
    if stat.S_ISREG(status.st_mode):
        return status.st_mode & 0o777
    kind = _KINDS.get(stat.S_IFMT(status.st_mode), "not a regular file")
    raise ReportError(
        f"will not write {target}: it is {kind}, and only a regular file or a new path is written",
        "give the path of a regular file or of a file that does not exist yet",
        code="output.irregular",
        params={"target": excerpt(str(target))},
    )


_KINDS: Final = {
    stat.S_IFLNK: "a symbolic link",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


def render_pdf(html: str, path: str | os.PathLike[str], *, browser: str | None = None) -> None:
    """Print an HTML report to a PDF file through headless Chromium, atomically.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> page = render(price_list(reference_catalog(), on=date(2026, 4, 1)), "html")
        >>> render_pdf(page, "prices.pdf")  # doctest: +SKIP

    Args:
        html: The HTML report, as :func:`render` makes it.
        path: The PDF file to write.
        browser: The browser's path; found on ``PATH`` when ``None``.

    Raises:
        BrowserMissingError: Chromium is not installed; the message gives the install command.
        BrowserError: The browser failed.
        ReportError: The file cannot be written.
    """
    write_atomic(path, print_pdf(html, browser=browser))


def write_report(
    report: Report,
    format: OutputFormat,
    path: str | os.PathLike[str],
    *,
    locale: str | None = None,
    bom: bool = False,
) -> None:
    """Render a report and write it to a file atomically; ``"pdf"`` prints through Chromium.

    Example:
        >>> import pathlib, tempfile
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> target = pathlib.Path(tempfile.mkdtemp()) / "prices.csv"
        >>> write_report(price_list(reference_catalog(), on=date(2026, 4, 1)), "csv", target,
        ...              bom=True)
        >>> target.read_bytes()[:3]
        b'\\xef\\xbb\\xbf'

    Args:
        report: A price list, estimate or comparison.
        format: ``"md"``, ``"csv"``, ``"html"``, ``"json"`` or ``"pdf"``.
        path: The file to write.
        locale: The locale; the one the report was built with when ``None``.
        bom: For CSV, start with a byte-order mark.

    Raises:
        ReportError: The format is unknown or the file cannot be written.
        BrowserMissingError: PDF was asked for and Chromium is not installed.
        BrowserError: The browser failed.
    """
    if format == "pdf":
        render_pdf(render(report, "html", locale=locale), path)
        return
    write_atomic(path, render(report, format, locale=locale, bom=bom))
