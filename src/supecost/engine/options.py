"""Options: every way of buying a course, each priced at every point by the one bill.

A way of buying (:class:`~supecost.quotes.Way`) limits which offers the
optimiser may use for the main treatment; its plan is found at the typical
point, then priced at the low, typical and high points, each a whole bill of
its own from :func:`supecost.engine.bill.itemise`. This module turns the
three bills into the lines, tax lines, totals and payments of an
:class:`~supecost.quotes.Option`: it reads the bills and never applies a step
of the pricing order itself.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction
from functools import lru_cache
from typing import Final, NamedTuple, TypeVar

from supecost.catalog import (
    FLAT_MARK,
    Bundle,
    Charged,
    Discount,
    Fee,
    FirstMonth,
    Intro,
    Subscription,
    Treatment,
    UpgradeTerms,
    split_base,
)
from supecost.engine import bill, tables
from supecost.engine.bill import PointBill
from supecost.engine.context import (
    INF,
    PER_SESSION_ROUNDING,
    POINTS,
    Context,
    by_purchase_month,
    choices_by_point,
    course_months,
    dated_enrollment,
    fee_visits,
    fees_apart,
    open_fees,
    point,
    price_periods,
    price_points,
    priced,
    request_choices,
    session_months,
    taken_at_first_visit,
    visit_months,
)
from supecost.engine.optimise import (
    ALL,
    Allowed,
    Plan,
    Solution,
    dated_by_plans,
    fits,
    package_cost,
    package_tax,
    solve,
    usable_packages,
)
from supecost.engine.resolve import add_months, enrollment_in
from supecost.money import Scenario, YenRange, round_fraction, round_ratio, sum_ranges
from supecost.quotes import (
    Line,
    LineKind,
    Option,
    Payment,
    PointValues,
    TaxLine,
    TypicalPoint,
    Unserved,
    UnservedReason,
    Unused,
    Way,
    WayKind,
    assemble,
)
from supecost.tax import TaxCategory

_NONE: frozenset[str] = frozenset()


def ways(context: Context) -> list[tuple[Way, Allowed]]:
    """Every way of buying the main treatment, with the offers each may use.

    Those of the main treatment's own offers are the same for every request of
    the treatment and patient, so they are kept with the catalog.
    """
    key = (context.main.id, context.new_patient)
    known = context.compiled.ways
    found = known.get(key)
    if found is None:
        found = known[key] = _offer_ways(context)
    result = list(found)
    if context.compiled.packages:
        # A package of any treatment of the request, with each treatment's rest bought its
        # best way.
        # The splits of one shared set are one way, named after the set (split_base).
        named: dict[str, set[str]] = {}
        for package, _ in usable_packages(context, ALL):
            named.setdefault(split_base(package.id), set()).add(package.id)
        for name, ids in named.items():
            allowed = Allowed(packages=frozenset(ids), require_package=name)
            result.append((Way.package(name), allowed))
    result.append((Way.mix(), ALL))
    return result


def _offer_ways(context: Context) -> tuple[tuple[Way, Allowed], ...]:
    """Singles, the first-time price and each set and monthly plan of the main treatment."""
    result = [(Way.singles(), Allowed(_NONE, _NONE, intro=False, packages=_NONE))]
    offers = context.catalog.offers_for(context.main.id)
    if any(isinstance(o, Intro) and tables.intro_for(o, context.new_patient) for o in offers):
        result.append(
            (
                Way.intro(),
                Allowed(_NONE, _NONE, intro=True, require_intro=True, packages=_NONE),
            )
        )
    for offer in offers:
        only = frozenset({offer.id})
        if isinstance(offer, Bundle):
            if FLAT_MARK in offer.id:
                # A set held serves every way (``Allowed.bundle_rows``); an upgrade is a way
                # named after the set it buys.
                if offer.upgrading is not None:
                    allowed = Allowed(only, _NONE, False, first=offer.id, packages=_NONE)
                    result.append((Way.upgrade(offer.upgrading.offer), allowed))
                continue
            result.append(
                (Way.bundle(offer.id), Allowed(only, _NONE, False, first=offer.id, packages=_NONE))
            )
        elif isinstance(offer, Subscription):
            result.append(
                (
                    Way.subscription(offer.id),
                    Allowed(_NONE, only, False, first=offer.id, packages=_NONE),
                )
            )
    return tuple(result)


PlanKey = tuple[object, ...]


def plans_key(solution: Solution) -> PlanKey:
    """What a solution buys, ignoring timing: two ways that buy the same are one option."""
    key: PlanKey = tuple([plan.key() for plan in solution.plans])
    if solution.packages:
        key += (tuple((package.id, count) for package, count in solution.packages),)
    return key


World = tuple[str | None, Context]
"""Prices a patient can buy at: the segment joined for its fee (``None``: as they are), and the
request's context at them (:func:`supecost.engine.resolve.joinable`)."""


def shares_open_fees(context: Context, joining: Sequence[World]) -> bool:
    """Whether every bill the request can have, in every world it can buy in, pays the same
    open-ended fees alike and differs in nothing else open
    (:func:`~supecost.engine.context.open_fees`): its ways are then compared at the high
    point without those fees, exactly."""
    found = open_fees(context)
    return bool(found) and all(open_fees(world) == found for _, world in joining)


def high_world(world: Context, scenario: Scenario) -> Context:
    """The world a point's cheapest bill is sought in: at the high point, where the request's
    only open prices are fees every way pays alike, the world without them
    (:func:`~supecost.engine.context.fees_apart`, kept with the world, so the options and
    the explanation search one); a bill is otherwise open there."""
    if scenario is not Scenario.MAX or not open_fees(world):
        return world
    return fees_apart(world)


def world_key(joins: str | None, solution: Solution) -> PlanKey:
    """What a solution buys in its world: the same plan at joined prices is another option."""
    key = plans_key(solution)
    return key if joins is None else (("join", joins), *key)


def options(
    context: Context, *, best_only: bool = False, joining: Sequence[World] = ()
) -> tuple[list[Option], list[Unserved], dict[PlanKey, Way]]:
    """Every way of buying priced, cheapest first; those that cannot serve; ways by plan.

    With ``best_only``, only singles, the ways whose typical bill ties for the
    cheapest and those cheapest at the low or high point are priced, so the
    first option is the same as with every way priced and every way the
    explanation names as cheapest somewhere has its total. ``joining`` adds,
    for each segment the patient could join, every way at that segment's prices
    with its joining fee (each way then ``joins`` it); all are ranked as one
    list, and a tie keeps not joining first. The ways by plan are keyed by
    :func:`world_key`.
    """
    solved: list[tuple[Way, Solution, Context]] = []
    unserved: list[Unserved] = []
    labels: dict[PlanKey, Way] = {}
    point_winners: set[int] = set()
    cheapest_at_ends: set[PlanKey] = set()
    for joins, world in ((None, context), *joining):
        seen: set[tuple[object, ...]] = set()
        found: list[tuple[Way, Solution]] = []
        for way, allowed in ways(world):
            if joins is not None:
                way = way.joining(joins)
            # Feasibility does not depend on the price point: an open price is finite here.
            solution = solve(world, Scenario.TYPICAL, allowed)
            if solution.total >= INF:
                if way.kind is WayKind.UPGRADE:
                    continue  # a credit above the set's price: no upgrade (tables.upgrade_price)
                unserved.append(Unserved(way=way, reason=_why_unserved(way, world)))
                continue
            key = world_key(joins, solution)
            labels.setdefault(key, way)
            full = (key, tuple([d.id for d in solution.discounts]))
            if full in seen:
                continue
            seen.add(full)
            found.append((way, solution))
        # Listed with best_only too: such a mix can tie for the cheapest at the typical point
        # and rank first by its high end, and the first option must not depend on best_only.
        added = _add_point_winners(world, joins, found, labels)
        if added is not None:
            point_winners.add(id(added))
        if best_only:
            cheapest_at_ends |= _end_keys(world, joins)
        solved += [(way, solution, world) for way, solution in found]
    if best_only:
        # A point winner's solution is priced at its own point, not the typical one: kept to
        # be priced and ranked (one bill at most per world).
        cheapest = min(s.total for _, s, _ in solved if id(s) not in point_winners)
        # Singles stay: the explanation measures the best's saving against them. So do the
        # ways cheapest at the low or high point, which the explanation names there.
        singles = Way.singles()
        solved = [
            each
            for each in solved
            if each[1].total == cheapest
            or each[0] == singles
            or id(each[1]) in point_winners
            or world_key(each[0].joins, each[1]) in cheapest_at_ends
        ]
    # One for each world, made once: a way's bill reads its own world's.
    shared = {id(world): Shared() for _, world in ((None, context), *joining)}
    apart = shares_open_fees(context, joining)
    ranked = [
        price_option(world, way, solution, shared[id(world)], apart=apart)
        for way, solution, world in solved
    ]
    # Ranked by the bill at the typical point, as best_total finds it: every price at its
    # typical amount, else its low end. A total's own typical is unknown where one line's is,
    # and its low end is then the low point's bill, which would rank by other prices. The
    # high totals compare without the open fees every way pays alike (Option.high_apart).
    ranked.sort(key=lambda each: (each[1], _high_of(each[0])))
    if joining:
        ranked = _without_idle_joins(
            ranked, {f.id for _, w in joining for f in w.catalog.fees if f.joins}
        )
    return [option for option, _ in ranked], unserved, labels


