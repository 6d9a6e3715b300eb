"""CSV output: UTF-8, one row per priced item, amounts as whole-yen integers.

This module is the one CSV writer: reports are rendered here, and the rows that
:mod:`supecost.present` lays out for quotes and contracts are written by
:func:`write_rows`, with the same range columns (:func:`points`,
:func:`range_header`) and the same escaping.

Amounts that are ranges take three columns (low end, typical, high end); an
open high end or an unknown typical value is an empty cell. Text cells that a
spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return) get a leading ``'``, so catalog text cannot run in
Excel. With ``bom=True`` the text starts with a byte-order mark, which Excel in
Japan needs to read UTF-8. As in the other formats, the shown text of every
price of a reduced-rate (8%) item ends with the reduced-rate mark (``※``), and
an estimate labels each tax rate (``10%対象``, ``8%対象※``, ``非課税``,
``不課税``). On a price list a package (コース) has a row, its contents where a
treatment goes, and its first-time price one more; a price list with fees says
when each is charged in a last column, as its fee table does. A comparison
gives each way whose unit prices include a per-unit discount a column after its
totals naming them at each count, as a quote's CSV does. A price list carries
what its page does: each treatment's facts after its prices (the usual course,
its standard cost, risks and 限定解除's statements, a row each), a set's price
per session and saving (columns after the note, where the list has sets), a first-month
row counting its months' sessions, and names joined with 「＋」.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.report.model import price_list
>>> text = render_csv(price_list(reference_catalog(), on=date(2026, 4, 1)), "en_US")
>>> text.splitlines()[1].split(",")[:5]
['single session', 'Stem-cell culture supernatant IV drip', 'One session', '1', '10000']
"""

from __future__ import annotations

import csv
import io
from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING, Final

from supecost.money import Scenario, YenRange
from supecost.quotes import PointValues
from supecost.report.blocks import Block, Document, Facts, Heading, Paragraph, Table, Total
from supecost.report.escape import Cell, safe_cell
from supecost.report.lines import kind_key
from supecost.report.words import (
    Words,
    cheaper_label,
    cheapest_cell,
    entry_name,
    first_month_text,
    goods_kind_text,
    ladder_places,
    package_contents,
    restricted_label,
    segment_header,
    single_price,
    unit_word,
    window_text,
)
from supecost.tax import TaxCategory

if TYPE_CHECKING:
    # The report models load when a report is rendered: a quote's or a contract's rows,
    # written by write_rows, need none of them.
    from supecost.report.blocks import Localized
    from supecost.report.figures import Shown
    from supecost.report.model import (
        BundleEntry,
        Comparison,
        Estimate,
        IntroEntry,
        LadderEntry,
        PackageEntry,
        PriceList,
        Report,
        SubscriptionEntry,
    )

__all__ = [
    "BOM",
    "at_points",
    "laid_out",
    "points",
    "range_header",
    "render_csv",
    "safe_cell",
    "statements",
    "write_rows",
]

BOM = "\ufeff"
"""The byte-order mark: written as UTF-8 it is the three bytes EF BB BF."""


def points(value: YenRange | None) -> list[Cell]:
    """A range's three cells: low end, typical value, high end; an unknown point is empty.

    Example:
        >>> points(YenRange(min=100_000, max=None)), points(None)
        ([100000, None, None], [None, None, None])

    Args:
        value: The amount, or ``None`` where a row has none.

    Returns:
        The low end, the known typical value and the high end (``None`` is an empty cell).
    """
    if value is None:
        return [None, None, None]
    return [value.min, value.known_typical, value.max]


def at_points(value: YenRange, each: PointValues | None) -> list[Cell]:
    """A part of a bill's three cells: each point's own value where given, else the range's.

    Where a ``min_amount`` put a plan's bills out of order, a range's sorted ends need not
    be the points' (:meth:`~supecost.report.words.Words.money_by_point`).

    Example:
        >>> at_points(YenRange(29_000, 35_000, 30_000),
        ...     PointValues(min=35_000, typical=30_000, max=29_000))
        [35000, 30000, 29000]
        >>> at_points(YenRange(29_000, 35_000, 30_000), None)
        [29000, 30000, 35000]

    Args:
        value: The amount as a range.
        each: Its value at each point, or ``None`` where the bills are in order.

    Returns:
        The low, typical and high point's cells.
    """
    if each is None:
        return points(value)
    return [each.min, each.typical, each.max]


