"""The explanation of a quote: who wins at each point, what the best saves, and break-evens.

Every figure here is read from priced options or from bills made by
:func:`supecost.engine.bill.itemise`; nothing is priced another way.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from itertools import accumulate
from typing import Final

from supecost.engine import bill, tables
from supecost.engine.context import INF, POINTS, Context, price_points, request_choices
from supecost.engine.optimise import ALL, knapsack, solve
from supecost.engine.options import PlanKey, World, ways, world_key
from supecost.money import Scenario
from supecost.quotes import BreakEven, Explanation, Option, PointValues, Way, WayKind, assemble
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
        saving_vs_singles=_saving(singles, best),
        runner_up=None if second is None else second.way,
        saving_vs_runner_up=None if second is None else _saving(second, best),
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
) -> tuple[dict[Scenario, Way | None], bool]:
    """The cheapest way at each point, and whether one way is known cheapest at all three.

    The one rule for "cheapest at a point": :func:`explain` and each count of a
    range (``Quote.across_sessions``) both take it from here; the arguments are
    :func:`explain`'s.
    """
    winners: dict[Scenario, Way | None] = {}
    keys: dict[Scenario, PlanKey] = {}
    floorless = any(
        request_choices(world, Scenario.MIN) != request_choices(world, Scenario.MAX)
        for world in (context, *(world for _, world in joining))
    )
    for scenario in POINTS:
        cheapest: tuple[int, PlanKey, Way] | None = None
        for joins, world in ((None, context), *joining):
            solution = solve(world, scenario, ALL)
            if solution.total >= INF or (cheapest is not None and solution.total >= cheapest[0]):
                continue
            mix = Way.mix() if joins is None else Way.mix().joining(joins)
            key = world_key(joins, solution)
            cheapest = (solution.total, key, labels.get(key, mix))
        if cheapest is None:
            winners[scenario] = None
            continue
        if scenario is Scenario.MAX and any(
            rival.total.max is None
            and (
                rival.total.min < cheapest[0]
                or (floorless and _high_floor(context, joining, rival.way) < cheapest[0])
            )
            for rival in (options if rivals is None else rivals)
        ):
            # An open high end is not dearer than everything, only unknown: this one,
            # already cheaper at its low end, may be cheaper at the high point too.
            winners[scenario] = None
            continue
        keys[scenario] = cheapest[1]
        winners[scenario] = cheapest[2]
    certain = len(set(keys.values())) == 1 and len(keys) == len(POINTS)
    return winners, certain


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


def _saving(other: Option, best: Option) -> PointValues:
    points = []
    for scenario in POINTS:
        a, b = other.total.at(scenario), best.total.at(scenario)
        points.append(None if a is None or b is None else a - b)
    low, typical, high = points
    assert low is not None  # every range has a low end
    return assemble(PointValues, min=low, typical=typical, max=high)


def break_evens(context: Context) -> tuple[BreakEven, ...]:
    """For each set and plan, the first session count at which it makes the cheaper bill.

    At count ``k`` the offer is bought on its own, with singles for what it
    does not cover (a plan: the months that cover ``k`` sessions, extras or
    singles beyond its allowance), against ``k`` singles. Each side is a whole
    bill of the main treatment alone at the typical point, with fees and tax
    once per rate and no discounts: a property of the catalog's prices, the
    same for every request of the treatment. Where a ladder prices the singles
    on the request's date, each single costs its place's step in a new course
    (the ``k``-th session at place ``k``, the history left out like the rest
    of the request), and singles beside a set or plan take the cheapest places,
    as the optimiser buys them.
    """
    limit = min(BREAK_EVEN_LIMIT, max(2 * context.sessions, 24))
    # Tax rates, not dates, so the memo stays as small as the rate history.
    key = (context.main.id, limit, context.new_patient, _rates(context.on))
    known = context.compiled.break_evens.get(key)
    if known is None:
        known = context.compiled.break_evens[key] = _break_evens(context, limit)
    return known


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
    if table.ladder is None:
        prices = [table.single] * limit
    else:
        # A ladder prices each single by its place: a new course, the k-th session at place k.
        prices = [table.ladder_price(place) for place in range(1, limit + 1)]
    singles = list(accumulate(prices, initial=0))
    result = []
    for row in table.bundles:
        if table.ladder is None:
            costs, _ = knapsack(table.single, [row], limit)
        else:
            costs = _ladder_costs(knapsack(INF, [row], limit)[0], prices, limit)
        result.append(_first_cheaper(alone, Way.bundle(row.offer.id), costs, singles, limit))
    for sub in table.subscriptions:
        # A session beyond the allowance costs the cheaper of the plan's extra price and the
        # single at its place; with a ladder, the allowance takes the dearest places.
        beyond = prices if sub.extra is None else [min(price, sub.extra) for price in prices]
        costs = [INF]
        for k in range(1, limit + 1):
            # paid[r]: the r cheapest sessions beyond the allowance, summed once per k.
            paid = [0, *accumulate(sorted(beyond[:k]))]
            costs.append(
                min(
                    sub.enrollment + months * sub.fee + paid[max(0, k - months * sub.per_month)]
                    for months in range(
                        sub.min_months, max(sub.min_months, -(-k // sub.per_month)) + 1
                    )
                )
            )
        result.append(_first_cheaper(alone, Way.subscription(sub.offer.id), costs, singles, limit))
    return tuple(result)


def _ladder_costs(sets: Sequence[int], prices: Sequence[int], limit: int) -> list[int]:
    """The cheapest cost of ``k`` sessions, for every ``k`` up to ``limit``, with a ladder.

    ``sets[n]`` covers ``n`` sessions with sets alone; a set costs the same at any place, so
    the ``r`` singles of a course of ``k`` take its ``r`` cheapest places of 1 to ``k``.
    """
    costs = [0]
    for k in range(1, limit + 1):
        paid = [0, *accumulate(sorted(prices[:k]))]
        costs.append(min(min(INF, paid[r] + sets[k - r]) for r in range(k + 1)))
    return costs


def _first_cheaper(
    alone: Context, way: Way, costs: Sequence[int], singles: Sequence[int], limit: int
) -> BreakEven:
    assert way.kind in (WayKind.BUNDLE, WayKind.SUBSCRIPTION)
    assert way.offer is not None
    tax = alone.main.tax
    for k in range(1, limit + 1):
        # The bill never falls as a line rises, so only a cheaper line can make a cheaper bill.
        if costs[k] < singles[k]:
            mine = bill.itemise(
                alone, Scenario.TYPICAL, [(costs[k], tax)], (), visits=k, itemised=False
            )
            theirs = bill.itemise(
                alone, Scenario.TYPICAL, [(singles[k], tax)], (), visits=k, itemised=False
            )
            if mine.total < theirs.total:
                return assemble(BreakEven, offer=way.offer, sessions=k, checked_up_to=limit)
    return assemble(BreakEven, offer=way.offer, sessions=None, checked_up_to=limit)
