"""An independent brute-force price for courses across treatments (issue 13).

Written from the documented rules (docs/catalog.md "Courses across treatments"
and docs/design.md), it shares no pricing code with ``supecost.engine``: it
reads the catalog's records and the request and tries every purchase itself.
It covers what the engine's own oracle (tests/oracle.py) does not: packages
bought whole (several, with a first-time price for one), per-treatment counts
(visit ``i`` includes every treatment whose count is at least ``i``; combos per
visit; every-visit fees per visit), ladders (a session's single price by its
place, ``history + index``), and first-time-of-treatment prices.

Its scope, which the tests' catalogs keep to: exact prices, one tax category,
tax-included prices, no discounts, courses without fixed months, at most one
first-time price per treatment. Totals are therefore plain sums.

The rules it prices, one by one:

- a package bought ``k`` times costs ``k x price``, or for a new patient
  ``intro_price + (k - 1) x price`` where ``intro_price`` is lower; it covers
  up to ``k x sessions`` sessions of each treatment it contains;
- each treatment's sessions the packages leave are bought with its own sets
  (each covering up to its sessions), at most one monthly plan (``m`` months,
  ``m >= min_months``, covering up to ``m x sessions_per_month``, with extra
  sessions at ``extra_session_price`` while subscribed), its first-time price
  (each of its first ``sessions`` sessions at ``price``; for a new patient, or
  with ``for = "first_time"`` for a patient with no history of it) and singles;
- the treatment's sessions hold places ``history + 1`` to ``history + count``;
  singles are priced by the ladder at their place (the single price without
  one); any purchase may cover any place, so the singles may be any of them;
- combos: at each visit, the best set of combos sharing no treatment among
  those whose treatments the visit includes; never below zero in all;
- fees: ``first_visit`` once for a new patient, ``every_visit`` once per visit,
  ``once`` once.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Final

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Intro,
    IntroFor,
    Ladder,
    Package,
    Subscription,
)
from supecost.money import YenRange
from supecost.quotes import QuoteRequest

__all__ = ["ORACLE_MAX_COUNT", "oracle_course_total"]

ORACLE_MAX_COUNT: Final = 8
"""The most sessions of one treatment the oracle enumerates."""


def _exact(value: YenRange | None) -> int:
    assert value is not None
    assert value.min == value.max, "the oracle prices exact prices only"
    return value.min


def _counts(request: QuoteRequest) -> dict[str, int]:
    main = request.treatment
    assert main is not None
    assert isinstance(request.sessions, int)
    counts = {main: request.sessions}
    for entry in request.with_:
        if isinstance(entry, str):
            counts[entry] = request.sessions
        else:
            counts[entry.treatment] = request.sessions if entry.sessions is None else entry.sessions
    return counts


def _single_at(catalog: Catalog, treatment: str, place: int) -> int:
    for offer in catalog.offers:
        if isinstance(offer, Ladder) and offer.treatment == treatment:
            price = None
            for step in offer.steps:
                if step.from_ <= place:
                    price = _exact(step.price)
            assert price is not None
            return price
    return _exact(catalog.treatment(treatment).price)


def _ways_to_cover(
    catalog: Catalog, treatment: str, need: int, intro_ok: bool
) -> Iterator[tuple[int, int, int]]:
    """Every purchase of sets, one plan and the first-time price: (cost, covered, extras).

    ``extras`` are the extra sessions a plan may add, any number at its extra price:
    returned as the extra price (0 when there is no plan or no extra price).
    """
    bundles = [o for o in catalog.offers if isinstance(o, Bundle) and o.treatment == treatment]
    plans = [o for o in catalog.offers if isinstance(o, Subscription) and o.treatment == treatment]
    intros = [o for o in catalog.offers if isinstance(o, Intro) and o.treatment == treatment]
    assert len(intros) <= 1
    intro_choices: list[tuple[int, int]] = [(0, 0)]
    if intros and intro_ok:
        intro = intros[0]
        intro_choices += [(j * _exact(intro.price), j) for j in range(1, intro.sessions + 1)]
    bundle_ranges = [range(-(-need // b.sessions) + 1) if need else range(1) for b in bundles]
    plan_choices: list[tuple[int, int, int]] = [(0, 0, 0)]
    for plan in plans:
        longest = max(plan.min_months, -(-need // plan.sessions_per_month))
        for months in range(plan.min_months, longest + 1):
            cost = _exact(plan.enrollment_fee) + months * _exact(plan.monthly_fee)
            extra = 0 if plan.extra_session_price is None else _exact(plan.extra_session_price)
            plan_choices.append((cost, months * plan.sessions_per_month, extra))
    for intro_cost, intro_covered in intro_choices:
        for amounts in itertools.product(*bundle_ranges):
            sets_cost = sum(n * _exact(b.price) for n, b in zip(amounts, bundles, strict=True))
            sets_covered = sum(n * b.sessions for n, b in zip(amounts, bundles, strict=True))
            for plan_cost, plan_covered, extra in plan_choices:
                yield (
                    intro_cost + sets_cost + plan_cost,
                    intro_covered + sets_covered + plan_covered,
                    extra,
                )


def _treatment_cost(
    catalog: Catalog, treatment: str, count: int, need: int, had: int, new_patient: bool
) -> int:
    """The cheapest way to buy ``need`` of the ``count`` sessions of one treatment."""
    places = list(range(had + 1, had + count + 1))
    intros = [o for o in catalog.offers if isinstance(o, Intro) and o.treatment == treatment]
    intro_ok = bool(intros) and (
        (intros[0].for_ is IntroFor.NEW_PATIENT and new_patient)
        or (intros[0].for_ is IntroFor.FIRST_TIME and had == 0)
    )
    best: int | None = None
    for cost, covered, extra in _ways_to_cover(catalog, treatment, need, intro_ok):
        left = max(0, need - covered)
        # Any of the course's places may be the singles: try every choice of them.
        for singles in range(left + 1):
            extras = left - singles
            if extras and not extra:
                continue
            cheapest: int | None = None
            for chosen in itertools.combinations(places, singles):
                paid = sum(_single_at(catalog, treatment, p) for p in chosen)
                cheapest = paid if cheapest is None else min(cheapest, paid)
            assert cheapest is not None
            total = cost + extras * extra + cheapest
            best = total if best is None else min(best, total)
    assert best is not None
    return best


def _combo_saving(catalog: Catalog, at_visit: set[str]) -> int:
    savings = []
    for combo in catalog.combos:
        if not set(combo.treatments) <= at_visit:
            continue
        if combo.discount is not None:
            saving = _exact(combo.discount)
        else:
            parts = sum(_exact(catalog.treatment(t).price) for t in combo.treatments)
            saving = parts - _exact(combo.price)
        if saving > 0:
            savings.append((set(combo.treatments), saving))
    best = 0
    for size in range(1, len(savings) + 1):
        for chosen in itertools.combinations(savings, size):
            members = [m for group, _ in chosen for m in group]
            if len(members) == len(set(members)):
                best = max(best, sum(s for _, s in chosen))
    return best


def oracle_course_total(
    catalog: Catalog, request: QuoteRequest, *, require_package: str | None = None
) -> int:
    """The cheapest total of a request, every purchase tried.

    With ``require_package``, the package's own way: it at least once, no other package.
    """
    assert request.months is None
    counts = _counts(request)
    assert all(n <= ORACLE_MAX_COUNT for n in counts.values())
    history = dict(request.history)
    packages = [o for o in catalog.offers if isinstance(o, Package)]
    useful = [p for p in packages if any(i.treatment in counts for i in p.contents)]
    ranges = []
    for package in useful:
        most = max(
            -(-counts[i.treatment] // i.sessions) for i in package.contents if i.treatment in counts
        )
        if require_package is None:
            ranges.append(range(most + 2))
        else:
            # A package's way: that package at least once, and no other package.
            ranges.append(range(1, most + 2) if package.id == require_package else range(1))
    visits = max(counts.values())
    combos = sum(
        _combo_saving(catalog, {t for t, n in counts.items() if n >= visit})
        for visit in range(1, visits + 1)
    )
    fees = 0
    for fee in catalog.fees:
        times = {
            Charged.FIRST_VISIT: 1 if request.new_patient else 0,
            Charged.EVERY_VISIT: visits,
            Charged.ONCE: 1,
        }[fee.charged]
        fees += times * _exact(fee.price)
    best: int | None = None
    for amounts in itertools.product(*ranges):
        cost = 0
        covered = dict.fromkeys(counts, 0)
        for package, k in zip(useful, amounts, strict=True):
            if not k:
                continue
            price = _exact(package.price)
            first = price
            if request.new_patient and package.intro_price is not None:
                first = min(price, _exact(package.intro_price))
            cost += first + (k - 1) * price
            for item in package.contents:
                if item.treatment in covered:
                    covered[item.treatment] += k * item.sessions
        for treatment, count in counts.items():
            need = max(0, count - covered[treatment])
            cost += _treatment_cost(
                catalog, treatment, count, need, history.get(treatment, 0), request.new_patient
            )
        total = max(0, cost - combos) + fees
        best = total if best is None else min(best, total)
    assert best is not None
    return best