def range_header(words: Words, label: str = "", *, template: str = "csv_range") -> list[str]:
    """The headers of a range's three cells: the label with each point's word.

    A label that has a qualifier of its own, as 「合計（税込）」 has, takes a
    message of its own with one bracket for both (``template``), not a second
    bracket after the first.

    Example:
        >>> range_header(Words("ja_JP"), "小計")
        ['小計（下限）', '小計（標準）', '小計（上限）']
        >>> range_header(Words("ja_JP"), template="grand_total_range")
        ['合計（税込・下限）', '合計（税込・標準）', '合計（税込・上限）']
        >>> range_header(Words("en_US"), template="grand_total_range")[0]
        'Total (tax incl., low)'

    Args:
        words: The message table of the CSV's locale.
        label: What the range is, for the ``csv_range`` message.
        template: The message key, with ``{end}`` for the point's word (and
            ``{label}`` where it takes the label).

    Returns:
        Three headers, in the order :func:`points` gives the cells.
    """
    ends = (words("csv_low"), words("csv_typical"), words("csv_high"))
    return [words(template, label=label, end=end) for end in ends]


def write_rows(rows: Iterable[Sequence[Cell]], bom: bool = False) -> str:
    """Rows as CSV text, every cell through :func:`safe_cell`: the one CSV writer.

    Example:
        >>> write_rows([["名前", "金額"], ["=1+1", -5500], ["点滴", None]])
        "名前,金額\\r\\n'=1+1,-5500\\r\\n点滴,\\r\\n"

    Args:
        rows: The rows; a cell is text, whole yen, or ``None`` for an empty cell.
        bom: Whether to start with a byte-order mark (for Excel).

    Returns:
        The CSV text, rows ending with CRLF as RFC 4180 has them.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
    return (BOM if bom else "") + buffer.getvalue()


def render_csv(report: Report, locale: str | None = None, *, bom: bool = False) -> str:
    """Render a report as CSV text.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> text = render_csv(price_list(reference_catalog(), on=date(2026, 4, 1)), "ja_JP")
        >>> text.splitlines()[0].split(",")[:4]
        ['区分', '治療', '項目', '回数']
        >>> text.endswith("\\r\\n"), render_csv(price_list(reference_catalog()), bom=True)[0]
        (True, '\\ufeff')

    Args:
        report: The report.
        locale: The locale of headers and labels; the report's own when ``None``.
        bom: Whether to start with a byte-order mark (for Excel).

    Returns:
        The CSV text, rows ending with CRLF as RFC 4180 has them.
    """
    from supecost.report.model import Estimate, PriceList

    words = Words(locale or report.locale, report.clinic.segment_names())
    if isinstance(report, PriceList):
        return write_rows(_price_list(report, words), bom)
    if isinstance(report, Estimate):
        return write_rows(_estimate(report, words), bom)
    return write_rows(_comparison(report, words), bom)


_PLAN_FEE_KINDS: Final = {
    "enrollment_fee": "kind_enrollment",
    "enrollment_campaign": "kind_enrollment_campaign",
    "extra_session_price": "kind_extra_session",
    "early_termination_fee": "kind_early_termination",
}
"""The CSV's kind of each of a plan's fees, by the page's fact (``document._plan_fees``): a
bill line's kind where a bill has such a line (:func:`_kind_cell`), else the list's own."""


_PLAN_TERMS: Final = frozenset(
    {
        "kind_first_month",
        "kind_enrollment",
        "kind_enrollment_campaign",
        "kind_extra_session",
        "kind_early_termination",
    }
)
"""A plan's terms a bill has a line of: its row's kind names the plan, then the line's kind."""


def _kind_cell(words: Words, key: str) -> str:
    """A price list row's kind: a plan's term as the plan and the bill line's kind word (one
    vocabulary with the quote and the estimate), else the row's own word (a bill line's kind
    too, as a further unit's)."""
    if key in _PLAN_TERMS:
        return words("csv_plan_term", plan=words("csv_subscription"), kind=words(key))
    return words(key)


