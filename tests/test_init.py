"""The public facade: a static ``__all__`` matching the exports, and imports pointing one way."""

import ast
import doctest
import functools
import importlib
import inspect
import pathlib
import re
import subprocess
import sys
import typing
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

import supecost

SOURCE = pathlib.Path(supecost.__file__).parent

# Each module may import only the modules listed before it (errors <- money <- ... <- cli).
LAYERS = [
    {"errors"},
    {"money"},
    {"tax", "l10n", "prebuilt", "rates"},
    {"catalog"},
    {"lint"},
    {"quotes"},
    {"engine"},
    {"loans"},
    {"contracts", "strategies", "report"},
    {"present"},
    {"__init__"},
    {"service"},
    {"cli"},
    {"__main__"},
]


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for index, layer in enumerate(LAYERS):
        if top in layer:
            return index
    raise AssertionError(f"module {module!r} has no layer; add it to LAYERS")


@functools.cache
def _import_nodes(path: pathlib.Path) -> tuple[ast.Import | ast.ImportFrom, ...]:
    """Every import statement of a source file, lazy ones in functions too; parsed once."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return tuple(node for node in ast.walk(tree) if isinstance(node, ast.Import | ast.ImportFrom))


def _supecost_imports(path: pathlib.Path) -> set[str]:
    found: set[str] = set()
    for node in _import_nodes(path):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("supecost"):
            found.add(node.module.removeprefix("supecost").lstrip(".") or "__init__")
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("supecost.")
                for a in node.names
                if a.name.startswith("supecost.")
            }
    return found


def test_all_is_static_sorted_and_complete() -> None:
    tree = ast.parse((SOURCE / "__init__.py").read_text(encoding="utf-8"))
    assigned = [
        node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(getattr(t, "id", "") == "__all__" for t in node.targets)
    ]
    assert len(assigned) == 1
    assert isinstance(assigned[0], ast.List)
    names = [element.value for element in assigned[0].elts if isinstance(element, ast.Constant)]
    assert names == supecost.__all__
    assert len(set(names)) == len(names)
    for name in names:
        assert hasattr(supecost, name), name
    public = {name for name in vars(supecost) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(supecost, name)).__name__ == "module"}
    assert public - modules - set(names) == set(), "exported but missing from __all__"


@pytest.mark.parametrize(
    "path", sorted(p for p in SOURCE.rglob("*.py")), ids=lambda p: str(p.relative_to(SOURCE))
)
def test_imports_point_one_way(path: pathlib.Path) -> None:
    module = ".".join(path.relative_to(SOURCE).with_suffix("").parts)
    own = _layer(module)
    for imported in _supecost_imports(path):
        if imported.split(".")[0] == module.split(".")[0]:
            continue  # within one package
        # Strictly below, so modules of one layer never lean on each other.
        assert _layer(imported) < own, f"{module} imports {imported}, which is not below it"


# Modules whose Japanese string literals are not wording a reader is shown: the message
# tables own that, one per language, chosen at rendering.
_JAPANESE_NOT_WORDING = {
    "report/messages.py": "the message tables themselves",
    "catalog.py": "synonyms a catalog's author may write for a value",
    "cli.py": "input forms read (full-width digits, 〜) and glosses in English help",
    "contracts.py": "glosses of a Japanese legal term in English text",
    "rates.py": "glosses of a Japanese legal term in English text",
    "l10n.py": "number and yen formats, the locale conventions' owner",
    "lint.py": "words a catalog's fee names are matched against (再診料, SC026)",
    "report/html.py": "where Japanese text may wrap",
    "report/words.py": "honorifics an addressee may already end in",
    "service/app.py": "glosses in the English summaries of the HTTP API",
    "service/simulator.py": "an example in a field's English description",
    "strategies.py": "test data",
}
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]")


def _japanese_literals(path: pathlib.Path) -> list[str]:
    """The string literals of a source file with Japanese in them, docstrings left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # A string standing alone is a docstring (a module's, a function's, an attribute's).
    docstrings = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and _JAPANESE.search(node.value)
    ]


