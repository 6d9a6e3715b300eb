"""Mutation fuzzing of the catalog loader and the batch reader: no crash, no hang, bounded memory.

Each input is a seed file (the test catalogs, TOML and JSON, and sample batch
lines) mutated a few times over: bytes flipped, hostile tokens inserted,
slices deleted, duplicated or repeated up to the size limit, pieces of other
seeds spliced in. Every input must finish within :data:`BOUND_SECONDS` and
raise nothing but the errors the component promises: a
:class:`~supecost.errors.SupecostError` from the loader; from the batch
reader, only the line errors it reports with their line number.

The default run tries a fixed, seeded set of inputs (a few seconds). The long
run is marked ``slow``; its budget in seconds of CPU comes from
``SUPECOST_FUZZ_SECONDS`` and its seed from ``SUPECOST_FUZZ_SEED``::

    SUPECOST_FUZZ_SECONDS=300 python -m pytest tests/test_fuzz.py -m slow -s

Pricing a valid request is the engine's work and bounded there; the batch
fuzzing stops once a line is a valid request.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import random
import resource
import signal
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest

from supecost.catalog import MAX_CATALOG_BYTES, parse_catalog
from supecost.cli import MAX_LINE_BYTES, _LineError, _lines, _request_line
from supecost.errors import SupecostError

TESTS = Path(__file__).parent
BOUND_SECONDS = 2.0
"""The most CPU time one input may take (the issue's bound for a file up to the size limit).

CPU time, not wall time: the machine is shared, and an endless loop burns CPU all the same.
"""
SLOWDOWN = 3.0 if sys.gettrace() is not None else 1.0
"""Coverage traces every line of supecost, about three times slower: the bound scales with it."""
MEMORY_BOUND = 200 << 20
"""The most the process's peak memory may grow over a fuzzing run."""


def _catalog_seeds() -> list[tuple[str, bytes]]:
    toml_files = [
        *sorted((TESTS / "data").glob("*.toml")),
        TESTS / "report_snapshots" / "rich-catalog.toml",
    ]
    seeds = [("toml", path.read_bytes()) for path in toml_files]
    seeds += [("json", path.read_bytes()) for path in sorted((TESTS / "data").glob("*.json"))]
    # The rich catalog in JSON too, written independently of the loader (dates as text).
    rich = tomllib.loads(toml_files[-1].read_text(encoding="utf-8"))
    seeds.append(("json", json.dumps(rich, default=str, ensure_ascii=False, indent=1).encode()))
    return seeds


BATCH_SEEDS: list[bytes] = [
    b'{"sessions": 5, "on": "2026-04-01"}',
    (
        b'{"treatment": "sup-iv", "sessions": {"min": 3, "max": 6}, "months": 6, '
        b'"with": ["nmn"], "new_patient": false, "on": "2026-04-01"}'
    ),
    b'{"sessions": 1, "with": [], "new_patient": true}',
]

TOKENS: list[bytes] = [
    b'"',
    b'\\"',
    b'"\\""',
    b".",
    b'"".',
    b'"a."',
    b"'a.'",
    b"[",
    b"]",
    b"[[",
    b"]]",
    b"{",
    b"}",
    b"=",
    b":",
    b",",
    b"\n",
    b"\r\n",
    b"#",
    b'"""',
    b"'''",
    b"\x00",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xe2\x80\xae",  # a right-to-left override
    b"\x1b[2J",
    "１０".encode(),
    "١٠".encode(),
    b"true",
    b"null",
    b"1.0",
    b"-0",
    b"1e999",
    b"-1e-99999",
    b"nan",
    b"inf",
    b"NaN",
    b"Infinity",
    b"9" * 5000,
    b"0x1",
    b"1_000",
    b"2026-04-01T00:00:00",
    b"2026-13-45",
    b'"sessions": 5, "sessions": 6',
    b'{"a": 1, "a": 2}',
    b"[" * 200,
    b"{" * 200,
    b"a." * 40,
    b"x" * 300,
    b'\n  ["' + b"x" * 300 + b'"],',  # a line of a multi-line array, read as no header
    b"schema_version = 1\n",
    b"[[treatments]]\n",
    b'[[offers]]\nkind = "bundle"\n',
    b"[clinic]\n",
    b'"" = 1\n',
]


def _slice(rng: random.Random, data: bytes) -> tuple[int, int]:
    start = rng.randrange(len(data) + 1)
    return start, min(len(data), start + rng.choice((1, 2, 4, 8, 16, 64, 256)))


def _mutate(rng: random.Random, data: bytes, donors: list[bytes], limit: int) -> bytes:
    """Apply one to four random mutations, keeping the result within ``limit`` bytes."""
    for _ in range(rng.randint(1, 4)):
        start, end = _slice(rng, data)
        kind = rng.randrange(8)
        if kind == 0 and data:  # flip bytes
            flipped = bytes(rng.randrange(256) for _ in range(end - start))
            data = data[:start] + flipped + data[end:]
        elif kind == 1:  # insert a hostile token
            data = data[:start] + rng.choice(TOKENS) + data[start:]
        elif kind == 2:  # delete a slice
            data = data[:start] + data[end:]
        elif kind == 3:  # duplicate a slice a few times
            data = data[:end] + data[start:end] * rng.randint(1, 8) + data[end:]
        elif kind == 4:  # repeat a slice or a token up to the size limit: quadratic costs show
            piece = data[start:end] or rng.choice(TOKENS)
            times = rng.randint(1, max(1, (limit - len(data)) // len(piece)))
            data = data[:start] + piece * times + data[start:]
        elif kind == 5:  # splice in a piece of another seed
            donor = rng.choice(donors)
            other_start, other_end = _slice(rng, donor)
            data = data[:start] + donor[other_start:other_end] + data[end:]
        elif kind == 6:  # cut the end off
            data = data[:start]
        else:  # swap two lines
            lines = data.split(b"\n")
            if len(lines) > 1:
                first, second = rng.randrange(len(lines)), rng.randrange(len(lines))
                lines[first], lines[second] = lines[second], lines[first]
            data = b"\n".join(lines)
    return data[:limit]


class _Timeout(BaseException):
    """Raised by the alarm inside an input that runs past the bound (never caught by the code)."""


@dataclasses.dataclass
class Figures:
    """What a fuzzing run tried and found."""

    inputs: int = 0
    accepted: int = 0
    slowest: float = 0.0
    crashes: list[tuple[str, bytes]] = dataclasses.field(default_factory=list)
    hangs: list[bytes] = dataclasses.field(default_factory=list)
    memory_growth: int = 0

    def __str__(self) -> str:
        return (
            f"{self.inputs:,} inputs, {self.accepted:,} accepted, {len(self.crashes)} crashes, "
            f"{len(self.hangs)} hangs, slowest {self.slowest:.2f} s of CPU, "
            f"peak memory grew {self.memory_growth / 2**20:.0f} MiB"
        )


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # kilobytes on Linux


def _run(
    inputs: Iterator[bytes],
    check: Callable[[bytes], bool],
    seconds: float,
    bound: float = BOUND_SECONDS * SLOWDOWN,
) -> Figures:
    """Feed inputs to ``check`` for ``seconds`` of CPU; ``check`` says whether one was accepted.

    CPU time, not the clock: on a machine shared with others the same inputs fit in the time.
    """

    def alarm(signum: int, frame: FrameType | None) -> None:
        raise _Timeout

    figures = Figures()
    before = _peak_rss()
    previous = signal.signal(signal.SIGPROF, alarm)
    deadline = time.process_time() + seconds
    try:
        for data in inputs:
            if time.process_time() > deadline:
                break
            figures.inputs += 1
            start = time.process_time()
            signal.setitimer(signal.ITIMER_PROF, bound)
            try:
                figures.accepted += check(data)
            except _Timeout:
                figures.hangs.append(data)
            except Exception as error:  # anything else is a crash
                figures.crashes.append((f"{type(error).__name__}: {error}"[:300], data))
            finally:
                signal.setitimer(signal.ITIMER_PROF, 0)
            figures.slowest = max(figures.slowest, time.process_time() - start)
    finally:
        signal.signal(signal.SIGPROF, previous)
    figures.memory_growth = _peak_rss() - before
    return figures


def _catalog_inputs(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    seeds = _catalog_seeds()
    donors = [text for _, text in seeds]
    while True:
        fmt, text = rng.choice(seeds)
        # The format travels in the first byte, so a saved input can be replayed alone.
        yield fmt[0].encode() + _mutate(rng, text, donors, MAX_CATALOG_BYTES)


def check_catalog(data: bytes) -> bool:
    """Load one fuzzed catalog (first byte ``t`` or ``j`` for its format): only a CatalogError."""
    fmt = "toml" if data[:1] == b"t" else "json"
    try:
        parse_catalog(data[1:], format=fmt, source="fuzz")
    except SupecostError:
        return False
    return True


def _batch_inputs(seed: int) -> Iterator[bytes]:
    rng = random.Random(seed)
    while True:
        lines = [
            _mutate(rng, rng.choice(BATCH_SEEDS), BATCH_SEEDS, MAX_LINE_BYTES + 64)
            for _ in range(rng.randint(1, 8))
        ]
        # A stream of at most a few lines' worth: thousands of short bad lines only cost time.
        stream = b"\n".join(lines)[: 2 * MAX_LINE_BYTES]
        if rng.random() < 0.05:  # now and then a line far over the limit
            token = rng.choice([token for token in TOKENS if b"\n" not in token])
            stream += b"\n" + token * (2 * MAX_LINE_BYTES // len(token) + 1)
        yield stream


def check_batch(data: bytes) -> bool:
    """Read a fuzzed batch stream: each line a request or a reported line error, in order."""
    numbers = []
    accepted = False
    for number, raw in _lines(io.BytesIO(data)):
        numbers.append(number)
        assert len(raw) <= MAX_LINE_BYTES + 1
        try:
            _request_line(raw)
        except (_LineError, SupecostError):
            continue
        accepted = True
    assert numbers == sorted(set(numbers))
    assert len(numbers) <= data.count(b"\n") + 1
    return accepted


def _assert_clean(figures: Figures, tmp_path: Path, name: str) -> None:
    for index, (_, data) in enumerate(figures.crashes):
        (tmp_path / f"{name}-crash-{index}.bin").write_bytes(data)
    for index, data in enumerate(figures.hangs):
        (tmp_path / f"{name}-hang-{index}.bin").write_bytes(data)
    report = f"{name}: {figures}; inputs saved in {tmp_path}"
    assert not figures.crashes, f"{report}\n" + "\n".join(m for m, _ in figures.crashes[:5])
    assert not figures.hangs, report
    assert figures.memory_growth < MEMORY_BOUND, report


def test_fuzzed_catalogs_give_only_catalog_errors(tmp_path: Path) -> None:
    # A fixed seed and a fixed number of inputs: the same inputs every run, a few seconds;
    # CI's slow step fuzzes for longer with a new seed (test_long_fuzzing_run).
    figures = _run(_islice(_catalog_inputs(seed=15), 150), check_catalog, seconds=12)
    assert figures.inputs == 150
    _assert_clean(figures, tmp_path, "catalog")


def test_fuzzed_batch_lines_give_only_line_errors(tmp_path: Path) -> None:
    figures = _run(_islice(_batch_inputs(seed=15), 150), check_batch, seconds=12)
    assert figures.inputs == 150
    assert figures.accepted > 0  # some mutations leave a valid request: the oracle can say yes
    _assert_clean(figures, tmp_path, "batch")


def test_the_harness_catches_a_crash_and_a_hang() -> None:
    # The oracle can fail: a crash and a hang are both caught and counted, not raised.
    def flaky(data: bytes) -> bool:
        if data == b"crash":
            raise TypeError("unhashable type: 'list'")
        if data == b"hang":
            while True:
                pass
        return True

    figures = _run(iter([b"ok", b"crash", b"hang", b"ok"]), flaky, seconds=30, bound=0.2)
    assert (figures.inputs, figures.accepted) == (4, 2)
    assert figures.crashes == [("TypeError: unhashable type: 'list'", b"crash")]
    assert figures.hangs == [b"hang"]
    assert 0.15 < figures.slowest < 1.2  # the timer counts the CPU time of the whole process


@pytest.mark.slow
def test_long_fuzzing_run(tmp_path: Path) -> None:
    """``SUPECOST_FUZZ_SECONDS`` (default 30) split 4:1 between catalogs and batch lines."""
    seconds = float(os.environ.get("SUPECOST_FUZZ_SECONDS", "30"))
    seed = int(os.environ.get("SUPECOST_FUZZ_SEED", str(time.time_ns() % 1_000_000)))
    catalogs = _run(_catalog_inputs(seed), check_catalog, seconds=seconds * 0.8)
    batch = _run(_batch_inputs(seed), check_batch, seconds=seconds * 0.2)
    print(f"\nfuzz seed {seed}\ncatalogs: {catalogs}\nbatch lines: {batch}")
    _assert_clean(catalogs, tmp_path, "catalog")
    _assert_clean(batch, tmp_path, "batch")


def _islice(inputs: Iterator[bytes], count: int) -> Iterator[bytes]:
    for _, data in zip(range(count), inputs, strict=False):
        yield data
