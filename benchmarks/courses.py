"""The courses workload (issue 13): three treatments against five packages, and its floor.

A catalog in schema version 2 of the kind a beauty clinic publishes: three
treatments, each with sets, singles and a first-time price (one of them for
the first time having the treatment, ``for = "first_time"``), a monthly plan
on one and a loyalty ladder on another; five packages (コース) over them, some
with a first-time price (初回限定価格), some of several treatments; a combo
and two fees. Requests name all three treatments with their own counts
(``with`` entries with ``sessions``), a history for some, new and returning
patients, at 3, 6 and 10 sessions of the main treatment.

:class:`CoursesFloor` does the engine's work for such a request on plain
ints, lists and tuples, with no code from ``supecost.engine``: packages bought
whole (several where cheaper, the first-time price for one of each), each
treatment's rest bought its cheapest way (a knapsack over its sets and
singles, its first-time price, its ladder's places, its monthly plan), combos
per visit, fees, tax once. Per-treatment tables are kept across requests, as
a tight implementation would keep them.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from workloads import ROUNDING_MODES, divide_rounded, exact_yen, subscription_terms

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Intro,
    IntroFor,
    Ladder,
    Package,
    Subscription,
    validate_catalog,
)
from supecost.quotes import QuoteRequest, WithEntry
from supecost.tax import tax_rate

ON = date(2026, 4, 1)
"""A fixed date, so tax rates never depend on today."""

INF = 1 << 62
"""A cost too large to be real: no plan."""

TREATMENTS: tuple[str, ...] = ("hifu", "emface", "hair")
SIZES: tuple[int, ...] = (3, 6, 10)
"""Sessions of the main treatment in a request, one row of the benchmark each."""


# ---------------------------------------------------------------------------
# The catalog and the requests.


def courses_catalog() -> Catalog:
    """Three treatments, five packages, a combo and two fees, in schema version 2.

    ``hifu`` has two sets, a first-time price for new patients and a monthly
    plan; ``emface`` two sets and a price for the first time having it;
    ``hair`` two sets, a first-time price and a ladder (cheaper from the 6th
    and from the 11th session). The packages: 2 of ``hifu`` and 4 of
    ``emface`` for 560,000 (400,000 the first time), as on a real menu; 3 of
    ``hifu`` and 5 of ``hair``; 6 of ``emface`` and 6 of ``hair`` (with a
    first-time price); one of each (with a first-time price); and a large
    course of all three.
    """
    return validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "Courses Benchmark Clinic"},
            "treatments": [
                {"id": "hifu", "name": "ハイフ 全顔", "price": 99_000},
                {"id": "emface", "name": "エムフェイス", "price": 110_000},
                {"id": "hair", "name": "育毛メソセラピー", "price": 16_500},
            ],
            "offers": [
                {"kind": "bundle", "id": "hifu-3", "treatment": "hifu", "sessions": 3,
                 "price": 267_000},
                {"kind": "bundle", "id": "hifu-5", "treatment": "hifu", "sessions": 5,
                 "price": 420_000, "valid_months": 12},
                {"kind": "intro", "id": "hifu-first", "treatment": "hifu", "price": 59_800},
                {"kind": "subscription", "id": "hifu-monthly", "treatment": "hifu",
                 "monthly_fee": 79_800, "sessions_per_month": 1, "min_months": 3,
                 "extra_session_price": 89_000},
                {"kind": "bundle", "id": "emface-4", "treatment": "emface", "sessions": 4,
                 "price": 396_000},
                {"kind": "bundle", "id": "emface-6", "treatment": "emface", "sessions": 6,
                 "price": 561_000, "valid_months": 12},
                {"kind": "intro", "id": "emface-trial", "treatment": "emface", "price": 66_000,
                 "for": "first_time"},
                {"kind": "ladder", "id": "hair-loyalty", "treatment": "hair",
                 "steps": [{"from": 1, "price": 16_500}, {"from": 6, "price": 13_200},
                           {"from": 11, "price": 11_000}]},
                {"kind": "bundle", "id": "hair-5", "treatment": "hair", "sessions": 5,
                 "price": 74_800},
                {"kind": "bundle", "id": "hair-10", "treatment": "hair", "sessions": 10,
                 "price": 132_000},
                {"kind": "intro", "id": "hair-first", "treatment": "hair", "price": 9_800,
                 "sessions": 2},
                {"kind": "package", "id": "lift", "name": "リフトアップコース",
                 "contents": [{"treatment": "hifu", "sessions": 2},
                              {"treatment": "emface", "sessions": 4}],
                 "price": 560_000, "intro_price": 400_000, "valid_months": 6},
                {"kind": "package", "id": "hifu-hair", "name": "ハイフ育毛コース",
                 "contents": [{"treatment": "hifu", "sessions": 3},
                              {"treatment": "hair", "sessions": 5}],
                 "price": 320_000},
                {"kind": "package", "id": "emface-hair", "name": "エムフェイス育毛コース",
                 "contents": [{"treatment": "emface", "sessions": 6},
                              {"treatment": "hair", "sessions": 6}],
                 "price": 590_000, "intro_price": 520_000},
                {"kind": "package", "id": "trial-all", "name": "全部お試しコース",
                 "contents": [{"treatment": "hifu", "sessions": 1},
                              {"treatment": "emface", "sessions": 1},
                              {"treatment": "hair", "sessions": 1}],
                 "price": 198_000, "intro_price": 148_000},
                {"kind": "package", "id": "total-care", "name": "トータルケアコース",
                 "contents": [{"treatment": "hifu", "sessions": 6},
                              {"treatment": "emface", "sessions": 6},
                              {"treatment": "hair", "sessions": 12}],
                 "price": 1_180_000, "valid_months": 12},
            ],
            "combos": [
                {"id": "hifu-with-hair", "treatments": ["hifu", "hair"], "discount": 3_300},
            ],
            "fees": [
                {"id": "first-consult", "name": "初診料", "price": 3_300},
                {"id": "visit", "name": "再診料", "price": 1_100, "charged": "every_visit"},
            ],
        }
    )  # fmt: skip


def courses_request(rng: random.Random, size: int) -> QuoteRequest:
    """``size`` sessions of one treatment, the other two with counts of their own.

    The main treatment turns with the request; the others' counts run from
    about half the size to a little more than it; half the patients are
    returning, and some have had sessions before (which moves the ladder and
    ends the first-time price of ``emface``).
    """
    order = list(TREATMENTS)
    rng.shuffle(order)
    main, *others = order
    counts = [rng.randint(max(1, size // 2), size + 2) for _ in others]
    new = rng.random() < 0.5
    history: dict[str, int] = {}
    if not new:
        for treatment in TREATMENTS:
            if rng.random() < 0.5:
                history[treatment] = rng.randint(1, 8)
    return QuoteRequest(
        treatment=main,
        sessions=size,
        with_=tuple(
            WithEntry(treatment=t, sessions=n) for t, n in zip(others, counts, strict=True)
        ),
        new_patient=new,
        history=history,
        on=ON,
    )


def courses_requests(size: int, count: int, seed: int = 2026) -> list[QuoteRequest]:
    """``count`` requests of ``size`` sessions of the main treatment, seeded."""
    rng = random.Random(seed * 100 + size)
    return [courses_request(rng, size) for _ in range(count)]


# ---------------------------------------------------------------------------
# The floor.

_EVERY_VISIT, _FIRST_VISIT, _ONCE = 0, 1, 2
_SINGLES, _INTRO, _BUNDLE, _MONTHLY, _PACKAGE, _MIX = range(6)
"""Ways of buying: the main treatment by singles, its first-time price, one of its sets or
plans, a package of any treatment of the request, or the mix of everything."""


@dataclass(frozen=True, slots=True)
class _Treatment:
    """One treatment's offers as plain ints, in catalog order."""

    single: int
    bundles: tuple[tuple[int, int], ...]
    """(sessions, price)."""
    subs: tuple[tuple[int, int, int, int, int], ...]
    """(sessions a month, monthly fee, minimum months, enrollment fee, extra price or -1)."""
    intros: tuple[tuple[bool, int, int], ...]
    """(for the first time having it, sessions, price)."""
    ladder: tuple[tuple[int, int], ...]
    """The first ladder's steps, (from, price); empty without one."""
    ways: tuple[tuple[str, int, int], ...]
    """Its sets and plans in catalog order: (label, BUNDLE or MONTHLY, index)."""


