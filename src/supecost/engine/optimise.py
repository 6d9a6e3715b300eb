"""The optimiser: the cheapest way to buy one treatment's sessions, exactly.

Each treatment of a visit is optimised on its own table of int prices: a
knapsack over sessions when the course has no months, and a dynamic programme
over sessions in time order (sets within their validity, monthly plans month
by month) when it has. Everything after line prices is monotone in each
treatment's cost (:mod:`supecost.engine.bill`), so the cheapest plan per
treatment, priced by the one bill, is the cheapest bill; :func:`solve` tries
each choice of discounts and keeps the cheapest bill.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from supecost.catalog import Bundle, Discount, Intro, Subscription, Treatment
from supecost.engine import bill, tables
from supecost.engine.context import (
    INF,
    Context,
    applicable_discounts,
    discount_choices,
    session_months,
)
from supecost.engine.tables import BundleRow, SubscriptionRow, Table
from supecost.money import Scenario
from supecost.quotes import LineKind


@dataclass(frozen=True, slots=True)
class Purchase:
    """One purchase: ``kind`` with its offer, how many units, sessions covered, and when."""

    kind: LineKind
    offer: Bundle | Subscription | Intro | None
    units: int
    covered: int
    month: int = 0
    extras: int = 0


@dataclass(frozen=True, slots=True)
class Plan:
    cost: int
    purchases: tuple[Purchase, ...]

    def key(self) -> tuple[tuple[str, str, int, int, int], ...]:
        """The plan's structure, ignoring timing, for telling plans apart."""
        totals: dict[tuple[str, str], list[int]] = {}
        for purchase in self.purchases:
            name = purchase.offer.id if purchase.offer is not None else ""
            slot = totals.setdefault((purchase.kind, name), [0, 0, 0])
            slot[0] += purchase.units
            slot[1] += purchase.covered
            slot[2] += purchase.extras
        return tuple(sorted((k[0], k[1], v[0], v[1], v[2]) for k, v in totals.items()))


NO_PLAN: Final = Plan(INF, ())


@dataclass(frozen=True, slots=True)
class Allowed:
    """Which offers a way of buying may use besides singles; ``None`` means all."""

    bundles: frozenset[str] | None = None
    subscriptions: frozenset[str] | None = None
    intro: bool = True
    """Whether the first-time price may be used."""
    require_intro: bool = False
    """Whether the plan must use the first-time price, so the intro way shows it."""
    first: str | None = None
    """An offer the plan must start with, so a way of buying shows the offer it is named after.

    With ``first`` given, that offer is the only set or plan allowed.
    """

    def bundle_rows(self, table: Table) -> list[BundleRow]:
        """The table's sets this way may buy, in catalog order."""
        if self.bundles is None:
            return list(table.bundles)
        rows = (table.by_offer.get(offer) for offer in self.bundles)
        return sorted((r for r in rows if isinstance(r, BundleRow)), key=lambda r: r.index)

    def subscription_rows(self, table: Table) -> list[SubscriptionRow]:
        """The table's monthly plans this way may buy, in catalog order."""
        if self.subscriptions is None:
            return list(table.subscriptions)
        rows = (table.by_offer.get(offer) for offer in self.subscriptions)
        return sorted((r for r in rows if isinstance(r, SubscriptionRow)), key=lambda r: r.index)


ALL: Final = Allowed()


def optimise(table: Table, sessions: int, months: int | None, allowed: Allowed) -> Plan:
    if months is None:
        return _optimise_unscheduled(table, sessions, allowed)
    return _optimise_scheduled(table, sessions, months, allowed)


_KNAPSACKS: dict[tuple[int, tuple[tuple[int, int], ...]], tuple[list[int], list[int]]] = {}
"""Knapsacks by unit price and sets, shared by every request: they are prefix-stable."""

_KNAPSACKS_KEPT: Final = 512
_KNAPSACKS_LOCK: Final = threading.Lock()


