"""An independent brute-force price for courses across treatments (issue 13).

Written from the documented rules (docs/catalog.md "Courses across treatments"
and docs/design.md), it shares no pricing code with ``supecost.engine``: it
reads the catalog's records and the request and tries every purchase itself.
It covers what the engine's own oracle (tests/oracle.py) does not: packages
bought whole (several, with a first-time price for one), per-treatment counts
(visit ``i`` includes every treatment whose count is at least ``i``; combos per
visit; every-visit fees per visit), ladders (a session's single price by its
place, ``history + index``), and first-time-of-treatment prices.

Its scope, which the tests' catalogs keep to: exact prices, tax-included
prices, no discounts. Totals are therefore plain sums.

The rules it prices, one by one:

- a package bought ``k`` times costs ``k x price``, or for a new patient
  ``intro_price + (k - 1) x price`` where ``intro_price`` is lower; it covers
  up to ``k x sessions`` sessions of each treatment it contains;
- a shared set (``kind = "shared"``, 共通回数券) bought ``k`` times costs
  ``k x price`` and gives ``k x sessions`` sessions, each usable on any of its
  ``treatments``: every split of them among the request's treatments it lists
  is tried (docs/catalog.md, "A set shared by several treatments"); with
  months, like a package, it is bought at month 0 and its sessions are used
  within ``valid_months``;
- a set, package or shared set with ``per_patient`` (お一人様1セット限り) is bought at most
  that many times, less what the request's ``bought`` says the patient bought
  before, and never once that is nothing;
- a monthly plan's ``first_month`` (初月無料, 初月半額) prices the first ``months``
  (1 unless given) monthly fees of the patient's first enrollment in the plan at its
  ``price`` (0 unless given) instead of ``monthly_fee``; a later enrollment in the same
  course pays the fee from its first month; no enrollment gets it where the request's
  ``bought`` names the plan (the patient enrolled before), where the day the plan is
  enrolled is outside its window, or, with ``new_patients_only``, for a returning patient
  (docs/catalog.md, "A plan's first month at a lower price"); without months the one
  plan period a course buys is its first enrollment;
- a plan's ``enrollment_campaign`` prices its enrollment fee where the day the plan is
  enrolled is in the campaign's window; that day is the request's, or with months the
  month of the plan's first session (the month's date as below), so each enrollment pays
  by its own month;
- each treatment's sessions the packages leave are bought with its own sets
  (each covering up to its sessions), at most one monthly plan (``m`` months,
  ``m >= min_months``, or fewer at its ``early_termination_fee`` where it has one,
  covering up to ``m x sessions_per_month``, with extra
  sessions at ``extra_session_price`` while subscribed), one of its first-time
  prices at most, any of those the patient qualifies for (each of its first
  ``sessions`` sessions at ``price``; for a new patient, or with
  ``for = "first_time"`` for a patient with no history of it), and singles;
- the treatment's sessions hold places ``history + 1`` to ``history + count``;
  singles are priced by the ladder at their place (the single price without
  one); any purchase may cover any place, so the singles may be any of them;
  a step with ``within_days`` (but the first) holds only for a session that many
  days or fewer after the previous one, else the last earlier step that holds
  prices it: with months the gap is between the sessions' months' dates, the
  first session's from the request's ``last_visit`` of the treatment (the later of a
  dose's own and its treatment's), never within without one; without months a
  returning patient's first session is dated on the request's date (within where it is
  that many days or fewer after its ``last_visit``, never without one) and the others
  are priced at their low end, the cheaper of within and not;
- combos: at each visit, the best set of combos sharing no treatment among
  those whose treatments the visit includes, each off its tax category (what
  the bill pays in that category never goes below zero);
- fees: ``first_visit`` once for a new patient, ``every_visit`` once per visit,
  ``return_visit`` once per visit but a new patient's first, ``once`` once,
  ``first_time`` once where the history has none of the request's treatments it
  applies to,
  ``yearly`` at the first visit of each year of the course (months 0-11, 12-23,
  ... by the dates below; without months, all in the first year); a fee with
  ``applies_to`` only when a visit includes one of its treatments (a treatment
  alone names any of its doses), and then per visit (or per year) only at those
  visits.

With ``months`` (a scheduled course) the sessions have dates and the rules are:

- visit ``v`` (from 0) falls in month ``v x months // visits``; a treatment's
  ``count`` sessions are at the course's first ``count`` visits, in time order;
  month ``k`` is on the request's date ``k`` calendar months later (the month's
  last day where it is shorter);
- packages are bought at month 0: a package with ``valid_months = V`` may
  cover any sessions of its treatments in months before ``V`` (no ``V``: any
  session), up to ``k x sessions`` of each;
- a first-time price covers the course's first ``u`` sessions of the
  treatment (``u`` up to its ``sessions``); packages cover none of those;
- what neither covers is bought run by run, in time order: a single (priced
  at its place), a set covering the next run of up to its ``sessions``
  sessions within ``valid_months`` of the first one's month, or a monthly plan
  from the next session's month to a later month (at least ``min_months``
  paid, possibly past the course, or fewer left at its ``early_termination_fee``),
  taking every one of those sessions in the months it runs: in each month up to
  ``sessions_per_month`` by the allowance, each other at the cheaper of
  ``extra_session_price`` and the single at its place (the single where the plan
  sells no extras). Packages' sessions may
  fall anywhere, inside a plan's months or a set's run included.

This oracle checks every subset of sessions for the packages (a subset fits
the slots when, both sorted latest first, each session's month is before its
slot's deadline) and tries every run and every choice of the allowance's
sessions.
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterator, Mapping
from datetime import date
from typing import Final

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Intro,
    IntroFor,
    Ladder,
    Package,
    SharedSet,
    Subscription,
)
from supecost.money import YenRange
from supecost.quotes import QuoteRequest
from supecost.tax import TaxCategory

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


_UNDATED: Final = -1
"""The gap of a session in a course without months: unknown."""


def _single_at(catalog: Catalog, treatment: str, place: int, gap: int | None = 0) -> int:
    """A single's price at ``place``, ``gap`` days after the previous session (``None``: no
    date of it, ``_UNDATED``: no dates at all, priced at its low end: the cheaper of every
    gap within a step's days and none)."""
    for offer in catalog.offers:
        if isinstance(offer, Ladder) and offer.treatment == treatment:
            if gap == _UNDATED:
                return min(_step_price(offer, place, 0), _step_price(offer, place, None))
            return _step_price(offer, place, gap)
    return _exact(catalog.treatment(treatment).price)


