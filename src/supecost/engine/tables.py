"""Compiled tables: a treatment's prices at one point as plain ints, per-unit discounts applied.

Line prices are the first step of the pricing order, and this module owns
them: a unit price after the per-unit discounts that target its treatment or
offer (:func:`discounted`), as an int for the optimiser and as a range for the
lines of a quote.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final, TypeAlias

from supecost.catalog import (
    FLAT_MARK,
    MAX_LADDER_PLACE,
    Bundle,
    Catalog,
    Discount,
    Intro,
    IntroFor,
    Ladder,
    Package,
    SharedSet,
    Subscription,
    Treatment,
)
from supecost.engine.context import (
    INF,
    Context,
    by_purchase_month,
    dated_enrollment,
    extra_unit_price,
    month_discounts,
    period_catalog,
    point,
    price_periods,
    priced,
)
from supecost.engine.resolve import add_months, enrollment_in, sale_months
from supecost.money import Scenario, YenRange, scale
from supecost.quotes import LineKind


def discounted(price: int, discounts: Sequence[Discount]) -> int:
    """A unit price after targeted discounts, each taken from the undiscounted price."""
    if price >= INF or not discounts:
        return price
    off = 0
    for discount in discounts:
        rate = discount.rate
        off += scale(price, rate, discount.rounding) if rate is not None else discount.amount or 0
    return max(0, price - off)


def discounted_range(price: YenRange, discounts: Sequence[Discount]) -> YenRange:
    return price if not discounts else price.map_monotone(lambda p: discounted(p, discounts))


def targets(
    discounts: Sequence[Discount], single: str | None, offer: str | None
) -> tuple[Discount, ...]:
    """The per-unit discounts that come off one unit bought.

    ``single`` is the treatment of a single session (a further unit, a ladder's
    step); ``offer`` the offer a unit is bought through. Which discounts those
    are is :meth:`Discount.comes_off`'s rule, asked of each.
    """
    return tuple(d for d in discounts if d.comes_off(single, offer))


def relevant(
    context: Context, treatment: str, discounts: Sequence[Discount]
) -> tuple[Discount, ...]:
    """The discounts that change any of a treatment's unit prices.

    A treatment's plans depend on these alone, so plans and tables are keyed
    by them: whole-bill discounts and discounts on other treatments leave them
    unchanged.
    """
    if not discounts:
        return ()
    known = context.compiled.relevant
    key = (treatment, tuple([d.id for d in discounts]))
    found = known.get(key)
    if found is None:
        offers = {offer.id for offer in context.catalog.offers_for(treatment)}
        found = known[key] = tuple(
            d
            for d in discounts
            if d.comes_off(treatment, None) or any(d.comes_off(None, o) for o in offers)
        )
    return found


@dataclass(frozen=True, slots=True)
class BundleRow:
    index: int
    offer: Bundle
    sessions: int
    price: int
    valid_months: int | None
    sale: tuple[int, int] | None = None
    """In a course with months, the first and last month (from 0) a set with a sales window
    is on sale in (:func:`~supecost.engine.resolve.sale_months`); ``None``: every month."""
    by_month: tuple[int, ...] | None = None
    """In a course with months where a discount on it is taken by the month it is bought in
    (:func:`~supecost.engine.context.by_purchase_month`): its price bought in each month;
    ``None``: ``price`` in every month."""
    top_up: int = 0
    """What each session it covers costs on top of it, paid at that visit
    (:meth:`~supecost.catalog.Bundle.top_up_of`); a session it leaves unused costs none."""
    forced: bool = False
    """A copy of a set's row that a course must buy (``optimise._forcing``, in
    :attr:`Table.forced`): each bought may stop short of its run, so that as many as the
    course must buy each cover a session."""
    held: bool = False
    """Whether it is a set the patient holds (:meth:`~supecost.catalog.Bundle.held_left`),
    read as a plain bool on the optimiser's paths."""

    @property
    def timed(self) -> bool:
        """Whether, in a course with months, where its sessions fall can change what the set
        costs: a validity from its purchase, a sales window or a price by the month bought in.
        Otherwise it covers any sessions at one price, as with the months free."""
        return self.valid_months is not None or self.sale is not None or self.by_month is not None

    def price_in(self, month: int) -> int:
        """The set's price bought in ``month`` of the course."""
        return self.price if self.by_month is None else self.by_month[month]