def _high_of(option: Option) -> int:
    """An option's bill at the high point as options are ranked on a tie (:func:`options`)."""
    return point(option.total, Scenario.MAX) if option.high_apart is None else option.high_apart


def _without_idle_joins(
    ranked: list[tuple[Option, int]], joining_fees: set[str]
) -> list[tuple[Option, int]]:
    """Leave out a way bought after joining whose lines, its joining fee aside, are those of
    the same way bought as the patient is: joining changed no price it pays, so it costs the
    fee more and the table would list the same purchase twice. A way whose prices joining
    lowers stays, even where the fee makes it dearer: it shows what joining would cost.
    """

    def paid(option: Option) -> tuple[Line, ...]:
        return tuple(
            line
            for line in option.lines
            if not (line.kind is LineKind.FEE and line.item in joining_fees)
        )

    own = {option.way: paid(option) for option, _ in ranked if option.way.joins is None}

    def idle(option: Option) -> bool:
        if option.way.joins is None:
            return False
        return own.get(Way(option.way.kind, option.way.offer)) == paid(option)

    return [each for each in ranked if not idle(each[0])]


def _add_point_winners(
    context: Context,
    joins: str | None,
    solved: list[tuple[Way, Solution]],
    labels: dict[PlanKey, Way],
) -> Solution | None:
    """List the cheapest bill at the low or high point where no way listed buys the same.

    The explanation names each point's winner; a combination that only wins at
    one end of the price ranges must then be in the table too. It is the mix,
    so only one such bill can be listed, and only where the typical point's mix
    is not listed already (the explanation then names that mix). Returns the
    solution listed, solved at its own point, if any.
    """
    mix = Way.mix() if joins is None else Way.mix().joining(joins)
    if any(way == mix for way, _ in solved):
        return None
    for scenario in (Scenario.MIN, Scenario.MAX):
        solution = solve(high_world(context, scenario), scenario, ALL)
        if solution.total >= INF:
            continue
        key = world_key(joins, solution)
        if key not in labels:
            labels[key] = mix
            solved.append((mix, solution))
            return solution
    return None


def _end_keys(context: Context, joins: str | None) -> set[PlanKey]:
    """The plans of the cheapest bills at the low and high point (the optimiser's, cached),
    whose ways the explanation names there (:func:`~supecost.engine.explain.point_winners`)."""
    found = set()
    for scenario in (Scenario.MIN, Scenario.MAX):
        solution = solve(high_world(context, scenario), scenario, ALL)
        if solution.total < INF:
            found.add(world_key(joins, solution))
    return found


def _why_unserved(way: Way, context: Context) -> UnservedReason:
    """Why a way of buying serves nothing.

    Only an offer with a sales window that opens or closes where none of a
    scheduled course's sessions can start with it: singles always serve, sets
    cover any run of sessions, and a plan leaves what its allowance cannot take
    to singles (or its extras).
    """
    assert way.offer is not None
    assert context.months is not None
    assert context.catalog.offer(way.offer).windowed
    return UnservedReason.SALES_WINDOW


_Left = list[tuple[str, str, int]]
"""Sets bought with sessions left unused: the set's id, its treatment and how many."""

_Counts = tuple[
    dict[tuple[LineKind, str], list[int]], dict[tuple[int, LineKind, str], int], int, _Left
]


def _plan_counts(
    treatment: Treatment,
    plan: Plan,
    on: date,
    timed: bool = True,
    split: Callable[..., str] | None = None,
) -> _Counts:
    """A plan's purchases counted per line, ``[quantity, sessions]``, per month and line
    (only where ``timed``: payments are due by month only in a scheduled course), the
    sessions it buys (every session paid for, and a plan month's whole allowance), and the
    sets it leaves sessions of unused.

    One walk over the purchases for all four, as every way of a quote counts its plan.
    ``split``, where the course takes a discount by the month a purchase is paid in
    (:func:`~supecost.engine.tables.months_split`), marks the item of each purchase priced
    by its month (a single, a set, a ladder's step, a further unit) with what its month
    takes off it (:meth:`_Split.mark`), so those taking different discounts are lines of
    their own (:func:`_marked`).
    """
    amounts: dict[tuple[LineKind, str], list[int]] = {}
    by_month: dict[tuple[int, LineKind, str], int] = {}
    bought = 0
    left: _Left = []

    def add(kind: LineKind, item: str, quantity: int, sessions: int, month: int | None) -> None:
        # ``month`` None: the caller counts the months itself.
        if quantity == 0:
            return
        slot = amounts.get((kind, item))
        if slot is None:
            slot = amounts[(kind, item)] = [0, 0]
        slot[0] += quantity
        slot[1] += sessions
        if timed and month is not None:
            key = (month, kind, item)
            by_month[key] = by_month.get(key, 0) + quantity

    single_kind = LineKind.SINGLE
    bundle_kind, intro_kind = LineKind.BUNDLE, LineKind.INTRO
    single = (single_kind, treatment.id)
    enrolled: set[str] = set()

    def top_ups(
        offer_id: str, covered: int, month: int, extra_months: tuple[tuple[int, int], ...]
    ) -> None:
        # Each session a set covers pays the top-up at its visit; one unused pays none.
        add(LineKind.TOP_UP, offer_id, covered, 0, None if extra_months else month)
        for later, count in extra_months if timed else ():
            key = (later, LineKind.TOP_UP, offer_id)
            by_month[key] = by_month.get(key, 0) + count

    held_unused: dict[str, int] = {}
    upgraded: list[tuple[UpgradeTerms, str, int]] = []
    # Unpacked as a tuple: a scheduled course holds a purchase a month, and every way counts.
    for kind, offer, units, covered, month, extras, step, extra_months in plan.purchases:
        if kind is single_kind:
            # The commonest purchase, counted inline.
            line = single if split is None else (single_kind, single[1] + split(month, single[1]))
            slot = amounts.get(line)
            if slot is None:
                slot = amounts[line] = [0, 0]
            slot[0] += units
            slot[1] += units
            bought += units
            if timed:
                key = (month, single_kind, line[1])
                by_month[key] = by_month.get(key, 0) + units
        elif kind is bundle_kind and FLAT_MARK in offer.id:  # type: ignore[union-attr]
            # A set held or an upgrade (no catalog id holds the mark): most plans have none.
            assert isinstance(offer, Bundle)
            if offer.top_ups:
                top_ups(offer.id, covered, month, extra_months)
            upgrade = offer.upgrading
            if upgrade is None:
                # Sessions the patient holds, paid before: no line; those unused stay theirs,
                # unless the course upgrades the set (below).
                assert offer.held_set is not None
                held_unused[offer.held_set] = offer.sessions - covered
                bought += covered
            else:
                # 乗り換え: the set at its price, and the credit for the sessions left of the
                # set held, which become the set's (its row holds the sessions beyond them).
                line_item = upgrade.offer
                if split is not None:
                    line_item += split(month, None, upgrade.offer)  # bought then, as any set
                add(bundle_kind, line_item, 1, offer.sessions + upgrade.left, month)
                add(LineKind.CREDIT, offer.id, upgrade.left, 0, month)
                upgraded.append((upgrade, offer.treatment, offer.sessions - covered))
                bought += offer.sessions
        elif kind is bundle_kind or kind is intro_kind:
            assert offer is not None
            bundle = offer if isinstance(offer, Bundle) else None
            if isinstance(offer, Bundle) or (isinstance(offer, Intro) and offer.sold_whole):
                sessions = units * offer.sessions
                # A ticket counting a dose's amount spends that many of its units a unit
                # (its private attribute read only then: pydantic reads one slowly).
                by_amount = bundle is not None and bundle.counts == "amount"
                spent = covered * bundle.per_unit if bundle is not None and by_amount else covered
                if spent < sessions:
                    # A unit ticket's are units (本), worded so from its offer.
                    left.append((offer.id, offer.treatment, sessions - spent))
                if bundle is not None and bundle.counts_units:
                    # Its visits are the first units it pays; ``extras`` its further units.
                    sessions = covered - extras
            else:
                sessions = units
            if units:
                # The second commonest purchase, counted inline as ``add`` would.
                line = (kind, offer.id)
                if split is not None and kind is bundle_kind:
                    line = (kind, offer.id + split(month, None, offer.id))  # bought then
                slot = amounts.get(line)
                if slot is None:
                    slot = amounts[line] = [0, 0]
                slot[0] += units
                slot[1] += sessions
                if timed:
                    key = (month, kind, line[1])
                    by_month[key] = by_month.get(key, 0) + units
            if bundle is not None and bundle.top_ups:
                top_ups(offer.id, covered, month, extra_months)
            bought += sessions
        elif kind is LineKind.LADDER:
            assert offer is not None
            item = f"{offer.id}@{tables.step_text(step)}"
            if split is not None:
                item += split(month, treatment.id, offer.id)
            add(LineKind.LADDER, item, units, units, month)
            bought += units
        elif kind is LineKind.EXTRA_UNIT:
            # The optimiser buys them at the treatment's own visits, one purchase per visit.
            item = treatment.id if split is None else treatment.id + split(month, treatment.id)
            add(LineKind.EXTRA_UNIT, item, units, 0, month)
        else:
            assert kind is LineKind.SUBSCRIPTION
            assert isinstance(offer, Subscription)
            # Its enrollment's price and first months are the month it is enrolled in's (the
            # same every month for most plans, asked no date).
            fee, first = (
                enrollment_in(offer, add_months(on, month))
                if dated_enrollment(offer)
                else (offer.enrollment_fee, offer.first_month)
            )
            add(
                LineKind.ENROLLMENT,
                tables.enrollment_item(offer, fee),
                1 if tables.enrollment_billed(offer, fee) else 0,
                0,
                # A waived fee is a line but no payment.
                month if fee.max != 0 else None,
            )
            # A plan left inside its first months at their price has only those it held.
            cheap = min(units, first_months(offer, first, enrolled))
            add(LineKind.FIRST_MONTH, offer.id, cheap, 0, None)
            add(LineKind.SUBSCRIPTION, offer.id, units - cheap, 0, None)
            # Fewer months than the minimum term: the optimiser left it early, at its fee
            # (catalog.plan_held), paid in the month it is left.
            left_early = units < offer.min_months
            add(LineKind.EARLY_TERMINATION, offer.id, int(left_early), 0, month + units - 1)
            if timed:
                # One fee a month, each due in its own month, the first months' first.
                for later in range(units):
                    kind_due = LineKind.FIRST_MONTH if later < cheap else LineKind.SUBSCRIPTION
                    key = (month + later, kind_due, offer.id)
                    by_month[key] = by_month.get(key, 0) + 1
            # The plan's sessions are on its monthly line, or its first months' where all are.
            plan_line = LineKind.SUBSCRIPTION if units > cheap else LineKind.FIRST_MONTH
            amounts[(plan_line, offer.id)][1] += covered - extras
            if extra_months:
                add(LineKind.EXTRA_SESSION, offer.id, extras, extras, None)
                if timed:
                    # Each extra is paid in the month of its visit.
                    for later, count in extra_months:
                        key = (later, LineKind.EXTRA_SESSION, offer.id)
                        by_month[key] = by_month.get(key, 0) + count
            else:
                add(LineKind.EXTRA_SESSION, offer.id, extras, extras, month)
            bought += extras + units * offer.sessions_per_month
    for upgrade, treatment_id, unused in upgraded:
        # The upgraded set holds the sessions left of the set held: those the course leaves
        # unused (all of them where it never used the held set's row) are the set's.
        also = held_unused.get(upgrade.held, upgrade.left)
        bought += also
        unused += also
        if unused:
            left.append((upgrade.offer, treatment_id, unused))
    return amounts, by_month, bought, left


