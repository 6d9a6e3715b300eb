"""Tests for supecost.tax: rate eras, once-per-rate rounding, ranges."""

from __future__ import annotations

from datetime import date, datetime
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supecost.errors import TaxError, YenTypeError, YenValueError
from supecost.money import MAX_YEN, Rounding, YenRange
from supecost.tax import (
    RateTotal,
    RateTotalRange,
    TaxBreakdown,
    TaxBreakdownRange,
    TaxCategory,
    effective_category,
    invoice_tax,
    invoice_tax_range,
    tax_in_included,
    tax_on_excluded,
    tax_rate,
)

STD = TaxCategory.STANDARD
RED = TaxCategory.REDUCED
EXEMPT = TaxCategory.EXEMPT
OOS = TaxCategory.OUT_OF_SCOPE
TODAY = date(2024, 4, 1)


# --- rates by date -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("on", "standard", "reduced"),
    [
        (date(1989, 4, 1), 3, 3),
        (date(1997, 3, 31), 3, 3),
        (date(1997, 4, 1), 5, 5),
        (date(2014, 3, 31), 5, 5),
        (date(2014, 4, 1), 8, 8),
        (date(2019, 9, 30), 8, 8),  # no reduced rate yet: reduced pays the standard 8%
        (date(2019, 10, 1), 10, 8),
        (date(2030, 1, 1), 10, 8),
    ],
)
def test_rate_eras(on: date, standard: int, reduced: int) -> None:
    assert tax_rate(STD, on) == standard
    assert tax_rate(RED, on) == reduced
    assert tax_rate(EXEMPT, on) == 0
    assert tax_rate(OOS, on) == 0


@pytest.mark.parametrize("category", [STD, RED])
def test_taxable_amount_before_1989_raises_with_a_fix(category: TaxCategory) -> None:
    with pytest.raises(TaxError, match=r"1989-03-31.*1989-04-01") as caught:
        tax_rate(category, date(1989, 3, 31))
    assert "exempt" in caught.value.hint


def test_untaxed_categories_have_rate_zero_before_1989() -> None:
    assert tax_rate(EXEMPT, date(1980, 1, 1)) == 0
    bill = invoice_tax([(5_000, EXEMPT)], on=date(1980, 1, 1), prices_include_tax=True)
    assert bill.groups == (RateTotal(EXEMPT, 0, 5_000, 0, 5_000),)


def test_effective_category() -> None:
    assert effective_category(RED, date(2019, 9, 30)) is STD
    assert effective_category(RED, date(2019, 10, 1)) is RED
    assert effective_category(STD, date(1990, 1, 1)) is STD
    assert effective_category(EXEMPT, date(2000, 1, 1)) is EXEMPT
    assert effective_category("reduced", datetime(2019, 9, 30, 23, 59)) is STD  # type: ignore[arg-type]


def test_plain_strings_and_datetimes_are_accepted() -> None:
    assert tax_rate("reduced", datetime(2019, 10, 1, 0, 0)) == 8  # type: ignore[arg-type]
    bill = invoice_tax(
        [(105, "standard")] * 3,  # type: ignore[list-item]
        on=datetime(2024, 4, 1, 12, 0),
        prices_include_tax=False,
        rounding="half_up",  # type: ignore[arg-type]
    )
    assert bill.tax == 32  # 315 x 10% = 31.5, half up -> 32


def test_bad_inputs_raise_with_a_fix() -> None:
    with pytest.raises(TaxError, match="unknown tax category 'luxury'; use one of standard"):
        tax_rate("luxury", TODAY)  # type: ignore[arg-type]
    with pytest.raises(TaxError, match="unknown tax category 10"):
        invoice_tax([(100, 10)], on=TODAY, prices_include_tax=True)  # type: ignore[list-item]
    with pytest.raises(TaxError, match="unknown rounding mode 'down'; use one of floor"):
        invoice_tax([], on=TODAY, prices_include_tax=True, rounding="down")  # type: ignore[arg-type]
    with pytest.raises(TaxError, match="unknown rounding mode 1"):
        tax_on_excluded(105, 10, 1)  # type: ignore[arg-type]
    with pytest.raises(TaxError, match=r"must be a datetime\.date"):
        invoice_tax([], on="2024-04-01", prices_include_tax=True)  # type: ignore[arg-type]
    with pytest.raises(TaxError, match=r"must be a datetime\.date"):
        tax_rate(STD, "2024-04-01")  # type: ignore[arg-type]
    with pytest.raises(YenTypeError):
        invoice_tax([(104.5, STD)], on=TODAY, prices_include_tax=True)  # type: ignore[list-item]
    with pytest.raises(YenValueError):
        invoice_tax([(MAX_YEN + 1, STD)], on=TODAY, prices_include_tax=True)


