"""Shared test set-up: hypothesis profiles, deterministic under CI."""

import os

from hypothesis import settings

# The built-in "ci" profile is derandomised and has no deadline, so CI runs are repeatable.
settings.register_profile("dev", max_examples=100)
settings.load_profile("ci" if os.environ.get("CI") else "dev")
