"""Contracts for sets and monthly plans: coverage, cooling-off, cancellation, ledgers, instalments.

A set of sessions (回数券, コース) or a monthly plan (月額プラン) bought at a clinic
is a contract. When the treatment is flagged in the catalog as covered by the
cosmetic-medicine rules of the Act on Specified Commercial Transactions
(特定商取引法, 特定継続的役務提供, from 2017-12-01), the law caps what a clinic may
keep when the patient cancels. This module computes those numbers exactly:

- :func:`contract_for_offer` and :meth:`Contract.from_lines` build a
  :class:`Contract` (lines, total, per-session contract price as a
  :class:`~fractions.Fraction`, date the contract document was received, rules);
- :func:`applicability` says whether the statute covers it, with reasons;
- :func:`cooling_off_until` gives the last day of the 8-day cooling-off period;
- :func:`settle` gives what the clinic may keep and must refund on a date;
- :class:`Ledger` follows a set or plan over time (purchased, used, expired, refunded);
- :func:`level_payments`, :func:`addon_payments` and :func:`subscription_schedule`
  give payment schedules (:class:`PaymentSchedule`);
- :func:`contract_report` and :func:`instalment_report` give the JSON objects of
  the ``supecost contract`` and ``supecost instalments`` commands.

>>> from datetime import date
>>> set_of_6 = ContractLine(label="6-session set", kind="bundle", amount=510_000, sessions=6)
>>> contract = Contract.from_lines(
...     [set_of_6], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
... )
>>> settlement = settle(contract, on=date(2024, 6, 1), used=2)
>>> settlement.keep_max, settlement.refund_min  # 170,000 given + the ¥50,000 cap
(220000, 290000)

Money is whole yen (``int``); every fraction of a yen becomes yen through
:func:`supecost.money.round_fraction` with an explicit
:class:`~supecost.money.Rounding`. Whatever the sources left unconfirmed is a
field of :class:`Assumptions`, documented in ``docs/contracts.md``. This module
never reads the clock: every date is a parameter.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Final, Literal, TypeAlias, TypedDict

from pydantic import (
    BeforeValidator,
    Field,
    SerializerFunctionWrapHandler,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    model_serializer,
    model_validator,
)

from supecost.catalog import (
    MAX_MONTHS,
    AnyOffer,
    Bundle,
    Catalog,
    ContractRules,
    FirstMonth,
    Intro,
    IntroFor,
    Ladder,
    Package,
    SharedSet,
    Subscription,
    Treatment,
    allowance_month,
    plan_cost,
    plan_held,
)
from supecost.engine.bill import tax_lines, tax_once
from supecost.engine.purchase import Purchase, offer_purchase, offer_sold, offer_treatment
from supecost.engine.resolve import (
    add_months,
    check_bought,
    check_segment,
    check_sold_out,
    first_month_of,
    first_time_past,
    goods_sold,
    had_before,
    per_patient,
    priced_by,
)
from supecost.engine.tables import (
    discounted,
    first_month_price,
    intro_for,
    package_intro,
    targets,
)
from supecost.errors import ContractError, RequestError, excerpt
from supecost.loans import (
    INTEREST_LIMIT_TIERS,
    Amount,
    Count,
    Months,
    Payment,
    PaymentSchedule,
    ScheduleNote,
    ScheduleNoteCode,
    addon_payments,
    instalments,
    level_payments,
)
from supecost.loans import ContractRecord as _Model
from supecost.loans import noted as _noted
from supecost.money import Rounding, Yen, YenRange, exact_rate, round_fraction, yen
from supecost.quotes import (
    MAX_GOODS_UNITS,
    MAX_HISTORY,
    checked_record,
)
from supecost.rates import (
    MAX_APR_PERCENT,
    addon_apr_percent,
)
from supecost.rates import as_written as _as_written
from supecost.rates import exact_decimal as _decimal
from supecost.rates import percent_rate as _percent_rate
from supecost.tax import TaxCategory

__all__ = [
    "BEAUTY_SALON",
    "COSMETIC_MEDICINE",
    "DEFAULT_ASSUMPTIONS",
    "INTEREST_LIMIT_TIERS",
    "MAX_APR_PERCENT",
    "AgreedPrice",
    "Applicability",
    "Assumptions",
    "ClinicTerms",
    "Contract",
    "ContractDiscount",
    "ContractLine",
    "ContractReport",
    "ContractUnits",
    "InstalmentReport",
    "Ledger",
    "LedgerEvent",
    "LedgerStatus",
    "MonthlyTerms",
    "Payment",
    "PaymentSchedule",
    "Reason",
    "ReasonCode",
    "RuleSet",
    "RulesSource",
    "ScheduleNote",
    "ScheduleNoteCode",
    "Settlement",
    "SettlementCode",
    "SettlementLine",
    "SettlementNote",
    "addon_apr_percent",
    "addon_payments",
    "applicability",
    "contract_for_offer",
    "contract_report",
    "cooling_off_until",
    "instalment_report",
    "instalments",
    "level_payments",
    "percent_share",
    "plan_schedule",
    "rule_set",
    "settle",
    "share",
    "subscription_schedule",
    "valid_until",
]


def share(value: object, name: str = "share") -> Fraction:
    """Read a share of an amount (a cancellation fee's rate), exactly, from 0 to 1.

    The one grammar of a share written as a proportion, which every record and JSON body
    reads (:class:`ClinicTerms`' ``fee_rate``, :class:`RuleSet`'s ``outstanding_rate``):
    ``"10%"`` or ``"0.1"`` is one tenth, ``"100%"``, ``"1.0"``, ``Decimal("1.0")`` or
    ``Fraction(1)`` all of it.
    A bare ``1`` is refused, however it is spelled (``1``, ``"1"``, ``"１"``, ``"+1"``,
    ``"01"``): as a proportion it is all of the amount, where the command line's
    ``--clinic-fee-rate 1`` is 1 % (:func:`percent_share`), so a booking system writing a
    clinic's "1%" as ``1`` would keep everything. The one reading where the surfaces part
    is refused, never guessed.

    Example:
        >>> share("10%"), share("0.2"), share("100%"), share(Fraction(1))
        (Fraction(1, 10), Fraction(1, 5), Fraction(1, 1), Fraction(1, 1))
        >>> share(Decimal("1.0"))
        Fraction(1, 1)
        >>> share(1, "fee_rate")
        Traceback (most recent call last):
        ...
        supecost.errors.ContractError: fee_rate 1 is ambiguous: ...

    Args:
        value: A proportion (``"0.1"``, a Fraction, ``0``) or a percentage string
            (``"10%"``), as :func:`~supecost.money.exact_rate` reads one.
        name: How the value is named in an error (the field's name).

    Returns:
        The exact share.

    Raises:
        ContractError: The share is more than 100 %, or is a bare ``1``. A whole number
            is a proportion, so a caller who meant ten per cent and wrote ``10`` would
            otherwise get 1,000 %.
        YenRangeError: The value is not an exact, non-negative rate.
    """
    rate = exact_rate(value)
    if rate > 1:
        raise ContractError(
            f"a share of an amount must be at most 100%, got {_percent(rate)}%",
            "write ten per cent as '10%' or '0.1' (a whole number such as 10 is read as 1,000%)",
            code="contract.share",
            params={"got": _percent(rate)},
        )
    if rate == 1 and not isinstance(value, Fraction) and not _spelled_whole(value):
        raise ContractError(
            f"{name} 1 is ambiguous: all of the amount as a proportion, but 1% on the command line",
            "write one per cent as '1%' or '0.01', and all of the amount as '100%' or '1.0'",
            code="contract.share_one",
            params={"name": name},
        )
    return rate


def _spelled_whole(value: object) -> bool:
    """Whether a value says a share of all, not a count: text with a decimal point or a per
    cent sign, in half or full width, or a ``Decimal`` written with a point (``Decimal("1.0")``,
    whose exponent keeps the places it was written with)."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return isinstance(exponent, int) and exponent < 0
    return isinstance(value, str) and any(mark in value for mark in ".%．％")


def _field_share(value: object, info: ValidationInfo) -> Fraction:
    """:func:`share` as a record's field reads it, its errors naming the field."""
    return share(value, info.field_name or "share")


def _percent(rate: Fraction) -> str:
    return f"{(Decimal(rate.numerator * 100) / rate.denominator).normalize():,f}"


_SHARE_TEXT: Final = (
    r"^(?:0(?:\.[0-9]{1,12})?|1\.0{1,12}|(?:100(?:\.0{1,12})?|[0-9]{1,2}(?:\.[0-9]{1,12})?)%)$"
)
"""A share as text: ``0.2``, ``1.0``, ``20%`` or ``100%``, as :func:`share` reads one (a bare
``1`` refused)."""


def _share_schema(pattern: str, most: int) -> WithJsonSchema:
    """What a share reads, as a schema: text or a whole number (a JSON float is refused as
    inexact), the text as a pattern, so a client validating by the schema sends no text the
    record refuses ("", "ten", "150%", "1")."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": pattern},
                {"type": "integer", "minimum": 0, "maximum": most},
            ]
        }
    )


Share: TypeAlias = Annotated[Fraction, BeforeValidator(_field_share), _share_schema(_SHARE_TEXT, 0)]
"""A rate that is a share of an amount, from 0 to 1 (``"0.2"``, ``"20%"``, ``0``, ``"100%"``),
read by :func:`share`: a bare ``1`` is refused."""
Text: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=500)]
Sessions: TypeAlias = Annotated[StrictInt, Field(ge=0, le=100_000)]
RulesSource: TypeAlias = Literal["catalog", "caller", "default"]
"""Where a contract's rules came from: the catalog's flag (on the offer or its treatment), the
caller's choice (``rules=``, the command line's ``--rules``), or the default ``none`` when
neither says anything. Words come at rendering."""
LineKind: TypeAlias = Literal[
    "bundle", "intro", "single", "subscription", "first_month", "enrollment", "other"
]
_Taxer: TypeAlias = Callable[[int], tuple[int, int]]


_UNCHECKED_HINT: Final = (
    "model_copy(update=...) and model_construct skip validation: build a changed contract "
    "with Contract.model_validate({**contract.model_dump(), ...}) or Contract(...)"
)


def _checked(contract: Contract) -> Contract:
    """The contract as validation made it (see :func:`supecost.quotes.checked_record`)."""
    try:
        return checked_record(contract)
    except ContractError as error:
        raise ContractError(
            error.message,
            f"{error.hint}; {_UNCHECKED_HINT}",
            code=error.code,
            params=error.params,
        ) from None


# --- rules as data --------------------------------------------------------------------------


class RuleSet(_Model):
    """The statutory numbers of one kind of 特定継続的役務提供 contract.

    A contract is covered when its period is over ``min_period_months`` months
    and its amount over ``min_amount`` yen. After cooling-off, the clinic may
    keep at most ``before_start_cap`` before treatment starts; after it
    starts, the value of the sessions given plus the lower of ``value_cap``
    and ``outstanding_rate`` of the amount still outstanding.

    Example:
        >>> COSMETIC_MEDICINE.value_cap, BEAUTY_SALON.outstanding_rate
        (50000, Fraction(1, 10))

    Args:
        name: The rule set's name (the :class:`ContractRules` value).
        min_amount: The amount a covered contract must exceed.
        min_period_months: The period, in months, a covered contract must exceed.
        cooling_off_days: The length of cooling-off, the day of receipt being day 1.
        before_start_cap: The most kept on cancellation before treatment starts.
        value_cap: The cap on the cancellation allowance after treatment starts.
        outstanding_rate: The share of the outstanding amount the allowance may reach,
            read by :func:`share` (``"20%"``, ``"0.2"``; a bare ``1`` refused).
        in_force_from: The first contract date the rules cover, where known.
    """

    name: Text
    min_amount: Amount = 50_000
    min_period_months: Months = 1
    cooling_off_days: Count = 8
    before_start_cap: Amount = 20_000
    value_cap: Amount = 50_000
    outstanding_rate: Share = Fraction(1, 5)
    in_force_from: date | None = None


COSMETIC_MEDICINE: Final = RuleSet(name="cosmetic_medicine", in_force_from=date(2017, 12, 1))
"""美容医療: ¥20,000 before start; after, value given + min(¥50,000, 20% of outstanding)."""

BEAUTY_SALON: Final = RuleSet(
    name="beauty_salon", value_cap=20_000, outstanding_rate=Fraction(1, 10)
)
"""エステ: ¥20,000 before start; after, value given + min(¥20,000, 10% of outstanding)."""


def rule_set(rules: ContractRules) -> RuleSet | None:
    """The statutory rule set for a catalog flag; ``None`` for ``none`` (no statutory cap).

    Example:
        >>> rule_set(ContractRules.BEAUTY_SALON).value_cap
        20000
        >>> rule_set(ContractRules.NONE) is None
        True

    Args:
        rules: The catalog's ``contract_rules`` flag.

    Returns:
        :data:`COSMETIC_MEDICINE`, :data:`BEAUTY_SALON`, or ``None`` when only
        the clinic's own terms decide.
    """
    if rules is ContractRules.COSMETIC_MEDICINE:
        return COSMETIC_MEDICINE
    if rules is ContractRules.BEAUTY_SALON:
        return BEAUTY_SALON
    return None


class Assumptions(_Model):
    """What the sources left unconfirmed, as explicit choices; the defaults favour the patient.

    Example:
        >>> Assumptions().value_rounding
        <Rounding.FLOOR: 'floor'>

    Args:
        threshold_includes_tax: Whether consumption tax counts towards the
            ¥50,000 threshold (unconfirmed; default yes, the wider coverage).
        sessions_only_over_month: Whether a contract fixing only a number of
            sessions (two or more) counts as over one month (the rule, "unless
            special circumstances apply"; set ``False`` for such circumstances).
        value_rounding: How a fractional value of sessions given, and the
            fractional allowance, become yen (unconfirmed; default down, so the
            clinic keeps less).
        enrollment_fee_is_service: Whether a monthly plan's enrollment fee counts
            as a service already given (unconfirmed; default no, so it is part
            of the outstanding amount).
        expiry_counts_receipt_day: Whether a set's validity of N months counts
            the day of receipt as day 1 (last day: N months later minus one
            day) rather than from the next day as 民法 140 and 143 do (last day:
            the same day N months later). Unconfirmed; default no.
        expired_sessions_refundable: Whether a set cancelled after its validity
            ended is settled as a cancellation on its last valid day. The sources
            are silent; default yes, the patient's favour (``False``: unused
            sessions lapse and the clinic keeps the whole amount).
    """

    threshold_includes_tax: StrictBool = True
    sessions_only_over_month: StrictBool = True
    value_rounding: Rounding = Rounding.FLOOR
    enrollment_fee_is_service: StrictBool = False
    expiry_counts_receipt_day: StrictBool = False
    expired_sessions_refundable: StrictBool = True


DEFAULT_ASSUMPTIONS: Final = Assumptions()
"""The default :class:`Assumptions`."""


class ClinicTerms(_Model):
    """A clinic's own cancellation terms; they can only lower what the clinic keeps.

    Any field left ``None`` does not lower anything.

    Example:
        >>> ClinicTerms(fee_rate=Fraction(1, 10), fee_cap=10_000).fee_cap
        10000
        >>> ClinicTerms.model_validate({"fee_rate": "10%"}).fee_rate  # strings, as from a file
        Fraction(1, 10)

    Args:
        name: How the terms are named in a settlement, shown as given; ``None`` (the
            default) is worded at rendering as "the clinic's own terms" in the reader's language.
        before_start_fee: The most kept before treatment starts.
        fee_rate: The share of the outstanding amount kept after treatment starts, a
            proportion read by :func:`share` (``"0.01"`` or ``"1%"`` is 1 %). A bare ``1``
            (or ``"1"``) is refused: the command line reads it as 1 %; all of the
            outstanding amount is ``"100%"`` or ``"1.0"``.
        fee_cap: The most kept, on top of the value given, after treatment starts.
    """

    name: Text | None = None
    before_start_fee: Amount | None = None
    fee_rate: Share | None = None
    fee_cap: Amount | None = None


# --- contracts ------------------------------------------------------------------------------


class ContractLine(_Model):
    """One line of a contract: a set, a plan's months, an intro price, a fee.

    Example:
        >>> ContractLine(label="3-session set", kind="bundle", amount=104_500,
        ...              sessions=3).per_session_price
        Fraction(104500, 3)

    Args:
        label: What the line is, in words.
        kind: ``bundle``, ``intro``, ``single``, ``subscription``, ``first_month`` (a plan's
            first months at their lower price), ``enrollment`` or ``other``.
        offer_id: The catalog offer, if any.
        quantity: How many units (sets, months) the line holds.
        amount: The line's amount in yen, tax included.
        sessions: The sessions it gives; 0 for a fee.
    """

    label: Text
    kind: LineKind
    offer_id: Text | None = None
    quantity: Count = 1
    amount: Amount
    sessions: Sessions = 0

    @property
    def per_session_price(self) -> Fraction | None:
        """The line's own per-session price (amount / sessions), or ``None`` for a fee.

        Shown for reference: sessions given are valued at the contract's
        :attr:`Contract.per_session_price`, not at this.
        """
        return Fraction(self.amount, self.sessions) if self.sessions else None


class ContractDiscount(_Model):
    """A catalog discount that made a contract's default price (a campaign, a member's offer).

    Its name is the catalog's, shown as written (and escaped) in the contract's
    documents: 「キャンペーン価格（春の10万円オフ）」.

    Example:
        >>> ContractDiscount(id="spring", name="春の6万円オフ").name
        '春の6万円オフ'

    Args:
        id: The catalog discount's id.
        name: Its name, as the catalog writes it.
        name_en: Its English name, for English documents; ``None``: the name serves.
    """

    id: Text
    name: Text
    name_en: Text | None = None


class ContractUnits(_Model):
    """How a unit ticket's (本数券) contract counts: in its treatment's units, not visits.

    A contract with units counts every session figure (its sessions, those used, its
    per-session price, the sessions given of a settlement) in units of the treatment,
    each visit spending as many as its units (docs/catalog.md, "Unit tickets"). The
    words are the catalog's (:attr:`~supecost.catalog.Treatment.counted_unit`), shown
    as written; ``ja`` is ``None`` where the treatment names no unit (or is sold by
    the dose): the documents then count in the locale's own word for a unit.

    Example:
        >>> ContractUnits(ja="本", en="amp").ja
        '本'

    Args:
        ja: The treatment's ``dose_unit`` (本, A), or ``None``.
        en: Its English for one unit, or ``None``.
        en_other: Its English for any other count, or ``None``.
    """

    ja: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    en: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    en_other: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None


class AgreedPrice(_Model):
    """The price a caller gave a contract (``price=``), as given, and how it was read.

    A catalog's prices may include tax (税込) or not (税別); the figure on a signed
    contract is the amount the patient pays (総額). So a price given is read as
    the catalog writes its prices unless the caller says which it is, and the
    contract records which reading made its amount: its documents name it
    (「1セットあたり140,000円（税抜）」).

    Example:
        >>> AgreedPrice(amount=140_000, includes_tax=False, unit="set").includes_tax
        False

    Args:
        amount: The price given for one unit, in yen.
        includes_tax: Whether it was read as including consumption tax.
        unit: What one unit is: a ``set`` (a set or package), a ``month`` of a
            monthly plan, or a ``session`` at a first-time price.
    """

    amount: Amount
    includes_tax: bool
    unit: Literal["set", "month", "session"]


def _listed_price(data: Any, record: Contract | ContractReport) -> Any:
    """A record's JSON without what did not make the price: ``discounts`` when none did, nor
    ``agreed``, ``segment`` or ``first_time`` unless they did, nor ``units`` but for a
    unit ticket.

    A contract at its list price, and its report, read back as they always did.
    """
    if isinstance(data, dict):
        for key in (
            "discounts",
            "agreed",
            "segment",
            "segment_name",
            "segment_name_en",
            "first_time",
            "units",
        ):
            if not getattr(record, key):
                data.pop(key, None)
    return data


class MonthlyTerms(_Model):
    """The money terms of a monthly plan held in a contract.

    Example:
        >>> MonthlyTerms(monthly_fee=27_500, months=6, min_months=6,
        ...              sessions_per_month=1, start=date(2024, 4, 1)).committed
        165000

    Args:
        monthly_fee: The fee of one month, tax included.
        months: The months contracted (at least ``min_months``).
        min_months: The minimum term.
        sessions_per_month: The allowance of each month; unused sessions lapse, unless
            ``carry_over``.
        enrollment_fee: The one-off enrollment fee, tax included.
        early_termination_fee: The fee for ending within the minimum term.
        start: The first day of the first month.
        first_months: How many first months are at ``first_month_fee`` (初月無料,
            初月半額), at most ``min_months``; 0 for none.
        first_month_fee: The fee of each of those first months, tax included.
        enrollment_campaign: Whether ``enrollment_fee`` is the plan's enrollment campaign's
            price (入会金キャンペーン), below its regular fee: documents name it, at 0 too.
        carry_over: Whether a month's unused sessions may be used in the next month
            (未消化分は翌月まで繰越可, the catalog's ``Subscription.carry_over``), and no later.

    Raises:
        ContractError: ``months`` is below ``min_months``, or ``first_months`` above it.
    """

    monthly_fee: Amount
    months: Months
    min_months: Months = 1
    sessions_per_month: Count = 1
    enrollment_fee: Amount = 0
    early_termination_fee: Amount = 0
    start: date
    first_months: Annotated[StrictInt, Field(ge=0, le=MAX_MONTHS)] = 0
    first_month_fee: Amount = 0
    enrollment_campaign: StrictBool = False
    carry_over: StrictBool = False

    @model_validator(mode="after")
    def _term(self) -> MonthlyTerms:
        if self.months < self.min_months:
            raise ValueError(
                f"months {self.months} is below the minimum term of {self.min_months}; "
                f"contract at least {self.min_months} months"
            )
        if self.first_months > self.min_months:
            raise ValueError(
                f"first_months {self.first_months} is above the minimum term of "
                f"{self.min_months}; give at most {self.min_months}"
            )
        return self

    def fees_of(self, months: int) -> int:
        """The fees of the plan's first ``months`` months: the first months' at their fee.

        The one rule of what months of a plan cost, read by the committed amount, the
        payments, what was paid by a day and a settlement's months begun, so a free first
        month is never re-priced at the monthly fee.

        Example:
            >>> MonthlyTerms(monthly_fee=27_500, months=3, min_months=3, first_months=1,
            ...              first_month_fee=0, start=date(2024, 4, 1)).fees_of(2)
            27500
        """
        return plan_cost(self.monthly_fee, months, 0, self._first)

    @property
    def _first(self) -> tuple[int, int]:
        return self.first_month_fee, self.first_months

    def fee_of_month(self, month: int) -> int:
        """The fee of month ``month`` (1-based) of the plan."""
        return self.fees_of(month) - self.fees_of(month - 1)

    @property
    def committed(self) -> int:
        """The committed amount: enrollment fee plus the fees of every contracted month."""
        return plan_cost(self.monthly_fee, self.months, self.enrollment_fee, self._first)

    @property
    def min_term_cost(self) -> int:
        """What the plan's minimum term costs: its enrollment fee and its first ``min_months``
        fees, the first months at their fee.

        By :func:`~supecost.catalog.plan_cost`, the rule the price list's 「最低契約期間の
        費用」 reads (``report.figures.min_term_cost``), so a contract for a plan's minimum
        term commits what the price list says it costs. Ending within it adds the
        ``early_termination_fee`` to the months begun.

        Example:
            >>> # 11,000 enrollment + 0 for the free first month + 5 x 39,600 = 209,000
            >>> MonthlyTerms(monthly_fee=39_600, months=12, min_months=6, enrollment_fee=11_000,
            ...              first_months=1, start=date(2024, 4, 1)).min_term_cost
            209000
        """
        return plan_cost(self.monthly_fee, self.min_months, self.enrollment_fee, self._first)


class Contract(_Model):
    """A contract for sessions: its lines, total, receipt date and rules.

    Example:
        >>> contract = Contract.from_lines(
        ...     [ContractLine(label="set", kind="bundle", amount=104_500, sessions=3)],
        ...     received=date(2024, 4, 1),
        ... )
        >>> contract.total, contract.per_session_price
        (104500, Fraction(104500, 3))

    Args:
        lines: The contract's lines, in the order their sessions are given.
        total: The contract amount, tax included; the sum of the lines.
        tax: The consumption tax contained in the total.
        received: The day the contract document was received; ``None`` when
            no proper document was given (cooling-off then never starts to run).
        rules: The rules that apply: the catalog's ``contract_rules`` flag or the
            caller's choice; never inferred.
        rules_source: Where ``rules`` came from: ``catalog``, ``caller`` or
            ``default`` (``none``, as nothing said otherwise). Left out, it is
            ``caller`` when ``rules`` is given and ``default`` when it is not.
        period_months: The service period in months; ``None`` when the contract
            fixes only a number of sessions.
        monthly: The money terms, when the contract is a monthly plan.
        goods: Related goods (関連商品: supplements, home-care products) bought
            with the contract, tax included. They count towards the coverage
            threshold (DOMAIN §4), and nothing else: they are no line, no part
            of ``total`` or of the per-session price, and are never refunded
            here (whether they are on cancellation, the sources do not say).
        goods_tax: The consumption tax contained in ``goods``.
        discounts: The catalog discounts that made the price, where it is not the
            list price (:func:`contract_for_offer` on a day a campaign comes off the
            offer); empty for a list price or an agreed one. Left out of JSON when
            empty, so a contract at its list price reads as it always did.
        agreed: The price the caller gave (:func:`contract_for_offer`'s ``price=``)
            and whether it was read with tax or before it; ``None`` for the
            catalog's price. Left out of JSON when ``None``.
        segment: The patient's segment whose price replaced the list price in the
            catalog's price (a member price; of a patient in several, the one whose
            price was the lowest); ``None`` otherwise, and left out of JSON.
        segment_name: The segment's name as the catalog gives it (``Segment.name``,
            「学生」), which the contract's documents name it by; ``None`` without one.
        segment_name_en: Its English name (``Segment.name_en``); ``None``: the name serves.
        first_time: Whether a package's first-time price (``intro_price``) made the
            catalog's price; left out of JSON when not.
        units: For a unit ticket (本数券, a set with ``counts = "units"``), the words of
            the units its sessions count (:class:`ContractUnits`); ``None`` for a
            contract of visits, and left out of JSON.

    Raises:
        ContractError: The total is not the sum of the lines, the tax exceeds it,
            ``goods_tax`` exceeds ``goods``, or ``rules_source`` is ``default``
            with rules other than ``none``.
    """

    lines: Annotated[tuple[ContractLine, ...], Field(min_length=1, max_length=1000)]
    total: Amount
    tax: Amount = 0
    received: date | None
    rules: ContractRules = ContractRules.NONE
    rules_source: RulesSource = "default"
    period_months: Months | None = None
    monthly: MonthlyTerms | None = None
    goods: Amount = 0
    goods_tax: Amount = 0
    discounts: Annotated[tuple[ContractDiscount, ...], Field(max_length=1000)] = ()
    agreed: AgreedPrice | None = None
    segment: str | None = None
    segment_name: Text | None = None
    segment_name_en: Text | None = None
    first_time: bool = False
    units: ContractUnits | None = None

    @model_serializer(mode="wrap")
    def _without_discounts(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _listed_price(handler(self), self)

    @model_validator(mode="before")
    @classmethod
    def _source(cls, data: object) -> object:
        # Rules given without saying where they came from are the caller's own.
        if isinstance(data, dict) and "rules_source" not in data and "rules" in data:
            return {**data, "rules_source": "caller"}
        return data

    @model_validator(mode="after")
    def _consistent(self) -> Contract:
        if self.rules_source == "default" and self.rules is not ContractRules.NONE:
            raise ValueError(
                f"rules {self.rules.value!r} cannot be the default, which is 'none'; "
                "give rules_source='catalog' or 'caller'"
            )
        added = sum(line.amount for line in self.lines)
        if added != self.total:
            raise ValueError(
                f"total {self.total:,} is not the sum of the lines {added:,}; "
                "use Contract.from_lines to add them up"
            )
        if self.tax > self.total:
            raise ValueError(f"tax {self.tax:,} exceeds the total {self.total:,}")
        if self.goods_tax > self.goods:
            raise ValueError(f"goods_tax {self.goods_tax:,} exceeds goods {self.goods:,}")
        if self.monthly is not None and self.monthly.committed > self.total:
            raise ValueError(
                f"the plan commits {self.monthly.committed:,}, above the total {self.total:,}; "
                "include the plan's lines"
            )
        return self

    @classmethod
    def from_lines(
        cls,
        lines: Iterable[ContractLine],
        *,
        received: date | None,
        rules: ContractRules | None = None,
        rules_source: RulesSource | None = None,
        period_months: int | None = None,
        tax: int = 0,
        monthly: MonthlyTerms | None = None,
        goods: int = 0,
        goods_tax: int = 0,
        discounts: Iterable[ContractDiscount] = (),
        agreed: AgreedPrice | None = None,
        segment: str | None = None,
        segment_name: str | None = None,
        segment_name_en: str | None = None,
        first_time: bool = False,
        units: ContractUnits | None = None,
    ) -> Contract:
        """Build a contract from its lines, adding up the total.

        Example:
            >>> Contract.from_lines(
            ...     [ContractLine(label="intro", kind="intro", amount=9_800, sessions=1),
            ...      ContractLine(label="set", kind="bundle", amount=148_500, sessions=5)],
            ...     received=date(2024, 4, 1),
            ... ).sessions
            6

        Args:
            lines: The lines, in the order their sessions are given.
            received: The day the contract document was received, or ``None``.
            rules: The rules that apply; ``None`` for the default, ``none``.
            rules_source: Where ``rules`` came from; by default ``caller`` when
                ``rules`` is given, else ``default``.
            period_months: The service period, or ``None`` for sessions only.
            tax: The consumption tax contained in the total.
            monthly: The monthly plan's terms, if the contract is one.
            goods: Related goods bought with it, tax included (coverage only).
            goods_tax: The tax contained in ``goods``.
            discounts: The catalog discounts that made the price, if any.
            agreed: The price the caller gave and how it was read, if any.
            segment: The segment whose price made the catalog's price, if any.
            segment_name: Its name, as the catalog gives it, if any.
            segment_name_en: Its English name, if any.
            first_time: Whether a package's first-time price made it.
            units: The words of a unit ticket's units, if it is one.

        Returns:
            The contract.

        Raises:
            ContractError: A line or the contract is invalid.
        """
        held = tuple(lines)
        data: dict[str, object] = {
            "lines": held,
            "total": sum(line.amount for line in held),
            "tax": tax,
            "received": received,
            "period_months": period_months,
            "monthly": monthly,
        }
        # Left out when none, so a contract without goods dumps as it always did.
        if goods or goods_tax:
            data["goods"] = goods
            data["goods_tax"] = goods_tax
        made = tuple(discounts)
        if made:
            data["discounts"] = made
        if agreed is not None:
            data["agreed"] = agreed
        if segment is not None:
            data["segment"] = segment
        if segment_name is not None:
            data["segment_name"] = segment_name
        if segment_name_en is not None:
            data["segment_name_en"] = segment_name_en
        if first_time:
            data["first_time"] = first_time
        if units is not None:
            data["units"] = units
        # Left out, the rules and their source are the model's defaults (see _source).
        if rules is not None:
            data["rules"] = rules
        if rules_source is not None:
            data["rules_source"] = rules_source
        return cls.model_validate(data)

    @property
    def sessions(self) -> int:
        """The sessions the contract gives, over all lines."""
        return sum(line.sessions for line in self.lines)

    @property
    def per_session_price(self) -> Fraction | None:
        """The contract's per-session price, total / sessions, exact; ``None`` without sessions."""
        sessions = self.sessions
        return Fraction(self.total, sessions) if sessions else None