_TAKES: Final = "#"
"""What marks a line's item with the discounts taken by the month it is paid in: no id holds
``#``."""


class _Split(NamedTuple):
    """How a treatment's lines are priced where the course takes a discount by the month a
    purchase is paid in: the discounts taken by the month that each month holds, and the
    discounts of an unmarked line (one bought at the first visit or a monthly plan: the first
    month's)."""

    months: list[tuple[Discount, ...]] | None
    first: tuple[Discount, ...]

    def mark(self, month: int, single: str | None, offer: str | None = None) -> str:
        """The mark of a purchase in ``month`` of a single (``single``, the treatment) or
        through ``offer``: the ids of the discounts taken by the month that come off it."""
        assert self.months is not None
        taken = self.months[month]
        return _TAKES + ",".join(tables.base_id(d) for d in taken if d.comes_off(single, offer))

    @property
    def marks(self) -> Callable[..., str] | None:
        """:meth:`mark`, where the course is priced by month."""
        return None if self.months is None else self.mark


def _splits(context: Context) -> bool:
    """Whether a course may split its lines by the month they are paid in: it has months, and
    the catalog a discount taken by the month (most have none, and skip :func:`_split`)."""
    return context.months is not None and context.compiled.dated_discounts


def _split(
    context: Context,
    treatment: Treatment,
    mine: Sequence[Discount],
    marking: Sequence[Discount] | None = None,
    *,
    plan: Plan,
) -> _Split:
    """Each month's discounts taken by the month (``None`` where every month takes them), of
    ``marking`` where given (those of every point of a quote, which then splits its lines
    alike at each), else of ``mine``; ``plan``'s, which the optimiser priced by month or,
    a bill that may buy a unit ticket, as :func:`~supecost.engine.tables.months_split`
    says."""
    if not _splits(context):
        return _Split(None, tuple(mine))  # no discount taken by the month: nothing to split
    basis = mine if marking is None else tables.relevant(context, treatment.id, marking)
    held = tables.months_split(context, treatment, basis, ticketed=not plan.by_month)
    if held is None:
        return _Split(None, tuple(mine))
    months = [tuple(d for d in month if by_purchase_month(context, d)) for month in held]
    first = {tables.base_id(d) for d in held[0]}
    return _Split(months, tuple(d for d in mine if d.id in first))


def _marked(
    context: Context, item: str, mine: Sequence[Discount], split: _Split
) -> tuple[str, tuple[Discount, ...], tuple[str, ...]]:
    """A counted line's item, the discounts its unit price takes, and the ids of those taken
    by the month it is paid in (empty where the course takes every one in every month)."""
    base, mark, taken = item.partition(_TAKES)
    if not mark:
        return item, split.first, ()
    ids = tuple(taken.split(",")) if taken else ()
    discounts = tuple(d for d in mine if d.id in ids or not by_purchase_month(context, d))
    # A price period's mark is none of the request's discounts: the month's price it says.
    discounts += tuple(p for p in price_periods(context) if p.id in ids)
    return base, discounts, ids


def first_months(offer: Subscription, first: FirstMonth | None, enrolled: set[str]) -> int:
    """How many of a monthly plan's months bought now are at its first-month price.

    The one rule of where the first-month price falls in a plan's purchases: the
    first enrollment of each plan in time order (the optimiser's purchases are in
    it) gets ``first_month.months`` of them (at most the plan's ``min_months``, so
    within every enrollment) where ``first``, its first-month price on the day it is
    enrolled (:func:`~supecost.engine.resolve.enrollment_in`), is not ``None``: one
    enrolled outside the price's window is still the first. ``enrolled`` collects the
    plans enrolled so far. The flat catalog keeps a first-month price only where the
    patient gets it.
    """
    if offer.id in enrolled:
        return 0
    enrolled.add(offer.id)
    return 0 if first is None else first.months


def _plan_lines(
    context: Context,
    treatment: Treatment,
    plan: Plan,
    discounts: Sequence[Discount],
    marking: Sequence[Discount] | None = None,
) -> tuple[list[Line], list[_Due], int, _Left, frozenset[str]]:
    """A plan's lines (aggregated), what they cost in which month, the sessions bought, the
    sets it leaves sessions of unused, and the per-unit discounts its unit prices include;
    split by month as ``marking`` (``discounts`` unless given) is taken."""
    mine = tables.relevant(context, treatment.id, discounts)
    split = _split(context, treatment, mine, marking, plan=plan)
    amounts, by_month, bought, left = _plan_counts(treatment, plan, context.on, True, split.marks)
    unit_off = _unit_off(context, treatment, amounts, mine, split=split) if mine else _NO_IDS
    known: dict[tuple[LineKind, str], YenRange] = {}

    def price(kind: LineKind, item: str) -> YenRange:
        found = known.get((kind, item))
        if found is None:
            base, taken, _ = _marked(context, item, mine, split)
            found = known[(kind, item)] = tables.line_price(context, treatment, kind, base, taken)
        return found

    timed = [
        (month, _points(price(kind, item) * quantity))
        for (month, kind, item), quantity in by_month.items()
    ]
    lines = [
        assemble(
            Line,
            item=tables.line_id(kind, _marked(context, item, mine, split)[0]),
            kind=kind,
            treatment=treatment.id,
            quantity=quantity,
            unit_price=price(kind, item),
            amount=price(kind, item) * quantity,
            sessions=sessions,
            tax=treatment.tax,
            **_taking(context, kind, item, mine, split),
        )
        for (kind, item), (quantity, sessions) in amounts.items()
    ]
    return lines, timed, bought, left, unit_off


