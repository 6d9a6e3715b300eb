"""The quote engine: the provably cheapest way to buy a course, and every alternative.

The engine compiles a catalog into plain integer tables once per price point
(low, typical, high), then runs an exact dynamic programme over sessions for
each treatment of the visit. Everything after the line prices is monotone in
each treatment's cost (combos are per visit, discounts per unit or per tax
rate, fees fixed, tax once per rate), so minimising each treatment's cost
minimises the bill.

>>> from supecost.catalog import reference_catalog
>>> from supecost.quotes import QuoteRequest
>>> result = quote(reference_catalog(), QuoteRequest(sessions=5, on=date(2026, 4, 1)))
>>> result.best.label, result.best.total
('singles', YenRange(min=53300, max=453300))

The order of pricing, documented once: line prices (with per-unit discounts),
then combos, then whole-bill discounts, then fees, then tax once per rate.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import Final, TypeAlias

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Discount,
    Intro,
    Subscription,
    Treatment,
)
from supecost.errors import RequestError
from supecost.money import Rounding, Scenario, YenRange, round_fraction, scale, sum_ranges
from supecost.quotes import (
    BreakEven,
    Explanation,
    Line,
    LineKind,
    Option,
    Payment,
    PointValues,
    Quote,
    QuoteRequest,
    SessionPoint,
    TaxLine,
    Unserved,
)
from supecost.tax import TaxBreakdown, TaxCategory, invoice_tax, tax_rate

__all__ = [
    "best_total",
    "quote",
    "quote_many",
]

INF: Final = 1 << 62
"""A cost too large to be real: a price that is open-ended at this point, or no plan at all."""

_POINTS: Final = (Scenario.MIN, Scenario.TYPICAL, Scenario.MAX)
_PER_SESSION_ROUNDING: Final = Rounding.HALF_UP
_BREAK_EVEN_LIMIT: Final = 120


def _point(price: YenRange, scenario: Scenario) -> int:
    """A price at one point; the typical point falls back to ``min`` where none is known."""
    if scenario is Scenario.MIN:
        return price.min
    if scenario is Scenario.MAX:
        return INF if price.max is None else price.max
    typical = price.known_typical
    return price.min if typical is None else typical


# ---------------------------------------------------------------------------
# Per-unit discounts: the one place a targeted discount changes a unit price.


def _discounted(price: int, discounts: Sequence[Discount]) -> int:
    """A unit price after targeted discounts, each taken from the undiscounted price."""
    if price >= INF or not discounts:
        return price
    off = 0
    for discount in discounts:
        rate = discount.rate
        off += scale(price, rate, discount.rounding) if rate is not None else discount.amount or 0
    return max(0, price - off)


def _discounted_range(price: YenRange, discounts: Sequence[Discount]) -> YenRange:
    return price if not discounts else price.map_monotone(lambda p: _discounted(p, discounts))


def _targets(
    discounts: Sequence[Discount], treatment: str, offer: str | None
) -> tuple[Discount, ...]:
    return tuple(
        d
        for d in discounts
        if treatment in d.treatments or (offer is not None and offer in d.offers)
    )


# ---------------------------------------------------------------------------
# Compiled tables: plain ints for one treatment at one price point.


@dataclass(frozen=True, slots=True)
class _BundleRow:
    index: int
    offer: Bundle
    sessions: int
    price: int
    valid_months: int | None


@dataclass(frozen=True, slots=True)
class _SubscriptionRow:
    index: int
    offer: Subscription
    per_month: int
    fee: int
    min_months: int
    enrollment: int
    extra: int | None


@dataclass(frozen=True, slots=True)
class _Table:
    treatment: Treatment
    single: int
    bundles: tuple[_BundleRow, ...]
    intro: tuple[Intro, int] | None
    subscriptions: tuple[_SubscriptionRow, ...]


_TableKey: TypeAlias = tuple[str, Scenario, tuple[str, ...], bool]
_TABLES: dict[int, dict[_TableKey, _Table]] = {}
"""Compiled tables per live catalog, keyed by identity: hashing a frozen catalog costs a walk."""


def _catalog_tables(catalog: Catalog) -> dict[_TableKey, _Table]:
    key = id(catalog)
    tables = _TABLES.get(key)
    if tables is None:
        tables = _TABLES[key] = {}
        # Forget the tables with the catalog, before its id can be reused.
        weakref.finalize(catalog, _TABLES.pop, key, None)
    return tables


def _table(
    catalog: Catalog,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    new_patient: bool,
) -> _Table:
    def unit(price: YenRange, offer: str | None) -> int:
        return _discounted(_point(price, scenario), _targets(discounts, treatment.id, offer))

    bundles: list[_BundleRow] = []
    subscriptions: list[_SubscriptionRow] = []
    intro: tuple[Intro, int] | None = None
    for index, offer in enumerate(catalog.offers_for(treatment.id)):
        if isinstance(offer, Bundle):
            bundles.append(
                _BundleRow(
                    index, offer, offer.sessions, unit(offer.price, offer.id), offer.valid_months
                )
            )
        elif isinstance(offer, Subscription):
            extra = offer.extra_session_price
            subscriptions.append(
                _SubscriptionRow(
                    index,
                    offer,
                    offer.sessions_per_month,
                    unit(offer.monthly_fee, offer.id),
                    offer.min_months,
                    _point(offer.enrollment_fee, scenario),
                    None if extra is None else unit(extra, offer.id),
                )
            )
        elif new_patient and intro is None:
            intro = (offer, unit(offer.price, offer.id))
    return _Table(
        treatment, unit(treatment.price, None), tuple(bundles), intro, tuple(subscriptions)
    )


# ---------------------------------------------------------------------------
# Plans: how one treatment's sessions are bought.


@dataclass(frozen=True, slots=True)
class _Purchase:
    """One purchase: ``kind`` with its offer, how many units, sessions covered, and when."""

    kind: LineKind
    offer: Bundle | Subscription | Intro | None
    units: int
    covered: int
    month: int = 0
    extras: int = 0


@dataclass(frozen=True, slots=True)
class _Plan:
    cost: int
    purchases: tuple[_Purchase, ...]

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


_NO_PLAN: Final = _Plan(INF, ())


@dataclass(frozen=True, slots=True)
class _Allowed:
    """Which offers a way of buying may use besides singles; ``None`` means all."""

    bundles: frozenset[str] | None = None
    subscriptions: frozenset[str] | None = None
    intro: bool = True
    first: str | None = None
    """An offer the plan must start with, so a way of buying shows the offer it is named after.

    With ``first`` given, that offer is the only set or plan allowed.
    """

    def bundle(self, row: _BundleRow) -> bool:
        return self.bundles is None or row.offer.id in self.bundles

    def subscription(self, row: _SubscriptionRow) -> bool:
        return self.subscriptions is None or row.offer.id in self.subscriptions


_ALL: Final = _Allowed()


def _session_months(sessions: int, months: int) -> list[int]:
    """The month of each session when ``sessions`` are spread evenly over ``months``."""
    return [i * months // sessions for i in range(sessions)]


def _optimise(table: _Table, sessions: int, months: int | None, allowed: _Allowed) -> _Plan:
    if months is None:
        return _optimise_unscheduled(table, sessions, allowed)
    return _optimise_scheduled(table, sessions, months, allowed)


def _knapsack(
    single: int, bundles: Sequence[_BundleRow], sessions: int
) -> tuple[list[int], list[int]]:
    """Cheapest cost of covering at least k sessions with singles and sets, for every k.

    ``choice[k]`` is -1 for a single, else the position in ``bundles`` of the set bought.
    """
    cost = [0] * (sessions + 1)
    choice = [-1] * (sessions + 1)
    rows = [(position, row.sessions, row.price) for position, row in enumerate(bundles)]
    for k in range(1, sessions + 1):
        best = cost[k - 1] + single
        pick = -1
        for position, size, price in rows:
            rest = k - size
            candidate = price + cost[rest] if rest > 0 else price
            if candidate < best:
                best, pick = candidate, position
        cost[k] = best if best < INF else INF
        choice[k] = pick
    return cost, choice


def _unpack_knapsack(
    choice: Sequence[int], bundles: Sequence[_BundleRow], sessions: int, single_kind: LineKind
) -> list[_Purchase]:
    purchases: list[_Purchase] = []
    k = sessions
    while k > 0:
        pick = choice[k]
        if pick < 0:
            purchases.append(_Purchase(single_kind, None, 1, 1))
            k -= 1
        else:
            row = bundles[pick]
            covered = min(k, row.sessions)
            purchases.append(_Purchase(LineKind.BUNDLE, row.offer, 1, covered))
            k -= covered
    return purchases


def _optimise_unscheduled(table: _Table, sessions: int, allowed: _Allowed) -> _Plan:
    bundles = [row for row in table.bundles if allowed.bundle(row)]
    if allowed.first is not None:
        return _starting_with(table, sessions, bundles, allowed.first)
    cost, choice = _knapsack(table.single, bundles, sessions)
    # Knapsacks are prefix-stable: one per unit price serves every shorter rest.
    knapsacks = {table.single: (cost, choice)}
    best = _NO_PLAN
    intro_options: list[tuple[int, int]] = [(0, 0)]
    if table.intro is not None and allowed.intro:
        offer, price = table.intro
        intro_options += [(j, j * price) for j in range(1, min(offer.sessions, sessions) + 1)]
    for used, intro_cost in intro_options:
        rest = sessions - used
        if intro_cost + cost[rest] < best.cost:
            purchases = _intro_purchases(table, used)
            purchases += _unpack_knapsack(choice, bundles, rest, LineKind.SINGLE)
            best = _Plan(intro_cost + cost[rest], tuple(purchases))
        for row in table.subscriptions:
            if not allowed.subscription(row):
                continue
            candidate = _best_subscription_unscheduled(table, row, bundles, rest, knapsacks)
            if candidate.cost < INF and intro_cost + candidate.cost < best.cost:
                purchases = _intro_purchases(table, used) + list(candidate.purchases)
                best = _Plan(intro_cost + candidate.cost, tuple(purchases))
    return best


def _starting_with(
    table: _Table, sessions: int, bundles: Sequence[_BundleRow], offer_id: str
) -> _Plan:
    """The cheapest unscheduled plan that buys ``offer_id`` at least once (order is free)."""
    for sub in table.subscriptions:
        if sub.offer.id == offer_id:
            return _best_subscription_unscheduled(table, sub, bundles, sessions)
    # Only the typical point is optimised with a named offer, where no price is open.
    row = next(row for row in table.bundles if row.offer.id == offer_id)
    covered = min(sessions, row.sessions)
    cost, choice = _knapsack(table.single, bundles, sessions - covered)
    rest = _unpack_knapsack(choice, bundles, sessions - covered, LineKind.SINGLE)
    purchase = _Purchase(LineKind.BUNDLE, row.offer, 1, covered)
    return _Plan(min(INF, row.price + cost[-1]), (purchase, *rest))


def _intro_purchases(table: _Table, used: int) -> list[_Purchase]:
    if used == 0 or table.intro is None:
        return []
    return [_Purchase(LineKind.INTRO, table.intro[0], used, used)]


def _best_subscription_unscheduled(
    table: _Table,
    row: _SubscriptionRow,
    bundles: Sequence[_BundleRow],
    sessions: int,
    knapsacks: dict[int, tuple[list[int], list[int]]] | None = None,
) -> _Plan:
    """One period of a monthly plan, the rest by extras while subscribed or by other offers.

    ``knapsacks`` holds knapsacks already computed for at least ``sessions``,
    by unit price, and gains the one computed here.
    """
    if sessions == 0 or row.fee >= INF or row.enrollment >= INF:
        return _NO_PLAN
    # While subscribed, a session beyond the allowance may be an extra or bought otherwise.
    cheaper_single = table.single if row.extra is None else min(table.single, row.extra)
    known = {} if knapsacks is None else knapsacks
    if cheaper_single not in known:
        known[cheaper_single] = _knapsack(cheaper_single, bundles, sessions)
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
    subscription = _Purchase(
        LineKind.SUBSCRIPTION, row.offer, best_months, covered + extras, 0, extras
    )
    return _Plan(best_total, (subscription, *rest_purchases))


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
        plan: _SubscriptionRow,
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
    plan: _SubscriptionRow,
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


def _optimise_scheduled(table: _Table, sessions: int, months: int, allowed: _Allowed) -> _Plan:
    """Sessions in time order: each purchase covers the next run of sessions it can."""
    month_of = _session_months(sessions, months)
    horizon = months + 121
    first_at = [sessions] * (horizon + 1)  # the first session in month m or later
    i = 0
    for m in range(months):
        while i < sessions and month_of[i] < m:
            i += 1
        first_at[m] = i
    per_month = [0] * horizon
    for m in month_of:
        per_month[m] += 1
    bundles = [row for row in table.bundles if allowed.bundle(row)]
    subscriptions = [
        row
        for row in table.subscriptions
        if allowed.subscription(row) and row.fee < INF and row.enrollment < INF
    ]
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

    def walk(start: int) -> list[_Purchase]:
        purchases: list[_Purchase] = []
        i = start
        while i < sessions:
            kind, position, end, units, extras = step[i]
            here = month_of[i]
            if kind == _SINGLE:
                purchases.append(_Purchase(LineKind.SINGLE, None, 1, 1, here))
            elif kind == _BUNDLE:
                offer = bundles[position].offer
                purchases.append(_Purchase(LineKind.BUNDLE, offer, 1, end - i, here))
            else:
                monthly = subscriptions[position]
                if monthly.extra is not None and table.single < monthly.extra:
                    purchases.append(
                        _Purchase(
                            LineKind.SUBSCRIPTION, monthly.offer, units, end - i - extras, here
                        )
                    )
                    purchases += [_Purchase(LineKind.SINGLE, None, 1, 1, here)] * extras
                else:
                    purchases.append(
                        _Purchase(
                            LineKind.SUBSCRIPTION, monthly.offer, units, end - i, here, extras
                        )
                    )
            i = end
        return purchases

    best_plan = _Plan(cost[0], tuple(walk(0))) if cost[0] < INF else _NO_PLAN
    if table.intro is not None and allowed.intro:
        offer, price = table.intro
        for used in range(1, min(offer.sessions, sessions) + 1):
            total = used * price + cost[used]
            if total < best_plan.cost:
                intro = _Purchase(LineKind.INTRO, offer, used, used, 0)
                best_plan = _Plan(total, (intro, *walk(used)))
    return best_plan


# ---------------------------------------------------------------------------
# Pricing a visit: the treatments, combos, discounts and fees around the plans.


@dataclass(frozen=True, slots=True)
class _Context:
    """Everything about a request that does not depend on the way of buying."""

    catalog: Catalog
    request: QuoteRequest
    main: Treatment
    addons: tuple[Treatment, ...]
    sessions: int
    months: int | None
    on: date
    tables: dict[_TableKey, _Table] = field(compare=False)
    plans: dict[tuple[object, ...], _Plan] = field(default_factory=dict, compare=False)
    combos: dict[Scenario, tuple[int, list[tuple[str, int]]]] = field(
        default_factory=dict, compare=False
    )

    @property
    def treatments(self) -> tuple[Treatment, ...]:
        return (self.main, *self.addons)


def _context(catalog: Catalog, request: QuoteRequest, sessions: int) -> _Context:
    main = catalog.treatment(request.treatment or catalog.treatments[0].id)
    addons: list[Treatment] = []
    for treatment_id in request.with_:
        addon = catalog.treatment(treatment_id)
        if addon.id == main.id or addon in addons:
            raise RequestError(
                f"treatment {addon.id!r} is named twice in the request",
                "name each treatment once; --with adds treatments beside the main one",
            )
        addons.append(addon)
    return _Context(
        catalog,
        request,
        main,
        tuple(addons),
        sessions,
        request.months,
        request.on or date.today(),
        _catalog_tables(catalog),
    )


def _applicable_discounts(context: _Context) -> tuple[Discount, ...]:
    """Discounts whose conditions this request meets.

    Conditions never depend on the plan, nor on where prices fall in their
    ranges: ``min_amount`` is met by the course's value at single prices at the
    typical point, so the same discounts apply at every point of a quote.
    """
    result: list[Discount] = []
    course_value = context.sessions * sum(
        _point(t.price, Scenario.TYPICAL) for t in context.treatments
    )
    for discount in context.catalog.discounts:
        if discount.new_patients_only and not context.request.new_patient:
            continue
        if discount.valid_from is not None and context.on < discount.valid_from:
            continue
        if discount.valid_until is not None and context.on > discount.valid_until:
            continue
        if discount.min_sessions is not None and context.sessions < discount.min_sessions:
            continue
        if discount.min_amount is not None and course_value < discount.min_amount:
            continue
        result.append(discount)
    return tuple(result)


def _discount_choices(applicable: Sequence[Discount]) -> list[tuple[Discount, ...]]:
    """Every stacking discount, with no other or with one non-stacking discount."""
    stacking = tuple(d for d in applicable if d.stacks)
    others = [d for d in applicable if not d.stacks]
    return [stacking] + [(*stacking, d) for d in others]


def _combo_saving(context: _Context, scenario: Scenario) -> tuple[int, list[tuple[str, int]]]:
    """The largest saving per visit from combos that do not overlap, and which combos give it."""
    cached = context.combos.get(scenario)
    if cached is None:
        cached = context.combos[scenario] = _best_combos(context, scenario)
    return cached


def _best_combos(context: _Context, scenario: Scenario) -> tuple[int, list[tuple[str, int]]]:
    present = {t.id for t in context.treatments}
    prices = {t.id: _point(t.price, scenario) for t in context.treatments}
    candidates: list[tuple[str, frozenset[str], int]] = []
    for combo in context.catalog.combos:
        if not set(combo.treatments) <= present:
            continue
        if combo.discount is not None:
            saving = _point(combo.discount, scenario)
        else:
            assert combo.price is not None
            parts = sum(prices[t] for t in combo.treatments)
            saving = 0 if parts >= INF else parts - _point(combo.price, scenario)
        if 0 < saving < INF:
            candidates.append((combo.id, frozenset(combo.treatments), saving))
    best: tuple[int, list[tuple[str, int]]] = (0, [])
    for size in range(1, len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            treatments_used = [t for _, members, _ in chosen for t in members]
            if len(treatments_used) != len(set(treatments_used)):
                continue  # two combos would share a treatment of the same visit
            total = sum(saving for *_, saving in chosen)
            if total > best[0]:
                best = (total, [(combo_id, saving) for combo_id, _, saving in chosen])
    return best


def _apply_combos(
    context: _Context, scenario: Scenario, groups: dict[TaxCategory, int]
) -> dict[str, int]:
    """Take each chosen combo's saving off its own tax category's group, never below zero.

    The saving is per visit however the sessions are paid, so cheap sets can leave
    less to take it from; a group then stops at zero rather than going negative.
    Answers the yen taken per combo, in catalog order.
    """
    _, chosen = _combo_saving(context, scenario)
    taken: dict[str, int] = {}
    for combo_id, saving in chosen:
        combo = context.catalog.combo(combo_id)
        category = context.catalog.treatment(combo.treatments[0]).tax
        amount = min(groups[category], saving * context.sessions)
        groups[category] -= amount
        taken[combo_id] = amount
    return taken


def _fee_count(context: _Context, charged: Charged) -> int:
    if charged is Charged.EVERY_VISIT:
        return context.sessions
    if charged is Charged.FIRST_VISIT:
        return 1 if context.request.new_patient else 0
    return 1


def _bill(
    context: _Context,
    scenario: Scenario,
    plan_costs: Sequence[int],
    discounts: Sequence[Discount],
) -> int:
    """The total the patient pays at one point, given each treatment's plan cost."""
    groups: dict[TaxCategory, int] = {}
    for treatment, cost in zip(context.treatments, plan_costs, strict=True):
        if cost >= INF:
            return INF
        groups[treatment.tax] = groups.get(treatment.tax, 0) + cost
    _apply_combos(context, scenario, groups)
    _apply_bill_discounts(groups, discounts, context.on)
    lines = list(groups.items())
    for fee in context.catalog.fees:
        count = _fee_count(context, fee.charged)
        if count:
            price = _point(fee.price, scenario)
            if price >= INF:
                return INF
            lines.append((fee.tax, price * count))
    breakdown = invoice_tax(
        [(amount, category) for category, amount in lines],
        on=context.on,
        prices_include_tax=context.catalog.clinic.prices_include_tax,
        rounding=context.catalog.clinic.tax_rounding,
    )
    return breakdown.total


