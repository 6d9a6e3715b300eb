"""A quote's lines as documents name them: the one owner for the quote's text and the estimate.

Light on purpose: it loads only what a text quote already loads (the catalog, the quote's
records and the words), never :mod:`supecost.report.model`, so the terminal's quote and the
estimate build and name a line through the same two functions.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.engine import quote
>>> from supecost.quotes import QuoteRequest
>>> from supecost.report.words import Words
>>> catalog = reference_catalog()
>>> best = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1))).best
>>> [line_name(Words("ja_JP"), line_entry(catalog, line, date(2026, 4, 1))) for line in best.lines]
['幹細胞培養上清液点滴', '初診料']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final, Protocol

from supecost.catalog import Bundle, Catalog, Ladder, Package, SharedSet, split_base
from supecost.engine.tables import LadderItem
from supecost.errors import refuses_changes
from supecost.money import YenRange
from supecost.quotes import Line, LineKind
from supecost.report.blocks import Localized, UnitName
from supecost.report.names import display_names, dose_label
from supecost.report.words import (
    Words,
    goods_unit,
    kind_key,
    line_item,
    line_label,
    line_marks,
)
from supecost.tax import TaxCategory, effective_category

__all__ = [
    "OMIT_DEFAULT",
    "LineEntry",
    "exempt_item",
    "item_name",
    "kind_key",
    "line_entry",
    "line_kind",
    "line_name",
    "plan_discount_note",
]


OMIT_DEFAULT: Final = "supecost.omit_default"
"""Field metadata: JSON output leaves the field out while it holds its default."""

_OMITTED: Final = {OMIT_DEFAULT: True}
"""A field added after the first reports: left out of JSON at its default, so older reports
keep their shape."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class LineEntry:
    """One line of the chosen plan."""

    item: Localized
    kind: LineKind
    quantity: int
    unit_price: YenRange
    amount: YenRange
    reduced: bool
    contents: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    """A package's treatments with their sessions, for a package's line."""
    shared: bool = field(default=False, metadata=_OMITTED)
    """For a package's line: whether it is a shared set (共通回数券) and ``contents`` the
    sessions of each treatment the course used it for."""
    from_place: int | None = field(default=None, metadata=_OMITTED)
    """For a ladder's line: the place its step starts at (where ``lapsed``, the step its
    sessions fell back to)."""
    to_place: int | None = field(default=None, metadata=_OMITTED)
    """For a ladder's line: the place its step ends at, ``None`` for the last step (every
    later session)."""
    within_days: int | None = field(default=None, metadata=_OMITTED)
    """For a ladder's line: the days of the previous session its step holds within
    (``LadderStep.within_days``), or, where ``lapsed``, the days its sessions were not."""
    lapsed: bool = field(default=False, metadata=_OMITTED)
    """For a ladder's line: its sessions came back later than ``within_days`` after the
    previous one (or with no date of it), so an earlier step prices them (``@-from``)."""
    dated: bool = field(default=False, metadata=_OMITTED)
    """For a ladder's line: the course's first session, known to be within ``within_days``
    of the request's last visit in a course without months (``@=from``), at the step's own
    price beside the step's line priced over every gap."""
    first_n: int | None = field(default=None, metadata=_OMITTED)
    """The places of the line's offer or discount for the first patients only (先着N名様)."""
    birth_month_only: bool = field(default=False, metadata=_OMITTED)
    """For a discount's line: whether it is for patients in their birth month (誕生月特典)."""
    segments: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """For a discount's line: the patient groups it is for (会員様限定), ``Discount.segments``."""
    single_sessions_only: bool = field(default=False, metadata=_OMITTED)
    """For a combo's line: whether its saving needs its treatments paid as single sessions."""
    unit: UnitName | None = field(default=None, metadata=_OMITTED)
    """For a goods line: what one unit is called (箱, 本), where the catalog says."""
    per_patient: int | None = field(default=None, metadata=_OMITTED)
    """How many of the line's offer one patient may buy (お一人様1セット限り)."""
    without_combos: bool = field(default=False, metadata=_OMITTED)
    """For a discount's line: whether no combo is taken beside it (同時施術割引との併用不可)."""
    not_with: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """For a discount's line: what else its bill does without, ``"first_time"``
    (初回価格との併用不可), ``"offers"`` (セット・回数券・プランとの併用不可):
    :func:`supecost.report.names.not_with_of`."""
    yearly: bool = field(default=False, metadata=_OMITTED)
    """For a fee's line: whether it is charged yearly, its quantity the years charged."""
    unit_ticket: bool = field(default=False, metadata=_OMITTED)
    """For a set's line: whether the set counts units (a unit ticket, 本数券), not visits."""
    campaign: bool = field(default=False, metadata=_OMITTED)
    """For an enrollment's line: whether it is at the plan's campaign price
    (``enrollment_campaign``), named apart from one at the plan's fee."""
    taken_by_month: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """The names of the discounts its unit price takes by the month it is paid in, where the
    course takes them in some months only (:attr:`~supecost.quotes.Line.taken_by_month`), so
    the line is named apart from the one paid outside them."""
    exempt: bool = field(default=False, metadata=_OMITTED)
    """Whether the line is non-taxable (非課税, as insured care is: DOMAIN §1), which the
    document's self-pay statement then leaves out by name."""


