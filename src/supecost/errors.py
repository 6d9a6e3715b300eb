"""The supecost error tree: one root, each error carrying its data and a fix.

Every error a caller can provoke with bad input derives from
:class:`SupecostError` and also from the builtin exception a caller would
naturally catch (:class:`ValueError` for bad values, :class:`TypeError` for
values of the wrong type, :class:`LookupError` for unknown names). Each one
keeps the offending values as attributes and ends its message with how to fix
the input, so a command line can print it as it is and a program can inspect
it without parsing text.

>>> from supecost.errors import SupecostError, YenTypeError
>>> try:
...     raise YenTypeError(12.5)
... except SupecostError as error:
...     print(error.value, isinstance(error, TypeError))
12.5 True

This module imports nothing from supecost, so every other module may use it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import FrozenInstanceError, dataclass, field
from datetime import date, time
from typing import Final, NoReturn, TypeVar

__all__ = [
    "ArgumentTypeError",
    "CatalogError",
    "CatalogProblem",
    "ContractError",
    "FrozenRecordError",
    "LocaleError",
    "MoneyError",
    "RequestError",
    "SupecostError",
    "TaxError",
    "UnknownIdError",
    "YenRangeError",
    "YenTypeError",
    "YenValueError",
]


class SupecostError(Exception):
    """The root of every error supecost raises on purpose.

    Example:
        >>> issubclass(YenValueError, SupecostError)
        True

    Args:
        message: What is wrong, in words.
        hint: How to fix it; appended to the message.
        fields: Each offending field or argument by its Python name
            (``"sessions.min"``; empty for the input as a whole) and what is
            wrong with it, so a surface that names them its own way (an HTTP
            service, the command line's options) can point at each one.
        code: The error's stable name (``"request.sessions_min"``), the key of
            its wording in every language's table (``supecost.error_text``
            renders it); empty for an error worded in English only.
        params: The values the wording names, already excerpted where they
            echo input (untrusted text is never shown whole).

    ``str(error)`` is English, the language of Python's own errors, for
    developers and logs; the command line and the HTTP service word an error
    in the locale they were asked for, from its ``code`` and ``params``.
    """

    def __init__(
        self,
        message: str,
        hint: str = "",
        fields: tuple[tuple[str, str], ...] = (),
        *,
        code: str = "",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.message = message
        self.hint = hint
        self.fields = fields
        self.code = code
        self.params: Mapping[str, object] = dict(params or {})
        super().__init__(f"{message}; {hint}" if hint else message)


class ArgumentTypeError(SupecostError, TypeError):
    """An argument of a public function that is not of the type it takes.

    Raised where a public entry point would otherwise fail deep inside with an
    ``AttributeError`` that names neither the argument nor what it takes.

    Example:
        >>> error = ArgumentTypeError("request", "a QuoteRequest", None)
        >>> print(error)
        request must be a QuoteRequest, got None of type NoneType; pass a QuoteRequest
        >>> error.name, error.value, isinstance(error, TypeError)
        ('request', None, True)

    Args:
        name: The argument's name.
        expected: What it takes, in words (``"a QuoteRequest"``).
        value: What was given.
        hint: How to make one; ``pass <expected>`` when not given.
    """

    def __init__(self, name: str, expected: str, value: object, hint: str = "") -> None:
        self.name = name
        self.expected = expected
        self.value = value
        super().__init__(
            f"{name} must be {expected}, got {excerpt(value)} of type {type(value).__name__}",
            hint or f"pass {expected}",
            code="argument.type",
            params={"name": name, "value": excerpt(value), "type": type(value).__name__},
        )


class MoneyError(SupecostError, ValueError):
    """A yen amount or range that cannot be what was asked for.

    Example:
        >>> issubclass(YenValueError, MoneyError), issubclass(MoneyError, ValueError)
        (True, True)
    """


class YenTypeError(SupecostError, TypeError):
    """A yen amount that is not a whole number of yen (a float, bool or string).

    Example:
        >>> YenTypeError("3300").value
        '3300'

    Args:
        value: The offending value.
        name: What the value was for, used in the message.
    """

    def __init__(self, value: object, name: str = "amount") -> None:
        self.value = value
        self.name = name
        super().__init__(
            f"{name} must be a whole number of yen (int), got {excerpt(value)} "
            f"of type {type(value).__name__}",
            "write it as an integer such as 33000, without quotes, decimals or a currency sign",
            code="yen.type",
            params={"name": name, "value": excerpt(value), "type": type(value).__name__},
        )


class YenValueError(MoneyError):
    """A whole-yen amount outside the supported bounds.

    Example:
        >>> YenValueError(10**13, 999_999_999_999).value
        10000000000000

    Args:
        value: The offending amount.
        limit: The largest magnitude supported.
        name: What the value was for, used in the message.
    """

    def __init__(self, value: int, limit: int, name: str = "amount") -> None:
        self.value = value
        self.limit = limit
        self.name = name
        super().__init__(
            f"{name} of {value:,} yen is outside the supported bounds of ±{limit:,} yen",
            "check for extra zeros or a misplaced digit",
            code="yen.bounds",
            params={"name": name, "value": f"{value:,}", "limit": f"{limit:,}"},
        )


class YenRangeError(MoneyError):
    """A range whose bounds are out of order, or an operation a range cannot do.

    Example:
        >>> YenRangeError("min 5 is above max 3", "swap them", values=(5, 3)).values
        (5, 3)

    Args:
        message: What is wrong.
        hint: How to fix it.
        values: The offending numbers.
    """

    def __init__(
        self,
        message: str,
        hint: str,
        values: tuple[object, ...] = (),
        *,
        code: str = "",
        params: Mapping[str, object] | None = None,
    ) -> None:
        self.values = values
        super().__init__(message, hint, code=code, params=params)


class TaxError(SupecostError, ValueError):
    """A tax computation asked for something the tax rules do not define.

    Example:
        >>> TaxError("no consumption tax before 1989-04-01", "use a later date").hint
        'use a later date'
    """


class LocaleError(SupecostError, ValueError):
    """A locale supecost cannot format for.

    Example:
        >>> LocaleError("xx").locale
        'xx'

    Args:
        locale: The offending locale identifier.
    """

    def __init__(self, locale: str) -> None:
        self.locale = locale
        super().__init__(
            f"unknown or unsupported locale {locale!r}",
            "use 'ja_JP' (Japanese) or 'en_US' (English), the locales supecost writes in",
            code="locale.unknown",
            params={"locale": excerpt(locale)},
        )


@dataclass(frozen=True, slots=True)
class CatalogProblem:
    """One thing wrong with a catalog, located as precisely as the input allows.

    Example:
        >>> print(CatalogProblem("offers[2].sessions", "must be at least 1",
        ...                      source="clinic.toml", line=14))
        clinic.toml:14: offers[2].sessions: must be at least 1

    Args:
        path: The field path, such as ``offers[2].sessions``; empty for the whole file.
        message: What is wrong and how to fix it.
        source: The file name, when the catalog came from a file.
        line: The 1-based line in that file, when it could be found.
        code: The problem's stable name, the key of its wording in each
            language's table, as :attr:`SupecostError.code`; empty for one
            worded in English only. Not compared: the same problem found twice
            is one problem.
        params: The values its wording names, as pairs.
    """

    path: str
    message: str
    source: str | None = None
    line: int | None = None
    code: str = field(default="", compare=False)
    params: tuple[tuple[str, object], ...] = field(default=(), compare=False)

    def __str__(self) -> str:
        return f"{self.location()}{self.message}"

    def location(self) -> str:
        """Where the problem is, as every language writes it: ``source:line: path:`` and a space.

        Example:
            >>> CatalogProblem("price", "is required", source="a.toml", line=3).location()
            'a.toml:3: price: '
        """
        where = ":".join(
            part for part in (self.source, None if self.line is None else str(self.line)) if part
        )
        located = f"{where}: " if where else ""
        return located + (f"{self.path}: " if self.path else "")


class CatalogError(SupecostError, ValueError):
    """A catalog that does not validate; lists every problem found, not just the first.

    Example:
        >>> error = CatalogError([CatalogProblem("treatments", "add at least one treatment")])
        >>> print(error)
        1 problem in the catalog:
          treatments: add at least one treatment

    A catalog record built in Python (a ``Treatment(...)``) names itself, and
    its problems' paths start at it:

        >>> print(CatalogError([CatalogProblem("price", "is required; add it")],
        ...                    record="Treatment"))
        1 problem in the Treatment record:
          price: is required; add it

    Args:
        problems: Each problem with its location.
        record: The name of the record built, when it is not a whole catalog.
    """

    def __init__(self, problems: Sequence[CatalogProblem], *, record: str = "") -> None:
        self.problems = tuple(problems)
        self.record = record
        count = len(self.problems)
        lines = "\n".join(f"  {problem}" for problem in self.problems)
        noun = "problem" if count == 1 else "problems"
        where = f"the {record} record" if record else "the catalog"
        super().__init__(
            f"{count} {noun} in {where}:\n{lines}",
            code="catalog.record" if record else "catalog.problems",
            params={"count": count, "record": record},
        )


_IDS_SHOWN: Final = 20
"""The most known ids an :class:`UnknownIdError` lists."""


class UnknownIdError(SupecostError, LookupError):
    """An id that names nothing in the catalog, with the ids that do exist.

    Example:
        >>> print(UnknownIdError("treatment", "sup-vi", ("sup-iv", "nmn")))
        unknown treatment 'sup-vi'; did you mean 'sup-iv'? known treatment ids: sup-iv, nmn

    Args:
        kind: What kind of thing was looked up (``treatment``, ``offer``, ...).
        value: The id asked for.
        known: The ids that exist.
    """

    def __init__(self, kind: str, value: str, known: Sequence[str]) -> None:
        from difflib import get_close_matches

        self.kind = kind
        self.value = value
        self.known = tuple(known)
        close = get_close_matches(value, self.known, n=1)
        suggestion = f"did you mean {close[0]!r}? " if close else ""
        # A catalog may hold thousands of ids; a message stays a line or two.
        shown = ", ".join(self.known[:_IDS_SHOWN])
        more = len(self.known) - _IDS_SHOWN
        if not self.known:
            hint = f"the catalog has no {kind}; add one, or leave it out"
        else:
            hint = f"known {kind} ids: {shown}" + (f" and {more} more" if more > 0 else "")
        super().__init__(
            f"unknown {kind} {excerpt(value)}",
            suggestion + hint,
            code="id.unknown" if self.known else "id.none",
            params={
                "kind": kind,
                "value": excerpt(value),
                "close": repr(close[0]) if close else "",
                "known": shown,
                "more": max(more, 0),
            },
        )


class RequestError(SupecostError, ValueError):
    """A quote request that the catalog cannot price as asked, or a bad quote record.

    A request that failed validation lists each offending field in ``fields``, as does a
    quote's record read back from bad data (``Quote.model_validate_json``).

    Example:
        >>> RequestError("sessions must be at least 1", "ask for 1 or more").hint
        'ask for 1 or more'
    """


class ContractError(SupecostError, ValueError):
    """A contract question whose inputs contradict each other.

    An error about one argument (``used``, ``price``) names it in ``fields``.

    Example:
        >>> ContractError("used 7 of 6", "check the count", (("used", "used 7 of 6"),)).fields
        (('used', 'used 7 of 6'),)
    """


_FIELDS_SHOWN: Final = 20
"""The most field names a :class:`FrozenRecordError` lists."""
_NAME_SHOWN: Final = 60
"""The most characters of an attribute's name a :class:`FrozenRecordError` shows."""


