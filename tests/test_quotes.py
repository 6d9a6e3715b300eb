"""Tests for supecost.quotes: request validation and the records' JSON form."""

from __future__ import annotations

import copy
import json
import pathlib
import pickle
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from supecost.catalog import load_catalog, parse_catalog, validate_catalog
from supecost.engine import quote
from supecost.errors import FrozenRecordError, RequestError, SupecostError
from supecost.money import Scenario, YenRange
from supecost.quotes import (
    MAX_SESSIONS,
    BreakEven,
    Explanation,
    Line,
    LineKind,
    Option,
    Payment,
    PointValues,
    Quote,
    QuoteRequest,
    SessionPoint,
    SessionRange,
    TaxLine,
    Unserved,
    UnservedReason,
    Unused,
    Way,
    WayKind,
    WithEntry,
    assemble_request,
    checked_request,
)
from supecost.strategies import catalogs, requests


def test_session_range_counts() -> None:
    assert list(SessionRange(min=3, max=6).counts()) == [3, 4, 5, 6]
    assert list(SessionRange(min=2, max=2).counts()) == [2]


def test_session_range_out_of_order() -> None:
    with pytest.raises(RequestError, match="the range's min 6 is above its max 3; swap them"):
        SessionRange(min=6, max=3)


def test_session_range_too_wide() -> None:
    # 1〜100 is 100 counts, the most allowed; 1〜101 and 5〜105 are 101 counts, one too many.
    assert len(SessionRange(min=1, max=100).counts()) == 100
    with pytest.raises(RequestError, match="spans 101 counts, more than 100"):
        SessionRange(min=1, max=101)
    with pytest.raises(RequestError, match="the range 5–105 spans 101 counts"):
        SessionRange(min=5, max=105)


@pytest.mark.parametrize("sessions", [0, MAX_SESSIONS + 1, 2.0, "3", True])
def test_request_rejects_bad_sessions(sessions: object) -> None:
    # A caller catching the root error catches a bad request, with the field named.
    with pytest.raises(SupecostError, match="invalid request: sessions"):
        QuoteRequest.model_validate({"sessions": sessions})
    with pytest.raises(RequestError, match="sessions"):
        QuoteRequest(sessions=sessions)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ('{"sessions": 0}', "sessions must be at least 1, got 0"),
        ('{"sessions": 1001}', "sessions must be at most 1000, got 1001"),
        ('{"sessions": "5"}', "sessions must be a whole number, got '5'"),
        ('{"sessions": {"min": 5, "max": 3}}', "sessions: the range's min 5 is above its max 3"),
        ('{"sessions": {"min": 0, "max": 3}}', "sessions: min must be at least 1, got 0"),
        ('{"sessions": 2, "new_patiant": false}', "unknown field 'new_patiant'"),
        ("{}", "sessions is missing"),
        ('{"sessions": 5, "on": "2026-02-30"}', "on: must be a date such as 2026-04-01"),
        ('{"sessions": 5, "with": "nmn"}', "with must be a list, got 'nmn'"),
        ('{"sessions": 5, "with": [5]}', "with.0 must be text, got 5"),
        ('{"sessions": 5, "treatment": 5}', "treatment must be text, got 5"),
        ('{"sessions": 5, "history": "x"}', "history must be an object (a mapping), got 'x'"),
        ('{"sessions": 5, "new_patient": "yes"}', "new_patient must be true or false, got 'yes'"),
    ],
)
def test_request_errors_name_the_field_in_plain_words(raw: str, message: str) -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate_json(raw)
    assert message in str(caught.value)
    assert "Input should" not in str(caught.value)  # no raw pydantic wording


@pytest.mark.parametrize(
    "on",
    # pydantic's lax dates read a number as seconds since 1970 (0 is 1970-01-01,
    # 1775001600 is 2026-04-01) and accept a midnight datetime; a purchase day is a date.
    [0, 1775001600, "1775001600", "2026-04-01T00:00:00", datetime(2026, 4, 1), True],
)
def test_request_date_is_a_calendar_date_only(on: object) -> None:
    with pytest.raises(RequestError, match="on: must be a date such as 2026-04-01") as caught:
        QuoteRequest.model_validate({"sessions": 5, "on": on})
    assert "Input should" not in str(caught.value)
    assert QuoteRequest.model_validate({"sessions": 5, "on": "2026-04-01"}).on == date(2026, 4, 1)


def test_request_session_counts() -> None:
    assert QuoteRequest(sessions=4).session_counts == range(4, 5)
    ranged = QuoteRequest(sessions=SessionRange(min=3, max=6))
    assert ranged.session_counts == range(3, 7)


def test_request_json_round_trip_uses_with() -> None:
    request = QuoteRequest.model_validate(
        {"sessions": {"min": 3, "max": 6}, "months": 6, "with": ["nmn"], "on": "2026-04-01"}
    )
    assert request.with_ == ("nmn",)
    assert request.on == date(2026, 4, 1)
    dumped = request.model_dump(mode="json", by_alias=True)
    assert dumped == {
        "treatment": None,
        "sessions": {"min": 3, "max": 6},
        "months": 6,
        "with": ["nmn"],
        "new_patient": True,
        "on": "2026-04-01",
        "units": 1,
        "segment": None,
    }
    assert QuoteRequest.model_validate(dumped) == request


