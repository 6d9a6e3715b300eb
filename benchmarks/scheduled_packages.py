"""Courses with months against packages: what the slot dimension costs, and where the bound is.

Run from the repository root, in the environment supecost is installed in::

    python benchmarks/scheduled_packages.py

Three treatments, each with a set and a monthly plan, against five packages
(one to three of the treatments each), with and without ``valid_months`` on
the packages. For each shape it prints the median CPU time of ``best_total``
over a few runs, the same request without months beside it, and whether
``check_work`` refuses the request (with its estimate). A figure to read, not
a target: the bound on work is what keeps these requests within seconds.
"""

from __future__ import annotations

import statistics
import time
from datetime import date
from typing import Any

from supecost.catalog import Catalog, validate_catalog
from supecost.engine import best_total
from supecost.errors import RequestError
from supecost.quotes import QuoteRequest

SHAPES = ((10, 12), (10, 5), (20, 24))
RUNS = 5


def catalog(with_validity: bool) -> Catalog:
    """Three treatments with a set and a monthly plan each, and five packages."""
    prices = (("a", 30000), ("b", 20000), ("c", 10000))
    offers: list[dict[str, Any]] = []
    for treatment, _ in prices:
        offers.append(
            {
                "kind": "bundle",
                "id": f"{treatment}-5",
                "treatment": treatment,
                "sessions": 5,
                "price": 40000,
                "valid_months": 6,
            }
        )
        offers.append(
            {
                "kind": "subscription",
                "id": f"{treatment}-monthly",
                "treatment": treatment,
                "monthly_fee": 15000,
                "sessions_per_month": 1,
                "min_months": 3,
                "extra_session_price": 12000,
            }
        )
    for n in range(5):
        members = ["a", "b", "c"][: 1 + n % 3]
        package: dict[str, Any] = {
            "kind": "package",
            "id": f"pack-{n}",
            "contents": [{"treatment": t, "sessions": 1 + n % 2} for t in members],
            "price": 20000 * (1 + n % 3),
        }
        if with_validity:
            package["valid_months"] = 3 + n
        offers.append(package)
    return validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "Bench"},
            "treatments": [{"id": t, "name": t, "price": p} for t, p in prices],
            "offers": offers,
        }
    )


def median_ms(built: Catalog, request: QuoteRequest) -> str:
    """The median CPU time of ``best_total``, or the refusal's estimate."""
    try:
        best_total(built, request)
    except RequestError as error:
        return "refused (" + str(error).split(" steps")[0].split("about ")[-1] + " steps)"
    times = []
    for _ in range(RUNS):
        start = time.process_time()
        best_total(built, request)
        times.append(time.process_time() - start)
    return f"{statistics.median(times) * 1000:.1f} ms"


def main() -> None:
    print("| packages | sessions x months | with months | without months |")
    print("|---|---|---|---|")
    for with_validity in (False, True):
        built = catalog(with_validity)
        for sessions, months in SHAPES:
            asked: dict[str, Any] = {
                "treatment": "a",
                "sessions": sessions,
                "with_": ("b", "c"),
                "on": date(2026, 4, 1),
            }
            scheduled = median_ms(built, QuoteRequest(**asked, months=months))
            free = median_ms(built, QuoteRequest(**asked))
            kind = "valid 3-7 months" if with_validity else "no validity"
            print(f"| {kind} | {sessions} x {months} | {scheduled} | {free} |")


if __name__ == "__main__":
    main()
