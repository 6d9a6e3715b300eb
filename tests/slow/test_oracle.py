"""The oracle: the optimiser equals brute force on thousands of small random catalogs.

Each example draws one catalog and one request, then checks it unscheduled and
scheduled (months given), at the low, typical and high point: six comparisons.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supecost.catalog import Catalog
from supecost.engine import best_total, quote
from supecost.engine._legacy import brute_force_total
from supecost.errors import RequestError
from supecost.money import MAX_YEN, Scenario
from supecost.quotes import QuoteRequest
from supecost.strategies import catalogs, requests

pytestmark = pytest.mark.slow


def _optimised(catalog: Catalog, request: QuoteRequest, scenario: Scenario) -> int | None:
    """The optimiser's total, or ``None`` when open-ended (no maximum at the high point)."""
    try:
        return best_total(catalog, request, scenario=scenario)
    except RequestError:
        assert scenario is Scenario.MAX
        return None


def _brute(catalog: Catalog, request: QuoteRequest, scenario: Scenario) -> int | None:
    total = brute_force_total(catalog, request, scenario=scenario)
    # Brute force answers a number above any real price when a price is open-ended.
    return None if total > MAX_YEN else total


@settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), months=st.integers(1, 12))
def test_optimiser_equals_brute_force(data: st.DataObject, months: int) -> None:
    catalog = data.draw(catalogs(max_treatments=2, max_offers=4, max_discounts=2))
    request = data.draw(requests(catalog, max_sessions=8, max_months=None))
    scheduled = request.model_copy(update={"months": months})
    for each in (request, scheduled):
        for scenario in Scenario:
            assert _optimised(catalog, each, scenario) == _brute(catalog, each, scenario), (
                each,
                scenario,
            )


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), months=st.one_of(st.none(), st.integers(1, 12)))
def test_the_quote_prices_each_option_as_a_whole_bill(
    data: st.DataObject, months: int | None
) -> None:
    # The quote's best option at the typical point is the optimiser's total, and no option
    # is ever cheaper than the optimum at any point: the quote and best_total share no
    # pricing shortcut that could drift apart.
    catalog = data.draw(catalogs(max_treatments=2, max_offers=4, max_discounts=2))
    request = data.draw(requests(catalog, max_sessions=8, max_months=None))
    request = request.model_copy(update={"months": months})
    result = quote(catalog, request)
    assert result.best.total.at(Scenario.TYPICAL) in (
        best_total(catalog, request),
        None,  # an unknown typical point: the quote shows no typical total
    )
    for option in result.options:
        for scenario in Scenario:
            optimum = _optimised(catalog, request, scenario)
            total = option.total.at(scenario)
            if optimum is not None and total is not None:
                assert total >= optimum, (option.label, scenario)