def _step_price(ladder: Ladder, place: int, gap: int | None) -> int:
    """docs/catalog.md, "Repeat prices within days": the last step from ``place`` or before
    that holds; one with ``within_days`` (but the first) only ``within_days`` days or fewer
    after the previous session."""
    price = _exact(ladder.steps[0].price)
    for step in ladder.steps[1:]:
        late = step.within_days is not None and (gap is None or gap > step.within_days)
        if step.from_ <= place and not late:
            price = _exact(step.price)
    return price


def _last_visit(request: QuoteRequest, treatment: str) -> date | None:
    """The date of the treatment's last session the request gives: the later of its own and,
    for a dose, its treatment's."""
    days = [
        day
        for key in {treatment, treatment.split(":")[0]}
        if (day := request.last_visit.get(key)) is not None
    ]
    return max(days) if days else None


def _gap(on: date, month_of: list[int], k: int, last: date | None = None) -> int | None:
    """Days from session ``k - 1`` to session ``k`` (by their months' dates); for the first,
    from ``last`` (the last visit), ``None`` without one."""
    if k == 0:
        return None if last is None else (_month_day(on, month_of[0]) - last).days
    return (_month_day(on, month_of[k]) - _month_day(on, month_of[k - 1])).days


def _usable_intros(catalog: Catalog, treatment: str, new_patient: bool, had: int) -> list[Intro]:
    """The treatment's first-time prices this patient qualifies for; a course uses one at most."""
    return [
        o
        for o in catalog.offers
        if isinstance(o, Intro)
        and o.treatment == treatment
        and (
            (o.for_ is IntroFor.NEW_PATIENT and new_patient)
            or (o.for_ is IntroFor.FIRST_TIME and had == 0)
        )
    ]


