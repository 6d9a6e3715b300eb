"""Benchmarks for the quote engine, each as a ratio to a plain-Python floor in the same run.

Run from the repository root::

    python benchmarks/run.py            # the full run (several minutes)
    python benchmarks/run.py --quick    # fewer repeats and smaller batches (about 3 minutes)

Each row prints the median time, the median of the floor doing the same work
(``Floor`` in ``workloads.py``: the engine's work on plain ints, lists and
tuples), their ratio, the target, and whether the target is met. The ratio is
what to compare across machines; the absolute figures are for this machine only.
Pathological catalogs are timed once each in a child process with a time cap.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:  # run as a script: make ``workloads`` importable
    sys.path.insert(0, str(HERE))

from courses import SIZES, CoursesFloor, courses_catalog, courses_requests  # noqa: E402
from workloads import (  # noqa: E402
    PATHOLOGICAL_NAMES,
    floor_best_quote,
    floor_best_total,
    floor_for,
    floor_full_quote,
    int_additions,
    large_catalog,
    large_request,
    pathological,
    request_stream,
    typical_catalog,
    typical_requests,
)

from supecost.catalog import Catalog  # noqa: E402
from supecost.engine import best_total, quote, quote_many  # noqa: E402
from supecost.errors import SupecostError  # noqa: E402
from supecost.quotes import Quote, QuoteRequest  # noqa: E402

US = 1_000
MS = 1_000_000
S = 1_000_000_000
KB = 1_024
INF_TARGET = float("inf")


@dataclass(frozen=True, slots=True)
class Row:
    name: str
    median: float
    baseline: float
    target: float = INF_TARGET
    """An absolute ceiling on ``median`` (ns, MiB or KiB), or infinity for none."""
    unit: str = "time"
    """``time`` (ns), ``mib`` (MiB) or ``kib`` (KiB); lower is better for each."""
    note: str = ""
    target_ratio: float | None = None
    """A ceiling on ``median / baseline``, checked instead of ``target`` when given."""
    status: str = ""
    """Set when the row was not measured: ``timeout``, ``crashed: ...``, ``refused: ...``
    or ``skipped: ...``; only the last two pass."""

    @property
    def ratio(self) -> float:
        return self.median / self.baseline if self.baseline else float("inf")

    @property
    def has_target(self) -> bool:
        return self.target_ratio is not None or self.target != INF_TARGET

    @property
    def passed(self) -> bool:
        if self.status:  # refused cleanly or skipped is fine; a timeout or a crash is not
            return self.status.startswith(("refused", "skipped"))
        if self.target_ratio is not None:
            return self.ratio <= self.target_ratio
        return self.median <= self.target


@dataclass(frozen=True, slots=True)
class Settings:
    repeats: int
    typical: int
    batch: int
    large_repeats: int
    batch_sizes: tuple[int, ...]
    import_runs: int
    cap_s: float = 60.0
    pathological_jobs: int = 1
    heap: bool = False
    courses: int = 12
    """Requests per size of the courses workload."""


QUICK = Settings(
    repeats=3,
    typical=16,
    batch=100,
    large_repeats=1,
    batch_sizes=(200,),
    import_runs=10,
    pathological_jobs=2,
)
FULL = Settings(
    repeats=7,
    typical=48,
    batch=400,
    large_repeats=3,
    batch_sizes=(1_000, 10_000),
    import_runs=20,
    courses=24,
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


def _quote_best(catalog: Catalog, request: QuoteRequest) -> Quote:
    return quote(catalog, request, ways="best")


# ---------------------------------------------------------------------------
# The benchmarks.


def bench_typical(settings: Settings) -> list[Row]:
    catalog = typical_catalog()
    floor = floor_for(catalog)
    requests = typical_requests(settings.typical)
    n = len(requests)

    def pairs(
        subject: Callable[[QuoteRequest], object], base: Callable[[QuoteRequest], object]
    ) -> list[tuple[Callable[[], object], Callable[[], object]]]:
        result: list[tuple[Callable[[], object], Callable[[], object]]] = []
        for request in requests:

            def run(request: QuoteRequest = request) -> object:
                return subject(request)

            def floor_run(request: QuoteRequest = request) -> object:
                return base(request)

            result.append((run, floor_run))
        return result

    total_ns, total_floor = interleaved(
        pairs(lambda r: best_total(catalog, r), lambda r: floor_best_total(floor, r)),
        repeats=settings.repeats * 3,
        per_call=n,
    )
    quote_ns, quote_floor = interleaved(
        pairs(lambda r: quote(catalog, r), lambda r: floor_full_quote(floor, r)),
        repeats=settings.repeats,
        per_call=n,
    )
    full_kib = statistics.mean(
        len(quote(catalog, r).model_dump_json(by_alias=True)) / KB for r in requests
    )
    rows = [
        Row(
            "typical request -> best_total",
            total_ns,
            total_floor,
            target_ratio=2.0,
            note="floor: `floor_best_total`, the cheapest total with combos, discount, fees, tax",
        ),
        Row(
            "typical request -> full Quote",
            quote_ns,
            quote_floor,
            target_ratio=2.0,
            note="floor: `floor_full_quote`, every way priced, ranked and explained",
        ),
    ]
    best_name = 'typical request -> Quote, best way only (ways="best")'
    best_ns, best_floor = interleaved(
        pairs(lambda r: _quote_best(catalog, r), lambda r: floor_best_quote(floor, r)),
        repeats=settings.repeats,
        per_call=n,
    )
    best_kib = statistics.mean(
        len(_quote_best(catalog, r).model_dump_json(by_alias=True)) / KB for r in requests
    )
    rows.append(
        Row(
            best_name,
            best_ns,
            best_floor,
            note="floor: `floor_best_quote`, the cheapest way priced as a whole bill",
        )
    )
    rows.append(Row("JSON of a full Quote, mean", full_kib, 0.0, unit="kib"))
    rows.append(Row("JSON of a best-way-only Quote, mean", best_kib, 0.0, 8.0, unit="kib"))
    return rows


def bench_courses(settings: Settings) -> list[Row]:
    """Three treatments against five packages (issue 13), per size of course, against
    ``CoursesFloor``; the floor's answers are checked against the engine's first."""
    catalog = courses_catalog()
    floor = CoursesFloor(catalog)
    rows = []
    for size in SIZES:
        requests = courses_requests(size, settings.courses)
        for request in requests:
            # A floor that answers differently measures nothing: stop rather than time it.
            engine, plain = best_total(catalog, request), floor.best_total(request)
            if engine != plain:
                raise AssertionError(f"floor {plain:,} != best_total {engine:,} for {request}")
            totals = dict(floor.way_totals(request))
            for option in quote(catalog, request).options:
                if totals.get(option.label) != option.total.min:
                    raise AssertionError(f"floor's {option.label} differs for {request}")
        n = len(requests)

        def pairs(
            subject: Callable[[QuoteRequest], object],
            base: Callable[[QuoteRequest], object],
            requests: list[QuoteRequest] = requests,
        ) -> list[tuple[Callable[[], object], Callable[[], object]]]:
            return [
                (lambda r=request: subject(r), lambda r=request: base(r)) for request in requests
            ]

        total_ns, total_floor = interleaved(
            pairs(lambda r: best_total(catalog, r), floor.best_total),
            repeats=settings.repeats,
            per_call=n,
        )
        quote_ns, quote_floor = interleaved(
            pairs(lambda r: quote(catalog, r), floor.full_quote),
            repeats=settings.repeats,
            per_call=n,
        )
        name = f"courses, {size} sessions + 2 treatments, 5 packages"
        rows.append(
            Row(
                f"{name} -> best_total",
                total_ns,
                total_floor,
                note="floor: `CoursesFloor.best_total`" if size == SIZES[0] else "",
            )
        )
        rows.append(
            Row(
                f"{name} -> full Quote",
                quote_ns,
                quote_floor,
                note="floor: `CoursesFloor.full_quote`, every way costed, billed and ranked"
                if size == SIZES[0]
                else "",
            )
        )
    return rows


def bench_large(settings: Settings) -> list[Row]:
    catalog = large_catalog()
    floor = floor_for(catalog)
    rows = []
    for months in (None, 120):
        request = large_request(months)
        label = "no months" if months is None else f"{months} months"

        def total(request: QuoteRequest = request) -> int:
            return best_total(catalog, request)

        def floor_total(request: QuoteRequest = request) -> int:
            return floor_best_total(floor, request)

        def full(request: QuoteRequest = request) -> object:
            return quote(catalog, request)

        def floor_quote(request: QuoteRequest = request) -> object:
            return floor_full_quote(floor, request)

        ns, base = paired(total, floor_total, repeats=settings.large_repeats + 2)
        rows.append(Row(f"1,000 sessions x 30 offers, {label}: best_total", ns, base, 20 * MS))
        ns, base = paired(full, floor_quote, repeats=settings.large_repeats, warmup=0)
        rows.append(Row(f"1,000 sessions x 30 offers, {label}: Quote", ns, base, 20 * MS))
    return rows


def bench_quote_many(settings: Settings) -> list[Row]:
    catalog = typical_catalog()
    floor = floor_for(catalog)
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
                floor_full_quote(floor, request)

        return run

    pairs = [(batch(seed), plain(seed)) for seed in range(max(1, count // chunk))]
    ns, base = interleaved(
        pairs, repeats=max(3, settings.repeats // 2), per_call=chunk * len(pairs)
    )
    return [
        Row(
            "quote_many, per typical request",
            ns,
            base,
            S / 400,
            note=f"{S / ns:,.0f} requests/s on one core (target >= 400/s); "
            f"the floor's full quote: {S / base:,.0f}/s",
        )
    ]


def bench_pathological(settings: Settings) -> list[Row]:
    """Each pathological catalog in its own child, under a time cap, ``jobs`` at a time."""
    with ThreadPoolExecutor(max_workers=settings.pathological_jobs) as pool:
        results = list(
            pool.map(lambda name: _pathological_child(name, settings.cap_s), PATHOLOGICAL_NAMES)
        )
    rows = []
    for name, (title, steps) in zip(PATHOLOGICAL_NAMES, results, strict=True):
        for step in ("best_total", "quote"):
            # A step with no outcome (a crash): counted as a failure, like a timeout.
            outcome = steps.get(
                step, steps.get("refused", steps.get("timeout", "crashed: no result"))
            )
            label = f"pathological {name}: {step}"
            note = title if step == "best_total" else ""
            if isinstance(outcome, float):
                rows.append(Row(label, outcome * S, 0.0, 10 * S, note=note))
            else:
                rows.append(Row(label, 0.0, 0.0, 10 * S, note=note, status=outcome))
    return rows


def _pathological_child(name: str, cap_s: float) -> tuple[str, dict[str, Any]]:
    """Run one pathological catalog in a child; its steps' CPU seconds, a refusal or a timeout."""
    command = [sys.executable, str(Path(__file__).resolve()), "--pathological-child", name]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap_s, check=False)
        output, timed_out = done.stdout, False
        failed = done.returncode != 0
        last = done.stderr.strip().splitlines()[-1:] if failed else []
    except subprocess.TimeoutExpired as expired:
        raw = expired.stdout or b""
        output = raw.decode() if isinstance(raw, bytes) else raw
        timed_out, failed, last = True, False, []
    title = name
    steps: dict[str, Any] = {}
    for line in output.splitlines():
        record = json.loads(line)
        if "title" in record:
            title = record["title"]
        elif "refused" in record:
            steps["refused"] = f"refused: {record['refused']}"
        else:
            steps[record["step"]] = record["seconds"]
    if timed_out:
        steps["timeout"] = f"timeout (> {cap_s:.0f} s wall)"
    elif failed:
        steps["timeout"] = "crashed: " + (last[0] if last else "no message")
    return title, steps


