"""Golden and property tests for supecost.l10n, pinned to ja_JP and en_US."""

import datetime
from fractions import Fraction
from typing import Literal

import pytest
from babel import Locale
from hypothesis import given
from hypothesis import strategies as st

from supecost.errors import (
    ArgumentTypeError,
    LocaleError,
    MoneyError,
    YenTypeError,
    YenValueError,
)
from supecost.l10n import (
    YenStyle,
    format_date,
    format_list,
    format_man,
    format_man_range,
    format_range,
    format_yen,
    format_yen_fraction,
    month_name,
    normalize_locale,
    parse_yen,
)
from supecost.money import MAX_YEN, Rounding, YenRange

LOCALES = ("ja_JP", "en_US")
amounts = st.integers(-MAX_YEN, MAX_YEN)


# --- locales -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_locale", "expected"),
    [
        ("ja_JP", "ja_JP"),
        ("ja-JP", "ja_JP"),
        ("ja", "ja_JP"),
        (" en_US ", "en_US"),
        ("en-us", "en_US"),
        ("en", "en_US"),
        (Locale("ja", "JP"), "ja_JP"),
        (Locale("en"), "en_US"),
    ],
)
def test_normalize_locale(given_locale: str | Locale, expected: str) -> None:
    assert normalize_locale(given_locale) == expected


@pytest.mark.parametrize(
    "bad",
    # Unknown to babel; then known to it, but not written in by supecost (l10n.LOCALES): a
    # document would be English words with another locale's dates and money.
    [
        *("", "xx", "xx_YY", "ja_JP.UTF-8", "!!", 42, None),
        *("fr_FR", "de_DE", "en_GB", "zh_Hant", "root"),
    ],
)
def test_unknown_locale_is_a_locale_error(bad: object) -> None:
    with pytest.raises(LocaleError):
        normalize_locale(bad)  # type: ignore[arg-type]
    with pytest.raises(LocaleError):
        format_yen(1, bad)  # type: ignore[arg-type]


def test_locale_is_never_taken_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LANG", "LC_ALL", "LC_NUMERIC", "LC_MONETARY", "LANGUAGE"):
        monkeypatch.setenv(name, "en_US.UTF-8")
    assert format_yen(12_345) == "12,345円"
    assert format_range(YenRange(1, 2)) == "1円〜2円"


# --- format_yen ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("locale", "style", "amount", "expected"),
    [
        # CLDR's ja currency sign is the full-width ￥ (U+FFE5); en uses the half-width ¥.
        ("ja_JP", YenStyle.SYMBOL, 12_345, "￥12,345"),
        ("ja_JP", YenStyle.SUFFIX, 12_345, "12,345円"),
        ("ja_JP", YenStyle.PLAIN, 12_345, "12,345"),
        ("ja_JP", YenStyle.SYMBOL, -1_000, "-￥1,000"),
        ("ja_JP", YenStyle.SUFFIX, -1_000, "-1,000円"),
        ("ja_JP", YenStyle.PLAIN, 0, "0"),
        ("ja_JP", YenStyle.SUFFIX, MAX_YEN, "999,999,999,999円"),
        ("en_US", YenStyle.SYMBOL, 12_345, "¥12,345"),
        ("en_US", YenStyle.SUFFIX, 12_345, "12,345 yen"),
        ("en_US", YenStyle.PLAIN, 12_345, "12,345"),
        ("en_US", YenStyle.SYMBOL, -1_000, "-¥1,000"),
        ("en_US", YenStyle.SUFFIX, -1_000, "-1,000 yen"),
        ("en_US", YenStyle.SYMBOL, -MAX_YEN, "-¥999,999,999,999"),
        ("en_US", "plain", 999, "999"),
    ],
)
def test_format_yen_golden(locale: str, style: YenStyle, amount: int, expected: str) -> None:
    assert format_yen(amount, locale, style=style) == expected