def _price_list(report: PriceList, words: Words) -> list[list[Cell]]:
    # The price list's layout words a fee's group, for its fee table and this column alike.
    from supecost.report.document import (
        _plan_fees,
        asked_for,
        bundle_cells,
        discount_terms,
        fee_charged,
        fee_group_text,
        layout,
        treatment_disclosures,
    )

    incl, excl = words("tax_included_short"), words("tax_excluded_short")
    # Columns for member prices and sales windows only where the catalog has them, so a
    # schema-1 catalog's CSV keeps its columns.
    # A segment only discounts are for (学割) has no price of its own, so no columns: its
    # patients pay the regular prices less the discount, which the discount's row says.
    kept = [
        index
        for index, segment in enumerate(report.segments)
        if segment not in report.discount_segments
    ]
    segments = [segment_header(words, report.segments[index]) for index in kept]
    offers: list[BundleEntry | SubscriptionEntry | IntroEntry | LadderEntry | PackageEntry] = []
    for entry in report.treatments:
        offers += [*entry.bundles, *entry.subscriptions, *entry.intros, *entry.ladders]
    offers += report.packages
    limited: list[BundleEntry | PackageEntry] = [
        *(b for entry in report.treatments for b in entry.bundles),
        *report.packages,
    ]
    windowed = any(
        offer.valid_from or offer.valid_until or offer.first_n for offer in offers
    ) or any(offer.per_patient for offer in limited)
    # Sets' periods of validity have had no column; one came with packages, so only a price
    # list with a package that has a period gains it, and then every set's fills it too.
    expiring = any(package.valid_months is not None for package in report.packages)
    # Optional fees that exclude each other (a group) gain a column naming their group.
    grouped = any(fee.one_of for fee in report.fees)
    # When each fee is charged, in the words of the fee table: a last column, beside the
    # columns above, so a price list without fees keeps its columns.
    charged = bool(report.fees)
    # How goods are counted (箱, 本), as the md/html goods table's 単位 column: a last column
    # only where some goods has a unit, so other price lists keep their columns.
    # A unit ticket (本数券) counts its units there too (本), as the md/html list's 10本券.
    counted = any(goods.unit is not None for goods in report.goods) or any(
        bundle.counts_units for entry in report.treatments for bundle in entry.bundles
    )
    # What each goods item is (食品, 化粧品), as the md/html goods table's 種類 column.
    kinds = any(goods.kind is not None for goods in report.goods)
    # A discount's conditions (who, when, how much, what it does not combine with), as the
    # md/html discount table's 条件 column: a last column only where the list has discounts.
    conditioned = bool(report.discounts)
    # A set's per-session price and saving, as the md/html sets table words them: columns
    # after the note only where the list has sets, so other price lists keep their columns.
    sets = any(entry.bundles for entry in report.treatments)
    rows: list[list[Cell]] = [
        [
            words("csv_kind"),
            words("treatment"),
            words("item"),
            words("sessions"),
            *range_header(words, incl),
            *range_header(words, excl),
            words("csv_text"),
            words("note"),
            *((words("per_session"), words("saving")) if sets else ()),
            *(cell for segment in segments for cell in range_header(words, f"{segment} {incl}")),
            *((words("on_sale"),) if windowed else ()),
            *((words("csv_valid_months"),) if expiring else ()),
            *((words("csv_fee_group"),) if grouped else ()),
            *((words("fee_when"),) if charged else ()),
            *((words("goods_unit"),) if counted else ()),
            *((words("goods_kind"),) if kinds else ()),
            *((words("conditions"),) if conditioned else ()),
        ]
    ]

    def mark(category: TaxCategory | None) -> str:
        return words("reduced_mark") if category is TaxCategory.REDUCED else ""

    def extra(
        members: Sequence[Shown | None],
        window: str | None = None,
        months: int | None = None,
        group: str | None = None,
        when: str | None = None,
        unit: str | None = None,
        goods_kind: str | None = None,
        each: tuple[str, str] | None = None,
        conditions: str | None = None,
    ) -> list[Cell]:
        # A set's per-session price and saving, beside its price's text and note.
        cells: list[Cell] = list(each or (None, None)) if sets else []
        for index in kept:
            shown = members[index] if index < len(members) else None
            cells += points(None if shown is None else shown.included)
        if windowed:
            cells.append(window or None)
        if expiring:
            cells.append(months)
        if grouped:
            cells.append(group)
        if charged:
            cells.append(when)
        if counted:
            cells.append(unit)
        if kinds:
            cells.append(goods_kind)
        if conditioned:
            cells.append(conditions)
        return cells

    def priced(
        kind: str,
        treatment: str,
        item: str,
        sessions: int | None,
        price: Shown,
        category: TaxCategory,
        note: str | None,
        members: Sequence[Shown | None] = (),
        window: str | None = None,
        months: int | None = None,
        by_place: bool = False,
        group: str | None = None,
        when: str | None = None,
        unit: str | None = None,
        goods_kind: str | None = None,
        each: tuple[str, str] | None = None,
    ) -> None:
        beside = report.show_tax_excluded
        rows.append(
            [
                _kind_cell(words, kind),
                treatment,
                item,
                sessions,
                *points(price.included),
                *points(price.excluded),
                single_price(words, price, by_place, beside=beside, mark=mark(category)),
                note,
                *extra(members, window, months, group, when, unit, goods_kind, each),
            ]
        )

    def dosed(name: str, dose: Localized | None) -> str:
        return name if dose is None else f"{name} {words.text(dose)}"

    for entry in report.treatments:
        name, tax = words.text(entry.name), entry.tax
        if entry.single is not None:
            priced(
                "csv_single",
                name,
                words("single_price"),
                1,
                entry.single,
                tax,
                entry.note,
                entry.members,
                by_place=entry.by_place,
            )
        if entry.extra_unit is not None:
            label = words("extra_unit_price", unit=unit_word(words, entry.unit, 1))
            further = entry.extra_unit_members
            priced("kind_extra_unit", name, label, None, entry.extra_unit, tax, None, further)
        for dose in entry.doses:
            dose_name = words.text(dose.name)
            priced(
                "csv_dose",
                name,
                dose_name,
                1,
                dose.single,
                tax,
                None,
                dose.members,
                by_place=dose.by_place,
            )
            if dose.extra_unit is not None:
                label = words("extra_unit_price", unit=unit_word(words, entry.unit, 1))
                priced(
                    "kind_extra_unit",
                    f"{name} {dose_name}",
                    label,
                    None,
                    dose.extra_unit,
                    tax,
                    None,
                    dose.extra_unit_members,
                )
        for option in entry.options:
            priced(
                "csv_option",
                name,
                words.text(option.name),
                1,
                option.single,
                option.tax,
                option.note,
                option.members,
                by_place=option.by_place,
            )
        for bundle in entry.bundles:
            label = entry_name(words, bundle.name, bundle.id)
            _, each, saving = bundle_cells(words, bundle, entry.unit)
            priced(
                f"csv_{kind_key('bundle', bundle.counts_units)}",
                dosed(name, bundle.dose),
                label,
                bundle.sessions,
                bundle.price,
                tax,
                bundle.note,
                bundle.members,
                window_text(
                    words,
                    bundle.valid_from,
                    bundle.valid_until,
                    bundle.first_n,
                    bundle.per_patient,
                ),
                bundle.valid_months,
                unit=(
                    unit_word(words, entry.unit, bundle.sessions) if bundle.counts_units else None
                ),
                each=(each, saving),
            )
        for plan in entry.subscriptions:
            label = entry_name(words, plan.name, plan.id)
            priced(
                "csv_subscription",
                dosed(name, plan.dose),
                label,
                plan.sessions_per_month,
                plan.monthly_fee,
                tax,
                # The plan's carry-over in words before the catalog's note, in the note column.
                words("list_join").join(
                    filter(None, (words("carry_over") if plan.carry_over else None, plan.note))
                )
                or None,
                plan.members,
                window_text(words, plan.valid_from, plan.valid_until, plan.first_n),
            )
            first = plan.first_month
            if first is not None:
                # The first enrollment's first months: their price each, who and when in words.
                # Its sessions are those of its months, as the minimum term's row counts them.
                priced(
                    "kind_first_month",
                    dosed(name, plan.dose),
                    label,
                    plan.sessions_per_month * first.months,
                    first.price,
                    tax,
                    # In words in the note column, which every list has: who gets it and when.
                    first_month_text(
                        words,
                        None
                        if first.price.included.max == 0
                        else words.price(first.price, tax_excluded=report.show_tax_excluded)
                        + mark(tax),
                        first,
                    ),
                )
            rows.append(
                [
                    words("csv_min_term"),
                    dosed(name, plan.dose),
                    label,
                    plan.sessions_per_month * plan.min_months,
                    *points(plan.min_term_cost),
                    *points(None),
                    words.bracketed("tax_included", plan.min_term_cost) + mark(tax),
                    None,
                    *extra(()),
                ]
            )
            # The plan's other prices, as its facts on the page and worded by the page's own
            # choice: the minimum term's cost above includes the enrollment fee, so the list
            # names it; a fee the page says in words only has no amount.
            for charge in _plan_fees(words, plan, mark(tax), report.show_tax_excluded):
                kind = _PLAN_FEE_KINDS[charge.key]
                if charge.price is None:
                    empty = [*points(None), *points(None)]
                    cells = [_kind_cell(words, kind), dosed(name, plan.dose), label, None, *empty]
                    cells.append(charge.text)
                    rows.append([*cells, None, *extra((), charge.window)])
                else:
                    item = dosed(name, plan.dose)
                    priced(kind, item, label, None, charge.price, tax, None, (), charge.window)
        for intro in entry.intros:
            label = entry_name(words, intro.name, intro.id)
            priced(
                "csv_intro_whole" if intro.whole else "csv_intro",
                dosed(name, intro.dose),
                label,
                intro.sessions,
                intro.price,
                tax,
                intro.note,
                intro.members,
                window_text(words, intro.valid_from, intro.valid_until, intro.first_n),
                intro.valid_months,
            )
        for ladder in entry.ladders:
            # A row per step, each the price of one session at the places it names.
            label = words.text(ladder.name)
            for step in ladder.steps:
                places = ladder_places(words, step.from_place, step.to_place, step.within_days)
                priced(
                    "csv_ladder",
                    dosed(name, ladder.dose),
                    words("ladder_item", name=label, places=places),
                    1,
                    step.price,
                    tax,
                    ladder.note,
                    step.members,
                    window_text(words, ladder.valid_from, ladder.valid_until, ladder.first_n),
                )
        # The facts the page shows after the prices (the usual course, its standard cost,
        # risks, 限定解除's statements): a row each, the text where a price's text goes.
        for label, text in treatment_disclosures(words, entry):
            empty = [*points(None), *points(None)]
            rows.append(
                [words("csv_disclosure"), name, label, None, *empty, text, None, *extra(())]
            )
    for package in report.packages:
        # A row for the package and one for its first-time price; the contents, each with its
        # sessions, stand where a treatment goes, and the sessions are those of them all.
        contents = package_contents(words, package.contents, package.shared)
        label = words.text(package.name)
        sessions = (
            sum(count for _, count in package.contents)
            if package.shared is None
            else package.shared
        )
        window = window_text(
            words, package.valid_from, package.valid_until, package.first_n, package.per_patient
        )
        priced(
            "csv_package" if package.shared is None else "csv_shared",
            contents,
            label,
            sessions,
            package.price,
            package.tax,
            package.note,
            package.members,
            window,
            package.valid_months,
        )
        if package.intro_price is not None:
            priced(
                "csv_package_intro",
                contents,
                label,
                sessions,
                package.intro_price,
                package.tax,
                None,
                (),
                window,
                package.valid_months,
            )
    for combo in report.combos:
        members = words.join_names(words.text(t) for t in combo.treatments)
        label = words.text(combo.name) if combo.name else members
        if combo.single_sessions_only:
            label = restricted_label(words, label)
        if combo.price is not None:
            priced(
                "csv_combo", members, label, None, combo.price, combo.tax, combo.note, combo.members
            )
        else:
            assert combo.discount is not None
            taken = combo.discount.included
            rows.append(
                [
                    words("csv_combo"),
                    members,
                    label,
                    None,
                    *points(None),
                    *points(None),
                    words.bracketed("combo_discount", taken) + mark(combo.tax),
                    combo.note,
                    *extra(combo.members),
                ]
            )
    for fee in report.fees:
        # A fee for some treatments or doses names them where a treatment goes.
        scope = words.join_names(words.text(t) for t in fee.applies_to)
        priced(
            "csv_optional_fee" if asked_for(fee) else "csv_fee",
            scope,
            words.text(fee.name),
            None,
            fee.price,
            fee.tax,
            fee.note,
            fee.members,
            group=fee_group_text(words, fee.group, fee.one_of),
            when=fee_charged(words, fee, report.discount_segments),
        )
    for goods in report.goods:
        priced(
            "csv_goods",
            "",
            words.text(goods.name),
            None,
            goods.price,
            goods.tax,
            goods.note,
            goods.members,
            unit=None if goods.unit is None else unit_word(words, goods.unit, 1),
            goods_kind=None if goods.kind is None else goods_kind_text(words, goods.kind),
        )
        if goods.monthly is not None:
            # Its 定期便 a row of its own, as a plan's terms are: the same columns, the price
            # a month, the fewest deliveries said where a note goes.
            priced(
                "csv_goods_monthly",
                "",
                words.text(goods.name),
                None,
                goods.monthly,
                goods.tax,
                words("goods_min_months", months=goods.min_months)
                if goods.min_months != 1
                else words("goods_monthly_asked"),
                unit=None if goods.unit is None else unit_word(words, goods.unit, 1),
                goods_kind=None if goods.kind is None else goods_kind_text(words, goods.kind),
            )
    excluded = not report.clinic.prices_include_tax
    for discount in report.discounts:
        shown = discount.amount_shown
        if discount.amount is None:
            off = words("discount_percent", percent=discount.percent)
            amounts: list[Cell] = [*points(None), *points(None)]
        else:
            amount = words.amount(discount.amount, shown, excluded=excluded)
            off = words("discount_amount", amount=amount)
            catalog = YenRange.exact(discount.amount)
            if shown is not None:
                amounts = [*points(shown.included), *points(shown.excluded)]
            elif excluded:
                amounts = [*points(None), *points(catalog)]
            else:
                amounts = [*points(catalog), *points(None)]
        # What it comes off where a treatment goes, as a fee's scope does, and its conditions
        # in the page's words.
        applies, conditions = discount_terms(words, discount, excluded=excluded)
        rows.append(
            [
                words("csv_discount"),
                applies,
                words.text(discount.name),
                discount.min_sessions,
                *amounts,
                off + mark(discount.tax),
                discount.note,
                *extra((), conditions=words("list_join").join(conditions) or None),
            ]
        )
    # The page's own statements after the prices: the contact point (DOMAIN §5), the tax
    # note, each treatment's self-pay notice, the notes and the closing notices; their
    # section's heading where a treatment goes, as a row's kind names no section.
    # A note its row carries in the note column is not said twice.
    column = rows[0].index(words("note"))
    carried = {cell for row in rows[1:] if isinstance(cell := row[column], str) and cell}
    empty = [None, *points(None), *points(None)]
    for section, label, text in statements(layout(report, words.locale), carried):
        rows.append([words("csv_statement"), section, label, *empty, text, None, *extra(())])
    return rows


