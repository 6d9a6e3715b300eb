"""Quote requests and quotes: the records a booking system sends and gets back.

A :class:`QuoteRequest` says what the patient needs; a :class:`Quote` lists
every sensible way to buy it, cheapest first, each fully priced with tax, and
explains why the best one wins. Both are frozen pydantic models that
serialise to the documented JSON contract. They hold data, never prose:
reports and the command line render them.

>>> request = QuoteRequest(sessions=5, months=6, with_=("nmn",))
>>> request.model_dump(mode="json", by_alias=True)["with"]
['nmn']
"""

import enum
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Final, NamedTuple, Self, TypeAlias, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    ValidationError,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from supecost.catalog import (
    ID_PATTERN,
    MAX_MONTHS,
    MAX_UNITS,
    Day,
    FrozenMapping,
    Id,
    InputRecord,
    Months,
    Ref,
    Units,
    frozen_mapping,
    mapping_schema,
)
from supecost.errors import (
    CodedValueError,
    RequestError,
    SupecostError,
    excerpt,
    field_name,
    refuses_changes,
)
from supecost.money import Scenario, YenRange
from supecost.tax import TaxCategory

__all__ = [
    "MAX_GOODS_UNITS",
    "MAX_HISTORY",
    "MAX_RANGE_COUNTS",
    "MAX_SEGMENTS",
    "MAX_SESSIONS",
    "MAX_VISIT_TREATMENTS",
    "BreakEven",
    "Explanation",
    "FeeChoice",
    "Line",
    "LineKind",
    "Option",
    "Payment",
    "PointValues",
    "Quote",
    "QuoteRequest",
    "SessionPoint",
    "SessionRange",
    "TaxLine",
    "TypicalPoint",
    "Unserved",
    "UnservedReason",
    "Unused",
    "Way",
    "WayKind",
    "WithEntry",
    "as_segments",
]

MAX_SESSIONS = 1000
"""The most sessions one request may ask for."""

MAX_RANGE_COUNTS = 100
"""The most session counts one range may span (1〜100 is the widest from 1)."""

MAX_VISIT_TREATMENTS: Final = 10
"""The most treatments one visit may include: the main one and up to nine added (``with``).

Combos are chosen per visit by a dynamic programme over the visit's
treatments, whose work doubles with each treatment; the request refuses
more before anything reads its list.
"""

_Sessions: TypeAlias = Annotated[StrictInt, Field(ge=1, le=MAX_SESSIONS)]


class _Record(InputRecord):
    """Base of a quote's records (``Quote``, ``Option``, ``Line``, ...): frozen, no unknown
    fields. Read back from bad data (a booking system's JSON through ``model_validate_json``)
    or built so in Python, they raise a :class:`RequestError` naming each field, through the
    one translation of input records (:class:`~supecost.catalog.InputRecord`) and the one
    wording of a record's fields (:func:`record_error`), without a request's hints. The
    engine assembles them without validation (:func:`assemble`), so pricing never pays it.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    @classmethod
    def _invalid(cls, error: ValidationError) -> SupecostError:
        return record_error(error, cls, request_hints=False)


_Model = TypeVar("_Model", bound=BaseModel)
_FIELDS: dict[type[BaseModel], tuple[tuple[str, Any], ...]] = {}
_NAMES: dict[type[BaseModel], tuple[str, ...]] = {}
"""Each record's field names in declaration order, beside :data:`_FIELDS`."""


def assemble(cls: type[_Model], **values: Any) -> _Model:
    """A record from values the engine computed itself, every field given: no validation.

    The engine builds hundreds of lines per quote from validated catalog
    records and its own int arithmetic; validating each again, or even
    pydantic's ``model_construct`` with its alias look-ups, would cost more
    than the pricing. tests/test_quotes.py re-validates whole quotes, so a
    field left out or a value of the wrong type is caught there.
    """
    fields = _FIELDS.get(cls)
    if fields is None:
        # In declaration order, as validation would store them (JSON keeps that order).
        fields = _FIELDS[cls] = tuple(
            (name, None if field.is_required() else field.get_default(call_default_factory=True))
            for name, field in cls.model_fields.items()
        )
        _NAMES[cls] = tuple(name for name, _ in fields)
    made = _new(cls)
    # Every field given in declaration order (as the engine gives them): the values are the
    # record's own fresh dict already, in the order validation would store them.
    stored = (
        values
        if tuple(values) == _NAMES[cls]
        else {name: values.get(name, default) for name, default in fields}
    )
    _set_attribute(made, "__dict__", stored)
    # BaseModel's own slots, set through their descriptors: the frozen model refuses setattr.
    _set_fields_set(made, set(values))
    _set_extra(made, None)
    _set_private(made, None)
    return made


_new: Final = object.__new__
_set_attribute: Final = object.__setattr__
_set_fields_set: Final = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra: Final = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private: Final = BaseModel.__dict__["__pydantic_private__"].__set__


_NESTED: Final = re.compile(r"^invalid (?:SessionRange|WithEntry): ")


_Error = TypeVar("_Error", bound=SupecostError)


def raised_inside(error: ValidationError, kind: type[_Error]) -> _Error | None:
    """The ``kind`` of error a record's own constructor raised while validation built it.

    A record whose validation builds the record (or another caller's record) sees that
    one's already worded error wrapped as its only, whole-value error: it is passed on
    as it is, not worded a second time. Internal, not part of the public API.
    """
    items = error.errors(include_url=False)
    if len(items) != 1 or items[0]["loc"]:
        return None
    inner = items[0].get("ctx", {}).get("error")
    return inner if isinstance(inner, kind) else None


# pydantic's type errors in plain words ("Input should be a valid tuple" is its own).
_TYPE_WORDS: Final[Mapping[str, str]] = {
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "an object (a mapping)",
}


_WHOLE_LABEL: Final[Mapping[str, str]] = {"QuoteRequest": "request"}
"""A record people write (a batch line, an HTTP body, the command line's options), by the word
its errors call it: no one writing a request typed its class's name. Other records (a quote
read back, a contract built in Python) are a program's, named by their class."""
_WHOLE_SUBJECT: Final[Mapping[str, str]] = {"QuoteRequest": "the request"}
"""The same record as the subject of a clause about it whole ("the request must be one JSON
object"). Japanese words each by ``messages.RECORDS_JA``."""
_INVALID_REQUEST: Final = f"invalid {_WHOLE_LABEL['QuoteRequest']}: "
"""How every refusal of a request's fields begins, its own rules' (a last visit's) too."""


def record_error(
    error: ValidationError, record: type[BaseModel], *, request_hints: bool = True
) -> RequestError:
    """A request's validation errors as one :class:`RequestError`, one clause per field.

    ``request_hints=False`` for a record that is not a request (a contract's), whose
    fields may share a request field's name but not its rules. Internal, not part
    of the public API.
    """
    own = raised_inside(error, RequestError)
    if own is not None:
        return own
    what = record.__name__
    subject = _WHOLE_SUBJECT.get(what, what)
    clauses: dict[str, list[tuple[bool, _Clause]]] = {}
    for item in error.errors(include_url=False):
        field = field_name(item["loc"])
        where = field or what
        words = problem_words(item, field or subject, whole=not item["loc"])
        # Of a union's alternatives, the one that read the value (not a type mismatch) says most.
        clauses.setdefault(where, []).append((item["type"].endswith("_type"), words))
    # A union of one value or a list of them (a segment, or several) whose list read the
    # value says it inside the list: "segment must be text" beside "segment.1 is not an id"
    # is the other alternative's mismatch, not a second problem.
    inside = {where for where in clauses for other in clauses if other.startswith(f"{where}.")}
    said = {
        where: min(each, key=lambda c: c[0])[1]
        for where, each in clauses.items()
        if not (where in inside and all(mismatch for mismatch, _ in each))
    }
    chosen = {where: words.text for where, words in said.items()}
    return RequestError(
        f"invalid {_WHOLE_LABEL.get(what, what)}: " + "; ".join(chosen.values()),
        _hints(chosen, record, request_hints),
        tuple(("" if where == what else where, clause) for where, clause in chosen.items()),
        code="request.invalid",
        params={
            "record": what,
            # Each field's clause as every language words it: its path, code and values.
            "problems": tuple(
                ("" if where == what else where, words.code, words.params)
                for where, words in said.items()
            ),
            "hints": request_hints,
            # The record's fields, for the hint to a field it does not have, in every language.
            "known_fields": ", ".join(
                field.alias or name for name, field in record.model_fields.items()
            ),
        },
    )


# A value that is not one JSON object: pydantic's kinds of error for a whole record.
_NOT_AN_OBJECT: Final = frozenset({"model_type", "model_attributes_type", "dict_type"})


_CHOICE: Final = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s,]+")
"""One value of pydantic's list of a literal's choices: quoted (text), or bare (a number)."""


class _Clause(NamedTuple):
    """A clause in English and its wording's code and values, for every other language."""

    text: str
    code: str = ""
    params: tuple[tuple[str, object], ...] = ()


def _words(text: str, code: str, **params: object) -> _Clause:
    return _Clause(text, code, tuple(params.items()))


def problem_clause(item: Mapping[str, Any], where: str, *, whole: bool = False) -> str:
    """One of pydantic's validation errors in words, naming its field ``where``.

    :func:`problem_words`' English. Internal, not part of the public API.

    Example:
        >>> problem_clause({"type": "string_type", "input": 5, "msg": "..."}, "apr")
        'apr must be text, got 5'
    """
    return problem_words(item, where, whole=whole).text