class FrozenRecordError(SupecostError, FrozenInstanceError):
    """An assignment to (or deletion of) an attribute of a frozen record.

    Every record and value supecost takes or makes is frozen, so that it can be
    shared, cached and hashed: a catalog's records, a request, a quote, a
    contract, a report's records and blocks, and the values inside them
    (``YenRange``, ``Way``, tax breakdowns, lint findings). Changing one means
    making another. An ``AttributeError`` too, and the
    ``dataclasses.FrozenInstanceError`` Python's own frozen values raise.

    Example:
        >>> error = FrozenRecordError("QuoteRequest", "sessions", ("sessions", "on"))
        >>> print(error.message)
        QuoteRequest.sessions cannot be assigned: a QuoteRequest is frozen
        >>> print(error.hint)  # doctest: +NORMALIZE_WHITESPACE
        make a changed one: QuoteRequest.model_validate({**record.model_dump(by_alias=True),
        'sessions': ...}) validates it; record.model_copy(update={'sessions': ...})
        makes one without validating it
        >>> error.record, error.name, isinstance(error, AttributeError)
        ('QuoteRequest', 'sessions', True)

    Args:
        record: The record's class name.
        name: The attribute assigned or deleted.
        known: The record's field names.
        deleting: Whether the attribute was deleted rather than assigned.
        dataclass: Whether the record is a dataclass (changed with
            ``dataclasses.replace``) rather than a pydantic model.
    """

    def __init__(
        self,
        record: str,
        name: str,
        known: Sequence[str] = (),
        *,
        deleting: bool = False,
        dataclass: bool = False,
    ) -> None:
        self.record = record
        self.known = tuple(known)
        self.deleting = deleting
        # setattr takes any string as a name: a message stays one line all the same.
        shown = name if len(name) <= _NAME_SHOWN else f"{name[: _NAME_SHOWN - 3]}..."
        what = "deleted" if deleting else "assigned"
        if name not in self.known:
            listed = ", ".join(self.known[:_FIELDS_SHOWN])
            more = len(self.known) - _FIELDS_SHOWN
            hint = f"a {record} has no field {excerpt(name)}; its fields are {listed}" + (
                f" and {more} more" if more > 0 else ""
            )
        elif dataclass:
            hint = f"make a changed one: dataclasses.replace(record, {name}=...)"
        else:
            change = f"{{{name!r}: ...}}"
            hint = (
                f"make a changed one: {record}.model_validate({{**record.model_dump("
                f"by_alias=True), {name!r}: ...}}) validates it; "
                f"record.model_copy(update={change}) makes one without validating it"
            )
        message = f"{record}.{shown} cannot be {what}: a {record} is frozen"
        super().__init__(message, hint, ((name, message),))
        # AttributeError's own: the attribute's name, as Python's errors give it.
        self.name = name


