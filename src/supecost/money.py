"""Whole-yen amounts, yen ranges, and the one place where fractions become yen.

Money in supecost is whole yen held in a plain :class:`int`; floats never
enter. Every fraction of a yen (a percentage off, tax, a per-session share,
an instalment) becomes whole yen through :func:`round_fraction`, with an
explicit :class:`Rounding` mode.

Prices that are only known approximately are :class:`YenRange` values: a
minimum, an optional typical value (標準的な費用) and a maximum that may be
open ("¥100,000〜").

>>> from supecost.money import YenRange
>>> drip = YenRange(10_000, 50_000, typical=30_000)
>>> drip * 3 + 3_300
YenRange(min=33300, max=153300, typical=93300)
>>> (YenRange.at_least(100_000) + drip).max is None
True

This module uses only the standard library at import time; pydantic is
imported lazily, when a model first uses a money type as a field.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated, Any, Final, TypeVar

from supecost.errors import YenRangeError, YenTypeError, YenValueError, refuses_changes

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import CoreSchema

__all__ = [
    "MAX_RATE_DIGITS",
    "MAX_YEN",
    "Certainty",
    "Rounding",
    "Scenario",
    "Yen",
    "YenRange",
    "exact_rate",
    "round_fraction",
    "round_ratio",
    "scale",
    "sum_ranges",
    "yen",
]

MAX_YEN: Final = 999_999_999_999
"""The largest magnitude of any amount: just under one trillion yen (1兆円).

No clinic bill comes near it, it keeps every sum of a few thousand amounts far
inside what babel formats exactly, and it catches a price with a few zeros too
many.
"""


def yen(value: object, name: str = "amount") -> int:
    """Check that a value is a whole-yen amount and return it as a plain ``int``.

    Example:
        >>> yen(33_000)
        33000
        >>> yen(33_000.0)
        Traceback (most recent call last):
        ...
        supecost.errors.YenTypeError: amount must be a whole number of yen (int), \
got 33000.0 of type float; write it as an integer such as 33000, without \
quotes, decimals or a currency sign

    Args:
        value: The candidate amount.
        name: What the amount is for, used in error messages.

    Returns:
        The amount as an ``int`` (an ``int`` subclass is converted).

    Raises:
        YenTypeError: The value is not an ``int``, or is a ``bool``.
        YenValueError: The magnitude exceeds :data:`MAX_YEN`.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise YenTypeError(value, name)
    if not -MAX_YEN <= value <= MAX_YEN:
        raise YenValueError(value, MAX_YEN, name)
    return int(value)


class Rounding(enum.StrEnum):
    """How a fraction of a yen becomes whole yen.

    ``half_up`` rounds halves away from zero (四捨五入); ``half_even`` rounds
    them to the even neighbour (banker's rounding).

    Example:
        >>> [round_fraction(Fraction(-5, 2), mode) for mode in Rounding]
        [-3, -2, -3, -2]
    """

    FLOOR = "floor"
    CEIL = "ceil"
    HALF_UP = "half_up"
    HALF_EVEN = "half_even"


def round_fraction(value: Fraction | int, mode: Rounding) -> int:
    """Round an exact fraction of a yen to whole yen: the only place supecost does so.

    Example:
        >>> round_fraction(Fraction(3345, 10), Rounding.FLOOR)  # 3,345 x 10% = 334.5
        334
        >>> round_fraction(Fraction(3345, 10), Rounding.HALF_EVEN)
        334
        >>> round_fraction(Fraction(3355, 10), Rounding.HALF_EVEN)
        336

    Args:
        value: The exact amount.
        mode: The rounding mode.

    Returns:
        The rounded amount in whole yen.
    """
    if type(value) is not Fraction:
        value = Fraction(value)
    return round_ratio(value.numerator, value.denominator, mode)


