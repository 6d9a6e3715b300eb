"""Locale-aware text for yen amounts, ranges and dates: the only module that imports babel.

The locale is always an explicit argument (``"ja_JP"`` unless told otherwise)
and never read from the environment, so a report renders the same on every
machine. It is ``ja_JP`` (or ``ja``), with Japanese conventions (``"10,000円〜50,000円"``,
``"12.3万円"``), or ``en_US`` (or ``en``), with the English ones (``"¥10,000–¥50,000"``,
``"¥12.3K"``); any other is refused with ``LocaleError`` (:data:`LOCALES`).

>>> from supecost.money import YenRange
>>> format_range(YenRange(10_000, 50_000, typical=30_000))
'10,000円〜50,000円'
>>> format_range(YenRange.at_least(100_000), "en_US")
'¥100,000+'
>>> format_man(123_456), format_man(999_950, "en_US")
('12.3万円', '¥1M')
>>> parse_yen("￥12,345")
12345
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final, Literal

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_skeleton, get_month_names
from babel.lists import format_list as _babel_format_list
from babel.numbers import (
    NumberFormatError,
    format_currency,
    format_decimal,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
    parse_decimal,
)

from supecost.errors import ArgumentTypeError, LocaleError, MoneyError
from supecost.money import Rounding, YenRange, round_fraction, yen

__all__ = [
    "YenStyle",
    "format_date",
    "format_man",
    "format_man_range",
    "format_range",
    "format_yen",
    "format_yen_fraction",
    "normalize_locale",
    "parse_yen",
]

_CURRENCY: Final = "JPY"
LOCALES: Final = ("ja_JP", "en_US")
"""The locales supecost writes in, Japanese first (the default): the one list of them.

Every formatter here refuses any other (``LocaleError``), so a document is never English words
with another locale's dates and money. The command line's ``--locale`` and the service's
``?locale=`` declare the same two without importing babel; their tests check them against
this. Internal."""
RANGE_DASHES: Final = {True: "〜", False: "–"}
"""The dash between a range's two ends, by whether the locale is Japanese: 「3〜6」, "3–6".

The one owner of it, for a range of yen here and of counts in an English error (a request's
session range); the Japanese message tables write 〜 in their own words. Internal."""
_JA_UNITS: Final = ((10**4, "万"), (10**8, "億"), (10**12, "兆"))
_EN_UNITS: Final = ((10**3, "K"), (10**6, "M"), (10**9, "B"), (10**12, "T"))
_MULTIPLIERS: Final = {label: size for size, label in _JA_UNITS + _EN_UNITS}
_MAX_DIGITS: Final = 12
# Full-width forms that Japanese text (and CLDR's ja currency sign) uses, folded to
# ASCII so one grammar parses both; U+2212 is the minus sign some locales print, and
# the invisible bidi marks that right-to-left locales put around a sign are dropped.
_FOLD: Final = str.maketrans(
    {
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        "￥": "¥",
        "，": ",",
        "．": ".",
        "－": "-",
        "\u2212": "-",
        "\u200e": None,
        "\u200f": None,
        "\u061c": None,
    }
)
_PARSE_HINT: Final = "write it like '12,345円', '￥12,345', '¥12,345', '12,345' or '12.3万円'"


class YenStyle(enum.StrEnum):
    """How a yen amount is marked as money.

    Example:
        >>> [format_yen(12_345, style=style) for style in YenStyle]
        ['￥12,345', '12,345円', '12,345']
    """

    SYMBOL = "symbol"
    """The CLDR currency format: ``"￥12,345"`` (full-width) in ja_JP, ``"¥12,345"`` in en_US."""
    SUFFIX = "suffix"
    """The amount then the word for yen: ``"12,345円"``, or ``"12,345 yen"`` outside Japanese."""
    PLAIN = "plain"
    """The bare number with the locale's grouping: ``"12,345"``."""


@dataclass(frozen=True, slots=True)
class _Conventions:
    """What one locale needs for formatting, resolved once and cached."""

    locale: Locale
    japanese: bool
    group: str
    decimal: str
    minus: str
    symbol: str
    signs: tuple[str, ...]
    number: re.Pattern[str]