def test_a_request_with_chosen_fees_reads_back_with_them() -> None:
    # Without fees a request dumps as it always did (above); with them, under "fees".
    request = QuoteRequest.model_validate({"sessions": 2, "fees": ["travel-23ku", "test"]})
    assert request.fees == ("travel-23ku", "test")
    dumped = request.model_dump(mode="json", by_alias=True)
    assert dumped["fees"] == ["travel-23ku", "test"]
    assert QuoteRequest.model_validate(dumped) == request
    with pytest.raises(RequestError, match="fees lists up to 50 ids of the catalog's optional"):
        QuoteRequest(sessions=1, fees=["Travel"])
    with pytest.raises(RequestError, match=r"fees has 51 entries, more than its limit of 50"):
        QuoteRequest(sessions=1, fees=[f"f{n}" for n in range(51)])


@pytest.mark.parametrize(
    "fields",
    [{"months": 0}, {"months": 121}, {"treatment": "Bad Id"}, {"colour": "red"}],
)
def test_request_rejects_bad_fields(fields: dict[str, object]) -> None:
    with pytest.raises(RequestError):
        QuoteRequest.model_validate({"sessions": 1, **fields})


def test_records_are_frozen() -> None:
    request = QuoteRequest(sessions=1)
    with pytest.raises(FrozenRecordError, match=r"^QuoteRequest\.sessions cannot") as caught:
        request.sessions = 2  # type: ignore[misc]
    assert isinstance(caught.value, SupecostError)
    assert isinstance(caught.value, AttributeError)
    with pytest.raises(FrozenRecordError, match="cannot be deleted"):
        del request.sessions
    with pytest.raises(FrozenRecordError, match="has no field '_private'"):
        request._private = 1
    # The hint's two ways: model_validate checks the new value; model_copy does not, and
    # the engine validates such a copy again before it prices it.
    assert QuoteRequest.model_validate({**request.model_dump(), "sessions": 2}).sessions == 2
    with pytest.raises(RequestError):
        QuoteRequest.model_validate({**request.model_dump(), "sessions": 0})
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "example.toml")
    with pytest.raises(RequestError):
        quote(catalog, request.model_copy(update={"sessions": 0}))
    made = quote(catalog, request)
    with pytest.raises(FrozenRecordError, match=r"^Quote\.sessions cannot be assigned"):
        made.sessions = 5  # type: ignore[misc]
    with pytest.raises(FrozenRecordError, match=r"^Line\.amount"):
        made.best.lines[0].amount = YenRange.exact(0)  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(made)) == made
    assert copy.deepcopy(made) == made
    assert made.model_copy(update={"sessions": 5}).sessions == 5


def test_line_json_form() -> None:
    line = Line(
        item="sup-iv-5",
        kind=LineKind.BUNDLE,
        quantity=2,
        unit_price=YenRange.exact(148500),
        amount=YenRange.exact(297000),  # 2 x 148,500
        sessions=10,
    )
    assert line.model_dump(mode="json") == {
        "item": "sup-iv-5",
        "kind": "bundle",
        "treatment": None,
        "quantity": 2,
        "unit_price": {"min": 148500, "typical": None, "max": 148500},
        "amount": {"min": 297000, "typical": None, "max": 297000},
        "sessions": 10,
        "tax": "standard",
    }


def test_a_yearly_fee_line_holds_its_years_and_round_trips() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [{"id": "a", "name": "A", "price": 10_000}],
            "fees": [{"id": "annual", "name": "年会費", "price": 11_000, "charged": "yearly"}],
        }
    )
    # 4 visits over 30 months, in months 0, 7, 15, 22 (i x 30 // 4): years 1 and 2.
    # 4 x 10,000 + 2 x 11,000 = 62,000.
    made = quote(catalog, QuoteRequest(sessions=4, months=30, on=date(2026, 4, 1)))
    fee = made.best.lines[-1]
    assert fee.model_dump(mode="json") == {
        "item": "annual",
        "kind": "fee",
        "treatment": None,
        "quantity": 2,
        "unit_price": {"min": 11_000, "typical": None, "max": 11_000},
        "amount": {"min": 22_000, "typical": None, "max": 22_000},
        "sessions": 0,
        "tax": "standard",
    }
    assert made.best.total == YenRange.exact(62_000)
    assert [p.month for p in made.best.payments] == [0, 7, 15, 22]
    assert Quote.model_validate_json(made.model_dump_json()) == made


def test_explanation_winners_keyed_by_scenario() -> None:
    explanation = Explanation(
        winners={Scenario.MIN: "singles", Scenario.TYPICAL: "mix", Scenario.MAX: None},
        certain=False,
        saving_vs_singles=PointValues(min=-10000, typical=5000, max=None),
        runner_up=None,
        saving_vs_runner_up=None,
        break_even=(),
    )
    dumped = explanation.model_dump(mode="json")
    assert dumped["winners"] == {"min": "singles", "typical": "mix", "max": None}
    # Savings at each point need not be ordered, unlike a range.
    assert dumped["saving_vs_singles"] == {"min": -10000, "typical": 5000, "max": None}


@pytest.mark.parametrize(
    "request_",
    [
        QuoteRequest(sessions=8, months=6, with_=("nmn",), on=date(2026, 4, 1)),
        QuoteRequest(sessions=SessionRange(min=3, max=6), on=date(2026, 4, 1)),
        QuoteRequest(sessions=12, months=4, new_patient=False, on=date(2026, 4, 1)),
    ],
)
def test_engine_built_records_survive_full_validation(request_: QuoteRequest) -> None:
    # The engine skips validation when it builds lines; a full round trip through
    # validation must give back exactly the same quote.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "example.toml")
    result = quote(catalog, request_)
    assert Quote.model_validate_json(result.model_dump_json(by_alias=True)) == result


