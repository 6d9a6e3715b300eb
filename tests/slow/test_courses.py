"""The long run of courses across treatments against the independent brute force.

The brute force (tests/oracle_courses.py) tries every purchase of packages, sets,
plans, first-time prices and singles at every place of a ladder, and in courses
with months every subset of sessions the packages can take and every run; it
shares no pricing code with the engine. tests/test_courses.py holds the check
and a short run. Courses from ``supecost.strategies`` (which reach beyond the
brute force's scope) are held at length to the engine's own laws.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from supecost.catalog import Catalog
from supecost.engine import quote
from supecost.quotes import QuoteRequest
from supecost.strategies import (
    assert_consistent,
    assert_no_cheaper_mix,
    catalogs,
    catalogs_and_requests,
)

from test_courses import check_against_oracle, ladders_beside_plans, tiny_catalogs, tiny_requests

pytestmark = pytest.mark.slow


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_engine_equals_the_brute_force_on_small_catalogs(data: st.DataObject) -> None:
    catalog = data.draw(tiny_catalogs())
    request = data.draw(tiny_requests(catalog))
    check_against_oracle(catalog, request)


@settings(
    max_examples=1500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_scheduled_courses_equal_the_brute_force_on_small_catalogs(data: st.DataObject) -> None:
    catalog = data.draw(tiny_catalogs())
    request = data.draw(tiny_requests(catalog))
    if request.months is None:
        request = request.model_copy(update={"months": data.draw(st.integers(1, 6))})
    check_against_oracle(catalog, request)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pair=ladders_beside_plans())
def test_ladders_beside_monthly_plans_equal_the_brute_force(
    pair: tuple[Catalog, QuoteRequest],
) -> None:
    check_against_oracle(*pair)


@settings(
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(
    pair=catalogs_and_requests(
        catalogs(schema_version=2, max_combos=2, max_discounts=2, max_packages=2, max_ladders=2),
        max_sessions=6,
        max_with=2,
    )
)
def test_generated_courses_are_consistent_and_the_cheapest(
    pair: tuple[Catalog, QuoteRequest],
) -> None:
    # The public strategies' packages and ladders meet what the brute force leaves out
    # (ranges, discounts, doses, units, options, segments, windows, histories): held at
    # length to the engine's own laws, as users' tests hold them.
    catalog, request = pair
    assert_consistent(quote(catalog, request))
    assert_no_cheaper_mix(catalog, request)
