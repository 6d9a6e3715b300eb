"""Quotes, catalogs and contracts as documents, rendered for a terminal or as Markdown.

This module lays out; it never prices and never escapes. A quote, a catalog or
a contract report becomes a :class:`~supecost.report.blocks.Document` in one
locale, with every word from the one message table of
:mod:`supecost.report.messages`; the report renderers turn it into terminal
text (:func:`~supecost.report.text.render_text`) or Markdown
(:func:`~supecost.report.markdown.render_markdown`), each escaping catalog
text by its own format's rule. For a spreadsheet, a quote and a contract are
laid out as rows of data (:func:`quote_csv`, :func:`contract_csv`), which the
report's CSV writer (:func:`~supecost.report.csvout.write_rows`) writes.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.engine import quote
>>> from supecost.quotes import QuoteRequest
>>> result = quote(reference_catalog(), QuoteRequest(sessions=3, on=date(2026, 4, 1)))
>>> print(quote_table(result, reference_catalog(), locale="en_US").splitlines()[0])
Stem-cell culture supernatant IV drip × 3 sessions · new patient · Apr 1, 2026 · prices include tax
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Final, NamedTuple

from supecost.catalog import (
    Bundle,
    Catalog,
    Intro,
    IntroFor,
    Ladder,
    Package,
    SharedSet,
    Subscription,
)
from supecost.engine.resolve import matches
from supecost.l10n import format_range
from supecost.money import Rounding, Scenario, YenRange, round_fraction
from supecost.quotes import (
    LineKind,
    Option,
    Quote,
    TypicalPoint,
    Unserved,
    UnservedReason,
    Way,
    as_segments,
)
from supecost.report.blocks import (
    Block,
    Document,
    Facts,
    Heading,
    Localized,
    Paragraph,
    Table,
    UnitName,
)
from supecost.report.escape import Cell, terminal_text
from supecost.report.figures import saving_beyond
from supecost.report.lines import (
    kind_key,
    line_entry,
    line_kind,
    line_name,
    plan_discount_note,
)
from supecost.report.names import display_names, dose_label, segment_names
from supecost.report.rendering import render_document
from supecost.report.text import render_text
from supecost.report.ways import cheaper_elsewhere, cheapest, cheapest_at, way_name
from supecost.report.words import (
    Words,
    break_even_assumes,
    cheaper_line,
    cheapest_cell,
    cheapest_points,
    cheapest_uncertain,
    course_length_note,
    each_price,
    first_month_text,
    goods_kind_text,
    has_first_month,
    intro_audience,
    ladder_places,
    line_marks,
    package_contents,
    per_session_label,
    point_name,
    quantity_text,
    segment_header,
    segments_text,
    segments_who,
    unit_of,
    unit_ticket_text,
    unit_word,
    units_left,
    unused_label,
    window_text,
)
from supecost.tax import TaxCategory, today_in_japan

if TYPE_CHECKING:  # a quote on the terminal does not load the contract models
    from datetime import date

    from supecost.contracts import (
        ContractReport,
        ContractUnits,
        InstalmentReport,
        Reason,
        ScheduleNote,
        SettlementLine,
        SettlementNote,
    )
    from supecost.lint import LintFinding, LintRule, LintValue

__all__ = [
    "catalog_counts",
    "catalog_table",
    "contract_csv",
    "contract_document",
    "contract_table",
    "findings_to_json",
    "format_findings",
    "instalment_table",
    "lint_text",
    "option_name",
    "quote_csv",
    "quote_csv_header",
    "quote_document",
    "quote_markdown",
    "quote_table",
    "reason_text",
    "rule_explanation",
    "schedule_note_text",
    "settlement_note_text",
    "settlement_text",
]


def _name(catalog: Catalog, item: str, words: Words) -> str:
    return words.text(Localized(*display_names(catalog, item)))


def option_name(option: Option | Way, catalog: Catalog, locale: str = "ja_JP") -> str:
    """A reader's name for a way of buying; an offer for the first patients only says so.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> option_name(Way.bundle("sup-iv-set"), reference_catalog(), "en_US")
        'Culture supernatant IV drip, set of 5'

    Args:
        option: An option or its way of buying.
        catalog: The catalog that names the offers.
        locale: The locale.

    Returns:
        The name.
    """
    way = option if isinstance(option, Way) else option.way
    return _way_text(catalog, way, Words(locale, segment_names(catalog)))


def _way_text(catalog: Catalog, way: Way, words: Words) -> str:
    return words.text(way_name(catalog, way))


def _unserved(unserved: Unserved, result: Quote, catalog: Catalog, words: Words) -> str:
    """Why a way of buying cannot serve the request, in the reader's language."""
    if unserved.reason is UnservedReason.SALES_WINDOW:
        return words("unserved_sales_window", months=result.request.months or 0)
    # Otherwise a plan without extras that allowed too few sessions a month: no longer
    # given, but a quote stored before says it.
    assert unserved.reason is UnservedReason.ALLOWANCE
    assert unserved.way.offer is not None
    offer = catalog.offer(unserved.way.offer)
    assert isinstance(offer, Subscription)
    return words(
        "unserved_allowance",
        per_month=offer.sessions_per_month,
        sessions=result.sessions,
        months=result.request.months or 0,
    )


def _option_cell(option: Option, main: str, catalog: Catalog, words: Words) -> str:
    """A way of buying's name, with the sessions it buys but leaves unused."""
    return unused_label(
        words,
        _way_text(catalog, option.way, words),
        option.sessions_unused,
        _others(option, main, catalog, words),
        units_unused=units_left(catalog, option.unused, main),
        unit=unit_of(catalog, main),
    )


def _others_unused(option: Option, main: str, catalog: Catalog, words: Words) -> str:
    """Other treatments' sessions a way of buying leaves unused, after its name."""
    return unused_label(
        words,
        "",
        0,
        _others(option, main, catalog, words),
        units_unused=units_left(catalog, option.unused, main),
        unit=unit_of(catalog, main),
    )


def _others(option: Option, main: str, catalog: Catalog, words: Words) -> list[tuple[str, int]]:
    # The main treatment's are counted in sessions_unused (its unit tickets' units in
    # _units_left); a package, or an added treatment's set, can leave another's unused.
    return [
        (_name(catalog, unused.treatment, words), unused.sessions)
        for unused in option.unused
        if unused.treatment != main
    ]


def _unit_discounts(result: Quote, option: Option, catalog: Catalog, words: Words) -> str:
    """The per-unit discounts an option's unit prices include, as the estimate names them."""
    if not option.unit_discounts:
        return ""
    from supecost.report.document import unit_discounts_named
    from supecost.report.model import discount_entries

    found = discount_entries(catalog, option.unit_discounts, on=result.on)
    return unit_discounts_named(words, found, prices_include_tax=result.prices_include_tax)


def _units(catalog: Catalog, ref: str, units: int, words: Words) -> str:
    """Units per visit after a treatment's name (「（3本）」), where there are more than one."""
    if units == 1:
        return ""
    return words("quote_units", units=units, unit=unit_word(words, unit_of(catalog, ref), units))


def _heading(result: Quote, catalog: Catalog, words: Words) -> str:
    counts = result.request.session_counts
    sessions = (
        words("sessions_count", count=counts[0])
        if len(counts) == 1
        else words("sessions_range", low=counts[0], high=counts[-1])
    )
    request = result.request
    main = _name(catalog, result.treatment, words) + _units(
        catalog, result.treatment, request.units, words
    )
    parts = [f"{main} × {sessions}"]
    if request.months:
        parts.append(words("months_count", count=request.months))
    if request.with_:
        added = [
            _name(catalog, t, words)
            + _units(catalog, t, units, words)
            + ("" if own is None else f" × {words('sessions_count', count=own)}")
            for (t, units), own in zip(request.with_units, request.with_sessions, strict=True)
        ]
        parts.append(words.join_names(added))
    # A segment only discounts are for (学割) is no price: 「学生の方の割引」, never 「学生価格」.
    segments = as_segments(request.segment)
    discounted = catalog.discount_segments(segments)
    if len(discounted) < len(segments):
        parts.append(segments_text(words, segments, discounted))
    if discounted:
        parts.append(words("segment_discounts_for", who=segments_who(words, discounted)))
    if result.request.history:
        had = ", ".join(
            f"{_name(catalog, t, words)} {words('sessions_count', count=n)}"
            for t, n in sorted(result.request.history.items())
        )
        parts.append(words("quote_history", had=had))
    parts.append(words("quote_new" if result.request.new_patient else "quote_returning"))
    # A course starting after the quote's day is priced from that day: said as a start.
    later = result.request.first_visit not in (None, result.request.on)
    day = words.date(result.on)
    parts.append(words("quote_from", date=day) if later else day)
    parts.append(words("quote_tax_included" if result.prices_include_tax else "quote_tax_excluded"))
    return words("quote_separator").join(parts)