def round_ratio(numerator: int, denominator: int, mode: Rounding) -> int:
    """Round ``numerator / denominator`` to whole yen, as :func:`round_fraction` does, in ints.

    The same rounding without building a ``Fraction``, for the engine's and
    the tax's hot paths; the ratio need not be in lowest terms.

    Example:
        >>> round_ratio(3345, 10, Rounding.HALF_EVEN), round_ratio(6690, 20, Rounding.HALF_UP)
        (334, 335)

    Args:
        numerator: The amount's numerator.
        denominator: Its denominator, positive.
        mode: The rounding mode.

    Returns:
        The rounded amount in whole yen.
    """
    floor, remainder = divmod(numerator, denominator)
    if remainder == 0:
        return floor
    if mode is Rounding.FLOOR:
        return floor
    if mode is Rounding.CEIL:
        return floor + 1
    twice = 2 * remainder
    if twice != denominator:
        return floor + 1 if twice > denominator else floor
    if mode is Rounding.HALF_UP:
        return floor + 1 if numerator > 0 else floor
    return floor + (floor % 2)


def exact_rate(value: object) -> Fraction:
    """Turn a rate written exactly (int, Fraction, Decimal or decimal string) into a Fraction.

    Floats are refused: ``0.1`` is not one tenth in binary, and a rate must be exact.

    Example:
        >>> exact_rate("0.075")
        Fraction(3, 40)
        >>> exact_rate("12.5%")
        Fraction(1, 8)

    Args:
        value: The rate as a proportion (``"0.1"``) or a percentage string (``"10%"``).

    Returns:
        The exact rate.

    Raises:
        YenRangeError: The value is a float, a bool, negative, or not a number.
    """
    if isinstance(value, Fraction):
        rate = value
    elif isinstance(value, int) and not isinstance(value, bool):
        rate = Fraction(value)
    elif isinstance(value, str | Decimal):
        text = str(value).strip()
        percent = text.endswith("%")
        try:
            number = Decimal(text.removesuffix("%").strip())
        except (ArithmeticError, ValueError):
            number = Decimal("NaN")
        _check_rate_size(number, value)
        try:
            # NaN and infinities, given as text or as a Decimal, fail here.
            rate = Fraction(number)
        except (ArithmeticError, ValueError):
            raise YenRangeError(
                f"rate {_cut(value)} is not a number",
                "write it as a decimal such as '0.1' or a percentage such as '10%'",
                (value,),
                code="rate.number",
                params={"got": _cut(value)},
            ) from None
        if percent:
            rate /= 100
    else:
        raise YenRangeError(
            f"rate {value!r} of type {type(value).__name__} is not exact",
            "give the rate as an int, a Fraction, a Decimal or a string such as '0.1' or '10%'",
            (value,),
        )
    if rate < 0:
        raise YenRangeError(
            f"rate {value!r} is negative",
            "use a rate of zero or more",
            (value,),
            code="rate.negative",
            params={"got": _cut(value)},
        )
    return rate


MAX_RATE_DIGITS: Final = 30
"""A rate written with more significant digits, or a larger exponent, than this is refused.

``Fraction(Decimal("1e-100000"))`` is exact but has a 100,001-digit
denominator, and every sum with it costs as much; no real rate needs more than
a few digits.
"""


def _check_rate_size(number: Decimal, value: object) -> None:
    _, digits, exponent = number.as_tuple()
    if isinstance(exponent, int) and (
        len(digits) > MAX_RATE_DIGITS or abs(exponent) > MAX_RATE_DIGITS
    ):
        raise YenRangeError(
            f"rate {_cut(value)} has more than {MAX_RATE_DIGITS} digits or an exponent "
            f"beyond ±{MAX_RATE_DIGITS}",
            "write it as a short decimal such as '0.1' or a percentage such as '10%'",
            (value,),
            code="rate.digits",
            params={"got": _cut(value), "digits": MAX_RATE_DIGITS},
        )


def _cut(value: object) -> str:
    """The repr of a value, cut to 60 characters so a message stays one line."""
    text = repr(value)
    return text if len(text) <= 60 else f"{text[:57]}..."


