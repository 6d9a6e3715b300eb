"""The comparison chart: cumulative cost against sessions, one line per way of buying.

The SVG is deterministic: the same comparison gives the same bytes, with no
generated ids, no timestamps and every coordinate computed exactly and written
with one decimal. Text (catalog names included) is escaped, so it is shown,
never read as markup; characters XML forbids are dropped. The font list puts
Japanese fonts first so the labels render wherever such a font is installed.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.quotes import QuoteRequest
>>> from supecost.report.words import Words
>>> from supecost.report.model import comparison
>>> table = comparison(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)))
>>> picture = chart(table, Words("ja_JP"))
>>> picture.startswith("<svg") and picture == chart(table, Words("ja_JP"))
True
"""

from __future__ import annotations

from fractions import Fraction
from typing import Final
from unicodedata import east_asian_width

from supecost.l10n import format_man
from supecost.money import Rounding, round_fraction
from supecost.report.escape import xml_text
from supecost.report.model import Comparison
from supecost.report.words import Words

__all__ = ["FONT_FAMILY", "chart", "xml_text"]

FONT_FAMILY: Final = (
    "'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', 'Meiryo', sans-serif"
)
"""Japanese fonts first, so Japanese labels are drawn rather than shown as boxes."""

_COLOURS: Final = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#17becf",
    "#8c564b",
    "#e377c2",
)
_DASHES: Final = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 4", "3 1")
_WIDTH: Final = 720
_LEFT: Final = 84
_RIGHT: Final = 24
_TOP: Final = 28
_PLOT_HEIGHT: Final = 300
_AXIS_ROOM: Final = 46
_LEGEND_ROW: Final = 20
_NAME_LIMIT: Final = 48
_LABEL_STEP: Final = 16


def _num(value: Fraction | int) -> str:
    """A coordinate with one decimal, computed exactly: ``12.5``, ``300.0``."""
    tenths = round_fraction(Fraction(value) * 10, Rounding.HALF_EVEN)
    sign = "-" if tenths < 0 else ""
    whole, part = divmod(abs(tenths), 10)
    return f"{sign}{whole}.{part}"