_RATE_ORDER: Final = (
    TaxCategory.STANDARD,
    TaxCategory.REDUCED,
    TaxCategory.EXEMPT,
    TaxCategory.OUT_OF_SCOPE,
)


def _bill_discount_amounts(
    groups: dict[TaxCategory, int], discounts: Sequence[Discount], on: date
) -> dict[str, dict[TaxCategory, int]]:
    """Each whole-bill discount split by tax category, so each rate's tax sees its own base.

    A percentage is taken per tax category, rounded once each; an amount is
    taken from the highest rate first. Both keep the bill monotone in every
    line, which is what makes per-treatment optimisation exact.
    """
    result: dict[str, dict[TaxCategory, int]] = {}
    remaining = dict(groups)
    for discount in discounts:
        if not discount.applies_to_bill:
            continue
        split: dict[TaxCategory, int] = {}
        rate = discount.rate
        if rate is not None:
            for category, base in groups.items():
                split[category] = min(remaining[category], scale(base, rate, discount.rounding))
        else:
            left = discount.amount or 0
            for category in sorted(remaining, key=lambda c: -tax_rate(c, on)):
                taken = min(left, remaining[category])
                split[category] = taken
                left -= taken
        for category, taken in split.items():
            remaining[category] -= taken
        result[discount.id] = split
    return result