def test_format_yen_defaults_to_the_form_every_output_uses() -> None:
    # One form per language, the same as format_range and every report: 33,000円 in Japanese
    # (never CLDR's full-width ￥ unless asked for), ¥33,000 in English.
    assert format_yen(33_000) == "33,000円" == format_range(YenRange.exact(33_000))
    assert format_yen(33_000, "ja") == "33,000円"
    assert "\uffe5" not in format_yen(1)
    assert format_yen(33_000, "en_US") == "¥33,000" == format_range(YenRange.exact(33_000), "en_US")
    assert "\u00a5" in format_yen(1, "en_US")


@pytest.mark.parametrize("bad", [1.0, True, "100", None])
def test_format_yen_refuses_non_int(bad: object) -> None:
    with pytest.raises(YenTypeError):
        format_yen(bad)  # type: ignore[arg-type]


def test_format_yen_refuses_out_of_range() -> None:
    with pytest.raises(YenValueError):
        format_yen(MAX_YEN + 1)


def test_format_yen_refuses_unknown_style() -> None:
    with pytest.raises(MoneyError, match="bogus"):
        format_yen(1, style="bogus")  # type: ignore[arg-type]


# --- format_range --------------------------------------------------------------------------


DRIP = YenRange(10_000, 50_000, typical=30_000)


@pytest.mark.parametrize(
    ("value", "locale", "kwargs", "expected"),
    [
        # The typical value is the report's words' to show (Words.money), never appended here.
        (DRIP, "ja_JP", {}, "10,000円〜50,000円"),
        (YenRange.at_least(100_000), "ja_JP", {}, "100,000円〜"),
        (YenRange.exact(33_000), "ja_JP", {}, "33,000円"),
        (DRIP, "ja_JP", {"style": YenStyle.SYMBOL}, "￥10,000〜￥50,000"),
        (DRIP, "ja_JP", {"style": YenStyle.PLAIN}, "10,000〜50,000"),
        (DRIP, "en_US", {}, "¥10,000–¥50,000"),
        (YenRange.at_least(100_000), "en_US", {}, "¥100,000+"),
        (YenRange.exact(33_000), "en_US", {}, "¥33,000"),
        (DRIP, "en_US", {"style": YenStyle.SUFFIX}, "10,000 yen–50,000 yen"),
    ],
)
def test_format_range_golden(
    value: YenRange, locale: str, kwargs: dict[str, object], expected: str
) -> None:
    assert format_range(value, locale, **kwargs) == expected  # type: ignore[arg-type]


# --- format_man ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "0円"),
        (9_999, "9,999円"),  # under 1万: exact, never "1万円"
        (10_000, "1万円"),
        (10_049, "1万円"),  # 1.0049万 -> 1.0 -> trailing ".0" dropped
        (10_050, "1万円"),  # 1.005万 -> 1.0: the 5 is in the third decimal, not a half
        (10_500, "1.1万円"),  # 1.05万 -> half up -> 1.1
        (120_000, "12万円"),
        (123_456, "12.3万円"),  # 12.3456万 -> 12.3
        (99_949, "10万円"),  # 9.9949万 -> 1 digit HALF_UP -> 10.0 -> "10万円"
        (99_950, "10万円"),  # 9.995万 -> 10.0
        (99_999_499, "9999.9万円"),  # 9999.9499万 -> 9999.9: still below 1億
        (99_999_500, "1億円"),  # 9999.95万 -> 10000.0万 -> re-rounded in 億: 0.999995 -> 1.0
        (99_999_999, "1億円"),  # never "10000万円"
        (100_000_000, "1億円"),
        (123_456_789, "1.2億円"),  # 1.23456789億 -> 1.2
        (999_950_000, "10億円"),  # 9.9995億 -> 10.0
        (999_999_999_999, "1兆円"),  # 9999.99999999999億 -> 10000.0億 -> 0.99...兆 -> 1.0
        (-123_456, "-12.3万円"),
        (-9_999, "-9,999円"),
        (-99_999_999, "-1億円"),  # HALF_UP rounds halves away from zero, so symmetric
    ],
)
def test_format_man_ja_golden(amount: int, expected: str) -> None:
    assert format_man(amount) == expected


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (0, "¥0"),
        (999, "¥999"),  # under 1K: exact
        (1_000, "¥1K"),
        (12_345, "¥12.3K"),  # 12.345K -> 12.3
        (999_949, "¥999.9K"),  # 999.949K -> 999.9
        (999_950, "¥1M"),  # 999.95K -> 1000.0K -> re-rounded in M: 0.99995 -> 1.0; never "¥1000K"
        (1_234_567, "¥1.2M"),
        (99_999_999, "¥100M"),  # 99.999999M -> 100.0M
        (999_950_000, "¥1B"),
        (999_999_999_999, "¥1T"),  # 999.999999999B -> 1000.0B -> 1.0T
        (-12_345, "-¥12.3K"),
    ],
)
def test_format_man_en_golden(amount: int, expected: str) -> None:
    assert format_man(amount, "en_US") == expected