def _step(top: int) -> int:
    """A round tick step (1, 2 or 5 times a power of ten) giving at most five ticks."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if step * factor * 5 >= top:
                return step * factor
        step *= 10


def _text_width(text: str) -> int:
    """About how wide a label is drawn at 12px: a full-width character 12, another 7."""
    return sum(12 if east_asian_width(char) in "WF" else 7 for char in text)


def _short(name: str) -> str:
    return name if len(name) <= _NAME_LIMIT else name[: _NAME_LIMIT - 1] + "…"


def chart(report: Comparison, words: Words) -> str:
    """Draw the cumulative cost of each way of buying against the number of sessions.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.quotes import QuoteRequest
        >>> from supecost.report.model import comparison
        >>> table = comparison(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)),
        ...                    max_sessions=4)
        >>> picture = chart(table, Words("en_US"))
        >>> picture.startswith("<svg"), "Single sessions" in picture
        (True, True)

    Args:
        report: The comparison.
        words: The locale's words.

    Returns:
        The SVG document as text.
    """
    count = report.max_sessions
    names = [_short(words.text(way.name)) for way in report.ways]
    legend_rows = len(names) + 1
    height = _TOP + _PLOT_HEIGHT + _AXIS_ROOM + legend_rows * _LEGEND_ROW + 12
    plot_width = _WIDTH - _LEFT - _RIGHT
    bottom = _TOP + _PLOT_HEIGHT

    values = [
        v
        for row in report.rows
        for total in row.totals
        if total is not None
        for v in (total.typical_point, total.max)
        if v is not None
    ]
    highest = max([1, *values])
    step = _step(highest)
    top = -(-highest // step) * step

    def x(sessions: int) -> Fraction:
        if count == 1:
            return Fraction(_LEFT) + Fraction(plot_width, 2)
        return _LEFT + Fraction(plot_width * (sessions - 1), count - 1)

    def y(amount: int) -> Fraction:
        clipped = max(0, min(amount, top))
        return bottom - Fraction(_PLOT_HEIGHT * clipped, top)

    title = xml_text(words("chart_title"))
    out = [
        (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" '
            f'width="{_WIDTH}" height="{height}" role="img" aria-label="{title}" '
            f'font-family="{FONT_FAMILY}" font-size="12">'
        ),
        f"<title>{title}</title>",
        f'<rect x="0" y="0" width="{_WIDTH}" height="{height}" fill="#ffffff"/>',
    ]
    # Grid and y-axis labels.
    for tick in range(0, top + 1, step):
        ty = _num(y(tick))
        out.append(
            f'<line x1="{_LEFT}" y1="{ty}" x2="{_WIDTH - _RIGHT}" y2="{ty}" '
            'stroke="#dddddd" stroke-width="1"/>'
        )
        label = xml_text(format_man(tick, words.locale))
        out.append(
            f'<text x="{_LEFT - 6}" y="{ty}" text-anchor="end" '
            f'dominant-baseline="middle">{label}</text>'
        )
    # x-axis ticks.
    for sessions in range(1, count + 1):
        tx = _num(x(sessions))
        out.append(f'<line x1="{tx}" y1="{bottom}" x2="{tx}" y2="{bottom + 5}" stroke="#333333"/>')
        out.append(f'<text x="{tx}" y="{bottom + 18}" text-anchor="middle">{sessions}</text>')
    out.append(
        f'<line x1="{_LEFT}" y1="{bottom}" x2="{_WIDTH - _RIGHT}" y2="{bottom}" stroke="#333333"/>'
    )
    out.append(f'<line x1="{_LEFT}" y1="{_TOP}" x2="{_LEFT}" y2="{bottom}" stroke="#333333"/>')
    axis_x = xml_text(words("session_axis"))
    axis_y = xml_text(words("cumulative_cost"))
    out.append(
        f'<text x="{_num(_LEFT + Fraction(plot_width, 2))}" y="{bottom + 36}" '
        f'text-anchor="middle">{axis_x}</text>'
    )
    out.append(f'<text x="{_LEFT}" y="{_TOP - 8}" text-anchor="middle">{axis_y}</text>')
    # Bands (low to high end) under the lines, then the lines.
    for index, _ in enumerate(report.ways):
        colour = _COLOURS[index % len(_COLOURS)]
        ranges = [
            (row.sessions, spread)
            for row in report.rows
            if (spread := row.totals[index]) is not None
        ]
        band = [(s, t) for s, t in ranges if t.max is not None and t.max != t.min]
        if len(band) == len(ranges) and band:
            upper = " ".join(f"{_num(x(s))},{_num(y(t.max or 0))}" for s, t in band)
            lower = " ".join(f"{_num(x(s))},{_num(y(t.min))}" for s, t in reversed(band))
            out.append(
                f'<polygon points="{upper} {lower}" fill="{colour}" fill-opacity="0.12" '
                'stroke="none"/>'
            )
    for index, _ in enumerate(report.ways):
        colour = _COLOURS[index % len(_COLOURS)]
        dash = _DASHES[index % len(_DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        points = [
            (row.sessions, amount.typical_point)
            for row in report.rows
            if (amount := row.totals[index]) is not None
        ]
        path = " ".join(f"{_num(x(s))},{_num(y(v))}" for s, v in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dashed}/>'
        )
        for s, v in points:
            out.append(f'<circle cx="{_num(x(s))}" cy="{_num(y(v))}" r="2.5" fill="{colour}"/>')
    # Break-even markers: each ringed and labelled in its way's colour, on its way's line;
    # a label that would cover one placed before moves up (a leader line to its ring), so
    # two ways that break even at one count stay legible and each tied to its line.
    labels = [way.label for way in report.ways]
    placed: list[tuple[Fraction, Fraction, Fraction, Fraction]] = []
    texts: list[str] = []  # drawn over every ring and leader line, on a white ground
    for point in report.break_even:
        if point.sessions is None or point.sessions > count:
            continue
        # A break-even count is one where the way has a total, so both are found.
        index = labels.index(point.label)
        reached = report.rows[point.sessions - 1].totals[index]
        assert reached is not None
        colour = _COLOURS[index % len(_COLOURS)]
        mx, my = x(point.sessions), y(reached.typical_point)
        words_of = words("break_even_marker", count=point.sessions)
        half = Fraction(_text_width(words_of), 2) + 2
        top_y = my - 11
        while any(
            mx - half < right and left < mx + half and top_y - 12 < low and high < top_y + 3
            for left, right, high, low in placed
        ):
            top_y -= _LABEL_STEP
        placed.append((mx - half, mx + half, top_y - 12, top_y + 3))
        cx, cy = _num(mx), _num(my)
        out.append(
            f'<circle cx="{cx}" cy="{cy}" r="6" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        if top_y < my - 11:
            out.append(
                f'<line x1="{cx}" y1="{_num(top_y + 3)}" x2="{cx}" y2="{_num(my - 6)}" '
                f'stroke="{colour}" stroke-width="1"/>'
            )
        texts.append(
            f'<rect x="{_num(mx - half)}" y="{_num(top_y - 12)}" width="{_num(2 * half)}" '
            f'height="15" fill="#ffffff" fill-opacity="0.9"/>'
        )
        texts.append(
            f'<text x="{cx}" y="{_num(top_y)}" text-anchor="middle" font-weight="bold" '
            f'fill="{colour}">{xml_text(words_of)}</text>'
        )
    out += texts
    # Legend.
    legend_top = bottom + _AXIS_ROOM
    for index, name in enumerate(names):
        colour = _COLOURS[index % len(_COLOURS)]
        dash = _DASHES[index % len(_DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        ly = legend_top + index * _LEGEND_ROW
        out.append(
            f'<line x1="{_LEFT}" y1="{ly}" x2="{_LEFT + 28}" y2="{ly}" stroke="{colour}" '
            f'stroke-width="3"{dashed}/>'
        )
        out.append(
            f'<text x="{_LEFT + 36}" y="{ly}" dominant-baseline="middle">{xml_text(name)}</text>'
        )
    note_y = legend_top + len(names) * _LEGEND_ROW
    out.append(
        f'<text x="{_LEFT}" y="{note_y}" dominant-baseline="middle" font-size="11" '
        f'fill="#555555">{xml_text(words("chart_legend_note"))}</text>'
    )
    out.append("</svg>")
    return "\n".join(out) + "\n"
