"""Terminal text: a laid-out document as aligned plain text, East Asian widths respected.

Every piece of text goes through :func:`~supecost.report.escape.terminal_text`,
so catalog text never sends an escape sequence to the terminal.

>>> from supecost.report.blocks import Document, Facts, Table
>>> page = Document("見積", "", "ja", (Table(("項目", "金額"), (("初診料", "3,300円"),),
...     ("left", "right")), Facts((("合計", "3,300円"),))))
>>> print(render_text(page), end="")
見積
<BLANKLINE>
項目      金額
初診料  3,300円
<BLANKLINE>
  合計: 3,300円
"""

from __future__ import annotations

from collections.abc import Sequence

from supecost.report.blocks import (
    Block,
    Chart,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    Total,
    display_width,
)
from supecost.report.escape import terminal_text

__all__ = ["grid", "render_text", "width"]


width = display_width


def _pad(text: str, columns: int, right: bool) -> str:
    gap = " " * max(0, columns - width(text))
    return gap + text if right else text + gap


def grid(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    """Rows as aligned lines, two spaces between columns, text escaped for the terminal.

    Example:
        >>> grid([["a", "1"], ["注射", "10"]], [False, True])
        ['a      1', '注射  10']
    """
    cells = [[terminal_text(cell) for cell in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(cells[0]))]
    return [
        "  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip()
        for row in cells
    ]


def _block(block: Block) -> list[str]:
    if isinstance(block, Heading):
        return [terminal_text(block.text)]
    if isinstance(block, Paragraph):
        bullet = "  - " if block.kind == "item" else ""
        return [bullet + terminal_text(block.text)]
    if isinstance(block, Facts):
        return [f"  {terminal_text(label)}: {terminal_text(value)}" for label, value in block.items]
    if isinstance(block, Table):
        right = [a == "right" for a in block.align]
        rows = [block.headers, *block.rows] if any(block.headers) else list(block.rows)
        return grid(rows, right) if rows else []
    if isinstance(block, Total):
        return [f"{terminal_text(block.label)}: {terminal_text(block.value)}"]
    assert isinstance(block, Chart)
    return [terminal_text(block.elsewhere or block.caption)]


def render_text(document: Document) -> str:
    """Render a laid-out document for a terminal.

    Blocks are separated by a blank line, except that consecutive paragraphs
    run on, one per line, and a heading sits on the line above its block.

    Args:
        document: The document, laid out in one locale.

    Returns:
        The text, ending with a newline.
    """
    lines = [terminal_text(document.title)]
    if document.subtitle:
        lines.append(terminal_text(document.subtitle))
    previous: Block | None = None
    for block in document.blocks:
        joined = isinstance(previous, Heading) or (
            isinstance(previous, Paragraph) and isinstance(block, Paragraph)
        )
        if not joined:
            lines.append("")
        lines += _block(block)
        previous = block
    if document.footer:
        lines += ["", terminal_text(document.footer)]
    return "\n".join(lines) + "\n"
