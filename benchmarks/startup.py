"""What a newcomer waits for: the command line's start-up, against importing its dependencies.

Run from the repository root, in the environment supecost is installed in::

    python benchmarks/startup.py            # 21 runs of each command
    python benchmarks/startup.py --runs 5   # a quick look

The floor is ``python -c "import pydantic, babel"``: no command line can start
faster than the libraries it needs. Each round runs the floor, ``supecost
--version`` and a first quote on the built-in catalog, one after the other, so
a busy machine slows all of them alike; the medians' ratios are what to compare
across machines (targets: 1.5x for ``--version``, 2x for the quote). Two more
commands have no target: the floor plus the definition of one pydantic model,
what any program with a single record class pays before its own work; and that
model's program printing one amount in yen formatted for ``ja_JP``, the least a
first quote can cost while its records are pydantic models and babel formats
its amounts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

ONE_MODEL = (
    "import pydantic, babel\n"
    "class One(pydantic.BaseModel, frozen=True, defer_build=True):\n"
    "    x: int\n"
)
"""The floor plus one record class, built as supecost builds its own (no validator yet)."""

LEAST_QUOTE = (
    ONE_MODEL + "from babel.numbers import format_decimal\n"
    "print(format_decimal(One.model_construct(x=53300).x, locale='ja_JP') + '円')\n"
)
"""The least any first quote pays: one record class and one amount in yen, in Japanese.

A quote's records are pydantic models and its amounts are formatted by babel in an explicit
locale (the house rules), so no quote can start faster than this, whatever else it does.
"""

TARGETS = {"supecost --version": 1.5, "supecost quote --sessions 5": 2.0}


def _supecost() -> list[str]:
    """The installed console script beside this Python, else ``python -m supecost``."""
    script = Path(sys.executable).with_name("supecost")
    if script.exists():
        return [str(script)]
    found = shutil.which("supecost")
    return [found] if found else [sys.executable, "-m", "supecost"]


def _commands() -> dict[str, list[str]]:
    cli = _supecost()
    return {
        "floor: import pydantic, babel": [sys.executable, "-c", "import pydantic, babel"],
        # Not targets: what one record class costs, and the least any first quote costs (issue 16).
        "import pydantic, babel + 1 model": [sys.executable, "-c", ONE_MODEL],
        "+ 1 model + 1 amount in ja_JP": [sys.executable, "-c", LEAST_QUOTE],
        "supecost --version": [*cli, "--version"],
        "supecost quote --sessions 5": [*cli, "quote", "--sessions", "5", "--date", "2026-04-01"],
    }


def _time(command: Sequence[str], env: Mapping[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def _environment(cache: str) -> dict[str, str]:
    """Bytecode cached, as ``pip install`` leaves it, in a folder of its own (the tree stays clean).

    With ``PYTHONDONTWRITEBYTECODE`` set, an editable install recompiles supecost at
    every start, which measures the compiler, not the command line.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = cache
    return env


def main(argv: Sequence[str] | None = None) -> int:
    """Time each command ``--runs`` times, interleaved, and print medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21, help="rounds (default 21)")
    args = parser.parse_args(argv)
    commands = _commands()
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory() as cache:
        env = _environment(cache)
        for command in commands.values():  # warm the file cache and write the bytecode
            _time(command, env)
        for _ in range(args.runs):
            for name, command in commands.items():
                times[name].append(_time(command, env))
    floor_name = next(iter(commands))
    floor = statistics.median(times[floor_name])
    print(f"{'command':32} {'median':>9} {'ratio':>6} {'target':>6}  met")
    for name, values in times.items():
        median = statistics.median(values)
        ratio = median / floor
        target = TARGETS.get(name)
        shown = f"{target:5.1f}x" if target else "      "
        met = ("yes" if ratio <= target else "NO") if target else ""
        print(f"{name:32} {median * 1000:7.0f}ms {ratio:5.2f}x {shown}  {met}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