class CodedValueError(ValueError):
    """A validator's ``ValueError`` that carries its wording's code, for a record's problems.

    pydantic keeps the error a validator raised, so the problem it becomes can
    be worded in any language. Internal, not part of the public API.

    Example:
        >>> error = CodedValueError("must not be negative", "value.negative", value="-1")
        >>> str(error), error.code, error.params
        ('must not be negative', 'value.negative', (('value', '-1'),))

    Args:
        message: The English wording.
        code: The key of its wording in each language's table.
        params: The values the wording names.
    """

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = tuple(params.items())


def refuse_change(record: object, name: str, *, deleting: bool = False) -> NoReturn:
    """The one refusal of a change to a frozen record, pydantic model or dataclass.

    The ``__setattr__`` and ``__delattr__`` of every frozen record (the
    catalog's ``FrozenRecord`` base, the report's dataclasses). Internal, not
    part of the public API.

    Raises:
        FrozenRecordError: Always, naming the record's fields.
    """
    cls = type(record)
    fields = getattr(cls, "model_fields", None)
    dataclass = fields is None
    if fields is None:
        fields = getattr(cls, "__dataclass_fields__", {})
    raise FrozenRecordError(
        cls.__name__, name, tuple(fields), deleting=deleting, dataclass=dataclass
    )


