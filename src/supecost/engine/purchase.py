"""One offer bought on its own on a date: what the clinic charges for it that day.

A contract's default price is the engine's pricing of its offer, never a
second copy of the catalog's rules: the offer as sold on the day
(:func:`offer_sold`: its sales window, places for the first patients, the
patient's segment price, by :mod:`~supecost.engine.resolve`'s rules), then
:func:`offer_purchase`: the per-unit discounts that come off it
(:func:`~supecost.engine.tables.targets`), the discounts whose conditions the
purchase meets (:func:`~supecost.engine.context.meets`), tried as the optimiser
tries them (:func:`~supecost.engine.context.discount_choices`, the cheapest
bill wins), and a bill paid up front run through
:func:`~supecost.engine.bill.purchase_bill`.

What the purchase is, for a discount's conditions, is read as a quote reads a
course: ``min_sessions`` its sessions (a package's first treatment's, as a quote's
main treatment's), ``min_amount`` (お会計) the sessions' value at single prices
and the goods bought beside it (:func:`~supecost.engine.context.course_value`),
never the set's own price. Goods bought beside a purchase paid up front are on
its one bill, as in a quote: a whole-bill discount comes off them too, and tax
is rounded once per rate over both. A discount not with first-time prices
(``with_first_time = false``) is not taken with a first-time price, nor one not
with offers (``with_offers = false``) with a set, plan or package
(:func:`~supecost.engine.context.rules_out`), as in a quote's bill. A new
patient's package comes at its ``intro_price`` where lower
(:func:`~supecost.engine.tables.package_intro`). A monthly plan is billed month
by month, so only per-unit discounts (each month's fee) come off it: a
whole-bill discount comes off one bill, and which invoice of a plan it would be
is not the engine's to guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from supecost.catalog import (
    AnyOffer,
    Bundle,
    Catalog,
    Discount,
    Intro,
    Ladder,
    Package,
    SharedSet,
    Subscription,
    Treatment,
    offer_treatments,
)
from supecost.engine.bill import purchase_bill
from supecost.engine.context import (
    FIRST_TIME,
    OFFERS,
    course_value,
    discount_choices,
    meets,
    min_sessions_read,
    rules_out,
)
from supecost.engine.resolve import (
    Segments,
    check_segment,
    check_sold_out,
    segment_update,
    treatment_sold,
)
from supecost.engine.tables import discounted, taking, targets
from supecost.errors import RequestError, excerpt
from supecost.tax import TaxBreakdown, TaxCategory

__all__ = ["Purchase", "offer_category", "offer_purchase", "offer_sold", "offer_treatment"]


@dataclass(frozen=True, slots=True)
class Purchase:
    """One offer bought on its own, priced: internal to the engine and contracts."""

    unit: int
    """One unit's price after the per-unit discounts (a set, a month's fee, a first-time
    session), tax included or not as the catalog's prices are."""
    bill: TaxBreakdown | None
    """The taxed bill of a purchase paid up front; ``None`` for a monthly plan."""
    discounts: tuple[Discount, ...]
    """The discounts that took something off, in the catalog's order."""
    intro: bool = False
    """Whether the first unit is at the package's first-time price (``intro_price``)."""
    goods: tuple[int, int] | None = None
    """The goods bought beside a purchase paid up front, as the one bill with it charges
    them: what they add to its total, and to its tax (a whole-bill discount comes off them
    too, and tax is rounded once per rate over both, as in a quote). ``None`` without
    goods, or for a monthly plan."""


def offer_treatment(catalog: Catalog, offer: AnyOffer) -> Treatment:
    """The treatment an offer serves: a package's or shared set's first (its treatments share
    one tax category, which the catalog checks)."""
    served = offer_treatments(offer)[0]
    return catalog.treatment(served)


def offer_category(catalog: Catalog, offer: AnyOffer) -> TaxCategory:
    """An offer's tax category: its treatment's (:func:`offer_treatment`)."""
    return offer_treatment(catalog, offer).tax


def offer_sold(
    catalog: Catalog,
    offer_id: str,
    *,
    on: date,
    segment: Segments = None,
    sold_out: Sequence[str] = (),
) -> AnyOffer:
    """The offer as the clinic sells it on ``on``: at its price that day (``price_changes``),
    or the segment's price, where it has one.

    Raises:
        UnknownIdError: No offer has that id, or a ``sold_out`` id names nothing limited.
        RequestError: The offer is not on sale on ``on``, its places for the first
            patients are gone (``sold_out``), or the segment is not the clinic's.
    """
    offer = catalog.as_of(on).offer(offer_id)
    check_segment(catalog, segment)
    check_sold_out(catalog, sold_out)
    if offer.id in sold_out:
        message = f"offer {offer.id!r} is sold out: its places for the first patients are gone"
        raise RequestError(
            message,
            "give the price the patient agreed with price=, or leave it out of sold_out=",
            (("sold_out", message),),
            code="contract.sold_out",
            params={"offer": excerpt(offer.id)},
        )
    if not offer.on_sale(on):
        since = "" if offer.valid_from is None else f" from {offer.valid_from.isoformat()}"
        until = "" if offer.valid_until is None else f" until {offer.valid_until.isoformat()}"
        message = f"offer {offer.id!r} is not on sale on {on.isoformat()}: it is sold{since}{until}"
        raise RequestError(
            message,
            "give the day the contract was made, or the price the patient agreed with price=",
            (("on", message),),
            code="contract.not_on_sale",
            params={
                "offer": excerpt(offer.id),
                "on": on.isoformat(),
                "valid_from": "" if offer.valid_from is None else offer.valid_from.isoformat(),
                "valid_until": "" if offer.valid_until is None else offer.valid_until.isoformat(),
            },
        )
    update = segment_update(offer, segment)
    return offer.model_copy(update=update) if update else offer