@pytest.mark.parametrize(
    ("amount", "digits", "rounding", "locale", "expected"),
    [
        (123_456, 0, Rounding.HALF_UP, "ja_JP", "12万円"),  # 12.3456 -> 12
        (125_000, 0, Rounding.HALF_UP, "ja_JP", "13万円"),  # 12.5 -> 13
        (125_000, 0, Rounding.HALF_EVEN, "ja_JP", "12万円"),  # 12.5 -> 12 (even)
        (123_456, 2, Rounding.FLOOR, "ja_JP", "12.34万円"),
        (123_401, 2, Rounding.CEIL, "ja_JP", "12.35万円"),  # 12.3401 -> 12.35
        (120_100, 2, Rounding.HALF_UP, "ja_JP", "12.01万円"),  # inner zero kept
        (123_000, 3, Rounding.HALF_UP, "ja_JP", "12.3万円"),  # 12.300 -> trailing zeros dropped
        (-123_456, 1, Rounding.FLOOR, "ja_JP", "-12.4万円"),  # floor of the signed value
        (-123_456, 1, Rounding.CEIL, "ja_JP", "-12.3万円"),
        (99_999_999, 1, Rounding.FLOOR, "ja_JP", "9999.9万円"),  # floor never reaches 1億
        (99_990_001, 1, Rounding.CEIL, "ja_JP", "9999.1万円"),
        (-99_999_999, 1, Rounding.FLOOR, "ja_JP", "-1億円"),  # -9999.9999 floor -> -10000.0
        (1_500, 0, Rounding.HALF_EVEN, "en_US", "¥2K"),
        (2_500, 0, Rounding.HALF_EVEN, "en_US", "¥2K"),
        (12_345, 3, Rounding.HALF_UP, "en_US", "¥12.345K"),
        (123_456, 12, Rounding.HALF_UP, "ja_JP", "12.3456万円"),
        (123_456, 1, "floor", "ja_JP", "12.3万円"),
    ],
)
def test_format_man_digits_and_rounding(
    amount: int, digits: int, rounding: Rounding, locale: str, expected: str
) -> None:
    assert format_man(amount, locale, digits=digits, rounding=rounding) == expected


@pytest.mark.parametrize("digits", [-1, 13, 1.0, True, "1"])
def test_format_man_refuses_bad_digits(digits: object) -> None:
    with pytest.raises(MoneyError, match="digits"):
        format_man(10_000, digits=digits)  # type: ignore[arg-type]


def test_format_man_refuses_bad_rounding() -> None:
    with pytest.raises(MoneyError, match="rounding"):
        format_man(10_000, rounding="up")  # type: ignore[arg-type]


def test_format_man_refuses_non_int() -> None:
    with pytest.raises(YenTypeError):
        format_man(10_000.0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (YenRange(100_000, 250_000), "ja_JP", "10万円〜25万円"),
        (YenRange.at_least(100_000), "ja_JP", "10万円〜"),
        (YenRange.exact(123_456), "ja_JP", "12.3万円"),
        (YenRange(5_000, 99_999_999), "ja_JP", "5,000円〜1億円"),
        (YenRange(100_000, 250_000), "en_US", "¥100K–¥250K"),
        (YenRange.at_least(100_000), "en_US", "¥100K+"),
        (YenRange.exact(999_950), "en_US", "¥1M"),
    ],
)
def test_format_man_range_golden(value: YenRange, locale: str, expected: str) -> None:
    assert format_man_range(value, locale) == expected


