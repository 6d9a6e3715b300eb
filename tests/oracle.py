"""An independent pricing oracle: every purchase tried by brute force, priced by a plain bill.

Written from the documented rules only (docs/catalog.md "How prices combine" and
its field tables, docs/design.md, the engine module's docstring, and the shared
DOMAIN.md for tax), it shares no pricing code with ``supecost.engine``: it reads
catalog records, the request and each price's ``min``/``typical``/``max``, asks
:func:`supecost.tax.tax_rate` for a rate (data, not a pricing step), and does
everything else itself, rounding included. The house rule it serves: a test
oracle never reuses the code under test.

The documented order of a bill, which :data:`DOCUMENTED_ORDER` encodes:

1. line prices, each unit less its targeted discounts;
2. combos: per visit, the best set of combos sharing no treatment, each
   combo's saving off its own tax category, never below zero;
3. whole-bill discounts, per tax category: a percentage of each category,
   rounded once each; an amount from the highest rate first;
4. fees (``first_visit`` for new patients, ``every_visit`` per visit,
   ``return_visit`` per visit but a new patient's first, ``once``, ``first_time``
   once where the ``history`` has none of the request's treatments it applies to
   (any of them ends it, as a first-time price's history does), ``yearly``
   once per year of the course with a visit, session ``i`` of ``n`` in month
   ``i x months // n``; a course without months runs the months its monthly
   plan is paid for (the longest, where several treatments have one), and one
   bought without a plan is all in its first year);
5. tax, once per rate over the whole bill.

Of a treatment's first-time prices on sale that the patient qualifies for, a
course uses one at most (they do not stack), on its first sessions; every one
is tried, so the cheapest course wins whichever is listed first. Who qualifies
is the offer's ``for`` (docs/catalog.md, "Courses across treatments"; DOMAIN.md
§10: 初回 means "new to the clinic" on some menus, "first time having this
treatment" on others, and the catalog says which): ``new_patient`` (the
default) is for a patient new to the clinic, whatever the request's
``history``; ``first_time`` is for a patient whose ``history`` has none of the
treatment, new to the clinic or not.

Catalog schema 2 (issue 12) is read from the meanings of its fields alone, not
from the engine's resolution of them (``supecost.engine.resolve``):

- a dose is priced as its own treatment ``tid:dose``; a reference naming a
  dosed treatment alone (an offer's, a combo's, a discount's, a fee's
  ``applies_to``, an ``only_with``) matches any of its doses, one naming a
  dose only that dose;
- the first unit of each visit is the session, bought every way as in
  schema 1; each further unit is a single line at the extra-unit price (the
  dose's, else the treatment's, else the session's single price; a segment's
  price for a further unit stands beside the extra-unit price it replaces), less each
  per-unit discount naming the treatment or the dose, rounded per unit;
- a request's segment replaces every price that has an entry for it; a patient in
  several pays, at each point, the lowest of their entries (a combo's saving: the
  highest), and meets a discount for any of them (docs/catalog.md, "A patient in
  several groups");
- a fee that ``joins`` a segment is never charged to a request with a
  segment; a request without one may join each such segment, paying the
  fee once and that segment's prices, and pays the cheaper of joining and
  not (docs/catalog.md, "Joining for a fee");
- an offer is used only on its sales window's days (both ends included); with
  months, a set (a unit ticket too) or a monthly plan is bought in a month of
  the course (month ``k`` on the request's date ``k`` calendar months later,
  the last day of a shorter month) whose date is in its window: a set in any
  such month up to its run's first session's month, its sessions within its
  validity counted from the month it is bought in, a plan enrolled in the
  month of its first session (docs/catalog.md, "Sales windows");
- a fee with ``applies_to`` is charged only when the request includes one of
  its references, one for new patients only never to a returning patient, and
  one waived when treated never (every visit of a course has a treatment);
- an ``optional`` fee is charged only when the request's ``fees`` names it,
  then by the rules above like any fee; a request may name only optional fees,
  each once, and at most one of each ``group``;
- an offer or discount with ``first_n`` (先着N名様) that the request's
  ``sold_out`` names is not available, exactly as if its sales window had
  ended; ``sold_out`` may name only such limited offers and discounts
  (docs/catalog.md, "Offers for the first patients only");
- a discount with ``with_combos = false`` (セット割との併用不可) is never in a
  bill with a combo's saving: a bill takes it or the combos, at no visit
  both, and the patient pays the cheaper (docs/catalog.md, "How prices
  combine");
- a discount with ``with_first_time = false`` (初回価格との併用不可) is never in
  a bill that buys at a first-time price, and one with ``with_offers = false``
  (セット・回数券との併用不可) never in a bill that buys a set, unit ticket or
  monthly plan: a bill takes the discount or those, and the patient pays the
  cheaper (docs/catalog.md, "Not with first-time prices or offers");
- a discount with ``birth_month_only`` (誕生月特典) applies only when the
  request's ``birth_month`` is the month of its date, the day the course is
  bought, and never to a request without one (docs/catalog.md, "The birth
  month only");
- with months, a discount on units (naming treatments or offers) with a
  window or for the birth month is taken purchase by purchase, by the month
  each is paid in: a single session and its further units by its visit's
  month, a set or unit ticket by the month it is bought in; a first-time
  price and a monthly plan by the request's date (month 0); where the
  request has further units of a treatment sold in unit tickets, a bill
  that buys one prices its tickets by month and its singles and further
  units with only the discounts every month takes (the dearest month's), a
  bill buying none by month; a whole-bill discount by the request's date
  (docs/catalog.md, "Sales windows in a course with months");
- a set or package with ``per_patient`` (お一人様1セット限り) is bought at most
  that many times in one request, less what the request's ``bought`` says the
  patient bought before, and not at all once that is nothing; ``bought`` may
  name only offers with ``per_patient`` (docs/catalog.md, "One per patient")
  or plans with a ``first_month``;
- a set of sessions the request's ``holding`` says the patient holds, with
  ``L`` sessions left (one set a treatment, ``1 <= L <=`` its sessions), gives
  every way ``L`` sessions of its treatment at no price (each still paying its
  dose's top-up), with no validity, ruled out by no discount; a set on sale on
  the request's date whose ``upgrade_from`` names it may be bought once
  instead of keeping them (乗り換え): at its price, per-unit discounts taken,
  less the credit, ``L`` x the held set's price over its sessions (rounded by
  the set's ``upgrade_rounding`` where not whole), for its sessions beyond the
  ``L`` held, bought on the request's date (its validity from then), and no
  upgrade where the credit is above that price (docs/catalog.md, "Upgrading a
  set held");
- a monthly plan's ``first_month`` (初月無料, 初月半額) prices the first
  ``months`` (1 unless given) monthly fees of the patient's first enrollment in
  the plan at its ``price`` (0 unless given), a per-unit discount naming the plan
  coming off it as off the fee; a later enrollment in the same course pays the
  fee from its first month; no enrollment gets it where the request's ``bought``
  names the plan (the patient enrolled before), where the enrollment's date is
  outside its window, or, with ``new_patients_only``, for a returning patient
  (docs/catalog.md, "A plan's first month at a lower price");
- a plan's enrollment campaign gives its enrollment fee the campaign's price
  where the enrollment's date is in the campaign's window; the enrollment's
  date is the request's, or with months the month the plan is enrolled in (its
  first session's), so a plan re-enrolled later pays by its own month
  (docs/catalog.md, "Sales windows in a course with months");
- a monthly plan with ``carry_over`` (未消化分は翌月まで繰越可) lets what a month
  leaves of its own allowance be used in the next month only, before that
  month's own; with months, fewer of its sessions are extras; without months
  nothing changes, as the sessions have no dates (docs/catalog.md, "Carrying
  unused sessions over");
- a monthly plan with an ``early_termination_fee`` (最低契約期間内の解約は解約金) may be
  held fewer months than its ``min_months``: it then costs the cheaper of its whole
  minimum term and the months held plus the fee, its first months at their price only
  those it held (docs/catalog.md, ``early_termination_fee``); without one the whole
  term is paid;
- a request's ``history`` counts the sessions had before of each treatment
  or dose, a dose's history being its own plus its treatment's: here it
  decides only who a ``first_time`` price is for (ladders, which also read it,
  are tests/oracle_courses.py's).

Goods (物販, docs/catalog.md "Goods sold beside treatments") are lines of the
bill bought the same whatever way the course is bought: each is its unit price
times its units, in its own tax category (the unit price the patient's segment
pays, joining or belonging, where the goods item has one); no combo saving is taken from them
(a combo's saving never brings its category below the goods in it); a
whole-bill discount comes off them like any line, and a ``min_amount``
counts them at the point priced; they are no visit, so no fee counts them.
A request naming goods the catalog lacks is refused. Goods delivered monthly
(``goods_monthly``, 定期便) are the same lines at the record's subscription price a
month, for every patient, times the units a month times the request's months; a
record without a subscription, or months fewer than its ``min_months``, is refused.

A set that includes goods (``includes``, docs/catalog.md "Goods a set includes")
covers, for each one bought, as many units of the goods bought once, which are
then not charged; a fee that names sets in ``waived_with`` (docs/catalog.md "A fee
waived with a set") is not charged at all where the course buys one of them, and
charged by its rules otherwise. Every course is tried with the sets it buys, so a
dearer course buying a set for its gift or waiver is weighed too.

A request those meanings refuse (a dosed treatment without a dose, two doses of
one treatment, more units than allowed, an option without its base, an unknown
segment, a fee that is unknown, not optional, named twice or a second of its group,
a sold-out id that names no offer or discount with ``first_n``, unknown goods)
makes the oracle raise :class:`RefusedError`: the engine must refuse it too.

Where the documents are silent the oracle takes the engine's reading, each one
marked ``READING`` below, so that a disagreement found by the tests is a real
bug, not a matter of taste. ``order`` reorders steps 2-4 so a test can show
that a reordered bill gives other totals (the oracle has teeth).
"""

from __future__ import annotations

import enum
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction
from typing import Final

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Discount,
    Dose,
    Fee,
    Goods,
    Intro,
    IntroFor,
    PriceChange,
    Subscription,
    Treatment,
)
from supecost.money import Rounding, Scenario, YenRange
from supecost.quotes import QuoteRequest
from supecost.tax import TaxCategory, tax_rate

__all__ = [
    "COMBOS_AFTER_DISCOUNTS",
    "DOCUMENTED_ORDER",
    "FEES_BEFORE_DISCOUNTS",
    "ORACLE_MAX_SESSIONS",
    "RefusedError",
    "Rule",
    "Step",
    "oracle_total",
]

ORACLE_MAX_SESSIONS: Final = 10
"""The most sessions the oracle enumerates; it tries every purchase, so it grows fast."""