def normalize_locale(locale: str | Locale) -> str:
    """Return the canonical identifier of a locale, such as ``"ja_JP"``.

    A bare language gets its most likely territory, so ``"ja"`` is ``"ja_JP"``;
    other modules use the result to pick message catalogs without importing babel.

    Example:
        >>> normalize_locale("ja-JP"), normalize_locale("en"), normalize_locale("EN_us")
        ('ja_JP', 'en_US', 'en_US')

    Args:
        locale: A babel ``Locale`` or an identifier with ``_`` or ``-``.

    Returns:
        The identifier as babel spells it.

    Raises:
        LocaleError: The locale is neither Japanese (``ja_JP``) nor English (``en_US``).
    """
    return str(_conventions(locale).locale)


def format_yen(
    amount: int, locale: str | Locale = "ja_JP", *, style: YenStyle | None = None
) -> str:
    """Format a whole-yen amount in a locale: ``"9,800円"`` in Japanese, ``"¥9,800"`` otherwise.

    By default an amount reads as every report and command-line output writes it,
    the same form :func:`format_range` gives: the amount then 円 in Japanese, the
    yen sign otherwise. Ask for ``YenStyle.SYMBOL`` to get CLDR's ``"￥9,800"``.

    Example:
        >>> format_yen(9_800), format_yen(-1_000), format_yen(-1_000, style=YenStyle.SYMBOL)
        ('9,800円', '-1,000円', '-￥1,000')
        >>> format_yen(12_345, "en_US"), format_yen(12_345, "en_US", style=YenStyle.SUFFIX)
        ('¥12,345', '12,345 yen')

    Args:
        amount: Whole yen.
        locale: The locale to format for.
        style: How to mark the amount as money; by default ``SUFFIX`` in Japanese and
            ``SYMBOL`` otherwise.

    Returns:
        The formatted amount.

    Raises:
        YenTypeError: The amount is not an ``int`` (a float or a bool).
        YenValueError: The amount is beyond :data:`~supecost.money.MAX_YEN`.
        LocaleError: The locale is unknown.
    """
    conventions = _conventions(locale)
    return _format_yen(yen(amount), conventions, _check_style(_style(style, conventions)))


def format_yen_fraction(value: Fraction, locale: str | Locale = "ja_JP") -> str:
    """Format an exact amount that may hold a fraction of a yen, such as a per-session price.

    Whole yen read as :func:`format_yen` writes them. A fraction is cut down
    (never up) to hundredths of a yen and marked with an ellipsis as not exact,
    in the same form as whole amounts: ``"34,833.33…円"``, ``"¥34,833.33…"``; an
    amount exact in hundredths has no ellipsis (``"11,611.10円"``).

    Example:
        >>> third = Fraction(104_500, 3)  # 34,833.333...
        >>> format_yen_fraction(third), format_yen_fraction(third, "en_US")
        ('34,833.33…円', '¥34,833.33…')
        >>> format_yen_fraction(Fraction(85_000))
        '85,000円'

    Args:
        value: The exact amount in yen, zero or more.
        locale: The locale to format for.

    Returns:
        The amount in the locale's usual form.

    Raises:
        MoneyError: The value is negative, or not a Fraction or int.
        LocaleError: The locale is unknown.
    """
    if isinstance(value, bool) or not isinstance(value, Fraction | int) or value < 0:
        raise MoneyError(
            f"a fractional yen amount must be a Fraction or int of 0 or more, got {value!r}",
            "pass an exact Fraction such as Fraction(104_500, 3)",
        )
    conventions = _conventions(locale)
    style = _style(None, conventions)
    if Fraction(value).denominator == 1:
        return _format_yen(yen(int(value)), conventions, style)
    # Cut down to hundredths, so the figure shown is never more than the exact one; the
    # ellipsis says where it was cut.
    scaled = Fraction(value) * 100
    hundredths = Decimal(round_fraction(scaled, Rounding.FLOOR)).scaleb(-2)
    cut = "" if scaled.denominator == 1 else "…"
    if style is YenStyle.SUFFIX:
        return f"{format_decimal(hundredths, '#,##0.00', locale=conventions.locale)}{cut}円"
    shown = format_currency(hundredths, _CURRENCY, "¤#,##0.00", locale=conventions.locale,
                            currency_digits=False)  # fmt: skip
    return f"{shown}{cut}"