@pytest.mark.parametrize("rate", [-1, Fraction(1, 10), True])
def test_helpers_refuse_bad_rates(rate: object) -> None:
    with pytest.raises(TaxError, match="whole percentage"):
        tax_on_excluded(100, rate, Rounding.FLOOR)  # type: ignore[arg-type]
    with pytest.raises(TaxError, match="whole percentage"):
        tax_in_included(100, rate, Rounding.FLOOR)  # type: ignore[arg-type]


# --- helpers -------------------------------------------------------------------------------


def test_helpers_worked_examples() -> None:
    assert tax_on_excluded(315, 10, Rounding.FLOOR) == 31  # 315 x 10% = 31.5
    assert tax_on_excluded(315, 10, Rounding.CEIL) == 32
    assert tax_on_excluded(3_345, 10, Rounding.FLOOR) == 334  # 3,345 x 10% = 334.5
    assert tax_on_excluded(3_345, 10, Rounding.HALF_UP) == 335
    assert tax_on_excluded(3_345, 10, Rounding.HALF_EVEN) == 334
    assert tax_on_excluded(10_000, 10, Rounding.CEIL) == 1_000  # exact: no rounding at all
    assert tax_on_excluded(5_000, 0, Rounding.CEIL) == 0
    assert tax_in_included(104_500, 10, Rounding.CEIL) == 9_500  # 104,500 x 10/110 = 9,500
    assert tax_in_included(3_240, 8, Rounding.CEIL) == 240  # 3,240 x 8/108 = 240
    assert tax_in_included(1_000, 10, Rounding.FLOOR) == 90  # 10,000/110 = 90.909...
    assert tax_in_included(1_000, 10, Rounding.HALF_UP) == 91
    assert tax_in_included(1_000, 10, Rounding.CEIL) == 91
    assert tax_in_included(1_000, 8, Rounding.HALF_UP) == 74  # 8,000/108 = 74.07...
    assert tax_in_included(1_000, 10, "ceil") == 91  # type: ignore[arg-type]


# --- invoice_tax: DOMAIN.md worked examples ------------------------------------------------


def test_three_items_of_105_rounded_once_not_per_line() -> None:
    lines = [(105, STD)] * 3
    bill = invoice_tax(lines, on=TODAY, prices_include_tax=False)
    # 315 x 10% = 31.5 -> 31 rounding down once.
    assert bill.groups == (RateTotal(STD, 10, 315, 31, 346),)
    assert (bill.taxable, bill.tax, bill.total) == (315, 31, 346)
    legacy = invoice_tax(lines, on=TODAY, prices_include_tax=False, per_line=True)
    # 105 x 10% = 10.5 -> 10 per line; 3 x 10 = 30.
    assert legacy.groups == (RateTotal(STD, 10, 315, 30, 345),)


def test_three_items_of_1115() -> None:
    bill = invoice_tax([(1_115, STD)] * 3, on=TODAY, prices_include_tax=False)
    # 3,345 x 10% = 334.5 -> 334 rounding down.
    assert bill.groups == (RateTotal(STD, 10, 3_345, 334, 3_679),)


def test_tax_included_set_and_supplement() -> None:
    bill = invoice_tax([(104_500, STD), (3_240, RED)], on=TODAY, prices_include_tax=True)
    # 104,500 x 10/110 = 9,500; 3,240 x 8/108 = 240.
    assert bill.groups == (
        RateTotal(STD, 10, 95_000, 9_500, 104_500),
        RateTotal(RED, 8, 3_000, 240, 3_240),
    )
    assert (bill.taxable, bill.tax, bill.total) == (98_000, 9_740, 107_740)


