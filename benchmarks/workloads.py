"""Catalogs, requests and plain-integer baselines shared by the benchmarks.

Nothing here is timed on import: the benchmarks build what they need, then time it.
The baselines redo each benchmark's core arithmetic (the dynamic programme over
sessions, the bill) minimally over plain ``int`` lists, so every figure can be
quoted as a ratio to them and hold on a noisy machine.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from supecost.catalog import Bundle, Catalog, Intro, Subscription, validate_catalog
from supecost.quotes import QuoteRequest

ON = date(2026, 4, 1)
"""A fixed purchase date, so tax rates and discount windows never depend on today."""

INF = 1 << 62

# ---------------------------------------------------------------------------
# Catalogs.


def typical_catalog() -> Catalog:
    """A typical clinic: 10 offers (6 sets, 2 monthly plans, an intro, an add-on set).

    Also one combo, two fees (first visit, every visit) and a 5 % whole-bill discount
    from 12 sessions.
    """
    offers: list[dict[str, Any]] = []
    for sessions, price, valid in [
        (2, 63_000, None),
        (3, 92_000, 6),
        (5, 148_500, 12),
        (6, 170_000, None),
        (8, 220_000, 12),
        (10, 270_000, 24),
    ]:
        offer: dict[str, Any] = {
            "kind": "bundle",
            "id": f"sup-iv-{sessions}",
            "treatment": "sup-iv",
            "sessions": sessions,
            "price": price,
        }
        if valid is not None:
            offer["valid_months"] = valid
        offers.append(offer)
    offers += [
        {
            "kind": "subscription",
            "id": "sup-iv-monthly",
            "treatment": "sup-iv",
            "monthly_fee": 27_500,
            "sessions_per_month": 1,
            "min_months": 6,
            "extra_session_price": 22_000,
        },
        {
            "kind": "subscription",
            "id": "sup-iv-monthly-2",
            "treatment": "sup-iv",
            "monthly_fee": 50_000,
            "sessions_per_month": 2,
            "min_months": 3,
            "enrollment_fee": 10_000,
        },
        {"kind": "intro", "id": "sup-iv-first", "treatment": "sup-iv", "price": 9_800},
        {"kind": "bundle", "id": "nmn-5", "treatment": "nmn", "sessions": 5, "price": 99_000},
    ]
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "Benchmark Clinic"},
            "treatments": [
                {"id": "sup-iv", "name": "幹細胞培養上清液点滴", "price": 33_000},
                {"id": "nmn", "name": "NMN点滴", "price": 22_000},
            ],
            "offers": offers,
            "combos": [
                {"id": "sup-iv-with-nmn", "treatments": ["sup-iv", "nmn"], "discount": 5_500}
            ],
            "fees": [
                {"id": "first-consult", "name": "初診料", "price": 3_300},
                {"id": "visit", "name": "再診料", "price": 1_100, "charged": "every_visit"},
            ],
            "discounts": [{"id": "course", "name": "5%オフ", "percent": 5, "min_sessions": 12}],
        }
    )


LARGE_BUNDLE_SIZES: tuple[int, ...] = (2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 15, 16, 18)
LARGE_BUNDLE_SIZES += (20, 22, 24, 25, 28, 30, 32, 35, 36, 40, 45, 48, 50, 60)


def large_catalog() -> Catalog:
    """One treatment with 30 offers: 28 sets of 2..60 sessions and two monthly plans."""
    offers: list[dict[str, Any]] = []
    for position, sessions in enumerate(LARGE_BUNDLE_SIZES):
        percent_paid = 100 - sessions // 2 - position % 3
        offer: dict[str, Any] = {
            "kind": "bundle",
            "id": f"set-{sessions}",
            "treatment": "sup-iv",
            "sessions": sessions,
            "price": sessions * 33_000 * percent_paid // 100,
        }
        if position % 4 == 1:
            offer["valid_months"] = 12 + position
        offers.append(offer)
    offers += [
        {
            "kind": "subscription",
            "id": "monthly-8",
            "treatment": "sup-iv",
            "monthly_fee": 250_000,
            "sessions_per_month": 8,
            "min_months": 6,
            "extra_session_price": 30_000,
        },
        {
            "kind": "subscription",
            "id": "monthly-10",
            "treatment": "sup-iv",
            "monthly_fee": 290_000,
            "sessions_per_month": 10,
            "min_months": 3,
            "enrollment_fee": 10_000,
        },
    ]
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "Large Clinic"},
            "treatments": [{"id": "sup-iv", "name": "幹細胞培養上清液点滴", "price": 33_000}],
            "offers": offers,
        }
    )


# ---------------------------------------------------------------------------
# Requests.


def typical_request(rng: random.Random) -> QuoteRequest:
    """12 to 24 sessions, months given half the time, with the add-on."""
    sessions = rng.randint(12, 24)
    months = None if rng.random() < 0.5 else rng.randint(max(1, sessions // 2), sessions)
    return QuoteRequest(sessions=sessions, months=months, with_=("nmn",), on=ON)


def typical_requests(count: int, seed: int = 2026) -> list[QuoteRequest]:
    rng = random.Random(seed)
    return [typical_request(rng) for _ in range(count)]


def request_stream(count: int, seed: int = 2026) -> Iterator[QuoteRequest]:
    """The same requests as :func:`typical_requests`, made one at a time (constant memory)."""
    rng = random.Random(seed)
    for _ in range(count):
        yield typical_request(rng)


def large_request(months: int | None) -> QuoteRequest:
    return QuoteRequest(sessions=1000, months=months, on=ON)


# ---------------------------------------------------------------------------
# Plain-integer baselines: the same dynamic programmes, minimally, over ints.


@dataclass(frozen=True, slots=True)
class IntTable:
    """One treatment's offers as plain ints (exact prices only)."""

    single: int
    bundles: tuple[tuple[int, int, int], ...]
    """(sessions, price, valid months or 0)."""
    subscriptions: tuple[tuple[int, int, int, int, int], ...]
    """(per month, fee, min months, enrollment, extra or -1)."""
    intro: tuple[int, int]
    """(sessions, price); (0, 0) when there is none."""


