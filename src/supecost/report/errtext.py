"""supecost's errors worded in a chosen locale: what is wrong, and how to fix it.

An error carries a ``code`` and the values its wording names (``params``);
``str(error)`` is its English, written where it is raised, for developers and
logs. The Japanese wording of each code is a table of
:mod:`supecost.report.messages` (``ERRORS_JA``, ``CATALOG_PROBLEMS_JA``,
``ERROR_CLAUSES_JA``), and :func:`error_text` words an error in the locale a
command or an HTTP request asked for. An error with no code, or one the tables
do not word, is shown in English: they are the programming errors listed in
docs/design.md, never bad input.

Values that echo input (ids, catalog text, file names) come into ``params``
already excerpted by :func:`supecost.errors.excerpt`, so no language shows more
of them than English does.

>>> from supecost.errors import UnknownIdError
>>> print(error_text(UnknownIdError("treatment", "sup-vi", ("sup-iv",)), "ja_JP"))
施術 'sup-vi' はありません。'sup-iv' のことですか？ 施術の id: sup-iv
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from supecost.catalog import MAX_MONTHS, MAX_UNITS
from supecost.errors import CatalogError, CatalogProblem, SupecostError
from supecost.quotes import (
    MAX_GOODS_UNITS,
    MAX_HISTORY,
    MAX_RANGE_COUNTS,
    MAX_SESSIONS,
    MAX_VISIT_TREATMENTS,
    surface_field,
)
from supecost.report.messages import (
    CATALOG_PROBLEMS_JA,
    ERROR_CLAUSES_JA,
    ERROR_KINDS_JA,
    ERROR_LABELS,
    ERROR_PHRASES_JA,
    ERRORS_JA,
    FIELD_HINTS_JA,
    JA,
    OS_ERRORS_JA,
    RECORDS_JA,
    SERVICE_JA,
)

__all__ = [
    "clause_text",
    "error_join",
    "error_label",
    "error_text",
    "error_words",
    "field_words",
    "problem_text",
    "service_words",
]

_INVALID = "request.invalid"
"""The code of a record whose fields do not validate: worded field by field."""


def _japanese(locale: str) -> bool:
    return locale.replace("-", "_").split("_")[0].lower() == "ja"


def _sentence(first: str, second: str) -> str:
    """Two Japanese sentences, or the first alone where there is no second."""
    return ERROR_PHRASES_JA["sentence"].format(first=first, second=second) if second else first


def error_label(locale: str = "ja_JP") -> str:
    """The word a command line writes before an error: ``エラー`` in Japanese.

    Example:
        >>> error_label("ja_JP"), error_label("en_US")
        ('エラー', 'error')
    """
    return ERROR_LABELS[_japanese(locale)]


# The refusals naming several options, by how their Japanese joins them: one of them is to
# be given (--apr か --addon-rate), or each of them (--offer、--received).
_JOINED: Final = {"option.one_of": "or", "option.required": "list"}


def _derived(code: str, params: Mapping[str, object]) -> dict[str, object]:
    """The values a Japanese wording needs beyond the error's own: its nouns and counts."""
    values = dict(params)
    close = params.get("close")
    values["suggestion"] = ERROR_PHRASES_JA["suggestion"].format(close=close) if close else ""
    if code.startswith(("id.", "estimate.")):
        kind = str(params.get("kind", ""))
        values["kind_ja"] = ERROR_KINDS_JA.get(kind, kind)
        more = params.get("more", 0)
        shown = isinstance(more, int) and more > 0
        values["more_ja"] = ERROR_PHRASES_JA["more"].format(more=more) if shown else ""
    names = params.get("names")
    if isinstance(names, Mapping):  # each argument (arg, arg_*), as the surface names it
        for key, value in params.items():
            if key == "arg" or key.startswith("arg_"):
                values[key] = names.get(str(value), value)
    choices = params.get("choices")
    if isinstance(choices, tuple):  # a query's choices: listed as the command line lists its own
        values["choices"] = ERROR_PHRASES_JA["choices"].join(str(c) for c in choices)
    options = params.get("options")
    if code in _JOINED and isinstance(options, tuple):  # one of them is to be given, or each
        values["options"] = ERROR_PHRASES_JA[_JOINED[code]].join(str(o) for o in options)
    place = ERROR_PHRASES_JA.get(f"place.{params.get('what', 'command')}")
    if code == "option.before_command" and place:  # the command, a report's kind or an action
        values["what_ja"] = place
    if code == "contract.used_units":  # a unit ticket's unit, else the bare word for a unit
        values["unit_ja"] = params.get("unit") or JA["unit_default"]
    if code == "browser.run":  # the system's reason is English: said by its errno instead
        name = str(params.get("errno", ""))
        values["reason_ja"] = OS_ERRORS_JA.get(name) or ERROR_PHRASES_JA["os_error"].format(
            errno=name or "?"
        )
    if "also" in params:
        values["batch_ja"] = ERROR_PHRASES_JA["batch"] if params["also"] else ""
    for name in ("known", "optional", "used"):
        if name in params:
            values[f"{name}_or_none"] = params[name] or ERROR_PHRASES_JA["none"]
    return values