KEEP: Final = 3
"""How many of each treatment's cheapest distinct costs are billed against each other.

The bill is non-decreasing in each treatment's cost, so the cheapest alone would
do; billing a few more checks that premise instead of trusting it.
"""

_OPEN: Final = 10**40
"""A cost standing for "no price at this point": an open-ended price at the high point."""


class RefusedError(ValueError):
    """A request the catalog's meanings refuse; the engine must refuse it as well."""


class Step(enum.Enum):
    """A step of the bill between the line prices and the tax."""

    COMBOS = "combos"
    BILL_DISCOUNTS = "bill discounts"
    FEES = "fees"


DOCUMENTED_ORDER: Final = (Step.COMBOS, Step.BILL_DISCOUNTS, Step.FEES)
FEES_BEFORE_DISCOUNTS: Final = (Step.COMBOS, Step.FEES, Step.BILL_DISCOUNTS)
"""Wrong on purpose: a whole-bill percentage then also comes off the fees."""
COMBOS_AFTER_DISCOUNTS: Final = (Step.BILL_DISCOUNTS, Step.COMBOS, Step.FEES)
"""Wrong on purpose: a whole-bill percentage is then taken before the combos' saving."""


class Rule(enum.Enum):
    """A schema-2 rule read wrongly on purpose, to show that the oracle check catches it."""

    FEES_UNSCOPED = "every fee charged whatever its applies_to and new_patients_only"
    EXTRA_UNITS_AT_SINGLE_PRICE = "further units at the single price, not the extra-unit price"
    OPTIONAL_FEES_ALWAYS = "every optional fee charged, whatever the request chose"
    OPTIONAL_FEES_NEVER = "no optional fee charged, whatever the request chose"
    FIRST_LISTED_INTRO = "only the first first-time price listed, not the cheapest for the course"
    FIRST_TIME_AS_NEW_PATIENT = "a first_time price read as for new patients, whatever the history"
    GOODS_LEFT_OUT = "goods bought beside the course left out of the bill"
    YEARLY_AS_ONCE = "a yearly fee charged once, whatever the months of the course"
    BIRTH_MONTH_IGNORED = "a birth-month discount given whatever the patient's birth month"
    WITH_COMBOS_IGNORED = "a discount not with combos taken beside the combos' saving"
    WITH_FIRST_TIME_IGNORED = "a discount not with first-time prices taken beside one"
    WITH_OFFERS_IGNORED = "a discount not with offers taken beside a set or plan"


# ---------------------------------------------------------------------------
# Prices at a point, and rounding.


def _at(price: YenRange, scenario: Scenario) -> int:
    """A price at one point; the typical point is ``typical``, or ``min`` where none is given."""
    if scenario is Scenario.MIN:
        return price.min
    if scenario is Scenario.MAX:
        return _OPEN if price.max is None else price.max
    return price.min if price.typical is None else price.typical


def _segment(
    regular: YenRange,
    prices: Mapping[str, YenRange],
    segments: tuple[str, ...],
    best: Callable[[Iterable[int]], int] = min,
) -> YenRange:
    """A price as the request's segments pay it: at each point the lowest of their entries
    (``best=max``: a combo's saving, the highest), else the regular price."""
    held = [prices[s] for s in segments if s in prices]
    if not held:
        return regular
    low, typical, high = (best(_at(p, point) for p in held) for point in Scenario)
    return YenRange(low, None if high >= _OPEN else high, typical)


def _round(value: Fraction, mode: Rounding) -> int:
    """A non-negative fraction of a yen to whole yen, in the named mode."""
    whole, rest = divmod(value.numerator, value.denominator)
    if rest == 0 or mode is Rounding.FLOOR:
        return whole
    if mode is Rounding.CEIL:
        return whole + 1
    half = Fraction(rest, value.denominator) - Fraction(1, 2)
    if half != 0:
        return whole + (1 if half > 0 else 0)
    if mode is Rounding.HALF_UP:
        return whole + 1
    return whole + whole % 2  # half_even: to the even neighbour


def _rate_of(discount: Discount) -> Fraction | None:
    """A percentage discount as an exact fraction (``"12.5"`` is 1/8), or ``None`` for an amount."""
    if discount.percent is None:
        return None
    return Fraction(str(discount.percent)) / 100


# ---------------------------------------------------------------------------
# The request, as the oracle sees it.


@dataclass(frozen=True)
class _Item:
    """One treatment (or one dose of one) at every visit, with its units per visit."""

    ref: str  # what the request named: "tid" or "tid:dose"
    treatment: Treatment  # the catalog's record (of the treatment, for a dose)
    dose: Dose | None
    units: int

    def named_by(self, ref: str) -> bool:
        """Whether a catalog reference names this item (a treatment alone: any of its doses)."""
        return ref in (self.ref, self.treatment.id)

    @property
    def tax(self) -> TaxCategory:
        return self.treatment.tax


@dataclass(frozen=True)
class _Visit:
    catalog: Catalog
    items: tuple[_Item, ...]
    sessions: int
    months: int | None
    new_patient: bool
    on: date
    segment: tuple[str, ...]
    """The patient's segments: the request's, none, one or several, or the one joined."""
    fees: frozenset[str] = frozenset()
    """The optional fees the request chooses."""
    history: Mapping[str, int] = field(default_factory=dict)
    """Sessions had before, by treatment or dose, as the request gives them."""
    sold_out: frozenset[str] = frozenset()
    """Offers and discounts for the first patients only whose places are gone."""
    offers_bought: Mapping[str, int] = field(default_factory=dict)
    """Offers limited per patient the patient bought before, with how many."""
    birth_month: int | None = None
    """The patient's birth month, 1 to 12, as the request gives it."""
    joining: bool = False
    """Whether the patient joins ``segment`` for its fee, rather than belonging to it."""
    goods: tuple[tuple[Goods, int], ...] = ()
    """Goods bought beside the course: each record and its units."""
    fee_visits: Mapping[str, int] = field(default_factory=dict)
    """Optional per-visit fees chosen at some visits only, with how many."""
    delivered: tuple[tuple[Goods, int], ...] = ()
    """Goods delivered monthly: each record and its units over all the months."""
    priced_on: date | None = None
    """The day prices are read on (a price change's rule): a month's, for the purchases paid
    in it; ``on`` unless given."""

    @property
    def day(self) -> date:
        return self.on if self.priced_on is None else self.priced_on

    holding: Mapping[str, int] = field(default_factory=dict)
    """Sets of sessions the patient holds, with the sessions left of each."""

    def bought(self, given: Mapping[str, int]) -> list[tuple[YenRange, TaxCategory, int]]:
        """Each goods line's unit price for this patient, its tax category and its units;
        ``given``: the units the sets bought include, by goods id, which are not charged."""
        once = [
            (
                _segment(record.price, record.segment_prices, self.segment),
                record.tax,
                max(0, units - given.get(record.id, 0)),
            )
            for record, units in self.goods
            # Every unit given: nothing is charged, so an open-ended price is no matter.
            if units > given.get(record.id, 0)
        ]
        monthly = []
        for record, units in self.delivered:
            assert record.subscription is not None
            monthly.append((record.subscription.monthly_price, record.tax, units))
        return once + monthly

    def had(self, item: _Item) -> int:
        """Sessions of the item had before (docs/catalog.md): a dose's own, plus its treatment's.

        Another dose's history is not the requested dose's, for a first-time price naming
        the treatment alone as for a ladder's places: a booking system that counts any dose
        gives the history under the treatment's id.
        """
        own = self.history.get(item.ref, 0)
        return own + (self.history.get(item.treatment.id, 0) if item.dose is not None else 0)

    def qualifies(self, intro: Intro, item: _Item, rules: Sequence[Rule]) -> bool:
        """Whether the patient may use this first-time price (its ``for``).

        A ``new_patient`` price is for a new patient, who has no history: a history
        is sessions had at this clinic, and a request with both is refused
        (docs/catalog.md). A ``first_time`` price is for a history with none of the
        treatment, new patient or returning.
        """
        if intro.for_ is IntroFor.FIRST_TIME and Rule.FIRST_TIME_AS_NEW_PATIENT not in rules:
            return self.had(item) == 0
        return self.new_patient

    def single(self, item: _Item) -> YenRange:
        """A session's single price for this patient."""
        record = item.dose if item.dose is not None else item.treatment
        assert record.price is not None  # a treatment without doses has a price
        return _segment(_price_on(record, self.day), record.segment_prices, self.segment)

    def extra(self, item: _Item) -> YenRange:
        """Each further unit's price: the dose's, else the treatment's, else the single price.

        An ``extra_unit_price`` comes with its own ``extra_unit_segment_prices``
        (the dose's with the dose's, the treatment's with the treatment's); the
        single price it falls back to with the single price's segment prices.
        """
        for record in (item.dose, item.treatment):
            if record is not None and record.extra_unit_price is not None:
                return _segment(
                    record.extra_unit_price, record.extra_unit_segment_prices, self.segment
                )
        return self.single(item)

    def left_of(self, offer_id: str, per_patient: int | None) -> int | None:
        """How many of an offer the patient may still buy in this request; ``None``: any."""
        if per_patient is None:
            return None
        return max(0, per_patient - self.offers_bought.get(offer_id, 0))

    def includes(self, refs: Sequence[str]) -> bool:
        return any(item.named_by(ref) for item in self.items for ref in refs)


def _price_on(record: Treatment | Dose | Bundle | Intro, day: date) -> YenRange:
    """docs/catalog.md "Price changes (価格改定)": from a change's day on, its price, until
    the next change; before the first, ``price``."""
    price = record.price
    assert price is not None
    for change in record.price_changes:
        if change.on <= day:
            price = change.price
    return price


def _item(catalog: Catalog, ref: str, units: int) -> _Item:
    """A request's treatment or dose, checked against the catalog's meanings."""
    tid, _, dose_id = ref.partition(":")
    found = [t for t in catalog.treatments if t.id == tid]
    if not found:
        raise RefusedError(f"no treatment {tid!r}")
    treatment = found[0]
    dose: Dose | None = None
    if treatment.doses:
        matching = [d for d in treatment.doses if d.id == dose_id]
        if not matching:
            raise RefusedError(f"{ref!r} names no dose of {tid!r}")
        dose = matching[0]
    elif dose_id:
        raise RefusedError(f"{tid!r} has no doses")
    if treatment.max_units is not None:
        most = treatment.max_units
    else:
        # READING: the default maximum is 10 when the thing priced has an extra-unit price
        # (the dose's own, else its treatment's), else 1: another dose's does not count.
        priced = treatment.extra_unit_price is not None or (
            dose is not None and dose.extra_unit_price is not None
        )
        most = 10 if priced else 1
    if units > most:
        raise RefusedError(f"{units} units of {ref!r}, above its maximum of {most}")
    return _Item(ref, treatment, dose, units)