def _apply_bill_discounts(
    groups: dict[TaxCategory, int], discounts: Sequence[Discount], on: date
) -> None:
    for split in _bill_discount_amounts(groups, discounts, on).values():
        for category, taken in split.items():
            groups[category] -= taken


# ---------------------------------------------------------------------------
# Public entry points.


def _cached_table(
    context: _Context, treatment: Treatment, scenario: Scenario, discounts: Sequence[Discount]
) -> _Table:
    per_catalog = context.tables
    key = (treatment.id, scenario, tuple(d.id for d in discounts), context.request.new_patient)
    table = per_catalog.get(key)
    if table is None:
        table = _table(context.catalog, treatment, scenario, discounts, context.request.new_patient)
        per_catalog[key] = table
    return table


@dataclass(slots=True)
class _Solution:
    """The best plans for every treatment of the visit at one point, with the discounts used."""

    total: int
    plans: tuple[_Plan, ...]
    discounts: tuple[Discount, ...]


def _solve(context: _Context, scenario: Scenario, allowed: _Allowed) -> _Solution:
    best = _Solution(INF, (), ())
    for discounts in _discount_choices(_applicable_discounts(context)):
        plans = tuple(
            _memo_optimise(
                context,
                treatment,
                scenario,
                discounts,
                allowed if treatment is context.main else _ALL,
            )
            for treatment in context.treatments
        )
        total = _bill(context, scenario, [p.cost for p in plans], discounts)
        if total < best.total:
            best = _Solution(total, plans, discounts)
    return best


