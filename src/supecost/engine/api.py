"""The engine's entry points: :func:`quote`, :func:`quote_many` and :func:`best_total`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, TypeAlias

from supecost.catalog import Catalog
from supecost.engine.context import FEWER, INF, Context, check_work, make_context, price_points
from supecost.engine.explain import explain, point_winners
from supecost.engine.optimise import cheapest_total
from supecost.engine.options import World, options
from supecost.engine.resolve import flat_catalog, joinable
from supecost.errors import ArgumentTypeError, RequestError, excerpt
from supecost.money import Scenario
from supecost.quotes import (
    Option,
    Quote,
    QuoteRequest,
    SessionPoint,
    Way,
    assemble,
    checked_request,
)

Ways: TypeAlias = Literal["all", "best"]
"""Which ways of buying a quote lists: every sensible one, or the best only."""

_WAYS: tuple[Ways, ...] = ("all", "best")


def _checked_catalog(catalog: Catalog) -> None:
    if not isinstance(catalog, Catalog):
        raise ArgumentTypeError(
            "catalog",
            "a Catalog",
            catalog,
            "load one with load_catalog(path), or use reference_catalog()",
        )


def _checked(catalog: Catalog, request: QuoteRequest) -> QuoteRequest:
    """The arguments every entry point takes, checked once: the request as validation made it."""
    _checked_catalog(catalog)
    if not isinstance(request, QuoteRequest):
        raise ArgumentTypeError(
            "request",
            "a QuoteRequest",
            request,
            "build one with QuoteRequest(sessions=5, ...) or QuoteRequest.model_validate(data)",
        )
    return checked_request(request)


def best_total(
    catalog: Catalog, request: QuoteRequest, *, scenario: Scenario = Scenario.TYPICAL
) -> int:
    """The total of the cheapest plan at one price point, without building a quote.

    For a session range, the top of the range is priced. The typical point
    uses each price's typical value, or its minimum where none is known.
    Singles always serve a request, so there is always a cheapest plan.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> best_total(reference_catalog(), QuoteRequest(sessions=5))  # 5 x 10,000 + 3,300
        53300
        >>> # at the high point the monthly plan wins: 6 months x 27,500 + 3,300
        >>> best_total(reference_catalog(), QuoteRequest(sessions=5), scenario=Scenario.MAX)
        168300

    Args:
        catalog: The catalog.
        request: The request.
        scenario: The price point (the typical one unless given).

    Returns:
        The total in whole yen, tax included.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: The request names a treatment twice or is beyond the
            engine's bounds; ``scenario`` is not a price point; at the high
            point, every way of buying has an open-ended price; or the request
            breaks QuoteRequest's rules (``model_copy(update=...)`` skips them).
        ArgumentTypeError: ``catalog`` is not a Catalog or ``request`` not a QuoteRequest.
    """
    request = _checked(catalog, request)
    if scenario.__class__ is not Scenario:  # a member is itself; a string is looked up
        try:
            scenario = Scenario(scenario)
        except ValueError:
            raise RequestError(
                f"scenario must be a price point, got {excerpt(scenario)}",
                "use Scenario.MIN, Scenario.TYPICAL or Scenario.MAX ('min', 'typical', 'max')",
            ) from None
    top = request.session_counts[-1]
    flat, joined = _flat_catalogs(catalog, request)
    total = _cheapest(make_context(flat, request, top), scenario)
    for _, world in _worlds(joined, request, top):
        total = min(total, _cheapest(world, scenario))
    if total >= INF:
        raise RequestError(
            "every way of buying has a price with no maximum, so the total at the high "
            "point is open-ended",
            "ask for the low or typical point, or give the catalog's prices a maximum",
        )
    return total


def _cheapest(context: Context, scenario: Scenario) -> int:
    """The cheapest bill of a world at a point, as its quote's first option has it.

    Where a bill reads the offers it buys (a fee waived with one, goods a set includes),
    the mix is sought with each count of them its bill reads too
    (:func:`~supecost.engine.optimise.gift_needs`), so it is the cheapest of every way.
    """
    return cheapest_total(context, scenario)


def quote(catalog: Catalog, request: QuoteRequest, *, ways: Ways = "all") -> Quote:
    """Price every sensible way to buy a course, cheapest first, and explain the best.

    Example:
        >>> from datetime import date
        >>> from pathlib import Path
        >>> from supecost.catalog import load_catalog
        >>> example = load_catalog(Path("tests/data/example.toml"))
        >>> result = quote(example, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> [(o.label, o.total.min) for o in result.options]  # doctest: +NORMALIZE_WHITESPACE
        [('intro', 145100), ('bundle:sup-iv-5', 151800), ('singles', 168300),
         ('subscription:sup-iv-monthly', 168300)]
        >>> best = quote(example, QuoteRequest(sessions=5, on=date(2026, 4, 1)), ways="best")
        >>> [o.label for o in best.options], best.explanation.runner_up
        (['intro'], None)

    Args:
        catalog: The catalog.
        request: The request.
        ways: ``"all"`` to price every sensible way of buying; ``"best"`` for
            the best way only, much faster and a few KB of JSON: ``options``
            then holds the best, and after it only the ways the explanation
            names as cheapest at the low or high point (a price range's other
            end), so each has its total; the explanation names no runner-up.

    Returns:
        The quote: options ranked by their bill at the typical point (each
        price at its typical amount, else its low end: ``best_total``'s), then
        by their high total, the best first.

    Raises:
        UnknownIdError: The request names a treatment the catalog lacks.
        RequestError: The request names a treatment twice, or is beyond the
            engine's bounds (the message names the limit), or breaks
            QuoteRequest's rules (``model_copy(update=...)`` skips them), or
            ``ways`` is neither ``"all"`` nor ``"best"``.
        ArgumentTypeError: ``catalog`` is not a Catalog or ``request`` not a QuoteRequest.
    """
    request = _checked(catalog, request)
    _checked_ways(ways)
    return _quote(catalog, request, ways)


def _checked_ways(ways: Ways) -> None:
    if ways not in _WAYS:
        raise RequestError(
            f"ways must be 'all' or 'best', got {excerpt(ways)}", "leave it out for every way"
        )


def _open_rivals(context: Context, joining: Sequence[World]) -> Sequence[Option] | None:
    """Every way priced, where a list of the best alone would hide one with an open top.

    A way left out of a best-only list may be open-ended, and the high point's winner
    is unknown while such a way is cheaper at its low total; ``None`` where no price the
    request meets is open-ended (the best-only list then says all there is).
    """
    if not any(price_points(world)[1] for world in (context, *(w for _, w in joining))):
        return None
    return options(context, joining=joining)[0]


def _quote(catalog: Catalog, request: QuoteRequest, ways: Ways) -> Quote:
    """:func:`quote` of arguments already checked."""
    best_only = ways == "best"
    flat, joined = _flat_catalogs(catalog, request)
    counts = request.session_counts
    context = make_context(flat, request, counts[-1])
    joining = _worlds(joined, request, counts[-1])
    # singles always serve
    priced, unserved, labels = options(context, best_only=best_only, joining=joining)
    singles = next(o for o in priced if o.way == Way.singles())
    rivals = _open_rivals(context, joining) if best_only else None
    explanation = explain(
        context, priced, singles, labels, runner_up=not best_only, joining=joining, rivals=rivals
    )
    across: list[SessionPoint] = []
    if len(counts) > 1:
        for count in counts:
            at_count = make_context(flat, request, count)
            worlds = _worlds(joined, request, count)
            point_priced, _, point_labels = options(at_count, best_only=True, joining=worlds)
            point_rivals = _open_rivals(at_count, worlds)
            # Each count's own winners, by the rule the explanation follows, so a count is
            # called cheapest only where it is (its typical winner may lose at another point).
            winners, certain = point_winners(
                at_count, point_priced, point_labels, joining=worlds, rivals=point_rivals
            )
            point_best = point_priced[0]
            across.append(
                assemble(
                    SessionPoint,
                    sessions=count,
                    best=point_best.way,
                    total=point_best.total,
                    winners=winners,
                    certain=certain,
                    typical_point=price_points(at_count)[0],
                )
            )
    shown = tuple(priced)
    if best_only:
        # The best, and each way the explanation names as cheapest at another point: a
        # document names no way whose total it does not show, and says what it costs there.
        named = {way for way in explanation.winners.values() if way is not None}
        shown = tuple(o for o in priced if o is priced[0] or o.way in named)
    return assemble(
        Quote,
        request=request,
        treatment=context.main.id,
        sessions=context.sessions,
        on=context.on,
        prices_include_tax=flat.clinic.prices_include_tax,
        best=priced[0],
        options=shown,
        unserved=tuple(unserved),
        explanation=explanation,
        across_sessions=tuple(across),
    )


def _flat_catalogs(
    catalog: Catalog, request: QuoteRequest, *, fewer: str = FEWER
) -> tuple[Catalog, tuple[tuple[str, Catalog], ...]]:
    """The flat catalog of the request, and one per segment its patient could join.

    The request's work is checked over all of them at once, before any pricing:
    every one is priced, so the bound is on the whole (``fewer`` as :func:`check_bounds`).
    """
    flat = flat_catalog(catalog, request)
    joined = tuple(
        (segment, flat_catalog(catalog, request, joins=segment))
        for segment in joinable(catalog, request)
    )
    check_work((flat, *(each for _, each in joined)), request, fewer=fewer)
    return flat, joined


def _worlds(
    joined: tuple[tuple[str, Catalog], ...], request: QuoteRequest, sessions: int
) -> tuple[World, ...]:
    """The request at ``sessions`` in each joined segment's flat catalog."""
    if not joined:
        return ()  # most requests: no segment to join
    return tuple(
        (segment, make_context(each, request, sessions, joins=segment)) for segment, each in joined
    )


def check_bounds(catalog: Catalog, request: QuoteRequest, *, fewer: str) -> None:
    """Refuse a request beyond the engine's bounds, before any pricing.

    For a caller that prices many quotes for one purpose (a comparison of session
    counts asks one request with them as a range): the bound and its wording stay
    the engine's own. ``fewer`` is the error's first advice, in the caller's words.
    Internal, not part of the public API.

    Raises:
        UnknownIdError, RequestError: As :func:`quote`, before any pricing.
    """
    request = _checked(catalog, request)
    _flat_catalogs(catalog, request, fewer=fewer)


def quote_many(
    catalog: Catalog, requests: Iterable[QuoteRequest], *, ways: Ways = "all"
) -> Iterator[Quote]:
    """Quote many requests against one catalog, lazily, in order.

    The catalog is compiled once; each quote is produced when asked for, so
    any number of requests runs in constant memory.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> requests = [QuoteRequest(sessions=n) for n in (1, 2)]
        >>> [q.best.total.min for q in quote_many(reference_catalog(), requests)]
        [13300, 23300]

    Args:
        catalog: The catalog.
        requests: The requests.
        ways: As for :func:`quote`.

    Returns:
        An iterator of quotes, one per request.

    Raises:
        ArgumentTypeError: ``catalog`` is not a Catalog or ``requests`` is not
            iterable (at once); a request is not a QuoteRequest (when it is reached).
        RequestError: ``ways`` is neither ``"all"`` nor ``"best"`` (at once); as
            :func:`quote` for each request, when it is reached.
    """
    _checked_catalog(catalog)
    _checked_ways(ways)
    try:
        each = iter(requests)
    except TypeError:
        raise ArgumentTypeError("requests", "an iterable of QuoteRequest", requests) from None
    return _quotes(catalog, each, ways)


def _quotes(catalog: Catalog, requests: Iterator[QuoteRequest], ways: Ways) -> Iterator[Quote]:
    for request in requests:
        yield _quote(catalog, _checked(catalog, request), ways)


__all__ = ["Ways", "best_total", "quote", "quote_many"]
