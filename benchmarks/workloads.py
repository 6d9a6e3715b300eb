"""Catalogs, requests and the plain-Python floor shared by the benchmarks.

Nothing here is timed on import: the benchmarks build what they need, then time it.
The floor (:class:`Floor`) does the engine's work on plain ints, lists and tuples,
as tightly as plain Python allows, so every figure is quoted as a ratio to it,
measured in the same run, and holds on a noisy machine.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from supecost.catalog import Bundle, Catalog, Charged, Intro, Subscription, validate_catalog
from supecost.money import Rounding, YenRange
from supecost.quotes import QuoteRequest, SessionRange
from supecost.tax import TaxCategory, effective_category, tax_rate

ON = date(2026, 4, 1)
"""A fixed purchase date, so tax rates and discount windows never depend on today."""


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
# Pathological catalogs: legal, and each once blew up combinatorially (issue 11).


@dataclass(frozen=True, slots=True)
class Pathological:
    """A legal catalog that once made the engine's work explode, with the request that did."""

    name: str
    catalog: Catalog
    request: QuoteRequest


def _treatments(count: int) -> list[dict[str, Any]]:
    return [{"id": f"t{i}", "name": f"施術{i}", "price": 10_000 + 1_000 * i} for i in range(count)]


def _everything_catalog() -> Catalog:
    """30 combos, 200 discounts and 2,000 offers over 8 treatments."""
    treatments = _treatments(8)
    offers: list[dict[str, Any]] = []
    for i in range(8):
        price = 10_000 + 1_000 * i
        for k in range(250):
            if k % 25 == 24:
                monthly: dict[str, Any] = {
                    "kind": "subscription",
                    "id": f"t{i}-monthly-{k}",
                    "treatment": f"t{i}",
                    "monthly_fee": price * (2 + k % 7) * (90 - k % 11) // 100,
                    "sessions_per_month": 2 + k % 7,
                    "min_months": 1 + k % 12,
                }
                if k % 2:
                    monthly["extra_session_price"] = price * 9 // 10
                offers.append(monthly)
                continue
            sessions = 2 + k * 4
            offer: dict[str, Any] = {
                "kind": "bundle",
                "id": f"t{i}-set-{k}",
                "treatment": f"t{i}",
                "sessions": sessions,
                "price": sessions * price * (95 - k % 23) // 100,
            }
            if k % 3 == 1:
                offer["valid_months"] = 1 + k % 120
            offers.append(offer)
    pairs = list(itertools.combinations(range(8), 2))
    combos: list[dict[str, Any]] = [
        {"id": f"pair-{a}-{b}", "treatments": [f"t{a}", f"t{b}"], "discount": 500 + 100 * a + b}
        for a, b in pairs
    ]
    combos += [
        {"id": "trio-0-1-2", "treatments": ["t0", "t1", "t2"], "discount": 2_500},
        {"id": "trio-3-4-5", "treatments": ["t3", "t4", "t5"], "discount": 2_700},
    ]
    discounts: list[dict[str, Any]] = []
    for k in range(200):
        discount: dict[str, Any] = {"id": f"d{k}", "name": f"割引{k}"}
        if k % 2:
            discount["percent"] = 1 + k % 15
        else:
            discount["amount"] = 1_000 * (1 + k % 20)
        if k % 4 == 0:
            discount["stacks"] = True
        if k % 5 == 1:
            discount["treatments"] = [f"t{k % 8}"]
        elif k % 5 == 2:
            discount["offers"] = [f"t{k % 8}-set-{k % 24}"]
        if k % 3 == 0:
            discount["min_sessions"] = 1 + 7 * k % 1000
        discounts.append(discount)
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "Everything Clinic"},
            "treatments": treatments,
            "offers": offers,
            "combos": combos,
            "fees": [
                {"id": "first", "name": "初診料", "price": 3_300},
                {"id": "visit", "name": "再診料", "price": 1_100, "charged": "every_visit"},
            ],
            "discounts": discounts,
        }
    )


def _one_addon_catalog() -> Catalog:
    """25 combos of the same two treatments, each a different saving."""
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "Combo Clinic"},
            "treatments": _treatments(2),
            "combos": [
                {"id": f"combo-{k}", "treatments": ["t0", "t1"], "discount": 100 * (k + 1)}
                for k in range(25)
            ],
        }
    )


def _pairs_catalog() -> Catalog:
    """8 treatments with a combo for each of their 28 pairs."""
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "Pairs Clinic"},
            "treatments": _treatments(8),
            "combos": [
                {"id": f"pair-{a}-{b}", "treatments": [f"t{a}", f"t{b}"], "discount": 300 + a + b}
                for a, b in itertools.combinations(range(8), 2)
            ],
        }
    )


def _discounts_catalog() -> Catalog:
    """The typical catalog with 200 whole-bill discounts, stacking and not."""
    typical = typical_catalog().model_dump(mode="json", by_alias=True, exclude_none=True)
    typical["discounts"] = [
        {
            "id": f"d{k}",
            "name": f"割引{k}",
            **({"percent": 1 + k % 9} if k % 2 else {"amount": 500 * (1 + k % 9)}),
            **({"stacks": True} if k % 10 == 0 else {}),
            **({"min_sessions": 1 + k % 50} if k % 3 else {}),
        }
        for k in range(200)
    ]
    return validate_catalog(typical)


PATHOLOGICAL_NAMES: tuple[str, ...] = ("everything", "25-combos", "28-pairs", "200-discounts")


