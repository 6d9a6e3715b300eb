"""The bill: the one place the pricing order is applied.

Given what is bought at one price point (line amounts, each with its tax
category, per-unit discounts already in its unit price), :func:`itemise`
applies the rest of the pricing order, documented once here:

1. line prices, with per-unit discounts (:mod:`supecost.engine.tables`); in a
   bill whose discounts hold one not with first-time prices (``with_first_time =
   false``) no line is a first-time price, and in one whose discounts hold one
   not with offers (``with_offers = false``) no line is a set, unit ticket,
   monthly plan or package (:func:`~supecost.engine.context.rules_out`: the
   whole bill; the optimiser buys the lines so, ``optimise.narrowed``, and bills
   a way's purchases only with the discounts they fit, ``optimise.fits``);
   goods bought beside the course (``Context.goods``) join them after step 2,
   at their unit price times their units, less the units the bill's sets
   include (``Bundle.includes``, :meth:`~supecost.engine.context.Context.included`);
2. combos: the largest per-visit saving from combos that share no treatment,
   taken off its tax category (the treatments' lines, never the goods'),
   never below zero; a combo sold with single
   sessions only (``single_sessions_only``) is one of them only at the visits
   where all its treatments are paid as single sessions (``single_visits``);
   none in a bill whose discounts hold one not with combos (``with_combos =
   false``, :func:`~supecost.engine.context.without_combos`: the whole bill);
3. whole-bill discounts, per tax category: a percentage of each category,
   rounded once each; an amount from the highest rate first;
4. fees: first visit, every visit, return visit, once or yearly, at the visits
   :func:`~supecost.engine.context.fee_visits` gives (a yearly fee at the first
   visit of each year of the course, by the request's ``months``; none where the
   bill buys an offer the fee is waived with, ``Fee.waived_with``, once however
   many it buys);
5. consumption tax once per rate over the whole bill.

The optimiser's objective, every option of a quote, the explanation and its
break-evens, the reports' figures and the amount of a contract all come from
here; nothing else applies a step after line prices. One offer bought on its
own (a contract's default price, :func:`purchase_bill`) is no visit: it has no
combo and no fee, so its bill is steps 1, 3 and 5.

>>> from supecost.catalog import reference_catalog
>>> from supecost.quotes import QuoteRequest
>>> from supecost.engine.context import make_context
>>> from supecost.money import Scenario
>>> from supecost.tax import TaxCategory
>>> context = make_context(reference_catalog(), QuoteRequest(sessions=5), 5)
>>> itemise(context, Scenario.MIN, [(50_000, TaxCategory.STANDARD)], ()).total  # + 3,300 fee
53300
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final, NamedTuple

from supecost.catalog import Catalog, Discount, Fee
from supecost.engine.context import INF, Context, FeeKey, fee_visits, point, without_combos
from supecost.money import Rounding, Scenario, scale
from supecost.tax import TaxBreakdown, TaxCategory, invoice_tax, tax_rate

__all__ = [
    "PointBill",
    "SingleVisits",
    "best_combos",
    "itemise",
    "purchase_bill",
    "tax_lines",
    "tax_once",
]


class PointBill(NamedTuple):
    """A bill at one price point, step by step.

    ``combos`` holds the yen each combo took (in catalog order) and
    ``combo_per_visit`` each chosen combo's saving per visit; ``discounts``
    holds each whole-bill discount's yen per tax category; ``fees`` each fee
    charged with its count and amount. Where a price is open-ended at this
    point, ``breakdown`` is ``None`` and ``total`` is
    :data:`~supecost.engine.context.INF`. Where the total alone was asked
    for, ``combos`` and ``combo_per_visit`` are empty and ``breakdown`` is
    ``None`` (with tax-included prices). What the tax saw, summed, is each
    rate's total (tax-included prices) or taxable amount (tax-excluded): the
    breakdown holds it, so no list of taxed amounts is kept. A named tuple:
    the optimiser makes one per choice of discounts of every way of buying.
    """

    combos: dict[str, int]
    combo_per_visit: dict[str, int]
    discounts: dict[str, dict[TaxCategory, int]]
    fees: tuple[tuple[Fee, int, int], ...]
    breakdown: TaxBreakdown | None
    total: int
    combo_visits: dict[str, int] = {}  # noqa: RUF012 -- never changed, like every field
    """The visits each chosen combo applied at, where treatments have their own counts.

    Empty where every visit has every treatment: each combo then applies at every visit.
    """


def itemise(
    context: Context,
    scenario: Scenario,
    lines: Sequence[tuple[int, TaxCategory]],
    discounts: Sequence[Discount],
    *,
    visits: int | None = None,
    itemised: bool = True,
    single_visits: SingleVisits = (),
) -> PointBill:
    """The itemised bill at one point for what is bought, in the documented pricing order.

    Args:
        context: The request.
        scenario: The price point.
        lines: Each bought line's amount at this point (per-unit discounts
            applied) and its tax category; one line per treatment will do.
        discounts: The discounts in force; only the whole-bill ones act here.
        visits: The number of visits, for combos and every-visit fees; the
            course's visits unless given (where treatments have their own
            counts, each visit then has the combos of the treatments it includes).
        itemised: Whether the bill's records are wanted, or the total alone
            (as the optimiser wants it): every step still runs, but what each
            combo took is not recorded, and with
            tax-included prices the total is the sum of the bill, with no
            ``breakdown``.
        single_visits: Each set of treatments paid as single sessions at some
            visits, with how many visits (every visit has every treatment); at
            the other visits no treatment counts as single. Only a combo sold
            with single sessions only reads it.

    Returns:
        The bill, step by step, and its total.
    """
    groups: dict[TaxCategory, int] = {}
    open_ended = False
    for amount, category in lines:
        if amount >= INF:
            open_ended = True
        groups[category] = groups.get(category, 0) + amount
    compiled = context.compiled
    # The point the combos and fees are kept by: the typical one where every price is exact.
    kept = Scenario.TYPICAL if context.exact else scenario
    # The steps below run for a total alone too (the optimiser bills every choice of every
    # way): only their records (what each combo took) are left out then.
    # 2. combos, per visit, each off its own category and never below zero.
    taken: dict[str, int] = {}
    per_visit: dict[str, int] = {}
    # The visits (Context.visits, inline).
    visits_of = _EVERY_VISIT
    chosen: tuple[tuple[str, int, TaxCategory], ...]
    if compiled.limits and without_combos(discounts):
        # A discount not with combos is in force: this bill takes none (the optimiser also
        # bills the choices without it, with combos, and keeps the cheaper).
        if context.counts and visits is None:
            count = max(context.counts)
        else:
            count = context.sessions if visits is None else visits
        chosen = ()
    elif single_visits:
        # Some visits have treatments paid singly: each kind of visit has its own combos.
        count = context.sessions if visits is None else visits
        chosen, visits_of = _single_combo_visits(context, scenario, count, single_visits)
    elif context.counts and visits is None:
        # Treatments with their own counts: each group of visits has its own combos.
        count = max(context.counts)
        chosen, visits_of = _combo_visits(context, scenario)
    else:
        # Every visit has every treatment: one choice of combos, at each visit.
        count = context.sessions if visits is None else visits
        found = context.chosen.get(kept)
        chosen = _chosen_combos(context, scenario) if found is None else found
    for combo_id, saving, category in chosen:
        times = visits_of[combo_id] if visits_of else count
        before = groups.get(category, 0)
        amount = saving * times
        if amount > before:
            amount = before
        groups[category] = before - amount
        if itemised:
            taken[combo_id] = amount
            per_visit[combo_id] = saving
    # Goods are lines too, but no combo saving is taken from them: they join here.
    if context.goods:
        for amount, category in context.goods_lines(scenario):
            if amount >= INF:
                open_ended = True
            groups[category] = groups.get(category, 0) + amount
    # 3. whole-bill discounts, per tax category (goods included: they are the bill).
    split = _take_discounts(groups, discounts, context.on)
    # 4. fees.
    fee_bill = compiled.fees.get(_fee_key(context, kept, count))
    fees, fee_amounts, fee_total = _fees(context, scenario, count) if fee_bill is None else fee_bill
    if fee_total >= INF and context.fees_apart:
        # The high point's comparison of ways: the open-ended fees, which every way pays
        # alike (context.open_fees), are left out of each bill.
        fee_amounts = tuple(each for each in fee_amounts if each[0] < INF)
        fee_total = sum(amount for amount, _ in fee_amounts)
    # 5. tax once per rate.
    if open_ended or fee_total >= INF:
        return PointBill(taken, per_visit, split, fees, None, INF, visits_of)
    catalog = context.catalog
    if not itemised and catalog.clinic.prices_include_tax:
        # Tax-included prices: the tax is inside each amount, so it never changes the total,
        # which is what is left of the lines after combos and discounts, and the fees.
        total = fee_total
        for amount in groups.values():
            total += amount
        return PointBill(taken, per_visit, split, fees, None, total, visits_of)
    # The tax of a rate depends on its category's sum alone: one line per category.
    for amount, category in fee_amounts:
        groups[category] = groups.get(category, 0) + amount
    breakdown = tax_once(catalog, context.on, [(amount, c) for c, amount in groups.items()])
    return PointBill(taken, per_visit, split, fees, breakdown, breakdown.total, visits_of)


_NO_SPLIT: Final[dict[str, dict[TaxCategory, int]]] = {}
"""No whole-bill discount in force (never changed)."""


def _take_discounts(
    groups: dict[TaxCategory, int], discounts: Sequence[Discount], on: date
) -> dict[str, dict[TaxCategory, int]]:
    """Step 3: the whole-bill discounts taken off ``groups`` (changed in place), each split."""
    split = _bill_discounts(groups, discounts, on) if discounts else _NO_SPLIT
    for amounts in split.values():
        for category, amount in amounts.items():
            groups[category] -= amount
    return split


_FeeBill = tuple[tuple[tuple[Fee, int, int], ...], tuple[tuple[int, TaxCategory], ...], int]


def _fees(context: Context, scenario: Scenario, visits: int) -> _FeeBill:
    """The fees of a course of ``visits`` visits: each charged with its count and amount, the
    amounts the tax sees, and their sum (``INF`` where a price is open-ended at the point).

    The same for every bill of a request, so kept with the catalog by point, patient, visits,
    the treatments' own counts (a scoped fee is charged at the visits of its treatments) and
    the months a yearly fee reads (none where the catalog has no yearly fee), and the
    request's chosen fees (a count of visits of one).
    """
    scenario = context.point_of(scenario)
    key = _fee_key(context, scenario, visits)
    known = context.compiled.fees
    found = known.get(key)
    if found is None:
        charged: list[tuple[Fee, int, int]] = []
        total = 0
        for fee in context.catalog.fees:
            times = len(fee_visits(context, fee, visits))
            if times:
                price = point(fee.price, scenario)
                total = INF if price >= INF or total >= INF else total + price * times
                charged.append((fee, times, price * times))
        found = (tuple(charged), tuple((amount, fee.tax) for fee, _, amount in charged), total)
        if len(known) < _FEES_KEPT:
            known[key] = found
    return found


def _fee_key(context: Context, point: Scenario, visits: int) -> FeeKey:
    """What a course's fee bill is kept by (:func:`_fees`), the one key :func:`itemise` reads
    it by: the point, the patient, the visits, the treatments' own counts, the months a
    yearly fee reads, the request's chosen fees (one chosen at some visits only is
    charged at fewer), and the offers the bill buys (a fee waived with one is not charged)."""
    request = context.request
    return (
        point,
        request.new_patient,
        visits,
        context.counts,
        context.fee_months,
        request.fees,
        context.bought,
    )


_FEES_KEPT: Final = 4096
"""The most fee bills kept per catalog: one per point, patient and count of visits asked."""


def purchase_bill(
    catalog: Catalog,
    on: date,
    lines: Sequence[tuple[int, TaxCategory]],
    discounts: Sequence[Discount],
) -> tuple[dict[str, dict[TaxCategory, int]], TaxBreakdown]:
    """The bill of a purchase with no visit (one offer bought on its own, paid up front).

    Its lines (per-unit discounts in their amounts), then the whole-bill
    discounts among ``discounts`` per tax category, then tax once per rate: the
    pricing order of :func:`itemise` without combos and fees, which need a visit.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> spring = Discount(id="spring", name="春", amount=10_000)
        >>> split, taxed = purchase_bill(reference_catalog(), date(2026, 4, 1),
        ...                              [(110_000, TaxCategory.STANDARD)], [spring])
        >>> split["spring"][TaxCategory.STANDARD], taxed.total
        (10000, 100000)

    Returns:
        Each whole-bill discount's yen per tax category, and the taxed bill.
    """
    groups: dict[TaxCategory, int] = {}
    for amount, category in lines:
        groups[category] = groups.get(category, 0) + amount
    split = _take_discounts(groups, discounts, on)
    return split, tax_once(catalog, on, [(amount, c) for c, amount in groups.items()])


def tax_once(catalog: Catalog, on: date, lines: Sequence[tuple[int, TaxCategory]]) -> TaxBreakdown:
    """Tax once per rate over a bill's lines, with the clinic's prices and rounding.

    A bill with no visit (one offer bought on its own, a monthly invoice) is
    just this last step.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> tax_once(reference_catalog(), date(2026, 4, 1), [(110_000, TaxCategory.STANDARD)]).tax
        10000
    """
    clinic = catalog.clinic
    # tax_lines' own call, without its frame: every way of a quote is taxed here.
    return invoice_tax(
        lines, on=on, prices_include_tax=clinic.prices_include_tax, rounding=clinic.tax_rounding
    )


def tax_lines(
    lines: Sequence[tuple[int, TaxCategory]],
    on: date,
    prices_include_tax: bool,
    rounding: Rounding,
) -> TaxBreakdown:
    """Tax once per rate, for callers that hold the clinic's settings rather than its catalog.

    Example:
        >>> # 61,725 + floor(61,725 x 10%) = 61,725 + 6,172
        >>> lines = [(61_725, TaxCategory.STANDARD)]
        >>> tax_lines(lines, date(2026, 4, 1), False, Rounding.FLOOR).total
        67897
    """
    return invoice_tax(lines, on=on, prices_include_tax=prices_include_tax, rounding=rounding)


_EVERY_VISIT: Final[dict[str, int]] = {}
"""No combo's visits of its own: each chosen combo applies at every visit (never changed)."""