def knapsack(
    single: int, bundles: Sequence[BundleRow], sessions: int
) -> tuple[list[int], list[int]]:
    """Cheapest cost of covering at least k sessions with singles and sets, for every k.

    ``choice[k]`` is -1 for a single, else the position in ``bundles`` of the set bought.
    The lists hold at least ``sessions + 1`` entries: a knapsack computed for a
    longer course serves every shorter one, so one is kept per unit price and
    sets, extended when a longer course asks (at most :data:`_KNAPSACKS_KEPT`,
    the oldest forgotten first).
    """
    key = (single, tuple((row.sessions, row.price) for row in bundles))
    known = _KNAPSACKS.get(key)
    if known is not None and len(known[0]) > sessions:
        return known
    with _KNAPSACKS_LOCK:
        # Extended into new lists, so a thread reading the old ones is never disturbed.
        old = _KNAPSACKS.get(key, ([0], [-1]))
        done = len(old[0]) - 1
        if done >= sessions:
            return old
        cost = old[0] + [0] * (sessions - done)
        choice = old[1] + [-1] * (sessions - done)
        _fill(cost, choice, single, key[1], done + 1)
        if key not in _KNAPSACKS and len(_KNAPSACKS) >= _KNAPSACKS_KEPT:
            del _KNAPSACKS[next(iter(_KNAPSACKS))]
        _KNAPSACKS[key] = (cost, choice)
    return cost, choice


def _fill(
    cost: list[int], choice: list[int], single: int, sets: Sequence[tuple[int, int]], start: int
) -> None:
    rows = [(position, size, price) for position, (size, price) in enumerate(sets)]
    for k in range(start, len(cost)):
        best = cost[k - 1] + single
        pick = -1
        for position, size, price in rows:
            rest = k - size
            candidate = price + cost[rest] if rest > 0 else price
            if candidate < best:
                best, pick = candidate, position
        cost[k] = best if best < INF else INF
        choice[k] = pick


def _unpack_knapsack(
    choice: Sequence[int], bundles: Sequence[BundleRow], sessions: int, single_kind: LineKind
) -> list[Purchase]:
    purchases: list[Purchase] = []
    k = sessions
    while k > 0:
        pick = choice[k]
        if pick < 0:
            purchases.append(Purchase(single_kind, None, 1, 1))
            k -= 1
        else:
            row = bundles[pick]
            covered = min(k, row.sessions)
            purchases.append(Purchase(LineKind.BUNDLE, row.offer, 1, covered))
            k -= covered
    return purchases


def _optimise_unscheduled(table: Table, sessions: int, allowed: Allowed) -> Plan:
    bundles = allowed.bundle_rows(table)
    if allowed.first is not None:
        return _starting_with(table, sessions, bundles, allowed.first)
    cost, choice = knapsack(table.single, bundles, sessions)
    # Knapsacks are prefix-stable: one per unit price serves every shorter rest.
    knapsacks = {table.single: (cost, choice)}
    best = NO_PLAN
    intro_options: list[tuple[int, int]] = [] if allowed.require_intro else [(0, 0)]
    if table.intro is not None and allowed.intro:
        offer, price = table.intro
        intro_options += [(j, j * price) for j in range(1, min(offer.sessions, sessions) + 1)]
    plans = allowed.subscription_rows(table)
    for used, intro_cost in intro_options:
        rest = sessions - used
        if intro_cost + cost[rest] < best.cost:
            purchases = _intro_purchases(table, used)
            purchases += _unpack_knapsack(choice, bundles, rest, LineKind.SINGLE)
            best = Plan(intro_cost + cost[rest], tuple(purchases))
        for row in plans:
            candidate = _best_subscription_unscheduled(table, row, bundles, rest, knapsacks)
            if candidate.cost < INF and intro_cost + candidate.cost < best.cost:
                purchases = _intro_purchases(table, used) + list(candidate.purchases)
                best = Plan(intro_cost + candidate.cost, tuple(purchases))
    return best


