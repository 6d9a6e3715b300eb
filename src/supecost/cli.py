"""The command line: ``main(argv) -> int``, the only place with argv, stdout, files and exit codes.

Exit codes: 0 success, 1 something was found (lint warnings, failed batch
lines), 2 bad input (a bad catalog, request or option). Bad input prints one
clear message per problem to stderr and never a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import IO, TYPE_CHECKING, Any, Final, TypeAlias, cast

from pydantic import ValidationError

from supecost import __version__
from supecost.errors import RequestError, SupecostError, excerpt, field_name, reading_json
from supecost.money import MAX_YEN, Rounding

if TYPE_CHECKING:
    from supecost.catalog import Catalog
    from supecost.engine import Ways
    from supecost.l10n import ListStyle
    from supecost.quotes import QuoteRequest, SessionRange

# Each command imports what it needs when it runs: `supecost --version` loads no
# model, and `supecost quote` no report.

__all__ = ["main"]

_LOCALES: Final = ("ja_JP", "en_US")

_FORMATS: Final[Mapping[str, str]] = {
    "table": "text for the terminal",
    "md": "Markdown",
    "csv": "CSV",
    "html": "HTML",
    "json": "data, as JSON",
    "pdf": "PDF, through headless Chromium",
}
"""Every command's --format names, one set: the name of each format, and what it is.

A command takes the ones it can make; report's are supecost.report.OUTPUT_FORMATS (checked
by test_cli, so that building the parser imports no renderer)."""
_FORMAT_SPELLINGS: Final[Mapping[str, str]] = {"markdown": "md", "text": "table"}
"""Other spellings read as a format's name, by every command alike."""
_DOCUMENT_FORMATS: Final = ("md", "html")
"""What a laid-out document (a quote's, a contract's) renders to besides terminal text: the
rest of supecost.report.rendering.DOCUMENT_FORMATS (checked by test_cli)."""
_RESULT_FORMATS: Final = ("table", "json", *_DOCUMENT_FORMATS, "csv")
"""What a quote and a contract are written as: their documents, their JSON, and CSV rows."""
_ONE_QUOTE_FORMATS: Final[Mapping[str, str]] = {
    "table": "shows one quote as text for the terminal",
    **dict.fromkeys(_DOCUMENT_FORMATS, "makes one document of one quote"),
}
"""The quote formats that show one quote, refused with --batch, and what each makes."""
# The values of supecost.catalog.ContractRules, checked against it by test_cli, so that
# building the parser imports no catalog model.
_CONTRACT_RULES: Final = ("cosmetic_medicine", "beauty_salon", "none")
# supecost.quotes.MAX_SESSIONS and supecost.catalog's MAX_MONTHS and MAX_UNITS, checked
# against them by test_cli for the same reason.
_MAX_SESSIONS: Final = 1000
_MAX_MONTHS: Final = 120
_MAX_UNITS: Final = 100
_MAX_COMPARED: Final = 100
"""The most session counts ``report compare`` prices (``--max-sessions``)."""
_MAX_WORKERS: Final = 1024
"""The most worker processes ``serve`` starts: a typo's extra zeros never fork thousands."""
# At most 15 digits, as every whole number: a larger count is then refused by the request's own
# bound, which names the range.
_SESSIONS: Final = re.compile(r"^\s*([0-9]{1,15})\s*(?:(?:-|〜|~|–)\s*([0-9]{1,15})\s*)?$")

MAX_LINE_BYTES: Final = 65_536
"""The longest batch line read (64 KiB); a longer line is one bad line, skipped to its end."""

# Full-width digits, and the point and percent sign typed beside them, are what a Japanese
# keyboard types with the input method on, and they are unambiguous, so every number and date on
# the command line reads them as ASCII ones (a point or % where the option takes none is refused
# by its own grammar). Any other digit (Arabic-Indic, superscript) and other full-width
# punctuation is refused.
_FULL_WIDTH_NUMERALS: Final = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
_WHOLE: Final = re.compile(r"^[0-9]{1,15}$")


class _UsageError(SupecostError):
    """Bad command-line input, reported as ``supecost COMMAND: エラー: ...`` with exit code 2.

    Its ``code`` and ``params`` word it in the command's ``--locale``, as every error's.
    """

    def __init__(self, message: str, code: str = "", **params: object) -> None:
        super().__init__(message, code=code, params=params)

    @classmethod
    def reworded(
        cls, error: SupecostError, names: Mapping[str, str], whole: str = "", english: str = ""
    ) -> _UsageError:
        """An error naming fields, in the command line's flags (``quotes.reworded``)."""
        from supecost.quotes import reworded

        text = english or reworded(error, names, whole)
        made = cls(text, error.code, **{**error.params, "names": names, "whole": whole})
        made.fields = error.fields  # each field's English clause, where no other is written
        return made


class _OptionError(argparse.ArgumentTypeError):
    """An option's value one of our argparse types refused, with its wording's code and values.

    argparse words it as ``argument --date: ...``; :meth:`_Parser.error` finds it again
    (the context of argparse's own error) so it is worded in the command's locale.
    """

    def __init__(self, message: str, code: str, **params: object) -> None:
        super().__init__(message)
        self.code = code
        self.params = params


# argparse says "argument --months: " before a type's message; ours begin with the option already.
_REPEATED_FLAG: Final = re.compile(r"^argument (?P<flag>[^:]+): (?=(?P=flag)\b)")


# argparse's own refusals, by their wording (Python ships no Japanese catalog for argparse's
# gettext): each is worded in the command's locale, a choice of numbers (--round-unit 5), a
# group of options one of which is needed (--apr or --addon-rate), an abbreviation that fits
# two options (--se) and a value given to a switch (--bom=yes) included. argparse's others
# cannot be met with this parser (its options take one value or none; no type of ours lets
# a ValueError through); one that could would show in English, never as a traceback.
# Each: argparse's wording, the code of its words in ERRORS_JA, and its English, said as the
# Japanese says it (what is wrong, then the fix), not as argparse does.
_HELP_FIX: Final = "--help shows how to use this command"
_ARGPARSE_WORDS: Final = (
    (
        re.compile(
            r"^argument (?P<option>[^:]+): invalid choice: (?P<got>'.*'|\S+) "
            r"\(choose from (?P<choices>.*)\)$"
        ),
        "option.choice",
        "{option} cannot be {got}; choose from {choices}",
    ),
    (
        re.compile(r"^the following arguments are required: (?P<options>.*)$"),
        "option.required",
        "{options} must be given; add {options} to the command",
    ),
    (
        re.compile(r"^argument (?P<option>[^:]+): expected one argument$"),
        "option.value_missing",
        "{option} has no value; write its value after {option}",
    ),
    (
        re.compile(r"^one of the arguments (?P<options>.*) is required$"),
        "option.one_of",
        "{options} must be given; give one of them",
    ),
    (
        re.compile(r"^argument (?P<option>[^:]+): not allowed with argument (?P<other>.*)$"),
        "option.exclusive",
        "{option} and {other} cannot be given together; give only one of them",
    ),
    (
        re.compile(r"^ambiguous option: (?P<option>\S+) could match (?P<matches>.*)$"),
        "option.ambiguous",
        "{option} could be any of {matches}; write the option's name in full",
    ),
    (
        re.compile(r"^argument (?P<option>[^:]+): ignored explicit argument (?P<got>.*)$"),
        "option.no_value",
        (
            "{option} takes no value (got {got}); drop the = and what follows it, and write "
            "{option} alone"
        ),
    ),
)


# The refusals naming several options: one of them is needed, or every one.
_JOINED: Final[Mapping[str, ListStyle]] = {
    "option.one_of": "or",
    "option.required": "standard",
}


class _GivenOnce(argparse.Action):
    """An option's value kept as given, a second, different one refused (``option.repeated``)."""

    def given(self, values: object, option_string: str | None) -> tuple[object, str, str]:
        """The value given, as the command line wrote it, and the option's name to say."""
        return values, str(values), option_string or "/".join(self.option_strings)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        value, shown, option = self.given(values, option_string)
        given: dict[str, tuple[object, str]] = namespace.__dict__.setdefault(_GIVEN, {})
        # The same value twice says nothing new (a wrapper adding --locale again); two
        # values cannot both be meant.
        if self.dest in given and given[self.dest][0] != value:
            first, second = excerpt(given[self.dest][1]), excerpt(shown)
            try:
                raise _OptionError(
                    f"{option} is given twice ({first} and {second}); give it once",
                    "option.repeated",
                    first=first,
                    second=second,
                )
            except _OptionError as twice:
                raise argparse.ArgumentError(self, str(twice)) from twice
        given[self.dest] = (value, shown)
        super().__call__(parser, namespace, values, option_string)


class _StoredOnce(_GivenOnce, argparse._StoreAction):
    """An option with one value, refused when given twice with two values (``--sessions 1
    --sessions 3``).

    argparse keeps the last value of an option written twice, so a request would be quoted
    on one of two values without a word (``--sessions 1 --sessions 3``). Options that take
    several values say so (``action="append"``: ``--with``, ``--goods``, ``--fee``, a quote's
    and a contract's ``--segment``, a patient in several groups); every other stores once.
    """


class _FlaggedOnce(_GivenOnce, argparse.BooleanOptionalAction):
    """A ``--x/--no-x`` pair, refused when given both ways (``--started --no-started``), as
    :class:`_StoredOnce` refuses two values: argparse would keep the last one without a word.
    """

    def given(self, values: object, option_string: str | None) -> tuple[object, str, str]:
        # argparse hands this action the full option string, abbreviations expanded; the
        # pair is named as argparse names it, so the refusal reads alike in each locale.
        written = option_string or self.option_strings[0]
        return not written.startswith("--no-"), written, "/".join(self.option_strings)


