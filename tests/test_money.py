"""Tests for supecost.money: whole yen, the one rounding place, exact rates and yen ranges.

Every expected amount in an example test is worked out by hand in a comment
next to it; the hypothesis tests check the laws the arithmetic must keep.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pydantic
import pytest
from hypothesis import given
from hypothesis import strategies as st

from supecost import money
from supecost.errors import SupecostError, YenRangeError, YenTypeError, YenValueError
from supecost.money import (
    MAX_YEN,
    Certainty,
    Rounding,
    Scenario,
    YenRange,
    exact_rate,
    round_fraction,
    round_ratio,
    scale,
    sum_ranges,
    yen,
)

# --------------------------------------------------------------------------- strategies

BOUND = 10**9  # far inside MAX_YEN, so sums of a few ranges times a small count stay legal


@st.composite
def yen_ranges(draw: st.DrawFn, low: int = -BOUND, high: int = BOUND) -> YenRange:
    """Any legal range: exact, closed or open, with or without a typical value."""
    minimum = draw(st.integers(low, high))
    maximum = draw(st.none() | st.just(minimum) | st.integers(minimum, high))
    top = high if maximum is None else maximum
    typical = draw(st.none() | st.just(minimum) | st.integers(minimum, top))
    return YenRange(minimum, maximum, typical)


def points(r: YenRange) -> st.SearchStrategy[int]:
    """Amounts inside a range; an open range is sampled up to a million yen past its min."""
    top = r.min + 10**6 if r.max is None else r.max
    return st.sampled_from([r.min, top]) | st.integers(r.min, top)


def assert_ordered(r: YenRange) -> None:
    assert r.max is None or r.min <= r.max
    if r.typical is not None:
        assert r.min <= r.typical
        assert r.max is None or r.typical <= r.max


class _Sen(int):
    """An int subclass, standing in for IntEnum members and numpy-like ints."""


fractions = st.fractions(max_denominator=1_000).filter(lambda f: abs(f) < 10**12)

# --------------------------------------------------------------------------- yen()


def test_yen_accepts_ints_and_bounds() -> None:
    assert yen(33_000) == 33_000
    assert yen(0) == 0
    assert yen(-3_300) == -3_300
    assert yen(MAX_YEN) == MAX_YEN
    assert yen(-MAX_YEN) == -MAX_YEN


def test_yen_converts_int_subclass_to_plain_int() -> None:
    result = yen(_Sen(500))
    assert result == 500
    assert type(result) is int


@pytest.mark.parametrize(
    "value", [33_000.0, 0.5, True, False, "33000", "¥33,000", None, Decimal("33000"), [1]]
)
def test_yen_refuses_non_ints(value: object) -> None:
    with pytest.raises(YenTypeError) as caught:
        yen(value, "fee")
    error = caught.value
    assert isinstance(error, TypeError)
    assert isinstance(error, SupecostError)
    assert error.value is value
    assert error.name == "fee"
    assert str(error).startswith("fee must be a whole number of yen (int)")
    assert "write it as an integer" in str(error)


@pytest.mark.parametrize("value", [MAX_YEN + 1, -MAX_YEN - 1, 10**20])
def test_yen_refuses_amounts_beyond_max(value: int) -> None:
    with pytest.raises(YenValueError) as caught:
        yen(value, "price")
    assert isinstance(caught.value, ValueError)
    assert caught.value.value == value
    assert caught.value.limit == MAX_YEN
    assert caught.value.name == "price"
    assert "±999,999,999,999" in str(caught.value)


# --------------------------------------------------------------------------- round_fraction

F = Fraction
R = Rounding


@pytest.mark.parametrize(
    ("value", "floor", "ceil", "half_up", "half_even"),
    [
        (F(5, 2), 2, 3, 3, 2),  # 2.5: half up away from zero -> 3; half even -> 2
        (F(-5, 2), -3, -2, -3, -2),  # -2.5: half up away from zero -> -3; half even -> -2
        (F(7, 2), 3, 4, 4, 4),  # 3.5: both half modes -> 4 (4 is even)
        (F(-7, 2), -4, -3, -4, -4),  # -3.5: both half modes -> -4
        (F(7, 3), 2, 3, 2, 2),  # 2.333...: nearest is 2
        (F(-7, 3), -3, -2, -2, -2),  # -2.333...: nearest is -2
        (F(8, 3), 2, 3, 3, 3),  # 2.666...: nearest is 3
        (F(-8, 3), -3, -2, -3, -3),  # -2.666...: nearest is -3
        (F(3345, 10), 334, 335, 335, 334),  # 3,345 x 10% = 334.5
        (F(-1, 2), -1, 0, -1, 0),  # -0.5: half up -> -1, half even -> 0
        (F(1, 2), 0, 1, 1, 0),  # 0.5: half up -> 1, half even -> 0
        (4, 4, 4, 4, 4),  # whole yen never move
        (-4, -4, -4, -4, -4),
        (F(12, 3), 4, 4, 4, 4),  # 12/3 is exactly 4
    ],
)
def test_round_fraction_every_mode(
    value: Fraction | int, floor: int, ceil: int, half_up: int, half_even: int
) -> None:
    assert round_fraction(value, R.FLOOR) == floor
    assert round_fraction(value, R.CEIL) == ceil
    assert round_fraction(value, R.HALF_UP) == half_up
    assert round_fraction(value, R.HALF_EVEN) == half_even
    for mode in Rounding:
        assert type(round_fraction(value, mode)) is int


@pytest.mark.parametrize(
    ("numerator", "denominator", "floor", "ceil", "half_up", "half_even"),
    [
        (10, 4, 2, 3, 3, 2),  # 10/4 = 2.5, not in lowest terms: rounds as 5/2
        (-10, 4, -3, -2, -3, -2),  # -2.5
        (6690, 20, 334, 335, 335, 334),  # 334.5 (3,345 x 10% doubled)
        (24, 9, 2, 3, 3, 3),  # 2.666...
        (-21, 9, -3, -2, -2, -2),  # -2.333...
        (12, 3, 4, 4, 4, 4),  # exactly 4
    ],
)
def test_round_ratio_every_mode(
    numerator: int, denominator: int, floor: int, ceil: int, half_up: int, half_even: int
) -> None:
    assert round_ratio(numerator, denominator, R.FLOOR) == floor
    assert round_ratio(numerator, denominator, R.CEIL) == ceil
    assert round_ratio(numerator, denominator, R.HALF_UP) == half_up
    assert round_ratio(numerator, denominator, R.HALF_EVEN) == half_even


@given(fractions, st.sampled_from(Rounding))
def test_round_fraction_is_within_one(value: Fraction, mode: Rounding) -> None:
    assert abs(round_fraction(value, mode) - value) < 1


@given(fractions)
def test_round_fraction_floor_and_ceil_bracket_the_value(value: Fraction) -> None:
    floor, ceil = round_fraction(value, R.FLOOR), round_fraction(value, R.CEIL)
    assert floor <= value <= ceil
    assert ceil - floor == (0 if value.denominator == 1 else 1)


@given(fractions, st.sampled_from([R.HALF_UP, R.HALF_EVEN]))
def test_round_fraction_half_modes_are_nearest(value: Fraction, mode: Rounding) -> None:
    result = round_fraction(value, mode)
    assert abs(result - value) <= F(1, 2)
    if abs(result - value) == F(1, 2):  # a tie: the mode decides
        if mode is R.HALF_UP:
            assert abs(result) > abs(value)
        else:
            assert result % 2 == 0


@given(fractions)
def test_half_even_matches_builtin_round(value: Fraction) -> None:
    # Python's round() on a Fraction is exact banker's rounding.
    assert round_fraction(value, R.HALF_EVEN) == round(value)


@given(fractions, fractions, st.sampled_from(Rounding))
def test_round_fraction_is_monotone(a: Fraction, b: Fraction, mode: Rounding) -> None:
    low, high = sorted((a, b))
    assert round_fraction(low, mode) <= round_fraction(high, mode)


def test_scale_rounds_once() -> None:
    # 148,500 x 15% = 22,275 exactly
    assert scale(148_500, F(15, 100), R.FLOOR) == 22_275
    # -3,345 x 10% = -334.5: half up -> -335, half even -> -334
    assert scale(-3_345, F(1, 10), R.HALF_UP) == -335
    assert scale(-3_345, F(1, 10), R.HALF_EVEN) == -334
    # 1,000 x 3 = 3,000
    assert scale(1_000, 3, R.CEIL) == 3_000


# --------------------------------------------------------------------------- exact_rate


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (F(1, 8), F(1, 8)),
        (3, F(3)),
        (0, F(0)),
        (Decimal("0.075"), F(3, 40)),  # 75/1000 = 3/40
        ("0.075", F(3, 40)),
        ("12.5%", F(1, 8)),  # 12.5/100 = 1/8
        (" 10 % ", F(1, 10)),
        ("10%", F(1, 10)),
        ("1.1", F(11, 10)),
        ("0", F(0)),
        ("1e-2", F(1, 100)),
        (_Sen(2), F(2)),
    ],
)
def test_exact_rate_accepts_exact_forms(value: object, expected: Fraction) -> None:
    assert exact_rate(value) == expected
    assert type(exact_rate(value)) is Fraction


@pytest.mark.parametrize(
    "value",
    [
        0.1,
        1.0,
        True,
        False,
        None,
        [1],
        -1,
        F(-1, 2),
        Decimal("-0.1"),
        "-5%",
        "-0.1",
        "abc",
        "",
        "%",
        "10%%",
        "1/2",
        "¥10",
        "nan",
        "inf",
        Decimal("NaN"),
        Decimal("sNaN"),
        Decimal("Infinity"),
        Decimal("-Infinity"),
    ],
)
def test_exact_rate_refuses_inexact_negative_or_garbage(value: object) -> None:
    with pytest.raises(YenRangeError) as caught:
        exact_rate(value)
    assert isinstance(caught.value, ValueError)
    assert isinstance(caught.value, SupecostError)
    assert caught.value.values == (value,)
    assert caught.value.hint
    assert caught.value.hint in str(caught.value)


# --------------------------------------------------------------------------- construction

drip = YenRange(10_000, 50_000, typical=30_000)


def test_range_fields_and_properties() -> None:
    assert (drip.min, drip.max, drip.typical) == (10_000, 50_000, 30_000)
    assert not drip.is_exact
    assert not drip.is_open
    assert drip.known_typical == 30_000
    assert [drip.at(s) for s in Scenario] == [10_000, 30_000, 50_000]


def test_exact_range() -> None:
    r = YenRange.exact(148_500)
    assert r == YenRange(148_500, 148_500)
    assert r.is_exact
    assert not r.is_open
    assert r.typical is None
    assert r.known_typical == 148_500  # an exact amount is its own typical
    assert [r.at(s) for s in Scenario] == [148_500, 148_500, 148_500]


def test_open_range() -> None:
    r = YenRange.at_least(100_000)
    assert r == YenRange(100_000, None)
    assert r.is_open
    assert not r.is_exact
    assert r.known_typical is None
    assert [r.at(s) for s in Scenario] == [100_000, None, None]
    assert YenRange.at_least(100_000, 120_000).at(Scenario.TYPICAL) == 120_000


def test_range_without_typical_has_none_at_typical() -> None:
    assert [YenRange(1, 9).at(s) for s in Scenario] == [1, None, 9]


def test_typical_point_falls_back_to_the_low_end() -> None:
    assert drip.typical_point == 30_000  # the stated typical
    assert YenRange.exact(148_500).typical_point == 148_500  # an exact amount is its own
    assert YenRange(1, 9).typical_point == 1  # no typical: the low end
    assert YenRange.at_least(100_000).typical_point == 100_000  # open, no typical: the low end
    assert YenRange.at_least(100_000, 120_000).typical_point == 120_000


def test_range_stores_plain_ints() -> None:
    r = YenRange(_Sen(1), _Sen(3), _Sen(2))
    assert (type(r.min), type(r.max), type(r.typical)) == (int, int, int)
    assert r == YenRange(1, 3, 2)
    assert hash(r) == hash(YenRange(1, 3, 2))


def test_range_refuses_min_above_max() -> None:
    with pytest.raises(YenRangeError, match="min 50,000 is above max 10,000; swap") as caught:
        YenRange(50_000, 10_000)
    assert caught.value.values == (50_000, 10_000)


@pytest.mark.parametrize(
    ("low", "high", "typical", "hint"),
    [
        (10_000, 50_000, 9_999, "at least min 10,000 and at most max 50,000"),
        (10_000, 50_000, 50_001, "at least min 10,000 and at most max 50,000"),
        (10_000, None, 9_999, "at least min 10,000$"),
    ],
)
def test_range_refuses_typical_outside(low: int, high: int | None, typical: int, hint: str) -> None:
    with pytest.raises(YenRangeError, match=hint) as caught:
        YenRange(low, high, typical)
    assert caught.value.values == (low, typical, high)
    assert "lies outside the range" in caught.value.message


def test_range_typical_may_sit_on_a_bound() -> None:
    assert YenRange(1, 3, 1).typical == 1
    assert YenRange(1, 3, 3).typical == 3
    assert YenRange(1, None, 10**9).typical == 10**9


@pytest.mark.parametrize(
    ("args", "name"),
    [((1.0, 2), "min"), ((1, 2.0), "max"), ((1, 2, "2"), "typical"), ((True, 2), "min")],
)
def test_range_refuses_non_int_bounds(args: tuple[Any, ...], name: str) -> None:
    with pytest.raises(YenTypeError) as caught:
        YenRange(*args)
    assert caught.value.name == name


def test_range_refuses_bounds_beyond_max() -> None:
    with pytest.raises(YenValueError):
        YenRange(0, MAX_YEN + 1)
    with pytest.raises(YenValueError):
        YenRange.exact(MAX_YEN) + 1  # the sum is checked too


# --------------------------------------------------------------------------- value semantics


def test_repr() -> None:
    assert repr(YenRange(1, 2)) == "YenRange(min=1, max=2)"
    assert repr(YenRange(1, None)) == "YenRange(min=1, max=None)"
    assert repr(drip) == "YenRange(min=10000, max=50000, typical=30000)"
    for r in (YenRange(1, 2), YenRange.at_least(5, 7), drip):
        assert eval(repr(r), {"YenRange": YenRange}) == r


def test_hash_and_equality() -> None:
    assert YenRange(1, 2) == YenRange(1, 2)
    assert len({YenRange(1, 2), YenRange(1, 2), YenRange(1, 2, 2)}) == 2
    assert YenRange(1, 2) != YenRange(1, 2, 2)
    assert YenRange(1, 2) != YenRange(1, None)
    assert YenRange.exact(1) != 1  # type: ignore[comparison-overlap]
    assert {drip: "drip"}[YenRange(10_000, 50_000, 30_000)] == "drip"


@pytest.mark.parametrize("field", ["min", "max", "typical"])
def test_range_is_immutable(field: str) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(drip, field, 1)


# --------------------------------------------------------------------------- arithmetic


def test_add_ranges_propagates_typical() -> None:
    # 10,000-50,000 (typ. 30,000) + exactly 3,300 = 13,300-53,300 (typ. 33,300)
    assert drip + YenRange.exact(3_300) == YenRange(13_300, 53_300, 33_300)
    # both typicals known: 30,000 + 2,000 = 32,000
    assert drip + YenRange(1_000, 5_000, 2_000) == YenRange(11_000, 55_000, 32_000)
    # the other range's typical is unknown, so the sum's is too
    assert drip + YenRange(1_000, 5_000) == YenRange(11_000, 55_000)
    assert YenRange(1_000, 5_000) + drip == YenRange(11_000, 55_000)
    # exact + exact: typical stays implicit
    assert YenRange.exact(1) + YenRange.exact(2) == YenRange.exact(3)
    # neither has a typical
    assert YenRange(1, 2) + YenRange(10, 20) == YenRange(11, 22)


def test_add_open_range_is_open() -> None:
    # 100,000〜 + 10,000-50,000 (typ. 30,000) = 110,000〜; typical unknown on the open side
    assert YenRange.at_least(100_000) + drip == YenRange.at_least(110_000)
    # 100,000〜 (typ. 120,000) + 10,000-50,000 (typ. 30,000) = 110,000〜 (typ. 150,000)
    assert YenRange.at_least(100_000, 120_000) + drip == YenRange.at_least(110_000, 150_000)


def test_add_int() -> None:
    # 10,000-50,000 (typ. 30,000) + 3,300 on every point
    expected = YenRange(13_300, 53_300, 33_300)
    assert drip + 3_300 == expected
    assert 3_300 + drip == expected
    assert YenRange.at_least(1) + 2 == YenRange.at_least(3)
    assert YenRange(1, 2) + _Sen(1) == YenRange(2, 3)


def test_sum_builtin_and_sum_ranges() -> None:
    parts = [drip, YenRange.exact(3_300), YenRange(1_000, 2_000, 1_500)]
    # min 10,000 + 3,300 + 1,000 = 14,300; max 50,000 + 3,300 + 2,000 = 55,300;
    # typical 30,000 + 3,300 + 1,500 = 34,800
    expected = YenRange(14_300, 55_300, 34_800)
    assert sum(parts) == expected  # starts from int 0, via __radd__
    assert sum_ranges(parts) == expected
    # 1-2 + 10 + 5〜 = 16〜
    assert sum_ranges([YenRange(1, 2), 10, YenRange.at_least(5)]) == YenRange.at_least(16)
    assert sum_ranges([]) == YenRange.exact(0)
    assert sum_ranges(iter([7, 8])) == YenRange.exact(15)


@pytest.mark.parametrize("other", [1.5, "1", None, Decimal(1), True])
def test_add_refuses_other_types(other: Any) -> None:
    with pytest.raises(TypeError):
        drip + other
    with pytest.raises(TypeError):
        other + drip


def test_multiply_by_count() -> None:
    # 3 sessions of 10,000-50,000 (typ. 30,000) = 30,000-150,000 (typ. 90,000)
    expected = YenRange(30_000, 150_000, 90_000)
    assert drip * 3 == expected
    assert 3 * drip == expected
    assert drip * 1 == drip
    # the module example: 3 drips plus a 3,300 fee
    assert drip * 3 + 3_300 == YenRange(33_300, 153_300, 93_300)
    assert YenRange.at_least(100_000) * 2 == YenRange.at_least(200_000)
    assert YenRange(1, 2) * _Sen(2) == YenRange(2, 4)


def test_multiply_by_zero_is_exactly_zero() -> None:
    assert drip * 0 == YenRange.exact(0)
    assert 0 * YenRange.at_least(100_000) == YenRange.exact(0)  # not "¥0〜"


def test_multiply_refuses_negative_count() -> None:
    with pytest.raises(YenRangeError, match="negative count -1") as caught:
        drip * -1
    assert caught.value.values == (-1,)


@pytest.mark.parametrize("count", [2.0, True, "2", Decimal(2), F(2)])
def test_multiply_refuses_non_int_count(count: Any) -> None:
    with pytest.raises(TypeError):
        drip * count
    with pytest.raises(TypeError):
        count * drip


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        # 10,001 x 10% = 1,000.1; 33,335 x 10% = 3,333.5; 15,005 x 10% = 1,500.5
        (R.FLOOR, YenRange(1_000, 3_333, 1_500)),
        (R.CEIL, YenRange(1_001, 3_334, 1_501)),
        (R.HALF_UP, YenRange(1_000, 3_334, 1_501)),
        (R.HALF_EVEN, YenRange(1_000, 3_334, 1_500)),  # 3,333.5 -> 3,334; 1,500.5 -> 1,500
    ],
)
def test_scale_each_mode(mode: Rounding, expected: YenRange) -> None:
    assert YenRange(10_001, 33_335, 15_005).scale("10%", mode) == expected


def test_scale_open_and_other_rates() -> None:
    # 100,000〜 x 1.1 = 110,000〜
    assert YenRange.at_least(100_000).scale(F(11, 10), R.FLOOR) == YenRange.at_least(110_000)
    # 10,000-33,333 x 10%: 1,000 and 3,333.3 -> 3,333
    assert YenRange(10_000, 33_333).scale(Decimal("0.1"), R.HALF_UP) == YenRange(1_000, 3_333)
    assert drip.scale(0, R.CEIL) == YenRange(0, 0, 0)


@pytest.mark.parametrize("rate", [0.1, -1, "-10%", "ten"])
def test_scale_refuses_bad_rate(rate: object) -> None:
    with pytest.raises(YenRangeError):
        drip.scale(rate, R.FLOOR)


def test_map_monotone() -> None:
    # x 1.1 by integer arithmetic: 10,000 -> 11,000; typical 30,000 -> 33,000
    assert YenRange(10_000, None, 30_000).map_monotone(lambda a: a * 11 // 10) == YenRange(
        11_000, None, 33_000
    )
    assert drip.map_monotone(lambda a: a + 1) == YenRange(10_001, 50_001, 30_001)
    assert YenRange(1, 2).map_monotone(lambda a: 0) == YenRange(0, 0)


def test_map_monotone_refuses_a_decreasing_function() -> None:
    with pytest.raises(YenRangeError):
        drip.map_monotone(lambda a: -a)


# --------------------------------------------------------------------------- comparison


@pytest.mark.parametrize(
    ("mine", "theirs", "expected"),
    [
        (YenRange(1, 5), 6, Certainty.CERTAINLY),  # 5 < 6
        (YenRange(6, 9), 6, Certainty.NEVER),  # 6 is not below 6
        (YenRange(5, 9), 6, Certainty.POSSIBLY),  # 5 < 6 but 9 is not
        (YenRange(1, 4), YenRange(5, 9), Certainty.CERTAINLY),
        (YenRange(1, 5), YenRange(5, 9), Certainty.POSSIBLY),  # 5 vs 5 is not; 1 vs 9 is
        (YenRange(9, 12), YenRange(5, 9), Certainty.NEVER),  # 9 >= 9
        (YenRange.exact(20_000), YenRange(10_000, 50_000), Certainty.POSSIBLY),
        (YenRange.exact(5), YenRange.exact(5), Certainty.NEVER),
        (YenRange.exact(4), YenRange.exact(5), Certainty.CERTAINLY),
        # open-ended on either side
        (YenRange.at_least(1), YenRange(5, 9), Certainty.POSSIBLY),
        (YenRange.at_least(9), YenRange(5, 9), Certainty.NEVER),
        (YenRange(1, 4), YenRange.at_least(5), Certainty.CERTAINLY),
        (YenRange(1, 5), YenRange.at_least(5), Certainty.POSSIBLY),
        (YenRange(6, 9), YenRange.at_least(5), Certainty.POSSIBLY),
        (YenRange.at_least(1), YenRange.at_least(100), Certainty.POSSIBLY),
        (YenRange.at_least(100), YenRange.at_least(1), Certainty.POSSIBLY),
        (YenRange.at_least(7), 7, Certainty.NEVER),
        (YenRange.at_least(7), 8, Certainty.POSSIBLY),
    ],
)
def test_cheaper_than(mine: YenRange, theirs: YenRange | int, expected: Certainty) -> None:
    assert mine.cheaper_than(theirs) is expected


@pytest.mark.parametrize("other", [1.5, True, "6", None])
def test_cheaper_than_refuses_non_amounts(other: Any) -> None:
    with pytest.raises(YenTypeError):
        drip.cheaper_than(other)


def test_contains_amounts() -> None:
    assert 10_000 in drip  # bounds are inclusive
    assert 50_000 in drip
    assert 30_000 in drip
    assert 9_999 not in drip
    assert 50_001 not in drip
    assert 10**11 in YenRange.at_least(10_000)
    assert 9_999 not in YenRange.at_least(10_000)
    assert _Sen(20_000) in drip
    for other in (True, 20_000.0, "20000", None, Decimal(20_000)):
        assert other not in drip


def test_contains_ranges() -> None:
    assert YenRange(20_000, 30_000) in drip
    assert drip in drip
    assert YenRange.exact(10_000) in drip
    assert YenRange(5_000, 30_000) not in drip
    assert YenRange(20_000, 60_000) not in drip
    assert YenRange.at_least(20_000) not in drip  # a closed range holds no open one
    assert drip in YenRange.at_least(10_000)
    assert drip not in YenRange.at_least(10_001)
    assert YenRange.at_least(20_000) in YenRange.at_least(10_000)
    assert YenRange.at_least(5_000) not in YenRange.at_least(10_000)


# --------------------------------------------------------------------------- dict form and parsing


def test_as_dict() -> None:
    assert YenRange(10_000, 50_000).as_dict() == {"min": 10_000, "typical": None, "max": 50_000}
    assert list(drip.as_dict()) == ["min", "typical", "max"]
    assert YenRange.at_least(5).as_dict() == {"min": 5, "typical": None, "max": None}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (9_800, YenRange.exact(9_800)),
        (_Sen(9_800), YenRange.exact(9_800)),
        ({"min": 100_000}, YenRange.at_least(100_000)),
        ({"min": 1, "max": 2}, YenRange(1, 2)),
        ({"min": 1, "max": None}, YenRange.at_least(1)),
        ({"min": 1, "typical": 2, "max": 3}, YenRange(1, 3, 2)),
        ({"min": 1, "typical": None, "max": 3}, YenRange(1, 3)),
        ({"min": 1, "typical": 5}, YenRange.at_least(1, 5)),
        (drip.as_dict(), drip),
    ],
)
def test_parse(value: object, expected: YenRange) -> None:
    assert YenRange.parse(value) == expected


def test_parse_returns_a_range_as_it_is() -> None:
    assert YenRange.parse(drip) is drip


def test_parse_refuses_unknown_key() -> None:
    with pytest.raises(YenRangeError, match="unknown key 'maximum'") as caught:
        YenRange.parse({"min": 1, "maximum": 2, "zz": 3})
    assert caught.value.values == ("maximum", "zz")
    assert "only the keys min, typical and max" in str(caught.value)


def test_parse_refuses_missing_min() -> None:
    with pytest.raises(YenRangeError, match="needs a min; add min"):
        YenRange.parse({"max": 2})


def test_parse_refuses_out_of_order() -> None:
    with pytest.raises(YenRangeError):
        YenRange.parse({"min": 3, "max": 2})


@pytest.mark.parametrize(
    ("value", "name"),
    [
        (33_000.0, "price"),
        ("33000", "price"),
        (True, "price"),
        (None, "price"),
        ([1, 2], "price"),
        ({"min": 1.0}, "min"),
        ({"min": 1, "max": "2"}, "max"),
        ({"min": 1, "max": 3, "typical": 2.0}, "typical"),
    ],
)
def test_parse_refuses_non_whole_yen(value: object, name: str) -> None:
    with pytest.raises(YenTypeError) as caught:
        YenRange.parse(value)
    assert caught.value.name == name


# --------------------------------------------------------------------------- pydantic


class Quote(pydantic.BaseModel):
    price: YenRange
    fee: money.Yen


def test_pydantic_validates_from_python() -> None:
    quote = Quote.model_validate({"price": {"min": 10_000, "max": 50_000}, "fee": 3_300})
    assert quote.price == YenRange(10_000, 50_000)
    assert quote.fee == 3_300
    assert type(quote.fee) is int
    assert Quote(price=drip, fee=0).price is drip
    assert Quote.model_validate({"price": 9_800, "fee": _Sen(1)}).price == YenRange.exact(9_800)
    assert type(Quote.model_validate({"price": 1, "fee": _Sen(1)}).fee) is int


def test_pydantic_validates_from_json() -> None:
    quote = Quote.model_validate_json(
        '{"price": {"min": 10000, "typical": 30000, "max": 50000}, "fee": 3300}'
    )
    assert quote == Quote(price=drip, fee=3_300)
    open_ended = Quote.model_validate_json('{"price": {"min": 100000}, "fee": 0}')
    assert open_ended.price == YenRange.at_least(100_000)
    assert Quote.model_validate_json('{"price": 9800, "fee": -5}').price == YenRange.exact(9_800)


def test_pydantic_serialises_the_dict_form() -> None:
    quote = Quote(price=YenRange(10_000, 50_000), fee=3_300)
    text = quote.model_dump_json()
    assert text == '{"price":{"min":10000,"typical":null,"max":50000},"fee":3300}'
    assert json.loads(text)["price"] == json.loads('{"min": 10000, "typical": null, "max": 50000}')
    assert quote.model_dump() == {
        "price": {"min": 10_000, "typical": None, "max": 50_000},
        "fee": 3_300,
    }
    assert Quote.model_validate_json(text) == quote
    assert Quote.model_validate(quote.model_dump()) == quote
    adapter = pydantic.TypeAdapter(YenRange)
    assert adapter.dump_json(YenRange(10_000, 50_000)) == (
        b'{"min":10000,"typical":null,"max":50000}'
    )


@pytest.mark.parametrize("bad", ["33000", 33_000.0, True, None, [1]])
@pytest.mark.parametrize("field", ["price", "fee"])
def test_pydantic_refuses_non_whole_yen(field: str, bad: object) -> None:
    data: dict[str, object] = {"price": 1, "fee": 1, field: bad}
    with pytest.raises(pydantic.ValidationError) as caught:
        Quote.model_validate(data)
    assert caught.value.error_count() == 1
    (error,) = caught.value.errors()
    assert error["loc"] == (field,)
    assert "whole number of yen" in error["msg"]


@pytest.mark.parametrize("bad", ['"33000"', "33000.0", "true", "null"])
@pytest.mark.parametrize("field", ["price", "fee"])
def test_pydantic_refuses_non_whole_yen_from_json(field: str, bad: str) -> None:
    other = "fee" if field == "price" else "price"
    with pytest.raises(pydantic.ValidationError) as caught:
        Quote.model_validate_json(f'{{"{field}": {bad}, "{other}": 1}}')
    assert caught.value.errors()[0]["loc"] == (field,)


@pytest.mark.parametrize(
    "price",
    [{"min": 3, "max": 2}, {"max": 2}, {"min": 1, "mx": 2}, MAX_YEN + 1, {"min": 1.5}],
)
def test_pydantic_refuses_bad_ranges(price: object) -> None:
    with pytest.raises(pydantic.ValidationError):
        Quote.model_validate({"price": price, "fee": 1})


def test_pydantic_refuses_fee_beyond_bounds() -> None:
    with pytest.raises(pydantic.ValidationError, match="outside the supported bounds"):
        Quote.model_validate({"price": 1, "fee": MAX_YEN + 1})


@pytest.mark.parametrize("mode", ["validation", "serialization"])
def test_pydantic_json_schema(mode: Any) -> None:
    schema = Quote.model_json_schema(mode=mode)
    amount = {"type": "integer", "minimum": -MAX_YEN, "maximum": MAX_YEN}
    properties = schema["properties"]
    assert schema["required"] == ["price", "fee"]
    assert {key: properties["fee"][key] for key in amount} == amount
    price = properties["price"]
    assert price["title"] == "YenRange"
    integer, mapping = price["oneOf"]
    assert integer == amount
    assert mapping["required"] == ["min"]
    assert mapping["additionalProperties"] is False
    assert set(mapping["properties"]) == {"min", "typical", "max"}
    json.dumps(schema)  # plain JSON all the way down


# --------------------------------------------------------------------------- laws

ranges = yen_ranges()
ZERO = YenRange.exact(0)


@given(ranges, ranges, ranges)
def test_addition_is_associative(a: YenRange, b: YenRange, c: YenRange) -> None:
    assert (a + b) + c == a + (b + c)


@given(ranges, ranges)
def test_addition_is_commutative(a: YenRange, b: YenRange) -> None:
    assert a + b == b + a


@given(ranges)
def test_zero_is_the_identity(r: YenRange) -> None:
    assert r + ZERO == r
    assert ZERO + r == r
    assert r + 0 == r
    assert 0 + r == r
    assert sum_ranges([r]) == r


@given(ranges, st.integers(-BOUND, BOUND))
def test_adding_an_int_is_adding_its_exact_range(r: YenRange, amount: int) -> None:
    assert r + amount == r + YenRange.exact(amount) == amount + r


@given(ranges, ranges)
def test_order_holds_after_addition(a: YenRange, b: YenRange) -> None:
    total = a + b
    assert_ordered(total)
    assert total.is_open == (a.is_open or b.is_open)


@given(ranges, st.integers(0, 20))
def test_multiplication_is_repeated_addition(r: YenRange, count: int) -> None:
    product = r * count
    assert_ordered(product)
    assert product == count * r == sum_ranges([r] * count)
    assert product.is_open == (r.is_open and count > 0)


@given(ranges, st.sampled_from(["0", "0.1", "8%", "10%", "1", "1.08", "3"]), st.sampled_from(R))
def test_order_holds_after_scale(r: YenRange, rate: str, mode: Rounding) -> None:
    scaled = r.scale(rate, mode)
    assert_ordered(scaled)
    assert scaled.is_open == r.is_open
    exact = exact_rate(rate)
    assert scaled.min == round_fraction(r.min * exact, mode)


@given(ranges, st.integers(0, 5), st.integers(-1_000, 1_000))
def test_order_holds_after_map_monotone(r: YenRange, factor: int, offset: int) -> None:
    function: Callable[[int], int] = lambda a: a * factor + offset  # noqa: E731
    mapped = r.map_monotone(function)
    assert_ordered(mapped)
    assert mapped.is_open == r.is_open


@given(st.data(), ranges, ranges)
def test_sum_contains_sums_of_members(data: st.DataObject, a: YenRange, b: YenRange) -> None:
    total = a + b
    x, y = data.draw(points(a)), data.draw(points(b))
    assert x in a
    assert y in b
    assert x + y in total
    assert a.min + b.min in total
    if a.max is not None and b.max is not None:
        assert a.max + b.max in total
        assert YenRange(a.min + b.min, a.max + b.max) in total
    assert a.min + b.min - 1 not in total


@given(ranges)
def test_range_contains_its_own_points(r: YenRange) -> None:
    assert r in r
    assert r.min in r
    assert r.min - 1 not in r
    if r.typical is not None:
        assert r.typical in r
    if r.max is not None:
        assert r.max in r
        assert r.max + 1 not in r


@given(st.data(), ranges, ranges | st.integers(-BOUND, BOUND))
def test_cheaper_than_is_consistent(
    data: st.DataObject, mine: YenRange, theirs: YenRange | int
) -> None:
    other = theirs if isinstance(theirs, YenRange) else YenRange.exact(theirs)
    verdict = mine.cheaper_than(theirs)
    assert verdict is mine.cheaper_than(other)
    x, y = data.draw(points(mine)), data.draw(points(other))
    if verdict is Certainty.CERTAINLY:
        assert x < y
    elif verdict is Certainty.NEVER:
        assert x >= y
    else:
        # some pair is cheaper and some pair is not: the extreme pairs are witnesses
        high_mine = mine.min + 2 * BOUND + 1 if mine.max is None else mine.max
        high_theirs = other.min + 2 * BOUND + 1 if other.max is None else other.max
        assert mine.min < high_theirs
        assert high_mine >= other.min


@given(ranges, ranges)
def test_cheaper_than_is_antisymmetric(a: YenRange, b: YenRange) -> None:
    if a.cheaper_than(b) is Certainty.CERTAINLY:
        assert b.cheaper_than(a) is Certainty.NEVER


@given(ranges)
def test_parse_inverts_as_dict(r: YenRange) -> None:
    assert YenRange.parse(r.as_dict()) == r
    assert eval(repr(r), {"YenRange": YenRange}) == r
    assert pydantic.TypeAdapter(YenRange).validate_json(json.dumps(r.as_dict())) == r


@pytest.mark.parametrize(
    "value",
    ["1e-100000", "1e31", "0." + "1" * 31, Decimal("1e-31"), "1" * 31 + "%", Decimal("9e99999")],
)
def test_exact_rate_refuses_rates_too_long_to_compute_with(value: object) -> None:
    # Fraction(Decimal("1e-100000")) is exact, with a 100,001-digit denominator: every sum costs.
    with pytest.raises(YenRangeError, match="has more than 30 digits or an exponent beyond ±30"):
        exact_rate(value)


def test_exact_rate_accepts_thirty_digits_and_exponents() -> None:
    assert exact_rate("0." + "0" * 29 + "1") == F(1, 10**30)
    assert exact_rate("1e30") == 10**30
    assert exact_rate("1" * 30) == int("1" * 30)
