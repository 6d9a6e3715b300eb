"""Tests for supecost.errors: one root, the right builtin, the data kept, a fix in the message."""

from __future__ import annotations

import dataclasses

import pytest

from supecost import errors
from supecost.errors import (
    ArgumentTypeError,
    CatalogError,
    CatalogProblem,
    ContractError,
    FrozenRecordError,
    LocaleError,
    MoneyError,
    RequestError,
    SupecostError,
    TaxError,
    UnknownIdError,
    YenRangeError,
    YenTypeError,
    YenValueError,
    field_name,
)


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (MoneyError, ValueError),
        (YenTypeError, TypeError),
        (YenValueError, ValueError),
        (YenRangeError, ValueError),
        (TaxError, ValueError),
        (LocaleError, ValueError),
        (CatalogError, ValueError),
        (UnknownIdError, LookupError),
        (RequestError, ValueError),
        (ContractError, ValueError),
        (ArgumentTypeError, TypeError),
        (FrozenRecordError, AttributeError),
    ],
)
def test_every_error_is_a_supecost_error_and_the_right_builtin(
    cls: type[Exception], builtin: type[Exception]
) -> None:
    assert issubclass(cls, SupecostError)
    assert issubclass(cls, builtin)


def test_every_exported_error_is_covered() -> None:
    exported = {getattr(errors, name) for name in errors.__all__}
    exceptions = {
        item for item in exported if isinstance(item, type) and issubclass(item, Exception)
    }
    assert exceptions == {
        SupecostError,
        MoneyError,
        YenTypeError,
        YenValueError,
        YenRangeError,
        TaxError,
        LocaleError,
        CatalogError,
        UnknownIdError,
        RequestError,
        ContractError,
        ArgumentTypeError,
        FrozenRecordError,
    }
    assert CatalogProblem in exported


def test_frozen_record_error_names_the_record_and_field_and_how_to_change_it() -> None:
    error = FrozenRecordError("Treatment", "price", ("id", "name", "price"))
    assert (error.record, error.name, error.known, error.deleting) == (
        "Treatment",
        "price",
        ("id", "name", "price"),
        False,
    )
    assert error.message == "Treatment.price cannot be assigned: a Treatment is frozen"
    assert error.hint == (
        "make a changed one: Treatment.model_validate({**record.model_dump(by_alias=True), "
        "'price': ...}) "
        "validates it; record.model_copy(update={'price': ...}) makes one without validating it"
    )
    assert error.fields == (("price", error.message),)
    deleted = FrozenRecordError("Treatment", "price", ("price",), deleting=True)
    assert deleted.message == "Treatment.price cannot be deleted: a Treatment is frozen"
    # Not a field: the fields it has instead, 20 at most (25 fields: 20 shown, "and 5 more").
    many = tuple(f"f{n}" for n in range(25))
    stray = FrozenRecordError("Quote", "totl", many)
    assert stray.hint == (
        "a Quote has no field 'totl'; its fields are " + ", ".join(many[:20]) + " and 5 more"
    )
    # A dataclass (a report's record) is changed with dataclasses.replace.
    entry = FrozenRecordError("TreatmentEntry", "name", ("id", "name"), dataclass=True)
    assert entry.hint == "make a changed one: dataclasses.replace(record, name=...)"
    # Python's own frozen-value error catches it too.
    assert isinstance(entry, dataclasses.FrozenInstanceError)
    # A name of any length still makes a one-line message (60 characters at most).
    long = FrozenRecordError("Quote", "x" * 500)
    assert long.message == f"Quote.{'x' * 57}... cannot be assigned: a Quote is frozen"


def test_yen_errors_are_money_errors() -> None:
    assert issubclass(YenValueError, MoneyError)
    assert issubclass(YenRangeError, MoneyError)
    assert not issubclass(YenTypeError, ValueError)  # a wrong type is not a wrong value


def test_argument_type_error_names_the_argument_and_what_it_takes() -> None:
    error = ArgumentTypeError("catalog", "a Catalog", [1, 2])
    assert (error.name, error.expected, error.value) == ("catalog", "a Catalog", [1, 2])
    assert str(error) == "catalog must be a Catalog, got [1, 2] of type list; pass a Catalog"
    assert not issubclass(ArgumentTypeError, ValueError)  # a wrong type is not a wrong value
    long = ArgumentTypeError("value", "a YenRange", "x" * 500, "use YenRange(1, 2)")
    assert str(long).endswith("x...' of type str; use YenRange(1, 2)")  # the value cut short


def test_root_message_and_hint() -> None:
    error = SupecostError("bad thing", "do the good thing")
    assert error.message == "bad thing"
    assert error.hint == "do the good thing"
    assert str(error) == "bad thing; do the good thing"
    assert error.args == ("bad thing; do the good thing",)