def statements(document: Document, carried: Iterable[str] = ()) -> list[tuple[str, str, str]]:
    """A laid-out page's statements: the facts before its first heading and every paragraph.

    The one reading of them for a CSV whose rows are the page's items (a price list's), so
    the CSV carries every sentence the page does: each as (its section's heading, or the
    page's title before the first; the fact's label, else empty; its text). An item's note
    (a paragraph's ``row_note``) that a row carries, exactly (``carried``, its note column),
    is left to that row; any other note is said, whatever text it shares with one.

    Example:
        >>> from supecost.report.blocks import Document, Facts, Heading, Paragraph
        >>> page = Document("料金表", "", "ja", (Facts((("お問い合わせ先", "03"),)),
        ...     Heading(2, "ご注意"), Paragraph("自由診療", "notice"), Facts((("月額", "1円"),)),
        ...     Paragraph("注記（セット）：平日のみ", "note", "平日のみ"),
        ...     Paragraph("注記（標準的な回数）：土日休診のため平日のみ", "note")))
        >>> for statement in statements(page, carried=["平日のみ"]):
        ...     print(statement)
        ('料金表', 'お問い合わせ先', '03')
        ('ご注意', '', '自由診療')
        ('ご注意', '', '注記（標準的な回数）：土日休診のため平日のみ')

    Args:
        document: The page laid out in the CSV's locale.
        carried: The notes the CSV's rows carry already.

    Returns:
        The statements, in the page's order.
    """
    notes = frozenset(carried)
    found: list[tuple[str, str, str]] = []
    section = document.title
    headed = False
    for block in document.blocks:
        if isinstance(block, Heading):
            section, headed = block.text, True
        elif isinstance(block, Facts) and not headed:
            found.extend((section, label, value) for label, value in block.items)
        elif isinstance(block, Paragraph):
            if block.row_note is not None and block.row_note in notes:
                continue
            found.append((section, "", block.text))
    return found