def test_ways_are_values_with_stable_labels() -> None:
    assert Way.bundle("set-5").label == "bundle:set-5"
    assert Way.subscription("monthly").label == "subscription:monthly"
    assert [Way.singles().label, Way.intro().label, Way.mix().label] == ["singles", "intro", "mix"]
    for way in (Way.singles(), Way.intro(), Way.mix(), Way.bundle("a"), Way.subscription("b")):
        assert Way.from_label(way.label) == way
        assert hash(Way.from_label(way.label)) == hash(way)
    assert repr(Way.bundle("a")) == "Way('bundle:a')"


def test_a_way_joining_a_segment_is_a_value_with_its_own_label() -> None:
    joined = Way.bundle("set-5").joining("member")
    assert joined.label == "bundle:set-5+join:member"
    assert (joined.kind, joined.offer, joined.joins) == (WayKind.BUNDLE, "set-5", "member")
    assert joined != Way.bundle("set-5")
    assert Way.bundle("set-5").joins is None
    for way in (Way.singles(), Way.mix(), Way.package("p"), Way.subscription("m")):
        assert Way.from_label(way.joining("vip").label) == way.joining("vip")
    unserved = Unserved(
        way=Way.subscription("m").joining("member"), reason=UnservedReason.ALLOWANCE
    )
    assert unserved.model_dump(mode="json")["label"] == "subscription:m+join:member"
    assert Unserved.model_validate_json(unserved.model_dump_json(by_alias=True)) == unserved


@pytest.mark.parametrize("label", ["singles+join:", "singles+join:Member", "bundle+join:member"])
def test_a_label_joining_no_segment_is_refused(label: str) -> None:
    with pytest.raises(RequestError):
        Way.from_label(label)


@pytest.mark.parametrize("label", ["bundle", "subscription:", "sets:a", "singles:a", "", "mix:x"])
def test_a_label_that_names_no_way_is_refused(label: str) -> None:
    with pytest.raises(RequestError):
        Way.from_label(label)


def test_a_way_needs_its_offer_exactly_when_it_is_a_set_or_plan() -> None:
    with pytest.raises(RequestError, match="is not a way"):
        Way(WayKind.BUNDLE)
    with pytest.raises(RequestError, match="is not a way"):
        Way(WayKind.SINGLES, "x")
    with pytest.raises(RequestError, match="is not a way"):
        Way(WayKind.SINGLES, "")


def test_ways_travel_in_json_as_labels() -> None:
    unserved = Unserved(way=Way.subscription("m"), reason=UnservedReason.ALLOWANCE)
    assert unserved.model_dump(mode="json") == {"label": "subscription:m", "reason": "allowance"}
    assert (
        Unserved.model_validate_json('{"label": "subscription:m", "reason": "allowance"}')
        == unserved
    )
    assert unserved.label == "subscription:m"
    with pytest.raises(RequestError, match="not a way of buying"):
        Unserved.model_validate({"label": "plan:m", "reason": "allowance"})
    with pytest.raises(RequestError, match="label string"):
        Unserved.model_validate({"label": 3, "reason": "allowance"})


def test_a_bad_request_names_each_field_for_callers_that_point_at_them() -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 0, "months": 121})
    assert caught.value.fields == (
        ("sessions", "sessions must be at least 1, got 0"),
        ("months", "months must be at most 120, got 121"),
    )


def test_a_bad_request_says_how_to_write_the_fields_it_names() -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "units": 0})
    assert caught.value.hint == "units is a whole number from 1 to 100 per visit"
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "history": {"hair": -1}, "on": "soon"})
    assert "history maps up to 50 treatment ids to the sessions already had" in caught.value.hint
    assert "on is a date written YYYY-MM-DD" in caught.value.hint
    assert "months" not in caught.value.hint
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "treatment": "Sup IV"})
    assert caught.value.fields == (("treatment", "treatment is not an id, got 'Sup IV'"),)
    assert caught.value.hint.startswith("ids are the catalog's: 1 to 64 lower-case letters")
    # A huge value is echoed cut short (errors.excerpt), not copied into the message.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": "9" * 1_000_000})
    assert len(str(caught.value)) < 300
    # An unknown field is answered with the ones the record has, as JSON names them.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "session": 5})
    assert caught.value.hint.startswith("the request has the fields treatment, sessions, ")
    assert ", with, " in caught.value.hint


def test_unused_sessions_are_a_positive_count() -> None:
    assert Unused(offer="set-3", treatment="a", sessions=1).sessions == 1
    with pytest.raises(RequestError, match="sessions must be at least 1, got 0"):
        Unused(offer="set-3", treatment="a", sessions=0)