class _Named(Protocol):
    @property
    def id(self) -> str: ...


def item_name(catalog: Catalog, item: str) -> Localized:
    """The name of a line's item: a catalog record's name when the item is its id.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> item_name(reference_catalog(), "first-consult")
        Localized(ja='初診料', en='First consultation', key=None)
        >>> item_name(reference_catalog(), "gone")
        Localized(ja='gone', en=None, key=None)

    Args:
        catalog: The catalog the line was priced from.
        item: A record's id.

    Returns:
        The record's names; the id itself, in no language, when no record has it.
    """
    base = split_base(item)
    if base != item and any(o.id == base and isinstance(o, SharedSet) for o in catalog.offers):
        item = base  # a split of a shared set is named as the set; its line lists the split
    groups: tuple[Iterable[_Named], ...] = (
        catalog.treatments,
        catalog.priced(),  # a dose, named treatment:dose
        catalog.offers,
        catalog.combos,
        catalog.fees,
        catalog.discounts,
        catalog.goods,
    )
    for group in groups:
        for record in group:
            if record.id == item:
                return Localized(*display_names(catalog, item))
    return Localized(item)


def line_entry(catalog: Catalog, line: Line, on: date) -> LineEntry:
    """A quote's line for a document: a package's with its contents, a ladder's with its step,
    with the marks its name must carry (:func:`supecost.report.words.line_marks`).

    A line is marked reduced-rate only where the reduced rate is in force on the
    bill's date (:func:`~supecost.tax.effective_category`): before it began, the
    item paid the standard rate of the day.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> fee = Line(item="first-consult", kind=LineKind.FEE, quantity=1,
        ...            unit_price=YenRange.exact(3300), amount=YenRange.exact(3300))
        >>> line_entry(reference_catalog(), fee, date(2026, 4, 1)).item.ja
        '初診料'

    Args:
        catalog: The catalog the line was priced from.
        line: The quote's line.
        on: The quote's date, whose tax rates the line was priced at.

    Returns:
        The line as documents show it.
    """
    item, from_place = line_item(line.item, line.kind)
    to_place = within_days = None
    lapsed = dated = False
    if from_place is not None:
        ladder = catalog.offer(item)
        assert isinstance(ladder, Ladder)
        starts = [step.from_ for step in ladder.steps]
        parsed = LadderItem.of(line.item)
        lapsed, dated = parsed.lapsed, parsed.within
        position = starts.index(from_place)
        to_place = ladder.last_places()[position]
        # A lapsed line is priced at the step from ``from_place`` (named as the step it fell
        # back to): the next step's days were not met.
        within_days = ladder.steps[position + 1 if lapsed else position].within_days
    contents: tuple[tuple[Localized, int], ...] = ()
    shared = False
    if line.kind in (LineKind.PACKAGE, LineKind.PACKAGE_INTRO):
        shared = isinstance(catalog.offer(split_base(line.item)), SharedSet)
        package = catalog.offer(line.item)
        assert isinstance(package, Package)
        contents = tuple(
            (Localized(*display_names(catalog, i.treatment)), i.sessions) for i in package.contents
        )
    goods = line.kind in (LineKind.GOODS, LineKind.GOODS_MONTHLY, LineKind.GOODS_INCLUDED)
    unit = goods_unit(catalog.product(line.item)) if goods else None
    offer = catalog.offer(line.item) if line.kind is LineKind.BUNDLE else None
    marks = line_marks(catalog, line)
    return LineEntry(
        item=top_up_name(catalog, line)
        if line.kind is LineKind.TOP_UP
        else credit_name(line)
        if line.kind is LineKind.CREDIT
        else item_name(catalog, item),
        kind=line.kind,
        quantity=line.quantity,
        unit_price=line.unit_price,
        amount=line.amount,
        reduced=effective_category(line.tax, on) is TaxCategory.REDUCED,
        contents=contents,
        shared=shared,
        from_place=from_place,
        to_place=to_place,
        within_days=within_days,
        lapsed=lapsed,
        dated=dated,
        first_n=marks.first_n,
        single_sessions_only=marks.single_sessions_only,
        unit=unit,
        yearly=marks.yearly,
        birth_month_only=marks.birth_month_only,
        segments=marks.segments,
        per_patient=marks.per_patient,
        without_combos=marks.without_combos,
        not_with=marks.not_with,
        unit_ticket=isinstance(offer, Bundle) and offer.counts_units,
        campaign=marks.campaign,
        taken_by_month=tuple(item_name(catalog, taken) for taken in line.taken_by_month),
        exempt=line.tax is TaxCategory.EXEMPT,
    )


