"""The documentation's shell examples run, and fail the suite when their output changes.

Python examples in the docs (```pycon blocks) run as doctests through
``--doctest-glob=*.md``. This module runs the shell examples: every ```console
block of ``README.md`` and ``docs/**/*.md``. In a block, a line starting with
``$ `` is a command and the lines after it, up to the next command, are its
expected output (stdout, then stderr). A line ``...`` (or ``...`` inside a
line) matches anything, as doctest's ELLIPSIS does; trailing spaces are
ignored.

Commands run in-process through :func:`supecost.cli.main`; ``supecost`` and
``python3 -m supecost`` are both accepted. ``echo TEXT | supecost ...`` and
``printf '%s\\n' LINE... | supecost ...`` feed standard input. Lines ending
in ``# not run``, and commands that are not supecost (``pip``, ``pytest``,
``cd``), are skipped. ``curl`` commands to ``http://127.0.0.1:8000`` run
against the HTTP service in-process, serving ``tests/data/example.toml`` as
``example`` with the token ``CURL_TOKEN``, sending what curl itself would send
(``-d`` alone is a form, not JSON: see :func:`parse_curl`); each must answer
2xx unless it shows its error status (:func:`documented_status`). A
documented ``quote`` or ``report`` must pin its date with ``--date`` so its
output never depends on today.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib
import importlib.util
import io
import json
import re
import shlex
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import supecost
from supecost.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = ROOT / "README.md"

README_COMMANDS = (
    "python3 -m pip install . && python3 -m supecost quote --sessions 5",
    "python3 -m pip install -e '.[test]' && python3 -m pytest",
)
"""The README's two set-up commands, exactly as CI and newcomers run them."""