def test_a_quote_read_back_from_corrupted_json_raises_a_supecost_error_naming_the_field() -> None:
    # s32 audit O1: a booking system reading the service's JSON back met pydantic's raw
    # ValidationError; an output record now answers as an input record does, through the
    # same translation (InputRecord) and wording (record_error), without a request's hints.
    example = load_catalog(pathlib.Path(__file__).parent / "data" / "example.toml")
    made = quote(example, QuoteRequest(sessions=3, on=date(2026, 4, 1)))
    text = made.model_dump_json(by_alias=True)
    assert Quote.model_validate_json(text) == made
    data = json.loads(text)
    data["best"]["tax"][0]["total"] = "many"
    data["best"]["label"] = "plan:x"
    with pytest.raises(RequestError) as caught:
        Quote.model_validate_json(json.dumps(data))
    error = caught.value
    assert not isinstance(error, ValidationError)
    assert [path for path, _ in error.fields] == ["best.label", "best.tax.0.total"]
    assert error.message.startswith("invalid Quote: best.label: 'plan:x' is not a way of buying")
    assert error.hint == "see Quote in the reference (docs/reference/api.md)"
    # Truncated JSON, a key named twice, and each output record built or read from bad data.
    with pytest.raises(RequestError, match="not valid JSON"):
        Quote.model_validate_json(text[: len(text) // 2])
    with pytest.raises(RequestError):
        Quote.model_validate_json(text.replace("{", '{"treatment": "x", ', 1))
    with pytest.raises(RequestError, match="invalid Line: kind is missing"):
        Line(item="x")
    for record in (Option, TaxLine, Payment, BreakEven, Explanation, PointValues, SessionPoint):
        with pytest.raises(RequestError, match=f"invalid {record.__name__}: "):
            record.model_validate_json('{"nonsense": 1}')


def test_the_hints_of_python_and_json_callers_keep_their_wording() -> None:
    # The HTTP service answers with these (its "fix"): JSON's names and JSON's syntax.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 0, "with": [{"treatment": "Bad"}]})
    assert caught.value.hint == (
        'sessions is a whole number from 1 to 1000, or a range of them such as {"min": 3, "max": 6}'
        "; with lists up to 9 treatment ids added to the main one, or entries of treatment, "
        "units and sessions"
    )
    with pytest.raises(RequestError) as caught:
        SessionRange(min=5, max=3)
    assert str(caught.value) == (
        "invalid SessionRange: the range's min 5 is above its max 3; swap them; "
        "see SessionRange in the reference (docs/reference/api.md)"
    )


FLAGS = {"sessions": "--sessions", "months": "--months", "on": "--date", "with": "--with"}


def test_a_request_error_is_reworded_in_a_surfaces_names_and_syntax() -> None:
    from supecost.quotes import reworded

    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 0, "on": "soon"})
    text = reworded(caught.value, FLAGS)
    assert text.startswith("--sessions must be at least 1, got 0; --date: ")
    assert "--sessions is a whole number from 1 to 1000, or a range of at most 100" in text
    assert "such as 3-6" in text
    assert "--date is a date written YYYY-MM-DD" in text
    # Neither the record's class name nor JSON's syntax.
    assert "QuoteRequest" not in text
    assert "{" not in text
    # A field the surface has no name for keeps its own; one without a hint gets none.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "units": 0})
    assert reworded(caught.value, FLAGS) == (
        "units must be at least 1, got 0; units is a whole number from 1 to 100 per visit"
    )


@pytest.mark.parametrize(
    ("raw", "clause"),
    [
        (b"nope", "not valid JSON: expected ident at line 1 column 2"),
        (b"[1]", "the request must be one JSON object, got [1]"),
        (b"5", "the request must be one JSON object, got 5"),
    ],
)
def test_a_request_that_is_not_one_json_object_says_so(raw: bytes, clause: str) -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate_json(raw)
    assert caught.value.fields == (("", clause),)
    assert caught.value.hint.startswith("give one JSON object of the request's fields: treatment")
    assert "Input should" not in str(caught.value)


@pytest.mark.parametrize(
    ("raw", "field", "clause"),
    [
        # pydantic alone would read the last value: 6 sessions, priced without a word.
        (b'{"sessions": 5, "sessions": 6}', "sessions", "keep one of them"),
        (
            '{"sessions": {"min": 1,\n"max": 3, "min": 2}}',
            "sessions.min",
            "(line 2); keep one of them",
        ),
        (
            bytearray(b'{"sessions": 1, "with": [{"treatment": "nmn", "treatment": "x"}]}'),
            "with.0.treatment",
            "keep one of them",
        ),
        ('{"sessions": 1, "history": {"nmn": 1, "nmn": 2}}', "history.nmn", "keep one of them"),
    ],
)
def test_a_key_named_twice_is_refused_with_its_path(
    raw: str | bytes | bytearray, field: str, clause: str
) -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate_json(raw)
    ((where, message),) = caught.value.fields
    assert where == field
    assert message.startswith(f"{field}: this key appears twice in the same object")
    assert message.endswith(clause)


def test_text_that_is_not_json_or_utf8_is_left_to_pydantic_to_word() -> None:
    # The duplicate check reads what it can; anything else is pydantic's to refuse as before.
    for raw in (b'{"sessions": 5, "sessions"', b'{"sessions": "\xff"}', "[" * 5000):
        with pytest.raises(RequestError) as caught:
            QuoteRequest.model_validate_json(raw)
        assert "appears twice" not in str(caught.value)


def test_a_nested_records_error_is_reworded_as_the_field_it_stands_for() -> None:
    from supecost.quotes import reworded

    with pytest.raises(RequestError) as caught:
        SessionRange(min=5, max=3)
    text = reworded(caught.value, FLAGS, whole="sessions")
    assert text.startswith(
        "--sessions: the range's min 5 is above its max 3; swap them; --sessions is "
    )
    assert "docs/reference/api.md" not in text
    with pytest.raises(RequestError) as caught:
        SessionRange(min=0, max=3)
    assert reworded(caught.value, FLAGS, whole="sessions").startswith(
        "--sessions: min must be at least 1, got 0; "
    )


def test_an_error_raised_without_fields_is_reworded_as_it_is() -> None:
    from supecost.quotes import reworded

    error = RequestError("with sessions 4 are more than the course's 2", "give 2 or fewer")
    assert reworded(error, FLAGS) == "with sessions 4 are more than the course's 2; give 2 or fewer"