def _memo_optimise(
    context: _Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: tuple[Discount, ...],
    allowed: _Allowed,
) -> _Plan:
    """One treatment's best plan, computed once per quote: add-ons recur in every way of buying."""
    key = (treatment.id, scenario, tuple(d.id for d in discounts), allowed)
    plan = context.plans.get(key)
    if plan is None:
        table = _cached_table(context, treatment, scenario, discounts)
        plan = context.plans[key] = _optimise(table, context.sessions, context.months, allowed)
    return plan


def best_total(
    catalog: Catalog, request: QuoteRequest, *, scenario: Scenario = Scenario.TYPICAL
) -> int:
    """The total of the cheapest plan at one price point, without building a quote.

    For a session range, the top of the range is priced. The typical point
    uses each price's typical value, or its minimum where none is known.
    Singles always serve a request, so there is always a cheapest plan.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> best_total(reference_catalog(), QuoteRequest(sessions=5))  # 5 x 10,000 + 3,300
        53300
        >>> # at the high point the monthly plan wins: 6 months x 27,500 + 3,300
        >>> best_total(reference_catalog(), QuoteRequest(sessions=5), scenario=Scenario.MAX)
        168300

    Args:
        catalog: The catalog.
        request: The request.
        scenario: The price point (the typical one unless given).

    Returns:
        The total in whole yen, tax included.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: The request names a treatment twice, or, at the high
            point, every way of buying has an open-ended price.
    """
    context = _context(catalog, request, request.session_counts[-1])
    total = _solve(context, scenario, _ALL).total
    if total >= INF:
        raise RequestError(
            "every way of buying has a price with no maximum, so the total at the high "
            "point is open-ended",
            "ask for the low or typical point, or give the catalog's prices a maximum",
        )
    return total