_GIVEN: Final = "_supecost_given"
"""Where a parse keeps the options given so far (:class:`_StoredOnce`); no option's dest."""


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Every option argparse would store (its default action) stores once.
        self.register("action", None, _StoredOnce)
        self.register("action", "store", _StoredOnce)
        # argparse looks an action class up in its registry too (falling back to the class).
        self.register("action", argparse.BooleanOptionalAction, _FlaggedOnce)

    # Whether this is the program's parser built without its commands' lines of actions:
    # they are listed in l10n's English (babel), so only when its help is shown.
    unlisted = False

    def format_help(self) -> str:
        if self.unlisted:
            return _parser(listed=True).format_help()
        return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        text = _REPEATED_FLAG.sub("", message)
        raised = sys.exc_info()[1]
        if isinstance(raised, argparse.ArgumentError):
            cause = raised.__context__
            if isinstance(cause, _OptionError):
                # "argument --date: 'x' is not a date": the option as the rest name it.
                text = text.removeprefix("argument ")
                raise _UsageError(text, cause.code, option=raised.argument_name, **cause.params)
        for pattern, code, english in _ARGPARSE_WORDS:
            found = pattern.match(message)
            if found is None:
                continue
            if code in _JOINED:  # argparse joins the options with spaces, or commas
                options = tuple(found["options"].replace(",", " ").split())
                listed = _listed(options, _JOINED[code])
                raise _UsageError(english.format(options=listed), code, options=options)
            raise _UsageError(english.format_map(found.groupdict()), code, **found.groupdict())
        raise _UsageError(text)


def _ascii_digits(text: str) -> str:
    """The text with full-width numerals read as ASCII ones, and surrounding spaces dropped."""
    return text.strip().translate(_FULL_WIDTH_NUMERALS)