@dataclass(frozen=True, slots=True)
class SubscriptionRow:
    index: int
    offer: Subscription
    per_month: int
    fee: int
    min_months: int
    enrollment: int
    extra: int | None
    relief: int | None = None
    """What the first enrollment's lower first months take off its fees (``first_months x
    (fee - first-month price)``, negative for a dearer one); ``None`` without a first-month
    price for this patient."""
    sale: tuple[int, int] | None = None
    """As :attr:`BundleRow.sale`: the months a plan with a sales window may be started in."""
    by_month: tuple[tuple[int, int | None], ...] | None = None
    """In a course with months where the enrollment's price depends on its date (an
    enrollment campaign, a first-month price with a window): the enrollment and relief of a
    plan enrolled in each month (:func:`~supecost.engine.resolve.enrollment_in`; the relief
    0 outside the first-month price's window); ``None``: ``enrollment`` and ``relief`` in
    every month."""
    early: int | None = None
    """The fee for leaving before the minimum term (``Subscription.early_termination_fee``,
    at the point); ``None``: the whole term is paid (:func:`~supecost.catalog.plan_held`)."""

    def relief_of(self, relief: int, months: int) -> int:
        """What ``relief`` (:attr:`relief`, or the month's in :attr:`by_month`) takes off a
        plan held ``months`` months: the first months held only, as
        :func:`~supecost.catalog.plan_cost` counts them (a plan left early may end inside them)."""
        first = self.offer.first_month
        if first is None or months >= first.months or relief <= -INF:
            return relief  # an open first-month price is never paid, however few are held
        return relief // first.months * months

    def enrolled_in(self, month: int) -> tuple[int, int | None]:
        """The enrollment and relief of the plan enrolled in ``month`` of the course."""
        if self.by_month is None:
            return self.enrollment, self.relief
        return self.by_month[month]

    @property
    def enrollable(self) -> bool:
        """Whether some month's enrollment is a price (an open-ended one is never paid)."""
        if self.by_month is None:
            return self.enrollment < INF
        return any(enrollment < INF for enrollment, _ in self.by_month)


@dataclass(frozen=True, slots=True)
class Table:
    treatment: Treatment
    single: int
    bundles: tuple[BundleRow, ...]
    intros: tuple[tuple[Intro, int], ...]
    """Every first-time price this patient qualifies for, (offer, price each), catalog order."""
    subscriptions: tuple[SubscriptionRow, ...]
    by_offer: Mapping[str, BundleRow | SubscriptionRow] = field(default_factory=dict)
    """Every set and plan row by its offer's id, so one offer's way finds its row at once."""
    extra_unit: int = 0
    """Each unit beyond the first in one visit, per-unit discounts applied."""
    unit_tickets: tuple[BundleRow, ...] = ()
    """The sets that hold units, not visits (``Bundle.counts_units``, 本数券): their
    ``sessions`` are units, which the optimiser spends on first and further units alike
    (``optimise._with_unit_tickets``), so they are never among ``bundles``."""
    ladder: tuple[Ladder, tuple[tuple[int, int], ...]] | None = None
    """The treatment's ladder with each step's ``(from, unit price)``, discounts applied.

    A valid catalog has at most one on sale for a treatment or dose (two would be refused);
    the resolution keeps those on sale, so this is the one.
    """
    ladder_known: tuple[tuple[int, int], ...] = ()
    """In a course without months whose ladder holds a step within days: each step's own
    ``(from, unit price)`` (not its range over every gap), for the sessions known to be at a
    step (:data:`KNOWN_STEP`, and a negative item, one that came back too late for the
    step above); empty where :attr:`ladder`'s prices are the steps' own."""
    forced: tuple[BundleRow, ...] = ()
    """The rows among :attr:`bundles` that buy a set a course must buy at least so many of
    (``optimise._forcing``): a copy of the set's row limited to that count, each bought far
    below its price; empty in every table the resolution builds."""
    by_month: tuple[Table, ...] | None = None
    """In a course with months where a discount is taken by the month each purchase is paid
    in (:func:`~supecost.engine.context.by_purchase_month`) and some month takes other
    discounts than another: each month's table (:func:`by_month_table`). This table is the
    first month's, with each set's price by the month it is bought in."""
    intro_prices: tuple[tuple[int, int], ...] = field(init=False, default=())
    """:func:`cheapest_intros` of ``intros`` (the cost of each count of first-time sessions):
    the hot paths read plain ints."""
    intros_expire: bool = field(init=False, default=False)
    """Whether a first-time set has an expiry (:attr:`Intro.valid_months`): a course with
    months then prices its first-time sessions by their months (:func:`cheapest_intros`)."""
    limited: bool = field(init=False, default=False)
    """Whether a set (a unit ticket included) is limited per patient or a plan has a
    first-month price for this patient: the scheduled programmes then run in layers
    (``optimise._layered``)."""
    dated: bool = field(init=False, default=False)
    """Whether a set or plan has a sales window in this course (:attr:`BundleRow.sale`):
    the scheduled programme then looks at them apart from the others."""
    held: tuple[BundleRow, ...] = field(init=False, default=())
    """The rows of the sets the patient holds (``QuoteRequest.holding``,
    :meth:`~supecost.catalog.Bundle.held_left`): every way of buying uses them."""

    def __post_init__(self) -> None:
        # Derived here, once per table, so it never disagrees with ``intros``.
        object.__setattr__(self, "intro_prices", cheapest_intros(self.intros))
        expiring = any(offer.valid_months is not None for offer, _ in self.intros)
        object.__setattr__(self, "intros_expire", expiring)
        limited = (
            any(row.offer.per_patient is not None for row in self.bundles)
            or any(row.relief is not None for row in self.subscriptions)
            or any(row.offer.per_patient is not None for row in self.unit_tickets)
        )
        object.__setattr__(self, "limited", limited)
        dated = any(row.sale is not None for row in self.bundles) or any(
            row.sale is not None or row.by_month is not None for row in self.subscriptions
        )
        object.__setattr__(self, "dated", dated)
        held = tuple(row for row in self.bundles if row.held)
        object.__setattr__(self, "held", held)

    def ladder_step_price(self, item: int) -> int:
        """The single price of a ladder's step item (``optimise.ladder_step_items``): the
        step from ``abs(item)``, a negative item the sessions priced there as they came back
        too late for a step above it; both, and an item above :data:`KNOWN_STEP`, at the
        step's own price where the session's gap is known (:attr:`ladder_known`)."""
        assert self.ladder is not None
        start, known = step_start(item)
        steps = self.ladder_known if known and self.ladder_known else self.ladder[1]
        return next(price for step, price in steps if step == start)

    def ladder_price(self, place: int) -> int:
        """The single price of the session at ``place`` (1-based) on the treatment's ladder."""
        assert self.ladder is not None
        price = self.ladder[1][0][1]
        for start, step_price in self.ladder[1]:
            if start <= place:
                price = step_price
        return price