def _combo_visits(
    context: Context, scenario: Scenario
) -> tuple[tuple[tuple[str, int, TaxCategory], ...], dict[str, int]]:
    """Each chosen combo with its saving per visit and tax category, in catalog order, and
    the visits each applies at.

    Where treatments have their own counts, each group of visits that includes
    the same treatments has its own best combos.
    """
    found: dict[str, tuple[int, int]] = {}
    for members, times in context.visit_groups():
        for combo_id, saving in combo_saving(context, scenario, members)[1]:
            held = found.get(combo_id, (saving, 0))
            found[combo_id] = (saving, held[1] + times)
    return _in_catalog_order(context.catalog, found)


def _in_catalog_order(
    catalog: Catalog, found: dict[str, tuple[int, int]]
) -> tuple[tuple[tuple[str, int, TaxCategory], ...], dict[str, int]]:
    """Combos found (each with its saving per visit and its visits) in catalog order, each
    with its tax category, and the visits each applies at."""
    order = {combo.id: i for i, combo in enumerate(catalog.combos)}
    ordered = sorted(found.items(), key=lambda item: order[item[0]])
    chosen = tuple(
        (combo_id, saving, catalog.treatment(catalog.combo(combo_id).treatments[0]).tax)
        for combo_id, (saving, _) in ordered
    )
    return chosen, {combo_id: times for combo_id, (_, times) in ordered}