@pytest.mark.parametrize("value", [5, None, "10,000円〜50,000円", (10_000, 50_000)])
def test_the_range_formatters_name_an_argument_that_is_not_a_range(value: object) -> None:
    for formatter in (format_range, format_man_range):
        with pytest.raises(ArgumentTypeError, match=r"^value must be a YenRange, got ") as raised:
            formatter(value, "en_US")  # type: ignore[arg-type]
        assert raised.value.value is value
        assert "format_yen" in raised.value.hint  # for one amount


def test_format_man_range_passes_digits_and_rounding() -> None:
    value = YenRange(123_456, 234_567)
    assert format_man_range(value, digits=0, rounding=Rounding.CEIL) == "13万円〜24万円"
    with pytest.raises(MoneyError):
        format_man_range(value, digits=-1)


# --- parse_yen -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale", "expected"),
    [
        ("￥12,345", "ja_JP", 12_345),
        ("¥12,345", "ja_JP", 12_345),
        ("12,345円", "ja_JP", 12_345),
        ("12345", "ja_JP", 12_345),
        ("-￥1,000", "ja_JP", -1_000),
        ("￥-1,000", "ja_JP", -1_000),
        ("−1,000円", "ja_JP", -1_000),  # U+2212 minus sign
        ("１２，３４５円", "ja_JP", 12_345),  # full-width digits and comma
        ("  12,345 円 ", "ja_JP", 12_345),
        ("JPY 12,345", "en_US", 12_345),
        ("12,345 yen", "en_US", 12_345),
        ("12,345 YEN", "en_US", 12_345),
        ("-¥1,000", "en_US", -1_000),
        ("0", "en_US", 0),
        ("999,999,999,999円", "ja_JP", MAX_YEN),
        # Compact forms give the written value back, not the amount that was rounded.
        ("12.3万円", "ja_JP", 123_000),
        ("1億円", "ja_JP", 100_000_000),
        ("0.5兆円", "ja_JP", 500_000_000_000),
        ("-¥12.3K", "en_US", -12_300),
        ("¥1.2M", "en_US", 1_200_000),
        ("¥1B", "en_US", 1_000_000_000),
    ],
)
def test_parse_yen_golden(text: str, locale: str, expected: int) -> None:
    assert parse_yen(text, locale) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "円",
        "￥",
        "-",
        "--1",
        "12,34円",  # bad grouping
        "1,2,3",
        "1e5",
        "NaN",
        "Infinity",
        "12.5",  # not whole yen
        "1.23456万円",  # 12,345.6 yen
        "12,345ドル",
        "abc",
        "1 2 3",
    ],
)
def test_parse_yen_refuses(text: str) -> None:
    with pytest.raises(MoneyError):
        parse_yen(text)


def test_parse_yen_refuses_non_text_and_huge() -> None:
    with pytest.raises(MoneyError, match="not text"):
        parse_yen(12_345)  # type: ignore[arg-type]
    with pytest.raises(YenValueError):
        parse_yen("1,000,000,000,000円")
    with pytest.raises(YenValueError):
        parse_yen("1兆円")


def test_parse_yen_error_carries_a_hint() -> None:
    with pytest.raises(MoneyError) as caught:
        parse_yen("twelve")
    assert caught.value.hint
    assert "twelve" in caught.value.message


# --- format_date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        (datetime.date(2026, 11, 24), "ja_JP", "2026年11月24日"),
        (datetime.date(2026, 11, 24), "en_US", "Nov 24, 2026"),
        (datetime.date(2027, 1, 5), "ja_JP", "2027年1月5日"),
        (datetime.date(2027, 1, 5), "en_US", "Jan 5, 2027"),
        (datetime.datetime(2026, 11, 24, 23, 59), "ja_JP", "2026年11月24日"),
        (datetime.date(2026, 11, 24), Locale("en", "US"), "Nov 24, 2026"),
    ],
)
def test_format_date_golden(value: datetime.date, locale: str | Locale, expected: str) -> None:
    assert format_date(value, locale) == expected