@pytest.mark.parametrize(
    "path", sorted(p for p in SOURCE.rglob("*.py")), ids=lambda p: str(p.relative_to(SOURCE))
)
def test_japanese_wording_lives_in_the_message_tables(path: pathlib.Path) -> None:
    # An unnamed offer's 「5回セット」 was once worded in names.py beside the tables.
    where = path.relative_to(SOURCE).as_posix()
    if where not in _JAPANESE_NOT_WORDING:
        assert _japanese_literals(path) == [], f"{where}: move the words to report/messages.py"


def test_the_modules_allowed_japanese_still_have_it() -> None:
    # A stale entry would let wording back into a module that no longer needs the exception.
    for where in _JAPANESE_NOT_WORDING:
        assert _japanese_literals(SOURCE / where), where


@pytest.mark.parametrize(
    ("library", "allowed"),
    [
        ("babel", {"l10n"}),
        ("hypothesis", {"strategies"}),
        ("argparse", {"cli"}),
        # HTTP only in the service.
        ("fastapi", {"service/app", "service/__init__"}),
        ("starlette", {"service/app"}),
        ("uvicorn", {"service/__init__"}),
    ],
)
def test_heavy_libraries_stay_in_their_module(library: str, allowed: set[str]) -> None:
    for path, names in _top_level_imports().items():
        if library in names:
            where = path.relative_to(SOURCE).with_suffix("").as_posix()
            assert where in allowed, f"{path.name} imports {library}"


@functools.cache
def _top_level_imports() -> dict[pathlib.Path, frozenset[str]]:
    """Each source file's imported top-level packages, parsed once for every library checked."""
    found = {}
    for path in SOURCE.rglob("*.py"):
        nodes = _import_nodes(path)
        found[path] = frozenset(
            {
                alias.name.split(".")[0]
                for node in nodes
                if isinstance(node, ast.Import)
                for alias in node.names
            }
            | {
                node.module.split(".")[0]
                for node in nodes
                if isinstance(node, ast.ImportFrom) and node.module
            }
        )
    return found