def top_up_name(catalog: Catalog, line: Line) -> Localized:
    """A set's top-up line as documents name it, by the dose it is for: 「差額（4cc）」.

    Example:
        >>> from supecost.catalog import parse_catalog
        >>> catalog = parse_catalog('''schema_version = 2
        ... [clinic]
        ... name = "Test"
        ... [[treatments]]
        ... id = "sup"
        ... name = "上清液"
        ... dose_unit = "cc"
        ... doses = [{ id = "4cc", amount = 4, price = 55000 }]
        ... ''', format="toml")
        >>> line = Line(item="sup-any-3", kind=LineKind.TOP_UP, quantity=2,
        ...             unit_price=YenRange.exact(22000), amount=YenRange.exact(44000),
        ...             treatment="sup:4cc")
        >>> name = top_up_name(catalog, line)
        >>> name.ja, name.en
        ('差額（4cc）', 'top-up (4cc)')

    Args:
        catalog: The catalog the line was priced from.
        line: A top-up line (``LineKind.TOP_UP``), its treatment the dose it is for.

    Returns:
        Its name in both languages.
    """
    base, _, dose_id = (line.treatment or "").partition(":")
    treatment = catalog.treatment(base)
    label = dose_label(treatment, next(d for d in treatment.doses if d.id == dose_id))
    return Localized(
        Words("ja_JP")("line_top_up", dose=label.ja), Words("en_US")("line_top_up", dose=label.en)
    )


def credit_name(line: Line) -> Localized:
    """An upgrade's credit line as documents name it, by the sessions left it credits (its
    quantity): 「お乗り換え差引（残り2回）」.

    Example:
        >>> line = Line(item="sup-6", kind=LineKind.CREDIT, quantity=2,
        ...             unit_price=YenRange.exact(-59400), amount=YenRange.exact(-118800))
        >>> name = credit_name(line)
        >>> name.ja, name.en
        ('お乗り換え差引（残り2回）', 'credit for 2 sessions left')

    Args:
        line: A credit line (``LineKind.CREDIT``).

    Returns:
        Its name in both languages.
    """
    left = line.quantity
    return Localized(
        Words("ja_JP")("line_credit", left=left), Words("en_US")("line_credit", left=left)
    )


_NOT_ITEMS: Final = frozenset({LineKind.DISCOUNT, LineKind.COMBO})
"""Line kinds that price no item: a saving, split per tax category like the bill it is off."""


def exempt_item(kind: LineKind | None, exempt: bool) -> bool:
    """Whether a document names an item as non-taxable (非課税) in its self-pay statement.

    The one rule of the price list, the estimate and the comparison (DOMAIN §1: insured
    care is no self-pay): an item priced, whose tax category is exempt. A discount's or a
    combo's line is no item: a whole-bill discount is split per tax category, so its share
    off insured care is an exempt line, which the statement must not name as an item.

    Example:
        >>> exempt_item(LineKind.SINGLE, True), exempt_item(LineKind.DISCOUNT, True)
        (True, False)
        >>> exempt_item(None, True), exempt_item(LineKind.FEE, False)  # a price list's entry
        (True, False)

    Args:
        kind: The line's kind, or ``None`` for an item listed as itself (the price list's).
        exempt: Whether the line or item is non-taxable.

    Returns:
        Whether the statement names it.
    """
    return exempt and kind not in _NOT_ITEMS


def line_kind(words: Words, line: LineEntry) -> str:
    """A line's kind as a layout's kind column names it: a unit ticket's set is 本数券, and
    a plan's enrollment at its campaign's price 「入会金・キャンペーン価格」, the word its line
    in an estimate says too.

    Example:
        >>> line = LineEntry(Localized("プラセンタ注射 10本券"), LineKind.BUNDLE, 1,
        ...                  YenRange.exact(13200), YenRange.exact(13200), False,
        ...                  unit_ticket=True)
        >>> line_kind(Words("ja_JP"), line), line_kind(Words("en_US"), line)
        ('本数券', 'unit ticket')

    Args:
        words: The locale's words.
        line: The line.

    Returns:
        The kind's name.
    """
    key = kind_key(line.kind.value, line.unit_ticket, campaign=line.campaign, shared=line.shared)
    return words(f"kind_{key}")