def _exact(price: YenRange, what: str, offer_id: str) -> int:
    if not price.is_exact:
        high = "open-ended" if price.max is None else f"up to ¥{price.max:,}"
        message = (
            f"the {what} of offer {offer_id!r} is a range (¥{price.min:,}, {high}), "
            "but a contract needs the agreed amount"
        )
        raise ContractError(
            message,
            "pass the agreed price with price=, or give an exact amount in the catalog",
            (("price", message),),
            code="contract.range_open" if price.max is None else "contract.range",
            params={
                "offer": excerpt(offer_id),
                "low": f"{price.min:,}",
                "high": "" if price.max is None else f"{price.max:,}",
            },
        )
    return price.min


def contract_for_offer(
    catalog: Catalog,
    offer_id: str,
    *,
    quantity: int = 1,
    received: date,
    rules: ContractRules | None = None,
    price: int | None = None,
    price_includes_tax: bool | None = None,
    months: int | None = None,
    goods: Mapping[str, int] | None = None,
    segment: str | Sequence[str] | None = None,
    birth_month: int | None = None,
    new_patient: bool | None = None,
    sold_out: Iterable[str] = (),
    history: Mapping[str, int] | None = None,
    bought: Mapping[str, int] | None = None,
) -> Contract:
    """Build the contract for buying one catalog offer.

    A bundle gives ``quantity`` sets (total = price x quantity); its period is
    ``valid_months`` if any, else sessions only. A monthly plan commits to
    ``months`` (default its minimum term): total = enrollment fee + monthly fee
    x months. An intro price gives its sessions at the intro price (one sold
    whole, all of them for its price). Prices
    that exclude tax get the tax added: once over a set's total; per invoice
    (the enrollment fee, each month) for a monthly plan.

    Without ``price``, the price is what the clinic charges for the offer on
    ``received``, as the engine prices buying it alone that day: the patient's
    segment price, the per-unit discounts that come off the offer (a campaign
    naming it) and, for a set, package or first-time price paid up front, the
    whole-bill discounts whose conditions the purchase meets, read as a quote
    reads them (``min_amount`` the sessions' value at single prices and the
    goods, :func:`~supecost.engine.context.course_value`), then tax; a new
    patient's package at its ``intro_price`` where lower; a monthly plan takes
    the per-unit discounts on each month's fee. The discounts that made it are
    :attr:`Contract.discounts`. An offer not on sale that day, sold out, or a
    first-time price not for this patient is refused. Where whether the patient
    is new decides the price (a discount for new patients only, a first-time
    price) and ``new_patient`` was not given, the contract is refused: it is a
    fact to ask, never assumed. So is the patient's ``history`` for a price for the
    first time having a treatment (``for = "first_time"``): read as a quote reads
    it (:func:`~supecost.engine.resolve.first_time_past`), known to be none for a
    new patient, and refused where the history has the treatment.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> contract = contract_for_offer(reference_catalog(), "sup-iv-set",
        ...                               received=date(2024, 4, 1), price=110_000)
        >>> contract.total, contract.sessions, contract.rules.value
        (110000, 5, 'none')

    Args:
        catalog: The catalog.
        offer_id: The offer bought.
        quantity: How many sets of a bundle; 1 for a plan or intro price.
        received: The day the contract document was received, the day the
            offer is priced on.
        rules: Overrides the catalog flag (offer's, else treatment's).
        price: The agreed price of one unit (a set, a month's fee, an intro
            session, or an intro sold whole), required when the catalog gives a range: the caller's
            word, taken as it is (no discount comes off it). It is read as the
            catalog writes its prices, before tax (税抜) in a tax-excluded
            catalog, unless ``price_includes_tax`` says which it is; the
            contract records the reading (:attr:`Contract.agreed`).
        price_includes_tax: Whether ``price`` includes consumption tax: ``True``
            for the total on a signed contract (総額), whose tax is the part it
            contains; ``False`` for a price before tax, to which tax is added;
            ``None`` (the default) for the catalog's own way. Only with ``price``.
        months: The months a monthly plan is contracted for.
        goods: Related goods (関連商品) bought with it, by the catalog's goods id
            with their units: on the one bill of a set, package or first-time price at
            the day's price (a whole-bill discount comes off them too, tax once per
            rate over both, as in a quote), else a bill of their own, less the units the
            sets bought include (``Bundle.includes``, in the set's price); they
            count towards the coverage threshold (:attr:`Contract.goods`).
        segment: The patient's segment (``"member"``), or several (``("member",
            "senior")``), for its prices, as :class:`~supecost.quotes.QuoteRequest`'s: the
            lowest of their prices, and a discount for any of them.
        birth_month: The patient's birth month, 1 to 12, for a discount in it
            (``birth_month_only``); ``None``: not known, no such discount.
        new_patient: Whether the patient is new to the clinic on ``received``, for
            ``new_patients_only`` discounts and first-time prices; ``None`` (the
            default): not said, refused where it decides the price.
        sold_out: Offers and discounts for the first patients whose places are gone.
        history: Sessions the patient already had at this clinic, by treatment or
            dose, as :attr:`~supecost.quotes.QuoteRequest.history`: whether a price for
            the first time having a treatment is for them; ``None`` (the default): not
            said, refused where it decides the price (a new patient has none).
        bought: Offers limited per patient the patient bought before, and plans with
            a first-month price they enrolled in before, as
            :attr:`~supecost.quotes.QuoteRequest.bought` (the quote's rule,
            :func:`~supecost.engine.resolve.check_bought`): a set or package is
            contracted for at most what is left of its ``per_patient``, and a plan
            named pays its first month in full.

    Returns:
        The contract.

    Raises:
        ContractError: A price is a range and no ``price`` was given, a goods
            price is a range, the offer is not on sale on ``received`` or sold
            out, a first-time price is not for this patient, ``new_patient`` or
            ``history`` is not given where it decides the price, the segment is not the
            clinic's (whatever the price), ``price_includes_tax`` is given
            without ``price``, or ``quantity``, ``months``, ``birth_month`` or a
            goods count do not fit, or ``quantity`` is above what the patient may
            still buy of an offer limited per patient, or ``bought`` names an offer
            neither limited per patient nor with a first-month price.
        UnknownIdError: No offer has that id, no goods record a goods id, or a
            ``sold_out`` id names no limited offer or discount.
    """
    offer = catalog.offer(offer_id)
    patient = _patient(segment, birth_month, new_patient, sold_out, history, bought)
    try:
        # Checked whatever the price: a price given is no reason to take a wrong segment.
        check_segment(catalog, patient.segment)
        check_sold_out(catalog, patient.sold_out)
        check_bought(catalog, patient.bought)
    except RequestError as error:
        raise ContractError(
            error.message, error.hint, error.fields, code=error.code, params=error.params
        ) from None
    if isinstance(offer, Ladder):
        raise ContractError(
            f"offer {offer_id!r} is a ladder, a price per session, not something bought up front",
            "give the id of a set, monthly plan, package or first-time price",
            code="contract.ladder",
            params={"offer": repr(offer_id)},
        )
    treatment = offer_treatment(catalog, offer)
    flag, source = _flag(rules, offer.contract_rules, treatment)
    if type(quantity) is not int or quantity < 1:
        raise ContractError(f"quantity must be a whole number of 1 or more, got {quantity!r}")
    _check_left(offer, quantity, patient.bought)
    if quantity != 1 and not isinstance(offer, Bundle | Package | SharedSet):
        message = f"quantity {quantity} applies only to sets; offer {offer_id!r} is a {offer.kind}"
        raise ContractError(
            message,
            "give months= for a longer monthly plan, or leave quantity= at 1",
            (("quantity", message),),
            code="contract.quantity",
            params={"quantity": quantity, "offer": repr(offer_id)},
        )
    if months is not None and not isinstance(offer, Subscription):
        raise ContractError(
            f"months applies only to monthly plans; offer {offer_id!r} is a {offer.kind}",
            "leave months out",
            code="contract.months",
            params={"offer": repr(offer_id)},
        )
    # Goods the set includes (Bundle.includes) are in its price: charged again, never.
    given = (
        {g: n * quantity for g, n in offer.includes.items()} if isinstance(offer, Bundle) else {}
    )
    goods_bill, goods_lines = _goods_bill(catalog, goods or {}, received, patient.segment, given)
    day = _Day(catalog, received, patient, goods_lines)
    includes = _price_reading(catalog, price, price_includes_tax)
    # The segment whose price replaced the list price: what made the price, with the discounts.
    priced_for = None if price is not None else priced_by(offer, patient.segment)
    if price is not None:
        yen(price, "price")
    else:
        sold = day.sold(offer)
        assert not isinstance(sold, Ladder)  # the same offer, at the day's price
        offer = sold

    def taxed(amount: int) -> tuple[int, int]:
        # Each purchase is a bill of its own, taxed as every bill is.
        breakdown = tax_once(catalog, received, [(amount, treatment.tax)])
        return breakdown.total, breakdown.tax

    def agreed_taxed(amount: int) -> tuple[int, int]:
        # A price given, read as the caller says (the catalog's way by default).
        rounding = catalog.clinic.tax_rounding
        breakdown = tax_lines([(amount, treatment.tax)], received, includes, rounding)
        return breakdown.total, breakdown.tax

    label = offer.name or offer.id
    agreed = (
        None
        if price is None
        else AgreedPrice(amount=price, includes_tax=includes, unit=_unit(offer))
    )
    if isinstance(offer, Subscription):
        return _plan_contract(
            offer,
            label,
            (flag, source),
            received,
            (price, agreed, agreed_taxed),
            months,
            taxed,
            goods_bill,
            (day, priced_for),
        )
    if isinstance(offer, Package | Bundle | SharedSet):
        units = quantity
        each = (
            sum(item.sessions for item in offer.contents)
            if isinstance(offer, Package)
            else (offer.sessions)
        )
        sessions = each * quantity
    else:
        # An intro sold whole is one unit at its price; else one unit a session.
        units, sessions = offer.price_of(offer.sessions, 1), offer.sessions
    first_time = False
    if price is not None:
        amount, tax = agreed_taxed(price * units)
        made: tuple[ContractDiscount, ...] = ()
    else:
        purchase = day.purchase(offer, _exact(offer.price, "price", offer_id), units)
        assert purchase.bill is not None  # paid up front
        amount, tax, made = purchase.bill.total, purchase.bill.tax, _made(purchase)
        first_time = purchase.intro
        if purchase.goods is not None:
            # On the purchase's one bill, as a quote's: its discounts and tax rounding.
            goods_bill = purchase.goods
    if isinstance(offer, Package | Bundle | SharedSet):
        # A package or shared set is a prepaid set of sessions, as a set is.
        shown = f"{label} x {quantity}" if isinstance(offer, Package) and quantity > 1 else label
        line = ContractLine(
            label=shown,
            kind="bundle",
            offer_id=offer.id,
            quantity=quantity,
            amount=amount,
            sessions=sessions,
        )
        period = offer.valid_months
    else:
        line = ContractLine(
            label=label, kind="intro", offer_id=offer.id, amount=amount, sessions=sessions
        )
        # A first-time set sold whole may expire as a set does; a per-session price has none.
        period = offer.valid_months
    counted_in = None
    if isinstance(offer, Bundle) and offer.counts_units:
        # A unit ticket's sessions are units: its documents count them in the unit's words.
        counted = treatment.counted_unit
        ja, en, en_other = (None, None, None) if counted is None else counted
        counted_in = ContractUnits(ja=ja, en=en, en_other=en_other)
    return Contract.from_lines(
        [line],
        received=received,
        rules=flag,
        rules_source=source,
        period_months=period,
        tax=tax,
        goods=goods_bill[0],
        goods_tax=goods_bill[1],
        discounts=made,
        agreed=agreed,
        segment=priced_for,
        **_segment_words(catalog, priced_for),
        first_time=first_time,
        units=counted_in,
    )


