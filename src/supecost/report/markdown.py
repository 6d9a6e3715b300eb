"""Markdown output: headings, lists and GitHub-style tables.

Catalog text is escaped twice over: Markdown's own marks are backslashed and
``<``, ``>`` and ``&`` become entities, so a Markdown viewer that turns the file
into HTML shows a treatment named ``<script>`` as text. The chart is left out
(it is in the HTML report); a line says so.

>>> from supecost.report.blocks import Document, Paragraph
>>> print(render_markdown(Document("料金表", "Clinic", "ja", (Paragraph("a|b <i>"),))), end="")
# 料金表
<BLANKLINE>
Clinic
<BLANKLINE>
a\\|b &lt;i&gt;
"""

from __future__ import annotations

from supecost.report.blocks import Chart, Document, Facts, Heading, Paragraph, Table, Total
from supecost.report.escape import md_text

__all__ = ["md_text", "render_markdown"]


def render_markdown(document: Document) -> str:
    """Render a laid-out report as Markdown.

    Example:
        >>> from supecost.report.blocks import Document, Facts, Heading
        >>> fees = (Heading(2, "諸費用"), Facts((("初診料", "3,300円"),)))
        >>> print(render_markdown(Document("料金表", "Clinic", "ja", fees, "supecost")), end="")
        # 料金表
        <BLANKLINE>
        Clinic
        <BLANKLINE>
        ## 諸費用
        <BLANKLINE>
        - **初診料**: 3,300円
        <BLANKLINE>
        ---
        <BLANKLINE>
        supecost

    Args:
        document: The report, laid out in one locale.

    Returns:
        The Markdown text, ending with a newline.
    """
    parts = [f"# {md_text(document.title)}"]
    if document.subtitle:
        parts.append(md_text(document.subtitle))
    listing = False
    for block in document.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {md_text(block.text)}")
        elif isinstance(block, Paragraph) and block.kind == "item":
            item = f"- {md_text(block.text)}"
            # Consecutive items are one tight list: no blank line between them.
            if listing:
                parts[-1] += f"\n{item}"
            else:
                parts.append(item)
        elif isinstance(block, Paragraph):
            text = md_text(block.text)
            parts.append(f"> {text}" if block.kind == "notice" else text)
        elif isinstance(block, Facts):
            parts.append(
                "\n".join(
                    f"- **{md_text(label)}**: {md_text(value)}" for label, value in block.items
                )
            )
        elif isinstance(block, Table):
            header = "| " + " | ".join(md_text(cell) for cell in block.headers) + " |"
            rule = "|" + "|".join("---:" if a == "right" else "---" for a in block.align) + "|"
            rows = ["| " + " | ".join(md_text(cell) for cell in row) + " |" for row in block.rows]
            parts.append("\n".join([header, rule, *rows]))
        elif isinstance(block, Total):
            parts.append(f"**{md_text(block.label)}: {md_text(block.value)}**")
        else:
            assert isinstance(block, Chart)
            parts.append(f"*{md_text(block.elsewhere or block.caption)}*")
        listing = isinstance(block, Paragraph) and block.kind == "item"
    if document.footer:
        parts.append(f"---\n\n{md_text(document.footer)}")
    return "\n\n".join(parts) + "\n"