def _assign(record: object, name: str, value: object) -> NoReturn:
    refuse_change(record, name)


def _delete(record: object, name: str) -> NoReturn:
    refuse_change(record, name, deleting=True)


_Frozen = TypeVar("_Frozen", bound=type)


def refuses_changes(cls: _Frozen) -> _Frozen:
    """A frozen dataclass whose changes raise :class:`FrozenRecordError`, as every record's do.

    A class decorator, above ``@dataclass(frozen=True)``: the dataclass's own
    ``__init__`` sets its fields through ``object.__setattr__``, so building one
    costs the same. Internal, not part of the public API.

    Example:
        >>> from dataclasses import dataclass
        >>> @refuses_changes
        ... @dataclass(frozen=True)
        ... class Point:
        ...     x: int
        >>> try:
        ...     Point(1).x = 2
        ... except FrozenRecordError as error:
        ...     print(error.hint)
        make a changed one: dataclasses.replace(record, x=...)
    """
    setattr(cls, "__setattr__", _assign)  # noqa: B010 - a method replaced, not a field set
    setattr(cls, "__delattr__", _delete)  # noqa: B010
    return cls


# Defined above refuses_changes, which its errors need.
refuses_changes(CatalogProblem)


# A pydantic union adds a level per alternative to an error's location
# ("constrained-int", "function-after[...]", "SessionRange"): not part of the field's name.
# The bare tags are named one by one: an id such as "sup-iv" (a history's key) is spelt alike.
_UNION_TAG: Final = re.compile(
    r"^(?:constrained-[a-z]+|function-[a-z]+|lax-or-strict|json-or-python|tagged-union"
    r"|typed-dict|model-fields|is-instance|definition-ref|custom-error"
    r"|[a-z-]+\[.*\]|SessionRange|WithEntry)$"
)


def field_name(location: Sequence[object]) -> str:
    """The dotted name of the field a validation error's location points at, union tags left out.

    The one reading of pydantic's error locations, for the request's errors
    and the HTTP service's alike; internal, not part of the public API.

    Example:
        >>> field_name(("with", 0, "WithEntry", "units", "constrained-int"))
        'with.0.units'
        >>> field_name(("history", "sup-iv", "constrained-int"))
        'history.sup-iv'

    Args:
        location: The ``loc`` of one of pydantic's errors.

    Returns:
        The field's path, dotted; empty for the whole value.
    """
    return ".".join(str(part) for part in location if not _UNION_TAG.match(str(part)))