def intro_reach(offer: Intro, month_of: Sequence[int] | None) -> int:
    """How many of the course's first sessions ``offer`` can sell: its ``sessions``, or
    with an expiry (:attr:`Intro.valid_months`) in a course with months those of them in
    months before it, the set being bought at the first session (month 0), as a set's.

    ``month_of`` is the month of each session of the treatment; ``None``: no months.

    Example:
        >>> trial = Intro(kind="intro", id="t", treatment="t", price=79200, sessions=3,
        ...               sold_whole=True, valid_months=6)
        >>> intro_reach(trial, [0, 4, 8]), intro_reach(trial, [0, 1, 2]), intro_reach(trial, None)
        (2, 3, 3)
    """
    if month_of is None or offer.valid_months is None:
        return offer.sessions
    expiry = offer.valid_months
    return sum(1 for month in month_of[: offer.sessions] if month < expiry)


def cheapest_intros(
    intros: Sequence[tuple[Intro, int]], month_of: Sequence[int] | None = None
) -> tuple[tuple[int, int], ...]:
    """For ``count`` first-time sessions, at ``[count - 1]``: the offer that sells them
    cheapest, as ``(their cost, position in intros)``.

    A patient uses one first-time price at most, on the course's first sessions, so for a
    given count the rest of the course is the same whichever offer sells them, and the
    cheapest wins; the first listed among equal costs. An offer sells up to its own
    ``sessions`` (within its expiry in a course whose sessions fall in ``month_of``:
    :func:`intro_reach`), each at its price or, sold whole (:meth:`Intro.price_of`), all for
    its price however few the course uses: the tuple is as long as the most any of them sells.
    """
    reach = [intro_reach(offer, month_of) for offer, _ in intros]
    most = max(reach, default=0)
    best: list[tuple[int, int]] = []
    for count in range(1, most + 1):
        # min over (cost, position): the cheapest, then the first listed.
        best.append(
            min(
                (min(INF, offer.price_of(count, price)), position)
                for position, (offer, price) in enumerate(intros)
                if reach[position] >= count
            )
        )
    return tuple(best)


TableKey: TypeAlias = tuple[str, Scenario, tuple[str, ...], bool, tuple[date, int] | None]


def intro_for(offer: Intro, new_patient: bool) -> bool:
    """Whether a first-time price is for this patient: the one rule of it.

    A price for new patients is for a new patient; a price for the first time
    having a treatment is for anyone the resolution kept it for (their history
    has none of it, :func:`~supecost.engine.resolve.first_time_past`, which a
    contract asks too).

    Example:
        >>> new = Intro(kind="intro", id="i", treatment="t", price=1)
        >>> intro_for(new, True), intro_for(new, False)
        (True, False)
    """
    return new_patient or offer.for_ is IntroFor.FIRST_TIME


def package_intro(package: Package, new_patient: bool) -> YenRange | None:
    """A package's first-time price (``intro_price``) where it is for this patient: a new one.

    The one rule of it, for the optimiser (one package at it, where lower) and a
    contract's default price.

    Example:
        >>> from supecost.catalog import PackageItem
        >>> body = Package(kind="package", id="b", price=250_000, intro_price=200_000,
        ...                contents=(PackageItem(treatment="a", sessions=2),))
        >>> package_intro(body, True), package_intro(body, False)
        (YenRange(min=200000, max=200000), None)
    """
    return package.intro_price if new_patient else None