def pathological(name: str) -> Pathological:
    """One pathological catalog and its request, by name (see :data:`PATHOLOGICAL_NAMES`)."""
    addons = tuple(f"t{i}" for i in range(1, 8))
    if name == "everything":
        return Pathological(
            "30 combos, 200 discounts, 2,000 offers; 1,000 sessions over 120 months",
            _everything_catalog(),
            QuoteRequest(sessions=1000, months=120, with_=addons, on=ON),
        )
    if name == "25-combos":
        return Pathological(
            "25 combos and one add-on; 1 session",
            _one_addon_catalog(),
            QuoteRequest(sessions=1, with_=("t1",), on=ON),
        )
    if name == "28-pairs":
        return Pathological(
            "8 treatments, all 28 pair combos; 12 sessions",
            _pairs_catalog(),
            QuoteRequest(sessions=12, with_=addons, on=ON),
        )
    if name == "200-discounts":
        return Pathological(
            "200 discounts; sessions 1-100",
            _discounts_catalog(),
            QuoteRequest(sessions=SessionRange(min=1, max=100), with_=("nmn",), on=ON),
        )
    raise ValueError(f"no pathological catalog {name!r}; choose from {PATHOLOGICAL_NAMES}")


def pathological_catalogs() -> list[Pathological]:
    """Every pathological catalog with its request, built (validation included)."""
    return [pathological(name) for name in PATHOLOGICAL_NAMES]


# ---------------------------------------------------------------------------
# The floor: the engine's work, done tightly on plain ints, lists and tuples.
#
# ``Floor(catalog)`` compiles the catalog once into int tables (outside any timing),
# then answers requests with no pydantic record and no code from ``supecost.engine``:
# ``floor_best_total`` is the work of ``best_total``, ``floor_full_quote`` the work of
# ``quote``. It prices one point: it refuses a catalog with a price range, where the
# engine prices three points. It also refuses per-line (targeted) discounts, which
# none of the benchmark catalogs has; each refusal is a ValueError at compile time.

INF = 1 << 62
"""A cost too large to be real: no plan."""

SINGLE, BUNDLE, INTRO, MONTHLY = 0, 1, 2, 3
"""Purchase kinds in a floor plan."""

ALL, NONE = -1, -2
"""Sets a plan may use: every set of the treatment, or none; an index >= 0 is that set alone."""

EVERY_VISIT, FIRST_VISIT, ONCE = 0, 1, 2

Purchase = tuple[int, int, int, int, int, int]
"""(kind, offer index in its table, units, sessions covered, month, extra sessions)."""

Way = tuple[str, int, int]
"""(label, kind, offer index): kind is SINGLE (singles), INTRO, BUNDLE, MONTHLY (that offer
forced to be used) or -1 (the mix of everything)."""

MIX = -1
_CATEGORIES = (
    TaxCategory.STANDARD,
    TaxCategory.REDUCED,
    TaxCategory.EXEMPT,
    TaxCategory.OUT_OF_SCOPE,
)
ROUNDING_MODES = {Rounding.FLOOR: 0, Rounding.CEIL: 1, Rounding.HALF_UP: 2, Rounding.HALF_EVEN: 3}
_HALF_UP = 2
_BREAK_EVEN_LIMIT = 120


def divide_rounded(numerator: int, denominator: int, mode: int) -> int:
    """``numerator / denominator`` rounded once: floor, ceil, half up or half even."""
    quotient, remainder = divmod(numerator, denominator)
    if not remainder or mode == 0:
        return quotient
    if mode == 1:
        return quotient + 1
    twice = 2 * remainder
    if twice != denominator:
        return quotient + 1 if twice > denominator else quotient
    if mode == _HALF_UP:
        return quotient + 1 if numerator > 0 else quotient
    return quotient + quotient % 2


def exact_yen(price: YenRange, what: str) -> int:
    if not price.is_exact:
        raise ValueError(f"the floor prices one point; {what} is a range ({price})")
    return price.min


def subscription_terms(offer: Subscription) -> tuple[int, int, int, int, int]:
    """A monthly plan as plain ints: sessions a month, fee, minimum months, enrollment fee,
    and the extra session's price (-1 without one)."""
    if offer.early_termination_fee is not None:
        # Leaving before the minimum term (catalog.plan_held) is not modelled by the floor.
        raise ValueError(f"the floor pays a plan's whole minimum term ({offer.id})")
    extra = offer.extra_session_price
    return (
        offer.sessions_per_month,
        exact_yen(offer.monthly_fee, offer.id),
        offer.min_months,
        exact_yen(offer.enrollment_fee, offer.id),
        -1 if extra is None else exact_yen(extra, offer.id),
    )


@dataclass(frozen=True, slots=True)
class FloorTable:
    """One treatment's offers as plain ints, offers in catalog order within each kind."""

    no: int
    id: str
    single: int
    tax: int
    bundles: tuple[tuple[int, int, int], ...]
    """(sessions, price, valid months or 0)."""
    bundle_ids: tuple[str, ...]
    subs: tuple[tuple[int, int, int, int, int], ...]
    """(sessions a month, monthly fee, minimum months, enrollment fee, extra price or -1)."""
    sub_ids: tuple[str, ...]
    sub_enrollment_line: tuple[bool, ...]
    intros: tuple[tuple[int, int], ...]
    """(sessions, price) of each first-time price, in catalog order."""
    intro_ids: tuple[str, ...]
    intro_best: tuple[tuple[int, int], ...]
    """For ``j`` first-time sessions, at ``[j - 1]``: (price each, index in ``intros``) of the
    cheapest that sells that many, the first listed among equals (one is used at most)."""
    ways: tuple[tuple[int, int], ...]
    """The offers in catalog order, as (BUNDLE, index) or (MONTHLY, index)."""
    has_intro: bool


@dataclass(slots=True)
class _Request:
    """What a request fixes for every way of buying, computed once per request."""

    tables: tuple[FloorTable, ...]
    sessions: int
    months: int | None
    new: bool
    on: date
    choices: list[tuple[int, ...]]
    combos: tuple[tuple[int, int, int], ...]
    rates: tuple[tuple[int, int], ...]
    schedule: tuple[list[int], list[int], dict[int, list[int]]] | None = None
    addon_plans: list[tuple[int, list[Purchase]]] = field(default_factory=list)