def scale(amount: int, rate: Fraction | int, mode: Rounding) -> int:
    """Multiply a whole-yen amount by an exact rate and round once.

    Example:
        >>> scale(148_500, Fraction(15, 100), Rounding.FLOOR)  # 148,500 x 15% = 22,275
        22275

    Args:
        amount: Whole yen.
        rate: An exact rate.
        mode: How to round the product.

    Returns:
        The rounded product in whole yen.
    """
    if type(rate) is int:
        return amount * rate
    # The product's fraction, unreduced: reducing it cannot change how it rounds.
    ratio = rate if type(rate) is Fraction else Fraction(rate)
    return round_ratio(amount * ratio.numerator, ratio.denominator, mode)


class Certainty(enum.StrEnum):
    """How sure a comparison between ranges can be.

    Example:
        >>> [certainty.value for certainty in Certainty]
        ['certainly', 'possibly', 'never']
    """

    CERTAINLY = "certainly"
    POSSIBLY = "possibly"
    NEVER = "never"


class Scenario(enum.StrEnum):
    """Which point of every range a computation uses: the low, typical or high end.

    Example:
        >>> YenRange(30000, 90000, typical=50000).at(Scenario.TYPICAL)
        50000
    """

    MIN = "min"
    TYPICAL = "typical"
    MAX = "max"


_RANGE_KEYS: Final = ("min", "typical", "max")

_T = TypeVar("_T")