def format_range(
    value: YenRange,
    locale: str | Locale = "ja_JP",
    *,
    style: YenStyle | None = None,
) -> str:
    """Format a yen range: ``"10,000円〜50,000円"`` in Japanese, ``"¥10,000–¥50,000"`` otherwise.

    An open range reads ``"100,000円〜"`` in Japanese and ``"¥100,000+"`` otherwise;
    an exact range is the single amount. The typical value is not shown: where a
    page shows it, it joins the bracket after the price, which only the report's
    words know (:meth:`supecost.report.words.Words.money`).

    Example:
        >>> drip = YenRange(10_000, 50_000, typical=30_000)
        >>> format_range(drip, "en_US")
        '¥10,000–¥50,000'
        >>> format_range(YenRange.at_least(100_000)), format_range(YenRange.exact(33_000))
        ('100,000円〜', '33,000円')

    Args:
        value: The range.
        locale: The locale to format for.
        style: How to mark amounts as money; by default ``SUFFIX`` in Japanese and
            ``SYMBOL`` otherwise.

    Returns:
        The formatted range.

    Raises:
        LocaleError: The locale is unknown.
        ArgumentTypeError: ``value`` is not a :class:`~supecost.money.YenRange`.
    """
    conventions = _conventions(locale)
    chosen = _check_style(_style(style, conventions))
    return _join_range(value, conventions, lambda amount: _format_yen(amount, conventions, chosen))


def format_man(
    amount: int,
    locale: str | Locale = "ja_JP",
    *,
    digits: int = 1,
    rounding: Rounding = Rounding.HALF_UP,
) -> str:
    """Format an amount in 万/億/兆 units (``"12.3万円"``), or K/M/B/T outside Japanese.

    The amount is rounded exactly, once, to ``digits`` decimals of the largest
    unit it reaches; a result that rounds up to a whole next unit is shown in
    that unit (``"1億円"``, never ``"10000万円"``; ``"¥1M"``, never ``"¥1000K"``).
    Trailing zeros after the decimal point are dropped. Amounts below the
    smallest unit (10,000 in Japanese, 1,000 otherwise) are shown exactly.

    Example:
        >>> [format_man(a) for a in (9_999, 10_000, 120_000, 99_999_999, 123_456_789)]
        ['9,999円', '1万円', '12万円', '1億円', '1.2億円']
        >>> [format_man(a, "en_US") for a in (999, 12_345, 1_234_567, -100_000_000)]
        ['¥999', '¥12.3K', '¥1.2M', '-¥100M']
        >>> format_man(123_456, digits=2, rounding=Rounding.FLOOR)
        '12.34万円'

    Args:
        amount: Whole yen.
        locale: The locale to format for.
        digits: Decimals kept in the unit, from 0 to 12.
        rounding: How the amount is rounded to those decimals (of the signed value).

    Returns:
        The compact amount.

    Raises:
        YenTypeError: The amount is not an ``int``.
        YenValueError: The amount is beyond :data:`~supecost.money.MAX_YEN`.
        MoneyError: ``digits`` or ``rounding`` is invalid.
        LocaleError: The locale is unknown.
    """
    conventions = _conventions(locale)
    return _format_man(yen(amount), conventions, _check_digits(digits), _check_rounding(rounding))