def _whole(option: str, low: int, high: int, unit: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``, at most 15 digits."""

    def parse(text: str) -> int:
        digits = _ascii_digits(text)
        formed = _WHOLE.match(digits) is not None
        if not formed or not low <= int(digits) <= high:
            # A number written well is told its range alone: no word of commas.
            how = "" if formed else ", written in digits without commas"
            raise _OptionError(
                f"{option} must be a whole number from {low:,} to {high:,}{unit}{how}, got "
                f"{excerpt(text)}",
                "option.range" if formed else "option.whole",
                low=f"{low:,}",
                high=f"{high:,}",
                got=excerpt(text),
            )
        return int(digits)

    return parse


def _percent_share(option: str) -> Callable[[str], Fraction]:
    """An argparse type: a share of an amount in percent, in the one grammar of a rate.

    ``--apr``'s grammar (:func:`~supecost.contracts.percent_share`), so ``1`` is 1 % on
    this command line as it is for ``--apr``; full-width digits are read first, as there.
    """

    def parse(text: str) -> Fraction:
        from supecost.contracts import percent_share

        try:
            return percent_share(_ascii_digits(text), option)
        except SupecostError as error:
            raise _OptionError(str(error), error.code, **error.params) from None

    return parse


def _date(text: str) -> date:
    try:
        if len(text) > 40:
            raise ValueError("too long")
        return date.fromisoformat(_ascii_digits(text))
    except ValueError:
        raise _OptionError(
            f"{excerpt(text)} is not a date; write it as YYYY-MM-DD",
            "option.date",
            got=excerpt(text),
        ) from None


# Up to 15 digits, as every whole number: an N out of range is then said to be, not misread.
_WITH_UNITS: Final = re.compile(r"^\s*([a-z0-9][a-z0-9:-]{0,128})\s*=\s*([0-9]{1,15})\s*$")


def _n_out_of_range(text: str, n: str, high: int, what: str) -> _OptionError:
    """``ID=N`` written as such, its N outside 1 to ``high`` (as ``--units 0`` is told)."""
    return _OptionError(
        f"N in {excerpt(text)} is {int(n):,}, outside 1 to {high:,}; give {what} from 1 to "
        f"{high:,}",
        "option.n_range",
        got=excerpt(text),
        n=f"{int(n):,}",
        high=f"{high:,}",
    )


def _with_units(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, a treatment added at every visit with N units."""
    match = _WITH_UNITS.match(_ascii_digits(text))
    if match and not 1 <= int(match.group(2)) <= _MAX_UNITS:
        raise _n_out_of_range(text, match.group(2), _MAX_UNITS, "the units per visit")
    if not match:
        raise _OptionError(
            f"{excerpt(text)} is not ID=N; write the treatment (or dose) and its units per "
            "visit, such as placenta=3 (N from 1 to 100)",
            "option.with_units",
            got=excerpt(text),
        )
    return match.group(1), int(match.group(2))


_WITH: Final = re.compile(r"^\s*([a-z0-9][a-z0-9:-]{0,128})\s*(?:=\s*([0-9]{1,15}))?\s*$")


def _with(text: str) -> tuple[str, int | None]:
    """An argparse type: ``ID`` (at every visit) or ``ID=N`` (N sessions, at the first visits)."""
    match = _WITH.match(_ascii_digits(text))
    if match and match.group(2) is not None and not 1 <= int(match.group(2)) <= _MAX_SESSIONS:
        raise _n_out_of_range(text, match.group(2), _MAX_SESSIONS, "the added treatment's sessions")
    if not match:
        raise _OptionError(
            f"{excerpt(text)} is not ID or ID=N; write the treatment (or dose), or it and its "
            f"own sessions, such as stimsure-2=4 (N from 1 to {_MAX_SESSIONS})",
            "option.with",
            got=excerpt(text),
            high=_MAX_SESSIONS,
        )
    count = match.group(2)
    return match.group(1), None if count is None else int(count)


_FEE_VISITS: Final = re.compile(r"^\s*([^=\s]+)\s*=\s*([0-9]{1,15})\s*$")


def _fee(text: str) -> tuple[str, int | None]:
    """An argparse type: ``ID`` (an optional fee) or ``ID=N`` (a per-visit one at N visits).

    Anything else is an id as written, which the request's own validation words.
    """
    match = _FEE_VISITS.match(_ascii_digits(text))
    if match is None:
        return text, None
    if not 1 <= int(match.group(2)) <= _MAX_SESSIONS:
        raise _n_out_of_range(text, match.group(2), _MAX_SESSIONS, "the visits it is chosen at")
    return match.group(1), int(match.group(2))


# Up to 15 digits, as every whole number: the request's bound (MAX_HISTORY) then names its range.
_HISTORY: Final = re.compile(r"^\s*([a-z0-9][a-z0-9:-]{0,128})\s*=\s*([0-9]{1,15})\s*$")


def _history(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, N sessions of a treatment the patient already had."""
    match = _HISTORY.match(_ascii_digits(text))
    if not match:
        raise _OptionError(
            f"{excerpt(text)} is not ID=N, such as hair=5; {_hint('history')}",
            "option.history",
            got=excerpt(text),
        )
    return match.group(1), int(match.group(2))


# Up to 15 digits, as every whole number: the request's bound (MAX_GOODS_UNITS) names its range.
_GOODS: Final = re.compile(r"^\s*([a-z0-9][a-z0-9-]{0,128})\s*=\s*([0-9]{1,15})\s*$")


# ``YYYY-MM-DD`` (the main treatment's) or ``ID=YYYY-MM-DD``, an id as --history writes it.
_LAST_VISIT: Final = re.compile(r"^\s*(?:([a-z0-9][a-z0-9:-]{0,128})\s*=\s*)?([^=]{1,40})$")


def _last_visit(text: str) -> tuple[str | None, date]:
    """An argparse type: ``[ID=]YYYY-MM-DD``, the date of the last session of a treatment
    (without ``ID=``, the main one's)."""
    match = _LAST_VISIT.match(_ascii_digits(text))
    try:
        if not match:
            raise ValueError(text)
        return match.group(1), date.fromisoformat(match.group(2).strip())
    except ValueError:
        raise _OptionError(
            f"{excerpt(text)} is not [ID=]YYYY-MM-DD, such as sup=2026-11-20; "
            f"{_hint('last_visit')}",
            "option.last_visit",
            got=excerpt(text),
        ) from None


def _last_visit_given(
    given: Sequence[tuple[str | None, date]], main: str | None
) -> dict[str, date]:
    """The ``--last-visit`` options as one mapping, each treatment given once; a date without
    an id is the main treatment's (``main``: ``--treatment``, else the catalog's first)."""
    found: dict[str, date] = {}
    for ref, day in given:
        key = ref or main or ""
        if key in found:
            raise _given_twice("--last-visit", key, "treatment")
        found[key] = day
    return found


def _history_given(given: Sequence[tuple[str, int]]) -> dict[str, int]:
    """The ``--history`` options as one mapping, each treatment given once."""
    return _each_once(given, "--history", "treatment")


def _in_flags(error: SupecostError, arguments: Sequence[str] = ()) -> SupecostError:
    """An error the engine raised on a request, worded in the command line's flags.

    A request's field checked only against the catalog (``bought``), or a last visit
    after a date left to today, is refused by the engine, after the request was built:
    its clause names the field, here its flag. A
    dosed treatment named without its dose is told the option to type, with a dose in it.
    """
    if isinstance(error, RequestError) and error.fields in (
        (("bought", error.message),),
        (("holding", error.message),),
    ):
        return _UsageError.reworded(error, _FLAGS)
    if isinstance(error, RequestError) and error.code in (
        "request.last_visit_after",
        "request.first_visit_before",
    ):
        # A request left to today has its last visits checked when the engine dates it.
        return _UsageError.reworded(error, _FLAGS)
    if isinstance(error, RequestError) and error.code == "request.dose_needed":
        return _dose_needed(error, arguments)
    return error


def _dose_needed(error: RequestError, arguments: Sequence[str]) -> _UsageError:
    """``--treatment exo-iv:1cc`` (or the --with option that named it, its own N kept)."""
    doses = str(error.params["doses"])
    first = doses.split(", ")[0]
    treatment = first.partition(":")[0]
    typed = f"--treatment {first}"
    given = [*arguments, ""]
    for index, argument in enumerate(arguments):
        flag, equals, value = argument.partition("=")
        value = value if equals else given[index + 1]
        if flag in ("--with", "--with-units") and value.partition("=")[0].strip() == treatment:
            typed = f"{flag} {first}" + value.strip().removeprefix(treatment)
            break
    return _UsageError(
        f"treatment {error.params['treatment']} is sold by the dose; name one as {typed} "
        f"(its doses: {doses})",
        "option.dose_needed",
        **{**error.params, "typed": typed},
    )


def _bought_given(given: Sequence[tuple[str, int]]) -> dict[str, int]:
    """The ``--bought`` options as one mapping, each offer given once."""
    return _each_once(given, "--bought", "offer")


def _id_count(text: str, example: str, field: str) -> tuple[str, int]:
    """``ID=N`` of a record without a dose (goods, an offer), or the request field's hint."""
    match = _GOODS.match(_ascii_digits(text))
    if not match:
        raise _OptionError(
            f"{excerpt(text)} is not ID=N, such as {example}; {_hint(field)}",
            f"option.{field}",
            got=excerpt(text),
        )
    return match.group(1), int(match.group(2))


def _goods(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, N units of a goods record (物販) bought beside the course."""
    return _id_count(text, "nmn-caps=2", "goods")


def _goods_monthly(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, N units a month of goods delivered monthly (定期便)."""
    return _id_count(text, "nmn-supp=1", "goods_monthly")


def _bought(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, N of an offer limited per patient bought before."""
    return _id_count(text, "sup-camp=1", "bought")


def _holding(text: str) -> tuple[str, int]:
    """An argparse type: ``ID=N``, a set of sessions held with N of them left (乗り換え)."""
    return _id_count(text, "sup-3=2", "holding")


def _given_twice(option: str, value: str, what: str) -> _UsageError:
    """The refusal of a repeatable option naming one id twice (``--goods``, ``--history``)."""
    return _UsageError(
        f"{option} {value} is given twice; give each {what} once",
        "option.twice",
        option=option,
        value=excerpt(value),
    )


def _goods_given(pairs: Sequence[tuple[str, int]]) -> dict[str, int]:
    """The goods of ``--goods`` flags, by id; each id given once."""
    return _each_once(pairs, "--goods", "goods record")


def _each_once(pairs: Sequence[tuple[str, int]], flag: str, what: str) -> dict[str, int]:
    """A repeatable ``ID=N`` option's values by id, each id given once."""
    found: dict[str, int] = {}
    for ref, count in pairs:
        if ref in found:
            raise _given_twice(flag, ref, what)
        found[ref] = count
    return found


def _format(text: str) -> str:
    """An argparse type: a format's name, another spelling of it read as the name."""
    name = text.strip().lower()
    return _FORMAT_SPELLINGS.get(name, name)


def _add_format(
    parser: argparse.ArgumentParser,
    formats: Sequence[str],
    default: str | None = None,
    *,
    given_only: bool = False,
) -> None:
    """``--format`` of ``formats``; with ``given_only`` it stays ``None`` unless given, so
    the command tells ``default`` given on purpose from no choice (see :func:`_run_quote`)."""
    described = "; ".join(
        f"{name}: {_FORMATS[name]}" + (" (default)" if name == default else "") for name in formats
    )
    parser.add_argument(
        "--format",
        type=_format,
        choices=formats,
        default=None if given_only else default,
        required=default is None,
        help=described,
    )


# The command line's name of each request field, for the request's errors and hints.
_FLAGS: Final[Mapping[str, str]] = {
    "treatment": "--treatment",
    "sessions": "--sessions",
    "months": "--months",
    "with": "--with",
    "with_": "--with",
    "history": "--history",
    "last_visit": "--last-visit",
    "new_patient": "--returning",
    "on": "--date",
    "first_visit": "--first-visit",
    "units": "--units",
    "segment": "--segment",
    "fees": "--fee",
    "sold_out": "--sold-out",
    "bought": "--bought",
    "holding": "--holding",
    "goods": "--goods",
    "goods_monthly": "--goods-monthly",
    "birth_month": "--birth-month",
}


# The command line's name of each argument of a contract and an instalment schedule, for
# their errors: the same rewording as a request's (quotes.reworded).
# The Assumptions fields a flag of their own name sets (--threshold-tax is older and reads
# included/excluded); each default stays the record's, so a flag left out changes nothing.
_ASSUMPTION_FLAGS: Final[Mapping[str, str]] = {
    "sessions_only_over_month": "a contract fixing only a number of sessions counts as over "
    "one month (default: yes, the rule; --no-sessions-only-over-month for special "
    "circumstances)",
    "enrollment_fee_is_service": "a monthly plan's enrollment fee counts as a service already "
    "given (default: no, it is part of the outstanding amount)",
    "expiry_counts_receipt_day": "a set's validity of N months counts the day of receipt as "
    "day 1 (default: no, the last day is the same day N months later)",
    "expired_sessions_refundable": "a set cancelled after its validity is settled as on its "
    "last valid day (default: yes; --no-expired-sessions-refundable: unused sessions lapse)",
}
_CLINIC_TERMS_FLAGS: Final[Mapping[str, str]] = {
    "name": "--clinic-terms-name",
    "before_start_fee": "--clinic-before-start-fee",
    "fee_rate": "--clinic-fee-rate",
    "fee_cap": "--clinic-fee-cap",
}


_CONTRACT_FLAGS: Final[Mapping[str, str]] = {
    "quantity": "--quantity",
    "received": "--received",
    "used": "--used",
    "rules": "--rules",
    "price": "--price",
    "price_includes_tax": "--price-includes-tax",
    "goods": "--goods",
    "segment": "--segment",
    "birth_month": "--birth-month",
    "new_patient": "--new-patient or --returning",
    "new_patient=True": "--new-patient",
    "new_patient=False": "--returning",
    "sold_out": "--sold-out",
    "paid": "--paid",
    "started": "--started",
    "started=True": "--started",
    "started=False": "--no-started",
    "value_rounding": "--value-rounding",
    **{name: "--" + name.replace("_", "-") for name in _ASSUMPTION_FLAGS},
    **_CLINIC_TERMS_FLAGS,
    "history": "--history",
    "bought": "--bought",
}
_INSTALMENT_FLAGS: Final[Mapping[str, str]] = {
    "principal": "--amount",
    "amount": "--amount",
    "count": "--count",
    "apr_percent": "--apr",
    "addon_rate_percent": "--addon-rate",
    "round_unit": "--round-unit",
    "remainder": "--remainder",
}


def _hint(field: str) -> str:
    """How to write a request field on the command line: the request's rule, in flags."""
    from supecost.quotes import field_hint

    return cast("str", field_hint(field, _FLAGS))


def _sessions(text: str) -> int | SessionRange:
    digits = _ascii_digits(text)
    match = _SESSIONS.match(digits)
    if not match:
        negative = re.match(r"^-\s*[0-9]", digits)
        what = "cannot be negative" if negative else "is not a session count"
        raise _OptionError(
            f"--sessions {what}, got {excerpt(text)}; {_hint('sessions')}",
            "option.sessions_negative" if negative else "option.sessions",
            got=excerpt(text),
        )
    low, high = int(match.group(1)), match.group(2)
    if high is None:
        return low
    from supecost.errors import RequestError
    from supecost.quotes import SessionRange

    try:
        return SessionRange(min=low, max=int(high))
    except RequestError as error:
        # Raised past argparse, which would word it as its own "argument --sessions: ...".
        raise _UsageError.reworded(error, _FLAGS, whole="sessions") from None


def _add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        metavar="PATH",
        help="catalog file (.toml or .json); the built-in reference catalog when omitted",
    )


def _add_request(
    parser: argparse.ArgumentParser,
    *,
    sessions_required: bool,
    sessions_help: str = "how many sessions: a number, or a range such as 3-6",
) -> None:
    parser.add_argument(
        "--treatment",
        metavar="ID",
        help="treatment id, or a dose as ID:DOSE such as exo-iv:2cc (default: the first)",
    )
    parser.add_argument(
        "--units",
        type=_whole("--units", 1, _MAX_UNITS),
        default=1,
        metavar="N",
        help="units of the treatment per visit, such as 3 ampoules (default: 1)",
    )
    parser.add_argument(
        "--sessions",
        type=_sessions,
        required=sessions_required,
        metavar="N",
        help=sessions_help,
    )
    parser.add_argument(
        "--months",
        type=_whole("--months", 1, _MAX_MONTHS),
        metavar="M",
        help="months the course spans",
    )
    parser.add_argument(
        "--with",
        dest="with_",
        type=_with,
        action="append",
        default=[],
        metavar="ID[=N]",
        help="a treatment (or ID:DOSE) added at every visit, or with =N at the first N "
        "visits (repeatable)",
    )
    parser.add_argument(
        "--history",
        type=_history,
        action="append",
        default=[],
        metavar="ID=N",
        help="sessions of a treatment the patient already had at this clinic (so with "
        "--returning), for ladders and first-time prices (repeatable)",
    )
    parser.add_argument(
        "--last-visit",
        type=_last_visit,
        action="append",
        default=[],
        metavar="[ID=]YYYY-MM-DD",
        help="the date of the last session of a treatment of --history (without ID=, the "
        "main treatment's), for a repeat price within days of the previous session "
        "(repeatable)",
    )
    parser.add_argument(
        "--goods",
        type=_goods,
        action="append",
        default=[],
        metavar="ID=N",
        help="N units of goods (物販: a supplement, skincare) bought beside the course, "
        "paid at the first visit (repeatable)",
    )
    parser.add_argument(
        "--goods-monthly",
        dest="goods_monthly",
        type=_goods_monthly,
        action="append",
        default=[],
        metavar="ID=N",
        help="N units a month of goods delivered monthly (定期便: its subscription), each "
        "month's paid in that month; needs --months, at least its minimum (repeatable)",
    )
    parser.add_argument(
        "--with-units",
        dest="with_units",
        type=_with_units,
        action="append",
        default=[],
        metavar="ID=N",
        help="a treatment added at every visit with N units per visit (repeatable)",
    )
    _add_segment(parser)
    parser.add_argument(
        "--fee",
        dest="fees",
        type=_fee,
        action="append",
        default=[],
        metavar="ID[=N]",
        help="an optional fee the patient chooses, such as a travel fee for their area, or "
        "with =N a per-visit fee at N of the visits (repeatable)",
    )
    _add_sold_out(parser)
    _add_bought(parser, "the course buys")
    parser.add_argument(
        "--holding",
        type=_holding,
        action="append",
        default=[],
        metavar="ID=N",
        help="a set of sessions the patient holds with N sessions left, used first; a set "
        "upgrading from it (upgrade_from) is a way of its own, less the credit for them "
        "(repeatable, one set per treatment)",
    )
    _add_birth_month(parser, "the first visit (--first-visit, else --date)")
    parser.add_argument(
        "--returning", action="store_true", help="a returning patient (no first-visit prices)"
    )
    parser.add_argument(
        "--date", type=_date, metavar="YYYY-MM-DD", help="the quote's date (default: today)"
    )
    parser.add_argument(
        "--first-visit",
        dest="first_visit",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the course's first session, on or after --date, whose days price it (sales "
        "windows, campaigns, the birth month, months) (default: --date)",
    )


def _segments_given(segments: Sequence[str]) -> str | tuple[str, ...] | None:
    """The --segment values as a request takes them: none, one id, or several (a patient in
    two groups, 会員 and シニア), which the record sorts; one stays an id, so its error
    names --segment as it always did."""
    if len(segments) <= 1:
        return segments[0] if segments else None
    return tuple(segments)


def _add_segment(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--segment",
        dest="segments",
        action="append",
        default=[],
        metavar="ID",
        help="the patient's segment, such as member, for its prices (one the catalog declares; "
        "repeatable for a patient in several: the lowest of their prices, and each one's "
        "discounts)",
    )


def _add_sold_out(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--sold-out",
        dest="sold_out",
        action="append",
        default=[],
        metavar="ID",
        help="an offer or discount for the first N patients (first_n) whose places are gone: "
        "it is not available (repeatable)",
    )


def _add_bought(parser: argparse.ArgumentParser, buys: str) -> None:
    """``--bought``, read by the quote's rule; ``buys`` says what is limited by it."""
    parser.add_argument(
        "--bought",
        type=_bought,
        action="append",
        default=[],
        metavar="ID=N",
        help=f"N of an offer limited per patient (per_patient) the patient bought before: "
        f"{buys} at most what is left of it; a monthly plan with a first-month price "
        "(first_month) the patient enrolled in before pays its first month in full "
        "(repeatable)",
    )


def _add_birth_month(parser: argparse.ArgumentParser, day: str) -> None:
    """``--birth-month``, for a discount in the month of ``day`` (the flag of the day priced)."""
    parser.add_argument(
        "--birth-month",
        dest="birth_month",
        type=_whole("--birth-month", 1, 12, " (1 is January)"),
        metavar="N",
        help="the patient's birth month, 1 to 12, for a discount in their birth month "
        f"(birth_month_only) when {day} falls in it",
    )


def _add_locale(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--locale", choices=_LOCALES, default="ja_JP", help="default: ja_JP")


def _add_bom(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM for Excel")


def _quote_options(quote_parser: argparse.ArgumentParser) -> None:
    _add_catalog(quote_parser)
    _add_request(quote_parser, sessions_required=False)
    _add_format(quote_parser, _RESULT_FORMATS, "table", given_only=True)
    quote_parser.add_argument(
        "--ways",
        choices=("all", "best"),
        default="all",
        help="every way of buying (default), or the best only: faster and a smaller JSON",
    )
    _add_locale(quote_parser)
    _add_bom(quote_parser)
    quote_parser.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help="quote one JSON request per line ('-' for stdin), writing one JSON result per "
        "line (--format json, the default with --batch), or with --format csv one CSV table "
        "whose rows start with the line's number",
    )
    quote_parser.add_argument(
        "--fail-fast", action="store_true", help="with --batch: stop at the first bad line"
    )
    quote_parser.add_argument(
        "--jobs",
        type=_whole("--jobs", 1, _cores(), " (the cores of this machine)"),
        default=1,
        metavar="N",
        help="with --batch: worker processes, at most the cores of this machine",
    )


_CATALOG_FILE: Final = "the catalog file (.toml or .json)"


def _validate_options(validate: argparse.ArgumentParser) -> None:
    validate.add_argument("path", metavar="PATH", help=_CATALOG_FILE)
    _add_locale(validate)


def _show_options(show: argparse.ArgumentParser) -> None:
    show.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help=f"{_CATALOG_FILE}; the reference catalog when omitted",
    )
    _add_format(show, ("table", "json"), "table")
    _add_locale(show)


def _schema_options(schema: argparse.ArgumentParser) -> None:
    """The schema takes no options."""


def _lint_options(lint: argparse.ArgumentParser) -> None:
    lint.add_argument("path", metavar="PATH", help=_CATALOG_FILE)
    _add_format(lint, ("table", "json"), "table")
    _add_locale(lint)


_Actions: TypeAlias = Mapping[str, tuple[str, str, Callable[[argparse.ArgumentParser], None]]]
"""A command's actions: each one's line in the command's --help, its description, its options."""

_CATALOG_ACTIONS: Final[_Actions] = {
    "validate": (
        "check a catalog file and count what it holds",
        "Check a catalog file, and count what it holds.",
        _validate_options,
    ),
    "show": ("print a catalog", "Print a catalog as a table, or as JSON.", _show_options),
    "schema": (
        "print the catalog file's JSON Schema",
        "Print the catalog file's JSON Schema, for editors to check catalog files with.",
        _schema_options,
    ),
    "lint": (
        "flag likely pricing mistakes (exit code 1 for a warning; notices alone exit 0)",
        "Flag likely pricing mistakes: exit code 1 for a warning; notices alone exit 0.",
        _lint_options,
    ),
}


def _contract_options(contract: argparse.ArgumentParser) -> None:
    _add_catalog(contract)
    contract.add_argument("--offer", required=True, metavar="ID", help="the offer bought")
    contract.add_argument(
        "--quantity", type=_whole("--quantity", 1, 1000), default=1, metavar="N", help="sets bought"
    )
    contract.add_argument(
        "--received",
        type=_date,
        required=True,
        metavar="YYYY-MM-DD",
        help="the day the contract document was received (day 1 of cooling-off)",
    )
    contract.add_argument(
        "--used",
        type=_whole("--used", 0, _MAX_SESSIONS * 1000),
        default=0,
        metavar="N",
        help="sessions used; a unit ticket's units (two 3A visits of a ticket by ampoules: 6)",
    )
    contract.add_argument(
        "--cancel-on", type=_date, metavar="YYYY-MM-DD", help="cancellation day (default: today)"
    )
    contract.add_argument(
        "--rules",
        choices=_CONTRACT_RULES,
        help="override the catalog's contract_rules flag",
    )
    contract.add_argument(
        "--price",
        type=_whole("--price", 0, MAX_YEN, " yen"),
        metavar="YEN",
        help="the agreed price of one set (a plan's month, a first-time session), read as "
        "the catalog writes its prices: before tax (税抜) in a tax-excluded catalog, with "
        "tax (税込) in a tax-included one; the output says which (default: the catalog's "
        "price on --received, its campaigns and the patient's segment price taken off)",
    )
    contract.add_argument(
        "--price-includes-tax",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="read --price as the total with tax (税込), as on a signed contract; "
        "--no-price-includes-tax reads it before tax (税抜) (default: as the catalog)",
    )
    contract.add_argument(
        "--goods",
        type=_goods,
        action="append",
        default=[],
        metavar="ID=N",
        help="N units of related goods bought with it, which count towards the ¥50,000 "
        "threshold (repeatable)",
    )
    _add_segment(contract)  # repeatable, as a quote's
    _add_sold_out(contract)
    _add_birth_month(contract, "--received")
    contract.add_argument(
        "--history",
        type=_history,
        action="append",
        default=[],
        metavar="ID=N",
        help="sessions of a treatment the patient already had at this clinic, for a price "
        "for the first time having it (0 if never); asked for where it decides the price "
        "(repeatable)",
    )
    _add_bought(contract, "the contract is for")
    patient = contract.add_mutually_exclusive_group()
    patient.add_argument(
        "--new-patient",
        dest="new_patient",
        action="store_const",
        const=True,
        help="a patient new to the clinic on --received (discounts for new patients only "
        "and first-time prices); asked for where it decides the price",
    )
    patient.add_argument(
        "--returning",
        dest="new_patient",
        action="store_const",
        const=False,
        help="a returning patient (no discount for new patients only, no first-time price)",
    )
    contract.add_argument(
        "--threshold-tax",
        choices=("included", "excluded"),
        default="included",
        help="whether consumption tax counts towards the statute's amount threshold "
        "(¥50,000 for cosmetic medicine): unconfirmed, so a choice (default: included, the "
        "wider coverage); the reasons say when it decides",
    )
    _settlement_options(contract)
    _add_format(contract, _RESULT_FORMATS, "table")
    _add_locale(contract)
    _add_bom(contract)


def _settlement_options(contract: argparse.ArgumentParser) -> None:
    """What :func:`supecost.contracts.settle` takes beyond the contract and the day."""
    contract.add_argument(
        "--paid",
        type=_whole("--paid", 0, MAX_YEN, " yen"),
        metavar="YEN",
        help="what the patient has actually paid towards the contract, 0 to its amount (a set "
        "on a medical loan: the instalments paid so far); default: a set paid in full, a "
        "monthly plan's enrollment fee and months begun",
    )
    contract.add_argument(
        "--started",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="treatment had started even with no session used (default: when --used is above 0)",
    )
    contract.add_argument(
        "--value-rounding",
        choices=tuple(mode.value for mode in Rounding),
        help="how a fractional per-session value and allowance become yen: unconfirmed, so "
        "a choice (default: floor, the clinic keeps less)",
    )
    for name, text in _ASSUMPTION_FLAGS.items():
        contract.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            action=argparse.BooleanOptionalAction,
            default=None,
            help=text,
        )
    terms = contract.add_argument_group(
        "the clinic's own terms", "they can only lower what the clinic keeps"
    )
    terms.add_argument(
        "--clinic-terms-name", metavar="TEXT", help="how the terms are named in the answer"
    )
    terms.add_argument(
        "--clinic-before-start-fee",
        type=_whole("--clinic-before-start-fee", 0, MAX_YEN, " yen"),
        metavar="YEN",
        help="the most kept before treatment starts",
    )
    terms.add_argument(
        "--clinic-fee-rate",
        type=_percent_share("--clinic-fee-rate"),
        metavar="PCT",
        help="the share of the outstanding amount kept after treatment starts, in percent "
        "as --apr reads one: 10 is 10%%, 1 is 1%% (0 to 100)",
    )
    terms.add_argument(
        "--clinic-fee-cap",
        type=_whole("--clinic-fee-cap", 0, MAX_YEN, " yen"),
        metavar="YEN",
        help="the most kept, on top of the value given, after treatment starts",
    )


def _settlement_choices(args: argparse.Namespace) -> dict[str, Any]:
    """The keyword arguments of ``contract_report`` the settlement flags give.

    Each record is built from the flags given only, so its own defaults and checks apply.
    """
    from supecost.contracts import Assumptions, ClinicTerms

    chosen: dict[str, object] = {"threshold_includes_tax": args.threshold_tax == "included"}
    if args.value_rounding is not None:
        chosen["value_rounding"] = args.value_rounding
    chosen |= {
        name: getattr(args, name) for name in _ASSUMPTION_FLAGS if getattr(args, name) is not None
    }
    terms = {
        field: getattr(args, flag.removeprefix("--").replace("-", "_"))
        for field, flag in _CLINIC_TERMS_FLAGS.items()
    }
    given = {field: value for field, value in terms.items() if value is not None}
    return {
        "paid": args.paid,
        "started": args.started,
        "clinic_terms": ClinicTerms.model_validate(given) if given else None,
        "assumptions": Assumptions.model_validate(chosen),
    }


def _report_output(report: argparse.ArgumentParser) -> None:
    """The options every kind of report takes: its format, locale and file."""
    _add_format(report, _REPORT_FORMATS)
    _add_locale(report)
    report.add_argument("-o", "--output", metavar="FILE", help="write the report here, atomically")
    _add_bom(report)


def _price_list_options(report: argparse.ArgumentParser) -> None:
    _add_catalog(report)
    report.add_argument(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the day whose prices and tax are listed (default: today)",
    )
    _report_output(report)
    report.add_argument(
        "--show-tax-excluded",
        action="store_true",
        help="show the tax-excluded price beside the tax-included one",
    )


def _estimate_options(report: argparse.ArgumentParser) -> None:
    _add_catalog(report)
    _add_request(report, sessions_required=False)
    _report_output(report)
    report.add_argument("--to", metavar="NAME", help="the addressee (「NAME 様」 in Japanese)")
    report.add_argument("--number", metavar="TEXT", help="the estimate number")


def _compare_options(report: argparse.ArgumentParser) -> None:
    _add_catalog(report)
    # Still declared (every kind took every option before each had its own), so that a script
    # giving it is told what to give instead, rather than that it is unknown: it was silently
    # ignored, and a reader wanting 30 columns got 12.
    _add_request(
        report,
        sessions_required=False,
        sessions_help=(
            "refused: the comparison prices every count from 1 to --max-sessions; give that instead"
        ),
    )
    report.add_argument(
        "--max-sessions",
        type=_whole("--max-sessions", 1, _MAX_COMPARED),
        default=12,
        metavar="K",
        help="compare 1..K sessions (12)",
    )
    _report_output(report)


# supecost.report.OUTPUT_FORMATS, checked against it by test_cli.
_REPORT_FORMATS: Final = ("md", "csv", "html", "json", "pdf")

_REPORT_KINDS: Final[_Actions] = {
    "price-list": (
        "the price list (料金表) of a catalog",
        "Render the price list (料金表) of a catalog.",
        _price_list_options,
    ),
    "estimate": (
        "an estimate (見積書) for a request",
        "Render an estimate (見積書) for a request.",
        _estimate_options,
    ),
    "compare": (
        "every way of buying from 1 to K sessions, side by side",
        "Render every way of buying from 1 to K sessions, side by side.",
        _compare_options,
    ),
}

# The commands that have actions: where argparse keeps the action, its metavar, the actions.
_ACTIONS: Final[Mapping[str, tuple[str, str, _Actions]]] = {
    "catalog": ("catalog_command", "ACTION", _CATALOG_ACTIONS),
    "report": ("kind", "KIND", _REPORT_KINDS),
}


def _add_actions(parser: argparse.ArgumentParser, command: str, only: str | None) -> None:
    """A command's actions, with the options of ``only`` (as _parser has a command's)."""
    dest, metavar, actions = _ACTIONS[command]
    choices = parser.add_subparsers(dest=dest, metavar=metavar, parser_class=_Parser, required=True)
    for name, (summary, description, options) in actions.items():
        action = choices.add_parser(name, help=summary, description=description)
        if only in (None, name):
            options(action)


def _instalments_options(plan: argparse.ArgumentParser) -> None:
    plan.add_argument(
        "--amount",
        type=_whole("--amount", 1, MAX_YEN, " yen"),
        required=True,
        metavar="YEN",
        help="the amount paid in instalments, in yen",
    )
    plan.add_argument(
        "--count",
        type=_whole("--count", 1, 600),
        required=True,
        metavar="N",
        help="how many monthly instalments, 1 to 600",
    )
    rate = plan.add_mutually_exclusive_group(required=True)
    # The rate's grammar is the contracts module's, for Python, JSON and this alike: the
    # command line only reads full-width digits first.
    rate.add_argument(
        "--apr",
        metavar="PCT",
        help="annual percentage rate in percent, such as 12.5 (0 to 20)",
    )
    rate.add_argument(
        "--addon-rate",
        metavar="PCT",
        help="add-on rate in percent for the whole term, such as 7.5",
    )
    plan.add_argument(
        "--round-unit",
        type=_whole("--round-unit", 1, 100),
        choices=(1, 10, 100),
        default=1,
        help="each payment is a multiple of this many yen (default: 1)",
    )
    plan.add_argument(
        "--remainder",
        choices=("first", "last"),
        default="first",
        help="the payment that takes what rounding leaves over (default: first)",
    )
    _add_format(plan, ("table", "json"), "table")
    _add_locale(plan)


def _command(arguments: Sequence[str], place: int = 0) -> str | None:
    """The command the arguments name: the first that is not an option (none takes a value).

    With ``place`` 1, the command's action: ``catalog`` and ``report`` take no option
    before it either.
    """
    words = [a for a in arguments if not a.startswith("-")]
    return words[place] if len(words) > place else None


def _prog(arguments: Sequence[str]) -> str:
    """``supecost`` and the command the arguments begin with: the one prefix of every message.

    Only a command written first is the command's own (``supecost quote --bogus``): before
    it, an option is the program's (``supecost --bogus quote``), whether its value is written
    after ``=`` or as the next argument.
    """
    command = arguments[0] if arguments else None
    return f"supecost {command}" if command in _SUBCOMMANDS else "supecost"


def _unrecognized(extra: Sequence[str]) -> _UsageError:
    """Name the arguments no option takes, and the option a bare number was probably meant for."""
    given = " ".join(excerpt(item) if not item.isprintable() else item for item in extra)
    message = f"unrecognized arguments: {' '.join(extra)}"
    if extra[0].startswith("-"):
        return _UsageError(
            f"{message}; --help lists the options this command takes",
            "option.unknown",
            given=given,
        )
    if any(_SESSIONS.match(item) for item in extra):
        number = next(item for item in extra if _SESSIONS.match(item)).strip()
        return _UsageError(
            f"{message}; a session count is given as --sessions {number}",
            "option.bare_sessions",
            given=given,
            number=number,
        )
    return _UsageError(message, "option.extra", given=given)


def _declared(names: Sequence[str]) -> set[str]:
    """The option strings of a command (``["quote"]``) or of a command's action.

    And those of every command or action below it (``["report"]``: each kind's; ``[]``:
    every command's).
    """
    parser: argparse.ArgumentParser = _parser(*names)
    for name in names:
        parser = _below(parser)[name]
    parsers = [parser]
    for each in parsers:  # grows as it goes: the commands, then their actions
        parsers += _below(each).values()
    return {flag for each in parsers for action in each._actions for flag in action.option_strings}


def _undeclared(arguments: Sequence[str]) -> tuple[str, ...]:
    """The options no parser of the arguments' command (and action) declares, as written.

    An abbreviation argparse would take (``--form`` for ``--format``) is declared; what
    follows ``--`` is no option.
    """
    command, action = _command(arguments) or "", _command(arguments, 1) or ""
    names = [command] if command in _SUBCOMMANDS else []
    if command in _ACTIONS and action in _ACTIONS[command][2]:
        names.append(action)
    declared = _declared(names)
    words = arguments[: arguments.index("--")] if "--" in arguments else arguments
    return tuple(
        word
        for word in words
        if word.startswith("--")
        and not any(flag.startswith(word.partition("=")[0]) for flag in declared)
    )


def _below(parser: argparse.ArgumentParser) -> Mapping[str, argparse.ArgumentParser]:
    """The parsers of a parser's commands (or a command's actions), by name; none for the last."""
    return {
        name: below
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name, below in action.choices.items()
    }


def _misplaced(arguments: Sequence[str]) -> _UsageError | None:
    """An option written before the command (or a report's kind) that takes it, if any.

    ``supecost --locale en_US quote`` would be refused as an unknown command ``en_US``:
    argparse reads the option's value as the command, and blames the value. Without a
    command after it, only ``--locale`` is known to be one (every command takes it).
    """
    prefix, rest, names, what = "supecost", list(arguments), tuple(_SUBCOMMANDS), "COMMAND"
    command: list[str] = []
    if rest and rest[0] in _ACTIONS:
        _, what, actions = _ACTIONS[rest[0]]
        command, prefix, rest, names = [rest[0]], f"supecost {rest[0]}", rest[1:], tuple(actions)
    if not rest or not rest[0].startswith("--") or rest[0] in ("--help", "--version"):
        return None
    option = rest[0].partition("=")[0]
    target = next((word for word in rest[1:] if word in names), None)
    if target is not None and target in _ACTIONS:  # --locale en_US report estimate: after the kind
        _, _, actions = _ACTIONS[target]
        kind = next((word for word in rest[rest.index(target) :] if word in actions), None)
        if kind is not None:
            command, prefix, target = [target], f"{prefix} {target}", kind
    # Without a command (or kind) after it, an option one of them declares is still theirs:
    # report --catalog a.toml would be refused as an unknown kind a.toml.
    declared = _declared([*command, target] if target is not None else command)
    if option != "--locale" and option not in declared:
        return None
    place = f"{prefix} {target or what} {option} ..."
    return _UsageError(
        f"{option} goes after the {what.lower()}, as in {place}; write the "
        f"{what.lower()} first, then its options",
        "option.before_command",
        option=option,
        place=place,
        what=what.lower(),
    )


def _error_locale(arguments: Sequence[str]) -> str:
    """The locale an error is worded in: the command's ``--locale`` (ja_JP unless given).

    Read from the arguments themselves, as an error may come before (or from) parsing them;
    a value that is no locale of the command line's is refused by its parser, in Japanese.
    """
    for index, argument in enumerate(arguments):
        given = argument.removeprefix("--locale=") if argument.startswith("--locale=") else None
        if argument == "--locale" and index + 1 < len(arguments):
            given = arguments[index + 1]
        if given in _LOCALES:
            return given
    return "ja_JP"


def _error_line(prog: str, error: SupecostError, locale: str) -> str:
    """The one line (or lines, for a catalog's problems) an error is printed as, with its prefix."""
    from supecost.report.errtext import error_label, error_text

    return f"{prog}: {error_label(locale)}: {error_text(error, locale)}\n"


def _validation_message(error: ValidationError) -> str:
    """One line per field, without pydantic's internal union tags."""
    messages: dict[str, str] = {}
    for item in error.errors(include_url=False):
        where = field_name(item["loc"])
        message = str(item["msg"]).removeprefix("Value error, ")
        messages.setdefault(where, message)
    return "; ".join(
        f"{where}: {message}" if where else message for where, message in messages.items()
    )


def _catalog(path: str | None) -> Catalog:
    from supecost.catalog import load_catalog, reference_catalog

    return reference_catalog() if path is None else load_catalog(path)


def _request(
    args: argparse.Namespace, catalog: Catalog, command: str = "quote", sessions: int | None = None
) -> QuoteRequest:
    """The request the options describe; ``sessions`` stands in when none was given."""
    from supecost.quotes import MAX_VISIT_TREATMENTS, QuoteRequest, SessionRange, assemble_request

    count: int | SessionRange | None = args.sessions if args.sessions is not None else sessions
    if count is None:
        also = " (or --batch FILE.jsonl)" if command == "quote" else ""
        raise _UsageError(f"give --sessions N{also}", "option.sessions_missing", also=bool(also))
    if args.treatment is not None:
        catalog.treatment(args.treatment)
    from supecost.quotes import FeeChoice, WithEntry

    units = dict(args.with_units)
    with_: list[str | WithEntry] = []
    for ref, own in args.with_:
        if ref in units or own is not None:
            with_.append(WithEntry(treatment=ref, units=units.pop(ref, 1), sessions=own))
        else:
            with_.append(ref)
    with_ += [WithEntry(treatment=ref, units=n) for ref, n in units.items()]
    history = _history_given(args.history)
    main = args.treatment or catalog.treatments[0].id
    last_visit = _last_visit_given(args.last_visit, main)
    goods = _goods_given(args.goods)
    goods_monthly = _each_once(args.goods_monthly, "--goods-monthly", "goods record")
    bought = _bought_given(args.bought)
    holding = _each_once(args.holding, "--holding", "set")
    values: dict[str, Any] = {
        "treatment": args.treatment,
        "sessions": count,
        "months": args.months,
        "with_": tuple(with_),
        "new_patient": not args.returning,
        "on": args.date,
        "first_visit": args.first_visit,
        "units": args.units,
        "segment": _segments_given(args.segments),
        "fees": tuple(
            fee if visits is None else FeeChoice(fee=fee, visits=visits)
            for fee, visits in args.fees
        ),
        "sold_out": tuple(args.sold_out),
        "birth_month": args.birth_month,
    }
    known = {treatment.id for treatment in catalog.treatments}
    if (
        (isinstance(count, SessionRange) or 1 <= count <= _MAX_SESSIONS)
        and len(with_) < MAX_VISIT_TREATMENTS  # a longer list is refused by validation
        and known.issuperset(ref for ref, _ in args.with_)
        and all(own is None for _, own in args.with_)
        and not history
        and not last_visit
        and args.first_visit is None  # checked against --date by validation
        and not args.segments
        and not args.fees
        and not args.sold_out
        and not bought
        and not holding
        and not goods
        and not goods_monthly
    ):
        # Every value is already what the request allows: argparse typed and bounded them
        # (--months, --units, a SessionRange built by its own validator, a WithEntry by its
        # own), and the ids are the catalog's. Assembled like the engine's records, the
        # request builds no pydantic validator: a process's first one costs more than the
        # quote itself (pydantic's plugin discovery imports importlib.metadata and reads
        # every installed package). A with entry's own sessions, a history and fees are checked
        # by the request's own validation, as is anything else.
        return assemble_request(**values)
    from supecost.errors import RequestError

    try:
        return QuoteRequest(
            **values,
            history=history,
            last_visit=last_visit,
            goods=goods,
            goods_monthly=goods_monthly,
            bought=bought,
            holding=holding,
        )
    except RequestError as error:
        raise _UsageError.reworded(error, _FLAGS) from None


def _json(data: object, out: IO[str]) -> None:
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _run_quote(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from supecost.engine import quote
    from supecost.present import quote_csv, quote_document
    from supecost.report.rendering import render_document

    if args.batch is None and (args.jobs != 1 or args.fail_fast):
        raise _UsageError("--jobs and --fail-fast go with --batch FILE.jsonl", "option.batch_only")
    if args.batch is not None and args.format in _ONE_QUOTE_FORMATS:
        # A document or a terminal table is one quote's: a stream of them is no one file a
        # reader opens, and writing JSON Lines instead would ignore the format asked for.
        raise _UsageError(
            f"--batch writes JSON Lines (--format json, its default), or one CSV table with "
            f"--format csv; --format {args.format} {_ONE_QUOTE_FORMATS[args.format]}, so give "
            f"--sessions instead",
            "option.batch_format",
            format=args.format,
        )
    if args.batch is not None:
        _refuse_ignored_by_batch(args)
    catalog = _catalog(args.catalog)
    if args.batch is not None:
        return _batch(args, catalog, out, err)
    result = quote(catalog, _request(args, catalog), ways=args.ways)
    fmt: Any = args.format or "table"  # one of _RESULT_FORMATS, as argparse checked
    if fmt == "json":
        _json(result.model_dump(mode="json", by_alias=True), out)
    elif fmt == "csv":
        out.write(quote_csv(result, catalog, locale=args.locale, bom=args.bom))
    else:
        out.write(render_document(quote_document(result, catalog, locale=args.locale), fmt))
    return 0


def _refuse_ignored_by_batch(args: argparse.Namespace) -> None:
    """A request option beside --batch would be silently ignored: refuse it."""
    given = {
        "--treatment": args.treatment is not None,
        "--units": args.units != 1,
        "--sessions": args.sessions is not None,
        "--months": args.months is not None,
        "--with": bool(args.with_),
        "--history": bool(args.history),
        "--last-visit": bool(args.last_visit),
        "--with-units": bool(args.with_units),
        "--segment": bool(args.segments),
        "--fee": bool(args.fees),
        "--sold-out": bool(args.sold_out),
        "--bought": bool(args.bought),
        "--holding": bool(args.holding),
        "--goods": bool(args.goods),
        "--goods-monthly": bool(args.goods_monthly),
        "--birth-month": args.birth_month is not None,
        "--returning": args.returning,
        "--date": args.date is not None,
        "--first-visit": args.first_visit is not None,
    }
    flags = [flag for flag, present in given.items() if present]
    if flags:
        raise _UsageError(
            f"{', '.join(flags)} cannot be used with --batch, whose requests come from its lines; "
            'put them in each line\'s JSON instead, such as {"sessions": 5, "on": "2026-04-01"}',
            "option.batch_ignored",
            options=", ".join(flags),
        )


class _LineError(_UsageError):
    """A batch line that is not one JSON object: too long, not UTF-8, not JSON, a key twice."""


_JSON_KINDS: Final = {list: "an array", str: "a string", bool: "true or false", type(None): "null"}


def _request_line(raw: bytes) -> QuoteRequest:
    """Read one batch line as a request: a JSON object of at most :data:`MAX_LINE_BYTES`."""
    from supecost.catalog import DuplicateKeyError, read_json
    from supecost.quotes import QuoteRequest

    if len(raw) > MAX_LINE_BYTES:
        raise _LineError(
            f"the line is longer than {MAX_LINE_BYTES:,} bytes, the limit for one request; "
            "check that the file holds one JSON request per line",
            "line.too_long",
            limit=f"{MAX_LINE_BYTES:,}",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _LineError(
            f"the line is not UTF-8 ({error.reason} at byte {error.start + 1:,}); "
            "save the file as UTF-8",
            "line.encoding",
            byte=f"{error.start + 1:,}",
        ) from None
    try:
        data = read_json(text)
    except DuplicateKeyError as twice:
        # Named as a request's other problems are (with.0.treatment); the line's number starts
        # the message, so a line within the line would only confuse.
        raise _LineError(
            f"{field_name(twice.loc)}: {twice.clause(line=False)}",
            "line.twice",
            path=field_name(twice.loc),
        ) from None
    except json.JSONDecodeError as error:
        raise _LineError(
            f"not valid JSON: {error.msg} (column {error.colno}); write one JSON object per line",
            "line.json",
            column=error.colno,
        ) from None
    except RecursionError:
        raise _LineError(
            "nested too deeply; a request is one flat JSON object", "line.too_deep"
        ) from None
    except ValueError as error:  # such as an integer of thousands of digits
        raise _LineError(f"not valid JSON: {error}", "line.syntax") from None
    if not isinstance(data, dict):
        kind = _JSON_KINDS.get(type(data), "a number")
        raise _LineError(
            f'a request must be a JSON object such as {{"sessions": 5}}, got {kind}',
            "line.object",
            kind=type(data).__name__,
        )
    with reading_json():
        return QuoteRequest.model_validate(data)


def _quote_line(
    catalog: Catalog,
    number: int,
    raw: bytes,
    ways: Ways = "all",
    csv_locale: str | None = None,
    locale: str = "ja_JP",
) -> tuple[str, str | None]:
    """One batch line: its output, and the error message (in ``locale``) when the line is bad.

    The output is a JSON line, or with ``csv_locale`` the line's CSV rows, each
    starting with its number. Lines stay bytes until they are read here, so a
    line that is not UTF-8 or not JSON is one bad line with its number, not the
    end of the run.
    """
    from supecost.engine import quote

    try:
        request = _request_line(raw)
        result = quote(catalog, request, ways=ways)
    except ValidationError as error:
        message = _validation_message(error)
    except SupecostError as error:  # a line's own error too
        from supecost.report.errtext import error_text

        message = error_text(error, locale)
    else:
        if csv_locale is not None:
            from supecost.present import quote_csv

            rows = quote_csv(result, catalog, locale=csv_locale, line=number, header=False)
            return rows, None
        return f'{{"line":{number},"quote":{result.model_dump_json(by_alias=True)}}}\n', None
    if csv_locale is not None:
        # A bad line has no rows: its number is missing from the table, its message on stderr.
        # An English message in a cell would break a Japanese table and every column's type.
        return "", message
    # Compact, as pydantic writes the quote lines: one serialisation for every line of the stream.
    bad = json.dumps({"line": number, "error": message}, ensure_ascii=False, separators=(",", ":"))
    return bad + "\n", message


_worker_catalog: Catalog | None = None
_worker_ways: Ways = "all"
_worker_csv: str | None = None
_worker_locale: str = "ja_JP"


def _worker_start(
    catalog: Catalog, ways: Ways, csv_locale: str | None = None, locale: str = "ja_JP"
) -> None:
    global _worker_catalog, _worker_ways, _worker_csv, _worker_locale
    _worker_catalog, _worker_ways, _worker_csv, _worker_locale = catalog, ways, csv_locale, locale


def _worker(item: tuple[int, bytes]) -> tuple[int, str, str | None]:
    assert _worker_catalog is not None
    number, raw = item
    line = _quote_line(_worker_catalog, number, raw, _worker_ways, _worker_csv, _worker_locale)
    return (number, *line)


def _lines(stream: IO[bytes]) -> Iterator[tuple[int, bytes]]:
    """The numbered non-blank lines, each read with a cap: memory stays bounded by the limit.

    A line over :data:`MAX_LINE_BYTES` is given cut at the limit plus one byte (so it is
    reported as too long), and the rest of it is skipped up to its newline.
    """
    number = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if number == 1:
            raw = raw.removeprefix(b"\xef\xbb\xbf")  # a BOM, as Windows editors write
        over = len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n")
        if over or raw.strip():
            yield number, raw if over else raw.removesuffix(b"\n")
        while over:  # skipped after the bad line is reported, so an endless line shows at once
            rest = stream.readline(MAX_LINE_BYTES)
            over = bool(rest) and not rest.endswith(b"\n")


def _cores() -> int:
    return os.cpu_count() or 1


_BATCH_FIX: Final = "give a JSON Lines file, or '-' for standard input"


def _batch(args: argparse.Namespace, catalog: Catalog, out: IO[str], err: IO[str]) -> int:
    name = "<stdin>" if args.batch == "-" else args.batch
    try:
        stream = _stdin_bytes() if args.batch == "-" else open(args.batch, "rb")  # noqa: SIM115
    except IsADirectoryError:  # said as --catalog says it of a folder
        raise _UsageError(
            f"cannot read {name}: it is a directory; {_BATCH_FIX}",
            "batch.directory",
            name=excerpt(name),
        ) from None
    except OSError as error:  # a missing file, no permission
        raise _UsageError(
            f"cannot read {name}: {error.strerror or error}; {_BATCH_FIX}",
            "batch.unreadable",
            name=excerpt(name),
        ) from None
    except ValueError as error:  # such as a NUL character in the path
        raise _UsageError(
            f"cannot read {name!r}: {error}; {_BATCH_FIX}", "batch.unreadable", name=excerpt(name)
        ) from None
    if args.batch != "-" and not _streamable(stream):
        stream.close()
        raise _UsageError(
            f"cannot read {name}: not a regular file or a pipe (a device never ends); {_BATCH_FIX}",
            "batch.irregular",
            name=excerpt(name),
        )
    total = _size(stream)
    show_progress = err.isatty() and total > 0
    failures = 0
    # CSV is one table: its header once, then each line's rows; any other format is JSON Lines.
    csv_locale = args.locale if args.format == "csv" else None
    try:
        if csv_locale is not None:
            from supecost.present import quote_csv_header

            out.write(
                quote_csv_header(locale=csv_locale, bom=args.bom, numbered=True, catalog=catalog)
            )
        results: Iterator[tuple[int, str, str | None]]
        if args.jobs == 1:
            results = (
                (n, *_quote_line(catalog, n, raw, args.ways, csv_locale, args.locale))
                for n, raw in _lines(stream)
            )
            failures = _drain(results, args, name, out, err, show_progress, stream, total)
        else:
            import multiprocessing

            start = (catalog, args.ways, csv_locale, args.locale)
            with multiprocessing.Pool(args.jobs, _worker_start, start) as pool:
                results = pool.imap(_worker, _lines(stream), chunksize=64)
                failures = _drain(results, args, name, out, err, show_progress, stream, total)
    finally:
        if args.batch != "-":
            stream.close()
    if failures < 0:
        return 2
    return 1 if failures else 0


def _streamable(stream: IO[bytes]) -> bool:
    """Whether a batch file is a regular file or a pipe, not a device such as /dev/zero."""
    mode = os.fstat(stream.fileno()).st_mode
    return stat.S_ISREG(mode) or stat.S_ISFIFO(mode)


def _stdin_bytes() -> IO[bytes]:
    """Standard input as bytes; a replaced text stdin (as in tests) is encoded line by line."""
    binary = getattr(sys.stdin, "buffer", None)
    if binary is not None:
        return cast("IO[bytes]", binary)
    return io.BytesIO(sys.stdin.read().encode("utf-8"))


def _size(stream: IO[bytes]) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, ValueError):
        return 0


def _drain(
    results: Iterator[tuple[int, str, str | None]],
    args: argparse.Namespace,
    name: str,
    out: IO[str],
    err: IO[str],
    show_progress: bool,
    stream: IO[bytes],
    total: int,
) -> int:
    """Write results in order; the count of bad lines, or -1 when --fail-fast stopped the run."""
    failures = 0
    for count, (number, line, problem) in enumerate(results, start=1):
        out.write(line)
        if problem is not None:
            failures += 1
            err.write(f"{name}:{number}: {problem}\n")
            if args.fail_fast:
                return -1
        if show_progress and count % 256 == 0:
            _progress(err, stream, total, count)
    if show_progress:
        _progress(err, stream, total, -1)
    return failures


def _progress(err: IO[str], stream: IO[bytes], total: int, count: int) -> None:
    if count < 0:
        err.write("\r" + " " * 60 + "\r")
        return
    try:
        position = os.lseek(stream.fileno(), 0, os.SEEK_CUR)
    except OSError:
        position = 0
    share = min(1.0, position / total)
    filled = int(share * 30)
    err.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {share:4.0%} {count} requests")
    err.flush()


def _run_lint(args: argparse.Namespace, out: IO[str]) -> int:
    """``catalog lint``: 0 when nothing or only notices are found, 1 when a warning is.

    A catalog that cannot be read or validated is a CatalogError, reported (exit 2) as
    every command reports one.
    """
    from supecost.lint import lint_file
    from supecost.present import findings_to_json, format_findings

    findings = lint_file(args.path)
    if args.format == "json":
        _json(findings_to_json(findings, locale=args.locale), out)
    elif findings:
        print(format_findings(findings, locale=args.locale), file=out)
    else:
        from supecost.report.escape import terminal_text
        from supecost.report.messages import messages_for

        # The path is the caller's; escaped like any text of unknown origin on a terminal.
        no_findings = messages_for(args.locale)("lint_no_findings", path=args.path)
        print(terminal_text(no_findings), file=out)
    return 1 if any(finding.rule.severity == "warning" for finding in findings) else 0


def _run_catalog(args: argparse.Namespace, out: IO[str]) -> int:
    from supecost.catalog import catalog_json_schema
    from supecost.lint import validate_file
    from supecost.present import catalog_counts, catalog_table

    if args.catalog_command == "schema":
        _json(catalog_json_schema(), out)
        return 0
    if args.catalog_command == "lint":
        return _run_lint(args, out)
    if args.catalog_command == "validate":
        catalog = validate_file(args.path)
        out.write(catalog_counts(catalog, args.path, locale=args.locale) + "\n")
        return 0
    catalog = _catalog(args.path)
    if args.format == "json":
        _json(catalog.model_dump(mode="json", exclude_defaults=True, by_alias=True), out)
    else:
        out.write(catalog_table(catalog, locale=args.locale))
    return 0


def _run_contract(args: argparse.Namespace, out: IO[str]) -> int:
    from supecost.catalog import ContractRules
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.errors import ContractError
    from supecost.present import contract_csv, contract_document
    from supecost.report.rendering import render_document
    from supecost.tax import today_in_japan

    today = today_in_japan()
    catalog = _catalog(args.catalog)
    goods = _goods_given(args.goods)
    try:
        contract = contract_for_offer(
            catalog,
            args.offer,
            quantity=args.quantity,
            received=args.received,
            rules=None if args.rules is None else ContractRules(args.rules),
            price=args.price,
            price_includes_tax=args.price_includes_tax,
            goods=goods,
            segment=_segments_given(args.segments),
            birth_month=args.birth_month,
            new_patient=args.new_patient,
            sold_out=tuple(args.sold_out),
            history=_history_given(args.history) if args.history else None,
            bought=_bought_given(args.bought),
        )
        if args.cancel_on is None and args.received > today:
            # The cancellation day defaults to today (docs/reference/cli.md), which a receipt
            # still to come is after: the day cannot be guessed, so it is asked for (after
            # what the contract itself lacks).
            raise _UsageError(
                f"without --cancel-on the contract is cancelled today, {today}, before it is "
                f"received on {args.received}; give --cancel-on with the day of cancellation, on "
                f"or after {args.received}",
                "option.cancel_on_today",
                today=today.isoformat(),
                received=args.received.isoformat(),
            )
        report = contract_report(
            contract,
            today=today,
            used=args.used,
            cancel_on=args.cancel_on,
            **_settlement_choices(args),
        )
    except ContractError as error:
        raise _UsageError.reworded(error, _CONTRACT_FLAGS) from None
    if args.format == "json":
        _json(report.model_dump(mode="json"), out)
    elif args.format == "csv":
        out.write(contract_csv(report, locale=args.locale, bom=args.bom))
    else:
        out.write(render_document(contract_document(report, locale=args.locale), args.format))
    return 0


def _run_report(args: argparse.Namespace, out: IO[str]) -> int:
    from supecost import report
    from supecost.engine import quote
    from supecost.tax import today_in_japan

    if args.format == "pdf" and args.output is None and out.isatty():
        # Checked before any work: PDF bytes would flood the terminal.
        raise _UsageError(
            "PDF is binary; give -o FILE.pdf or redirect the output to a file", "option.pdf_tty"
        )
    if args.kind == "compare" and args.sessions is not None:
        given = args.sessions if isinstance(args.sessions, int) else args.sessions.max
        most = min(given, _MAX_COMPARED)
        raise _UsageError(
            "report compare does not read --sessions: it prices every count from 1 to "
            f"--max-sessions (12 unless given); give --max-sessions {most} instead of --sessions",
            "option.compare_sessions",
            most=most,
        )
    catalog = _catalog(args.catalog)
    document: report.Report
    if args.kind == "price-list":
        document = report.price_list(
            catalog, locale=args.locale, show_tax_excluded=args.show_tax_excluded, on=args.date
        )
    else:
        # A comparison replaces the session count with 1..K, so it needs none.
        stand_in = 1 if args.kind == "compare" else None
        request = _request(args, catalog, command="report", sessions=stand_in)
        if args.kind == "estimate":
            document = report.estimate(
                quote(catalog, request),
                catalog,
                issued=args.date or today_in_japan(),
                locale=args.locale,
                to=args.to,
                number=args.number,
            )
        else:
            document = report.comparison(
                catalog, request, max_sessions=args.max_sessions, locale=args.locale
            )
    if args.output is not None:
        report.write_report(document, args.format, args.output, bom=args.bom)
        return 0
    if args.format == "pdf":
        binary = getattr(out, "buffer", None)
        if binary is None:
            raise _UsageError("PDF is binary; give -o FILE.pdf", "option.pdf_binary")
        binary.write(report.print_pdf(report.render(document, "html")))
        return 0
    out.write(report.render(document, args.format, bom=args.bom))
    return 0


def _run_instalments(args: argparse.Namespace, out: IO[str]) -> int:
    from supecost.contracts import instalment_report, instalments
    from supecost.errors import ContractError
    from supecost.present import instalment_table
    from supecost.quotes import reworded

    typed = args.apr if args.apr is not None else args.addon_rate
    read = None if typed is None else _ascii_digits(typed)
    try:
        schedule = instalments(
            args.amount,
            args.count,
            apr_percent=None if args.apr is None else read,
            addon_rate_percent=None if args.addon_rate is None else read,
            round_unit=args.round_unit,
            remainder=args.remainder,
        )
    except ContractError as error:
        message = reworded(error, _INSTALMENT_FLAGS)
        if typed is not None and read != typed:
            # Echo the rate as it was typed, not as read: the user never typed the ASCII form.
            message = message.replace(excerpt(read), excerpt(typed))
        raise _UsageError.reworded(error, _INSTALMENT_FLAGS, english=message) from None
    report = instalment_report(schedule)
    if args.format == "json":
        _json(report.model_dump(mode="json"), out)
    else:
        out.write(instalment_table(report, locale=args.locale))
    return 0


# --- supecost serve -----------------------------------------------------------------
# The HTTP service is an optional extra: its module is imported only when `serve` runs.

_INSTALL_SERVE: Final = "pip install 'supecost[serve]'"


def _serve_options(serve: argparse.ArgumentParser) -> None:
    serve.add_argument(
        "--catalog",
        dest="catalogs",
        action="append",
        default=[],
        metavar="PATH",
        help="a catalog file, served under its file name without suffix (repeatable)",
    )
    serve.add_argument(
        "--catalog-dir",
        dest="folders",
        action="append",
        default=[],
        metavar="DIR",
        help="serve every .toml and .json catalog in this folder (repeatable)",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=_whole("--port", 0, 65535), default=8000, help="port (8000)")
    serve.add_argument(
        "--workers",
        type=_whole("--workers", 1, _MAX_WORKERS),
        default=1,
        metavar="N",
        help=f"worker processes, 1 to {_MAX_WORKERS:,} (1)",
    )
    serve.add_argument(
        "--token-file",
        metavar="FILE",
        help="require `Authorization: Bearer <token>` with the token in FILE "
        "(all but /healthz and /simulator)",
    )
    # The command's own errors only: an HTTP answer is worded in its request's ?locale=
    # (ja_JP by default), so every server answers a request alike, however it was started.
    serve.add_argument(
        "--locale",
        choices=_LOCALES,
        default="ja_JP",
        help="this command's errors (default: ja_JP); an HTTP request chooses its own with "
        "?locale=",
    )


def _run_serve(args: argparse.Namespace) -> int:
    if not args.catalogs and not args.folders:
        raise _UsageError("give --catalog PATH or --catalog-dir DIR", "serve.catalog")
    try:
        from supecost.service import serve
    except ImportError as error:
        raise _UsageError(
            f"supecost serve needs FastAPI and uvicorn ({error.name} is missing); "
            f"install them with: {_INSTALL_SERVE}",
            "serve.missing",
            install=_INSTALL_SERVE,
        ) from None
    serve(
        args.catalogs,
        args.folders,
        host=args.host,
        port=args.port,
        workers=args.workers,
        token_file=args.token_file,
    )
    return 0


# --- end of supecost serve -------------------------------------------------------------


_Options: TypeAlias = Callable[[argparse.ArgumentParser], None]


def _listed(names: Iterable[str], style: ListStyle = "or") -> str:
    """``a, b, or c``: names joined as the documents' English joins them (l10n's CLDR list).

    ``a, b, and c`` with ``style="standard"``: options every one of which is needed.
    """
    # babel is loaded here, not at import: a run that lists nothing (a quote) never needs it.
    from supecost.l10n import format_list

    return format_list(names, style, "en_US")


_SUBCOMMANDS: Final[Mapping[str, tuple[str, str | None, _Options | None]]] = {
    "quote": (
        "price every way to buy a course, cheapest first",
        "Price every way to buy a course, cheapest first.",
        _quote_options,
    ),
    "catalog": ("catalog files: {actions}", None, None),
    "contract": (
        "consumer-contract rules, cooling-off and cancellation refund of an offer",
        (
            "Whether buying an offer is a covered contract, until when it can be cooled off, "
            "and what the clinic may keep and must refund on cancellation."
        ),
        _contract_options,
    ),
    "report": (
        "a document: {actions}",
        (
            "Render a price list of a catalog, an estimate for a request, or a comparison of "
            "every way of buying from 1 to K sessions, as Markdown, CSV, HTML, JSON or PDF."
        ),
        None,
    ),
    "instalments": (
        "a payment schedule over monthly instalments",
        "Level payments at an APR, or the add-on method, with exact rounding.",
        _instalments_options,
    ),
    "serve": (
        "serve quotes, reports and the patient simulator over HTTP",
        (
            "Serve the HTTP API and the patient simulator page (needs the serve extra: "
            f"{_INSTALL_SERVE}). Catalogs reload when their files change or on SIGHUP."
        ),
        _serve_options,
    ),
}
"""Each command: its line in ``supecost --help`` (``{actions}``: its actions, listed), its
description, and what declares its options (``None``: its actions, in _ACTIONS)."""


def _parser(
    command: str | None = None, action: str | None = None, *, listed: bool = False
) -> argparse.ArgumentParser:
    """The command line's parser, with the options of ``command`` only, or of every command.

    A run parses a single command, and declaring the other commands' options is about half
    of the parser's cost at every start (issue 16); ``supecost --help`` still lists them all.
    Of a command with actions (``catalog``, ``report``), only ``action``'s options, likewise.
    ``listed``: with the lines of ``supecost --help`` that list a command's actions, which
    its help asks for (``_Parser.format_help``), so that ``--version`` loads no babel.
    """
    parser = _Parser(
        prog="supecost",
        description="Estimate what self-pay clinic treatments cost in Japan.",
    )
    parser.unlisted = not listed
    parser.add_argument("--version", action="version", version=f"supecost {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (summary, description, options) in _SUBCOMMANDS.items():
        if listed and name in _ACTIONS:
            summary = summary.format(actions=_listed(_ACTIONS[name][2]))
        subparser = commands.add_parser(name, help=summary, description=description)
        if command not in (None, name):
            continue
        if options is None:
            _add_actions(subparser, name, action)
        else:
            options(subparser)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> int:
    """Run the command line and return its exit code.

    Example:
        >>> main(["quote", "--sessions", "1", "--date", "2026-04-01", "--locale", "en_US"])
        Stem-cell culture supernatant IV drip × 1 session · new patient · Apr 1, 2026 · ...
        0

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` when ``None``.
        stdout: Where results go (``sys.stdout`` by default).
        stderr: Where messages go (``sys.stderr`` by default).

    Returns:
        0 on success, 1 when a check found something, 2 for bad input.
    """
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = _parser(_command(arguments), _command(arguments, 1))
    prog = _prog(arguments)
    try:
        misplaced = _misplaced(arguments)
        if misplaced is not None:
            raise misplaced
        # --help and --version print while parsing: to the caller's stream, as every result.
        with contextlib.redirect_stdout(out):
            try:
                args, extra = parser.parse_known_args(arguments)
            except _UsageError as error:
                # argparse checks what is required before it names what it does not know:
                # --bogus is the mistake to tell of first, and may be the missing option misspelt.
                unknown = _undeclared(arguments) if error.code == "option.required" else ()
                raise _unrecognized(unknown) if unknown else error from None
        if extra:
            raise _unrecognized(extra)
        if args.command == "quote":
            return _run_quote(args, out, err)
        if args.command == "catalog":
            return _run_catalog(args, out)
        if args.command == "contract":
            return _run_contract(args, out)
        if args.command == "instalments":
            return _run_instalments(args, out)
        if args.command == "report":
            return _run_report(args, out)
        if args.command == "serve":
            return _run_serve(args)
        parser.print_help(out)
        return 0
    except SystemExit as exit_:  # --help and --version
        return int(exit_.code or 0)
    except SupecostError as error:  # a usage error too
        err.write(_error_line(prog, _in_flags(error, arguments), _error_locale(arguments)))
        return 2
    except ValidationError as error:
        err.write(f"{prog}: error: {_validation_message(error)}\n")
        return 2
    except BrokenPipeError:  # pragma: no cover - the reader went away (e.g. `| head`)
        return 0
