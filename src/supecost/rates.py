"""The terms of an instalment loan (医療ローン) as every surface writes them, and their checks.

One owner of what a rate, a count, a rounding unit and a remainder may be (DOMAIN §7, §11),
below both readers: :mod:`supecost.catalog` checks a clinic's offered terms
(``Clinic.instalments``) with it as it loads them, and :mod:`supecost.contracts` every
schedule it makes, so a term a catalog accepts is one ``instalments`` accepts.

>>> from supecost.rates import check_terms_apr
>>> check_terms_apr(24, "6.9", None)
Decimal('6.9')
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Final, Literal, TypeAlias

from supecost.errors import ContractError, excerpt
from supecost.money import yen

__all__ = [
    "INTEREST_LIMIT_TIERS",
    "MAX_APR_PERCENT",
    "ROUND_UNITS",
    "Remainder",
    "addon_apr_percent",
    "annuity",
    "as_written",
    "check_terms_apr",
    "checked_terms",
    "exact_decimal",
    "inexact_rate",
    "interest_limit_tier",
    "percent_rate",
]

Remainder: TypeAlias = Literal["first", "last"]
"""Which payment of a schedule takes the rounding remainder."""
ROUND_UNITS: Final = (1, 10, 100)
"""The rounding units of an instalment, in yen."""


_PERCENT: Final = re.compile(r"([0-9]{1,3}(?:\.[0-9]{1,4})?)%?")
"""A rate as every surface writes it: a percentage in ASCII digits (``7.5`` is 7.5 %).