def excerpt(value: object, limit: int = 60) -> str:
    """The repr of an offending value, cut short so that a message stays one readable line.

    The one rule for echoing input back in a message (a request field, a
    command-line argument, a catalog value): input can be megabytes long, and
    a message must not be. Internal, not part of the public API.

    Example:
        >>> excerpt("sup-iv")
        "'sup-iv'"
        >>> excerpt("x" * 100, limit=12)
        "'xxxxxxx...'"
        >>> excerpt(["a" * 10, "b" * 10], limit=20)
        "['aaaaaaaaaa', ...]"
        >>> from datetime import datetime
        >>> excerpt(datetime(2026, 4, 1, 10, 30))
        '2026-04-01T10:30:00'

    Args:
        value: What was given.
        limit: The most characters shown, the trailing ``...`` included.

    Returns:
        ``repr(value)`` (a date or time in ISO 8601, as TOML writes it), or as much of its
        start as fits with ``...`` and the quotes and brackets it opened closed again, so a
        shortened value reads as quoted in every language's message.
    """
    # JSON's sender wrote null, true or false: Python's None, True or False would puzzle them.
    words = _JSON_WORDS.get(value) if value is None or isinstance(value, bool) else None
    text = words if words is not None and json_input() else repr(value)
    if isinstance(value, date | time):
        # A TOML file's date, time or date-time, as the file writes it (RFC 3339), never
        # Python's datetime.datetime(2026, 4, 1, 0, 0).
        text = value.isoformat()
    if len(text) <= limit:
        return text
    kept = text[: limit - 3]
    while True:
        kept, closing = _opened(kept)
        if len(kept) + 3 + len(closing) <= limit or not kept:
            return f"{kept}...{closing}"
        kept = kept[:-1]


_CLOSERS: Final = {"(": ")", "[": "]", "{": "}"}


def _opened(text: str) -> tuple[str, str]:
    """The start of a repr, less a dangling backslash, and what closes what it leaves open.

    A repr's strings are quoted with ``'`` or ``"`` and escape with a backslash; its
    containers open with a bracket: each still open at the cut is closed, innermost first.
    """
    stack: list[str] = []
    escaped = False
    for char in text:
        if stack and stack[-1] in "'\"":
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == stack[-1]:
                stack.pop()
        elif char in "'\"":
            stack.append(char)
        elif char in _CLOSERS:
            stack.append(_CLOSERS[char])
        elif stack and char == stack[-1]:
            stack.pop()
    if escaped:  # cut inside an escape: drop its backslash, or it would escape the quote
        text = text[:-1]
    return text, "".join(reversed(stack))


_JSON_WORDS: Final = {None: "null", True: "true", False: "false"}
"""The JSON words of the values Python spells otherwise."""


def typed_excerpt(value: object) -> str:
    """An offending value and its type, in the words of the input being read.

    JSON's sender knows JSON's types (boolean, string, number, array, object),
    not Python's (bool, str, float, list, dict); ``null`` is a type of its own and
    says nothing more. Internal, not part of the public API.

    Example:
        >>> typed_excerpt(True)
        'True of type bool'
        >>> with reading_json():
        ...     typed_excerpt(True), typed_excerpt(None), typed_excerpt(1.5)
        ('true of type boolean', 'null', '1.5 of type number')

    Args:
        value: What was given.

    Returns:
        :func:`excerpt` of it, then ``of type`` and its type's name.
    """
    if not json_input():
        return f"{excerpt(value)} of type {type(value).__name__}"
    if value is None:
        return excerpt(value)
    return f"{excerpt(value)} of type {_json_type(value)}"


def _json_type(value: object) -> str:
    """The JSON type of a value JSON decoding made."""
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, str):
        return "string"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list | tuple):
        return "array"
    return "object"


_READING_JSON: Final[ContextVar[bool]] = ContextVar("supecost_reading_json", default=False)
"""Whether the input being read is JSON, so :func:`excerpt` echoes its values in JSON's words."""


def json_input() -> bool:
    """Whether the input being read is JSON (within :func:`reading_json`), for advice in its words.

    Internal, not part of the public API.

    Example:
        >>> json_input()
        False
    """
    return _READING_JSON.get()


@contextmanager
def reading_json() -> Iterator[None]:
    """While it lasts, :func:`excerpt` writes a value as JSON does (``null``, not ``None``).

    For whatever reads JSON input (a catalog file, a request body or line). Internal,
    not part of the public API.

    Example:
        >>> with reading_json():
        ...     excerpt(None)
        'null'
        >>> excerpt(None)
        'None'
    """
    token = _READING_JSON.set(True)
    try:
        yield
    finally:
        _READING_JSON.reset(token)