def offer_purchase(
    catalog: Catalog,
    offer: AnyOffer,
    price: int,
    *,
    units: int,
    on: date,
    first: int | None = None,
    segment: Segments = None,
    goods: Sequence[tuple[int, TaxCategory]] = (),
    new_patient: bool = True,
    birth_month: int | None = None,
    sold_out: Sequence[str] = (),
) -> Purchase:
    """``units`` of an offer (sold as :func:`offer_sold` gives it) at ``price`` each, priced.

    Args:
        catalog: The catalog.
        offer: The offer as sold that day; never a ladder.
        price: One unit's price before discounts: the day's exact price.
        units: The units bought: sets, a first-time price's sessions, a plan's months.
        on: The day bought.
        first: The first unit's first-time price (a package's ``intro_price`` for the
            patient it is for, :func:`~supecost.engine.tables.package_intro`), taken
            where lower, as the optimiser does.
        segment: The patient's segment: for the single prices a ``min_amount`` reads, and
            a discount's ``segments``; ``None``: none.
        goods: The goods bought beside it, each line's amount as the catalog writes
            prices with its tax category: part of what ``min_amount`` reads and, for a
            purchase paid up front, lines of its bill (:attr:`Purchase.goods`).
        new_patient: Whether the patient is new, for ``new_patients_only``.
        birth_month: The patient's birth month, for ``birth_month_only``; ``None``: unknown.
        sold_out: Discounts for the first patients whose places are gone.

    Returns:
        The unit price, the bill where paid up front, and the discounts that made them.
    """
    assert not isinstance(offer, Ladder)
    plan = isinstance(offer, Subscription)
    category = offer_category(catalog, offer)
    courses = _courses(catalog, offer, units, segment)
    sessions = min_sessions_read(courses)
    # Read only where a discount asks: a treatment sold by the dose has no single price.
    goods_value = sum(amount for amount, _ in goods)
    value = (
        course_value(courses, goods_value) if any(d.min_amount for d in catalog.discounts) else 0
    )
    applicable = [
        d
        for d in catalog.discounts
        if d.id not in sold_out  # its places are gone: as if its window had ended
        and not (plan and d.applies_to_bill)
        and meets(d, on, new_patient, birth_month, sessions, value, segment=segment)
    ]
    order = {d.id: i for i, d in enumerate(catalog.discounts)}
    best: Purchase | None = None
    best_total = 0
    for choice in discount_choices(applicable):
        ruled = rules_out(choice)
        # A discount not with first-time prices or offers is not taken with one bought so.
        if OFFERS in ruled and isinstance(offer, (Bundle, Subscription, Package)):
            continue
        if FIRST_TIME in ruled and isinstance(offer, Intro):
            continue
        off = targets(choice, None, offer.id)
        unit = discounted(price, off)
        amount, intro = unit * units, False
        if first is not None and FIRST_TIME not in ruled and discounted(first, off) < unit:
            amount, intro = discounted(first, off) + unit * (units - 1), True
        taken = list(taking(off, (price,)))
        bill, beside, total = None, None, unit
        if not plan:
            # One bill with the goods, as a quote's: the whole-bill discounts come off them
            # too and tax is rounded once per rate over all. The purchase's own figures are
            # its bill alone; the goods are what they add to the one bill.
            split, whole = purchase_bill(catalog, on, [(amount, category), *goods], choice)
            taken += [d for d in choice if sum(split.get(d.id, {}).values())]
            bill = purchase_bill(catalog, on, [(amount, category)], choice)[1] if goods else whole
            if goods:
                beside = (whole.total - bill.total, whole.tax - bill.tax)
            total = whole.total
        if best is None or total < best_total:
            best_total = total
            made = tuple(sorted(taken, key=lambda d: order[d.id]))
            best = Purchase(unit, bill, made, intro, beside)
    assert best is not None  # discount_choices always gives the stacking ones, maybe none
    return best


def _courses(
    catalog: Catalog, offer: AnyOffer, units: int, segment: Segments
) -> list[tuple[Treatment, int, int]]:
    """The sessions ``units`` of an offer give, by treatment at the segment's prices, the
    treatment it serves first (:func:`offer_treatment`), as a quote's main treatment."""
    if isinstance(offer, Package):
        given = [(item.treatment, item.sessions * units) for item in offer.contents]
    elif isinstance(offer, SharedSet):
        # Bought alone, no split is known: its sessions count on the treatment it lists
        # first, as a package's first content is its main treatment.
        given = [(offer.treatments[0], offer.sessions * units)]
    else:
        if isinstance(offer, Bundle):
            each_unit = offer.sessions
        elif isinstance(offer, Subscription):
            each_unit = offer.sessions_per_month
        elif isinstance(offer, Intro) and offer.sold_whole:
            each_unit = offer.sessions  # one unit: the whole of its sessions
        else:
            each_unit = 1  # a first-time price's units are its sessions
        given = [(offer.treatment, each_unit * units)]
    return [(treatment_sold(catalog.treatment(t), segment), n, 0) for t, n in given]