def laid_out(
    document: Document,
    words: Words,
    figures: Sequence[Sequence[list[Cell]]],
    figured: Collection[Block] = (),
) -> list[list[Cell]]:
    """A laid-out document's rows: its text as the other formats show it, its figures as numbers.

    The one reading of a layout for CSV, so the CSV carries every block Markdown, HTML
    and PDF carry: each heading is a row of its own, each fact a row (its label, its
    value), each paragraph a row (a note under 注記, an addressee under 宛名, any other under
    its section's heading), and in place of the ``n``-th table (the ``Total`` box counted as
    one) come ``figures[n]``, the same rows with amounts as whole-yen cells in the CSV's
    columns. A chart is an image, not a row, and a block in ``figured`` is one the figures
    already say (in numbers), so it is said once.

    Example:
        >>> from supecost.report.blocks import Document, Facts, Heading, Paragraph, Total
        >>> page = Document("見積", "", "ja", (Facts((("発行日", "4月1日"),)),
        ...     Total("合計", "5,000円"), Heading(2, "ご注意"), Paragraph("自由診療", "notice")))
        >>> laid_out(page, Words("ja_JP"), [[["合計", 5000]]])
        [['発行日', '4月1日'], ['合計', 5000], ['ご注意'], ['ご注意', '自由診療']]
        >>> from supecost.report.blocks import Chart
        >>> laid_out(Document("比較", "", "ja", (Chart("<svg/>", "図"),)), Words("ja_JP"), [])
        []

    Args:
        document: The report laid out in the CSV's locale.
        words: The CSV's words.
        figures: Each table's rows, in the order the document has its tables.
        figured: Blocks the figures carry, left out.

    Returns:
        The rows, in the document's order.
    """
    rows: list[list[Cell]] = []
    tables = iter(figures)
    section = document.title
    for block in document.blocks:
        if block in figured:
            continue
        if isinstance(block, Heading):
            section = block.text
            rows.append([section])
        elif isinstance(block, Facts):
            rows.extend([label, value] for label, value in block.items)
        elif isinstance(block, Paragraph):
            kind = {"note": words("note"), "addressee": words("addressee")}
            rows.append([kind.get(block.kind, section), block.text])
        elif isinstance(block, Table | Total):
            rows.extend(next(tables))
    return rows


