"""What every part of the engine shares about one request: its context, points and bounds.

A request is resolved once into a :class:`Context` (its treatments, session
count, months and date), checked against the engine's documented bounds, and
read by the tables, the optimiser, the bill and the options alike.
"""

from __future__ import annotations

import itertools
import math
import weakref
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Final, TypeAlias

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Discount,
    Fee,
    Goods,
    Ladder,
    Package,
    Subscription,
    Treatment,
    split_base,
)
from supecost.engine.resolve import (
    Segments,
    add_months,
    course_date,
    goods_delivered,
    had_before,
    matches,
    monthly_price,
)
from supecost.errors import RequestError
from supecost.money import Rounding, Scenario, YenRange
from supecost.quotes import (
    BreakEven,
    FeeChoice,
    QuoteRequest,
    TypicalPoint,
    Way,
    as_segments,
    check_last_visit,
)
from supecost.tax import TaxCategory

if TYPE_CHECKING:
    from supecost.engine.optimise import Allowed, Plan, Solution
    from supecost.engine.tables import Table, TableKey

INF: Final = 1 << 62
"""A cost too large to be real: a price that is open-ended at this point, or no plan at all."""

POINTS: Final = (Scenario.MIN, Scenario.TYPICAL, Scenario.MAX)
PER_SESSION_ROUNDING: Final = Rounding.HALF_UP

MAX_WORK: Final = 5_000_000
"""The most elementary steps a quote may need, estimated before any work is done.

One step is one session or month of a course considered against one set or
plan, at one price point, for one choice of discounts; a bill counts as
:data:`_BILL_STEPS`. Sessions, months, offers and discounts are each bounded
on their own; this bounds them together, so a quote finishes within seconds
whatever the catalog (a typical quote is a few thousand steps).
"""


_BILL_STEPS: Final = 50
"""What one bill costs, in steps of the optimiser: a rough count, from profiles of quotes."""


def point(price: YenRange, scenario: Scenario) -> int:
    """A price at one point; the typical point falls back to ``min`` where none is known."""
    if scenario is Scenario.MIN:
        return price.min
    if scenario is Scenario.MAX:
        return INF if price.max is None else price.max
    return price.typical_point


