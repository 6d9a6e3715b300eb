"""Consumption tax (消費税) on a clinic bill: rates by date, once-per-rate rounding.

Under the qualified invoice rules (インボイス制度) the tax on one bill is
rounded once per tax rate over the whole bill, never per line. Prices may be
tax-included (総額表示, the tax is the part contained in the total) or
tax-excluded (the tax is added on top). Every fraction of a yen becomes whole
yen through :func:`supecost.money.round_ratio` (:func:`~supecost.money.round_fraction`
in ints), with the business's :class:`~supecost.money.Rounding` mode (rounding down by default).

>>> from datetime import date
>>> from supecost.tax import TaxCategory, invoice_tax
>>> bill = invoice_tax(
...     [(105, TaxCategory.STANDARD)] * 3, on=date(2024, 4, 1), prices_include_tax=False
... )
>>> bill.taxable, bill.tax, bill.total  # 315 x 10% = 31.5, rounded down once
(315, 31, 346)

Amounts known only as ranges go through :func:`invoice_tax_range`, which
prices the lowest, typical and highest scenario of the bill.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Final, NoReturn

from supecost.errors import TaxError, refuses_changes
from supecost.money import MAX_YEN, Rounding, YenRange, round_ratio, sum_ranges, yen

__all__ = [
    "RateTotal",
    "RateTotalRange",
    "TaxBreakdown",
    "TaxBreakdownRange",
    "TaxCategory",
    "effective_category",
    "invoice_tax",
    "invoice_tax_range",
    "tax_in_included",
    "tax_on_excluded",
    "tax_rate",
    "today_in_japan",
]


class TaxCategory(enum.StrEnum):
    """How consumption tax treats an amount.

    ``standard`` is the general rate (self-pay care, drugs, check-ups),
    ``reduced`` the food-and-drink rate (supplements sold over the counter),
    ``exempt`` is 非課税 (insured care) and ``out_of_scope`` is 不課税.

    Example:
        >>> TaxCategory("reduced") is TaxCategory.REDUCED
        True
    """

    STANDARD = "standard"
    REDUCED = "reduced"
    EXEMPT = "exempt"
    OUT_OF_SCOPE = "out_of_scope"


_ORDER: Final = (
    TaxCategory.STANDARD,
    TaxCategory.REDUCED,
    TaxCategory.EXEMPT,
    TaxCategory.OUT_OF_SCOPE,
)
"""The order of groups on a bill; also the order invoices list the rates in."""

_TAX_FROM: Final = date(1989, 4, 1)
_FIVE_FROM: Final = date(1997, 4, 1)
_EIGHT_FROM: Final = date(2014, 4, 1)
_REDUCED_FROM: Final = date(2019, 10, 1)
_REDUCED_RATE: Final = 8


def _as_date(on: object) -> date:
    # A datetime is a date subclass but refuses to compare with one, so reduce it.
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    raise TaxError(
        f"the tax date must be a datetime.date, got {on!r} of type {type(on).__name__}",
        "pass a date such as datetime.date(2024, 4, 1)",
    )


def _as_rounding(rounding: object) -> Rounding:
    # round_fraction compares modes by identity, so a plain "floor" string would mis-round.
    try:
        return Rounding(rounding if isinstance(rounding, str) else repr(rounding))
    except ValueError:
        modes = ", ".join(mode.value for mode in Rounding)
        raise TaxError(f"unknown rounding mode {rounding!r}", f"use one of {modes}") from None


def _as_category(category: object) -> TaxCategory:
    try:
        return TaxCategory(category if isinstance(category, str) else repr(category))
    except ValueError:
        names = ", ".join(member.value for member in TaxCategory)
        raise TaxError(f"unknown tax category {category!r}", f"use one of {names}") from None


def _standard_rate(on: date, category: TaxCategory) -> int:
    if on >= _REDUCED_FROM:
        return 10
    if on >= _EIGHT_FROM:
        return 8
    if on >= _FIVE_FROM:
        return 5
    if on >= _TAX_FROM:
        return 3
    message = (
        f"no consumption tax existed on {on.isoformat()}, so a {category.value} amount "
        "has no rate (the tax began on 1989-04-01)"
    )
    # The date is every caller's `on` (a rate's, a request's, a price list's): named, a
    # surface such as the HTTP service can point at the field.
    raise TaxError(
        message,
        "use a date on or after 1989-04-01, or the exempt or out_of_scope category "
        "for an untaxed amount",
        (("on", message),),
        code="tax.before",
        params={"on": on.isoformat()},
    )


def effective_category(category: TaxCategory, on: date) -> TaxCategory:
    """The category an amount is grouped under on a date: reduced is standard before 2019-10-01.

    Example:
        >>> from datetime import date
        >>> effective_category(TaxCategory.REDUCED, date(2019, 9, 30))
        <TaxCategory.STANDARD: 'standard'>
        >>> effective_category(TaxCategory.REDUCED, date(2019, 10, 1))
        <TaxCategory.REDUCED: 'reduced'>

    Args:
        category: The category of the amount.
        on: The date of the supply.

    Returns:
        The category whose rate group the amount belongs to.

    Raises:
        TaxError: The category or date is not valid.
    """
    if type(category) is not TaxCategory:
        category = _as_category(category)
    if category is TaxCategory.REDUCED and _as_date(on) < _REDUCED_FROM:
        return TaxCategory.STANDARD
    return category


def tax_rate(category: TaxCategory, on: date) -> int:
    """The consumption tax rate, in whole percent, for a category on a date.

    Example:
        >>> from datetime import date
        >>> [tax_rate(category, date(2024, 4, 1)) for category in TaxCategory]
        [10, 8, 0, 0]
        >>> tax_rate(TaxCategory.REDUCED, date(2019, 9, 30))
        8

    Args:
        category: The category of the amount.
        on: The date of the supply.

    Returns:
        3 from 1989-04-01, 5 from 1997-04-01, 8 from 2014-04-01 and 10 from
        2019-10-01 for standard amounts; reduced amounts pay 8 from 2019-10-01
        and the standard rate before; exempt and out-of-scope amounts pay 0 on
        any date.

    Raises:
        TaxError: A standard or reduced amount is dated before 1989-04-01, or
            the category or date is not valid.
    """
    if type(category) is not TaxCategory:
        category = _as_category(category)
    if category is TaxCategory.EXEMPT or category is TaxCategory.OUT_OF_SCOPE:
        return 0
    if type(on) is not date:
        on = _as_date(on)
    if category is TaxCategory.REDUCED and on >= _REDUCED_FROM:
        return _REDUCED_RATE
    return _standard_rate(on, category)


_JAPAN: Final = timezone(timedelta(hours=9), "JST")
"""Japan Standard Time: UTC+9 all year (Japan keeps no daylight saving time)."""


def today_in_japan() -> date:
    """Today's date in Japan, whatever the host's time zone: the default date of a request.

    A clinic's day (its tax rate, its campaigns, a patient's birth month) turns at
    midnight in Japan; a server kept on UTC would otherwise start the day nine hours late.

    Example:
        >>> today_in_japan() >= date(2026, 1, 1)
        True

    Returns:
        The calendar date at UTC+9 now.
    """
    return datetime.now(_JAPAN).date()


_rate_on: Final = functools.lru_cache(maxsize=256)(tax_rate)
""":func:`tax_rate` kept per category and date: every bill asks it for the same few (a date
with no rate raises, which is not kept)."""


def _bad_rate(rate: object) -> NoReturn:
    raise TaxError(
        f"tax rate {rate!r} is not a whole percentage of zero or more",
        "pass the rate in whole percent, such as 10 or 8",
    )


def tax_on_excluded(amount: int, rate: int, rounding: Rounding) -> int:
    """The tax to add to a tax-excluded amount: ``amount x rate / 100``, rounded once.

    Example:
        >>> tax_on_excluded(3_345, 10, Rounding.FLOOR)  # 3,345 x 10% = 334.5
        334
        >>> tax_on_excluded(3_345, 10, Rounding.HALF_UP)
        335

    Args:
        amount: The tax-excluded amount in whole yen.
        rate: The rate in whole percent.
        rounding: How to round the fraction of a yen.

    Returns:
        The tax in whole yen.

    Raises:
        TaxError: The rate is negative or not an ``int``, or the rounding mode is unknown.
    """
    if type(rate) is not int or rate < 0:
        _bad_rate(rate)
    if type(rounding) is not Rounding:
        rounding = _as_rounding(rounding)
    quotient, remainder = divmod(amount * rate, 100)
    # Most clinic prices are round, so skip building a Fraction when nothing needs rounding.
    if not remainder:
        return quotient
    return round_ratio(amount * rate, 100, rounding)


def tax_in_included(total: int, rate: int, rounding: Rounding) -> int:
    """The tax contained in a tax-included total: ``total x rate / (100 + rate)``, rounded once.

    Example:
        >>> tax_in_included(104_500, 10, Rounding.FLOOR)  # 104,500 x 10 / 110 = 9,500
        9500
        >>> tax_in_included(3_240, 8, Rounding.FLOOR)  # 3,240 x 8 / 108 = 240
        240

    Args:
        total: The tax-included amount in whole yen.
        rate: The rate in whole percent.
        rounding: How to round the fraction of a yen.

    Returns:
        The tax contained, in whole yen.

    Raises:
        TaxError: The rate is negative or not an ``int``, or the rounding mode is unknown.
    """
    if type(rate) is not int or rate < 0:
        _bad_rate(rate)
    if type(rounding) is not Rounding:
        rounding = _as_rounding(rounding)
    quotient, remainder = divmod(total * rate, 100 + rate)
    if not remainder:
        return quotient
    return round_ratio(total * rate, 100 + rate, rounding)


@refuses_changes
@dataclass(frozen=True, slots=True)
class RateTotal:
    """The amounts of one tax rate on a bill, as an invoice shows them.

    The invariant ``taxable + tax == total`` holds for every value
    :func:`invoice_tax` returns.

    Example:
        >>> RateTotal(TaxCategory.STANDARD, 10, 95_000, 9_500, 104_500).total
        104500

    Args:
        category: The effective category (reduced becomes standard before 2019-10-01).
        rate: The rate in whole percent.
        taxable: The amount excluding tax.
        tax: The tax, rounded once for the group.
        total: The amount including tax.
    """

    category: TaxCategory
    rate: int
    taxable: int
    tax: int
    total: int


@refuses_changes
@dataclass(frozen=True, slots=True)
class TaxBreakdown:
    """A bill's amounts per tax rate, in the order standard, reduced, exempt, out of scope.

    Example:
        >>> from datetime import date
        >>> bill = invoice_tax(
        ...     [(11_000, TaxCategory.STANDARD), (3_240, TaxCategory.REDUCED)],
        ...     on=date(2024, 4, 1), prices_include_tax=True,
        ... )
        >>> [(group.rate, group.tax) for group in bill.groups], bill.tax
        ([(10, 1000), (8, 240)], 1240)

    Args:
        groups: One entry per rate group that has lines.
    """

    groups: tuple[RateTotal, ...]

    @property
    def taxable(self) -> int:
        """The amount excluding tax, over all groups."""
        return sum(group.taxable for group in self.groups)

    @property
    def tax(self) -> int:
        """The tax, over all groups."""
        return sum(group.tax for group in self.groups)

    @property
    def total(self) -> int:
        """The amount including tax, over all groups."""
        return sum(group.total for group in self.groups)


def _checked_line(amount: object, category: object) -> tuple[int, TaxCategory]:
    return yen(amount, "line amount"), _as_category(category)


def invoice_tax(
    lines: Iterable[tuple[int, TaxCategory]],
    *,
    on: date,
    prices_include_tax: bool,
    rounding: Rounding = Rounding.FLOOR,
    per_line: bool = False,
) -> TaxBreakdown:
    """Tax a bill as the invoice rules require: grouped by rate, rounded once per rate.

    Example:
        >>> from datetime import date
        >>> lines = [(105, TaxCategory.STANDARD)] * 3
        >>> invoice_tax(lines, on=date(2024, 4, 1), prices_include_tax=False).tax
        31
        >>> invoice_tax(lines, on=date(2024, 4, 1), prices_include_tax=False, per_line=True).tax
        30

    Args:
        lines: ``(amount, category)`` pairs; a negative amount is a discount line.
        on: The date of the supply, which fixes the rates.
        prices_include_tax: Whether the amounts include tax (総額表示) or exclude it.
        rounding: How each group's fraction of a yen is rounded (the business's choice).
        per_line: Round each line's tax and add them up instead. The invoice rules
            forbid this; it exists only to reproduce legacy receipts, and it rounds
            discount lines on their own.

    Returns:
        The groups that have lines. With tax-included prices a group's ``total`` is
        the sum of its lines and ``taxable`` is the total less the contained tax;
        with tax-excluded prices ``taxable`` is the sum and ``total`` adds the tax.

    Raises:
        TaxError: A group's lines sum to less than zero, a taxable line is dated
            before 1989-04-01, or a category, date or rounding mode is not valid.
        YenTypeError: An amount is not a whole number of yen.
        YenValueError: An amount or a group total is out of bounds.
    """
    if type(on) is not date:
        on = _as_date(on)
    if type(rounding) is not Rounding:
        rounding = _as_rounding(rounding)
    reduced_exists = on >= _REDUCED_FROM
    standard, reduced = TaxCategory.STANDARD, TaxCategory.REDUCED
    limit = MAX_YEN
    sums: dict[TaxCategory, int] = {}
    line_taxes: dict[TaxCategory, int] = {}
    for amount, category in lines:
        if (
            type(amount) is not int
            or type(category) is not TaxCategory
            or not (-limit <= amount <= limit)
        ):
            amount, category = _checked_line(amount, category)
        if category is reduced and not reduced_exists:
            category = standard
        sums[category] = sums.get(category, 0) + amount
        if per_line:
            rate = tax_rate(category, on)
            tax = (
                tax_in_included(amount, rate, rounding)
                if prices_include_tax
                else tax_on_excluded(amount, rate, rounding)
            )
            line_taxes[category] = line_taxes.get(category, 0) + tax
    groups: list[RateTotal] = []
    for category in _ORDER:
        group_sum = sums.get(category)
        if group_sum is None:
            continue
        if group_sum < 0:
            raise TaxError(
                f"the {category.value} group of the bill totals {group_sum:,} yen, below zero",
                "a discount line may not exceed the amounts taxed at its rate; "
                "check the discount's amount and tax category",
            )
        if not (-limit <= group_sum <= limit):
            yen(group_sum, f"{category.value} total")
        rate = _rate_on(category, on)
        if prices_include_tax:
            tax = line_taxes[category] if per_line else tax_in_included(group_sum, rate, rounding)
            groups.append(RateTotal(category, rate, group_sum - tax, tax, group_sum))
        else:
            tax = line_taxes[category] if per_line else tax_on_excluded(group_sum, rate, rounding)
            groups.append(RateTotal(category, rate, group_sum, tax, yen(group_sum + tax, "total")))
    return TaxBreakdown(tuple(groups))


@refuses_changes
@dataclass(frozen=True, slots=True)
class RateTotalRange:
    """The amounts of one tax rate on a bill whose prices are ranges.

    Example:
        >>> RateTotalRange(TaxCategory.REDUCED, 8, YenRange.exact(3_000),
        ...                YenRange.exact(240), YenRange.exact(3_240)).total.min
        3240

    Args:
        category: The effective category.
        rate: The rate in whole percent.
        taxable: The amount excluding tax.
        tax: The tax, rounded once for the group at each scenario.
        total: The amount including tax.
    """

    category: TaxCategory
    rate: int
    taxable: YenRange
    tax: YenRange
    total: YenRange


@refuses_changes
@dataclass(frozen=True, slots=True)
class TaxBreakdownRange:
    """A bill's amounts per tax rate when prices are ranges.

    Example:
        >>> from datetime import date
        >>> bill = invoice_tax_range(
        ...     [(YenRange(33_000, 55_000), TaxCategory.STANDARD)],
        ...     on=date(2024, 4, 1), prices_include_tax=True,
        ... )
        >>> bill.tax
        YenRange(min=3000, max=5000)

    Args:
        groups: One entry per rate group that has lines.
    """

    groups: tuple[RateTotalRange, ...]

    @property
    def taxable(self) -> YenRange:
        """The amount excluding tax, over all groups."""
        return sum_ranges(group.taxable for group in self.groups)

    @property
    def tax(self) -> YenRange:
        """The tax, over all groups."""
        return sum_ranges(group.tax for group in self.groups)

    @property
    def total(self) -> YenRange:
        """The amount including tax, over all groups."""
        return sum_ranges(group.total for group in self.groups)


def invoice_tax_range(
    lines: Iterable[tuple[YenRange, TaxCategory]],
    *,
    on: date,
    prices_include_tax: bool,
    rounding: Rounding = Rounding.FLOOR,
    per_line: bool = False,
) -> TaxBreakdownRange:
    """Tax a bill whose line amounts are ranges, scenario by scenario.

    Each group is taxed with :func:`invoice_tax` at its lines' minimums, at
    their maximums (unless a line is open-ended, when the maximum is open too)
    and at their typical amounts (only when the sum of the group's lines has a
    typical amount).

    Example:
        >>> from datetime import date
        >>> bill = invoice_tax_range(
        ...     [(YenRange(10_000, None, 30_000), TaxCategory.STANDARD),
        ...      (YenRange.exact(3_000), TaxCategory.REDUCED)],
        ...     on=date(2024, 4, 1), prices_include_tax=False,
        ... )
        >>> bill.total
        YenRange(min=14240, max=None, typical=36240)

    Args:
        lines: ``(range, category)`` pairs; a negative range is a discount line.
        on: The date of the supply, which fixes the rates.
        prices_include_tax: Whether the amounts include tax (総額表示) or exclude it.
        rounding: How each group's fraction of a yen is rounded.
        per_line: Round each line's tax (legacy receipts only; see :func:`invoice_tax`).

    Returns:
        The groups that have lines, each amount a range.

    Raises:
        TaxError: As :func:`invoice_tax`, at any scenario (a group whose minimum
            is below zero is refused).
        YenValueError: A group total is out of bounds.
    """
    if type(on) is not date:
        on = _as_date(on)
    pairs = [(amount, effective_category(category, on)) for amount, category in lines]
    by_group: dict[TaxCategory, list[YenRange]] = {}
    for amount, category in pairs:
        by_group.setdefault(category, []).append(amount)
    closed = {
        category
        for category, amounts in by_group.items()
        if all(amount.max is not None for amount in amounts)
    }
    with_typical = {
        category
        for category, amounts in by_group.items()
        if sum_ranges(amounts).typical is not None
    }

    lows: list[tuple[int, TaxCategory]] = []
    highs: list[tuple[int, TaxCategory]] = []
    typicals: list[tuple[int, TaxCategory]] = []
    for amount, category in pairs:
        lows.append((amount.min, category))
        # Groups are taxed independently, so a scenario can skip the groups it is unknown for.
        if category in closed and amount.max is not None:
            highs.append((amount.max, category))
        typical = amount.known_typical
        if category in with_typical and typical is not None:
            typicals.append((typical, category))

    def run(points: list[tuple[int, TaxCategory]]) -> TaxBreakdown:
        return invoice_tax(
            points,
            on=on,
            prices_include_tax=prices_include_tax,
            rounding=rounding,
            per_line=per_line,
        )

    low_groups = run(lows).groups
    high_groups = _by_category(run(highs))
    typical_groups = _by_category(run(typicals))
    groups: list[RateTotalRange] = []
    for low in low_groups:
        high = high_groups.get(low.category)
        mid = typical_groups.get(low.category)
        # Every amount is non-decreasing in each line amount (a sum, a monotone
        # rounding of a non-negative multiple of it, or the total less a share of
        # it below one), so min <= typical <= max holds without sorting.
        groups.append(
            RateTotalRange(
                low.category,
                low.rate,
                YenRange(
                    low.taxable,
                    None if high is None else high.taxable,
                    None if mid is None else mid.taxable,
                ),
                YenRange(
                    low.tax,
                    None if high is None else high.tax,
                    None if mid is None else mid.tax,
                ),
                YenRange(
                    low.total,
                    None if high is None else high.total,
                    None if mid is None else mid.total,
                ),
            )
        )
    return TaxBreakdownRange(tuple(groups))


def _by_category(bill: TaxBreakdown) -> dict[TaxCategory, RateTotal]:
    return {group.category: group for group in bill.groups}
