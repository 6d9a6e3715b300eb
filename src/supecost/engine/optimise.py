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

import bisect
import collections
import dataclasses
import functools
import itertools
import math
import threading
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, Final, NamedTuple, TypeAlias, TypeVar

from supecost.catalog import (
    FLAT_MARK,
    Bundle,
    Discount,
    Intro,
    Ladder,
    Package,
    Subscription,
    Treatment,
    allowance_month,
    split_base,
)
from supecost.engine import bill, tables
from supecost.engine.context import (
    FIRST_TIME,
    INF,
    MAX_SINGLE_SPLITS,
    MAX_WORK,
    OFFERS,
    Context,
    SetNeeds,
    add_slots,
    course_caps,
    dated,
    dated_enrollment,
    package_category,
    point,
    point_decided,
    reads_plan_months,
    request_choices,
    rules_out,
    session_months,
    set_needs,
    slot_deadline,
    taken_at_first_visit,
    too_many_splits,
    with_offers,
)
from supecost.engine.resolve import add_months, bought_month
from supecost.engine.tables import KNOWN_STEP, BundleRow, SubscriptionRow, Table
from supecost.money import Scenario
from supecost.quotes import LineKind
from supecost.tax import TaxCategory


class Purchase(NamedTuple):
    """One purchase: ``kind`` with its offer, how many units, sessions covered, and when.

    A named tuple: a plan of a long course holds many. Singles bought together
    (all of an unscheduled plan's, a month's in a row of a scheduled one) are
    one purchase of as many units, except a ladder's, one per place.
    """

    kind: LineKind
    offer: Bundle | Subscription | Intro | Ladder | None
    units: int
    covered: int
    month: int = 0
    extras: int = 0
    step: int = 0
    """For a ladder's singles: the ``from`` of the step that prices them."""
    extra_months: tuple[tuple[int, int], ...] = ()
    """For a scheduled plan's extra sessions: each month with extras and how many; for a
    set with a top-up, each month with sessions it covers and how many (their top-ups are
    paid at the visit); empty where they all fall in ``month`` (an unscheduled course has
    one month)."""


@dataclass(frozen=True, slots=True)
class Plan:
    cost: int
    purchases: tuple[Purchase, ...]
    _key: tuple[tuple[str, str, int, int, int], ...] | None = field(
        default=None, compare=False, repr=False
    )
    packaged: tuple[int, ...] = ()
    """In a scheduled course, the deadline of each package slot the plan's sessions used."""
    months: int | None = None
    """Without the request's months: the months its monthly plan is paid for, which the
    course then runs (:func:`~supecost.engine.context.course_months`); ``None`` without one."""
    by_month: bool = False
    """Whether its purchases are priced by the month each is paid in
    (:attr:`~supecost.engine.tables.Table.by_month`): two plans buying the same in other
    months then differ."""

    def key(self) -> tuple[tuple[str, str, int, int, int], ...]:
        """The plan's structure, ignoring timing, for telling plans apart (worked out once)."""
        if self._key is None:
            object.__setattr__(self, "_key", self._structure())
        assert self._key is not None
        return self._key

    def _structure(self) -> tuple[tuple[str, str, int, int, int], ...]:
        totals: dict[tuple[str, str], list[int]] = {}
        # The kinds read once: an enum member's look-up costs ten times a local's.
        ladder, subscription = LineKind.LADDER, LineKind.SUBSCRIPTION
        by_month = self.by_month
        # Unpacked as a tuple: a scheduled plan holds a purchase a month, and every way is keyed.
        for kind, offer, units, covered, month, extras, step, _ in self.purchases:
            name = "" if offer is None else offer.id
            if kind is ladder:
                # A ladder's singles cost what their step says: two plans differ by their steps.
                name = f"{name}@{step}"
            elif kind is subscription and dated_enrollment(offer):
                # So does a plan whose enrollment costs what its month says.
                name = f"{name}@{month}"
            elif by_month:
                # And a purchase priced by its month, in a course taking a discount by month.
                name = f"{name}@{month}"
            line = (kind, name)
            slot = totals.get(line)
            if slot is None:
                totals[line] = [units, covered, extras]
            else:
                slot[0] += units
                slot[1] += covered
                slot[2] += extras
        return tuple(sorted([(k[0], k[1], v[0], v[1], v[2]) for k, v in totals.items()]))


NO_PLAN: Final = Plan(INF, ())


@dataclass(frozen=True, slots=True)
class Allowed:
    """Which offers a way of buying may use besides singles; ``None`` means all."""

    bundles: frozenset[str] | None = None
    subscriptions: frozenset[str] | None = None
    intro: bool = True
    """Whether a first-time price may be used (one at most: they do not stack)."""
    require_intro: bool = False
    """Whether the plan must use a first-time price, so the intro way shows one."""
    first: str | None = None
    """An offer the plan must start with, so a way of buying shows the offer it is named after.

    With ``first`` given, that offer is the only set or plan allowed.
    """
    packages: frozenset[str] | None = None
    """Which packages the course may buy; ``None`` means all."""
    require_package: str | None = None
    """A package the course must buy at least once, so the package's way shows it."""
    longest: int | None = None
    """The most months a monthly plan may be paid for without the request's months; ``None``
    for no limit. A yearly fee reads those months (:func:`~supecost.engine.context.course_caps`)."""
    least: tuple[tuple[str, int], ...] = ()
    """Sets the course must buy at least so many of (id, count), where a bill reads them (a
    set's gift, a fee it waives): :func:`gift_needs`, bought through :func:`_forcing`."""
    _hash: int = field(default=0, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Hashed once: every plan and solution of a quote is kept under its way's offers.
        offers = (self.bundles, self.subscriptions, self.packages, self.least)
        rest = (self.intro, self.require_intro, self.first, self.require_package, self.longest)
        object.__setattr__(self, "_hash", hash((offers, rest)))

    def __hash__(self) -> int:
        return self._hash

    def bundle_rows(self, table: Table) -> list[BundleRow]:
        """The table's sets this way may buy, in catalog order."""
        if self.bundles is None:
            return list(table.bundles)
        rows = (table.by_offer.get(offer) for offer in self.bundles)
        # A unit ticket's row is found by its id too, but it never buys visits.
        chosen = [r for r in rows if isinstance(r, BundleRow) and not r.offer.counts_units]
        # The sessions a patient holds, paid before, serve every way (ruled out by nothing).
        chosen += table.held
        if table.forced:  # a course that must buy some of a set (:func:`_forcing`)
            chosen += [r for r in table.forced if r.offer.id in self.bundles]
        return sorted(chosen, key=lambda r: r.index)

    def unit_ticket_rows(self, table: Table) -> tuple[list[BundleRow], bool]:
        """The table's unit tickets this way may buy, and whether it must buy one.

        A way named after a unit ticket buys it and nothing else but singles; a way
        named after another set or plan buys no unit ticket.
        """
        if self.first is not None:
            row = table.by_offer.get(self.first)
            if isinstance(row, BundleRow) and row.offer.counts_units:
                return [row], True
            return [], False
        if self.bundles is None:
            return list(table.unit_tickets), False
        return [r for r in table.unit_tickets if r.offer.id in self.bundles], False

    def subscription_rows(self, table: Table) -> list[SubscriptionRow]:
        """The table's monthly plans this way may buy, in catalog order."""
        if self.subscriptions is None:
            return list(table.subscriptions)
        rows = (table.by_offer.get(offer) for offer in self.subscriptions)
        return sorted((r for r in rows if isinstance(r, SubscriptionRow)), key=lambda r: r.index)


ALL: Final = Allowed()


def narrowed(allowed: Allowed, discounts: Sequence[Discount]) -> Allowed | None:
    """What a way may buy in a bill that takes ``discounts``; ``None`` where it cannot be.

    A discount not with a first-time price (``with_first_time = false``) leaves the bill no
    first-time price; one not with offers (``with_offers = false``) no set, unit ticket,
    monthly plan or package (:func:`~supecost.engine.context.rules_out`, the whole bill).
    A way that must buy what the discounts rule out (the first-time price's way, a way named
    after an offer or a package) has no bill with them.
    """
    ruled = rules_out(discounts)
    if FIRST_TIME in ruled:
        if allowed.require_intro:
            return None
        if allowed.intro:
            allowed = dataclasses.replace(allowed, intro=False)
    if OFFERS in ruled:
        if allowed.first is not None or allowed.require_package is not None:
            return None
        allowed = dataclasses.replace(
            allowed, bundles=_NO_OFFERS, subscriptions=_NO_OFFERS, packages=_NO_OFFERS
        )
    return allowed


def optimise(
    table: Table,
    sessions: int,
    months: int | None,
    allowed: Allowed,
    *,
    record: bool = True,
    visits: int | None = None,
    singles: Sequence[int] | None = None,
    slots: Sequence[int] = (),
    first_place: int | None = None,
    tickets: Tickets | None = None,
    ladder_steps: Sequence[int] | None = None,
) -> Plan:
    """The cheapest plan for ``sessions`` sessions of one treatment.

    With ``record`` false the plan holds its cost alone (no purchases), as a
    total needs. In a scheduled course the sessions are at the first of
    ``visits`` visits spread evenly over ``months`` (``sessions`` unless
    given); ``singles`` gives each session's single price in time order
    (``table.single`` for all unless given), ``slots`` the deadline month of
    each package slot the course bought for the treatment, and
    ``first_place`` the ladder place of the first session (its singles are
    then the ladder's). ``tickets``, in a scheduled course, are the unit tickets
    bought as runs of visits (:class:`Tickets`). ``ladder_steps``, with a ladder step
    held within days, each session's step item (:func:`ladder_step_items`).
    """
    if (
        tickets is None
        and not slots
        and singles is None
        and allowed.bundles == _NO_OFFERS == allowed.subscriptions
        and not table.held
    ):
        return _singles_only(table, sessions, months, allowed, record, visits)
    if months is None:
        assert tickets is None  # without months tickets are spent apart (_unscheduled_tickets)
        return _optimise_unscheduled(table, sessions, allowed, record)
    if slots or singles is not None:
        return _optimise_timeline(
            table,
            sessions,
            months,
            allowed,
            record,
            sessions if visits is None else visits,
            singles,
            slots,
            first_place,
            tickets,
            ladder_steps,
        )
    return _optimise_scheduled(table, sessions, months, allowed, record, visits, tickets)


_NO_OFFERS: Final[frozenset[str]] = frozenset()


def _with_intro(
    table: Table,
    allowed: Allowed,
    sessions: int,
    rest: Callable[[int], int],
    month_of: Sequence[int] | None = None,
) -> tuple[int, int, int]:
    """The cheapest first-time price and count of its sessions, with the total.

    Returns ``(total, count, position in table.intros)``: ``count`` 0 and
    position -1 when no first-time price is used, ``INF, -1, -1`` if no plan
    serves. A patient uses one first-time price at most (they do not stack),
    on the course's first sessions, ``count`` of them at most the offer's
    own; ``rest(count)`` is what the other sessions cost. Every first-time
    price the patient qualifies for is tried (:attr:`Table.intro_prices`
    holds the cheapest for each count). On a tie the fewest first-time
    sessions win, then the first listed, as the programmes choose. In a course with months
    (``month_of``, each session's month) a first-time set with an expiry sells only the
    sessions before it (:func:`~supecost.engine.tables.cheapest_intros`).
    """
    best, used = (INF, -1) if allowed.require_intro else (rest(0), 0)
    if best >= INF:
        best, used = INF, -1
    which = -1
    if allowed.intro:
        prices = table.intro_prices
        if month_of is not None and table.intros_expire:
            prices = tables.cheapest_intros(table.intros, month_of)
        for count in range(1, min(len(prices), sessions) + 1):
            cost, position = prices[count - 1]
            total = cost + rest(count)
            if total < best:
                best, used, which = total, count, position
    return best, used, which


def _singles_only(
    table: Table,
    sessions: int,
    months: int | None,
    allowed: Allowed,
    record: bool,
    visits: int | None,
) -> Plan:
    """The plan of a way with no set or monthly plan: singles, and the first-time price.

    What the programmes give there, in closed form: ``k`` singles cost ``k``
    times the price (open-ended at ``INF``), and the cheapest number of
    first-time sessions wins, fewest first. The singles are one purchase, or
    one per month of a scheduled course, as the programmes buy them.
    """

    def singles_cost(count: int) -> int:
        cost = count * table.single
        return cost if cost < INF else INF

    month_of = (
        None
        if months is None
        else _calendar(sessions, months, sessions if visits is None else visits)[0]
    )
    best, used, which = _with_intro(
        table, allowed, sessions, lambda count: singles_cost(sessions - count), month_of
    )
    if used < 0:
        return NO_PLAN
    if not record:
        return Plan(best, ())
    purchases = _intro_purchases(table, used, which)
    if month_of is None:
        if sessions > used:
            purchases.append(Purchase(LineKind.SINGLE, None, sessions - used, sessions - used))
    else:
        i = used
        while i < sessions:
            here = month_of[i]
            end = i + 1
            while end < sessions and month_of[end] == here:
                end += 1
            purchases.append(Purchase(LineKind.SINGLE, None, end - i, end - i, here))
            i = end
    return Plan(best, tuple(purchases))


_KNAPSACKS: dict[tuple[int, tuple[tuple[int, int, int], ...]], tuple[list[int], list[int]]] = {}
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
    key = (single, tuple([(row.sessions, row.price, row.top_up) for row in bundles]))
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
    cost: list[int],
    choice: list[int],
    single: int,
    sets: Sequence[tuple[int, int, int]],
    start: int,
) -> None:
    rows = [(position, size, price, top_up) for position, (size, price, top_up) in enumerate(sets)]
    for k in range(start, len(cost)):
        best = cost[k - 1] + single
        pick = -1
        for position, size, price, top_up in rows:
            rest = k - size
            # The last set bought covers the last min(k, size) sessions, each paying its top-up.
            candidate = price + cost[rest] + top_up * size if rest > 0 else price + top_up * k
            if candidate < best:
                best, pick = candidate, position
        cost[k] = best if best < INF else INF
        choice[k] = pick


def _unpack_knapsack(
    choice: Sequence[int], bundles: Sequence[BundleRow], sessions: int, single_kind: LineKind
) -> list[Purchase]:
    purchases: list[Purchase] = []
    # The singles of an unscheduled plan are one purchase of as many units, where the first
    # of them falls: they are all bought in month 0, and a long course holds hundreds.
    singles = 0
    where = -1
    k = sessions
    while k > 0:
        pick = choice[k]
        if pick < 0:
            if not singles:
                where = len(purchases)
            singles += 1
            k -= 1
        else:
            row = bundles[pick]
            covered = min(k, row.sessions)
            purchases.append(Purchase(LineKind.BUNDLE, row.offer, 1, covered))
            k -= covered
    if singles:
        purchases.insert(where, Purchase(single_kind, None, singles, singles))
    return purchases


def _optimise_unscheduled(table: Table, sessions: int, allowed: Allowed, record: bool) -> Plan:
    bundles = allowed.bundle_rows(table)
    capped = [row for row in bundles if row.offer.per_patient is not None] if table.limited else []
    if capped:
        return _unscheduled_capped(table, sessions, allowed, record, bundles, capped)
    return _unscheduled(table, sessions, allowed, record, bundles)


def _unscheduled_capped(
    table: Table,
    sessions: int,
    allowed: Allowed,
    record: bool,
    bundles: Sequence[BundleRow],
    capped: Sequence[BundleRow],
) -> Plan:
    """The cheapest unscheduled plan buying each set limited per patient at most its limit.

    Without months the order of purchases is free, so every count of each
    limited set (0 up to its ``per_patient``, at least 1 of the way's named
    one) is tried with the rest bought by the unlimited offers: exact, one
    unlimited programme per choice of counts (at most :data:`~supecost.catalog.
    MAX_PER_PATIENT` + 1 for each limited set; :func:`_capped_states` is the one
    rule of those counts).
    """
    free = [row for row in bundles if row.offer.per_patient is None]
    named = allowed.first is not None and any(row.offer.id == allowed.first for row in capped)
    # The named set is bought below; what it leaves is singles, as a set's way buys.
    rest_allowed = dataclasses.replace(allowed, first=None) if named else allowed
    best = NO_PLAN
    for counts in _capped_states(capped, allowed.first):
        fixed = sum(n * row.price for n, row in zip(counts, capped, strict=True))
        covered = sum(n * row.sessions for n, row in zip(counts, capped, strict=True))
        if table.forced and _idle(counts, capped, covered, sessions):
            continue
        left = max(0, sessions - covered)
        if table.forced:
            # A set bought for what a bill reads of it leaves a session whose top-up is no
            # cheaper than a single to the rest (the set's own left unused).
            cheap = (n * row.sessions for n, row in zip(counts, capped, strict=True))
            tops = (row.top_up < table.single for row in capped)
            left = max(left, sessions - sum(c for c, t in zip(cheap, tops, strict=True) if t))
        fixed += _top_ups_of(capped, counts, sessions - left)
        if left == 0 and named:
            rest = Plan(0, ())
        else:
            rest = _unscheduled(table, left, rest_allowed, record, free)
        total = min(INF, fixed + rest.cost)
        if total >= min(best.cost, INF):
            continue
        purchases: list[Purchase] = []
        if record:
            # Each limited set covers what the others leave, the lowest top-up first, else in
            # the order the catalog lists them (:func:`_top_ups_of`).
            need = sessions - left
            for n, row in _by_top_up(counts, capped):
                for _ in range(n):
                    share = min(need, row.sessions)
                    purchases.append(Purchase(LineKind.BUNDLE, row.offer, 1, share))
                    need -= share
        best = Plan(total, (*rest.purchases, *purchases), months=rest.months)
    return best


def _idle(counts: Sequence[int], capped: Sequence[BundleRow], covered: int, sessions: int) -> bool:
    """Whether one of these sets would cover no session: the others cover every one. A course
    buys a set for the sessions it covers, so where a set must be bought (``Table.forced``)
    for what a bill reads of it, one covering none is no course (a set bought at zero or
    more yen covering none never made a course cheaper before)."""
    smallest = min((row.sessions for n, row in zip(counts, capped, strict=True) if n), default=0)
    return smallest > 0 and covered - smallest >= sessions


def _by_top_up(counts: Sequence[int], capped: Sequence[BundleRow]) -> list[tuple[int, BundleRow]]:
    """Each limited set with its count, the lowest top-up first (the catalog's order on a tie)."""
    return sorted(zip(counts, capped, strict=True), key=lambda pair: pair[1].top_up)


def _top_ups_of(capped: Sequence[BundleRow], counts: Sequence[int], need: int) -> int:
    """The top-ups of ``need`` sessions covered by ``counts`` of each limited set, each set
    covering what the others leave, the lowest top-up first (as recorded): the cheapest."""
    paid = 0
    for n, row in _by_top_up(counts, capped):
        share = min(need, n * row.sessions)
        paid += share * row.top_up
        need -= share
    return paid


