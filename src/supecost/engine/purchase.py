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

What the purchase is, for a discount's conditions: its own sessions
(``min_sessions``) and its own amount at the day's price before any discount
(``min_amount``, お会計). A monthly plan is billed month by month, so only
per-unit discounts (each month's fee) come off it: a whole-bill discount comes
off one bill, and which invoice of a plan it would be is not the engine's to
guess.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from supecost.catalog import AnyOffer, Catalog, Discount, Ladder, Package, Subscription
from supecost.engine.bill import purchase_bill
from supecost.engine.context import discount_choices, meets
from supecost.engine.resolve import check_segment, check_sold_out, segment_update
from supecost.engine.tables import discounted, taking, targets
from supecost.errors import RequestError
from supecost.tax import TaxBreakdown, TaxCategory

__all__ = ["Purchase", "offer_category", "offer_purchase", "offer_sold"]


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


def offer_category(catalog: Catalog, offer: AnyOffer) -> TaxCategory:
    """An offer's tax category: its treatment's (a package's contents share one: its first)."""
    served = offer.contents[0].treatment if isinstance(offer, Package) else offer.treatment
    return catalog.treatment(served).tax


def offer_sold(
    catalog: Catalog,
    offer_id: str,
    *,
    on: date,
    segment: str | None = None,
    sold_out: Sequence[str] = (),
) -> AnyOffer:
    """The offer as the clinic sells it on ``on``: at the segment's price, where it has one.

    Raises:
        UnknownIdError: No offer has that id, or a ``sold_out`` id names nothing limited.
        RequestError: The offer is not on sale on ``on``, its places for the first
            patients are gone (``sold_out``), or the segment is not the clinic's.
    """
    offer = catalog.offer(offer_id)
    check_segment(catalog, segment)
    check_sold_out(catalog, sold_out)
    if offer.id in sold_out:
        message = f"offer {offer.id!r} is sold out: its places for the first patients are gone"
        raise RequestError(
            message,
            "give the price the patient agreed with price=, or leave it out of sold_out",
            (("sold_out", message),),
        )
    if not offer.on_sale(on):
        since = "" if offer.valid_from is None else f" from {offer.valid_from.isoformat()}"
        until = "" if offer.valid_until is None else f" until {offer.valid_until.isoformat()}"
        message = f"offer {offer.id!r} is not on sale on {on.isoformat()}: it is sold{since}{until}"
        raise RequestError(
            message,
            "give the day the contract was made, or the price the patient agreed with price=",
            (("on", message),),
        )
    update = segment_update(offer, segment)
    return offer.model_copy(update=update) if update else offer


def offer_purchase(
    catalog: Catalog,
    offer: AnyOffer,
    price: int,
    *,
    units: int,
    sessions: int,
    on: date,
    new_patient: bool = True,
    birth_month: int | None = None,
    segment: str | None = None,
    sold_out: Sequence[str] = (),
) -> Purchase:
    """``units`` of an offer (sold as :func:`offer_sold` gives it) at ``price`` each, priced.

    Args:
        catalog: The catalog.
        offer: The offer as sold that day; never a ladder.
        price: One unit's price before discounts: the day's exact price.
        units: The units bought: sets, a first-time price's sessions, a plan's months.
        sessions: The sessions they give, for ``min_sessions``.
        on: The day bought.
        new_patient: Whether the patient is new, for ``new_patients_only``.
        birth_month: The patient's birth month, for ``birth_month_only``; ``None``: unknown.
        segment: The patient's segment, for a discount's ``segments``; ``None``: none.
        sold_out: Discounts for the first patients whose places are gone.

    Returns:
        The unit price, the bill where paid up front, and the discounts that made them.
    """
    assert not isinstance(offer, Ladder)
    plan = isinstance(offer, Subscription)
    category = offer_category(catalog, offer)
    amount = price * units
    applicable = [
        d
        for d in catalog.discounts
        if d.id not in sold_out  # its places are gone: as if its window had ended
        and not (plan and d.applies_to_bill)
        and meets(d, on, new_patient, birth_month, sessions, amount, segment=segment)
    ]
    order = {d.id: i for i, d in enumerate(catalog.discounts)}
    best: Purchase | None = None
    for choice in discount_choices(applicable):
        off = targets(choice, None, offer.id)
        unit = discounted(price, off)
        taken = list(taking(off, (price,)))
        bill = None
        if not plan:
            split, bill = purchase_bill(catalog, on, [(unit * units, category)], choice)
            taken += [d for d in choice if sum(split.get(d.id, {}).values())]
        total = unit if bill is None else bill.total
        if best is None or total < (best.unit if best.bill is None else best.bill.total):
            best = Purchase(unit, bill, tuple(sorted(taken, key=lambda d: order[d.id])))
    assert best is not None  # discount_choices always gives the stacking ones, maybe none
    return best