def quote(catalog: Catalog, request: QuoteRequest) -> Quote:
    """Price every sensible way to buy a course, cheapest first, and explain the best.

    Example:
        >>> from supecost.catalog import load_catalog
        >>> from pathlib import Path
        >>> example = load_catalog(Path("tests/data/example.toml"))
        >>> result = quote(example, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> [(o.label, o.total.min) for o in result.options]  # doctest: +NORMALIZE_WHITESPACE
        [('intro', 145100), ('bundle:sup-iv-5', 151800), ('singles', 168300),
         ('subscription:sup-iv-monthly', 168300)]

    Args:
        catalog: The catalog.
        request: The request.

    Returns:
        The quote: options ranked by their typical total, the best first.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: The request names a treatment twice.
    """
    counts = request.session_counts
    context = _context(catalog, request, counts[-1])
    options, unserved, labels = _options(context)  # never empty: singles always serve
    explanation = _explain(context, options, labels)
    across: list[SessionPoint] = []
    if len(counts) > 1:
        for count in counts:
            point_context = _context(catalog, request, count)
            point_best = _options(point_context)[0][0]
            across.append(
                SessionPoint(sessions=count, best=point_best.label, total=point_best.total)
            )
    return Quote(
        request=request,
        treatment=context.main.id,
        sessions=context.sessions,
        on=context.on,
        prices_include_tax=catalog.clinic.prices_include_tax,
        best=options[0],
        options=tuple(options),
        unserved=tuple(unserved),
        explanation=explanation,
        across_sessions=tuple(across),
    )


def quote_many(catalog: Catalog, requests: Iterable[QuoteRequest]) -> Iterator[Quote]:
    """Quote many requests against one catalog, lazily, in order.

    The catalog is compiled once; each quote is produced when asked for, so
    any number of requests runs in constant memory.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> requests = [QuoteRequest(sessions=n) for n in (1, 2)]
        >>> [q.best.total.min for q in quote_many(reference_catalog(), requests)]
        [13300, 23300]

    Args:
        catalog: The catalog.
        requests: The requests.

    Returns:
        An iterator of quotes, one per request.
    """
    for request in requests:
        yield quote(catalog, request)


# ---------------------------------------------------------------------------
# Options: each way of buying, priced as ranges.


def _strategies(context: _Context) -> list[tuple[str, _Allowed]]:
    none: frozenset[str] = frozenset()
    strategies = [("singles", _Allowed(none, none, intro=False))]
    offers = context.catalog.offers_for(context.main.id)
    if context.request.new_patient and any(isinstance(o, Intro) for o in offers):
        strategies.append(("intro", _Allowed(none, none, intro=True)))
    for offer in offers:
        if isinstance(offer, Bundle):
            only = frozenset({offer.id})
            strategies.append((f"bundle:{offer.id}", _Allowed(only, none, False, offer.id)))
        elif isinstance(offer, Subscription):
            only = frozenset({offer.id})
            strategies.append((f"subscription:{offer.id}", _Allowed(none, only, False, offer.id)))
    strategies.append(("mix", _ALL))
    return strategies