def test_every_request_field_has_a_hint_and_the_hint_of_no_field_is_none() -> None:
    from supecost.quotes import field_hint

    for name, field in QuoteRequest.model_fields.items():
        assert field_hint(field.alias or name) is not None, name
    assert field_hint("nonsense") is None
    assert field_hint("with.0.units", FLAGS) == (
        "--with lists up to 9 treatment ids added to the main one, each given as ID, or ID=N for "
        "N sessions at the first visits"
    )


# A request made by validation, and what the engine makes of a request that was not.


def test_a_request_made_by_validation_is_checked_as_it_is() -> None:
    made = [
        QuoteRequest(sessions=5),
        QuoteRequest(sessions=SessionRange(min=3, max=6), with_=(WithEntry(treatment="nmn"),)),
        QuoteRequest.model_validate(
            {"sessions": 2, "with": ["nmn"], "history": {"sup-iv": 1}, "new_patient": False}
        ),
        QuoteRequest.model_validate_json('{"sessions": {"min": 1, "max": 2}, "on": "2026-04-01"}'),
    ]
    for request in made:
        assert checked_request(request) is request
    # The command line assembles what its options bounded, and marks it as validation would.
    assembled = assemble_request(sessions=3, with_=("nmn",))
    assert checked_request(assembled) is assembled
    assert assembled == QuoteRequest(sessions=3, with_=("nmn",))
    for request in made[:2]:  # (a request with a history does not pickle: FrozenMapping)
        unpickled = pickle.loads(pickle.dumps(request))
        assert checked_request(unpickled) is unpickled  # the values validation made


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ({"sessions": 0}, "invalid request: sessions must be at least 1, got 0"),
        ({"sessions": "5"}, "sessions must be a whole number, got '5'"),
        ({"months": 0}, "months must be at least 1, got 0"),
        ({"units": 101}, "units must be at most 100, got 101"),
        ({"history": {"sup-iv": -1}}, "history.sup-iv must be at least 0, got -1"),
        ({"new_patient": "no"}, "new_patient"),
        ({"session": 3}, "unknown field 'session'"),
        ({"sessions": SessionRange(min=3, max=6).model_copy(update={"min": 9})}, "min 9 is above"),
        ({"with_": (WithEntry(treatment="nmn").model_copy(update={"units": 0}),)}, "units"),
    ],
)
def test_a_request_model_copy_broke_is_refused_with_how_to_build_it(
    update: dict[str, Any], message: str
) -> None:
    broken = QuoteRequest(sessions=5).model_copy(update=update)
    with pytest.raises(RequestError, match=message) as caught:
        checked_request(broken)
    assert "model_copy(update=...) and model_construct skip validation" in caught.value.hint
    assert "QuoteRequest.model_validate" in caught.value.hint
    assert caught.value.fields  # each field named, as for a request that failed validation


def test_a_request_copied_or_constructed_is_validated_again() -> None:
    request = QuoteRequest(sessions=5, on=date(2026, 4, 1))
    # Valid changes pass, as the request validation would make from the same fields.
    changed = checked_request(request.model_copy(update={"new_patient": False, "on": "2026-04-02"}))
    assert changed == QuoteRequest(sessions=5, new_patient=False, on=date(2026, 4, 2))
    assert checked_request(changed) is changed
    for copied in (copy.copy(request), copy.deepcopy(request), request.model_copy()):
        assert checked_request(copied) == request
    constructed = QuoteRequest.model_construct(sessions=3)
    assert checked_request(constructed) == QuoteRequest(sessions=3)
    with pytest.raises(RequestError, match="sessions is missing"):
        checked_request(QuoteRequest.model_construct())
    # A broken copy stays broken through pickling.
    broken = pickle.loads(pickle.dumps(request.model_copy(update={"sessions": 0})))
    with pytest.raises(RequestError, match="sessions must be at least 1"):
        checked_request(broken)


def test_the_mark_of_validation_is_invisible() -> None:
    request = QuoteRequest(sessions=5, with_=("nmn",))
    twin = QuoteRequest(sessions=5, with_=("nmn",), units=1)  # other fields set, same values
    assert request == twin == request.model_copy(update={"units": 1})
    assert hash(request) == hash(twin)
    assert list(dict(request)) == list(QuoteRequest.model_fields)
    assert repr(request) == (
        "QuoteRequest(treatment=None, sessions=5, months=None, with_=('nmn',), "
        "new_patient=True, on=None, first_visit=None, units=1, segment=None, history={}, fees=(), "
        "sold_out=(), bought={}, goods={}, goods_monthly={}, birth_month=None, holding={}, "
        "last_visit={})"
    )
    assert request.model_dump_json(by_alias=True) == (
        '{"treatment":null,"sessions":5,"months":null,"with":["nmn"],'
        '"new_patient":true,"on":null,"units":1,"segment":null}'
    )


@settings(max_examples=40, deadline=None)
@given(requests(catalogs(schema_version=2)))
def test_the_documented_way_to_vary_a_request_round_trips(request: QuoteRequest) -> None:
    # docs/testing.md varies a request as a validated copy of its dumped fields.
    same = QuoteRequest.model_validate({**request.model_dump(by_alias=True)})
    assert same == request
    assert checked_request(same) is same
    changed = QuoteRequest.model_validate({**request.model_dump(by_alias=True), "units": 1})
    assert changed.units == 1
    assert changed.model_dump(exclude={"units"}) == request.model_dump(exclude={"units"})