At most 3 digits before the point and 4 after, an optional ``%``, no sign and no
exponent: the one grammar of ``apr_percent`` and ``addon_rate_percent`` in Python,
``apr`` and ``addon_rate`` in JSON, and ``--apr`` and ``--addon-rate`` on the
command line (which alone reads full-width digits, point and ``％`` first, as typed
on a Japanese keyboard). A whole number is exact as an int in Python and as an
integer in JSON; a float, in either (a TOML catalog's ``apr = 6.9`` too), is refused by
:func:`inexact_rate`. A decimal fraction such as ``0.1`` is read as 0.1 %, never as 10 %.
"""

_PERCENT_HINT: Final = (
    "write a percentage such as '7.5' for 7.5% "
    "(at most 4 decimals, no exponent; a trailing % is allowed)"
)


def inexact_rate(name: str, value: float) -> ContractError:
    """The refusal of a rate given as a float (``7.5`` in Python, JSON or TOML): not exact.

    The one wording of it, for ``instalments``' arguments and a catalog's instalment terms
    alike, in the words of the field written (``apr``, ``apr_percent``, ``--apr``); the same
    advice in every language (``report.messages.ERRORS_JA``, ``contract.percent_float``).

    Example:
        >>> print(inexact_rate("apr", 6.9))
        apr 6.9 is a number with a decimal point, which is not exact; write it as text, \
such as '6.9' for 6.9%
    """
    got = excerpt(value)
    # The value itself as the example, where the grammar reads it back ("6.9", not "1e-05").
    example = got if _PERCENT.fullmatch(got) else "7.5"
    clause = f"{name} {got} is a number with a decimal point, which is not exact"
    return ContractError(
        clause,
        f"write it as text, such as '{example}' for {example}%",
        ((name, clause),),
        code="contract.percent_float",
        params={"arg": name, "got": got, "example": example},
    )


def percent_rate(value: object, name: str) -> Fraction:
    """A rate given in percent (``"7.5"``, ``"7.5%"``, ``Decimal("7.5")``), as a fraction of one.

    Text follows :data:`_PERCENT`; an int, Decimal or Fraction must be a value it can
    write (0 to 999.9999, whole ten-thousandths of a percent). Floats are refused: a
    rate must be exact.

    Example:
        >>> percent_rate("7.5", "apr_percent"), percent_rate("0.1%", "apr_percent")
        (Fraction(3, 40), Fraction(1, 1000))
    """
    number: Fraction | None = None
    if isinstance(value, str):
        match = _PERCENT.fullmatch(value.strip())
        if match is not None:
            number = Fraction(match.group(1))
    elif (isinstance(value, int | Fraction) and not isinstance(value, bool)) or (
        isinstance(value, Decimal) and value.is_finite()
    ):
        exact = Fraction(value)
        if 0 <= exact < 1000 and (exact * 10_000).denominator == 1:
            number = exact
    if isinstance(value, float):
        raise inexact_rate(name, value)
    if number is None:
        # Echoed cut short: a rate sent over HTTP may be most of a megabyte.
        clause = f"{name} {excerpt(value)} is not a percentage in digits"
        params = {"arg": name, "got": excerpt(value)}
        raise ContractError(
            clause, _PERCENT_HINT, ((name, clause),), code="contract.percent", params=params
        )
    return number / 100


def checked_terms(principal: int, count: int, round_unit: int, remainder: str) -> None:
    yen(principal, "amount")
    if principal < 1:
        raise ContractError(
            f"the amount must be 1 yen or more, got {principal:,}",
            code="contract.amount",
            params={"got": f"{principal:,}"},
        )
    if type(count) is not int or not 1 <= count <= 600:
        raise ContractError(
            f"the number of instalments must be a whole number from 1 to 600, got {count!r}",
            code="contract.count",
            params={"got": excerpt(count)},
        )
    if round_unit not in ROUND_UNITS or type(round_unit) is not int:
        # Named as Python's argument and a catalog's field are (the command line's and the
        # service's choices refuse another value before it comes here).
        raise ContractError(
            f"the rounding unit must be 1, 10 or 100 yen, got {excerpt(round_unit)}",
            "set round_unit to 1, 10 or 100",
            code="contract.round_unit",
            params={"arg": "round_unit", "got": excerpt(round_unit)},
        )
    if remainder not in ("first", "last"):
        raise ContractError(
            f"the remainder goes on the first or the last payment, got {remainder!r}",
            "use remainder='first' or 'last'",
        )


def annuity(monthly: Fraction, count: int) -> Fraction:
    """The level payment per yen financed at a monthly rate."""
    if monthly == 0:
        return Fraction(1, count)
    growth = (1 + monthly) ** count
    return monthly * growth / (growth - 1)


def addon_apr_percent(count: int, addon_rate_percent: object) -> Decimal:
    """The annual percentage rate equivalent to an add-on rate, to two decimals.

    The APR at which level payments (monthly rate APR / 12, first payment one
    month after the loan) equal (1 + add-on rate) / n per yen, found by exact
    bisection and rounded half up to 0.01%.

    Example:
        >>> addon_apr_percent(10, "10")  # 10% add-on over 10 instalments
        Decimal('21.26')
        >>> addon_apr_percent(10, "7.5")
        Decimal('16.04')

    Args:
        count: The number of monthly instalments.
        addon_rate_percent: The add-on rate in percent.

    Returns:
        The APR in percent.

    Raises:
        ContractError: ``count`` is below 1 or the rate inexact.
    """
    checked_terms(1, count, 1, "first")
    rate = percent_rate(addon_rate_percent, "addon_rate_percent")
    target = (1 + rate) / count

    def above(hundredths: Fraction) -> bool:
        return annuity(hundredths / 120_000, count) > target

    low, high = 0, 100
    while not above(Fraction(high)):
        low, high = high, high * 2
    while high - low > 1:
        middle = (low + high) // 2
        if above(Fraction(middle)):
            high = middle
        else:
            low = middle
    # The root lies in [low, high) hundredths of a percent; round it half up.
    nearest = low if above(Fraction(2 * low + 1, 2)) else low + 1
    return (Decimal(nearest) / 100).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


MAX_APR_PERCENT: Final = 20
"""The highest annual percentage rate :func:`instalments` accepts: the ceiling of 出資法.

The general ceiling on interest has been 20% a year since 2010; an APR outside
0-20% is an input error. For the add-on method the equivalent APR is checked.
"""


INTEREST_LIMIT_TIERS: Final = ((0, 20), (100_000, 18), (1_000_000, 15))
"""利息制限法's caps on a loan's interest (DOMAIN §11): from each amount in yen, the cap in
percent a year (20% under ¥100,000, 18% from ¥100,000 to under ¥1,000,000, 15% from
¥1,000,000). Whether they bind shopping credit (a medical loan) directly is unconfirmed, so
``instalments`` notes a rate above them and never refuses it, and lint's SC061 asks the
clinic to check a loan it offers whose rate is above them.
"""


def interest_limit_tier(amount: int) -> tuple[int, int, int | None]:
    """The 利息制限法 tier of an amount financed: its lowest amount, its cap in percent a
    year, and the amount the next tier starts at (``None`` for the top tier).

    The one reading of :data:`INTEREST_LIMIT_TIERS`, for a schedule's note and lint alike.

    Example:
        >>> interest_limit_tier(99_999), interest_limit_tier(550_000)
        ((0, 20, 100000), (100000, 18, 1000000))
        >>> interest_limit_tier(1_000_000)
        (1000000, 15, None)
    """
    place = max(i for i, (start, _) in enumerate(INTEREST_LIMIT_TIERS) if amount >= start)
    start, limit = INTEREST_LIMIT_TIERS[place]
    below = INTEREST_LIMIT_TIERS[place + 1][0] if place + 1 < len(INTEREST_LIMIT_TIERS) else None
    return start, limit, below


def as_written(percent: object) -> str:
    """A percentage as the caller wrote it, without its ``%`` (the message adds one).

    Only for a rate :func:`percent_rate` has read: digits, short by its grammar.
    """
    return str(percent).strip().removesuffix("%").strip()


_RATE_ARGUMENTS: Final = ("apr_percent", "addon_rate_percent")
"""The names of the two rates in Python (``instalments``' arguments), as errors name them."""


def check_terms_apr(
    count: int,
    apr_percent: object,
    addon_rate_percent: object,
    names: tuple[str, str] = _RATE_ARGUMENTS,
) -> Decimal:
    """Refuse a rate whose APR (or add-on equivalent) is outside 0 to :data:`MAX_APR_PERCENT`.

    Returns the APR in percent: the rate given, or an add-on rate's equivalent to 0.01%.
    ``names`` are the APR's and the add-on rate's names where the caller wrote them (a
    catalog's ``apr`` and ``addon_rate``), so a refusal names the field its author wrote.
    """
    if apr_percent is not None:
        apr = percent_rate(apr_percent, names[0]) * 100
        shown = f"{as_written(apr_percent)}%"
    else:
        checked_terms(1, count, 1, "first")
        rate = percent_rate(addon_rate_percent, names[1])
        written = as_written(addon_rate_percent)
        if rate > 1:
            raise ContractError(
                f"an add-on rate of {written}% is above 100%",
                f"check the rate; its APR would be far above the {MAX_APR_PERCENT}% ceiling",
                code="contract.addon_rate",
                params={"rate": written, "ceiling": MAX_APR_PERCENT},
            )
        equivalent = addon_apr_percent(count, rate * 100)
        apr = Fraction(equivalent)
        shown = f"{equivalent}% (the APR of an add-on rate of {written}%)"
    if apr > MAX_APR_PERCENT:
        raise ContractError(
            f"an APR of {shown} is above the {MAX_APR_PERCENT}% ceiling on interest (出資法)",
            f"give an APR from 0% to {MAX_APR_PERCENT}%",
            code="contract.apr",
            params={"apr": f"{float(apr):g}%", "ceiling": MAX_APR_PERCENT},
        )
    return exact_decimal(apr)


def exact_decimal(value: Fraction) -> Decimal:
    return Decimal(value.numerator) / Decimal(value.denominator)