def _worded(error: SupecostError) -> bool:
    return (error.code in ERRORS_JA and _filled(ERRORS_JA[error.code], error)) or (
        error.code == _INVALID
    )


def _filled(words: tuple[str, str], error: SupecostError) -> bool:
    """Whether the error carries every value its Japanese names (else it is shown in English).

    A raise site that gives a value too few is a bug, but bad input must never end in a
    traceback: the error's English, which names its values itself, is shown instead.
    """
    values = _derived(error.code, error.params)
    try:
        for text in words:
            text.format_map(values)
    except (KeyError, IndexError, ValueError):
        return False
    return True


def _fill(template: str, values: Mapping[str, object]) -> str | None:
    """A template with its values, or ``None`` where one is missing (see :func:`_filled`)."""
    try:
        return template.format_map(values)
    except (KeyError, IndexError, ValueError):
        return None


def error_words(error: SupecostError, locale: str = "ja_JP") -> tuple[str, str]:
    """An error's message and hint in a locale's language; English where none is written.

    Example:
        >>> from supecost.errors import LocaleError
        >>> error_words(LocaleError("xx"), "ja_JP")[0]
        "ロケール 'xx' には対応していません"
        >>> error_words(LocaleError("xx"), "en_US")[0]
        "unknown or unsupported locale 'xx'"

    Args:
        error: The error.
        locale: ``ja_JP`` (or any Japanese locale) for Japanese, anything else for English.

    Returns:
        What is wrong and how to fix it (empty when the error gives no fix).
    """
    if not _japanese(locale) or not _worded(error):
        return error.message, error.hint
    if error.code == _INVALID:
        return _invalid_record(error)
    values = _derived(error.code, error.params)
    message, hint = (text.format_map(values) for text in ERRORS_JA[error.code])
    if isinstance(error, CatalogError):
        message += "".join(f"\n  {problem_text(p, locale)}" for p in error.problems)
    return message, hint


def problem_text(problem: CatalogProblem, locale: str = "ja_JP") -> str:
    """One catalog problem, located, in a locale's language; English where none is written.

    Example:
        >>> print(problem_text(CatalogProblem("price", "is required; add it", "a.toml", 3,
        ...                                   code="field.missing"), "ja_JP"))
        a.toml:3: price: 必須です。追加してください

    Args:
        problem: The problem.
        locale: ``ja_JP`` for Japanese, anything else for English.

    Returns:
        Its location and what is wrong with how to fix it.
    """
    if not _japanese(locale):
        return str(problem)
    words = CATALOG_PROBLEMS_JA.get(problem.code)
    if words is None and problem.code in ERRORS_JA:  # an error's own, such as an unknown id
        words = _sentence(*ERRORS_JA[problem.code])
    filled = None if words is None else _fill(words, _derived(problem.code, dict(problem.params)))
    return str(problem) if filled is None else problem.location() + filled


def error_text(error: SupecostError, locale: str = "ja_JP") -> str:
    """An error as one message in a locale's language: what is wrong, then how to fix it.

    The command line prints it after its prefix, and the HTTP service's problem
    details carry its two parts apart (``detail`` and ``fix``).

    Example:
        >>> from supecost.errors import YenValueError
        >>> print(error_text(YenValueError(10**13, 999_999_999_999), "ja_JP"))
        amount の 10,000,000,000,000 円は扱える範囲（±999,999,999,999 円）を超えています。\
0 の付けすぎや桁の誤りがないか確かめてください
        >>> print(error_text(YenValueError(10**13, 999_999_999_999), "en_US"))
        amount of 10,000,000,000,000 yen is outside the supported bounds of \
±999,999,999,999 yen; check for extra zeros or a misplaced digit

    Args:
        error: The error.
        locale: ``ja_JP`` (the default) for Japanese, ``en_US`` for English.

    Returns:
        The message and its hint, joined as the language joins them.
    """
    message, hint = error_words(error, locale)
    if _japanese(locale) and _worded(error):
        return _sentence(message, hint)
    return f"{message}; {hint}" if hint else message


def _clause(where: str, code: str, params: Mapping[str, object]) -> str | None:
    """One field's problem in Japanese, or ``None`` where the tables do not word it."""
    if code == _INVALID:  # a record inside the request (a session range)
        nested = params.get("problems", ())
        assert isinstance(nested, tuple)
        # The record's own field is part of where (sessions.max), as the English says it.
        parts = [_clause(f"{where}.{path}" if path else where, c, dict(p)) for path, c, p in nested]
        if None in parts:
            return None
        return ERROR_PHRASES_JA["list"].join(p for p in parts if p)
    template = ERROR_CLAUSES_JA.get(code)
    if template is None and code in ERRORS_JA:
        template = "{where}: " + _sentence(*ERRORS_JA[code])
    if template is None:
        return None
    return _fill(template, {**_derived(code, params), "where": where})