def format_man_range(
    value: YenRange,
    locale: str | Locale = "ja_JP",
    *,
    digits: int = 1,
    rounding: Rounding = Rounding.HALF_UP,
) -> str:
    """Format a yen range in 万 units (``"10万円〜25万円"``), or K/M/B/T outside Japanese.

    Each bound is rounded on its own as in :func:`format_man`, so two close
    bounds may print alike.

    Example:
        >>> format_man_range(YenRange(100_000, 250_000))
        '10万円〜25万円'
        >>> format_man_range(YenRange.at_least(100_000))
        '10万円〜'
        >>> format_man_range(YenRange(100_000, 250_000), "en_US")
        '¥100K–¥250K'

    Args:
        value: The range.
        locale: The locale to format for.
        digits: Decimals kept in the unit, from 0 to 12.
        rounding: How each bound is rounded.

    Returns:
        The compact range.

    Raises:
        MoneyError: ``digits`` or ``rounding`` is invalid.
        LocaleError: The locale is unknown.
        ArgumentTypeError: ``value`` is not a :class:`~supecost.money.YenRange`.
    """
    conventions = _conventions(locale)
    places, mode = _check_digits(digits), _check_rounding(rounding)
    return _join_range(
        value, conventions, lambda amount: _format_man(amount, conventions, places, mode)
    )


def parse_yen(text: str, locale: str | Locale = "ja_JP") -> int:
    """Read back an amount written by :func:`format_yen` or a bound from :func:`format_range`.

    Accepts the full-width ``￥`` and half-width ``¥`` signs, ``JPY``, ``円`` or
    ``yen`` after the number, the locale's digit grouping, full-width digits and
    a leading minus. It also accepts 万/億/兆 and K/M/B/T units (``"12.3万円"``),
    but such text is itself rounded, so it gives back the written value
    (123,000), not the amount that was formatted.

    Example:
        >>> parse_yen("-￥1,000"), parse_yen("12,345 yen", "en_US"), parse_yen("12.3万円")
        (-1000, 12345, 123000)
        >>> parse_yen("12,34円")
        Traceback (most recent call last):
        ...
        supecost.errors.MoneyError: cannot read '12,34円' as a yen amount; write it like ...

    Args:
        text: The amount as text.
        locale: The locale whose grouping and decimal symbols the text uses.

    Returns:
        The amount in whole yen.

    Raises:
        MoneyError: The text is not an amount, is not a whole number of yen, or is
            beyond :data:`~supecost.money.MAX_YEN` (a ``YenValueError``).
        LocaleError: The locale is unknown.
    """
    conventions = _conventions(locale)
    if not isinstance(text, str):
        raise MoneyError(f"cannot read {text!r} as a yen amount: it is not text", _PARSE_HINT)
    rest = text.translate(_FOLD).strip()
    negative = rest.startswith("-")
    rest = rest.removeprefix("-").strip()
    for sign in conventions.signs:
        if rest.startswith(sign):
            rest = rest.removeprefix(sign).strip()
            break
    if not negative and rest.startswith("-"):
        # A sign after the currency symbol ("¥-1,000") is common in hand-written text.
        negative, rest = True, rest[1:].strip()
    for word in ("円", "yen", *conventions.signs):
        if rest.casefold().endswith(word.casefold()):
            rest = rest[: -len(word)].strip()
            break
    multiplier = 1
    if rest[-1:] in _MULTIPLIERS:
        multiplier, rest = _MULTIPLIERS[rest[-1]], rest[:-1].strip()
    if not conventions.number.fullmatch(rest):
        raise MoneyError(f"cannot read {text!r} as a yen amount", _PARSE_HINT)
    try:
        number = parse_decimal(rest, locale=conventions.locale, strict=True)
    except NumberFormatError:
        raise MoneyError(f"cannot read {text!r} as a yen amount", _PARSE_HINT) from None
    value = Fraction(number) * multiplier
    if value.denominator != 1:
        raise MoneyError(
            f"{text!r} is not a whole number of yen",
            "give the amount to the yen, without fractions",
        )
    return yen(-value.numerator if negative else value.numerator, "parsed amount")


def format_date(value: datetime.date, locale: str | Locale = "ja_JP") -> str:
    """Format a date with an abbreviated month: ``"2026年11月24日"``, ``"Nov 24, 2026"``.

    Uses the CLDR ``yMMMd`` skeleton, so each locale gets its own order.

    Example:
        >>> day = datetime.date(2026, 11, 24)
        >>> format_date(day), format_date(day, "en_US")
        ('2026年11月24日', 'Nov 24, 2026')

    Args:
        value: The date; a ``datetime`` is formatted by its date alone.
        locale: The locale to format for.

    Returns:
        The formatted date.

    Raises:
        LocaleError: The locale is unknown.
        ArgumentTypeError: ``value`` is not a date (babel would format ``None`` as today).
    """
    conventions = _conventions(locale)
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif not isinstance(value, datetime.date):
        raise ArgumentTypeError(
            "value", "a datetime.date", value, "pass a date such as datetime.date(2026, 4, 1)"
        )
    return format_skeleton("yMMMd", value, locale=conventions.locale)