def _summary(result: Quote, catalog: Catalog, words: Words) -> list[str]:
    """What the quote means, each claim with the price points where it holds."""
    explanation = result.explanation
    found = cheapest(result, catalog)
    best = result.best
    name = _way_text(catalog, best.way, words)
    amount = words.money(best.total, explanation.typical_point)
    # A range of counts is priced for its top: the headline says for how many, so the cheapest
    # at each count, listed below it, does not read as contradicting it.
    ranged = len(result.request.session_counts) > 1
    sessions = words("sessions_count", count=result.sessions)
    suffix = "_count" if ranged else ""
    points = cheapest_points(words, found, best.label)
    if found.everywhere(best.label):
        sentences = [words("quote_best" + suffix, name=name, amount=amount, sessions=sessions)]
    elif points:
        # The ranking changes across the price range: say where this one is cheapest.
        sentences = [
            words(
                "quote_best_at" + suffix,
                points=points,
                name=name,
                amount=amount,
                sessions=sessions,
            )
        ]
    else:
        # Ranked first on a tie with the way each point names: no claim to be cheapest.
        sentences = [
            words("quote_ranked_first" + suffix, name=name, amount=amount, sessions=sessions)
        ]
    # The total above is the best way's: where another way costs less at another point, say
    # what the cheapest costs there, so its high end is not read as the cheapest's.
    elsewhere = cheaper_elsewhere(result, catalog)
    sentences += [cheaper_line(words, cheaper, found.typical_point) for cheaper in elsewhere]
    if explanation.typical_point is TypicalPoint.GAPS:
        # The ends are no price range of the menu's: said once, before they are compared.
        sentences.append(words("range_notice_gaps"))
    if best.way != Way.singles():
        sentences.append(
            words(
                "quote_saving_singles",
                saving=words.saving(
                    explanation.saving_vs_singles,
                    explanation.typical_point,
                    saving_beyond(result, Way.singles()),
                ),
            )
        )
    # Where the runner-up is paying per session, the sentence above already compares with it.
    against_singles = best.way != Way.singles() and explanation.runner_up == Way.singles()
    if explanation.runner_up and explanation.saving_vs_runner_up and not against_singles:
        sentences.append(
            words(
                "quote_saving_runner_up",
                name=_way_text(catalog, explanation.runner_up, words),
                saving=words.saving(
                    explanation.saving_vs_runner_up,
                    explanation.typical_point,
                    saving_beyond(result, explanation.runner_up),
                ),
            )
        )
    if explanation.certain:
        # Without a price range every way has one total: there is no range to be sure across.
        if any(not option.total.is_exact for option in result.options):
            sentences.append(words("quote_certain"))
    elif (uncertain := cheapest_uncertain(words, found, elsewhere)) is not None:
        # A point a cheaper line words above is not said again here.
        sentences.append(uncertain)
    # A break-even is a new course's, at the catalog's prices from the first place: it says
    # nothing of a course that goes on from sessions already had, so none is shown there.
    if explanation.break_even and not result.request.history:
        separator = words("break_even_join")
        points_text = separator.join(
            f"{_name(catalog, b.offer, words)}: "
            + (
                words("quote_break_even_from", count=b.sessions)
                if b.sessions
                else words("quote_break_even_never", count=b.checked_up_to)
            )
            for b in explanation.break_even
        )
        lead = words(
            "quote_break_even",
            point=point_name(words, Scenario.TYPICAL, explanation.typical_point),
        )
        sentences.append(f"{lead}: {points_text}")
        sentences.append(
            break_even_assumes(
                words,
                _name(catalog, result.treatment, words),
                result.request.months,
                first_month=any(
                    has_first_month(catalog.offer(b.offer)) for b in explanation.break_even
                ),
            )
        )
    return sentences


def _lines(result: Quote, catalog: Catalog, words: Words) -> list[Block]:
    """The best option's lines, counted and marked as an estimate's; the mark's legend below."""
    option = result.best
    # Marked only where the reduced rate is in force on the quote's date (line_entry).
    entries = [line_entry(catalog, line, result.on) for line in option.lines]
    rows = [
        (
            # Named and marked as the estimate names a line (the legend is below); the kind
            # has its own column.
            line_name(words, entry, kind_shown=True)
            + (words("reduced_mark") if entry.reduced else ""),
            line_kind(words, entry),
            quantity_text(words, entry.quantity, entry.unit),
            words.money(entry.unit_price),
            words.money(entry.amount),
        )
        for entry in entries
    ]
    for tax in option.tax:
        if tax.rate == 0:
            continue
        # Tax-included prices already contain the tax: show it as "of which", not as an addition.
        key = "quote_tax_inner" if result.prices_include_tax else "quote_tax_line"
        tax_amount = words.money_by_point(tax.tax, tax.tax_points, result.explanation.typical_point)
        rows.append((words(key, rate=tax.rate), "", "", "", tax_amount))
    table = Table(
        (
            words("item"),
            words("quote_kind"),
            words("quantity"),
            words("unit_price"),
            words("amount"),
        ),
        tuple(rows),
        ("left", "left", "right", "right", "right"),
    )
    if any(entry.reduced for entry in entries):
        return [table, Paragraph(words("reduced_legend"))]
    return [table]