def build_table(
    catalog: Catalog,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    new_patient: bool,
    dated: tuple[date, int] | None = None,
    *,
    undated: bool = False,
) -> Table:
    """A treatment's table at one point; ``dated``, the request's date and months where a
    set or plan has a sales window: its row carries the months it is on sale in;
    ``undated``, a course without months: a ladder's step held within days of the previous
    session costs its range over every gap (:meth:`~supecost.catalog.Ladder.undated_price`)."""

    def sale(offer: Bundle | Subscription) -> tuple[int, int] | None:
        if dated is None or not offer.windowed:
            return None
        # The resolution kept it for a course on sale in one of its months at least.
        found = sale_months(offer, *dated)
        assert found is not None
        return found

    def unit(price: YenRange, offer: str | None, *, single: bool) -> int:
        mine = targets(discounts, treatment.id if single else None, offer)
        return discounted(point(price, scenario), mine)

    bundles: list[BundleRow] = []
    unit_tickets: list[BundleRow] = []
    subscriptions: list[SubscriptionRow] = []
    intros: list[tuple[Intro, int]] = []
    ladder: tuple[Ladder, tuple[tuple[int, int], ...]] | None = None
    known: tuple[tuple[int, int], ...] = ()
    for index, offer in enumerate(catalog.offers_for(treatment.id)):
        if isinstance(offer, Package | SharedSet):
            continue  # packages serve several treatments: priced by the optimiser's solve
        if isinstance(offer, Ladder):
            if ladder is None:
                steps = tuple(
                    (
                        s.from_,
                        unit(offer.undated_price(s) if undated else s.price, offer.id, single=True),
                    )
                    for s in offer.steps
                )
                ladder = (offer, steps)
                if undated and offer.gapped:
                    known = tuple(
                        (s.from_, unit(s.price, offer.id, single=True)) for s in offer.steps
                    )
            continue
        if isinstance(offer, Bundle):
            # A ticket counting its dose's amount holds the units of that dose its units
            # pay whole (a 3A unit uses 3 of a 30本券: 10); what is left over is unused.
            held = offer.held()
            upgrading = offer.upgrading
            if upgrading is None:
                price = unit(offer.price, offer.id, single=False)
            else:
                # The set's price as its discounts leave it, less the credit (乗り換え).
                price = upgrade_price(unit(offer.price, upgrading.offer, single=False), offer)
            (unit_tickets if offer.counts_units else bundles).append(
                BundleRow(
                    index,
                    offer,
                    held,
                    price,
                    offer.valid_months,
                    sale(offer),
                    top_up=_top_up(offer, scenario),
                    held=offer.held_set is not None,
                )
            )
        elif isinstance(offer, Subscription):
            extra = offer.extra_session_price
            fee = unit(offer.monthly_fee, offer.id, single=False)
            relief = _relief(offer, fee, functools.partial(unit, offer=offer.id, single=False))
            by_month = None if dated is None else _by_month(offer, scenario, relief, *dated)
            subscriptions.append(
                SubscriptionRow(
                    index,
                    offer,
                    offer.sessions_per_month,
                    fee,
                    offer.min_months,
                    # Enrolled by month: its first month's, on the request's date.
                    point(offer.enrollment_fee, scenario) if by_month is None else by_month[0][0],
                    None if extra is None else unit(extra, offer.id, single=False),
                    relief,
                    sale(offer),
                    by_month,
                    None
                    if offer.early_termination_fee is None
                    else point(offer.early_termination_fee, scenario),
                )
            )
        elif intro_for(offer, new_patient):
            intros.append((offer, unit(offer.price, offer.id, single=False)))
    by_offer: dict[str, BundleRow | SubscriptionRow] = {row.offer.id: row for row in bundles}
    by_offer.update((row.offer.id, row) for row in unit_tickets)
    by_offer.update((row.offer.id, row) for row in subscriptions)
    return Table(
        treatment,
        unit(treatment.session_price, None, single=True),
        tuple(bundles),
        tuple(intros),
        tuple(subscriptions),
        by_offer,
        unit(extra_unit_price(treatment), None, single=True),
        tuple(unit_tickets),
        ladder,
        known,
    )


def upgrade_price(price: int, offer: Bundle) -> int:
    """What an upgrade (``offer``, :meth:`~supecost.catalog.Bundle.upgraded_from`) costs where
    the set bought costs ``price`` (its discounts taken): that less the credit for the
    sessions left; none (``INF``) below nothing. **The one rule of an upgrade's price**, the
    optimiser's row; the quote bills it as the set at its price and the credit line."""
    assert offer.upgrading is not None
    net = price - offer.upgrading.credit
    # A set its discounts leave below the credit is no upgrade supecost sells: it would pay
    # the patient, and nothing says a clinic does (DOMAIN.md is silent).
    return INF if price >= INF or net < 0 else net


def _top_up(offer: Bundle, scenario: Scenario) -> int:
    """A flat set's top-up a session at ``scenario``: its own price, no per-unit discount
    coming off it (a discount on the set comes off the set's price, the one the catalog
    names it by; docs/catalog.md, "A set for any dose with a top-up")."""
    top_up = offer.top_up_of(offer.treatment)
    return 0 if top_up is None else point(top_up, scenario)


