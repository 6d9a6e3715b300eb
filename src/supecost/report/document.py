"""A report laid out as plain blocks of text in one locale, for Markdown and HTML alike.

:func:`layout` turns a price list, an estimate or a comparison into a
:class:`Document`: headings, paragraphs, label-value facts, tables and a chart.
Every amount is formatted here, through :mod:`supecost.l10n`, and every word
comes from :mod:`supecost.report.messages`. The text is not escaped: each
renderer escapes for its own format, so catalog text never becomes markup.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.report.model import price_list
>>> page = layout(price_list(reference_catalog(), on=date(2026, 4, 1)), "ja_JP")
>>> page.title
'料金表'
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from datetime import date
from typing import Final, NamedTuple, TypeVar

from supecost.catalog import Charged, Fee, FeeTrigger
from supecost.l10n import month_name
from supecost.money import Scenario, YenRange
from supecost.quotes import TypicalPoint, as_segments
from supecost.report.blocks import (
    Align,
    Block,
    Chart,
    Document,
    Facts,
    Heading,
    Localized,
    Paragraph,
    Table,
    Total,
    UnitName,
)
from supecost.report.figures import Shown, beyond
from supecost.report.lines import exempt_item, line_name, plan_discount_note
from supecost.report.model import (
    BundleEntry,
    CampaignDose,
    ClinicInfo,
    Comparison,
    DiscountEntry,
    Estimate,
    FeeEntry,
    GoodsEntry,
    IncludedGoods,
    InstalmentEntry,
    LadderEntry,
    LoanTerm,
    PackageEntry,
    PriceList,
    Report,
    RunnerUp,
    SubscriptionEntry,
    TreatmentEntry,
)
from supecost.report.svg import chart
from supecost.report.words import (
    Words,
    addressee_text,
    break_even_assumes,
    cheaper_line,
    cheapest_cell,
    cheapest_points,
    course_length_note,
    each_price,
    entry_name,
    first_month_text,
    goods_kind_text,
    intro_audience,
    ladder_places,
    not_with_conditions,
    package_contents,
    per_session_label,
    point_name,
    quantity_text,
    restricted_label,
    segment_header,
    segment_words,
    segments_condition,
    segments_text,
    segments_who,
    single_price,
    ticket_headers,
    unit_ticket_cells,
    unit_word,
    unused_label,
    window_text,
    with_changes,
)
from supecost.tax import TaxCategory

__all__ = [
    "Block",
    "Chart",
    "Document",
    "Facts",
    "Heading",
    "Paragraph",
    "Table",
    "Words",
    "bundle_cells",
    "discount_terms",
    "fee_charged",
    "fee_group_name",
    "fee_group_text",
    "fee_price",
    "fee_scope",
    "included_goods",
    "layout",
    "runner_up_label",
    "total_label",
    "treatment_disclosures",
]

_T = TypeVar("_T")


def layout(report: Report, locale: str | None = None) -> Document:
    """Lay a report out in a locale (the report's own when ``None``).

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> page = layout(price_list(reference_catalog(), on=date(2026, 4, 1)), "en_US")
        >>> page.title, page.lang
        ('Price list', 'en')

    Args:
        report: The report.
        locale: The locale; the one the report was built with when ``None``.

    Returns:
        The document.
    """
    words = Words(locale or report.locale, report.clinic.segment_names())
    if isinstance(report, PriceList):
        return _price_list(report, words)
    if isinstance(report, Estimate):
        return _estimate(report, words)
    return _comparison(report, words)


def _document(words: Words, title: str, subtitle: str, blocks: Sequence[Block]) -> Document:
    return Document(
        title=title,
        subtitle=subtitle,
        lang=words.locale.split("_")[0],
        blocks=tuple(blocks),
        footer=words("generated_by"),
    )


def _clinic_facts(clinic: ClinicInfo, words: Words) -> list[tuple[str, str]]:
    facts = [(words("clinic"), words.text(clinic.name))]
    if clinic.registration_number is not None:
        facts.append((words("registration_number"), clinic.registration_number))
    facts.append((words("contact"), clinic.contact or words("missing")))
    return facts


def _closing(
    words: Words,
    *,
    reduced: bool,
    ranges: bool = False,
    estimate: bool = False,
    exempt: Sequence[str] = (),
    typical: TypicalPoint = TypicalPoint.STATED,
) -> list[Block]:
    """The closing notices; ``exempt`` names the non-taxable items the page shows (insured
    care, DOMAIN §1), which the self-pay statement then leaves out by name, so it stays true."""
    blocks: list[Block] = [Heading(2, words("disclosures"))]
    if estimate:
        blocks.append(Paragraph(words("estimate_notice"), "notice"))
    named = list(dict.fromkeys(exempt))
    self_pay = (
        words(
            "self_pay_long_except",
            items=words.listed(named, "exempt_join"),
        )
        if named
        else words("self_pay_long")
    )
    blocks += [
        Paragraph(self_pay, "notice"),
        Paragraph(words("deduction"), "notice"),
    ]
    if reduced:
        blocks.append(Paragraph(words("reduced_legend"), "notice"))
    if ranges:
        # Ranges only from unknown gaps are no price range of the menu's: their ends said.
        gaps = typical is TypicalPoint.GAPS
        blocks.append(Paragraph(words("range_notice_gaps" if gaps else "range_notice"), "notice"))
    return blocks


def _tax_note(words: Words, clinic: ClinicInfo, on: date) -> Paragraph:
    """That every amount includes tax, and the date of the rates: a price list's words, which a
    comparison's totals (tax computed once per rate, as a quote's) say alike."""
    included = "prices_note_included" if clinic.prices_include_tax else "prices_note_excluded"
    return Paragraph(
        words(included) + words("sentence_join") + words("tax_date", date=words.date(on))
    )


def _note(
    words: Words, text: str | None, who: str | None = None, *, of_row: bool = True
) -> list[Block]:
    """A note's paragraph; ``of_row``: the note is an item's own (not a fact's), which the
    price list's CSV carries in the item's row, so the paragraph says which note it is."""
    if text is None:
        return []
    label = words("note_of", label=words("note"), who=who) if who else words("note")
    return [Paragraph(words("note_line", label=label, text=text), "note", text if of_row else None)]


def _course_cost(words: Words, cost: YenRange, plan: Localized | None) -> str:
    """A usual course's cost with the way of buying it, or, where doses are bought in
    different ways (no ``plan``), the range from the cheapest dose's course to the
    dearest one's, as an advertised cost without one standard figure is shown."""
    if plan is None:
        return words.bracketed("typical_cost_doses", cost)
    return words.bracketed("typical_cost_value", cost, plan=words.text(plan))


def _campaign_dose(words: Words, entry: CampaignDose) -> str:
    """A dose's course at a first-patients-only price, its standard cost beside it."""
    return words.bracketed(
        "typical_cost_campaign_dose",
        entry.cost,
        dose=words.text(entry.dose),
        plan=words.text(entry.plan),
        standard=words.bracketed("", entry.standard),
    )


def _mark(words: Words, category: TaxCategory) -> str:
    return words("reduced_mark") if category is TaxCategory.REDUCED else ""


def _monthly_cell(words: Words, goods: GoodsEntry, beside: bool, mark: str) -> str:
    """A goods item's 定期便: its price a month and fewest deliveries; empty where it has none."""
    if goods.monthly is None:
        return ""
    price = words.price(goods.monthly, tax_excluded=beside) + mark
    if goods.min_months == 1:
        return words("goods_monthly_price_any", price=price)
    return words("goods_monthly_price", price=price, months=goods.min_months)


def _validity(words: Words, entry: BundleEntry | PackageEntry, windowed: bool) -> tuple[str, ...]:
    """A set's or a package's period of validity, then its sales window where a column has one.

    One without a period says the catalog states none: it may be a prepaid payment
    instrument (SC013), so a reader sees it alike for sets and packages.
    """
    months = (
        words("no_expiry")
        if entry.valid_months is None
        else words("months_count", count=entry.valid_months)
    )
    if not windowed:
        return (months,)
    return (
        months,
        window_text(words, entry.valid_from, entry.valid_until, entry.first_n, entry.per_patient),
    )


def _extra_unit_headers(words: Words, extra: str, segments: Sequence[str]) -> tuple[str, ...]:
    """The label of each segment's price of a further unit (「…の会員価格」)."""
    return tuple(words("extra_unit_segment", extra=extra, segment=segment) for segment in segments)


def _priced(rows: Iterable[Sequence[object]], count: int) -> tuple[int, ...]:
    """The places of the segments some row of one table has a price of its own for.

    A segment whose every price in a table is the regular one gets no column there: a
    segment known only through a discount (学割) is never said to pay 「通常価格と同じ」
    where its discount makes it pay less; the discount's own line says what it pays.
    """
    rows = list(rows)
    return tuple(
        place
        for place in range(count)
        if any(place < len(row) and row[place] is not None for row in rows)
    )


def _kept(values: Sequence[_T], places: Sequence[int]) -> tuple[_T, ...]:
    """The values at ``places`` (:func:`_priced`): a table's segment columns or cells."""
    return tuple(values[place] for place in places)


def _member_facts(
    words: Words,
    headers: Sequence[str],
    members: Sequence[Shown | None],
    mark: str,
    beside: bool,
    by_place: bool = False,
) -> list[tuple[str, str]]:
    """A record's segment prices as facts, one for each segment with a price of its own."""
    cells = _member_cells(words, members, mark, beside, by_place)
    return [
        (header, cell)
        for header, cell, shown in zip(headers, cells, members, strict=True)
        if shown is not None
    ]


def _member_cells(
    words: Words, members: Sequence[Shown | None], mark: str, beside: bool, by_place: bool = False
) -> tuple[str, ...]:
    """One cell per segment: its price, or that it pays the regular one.

    ``by_place``: the cells are single prices a ladder sets, which say so as the
    regular one does.
    """
    return tuple(
        words("segment_same")
        if shown is None
        else single_price(words, shown, by_place, beside=beside, mark=mark)
        for shown in members
    )


# ---------------------------------------------------------------------------
# Price list


def _price_list(report: PriceList, words: Words) -> Document:
    beside = report.show_tax_excluded
    blocks: list[Block] = [Facts(tuple(_clinic_facts(report.clinic, words)))]
    blocks.append(_tax_note(words, report.clinic, report.on))
    reduced = False
    segments = tuple(_segment_heading(words, report, segment) for segment in report.segments)
    right: Align = "right"
    for entry in report.treatments:
        reduced = (
            reduced
            or entry.tax is TaxCategory.REDUCED
            or any(option.tax is TaxCategory.REDUCED for option in entry.options)
        )
        blocks.extend(_treatment(entry, words, beside, segments))
    if report.combos:
        blocks.append(Heading(2, words("combos")))
        rows: list[tuple[str, ...]] = []
        notes: list[Block] = []
        keep = _priced((combo.members for combo in report.combos), len(segments))
        for combo in report.combos:
            members = words.join_names(words.text(t) for t in combo.treatments)
            name = entry_name(words, combo.name, combo.id)
            if combo.discount is not None:
                price = words.bracketed("combo_discount", combo.discount.included)
            else:
                assert combo.price is not None
                price = words("combo_price", amount=words.price(combo.price, tax_excluded=beside))
            if combo.single_sessions_only:
                members = restricted_label(words, members)
            mark = _mark(words, combo.tax)
            rows.append(
                (
                    name,
                    members,
                    price + mark,
                    *_member_cells(words, _kept(combo.members, keep), mark, beside),
                )
            )
            notes.extend(_note(words, combo.note, name))
        blocks.append(
            Table(
                (words("offer"), words("combo_treatments"), words("price"), *_kept(segments, keep)),
                tuple(rows),
                ("left", "left", "right", *(right for _ in keep)),
            )
        )
        blocks.extend(notes)
    if report.packages:
        # 「複数の治療のセット」 is false of a package of one treatment (a first-time set
        # with an expiry is written so): the plain heading then.
        several = all(len(package.contents) > 1 for package in report.packages)
        blocks.append(Heading(2, words("packages" if several else "packages_any")))
        rows = []
        notes = []
        windowed = any(
            p.valid_from or p.valid_until or p.first_n or p.per_patient for p in report.packages
        )
        keep = _priced((package.members for package in report.packages), len(segments))
        for package in report.packages:
            name = words.text(package.name)
            mark = _mark(words, package.tax)
            first = (
                words("package_no_intro")
                if package.intro_price is None
                else words.price(package.intro_price, tax_excluded=beside) + mark
            )
            rows.append(
                (
                    name,
                    package_contents(words, package.contents, package.shared),
                    words.price(package.price, tax_excluded=beside) + mark,
                    *_member_cells(words, _kept(package.members, keep), mark, beside),
                    first,
                    *_validity(words, package, windowed),
                )
            )
            notes.extend(_note(words, package.note, name))
        blocks.append(
            Table(
                (
                    words("offer"),
                    words("package_contents"),
                    words("price"),
                    *_kept(segments, keep),
                    words("package_intro_price"),
                    words("valid_months"),
                    *((words("on_sale"),) if windowed else ()),
                ),
                tuple(rows),
                (
                    "left",
                    "left",
                    "right",
                    *(right for _ in keep),
                    "right",
                    "left",
                    *(("left",) if windowed else ()),
                ),
            )
        )
        blocks.extend(notes)
    if report.fees:
        blocks.append(Heading(2, words("fees")))
        notes = []
        rows = []
        scoped = any(fee.applies_to for fee in report.fees)
        joiner = _joiner(words)
        # A joining fee's cells say its segment does not pay it (不要): its column stays,
        # unless the segment has no price for the column to name (only discounts, 学割).
        keep = _priced(
            (
                tuple(
                    True if segment == fee.joins not in report.discount_segments else None
                    for segment in report.segments
                )
                if fee.joins is not None
                else fee.members
                for fee in report.fees
            ),
            len(segments),
        )
        for fee in report.fees:
            # The mark goes after each price, never the name: one rule for every table and
            # format (the CSV's price text carries it alike).
            name = words.text(fee.name)
            mark = _mark(words, fee.tax)
            reduced = reduced or fee.tax is TaxCategory.REDUCED
            # A named group's words say the fee is optional; else the row says so itself.
            said = fee_optional_text(words, fee) if fee.group is None else None
            grouped = fee_group_text(words, fee.group, fee.one_of)
            charged = fee_charged(words, fee, report.discount_segments)
            when = joiner.join(filter(None, (charged, said, grouped)))
            # A fee for some treatments or doses only says which; the others apply to every one.
            scope = (fee_scope(words, fee),) if scoped else ()
            rows.append(
                (
                    name,
                    fee_price(words, fee, words.price(fee.price, tax_excluded=beside) + mark),
                    *_joining_cells(
                        words, fee, _member_cells(words, _kept(fee.members, keep), mark, beside)
                    ),
                    *scope,
                    when,
                )
            )
            notes.extend(_note(words, fee.note, words.text(fee.name)))
        scope_header = (words("applies_to"),) if scoped else ()
        blocks.append(
            Table(
                (
                    words("item"),
                    words("price"),
                    *_kept(segments, keep),
                    *scope_header,
                    words("fee_when"),
                ),
                tuple(rows),
                ("left", "right", *(right for _ in keep), *(("left",) if scoped else ()), "left"),
            )
        )
        blocks.extend(notes)
    if report.goods:
        # Goods are no treatment: no session, no medical notice; a unit's price and its rate.
        blocks.append(Heading(2, words("goods")))
        notes = []
        rows = []
        # A unit column only where the catalog names a unit, and a kind column (食品, 化粧品:
        # why an item has its rate) only where it names a kind: a plain list keeps two columns.
        counted = any(goods.unit is not None for goods in report.goods)
        kinds = any(goods.kind is not None for goods in report.goods)
        # A 定期便 column only where some item is delivered monthly.
        monthly = any(goods.monthly is not None for goods in report.goods)
        keep = _priced((goods.members for goods in report.goods), len(segments))
        for goods in report.goods:
            reduced = reduced or goods.tax is TaxCategory.REDUCED
            unit = "" if goods.unit is None else unit_word(words, goods.unit, 1)
            kind = "" if goods.kind is None else goods_kind_text(words, goods.kind)
            # After each price, as every other table and the CSV put it: not on the name.
            mark = _mark(words, goods.tax)
            rows.append(
                (
                    words.text(goods.name),
                    words.price(goods.price, tax_excluded=beside) + mark,
                    *_member_cells(words, _kept(goods.members, keep), mark, beside),
                    *((unit,) if counted else ()),
                    *((kind,) if kinds else ()),
                    *((_monthly_cell(words, goods, beside, mark),) if monthly else ()),
                )
            )
            notes.extend(_note(words, goods.note, words.text(goods.name)))
        blocks.append(
            Table(
                (
                    words("item"),
                    words("price"),
                    *_kept(segments, keep),
                    *((words("goods_unit"),) if counted else ()),
                    *((words("goods_kind"),) if kinds else ()),
                    *((words("goods_monthly"),) if monthly else ()),
                ),
                tuple(rows),
                (
                    "left",
                    "right",
                    *(right for _ in keep),
                    *(("left",) if counted else ()),
                    *(("left",) if kinds else ()),
                    *(("left",) if monthly else ()),
                ),
            )
        )
        blocks.extend(notes)
    if report.discounts:
        blocks.append(Heading(2, words("discounts")))
        notes = []
        rows = []
        excluded = not report.clinic.prices_include_tax
        for discount in report.discounts:
            off = _discount_off(words, discount, excluded=excluded)
            applies, conditions = discount_terms(words, discount, excluded=excluded)
            rows.append(
                (words.text(discount.name), off, applies, words("list_join").join(conditions))
            )
            notes.extend(_note(words, discount.note, words.text(discount.name)))
        blocks.append(
            Table(
                (words("item"), words("discount_off"), words("applies_to"), words("conditions")),
                tuple(rows),
                ("left", "right", "left", "left"),
            )
        )
        blocks.extend(notes)
    if report.loans:
        # One line a loan; the estimate gives each one's monthly payment of its total.
        blocks.append(Heading(2, words("loans")))
        blocks.extend(Paragraph(loan_text(words, term), "item") for term in report.loans)
    # Non-taxable items listed (insured care: DOMAIN §1) are no self-pay: named as not.
    listed: list[TreatmentEntry | FeeEntry | GoodsEntry] = [
        *report.treatments,
        *report.fees,
        *report.goods,
    ]
    exempt = [
        words.text(item.name)
        for item in listed
        if exempt_item(None, item.tax is TaxCategory.EXEMPT)
    ]
    blocks.extend(_closing(words, reduced=reduced, exempt=exempt))
    return _document(words, words("price_list_title"), words.text(report.clinic.name), blocks)


def discount_terms(
    words: Words, discount: DiscountEntry, *, excluded: bool, as_catalog: bool = False
) -> tuple[str, list[str]]:
    """What a discount comes off and its conditions, as the price list's discount table says.

    For the price list and ``catalog show`` alike: the treatments' single sessions and the
    offers it names (or the whole bill); then who, when, how many, the least bought,
    whether it stacks, and whether a combo's saving is taken beside it.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import validate_catalog
        >>> from supecost.report.model import discount_entries
        >>> bill = {"id": "bill", "name": "Bill", "percent": 5, "min_amount": 300000,
        ...         "stacks": True}
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "K"},
        ...     "treatments": [{"id": "iv", "name": "IV", "price": 20000}], "discounts": [bill]})
        >>> (found,) = discount_entries(catalog, ("bill",), on=date(2026, 4, 1))
        >>> discount_terms(Words("ja_JP"), found, excluded=False)
        ('お会計全体', ['300,000円以上のお会計', '他の割引と併用可'])

    Args:
        words: The words of the page.
        discount: The discount, from :func:`~supecost.report.model.discount_entries`.
        excluded: Whether the catalog's prices are before tax.
        as_catalog: Give the least amount as the catalog writes it (``catalog show``, whose
            heading says whether its prices include tax) rather than tax-included first.

    Returns:
        What it comes off, and its conditions in the table's order.
    """
    named = [words("single_sessions_of", name=words.text(t)) for t in discount.single_sessions_of]
    named += [words.text(t) for t in discount.applies_to]
    applies = words("list_join").join(named) if named else words("whole_bill")
    conditions = []
    if discount.new_patients_only:
        conditions.append(words("cond_new_patients"))
    if discount.valid_from is not None:
        conditions.append(words("cond_from", date=words.date(discount.valid_from)))
    if discount.valid_until is not None:
        conditions.append(words("cond_until", date=words.date(discount.valid_until)))
    if discount.first_n is not None:
        conditions.append(words("first_n", count=discount.first_n))
    if discount.birth_month_only:
        conditions.append(words("cond_birth_month"))
    if discount.segments:
        conditions.append(segments_condition(words, discount.segments))
    if discount.min_sessions is not None:
        conditions.append(words("cond_min_sessions", count=discount.min_sessions))
    if discount.min_amount is not None:
        least = (
            words.money(YenRange.exact(discount.min_amount))
            if as_catalog
            else words.amount(discount.min_amount, discount.min_amount_shown, excluded=excluded)
        )
        conditions.append(words("cond_min_amount", amount=least))
    if discount.stacks:
        conditions.append(words("cond_stacks"))
    elif discount.excludes:
        # Only the discounts the engine would not take beside it; nothing where there are none.
        names = words.listed((words.text(name) for name in discount.excludes), "excludes_join")
        conditions.append(words("cond_excludes", names=names))
    if discount.without_combos:
        conditions.append(words("cond_without_combos"))
    conditions += not_with_conditions(words, discount.not_with)
    return applies, conditions


def _joiner(words: Words) -> str:
    return words("list_join")


_NO_NAMES: Final[Mapping[str, str]] = {}
"""No names for a fee's waiving offers: each shown as its id (never changed)."""


def fee_charged(
    words: Words,
    fee: FeeEntry | Fee,
    discounted: Collection[str] = (),
    names: Mapping[str, str] = _NO_NAMES,
) -> str:
    """When a fee is charged and to whom, as the price list's fee table says it.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> fee = price_list(reference_catalog(), on=date(2026, 4, 1)).fees[0]
        >>> fee_charged(Words("ja_JP"), fee), fee_charged(Words("en_US"), fee)
        ('初診時（当院が初めての方）', 'first visit (new patients)')

    Args:
        words: The words of the page.
        fee: The fee, from a price list or a catalog.
        discounted: The segments only discounts are for (``PriceList.discount_segments``):
            a joining fee of one says no price follows joining.
        names: A catalog fee's waiving offers' names by id, as the catalog table shows them.

    Returns:
        How often it is charged (a scoped per-visit fee: at the visits with its
        treatments), then whether only to new patients, whether it is waived on
        a day with treatment, and what day or hour of the visit brings it (``trigger``).
    """
    if fee.joins is not None:
        # A joining fee is refused with any other rule: its one rule is joining, once or yearly.
        key = (
            "fee_charged_yearly_joining" if fee.charged is Charged.YEARLY else "fee_charged_joining"
        )
        # Joining a segment no record prices brings its discounts, never its prices.
        key += "_discounts" if fee.joins in discounted else ""
        return segment_words(words, key, key, fee.joins)
    # The fee's scope changes when these are charged, so their words name it.
    by_scope = fee.charged in (Charged.EVERY_VISIT, Charged.RETURN_VISIT, Charged.FIRST_TIME)
    scoped = "_scoped" if by_scope and fee.applies_to else ""
    cancelled = fee.optional and fee.trigger is FeeTrigger.CANCELLATION
    # A cancelled visit is no visit had: 「ご利用ごと」 would say it is charged for visits.
    when = [
        words(
            "fee_charged_cancellation" if cancelled else f"fee_charged_{fee.charged.value}{scoped}"
        )
    ]
    if fee.new_patients_only:
        when.append(words("cond_new_patients"))
    if fee.waived_when_treated:
        when.append(words("fee_waived_when_treated"))
    if fee.optional and fee.trigger in _BROUGHT_BY:
        # Not "only if requested": the day or hour of the visit brings it (土日祝加算, 時間外).
        when.append(words(_BROUGHT_BY[fee.trigger]))
    if fee.waived_with:
        # A price list's entry names the offers; a catalog's own fee (the catalog table) has
        # their ids, which ``names`` names as that table names each record.
        offers = [names.get(o, o) if isinstance(o, str) else words.text(o) for o in fee.waived_with]
        # Any one of them waives it: joined as alternatives, not as the rule's list.
        when.append(words("fee_waived_with", offers=words("offers_either").join(offers)))
    return _joiner(words).join(when)


def included_goods(words: Words, includes: Sequence[IncludedGoods]) -> str:
    """The goods a set includes, as its note on the price list and ``catalog show`` say them
    (「…1箱」).

    Example:
        >>> from supecost.report.model import IncludedGoods, Localized
        >>> from supecost.report.words import UnitName
        >>> supp = IncludedGoods(Localized("サプリ", "Supplement"), 2, UnitName("箱", "box",
        ...                      en_other="boxes"))
        >>> included_goods(Words("ja_JP"), (supp,)), included_goods(Words("en_US"), (supp,))
        ('サプリ 2箱', 'Supplement, 2 boxes')

    Args:
        words: The words of the page.
        includes: A set's goods (``BundleEntry.includes``, ``model.included_of``).

    Returns:
        Each goods record with its count and unit, joined as a list.
    """
    return _joiner(words).join(
        words(
            "included_goods",
            name=words.text(item.name),
            count=item.count,
            unit=unit_word(words, item.unit, item.count),
        )
        for item in includes
    )


def fee_price(words: Words, fee: FeeEntry | Fee, price: str) -> str:
    """A fee's price as a price list shows it: a yearly fee's says so (「11,000円／年」).

    Example:
        >>> from supecost.catalog import Fee
        >>> fee = Fee(id="annual", name="年会費", price=11000, charged="yearly")
        >>> fee_price(Words("ja_JP"), fee, "11,000円"), fee_price(Words("en_US"), fee, "¥11,000")
        ('11,000円／年', '¥11,000 per year')

    Args:
        words: The words of the page.
        fee: The fee, from a price list or a catalog.
        price: Its price, as the page writes a price.

    Returns:
        The price, with 「／年」 ("per year") where the fee is charged yearly.
    """
    return words("price_per_year", price=price) if fee.charged is Charged.YEARLY else price


def _joining_cells(words: Words, fee: FeeEntry, cells: tuple[str, ...]) -> tuple[str, ...]:
    """A fee's segment cells; a patient of any segment joins none, so pays no joining fee."""
    return cells if fee.joins is None else (words("segment_not_charged"),) * len(cells)


def _segment_heading(words: Words, report: PriceList, segment: str) -> str:
    """A segment's price column heading, with its joining fee: 「会員価格（入会金 11,000円）」."""
    header = segment_header(words, segment)
    for fee in report.fees:
        if fee.joins == segment:
            # The page says whether prices include tax.
            price = fee_price(words, fee, words.money(fee.price.included))
            return words(
                "segment_joining_fee", header=header, fee=words.text(fee.name), price=price
            )
    return header


def fee_scope(words: Words, fee: FeeEntry) -> str:
    """What a fee is charged with: the treatments or doses it names, or every treatment.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> fee = price_list(reference_catalog(), on=date(2026, 4, 1)).fees[0]
        >>> fee_scope(Words("ja_JP"), fee)
        'すべての治療'

    Args:
        words: The words of the page.
        fee: The fee, from a price list.

    Returns:
        The names, joined as the page's language joins a list.
    """
    return _joiner(words).join(words.text(t) for t in fee.applies_to) or words("every_treatment")


def fee_optional_text(words: Words, fee: FeeEntry | Fee) -> str | None:
    """「ご希望の場合のみ」 ("only if requested") of an optional fee the patient asks for
    (:func:`asked_for`); ``None`` for any other fee. The price list and ``catalog show``
    say it where no group's name does; a fee the visit's day or hour brings says that in
    :func:`fee_charged` instead.

    Example:
        >>> from supecost.catalog import Fee
        >>> shimei = Fee(id="shimei", name="指名料", price=3300, charged="every_visit",
        ...              optional=True)
        >>> fee_optional_text(Words("ja_JP"), shimei)
        'ご希望の場合のみ'
        >>> fee_optional_text(Words("ja_JP"), shimei.model_copy(update={"trigger": "weekend"}))

    Args:
        words: The words of the page.
        fee: The fee, from a price list or a catalog.

    Returns:
        The words, or ``None``.
    """
    return words("fee_optional") if asked_for(fee) else None


def asked_for(fee: FeeEntry | Fee) -> bool:
    """Whether a fee is charged only when the patient asks for it: optional, and brought by
    no day or hour of the visit (``trigger = "request"``). The CSV's kind of row reads it."""
    return fee.optional and fee.trigger is FeeTrigger.REQUEST


_BROUGHT_BY: Final[Mapping[FeeTrigger, str]] = {
    FeeTrigger.WEEKEND: "fee_optional_weekend",
    FeeTrigger.AFTER_HOURS: "fee_optional_after_hours",
}
"""The words of an optional fee the visit's day or hour brings, by its trigger."""


def fee_group_name(words: Words, group: Localized) -> str:
    """A named group of optional fees: its name, one of its fees, only if asked for.

    Example:
        >>> fee_group_name(Words("ja_JP"), Localized("出張費", "Home visit"))
        '出張費（いずれか1つ・ご希望の場合のみ）'

    Args:
        words: The words of the page.
        group: The group's name, as the catalog gives it.

    Returns:
        The text beside each of its fees on the price list, and the simulator's legend.
    """
    return words("fee_group_named", group=words.text(group))


def fee_group_text(
    words: Words, group: Localized | None, one_of: Sequence[Localized]
) -> str | None:
    """Which optional fees exclude a fee: its group's name, else the fees of its group.

    The price list's fee table, its CSV and ``catalog show`` all say it this way.

    Example:
        >>> words = Words("ja_JP")
        >>> fee_group_text(words, Localized("出張費", None), ())
        '出張費（いずれか1つ・ご希望の場合のみ）'
        >>> fee_group_text(words, None, (Localized("23区内"), Localized("23区外")))
        '23区内／23区外のいずれか1つ'
        >>> fee_group_text(words, None, ()) is None
        True

    Args:
        words: The words of the page.
        group: The group's name where the catalog names it (``[[fee_groups]]``), else ``None``.
        one_of: The fees of the fee's group, itself among them; empty outside a group.

    Returns:
        The text, by :func:`fee_group_name` for a named group; ``None`` outside a group.
    """
    if group is not None:
        return fee_group_name(words, group)
    if not one_of:
        return None
    names = words.listed((words.text(fee) for fee in one_of), "fee_one_of_joiner")
    return words("fee_one_of", names=names)


def _discount_off(
    words: Words, discount: DiscountEntry, *, excluded: bool, as_lines: bool = False
) -> str:
    """What a discount takes off: an amount tax-included where it can be, or a percentage.

    ``as_lines`` gives an amount as the catalog does, as a quote's lines give theirs (before
    tax when the catalog's prices are), so it reads as what came off their unit prices.
    """
    if discount.amount is None:
        return words("discount_percent", percent=discount.percent)
    if as_lines:
        return words(
            "discount_amount", amount=words.amount(discount.amount, None, excluded=excluded)
        )
    amount = words.amount(discount.amount, discount.amount_shown, excluded=excluded)
    mark = "" if discount.tax is None else _mark(words, discount.tax)
    return words("discount_amount", amount=amount) + mark


def unit_discounts_named(
    words: Words, discounts: Sequence[DiscountEntry], *, prices_include_tax: bool
) -> str:
    """The per-unit discounts a plan's unit prices include, each with what it takes off.

    The estimate, the quote and their CSV name them so; what each takes off is worded
    as the price list's discount table words it, an amount as the lines give theirs.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import parse_catalog
        >>> from supecost.report.model import discount_entries
        >>> catalog = parse_catalog(
        ...     'schema_version = 1\\n[clinic]\\nname = "K"\\n'
        ...     '[[treatments]]\\nid = "iv"\\nname = "IV"\\nprice = 20000\\n'
        ...     '[[discounts]]\\nid = "autumn"\\nname = "秋のキャンペーン"\\n'
        ...     'name_en = "Autumn campaign"\\npercent = 10\\ntreatments = ["iv"]\\n'
        ...     '[[discounts]]\\nid = "repeat"\\nname = "リピート割"\\namount = 1000\\n'
        ...     'treatments = ["iv"]\\nstacks = true\\n', format="toml")
        >>> found = discount_entries(catalog, ("autumn", "repeat"), on=date(2026, 4, 1))
        >>> unit_discounts_named(Words("ja_JP"), found, prices_include_tax=True)
        '秋のキャンペーン（10%引き）、リピート割（1,000円引き）'
        >>> unit_discounts_named(Words("en_US"), found[:1], prices_include_tax=True)
        'Autumn campaign (10% off)'

    Args:
        words: The words of the page.
        discounts: The discounts, as :attr:`~supecost.report.model.PlanEntry.unit_discounts`
            holds them.
        prices_include_tax: Whether the catalog's prices (and the lines') include tax.

    Returns:
        Their names, each with what it takes off, joined as the page joins a list; empty
        when there are none.
    """
    excluded = not prices_include_tax
    return words("list_join").join(
        words(
            "unit_discount_named",
            name=words.text(discount.name),
            off=_discount_off(words, discount, excluded=excluded, as_lines=True)
            # Its conditions beside what it takes off: 「誕生月特典（10%引き・誕生月の方）」.
            + (words("aside_join") + words("cond_birth_month") if discount.birth_month_only else "")
            + (
                words("aside_join") + segments_condition(words, discount.segments)
                if discount.segments
                else ""
            )
            # Why the bill has no combo's line beside it: 「（10%引き・同時施術割引との併用不可）」.
            + (
                words("aside_join") + words("cond_without_combos")
                if discount.without_combos
                else ""
            )
            + "".join(
                words("aside_join") + said for said in not_with_conditions(words, discount.not_with)
            ),
        )
        for discount in discounts
    )


def treatment_disclosures(words: Words, entry: TreatmentEntry) -> list[tuple[str, str]]:
    """A treatment's facts after its prices, each (label, text): the most units a visit may
    have (「1回の来院での数量: 3Aまで」), route, usual course and its standard cost, risks,
    and for an unapproved one what 限定解除 asks (DOMAIN §5).

    The one wording of them, for the price list's page and its CSV alike, so the CSV a
    clinic publishes carries every fact the page does.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> entry = price_list(reference_catalog(), on=date(2026, 4, 1)).treatments[0]
        >>> treatment_disclosures(Words("ja_JP"), entry)[:2]
        [('投与方法', '点滴'), ('由来', '歯髄')]

    Args:
        words: The words of the page.
        entry: The treatment as the price list holds it.

    Returns:
        Each fact as its label and its text, in the page's order.
    """
    facts: list[tuple[str, str]] = []
    if entry.max_units is not None:
        count = entry.max_units
        units = words("max_units_fact", count=count, unit=unit_word(words, entry.unit, count))
        facts.append((words("units_per_visit"), units))
    if entry.route is not None:
        facts.append((words("route"), words(f"route_{entry.route.value}")))
    if entry.cell_source is not None:
        facts.append((words("cell_source"), words(f"cell_{entry.cell_source.value}")))
    if entry.origin is not None:
        facts.append((words("origin"), words(f"origin_{entry.origin.value}")))
    course = entry.course
    if course is None:
        facts.append((words("typical_course"), words("missing")))
        facts.append((words("typical_cost"), words("missing")))
    else:
        if course.months is None:
            period = words("typical_course_sessions_only", sessions=course.sessions)
        else:
            period = words("typical_course_value", sessions=course.sessions, months=course.months)
        facts.append((words("typical_course"), period))
        if course.cost is None:
            cost = words("typical_cost_unknown", reason=course.problem)
        else:
            cost = _course_cost(words, course.cost, course.plan)
        facts.append((words("typical_cost"), cost))
        if course.campaign_cost is not None:
            # A price for the first patients only is no standard cost, but a reader may
            # still get it: beside the standard one, labelled as a campaign's.
            campaign = _course_cost(words, course.campaign_cost, course.campaign_plan)
            if course.campaign_doses:
                campaign = words("typical_cost_campaign_join").join(
                    _campaign_dose(words, each) for each in course.campaign_doses
                )
            facts.append((words("typical_cost_campaign"), campaign))
    risks = words("missing") if entry.risks is None else words.text(entry.risks)
    facts.append((words("risks"), risks))
    if entry.unapproved is not None:
        facts.append(
            (words("unapproved"), words("unapproved_yes" if entry.unapproved else "unapproved_no"))
        )
    if entry.unapproved:
        # 医療広告ガイドライン: how it is obtained, a domestic equivalent, safety abroad; what
        # the catalog does not state is left to the clinic to answer.
        for label, given in (
            ("obtained", entry.obtained),
            ("domestic_equivalent", entry.domestic_equivalent),
            ("foreign_safety", entry.foreign_safety),
        ):
            facts.append(
                (words(label), words("ask_clinic") if given is None else words.text(given))
            )
    return facts


def bundle_cells(words: Words, bundle: BundleEntry, unit: UnitName | None) -> tuple[str, str, str]:
    """A set's count, per-session price and saving as the price list words them (a unit
    ticket's per unit), for its table and its CSV alike.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> entry = price_list(reference_catalog(), on=date(2026, 4, 1)).treatments[0]
        >>> bundle_cells(Words("en_US"), entry.bundles[0], entry.unit)[:2]
        ('5 sessions', '¥20,000+')

    Args:
        words: The words of the page.
        bundle: The set as the price list holds it.
        unit: The treatment's unit, which a unit ticket counts in.

    Returns:
        The count, the price per session (per unit for a unit ticket) and the saving.
    """
    each = each_price(words, bundle.per_session)
    count = words("sessions_count", count=bundle.sessions)
    saving = (
        words.saving(bundle.saving, beyond=bundle.saving_beyond)
        if bundle.dose_ends is None
        else words.saving_by_dose(bundle.saving, *map(words.text, bundle.dose_ends))
    )
    if bundle.counts_units:
        return unit_ticket_cells(
            words, bundle.sessions, unit, each, saving, by_amount=bundle.counts_amount
        )
    return count, each, saving


def _treatment(
    entry: TreatmentEntry, words: Words, beside: bool, segments: tuple[str, ...] = ()
) -> list[Block]:
    name = words.text(entry.name)
    mark = _mark(words, entry.tax)
    right: Align = "right"
    blocks: list[Block] = [Heading(2, name)]
    if entry.tax is not TaxCategory.EXEMPT:
        # A non-taxable treatment is insured care (DOMAIN §1), not self-pay: the closing
        # statement names it.
        blocks.append(Paragraph(words("self_pay"), "notice"))
    facts: list[tuple[str, str]] = []
    if entry.single is not None:
        facts.append(
            (
                words("single_price"),
                with_changes(
                    words,
                    single_price(words, entry.single, entry.by_place, beside=beside, mark=mark),
                    entry.changes,
                ),
            )
        )
        facts += _member_facts(words, segments, entry.members, mark, beside, entry.by_place)
    if entry.extra_unit is not None:
        further = words("extra_unit_price", unit=unit_word(words, entry.unit, 1))
        facts.append((further, words.price(entry.extra_unit, tax_excluded=beside) + mark))
        facts += _member_facts(
            words,
            _extra_unit_headers(words, further, segments),
            entry.extra_unit_members,
            mark,
            beside,
        )
    facts += treatment_disclosures(words, entry)
    course = entry.course
    blocks.append(Facts(tuple(facts)))
    blocks.extend(_note(words, entry.note, name))
    if course is not None:
        # The usual course is a fact of the treatment, not a row of the CSV: its note is said.
        blocks.extend(_note(words, course.note, words("typical_course"), of_row=False))
    if entry.doses:
        extra = any(dose.extra_unit is not None for dose in entry.doses)
        extra_label = words("extra_unit_price", unit=unit_word(words, entry.unit, 1))
        extra_header = (extra_label,) if extra else ()
        # A further unit's segment prices in columns after the session's.
        keep = _priced((dose.members for dose in entry.doses), len(segments))
        extra_keep = _priced(
            (dose.extra_unit_members for dose in entry.doses if dose.extra_unit is not None),
            len(segments),
        )
        extra_members = (
            _kept(_extra_unit_headers(words, extra_label, segments), extra_keep) if extra else ()
        )
        blocks.append(
            Table(
                (
                    words("dose"),
                    words("single_price"),
                    *extra_header,
                    *_kept(segments, keep),
                    *extra_members,
                ),
                tuple(
                    (
                        words.text(dose.name),
                        with_changes(
                            words,
                            single_price(
                                words, dose.single, dose.by_place, beside=beside, mark=mark
                            ),
                            dose.changes,
                        ),
                        *(
                            (
                                words("not_offered")
                                if dose.extra_unit is None
                                else words.price(dose.extra_unit, tax_excluded=beside) + mark,
                            )
                            if extra
                            else ()
                        ),
                        *_member_cells(
                            words, _kept(dose.members, keep), mark, beside, dose.by_place
                        ),
                        *(
                            (words("not_offered"),) * len(extra_members)
                            if dose.extra_unit is None
                            else _member_cells(
                                words, _kept(dose.extra_unit_members, extra_keep), mark, beside
                            )
                        ),
                    )
                    for dose in entry.doses
                ),
                (
                    "left",
                    "right",
                    *((right,) if extra else ()),
                    *(right for _ in keep),
                    *(right for _ in extra_members),
                ),
            )
        )
    if entry.options:
        blocks.append(Heading(3, words("options")))
        joiner = words("list_join")
        notes: list[Block] = []
        for option in entry.options:
            notes.extend(_note(words, option.note, words.text(option.name)))
        keep = _priced((option.members for option in entry.options), len(segments))
        blocks.append(
            Table(
                (words("item"), words("price"), *_kept(segments, keep), words("option_with")),
                tuple(
                    (
                        words.text(option.name),
                        single_price(
                            words,
                            option.single,
                            option.by_place,
                            beside=beside,
                            mark=_mark(words, option.tax),
                        ),
                        *_member_cells(
                            words,
                            _kept(option.members, keep),
                            _mark(words, option.tax),
                            beside,
                            option.by_place,
                        ),
                        joiner.join(words.text(base) for base in option.bases),
                    )
                    for option in entry.options
                ),
                ("left", "right", *(right for _ in keep), "left"),
            )
        )
        blocks.extend(notes)
    if entry.bundles:
        # Headers that fit the rows: a unit ticket counts 本, not 回 (10本券, 1本あたり).
        headers = ticket_headers(words, [b.counts_units for b in entry.bundles], entry.unit)
        blocks.append(Heading(3, headers.heading))
        rows: list[tuple[str, ...]] = []
        notes = []
        dosed = any(bundle.dose is not None for bundle in entry.bundles)
        windowed = any(
            b.valid_from or b.valid_until or b.first_n or b.per_patient for b in entry.bundles
        )
        keep = _priced((bundle.members for bundle in entry.bundles), len(segments))
        for bundle in entry.bundles:
            label = entry_name(words, bundle.name, bundle.id)
            count, each, saving = bundle_cells(words, bundle, entry.unit)
            rows.append(
                (
                    label,
                    *(_dose_cell(words, bundle.dose) if dosed else ()),
                    count,
                    with_changes(
                        words, words.price(bundle.price, tax_excluded=beside) + mark, bundle.changes
                    ),
                    *_member_cells(words, _kept(bundle.members, keep), mark, beside),
                    each,
                    saving,
                    *_validity(words, bundle, windowed),
                )
            )
            notes.extend(_note(words, bundle.note, label))
            if bundle.includes:
                # A gift has no price of its own: the set's price is one price at its rate.
                gift = words(
                    "bundle_includes", offer=label, goods=included_goods(words, bundle.includes)
                )
                notes.append(Paragraph(gift, "note"))
        blocks.append(
            Table(
                (
                    words("offer"),
                    *((words("dose"),) if dosed else ()),
                    headers.counted,
                    words("total"),
                    *_kept(segments, keep),
                    headers.each,
                    words("saving"),
                    words("valid_months"),
                    *((words("on_sale"),) if windowed else ()),
                ),
                tuple(rows),
                (
                    "left",
                    *(("left",) if dosed else ()),
                    "right",
                    "right",
                    *(right for _ in keep),
                    "right",
                    "right",
                    "left",
                    *(("left",) if windowed else ()),
                ),
            )
        )
        if any(bundle.by_place for bundle in entry.bundles):
            blocks.append(Paragraph(words("bundle_saving_by_place"), "note"))
        for bundle in entry.bundles:
            if bundle.top_ups:
                each_dose = (
                    words(
                        "bundle_top_up",
                        dose=words.text(dose),
                        price=words.price(price, tax_excluded=beside) + mark,
                    )
                    for dose, price in bundle.top_ups
                )
                blocks.append(
                    Paragraph(
                        words(
                            "bundle_top_ups",
                            offer=entry_name(words, bundle.name, bundle.id),
                            top_ups=words("list_join").join(each_dose),
                        ),
                        "note",
                    )
                )
        blocks.extend(notes)
    if entry.subscriptions:
        blocks.append(Heading(3, words("plans")))
        for plan in entry.subscriptions:
            label = entry_name(words, plan.name, plan.id)
            facts = [(words("offer"), label)]
            if plan.dose is not None:
                facts.append((words("dose"), words.text(plan.dose)))
            facts.append(
                (words("monthly_fee"), words.price(plan.monthly_fee, tax_excluded=beside) + mark)
            )
            facts += _member_facts(words, segments, plan.members, mark, beside)
            allowance = words("sessions_count", count=plan.sessions_per_month)
            if plan.carry_over:
                allowance = words("sessions_carried", sessions=allowance, carry=words("carry_over"))
            facts += [
                (words("sessions_per_month"), allowance),
                (words("min_months"), words("months_count", count=plan.min_months)),
                (
                    words("min_term_cost"),
                    words.bracketed("tax_included", plan.min_term_cost) + mark,
                ),
            ]
            fees = [
                (words(fee.key), words("list_join").join(filter(None, (fee.text, fee.window))))
                for fee in _plan_fees(words, plan, mark, beside)
            ]
            # The first-month price is said after the enrollment fee and its campaign.
            enrolling = 2 if plan.enrollment_campaign is not None else 1
            facts += [*fees[:enrolling], *_first_month(words, plan, mark, beside)]
            facts += fees[enrolling:]
            window = window_text(words, plan.valid_from, plan.valid_until, plan.first_n)
            if window:
                facts.append((words("on_sale"), window))
            blocks.append(Facts(tuple(facts)))
            blocks.extend(_note(words, plan.note, label))
    if entry.intros:
        blocks.append(Heading(3, words("intros")))
        rows = []
        notes = []
        dosed = any(intro.dose is not None for intro in entry.intros)
        keep = _priced((intro.members for intro in entry.intros), len(segments))
        for intro in entry.intros:
            label = entry_name(words, intro.name, intro.id)
            conditions = intro_audience(
                words, intro.sessions, first_time=intro.first_time, whole=intro.whole
            )
            if intro.valid_months is not None:
                months = words("months_count", count=intro.valid_months)
                conditions = words("list_join").join(
                    (conditions, words("valid_for", months=months))
                )
            window = window_text(words, intro.valid_from, intro.valid_until, intro.first_n)
            if window:
                conditions = words("list_join").join((conditions, window))
            rows.append(
                (
                    label,
                    *(_dose_cell(words, intro.dose) if dosed else ()),
                    words.price(intro.price, tax_excluded=beside) + mark,
                    *_member_cells(words, _kept(intro.members, keep), mark, beside),
                    conditions,
                )
            )
            notes.extend(_note(words, intro.note, label))
        blocks.append(
            Table(
                (
                    words("offer"),
                    *((words("dose"),) if dosed else ()),
                    words("intro_price"),
                    *_kept(segments, keep),
                    words("conditions"),
                ),
                tuple(rows),
                ("left", *(("left",) if dosed else ()), "right", *(right for _ in keep), "left"),
            )
        )
        blocks.extend(notes)
    if entry.ladders:
        blocks.extend(_ladders(entry, words, beside, segments))
    return blocks


class _PlanFee(NamedTuple):
    """One of a plan's fees as the price list words it (:func:`_plan_fees`)."""

    key: str
    """The fact's message key (``enrollment_fee``); the CSV's kind is ``csv_`` and its own."""
    price: Shown | None
    """The amount to pay, even 0円; ``None`` where the page says the fee in words only."""
    text: str
    """The page's words: 「5,500円（税込）」, 「0円（税込）」, 「なし」, 「無料」."""
    window: str | None = None
    """An enrollment campaign's sales window, which the page joins to its price."""


def _plan_fees(words: Words, plan: SubscriptionEntry, mark: str, beside: bool) -> list[_PlanFee]:
    """A plan's enrollment fee, its campaign, extra session and early termination fee, as the
    price list words each: the one choice of the page's facts and the CSV's rows.

    No enrollment fee reads as none (「なし」), not as 0円 to pay, and a campaign waiving it
    as 「無料」; a plan with no extra sessions says none; an extra session or early
    termination at 0円 is a price, shown as one (「0円（税込）」).
    """

    def priced(key: str, price: Shown) -> _PlanFee:
        return _PlanFee(key, price, words.price(price, tax_excluded=beside) + mark)

    enrollment = plan.enrollment_fee
    fees = [
        _PlanFee("enrollment_fee", None, words("not_offered"))
        if enrollment.included.max == 0
        else priced("enrollment_fee", enrollment)
    ]
    campaign = plan.enrollment_campaign
    if campaign is not None:
        window = window_text(words, campaign.valid_from, campaign.valid_until) or None
        fee = (
            _PlanFee("enrollment_campaign", None, words("enrollment_free"))
            if campaign.price.included.max == 0
            else priced("enrollment_campaign", campaign.price)
        )
        fees.append(fee._replace(window=window))
    extra = plan.extra_session_price
    fees.append(
        _PlanFee("extra_session_price", None, words("not_offered"))
        if extra is None
        else priced("extra_session_price", extra)
    )
    if plan.early_termination_fee is not None:
        fees.append(priced("early_termination_fee", plan.early_termination_fee))
    return fees


def _first_month(
    words: Words, plan: SubscriptionEntry, mark: str, beside: bool
) -> list[tuple[str, str]]:
    """A plan's first-month price as a fact: 「初月割引: 初月無料」, 「初月割引: 初月 13,750円」."""
    first = plan.first_month
    if first is None:
        return []
    price = (
        None
        if first.price.included.max == 0
        else words.price(first.price, tax_excluded=beside) + mark
    )
    return [(words("first_month"), first_month_text(words, price, first))]


def _ladders(
    entry: TreatmentEntry, words: Words, beside: bool, segments: tuple[str, ...]
) -> list[Block]:
    """A treatment's ladders: a row per step, the ladder named (with its dose and window) once."""
    mark = _mark(words, entry.tax)
    right: Align = "right"
    dosed = any(ladder.dose is not None for ladder in entry.ladders)
    windowed = any(
        ladder.valid_from or ladder.valid_until or ladder.first_n for ladder in entry.ladders
    )
    rows: list[tuple[str, ...]] = []
    notes: list[Block] = []
    keep = _priced(
        (step.members for ladder in entry.ladders for step in ladder.steps), len(segments)
    )
    for ladder in entry.ladders:
        label = words.text(ladder.name)
        for position, step in enumerate(ladder.steps):
            first = position == 0
            rows.append(
                (
                    label if first else "",
                    *((_dose_cell(words, ladder.dose)[0] if first else "",) if dosed else ()),
                    ladder_places(words, step.from_place, step.to_place, step.within_days),
                    words.price(step.price, tax_excluded=beside) + mark,
                    *_member_cells(words, _kept(step.members, keep), mark, beside),
                    *(
                        (
                            window_text(
                                words, ladder.valid_from, ladder.valid_until, ladder.first_n
                            )
                            if first
                            else "",
                        )
                        if windowed
                        else ()
                    ),
                )
            )
        notes.extend(_note(words, ladder.note, label))
    table = Table(
        (
            words("offer"),
            *((words("dose"),) if dosed else ()),
            words("sessions"),
            words("single_price"),
            *_kept(segments, keep),
            *((words("on_sale"),) if windowed else ()),
        ),
        tuple(rows),
        (
            "left",
            *(("left",) if dosed else ()),
            "left",
            right,
            *(right for _ in keep),
            *(("left",) if windowed else ()),
        ),
    )
    return [
        Heading(3, words("ladders")),
        table,
        Paragraph(words("ladder_notice"), "note"),
        *_within_notice(words, entry.ladders),
        *notes,
    ]


def _within_notice(words: Words, ladders: Sequence[LadderEntry]) -> list[Block]:
    """Where a step holds only within days of the previous session, what a session that
    comes back later costs (:meth:`~supecost.catalog.Ladder.held_step`): the counting of
    places alone does not price it."""
    held = any(step.within_days is not None for ladder in ladders for step in ladder.steps)
    return [Paragraph(words("ladder_within_notice"), "note")] if held else []


def _dose_cell(words: Words, dose: Localized | None) -> tuple[str]:
    """An offer's dose, or that it serves any dose of its treatment."""
    return (words("any_dose") if dose is None else words.text(dose),)


# ---------------------------------------------------------------------------
# Estimate


def _valid_until_text(words: Words, report: Estimate) -> str:
    """The estimate's last valid day and why: the clinic's days from issue, or the end
    of the chosen plan's price where that comes first (「キャンペーン終了日まで」)."""
    day = words.date(report.valid_until)
    if report.valid_until_end is None:
        return words("valid_days", date=day, days=report.clinic.estimate_valid_days)
    name = "" if report.valid_until_by is None else words.text(report.valid_until_by)
    return words(f"valid_{report.valid_until_end}_end", date=day, name=name)


def _cheaper_notes(words: Words, report: Estimate) -> tuple[Paragraph, ...]:
    """The notes under an estimate's total where another way costs less at another point.

    The total is the plan's: what the cheapest costs there, so the plan's high end is not
    read as the cheapest's. The CSV carries them as the total's figure rows instead.
    """
    if report.cheapest is None:
        return ()
    typical = report.cheapest.typical_point
    return tuple(Paragraph(cheaper_line(words, c, typical), "note") for c in report.cheaper)


def _loan_rate(words: Words, term: LoanTerm) -> str:
    return words("loan_apr" if term.method == "level" else "loan_addon", rate=term.rate)


def loan_text(words: Words, term: LoanTerm) -> str:
    """A clinic's loan as the price list lists it, on one line.

    Example:
        >>> from supecost.report.blocks import Localized
        >>> loan_text(Words("ja_JP"), LoanTerm(Localized("医療ローン"), 24, "level", "6.9"))
        '医療ローン（実質年率6.9%・最大24回）'
    """
    return words(
        "loan_listed", name=words.text(term.name), rate=_loan_rate(words, term), count=term.count
    )


def instalment_text(words: Words, entry: InstalmentEntry) -> str:
    """A clinic's loan on an estimate's total, on one line.

    Example:
        >>> from supecost.money import YenRange
        >>> from supecost.report.blocks import Localized
        >>> term = LoanTerm(Localized("医療ローン"), 24, "level", "6.9")
        >>> entry = InstalmentEntry(term, YenRange.exact(7_133), YenRange.exact(7_145))
        >>> instalment_text(Words("ja_JP"), entry)
        '医療ローン（実質年率6.9%・24回）の場合 月々7,133円（初回7,145円）'
    """
    # An exact total's payments are exact: 〜 after an amount reads as open-ended elsewhere.
    monthly = words.money(entry.monthly)
    odd = ""
    if entry.odd is not None:
        odd = words(
            "loan_last" if entry.odd_last else "loan_first",
            amount=words.money(entry.odd),
        )
    return words(
        "loan_term",
        name=words.text(entry.term.name),
        rate=_loan_rate(words, entry.term),
        count=entry.term.count,
        monthly=monthly,
        odd=odd,
    )


def _estimate(report: Estimate, words: Words) -> Document:
    # As a clinic hands it over: to whom, which estimate, the total in a box, who issues it.
    head: list[Block] = []
    if report.addressee is not None:
        head.append(Paragraph(addressee_text(words, report.addressee), "addressee"))
    facts = []
    if report.number is not None:
        facts.append((words("estimate_number"), report.number))
    facts.append((words("issued"), words.date(report.issued)))
    facts.append((words("valid_until"), _valid_until_text(words, report)))
    plan = report.plan
    # The plan's figures carry their value at the typical point it was chosen at, named so.
    typical = TypicalPoint.STATED if report.cheapest is None else report.cheapest.typical_point
    blocks: list[Block] = [
        *head,
        Facts(tuple(facts)),
        Total(total_label(words, report), words.money(plan.total, typical)),
        *_cheaper_notes(words, report),
        Heading(2, words("issuer")),
        Facts(tuple(_clinic_facts(report.clinic, words))),
        Heading(2, words("request")),
    ]
    blocks.append(_request_facts(words, report, _estimate_sessions(words, report)))
    blocks.append(Heading(2, f"{_chosen(report, words)}: {words.text(plan.name)}"))
    reduced = any(line.reduced for line in plan.lines)
    blocks.append(
        Table(
            (words("item"), words("quantity"), words("unit_price"), words("amount")),
            tuple(
                (
                    line_name(words, line) + (words("reduced_mark") if line.reduced else ""),
                    quantity_text(words, line.quantity, line.unit),
                    words.money(line.unit_price),
                    words.money(line.amount),
                )
                for line in plan.lines
            ),
            ("left", "right", "right", "right"),
        )
    )
    if plan.unit_discounts:
        # A lowered unit price says which campaigns lowered it, as the price list names them.
        named = unit_discounts_named(
            words, plan.unit_discounts, prices_include_tax=report.prices_include_tax
        )
        blocks.append(Paragraph(words("unit_discounts_included", names=named), "note"))
    length = course_length_note(
        words,
        yearly_once=plan.yearly_once,
        plan_months=plan.plan_months,
        yearly=any(line.yearly for line in plan.lines),
    )
    if length:
        blocks.append(Paragraph(length, "note"))
    if plan.dearest_units:
        blocks.append(Paragraph(words("dearest_units"), "note"))
    blocks.append(
        Paragraph(
            words("lines_included" if report.prices_include_tax else "lines_excluded"), "note"
        )
    )
    blocks.append(Heading(3, words("tax_summary")))
    blocks.append(
        Table(
            (
                words("item"),
                words("taxable"),
                words("consumption_tax"),
                words("amount_included"),
            ),
            tuple(
                (
                    words.rate(tax.category, tax.rate),
                    words.money_by_point(tax.taxable, tax.taxable_points, typical),
                    words.money_by_point(tax.tax, tax.tax_points, typical),
                    words.money_by_point(tax.total, tax.total_points, typical),
                )
                for tax in plan.tax
            ),
            ("left", "right", "right", "right"),
        )
    )
    # With more than one unit a visit a session is a visit, not a unit: said so.
    per = per_session_label(words, (line.kind for line in plan.lines), per_visit=report.units > 1)
    totals = [  # the total itself is in the box at the top
        (per, words.money(plan.per_session, typical)),
        (words("sessions_bought"), words("sessions_count", count=plan.sessions_bought)),
    ]
    if plan.sessions_unused:
        totals.append(
            (words("sessions_unused"), words("sessions_count", count=plan.sessions_unused))
        )
    if plan.units_unused:
        count = plan.units_unused
        left = words("units_count", count=count, unit=unit_word(words, report.unit, count))
        totals.append((words("units_unused"), left))
    totals += [
        (
            words("sessions_unused_of", name=words.text(unused.treatment)),
            words("sessions_count", count=unused.sessions),
        )
        for unused in plan.unused
    ]
    blocks.append(Facts(tuple(totals)))
    if reduced:
        blocks.append(Paragraph(words("reduced_legend"), "note"))
    # One line a loan, so up to 12 lines still fit on one A4 page.
    blocks.extend(Paragraph(instalment_text(words, entry), "note") for entry in report.instalments)
    if plan.payments:
        blocks.append(Heading(2, words("payments")))
        payments = [
            (words.payment_month(p.month), words.money_by_point(p.amount, p.points, typical))
            for p in plan.payments
        ]
        # Two months to a row, so a long schedule keeps the estimate on one page.
        half = (len(payments) + 1) // 2
        rows = tuple(
            (*payments[i], *(payments[i + half] if i + half < len(payments) else ("", "")))
            for i in range(half)
        )
        blocks.append(
            Table(
                (words("month"), words("amount"), words("month"), words("amount")),
                rows,
                ("left", "right", "left", "right"),
            )
        )
    # A plan is paid month by month: a whole-bill discount on its bill says which payment.
    first = plan.payments[0].amount if plan.payments else None
    plan_discount = plan_discount_note(words, plan.lines, first)
    if plan_discount is not None:
        blocks.append(Paragraph(plan_discount, "note"))
    blocks.append(Heading(2, words("runners_up")))
    if report.runners_up:
        blocks.append(
            Table(
                # The estimate's own total's word, so its total and theirs read alike.
                (words("offer"), words("grand_total"), words("difference")),
                tuple(
                    (
                        runner_up_label(words, report, other),
                        words.money(other.total, typical),
                        words.difference(
                            other.difference, typical, beyond(other.total, plan.total)
                        ),
                    )
                    for other in report.runners_up
                ),
                ("left", "right", "right"),
            )
        )
    else:
        blocks.append(Paragraph(words("no_runners_up")))
    if report.across:
        # A range of counts: the plan is for its top, and the cheapest at each count says what
        # fewer sessions would cost, as the quote lists them.
        blocks.append(Heading(2, words("quote_across")))
        priced = words("sessions_count", count=report.sessions)
        blocks.append(Paragraph(words("across_note", priced=priced)))
        blocks.append(
            Table(
                (words("sessions"), words("cheapest"), words("grand_total")),
                tuple(
                    (
                        words("sessions_count", count=point.sessions),
                        cheapest_cell(words, point.cheapest),
                        words.money(point.total, point.cheapest.typical_point),
                    )
                    for point in report.across
                ),
                ("right", "left", "right"),
            )
        )
    ranges = not plan.total.is_exact
    exempt = [line_name(words, line) for line in plan.lines if exempt_item(line.kind, line.exempt)]
    blocks.extend(
        _closing(
            words, reduced=reduced, ranges=ranges, estimate=True, exempt=exempt, typical=typical
        )
    )
    return _document(words, words("estimate_title"), words.text(report.clinic.name), blocks)


def runner_up_label(words: Words, report: Estimate, other: RunnerUp) -> str:
    """Another plan's name with what it leaves unused, for the estimate's document and CSV.

    Example:
        >>> import datetime
        >>> from supecost import QuoteRequest, quote, reference_catalog
        >>> from supecost.report.model import estimate
        >>> menu, day = reference_catalog(), datetime.date(2026, 4, 1)
        >>> sheet = estimate(quote(menu, QuoteRequest(sessions=4, on=day)), menu, issued=day)
        >>> [runner_up_label(Words("ja_JP"), sheet, other) for other in sheet.runners_up][0]
        '幹細胞培養上清液点滴 5回セット（未使用1回）'

    Args:
        words: The locale's words.
        report: The estimate.
        other: One of its other plans.

    Returns:
        The label.
    """
    return unused_label(
        words,
        words.text(other.name),
        other.sessions_unused,
        ((words.text(u.treatment), u.sessions) for u in other.unused),
        units_unused=other.units_unused,
        unit=report.unit,
    )


def total_label(words: Words, report: Estimate) -> str:
    """The estimate's total's label: whose total it is where the plan is not the cheapest
    way at every price point (「合計（税込・都度払い）」), for its document and its CSV.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> from supecost.report.model import estimate
        >>> catalog, day = reference_catalog(), date(2026, 4, 1)
        >>> sheet = estimate(quote(catalog, QuoteRequest(sessions=5, on=day)), catalog, issued=day)
        >>> total_label(Words("ja_JP"), sheet)
        '合計（税込・都度払い）'

    Args:
        words: The locale's words.
        report: The estimate.

    Returns:
        The label.
    """
    found = report.cheapest
    if found is None or found.everywhere(report.plan.label):
        return words("grand_total")
    return words("grand_total_of", name=words.text(report.plan.name))


def _chosen(report: Estimate, words: Words) -> str:
    """The plan's heading: the cheapest outright, or at the points where it is."""
    found = report.cheapest
    if found is None or found.everywhere(report.plan.label):
        return words("chosen_plan")
    points = cheapest_points(words, found, report.plan.label)
    return words("chosen_plan_at", points=points) if points else words("chosen_plan_ranked")


def _estimate_sessions(words: Words, report: Estimate) -> str:
    """The sessions asked for: a count, or a range with the count the plan is priced for."""
    if not report.across:
        return words("sessions_count", count=report.sessions)
    low, high = report.across[0].sessions, report.across[-1].sessions
    return words(
        "sessions_priced_for",
        range=words("sessions_range", low=low, high=high),
        priced=words("sessions_count", count=report.sessions),
    )


def _times(
    words: Words, names: Sequence[str], counts: Sequence[int | None], key: str = "sessions_count"
) -> list[str]:
    """Each name with its own count where the request gave one (``--with ID=N``,
    ``--fee ID=N``): 「白玉追加 × 2回」; a name without a count is had at every visit."""
    return [
        name + ("" if n is None else f" × {words(key, count=n)}")
        for name, n in zip(names, counts, strict=True)
    ]


def _request_facts(words: Words, report: Estimate | Comparison, sessions: str) -> Facts:
    """What the request asked, in words: the one owner of an estimate's 「ご希望の内容」 and a
    comparison's facts, so both list the same (add-ons, segment, fees, goods, birth month,
    history, offers bought before and sold out, patient)."""
    separator = words("list_join")
    request = [
        (words("treatment"), words.text(report.treatment)),
        (words("sessions"), sessions),
        (
            words("months"),
            words("months_free")
            if report.months is None
            else words("months_count", count=report.months),
        ),
    ]
    if report.first_visit is not None:
        # The prices are those of the course's days: the day they start is part of the quote.
        request.append((words("first_visit"), words.date(report.first_visit)))
    if report.dose is not None:
        request.append((words("dose"), words.text(report.dose)))
    if report.units > 1 or report.unit is not None:
        count = report.units
        units = words("units_count", count=count, unit=unit_word(words, report.unit, count))
        request.append((words("units_per_visit"), units))
    if report.with_:
        added = [words.text(t) for t in report.with_]
        for position, (count, unit) in enumerate(report.with_units):
            if count > 1:
                units = words("units_count", count=count, unit=unit_word(words, unit, count))
                added[position] = words("with_units", name=added[position], units=units)
        counts = report.with_sessions or (None,) * len(report.with_)
        request.append((words("with"), separator.join(_times(words, added, counts))))
    # A segment only discounts are for (学割) has no price: naming it 「学生価格」 would say
    # the patient pays prices of their own, so it is named as the discounts' group.
    if len(report.discount_segments) < len(as_segments(report.segment)):
        said = segments_text(words, as_segments(report.segment), report.discount_segments)
        request.append((words("segment"), said))
    if report.discount_segments:
        who = segments_who(words, report.discount_segments)
        request.append((words("segment_discounts"), who))
    if report.fees:
        fees = [words.text(f) for f in report.fees]
        counts = report.fee_visits or (None,) * len(fees)
        request.append(
            (words("chosen_fees"), separator.join(_times(words, fees, counts, "visits_count")))
        )
    # The totals include the goods, so the request says which were bought and how many (a
    # monthly delivery's units a month, over the course's months said above).
    for key, goods in (("goods", report.goods), ("goods_monthly_asked", report.goods_monthly)):
        if goods:
            bought = [
                f"{words.text(name)} × {count}"
                if unit is None
                else words(
                    "with_units", name=words.text(name), units=quantity_text(words, count, unit)
                )
                for name, count, unit in goods
            ]
            request.append((words(key), separator.join(bought)))
    if report.birth_month is not None:
        # Only where the request gave it: a birth-month discount in the total depends on it.
        request.append((words("birth_month"), month_name(report.birth_month, words.locale)))
    if report.history:
        had = separator.join(
            f"{words.text(t)} {words('sessions_count', count=n)}" for t, n in report.history
        )
        request.append((words("history"), had))
    if report.last_visit:
        # The date a repeat price within days was priced from: the quote's assumption.
        # One treatment's date alone, as the menu's 「前回施術日」 reads; several by name.
        dated = (
            separator.join(f"{words.text(t)} {words.date(d)}" for t, d in report.last_visit)
            if len(report.last_visit) > 1
            else words.date(report.last_visit[0][1])
        )
        request.append((words("last_visit"), dated))
    if report.bought:
        # A set the patient may buy no more of is missing from the plans: this is why.
        had = separator.join(f"{words.text(offer)} × {n}" for offer, n in report.bought)
        request.append((words("bought_before"), had))
    if report.holding:
        # Sets held are used first, and a set upgrading from one is a plan: this is why.
        held = separator.join(
            f"{words.text(offer)} {words('sessions_left', count=n)}" for offer, n in report.holding
        )
        request.append((words("holding"), held))
    if report.enrolled:
        # A plan joined before has no first-month price: this is why there is no such line.
        joined = separator.join(words.text(plan) for plan in report.enrolled)
        request.append((words("enrolled_before"), joined))
    if report.sold_out:
        gone = separator.join(words.text(record) for record in report.sold_out)
        request.append((words("sold_out_places"), gone))
    request.append(
        (words("patient"), words("new_patient" if report.new_patient else "returning_patient"))
    )
    return Facts(tuple(request))


# ---------------------------------------------------------------------------
# Comparison


def _comparison(report: Comparison, words: Words) -> Document:

    names = [words.text(way.name) for way in report.ways]
    compared = (
        words("sessions_range", low=1, high=report.max_sessions)
        if report.max_sessions > 1
        else words("sessions_count", count=1)
    )
    blocks: list[Block] = [
        Facts(
            (
                (words("clinic"), words.text(report.clinic.name)),
                (words("issued"), words.date(report.on)),
            )
        ),
        Heading(2, words("request")),
        _request_facts(words, report, compared),
        Heading(2, words("totals_by_sessions")),
        _tax_note(words, report.clinic, report.on),
    ]
    by_label = dict(zip((w.label for w in report.ways), names, strict=True))
    rows: list[tuple[str, ...]] = []
    for row in report.rows:
        cells = [words("sessions_count", count=row.sessions)]
        for total in row.totals:
            shown = None if total is None else words.money(total, report.typical_point)
            cells.append(words("not_available") if shown is None else shown)
        cells.append(
            by_label.get(row.best, row.best)
            if row.cheapest is None
            else cheapest_cell(words, row.cheapest)
        )
        rows.append(tuple(cells))
    right: Align = "right"
    aligns: tuple[Align, ...] = (*([right] * (len(names) + 1)), "left")
    blocks.append(
        Table(
            (words("sessions"), *names, words("cheapest")),
            tuple(rows),
            aligns,
        )
    )
    if any(total is None for row in report.rows for total in row.totals):
        blocks.append(Paragraph(words("dash_note"), "note"))
    for way in report.ways:
        if way.unit_discounts:
            # The totals are of unit prices the catalog's campaigns lowered: name them.
            included = unit_discounts_named(
                words, way.unit_discounts, prices_include_tax=report.clinic.prices_include_tax
            )
            text = words("unit_discounts_of", name=words.text(way.name), names=included)
            blocks.append(Paragraph(text, "note"))
        if way.dearest_units:
            text = words("dearest_units_of", name=words.text(way.name), note=words("dearest_units"))
            blocks.append(Paragraph(text, "note"))
    blocks.append(Heading(2, words("break_even")))
    typical = point_name(words, Scenario.TYPICAL, report.typical_point)
    if report.history:
        # A break-even is a new course's (the quote leaves it out of such a text too).
        blocks.append(Paragraph(words("break_even_after_history")))
    elif report.break_even:
        blocks.append(
            Facts(
                tuple(
                    (
                        words.text(point.name),
                        words("break_even_at", count=point.sessions, point=typical)
                        if point.sessions is not None
                        else words("break_even_never", count=point.checked_up_to, point=typical),
                    )
                    for point in report.break_even
                )
            )
        )
        assumes = break_even_assumes(
            words,
            words.text(report.treatment),
            report.months,
            first_month=any(point.first_month for point in report.break_even),
        )
        blocks.append(Paragraph(assumes, "note"))
    else:
        blocks.append(Paragraph(words("break_even_none")))
    blocks.append(Heading(2, words("chart_title")))
    blocks.append(Chart(chart(report, words), words("chart_legend_note"), words("chart_in_html")))
    ranges = any(not row.best_total.is_exact for row in report.rows)
    exempt = [words.text(item) for item in report.exempt]
    blocks.extend(
        _closing(words, reduced=False, ranges=ranges, exempt=exempt, typical=report.typical_point)
    )
    subtitle = f"{words.text(report.clinic.name)} — {words.text(report.treatment)}"
    return _document(words, words("comparison_title"), subtitle, blocks)