def _visit(catalog: Catalog, request: QuoteRequest, sessions: int | None) -> _Visit:
    main_id = request.treatment or catalog.treatments[0].id
    wanted = [(main_id, request.units)] + [
        (entry, 1) if isinstance(entry, str) else (entry.treatment, entry.units)
        for entry in request.with_
    ]
    ids = [ref for ref, _ in wanted]
    if len(set(ids)) != len(ids):
        raise ValueError(f"a treatment is named twice in {ids}")
    items = tuple(_item(catalog, ref, units) for ref, units in wanted)
    bases = [item.treatment.id for item in items]
    if len(set(bases)) != len(bases):
        raise RefusedError(f"two doses of one treatment in {ids}")
    segment = request.segments
    for unknown in set(segment) - set(catalog.clinic.segment_ids):
        raise RefusedError(f"no segment {unknown!r}")
    fees = tuple(entry if isinstance(entry, str) else entry.fee for entry in request.fees)
    by_id = {fee.id: fee for fee in catalog.fees}
    groups: set[str] = set()
    for position, fee_id in enumerate(fees):
        fee = by_id.get(fee_id)
        if fee is None or not fee.optional:
            raise RefusedError(f"{fee_id!r} is no optional fee of the catalog")
        if fee_id in fees[:position]:
            raise RefusedError(f"fee {fee_id!r} is chosen twice")
        if (
            not isinstance(request.fees[position], str)
            and fee.charged is not Charged.EVERY_VISIT
            and fee.charged is not Charged.RETURN_VISIT
        ):
            raise RefusedError(f"fee {fee_id!r} is chosen at some visits but not charged per visit")
        if fee.group is not None:
            if fee.group in groups:
                raise RefusedError(f"a second fee of group {fee.group!r}: {fee_id!r}")
            groups.add(fee.group)
    limited = {r.id for r in (*catalog.offers, *catalog.discounts) if r.first_n is not None}
    for record_id in request.sold_out:
        if record_id not in limited:
            raise RefusedError(f"{record_id!r} in sold_out is no limited offer or discount")
    per_patient = {o.id for o in catalog.offers if getattr(o, "per_patient", None) is not None}
    # docs/catalog.md: ``bought`` may also name a plan with a first-month price.
    per_patient |= {o.id for o in catalog.offers if getattr(o, "first_month", None) is not None}
    for offer_id in request.bought:
        if offer_id not in per_patient:
            raise RefusedError(f"{offer_id!r} in bought is no offer limited per patient")
    served: set[str] = set()
    for offer_id, left in request.holding.items():
        held = next((o for o in catalog.offers if o.id == offer_id), None)
        if not isinstance(held, Bundle) or held.counts != "sessions":
            raise RefusedError(f"{offer_id!r} in holding is no set of sessions")
        mine = [item.ref for item in items if item.named_by(held.treatment)]
        if not mine:
            raise RefusedError(f"{offer_id!r} in holding is a set of no treatment asked")
        if mine[0] in served:
            raise RefusedError(f"a second set of {mine[0]!r} in holding")
        served.add(mine[0])
        if left > held.sessions:
            raise RefusedError(f"{left} sessions left of {offer_id!r}, above its sessions")
    on_offer = {g.id: g for g in catalog.goods}
    bought = []
    for goods_id, units in request.goods.items():
        record = on_offer.get(goods_id)
        if record is None:
            raise RefusedError(f"{goods_id!r} is no goods of the catalog")
        bought.append((record, units))
    delivered = []
    for goods_id, units in request.goods_monthly.items():
        record = on_offer.get(goods_id)
        if record is None or record.subscription is None:
            raise RefusedError(f"{goods_id!r} is no goods of the catalog delivered monthly")
        assert request.months is not None  # the request's own validation
        if request.months < record.subscription.min_months:
            raise RefusedError(f"{goods_id!r} is delivered for more months than asked")
        delivered.append((record, units * request.months))
    count = request.session_counts[-1] if sessions is None else sessions
    if count > ORACLE_MAX_SESSIONS:
        raise ValueError(
            f"the oracle enumerates at most {ORACLE_MAX_SESSIONS} sessions, not {count}"
        )
    visit = _Visit(
        catalog,
        items,
        count,
        request.months,
        request.new_patient,
        # Without a date, today in Japan (UTC+9 all year), whatever the host's zone.
        request.on or datetime.now(timezone(timedelta(hours=9))).date(),
        segment,
        frozenset(fees),
        dict(request.history),
        frozenset(request.sold_out),
        dict(request.bought),
        goods=tuple(bought),
        delivered=tuple(delivered),
        birth_month=request.birth_month,
        fee_visits={e.fee: e.visits for e in request.fees if not isinstance(e, str)},
        holding=dict(request.holding),
    )
    for item in items:
        if item.treatment.only_with and not visit.includes(item.treatment.only_with):
            raise RefusedError(f"{item.ref!r} is sold only with {item.treatment.only_with}")
    return visit


def _enrollment(offer: Subscription, on: date) -> YenRange:
    """docs/catalog.md: on the days of its campaign's window (both ends included) a plan's
    enrollment fee is the campaign's price, else its ``enrollment_fee``."""
    campaign = offer.enrollment_campaign
    if campaign is None:
        return offer.enrollment_fee
    starts = campaign.valid_from is None or campaign.valid_from <= on
    ends = campaign.valid_until is None or on <= campaign.valid_until
    return campaign.price if starts and ends else offer.enrollment_fee


def _on_sale(offer: Bundle | Subscription | Intro, on: date) -> bool:
    return (offer.valid_from is None or offer.valid_from <= on) and (
        offer.valid_until is None or on <= offer.valid_until
    )


def _month_on(on: date, k: int) -> date:
    """The date of a course's month ``k`` (from 0): ``k`` calendar months after ``on``, on
    the month's last day where it is shorter (docs/catalog.md, "Sales windows")."""
    year, month = divmod(on.year * 12 + on.month - 1 + k, 12)
    following = date(year + (month == 11), (month + 1) % 12 + 1, 1)
    return date(year, month + 1, min(on.day, (following - timedelta(days=1)).day))


def _months_on_sale(offer: Bundle | Subscription, visit: _Visit) -> frozenset[int] | None:
    """The months of a scheduled course a set or plan may be bought in; ``None``: every one."""
    if visit.months is None or (offer.valid_from is None and offer.valid_until is None):
        return None
    return frozenset(k for k in range(visit.months) if _on_sale(offer, _month_on(visit.on, k)))


def _eligible(visit: _Visit, scenario: Scenario, rules: Sequence[Rule] = ()) -> list[Discount]:
    """Discounts whose conditions the request meets at one point, whatever the way of buying.

    ``min_amount`` compares the course's value at single prices (docs/catalog.md)
    at the point priced, since the low and high points are "every price at its low
    end / high end": the patient's own (segment) prices, every unit of every visit
    counted, further units at their extra-unit price, and the goods bought with it.
    READING: an open-ended price makes the value at the high point open, which
    meets every amount.
    """
    value = visit.sessions * sum(
        _at(visit.single(i), scenario) + (i.units - 1) * _at(visit.extra(i), scenario)
        for i in visit.items
    ) + sum(_at(price, scenario) * units for price, _, units in visit.bought({}))
    result = []
    for d in visit.catalog.discounts:
        if d.new_patients_only and not visit.new_patient:
            continue
        # Only for patients of one of its segments: the request's, or the one joined.
        if d.segments and not set(d.segments) & set(visit.segment):
            continue
        if d.id in visit.sold_out:  # no places left: as if its window had ended
            continue
        if not any(_holds_on(d, day, visit, rules) for day in _discount_days(d, visit)):
            continue
        if d.min_sessions is not None and visit.sessions < d.min_sessions:
            continue
        if d.min_amount is not None and value < d.min_amount:
            continue
        result.append(d)
    return result


def _by_month(d: Discount, visit: _Visit) -> bool:
    """docs/catalog.md "Sales windows in a course with months": with months, a discount on
    units with a window or for the birth month is taken by the month a purchase is paid in."""
    dated = d.valid_from is not None or d.valid_until is not None or d.birth_month_only
    return visit.months is not None and bool(d.treatments or d.offers) and dated


def _discount_days(d: Discount, visit: _Visit) -> list[date]:
    """The days a discount's dates are read on: each month's, where it is taken by the month;
    else the request's."""
    if not _by_month(d, visit):
        return [visit.on]
    assert visit.months is not None
    return [_month_on(visit.on, k) for k in range(visit.months)]


def _holds_on(d: Discount, day: date, visit: _Visit, rules: Sequence[Rule]) -> bool:
    """Whether a purchase paid on ``day`` is in the discount's window and birth month."""
    birthday = visit.birth_month == day.month or Rule.BIRTH_MONTH_IGNORED in rules
    if d.birth_month_only and not birthday:
        return False
    return not (d.valid_from and day < d.valid_from) and not (d.valid_until and day > d.valid_until)


def _dearest(
    visit: _Visit,
    item: _Item,
    scenario: Scenario,
    discounts: Sequence[Discount],
    rules: Sequence[Rule],
) -> _Units:
    """One treatment's unit prices with only the discounts every month of the course takes:
    a single's and a further unit's in the dearest month, as a bill buying a unit ticket
    with further units prices them."""
    assert visit.months is not None
    days = [_month_on(visit.on, k) for k in range(visit.months)]
    taken = [
        d
        for d in discounts
        if not _by_month(d, visit) or all(_holds_on(d, day, visit, rules) for day in days)
    ]
    return _units(visit, item, scenario, taken, rules, discounts)


def _monthly_units(
    visit: _Visit,
    item: _Item,
    scenario: Scenario,
    discounts: Sequence[Discount],
    rules: Sequence[Rule],
) -> list[_Units] | None:
    """With months, one treatment's unit prices in each month of the course, each with the
    discounts a purchase paid in that month takes; ``None`` without months."""
    if visit.months is None:
        return None
    made: dict[tuple[str, ...], _Units] = {}
    result = []
    for k in range(visit.months):
        day = _month_on(visit.on, k)
        taken = [d for d in discounts if not _by_month(d, visit) or _holds_on(d, day, visit, rules)]
        # docs/catalog.md "Price changes (価格改定)": a month's purchases at its prices.
        changed = tuple(c.on for c in _price_changes(visit.catalog) if c.on <= day)
        key = (*(d.id for d in taken), *map(str, changed))
        if key not in made:
            made[key] = _units(
                replace(visit, priced_on=day), item, scenario, taken, rules, discounts
            )
        result.append(made[key])
    return result