def _price_reading(catalog: Catalog, price: int | None, includes_tax: object) -> bool:
    """Whether a price given includes tax: as the caller says, else as the catalog's do."""
    if includes_tax is not None and type(includes_tax) is not bool:
        message = f"price_includes_tax must be true or false, got {excerpt(includes_tax)}"
        raise ContractError(
            message,
            "give True for a price with tax (the contract's total), False for one before tax",
            (("price_includes_tax", message),),
        )
    if includes_tax is not None and price is None:
        message = "price_includes_tax says how to read price=, and no price= was given"
        raise ContractError(
            message,
            "give price= with it, or leave it out for the catalog's price on the day",
            (("price_includes_tax", message),),
            code="contract.includes_tax_alone",
        )
    return catalog.clinic.prices_include_tax if includes_tax is None else includes_tax


def _unit(offer: AnyOffer) -> Literal["set", "month", "session"]:
    """What one unit of a price given for ``offer`` is."""
    if isinstance(offer, Subscription):
        return "month"
    return "set" if isinstance(offer, Bundle | Package | SharedSet) else "session"


@dataclass(frozen=True, slots=True)
class _Patient:
    """What the engine reads of the patient to price an offer on a day."""

    segment: tuple[str, ...]
    """The patient's segments, none, one or several (会員 and シニア)."""
    birth_month: int | None
    new_patient: bool | None
    sold_out: tuple[str, ...]
    history: Mapping[str, int] | None = None
    """Sessions had by treatment or dose; ``None``: not said (none for a new patient)."""
    bought: Mapping[str, int] = field(default_factory=dict)
    """Offers limited per patient bought before, and plans enrolled in before."""


