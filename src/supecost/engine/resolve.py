"""What a catalog means for one request: doses, options, segments, sales windows and scoped fees.

Schema 2 lets a catalog say more than the optimiser needs to know. This module
is the one place that reads those fields: it checks the request against them
and resolves the catalog into the flat one the engine prices, where

- every dose is a treatment of its own, named ``treatment:dose``;
- an offer, combo or discount naming a dosed treatment alone names the dose
  the request uses (it serves any dose);
- the request's segment's prices replace the regular ones (a further unit's too,
  and a goods item's);
- only offers on sale on the request's date are left (with ``months``, a set
  or monthly plan on sale in some month of the course: :func:`sale_months`,
  which the optimiser's programmes read to buy it in those months), and only
  offers and discounts with places left: one the request says is sold out (``sold_out``,
  for a catalog's ``first_n``) is gone as if its sales window had ended;
- an offer limited per patient (``per_patient``) carries what this patient may
  still buy, less what the request's ``bought`` says was bought before, and is
  gone once that is nothing;
- only fees that apply to this request are left: an optional fee only when
  the request chooses it (:func:`chosen_fees` checks the choice), a joining
  fee (``joins``) only in the flat catalog of a patient joining its segment
  (:func:`joinable` names them; a patient who belongs pays none).

The flat catalog is cached per catalog and per everything above it depends
on, so the engine's per-catalog caches keep working across requests.
"""

from __future__ import annotations

import calendar
import functools
import threading
import weakref
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Final, TypeAlias, TypeVar

from supecost.catalog import (
    AnyOffer,
    Bundle,
    Catalog,
    Charged,
    Combo,
    EnrollmentCampaign,
    Fee,
    FirstMonth,
    FrozenMapping,
    Goods,
    Intro,
    IntroFor,
    Ladder,
    Package,
    PackageItem,
    SharedSet,
    Subscription,
    Treatment,
)
from supecost.errors import RequestError, UnknownIdError
from supecost.money import YenRange
from supecost.quotes import QuoteRequest, as_segments, check_first_visit, sessions_had
from supecost.tax import today_in_japan

_KEPT_PER_CATALOG: Final = 256
"""Request shapes and flat catalogs kept per catalog (distinct doses, segments, dates, ...)."""

_FLAT: dict[int, dict[tuple[object, ...], object]] = {}
"""Per live catalog: the checked treatments of each request shape, and the flat catalogs."""
_T = TypeVar("_T")
_FLAT_LOCK: Final = threading.Lock()