def _capped_states(
    capped: Sequence[BundleRow], first: str | None = None
) -> Iterator[tuple[int, ...]]:
    """Every choice of how many of each set limited per patient to buy, none first.

    Each count is from 0 (from 1 for the way's named set, ``first``) to the set's
    ``per_patient``, which the flat catalog has lowered by what the patient bought before.
    """
    ranges = []
    for row in capped:
        most = row.offer.per_patient
        assert most is not None
        ranges.append(range(1 if row.offer.id == first else 0, most + 1))
    yield from itertools.product(*ranges)


def _unscheduled(
    table: Table, sessions: int, allowed: Allowed, record: bool, bundles: Sequence[BundleRow]
) -> Plan:
    if allowed.first is not None:
        return _starting_with(table, sessions, bundles, allowed.first, allowed.longest)
    cost, choice = knapsack(table.single, bundles, sessions)
    # Knapsacks are prefix-stable: one per unit price serves every shorter rest.
    knapsacks = {table.single: (cost, choice)}
    best = INF
    # Costs first, purchases only for the winner: (intro sessions, monthly plan, its months).
    recipe: tuple[int, SubscriptionRow | None, int] | None = None
    # (first-time sessions, their cost, the offer's position in table.intros), fewest first.
    intro_options: list[tuple[int, int, int]] = [] if allowed.require_intro else [(0, 0, -1)]
    if allowed.intro:
        prices = table.intro_prices
        most = min(len(prices), sessions)
        intro_options += [(j, *prices[j - 1]) for j in range(1, most + 1)]
    plans = allowed.subscription_rows(table)
    which = -1
    for used, intro_cost, position in intro_options:
        rest = sessions - used
        if intro_cost + cost[rest] < best:
            best, recipe, which = intro_cost + cost[rest], (used, None, 0), position
        for row in plans:
            plan_cost, months = _subscription_cost(
                table, row, bundles, rest, knapsacks, allowed.longest
            )
            if plan_cost < INF and intro_cost + plan_cost < best:
                best, recipe, which = intro_cost + plan_cost, (used, row, months), position
    if recipe is None:
        return NO_PLAN
    used, monthly, months = recipe
    paid_for = None if monthly is None else months
    if not record:
        return Plan(best, (), months=paid_for)
    purchases = _intro_purchases(table, used, which)
    if monthly is None:
        purchases += _unpack_knapsack(choice, bundles, sessions - used, LineKind.SINGLE)
    else:
        rest = sessions - used
        purchases += _subscription_purchases(table, monthly, bundles, rest, months, knapsacks)
    return Plan(best, tuple(purchases), months=paid_for)


def _starting_with(
    table: Table,
    sessions: int,
    bundles: Sequence[BundleRow],
    offer_id: str,
    longest: int | None = None,
) -> Plan:
    """The cheapest unscheduled plan that buys ``offer_id`` at least once (order is free)."""
    row = table.by_offer[offer_id]
    if isinstance(row, SubscriptionRow):
        return _best_subscription_unscheduled(table, row, bundles, sessions, longest)
    # Only the typical point is optimised with a named offer, where no price is open.
    covered = min(sessions, row.sessions)
    cost, choice = knapsack(table.single, bundles, sessions - covered)
    rest = _unpack_knapsack(choice, bundles, sessions - covered, LineKind.SINGLE)
    purchase = Purchase(LineKind.BUNDLE, row.offer, 1, covered)
    total = row.price + row.top_up * covered + cost[sessions - covered]
    return Plan(min(INF, total), (purchase, *rest))


def _intro_purchases(table: Table, used: int, which: int, month: int = 0) -> list[Purchase]:
    """The first-time price bought, ``used`` sessions of ``table.intros[which]``; none at 0.

    An offer sold whole is one unit however many of its sessions the course uses.
    """
    if used <= 0:
        return []
    offer = table.intros[which][0]
    return [Purchase(LineKind.INTRO, offer, 1 if offer.sold_whole else used, used, month)]


def _best_subscription_unscheduled(
    table: Table,
    row: SubscriptionRow,
    bundles: Sequence[BundleRow],
    sessions: int,
    longest: int | None = None,
) -> Plan:
    """One period of a monthly plan, the rest by extras while subscribed or by other offers."""
    if sessions == 0 or row.fee >= INF or row.enrollment >= INF:
        return NO_PLAN
    knapsacks: dict[int, tuple[list[int], list[int]]] = {}
    cost, months = _subscription_cost(table, row, bundles, sessions, knapsacks, longest)
    purchases = _subscription_purchases(table, row, bundles, sessions, months, knapsacks)
    return Plan(cost, purchases, months=months if cost < INF else None)


def _cover(
    table: Table,
    row: SubscriptionRow,
    bundles: Sequence[BundleRow],
    sessions: int,
    knapsacks: dict[int, tuple[list[int], list[int]]],
) -> tuple[list[int], list[int]]:
    """The knapsack for what a plan's allowance leaves: extras or singles, whichever is cheaper.

    ``knapsacks`` holds knapsacks already computed for at least ``sessions``,
    by unit price, and gains the one computed here.
    """
    cheaper_single = table.single if row.extra is None else min(table.single, row.extra)
    found = knapsacks.get(cheaper_single)
    if found is None:
        found = knapsacks[cheaper_single] = knapsack(cheaper_single, bundles, sessions)
    return found


