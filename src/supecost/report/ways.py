"""Ways of buying: what an option's label says, and its name.

The engine labels each option ``singles``, ``intro``, ``mix``,
``bundle:<offer id>`` or ``subscription:<offer id>``; :func:`way_of` is the
one place that reads a label back, so every output names a way alike.

>>> way_of("bundle:sup-iv-set")
('bundle', 'sup-iv-set')
"""

from __future__ import annotations

from supecost.catalog import Catalog
from supecost.errors import SupecostError
from supecost.names import display_names
from supecost.report.blocks import Localized

__all__ = ["way_name", "way_of"]


def way_of(label: str) -> tuple[str, str | None]:
    """The kind of a way of buying and its offer id, from an option's label.

    Example:
        >>> way_of("singles"), way_of("subscription:plan")
        (('singles', None), ('subscription', 'plan'))

    Args:
        label: The option's label.

    Returns:
        The kind (``singles``, ``intro``, ``mix``, ``bundle``, ``subscription``)
        and the offer id, ``None`` for the ways that name no offer.
    """
    kind, _, offer_id = label.partition(":")
    return kind, offer_id or None


def way_name(catalog: Catalog, label: str) -> Localized:
    """The name of a way of buying, from its option label (``bundle:<offer id>``, ...).

    Offer names come from the catalog; the others are message keys
    (:meth:`Localized.message`, such as ``way_singles``) that renderers look up
    in the locale's messages.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> way_name(reference_catalog(), "bundle:sup-iv-set").ja
        '幹細胞培養上清液点滴 5回セット'
        >>> way_name(reference_catalog(), "singles").key
        'way_singles'

    Args:
        catalog: The catalog the label comes from.
        label: The option's label: ``singles``, ``intro``, ``mix``,
            ``<kind>:<offer id>`` or an offer id alone.

    Returns:
        The offer's names from the catalog, a message key, or the label itself
        when it names nothing known.
    """
    kind, offer_id = way_of(label)
    if offer_id:
        try:
            offer = catalog.offer(offer_id)
        except SupecostError:
            return Localized(label)
        return Localized(*display_names(catalog, offer.id))
    if kind in ("singles", "intro", "mix"):
        return Localized.message(f"way_{kind}")
    for offer in catalog.offers:
        if offer.id == label:
            return way_name(catalog, f"{offer.kind}:{offer.id}")
    return Localized(label)