def _estimate(report: Estimate, words: Words) -> list[list[Cell]]:
    from supecost.report.document import _cheaper_notes, layout, runner_up_label, total_label
    from supecost.report.lines import line_name

    header: list[Cell] = [
        words("csv_kind"),
        words("item"),
        words("quantity"),
        *range_header(words, words("unit_price")),
        *range_header(words, words("amount")),
        # Each rate's amounts have columns of their own, as the document's table by rate:
        # a rate's tax-included total under the lines' (maybe before-tax) amounts would
        # read as the rate's base.
        *range_header(words, words("taxable")),
        *range_header(words, words("consumption_tax")),
        *range_header(words, words("amount_included")),
    ]
    blank = [None, *points(None), *points(None)]
    plan = report.plan
    total: list[list[Cell]] = [
        [
            words("csv_total"),
            total_label(words, report),
            None,
            *points(None),
            *at_points(plan.total, plan.bills),
        ]
    ]
    if report.cheapest is not None:
        # The cheapest total at another point, in that point's column only.
        for cheaper in report.cheaper:
            label = cheaper_label(words, cheaper, report.cheapest.typical_point)
            amount = [cheaper.total if point is cheaper.point else None for point in Scenario]
            total.append([words("csv_total"), label, None, *points(None), *amount])
    # Named as the estimate's document names it (a plan's month, an enrollment fee, a combo
    # sold with single sessions only): the CSV has no column for the kind.
    lines: list[list[Cell]] = [
        [
            words("csv_line"),
            line_name(words, line) + (words("reduced_mark") if line.reduced else ""),
            line.quantity,
            *points(line.unit_price),
            *points(line.amount),
        ]
        for line in plan.lines
    ]
    rates: list[list[Cell]] = [
        [
            words("csv_tax"),
            words.rate(tax.category, tax.rate),
            *blank,
            *at_points(tax.taxable, tax.taxable_points),
            *at_points(tax.tax, tax.tax_points),
            *at_points(tax.total, tax.total_points),
        ]
        for tax in plan.tax
    ]
    figures = [total, lines, rates]
    if plan.payments:
        figures.append(
            [
                [
                    words("csv_payment"),
                    words.payment_month(payment.month),
                    None,
                    *points(None),
                    *at_points(payment.amount, payment.points),
                ]
                for payment in plan.payments
            ]
        )
    if report.runners_up:
        figures.append(
            [
                [
                    words("csv_runner_up"),
                    runner_up_label(words, report, other),
                    None,
                    *points(None),
                    *points(other.total),
                ]
                for other in report.runners_up
            ]
        )
    if report.across:
        # A range of counts: the cheapest at each, as the document lists them under the plan.
        figures.append(
            [
                [
                    words("quote_across"),
                    cheapest_cell(words, point.cheapest),
                    point.sessions,
                    *points(None),
                    *points(point.total),
                ]
                for point in report.across
            ]
        )
    # The cheapest way at another point is said once, as the total's rows above: its amount
    # a number in its point's column, which a spreadsheet sums and compares, where the page's
    # sentence repeats the same name with the amount as text (「…が最安：471,300円」).
    said = _cheaper_notes(words, report)
    rows = [header, *laid_out(layout(report, words.locale), words, figures, said)]
    # Every row as wide as the header: the rate columns are empty but on the rate rows.
    width = len(header)
    return [row + [None] * (width - len(row)) for row in rows]