@pytest.mark.parametrize(
    ("rounding", "reduced_tax"),
    [
        (Rounding.FLOOR, 258),
        (Rounding.CEIL, 259),
        (Rounding.HALF_UP, 259),
        (Rounding.HALF_EVEN, 259),
    ],
)
def test_mixed_bill_tax_excluded(rounding: Rounding, reduced_tax: int) -> None:
    lines = [(33_000, STD), (1_234, RED), (2_200, STD), (2_000, RED)]
    bill = invoice_tax(lines, on=TODAY, prices_include_tax=False, rounding=rounding)
    # standard: 33,000 + 2,200 = 35,200 x 10% = 3,520 exactly.
    # reduced: 1,234 + 2,000 = 3,234 x 8% = 258.72 -> 258 down, 259 otherwise.
    assert bill.groups == (
        RateTotal(STD, 10, 35_200, 3_520, 38_720),
        RateTotal(RED, 8, 3_234, reduced_tax, 3_234 + reduced_tax),
    )
    assert bill.total == 38_720 + 3_234 + reduced_tax


@pytest.mark.parametrize(
    ("rounding", "reduced_tax"),
    [(Rounding.FLOOR, 314), (Rounding.CEIL, 315), (Rounding.HALF_UP, 314)],
)
def test_mixed_bill_tax_included(rounding: Rounding, reduced_tax: int) -> None:
    lines = [(3_240, RED), (11_000, STD), (1_000, RED), (5_500, STD)]
    bill = invoice_tax(lines, on=TODAY, prices_include_tax=True, rounding=rounding)
    # standard: 16,500 x 10/110 = 1,500 exactly.
    # reduced: 4,240 x 8/108 = 314.07... -> 314 down or to nearest, 315 up.
    assert bill.groups == (
        RateTotal(STD, 10, 15_000, 1_500, 16_500),
        RateTotal(RED, 8, 4_240 - reduced_tax, reduced_tax, 4_240),
    )


def test_per_line_tax_included() -> None:
    lines = [(105, STD)] * 3
    # Once: 315 x 10/110 = 28.63... -> 28. Per line: 1,050/110 = 9.54... -> 9, x 3 = 27.
    assert invoice_tax(lines, on=TODAY, prices_include_tax=True).tax == 28
    legacy = invoice_tax(lines, on=TODAY, prices_include_tax=True, per_line=True)
    assert legacy.groups == (RateTotal(STD, 10, 288, 27, 315),)


def test_reduced_merges_into_standard_before_2019_10() -> None:
    lines = [(1_000, STD), (501, RED)]
    before = invoice_tax(lines, on=date(2019, 9, 30), prices_include_tax=False)
    # One 8% group: 1,501 x 8% = 120.08 -> 120 (rounding each group apart would give 80 + 40).
    assert before.groups == (RateTotal(STD, 8, 1_501, 120, 1_621),)
    after = invoice_tax(lines, on=date(2019, 10, 1), prices_include_tax=False)
    # 1,000 x 10% = 100; 501 x 8% = 40.08 -> 40.
    assert after.groups == (RateTotal(STD, 10, 1_000, 100, 1_100), RateTotal(RED, 8, 501, 40, 541))


@pytest.mark.parametrize(
    ("on", "tax"),
    [
        (date(1989, 4, 1), 300),  # 10,000 x 3%
        (date(1997, 3, 31), 300),
        (date(1997, 4, 1), 500),
        (date(2014, 4, 1), 800),
        (date(2019, 9, 30), 800),
        (date(2019, 10, 1), 1_000),
    ],
)
def test_invoice_follows_the_rate_era(on: date, tax: int) -> None:
    assert invoice_tax([(10_000, STD)], on=on, prices_include_tax=False).tax == tax