def month_name(month: int, locale: str | Locale = "ja_JP") -> str:
    """A month of the year by its name alone: ``"4月"``, ``"April"``.

    The simulator's birth-month choice names each month so. Internal, not part of the
    public API.

    Example:
        >>> month_name(4), month_name(4, "en_US")
        ('4月', 'April')

    Args:
        month: The month, 1 (January) to 12.
        locale: The locale to name it in.

    Returns:
        The month's name, as a form's choice shows it.

    Raises:
        LocaleError: The locale is unknown.
        ArgumentTypeError: ``month`` is not a whole number from 1 to 12.
    """
    if type(month) is not int or not 1 <= month <= 12:
        raise ArgumentTypeError(
            "month", "a whole number from 1 to 12", month, "pass a month such as 4 for April"
        )
    return str(get_month_names("wide", locale=_conventions(locale).locale)[month])


ListStyle = Literal["standard", "or"]
"""CLDR's list patterns supecost words lists with: all of them ("A, B, and C"), or one of
them ("A, B, or C")."""
_LIST_STYLES: Final = ("standard", "or")


def format_list(items: Iterable[str], style: ListStyle, locale: str | Locale = "ja_JP") -> str:
    """Names as one list in a locale's words, by CLDR's list pattern of ``style``.

    The report's words join names of which one applies with it in English (a fee's group,
    the discounts a discount does not combine with), where a joiner repeated between every
    two names read "A or B or C". Internal, not part of the public API.

    Example:
        >>> format_list(["A", "B", "C"], "or", "en_US")
        'A, B, or C'
        >>> format_list(["A", "B"], "or", "en_US"), format_list(["A"], "or", "en_US")
        ('A or B', 'A')
        >>> format_list(["A", "B", "C"], "or")
        'A、B、またはC'

    Args:
        items: The names, each already in the locale's language.
        style: ``"or"`` for names of which one applies, ``"standard"`` for all of them.
        locale: The locale to join them in.

    Returns:
        The list; an empty string for no names.

    Raises:
        LocaleError: The locale is unknown.
        ArgumentTypeError: ``style`` is not one of the list patterns above.
    """
    if style not in _LIST_STYLES:
        raise ArgumentTypeError(
            "style", "'standard' or 'or'", style, "pass 'or' for names of which one applies"
        )
    return str(_babel_format_list(list(items), style=style, locale=_conventions(locale).locale))


def _conventions(locale: str | Locale) -> _Conventions:
    if isinstance(locale, Locale):
        return _load(str(locale))
    if not isinstance(locale, str):
        raise LocaleError(repr(locale))
    return _load(locale)


# Reports format thousands of amounts; parsing the locale and its symbols once each saves most
# of the cost. The cache holds only strings and immutable values, never the environment.
@functools.lru_cache(maxsize=64)
def _load(identifier: str) -> _Conventions:
    try:
        locale = Locale.parse(identifier.strip(), sep="-" if "-" in identifier else "_")
    except (UnknownLocaleError, ValueError, TypeError):
        raise LocaleError(identifier) from None
    if locale.territory is None:
        likely = get_global("likely_subtags").get(locale.language)
        if likely is not None:
            territory = Locale.parse(likely).territory
            # CLDR has data for every likely pair, but a missing one should keep the bare language.
            with contextlib.suppress(UnknownLocaleError):
                locale = Locale(locale.language, territory, locale.script, locale.variant)
    if str(locale) not in LOCALES:  # babel knows it, supecost does not write in it
        raise LocaleError(identifier)
    group, decimal = get_group_symbol(locale), get_decimal_symbol(locale)
    symbol = locale.currency_symbols.get(_CURRENCY, "¥")
    number = re.compile(rf"[0-9]+(?:{re.escape(group)}[0-9]+)*(?:{re.escape(decimal)}[0-9]+)?")
    return _Conventions(
        locale=locale,
        japanese=locale.language == "ja",
        group=group,
        decimal=decimal,
        minus=get_minus_sign_symbol(locale),
        symbol=symbol,
        # Longest first, so "JP¥" is not read as "JP" then a stray "¥".
        signs=tuple(sorted({symbol.translate(_FOLD), "¥", _CURRENCY}, key=len, reverse=True)),
        number=number,
    )