def _comparison(report: Comparison, words: Words) -> list[list[Cell]]:
    from supecost.report.document import unit_discounts_named

    names = [words.text(way.name) for way in report.ways]
    # Every total includes tax (once per rate), and its headers say so in the price list's word.
    included = "csv_range_included"
    header: list[Cell] = [
        words("sessions"),
        words("cheapest"),
        *range_header(words, words("cheapest_total"), template=included),
    ]
    # A way whose unit prices include a per-unit discount at some count gains a column after
    # its totals, naming them at each count as the quote's CSV does: other ways keep theirs.
    discounted = [bool(way.unit_discounts) for way in report.ways]
    for name, more in zip(names, discounted, strict=True):
        header.extend(range_header(words, name, template=included))
        if more:
            header.append(words("csv_range", label=name, end=words("unit_discounts")))
    rows: list[list[Cell]] = [header]
    by_label = dict(zip((w.label for w in report.ways), names, strict=True))
    prices_included = report.clinic.prices_include_tax
    for row in report.rows:
        cells: list[Cell] = [
            row.sessions,
            by_label.get(row.best, row.best)
            if row.cheapest is None
            else cheapest_cell(words, row.cheapest),
            *points(row.best_total),
        ]
        off = row.unit_discounts or ((),) * len(report.ways)
        for way, total, ids in zip(report.ways, row.totals, off, strict=True):
            cells.extend(points(total))
            if way.unit_discounts:
                named = [entry for entry in way.unit_discounts if entry.id in ids]
                cells.append(
                    unit_discounts_named(words, named, prices_include_tax=prices_included) or None
                )
        rows.append(cells)
    return rows
