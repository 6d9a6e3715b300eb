"""Headless Chromium: print a report to PDF, or take a screenshot of it.

Debian's ``chromium`` package provides the browser, and ``fonts-noto-cjk`` the
Japanese fonts it needs to draw Japanese text rather than empty boxes. When no
browser is installed, :func:`print_pdf` raises
:class:`~supecost.report.errors.BrowserMissingError` with the command that
installs both. The page is loaded from a temporary file, with a throw-away
profile, no network services and no extensions. The page holds untrusted
catalog text, so Chromium keeps its sandbox; only when running as root, where
Chromium refuses to start with it, is ``--no-sandbox`` passed.

>>> find_browser(names=("no-such-browser-here",)) is None
True
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from supecost.report.errors import BrowserError, BrowserMissingError

__all__ = ["BROWSER_NAMES", "find_browser", "print_pdf", "run_browser", "screenshot"]

BROWSER_NAMES: Final = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
"""The commands tried, in order, to find a Chromium-based browser."""

A4_WIDTH_PX: Final = 794
"""The width of A4 paper (210 mm) in CSS pixels at 96 per inch."""

A4_HEIGHT_PX: Final = 1123
"""The height of A4 paper (297 mm) in CSS pixels at 96 per inch."""

_FLAGS: Final = (
    "--headless",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--hide-scrollbars",
    "--mute-audio",
)
_TIMEOUT: Final = 120


def find_browser(names: Sequence[str] = BROWSER_NAMES) -> str | None:
    """The path of the first Chromium-based browser found on ``PATH``, or ``None``.

    Example:
        >>> find_browser(names=("no-such-browser-here",)) is None
        True

    Args:
        names: The commands to try, in order.

    Returns:
        The first one's full path, or ``None`` when none is installed.
    """
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _sandbox_flags() -> tuple[str, ...]:
    """``--no-sandbox`` only as root (Chromium will not start sandboxed as root)."""
    geteuid = getattr(os, "geteuid", None)  # not on Windows
    return ("--no-sandbox",) if geteuid is not None and geteuid() == 0 else ()


def run_browser(
    html: str, flags: Sequence[str], *, browser: str | None = None, timeout: float = _TIMEOUT
) -> tuple[Path, str]:
    """Load an HTML page in headless Chromium with extra flags; return its folder and stdout.

    The page is written as ``page.html`` in a new temporary folder, which the
    caller removes (output files such as ``out.pdf`` go there too; ``{dir}`` in
    a flag is replaced by the folder).

    Args:
        html: The page.
        flags: Extra command-line flags, such as ``--print-to-pdf={dir}/out.pdf``.
        browser: The browser's path; found on ``PATH`` when ``None``.
        timeout: Seconds to wait for the browser.

    Returns:
        The temporary folder and what the browser wrote to standard output.

    Raises:
        BrowserMissingError: No browser is installed.
        BrowserError: The browser failed or took too long.
    """
    command = browser or find_browser()
    if command is None:
        raise BrowserMissingError()
    folder = Path(tempfile.mkdtemp(prefix="supecost-browser-"))
    page = folder / "page.html"
    page.write_text(html, encoding="utf-8")
    profile = folder / "profile"
    arguments = [
        command,
        *_FLAGS,
        *_sandbox_flags(),
        f"--user-data-dir={profile}",
        *(flag.replace("{dir}", str(folder)) for flag in flags),
        page.as_uri(),
    ]
    try:
        done = subprocess.run(
            arguments, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        shutil.rmtree(folder, ignore_errors=True)
        raise BrowserError(
            f"{command} did not finish within {timeout:g} seconds",
            "try again, or use --format html",
            code="browser.timeout",
            params={"command": command, "seconds": f"{timeout:g}"},
        ) from None
    except OSError as error:
        shutil.rmtree(folder, ignore_errors=True)
        reason = error.strerror or str(error)
        raise BrowserError(
            f"cannot run {command}: {reason}",
            "check the install",
            code="browser.run",
            # The system's words are English: a Japanese message says the errno's own.
            params={"command": command, "reason": reason, "errno": _errno_name(error)},
        ) from None
    if done.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BrowserError(
            f"{command} exited with status {done.returncode}: {last}",
            "run it by hand to see why, or use --format html",
            code="browser.failed",
            params={"command": command, "status": done.returncode, "reason": last},
        )
    return folder, done.stdout


def _errno_name(error: OSError) -> str:
    """The symbolic name of an OS error's number (``"EACCES"``), or ``""`` where it has none."""
    return errno.errorcode.get(error.errno, "") if error.errno is not None else ""


def print_pdf(html: str, *, browser: str | None = None) -> bytes:
    """Print an HTML page to PDF (A4, as the page's print styles ask) in headless Chromium.

    Example:
        >>> pdf = print_pdf("<p>料金表</p>")  # doctest: +SKIP
        >>> pdf[:4]  # doctest: +SKIP
        b'%PDF'

    Args:
        html: The page.
        browser: The browser's path; found on ``PATH`` when ``None``.

    Returns:
        The PDF file's bytes.

    Raises:
        BrowserMissingError: No browser is installed; the message says how to install one.
        BrowserError: The browser failed or wrote no PDF.
    """
    folder, _ = run_browser(
        html,
        ("--no-pdf-header-footer", "--print-to-pdf-no-header", "--print-to-pdf={dir}/out.pdf"),
        browser=browser,
    )
    try:
        return _read_output(folder / "out.pdf", b"%PDF", "PDF")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def screenshot(
    html: str,
    *,
    width: int = A4_WIDTH_PX,
    height: int = A4_HEIGHT_PX,
    browser: str | None = None,
) -> bytes:
    """Take a PNG screenshot of an HTML page at a window size (A4 at 96 dpi by default).

    Example:
        >>> png = screenshot("<p>料金表</p>", width=400, height=300)  # doctest: +SKIP
        >>> png[:4]  # doctest: +SKIP
        b'\x89PNG'

    Args:
        html: The page.
        width: The window width in CSS pixels.
        height: The window height in CSS pixels.
        browser: The browser's path; found on ``PATH`` when ``None``.

    Returns:
        The PNG file's bytes.

    Raises:
        BrowserMissingError: No browser is installed.
        BrowserError: The browser failed or wrote no image.
    """
    folder, _ = run_browser(
        html,
        (f"--window-size={width},{height}", "--screenshot={dir}/shot.png"),
        browser=browser,
    )
    try:
        return _read_output(folder / "shot.png", b"\x89PNG", "PNG")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _read_output(path: Path, magic: bytes, kind: str) -> bytes:
    """The file the browser wrote, ``kind`` (``"PDF"`` or ``"PNG"``) by its first bytes."""
    try:
        data = path.read_bytes()
    except OSError:
        data = b""
    if not data.startswith(magic):
        raise BrowserError(
            f"the browser wrote no {kind} file",
            f"check that it can write {kind} files",
            code="browser.no_output",
            params={"kind": kind},
        )
    return data
