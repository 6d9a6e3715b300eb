"""Shared test set-up: hypothesis profiles, deterministic under CI."""

import os

from hypothesis import HealthCheck, settings

# The built-in "ci" profile is derandomised and has no deadline, so CI runs are repeatable.
# On a machine shared by several people, drawing slows with the load: as in "ci", that is
# no failure of the strategies (the suite's time is watched as a whole instead).
# Fifty examples a law: the README's test command stays well under two minutes on two
# cores; CI's "ci" profile draws a hundred, and its slow step runs the oracle at length.
# No deadline either: at a load average of 6 one example of test_money took over hypothesis's
# default 200 ms and failed the README's test command, with nothing wrong in the code.
settings.register_profile(
    "dev", max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
