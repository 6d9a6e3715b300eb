"""A laid-out document in the format asked for: the one map from a format's name to its renderer.

Each renderer is imported when its format is asked for, so a quote on the
terminal loads neither the Markdown nor the HTML renderer.

>>> from supecost.report.blocks import Document, Paragraph
>>> page = Document("見積", "", "ja", (Paragraph("a|b"),))
>>> print(render_document(page, "md"), end="")
# 見積
<BLANKLINE>
a\\|b
"""

from __future__ import annotations

from typing import Literal, TypeAlias

from supecost.report.blocks import Document
from supecost.report.errors import ReportError

__all__ = ["DOCUMENT_FORMATS", "DocumentFormat", "render_document"]

DocumentFormat: TypeAlias = Literal["table", "md", "html"]
DOCUMENT_FORMATS: tuple[DocumentFormat, ...] = ("table", "md", "html")
"""Terminal text, Markdown and one self-contained HTML page."""


def render_document(document: Document, format: DocumentFormat) -> str:
    """Render a laid-out document as terminal text, Markdown or HTML.

    Example:
        >>> from supecost.report.blocks import Document, Facts
        >>> fees = Document("料金表", "", "ja", (Facts((("初診料", "3,300円"),)),))
        >>> render_document(fees, "table").splitlines()[-1]
        '  初診料: 3,300円'

    Args:
        document: The document, laid out in one locale.
        format: ``"table"`` (text for a terminal), ``"md"`` or ``"html"``.

    Returns:
        The text, each format escaping catalog text by its own rule.

    Raises:
        ReportError: The format is none of these.
    """
    if format == "md":
        from supecost.report.markdown import render_markdown

        return render_markdown(document)
    if format == "html":
        from supecost.report.html import render_html

        return render_html(document)
    if format == "table":
        from supecost.report.text import render_text

        return render_text(document)
    raise ReportError(
        f"unknown document format {format!r}", f"use one of {', '.join(DOCUMENT_FORMATS)}"
    )