def test_every_list_of_a_request_has_a_limit_said_in_supecost_s_words() -> None:
    # Every list or mapping a request holds is bounded, so no request is unbounded work; each
    # limit is said with its number and how to write the field, never in pydantic's words.
    from annotated_types import MaxLen

    from supecost.quotes import MAX_VISIT_TREATMENTS

    too_long = {
        "with": (["nmn"] * 10, 10, MAX_VISIT_TREATMENTS - 1),
        "history": ({f"t{n}": 0 for n in range(51)}, 51, 50),
        "fees": ([f"f{n}" for n in range(51)], 51, 50),
        "sold_out": ([f"o{n}" for n in range(51)], 51, 50),
        "bought": ({f"o{n}": 1 for n in range(51)}, 51, 50),
        "holding": ({f"o{n}": 1 for n in range(51)}, 51, 50),
        "goods": ({f"g{n}": 1 for n in range(51)}, 51, 50),
        "goods_monthly": ({f"g{n}": 1 for n in range(51)}, 51, 50),
        "last_visit": ({f"t{n}": "2026-01-01" for n in range(51)}, 51, 50),
    }
    from collections.abc import Mapping

    lists = set()
    for name, field in QuoteRequest.model_fields.items():
        shape = getattr(field.annotation, "__origin__", None)
        if shape in (tuple, list, dict, Mapping):
            limits = [m.max_length for m in field.metadata if isinstance(m, MaxLen)]
            assert limits, f"{name} has no limit"
            lists.add(field.alias or name)
    assert lists == set(too_long)
    for name, (value, count, limit) in too_long.items():
        with pytest.raises(RequestError) as caught:
            # With months, which goods delivered monthly need.
            QuoteRequest.model_validate({"sessions": 1, "months": 3, name: value})
        clause = f"{name} has {count} entries, more than its limit of {limit}"
        assert caught.value.fields == ((name, clause),)
        assert f"up to {limit}" in caught.value.hint
        assert "should have" not in str(caught.value)
        # A last visit dates sessions the history has, of a returning patient.
        dated = {"new_patient": False, "history": dict.fromkeys(list(value)[:limit], 1)}
        QuoteRequest.model_validate(
            {
                "sessions": 1,
                "months": 3,
                **(dated if name == "last_visit" else {}),
                name: dict(list(value.items())[:limit])
                if isinstance(value, dict)
                else value[:limit],
            }
        )


def test_a_last_visit_keyed_by_the_treatment_dates_a_history_keyed_by_its_dose() -> None:
    # review34a R1: a booking system storing the last visit by treatment sends sup; the
    # history counts sup:2cc. 2cc's ladder: 33,000, then 27,500 within 30 days of the last.
    # 2026-11-20 to 12-01 is 11 days, within: 27,500 (known) + 27,500〜33,000 (gap unknown)
    # = 55,000〜60,500, as with the last visit keyed sup:2cc.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\n[[treatments]]\nid = "sup"\n'
        'name = "上清液点滴"\ndoses = [{ id = "2cc", amount = 2, price = 33000 },'
        ' { id = "4cc", amount = 4, price = 55000 }]\n'
        '[[offers]]\nkind = "ladder"\nid = "sup-r"\ntreatment = "sup:2cc"\nname = "2cc"\n'
        "steps = [{ from = 1, price = 33000 }, { from = 2, price = 27500, within_days = 30 }]\n",
        format="toml",
    )
    totals = []
    for key in ("sup", "sup:2cc"):
        request = QuoteRequest(
            treatment="sup:2cc",
            sessions=2,
            new_patient=False,
            history={"sup:2cc": 3},
            last_visit={key: date(2026, 11, 20)},
            on=date(2026, 12, 1),
        )
        totals.append(quote(catalog, request).best.total)
    assert totals == [YenRange(55_000, 60_500)] * 2
    # Another dose's history dates nothing of sup:4cc: that last visit is still refused.
    with pytest.raises(RequestError, match="history has none"):
        QuoteRequest(
            sessions=2,
            new_patient=False,
            history={"sup:2cc": 3},
            last_visit={"sup:4cc": date(2026, 11, 20)},
        )


def test_a_last_visit_dates_a_session_of_the_history_before_the_request_s_date() -> None:
    # A last visit is the date of a session the history counts, of a returning patient, on or
    # before the course's date: anything else is refused saying how to fix it.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 3, "last_visit": {"sup": "2026-11-20"}})
    clause = "a last visit of sup dates a session had before, but history has none"
    assert caught.value.fields == (("last_visit", clause),)
    assert caught.value.code == "request.last_visit_without_history"
    assert caught.value.hint.startswith("give history sup=N (the sessions had)")
    # A history of 0 is none; a history of another treatment dates nothing of this one.
    for history in ({"sup": 0}, {"nmn": 2}):
        with pytest.raises(RequestError, match="history has none"):
            QuoteRequest.model_validate(
                {
                    "sessions": 3,
                    "new_patient": False,
                    "history": history,
                    "last_visit": {"sup": "2026-11-20"},
                }
            )
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate(
            {
                "sessions": 3,
                "on": "2026-11-19",
                "new_patient": False,
                "history": {"sup": 2},
                "last_visit": {"sup": "2026-11-20"},
            }
        )
    assert caught.value.code == "request.last_visit_after"
    clause = "the last visit of sup (2026-11-20) is after the course's date (2026-11-19)"
    assert caught.value.fields == (("last_visit", clause),)
    # On the day itself, and a dose dated by its treatment's history, are requests; the field
    # reads back only where given.
    same_day = QuoteRequest.model_validate(
        {
            "sessions": 3,
            "on": "2026-11-20",
            "new_patient": False,
            "history": {"exo": 2},
            "last_visit": {"exo:2cc": "2026-11-20"},
        }
    )
    assert same_day.last_visit == {"exo:2cc": date(2026, 11, 20)}
    assert same_day.model_dump(mode="json")["last_visit"] == {"exo:2cc": "2026-11-20"}
    assert "last_visit" not in QuoteRequest(sessions=1).model_dump()
    hash(same_day)


