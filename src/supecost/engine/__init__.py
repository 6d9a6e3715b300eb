"""The quote engine: the provably cheapest way to buy a course, and every alternative.

The engine compiles a catalog into plain integer tables once per price point
(low, typical, high), then runs an exact dynamic programme over sessions for
each treatment of the visit. Everything after the line prices is monotone in
each treatment's cost (combos are per visit, discounts per unit or per tax
rate, fees fixed, tax once per rate), so minimising each treatment's cost
minimises the bill.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.quotes import QuoteRequest
>>> result = quote(reference_catalog(), QuoteRequest(sessions=5, on=date(2026, 4, 1)))
>>> result.best.label, result.best.total
('singles', YenRange(min=53300, max=453300))

The order of pricing is documented, and applied, in one place:
:mod:`supecost.engine.bill`. The package's modules, each with one job:

* ``context``: a request resolved against the catalog, its price points and bounds;
* ``tables``: line prices as ints at one point, per-unit discounts applied;
* ``optimise``: the cheapest plan per treatment, and the cheapest bill over discounts;
* ``bill``: the pricing order after line prices (combos, whole-bill discounts,
  fees, tax once per rate);
* ``options``: every way of buying, priced at every point from the bill;
* ``explain``: winners, savings and break-evens;
* ``purchase``: one offer bought on its own on a date (a contract's default price);
* ``api``: :func:`quote`, :func:`quote_many` and :func:`best_total`.
"""

from supecost.engine.api import Ways, best_total, quote, quote_many
from supecost.engine.context import MAX_SINGLE_SPLITS, MAX_WORK
from supecost.quotes import MAX_VISIT_TREATMENTS  # the request's rule, named here as it was

__all__ = [
    "MAX_SINGLE_SPLITS",
    "MAX_VISIT_TREATMENTS",
    "MAX_WORK",
    "Ways",
    "best_total",
    "quote",
    "quote_many",
]