def test_format_date_default_locale_is_ja() -> None:
    assert format_date(datetime.date(2026, 4, 1)) == "2026年4月1日"


@pytest.mark.parametrize("value", [None, "2026-04-01", 20260401])
def test_format_date_refuses_what_is_not_a_date(value: object) -> None:
    # babel formats None as today: a date nobody asked for.
    with pytest.raises(ArgumentTypeError, match=r"^value must be a datetime\.date, got "):
        format_date(value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("names", "style", "ja", "en"),
    [
        (["A"], "or", "A", "A"),
        (["A", "B"], "or", "AまたはB", "A or B"),
        # CLDR's serial comma in en_US; a repeated joiner read "A or B or C".
        (["A", "B", "C"], "or", "A、B、またはC", "A, B, or C"),
        (["A", "B", "C"], "standard", "A、B、C", "A, B, and C"),
        ([], "or", "", ""),
    ],
)
def test_format_list_joins_by_cldrs_pattern(
    names: list[str], style: Literal["standard", "or"], ja: str, en: str
) -> None:
    assert format_list(names, style) == ja
    assert format_list(iter(names), style, "en_US") == en


def test_format_list_follows_the_locale() -> None:
    # American English has the serial comma; Japanese its own particle.
    assert format_list(["A", "B", "C"], "or", "en") == "A, B, or C"
    assert format_list(["A", "B"], "or", "ja") == "AまたはB"


def test_format_list_refuses_an_unknown_style_or_locale() -> None:
    with pytest.raises(ArgumentTypeError, match=r"^style must be 'standard' or 'or', got "):
        format_list(["A"], "and")  # type: ignore[arg-type]
    with pytest.raises(LocaleError):
        format_list(["A"], "or", "xx_YY")


# --- properties ----------------------------------------------------------------------------


@given(amounts, st.sampled_from(list(YenStyle)), st.sampled_from(LOCALES))
def test_format_yen_parses_back(amount: int, style: YenStyle, locale: str) -> None:
    assert parse_yen(format_yen(amount, locale, style=style), locale) == amount


@st.composite
def ranges(draw: st.DrawFn) -> YenRange:
    low = draw(amounts)
    high = draw(st.none() | st.integers(low, MAX_YEN))
    typical = draw(st.none() | st.integers(low, MAX_YEN if high is None else high))
    return YenRange(low, high, typical)


def _split_range(text: str, locale: str) -> list[str]:
    if locale == "ja_JP":
        return text.split("〜")
    # The en dash only separates bounds; an open range ends in "+".
    return text.removesuffix("+").split("–") + ([""] if text.endswith("+") else [])


@given(ranges(), st.sampled_from([*YenStyle, None]), st.sampled_from(LOCALES))
def test_format_range_bounds_parse_back_in_order(
    value: YenRange, style: YenStyle | None, locale: str
) -> None:
    text = format_range(value, locale, style=style)
    parts = _split_range(text, locale)
    if value.is_exact:
        assert parts == [text]
        assert parse_yen(text, locale) == value.min
    elif value.max is None:
        assert parts[1] == ""
        assert parse_yen(parts[0], locale) == value.min
    else:
        low, high = (parse_yen(part, locale) for part in parts)
        assert (low, high) == (value.min, value.max)
        assert low <= high


_UNIT_SIZES = {
    "万": 10**4,
    "億": 10**8,
    "兆": 10**12,
    "K": 10**3,
    "M": 10**6,
    "B": 10**9,
    "T": 10**12,
}


def _man_parts(text: str) -> tuple[str, int] | None:
    """The number written before the unit and the unit size, or None for an exact amount."""
    body = text.removeprefix("-").removeprefix("¥").removesuffix("円")
    if body[-1] not in _UNIT_SIZES:
        return None
    return body[:-1], _UNIT_SIZES[body[-1]]