def _patient(
    segment: object,
    birth_month: object,
    new_patient: object,
    sold_out: object,
    history: object = None,
    bought: object = None,
) -> _Patient:
    """The patient's facts, checked as a request's are: a bad one is a :class:`ContractError`."""
    # One segment or several (a patient in two groups); the order says nothing.
    named = () if segment is None else (segment,) if isinstance(segment, str) else segment
    if not isinstance(named, Sequence) or not all(isinstance(s, str) for s in named):
        message = f"segment must be a segment's id, or several, got {excerpt(segment)}"
        hint = "give one the catalog's clinic declares, or a list of them"
        raise ContractError(message, hint, (("segment", message),))
    if birth_month is not None and (type(birth_month) is not int or not 1 <= birth_month <= 12):
        message = f"birth_month must be a month from 1 to 12, got {excerpt(birth_month)}"
        raise ContractError(
            message, "give the patient's birth month, or leave it out", (("birth_month", message),)
        )
    if new_patient is not None and type(new_patient) is not bool:
        message = f"new_patient must be true or false, got {excerpt(new_patient)}"
        raise ContractError(message, "give true or false", (("new_patient", message),))
    held = (sold_out,) if isinstance(sold_out, str) else sold_out
    if not isinstance(held, Iterable) or not all(isinstance(i, str) for i in held):
        message = f"sold_out must be ids of offers or discounts, got {excerpt(sold_out)}"
        raise ContractError(message, "give a list of ids", (("sold_out", message),))
    if bought is not None and not (
        isinstance(bought, Mapping)
        and all(
            isinstance(offer, str) and type(count) is int and 0 <= count <= MAX_HISTORY
            for offer, count in bought.items()
        )
    ):
        message = (
            f"bought must map offer ids to how many the patient bought before, 0 to "
            f"{MAX_HISTORY:,}, got {excerpt(bought)}"
        )
        raise ContractError(
            message, 'give a mapping such as {"sup-camp": 1}', (("bought", message),)
        )
    held_before = dict(bought) if isinstance(bought, Mapping) else {}
    return _Patient(
        tuple(sorted(set(named))),
        birth_month,
        new_patient,
        tuple(held),
        _history(history),
        held_before,
    )


def _check_left(offer: AnyOffer, quantity: object, bought: Mapping[str, int]) -> None:
    """Refuse more of an offer limited per patient than the patient may still buy, by the
    quote's rule (``per_patient`` less ``bought``, :func:`~supecost.engine.resolve.per_patient`)."""
    limit = per_patient(offer)
    if limit is None or type(quantity) is not int:
        return
    left = max(0, limit - bought.get(offer.id, 0))
    if quantity > left:
        message = (
            f"offer {offer.id!r} is limited to {limit} per patient and the patient bought "
            f"{bought.get(offer.id, 0)} before: {left} left, not {quantity}"
        )
        hint = (
            f"give {left} or fewer with quantity=" if left else "the patient may buy no more of it"
        )
        raise ContractError(
            message,
            hint,
            (("quantity", message),),
            code="contract.left" if left else "contract.none_left",
            params={
                "offer": repr(offer.id),
                "limit": limit,
                "bought": bought.get(offer.id, 0),
                "left": left,
                "quantity": quantity,
                "arg": "quantity",
            },
        )


def _history(history: object) -> Mapping[str, int] | None:
    """A history as a request's: treatment or dose ids to sessions had, 0 to MAX_HISTORY."""
    if history is None:
        return None
    if isinstance(history, Mapping) and all(
        isinstance(ref, str) and type(had) is int and 0 <= had <= MAX_HISTORY
        for ref, had in history.items()
    ):
        return dict(history)
    message = (
        f"history must map treatment ids to the sessions had, 0 to {MAX_HISTORY:,}, "
        f"got {excerpt(history)}"
    )
    raise ContractError(
        message, 'give it as a request\'s, such as {"hair": 5}', (("history", message),)
    )


@dataclass(frozen=True, slots=True)
class _Day:
    """The engine's pricing of an offer bought on the contract's day by this patient."""

    catalog: Catalog
    on: date
    patient: _Patient
    goods: Sequence[tuple[int, TaxCategory]]
    """The goods bought beside it, each line as the catalog writes prices with its tax
    category: part of what a ``min_amount`` reads, and of a purchase's one bill."""

    def sold(self, offer: AnyOffer) -> AnyOffer:
        """The offer as sold that day (its segment price), refused where it is not on sale
        or is a first-time price not for this patient."""
        patient = self.patient
        try:
            sold = offer_sold(
                self.catalog,
                offer.id,
                on=self.on,
                segment=patient.segment,
                sold_out=patient.sold_out,
            )
        except RequestError as error:
            # The engine names the day "on"; a contract's day is the one it was received.
            fields = tuple(("received" if f == "on" else f, m) for f, m in error.fields)
            raise ContractError(
                error.message, error.hint, fields, code=error.code, params=error.params
            ) from None
        if isinstance(sold, Intro) and not intro_for(sold, patient.new_patient is not False):
            message = f"offer {sold.id!r} is a first-time price for new patients only"
            raise ContractError(
                message,
                "give the price the patient agreed with price=, or new_patient=True if the "
                "patient is new",
                (("new_patient", message),),
                code="contract.intro_new_only",
                params={"offer": repr(sold.id)},
            )
        if isinstance(sold, Intro) and sold.for_ is IntroFor.NEW_PATIENT:
            _ask_new(patient.new_patient, f"offer {sold.id!r} is a first-time price")
        if isinstance(sold, Intro) and sold.for_ is IntroFor.FIRST_TIME:
            self._first_time(sold)
        return sold

    def _first_time(self, sold: Intro) -> None:
        """Refuse a price for the first time having a treatment the patient has had, or
        whose history was not said (a new patient has none), as a quote would."""
        history = self.patient.history
        if history is None and self.patient.new_patient is not True:
            message = (
                f"offer {sold.id!r} is a price for the first time having {sold.treatment!r}, "
                "and whether the patient had it decides the price"
            )
            raise ContractError(
                message,
                f"say how many sessions of {sold.treatment!r} the patient had at this clinic "
                "with history= (0 if never), or new_patient=True for a new patient",
                (("history", message),),
                code="contract.history_asked",
                params={
                    "offer": repr(sold.id),
                    "treatment": repr(sold.treatment),
                    "arg": "history",
                    "arg_new": "new_patient=True",
                },
            )
        if history is not None and first_time_past(sold, history, sold.treatment):
            message = (
                f"offer {sold.id!r} is a price for the first time having {sold.treatment!r}, "
                f"and the patient's history has {had_before(history, sold.treatment)} of it"
            )
            raise ContractError(
                message,
                "give the price the patient agreed with price=",
                (("history", message),),
                code="contract.history_has",
                params={
                    "offer": repr(sold.id),
                    "treatment": repr(sold.treatment),
                    "had": had_before(history, sold.treatment),
                    "arg": "price",
                },
            )

    def purchase(self, offer: AnyOffer, price: int, units: int) -> Purchase:
        """``units`` of the offer at ``price`` each, as the engine bills them.

        Not told whether the patient is new, it prices both: where they differ,
        the caller is asked (:meth:`_ask`) rather than one assumed.
        """
        patient = self.patient

        def priced(new: bool) -> Purchase:
            first = package_intro(offer, new) if isinstance(offer, Package) else None
            try:
                return offer_purchase(
                    self.catalog,
                    offer,
                    price,
                    units=units,
                    on=self.on,
                    first=None if first is None else _exact(first, "first-time price", offer.id),
                    segment=patient.segment,
                    goods=self.goods,
                    new_patient=new,
                    birth_month=patient.birth_month,
                    sold_out=patient.sold_out,
                )
            except RequestError as error:  # a treatment sold by the dose has no single price
                raise ContractError(
                    f"{error.message}, which a discount's min_amount reads (the course at "
                    "single prices, as a quote reads it) and a contract names no dose",
                    "give the price the patient agreed with price=",
                ) from None

        if patient.new_patient is not None:
            return priced(patient.new_patient)
        new, returning = priced(True), priced(False)
        if _paid(new) != _paid(returning):
            made = [f"discount {d.id!r} is for new patients only" for d in new.discounts]
            made = [m for m, d in zip(made, new.discounts, strict=True) if d.new_patients_only]
            if new.intro:
                made.insert(0, f"offer {offer.id!r} has a first-time price (intro_price)")
            _ask_new(None, ", ".join(made))
        return returning

    def first_month(self, offer: Subscription) -> FirstMonth | None:
        """The plan's first-month price for this contract: the patient's first enrollment.

        A contract is one enrollment, read as the patient's first (the reading that
        never charges more than the menu, docs/contracts.md) unless ``bought`` names
        the plan; whether the patient is new is asked where the price is for new
        patients only.
        """
        return _first_month(offer, self.on, self.patient)


def _first_month(offer: Subscription, on: date, patient: _Patient) -> FirstMonth | None:
    """The plan's first-month price for a contract made on ``on``: the patient's first
    enrollment unless ``bought`` names the plan (:meth:`_Day.first_month`, and
    :func:`subscription_schedule`)."""
    # Asked only where it decides: a price that day for new patients only.
    offered = first_month_of(offer, on, True, patient.bought)
    if offered is not None and offered.new_patients_only:
        _ask_new(patient.new_patient, f"offer {offer.id!r} has a first-month price")
    return first_month_of(offer, on, patient.new_patient is True, patient.bought)


def _ask_new(new_patient: bool | None, what: str) -> None:
    """Refuse a price that whether the patient is new decides, where it was not said."""
    if new_patient is not None:
        return
    message = f"whether the patient is new decides the price: {what}"
    raise ContractError(
        message,
        "say whether the patient is new on the day: new_patient=True or new_patient=False",
        (("new_patient", message),),
        code="contract.ask_new",
    )


def _paid(purchase: Purchase) -> int:
    """What a purchase costs: its bill, or a plan's monthly fee."""
    return purchase.unit if purchase.bill is None else purchase.bill.total


def _made(purchase: Purchase) -> tuple[ContractDiscount, ...]:
    """The discounts that made an engine's price, as a contract records them."""
    return tuple(
        ContractDiscount(id=d.id, name=d.name, name_en=d.name_en) for d in purchase.discounts
    )


def _goods_bill(
    catalog: Catalog,
    goods: Mapping[str, int],
    received: date,
    segment: tuple[str, ...],
    given: Mapping[str, int],
) -> tuple[tuple[int, int], list[tuple[int, TaxCategory]]]:
    """Goods bought with a contract as a bill of their own: its total and the tax in it,
    and their lines as the catalog writes prices (what a ``min_amount`` adds, and what a
    purchase paid up front bills with it, :attr:`~supecost.engine.purchase.Purchase.goods`).

    ``given``: the units of each goods record the contracted sets include
    (``Bundle.includes``), in their price already, so left out of these lines.
    """
    if not goods:
        return (0, 0), []
    lines = []
    for goods_id, units in goods.items():
        record = goods_sold(catalog.product(goods_id), segment)
        if type(units) is not int or not 1 <= units <= MAX_GOODS_UNITS:
            message = (
                f"goods {excerpt(goods_id)}: the units must be a whole number from 1 to "
                f"{MAX_GOODS_UNITS:,}, got {excerpt(units)}"
            )
            raise ContractError(
                message,
                "give how many of it were bought, such as 2",
                (("goods", message),),
                code="contract.goods_units",
                params={
                    "goods": excerpt(goods_id),
                    "limit": f"{MAX_GOODS_UNITS:,}",
                    "got": excerpt(units),
                },
            )
        if not record.price.is_exact:
            message = f"the price of goods {goods_id!r} is a range, but a contract needs the amount"
            raise ContractError(
                message,
                "give an exact price in the catalog",
                (("goods", message),),
                code="contract.goods_range",
                params={"goods": excerpt(goods_id)},
            )
        paid = units - min(units, given.get(goods_id, 0))
        if paid:
            lines.append((record.price.min * paid, record.tax))
    breakdown = tax_once(catalog, received, lines)
    return (breakdown.total, breakdown.tax), lines


def _flag(
    rules: ContractRules | None, offer_flag: ContractRules | None, treatment: Treatment
) -> tuple[ContractRules, RulesSource]:
    """The rules of a contract for an offer, and where they came from."""
    if rules is not None:
        return rules, "caller"
    if offer_flag is not None:
        return offer_flag, "catalog"
    # A treatment's flag defaults to none: only a flag the catalog wrote is the catalog's word.
    if "contract_rules" in treatment.model_fields_set:
        return treatment.contract_rules, "catalog"
    return ContractRules.NONE, "default"