def _options(context: _Context) -> tuple[list[Option], list[Unserved], dict[object, str]]:
    """Every way of buying priced, cheapest first; those that cannot serve; labels by plan."""
    options: list[tuple[tuple[int, int], Option]] = []
    unserved: list[Unserved] = []
    seen: dict[tuple[object, ...], int] = {}
    labels: dict[object, str] = {}
    for label, allowed in _strategies(context):
        # Feasibility does not depend on the price point: an open price is finite here.
        solution = _solve(context, Scenario.TYPICAL, allowed)
        if solution.total >= INF:
            unserved.append(Unserved(label=label, reason=_why_unserved(context, label)))
            continue
        plans_key = tuple(p.key() for p in solution.plans)
        labels.setdefault(plans_key, label)
        key = (plans_key, tuple(d.id for d in solution.discounts))
        if key in seen:
            continue
        seen[key] = len(options)
        option = _price_option(context, label, solution)
        rank = (_point(option.total, Scenario.TYPICAL), _point(option.total, Scenario.MAX))
        options.append((rank, option))
    options.sort(key=lambda pair: pair[0])
    return [option for _, option in options], unserved, labels


def _why_unserved(context: _Context, label: str) -> str:
    """Why a way of buying serves nothing.

    Only a monthly plan without extra sessions, started first in a scheduled
    course, can fail: singles always serve, sets cover any run of sessions, and
    an unscheduled plan leaves what its allowance cannot take to singles.
    """
    offer_id = label.removeprefix("subscription:")
    offer = context.catalog.offer(offer_id)
    assert isinstance(offer, Subscription)
    assert context.months is not None
    return (
        f"{offer_id} allows {offer.sessions_per_month} session(s) a month and no extra "
        f"sessions, so it cannot serve {context.sessions} sessions over {context.months} "
        "months; give more months or choose another plan"
    )


def _line_prices(
    context: _Context, treatment: Treatment, discounts: Sequence[Discount]
) -> dict[tuple[LineKind, str], YenRange]:
    def unit(price: YenRange, offer: str | None) -> YenRange:
        return _discounted_range(price, _targets(discounts, treatment.id, offer))

    prices = {(LineKind.SINGLE, treatment.id): unit(treatment.price, None)}
    for offer in context.catalog.offers_for(treatment.id):
        if isinstance(offer, Bundle | Intro):
            prices[(LineKind(offer.kind), offer.id)] = unit(offer.price, offer.id)
        else:
            prices[(LineKind.SUBSCRIPTION, offer.id)] = unit(offer.monthly_fee, offer.id)
            prices[(LineKind.ENROLLMENT, offer.id)] = offer.enrollment_fee
            if offer.extra_session_price is not None:
                prices[(LineKind.EXTRA_SESSION, offer.id)] = unit(
                    offer.extra_session_price, offer.id
                )
    return prices


def _plan_lines(
    context: _Context, treatment: Treatment, plan: _Plan, discounts: Sequence[Discount]
) -> tuple[list[Line], list[tuple[int, YenRange]]]:
    """A plan's lines (aggregated) and what each purchase costs in which month."""
    prices = _line_prices(context, treatment, discounts)
    amounts: dict[tuple[LineKind, str], list[int]] = {}
    timed: list[tuple[int, YenRange]] = []

    def add(kind: LineKind, item: str, quantity: int, sessions: int, month: int) -> None:
        if quantity == 0:
            return
        slot = amounts.setdefault((kind, item), [0, 0])
        slot[0] += quantity
        slot[1] += sessions
        timed.append((month, prices[(kind, item)] * quantity))

    for purchase in plan.purchases:
        if purchase.kind is LineKind.SINGLE:
            add(LineKind.SINGLE, treatment.id, 1, 1, purchase.month)
        elif purchase.kind is LineKind.SUBSCRIPTION:
            assert isinstance(purchase.offer, Subscription)
            offer = purchase.offer
            add(
                LineKind.ENROLLMENT,
                offer.id,
                1 if offer.enrollment_fee.max != 0 else 0,
                0,
                purchase.month,
            )
            for month in range(purchase.units):
                add(LineKind.SUBSCRIPTION, offer.id, 1, 0, purchase.month + month)
            amounts[(LineKind.SUBSCRIPTION, offer.id)][1] += purchase.covered - purchase.extras
            add(LineKind.EXTRA_SESSION, offer.id, purchase.extras, purchase.extras, purchase.month)
        else:
            assert purchase.offer is not None
            sessions = purchase.units * (
                purchase.offer.sessions if isinstance(purchase.offer, Bundle) else 1
            )
            add(purchase.kind, purchase.offer.id, purchase.units, sessions, purchase.month)
    lines = [
        Line.model_construct(
            item=item,
            kind=kind,
            treatment=treatment.id,
            quantity=quantity,
            unit_price=prices[(kind, item)],
            amount=prices[(kind, item)] * quantity,
            sessions=sessions,
            tax=treatment.tax,
        )
        for (kind, item), (quantity, sessions) in amounts.items()
    ]
    return lines, timed


_Points = dict[Scenario, list[tuple[int, TaxCategory]]]
"""The bill's amounts at each price point: what is taxed there, line by line."""


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


def _add(points: _Points, line: Line) -> None:
    """Add a line whose amount rises with prices: its bounds are its values at the points."""
    for scenario in _POINTS:
        points[scenario].append((_point(line.amount, scenario), line.tax))


# Lines, tax lines and payments are built with ``model_construct``: every value in them
# comes from validated catalog records and the engine's own int arithmetic, and a quote
# builds hundreds of them. tests/test_quotes.py re-validates whole quotes to keep this honest.