def _price_changes(catalog: Catalog) -> list[PriceChange]:
    """Every price change of the catalog's treatments, doses and sets."""
    records: list[Treatment | Dose | Bundle | Intro] = [*catalog.treatments]
    records += [d for t in catalog.treatments for d in t.doses]
    records += [o for o in catalog.offers if isinstance(o, Bundle | Intro)]
    return [c for r in records for c in r.price_changes]


def _choices(eligible: Sequence[Discount]) -> Iterator[tuple[Discount, ...]]:
    """The stacking discounts, alone or with one non-stacking discount.

    A discount with ``with_combos = false`` is taken by a bill with no combo
    (docs/catalog.md, "How prices combine"), one with ``with_first_time = false`` by a
    bill with no first-time price, one with ``with_offers = false`` by a bill with no
    set, ticket or plan, so the patient may do without it: every subset of the stacking
    ones with such a limit is tried, the others always taken; :func:`_bill` takes no
    combo and :func:`_units` offers no first-time price or offer where the choice says so.

    READING: the non-stacking one is taken last (the docs give no order).
    """
    always = tuple(d for d in eligible if d.stacks and not _limited(d))
    optional = [d for d in eligible if d.stacks and _limited(d)]
    for size in range(len(optional) + 1):
        for some in itertools.combinations(optional, size):
            stacking = (*always, *some)
            yield stacking
            for d in eligible:
                if not d.stacks:
                    yield (*stacking, d)


def _limited(discount: Discount) -> bool:
    """Whether a bill taking the discount must do without something: combos, a first-time
    price, or sets, tickets and plans."""
    return not (discount.with_combos and discount.with_first_time and discount.with_offers)


# ---------------------------------------------------------------------------
# One treatment's purchases: unit prices, then every way of covering the sessions.


_Tag = tuple[tuple[str, int], ...]
"""The sets a course buys that a bill reads (a fee waived with one, goods one includes), each
with how many: sorted by id, empty where it buys none."""


def _add_tags(a: _Tag, b: _Tag) -> _Tag:
    if not a:
        return b
    if not b:
        return a
    counts = dict(a)
    for offer_id, count in b:
        counts[offer_id] = counts.get(offer_id, 0) + count
    return tuple(sorted(counts.items()))


def _cheapest_tagged(found: Iterable[tuple[int, _Tag]]) -> list[tuple[int, _Tag]]:
    """The cheapest few costs for each tag: a dearer course may buy what the bill waives."""
    by: dict[_Tag, list[int]] = {}
    for cost, tag in found:
        by.setdefault(tag, []).append(cost)
    return [(c, tag) for tag, costs in by.items() for c in _cheapest(costs)]


@dataclass(frozen=True)
class _Units:
    """One treatment's unit prices at one point, after targeted discounts."""

    single: int
    intros: tuple[tuple[int, int, bool, int | None], ...]
    # Each first-time price the patient may use: (sessions sold at it, price, sold whole,
    # valid months; None: no expiry).
    bundles: tuple[tuple[int, int, int | None, int | None], ...]
    # (sessions, price, valid months, how many the patient may still buy; None: any)
    plans: tuple[tuple[int, int, int, int, int | None, bool, int | None], ...]
    # (sessions a month, fee a month, minimum months, enrollment, extra session price,
    # carries over, early termination fee: None where the term is paid whole)

    extras: int  # every further unit of the course, at its extra-unit price
    tickets: tuple[tuple[int, int, int | None, int | None], ...] = ()
    # Sets counted in units (本数券): (units, price, valid months, how many the patient may
    # still buy; None: any).
    per_visit: int = 1  # the item's units a visit
    each: int = 0  # one further unit's price, which a ticket's unit pays instead
    firsts: tuple[tuple[int, int] | None, ...] = ()
    # Per plan, its first enrollment's cheaper months: (how many, price each); None: none.
    sales: tuple[frozenset[int] | None, ...] = ()
    ticket_sales: tuple[frozenset[int] | None, ...] = ()
    plan_sales: tuple[frozenset[int] | None, ...] = ()
    # Per set, ticket and plan of a scheduled course: the months it may be bought in
    # (None: any month).
    plan_months: tuple[tuple[tuple[int, bool], ...] | None, ...] = ()
    # Per plan of a scheduled course, for each month: its enrollment fee enrolled then, and
    # whether its first-month price's window holds that month (None: the request's date's).
    bundle_ids: tuple[str, ...] = ()
    # Per set, its offer id; and whether a bill reads how many of it are bought
    # (docs/catalog.md "Goods a set includes", "A fee waived with a set").
    counted: tuple[bool, ...] = ()
    top_ups: tuple[int, ...] = ()
    # Per set, what each session it covers pays on top of it (0: none).

    def top_up(self, k: int) -> int:
        """What each session set ``k`` covers pays at its visit (its dose's top-up)."""
        return self.top_ups[k] if k < len(self.top_ups) else 0

    def covering(self, bought: Sequence[tuple[int, int]], need: int, loose: int) -> int:
        """The cheapest way to use the sets ``bought`` ((set, count)) and loose sessions at
        ``loose`` for ``need`` sessions: each set's sessions used cheapest top-up first, a
        session whose top-up is no cheaper than a loose one left unused."""
        cost = 0
        for top_up, held in sorted((self.top_up(k), n * self.bundles[k][0]) for k, n in bought):
            if top_up >= loose or need <= 0:
                break
            used = min(held, need)
            cost += used * top_up
            need -= used
        return cost + max(0, need) * loose

    def tag(self, k: int) -> _Tag:
        """What buying one of set ``k`` adds to a course's tag: one of it, where counted."""
        if k >= len(self.counted) or not self.counted[k]:
            return ()
        return ((self.bundle_ids[k], 1),)

    def enrolled_in(self, k: int, month: int) -> tuple[int, bool]:
        """Plan ``k`` enrolled in ``month``: its enrollment fee, and whether that enrollment,
        the patient's first, gets the first-month price (docs/catalog.md, "Sales windows in a
        course with months": the month the plan is enrolled in decides both)."""
        by_month = self.plan_months[k] if k < len(self.plan_months) else None
        if by_month is None:
            return self.plans[k][3], True
        return by_month[month]

    def first_saving(self, k: int, held: int | None = None) -> int:
        """What plan ``k``'s first enrollment pays less than a later one (its first months),
        held ``held`` months (all its first months unless given: a plan left early has only
        those it held)."""
        first = self.firsts[k] if k < len(self.firsts) else None
        if first is None:
            return 0
        many, price = first
        fee = self.plans[k][1]
        if fee >= _OPEN:
            return 0
        if price >= _OPEN:
            return -_OPEN
        return (many if held is None else min(many, held)) * (fee - price)

    def lengths(self, k: int, longest: int) -> Iterator[tuple[int, int]]:
        """Plan ``k``'s lengths held, up to ``longest`` months (at least its minimum term), each
        with what leaving it then adds to its months' fees.

        docs/catalog.md, ``early_termination_fee``: a plan held fewer months than its
        ``min_months`` pays the cheaper of the rest of the term and leaving at the fee; the
        rest of the term is the term held whole (tried too), so a shorter length is one left
        at the fee and only with one; its first months at their price are those it held."""
        min_months, early = self.plans[k][2], self.plans[k][6]
        shortest = min_months if early is None else 1
        for months in range(shortest, max(min_months, longest) + 1):
            if months >= min_months:
                yield months, -self.first_saving(k)
            else:
                assert early is not None
                yield months, early - self.first_saving(k, months)