KNOWN_STEP: Final = MAX_LADDER_PLACE + 1
"""Added to a ladder step item (``optimise.ladder_step_items``) whose session is known to be
within its step's days in a course without months: the course's first session, dated by the
request's last visit (``QuoteRequest.last_visit``), at the step's own price, not its range
over every gap; its line is ``ladder-id@=from`` (:func:`step_text`)."""


def step_start(item: int) -> tuple[int, bool]:
    """The ``from`` of the step a ladder step item names, and whether its session is known to
    be there (a negative item, or one above :data:`KNOWN_STEP`).

    Example:
        >>> step_start(2), step_start(-1), step_start(KNOWN_STEP + 2)
        ((2, False), (1, True), (2, True))
    """
    if item < 0:
        return -item, True
    if item > KNOWN_STEP:
        return item - KNOWN_STEP, True
    return item, False


def step_text(item: int) -> str:
    """The step part of a ladder line's item (``ladder-id@...``) for a step item: its ``from``,
    negative for sessions that came back too late, ``=from`` for a session known to be within
    its step's days in a course without months (:data:`KNOWN_STEP`).

    Example:
        >>> step_text(2), step_text(-1), step_text(KNOWN_STEP + 2)
        ('2', '-1', '=2')
    """
    return f"={item - KNOWN_STEP}" if item > KNOWN_STEP else str(item)


@dataclass(frozen=True, slots=True)
class LadderItem:
    """A ladder line's item (``ladder-id@from``, ``@-from``, ``@=from``) read back: the one
    parser of the grammar :func:`step_text` writes, for the engine's prices and the
    documents' lines alike.

    Example:
        >>> LadderItem.of("sup-repeat@=2"), LadderItem.of("sup-repeat@-1").lapsed
        (LadderItem(ladder='sup-repeat', start=2, lapsed=False, within=True), True)
    """

    ladder: str
    """The ladder's id."""
    start: int
    """The ``from`` of the step the line is priced at."""
    lapsed: bool
    """Sessions that came back too late for the steps above (``@-from``), at this step's price."""
    within: bool
    """A session known to be within the step's days, in a course without months (``@=from``)."""

    @classmethod
    def of(cls, item: str) -> LadderItem:
        """The parts of a ladder line's item."""
        ladder, _, start = item.partition("@")
        within = start.startswith("=")
        place = int(start.removeprefix("="))
        return cls(ladder, abs(place), place < 0, within)

    @property
    def known(self) -> bool:
        """Whether the session is known to be at its step, so its price is the step's own."""
        return self.lapsed or self.within


def first_month_price(offer: Subscription) -> YenRange:
    """The price of each of a plan's first months as the engine reads it: open where the fee is.

    A plan whose fee is open-ended at a point is never bought there (:func:`_relief`), so
    its first months are open there too, and a bill never undercuts ``best_total``.
    """
    assert offer.first_month is not None
    price = offer.first_month.price
    if offer.monthly_fee.max is None and price.max is not None:
        return YenRange(price.min, None, price.typical)
    return price


def _relief(offer: Subscription, fee: int, unit: Callable[[YenRange], int]) -> int | None:
    """:attr:`SubscriptionRow.relief` at one point: ``unit`` prices the first month there."""
    first = offer.first_month
    if first is None:
        return None
    cheap = unit(first_month_price(offer))
    if fee >= INF or cheap >= INF:
        # An open-ended fee or first month: never a price to take off, never one to pay.
        return 0 if fee >= INF else -INF
    return first.months * (fee - cheap)


def _by_month(
    offer: Subscription, scenario: Scenario, relief: int | None, on: date, months: int
) -> tuple[tuple[int, int | None], ...] | None:
    """:attr:`SubscriptionRow.by_month` of a course from ``on``: ``None`` where no month
    changes what the plan's enrollment costs."""
    if not dated_enrollment(offer):
        return None
    found = []
    for month in range(months):
        fee, first = enrollment_in(offer, add_months(on, month))
        found.append((point(fee, scenario), None if relief is None else relief if first else 0))
    return tuple(found)


def table(
    context: Context, treatment: Treatment, scenario: Scenario, discounts: Sequence[Discount]
) -> Table:
    """A treatment's table at one point, compiled once per catalog and kept with it."""
    mine = relevant(context, treatment.id, discounts)
    scenario = context.point_of(scenario)
    dated = _dated(context)
    undated = undated_steps(context)
    # Apart from the tables by their dates (an id holds no "@"): its ladder's steps as ranges.
    name = f"{treatment.id}@undated" if undated else treatment.id
    key = (name, scenario, tuple(d.id for d in mine), context.new_patient, dated)
    found = context.tables.get(key)
    if found is None:
        catalog = period_catalog(context, mine)
        if catalog is not context.catalog:
            treatment, mine = catalog.treatment(treatment.id), priced(mine)
        found = context.tables[key] = build_table(
            catalog, treatment, scenario, mine, context.new_patient, dated, undated=undated
        )
    return found


