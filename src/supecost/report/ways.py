"""Ways of buying, named for readers.

The engine's options carry their way of buying as a value
(:class:`supecost.quotes.Way`); :func:`way_name` is the one place that names
one, so every output names a way alike.

>>> from supecost.catalog import reference_catalog
>>> way_name(reference_catalog(), Way.bundle("sup-iv-set")).ja
'幹細胞培養上清液点滴 5回セット'
"""

from __future__ import annotations

from supecost.catalog import Catalog
from supecost.errors import SupecostError
from supecost.quotes import Way
from supecost.report.blocks import Joining, Limited, Localized
from supecost.report.names import display_names, first_n_of

__all__ = ["way_name"]


def way_name(catalog: Catalog, way: Way) -> Localized:
    """The name of a way of buying.

    Offer names come from the catalog; the others are message keys
    (:meth:`Localized.message`, such as ``way_singles``) that renderers look up
    in the locale's messages.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> way_name(reference_catalog(), Way.singles()).key
        'way_singles'

    Args:
        catalog: The catalog that names the offers.
        way: The way of buying.

    Returns:
        The offer's names from the catalog, a message key, or the way's label
        when its offer is not in the catalog; for an offer for the first patients
        only, a :class:`~supecost.report.blocks.Limited` name with its places (先着N名様);
        for a way that joins a segment, a :class:`~supecost.report.blocks.Joining` of
        that name.
    """
    if way.joins is not None:
        own = way_name(catalog, Way(way.kind, way.offer))
        places = own.first_n if isinstance(own, Limited) else None
        return Joining(own.ja, own.en, own.key, first_n=places, joins=way.joins)
    if way.offer is None:
        return Localized.message(f"way_{way.kind.value}")
    try:
        offer = catalog.offer(way.offer)
    except SupecostError:
        return Localized(way.label)
    places = first_n_of(catalog, offer.id)
    names = display_names(catalog, offer.id)
    return Localized(*names) if places is None else Limited(*names, first_n=places)