class Floor:
    """A catalog compiled into int tables, and the engine's work redone on them."""

    def __init__(self, catalog: Catalog) -> None:
        clinic = catalog.clinic
        self.include_tax = clinic.prices_include_tax
        self.tax_mode = ROUNDING_MODES[clinic.tax_rounding]
        self.first = catalog.treatments[0].id
        self.tables: dict[str, FloorTable] = {}
        for no, treatment in enumerate(catalog.treatments):
            self.tables[treatment.id] = self._compile(catalog, no, treatment.id)
        self.prices = {t.id: exact_yen(t.price, t.id) for t in catalog.treatments}
        self.combo_ids = tuple(c.id for c in catalog.combos)
        self.combo_rows: list[tuple[frozenset[str], int, int]] = []
        for combo in catalog.combos:
            parts = sum(self.prices[t] for t in combo.treatments)
            if combo.discount is not None:
                saving = exact_yen(combo.discount, combo.id)
            else:
                assert combo.price is not None
                saving = parts - exact_yen(combo.price, combo.id)
            tax = _CATEGORIES.index(catalog.treatment(combo.treatments[0]).tax)
            self.combo_rows.append((frozenset(combo.treatments), saving, tax))
        charged = {
            Charged.EVERY_VISIT: EVERY_VISIT,
            Charged.FIRST_VISIT: FIRST_VISIT,
            Charged.ONCE: ONCE,
        }
        self.fees = tuple(
            (f.id, charged[f.charged], exact_yen(f.price, f.id), _CATEGORIES.index(f.tax))
            for f in catalog.fees
        )
        self.discounts: list[tuple[Any, ...]] = []
        for d in catalog.discounts:
            if not d.applies_to_bill:
                raise ValueError(f"the floor models whole-bill discounts only, not {d.id}")
            rate = d.rate
            self.discounts.append(
                (
                    d.id,
                    d.stacks,
                    0 if rate is None else rate.numerator,
                    0 if rate is None else rate.denominator,
                    d.amount or 0,
                    ROUNDING_MODES[d.rounding],
                    d.new_patients_only,
                    d.valid_from,
                    d.valid_until,
                    d.min_sessions or 0,
                    -1 if d.min_amount is None else d.min_amount,
                )
            )
        self._knapsacks: dict[tuple[int, int, int], tuple[list[int], list[int]]] = {}
        self._break_even_memo: dict[tuple[Any, ...], list[tuple[str, int | None, int]]] = {}
        self._combos: dict[tuple[str, ...], tuple[tuple[int, int, int], ...]] = {}
        self._rates: dict[date, tuple[tuple[int, int], ...]] = {}
        self._visits: dict[tuple[str, tuple[str, ...]], tuple[FloorTable, ...]] = {}

    @staticmethod
    def _compile(catalog: Catalog, no: int, treatment_id: str) -> FloorTable:
        bundles: list[tuple[int, int, int]] = []
        bundle_ids: list[str] = []
        subs: list[tuple[int, int, int, int, int]] = []
        sub_ids: list[str] = []
        enrollment_lines: list[bool] = []
        ways: list[tuple[int, int]] = []
        intros: list[tuple[int, int]] = []
        intro_ids: list[str] = []
        for offer in catalog.offers_for(treatment_id):
            if isinstance(offer, Bundle):
                ways.append((BUNDLE, len(bundles)))
                bundles.append(
                    (offer.sessions, exact_yen(offer.price, offer.id), offer.valid_months or 0)
                )
                bundle_ids.append(offer.id)
            elif isinstance(offer, Subscription):
                ways.append((MONTHLY, len(subs)))
                subs.append(subscription_terms(offer))
                sub_ids.append(offer.id)
                enrollment_lines.append(offer.enrollment_fee.max != 0)
            elif isinstance(offer, Intro):
                intros.append((offer.sessions, exact_yen(offer.price, offer.id)))
                intro_ids.append(offer.id)
        intro_best: list[tuple[int, int]] = []
        for j in range(1, max((size for size, _ in intros), default=0) + 1):
            intro_best.append(min((p, i) for i, (size, p) in enumerate(intros) if size >= j))
        treatment = catalog.treatment(treatment_id)
        return FloorTable(
            no,
            treatment_id,
            exact_yen(treatment.price, treatment_id),
            _CATEGORIES.index(treatment.tax),
            tuple(bundles),
            tuple(bundle_ids),
            tuple(subs),
            tuple(sub_ids),
            tuple(enrollment_lines),
            tuple(intros),
            tuple(intro_ids),
            tuple(intro_best),
            tuple(ways),
            bool(intros),
        )

    # -- per request --------------------------------------------------------

    def _request(self, request: QuoteRequest, sessions: int) -> _Request:
        main = request.treatment or self.first
        visit = self._visits.get((main, request.with_))
        if visit is None:
            visit = (self.tables[main], *(self.tables[t] for t in request.with_))
            self._visits[(main, request.with_)] = visit
        # Without a date, today in Japan (UTC+9), as supecost dates such a request.
        on = request.on or datetime.now(timezone(timedelta(hours=9))).date()
        new = request.new_patient
        # Applicable discounts: the conditions never depend on the way of buying.
        value = sessions * sum(t.single for t in visit)
        stacking: list[int] = []
        others: list[int] = []
        for index, d in enumerate(self.discounts):
            if d[6] and not new:
                continue
            if (d[7] is not None and on < d[7]) or (d[8] is not None and on > d[8]):
                continue
            if sessions < d[9] or value < d[10]:
                continue
            (stacking if d[1] else others).append(index)
        choices = [tuple(stacking)] + [(*stacking, d) for d in others]
        rates = self._rates.get(on)
        if rates is None:
            rates = self._rates[on] = tuple(
                (_CATEGORIES.index(effective_category(c, on)), tax_rate(c, on)) for c in _CATEGORIES
            )
        return _Request(
            visit, sessions, request.months, new, on, choices, self._combo_choice(visit), rates
        )

    def _combo_choice(self, visit: tuple[FloorTable, ...]) -> tuple[tuple[int, int, int], ...]:
        """The non-overlapping combos with the largest saving per visit: (combo, saving, tax)."""
        ids = tuple(t.id for t in visit)
        chosen = self._combos.get(ids)
        if chosen is None:
            present = set(ids)
            candidates = [
                (index, members, saving, tax)
                for index, (members, saving, tax) in enumerate(self.combo_rows)
                if members <= present and saving > 0
            ]
            best: tuple[int, tuple[tuple[int, int, int], ...]] = (0, ())
            for size in range(1, len(candidates) + 1):
                for subset in itertools.combinations(candidates, size):
                    used = [t for _, members, _, _ in subset for t in members]
                    if len(used) != len(set(used)):
                        continue
                    total = sum(saving for _, _, saving, _ in subset)
                    if total > best[0]:
                        best = (total, tuple((i, s, tax) for i, _, s, tax in subset))
            chosen = self._combos[ids] = best[1]
        return chosen

    # -- the one bill ------------------------------------------------------

    def _bill(
        self,
        r: _Request,
        costs: Sequence[int],
        choice: tuple[int, ...],
        detail: dict[str, Any] | None = None,
    ) -> int:
        """The total at the floor's one point: combos, whole-bill discounts, fees, tax per rate."""
        groups = [0, 0, 0, 0]
        present: list[int] = []
        for table, cost in zip(r.tables, costs, strict=True):
            if cost >= INF:
                return INF
            if table.tax not in present:
                present.append(table.tax)
            groups[table.tax] += cost
        n = r.sessions
        for combo, saving, tax in r.combos:
            taken = min(groups[tax], saving * n)
            groups[tax] -= taken
            if detail is not None:
                detail["combos"].append((combo, saving, taken, tax))
        if choice:
            base = groups[:]
            for index in choice:
                d = self.discounts[index]
                if d[3]:
                    for k in present:
                        taken = min(groups[k], divide_rounded(base[k] * d[2], d[3], d[5]))
                        groups[k] -= taken
                        if detail is not None:
                            detail["discounts"].append((index, k, taken))
                else:
                    left = d[4]
                    for k in sorted(present, key=lambda k: -r.rates[k][1]):
                        taken = min(left, groups[k])
                        groups[k] -= taken
                        left -= taken
                        if detail is not None:
                            detail["discounts"].append((index, k, taken))
        for fee_id, charged, price, tax in self.fees:
            count = (
                n if charged == EVERY_VISIT else 0 if charged == FIRST_VISIT and not r.new else 1
            )
            if count:
                if tax not in present:
                    present.append(tax)
                groups[tax] += price * count
                if detail is not None:
                    detail["fees"].append((fee_id, charged, count, price, tax))
        if self.include_tax and detail is None:
            return sum(groups)  # tax is contained: the total does not depend on it
        sums = [0, 0, 0, 0]
        seen = [False] * 4
        for k in present:
            group = r.rates[k][0]
            sums[group] += groups[k]
            seen[group] = True
        total = 0
        for group in range(4):
            if not seen[group]:
                continue
            amount, rate = sums[group], r.rates[group][1]
            if self.include_tax:
                tax = divide_rounded(amount * rate, 100 + rate, self.tax_mode)
                line = (rate, group, amount - tax, tax, amount)
            else:
                tax = divide_rounded(amount * rate, 100, self.tax_mode)
                line = (rate, group, amount, tax, amount + tax)
            total += line[4]
            if detail is not None:
                detail["tax"].append(line)
        if detail is not None:
            detail["subtotal"] = sum(sums)
        return total

    # -- plans ---------------------------------------------------------------

    def _knapsack(
        self, t: FloorTable, bundles: int, unit: int, n: int
    ) -> tuple[list[int], list[int]]:
        """Cheapest cover of k sessions for every k <= n, memoised and extended on demand."""
        key = (t.no, bundles, unit)
        entry = self._knapsacks.get(key)
        if entry is None:
            entry = self._knapsacks[key] = ([0], [-1])
        cost, choice = entry
        if len(cost) <= n:
            rows = [
                (index, size, price)
                for index, (size, price, _) in enumerate(t.bundles)
                if bundles == ALL or index == bundles
            ]
            for k in range(len(cost), n + 1):
                best = cost[k - 1] + unit
                pick = -1
                for index, size, price in rows:
                    candidate = price + cost[k - size] if k > size else price
                    if candidate < best:
                        best, pick = candidate, index
                cost.append(best)
                choice.append(pick)
        return entry

    def _unpack(self, t: FloorTable, bundles: int, unit: int, k: int) -> list[Purchase]:
        if bundles == NONE:
            return [(SINGLE, -1, 1, 1, 0, 0)] * k
        choice = self._knapsack(t, bundles, unit, k)[1]
        purchases: list[Purchase] = []
        while k > 0:
            pick = choice[k]
            if pick < 0:
                purchases.append((SINGLE, -1, 1, 1, 0, 0))
                k -= 1
            else:
                covered = min(k, t.bundles[pick][0])
                purchases.append((BUNDLE, pick, 1, covered, 0, 0))
                k -= covered
        return purchases

    def _monthly(self, t: FloorTable, j: int, bundles: int, n: int) -> tuple[int, int]:
        """One period of monthly plan ``j`` for ``n`` sessions, unscheduled: (cost, months)."""
        if n == 0:
            return INF, 0
        per, fee, least, enrollment, extra = t.subs[j]
        unit = t.single if extra < 0 else min(t.single, extra)
        best, months = INF, 0
        longest = max(least, -(-n // per))
        if bundles == NONE:
            for m in range(least, longest + 1):
                total = enrollment + m * fee + max(0, n - m * per) * unit
                if total < best:
                    best, months = total, m
            return best, months
        cost = self._knapsack(t, bundles, unit, n)[0]
        for m in range(least, longest + 1):
            rest = n - m * per
            total = enrollment + m * fee + cost[rest if rest > 0 else 0]
            if total < best:
                best, months = total, m
        return best, months

    def _monthly_purchases(
        self, t: FloorTable, j: int, bundles: int, n: int, months: int
    ) -> list[Purchase]:
        per, _, _, _, extra = t.subs[j]
        unit = t.single if extra < 0 else min(t.single, extra)
        covered = min(n, months * per)
        rest = self._unpack(t, bundles, unit, n - covered)
        extras = 0
        if 0 <= extra < t.single:
            extras = sum(1 for p in rest if p[0] == SINGLE)
            rest = [p for p in rest if p[0] != SINGLE]
        return [(MONTHLY, j, months, covered + extras, 0, extras), *rest]

    def _unscheduled(
        self, t: FloorTable, n: int, kind: int, index: int, intro: bool, record: bool
    ) -> tuple[int, list[Purchase]]:
        single = t.single
        if kind == SINGLE:
            return n * single, [(SINGLE, -1, n, n, 0, 0)] if record else []
        if kind == BUNDLE:
            size, price, _ = t.bundles[index]
            covered = min(n, size)
            cost = price + self._knapsack(t, index, single, n - covered)[0][n - covered]
            if not record:
                return cost, []
            tail = self._unpack(t, index, single, n - covered)
            return cost, [(BUNDLE, index, 1, covered, 0, 0), *tail]
        if kind == MONTHLY:
            cost, months = self._monthly(t, index, NONE, n)
            if not record or cost >= INF:
                return cost, []
            return cost, self._monthly_purchases(t, index, NONE, n, months)
        everything = kind == MIX
        bundles = ALL if everything else NONE
        # The first-time-price way always uses a first-time price, one at most.
        uses = [] if kind == INTRO else [(0, 0, -1)]
        if intro and t.has_intro:
            best_of = t.intro_best
            uses += [
                (j, j * best_of[j - 1][0], best_of[j - 1][1])
                for j in range(1, min(len(best_of), n) + 1)
            ]
        best, recipe = INF, (0, -1, 0, -1)
        covers = self._knapsack(t, ALL, single, n)[0] if everything else []
        for used, head, which in uses:
            rest = n - used
            candidate = head + (covers[rest] if everything else rest * single)
            if candidate < best:
                best, recipe = candidate, (used, -1, 0, which)
            if everything:
                for j in range(len(t.subs)):
                    plan, months = self._monthly(t, j, ALL, rest)
                    if plan < INF and head + plan < best:
                        best, recipe = head + plan, (used, j, months, which)
        if not record:
            return best, []
        used, j, months, which = recipe
        purchases: list[Purchase] = [(INTRO, which, used, used, 0, 0)] if used else []
        if j < 0:
            purchases += self._unpack(t, bundles, single, n - used)
        else:
            purchases += self._monthly_purchases(t, j, ALL, n - used, months)
        return best, purchases

    def _schedule(self, r: _Request) -> tuple[list[int], list[int], dict[int, list[int]]]:
        """Each session's month, the first session from each month on, overflow prefixes.

        Arrays stop at the course's last month: past it there are no sessions.
        """
        if r.schedule is None:
            n, months = r.sessions, r.months
            assert months is not None
            month_of = [i * months // n for i in range(n)]
            first_at = [n] * (months + 1)
            counts = [0] * months
            for m in month_of:
                counts[m] += 1
            i = 0
            for m in range(months):
                first_at[m] = i
                i += counts[m]
            prefixes: dict[int, list[int]] = {}
            for t in r.tables:
                for per, *_ in t.subs:
                    if per not in prefixes:
                        prefix = [0]
                        for count in counts:
                            prefix.append(prefix[-1] + (count - per if count > per else 0))
                        prefixes[per] = prefix
            r.schedule = (month_of, first_at, prefixes)
        return r.schedule

    def _scheduled(
        self, r: _Request, t: FloorTable, kind: int, index: int, intro: bool, record: bool
    ) -> tuple[int, list[Purchase]]:
        n = r.sessions
        single = t.single
        if kind in (SINGLE, INTRO):
            best, used, which = (INF, 0, -1) if kind == INTRO else (n * single, 0, -1)
            if kind == INTRO and intro and t.has_intro:
                for j in range(1, min(len(t.intro_best), n) + 1):
                    price, at = t.intro_best[j - 1]
                    total = j * price + (n - j) * single
                    if total < best:
                        best, used, which = total, j, at
            if not record:
                return best, []
            month_of = self._schedule(r)[0]
            head: list[Purchase] = [(INTRO, which, used, used, 0, 0)] if used else []
            return best, head + [(SINGLE, -1, 1, 1, month_of[i], 0) for i in range(used, n)]
        months = r.months
        assert months is not None
        month_of, first_at, prefixes = self._schedule(r)
        bundles = [
            (b, *row)
            for b, row in enumerate(t.bundles)
            if kind == MIX or (kind == BUNDLE and b == index)
        ]
        subs = [
            (j, *row, prefixes[row[0]], single if row[4] < 0 else min(row[4], single))
            for j, row in enumerate(t.subs)
            if kind == MIX or (kind == MONTHLY and j == index)
        ]
        # Plans with extras choose their end month from a suffix minimum learnt on the way back.
        suffix = [[(INF, 0)] * (months + 2) for _ in subs]
        known = [months + 1] * len(subs)
        cost = [INF] * (n + 1)
        cost[n] = 0
        step: list[tuple[int, int, int, int, int]] = [(0, 0, 0, 0, 0)] * (n + 1) if record else []
        forced = kind != MIX
        last = months
        for i in range(n - 1, -1, -1):
            here = month_of[i]
            best = INF if i == 0 and forced else cost[i + 1] + single
            move = (SINGLE, 0, i + 1, 1, 0)
            for b, size, price, valid in bundles:
                end = i + size
                if valid and here + valid < last:
                    cap = first_at[here + valid]
                    if cap < end:
                        end = cap
                if end > n:
                    end = n
                candidate = price + cost[end]
                if candidate < best:
                    best = candidate
                    if record:
                        move = (BUNDLE, b, end, 1, 0)
            following = first_at[here + 1]
            for position, (j, per, fee, least, enrollment, _extra, prefix, unit) in enumerate(subs):
                over = following - i - per
                first_over = (over if over > 0 else 0) - prefix[here + 1]
                lowest = here + least
                # A session beyond the allowance costs ``unit``: the extra or a single.
                ends = suffix[position]
                while known[position] > here + 1:
                    known[position] -= 1
                    s = known[position]
                    g = s * fee + prefix[s] * unit + cost[first_at[s]]
                    later = ends[s + 1]
                    ends[s] = (g, s) if g <= later[0] else later
                if lowest > last:
                    stop, value = lowest, lowest * fee + prefix[last] * unit
                else:
                    value, stop = ends[lowest]
                    if value >= INF:
                        continue
                candidate = enrollment + value - here * fee + first_over * unit
                if candidate < best:
                    best = candidate
                    if record:
                        inside = stop if stop < last else last
                        move = (
                            MONTHLY,
                            j,
                            first_at[inside],
                            stop - here,
                            first_over + prefix[inside],
                        )
            cost[i] = best if best < INF else INF
            if record:
                step[i] = move
        best, used, which = cost[0], 0, -1
        if intro and t.has_intro and kind == MIX:
            for j in range(1, min(len(t.intro_best), n) + 1):
                price, at = t.intro_best[j - 1]
                total = j * price + cost[j]
                if total < best:
                    best, used, which = total, j, at
        if not record or best >= INF:
            return best, []
        purchases: list[Purchase] = [(INTRO, which, used, used, 0, 0)] if used else []
        i = used
        while i < n:
            kind_, index_, end, units, extras = step[i]
            here = month_of[i]
            if kind_ == SINGLE:
                purchases.append((SINGLE, -1, 1, 1, here, 0))
            elif kind_ == BUNDLE:
                purchases.append((BUNDLE, index_, 1, end - i, here, 0))
            else:
                extra = t.subs[index_][4]
                if extra < 0 or single < extra:
                    purchases.append((MONTHLY, index_, units, end - i - extras, here, 0))
                    purchases += [(SINGLE, -1, 1, 1, here, 0)] * extras
                else:
                    purchases.append((MONTHLY, index_, units, end - i, here, extras))
            i = end
        return best, purchases

    def _plan(
        self, r: _Request, t: FloorTable, kind: int, index: int, record: bool
    ) -> tuple[int, list[Purchase]]:
        intro = r.new and kind in (MIX, INTRO)
        if r.months is None:
            return self._unscheduled(t, r.sessions, kind, index, intro, record)
        return self._scheduled(r, t, kind, index, intro, record)

    # -- ways of buying ------------------------------------------------------

    def _ways(self, r: _Request) -> list[Way]:
        main = r.tables[0]
        ways: list[Way] = [("singles", SINGLE, 0)]
        if r.new and main.has_intro:
            ways.append(("intro", INTRO, 0))
        for kind, index in main.ways:
            if kind == BUNDLE:
                ways.append((f"bundle:{main.bundle_ids[index]}", BUNDLE, index))
            else:
                ways.append((f"subscription:{main.sub_ids[index]}", MONTHLY, index))
        ways.append(("mix", MIX, 0))
        return ways

    def _solve(self, r: _Request, costs: Sequence[int]) -> tuple[int, tuple[int, ...]]:
        best, chosen = INF, r.choices[0]
        for choice in r.choices:
            total = self._bill(r, costs, choice)
            if total < best:
                best, chosen = total, choice
        return best, chosen

    def best_total(self, request: QuoteRequest) -> int:
        r = self._request(request, request.session_counts[-1])
        costs = [self._plan(r, t, MIX, 0, False)[0] for t in r.tables]
        return self._solve(r, costs)[0]

    def way_totals(self, r: _Request) -> list[tuple[str, int]]:
        """Every way's total, in the order ways are tried (no lines, no dedupe)."""
        addons = [self._plan(r, t, MIX, 0, False)[0] for t in r.tables[1:]]
        result = []
        for label, kind, index in self._ways(r):
            main = self._plan(r, r.tables[0], kind, index, False)[0]
            result.append((label, self._solve(r, [main, *addons])[0]))
        return result

    def best_quote(self, request: QuoteRequest) -> dict[str, Any]:
        """The cheapest way only, with its lines and tax: no other way, no explanation."""
        r = self._request(request, request.session_counts[-1])
        plans = [self._plan(r, t, MIX, 0, True) for t in r.tables]
        choice = self._solve(r, [cost for cost, _ in plans])[1]
        return self._price(r, "mix", plans, choice)

    def full_quote(self, request: QuoteRequest) -> dict[str, Any]:
        counts = request.session_counts
        r = self._request(request, counts[-1])
        addons = [self._plan(r, t, MIX, 0, True) for t in r.tables[1:]]
        options: list[tuple[int, int, dict[str, Any]]] = []
        unserved: list[tuple[str, str]] = []
        seen: set[tuple[Any, ...]] = set()
        labels: dict[tuple[Any, ...], str] = {}
        mix_key: tuple[Any, ...] = ()
        for position, (label, kind, index) in enumerate(self._ways(r)):
            main = self._plan(r, r.tables[0], kind, index, True)
            plans = [main, *addons]
            total, choice = self._solve(r, [cost for cost, _ in plans])
            if total >= INF:
                unserved.append((label, f"{label} cannot serve {r.sessions} sessions"))
                continue
            plans_key = tuple(_plan_key(purchases) for _, purchases in plans)
            labels.setdefault(plans_key, label)
            if kind == MIX:
                mix_key = plans_key
            key = (plans_key, choice)
            if key in seen:
                continue
            seen.add(key)
            options.append((total, position, self._price(r, label, plans, choice)))
        options.sort(key=lambda item: (item[0], item[1]))
        ranked = [option for _, _, option in options]
        best = ranked[0]
        singles = next(o for o in ranked if o["label"] == "singles")
        runner_up = ranked[1] if len(ranked) > 1 else None
        across: list[tuple[int, str, int]] = []
        if len(counts) > 1:
            for count in counts:
                if count == r.sessions:
                    across.append((count, best["label"], best["total"]))
                    continue
                point = self._request(request, count)
                totals = self.way_totals(point)
                label, total = min(totals, key=lambda pair: pair[1])
                across.append((count, label, total))
        return {
            "best": best,
            "options": ranked,
            "unserved": unserved,
            "winner": labels.get(mix_key, "mix"),
            "saving_vs_singles": singles["total"] - best["total"],
            "runner_up": None if runner_up is None else runner_up["label"],
            "saving_vs_runner_up": None
            if runner_up is None
            else runner_up["total"] - best["total"],
            "break_even": self._break_evens(r),
            "across": across,
        }

    def _price(
        self,
        r: _Request,
        label: str,
        plans: list[tuple[int, list[Purchase]]],
        choice: tuple[int, ...],
    ) -> dict[str, Any]:
        """One way of buying as a whole bill: lines, combos, discounts, fees, tax, payments."""
        n = r.sessions
        scheduled = r.months is not None and self.include_tax
        timed: list[tuple[int, int]] = []
        lines: list[tuple[Any, ...]] = []
        costs: list[int] = []
        bought = 0
        for t, (_, purchases) in zip(r.tables, plans, strict=True):
            amounts: dict[tuple[int, int], list[int]] = {}
            for kind, index, units, covered, month, extras in purchases:
                if kind == SINGLE:
                    slot = amounts.setdefault((SINGLE, -1), [0, 0, t.single])
                    slot[0] += units
                    slot[1] += units
                    if scheduled:
                        timed.append((month, t.single * units))
                elif kind == BUNDLE:
                    size, price, _ = t.bundles[index]
                    slot = amounts.setdefault((BUNDLE, index), [0, 0, price])
                    slot[0] += units
                    slot[1] += units * size
                    if scheduled:
                        timed.append((month, price * units))
                elif kind == INTRO:
                    price = t.intros[index][1]
                    slot = amounts.setdefault((INTRO, index), [0, 0, price])
                    slot[0] += units
                    slot[1] += units
                    if scheduled:
                        timed.append((month, price * units))
                else:
                    per, fee, _, enrollment, extra = t.subs[index]
                    if t.sub_enrollment_line[index]:
                        slot = amounts.setdefault((4, index), [0, 0, enrollment])
                        slot[0] += 1
                        if scheduled:
                            timed.append((month, enrollment))
                    slot = amounts.setdefault((MONTHLY, index), [0, 0, fee])
                    slot[0] += units
                    slot[1] += covered - extras
                    if scheduled:
                        timed += [(month + m, fee) for m in range(units)]
                    if extras:
                        slot = amounts.setdefault((5, index), [0, 0, extra])
                        slot[0] += extras
                        slot[1] += extras
                        if scheduled:
                            timed.append((month, extra * extras))
                    if t is r.tables[0]:
                        bought += units * per  # a plan's month buys its whole allowance
            cost = 0
            for (kind, index), (quantity, sessions, unit) in amounts.items():
                cost += unit * quantity
                lines.append((t.id, kind, index, quantity, unit, unit * quantity, sessions, t.tax))
                if t is r.tables[0] and kind in (SINGLE, BUNDLE, INTRO, 5):
                    bought += sessions
            costs.append(cost)
        detail: dict[str, Any] = {"combos": [], "discounts": [], "fees": [], "tax": []}
        total = self._bill(r, costs, choice, detail)
        visits = self._schedule(r)[0] if scheduled else []
        for combo, saving, taken, tax in detail["combos"]:
            if taken == saving * n:
                lines.append((self.combo_ids[combo], 6, -1, n, -saving, -taken, 0, tax))
                timed += [(month, -saving) for month in visits]
            else:
                lines.append((self.combo_ids[combo], 6, -1, 1, -taken, -taken, 0, tax))
                timed.append((0, -taken))
        for index, tax, taken in detail["discounts"]:
            if taken:
                lines.append((self.discounts[index][0], 7, -1, 1, -taken, -taken, 0, tax))
                timed.append((0, -taken))
        for fee_id, charged, count, price, tax in detail["fees"]:
            lines.append((fee_id, 8, -1, count, price, price * count, 0, tax))
            if charged == EVERY_VISIT:
                timed += [(month, price) for month in visits]
            else:
                timed.append((0, price * count))
        payments: dict[int, int] = {}
        if scheduled:
            for month, amount in timed:
                payments[month] = payments.get(month, 0) + amount
        # Per set and treatment, the sessions bought and left unused (the engine's ``unused``).
        unused: dict[tuple[str, str], int] = {}
        for t, (_, purchases) in zip(r.tables, plans, strict=True):
            for p in purchases:
                if p[0] == BUNDLE and p[3] < p[2] * t.bundles[p[1]][0]:
                    key = (t.bundle_ids[p[1]], t.id)
                    unused[key] = unused.get(key, 0) + p[2] * t.bundles[p[1]][0] - p[3]
        return {
            "label": label,
            "lines": lines,
            "sessions_bought": bought,
            "sessions_unused": bought - n,
            "tax": detail["tax"],
            "subtotal": detail["subtotal"],
            "total": total,
            "per_session": divide_rounded(total, n, _HALF_UP),
            "payments": sorted(payments.items()),
            "unused": tuple((offer, t, count) for (offer, t), count in unused.items()),
        }

    def _break_evens(self, r: _Request) -> list[tuple[str, int | None, int]]:
        """For each set and plan, the first count at which it alone beats singles.

        Over the request's months where it gives them: the offer's own scheduled
        programme at each count (fees are the same on both sides, and prices include tax).
        """
        t = r.tables[0]
        limit = min(_BREAK_EVEN_LIMIT, max(2 * r.sessions, 24))
        single = t.single
        if r.months is not None:
            key = (t.no, r.new, r.months, r.rates)
            known = self._break_even_memo.get(key)
            if known is None or (known and known[0][2] < limit):
                known = self._break_even_memo[key] = self._scheduled_break_evens(r, limit)
            return [
                (offer, found if found is not None and found <= limit else None, limit)
                for offer, found, _ in known
            ]
        result: list[tuple[str, int | None, int]] = []
        for b in range(len(t.bundles)):
            result.append((t.bundle_ids[b], _bundle_break_even(t, b, limit), limit))
        for j, (per, fee, least, enrollment, extra) in enumerate(t.subs):
            beyond = single if extra < 0 else min(single, extra)
            found = None
            for k in range(1, limit + 1):
                plan = min(
                    enrollment + m * fee + max(0, k - m * per) * beyond
                    for m in range(least, max(least, -(-k // per)) + 1)
                )
                if plan < k * single:
                    found = k
                    break
            result.append((t.sub_ids[j], found, limit))
        return result

    def _scheduled_break_evens(self, r: _Request, limit: int) -> list[tuple[str, int | None, int]]:
        t = r.tables[0]
        offers = [(t.bundle_ids[b], BUNDLE, b) for b in range(len(t.bundles))]
        offers += [(t.sub_ids[j], MONTHLY, j) for j in range(len(t.subs))]
        result: list[tuple[str, int | None, int]] = []
        for offer, kind, index in offers:
            if kind == BUNDLE and not t.bundles[index][2]:
                # No validity: the set covers any sessions, whenever they fall.
                result.append((offer, _bundle_break_even(t, index, limit), limit))
                continue
            # Fixed months never make a course cheaper: where the months-free cost is not
            # below singles, neither is the scheduled one.
            free = _free_costs(t, kind, index, limit)
            found = None
            for k in range(1, limit + 1):
                if free[k] >= k * t.single:
                    continue
                alone = _Request((t,), k, r.months, r.new, r.on, [()], (), r.rates)
                if self._scheduled(alone, t, kind, index, False, False)[0] < k * t.single:
                    found = k
                    break
            result.append((offer, found, limit))
        return result


def _free_costs(t: FloorTable, kind: int, index: int, limit: int) -> list[int]:
    """The cost of ``k`` sessions with one set or plan and singles, months free."""
    single = t.single
    if kind == BUNDLE:
        size, price, _ = t.bundles[index]
        cost = [0]
        for k in range(1, limit + 1):
            cost.append(min(cost[k - 1] + single, price + cost[k - size] if k > size else price))
        return cost
    per, fee, least, enrollment, extra = t.subs[index]
    beyond = single if extra < 0 else min(single, extra)
    return [INF] + [
        min(
            enrollment + m * fee + max(0, k - m * per) * beyond
            for m in range(least, max(least, -(-k // per)) + 1)
        )
        for k in range(1, limit + 1)
    ]


def _bundle_break_even(t: FloorTable, b: int, limit: int) -> int | None:
    """The first count at which set ``b`` with singles beats singles, months free."""
    size, price, _ = t.bundles[b]
    single = t.single
    cost = [0]
    for k in range(1, limit + 1):
        with_set = price + cost[k - size] if k > size else price
        cost.append(min(cost[k - 1] + single, with_set))
        if cost[k] < k * single:
            return k
    return None


def _plan_key(purchases: list[Purchase]) -> tuple[tuple[int, int, int, int, int], ...]:
    """A plan's structure ignoring timing: what ways of buying that coincide share."""
    totals: dict[tuple[int, int], list[int]] = {}
    for kind, index, units, covered, _, extras in purchases:
        slot = totals.setdefault((kind, index), [0, 0, 0])
        slot[0] += units
        slot[1] += covered
        slot[2] += extras
    return tuple(sorted((k[0], k[1], v[0], v[1], v[2]) for k, v in totals.items()))


_FLOORS: dict[int, tuple[Catalog, Floor]] = {}


def floor_for(catalog: Catalog) -> Floor:
    """The catalog's floor, compiled once per catalog object."""
    entry = _FLOORS.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        entry = _FLOORS[id(catalog)] = (catalog, Floor(catalog))
    return entry[1]


def floor_best_total(floor: Floor, request: QuoteRequest) -> int:
    """The engine's ``best_total`` on the floor: the cheapest total with everything applied."""
    return floor.best_total(request)


def floor_full_quote(floor: Floor, request: QuoteRequest) -> dict[str, Any]:
    """The work of ``supecost.quote`` on the floor: every way priced, ranked and explained."""
    return floor.full_quote(request)


def floor_best_quote(floor: Floor, request: QuoteRequest) -> dict[str, Any]:
    """The best way only, on the floor: the cheapest plans priced as a whole bill."""
    return floor.best_quote(request)


def floor_option_totals(floor: Floor, request: QuoteRequest) -> dict[str, int]:
    """Each way's total from :func:`floor_full_quote`, by label (coinciding ways dropped)."""
    return {option["label"]: option["total"] for option in floor.full_quote(request)["options"]}


def int_additions(count: int) -> int:
    """``count`` plain integer additions: warms the interpreter before timing."""
    total = 0
    for i in range(count):
        total += i
    return total