def test_a_new_patient_with_a_history_is_refused_saying_how_to_fix_it() -> None:
    # A history is sessions had at this clinic (docs/catalog.md), so only a returning patient
    # has one; new_patient defaults to true, and a history beside it would charge first-visit
    # fees and new patients' prices to a patient who is back.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 3, "history": {"sup-iv": 3, "nmn": 0}})
    clause = (
        "a history of sessions had at this clinic (sup-iv 3) is a returning patient's, but the "
        "request is for a new patient"
    )
    assert caught.value.message == f"invalid request: {clause}"
    assert caught.value.hint == (
        'give "new_patient": false for a patient who already had sessions at this clinic, or '
        "leave history out for a new patient"
    )
    assert caught.value.fields == (("new_patient", clause),)
    assert isinstance(caught.value, SupecostError)
    # Many ids are named by their first three.
    with pytest.raises(RequestError, match=r"\(t0 1, t1 1, t2 1 and 2 more\)"):
        QuoteRequest(sessions=1, history={f"t{n}": 1 for n in range(5)})
    # A returning patient's history, and a new patient's history of none, are requests.
    assert QuoteRequest(sessions=3, history={"sup-iv": 3}, new_patient=False).history == {
        "sup-iv": 3
    }
    assert QuoteRequest(sessions=3, history={"sup-iv": 0}).new_patient
    # A copy that makes the returning patient new is checked again by the engine.
    back = QuoteRequest(sessions=3, history={"sup-iv": 3}, new_patient=False)
    with pytest.raises(RequestError, match="is a returning patient's"):
        checked_request(back.model_copy(update={"new_patient": True}))


def test_a_request_that_is_not_an_object_is_said_in_json_s_words() -> None:
    for text, shown in (("null", "null"), ("true", "true"), ("[1]", "[1]"), ("5", "5")):
        with pytest.raises(RequestError) as caught:
            QuoteRequest.model_validate_json(text)
        assert caught.value.message == (
            f"invalid request: the request must be one JSON object, got {shown}"
        )


def test_sold_out_reads_back_and_is_left_out_when_empty() -> None:
    # A request without sold-out offers dumps as it always did; one with them keeps them.
    assert "sold_out" not in QuoteRequest(sessions=5).model_dump(by_alias=True)
    request = QuoteRequest.model_validate({"sessions": 5, "sold_out": ["open-5", "open-off"]})
    assert request.sold_out == ("open-5", "open-off")
    dumped = request.model_dump(mode="json", by_alias=True)
    assert dumped["sold_out"] == ["open-5", "open-off"]
    assert QuoteRequest.model_validate(dumped) == request
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "sold_out": ["Open 5"]})
    assert "first_n" in caught.value.hint


def test_birth_month_reads_back_and_is_left_out_when_not_given() -> None:
    # A request without a birth month dumps as it always did; one with it keeps it.
    assert "birth_month" not in QuoteRequest(sessions=5).model_dump(by_alias=True)
    assert "birth_month" not in QuoteRequest(sessions=5).model_dump_json()
    request = QuoteRequest.model_validate({"sessions": 5, "birth_month": 4})
    assert request.birth_month == 4
    dumped = request.model_dump(mode="json", by_alias=True)
    assert dumped["birth_month"] == 4
    assert QuoteRequest.model_validate(dumped) == request
    assert QuoteRequest.model_validate_json(request.model_dump_json()) == request
    assert QuoteRequest(sessions=5, birth_month=12).birth_month == 12


@pytest.mark.parametrize(
    ("month", "problem"),
    [
        (0, "birth_month must be at least 1, got 0"),
        (13, "birth_month must be at most 12, got 13"),
        (True, "birth_month must be a whole number, got True"),
        ("4", "birth_month must be a whole number, got '4'"),
        (4.0, "birth_month must be a whole number, got 4.0"),
    ],
)
def test_a_birth_month_outside_1_to_12_says_how_to_write_one(month: object, problem: str) -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate({"sessions": 5, "birth_month": month})
    assert isinstance(caught.value, SupecostError)
    assert caught.value.message == f"invalid request: {problem}"
    assert caught.value.hint == (
        "birth_month is the patient's birth month, a whole number from 1 (January) to "
        "12 (December), or left out when it is not known"
    )


def test_a_null_field_of_a_json_request_says_null() -> None:
    from supecost.errors import RequestError as _RequestError

    with pytest.raises(_RequestError, match="sessions must be a whole number, got null;"):
        QuoteRequest.model_validate_json('{"sessions": null}')
    # Built in Python, a None stays Python's None.
    with pytest.raises(_RequestError, match="got None;"):
        QuoteRequest.model_validate({"sessions": None})