def quote_document(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> Document:
    """A quote laid out in one locale: the options, what they mean, the best one's lines.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> result = quote(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)))
        >>> quote_document(result, reference_catalog()).blocks[0].headers[1]
        '買い方'

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The document that :func:`quote_table` and :func:`quote_markdown` render.
    """
    words = Words(locale, segment_names(catalog))
    # Totals carry their value at the typical point the options are ranked at, named so.
    typical = result.explanation.typical_point
    options = Table(
        (
            words("quote_rank"),
            words("way"),
            words("grand_total"),
            # One column for every way: it leaves goods out where any way's bill pays for
            # some (a set's gift is a line at 0 yen in its way only).
            per_session_label(
                words, (line.kind for option in result.options for line in option.lines)
            ),
        ),
        tuple(
            (
                str(rank),
                _option_cell(option, result.treatment, catalog, words),
                words.money(option.total, typical),
                words.money(option.per_session, typical),
            )
            for rank, option in enumerate(result.options, start=1)
        ),
        ("right", "left", "right", "right"),
    )
    blocks: list[Block] = [options]
    blocks += [Paragraph(sentence) for sentence in _summary(result, catalog, words)]
    best = _way_text(catalog, result.best.way, words)
    blocks += [Heading(3, words("quote_lines", name=best)), *_lines(result, catalog, words)]
    named = _unit_discounts(result, result.best, catalog, words)
    if named:
        blocks.append(Paragraph(words("unit_discounts_included", names=named)))
    length = course_length_note(
        words,
        yearly_once=result.best.yearly_once,
        plan_months=result.best.plan_months,
        yearly=any(line_marks(catalog, line).yearly for line in result.best.lines),
    )
    if length:
        blocks.append(Paragraph(length))
    if result.best.dearest_units:
        # Beside the schedule, whose months would otherwise read as each month's prices.
        blocks.append(Paragraph(words("dearest_units")))
    if result.best.payments:
        blocks.append(Heading(3, words("payments")))
        blocks.append(
            Facts(
                tuple(
                    (
                        words.payment_month(p.month),
                        words.money_by_point(p.amount, p.points, typical),
                    )
                    for p in result.best.payments
                )
            )
        )
    elif result.request.months is not None:
        # Months given, yet no schedule: the engine gives none for prices before tax.
        blocks.append(Paragraph(words("payments_before_tax")))
    # A plan is paid month by month: a whole-bill discount on its bill says which payment.
    first = result.best.payments[0].amount if result.best.payments else None
    entries = [line_entry(catalog, line, result.on) for line in result.best.lines]
    plan_discount = plan_discount_note(words, entries, first)
    if plan_discount is not None:
        blocks.append(Paragraph(plan_discount))
    if result.across_sessions:
        blocks.append(Heading(3, words("quote_across")))
        blocks.append(
            Facts(
                tuple(
                    (
                        words("sessions_count", count=p.sessions),
                        f"{cheapest_cell(words, cheapest_at(p, catalog))} "
                        + words.money(p.total, p.typical_point),
                    )
                    for p in result.across_sessions
                )
            )
        )
    if result.unserved:
        blocks.append(Heading(3, words("quote_unserved")))
        blocks.append(
            Facts(
                tuple(
                    (_way_text(catalog, u.way, words), _unserved(u, result, catalog, words))
                    for u in result.unserved
                )
            )
        )
    return Document(_heading(result, catalog, words), "", words.locale[:2], tuple(blocks))


def quote_table(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A quote as aligned plain text for a terminal (East Asian widths respected).

    Example:
        >>> import datetime, supecost
        >>> catalog = supecost.reference_catalog()
        >>> day = datetime.date(2026, 4, 1)
        >>> result = supecost.quote(catalog, supecost.QuoteRequest(sessions=1, on=day))
        >>> "都度払い" in quote_table(result, catalog)
        True

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text; catalog text has its control characters replaced.
    """
    return render_text(quote_document(result, catalog, locale=locale))


def quote_markdown(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A quote as Markdown, escaped as the report Markdown is.

    Example:
        >>> import datetime, supecost
        >>> catalog = supecost.reference_catalog()
        >>> request = supecost.QuoteRequest(sessions=1, on=datetime.date(2026, 4, 1))
        >>> text = quote_markdown(supecost.quote(catalog, request), catalog, locale="en_US")
        >>> print(text.splitlines()[0])
        # Stem-cell culture supernatant IV drip × 1 session · new patient · Apr 1, 2026 · ...

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The Markdown text.
    """
    return render_document(quote_document(result, catalog, locale=locale), "md")


def _quote_header(words: Words, numbered: bool, catalog: Catalog | None) -> list[Cell]:
    from supecost.report.csvout import range_header

    # One header for every quote of the catalog (a batch writes it once): where the catalog
    # sells goods, any of them may have some, which the price per session leaves out.
    sold = (LineKind.GOODS,) if catalog is not None and catalog.goods else ()
    return [
        *((words("csv_request_line"),) if numbered else ()),
        words("treatment"),
        words("sessions"),
        words("quote_rank"),
        words("record_id"),
        words("way"),
        words("sessions_bought"),
        words("csv_sessions_unused"),
        *range_header(words, words("subtotal")),
        *range_header(words, template="grand_total_range"),
        *range_header(words, per_session_label(words, sold)),
        words("unit_discounts"),
    ]


def quote_csv_header(
    *,
    locale: str = "ja_JP",
    bom: bool = False,
    numbered: bool = False,
    catalog: Catalog | None = None,
) -> str:
    """The header row of :func:`quote_csv` alone, for a stream of quotes that writes it once.

    Example:
        >>> quote_csv_header(locale="en_US", numbered=True).split(",")[:4]
        ['Line', 'Treatment', 'Sessions', '#']
        >>> from supecost.catalog import parse_catalog
        >>> shop = parse_catalog('''schema_version = 2
        ... [clinic]
        ... name = "C"
        ... [[treatments]]
        ... id = "iv"
        ... name = "IV"
        ... price = 11000
        ... [[goods]]
        ... id = "caps"
        ... name = "Caps"
        ... price = 3240
        ... ''', format="toml")
        >>> quote_csv_header(catalog=shop).split(",")[13]
        '1回あたり（物販を除く）（下限）'

    Args:
        locale: ``ja_JP`` or ``en_US``.
        bom: Whether to start with a byte-order mark (for Excel).
        numbered: Whether the rows start with the number of the request's line (a batch).
        catalog: The catalog of the quotes: where it sells goods, the price per session's
            columns say they leave goods out (「1回あたり（物販を除く）」), as :func:`quote_csv`
            of its quotes does. ``None``: a catalog without goods.

    Returns:
        The CSV text of the one row.
    """
    from supecost.report.csvout import write_rows

    return write_rows([_quote_header(Words(locale), numbered, catalog)], bom)


def quote_csv(
    result: Quote,
    catalog: Catalog,
    *,
    locale: str = "ja_JP",
    bom: bool = False,
    line: int | None = None,
    header: bool = True,
) -> str:
    """A quote as CSV for a spreadsheet: one row per way of buying, amounts in whole yen.

    Each row gives the treatment, the sessions asked for, the way's rank, its
    label (as in JSON) and name, the sessions it buys and leaves unused, and its
    subtotal, total and price per session as three columns each (low end,
    typical, high end), a point the range does not have left empty, and last the
    per-unit discounts its unit prices include, each with what it takes off (empty
    where none). Headers are in the locale's words; no cell runs as a formula in a
    spreadsheet.

    Example:
        >>> import csv, datetime, supecost
        >>> catalog = supecost.reference_catalog()
        >>> request = supecost.QuoteRequest(sessions=5, on=datetime.date(2026, 4, 1))
        >>> text = quote_csv(supecost.quote(catalog, request), catalog, locale="en_US")
        >>> rows = list(csv.reader(text.splitlines()))
        >>> rows[1][2:7], rows[1][10:13]
        (['1', 'singles', 'Single sessions', '5', '0'], ['53300', '', '453300'])

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.
        bom: Whether to start with a byte-order mark (for Excel).
        line: The number of the request's line in a batch, given in a first column.
        header: Whether to start with the header row; a batch writes it once, with
            :func:`quote_csv_header`.

    Returns:
        The CSV text, rows ending with CRLF.
    """
    from supecost.report.csvout import points, write_rows

    words = Words(locale, segment_names(catalog))
    treatment = _name(catalog, result.treatment, words) + _units(
        catalog, result.treatment, result.request.units, words
    )
    numbered: list[Cell] = [] if line is None else [line]
    rows: list[list[Cell]] = [_quote_header(words, line is not None, catalog)] if header else []
    for rank, option in enumerate(result.options, start=1):
        # The main treatment's unused sessions have a column; another's stay with the name.
        name = _way_text(catalog, option.way, words)
        rows.append(
            [
                *numbered,
                treatment,
                result.sessions,
                rank,
                option.label,
                name + _others_unused(option, result.treatment, catalog, words),
                option.sessions_bought,
                option.sessions_unused,
                *points(option.subtotal),
                *points(option.total),
                *points(option.per_session),
                _unit_discounts(result, option, catalog, words) or None,
            ]
        )
    return write_rows(rows, bom)


def catalog_counts(catalog: Catalog, path: str, *, locale: str = "ja_JP") -> str:
    """``catalog validate``'s line: the file checked, and how many of each record it holds.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> catalog_counts(reference_catalog(), "ref.toml")
        'ref.toml：問題ありません（治療2件、プラン2件、同日併用のセット1件、諸費用1件、割引0件、物販0件）'
        >>> catalog_counts(reference_catalog(), "ref.toml", locale="en_US")
        'ref.toml: ok (2 treatments, 2 offers, 1 combo, 1 fee, 0 discounts, 0 goods)'

    Args:
        catalog: The catalog read from ``path``.
        path: The path as the caller gave it (escaped for the terminal).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The line, without its newline.
    """
    words = Words(locale, segment_names(catalog))
    held = (
        ("validate_treatments", catalog.treatments),
        ("validate_offers", catalog.offers),
        ("validate_combos", catalog.combos),
        ("validate_fees", catalog.fees),
        ("validate_discounts", catalog.discounts),
        ("validate_goods", catalog.goods),
    )
    counts = words("list_join").join(words(key, count=len(records)) for key, records in held)
    # The path is the caller's; escaped like any text of unknown origin on a terminal.
    return terminal_text(words("validate_ok", path=path, counts=counts))


def catalog_table(catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A catalog's treatments, doses, offers, combos, fees and discounts as plain text.

    A last column gives what schema 2 adds where a record has it: member prices,
    a further unit's price and the most units a visit, an option's base treatments,
    a fee's treatments and when it is charged, an offer's sales window, and an offer's
    or discount's places for the first patients only (先着N名様).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> print(catalog_table(reference_catalog(), locale="en_US").splitlines()[0])
        Reference catalog (stem-cell culture supernatant)

    Args:
        catalog: The catalog.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    # The price list's model owns a further unit's price and a set's goods, and its document
    # their words; loaded here, as a quote needs none.
    from supecost.report.document import included_goods
    from supecost.report.model import further_unit, included_of

    words = Words(locale, segment_names(catalog))
    clinic = catalog.clinic
    title = words.text(Localized(clinic.name, clinic.name_en))
    rows: list[tuple[str, ...]] = []
    joiner = words("list_join")

    def name(ref: str) -> str:
        found = catalog.treatment(ref)
        return words.text(Localized(found.name, found.name_en))

    def members(prices: Mapping[str, YenRange]) -> list[str]:
        return [
            f"{segment_header(words, segment)} {words.money(price)}"
            for segment, price in prices.items()
        ]

    def by_ladder(ref: str) -> list[str]:
        # A ladder, not the price beside it, is what a session paid singly costs while on
        # sale (always, without a window); the price still counts for combos and extra units.
        found = []
        for offer in catalog.offers:
            if isinstance(offer, Ladder) and matches(offer.treatment, (ref,)):
                window = window_text(words, offer.valid_from, offer.valid_until, offer.first_n)
                ladder = _name(catalog, offer.id, words)
                found.append(
                    words("single_by_ladder_window", window=window, name=ladder)
                    if window
                    else words("single_by_ladder", name=ladder)
                )
        return found

    def add(record_id: str, kind: str, label: str, price: str, details: list[str]) -> None:
        rows.append((record_id, words(f"record_{kind}"), label, price, joiner.join(details)))

    def further(unit: UnitName | None, ref: str) -> list[str]:
        """A further unit's price, each segment's beside it, where a visit can have one."""
        # The price list's owner says what it costs: its own price, else the session's
        # `price` (a ladder's step never prices a further unit).
        found = further_unit(catalog.treatment(ref))
        if found is None:
            return []
        price, prices = found
        label = words("extra_unit_price", unit=unit_word(words, unit, 1))
        shown = words.money(price)
        if prices:
            shown = words.aside(shown, joiner.join(members(prices)))
        return [f"{label} {shown}"]

    for treatment in catalog.treatments:
        details = members(treatment.segment_prices)
        unit = unit_of(catalog, treatment.id)
        # A treatment sold by the dose has its further units on the dose rows, as its prices.
        if treatment.price is not None:
            details += further(unit, treatment.id)
        if treatment.max_units is not None:
            count = treatment.max_units
            details.append(words("max_units", count=count, unit=unit_word(words, unit, count)))
        if treatment.only_with:
            bases = joiner.join(name(ref) for ref in treatment.only_with)
            details.append(f"{words('option_with')}: {bases}")
        # A treatment priced by dose has its prices on the dose rows below it.
        price = "" if treatment.price is None else words.money(treatment.price)
        if treatment.price is not None:
            details += by_ladder(treatment.id)
        add(treatment.id, "treatment", _name(catalog, treatment.id, words), price, details)
        for dose in treatment.doses:
            ref = f"{treatment.id}:{dose.id}"
            extra = members(dose.segment_prices)
            extra += further(unit, ref)
            add(ref, "dose", name(ref), words.money(dose.price), extra + by_ladder(ref))
    for offer in catalog.offers:
        details = members(offer.segment_prices)
        if isinstance(offer, Ladder):
            # Each step with the places it prices, and its segment prices in the details.
            ends = [*(step.from_ - 1 for step in offer.steps[1:]), None]
            steps = []
            for step, end in zip(offer.steps, ends, strict=True):
                places = ladder_places(words, step.from_, end, step.within_days)
                steps.append(f"{places} {words.money(step.price)}")
                details += [f"{places} {price}" for price in members(step.segment_prices)]
            price = " / ".join(steps)
        else:
            amount = offer.monthly_fee if isinstance(offer, Subscription) else offer.price
            price = words.money(amount)
        if isinstance(offer, Subscription):
            # A plan's terms, as the price list's plan table names them.
            per_month = words("sessions_count", count=offer.sessions_per_month)
            if offer.carry_over:
                per_month = words("sessions_carried", sessions=per_month, carry=words("carry_over"))
            terms = [
                (words("sessions_per_month"), per_month),
                (words("min_months"), words("months_count", count=offer.min_months)),
            ]
            if offer.enrollment_fee != YenRange.exact(0):
                terms.append((words("enrollment_fee"), words.money(offer.enrollment_fee)))
            first = offer.first_month
            if first is not None:
                cheap = None if first.price.max == 0 else words.money(first.price)
                terms.append((words("first_month"), first_month_text(words, cheap, first)))
            if offer.extra_session_price is not None:
                terms.append((words("extra_session_price"), words.money(offer.extra_session_price)))
            if offer.early_termination_fee is not None:
                leaving = words.money(offer.early_termination_fee)
                terms.append((words("early_termination_fee"), leaving))
            details += [f"{label}: {value}" for label, value in terms]
        if isinstance(offer, SharedSet):
            # The treatments its sessions are used on, in the price list's words.
            used = [
                (Localized(*display_names(catalog, r)), offer.sessions) for r in offer.treatments
            ]
            shared = package_contents(words, used, offer.sessions)
            details.append(f"{words('package_contents')}: {shared}")
        if isinstance(offer, Package):
            # What the package holds and its first-time price, in the price list's words.
            contents = [
                (Localized(*display_names(catalog, i.treatment)), i.sessions)
                for i in offer.contents
            ]
            details.append(f"{words('package_contents')}: {package_contents(words, contents)}")
            if offer.intro_price is not None:
                intro = words.money(offer.intro_price)
                details.append(f"{words('package_intro_price')}: {intro}")
        # A first-time price says whom it is for: 初回 alone may mean new to the clinic or
        # new to the treatment (DOMAIN §10), so the default, new patients, is said too, and
        # so is one sold whole.
        if isinstance(offer, Intro):
            first_time = offer.for_ is IntroFor.FIRST_TIME
            details.append(
                intro_audience(words, offer.sessions, first_time=first_time, whole=offer.sold_whole)
            )
        each = offer.per_patient if isinstance(offer, Bundle | Package | SharedSet) else None
        window = window_text(words, offer.valid_from, offer.valid_until, offer.first_n, each)
        if window:
            details.append(window)
        if isinstance(offer, Bundle) and offer.counts_units:
            from supecost.report.figures import per_session

            per_unit = each_price(words, per_session(offer.price, offer.sessions))
            unit = unit_of(catalog, offer.treatment)
            details.append(unit_ticket_text(words, offer.sessions, unit, per_unit))
        if isinstance(offer, Bundle) and offer.top_ups:
            treatment = catalog.treatment(offer.treatment)
            tops = (
                words(
                    "bundle_top_up",
                    dose=words.text(dose_label(treatment, d)),
                    price=words.money(offer.top_ups[d.id]),
                )
                for d in treatment.doses
                if d.id in offer.top_ups
            )
            details.append(words("list_join").join(tops))
        if isinstance(offer, Bundle) and offer.includes:
            # What the set includes, as the price list's note says it (its one wording).
            gift = included_goods(words, included_of(catalog, offer))
            details.append(f"{words('bundle_includes_label')}: {gift}")
        if (
            isinstance(offer, Bundle | Package | SharedSet | Intro)
            and offer.valid_months is not None
        ):
            valid = words("months_count", count=offer.valid_months)
            details.append(f"{words('valid_months')}: {valid}")
        # A unit ticket is a kind of its own (本数券), as the estimate and price list call it.
        kind = kind_key(offer.kind, isinstance(offer, Bundle) and offer.counts_units)
        add(offer.id, kind, _name(catalog, offer.id, words), price, details)
    for combo in catalog.combos:
        if combo.discount is not None:
            # A discount is a saving, never a bare price that reads like a charge.
            figure = words("combo_discount_short", amount=words.money(combo.discount))
        else:
            assert combo.price is not None
            figure = words.money(combo.price)
        details = members(combo.segment_prices)
        if combo.single_sessions_only:
            details.append(words("combo_single_sessions_only"))
        add(combo.id, "combo", _name(catalog, combo.id, words), figure, details)
    # The price list's module words a fee's rule and group; loaded here, as a quote needs
    # none of it.
    from supecost.report.document import (
        fee_charged,
        fee_group_text,
        fee_optional_text,
        fee_price,
    )

    groups = {group.id: Localized(group.name, group.name_en) for group in catalog.fee_groups}
    for fee in catalog.fees:
        details = members(fee.segment_prices)
        if fee.applies_to:
            targets = joiner.join(name(ref) for ref in fee.applies_to)
            details.append(f"{words('applies_to')}: {targets}")
        if catalog.schema_version > 1:
            # When it is charged, to whom, and its waiver: schema-1 tables stay as they were.
            discounted = catalog.discount_segments()
            details.append(
                fee_charged(
                    words, fee, discounted, {o: _name(catalog, o, words) for o in fee.waived_with}
                )
            )
        # A named group is worded as on the price list, which says the fee is optional too.
        named = None if fee.group is None else groups.get(fee.group)
        said = fee_optional_text(words, fee) if named is None else None
        if said is not None:
            details.append(said)
        one_of = [
            Localized(*display_names(catalog, f.id))
            for f in catalog.fees
            if fee.group is not None and f.group == fee.group
        ]
        grouped = fee_group_text(words, named, one_of)
        if grouped is not None:
            details.append(grouped)
        price = fee_price(words, fee, words.money(fee.price))
        add(fee.id, "fee", _name(catalog, fee.id, words), price, details)
    # What a discount comes off and its conditions, in the price list's words (its one owner);
    # the date only dates tax-included figures, which a catalog's own figures here are not.
    from supecost.report.document import discount_terms
    from supecost.report.model import discount_entries

    entries = discount_entries(catalog, tuple(d.id for d in catalog.discounts), on=today_in_japan())
    for discount, entry in zip(catalog.discounts, entries, strict=True):
        off = (
            words("discount_percent", percent=discount.percent)
            if discount.percent is not None
            else words("discount_amount", amount=words.money(YenRange.exact(discount.amount or 0)))
        )
        applies, conditions = discount_terms(
            words, entry, excluded=not clinic.prices_include_tax, as_catalog=True
        )
        # Labelled, and the conditions joined apart from the targets, whose names are a list.
        details = [
            f"{words('applies_to')}: {applies}",
            f"{words('conditions')}: {words('aside_join').join(conditions)}",
        ]
        add(discount.id, "discount", _name(catalog, discount.id, words), off, details)
    for goods in catalog.goods:
        details = members(goods.segment_prices)
        if goods.unit is not None:
            counted = words.text(Localized(goods.unit, goods.unit_en))
            details.append(f"{words('goods_unit')}: {counted}")
        if goods.tax is TaxCategory.REDUCED:
            details.append(words("goods_reduced_rate"))
        add(goods.id, "goods", _name(catalog, goods.id, words), words.money(goods.price), details)
    # The column of schema-2 details only when a record has one: schema-1 tables stay as they were.
    detailed = any(row[4] for row in rows)
    headers = (words("record_id"), words("record_kind"), words("record_name"), words("price"))
    tax = words("quote_tax_included" if clinic.prices_include_tax else "quote_tax_excluded")
    table = Table(
        (*headers, words("record_details")) if detailed else headers,
        tuple(row if detailed else row[:4] for row in rows),
        ("left", "left", "left", "right", "left")
        if detailed
        else ("left", "left", "left", "right"),
    )
    return render_text(Document(title, tax, words.locale[:2], (table,)))


class _Fact(NamedTuple):
    """A fact of a contract: its label and shown value, and the value as data for CSV."""

    label: str
    shown: str
    sessions: int | None = None
    amount: int | None = None
    day: date | None = None


def _money_fact(label: str, amount: int, words: Words) -> _Fact:
    return _Fact(label, words.yen(amount), amount=amount)


def _contract_facts(report: ContractReport, words: Words) -> list[_Fact]:
    """The facts of a contract report, in the order every format shows them."""
    cooling_off = report.cooling_off_until if report.cooling_off_applies else None
    facts = [
        _Fact(words("contract_rules"), words(f"contract_rules_{report.rules.value}")),
        _Fact(words("contract_rules_source"), words(f"contract_rules_from_{report.rules_source}")),
        _Fact(
            words("contract_applicable"),
            words("contract_covered" if report.applicable else "contract_not_covered"),
        ),
        _Fact(
            words("contract_received"),
            words.date(report.received) if report.received else "-",
            day=report.received,
        ),
        _Fact(
            words("contract_cooling_off_until"),
            # What the date gives, beside it (DOMAIN §4), so a patient reading the date
            # before signing knows what cancelling by then means.
            words.aside(words.date(cooling_off), words("contract_cooling_off_gives"))
            if cooling_off
            else words("contract_not_applicable"),
            day=cooling_off,
        ),
        _money_fact(words("contract_total"), report.total, words),
    ]
    if report.enrollment is not None:
        # Within the amount above: a fee its campaign waives is said, at 0 too, as the menu
        # prints 入会金無料, so the patient sees what the campaign gave.
        shown = words("contract_enrollment_campaign", amount=words.yen(report.enrollment))
        facts.append(_Fact(words("enrollment_fee"), shown, amount=report.enrollment))
    if report.goods:
        # The goods count towards coverage (the reasons add them to the amount) but no
        # settlement covers them: said beside the amount, so the refund below is not read
        # as short of them.
        shown = words("contract_goods_value", amount=words.yen(report.goods))
        facts.append(_Fact(words("contract_goods"), shown, amount=report.goods))
    agreed = report.agreed
    if agreed is not None:
        # A price given is read before tax or with it: the document says which, so the figure
        # copied from a signed contract (総額) can be checked against the amount above. No
        # amount column: a price before tax beside tax-included amounts would add up wrong.
        basis = words("tax_included_short" if agreed.includes_tax else "tax_excluded_short")
        given = words(f"contract_agreed_{agreed.unit}", price=words.yen(agreed.amount), basis=basis)
        facts.append(_Fact(words("contract_agreed_price"), given))
    # Not the list price: the contract names what made it (a member price, a first-time price,
    # each discount by the catalog's name), calling none of them a campaign it may not be.
    segment = report.segment
    if segment is not None and report.segment_name is not None:
        # The catalog's name of the segment, as its price list and estimate say it.
        named = Words(
            words.locale, {segment: Localized(report.segment_name, report.segment_name_en)}
        )
        made = [segment_header(named, segment)]
    else:
        made = [segment_header(words, segment)] if segment is not None else []
    made += [words("package_intro_price")] if report.first_time else []
    made += [words.text(Localized(d.name, d.name_en)) for d in report.discounts]
    if made:
        facts.append(_Fact(words("contract_price_basis"), words("list_join").join(made)))
    price = report.per_session_price
    units = report.units
    if price is not None:
        # A price that is not whole yen is shown exactly and has no integer amount.
        whole = int(price) if price.denominator == 1 else None
        shown = _price(price, words, report.total, report.sessions)
        per = (
            words("contract_per_session")
            if units is None
            else words("contract_per_unit", unit=_unit(words, units, 1))
        )
        facts.append(_Fact(per, shown, amount=whole))
    if report.valid_until is not None:
        facts.append(
            _Fact(
                words("contract_term_ends" if report.plan else "contract_valid_until"),
                words.date(report.valid_until),
                day=report.valid_until,
            )
        )
    facts += [
        _Fact(words("contract_cancel_on"), words.date(report.cancel_on), day=report.cancel_on),
        _used_fact(report, words),
        _money_fact(words("contract_paid"), report.paid, words),
        _money_fact(words("contract_owed_max"), report.owed_max, words),
        _money_fact(words("contract_keep_max"), report.keep_max, words),
    ]
    return facts


def _unit(words: Words, units: ContractUnits, count: int) -> str:
    """A unit ticket's unit for ``count`` of it: the catalog's word (本), else the locale's."""
    name = None if units.ja is None else UnitName(units.ja, units.en, en_other=units.en_other)
    return unit_word(words, name, count)


def _used_fact(report: ContractReport, words: Words) -> _Fact:
    """What was used of what the contract fixes: its sessions, or a unit ticket's units."""
    if report.units is None:
        shown = f"{report.used} / {report.sessions}"
        return _Fact(words("contract_used"), shown, sessions=report.used)
    shown = words(
        "contract_used_of_units",
        used=report.used,
        total=report.sessions,
        unit=_unit(words, report.units, report.sessions),
    )
    return _Fact(words("contract_used_units"), shown, sessions=report.used)


def _refund_fact(report: ContractReport, words: Words) -> _Fact:
    return _money_fact(words("contract_refund_min"), report.refund_min, words)


def contract_document(report: ContractReport, *, locale: str = "ja_JP") -> Document:
    """A contract's coverage, cooling-off and cancellation settlement laid out in one locale.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import ContractRules
        >>> from supecost.contracts import Contract, ContractLine, contract_report
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> report = contract_report(contract, today=date(2024, 6, 1), used=2)
        >>> contract_document(report).blocks[-1].items
        (('返金額（最低）', '290,000円'),)

    Args:
        report: What :func:`supecost.contracts.contract_report` returned.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The document that :func:`contract_table` renders, and the command line
        renders as Markdown or HTML too.
    """
    words = Words(locale)
    facts = _contract_facts(report, words)
    blocks: list[Block] = [Facts(tuple((fact.label, fact.shown) for fact in facts))]
    blocks += [Heading(3, words("contract_reasons"))]
    blocks += [Paragraph(_reason(reason, words, report.units), "item") for reason in report.reasons]
    blocks += [Heading(3, words("contract_breakdown"))]
    blocks += [
        Paragraph(
            words(
                "settle_line",
                part=_settlement(line, words, report.units),
                amount=words.yen(line.amount),
            ),
            "item",
        )
        for line in report.lines
    ]
    if report.notes:
        blocks += [Heading(3, words("note"))]
        blocks += [Paragraph(_note(note, words), "item") for note in report.notes]
    refund = _refund_fact(report, words)
    blocks += [Facts(((refund.label, refund.shown),))]
    return Document(words("contract_title"), "", words.locale[:2], tuple(blocks))


def contract_table(report: ContractReport, *, locale: str = "ja_JP") -> str:
    """A contract's coverage, cooling-off and cancellation settlement as plain text.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import ContractRules
        >>> from supecost.contracts import Contract, ContractLine, contract_report
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> report = contract_report(contract, today=date(2024, 6, 1), used=2)
        >>> print(contract_table(report, locale="en_US").splitlines()[-1])
          Refund at least: ¥290,000

    Args:
        report: What :func:`supecost.contracts.contract_report` returned.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    return render_text(contract_document(report, locale=locale))


def contract_csv(report: ContractReport, *, locale: str = "ja_JP", bom: bool = False) -> str:
    """A contract's coverage and settlement as CSV for a spreadsheet: one row per fact or line.

    The columns are the row's kind, the item, a count of sessions, an amount in
    whole yen, a date (``YYYY-MM-DD``, which spreadsheets read as a date) and the
    value as the terminal shows it; a cell a row has no value for is empty. The
    rows are the facts of :func:`contract_document`, then the sessions the contract
    fixes, each reason of its coverage, each line of what may be kept, each other
    limit, and the least refund.

    Example:
        >>> import csv
        >>> from datetime import date
        >>> from supecost.catalog import ContractRules
        >>> from supecost.contracts import Contract, ContractLine, contract_report
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> report = contract_report(contract, today=date(2024, 6, 1), used=2)
        >>> rows = list(csv.reader(contract_csv(report, locale="en_US").splitlines()))
        >>> rows[0]
        ['Kind', 'Item', 'Sessions', 'Amount', 'Date', 'Shown as']
        >>> rows[-1]
        ['contract', 'Refund at least', '', '290000', '', '¥290,000']

    Args:
        report: What :func:`supecost.contracts.contract_report` returned.
        locale: ``ja_JP`` or ``en_US``.
        bom: Whether to start with a byte-order mark (for Excel).

    Returns:
        The CSV text, rows ending with CRLF.
    """
    from supecost.report.csvout import write_rows

    words = Words(locale)
    rows: list[list[Cell]] = [
        [
            words("csv_kind"),
            words("item"),
            words("sessions" if report.units is None else "csv_units_column"),
            words("amount"),
            words("csv_date"),
            words("csv_text"),
        ]
    ]
    kind = words("csv_contract")

    def add(kind: str, fact: _Fact) -> None:
        day = None if fact.day is None else fact.day.isoformat()
        rows.append([kind, fact.label, fact.sessions, fact.amount, day, fact.shown])

    for fact in _contract_facts(report, words):
        add(kind, fact)
    # The terminal shows "used / fixed" in one fact; a spreadsheet gets the fixed count too.
    if report.units is None:
        count, fixed = words("sessions_count", count=report.sessions), "csv_contract_sessions"
    else:
        unit = _unit(words, report.units, report.sessions)
        count = words("units_count", count=report.sessions, unit=unit)
        fixed = "csv_contract_units"
    add(kind, _Fact(words(fixed), count, sessions=report.sessions))
    for reason in report.reasons:
        add(words("csv_contract_reason"), _Fact(_reason(reason, words, report.units), ""))
    for line in report.lines:
        fact = _Fact(
            _settlement(line, words, report.units),
            words.yen(line.amount),
            sessions=line.sessions,
            amount=line.amount,
            day=line.until,
        )
        add(words("csv_contract_line"), fact)
    for note in report.notes:
        add(words("csv_contract_note"), _money_fact(_note(note, words), note.keep_max, words))
    add(kind, _refund_fact(report, words))
    return write_rows(rows, bom)


def reason_text(
    reason: Reason, locale: str = "ja_JP", *, units: ContractUnits | None = None
) -> str:
    """One criterion of a contract's coverage in words of a locale.

    Example:
        >>> from supecost.contracts import ContractUnits, Reason
        >>> reason = Reason(code="amount_over", amount=104_500, limit=50_000, tax_included=True)
        >>> reason_text(reason, "en_US")
        'the amount ¥104,500 (tax included) is over ¥50,000'
        >>> reason_text(reason)
        '契約金額104,500円（税込）は50,000円を超えます'
        >>> ticket = Reason(code="sessions_only_over", sessions=10, period_limit=1)
        >>> reason_text(ticket, units=ContractUnits(ja="本", en="amp"))
        '契約は数量（10本）だけを定めており、1か月を超える期間として扱います'

    Args:
        reason: A reason of :func:`supecost.contracts.applicability`.
        locale: ``ja_JP`` or ``en_US``.
        units: A unit ticket's units (:attr:`supecost.contracts.Contract.units`), which
            its sessions count; ``None`` for a contract of visits.

    Returns:
        The sentence.
    """
    return _reason(reason, Words(locale), units)


def _reason(reason: Reason, words: Words, units: ContractUnits | None = None) -> str:
    values: dict[str, object] = {}
    if reason.rules is not None:
        values["rules"] = words(f"contract_rules_{reason.rules}")
    if reason.received is not None and reason.in_force is not None:
        values["received"] = words.date(reason.received)
        values["in_force"] = words.date(reason.in_force)
    if reason.months is not None:
        values["months"] = reason.months
    if reason.sessions is not None:
        values["sessions"] = reason.sessions
    if reason.period_limit is not None:
        values["period"] = words(
            "reason_period", months=reason.period_limit, count=reason.period_limit
        )
    if reason.amount is not None and reason.limit is not None:
        values["amount"] = words.yen(reason.amount)
        values["limit"] = words.yen(reason.limit)
        values["taxed"] = words("reason_taxed" if reason.tax_included else "reason_untaxed")
    # Where the rules came from changes what the sentence may claim: only the catalog's
    # own flag is "the catalog flags ..." (a reason without a source says what it always said).
    source = "" if reason.source in (None, "catalog") else f"_{reason.source}"
    if units is not None and reason.sessions is not None:
        # A unit ticket's sessions are its units: counted in the unit's words.
        values["unit"] = _unit(words, units, reason.sessions)
        source += "_units"
    if reason.goods is not None and reason.amount is not None:
        # The contract's own amount and the goods named apart, so the sum is never read
        # as the contract amount the document states above it.
        values["contract"] = words.yen(reason.amount - reason.goods)
        values["goods"] = words.yen(reason.goods)
        source += "_goods"
    return words(f"reason_{reason.code}{source}", **values)


def settlement_text(
    line: SettlementLine, locale: str = "ja_JP", *, units: ContractUnits | None = None
) -> str:
    """One part of a settlement in words of a locale.

    Example:
        >>> from fractions import Fraction
        >>> from supecost.contracts import SettlementLine
        >>> line = SettlementLine(code="allowance", amount=50_000, cap=50_000,
        ...                       rate=Fraction(1, 5), outstanding=340_000, share=68_000)
        >>> settlement_text(line, "en_US")
        'cancellation allowance: the lower of ¥50,000 and 20% of the outstanding ¥340,000 (¥68,000)'
        >>> settlement_text(line)
        '解約に伴う損害賠償等の額：50,000円と、契約残額340,000円の20%（68,000円）のいずれか低い額'

    Args:
        line: A line of :func:`supecost.contracts.settle`.
        locale: ``ja_JP`` or ``en_US``.
        units: A unit ticket's units (:attr:`supecost.contracts.Contract.units`), which
            its sessions given count; ``None`` for a contract of visits.

    Returns:
        The line's words, without its amount.
    """
    return _settlement(line, Words(locale), units)


def settlement_note_text(note: SettlementNote, locale: str = "ja_JP") -> str:
    """Another limit of a settlement, and what it would allow, in words of a locale.

    Example:
        >>> from supecost.contracts import SettlementNote
        >>> note = SettlementNote(basis="catalog_terms", keep_max=510_000)
        >>> settlement_note_text(note, "en_US"), settlement_note_text(note)
        ("the catalog's terms: at most ¥510,000", 'カタログの条件による上限：510,000円')

    Args:
        note: A note of :func:`supecost.contracts.settle`.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The sentence.
    """
    return _note(note, Words(locale))


def _terms(name: str | None, words: Words) -> str:
    # A clinic's own name for its terms is shown as given, like catalog text.
    return words("settle_clinic_terms") if name is None else name


def _percent(rate: Fraction) -> str:
    percent = rate * 100
    if percent.denominator == 1:
        return f"{percent.numerator}%"
    hundredths = round_fraction(percent * 100, Rounding.HALF_UP)
    return f"{hundredths // 100}.{hundredths % 100:02d}".rstrip("0").rstrip(".") + "%"


def _price(
    value: Fraction, words: Words, total: int | None = None, sessions: int | None = None
) -> str:
    """A per-session price: whole yen as usual, else the quotient and about how much.

    The quotient is the contract's own figures, total / sessions (308,000円÷6), as the
    statute and the contract state it; a reduced fraction (154,000円÷3) is on no
    document the patient holds, so it is written only for a line built without them.
    """
    if value.denominator == 1:
        return words.yen(int(value))
    if total is None or sessions is None:
        total, sessions = value.numerator, value.denominator
    return words(
        "settle_price_fraction",
        total=words.yen(total),
        sessions=f"{sessions:,}",
        about=words.exact_yen(value),
    )


def _settlement(line: SettlementLine, words: Words, units: ContractUnits | None = None) -> str:
    values: dict[str, object] = {}
    if line.until is not None:
        values["until"] = words.date(line.until)
    if line.months is not None:
        values["months"] = values["count"] = line.months
    if line.fee is not None:
        values["fee"] = words.yen(line.fee)
    if line.first_months is not None and line.first_fee is not None:
        # Some of the months begun were the plan's first months, at their own fee.
        values["first"] = words(
            "settle_first_months",
            months=line.first_months,
            count=line.first_months,
            fee=words.yen(line.first_fee),
        )
    if line.sessions is not None:
        values["sessions"] = values["count"] = line.sessions
    if line.price is not None:
        values["price"] = _price(line.price, words, line.contract_total, line.contract_sessions)
        values["rounded"] = (
            ""
            if line.rounding is None
            else words("settle_rounded", mode=words(f"rounding_{line.rounding.value}"))
        )
    if line.rules is not None:
        values["rules"] = words(f"contract_rules_{line.rules}")
    if line.code.startswith("clinic_"):
        values["terms"] = _terms(line.terms, words)
    if line.cap is not None:
        values["cap"] = words.yen(line.cap)
    if line.rate is not None:
        values["rate"] = _percent(line.rate)
    if line.outstanding is not None:
        values["outstanding"] = words.yen(line.outstanding)
    if line.share is not None:
        values["share"] = words.yen(line.share)
    if line.code == "clinic_fee":
        parts = []
        if line.rate is not None:
            parts.append(words("settle_clinic_rate", **values))
        if line.cap is not None:
            parts.append(words("settle_clinic_cap", **values))
        values["parts"] = words("settle_clinic_join").join(parts)
    key = f"settle_{line.code.value}"
    if "first" in values:
        key += "_first"
    if line.enrollment_fee is not None and line.contract_total is not None:
        # The sessions divide the amount less the enrollment fee given as a service: worded
        # as that amount over them, never as the contract's per-session price (a document's
        # facts state that one as the whole total over the sessions).
        values["total"] = words.yen(line.contract_total)
        values["divisor"] = f"{line.contract_sessions:,}"
        values["each"] = words.exact_yen(line.price or Fraction(0))
        key += "_less_enrollment"
    elif units is not None and line.code in ("sessions_given", "expired"):
        # A unit ticket's sessions given are units, priced at the contract's price per unit.
        values["unit"] = _unit(words, units, line.sessions or 0)
        values["one"] = _unit(words, units, 1)
        key += "_units"
    return words(key, **values)


def _note(note: SettlementNote, words: Words) -> str:
    values: dict[str, object] = {"amount": words.yen(note.keep_max)}
    if note.rules is not None:
        values["rules"] = words(f"contract_rules_{note.rules}")
    if note.basis == "clinic_terms":
        values["terms"] = _terms(note.terms, words)
    return words(f"settle_note_{note.basis}", **values)


def instalment_table(report: InstalmentReport, *, locale: str = "ja_JP") -> str:
    """An instalment plan: each payment, the total and the interest, as plain text.

    Example:
        >>> from supecost.contracts import addon_payments, instalment_report
        >>> report = instalment_report(addon_payments(100_000, 10, "7.5"))
        >>> print(instalment_table(report, locale="en_US").splitlines()[0])
        Payment  1  ¥10,750

    Args:
        report: What :func:`supecost.contracts.instalment_report` returned.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    words = Words(locale)
    rows = [
        (words("instalment_payment", number=f"{number:>{len(str(report.count))}}"), words.yen(a))
        for number, amount in enumerate(report.payments, start=1)
        for a in (amount,)
    ]
    facts = [
        (words("instalment_total"), words.yen(report.total)),
        (words("instalment_interest"), words.yen(report.interest)),
    ]
    if report.apr_percent is not None:
        facts.append((words("instalment_apr"), f"{report.apr_percent}%"))
    table = Table(("", ""), tuple(rows), ("left", "right"))
    blocks: list[Block] = [table, Facts(tuple(facts))]
    if report.notes:
        blocks += [Heading(3, words("note"))]
        blocks += [Paragraph(_schedule_note(note, words), "item") for note in report.notes]
    text = render_text(Document("", "", words.locale[:2], tuple(blocks)))
    return text.lstrip("\n")


def schedule_note_text(note: ScheduleNote, locale: str = "ja_JP") -> str:
    """A note on a payment schedule, in words of a locale.

    Example:
        >>> from decimal import Decimal
        >>> from supecost.contracts import ScheduleNote
        >>> note = ScheduleNote(code="interest_limit_tier", apr=Decimal("19.5"), limit=15,
        ...                     amount=1_500_000, tier_from=1_000_000)
        >>> print(schedule_note_text(note))
        実質年率19.5%は、利息制限法が1,000,000円以上の貸付けに定める上限15%を超えています。...
        >>> print(schedule_note_text(note, "en_US"))
        the APR of 19.5% is above the 15% that the Interest Rate Restriction Act (利息制限法) ...

    Args:
        note: A note of :func:`supecost.contracts.instalments` or
            :func:`supecost.contracts.level_payments`.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The sentence.
    """
    return _schedule_note(note, Words(locale))


def _schedule_note(note: ScheduleNote, words: Words) -> str:
    values: dict[str, object] = {}
    if note.apr is not None:
        values["apr"] = f"{note.apr.normalize():f}%"
    if note.limit is not None:
        values["limit"] = f"{note.limit}%"
    if note.tier_from is not None:
        values["tier"] = _tier_text(words, note.tier_from, note.tier_below)
    for name in ("level", "last", "interest", "reduced"):
        amount = getattr(note, name)
        if amount is not None:
            values[name] = words.yen(amount)
    return words(f"schedule_{note.code.value}", **values)


def _tier_text(words: Words, start: int, below: int | None) -> str:
    """A 利息制限法 tier of amounts financed (「100,000円以上1,000,000円未満」), for a
    schedule's note and lint's SC061 alike."""
    low = words.yen(start)
    if below is None:
        return words("schedule_tier_from", low=low)
    if start == 0:
        return words("schedule_tier_below", high=words.yen(below))
    return words("schedule_tier_between", low=low, high=words.yen(below))


# ---------------------------------------------------------------------------
# Catalog lint: supecost.lint finds values, the words are chosen here

_LINT_COUNTS: Final = {
    "sessions": "sessions_count",
    "weekly": "sessions_count",
    "months": "months_count",
    "limit_months": "months_count",
}
"""A finding's counts read as the table's counts (``5回``, ``5 sessions``, ``1 month``)."""

_LINT_UNIT_WORDS: Final = ("example_unit", "ticket_unit")
"""A unit ticket's units in the treatment's ``count_unit``: where the catalog gives no
English for it, an English finding says its own word (``units``), never 本."""


def lint_text(finding: LintFinding, locale: str = "ja_JP") -> str:
    """What a lint finding found, as a sentence in a locale.

    Example:
        >>> from supecost.lint import LintFinding, rule
        >>> from supecost.money import YenRange
        >>> finding = LintFinding.of(rule("SC001"), "offers[0].price", "bundle_dearer",
        ...     sessions=5, price=YenRange.exact(60_000), per_session=YenRange.exact(12_000),
        ...     single=YenRange.exact(10_000))
        >>> lint_text(finding)
        '5回のセット（60,000円）は1回あたり12,000円以上で、1回の料金10,000円より高くなっています。...'
        >>> print(lint_text(finding, "en_US"))
        5 sessions for ¥60,000 is at least ¥12,000 a session, above the single price ¥10,000: ...

    Args:
        finding: A finding of :func:`supecost.lint.lint_catalog` or
            :func:`~supecost.lint.lint_file`.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The sentence, without the rule's id or the path; catalog text in it (ids,
        units) is as the catalog wrote it, for the output's renderer to escape.

    Raises:
        LocaleError: The locale is unknown.
    """
    return _lint_text(finding, Words(locale))


_LINT_NAMES_SHOWN: Final = 5
"""The most catalog ids one finding's sentence names; the rest are counted."""


def _lint_names(names: Sequence[str], words: Words) -> str:
    """Ids as a finding names them: the first few, then how many more (「ほか25件」)."""
    shown = words("lint_names_join").join(
        words("lint_name", name=name) for name in names[:_LINT_NAMES_SHOWN]
    )
    more = len(names) - _LINT_NAMES_SHOWN
    return shown if more <= 0 else words("lint_names_more", names=shown, count=more)


def _lint_value(name: str, value: LintValue, words: Words) -> str:
    if value is None:
        return words(f"lint_{name}_default")
    if isinstance(value, YenRange):
        return format_range(value, words.locale)
    if isinstance(value, tuple):
        names = [item for item in value if isinstance(item, str)]
        if len(names) == len(value):
            return _lint_names(names, words)
        amounts = (item for item in value if isinstance(item, YenRange))
        return words("lint_tax_join").join(format_range(item, words.locale) for item in amounts)
    if isinstance(value, int) and name in _LINT_COUNTS:
        return words(_LINT_COUNTS[name], count=value)
    return str(value)


def _lint_text(finding: LintFinding, words: Words) -> str:
    found = finding.values
    # A value's English form (``unit_en``: the catalog's dose_unit_en, else None) is no
    # placeholder: it stands in for its value where a page would show name_en.
    values = {
        name: _lint_value(name, value, words)
        for name, value in found.items()
        if not name.endswith(("_en", "_en_other"))
    }
    for name, english in found.items():
        base = name.removesuffix("_en")
        ja = found.get(base)
        if base != name and isinstance(ja, str) and isinstance(english, str):
            values[base] = words.text(Localized(ja, english))
        elif base in _LINT_UNIT_WORDS and isinstance(ja, str) and english is None:
            # A unit the catalog words in Japanese alone: English counts in its own word.
            values[base] = words.text(Localized(ja, words(f"lint_{base}_default")))
    amounts, bases = found.get("amounts"), found.get("bases")
    if isinstance(amounts, tuple) and isinstance(bases, tuple):
        # SC010: each point with the round amount it would be before tax.
        values["pairs"] = words("lint_tax_join").join(
            words(
                "lint_tax_pair",
                amount=format_range(amount, words.locale),
                base=format_range(base, words.locale),
                rate=found["rate"],
            )
            for amount, base in zip(amounts, bases, strict=True)
            if isinstance(amount, YenRange) and isinstance(base, YenRange)
        )
    if "unit_en_other" in found:
        # SC008: each count in its unit's word for that count (40 units, at most 1 unit).
        ja, en, other = found["unit"], found["unit_en"], found["unit_en_other"]
        unit = None
        if isinstance(ja, str):
            unit = UnitName(
                ja,
                en if isinstance(en, str) else None,
                en_other=other if isinstance(other, str) else None,
            )
        for count in ("units", "per_visit", "usable"):
            number = found[count]
            assert isinstance(number, int)
            values[f"{count}_unit"] = unit_word(words, unit, number)
    kind = found.get("kind")
    if isinstance(kind, str):
        # SC028: a goods item's kind, as the price list words it, and the tax categories.
        values["kind"] = goods_kind_text(words, kind)
        for name in ("tax", "expected"):
            values[name] = words(f"lint_tax_{found[name]}")
    version = found.get("schema_version")
    if isinstance(version, int):
        # SC023's fields of schema 2: a schema-1 catalog is told to move to it.
        values["upgrade"] = words("lint_advert_upgrade") if version < 2 else ""
    start, below = found.get("tier_from"), found.get("tier_below")
    if isinstance(start, YenRange):
        # SC061: the tier as a schedule's note says it.
        values["tier"] = _tier_text(
            words, start.min, below.min if isinstance(below, YenRange) else None
        )
    if finding.key.startswith("prepaid_"):
        # The statute's part is one message, whichever way the set is long-lived.
        values["tail"] = words("lint_prepaid_tail", **values)
    return words(f"lint_{finding.key}", **values)


def rule_explanation(rule: LintRule, locale: str = "ja_JP") -> str:
    """What a lint rule finds, in one line of a locale.

    Example:
        >>> from supecost.lint import rule
        >>> rule_explanation(rule("SC004"), "en_US").split(" (")[0]
        "A first-time price is above the treatment's regular single price"
        >>> rule_explanation(rule("SC004")).split("（")[0]
        '初回価格が、その治療の通常の1回の料金より高い'

    Args:
        rule: The rule.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The explanation, a sentence.

    Raises:
        LocaleError: The locale is unknown.
    """
    return Words(locale)(f"lint_rule_{rule.id.lower()}")


def _lint_line(finding: LintFinding, words: Words) -> str:
    text = _lint_text(finding, words)
    if finding.rule.severity == "notice":
        text = words("lint_notice", message=text)
    return terminal_text(f"{finding.rule.id} {finding.path}: {text}")


def format_findings(findings: Sequence[LintFinding], *, locale: str = "ja_JP") -> str:
    """Lint findings as text for a terminal, one line each: ``ID path: sentence``.

    A notice's sentence starts with the locale's word for a notice; catalog text
    is escaped for the terminal.

    Example:
        >>> from supecost.lint import LintFinding, rule
        >>> from supecost.money import YenRange
        >>> found = [LintFinding.of(rule("SC004"), "offers[0].price", "intro_above",
        ...     price=YenRange.exact(12_000), single=YenRange.exact(10_000))]
        >>> print(format_findings(found))
        SC004 offers[0].price: 初回価格12,000円が通常の1回の料金10,000円より高くなっています。...
        >>> print(format_findings(found, locale="en_US"))
        SC004 offers[0].price: the first-time price ¥12,000 is above the regular price ¥10,000: ...

    Args:
        findings: The findings.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        One line per finding, without a final newline; empty for none.

    Raises:
        LocaleError: The locale is unknown.
    """
    words = Words(locale)
    return "\n".join(_lint_line(finding, words) for finding in findings)


def _json_value(value: LintValue) -> object:
    if isinstance(value, YenRange):
        return value.as_dict()
    if isinstance(value, tuple):
        return [item if isinstance(item, str) else item.as_dict() for item in value]
    return value


def findings_to_json(
    findings: Sequence[LintFinding], *, locale: str = "ja_JP"
) -> list[dict[str, object]]:
    """Lint findings as JSON-ready dicts: stable fields, and the words of a locale.

    Each has ``rule`` (the id), ``name`` (the slug), ``severity``, ``path``,
    ``key`` and ``values`` (amounts as ``{"min", "typical", "max"}``), which never
    depend on the locale, then ``message`` and the rule's ``explanation`` in it.

    Example:
        >>> from supecost.lint import LintFinding, rule
        >>> from supecost.money import YenRange
        >>> found = [LintFinding.of(rule("SC004"), "offers[0].price", "intro_above",
        ...     price=YenRange.exact(12_000), single=YenRange.exact(10_000))]
        >>> [entry] = findings_to_json(found, locale="en_US")
        >>> entry["rule"], entry["key"], entry["values"]["price"]
        ('SC004', 'intro_above', {'min': 12000, 'typical': None, 'max': 12000})
        >>> entry["message"]
        'the first-time price ¥12,000 is above the regular price ¥10,000: ...'
        >>> findings_to_json(found)[0]["message"]
        '初回価格12,000円が通常の1回の料金10,000円より高くなっています。...'

    Args:
        findings: The findings.
        locale: ``ja_JP`` or ``en_US``: the language of ``message`` and ``explanation``.

    Returns:
        One dict per finding.

    Raises:
        LocaleError: The locale is unknown.
    """
    words = Words(locale)
    return [
        {
            "rule": finding.rule.id,
            "name": finding.rule.name,
            "severity": finding.rule.severity,
            "path": finding.path,
            "key": finding.key,
            "values": {name: _json_value(value) for name, value in finding.values.items()},
            "message": _lint_text(finding, words),
            "explanation": words(f"lint_rule_{finding.rule.id.lower()}"),
        }
        for finding in findings
    ]
