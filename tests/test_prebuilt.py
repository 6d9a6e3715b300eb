"""Tests for supecost.prebuilt and the built-in catalog it ships validated."""

from __future__ import annotations

import pathlib

import pytest

import supecost.catalog as catalog_module
import supecost.prebuilt as prebuilt
from supecost.catalog import Catalog, parse_catalog, reference_catalog

DATA = pathlib.Path(catalog_module.__file__).parent / "data"
REBUILD = 'python -c "from supecost.catalog import _write_reference_prebuilt as w; w()"'


def test_the_shipped_reference_catalog_is_current() -> None:
    # Stale after any change to reference.toml, catalog.py, money.py, tax.py, rates.py or pydantic:
    # start-up then validates as before (correct, slower) until it is rebuilt.
    text = (DATA / "reference.toml").read_bytes()
    shipped = prebuilt.read(DATA / "reference.pickle", catalog_module._reference_key(text))
    assert isinstance(shipped, Catalog), f"rebuild it: {REBUILD}"
    fresh = parse_catalog(text, format="toml", source="supecost/data/reference.toml")
    assert shipped == fresh
    assert shipped.model_dump() == fresh.model_dump()
    assert reference_catalog() == fresh


def test_the_rebuild_writes_what_start_up_reads(tmp_path: pathlib.Path) -> None:
    target = tmp_path / "reference.pickle"
    catalog_module._write_reference_prebuilt(target)
    text = (DATA / "reference.toml").read_bytes()
    assert prebuilt.read(target, catalog_module._reference_key(text)) == reference_catalog()


def test_the_rebuild_is_the_same_bytes_each_time(tmp_path: pathlib.Path) -> None:
    # A record pickles the set of its fields set, ordered by string hashes: written with a
    # fixed hash seed, two rebuilds of the same sources are the same file.
    first, second = tmp_path / "first.pickle", tmp_path / "second.pickle"
    catalog_module._write_reference_prebuilt(first)
    catalog_module._write_reference_prebuilt(second)
    assert first.read_bytes() == second.read_bytes()


def test_a_stale_key_falls_back_to_validating(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_reference_key", lambda text: prebuilt.key(b"other"))
    built = catalog_module.reference_catalog.__wrapped__()
    assert built == reference_catalog()
    assert built is not reference_catalog()


def test_a_missing_or_changed_file_gives_nothing(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "value.pickle"
    assert prebuilt.read(path, prebuilt.key(b"a")) is None
    prebuilt.write(path, prebuilt.key(b"a"), ("a", 1))
    assert prebuilt.read(path, prebuilt.key(b"a")) == ("a", 1)
    # The key covers every source, each length-prefixed: b"a" + b"b" is not b"ab".
    assert prebuilt.key(b"a", b"b") != prebuilt.key(b"ab")
    assert prebuilt.read(path, prebuilt.key(b"a", b"")) is None