def _plan_contract(
    offer: Subscription,
    label: str,
    rules: tuple[ContractRules, RulesSource],
    received: date,
    given: tuple[int | None, AgreedPrice | None, _Taxer],
    months: int | None,
    taxed: _Taxer,
    goods: tuple[int, int],
    priced: tuple[_Day, str | None],
) -> Contract:
    # A fee given is taxed as the caller reads it (``given``'s taxer); the catalog's own
    # amounts, with ``taxed``, as the catalog writes them.
    price, agreed, agreed_taxed = given
    day, priced_for = priced
    term = offer.min_months if months is None else months
    if type(term) is not int or term < offer.min_months:
        raise ContractError(
            f"months {term!r} is below the minimum term of {offer.min_months} of "
            f"offer {offer.id!r}",
            f"give months={offer.min_months} or more",
            code="contract.min_months",
            params={"got": excerpt(term), "least": offer.min_months, "offer": repr(offer.id)},
        )
    made: tuple[ContractDiscount, ...] = ()
    first_months, first_in, first_tax = 0, 0, 0
    if price is not None:
        fee_in, fee_tax = agreed_taxed(price)
    else:
        listed = _exact(offer.monthly_fee, "monthly fee", offer.id)
        purchase = day.purchase(offer, listed, term)
        made = _made(purchase)
        fee_in, fee_tax = taxed(purchase.unit)
        first = day.first_month(offer)
        if first is not None:
            # The per-unit discounts that came off the fee come off the first months too.
            cheap = _exact(first_month_price(offer), "first-month price", offer.id)
            off = targets(purchase.discounts, None, offer.id)
            first_months = first.months
            first_in, first_tax = taxed(discounted(cheap, off))
    # A campaign's enrollment price applies where the contract is made in its window.
    enrollment = _exact(offer.enrollment_on(received), "enrollment fee", offer.id)
    termination = (
        0
        if offer.early_termination_fee is None
        else _exact(offer.early_termination_fee, "early termination fee", offer.id)
    )
    enrollment_in, enrollment_tax = taxed(enrollment)
    termination_in, _ = taxed(termination)
    campaign = offer.enrollment_on(received) != offer.enrollment_fee
    lines = [
        ContractLine(
            label=label,
            kind="subscription",
            offer_id=offer.id,
            quantity=term - first_months,
            amount=fee_in * (term - first_months),
            sessions=offer.sessions_per_month * (term - first_months),
        )
    ]
    if first_months:
        # The first months at their own price, on their own line, as a quote bills them.
        first_line = ContractLine(
            label=label,
            kind="first_month",
            offer_id=offer.id,
            quantity=first_months,
            amount=first_in * first_months,
            sessions=offer.sessions_per_month * first_months,
        )
        lines = [first_line] if term == first_months else [first_line, *lines]
    if enrollment_in or campaign:
        # A fee its campaign waives is a line at 0, as a quote bills it: the contract shows it.
        lines.insert(
            0,
            ContractLine(
                label=label,
                kind="enrollment",
                offer_id=offer.id,
                amount=enrollment_in,
            ),
        )
    monthly = MonthlyTerms(
        monthly_fee=fee_in,
        months=term,
        min_months=offer.min_months,
        sessions_per_month=offer.sessions_per_month,
        enrollment_fee=enrollment_in,
        early_termination_fee=termination_in,
        start=received,
        first_months=first_months,
        first_month_fee=first_in,
        enrollment_campaign=campaign,
        carry_over=offer.carry_over,
    )
    return Contract.from_lines(
        lines,
        received=received,
        rules=rules[0],
        rules_source=rules[1],
        period_months=term,
        tax=fee_tax * (term - first_months) + first_tax * first_months + enrollment_tax,
        monthly=monthly,
        goods=goods[0],
        goods_tax=goods[1],
        discounts=made,
        agreed=agreed,
        segment=priced_for,
        **_segment_words(day.catalog, priced_for),
    )


def _segment_words(catalog: Catalog, segment: str | None) -> _SegmentWords:
    """The catalog's words for the segment that priced a contract, for its documents."""
    found = next((s for s in catalog.clinic.segments if s.id == segment), None)
    if found is None:
        return {}
    return {"segment_name": found.name, "segment_name_en": found.name_en}


class _SegmentWords(TypedDict, total=False):
    segment_name: str | None
    segment_name_en: str | None


# --- applicability and deadlines ------------------------------------------------------------


ReasonCode: TypeAlias = Literal[
    "not_flagged",
    "flagged",
    "before_in_force",
    "period_over",
    "period_not_over",
    "single_session",
    "sessions_only_over",
    "sessions_only_not_over",
    "amount_over",
    "amount_not_over",
    "amount_tax_decides",
]


class Reason(_Model):
    """One criterion of coverage, met or not, as a code and its values; words come at rendering.

    Example:
        >>> Reason(code="amount_over", amount=104_500, limit=50_000, tax_included=True).code
        'amount_over'

    Args:
        code: Which criterion and how it came out.
        rules: The rules' value, for ``flagged`` and ``before_in_force``.
        source: Where the rules came from (``flagged``, ``not_flagged``): the
            catalog's flag, the caller's choice, or the default when nothing said.
        received: The day the contract document was received (``before_in_force``).
        in_force: The day the rules took effect (``before_in_force``).
        months: The service period in months (``period_*``).
        sessions: The sessions the contract fixes (``single_session``, ``sessions_only_*``).
        period_limit: The period the statute requires the service to exceed, in months.
        amount: The amount compared with the threshold (``amount_*``); for
            ``amount_tax_decides``, the amount the other assumption compares.
        limit: The threshold (``amount_*``).
        tax_included: Whether the amount compared includes tax (``amount_*``; for
            ``amount_tax_decides``, whether the other assumption's amount does).
        goods: The related goods bought with the contract that ``amount`` includes
            (``amount_*``), as taxed as ``amount`` is; ``None`` without goods.
    """

    code: ReasonCode
    rules: str | None = None
    source: RulesSource | None = None
    received: date | None = None
    in_force: date | None = None
    months: int | None = None
    sessions: int | None = None
    period_limit: int | None = None
    amount: int | None = None
    limit: int | None = None
    tax_included: bool | None = None
    goods: int | None = None

    @model_serializer(mode="wrap")
    def _without_goods(self, handler: SerializerFunctionWrapHandler) -> Any:
        # A reason of a contract without goods reads back as it always did.
        data = handler(self)
        if self.goods is None and isinstance(data, dict):
            data.pop("goods", None)
        return data


class Applicability(_Model):
    """Whether a contract falls under 特定継続的役務提供, and why.

    Example:
        >>> Applicability(applicable=False, rules=ContractRules.NONE,
        ...               reasons=(Reason(code="not_flagged"),), amount=0).applicable
        False

    Args:
        applicable: Whether the statutory rules apply.
        rules: The rules of the contract.
        reasons: Each criterion, met or not, as a code with its values.
        amount: The amount compared with the threshold.
        rules_source: Where the rules came from (:data:`RulesSource`).
    """

    applicable: bool
    rules: ContractRules
    rules_source: RulesSource = "catalog"
    reasons: tuple[Reason, ...]
    amount: Amount


def _threshold_amount(contract: Contract, tax_included: bool) -> tuple[int, int]:
    """The amount compared with the threshold, and the related goods in it, with or without tax.

    Related goods bought with the contract count towards the amount (DOMAIN §4); whether
    tax does is unconfirmed, so both readings are asked of this one sum.
    """
    if tax_included:
        return contract.total + contract.goods, contract.goods
    goods = contract.goods - contract.goods_tax
    return contract.total - contract.tax + goods, goods