def _price_option(context: _Context, label: str, solution: _Solution) -> Option:
    """Price one way of buying at every point.

    Each point is a whole bill of its own, combos and discounts included: a
    saving can grow with prices, so summing the lines' bounds would not give
    the bill at the low or high point.
    """
    lines: list[Line] = []
    timed: list[tuple[int, YenRange]] = []
    points: _Points = {scenario: [] for scenario in _POINTS}
    bought = 0
    for treatment, plan in zip(context.treatments, solution.plans, strict=True):
        plan_lines, plan_timed = _plan_lines(context, treatment, plan, solution.discounts)
        lines += plan_lines
        timed += plan_timed
        for line in plan_lines:
            _add(points, line)
        if treatment is context.main:
            bought = sum(
                line.sessions
                for line in plan_lines
                if line.kind
                in (LineKind.SINGLE, LineKind.BUNDLE, LineKind.INTRO, LineKind.EXTRA_SESSION)
            ) + sum(
                # A plan's month buys its whole allowance, used or not.
                p.units * p.offer.sessions_per_month
                for p in plan.purchases
                if isinstance(p.offer, Subscription) and p.kind is LineKind.SUBSCRIPTION
            )
    lines += _combo_lines(context, points, timed)
    typical_known = _typical_of(lines)
    discount_lines = _bill_discount_lines(context, points, solution.discounts, typical_known)
    lines += discount_lines
    timed += [(0, line.amount) for line in discount_lines]
    for fee in context.catalog.fees:
        count = _fee_count(context, fee.charged)
        if count:
            if fee.charged is Charged.EVERY_VISIT:
                timed += [(month, fee.price) for month in _visit_months(context)]
            else:
                timed.append((0, fee.price * count))
            lines.append(
                Line.model_construct(
                    item=fee.id,
                    kind=LineKind.FEE,
                    quantity=count,
                    unit_price=fee.price,
                    amount=fee.price * count,
                    tax=fee.tax,
                )
            )
            _add(points, lines[-1])
    typical_known = _typical_of(lines)
    open_high = any(line.amount.max is None for line in lines)
    tax_lines, total, subtotal = _tax(context, points, typical_known, open_high)
    per_session = total.map_monotone(
        lambda amount: round_fraction(Fraction(amount, context.sessions), _PER_SESSION_ROUNDING)
    )
    notes = _notes(context, solution)
    return Option(
        label=label,
        lines=tuple(lines),
        sessions_bought=bought,
        sessions_unused=bought - context.sessions,
        tax=tax_lines,
        subtotal=subtotal,
        total=total,
        per_session=per_session,
        payments=_payments(context, timed),
        notes=notes,
    )


def _combo_lines(
    context: _Context, points: _Points, timed: list[tuple[int, YenRange]]
) -> list[Line]:
    """A line per combo used, in catalog order, taken at each point as :func:`_bill` takes it.

    A saving that would take its tax category below zero is capped; its line is
    then one unit of the capped amount, so ``amount`` stays ``unit_price x quantity``.
    """
    per_visit: list[dict[str, int]] = []
    taken: list[dict[str, int]] = []
    for scenario in _POINTS:
        per_visit.append(dict(_combo_saving(context, scenario)[1]))
        groups: dict[TaxCategory, int] = {}
        for amount, category in points[scenario]:
            groups[category] = groups.get(category, 0) + amount
        taken.append(_apply_combos(context, scenario, groups))
    result = []
    for combo in context.catalog.combos:
        if not any(combo.id in point for point in taken):
            continue
        members = [context.catalog.treatment(t) for t in combo.treatments]
        known = _typical_known(combo.discount, combo.price, *(t.price for t in members))
        unit = _negative([point.get(combo.id, 0) for point in per_visit], known)
        saving = _negative([point.get(combo.id, 0) for point in taken], known)
        quantity = context.sessions
        if saving == unit * quantity:
            timed += [(month, unit) for month in _visit_months(context)]
        else:
            unit, quantity = saving, 1
            timed.append((0, saving))
        for scenario, point in zip(_POINTS, taken, strict=True):
            points[scenario].append((-point.get(combo.id, 0), members[0].tax))
        result.append(
            Line.model_construct(
                item=combo.id,
                kind=LineKind.COMBO,
                quantity=quantity,
                unit_price=unit,
                amount=saving,
                tax=members[0].tax,
            )
        )
    return result


def _visit_months(context: _Context) -> list[int]:
    """The month of each visit, for the payment schedule; all in month 0 when unscheduled."""
    if context.months is None:
        return [0] * context.sessions
    return _session_months(context.sessions, context.months)