@given(
    amounts,
    st.sampled_from(LOCALES),
    st.integers(0, 3),
    st.sampled_from(list(Rounding)),
)
def test_format_man_is_exactly_rounded_and_below_next_unit(
    amount: int, locale: str, digits: int, rounding: Rounding
) -> None:
    text = format_man(amount, locale, digits=digits, rounding=rounding)
    assert "10000万" not in text
    assert "1000K" not in text
    assert text.startswith("-") == (amount < 0)
    parts = _man_parts(text)
    if parts is None:
        # Only amounts below the smallest unit are shown, exactly.
        assert abs(amount) < (10_000 if locale == "ja_JP" else 1_000)
        assert parse_yen(text, locale) == amount
        return
    written, size = parts
    number = Fraction(written)
    assert 1 <= number < (10_000 if locale == "ja_JP" else 1_000)
    assert len(written.partition(".")[2]) <= digits
    assert not written.endswith(".")
    if "." in written:
        assert not written.endswith("0")  # trailing zeros are dropped
    # The written value is within one last-digit step of the amount, half a step for halves.
    value = number * size * (-1 if amount < 0 else 1)
    step = Fraction(size, 10**digits)
    halves = rounding in (Rounding.HALF_UP, Rounding.HALF_EVEN)
    assert abs(value - amount) <= (step / 2 if halves else step)
    if rounding is Rounding.FLOOR:
        assert value <= amount
    if rounding is Rounding.CEIL:
        assert value >= amount
    if abs(value) <= MAX_YEN:
        assert parse_yen(text, locale) == value


@given(ranges(), st.sampled_from(LOCALES))
def test_format_man_range_keeps_order(value: YenRange, locale: str) -> None:
    text = format_man_range(value, locale)
    parts = _split_range(text, locale)
    if value.is_exact:
        assert text == format_man(value.min, locale)
        return
    assert parts[0] == format_man(value.min, locale)
    if value.max is None:
        assert parts[1] == ""
    else:
        assert parts[1] == format_man(value.max, locale)
        low, high = (_man_value(part, locale) for part in parts)
        assert low <= high


def _man_value(text: str, locale: str) -> Fraction:
    """What compact text says, exactly, even beyond MAX_YEN (where "1兆円" may land)."""
    parts = _man_parts(text)
    if parts is None:
        return Fraction(parse_yen(text, locale))
    written, size = parts
    return Fraction(written) * size * (-1 if text.startswith("-") else 1)


# --- format_yen_fraction -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "locale", "expected"),
    [
        # 104,500 / 3 = 34,833.333...: cut down to 34,833.33, marked as cut.
        (Fraction(104_500, 3), "ja_JP", "34,833.33…円"),
        (Fraction(104_500, 3), "en_US", "¥34,833.33…"),
        # 200,000 / 3 = 66,666.666...: cut down (never up) to 66,666.66.
        (Fraction(200_000, 3), "ja_JP", "66,666.66…円"),
        # 1,161,110 / 100 = 11,611.10 exactly: hundredths, nothing cut, no ellipsis.
        (Fraction(1_161_110, 100), "ja_JP", "11,611.10円"),
        # Whole yen read as format_yen writes them.
        (Fraction(85_000), "ja_JP", "85,000円"),
        (85_000, "en_US", "¥85,000"),
        (Fraction(1, 3), "en_US", "¥0.33…"),
    ],
)
def test_format_yen_fraction_golden(value: Fraction, locale: str, expected: str) -> None:
    assert format_yen_fraction(value, locale) == expected


@pytest.mark.parametrize("bad", [Fraction(-1, 3), -1, 1.5, True, "1"])
def test_format_yen_fraction_refuses_what_is_not_an_exact_amount(bad: object) -> None:
    with pytest.raises(MoneyError, match="Fraction or int of 0 or more"):
        format_yen_fraction(bad)  # type: ignore[arg-type]


def test_month_names_for_the_simulator_s_birth_month() -> None:
    assert [month_name(n) for n in (1, 12)] == ["1月", "12月"]
    assert [month_name(n, "en_US") for n in (1, 12)] == ["January", "December"]
    for wrong in (0, 13, True, "4"):
        with pytest.raises(ArgumentTypeError, match=r"^month must be a whole number from 1 to 12"):
            month_name(wrong)  # type: ignore[arg-type]
    with pytest.raises(LocaleError):
        month_name(4, "xx_XX")
