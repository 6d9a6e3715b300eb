"""The long run of courses across treatments against the independent brute force.

The brute force (tests/oracle_courses.py) tries every purchase of packages, sets,
plans, first-time prices and singles at every place of a ladder; it shares no
pricing code with the engine. tests/test_courses.py holds the check and a short run.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from test_courses import check_against_oracle, tiny_catalogs, tiny_requests

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