def course_date(request: QuoteRequest) -> date:
    """The day a request's course starts: its ``first_visit``, else its date ``on``, else today
    in Japan; the one reading of which day the engine prices by (sales windows, campaigns, the
    birth month, a plan's months, a last visit's gap, tax rates), as the quote's own date
    stays the request's. A first visit before a date left to today is refused here.

    Example:
        >>> later = QuoteRequest(sessions=1, on=date(2026, 12, 1), first_visit=date(2027, 1, 10))
        >>> course_date(later)
        datetime.date(2027, 1, 10)
        >>> course_date(QuoteRequest(sessions=1, on=date(2026, 12, 1)))
        datetime.date(2026, 12, 1)
    """
    on = request.on or today_in_japan()
    if request.first_visit is None:
        return on
    check_first_visit(request.first_visit, on)
    return request.first_visit


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months, on the last day of a shorter month.

    The one rule of a course's and a contract's dates: month ``k`` of a course
    (from 0) is on ``add_months(on, k)``, and a contract's monthly dates count
    the same way.

    Example:
        >>> add_months(date(2026, 12, 10), 3), add_months(date(2027, 1, 31), 1)
        (datetime.date(2027, 3, 10), datetime.date(2027, 2, 28))
    """
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sale_months(
    offer: AnyOffer | EnrollmentCampaign | FirstMonth, day: date, months: int
) -> tuple[int, int] | None:
    """The first and last month (from 0) of a course from ``day`` an offer is on sale in
    (or a plan's enrollment campaign or first-month price, whose windows read alike).

    Month ``k`` is on :func:`add_months` ``(day, k)``, and the offer is on sale in it
    where that date is in its sales window (both ends included). A window is one
    stretch of days, so the months are one stretch too; ``None`` where none of the
    ``months`` is in it. An offer without a window is on sale in every month.

    Example:
        >>> camp = Bundle(kind="bundle", id="c", treatment="t", sessions=3, price=1,
        ...               valid_from="2026-12-01", valid_until="2027-01-31")
        >>> sale_months(camp, date(2026, 12, 10), 6), sale_months(camp, date(2026, 10, 10), 6)
        ((0, 1), (2, 3))
        >>> print(sale_months(camp, date(2027, 2, 1), 6))
        None
    """
    return _sale_months(offer.valid_from, offer.valid_until, day, months)


@functools.lru_cache(maxsize=1024)
def _sale_months(
    start: date | None, end: date | None, day: date, months: int
) -> tuple[int, int] | None:
    inside = [
        k
        for k in range(months)
        if (start is None or start <= add_months(day, k))
        and (end is None or add_months(day, k) <= end)
    ]
    return (inside[0], inside[-1]) if inside else None


def bought_month(sale: tuple[int, int], first_use: int) -> int | None:
    """The month an offer on sale in months ``sale`` is bought in, first used in ``first_use``.

    The one rule of when a course buys a set with a sales window: at its first use
    where that month is on sale, else in the last month on sale before it (bought
    ahead, its validity counted from then), and never before its window opens:
    ``None`` where the first use is before it.

    Example:
        >>> bought_month((0, 1), 0), bought_month((0, 1), 3), bought_month((2, 3), 1)
        (0, 1, None)
    """
    if first_use < sale[0]:
        return None
    return first_use if first_use <= sale[1] else sale[1]


def request_refs(catalog: Catalog, request: QuoteRequest) -> tuple[tuple[str, int], ...]:
    """The request's treatments (the main one first) with their units per visit, checked.

    Raises:
        UnknownIdError: A treatment or dose the catalog lacks.
        RequestError: A dosed treatment named without its dose, two doses of one
            treatment, more units than the treatment allows, or an option
            without its base treatment.
    """
    main = request.treatment or catalog.treatments[0].id
    wanted = ((main, request.units), *request.with_units)
    bases: dict[str, str] = {}
    for ref, units in wanted:
        treatment = catalog.treatment(ref)
        if treatment.doses:
            listed = ", ".join(f"{treatment.id}:{d.id}" for d in treatment.doses)
            raise RequestError(
                f"treatment {treatment.id!r} is sold by the dose; the request must name one",
                f"name a dose: {listed}",
                code="request.dose_needed",
                params={"treatment": repr(treatment.id), "doses": listed},
            )
        base = ref.partition(":")[0]
        if base in bases and bases[base] != ref:
            raise RequestError(
                f"the request names two doses of {base!r} ({bases[base]} and {ref})",
                "name one dose of a treatment per request",
                code="request.two_doses",
                params={"treatment": repr(base), "first": bases[base], "second": ref},
            )
        bases[base] = ref
        limit = treatment.unit_limit
        if units > limit:
            raise RequestError(
                f"{units} units of {ref!r} in one visit, more than its maximum of {limit}",
                f"ask for at most {limit} per visit"
                + ("" if limit > 1 else "; the catalog sells it one unit per visit"),
                code="request.units",
                params={"units": units, "treatment": repr(ref), "limit": limit},
            )
    for ref in request.history:
        # Only known treatments: a typo here would silently price a first time.
        try:
            catalog.treatment(ref.partition(":")[0])
            catalog.treatment(ref)
        except UnknownIdError as error:
            raise UnknownIdError(f"{error.kind} in history", error.value, error.known) from None
    refs = [ref for ref, _ in wanted]
    # Each treatment's sessions, at the first visits; the smallest count of a range.
    smallest = request.session_counts[0]
    counts = [smallest, *(smallest if n is None else n for n in request.with_sessions)]
    # The most sessions of each id named, dose and its treatment alike, so an option finds
    # its bases' counts by look-up: one walk, however long the request (``matches``' rule).
    most: dict[str, int] = {}
    for ref, count in zip(refs, counts, strict=True):
        for key in {ref, ref.partition(":")[0]}:
            most[key] = max(most.get(key, 0), count)
    for (ref, _), count in zip(wanted, counts, strict=True):
        only_with = catalog.treatment(ref).only_with
        if not only_with:
            continue
        with_base = [most[base] for base in only_with if base in most]
        if not with_base:
            raise RequestError(
                f"{ref!r} is sold only with {', '.join(only_with)}, which the request does "
                "not include",
                f"add one of them to the request's added treatments, or leave {ref!r} out",
                code="request.only_with",
                params={"treatment": repr(ref), "bases": ", ".join(only_with)},
            )
        if count > max(with_base):
            raise RequestError(
                f"{count} sessions of {ref!r}, more than of the treatments it is sold with "
                f"({max(with_base)}): it would be at a visit without them",
                f"ask for at most {max(with_base)} sessions of {ref!r}",
                code="request.only_with_count",
                params={"count": count, "treatment": repr(ref), "most": max(with_base)},
            )
    return wanted


def matches(ref: str, refs: Sequence[str]) -> bool:
    """Whether a catalog reference (a treatment alone means any of its doses) meets ``refs``."""
    if ":" in ref:
        return ref in refs
    return any(r == ref or r.startswith(f"{ref}:") for r in refs)


def joinable(catalog: Catalog, request: QuoteRequest) -> tuple[str, ...]:
    """The segments a patient of this request could join for a fee, in the catalog's order.

    A request that names a segment belongs to it and joins none.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> joinable(reference_catalog(), QuoteRequest(sessions=5))
        ()
    """
    if request.segment is not None or catalog.schema_version == 1:
        return ()
    return tuple(fee.joins for fee in catalog.fees if fee.joins is not None)


def flat_catalog(catalog: Catalog, request: QuoteRequest, *, joins: str | None = None) -> Catalog:
    """The catalog as the engine prices this request: see the module's summary.

    A catalog of schema version 1 is its own flat catalog. With ``joins`` (one of
    :func:`joinable`), the patient joins that segment: its prices apply, and its
    joining fee is charged.

    Raises:
        UnknownIdError, RequestError: As :func:`request_refs`; or the request's
            segment is not one the clinic declares.
    """
    day = course_date(request)
    # Every price as on the course's first day; a course with months reads later changes by the
    # month each purchase is paid in (``context.price_periods``).
    catalog = catalog.as_of(day)
    known = _FLAT.get(id(catalog))
    # What was checked once need not be checked again: most requests to a catalog share
    # their treatments, and checking them costs a tenth of pricing them.
    # The history and the sessions are part of it: request_refs checks a history's ids and
    # an option's own count against its base's.
    shape = (
        "refs",
        request.treatment,
        request.sessions,
        request.units,
        request.with_,
        request.segment,
        request.history or None,  # an empty history hashes in Python; most requests have none
        request.fees,
        request.sold_out,
        request.bought or None,
        request.holding or None,
    )
    refs = None if known is None else known.get(shape)
    if refs is None:
        refs = _remember(catalog, shape, _checked_refs(catalog, request))
    assert isinstance(refs, tuple)
    if (
        catalog.schema_version == 1
        and not request.sold_out
        and not request.bought
        and not request.holding
    ):
        # No optional fee: a request choosing one was refused above. A limited offer is
        # schema 2's; one built in Python into a version-1 catalog is still taken away.
        return catalog
    segment = request.segment if joins is None else joins
    months = request.months
    windows = (
        tuple(_sold(o, day, months) for o in catalog.offers if o.windowed)
        + tuple(
            # A plan's enrollment campaign changes its fee on its days: part of the key too;
            # with months the flat plan keeps its fee and campaign both, whatever the day.
            o.enrollment_campaign.on_sale(day) if months is None else None
            for o in catalog.offers
            if isinstance(o, Subscription) and o.enrollment_campaign is not None
        )
        + tuple(
            # So does a first-month price's window (with months, whether a month holds it).
            _window_held(o.first_month, day, months)
            for o in catalog.offers
            if isinstance(o, Subscription) and o.first_month is not None
        )
    )
    had = tuple(sorted(request.history.items())) if request.history else ()
    # The chosen fees are part of the key: the engine keeps a flat catalog's fee bills with it.
    fees = frozenset(request.fee_ids)
    bought = tuple(sorted(request.bought.items())) if request.bought else ()
    key = (
        "flat",
        refs,
        segment,
        joins,
        request.new_patient,
        windows,
        had,
        fees,
        request.sold_out,
        bought,
        tuple(sorted(request.holding.items())) if request.holding else (),
    )
    flat = None if known is None else known.get(key)
    if flat is None:
        flat = _remember(
            catalog,
            key,
            _flatten(
                catalog,
                refs,
                segment,
                day,
                request.new_patient,
                request.history,
                frozenset(request.sold_out),
                request.bought,
                joins,
                months,
                fees,
                holding=request.holding,
            ),
        )
    assert isinstance(flat, Catalog)
    return flat


def chosen_fees(catalog: Catalog, request: QuoteRequest) -> tuple[Fee, ...]:
    """The optional fees the request chooses, checked against the catalog.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> chosen_fees(reference_catalog(), QuoteRequest(sessions=5))
        ()

    Args:
        catalog: The catalog.
        request: The request; its ``fees`` are the choice.

    Returns:
        The chosen fees, in the request's order.

    Raises:
        UnknownIdError: A fee the catalog lacks; the message lists its optional ones.
        RequestError: A fee named twice, a fee that is not optional (it is charged by its
            rule, never chosen), a count of visits for a fee not charged per visit, or two
            fees of one group.
    """
    chosen: list[Fee] = []
    groups: dict[str, Fee] = {}
    for fee_id in request.fee_ids:
        try:
            fee = catalog.fee(fee_id)
        except UnknownIdError:
            raise UnknownIdError("optional fee", fee_id, _optional_ids(catalog)) from None
        if fee in chosen:
            message = f"fee {fee_id!r} is chosen twice in the request"
            raise RequestError(
                message,
                "choose each fee once",
                (("fees", message),),
                code="request.fee_twice",
                params={"fee": repr(fee_id)},
            )
        if not fee.optional:
            raise RequestError(
                f"fee {fee_id!r} is not optional: the catalog charges it by its rule "
                f"({fee.charged.value}), never by the patient's choice",
                "leave it out of the request's chosen fees; " + _optional_hint(catalog),
                code="request.fee_not_optional",
                params={"fee": repr(fee_id), "optional": ", ".join(_optional_ids(catalog))},
            )
        visits = request.fee_visits(fee_id)
        if visits is not None and fee.charged not in (Charged.EVERY_VISIT, Charged.RETURN_VISIT):
            raise RequestError(
                f"fee {fee_id!r} is chosen at {visits} visits, but it is charged "
                f"{fee.charged.value}, not per visit",
                "choose it by its id alone; a count of visits is for a fee charged "
                "every_visit or return_visit",
                code="request.fee_visits",
                params={"fee": repr(fee_id), "visits": visits, "charged": fee.charged.value},
            )
        if fee.group is not None:
            other = groups.get(fee.group)
            if other is not None:
                members = ", ".join(f.id for f in catalog.fees if f.group == fee.group)
                raise RequestError(
                    f"fees {other.id!r} and {fee_id!r} are both of group {fee.group!r}, "
                    "of which a request chooses at most one",
                    f"choose one of {members}",
                    code="request.fee_group",
                    params={
                        "first": repr(other.id),
                        "second": repr(fee_id),
                        "group": repr(fee.group),
                        "members": members,
                    },
                )
            groups[fee.group] = fee
        chosen.append(fee)
    return tuple(chosen)


def _optional_ids(catalog: Catalog) -> tuple[str, ...]:
    return tuple(fee.id for fee in catalog.fees if fee.optional)


def _optional_hint(catalog: Catalog) -> str:
    ids = _optional_ids(catalog)
    if not ids:
        return "this catalog has no optional fees"
    return f"the catalog's optional fees are {', '.join(ids)}"


def _checked_refs(catalog: Catalog, request: QuoteRequest) -> tuple[str, ...]:
    chosen_fees(catalog, request)
    check_sold_out(catalog, request.sold_out)
    check_bought(catalog, request.bought)
    refs = tuple(ref for ref, _ in request_refs(catalog, request))
    check_holding(catalog, request.holding, refs)
    check_segment(catalog, request.segment)
    return refs


def check_segment(catalog: Catalog, segments: Segments) -> None:
    """Each segment named is one the catalog's clinic declares.

    Raises:
        RequestError: One is not; the message names it and lists the declared ones.
    """
    for segment in as_segments(segments):
        if segment in catalog.clinic.segment_ids:
            continue
        declared = ", ".join(catalog.clinic.segment_ids)
        message = f"unknown segment {segment!r}"
        raise RequestError(
            message,
            f"use one of the clinic's segments: {declared}"
            if declared
            else "this catalog has no segments; leave segment out",
            (("segment", message),),
            code="request.segment",
            params={"segment": repr(segment), "known": declared},
        )


def check_bought(catalog: Catalog, bought: Mapping[str, int]) -> None:
    """Each offer the request says the patient bought before is limited per patient.

    As ``sold_out``: an id naming an offer without ``per_patient`` is refused rather
    than ignored, since the request would then quote more of it than the clinic sells.

    Raises:
        UnknownIdError: No offer has that id.
        RequestError: The offer is not limited per patient.
    """
    if not bought:
        return
    limits = {o.id: per_patient(o) for o in catalog.offers}
    enrolled = {
        o.id for o in catalog.offers if isinstance(o, Subscription) and o.first_month is not None
    }
    named = tuple(k for k, n in limits.items() if n is not None or k in enrolled)
    for offer_id in bought:
        if offer_id not in limits:
            raise UnknownIdError("offer limited per patient", offer_id, named)
        if limits[offer_id] is None and offer_id not in enrolled:
            # Worded from the field on, so a surface naming it its own way (--bought)
            # names it in the clause too.
            message = (
                f"bought names {offer_id!r}, but the catalog does not limit how many of it "
                "one patient buys (it has no per_patient) nor price a plan's first month "
                "(no first_month); "
                + (
                    f"its offers limited per patient or with a first-month price are "
                    f"{', '.join(named)}"
                    if named
                    else "it limits no offer per patient and prices no first month"
                )
            )
            raise RequestError(
                message,
                "leave it out",
                (("bought", message),),
                code="request.not_limited_per_patient",
                params={"id": repr(offer_id), "known": ", ".join(named), "arg": "bought"},
            )


def first_month_of(
    offer: Subscription, day: date, new_patient: bool, bought: Mapping[str, int]
) -> FirstMonth | None:
    """The first-month price a plan bought on ``day`` gets: none where ``bought`` names the plan.

    The one reading of a plan in ``bought``: the patient enrolled before (any count
    but 0), so this enrollment is not their first (:meth:`Subscription.first_month_for`
    says the rest), asked by the resolution and contracts.
    """
    if bought.get(offer.id, 0) > 0:
        return None
    return offer.first_month_for(day, new_patient)


def _campaign_kept(offer: Subscription, day: date, months: int | None) -> dict[str, object]:
    """A plan's enrollment fee and campaign in the flat catalog: the campaign kept only where
    it changes the fee, so a bill names the fee it waives (``tables.enrollment_billed``)."""
    campaign = offer.enrollment_campaign
    assert campaign is not None
    if campaign.price == offer.enrollment_fee:
        return {"enrollment_campaign": None}  # a campaign at the plan's own fee prices nothing
    if months is not None:
        # The flat plan keeps both: the month it is enrolled in decides (:func:`enrollment_in`).
        return {}
    # Without months the plan is enrolled on the request's date: its campaign's fee then,
    # the campaign kept where it prices that enrollment.
    enrolled = offer.enrollment_on(day)
    if enrolled == offer.enrollment_fee:
        return {"enrollment_fee": enrolled, "enrollment_campaign": None}
    return {"enrollment_fee": enrolled}


def enrollment_in(offer: Subscription, day: date) -> tuple[YenRange, FirstMonth | None]:
    """A flat catalog's plan enrolled on ``day``: its enrollment fee and first-month price.

    The one rule of what an enrollment costs by its date, asked by the engine's tables
    and bills: the campaign's price where ``day`` is in the campaign's window, and the
    first-month price the flat catalog kept for this patient where ``day`` is in its
    window. In a course with months the day is the month the plan is enrolled in (its
    first session's, :func:`add_months`); without months, the request's date.

    Example:
        >>> plan = Subscription(kind="subscription", id="m", treatment="t",
        ...     monthly_fee=27500, sessions_per_month=1, enrollment_fee=11000,
        ...     enrollment_campaign={"valid_from": "2027-01-01"},
        ...     first_month={"price": 0, "valid_until": "2026-12-31"})
        >>> [(fee.min, first is not None) for fee, first in (
        ...     enrollment_in(plan, date(2026, 12, 10)), enrollment_in(plan, date(2027, 1, 10)))]
        [(11000, True), (0, False)]
    """
    first = offer.first_month
    return offer.enrollment_on(day), first if first is not None and first.on_sale(day) else None


def _window_held(window: FirstMonth, day: date, months: int | None) -> bool:
    """Whether a first-month price's window holds the request: its date, or with ``months``
    a month of its course (:func:`sale_months`)."""
    if months is None or not window.windowed:
        return window.on_sale(day)
    return sale_months(window, day, months) is not None


def _first_month_kept(
    offer: Subscription,
    day: date,
    new_patient: bool,
    bought: Mapping[str, int],
    months: int | None,
) -> FirstMonth | None:
    """The first-month price a flat catalog keeps for a plan: :func:`first_month_of` on the
    request's date, or with ``months`` on the first month of the course its window holds
    (the enrollment's own month decides then, :func:`enrollment_in`)."""
    first = offer.first_month
    if months is not None and first is not None and first.windowed:
        sale = sale_months(first, day, months)
        if sale is None:
            return None
        day = add_months(day, sale[0])
    return first_month_of(offer, day, new_patient, bought)


def per_patient(offer: AnyOffer) -> int | None:
    """How many of ``offer`` one patient may buy: its ``per_patient``, ``None`` for any.

    The one reading of the limit: a set's and a package's are the catalog's; a
    first-time price is one per patient by its nature (:attr:`Intro.for_` says
    who qualifies), and a monthly plan or a ladder is not a thing bought in a count.
    """
    return offer.per_patient if isinstance(offer, Bundle | Package | SharedSet) else None


def check_sold_out(catalog: Catalog, sold_out: Sequence[str]) -> None:
    """Each id the request says is sold out names a limited offer or discount of the catalog.

    An id naming an unlimited one is refused rather than ignored: the booking system
    counts places only of what the catalog limits, so it is most likely a mistake (a
    typo, or a catalog older than the booking system's list), and ignoring it would
    quote an offer the clinic no longer sells.
    """
    if not sold_out:
        return
    places = {r.id: r.first_n for r in (*catalog.offers, *catalog.discounts)}
    named = tuple(k for k, n in places.items() if n is not None)
    for record_id in sold_out:
        if record_id not in places:
            raise UnknownIdError("limited offer or discount", record_id, named)
        if places[record_id] is None:
            raise RequestError(
                f"{record_id!r} is in sold_out, but the catalog does not limit it to the "
                "first patients (it has no first_n), so it has no places to run out of",
                "leave it out of sold_out"
                + (
                    f"; the catalog's limited offers and discounts are {', '.join(named)}"
                    if named
                    else "; this catalog limits no offer or discount"
                ),
                code="request.not_limited",
                params={"id": repr(record_id), "known": ", ".join(named)},
            )


def _remember(catalog: Catalog, key: tuple[object, ...], value: _T) -> _T:
    """Keep ``value`` for ``catalog`` under ``key``; the cache is bounded and thread-safe."""
    with _FLAT_LOCK:  # threads of a server share the cache; evicting must not race
        known = _FLAT.get(id(catalog))
        if known is None:
            known = _FLAT[id(catalog)] = {}
            weakref.finalize(catalog, _FLAT.pop, id(catalog), None)
        if len(known) >= _KEPT_PER_CATALOG:
            del known[next(iter(known))]
        return known.setdefault(key, value)  # type: ignore[return-value]


Segments: TypeAlias = str | tuple[str, ...] | None
"""A patient's segments as a request gives them (:attr:`QuoteRequest.segment`): none, one
or several."""


def segment_price(
    prices: Mapping[str, YenRange], segment: Segments, *, saving: bool = False
) -> YenRange | None:
    """The entry of ``prices`` a patient in ``segment`` pays: the lowest of those for the
    patient's segments (a saving: the highest), ``None`` where none has one.

    **The one rule of which segment's price applies** (docs/catalog.md: a patient in two
    groups pays the better price), for every price the flat catalog, a contract's offer and
    its goods replace. Ranges are compared point by point, so at each point (low, typical,
    high) the patient pays the lower; a typical value is kept where some entry states one.

    Example:
        >>> prices = {"member": YenRange.exact(24_200), "senior": YenRange.exact(25_000)}
        >>> segment_price(prices, ("member", "senior")), segment_price(prices, "vip")
        (YenRange(min=24200, max=24200), None)
    """
    held = [prices[s] for s in as_segments(segment) if s in prices]
    if len(held) <= 1:
        return held[0] if held else None
    best = max if saving else min
    typical = (
        best(r.typical_point for r in held) if any(r.typical is not None for r in held) else None
    )
    tops = [r.max for r in held if r.max is not None]
    if saving:
        # The highest saving is open where any is (a saving of "up to ..." unbounded).
        high = max(tops) if len(tops) == len(held) else None
    else:
        high = min(tops) if tops else None
    return YenRange(best(r.min for r in held), high, typical)


def _priced(regular: YenRange, prices: Mapping[str, YenRange], segment: Segments) -> YenRange:
    """A price as the patient's segments pay it: :func:`segment_price`, else ``regular``."""
    own = segment_price(prices, segment)
    return regular if own is None else own


def segment_update(offer: AnyOffer, segment: Segments) -> dict[str, object]:
    """The fields of an offer that a segment's prices replace: its price, or a plan's monthly fee.

    The one reading of an offer's segment price, for the flat catalog and for one offer
    bought on its own (a contract's default price). A ladder's steps carry their own.

    Example:
        >>> from supecost.catalog import Bundle
        >>> offer = Bundle(kind="bundle", id="s5", treatment="iv", sessions=5, price=50_000,
        ...                segment_prices={"member": 45_000})
        >>> segment_update(offer, "member")["price"], segment_update(offer, None)
        (YenRange(min=45000, max=45000), {})
    """
    # A ladder's steps carry their segment prices: the flat catalog prices them apart.
    own = None if isinstance(offer, Ladder) else segment_price(offer.segment_prices, segment)
    if own is None:
        return {}
    if isinstance(offer, Subscription):
        return {"monthly_fee": own}
    if "price_changes" not in type(offer).model_fields:
        return {"price": own}
    # A segment's price holds through a price change, which changes the regular one.
    return {"price": own, "price_changes": ()}


def priced_by(offer: AnyOffer, segment: Segments) -> str | None:
    """The segment whose entry :func:`segment_update` gives the offer (the first of the
    patient's, in order, at that price), ``None`` where none replaces its price: what a
    contract names as having made its price.

    Example:
        >>> from supecost.catalog import Bundle
        >>> offer = Bundle(kind="bundle", id="s5", treatment="iv", sessions=5, price=50_000,
        ...                segment_prices={"member": 45_000, "senior": 40_000})
        >>> priced_by(offer, ("member", "senior")), priced_by(offer, "vip")
        ('senior', None)
    """
    update = segment_update(offer, segment)
    if isinstance(offer, Ladder) or not update:
        return None
    price = next(iter(update.values()))
    return next(s for s in as_segments(segment) if offer.segment_prices.get(s) == price)


def treatment_sold(treatment: Treatment, segment: Segments) -> Treatment:
    """A treatment at the segment's prices: its session's, and its further units'.

    The one reading of a treatment's segment price, for the flat catalog and for the
    single prices a contract's discount conditions read. A further unit without
    ``extra_unit_price`` costs the session's price, so it follows the session's
    segment price through it.

    Example:
        >>> t = Treatment(id="iv", name="点滴", price=10_000, segment_prices={"member": 8_000})
        >>> treatment_sold(t, "member").price, treatment_sold(t, None) is t
        (YenRange(min=8000, max=8000), True)
    """
    if segment is None:
        return treatment
    update: dict[str, object] = {}
    own = segment_price(treatment.segment_prices, segment)
    if own is not None:
        # A segment's price holds through a price change, which changes the regular one.
        update.update(price=own, price_changes=())
    extra = segment_price(treatment.extra_unit_segment_prices, segment)
    if treatment.extra_unit_price is not None and extra is not None:
        update["extra_unit_price"] = extra
    return treatment.model_copy(update=update) if update else treatment


def monthly_price(goods: Goods) -> YenRange:
    """A unit's price a month of a goods record delivered monthly (定期便).

    Example:
        >>> from supecost.catalog import Goods
        >>> g = Goods(id="nmn", name="NMN", price=10800, subscription={"monthly_price": 9720})
        >>> monthly_price(g).min
        9720
    """
    assert goods.subscription is not None  # goods_delivered refused any other
    return goods.subscription.monthly_price


def goods_delivered(catalog: Catalog, request: QuoteRequest) -> tuple[tuple[Goods, int, int], ...]:
    """The request's monthly deliveries (``goods_monthly``): each goods record, its units a
    month and the months delivered, the course's.

    The one reading of ``goods_monthly``. Its price is the condition's (「3回以上の継続が条件」),
    so a course shorter than the record's ``min_months`` is refused, not priced at the minimum:
    DOMAIN.md says nothing of a 定期便 cancelled early, and the menu's charge for it is the
    clinic's, not a price of the course.

    Raises:
        UnknownIdError: No goods record has that id.
        RequestError: The record has no ``subscription``, or the course's months are fewer
            than its ``min_months`` (the request's own validation refuses no months).
    """
    delivered: list[tuple[Goods, int, int]] = []
    for goods_id, units in request.goods_monthly.items():
        goods = catalog.product(goods_id)
        months = request.months
        assert months is not None  # QuoteRequest refuses goods_monthly without months
        if goods.subscription is None:
            monthly = [g.id for g in catalog.goods if g.subscription is not None]
            message = (
                f"goods_monthly names {goods_id!r}, but the catalog sells it only once "
                "(it has no subscription)"
            )
            raise RequestError(
                message,
                "buy it with goods instead, or name goods delivered monthly: "
                + (", ".join(monthly) if monthly else "the catalog has none"),
                (("goods_monthly", message),),
                code="request.goods_not_monthly",
                params={"id": repr(goods_id), "known": ", ".join(monthly)},
            )
        least = goods.subscription.min_months
        if months < least:
            message = (
                f"goods_monthly names {goods_id!r}, delivered monthly for at least {least} "
                f"months, but the course runs {months}"
            )
            raise RequestError(
                message,
                f"give months of {least} or more, or buy it once with goods",
                (("goods_monthly", message),),
                code="request.goods_min_months",
                params={"id": repr(goods_id), "least": str(least), "months": str(months)},
            )
        delivered.append((goods, units, months))
    return tuple(delivered)


def goods_sold(goods: Goods, segment: Segments) -> Goods:
    """Goods at the segment's price where it has one, else at their own.

    The one reading of a goods record's segment price, for a quote's goods (the flat
    catalog) and a contract's related goods.

    Example:
        >>> from supecost.tax import TaxCategory
        >>> g = Goods(id="sup", name="サプリ", price=3_000, tax=TaxCategory.REDUCED,
        ...           kind="food", segment_prices={"member": 2_000})
        >>> goods_sold(g, "member").price, goods_sold(g, "vip") is g
        (YenRange(min=2000, max=2000), True)
    """
    own = segment_price(goods.segment_prices, segment)
    return goods if own is None else goods.model_copy(update={"price": own})


def had_before(history: Mapping[str, int], ref: str) -> int:
    """Sessions of ``ref`` the patient had: its own count, plus its treatment's for a dose."""
    return sessions_had(history, ref)


def first_time_past(record: AnyOffer | Fee, history: Mapping[str, int], target: str) -> bool:
    """Whether a price for the first time having a treatment (``for = "first_time"``), or a
    fee charged before it (``charged = "first_time"``, a G6PD test before the first
    high-dose vitamin C), is past for a patient with ``history``: the one rule of it, for a
    quote's resolution and a contract's price. ``target`` is the treatment (or dose) the
    offer is for, or one of the request's the fee applies to; a dose's history is its own
    plus its treatment's (:func:`had_before`).

    Example:
        >>> trial = Intro(kind="intro", id="t", treatment="a", price=1, for_="first_time")
        >>> first_time_past(trial, {}, "a"), first_time_past(trial, {"a": 1}, "a")
        (False, True)
        >>> test = Fee(id="g6pd", name="G6PD検査", price=4980, charged="first_time")
        >>> first_time_past(test, {"vitc": 4}, "vitc:25g"), first_time_past(test, {}, "vitc")
        (True, False)
    """
    if isinstance(record, Fee):
        first_time = record.charged is Charged.FIRST_TIME
    else:
        first_time = isinstance(record, Intro) and record.for_ is IntroFor.FIRST_TIME
    return first_time and had_before(history, target) > 0


def _fee_targets(fee: Fee, refs: Sequence[str]) -> list[str]:
    """The request's treatments and doses a fee applies to: all of them without ``applies_to``."""
    if not fee.applies_to:
        return list(refs)
    return [ref for ref in refs if any(matches(scope, (ref,)) for scope in fee.applies_to)]


_OFF_SALE: Final = (False, None)


def _sold(offer: AnyOffer, day: date, months: int | None) -> bool | tuple[int, int] | None:
    """Whether an offer is on sale for a request: on its date, or the months of its course.

    With ``months``, a set or a monthly plan is bought in a month of the course (the
    optimiser's programmes place it by :func:`bought_month`), so its :func:`sale_months`;
    every other offer (first-time prices, packages, ladders) is priced on the
    request's date. Falsy or ``None`` where it is not on sale.
    """
    if months is not None and offer.windowed and type(offer) in (Bundle, Subscription):
        return sale_months(offer, day, months)
    return offer.on_sale(day)


def _flatten(
    catalog: Catalog,
    refs: Sequence[str],
    segment: Segments,
    day: date,
    new_patient: bool,
    history: Mapping[str, int],
    sold_out: frozenset[str],
    bought: Mapping[str, int],
    joins: str | None,
    months: int | None,
    chosen_fees: frozenset[str],
    *,
    holding: Mapping[str, int] = FrozenMapping(),
) -> Catalog:
    chosen = {ref.partition(":")[0]: ref for ref in refs}
    dosed = {t.id for t in catalog.treatments if t.doses}
    by_id = {t.id: t for t in catalog.treatments}

    def resolve(ref: str) -> str | None:
        """A catalog reference in the flat catalog; ``None`` when it names an unused dose."""
        if ref in dosed:
            return chosen.get(ref)
        return ref

    treatments = [treatment_sold(t, segment) for t in catalog.priced()]
    offers: list[AnyOffer] = []
    for offer in catalog.offers:
        if _sold(offer, day, months) in _OFF_SALE or offer.id in sold_out:
            continue  # not on sale, or its places for the first patients are gone
        limit = per_patient(offer)
        left = None if limit is None else limit - bought.get(offer.id, 0)
        if left is not None and left <= 0:
            continue  # the patient bought all one patient may: as if sold out to them
        if isinstance(offer, Package):
            # Contents the request does not use stay as written: they are bought and unused.
            contents = tuple(
                PackageItem.model_construct(
                    treatment=resolve(i.treatment) or i.treatment, sessions=i.sessions
                )
                for i in offer.contents
            )
            update_package: dict[str, object] = {"contents": contents}
            if left is not None:
                # The flat catalog's limit is what this patient may still buy.
                update_package["per_patient"] = left
            update_package.update(segment_update(offer, segment))
            offers.append(offer.model_copy(update=update_package))
            continue
        if isinstance(offer, SharedSet):
            # Each split of a shared set among the request's treatments is a package of its
            # own: k sets bought reach every split of their k x sessions (SharedSet.splits).
            wanted = set(refs)
            used = [r for r in map(resolve, offer.treatments) if r is not None and r in wanted]
            # Each split carries the set's limit, what the patient may still buy of them all,
            # which the optimiser holds them to together (optimise._shared_groups).
            limited = {} if left is None else {"per_patient": left}
            shared = offer.model_copy(update={**segment_update(offer, segment), **limited})
            offers.extend(shared.split_package(split) for split in shared.splits(used))
            continue
        target = resolve(offer.treatment)
        if target is None:
            continue
        if first_time_past(offer, history, target):
            continue  # "the first time having this treatment" is past
        update: dict[str, object] = {"treatment": target}
        if isinstance(offer, Ladder):
            if segment is not None:
                steps = tuple(
                    s.model_copy(update={"price": _priced(s.price, s.segment_prices, segment)})
                    for s in offer.steps
                )
                update["steps"] = steps
            offers.append(offer.model_copy(update=update))
            continue
        update.update(segment_update(offer, segment))
        if isinstance(offer, Bundle) and offer.top_ups:
            update["top_ups"] = _dose_top_ups(offer, target)
        if left is not None:
            update["per_patient"] = left
        if isinstance(offer, Bundle) and offer.counts == "amount":
            # The dose the request asks decides how many of the ticket's units a unit uses.
            base, _, dose_id = target.partition(":")
            dose = next(d for d in by_id[base].doses if d.id == dose_id)
            if not offer.held(dose):
                continue  # fewer units than one unit of the dose uses: it serves none
            offers.append(offer.for_dose(target, dose).model_copy(update=update))
            continue
        if isinstance(offer, Subscription) and offer.enrollment_campaign is not None:
            update.update(_campaign_kept(offer, day, months))
        if isinstance(offer, Subscription) and offer.first_month is not None:
            # The flat catalog keeps a first-month price only where this enrollment gets it.
            update["first_month"] = _first_month_kept(offer, day, new_patient, bought, months)
        offers.append(offer.model_copy(update=update))
    combos: list[Combo] = []
    for combo in catalog.combos:
        members = [resolve(ref) for ref in combo.treatments]
        if any(m is None for m in members):
            continue  # a dose the request does not use: the combo cannot meet this visit
        update = {"treatments": tuple(m for m in members if m is not None)}
        # A combo's segment entry is its saving where it has one: the patient's best is the
        # highest saving, as elsewhere the lowest price.
        own = segment_price(combo.segment_prices, segment, saving=combo.discount is not None)
        if own is not None:
            update["discount" if combo.discount is not None else "price"] = own
        combos.append(combo.model_copy(update=update))
    fees: list[Fee] = []
    for fee in catalog.fees:
        if fee.joins is not None and fee.joins != joins:
            continue  # the patient belongs already, or does not join (the fee's way weighs that)
        if fee.optional and fee.id not in chosen_fees:
            continue
        if fee.applies_to and not any(matches(ref, refs) for ref in fee.applies_to):
            continue
        if fee.new_patients_only and not new_patient:
            continue
        if any(first_time_past(fee, history, ref) for ref in _fee_targets(fee, refs)):
            continue  # the patient had a treatment it is charged before the first time of
        if fee.waived_when_treated:
            continue  # every visit of a course has a treatment
        fees.append(
            fee.model_copy(update={"price": _priced(fee.price, fee.segment_prices, segment)})
        )
    discounts = [
        d.model_copy(update={"treatments": tuple(resolve(t) or t for t in d.treatments)})
        if any(t in dosed for t in d.treatments)
        else d
        for d in catalog.discounts
        if d.id not in sold_out  # its places are gone: as if its window had ended
    ]
    if holding:
        offers += _held_offers(catalog, offers, holding, resolve, day)
    # Built without validation: every record was validated with the catalog, and a dose's id
    # has a colon, which the id pattern refuses on purpose.
    return Catalog.model_construct(
        schema_version=catalog.schema_version,
        clinic=catalog.clinic,
        treatments=tuple(treatments),
        offers=tuple(offers),
        combos=tuple(combos),
        fees=tuple(fees),
        discounts=tuple(discounts),
        goods=tuple(goods_sold(g, segment) for g in catalog.goods),
        lint=None,
    )


def _dose_top_ups(offer: Bundle, target: str) -> FrozenMapping[str, YenRange]:
    """A set for any dose as a flat catalog sells it for the request's dose (``target``): it
    keeps that dose's top-up alone, which the optimiser charges per session used and the
    quote bills on a line of its own."""
    asked = target.partition(":")[2]
    top_up = offer.top_up_of(asked)
    return FrozenMapping({} if top_up is None else {asked: top_up})


def _held_offers(
    catalog: Catalog,
    offers: Sequence[AnyOffer],
    holding: Mapping[str, int],
    resolve: Callable[[str], str | None],
    day: date,
) -> list[AnyOffer]:
    """The rows of the sets a patient holds (:meth:`~supecost.catalog.Bundle.held_left`,
    on sale or not: they were bought) and of the upgrades from them the flat catalog's sets
    sell (:meth:`~supecost.catalog.Bundle.upgraded_from`: on sale, within their limit per
    patient, at the patient's prices). :func:`check_holding` checked each id."""
    found: list[AnyOffer] = []
    for held_id, left in holding.items():
        held = catalog.offer(held_id)
        assert isinstance(held, Bundle)
        target = resolve(held.treatment)
        assert target is not None
        update: dict[str, object] = {"treatment": target}
        if held.top_ups:
            # Each held session at a topped-up dose still pays its top-up at its visit.
            update["top_ups"] = _dose_top_ups(held, target)
        found.append(held.held_left(left).model_copy(update=update))
        # An upgrade is sold on the request's day, the set upgraded to on sale then: its
        # window is that day, so a course with months buys it in its first month, and its
        # validity runs from the upgrade.
        found.extend(
            big.upgraded_from(held, left).model_copy(update={"valid_from": day, "valid_until": day})
            for big in offers
            if isinstance(big, Bundle) and held_id in big.upgrade_from and big.on_sale(day)
        )
    return found


def check_holding(catalog: Catalog, holding: Mapping[str, int], refs: Sequence[str]) -> None:
    """Each set the request says the patient holds is a set of sessions of one of the
    request's treatments (or doses), one at most of each, with 1 to its sessions left.

    Raises:
        UnknownIdError: No set of sessions has that id.
        RequestError: The set is of no treatment the request asks, a second set of one
            treatment, or more sessions left than it has.
    """
    if not holding:
        return
    sets = {o.id: o for o in catalog.offers if isinstance(o, Bundle) and not o.counts_units}
    bases = {ref.partition(":")[0]: ref for ref in refs}
    served: dict[str, str] = {}
    for offer_id, left in holding.items():
        held = sets.get(offer_id)
        if held is None:
            raise UnknownIdError("session set", offer_id, tuple(sets))
        base = held.treatment.partition(":")[0]
        ref = held.treatment if held.treatment in refs else bases.get(base)
        if ref is None or (held.treatment != ref and held.treatment != base):
            message = (
                f"holding names {offer_id!r}, a set of {held.treatment}, which the request "
                f"does not ask for (it asks for {', '.join(refs)})"
            )
            raise RequestError(
                message,
                f"leave it out, or ask for {held.treatment} (as the treatment or with)",
                (("holding", message),),
                code="request.holding_treatment",
                params={"id": repr(offer_id), "treatment": held.treatment, "refs": ", ".join(refs)},
            )
        if ref in served:
            message = (
                f"holding names {served[ref]!r} and {offer_id!r}, two sets of {ref}; "
                "a request holds at most one set of each treatment"
            )
            raise RequestError(
                message,
                "give the set whose sessions the course uses first, and leave the other out",
                (("holding", message),),
                code="request.holding_twice",
                params={"first": repr(served[ref]), "second": repr(offer_id), "treatment": ref},
            )
        served[ref] = offer_id
        if left > held.sessions:
            message = (
                f"holding says {left} sessions of {offer_id!r} are left, but the set has "
                f"{held.sessions}"
            )
            raise RequestError(
                message,
                f"give the sessions left, 1 to {held.sessions}",
                (("holding", message),),
                code="request.holding_left",
                params={"id": repr(offer_id), "left": left, "sessions": held.sessions},
            )