def _units(
    visit: _Visit,
    item: _Item,
    scenario: Scenario,
    discounts: Sequence[Discount],
    rules: Sequence[Rule],
    bill: Sequence[Discount] | None = None,
) -> _Units:
    # ``bill``: the whole bill's discounts (``discounts`` unless given), what rules out a
    # first-time price or offers, where ``discounts`` are those one month's purchases take.
    ruling = discounts if bill is None else bill

    def unit(price: YenRange, offer: str | None) -> int:
        # docs/catalog.md: a discount naming a treatment comes off each single session
        # of it (a further unit is one too); a set, a plan's month or a first-time
        # session only when the discount names that offer.
        amount = _at(price, scenario)
        if amount >= _OPEN:
            return _OPEN
        off = 0
        for d in discounts:
            if (offer is None and any(item.named_by(t) for t in d.treatments)) or (
                offer is not None and offer in d.offers
            ):
                rate = _rate_of(d)
                off += (d.amount or 0) if rate is None else _round(amount * rate, d.rounding)
        return max(0, amount - off)

    def offered(offer: Bundle | Subscription | Intro, regular: YenRange) -> YenRange:
        return _segment(regular, offer.segment_prices, visit.segment)

    intros: list[tuple[int, int, bool, int | None]] = []
    bundles: list[tuple[int, int, int | None, int | None]] = []
    tickets: list[tuple[int, int, int | None, int | None]] = []
    plans: list[tuple[int, int, int, int, int | None, bool, int | None]] = []
    firsts: list[tuple[int, int] | None] = []
    plan_months: list[tuple[tuple[int, bool], ...] | None] = []
    sales: dict[str, list[frozenset[int] | None]] = {"bundles": [], "tickets": [], "plans": []}
    bundle_ids: list[str] = []
    top_ups: list[int] = []
    waivers = {o for fee in visit.catalog.fees for o in fee.waived_with}
    # docs/catalog.md "Not with first-time prices or offers": a bill taking such a discount
    # buys none of them.
    no_intro = Rule.WITH_FIRST_TIME_IGNORED not in rules and any(
        not d.with_first_time for d in ruling
    )
    no_offers = Rule.WITH_OFFERS_IGNORED not in rules and any(not d.with_offers for d in ruling)
    for offer in visit.catalog.offers:
        if not item.named_by(offer.treatment):
            continue
        if (no_intro and isinstance(offer, Intro)) or (
            no_offers and isinstance(offer, Bundle | Subscription)
        ):
            continue
        when = _months_on_sale(offer, visit) if isinstance(offer, Bundle | Subscription) else None
        if (when is None and not _on_sale(offer, visit.on)) or (when is not None and not when):
            continue
        if offer.id in visit.sold_out:  # no places left: as if its window had ended
            continue
        if isinstance(offer, Bundle):
            price = unit(offered(offer, _price_on(offer, visit.day)), offer.id)
            most = visit.left_of(offer.id, offer.per_patient)
            if most == 0:
                continue  # the patient bought all one patient may
            # docs/catalog.md "Unit tickets": counts = "units" holds units, not visits;
            # counts = "amount" ("Counting the doses' amount"): a unit of a dose uses its
            # amount of the ticket's units, all from one ticket, so a ticket holds its
            # units over the amount of the dose's units (the rest unused), none if fewer.
            if offer.counts != "sessions":
                size = offer.sessions
                if offer.counts == "amount" and item.dose is not None:
                    size //= int(item.dose.amount)
                if size:
                    tickets.append((size, price, offer.valid_months, most))
                    sales["tickets"].append(when)
                continue
            bundles.append((offer.sessions, price, offer.valid_months, most))
            sales["bundles"].append(when)
            bundle_ids.append(offer.id)
            # docs/catalog.md "A set for any dose with a top-up": each session the set covers
            # at a topped-up dose pays the top-up at its visit, an unused one none; READING:
            # no per-unit discount comes off it.
            top_up = None if item.dose is None else offer.top_ups.get(item.dose.id)
            top_ups.append(0 if top_up is None else _at(top_up, scenario))
        elif isinstance(offer, Subscription):
            sales["plans"].append(when)
            extra = offer.extra_session_price
            plans.append(
                (
                    offer.sessions_per_month,
                    unit(offered(offer, offer.monthly_fee), offer.id),
                    offer.min_months,
                    # READING: no discount comes off it
                    _at(_enrollment(offer, visit.on), scenario),
                    None if extra is None else unit(extra, offer.id),
                    offer.carry_over,
                    # docs/catalog.md `early_termination_fee`; READING: no discount comes off it
                    None
                    if offer.early_termination_fee is None
                    else _at(offer.early_termination_fee, scenario),
                )
            )
            firsts.append(_first_month(visit, offer, unit))
            plan_months.append(_plan_months(visit, offer, scenario))
        else:
            assert isinstance(offer, Intro)
            # docs/catalog.md: every first-time price on sale the patient qualifies for is a
            # candidate; the course uses one of them at most (tried below, each in turn).
            if visit.qualifies(offer, item, rules) and not (
                intros and Rule.FIRST_LISTED_INTRO in rules
            ):
                price = unit(offered(offer, _price_on(offer, visit.day)), offer.id)
                intros.append((offer.sessions, price, offer.sold_whole, offer.valid_months))
    counted = [
        b in waivers or bool(getattr(visit.catalog.offer(b), "includes", None)) for b in bundle_ids
    ]
    for held_id, left in visit.holding.items():
        held = visit.catalog.offer(held_id)
        assert isinstance(held, Bundle)
        if not item.named_by(held.treatment):
            continue
        # The sessions held: paid before, so no discount rules them out and no bill counts them.
        bundles.append((left, 0, None, 1))
        sales["bundles"].append(None)
        bundle_ids.append(held_id)
        counted.append(False)
        top_up = None if item.dose is None else held.top_ups.get(item.dose.id)
        top_ups.append(0 if top_up is None else _at(top_up, scenario))
        for big in visit.catalog.offers:
            if (
                not isinstance(big, Bundle)
                or held_id not in big.upgrade_from
                or no_offers
                or not _on_sale(big, visit.on)
                or big.id in visit.sold_out
                or visit.left_of(big.id, big.per_patient) == 0
            ):
                continue
            each_held = Fraction(held.price.min, held.sessions)
            if each_held.denominator != 1:
                assert big.upgrade_rounding is not None
                each_held = Fraction(_round(each_held, big.upgrade_rounding))
            credit = left * int(each_held)
            price = unit(offered(big, big.price), big.id)
            if price < _OPEN and price < credit:
                continue  # it would pay the patient: not sold
            bundles.append(
                (
                    big.sessions - left,
                    price if price >= _OPEN else price - credit,
                    big.valid_months,
                    1,
                )
            )
            sales["bundles"].append(None if visit.months is None else frozenset({0}))
            bundle_ids.append(big.id)
            counted.append(big.id in waivers or bool(big.includes))
            top_up = None if item.dose is None else big.top_ups.get(item.dose.id)
            top_ups.append(0 if top_up is None else _at(top_up, scenario))
    further = visit.sessions * (item.units - 1)
    extras = each = 0
    if further:
        each = unit(visit.extra(item), None)
        if Rule.EXTRA_UNITS_AT_SINGLE_PRICE in rules:
            each = unit(visit.single(item), None)
        extras = _OPEN if each >= _OPEN else further * each
    # An open-ended ticket is never bought: its run would credit its units.
    priced = [k for k, ticket in enumerate(tickets) if ticket[1] < _OPEN]
    return _Units(
        unit(visit.single(item), None),
        tuple(intros),
        tuple(bundles),
        tuple(plans),
        extras,
        tuple(tickets[k] for k in priced),
        item.units,
        each,
        firsts=tuple(firsts),
        sales=tuple(sales["bundles"]),
        ticket_sales=tuple(sales["tickets"][k] for k in priced),
        plan_sales=tuple(sales["plans"]),
        plan_months=tuple(plan_months),
        bundle_ids=tuple(bundle_ids),
        top_ups=tuple(top_ups),
        counted=tuple(counted),
    )


def _plan_months(
    visit: _Visit, offer: Subscription, scenario: Scenario
) -> tuple[tuple[int, bool], ...] | None:
    """docs/catalog.md: with months, a plan's enrollment campaign and first-month price are
    decided on the month it is enrolled in (its first session's): per month, the fee and
    whether the first-month price's window holds it. ``None`` without months."""
    if visit.months is None:
        return None
    first = offer.first_month
    found = []
    for k in range(visit.months):
        day = _month_on(visit.on, k)
        inside = first is None or (
            (first.valid_from is None or first.valid_from <= day)
            and (first.valid_until is None or day <= first.valid_until)
        )
        found.append((_at(_enrollment(offer, day), scenario), inside))
    return tuple(found)


def _first_month(
    visit: _Visit, offer: Subscription, unit: Callable[[YenRange, str | None], int]
) -> tuple[int, int] | None:
    """docs/catalog.md: a plan's first months at ``first_month.price`` for the patient's first
    enrollment, on the days of its window, for a new patient only with ``new_patients_only``,
    and never where ``bought`` names the plan (the patient enrolled before)."""
    first = offer.first_month
    if first is None or visit.offers_bought.get(offer.id, 0) > 0:
        return None
    # With months, any month of the course its window holds (:func:`_plan_months` says which).
    days = [visit.on]
    if visit.months is not None:
        days = [_month_on(visit.on, k) for k in range(visit.months)]
    if not any(
        (first.valid_from is None or first.valid_from <= day)
        and (first.valid_until is None or day <= first.valid_until)
        for day in days
    ):
        return None
    if first.new_patients_only and not visit.new_patient:
        return None
    return first.months, unit(first.price, offer.id)


def _with_tickets(units: _Units, n: int) -> list[tuple[int, int | None, _Tag]]:
    """Every course without months with unit tickets: the further units included.

    docs/catalog.md "Unit tickets": a ticket's units pay any unit of any visit, a
    visit's first unit or a further one, and a visit may take units from several
    tickets or pay the rest otherwise. So every count of each ticket is tried and
    every number ``f`` of the visits whose first unit they pay: the other ``n - f``
    visits are bought every other way (:func:`_unscheduled`), and the tickets'
    other units pay further units, the rest at their own price.
    """
    rest = {f: _unscheduled(units, n - f) for f in range(n + 1)}
    return [(paid + c, m, tag) for paid, f in _ticket_uses(units, n) for c, m, tag in rest[f]]


def _ticket_uses(units: _Units, n: int) -> Iterator[tuple[int, int]]:
    """Every count of each ticket and number ``f`` of first units they pay, over ``n``
    visits: (the tickets' price and the further units they leave at their own price, f)."""
    further = n * (units.per_visit - 1)
    # docs/catalog.md "One per patient": a ticket with per_patient is bought at most that
    # many times, less what the patient bought before.
    most = [_most_sets(n + further, size, left) for size, _, _, left in units.tickets]
    for counts in itertools.product(*(range(m + 1) for m in most)):
        held = sum(c * size for c, (size, *_) in zip(counts, units.tickets, strict=True))
        paid = sum(c * price for c, (_, price, *_) in zip(counts, units.tickets, strict=True))
        for f in range(min(held, n) + 1):
            left = further - min(held - f, further)
            if left and units.each >= _OPEN:
                continue  # a further unit at an open price
            yield paid + left * units.each, f


def _intro_uses(units: _Units, n: int, month: Sequence[int] | None = None) -> list[tuple[int, int]]:
    """Every use of one first-time price: (its sessions used, what they cost).

    docs/catalog.md: the first ``j`` sessions at ``price`` each, for ``j`` up to the
    offer's ``sessions``; an offer ``sold_whole`` costs its ``price`` however many of
    its sessions the course uses. One first-time price at most: they do not stack.
    With sessions dated (``month``, each session's month), one sold whole with
    ``valid_months`` (bought at month 0) sells only sessions in months before it.
    """
    uses = [(0, 0)]
    for sold, price, whole, valid in units.intros:
        last = min(sold, n)
        if month is not None and valid is not None:
            while last and month[last - 1] >= valid:
                last -= 1
        uses += [(j, price if whole else j * price) for j in range(1, last + 1)]
    return uses


def _cheapest(costs: Iterator[int] | Sequence[int] | set[int]) -> list[int]:
    return sorted(set(costs))[:KEEP]