@pytest.mark.parametrize(
    ("label", "valid"),
    [
        ("singles+join:member", True),
        ("bundle:sup-5+join:gold-2", True),
        ("mix+join:a", True),
        ("singles+join:member-", False),  # an id ends with a letter or digit
        ("singles+join:-member", False),
        ("singles+join:Member", False),
        ("intro+join:" + "m" * 65, False),  # an id holds at most 64 characters
    ],
)
def test_a_way_label_s_segment_is_an_id_in_python_and_in_the_json_schema(
    label: str, valid: bool
) -> None:
    import re

    from pydantic import TypeAdapter

    from supecost.quotes import WayLabel

    pattern = TypeAdapter(WayLabel).json_schema()["pattern"]
    # The schema (what a JSON client checks) and the class (what the service checks) agree.
    assert bool(re.fullmatch(pattern, label)) is valid
    if valid:
        assert Way.from_label(label).label == label
    else:
        with pytest.raises(RequestError, match="a segment is an id"):
            Way.from_label(label)


def test_a_request_names_one_segment_or_several_in_one_form() -> None:
    # Several are kept sorted, each once, so one patient is one request however it is asked.
    both = QuoteRequest(sessions=1, segment=["senior", "member", "senior"])
    assert both.segment == ("member", "senior") == both.segments
    assert both == QuoteRequest(sessions=1, segment=("member", "senior"))
    assert hash(both) == hash(QuoteRequest(sessions=1, segment=["member", "senior"]))
    # One stays the id it always was, and none is None, in Python and in JSON.
    assert QuoteRequest(sessions=1, segment=["member"]).segment == "member"
    assert QuoteRequest(sessions=1, segment="member").segments == ("member",)
    assert QuoteRequest(sessions=1, segment=[]).segment is None
    assert QuoteRequest(sessions=1).segments == ()
    assert json.loads(both.model_dump_json())["segment"] == ["member", "senior"]
    assert QuoteRequest.model_validate_json(both.model_dump_json()) == both


@pytest.mark.parametrize(
    ("segment", "clause"),
    [
        (["member", "VIP"], "segment.1 is not an id, got 'VIP'"),
        ([5], "segment.0 must be text, got 5"),
        (5, "segment must be text, got 5"),
        (["a"] * 11, "segment has 11 entries, more than its limit of 10"),
    ],
)
def test_a_wrong_segment_or_list_of_them_names_its_one_problem(
    segment: object, clause: str
) -> None:
    with pytest.raises(RequestError) as caught:
        QuoteRequest(sessions=1, segment=segment)
    assert [c for _, c in caught.value.fields] == [clause]
    assert "or a list of up to 10 of them for a patient in several segments" in caught.value.hint


def test_a_first_visit_is_on_or_after_the_request_s_date_and_left_out_of_json_unset() -> None:
    # Booked on 1 December for 10 January: kept, and written back as given.
    request = QuoteRequest(sessions=3, on=date(2026, 12, 1), first_visit=date(2027, 1, 10))
    assert request.model_dump(mode="json")["first_visit"] == "2027-01-10"
    assert QuoteRequest.model_validate_json(request.model_dump_json()) == request
    # The same day is a course starting on it; unset, the JSON is as before.
    assert QuoteRequest(sessions=3, on=date(2026, 12, 1), first_visit=date(2026, 12, 1))
    assert "first_visit" not in QuoteRequest(sessions=3).model_dump()
    # The day before is refused, saying which dates and how to fix it, in Japanese too.
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate(
            {"sessions": 3, "on": "2026-12-01", "first_visit": "2026-11-30"}
        )
    error = caught.value
    assert error.code == "request.first_visit_before"
    assert error.params == {"first": "2026-11-30", "on": "2026-12-01"}
    assert error.fields[0][0] == "first_visit"
    assert "on or after the request's date (on)" in str(error)
    from supecost import error_text

    assert error_text(error, "ja_JP").startswith(
        "初回施術日（2026-11-30）が見積もりの日付（2026-12-01）より前です。"
    )


def test_a_last_visit_may_fall_between_the_request_s_date_and_the_first_visit() -> None:
    returning: dict[str, Any] = {"new_patient": False, "history": {"sup": 2}}
    # A session on 5 December, after the quote of 1 December, before a first visit on
    # 10 January: the previous session. Without the first visit it is after the course's date.
    QuoteRequest(
        sessions=1,
        on=date(2026, 12, 1),
        first_visit=date(2027, 1, 10),
        last_visit={"sup": date(2026, 12, 5)},
        **returning,
    )
    with pytest.raises(RequestError, match="after the course's date") as caught:
        QuoteRequest(
            sessions=1, on=date(2026, 12, 1), last_visit={"sup": date(2026, 12, 5)}, **returning
        )
    assert "first_visit" in caught.value.hint


def test_a_set_held_has_a_session_left_at_least() -> None:
    # Sessions left of a set held: 1 or more (a set used up is not held), in the request's words.
    with pytest.raises(RequestError) as caught:
        QuoteRequest(sessions=3, new_patient=False, holding={"sup-3": 0})
    assert caught.value.fields[0][0].startswith("holding")
    held = QuoteRequest(sessions=3, new_patient=False, holding={"sup-3": 2})
    assert held.holding == {"sup-3": 2}
    assert "holding" not in QuoteRequest(sessions=3).model_dump()
    assert QuoteRequest.model_validate_json(held.model_dump_json()) == held


def test_an_upgrade_is_a_way_of_its_own_by_its_label() -> None:
    way = Way.upgrade("sup-6")
    assert (way.kind, way.offer, way.label) == (WayKind.UPGRADE, "sup-6", "upgrade:sup-6")
    assert Way.from_label("upgrade:sup-6+join:member") == way.joining("member")
    with pytest.raises(RequestError):
        Way(WayKind.UPGRADE)  # an upgrade names the set it buys