def problem_words(item: Mapping[str, Any], where: str, *, whole: bool = False) -> _Clause:
    """One of pydantic's validation errors in words, naming its field ``where``.

    The one wording of a record's validation problems, for the request records and
    the HTTP service's other bodies alike; its code and values word it in Japanese
    (``supecost.report.errtext``). Internal, not part of the public API.

    Example:
        >>> problem_words({"type": "string_type", "input": 5, "msg": "..."}, "apr")
        _Clause(text='apr must be text, got 5', code='clause.string_type', params=(('got', '5'),))

    Args:
        item: One of ``ValidationError.errors()``.
        where: The field's name, as the surface names it.
        whole: Whether the problem is the whole value's (``where`` is the record's name).

    Returns:
        The clause, starting with ``where`` when it names a field, and its code and values.
    """
    context = item.get("ctx") or {}
    value = item.get("input")
    got = excerpt(value)
    kind = item["type"]
    cause = context.get("error")
    if isinstance(cause, RequestError):
        return _Clause(f"{where}: {_NESTED.sub('', cause.message)}", cause.code, _nested(cause))
    if kind == "json_invalid":
        detail = str(cause or item["msg"]).removeprefix("Invalid JSON: ")
        return _words(f"not valid JSON: {detail}", "clause.json")
    if whole and kind in _NOT_AN_OBJECT:
        return _words(f"{where} must be one JSON object, got {got}", "clause.object", got=got)
    if kind == "greater_than_equal":
        bound = context["ge"]
        return _words(
            f"{where} must be at least {bound}, got {got}", "clause.min", bound=bound, got=got
        )
    if kind == "less_than_equal":
        bound = context["le"]
        return _words(
            f"{where} must be at most {bound}, got {got}", "clause.max", bound=bound, got=got
        )
    if kind == "too_long":
        # pydantic stops reading a long list at its limit: the length is known only for some.
        given = context.get("actual_length")
        count = "more entries" if given is None else f"{given:,} entries"
        limit = context["max_length"]
        return _words(
            f"{where} has {count}, more than its limit of {limit}", "clause.too_long", limit=limit
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        # JSON's 1e400 reads as an infinite float: "got inf" is not what was sent.
        too_large = isinstance(value, float) and math.isinf(value)
        given = "a number too large to read" if too_large else got
        code = "clause.whole_huge" if too_large else "clause.whole"
        return _words(f"{where} must be a whole number, got {given}", code, got=got)
    if kind == "string_pattern_mismatch":
        return _words(f"{where} is not an id, got {got}", "clause.id", got=got)
    if kind == "literal_error":
        expected = context["expected"]
        # pydantic's list is English ("'a', 'b' or 'c'"): its values alone, for every language
        # to join in its own words; a quoted value keeps what is inside its quotes.
        choices = tuple(c for c in _CHOICE.findall(str(expected)) if c != "or")
        return _words(
            f"{where} must be {expected}, got {got}", "clause.choice", choices=choices, got=got
        )
    if kind in _TYPE_WORDS:
        return _words(f"{where} must be {_TYPE_WORDS[kind]}, got {got}", f"clause.{kind}", got=got)
    if kind == "extra_forbidden":
        return _words(f"unknown field {excerpt(where)}", "clause.unknown")
    if kind == "missing":
        return _words(f"{where} is missing", "clause.missing")
    message = str(item["msg"]).removeprefix("Value error, ")
    text = message if whole else f"{where}: {message}"
    if isinstance(cause, SupecostError | CodedValueError):
        return _Clause(text, cause.code, _nested(cause))
    return _Clause(text)


def _nested(error: SupecostError | CodedValueError) -> tuple[tuple[str, object], ...]:
    """An error's values as a clause carries them."""
    params = error.params
    return tuple(params.items()) if isinstance(params, Mapping) else params


def _hints(fields: Mapping[str, str], record: type[BaseModel], request_hints: bool) -> str:
    """How to write each field named (by its first part: ``with.0.units`` is ``with``)."""
    hints: dict[str, None] = {}
    what = record.__name__
    subject = _WHOLE_SUBJECT.get(what, what)
    for where, clause in fields.items():
        if where == what and clause.startswith(("not valid JSON", subject)):
            names = (field.alias or name for name, field in record.model_fields.items())
            hints[f"give one JSON object of {subject}'s fields: {', '.join(names)}"] = None
        elif clause.startswith("unknown field"):
            names = (field.alias or name for name, field in record.model_fields.items())
            hints[f"{subject} has the fields {', '.join(names)}"] = None
        else:
            known = field_hint(where) if request_hints else None
            hints[known or f"see {record.__name__} in the reference (docs/reference/api.md)"] = None
    return "; ".join(hints)


def field_hint(where: str, names: Mapping[str, str] | None = None) -> str | None:
    """How to write a field: in Python and JSON's words, or a surface's ``names`` and syntax.

    Internal, not part of the public API.

    Example:
        >>> field_hint("sessions", {"sessions": "--sessions"})
        '--sessions is a whole number from 1 to 1000, or a range of at most 100 of them such as 3-6'

    Args:
        where: The field's path (``with.0.units`` is ``with``'s).
        names: The surface's name of each field; ``None`` for Python and JSON.

    Returns:
        The hint, or ``None`` for a field without one.
    """
    hint = _FIELD_HINTS.get(where.split(".")[0])
    if hint is None:
        return None
    if names is None:
        return f"{hint.subject} {hint.rule}{hint.json}"
    return hint.cli_whole or f"{names.get(hint.subject, hint.subject)} {hint.rule}{hint.cli}"


def reworded(error: SupecostError, names: Mapping[str, str], whole: str = "") -> str:
    """An error naming fields or arguments, in the words of a surface that names them its own way.

    The command line calls ``sessions`` ``--sessions`` and writes a range as
    ``3-6``: each clause of the error is given the surface's name for its
    field, and each hint the surface's syntax, from the same table of hints.
    A field without a table hint (a contract's ``used``) keeps the error's own
    hint, and a Python argument written ``name=`` in a clause or that hint is
    given the surface's name. Internal, not part of the public API.

    Example:
        >>> try:
        ...     QuoteRequest(sessions=0)
        ... except RequestError as error:
        ...     print(reworded(error, {"sessions": "--sessions"}))
        --sessions must be at least 1, got 0; --sessions is a whole number from 1 to 1000, ...

    Args:
        error: An error listing its ``fields`` (others come back as they are).
        names: The surface's name of each field or argument, by its Python name.
        whole: The field the record itself stands for (``"sessions"`` for a
            :class:`SessionRange`); empty for a :class:`QuoteRequest`.

    Returns:
        The clauses and their hints, without the record's class name.
    """
    if not error.fields:
        return str(error)
    clauses, hints = reworded_parts(error, names, whole)
    return "; ".join([*clauses, *hints])


def reworded_parts(
    error: SupecostError, names: Mapping[str, str], whole: str = ""
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """:func:`reworded`'s clauses and hints apart, for a surface that shows them apart.

    Internal, not part of the public API.
    """

    def named(text: str) -> str:
        def name(found: re.Match[str]) -> str:
            # "new_patient=False" may be a flag of its own ("--returning").
            given = found[2] and names.get(f"{found[1]}={found[2]}")
            return given or names.get(found[1], f"{found[1]}=") + (found[2] or "")

        return _ARGUMENT.sub(name, text)

    clauses: list[str] = []
    hints: dict[str, None] = {}
    for path, clause in error.fields:
        if whole:
            clauses.append(f"{surface_field(whole, names)}: {clause}")
        elif path and clause.startswith(path):  # as record_error writes a field's clause
            clauses.append(surface_field(path, names) + named(clause.removeprefix(path)))
        else:
            clauses.append(named(clause))
        # A request's own hint is JSON's ("see QuoteRequest"); a contract's is Python's, and
        # says how to go on from that very error, which a field's general rule does not.
        own = error.hint and not isinstance(error, RequestError)
        hint = named(error.hint) if own else field_hint(whole or path, names)
        if hint is not None:
            hints[hint] = None
    return tuple(clauses), tuple(hints)


def surface_field(path: str, names: Mapping[str, str]) -> str:
    """A field's path as a surface naming fields its own way writes it, in every language.

    The surface's name of the field the path starts in, alone: the option the user typed
    (``segment.1``, the second ``--segment``, is ``--segment``: no one can type
    ``--segment.1``); a path whose field the surface does not name stays as it is.
    Internal, not part of the public API.

    Example:
        >>> surface_field("segment.1", {"segment": "--segment"})
        '--segment'
        >>> surface_field("with.0.units", {})
        'with.0.units'
    """
    return names.get(path.split(".")[0], path)


# A Python argument as a message writes it, "price=": the name before "=".
_ARGUMENT: Final = re.compile(r"\b([a-z][a-z_]*)=(True\b|False\b)?")


class CallerRecord(_Record):
    """A record a caller builds: bad input raises a :class:`SupecostError`, worded per field.

    Construction and the ``model_validate`` entry points translate pydantic's
    ``ValidationError`` (:class:`~supecost.catalog.InputRecord`) with
    :meth:`_invalid`: a request's into a :class:`RequestError`, and a subclass's
    (a contract's) into its own error. Internal, not part of the public API.
    """

    @classmethod
    def _invalid(cls, error: ValidationError) -> SupecostError:
        """The error bad input is: here a :class:`RequestError` naming each field."""
        return record_error(error, cls)

    def __init__(self, /, **data: Any) -> None:
        # Unlike a catalog's records, a request's inside a request are built through their
        # __init__ (pydantic's "custom init"), so a session range's own error is worded as
        # the range's, not as the union's that holds it.
        super().__init__(**data)

    @model_validator(mode="after")
    def _remember_checked(self) -> Self:
        # Marks what validation made, for checked_record. model_copy and copy.copy give the
        # copy a new set of fields set but the old mark, model_construct no mark, pickling
        # keeps the two one object; pydantic leaves "_" keys of __dict__ out of fields,
        # equality, hashing, dumps and repr.
        self.__dict__[_CHECKED] = self.__pydantic_fields_set__
        return self


class SessionRange(CallerRecord):
    """A session count known only as a range, such as 「3〜6回」.

    ``min`` is at most ``max``, and the range spans at most 100 counts (``max`` at most
    ``min`` + 99): a rule between the two fields, which JSON Schema cannot state.

    Example:
        >>> SessionRange(min=3, max=6).counts()
        range(3, 7)
    """

    min: _Sessions
    max: _Sessions

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        # Worded without the field's name: the request, the command line and the HTTP
        # service each put their own name for the field ("--sessions: ") before it.
        if self.min > self.max:
            raise CodedValueError(
                f"the range's min {self.min} is above its max {self.max}; swap them",
                "clause.range_order",
                low=self.min,
                high=self.max,
            )
        counts = self.max - self.min + 1
        if counts > MAX_RANGE_COUNTS:
            from supecost.l10n import RANGE_DASHES  # babel, loaded only for the refusal

            raise CodedValueError(
                f"the range {self.min}{RANGE_DASHES[False]}{self.max} spans {counts} counts, "
                f"more than {MAX_RANGE_COUNTS}; narrow the range",
                "clause.range_wide",
                low=self.min,
                high=self.max,
                counts=counts,
                limit=MAX_RANGE_COUNTS,
            )
        return self

    def counts(self) -> range:
        """Every session count in the range, lowest first."""
        return range(self.min, self.max + 1)


class FeeChoice(CallerRecord):
    """An optional per-visit fee the patient chooses at some of the visits only.

    In JSON: ``{"fee": "after-hours", "visits": 1}`` among a request's ``fees``; a bare id
    means every visit the fee's rule charges. Only for a fee charged per visit
    (``every_visit``, ``return_visit``): it is then charged at the first ``visits`` of the
    visits its rule charges it at (時間外 at one evening visit of three). Which visits the
    patient will choose is not known; the total is the same whichever, and the payment
    schedule dates the fee at the earliest.

    Example:
        >>> FeeChoice(fee="after-hours", visits=1).visits
        1
    """

    fee: Id
    visits: _Sessions


class WithEntry(CallerRecord):
    """A treatment added to the course, with its units per visit and its own count.

    In JSON: ``{"treatment": "placenta", "units": 3}``; a bare id means one
    unit at every visit. With ``sessions`` (schema 2), N sessions of it at the
    first N visits: ``{"treatment": "stimsure-2", "sessions": 4}``.

    Example:
        >>> WithEntry(treatment="placenta", units=3).units
        3
        >>> WithEntry(treatment="stimsure-2", sessions=4).sessions
        4
    """

    treatment: Ref
    units: Units = 1
    sessions: _Sessions | None = None
    """Sessions of it, at the first visits; ``None``: one at every visit of the course."""

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A request without issue 13's fields reads back as it always did.
        data = handler(self)
        if self.sessions is None and isinstance(data, dict):
            data.pop("sessions", None)
        return data


MAX_HISTORY: Final = 100_000
"""The most sessions of one treatment a request's history may say were had."""

_MAX_HISTORY_IDS: Final = 50
"""The most treatments and doses a request's history may name."""


_History: TypeAlias = Annotated[
    Mapping[Ref, Annotated[StrictInt, Field(ge=0, le=MAX_HISTORY)]],
    AfterValidator(frozen_mapping),
    Field(max_length=_MAX_HISTORY_IDS, json_schema_extra=mapping_schema),
]
"""Sessions already had, by treatment or dose (``{"hair": 5}``)."""

_LastVisit: TypeAlias = Annotated[
    Mapping[Ref, Day],
    AfterValidator(frozen_mapping),
    Field(max_length=_MAX_HISTORY_IDS, json_schema_extra=mapping_schema),
]
"""The date of the last session had, by treatment or dose (``{"sup": "2026-11-20"}``): keyed
as ``history`` is, as each treatment's sessions have their own last one."""

_MAX_BOUGHT_IDS: Final = 50
"""The most offers a request's ``bought`` may name."""

_Bought: TypeAlias = Annotated[
    Mapping[Id, Annotated[StrictInt, Field(ge=0, le=MAX_HISTORY)]],
    AfterValidator(frozen_mapping),
    Field(max_length=_MAX_BOUGHT_IDS, json_schema_extra=mapping_schema),
]
"""How many of each offer limited per patient the patient bought before (``{"camp": 1}``),
and the plans with a first-month price they enrolled in before (``{"nmn-m": 1}``)."""

_Holding: TypeAlias = Annotated[
    Mapping[Id, Annotated[StrictInt, Field(ge=1, le=MAX_HISTORY)]],
    AfterValidator(frozen_mapping),
    Field(max_length=_MAX_BOUGHT_IDS, json_schema_extra=mapping_schema),
]
"""Sets of sessions the patient holds, with the sessions left of each (``{"sup-3": 2}``)."""


MAX_GOODS_UNITS: Final = 1_000
"""The most units of one goods record (物販) a request may buy."""

_MAX_GOODS_IDS: Final = 50
"""The most goods records one request may buy."""

_GoodsBought: TypeAlias = Annotated[
    Mapping[Id, Annotated[StrictInt, Field(ge=1, le=MAX_GOODS_UNITS)]],
    AfterValidator(frozen_mapping),
    Field(max_length=_MAX_GOODS_IDS, json_schema_extra=mapping_schema),
]
"""Goods bought beside the course, by id, with how many units (``{"nmn-caps": 2}``).

Private, as ``_History`` is: the type of a field, not API; the service's contract
query shares it so that both take goods under the same bounds."""


_MAX_CHOSEN_FEES: Final = 50
"""The most optional fees one request may choose."""

_MAX_SOLD_OUT: Final = 50
"""The most offers and discounts one request may say are sold out."""

MAX_SEGMENTS: Final = 10
"""The most segments one request may name (会員 and シニア: a patient in several groups)."""


def sessions_had(history: Mapping[str, int], ref: str) -> int:
    """Sessions of ``ref`` a request's history says were had: its own count, plus its
    treatment's for a dose; the one count, for a ladder's places (``resolve.had_before``) and
    the request's own check of its last visits.

    Example:
        >>> sessions_had({"exo": 2, "exo:2cc": 1}, "exo:2cc"), sessions_had({"exo": 2}, "nmn")
        (3, 0)
    """
    base = ref.partition(":")[0]
    return history.get(ref, 0) + (history.get(base, 0) if base != ref else 0)


def dates_a_session(history: Mapping[str, int], ref: str) -> bool:
    """Whether a last visit of ``ref`` dates a session ``history`` counts: one of ``ref``
    (:func:`sessions_had`), or for a treatment one of its doses, whose last session is the
    later of its own and its treatment's (a booking system may store the last visit by
    treatment and the history by dose).

    Example:
        >>> dates_a_session({"sup:2cc": 3}, "sup"), dates_a_session({"sup": 3}, "sup:2cc")
        (True, True)
        >>> dates_a_session({"sup:2cc": 3}, "sup:4cc"), dates_a_session({"supx": 1}, "sup")
        (False, False)
    """
    return sessions_had(history, ref) > 0 or any(
        count > 0 and key.partition(":")[0] == ref for key, count in history.items()
    )


def check_first_visit(first: date, on: date) -> None:
    """Refuse a course's first visit ``first`` before the quote's date ``on``: the one check,
    for a request with its date and the engine's, which dates one without it (today).

    Example:
        >>> check_first_visit(date(2027, 1, 10), date(2026, 12, 1))
        >>> check_first_visit(date(2026, 11, 30), date(2026, 12, 1))
        Traceback (most recent call last):
        ...
        supecost.errors.RequestError: invalid QuoteRequest: the first visit (2026-11-30) is ...
    """
    if first < on:
        clause = f"the first visit ({first.isoformat()}) is before the quote's date ({on})"
        raise RequestError(
            f"invalid QuoteRequest: {clause}",
            "give the day of the course's first session, on or after the request's date (on), "
            "or leave it out for a course starting on that date",
            (("first_visit", clause),),
            code="request.first_visit_before",
            params={"first": first.isoformat(), "on": on.isoformat()},
        )


def check_last_visit(ref: str, day: date, on: date) -> None:
    """Refuse a last visit of ``ref`` on ``day`` after the course's date ``on`` (its first
    visit): the one check, for a request with its dates and the engine's, which dates one
    without them (today).

    Example:
        >>> check_last_visit("sup", date(2026, 11, 20), date(2026, 11, 30))
        >>> check_last_visit("sup", date(2026, 12, 1), date(2026, 11, 30))
        Traceback (most recent call last):
        ...
        supecost.errors.RequestError: invalid request: the last visit of sup (2026-12-01) ...
    """
    if day > on:
        clause = f"the last visit of {ref} ({day.isoformat()}) is after the course's date ({on})"
        raise RequestError(
            f"{_INVALID_REQUEST}{clause}",
            "give the date of the last session already had, on or before the course's first "
            "visit (first_visit, else the request's date on), or a later first visit",
            (("last_visit", clause),),
            code="request.last_visit_after",
            params={"ref": ref, "day": day.isoformat(), "on": on.isoformat()},
        )


def as_segments(segment: str | tuple[str, ...] | None) -> tuple[str, ...]:
    """The segments a request's ``segment`` names, as a tuple: none, one, or several.

    Example:
        >>> as_segments(None), as_segments("member"), as_segments(("member", "senior"))
        ((), ('member',), ('member', 'senior'))
    """
    if segment is None:
        return ()
    return (segment,) if isinstance(segment, str) else segment


def _one_form(segment: str | tuple[str, ...] | None) -> str | tuple[str, ...] | None:
    # One meaning, one value: a patient in member and senior is the same patient however the
    # request orders them, so the same cache keys and the same answers; one segment stays
    # the string it always was, so a reader of ``segment`` sees no change.
    if segment is None or isinstance(segment, str):
        return segment
    named = tuple(sorted(set(segment)))
    if not named:
        return None
    return named[0] if len(named) == 1 else named


_Segment: TypeAlias = Annotated[
    Id | Annotated[tuple[Id, ...], Field(max_length=MAX_SEGMENTS)] | None,
    AfterValidator(_one_form),
]
"""A request's segment: an id, or several (a tuple, sorted, each once); a tuple of one is its id."""

_BirthMonth: TypeAlias = Annotated[StrictInt, Field(ge=1, le=12)]
"""A patient's birth month, 1 to 12: no more of a birthday than a birth-month discount reads."""


class _Hint(NamedTuple):
    """How to write one field: the rule, said once, and the syntax of each surface after it."""

    subject: str
    """What the rule is about, by its Python and JSON name (``min`` is about ``sessions``)."""
    rule: str
    json: str = ""
    """Appended for Python and JSON callers (and the HTTP service)."""
    cli: str = ""
    """Appended on the command line, which names the subject by its flag."""
    cli_whole: str = ""
    """The whole hint on the command line, where its flag does not read as the field does
    (``--returning`` is ``new_patient`` false)."""


# How to write each field of a request, for the errors of record_error and reworded.
_IDS: Final = _Hint(
    "ids",
    "are the catalog's: 1 to 64 lower-case letters, digits and '-', such as 'sup-iv' "
    "(ID:DOSE for a dose, such as 'exo-iv:2cc')",
)
_SESSION_COUNT: Final = _Hint("sessions", f"is a whole number from 1 to {MAX_SESSIONS}")
_WITH: Final = _Hint(
    "with",
    f"lists up to {MAX_VISIT_TREATMENTS - 1} treatment ids added to the main one",
    json=", or entries of treatment, units and sessions",
    cli=", each given as ID, or ID=N for N sessions at the first visits",
)
_FIELD_HINTS: Final[Mapping[str, _Hint]] = {
    "sessions": _SESSION_COUNT._replace(
        json=', or a range of them such as {"min": 3, "max": 6}',
        cli=f", or a range of at most {MAX_RANGE_COUNTS} of them such as 3-6",
    ),
    "min": _SESSION_COUNT,
    "max": _SESSION_COUNT,
    "months": _Hint(
        "months",
        f"is a whole number from 1 to {MAX_MONTHS}, or left out for a course without dates",
    ),
    "units": _Hint("units", f"is a whole number from 1 to {MAX_UNITS} per visit"),
    "with": _WITH,
    "with_": _WITH._replace(subject="with_"),
    "history": _Hint(
        "history",
        f"maps up to {_MAX_HISTORY_IDS} treatment ids to the sessions already had, "
        f"0 to {MAX_HISTORY:,}",
        cli=", each given as ID=N",
    ),
    "goods": _Hint(
        "goods",
        f"maps up to {_MAX_GOODS_IDS} ids of the catalog's goods to how many are bought, "
        f"1 to {MAX_GOODS_UNITS:,}",
        cli=", each given as ID=N",
    ),
    "goods_monthly": _Hint(
        "goods_monthly",
        f"maps up to {_MAX_GOODS_IDS} ids of the catalog's goods delivered monthly to how many "
        f"are delivered a month, 1 to {MAX_GOODS_UNITS:,}, over the request's months",
        cli=", each given as ID=N, with --months",
    ),
    "treatment": _IDS,
    "segment": _IDS._replace(
        json=f", or a list of up to {MAX_SEGMENTS} of them for a patient in several segments",
        cli=", one per flag",
    ),
    "fees": _Hint(
        "fees",
        f"lists up to {_MAX_CHOSEN_FEES} ids of the catalog's optional fees, such as 'travel-23ku'",
        json=', or {"fee": ID, "visits": N} for a per-visit fee at N visits',
        cli=", one per flag, ID=N for a per-visit fee at N visits",
    ),
    "bought": _Hint(
        "bought",
        f"maps up to {_MAX_BOUGHT_IDS} ids of the catalog's offers limited per patient "
        f"(per_patient) or plans with a first-month price (first_month) to how many of each "
        f"the patient bought before, 0 to {MAX_HISTORY:,}",
        cli=", each given as ID=N",
    ),
    "holding": _Hint(
        "holding",
        f"maps up to {_MAX_BOUGHT_IDS} ids of the catalog's sets of sessions the patient holds "
        "to the sessions left of each, 1 to the set's sessions",
        cli=", each given as ID=N",
    ),
    "sold_out": _Hint(
        "sold_out",
        f"lists up to {_MAX_SOLD_OUT} ids of the catalog's offers and discounts for the first "
        "patients only (first_n) whose places are gone, such as 'autumn-first10'",
        cli=", one per flag",
    ),
    "birth_month": _Hint(
        "birth_month",
        "is the patient's birth month, a whole number from 1 (January) to 12 (December), "
        "or left out when it is not known",
    ),
    "on": _Hint("on", "is a date written YYYY-MM-DD"),
    "first_visit": _Hint(
        "first_visit",
        "is the date of the course's first session, written YYYY-MM-DD, left out for a course "
        "starting on the quote's date, and never before it",
        json=" (on)",
        cli=" (--date)",
    ),
    "last_visit": _Hint(
        "last_visit",
        f"maps up to {_MAX_HISTORY_IDS} ids of treatments the history has sessions of to the "
        "date of the last one, written YYYY-MM-DD, on or before the course's first visit",
        json=' (with "new_patient": false)',
        cli=", each given as ID=YYYY-MM-DD (the main treatment's as the date alone), beside "
        "--history ID=N and --returning",
    ),
    # The command line cannot give new_patient a wrong type: its one error there is a new
    # patient with a history (QuoteRequest._new_patient_without_history).
    "new_patient": _Hint(
        "new_patient",
        "is true or false",
        cli_whole="add --returning for a patient who already had sessions at this clinic, "
        "or leave out --history for a new patient",
    ),
}


class QuoteRequest(CallerRecord):
    """What a patient needs: a treatment, how many sessions, over how long, with what.

    Example:
        >>> QuoteRequest(treatment="sup-iv", sessions=SessionRange(min=3, max=6)).new_patient
        True

    Args:
        treatment: The treatment id, or a dose as ``treatment:dose``; the
            catalog's first treatment when ``None``.
        sessions: How many sessions, or a range of counts.
        months: The months the course spans; ``None`` lets each way of buying
            be scheduled as it suits (sets within their validity, monthly
            plans at their allowance).
        with_: Treatments added at every visit (``"with"`` in JSON): ids or
            doses, or :class:`WithEntry` records with their units per visit; at
            most :data:`MAX_VISIT_TREATMENTS` - 1 (9), each named once.
        new_patient: Whether first-visit fees and first-time prices apply.
        on: The quote's date, the day it is made (an estimate's 発行日, from which it is
            valid); today when ``None``. Without ``first_visit`` the course starts on it too.
        first_visit: The date of the course's first session, on or after ``on`` (a course
            booked today for a later day); ``on`` when ``None``. Everything priced by the
            day a session is had is read from it and the months after it: tax rates, offers'
            and discounts' sales windows, a plan's campaigns and first months, the birth
            month, a set's validity, the gap after ``last_visit``.
        units: Units of the main treatment per visit (3 ampoules); the first
            is the session, each further one is charged the treatment's
            ``extra_unit_price``.
        segment: The patient's segment (``"member"``), one the catalog's clinic
            declares; its segment prices apply. A patient in several groups gives
            them all (``("member", "senior")``, at most :data:`MAX_SEGMENTS`): where a
            price has entries for more than one, the lowest applies, and a discount
            for any of them does (:attr:`segments` reads either form as a tuple).
            Several are kept sorted, each once; one given as a tuple is its id.
        history: Sessions the patient already had at this clinic, by treatment
            (``{"hair": 5}``), as its records count them: a session's place for
            ladders, and ``for = "first_time"`` prices. Only a returning patient
            has one: a count above 0 with ``new_patient`` true is refused.
        fees: The catalog's optional fees the patient chooses (a travel fee for
            their area, a test on request), by id; each is then charged by its
            rule like any fee. At most one fee of each group. A per-visit fee chosen
            at some visits only is a :class:`FeeChoice` with its count of visits.
        sold_out: Offers and discounts for the first patients only (the catalog's
            ``first_n``, 先着N名様) whose places are gone, by id: each is then not
            available, as if its sales window had ended. supecost cannot count
            patients; the booking system that does says so here. Each id must name
            a limited offer or discount of the catalog.
        bought: Offers limited per patient (the catalog's ``per_patient``,
            お一人様1セット限り) the patient bought before, by id, with how many:
            the request buys at most ``per_patient`` less this of each, none once
            it is used up; and monthly plans with a first-month price (the
            catalog's ``first_month``) the patient enrolled in before (any count but
            0): their enrollment pays the fee from its first month. Each id must
            name an offer limited per patient or a plan with a first-month price.
        goods: Goods (物販: supplements, home-care skincare) bought beside the
            course, by the catalog's goods id, with how many units. The same in
            every way of buying, so they never change which way is cheapest, but
            every option's bill includes them: no visit, no per-visit fee, paid
            at the first visit, taxed at their own rate.
        goods_monthly: Goods delivered monthly (定期便), by the catalog's id of a
            goods record with a ``subscription``, with how many units a month: each
            month of ``months`` delivers them at the subscription's monthly price,
            paid in that month, taxed at the goods' own rate. Needs ``months``, at
            least the subscription's ``min_months``.
        birth_month: The patient's birth month, 1 to 12 (a month, not a birthday):
            a discount for patients in their birth month (the catalog's
            ``birth_month_only``, 誕生月特典) applies when it is the month of
            ``on``. ``None`` when not known: such a discount then does not apply.
        holding: Sets of sessions the patient holds (回数券 bought before), by the catalog's
            offer id, with the sessions left of each (``{"sup-3": 2}``), at most one set
            of each of the request's treatments (or doses), 1 to its sessions. ``sessions``
            counts the held ones: holding 2, ``sessions`` 5 is the 2 held and 3 more. Every
            way uses the held sessions, at no price (a top-up still paid), for whichever
            sessions they save most on; a set whose ``upgrade_from``
            names the held one is a way of its own (乗り換え, :attr:`WayKind.UPGRADE`): the
            set at its price less the credit for the sessions left (a line of
            :attr:`LineKind.CREDIT`). When the held set was bought is not asked, so its
            validity is not checked: give only sessions still valid.
        last_visit: The date of the patient's last session of a treatment of the
            history, by the same ids (``{"sup": date(2026, 11, 20)}``), for a ladder step
            held within days of the previous session (``LadderStep.within_days``): the
            course's first session is within where its date (``first_visit``, else ``on``;
            with ``months`` the course's first month's) is within the step's days of it.
            Without it, the first session is never within. Each id must have sessions in
            ``history``, and no date may be after the first visit.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True, defer_build=True)

    treatment: Ref | None = None
    sessions: _Sessions | SessionRange
    months: Months | None = None
    with_: tuple[Ref | WithEntry, ...] = Field(
        default=(), alias="with", max_length=MAX_VISIT_TREATMENTS - 1
    )
    new_patient: StrictBool = True
    on: Day | None = None
    first_visit: Day | None = Field(
        default=None,
        description="The date of the course's first session, on or after `on` (the quote's "
        "date), which it is when absent: the sessions' days (sales windows, campaigns, the "
        "birth month, a plan's months, a set's validity, the gap after `last_visit`) count "
        "from it.",
    )
    units: Units = 1
    segment: _Segment = None
    history: _History = Field(default_factory=FrozenMapping)
    fees: Annotated[tuple[Id | FeeChoice, ...], Field(max_length=_MAX_CHOSEN_FEES)] = ()
    sold_out: Annotated[tuple[Id, ...], Field(max_length=_MAX_SOLD_OUT)] = ()
    bought: _Bought = Field(default_factory=FrozenMapping)
    goods: _GoodsBought = Field(default_factory=FrozenMapping)
    goods_monthly: _GoodsBought = Field(default_factory=FrozenMapping)
    birth_month: _BirthMonth | None = None
    holding: _Holding = Field(default_factory=FrozenMapping)
    last_visit: _LastVisit = Field(
        default_factory=FrozenMapping,
        description="The date of the last session had, by treatment or dose, keyed as "
        "`history` is: each dates a session `history` counts (a treatment's, those of its "
        "doses too), on or before the course's first visit (`first_visit`, else `on`).",
    )

    @model_validator(mode="after")
    def _first_visit_from_on(self) -> Self:
        # A quote prices a course booked on its date: one that started before it would price
        # sessions already had. An ``on`` left to today is checked when the engine dates it.
        if self.first_visit is not None and self.on is not None:
            check_first_visit(self.first_visit, self.on)
        return self

    @model_validator(mode="after")
    def _last_visit_of_history(self) -> Self:
        # A last visit dates a session the history counts: without one it dates nothing
        # (a new patient, or a treatment never had), and after the course's first day it is
        # no previous session. An ``on`` left to today is checked when the engine dates it.
        course = self.first_visit or self.on
        for ref, day in self.last_visit.items():
            if not dates_a_session(self.history, ref):
                clause = f"a last visit of {ref} dates a session had before, but history has none"
                raise RequestError(
                    f"{_INVALID_REQUEST}{clause}",
                    f"give history {ref}=N (the sessions had) beside its last visit, with "
                    '"new_patient": false, or leave the last visit out',
                    (("last_visit", clause),),
                    code="request.last_visit_without_history",
                    params={"ref": ref},
                )
            if course is not None:
                check_last_visit(ref, day, course)
        return self

    @model_validator(mode="after")
    def _monthly_goods_with_months(self) -> Self:
        # A monthly delivery is paid month by month over the course: a course without dates
        # has no months to deliver in, and one delivery is not what the menu sells.
        if self.goods_monthly and self.months is None:
            clause = "goods delivered monthly (goods_monthly) are paid over the course's months"
            raise RequestError(
                f"{_INVALID_REQUEST}{clause}, but the request gives none",
                "give months, as many as the deliveries, or buy the goods once with goods",
                (("goods_monthly", clause),),
                code="request.goods_monthly_months",
                params={},
            )
        return self

    @model_validator(mode="after")
    def _new_patient_without_history(self) -> Self:
        # A history is sessions had at this clinic (its records, a ladder's places), so only a
        # returning patient has one: new_patient's default (true) beside a history is the
        # request's mistake, which would charge first-visit fees and new patients' prices.
        had = {ref: count for ref, count in self.history.items() if count > 0}
        if self.new_patient and had:
            listed = ", ".join(f"{ref} {count}" for ref, count in list(had.items())[:3])
            listed += f" and {len(had) - 3} more" if len(had) > 3 else ""
            clause = (
                f"a history of sessions had at this clinic ({listed}) is a returning patient's, "
                "but the request is for a new patient"
            )
            raise RequestError(
                f"{_INVALID_REQUEST}{clause}",
                'give "new_patient": false for a patient who already had sessions at this '
                "clinic, or leave history out for a new patient",
                (("new_patient", clause),),
                code="request.new_with_history",
                params={"listed": listed},
            )
        return self

    @model_serializer(mode="wrap")
    def _without_unset(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A request without a history, chosen fees, sold-out offers, goods or a birth month
        # reads back as it always did.
        data = handler(self)
        if isinstance(data, dict):
            if not self.goods:
                data.pop("goods", None)
            if not self.goods_monthly:
                data.pop("goods_monthly", None)
            if not self.history:
                data.pop("history", None)
            if not self.fees:
                data.pop("fees", None)
            if not self.sold_out:
                data.pop("sold_out", None)
            if not self.bought:
                data.pop("bought", None)
            if self.birth_month is None:
                data.pop("birth_month", None)
            if not self.last_visit:
                data.pop("last_visit", None)
            if self.first_visit is None:
                data.pop("first_visit", None)
            if not self.holding:
                data.pop("holding", None)
        return data

    @property
    def segments(self) -> tuple[str, ...]:
        """The patient's segments, none, one or several, as a tuple.

        Example:
            >>> QuoteRequest(sessions=1, segment=["senior", "member"]).segments
            ('member', 'senior')
        """
        return as_segments(self.segment)

    @property
    def fee_ids(self) -> tuple[str, ...]:
        """The ids of the optional fees chosen, in the request's order.

        Example:
            >>> QuoteRequest(sessions=3, fees=("travel", FeeChoice(fee="late", visits=1))).fee_ids
            ('travel', 'late')
        """
        return tuple(entry if isinstance(entry, str) else entry.fee for entry in self.fees)

    def fee_visits(self, fee_id: str) -> int | None:
        """At how many visits an optional fee is chosen: ``None`` for all its rule charges.

        Example:
            >>> request = QuoteRequest(sessions=3, fees=(FeeChoice(fee="late", visits=1),))
            >>> request.fee_visits("late"), request.fee_visits("travel")
            (1, None)
        """
        for entry in self.fees:
            if not isinstance(entry, str) and entry.fee == fee_id:
                return entry.visits
        return None

    @property
    def with_units(self) -> tuple[tuple[str, int], ...]:
        """Each added treatment's id (or dose) with its units per visit."""
        return tuple(
            (entry, 1) if isinstance(entry, str) else (entry.treatment, entry.units)
            for entry in self.with_
        )

    @property
    def with_sessions(self) -> tuple[int | None, ...]:
        """Each added treatment's own session count; ``None`` where it is at every visit."""
        return tuple(None if isinstance(e, str) else e.sessions for e in self.with_)

    @property
    def courses(self) -> bool:
        """Whether the request uses issue 13's fields (own counts or a history)."""
        return bool(self.history) or any(n is not None for n in self.with_sessions)

    @property
    def session_counts(self) -> range:
        """The session counts the request covers (a single count is a range of one)."""
        if isinstance(self.sessions, SessionRange):
            return self.sessions.counts()
        return range(self.sessions, self.sessions + 1)


_CHECKED: Final = "_checked"
"""The key of a request's ``__dict__`` marking it as validation made it."""

_UNCHECKED_HINT: Final = (
    "model_copy(update=...) and model_construct skip validation: build a changed request with "
    "QuoteRequest.model_validate({**request.model_dump(by_alias=True), ...}) or QuoteRequest(...)"
)


def assemble_request(**values: Any) -> QuoteRequest:
    """A request from values already checked, without validation, marked as validation marks it.

    For a caller that bounded every value itself, as the command line's
    options do: building a process's first pydantic validator costs more
    than a quote. Internal, not part of the public API.

    Example:
        >>> request = assemble_request(sessions=3, with_=("nmn",))
        >>> checked_request(request) is request, request == QuoteRequest(sessions=3, with_=("nmn",))
        (True, True)
    """
    made = assemble(QuoteRequest, **values)
    made.__dict__[_CHECKED] = made.__pydantic_fields_set__
    return made


def checked_request(request: QuoteRequest) -> QuoteRequest:
    """The request as validation made it: itself, or validated again from its fields.

    The engine's entry points call this first: a request built by validation
    passes in a few hundred nanoseconds; one built by ``model_copy(update=...)``
    or ``model_construct`` is validated again, so a request that breaks
    QuoteRequest's rules is a :class:`RequestError` (saying how to build it)
    rather than a crash deep in the engine. Internal, not part of the public API.

    Example:
        >>> request = QuoteRequest(sessions=5)
        >>> checked_request(request) is request
        True
        >>> checked_request(request.model_copy(update={"sessions": 0}))
        Traceback (most recent call last):
        ...
        supecost.errors.RequestError: invalid request: sessions must be at least 1, ...

    Args:
        request: A :class:`QuoteRequest`.

    Returns:
        ``request`` itself when validation made it and nothing changed it since;
        otherwise a validated request equal to it.

    Raises:
        RequestError: The request breaks one of QuoteRequest's rules.
    """
    try:
        return checked_record(request)
    except RequestError as error:
        raise RequestError(
            error.message,
            f"{error.hint}; {_UNCHECKED_HINT}",
            error.fields,
            code=error.code,
            params=error.params,
        ) from None


_Caller = TypeVar("_Caller", bound=CallerRecord)


def checked_record(record: _Caller) -> _Caller:
    """A caller's record as validation made it: itself, or validated again from its fields.

    ``model_copy(update=...)`` and ``model_construct`` skip validation; an entry
    point that relies on a record's rules reads it through this. Internal, not
    part of the public API.

    Raises:
        SupecostError: The record breaks one of its rules (its class's error).
    """
    if record.__dict__.get(_CHECKED) is record.__pydantic_fields_set__:
        return record
    return type(record).model_validate(_plain(record))


def _plain(value: Any) -> Any:
    """A record as its fields, nested records too: validation trusts a record as it is."""
    if isinstance(value, BaseModel):
        fields = value.__dict__.items()
        return {name: _plain(item) for name, item in fields if not name.startswith("_")}
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    return value


class LineKind(enum.StrEnum):
    """What a line of an option is.

    Example:
        >>> LineKind("bundle") is LineKind.BUNDLE
        True
    """

    SINGLE = "single"
    BUNDLE = "bundle"
    TOP_UP = "top_up"
    """A set's top-up (差額, ``Bundle.top_ups``): ``item`` the set, ``quantity`` the sessions
    it covers at its topped-up dose, each paid in the month of its visit."""
    CREDIT = "credit"
    """An upgrade's credit (乗り換え, ``QuoteRequest.holding``): ``item`` the set bought, the
    sessions left of the set held, each at its price a session (``Bundle.upgrade_credit``),
    taken off the set's price at its tax rate; a negative amount."""
    INTRO = "intro"
    SUBSCRIPTION = "subscription"
    ENROLLMENT = "enrollment"
    FIRST_MONTH = "first_month"
    """A monthly plan's first months at their lower price (初月無料, 初月半額)."""
    EARLY_TERMINATION = "early_termination"
    """A monthly plan left before its minimum term: its ``early_termination_fee``, paid in the
    month it is left (:func:`~supecost.catalog.plan_held`)."""
    EXTRA_SESSION = "extra_session"
    EXTRA_UNIT = "extra_unit"
    """Units of a treatment beyond the first in one visit, at its ``extra_unit_price``."""
    PACKAGE = "package"
    """Packages (コース) bought whole, at the package's price."""
    PACKAGE_INTRO = "package_intro"
    """One package at its first-time price (初回限定価格), for a new patient."""
    LADDER = "ladder"
    """Single sessions priced by their place in the patient's sessions (one line per step)."""
    COMBO = "combo"
    DISCOUNT = "discount"
    FEE = "fee"
    GOODS = "goods"
    """Goods (物販) bought beside the course: no session, paid at the first visit."""
    GOODS_MONTHLY = "goods_monthly"
    """Goods delivered monthly (定期便): no session; ``quantity`` is the units a month times the
    months, ``unit_price`` the monthly price, each month's units paid in that month."""
    GOODS_INCLUDED = "goods_included"
    """Goods a set bought includes (``Bundle.includes``, 「サプリメント1箱プレゼント」): given,
    at 0 yen; the units the request buys too are the set's, not charged again."""


class WayKind(enum.StrEnum):
    """The kinds of way to buy a course.

    Example:
        >>> Way.bundle("x-5").kind
        <WayKind.BUNDLE: 'bundle'>
    """

    SINGLES = "singles"
    INTRO = "intro"
    BUNDLE = "bundle"
    SUBSCRIPTION = "subscription"
    MIX = "mix"
    PACKAGE = "package"
    """A package (コース) of several treatments, each treatment's rest bought its best way."""
    UPGRADE = "upgrade"
    """Upgrading the set held to a bigger one (乗り換え, ``QuoteRequest.holding``): the set
    named, less the credit for the sessions left, and whatever is cheapest for the rest."""


_NAMED_KINDS = frozenset({WayKind.BUNDLE, WayKind.SUBSCRIPTION, WayKind.PACKAGE, WayKind.UPGRADE})
_JOIN: Final = "+join:"
"""What a way's label writes before the segment it joins (no id holds a ``+``)."""
_SEGMENT: Final = re.compile(ID_PATTERN)
"""A segment's id: the catalog's ``Id`` pattern."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class Way:
    """A way of buying a course: a value, compared and hashed as one, never a string to parse.

    Sets and monthly plans name their offer; singles, the first-time price and
    the optimiser's own mix do not. A way can mean joining a segment first
    (``joins``): paying the catalog's joining fee for it (入会金), then its
    prices. In JSON a way is its ``label`` (``"singles"``, ``"intro"``,
    ``"bundle:<offer id>"``, ``"subscription:<offer id>"``,
    ``"package:<offer id>"``, ``"upgrade:<offer id>"``, ``"mix"``, each followed by
    ``"+join:<segment>"``
    when it joins one), read back by :meth:`from_label`.

    Example:
        >>> Way.bundle("sup-iv-5").label
        'bundle:sup-iv-5'
        >>> Way.from_label("subscription:monthly") == Way(WayKind.SUBSCRIPTION, "monthly")
        True
        >>> Way.singles().joining("member").label
        'singles+join:member'

    Args:
        kind: What kind of way it is.
        offer: The offer a set or monthly plan is named after; ``None`` for the others.
        joins: The segment the patient joins to buy this way; ``None`` when none.

    Raises:
        RequestError: A set or plan without its offer, an offer on another kind,
            or a segment that is not an id.
    """

    kind: WayKind
    offer: str | None = None
    joins: str | None = None

    def __post_init__(self) -> None:
        named = self.kind in _NAMED_KINDS
        if (named and not self.offer) or (not named and self.offer is not None):
            raise RequestError(
                f"a way of kind {self.kind.value!r} with offer {self.offer!r} is not a way",
                "sets, monthly plans and packages name their offer; singles, intro and mix "
                "name none",
            )
        if self.joins is not None and not _SEGMENT.fullmatch(self.joins):
            raise RequestError(
                f"a way joining {self.joins!r} is not a way: a segment is an id",
                "name a segment as the catalog's clinic.segments lists it, such as 'member'",
            )

    def joining(self, segment: str) -> "Way":
        """This way, bought after joining ``segment`` (its joining fee, then its prices).

        Example:
            >>> Way.bundle("sup-5").joining("member")
            Way('bundle:sup-5+join:member')
            >>> Way.singles().joining("member").joins
            'member'

        Args:
            segment: The segment joined, as the catalog's ``clinic.segments`` lists it.

        Returns:
            The same kind of way and offer, joining ``segment`` (in place of any it joined).

        Raises:
            RequestError: ``segment`` is not an id.
        """
        return Way(self.kind, self.offer, segment)

    @classmethod
    def singles(cls) -> "Way":
        """Paying per session."""
        return _SINGLES

    @classmethod
    def intro(cls) -> "Way":
        """A first-time price, the one that makes the course cheapest, then per session."""
        return _INTRO

    @classmethod
    def mix(cls) -> "Way":
        """The optimiser's own combination of offers."""
        return _MIX

    @classmethod
    def bundle(cls, offer: str) -> "Way":
        """A set of sessions (and whatever else is cheapest for the rest)."""
        return cls(WayKind.BUNDLE, offer)

    @classmethod
    def subscription(cls, offer: str) -> "Way":
        """A monthly plan (and whatever else is cheapest for the rest)."""
        return cls(WayKind.SUBSCRIPTION, offer)

    @classmethod
    def package(cls, offer: str) -> "Way":
        """A package (and whatever else is cheapest for the rest of each treatment)."""
        return cls(WayKind.PACKAGE, offer)

    @classmethod
    def upgrade(cls, offer: str) -> "Way":
        """Upgrading a set held to the set ``offer`` (乗り換え, ``QuoteRequest.holding``).

        Example:
            >>> Way.upgrade("sup-6").label
            'upgrade:sup-6'
        """
        return cls(WayKind.UPGRADE, offer)

    @property
    def label(self) -> str:
        """The stable machine-readable form used in JSON."""
        own = self.kind.value if self.offer is None else f"{self.kind.value}:{self.offer}"
        return own if self.joins is None else f"{own}{_JOIN}{self.joins}"

    @classmethod
    def from_label(cls, label: str) -> "Way":
        """The way a label names.

        Example:
            >>> Way.from_label("mix").kind
            <WayKind.MIX: 'mix'>

        Args:
            label: A label as :attr:`label` writes it.

        Returns:
            The way.

        Raises:
            RequestError: The label names no kind of way, or lacks or misplaces an offer.
        """
        own, joined, segment = label.partition(_JOIN)
        kind, colon, offer = own.partition(":")
        try:
            way_kind = WayKind(kind)
        except ValueError:
            raise RequestError(
                f"{label!r} is not a way of buying",
                "write singles, intro, mix, bundle:<offer id>, subscription:<offer id>, "
                "package:<offer id> or upgrade:<offer id>, with +join:<segment> after it for "
                "a way joining a segment",
            ) from None
        return cls(way_kind, offer if colon else None, segment if joined else None)

    def __repr__(self) -> str:
        return f"Way({self.label!r})"


_SINGLES: Final = Way(WayKind.SINGLES)
_INTRO: Final = Way(WayKind.INTRO)
_MIX: Final = Way(WayKind.MIX)


def _way_from_json(value: Any) -> Way:
    if isinstance(value, Way):
        return value
    if not isinstance(value, str):
        raise ValueError("a way of buying is a label string such as 'bundle:<offer id>'")
    try:
        return Way.from_label(value)
    except RequestError as error:
        raise ValueError(error.message) from None


WayLabel: TypeAlias = Annotated[
    Way,
    PlainValidator(_way_from_json),
    PlainSerializer(lambda way: way.label, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^(singles|intro|mix|bundle:.+|subscription:.+|package:.+|upgrade:.+)"
            f"(\\+join:{ID_PATTERN[1:-1]})?$",
            "description": "A way of buying: singles, intro, mix, bundle:<offer id>, "
            "subscription:<offer id>, package:<offer id> or upgrade:<offer id>; followed by "
            "+join:<segment> "
            "when the patient joins that segment for its joining fee.",
        }
    ),
]
"""A :class:`Way` that travels in JSON as its label."""


class Line(_Record):
    """One line of a priced option: what is bought, how many, and for how much.

    ``amount`` is ``unit_price x quantity``; combos and discounts have negative amounts.

    Example:
        >>> line = Line(item="x", kind=LineKind.SINGLE, treatment="x", quantity=3,
        ...             unit_price=YenRange.exact(11000), amount=YenRange.exact(33000),
        ...             sessions=3)
        >>> line.amount.min // line.quantity  # 33,000 / 3
        11000
    """

    item: str
    kind: LineKind
    treatment: str | None = None
    quantity: StrictInt
    unit_price: YenRange
    amount: YenRange
    sessions: StrictInt = 0
    tax: TaxCategory = TaxCategory.STANDARD
    taken_by_month: tuple[str, ...] = ()
    """In a course with months that takes a discount on units in some months and not others
    (its window, the birth month: docs/catalog.md, "Sales windows in a course with months"),
    the ids of those this line's unit price takes, paid in a month that holds them; empty
    otherwise (and left out of JSON), so the line bought outside them is named apart."""

    @model_serializer(mode="wrap")
    def _without_taken(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A line of a course that takes every discount in every month reads as it always did.
        data = handler(self)
        if isinstance(data, dict) and not data.get("taken_by_month", ()):
            data.pop("taken_by_month", None)
        return data


def _without_none(data: Any, names: tuple[str, ...]) -> Any:
    """A record's dump without the fields ``names`` where they hold ``None``."""
    if isinstance(data, dict):
        for name in names:
            if data.get(name, 0) is None:
                del data[name]
    return data


class PointValues(_Record):
    """An amount at each scenario point; unlike a range, ``min`` may exceed ``max``.

    Savings are differences of two ranges taken at the same point (both at
    their low end, both typical, both at their high end), so they need not be
    ordered.

    Example:
        >>> PointValues(min=5000, typical=None, max=-2000).max  # dearer at the high end
        -2000
    """

    min: StrictInt
    typical: StrictInt | None
    max: StrictInt | None


class TaxLine(_Record):
    """The tax of one rate over the whole bill (tax once per rate, as invoices require).

    Example:
        >>> line = TaxLine(rate=10, category=TaxCategory.STANDARD,
        ...                taxable=YenRange.exact(55000), tax=YenRange.exact(5500),
        ...                total=YenRange.exact(60500))
        >>> line.total.min - line.taxable.min  # 60,500 - 55,000
        5500
    """

    rate: StrictInt
    category: TaxCategory
    taxable: YenRange
    tax: YenRange
    total: YenRange
    taxable_points: PointValues | None = None
    """``taxable`` at the low, typical and high point, each from that point's own bill,
    where the option's bills are out of order (:attr:`Option.bills`): the ranges above
    are sorted, so their ends need not be one bill's. ``None`` where they are."""
    tax_points: PointValues | None = None
    """``tax`` at each point, from that point's own bill, as ``taxable_points``."""
    total_points: PointValues | None = None
    """``total`` at each point, from that point's own bill, as ``taxable_points``: the
    rates' add up to :attr:`Option.bills` at each point."""

    @model_serializer(mode="wrap")
    def _without_points(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A tax line of bills in order reads back as it always did.
        return _without_none(handler(self), ("taxable_points", "tax_points", "total_points"))


class Payment(_Record):
    """What is paid in one month of the course (month 0 is the first visit).

    Example:
        >>> Payment(month=0, amount=YenRange.exact(49500)).amount.min
        49500
    """

    month: StrictInt
    amount: YenRange
    points: PointValues | None = None
    """The month's amount at the low, typical and high point, each from that point's own
    bill, where the option's bills are out of order (:attr:`Option.bills`): the months'
    add up to each point's bill, as ``amount``'s sorted ends need not. ``None`` where
    the bills are in order."""

    @model_serializer(mode="wrap")
    def _without_points(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A payment of bills in order reads back as it always did.
        return _without_none(handler(self), ("points",))


class Unused(_Record):
    """Sessions a set or package bought that the course does not use, for one treatment.

    A package can leave some of another treatment's sessions unused; a set only
    its own treatment's. The main treatment's are also counted in
    :attr:`Option.sessions_unused`.

    Example:
        >>> Unused(offer="body-make", treatment="stimsure-2", sessions=2).sessions
        2
    """

    offer: Id
    treatment: Ref
    sessions: Annotated[StrictInt, Field(ge=1)]


class _Labelled(_Record):
    """A record holding a way of buying, which its JSON writes as ``label``."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        defer_build=True,
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
    )

    way: WayLabel = Field(alias="label")

    @property
    def label(self) -> str:
        """The way's stable machine-readable label (``bundle:<offer id>``, ...)."""
        return self.way.label


class Option(_Labelled):
    """One way of buying the course, fully priced.

    ``way`` is a :class:`Way`; in JSON it is the stable ``label``:
    ``singles``, ``intro``, ``bundle:<offer id>``, ``subscription:<offer id>``,
    ``package:<offer id>``, ``upgrade:<offer id>`` (乗り換え) or ``mix`` (the optimiser's own
    combination of several offers),
    followed by ``+join:<segment>`` where the option means joining that segment for the
    catalog's joining fee (``way.joins``; the fee is then one of its lines).

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
        ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
        ...                 "sessions": 5, "price": 49500}]})
        >>> best = quote(catalog, QuoteRequest(sessions=6, months=2, on=date(2026, 4, 1))).best
        >>> best.label, [(line.item, line.quantity) for line in best.lines]
        ('bundle:x-5', [('x-5', 1), ('x', 1)])
        >>> best.total.min  # the set 49,500 + one single 11,000
        60500
        >>> [(payment.month, payment.amount.min) for payment in best.payments]
        [(0, 49500), (1, 11000)]
    """

    lines: tuple[Line, ...]
    sessions_bought: StrictInt
    sessions_unused: StrictInt
    tax: tuple[TaxLine, ...]
    subtotal: YenRange
    total: YenRange
    per_session: YenRange
    """The total over the sessions asked for; goods bought beside the course (no session)
    left out: the same bill without their lines."""
    payments: tuple[Payment, ...] = ()
    """What is due in each month of the course: only when the request gives ``months`` and the
    catalog's prices include tax (before tax, tax is rounded once per rate over the whole bill,
    so amounts split by month could not each be a bill and still add up to it)."""
    unused: tuple[Unused, ...] = ()
    """Per set or package and treatment, the sessions bought and left unused."""
    unit_discounts: tuple[Id, ...] = ()
    """The per-unit discounts (a catalog discount naming treatments or offers) that take
    something off this option's unit prices, by id in the catalog's order; each line's
    ``unit_price`` is after them. A whole-bill discount is a line of its own instead
    (:attr:`LineKind.DISCOUNT`, ``item`` its id)."""
    plan_months: StrictInt | None = None
    """How long the course runs where the request gives no ``months`` and the catalog has a
    yearly fee: the months this way's monthly plan is paid for (the longest, where several
    treatments have one), over which its visits are dated, so that the yearly fee is charged
    for each year of them with a visit. ``None`` otherwise: with ``months`` the request
    dates the course; without them a way with no monthly plan does not say how long the
    course lasts, and a yearly fee is charged once (``yearly_once``)."""
    yearly_once: StrictBool = False
    """Whether a yearly fee is charged once only because the course's length is unknown: the
    request gives no ``months`` and this way buys no monthly plan (single sessions, sets,
    first-time prices and packages do not say how long a course lasts). Give ``months`` for
    a course longer than a year."""
    dearest_units: StrictBool = False
    """Whether this way prices a treatment's single sessions and further units as in the
    dearest month of the course, where its months take a month-dated discount on them (a
    sales window, a birth month) in some months only: a bill buying a unit ticket (本数券,
    ``counts = "units"``) for a treatment the request gives further units of (``units`` >
    1). Which visits' units a ticket pays would decide their months' prices, and supecost
    does not yet date them; the ticket itself is priced by the month it is bought in. Its
    total and payments are then at least what its purchases cost (docs/catalog.md, "Sales
    windows in a course with months"), and the documents say so beside the way."""
    bills: PointValues | None = None
    """The bill at the low, typical and high point, in that order, where they are not in
    the order of their amounts: a discount's ``min_amount`` met at a higher point only can
    make that point's bill the lower one, and ``total`` then holds the amounts sorted.
    ``None`` where ``total``'s ends are the low and high points' bills."""
    high_apart: StrictInt | None = None
    """The bill at the high point without the fees whose high end is open, where those are
    the request's only open-ended prices and every way (joining a segment or not) pays them
    alike (出張費 16,500円〜 at every visit; prices include tax): ``total`` is then open,
    but two ways differ at the high point by exactly the difference of this figure,
    whatever those fees cost (:meth:`difference`; docs/catalog.md, "Prices and ranges").
    ``None`` otherwise."""

    def bill_at(self, point: Scenario, *, ranked: bool = False) -> int | None:
        """The bill at a price point, read as ``total.at(point)`` reads a range.

        The one reading of "this option at that point" for savings, differences and
        winners: from :attr:`bills` where a ``min_amount`` put the points out of order.

        Example:
            >>> from supecost import QuoteRequest, quote, reference_catalog
            >>> best = quote(reference_catalog(), QuoteRequest(sessions=5)).best
            >>> best.bill_at(Scenario.MIN), best.bill_at(Scenario.MAX)
            (53300, 453300)
            >>> best.bill_at(Scenario.TYPICAL), best.bill_at(Scenario.TYPICAL, ranked=True)
            (None, 53300)

        Args:
            point: The price point.
            ranked: Read the typical point as the engine ranks options there: where no
                standard is known, it is the low point.

        Returns:
            The bill there; ``None`` at the typical point where no standard is known
            (unless ``ranked``), and at the high point where a price is open-ended.
        """
        if self.bills is None:
            found = self.total.at(point)
        elif point is Scenario.MIN:
            found = self.bills.min
        else:
            found = self.bills.typical if point is Scenario.TYPICAL else self.bills.max
        if found is None and ranked and point is Scenario.TYPICAL:
            return self.bill_at(Scenario.MIN)
        return found

    def difference(self, other: "Option") -> PointValues:
        """This option's bill less ``other``'s at each point: the one reading of what one
        way of a quote saves or costs against another (the explanation's savings, the
        documents' differences).

        Each point is read by :meth:`bill_at`; at the high point, where both are open only
        by fees every way pays alike, by :attr:`high_apart`: those fees cancel, so the
        difference is exact whatever they cost.

        Example:
            >>> from datetime import date
            >>> from supecost import QuoteRequest, quote, validate_catalog
            >>> catalog = validate_catalog({"schema_version": 2, "clinic": {"name": "A"},
            ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
            ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
            ...                 "sessions": 5, "price": 49500}],
            ...     "fees": [{"id": "travel", "name": "出張費", "price": {"min": 5500},
            ...               "charged": "every_visit"}]})
            >>> result = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
            >>> singles = next(o for o in result.options if o.label == "singles")
            >>> singles.total.max is None  # 55,000 + 5 x 5,500〜
            True
            >>> singles.difference(result.best)  # 55,000 - 49,500 at any fee
            PointValues(min=5500, typical=None, max=5500)

        Args:
            other: The option subtracted.

        Returns:
            The differences at the low, typical and high point; ``None`` where unknown.
        """
        values: list[int | None] = []
        for point in (Scenario.MIN, Scenario.TYPICAL, Scenario.MAX):
            if point is Scenario.MAX and None not in (self.high_apart, other.high_apart):
                mine, theirs = self.high_apart, other.high_apart
            else:
                mine, theirs = self.bill_at(point), other.bill_at(point)
            values.append(None if mine is None or theirs is None else mine - theirs)
        low, typical, high = values
        assert low is not None  # every range has a low end
        return assemble(PointValues, min=low, typical=typical, max=high)

    @model_serializer(mode="wrap")
    def _without_unused(self, handler: SerializerFunctionWrapHandler) -> Any:
        # An option that leaves nothing unused, has no per-unit discount and no yearly fee
        # without months reads back as it always did.
        data = handler(self)
        if not isinstance(data, dict):
            return data
        if not self.unused:
            data.pop("unused", None)
        if not self.unit_discounts:
            data.pop("unit_discounts", None)
        if self.plan_months is None:
            data.pop("plan_months", None)
        if not self.yearly_once:
            data.pop("yearly_once", None)
        if not self.dearest_units:
            data.pop("dearest_units", None)
        if self.bills is None:
            data.pop("bills", None)
        if self.high_apart is None:
            data.pop("high_apart", None)
        return data


class UnservedReason(enum.StrEnum):
    """Why a way of buying cannot serve a request: a code, worded at rendering.

    Example:
        >>> UnservedReason("allowance") is UnservedReason.ALLOWANCE
        True
    """

    ALLOWANCE = "allowance"
    """A monthly plan without extra sessions allows fewer sessions a month than the
    course puts in one of its months. No longer given: such a month's sessions beyond
    the allowance are singles bought beside the plan; kept so that a quote stored
    before reads back."""
    SALES_WINDOW = "sales_window"
    """In a course with months, the offer's sales window leaves it no session to start
    with: on sale in no month it can be bought in for one (docs/catalog.md, "Sales
    windows")."""


class Unserved(_Labelled):
    """A way of buying that cannot serve the request, and why (a code; words come at rendering).

    Example:
        >>> unserved = Unserved(way=Way.subscription("monthly"), reason=UnservedReason.ALLOWANCE)
        >>> unserved.label, unserved.reason.value
        ('subscription:monthly', 'allowance')
    """

    reason: UnservedReason


class BreakEven(_Record):
    """The session count from which a set or plan costs less than singles.

    The one definition the quote and the comparison report both show: the
    request's main treatment bought ``sessions`` times over the request's
    months (a monthly plan running the months its visits fall in), by the set
    or plan alone with singles for the rest, against as many singles; each a
    whole bill at the typical point with the request's fees and tax. Add-ons,
    goods, discounts, combos, first-time prices and the patient's history are
    left out (the reports say so beside the count): a comparison's totals,
    which include them, may cross at another count where they apply.
    ``sessions`` is ``None`` when it never pays off within ``checked_up_to``.

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
        ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
        ...                 "sessions": 5, "price": 49500}]})
        >>> result = quote(catalog, QuoteRequest(sessions=6, on=date(2026, 4, 1)))
        >>> result.explanation.break_even  # 5 for 49,500 against 5 x 11,000 = 55,000
        (BreakEven(offer='x-5', sessions=5, checked_up_to=24),)
    """

    offer: str
    sessions: StrictInt | None
    checked_up_to: StrictInt

    def within(self, limit: int) -> "BreakEven":
        """The same search stopped at ``limit`` sessions (at most ``checked_up_to``).

        A search to more counts answers every shorter one: the count found, where it is
        within ``limit``, else none within ``limit``.

        Example:
            >>> found = BreakEven(offer="x-5", sessions=5, checked_up_to=24)
            >>> found.within(12).sessions, found.within(4).sessions, found.within(4).checked_up_to
            (5, None, 4)
        """
        if limit >= self.checked_up_to:
            return self
        sessions = self.sessions if self.sessions is not None and self.sessions <= limit else None
        return assemble(BreakEven, offer=self.offer, sessions=sessions, checked_up_to=limit)


class TypicalPoint(enum.StrEnum):
    """What a quote's typical point is made of: stated standard prices, low ends, or both.

    Every price stands at its standard (typical) amount where the catalog states
    one, else at its low end (:attr:`supecost.YenRange.typical_point`). Where no
    range the request can meet states one, the typical point is the low point:
    reports then name it so, never "standard".

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, reference_catalog
        >>> found = quote(reference_catalog(), QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> found.explanation.typical_point
        <TypicalPoint.LOW: 'low'>
    """

    STATED = "stated"
    """Every price the request can meet is exact or states its standard amount."""
    LOW = "low"
    """No range the request can meet states a standard amount: the typical point is the low one."""
    MIXED = "mixed"
    """Some ranges state a standard amount, the others stand at their low end."""
    GAPS = "gaps"
    """As :attr:`LOW`, every range the request can meet a ladder step held within days of
    the previous session where the gaps are unknown (a course without months): the low end
    is every session back in time, the high end none, and no price is missing a standard."""

    @property
    def is_low(self) -> bool:
        """Whether the typical point is the low one (:attr:`LOW` or :attr:`GAPS`).

        Example:
            >>> TypicalPoint.GAPS.is_low, TypicalPoint.MIXED.is_low
            (True, False)
        """
        return self in (TypicalPoint.LOW, TypicalPoint.GAPS)


_Winners: TypeAlias = Annotated[Mapping[Scenario, WayLabel | None], AfterValidator(frozen_mapping)]
"""The cheapest way at each point: a :class:`~supecost.catalog.FrozenMapping`, so a quote hashes.

JSON writes it as the object ``{"min": ..., "typical": ..., "max": ...}`` a dict would be.
"""


class Explanation(_Record):
    """Why the best option wins: savings, the runner-up, break-evens and certainty.

    ``winners`` names the cheapest way at each point; ``None`` where it is unknown:
    no way has a price there, or at the high point a way whose high end is open
    (``max`` ``None``) might be cheaper than the way found there (its low end
    is below that way's high total). ``certain`` is true only where one way
    is known to be cheapest at every point. ``typical_point`` says what the
    typical point is made of (:class:`TypicalPoint`).

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
        ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
        ...                 "sessions": 5, "price": 49500}]})
        >>> why = quote(catalog, QuoteRequest(sessions=6, on=date(2026, 4, 1))).explanation
        >>> why.certain, why.runner_up.label
        (True, 'singles')
        >>> why.saving_vs_singles.min  # 6 x 11,000 = 66,000 against 49,500 + 11,000 = 60,500
        5500
    """

    winners: _Winners
    certain: StrictBool
    saving_vs_singles: PointValues
    runner_up: WayLabel | None
    saving_vs_runner_up: PointValues | None
    break_even: tuple[BreakEven, ...]
    typical_point: TypicalPoint = TypicalPoint.STATED


class SessionPoint(_Record):
    """The best option at one session count of a request's range.

    ``best`` and ``total`` are the cheapest way at the typical point;
    ``winners``, ``certain`` and ``typical_point`` are that count's own account
    of the cheapest way at each point, read as :class:`Explanation`'s.

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
        ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
        ...                 "sessions": 5, "price": 49500}]})
        >>> request = QuoteRequest(sessions=SessionRange(min=4, max=5), on=date(2026, 4, 1))
        >>> [(point.sessions, point.best.label, point.total.min)
        ...  for point in quote(catalog, request).across_sessions]
        [(4, 'singles', 44000), (5, 'bundle:x-5', 49500)]
    """

    sessions: StrictInt
    best: WayLabel
    total: YenRange
    winners: _Winners
    certain: StrictBool
    typical_point: TypicalPoint = TypicalPoint.STATED


class Quote(_Record):
    """Every sensible way to buy a course, cheapest first, with the best one explained.

    ``options`` and ``best`` are for ``sessions``, the request's count (the
    top of its range when it gives one); ``across_sessions`` shows how the
    best option changes across a range.

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote, validate_catalog
        >>> catalog = validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 11000}],
        ...     "offers": [{"kind": "bundle", "id": "x-5", "treatment": "x",
        ...                 "sessions": 5, "price": 49500}]})
        >>> result = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> result.best.label, result.best.total.min, [o.label for o in result.options]
        ('bundle:x-5', 49500, ['bundle:x-5', 'singles'])
    """

    request: QuoteRequest
    treatment: str
    sessions: StrictInt
    on: date
    prices_include_tax: StrictBool
    best: Option
    options: tuple[Option, ...]
    unserved: tuple[Unserved, ...] = ()
    explanation: Explanation
    across_sessions: tuple[SessionPoint, ...] = ()
