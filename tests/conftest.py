"""Shared test set-up: hypothesis profiles, deterministic under CI; one headless Chromium."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from supecost.catalog import Catalog, load_catalog
from supecost.engine import quote
from supecost.quotes import Quote, QuoteRequest
from supecost.report import find_browser

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

CHROMIUM = find_browser()
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="session")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Debian Chromium, driven by chromedriver, for a whole test process.

    Starting Chromium costs a second or more (several on a busy machine), which was most of
    what each page test took when each started its own; tests share it through :func:`tab`.
    Under xdist each worker process starts its own.
    """
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip(
            "Chromium and chromedriver are not installed; .ci/run installs them "
            "(apt-get install chromium chromium-driver fonts-noto-cjk)"
        )
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # As supecost.report.browser runs it: scrollbars take no width from the page laid out.
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--hide-scrollbars",
        "--window-size=800,1400",
    ):
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium') / 'profile'}")
    driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def tab(chromium: Any) -> Iterator[Any]:
    """The shared Chromium's driver on a new tab of its own, closed after the test.

    A tab starts without the device metrics another test set, and each test serves its
    pages from its own port or file, so no test sees another's origin, storage or cache.
    """
    first = chromium.current_window_handle
    chromium.switch_to.new_window("tab")
    try:
        yield chromium
    finally:
        chromium.close()
        chromium.switch_to.window(first)


@pytest.fixture(scope="session")
def s31_goods_quote() -> tuple[Catalog, Quote]:
    """The s31 audit's F7 request: 6 sessions of 2cc over 6 months with goods beside them.

    The 6-session course 330,000 + the first visit's blood test 5,500 + goods
    2 x 6,480 + 11,000 = 23,960: total 359,460; per session (330,000 + 5,500) / 6 =
    55,916.67 -> 55,917, the goods left out (so not 359,460 / 6).
    """
    catalog = load_catalog(Path(__file__).parent / "data" / "s31-clinic.toml")
    request = QuoteRequest(
        treatment="sup:2cc",
        sessions=6,
        months=6,
        goods={"nmn-caps": 2, "serum": 1},
        on=date(2026, 6, 1),
    )
    return catalog, quote(catalog, request)