def applicability(
    contract: Contract, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> Applicability:
    """Whether a contract is covered: flagged, period over one month, amount over ¥50,000.

    Example:
        >>> line = ContractLine(label="set", kind="bundle", amount=104_500, sessions=3)
        >>> covered = applicability(Contract.from_lines(
        ...     [line], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE))
        >>> covered.applicable
        True
        >>> [reason.code for reason in covered.reasons]
        ['flagged', 'sessions_only_over', 'amount_over']

    Args:
        contract: The contract.
        assumptions: ``threshold_includes_tax`` and ``sessions_only_over_month`` are used.

    Returns:
        The answer with its reasons: after ``amount_over`` or ``amount_not_over``, an
        ``amount_tax_decides`` where the unconfirmed ``threshold_includes_tax`` decided it
        (the amount with tax on the other side of the threshold from the amount without).
    """
    contract = _checked(contract)
    rules = rule_set(contract.rules)
    reasons: list[Reason] = []
    amount, goods = _threshold_amount(contract, assumptions.threshold_includes_tax)
    if rules is None:
        # supecost never infers coverage: only the clinic's own terms apply.
        reasons.append(Reason(code="not_flagged", source=contract.rules_source))
        return Applicability(
            applicable=False,
            rules=contract.rules,
            rules_source=contract.rules_source,
            reasons=tuple(reasons),
            amount=amount,
        )
    covered = True
    reasons.append(Reason(code="flagged", rules=rules.name, source=contract.rules_source))
    if (
        rules.in_force_from is not None
        and contract.received is not None
        and contract.received < rules.in_force_from
    ):
        covered = False
        reasons.append(
            Reason(
                code="before_in_force",
                rules=rules.name,
                received=contract.received,
                in_force=rules.in_force_from,
            )
        )
    long_enough, period = _period_reason(contract, rules, assumptions)
    covered = covered and long_enough
    reasons.append(period)
    over = amount > rules.min_amount
    covered = covered and over
    reasons.append(
        Reason(
            code="amount_over" if over else "amount_not_over",
            amount=amount,
            limit=rules.min_amount,
            tax_included=assumptions.threshold_includes_tax,
            goods=goods if contract.goods else None,
        )
    )
    other, _ = _threshold_amount(contract, not assumptions.threshold_includes_tax)
    if (other > rules.min_amount) != over:
        # Whether tax counts is unconfirmed (DOMAIN §4): the answer says it rests on that.
        reasons.append(
            Reason(
                code="amount_tax_decides",
                amount=other,
                limit=rules.min_amount,
                tax_included=not assumptions.threshold_includes_tax,
            )
        )
    return Applicability(
        applicable=covered,
        rules=contract.rules,
        rules_source=contract.rules_source,
        reasons=tuple(reasons),
        amount=amount,
    )


def _period_reason(
    contract: Contract, rules: RuleSet, assumptions: Assumptions
) -> tuple[bool, Reason]:
    limit = rules.min_period_months
    if contract.period_months is not None:
        months = contract.period_months
        over = months > limit
        code: ReasonCode = "period_over" if over else "period_not_over"
        return over, Reason(code=code, months=months, period_limit=limit)
    sessions = contract.sessions
    if sessions < 2:
        return False, Reason(code="single_session", sessions=sessions, period_limit=limit)
    # Sessions alone count as over the period unless special circumstances are assumed.
    over = assumptions.sessions_only_over_month
    code = "sessions_only_over" if over else "sessions_only_not_over"
    return over, Reason(code=code, sessions=sessions, period_limit=limit)


def cooling_off_until(received: date, *, days: int = 8) -> date:
    """The last day of cooling-off: the day of receipt is day 1 of ``days``.

    Example:
        >>> cooling_off_until(date(2024, 4, 1))
        datetime.date(2024, 4, 8)

    Args:
        received: The day the contract document was received.
        days: The length of the period.

    Returns:
        The last day on which a cancellation is a cooling-off.

    Raises:
        ContractError: ``days`` is below 1.
    """
    if type(days) is not int or days < 1:
        raise ContractError(f"days must be a whole number of 1 or more, got {days!r}")
    return received + timedelta(days=days - 1)


def _months_begun(start: date, on: date, limit: int) -> int:
    """How many monthly periods [start + k months, start + k + 1 months) have begun by ``on``."""
    if on < start:
        return 0
    whole = (on.year - start.year) * 12 + on.month - start.month
    if add_months(start, whole) > on:
        whole -= 1
    return min(whole + 1, limit)


def valid_until(
    contract: Contract, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS
) -> date | None:
    """The last day a contract's sessions can be used; ``None`` when it has no period.

    Example:
        >>> line = ContractLine(label="set", kind="bundle", amount=104_500, sessions=3)
        >>> valid_until(Contract.from_lines([line], received=date(2024, 4, 1), period_months=6))
        datetime.date(2024, 10, 1)

    Args:
        contract: The contract.
        assumptions: ``expiry_counts_receipt_day`` is used for sets.

    Returns:
        For a monthly plan, the day before the month after its last month; for
        a set with a validity, per :class:`Assumptions`; else ``None``.
    """
    contract = _checked(contract)
    if contract.monthly is not None:
        return add_months(contract.monthly.start, contract.monthly.months) - timedelta(days=1)
    if contract.period_months is None or contract.received is None:
        return None
    end = add_months(contract.received, contract.period_months)
    return end - timedelta(days=1) if assumptions.expiry_counts_receipt_day else end


# --- settlement -----------------------------------------------------------------------------


class SettlementCode(enum.StrEnum):
    """What one part of a settlement is; its words come at rendering.

    Each code names the values of :class:`SettlementLine` it uses.

    Example:
        >>> SettlementCode.SESSIONS_GIVEN.value
        'sessions_given'
    """

    COOLING_OFF = "cooling_off"
    """Within cooling-off (to ``until``): nothing may be kept."""
    COOLING_OFF_NO_DOCUMENT = "cooling_off_no_document"
    """No contract document was received, so cooling-off never began to run."""
    EXPIRED = "expired"
    """The period ended on ``until``; unused sessions lapsed and the whole amount is kept."""
    MONTHS_BEGUN = "months_begun"
    """The fees of ``months`` months begun at ``fee`` a month."""
    ENROLLMENT_SERVICE = "enrollment_service"
    """The enrollment fee, counted as a service given."""
    NO_SESSIONS = "no_sessions"
    """No session given: the contract fixes none."""
    SESSIONS_GIVEN = "sessions_given"
    """``sessions`` given at the contract's per-session ``price``; ``rounding`` when not whole."""
    BEFORE_START = "before_start"
    """Before treatment starts: at most ``cap`` under the ``rules``."""
    ALLOWANCE = "allowance"
    """The lower of ``cap`` and ``rate`` of the ``outstanding`` amount (``share``)."""
    WHOLE_AMOUNT = "whole_amount"
    """No statutory cap and no cancellation terms: up to the whole amount (basis ``no_terms``)."""
    ENROLLMENT_FEE = "enrollment_fee"
    """The enrollment fee, as the catalog's terms keep it."""
    OTHER_LINES = "other_lines"
    """The contract's lines other than the monthly plan."""
    EARLY_TERMINATION = "early_termination"
    """The early termination fee, within the minimum term of ``months`` months."""
    MIN_TERM = "min_term"
    """The fees of a plan's minimum term of ``months`` months at ``fee`` a month, where the
    rest of it costs less than its early termination fee (:func:`~supecost.catalog.plan_held`)."""
    CLINIC_BEFORE_START = "clinic_before_start"
    """Before treatment starts, under the clinic's ``terms``."""
    CLINIC_FEE = "clinic_fee"
    """The clinic's fee: ``rate`` of the ``outstanding`` amount and/or at most ``cap``."""


class SettlementLine(_Model):
    """One part of what the clinic may keep, as a code and its values; words come at rendering.

    :func:`supecost.present.settlement_text` words it in Japanese or English.

    Example:
        >>> line = SettlementLine(code="sessions_given", amount=170_000, sessions=2,
        ...                       price=Fraction(85_000))
        >>> line.code, line.amount
        (<SettlementCode.SESSIONS_GIVEN: 'sessions_given'>, 170000)

    Args:
        code: What the part is.
        amount: Its amount, in yen.
        until: The last day of cooling-off or of the contract period.
        months: The months begun (``months_begun``) or the minimum term (``early_termination``).
        fee: The monthly fee (``months_begun``).
        first_months: Of the months begun, those at the plan's first-month fee
            (``months_begun``); ``None``: none.
        first_fee: The first-month fee of each of them (``months_begun``).
        sessions: The sessions given (``sessions_given``).
        price: The contract's exact per-session price (``sessions_given``).
        contract_total: The contract amount that price divides, as the contract states it
            (``sessions_given``).
        contract_sessions: The contract's sessions it is divided by (``sessions_given``):
            the per-session price is shown as ``contract_total / contract_sessions``
            (308,000 / 6), the figures on the contract, never as a reduced fraction.
        rounding: How the value given was rounded, when it was not whole (``sessions_given``).
        enrollment_fee: The enrollment fee counted as a service given, which
            ``contract_total`` then leaves out (``sessions_given`` under
            ``Assumptions.enrollment_fee_is_service``), so the price is worded as that
            amount over the sessions, not as the contract's per-session price.
        rules: The statutory rule set's name (``before_start``).
        terms: The clinic's name for its terms, ``None`` for the default (``clinic_*``).
        cap: The cap compared (``before_start``, ``allowance``, ``clinic_fee``).
        rate: The share of the outstanding amount (``allowance``, ``clinic_fee``).
        outstanding: The amount still outstanding (``allowance``, ``clinic_fee``).
        share: ``rate`` of ``outstanding``, rounded (``allowance``).
    """

    code: SettlementCode
    amount: Yen
    until: date | None = None
    months: int | None = None
    fee: int | None = None
    first_months: int | None = None
    first_fee: int | None = None
    sessions: int | None = None
    price: Fraction | None = None
    contract_total: int | None = None
    contract_sessions: int | None = None
    rounding: Rounding | None = None
    enrollment_fee: int | None = None
    rules: str | None = None
    terms: Text | None = None
    cap: int | None = None
    rate: Fraction | None = None
    outstanding: int | None = None
    share: int | None = None

    @model_validator(mode="after")
    def _divided(self) -> SettlementLine:
        if self.enrollment_fee is not None and (
            self.code is not SettlementCode.SESSIONS_GIVEN or self.contract_total is None
        ):
            # Only the value of the sessions given divides the amount less the fee.
            raise ValueError(
                f"enrollment_fee belongs to a sessions_given line with contract_total, "
                f"not to {self.code.value!r}; leave it out"
            )
        given = (self.contract_total, self.contract_sessions)
        if given == (None, None):
            return self
        if None in given or not self.contract_sessions:
            raise ValueError(
                "contract_total and contract_sessions go together, with 1 session or more"
            )
        if self.price != Fraction(self.contract_total or 0, self.contract_sessions):
            raise ValueError(
                f"price {self.price} is not contract_total / contract_sessions "
                f"({self.contract_total} / {self.contract_sessions})"
            )
        return self


class SettlementNote(_Model):
    """Another limit on what may be kept, and how much it would allow; words come at rendering.

    Example:
        >>> SettlementNote(basis="catalog_terms", keep_max=510_000).keep_max
        510000

    A contract without terms of its own (a set; the catalog gives cancellation terms
    only for monthly plans) has no limit but the whole amount: that is no note.

    Args:
        basis: Which limit: ``statute``, ``catalog_terms`` (a monthly plan's fees in the
            catalog) or ``clinic_terms``.
        keep_max: The most it would let the clinic keep.
        rules: The statutory rule set's name (``statute``).
        terms: The clinic's name for its terms, ``None`` for the default (``clinic_terms``).
    """

    basis: Literal["statute", "catalog_terms", "clinic_terms"]
    keep_max: Amount
    rules: str | None = None
    terms: Text | None = None


_Basis: TypeAlias = Literal[
    "cooling_off", "statute", "catalog_terms", "clinic_terms", "expired", "no_terms"
]
"""What decided a settlement's ``keep_max``."""


class Settlement(_Model):
    """What the clinic may keep and must refund when a contract is cancelled on a date.

    ``lines`` add up to ``keep_max``. ``kept`` is the part of it already paid,
    ``refund_min = paid - kept`` and ``owed_max = keep_max - kept``.

    Example:
        >>> line = ContractLine(label="set", kind="bundle", amount=100_000, sessions=20)
        >>> salon = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                             rules=ContractRules.BEAUTY_SALON)
        >>> settle(salon, on=date(2024, 5, 1), used=5).refund_min  # 100,000 - 32,500
        67500

    Args:
        on: The day of cancellation.
        used: The sessions used.
        started: Whether treatment had started.
        rules: The catalog flag.
        applicable: Whether the statute covers the contract.
        within_cooling_off: Whether the cancellation is a cooling-off.
        expired: Whether the contract's period had ended.
        basis: What decided ``keep_max``: ``cooling_off``, ``statute``,
            ``catalog_terms`` (a monthly plan's fees and early termination fee in the
            catalog), ``clinic_terms``, ``expired``, or ``no_terms`` (no statutory cap
            and no cancellation terms: up to the whole amount).
        paid: What the patient had paid.
        keep_max: The most the clinic may keep in all.
        kept: The part of ``keep_max`` already paid.
        refund_min: The least the clinic must refund.
        owed_max: The most the patient may still owe.
        statutory_cap: The statutory maximum, when the statute applies.
        lines: The parts of ``keep_max``.
        notes: The other limits, each with what it would allow.
    """

    on: date
    used: Sessions
    started: bool
    rules: ContractRules
    applicable: bool
    within_cooling_off: bool
    expired: bool
    basis: _Basis
    paid: Amount
    keep_max: Amount
    kept: Amount
    refund_min: Amount
    owed_max: Amount
    statutory_cap: Amount | None
    lines: tuple[SettlementLine, ...]
    notes: tuple[SettlementNote, ...] = ()


class _Candidate:
    """One limit on what may be kept, with its parts."""

    def __init__(
        self,
        basis: _Basis,
        lines: list[SettlementLine],
        *,
        rules: str | None = None,
        terms: str | None = None,
    ) -> None:
        self.basis = basis
        self.rules = rules
        self.terms = terms
        self.lines = tuple(lines)
        self.keep = sum(line.amount for line in lines)

    def note(self) -> SettlementNote:
        assert self.basis in ("statute", "catalog_terms", "clinic_terms")
        return SettlementNote(
            basis=self.basis, keep_max=self.keep, rules=self.rules, terms=self.terms
        )


def _months_line(monthly: MonthlyTerms, begun: int) -> SettlementLine:
    # The months begun at the fees the contract charges for them: a free first month is
    # worth nothing given, never its monthly fee (docs/contracts.md, DOMAIN §4 is silent).
    cheap = min(begun, monthly.first_months)
    return SettlementLine(
        code=SettlementCode.MONTHS_BEGUN,
        amount=monthly.fees_of(begun),
        months=begun,
        fee=monthly.monthly_fee,
        first_months=cheap or None,
        first_fee=monthly.first_month_fee if cheap else None,
    )


def _value_lines(
    contract: Contract, used: int, assumptions: Assumptions
) -> tuple[int, list[SettlementLine]]:
    """The value of what was given, rounded once, with its lines.

    ``used`` sessions at the contract's per-session price (total / sessions), never a
    line's own price, a monthly plan's included: DOMAIN §4 prices the sessions given,
    so a plan's months begun (its catalog's terms) are no measure of them. A plan's
    enrollment fee counted as a service given (``enrollment_fee_is_service``) is
    given whole, and the sessions then divide the rest of the amount.
    """
    total, lines = contract.total, []
    monthly = contract.monthly
    service: int | None = None
    if monthly is not None and assumptions.enrollment_fee_is_service and monthly.enrollment_fee:
        service = monthly.enrollment_fee
        # Given on its own, so no session carries a share of it: counted once, never twice.
        total -= monthly.enrollment_fee
        lines.append(
            SettlementLine(code=SettlementCode.ENROLLMENT_SERVICE, amount=monthly.enrollment_fee)
        )
    if not contract.sessions:
        # Only fees: no session can have been given (used is checked against 0 sessions).
        lines.append(SettlementLine(code=SettlementCode.NO_SESSIONS, amount=0))
        return contract.total - total, lines
    # The law: every session given is priced at the contract's per-session price,
    # total / sessions, whatever the lines' own prices; exact, then rounded once.
    exact = Fraction(total * used, contract.sessions)
    value = round_fraction(exact, assumptions.value_rounding)
    lines.append(
        SettlementLine(
            code=SettlementCode.SESSIONS_GIVEN,
            amount=value,
            sessions=used,
            price=Fraction(total, contract.sessions),
            contract_total=total,
            contract_sessions=contract.sessions,
            rounding=assumptions.value_rounding if exact.denominator != 1 else None,
            enrollment_fee=service,
        )
    )
    return contract.total - total + value, lines


def settle(
    contract: Contract,
    *,
    on: date,
    used: int,
    paid: int | None = None,
    started: bool | None = None,
    clinic_terms: ClinicTerms | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> Settlement:
    """What the clinic may keep and must refund if the contract is cancelled on ``on``.

    Within cooling-off nothing is kept. After it, for a covered contract: at
    most the rule set's ``before_start_cap`` before treatment starts; after, the
    value of the sessions given at the contract's per-session price (a monthly
    plan's too: its total over its sessions) plus the lower of
    ``value_cap`` and ``outstanding_rate`` of the outstanding amount. The
    catalog's own terms (a monthly plan's fees and early termination fee; for
    a set, the whole amount) and ``clinic_terms`` can only lower it. Without
    statutory rules, those terms alone decide.

    Example:
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> result = settle(contract, on=date(2024, 6, 1), used=2)
        >>> [(part.code.value, part.amount) for part in result.lines]
        [('sessions_given', 170000), ('allowance', 50000)]
        >>> settle(contract, on=date(2024, 4, 8), used=2).refund_min  # cooling-off
        510000

    Args:
        contract: The contract.
        on: The day of cancellation.
        used: The sessions used so far, each valued at the contract's
            per-session price (total / sessions).
        paid: What the patient has paid; default the whole amount for a set,
            and for a monthly plan the enrollment fee and the months begun.
        started: Whether treatment started; default ``used > 0``.
        clinic_terms: The clinic's own, more generous terms.
        assumptions: The choices for what the sources left unconfirmed.

    Returns:
        The settlement, line by line.

    Raises:
        ContractError: ``used`` is negative or above the sessions, ``on`` is
            before receipt, ``paid`` is outside 0 to the total, or
            ``started`` is ``False`` with sessions used.
    """
    contract = _checked(contract)
    _check_used(contract, used)
    if contract.received is not None and on < contract.received:
        raise ContractError(
            f"the cancellation date {on.isoformat()} is before the contract was received "
            f"on {contract.received.isoformat()}",
            "give a cancellation date on or after the day of receipt",
            code="contract.cancel_before",
            params={"on": on.isoformat(), "received": contract.received.isoformat()},
        )
    began = used > 0 if started is None else started
    if used > 0 and not began:
        # Worded with the argument as Python writes it, so the command line and JSON can
        # each name it their own way (--no-started, "started": false).
        message = f"{used} sessions were used, so treatment had started, not started=False"
        raise ContractError(
            message,
            "leave out started=False, or give started=True",
            (("started", message),),
            code="contract.started",
            params={"used": used, "arg": "started=False", "arg_yes": "started=True"},
        )
    paid_amount = _default_paid(contract, on) if paid is None else _checked_paid(contract, paid)
    coverage = applicability(contract, assumptions=assumptions)
    rules = rule_set(contract.rules) if coverage.applicable else None
    common = {
        "on": on,
        "used": used,
        "started": began,
        "rules": contract.rules,
        "applicable": coverage.applicable,
        "paid": paid_amount,
    }
    if rules is not None and (
        contract.received is None
        or on <= cooling_off_until(contract.received, days=rules.cooling_off_days)
    ):
        if contract.received is None:
            line = SettlementLine(code=SettlementCode.COOLING_OFF_NO_DOCUMENT, amount=0)
        else:
            last = cooling_off_until(contract.received, days=rules.cooling_off_days)
            line = SettlementLine(code=SettlementCode.COOLING_OFF, amount=0, until=last)
        return _settlement(
            common,
            within_cooling_off=True,
            expired=False,
            candidate=_Candidate("cooling_off", [line]),
            cap=0,
            others=(),
        )
    last_day = valid_until(contract, assumptions=assumptions)
    expired = last_day is not None and on > last_day
    value_on = on
    if expired and last_day is not None:
        if not assumptions.expired_sessions_refundable:
            return _settlement(
                common,
                within_cooling_off=False,
                expired=True,
                candidate=_Candidate(
                    "expired",
                    [
                        SettlementLine(
                            code=SettlementCode.EXPIRED, amount=contract.total, until=last_day
                        )
                    ],
                ),
                cap=None,
                others=(),
            )
        value_on = last_day
    candidates: list[_Candidate] = []
    if rules is not None:
        candidates.append(_statutory(contract, rules, used, began, assumptions))
    candidates.append(_catalog_terms(contract, value_on))
    if clinic_terms is not None:
        own = _clinic_terms(contract, clinic_terms, used, began, assumptions)
        if own is not None:
            candidates.append(own)
    best = min(candidates, key=lambda candidate: candidate.keep)
    # The whole amount is no limit of its own: where nothing else limits it, nothing is noted.
    others = tuple(
        candidate.note()
        for candidate in candidates
        if candidate is not best and candidate.basis != "no_terms"
    )
    return _settlement(
        common,
        within_cooling_off=False,
        expired=expired,
        candidate=best,
        cap=candidates[0].keep if rules is not None else None,
        others=others,
    )


def _settlement(
    common: dict[str, object],
    *,
    within_cooling_off: bool,
    expired: bool,
    candidate: _Candidate,
    cap: int | None,
    others: tuple[SettlementNote, ...],
) -> Settlement:
    paid = common["paid"]
    assert isinstance(paid, int)
    kept = min(paid, candidate.keep)
    return Settlement.model_validate(
        {
            **common,
            "within_cooling_off": within_cooling_off,
            "expired": expired,
            "basis": candidate.basis,
            "keep_max": candidate.keep,
            "kept": kept,
            "refund_min": paid - kept,
            "owed_max": candidate.keep - kept,
            "statutory_cap": cap,
            "lines": candidate.lines,
            "notes": others,
        }
    )


def _check_used(contract: Contract, used: int) -> None:
    if type(used) is not int or not 0 <= used <= contract.sessions:
        units = contract.units
        if units is None:
            message = (
                f"used must be a whole number from 0 to the contract's {contract.sessions} "
                f"sessions, got {used!r}"
            )
            raise ContractError(
                message,
                "check the count of sessions given",
                (("used", message),),
                code="contract.used",
                params={"arg": "used", "sessions": contract.sessions, "got": excerpt(used)},
            )
        # A unit ticket (本数券) counts units, a visit spending as many as its units: the
        # refusal counts them too, in the catalog's unit where it names one.
        unit = units.en_other or units.en or "units"
        message = (
            f"used must be a whole number from 0 to the contract's {contract.sessions} {unit}, "
            f"got {used!r}"
        )
        raise ContractError(
            message,
            "check the count of units given",
            (("used", message),),
            code="contract.used_units",
            params={
                "arg": "used",
                "sessions": contract.sessions,
                "unit": units.ja,
                "got": excerpt(used),
            },
        )


def _checked_paid(contract: Contract, paid: int) -> int:
    amount = yen(paid, "paid")
    if not 0 <= amount <= contract.total:
        message = f"paid {amount:,} is outside 0 to the contract amount {contract.total:,}"
        raise ContractError(
            message,
            "give what the patient has actually paid towards this contract",
            (("paid", message),),
            code="contract.paid",
            params={"paid": f"{amount:,}", "total": f"{contract.total:,}"},
        )
    return amount


def _default_paid(contract: Contract, on: date) -> int:
    monthly = contract.monthly
    if monthly is None:
        return contract.total
    begun = _months_begun(monthly.start, on, monthly.months)
    return contract.total - (monthly.fees_of(monthly.months) - monthly.fees_of(begun))


def _statutory(
    contract: Contract, rules: RuleSet, used: int, began: bool, assumptions: Assumptions
) -> _Candidate:
    if not began:
        cap = min(rules.before_start_cap, contract.total)
        line = SettlementLine(
            code=SettlementCode.BEFORE_START,
            amount=cap,
            rules=rules.name,
            cap=rules.before_start_cap,
        )
        return _Candidate("statute", [line], rules=rules.name)
    value, lines = _value_lines(contract, used, assumptions)
    outstanding = contract.total - value
    share = round_fraction(outstanding * rules.outstanding_rate, assumptions.value_rounding)
    allowance = min(rules.value_cap, share)
    lines.append(
        SettlementLine(
            code=SettlementCode.ALLOWANCE,
            amount=allowance,
            cap=rules.value_cap,
            rate=rules.outstanding_rate,
            outstanding=outstanding,
            share=share,
        )
    )
    return _Candidate("statute", lines, rules=rules.name)


def _catalog_terms(contract: Contract, on: date) -> _Candidate:
    monthly = contract.monthly
    if monthly is None:
        # A catalog gives cancellation terms only for monthly plans: a set has none.
        return _Candidate(
            "no_terms",
            [SettlementLine(code=SettlementCode.WHOLE_AMOUNT, amount=contract.total)],
        )
    begun = _months_begun(monthly.start, on, monthly.months)
    # Left within its minimum term, the plan costs what its own terms say a plan held so long
    # costs (catalog.plan_held, as a quote prices it): the months begun and the early
    # termination fee, or the rest of the term where that is less. A contract's plan without
    # a fee is cancelled at none (0), as before: the months begun.
    early = monthly.early_termination_fee
    held = plan_held(monthly.monthly_fee, begun, monthly.min_months, 0, early, monthly._first)[1]
    lines = [_months_line(monthly, held)]
    if held > begun:
        lines[0] = lines[0].model_copy(update={"code": SettlementCode.MIN_TERM})
    others = contract.total - monthly.committed
    if monthly.enrollment_fee:
        lines.insert(
            0, SettlementLine(code=SettlementCode.ENROLLMENT_FEE, amount=monthly.enrollment_fee)
        )
    if others:
        lines.append(SettlementLine(code=SettlementCode.OTHER_LINES, amount=others))
    if held < monthly.min_months and early:
        lines.append(
            SettlementLine(
                code=SettlementCode.EARLY_TERMINATION,
                amount=early,
                months=monthly.min_months,
            )
        )
    return _Candidate("catalog_terms", lines)


def _clinic_terms(
    contract: Contract, terms: ClinicTerms, used: int, began: bool, assumptions: Assumptions
) -> _Candidate | None:
    if not began:
        if terms.before_start_fee is None:
            return None
        fee = min(terms.before_start_fee, contract.total)
        line = SettlementLine(code=SettlementCode.CLINIC_BEFORE_START, amount=fee, terms=terms.name)
        return _Candidate("clinic_terms", [line], terms=terms.name)
    if terms.fee_rate is None and terms.fee_cap is None:
        return None
    value, lines = _value_lines(contract, used, assumptions)
    outstanding = contract.total - value
    fee = outstanding
    if terms.fee_rate is not None:
        fee = round_fraction(outstanding * terms.fee_rate, assumptions.value_rounding)
    if terms.fee_cap is not None:
        fee = min(fee, terms.fee_cap, outstanding)
    lines.append(
        SettlementLine(
            code=SettlementCode.CLINIC_FEE,
            amount=fee,
            terms=terms.name,
            cap=terms.fee_cap,
            rate=terms.fee_rate,
            outstanding=outstanding,
        )
    )
    return _Candidate("clinic_terms", lines, terms=terms.name)


# --- prepaid sessions: the ledger -----------------------------------------------------------


class LedgerEvent(_Model):
    """One event of a ledger: sessions purchased, used, expired or refunded.

    Example:
        >>> LedgerEvent(on=date(2024, 4, 1), kind="used", sessions=1).kind
        'used'

    Args:
        on: The day of the event.
        kind: ``purchased``, ``used``, ``expired`` or ``refunded``.
        sessions: The sessions it concerns.
        amount: The money it concerns (paid for a purchase, refunded for a refund).
    """

    on: date
    kind: Literal["purchased", "used", "expired", "refunded"]
    sessions: Sessions
    amount: Amount = 0


class LedgerStatus(_Model):
    """A ledger on one day: sessions left, until when, and the refund if cancelled that day.

    Example:
        >>> LedgerStatus(on=date(2024, 4, 1), purchased=5, used=0, expired=0, left=5,
        ...              usable_now=5, until=None, closed=False, refund_if_cancelled=0).left
        5

    Args:
        on: The day.
        purchased: The sessions bought.
        used: The sessions used by that day.
        expired: The sessions lapsed by that day.
        left: The sessions still to use, this month's and later months' for a plan.
        usable_now: The sessions that can be used that day (for a plan, this month's).
        until: The last day sessions can be used, if the contract has one.
        closed: Whether the ledger was closed by a refund or a recorded expiry.
        refund_if_cancelled: The least refund if cancelled that day; 0 once closed.
        settlement: The settlement behind it, unless closed.
    """

    on: date
    purchased: Sessions
    used: Sessions
    expired: Sessions
    left: Sessions
    usable_now: Sessions
    until: date | None
    closed: bool
    refund_if_cancelled: Amount
    settlement: Settlement | None = None


class Ledger(_Model):
    """The history of a prepaid set or plan: purchased, used, expired, refunded.

    Ledgers are immutable: :meth:`use`, :meth:`expire` and :meth:`cancel`
    return a new ledger with one more event.

    Example:
        >>> line = ContractLine(label="6-session set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1), period_months=12,
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> ledger = Ledger.open(contract).use(date(2024, 4, 20)).use(date(2024, 5, 20))
        >>> status = ledger.status(date(2024, 6, 1))
        >>> status.left, status.until, status.refund_if_cancelled
        (4, datetime.date(2025, 4, 1), 290000)

    Args:
        contract: The contract.
        events: The events, in date order, the first being the purchase.
        assumptions: The choices for what the sources left unconfirmed.
    """

    contract: Contract
    events: Annotated[tuple[LedgerEvent, ...], Field(min_length=1)]
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS

    @model_validator(mode="after")
    def _ordered(self) -> Ledger:
        if self.events[0].kind != "purchased" or any(
            event.kind == "purchased" for event in self.events[1:]
        ):
            raise ValueError("a ledger starts with its one purchase; open it with Ledger.open")
        for before, after in zip(self.events, self.events[1:], strict=False):
            if after.on < before.on:
                raise ValueError(
                    f"events are out of order: {after.on.isoformat()} follows "
                    f"{before.on.isoformat()}; record events in date order"
                )
        return self

    @classmethod
    def open(cls, contract: Contract, *, assumptions: Assumptions = DEFAULT_ASSUMPTIONS) -> Ledger:
        """Start a ledger with the purchase, dated the day the contract was received.

        Example:
            >>> line = ContractLine(label="set", kind="bundle", amount=148_500, sessions=5)
            >>> contract = Contract.from_lines([line], received=date(2024, 4, 1))
            >>> Ledger.open(contract).events[0].sessions
            5

        Args:
            contract: The contract.
            assumptions: The choices for what the sources left unconfirmed.

        Returns:
            A ledger holding the purchase.

        Raises:
            ContractError: The contract has no receipt date.
        """
        if contract.received is None:
            raise ContractError(
                "a ledger needs the day of purchase, but the contract has no receipt date",
                "give the contract a received date",
            )
        purchase = LedgerEvent(
            on=contract.received,
            kind="purchased",
            sessions=contract.sessions,
            amount=_default_paid(contract, contract.received),
        )
        return cls(contract=contract, events=(purchase,), assumptions=assumptions)

    @property
    def closed_on(self) -> date | None:
        """The day a refund or a recorded expiry closed the ledger, if any."""
        for event in self.events:
            if event.kind in ("refunded", "expired"):
                return event.on
        return None

    def _used(self, on: date | None = None) -> list[LedgerEvent]:
        return [e for e in self.events if e.kind == "used" and (on is None or e.on <= on)]

    def _check_open(self) -> None:
        closed = self.closed_on
        if closed is not None:
            raise ContractError(
                f"the ledger was closed on {closed.isoformat()}",
                "open a ledger for a new contract",
            )

    def _append(self, event: LedgerEvent) -> Ledger:
        last = self.events[-1].on
        if event.on < last:
            raise ContractError(
                f"{event.kind} on {event.on.isoformat()} is before the last event on "
                f"{last.isoformat()}",
                "record events in date order",
            )
        return self.model_copy(update={"events": (*self.events, event)})

    def use(self, on: date, sessions: int = 1) -> Ledger:
        """Record sessions used on a day.

        Example:
            >>> line = ContractLine(label="set", kind="bundle", amount=148_500, sessions=5)
            >>> ledger = Ledger.open(Contract.from_lines([line], received=date(2024, 4, 1)))
            >>> ledger.use(date(2024, 4, 2), 2).status(date(2024, 4, 2)).left
            3

        Args:
            on: The day.
            sessions: How many sessions.

        Returns:
            The ledger with the event.

        Raises:
            ContractError: Fewer sessions are left that day, the contract has
                ended, or the ledger is closed or has a later event.
        """
        if type(sessions) is not int or sessions < 1:
            raise ContractError(f"sessions must be a whole number of 1 or more, got {sessions!r}")
        self._check_open()
        left = self.status(on, settle_refund=False).usable_now
        if sessions > left:
            monthly = self.contract.monthly
            raise ContractError(
                f"{sessions} sessions used on {on.isoformat()} but {left} are left that day",
                "check the date and the count; "
                + (
                    "a monthly plan's unused sessions carry over to the next month only"
                    if monthly is not None and monthly.carry_over
                    else "a monthly plan's sessions do not carry over"
                ),
            )
        return self._append(LedgerEvent(on=on, kind="used", sessions=sessions))

    def expire(self, on: date) -> Ledger:
        """Record that the sessions left lapsed, on a day after the contract ended.

        Example:
            >>> line = ContractLine(label="set", kind="bundle", amount=148_500, sessions=5)
            >>> contract = Contract.from_lines([line], received=date(2024, 4, 1), period_months=6)
            >>> Ledger.open(contract).expire(date(2024, 10, 2)).events[-1].sessions
            5

        Args:
            on: The day, after the last valid day.

        Returns:
            The closed ledger.

        Raises:
            ContractError: The contract has no period or has not ended by ``on``.
        """
        self._check_open()
        last = valid_until(self.contract, assumptions=self.assumptions)
        if last is None or on <= last:
            ends = "has no end date" if last is None else f"runs until {last.isoformat()}"
            raise ContractError(
                f"nothing expires on {on.isoformat()}: the contract {ends}",
                "record an expiry only after the last valid day",
            )
        status = self.status(on, settle_refund=False)
        return self._append(LedgerEvent(on=on, kind="expired", sessions=status.expired))

    def cancel(
        self,
        on: date,
        *,
        paid: int | None = None,
        clinic_terms: ClinicTerms | None = None,
    ) -> Ledger:
        """Record a cancellation on a day, refunding the least the law or terms require.

        Example:
            >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
            >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
            ...                                rules=ContractRules.COSMETIC_MEDICINE)
            >>> Ledger.open(contract).use(date(2024, 4, 20), 2).cancel(
            ...     date(2024, 6, 1)).events[-1].amount
            290000

        Args:
            on: The day of cancellation.
            paid: What the patient has paid, if not the default of :func:`settle`.
            clinic_terms: The clinic's own, more generous terms.

        Returns:
            The closed ledger.

        Raises:
            ContractError: As for :func:`settle`, or the ledger is closed.
        """
        self._check_open()
        status = self.status(on, paid=paid, clinic_terms=clinic_terms)
        return self._append(
            LedgerEvent(
                on=on, kind="refunded", sessions=status.left, amount=status.refund_if_cancelled
            )
        )

    def status(
        self,
        on: date,
        *,
        paid: int | None = None,
        clinic_terms: ClinicTerms | None = None,
        settle_refund: bool = True,
    ) -> LedgerStatus:
        """How many sessions are left on a day, until when, and the refund if cancelled then.

        Example:
            >>> line = ContractLine(label="set", kind="bundle", amount=148_500, sessions=5)
            >>> contract = Contract.from_lines([line], received=date(2024, 4, 1), period_months=6)
            >>> status = Ledger.open(contract).status(date(2024, 10, 2))
            >>> status.left, status.expired, status.refund_if_cancelled
            (0, 5, 0)

        Args:
            on: The day.
            paid: What the patient has paid, if not the default of :func:`settle`.
            clinic_terms: The clinic's own, more generous terms.
            settle_refund: Whether to compute the refund (``False`` leaves it 0).

        Returns:
            The status.

        Raises:
            ContractError: As for :func:`settle`.
        """
        contract = self.contract
        until = valid_until(contract, assumptions=self.assumptions)
        used_events = self._used(on)
        used = sum(e.sessions for e in used_events)
        purchased = contract.sessions
        left, expired, usable = self._left(on, until, used_events)
        closed_on = self.closed_on
        closed = closed_on is not None and closed_on <= on
        if closed:
            expired = purchased - used if self.events[-1].kind == "expired" else expired
            left = usable = 0
        settlement = None
        refund = 0
        if settle_refund and not closed:
            settlement = settle(
                contract,
                on=on,
                used=used,
                paid=paid,
                clinic_terms=clinic_terms,
                assumptions=self.assumptions,
            )
            refund = settlement.refund_min
        return LedgerStatus(
            on=on,
            purchased=purchased,
            used=used,
            expired=expired,
            left=left,
            usable_now=usable,
            until=until,
            closed=closed,
            refund_if_cancelled=refund,
            settlement=settlement,
        )

    def _left(
        self, on: date, until: date | None, used_events: list[LedgerEvent]
    ) -> tuple[int, int, int]:
        """The sessions left, lapsed, and usable that day (a plan's are this month's)."""
        contract = self.contract
        used = sum(e.sessions for e in used_events)
        monthly = contract.monthly
        if monthly is None:
            if until is not None and on > until:
                return 0, contract.sessions - used, 0
            return contract.sessions - used, 0, contract.sessions - used
        allowance = monthly.sessions_per_month
        begun = _months_begun(monthly.start, on, monthly.months)
        per_month = [0] * monthly.months
        for event in used_events:
            per_month[_months_begun(monthly.start, event.on, monthly.months) - 1] += event.sessions
        ended = until is not None and on > until
        current = monthly.months if ended else begun - 1
        # Month by month, each month's sessions from what the month before carried first.
        expired = carried = 0
        for month in range(max(current, 0)):
            _, carried, lapsed = allowance_month(
                allowance, monthly.carry_over, carried, per_month[month]
            )
            expired += lapsed
        if ended:
            # What the last month carried has no month left to be used in.
            return 0, expired + carried, 0
        if begun == 0:
            return contract.sessions, 0, 0
        usable = carried + allowance - per_month[current]
        return usable + allowance * (monthly.months - begun), expired, usable


def percent_share(value: object, name: str = "fee_rate") -> Fraction:
    """A share of an amount written as a percentage, in the one grammar of a rate.

    The command line's ``--clinic-fee-rate`` reads its share so, as ``--apr`` reads a rate:
    ``"1"`` is 1 % and ``"0.5"`` 0.5 %, never 100 % or 50 %. (:func:`share`, which a
    record and JSON read, takes a proportion instead, and refuses a bare ``1``.)

    Example:
        >>> percent_share("1"), percent_share("12.5%"), percent_share("100")
        (Fraction(1, 100), Fraction(1, 8), Fraction(1, 1))

    Args:
        value: The percentage, as text (``"10"``, ``"10%"``) or an exact number.
        name: How the value is named in an error (``"--clinic-fee-rate"``).

    Returns:
        The exact share, from 0 to 1.

    Raises:
        ContractError: The value is not a percentage in digits, or is above 100 %.
    """
    rate = _percent_rate(value, name)
    if rate > 1:
        written = _as_written(value)
        message = f"{name} {written}% is more than the whole amount (100%)"
        raise ContractError(
            message,
            "give the share in percent, from 0 to 100: '10' is 10%",
            ((name, message),),
            code="contract.percent_share",
            params={"arg": name, "got": written},
        )
    return rate


def _plan_schedule(monthly: MonthlyTerms, start: date) -> PaymentSchedule:
    payments: list[Payment] = []
    if monthly.enrollment_fee:
        payments.append(
            Payment(
                number=1,
                due=start,
                amount=monthly.enrollment_fee,
                principal=monthly.enrollment_fee,
                interest=0,
                item="enrollment",
            )
        )
    for month in range(monthly.months):
        fee = monthly.fee_of_month(month + 1)
        payments.append(
            Payment(
                number=len(payments) + 1,
                due=add_months(start, month),
                amount=fee,
                principal=fee,
                interest=0,
                item="month",
                month=month + 1,
            )
        )
    return PaymentSchedule(
        method="plan",
        principal=monthly.committed,
        payments=tuple(payments),
        total=monthly.committed,
        interest=0,
    )


def subscription_schedule(
    offer: Subscription,
    *,
    start: date,
    months: int | None = None,
    price: int | None = None,
    new_patient: bool | None = None,
    bought: Mapping[str, int] | None = None,
) -> PaymentSchedule:
    """A monthly plan's payments: the enrollment fee, then each month's fee, in catalog amounts.

    The plan is bought on ``start``, as :func:`contract_for_offer` reads it: the
    enrollment fee is the one on that day (its campaign's in its window,
    :meth:`~supecost.catalog.Subscription.enrollment_on`), and the first months are
    at the plan's first-month price (初月無料, 初月半額) where the patient gets it
    (:func:`~supecost.engine.resolve.first_month_of`: the patient's first enrollment
    unless ``bought`` names the plan; whether the patient is new asked where the price
    is for new patients only). The amounts are the catalog's as written (tax as the
    catalog states it, no discount); :func:`plan_schedule` gives the tax-included
    amounts of a contract, discounts included, which a quote's payments agree with.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> plan = reference_catalog().offer("sup-iv-monthly")
        >>> schedule = subscription_schedule(plan, start=date(2024, 4, 1))
        >>> schedule.total, schedule.payments[-1].due
        (165000, datetime.date(2024, 9, 1))
        >>> from supecost.catalog import load_catalog
        >>> free = load_catalog("tests/data/first-month.toml").offer("vc-m")
        >>> subscription_schedule(free, start=date(2026, 4, 1), new_patient=True).amounts
        (5500, 0, 22000)

    Args:
        offer: The monthly plan.
        start: The first day of the first month, the day the plan is bought.
        months: The months paid for; default the minimum term.
        price: The agreed monthly fee, required when the catalog gives a range; it is
            every month's fee (the catalog's first month is not applied to it).
        new_patient: Whether the patient is new, asked where a first-month price is
            for new patients only.
        bought: Offers the patient bought before; a plan it names (any count but 0)
            was enrolled in before, so its first month is at the fee.

    Returns:
        The schedule (no interest).

    Raises:
        ContractError: A fee is a range, ``months`` is below the minimum term, or
            whether the patient is new decides the first month and is not said.
    """
    term = offer.min_months if months is None else months
    if type(term) is not int or term < offer.min_months:
        raise ContractError(
            f"months {term!r} is below the minimum term of {offer.min_months} of "
            f"offer {offer.id!r}",
            f"give months={offer.min_months} or more",
            code="contract.min_months",
            params={"got": excerpt(term), "least": offer.min_months, "offer": repr(offer.id)},
        )
    patient = _patient(None, None, new_patient, (), None, bought)
    first_months, first_fee = 0, 0
    if price is None:
        fee = _exact(offer.monthly_fee, "monthly fee", offer.id)
        # The contract's one reading of who gets the first months.
        first = _first_month(offer, start, patient)
        if first is not None:
            first_months = first.months
            first_fee = _exact(first_month_price(offer), "first-month price", offer.id)
    else:
        fee = price
    terms = MonthlyTerms(
        monthly_fee=fee,
        months=term,
        min_months=offer.min_months,
        sessions_per_month=offer.sessions_per_month,
        enrollment_fee=_exact(offer.enrollment_on(start), "enrollment fee", offer.id),
        start=start,
        first_months=first_months,
        first_month_fee=first_fee,
        carry_over=offer.carry_over,
    )
    return _plan_schedule(terms, start)


def plan_schedule(contract: Contract) -> PaymentSchedule:
    """The payments of a monthly-plan contract, tax included, from its start.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> contract = contract_for_offer(reference_catalog(), "sup-iv-monthly",
        ...                               received=date(2024, 4, 1))
        >>> plan_schedule(contract).amounts
        (27500, 27500, 27500, 27500, 27500, 27500)

    Args:
        contract: A contract built from a monthly plan.

    Returns:
        The schedule (no interest).

    Raises:
        ContractError: The contract is not a monthly plan.
    """
    if contract.monthly is None:
        raise ContractError(
            "the contract is not a monthly plan",
            "use instalments() to spread a set's amount over payments",
        )
    return _plan_schedule(contract.monthly, contract.monthly.start)


# --- what the command line prints -----------------------------------------------------------


class ContractReport(_Model):
    """The JSON object of ``supecost contract``.

    ``cooling_off_until`` is the last day of cooling-off, or ``None`` when
    cooling-off does not apply (``cooling_off_applies`` is false: the statute
    does not cover the contract) or never started to run (no document received).

    Example:
        >>> sorted(ContractReport.model_fields)[:4]
        ['agreed', 'applicable', 'basis', 'cancel_on']
    """

    rules: ContractRules
    rules_source: RulesSource
    applicable: bool
    reasons: tuple[Reason, ...]
    received: date | None
    cooling_off_until: date | None
    cooling_off_applies: bool
    within_cooling_off: bool
    cancel_on: date
    used: Sessions
    sessions: Sessions
    total: Amount
    tax: Amount
    per_session_price: Fraction | None
    valid_until: date | None
    paid: Amount
    keep_max: Amount
    refund_min: Amount
    owed_max: Amount
    basis: str
    lines: tuple[SettlementLine, ...]
    notes: tuple[SettlementNote, ...]
    discounts: tuple[ContractDiscount, ...] = ()
    """The contract's :attr:`Contract.discounts`: left out of JSON when empty."""
    agreed: AgreedPrice | None = None
    """The contract's :attr:`Contract.agreed`: left out of JSON when ``None``."""
    segment: str | None = None
    """The contract's :attr:`Contract.segment`: left out of JSON when ``None``."""
    segment_name: str | None = None
    """The contract's :attr:`Contract.segment_name`: left out of JSON when ``None``."""
    segment_name_en: str | None = None
    """The contract's :attr:`Contract.segment_name_en`: left out of JSON when ``None``."""
    first_time: bool = False
    """The contract's :attr:`Contract.first_time`: left out of JSON when not."""
    units: ContractUnits | None = None
    """The contract's :attr:`Contract.units`: a unit ticket's ``sessions``, ``used`` and
    per-session price count its units; left out of JSON for a contract of visits."""
    goods: Amount = 0
    """The contract's :attr:`Contract.goods`: related goods bought with it, which count
    towards coverage but are in no settlement; left out of JSON when none."""
    plan: bool = False
    """Whether it is a monthly plan's: ``valid_until`` is then the last day of its term
    (the day before the month after its last month), where a set's is the last day of
    its validity; left out of JSON when not."""
    enrollment: Amount | None = None
    """A monthly plan's enrollment fee where its campaign priced it (入会金キャンペーン,
    :attr:`MonthlyTerms.enrollment_campaign`), shown even at 0 so a waived fee is seen;
    left out of JSON otherwise."""

    @model_serializer(mode="wrap")
    def _without_discounts(self, handler: SerializerFunctionWrapHandler) -> Any:
        data = _listed_price(handler(self), self)
        # A report of a set without goods reads back as it always did.
        if isinstance(data, dict):
            for key in ("goods", "plan"):
                if not getattr(self, key):
                    data.pop(key, None)
            if self.enrollment is None:
                data.pop("enrollment", None)
        return data


def contract_report(
    contract: Contract,
    *,
    today: date,
    used: int = 0,
    cancel_on: date | None = None,
    paid: int | None = None,
    started: bool | None = None,
    clinic_terms: ClinicTerms | None = None,
    assumptions: Assumptions = DEFAULT_ASSUMPTIONS,
) -> ContractReport:
    """Everything ``supecost contract`` prints: coverage, cooling-off, and a settlement.

    Without ``cancel_on`` the settlement is for a cancellation on ``today``
    (the caller passes the date; this function never reads the clock).

    Example:
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> report = contract_report(contract, today=date(2024, 6, 1), used=2)
        >>> data = report.model_dump(mode="json")
        >>> [data[key] for key in ("applicable", "cooling_off_until", "keep_max", "refund_min")]
        [True, '2024-04-08', 220000, 290000]

    Args:
        contract: The contract.
        today: The day the question is asked.
        used: The sessions used.
        cancel_on: The day of cancellation; default ``today``.
        paid: What the patient has paid, if not the default of :func:`settle`
            (a set bought on a medical loan, say).
        started: Whether treatment started, if not the default of :func:`settle`.
        clinic_terms: The clinic's own, more generous terms.
        assumptions: The choices for what the sources left unconfirmed.

    Returns:
        The report; ``model_dump(mode="json")`` gives the JSON object.

    Raises:
        ContractError: As for :func:`settle`.
    """
    contract = _checked(contract)
    on = today if cancel_on is None else cancel_on
    settlement = settle(
        contract,
        on=on,
        used=used,
        paid=paid,
        started=started,
        clinic_terms=clinic_terms,
        assumptions=assumptions,
    )
    coverage = applicability(contract, assumptions=assumptions)
    rules = rule_set(contract.rules) if coverage.applicable else None
    # Cooling-off is statutory: without the statute there is no date to give.
    until = (
        None
        if rules is None or contract.received is None
        else cooling_off_until(contract.received, days=rules.cooling_off_days)
    )
    return ContractReport(
        rules=contract.rules,
        rules_source=contract.rules_source,
        applicable=coverage.applicable,
        reasons=coverage.reasons,
        received=contract.received,
        cooling_off_until=until,
        cooling_off_applies=coverage.applicable,
        within_cooling_off=settlement.within_cooling_off,
        cancel_on=on,
        used=used,
        sessions=contract.sessions,
        total=contract.total,
        tax=contract.tax,
        per_session_price=contract.per_session_price,
        valid_until=valid_until(contract, assumptions=assumptions),
        paid=settlement.paid,
        keep_max=settlement.keep_max,
        refund_min=settlement.refund_min,
        owed_max=settlement.owed_max,
        basis=settlement.basis,
        lines=settlement.lines,
        notes=settlement.notes,
        discounts=contract.discounts,
        agreed=contract.agreed,
        segment=contract.segment,
        segment_name=contract.segment_name,
        segment_name_en=contract.segment_name_en,
        first_time=contract.first_time,
        units=contract.units,
        goods=contract.goods,
        plan=contract.monthly is not None,
        enrollment=contract.monthly.enrollment_fee
        if contract.monthly is not None and contract.monthly.enrollment_campaign
        else None,
    )


class InstalmentReport(_Model):
    """The JSON object of ``supecost instalments``.

    Example:
        >>> instalment_report(addon_payments(100_000, 10, "7.5")).apr_percent
        Decimal('16.04')

    Args:
        method: ``level``, ``addon`` or ``plan``.
        principal: The amount financed.
        count: The number of payments.
        payments: The payment amounts.
        total: Their sum.
        interest: ``total - principal``.
        apr_percent: The annual percentage rate (for add-on, the equivalent, to 0.01%).
        addon_rate_percent: The add-on rate, for the add-on method.
        schedule: The payments in full.
        notes: The schedule's notes (:class:`~supecost.loans.ScheduleNote`); left out of
            JSON when none.
    """

    method: Literal["level", "addon", "plan"]
    principal: Amount
    count: Count
    payments: tuple[int, ...]
    total: Amount
    interest: Yen
    apr_percent: Decimal | None
    addon_rate_percent: Decimal | None
    schedule: tuple[Payment, ...]
    notes: tuple[ScheduleNote, ...] = ()

    @model_serializer(mode="wrap")
    def _without_notes(self, handler: SerializerFunctionWrapHandler) -> Any:
        return _noted(handler(self), self.notes)


def instalment_report(schedule: PaymentSchedule) -> InstalmentReport:
    """Everything ``supecost instalments`` prints, from a schedule.

    Example:
        >>> report = instalment_report(level_payments(100_000, 10, "15", round_unit=100))
        >>> report.model_dump(mode="json")["payments"][:2], report.apr_percent
        ([10699, 10700], Decimal('15'))

    Args:
        schedule: The schedule.

    Returns:
        The report; ``model_dump(mode="json")`` gives the JSON object.
    """
    apr: Decimal | None = None
    addon: Decimal | None = None
    rate = schedule.rate_percent
    if schedule.method == "addon" and rate is not None:
        addon = _decimal(rate)
        apr = addon_apr_percent(len(schedule.payments), rate)
    elif rate is not None:
        apr = _decimal(rate)
    return InstalmentReport(
        method=schedule.method,
        principal=schedule.principal,
        count=len(schedule.payments),
        payments=schedule.amounts,
        total=schedule.total,
        interest=schedule.interest,
        apr_percent=apr,
        addon_rate_percent=addon,
        schedule=schedule.payments,
        notes=schedule.notes,
    )
