"""Instalment schedules (分割払い): level payments (元利均等) and the add-on method.

The arithmetic of a loan's payments, below the reports and the contracts so both
compute them one way: :mod:`supecost.contracts` re-exports every name here
(``supecost.contracts.instalments`` is :func:`instalments`), and an estimate shows
a clinic's terms (``Clinic.instalments``) with it. The terms' checks are
:mod:`supecost.rates`'; every fraction of a yen is rounded through ``money``.

>>> from supecost.loans import instalments
>>> schedule = instalments(159_500, 24, apr_percent="6.9")
>>> schedule.amounts[:2], schedule.total
((7145, 7133), 171204)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    ValidationError,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from supecost.catalog import _AMOUNT_SCHEMA
from supecost.engine.resolve import add_months
from supecost.errors import ContractError
from supecost.money import MAX_YEN, Rounding, Yen, round_fraction
from supecost.quotes import CallerRecord, raised_inside, record_error
from supecost.rates import INTEREST_LIMIT_TIERS, Remainder
from supecost.rates import annuity as _annuity
from supecost.rates import check_terms_apr as _check_terms_apr
from supecost.rates import checked_terms as _checked_terms
from supecost.rates import interest_limit_tier as _interest_limit_tier
from supecost.rates import percent_rate as _percent_rate

__all__ = [
    "INTEREST_LIMIT_TIERS",
    "Amount",
    "ContractRecord",
    "Count",
    "Months",
    "Payment",
    "PaymentSchedule",
    "ScheduleNote",
    "ScheduleNoteCode",
    "addon_payments",
    "instalments",
    "level_payments",
    "noted",
]


def _non_negative(value: int) -> int:
    if value < 0:
        raise ValueError(f"an amount must not be negative, got {value:,}; write 0 or more")
    return value


Amount: TypeAlias = Annotated[Yen, AfterValidator(_non_negative), WithJsonSchema(_AMOUNT_SCHEMA)]
"""A whole-yen amount of zero or more."""


Count: TypeAlias = Annotated[StrictInt, Field(ge=1, le=100_000)]
Months: TypeAlias = Annotated[StrictInt, Field(ge=1, le=1200)]


class ContractRecord(CallerRecord):
    """Base of every record here: frozen, no unknown fields; bad input is a :class:`ContractError`.

    A caller catching ``SupecostError`` (or ``ValueError``) catches a bad
    contract, as it catches a bad request.
    """

    @classmethod
    def _invalid(cls, error: ValidationError) -> ContractError:
        """The error bad input is: a :class:`ContractError` naming each field."""
        own = raised_inside(error, ContractError)
        if own is not None:
            return own
        found = record_error(error, cls, request_hints=False)
        return ContractError(
            found.message, found.hint, code=found.code, params={**found.params, "hints": False}
        )


class Payment(ContractRecord):
    """One payment of a schedule.

    Example:
        >>> Payment(number=1, amount=10_750, principal=10_000, interest=750).due is None
        True

    Args:
        number: Its number, from 1.
        due: Its due date, when known.
        amount: What is paid.
        principal: The part that repays the principal.
        interest: The part that is interest or fee.
        item: What it pays for: an ``instalment``, a plan's ``enrollment`` fee, or a
            plan's ``month``; words come at rendering.
        month: The plan's month it pays for, from 1 (``month`` only).
    """

    number: Count
    due: date | None = None
    amount: Amount
    principal: Yen
    interest: Yen
    item: Literal["instalment", "enrollment", "month"] = "instalment"
    month: Months | None = None


class ScheduleNoteCode(enum.StrEnum):
    """What a note on a payment schedule says; its words come at rendering.

    Example:
        >>> ScheduleNoteCode.INTEREST_LIMIT_TIER.value
        'interest_limit_tier'
    """

    INTEREST_LIMIT_TIER = "interest_limit_tier"
    """The APR (``apr``) is above the 利息制限法 cap (``limit``) for the ``amount`` (its tier
    from ``tier_from`` to below ``tier_below``); whether it binds shopping credit is unconfirmed
    (DOMAIN §11)."""
    LAST_INTEREST_REDUCED = "last_interest_reduced"
    """With the remainder on the first payment, the last payment's interest is ``reduced`` yen
    below the ``interest`` its balance owes, so every payment after the first is ``level``."""
    LAST_BELOW_LEVEL = "last_below_level"
    """With the remainder on the first payment, no first payment makes every later one
    ``level``: the last is ``last``."""


class ScheduleNote(ContractRecord):
    """A note on a payment schedule, as a code and its values; words come at rendering.

    :func:`supecost.present.schedule_note_text` words it in Japanese or English.

    Example:
        >>> note = ScheduleNote(code="interest_limit_tier", apr=Decimal("19.5"), limit=15,
        ...                     amount=1_500_000, tier_from=1_000_000)
        >>> note.code, note.limit
        (<ScheduleNoteCode.INTEREST_LIMIT_TIER: 'interest_limit_tier'>, 15)

    Args:
        code: What the note says.
        apr: The APR in percent, for an add-on rate its equivalent (``interest_limit_tier``).
        limit: The 利息制限法 cap of the amount's tier, in percent (``interest_limit_tier``).
        amount: The amount financed (``interest_limit_tier``).
        tier_from: The lowest amount of the tier (``interest_limit_tier``).
        tier_below: The amount the tier ends below; ``None`` for the top tier.
        level: The level payment (``last_interest_reduced``, ``last_below_level``).
        last: The last payment (``last_below_level``).
        interest: The interest the last payment's balance owes (``last_interest_reduced``).
        reduced: How much less the last payment charges (``last_interest_reduced``).
    """

    code: ScheduleNoteCode
    apr: Decimal | None = None
    limit: int | None = None
    amount: int | None = None
    tier_from: int | None = None
    tier_below: int | None = None
    level: int | None = None
    last: int | None = None
    interest: int | None = None
    reduced: int | None = None


class PaymentSchedule(ContractRecord):
    """A payment schedule: instalments of a loan, or a monthly plan's fees.

    Example:
        >>> addon_payments(100_000, 10, "7.5").amounts
        (10750, 10750, 10750, 10750, 10750, 10750, 10750, 10750, 10750, 10750)

    Args:
        method: ``level`` (元利均等), ``addon`` (アドオン) or ``plan`` (fees of a monthly plan).
        principal: The amount financed, or the plan's fees.
        rate_percent: The annual percentage rate (level) or add-on rate (addon).
        payments: The payments, in order.
        total: Their sum.
        interest: ``total - principal``.
        notes: What a reader should know beside the payments
            (:class:`~supecost.loans.ScheduleNote`); left out of JSON when none.

    Raises:
        ContractError: The sums do not agree.
    """

    method: Literal["level", "addon", "plan"]
    principal: Amount
    rate_percent: Fraction | None = None
    payments: Annotated[tuple[Payment, ...], Field(min_length=1)]
    total: Amount
    interest: Yen
    notes: tuple[ScheduleNote, ...] = ()

    @model_serializer(mode="wrap")
    def _without_notes(self, handler: SerializerFunctionWrapHandler) -> Any:
        return noted(handler(self), self.notes)

    @model_validator(mode="after")
    def _sums(self) -> PaymentSchedule:
        if sum(p.amount for p in self.payments) != self.total:
            raise ValueError("the payments do not add up to the total")
        if self.total - self.principal != self.interest:
            raise ValueError("interest must be the total less the principal")
        if sum(p.principal for p in self.payments) != self.principal:
            raise ValueError("the principal parts do not add up to the principal")
        if sum(p.interest for p in self.payments) != self.interest:
            raise ValueError("the interest parts do not add up to the interest")
        return self

    @property
    def amounts(self) -> tuple[int, ...]:
        """The payment amounts, in order."""
        return tuple(payment.amount for payment in self.payments)


def noted(data: Any, notes: tuple[ScheduleNote, ...]) -> Any:
    """A schedule's JSON without its ``notes`` key where it has none (also a contract's)."""
    # A schedule without notes reads back as it always did.
    if isinstance(data, dict) and not notes:
        data.pop("notes", None)
    return data


def _total_in_bounds(total: int) -> int:
    """A schedule's total, refused where interest takes it past what supecost handles.

    Every input may be within its own bounds (an amount up to MAX_YEN, 600 instalments, 20 %)
    while the total is not: the refusal says so, and names the inputs that lower it, rather
    than the money layer's advice for a mistyped amount.
    """
    if total <= MAX_YEN:
        return total
    raise ContractError(
        f"the amount with interest comes to {total:,} yen, more than supecost can handle "
        f"({MAX_YEN:,} yen)",
        "lower the amount, the number of instalments or the rate",
        code="contract.total_bounds",
        params={"total": f"{total:,}", "limit": f"{MAX_YEN:,}"},
    )


def _cannot_spread(principal: int, total: int, count: int, unit: int) -> ContractError:
    """The refusal of a loan too small for its instalments once rounded to ``unit``."""
    # The amount as the caller gave it, and the total only beside it: "¥37" alone reads as
    # a misreading of the ¥5 asked for.
    amount = f"¥{principal:,}" + ("" if total == principal else f" (¥{total:,} with interest)")
    message = f"{amount} cannot be spread over {count} instalments of at least ¥{unit} each"
    return ContractError(
        message,
        "use fewer instalments or a smaller rounding unit",
        (("count", message),),
        code="contract.spread",
        params={"amount": f"{principal:,}", "count": count, "unit": unit},
    )


def _split(principal: int, total: int, count: int, unit: int, remainder: Remainder) -> list[int]:
    """Level amounts rounded down to the unit, the remainder on the first or last."""
    level = total // (count * unit) * unit
    if level < 1:
        raise _cannot_spread(principal, total, count, unit)
    amounts = [level] * count
    amounts[0 if remainder == "first" else -1] += total - level * count
    return amounts


def _due(first_due: date | None, index: int) -> date | None:
    return None if first_due is None else add_months(first_due, index)


def level_payments(
    principal: int,
    count: int,
    apr_percent: object,
    *,
    round_unit: int = 1,
    remainder: Remainder = "first",
    first_due: date | None = None,
    rounding: Rounding = Rounding.FLOOR,
) -> PaymentSchedule:
    """Level payments (元利均等): the annuity at a monthly rate of APR / 12, each month's
    interest on its balance.

    The exact total of ``count`` annuity payments is rounded once with
    ``rounding``; the level amount is that total over ``count``, rounded down to
    ``round_unit`` (over a long loan, where rounding each month's interest would
    let that amount clear the balance before the last month, the largest
    multiple of ``round_unit`` that does not). Then the balance decides: each
    payment's interest is the balance before it times APR / 12, rounded with ``rounding`` (the one
    rounding of a month's interest), the rest of the payment repays principal,
    and the last payment is what clears the balance, its interest included.
    With ``remainder="last"`` every payment but the last is the level amount;
    with ``"first"`` every payment but the first and the last is, and the first
    is larger by the least amount that brings the last down to no more than
    the level amount (more paid early owes less interest later; over a long,
    dear loan a yen early is several at the end, so the last may fall further
    below). The schedule is consistent month by month and the payments are
    charged exactly APR / 12 a month on what is owed, less only what rounding
    each month's interest took off: APR is the rate of the payments made.

    Example:
        >>> schedule = level_payments(100_000, 10, "16.04")
        >>> schedule.amounts[:2], schedule.amounts[-1], schedule.total, schedule.interest
        ((10752, 10749), 10749, 107493, 7493)

    Args:
        principal: The amount financed, in yen.
        count: The number of monthly instalments.
        apr_percent: The annual percentage rate (実質年率) in percent, such as ``"15"``.
        round_unit: 1, 10 or 100 yen.
        remainder: ``first`` or ``last``: which payment takes the remainder.
        first_due: The first due date; the others follow monthly.
        rounding: How fractions of a yen are rounded.

    Returns:
        The schedule.

    Raises:
        ContractError: An argument is out of range or the rate inexact, or the
            rounding leaves nothing (or less than nothing) for the last payment.
    """
    _checked_terms(principal, count, round_unit, remainder)
    monthly = _percent_rate(apr_percent, "apr_percent") / 12
    total = _total_in_bounds(round_fraction(principal * count * _annuity(monthly, count), rounding))
    runs = _LevelRun(principal, count, monthly, rounding)
    level = _level(runs, _split(principal, total, count, round_unit, "last")[0], round_unit)
    if level is None:
        raise _cannot_spread(principal, total, count, round_unit)
    rows, notes = _level_rows(runs, level, remainder)
    payments = tuple(
        Payment(
            number=number,
            due=_due(first_due, number - 1),
            amount=amount,
            principal=amount - interest,
            interest=interest,
        )
        for number, (amount, interest) in enumerate(rows, start=1)
    )
    paid = sum(payment.amount for payment in payments)
    return PaymentSchedule(
        method="level",
        principal=principal,
        rate_percent=monthly * 1200,
        payments=payments,
        total=paid,
        interest=paid - principal,
        notes=notes,
    )


def _level_rows(
    runs: _LevelRun, level: int, remainder: Remainder
) -> tuple[list[tuple[int, int]], tuple[ScheduleNote, ...]]:
    """Each payment's amount and interest at ``level``, the remainder on the first or last.

    With ``last`` every payment but the last is ``level`` and the last clears the balance.
    With ``first`` every payment after the first is ``level`` (DOMAIN §7: the remainder on
    the first): the first is ``level`` plus the extra that makes the last ``level`` too.
    Rounding each month's interest down makes the last a step function of that extra (a yen
    paid first is about (1 + APR / 12)^(n - 1) yen at the end), which can step over
    ``level``; then the largest extra whose last is above it is taken and the last payment
    charges that much less interest than its balance owes (a yen or a few, the patient's
    favour), noted. Where its interest cannot give that much, the last stays below
    ``level``, as with the least extra that brings it there, and the note says why.
    """
    if remainder == "last" or runs.count == 1:
        rows = runs.rows(level, 0)
        assert rows is not None
        return rows, ()
    # The least extra (negative where the level amount alone leaves the last below it, the
    # first then taking a remainder below zero) whose last is at most the level amount.
    low, high = -1, 1
    while runs.last(level, high) > level:
        high *= 2
    while level + low > 1 and runs.last(level, low) <= level:
        low *= 2
    low = max(low, 1 - level)
    while high - low > 1:
        middle = (low + high) // 2
        if runs.last(level, middle) > level:
            low = middle
        else:
            high = middle
    least = high
    rows = runs.rows(level, least)
    if rows is not None and rows[-1][0] == level:
        return rows, ()
    above = runs.rows(level, least - 1) if least - 1 >= 1 - level else None
    if above is not None:
        last, interest = above[-1]
        reduced = last - level
        if 0 < reduced <= interest:
            above[-1] = (level, interest - reduced)
            note = ScheduleNote(
                code=ScheduleNoteCode.LAST_INTEREST_REDUCED,
                level=level,
                interest=interest,
                reduced=reduced,
            )
            return above, (note,)
    # Where the least such extra overshoots the balance, one yen less leaves the last a little
    # above the level amount instead (the level amount alone never does: _level).
    held = rows or above
    assert held is not None
    note = ScheduleNote(code=ScheduleNoteCode.LAST_BELOW_LEVEL, level=level, last=held[-1][0])
    return held, (note,)


@dataclass(frozen=True)
class _LevelRun:
    """Level payments run month by month: the one place a month's interest is rounded."""

    principal: int
    count: int
    monthly: Fraction
    rounding: Rounding

    def rows(self, level: int, extra: int) -> list[tuple[int, int]] | None:
        """Each payment's amount and interest, the first ``extra`` above ``level`` and the
        last clearing the balance; ``None`` where the balance runs out before the last."""
        balance = self.principal
        rows = []
        for number in range(1, self.count + 1):
            interest = round_fraction(balance * self.monthly, self.rounding)
            if number == self.count:
                amount = balance + interest
            else:
                amount = level + (extra if number == 1 else 0)
            balance -= amount - interest
            if amount < 1 or balance < 0:
                return None
            rows.append((amount, interest))
        return rows

    def last(self, level: int, extra: int = 0) -> int:
        """The last payment; -1 where the balance runs out before it."""
        rows = self.rows(level, extra)
        return -1 if rows is None else rows[-1][0]


