"""The one place where the report package does arithmetic, all of it for display.

Reports render :class:`~supecost.quotes.Quote` and catalog data; they never
price a course (that is the engine's work). A price list still has to show a
few figures the catalog does not hold, and this module is where they are made,
each with :mod:`supecost.money` or :mod:`supecost.tax`:

* a catalog price shown tax-included (総額表示) and, beside it, before tax:
  the tax of one item on its own, rounded with the clinic's rounding mode;
* a set's price per session (total / sessions, rounded half up for display,
  marked "about" when not whole yen);
* what the same sessions cost one at a time on one bill: their single prices
  added up (the model adds each session's ladder step where a ladder prices
  them), taxed by the engine's bill (once over the sum, as an invoice computes
  it once per rate), never per session;
* a set's saving against buying the same sessions one at a time, and the
  difference between two plans' totals: the two amounts subtracted at the same
  scenario point (low end, typical, high end);
* the cost of a monthly plan's minimum term (fee x months + enrollment fee, its
  first months at their price), by :func:`supecost.catalog.plan_cost`, as a contract
  reads it.

>>> from supecost.money import YenRange
>>> per_session(YenRange.exact(104_500), 3)
PerSession(amount=YenRange(min=34833, max=34833), exact=False)
>>> difference(YenRange.exact(165_000), YenRange.exact(148_500))
PointValues(min=16500, typical=16500, max=16500)
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from supecost.catalog import plan_cost
from supecost.engine.bill import tax_lines
from supecost.errors import refuses_changes
from supecost.money import Rounding, Scenario, YenRange, round_fraction
from supecost.quotes import Option, PointValues, Quote, Way
from supecost.tax import TaxCategory, tax_in_included, tax_on_excluded, tax_rate

__all__ = [
    "PerSession",
    "Shown",
    "difference",
    "min_term_cost",
    "per_session",
    "shown",
    "singles_cost",
]


@refuses_changes
@dataclass(frozen=True, slots=True)
class Shown:
    """A catalog price as a price page shows it: tax-included first, before tax beside it.

    Example:
        >>> shown(YenRange.exact(30_000), TaxCategory.STANDARD, date(2026, 4, 1),
        ...       prices_include_tax=False, rounding=Rounding.FLOOR).included
        YenRange(min=33000, max=33000)
    """

    included: YenRange
    excluded: YenRange
    rate: int


def shown(
    price: YenRange,
    category: TaxCategory,
    on: date,
    *,
    prices_include_tax: bool,
    rounding: Rounding,
) -> Shown:
    """A catalog price with and without tax at the rate of its category on a date.

    Example:
        >>> shown(YenRange(11_000, None), TaxCategory.STANDARD, date(2026, 4, 1),
        ...       prices_include_tax=True, rounding=Rounding.FLOOR).excluded
        YenRange(min=10000, max=None)

    Args:
        price: The price as the catalog gives it.
        category: The tax category of the item.
        on: The date whose rates apply.
        prices_include_tax: Whether the catalog's prices include tax.
        rounding: The clinic's rounding mode for tax.

    Returns:
        The price tax-included and before tax, with the rate used.
    """
    rate = tax_rate(category, on)
    if prices_include_tax:
        excluded = price.map_monotone(lambda total: total - tax_in_included(total, rate, rounding))
        return Shown(price, excluded, rate)
    included = price.map_monotone(lambda amount: amount + tax_on_excluded(amount, rate, rounding))
    return Shown(included, price, rate)


def singles_cost(
    total: YenRange,
    category: TaxCategory,
    on: date,
    *,
    prices_include_tax: bool,
    rounding: Rounding,
) -> YenRange:
    """What sessions paid singly cost on one bill, tax-included, tax rounded once.

    ``total`` is their single prices added up as the catalog gives them (the
    same price times the sessions, or each session's ladder step). A
    tax-excluded total is taxed once over the sum, as the qualified-invoice
    rules require (tax once per rate on a bill), so this is not the sum of the
    tax-included single prices.

    Example:
        >>> # 5 x 12,345 = 61,725; floor(61,725 x 10%) = 6,172; 61,725 + 6,172 = 67,897
        >>> singles_cost(YenRange.exact(12_345) * 5, TaxCategory.STANDARD, date(2026, 4, 1),
        ...              prices_include_tax=False, rounding=Rounding.FLOOR)
        YenRange(min=67897, max=67897)

    Args:
        total: The sessions' single prices added up, as the catalog gives them.
        category: The tax category of the treatment.
        on: The date whose rates apply.
        prices_include_tax: Whether the catalog's prices include tax.
        rounding: The clinic's rounding mode for tax.

    Returns:
        The tax-included total of the sessions.
    """

    def bill(amount: int) -> int:
        return tax_lines([(amount, category)], on, prices_include_tax, rounding).total

    return total.map_monotone(bill)


@refuses_changes
@dataclass(frozen=True, slots=True)
class PerSession:
    """A set's price per session, and whether it divides into whole yen."""

    amount: YenRange
    exact: bool


def per_session(total: YenRange, sessions: int) -> PerSession:
    """A set's total divided by its sessions, each point rounded half up for display.

    Example:
        >>> per_session(YenRange(100_000, None), 5)
        PerSession(amount=YenRange(min=20000, max=None), exact=True)

    Args:
        total: The set's price.
        sessions: Its number of sessions (at least 1).

    Returns:
        The per-session amount, and whether every point divided exactly.
    """
    points = [total.min, total.max, total.typical]
    exact = all(point % sessions == 0 for point in points if point is not None)
    amount = total.map_monotone(
        lambda point: round_fraction(Fraction(point, sessions), Rounding.HALF_UP)
    )
    return PerSession(amount, exact)


def difference(higher: YenRange | Option, lower: YenRange | Option) -> PointValues:
    """``higher - lower`` at each scenario point; ``None`` where either is unknown or open.

    An option is read at each point by :meth:`~supecost.quotes.Option.bill_at`, its own
    bill there, which its total's sorted ends need not be; two options by
    :meth:`~supecost.quotes.Option.difference`, the quote's own reading (open fees both pay
    alike cancel at the high point).

    Example:
        >>> difference(YenRange(10_000, 90_000) * 5, YenRange.at_least(100_000))
        PointValues(min=-50000, typical=None, max=None)

    Args:
        higher: The amount subtracted from.
        lower: The amount subtracted.

    Returns:
        The differences, low end, typical and high end.
    """

    if isinstance(higher, Option) and isinstance(lower, Option):
        return higher.difference(lower)

    def at(scenario: Scenario) -> int | None:
        first, second = _at(higher, scenario), _at(lower, scenario)
        return None if first is None or second is None else first - second

    low = at(Scenario.MIN)
    assert low is not None  # the low end of a range is always known
    return PointValues(min=low, typical=at(Scenario.TYPICAL), max=at(Scenario.MAX))


def beyond(higher: YenRange, lower: YenRange) -> int | None:
    """What ``higher - lower`` is known to pass at the high point, where one of them is open.

    An open-ended total's high bill is unknown, but it is no lower than its standard
    (typical) point where one is stated, else its low end: beside a closed total it bounds
    the difference on one side. The bound is said where it tells the sign too: at least a
    positive amount (the open one costs more by at least it), or at most a negative one
    (the other costs more by at least its size).

    Example:
        >>> beyond(YenRange.at_least(113_300), YenRange(53_300, 93_300))  # 113,300 - 93,300
        20000
        >>> beyond(YenRange(50_000, None, 60_000), YenRange(40_000, 40_000))  # 60,000 - 40,000
        20000
        >>> beyond(YenRange(10_000, 40_000), YenRange.at_least(100_000))  # 40,000 - 100,000
        -60000
        >>> beyond(YenRange.at_least(100_000), YenRange(53_300, 453_300)) is None
        True

    Args:
        higher: The amount subtracted from.
        lower: The amount subtracted.

    Returns:
        The bound, positive (the difference is at least it) or negative (at most it);
        ``None`` where both are open or neither is, or the bound leaves the sign unknown.
    """
    if higher.max is None and lower.max is not None:
        least = _floor_at_high(higher) - lower.max
        return least if least > 0 else None
    if lower.max is None and higher.max is not None:
        most = higher.max - _floor_at_high(lower)
        return most if most < 0 else None
    return None


def _floor_at_high(amount: YenRange) -> int:
    """The least an open-ended amount's high end can be: its standard point, else its low end."""
    return amount.min if amount.typical is None else amount.typical


def saving_beyond(result: Quote, other: Way) -> int | None:
    """What the quote's saving against ``other`` (its total less the best way's) is known to
    pass at the high point, where one of them is open-ended there (:func:`beyond`).

    Example:
        >>> from datetime import date
        >>> from supecost import QuoteRequest, quote
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.quotes import Way
        >>> result = quote(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)))
        >>> saving_beyond(result, Way.singles()) is None  # the best way is singles
        True

    Args:
        result: The quote.
        other: The way the saving is against; ``None`` where the quote does not list it.

    Returns:
        The bound, as :func:`beyond` gives it.
    """
    found = next((option for option in result.options if option.way == other), None)
    return None if found is None else beyond(found.total, result.best.total)


def _at(amount: YenRange | Option, scenario: Scenario) -> int | None:
    return amount.bill_at(scenario) if isinstance(amount, Option) else amount.at(scenario)


def min_term_cost(
    monthly_fee: YenRange,
    months: int,
    enrollment_fee: YenRange,
    first: tuple[YenRange, int] | None = None,
) -> YenRange:
    """What a monthly plan's minimum term costs: the fee for each month plus enrollment,
    its first months at their own price where they have one.

    Example:
        >>> min_term_cost(YenRange.exact(27_500), 6, YenRange.exact(0))
        YenRange(min=165000, max=165000)
        >>> min_term_cost(YenRange.exact(39_600), 6, YenRange.exact(0), (YenRange.exact(0), 1))
        YenRange(min=198000, max=198000)

    Args:
        monthly_fee: The monthly fee, tax-included.
        months: The minimum number of months.
        enrollment_fee: The enrollment fee, tax-included (zero when there is none).
        first: The first months' price, tax-included, and how many there are (初月無料:
            ``(0, 1)``), where every patient enrolling gets it; ``None`` otherwise.

    Returns:
        The fee times the months (the first months at their price), plus the enrollment fee:
        :func:`supecost.catalog.plan_cost`, the rule a contract's minimum term reads too.
    """
    return plan_cost(monthly_fee, months, enrollment_fee, first)
