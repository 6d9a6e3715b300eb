"""The long oracle run: the engine against the independent oracle on thousands of catalogs.

The oracle (tests/oracle.py) tries every purchase and prices it with its own
plain bill; it shares no pricing code with the engine. Each example draws one
catalog and one request, then checks it unscheduled and scheduled (months
given) at the low, typical and high point, through ``best_total`` and through
every option of ``quote`` (tests/test_oracle.py holds the check and a short run).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supecost.money import Scenario
from supecost.strategies import catalogs, requests

from oracle import oracle_total
from test_oracle import NO_COURSES, check_against_oracle, check_yearly_against_oracle, engine_total

pytestmark = pytest.mark.slow

_LONG = settings(
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@_LONG
@given(data=st.data(), months=st.integers(1, 12))
def test_best_total_equals_the_oracle(data: st.DataObject, months: int) -> None:
    catalog = data.draw(catalogs(max_treatments=3, max_offers=4, max_combos=2, max_discounts=3))
    request = data.draw(requests(catalog, max_sessions=8, max_months=None, max_with=2))
    scheduled = request.model_copy(update={"months": months})
    for each in (request, scheduled):
        for scenario in Scenario:
            assert engine_total(catalog, each, scenario) == oracle_total(catalog, each, scenario), (
                each,
                scenario,
            )


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), months=st.one_of(st.none(), st.integers(1, 12)))
def test_every_quoted_option_against_the_oracle(data: st.DataObject, months: int | None) -> None:
    # No option is cheaper than the oracle's optimum at any point, the best at the typical
    # point is the optimum, and so is each count's best across a session range.
    catalog = data.draw(catalogs(max_treatments=2, max_offers=4, max_discounts=2))
    request = data.draw(requests(catalog, max_sessions=8, max_months=None))
    check_against_oracle(catalog, request.model_copy(update={"months": months}))


@_LONG
@given(data=st.data(), months=st.one_of(st.none(), st.integers(1, 12)))
def test_schema_two_against_the_oracle(data: st.DataObject, months: int | None) -> None:
    # Doses, units per visit, options, segments, sales windows and scoped fees, held to the
    # oracle at every point, through best_total and every quoted option.
    catalog = data.draw(
        catalogs(
            schema_version=2,
            max_treatments=3,
            max_offers=4,
            max_combos=2,
            max_discounts=3,
            **NO_COURSES,
        )
    )
    request = data.draw(requests(catalog, max_sessions=6, max_months=None, max_with=2))
    check_against_oracle(catalog, request.model_copy(update={"months": months}))


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data(), months=st.one_of(st.none(), st.integers(1, 48)))
def test_yearly_fees_against_the_oracle(data: st.DataObject, months: int | None) -> None:
    # The runs above ask for 12 months at most, where a yearly fee is charged once at most:
    # here courses run up to 4 years, with a yearly fee in every catalog.
    check_yearly_against_oracle(data, months)
