"""HTML output: one self-contained file with inline CSS, the SVG chart, and A4 print styles.

Every piece of text is escaped with :func:`html.escape` (through
:func:`~supecost.report.svg.xml_text`), and the page forbids scripts with a
Content-Security-Policy, so catalog text is shown as text, never run. Tables
size their columns to the content: amounts and counts are never broken inside,
long text wraps anywhere, so the page fits the width of A4 paper when printed.

>>> from supecost.report.blocks import Document, Paragraph
>>> page = render_html(Document("料金表", "<b>", "ja", (Paragraph("<script>x</script>"),)))
>>> "<script>" in page, "&lt;script&gt;x&lt;/script&gt;" in page
(False, True)
"""

from __future__ import annotations

import re
from typing import Final

from supecost.report.blocks import (
    Chart,
    Document,
    Facts,
    Heading,
    Paragraph,
    Table,
    Total,
)
from supecost.report.escape import xml_text
from supecost.report.svg import FONT_FAMILY

__all__ = ["CSS", "render_html"]

CSS: Final = f"""
@page {{ size: A4; margin: 10mm 15mm; }}
html {{ font-family: {FONT_FAMILY}; color: #222222; background: #ffffff; }}
body {{ margin: 0; padding: 16px; font-size: 14px; line-height: 1.55; }}
main {{ max-width: 180mm; margin: 0 auto; }}
h1 {{ font-size: 1.6em; margin: 0 0 0.2em; }}
h2 {{ font-size: 1.25em; margin: 1.4em 0 0.4em; border-bottom: 2px solid #444444; }}
h3 {{ font-size: 1.05em; margin: 1em 0 0.3em; }}
.subtitle {{ margin: 0 0 1em; color: #444444; }}
h1, h2, h3 {{ overflow-wrap: anywhere; }}
/* An automatic layout sizes each column to its content: an amount or a count is never
   broken inside (td.num), a word of text or of a header never (no column is narrower than its
   longest word; a long run of letters has break points, <wbr>, from the renderer), Japanese
   wraps between its characters, and the text takes the rest. */
table {{ width: 100%; border-collapse: collapse; margin: 0.4em 0 0.8em; }}
th, td {{ border: 1px solid #bbbbbb; padding: 3px 6px; vertical-align: top;
  overflow-wrap: break-word; word-break: normal; }}
th {{ background: #f0f0f0; text-align: left; overflow-wrap: break-word; word-break: keep-all; }}
.num {{ text-align: right; }}
td.num {{ overflow-wrap: normal; word-break: normal; }}
td.num span {{ white-space: nowrap; }}
p.total {{ display: flex; justify-content: space-between; align-items: baseline;
  border: 2px solid #222222; padding: 6px 12px; margin: 0.6em 0; font-size: 1.25em; }}
p.total strong {{ font-size: 1.3em; }}
p.addressee {{ font-size: 1.3em; border-bottom: 1px solid #222222; display: inline-block;
  min-width: 50%; margin: 0.2em 0 0.6em; }}
dl.facts {{ display: grid; grid-template-columns: minmax(7em, 30%) minmax(0, 1fr);
  gap: 2px 12px; margin: 0.4em 0 0.8em; }}
dl.facts dt {{ font-weight: bold; overflow-wrap: anywhere; }}
dl.facts dd {{ margin: 0; overflow-wrap: anywhere; }}
p {{ overflow-wrap: anywhere; }}
p.notice {{ border-left: 4px solid #b00020; padding: 2px 8px; background: #fff6f6; }}
p.note {{ font-size: 0.85em; color: #555555; }}
figure {{ margin: 0.6em 0; }}
figure svg {{ width: 100%; height: auto; display: block; }}
footer {{ margin-top: 2em; font-size: 0.8em; color: #777777; }}
@media screen and (max-width: 599px) {{
  /* A phone has no room for every amount whole: equal columns, wrapping anywhere. */
  table {{ table-layout: fixed; }}
  th, td.num span {{ white-space: normal; overflow-wrap: anywhere; word-break: break-word; }}
}}
@media print {{
  /* Compact enough that an estimate of 12 lines fits one A4 page, with the cheapest total
     at another price point under its total, where every name on it (a line's, another
     plan's, an added treatment's) is up to 30 characters: real menus' names run that long,
     and they wrap in the item column. A name of any length cannot be promised a line. */
  body {{ padding: 0; font-size: 8pt; line-height: 1.15; }}
  h1 {{ font-size: 1.45em; }}
  h2 {{ font-size: 1.1em; margin: 0.4em 0 0.1em; }}
  h3 {{ margin: 0.5em 0 0.2em; }}
  th, td {{ padding: 1px 5px; }}
  table {{ margin: 0.2em 0 0.4em; }}
  dl.facts {{ gap: 0 12px; margin: 0.2em 0 0.4em; }}
  p {{ margin: 0.3em 0; }}
  p.notice {{ font-size: 0.85em; margin: 0.1em 0; padding: 0 8px; }}
  p.note {{ margin: 0.1em 0; }}
  p.total {{ margin: 0.3em 0; padding: 2px 12px; }}
  p.addressee {{ margin: 0 0 0.3em; }}
  .subtitle {{ margin: 0 0 0.3em; }}
  footer {{ margin-top: 0.2em; }}
  main {{ max-width: none; }}
  h2, h3 {{ break-after: avoid; }}
  tr, dl.facts, figure, p.notice {{ break-inside: avoid; }}
}}
""".strip()