def session_months(sessions: int, months: int) -> list[int]:
    """The month of each session when ``sessions`` are spread evenly over ``months``."""
    return [i * months // sessions for i in range(sessions)]


def slot_deadline(valid_months: int | None, count: int, visits: int, months: int) -> int:
    """The deadline that stands for a package's validity for one treatment of a scheduled course.

    A package bought at month 0 and valid ``valid_months`` can take the
    treatment's sessions (at the first ``count`` of ``visits`` visits over
    ``months``) in months before ``valid_months``. Validities that reach the
    same sessions are one: the answer is the month after the last session
    reached, ``months`` where every session is, 0 where none is.
    """
    if valid_months is None:
        return months
    reached = sum(1 for month in session_months(visits, months)[:count] if month < valid_months)
    if reached == count:
        return months
    return 0 if reached == 0 else (reached - 1) * months // visits + 1


def add_slots(held: tuple[int, ...], deadline: int, amount: int, count: int) -> tuple[int, ...]:
    """``held`` and ``amount`` more package slots of ``deadline``, the ``count`` latest kept.

    A treatment uses at most ``count`` slots, and any sessions some slots can
    take, slots with later deadlines can take too.
    """
    if not amount or not deadline:
        return held
    return tuple(sorted((*held, *(deadline,) * min(amount, count)), reverse=True)[:count])


_Resolved = tuple[
    Treatment,
    tuple[Treatment, ...],
    tuple[tuple[Goods, int, int], ...],
    bool,
    tuple[int, ...],
    tuple[int | None, ...],
]
"""What a request's treatments, units and goods resolve to (:func:`_resolved`)."""


FeeKey: TypeAlias = tuple[
    Scenario,
    bool,
    int,
    tuple[int, ...],
    int | None,
    tuple[str | FeeChoice, ...],
    tuple[tuple[str, int], ...],
]
"""What a course's fee bill is kept by (``engine.bill._fee_key``)."""


@dataclass(slots=True)
class Compiled:
    """What the engine learns of a catalog once and keeps while the catalog lives."""

    tables: dict[TableKey, Table] = field(default_factory=dict)
    exact: dict[tuple[tuple[str, ...], tuple[str, ...]], bool] = field(default_factory=dict)
    points: dict[
        tuple[tuple[tuple[str, ...], tuple[str, ...]], bool], tuple[TypicalPoint, bool]
    ] = field(default_factory=dict)
    """:func:`price_points` by the request's treatments (and whether its course has no months):
    read once, asked by every quote."""
    relevant: dict[tuple[str, tuple[str, ...]], tuple[Discount, ...]] = field(default_factory=dict)
    break_evens: dict[tuple[object, ...], tuple[BreakEven, ...]] = field(default_factory=dict)
    break_evens_within: dict[tuple[object, ...], tuple[BreakEven, ...]] = field(
        default_factory=dict
    )
    """The break-evens of each shape cut at each limit asked (``BreakEven.within``), by both:
    requests of one shape ask a few limits, and each cut makes a record per set or plan."""
    line_prices: dict[tuple[object, ...], YenRange] = field(default_factory=dict)
    line_discounts: dict[tuple[object, ...], tuple[str, ...]] = field(default_factory=dict)
    """The per-unit discounts that take something off each line (:func:`tables.line_discounts`)."""
    packages: bool = False
    """Whether the catalog has packages at all, so requests without any never look for them."""
    windowed: bool = False
    """Whether a set or plan has a sales window, or a plan's enrollment is priced by its
    month (:func:`dated_enrollment`), so its tables read a course's months."""
    ladders: bool = False
    """Whether the catalog has ladders at all, so :func:`check_work` looks for them only then."""
    gapped: bool = False
    """Whether a ladder's step holds only within days of the previous session
    (:attr:`~supecost.catalog.Ladder.gapped`): only then do its prices read visits' dates."""
    unit_tickets: bool = False
    """Whether the catalog has a set counted in units (本数券), so :func:`check_work` counts
    the optimiser's spending of units only then."""
    single_only: bool = False
    """Whether the catalog has a combo sold with single sessions only, so the optimiser
    splits visits between treatments paid singly only then."""
    thresholds: bool = False
    """Whether a discount has a ``min_amount``, the one condition that reads prices: only
    then can the discounts a request meets differ between its points."""
    limits: bool = False
    """Whether a discount rules something out of its bill (:func:`rules_out`): only then may a
    way's purchases differ by the choice of discounts (``optimise.narrowed``)."""
    dated_discounts: bool = False
    """Whether a discount on units has a window or is for the birth month only, or a price
    changes on a later day (``price_changes``): only then may a course with months take it in
    some months and not others (:func:`by_purchase_month`), or pay some months' purchases at
    another price (:func:`price_periods`)."""
    periods: dict[tuple[date, int], tuple[Discount, ...]] = field(default_factory=dict)
    """:func:`price_periods` of a course, by its date and months."""
    offered: bool = False
    """Whether a set includes goods (``Bundle.includes``) or a fee is waived where an offer is
    bought (``Fee.waived_with``): only then does a bill read which offers its way buys
    (:attr:`Context.bought`, :func:`with_offers`)."""
    yearly: bool = False
    """Whether the catalog has a yearly fee, the one fee whose count reads the course's
    months: only then do fee bills differ by months (:attr:`Context.fee_months`)."""
    combos: dict[tuple[object, ...], tuple[tuple[str, int, TaxCategory], ...]] = field(
        default_factory=dict
    )
    """The combos chosen per visit, by the visit's treatments and price point."""
    fees: dict[
        FeeKey,
        tuple[tuple[tuple[Fee, int, int], ...], tuple[tuple[int, TaxCategory], ...], int],
    ] = field(default_factory=dict)
    """The fees of a bill, by price point, new patient or not, number of visits, own counts,
    the months a yearly fee reads (:attr:`Context.fee_months`) and the request's chosen fees
    (one chosen at some visits only is charged at fewer)."""
    combo_tax: dict[str, TaxCategory] = field(default_factory=dict)
    """Each combo's tax category: its first treatment's."""
    ways: dict[tuple[str, bool], tuple[tuple[Way, Allowed], ...]] = field(default_factory=dict)
    """The ways of buying by a treatment's own offers, by treatment and new patient or not."""
    choices: dict[tuple[object, ...], tuple[tuple[Discount, ...], ...]] = field(
        default_factory=dict
    )
    """The choices of discounts a request meets, by what their conditions read of it."""
    touchings: dict[
        tuple[int, tuple[str, ...]],
        tuple[
            tuple[tuple[Discount, ...], ...],
            tuple[tuple[tuple[tuple[str, ...], ...], ...], bool],
        ],
    ] = field(default_factory=dict)
    """``optimise._touchings`` of a request's choices of discounts (:func:`request_choices`),
    by the choices' identity and the request's treatments; each entry holds its choices, so
    their identity is not reused while it is kept."""
    resolved: dict[tuple[object, ...], _Resolved] = field(default_factory=dict)
    """What :func:`make_context` resolves a request's treatments, units and goods to, by them."""
    work: dict[tuple[object, ...], tuple[int, str, int]] = field(default_factory=dict)
    """:func:`check_work`'s estimate of a request in this catalog, by the request's shape."""
    choice_count: int | None = None
    """How many choices of discounts the catalog's discounts allow, for :func:`check_work`."""


_COMPILED: dict[int, Compiled] = {}
"""Per live catalog, keyed by identity: hashing a frozen catalog costs a walk."""


def dated_enrollment(offer: object) -> bool:
    """Whether what a plan's enrollment costs depends on its date: it has an enrollment
    campaign or a first-month price with a window (``resolve.enrollment_in``)."""
    if not isinstance(offer, Subscription):
        return False
    first = offer.first_month
    return offer.enrollment_campaign is not None or (first is not None and first.windowed)


def compiled(catalog: Catalog) -> Compiled:
    key = id(catalog)
    found = _COMPILED.get(key)
    if found is None:
        found = _COMPILED[key] = Compiled(
            packages=any(isinstance(offer, Package) for offer in catalog.offers),
            ladders=any(isinstance(offer, Ladder) for offer in catalog.offers),
            gapped=any(isinstance(offer, Ladder) and offer.gapped for offer in catalog.offers),
            windowed=any(
                isinstance(offer, (Bundle, Subscription))
                and (offer.windowed or dated_enrollment(offer))
                for offer in catalog.offers
            ),
            unit_tickets=any(
                isinstance(offer, Bundle) and offer.counts_units for offer in catalog.offers
            ),
            single_only=any(combo.single_sessions_only for combo in catalog.combos),
            yearly=any(fee.charged is Charged.YEARLY for fee in catalog.fees),
            thresholds=any(d.min_amount is not None for d in catalog.discounts),
            limits=any(rules_out((d,)) for d in catalog.discounts),
            dated_discounts=any(d.taken_by_month for d in catalog.discounts)
            or bool(catalog.price_change_days),
            offered=any(fee.waived_with for fee in catalog.fees)
            or any(isinstance(offer, Bundle) and offer.includes for offer in catalog.offers),
        )
        # Forget it with the catalog, before its id can be reused.
        weakref.finalize(catalog, _COMPILED.pop, key, None)
    return found


@dataclass(slots=True, eq=False)
class Context:
    """Everything about a request that does not depend on the way of buying.

    Not frozen, though nothing assigns a field once it is made: a context is made for every
    request (and every count of a range), and a frozen dataclass sets each of its fields
    through ``object.__setattr__``, which cost a third of making one. Compared and hashed by
    identity: each holds its request's memos.
    """

    catalog: Catalog
    request: QuoteRequest
    main: Treatment
    addons: tuple[Treatment, ...]
    sessions: int
    months: int | None
    on: date
    compiled: Compiled = field(compare=False)
    exact: bool = False
    """Whether every price this request can meet is exact (one amount, no typical of its own),
    so one point serves all three and every range of the quote is that one amount."""
    units: tuple[int, ...] = ()
    """Units per visit of each treatment, the main one first; empty means one of each."""
    plans: dict[tuple[object, ...], Plan] = field(default_factory=dict, compare=False)
    solutions: dict[tuple[object, ...], Solution] = field(default_factory=dict, compare=False)
    needs: SetNeeds | None = field(default=None, compare=False)
    """The counts of sets a bill reads that a way's cheapest courses are sought with
    (``optimise.gift_needs``), worked out once."""
    combos: dict[object, tuple[int, tuple[tuple[str, int], ...]]] = field(
        default_factory=dict, compare=False
    )
    chosen: dict[Scenario, tuple[tuple[str, int, TaxCategory], ...]] = field(
        default_factory=dict, compare=False
    )
    """The combos the bill takes per visit, with their savings and tax categories, by point."""
    choices: dict[Scenario, tuple[tuple[Discount, ...], ...]] = field(
        default_factory=dict, compare=False
    )
    """The choices of discounts this request meets at each point, filled on first use."""
    touchings: dict[Scenario, tuple[tuple[tuple[tuple[str, ...], ...], ...], bool]] = field(
        default_factory=dict, compare=False
    )
    """Filled on first use, by point: per choice of discounts (in order), the ids of those
    touching each treatment; and whether the stacking ones alone need no bill
    (``optimise._touchings``)."""
    counts: tuple[int, ...] = ()
    """Sessions of each treatment, the main one first; empty means ``sessions`` of each."""
    history: tuple[int, ...] = ()
    """Sessions of each treatment had before the course; empty means none."""
    last_visits: tuple[date | None, ...] = ()
    """The date of each treatment's last session had (``QuoteRequest.last_visit``), ``None``
    where not given; empty means none given."""
    fee_months: int | None = None
    """The course's months where the catalog has a yearly fee, else ``None``: the fees'
    bills read no months then, so requests of any months share them."""
    goods: tuple[tuple[Goods, int, int], ...] = ()
    """Goods bought beside the course, each with its units and its months delivered (0: bought
    once, at the first visit; else a monthly delivery's units a month over the course's months,
    the request's ``goods_monthly``), in the request's order, the once bought first; no visit."""
    plan_months: int | None = None
    """Where the request gives no months: the months a way's monthly plan is paid for (the
    longest of its plans), which the course then runs and its visits are dated over
    (:func:`course_months`); set on the context of that way's bill (:func:`dated`)."""
    # Not passed on by ``replace``: a context made from this one (fewer treatments, no goods)
    # is a request of its own, with its own dates and limits.
    dated_by: dict[int, Context] = field(default_factory=dict, compare=False, init=False)
    bought: tuple[tuple[str, int], ...] = ()
    """The offers a way's bill buys that include goods or waive a fee (``Bundle.includes``,
    ``Fee.waived_with``), each with how many, sorted by id; empty on the request's own
    context (nothing bought yet). Set on the context of that way's bill (:func:`with_offers`)."""
    by_bought: dict[tuple[tuple[str, int], ...], Context] = field(
        default_factory=dict, compare=False, init=False
    )
    """The context of each bill's offers asked so far (:func:`with_offers`)."""
    """The request's context dated over each plan's months asked so far (:func:`dated`)."""
    caps: list[tuple[int, ...]] = field(default_factory=list, compare=False, init=False)
    """Filled on first use: :func:`course_caps`, the same for every way of the request."""
    segment: Segments = None
    """The patient's segments in this world: the request's (one or several), or the one
    joined for its fee."""
    fees_apart: bool = False
    """Whether the bill leaves out the fees whose high end is open (:func:`fees_apart`): the
    high point's comparison of ways every one of which pays them alike."""
    apart: list[Context] = field(default_factory=list, compare=False, init=False)
    """Filled on first use: this request without its open fees (:func:`fees_apart`)."""

    def goods_amounts(self) -> list[tuple[Goods, int, YenRange, int]]:
        """Each goods record bought, its units, its unit price and its months delivered (0:
        once): the one rule of what goods cost, which the bill prices at one point
        (:meth:`goods_lines`) and an option's goods lines show as ranges. Bought once, a
        unit is the catalog's ``price`` and the units are the request's; delivered monthly
        (定期便), a unit is its ``subscription.monthly_price`` and the units are the units a
        month times the months, each month's paid in that month.
        """
        covered = self.included() if self.bought else {}
        result: list[tuple[Goods, int, YenRange, int]] = []
        for goods, units, months in self.goods:
            if months:
                result.append((goods, units * months, monthly_price(goods), months))
                continue
            given = covered.get(goods.id, 0)
            if given < units:
                result.append((goods, units - given, goods.price, 0))
        return result

    def given(self) -> list[tuple[Goods, int]]:
        """Each goods record the bill's sets include, with how many, in the catalog's order."""
        included = self.included()
        return [(g, included[g.id]) for g in self.catalog.goods if included.get(g.id)]

    def included(self) -> dict[str, int]:
        """The goods the bill's sets include (:attr:`bought`, ``Bundle.includes``), by goods id:
        the one count of them. Each covers one unit of the goods the request buys once, which
        :meth:`goods_amounts` then does not charge; the rest are given beside the set."""
        found: dict[str, int] = {}
        catalog = self.catalog
        for offer_id, count in self.bought:
            offer = catalog.offer(offer_id)
            if isinstance(offer, Bundle):
                for goods_id, each in offer.includes.items():
                    found[goods_id] = found.get(goods_id, 0) + each * count
        return found

    def goods_lines(self, scenario: Scenario) -> list[tuple[int, TaxCategory]]:
        """Each goods record's amount at a point and its tax category.

        The same for every way of buying: the bill adds them to its lines
        (:func:`~supecost.engine.bill.itemise`).
        """
        scenario = self.point_of(scenario)
        return [
            (point(price * units, scenario), goods.tax)
            for goods, units, price, _ in self.goods_amounts()
        ]

    def count_of(self, treatment: Treatment) -> int:
        """Sessions of ``treatment`` in the course: visit ``i`` includes it while ``i <= count``."""
        if not self.counts:
            return self.sessions
        return self.counts[self._position(treatment)]

    def had_before(self, treatment: Treatment) -> int:
        """Sessions of ``treatment`` the patient had before: its first place is one more."""
        return self.history[self._position(treatment)] if self.history else 0

    def last_visit(self, treatment: Treatment) -> date | None:
        """The date of the last session of ``treatment`` the patient had, where the request
        gives it: the gap of the course's first session, for a ladder step held within days."""
        return self.last_visits[self._position(treatment)] if self.last_visits else None

    def _position(self, treatment: Treatment) -> int:
        return 0 if treatment is self.main else 1 + self.addons.index(treatment)

    @property
    def visits(self) -> int:
        """The course's visits: the largest count of any treatment."""
        return max(self.counts) if self.counts else self.sessions

    def visit_groups(self) -> tuple[tuple[tuple[str, ...], int], ...]:
        """Visits told apart by the treatments they include, with how many there are of each.

        Visit ``i`` includes every treatment whose count is at least ``i``.
        """
        if not self.counts:
            return ((tuple(t.id for t in self.treatments), self.sessions),)
        groups: list[tuple[tuple[str, ...], int]] = []
        done = 0
        for edge in sorted(set(self.counts)):
            members = tuple(
                t.id for t, n in zip(self.treatments, self.counts, strict=True) if n >= edge
            )
            groups.append((members, edge - done))
            done = edge
        return tuple(groups)

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        return (self.main, *self.addons)

    @property
    def new_patient(self) -> bool:
        return self.request.new_patient

    @property
    def tables(self) -> dict[TableKey, Table]:
        return self.compiled.tables

    def extra_units(self, treatment: Treatment) -> int:
        """Units of ``treatment`` beyond the first at each visit."""
        if not self.units:
            return 0
        return self.units[self._position(treatment)] - 1

    def point_of(self, scenario: Scenario) -> Scenario:
        """The point that stands for ``scenario``: the typical one where every price is exact."""
        return Scenario.TYPICAL if self.exact else scenario


def _all_exact(catalog: Catalog, treatments: Sequence[Treatment], goods: Sequence[Goods]) -> bool:
    # An exact price that states its typical amount anyway is priced at three points: its
    # ranges carry that typical value, which the one-point fast path does not.
    return all(
        price.max == price.min and price.typical is None
        for price in _prices(catalog, treatments, goods)
    )


def price_points(context: Context) -> tuple[TypicalPoint, bool]:
    """What the request's typical point is made of, and whether any price it meets is open.

    Read from every price the request can meet (its treatments' own, their
    offers', every combo's and fee's, and the goods it buys), as the one-point fast
    path reads them.
    """
    goods = tuple(g for g, _, _ in context.goods)
    key = _key(context.treatments, goods)
    # With months a step held within days is priced at its dated step, exact: no range.
    undated = context.months is None
    known = context.compiled.points.get((key, undated))
    if known is None:
        known = context.compiled.points[(key, undated)] = _price_points(
            context.catalog, context.treatments, goods, undated
        )
    return known


def _key(
    treatments: Sequence[Treatment], goods: Sequence[Goods]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """What a request's exactness and typical point depend on: its treatments and goods."""
    return tuple([t.id for t in treatments]), tuple([g.id for g in goods])


def _price_points(
    catalog: Catalog, treatments: Sequence[Treatment], goods: Sequence[Goods], undated: bool
) -> tuple[TypicalPoint, bool]:
    prices = _prices(catalog, treatments, goods, gaps=False)
    gaps = _gap_ranges(catalog, treatments) if undated else []
    ranges = [price for price in prices if not price.is_exact]
    stated = sum(price.typical is not None for price in ranges)
    typical = (
        TypicalPoint.STATED
        if stated == len(ranges) + len(gaps)
        else TypicalPoint.GAPS
        if not ranges
        else TypicalPoint.LOW
        if stated == 0
        else TypicalPoint.MIXED
    )
    return typical, any(price.max is None for price in prices)


def _gap_ranges(catalog: Catalog, treatments: Sequence[Treatment]) -> list[YenRange]:
    """The ranges of ladder steps held within days over every gap (a course without months:
    :meth:`~supecost.catalog.Ladder.undated_price`), where not exact: none has a standard."""
    return [
        price
        for treatment in treatments
        for offer in catalog.offers_for(treatment.id)
        if isinstance(offer, Ladder) and offer.gapped
        for price in (offer.undated_price(step) for step in offer.steps)
        if not price.is_exact
    ]


def _prices(
    catalog: Catalog,
    treatments: Sequence[Treatment],
    goods: Sequence[Goods],
    *,
    gaps: bool = True,
    fees: bool = True,
) -> list[YenRange]:
    """Every price a request of these treatments and goods can meet: the one list both its
    exactness (the one-point fast path) and its typical point are read from; without
    ``gaps``, not the ranges of ladder steps over every gap (:func:`_gap_ranges`); without
    ``fees``, not the fees' (:func:`open_fees`)."""
    prices: list[YenRange] = [g.price for g in goods]
    prices += [g.subscription.monthly_price for g in goods if g.subscription is not None]
    for treatment in treatments:
        prices.append(treatment.session_price)
        if treatment.extra_unit_price is not None:
            prices.append(treatment.extra_unit_price)
        for offer in catalog.offers_for(treatment.id):
            if isinstance(offer, Subscription):
                prices += [offer.monthly_fee, offer.enrollment_fee]
                if offer.enrollment_campaign is not None:
                    # Kept by a flat catalog only where the month a plan is enrolled in
                    # decides its fee: a price the bill may meet.
                    prices.append(offer.enrollment_campaign.price)
                if offer.first_month is not None:
                    prices.append(offer.first_month.price)
                if offer.extra_session_price is not None:
                    prices.append(offer.extra_session_price)
                if offer.early_termination_fee is not None:
                    # The bill of a plan left early pays it (catalog.plan_held): a range
                    # here is priced at three points, never at its low end alone.
                    prices.append(offer.early_termination_fee)
            elif isinstance(offer, Ladder):
                prices += [step.price for step in offer.steps]
                if offer.gapped and gaps:
                    # Without months a step held within days is a range over every gap
                    # (priced at three points; with months too, as exactness is read per
                    # catalog; the typical point reads them apart, _gap_ranges).
                    prices += [offer.undated_price(step) for step in offer.steps]
            elif isinstance(offer, Package):
                prices += [offer.price] + ([offer.intro_price] if offer.intro_price else [])
            else:
                prices.append(offer.price)
                # A flat set keeps its dose's top-up alone (resolve): a price its visits pay.
                prices += offer.top_ups.values() if isinstance(offer, Bundle) else ()
    for combo in catalog.combos:
        prices += [p for p in (combo.price, combo.discount) if p is not None]
    if fees:
        prices += [fee.price for fee in catalog.fees]
    return prices


def _resolved(catalog: Catalog, request: QuoteRequest, known: Compiled) -> _Resolved:
    """What :func:`make_context` reads of the request's treatments, units and goods: the
    main treatment, the added ones, the goods with their units, whether every price is
    exact, the units per visit (empty for one of each) and each added treatment's own count.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: A treatment is named twice.
    """
    main = catalog.treatment(request.treatment or catalog.treatments[0].id)
    addons: list[Treatment] = []
    # The request holds at most MAX_VISIT_TREATMENTS treatments (its own rule); the ids seen
    # are a set all the same, so the check stays one walk whatever reaches it.
    seen = {main.id}
    with_units = request.with_units
    for treatment_id, _ in with_units:
        addon = catalog.treatment(treatment_id)
        if addon.id in seen:
            message = f"treatment {addon.id!r} is named twice in the request"
            raise RequestError(
                message,
                "name each treatment once: the main treatment, and each added one beside it",
                (("with", message),),
                code="request.treatment_twice",
                params={"treatment": repr(addon.id)},
            )
        seen.add(addon.id)
        addons.append(addon)
    treatments = (main, *addons)
    goods = (
        *((catalog.product(g), units, 0) for g, units in request.goods.items()),
        *goods_delivered(catalog, request),
    )
    bought = tuple(g for g, _, _ in goods)
    key = _key(treatments, bought)
    exact = known.exact.get(key)
    if exact is None:
        exact = known.exact[key] = _all_exact(catalog, treatments, bought)
    units = (request.units, *(u for _, u in with_units))
    return (
        main,
        tuple(addons),
        goods,
        exact,
        units if any(u > 1 for u in units) else (),
        request.with_sessions,
    )


def make_context(
    catalog: Catalog, request: QuoteRequest, sessions: int, *, joins: str | None = None
) -> Context:
    """Resolve a request's treatments against the catalog, for ``sessions`` sessions.

    ``joins`` names the segment the patient joins in this world (``catalog`` is then
    its flat catalog, ``resolve.flat_catalog(joins=...)``): the patient's segment for a
    discount's ``segments``, as the request's own segment is otherwise.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: A treatment is named twice.
    """
    known = compiled(catalog)
    # What the request's shape resolves to is kept with the catalog: a batch repeats a few.
    shape = (
        request.treatment,
        request.with_,
        request.units,
        tuple(request.goods.items()) if request.goods else (),
        # A monthly delivery reads the months (how many, at least its minimum).
        (tuple(request.goods_monthly.items()), request.months) if request.goods_monthly else (),
    )
    resolved = known.resolved.get(shape)
    if resolved is None:
        resolved = _resolved(catalog, request, known)
        if len(known.resolved) < _SHAPES_KEPT:
            known.resolved[shape] = resolved
    main, addons, goods, exact, units, own = resolved
    counts = (
        (sessions, *[sessions if n is None else n for n in own])
        if own.count(None) < len(own)
        else ()
    )
    treatments = (main, *addons)
    had = tuple(had_before(request.history, t.id) for t in treatments) if request.history else ()
    on = course_date(request)
    last = tuple(_last_visit(request, t.id, on) for t in treatments) if request.last_visit else ()
    return Context(
        catalog,
        request,
        main,
        addons,
        sessions,
        request.months,
        on,
        known,
        exact,
        units,
        counts=counts if len(set(counts)) > 1 else (),
        history=had if any(had) else (),
        last_visits=last if any(last) else (),
        goods=goods,
        fee_months=request.months if known.yearly else None,
        segment=request.segment if joins is None else joins,
    )


def _last_visit(request: QuoteRequest, ref: str, on: date) -> date | None:
    # A dose's last session is the later of its own and its treatment's, as its places count
    # both (had_before); a request left to today is checked now that it has a date.
    found = []
    for key in dict.fromkeys((ref, ref.partition(":")[0])):
        day = request.last_visit.get(key)
        if day is not None:
            check_last_visit(key, day, on)
            found.append(day)
    return max(found, default=None)


FEWER: Final = "ask for fewer sessions or months, or a narrower session range"

MAX_SINGLE_SPLITS: Final = 20_000
"""The most ways of splitting a course's visits between the sets of treatments paid singly
for combos sold with single sessions only (each way is billed, for every choice of discounts).
"""


def check_work(worlds: Sequence[Catalog], request: QuoteRequest, *, fewer: str = FEWER) -> None:
    """Refuse, before any work, a request whose estimated work exceeds :data:`MAX_WORK`.

    ``worlds`` are the flat catalogs the request is priced in: its own, then one
    per segment its patient could join. Every one is priced, so the bound is
    on their sum. ``fewer`` is the first advice of the error: how the caller's
    own surface asks for less (a comparison compares fewer counts).

    Raises:
        RequestError: The estimate is over the limit; the message gives both numbers.
    """
    session_counts = request.session_counts
    sessions = session_counts[-1]
    counts = len(session_counts)
    # A range prices each of its counts on its own (a comparison a whole quote at each, a
    # quote the best way at each), and its top once more in full: the work of each count,
    # not the top's work at every count (a year's comparison of twice a month was refused).
    each_count = session_counts if counts == 1 else (sessions, *session_counts)
    work = 0
    first: str | None = None
    range_ = counts > 1
    for catalog in worlds:
        known = compiled(catalog)
        for count in each_count:
            # Kept by everything the estimate reads: the treatments with their own counts and
            # units (``with_`` holds the added ones'), the main treatment's units (a unit
            # ticket's steps), the months, and the goods (whether the bill is exact).
            shape = (
                request.treatment,
                request.with_,
                request.units,
                tuple(request.goods.items()),
                tuple(request.goods_monthly),
                count,
                range_,
                request.months,
            )
            found = known.work.get(shape)
            if found is None:
                treatments = [
                    request.treatment or catalog.treatments[0].id,
                    *(t for t, _ in request.with_units),
                ]
                asked = request if counts == 1 else request.model_copy(update={"sessions": count})
                found = _estimate(catalog, asked, known, count, counts, treatments)
                if len(known.work) < _SHAPES_KEPT:
                    known.work[shape] = found
            steps, detail, splits = found
            if splits > MAX_SINGLE_SPLITS:
                raise too_many_splits(splits, count, fewer)
            work += steps
        if first is None:
            first = detail  # the message's, from the request's own world
    if work > MAX_WORK:
        joins = len(worlds) - 1
        priced = (
            f", priced in {len(worlds)} ways of belonging: as is and joining each of "
            f"{joins} segment(s)"
            if joins
            else ""
        )
        raise RequestError(
            f"this request would take about {work:,} steps to price, over the limit of "
            f"{MAX_WORK:,} ({counts} session count(s), {first}{priced})",
            f"{fewer}; or ask for fewer treatments with it (fewer add-ons)"
            + ("; or name the patient's segment, so that no segment is joined" if joins else "")
            + "; or, in the catalog, fewer offers, packages, non-stacking discounts or combos "
            "sold with single sessions only",
            code="request.work",
            params={"work": f"{work:,}", "limit": f"{MAX_WORK:,}"},
        )


def too_many_splits(splits: int, sessions: int, fewer: str = FEWER) -> RequestError:
    """The refusal of a request with more than :data:`MAX_SINGLE_SPLITS` splits of its visits."""
    return RequestError(
        f"this request needs up to {splits:,} ways of splitting its {sessions} visits "
        f"between sessions paid singly for its combos, more than the "
        f"{MAX_SINGLE_SPLITS:,} supecost tries",
        f"{fewer}; or ask for fewer treatments that share a combo sold with single sessions only",
        code="request.splits",
        params={"splits": f"{splits:,}", "sessions": sessions, "limit": f"{MAX_SINGLE_SPLITS:,}"},
    )


_SHAPES_KEPT: Final = 4096
"""The most shapes of request whose estimated work is kept per catalog."""


def _estimate(
    catalog: Catalog,
    request: QuoteRequest,
    known: Compiled,
    sessions: int,
    counts: int,
    treatments: list[str],
) -> tuple[int, str, int]:
    """The steps pricing a request in one flat catalog takes, what they count, and the
    most ways of splitting its visits between sessions paid singly (:func:`single_splits`)."""
    offers = sum(len(catalog.offers_for(t)) for t in treatments)
    choices = known.choice_count
    if choices is None:
        choices = known.choice_count = len(discount_choices(catalog.discounts))
    span = sessions + (request.months or 0)
    # Each way of buying is optimised over the course (one offer at a time), priced and
    # billed once per choice of discounts; the mix's programme meets every offer at each
    # point.
    ways = (offers + 2) * (choices * _BILL_STEPS + 2 * span)
    mix = 3 * span * offers * choices
    # Issue 13: a ladder optimises its treatment's other offers once per number of singles;
    # packages multiply everything by every choice of how many of each to buy.
    ladders = programme = 0
    choices_of_packages = 1
    if known.ladders or known.packages:  # most catalogs have neither: nothing to add
        counts_of = [sessions, *(sessions if n is None else n for n in request.with_sessions)]
    months = request.months
    if known.ladders:
        ladders = sum(
            (len(catalog.offers_for(t)) + 2) * (n + 1) * (n + 1)
            + (
                0
                if months is None
                else _timeline_steps(catalog, t, n, months, visits=max(counts_of))
            )
            for t, n in zip(treatments, counts_of, strict=True)
            if any(isinstance(o, Ladder) for o in catalog.offers_for(t))
        )
    if known.packages:
        found: dict[str, Package] = {}
        for t in treatments:
            for offer in catalog.offers_for(t):
                if isinstance(offer, Package):
                    found[offer.id] = offer
        product, steps = 1, 0
        covered: set[str] = set()
        mosts: list[int] = []
        for offer in found.values():
            most = max(
                -(-n // offer.sessions_of(r))
                for r, n in zip(treatments, counts_of, strict=True)
                if offer.sessions_of(r)
            )
            if offer.per_patient is not None:
                most = min(most, offer.per_patient)
            mosts.append(most)
            product = min(product * (most + 1), MAX_WORK + 1)
            steps += most + 1
            covered.update(r for r in treatments if offer.sessions_of(r))
        states = 1
        for r, n in zip(treatments, counts_of, strict=True):
            if r in covered:
                states = min(
                    states * _coverages(found.values(), r, n, months, max(counts_of)),
                    MAX_WORK + 1,
                )
        asked = [catalog.treatment(t) for t in treatments]
        taxes = {package_category(o, asked) for o in found.values()}
        # Packages taxed alike are chosen by a programme over coverages (one bill each);
        # otherwise every combination is billed.
        choices_of_packages = min(product, states) if len(taxes) <= 1 else product
        reachable = None
        if months is not None and found:
            reachable = _reachable_slots(list(found.values()), mosts, treatments, counts_of, months)
        if reachable is not None and len(taxes) <= 1:
            choices_of_packages = min(choices_of_packages, reachable[1])
        if found:
            # Each way of buying (one more per package) bills every choice; each treatment's
            # rest is optimised once per count it can be left with, for every way.
            # The splits of a shared set are one way (options.ways).
            ways_of_buying = len({split_base(offer_id) for offer_id in found}) + 1
            bills = ways_of_buying * choices_of_packages * choices * (_BILL_STEPS + len(treatments))
            if months is None:
                rests = (max(counts_of) + 1) * (ways + mix + ladders * choices)
            else:
                # Each treatment's programme runs once per slots it can be left with (every
                # way that buys packages shares them), with the slots as a dimension of its
                # own, at each point; the programme over packages reaches at most ``product``
                # coverages, each merged in steps of the treatments' counts.
                points = (
                    1 if _exact(catalog, known, treatments, _goods_ids(request)) else len(POINTS)
                )
                rests = ways + mix + ladders * choices
                for position, (r, n) in enumerate(zip(treatments, counts_of, strict=True)):
                    if r in covered:
                        # A programme's columns are its slots and one more.
                        if reachable is None:
                            coverages = _coverages(found.values(), r, n, months, max(counts_of))
                            columns = min(product, coverages) * (n + 1)
                        else:
                            columns = sum(len(slots) + 1 for slots in reachable[2][position])
                        timeline = _timeline_steps(catalog, r, n, months, max(counts_of))
                        rests = min(rests + points * choices * columns * timeline, MAX_WORK + 1)
                if reachable is not None:
                    steps = reachable[0]
                else:
                    # The programme over packages holds at most the coverages reached so far
                    # before each package: ``steps x states`` counts every package against all.
                    steps, reached = 0, 1
                    for most in mosts:
                        steps += min(reached, states) * (most + 1)
                        reached = min(reached * (most + 1), MAX_WORK + 1)
                states = 1
            programme = ways_of_buying * steps * states * choices + bills + rests
    tickets = (
        _unit_ticket_steps(catalog, request, treatments, sessions) if known.unit_tickets else 0
    )
    splits = singles = 0
    if known.single_only and months is None:
        own = request.with_sessions
        splits = single_splits(catalog, treatments, sessions, own, counts)
        if splits:
            # Each way of buying, at each point, bills every split for every choice of
            # discounts (``optimise._solve_with_singles``).
            points = 1 if _exact(catalog, known, treatments, _goods_ids(request)) else len(POINTS)
            singles = (offers + 2) * points * choices * splits * (_BILL_STEPS + len(treatments))
    # Without months, each limit on a plan's months that a yearly fee reads is a run of its own.
    limits = _limits(catalog, request, treatments, sessions)
    layers = limited_layers(catalog, treatments)
    work = limits * layers * (ways + mix + (ladders + tickets) * choices + programme + singles)
    needs = 1
    if known.offered:
        # Each count of sets a bill reads (a gift, a waiver) is searched over again.
        each = [sessions, *(n or sessions for n in request.with_sessions)]
        counts_of_own = dict(zip(treatments, each, strict=True))
        found_needs = set_needs(catalog, request.goods, counts_of_own, MAX_WORK // max(work, 1))
        needs = MAX_WORK + 1 if found_needs is None else need_layers(found_needs)
        work *= needs
    detail = (
        f"{offers} offers, {span} sessions and months, {choices} "
        f"choice(s) of discounts, {choices_of_packages} choice(s) of packages"
        + (f", {layers} counts of sets limited per patient" if layers > 1 else "")
        + (f", {needs:,} counts of sets a bill reads (gifts, waivers)" if needs > 1 else "")
        + (f", {splits:,} ways of paying visits singly for combos" if splits else "")
        + (f", {limits} limits on a monthly plan's months for a yearly fee" if limits > 1 else "")
    )
    return work, detail, splits


SetNeeds: TypeAlias = tuple[tuple[tuple[str, int], ...], ...]
"""Counts of sets a course must buy at least, each a tuple of (offer id, count)."""


def set_needs(
    catalog: Catalog, goods: Mapping[str, int], counts: Mapping[str, int], most: int
) -> SetNeeds | None:
    """How many of each set a course must buy at least, for each sum of them a bill reads
    differently (``optimise.gift_needs``, and the work :func:`check_work` estimates of it).

    A bill reads the sets it buys where one includes goods the request buys once
    (``goods``, units by id: ``ceil(units / each)`` sets are worth all of them) or a fee is
    waived with one (one set is worth it, however many). A set bought covers a session at
    least, so no more of a set than its treatment's sessions (``counts``, by treatment id;
    a set of another treatment is never bought). A course cheapest through such sets buys
    some count of each, so the cheapest bill is among the cheapest courses buying at least
    each count up to its cap, and only the counts each of whose sets adds to what the bill
    reads are needed; none bought is left out (the way's own search). ``None`` where more
    than ``most`` counts would be looked at.
    """
    waivers = [set(fee.waived_with) for fee in catalog.fees if fee.waived_with]
    sets: list[tuple[str, dict[str, int]]] = []
    caps: list[int] = []
    size = 1
    for offer in catalog.offers:
        if not isinstance(offer, Bundle) or offer.counts_units or offer.treatment not in counts:
            continue
        gifts = {g: each for g, each in offer.includes.items() if goods.get(g)}
        cap = max((-(-goods[g] // each) for g, each in gifts.items()), default=0)
        if any(offer.id in named for named in waivers):
            cap = max(cap, 1)
        cap = min(cap, counts[offer.treatment])
        if cap:
            sets.append((offer.id, gifts))
            caps.append(cap)
            size *= cap + 1
            if size > most:
                return None

    def reads(bought: Sequence[int]) -> tuple[object, ...]:
        # What a bill reads of these counts: each goods' units given, each fee waived.
        given: dict[str, int] = {}
        for n, (_, gifts) in zip(bought, sets, strict=True):
            for g, each in gifts.items():
                given[g] = given.get(g, 0) + n * each
        units = tuple(sorted((g, min(n, goods[g])) for g, n in given.items()))
        ids = {offer_id for n, (offer_id, _) in zip(bought, sets, strict=True) if n}
        return units, tuple(bool(ids & named) for named in waivers)

    needs: list[tuple[tuple[str, int], ...]] = []
    for bought in itertools.product(*(range(cap + 1) for cap in caps)):
        if not any(bought):
            continue
        read = reads(bought)
        fewer = ((*bought[:k], n - 1, *bought[k + 1 :]) for k, n in enumerate(bought) if n)
        if all(reads(less) != read for less in fewer):
            needs.append(tuple((s[0], n) for n, s in zip(bought, sets, strict=True) if n))
    return tuple(needs)


def need_layers(needs: SetNeeds) -> int:
    """How many times over a course's programmes run for ``needs``: once without, and for each
    need once per count still to buy of each set (``optimise._layered``)."""
    return 1 + sum(math.prod(n + 1 for _, n in need) for need in needs)


def limited_layers(catalog: Catalog, treatments: Sequence[str]) -> int:
    """How many times over a treatment's programme runs for its sets limited per patient.

    The optimiser prices a course once for each count still to buy of each such set
    (``optimise._layered``, ``optimise._capped_states``): the product of their limits
    and one, and 2 for each monthly plan with a first-month price, at most, over the
    request's treatments. 1 where no set is limited and no plan has one.
    """
    most = 1
    for t in treatments:
        product = 1
        for offer in catalog.offers_for(t):
            if isinstance(offer, Bundle) and offer.per_patient is not None:
                product = min(product * (offer.per_patient + 1), MAX_WORK + 1)
            elif isinstance(offer, Subscription) and offer.first_month is not None:
                # Whether its first-month price is still to take: twice the programme.
                product = min(product * 2, MAX_WORK + 1)
        most = max(most, product)
    return most


def _goods_ids(request: QuoteRequest) -> tuple[str, ...]:
    """The ids of the goods a request buys, once or delivered monthly (whose prices it meets)."""
    return (*request.goods, *request.goods_monthly)


def _exact(
    catalog: Catalog, known: Compiled, treatments: Sequence[str], goods: Sequence[str]
) -> bool:
    records = [catalog.treatment(t) for t in treatments]
    bought = [catalog.product(g) for g in goods]
    key = _key(records, bought)
    exact = known.exact.get(key)
    if exact is None:
        exact = known.exact[key] = _all_exact(catalog, records, bought)
    return exact


def single_splits(
    catalog: Catalog,
    treatments: Sequence[str],
    sessions: int,
    own: Sequence[int | None] = (),
    counts: int = 1,
) -> int:
    """The most ways the optimiser splits ``sessions`` visits between sets of treatments paid
    singly for combos sold with single sessions only, counted without enumerating them.

    A set is worth paying singly only where it saves more than each of its sets with one
    treatment fewer (``optimise._single_kinds``); a combo's saving needs all its treatments
    single, so such a set is a union of the sets of those combos within the request. With
    ``k`` of them, the splits are the counts of visits of each adding up to at most the
    visits, ``C(sessions + k, k)``. None where the treatments' own counts differ at every
    count priced (the optimiser then splits nothing).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> single_splits(reference_catalog(), ["sup-iv"], 5)  # no such combo
        0
    """
    own_counts = {n for n in own if n is not None}
    if own_counts and (len(own_counts) > 1 or (counts == 1 and own_counts != {sessions})):
        return 0
    present = set(treatments)
    unions: set[frozenset[str]] = set()
    for combo in catalog.combos:
        group = frozenset(combo.treatments)
        if combo.single_sessions_only and group <= present:
            unions |= {group} | {group | held for held in unions}
    kinds = len(unions)
    return math.comb(sessions + kinds, kinds) if kinds else 0


_SLOT_WALK: Final = 1_000_000
"""The most slots :func:`_reachable_slots` sorts (states x counts of a package x sessions) before
it leaves the count to a bound: about 50 ms, once per shape of request."""


def package_category(package: Package, treatments: Iterable[Treatment]) -> TaxCategory:
    """A package's tax category: that of the request's treatments it contains.

    The catalog checks that a package's contents share one category. It is read
    from the request's ``treatments`` (the package is used only for one of them),
    not from its first content: in a flat catalog a content naming a dosed
    treatment alone that the request does not use stays as written, and is none
    of the flat catalog's treatments, which are that treatment's doses.
    """
    return next(t.tax for t in treatments if package.sessions_of(t.id))


def _reachable_slots(
    packages: Sequence[Package],
    mosts: Sequence[int],
    treatments: Sequence[str],
    counts: Sequence[int],
    months: int,
) -> tuple[int, int, list[set[tuple[int, ...]]]] | None:
    """What the programme over a scheduled course's packages reaches, counted without prices.

    Returns its steps (each state met by each count of the next package), the
    states it ends with (the choices of packages left to bill) and each
    treatment's distinct slots among them: the engine plans a treatment's rest
    once per distinct slots (its plans are kept by them). Capping each
    treatment's slots at its count makes these far fewer than the coverages
    and their product. ``None`` where the walk would be long itself.
    """
    visits = max(counts)
    states: set[tuple[tuple[int, ...], ...]] = {tuple(() for _ in treatments)}
    steps = 0
    for package, most in zip(packages, mosts, strict=True):
        stage = len(states) * (most + 1)
        if (steps + stage) * sum(counts) > _SLOT_WALK:
            return None
        steps += stage
        per = [package.sessions_of(t) for t in treatments]
        ends = [slot_deadline(package.valid_months, n, visits, months) for n in counts]
        states = {
            tuple(
                add_slots(held, end, k * sessions, n)
                for held, sessions, end, n in zip(state, per, ends, counts, strict=True)
            )
            for state in states
            for k in range(most + 1)
        }
    slots = [{state[position] for state in states} for position in range(len(treatments))]
    return steps, len(states), slots


def _coverages(
    packages: Iterable[Package], treatment: str, count: int, months: int | None, visits: int
) -> int:
    """How many coverages packages can leave a treatment of ``count`` sessions.

    Without months a count of sessions; with months the deadlines of up to
    ``count`` slots, one of each package's validities (:func:`slot_deadline`):
    multisets of at most ``count`` of those ``d`` values, ``C(count + d, d)``.
    """
    if months is None:
        return count + 1
    ends = {
        slot_deadline(p.valid_months, count, visits, months)
        for p in packages
        if p.sessions_of(treatment)
    } - {0}
    return math.comb(count + len(ends), len(ends))


def _unit_ticket_steps(
    catalog: Catalog, request: QuoteRequest, treatments: Sequence[str], sessions: int
) -> int:
    """The steps of spending unit tickets' units (``optimise._with_unit_tickets``).

    For each treatment with a set counted in units, at each point, for the way of
    all offers and the way named after each ticket: without months one plan of
    every count of the visits tickets leave, each a pass over the offers, and a
    pass over every count of units used; with months each visit of the scheduled
    programme meets each run of visits of each ticket, and each run of each set with
    every count of the tickets bought beside it, and where packages or a
    ladder take the timeline's programme, a timeline per count of first units a
    ticket pays and each count of tickets against each of them.
    """
    months = request.months
    counts = [sessions, *(sessions if n is None else n for n in request.with_sessions)]
    units = [request.units, *(u for _, u in request.with_units)]
    steps = 0
    for t, n, u in zip(treatments, counts, units, strict=True):
        offers = catalog.offers_for(t)
        tickets = [o for o in offers if isinstance(o, Bundle) and o.counts_units]
        if not tickets:
            continue
        ways = (len(tickets) + 1) * len(POINTS)
        if months is None:
            steps += ways * ((n + 1) * (len(offers) + 2) * (n + 1) + len(tickets) * (n * u + 1))
        else:
            steps += ways * 3 * n * (n + 1) * len(tickets)
            if u > 1:
                # Tickets bought beside a set: each visit meets every run the set may stop at,
                # with every count of the tickets (``optimise._beside_tickets``), all of them
                # in the way of all offers and one in the way named after each.
                sizes = [o.sessions for o in tickets]
                for o in offers:
                    if isinstance(o, Bundle) and not o.counts_units:
                        for length in range(1, min(o.sessions, n) + 1):
                            further = length * (u - 1)
                            each = sum(_beside_steps([size], further) for size in sizes)
                            steps += len(POINTS) * n * (_beside_steps(sizes, further) + each)
            if any(isinstance(o, (Ladder, Package)) for o in offers):
                timeline = _timeline_steps(catalog, t, n, months, max(counts)) * (n + 2)
                bought = sum(-(-n * u // o.sessions) + 1 for o in tickets)
                steps += ways * ((n + 1) * timeline * len(tickets) + bought * (n + 1))
    return min(steps, MAX_WORK + 1)


def _beside_steps(sizes: Sequence[int], further: int) -> int:
    """The steps of buying tickets of ``sizes`` units beside a set to pay ``further`` units:
    a programme over the kinds, each count of each against each count paid so far."""
    steps, states = 0, 1
    for size in sizes:
        counts = further // size + 1
        steps += states * counts
        states = min(further + 1, states * counts)
    return steps


def _timeline_steps(catalog: Catalog, treatment: str, count: int, months: int, visits: int) -> int:
    """The steps of one scheduled programme of a treatment per package slot it tracks.

    Each session meets every set and plan, a plan each of its sessions in a
    month beyond the allowance; each plan walks the months once per month of
    its minimum term.
    """
    offers = catalog.offers_for(treatment)
    a_month = -(-visits // months) + 1
    plans = [o for o in offers if isinstance(o, Subscription)]
    term = max((o.min_months for o in plans), default=1)
    return (count + 1) * (len(offers) + 2) * a_month + len(plans) * (months + 1) * term * a_month


def extra_unit_price(treatment: Treatment) -> YenRange:
    """What each unit after a visit's first costs: ``extra_unit_price``, or the single price."""
    extra = treatment.extra_unit_price
    return treatment.session_price if extra is None else extra


def applicable_discounts(
    context: Context, scenario: Scenario = Scenario.TYPICAL, sessions: int | None = None
) -> tuple[Discount, ...]:
    """Discounts whose conditions this request meets at a point (for ``sessions`` when given).

    Conditions never depend on the plan. ``min_amount`` reads the course's value
    at single prices at the point itself (every unit of every visit, further
    units at their extra-unit price, and the goods bought beside it): the low
    point's bill is the one a clinic charges when every price is at its low end,
    so a threshold the course reaches only at the typical point is not met there.
    At the high point an open-ended price makes the value open too, so every
    threshold is met there (the bill is open-ended all the same).
    """
    at = context.point_of(scenario)
    count = context.sessions if sessions is None else sessions
    result: list[Discount] = []
    own = sessions is None and bool(context.counts)
    # The main treatment first, as min_sessions_read reads a course.
    courses = [
        (t, context.count_of(t) if own else count, context.extra_units(t))
        for t in context.treatments
    ]
    count = min_sessions_read(courses)
    # Valued only where a discount asks (``meets`` reads it for a min_amount alone).
    value = 0
    if context.compiled.thresholds:
        value = course_value(
            courses,
            # Goods are part of the bill a min_amount asks for (お会計), at the same point;
            # their amounts are the ones the bill adds.
            sum(amount for amount, _ in context.goods_lines(at)),
            at,
        )
    new, month = context.new_patient, context.request.birth_month
    for discount in context.catalog.discounts:
        days: Sequence[date] = (context.on,)
        if context.compiled.dated_discounts and by_purchase_month(context, discount):
            # Taken where some purchase of the course is paid in a month that holds it.
            days = course_days(context)
        if any(
            meets(discount, day, new, month, count, value, segment=context.segment) for day in days
        ):
            result.append(discount)
    return tuple(result)


def held_on(discount: Discount, day: date, birth_month: int | None) -> bool:
    """Whether a purchase paid on ``day`` is in a discount's window and, for one in the birth
    month only, in the patient's birth month: the one rule of a discount's dates.

    Example:
        >>> from datetime import date
        >>> winter = Discount(id="w", name="冬", percent=10, treatments=["a"],
        ...                   valid_from=date(2026, 12, 1), valid_until=date(2026, 12, 31))
        >>> held_on(winter, date(2026, 12, 10), None), held_on(winter, date(2027, 1, 10), None)
        (True, False)
        >>> gift = Discount(id="b", name="誕生月", percent=10, treatments=["a"],
        ...                 birth_month_only=True)
        >>> held_on(gift, date(2026, 12, 10), 12), held_on(gift, date(2027, 1, 10), 12)
        (True, False)
    """
    if not discount.on_sale(day):
        return False
    # Not the patient's birth month on the day paid, or not known.
    return not discount.birth_month_only or birth_month == day.month


def by_purchase_month(context: Context, discount: Discount) -> bool:
    """Whether a discount is taken, or not, purchase by purchase, by the month each is paid in:
    one on units (a treatment's or offer's) with a window or for the birth month, in a course
    with months (docs/catalog.md, "Sales windows in a course with months"). A whole-bill
    discount is booked at the first visit, so the request's date decides it, as without months.
    """
    return context.months is not None and discount.taken_by_month


PRICE_PERIOD: Final = "@price-from:"
"""Starts the id of a price period's mark (:func:`price_periods`): a catalog id holds no "@"."""


def price_periods(context: Context) -> tuple[Discount, ...]:
    """In a course with months that a price change falls in (``price_changes`` after the
    request's date: the flat catalog has the earlier ones as its prices), a mark for each
    period between the changes, taken by the month as a dated discount is
    (:func:`month_discounts`): a purchase paid in a month is priced as on the first day of its
    month's period (:func:`period_catalog`). Each takes nothing off; it names the treatments
    and sets whose price changes, so a single is priced by its visit's month and a set by
    the month it is bought in. Empty where the course's months are all in one period.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import Catalog
        >>> from supecost.quotes import QuoteRequest
        >>> text = 'schema_version = 2\\nclinic = { name = "A" }\\n[[treatments]]\\n'
        >>> text += 'id = "x"\\nname = "X"\\nprice = 66000\\n'
        >>> text += 'price_changes = [{ on = 2027-01-01, price = 77000 }]\\n'
        >>> request = QuoteRequest(treatment="x", sessions=4, months=4, on=date(2026, 11, 10))
        >>> context = make_context(Catalog.from_toml(text), request, 4)
        >>> [[p.id for p in held] for held in month_discounts(context, price_periods(context))]
        [['@price-from:'], ['@price-from:'], ['@price-from:2027-01-01'], ['@price-from:2027-01-01']]
    """
    days = context.catalog.price_change_days
    if context.months is None or not days:
        return ()
    key = (context.on, context.months)
    found = context.compiled.periods.get(key)
    if found is None:
        last = add_months(context.on, context.months - 1)
        within = [day for day in days if context.on < day <= last]
        catalog = context.catalog
        treatments = tuple(t.id for t in catalog.treatments if t.price_changes)
        sets = tuple(o.id for o in catalog.offers if isinstance(o, Bundle) and o.price_changes)
        starts: list[date | None] = [None, *within]
        ends = [*(day - timedelta(days=1) for day in within), None]
        found = context.compiled.periods[key] = (
            ()
            if not within
            else tuple(
                Discount.model_construct(
                    id=PRICE_PERIOD + ("" if start is None else start.isoformat()),
                    name=PRICE_PERIOD,
                    amount=0,
                    treatments=treatments,
                    offers=sets,
                    valid_from=start,
                    valid_until=end,
                )
                for start, end in zip(starts, ends, strict=True)
            )
        )
    return found


def period_catalog(context: Context, discounts: Sequence[Discount]) -> Catalog:
    """The catalog a purchase taking ``discounts`` is priced in: as on the first day of the
    price period marked among them (:func:`price_periods`), else the flat catalog."""
    for discount in discounts:
        if discount.id.startswith(PRICE_PERIOD) and discount.valid_from is not None:
            return context.catalog.as_of(discount.valid_from)
    return context.catalog


def priced(discounts: Sequence[Discount]) -> tuple[Discount, ...]:
    """``discounts`` without a price period's mark (:func:`price_periods`): the ones a
    document or a line names."""
    return tuple(d for d in discounts if not d.id.startswith(PRICE_PERIOD))


def taken_at_first_visit(context: Context, discounts: Sequence[Discount]) -> tuple[Discount, ...]:
    """Those of ``discounts`` a purchase at the first visit takes (a package, a first-time
    price): each taken by the month (:func:`by_purchase_month`) only where the request's date
    holds it, as without months."""
    if not context.compiled.dated_discounts or context.months is None:
        return tuple(discounts)
    month = context.request.birth_month
    return tuple(
        d for d in discounts if not by_purchase_month(context, d) or held_on(d, context.on, month)
    )


def course_days(context: Context) -> list[date]:
    """The date of each month of a course with months (month ``k`` on ``add_months(on, k)``)."""
    assert context.months is not None
    return [add_months(context.on, k) for k in range(context.months)]


def month_discounts(context: Context, discounts: Sequence[Discount]) -> list[tuple[Discount, ...]]:
    """For each month of a course with months, those of ``discounts`` a purchase paid in it takes:
    every one whose dates (:func:`held_on`) hold that month's date, where it is taken by the month
    (:func:`by_purchase_month`); the others in every month.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.quotes import QuoteRequest
        >>> winter = Discount(id="w", name="冬", percent=10, treatments=["a"],
        ...                   valid_from=date(2026, 12, 1), valid_until=date(2026, 12, 31))
        >>> request = QuoteRequest(sessions=3, months=3, on=date(2026, 12, 10))
        >>> context = make_context(reference_catalog(), request, 3)
        >>> [len(held) for held in month_discounts(context, [winter])]
        [1, 0, 0]
    """
    month = context.request.birth_month
    return [
        tuple(d for d in discounts if not by_purchase_month(context, d) or held_on(d, day, month))
        for day in course_days(context)
    ]


def min_sessions_read(courses: Sequence[tuple[Treatment, int, int]]) -> int:
    """What a discount's ``min_sessions`` reads of a course: its first treatment's sessions.

    The one reading, for a quote and a contract alike: a quote's courses start with the
    request's main treatment (the sessions asked for), an offer bought on its own with the
    treatment it serves (:func:`~supecost.engine.purchase.offer_treatment`: a package's
    first content, as a quote whose main treatment it is). ``courses`` are
    :func:`course_value`'s.

    Example:
        >>> a, b = Treatment(id="a", name="A", price=1), Treatment(id="b", name="B", price=1)
        >>> min_sessions_read([(a, 3, 0), (b, 6, 0)])
        3
    """
    return courses[0][1]


def course_value(
    courses: Sequence[tuple[Treatment, int, int]],
    goods: int = 0,
    at: Scenario = Scenario.TYPICAL,
) -> int:
    """What a discount's ``min_amount`` reads (お会計): the one reading of it.

    Each treatment's sessions at its single price at the point ``at``, the units
    beyond a visit's first at the extra-unit price, plus ``goods`` (the goods bought
    beside it): a quote's course (:func:`applicable_discounts`) and one offer bought
    on its own (``engine.purchase``, a contract's default price) read it alike, so a
    set's own price never decides whether a whole-bill discount is met.

    Args:
        courses: Each treatment (at the patient's segment prices), its sessions and
            the extra units at each of its visits.
        goods: The goods' amount bought beside it.
        at: The price point read (a quote's course is read at each of its points).

    Example:
        >>> iv = Treatment(id="iv", name="点滴", price=10_000, extra_unit_price=6_000)
        >>> course_value([(iv, 6, 1)], goods=3_000)  # 6 x (10,000 + 6,000) + 3,000
        99000
    """
    return goods + sum(
        count * (point(t.session_price, at) + extra * point(extra_unit_price(t), at))
        for t, count, extra in courses
    )


def meets(
    discount: Discount,
    on: date,
    new_patient: bool,
    birth_month: int | None,
    sessions: int,
    amount: int,
    *,
    segment: Segments,
) -> bool:
    """Whether a purchase meets a discount's conditions: the one rule of them.

    ``sessions`` is what ``min_sessions`` reads and ``amount`` what ``min_amount``
    reads: a course's count and value (:func:`applicable_discounts`), or one offer
    bought on its own (``engine.purchase``). ``segment`` is the patient's (the
    request's, one or several, or the one joined for its fee), what a discount's
    ``segments`` reads: a patient in any of them is in its group.

    Example:
        >>> from datetime import date
        >>> gift = Discount(id="b", name="誕生月", amount=1000, birth_month_only=True)
        >>> may = date(2026, 5, 1)
        >>> meets(gift, may, True, 5, 1, 0, segment=None)
        True
        >>> meets(gift, may, True, None, 1, 0, segment=None)
        False
        >>> members = Discount(id="m", name="会員様10%OFF", percent=10, segments=["member"])
        >>> meets(members, may, True, None, 1, 0, segment="member")
        True
        >>> meets(members, may, True, None, 1, 0, segment=None)
        False
        >>> meets(members, may, True, None, 1, 0, segment=("member", "senior"))
        True
    """
    if discount.new_patients_only and not new_patient:
        return False
    if discount.segments and not set(as_segments(segment)).intersection(discount.segments):
        return False  # for one group of patients (会員様限定), and this one is not of it
    if not held_on(discount, on, birth_month):
        return False
    if discount.min_sessions is not None and sessions < discount.min_sessions:
        return False
    return discount.min_amount is None or amount >= discount.min_amount


def request_choices(
    context: Context, scenario: Scenario = Scenario.TYPICAL
) -> tuple[tuple[Discount, ...], ...]:
    """:func:`discount_choices` of the :func:`applicable_discounts` at a point, kept with the
    request.

    Kept with the catalog too, by all a discount's conditions read of a request
    (its treatments, units, counts, date, goods, whether the patient is new,
    their birth month and segment, and the point where a discount has a ``min_amount``, the one
    condition a point decides), so requests that differ in months or history share them.
    """
    at = point_decided(context, scenario)
    found = context.choices.get(at)
    if found is None:
        key = (
            tuple([t.id for t in context.treatments]),
            context.units,
            context.counts,
            context.sessions,
            context.new_patient,
            context.on,
            tuple(context.request.goods.items()) if context.request.goods else (),
            # A monthly delivery's amount (a min_amount's course value) reads the months.
            (tuple(context.request.goods_monthly.items()), context.months)
            if context.request.goods_monthly
            else (),
            context.request.birth_month,
            context.segment,
            at,
            context.months if context.compiled.dated_discounts else None,
        )
        known = context.compiled.choices
        found = known.get(key)
        if found is None:
            found = tuple(discount_choices(applicable_discounts(context, at)))
            if len(known) < _CHOICES_KEPT:
                known[key] = found
        context.choices[at] = found
    return found


def point_decided(context: Context, scenario: Scenario) -> Scenario:
    """The point that decides which discounts a request meets at ``scenario``.

    Only ``min_amount`` reads prices, so without one (or where every price is exact)
    the typical point decides for all three, and the three share their choices.
    """
    if context.exact or not context.compiled.thresholds:
        return Scenario.TYPICAL
    return scenario


def choices_by_point(context: Context) -> bool:
    """Whether the choices of discounts differ between the request's points."""
    first = request_choices(context, Scenario.MIN)
    return any(request_choices(context, s) != first for s in POINTS[1:])


_CHOICES_KEPT: Final = 4096
"""The most choices of discounts kept per catalog: one per shape of request asked."""


def discount_choices(applicable: Sequence[Discount]) -> list[tuple[Discount, ...]]:
    """Every stacking discount, with no other or with one non-stacking discount.

    A non-stacking whole-bill discount that another takes at least as much
    as, from every tax category of every bill, can never make the cheaper
    bill, so it is not tried: of the percentages rounded one way only the
    largest, and of the amounts only the largest. Discounts on units change
    plans, so each is tried.

    A discount that rules something out of the bill it is in (:func:`rules_out`: combos
    with ``with_combos = false``, a first-time price with ``with_first_time = false``, sets
    and plans with ``with_offers = false``) makes bills of two kinds: with what it rules
    out, and so without it; and without that, with it. The choices without any such
    discount come first, as they always were (the stacking ones that allow everything, alone
    or with one such non-stacking discount). Then, for each combination of what the stacking
    ones may rule out (:func:`_exclusions`), every stacking discount ruling out no more, alone
    or with any one non-stacking discount, each choice ruling something out: a bill that
    rules something out gains nothing by leaving out a discount that rules out no more.
    Each such choice is billed without what it rules out (:func:`~supecost.engine.bill.itemise`
    for combos, the optimiser for offers).
    """
    if not any(rules_out((d,)) for d in applicable):
        stacking = tuple(d for d in applicable if d.stacks)
        return [stacking] + [(*stacking, d) for d in _undominated(applicable)]
    choices = discount_choices([d for d in applicable if not rules_out((d,))])
    others = [d for d in applicable if not d.stacks]
    unions = _exclusions([d for d in applicable if d.stacks])
    for ruled in unions:
        stacking = tuple(d for d in applicable if d.stacks and rules_out((d,)) <= ruled)
        if ruled:
            choices.append(stacking)
        # Of the whole-bill discounts only those ruling out the same are compared; one that
        # rules out more than the stacking ones is tried beside every stacking one that rules
        # out no more than the two together.
        by_ruled: dict[frozenset[str], list[Discount]] = {}
        for d in others:
            full = ruled | rules_out((d,))
            if full and (full == ruled or full not in unions):
                by_ruled.setdefault(full, []).append(d)
        kept = {d.id for group in by_ruled.values() for d in _undominated(group)}
        choices += [(*stacking, d) for d in others if d.id in kept]
    return choices


def _exclusions(stacking: Sequence[Discount]) -> list[frozenset[str]]:
    """What a choice of these stacking discounts may rule out: every union of theirs, none
    first."""
    found = [frozenset[str]()]
    for d in stacking:
        mine = rules_out((d,))
        found += [f | mine for f in found if not mine <= f and f | mine not in found]
    return sorted(set(found), key=lambda f: (len(f), sorted(f)))


COMBOS: Final = "combos"
FIRST_TIME: Final = "first_time"
OFFERS: Final = "offers"


def rules_out(discounts: Sequence[Discount]) -> frozenset[str]:
    """What a choice of discounts rules out of its bill: ``COMBOS``, ``FIRST_TIME``, ``OFFERS``.

    The one reading of ``Discount.with_combos``, ``with_first_time`` and ``with_offers``
    (docs/catalog.md, "How prices combine"): each is over the whole bill, every visit.
    """
    found: set[str] = set()
    for d in discounts:
        if not d.with_combos:
            found.add(COMBOS)
        if not d.with_first_time:
            found.add(FIRST_TIME)
        if not d.with_offers:
            found.add(OFFERS)
    return frozenset(found)


def without_combos(discounts: Sequence[Discount]) -> bool:
    """Whether a choice of discounts takes no combo: one of them is not with combos.

    The one reading of ``Discount.with_combos`` for a bill (docs/catalog.md, "How prices
    combine"): the whole bill, every visit, has either such a discount or combos.
    """
    return COMBOS in rules_out(discounts)


def _undominated(applicable: Sequence[Discount]) -> list[Discount]:
    others: list[Discount] = []
    best: dict[object, Discount] = {}
    for discount in applicable:
        if discount.stacks:
            continue
        if not discount.applies_to_bill:
            others.append(discount)
            continue
        rate = discount.rate
        # One rounding of a larger rate never takes less; a larger amount never takes less.
        group: object = discount.rounding if rate is not None else "amount"
        size = rate if rate is not None else discount.amount or 0
        held = best.get(group)
        if held is None or size > (held.rate if held.rate is not None else held.amount or 0):
            best[group] = discount
    kept = {d.id for d in best.values()}
    return [d for d in applicable if d in others or d.id in kept]


def course_months(context: Context) -> int | None:
    """How many months the course runs: the request's ``months``, else its way's monthly plan's.

    The one rule of a course's length. A course bought with a monthly plan runs the
    months the plan is paid for (the longest, where several treatments have one; the
    context of its bill is :func:`dated` by them), from its minimum term to what its
    allowance needs, chosen with the yearly fee counted. Any other way (single sessions,
    sets, first-time prices, packages) does not say how long the course lasts: ``None``,
    the length unknown.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.quotes import QuoteRequest
        >>> request = QuoteRequest(sessions=24, months=18)
        >>> course_months(make_context(reference_catalog(), request, 24))
        18
        >>> print(course_months(make_context(reference_catalog(), QuoteRequest(sessions=24), 24)))
        None
    """
    return context.months if context.months is not None else context.plan_months


def reads_plan_months(context: Context) -> bool:
    """Whether a way's monthly plan can date the request's course (:func:`dated`): the
    request gives no ``months``, and a yearly fee reads a course's length."""
    return context.months is None and context.compiled.yearly


def dated(context: Context, months: int | None, *, keep: bool = True) -> Context:
    """The context of a way whose monthly plan is paid for ``months``: its course runs them.

    The request's own context where it gives ``months`` (they date the course), where
    the way has no plan (``None``), or where no fee reads the months (the catalog has no
    yearly fee): only a yearly fee's count and dates read a course's length. Kept with the
    request's context unless ``keep`` is false (a length only looked at, never billed).
    """
    if months is None or not reads_plan_months(context):
        return context
    found = context.dated_by.get(months)
    if found is None:
        found = replace(context, plan_months=months, fee_months=months)
        if keep:
            context.dated_by[months] = found
    return found


def with_offers(context: Context, bought: Iterable[tuple[str, int]]) -> Context:
    """The context of a way whose bill buys these offers (id and how many of each, in any
    order, an id more than once adding up): its sets' goods and the fees they waive.

    The context itself where the catalog has no set including goods and no fee waived
    with an offer, or where none of ``bought`` is one; each such context is kept with it.
    """
    if not context.compiled.offered:
        return context
    catalog = context.catalog
    counted: dict[str, int] = {}
    for offer_id, count in bought:
        counted[offer_id] = counted.get(offer_id, 0) + count
    named = {o for fee in catalog.fees for o in fee.waived_with}
    key = tuple(
        sorted(
            (offer_id, count)
            for offer_id, count in counted.items()
            if count and (offer_id in named or getattr(catalog.offer(offer_id), "includes", None))
        )
    )
    if key == context.bought:
        return context
    found = context.by_bought.get(key)
    if found is None:
        found = context.by_bought[key] = replace(context, bought=key)
    return found


def visit_months(context: Context, visits: int | None = None) -> list[int]:
    """The month of each visit of a course (from 0), for its payment schedule and yearly fees.

    The one rule of which month a visit is in: the visits spread evenly over the
    course's months (:func:`course_months`: the request's ``months``, else its monthly
    plan's; :func:`session_months`); a course of unknown length has no schedule, and
    every visit is in its first month (month 0).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.quotes import QuoteRequest
        >>> request = QuoteRequest(sessions=6, months=18)
        >>> visit_months(make_context(reference_catalog(), request, 6))
        [0, 3, 6, 9, 12, 15]

    Args:
        context: The request.
        visits: The number of visits; the course's unless given.

    Returns:
        The month of each visit, in order.
    """
    count = context.visits if visits is None else visits
    months = course_months(context)
    if months is None:
        return [0] * count
    return session_months(count, months)


def fee_visits(context: Context, fee: Fee, visits: int) -> Sequence[int]:
    """The visits of a course of ``visits`` visits at which a fee is charged, counted from 0.

    The one rule of when a fee is charged; the bill counts them and the payment schedule
    dates them. A fee with ``applies_to`` is charged per visit only at the visits that
    include one of its treatments: visit ``i`` (from 0) includes every treatment whose count
    is more than ``i``, so those are the first ones, up to the largest count among its
    treatments.
    The first visit includes every treatment, so ``first_visit``, ``once`` and
    ``first_time`` fees are charged at it (a ``first_time`` fee the request's history has
    made past is not in the flat catalog, :func:`~supecost.engine.resolve.first_time_past`),
    and a new patient's first visit is never a return visit. A ``yearly``
    fee is charged at the first visit and at the first visit in each later year of the
    course (months 12 to 23, 24 to 35, ... from 0, by :func:`visit_months`), among the
    visits of its treatments where it has ``applies_to``: a year without such a visit
    charges none, and a course of unknown length (no ``months``, no monthly plan) is all
    in its first year. An optional per-visit fee the request chooses at ``n`` visits only
    (:class:`~supecost.quotes.FeeChoice`) is charged at the first ``n`` of those.

    Example:
        >>> from supecost.catalog import Fee, reference_catalog
        >>> from supecost.quotes import QuoteRequest
        >>> context = make_context(reference_catalog(), QuoteRequest(sessions=5), 5)
        >>> revisit = Fee(id="revisit", name="再診料", price=1100, charged="return_visit")
        >>> fee_visits(context, revisit, 5)  # a new patient's 2nd to 5th visits
        range(1, 5)
        >>> yearly = Fee(id="annual", name="年会費", price=11000, charged="yearly")
        >>> request = QuoteRequest(sessions=6, months=18)  # visits in months 0, 3, ..., 15
        >>> fee_visits(make_context(reference_catalog(), request, 6), yearly, 6)
        (0, 4)
    """
    if fee.waived_with and fee.waived_by(offer for offer, _ in context.bought):
        return ()
    charged = fee.charged
    if charged is Charged.FIRST_VISIT:
        return range(1 if context.request.new_patient else 0)
    if charged is Charged.ONCE or charged is Charged.FIRST_TIME:
        return range(1)
    course = visits
    if fee.applies_to and context.counts:
        scoped = [
            n
            for t, n in zip(context.treatments, context.counts, strict=True)
            if any(matches(ref, (t.id,)) for ref in fee.applies_to)
        ]
        visits = min(visits, max(scoped, default=0))
    if charged is Charged.YEARLY:
        months = course_months(context)
        if months is None or months <= YEAR_MONTHS:
            return range(1)
        # The course's visits are dated by the course, whichever of them the fee is charged at.
        years = [month // YEAR_MONTHS for month in visit_months(context, course)[:visits]]
        return tuple(i for i, year in enumerate(years) if i == 0 or year != years[i - 1])
    # An optional per-visit fee chosen at some visits only: at the first of those its rule
    # charges (which ones the patient chooses is not known; the total is the same).
    chosen = context.request.fee_visits(fee.id) if fee.optional else None
    first = 1 if charged is Charged.RETURN_VISIT and context.request.new_patient else 0
    end = visits if chosen is None else min(visits, first + chosen)
    return range(first, end)


YEAR_MONTHS: Final = 12
"""The months of one year of a yearly fee."""


def open_fees(context: Context) -> tuple[tuple[str, YenRange, int], ...] | None:
    """The fees open at the high end that every bill of the request pays alike, with their
    counts; ``None`` where the high point's bills differ in more than those.

    Two bills of a request are compared exactly at the high point where its only open-ended
    prices are such fees (出張費 16,500円〜 at every visit): each fee is charged at the
    visits :func:`fee_visits` gives, which no way of buying changes, after combos and
    whole-bill discounts (no ``min_amount`` reads it, :func:`course_value`), and with
    tax-included prices the bill is the sum of its parts, so what a fee adds is the same
    in every bill whatever its price. Not so where prices exclude tax (the tax, rounded once
    over the bill, reads the fee), where another price is open-ended (a discount or combo
    may read it), or where an open fee is yearly and the request gives no months (its count
    follows a way's monthly plan), or where an open fee charged here is waived with an offer
    the catalog sells (``Fee.waived_with``: a way that buys it skips the fee, so what the fee
    adds differs between ways). Empty where no fee is open at all.
    """
    catalog = context.catalog
    opened = [fee for fee in catalog.fees if fee.price.max is None]
    if not opened:
        return ()
    goods = tuple(g for g, _, _ in context.goods)
    others = _prices(catalog, context.treatments, goods, fees=False)
    if (
        not catalog.clinic.prices_include_tax
        or any(price.max is None for price in others)
        or (context.months is None and any(f.charged is Charged.YEARLY for f in opened))
    ):
        return None
    charged = [(fee, len(fee_visits(context, fee, context.visits))) for fee in opened]
    sold = {offer.id for offer in catalog.offers}
    if any(count and sold.intersection(fee.waived_with) for fee, count in charged):
        return None
    return tuple((fee.id, fee.price, count) for fee, count in charged if count)


def fees_apart(context: Context) -> Context:
    """The request whose bills leave out its open-ended fees (:func:`open_fees`), to compare
    ways at the high point: each bill there is a way's own part, as every way pays the
    fees alike; its memos are its own (they hold other totals)."""
    if not context.apart:
        context.apart.append(
            replace(
                context,
                plans={},
                solutions={},
                combos={},
                chosen={},
                touchings={},
                fees_apart=True,
            )
        )
    return context.apart[0]


def course_caps(context: Context) -> tuple[int, ...]:
    """The limits on a plan's months worth trying: the longest months of each count of the
    yearly fees but the highest, ascending; the optimiser bills the cheapest plans within
    each, and without a limit (``optimise._solve``), and :func:`check_work` counts a run
    for each.

    Empty where the request gives months, the catalog has no yearly fee, or no monthly
    plan of the request's treatments can be paid for more than a year (every count one).
    Each fee's count never falls as the months grow, so each count holds an interval of
    months, found by halving.
    """
    if context.months is not None or not context.compiled.yearly:
        return ()
    if not context.caps:
        context.caps.append(_caps(context))
    return context.caps[0]


def _caps(context: Context) -> tuple[int, ...]:
    catalog = context.catalog
    longest = longest_plan(catalog, ((t.id, context.count_of(t)) for t in context.treatments))
    if longest <= YEAR_MONTHS:
        return ()
    yearly = [fee for fee in catalog.fees if fee.charged is Charged.YEARLY]
    visits = context.visits

    known: dict[int, tuple[int, ...]] = {}

    def counts(months: int) -> tuple[int, ...]:
        found = known.get(months)
        if found is None:
            course = dated(context, months, keep=False)
            found = known[months] = tuple(len(fee_visits(course, fee, visits)) for fee in yearly)
        return found

    caps: list[int] = []
    low, now = YEAR_MONTHS, counts(YEAR_MONTHS)
    end = counts(longest)
    while end != now:
        # The next count starts about a year on: look a year ahead, further while it holds,
        # then halve between.
        step = YEAR_MONTHS
        high = min(low + step, longest)
        while counts(high) == now:
            low, step = high, 2 * step
            high = min(low + step, longest)
        while high - low > 1:
            middle = (low + high) // 2
            if counts(middle) == now:
                low = middle
            else:
                high = middle
        caps.append(low)
        low, now = high, counts(high)
    return tuple(caps)


def longest_plan(catalog: Catalog, counted: Iterable[tuple[str, int]]) -> int:
    """The most months a monthly plan of these treatments (id, sessions) is paid for unscheduled.

    A plan is paid for its minimum term at least and for the months its allowance needs
    to cover the sessions at most (``optimise._subscription_cost``); 0 without a plan.
    """
    longest = 0
    for treatment, count in counted:
        for offer in catalog.offers_for(treatment):
            if isinstance(offer, Subscription):
                need = -(-count // offer.sessions_per_month)
                longest = max(longest, offer.min_months, need)
    return longest


def _limits(catalog: Catalog, request: QuoteRequest, treatments: Sequence[str], top: int) -> int:
    """How many limits on a plan's months :func:`course_caps` can give, at most: one run each.

    Each yearly fee's count takes at most one value a year of the longest plan.
    """
    if request.months is not None:
        return 1
    yearly = sum(1 for fee in catalog.fees if fee.charged is Charged.YEARLY)
    if not yearly:
        return 1
    own = [top if n is None else n for n in request.with_sessions]
    longest = longest_plan(catalog, zip(treatments, [top, *own], strict=False))
    return 1 if longest <= YEAR_MONTHS else 1 + yearly * (longest // YEAR_MONTHS)
