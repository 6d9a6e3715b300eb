"""The command line: ``main(argv) -> int``, the only place with argv, stdout and exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from supecost import __version__

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="supecost",
        description="Estimate what self-pay clinic treatments cost in Japan.",
    )
    parser.add_argument("--version", action="version", version=f"supecost {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code.

    Example:
        >>> main(["--version"])
        supecost ...
        0

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` when ``None``.

    Returns:
        0 on success, 2 for bad input.
    """
    parser = _parser()
    try:
        parser.parse_args(sys.argv[1:] if argv is None else list(argv))
    except SystemExit as exit_:
        return int(exit_.code or 0)
    parser.print_help()
    return 0