def undated_steps(context: Context) -> bool:
    """Whether a ladder step held within days of the previous session is priced as a range
    (:meth:`~supecost.catalog.Ladder.undated_price`): in a course without months, whose
    visits have no dates, in a catalog with such a step (``Compiled.gapped``, learnt once,
    so other catalogs ask nothing more)."""
    return context.compiled.gapped and context.months is None


def _dated(context: Context) -> tuple[date, int] | None:
    """What a table's sales windows read of a request: its date and months, where a course
    with months may buy a set or plan with a window; ``None`` (one table for every date)
    otherwise, as the resolution has kept only offers on sale on the request's date."""
    if context.months is None or not context.compiled.windowed:
        return None
    return (context.on, context.months)


def by_month_table(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    table_now: Table,
    *,
    ticketed: bool = False,
) -> Table:
    """``table_now``, the treatment's table with ``discounts``, where the course takes each of
    them in every month; else its table by month (:attr:`Table.by_month`).

    In a course with months a discount on units with a window or for the birth month is taken
    by the month a purchase is paid in (:func:`~supecost.engine.context.month_discounts`): a
    single session and its further units by its visit's, a set or unit ticket by the month it
    is bought in, a ladder's step by its session's. What is bought at the first visit (a
    first-time price, a package) and a monthly plan read the first month's, the request's
    date, as before. ``ticketed``: the table of a bill that may buy a unit ticket, whose
    singles and further units are at the dearest month's prices where :func:`months_split`
    says so.
    """
    held = months_split(context, treatment, discounts, ticketed=ticketed)
    if held is None:
        return table_now
    discounts = relevant(context, treatment.id, discounts)
    # Apart from the tables by their discounts (an id holds no "@"), by what decides the months.
    carved = "@ticketed" if ticketed and _dearest_units(context, treatment) else ""
    name = f"{treatment.id}@by-month:{context.request.birth_month}{carved}"
    ids = tuple(d.id for d in discounts)
    assert context.months is not None  # months_split holds none without them
    key = (name, context.point_of(scenario), ids, context.new_patient, (context.on, context.months))
    found = context.tables.get(key)
    if found is None:
        monthly = tuple(table(context, treatment, scenario, h) for h in held)
        first = monthly[0]

        def row_by_month(row: BundleRow) -> BundleRow:
            prices = tuple(_set_price(t, row.offer.id) for t in monthly)
            return row if len(set(prices)) == 1 else replace(row, by_month=prices)

        bundles = tuple(row_by_month(row) for row in first.bundles)
        tickets = tuple(row_by_month(row) for row in first.unit_tickets)
        by_offer = dict(first.by_offer)
        by_offer.update((row.offer.id, row) for row in (*bundles, *tickets))
        found = context.tables[key] = replace(
            first, bundles=bundles, unit_tickets=tickets, by_offer=by_offer, by_month=monthly
        )
    return found


def months_split(
    context: Context,
    treatment: Treatment,
    discounts: Sequence[Discount],
    *,
    ticketed: bool = False,
) -> list[tuple[Discount, ...]] | None:
    """Of the discounts that change a treatment's prices (:func:`relevant`), those each month
    of the course takes, where some month takes other ones than another; else ``None``.

    The one rule of whether a treatment's purchases are priced by the month each is paid in
    (:func:`by_month_table`), for the optimiser and the quote's lines alike. ``ticketed``: of
    a bill that may buy a unit ticket (本数券) for the treatment, which prices its singles and
    further units as in the dearest month, its tickets by month, where the request has
    further units of it (:func:`_dearest_units`; docs/catalog.md, "Sales windows in a course
    with months"; lint SC055 warns).
    """
    if context.months is None or not context.compiled.dated_discounts:
        return None
    periods = tuple(p for p in price_periods(context) if relevant(context, treatment.id, (p,)))
    if not discounts and not periods:
        return None
    mine = (*relevant(context, treatment.id, discounts), *periods)
    if not any(by_purchase_month(context, d) for d in mine):
        return None
    held = month_discounts(context, mine)
    if all(len(h) == len(mine) for h in held):
        return None  # every month of the course takes them all
    if ticketed and _dearest_units(context, treatment):
        held = _units_at_worst(held)
    return held


OFFERS_ONLY: Final = "@offers"
"""Ends the id of a discount's copy that comes off its offers only (:func:`_units_at_worst`):
an id holds no "@", so the copy's tables are kept apart, and :func:`base_id` reads it back."""


def base_id(discount: Discount) -> str:
    """The catalog id of a discount or of its copy on offers only (:data:`OFFERS_ONLY`)."""
    return discount.id.removesuffix(OFFERS_ONLY)


def _units_at_worst(held: list[tuple[Discount, ...]]) -> list[tuple[Discount, ...]]:
    """Each month's discounts for a bill that may buy a unit ticket with further units: the
    ticket (and every offer) by the month it is bought in, but single sessions and further
    units with only the discounts every month of the course takes. Which visits' further
    units a ticket pays would decide their months' prices, and supecost does not yet date
    them: pricing them at the dearest month's never quotes the bill below what the clinic
    charges (docs/catalog.md, "Sales windows in a course with months")."""
    every = set(held[0]).intersection(*held[1:])
    # One on offers only is as it was; one on the treatment's units comes off its offers
    # only (a copy), and is gone where it names none.
    return [
        tuple(
            d
            if d in every or not d.treatments
            else d.model_copy(update={"id": d.id + OFFERS_ONLY, "treatments": ()})
            for d in month
            if d in every or d.offers
        )
        for month in held
    ]