def _subscription_cost(
    table: Table,
    row: SubscriptionRow,
    bundles: Sequence[BundleRow],
    sessions: int,
    knapsacks: dict[int, tuple[list[int], list[int]]],
    cap: int | None = None,
) -> tuple[int, int]:
    """The cost of one period of a monthly plan and its months (``INF`` where it cannot serve).

    The months are the cheapest for the plan's sessions (the fewest on a tie), from its
    minimum term to as many as its allowance needs, and at most ``cap`` where given; a plan
    with an early-termination fee may be left before its minimum term, paying the fee
    (:func:`~supecost.catalog.plan_held`), from one month on.
    """
    if sessions == 0 or row.fee >= INF or row.enrollment >= INF:
        return INF, 0
    # While subscribed, a session beyond the allowance may be an extra or bought otherwise.
    cost = _cover(table, row, bundles, sessions, knapsacks)[0]
    best_total, best_months = INF, 0
    per_month, fee, enrollment = row.per_month, row.fee, row.enrollment
    longest = max(row.min_months, -(-sessions // per_month))
    if cap is not None:
        longest = min(longest, cap)
    # The one period is the patient's first enrollment: its first months at their price.
    relief = row.relief or 0
    for months in range(row.min_months if row.early is None else 1, longest + 1):
        rest = sessions - months * per_month
        total = enrollment + months * fee - relief + cost[rest if rest > 0 else 0]
        if months < row.min_months:
            total += _leaving(row, relief, months)
        if total < best_total:
            best_total, best_months = total, months
    return best_total, best_months


def _subscription_purchases(
    table: Table,
    row: SubscriptionRow,
    bundles: Sequence[BundleRow],
    sessions: int,
    months: int,
    knapsacks: dict[int, tuple[list[int], list[int]]],
) -> tuple[Purchase, ...]:
    """The purchases of one period of ``months`` of a monthly plan and the rest."""
    choice = _cover(table, row, bundles, sessions, knapsacks)[1]
    covered = min(sessions, months * row.per_month)
    rest_purchases = _unpack_knapsack(choice, bundles, sessions - covered, LineKind.SINGLE)
    extras = 0
    if row.extra is not None and row.extra < table.single:
        extras = sum(p.units for p in rest_purchases if p.kind is LineKind.SINGLE)
        rest_purchases = [p for p in rest_purchases if p.kind is not LineKind.SINGLE]
    subscription = Purchase(LineKind.SUBSCRIPTION, row.offer, months, covered + extras, 0, extras)
    return (subscription, *rest_purchases)


_SINGLE, _BUNDLE, _MONTHLY, _TICKET, _SET_TICKETS = 0, 1, 2, 4, 5

_Run: TypeAlias = tuple[int, int, int, int | None, bool, tuple[int, int] | None]
"""A unit ticket's run as the programmes read it: position, units, price, validity, whether
limited per patient, and the months it is on sale in (:attr:`BundleRow.sale`)."""


class Tickets(NamedTuple):
    """Unit tickets (本数券) a scheduled programme buys as runs of visits.

    ``units`` per visit; ``required``: the first visit starts a run (the way named
    after the ticket). A run of ``L`` visits from visit ``i``, within the ticket's
    validity from ``i``'s month, pays all their first units and as many further
    units as its tickets hold; the programme's costs leave out every further unit
    (the plan adds them all), so a run is credited the further units it pays.
    """

    rows: tuple[BundleRow, ...]
    units: int
    required: bool
    least: bool = False
    """Whether the course buys one ticket at least, anywhere (:data:`_NEED`): a bill that
    may buy one, its singles and further units as in the dearest month, beside bills buying
    none priced by month (``tables.months_split``)."""


def ticket_run(price: int, size: int, visits: int, units: int, e: int) -> tuple[int, int, int]:
    """The cheapest tickets for a run of ``visits`` visits of ``units`` each:
    (their price less the further units they pay at ``e`` each, tickets, further units paid).

    ``k`` tickets pay the run's first units and ``min(k x size - visits, further)`` further
    units, so the cost falls (while a unit costs less than ``e``) then rises in ``k``: the
    least, the most useful and the count at the turn are the only candidates.
    """
    further = visits * (units - 1)
    low = -(-visits // size)
    high = -(-(visits * units) // size)
    best = (INF, 0, 0)
    for k in {low, high, max(low, visits * units // size)}:
        paid = min(k * size - visits, further)
        cost = k * price - paid * e
        if cost < best[0] or (cost == best[0] and k < best[1]):
            best = (cost, k, paid)
    return best


def _further_by_month(
    month_of: Sequence[int], start: int, end: int, per_visit: int, paid: int, before: int = 0
) -> tuple[tuple[int, int], ...]:
    """The months of the further units a run from ``start`` to ``end`` pays, earliest first,
    after the ``before`` (none unless given) that other tickets bought with it pay."""
    months: dict[int, int] = {}
    for i in range(start, end):
        if paid <= 0:
            break
        skipped = min(before, per_visit)
        before -= skipped
        take = min(per_visit - skipped, paid)
        if take:
            months[month_of[i]] = months.get(month_of[i], 0) + take
            paid -= take
    return tuple(months.items())


_ScheduledLayer: TypeAlias = tuple[
    list[int],
    list[tuple[int, int, int, int, int]],
    dict[int, tuple[tuple[int, int, int, int], ...]],
]
"""One layer of the scheduled programme: the cost from each session on, its move, and the
unit tickets a set's move buys beside it there (:func:`_beside_tickets`)."""


def _optimise_scheduled(
    table: Table,
    sessions: int,
    months: int,
    allowed: Allowed,
    record: bool,
    visits: int | None = None,
    tickets: Tickets | None = None,
) -> Plan:
    """Sessions in time order: each purchase covers the next run of sessions it can.

    A programme over sessions from the last back: ``cost[i]`` is the cheapest
    way to buy sessions ``i`` on. A set covers the next run of sessions within
    its validity; a monthly plan started in month ``here`` and ended before
    month ``stop`` covers the sessions in between (its allowance each month,
    extras beyond it where the plan has them).

    A plan started at ``here`` costs ``enrollment - here x fee + g(stop)``
    plus the first month's overflow, with ``g(stop) = stop x fee +
    overflow(stop) x unit + cost[first session from stop]``, ``unit`` being
    the cheaper of its extra and a single (a single where it sells no extras).
    ``g`` depends on ``stop`` alone, so a suffix minimum, learnt as the
    programme walks back through the months, replaces a loop over every
    length: O(sessions + months) per plan instead of O(sessions x months). The
    loops are inlined on plain ints and tuples: this is the optimiser's
    hottest code.

    ``visits`` (``sessions`` unless given) are the course's visits spread
    over its months, the sessions being at the first of them. Packages and
    ladders take the general form, :func:`_optimise_timeline`. ``tickets`` are
    unit tickets, each a run of visits too (:class:`Tickets`); without them the
    programme is as it was.
    """
    visits = sessions if visits is None else visits
    month_of, first_at = _calendar(sessions, months, visits)
    bundles = allowed.bundle_rows(table)
    subscriptions = [
        row for row in allowed.subscription_rows(table) if row.fee < INF and row.enrollable
    ]
    single = table.single
    capped = (
        _capped_positions(bundles)
        + _first_month_positions(subscriptions)
        + ([] if tickets is None else _ticket_positions(tickets.rows))
        if table.limited
        else []
    )
    if tickets is not None and tickets.least:
        capped.append((_NEED, 1))
    forced_first = (
        -1
        if allowed.first is None and (tickets is None or not tickets.required)
        else _forced_at(
            table,
            allowed,
            first_at,
            tickets.rows[0] if tickets is not None and tickets.required else None,
        )
    )
    # An open-ended ticket (the high point) is never bought: its run would credit its units.
    runs = None
    per_visit = 1
    if tickets is not None:
        per_visit = tickets.units
        runs = (
            [
                (p, r.sessions, r.price, r.valid_months, r.offer.per_patient is not None, r.sale)
                for p, r in enumerate(tickets.rows)
                if r.price < INF
            ],
            per_visit,
            table.extra_unit,
        )

    # One layer per count of each limited set left (``_layered``), and per plan with a
    # first-month price whether it is still to take; each reads the one below.
    terms = (sessions, months, visits, month_of, first_at, bundles, subscriptions, single)
    if capped:
        fill = functools.partial(_scheduled_layer, *terms, forced_first, record, table.dated, runs)
        layers, top = _layered(capped, fill)
    else:  # most catalogs: one layer, called directly (this is the optimiser's hottest path)
        layers, top = (
            {(): _scheduled_layer(*terms, forced_first, record, table.dated, runs, {})},
            (),
        )

    cost = layers[top][0]
    best_cost, used, which = _with_intro(table, allowed, sessions, cost.__getitem__, month_of)
    if used < 0:
        return NO_PLAN
    if not record:
        return Plan(best_cost, ())

    # A month's singles in a row are one purchase of as many units (a ladder's places,
    # each with a price of its own, take the timeline's programme instead).
    def walk(start: int) -> list[Purchase]:
        purchases: list[Purchase] = []
        state = top
        step = layers[state][1]
        i = start
        while i < sessions:
            kind, position, end, units, extras = step[i]
            here = month_of[i]
            if kind == _SINGLE:
                while end < sessions and step[end][0] == _SINGLE and month_of[end] == here:
                    end += 1
                purchases.append(Purchase(LineKind.SINGLE, None, end - i, end - i, here))
            elif kind == _BUNDLE:
                offer = bundles[position].offer
                purchases.append(_set_purchase(bundles[position], month_of, i, end))
                if offer.per_patient is not None:
                    state = _lowered(state, capped, position)
                    step = layers[state][1]
            elif kind == _SET_TICKETS:
                assert tickets is not None
                # A set of visits pays the run's first units, tickets its further units.
                chosen = layers[state][2][i]
                offer = bundles[position].offer
                purchases.append(_set_purchase(bundles[position], month_of, i, end))
                if offer.per_patient is not None:
                    state = _lowered(state, capped, position)
                for p, count, paid, before in chosen:
                    ticket = tickets.rows[p]
                    if ticket.offer.per_patient is not None:
                        state = _lowered(state, capped, _ticket_key(p), count)
                    purchases.append(
                        _ticket_purchase(
                            ticket, count, 0, paid, month_of, i, end, per_visit, before
                        )
                    )
                state = _met(state, capped)
                step = layers[state][1]
            elif kind == _TICKET:
                assert tickets is not None
                ticket = tickets.rows[position]
                if ticket.offer.per_patient is not None:
                    state = _lowered(state, capped, _ticket_key(position), units)
                state = _met(state, capped)
                step = layers[state][1]
                purchases.append(
                    _ticket_purchase(ticket, units, end - i, extras, month_of, i, end, per_visit)
                )
            else:
                monthly = subscriptions[position]
                if _first_month_left(state, capped, position):
                    # Its first enrollment took the first-month price: the rest pays the fee.
                    state = _lowered(state, capped, _plan_key(position))
                    step = layers[state][1]
                # What the allowance leaves is paid in the month of its visit.
                over = _over_by_month(month_of, i, end, monthly.per_month, monthly.offer.carry_over)
                assert sum(count for _, count in over) == extras
                if monthly.extra is None or single < monthly.extra:
                    purchases.append(
                        Purchase(
                            LineKind.SUBSCRIPTION, monthly.offer, units, end - i - extras, here
                        )
                    )
                    purchases += [Purchase(LineKind.SINGLE, None, n, n, m) for m, n in over]
                else:
                    purchases.append(
                        Purchase(
                            LineKind.SUBSCRIPTION,
                            monthly.offer,
                            units,
                            end - i,
                            here,
                            extras,
                            extra_months=over,
                        )
                    )
            i = end
        return purchases

    return Plan(best_cost, (*_intro_purchases(table, used, which), *walk(used)))


_NO_MOVE: Final = (0, 0, 0, 0, 0)
"""The move a programme that keeps no moves carries: never read."""

_NO_END: Final = INF << 24
"""No end month taken into a plan's suffix minimum yet: above any ``g``, which holds at
most one INF per session (an open extra price at the high point) beside finite fees."""


def _scheduled_layer(
    sessions: int,
    months: int,
    visits: int,
    month_of: Sequence[int],
    first_at: Sequence[int],
    bundles: Sequence[BundleRow],
    subscriptions: Sequence[SubscriptionRow],
    single: int,
    forced_first: int,
    record: bool,
    dated: bool,
    tickets: tuple[Sequence[_Run], int, int] | None,
    below: dict[int, _ScheduledLayer],
) -> _ScheduledLayer:
    """:func:`_optimise_scheduled`'s programme over one layer: ``cost[i]`` and its moves.

    A set limited per patient is bought into ``below`` (the layer with one fewer
    of it left), and not at all where ``below`` lacks it. A plan with a first-month
    price still to take (its :func:`_plan_key` in ``below``) starts with it and
    continues in ``below``; once taken, it starts at full price in this layer.
    ``tickets`` are the unit tickets' runs (position, units, price, validity, whether
    limited per patient), the units a visit and a further unit's price (:class:`Tickets`).
    A run of ``k`` tickets limited per patient continues in the layer with ``k`` fewer
    of them left (:meth:`_Below.fewer`), and buys no more than are left.
    """
    everything: Sequence[_Run] = ()
    kinds: list[tuple[int, int, int, int | None, int, tuple[int, int] | None]] = []
    per_visit = 1
    e = 0
    runs: list[tuple[int, int, int, int | None, tuple[int, int] | None]] = []
    limited_runs: list[
        tuple[int, int, int, int | None, tuple[int, int] | None, list[list[int]]]
    ] = []
    need = _need_also(below) if tickets is not None else ()
    if tickets is not None:  # most catalogs have none: no setup on the hot path
        everything, per_visit, e = tickets
        runs = [
            (p, size, price, valid, on_sale)
            for p, size, price, valid, limited, on_sale in everything
            if not limited
        ]
        # A limited ticket's runs: each count of tickets bought, with the layer it leads to.
        limited_runs = [
            (
                p,
                size,
                price,
                valid,
                on_sale,
                [layer[0] for layer in _fewer_layers(below, _ticket_key(p), *need)],
            )
            for p, size, price, valid, limited, on_sale in everything
            if limited and _ticket_key(p) in below
        ]
        # The tickets a set may be bought beside: a limited one's slot among the counts of
        # them bought (:func:`_beside_targets`), -1 for an unlimited one.
        slots = itertools.count()
        kinds = [
            (p, size, price, valid, next(slots) if limited else -1, on_sale)
            for p, size, price, valid, limited, on_sale in everything
            if not limited or _ticket_key(p) in below
        ]
    ticketed = bool(everything)
    # Arrays stop at the course's last month: past it there are no sessions, so a move
    # that looks further reads the last month's values (``first_at[months]`` is the end).
    cost = [INF] * (sessions + 1)
    sets = [
        (position, row.sessions, row.price, row.valid_months, below[position][0])
        if row.offer.per_patient is not None
        else (position, row.sessions, row.price, row.valid_months, cost)
        for position, row in enumerate(bundles)
        if row.sale is None
        and not row.top_up
        and not row.forced
        and (row.offer.per_patient is None or position in below)
    ]
    # The way's named offer is bought at ``forced_first``: not a set the patient holds, which
    # serves any sessions (no validity, no price) and so loses nothing bought elsewhere.
    held = forced_first >= 0 and any(row.held for row in bundles)
    forced_sets = [s for s in sets if not bundles[s[0]].held] if held else sets
    # Sets with a sales window apart, and with tickets every set again for its shorter runs
    # (a ticket's run is credited the further units it pays, so the cost from a session on
    # may rise with fewer sessions left), and a set with a top-up, which may stop short too
    # (each session it covers costs its top-up, which a single in a cheaper month may beat):
    # the hot loop over the others is as it was.
    topped = any(row.top_up or row.forced for row in bundles)
    apart = (
        [
            (
                position,
                row.sessions,
                row.price,
                row.valid_months,
                cost if row.offer.per_patient is None else below[position][0],
                row.sale,
                ticketed or bool(row.top_up) or row.forced,
                row.top_up,
            )
            for position, row in enumerate(bundles)
            if (row.sale is not None or ticketed or row.top_up or row.forced)
            and (row.offer.per_patient is None or position in below)
        ]
        if dated or ticketed or topped
        else []
    )
    plans = [
        (
            position,
            sub.per_month,
            sub.fee,
            sub.min_months,
            sub.enrollment,
            _overflow(sessions, months, visits, sub.per_month),
            # A session beyond the allowance: the plan's extra where it sells one and is
            # cheaper, else a single bought beside the plan (docs/catalog.md, "Places").
            min(sub.extra, single) if sub.extra is not None else single,
            [(_NO_END, 0)] * (months + 2),  # the suffix minimum of g, as (g, stop)
            [months + 1],  # the lowest end month taken into it so far
            *(_first_month_move(sub, position, cost, below) if below else (cost, 0)),
            sub.offer.carry_over,
        )
        for position, sub in enumerate(subscriptions)
    ]
    # A plan with a sales window is enrolled in it, never ahead: the plans open in each
    # month (every plan in every month where the table has no window), each at what its
    # enrollment costs in that month.
    open_at = (
        [
            [
                _enrolled_plan(plan, sub, month, cost)
                for plan, sub in zip(plans, subscriptions, strict=True)
                if sub.sale is None or sub.sale[0] <= month <= sub.sale[1]
            ]
            for month in range(months)
        ]
        if dated
        else [plans] * months
    )

    # Moves are kept as plain ints (kind, row, end, units, extras); purchases are built
    # only for the plan walked at the end, since most candidates are discarded.
    step: list[tuple[int, int, int, int, int]] = [_NO_MOVE] * (sessions + 1) if record else []
    # Tickets bought beside a set of visits pay its visits' further units (its first units
    # are the set's): every set, one with a sales window too (its window decides where it
    # pairs), with the layers each count of the limited tickets beside it continues in.
    beside = (
        [
            (*row, _beside_targets(below, row[0], row[4], kinds, bundles, need))
            for row in [
                *((*set_, None, 0) for set_ in sets),
                *((*a[:6], a[7]) for a in apart if a[5] or a[7] or bundles[a[0]].forced),
            ]
        ]
        if ticketed and per_visit > 1
        else []
    )
    picks: dict[int, tuple[tuple[int, int, int, int], ...]] = {}
    # A course that must still buy a ticket ends nowhere without one; a ticket bought
    # continues where none is needed.
    cost[sessions] = INF if need else 0
    bought_one = below[_NEED][0] if need else cost
    move = _NO_MOVE
    for i in range(sessions - 1, -1, -1):
        here = month_of[i]
        best = INF if i == forced_first else cost[i + 1] + single
        if record:  # a move is kept only where the plan is walked (not for a best total)
            move = (_SINGLE, 0, i + 1, 1, 0)
        for position, size, price, valid, target in sets if i != forced_first else forced_sets:
            end = i + size
            if valid is not None and here + valid < months:
                cap = first_at[here + valid]
                if cap < end:
                    end = cap
            if end > sessions:
                end = sessions
            candidate = price + target[end]
            if candidate < best:
                best = candidate
                if record:
                    move = (_BUNDLE, position, end, 1, 0)
        if apart:  # most catalogs: none, and not even an empty loop a session
            for position, size, price, valid, target, window, shorter, top_up in apart:
                if i == forced_first and held and bundles[position].held:
                    continue  # the way's named offer is bought here
                end = min(_dated_end(window, here, i + size, valid, months, first_at), sessions)
                # A set not on sale yet, or whose validity from its purchase is over, has
                # ``end <= i``: no run at all.
                for stop in range(i + 1 if shorter else max(end, i + 1), end + 1):
                    candidate = price + top_up * (stop - i) + target[stop]
                    if candidate < best:
                        best = candidate
                        if record:
                            move = (_BUNDLE, position, stop, 1, 0)
        if ticketed:  # kept apart from the sets' loop: most catalogs have no unit tickets
            for position, size, price, valid, _, window, top_up, onward in beside:
                end = min(_dated_end(window, here, i + size, valid, months, first_at), sessions)
                # Each counted from the month it is bought in (:func:`_bought_in`); a set or
                # ticket not on sale yet, or already expired, pays nothing here.
                reaching = sorted(
                    (reach, p, size_t, price_t, slot)
                    for p, size_t, price_t, valid_t, slot, window_t in kinds
                    if (reach := _dated_end(window_t, here, end, valid_t, months, first_at)) > i
                )
                if not reaching:
                    continue
                # The set may stop short of its run, as alone (a run's cost from a session on
                # may rise with fewer sessions left). Its whole run first, so that a tie keeps
                # it, as before.
                for stop in range(end, i, -1):
                    for key, spent, paid, chosen in _beside_tickets(
                        reaching, stop, i, per_visit - 1, onward, record
                    ):
                        candidate = price + top_up * (stop - i) + spent - paid * e
                        candidate += onward[key][stop]
                        if candidate < best:
                            best = candidate
                            if record:
                                move = (_SET_TICKETS, position, stop, 0, paid)
                                picks[i] = chosen
            for position, size, price, valid, on_sale in runs:
                stop = _dated_end(on_sale, here, sessions, valid, months, first_at)
                for end in range(i + 1, stop + 1):
                    run, bought, paid = ticket_run(price, size, end - i, per_visit, e)
                    candidate = run + bought_one[end]
                    if candidate < best:
                        best = candidate
                        if record:
                            move = (_TICKET, position, end, bought, paid)
            for position, size, price, valid, on_sale, targets in limited_runs:
                stop = _dated_end(on_sale, here, sessions, valid, months, first_at)
                for end in range(i + 1, stop + 1):
                    length = end - i
                    further = length * (per_visit - 1)
                    # Fewer tickets leave more for later: every count that pays the run is tried.
                    for bought in range(-(-length // size), len(targets) + 1):
                        paid = min(bought * size - length, further)
                        candidate = bought * price - paid * e + targets[bought - 1][end]
                        if candidate < best:
                            best = candidate
                            if record:
                                move = (_TICKET, position, end, bought, paid)
                        if paid == further:
                            break  # a further ticket would pay nothing more
        following = first_at[here + 1]
        for (
            position,
            per,
            fee,
            least,
            enrollment,
            prefix,
            unit,
            ends,
            known,
            after,
            relief,
            carries,
        ) in open_at[here]:
            sub = subscriptions[position]
            leave = None if sub.early is None else functools.partial(_leaving, sub, relief)
            if carries:  # its months are not apart: a month's unused sessions reach the next
                value, stop, extras = _carried_plan(
                    i, here, months, first_at, per, fee, here + least, unit, after, leave
                )
                candidate = enrollment + value - relief
                if candidate < best:
                    best = candidate
                    if record:
                        move = (
                            _MONTHLY,
                            position,
                            first_at[min(stop, months)],
                            stop - here,
                            extras,
                        )
                continue
            # Sessions of this month before ``i`` are already bought another way.
            over = following - i - per
            first_month_over = (over if over > 0 else 0) - prefix[here + 1]
            lowest = here + least
            # Take in every end month after ``here``: their costs are final by now.
            learnt = known[0]
            while learnt > here + 1:
                learnt -= 1
                g = learnt * fee + prefix[learnt] * unit + after[first_at[learnt]]
                later = ends[learnt + 1]
                # On a tie the earlier end wins: the shorter plan, as a loop over lengths.
                ends[learnt] = (g, learnt) if g <= later[0] else later
            known[0] = learnt
            if lowest > months:
                # The minimum term runs past the course: the plan ends after its last session.
                stop = lowest
                value = lowest * fee + prefix[months] * unit
            else:
                value, stop = ends[lowest]
                if value >= _NO_END and leave is None:
                    continue
            # ``value`` may hold INF per overflowing session (an open price at the high
            # point) that ``first_month_over`` takes back for sessions bought before ``i``:
            # only the sum says whether the plan is open-ended here.
            candidate = enrollment + value - here * fee - relief + first_month_over * unit
            if candidate < best:
                best = candidate
                if record:
                    inside = stop if stop < months else months
                    move = (
                        _MONTHLY,
                        position,
                        first_at[inside],
                        stop - here,
                        first_month_over + prefix[inside],
                    )
            if leave is None:
                continue
            # Left before its minimum term, at its fee (each end month's cost is final).
            for stop in range(here + 1, min(lowest, months + 1)):
                g = stop * fee + prefix[stop] * unit + after[first_at[stop]]
                candidate = enrollment + g - here * fee - relief + first_month_over * unit
                candidate += leave(stop - here)
                if candidate < best:
                    best = candidate
                    if record:
                        move = (
                            _MONTHLY,
                            position,
                            first_at[stop],
                            stop - here,
                            first_month_over + prefix[stop],
                        )
        cost[i] = best if best < INF else INF
        if record:
            step[i] = move

    return cost, step, picks


_PlanStart: TypeAlias = tuple[
    int, int, int, int, int, list[int], int, list[tuple[int, int]], list[int], list[int], int, bool
]
"""A plan as :func:`_scheduled_layer` starts it: position, allowance, fee, minimum term,
enrollment, overflow by month, a session's price beyond the allowance, the suffix minimum
of its ends and the lowest end taken into it, where it continues, its relief there, and
whether it carries a month's unused sessions over (:attr:`Subscription.carry_over`)."""


def _carried_plan(
    i: int,
    here: int,
    months: int,
    first_at: Sequence[int],
    per: int,
    fee: int,
    lowest: int,
    unit: int,
    after: Sequence[int],
    leave: Callable[[int], int] | None = None,
) -> tuple[int, int, int]:
    """The cheapest run of a plan that carries unused sessions over, started at session ``i``
    in month ``here``: its fees from ``here`` and extras, and what follows, with its end
    month and extras.

    A month's extras depend on the allowance carried from the month before
    (:func:`~supecost.catalog.allowance_month`), so the extras of a run are no difference of
    prefix sums and the suffix minimum of :func:`_scheduled_layer` does not hold: every end
    from the minimum term on is tried, walking the months once (O(months) per session).
    An end past the course pays the months of the minimum term after its last session.
    On a tie the earlier end wins, as the suffix minimum's. With ``leave`` (a plan with an
    early-termination fee: what leaving after so many months adds, :func:`_leaving`), an
    end before the minimum term pays it.
    """
    best, stop_at, extras_at = INF << 24, lowest, 0
    carried, extras = 0, 0
    for month in range(here, months):
        start = i if month == here else first_at[month]
        over, carried, _ = allowance_month(per, True, carried, first_at[month + 1] - start)
        extras += over
        stop = month + 1
        if stop >= lowest or leave is not None:
            value = (stop - here) * fee + extras * unit + after[first_at[stop]]
            if stop < lowest:
                assert leave is not None
                value += leave(stop - here)
            if value < best:
                best, stop_at, extras_at = value, stop, extras
    if lowest > months:
        # The minimum term runs past the course: the plan ends after its last session, or
        # (``leave``) is left at the course's end or before, whichever is cheaper.
        value = (lowest - here) * fee + extras * unit
        if leave is None or value <= best:
            best, stop_at, extras_at = value, lowest, extras
    return best, stop_at, extras_at


def _leaving(row: SubscriptionRow, relief: int, held: int) -> int:
    """What leaving ``row`` after ``held`` months of its minimum term adds to its fees paid so
    far: its early-termination fee, and the relief of the first months not held
    (:func:`~supecost.catalog.plan_held`, :meth:`SubscriptionRow.relief_of`)."""
    assert row.early is not None
    return row.early + relief - row.relief_of(relief, held)


def _enrolled_plan(
    plan: _PlanStart, row: SubscriptionRow, month: int, cost: list[int]
) -> _PlanStart:
    """``plan`` started in ``month``: at that month's enrollment, and its first months' relief
    where that month is in the first-month price's window (:attr:`SubscriptionRow.by_month`).

    A start that continues in the layer below (``plan[9]`` is not ``cost``) is the patient's
    first enrollment: out of the window it takes no relief, and is still the first."""
    if row.by_month is None:
        return plan
    enrollment, relief = row.by_month[month]
    taken = relief if relief is not None and plan[9] is not cost else 0
    return (*plan[:4], enrollment, *plan[5:10], taken, plan[11])


def _forced_at(
    table: Table, allowed: Allowed, first_at: Sequence[int], ticket: BundleRow | None = None
) -> int:
    """The session a way named after an offer buys it at (-1: none named): the first, or
    where the offer's sales window opens later in the course, the first session from then
    (singles buy those before it)."""
    if ticket is None and allowed.first is None:
        return -1
    row = ticket or table.by_offer.get(allowed.first or "")
    # An offer the table lacks (none is named so) would be bought first, as before windows.
    sale = None if row is None else row.sale
    return 0 if sale is None else first_at[sale[0]]


def _dated_end(
    sale: tuple[int, int] | None,
    here: int,
    end: int,
    valid: int | None,
    months: int,
    first_at: Sequence[int],
) -> int:
    """Where a set first used in month ``here`` stops: ``end`` or the first session its
    validity, counted from the month it is bought in (:func:`_bought_in`), no longer reaches;
    0 where it cannot be bought for that use (its sales window not yet open)."""
    bought = here if sale is None else bought_month(sale, here)
    if bought is None:
        return 0
    if valid is not None and bought + valid < months:
        cap = first_at[bought + valid]
        if cap < end:
            return cap
    return end


def _set_purchase(row: BundleRow, month_of: Sequence[int], i: int, end: int) -> Purchase:
    """A set bought at session ``i`` covering the sessions up to ``end``; with a top-up, the
    months of those sessions and how many in each, as its top-ups are paid at each visit."""
    if not row.top_up:
        # The common set, built positionally: a named tuple's keywords cost a call.
        return Purchase(LineKind.BUNDLE, row.offer, 1, end - i, _bought_in(row, month_of[i]))
    visits = tuple(collections.Counter(month_of[i:end]).items())
    return Purchase(
        LineKind.BUNDLE,
        row.offer,
        1,
        end - i,
        _bought_in(row, month_of[i]),
        extra_months=visits,
    )


def _price_bought(row: BundleRow, first_use: int) -> int:
    """What a set first used in ``first_use`` costs: its price in the month it is bought in."""
    return row.price_in(_bought_in(row, first_use))


def _bought_in(row: BundleRow, first_use: int) -> int:
    """The month a set first used in ``first_use`` is bought in: then, or in its sales
    window's last month where that closed before (:func:`~supecost.engine.resolve.bought_month`)."""
    if row.sale is None:
        return first_use
    bought = bought_month(row.sale, first_use)
    assert bought is not None  # the programmes never buy a set before its window opens
    return bought


_L = TypeVar("_L")


def _plan_key(position: int) -> int:
    """A plan's key among a layered programme's limits: negative, apart from the sets'."""
    return -1 - position


def _first_month_positions(plans: Sequence[SubscriptionRow]) -> list[tuple[int, int]]:
    """Each plan with a first-month price for this patient, by its :func:`_plan_key`, with 1:
    the one first enrollment that takes it (a restart pays the fee from its first month)."""
    return [(_plan_key(p), 1) for p, row in enumerate(plans) if row.relief is not None]


def _first_month_left(
    state: tuple[int, ...], capped: Sequence[tuple[int, int]], position: int
) -> bool:
    """Whether the plan at ``position`` still has its first-month price to take in ``state``."""
    key = _plan_key(position)
    return any(p == key and state[k] for k, (p, _) in enumerate(capped))


def _first_month_move(
    row: SubscriptionRow, position: int, cost: list[int], below: dict[int, _ScheduledLayer]
) -> tuple[list[int], int]:
    """Where a plan started in a scheduled layer continues, and what its first months save:
    ``below`` with the relief while its first-month price is still to take, else this layer."""
    key = _plan_key(position)
    if row.relief is not None and key in below:
        return below[key][0], row.relief
    return cost, 0


_TICKET_KEYS: Final = 1 << 24
"""Where unit tickets' keys among a layered programme's limits start: above every set's
position (a catalog has at most 2,000 offers), apart from the plans' negative keys."""


def _ticket_key(position: int) -> int:
    """A unit ticket's key among a layered programme's limits, by its position."""
    return _TICKET_KEYS + position


_NEED: Final = -_TICKET_KEYS
"""The key among a layered programme's limits of a course that must still buy a unit ticket
(:attr:`Tickets.least`), 1 until it buys one: below the plans' keys. Its layer with one
left ends at :data:`INF` (no course without a ticket), and every ticket bought from it
continues in the layer with none left."""


def _need_also(below: dict[int, _L]) -> tuple[tuple[int, int], ...]:
    """What a ticket bought from a layer lowers besides its own count: the need of one, where
    the layer still has it (:data:`_NEED`)."""
    return ((_NEED, 1),) if _NEED in below else ()


def _met(state: tuple[int, ...], capped: Sequence[tuple[int, int]]) -> tuple[int, ...]:
    """``state`` once a unit ticket is bought: no ticket still needed (:data:`_NEED`)."""
    for k, (key, _) in enumerate(capped):
        if key == _NEED and state[k]:
            return _lowered(state, capped, _NEED)
    return state


def _ticket_positions(rows: Sequence[BundleRow]) -> list[tuple[int, int]]:
    """Each unit ticket limited per patient, by its :func:`_ticket_key`, with its limit."""
    return [
        (_ticket_key(position), row.offer.per_patient)
        for position, row in enumerate(rows)
        if row.offer.per_patient is not None
    ]


class _Below(dict[int, _L]):
    """Where a layer of a layered programme continues: under each limited key with some
    left, the layer with one fewer of it; through :meth:`fewer`, any layer further down
    (a unit ticket's run buys several at once, perhaps beside a limited set)."""

    __slots__ = ("_capped", "_layers", "_state")

    def __init__(
        self,
        layers: dict[tuple[int, ...], _L],
        state: tuple[int, ...],
        capped: Sequence[tuple[int, int]],
    ) -> None:
        super().__init__()
        self._layers, self._state, self._capped = layers, state, capped

    def fewer(self, *taken: tuple[int, int]) -> _L | None:
        """The layer with ``n`` fewer of each ``(key, n)`` left; ``None`` where not so many are."""
        state = self._state
        for key, n in taken:
            if state[next(k for k, (p, _) in enumerate(self._capped) if p == key)] < n:
                return None
            state = _lowered(state, self._capped, key, n)
        return self._layers[state]


def _fewer_layers(below: dict[int, _L], key: int, *also: tuple[int, int]) -> list[_L]:
    """The layers with 1, 2, ... fewer of the unit ticket ``key`` left (and fewer of each
    ``also``), as many as the layer has left."""
    assert isinstance(below, _Below)
    found: list[_L] = []
    while (layer := below.fewer((key, len(found) + 1), *also)) is not None:
        found.append(layer)
    return found


def _beside_targets(
    below: dict[int, _ScheduledLayer],
    position: int,
    target: list[int],
    kinds: Sequence[tuple[int, int, int, int | None, int, tuple[int, int] | None]],
    bundles: Sequence[BundleRow],
    need: tuple[tuple[int, int], ...] = (),
) -> dict[tuple[int, ...], list[int]]:
    """Where the set at ``position`` bought with unit tickets continues: by the count of each
    limited ticket bought beside it (in their slots' order), the costs of the layer with
    that many fewer of them left, and one fewer of the set too where it is limited
    (``target`` where no limited ticket is bought). A count not left is absent. ``need``:
    the need of a ticket the layer still has (:func:`_need_also`), which any ticket meets."""
    limited = [p for p, _, _, _, slot, _ in kinds if slot >= 0]
    also: tuple[tuple[int, int], ...] = (
        ((position, 1),) if bundles[position].offer.per_patient is not None else ()
    )
    if need:
        assert isinstance(below, _Below)
        met = below.fewer(*also, *need)
        assert met is not None  # the layer has the need, and the set where it is limited
        target = met[0]
    found = {(0,) * len(limited): target}
    if not limited:
        return found
    also += need
    most = [len(_fewer_layers(below, _ticket_key(p))) for p in limited]
    assert isinstance(below, _Below)
    for counts in itertools.product(*(range(m + 1) for m in most)):
        taken = tuple((_ticket_key(p), n) for p, n in zip(limited, counts, strict=True) if n)
        if taken and (layer := below.fewer(*taken, *also)) is not None:
            found[counts] = layer[0]
    return found


def _beside_tickets(
    reaching: Sequence[tuple[int, int, int, int, int]],
    stop: int,
    start: int,
    per: int,
    targets: dict[tuple[int, ...], list[int]],
    record: bool,
) -> Iterator[tuple[tuple[int, ...], int, int, tuple[tuple[int, int, int, int], ...]]]:
    """Every way of buying unit tickets beside a set covering sessions ``start`` to ``stop``,
    of one kind or several, one ticket at least, by the further units they pay: the limited
    tickets' counts (a key of ``targets``), their price, the further units paid, and
    (``record``) each kind's (position, tickets, further units paid, units paid before it).

    ``reaching`` holds each kind as (the session its validity reaches, position, units,
    price, slot), shortest reach first: the visits each may pay are a prefix of the set's,
    so matching units to them in that order pays the most. A programme over the kinds
    keeps, per further units paid so far and limited counts, the cheapest tickets; each
    kind is bought up to the count that pays every further unit it reaches."""
    width = len(next(iter(targets)))
    states: dict[tuple[int, tuple[int, ...]], tuple[int, tuple[tuple[int, int, int, int], ...]]]
    states = {(0, (0,) * width): (0, ())}
    for reach, p, size, price, slot in reaching:
        cap = ((stop if stop < reach else reach) - start) * per
        grown = dict(states)
        for (paid, key), (spent, chosen) in states.items():
            for count in range(1, -(-(cap - paid) // size) + 1 if cap > paid else 1):
                now = min(paid + count * size, cap)
                after = key
                if slot >= 0:
                    after = (*key[:slot], key[slot] + count, *key[slot + 1 :])
                    if after not in targets:
                        break  # no more of it left
                cost = spent + count * price
                held = grown.get((now, after))
                if held is None or cost < held[0]:
                    pick = (*chosen, (p, count, now - paid, paid)) if record else chosen
                    grown[now, after] = (cost, pick)
        states = grown
    for (paid, key), (spent, chosen) in states.items():
        if paid:  # a ticket bought pays a further unit: none bought is the set alone
            yield key, spent, paid, chosen


def _capped_positions(bundles: Sequence[BundleRow]) -> list[tuple[int, int]]:
    """Each set limited per patient, by its position in ``bundles``, with its limit."""
    return [
        (position, row.offer.per_patient)
        for position, row in enumerate(bundles)
        if row.offer.per_patient is not None
    ]


def _layered(
    capped: Sequence[tuple[int, int]], fill: Callable[[dict[int, _L]], _L]
) -> tuple[dict[tuple[int, ...], _L], tuple[int, ...]]:
    """A scheduled programme's layers, one per count of each limited set still to buy.

    A set limited per patient (``per_patient``) may be bought only while the
    course has some left, so the programme's state gains how many of each are
    left: ``fill(below)`` computes one layer, where buying limited set ``p``
    continues in ``below[p]``, the layer with one fewer of it (none where none
    is left). Layers are filled from none left up; the last is the course's
    own. ``below`` also reaches further down (:class:`_Below`), as a unit ticket's
    run buys several at once. Without limited sets there is one layer, the
    programme as before.
    """
    if not capped:  # most catalogs: one layer, without the search of states
        return {(): fill({})}, ()
    layers: dict[tuple[int, ...], _L] = {}
    state: tuple[int, ...] = ()
    for state in itertools.product(*(range(most + 1) for _, most in capped)):
        below = _Below(layers, state, capped)
        for k, (position, _) in enumerate(capped):
            if state[k]:
                below[position] = layers[_lowered(state, capped, position)]
        layers[state] = fill(below)
    return layers, state


def _lowered(
    state: tuple[int, ...], capped: Sequence[tuple[int, int]], position: int, fewer: int = 1
) -> tuple[int, ...]:
    """``state`` with ``fewer`` (one unless given) fewer of the limited set at ``position``
    left."""
    k = next(k for k, (p, _) in enumerate(capped) if p == position)
    return (*state[:k], state[k] - fewer, *state[k + 1 :])


def _ticket_purchase(
    ticket: BundleRow,
    bought: int,
    firsts: int,
    paid: int,
    month_of: Sequence[int],
    start: int,
    end: int,
    per_visit: int,
    before: int = 0,
) -> Purchase:
    """``bought`` unit tickets bought at visit ``start``, paying ``firsts`` first units and
    ``paid`` further units of the visits up to ``end`` (after the ``before`` that other
    tickets bought with them pay): ``extras`` and their months say which. Billed in the
    month :func:`_bought_in` says (a closed sales window bought it ahead)."""
    spread = _further_by_month(month_of, start, end, per_visit - 1, paid, before)
    month = _bought_in(ticket, month_of[start])
    return Purchase(LineKind.BUNDLE, ticket.offer, bought, firsts + paid, month, paid, 0, spread)


_PACKAGE: Final = 3


@dataclass(slots=True)
class _Monthly:
    """One monthly plan in :func:`_optimise_timeline`: its terms and its in-plan values.

    ``within[m][f][j]`` is the cheapest way to buy the sessions from the start
    of month ``m`` on, the plan running in month ``m`` with ``f`` more months
    of its minimum term to pay and the package slots from ``j`` left;
    ``choice`` says what it did there (-1: stopped before month ``m``, else
    how many of the month's sessions beyond the allowance the packages took).
    """

    position: int
    row: SubscriptionRow
    each: list[int]
    """What a session beyond the allowance costs at its place: an extra or a single."""
    within: list[list[list[list[int]]]]
    """``within[u][m][f][j]``: as above with ``u`` sessions of allowance carried into month
    ``m`` (:attr:`Subscription.carry_over`); ``u`` is 0 alone for a plan that carries none."""
    choice: list[list[list[list[int]]]]
    after: list[list[int]]
    """Where the plan continues once it stops: the layer's costs, or the one below it."""
    relief: int | None = None
    """What its start saves where it takes the first-month price (and continues below)."""
    leave_at: list[int] = dataclasses.field(default_factory=list)
    """What leaving it with ``f`` months of its minimum term still to pay adds, by ``f``
    (:func:`_leave_at`)."""
    alt: _Monthly | None = None
    """Its values for a first enrollment that takes no relief (out of the first-month
    price's window), where leaving early differs there (:func:`_variant`); ``None``: these."""


def _leave_at(row: SubscriptionRow, relief: int, term: int) -> list[int]:
    """What leaving ``row`` with ``f`` months of its ``term`` still to pay adds, for each ``f``:
    nothing at 0, its early-termination fee (:func:`_leaving`) before, :data:`INF` for a plan
    that cannot be left before its term (:func:`~supecost.catalog.plan_held`)."""
    if row.early is None:
        return [0] + [INF] * (term - 1)
    return [0] + [min(INF, _leaving(row, relief, term - f)) for f in range(1, term)]


def _plan_tables(
    row: SubscriptionRow, term: int, months: int, width: int, leave_at: list[int]
) -> tuple[list[list[list[list[int]]]], list[list[list[list[int]]]]]:
    """A plan's :attr:`_Monthly.within` and :attr:`_Monthly.choice` before the programme fills
    them: at the course's end the rest of the term is paid, or the plan left at its fee."""
    fee_of = [min(INF, f * row.fee, leave_at[f]) if f else 0 for f in range(term)]
    within: list[list[list[list[int]]]] = []
    choice: list[list[list[list[int]]]] = []
    for _ in range(row.per_month + 1 if row.offer.carry_over else 1):
        within.append([[[INF] * width for _ in range(term)] for _ in range(months)])
        within[-1].append([[fee_of[f]] * width for f in range(term)])
        choice.append([[[-1] * width for _ in range(term)] for _ in range(months + 1)])
    return within, choice


def _variant(plan: _Monthly, month: int) -> _Monthly:
    """The values a start of ``plan`` in ``month`` continues in: its :attr:`_Monthly.alt`
    where that start takes no relief (outside the first-month price's window)."""
    if plan.alt is None:
        return plan
    return plan if plan.row.enrolled_in(month)[1] else plan.alt


def _start_cost(plan: _Monthly, month: int) -> int:
    """What starting ``plan`` in ``month`` costs up front in the timeline's programme: that
    month's enrollment and fee, less its relief where it takes the first-month price (it
    continues below) and ``month`` is in that price's window (:attr:`SubscriptionRow.by_month`)."""
    enrollment, relief = plan.row.enrolled_in(month)
    taken = (relief or 0) if plan.relief is not None else 0
    return enrollment + plan.row.fee - taken


_TimelineLayer: TypeAlias = tuple[
    list[list[int]], list[list[tuple[int, int, int, int]]], list[_Monthly]
]
"""One layer of the timeline's programme: costs by session and slot, moves, plans' values."""


def _paid(prices: Sequence[int]) -> list[int]:
    """The cheapest ``t`` of ``prices`` summed, for every ``t`` (capped at :data:`INF`)."""
    sums = [0]
    for price in sorted(prices):
        sums.append(min(INF, sums[-1] + price))
    return sums


def _optimise_timeline(
    table: Table,
    sessions: int,
    months: int,
    allowed: Allowed,
    record: bool,
    visits: int,
    singles: Sequence[int] | None,
    slots: Sequence[int],
    first_place: int | None,
    tickets: Tickets | None = None,
    ladder_steps: Sequence[int] | None = None,
) -> Plan:
    """Sessions in time order, with package slots and a price per session's place.

    The general form of :func:`_optimise_scheduled`, used when the course
    bought packages for the treatment or a ladder prices its singles. The
    package slots (``slots``: each slot's deadline, the first month it can no
    longer be used) were bought at month 0 and may take any session before
    their deadline; taken in time order, a session uses the live slot that
    expires first, which is optimal for windows that all start at month 0, so
    the programme's state is the session and one index into the sorted slots:
    ``cost[i][j]`` is the cheapest way to buy sessions ``i`` on with slots
    ``j`` on left (those before ``j`` are used or expired).

    From a session: a single (at its own price), a package slot, a set (the
    next run of sessions within its validity), or a monthly plan. A plan runs
    month by month (:class:`_Monthly`): each month its allowance takes up to
    ``sessions_per_month`` sessions, package slots any number of the others,
    and the rest cost, each, the cheaper of the plan's extra price and the
    session's single price (the dearest sessions are the ones the allowance
    and the slots take); without an extra price the rest must be taken by
    slots. The plan stops at any month boundary once its minimum term is paid.
    Unit tickets (``tickets``, :class:`Tickets`) are runs of sessions from any
    session, as in :func:`_optimise_scheduled`: bought at the run's first visit, so
    a ticket is bought again once one expires, at a ladder's dearer places or
    around the packages' sessions.
    Work: sessions x slots x (sets + plans x sessions a month + tickets x
    sessions), plus months x minimum term x slots x sessions a month per plan.
    """
    n = sessions
    month_of, first_at = _calendar(n, months, visits)
    bundles = allowed.bundle_rows(table)
    rows = [r for r in allowed.subscription_rows(table) if r.fee < INF and r.enrollable]
    single_at = [table.single] * n if singles is None else list(singles)
    deadlines = sorted(slots)
    alive = [bisect.bisect_right(deadlines, m) for m in range(months)]
    capped = _capped_positions(bundles) + _first_month_positions(rows)
    runs: list[_Run] = []
    per_visit = 1
    required = None
    dated_runs: dict[int, BundleRow] = {}
    if tickets is not None:
        capped += _ticket_positions(tickets.rows)
        if tickets.least:
            capped.append((_NEED, 1))
        required = tickets.rows[0] if tickets.required else None
        per_visit = tickets.units
        # An open-ended ticket (the high point) is never bought: its run would credit its units.
        runs = [
            (p, r.sessions, r.price, r.valid_months, r.offer.per_patient is not None, r.sale)
            for p, r in enumerate(tickets.rows)
            if r.price < INF
        ]
        # A ticket priced by the month it is bought in (``BundleRow.by_month``), as a set is.
        dated_runs = {p: r for p, r in enumerate(tickets.rows) if r.by_month is not None}
    forced_first = _forced_at(table, allowed, first_at, required)

    # One layer per count of each limited set left (``_layered``); each reads the one below.
    fill = functools.partial(
        _timeline_layer,
        n,
        months,
        month_of,
        first_at,
        bundles,
        rows,
        single_at,
        deadlines,
        alive,
        forced_first,
        record,
        (runs, per_visit, table.extra_unit),
        dated_runs,
    )
    layers, left = _layered(capped, fill)
    cost, moves, plans = layers[left]
    best_cost, used, which = _with_intro(table, allowed, n, lambda count: cost[count][0], month_of)
    if used < 0:
        return NO_PLAN
    if not record:
        return Plan(best_cost, ())

    purchases = _intro_purchases(table, used, which)
    taken_slots: list[int] = []

    def single(k: int) -> Purchase:
        if first_place is None:
            return Purchase(LineKind.SINGLE, None, 1, 1, month_of[k])
        step_of = None if ladder_steps is None else ladder_steps.__getitem__
        (bought,) = _ladder_purchases(table, [first_place + k], step_of, first_place)
        return bought._replace(month=month_of[k])

    def month_of_plan(
        plan: _Monthly, start: int, stop: int, live: int, taken: int, carried: int
    ) -> list[int]:
        """Sessions ``start`` to ``stop`` of one month in the plan: what each costs, by kind.

        Returns [allowance, extras, carried on] and appends singles; the packages take
        ``taken``; ``carried`` is the allowance carried into the month.
        """
        row = plan.row
        over, onward, _ = allowance_month(
            row.per_month, row.offer.carry_over, carried, stop - start
        )
        by_price = sorted(range(start, stop), key=lambda k: plan.each[k])
        extras = 0
        for k in by_price[: over - taken]:
            extra = plan.row.extra
            if extra is not None and extra <= single_at[k]:
                extras += 1
            else:
                singles_in_plan.append(single(k))
        if extras:
            extra_months.append((month_of[start], extras))
        taken_slots.extend(deadlines[live : live + taken])
        return [stop - start - over, extras, onward]

    i, j = used, 0
    singles_in_plan: list[Purchase] = []
    extra_months: list[tuple[int, int]] = []
    while i < n:
        kind, position, end, state = moves[i][j]
        here = month_of[i]
        if kind == _SINGLE:
            purchases.append(single(i))
            i += 1
        elif kind == _PACKAGE:
            taken_slots.append(deadlines[position - 1])
            j = position
            i += 1
        elif kind == _BUNDLE:
            purchases.append(_set_purchase(bundles[position], month_of, i, end))
            offer = bundles[position].offer
            if offer.per_patient is not None:
                left = _lowered(left, capped, position)
                cost, moves, plans = layers[left]
            i = end
        elif kind == _TICKET:
            assert tickets is not None
            ticket = tickets.rows[position]
            paid, bought = divmod(state, _TICKET_KEYS)
            purchases.append(
                _ticket_purchase(ticket, bought, end - i, paid, month_of, i, end, per_visit)
            )
            if ticket.offer.per_patient is not None:
                left = _lowered(left, capped, _ticket_key(position), bought)
            left = _met(left, capped)
            cost, moves, plans = layers[left]
            i = end
        else:
            plan = _variant(plans[position], here)
            if plan.relief is not None:
                # Its first enrollment took the first-month price: the rest pays the fee.
                left = _lowered(left, capped, _plan_key(position))
                cost, moves, plans = layers[left]
            live = max(j, alive[here])
            singles_in_plan = []
            extra_months = []
            allowance, extras, carried = month_of_plan(plan, i, first_at[here + 1], live, end, 0)
            j, m, f, paid_months = state, here + 1, _term(plan) - 1, 1
            while True:
                if m == months:
                    # The rest of the term paid, unless leaving at its fee was cheaper.
                    if f and f * plan.row.fee <= plan.leave_at[f]:
                        paid_months += f
                    break
                pick = plan.choice[carried][m][f][j]
                if pick < 0:
                    break
                live = max(j, alive[m])
                got = month_of_plan(plan, first_at[m], first_at[m + 1], live, pick, carried)
                allowance, extras, carried = allowance + got[0], extras + got[1], got[2]
                j = live + pick if pick else j
                m, f, paid_months = m + 1, max(f - 1, 0), paid_months + 1
            purchases.append(
                Purchase(
                    LineKind.SUBSCRIPTION,
                    plan.row.offer,
                    paid_months,
                    allowance + extras,
                    here,
                    extras,
                    extra_months=tuple(extra_months),
                )
            )
            purchases += singles_in_plan
            i = first_at[m] if m < months else n
    return Plan(best_cost, tuple(purchases), packaged=tuple(sorted(taken_slots)))


def _timeline_layer(
    n: int,
    months: int,
    month_of: Sequence[int],
    first_at: Sequence[int],
    bundles: Sequence[BundleRow],
    rows: Sequence[SubscriptionRow],
    single_at: Sequence[int],
    deadlines: Sequence[int],
    alive: Sequence[int],
    forced_first: int,
    record: bool,
    tickets: tuple[Sequence[_Run], int, int],
    dated_runs: Mapping[int, BundleRow],
    below: dict[int, _TimelineLayer],
) -> _TimelineLayer:
    """:func:`_optimise_timeline`'s programme over one layer: costs, moves and plans' values.

    A set limited per patient is bought into ``below`` (the layer with one fewer
    of it left), and not at all where ``below`` lacks it; a plan with a first-month
    price still to take starts with it and stops into ``below``. ``tickets`` are the
    unit tickets' runs, as :func:`_scheduled_layer` reads them; a run of ``k`` limited
    tickets continues in the layer with ``k`` fewer left.
    """
    runs, per_visit, e = tickets
    # The way's named offer is bought at ``forced_first``, not a set held (as the scheduled
    # programme's, :func:`_scheduled_layer`).
    held = frozenset(p for p, row in enumerate(bundles) if row.held) if forced_first >= 0 else ()
    last = len(deadlines)  # the index past the last slot
    width = last + 1
    # A course that must buy some of a set (``Table.forced``) lets every set stop short, so
    # that each it must buy covers a session; read once, not per set and session.
    forcing = any(bundle.forced for bundle in bundles)
    # A course that must still buy a ticket ends nowhere without one (:data:`_NEED`).
    need = _need_also(below)
    cost = [[INF] * width for _ in range(n)] + [[INF if need else 0] * width]
    bought_one = below[_NEED][0] if need else cost
    moves: list[list[tuple[int, int, int, int]]] = (
        [[(0, 0, 0, 0)] * width for _ in range(n)] if record else []
    )
    plans: list[_Monthly] = []
    for position, row in enumerate(rows):
        extra = row.extra
        each = list(single_at) if extra is None else [min(extra, price) for price in single_at]
        term = max(row.min_months, 1)
        key = _plan_key(position)
        relief = row.relief if row.relief is not None and key in below else None
        leave_at = _leave_at(row, relief or 0, term)
        tables = _plan_tables(row, term, months, width, leave_at)
        if relief is None:
            plans.append(_Monthly(position, row, each, *tables, cost, leave_at=leave_at))
            continue
        plan = _Monthly(position, row, each, *tables, below[key][0], relief, leave_at)
        plain = _leave_at(row, 0, term)
        if row.by_month is not None and plain != leave_at:
            # A first enrollment outside its first-month price's window takes no relief, so
            # leaving it early gives none back: values of its own, started alike.
            tables = _plan_tables(row, term, months, width, plain)
            plan.alt = _Monthly(position, row, each, *tables, below[key][0], relief, plain)
        plans.append(plan)
    for m in range(months - 1, -1, -1):
        following = first_at[m + 1]
        open_slot = alive[m]
        for i in range(following - 1, first_at[m] - 1, -1):
            after = cost[i + 1]
            here_cost = cost[i]
            ends: list[tuple[int, int, list[int], int]] = []
            for position, bundle in enumerate(bundles):
                if position in held and i == forced_first:
                    continue  # the way's named offer is bought here, not a set held
                if bundle.offer.per_patient is None:
                    target = cost
                elif position in below:
                    target = below[position][0]
                else:
                    continue  # the patient may buy no more of it
                end = i + bundle.sessions
                end = min(_dated_end(bundle.sale, m, end, bundle.valid_months, months, first_at), n)
                if end <= i:
                    continue  # not on sale yet, or its validity from its purchase is over
                top_up = bundle.top_up
                if bundle.by_month is None and not top_up and not forcing:
                    ends.append((position, bundle.price, target[end], end))
                    continue
                # Priced by the month it is bought in, the sessions after a set may cost more
                # with fewer of them left (a set bought later is dearer), and with a top-up
                # each session it covers costs more: it may stop short.
                price = _price_bought(bundle, m)
                ends += [
                    (position, price + top_up * (stop - i), target[stop], stop)
                    for stop in range(i + 1, end + 1)
                ]
            starts: list[tuple[_Monthly, int, int, list[int], list[int]]] = []
            for plan in plans:
                window = plan.row.sale
                if window is not None and not window[0] <= m <= window[1]:
                    continue  # a plan with a sales window is enrolled in it, never ahead
                row = plan.row
                over, carried, _ = allowance_month(
                    row.per_month, row.offer.carry_over, 0, following - i
                )
                paid = _paid(plan.each[i:following])[: over + 1] if over else [0]
                start = _start_cost(plan, m)
                inside = _variant(plan, m).within[carried][m + 1][_term(plan) - 1]
                starts.append((plan, start, over, paid, inside))
            # Unit tickets' runs from here: what each costs, with the costs it continues in.
            bought_runs: list[tuple[int, list[int], tuple[int, int, int, int]]] = []
            for p, size, price, valid, limited, on_sale in runs:
                fewer = _fewer_layers(below, _ticket_key(p), *need) if limited else None
                if fewer == []:
                    continue  # the patient may buy no more of it
                stop = min(_dated_end(on_sale, m, n, valid, months, first_at), n)
                if p in dated_runs and stop > i:
                    price = _price_bought(dated_runs[p], m)
                for end in range(i + 1, stop + 1):
                    length = end - i
                    if fewer is None:
                        run, k, credit = ticket_run(price, size, length, per_visit, e)
                        move_t = (_TICKET, p, end, credit * _TICKET_KEYS + k)
                        bought_runs.append((run, bought_one[end], move_t))
                        continue
                    further = length * (per_visit - 1)
                    for k in range(-(-length // size), len(fewer) + 1):
                        credit = min(k * size - length, further)
                        move_t = (_TICKET, p, end, credit * _TICKET_KEYS + k)
                        bought_runs.append((k * price - credit * e, fewer[k - 1][0][end], move_t))
                        if credit == further:
                            break  # a further ticket would pay nothing more
            blocked = i == forced_first
            for j in range(width):
                best = INF
                move = (_SINGLE, 0, 0, 0)
                if not blocked:
                    best = after[j] + single_at[i]
                    live = j if j > open_slot else open_slot
                    # On a tie the slot takes the session: a set bought whole at the first
                    # visit takes the first sessions, and the rest is paid in its visits' months.
                    if live < last and after[live + 1] <= best:
                        best, move = after[live + 1], (_PACKAGE, live + 1, 0, 0)
                for position, price, rest, end in ends:
                    if price + rest[j] < best:
                        best, move = price + rest[j], (_BUNDLE, position, end, 0)
                for run, rest, move_t in bought_runs:
                    if run + rest[j] < best:
                        best, move = run + rest[j], move_t
                live = j if j > open_slot else open_slot
                for plan, start, over, paid, inside in starts:
                    for taken in range(min(over, last - live) + 1):
                        k = live + taken if taken else j
                        candidate = start + paid[over - taken] + inside[k]
                        if candidate < best:
                            best, move = candidate, (_MONTHLY, plan.position, taken, k)
                here_cost[j] = best if best < INF else INF
                if record:
                    moves[i][j] = move
        for plan in [*plans, *(p.alt for p in plans if p.alt is not None)]:
            stop_at = plan.after[first_at[m]]
            row = plan.row
            fee = row.fee
            # The month's extras are its cheapest sessions beyond the allowance, carried one
            # (``u``, :func:`~supecost.catalog.allowance_month`) and own.
            cheapest = _paid(plan.each[first_at[m] : following])
            for u, (values_by, choices_by) in enumerate(zip(plan.within, plan.choice, strict=True)):
                over, onward, _ = allowance_month(
                    row.per_month, row.offer.carry_over, u, following - first_at[m]
                )
                paid = cheapest[: over + 1]
                _plan_month(
                    values_by[m],
                    choices_by[m],
                    plan.within[onward][m + 1],
                    stop_at,
                    plan.leave_at,
                    fee,
                    over,
                    paid,
                    width,
                    open_slot,
                    last,
                )

    return cost, moves, plans


def _plan_month(
    values_of: list[list[int]],
    chosen_of: list[list[int]],
    ahead_of: list[list[int]],
    stop_at: list[int],
    leave_at: list[int],
    fee: int,
    over: int,
    paid: list[int],
    width: int,
    open_slot: int,
    last: int,
) -> None:
    """One month of a plan in :func:`_timeline_layer`: its values by months of the minimum
    term left and slot, ``ahead_of`` the next month's, ``over`` sessions beyond the allowance;
    it stops once its term is paid, or before at what leaving adds (``leave_at``)."""
    for f in range(len(values_of)):
        ahead = ahead_of[f - 1 if f else 0]
        values = values_of[f]
        chosen = chosen_of[f]
        leave = leave_at[f]
        for j in range(width):
            best = stop_at[j] + leave if leave < INF else INF
            pick = -1
            live = j if j > open_slot else open_slot
            for taken in range(min(over, last - live) + 1):
                candidate = fee + paid[over - taken] + ahead[live + taken if taken else j]
                if candidate < best:
                    best, pick = candidate, taken
            values[j] = best if best < INF else INF
            chosen[j] = pick


def _term(plan: _Monthly) -> int:
    """The months of a plan's minimum term, at least one."""
    return len(plan.within[0][-1])


@lru_cache(maxsize=256)
def _calendar(sessions: int, months: int, visits: int) -> tuple[list[int], list[int]]:
    """Each session's month, and the first session in each month or later (up to ``months``).

    The sessions are at the first of ``visits`` visits spread over the months
    (a treatment with its own count is at the course's first visits). Shared by
    every programme of a course and kept for the shapes asked lately; the lists
    are never changed.
    """
    month_of = session_months(visits, months)[:sessions]
    first_at = [sessions] * (months + 1)
    i = 0
    for m in range(months):
        while i < sessions and month_of[i] < m:
            i += 1
        first_at[m] = i
    return month_of, first_at


def _over_by_month(
    month_of: Sequence[int], start: int, stop: int, per_month: int, carry_over: bool = False
) -> tuple[tuple[int, int], ...]:
    """The months in which sessions ``start`` to ``stop`` exceed an allowance, and by how many:
    with ``carry_over``, a month's own and the one carried from the month before
    (:func:`~supecost.catalog.allowance_month`)."""
    counts: dict[int, int] = {}
    for k in range(start, stop):
        counts[month_of[k]] = counts.get(month_of[k], 0) + 1
    if not counts:
        return ()
    if not carry_over:
        # Each month alone (what allowance_month gives with nothing carried), as most plans.
        return tuple((m, n - per_month) for m, n in sorted(counts.items()) if n > per_month)
    found: list[tuple[int, int]] = []
    carried = 0
    for m in range(month_of[start], month_of[stop - 1] + 1):
        over, carried, _ = allowance_month(per_month, carry_over, carried, counts.get(m, 0))
        if over:
            found.append((m, over))
    return tuple(found)


@lru_cache(maxsize=256)
def _overflow(sessions: int, months: int, visits: int, per_month: int) -> list[int]:
    """Sessions beyond a monthly allowance of ``per_month``, summed over the months before each."""
    counts = [0] * months
    for m in _calendar(sessions, months, visits)[0]:
        counts[m] += 1
    prefix = [0]
    for count in counts:
        prefix.append(prefix[-1] + (count - per_month if count > per_month else 0))
    return prefix


@dataclass(slots=True)
class Solution:
    """The best plans for every treatment of the visit at one point, with the discounts used.

    ``packages`` holds each package bought with how many; each plan then buys
    what the packages leave of its treatment. ``unused`` says, per package and
    treatment of its contents, how many of its sessions no session takes.
    """

    total: int
    plans: tuple[Plan, ...]
    discounts: tuple[Discount, ...]
    packages: tuple[tuple[Package, int], ...] = ()
    unused: tuple[tuple[str, str, int], ...] = ()
    billed: tuple[list[tuple[int, TaxCategory]], bill.PointBill] | None = None
    """The lines billed and their itemised bill, where the optimiser itemised it (a way of
    buying of a quote whose prices are all exact): pricing the way bills the same lines."""
    single_visits: bill.SingleVisits = ()
    """The visits at which treatments are paid as single sessions for a combo sold with single
    sessions only, as the bill reads them (:func:`~supecost.engine.bill.itemise`)."""


def solve(context: Context, scenario: Scenario, allowed: Allowed) -> Solution:
    """The cheapest bill for the request at one point, the main treatment bought as allowed."""
    scenario = context.point_of(scenario)
    key = (scenario, allowed)
    known = context.solutions.get(key)
    if known is None:
        known = context.solutions[key] = _solve(context, scenario, allowed, record=True)
    return known


def cheapest_total(context: Context, scenario: Scenario) -> int:
    """The total of :func:`solve` with every offer allowed, its plans costed but not spelt out.

    What a total alone needs: the same programmes and the same bill, without
    building the purchases of plans that nobody reads.
    """
    scenario = context.point_of(scenario)
    known = context.solutions.get((scenario, ALL))
    if known is not None:
        return known.total
    # A bill that reads the offers it buys needs the plans' purchases spelt out.
    record = context.compiled.offered
    return _solve(context, scenario, ALL, record=record).total


def _solve(context: Context, scenario: Scenario, allowed: Allowed, *, record: bool) -> Solution:
    """The cheapest bill; where a bill reads the sets it buys (a set's gift, a fee it waives:
    ``Compiled.offered``), the cheapest of the way's own and of its cheapest courses buying
    at least each count of :func:`gift_needs`, as a course buying a set only for what the
    bill reads is dearer by its purchases' prices."""
    best = _solve_capped(context, scenario, allowed, record=record)
    if allowed.least or not context.compiled.offered:
        return best
    for need in gift_needs(context):
        within = dataclasses.replace(allowed, least=need)
        found = _solve_capped(context, scenario, within, record=record)
        if found.total < best.total:
            best = found
    return best


def _solve_capped(
    context: Context, scenario: Scenario, allowed: Allowed, *, record: bool
) -> Solution:
    """The cheapest bill, where a yearly fee reads a plan's months once for each of their limits.

    Without the request's months a course bought with a monthly plan runs the months the
    plan is paid for (:func:`~supecost.engine.context.course_months`), and a yearly fee
    counts their years. The optimiser pays a plan for the months cheapest for its own
    sessions, and the bill never falls as a fee's count rises: so for each limit on the
    months (the longest months of each count of yearly fees,
    :func:`~supecost.engine.context.course_caps`) the
    cheapest plans within it are billed, and the cheapest bill of all is exact.
    """
    caps = course_caps(context)
    if not caps:
        return _solve_within(context, scenario, allowed, record=record)
    best = Solution(INF, (), ())
    # From no limit down: a bill whose plans fall within a lower limit already beats every
    # course of its count or more (its plans cost no more, its fees no more), so only a
    # lower count is left to try, within the limit below it.
    limit: int | None = None
    while True:
        within = dataclasses.replace(allowed, longest=limit)
        found = _solve_within(context, scenario, within, record=record)
        if found.total < best.total:
            best = found
        months = _plan_months(found.plans)
        reached = 0 if months is None else bisect.bisect_left(caps, months)
        if reached == 0:
            return best
        limit = caps[reached - 1]


def _others(allowed: Allowed) -> Allowed:
    """How the add-ons are bought: their best way, within the main treatment's limit on months,
    buying at least what the course must of their sets (``least``)."""
    if allowed.longest is None and not allowed.least:
        return ALL
    return dataclasses.replace(ALL, longest=allowed.longest, least=allowed.least)


def _ways(
    context: Context, allowed: Allowed, others: Allowed, discounts: Sequence[Discount]
) -> tuple[Allowed, Allowed] | None:
    """How the main treatment and the add-ons are bought beside ``discounts``: the way
    (``allowed``), and the add-ons' best way (``others``, :func:`_others`), without what the
    discounts rule out (:func:`narrowed`); ``None`` where the way cannot be bought beside
    them. A catalog whose discounts rule nothing out asks nothing (``Compiled.limits``)."""
    if not context.compiled.limits:
        return allowed, others
    main = narrowed(allowed, discounts)
    if main is None:
        return None
    add_ons = narrowed(others, discounts)
    assert add_ons is not None  # the add-ons' best way requires nothing
    return main, add_ons


def dated_by_plans(context: Context, plans: Sequence[Plan]) -> Context:
    """The context a bill of these plans reads: its course runs their monthly plans' months,
    and it knows the sets they buy.

    The longest months any plan is paid for, where the request gives none
    (:func:`~supecost.engine.context.dated`); the sets bought with how many, where a set
    includes goods or a fee is waived with a set
    (:func:`~supecost.engine.context.with_offers`).
    """
    if reads_plan_months(context):
        context = dated(context, _plan_months(plans))
    if not context.compiled.offered:
        return context  # no bill reads what it buys
    bundle = LineKind.BUNDLE
    bought = [
        (purchase.offer.id, purchase.units)
        for plan in plans
        for purchase in plan.purchases
        if purchase.kind is bundle and purchase.offer is not None
    ]
    if any(FLAT_MARK in offer for offer, _ in bought):
        bought = _bought_sets(context, bought)
    return with_offers(context, bought)


def _bought_sets(context: Context, bought: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """The sets a course buys, as a bill reads them: an upgrade buys the set it is named
    after; a set held was bought before, not now (its goods given then)."""
    found = []
    for offer_id, units in bought:
        if FLAT_MARK not in offer_id:
            found.append((offer_id, units))
            continue
        offer = context.catalog.offer(offer_id)
        assert isinstance(offer, Bundle)
        if offer.upgrading is not None:
            found.append((offer.upgrading.offer, units))
    return found


def _plan_months(plans: Sequence[Plan]) -> int | None:
    """The longest months any of these plans is paid for; ``None`` where none has a plan."""
    return max((plan.months for plan in plans if plan.months is not None), default=None)


def _solve_within(
    context: Context, scenario: Scenario, allowed: Allowed, *, record: bool
) -> Solution:
    best = Solution(INF, (), ())
    if context.compiled.packages or allowed.require_package is not None:
        packages = usable_packages(context, allowed)
        if packages or allowed.require_package is not None:
            return _solve_with_packages(context, scenario, allowed, packages, record)
    if context.compiled.single_only:
        kinds = _single_kinds(context, scenario)
        if kinds:
            return _solve_with_singles(context, scenario, allowed, kinds, record)
    treatments = context.treatments
    choices = request_choices(context, scenario)
    # Which discounts touch each treatment, per choice, and whether the stacking ones alone
    # need a bill, are the same for every way of the request: worked out once per point.
    decided = point_decided(context, scenario)
    found = context.touchings.get(decided)
    if found is None:
        found = context.touchings[decided] = _kept_touchings(context, choices)
    touchings, shortcut = found
    first = choices[0]
    took = False
    # Most choices differ in whole-bill discounts only, which change no plan: the plans of
    # the previous choice serve while the discounts touching each treatment are the same.
    previous: tuple[object, ...] | None = None
    plans: tuple[Plan, ...] = ()
    lines: list[tuple[int, TaxCategory]] | None = None
    # A way of a quote is priced from the same lines at the same point where every price is
    # exact: its bill is itemised here once, rather than billed again there.
    itemised = record and context.exact and not context.counts
    every = _others(allowed)
    for discounts, touching in zip(choices, touchings, strict=True):
        # What the way and the add-ons may buy beside these discounts (all, unless one rules
        # out a first-time price or offers).
        ways = _ways(context, allowed, every, discounts)
        if ways is None:
            continue
        main, others = ways
        state = (touching, main, others)
        if state != previous:
            previous = state
            made: list[Plan] = []
            lines = []
            way = main  # the main treatment's; the add-ons are bought their best way
            for treatment, ids in zip(treatments, touching, strict=True):
                plan = _plan(context, treatment, scenario, discounts, ids, way, record)
                way = others
                made.append(plan)
                if plan.cost >= INF:
                    lines = None
                elif lines is not None:
                    lines.append((plan.cost, treatment.tax))
            plans = tuple(made)
            course = dated_by_plans(context, plans)
        if lines is not None and not (shortcut and discounts is first):
            billed = bill.itemise(course, scenario, lines, discounts, itemised=itemised)
            if shortcut and not took:
                took = any(billed.discounts.get(discounts[-1].id, _NOTHING).values())
            if billed.total < best.total:
                kept = (lines, billed) if itemised else None
                best = Solution(billed.total, plans, discounts, billed=kept)
    if shortcut and not took and best.total < INF:
        best = Solution(best.total, plans, first)
    return best


_NOTHING: Final[dict[TaxCategory, int]] = {}

_RULED_BY_KIND: Final[Mapping[LineKind, str]] = {
    LineKind.INTRO: FIRST_TIME,
    LineKind.BUNDLE: OFFERS,
    LineKind.SUBSCRIPTION: OFFERS,
    LineKind.ENROLLMENT: OFFERS,
    LineKind.FIRST_MONTH: OFFERS,
    LineKind.EARLY_TERMINATION: OFFERS,
    LineKind.EXTRA_SESSION: OFFERS,
}
"""What a purchase of each kind is, for a discount that rules it out of its bill."""


def fits(context: Context, solution: Solution, discounts: Sequence[Discount]) -> bool:
    """Whether a solution's purchases may be billed with ``discounts``: they buy nothing the
    discounts rule out (a first-time price, a set or plan or package: :func:`narrowed`).

    A package bought by a new patient where it has a first-time price counts as one at it.
    """
    if not context.compiled.limits:
        return True
    ruled = rules_out(discounts)
    if FIRST_TIME not in ruled and OFFERS not in ruled:
        return True
    # A set held was paid before, on no bill of this course.
    bought = {
        _RULED_BY_KIND.get(p.kind)
        for plan in solution.plans
        for p in plan.purchases
        if not (isinstance(p.offer, Bundle) and p.offer.held_set is not None)
    }
    if solution.packages:
        bought.add(OFFERS)
        if FIRST_TIME not in rules_out(solution.discounts) and any(
            tables.package_intro(package, context.new_patient) is not None
            for package, _ in solution.packages
        ):
            bought.add(FIRST_TIME)
    return not (ruled & bought)


def _single_kinds(context: Context, scenario: Scenario) -> tuple[frozenset[str], ...]:
    """The sets of treatments worth paying singly at a visit for a combo sold with single
    sessions only: each saves more than any of its smaller sets. None where no such combo
    meets the request, or where the course is one this reading does not cover (fixed
    months, own counts, a ladder's single prices): its saving then never applies.
    """
    if context.months is not None or context.counts:
        return ()
    present = {t.id for t in context.treatments}
    wanted: set[str] = set()
    for combo in context.catalog.combos:
        if combo.single_sessions_only and set(combo.treatments) <= present:
            wanted.update(combo.treatments)
    if not wanted or any(
        tables.table(context, t, scenario, ()).ladder is not None
        for t in context.treatments
        if t.id in wanted
    ):
        return ()
    order = sorted(wanted)
    saving: dict[frozenset[str], int] = {}
    kinds: list[frozenset[str]] = []
    for size in range(len(order) + 1):
        for members in itertools.combinations(order, size):
            singles = frozenset(members)
            found = bill.combo_saving(context, scenario, None, singles)[0]
            saving[singles] = found
            # The saving grows with the singles: a set that saves no more than one of its
            # sets with one treatment fewer would only make more sessions single.
            if singles and all(found > saving[singles - {t}] for t in singles):
                kinds.append(singles)
    return tuple(kinds)


def _splits(kinds: int, visits: int) -> Iterator[tuple[int, ...]]:
    """Every count of visits for each kind, adding up to at most ``visits``."""
    if kinds == 0:
        yield ()
        return
    for first in range(visits + 1):
        for rest in _splits(kinds - 1, visits - first):
            yield (first, *rest)


def _solve_with_singles(
    context: Context,
    scenario: Scenario,
    allowed: Allowed,
    kinds: tuple[frozenset[str], ...],
    record: bool,
) -> Solution:
    """The cheapest bill where a combo's saving needs its treatments paid as single sessions.

    Without fixed months the order of a course is free, so the visits can be
    split between sets of treatments paid singly (``kinds``), each visit one
    kind or none. For a split, a treatment needs at least as many single
    sessions as the visits of the kinds that hold it: its cheapest plan is
    that many singles beside the cheapest plan of its other sessions, which
    is exact. Every split is billed, for every choice of discounts.
    """
    visits = context.sessions
    count = math.comb(visits + len(kinds), len(kinds))
    if count > MAX_SINGLE_SPLITS:  # a guard: check_work refuses such requests before pricing
        raise too_many_splits(count, visits)
    treatments = context.treatments
    best = Solution(INF, (), ())
    every = _others(allowed)
    for discounts in request_choices(context, scenario):
        ways = _ways(context, allowed, every, discounts)
        if ways is None:
            continue
        main, others = ways
        for split in _splits(len(kinds), visits):
            plans: list[Plan] = []
            lines: list[tuple[int, TaxCategory]] = []
            way = main  # the main treatment's; the add-ons are bought their best way
            for treatment in treatments:
                singles = sum(
                    n for kind, n in zip(kinds, split, strict=True) if treatment.id in kind
                )
                plan = _with_singles(context, treatment, scenario, discounts, way, singles, record)
                way = others
                plans.append(plan)
                lines.append((plan.cost, treatment.tax))
            if any(plan.cost >= INF for plan in plans):
                continue
            held = tuple((kind, n) for kind, n in zip(kinds, split, strict=True) if n)
            total = bill.itemise(
                dated_by_plans(context, plans),
                scenario,
                lines,
                discounts,
                itemised=False,
                single_visits=held,
            ).total
            if total < best.total:
                best = Solution(total, tuple(plans), discounts, single_visits=held)
    return best


def _with_singles(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    allowed: Allowed,
    singles: int,
    record: bool,
) -> Plan:
    """A treatment's cheapest plan with at least ``singles`` single sessions, at most the
    course's (no months)."""
    count = context.sessions
    mine = tables.relevant(context, treatment.id, discounts)
    ids = tuple(d.id for d in mine)
    scenario = context.point_of(scenario)
    rest = _plan(context, treatment, scenario, mine, ids, allowed, record, count - singles)
    if not singles or rest.cost >= INF:
        return rest
    single = tables.table_by_ids(context, treatment, scenario, ids, mine).single
    # An open-ended single price makes the plan open-ended (INF), never billed.
    cost = min(rest.cost + singles * single, INF)
    if not record:
        return Plan(cost, (), months=rest.months)
    purchases: list[Purchase] = []
    more = singles
    for purchase in rest.purchases:
        if purchase.kind is LineKind.SINGLE and more:
            purchase = purchase._replace(
                units=purchase.units + more, covered=purchase.covered + more
            )
            more = 0
        purchases.append(purchase)
    if more:
        purchases.append(Purchase(LineKind.SINGLE, None, more, more))
    return Plan(cost, tuple(purchases), packaged=rest.packaged, months=rest.months)


_TOUCHINGS_KEPT: Final = 4096
"""The most requests' :func:`_touchings` kept per catalog."""


def _kept_touchings(
    context: Context, choices: tuple[tuple[Discount, ...], ...]
) -> tuple[tuple[tuple[tuple[str, ...], ...], ...], bool]:
    """:func:`_touchings`, kept with the catalog by the choices and the request's treatments.

    The choices are kept with the catalog too (:func:`request_choices`), one tuple for every
    request of a shape, so requests of one shape share their touchings.
    """
    key = (id(choices), (context.main.id, *[t.id for t in context.addons]))
    known = context.compiled.touchings
    found = known.get(key)
    if found is not None and found[0] is choices:
        return found[1]
    touchings = _touchings(context, choices)
    if len(known) < _TOUCHINGS_KEPT:
        known[key] = (choices, touchings)
    return touchings


def _touchings(
    context: Context, choices: Sequence[tuple[Discount, ...]]
) -> tuple[tuple[tuple[tuple[str, ...], ...], ...], bool]:
    """Per choice of discounts, the ids of those touching each treatment; and whether the
    stacking ones alone need no bill.

    Each choice but the first adds one discount to the stacking ones. Where it changes no
    plan, it only takes from what is left of each category, and fees and the tax once per
    rate after it only grow with what is left: its bill is cheaper than the stacking ones'
    alone exactly when it takes anything. So where every choice has the same plans, the
    stacking ones alone need no bill: they win (the earliest, on a tie) exactly when no
    other discount takes anything, at the same total.
    """
    treatments = context.treatments
    touchings = tuple(
        tuple(tuple(d.id for d in tables.relevant(context, t.id, discounts)) for t in treatments)
        for discounts in choices
    )
    first = choices[0]
    # A choice that rules something out (with_combos, with_first_time or with_offers false)
    # may bill more than the first, whatever it takes: every choice is then billed.
    shortcut = len(choices) > 1 and all(
        t == touchings[0] and c[:-1] == first and not (context.compiled.limits and rules_out(c))
        for t, c in zip(touchings, choices, strict=True)
    )
    return touchings, shortcut


def usable_packages(context: Context, allowed: Allowed) -> tuple[tuple[Package, int], ...]:
    """The packages a course may buy, each with the most worth buying.

    A package is worth buying only for a treatment of the request; more than
    the packages that cover every needed session of each of its treatments
    only adds cost, with fixed months too (a package's slots of a treatment
    all share its deadline, so more of them than the treatment's sessions
    are never used).
    """
    if not context.compiled.packages:
        return ()
    found: dict[str, tuple[Package, int]] = {}
    for treatment in context.treatments:
        for offer in context.catalog.offers_for(treatment.id):
            if not isinstance(offer, Package) or offer.id in found:
                continue
            if allowed.packages is not None and offer.id not in allowed.packages:
                continue
            most = max(
                -(-context.count_of(t) // offer.sessions_of(t.id))
                for t in context.treatments
                if offer.sessions_of(t.id)
            )
            if offer.per_patient is not None:
                # What the patient may still buy (the flat catalog lowered it by ``bought``).
                most = min(most, offer.per_patient)
            found[offer.id] = (offer, most)
    return tuple(found.values())


def package_cost(
    context: Context,
    package: Package,
    count: int,
    scenario: Scenario,
    discounts: Sequence[Discount],
) -> tuple[int, int]:
    """What ``count`` of a package cost at one point, and how many at the first-time price.

    A new patient buys one package at its ``intro_price`` where that is lower;
    per-unit discounts naming the package's offer id come off each.
    """
    mine = tables.targets(taken_at_first_visit(context, discounts), None, package.id)
    price = tables.discounted(point(package.price, scenario), mine)
    first = tables.package_intro(package, context.new_patient)
    # A discount not with a first-time price (with_first_time = false) rules out this one too.
    if first is not None and not (context.compiled.limits and FIRST_TIME in rules_out(discounts)):
        intro = tables.discounted(point(first, scenario), mine)
        if intro < price:
            return min(INF, intro + (count - 1) * price), 1
    return min(INF, count * price), 0


def _package_counts(
    packages: Sequence[tuple[Package, int]], required: str | None
) -> Iterator[tuple[int, ...]]:
    """Every choice of how many of each package, none first; the required one at least once;
    the splits of a shared set limited per patient at most its limit together."""
    ranges = [range(1 if package.id == required else 0, most + 1) for package, most in packages]
    groups = _shared_groups(packages, required)
    for bought in itertools.product(*ranges):
        used = _used(groups.start, groups.of, bought, groups)
        if used is not None and groups.met(used):
            yield bought


@dataclass(frozen=True, slots=True)
class _Groups:
    """The shared sets whose splits the programmes over packages count together.

    ``of``: per package, the index of the set it is a split of, ``None`` for a package or a
    split no count matters for; ``caps``: per set, what the patient may still buy of all its
    splits together (its ``per_patient`` less ``bought``, which the flat catalog gave each
    split), ``None`` for no limit; ``need``: the set a way named after it must buy one of,
    if any. A count is kept only up to what decides: the limit, or 1 for the way's set.
    """

    of: tuple[int | None, ...]
    caps: tuple[int | None, ...]
    need: int | None

    @property
    def start(self) -> tuple[int, ...]:
        """What nothing bought buys of each set."""
        return (0,) * len(self.caps)

    def met(self, used: Sequence[int]) -> bool:
        """Whether what was bought holds the way's set at least once."""
        return self.need is None or used[self.need] > 0


def _shared_groups(packages: Sequence[tuple[Package, int]], required: str | None) -> _Groups:
    """The splits of each shared set limited per patient, or the one the way is named after
    (``required``, :func:`~supecost.catalog.split_base`), grouped (:class:`_Groups`)."""
    found: dict[str, int] = {}
    caps: list[int | None] = []
    of: list[int | None] = []
    for package, _ in packages:
        base = split_base(package.id)
        if base == package.id or (package.per_patient is None and base != required):
            of.append(None)
            continue
        if base not in found:
            found[base] = len(caps)
            caps.append(package.per_patient)
        of.append(found[base])
    return _Groups(tuple(of), tuple(caps), found.get(required) if required else None)


def _used(
    start: tuple[int, ...], of: Sequence[int | None], bought: Sequence[int], groups: _Groups
) -> tuple[int, ...] | None:
    """What ``start`` and ``bought`` (a count per package in ``of``'s order) buy of each
    grouped set, kept up to what decides; ``None`` where that is above a set's limit."""
    used = list(start)
    for group, count in zip(of, bought, strict=True):
        if group is not None and count:
            cap = groups.caps[group]
            used[group] += count
            if cap is not None and used[group] > cap:
                return None
            if cap is None:
                used[group] = 1  # the way's set, unlimited: bought at all is what decides
    return tuple(used)


_Choice = tuple[tuple[int | tuple[int, ...], ...], list[tuple[int, TaxCategory]], tuple[int, ...]]
"""What the packages cover per treatment, their bill lines, and how many of each.

A treatment's coverage is a count of sessions, or in a scheduled course its
slots' deadlines (:func:`~supecost.engine.context.add_slots`).
"""


def _left(
    context: Context, treatment: Treatment, covered: int | tuple[int, ...]
) -> tuple[int | None, tuple[int, ...]]:
    """What packages leave a treatment's plan: sessions to buy, and slots to use on the way."""
    if isinstance(covered, tuple):
        return None, covered
    return max(0, context.count_of(treatment) - covered), ()


def _package_choices(
    context: Context,
    scenario: Scenario,
    discounts: Sequence[Discount],
    packages: Sequence[tuple[Package, int]],
    required: str | None,
) -> Iterator[_Choice]:
    """The choices of packages worth billing: for each coverage, the cheapest way to reach it.

    Where every package is taxed alike, the bill depends on the packages only
    through their summed cost, and is monotone in it: a programme over the
    packages keeps, for each coverage of the treatments (capped at their
    counts), the cheapest packages that reach it, which is exact. Packages of
    several tax categories are tried in every combination. With fixed months
    a treatment's coverage is its slots' deadlines (:func:`~supecost.engine.context.add_slots`).
    """
    counts = tuple(context.count_of(t) for t in context.treatments)
    per = [tuple(package.sessions_of(t.id) for t in context.treatments) for package, _ in packages]
    categories = {package_tax(context, package) for package, _ in packages}
    if context.months is not None:
        yield from _scheduled_package_choices(
            context, scenario, discounts, packages, required, len(categories) > 1
        )
        return
    if len(categories) > 1:
        for bought in _package_counts(packages, required):
            covered = [0] * len(counts)
            lines: list[tuple[int, TaxCategory]] = []
            for (package, _), sessions, count in zip(packages, per, bought, strict=True):
                if count:
                    covered = [c + count * s for c, s in zip(covered, sessions, strict=True)]
                    cost, _ = package_cost(context, package, count, scenario, discounts)
                    lines.append((cost, package_tax(context, package)))
            yield tuple(covered), lines, bought
        return
    (category,) = categories
    # A state is the coverage and, after it, what it bought of each limited shared set.
    groups = _shared_groups(packages, required)
    width = len(counts)
    states: dict[tuple[int, ...], tuple[int, tuple[int, ...]]] = {
        (*(0,) * width, *groups.start): (0, ())
    }
    for (package, most), sessions, group in zip(packages, per, groups.of, strict=True):
        costs = [0] + [
            package_cost(context, package, k, scenario, discounts)[0] for k in range(1, most + 1)
        ]
        # The sessions and cost of each count worth trying, worked out once per package.
        steps = [
            (k, costs[k], [k * s for s in sessions])
            for k in range(1 if package.id == required else 0, most + 1)
            if costs[k] < INF
        ]
        following: dict[tuple[int, ...], tuple[int, tuple[int, ...]]] = {}
        for start, (cost, bought) in states.items():
            for k, price, adds in steps:
                used = _used(start[width:], (group,), (k,), groups)
                if used is None:
                    continue
                reached = (
                    *[
                        n if c + a > n else c + a
                        for n, c, a in zip(counts, start[:width], adds, strict=True)
                    ],
                    *used,
                )
                total = cost + price
                held = following.get(reached)
                if held is None or total < held[0]:
                    following[reached] = (total, (*bought, k))
        states = following
    yield from _by_coverage(states, width, category, groups)


def _by_coverage(
    states: Mapping[tuple[Any, ...], tuple[int, tuple[int, ...]]],
    width: int,
    category: TaxCategory,
    groups: _Groups,
    *,
    nested: bool = False,
) -> Iterator[_Choice]:
    """The cheapest packages of each coverage (a state's first ``width`` entries), whatever
    they bought of the grouped shared sets (the rest, or with ``nested`` the one entry after
    them), holding the way's set where it has one."""
    best: dict[tuple[Any, ...], tuple[int, tuple[int, ...]]] = {}
    for state, (cost, bought) in states.items():
        if not groups.met(state[width] if nested else state[width:]):
            continue
        held = best.get(state[:width])
        if held is None or cost < held[0]:
            best[state[:width]] = (cost, bought)
    for coverage, (cost, bought) in best.items():
        yield coverage, [(cost, category)] if any(bought) else [], bought


_Slots = tuple[tuple[int, ...], ...]
"""Per treatment, the deadlines of the package slots bought for it, latest first."""


def _deadlines(context: Context, package: Package) -> tuple[int, ...]:
    """Per treatment of the request, the deadline of the package's slots (0: it reaches none)."""
    months = context.months
    assert months is not None
    return tuple(
        slot_deadline(package.valid_months, context.count_of(t), context.visits, months)
        for t in context.treatments
    )


def _scheduled_package_choices(
    context: Context,
    scenario: Scenario,
    discounts: Sequence[Discount],
    packages: Sequence[tuple[Package, int]],
    required: str | None,
    several_taxes: bool,
) -> Iterator[_Choice]:
    """:func:`_package_choices` in a scheduled course: coverage is each treatment's slots."""
    months = context.months
    assert months is not None
    counts = tuple(context.count_of(t) for t in context.treatments)
    per = [tuple(package.sessions_of(t.id) for t in context.treatments) for package, _ in packages]
    ends = [_deadlines(context, package) for package, _ in packages]
    empty: _Slots = tuple(() for _ in counts)

    def reach(start: _Slots, sessions: tuple[int, ...], end: tuple[int, ...], k: int) -> _Slots:
        return tuple(
            add_slots(held, d, k * s, n)
            for held, s, d, n in zip(start, sessions, end, counts, strict=True)
        )

    if several_taxes:
        for bought in _package_counts(packages, required):
            covered = empty
            lines: list[tuple[int, TaxCategory]] = []
            for (package, _), sessions, end, count in zip(packages, per, ends, bought, strict=True):
                if count:
                    covered = reach(covered, sessions, end, count)
                    cost, _ = package_cost(context, package, count, scenario, discounts)
                    lines.append((cost, package_tax(context, package)))
            yield covered, lines, bought
        return
    category = package_tax(context, packages[0][0])
    # A state is each treatment's slots and, last, what it bought of each limited shared set.
    groups = _shared_groups(packages, required)
    width = len(counts)
    states: dict[tuple[tuple[int, ...], ...], tuple[int, tuple[int, ...]]] = {
        (*empty, groups.start): (0, ())
    }
    for (package, most), sessions, end, group in zip(packages, per, ends, groups.of, strict=True):
        costs = [0] + [
            package_cost(context, package, k, scenario, discounts)[0] for k in range(1, most + 1)
        ]
        following: dict[tuple[tuple[int, ...], ...], tuple[int, tuple[int, ...]]] = {}
        for start, (cost, bought) in states.items():
            for k in range(1 if package.id == required else 0, most + 1):
                if costs[k] >= INF:
                    continue
                used = _used(start[width], (group,), (k,), groups)
                if used is None:
                    continue
                reached = (*reach(start[:width], sessions, end, k), used)
                total = cost + costs[k]
                held = following.get(reached)
                if held is None or total < held[0]:
                    following[reached] = (total, (*bought, k))
        states = following
    yield from _by_coverage(states, width, category, groups, nested=True)


def _solve_with_packages(
    context: Context,
    scenario: Scenario,
    allowed: Allowed,
    packages: Sequence[tuple[Package, int]],
    record: bool,
) -> Solution:
    """Every choice of packages worth billing, each treatment's rest bought its own cheapest ways.

    The bill is monotone in every line, so for a fixed choice of packages and
    discounts each treatment's rest is optimised on its own, exactly.
    """
    best = Solution(INF, (), ())
    treatments = context.treatments
    # With one tax category for every line, a bill depends on the lines' sum alone and
    # never falls as it grows: a choice whose lines add up to no less than one already
    # billed (for the same discounts) cannot make a cheaper bill, so it is not billed.
    taxes = {t.tax for t in treatments} | {package_tax(context, p) for p, _ in packages}
    # Not where a bill reads the offers it buys: a waived fee or an included gift is no line.
    by_sum = len(taxes) == 1 and not context.compiled.offered
    every = _others(allowed)
    for discounts in request_choices(context, scenario):
        ways = _ways(context, allowed, every, discounts)
        if ways is None:
            continue
        main, others = ways
        own = dataclasses.replace(main, packages=None, require_package=None)
        # A discount not with offers leaves its bill no package (``narrowed``).
        buys = main.packages != _NO_OFFERS
        # Many choices of packages leave a treatment the same rest: plan each rest once.
        rests: dict[tuple[int, int | tuple[int, ...]], Plan] = {}
        lowest = INF
        # A way named after a shared set buys at least one of its splits (_shared_groups).
        choices = _package_choices(context, scenario, discounts, packages, allowed.require_package)
        for covered, lines, bought in choices:
            if not buys and any(bought):
                continue
            plans: list[Plan] = []
            for position, treatment in enumerate(treatments):
                # A count left (no months) or the slots' deadlines (months) name the rest.
                key = (position, covered[position])
                plan = rests.get(key)
                if plan is None:
                    plan = rests[key] = plan_for(
                        context,
                        treatment,
                        scenario,
                        discounts,
                        own if treatment is context.main else others,
                        *_left(context, treatment, covered[position]),
                        record=record,
                    )
                plans.append(plan)
            if any(plan.cost >= INF for plan in plans) or any(c >= INF for c, _ in lines):
                continue
            billed = lines + [(plan.cost, t.tax) for plan, t in zip(plans, treatments, strict=True)]
            if by_sum:
                amount = sum(cost for cost, _ in billed)
                if amount >= lowest:
                    continue
                lowest = amount
            chosen = tuple(
                (package, count)
                for (package, _), count in zip(packages, bought, strict=True)
                if count
            )
            course = dated_by_plans(context, plans)
            total = bill.itemise(course, scenario, billed, discounts, itemised=False).total
            if total < best.total:
                unused = _unused(context, chosen, plans) if record else ()
                best = Solution(total, tuple(plans), discounts, chosen, unused)
    return best


def _unused(
    context: Context, chosen: Sequence[tuple[Package, int]], plans: Sequence[Plan]
) -> tuple[tuple[str, str, int], ...]:
    """Per package and treatment of its contents, the sessions bought that no session takes.

    Without months a package's sessions cover the treatment's count first. With
    months each plan names the deadlines of the slots its sessions took; slots
    of one deadline are told apart by the packages' order.
    """
    position = {t.id: p for p, t in enumerate(context.treatments)}
    taken = [Counter(plan.packaged) for plan in plans]
    result: list[tuple[str, str, int]] = []
    for package, count in chosen:
        for item in package.contents:
            have = count * item.sessions
            mine = position.get(item.treatment)
            if mine is None:
                used = 0
            elif context.months is None:
                used = min(have, context.count_of(context.treatments[mine]))
            else:
                end = _deadlines(context, package)[mine]
                used = min(have, taken[mine][end])
                taken[mine][end] -= used
            if have > used:
                result.append((package.id, item.treatment, have - used))
    return tuple(result)


def package_tax(context: Context, package: Package) -> TaxCategory:
    """A package's tax category: that of the course's treatments it contains."""
    return package_category(package, context.treatments)


def plan_for(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    allowed: Allowed,
    sessions: int | None = None,
    slots: tuple[int, ...] = (),
    *,
    record: bool = True,
) -> Plan:
    """One treatment's best plan, computed once per quote: add-ons recur in every way of buying.

    Keyed by the discounts that change the treatment's prices, so a choice
    between whole-bill discounts never optimises again. ``sessions`` is what
    packages leave of the treatment's count (all of it unless given); in a
    scheduled course ``slots`` are instead the deadlines of the package slots
    bought for it (:func:`_optimise_timeline`). With ``record`` false the
    plan holds its cost alone.
    """
    mine = tables.relevant(context, treatment.id, discounts)
    ids = tuple(d.id for d in mine)
    scenario = context.point_of(scenario)
    return _plan(context, treatment, scenario, mine, ids, allowed, record, sessions, slots)


def _extra_units(
    extra: int, sessions: int, months: int | None, visits: int
) -> tuple[Purchase, ...]:
    """A visit's further units, bought at each of the treatment's ``sessions`` visits.

    All in month 0 when unscheduled; otherwise at the months of the course's
    first ``sessions`` of its ``visits`` visits, where the treatment is.
    """
    if months is None:
        return (Purchase(LineKind.EXTRA_UNIT, None, extra * sessions, 0),)
    return tuple(
        Purchase(LineKind.EXTRA_UNIT, None, extra, 0, month)
        for month in _calendar(sessions, months, visits)[0]
    )


_COST_ONLY: Final = "cost only"
"""Marks the key of a plan that holds its cost alone."""


def _plan(
    context: Context,
    treatment: Treatment,
    scenario: Scenario,
    discounts: Sequence[Discount],
    ids: tuple[str, ...],
    allowed: Allowed,
    record: bool,
    sessions: int | None = None,
    slots: tuple[int, ...] = (),
) -> Plan:
    """:func:`plan_for` with the ids of the discounts that touch the treatment worked out."""
    if allowed.least:
        # Only the treatment's own sets bind its plan, so the add-ons' plans are shared.
        mine = tuple(n for n in allowed.least if _set_of(context, n[0]) == treatment.id)
        if mine != allowed.least:
            allowed = dataclasses.replace(allowed, least=mine)
    known = context.plans
    key: tuple[object, ...] = (treatment.id, scenario, ids, allowed)
    if sessions is not None and sessions != context.count_of(treatment):
        key = (*key, sessions)  # what packages leave of the treatment's count
    if slots:
        key = (*key, "slots", slots)
    plan = known.get(key)
    if plan is None and not record:
        # Not ``False``: it equals 0, a rest's count, and would find that plan instead.
        key = (*key, _COST_ONLY)
        plan = known.get(key)
    if plan is None:
        now = tables.table_by_ids(context, treatment, scenario, ids, discounts)
        compiled = tables.by_month_table(context, treatment, scenario, discounts, now)
        ticketed = compiled
        if compiled.unit_tickets:
            # A bill that may buy a unit ticket prices its singles and further units as in the
            # dearest month where the tables say so (``tables.months_split``): its plan,
            # beside the bills buying none by month; the same table where nothing differs.
            ticketed = tables.by_month_table(
                context, treatment, scenario, discounts, now, ticketed=True
            )
        if allowed.least:
            plan = _forced_plan(
                compiled,
                ticketed,
                allowed.least,
                lambda forced, tickets: _plan_of(
                    context, treatment, forced, tickets, allowed, record, sessions, slots
                ),
            )
        else:
            plan = _plan_of(
                context, treatment, compiled, ticketed, allowed, record, sessions, slots
            )
        known[key] = plan
    return plan


def _plan_of(
    context: Context,
    treatment: Treatment,
    compiled: Table,
    ticketed: Table,
    allowed: Allowed,
    record: bool,
    sessions: int | None,
    slots: tuple[int, ...],
) -> Plan:
    """:func:`_plan`'s plan of one treatment from its tables (``ticketed``: the table of a
    bill that buys a unit ticket, ``compiled`` itself where nothing differs)."""
    count = context.count_of(treatment) if context.counts else context.sessions
    rest = count if sessions is None else sessions

    def plain() -> Plan:
        # A bill buying no unit ticket, by month where the table is.
        sessions_plan = _sessions_plan(
            context, treatment, compiled, rest, count, allowed, record, slots
        )
        return _with_further(context, treatment, compiled, count, sessions_plan, record)

    if compiled.unit_tickets:
        tickets, required = allowed.unit_ticket_rows(ticketed)
        if tickets:
            plan = _with_unit_tickets(
                context,
                treatment,
                ticketed,
                rest,
                count,
                allowed,
                record,
                slots,
                tickets,
                required=required,
                # Beside the bills buying none, those buying one at least.
                least=ticketed is not compiled and not required,
            )
            if ticketed.by_month is not None and ticketed is compiled:
                plan = dataclasses.replace(plan, by_month=True)
            if ticketed is not compiled and not required:
                alone = plain()
                if alone.cost < plan.cost:
                    plan = alone
            return plan
    return plain()


def _set_of(context: Context, offer_id: str) -> str | None:
    """The treatment a set is of, by its id in the flat catalog."""
    offer = context.catalog.offer(offer_id)
    return offer.treatment if isinstance(offer, Bundle) else None


def gift_needs(context: Context) -> SetNeeds:
    """How many of each set a way's cheapest courses are sought buying at least, beside its
    own: :func:`~supecost.engine.context.set_needs` of the request's goods bought once and
    treatments' sessions; empty where no set includes goods or waives a fee
    (``Compiled.offered``). Worked out once per request."""
    found = context.needs
    if found is None:
        once = {goods.id: units for goods, units, months in context.goods if not months}
        counts = {
            t.id: context.count_of(t) if context.counts else context.sessions
            for t in context.treatments
        }
        found = set_needs(context.catalog, once, counts, MAX_WORK)
        assert found is not None  # check_work refused the request otherwise
        context.needs = found
    return found


def _forced_plan(
    compiled: Table,
    ticketed: Table,
    least: tuple[tuple[str, int], ...],
    plan_of: Callable[[Table, Table], Plan],
) -> Plan:
    """The cheapest plan buying at least ``least`` of the treatment's sets, ``plan_of`` its
    plan from its tables (:func:`_plan_of`).

    Each such set gains a row limited to that count (a limit per patient, which every
    programme keeps), priced :data:`INF` below the set: a plan buying fewer of it costs at
    least :data:`INF` once that is added back, so the cheapest buys them all where a plan can.
    A set limited per patient keeps what the count leaves of its limit; a count above the
    limit has no plan. The plan's purchases name the set as the catalog sells it.
    """
    forced = _forcing(compiled, least)
    if forced is None:
        return NO_PLAN
    tickets = forced if ticketed is compiled else _forcing(ticketed, least)
    assert tickets is not None  # the same sets and limits as ``compiled``
    plan = plan_of(forced, tickets)
    cost = plan.cost + INF * sum(n for _, n in least)
    if cost >= INF:
        return NO_PLAN
    sold = {
        offer_id: row.offer
        for offer_id, _ in least
        if isinstance(row := compiled.by_offer.get(offer_id), BundleRow)
    }
    purchases = tuple(
        p._replace(offer=sold[p.offer.id]) if p.offer is not None and p.offer.id in sold else p
        for p in plan.purchases
    )
    return dataclasses.replace(plan, cost=cost, purchases=purchases, _key=None)


def _forcing(table: Table, least: Sequence[tuple[str, int]]) -> Table | None:
    """``table`` with a row for each set of ``least`` limited to its count and priced
    :data:`INF` below it (by month too, where it is on sale); ``None`` where a count is above
    the set's limit per patient or the table sells no such set."""
    by_offer = dict(table.by_offer)
    rows = list(table.bundles)
    forced: list[BundleRow] = []
    for offer_id, n in least:
        row = by_offer.get(offer_id)
        if not isinstance(row, BundleRow):
            return None  # not sold to this course: no plan buys it
        most = row.offer.per_patient
        if most is not None:
            if n > most:
                return None
            kept = dataclasses.replace(
                row, offer=row.offer.model_copy(update={"per_patient": most - n})
            )
            rows[rows.index(row)] = by_offer[offer_id] = kept
        by_month = row.by_month
        if by_month is not None:
            by_month = tuple(p - INF if p < INF else p for p in by_month)
        forced.append(
            dataclasses.replace(
                row,
                offer=row.offer.model_copy(update={"per_patient": n}),
                price=row.price - INF if row.price < INF else row.price,
                by_month=by_month,
                forced=True,
            )
        )
    return dataclasses.replace(
        table, bundles=(*rows, *forced), by_offer=by_offer, forced=tuple(forced)
    )


def _with_further(
    context: Context, treatment: Treatment, compiled: Table, count: int, plan: Plan, record: bool
) -> Plan:
    """:func:`_plan` of a bill that buys no unit ticket: the ``plan`` of its sessions
    (:func:`_sessions_plan`), then its further units."""
    months = context.months
    extra = context.extra_units(treatment)
    if extra and plan.cost < INF:
        # Sets, plans and first-time prices buy sessions: a visit's further units are
        # bought one by one whatever the way, so they add the same to every plan.
        cost = min(plan.cost + extra * _further_cost(context, compiled, count), INF)
        purchases = plan.purchases
        if record:
            purchases += _extra_units(extra, count, months, context.visits)
        plan = Plan(cost, purchases, packaged=plan.packaged, months=plan.months)
    if compiled.by_month is not None:
        plan = dataclasses.replace(plan, by_month=True)
    return plan


def _singles_by_month(table: Table, sessions: int, months: int, visits: int) -> list[int] | None:
    """Each session's single price by its visit's month, where the table is by month
    (:attr:`~supecost.engine.tables.Table.by_month`); ``None`` (``table.single`` for all)
    otherwise."""
    if table.by_month is None:
        return None
    return tables.month_singles(table, _calendar(sessions, months, visits)[0])


def _further_cost(context: Context, table: Table, count: int) -> int:
    """What one further unit at each of the treatment's ``count`` visits costs in all, each at
    its visit's month's price where the table is by month."""
    if table.by_month is None or context.months is None:
        return count * table.extra_unit
    month_of = _calendar(count, context.months, context.visits)[0]
    return min(INF, sum(table.by_month[month].extra_unit for month in month_of))


def _sessions_plan(
    context: Context,
    treatment: Treatment,
    compiled: Table,
    sessions: int,
    count: int,
    allowed: Allowed,
    record: bool,
    slots: tuple[int, ...],
    tickets: Tickets | None = None,
) -> Plan:
    """The cheapest plan of ``sessions`` first units (visits), as :func:`_plan` buys them;
    with months, ``tickets`` bought as runs of visits among them."""
    months = context.months
    if compiled.ladder is not None:
        return _ladder_plan(
            context, treatment, compiled, sessions, count, allowed, slots, tickets=tickets
        )
    if context.counts and months is not None:
        return optimise(
            compiled,
            sessions,
            months,
            allowed,
            record=record,
            visits=context.visits,
            slots=slots,
            tickets=tickets,
            singles=_singles_by_month(compiled, sessions, months, context.visits),
        )
    singles = None if months is None else _singles_by_month(compiled, sessions, months, sessions)
    return optimise(
        compiled,
        sessions,
        months,
        allowed,
        record=record,
        slots=slots,
        tickets=tickets,
        singles=singles,
    )


def _with_unit_tickets(
    context: Context,
    treatment: Treatment,
    compiled: Table,
    rest: int,
    count: int,
    allowed: Allowed,
    record: bool,
    slots: tuple[int, ...],
    tickets: Sequence[BundleRow],
    *,
    required: bool,
    least: bool = False,
) -> Plan:
    """The cheapest plan of a treatment some of whose sets hold units (本数券).

    A ticket's units pay any unit of any visit, first or further, and a visit may
    mix them with units paid otherwise (docs/catalog.md, "Unit tickets"). Every
    path adds the further units the tickets do not pay at their own price, so the
    plan's cost is its purchases' and its further units' lines are what is left:

    - without months (:func:`_unscheduled_tickets`), exact: every count of units
      used, split every way between first and further units;
    - with months, tickets are runs of visits in the scheduled programme
      (:class:`Tickets`), bought at the run's first visit and valid from its month;
    - with months and package slots or a ladder (the timeline's programme), one kind
      of ticket bought at month 0, as packages are: its first units are slots with
      its validity's deadline, its further units those of the visits before it.

    ``required``: the way named after the ticket buys at least one; ``least``: the plan
    buys one at least, anywhere (:attr:`Tickets.least`; with months only).
    """
    extra = context.extra_units(treatment)
    further = extra * count
    e = compiled.extra_unit
    inner = Allowed(
        allowed.bundles if not required else _NO_OFFERS,
        allowed.subscriptions if not required else _NO_OFFERS,
        allowed.intro,
        allowed.require_intro,
        None if required else allowed.first,
        allowed.packages,
        allowed.require_package,
        allowed.longest,
    )
    months = context.months
    visits = context.visits if context.counts else count
    if months is not None and not slots and compiled.ladder is None:
        scheduled = Tickets(tuple(tickets), extra + 1, required, least)
        shown = context.visits if context.counts else None
        # Priced by month, each single at its visit's month's price and each ticket at its
        # purchase's: the timeline's programme. With further units every month prices them
        # alike (``tables.months_split``), so ``e`` below is each month's.
        singles = None
        if compiled.by_month is not None:
            singles = _singles_by_month(compiled, rest, months, shown or rest)
        plan = optimise(
            compiled,
            rest,
            months,
            inner,
            record=record,
            visits=shown,
            tickets=scheduled,
            singles=singles,
        )
        # Costs in the programme leave every further unit out and credit a run those it
        # pays, so an open-ended further unit (the high point) cancels where tickets pay all.
        total = plan.cost + further * e
        if plan.cost >= INF or total >= INF:
            return NO_PLAN
        return _with_further_units(plan, total, extra, count, months, visits, record=record)
    cache: dict[tuple[int, int, bool, bool], Plan] = {}
    # With months, the course without tickets bought at month 0 buys them as runs of visits
    # (bought at any visit, again once one expires); those bought at month 0 are slots of
    # the timeline instead, without runs, so no further unit is paid twice.
    runs = None if months is None else Tickets(tuple(tickets), extra + 1, required, least)

    def sessions_plan(
        n: int, free: int = 0, deadline: int = 0, rec: bool = False, later: bool = False
    ) -> Plan:
        later = later and runs is not None
        key = (n, free, rec, later)
        found = cache.get(key)
        if found is None:
            held = add_slots(slots, deadline, free, count) if free else slots
            found = cache[key] = _sessions_plan(
                context, treatment, compiled, n, count, inner, rec, held, runs if later else None
            )
        return found

    best: _TicketUse = (INF, (), 0, 0)
    # The way named after a ticket buys it at least once: with months, a run from the first
    # visit (:class:`Tickets`); without, the tickets tried below.
    if not required or months is not None:
        base = sessions_plan(rest, later=True)
        if base.cost < INF:
            best = (min(base.cost + further * e, INF), (), 0, 0)
    if months is None:
        best = _unscheduled_tickets(best, sessions_plan, tickets, rest, further, e, required)
    else:
        for row in tickets:
            if row.sale is not None and row.sale[0] > 0:
                continue  # bought at month 0, as packages are: its window must be open then
            deadline = slot_deadline(row.valid_months, count, visits, months)
            reach = sum(
                1
                for m in session_months(visits, months)[:count]
                if row.valid_months is None or m < row.valid_months
            )
            firsts = min(reach, rest)
            most = (firsts + extra * reach + row.sessions - 1) // row.sessions
            if row.offer.per_patient is not None:
                most = min(most, row.offer.per_patient)  # what the patient may still buy
            for bought in range(1, max(most, 1) + 1):
                units = bought * row.sessions
                for f in range(min(firsts, units) + 1):
                    g = min(units - f, extra * reach)
                    # The timeline takes the whole count; the slots pay the tickets' visits.
                    plan = sessions_plan(rest, f, deadline)
                    cost = bought * row.price + plan.cost + (further - g) * e
                    if plan.cost < INF and cost < best[0]:
                        best = (cost, (row,) * bought, f, g)
    cost, rows, f, g = best
    if cost >= INF:
        return NO_PLAN
    deadline = 0
    if rows and months is not None:
        deadline = slot_deadline(rows[0].valid_months, count, visits, months)
    later = not rows and (months is not None or not required)
    plan = sessions_plan(rest - f if months is None else rest, f, deadline, record, later)
    if not record:
        return Plan(cost, (), packaged=plan.packaged, months=plan.months)
    if months is not None and f:
        # A slot the timeline leaves untaken is a first unit the tickets did not pay.
        f -= min(f, len(add_slots(slots, deadline, f, count)) - len(plan.packaged))
    month_of = [0] * count if months is None else _calendar(count, months, visits)[0]
    spread = list(_further_by_month(month_of, 0, count, extra, g))
    purchases = plan.purchases + tuple(_ticket_purchases(rows, f, g, spread))
    return _with_further_units(
        Plan(cost, purchases, packaged=plan.packaged, months=plan.months),
        cost,
        extra,
        count,
        months,
        visits,
    )


def _with_further_units(
    plan: Plan,
    cost: int,
    extra: int,
    count: int,
    months: int | None,
    visits: int,
    *,
    record: bool = True,
) -> Plan:
    """``plan`` at ``cost`` with the further units its unit tickets leave, at their visits
    (where the plan is ``record``ed: one holding its cost alone stays so).

    Each ticket's ``extra_months`` say in which months it pays how many further units;
    the rest are bought one by one, as :func:`_extra_units` buys them all.
    """
    if not record or not extra:
        return Plan(cost, plan.purchases, packaged=plan.packaged, months=plan.months)
    paid: dict[int, int] = {}
    for purchase in plan.purchases:
        for month, n in purchase.extra_months if purchase.kind is LineKind.BUNDLE else ():
            paid[month] = paid.get(month, 0) + n
    left = []
    for purchase in _extra_units(extra, count, months, visits):
        taken = min(purchase.units, paid.get(purchase.month, 0))
        if taken:
            paid[purchase.month] -= taken
        if purchase.units > taken:
            left.append(purchase._replace(units=purchase.units - taken))
    purchases = plan.purchases + tuple(left)
    return Plan(cost, purchases, packaged=plan.packaged, months=plan.months)


def _unscheduled_tickets(
    best: _TicketUse,
    sessions_plan: Callable[[int], Plan],
    tickets: Sequence[BundleRow],
    rest: int,
    further: int,
    e: int,
    required: bool,
) -> _TicketUse:
    """:func:`_with_unit_tickets` without months: every count of units used, exactly.

    For each count of units used ``x``: the cheapest tickets holding at least
    ``x`` (a knapsack of the tickets alone, kinds mixed; the way named after a
    ticket buys that one only, at least once), plus the cheapest split of ``x``
    into ``f`` first and ``x - f`` further units, a sliding minimum over ``f``.
    """
    most = rest + further
    # q[f]: what the visits tickets leave cost the other ways, plus a further unit's price
    # for each first unit a ticket pays instead of a further one.
    # Not capped at INF: with an open-ended further unit (the high point), f x e is
    # cancelled by (further - x) x e where the tickets pay every further unit.
    plans = [sessions_plan(rest - f).cost for f in range(rest + 1)]
    q = [p + f * e if p < INF else INF * (most + 2) * (e + 1) for f, p in enumerate(plans)]
    tick, bought = _ticket_costs(tickets, most, required)
    window: collections.deque[int] = collections.deque()  # positions f, q increasing
    hi = -1
    used = 0
    for x in range(0 if required else 1, most + 1):
        while hi < min(x, rest):
            hi += 1
            while window and q[window[-1]] >= q[hi]:
                window.pop()
            window.append(hi)
        while window[0] < x - further:
            window.popleft()
        f = window[0]
        cost = tick[x] + q[f] + (further - x) * e
        if plans[f] < INF and tick[x] < INF and cost < best[0]:
            best, used = (cost, (), f, x - f), x
    cost, _, f, g = best
    if not used and not required:
        return best
    return (cost, bought(used), f, g)


def _ticket_costs(
    tickets: Sequence[BundleRow], most: int, required: bool
) -> tuple[list[int], Callable[[int], tuple[BundleRow, ...]]]:
    """The cheapest unit tickets holding at least ``x`` units, for every ``x`` up to
    ``most``, and the tickets that do (asked for the winner's ``x`` only).

    The way named after a ticket buys that one only, at least once. A ticket limited per
    patient (``per_patient``, lowered by what the patient bought before) is bought at
    most its limit: every count of each such ticket (:func:`_capped_states`) beside a
    knapsack of the unlimited ones, exact as the order of purchases is free.
    """
    if required:
        (row,) = tickets
        limit = most if row.offer.per_patient is None else row.offer.per_patient
        tick = [
            max(1, -(-x // row.sessions)) * row.price if -(-x // row.sessions) <= limit else INF
            for x in range(most + 1)
        ]
        return tick, lambda x: (row,) * max(1, -(-x // row.sessions))
    capped = [row for row in tickets if row.offer.per_patient is not None]
    free = [row for row in tickets if row.offer.per_patient is None]
    cost, choice = knapsack(INF, free, most)

    def unpack(x: int) -> list[BundleRow]:
        rows: list[BundleRow] = []
        while x > 0:
            rows.append(free[choice[x]])
            x -= rows[-1].sessions
        return rows

    if not capped:  # most catalogs: the knapsack alone
        return cost, lambda x: tuple(unpack(x))
    tick = [INF] * (most + 1)
    held_by: list[tuple[int, ...]] = [()] * (most + 1)
    for counts in _capped_states(capped):
        fixed = sum(n * row.price for n, row in zip(counts, capped, strict=True))
        held = sum(n * row.sessions for n, row in zip(counts, capped, strict=True))
        for x in range(most + 1):
            found = fixed + cost[x - held if x > held else 0]
            if found < tick[x]:
                tick[x], held_by[x] = found, counts
    tick = [c if c < INF else INF for c in tick]

    def bought(x: int) -> tuple[BundleRow, ...]:
        counts = held_by[x]
        held = sum(n * row.sessions for n, row in zip(counts, capped, strict=True))
        limited = [row for n, row in zip(counts, capped, strict=True) for _ in range(n)]
        return (*limited, *unpack(x - held))

    return tick, bought


_TicketUse = tuple[int, tuple[BundleRow, ...], int, int]
"""(cost, the tickets bought, first units they pay, further units they pay)."""


def _ticket_purchases(
    rows: Sequence[BundleRow], f: int, g: int, spread: list[tuple[int, int]]
) -> list[Purchase]:
    """The tickets bought, each with the units it gives: ``covered`` the units used,
    ``extras`` the further units among them (first units first, so the unused fall last),
    and its ``extra_months`` the months of those further units, taken from ``spread``."""
    purchases = []
    firsts, further = f, g
    for row in rows:
        take_first = min(firsts, row.sessions)
        take_further = min(further, row.sessions - take_first)
        firsts -= take_first
        further -= take_further
        months: list[tuple[int, int]] = []
        need = take_further
        while need:
            month, n = spread[0]
            take = min(n, need)
            months.append((month, take))
            need -= take
            if take == n:
                spread.pop(0)
            else:
                spread[0] = (month, n - take)
        used = take_first + take_further
        purchases.append(
            Purchase(LineKind.BUNDLE, row.offer, 1, used, 0, take_further, 0, tuple(months))
        )
    return purchases


def _ladder_plan(
    context: Context,
    treatment: Treatment,
    table: Table,
    sessions: int,
    count: int,
    allowed: Allowed,
    slots: tuple[int, ...] = (),
    *,
    tickets: Tickets | None = None,
) -> Plan:
    """The cheapest plan for a treatment whose singles a ladder prices by their place.

    The course's sessions of the treatment hold places ``had + 1`` to
    ``had + count`` (``had``: the patient's history). Without fixed months
    their order is free: ``s`` singles take the ``s`` cheapest places, and
    sets, plans and first-time prices (which cost the same at any place)
    cover the other sessions, so the best over ``s`` is exact. Packages too
    cost the same at any place: with ``sessions`` of the ``count`` left by
    them, the singles still take the cheapest places of all ``count``. With
    months, sessions run in time order (:func:`_optimise_timeline`): each
    single is priced at its own place, and a session beyond a monthly plan's
    allowance costs the cheaper of the plan's extra price and the single at
    its place; packages' ``slots`` take any sessions within their validity.
    """
    first = context.had_before(treatment) + 1
    prices = [table.ladder_price(place) for place in range(first, first + count)]
    others = dataclasses.replace(table, single=INF)
    assert table.ladder is not None
    # Only a ladder with a step held within days reads the gaps between sessions.
    gapped = context.compiled.gapped and table.ladder[0].gapped
    items: list[int] | None = None
    if context.months is not None:
        visits = context.visits if context.counts else count
        if gapped or table.by_month is not None:
            month_of = _calendar(count, context.months, visits)[0]
        if gapped:
            last = context.last_visit(treatment)
            items = dated_step_items(table.ladder[0], context.on, month_of, first, last)
            prices = [table.ladder_step_price(item) for item in items]
        if table.by_month is not None:
            # Each step's price by its session's month: a discount taken by the month.
            prices = [
                table.by_month[month_of[i]].ladder_price(first + i)
                if items is None
                else table.by_month[month_of[i]].ladder_step_price(items[i])
                for i in range(count)
            ]
        return optimise(
            others,
            count,
            context.months,
            allowed,
            visits=visits,
            singles=prices,
            slots=slots,
            first_place=first,
            tickets=tickets,
            ladder_steps=items,
        )
    if gapped and first > 1:
        # A returning patient's first session: within its step's days of the last visit, if
        # the request dates it, on the request's date; else not within.
        last = context.last_visit(treatment)
        items = ladder_step_items(table.ladder[0], first, count, None, last, context.on)
        prices = [table.ladder_step_price(item) for item in items]
    step_of = None if items is None else items.__getitem__
    order = sorted(range(count), key=lambda i: prices[i])
    best = NO_PLAN
    paid = 0
    for singles in range(sessions + 1):
        if singles:
            paid += prices[order[singles - 1]]
        rest = optimise(others, sessions - singles, None, allowed)
        if rest.cost < INF and paid + rest.cost < best.cost:
            places = [first + i for i in order[:singles]]
            purchases = (*rest.purchases, *_ladder_purchases(table, places, step_of, first))
            best = Plan(paid + rest.cost, purchases, months=rest.months)
    return best


def _ladder_purchases(
    table: Table,
    places: Sequence[int],
    step_of: Callable[[int], int] | None = None,
    first: int = 1,
) -> list[Purchase]:
    """Singles at ``places``, one purchase per step of the ladder that prices them;
    ``step_of``, where a step holds within days, gives the step item of the course's
    session at index ``place - first`` (:func:`ladder_step_items`)."""
    assert table.ladder is not None
    ladder, steps = table.ladder
    by_step: dict[int, int] = {}
    for place in places:
        if step_of is None:
            start = max(s for s, _ in steps if s <= place)
        else:
            start = step_of(place - first)
        by_step[start] = by_step.get(start, 0) + 1
    return [
        Purchase(LineKind.LADDER, ladder, n, n, 0, 0, start) for start, n in sorted(by_step.items())
    ]


def dated_step_items(
    ladder: Ladder, on: date, month_of: Sequence[int], first: int, last: date | None = None
) -> list[int]:
    """The step item of each session of a course with months (:func:`ladder_step_items`):
    the session in month ``k`` of ``month_of`` dated ``k`` calendar months after ``on``, as
    every purchase of the course is; the one dating of a ladder's gaps, for a quote's course
    and its break-evens alike (docs/catalog.md, "Repeat prices within days"). ``last``: the
    date of the patient's last session, the first session's gap from it."""
    days = [add_months(on, month) for month in month_of]
    return ladder_step_items(ladder, first, len(days), days, last)


def dated_step_prices(table: Table, on: date, months: int, count: int) -> list[int]:
    """The single price of each session of a new course of ``count`` sessions over
    ``months`` on a ladder with a step held within days: each at the step its gap from the
    previous session holds (:func:`dated_step_items`), the sessions spread as a course's."""
    assert table.ladder is not None
    month_of = _calendar(count, months, count)[0]
    items = dated_step_items(table.ladder[0], on, month_of, 1)
    return [table.ladder_step_price(item) for item in items]


def ladder_step_items(
    ladder: Ladder,
    first: int,
    count: int,
    days: Sequence[date] | None,
    last: date | None = None,
    on: date | None = None,
) -> list[int]:
    """The step item of each of a course's ``count`` sessions at places ``first`` on, in a
    ladder with a step held within days of the previous session: the ``from`` of the
    step of its place, or, where the session came back too late for it, minus the
    ``from`` of the step that prices it (:meth:`~supecost.catalog.Ladder.held_step`), a
    line of its own (``ladder-id@-from``).

    ``days`` are the sessions' dates in a course with months (the gaps between them
    decide); without them a later session's gap is unknown, so it keeps its place's step,
    priced as a range (:meth:`~supecost.catalog.Ladder.undated_price`). A returning
    patient's first session is within where the request dates the last visit (``last``)
    and the session's date (``days[0]``, without months ``on``) is within the step's days
    of it, at the step's own price even without months (:data:`~supecost.engine.tables.
    KNOWN_STEP`); without ``last`` it is never within (docs/catalog.md, "Repeat prices
    within days").
    """
    items = []
    for index in range(count):
        place = first + index
        placed = ladder.step_at(place)
        if index == 0:
            gap = None
            if last is not None:
                start = days[0] if days is not None else on
                assert start is not None
                gap = (start - last).days
            held = ladder.held_step(place, gap)
            if (
                held is placed
                and days is None
                and gap is not None
                and placed is not ladder.steps[0]
                and placed.within_days is not None
            ):
                # Known to be within: its own price, not the range of an unknown gap.
                items.append(KNOWN_STEP + placed.from_)
                continue
        elif days is None:
            held = placed
        else:
            held = ladder.held_step(place, (days[index] - days[index - 1]).days)
        items.append(placed.from_ if held is placed else -held.from_)
    return items