def line_name(words: Words, line: LineEntry, *, kind_shown: bool = False) -> str:
    """A line's item as a document names it: a plan's month or a further unit says so.

    The one naming of a quote's line for the estimate and the quote's text: where the layout
    has a column for the line's kind (the quote's text), ``kind_shown`` leaves the kind's own
    words out of the name, and keeps everything else it says (a ladder step's place, a
    package's contents, a restriction, a yearly charge, places and a birth-month condition).

    Example:
        >>> line = LineEntry(Localized("プラセンタ注射"), LineKind.EXTRA_UNIT, 2,
        ...                  YenRange.exact(1000), YenRange.exact(2000), False)
        >>> line_name(Words("ja_JP"), line)
        'プラセンタ注射（同じ来院の追加分）'
        >>> line_name(Words("ja_JP"), line, kind_shown=True)
        'プラセンタ注射'

    Args:
        words: The locale's words.
        line: The line.
        kind_shown: Whether the layout names the line's kind in a column of its own.

    Returns:
        The name.
    """
    return line_label(
        words,
        line.item,
        line.kind,
        from_place=line.from_place,
        to_place=line.to_place,
        within_days=line.within_days,
        lapsed=line.lapsed,
        dated=line.dated,
        contents=line.contents,
        shared=line.shared,
        first_n=line.first_n,
        single_sessions_only=line.single_sessions_only,
        yearly=line.yearly,
        birth_month_only=line.birth_month_only,
        segments=line.segments,
        kind_shown=kind_shown,
        per_patient=line.per_patient,
        campaign=line.campaign,
        without_combos=line.without_combos,
        taken_by_month=line.taken_by_month,
        not_with=line.not_with,
    )


_PLAN_KINDS: Final = frozenset({LineKind.SUBSCRIPTION, LineKind.FIRST_MONTH, LineKind.ENROLLMENT})
"""The lines of a monthly plan, billed month by month."""


def plan_discount_note(
    words: Words, lines: Sequence[LineEntry], first_payment: YenRange | None
) -> str | None:
    """Which month's payment a whole-bill discount comes off, on a bill with a monthly plan.

    A plan is paid month by month, so a whole-bill discount on its bill comes off one
    payment: the engine books it in the first month's (the first visit's), and what that
    payment cannot take off the following months' (``engine.options``). The one wording,
    for the quote's documents and the estimate alike; ``first_payment`` is the schedule's
    first month, ``None`` where the quote has no schedule. Where that payment is above 0
    at every point nothing was carried, and the note says only the month. Without a
    schedule, the note says only the month where the plan's own first-month lines are
    more than the discounts, and otherwise that what the first month cannot take is
    taken off the following months'.

    Example:
        >>> plan = LineEntry(Localized("月額プラン"), LineKind.SUBSCRIPTION, 3,
        ...                  YenRange.exact(27500), YenRange.exact(82500), False)
        >>> off = LineEntry(Localized("ご新規様1万円引き"), LineKind.DISCOUNT, 1,
        ...                 YenRange.exact(-10000), YenRange.exact(-10000), False)
        >>> plan_discount_note(Words("ja_JP"), (plan, off), YenRange.exact(17500))
        'ご新規様1万円引きは1か月目（初回ご利用時）のお支払いから差し引いています'
        >>> plan_discount_note(Words("ja_JP"), (plan,), YenRange.exact(27500)) is None
        True

    Args:
        words: The locale's words.
        lines: The chosen way's lines.
        first_payment: The amount of its first month's payment, if it has a schedule.

    Returns:
        The note, or ``None`` where the bill has no plan or no whole-bill discount.
    """
    if not any(line.kind in _PLAN_KINDS for line in lines):
        return None
    names = [words.text(line.item) for line in lines if line.kind is LineKind.DISCOUNT]
    if not names:
        return None
    if first_payment is not None:
        key = "plan_discount_month" if first_payment.min > 0 else "plan_discount_month_carried"
    elif _first_month_floor(lines) > sum(
        -line.amount.min for line in lines if line.kind is LineKind.DISCOUNT
    ):
        key = "plan_discount_month"
    else:
        # No schedule to read, and the first month's plan lines alone do not take the discount:
        # the first visit's other lines may, so the note says what happens either way.
        key = "plan_discount_month_if_carried"
    return words(key, names=words("list_join").join(names), month=words.payment_month(0))


def _first_month_floor(lines: Sequence[LineEntry]) -> int:
    """The least the first month's payment holds before discounts, from the plan's lines.

    Each plan's first month is its first-month line where it has one, else one month's
    fee; the first month pays at least one plan's, and every enrollment fee.
    """
    firsts = [line.unit_price.min for line in lines if line.kind is LineKind.FIRST_MONTH]
    fees = [line.unit_price.min for line in lines if line.kind is LineKind.SUBSCRIPTION]
    plan = sum(firsts) if firsts else min(fees, default=0)
    joining = sum(max(line.amount.min, 0) for line in lines if line.kind is LineKind.ENROLLMENT)
    return plan + joining