def test_invoice_before_1989_raises() -> None:
    with pytest.raises(TaxError, match="1989-04-01"):
        invoice_tax([(10_000, STD)], on=date(1989, 3, 31), prices_include_tax=False)
    with pytest.raises(TaxError, match="1989-04-01"):
        invoice_tax([(10_000, RED)], on=date(1989, 3, 31), prices_include_tax=True, per_line=True)


def test_exempt_and_out_of_scope_groups_in_stable_order() -> None:
    lines = [(300, OOS), (5_000, EXEMPT), (2_000, RED), (1_100, STD), (700, EXEMPT)]
    bill = invoice_tax(lines, on=TODAY, prices_include_tax=True)
    # 1,100 x 10/110 = 100; 2,000 x 8/108 = 148.14... -> 148; untaxed groups carry no tax.
    assert bill.groups == (
        RateTotal(STD, 10, 1_000, 100, 1_100),
        RateTotal(RED, 8, 1_852, 148, 2_000),
        RateTotal(EXEMPT, 0, 5_700, 0, 5_700),
        RateTotal(OOS, 0, 300, 0, 300),
    )
    assert bill.tax == 248
    assert bill.total == 9_100


def test_empty_bill() -> None:
    bill = invoice_tax([], on=TODAY, prices_include_tax=False)
    assert bill == TaxBreakdown(())
    assert (bill.taxable, bill.tax, bill.total) == (0, 0, 0)


def test_discount_lines() -> None:
    lines = [(33_000, STD), (-3_300, STD), (1_000, EXEMPT), (-1_000, EXEMPT)]
    bill = invoice_tax(lines, on=TODAY, prices_include_tax=True)
    # 29,700 x 10/110 = 2,700; the exempt group nets to zero but is still listed.
    assert bill.groups == (
        RateTotal(STD, 10, 27_000, 2_700, 29_700),
        RateTotal(EXEMPT, 0, 0, 0, 0),
    )


def test_negative_group_raises_naming_it() -> None:
    lines = [(33_000, STD), (1_000, RED), (-1_500, RED)]
    with pytest.raises(TaxError, match="reduced group of the bill totals -500 yen") as caught:
        invoice_tax(lines, on=TODAY, prices_include_tax=False)
    assert "discount" in caught.value.hint
    with pytest.raises(TaxError, match="totals -1 yen"):
        invoice_tax([(100, STD), (-101, STD)], on=TODAY, prices_include_tax=True)


def test_total_over_the_bound_raises() -> None:
    with pytest.raises(YenValueError, match="total"):
        invoice_tax([(MAX_YEN, STD)], on=TODAY, prices_include_tax=False)
    with pytest.raises(YenValueError, match="standard total"):
        invoice_tax([(MAX_YEN, STD), (1, STD)], on=TODAY, prices_include_tax=True)


def test_lines_may_be_a_one_shot_iterator() -> None:
    lines = iter([(1_100, STD), (1_080, RED)])
    assert invoice_tax(lines, on=TODAY, prices_include_tax=True).tax == 180  # 100 + 80


# --- ranges --------------------------------------------------------------------------------


def test_range_tax_included() -> None:
    bill = invoice_tax_range([(YenRange(33_000, 55_000), STD)], on=TODAY, prices_include_tax=True)
    # 33,000 x 10/110 = 3,000; 55,000 x 10/110 = 5,000.
    assert bill.groups == (
        RateTotalRange(
            STD, 10, YenRange(30_000, 50_000), YenRange(3_000, 5_000), YenRange(33_000, 55_000)
        ),
    )


def test_range_open_ended_with_typical() -> None:
    lines = [(YenRange.at_least(10_000, typical=30_000), STD), (YenRange.exact(3_000), RED)]
    bill = invoice_tax_range(lines, on=TODAY, prices_include_tax=False)
    # standard: 10,000 + 1,000 at least, typical 30,000 + 3,000, no maximum.
    # reduced: 3,000 + 240 exactly, max known although the standard group is open.
    assert bill.groups == (
        RateTotalRange(
            STD,
            10,
            YenRange(10_000, None, 30_000),
            YenRange(1_000, None, 3_000),
            YenRange(11_000, None, 33_000),
        ),
        RateTotalRange(RED, 8, YenRange.exact(3_000), YenRange.exact(240), YenRange.exact(3_240)),
    )
    assert bill.total == YenRange(14_240, None, 36_240)
    assert bill.taxable == YenRange(13_000, None, 33_000)
    assert bill.tax == YenRange(1_240, None, 3_240)