def _taking(
    context: Context, kind: LineKind, item: str, mine: Sequence[Discount], split: _Split
) -> dict[str, tuple[str, ...]]:
    """A line's :attr:`~supecost.quotes.Line.taken_by_month`, where it has one: the discounts
    taken by the month it is paid in that take something off its unit price."""
    if split.marks is None:
        return {}
    _, taken, ids = _marked(context, item, mine, split)
    ids = tuple(found for found in ids if any(d.id == found for d in priced(taken)))
    return {"taken_by_month": ids} if ids else {}


def _unit_off(
    context: Context,
    treatment: Treatment,
    counts: Mapping[tuple[LineKind, str], object],
    mine: Sequence[Discount],
    ids: tuple[str, ...] | None = None,
    *,
    split: _Split | None = None,
) -> frozenset[str]:
    """The per-unit discounts (of ``mine``) that take something off the unit price of a
    plan's lines."""
    if split is not None and split.marks is not None:
        found: set[str] = set()
        for kind, item in counts:
            base, taken, _ = _marked(context, item, mine, split)
            found.update(tables.line_discounts(context, treatment, kind, base, taken))
        return frozenset(found)
    return frozenset(
        found
        for kind, item in counts
        for found in tables.line_discounts(context, treatment, kind, item, mine, ids)
    )


_NO_IDS: Final[frozenset[str]] = frozenset()
"""No per-unit discount: what most plans and options have, shared."""


def _unit_discounts(
    context: Context, solution: Solution, unit_off: frozenset[str]
) -> tuple[str, ...]:
    """The ids of ``unit_off``, in the order of the solution's discounts, then of the
    catalog's (one met at another point only)."""
    own = tuple(d.id for d in solution.discounts if d.id in unit_off)
    rest = tuple(d.id for d in context.catalog.discounts if d.id in unit_off and d.id not in own)
    return own + rest


def _negative(points: Sequence[int], typical_known: bool) -> YenRange:
    """A range of negative amounts (a saving), from the saving at each point.

    ``points`` are the savings at the low, typical and high point. A larger
    price can mean a larger saving, so the bounds are sorted; the typical
    saving is kept when known.
    """
    known = sorted(-v for v in points)
    return _range(known[0], known[-1], -points[1] if typical_known else None)


def _range(low: int, high: int | None, typical: int | None) -> YenRange:
    """A range, with the typical value left out where it says nothing (an exact amount)."""
    return YenRange(low, high, None if low == high else typical)


def _typical_known(*prices: YenRange | None) -> bool:
    return all(price is None or price.known_typical is not None for price in prices)


# Lines, tax lines and payments are built with ``model_construct``: every value in them
# comes from validated catalog records and the engine's own int arithmetic, and a quote
# builds hundreds of them. tests/test_quotes.py re-validates whole quotes to keep this honest.


def bills(
    context: Context,
    amounts: dict[Scenario, list[tuple[int, TaxCategory]]],
    solution: Solution,
    discounts: Mapping[Scenario, Sequence[Discount]] | None = None,
) -> dict[Scenario, PointBill]:
    """The bill at each point; one bill serves all three where every price is exact.

    ``discounts`` are those in force at each point (:func:`_point_discounts`); the
    solution's at every point unless given.
    """
    singles = solution.single_visits
    if context.exact:
        one = bill.itemise(
            context,
            Scenario.TYPICAL,
            amounts[Scenario.TYPICAL],
            solution.discounts,
            single_visits=singles,
        )
        return dict.fromkeys(POINTS, one)
    return {
        s: bill.itemise(
            context,
            s,
            amounts[s],
            solution.discounts if discounts is None else discounts[s],
            single_visits=singles,
        )
        for s in POINTS
    }


_Bought = tuple[list[Line], list["_Due"], int, "_Left", frozenset[str]]
"""A plan's lines, what they cost in which month, the sessions bought, the sets it leaves
sessions of unused, and the per-unit discounts its unit prices include."""


def _bought(
    context: Context,
    solution: Solution,
    discounts: Sequence[Discount],
    marking: Sequence[Discount] | None = None,
) -> _Bought:
    """The lines of a solution's plans and packages, their unit prices under ``discounts``;
    split by the months that take ``marking`` (``discounts`` unless given) where a course
    takes a discount by the month a purchase is paid in."""
    lines: list[Line] = []
    timed: list[_Due] = []
    bought = 0
    left: _Left = []
    unit_off = _NO_IDS
    for treatment, plan in zip(context.treatments, solution.plans, strict=True):
        plan_lines, plan_timed, plan_bought, plan_left, plan_off = _plan_lines(
            context, treatment, plan, discounts, marking
        )
        lines += plan_lines
        timed += plan_timed
        left += plan_left
        if plan_off:
            unit_off |= plan_off
        if treatment is context.main:
            bought = plan_bought
    package_lines, package_off = _package_lines(context, solution, discounts)
    if package_off:
        unit_off |= package_off
    lines += package_lines
    timed += [(0, _points(line.amount)) for line in package_lines]
    bought += _package_sessions(context, solution)
    return lines, timed, bought, left, unit_off


def _point_discounts(
    context: Context, solution: Solution
) -> dict[Scenario, tuple[Discount, ...]] | None:
    """The discounts in force at each point for a solution's plans; ``None`` where they are
    the solution's at every point.

    A ``min_amount`` is decided at each point (:func:`~supecost.engine.context.request_choices`),
    so a discount the plan was found with may not be met at the low point, and one it was
    not may be met at the high point. At each point the plans are billed with each choice
    the point meets, and the cheapest is the clinic's bill there (the solution's own on a
    tie): the same purchases, with the discounts the patient gets at that point.
    """
    if not choices_by_point(context):
        return None
    result: dict[Scenario, tuple[Discount, ...]] = {}
    for s in POINTS:
        # A choice that rules out what the plans buy (a first-time price, a set) has no bill.
        choices = [c for c in request_choices(context, s) if fits(context, solution, c)]
        ordered = sorted(choices, key=lambda choice: choice != solution.discounts)
        best: tuple[int, tuple[Discount, ...]] | None = None
        for choice in ordered:
            lines = _bought(context, solution, choice)[0]
            amounts = [(point(line.amount, s), line.tax) for line in lines]
            total = bill.itemise(
                context, s, amounts, choice, itemised=False, single_visits=solution.single_visits
            ).total
            if best is None or total < best[0]:
                best = (total, choice)
        assert best is not None  # request_choices always gives the stacking ones, maybe none
        result[s] = best[1]
    return result


def _at_points(by_point: Mapping[Scenario, _Bought], stated: bool) -> _Bought:
    """One plan's lines from their prices at each point, each point's under its own discounts.

    The purchases are the same at every point; a unit price is its value at each point
    under that point's discounts, the bounds sorted, since a discount met at the high point
    only can make a price there below the typical one. An exact price made a range so has
    its typical point's value as its typical only where some price ``stated`` a standard:
    else the typical point is the low one (:func:`_typical_of`).
    """
    typical = by_point[Scenario.TYPICAL]
    lines = []
    for position, line in enumerate(typical[0]):
        values = [by_point[s][0][position] for s in POINTS]
        known = stated and line.unit_price.known_typical is not None
        unit = _ordered([_points(v.unit_price)[k] for k, v in enumerate(values)], known)
        amount = _ordered([_points(v.amount)[k] for k, v in enumerate(values)], known)
        lines.append(line.model_copy(update={"unit_price": unit, "amount": amount}))
    timed: list[_Due] = []
    for position, (month, _) in enumerate(typical[1]):
        low, middle, high = (by_point[s][1][position][1] for s in POINTS)
        timed.append((month, (low[0], middle[1], high[2])))
    unit_off = frozenset().union(*(by_point[s][4] for s in POINTS))
    return lines, timed, typical[2], typical[3], unit_off