def _dearest_units(context: Context, treatment: Treatment) -> bool:
    """Whether a bill that may buy a unit ticket for ``treatment`` prices its singles and
    further units as in the dearest month (:func:`_units_at_worst`): where the catalog sells
    one and the request has further units of the treatment. A ticket's units pay further
    units too, and which visits' units a ticket pays would decide their months' prices:
    supecost does not yet date them. Without further units every purchase is priced by its
    month, a ticket by the month it is bought in, as a set is."""
    if not context.extra_units(treatment):
        return False
    offers = context.catalog.offers_for(treatment.id)
    return any(isinstance(o, Bundle) and o.counts_units for o in offers)


def _set_price(table_of_month: Table, offer: str) -> int:
    row = table_of_month.by_offer[offer]
    assert isinstance(row, BundleRow)
    return row.price


def month_singles(table_by_month: Table, month_of: Sequence[int]) -> list[int]:
    """Each session's single price, by the month of its visit (``month_of``, in time order)."""
    assert table_by_month.by_month is not None
    return [table_by_month.by_month[month].single for month in month_of]


def table_by_ids(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    ids: tuple[str, ...],
    discounts: Sequence[Discount],
) -> Table:
    """:func:`table` where the ids of the discounts :func:`relevant` keeps are known already
    (the optimiser keys its plans by them) and ``scenario`` is the context's own point."""
    name = f"{treatment.id}@undated" if undated_steps(context) else treatment.id
    found = context.tables.get((name, scenario, ids, context.new_patient, _dated(context)))
    if found is None:
        found = table(context, treatment, scenario, discounts)
    return found


def line_price(
    context: Context,
    treatment: Treatment,
    kind: LineKind,
    item: str,
    discounts: Sequence[Discount],
    ids: tuple[str, ...] | None = None,
) -> YenRange:
    """The unit price of one line as a range, per-unit discounts applied.

    ``item`` is the treatment's id for a single session, else the offer's id;
    ``discounts`` are those that change the treatment's prices (:func:`relevant`),
    ``ids`` their ids where the caller holds them already.
    Kept per catalog, so a quote with many offers prices each line once.
    """
    if ids is None:
        ids = tuple(d.id for d in discounts) if discounts else ()
    if kind is LineKind.LADDER and undated_steps(context):
        # A step held within days is a range without months, its own price with them.
        item += "@undated"
    key = (treatment.id, kind, item, ids)
    known = context.compiled.line_prices.get(key)
    if known is None:
        known = context.compiled.line_prices[key] = _line_price(
            context, treatment, kind, item.removesuffix("@undated"), discounts
        )
    return known


_CAMPAIGN: Final = "@campaign"
"""What marks a plan's enrollment at its campaign's price among a plan's lines: an offer id
never holds ``@``."""


def enrollment_item(offer: Subscription, fee: YenRange) -> str:
    """The item a plan's enrollment at ``fee`` is counted and priced under
    (:func:`line_price`): the plan's id at its fee, marked at its campaign's price, so a
    course enrolling a plan in and out of its campaign bills each on its own line."""
    return offer.id if fee == offer.enrollment_fee else offer.id + _CAMPAIGN


def enrollment_billed(offer: Subscription, fee: YenRange) -> bool:
    """Whether a plan's enrollment at ``fee`` is a line of the bill: where it costs something,
    or its campaign's price waives the fee (入会金無料: a line at 0, as a free first month is,
    so a document shows what the campaign gives; due in no month). A flat plan keeps a
    campaign only where it changes the fee (``resolve``), so a plan without a fee has none."""
    campaign = offer.enrollment_campaign
    return fee.max != 0 or (campaign is not None and fee == campaign.price)


def line_id(kind: LineKind, item: str) -> str:
    """The item a line names: the plan's id for an enrollment at its campaign's price
    (:func:`enrollment_item`), the set bought for an upgrade's credit and the set of a
    top-up of a set held or upgraded to, else ``item``."""
    if kind is LineKind.ENROLLMENT:
        return item.partition(_CAMPAIGN)[0]
    if kind is LineKind.CREDIT or kind is LineKind.TOP_UP:
        # The set bought (a credit's, an upgrade's top-up) or held (a held session's top-up).
        return item.partition(FLAT_MARK)[0]
    return item


def _line_price(
    context: Context,
    treatment: Treatment,
    kind: LineKind,
    item: str,
    discounts: Sequence[Discount],
) -> YenRange:
    if kind is LineKind.CREDIT:
        return _credit_price(context, item)
    price, off = _unit(context, treatment, kind, item, discounts)
    return discounted_range(price, off)