def _starting_with(
    table: Table, sessions: int, bundles: Sequence[BundleRow], offer_id: str
) -> Plan:
    """The cheapest unscheduled plan that buys ``offer_id`` at least once (order is free)."""
    row = table.by_offer[offer_id]
    if isinstance(row, SubscriptionRow):
        return _best_subscription_unscheduled(table, row, bundles, sessions)
    # Only the typical point is optimised with a named offer, where no price is open.
    covered = min(sessions, row.sessions)
    cost, choice = knapsack(table.single, bundles, sessions - covered)
    rest = _unpack_knapsack(choice, bundles, sessions - covered, LineKind.SINGLE)
    purchase = Purchase(LineKind.BUNDLE, row.offer, 1, covered)
    return Plan(min(INF, row.price + cost[sessions - covered]), (purchase, *rest))


def _intro_purchases(table: Table, used: int) -> list[Purchase]:
    if used == 0 or table.intro is None:
        return []
    return [Purchase(LineKind.INTRO, table.intro[0], used, used)]


def _best_subscription_unscheduled(
    table: Table,
    row: SubscriptionRow,
    bundles: Sequence[BundleRow],
    sessions: int,
    knapsacks: dict[int, tuple[list[int], list[int]]] | None = None,
) -> Plan:
    """One period of a monthly plan, the rest by extras while subscribed or by other offers.

    ``knapsacks`` holds knapsacks already computed for at least ``sessions``,
    by unit price, and gains the one computed here.
    """
    if sessions == 0 or row.fee >= INF or row.enrollment >= INF:
        return NO_PLAN
    # While subscribed, a session beyond the allowance may be an extra or bought otherwise.
    cheaper_single = table.single if row.extra is None else min(table.single, row.extra)
    known = {} if knapsacks is None else knapsacks
    if cheaper_single not in known:
        known[cheaper_single] = knapsack(cheaper_single, bundles, sessions)
    cost, choice = known[cheaper_single]
    best_total, best_months = INF, 0
    longest = max(row.min_months, -(-sessions // row.per_month))
    for months in range(row.min_months, longest + 1):
        rest = max(0, sessions - months * row.per_month)
        total = row.enrollment + months * row.fee + cost[rest]
        if total < best_total:
            best_total, best_months = total, months
    covered = min(sessions, best_months * row.per_month)
    rest_purchases = _unpack_knapsack(choice, bundles, sessions - covered, LineKind.SINGLE)
    extras = 0
    if row.extra is not None and row.extra < table.single:
        extras = sum(1 for p in rest_purchases if p.kind is LineKind.SINGLE)
        rest_purchases = [p for p in rest_purchases if p.kind is not LineKind.SINGLE]
    subscription = Purchase(
        LineKind.SUBSCRIPTION, row.offer, best_months, covered + extras, 0, extras
    )
    return Plan(best_total, (subscription, *rest_purchases))


class _PlanEnds:
    """The cheapest month to end a monthly plan, for plans that allow extra sessions.

    A plan started in month ``here`` and ended before month ``stop`` costs
    ``enrollment - here x fee + g(stop)`` plus the first month's overflow, with
    ``g(stop) = stop x fee + overflow(stop) x extra + cost[first session from stop]``.
    ``g`` depends on ``stop`` alone, so one suffix minimum, learnt as the
    programme walks back through the months, replaces a loop over every length:
    O(sessions + months) instead of O(sessions x months).
    """

    __slots__ = ("_best", "_cost", "_extra", "_fee", "_first_at", "_known", "_months", "_prefix")

    def __init__(
        self,
        plan: SubscriptionRow,
        extra: int,
        prefix: list[int],
        first_at: list[int],
        cost: list[int],
        months: int,
    ) -> None:
        self._fee, self._extra, self._prefix = plan.fee, extra, prefix
        self._first_at, self._cost, self._months = first_at, cost, months
        self._known = months + 1
        self._best: list[tuple[int, int]] = [(INF, 0)] * (months + 2)

    def _g(self, stop: int) -> int:
        return (
            stop * self._fee + self._prefix[stop] * self._extra + self._cost[self._first_at[stop]]
        )

    def learn(self, lowest: int) -> None:
        """Take in every end month from ``lowest`` on; their costs are final by now."""
        while self._known > lowest:
            self._known -= 1
            stop = self._known
            value = self._g(stop)
            later = self._best[stop + 1]
            # On a tie the earlier end wins: the shorter plan, as a loop over lengths finds.
            self._best[stop] = (value, stop) if value <= later[0] else later
        return

    def best_from(self, lowest: int) -> tuple[int, int] | None:
        """The cheapest end month from ``lowest`` on, and ``g`` there."""
        if lowest > self._months:
            # The minimum term runs past the course: the plan ends after its last session.
            return lowest, self._g(lowest)
        value, stop = self._best[lowest]
        return None if value >= INF else (stop, value)


def _plan_without_extras(
    plan: SubscriptionRow,
    here: int,
    months: int,
    first_month_over: int,
    prefix: list[int],
    first_at: list[int],
    cost: list[int],
) -> tuple[int, int] | None:
    """The cheapest end month of a plan without extras: it must take every session it spans."""
    best: tuple[int, int] | None = None
    for stop in range(here + plan.min_months, max(here + plan.min_months, months) + 1):
        if first_month_over + prefix[stop]:
            break  # overflow only grows with the length
        value = stop * plan.fee + cost[first_at[stop]]
        if best is None or value < best[1]:
            best = (stop, value)
    return best


_SINGLE, _BUNDLE, _MONTHLY = 0, 1, 2


def _optimise_scheduled(table: Table, sessions: int, months: int, allowed: Allowed) -> Plan:
    """Sessions in time order: each purchase covers the next run of sessions it can."""
    month_of = session_months(sessions, months)
    bundles = allowed.bundle_rows(table)
    subscriptions = [
        row for row in allowed.subscription_rows(table) if row.fee < INF and row.enrollment < INF
    ]
    # Past the course's last month there are no sessions; a plan's minimum term is the
    # furthest any move looks, and a set's validity window is cut at the horizon.
    horizon = months + 1 + max((sub.min_months for sub in subscriptions), default=0)
    first_at = [sessions] * (horizon + 1)  # the first session in month m or later
    i = 0
    for m in range(months):
        while i < sessions and month_of[i] < m:
            i += 1
        first_at[m] = i
    per_month = [0] * horizon
    for m in month_of:
        per_month[m] += 1
    overflow_prefix: dict[int, list[int]] = {}
    for plan in subscriptions:
        prefix = [0]
        for count in per_month:
            prefix.append(prefix[-1] + max(0, count - plan.per_month))
        overflow_prefix[plan.per_month] = prefix

    # Moves are kept as plain ints (kind, row, end, units, extras); purchases are built
    # only for the plan walked at the end, since most candidates are discarded.
    cost = [INF] * (sessions + 1)
    suffixes = [
        _PlanEnds(
            sub,
            min(sub.extra or 0, table.single),
            overflow_prefix[sub.per_month],
            first_at,
            cost,
            months,
        )
        for sub in subscriptions
    ]
    step: list[tuple[int, int, int, int, int]] = [(0, 0, 0, 0, 0)] * (sessions + 1)
    cost[sessions] = 0
    forced_first = allowed.first is not None
    for i in range(sessions - 1, -1, -1):
        here = month_of[i]
        best = INF if i == 0 and forced_first else cost[i + 1] + table.single
        move = (_SINGLE, 0, i + 1, 1, 0)
        for position, row in enumerate(bundles):
            end = i + row.sessions
            if row.valid_months is not None:
                end = min(end, first_at[min(here + row.valid_months, horizon)])
            end = min(end, sessions)
            candidate = row.price + cost[end]
            if candidate < best:
                best = candidate
                move = (_BUNDLE, position, end, 1, 0)
        for position, sub in enumerate(subscriptions):
            prefix = overflow_prefix[sub.per_month]
            # Sessions of this month before ``i`` are already bought another way.
            first_month_over = max(0, first_at[here + 1] - i - sub.per_month) - prefix[here + 1]
            if sub.extra is None:
                choice = _plan_without_extras(
                    sub, here, months, first_month_over, prefix, first_at, cost
                )
            else:
                suffix = suffixes[position]
                suffix.learn(here + 1)
                choice = suffix.best_from(here + sub.min_months)
            if choice is None:
                continue
            stop, value = choice
            candidate = sub.enrollment + value - here * sub.fee
            if sub.extra is not None:
                candidate += first_month_over * min(sub.extra, table.single)
            if candidate < best:
                best = candidate
                end = first_at[stop]
                move = (_MONTHLY, position, end, stop - here, first_month_over + prefix[stop])
        cost[i] = min(best, INF)
        step[i] = move

    def walk(start: int) -> list[Purchase]:
        purchases: list[Purchase] = []
        i = start
        while i < sessions:
            kind, position, end, units, extras = step[i]
            here = month_of[i]
            if kind == _SINGLE:
                purchases.append(Purchase(LineKind.SINGLE, None, 1, 1, here))
            elif kind == _BUNDLE:
                offer = bundles[position].offer
                purchases.append(Purchase(LineKind.BUNDLE, offer, 1, end - i, here))
            else:
                monthly = subscriptions[position]
                if monthly.extra is not None and table.single < monthly.extra:
                    purchases.append(
                        Purchase(
                            LineKind.SUBSCRIPTION, monthly.offer, units, end - i - extras, here
                        )
                    )
                    purchases += [Purchase(LineKind.SINGLE, None, 1, 1, here)] * extras
                else:
                    purchases.append(
                        Purchase(LineKind.SUBSCRIPTION, monthly.offer, units, end - i, here, extras)
                    )
            i = end
        return purchases

    best_plan = (
        Plan(cost[0], tuple(walk(0))) if cost[0] < INF and not allowed.require_intro else NO_PLAN
    )
    if table.intro is not None and allowed.intro:
        offer, price = table.intro
        for used in range(1, min(offer.sessions, sessions) + 1):
            total = used * price + cost[used]
            if total < best_plan.cost:
                intro = Purchase(LineKind.INTRO, offer, used, used, 0)
                best_plan = Plan(total, (intro, *walk(used)))
    return best_plan


@dataclass(slots=True)
class Solution:
    """The best plans for every treatment of the visit at one point, with the discounts used."""

    total: int
    plans: tuple[Plan, ...]
    discounts: tuple[Discount, ...]


def solve(context: Context, scenario: Scenario, allowed: Allowed) -> Solution:
    """The cheapest bill for the request at one point, the main treatment bought as allowed."""
    scenario = context.point_of(scenario)
    key = (scenario, allowed)
    known = context.solutions.get(key)
    if known is None:
        known = context.solutions[key] = _solve(context, scenario, allowed)
    return known


def _solve(context: Context, scenario: Scenario, allowed: Allowed) -> Solution:
    best = Solution(INF, (), ())
    for discounts in discount_choices(applicable_discounts(context)):
        plans = tuple(
            plan_for(
                context,
                treatment,
                scenario,
                discounts,
                allowed if treatment is context.main else ALL,
            )
            for treatment in context.treatments
        )
        if any(plan.cost >= INF for plan in plans):
            continue
        lines = [(plan.cost, t.tax) for plan, t in zip(plans, context.treatments, strict=True)]
        total = bill.itemise(context, scenario, lines, discounts, itemised=False).total
        if total < best.total:
            best = Solution(total, plans, discounts)
    return best


def plan_for(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    allowed: Allowed,
) -> Plan:
    """One treatment's best plan, computed once per quote: add-ons recur in every way of buying.

    Keyed by the discounts that change the treatment's prices, so a choice
    between whole-bill discounts never optimises again.
    """
    mine = tables.relevant(context, treatment.id, discounts)
    scenario = context.point_of(scenario)
    key = (treatment.id, scenario, tuple(d.id for d in mine), allowed)
    plan = context.plans.get(key)
    if plan is None:
        compiled = tables.table(context, treatment, scenario, mine)
        plan = optimise(compiled, context.sessions, context.months, allowed)
        extra = context.extra_units(treatment)
        if extra and plan.cost < INF:
            # Sets, plans and first-time prices buy sessions: a visit's further units are
            # bought one by one whatever the way, so they add the same to every plan.
            cost = plan.cost + extra * context.sessions * compiled.extra_unit
            purchase = Purchase(LineKind.EXTRA_UNIT, None, extra, 0)
            plan = Plan(min(cost, INF), (*plan.purchases, purchase))
        context.plans[key] = plan
    return plan
