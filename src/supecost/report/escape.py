"""One escaping rule per output format, shared by quotes, catalogs, contracts and reports.

Catalog text is untrusted wherever it is shown: a clinic's staff or a web page
wrote it. Each format gets one helper, and every renderer of that format calls
it, so a rule is never written twice:

- :func:`terminal_text`: control characters (ESC, BEL, NUL, C1) and bidi
  controls become U+FFFD, so no escape sequence reaches the terminal and no
  text is reordered;
- :func:`md_text`: Markdown's marks backslashed, HTML's ``<``, ``>`` and ``&``
  as entities, one line;
- :func:`xml_text`: HTML and SVG, quotes included;
- :func:`safe_cell`: CSV cells that no spreadsheet runs as a formula, with
  the characters Markdown and HTML drop dropped too.

The characters no format shows are listed once (``_HIDDEN``): control
characters but tab, newline and carriage return, DEL, C1 and bidi controls.
The terminal adds the three it keeps (a table cell there is one line) and shows
each as U+FFFD; XML adds the two noncharacters it forbids.

>>> terminal_text("a\\x1b]0;owned\\x07b")
'a\\ufffd]0;owned\\ufffdb'
"""

from __future__ import annotations

import re
from typing import Final, TypeAlias

__all__ = ["Cell", "md_text", "safe_cell", "terminal_text", "xml_text"]

_HIDDEN: Final = (
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 but tab, newline, CR; DEL; C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"  # bidi controls
)
_TERMINAL_UNSAFE: Final = re.compile(f"[\t\n\r{_HIDDEN}]")
_UNSHOWN: Final = re.compile(f"[{_HIDDEN}]")
_MD_SPECIAL: Final = re.compile(r"([\\`*_\[\]|#~])")
_INVALID_XML: Final = re.compile(f"[{_HIDDEN}\ufffe\uffff]")
_FORMULA: Final = ("=", "+", "-", "@", "\t", "\r")

Cell: TypeAlias = str | int | None


def terminal_text(text: str) -> str:
    """Text safe to print on a terminal: every control character shown as U+FFFD.

    Example:
        >>> terminal_text("注射\\x00\\u202e1 \\x9b31m")
        '注射\\ufffd\\ufffd1 \\ufffd31m'

    Args:
        text: Any text, catalog text included.

    Returns:
        The text with C0 and C1 control characters (newlines and tabs too, as
        a table cell is one line), DEL and bidi controls replaced.
    """
    return _TERMINAL_UNSAFE.sub("\ufffd", text)


def md_text(text: str) -> str:
    """Escape text for Markdown: its marks backslashed, HTML's entities, one line.

    Example:
        >>> md_text("*new* <b>\\nprice")
        '\\\\*new\\\\* &lt;b&gt; price'

    Args:
        text: Any text, catalog text included.

    Returns:
        The text on one line, with control and bidi characters dropped, ``<``,
        ``>`` and ``&`` as entities and Markdown's marks backslashed.
    """
    text = _UNSHOWN.sub("", text)
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def xml_text(text: str) -> str:
    """Escape text for XML and HTML, dropping the control characters XML forbids.

    Example:
        >>> xml_text("<script>alert('x')</script>\\x01")
        '&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;'

    Args:
        text: Any text, catalog text included.

    Returns:
        The text with ``<``, ``>``, ``&`` and quotes escaped, safe in element
        content and in quoted attribute values; control characters (but tab,
        newline and carriage return), DEL, C1 and bidi controls dropped.
    """
    # Imported here: html loads its entity tables, which terminal text never needs.
    from html import escape

    return escape(_INVALID_XML.sub("", text), quote=True)


def safe_cell(value: Cell) -> str | int:
    """A cell value that no spreadsheet runs as a formula; ``None`` is an empty cell.

    Example:
        >>> safe_cell("=HYPERLINK(1)"), safe_cell(-5500), safe_cell(None)
        ("'=HYPERLINK(1)", -5500, '')
        >>> safe_cell("\\u202e=1+1\\x07")
        "'=1+1"

    Args:
        value: A text, a whole-yen amount, or ``None``.

    Returns:
        Text without the characters Markdown and HTML drop (control
        characters but tab, newline and carriage return, DEL, C1 and bidi
        controls), then with a leading ``'`` if it starts like a formula
        (``=``, ``+``, ``-``, ``@``, a tab or a carriage return); numbers as
        they are; ``""`` for ``None``.
    """
    if value is None:
        return ""
    if isinstance(value, str):
        # Dropped first: a hidden character must not hide a formula's first character.
        value = _UNSHOWN.sub("", value)
        if value.startswith(_FORMULA):
            return "'" + value
    return value