def test_range_typical_needs_every_line_known() -> None:
    lines = [(YenRange(1_000, 2_000, typical=1_500), STD), (YenRange(100, 200), STD)]
    bill = invoice_tax_range(lines, on=TODAY, prices_include_tax=False)
    # 1,100 x 10% = 110 .. 2,200 x 10% = 220; no typical for the 100-200 line, so none at all.
    assert bill.groups[0].tax == YenRange(110, 220)
    assert bill.groups[0].tax.typical is None
    with_typical = invoice_tax_range(
        [(YenRange(1_000, 2_000, typical=1_505), STD), (YenRange.exact(100), STD)],
        on=TODAY,
        prices_include_tax=False,
    )
    # typical 1,605 x 10% = 160.5 -> 160.
    assert with_typical.groups[0].tax == YenRange(110, 210, typical=160)


def test_range_per_line_and_merged_reduced() -> None:
    lines = [(YenRange(105, 110), STD), (YenRange(105, 110), RED), (YenRange.exact(105), RED)]
    bill = invoice_tax_range(
        lines, on=datetime(2019, 9, 30, 9, 0), prices_include_tax=False, per_line=True
    )
    # All at 8%, one group. min: 105 x 8% = 8.4 -> 8 per line, 24. max: 110 x 8% = 8.8 -> 8, 24.
    assert bill.groups == (
        RateTotalRange(STD, 8, YenRange(315, 325), YenRange(24, 24), YenRange(339, 349)),
    )


def test_range_negative_minimum_raises() -> None:
    lines = [(YenRange.exact(1_000), STD), (YenRange(-2_000, -500), STD)]
    with pytest.raises(TaxError, match="standard group of the bill totals -1,000 yen"):
        invoice_tax_range(lines, on=TODAY, prices_include_tax=True)


def test_empty_range_bill() -> None:
    bill = invoice_tax_range([], on=TODAY, prices_include_tax=True)
    assert bill == TaxBreakdownRange(())
    assert bill.total == YenRange.exact(0)


# --- properties ----------------------------------------------------------------------------

rates = st.sampled_from([3, 5, 8, 10]) | st.integers(0, 30)
roundings = st.sampled_from(list(Rounding))
tax_dates = st.dates(min_value=date(1989, 4, 1), max_value=date(2099, 12, 31))
categories = st.sampled_from(list(TaxCategory))
amounts = st.integers(0, 10**9)


def _exact_tax(amount: int, rate: int, included: bool) -> Fraction:
    return Fraction(amount * rate, 100 + rate) if included else Fraction(amount * rate, 100)


def _group_sums(lines: list[tuple[int, TaxCategory]], on: date) -> dict[TaxCategory, int]:
    sums: dict[TaxCategory, int] = {}
    for amount, category in lines:
        key = effective_category(category, on)
        sums[key] = sums.get(key, 0) + amount
    return sums


@st.composite
def bills(draw: st.DrawFn) -> tuple[list[tuple[int, TaxCategory]], date]:
    """Lines with discounts, topped up so that no rate group sums below zero."""
    on = draw(tax_dates)
    lines = draw(st.lists(st.tuples(st.integers(-5_000, 10**7), categories), max_size=12))
    for category, amount in _group_sums(lines, on).items():
        if amount < 0:
            lines.append((-amount + draw(st.integers(0, 1_000)), category))
    return lines, on


@given(amounts, rates, roundings)
def test_included_and_excluded_agree_within_one_yen(
    excluded: int, rate: int, rounding: Rounding
) -> None:
    added = tax_on_excluded(excluded, rate, rounding)
    contained = tax_in_included(excluded + added, rate, rounding)
    assert abs(contained - added) <= 1