def _month_day(on: date, k: int) -> date:
    """The date of a course's month ``k`` (from 0): ``k`` calendar months after ``on``, on the
    month's last day where it is shorter (docs/catalog.md, "Sales windows in a course with
    months")."""
    year, month = divmod(on.year * 12 + on.month - 1 + k, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(on.day, last))


def _holds(valid_from: date | None, valid_until: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)


def _enrolled_on(request: QuoteRequest, start: int | None) -> date:
    """The day a plan is enrolled: the request's, or with months its first session's month's."""
    on = request.on
    assert on is not None, "the oracle's requests are dated"
    return on if start is None else _month_day(on, start)


def _enrollment(plan: Subscription, day: date) -> int:
    """docs/catalog.md: a plan's enrollment fee, its campaign's price where the day the plan
    is enrolled is in the campaign's window."""
    campaign = plan.enrollment_campaign
    if campaign is not None and _holds(campaign.valid_from, campaign.valid_until, day):
        return _exact(campaign.price)
    return _exact(plan.enrollment_fee)


def _first_saving(
    plan: Subscription, request: QuoteRequest, day: date, held: int | None = None
) -> int:
    """What the patient's first enrollment in ``plan``, enrolled on ``day``, pays less than a
    later one: its first months at ``first_month.price`` instead of the fee, where this
    patient gets them (the window holding ``day``); held ``held`` months, those it held."""
    first = plan.first_month
    if first is None or request.bought.get(plan.id, 0):
        return 0  # none, or the patient enrolled before
    if not _holds(first.valid_from, first.valid_until, day):
        return 0
    if first.new_patients_only and not request.new_patient:
        return 0
    many = first.months if held is None else min(first.months, held)
    return many * (_exact(plan.monthly_fee) - _exact(first.price))


def _leaving(plan: Subscription, months: int) -> int | None:
    """What leaving ``plan`` after ``months`` months adds: nothing from its minimum term on,
    its ``early_termination_fee`` before (docs/catalog.md: a course shorter than the term pays
    the cheaper of the rest of it and the fee; the rest of the term is tried as the term
    held whole), ``None`` where it cannot be left so early."""
    if months >= plan.min_months:
        return 0
    fee = plan.early_termination_fee
    return None if fee is None else _exact(fee)


def _most(enough: int, per_patient: int | None) -> int:
    """The most of an offer worth buying: ``enough``, at most one patient's limit if any."""
    return enough if per_patient is None else min(enough, per_patient)