def price_option(
    context: Context,
    way: Way,
    solution: Solution,
    shared: Shared | None = None,
    *,
    apart: bool = False,
) -> tuple[Option, int]:
    """Price one way of buying at every point; with its bill at the typical point.

    Each point is a whole bill of its own, combos and discounts included: a
    saving can grow with prices, so summing the lines' bounds would not give
    the bill at the low or high point. ``shared``, by the options of one
    quote, keeps each plan's lines and payments where every price is exact.
    The typical point's bill (each price at its typical amount, else its low
    end) is what a quote ranks the options by. With ``apart`` (every world of the
    request pays its open fees alike, :func:`shares_open_fees`), an option open at the
    high point by those fees alone says its bill there without them (``high_apart``).
    """
    # A course without months runs as long as the way's monthly plan is paid for.
    context = dated_by_plans(context, solution.plans)
    if context.exact and not context.counts:
        # Own counts take combos per group of visits, which the exact path does not split.
        return _price_exact(context, way, solution, Shared() if shared is None else shared)
    by_point = _point_discounts(context, solution)
    if by_point is None:
        lines, timed, bought, left, unit_off = _bought(context, solution, solution.discounts)
        amounts = {s: [(point(line.amount, s), line.tax) for line in lines] for s in POINTS}
    else:
        found: dict[tuple[str, ...], _Bought] = {}
        # Lines split by the month they are paid in are split alike at every point, so that
        # each point's line is at the same place (:func:`_at_points`).
        marking = {d.id: d for chosen in by_point.values() for d in chosen}
        each = {
            s: found.setdefault(
                tuple(d.id for d in chosen),
                _bought(context, solution, chosen, tuple(marking.values())),
            )
            for s, chosen in by_point.items()
        }
        amounts = {s: [(point(line.amount, s), line.tax) for line in each[s][0]] for s in POINTS}
        stated = not price_points(context)[0].is_low
        lines, timed, bought, left, unit_off = _at_points(each, stated)
    at = bills(context, amounts, solution, by_point)
    open_lines = any(amount >= INF // 2 for amount, _ in amounts[Scenario.MAX])
    if context.goods or context.bought:
        # The bill adds the goods itself; their lines are for the reader and the schedule
        # (and the goods a set bought includes, at 0 yen).
        goods_lines = _goods_lines(context)
        lines += goods_lines
        timed += [(month, _points(amount)) for month, amount in _goods_due(context)]
        open_lines = open_lines or any(line.amount.max is None for line in goods_lines)
    typical_point = price_points(context)[0]
    lines += _combo_lines(context, at, timed)
    lines += _discount_lines(at, _typical_of(lines, typical_point), open_lines, timed)
    lines += _fee_lines(context, at, timed)
    typical_known = _typical_of(lines, typical_point)
    # Each point's own bill, where a min_amount put the points out of order: the tax lines
    # and payments then carry each point's own figures too, so they add up to its bill.
    point_bills = None if by_point is None else _out_of_order(at, typical_known, open_lines)
    read = None if point_bills is None else (typical_known, open_lines)
    include_tax = context.catalog.clinic.prices_include_tax
    tax_lines, total, subtotal = _tax(at, typical_known, include_tax, read)
    high_apart = None
    if apart and total.max is None and not open_lines:
        # Open at the high point by fees every way pays alike only: the bill there without
        # them, which compares this way with another exactly (explain.point_winners).
        high_apart = bill.itemise(
            fees_apart(context),
            Scenario.MAX,
            amounts[Scenario.MAX],
            solution.discounts if by_point is None else by_point[Scenario.MAX],
            itemised=False,
            single_visits=solution.single_visits,
        ).total
    if context.goods:
        # Goods are no session: the price per session is the course's bill without them,
        # with a typical value where the lines without them have one.
        bare = bills(replace(context, goods=()), amounts, solution, by_point)
        known = _typical_of(
            [line for line in lines if line.kind not in _GOODS_KINDS], typical_point
        )
        course = _tax(bare, known, include_tax)[1]
    else:
        course = total
    per_session = course.map_monotone(
        lambda amount: round_fraction(Fraction(amount, context.sessions), PER_SESSION_ROUNDING)
    )
    unused = _unused(solution, left)
    option = assemble(
        Option,
        way=way,
        lines=tuple(lines),
        sessions_bought=bought,
        sessions_unused=bought - context.sessions,
        tax=tax_lines,
        subtotal=subtotal,
        total=total,
        per_session=per_session,
        payments=_payments(context, timed, read),
        unused=unused,
        unit_discounts=_unit_discounts(context, solution, unit_off) if unit_off else (),
        plan_months=context.plan_months,
        yearly_once=_yearly_once(context, at[Scenario.TYPICAL].fees),
        dearest_units=_dearest_units(context, solution),
        bills=point_bills,
        high_apart=high_apart,
    )
    return option, at[Scenario.TYPICAL].total


def _out_of_order(
    at: Mapping[Scenario, PointBill], typical_known: bool, open_top: bool
) -> PointValues | None:
    """Each point's bill where a higher point's is the lower one (``Option.bills``)."""
    low, typical, high = (at[s].total for s in POINTS)
    if low <= typical and (open_top or typical <= high):
        return None
    return _at_each((low, typical, high), (typical_known, open_top))


_Read = tuple[bool, bool]
"""How an option's figures read at each point, where its bills are out of order: whether
its typical point is known, and whether its top is open (:func:`_at_each`)."""


def _at_each(values: Sequence[int | None], read: _Read) -> PointValues:
    """Values at the low, typical and high point, read as :attr:`Option.bills` reads them:
    no typical value where the bill has none, no high one where its top is open."""
    typical_known, open_top = read
    low = values[0]
    assert low is not None  # the low point's prices are never open
    return assemble(
        PointValues,
        min=low,
        typical=values[1] if typical_known else None,
        max=None if open_top else values[2],
    )


def _yearly_once(context: Context, fees: Sequence[tuple[Fee, int, int]]) -> bool:
    """Whether a yearly fee is charged once for want of the course's length (no months, and no
    monthly plan to say how long it runs): the quote says so (``Option.yearly_once``)."""
    # A catalog without a yearly fee (most) has no fee to look for.
    return (
        context.compiled.yearly
        and course_months(context) is None
        and any(fee.charged is Charged.YEARLY for fee, _, _ in fees)
    )


def _dearest_units(context: Context, solution: Solution) -> bool:
    """Whether a solution prices a treatment's singles and further units as in its dearest
    month (``Option.dearest_units``): a plan the optimiser did not price by the month of
    each visit although it buys a unit ticket, where the months of such a bill take other
    discounts of the request's on its units than a bill buying none
    (:func:`~supecost.engine.tables.months_split`, with further units)."""
    if not _splits(context):  # most courses: no discount taken by the month
        return False
    # Every discount the request may take, not the solution's only: a bill may leave out a
    # campaign on its singles that it would take in its window's months.
    offered = tuple({d.id: d for choice in request_choices(context) for d in choice}.values())
    return any(
        not plan.by_month
        and any(isinstance(p.offer, Bundle) and p.offer.counts_units for p in plan.purchases)
        and tables.months_split(context, treatment, offered)
        != tables.months_split(context, treatment, offered, ticketed=True)
        for treatment, plan in zip(context.treatments, solution.plans, strict=True)
    )


def _package_lines(
    context: Context, solution: Solution, discounts: Sequence[Discount] | None = None
) -> tuple[list[Line], frozenset[str]]:
    """A line per package bought, and one for the package bought at its first-time price;
    and the per-unit discounts that take something off their prices.

    Priced under ``discounts`` (the solution's unless given); how many are bought at the
    first-time price is the solution's, the same purchases at every point.
    """
    result: list[Line] = []
    unit_off = _NO_IDS
    for package, count in solution.packages:
        tax = package_tax(context, package)
        own = tables.targets(solution.discounts, None, package.id)
        _, first_time = package_cost(context, package, count, Scenario.TYPICAL, solution.discounts)
        mine = own if discounts is None else tables.targets(discounts, None, package.id)
        mine = taken_at_first_visit(context, mine)
        sessions = sum(item.sessions for item in package.contents)
        for kind, quantity in (
            (LineKind.PACKAGE_INTRO, first_time),
            (LineKind.PACKAGE, count - first_time),
        ):
            if not quantity:
                continue
            unit = tables.line_price(context, context.main, kind, package.id, mine)
            if mine:
                found = tables.line_discounts(context, context.main, kind, package.id, mine)
                unit_off = unit_off.union(found)
            result.append(
                assemble(
                    Line,
                    item=package.id,
                    kind=kind,
                    quantity=quantity,
                    unit_price=unit,
                    amount=unit * quantity,
                    sessions=sessions * quantity,
                    tax=tax,
                )
            )
    return result, unit_off


def _package_sessions(context: Context, solution: Solution) -> int:
    """The sessions of the main treatment the solution's packages buy."""
    return sum(count * package.sessions_of(context.main.id) for package, count in solution.packages)


_PlanPart = tuple[
    list[Line], list[tuple[int, TaxCategory]], dict[int, int], int, _Left, frozenset[str]
]
"""A plan's lines, what it costs as a line of the bill, what it costs by month, the
sessions it buys, the sets it leaves sessions of unused, and the per-unit discounts that
take something off its unit prices."""


@dataclass(slots=True)
class Shared:
    """What the options of one quote share where every price is exact.

    Each plan's part (an add-on's plan recurs in every way), and what is due
    by month besides the main treatment's plan (the add-ons' plans, what each
    visit costs and the fees charged at some visits), which every way with the
    same visit costs and fees shares, kept beside those fees' months.
    """

    plans: dict[tuple[object, ...], _PlanPart] = field(default_factory=dict)
    due: dict[tuple[object, ...], tuple[dict[int, int], dict[int, int]]] = field(
        default_factory=dict
    )
    fees: _FeePart | None = None
    """The fees' part of the ways' bills, worked out once (:func:`_fee_part`)."""


def _plan_part(
    context: Context,
    treatment: Treatment,
    plan: Plan,
    discounts: Sequence[Discount],
    scheduled: bool,
) -> _PlanPart:
    mine = tables.relevant(context, treatment.id, discounts)
    # Most courses split no line by month: no split is made for them (a named tuple a way).
    split = _split(context, treatment, mine, plan=plan) if _splits(context) else None
    marks = None if split is None else split.marks
    counts, by_month, bought, left = _plan_counts(treatment, plan, context.on, scheduled, marks)
    ids = tuple([d.id for d in mine]) if mine else ()
    units: dict[tuple[LineKind, str], int] = {}
    tax = treatment.tax
    treatment_id = treatment.id
    lines: list[Line] = []
    cost = 0
    for line_key, (quantity, sessions) in counts.items():
        kind, item = line_key
        if marks is None:
            unit = tables.line_price(context, treatment, kind, item, mine, ids)
            named = tables.line_id(kind, item)
        else:
            assert split is not None
            base, taken, _ = _marked(context, item, mine, split)
            unit = tables.line_price(context, treatment, kind, base, taken)
            named = tables.line_id(kind, base)
        low = unit.min
        units[line_key] = low
        amount = low * quantity
        cost += amount
        line = _plan_line(
            named,
            kind,
            treatment_id,
            quantity,
            (low, unit.max, unit.typical),
            amount,
            sessions,
            tax,
        )
        if marks is not None:
            assert split is not None
            line = line.model_copy(update=_taking(context, kind, item, mine, split))
        lines.append(line)
    timed: dict[int, int] = {}
    if scheduled:
        for (month, kind, item), quantity in by_month.items():
            timed[month] = timed.get(month, 0) + units[(kind, item)] * quantity
    unit_off = _unit_off(context, treatment, counts, mine, ids, split=split) if mine else _NO_IDS
    # One line per treatment will do for the bill: all of a plan's lines share its tax.
    return lines, [(cost, tax)] if lines else [], timed, bought, left, unit_off


def _price_exact(
    context: Context, way: Way, solution: Solution, shared: Shared
) -> tuple[Option, int]:
    """:func:`price_option` where every price is exact: one bill, every range one amount.

    The same lines, bill and records as at three points, built from plain ints
    (each range ``YenRange(v, v)``) so a quote of ten ways stays cheap; the
    bill is still the one from :func:`supecost.engine.bill.itemise`. ``shared``
    keeps what the ways of the quote have in common.
    """
    lines: list[Line] = []
    taxed: list[tuple[int, TaxCategory]] = []
    scheduled = context.months is not None and context.catalog.clinic.prices_include_tax
    # What is due each visit (every-visit fees, combos taken in full) and in month 0.
    per_visit = at_start = 0
    any_visit = any_start = False
    timed: list[dict[int, int]] = []
    bought = 0
    discounts = solution.discounts
    ids = tuple([d.id for d in discounts]) if discounts else ()
    parts = shared.plans
    left: _Left = []
    unit_off = _NO_IDS
    main = context.main
    for treatment, plan in zip(context.treatments, solution.plans, strict=True):
        # A plan lives as long as the quote's context, so its identity names it here.
        key = (treatment.id, id(plan), ids)
        part = parts.get(key)
        if part is None:
            part = parts[key] = _plan_part(context, treatment, plan, discounts, scheduled)
        lines += part[0]
        taxed += part[1]
        timed.append(part[2])
        if part[4]:
            left += part[4]
        if part[5]:
            unit_off |= part[5]
        if treatment is main:
            bought = part[3]
    package_lines: list[Line] = []
    if solution.packages:
        package_lines, package_off = _package_lines(context, solution)
        if package_off:
            unit_off |= package_off
    if package_lines:
        lines += package_lines
        taxed += [(line.amount.min, line.tax) for line in package_lines]
        bought += _package_sessions(context, solution)
        # Packages are bought at the course's first visit.
        timed.append({0: sum(line.amount.min for line in package_lines)})
    if context.goods or context.bought:
        # The bill adds the goods itself; their lines are for the reader and the schedule
        # (and the goods a set bought includes, at 0 yen).
        goods_lines = _goods_lines(context)
        lines += goods_lines
        # Monthly deliveries are added to their months once the schedule is summed.
        at_start += sum(line.amount.min for line in goods_lines if line.kind is LineKind.GOODS)
        any_start = True
    billed = solution.billed
    if billed is not None and billed[0] == taxed:
        at = billed[1]  # the optimiser's itemised bill of these very lines
    else:
        at = bill.itemise(
            context, Scenario.TYPICAL, taxed, discounts, single_visits=solution.single_visits
        )
    sessions = context.sessions
    catalog = context.catalog
    combo_tax = context.compiled.combo_tax
    for combo_id, taken in at.combos.items():
        saving = at.combo_per_visit[combo_id]
        tax = combo_tax.get(combo_id)
        if tax is None:
            tax = combo_tax[combo_id] = catalog.treatment(catalog.combo(combo_id).treatments[0]).tax
        times = at.combo_visits.get(combo_id, sessions)
        if taken == saving * sessions:
            per_visit -= saving
            any_visit = True
            lines.append(_off_line(combo_id, LineKind.COMBO, sessions, -saving, -taken, tax))
        elif taken == saving * times:
            # Taken at some visits only (its treatments paid singly there), in full.
            at_start -= taken
            any_start = True
            lines.append(_off_line(combo_id, LineKind.COMBO, times, -saving, -taken, tax))
        else:
            at_start -= taken
            any_start = True
            lines.append(_off_line(combo_id, LineKind.COMBO, 1, -taken, -taken, tax))
    for discount_id, split in at.discounts.items():
        for category, taken in split.items():
            if taken:
                at_start -= taken
                any_start = True
                off = -taken
                lines.append(_off_line(discount_id, LineKind.DISCOUNT, 1, off, off, category))
    # Every bill of a request charges the same fees (one record from the fees' memo).
    fees = shared.fees
    if fees is None or fees[0] is not at.fees:
        fees = shared.fees = _fee_part(context, at.fees)
    lines += fees[1]
    per_visit += fees[2]
    any_visit = any_visit or fees[4]
    breakdown = at.breakdown
    assert breakdown is not None  # every price is exact, so none is open-ended
    tax_lines = tuple(
        [
            _tax_line(group.rate, group.category, group.taxable, group.tax, group.total)
            for group in breakdown.groups
        ]
    )
    total = at.total  # the breakdown's, worked out once by the bill
    course = total
    if context.goods:
        # Goods are no session: the price per session is the course's bill without them.
        course = bill.itemise(
            replace(context, goods=()),
            Scenario.TYPICAL,
            taxed,
            discounts,
            itemised=False,
            single_visits=solution.single_visits,
        ).total
    payments: tuple[Payment, ...] = ()
    if scheduled:
        # The add-ons' plans, each visit's costs and the fees charged at some visits recur in
        # every way: summed once.
        common = (per_visit if any_visit else None, id(fees[3]), *map(id, timed[1:]))
        known = shared.due.get(common)
        if known is None:
            base: dict[int, int] = {}
            # The fees' months held beside their sum, so no other dict takes their id.
            shared.due[common] = (base, fees[3])
            for part_due in (*timed[1:], fees[3]):
                for month, amount in part_due.items():
                    base[month] = base.get(month, 0) + amount
            if any_visit:
                assert context.months is not None
                for month, visits in _visits_by_month(sessions, context.months):
                    base[month] = base.get(month, 0) + per_visit * visits
        else:
            base = known[0]
        due = dict(base)
        get = due.get
        if context.goods:
            for month, delivered in _goods_due(context, monthly_only=True):
                due[month] = get(month, 0) + delivered.min
        for month, amount in timed[0].items():
            due[month] = get(month, 0) + amount
        if any_start:
            due[0] = get(0, 0) + at_start
        months = sorted(due)
        amounts = [due[month] for month in months]
        if min(amounts, default=0) < 0:
            # Only a saving taken at the first visit goes below zero, to be carried on.
            amounts = _carried(amounts)
        # One amount a month: mapped, with no frame a month.
        payments = tuple(map(_payment, months, amounts))
    unused = _unused(solution, left)
    total_range = _exact(total)
    option = assemble(
        Option,
        way=way,
        lines=tuple(lines),
        sessions_bought=bought,
        sessions_unused=bought - sessions,
        tax=tax_lines,
        # What the tax saw, summed per rate: each rate's total, or its taxable amount.
        # (With tax-included prices, the rates' totals add up to the total.)
        subtotal=total_range
        if catalog.clinic.prices_include_tax
        else _exact(sum(g.taxable for g in breakdown.groups)),
        total=total_range,
        per_session=_exact(round_ratio(course, sessions, PER_SESSION_ROUNDING)),
        payments=payments,
        unused=unused,
        unit_discounts=_unit_discounts(context, solution, unit_off) if unit_off else (),
        plan_months=context.plan_months,
        yearly_once=_yearly_once(context, at.fees),
        dearest_units=_dearest_units(context, solution),
        # Every field given, in order: assemble then keeps this dict as the record's own.
        bills=None,
        high_apart=None,
    )
    return option, total


_FeePart = tuple[tuple[tuple[Fee, int, int], ...], tuple[Line, ...], int, dict[int, int], bool]
"""A bill's fees (as the bill holds them), their lines, what they add to each visit, what
those charged at some visits only add by month, and whether they add anything to each visit."""


def _fee_part(context: Context, fees: tuple[tuple[Fee, int, int], ...]) -> _FeePart:
    """The fees' lines of an exact bill and what they make due each visit and by month."""
    lines: list[Line] = []
    per_visit = 0
    any_visit = False
    by_month: dict[int, int] = {}
    every = range(context.visits)
    months = visit_months(context)
    for fee, count, charged in fees:
        at = fee_visits(context, fee, context.visits)
        if at == every:
            per_visit += fee.price.min
            any_visit = True
        else:
            for visit in at:
                by_month[months[visit]] = by_month.get(months[visit], 0) + fee.price.min
        lines.append(_bill_line(fee.id, LineKind.FEE, count, fee.price, charged, fee.tax))
    return fees, tuple(lines), per_visit, by_month, any_visit


@lru_cache(maxsize=4096)
def _exact(amount: int) -> YenRange:
    """One amount as a range, shared: ranges are immutable, and a quote repeats its amounts."""
    return YenRange(amount, amount)


@lru_cache(maxsize=4096)
def _plan_line(
    item: str,
    kind: LineKind,
    treatment: str,
    quantity: int,
    unit: tuple[int, int | None, int | None],
    amount: int,
    sessions: int,
    tax: TaxCategory,
) -> Line:
    """A bought line of an exact bill, shared like :func:`_exact`: courses repeat their lines.

    Its unit price comes as its ``min``, ``max`` and ``typical``: a tuple of ints hashes in
    C, where a range's hash is a Python call, and every line of every way is looked up here.
    """
    low, high, typical = unit
    return assemble(
        Line,
        item=item,
        kind=kind,
        treatment=treatment,
        quantity=quantity,
        unit_price=_exact(low) if low == high and typical is None else YenRange(*unit),
        amount=_exact(amount),
        sessions=sessions,
        tax=tax,
    )


@lru_cache(maxsize=4096)
def _off_line(
    item: str, kind: LineKind, quantity: int, unit: int, amount: int, tax: TaxCategory
) -> Line:
    """A combo's or discount's line of an exact bill, its unit price one amount: keyed by
    ints (hashed in C, where a range's hash is a Python call), built by :func:`_bill_line`."""
    return _bill_line.__wrapped__(item, kind, quantity, _exact(unit), amount, tax)


@lru_cache(maxsize=4096)
def _bill_line(
    item: str, kind: LineKind, quantity: int, unit_price: YenRange, amount: int, tax: TaxCategory
) -> Line:
    """A combo, discount or fee line of an exact bill, shared like :func:`_exact`."""
    return assemble(
        Line,
        item=item,
        kind=kind,
        treatment=None,
        quantity=quantity,
        unit_price=unit_price,
        amount=_exact(amount),
        sessions=0,
        tax=tax,
    )


@lru_cache(maxsize=1024)
def _tax_line(rate: int, category: TaxCategory, taxable: int, tax: int, total: int) -> TaxLine:
    """One rate's tax line of an exact bill, shared like :func:`_exact`."""
    return assemble(
        TaxLine,
        rate=rate,
        category=category,
        taxable=_exact(taxable),
        tax=_exact(tax),
        total=_exact(total),
        taxable_points=None,
        tax_points=None,
        total_points=None,
    )


@lru_cache(maxsize=256)
def _visits_by_month(sessions: int, months: int) -> tuple[tuple[int, int], ...]:
    """How many visits fall in each month of a course, the months in order."""
    counts: dict[int, int] = {}
    for month in session_months(sessions, months):
        counts[month] = counts.get(month, 0) + 1
    return tuple(counts.items())


@lru_cache(maxsize=4096)
def _payment(month: int, amount: int) -> Payment:
    """One month's payment of an exact amount, shared like :func:`_exact`."""
    return assemble(Payment, month=month, amount=_exact(amount), points=None)


def _combo_lines(context: Context, at: dict[Scenario, PointBill], timed: list[_Due]) -> list[Line]:
    """A line per combo the bill took at any point, in catalog order.

    A saving the bill capped (its tax category would have gone below zero) is
    one unit of the capped amount, so ``amount`` stays ``unit_price x quantity``.
    """
    result = []
    for combo in context.catalog.combos:
        if not any(combo.id in at[s].combos for s in POINTS):
            continue
        members = [context.catalog.treatment(t) for t in combo.treatments]
        known = _typical_known(combo.discount, combo.price, *(t.price for t in members))
        per_visit = [at[s].combo_per_visit.get(combo.id, 0) for s in POINTS]
        taken = [at[s].combos.get(combo.id, 0) for s in POINTS]
        unit, saving = _negative(per_visit, known), _negative(taken, known)
        quantity = at[Scenario.TYPICAL].combo_visits.get(combo.id, context.visits)
        if saving == unit * quantity:
            off = _saving_points(per_visit, known)
            timed += [(month, off) for month in visit_months(context)[:quantity]]
        else:
            unit, quantity = saving, 1
            timed.append((0, _saving_points(taken, known)))
        result.append(
            assemble(
                Line,
                item=combo.id,
                kind=LineKind.COMBO,
                quantity=quantity,
                unit_price=unit,
                amount=saving,
                tax=members[0].tax,
            )
        )
    return result


def _discount_lines(
    at: dict[Scenario, PointBill],
    typical_known: bool,
    open_high: bool,
    timed: list[_Due],
) -> list[Line]:
    """A line per whole-bill discount and tax category that took anything.

    Where what the discount is taken from is open-ended at the high point, so
    is the saving there; the line's range then spans the low and typical points.
    """
    taken: dict[tuple[str, TaxCategory], list[int]] = {}
    for k, s in enumerate(POINTS):
        for discount_id, split in at[s].discounts.items():
            for category, amount in split.items():
                # A discount with a min_amount may be in force at some points only.
                taken.setdefault((discount_id, category), [0, 0, 0])[k] = amount
    result = []
    for (discount_id, category), amounts in taken.items():
        if not any(amounts):
            continue
        saving = _negative(amounts[:2] if open_high else amounts, typical_known)
        timed.append((0, _saving_points(amounts, typical_known, open_high)))
        result.append(
            assemble(
                Line,
                item=discount_id,
                kind=LineKind.DISCOUNT,
                quantity=1,
                unit_price=saving,
                amount=saving,
                tax=category,
            )
        )
    return result


def _fee_lines(context: Context, at: dict[Scenario, PointBill], timed: list[_Due]) -> list[Line]:
    """A line per fee the bill charged; its count is the same at every point."""
    result = []
    months = visit_months(context)
    for fee, count, _ in at[Scenario.TYPICAL].fees:
        at_visits = fee_visits(context, fee, context.visits)
        timed += [(months[visit], _points(fee.price)) for visit in at_visits]
        result.append(
            assemble(
                Line,
                item=fee.id,
                kind=LineKind.FEE,
                quantity=count,
                unit_price=fee.price,
                amount=fee.price * count,
                tax=fee.tax,
            )
        )
    return result


_GOODS_KINDS: Final = frozenset({LineKind.GOODS, LineKind.GOODS_MONTHLY, LineKind.GOODS_INCLUDED})
"""The lines of goods: no session, left out of a price per session."""


def _goods_lines(context: Context) -> list[Line]:
    """A line per goods record bought beside the course, in the request's order: no session;
    bought once, paid at the first visit (month 0), delivered monthly (定期便), its units
    a month times the months (each month's paid in its month, :func:`_goods_due`)."""
    return [
        assemble(
            Line,
            item=goods.id,
            kind=LineKind.GOODS_MONTHLY if months else LineKind.GOODS,
            quantity=units,
            unit_price=price,
            amount=price * units,
            tax=goods.tax,
        )
        for goods, units, price, months in context.goods_amounts()
    ] + [
        # Given with a set (Bundle.includes): a line of its own at 0 yen, whether or not the
        # request buys the goods too, so the patient sees what the set includes.
        assemble(
            Line,
            item=goods.id,
            kind=LineKind.GOODS_INCLUDED,
            quantity=units,
            unit_price=_FREE,
            amount=_FREE,
            tax=goods.tax,
        )
        for goods, units in context.given()
    ]


_FREE: Final = YenRange.exact(0)
"""What goods a set includes cost on their own line."""


def _goods_due(context: Context, *, monthly_only: bool = False) -> list[tuple[int, YenRange]]:
    """What the goods make due by month: those bought once in month 0, a monthly delivery's
    units a month at its price in each month of the course (``monthly_only``: these alone)."""
    due: list[tuple[int, YenRange]] = []
    for _, units, price, months in context.goods_amounts():
        if not months:
            if not monthly_only:
                due.append((0, price * units))
            continue
        each = price * (units // months)
        due += [(month, each) for month in range(months)]
    return due


def _ordered(values: Sequence[int | None], typical_known: bool) -> YenRange:
    """A range from the values at the low, typical and high points (``None``: open).

    Totals rise with prices, except where a combo's saving grows faster than
    what is paid; the bounds are then sorted, so the range still holds every point.
    """
    known = [value for value in values if value is not None]
    high = None if values[2] is None else max(known)
    return YenRange(min(known), high, values[1] if typical_known else None)


def _typical_of(lines: Sequence[Line], typical: TypicalPoint) -> bool:
    """Whether the lines' sum has a typical value (a range's own, not an exact amount's).

    At a mixed typical point (:attr:`TypicalPoint.MIXED`) a range without a standard
    amount stands at its low end there, so every sum that is a range has a value at the
    typical point: the bill the options are ranked by, which a total then carries. Where
    no price states a standard (:attr:`TypicalPoint.LOW`) none has one, even where a
    ``min_amount`` makes exact prices' lines ranges: the typical point is the low one,
    and a document would print its bill as 標準.
    """
    if typical.is_low:
        return False
    total = sum_ranges(line.amount for line in lines)
    return total.typical is not None or (typical is TypicalPoint.MIXED and not total.is_exact)


def _tax(
    at: dict[Scenario, PointBill],
    typical_known: bool,
    include_tax: bool,
    read: _Read | None = None,
) -> tuple[tuple[TaxLine, ...], YenRange, YenRange]:
    """The bills' tax lines, total and subtotal as ranges over the points; with ``read``
    (bills out of order), each tax line's figures at each point too, from its own bill."""
    breakdowns = [at[s].breakdown for s in POINTS]
    low = breakdowns[0]
    assert low is not None
    tax_lines = []
    for position, group in enumerate(low.groups):
        fields: dict[str, list[int | None]] = {"taxable": [], "tax": [], "total": []}
        for breakdown in breakdowns:
            for name, values in fields.items():
                values.append(
                    None if breakdown is None else getattr(breakdown.groups[position], name)
                )
        tax_lines.append(
            assemble(
                TaxLine,
                rate=group.rate,
                category=group.category,
                taxable=_ordered(fields["taxable"], typical_known),
                tax=_ordered(fields["tax"], typical_known),
                total=_ordered(fields["total"], typical_known),
                taxable_points=None if read is None else _at_each(fields["taxable"], read),
                tax_points=None if read is None else _at_each(fields["tax"], read),
                total_points=None if read is None else _at_each(fields["total"], read),
            )
        )
    totals = [None if b is None else b.total for b in breakdowns]
    # What the tax saw, summed per rate: each rate's total, or its taxable amount.
    subtotals = [
        None
        if b is None
        else sum(g.total for g in b.groups)
        if include_tax
        else sum(g.taxable for g in b.groups)
        for b in breakdowns
    ]
    return (
        tuple(tax_lines),
        _ordered(totals, typical_known),
        _ordered(subtotals, typical_known),
    )


def _payments(
    context: Context, timed: Sequence[_Due], read: _Read | None = None
) -> tuple[Payment, ...]:
    """What is due in each month; only when the request fixes the months of the course.

    With ``read`` (the option's bills out of order), each month's amount at each point
    too (:attr:`~supecost.quotes.Payment.points`), which add up to each point's bill.

    None for prices before tax: the tax is rounded once per rate over the whole bill (DOMAIN
    §3), and a month's amount with its own share of it would be a rounding rule of its own,
    which no source gives; the quote's text says so where the months were given.

    Summed point by point: a saving that grows with prices is largest at the high
    point, so adding the bounds of ranges would mix the points.
    """
    if context.months is None or not context.catalog.clinic.prices_include_tax:
        return ()
    by_month: dict[int, list[int | None]] = {}
    for month, values in timed:
        sums = by_month.get(month)
        if sums is None:
            by_month[month] = list(values)
            continue
        for k, value in enumerate(values):
            known = sums[k]
            sums[k] = None if known is None or value is None else known + value
    months = sorted(by_month)
    low, typical, high = (_carried([by_month[month][k] for month in months]) for k in range(3))
    if price_points(context)[0].is_low:
        # The typical point is the low one: a month's amount has no typical value of its own.
        typical = [None for _ in months]
    result = []
    for k, month in enumerate(months):
        # A saving need not grow with prices, so the points are sorted into the range.
        at_points = [point for point in (low[k], typical[k], high[k]) if point is not None]
        top = None if high[k] is None else max(at_points)
        amount = _range(min(at_points), top, typical[k])
        each = None if read is None else _at_each((low[k], typical[k], high[k]), read)
        result.append(assemble(Payment, month=month, amount=amount, points=each))
    return tuple(result)


_Due = tuple[int, tuple[int, int | None, int | None]]
"""What one purchase makes due, and in which month: its amount at the low, typical and
high point (``None`` where unknown: no typical price, or an open-ended one)."""


def _points(amount: YenRange) -> tuple[int, int | None, int | None]:
    """An amount's value at the low, typical and high point.

    At the typical point a range without a standard amount stands at its low end, as the
    bill does; where no price states one, :func:`_payments` leaves the typical value out.
    """
    return amount.min, amount.typical_point, amount.max


def _saving_points(
    values: Sequence[int], typical_known: bool, open_high: bool = False
) -> tuple[int, int | None, int | None]:
    """A saving's value at the low, typical and high point, as an amount due (negative)."""
    return (
        -values[0],
        -values[1] if typical_known else None,
        None if open_high else -values[2],
    )


_Amount = TypeVar("_Amount", int, int | None)


def _carried(amounts: list[_Amount]) -> list[_Amount]:
    """Month by month, what is due once a deficit is carried into the following months.

    A whole-bill discount or a combo's saving taken once is booked in the first
    month; where it is more than that month charges, the rest comes off the
    next months in turn, so no month is below zero and the sum is the same
    (the bill's total is never below zero). An unknown amount (``None``, an open
    price) takes up what is carried into it.
    """
    result: list[_Amount] = []
    carry = 0
    for amount in amounts:
        if amount is None:
            result.append(amount)
            carry = 0
            continue
        amount += carry
        carry = min(amount, 0)
        result.append(amount - carry)
    return result


def _unused(solution: Solution, left: _Left) -> tuple[Unused, ...]:
    """Per package or set and treatment, the sessions bought that the course leaves unused.

    ``left`` holds the sets' (their plans' walks count them); the packages' come
    with the solution.
    """
    if not left and not solution.unused:
        return ()
    found: dict[tuple[str, str], int] = {}
    for offer, treatment, count in (*solution.unused, *left):
        found[(offer, treatment)] = found.get((offer, treatment), 0) + count
    return tuple(
        assemble(Unused, offer=offer, treatment=treatment, sessions=count)
        for (offer, treatment), count in found.items()
    )