def test_root_without_hint() -> None:
    error = SupecostError("bad thing")
    assert error.hint == ""
    assert str(error) == "bad thing"


@pytest.mark.parametrize("cls", [TaxError, RequestError, ContractError, MoneyError])
def test_plain_errors_keep_message_and_hint(cls: type[SupecostError]) -> None:
    error = cls("sessions must be at least 1", "ask for 1 or more")
    assert error.message == "sessions must be at least 1"
    assert error.hint == "ask for 1 or more"
    assert str(error) == "sessions must be at least 1; ask for 1 or more"


def test_yen_type_error() -> None:
    error = YenTypeError(12.5, "fee")
    assert error.value == 12.5
    assert error.name == "fee"
    assert error.message == "fee must be a whole number of yen (int), got 12.5 of type float"
    assert error.hint.startswith("write it as an integer such as 33000")
    assert str(error).endswith(error.hint)
    assert YenTypeError("3300").name == "amount"
    assert "got '3300' of type str" in str(YenTypeError("3300"))


def test_yen_value_error() -> None:
    error = YenValueError(10**13, 999_999_999_999, "price")
    assert (error.value, error.limit, error.name) == (10**13, 999_999_999_999, "price")
    assert error.message == (
        "price of 10,000,000,000,000 yen is outside the supported bounds of ±999,999,999,999 yen"
    )
    assert str(error).endswith("; check for extra zeros or a misplaced digit")
    assert YenValueError(-5, 1).name == "amount"


def test_yen_range_error() -> None:
    error = YenRangeError("min 5 is above max 3", "swap them", values=(5, 3))
    assert error.values == (5, 3)
    assert str(error) == "min 5 is above max 3; swap them"
    assert YenRangeError("m", "h").values == ()


def test_locale_error() -> None:
    error = LocaleError("xx")
    assert error.locale == "xx"
    assert str(error) == (
        "unknown or unsupported locale 'xx'; use 'ja_JP' (Japanese) or 'en_US' (English), "
        "the locales supecost writes in"
    )


@pytest.mark.parametrize(
    ("problem", "text"),
    [
        (
            CatalogProblem("offers[2].sessions", "must be at least 1", "clinic.toml", 14),
            "clinic.toml:14: offers[2].sessions: must be at least 1",
        ),
        (
            CatalogProblem("offers[2].sessions", "must be at least 1", "clinic.toml"),
            "clinic.toml: offers[2].sessions: must be at least 1",
        ),
        (
            CatalogProblem("offers[2].sessions", "must be at least 1", line=14),
            "14: offers[2].sessions: must be at least 1",
        ),
        (
            CatalogProblem("offers[2].sessions", "must be at least 1"),
            "offers[2].sessions: must be at least 1",
        ),
        (CatalogProblem("", "file is empty", "clinic.toml", 1), "clinic.toml:1: file is empty"),
        (CatalogProblem("", "file is empty"), "file is empty"),
    ],
)
def test_catalog_problem_str(problem: CatalogProblem, text: str) -> None:
    assert str(problem) == text


def test_catalog_problem_is_a_frozen_value() -> None:
    problem = CatalogProblem("a", "b", "c", 1)
    assert problem == CatalogProblem("a", "b", "c", 1)
    assert hash(problem) == hash(CatalogProblem("a", "b", "c", 1))
    with pytest.raises(AttributeError):
        problem.line = 2  # type: ignore[misc]


def test_catalog_error_one_problem() -> None:
    problem = CatalogProblem("treatments", "add at least one treatment")
    error = CatalogError([problem])
    assert error.problems == (problem,)
    assert str(error) == "1 problem in the catalog:\n  treatments: add at least one treatment"


def test_catalog_error_of_a_record_built_in_python_names_the_record() -> None:
    problem = CatalogProblem("doses[0].price", "is required; add it")
    error = CatalogError([problem], record="Treatment")
    assert (error.problems, error.record) == ((problem,), "Treatment")
    assert str(error) == "1 problem in the Treatment record:\n  doses[0].price: is required; add it"
    assert CatalogError([problem]).record == ""  # a whole catalog, as a file is


def test_catalog_error_many_problems() -> None:
    problems = [
        CatalogProblem("offers[0].price", "must be a whole number of yen", "c.toml", 7),
        CatalogProblem("offers[1].sessions", "must be at least 1", "c.toml", 12),
    ]
    error = CatalogError(problems)  # the sequence is kept as a tuple
    assert error.problems == tuple(problems)
    assert str(error) == (
        "2 problems in the catalog:\n"
        "  c.toml:7: offers[0].price: must be a whole number of yen\n"
        "  c.toml:12: offers[1].sessions: must be at least 1"
    )
    assert error.message == str(error)
    assert error.hint == ""