@dataclass(frozen=True, slots=True)
class IntCatalog:
    tables: tuple[IntTable, ...]
    combo_saving: int
    first_fee: int
    visit_fee: int
    discount_percent: int
    discount_min_sessions: int


def int_table(catalog: Catalog, treatment_id: str) -> IntTable:
    bundles: list[tuple[int, int, int]] = []
    subscriptions: list[tuple[int, int, int, int, int]] = []
    intro = (0, 0)
    for offer in catalog.offers_for(treatment_id):
        if isinstance(offer, Bundle):
            bundles.append((offer.sessions, offer.price.min, offer.valid_months or 0))
        elif isinstance(offer, Subscription):
            extra = offer.extra_session_price
            subscriptions.append(
                (
                    offer.sessions_per_month,
                    offer.monthly_fee.min,
                    offer.min_months,
                    offer.enrollment_fee.min,
                    -1 if extra is None else extra.min,
                )
            )
        elif isinstance(offer, Intro):
            intro = (offer.sessions, offer.price.min)
    single = catalog.treatment(treatment_id).price.min
    return IntTable(single, tuple(bundles), tuple(subscriptions), intro)


def int_catalog(catalog: Catalog, treatments: tuple[str, ...]) -> IntCatalog:
    combo = sum(c.discount.min for c in catalog.combos if c.discount is not None)
    first = sum(f.price.min for f in catalog.fees if f.charged == "first_visit")
    visit = sum(f.price.min for f in catalog.fees if f.charged == "every_visit")
    percent, min_sessions = 0, 0
    for discount in catalog.discounts:
        percent = int(discount.percent or 0)
        min_sessions = discount.min_sessions or 0
    return IntCatalog(
        tuple(int_table(catalog, t) for t in treatments),
        combo if len(treatments) > 1 else 0,
        first,
        visit,
        percent,
        min_sessions,
    )