@dataclass(frozen=True, slots=True)
class _Course:
    """What a request fixes, read once: treatments, counts, histories, first-time prices."""

    ids: tuple[str, ...]
    counts: tuple[int, ...]
    had: tuple[int, ...]
    intros: tuple[tuple[int, ...], ...]
    """Each treatment's first-time prices in force, as the cheapest price each for ``j``
    first-time sessions at ``[j - 1]`` (one offer is used at most); empty without one."""
    new: bool
    packages: tuple[tuple[int, int, int, tuple[int, ...]], ...]
    """Each package of a requested treatment: (index, price, first-time price, sessions per
    treatment of the request); the first-time price is ``price`` where there is none to use."""


class CoursesFloor:
    """A schema-2 catalog compiled into int tables, and the engine's course work redone on them.

    It models what the courses workload uses: exact prices, one tax category,
    no discounts, courses without ``months``; it refuses anything else at
    compile time with a ValueError.
    """

    def __init__(self, catalog: Catalog) -> None:
        if catalog.discounts:
            raise ValueError("the courses floor models catalogs without discounts")
        clinic = catalog.clinic
        self.include_tax = clinic.prices_include_tax
        self.tax_mode = ROUNDING_MODES[clinic.tax_rounding]
        taxes = {t.tax for t in catalog.treatments} | {f.tax for f in catalog.fees}
        if len(taxes) != 1:
            raise ValueError("the courses floor models catalogs of one tax category")
        (self.tax,) = taxes
        self.rates: dict[date, int] = {}
        self.treatments: dict[str, _Treatment] = {}
        for treatment in catalog.treatments:
            bundles: list[tuple[int, int]] = []
            subs: list[tuple[int, int, int, int, int]] = []
            intros: list[tuple[bool, int, int]] = []
            ladder: tuple[tuple[int, int], ...] = ()
            ways: list[tuple[str, int, int]] = []
            for offer in catalog.offers_for(treatment.id):
                if isinstance(offer, Bundle):
                    ways.append((f"bundle:{offer.id}", _BUNDLE, len(bundles)))
                    bundles.append((offer.sessions, exact_yen(offer.price, offer.id)))
                elif isinstance(offer, Subscription):
                    ways.append((f"subscription:{offer.id}", _MONTHLY, len(subs)))
                    subs.append(subscription_terms(offer))
                elif isinstance(offer, Intro):
                    first_time = offer.for_ is IntroFor.FIRST_TIME
                    intros.append((first_time, offer.sessions, exact_yen(offer.price, offer.id)))
                elif isinstance(offer, Ladder) and not ladder:
                    ladder = tuple((s.from_, exact_yen(s.price, offer.id)) for s in offer.steps)
            self.treatments[treatment.id] = _Treatment(
                exact_yen(treatment.price, treatment.id),
                tuple(bundles),
                tuple(subs),
                tuple(intros),
                ladder,
                tuple(ways),
            )
        self.packages: list[tuple[str, dict[str, int], int, int]] = []
        for offer in catalog.offers:
            if isinstance(offer, Package):
                price = exact_yen(offer.price, offer.id)
                intro = (
                    price if offer.intro_price is None else exact_yen(offer.intro_price, offer.id)
                )
                contents = {item.treatment: item.sessions for item in offer.contents}
                self.packages.append((offer.id, contents, price, min(price, intro)))
        self.combos: list[tuple[frozenset[str], int]] = []
        for combo in catalog.combos:
            if combo.discount is not None:
                saving = exact_yen(combo.discount, combo.id)
            else:
                assert combo.price is not None
                parts = sum(self.treatments[t].single for t in combo.treatments)
                saving = parts - exact_yen(combo.price, combo.id)
            self.combos.append((frozenset(combo.treatments), saving))
        charged = {
            Charged.EVERY_VISIT: _EVERY_VISIT,
            Charged.FIRST_VISIT: _FIRST_VISIT,
            Charged.ONCE: _ONCE,
        }
        self.fees = tuple(
            (f.id, charged[f.charged], exact_yen(f.price, f.id)) for f in catalog.fees
        )
        # Kept across requests, as a tight implementation keeps them.
        self._knapsacks: dict[tuple[int, tuple[tuple[int, int], ...]], list[int]] = {}
        self._covers: dict[tuple[str, int, int], list[int]] = {}
        self._rests: dict[tuple[str, int, int, int], list[int]] = {}
        self._combo_savings: dict[tuple[str, ...], int] = {}

    # -- per treatment, kept across requests ----------------------------------

    def _knapsack(self, single: int, sets: tuple[tuple[int, int], ...], n: int) -> list[int]:
        """The cheapest cover of at least k sessions by singles and sets, for every k <= n."""
        key = (single, sets)
        cost = self._knapsacks.get(key)
        if cost is None:
            cost = self._knapsacks[key] = [0]
        for k in range(len(cost), n + 1):
            best = cost[k - 1] + single
            for size, price in sets:
                candidate = price + cost[k - size] if k > size else price
                if candidate < best:
                    best = candidate
            cost.append(best if best < INF else INF)
        return cost

    def _cover(self, tid: str, single: int, intro: tuple[int, ...], n: int) -> list[int]:
        """Cheapest k sessions by sets, singles at ``single``, one period of a monthly plan
        and a first-time price (``intro``: the price each for ``j`` sessions), for every k <= n."""
        key = (tid, single, intro)
        found = self._covers.get(key)
        if found is not None and len(found) > n:
            return found
        t = self.treatments[tid]
        knap = self._knapsack(single, t.bundles, n)
        base = knap[: n + 1]
        for per, fee, least, enrollment, extra in t.subs:
            unit = single if extra < 0 else min(single, extra)
            rest = self._knapsack(unit, t.bundles, n)
            for m in range(1, n + 1):
                for months in range(least, max(least, -(-m // per)) + 1):
                    left = m - months * per
                    total = enrollment + months * fee + rest[left if left > 0 else 0]
                    if total < base[m]:
                        base[m] = total
        if intro:
            cover = base[:]
            for m in range(1, n + 1):
                for j in range(1, min(len(intro), m) + 1):
                    total = j * intro[j - 1] + base[m - j]
                    if total < cover[m]:
                        cover[m] = total
            base = cover
        self._covers[key] = base
        return base

    def _rest(self, tid: str, intro: tuple[int, ...], had: int, count: int) -> list[int]:
        """The cheapest way to buy k of the treatment's ``count`` sessions, for every k."""
        key = (tid, intro, had, count)
        found = self._rests.get(key)
        if found is None:
            t = self.treatments[tid]
            if not t.ladder:
                found = self._cover(tid, t.single, intro, count)[: count + 1]
            else:
                # Sets and first-time prices cost the same at any place: the singles take
                # the cheapest of the course's places.
                prices = sorted(self._ladder_price(t, had + i) for i in range(1, count + 1))
                others = self._cover(tid, INF, intro, count)
                found = []
                for k in range(count + 1):
                    best, paid = others[k], 0
                    for s in range(1, k + 1):
                        paid += prices[s - 1]
                        if paid + others[k - s] < best:
                            best = paid + others[k - s]
                    found.append(best)
            self._rests[key] = found
        return found

    @staticmethod
    def _ladder_price(t: _Treatment, place: int) -> int:
        price = t.ladder[0][1]
        for start, step in t.ladder:
            if start <= place:
                price = step
        return price

    # -- per request ----------------------------------------------------------

    def _course(self, request: QuoteRequest) -> _Course:
        main = request.treatment or next(iter(self.treatments))
        assert isinstance(request.sessions, int), "the floor prices one count"
        if request.months is not None:
            raise ValueError("the courses floor models courses without months")
        ids = (main, *(entry if isinstance(entry, str) else entry.treatment
                       for entry in request.with_))  # fmt: skip
        counts = (request.sessions, *(request.sessions if n is None else n
                                      for n in request.with_sessions))  # fmt: skip
        had = tuple(request.history.get(t, 0) for t in ids)
        new = request.new_patient
        intros = []
        for tid, before in zip(ids, had, strict=True):
            # A price for the first time having it ends with the first session had; one for
            # new patients is for patients new to the clinic.
            usable = [
                (sessions, price)
                for first_time, sessions, price in self.treatments[tid].intros
                if (first_time and before == 0) or (not first_time and new)
            ]
            most = max((sessions for sessions, _ in usable), default=0)
            intros.append(tuple(min(p for s, p in usable if s >= j) for j in range(1, most + 1)))
        packages = []
        for index, (_, contents, price, intro) in enumerate(self.packages):
            sessions = tuple(contents.get(t, 0) for t in ids)
            if any(sessions):
                packages.append((index, price, intro if new else price, sessions))
        return _Course(ids, counts, had, tuple(intros), new, tuple(packages))

    def _packages(self, course: _Course, only: int = -1) -> dict[tuple[int, ...], int]:
        """Each coverage of the treatments the packages can reach (capped at the counts),
        with the cheapest packages that reach it; with ``only``, that package at least once."""
        counts = course.counts
        states = {(0,) * len(counts): 0}
        for index, price, intro, sessions in course.packages:
            if only >= 0 and index != only:
                continue
            most = max(-(-n // s) for n, s in zip(counts, sessions, strict=True) if s)
            steps = [
                (intro + (k - 1) * price if k else 0, [k * s for s in sessions])
                for k in range(1 if index == only else 0, most + 1)
            ]
            following: dict[tuple[int, ...], int] = {}
            for start, cost in states.items():
                for paid, adds in steps:
                    reached = tuple(
                        [
                            n if c + a > n else c + a
                            for n, c, a in zip(counts, start, adds, strict=True)
                        ]
                    )
                    total = cost + paid
                    held = following.get(reached)
                    if held is None or total < held:
                        following[reached] = total
            states = following
        return states

    def _bill(self, course: _Course, amount: int, detail: dict[str, Any] | None = None) -> int:
        """The total of a course whose lines add up to ``amount``: combos per visit, fees,
        tax once (one category, so each step is a sum); ``detail`` gets the bill's lines."""
        if amount >= INF:
            return INF
        counts = course.counts
        visits = max(counts)
        saving = 0
        done = 0
        for edge in sorted(set(counts)):
            members = tuple(t for t, n in zip(course.ids, counts, strict=True) if n >= edge)
            saving += self._visit_saving(members) * (edge - done)
            done = edge
        taken = saving if amount > saving else amount
        amount -= taken
        fees = []
        for fee_id, charged, price in self.fees:
            if charged == _EVERY_VISIT:
                fees.append((fee_id, visits, price * visits))
            elif charged == _ONCE or course.new:
                fees.append((fee_id, 1, price))
        for _, _, charge in fees:
            amount += charge
        if self.include_tax:
            total = amount
            tax = divide_rounded(amount * self._rate(), 100 + self._rate(), self.tax_mode)
        else:
            tax = divide_rounded(amount * self._rate(), 100, self.tax_mode)
            total = amount + tax
        if detail is not None:
            detail["combos"] = -taken
            detail["fees"] = fees
            detail["tax"] = (self._rate(), tax, total)
        return total

    def _rate(self) -> int:
        rate = self.rates.get(ON)
        if rate is None:
            rate = self.rates[ON] = tax_rate(self.tax, ON)
        return rate

    def _visit_saving(self, members: tuple[str, ...]) -> int:
        """The largest saving of combos sharing no treatment at a visit of ``members``."""
        found = self._combo_savings.get(members)
        if found is None:
            present = set(members)
            candidates = [(m, s) for m, s in self.combos if m <= present and s > 0]
            found = 0
            for mask in range(1, 1 << len(candidates)):
                chosen = [candidates[i] for i in range(len(candidates)) if mask >> i & 1]
                used = [t for m, _ in chosen for t in m]
                if len(used) == len(set(used)):
                    found = max(found, sum(s for _, s in chosen))
            self._combo_savings[members] = found
        return found

    def _rest_tables(self, course: _Course) -> list[list[int]]:
        return [
            self._rest(tid, intro, had, n)
            for tid, intro, had, n in zip(
                course.ids, course.intros, course.had, course.counts, strict=True
            )
        ]

    def _with_packages(self, course: _Course, rests: Sequence[list[int]], only: int = -1) -> int:
        counts = course.counts
        best = INF
        for covered, cost in self._packages(course, only).items():
            total = cost
            for rest, n, c in zip(rests, counts, covered, strict=True):
                total += rest[n - c]
            if total < best:
                best = total
        return best

    def best_total(self, request: QuoteRequest) -> int:
        """The work of ``best_total``: packages, each treatment's rest, the one bill."""
        course = self._course(request)
        return self._bill(course, self._with_packages(course, self._rest_tables(course)))

    # -- every way of buying, for the work of a full quote --------------------

    def _main_way(self, course: _Course, kind: int, index: int) -> int:
        """The main treatment's sessions bought one way: singles, its first-time price
        (used at least once), or one set or plan (bought at least once, no other)."""
        tid, n, had = course.ids[0], course.counts[0], course.had[0]
        t = self.treatments[tid]
        if t.ladder:
            # The singles take the cheapest places; the way's offer the other sessions.
            prices = sorted(self._ladder_price(t, had + i) for i in range(1, n + 1))
            best, paid = INF, 0
            for s in range(n + 1):
                if s:
                    paid += prices[s - 1]
                other = self._way_cover(course, t, INF, kind, index, n - s)
                if paid + other < best:
                    best = paid + other
            return best
        return self._way_cover(course, t, t.single, kind, index, n)

    def _way_cover(
        self, course: _Course, t: _Treatment, single: int, kind: int, index: int, m: int
    ) -> int:
        if kind == _SINGLES:
            return m * single if m else 0
        if kind == _INTRO:
            prices = course.intros[0]
            best = INF
            for j in range(1, min(len(prices), m) + 1):
                total = j * prices[j - 1] + (m - j) * single
                if total < best:
                    best = total
            return best if best < INF else INF
        if kind == _BUNDLE:
            size, price = t.bundles[index]
            cost = self._knapsack(single, (t.bundles[index],), m)
            total = price + cost[m - min(m, size)]
            return total if total < INF else INF
        per, fee, least, enrollment, extra = t.subs[index]
        if m == 0:
            return INF
        unit = single if extra < 0 else min(single, extra)
        best = INF
        for months in range(least, max(least, -(-m // per)) + 1):
            left = m - months * per
            total = enrollment + months * fee + (left * unit if left > 0 else 0)
            if total < best:
                best = total
        return best if best < INF else INF

    def way_totals(self, request: QuoteRequest) -> list[tuple[str, int]]:
        """Every way of buying's total, in the order the engine lists ways (none dropped)."""
        course = self._course(request)
        return [(label, self._bill(course, amount)) for label, amount in self._ways(course)]

    def _ways(self, course: _Course) -> list[tuple[str, int]]:
        rests = self._rest_tables(course)
        addons = 0
        for rest, n in zip(rests[1:], course.counts[1:], strict=True):
            addons += rest[n]
        main = self.treatments[course.ids[0]]
        kinds = [("singles", _SINGLES, 0)]
        if course.intros[0]:
            kinds.append(("intro", _INTRO, 0))
        kinds += main.ways
        result = [
            (label, self._main_way(course, kind, index) + addons) for label, kind, index in kinds
        ]
        for index, _, _, _ in sorted(course.packages, key=lambda p: self._package_order(course, p)):
            result.append(
                (f"package:{self.packages[index][0]}", self._with_packages(course, rests, index))
            )
        result.append(("mix", self._with_packages(course, rests)))
        return result

    def _package_order(
        self, course: _Course, package: tuple[int, int, int, tuple[int, ...]]
    ) -> tuple[int, int]:
        """Packages as the engine meets them: by the first requested treatment they contain."""
        sessions = package[3]
        return next(i for i, s in enumerate(sessions) if s), package[0]

    def full_quote(self, request: QuoteRequest) -> dict[str, Any]:
        """The work of ``quote`` on the floor: every way costed, billed with its lines, ranked.

        Less than the engine does: no purchases per plan (the lines are one amount per
        package and per treatment), no dropping of ways that coincide, no break-evens.
        """
        course = self._course(request)
        options = []
        for position, (label, amount) in enumerate(self._ways(course)):
            detail: dict[str, Any] = {}
            total = self._bill(course, amount, detail)
            if total >= INF:
                continue
            visits = max(course.counts)
            options.append(
                (
                    total,
                    position,
                    {
                        "label": label,
                        "subtotal": amount,
                        "total": total,
                        "per_session": divide_rounded(total, visits, 2),
                        **detail,
                    },
                )
            )
        options.sort(key=lambda item: (item[0], item[1]))
        ranked = [option for _, _, option in options]
        best = ranked[0]
        singles = next(o for o in ranked if o["label"] == "singles")
        runner_up = ranked[1] if len(ranked) > 1 else None
        return {
            "best": best,
            "options": ranked,
            "saving_vs_singles": singles["total"] - best["total"],
            "runner_up": None if runner_up is None else runner_up["label"],
        }
