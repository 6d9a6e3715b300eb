"""The explanation of a quote: who wins at each point, what the best saves, and break-evens.

Every figure here is read from priced options or from bills made by
:func:`supecost.engine.bill.itemise`; nothing is priced another way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache
from itertools import accumulate
from typing import Final

from supecost.catalog import FrozenMapping, plan_held
from supecost.engine import bill, tables
from supecost.engine.context import (
    INF,
    POINTS,
    Context,
    dated,
    price_points,
    request_choices,
    with_offers,
)
from supecost.engine.optimise import (
    ALL,
    Allowed,
    Tickets,
    dated_step_prices,
    knapsack,
    optimise,
    solve,
    ticket_run,
)
from supecost.engine.options import (
    PlanKey,
    World,
    high_world,
    shares_open_fees,
    ways,
    world_key,
)
from supecost.money import Scenario
from supecost.quotes import BreakEven, Explanation, Option, Way, WayKind, assemble
from supecost.tax import TaxCategory, tax_rate

BREAK_EVEN_LIMIT: Final = 120
"""The most sessions a break-even search looks at."""


def explain(
    context: Context,
    options: Sequence[Option],
    singles: Option,
    labels: dict[PlanKey, Way],
    *,
    runner_up: bool = True,
    joining: Sequence[World] = (),
    rivals: Sequence[Option] | None = None,
) -> Explanation:
    """Why the best option wins.

    Args:
        context: The request.
        options: The priced options, cheapest first.
        singles: The option of paying per session, priced like the others.
        labels: The way first found for each plan, to name each point's winner
            (keyed by :func:`~supecost.engine.options.world_key`).
        runner_up: Whether to name the runner-up (``options[1]``) and the saving against it.
        joining: The segments the patient could join, each with the request at its
            prices and joining fee (:func:`~supecost.engine.options.options`'):
            a point's winner is the cheapest of every world, not joining on a tie.
            Break-evens stay those of the catalog's regular prices.
        rivals: Every way priced, where ``options`` lists only some (``ways="best"``);
            ``options`` when ``None``. A way whose high end is open is priced as
            dearer than any at the high point, where its real price is unknown: the
            winner there is known only if every such way's low total is not below
            the winner's high total.
    """
    winners, certain = point_winners(context, options, labels, joining=joining, rivals=rivals)
    typical, _ = price_points(context)
    best = options[0]
    second = options[1] if runner_up and len(options) > 1 else None
    return assemble(
        Explanation,
        winners=winners,
        certain=certain,
        saving_vs_singles=singles.difference(best),
        runner_up=None if second is None else second.way,
        saving_vs_runner_up=None if second is None else second.difference(best),
        break_even=break_evens(context),
        typical_point=typical,
    )


def point_winners(
    context: Context,
    options: Sequence[Option],
    labels: dict[PlanKey, Way],
    *,
    joining: Sequence[World] = (),
    rivals: Sequence[Option] | None = None,
) -> tuple[FrozenMapping[Scenario, Way | None], bool]:
    """The cheapest way at each point, and whether one way is known cheapest at all three.

    The one rule for "cheapest at a point": :func:`explain` and each count of a
    range (``Quote.across_sessions``) both take it from here; the arguments are
    :func:`explain`'s. Where the request's only open prices are fees every way pays
    alike in every world (:func:`~supecost.engine.options.shares_open_fees`: 出張費
    16,500円〜 at every visit), the high point compares the bills without them: the
    winner there is the same whatever they cost.
    """
    apart = shares_open_fees(context, joining)
    offered = context.compiled.offered
    winners: dict[Scenario, Way | None] = {}
    keys: dict[Scenario, PlanKey | tuple[str, ...]] = {}
    totals: dict[Scenario, int] = {}
    floorless = any(
        request_choices(world, Scenario.MIN) != request_choices(world, Scenario.MAX)
        for world in (context, *(world for _, world in joining))
    )
    for scenario in POINTS:
        cheapest: tuple[int, PlanKey, Way] | None = None
        for joins, world in ((None, context), *joining):
            solution = solve(high_world(world, scenario) if apart else world, scenario, ALL)
            if solution.total >= INF or (cheapest is not None and solution.total >= cheapest[0]):
                continue
            mix = Way.mix() if joins is None else Way.mix().joining(joins)
            key = world_key(joins, solution)
            cheapest = (solution.total, key, labels.get(key, mix))
        if cheapest is None:
            winners[scenario] = None
            continue
        if (
            scenario is Scenario.MAX
            and not apart
            and any(
                rival.total.max is None
                and (
                    rival.total.min < cheapest[0]
                    or (floorless and _high_floor(context, joining, rival.way) < cheapest[0])
                )
                for rival in (options if rivals is None else rivals)
            )
        ):
            # An open high end is not dearer than everything, only unknown: this one,
            # already cheaper at its low end, may be cheaper at the high point too.
            winners[scenario] = None
            continue
        keys[scenario] = cheapest[1]
        winners[scenario] = cheapest[2]
        totals[scenario] = cheapest[0]
        # The mix above is chosen by prices alone; a way's own bill also reads what it buys
        # (a fee waived with a set, a set's gift): a priced way billed below it is cheaper.
        # Only a catalog with either can have one (Compiled.offered).
        for rival in (options if rivals is None else rivals) if offered else ():
            found = _bill_at(rival, scenario, apart=apart)
            if found is not None and found < totals[scenario]:
                keys[scenario], winners[scenario] = ("way", str(rival.way)), rival.way
                totals[scenario] = found
    if options:
        # A tie names the quote's best: where it costs exactly the cheapest bill at a point,
        # it is cheapest there too, and naming another way would say the cheapest way
        # changes across the prices when it does not.
        best = options[0]
        for scenario, total in totals.items():
            if _bill_at(best, scenario, apart=apart) == total:
                keys[scenario], winners[scenario] = _BEST, best.way
    certain = len(set(keys.values())) == 1 and len(keys) == len(POINTS)
    # Frozen here, as validation would freeze it: the records are assembled unvalidated.
    return FrozenMapping(winners), certain


_BEST: Final = ("best",)
"""The key of every point at which the quote's best ties for the cheapest bill."""


def _high_floor(context: Context, joining: Sequence[World], way: Way) -> int:
    """The least a way's bill can be at the high point where one of its prices is open-ended.

    Its bill never falls as a price rises for the same discounts, but a ``min_amount``
    met at the high point only (an open price makes the course's value open) takes
    something off there that its low bill does not: the floor is its cheapest bill
    with every price at its low end and the discounts the high point meets.
    """
    world = context if way.joins is None else dict(joining)[way.joins]
    bare = Way(way.kind, way.offer)
    allowed = next((each for found, each in ways(world) if found == bare), ALL)
    floor = dataclasses.replace(
        world,
        plans={},
        solutions={},
        combos={},
        chosen={},
        choices={Scenario.MIN: request_choices(world, Scenario.MAX)},
        touchings={},
    )
    return solve(floor, Scenario.MIN, allowed).total


def _bill_at(option: Option, scenario: Scenario, *, apart: bool) -> int | None:
    """An option's bill at a point as ways are compared there (ranked): at the high point
    without the open fees every way pays alike, where ``apart`` (:func:`point_winners`)."""
    if apart and scenario is Scenario.MAX and option.high_apart is not None:
        return option.high_apart
    return option.bill_at(scenario, ranked=True)


def break_evens(context: Context) -> tuple[BreakEven, ...]:
    """For each set and plan, the first session count at which it makes the cheaper bill.

    A unit ticket (本数券) counts visits of the request's units (:func:`_ticket_break_even`).

    The one definition of a break-even, which the quote and the comparison report
    both show. At count ``k`` the request's main treatment is bought ``k`` times
    over the request's months (spread as the course's visits are, so a monthly
    plan runs the months its visits fall in), by the offer on its own with
    singles for what it does not cover (a plan: extras or singles beyond its
    allowance), against ``k`` singles. Each side is a whole bill at the typical
    point, with the request's fees and tax once per rate. What varies with the
    rest of a request is left out, the same for every count: add-ons, goods,
    discounts, combos, first-time prices and the patient's history (reports say
    so beside the count, ``break_even_assumes``). Where a ladder prices the
    singles on the request's date, each single costs its place's step in a new
    course (the ``k``-th session at place ``k``), and singles beside a set or
    plan take the cheapest places (in time order where the months are given),
    as the optimiser buys them.
    """
    limit = min(BREAK_EVEN_LIMIT, max(2 * context.sessions, 24))
    # Tax rates, not dates, so the memo stays as small as the rate history. A search to a
    # larger limit answers every smaller one (BreakEven.within): kept once per shape.
    units = context.extra_units(context.main)
    # A ladder's gaps over months fall on the request's dates (28 days from 1 February).
    on = context.on if context.months is not None and context.compiled.gapped else None
    key = (context.main.id, context.new_patient, context.months, units, _rates(context.on), on)
    cuts = context.compiled.break_evens_within
    cut = cuts.get((key, limit))
    if cut is not None:
        return cut  # a longer search since answers the same (BreakEven.within)
    known = context.compiled.break_evens.get(key)
    if known is None or (known and known[0].checked_up_to < limit):
        # Counts asked in turn (a comparison's) need longer searches: each one twice as long
        # as the last, so a range of counts searches a few times, not once per count.
        reach = (
            limit
            if known is None
            else min(BREAK_EVEN_LIMIT, max(limit, 2 * known[0].checked_up_to))
        )
        known = context.compiled.break_evens[key] = _break_evens(context, reach)
    cut = tuple([each.within(limit) for each in known])
    if len(cuts) < _CUTS_KEPT:
        cuts[(key, limit)] = cut
    return cut


_CUTS_KEPT: Final = 4096
"""The most break-even cuts kept per catalog: a few limits for each shape of request asked."""


@lru_cache(maxsize=256)
def _rates(on: date) -> tuple[int, ...]:
    """The rate of each tax category on a date (a quote's date recurs in every quote)."""
    return tuple(tax_rate(category, on) for category in TaxCategory)


def _break_evens(context: Context, limit: int) -> tuple[BreakEven, ...]:
    alone = dataclasses.replace(
        context,
        addons=(),
        plans={},
        solutions={},
        combos={},
        chosen={},
        choices={},
        touchings={},
        counts=(),
        history=(),
        goods=(),
    )
    table = tables.table(alone, alone.main, Scenario.TYPICAL, ())
    dated_by_months = alone.months is None and alone.compiled.yearly
    if table.ladder is None:
        prices = [table.single] * limit
    else:
        # A ladder prices each single by its place: a new course, the k-th session at place k.
        prices = [table.ladder_price(place) for place in range(1, limit + 1)]
    singles = list(accumulate(prices, initial=0))
    months = context.months
    # With months a step held within days prices each single by the gap the course's dates
    # give it, as the quote's own course does (a set's side and the singles' alike); the
    # months-free costs then bound them from below at each place's cheapest step.
    dated_courses: list[list[int]] | None = None

    def course(k: int) -> Sequence[int]:
        return prices[:k] if dated_courses is None else dated_courses[k]

    course_singles = singles
    floor = prices
    if months is not None and table.ladder is not None and table.ladder[0].gapped:
        on = alone.on
        dated_courses = [dated_step_prices(table, on, months, k) for k in range(limit + 1)]
        course_singles = [sum(each) for each in dated_courses]
        steps = table.ladder[1]
        floor = [min(p for start, p in steps if start <= place) for place in range(1, limit + 1)]
    result = []
    for row in table.bundles:
        if row.held or row.offer.upgrading is not None:
            continue  # a set held, or an upgrade from one: the patient's, not the catalog's
        # A set a fee is waived with may pay off while dearer than the singles by its price:
        # its side buys one at every count, and every count's bills are compared.
        waives = any(fee.waived_by((row.offer.id,)) for fee in alone.catalog.fees)
        if waives:
            free = _ladder_costs(knapsack(INF, [row], limit)[0], floor, limit, at_least=1)
        elif table.ladder is None:
            free, _ = knapsack(table.single, [row], limit)
        else:
            free = _ladder_costs(knapsack(INF, [row], limit)[0], floor, limit)
        costs: Sequence[int] | _LazyCosts = free
        # A set with no validity and no sales window covers any of the sessions, whenever
        # they fall: over fixed months it costs what it costs with the months free, where
        # singles all cost the same. One on sale in some months only is bought in them, so a
        # count whose sessions all fall outside them cannot use it (docs/catalog.md, "Sales
        # windows in a course with months").
        if months is not None and (row.timed or table.ladder is not None):
            only = frozenset({row.offer.id})
            # Waived, a count dearer than the singles by its lines is still worked out.
            bound = [INF] * (limit + 1) if waives else course_singles
            costs = _scheduled_costs(table, months, course, free, bound, bundles=only)
        way = Way.bundle(row.offer.id)
        result.append(_first_cheaper(alone, way, costs, course_singles, limit, waives=waives))
    for row in table.unit_tickets:
        result.append(_ticket_break_even(alone, table, row, prices, singles, limit))
    for sub in table.subscriptions:
        free, lengths = _plan_costs(sub, floor, limit, lengths=dated_by_months)
        costs = free
        if months is not None:
            only = frozenset({sub.offer.id})
            costs = _scheduled_costs(
                table, months, course, free, course_singles, subscriptions=only
            )
        way = Way.subscription(sub.offer.id)
        result.append(_first_cheaper(alone, way, costs, course_singles, limit, lengths))
    return tuple(result)


def _ticket_break_even(
    alone: Context,
    table: tables.Table,
    row: tables.BundleRow,
    prices: Sequence[int],
    singles: Sequence[int],
    limit: int,
) -> BreakEven:
    """A unit ticket's (本数券) break-even: the first count of visits, each of the request's
    units, at which the ticket makes the cheaper bill.

    Its units pay a visit's first unit and its further units alike, so both sides add every
    further unit at its price (``k x (units - 1) x extra``), and the ticket's side buys at
    least one ticket: with the months free, one run of the first ``L`` visits
    (:func:`~supecost.engine.optimise.ticket_run`) and singles at the other visits' cheapest
    places; over the request's months, where the ticket's validity can matter, the
    optimiser's scheduled programme buys its runs (:class:`Tickets`), as a quote's way
    named after the ticket does (beside a ladder, whose scheduled programme buys no runs,
    the months-free count stands).
    """
    units = alone.extra_units(alone.main) + 1
    e = table.extra_unit
    free = [INF]
    for k in range(1, limit + 1):
        rest = [0, *accumulate(sorted(prices[:k]))]
        free.append(
            min(
                ticket_run(row.price, row.sessions, run, units, e)[0] + rest[k - run]
                for run in range(1, k + 1)
            )
        )
    further = [k * (units - 1) * e for k in range(limit + 1)]
    # Capped as the costs are: an open-ended unit price is never a bill to compare.
    paid = [min(INF, single + more) for single, more in zip(singles, further, strict=True)]
    whole = [min(INF, cost + more) for cost, more in zip(free, further, strict=True)]
    costs: Sequence[int] | _LazyCosts = whole
    months = alone.months
    if months is not None and row.timed and table.ladder is None:
        allowed = Allowed(_NO_OFFERS, _NO_OFFERS, intro=False, packages=_NO_OFFERS)
        runs = Tickets((row,), units, required=True)
        costs = _LazyCosts(
            whole,
            paid,
            lambda k: min(
                INF,
                optimise(table, k, months, allowed, record=False, tickets=runs).cost + further[k],
            ),
        )
    return _first_cheaper(alone, Way.bundle(row.offer.id), costs, paid, limit)


def _plan_costs(
    sub: tables.SubscriptionRow, prices: Sequence[int], limit: int, *, lengths: bool = False
) -> tuple[list[int], list[tuple[tuple[int, int], ...]] | None]:
    """The cheapest cost of ``k`` sessions with a monthly plan, months free, up to ``limit``.

    A session beyond the allowance costs the cheaper of the plan's extra price and the
    single at its place; with a ladder, the allowance takes the dearest places. With
    ``lengths`` (no months asked and a yearly fee that reads the plan's months), also each
    length the plan can be paid for at each count, with its cost: each is billed over its
    own months.
    """
    beyond = prices if sub.extra is None else [min(price, sub.extra) for price in prices]
    costs = [INF]
    found: list[tuple[tuple[int, int], ...]] | None = [()] if lengths else None
    for k in range(1, limit + 1):
        # paid[r]: the r cheapest sessions beyond the allowance, summed once per k.
        paid = [0, *accumulate(sorted(beyond[:k]))]
        # Held for each length, by the plan's own terms: fewer months than its minimum term
        # pay the rest of it, or leave at its early-termination fee where it has one.
        held = (
            plan_held(sub.fee, months, sub.min_months, sub.enrollment, sub.early)
            for months in range(
                sub.min_months if sub.early is None else 1,
                max(sub.min_months, -(-k // sub.per_month)) + 1,
            )
        )
        each = tuple((term, cost + paid[max(0, k - term * sub.per_month)]) for cost, term in held)
        costs.append(min(cost for _, cost in each))
        if found is not None:
            found.append(each)
    return costs, found


_NO_OFFERS: Final[frozenset[str]] = frozenset()


def _scheduled_costs(
    table: tables.Table,
    months: int,
    course: Callable[[int], Sequence[int]],
    free: Sequence[int],
    singles: Sequence[int],
    *,
    bundles: frozenset[str] = _NO_OFFERS,
    subscriptions: frozenset[str] = _NO_OFFERS,
) -> _LazyCosts:
    """The cost of ``k`` sessions over ``months`` with one offer, for every ``k`` searched.

    The optimiser's own scheduled programme (its visits spread over the months as a
    course's are), run for a count only when the search reaches it (it stops at the first
    count that pays off) and only where ``free``, the cost with the months free, is below
    the singles': fixing the months never makes a course cheaper, so elsewhere ``free``
    already says the offer does not pay off. ``course(k)``: each single's price in a
    course of ``k`` sessions, in time order.
    """
    # Started with the offer, as the quote's way named after it is (options.ways).
    (first,) = bundles or subscriptions
    allowed = Allowed(bundles, subscriptions, intro=False, first=first, packages=_NO_OFFERS)
    if table.ladder is None:
        return _LazyCosts(
            free, singles, lambda k: optimise(table, k, months, allowed, record=False).cost
        )
    others = dataclasses.replace(table, single=INF)
    return _LazyCosts(
        free,
        singles,
        lambda k: (
            optimise(
                others,
                k,
                months,
                allowed,
                record=False,
                visits=k,
                singles=course(k),
                first_place=1,
            ).cost
        ),
    )


class _LazyCosts:
    """``costs[k]``: the scheduled cost, run when read, or where the cost with the months
    free (a lower bound) is already not below the singles', that bound: it decides alike."""

    __slots__ = ("_cost", "_free", "_singles")

    def __init__(
        self, free: Sequence[int], singles: Sequence[int], cost: Callable[[int], int]
    ) -> None:
        self._free = free
        self._singles = singles
        self._cost = cost

    def __getitem__(self, k: int) -> int:
        return self._free[k] if self._free[k] >= self._singles[k] else self._cost(k)


def _ladder_costs(
    sets: Sequence[int], prices: Sequence[int], limit: int, *, at_least: int = 0
) -> list[int]:
    """The cheapest cost of ``k`` sessions, for every ``k`` up to ``limit``, with a ladder.

    ``sets[n]`` covers ``n`` sessions with sets alone; a set costs the same at any place, so
    the ``r`` singles of a course of ``k`` take its ``r`` cheapest places of 1 to ``k``.
    ``at_least``: the fewest sessions the sets cover (1: at least one set is bought).
    """
    costs = [0]
    for k in range(1, limit + 1):
        paid = [0, *accumulate(sorted(prices[:k]))]
        costs.append(min(min(INF, paid[r] + sets[k - r]) for r in range(k + 1 - at_least)))
    return costs


def _first_cheaper(
    alone: Context,
    way: Way,
    costs: Sequence[int] | _LazyCosts,
    singles: Sequence[int],
    limit: int,
    lengths: Sequence[tuple[tuple[int, int], ...]] | None = None,
    *,
    waives: bool = False,
) -> BreakEven:
    """The first count at which ``way`` is billed less than single sessions.

    ``lengths``, for a monthly plan whose months a yearly fee reads (no months asked), holds
    per count each length the plan can be paid for with its cost: each is billed over its
    months (:func:`~supecost.engine.context.dated`), the cheapest bill the plan's.
    ``waives``: the way's set waives a fee (``Fee.waived_with``), so its bill, buying it
    at every count (``costs``), does not charge the fee.
    """
    assert way.kind in (WayKind.BUNDLE, WayKind.SUBSCRIPTION)
    assert way.offer is not None
    tax = alone.main.tax
    bought = ((way.offer, 1),)
    for k in range(1, limit + 1):
        cost = costs[k]  # read once: a scheduled count is a programme run
        # The bill never falls as a line rises, so only a cheaper line can make a cheaper bill;
        # unless buying the set waives a fee the singles' bill pays.
        if cost < singles[k] or (waives and cost < INF):
            runs = ((None, cost),) if lengths is None else lengths[k]
            mine = min(
                bill.itemise(
                    with_offers(dated(alone, term), bought) if waives else dated(alone, term),
                    Scenario.TYPICAL,
                    [(paid, tax)],
                    (),
                    visits=k,
                    itemised=False,
                ).total
                for term, paid in runs
                if paid < singles[k] or waives
            )
            theirs = bill.itemise(
                alone, Scenario.TYPICAL, [(singles[k], tax)], (), visits=k, itemised=False
            )
            if mine < theirs.total:
                return assemble(BreakEven, offer=way.offer, sessions=k, checked_up_to=limit)
    return assemble(BreakEven, offer=way.offer, sessions=None, checked_up_to=limit)