def _level(runs: _LevelRun, annuity: int, unit: int) -> int | None:
    """The level amount: the exact annuity's rounded down to ``unit``, or where rounding each
    month's interest would let that clear the balance before the last month (a long loan),
    the largest multiple of ``unit`` that does not; ``None`` where not even one unit does."""

    def fits(units: int) -> bool:
        return runs.rows(units * unit, 0) is not None

    high = annuity // unit
    if fits(high):
        return high * unit
    step = 1
    while high - step >= 1 and not fits(high - step):
        high, step = high - step, step * 2
    low = max(0, high - step)
    if low == 0 and not fits(1):
        return None
    low = max(low, 1)
    while high - low > 1:
        middle = (low + high) // 2
        if fits(middle):
            low = middle
        else:
            high = middle
    return low * unit


def addon_payments(
    principal: int,
    count: int,
    addon_rate_percent: object,
    *,
    round_unit: int = 1,
    remainder: Remainder = "first",
    first_due: date | None = None,
    rounding: Rounding = Rounding.FLOOR,
) -> PaymentSchedule:
    """The add-on method: fee = principal x add-on rate; instalment = (principal + fee) / n.

    Example:
        >>> schedule = addon_payments(100_000, 10, "7.5")
        >>> schedule.amounts[0], schedule.total, schedule.interest  # 107,500 / 10
        (10750, 107500, 7500)
        >>> addon_payments(100_000, 10, "7.5", round_unit=100).amounts[:2]  # 500 left over
        (11200, 10700)

    Args:
        principal: The amount financed, in yen.
        count: The number of monthly instalments.
        addon_rate_percent: The add-on rate in percent for the whole term, such as ``"7.5"``.
        round_unit: 1, 10 or 100 yen.
        remainder: ``first`` or ``last``: which payment takes the remainder.
        first_due: The first due date; the others follow monthly.
        rounding: How a fractional fee is rounded.

    Returns:
        The schedule; each payment's interest is its share of the fee.

    Raises:
        ContractError: An argument is out of range or the rate inexact.
    """
    _checked_terms(principal, count, round_unit, remainder)
    rate = _percent_rate(addon_rate_percent, "addon_rate_percent")
    fee = round_fraction(principal * rate, rounding)
    total = _total_in_bounds(principal + fee)
    amounts = _split(principal, total, count, round_unit, remainder)
    odd = 0 if remainder == "first" else count - 1
    shares = [amount * fee // total for amount in amounts]
    shares[odd] = fee - sum(shares) + shares[odd]
    payments = tuple(
        Payment(
            number=index + 1,
            due=_due(first_due, index),
            amount=amount,
            principal=amount - share,
            interest=share,
        )
        for index, (amount, share) in enumerate(zip(amounts, shares, strict=True))
    )
    return PaymentSchedule(
        method="addon",
        principal=principal,
        rate_percent=rate * 100,
        payments=payments,
        total=total,
        interest=fee,
    )


def instalments(
    amount: int,
    count: int,
    *,
    apr_percent: object = None,
    addon_rate_percent: object = None,
    round_unit: int = 1,
    remainder: Remainder = "first",
    first_due: date | None = None,
) -> PaymentSchedule:
    """Level payments for ``apr_percent``, or add-on payments for ``addon_rate_percent``.

    Example:
        >>> instalments(100_000, 10, addon_rate_percent="7.5").total
        107500

    Args:
        amount: The amount financed, in yen.
        count: The number of monthly instalments.
        apr_percent: The annual percentage rate, for level payments.
        addon_rate_percent: The add-on rate, for the add-on method.
        round_unit: 1, 10 or 100 yen.
        remainder: ``first`` or ``last``.
        first_due: The first due date.

    Returns:
        The schedule. Where its APR (an add-on rate's equivalent) is above the 利息制限法
        cap of the amount's tier (20% under ¥100,000, 18% to under ¥1,000,000, 15% from
        ¥1,000,000; DOMAIN §11), it is still made, as whether those caps bind shopping
        credit is unconfirmed, and carries an ``interest_limit_tier`` note saying so.

    Raises:
        ContractError: Not exactly one rate is given, or an argument is out of range.
    """
    if (apr_percent is None) == (addon_rate_percent is None):
        message = "give exactly one of apr_percent= and addon_rate_percent="
        raise ContractError(
            message,
            "use apr_percent= for level payments or addon_rate_percent= for the add-on method",
            (("", message),),
        )
    apr = _check_terms_apr(count, apr_percent, addon_rate_percent)
    if apr_percent is not None:
        schedule = level_payments(
            amount,
            count,
            apr_percent,
            round_unit=round_unit,
            remainder=remainder,
            first_due=first_due,
        )
    else:
        schedule = addon_payments(
            amount,
            count,
            addon_rate_percent,
            round_unit=round_unit,
            remainder=remainder,
            first_due=first_due,
        )
    limit = _interest_limit_note(amount, apr)
    if limit is None:
        return schedule
    return PaymentSchedule.model_validate({**dict(schedule), "notes": (limit, *schedule.notes)})


def _interest_limit_note(amount: int, apr: Decimal) -> ScheduleNote | None:
    """The note of an APR above the 利息制限法 cap of the amount's tier; ``None`` within it."""
    start, limit, below = _interest_limit_tier(amount)
    if apr <= limit:
        return None
    return ScheduleNote(
        code=ScheduleNoteCode.INTEREST_LIMIT_TIER,
        apr=apr,
        limit=limit,
        amount=amount,
        tier_from=start,
        tier_below=below,
    )