def _style(style: YenStyle | None, conventions: _Conventions) -> YenStyle:
    """The style asked for, else the locale's usual form: the one choice of how yen reads."""
    if style is None:
        return YenStyle.SUFFIX if conventions.japanese else YenStyle.SYMBOL
    return style


def _format_yen(amount: int, conventions: _Conventions, style: YenStyle) -> str:
    if style is YenStyle.SYMBOL:
        return format_currency(amount, _CURRENCY, locale=conventions.locale)
    plain = format_decimal(amount, locale=conventions.locale)
    if style is YenStyle.PLAIN:
        return plain
    return f"{plain}円" if conventions.japanese else f"{plain} yen"


def _join_range(value: YenRange, conventions: _Conventions, render: Callable[[int], str]) -> str:
    # The one check of the range formatters' argument, before anything reads it.
    if not isinstance(value, YenRange):
        raise ArgumentTypeError(
            "value",
            "a YenRange",
            value,
            "make one with YenRange(10_000, 50_000), YenRange.exact(33_000) or "
            "YenRange.at_least(100_000); format one amount with format_yen or format_man",
        )
    low = render(value.min)
    if value.max is None:
        return f"{low}{RANGE_DASHES[True]}" if conventions.japanese else f"{low}+"
    if value.is_exact:
        return low
    return f"{low}{RANGE_DASHES[conventions.japanese]}{render(value.max)}"


def _format_man(amount: int, conventions: _Conventions, digits: int, rounding: Rounding) -> str:
    units = _JA_UNITS if conventions.japanese else _EN_UNITS
    magnitude = abs(amount)
    if magnitude < units[0][0]:
        style = YenStyle.SUFFIX if conventions.japanese else YenStyle.SYMBOL
        return _format_yen(amount, conventions, style)
    index = max(i for i, (size, _) in enumerate(units) if size <= magnitude)
    scale = 10**digits
    while True:
        size, label = units[index]
        # Rounding the exact quotient once per unit, never the already rounded value, keeps
        # the result exact; if it reaches a whole next unit, that unit is re-rounded afresh.
        scaled = round_fraction(Fraction(amount * scale, size), rounding)
        if index + 1 < len(units) and abs(scaled) >= units[index + 1][0] // size * scale:
            index += 1
            continue
        break
    whole, fraction = divmod(abs(scaled), scale)
    decimals = str(fraction).rjust(digits, "0").rstrip("0") if digits else ""
    number = f"{whole}{conventions.decimal}{decimals}" if decimals else str(whole)
    sign = conventions.minus if scaled < 0 else ""
    if conventions.japanese:
        return f"{sign}{number}{label}円"
    return f"{sign}{conventions.symbol}{number}{label}"


def _check_style(style: YenStyle) -> YenStyle:
    try:
        return YenStyle(style)
    except ValueError:
        raise MoneyError(
            f"unknown yen style {style!r}",
            f"use one of {', '.join(choice.value for choice in YenStyle)}",
        ) from None


def _check_digits(digits: int) -> int:
    if isinstance(digits, bool) or not isinstance(digits, int) or not 0 <= digits <= _MAX_DIGITS:
        raise MoneyError(
            f"digits must be a whole number from 0 to {_MAX_DIGITS}, got {digits!r}",
            "use digits=1 for '12.3万円' or digits=0 for '12万円'",
        )
    return digits


def _check_rounding(rounding: Rounding) -> Rounding:
    try:
        return Rounding(rounding)
    except ValueError:
        raise MoneyError(
            f"unknown rounding {rounding!r}",
            f"use one of {', '.join(mode.value for mode in Rounding)}",
        ) from None