def int_knapsack(
    single: int, bundles: tuple[tuple[int, int, int], ...], sessions: int
) -> list[int]:
    cost = [0] * (sessions + 1)
    for k in range(1, sessions + 1):
        best = cost[k - 1] + single
        for size, price, _ in bundles:
            rest = k - size
            candidate = price + (cost[rest] if rest > 0 else 0)
            if candidate < best:
                best = candidate
        cost[k] = best
    return cost


def int_unscheduled(table: IntTable, sessions: int) -> int:
    cost = int_knapsack(table.single, table.bundles, sessions)
    best = INF
    intro_sessions, intro_price = table.intro
    for used in range(min(intro_sessions, sessions) + 1):
        rest = sessions - used
        head = used * intro_price
        best = min(best, head + cost[rest])
        if rest == 0:
            continue
        for per_month, fee, min_months, enrollment, extra in table.subscriptions:
            unit = table.single if extra < 0 else min(table.single, extra)
            fallback = int_knapsack(unit, table.bundles, rest)
            for months in range(min_months, max(min_months, -(-rest // per_month)) + 1):
                covered = min(rest, months * per_month)
                best = min(best, head + enrollment + months * fee + fallback[rest - covered])
    return best


def int_scheduled(table: IntTable, sessions: int, months: int) -> int:
    month_of = [i * months // sessions for i in range(sessions)]
    horizon = months + 121
    first_at = [sessions] * (horizon + 1)
    for i in range(sessions - 1, -1, -1):
        for m in range(month_of[i], -1, -1):
            if first_at[m] <= i:
                break
            first_at[m] = i
    per_month_count = [0] * horizon
    for m in month_of:
        per_month_count[m] += 1
    prefixes = []
    for per_month, *_ in table.subscriptions:
        prefix = [0]
        for count in per_month_count:
            prefix.append(prefix[-1] + max(0, count - per_month))
        prefixes.append(prefix)
    cost = [INF] * (sessions + 1)
    cost[sessions] = 0
    for i in range(sessions - 1, -1, -1):
        here = month_of[i]
        best = cost[i + 1] + table.single
        for size, price, valid in table.bundles:
            end = i + size
            if valid:
                end = min(end, first_at[min(here + valid, horizon)])
            candidate = price + cost[min(end, sessions)]
            if candidate < best:
                best = candidate
        for sub, prefix in zip(table.subscriptions, prefixes, strict=True):
            per_month, fee, min_months, enrollment, extra = sub
            for length in range(min_months, max(min_months, months - here) + 1):
                stop = min(here + length, horizon)
                overflow = max(0, first_at[here + 1] - i - per_month)
                overflow += prefix[stop] - prefix[here + 1]
                if overflow and extra < 0:
                    continue
                candidate = enrollment + length * fee + overflow * max(extra, 0)
                candidate += cost[first_at[stop]]
                if candidate < best:
                    best = candidate
        cost[i] = min(best, INF)
    best = cost[0]
    intro_sessions, intro_price = table.intro
    for used in range(1, min(intro_sessions, sessions) + 1):
        best = min(best, used * intro_price + cost[used])
    return best


def int_best_total(catalog: IntCatalog, sessions: int, months: int | None) -> int:
    """The cheapest total at one point: each treatment's plan, combos, discount, fees."""
    bill = 0
    for table in catalog.tables:
        if months is None:
            bill += int_unscheduled(table, sessions)
        else:
            bill += int_scheduled(table, sessions, months)
    bill -= catalog.combo_saving * sessions
    if catalog.discount_percent and sessions >= catalog.discount_min_sessions:
        bill -= bill * catalog.discount_percent // 100
    return bill + catalog.first_fee + catalog.visit_fee * sessions


def int_additions(count: int) -> int:
    """``count`` plain integer additions: the baseline where no DP applies."""
    total = 0
    for i in range(count):
        total += i
    return total