SingleVisits = tuple[tuple[frozenset[str], int], ...]
"""Sets of treatments paid as single sessions, each with the number of visits it is paid so at."""


def _single_combo_visits(
    context: Context, scenario: Scenario, count: int, single_visits: SingleVisits
) -> tuple[tuple[tuple[str, int, TaxCategory], ...], dict[str, int]]:
    """:func:`_combo_visits` where some visits have treatments paid as single sessions."""
    found: dict[str, tuple[int, int]] = {}
    rest = count
    groups: list[tuple[frozenset[str], int]] = []
    for singles, times in single_visits:
        groups.append((singles, times))
        rest -= times
    groups.append((frozenset(), rest))
    for singles, times in groups:
        if times <= 0:
            continue
        for combo_id, saving in combo_saving(context, scenario, None, singles)[1]:
            held = found.get(combo_id, (saving, 0))
            found[combo_id] = (saving, held[1] + times)
    return _in_catalog_order(context.catalog, found)


def combo_saving(
    context: Context,
    scenario: Scenario,
    members: tuple[str, ...] | None = None,
    singles: frozenset[str] = frozenset(),
) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The largest per-visit saving from combos at one point, and the combos that give it.

    ``members`` are the treatments of the visit; every treatment of the request unless given.
    ``singles`` are those paid as single sessions at the visit: a combo sold with single
    sessions only is a candidate only where all its treatments are among them.
    """
    scenario = context.point_of(scenario)
    key: object = scenario if members is None else (scenario, members)
    if singles:
        key = (key, singles)
    cached = context.combos.get(key)
    if cached is None:
        visit = [t for t in context.treatments if members is None or t.id in members]
        prices = {t.id: point(t.session_price, scenario) for t in visit}
        candidates: list[tuple[str, tuple[str, ...], int]] = []
        for combo in context.catalog.combos:
            if not set(combo.treatments) <= prices.keys():
                continue
            if combo.single_sessions_only and not set(combo.treatments) <= singles:
                continue
            if combo.discount is not None:
                saving = point(combo.discount, scenario)
            else:
                assert combo.price is not None
                parts = sum(prices[t] for t in combo.treatments)
                saving = 0 if parts >= INF else parts - point(combo.price, scenario)
            if 0 < saving < INF:
                candidates.append((combo.id, combo.treatments, saving))
        cached = context.combos[key] = best_combos([t.id for t in visit], candidates)
    return cached


def _chosen_combos(
    context: Context, scenario: Scenario
) -> tuple[tuple[str, int, TaxCategory], ...]:
    """The chosen combos with their savings per visit and tax categories.

    Kept per catalog by the visit's treatments and point, as the choice
    depends on nothing else: every request with the same treatments shares it.
    """
    scenario = context.point_of(scenario)
    mine = context.chosen.get(scenario)
    if mine is not None:
        return mine
    key = (tuple([t.id for t in context.treatments]), scenario)
    known = context.compiled.combos
    found = known.get(key)
    if found is None:
        catalog = context.catalog
        found = known[key] = tuple(
            (combo_id, saving, catalog.treatment(catalog.combo(combo_id).treatments[0]).tax)
            for combo_id, saving in combo_saving(context, scenario)[1]
        )
    context.chosen[scenario] = found
    return found


_Choice = tuple[int, tuple[int, ...]]


def best_combos(
    treatments: Sequence[str], candidates: Sequence[tuple[str, Sequence[str], int]]
) -> tuple[int, tuple[tuple[str, int], ...]]:
    """The combos sharing no treatment with the largest total saving.

    A dynamic programme over the visit's treatments in order: each treatment
    is either left out of every combo or starts a combo whose other members
    come later and are still free. Its work is the number of reachable sets of
    used treatments times the combos, polynomial in the combos. Among equal
    savings the fewest combos win, then the earliest in catalog order.

    Example:
        >>> best_combos(["a", "b", "c"], [("ab", ("a", "b"), 5), ("bc", ("b", "c"), 4),
        ...                               ("c", ("a", "c"), 6)])
        (6, (('c', 6),))

    Args:
        treatments: The visit's treatments.
        candidates: ``(combo id, member treatments, saving)`` in catalog order,
            every saving positive, every member in ``treatments``.

    Returns:
        The total saving and the chosen ``(combo id, saving)`` in catalog order.
    """
    bit = {treatment: 1 << i for i, treatment in enumerate(treatments)}
    starting: list[list[tuple[int, int, int]]] = [[] for _ in treatments]
    for index, (_, members, saving) in enumerate(candidates):
        mask = 0
        for member in members:
            mask |= bit[member]
        lowest = (mask & -mask).bit_length() - 1
        starting[lowest].append((mask, saving, index))
    memo: dict[tuple[int, int], _Choice] = {}

    def best(i: int, used: int) -> _Choice:
        if i == len(treatments):
            return _NONE
        key = (i, used)
        found = memo.get(key)
        if found is not None:
            return found
        result = best(i + 1, used)
        if not used & (1 << i):
            for mask, saving, index in starting[i]:
                if mask & used:
                    continue
                rest_saving, rest = best(i + 1, used | mask)
                candidate = (saving + rest_saving, tuple(sorted((index, *rest))))
                if _better(candidate, result):
                    result = candidate
        memo[key] = result
        return result

    total, chosen = best(0, 0)
    return total, tuple((candidates[i][0], candidates[i][2]) for i in chosen)


_NONE: Final[_Choice] = (0, ())


def _better(a: _Choice, b: _Choice) -> bool:
    """A larger saving, then fewer combos, then earlier combos in catalog order."""
    return (a[0], -len(a[1])) > (b[0], -len(b[1])) or (
        (a[0], len(a[1])) == (b[0], len(b[1])) and a[1] < b[1]
    )


def _bill_discounts(
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