_CSP: Final = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def render_html(document: Document) -> str:
    """Render a laid-out report as one self-contained HTML page.

    Example:
        >>> from supecost.report.blocks import Document, Table
        >>> fees = Table(("項目", "料金"), (("初診料", "3,300円"),), ("left", "right"))
        >>> page = render_html(Document("料金表", "Clinic", "ja", (fees,)))
        >>> page.startswith("<!DOCTYPE html>"), '<td class="num"><span>3,300円</span></td>' in page
        (True, True)

    Args:
        document: The report, laid out in one locale.

    Returns:
        The HTML text, ending with a newline.
    """
    title = xml_text(document.title)
    subtitle = xml_text(document.subtitle)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{xml_text(document.lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title} — {subtitle}</title>" if subtitle else f"<title>{title}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        "<main>",
        f"<h1>{title}</h1>",
    ]
    if subtitle:
        out.append(f'<p class="subtitle">{subtitle}</p>')
    listing = False
    for block in document.blocks:
        item = isinstance(block, Paragraph) and block.kind == "item"
        if item != listing:  # consecutive items are one list
            out.append("<ul>" if item else "</ul>")
            listing = item
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{xml_text(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph) and item:
            out.append(f"<li>{xml_text(block.text)}</li>")
        elif isinstance(block, Paragraph):
            kind = "" if block.kind == "text" else f' class="{block.kind}"'
            out.append(f"<p{kind}>{xml_text(block.text)}</p>")
        elif isinstance(block, Facts):
            out.append('<dl class="facts">')
            for label, value in block.items:
                out.append(f"<dt>{xml_text(label)}</dt><dd>{xml_text(value)}</dd>")
            out.append("</dl>")
        elif isinstance(block, Table):
            out.append("<table>")
            out.append(
                "<thead><tr>"
                + "".join(
                    f"<th{_align(a)}>{_words(cell)}</th>"
                    for cell, a in zip(block.headers, block.align, strict=True)
                )
                + "</tr></thead>"
            )
            out.append("<tbody>")
            for row in block.rows:
                out.append(
                    "<tr>"
                    + "".join(
                        f"<td{_align(a)}>{_whole(cell) if a == 'right' else _words(cell)}</td>"
                        for cell, a in zip(row, block.align, strict=True)
                    )
                    + "</tr>"
                )
            out.append("</tbody>")
            out.append("</table>")
        elif isinstance(block, Total):
            out.append(
                f'<p class="total"><span>{xml_text(block.label)}</span>'
                f"<strong>{xml_text(block.value)}</strong></p>"
            )
        else:
            assert isinstance(block, Chart)
            out.append("<figure>")
            out.append(block.svg.rstrip("\n"))
            out.append("</figure>")
    if listing:
        out.append("</ul>")
    if document.footer:
        out.append(f"<footer>{xml_text(document.footer)}</footer>")
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_PARTS: Final = re.compile(
    r"(?<=[〜–・;])|(?=（| \()|(?<=[^\d\s,.（(¥])(?=[¥\d])|(?<=[A-Za-z.;)] )"
)
"""Where a numeric cell may wrap: before its bracket, after a range's dash or a separator,
between a label and its amount (「標準|53,900円」), after an English word's space."""


def _whole(cell: str) -> str:
    """A numeric cell, escaped, each part between the places it may wrap kept on one line.

    An amount or a count (「70,400円」, 「5回」, "5 sessions") is never broken inside;
    a long cell wraps before its bracket (「（税込・税抜…）」) or after a range's 〜.

    Example:
        >>> _whole("70,400円〜（税込）")
        '<span>70,400円〜</span><span>（税込）</span>'
    """
    return "".join(f"<span>{xml_text(part)}</span>" for part in _PARTS.split(cell) if part)


_LONG_RUN: Final = 20
"""The longest run of letters kept whole in a table's text; a longer one (catalog text such
as a URL) may break every so many, so no column is wider than that and pages fit A4."""

_RUN: Final = re.compile(rf"[^\s\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]{{{_LONG_RUN + 1},}}")
"""A run of characters without a space or a Japanese character, where a line may not break."""


def _words(cell: str) -> str:
    """A text cell, escaped, with a break point (``<wbr>``) in each overlong run of letters.

    A word is never broken (the stylesheet's ``overflow-wrap: break-word`` keeps a column
    at least as wide as its longest one); only a run longer than any word may break.

    Example:
        >>> _words("Set of 5 <b>")
        'Set of 5 &lt;b&gt;'
        >>> _words("x" * 25)
        'xxxxxxxxxxxxxxxxxxxx<wbr>xxxxx'
    """
    out, start = [], 0
    for found in _RUN.finditer(cell):
        out.append(xml_text(cell[start : found.start()]))
        run = found.group()
        out.append(
            "<wbr>".join(xml_text(run[i : i + _LONG_RUN]) for i in range(0, len(run), _LONG_RUN))
        )
        start = found.end()
    out.append(xml_text(cell[start:]))
    return "".join(out)


def _align(align: str) -> str:
    return ' class="num"' if align == "right" else ""