@given(bills(), st.booleans(), roundings)
def test_bill_properties(
    bill_and_date: tuple[list[tuple[int, TaxCategory]], date], included: bool, rounding: Rounding
) -> None:
    lines, on = bill_and_date
    sums = _group_sums(lines, on)
    bill = invoice_tax(lines, on=on, prices_include_tax=included, rounding=rounding)
    legacy = invoice_tax(
        lines, on=on, prices_include_tax=included, rounding=rounding, per_line=True
    )
    assert [group.category for group in bill.groups] == [c for c in TaxCategory if c in sums]
    for group, old in zip(bill.groups, legacy.groups, strict=True):
        assert group.taxable + group.tax == group.total
        assert old.taxable + old.tax == old.total
        amount = sums[group.category]
        assert (group.total if included else group.taxable) == amount
        assert group.rate == tax_rate(group.category, on)
        # Rounded once: less than one yen from the exact tax.
        assert abs(group.tax - _exact_tax(amount, group.rate, included)) < 1
        count = sum(1 for _, c in lines if effective_category(c, on) is group.category)
        assert abs(old.tax - group.tax) <= count
    assert bill.total == sum(group.total for group in bill.groups)


@st.composite
def range_lines(draw: st.DrawFn) -> tuple[list[tuple[YenRange, TaxCategory]], list[int]]:
    """Lines with ranges, and one amount inside each range."""
    lines: list[tuple[YenRange, TaxCategory]] = []
    points: list[int] = []
    for _ in range(draw(st.integers(0, 6))):
        low = draw(st.integers(0, 10**6))
        width = draw(st.integers(0, 10**5))
        open_ended = draw(st.booleans()) and draw(st.booleans())
        point = low + draw(st.integers(0, width))
        typical = draw(st.none() | st.integers(low, low + width))
        lines.append(
            (YenRange(low, None if open_ended else low + width, typical), draw(categories))
        )
        points.append(point)
    return lines, points


@given(range_lines(), tax_dates, st.booleans(), roundings, st.booleans())
def test_range_contains_every_point(
    drawn: tuple[list[tuple[YenRange, TaxCategory]], list[int]],
    on: date,
    included: bool,
    rounding: Rounding,
    per_line: bool,
) -> None:
    lines, points = drawn

    def bill(points: list[tuple[int, TaxCategory]]) -> TaxBreakdown:
        return invoice_tax(
            points, on=on, prices_include_tax=included, rounding=rounding, per_line=per_line
        )

    ranged = invoice_tax_range(
        lines, on=on, prices_include_tax=included, rounding=rounding, per_line=per_line
    )
    exact = bill([(point, category) for point, (_, category) in zip(points, lines, strict=True)])
    lows = bill([(amount.min, category) for amount, category in lines])
    assert [g.category for g in ranged.groups] == [g.category for g in exact.groups]
    for group, point, low in zip(ranged.groups, exact.groups, lows.groups, strict=True):
        assert group.rate == point.rate
        assert point.taxable in group.taxable
        assert point.tax in group.tax
        assert point.total in group.total
        assert (group.taxable.min, group.tax.min, group.total.min) == (
            low.taxable,
            low.tax,
            low.total,
        )
        members = [amount for amount, c in lines if effective_category(c, on) is group.category]
        assert group.total.is_open == any(amount.is_open for amount in members)
        if group.total.typical is not None:
            assert group.taxable.typical is not None
            assert group.tax.typical is not None
            assert group.taxable.typical + group.tax.typical == group.total.typical
    assert exact.total in ranged.total


def test_today_is_the_date_in_japan_whatever_the_host_s_time_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import datetime as real

    from supecost import tax

    class Clock(real.datetime):
        @classmethod
        def now(cls, tz: real.tzinfo | None = None) -> Clock:
            # 15:30 UTC on 30 April is 00:30 on 1 May in Japan (UTC+9): a May birth month's
            # day has begun there, nine hours before it begins on a UTC host.
            moment = real.datetime(2026, 4, 30, 15, 30, tzinfo=real.UTC)
            assert tz is not None
            return cls.fromtimestamp(moment.timestamp(), tz)

    monkeypatch.setattr(tax, "datetime", Clock)
    assert tax.today_in_japan() == real.date(2026, 5, 1)
