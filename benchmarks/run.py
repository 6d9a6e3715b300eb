"""Benchmarks for the quote engine, each against a plain-integer baseline in the same run.

Run from the repository root::

    python benchmarks/run.py            # the full run (a few minutes)
    python benchmarks/run.py --quick    # fewer repeats and a smaller batch (under a minute)

Each row prints the median time, the median of a baseline that does the same
arithmetic over plain ``int`` lists (see ``workloads.py``), their ratio, the
target, and whether the target is met. The ratio is what to compare across
machines; the absolute figures are for this machine only.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: make ``workloads`` importable
    sys.path.insert(0, str(HERE))

from workloads import (  # noqa: E402
    int_additions,
    int_best_total,
    int_catalog,
    large_catalog,
    large_request,
    request_stream,
    typical_catalog,
    typical_requests,
)

from supecost.catalog import Catalog  # noqa: E402
from supecost.engine import best_total, quote, quote_many  # noqa: E402
from supecost.quotes import QuoteRequest  # noqa: E402

US = 1_000
MS = 1_000_000
S = 1_000_000_000


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    median: float
    baseline: float
    target: float
    unit: str = "time"
    """``time`` (ns, lower is better) or ``mib`` (MiB, lower is better)."""
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.median / self.baseline if self.baseline else float("inf")

    @property
    def passed(self) -> bool:
        return self.median <= self.target


@dataclass(frozen=True, slots=True)
class Settings:
    repeats: int
    typical: int
    batch: int
    large_repeats: int
    batch_sizes: tuple[int, ...]
    import_runs: int
    heap: bool = False


QUICK = Settings(
    repeats=3, typical=16, batch=100, large_repeats=1, batch_sizes=(200, 1_000), import_runs=10
)
FULL = Settings(
    repeats=7, typical=48, batch=400, large_repeats=3, batch_sizes=(1_000, 10_000), import_runs=20
)


def paired(
    subject: Callable[[], object],
    baseline: Callable[[], object],
    *,
    repeats: int,
    per_call: int = 1,
    warmup: int = 1,
) -> tuple[float, float]:
    """Median ns per item of ``subject`` and ``baseline``, timed alternately.

    Each call of ``subject`` or ``baseline`` handles ``per_call`` items. Timing the
    two in turn means a burst of load on the machine hits both about equally.
    """
    return interleaved([(subject, baseline)], repeats=repeats, per_call=per_call, warmup=warmup)


def interleaved(
    pairs: Sequence[tuple[Callable[[], object], Callable[[], object]]],
    *,
    repeats: int,
    per_call: int = 1,
    warmup: int = 1,
) -> tuple[float, float]:
    """Median ns per item of subjects and baselines, alternating pair by pair.

    Each repeat times every ``(subject, baseline)`` pair, subject then baseline,
    and adds the times up; the medians of those sums over the repeats are returned,
    divided by ``per_call``. Alternating item by item (not list by list) keeps the
    ratio steady when other processes load the machine.
    """
    clock = time.perf_counter_ns
    for _ in range(warmup):
        for subject, baseline in pairs:
            subject()
            baseline()
    subject_ns: list[float] = []
    baseline_ns: list[float] = []
    for _ in range(repeats):
        subject_total = baseline_total = 0
        for subject, baseline in pairs:
            start = clock()
            subject()
            middle = clock()
            baseline()
            subject_total += middle - start
            baseline_total += clock() - middle
        subject_ns.append(subject_total / per_call)
        baseline_ns.append(baseline_total / per_call)
    return statistics.median(subject_ns), statistics.median(baseline_ns)


# ---------------------------------------------------------------------------
# The benchmarks.


def bench_typical(settings: Settings) -> list[Row]:
    catalog = typical_catalog()
    ints = int_catalog(catalog, ("sup-iv", "nmn"))
    requests = typical_requests(settings.typical)

    def pair(
        function: Callable[[Catalog, QuoteRequest], object], request: QuoteRequest
    ) -> tuple[Callable[[], object], Callable[[], object]]:
        sessions, months = request.session_counts[-1], request.months
        return (
            lambda: function(catalog, request),
            lambda: int_best_total(ints, sessions, months),
        )

    n = len(requests)
    quote_ns, quote_base = interleaved(
        [pair(quote, r) for r in requests], repeats=settings.repeats, per_call=n
    )
    total_ns, total_base = interleaved(
        [pair(best_total, r) for r in requests], repeats=settings.repeats * 3, per_call=n
    )
    return [
        Row("typical request -> full Quote", quote_ns, quote_base, 200 * US),
        Row("typical request -> best_total", total_ns, total_base, 20 * US),
    ]


def bench_large(settings: Settings) -> list[Row]:
    catalog = large_catalog()
    ints = int_catalog(catalog, ("sup-iv",))
    rows = []
    for months in (None, 120):
        request = large_request(months)
        label = "no months" if months is None else f"{months} months"

        def plain(months: int | None = months) -> int:
            return int_best_total(ints, 1000, months)

        def total(request: QuoteRequest = request) -> int:
            return best_total(catalog, request)

        def full(request: QuoteRequest = request) -> object:
            return quote(catalog, request)

        ns, base = paired(total, plain, repeats=settings.large_repeats + 2)
        rows.append(Row(f"1,000 sessions x 30 offers, {label}: best_total", ns, base, 20 * MS))
        ns, base = paired(full, plain, repeats=settings.large_repeats, warmup=0)
        rows.append(Row(f"1,000 sessions x 30 offers, {label}: Quote", ns, base, 20 * MS))
    return rows


def bench_quote_many(settings: Settings) -> list[Row]:
    catalog = typical_catalog()
    ints = int_catalog(catalog, ("sup-iv", "nmn"))
    count = settings.batch
    chunk = 20

    def batch(seed: int) -> Callable[[], object]:
        def run() -> None:
            for _ in quote_many(catalog, request_stream(chunk, seed)):
                pass

        return run

    def plain(seed: int) -> Callable[[], object]:
        def run() -> None:
            for request in request_stream(chunk, seed):
                int_best_total(ints, request.session_counts[-1], request.months)

        return run

    pairs = [(batch(seed), plain(seed)) for seed in range(max(1, count // chunk))]
    ns, base = interleaved(
        pairs, repeats=max(3, settings.repeats // 2), per_call=chunk * len(pairs)
    )
    rate = S / ns
    return [
        Row(
            "quote_many, per typical request",
            ns,
            base,
            S / 10_000,
            note=f"{rate:,.0f} requests/s on one core (target >= 10,000/s)",
        )
    ]


def _run_python(code: str) -> int:
    start = time.perf_counter_ns()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter_ns() - start


def bench_import(settings: Settings) -> list[Row]:
    _run_python("import supecost")  # warm the file cache and the bytecode
    empty: list[int] = []
    full: list[int] = []
    for _ in range(settings.import_runs):
        empty.append(_run_python("pass"))
        full.append(_run_python("import supecost"))
    baseline = statistics.median(empty)
    net = statistics.median(full) - baseline
    return [
        Row(
            "import supecost (minus `python -c pass`)",
            net,
            baseline,
            150 * MS,
            note=f"`import supecost` whole process: {statistics.median(full) / MS:.0f} ms",
        )
    ]


def bench_memory(settings: Settings) -> list[Row]:
    results = [_batch_child(size, settings.heap) for size in (0, *settings.batch_sizes)]
    before = results[0]
    rows = []
    largest = results[-1]
    per_request_s = largest["seconds"] / largest["count"]
    for result in results[1:]:
        rows.append(
            Row(
                f"batch of {result['count']:,} to /dev/null: peak RSS",
                result["maxrss_mib"],
                before["maxrss_mib"],
                100.0,
                unit="mib",
                note=f"{result['count']:,} lines in {result['seconds']:.1f} s"
                + (
                    f"; Python heap peak {result['heap_peak_mib']:.2f} MiB (tracemalloc on)"
                    if result["heap_peak_mib"] >= 0
                    else ""
                ),
            )
        )
    rows.append(
        Row(
            "batch of 1,000,000 (time extrapolated)",
            per_request_s * 1_000_000 * S,
            0.0,
            float("inf"),
            note="memory is not extrapolated: compare the peaks above",
        )
    )
    return rows


def _batch_child(count: int, heap: bool) -> dict[str, float]:
    command = [sys.executable, str(Path(__file__).resolve()), "--batch-child", str(count)]
    output = subprocess.run(
        [*command, "--heap"] if heap else command,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, float] = json.loads(output)
    return result


def batch_child(count: int, heap: bool) -> None:
    """Quote ``count`` requests from a generator, each as a JSON line to /dev/null.

    Prints the peak RSS of the process and, with ``heap``, the peak of the Python
    heap traced from after the first quote (tracemalloc slows the run several times
    over, so it is off by default and the time is then not representative).
    """
    catalog = typical_catalog()
    for _ in quote_many(catalog, request_stream(1)):
        pass
    if heap:
        tracemalloc.start()
    start = time.perf_counter()
    with open("/dev/null", "w", encoding="utf-8") as sink:
        for result in quote_many(catalog, request_stream(count)):
            sink.write(result.model_dump_json(by_alias=True))
            sink.write("\n")
    seconds = time.perf_counter() - start
    heap_peak = tracemalloc.get_traced_memory()[1] if heap else 0
    tracemalloc.stop()
    maxrss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "count": count,
                "seconds": seconds,
                "maxrss_mib": maxrss_kib / 1024,
                "heap_peak_mib": heap_peak / 2**20 if heap else -1.0,
            }
        )
    )


# ---------------------------------------------------------------------------
# Output.


def _time(ns: float) -> str:
    if ns == float("inf"):
        return "-"
    if ns >= S:
        return f"{ns / S:.2f} s"
    if ns >= MS:
        return f"{ns / MS:.2f} ms"
    if ns >= US:
        return f"{ns / US:.1f} µs"
    return f"{ns:.0f} ns"


def _value(row: Row, value: float) -> str:
    if row.unit == "mib":
        return f"{value:.1f} MiB"
    return _time(value)


def table(rows: Sequence[Row]) -> str:
    header = ("benchmark", "median", "baseline", "ratio", "target", "result")
    body = [
        (
            row.name,
            _value(row, row.median),
            _value(row, row.baseline) if row.baseline else "-",
            f"{row.ratio:,.1f}x" if row.baseline else "-",
            "< " + _value(row, row.target) if row.target != float("inf") else "-",
            ("pass" if row.passed else "FAIL") if row.target != float("inf") else "-",
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in (header, *body)) for i in range(len(header))]

    def render(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    lines = [render(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    lines += [render(cells) for cells in body]
    notes = [f"- {row.name}: {row.note}" for row in rows if row.note]
    return "\n".join(lines + (["", *notes] if notes else []))


BENCHMARKS: dict[str, Callable[[Settings], list[Row]]] = {
    "typical": bench_typical,
    "large": bench_large,
    "many": bench_quote_many,
    "import": bench_import,
    "memory": bench_memory,
}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="fewer repeats, smaller batches")
    parser.add_argument(
        "--only",
        action="append",
        choices=sorted(BENCHMARKS),
        help="run only these benchmarks (repeatable)",
    )
    parser.add_argument(
        "--batch-sizes",
        help="comma-separated batch sizes for the memory benchmark, e.g. 10000,100000",
    )
    parser.add_argument(
        "--heap",
        action="store_true",
        help="memory benchmark: also trace the Python heap peak (slows the batch)",
    )
    parser.add_argument("--batch-child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.batch_child is not None:
        batch_child(args.batch_child, args.heap)
        return 0
    settings = QUICK if args.quick else FULL
    if args.batch_sizes:
        sizes = tuple(int(size) for size in args.batch_sizes.split(","))
        settings = dataclasses.replace(settings, batch_sizes=sizes)
    if args.heap:
        settings = dataclasses.replace(settings, heap=True)
    int_additions(1_000)  # warm the interpreter
    rows: list[Row] = []
    for name in args.only or list(BENCHMARKS):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for row in BENCHMARKS[name](settings):
            rows.append(row)
            print(f"  {row.name}: {_value(row, row.median)}", file=sys.stderr, flush=True)
    print(table(rows))
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
