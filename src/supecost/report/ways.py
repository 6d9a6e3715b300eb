"""Ways of buying, named for readers.

The engine's options carry their way of buying as a value
(:class:`supecost.quotes.Way`); :func:`way_name` is the one place that names
one, so every output names a way alike.

>>> from supecost.catalog import reference_catalog
>>> way_name(reference_catalog(), Way.bundle("sup-iv-set")).ja
'幹細胞培養上清液点滴 5回セット'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from supecost.catalog import Catalog
from supecost.errors import SupecostError, refuses_changes
from supecost.money import Scenario
from supecost.quotes import Quote, SessionPoint, TypicalPoint, Way, WayKind
from supecost.report.blocks import Joining, Limited, Localized
from supecost.report.names import display_names, first_n_of, per_patient_of
from supecost.report.words import Words

__all__ = ["CheaperAt", "Cheapest", "cheaper_elsewhere", "cheapest", "cheapest_at", "way_name"]


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
        each = own.per_patient if isinstance(own, Limited) else None
        return Joining(
            own.ja,
            own.en,
            own.key,
            first_n=places,
            per_patient=each,
            joins=way.joins,
            discounts_only=bool(catalog.discount_segments((way.joins,))),
        )
    if way.offer is None:
        return Localized.message(f"way_{way.kind.value}")
    try:
        offer = catalog.offer(way.offer)
    except SupecostError:
        return Localized(way.label)
    places = first_n_of(catalog, offer.id)
    each = per_patient_of(catalog, offer.id)
    names = display_names(catalog, offer.id)
    if way.kind is WayKind.UPGRADE:
        # 「6回コースへお乗り換え」: the set upgraded to, a purchase of its own.
        names = (
            Words("ja_JP")("way_upgrade", set=names[0]),
            Words("en_US")("way_upgrade", set=names[1] or names[0]),
        )
    if places is None and each is None:
        return Localized(*names)
    return Limited(*names, first_n=places, per_patient=each)


@refuses_changes
@dataclass(frozen=True, slots=True)
class Cheapest:
    """Which way of buying is cheapest at each price point, as a quote's explanation finds.

    The one account of "cheapest" every report and the simulator word: ``min``,
    ``typical`` and ``max`` are the labels of the cheapest way at the low, typical
    and high point, ``None`` where it is unknown (an open-ended price may be
    cheaper there); ``certain`` holds where one way is cheapest at every point;
    ``typical_point`` says whether the typical point is stated standard prices or
    the low end (:class:`supecost.TypicalPoint`). ``names`` names each label.
    """

    min: str | None
    typical: str | None
    max: str | None
    certain: bool
    typical_point: TypicalPoint
    names: tuple[tuple[str, Localized], ...] = ()

    def points(self) -> tuple[Scenario, ...]:
        """The points told apart: the typical one is the low one where no standard is stated.

        Example:
            >>> Cheapest("singles", "singles", None, False, TypicalPoint.LOW).points()
            (<Scenario.MIN: 'min'>, <Scenario.MAX: 'max'>)
        """
        if self.typical_point.is_low:
            return (Scenario.MIN, Scenario.MAX)
        return (Scenario.MIN, Scenario.TYPICAL, Scenario.MAX)

    def winner(self, scenario: Scenario) -> str | None:
        """The label of the way cheapest at one point; ``None`` where unknown."""
        return {Scenario.MIN: self.min, Scenario.TYPICAL: self.typical, Scenario.MAX: self.max}[
            scenario
        ]

    def name(self, label: str) -> Localized:
        """The name of a way of ``label``, one of the winners."""
        return dict(self.names)[label]

    def everywhere(self, label: str) -> bool:
        """Whether the way of ``label`` is known to be the cheapest at every point.

        Example:
            >>> Cheapest("singles", "singles", None, False, TypicalPoint.LOW).everywhere("singles")
            False
        """
        return len(self.at(label)) == len(self.points())

    def at(self, label: str) -> tuple[Scenario, ...]:
        """The points at which the way of ``label`` is known to be cheapest.

        Example:
            >>> found = Cheapest("singles", "singles", None, False, TypicalPoint.STATED)
            >>> [point.value for point in found.at("singles")]
            ['min', 'typical']
        """
        return tuple(point for point in self.points() if self.winner(point) == label)


def cheapest(result: Quote, catalog: Catalog) -> Cheapest:
    """Where each way is cheapest in a quote, read from its explanation alone.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> catalog = reference_catalog()
        >>> from datetime import date
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> found = cheapest(quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1))),
        ...                  catalog)
        >>> found.min, found.max, found.certain
        ('singles', None, False)

    Args:
        result: The quote.
        catalog: The catalog it was priced on, to name the ways.

    Returns:
        The cheapest way at each point.
    """
    explanation = result.explanation
    return _found(catalog, explanation.winners, explanation.certain, explanation.typical_point)


def cheapest_at(point: SessionPoint, catalog: Catalog) -> Cheapest:
    """Where each way is cheapest at one count of a quote's range, read from that count alone.

    The same account as :func:`cheapest`, for a count of ``Quote.across_sessions``.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> catalog = reference_catalog()
        >>> from datetime import date
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest, SessionRange
        >>> result = quote(catalog, QuoteRequest(sessions=SessionRange(min=4, max=5),
        ...                                      on=date(2026, 4, 1)))
        >>> found = cheapest_at(result.across_sessions[-1], catalog)
        >>> found == cheapest(result, catalog)
        True

    Args:
        point: One count of the quote's ``across_sessions``.
        catalog: The catalog it was priced on, to name the ways.

    Returns:
        The cheapest way at each point at that count.
    """
    return _found(catalog, point.winners, point.certain, point.typical_point)


def _found(
    catalog: Catalog,
    found: Mapping[Scenario, Way | None],
    certain: bool,
    typical_point: TypicalPoint,
) -> Cheapest:
    winners = {point: found.get(point) for point in Scenario}
    names = {way.label: way_name(catalog, way) for way in winners.values() if way is not None}
    labels = {point: None if way is None else way.label for point, way in winners.items()}
    return Cheapest(
        min=labels[Scenario.MIN],
        typical=labels[Scenario.TYPICAL],
        max=labels[Scenario.MAX],
        certain=certain,
        typical_point=typical_point,
        names=tuple(names.items()),
    )


@refuses_changes
@dataclass(frozen=True, slots=True)
class CheaperAt:
    """The cheapest total at a price point where it is not the shown plan's.

    A quote's total (and an estimate's) is the total of the way cheapest at the typical
    point; at another point another way can cost less, and the plan's total there is not
    "the most the cheapest way costs". ``known`` says whether ``label`` is known to be the
    cheapest way there; where it is not (the cheapest at the high point is unknown, as a
    way with an open top may cost less still), it is the cheapest of the ways whose total
    there is known, and only where that is below the plan's.
    """

    point: Scenario
    label: str
    name: Localized
    total: int
    known: bool


def cheaper_elsewhere(result: Quote, catalog: Catalog) -> tuple[CheaperAt, ...]:
    """The cheapest total at each other price point where the quote's best way is not it.

    Read from :func:`cheapest` and the totals of the ways the quote lists, the one account
    every document that shows a quote's total words beside it.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> catalog = reference_catalog()
        >>> result = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> [(c.point.value, c.label, c.total, c.known)
        ...  for c in cheaper_elsewhere(result, catalog)]
        [('max', 'subscription:sup-iv-monthly', 168300, False)]

    Args:
        result: The quote.
        catalog: The catalog it was priced on, to name the ways.

    Returns:
        One entry per price point, low to high, where another way costs less than the best.
    """
    found = cheapest(result, catalog)
    best = result.best
    # The best way is ranked at the typical point: where it is the low one, that is the low.
    ranked = Scenario.MIN if found.typical_point.is_low else Scenario.TYPICAL
    listed = {option.label: option for option in result.options}
    cheaper: list[CheaperAt] = []
    for point in found.points():
        label = found.winner(point)
        if point is ranked or label == best.label:
            continue
        mine = best.bill_at(point, ranked=True)
        if label is not None:
            # Known there: its total, where the quote lists the way and it is strictly below
            # the best's (a tie is won by the explanation's tie-break, not by a lower price).
            winner = listed.get(label)
            total = None if winner is None else winner.bill_at(point, ranked=True)
            if total is not None and (mine is None or total < mine):
                cheaper.append(CheaperAt(point, label, found.name(label), total, True))
            continue
        # Unknown there: the cheapest of the totals known there, where it is below the best's.
        priced = [
            (total, option)
            for option in result.options
            if (total := option.bill_at(point, ranked=True)) is not None
        ]
        if not priced:
            continue
        total, option = min(priced, key=lambda pair: pair[0])
        if option.way != best.way and (mine is None or total < mine):
            cheaper.append(
                CheaperAt(point, option.label, way_name(catalog, option.way), total, False)
            )
    return tuple(cheaper)