def pathological_child(name: str) -> None:
    """Build one pathological catalog, then time ``best_total`` and ``quote`` once each.

    Prints one JSON line per step as it finishes (CPU seconds, so a shared machine
    does not inflate them), or the message of a clean refusal.
    """
    case = pathological(name)
    print(json.dumps({"title": case.name}), flush=True)
    for step, function in (("best_total", best_total), ("quote", quote)):
        start = time.process_time()
        try:
            function(case.catalog, case.request)
        except SupecostError as error:
            print(json.dumps({"refused": str(error)}), flush=True)
            return
        seconds = time.process_time() - start
        print(json.dumps({"step": step, "seconds": seconds}), flush=True)


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
    if row.unit == "kib":
        return f"{value:.1f} KB"
    return _time(value)


def _target(row: Row) -> str:
    if row.target_ratio is not None:
        return f"<= {row.target_ratio:.1f}x"
    if row.target != INF_TARGET:
        return "< " + _value(row, row.target)
    return "-"


def _result(row: Row) -> str:
    if row.status:
        return row.status
    if not row.has_target:
        return "-"
    return "pass" if row.passed else "FAIL"


def table(rows: Sequence[Row]) -> str:
    header = ("benchmark", "median", "floor", "ratio", "target", "result")
    body = [
        (
            row.name,
            _value(row, row.median) if not row.status else "-",
            _value(row, row.baseline) if row.baseline else "-",
            f"{row.ratio:,.1f}x" if row.baseline and not row.status else "-",
            _target(row),
            _result(row),
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
    "courses": bench_courses,
    "large": bench_large,
    "many": bench_quote_many,
    "import": bench_import,
    "memory": bench_memory,
    "pathological": bench_pathological,
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
    parser.add_argument(
        "--cap",
        type=float,
        help="pathological catalogs: seconds each child may run (default 60)",
    )
    parser.add_argument("--batch-child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--pathological-child", choices=PATHOLOGICAL_NAMES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.batch_child is not None:
        batch_child(args.batch_child, args.heap)
        return 0
    if args.pathological_child is not None:
        pathological_child(args.pathological_child)
        return 0
    settings = QUICK if args.quick else FULL
    if args.batch_sizes:
        sizes = tuple(int(size) for size in args.batch_sizes.split(","))
        settings = dataclasses.replace(settings, batch_sizes=sizes)
    if args.heap:
        settings = dataclasses.replace(settings, heap=True)
    if args.cap:
        settings = dataclasses.replace(settings, cap_s=args.cap)
    int_additions(1_000)  # warm the interpreter
    rows: list[Row] = []
    for name in args.only or list(BENCHMARKS):
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for row in BENCHMARKS[name](settings):
            rows.append(row)
            shown = row.status or _value(row, row.median)
            print(f"  {row.name}: {shown}", file=sys.stderr, flush=True)
    print(table(rows))
    return 0 if all(row.passed for row in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