def test_importing_supecost_loads_only_money_and_errors() -> None:
    # Hypothesis never; pydantic, babel and the engine only when one of their names is used.
    code = (
        "import sys, supecost; print(sorted(m for m in ('hypothesis', 'pydantic', 'babel', "
        "'supecost.engine') if m in sys.modules)); supecost.quote; "
        "print(sorted(m for m in ('hypothesis', 'supecost.engine') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines() == ["[]", "['supecost.engine']"]


def test_unknown_names_are_attribute_errors() -> None:
    with pytest.raises(AttributeError, match="no attribute 'qoute'"):
        supecost.qoute  # noqa: B018
    assert "quote" in dir(supecost)


def test_version_is_the_packaged_version() -> None:
    metadata = importlib.import_module("importlib.metadata")
    assert supecost.__version__ == metadata.version("supecost")


@pytest.mark.parametrize("name", ["brute_force_total", "BRUTE_FORCE_MAX_SESSIONS"])
def test_the_engines_own_brute_force_is_not_public(name: str) -> None:
    # It reused the engine's bill, so it could not catch a wrong pricing order; the
    # independent oracle lives in the tests (tests/oracle.py) instead.
    assert name not in supecost.__all__
    with pytest.raises(AttributeError):
        getattr(supecost, name)
    assert not hasattr(importlib.import_module("supecost.engine"), name)


def _signature_names(item: object) -> set[str]:
    """The public supecost names an exported function's or record's signature mentions."""
    if isinstance(item, type) and issubclass(item, BaseModel):
        annotations = [field.annotation for field in item.model_fields.values()]
        return {
            found.__name__
            for annotation in annotations
            for found in _classes(annotation)
            if found.__module__.startswith("supecost")
        }
    if not inspect.isfunction(item):
        return set()
    module = sys.modules[item.__module__]
    words = {
        word
        for annotation in item.__annotations__.values()
        for word in re.findall(r"[A-Za-z_]\w*", str(annotation))
    }
    # A class of supecost's, or a name its module makes public (an alias such as ``Ways``).
    return {
        word
        for word in words
        if word in getattr(module, "__all__", ())
        or (
            inspect.isclass(getattr(module, word, None))
            and getattr(module, word).__module__.startswith("supecost")
        )
    }


def _classes(annotation: object) -> Iterator[type]:
    if isinstance(annotation, type):
        yield annotation
    for argument in typing.get_args(annotation):
        yield from _classes(argument)


def test_every_name_a_public_signature_mentions_is_public() -> None:
    # quote(..., ways=) takes a Ways; Package.contents holds PackageItems, Catalog.lint a
    # LintSettings: a user who meets a type in the API imports it from supecost too.
    mentioned = {
        (name, word)
        for name in supecost.__all__
        for word in _signature_names(getattr(supecost, name))
    }
    assert {word for _, word in mentioned} >= {"Ways", "PackageItem", "LadderStep", "LintWaiver"}
    assert {(name, word) for name, word in mentioned if word not in supecost.__all__} == set()


_PUBLIC_MODULES = (
    "supecost",
    "supecost.errors",
    "supecost.money",
    "supecost.tax",
    "supecost.catalog",
    "supecost.lint",
    "supecost.quotes",
    "supecost.report",
    "supecost.report.blocks",
    "supecost.report.figures",
    "supecost.report.model",
)


def _public_frozen_dataclasses() -> Iterator[type]:
    import dataclasses

    seen: set[type] = set()
    for name in _PUBLIC_MODULES:
        module = importlib.import_module(name)
        for attribute in getattr(module, "__all__", ()):
            value = getattr(module, attribute)
            if (
                isinstance(value, type)
                and dataclasses.is_dataclass(value)
                and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
                and value not in seen
            ):
                seen.add(value)
                yield value


def test_every_public_frozen_value_refuses_a_change_with_one_error() -> None:
    from supecost.errors import FrozenRecordError, refuses_changes
    from supecost.money import YenRange

    # What a public record or value says when changed is one error, a SupecostError, for
    # pydantic records (FrozenRecord) and dataclasses alike: each has the decorator's methods.
    marked = refuses_changes(type("Probe", (), {}))
    found = list(_public_frozen_dataclasses())
    assert len(found) > 10  # the walk found the values, not nothing
    unmarked = [cls.__name__ for cls in found if cls.__setattr__ is not marked.__setattr__]
    assert not unmarked
    price = YenRange.exact(1_000)
    with pytest.raises(FrozenRecordError, match=r"YenRange\.min cannot be assigned"):
        price.min = 0  # type: ignore[misc]
    with pytest.raises(FrozenRecordError, match="cannot be deleted"):
        del price.max  # type: ignore[misc]


API_REFERENCE = SOURCE.parents[1] / "docs" / "reference" / "api.md"


def _own_docstring(value: object) -> str | None:
    """A public name's own docstring; ``None`` for a value whose doc is its type's (an int)."""
    doc = getattr(value, "__doc__", None)
    if inspect.isclass(value) or inspect.isroutine(value):
        return doc
    return None if doc == getattr(type(value), "__doc__", None) else doc


@pytest.mark.parametrize("name", supecost.__all__)
def test_every_public_name_has_a_summary_line_and_a_runnable_example(name: str) -> None:
    value = getattr(supecost, name)
    doc = _own_docstring(value)
    if doc is None:
        # A number, a string or a Literal alias typing shares with every equal one cannot
        # carry a docstring of its own: the public reference gives its example, run by the
        # suite as every ```pycon block of the docs is.
        blocks = re.findall(r"```pycon\n(.*?)```", API_REFERENCE.read_text("utf-8"), re.DOTALL)
        assert any(f"supecost.{name}" in block for block in blocks), (
            f"{name} has no docstring of its own: give it an example in {API_REFERENCE.name}"
        )
        return
    summary, _, rest = inspect.cleandoc(doc).partition("\n")
    assert summary.strip(), f"{name}'s docstring starts with a blank line"
    assert not rest or rest.startswith("\n"), f"{name}'s summary is more than one line"
    examples = doctest.DocTestParser().get_examples(doc)
    assert examples, f"{name}'s docstring has no example (>>>)"
    if not (inspect.isclass(value) or inspect.isroutine(value) or inspect.ismodule(value)):
        # An alias with a docstring of its own (supecost.Yen) is no function or class, so
        # --doctest-modules never collects it: its example runs here.
        test = doctest.DocTestParser().get_doctest(
            doc, {**vars(supecost), name: value}, name, None, 0
        )
        runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
        runner.run(test, out=lambda _: None)
        assert runner.summarize(verbose=False).failed == 0, f"{name}'s example fails"


def test_help_on_yen_shows_its_own_documentation() -> None:
    import pydoc

    text = pydoc.render_doc(supecost.Yen, renderer=pydoc.plaintext)
    assert "A whole-yen ``int`` as a pydantic field type" in text
    assert "typing.Annotated" in text  # what it is, said by its own text


def _records_within(value: object, seen: set[int]) -> Iterator[BaseModel]:
    """Every pydantic record reachable from ``value`` through fields, tuples and mappings."""
    if id(value) in seen:
        return
    # The caller keeps every value alive (they are yielded), so an id is never reused.
    seen.add(id(value))
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _records_within(getattr(value, name), seen)
    elif isinstance(value, dict):
        for each in value.values():
            yield from _records_within(each, seen)
    elif isinstance(value, list | tuple | frozenset):
        for each in value:
            yield from _records_within(each, seen)


def _realistic_records() -> Iterator[BaseModel]:
    """Records as a caller meets them: the test catalogs, quotes of ranges, a contract."""
    from datetime import date

    from supecost.contracts import contract_for_offer, contract_report, instalment_report
    from supecost.contracts import instalments as schedule

    seen: set[int] = set()
    yield from _records_within(supecost.reference_catalog(), seen)
    data = SOURCE.parents[1] / "tests" / "data"
    for path in sorted(data.glob("*.toml")):
        catalog = supecost.load_catalog(path)
        yield from _records_within(catalog, seen)
        for treatment in catalog.treatments[:3]:
            doses = [f"{treatment.id}:{dose.id}" for dose in treatment.doses]
            request = supecost.QuoteRequest(
                treatment=doses[0] if doses else treatment.id,
                sessions=supecost.SessionRange(min=1, max=6),
                months=6,
                on=date(2026, 4, 1),
                new_patient=True,
            )
            yield from _records_within(supecost.quote(catalog, request), seen)
    example = supecost.load_catalog(data / "example.toml")
    contract = contract_for_offer(example, "sup-iv-5", received=date(2026, 4, 1))
    yield from _records_within(contract_report(contract, today=date(2026, 6, 1), used=2), seen)
    yield from _records_within(instalment_report(schedule(100_000, 10, apr_percent="12")), seen)
    # The records no test catalog or quote above holds, as their docs build them.
    yield supecost.InstalmentTerm(name="医療ローン", max_count=24, apr="6.9")
    yield supecost.EnrollmentCampaign(valid_until=date(2026, 12, 31))
    yield supecost.WithEntry(treatment="placenta", units=3)
    yield supecost.FeeChoice(fee="after-hours", visits=1)
    yield supecost.SharedSet(
        kind="shared", id="common-5", treatments=["a", "b"], sessions=5, price=132_000
    )
    yield supecost.Payment(month=0, amount=supecost.YenRange.exact(49_500))
    yield supecost.Unserved(way=supecost.Way.subscription("monthly"), reason="allowance")


def test_every_public_frozen_record_hashes_and_equal_records_hash_alike() -> None:
    # A frozen record looks hashable (pydantic gives it __hash__): a dict inside one
    # (Quote.explanation.winners once) made hash() fail only at run time.
    public = {
        value
        for value in (getattr(supecost, name) for name in supecost.__all__)
        if isinstance(value, type)
        and issubclass(value, BaseModel)
        and value.model_config.get("frozen")
    }
    met: set[type] = set()
    records = list(_realistic_records())  # all alive at once: the walk's ids stay unique
    for record in records:
        hash(record)
        again = type(record).model_validate_json(record.model_dump_json(by_alias=True))
        assert again == record
        assert hash(again) == hash(record)
        met.add(type(record))
    assert not sorted(cls.__name__ for cls in public - met)  # every public record was tried