def test_unknown_id_suggests_a_close_match() -> None:
    error = UnknownIdError("treatment", "sup-vi", ["sup-iv", "nmn"])
    assert (error.kind, error.value, error.known) == ("treatment", "sup-vi", ("sup-iv", "nmn"))
    assert error.message == "unknown treatment 'sup-vi'"
    assert error.hint == "did you mean 'sup-iv'? known treatment ids: sup-iv, nmn"
    assert str(error) == (
        "unknown treatment 'sup-vi'; did you mean 'sup-iv'? known treatment ids: sup-iv, nmn"
    )


def test_unknown_id_without_a_close_match() -> None:
    error = UnknownIdError("offer", "zzz", ("sup-iv", "nmn"))
    assert error.hint == "known offer ids: sup-iv, nmn"
    assert "did you mean" not in str(error)


def test_unknown_id_with_nothing_known() -> None:
    error = UnknownIdError("clinic", "tokyo", ())
    assert error.known == ()
    assert str(error) == (
        "unknown clinic 'tokyo'; the catalog has no clinic; add one, or leave it out"
    )


def test_unknown_id_lists_twenty_known_ids_and_counts_the_rest() -> None:
    # 25 ids known: the first 20 are listed, and 25 - 20 = 5 are counted.
    known = [f"t{i}" for i in range(25)]
    error = UnknownIdError("treatment", "x" * 500, known)
    assert error.hint == f"known treatment ids: {', '.join(known[:20])} and 5 more"
    assert error.known == tuple(known)
    assert len(error.message) < 80


def test_unknown_id_is_caught_as_lookup_error() -> None:
    with pytest.raises(LookupError):
        raise UnknownIdError("treatment", "x", ["y"])


@pytest.mark.parametrize(
    ("location", "name"),
    [
        (("sessions",), "sessions"),
        (("sessions", "constrained-int"), "sessions"),
        (("sessions", "function-after[_check(), int]"), "sessions"),
        (("sessions", "SessionRange", "low"), "sessions.low"),
        (("with", 2, "WithEntry", "units"), "with.2.units"),
        (("list[int]", 0), "0"),
        (("valid_months",), "valid_months"),  # an underscore is a field's, never a tag's
        ((), ""),
    ],
)
def test_field_name_leaves_out_union_tags(location: tuple[object, ...], name: str) -> None:
    assert field_name(location) == name


def test_a_hyphenated_id_in_an_error_location_is_kept_and_union_tags_are_not() -> None:
    from supecost.errors import field_name

    # A history's key reads like a pydantic tag ("sup-iv", "constrained-int"); only the tags go.
    assert field_name(("history", "sup-iv", "constrained-int")) == "history.sup-iv"
    assert field_name(("sessions", "function-after[_check(), int]", "SessionRange")) == "sessions"


def test_a_value_read_from_json_is_echoed_in_json_words() -> None:
    from supecost.errors import excerpt, reading_json

    # JSON's sender wrote null and true: Python's None and True would puzzle them.
    with reading_json():
        assert (excerpt(None), excerpt(True), excerpt("x")) == ("null", "true", "'x'")
    assert (excerpt(None), excerpt(False)) == ("None", "False")


def test_a_shortened_value_keeps_its_quotes_and_brackets_closed() -> None:
    from supecost.errors import excerpt

    # 12 characters: the quote, 7 x, "..." and the quote again (never "'xxxxxxxx...").
    assert excerpt("x" * 100, limit=12) == "'xxxxxxx...'"
    # A value quoted with double quotes closes with them; a backslash cut from its escape
    # ('\\n' shown as \\n) is dropped rather than left to escape the closing quote.
    assert excerpt("it's" + "y" * 100, limit=12) == '"it\'syyy..."'
    assert excerpt("ab\\cdefgh", limit=8) == "'ab...'"
    # A container's brackets close too, innermost first, within the limit.
    assert excerpt({"k": ["v" * 100]}, limit=20) == "{'k': ['vvvvvv...']}"
    assert all(len(excerpt("x" * 100, limit=n)) <= n for n in range(5, 70))


def test_a_value_read_from_json_is_typed_in_json_words() -> None:
    from supecost.errors import reading_json, typed_excerpt

    values = [None, True, "x", 1, 1.5, [1], {"a": 1}]
    with reading_json():
        assert [typed_excerpt(v) for v in values] == [
            "null",
            "true of type boolean",
            "'x' of type string",
            "1 of type number",
            "1.5 of type number",
            "[1] of type array",
            "{'a': 1} of type object",
        ]
    assert typed_excerpt(None) == "None of type NoneType"
    assert typed_excerpt(1.5) == "1.5 of type float"