NOT_RUN = "# not run"
_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})\s*(?P<info>[^\s`]*)")


@dataclass(frozen=True)
class Example:
    """One documented command and the output the docs promise."""

    path: Path
    line: int
    command: str
    expected: str

    @property
    def id(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


def markdown_files() -> list[Path]:
    """README.md and every Markdown page of the docs (build output excluded)."""
    pages = sorted(p for p in DOCS.rglob("*.md") if "_build" not in p.relative_to(DOCS).parts)
    return [README, *pages]


def console_blocks(text: str) -> Iterator[tuple[int, list[str]]]:
    """Each ```console block: the line number of its first line, and its lines."""
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence, indent = opening["fence"], len(opening["indent"])
        body: list[str] = []
        start = index + 2
        index += 1
        while index < len(lines) and not lines[index].strip().startswith(fence):
            body.append(lines[index][indent:] if lines[index][:indent].isspace() else lines[index])
            index += 1
        index += 1
        if opening["info"] in {"console", "shell-session"}:
            yield start, body


def examples(path: Path) -> Iterator[Example]:
    """The commands of a page's console blocks with their expected output."""
    for start, body in console_blocks(path.read_text(encoding="utf-8")):
        command: str | None = None
        first = 0
        output: list[str] = []
        number = 0
        while number < len(body):
            line = body[number]
            if line.startswith("$ "):
                if command is not None:
                    yield Example(path, first, command, "\n".join(output))
                first = start + number
                command = line[2:]
                while command.endswith("\\") and number + 1 < len(body):
                    number += 1
                    command = command[:-1] + " " + body[number].strip()
                output = []
            elif command is not None:
                output.append(line)
            number += 1
        if command is not None:
            yield Example(path, first, command, "\n".join(output))


def _stdin_and_argv(command: str) -> tuple[str | None, list[str] | None]:
    """The standard input and the supecost arguments of a command; argv None to skip it."""
    if command.rstrip().endswith(NOT_RUN) or command.startswith("curl "):
        return None, None  # curl commands run through run_curl
    stdin: str | None = None
    if " | " in command:
        feed, command = command.split(" | ", 1)
        words = shlex.split(feed)
        if words[:1] == ["echo"]:
            stdin = " ".join(words[1:]) + "\n"
        elif words[:2] == ["printf", "%s\\n"]:
            stdin = "".join(f"{word}\n" for word in words[2:])
        else:
            raise AssertionError(f"cannot feed standard input from {feed!r}")
    words = shlex.split(command, comments=True)
    if words[:1] == ["supecost"]:
        return stdin, words[1:]
    if words[:3] in (["python3", "-m", "supecost"], ["python", "-m", "supecost"]):
        return stdin, words[3:]
    return None, None


def run(argv: list[str], stdin: str | None = None) -> tuple[int, str]:
    """Run the command line in-process: the exit code, and stdout followed by stderr."""
    out, err = io.StringIO(), io.StringIO()
    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        # argparse prints --help and --version to sys.stdout itself.
        with contextlib.redirect_stdout(out):
            code = main(argv, stdout=out, stderr=err)
    finally:
        sys.stdin = old_stdin
    return code, out.getvalue() + err.getvalue()


def _normalise(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


ALL_EXAMPLES = [example for path in markdown_files() for example in examples(path)]


def test_the_docs_have_shell_examples() -> None:
    assert len([e for e in ALL_EXAMPLES if _stdin_and_argv(e.command)[1] is not None]) >= 10


CURL_TOKEN = "change-me-to-a-long-random-token"
"""The bearer token the documented ``curl`` examples send."""

_CURL_BASE = "http://127.0.0.1:8000"


_JSON_TOOL = "| python3 -m json.tool --no-ensure-ascii"


@dataclass(frozen=True)
class CurlCall:
    """What a documented ``curl`` command sends, as curl itself would send it."""

    method: str
    path: str
    headers: tuple[tuple[str, str], ...]
    data: str | None
    write_out: str
    pretty: bool


def parse_curl(command: str) -> CurlCall:
    """The request a documented ``curl`` command makes, with curl's own defaults.

    Understood: ``-s``, ``-X METHOD``, ``-H 'Name: value'`` (``-H 'Name:'`` drops
    a header curl would add), ``-d DATA`` (``--data``, ``--data-raw``),
    ``--json DATA``, ``-w '...%{http_code}...'`` and a trailing ``| python3 -m
    json.tool --no-ensure-ascii``; the URL must start with ``http://127.0.0.1:8000``.
    As curl does, ``-d`` sends ``Content-Type: application/x-www-form-urlencoded``
    and ``--json`` sends ``Content-Type`` and ``Accept: application/json``, each
    replaced by a ``-H`` of the same name wherever it stands.
    """
    pretty = command.rstrip().endswith(_JSON_TOOL)
    words = shlex.split(command.rstrip().removesuffix(_JSON_TOOL))
    assert words[0] == "curl"
    method: str | None = None
    implied: dict[str, str] = {}
    given: dict[str, tuple[str, str]] = {}  # by lower-case name: header names are not cased
    data: str | None = None
    write_out, url = "", None
    index = 1
    while index < len(words):
        word = words[index]
        if word in ("-s", "-sS", "--silent"):
            pass
        elif word == "-X":
            index += 1
            method = words[index]
        elif word == "-H":
            index += 1
            name, _, value = words[index].partition(":")
            given[name.strip().lower()] = (name.strip(), value.strip())
        elif word in ("-d", "--data", "--data-raw", "--json"):
            index += 1
            assert data is None, "curl: one body per documented command"
            data = words[index]
            assert word == "--data-raw" or not data.startswith("@"), "curl: no body files"
            if word == "--json":
                implied = {"content-type": "application/json", "accept": "application/json"}
            else:
                implied = {"content-type": "application/x-www-form-urlencoded"}
        elif word == "-w":
            index += 1
            write_out = words[index]
        else:
            assert word.startswith(_CURL_BASE), f"curl: unknown option or URL {word!r}"
            url = word.removeprefix(_CURL_BASE)
        index += 1
    assert url is not None, "curl: no URL"
    headers = {name: (name, value) for name, value in implied.items()} | given
    return CurlCall(
        method=method or ("GET" if data is None else "POST"),
        path=url,
        headers=tuple((name, value) for name, value in headers.values() if value),
        data=data,
        write_out=write_out,
        pretty=pretty,
    )


def run_curl(command: str) -> tuple[int, str]:
    """Run a documented ``curl`` command against the service in-process (see :func:`parse_curl`).

    Returns:
        The HTTP status, and what the command prints.
    """
    from fastapi.testclient import TestClient

    from supecost.service import CatalogStore, create_app

    call = parse_curl(command)
    app = create_app(
        CatalogStore([ROOT / "tests" / "data" / "example.toml"]),
        token=CURL_TOKEN,
        reload_seconds=None,
    )
    with TestClient(app) as client:
        response = client.request(
            call.method,
            call.path,
            content=None if call.data is None else call.data.encode("utf-8"),
            headers=dict(call.headers),
        )
    body = response.text
    if call.pretty:
        body = json.dumps(response.json(), ensure_ascii=False, indent=4) + "\n"
    written = call.write_out.replace("%{http_code}", str(response.status_code))
    return response.status_code, body + written.replace("\\n", "\n")


def documented_status(command: str, expected: str) -> int | None:
    """The status a documented ``curl`` command shows, or ``None`` for success (any 2xx).

    The docs show a status on purpose in one of two ways: ``-w '%{http_code}'``
    prints it after the body, or the body shown whole (no ``...``) is a problem
    with its ``status``.
    """
    if "%{http_code}" in parse_curl(command).write_out:
        return int(expected.strip().splitlines()[-1])
    try:
        shown = json.loads(expected)
    except ValueError:
        return None
    if isinstance(shown, dict) and isinstance(shown.get("status"), int) and "title" in shown:
        return int(shown["status"])
    return None


def test_curl_is_replayed_as_curl_sends_it() -> None:
    # curl's -d is a form whatever the body looks like: a runner that sent it as JSON let
    # two documented examples pass that answer 422 against a real server.
    url = f"{_CURL_BASE}/x"
    plain = parse_curl(f"curl -s -d '{{}}' {url}")
    assert (plain.method, plain.path, plain.data) == ("POST", "/x", "{}")
    assert plain.headers == (("content-type", "application/x-www-form-urlencoded"),)
    sent = parse_curl(f"curl -s --json '{{}}' {url}")
    assert dict(sent.headers) == {"content-type": "application/json", "accept": "application/json"}
    # A -H replaces curl's own header of that name, before or after the body, in any case.
    for command in (
        f"curl -H 'Content-Type: application/json' -d '{{}}' {url}",
        f"curl -d '{{}}' -H 'content-type: application/json' {url}",
    ):
        assert [v for _, v in parse_curl(command).headers] == ["application/json"]
    assert parse_curl(f"curl -H 'Content-Type:' -d '{{}}' {url}").headers == ()
    assert parse_curl(f"curl -X PUT -d '{{}}' {url}").method == "PUT"
    assert parse_curl(f"curl {url}").method == "GET"
    shown = parse_curl(
        f"curl -s -w '%{{http_code}}' {url} | python3 -m json.tool --no-ensure-ascii"
    )
    assert shown.pretty
    assert documented_status(f"curl -w '%{{http_code}}' {url}", "{}\n415") == 415
    problem = '{"type": "about:blank", "title": "Not Found", "status": 404, "detail": "x"}'
    assert documented_status(f"curl {url}", problem) == 404
    assert documented_status(f"curl {url}", '{"status":"ok"}') is None
    assert documented_status(f"curl {url}", '{"results": [{"status": 422}]...') is None


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda e: e.id)
def test_shell_example(example: Example, monkeypatch: pytest.MonkeyPatch) -> None:
    if example.command.startswith("curl ") and not example.command.rstrip().endswith(NOT_RUN):
        pytest.importorskip("fastapi", reason="the serve extra is not installed")
        status, got = run_curl(example.command)
        want = documented_status(example.command, example.expected)
        if (status != want) if want is not None else not 200 <= status < 300:
            pytest.fail(
                f"{example.id}: `$ {example.command}` answered {status}, "
                f"not {want or 'a success (2xx)'}:\n{got}",
                pytrace=False,
            )
        if not doctest.OutputChecker().check_output(
            _normalise(example.expected) + "\n", _normalise(got) + "\n", doctest.ELLIPSIS
        ):
            pytest.fail(
                f"{example.id}: `$ {example.command}` printed\n{got}\n"
                f"but the docs say\n{example.expected}",
                pytrace=False,
            )
        return
    stdin, argv = _stdin_and_argv(example.command)
    if argv is None:
        pytest.skip("not a supecost command, or marked '# not run'")
    if argv[:1] in (["quote"], ["report"]) and not {"--date", "--batch", "--help", "-h"} & set(
        argv
    ):
        pytest.fail(f"{example.id}: pin the date of a documented {argv[0]} with --date 2026-04-01")
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps --help to the terminal width
    code, got = run(argv, stdin)
    # A command documented to fail says so: `$ supecost ... # exit 2`.
    declared = re.search(r"#\s*exit\s+(\d+)\s*$", example.command)
    expected_code = int(declared.group(1)) if declared else 0
    if code != expected_code:
        pytest.fail(
            f"{example.id}: `$ {example.command}` exited {code}, not {expected_code}; "
            "mark a documented failure with `# exit N`",
            pytrace=False,
        )
    want = _normalise(example.expected)
    checker = doctest.OutputChecker()
    if not checker.check_output(want + "\n", _normalise(got) + "\n", doctest.ELLIPSIS):
        pytest.fail(
            f"{example.id}: `$ {example.command}` printed\n{got}\n"
            f"but the docs say\n{example.expected}",
            pytrace=False,
        )


def test_readme_begins_with_the_two_set_up_commands() -> None:
    lines = README.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# ")
    body = [line for line in lines[1:] if line.strip()]
    assert body[0] == "```console"
    assert tuple(body[1:3]) == README_COMMANDS
    assert body[3] == "```"


def test_readme_links_into_the_docs() -> None:
    text = README.read_text(encoding="utf-8")
    for page in ("docs/tutorial.md", "docs/tutorial.ja.md", "docs/reference/api.md"):
        assert f"({page})" in text, page
        assert (ROOT / page).is_file(), page


def _documented_modules() -> set[str]:
    api = (DOCS / "reference" / "api.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\.\. automodule:: (\S+)", api, flags=re.MULTILINE))


def test_the_reference_documents_every_public_name() -> None:
    documented = _documented_modules()
    homes: dict[str, str] = {}
    for module_name in sorted(documented):
        module = importlib.import_module(module_name)
        if module_name != "supecost":
            for name in getattr(module, "__all__", ()):
                homes.setdefault(name, module_name)
    missing = [name for name in supecost.__all__ if name != "__version__" and name not in homes]
    assert not missing, f"add the modules of {missing} to docs/reference/api.md"


@pytest.mark.parametrize(
    "module", ["supecost.contracts", "supecost.report", "supecost.strategies", "supecost.lint"]
)
def test_the_reference_documents_every_public_module(module: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{module} does not exist yet")
    assert module in _documented_modules(), f"add `.. automodule:: {module}` to reference/api.md"