def _invalid_record(error: SupecostError) -> tuple[str, str]:
    """A request (or a record inside one) whose fields do not validate, in Japanese.

    A field's problem the tables do not word keeps its English clause (``error.fields``).
    ``params`` may name the surface's names of the fields (``names``, the command line's
    flags) and the field the record stands for (``whole``: a session range's ``sessions``).
    """
    params = error.params
    names = params.get("names") or {}
    assert isinstance(names, Mapping)
    whole = str(params.get("whole", ""))
    problems = params.get("problems", ())
    assert isinstance(problems, tuple)
    limits = {
        "max_sessions": MAX_SESSIONS,
        "max_range": MAX_RANGE_COUNTS,
        "range_example": "3-6" if names else '{"min": 3, "max": 6}',
        "max_months": MAX_MONTHS,
        "max_units": MAX_UNITS,
        "max_with": MAX_VISIT_TREATMENTS - 1,
        "max_history": f"{MAX_HISTORY:,}",
        "max_goods": f"{MAX_GOODS_UNITS:,}",
    }
    record = _record_ja(params)
    english = [clause for _, clause in error.fields]
    clauses: list[str] = []
    hints: dict[str, None] = {}
    for index, (path, code, own) in enumerate(problems):
        field = whole or path
        where = surface_field(field, names) if field else record
        clause = _clause(where, code, dict(own))
        if clause is None:
            clause = english[index] if index < len(english) else error.message
        clauses.append(clause)
        top = field.split(".")[0]
        hint = FIELD_HINTS_JA.get(top) if params.get("hints", True) else None
        if code == "clause.unknown" and params.get("known_fields"):  # as the English lists them
            hint = ERROR_PHRASES_JA["known_fields"]
        if hint is not None:
            values = {**limits, **params, "record": record, "name": names.get(top, top)}
            hints[hint.format_map(values)] = None
    join = error_join()
    return join.join(clauses), join.join(hints)


def _record_ja(params: Mapping[str, object]) -> str:
    """The record a request's error is about, whole, as Japanese calls it."""
    record = str(params.get("record", "QuoteRequest"))
    return RECORDS_JA.get(record, record)


def field_words(error: SupecostError, locale: str = "ja_JP") -> tuple[tuple[str, str], ...]:
    """Each field an error names (``error.fields``) and what is wrong with it, in a locale.

    A record's invalid fields are worded one by one; an error about one field is
    worded as the error itself is. A field the tables do not word keeps its English.

    Example:
        >>> from supecost.errors import RequestError
        >>> from supecost.quotes import QuoteRequest
        >>> try:
        ...     QuoteRequest(sessions=0)
        ... except RequestError as error:
        ...     print(field_words(error, "ja_JP"))
        (('sessions', 'sessions は 1 以上にしてください（指定値 0）'),)

    Args:
        error: The error.
        locale: ``ja_JP`` for Japanese, anything else for English.

    Returns:
        Each field's path (as ``error.fields`` gives it) and its words.
    """
    if not _japanese(locale) or not _worded(error):
        return error.fields
    if error.code == _INVALID:
        problems = error.params.get("problems", ())
        assert isinstance(problems, tuple)
        worded: list[tuple[str, str]] = []
        for (path, english), (_, code, own) in zip(error.fields, problems, strict=False):
            clause = _clause(path or _record_ja(error.params), code, dict(own))
            worded.append((path, english if clause is None else clause))
        return tuple(worded)
    message = error_words(error, locale)[0]
    return tuple((path, message) for path, _ in error.fields)


def clause_text(
    where: str, code: str, params: tuple[tuple[str, object], ...], english: str, locale: str
) -> str:
    """One field's problem (``quotes.problem_words``' code and values) in a locale.

    For a surface that validates a record of its own (the HTTP service's queries).

    Example:
        >>> clause_text("count", "clause.min", (("bound", 1), ("got", "0")), "...", "ja_JP")
        'count は 1 以上にしてください（指定値 0）'
        >>> clause_text("count", "clause.min", (("bound", 1),), "count must be ...", "en_US")
        'count must be ...'
    """
    if not _japanese(locale):
        return english
    clause = _clause(where, code, dict(params))
    return english if clause is None else clause


def error_join(locale: str = "ja_JP") -> str:
    """What joins two clauses or hints of an error: a full stop (``。``) or a semicolon.

    Example:
        >>> error_join("ja_JP"), error_join("en_US")
        ('。', '; ')
    """
    if not _japanese(locale):
        return "; "
    return ERROR_PHRASES_JA["sentence"].format(first="", second="")


def service_words(key: str, locale: str = "ja_JP", **values: object) -> str:
    """One of the HTTP service's own Japanese messages (``SERVICE_JA``) with its values.

    The service keeps its English beside the code that answers; a Japanese
    request's answer is worded from this table.

    Example:
        >>> service_words("fix.validation")
        '`errors` の各項目を直してください。項目の型は OpenAPI ドキュメントにあります'
    """
    return SERVICE_JA[key].format_map(values)