def _bill_discount_lines(
    context: _Context, points: _Points, discounts: Sequence[Discount], typical_known: bool
) -> list[Line]:
    """A line per whole-bill discount and tax category, taken at each point as :func:`_bill` does.

    Where the high point is open-ended, so is the saving there; the line's
    range then spans the low and typical points.
    """
    bill_discounts = [d for d in discounts if d.applies_to_bill]
    if not bill_discounts:
        return []
    open_high = any(amount >= INF // 2 for amount, _ in points[Scenario.MAX])
    taken: dict[tuple[str, TaxCategory], list[int]] = {}
    for scenario in _POINTS:
        groups: dict[TaxCategory, int] = {}
        for amount, category in points[scenario]:
            groups[category] = groups.get(category, 0) + amount
        for discount_id, split in _bill_discount_amounts(
            groups, bill_discounts, context.on
        ).items():
            for category, amount in split.items():
                taken.setdefault((discount_id, category), []).append(amount)
    result = []
    for (discount_id, category), amounts in taken.items():
        for scenario, amount in zip(_POINTS, amounts, strict=True):
            points[scenario].append((-amount, category))
        if not any(amounts):
            continue
        saving = _negative(amounts[:2] if open_high else amounts, typical_known)
        result.append(
            Line.model_construct(
                item=discount_id,
                kind=LineKind.DISCOUNT,
                quantity=1,
                unit_price=saving,
                amount=saving,
                tax=category,
            )
        )
    return result


def _ordered(values: Sequence[int | None], typical_known: bool) -> YenRange:
    """A range from the values at the low, typical and high points (``None``: open).

    Totals rise with prices, except where a combo's saving grows faster than
    what is paid; the bounds are then sorted, so the range still holds every point.
    """
    known = [value for value in values if value is not None]
    high = None if values[2] is None else max(known)
    return YenRange(min(known), high, values[1] if typical_known else None)


def _typical_of(lines: Sequence[Line]) -> bool:
    """Whether the lines' sum has a typical value (a range's own, not an exact amount's)."""
    return sum_ranges(line.amount for line in lines).typical is not None


def _tax(
    context: _Context, points: _Points, typical_known: bool, open_high: bool
) -> tuple[tuple[TaxLine, ...], YenRange, YenRange]:
    """Tax once per rate over the bill at each point; the tax lines, total and subtotal."""
    clinic = context.catalog.clinic
    by_point: dict[Scenario, TaxBreakdown | None] = {}
    for scenario in _POINTS:
        amounts = points[scenario]
        if scenario is Scenario.MAX and open_high:
            by_point[scenario] = None  # an open-ended price: no bill at the high point
            continue
        by_point[scenario] = invoice_tax(
            amounts,
            on=context.on,
            prices_include_tax=clinic.prices_include_tax,
            rounding=clinic.tax_rounding,
        )
    breakdowns = list(by_point.values())
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
            TaxLine.model_construct(
                rate=group.rate,
                category=group.category,
                taxable=_ordered(fields["taxable"], typical_known),
                tax=_ordered(fields["tax"], typical_known),
                total=_ordered(fields["total"], typical_known),
            )
        )
    totals = [None if b is None else b.total for b in breakdowns]
    subtotals = [None if b is None else sum(a for a, _ in points[s]) for s, b in by_point.items()]
    return (
        tuple(tax_lines),
        _ordered(totals, typical_known),
        _ordered(subtotals, typical_known),
    )


def _payments(context: _Context, timed: Sequence[tuple[int, YenRange]]) -> tuple[Payment, ...]:
    """What is due in each month; only when the request fixes the months of the course."""
    if context.months is None or not context.catalog.clinic.prices_include_tax:
        return ()
    by_month: dict[int, list[YenRange]] = {}
    for month, amount in timed:
        by_month.setdefault(month, []).append(amount)
    return tuple(
        Payment.model_construct(month=month, amount=sum_ranges(amounts))
        for month, amounts in sorted(by_month.items())
    )


def _notes(context: _Context, solution: _Solution) -> tuple[str, ...]:
    notes: list[str] = []
    for purchase in solution.plans[0].purchases:
        if isinstance(purchase.offer, Bundle) and purchase.covered < purchase.offer.sessions:
            unused = purchase.offer.sessions - purchase.covered
            notes.append(f"{purchase.offer.id}: {unused} session(s) left unused")
    notes += [f"discount {d.id} applied" for d in solution.discounts]
    return tuple(dict.fromkeys(notes))


# ---------------------------------------------------------------------------
# Explanation: winners at each point, savings, break-even counts.


def _explain(
    context: _Context, options: Sequence[Option], labels: dict[object, str]
) -> Explanation:
    winners: dict[Scenario, str | None] = {}
    keys: dict[Scenario, tuple[object, ...]] = {}
    for scenario in _POINTS:
        solution = _solve(context, scenario, _ALL)
        if solution.total >= INF:
            winners[scenario] = None
            continue
        key = tuple(p.key() for p in solution.plans)
        keys[scenario] = key
        winners[scenario] = labels.get(key, "mix")
    certain = len(set(keys.values())) == 1 and len(keys) == len(_POINTS)
    best = options[0]
    # Singles always serve and are priced first, so no other label can take their plan.
    singles = next(o for o in options if o.label == "singles")
    runner_up = options[1] if len(options) > 1 else None
    return Explanation(
        winners=winners,
        certain=certain,
        saving_vs_singles=_saving(singles, best),
        runner_up=None if runner_up is None else runner_up.label,
        saving_vs_runner_up=None if runner_up is None else _saving(runner_up, best),
        break_even=_break_evens(context),
    )


def _saving(other: Option, best: Option) -> PointValues:
    points = []
    for scenario in _POINTS:
        a, b = other.total.at(scenario), best.total.at(scenario)
        points.append(None if a is None or b is None else a - b)
    low, typical, high = points
    assert low is not None  # every range has a low end
    return PointValues(min=low, typical=typical, max=high)


def _break_evens(context: _Context) -> tuple[BreakEven, ...]:
    """For each set and plan, the first session count at which it beats singles outright."""
    table = _cached_table(context, context.main, Scenario.TYPICAL, ())
    limit = min(_BREAK_EVEN_LIMIT, max(2 * context.sessions, 24))
    singles = [k * table.single for k in range(limit + 1)]
    result = []
    for row in table.bundles:
        costs, _ = _knapsack(table.single, [row], limit)
        result.append(_first_below(row.offer.id, costs, singles, limit))
    for sub in table.subscriptions:
        # Plan alone: the months that cover k sessions, extras or singles beyond the allowance.
        beyond = table.single if sub.extra is None else min(table.single, sub.extra)
        costs = [INF] + [
            min(
                sub.enrollment + months * sub.fee + max(0, k - months * sub.per_month) * beyond
                for months in range(sub.min_months, max(sub.min_months, -(-k // sub.per_month)) + 1)
            )
            for k in range(1, limit + 1)
        ]
        result.append(_first_below(sub.offer.id, costs, singles, limit))
    return tuple(result)


def _first_below(offer: str, costs: Sequence[int], singles: Sequence[int], limit: int) -> BreakEven:
    for k in range(1, limit + 1):
        if costs[k] < singles[k]:
            return BreakEven(offer=offer, sessions=k, checked_up_to=limit)
    return BreakEven(offer=offer, sessions=None, checked_up_to=limit)