def _most_sets(need: int, size: int, most: int | None) -> int:
    """The most of a set worth trying: enough to cover ``need``, at most ``most`` if limited."""
    enough = -(-need // size)
    return enough if most is None else min(enough, most)


def _unscheduled(units: _Units, n: int) -> list[tuple[int, int | None, _Tag]]:
    """Every mix of first-time sessions, counts of each set, one plan's length, and singles.

    Without months the sessions have no dates: a plan's months give their allowance,
    and what is left is bought as sets or loose sessions (singles, or a plan's extra
    sessions where cheaper). Each cost comes with the months its plan is paid for
    (``None`` without a plan), which a yearly fee reads: the cheapest few of each.
    """
    costs: dict[tuple[int | None, _Tag], set[int]] = {}
    intro_uses = _intro_uses(units, n)
    # (cost, allowance, loose, months paid for)
    plan_uses: list[tuple[int, int, int, int | None]] = [(0, 0, units.single, None)]
    for k, (per_month, fee, _, enrollment, extra, *_) in enumerate(units.plans):
        loose = units.single if extra is None else min(units.single, extra)
        # One period of one plan: the patient's first enrollment in it.
        for months, more in units.lengths(k, n):
            cost = enrollment + months * fee + more
            plan_uses.append((cost, months * per_month, loose, months))

    def sets(
        position: int,
        need: int,
        cost: int,
        loose: int,
        months: int | None,
        tag: _Tag = (),
        bought: tuple[tuple[int, int], ...] = (),
        whole: int = 0,
    ) -> None:
        # ``bought``: the sets bought so far and how many; ``whole``: the sessions to cover.
        if position == len(units.bundles) or need <= 0:
            costs.setdefault((months, tag), set()).add(cost + units.covering(bought, whole, loose))
            return
        size, price, _, most = units.bundles[position]
        for count in range(_most_sets(need, size, most) + 1):
            more = tuple((o, c * count) for o, c in units.tag(position)) if count else ()
            sets(
                position + 1,
                need - count * size,
                cost + count * price,
                loose,
                months,
                _add_tags(tag, more),
                (*bought, (position, count)) if count else bought,
                whole,
            )

    for used, intro_cost in intro_uses:
        for plan_cost, allowance, loose, months in plan_uses:
            need = n - used - allowance
            sets(0, need, intro_cost + plan_cost, loose, months, whole=need)
    return [
        (cost, months, tag)
        for (months, tag), found in costs.items()
        for cost in _cheapest(c for c in found if c < _OPEN)
    ]


def _scheduled(
    units: _Units,
    n: int,
    months: int,
    monthly: Sequence[_Units] | None = None,
    least: bool = False,
) -> list[tuple[int, _Tag]]:
    """Sessions in time order (session i in month i x months // n), bought run by run.

    ``monthly``: each month's unit prices (:func:`_monthly_units`): a single costs its
    month's, a set the price of the month it is bought in; ``units`` (month 0's) price the
    rest.

    Each purchase covers the next run of sessions: a single one session; a set up
    to its size, within its valid months; a plan every session of the months it
    runs (at least its minimum term, possibly past the course), a session beyond
    a month's allowance at the cheaper of the extra and a single, a single where
    the plan sells no extras. First-time sessions come first.
    """
    month = [i * months // n for i in range(n)]
    # ``least``: only courses that buy a unit ticket at least (``got`` once one is bought).
    memo: dict[tuple[int, tuple[int | None, ...], frozenset[int], bool], list[tuple[int, _Tag]]]
    memo = {}
    # How many of each set the patient may still buy (None: any), as the runs go.
    # How many of each set, then of each unit ticket, the patient may still buy.
    full = tuple(most for *_, most in units.bundles) + tuple(m for *_, m in units.tickets)
    sets = len(units.bundles)

    def runs(
        i: int,
        left: tuple[int | None, ...] = full,
        enrolled: frozenset[int] = frozenset(),
        got: bool = not least,
    ) -> list[tuple[int, _Tag]]:
        # ``enrolled``: the plans enrolled in so far, whose first months are taken.
        if i == n:
            return [(0, ())] if got else []
        if (i, left, enrolled, got) in memo:
            return memo[i, left, enrolled, got]
        options: list[tuple[int, _Tag]] = []

        def then(
            cost: int,
            end: int,
            after: tuple[int | None, ...] = left,
            joined: frozenset[int] = enrolled,
            ticket: bool = False,
            tag: _Tag = (),
        ) -> None:
            if cost >= _OPEN:
                # An open price makes the course open here, as the last filter says: dropped
                # now, so a ticket's credit for further units elsewhere cannot hide it.
                return
            options.extend(
                (cost + rest, _add_tags(tag, more))
                for rest, more in runs(end, after, joined, got or ticket)
            )

        single = units.single if monthly is None else monthly[month[i]].single
        if single < _OPEN:
            # An open single leaves the course open whatever a ticket's run credits after it.
            then(single, i + 1)
        for k, (size, price, valid, _) in enumerate(units.bundles):
            if left[k] == 0:
                continue  # one patient may buy no more of it
            after = left
            if left[k] is not None:
                after = (*left[:k], (left[k] or 0) - 1, *left[k + 1 :])
            # Bought in any month it is on sale in, up to its first session's (ahead of it).
            when = _bought_months(units.sales, k, month[i])
            if monthly is not None and when:
                # docs/catalog.md "Sales windows in a course with months": bought at its first
                # use where its window holds that month, else in the window's last month
                # before it; any month of the window is the same price only without
                # discounts taken by the month.
                when = [month[i]] if month[i] in when else [when[-1]]
            for bought in when:
                if monthly is not None:
                    price = monthly[bought].bundles[k][1]  # the month it is bought in
                for end in range(i + 1, min(n, i + size) + 1):
                    if valid is not None and month[end - 1] >= bought + valid:
                        break
                    # docs/catalog.md "A set for any dose with a top-up": each session of the
                    # run pays the top-up at its visit.
                    paid = price + (end - i) * units.top_up(k)
                    then(paid, end, after, tag=units.tag(k))
                    # docs/catalog.md "Unit tickets": tickets bought with the set, of one kind
                    # or several, pay further units of its visits within their validity, the
                    # set their first units.
                    for lowered, cost in _beside_a_set(units, after, sets, month, i, end):
                        then(paid + cost, end, lowered, ticket=True, tag=units.tag(k))
        # docs/catalog.md "Unit tickets": with months, tickets bought at a visit pay the
        # first units of a run of visits from it within their validity, and as many of the
        # run's further units as their other units hold (every further unit is in
        # units.extras: a run is credited those it pays, so k is tried up to all of them).
        for t, (size, price, valid, _) in enumerate(units.tickets):
            limit = left[sets + t]
            when = _bought_months(units.ticket_sales, t, month[i])
            if monthly is not None and when:
                # As a set: at its first use where its window holds that month, else ahead.
                when = [month[i]] if month[i] in when else [when[-1]]
            for bought in when:
                if monthly is not None:
                    # docs/catalog.md "Sales windows in a course with months": a ticket as a
                    # set, at its price in the month it is bought in.
                    price = monthly[bought].tickets[t][1]
                for end in range(i + 1, n + 1):
                    if valid is not None and month[end - 1] >= bought + valid:
                        break
                    length = end - i
                    run_further = length * (units.per_visit - 1)
                    most = -(-(length + run_further) // size)
                    if limit is not None:
                        most = min(most, limit)  # the tickets one patient may still buy
                    for k in range(-(-length // size), most + 1):
                        paid = min(k * size - length, run_further)
                        after = left
                        if limit is not None:
                            after = (*left[: sets + t], limit - k, *left[sets + t + 1 :])
                        then(k * price - paid * units.each, end, after, ticket=True)
        for k, (per_month, fee, min_months, _, extra, carries, early) in enumerate(units.plans):
            start = month[i]
            when = units.plan_sales[k] if k < len(units.plan_sales) else None
            if when is not None and start not in when:
                continue  # a plan is enrolled in a month it is on sale in
            # Its enrollment fee and first months are those of the month it is enrolled in;
            # the first enrollment is the first even outside the first-month price's window.
            enrolling, first_here = units.enrolled_in(k, start)
            taken = k not in enrolled and first_here
            # docs/catalog.md `early_termination_fee`: left before its minimum term at its fee
            # (only within the course: a plan held past it and left is dearer than left at
            # its end), or the term paid whole, possibly past the course.
            shortest = start + (min_months if early is None else 1)
            for stop in range(shortest, max(start + min_months, months) + 1):
                if stop - start < min_months and stop > months:
                    continue
                saving = units.first_saving(k, stop - start) if taken else 0
                end = i
                while end < n and month[end] < stop:
                    end += 1
                counts: dict[int, int] = {}
                for s in range(i, end):
                    counts[month[s]] = counts.get(month[s], 0) + 1
                # A session beyond the allowance: the cheaper of the extra and its month's single.
                # docs/catalog.md "Carrying unused sessions over": with carry_over, a month's
                # sessions use what the month before left of its own allowance first (it is
                # usable that month only), then the month's own.
                over = 0
                left_over = 0
                for m in range(start, stop):
                    c = counts.get(m, 0)
                    from_before = min(c, left_over)
                    own = min(c - from_before, per_month)
                    beyond = c - from_before - own
                    left_over = per_month - own if carries else 0
                    if beyond:
                        single_m = units.single if monthly is None else monthly[m].single
                        loose = single_m if extra is None else min(extra, single_m)
                        over = min(_OPEN, over + beyond * loose)
                cost = enrolling + (stop - start) * fee - saving + over
                if stop - start < min_months:
                    assert early is not None
                    cost += early
                then(cost, end, left, enrolled | {k})
        memo[i, left, enrolled, got] = _cheapest_tagged(options)
        return memo[i, left, enrolled, got]

    costs = list(runs(0))
    for used, intro_cost in _intro_uses(units, n, month)[1:]:  # first-time sessions first
        costs += [(intro_cost + rest, tag) for rest, tag in runs(used)]
    return _cheapest_tagged((c, tag) for c, tag in costs if c < _OPEN)


def _beside_a_set(
    units: _Units,
    left: tuple[int | None, ...],
    sets: int,
    month: Sequence[int],
    i: int,
    end: int,
) -> Iterator[tuple[tuple[int | None, ...], int]]:
    """Every count of every unit ticket bought beside a set covering sessions ``i`` to
    ``end``, one ticket at least: the limits left after, and the tickets' price less the
    further units they pay at ``units.each``.

    Each kind is bought in the latest month it may be (its validity reaching furthest)
    and pays only further units of the visits within it; the kinds' units are matched to
    those units greedily, the shortest validity first, which pays the most (the visits
    each may pay are a prefix of the set's)."""
    kinds: list[tuple[int, int, int, int]] = []  # (further units within reach, t, most, size)
    for t, (size, _, valid, _) in enumerate(units.tickets):
        months_t = _bought_months(units.ticket_sales, t, month[i])
        if not months_t:
            continue
        bought = months_t[-1]
        reach = sum(1 for v in range(i, end) if valid is None or month[v] < bought + valid)
        further = reach * (units.per_visit - 1)
        most = -(-further // size)
        limit = left[sets + t]
        if limit is not None:
            most = min(most, limit)
        if most:
            kinds.append((further, t, most, size))
    kinds.sort()
    for counts in itertools.product(*(range(most + 1) for _, _, most, _ in kinds)):
        if not any(counts):
            continue
        paid = cost = 0
        lowered = left
        for (further, t, _, size), count in zip(kinds, counts, strict=True):
            paid = min(paid + count * size, further)
            cost += count * units.tickets[t][1]
            limit = lowered[sets + t]
            if limit is not None:
                lowered = (*lowered[: sets + t], limit - count, *lowered[sets + t + 1 :])
        yield lowered, cost - paid * units.each


def _bought_months(sales: Sequence[frozenset[int] | None], k: int, first: int) -> list[int]:
    """The months a set (or ticket) ``k`` whose run starts in month ``first`` may be bought."""
    when = sales[k] if k < len(sales) else None
    if when is None:
        return [first]
    return sorted(m for m in when if m <= first)


# ---------------------------------------------------------------------------
# The plain bill.


def _combo_savings(visit: _Visit, scenario: Scenario) -> dict[TaxCategory, int]:
    """Per visit, the largest saving of combos sharing no treatment, by tax category.

    A combo meets the visit when each of its references names one of the
    visit's treatments or doses (a treatment alone: any dose). Units beyond
    the first play no part: a combo applies once per visit.

    READING: a combo's ``price`` is compared with its members' undiscounted
    single prices as this patient pays them (the requested dose's, the
    segment's); a saving that is open-ended or not positive at this point
    counts as none (at the high point that keeps the total an upper bound).
    """
    candidates = [c[:3] for c in _combo_candidates(visit, scenario) if not c[3]]
    best: dict[TaxCategory, int] = {}
    best_sum = 0
    for size in range(1, len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            members_of = [t for group, _, _ in chosen for t in group]
            if len(members_of) != len(set(members_of)):
                continue
            if sum(s for *_, s in chosen) > best_sum:
                best_sum = sum(s for *_, s in chosen)
                best = {}
                for _, tax, saving in chosen:
                    best[tax] = best.get(tax, 0) + saving
    return best


def _combo_candidates(
    visit: _Visit, scenario: Scenario
) -> list[tuple[frozenset[str], TaxCategory, int, bool]]:
    """Each combo meeting the visit with a positive saving: members, tax, saving, and whether
    it is sold with single sessions only."""
    candidates: list[tuple[frozenset[str], TaxCategory, int, bool]] = []
    for combo in visit.catalog.combos:
        members = [next((i for i in visit.items if i.named_by(r)), None) for r in combo.treatments]
        present = [i for i in members if i is not None]
        if len(present) != len(members) or len({i.ref for i in present}) != len(present):
            continue
        if combo.discount is not None:
            saving = _at(
                _segment(combo.discount, combo.segment_prices, visit.segment, max), scenario
            )
        else:
            assert combo.price is not None
            price = _segment(combo.price, combo.segment_prices, visit.segment)
            parts = [_at(visit.single(i), scenario) for i in present]
            saving = 0 if max(parts) >= _OPEN else sum(parts) - _at(price, scenario)
        if 0 < saving < _OPEN:
            refs = frozenset(i.ref for i in present)
            candidates.append((refs, present[0].tax, saving, combo.single_sessions_only))
    return candidates


def _single_visit_savings(
    visit: _Visit, scenario: Scenario, singles: Mapping[str, int]
) -> dict[TaxCategory, int]:
    """The course's largest combo saving by tax category, with ``singles[ref]`` of each
    treatment's sessions paid as single sessions, placed at any visits (no months: the order
    of a course is free).

    docs/catalog.md: a combo sold with single sessions only saves at a visit only where
    every one of its treatments is paid as a single session there. Every way of choosing
    each visit's combos (sharing no treatment) is tried, as a multiset over the visits, a
    treatment paid singly at no more visits than it has single sessions.
    """
    candidates = _combo_candidates(visit, scenario)
    choices: list[tuple[tuple[frozenset[str], TaxCategory, int, bool], ...]] = [()]
    for size in range(1, len(candidates) + 1):
        for chosen in itertools.combinations(candidates, size):
            members_of = [t for c in chosen for t in c[0]]
            if len(members_of) == len(set(members_of)):
                choices.append(chosen)
    best: dict[TaxCategory, int] = {}
    best_sum = -1
    for picked in itertools.combinations_with_replacement(range(len(choices)), visit.sessions):
        need: dict[str, int] = {}
        total: dict[TaxCategory, int] = {}
        for index in picked:
            for refs, tax, saving, single_only in choices[index]:
                if single_only:
                    for ref in refs:
                        need[ref] = need.get(ref, 0) + 1
                total[tax] = total.get(tax, 0) + saving
        if any(n > singles.get(ref, 0) for ref, n in need.items()):
            continue
        if sum(total.values()) > best_sum:
            best_sum = sum(total.values())
            best = total
    return best


def _years_visited(sessions: int, months: int | None) -> int:
    """The years of a course that hold a visit, each of which a yearly fee is charged in.

    docs/catalog.md: visit ``i`` (from 0) of ``n`` is in month ``i x months // n``, month 0
    to 11 the first year; a course of unknown length (no months, no monthly plan) is all
    in its first year.
    """
    if months is None:
        return 1
    return len({i * months // sessions // 12 for i in range(sessions)})


def _charged(visit: _Visit, fee: Fee, rules: Sequence[Rule]) -> bool:
    """Whether the request meets a fee's scope (chosen if optional, ``applies_to``, new patients
    only, waiver, joining)."""
    if fee.joins is not None:
        return visit.joining and (fee.joins,) == visit.segment
    if fee.optional:
        if Rule.OPTIONAL_FEES_NEVER in rules:
            return False
        if fee.id not in visit.fees and Rule.OPTIONAL_FEES_ALWAYS not in rules:
            return False
    if Rule.FEES_UNSCOPED in rules:
        return True
    if fee.applies_to and not visit.includes(fee.applies_to):
        return False
    if fee.waived_when_treated:
        return False  # waived at a visit with a treatment, as every visit of a course is
    return visit.new_patient or not fee.new_patients_only


def _had_before_fee(visit: _Visit, fee: Fee, rules: Sequence[Rule]) -> bool:
    """Whether the patient had a treatment a ``first_time`` fee is charged before (docs/catalog.md):
    any of the request's treatments it applies to (all without ``applies_to``), read from the
    history as a first-time price reads it."""
    if Rule.FIRST_TIME_AS_NEW_PATIENT in rules:
        return not visit.new_patient
    named = [i for i in visit.items if not fee.applies_to or any(map(i.named_by, fee.applies_to))]
    return any(visit.had(item) for item in named)


def _rates(visit: _Visit, groups: dict[TaxCategory, int]) -> list[TaxCategory]:
    return sorted(groups, key=lambda c: -tax_rate(c, visit.on))


def _bill(
    visit: _Visit,
    scenario: Scenario,
    costs: Sequence[int],
    discounts: Sequence[Discount],
    order: Sequence[Step],
    rules: Sequence[Rule],
    course_savings: Mapping[TaxCategory, int] | None = None,
    plan_months: int | None = None,
    sets: Mapping[str, int] | None = None,
) -> int | None:
    """The patient's total for treatments costing ``costs``, or ``None`` when open-ended.

    ``course_savings``, where given, is the whole course's combo saving by tax category
    (some visits saving more than others), else the best per visit at every visit.
    ``plan_months`` is the longest a monthly plan bought is paid for, which is how long
    a course without months runs (docs/catalog.md, "Yearly fees"). ``sets`` are the sets
    bought with how many, where a bill reads them: docs/catalog.md "Goods a set includes"
    (each unit a set includes is one of the goods bought once not charged) and "A fee
    waived with a set" (not charged at all where one of them is bought).
    """
    bought_sets = sets or {}
    given: dict[str, int] = {}
    for offer_id, count in bought_sets.items():
        for goods_id, each in getattr(visit.catalog.offer(offer_id), "includes", {}).items():
            given[goods_id] = given.get(goods_id, 0) + each * count
    course = visit.months if visit.months is not None else plan_months
    groups: dict[TaxCategory, int] = {}
    for item, cost in zip(visit.items, costs, strict=True):
        groups[item.tax] = groups.get(item.tax, 0) + cost
    goods: dict[TaxCategory, int] = {}
    if Rule.GOODS_LEFT_OUT not in rules:
        for price, tax, units in visit.bought(given):
            each = _at(price, scenario)
            if each >= _OPEN:
                return None
            goods[tax] = goods.get(tax, 0) + each * units
            groups[tax] = groups.get(tax, 0) + each * units
    # Not with combos (with_combos = false): a bill taking such a discount takes no combo.
    combos = all(d.with_combos for d in discounts) or Rule.WITH_COMBOS_IGNORED in rules
    for step in order:
        if step is Step.COMBOS:
            if not combos:
                continue
            if course_savings is None:
                course_savings = {
                    tax: saving * visit.sessions
                    for tax, saving in _combo_savings(visit, scenario).items()
                }
            for tax, saving in course_savings.items():
                # The goods in a category are no combo's to take.
                groups[tax] -= max(0, min(groups[tax] - goods.get(tax, 0), saving))
        elif step is Step.BILL_DISCOUNTS:
            base = dict(groups)
            for d in discounts:
                if d.treatments or d.offers:
                    continue  # a targeted discount is in the unit prices already
                rate = _rate_of(d)
                if rate is not None:
                    for tax in groups:
                        groups[tax] -= min(groups[tax], _round(base[tax] * rate, d.rounding))
                else:
                    left = d.amount or 0
                    for tax in _rates(visit, groups):
                        taken = min(left, groups[tax])
                        groups[tax] -= taken
                        left -= taken
        else:
            for fee in visit.catalog.fees:
                if not _charged(visit, fee, rules):
                    continue
                if any(bought_sets.get(offer_id) for offer_id in fee.waived_with):
                    continue  # one of its sets is bought: waived once, as it is charged once
                count = {
                    Charged.FIRST_VISIT: 1 if visit.new_patient else 0,
                    Charged.EVERY_VISIT: visit.sessions,
                    # 再診料: the first visit of a new patient is the 初診, every other a return.
                    Charged.RETURN_VISIT: visit.sessions - (1 if visit.new_patient else 0),
                    Charged.ONCE: 1,
                    Charged.FIRST_TIME: 0 if _had_before_fee(visit, fee, rules) else 1,
                    Charged.YEARLY: _years_visited(
                        visit.sessions, None if Rule.YEARLY_AS_ONCE in rules else course
                    ),
                }[fee.charged]
                # A per-visit fee chosen at N visits only: at most N of them (docs/catalog.md).
                count = min(count, visit.fee_visits.get(fee.id, count))
                if count:
                    price = _at(_segment(fee.price, fee.segment_prices, visit.segment), scenario)
                    if price >= _OPEN:
                        return None
                    groups[fee.tax] = groups.get(fee.tax, 0) + price * count
    # Tax once per rate over the whole bill (インボイス制度), never per line.
    by_rate: dict[int, int] = {}
    for tax, amount in groups.items():
        assert amount >= 0, (tax, amount)
        rate = tax_rate(tax, visit.on)
        by_rate[rate] = by_rate.get(rate, 0) + amount
    total = 0
    clinic = visit.catalog.clinic
    for rate, amount in by_rate.items():
        total += amount
        if not clinic.prices_include_tax:
            total += _round(Fraction(amount * rate, 100), clinic.tax_rounding)
    return total


# ---------------------------------------------------------------------------
# The public face.


def oracle_total(
    catalog: Catalog,
    request: QuoteRequest,
    scenario: Scenario = Scenario.TYPICAL,
    *,
    sessions: int | None = None,
    order: Sequence[Step] = DOCUMENTED_ORDER,
    rules: Sequence[Rule] = (),
) -> int | None:
    """The cheapest total at one point, by trying every purchase; ``None`` when nothing is priced.

    ``None`` means every way of buying has an open-ended price at this point
    (only the high point has those). ``sessions`` overrides the request's count
    (its top, for a range), for checking each count of a range. ``rules``
    swaps in wrong readings on purpose (see :class:`Rule`), for the tests that
    show the oracle has teeth.

    Raises:
        RefusedError: The catalog's meanings refuse the request.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> oracle_total(reference_catalog(), QuoteRequest(sessions=5))  # 5 x 10,000 + 3,300
        53300
    """
    visit = _visit(catalog, request, sessions)
    best: int | None = None
    # Not joining, then joining each segment a fee joins (only without a segment of one's own).
    joined = [] if visit.segment else [f.joins for f in catalog.fees if f.joins]
    for segment in joined:
        total = _cheapest_at(
            replace(visit, segment=(segment,), joining=True), scenario, order, rules
        )
        if total is not None and (best is None or total < best):
            best = total
    total = _cheapest_at(visit, scenario, order, rules)
    if total is not None and (best is None or total < best):
        best = total
    return best


def _cheapest_at(
    visit: _Visit, scenario: Scenario, order: Sequence[Step], rules: Sequence[Rule]
) -> int | None:
    """The cheapest total of one visit's prices at one point, by trying every purchase."""
    best: int | None = None
    if visit.months is None and any(c[3] for c in _combo_candidates(visit, scenario)):
        return _with_single_sessions(visit, scenario, order, rules)
    for discounts in _choices(_eligible(visit, scenario, rules)):
        per_treatment = []
        for item in visit.items:
            monthly = _monthly_units(visit, item, scenario, discounts, rules)
            units = (
                _units(visit, item, scenario, discounts, rules) if monthly is None else monthly[0]
            )
            if visit.months is None and units.tickets:
                # Tickets pay further units too: their costs hold them already.
                found = _with_tickets(units, visit.sessions)
                per_treatment.append(_cheapest_tagged_by_months(found))
                continue
            if monthly is not None and units.tickets and item.units > 1:
                # docs/catalog.md "Sales windows in a course with months": with further units,
                # a bill that buys a unit ticket (本数券) for the treatment prices its tickets
                # by the month each is bought in, and its singles and further units with only
                # the discounts every month of the course takes (the dearest month's); a bill
                # buying none, by month: the patient pays the cheapest of either.
                dearest = _dearest(visit, item, scenario, discounts, rules)
                ticketed = [
                    replace(u, single=dearest.single, extras=dearest.extras, each=dearest.each)
                    for u in monthly
                ]
                none = [replace(u, tickets=(), ticket_sales=()) for u in monthly]
                per_treatment.append(
                    _course_costs(visit, item, ticketed[0], ticketed, least=True)
                    + _course_costs(visit, item, none[0], none)
                )
                continue
            per_treatment.append(_course_costs(visit, item, units, monthly))
        for picked in itertools.product(*per_treatment):
            costs = [cost for cost, _, _ in picked]
            plan = max((m for _, m, _ in picked if m is not None), default=None)
            tag: _Tag = ()
            for _, _, more in picked:
                tag = _add_tags(tag, more)
            total = _bill(
                visit, scenario, costs, discounts, order, rules, plan_months=plan, sets=dict(tag)
            )
            if total is not None and (best is None or total < best):
                best = total
    return best


def _cheapest_tagged_by_months(
    found: Sequence[tuple[int, int | None, _Tag]],
) -> list[tuple[int, int | None, _Tag]]:
    """The cheapest few costs for each count of months a plan is paid for and each tag."""
    by: dict[tuple[int | None, _Tag], set[int]] = {}
    for cost, months, tag in found:
        if cost < _OPEN:
            by.setdefault((months, tag), set()).add(cost)
    return [(c, m, tag) for (m, tag), costs in by.items() for c in _cheapest(costs)]


def _course_costs(
    visit: _Visit,
    item: _Item,
    units: _Units,
    monthly: Sequence[_Units] | None,
    *,
    least: bool = False,
) -> list[tuple[int, int | None, _Tag]]:
    """One treatment's costs over the visit's sessions, its further units included, each
    with the months its monthly plan is paid for (without months) and the sets it buys that
    a bill reads; ``least``: of courses buying a unit ticket at least (with months)."""
    if visit.months is None:
        sessions = _unscheduled(units, visit.sessions)
    else:
        scheduled = _scheduled(units, visit.sessions, visit.months, monthly, least)
        sessions = [(c, None, tag) for c, tag in scheduled]
    # The further units are singles whatever buys the sessions: a constant per treatment
    # (a ticket's run in a scheduled course is credited the further units it pays).
    extras = units.extras
    if monthly is not None and extras and not units.tickets:
        # Each visit's further units at the price of its month.
        assert visit.months is not None
        month = [i * visit.months // visit.sessions for i in range(visit.sessions)]
        each = [monthly[month[i]].each for i in range(visit.sessions)]
        extras = min(_OPEN, (item.units - 1) * sum(each))
        if any(e >= _OPEN for e in each):
            extras = _OPEN
    if extras < _OPEN:
        return [(c + extras, m, tag) for c, m, tag in sessions]
    if units.tickets and visit.months is not None:
        further = visit.sessions * (units.per_visit - 1)
        total = [(c + further * units.each, m, tag) for c, m, tag in sessions]
        return [(c, m, tag) for c, m, tag in total if c < _OPEN]
    return []


def _by_singles(units: _Units, n: int) -> list[dict[int | None, int]]:
    """Per count ``s``, the cheapest cover of ``n`` sessions with at least ``s`` singles, by
    the months its monthly plan is paid for (``None`` without one: a yearly fee reads them).

    As :func:`_unscheduled`, each session left after first-time sessions, a plan and sets
    is either a single (at the single price) or, with a plan selling them, an extra; only
    the singles count (a plan's extra session is paid through the plan).
    """
    exact: list[dict[int | None, int]] = [{} for _ in range(n + 1)]
    intro_uses = _intro_uses(units, n)
    # (cost, allowance, extra price, months paid for)
    plan_uses: list[tuple[int, int, int | None, int | None]] = [(0, 0, None, None)]
    for k, (per_month, fee, _, enrollment, extra, *_) in enumerate(units.plans):
        for months, more in units.lengths(k, n):
            cost = enrollment + months * fee + more
            plan_uses.append((cost, months * per_month, extra, months))

    def sets(
        position: int,
        need: int,
        cost: int,
        extra: int | None,
        months: int | None,
        bought: tuple[tuple[int, int], ...] = (),
        whole: int = 0,
    ) -> None:
        if position == len(units.bundles) or need <= 0:
            # docs/catalog.md "A set for any dose with a top-up": the sets' sessions used
            # (each paying its top-up, cheapest first), any number of them, the rest loose.
            held = sorted(
                units.top_up(k) for k, count in bought for _ in range(count * units.bundles[k][0])
            )
            most = min(len(held), whole)
            for used in range(most + 1) if any(held) else (most,):
                left = whole - used
                paid = cost + sum(held[:used])
                for singles in range(left + 1):
                    if singles < left and extra is None:
                        continue
                    price = paid + singles * units.single + (left - singles) * (extra or 0)
                    if price < exact[singles].get(months, _OPEN):
                        exact[singles][months] = price
            return
        size, price, _, most = units.bundles[position]
        for count in range(_most_sets(need, size, most) + 1):
            sets(
                position + 1,
                need - count * size,
                cost + count * price,
                extra,
                months,
                (*bought, (position, count)) if count else bought,
                whole,
            )

    for used, intro_cost in intro_uses:
        for plan_cost, allowance, extra, months in plan_uses:
            need = n - used - allowance
            sets(0, need, intro_cost + plan_cost, extra, months, whole=max(0, need))
    at_least: list[dict[int | None, int]] = [{} for _ in range(n + 1)]
    low: dict[int | None, int] = {}
    for s in range(n, -1, -1):
        for months, price in exact[s].items():
            if price < low.get(months, _OPEN):
                low[months] = price
        at_least[s] = dict(low)
    return at_least


def _cheapest_by_months(found: Sequence[tuple[int, int | None]]) -> list[tuple[int, int | None]]:
    """The cheapest few costs for each count of months a plan is paid for."""
    by: dict[int | None, set[int]] = {}
    for cost, months in found:
        if cost < _OPEN:
            by.setdefault(months, set()).add(cost)
    return [(c, m) for m, costs in by.items() for c in _cheapest(costs)]


def _by_singles_with_tickets(units: _Units, n: int) -> list[list[tuple[int, int | None]]]:
    """:func:`_by_singles` with unit tickets, the further units included (as :func:`_with_tickets`).

    A visit paid singly pays its first unit as a single: the tickets' first units go to the
    other visits, their other units to any visit's further units.
    """
    rest = {f: _by_singles(units, n - f) for f in range(n + 1)}
    found: list[list[tuple[int, int | None]]] = [[] for _ in range(n + 1)]
    for paid, f in _ticket_uses(units, n):
        for singles in range(n - f + 1):
            for months, cost in rest[f][singles].items():
                found[singles].append((paid + cost, months))
    return [_cheapest_by_months(options) for options in found]


def _with_single_sessions(
    visit: _Visit, scenario: Scenario, order: Sequence[Step], rules: Sequence[Rule]
) -> int | None:
    """:func:`oracle_total` where a combo sold with single sessions only meets the visit:
    every count of single sessions of each treatment, each at its cheapest cover."""
    best: int | None = None
    n = visit.sessions
    for discounts in _choices(_eligible(visit, scenario, rules)):
        per_treatment = []
        for item in visit.items:
            units = _units(visit, item, scenario, discounts, rules)
            if units.tickets:
                per_treatment.append(_by_singles_with_tickets(units, n))
                continue
            by_count = _by_singles(units, n) if units.extras < _OPEN else [{}] * (n + 1)
            per_treatment.append(
                [
                    [(c + units.extras, m) for m, c in found.items() if c + units.extras < _OPEN]
                    for found in by_count
                ]
            )
        for counts in itertools.product(range(n + 1), repeat=len(visit.items)):
            choices = [options[s] for options, s in zip(per_treatment, counts, strict=True)]
            singles = {item.ref: s for item, s in zip(visit.items, counts, strict=True)}
            savings = _single_visit_savings(visit, scenario, singles)
            for picked in itertools.product(*choices):
                costs = [cost for cost, _ in picked]
                plan = max((m for _, m in picked if m is not None), default=None)
                total = _bill(visit, scenario, costs, discounts, order, rules, savings, plan)
                if total is not None and (best is None or total < best):
                    best = total
    return best