@refuses_changes
@dataclass(frozen=True, slots=True, repr=False)
class YenRange:
    """An amount known to lie between ``min`` and ``max``, perhaps with a typical value.

    ``max`` is ``None`` for an open-ended range ("¥100,000〜"), and ``typical``
    is ``None`` when no standard cost is known. An exact amount is a range with
    ``min == max``.

    Example:
        >>> YenRange(10_000, 50_000) + YenRange.exact(3_300)
        YenRange(min=13300, max=53300)
        >>> 30_000 in YenRange(10_000, 50_000)
        True
        >>> YenRange.exact(20_000).cheaper_than(YenRange(10_000, 50_000))
        <Certainty.POSSIBLY: 'possibly'>

    Args:
        min: The lowest amount.
        max: The highest amount, or ``None`` for open-ended.
        typical: The standard amount, or ``None`` when unknown.

    Raises:
        YenTypeError: A bound is not an ``int``.
        YenRangeError: The bounds are out of order.
    """

    min: int
    max: int | None
    typical: int | None = None

    def __post_init__(self) -> None:
        low = yen(self.min, "min")
        high = None if self.max is None else yen(self.max, "max")
        typical = None if self.typical is None else yen(self.typical, "typical")
        # Store plain ints even when given an int subclass, so equality and hashing are exact.
        object.__setattr__(self, "min", low)
        object.__setattr__(self, "max", high)
        object.__setattr__(self, "typical", typical)
        if high is not None and low > high:
            raise YenRangeError(
                f"min {low:,} is above max {high:,}",
                "swap the bounds, or leave max out for an open-ended range",
                (low, high),
                code="yen.range_order",
                params={"low": f"{low:,}", "high": f"{high:,}"},
            )
        if typical is not None and (typical < low or (high is not None and typical > high)):
            upper = "" if high is None else f" and at most max {high:,}"
            raise YenRangeError(
                f"typical {typical:,} lies outside the range",
                f"make it at least min {low:,}{upper}",
                (low, typical, high),
                code="yen.range_typical_open" if high is None else "yen.range_typical",
                params={
                    "typical": f"{typical:,}",
                    "low": f"{low:,}",
                    "high": "" if high is None else f"{high:,}",
                },
            )

    @classmethod
    def exact(cls, amount: int) -> YenRange:
        """A range holding exactly one amount.

        Example:
            >>> YenRange.exact(148_500).is_exact
            True

        Args:
            amount: The amount, in whole yen.

        Returns:
            ``YenRange(amount, amount)``.

        Raises:
            YenTypeError: The amount is not an ``int``.
            YenValueError: The amount is out of bounds.
        """
        return cls(amount, amount)

    @classmethod
    def at_least(cls, amount: int, typical: int | None = None) -> YenRange:
        """An open-ended range starting at ``amount`` ("¥100,000〜").

        Example:
            >>> YenRange.at_least(100_000).is_open
            True

        Args:
            amount: The lowest amount.
            typical: The standard amount, if known.

        Returns:
            A range with no maximum.

        Raises:
            YenTypeError: An amount is not an ``int``.
            YenRangeError: ``typical`` is below ``amount``.
        """
        return cls(amount, None, typical)

    @property
    def is_exact(self) -> bool:
        """Whether the range holds a single amount."""
        return self.min == self.max

    @property
    def is_open(self) -> bool:
        """Whether the range has no upper bound."""
        return self.max is None

    @property
    def known_typical(self) -> int | None:
        """The typical amount, which for an exact range is the amount itself.

        Example:
            >>> YenRange.exact(500).known_typical, YenRange(1, 9).known_typical
            (500, None)
        """
        return self.min if self.typical is None and self.is_exact else self.typical

    @property
    def typical_point(self) -> int:
        """The amount a range stands for when one is needed: the typical one, else the low end.

        Quotes rank ways of buying by it, and tables and charts place a range
        there. The low end is the one point every range knows.

        Example:
            >>> YenRange(1, 9, 5).typical_point, YenRange(1, 9).typical_point
            (5, 1)
        """
        typical = self.known_typical
        return self.min if typical is None else typical

    def at(self, scenario: Scenario) -> int | None:
        """The amount at one end, or the typical amount; ``None`` where unknown or open.

        Example:
            >>> [YenRange(1, None, 5).at(s) for s in Scenario]
            [1, 5, None]

        Args:
            scenario: Which point.

        Returns:
            The amount there, or ``None`` for an open maximum or an unknown typical.
        """
        if scenario is Scenario.MIN:
            return self.min
        if scenario is Scenario.MAX:
            return self.max
        return self.known_typical

    def map_monotone(self, function: Callable[[int], int]) -> YenRange:
        """Apply a non-decreasing function to every known point of the range.

        Tax, a percentage off and rounding are all non-decreasing, so they keep
        the bounds in order.

        Example:
            >>> YenRange(10_000, None, 30_000).map_monotone(lambda a: a * 11 // 10)
            YenRange(min=11000, max=None, typical=33000)

        Args:
            function: A non-decreasing function of whole yen.

        Returns:
            The range of its results.

        Raises:
            YenRangeError: The function was not non-decreasing, so the results are out of order.
        """
        return YenRange(
            function(self.min),
            None if self.max is None else function(self.max),
            None if self.typical is None else function(self.typical),
        )

    @classmethod
    def _derived(cls, low: int, high: int | None, typical: int | None) -> YenRange:
        """A range computed from ordered ranges, so already ordered: only the bounds are checked.

        Arithmetic builds thousands of ranges per quote; full validation of
        values that are ints and ordered by construction would dominate it.
        """
        if not -MAX_YEN <= low <= MAX_YEN:
            raise YenValueError(low, MAX_YEN, "min")
        if high is not None and high > MAX_YEN:
            raise YenValueError(high, MAX_YEN, "max")
        made = object.__new__(cls)
        object.__setattr__(made, "min", low)
        object.__setattr__(made, "max", high)
        object.__setattr__(made, "typical", typical)
        return made

    def __add__(self, other: YenRange | int) -> YenRange:
        if isinstance(other, YenRange):
            typical = None
            if self.typical is not None or other.typical is not None:
                mine, theirs = self.known_typical, other.known_typical
                typical = None if mine is None or theirs is None else mine + theirs
            high = None if self.max is None or other.max is None else self.max + other.max
            return YenRange._derived(self.min + other.min, high, typical)
        if isinstance(other, int) and not isinstance(other, bool):
            return YenRange._derived(
                self.min + other,
                None if self.max is None else self.max + other,
                None if self.typical is None else self.typical + other,
            )
        return NotImplemented

    def __radd__(self, other: int) -> YenRange:
        return self.__add__(other)

    def __mul__(self, count: int) -> YenRange:
        if isinstance(count, bool) or not isinstance(count, int):
            return NotImplemented
        if count < 0:
            raise YenRangeError(
                f"cannot multiply a range by the negative count {count}",
                "multiply by a count of zero or more",
                (count,),
            )
        if count == 0:
            # Nothing of anything costs exactly nothing, even when the range is open.
            return YenRange.exact(0)
        return YenRange._derived(
            self.min * count,
            None if self.max is None else self.max * count,
            None if self.typical is None else self.typical * count,
        )

    __rmul__ = __mul__

    def scale(self, rate: object, mode: Rounding) -> YenRange:
        """Multiply every point by an exact, non-negative rate and round each once.

        Example:
            >>> YenRange(10_000, 33_333).scale("10%", Rounding.HALF_UP)
            YenRange(min=1000, max=3333)

        Args:
            rate: The rate, as accepted by :func:`exact_rate`.
            mode: How to round each product.

        Returns:
            The scaled range.

        Raises:
            YenRangeError: The rate is inexact or negative.
        """
        exact = exact_rate(rate)
        return self.map_monotone(lambda amount: scale(amount, exact, mode))

    def cheaper_than(self, other: YenRange | int) -> Certainty:
        """Whether this amount is strictly below another, wherever both fall.

        Example:
            >>> YenRange(1, 5).cheaper_than(6), YenRange(6, 9).cheaper_than(6)
            (<Certainty.CERTAINLY: 'certainly'>, <Certainty.NEVER: 'never'>)

        Args:
            other: A range or an exact amount.

        Returns:
            ``CERTAINLY`` when every value here is below every value there,
            ``NEVER`` when no value here is below any value there, else ``POSSIBLY``.
        """
        them = other if isinstance(other, YenRange) else YenRange.exact(yen(other, "other"))
        if self.max is not None and self.max < them.min:
            return Certainty.CERTAINLY
        if them.max is not None and self.min >= them.max:
            return Certainty.NEVER
        return Certainty.POSSIBLY

    def __contains__(self, item: object) -> bool:
        if isinstance(item, YenRange):
            return item.min >= self.min and (
                self.max is None or (item.max is not None and item.max <= self.max)
            )
        if isinstance(item, int) and not isinstance(item, bool):
            return self.min <= item and (self.max is None or item <= self.max)
        return False

    def as_dict(self) -> dict[str, int | None]:
        """The JSON form: ``{"min": ..., "typical": ..., "max": ...}``.

        Example:
            >>> YenRange(10_000, 50_000).as_dict()
            {'min': 10000, 'typical': None, 'max': 50000}
        """
        return {"min": self.min, "typical": self.typical, "max": self.max}

    @classmethod
    def parse(cls, value: object) -> YenRange:
        """Read a range from an amount or from the JSON form; missing ``max`` is open.

        Example:
            >>> YenRange.parse({"min": 100_000})
            YenRange(min=100000, max=None)
            >>> YenRange.parse(9_800)
            YenRange(min=9800, max=9800)

        Args:
            value: An ``int``, or a mapping with ``min`` and optional ``typical`` and ``max``.

        Returns:
            The range.

        Raises:
            YenTypeError: A bound is not a whole number, or the value is of another type.
            YenRangeError: Keys are missing or misspelt, or bounds are out of order.
        """
        if isinstance(value, YenRange):
            return value
        if isinstance(value, dict):
            unknown = sorted(set(value) - set(_RANGE_KEYS), key=str)
            if unknown:
                raise YenRangeError(
                    f"unknown key {unknown[0]!r} in a price range",
                    "a range has only the keys min, typical and max",
                    tuple(unknown),
                    code="yen.range_key",
                    params={"key": _cut(unknown[0])},
                )
            if "min" not in value:
                raise YenRangeError(
                    "a price range needs a min",
                    "add min, the lowest price",
                    (),
                    code="yen.range_min",
                )
            return cls(value["min"], value.get("max"), value.get("typical"))
        return cls.exact(yen(value, "price"))

    def __repr__(self) -> str:
        typical = "" if self.typical is None else f", typical={self.typical}"
        return f"YenRange(min={self.min}, max={self.max}{typical})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _for_pydantic(cls.parse),
            serialization=core_schema.plain_serializer_function_ser_schema(
                cls.as_dict, when_used="always"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        amount = {"type": "integer", "minimum": -MAX_YEN, "maximum": MAX_YEN}
        return {
            "title": "YenRange",
            "description": (
                "Whole yen: an integer, or a range {min, typical, max}; "
                "no max (or null) means open-ended"
            ),
            "oneOf": [
                amount,
                {
                    "type": "object",
                    "properties": {
                        "min": amount,
                        "typical": {"anyOf": [amount, {"type": "null"}]},
                        "max": {"anyOf": [amount, {"type": "null"}]},
                    },
                    "required": ["min"],
                    "additionalProperties": False,
                },
            ],
        }


def sum_ranges(ranges: Iterable[YenRange | int]) -> YenRange:
    """Add many ranges and amounts; the empty sum is exactly zero.

    Example:
        >>> sum_ranges([YenRange(1, 2), 10, YenRange.at_least(5)])
        YenRange(min=16, max=None)
        >>> sum_ranges([])
        YenRange(min=0, max=0)

    Args:
        ranges: Ranges and whole-yen amounts.

    Returns:
        Their sum; open-ended if any is.
    """
    # One pass over plain ints, as adding them one by one would: the typical
    # amount is known when some item gives one and every item has one.
    low = 0
    high: int | None = 0
    typical: int | None = 0
    explicit = False
    for item in ranges:
        if isinstance(item, YenRange):
            low += item.min
            if high is not None:
                high = None if item.max is None else high + item.max
            if item.typical is not None:
                explicit = True
            if typical is not None:
                known = item.known_typical
                typical = None if known is None else typical + known
        elif isinstance(item, int) and not isinstance(item, bool):
            low += item
            high = None if high is None else high + item
            typical = None if typical is None else typical + item
        else:
            raise YenTypeError(item, "amount")
    return YenRange._derived(low, high, typical if explicit else None)


def _for_pydantic(validate: Callable[[Any], _T]) -> Callable[[Any], _T]:
    """Wrap a validator so pydantic reports a :class:`YenTypeError` as a ValidationError.

    Pydantic turns only ``ValueError`` and ``AssertionError`` into validation
    errors; a ``TypeError`` would escape ``model_validate`` as it is.
    """

    def validator(value: Any) -> _T:
        try:
            return validate(value)
        except YenTypeError as error:
            raise ValueError(str(error)) from error

    return validator


class _StrictYen:
    """Pydantic metadata for :data:`Yen`: a whole-yen ``int`` and nothing else."""

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _for_pydantic(yen),
            json_schema_input_schema=core_schema.int_schema(ge=-MAX_YEN, le=MAX_YEN),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # The same in validation and serialization mode; pydantic cannot derive the latter.
        return {"type": "integer", "minimum": -MAX_YEN, "maximum": MAX_YEN}


Yen = Annotated[int, _StrictYen()]
"""A whole-yen ``int`` as a pydantic field type: floats, strings and bools are refused."""

# An alias takes a docstring of its own (a dunder is set on the alias, not on ``int``), so
# ``help(supecost.Yen)`` and the doctests see this rather than typing.Annotated's text.
Yen.__doc__ = """A whole-yen ``int`` as a pydantic field type: floats, strings, bools refused.

It is ``typing.Annotated[int, ...]``: a plain ``int`` to type checkers, checked as
:func:`yen` checks an amount wherever pydantic validates a field of this type.

Example:
    >>> from pydantic import BaseModel, ValidationError
    >>> class Fee(BaseModel):
    ...     price: Yen
    >>> Fee(price=3300).price
    3300
    >>> try:
    ...     Fee(price=3300.5)
    ... except ValidationError as error:
    ...     print(error.errors()[0]["msg"])
    Value error, amount must be a whole number of yen (int), got 3300.5 of type float; ...
"""