def _ways_to_cover(
    catalog: Catalog, request: QuoteRequest, treatment: str, need: int, intros: list[Intro]
) -> Iterator[tuple[int, int, int]]:
    """Every purchase of sets, one plan and the first-time price: (cost, covered, extras).

    ``extras`` are the extra sessions a plan may add, any number at its extra price:
    returned as the extra price (0 when there is no plan or no extra price).
    """
    bundles = [o for o in catalog.offers if isinstance(o, Bundle) and o.treatment == treatment]
    plans = [o for o in catalog.offers if isinstance(o, Subscription) and o.treatment == treatment]
    intro_choices: list[tuple[int, int]] = [(0, 0)]
    for intro in intros:
        if intro.sold_whole:  # docs/catalog.md: all its sessions for its price, bought whole
            intro_choices.append((_exact(intro.price), intro.sessions))
        else:
            intro_choices += [(j * _exact(intro.price), j) for j in range(1, intro.sessions + 1)]
    bundle_ranges = [
        range(_most(-(-need // b.sessions), b.per_patient) + 1) if need else range(1)
        for b in bundles
    ]
    plan_choices: list[tuple[int, int, int]] = [(0, 0, 0)]
    for plan in plans:
        longest = max(plan.min_months, -(-need // plan.sessions_per_month))
        for months in range(1, longest + 1):
            leaving = _leaving(plan, months)
            if leaving is None:
                continue
            # The one plan period is the patient's first enrollment, on the request's date.
            day = _enrolled_on(request, None)
            cost = _enrollment(plan, day) + months * _exact(plan.monthly_fee) + leaving
            cost -= _first_saving(plan, request, day, months)
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
    catalog: Catalog, request: QuoteRequest, treatment: str, count: int, need: int, had: int
) -> int:
    """The cheapest way to buy ``need`` of the ``count`` sessions of one treatment."""
    places = list(range(had + 1, had + count + 1))
    intros = _usable_intros(catalog, treatment, request.new_patient, had)
    last = _last_visit(request, treatment)
    if last is None:
        first_gap = None
    else:
        assert request.on is not None, "the oracle's requests are dated"
        first_gap = (request.on - last).days
    best: int | None = None
    for cost, covered, extra in _ways_to_cover(catalog, request, treatment, need, intros):
        left = max(0, need - covered)
        # Any of the course's places may be the singles: try every choice of them.
        for singles in range(left + 1):
            extras = left - singles
            if extras and not extra:
                continue
            cheapest: int | None = None
            for chosen in itertools.combinations(places, singles):
                # No dates: a returning patient's first session on the request's date, within
                # by its last visit if given, else not; the others unknown.
                paid = sum(
                    _single_at(catalog, treatment, p, first_gap if p == had + 1 else _UNDATED)
                    for p in chosen
                )
                cheapest = paid if cheapest is None else min(cheapest, paid)
            assert cheapest is not None
            total = cost + extras * extra + cheapest
            best = total if best is None else min(best, total)
    assert best is not None
    return best


def _combo_saving(catalog: Catalog, at_visit: set[str]) -> dict[TaxCategory, int]:
    """The visit's best set of combos, its saving by the combos' tax category."""
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
            tax = catalog.treatment(combo.treatments[0]).tax
            savings.append((set(combo.treatments), saving, tax))
    best: tuple[int, dict[TaxCategory, int]] = (0, {})
    for size in range(1, len(savings) + 1):
        for chosen in itertools.combinations(savings, size):
            members = [m for group, _, _ in chosen for m in group]
            total = sum(s for _, s, _ in chosen)
            if len(members) == len(set(members)) and total > best[0]:
                split: dict[TaxCategory, int] = {}
                for _, s, tax in chosen:
                    split[tax] = split.get(tax, 0) + s
                best = (total, split)
    return best[1]


def _after_combos(costs: dict[TaxCategory, int], combos: dict[TaxCategory, int]) -> int:
    """What is paid once combos come off: each off its tax category, never below zero."""
    return sum(max(0, costs.get(tax, 0) - combos.get(tax, 0)) for tax in {*costs, *combos})


_NEVER: Final = 10**6
"""The deadline of a package without ``valid_months``: after every month."""


def _fits(months_taken: list[int], deadlines: list[int]) -> bool:
    """Whether the sessions of these months can each have a slot of its own, in time."""
    if len(months_taken) > len(deadlines):
        return False
    latest = sorted(deadlines, reverse=True)
    return all(m < d for m, d in zip(sorted(months_taken, reverse=True), latest, strict=False))


def _scheduled_treatment_cost(
    catalog: Catalog,
    request: QuoteRequest,
    treatment: str,
    count: int,
    month_of: list[int],
    months: int,
    had: int,
    intros: list[Intro],
    deadlines: tuple[int, ...],
) -> int:
    """The cheapest way to buy one treatment's ``count`` sessions in time order."""
    bundles = [o for o in catalog.offers if isinstance(o, Bundle) and o.treatment == treatment]
    plans = [o for o in catalog.offers if isinstance(o, Subscription) and o.treatment == treatment]
    on = request.on
    assert on is not None, "the oracle's requests are dated"
    last = _last_visit(request, treatment)
    at_place = [
        _single_at(catalog, treatment, had + 1 + k, _gap(on, month_of, k, last))
        for k in range(count)
    ]

    def runs(rest: tuple[int, ...]) -> int:
        """The cheapest run-by-run purchase of the sessions ``rest`` (indices, in order)."""
        memo: dict[tuple[int, tuple[int | None, ...], frozenset[int]], int] = {}
        full = tuple(b.per_patient for b in bundles)  # how many one patient may still buy

        def from_(
            pos: int, left: tuple[int | None, ...] = full, joined: frozenset[int] = frozenset()
        ) -> int:
            # ``joined``: the plans enrolled in so far, whose first months are taken.
            if pos == len(rest):
                return 0
            if (pos, left, joined) in memo:
                return memo[pos, left, joined]
            first = rest[pos]
            best = at_place[first] + from_(pos + 1, left, joined)
            for k, bundle in enumerate(bundles):
                if left[k] == 0:
                    continue
                after = left if left[k] is None else (*left[:k], (left[k] or 0) - 1, *left[k + 1 :])
                for end in range(pos + 1, min(len(rest), pos + bundle.sessions) + 1):
                    valid = bundle.valid_months
                    if valid is not None and month_of[rest[end - 1]] >= month_of[first] + valid:
                        break
                    best = min(best, _exact(bundle.price) + from_(end, after, joined))
            for number, plan in enumerate(plans):
                start = month_of[first]
                # Enrolled in its first session's month: that month's campaign and first months.
                day = _enrolled_on(request, start)
                extra = (
                    None if plan.extra_session_price is None else _exact(plan.extra_session_price)
                )
                for stop in range(start + 1, max(start + plan.min_months, months) + 1):
                    leaving = _leaving(plan, stop - start)
                    if leaving is None or (leaving and stop > months):
                        continue  # held past the course and left: dearer than left at its end
                    held = stop - start
                    saving = 0 if number in joined else _first_saving(plan, request, day, held)
                    end = pos
                    while end < len(rest) and month_of[rest[end]] < stop:
                        end += 1
                    by_month: dict[int, list[int]] = {}
                    for k in rest[pos:end]:
                        by_month.setdefault(month_of[k], []).append(k)
                    over_cost = 0
                    for held in by_month.values():
                        allowance = min(plan.sessions_per_month, len(held))
                        cheapest = None
                        for free in itertools.combinations(held, allowance):
                            paid = sum(
                                at_place[k] if extra is None else min(extra, at_place[k])
                                for k in held
                                if k not in free
                            )
                            cheapest = paid if cheapest is None else min(cheapest, paid)
                        assert cheapest is not None
                        over_cost += cheapest
                    cost = _enrollment(plan, day) + (stop - start) * _exact(plan.monthly_fee)
                    cost += leaving - saving
                    best = min(best, cost + over_cost + from_(end, left, joined | {number}))
            memo[pos, left, joined] = best
            return best

        return from_(0)

    intro_uses = [(0, 0)]
    for intro in intros:  # one first-time price at most: they do not stack
        intro_uses += [
            (u, u * _exact(intro.price)) for u in range(1, min(intro.sessions, count) + 1)
        ]
    best: int | None = None
    for used, intro_cost in intro_uses:
        others = list(range(used, count))
        for size in range(min(len(others), len(deadlines)) + 1):
            for taken in itertools.combinations(others, size):
                if not _fits([month_of[k] for k in taken], list(deadlines)):
                    continue
                rest = tuple(k for k in others if k not in taken)
                total = intro_cost + runs(rest)
                best = total if best is None else min(best, total)
    assert best is not None
    return best


def _packages_cost(
    catalog: Catalog, request: QuoteRequest, package: Package, k: int
) -> tuple[TaxCategory, int]:
    """``k`` of a package: its tax category and price, one at the first-time price if lower."""
    price = _exact(package.price)
    first = price
    if request.new_patient and package.intro_price is not None:
        first = min(price, _exact(package.intro_price))
    return catalog.treatment(package.contents[0].treatment).tax, first + (k - 1) * price


_SharedUse = tuple[tuple[SharedSet, int, tuple[tuple[str, int], ...]], ...]
"""Per shared set: how many bought, and the sessions of each treatment they are used on."""


def _shared_uses(
    catalog: Catalog, counts: Mapping[str, int], require: str | None
) -> list[_SharedUse]:
    """Every choice of shared sets: for each, a count and a use of its sessions.

    docs/catalog.md "A set shared by several treatments": ``k`` sets give ``k x sessions``
    sessions, each on any of its treatments the request has (at most what each needs; the
    rest unused); at most ``per_patient`` of it (the catalog after ``bought``). With
    ``require`` naming one, its way: it at least once, no other shared set.
    """
    per_set: list[list[tuple[SharedSet, int, tuple[tuple[str, int], ...]]]] = []
    for offer in catalog.offers:
        if not isinstance(offer, SharedSet):
            continue
        used = [t for t in offer.treatments if t in counts]
        if not used:
            continue
        need = sum(counts[t] for t in used)
        most = -(-need // offer.sessions)
        if offer.per_patient is not None:
            most = min(most, offer.per_patient)
        least = 1 if require == offer.id else 0
        if require is not None and require != offer.id:
            most = 0
        choices = []
        for k in range(least, most + 1):
            for split in itertools.product(*(range(counts[t] + 1) for t in used)):
                if sum(split) <= k * offer.sessions:
                    choices.append((offer, k, tuple(zip(used, split, strict=True))))
        per_set.append(choices)
    return [tuple(c for c in chosen if c[1]) for chosen in itertools.product(*per_set)]


def _shared_cost(catalog: Catalog, offer: SharedSet, k: int) -> tuple[TaxCategory, int]:
    """``k`` of a shared set: its first treatment's tax category (they share one), its price."""
    return catalog.treatment(offer.treatments[0]).tax, k * _exact(offer.price)


def _oracle_scheduled(
    catalog: Catalog,
    request: QuoteRequest,
    counts: dict[str, int],
    useful: list[Package],
    ranges: list[range],
    combos: dict[TaxCategory, int],
    fees: int,
    uses: list[_SharedUse],
) -> int:
    """:func:`oracle_course_total` for a course with ``months``."""
    months = request.months
    assert months is not None
    history = dict(request.history)
    visits = max(counts.values())
    visit_month = [v * months // visits for v in range(visits)]
    memo: dict[tuple[str, tuple[int, ...]], int] = {}

    def treatment_cost(treatment: str, deadlines: tuple[int, ...]) -> int:
        key = (treatment, deadlines)
        if key not in memo:
            had = history.get(treatment, 0)
            memo[key] = _scheduled_treatment_cost(
                catalog,
                request,
                treatment,
                counts[treatment],
                visit_month[: counts[treatment]],
                months,
                had,
                _usable_intros(catalog, treatment, request.new_patient, had),
                deadlines,
            )
        return memo[key]

    best: int | None = None
    for amounts, use in itertools.product(itertools.product(*ranges), uses):
        cost: dict[TaxCategory, int] = {}
        slots: dict[str, list[int]] = {t: [] for t in counts}
        for package, k in zip(useful, amounts, strict=True):
            if not k:
                continue
            tax, paid = _packages_cost(catalog, request, package, k)
            cost[tax] = cost.get(tax, 0) + paid
            valid = _NEVER if package.valid_months is None else package.valid_months
            for item in package.contents:
                if item.treatment in slots:
                    slots[item.treatment] += [valid] * (k * item.sessions)
        for shared, k, split in use:
            tax, paid = _shared_cost(catalog, shared, k)
            cost[tax] = cost.get(tax, 0) + paid
            valid = _NEVER if shared.valid_months is None else shared.valid_months
            for treatment, n in split:
                slots[treatment] += [valid] * n
        for treatment, deadlines in slots.items():
            tax = catalog.treatment(treatment).tax
            cost[tax] = cost.get(tax, 0) + treatment_cost(treatment, tuple(sorted(deadlines)))
        total = _after_combos(cost, combos) + fees
        best = total if best is None else min(best, total)
    assert best is not None
    return best


def _after_bought(catalog: Catalog, bought: Mapping[str, int]) -> Catalog:
    """The catalog as this patient may buy from it: each offer limited per patient lowered
    by what ``bought`` says they bought before, gone once nothing is left
    (docs/catalog.md, "One per patient")."""
    if not bought:
        return catalog
    offers = []
    for offer in catalog.offers:
        limit = getattr(offer, "per_patient", None)
        if limit is not None:
            left = limit - bought.get(offer.id, 0)
            if left <= 0:
                continue
            offer = offer.model_copy(update={"per_patient": left})
        offers.append(offer)
    return catalog.model_copy(update={"offers": tuple(offers)})


def oracle_course_total(
    catalog: Catalog, request: QuoteRequest, *, require_package: str | None = None
) -> int:
    """The cheapest total of a request, every purchase tried.

    With ``require_package``, the package's (or shared set's) own way: it at least once, no
    other package or shared set.
    """
    counts = _counts(request)
    assert all(n <= ORACLE_MAX_COUNT for n in counts.values())
    catalog = _after_bought(catalog, request.bought)
    history = dict(request.history)
    packages = [o for o in catalog.offers if isinstance(o, Package)]
    useful = [p for p in packages if any(i.treatment in counts for i in p.contents)]
    ranges = []
    for package in useful:
        most = max(
            -(-counts[i.treatment] // i.sessions) for i in package.contents if i.treatment in counts
        )
        if package.per_patient is not None:
            most = min(most, package.per_patient - 1)  # ``most + 1`` at most: its limit
        if require_package is None:
            ranges.append(range(most + 2))
        elif any(o.id == require_package and isinstance(o, SharedSet) for o in catalog.offers):
            ranges.append(range(1))  # a shared set's way buys no package
        else:
            # A package's way: that package at least once, and no other package.
            ranges.append(range(1, most + 2) if package.id == require_package else range(1))
    visits = max(counts.values())
    combos: dict[TaxCategory, int] = {}
    for visit in range(1, visits + 1):
        for tax, saving in _combo_saving(
            catalog, {t for t, n in counts.items() if n >= visit}
        ).items():
            combos[tax] = combos.get(tax, 0) + saving
    fees = 0
    for fee in catalog.fees:
        # Visit by visit (from 1): what it includes, and whether the fee falls due there.
        times = 0
        years: set[int] = set()  # the years a yearly fee was charged in
        for visit in range(1, visits + 1):
            there = [t for t, n in counts.items() if n >= visit]
            if fee.applies_to and not any(
                ref == t or t.startswith(ref + ":") for ref in fee.applies_to for t in there
            ):
                continue
            if fee.charged is Charged.FIRST_VISIT:
                times += 1 if visit == 1 and request.new_patient else 0
            elif fee.charged is Charged.ONCE:
                times += 1 if visit == 1 else 0
            elif fee.charged is Charged.FIRST_TIME:
                # Before the first session of a treatment it applies to: none to a patient who
                # had one (a dose's history is its own plus its treatment's).
                had = any(
                    history.get(t, 0) + (history.get(t.split(":")[0], 0) if ":" in t else 0)
                    for t in counts
                    if not fee.applies_to
                    or any(ref == t or t.startswith(ref + ":") for ref in fee.applies_to)
                )
                times += 1 if visit == 1 and not had else 0
            elif fee.charged is Charged.RETURN_VISIT:
                times += 0 if visit == 1 and request.new_patient else 1
            elif fee.charged is Charged.YEARLY:
                # Visit v (from 0) is in month v x months // visits; year 1 is months 0-11.
                months = request.months
                year = 0 if months is None else (visit - 1) * months // visits // 12
                times += 0 if year in years else 1
                years.add(year)
            else:
                times += 1
        fees += times * _exact(fee.price)
    shared = any(o.id == require_package and isinstance(o, SharedSet) for o in catalog.offers)
    # A package's way buys no shared set ("" names none); a shared set's way, it alone.
    uses = _shared_uses(
        catalog, counts, require_package if shared or require_package is None else ""
    )
    if request.months is not None:
        return _oracle_scheduled(catalog, request, counts, useful, ranges, combos, fees, uses)
    best: int | None = None
    for amounts, use in itertools.product(itertools.product(*ranges), uses):
        cost: dict[TaxCategory, int] = {}
        covered = dict.fromkeys(counts, 0)
        for package, k in zip(useful, amounts, strict=True):
            if not k:
                continue
            tax, paid = _packages_cost(catalog, request, package, k)
            cost[tax] = cost.get(tax, 0) + paid
            for item in package.contents:
                if item.treatment in covered:
                    covered[item.treatment] += k * item.sessions
        for offer, k, split in use:
            tax, paid = _shared_cost(catalog, offer, k)
            cost[tax] = cost.get(tax, 0) + paid
            for treatment, n in split:
                covered[treatment] += n
        for treatment, count in counts.items():
            need = max(0, count - covered[treatment])
            tax = catalog.treatment(treatment).tax
            cost[tax] = cost.get(tax, 0) + _treatment_cost(
                catalog, request, treatment, count, need, history.get(treatment, 0)
            )
        total = _after_combos(cost, combos) + fees
        best = total if best is None else min(best, total)
    assert best is not None
    return best