def _credit_price(context: Context, item: str) -> YenRange:
    """An upgrade's credit line's unit price (``item`` the upgrade's id, its quantity the
    sessions left): each session left at the held set's price a session, negative."""
    offer = context.catalog.offer(item)
    assert isinstance(offer, Bundle)
    assert offer.upgrading is not None
    return YenRange.exact(-offer.upgrading.credit // offer.upgrading.left)


def line_discounts(
    context: Context,
    treatment: Treatment,
    kind: LineKind,
    item: str,
    discounts: Sequence[Discount],
    ids: tuple[str, ...] | None = None,
) -> tuple[str, ...]:
    """The ids of the per-unit discounts that take something off one line's unit price.

    Arguments as :func:`line_price`. A discount that targets the line but takes
    nothing at any point (a percentage rounded to 0, a free unit) is not one.
    Kept per catalog, like the prices.
    """
    if ids is None:
        ids = tuple(d.id for d in discounts)
    key = (treatment.id, kind, item, ids)
    known = context.compiled.line_discounts.get(key)
    if known is None:
        price, off = _unit(context, treatment, kind, item, discounts)
        points = [p for p in (price.min, price.typical, price.max) if p is not None]
        known = context.compiled.line_discounts[key] = tuple(d.id for d in taking(off, points))
    return known


def ladder_line_price(ladder: Ladder, item: LadderItem, undated: bool) -> YenRange:
    """The unit price of a ladder's line: the step from ``item.start``, in a course without
    months a step held within days at its range over every gap; sessions that came back
    too late for the steps above (``lapsed``, :func:`~supecost.engine.optimise.ladder_step_items`)
    at that step's own price, as they are known to be there (a returning patient's first
    session, or a course with months), and likewise a session known to be within the step's
    days (``within``, :data:`KNOWN_STEP`: the first session after the request's last visit,
    without months)."""
    step = ladder.step_at(item.start)
    return ladder.undated_price(step) if undated and not item.known else step.price


def taking(discounts: Sequence[Discount], points: Sequence[int]) -> tuple[Discount, ...]:
    """The per-unit discounts that take something off a unit price at one of its ``points``.

    A discount that targets the unit but takes nothing (a percentage rounded to 0, a
    free unit) is not one: a line or a contract names only those that made its price.
    """
    return tuple(d for d in discounts if any(discounted(p, (d,)) < p for p in points))


def _unit(
    context: Context,
    treatment: Treatment,
    kind: LineKind,
    item: str,
    discounts: Sequence[Discount],
) -> tuple[YenRange, tuple[Discount, ...]]:
    """A line's unit price before discounts, and the per-unit discounts that come off it;
    in a price period's catalog where ``discounts`` mark one (:func:`period_catalog`)."""
    catalog = period_catalog(context, discounts)
    if catalog is not context.catalog:
        treatment, discounts = catalog.treatment(treatment.id), priced(discounts)
    if kind is LineKind.SINGLE:
        return treatment.session_price, targets(discounts, treatment.id, None)
    if kind is LineKind.EXTRA_UNIT:
        return extra_unit_price(treatment), targets(discounts, treatment.id, None)
    if kind is LineKind.LADDER:
        # ``item`` is ``ladder-id@from``: one line per step of the ladder.
        parsed = LadderItem.of(item)
        ladder = catalog.offer(parsed.ladder)
        assert isinstance(ladder, Ladder)
        return ladder_line_price(ladder, parsed, undated_steps(context)), targets(
            discounts, treatment.id, ladder.id
        )
    if kind is LineKind.ENROLLMENT:
        plan_id, campaign, _ = item.partition(_CAMPAIGN)
        plan = catalog.offer(plan_id)
        assert isinstance(plan, Subscription)
        if campaign:
            assert plan.enrollment_campaign is not None
            return plan.enrollment_campaign.price, ()
        return plan.enrollment_fee, ()
    offer = catalog.offer(item)
    if kind is LineKind.TOP_UP:
        assert isinstance(offer, Bundle)
        top_up = offer.top_up_of(offer.treatment)
        assert top_up is not None
        return top_up, ()  # as the optimiser's table prices it (_top_up)
    if isinstance(offer, Package):
        price = offer.intro_price if kind is LineKind.PACKAGE_INTRO else None
        return price or offer.price, targets(discounts, None, offer.id)
    assert not isinstance(offer, Ladder | SharedSet)  # a flat catalog has splits, as packages
    if isinstance(offer, Bundle | Intro):
        price = offer.price
    elif kind is LineKind.SUBSCRIPTION:
        price = offer.monthly_fee
    elif kind is LineKind.FIRST_MONTH:
        price = first_month_price(offer)
    elif kind is LineKind.EARLY_TERMINATION:
        # A fee for leaving, not a session's price: no discount comes off it.
        assert offer.early_termination_fee is not None
        return offer.early_termination_fee, ()
    else:
        assert offer.extra_session_price is not None
        price = offer.extra_session_price
    return price, targets(discounts, None, offer.id)
