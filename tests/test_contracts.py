"""Tests for supecost.contracts: coverage, cooling-off, cancellation, ledgers, instalments.

The worked examples of DOMAIN.md section 4 and 7 are reproduced with the
arithmetic in comments; hypothesis checks the properties the law and the
payment maths must keep.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from supecost.catalog import (
    Catalog,
    ContractRules,
    InstalmentTerm,
    Subscription,
    load_catalog,
    parse_catalog,
    reference_catalog,
    validate_catalog,
)
from supecost.contracts import (
    BEAUTY_SALON,
    COSMETIC_MEDICINE,
    INTEREST_LIMIT_TIERS,
    Assumptions,
    ClinicTerms,
    Contract,
    ContractLine,
    Ledger,
    LedgerEvent,
    MonthlyTerms,
    Payment,
    PaymentSchedule,
    RuleSet,
    ScheduleNote,
    SettlementCode,
    SettlementLine,
    SettlementNote,
    addon_apr_percent,
    addon_payments,
    applicability,
    contract_for_offer,
    contract_report,
    cooling_off_until,
    instalment_report,
    instalments,
    level_payments,
    percent_share,
    plan_schedule,
    rule_set,
    settle,
    share,
    subscription_schedule,
    valid_until,
)
from supecost.errors import ContractError, FrozenRecordError, UnknownIdError
from supecost.money import Rounding, YenRange
from supecost.present import reason_text, settlement_text

COSMETIC = ContractRules.COSMETIC_MEDICINE
SALON = ContractRules.BEAUTY_SALON
NONE = ContractRules.NONE
RECEIVED = date(2024, 4, 1)
AFTER_COOLING_OFF = date(2024, 6, 1)


def set_contract(
    amount: int,
    sessions: int,
    rules: ContractRules = COSMETIC,
    *,
    received: date | None = RECEIVED,
    period_months: int | None = None,
    tax: int = 0,
) -> Contract:
    line = ContractLine(label="set", kind="bundle", amount=amount, sessions=sessions)
    return Contract.from_lines(
        [line], received=received, rules=rules, period_months=period_months, tax=tax
    )


CATALOG_TOML = """
schema_version = 1
[clinic]
name = "Test Clinic"
prices_include_tax = {include}

[[treatments]]
id = "sup-iv"
name = "Supernatant IV"
price = 40000
contract_rules = "cosmetic_medicine"

[[treatments]]
id = "nmn"
name = "NMN IV"
price = 22000

[[offers]]
kind = "bundle"
id = "sup-3"
treatment = "sup-iv"
sessions = 3
price = {set_price}
valid_months = 6

[[offers]]
kind = "bundle"
id = "sup-open"
treatment = "sup-iv"
sessions = 5
price = {{ min = 100000 }}

[[offers]]
kind = "bundle"
id = "nmn-5"
treatment = "nmn"
sessions = 5
price = 99000

[[offers]]
kind = "bundle"
id = "nmn-5-salon"
treatment = "nmn"
sessions = 5
price = 99000
contract_rules = "beauty_salon"

[[offers]]
kind = "subscription"
id = "sup-monthly"
treatment = "sup-iv"
monthly_fee = 33000
sessions_per_month = 1
min_months = 6
enrollment_fee = 11000
early_termination_fee = 22000

[[offers]]
kind = "subscription"
id = "sup-monthly-range"
treatment = "sup-iv"
monthly_fee = {{ min = 30000, max = 40000 }}
sessions_per_month = 2
min_months = 3
early_termination_fee = {{ min = 10000, max = 20000 }}

[[offers]]
kind = "intro"
id = "sup-first"
treatment = "sup-iv"
price = 9800
sessions = 2
"""


def catalog(*, include: bool = True, set_price: int = 104500) -> Catalog:
    text = CATALOG_TOML.format(include=str(include).lower(), set_price=set_price)
    return parse_catalog(text, format="toml")


# --- DOMAIN section 4: the worked examples ---------------------------------------------------


def test_cosmetic_medicine_worked_example() -> None:
    # 6 sessions for 510,000, 2 given: value 2 x 85,000 = 170,000; outstanding 340,000;
    # 20% of it = 68,000 > 50,000, so the allowance is 50,000: keep 220,000, refund 290,000.
    contract = set_contract(510_000, 6)
    result = settle(contract, on=AFTER_COOLING_OFF, used=2)
    assert (result.keep_max, result.refund_min, result.owed_max) == (220_000, 290_000, 0)
    assert [line.amount for line in result.lines] == [170_000, 50_000]
    given, allowance = result.lines
    assert (given.code, given.sessions, given.price) == (SettlementCode.SESSIONS_GIVEN, 2, 85_000)
    assert given.rounding is None
    assert (allowance.code, allowance.cap, allowance.rate) == ("allowance", 50_000, Fraction(1, 5))
    assert (allowance.outstanding, allowance.share) == (340_000, 68_000)
    assert result.basis == "statute"
    assert result.statutory_cap == 220_000
    # A set has no cancellation terms of its own: the whole amount is no limit to note.
    assert result.notes == ()


def test_beauty_salon_worked_example() -> None:
    # 100,000 for 20 sessions, 5 given: value 25,000; outstanding 75,000; 10% = 7,500 < 20,000:
    # keep 32,500, refund 67,500.
    result = settle(set_contract(100_000, 20, SALON), on=AFTER_COOLING_OFF, used=5)
    assert (result.keep_max, result.refund_min) == (32_500, 67_500)
    assert [line.amount for line in result.lines] == [25_000, 7_500]


def test_beauty_salon_cap_is_20000() -> None:
    # 500,000 for 10, 1 given: 50,000 + min(20,000, 10% of 450,000 = 45,000) = 70,000.
    result = settle(set_contract(500_000, 10, SALON), on=AFTER_COOLING_OFF, used=1)
    assert result.keep_max == 70_000


def test_before_start_keeps_at_most_20000() -> None:
    # After cooling-off, nothing used: at most 20,000 kept, 510,000 - 20,000 refunded.
    result = settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=0)
    assert (result.keep_max, result.refund_min, result.started) == (20_000, 490_000, False)
    line = result.lines[0]
    assert (line.code, line.cap, line.rules) == ("before_start", 20_000, "cosmetic_medicine")


def test_started_without_a_session_uses_the_after_start_rule() -> None:
    # Started (a consultation) but no session: 0 + min(50,000, 20% of 510,000) = 50,000.
    result = settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=0, started=True)
    assert result.keep_max == 50_000


def test_cooling_off_last_day_and_first_day_after() -> None:
    # Received 2024-04-01 = day 1, so day 8 is 2024-04-08.
    contract = set_contract(510_000, 6)
    assert cooling_off_until(RECEIVED) == date(2024, 4, 8)
    inside = settle(contract, on=date(2024, 4, 8), used=2)
    assert (inside.within_cooling_off, inside.keep_max, inside.refund_min) == (True, 0, 510_000)
    assert (inside.lines[0].code, inside.lines[0].until) == ("cooling_off", date(2024, 4, 8))
    outside = settle(contract, on=date(2024, 4, 9), used=2)
    assert (outside.within_cooling_off, outside.refund_min) == (False, 290_000)


def test_cooling_off_never_runs_without_a_document() -> None:
    contract = set_contract(510_000, 6, received=None)
    result = settle(contract, on=date(2030, 1, 1), used=5)
    assert (result.within_cooling_off, result.refund_min) == (True, 510_000)
    assert result.lines[0].code == SettlementCode.COOLING_OFF_NO_DOCUMENT


def test_cooling_off_needs_the_statute() -> None:
    # Not covered (flag none): no statutory cooling-off; with no cancellation terms either,
    # the whole amount may be kept, and the basis says there were none (not "the catalog's").
    result = settle(set_contract(510_000, 6, NONE), on=date(2024, 4, 2), used=0)
    assert (result.within_cooling_off, result.keep_max, result.basis) == (
        False,
        510_000,
        "no_terms",
    )
    assert result.notes == ()
    assert result.statutory_cap is None


@pytest.mark.parametrize(
    ("rounding", "keep"),
    [
        # 104,500 / 3 = 34,833.33...: value 34,833; outstanding 69,667; 20% = 13,933.4 -> 13,933.
        (Rounding.FLOOR, 34_833 + 13_933),
        # Up: value 34,834; outstanding 69,666; 20% = 13,933.2 -> 13,934.
        (Rounding.CEIL, 34_834 + 13_934),
        (Rounding.HALF_UP, 34_833 + 13_933),
    ],
)
def test_fractional_per_session_price(rounding: Rounding, keep: int) -> None:
    contract = set_contract(104_500, 3)
    assert contract.per_session_price == Fraction(104_500, 3)
    result = settle(
        contract, on=AFTER_COOLING_OFF, used=1, assumptions=Assumptions(value_rounding=rounding)
    )
    assert result.keep_max == keep
    assert result.refund_min == 104_500 - keep
    assert (result.lines[0].price, result.lines[0].rounding) == (Fraction(104_500, 3), rounding)


def test_the_value_given_carries_the_contract_s_own_total_and_sessions() -> None:
    # 308,000 for 6 sessions is 154,000 / 3 as a fraction; the line keeps 308,000 and 6, the
    # figures on the contract, for the documents to show. 2 given: 2 x 308,000 / 6 = 102,666.67
    # -> 102,666 (down); outstanding 205,334, 20% is 41,066.8 -> 41,066: 143,732 kept.
    result = settle(set_contract(308_000, 6), on=AFTER_COOLING_OFF, used=2)
    line = result.lines[0]
    assert (line.amount, line.contract_total, line.contract_sessions) == (102_666, 308_000, 6)
    assert line.price == Fraction(154_000, 3)
    assert result.keep_max == 102_666 + 41_066


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"contract_total": 308_000}, "go together"),
        ({"contract_sessions": 6}, "go together"),
        ({"contract_total": 308_000, "contract_sessions": 0}, "go together"),
        ({"contract_total": 300_000, "contract_sessions": 6}, "is not contract_total"),
    ],
)
def test_a_settlement_line_s_division_must_be_its_price(values: dict[str, int], words: str) -> None:
    from supecost.contracts import SettlementLine

    with pytest.raises(ContractError, match=words):
        SettlementLine(
            code="sessions_given", amount=51_333, sessions=1, price=Fraction(154_000, 3), **values
        )


def test_all_sessions_given_keeps_everything() -> None:
    # 3 x 104,500 / 3 = 104,500 exactly; nothing outstanding, no allowance.
    result = settle(set_contract(104_500, 3), on=AFTER_COOLING_OFF, used=3)
    assert (result.keep_max, result.refund_min) == (104_500, 0)
    assert result.lines[0].rounding is None


def test_clinic_terms_that_are_more_generous_lower_what_is_kept() -> None:
    # 170,000 given + min(30,000, 10% of 340,000 = 34,000) = 200,000 < the statutory 220,000.
    terms = ClinicTerms.model_validate({"name": "our terms", "fee_rate": "10%", "fee_cap": 30_000})
    result = settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, clinic_terms=terms)
    assert (result.keep_max, result.refund_min, result.basis) == (200_000, 310_000, "clinic_terms")
    assert result.statutory_cap == 220_000
    statute = SettlementNote(basis="statute", keep_max=220_000, rules="cosmetic_medicine")
    assert statute in result.notes
    fee = result.lines[-1]
    assert (fee.code, fee.terms, fee.rate) == ("clinic_fee", "our terms", Fraction(1, 10))
    assert (fee.outstanding, fee.cap, fee.amount) == (340_000, 30_000, 30_000)


def test_clinic_terms_cannot_raise_what_is_kept() -> None:
    terms = ClinicTerms(before_start_fee=40_000, fee_rate=Fraction(1, 2), fee_cap=100_000)
    contract = set_contract(510_000, 6)
    assert settle(contract, on=AFTER_COOLING_OFF, used=2, clinic_terms=terms).keep_max == 220_000
    assert settle(contract, on=AFTER_COOLING_OFF, used=0, clinic_terms=terms).keep_max == 20_000


def test_clinic_terms_before_start_and_partial_fields() -> None:
    contract = set_contract(510_000, 6)
    before = settle(
        contract,
        on=AFTER_COOLING_OFF,
        used=0,
        clinic_terms=ClinicTerms(before_start_fee=5_000),
    )
    assert (before.keep_max, before.basis) == (5_000, "clinic_terms")
    # Only a before-start fee: after start the terms lower nothing.
    after = settle(
        contract, on=AFTER_COOLING_OFF, used=2, clinic_terms=ClinicTerms(before_start_fee=5_000)
    )
    assert after.keep_max == 220_000
    # Only after-start fields: before start they lower nothing.
    only_cap = ClinicTerms(fee_cap=10_000)
    assert settle(contract, on=AFTER_COOLING_OFF, used=0, clinic_terms=only_cap).keep_max == 20_000
    # A cap alone: 170,000 + 10,000.
    assert settle(contract, on=AFTER_COOLING_OFF, used=2, clinic_terms=only_cap).keep_max == 180_000


def test_clinic_terms_decide_without_the_statute() -> None:
    # Flag none: 170,000 given + 10% of 340,000 = 204,000.
    terms = ClinicTerms(fee_rate=Fraction(1, 10))
    result = settle(
        set_contract(510_000, 6, NONE), on=AFTER_COOLING_OFF, used=2, clinic_terms=terms
    )
    assert (result.keep_max, result.statutory_cap, result.applicable) == (204_000, None, False)


def test_legal_quirk_one_session_can_cap_below_the_before_start_amount() -> None:
    # 60,000 for 10 sessions (covered: over 50,000, sessions only). Before start: 20,000.
    # After 1 session: 6,000 + min(50,000, 20% of 54,000 = 10,800) = 16,800 < 20,000.
    contract = set_contract(60_000, 10)
    assert settle(contract, on=AFTER_COOLING_OFF, used=0).keep_max == 20_000
    assert settle(contract, on=AFTER_COOLING_OFF, used=1).keep_max == 16_800


def test_partial_payment_gives_what_may_still_be_owed() -> None:
    # Paid 100,000 of 510,000; the clinic may keep 220,000 in all: refund 0, owe at most 120,000.
    result = settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, paid=100_000)
    assert (result.kept, result.refund_min, result.owed_max) == (100_000, 0, 120_000)


def test_lines_of_several_sets_share_the_contract_per_session_price() -> None:
    # Intro 9,800 for 1 session, then 148,500 for 5: the contract's per-session price is
    # 158,300 / 6 = 26,383.33...; 3 used: 158,300 x 3 / 6 = 79,150 exactly (not the lines'
    # 9,800 + 2 x 29,700 = 69,200); outstanding 79,150; 20% = 15,830: keep 94,980.
    contract = Contract.from_lines(
        [
            ContractLine(label="intro", kind="intro", amount=9_800, sessions=1),
            ContractLine(label="set", kind="bundle", amount=148_500, sessions=5),
            ContractLine(label="serum", kind="other", amount=0),
        ],
        received=RECEIVED,
        rules=COSMETIC,
    )
    result = settle(contract, on=AFTER_COOLING_OFF, used=3)
    assert [line.amount for line in result.lines] == [79_150, 15_830]
    assert (result.lines[0].sessions, result.lines[0].price) == (3, Fraction(79_150, 3))
    assert result.lines[0].rounding is None  # 79,150 is whole: nothing to round
    assert contract.lines[2].per_session_price is None


def two_line_contract(rules: ContractRules = COSMETIC) -> Contract:
    return Contract.from_lines(
        [
            ContractLine(label="2-session set", kind="bundle", amount=300_000, sessions=2),
            ContractLine(label="8-session set", kind="bundle", amount=100_000, sessions=8),
        ],
        received=RECEIVED,
        rules=rules,
    )


def test_multi_line_contract_is_valued_at_the_contract_per_session_price() -> None:
    # DOMAIN 4: 300,000 for 2 + 100,000 for 8 = 400,000 for 10 sessions, 40,000 each.
    # 2 used: value 2 x 40,000 = 80,000 (not the first line's 2 x 150,000 = 300,000);
    # outstanding 320,000; 20% = 64,000 > 50,000: keep at most 80,000 + 50,000 = 130,000,
    # refund at least 270,000.
    contract = two_line_contract()
    assert contract.per_session_price == 40_000
    result = settle(contract, on=AFTER_COOLING_OFF, used=2)
    assert (result.keep_max, result.refund_min) == (130_000, 270_000)
    assert [line.amount for line in result.lines] == [80_000, 50_000]
    assert (result.lines[0].sessions, result.lines[0].price) == (2, 40_000)
    assert (result.lines[1].outstanding, result.lines[1].share) == (320_000, 64_000)
    # The same price is used under a clinic's terms: 80,000 + 10% of 320,000 = 112,000.
    terms = ClinicTerms(fee_rate=Fraction(1, 10))
    assert settle(contract, on=AFTER_COOLING_OFF, used=2, clinic_terms=terms).keep_max == 112_000


def test_multi_line_fractional_value_is_rounded_once() -> None:
    # 100,000 for 1 + 4,500 for 2 = 104,500 for 3 sessions: 34,833.33... each; 1 used.
    # Floor: value 34,833; outstanding 69,667; 20% = 13,933.4 -> 13,933: keep 48,766.
    # Ceiling: value 34,834; outstanding 69,666; 20% = 13,933.2 -> 13,934: keep 48,768.
    contract = Contract.from_lines(
        [
            ContractLine(label="first", kind="single", amount=100_000, sessions=1),
            ContractLine(label="rest", kind="bundle", amount=4_500, sessions=2),
        ],
        received=RECEIVED,
        rules=COSMETIC,
    )
    floor = settle(contract, on=AFTER_COOLING_OFF, used=1)
    assert floor.keep_max == 48_766
    assert floor.lines[0].rounding is Rounding.FLOOR
    ceiling = Assumptions(value_rounding=Rounding.CEIL)
    assert settle(contract, on=AFTER_COOLING_OFF, used=1, assumptions=ceiling).keep_max == 48_768


def test_value_given_without_sessions_is_zero() -> None:
    # A contract of fees only (no sessions) is not covered; a clinic's 10% of 50,000 = 5,000.
    fee = ContractLine(label="fee", kind="other", amount=50_000)
    contract = Contract.from_lines([fee], received=RECEIVED, rules=COSMETIC)
    terms = ClinicTerms(fee_rate=Fraction(1, 10))
    result = settle(contract, on=AFTER_COOLING_OFF, used=0, started=True, clinic_terms=terms)
    assert [line.amount for line in result.lines] == [0, 5_000]
    assert [line.code for line in result.lines] == ["no_sessions", "clinic_fee"]
    assert result.lines[1].terms is None  # worded at rendering as the clinic's own terms


# --- applicability ---------------------------------------------------------------------------


def test_applicability_reasons() -> None:
    covered = applicability(set_contract(510_000, 6, period_months=12))
    assert covered.applicable
    # Codes and values in the data; the words are chosen when rendering, in either language.
    assert [reason.code for reason in covered.reasons] == ["flagged", "period_over", "amount_over"]
    # The rules were given to from_lines, not read from a catalog: the words say so.
    assert covered.rules_source == covered.reasons[0].source == "caller"
    assert tuple(reason_text(r, "en_US") for r in covered.reasons) == (
        (
            "the rules for cosmetic medicine (specified continuous service) were given "
            "for this contract, not taken from the catalog's flag"
        ),
        "the service period of 12 months is over one month",
        "the amount ¥510,000 (tax included) is over ¥50,000",
    )
    assert tuple(reason_text(r) for r in covered.reasons) == (
        (
            "「美容医療（特定継続的役務提供）」の規制は、カタログの指定ではなく、"
            "この契約について指定されたものです"
        ),
        "役務の提供期間12か月は1か月を超えます",
        "契約金額510,000円（税込）は50,000円を超えます",
    )


@pytest.mark.parametrize(
    ("contract", "words"),
    [
        (set_contract(50_000, 6), "is not over ¥50,000"),
        (set_contract(510_000, 6, period_months=1), "1 months is not over one month"),
        (set_contract(510_000, 1), "a contract for 1 session is not a period over one month"),
        (set_contract(510_000, 6, NONE), "no statutory rules were given for this contract"),
        (set_contract(510_000, 6, received=date(2017, 11, 30)), "before the rules for cosmetic"),
    ],
)
def test_not_applicable(contract: Contract, words: str) -> None:
    result = applicability(contract)
    assert not result.applicable
    texts = [reason_text(reason, "en_US") for reason in result.reasons]
    assert any(words in text for text in texts), texts


def test_in_force_date_and_salon_rules() -> None:
    assert applicability(set_contract(510_000, 6, received=date(2017, 12, 1))).applicable
    # No in-force date is recorded for the beauty-salon rules.
    assert applicability(set_contract(510_000, 6, SALON, received=date(2000, 1, 1))).applicable


def test_threshold_and_tax_assumption() -> None:
    # 55,000 including 5,000 tax: over 50,000 with tax, not over without it.
    contract = set_contract(55_000, 5, tax=5_000)
    assert applicability(contract).applicable
    without = applicability(contract, assumptions=Assumptions(threshold_includes_tax=False))
    assert (without.applicable, without.amount) == (False, 50_000)
    assert "(tax excluded) is not over ¥50,000" in reason_text(without.reasons[-2], "en_US")


def test_the_reasons_say_when_the_tax_assumption_decides_coverage() -> None:
    # The audit's set: 46,000 before tax, 50,600 with 10% tax (4,600).
    contract = set_contract(50_600, 5, tax=4_600)
    included = applicability(contract)
    # 50,600 > 50,000 with tax; 46,000 is not over it without: the assumption decides.
    assert included.applicable
    assert [r.code for r in included.reasons][-2:] == ["amount_over", "amount_tax_decides"]
    decides = included.reasons[-1]
    assert (decides.amount, decides.limit, decides.tax_included) == (46_000, 50_000, False)
    assert reason_text(decides) == (
        "この判定は、50,000円の基準に消費税を含めるかという未確認の前提によります。"
        "税抜の46,000円で比べると結果は逆になります。"
    )
    assert reason_text(decides, "en_US") == (
        "this rests on an unconfirmed assumption, whether tax counts towards the ¥50,000 "
        "threshold: compared at ¥46,000 (tax excluded) the answer is the opposite"
    )
    excluded = applicability(contract, assumptions=Assumptions(threshold_includes_tax=False))
    assert not excluded.applicable
    other = excluded.reasons[-1]
    assert (other.code, other.amount, other.tax_included) == ("amount_tax_decides", 50_600, True)
    # Where both sides agree the assumption decides nothing and is not named: 104,500 with
    # 9,500 tax is 95,000 before it, over 50,000 either way; 44,000 with 4,000 is under both.
    for total, tax in ((104_500, 9_500), (44_000, 4_000)):
        codes = [r.code for r in applicability(set_contract(total, 5, tax=tax)).reasons]
        assert "amount_tax_decides" not in codes


def test_sessions_only_assumption() -> None:
    special = Assumptions(sessions_only_over_month=False)
    result = applicability(set_contract(510_000, 6), assumptions=special)
    assert not result.applicable
    assert "special circumstances" in reason_text(result.reasons[1], "en_US")


def test_rule_sets_as_data() -> None:
    assert rule_set(COSMETIC) is COSMETIC_MEDICINE
    assert rule_set(SALON) is BEAUTY_SALON
    assert rule_set(NONE) is None
    assert (COSMETIC_MEDICINE.before_start_cap, COSMETIC_MEDICINE.value_cap) == (20_000, 50_000)
    assert COSMETIC_MEDICINE.outstanding_rate == Fraction(1, 5)
    assert (BEAUTY_SALON.before_start_cap, BEAUTY_SALON.value_cap) == (20_000, 20_000)
    assert BEAUTY_SALON.outstanding_rate == Fraction(1, 10)
    assert COSMETIC_MEDICINE.model_dump(mode="json")["outstanding_rate"] == "1/5"


def test_cooling_off_days_must_be_positive() -> None:
    assert cooling_off_until(RECEIVED, days=1) == RECEIVED
    with pytest.raises(ContractError, match="days must be"):
        cooling_off_until(RECEIVED, days=0)


# --- input errors ----------------------------------------------------------------------------


@pytest.mark.parametrize("used", [-1, 7, True, 1.0])
def test_used_out_of_range(used: object) -> None:
    with pytest.raises(ContractError, match="from 0 to the contract's 6 sessions") as caught:
        settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=used)  # type: ignore[arg-type]
    assert caught.value.hint == "check the count of sessions given"


def test_cancel_before_receipt() -> None:
    with pytest.raises(ContractError, match=r"2024-03-31 is before .* 2024-04-01"):
        settle(set_contract(510_000, 6), on=date(2024, 3, 31), used=0)


def test_started_false_with_sessions_used() -> None:
    with pytest.raises(
        ContractError, match="2 sessions were used, so treatment had started, not started=False"
    ):
        settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, started=False)


@pytest.mark.parametrize("paid", [-1, 510_001])
def test_paid_out_of_range(paid: int) -> None:
    with pytest.raises(ContractError, match="outside 0 to the contract amount 510,000"):
        settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, paid=paid)


def test_a_set_on_a_medical_loan_refunds_no_more_than_was_paid() -> None:
    # DOMAIN §4 on the example's ¥148,500 set of 5, 2 sessions given: 148,500 / 5 = 29,700 a
    # session, 2 x 29,700 = 59,400 given; outstanding 148,500 - 59,400 = 89,100, 20% of it
    # 17,820 < 50,000: keep at most 59,400 + 17,820 = 77,220. Paid 50,000 on a loan: kept
    # min(50,000, 77,220) = 50,000, refund 50,000 - 50,000 = 0, owed 77,220 - 50,000 = 27,220.
    catalog = load_catalog(Path(__file__).parent / "data" / "example.toml")
    contract = contract_for_offer(
        catalog, "sup-iv-5", received=date(2026, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    loan = settle(contract, on=date(2026, 6, 1), used=2, paid=50_000)
    assert (loan.keep_max, loan.kept, loan.refund_min, loan.owed_max) == (77_220, 50_000, 0, 27_220)
    report = contract_report(contract, today=date(2026, 6, 1), used=2, paid=50_000)
    assert (report.paid, report.refund_min, report.owed_max) == (50_000, 0, 27_220)
    # started with none used: 0 given + the lower of 50,000 and 20% of 148,500 = 29,700.
    started = contract_report(contract, today=date(2026, 6, 1), started=True)
    assert started.keep_max == 29_700
    assert contract_report(contract, today=date(2026, 6, 1)).keep_max == 20_000


def test_paid_and_started_errors_name_their_argument() -> None:
    with pytest.raises(ContractError) as caught:
        settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, paid=510_001)
    assert [path for path, _ in caught.value.fields] == ["paid"]
    with pytest.raises(ContractError) as caught:
        settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, started=False)
    assert [path for path, _ in caught.value.fields] == ["started"]
    assert caught.value.hint == "leave out started=False, or give started=True"


def test_contract_validation() -> None:
    line = ContractLine(label="set", kind="bundle", amount=100_000, sessions=5)
    with pytest.raises(ContractError, match="not the sum of the lines"):
        Contract(lines=(line,), total=99_000, received=RECEIVED)
    with pytest.raises(ContractError, match="tax 100,001 exceeds"):
        Contract(lines=(line,), total=100_000, tax=100_001, received=RECEIVED)
    terms = MonthlyTerms(monthly_fee=30_000, months=6, sessions_per_month=1, start=RECEIVED)
    with pytest.raises(ContractError, match="commits 180,000"):
        Contract.from_lines([line], received=RECEIVED, monthly=terms)
    with pytest.raises(ContractError, match="below the minimum term"):
        MonthlyTerms(monthly_fee=30_000, months=2, min_months=3, start=RECEIVED)
    with pytest.raises(ContractError, match="must not be negative"):
        ContractLine(label="x", kind="other", amount=-1)
    with pytest.raises(ContractError, match="unknown field 'colour'; ContractLine has the fields"):
        ContractLine(label="x", kind="other", amount=1, colour="red")  # type: ignore[call-arg]
    with pytest.raises(ContractError):
        ClinicTerms.model_validate({"fee_rate": 0.1})


# --- contracts from catalog offers -----------------------------------------------------------


def test_bundle_contract_from_catalog() -> None:
    contract = contract_for_offer(catalog(), "sup-3", quantity=2, received=RECEIVED)
    # 2 x 104,500 = 209,000 tax included; tax 209,000 x 10/110 = 19,000.
    assert (contract.total, contract.tax, contract.sessions) == (209_000, 19_000, 6)
    assert contract.per_session_price == Fraction(104_500, 3)
    assert contract.rules is COSMETIC  # from the treatment
    assert contract.period_months == 6
    # The offer's name; the quantity is a value of its own, worded by whoever shows it.
    assert contract.lines[0].label == "sup-3"
    assert contract.lines[0].quantity == 2


def test_tax_excluded_catalog_adds_tax_once() -> None:
    contract = contract_for_offer(
        catalog(include=False, set_price=95_000), "sup-3", received=RECEIVED
    )
    # 95,000 + 10% = 104,500.
    assert (contract.total, contract.tax) == (104_500, 9_500)


@pytest.mark.parametrize(
    ("include", "price", "includes_tax", "total", "tax"),
    [
        # A tax-excluded (税別) catalog reads a price given before tax, as its own prices:
        # 140,000 + 10% = 154,000, of which tax 14,000 (F25: the reading is now recorded).
        (False, 140_000, None, 154_000, 14_000),
        (False, 140_000, False, 154_000, 14_000),
        # The figure on the signed contract (総額) entered as it is: 154,000 with tax, which
        # contains 154,000 x 10 / 110 = 14,000.
        (False, 154_000, True, 154_000, 14_000),
        # Entered with tax where it was before tax: 140,000 contains 140,000 x 10 / 110 =
        # 12,727.27 -> 12,727 (rounded down, the catalog's tax rounding).
        (False, 140_000, True, 140_000, 12_727),
        # A tax-included catalog reads it with tax; before tax it gets 10% added.
        (True, 154_000, None, 154_000, 14_000),
        (True, 140_000, False, 154_000, 14_000),
    ],
)
def test_a_price_given_is_read_before_or_with_tax_and_the_contract_says_which(
    include: bool, price: int, includes_tax: bool | None, total: int, tax: int
) -> None:
    from supecost.contracts import AgreedPrice

    shop = catalog(include=include)
    contract = contract_for_offer(
        shop, "sup-3", received=RECEIVED, price=price, price_includes_tax=includes_tax
    )
    assert (contract.total, contract.tax) == (total, tax)
    read = include if includes_tax is None else includes_tax
    assert contract.agreed == AgreedPrice(amount=price, includes_tax=read, unit="set")
    assert contract.model_dump(mode="json")["agreed"] == {
        "amount": price,
        "includes_tax": read,
        "unit": "set",
    }


def test_a_contract_at_the_total_with_tax_settles_on_that_total() -> None:
    # 154,000 for 3 sessions (140,000 before tax), 1 given: 154,000 / 3 = 51,333.33 -> 51,333;
    # outstanding 102,667; 20% = 20,533.4 -> 20,533: kept 71,866, refunded 82,134. Entering
    # 154,000 read before tax would have made a 169,400 contract (154,000 + 15,400).
    shop = catalog(include=False)
    signed = contract_for_offer(
        shop, "sup-3", received=RECEIVED, price=154_000, price_includes_tax=True
    )
    result = settle(signed, on=AFTER_COOLING_OFF, used=1)
    assert (result.keep_max, result.refund_min) == (51_333 + 20_533, 154_000 - 71_866)
    misread = contract_for_offer(shop, "sup-3", received=RECEIVED, price=154_000)
    assert misread.total == 169_400


def test_a_price_given_for_a_plan_or_a_first_time_price_is_read_the_same_way() -> None:
    shop = catalog(include=False)
    # A month's fee of 33,000 with tax: 6 months, 198,000, each containing 3,000 tax; the
    # catalog's own enrollment fee, 11,000 before tax, still gets its 1,100: 210,100 in all.
    plan = contract_for_offer(
        shop, "sup-monthly", received=RECEIVED, price=33_000, price_includes_tax=True
    )
    assert plan.monthly is not None
    assert (plan.monthly.monthly_fee, plan.monthly.enrollment_fee) == (33_000, 12_100)
    assert (plan.total, plan.tax) == (198_000 + 12_100, 6 * 3_000 + 1_100)
    assert plan.agreed is not None
    assert (plan.agreed.unit, plan.agreed.includes_tax) == ("month", True)
    # A first-time price of 9,800 a session before tax, 2 sessions: 19,600 + 1,960 = 21,560.
    first = contract_for_offer(shop, "sup-first", received=RECEIVED, price=9_800)
    assert (first.total, first.tax) == (21_560, 1_960)
    assert first.agreed is not None
    assert (first.agreed.unit, first.agreed.includes_tax) == ("session", False)
    # The catalog's price: nothing was given, nothing is recorded or written in JSON.
    listed = contract_for_offer(shop, "sup-3", received=RECEIVED)
    assert listed.agreed is None
    assert "agreed" not in listed.model_dump(mode="json")


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"price_includes_tax": True}, "no price= was given"),
        ({"price": 154_000, "price_includes_tax": "yes"}, "must be true or false"),
        ({"price": 154_000, "price_includes_tax": 1}, "must be true or false"),
    ],
)
def test_price_includes_tax_is_a_bool_and_only_with_a_price(
    kwargs: dict[str, object], words: str
) -> None:
    with pytest.raises(ContractError, match=words) as caught:
        contract_for_offer(catalog(include=False), "sup-3", received=RECEIVED, **kwargs)  # type: ignore[arg-type]
    assert caught.value.fields[0][0] == "price_includes_tax"


def test_rules_come_from_offer_then_treatment_then_override() -> None:
    shop = catalog()
    assert contract_for_offer(shop, "nmn-5", received=RECEIVED).rules is NONE
    assert contract_for_offer(shop, "nmn-5-salon", received=RECEIVED).rules is SALON
    overridden = contract_for_offer(shop, "nmn-5", received=RECEIVED, rules=COSMETIC)
    assert overridden.rules is COSMETIC


@pytest.mark.parametrize(
    ("offer", "rules", "expected"),
    [
        ("sup-3", None, (COSMETIC, "catalog")),  # the treatment's flag
        ("nmn-5-salon", None, (SALON, "catalog")),  # the offer's flag
        ("nmn-5", None, (NONE, "default")),  # nmn has no contract_rules: the default
        ("nmn-5", COSMETIC, (COSMETIC, "caller")),  # the caller's override
        ("sup-3", NONE, (NONE, "caller")),  # an override to none is the caller's too
    ],
)
def test_rules_say_where_they_came_from(
    offer: str, rules: ContractRules | None, expected: tuple[ContractRules, str]
) -> None:
    contract = contract_for_offer(catalog(), offer, received=RECEIVED, rules=rules)
    assert (contract.rules, contract.rules_source) == expected
    report = contract_report(contract, today=AFTER_COOLING_OFF)
    assert (report.rules, report.rules_source) == expected
    assert report.reasons[0].source == expected[1]
    assert report.model_dump(mode="json")["rules_source"] == expected[1]


def test_a_treatment_flag_written_as_none_is_the_catalogs_word() -> None:
    text = CATALOG_TOML.format(include="true", set_price=104500).replace(
        "price = 22000\n", 'price = 22000\ncontract_rules = "none"\n'
    )
    contract = contract_for_offer(parse_catalog(text, format="toml"), "nmn-5", received=RECEIVED)
    assert (contract.rules, contract.rules_source) == (NONE, "catalog")


def test_rules_source_defaults_and_checks() -> None:
    line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
    assert Contract.from_lines([line], received=RECEIVED).rules_source == "default"
    assert Contract.from_lines([line], received=RECEIVED, rules=NONE).rules_source == "caller"
    direct = Contract(lines=(line,), total=510_000, received=RECEIVED, rules=COSMETIC)
    assert direct.rules_source == "caller"
    assert Contract(lines=(line,), total=510_000, received=RECEIVED).rules_source == "default"
    with pytest.raises(ContractError, match="cannot be the default"):
        Contract.from_lines([line], received=RECEIVED, rules=COSMETIC, rules_source="default")


def test_contracts_are_frozen() -> None:
    line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
    contract = Contract.from_lines([line], received=RECEIVED)
    with pytest.raises(FrozenRecordError, match=r"^Contract\.total cannot be assigned"):
        contract.total = 1  # type: ignore[misc]
    with pytest.raises(FrozenRecordError, match=r"^ContractLine\.amount cannot be deleted"):
        del contract.lines[0].amount
    # A copy made without validation is validated again where it is used.
    copied = contract.model_copy(update={"total": 1})
    with pytest.raises(ContractError, match="not the sum of the lines"):
        settle(copied, on=AFTER_COOLING_OFF, used=0)


def test_range_price_needs_the_agreed_price() -> None:
    with pytest.raises(ContractError, match=r"range \(¥100,000, open-ended\)") as caught:
        contract_for_offer(catalog(), "sup-open", received=RECEIVED)
    assert "price=" in caught.value.hint
    agreed = contract_for_offer(catalog(), "sup-open", received=RECEIVED, price=120_000)
    assert agreed.total == 120_000
    with pytest.raises(ContractError, match=r"up to ¥40,000"):
        contract_for_offer(catalog(), "sup-monthly-range", received=RECEIVED)


def test_range_termination_fee_is_refused() -> None:
    with pytest.raises(ContractError, match="early termination fee"):
        contract_for_offer(catalog(), "sup-monthly-range", received=RECEIVED, price=35_000)


def test_intro_contract() -> None:
    contract = contract_for_offer(catalog(), "sup-first", received=RECEIVED, new_patient=True)
    # 2 sessions at 9,800: 19,600, not over 50,000.
    assert (contract.total, contract.sessions, contract.period_months) == (19_600, 2, None)
    assert not applicability(contract).applicable


def test_a_plan_contracted_in_its_enrollment_campaign_shows_its_waived_enrollment_fee() -> None:
    text = CATALOG_TOML.format(include="true", set_price=104500)
    text = text.replace("schema_version = 1", "schema_version = 2").replace(
        "enrollment_fee = 11000\n",
        "enrollment_fee = 11000\nenrollment_campaign = { valid_until = 2024-04-30 }\n",
    )
    menu = parse_catalog(text, format="toml")
    # Received in the campaign: 0 + 6 x 33,000 = 198,000; the waived fee is a line at 0 (as
    # a quote bills it), which no payment is due for: six months of 33,000.
    during = contract_for_offer(menu, "sup-monthly", received=date(2024, 4, 30))
    assert during.total == 198_000
    assert [(line.kind, line.quantity, line.amount) for line in during.lines] == [
        ("enrollment", 1, 0),
        ("subscription", 6, 198_000),
    ]
    assert during.monthly is not None
    assert during.monthly.enrollment_campaign
    assert [p.amount for p in plan_schedule(during).payments] == [33_000] * 6
    report = contract_report(during, today=date(2024, 5, 10))
    assert report.enrollment == 0
    assert report.model_dump(mode="json")["enrollment"] == 0
    # Received the day after: 11,000 + 198,000 = 209,000, at the plan's own fee: no campaign
    # to name, and the report leaves the field out.
    after = contract_for_offer(menu, "sup-monthly", received=date(2024, 5, 1))
    assert after.total == 209_000
    assert after.monthly is not None
    assert not after.monthly.enrollment_campaign
    plain = contract_report(after, today=date(2024, 5, 10))
    assert plain.enrollment is None
    assert "enrollment" not in plain.model_dump(mode="json")


def first_month_menu(first: str) -> Catalog:
    text = CATALOG_TOML.format(include="true", set_price=104500)
    return parse_catalog(
        text.replace("schema_version = 1", "schema_version = 2").replace(
            "enrollment_fee = 11000\n", f"enrollment_fee = 11000\nfirst_month = {first}\n"
        ),
        format="toml",
    )


def test_a_plan_with_a_free_first_month_is_contracted_and_settled_at_what_it_charges() -> None:
    contract = contract_for_offer(
        first_month_menu("{ price = 0 }"), "sup-monthly", received=RECEIVED
    )
    # 初月無料 on a 6-month plan of 33,000: 11,000 + 0 + 5 x 33,000 = 176,000.
    assert contract.total == 176_000
    assert [(line.kind, line.quantity, line.amount) for line in contract.lines] == [
        ("enrollment", 1, 11_000),
        ("first_month", 1, 0),
        ("subscription", 5, 165_000),
    ]
    # The payments: the enrollment fee, the free month, then five months of 33,000.
    assert [p.amount for p in plan_schedule(contract).payments] == [11_000, 0, *[33_000] * 5]
    # Cancelled in month 2, 2 sessions given. The statute (DOMAIN §4) prices them at the
    # contract's per-session price, the free month spread over every session: 176,000 / 6 =
    # 29,333.33..., x 2 = 58,666.67 -> 58,666; outstanding 176,000 - 58,666 = 117,334, 20%
    # of it 23,466.8 -> 23,466: 82,132. The catalog's terms value the months begun at what
    # they charge (DOMAIN is silent on a free month), 0 + 33,000, never 2 x 33,000:
    # 11,000 + 33,000 + 22,000 = 66,000, the lower.
    result = settle(contract, on=date(2024, 5, 10), used=2)
    assert (result.keep_max, result.basis) == (66_000, "catalog_terms")
    assert [(note.basis, note.keep_max) for note in result.notes] == [("statute", 82_132)]
    months = result.lines[1]
    assert (months.code, months.amount, months.first_months, months.first_fee) == (
        "months_begun",
        33_000,
        1,
        0,
    )
    assert settlement_text(months) == "始まった2か月分の月額料金（月額33,000円、初めの1か月は0円）"
    assert settlement_text(months, "en_US") == (
        "fees of 2 months begun, at ¥33,000 a month (the first month at ¥0)"
    )
    # Paid by then, by default: the enrollment fee and the months begun, 44,000.
    assert result.paid == 44_000


def test_a_plan_s_first_month_for_new_patients_asks_whether_the_patient_is_new() -> None:
    menu = first_month_menu("{ price = 16500, new_patients_only = true }")
    with pytest.raises(ContractError, match="offer 'sup-monthly' has a first-month price"):
        contract_for_offer(menu, "sup-monthly", received=RECEIVED)
    # New: 11,000 + 16,500 + 5 x 33,000 = 192,500; returning: 11,000 + 6 x 33,000 = 209,000.
    new = contract_for_offer(menu, "sup-monthly", received=RECEIVED, new_patient=True)
    assert new.total == 192_500
    returning = contract_for_offer(menu, "sup-monthly", received=RECEIVED, new_patient=False)
    assert returning.total == 209_000
    # Outside its window the plan is contracted at its fee, and nobody is asked.
    ended = first_month_menu("{ price = 0, new_patients_only = true, valid_until = 2024-03-31 }")
    assert contract_for_offer(ended, "sup-monthly", received=RECEIVED).total == 209_000
    # A price the caller gives is every month's: the catalog's first month is not applied.
    given = contract_for_offer(
        menu, "sup-monthly", received=RECEIVED, price=33_000, new_patient=True
    )
    assert given.total == 209_000


def test_a_first_time_set_sold_whole_is_contracted_at_its_whole_price() -> None:
    text = CATALOG_TOML.format(include="true", set_price=104500)
    text = text.replace("schema_version = 1", "schema_version = 2").replace(
        "price = 9800\nsessions = 2\n", "price = 100000\nsessions = 3\nsold_whole = true\n"
    )
    contract = contract_for_offer(
        parse_catalog(text, format="toml"), "sup-first", received=RECEIVED, new_patient=True
    )
    # 初回限定3回コース 100,000円: the whole price once (not 3 x 100,000), over 50,000.
    assert (contract.total, contract.sessions) == (100_000, 3)
    assert applicability(contract).applicable
    assert contract.period_months is None
    # With an expiry (schema 2) its period is the contract's, as a set's is.
    expiring = text.replace("sold_whole = true\n", "sold_whole = true\nvalid_months = 6\n")
    contract = contract_for_offer(
        parse_catalog(expiring, format="toml"), "sup-first", received=RECEIVED, new_patient=True
    )
    assert contract.period_months == 6


@pytest.mark.parametrize(
    ("offer", "kwargs", "words"),
    [
        ("sup-first", {"quantity": 2}, "applies only to sets"),
        ("sup-3", {"quantity": 0}, "quantity must be"),
        ("sup-3", {"months": 6}, "months applies only to monthly plans"),
        ("sup-monthly", {"months": 5}, "below the minimum term of 6"),
    ],
)
def test_offer_arguments_that_do_not_fit(offer: str, kwargs: dict[str, int], words: str) -> None:
    with pytest.raises(ContractError, match=words):
        contract_for_offer(catalog(), offer, received=RECEIVED, **kwargs)  # type: ignore[arg-type]


def test_unknown_offer() -> None:
    with pytest.raises(UnknownIdError):
        contract_for_offer(catalog(), "sup-4", received=RECEIVED)


def test_reference_catalog_set_needs_a_price() -> None:
    with pytest.raises(ContractError):
        contract_for_offer(reference_catalog(), "sup-iv-set", received=RECEIVED)


# --- monthly plans ---------------------------------------------------------------------------


def monthly_contract(rules: ContractRules | None = None, months: int | None = None) -> Contract:
    return contract_for_offer(
        catalog(), "sup-monthly", received=RECEIVED, rules=rules, months=months
    )


def carrying_contract() -> Contract:
    """``monthly_contract``'s plan written with carry_over (未消化分は翌月まで繰越可)."""
    plans = catalog()
    offers = tuple(
        offer.model_copy(update={"carry_over": True}) if offer.id == "sup-monthly" else offer
        for offer in plans.offers
    )
    return contract_for_offer(
        plans.model_copy(update={"offers": offers}), "sup-monthly", received=RECEIVED
    )


def test_ledger_of_a_plan_that_carries_over() -> None:
    # One session a month for 6 months from 2024-04-01, a month's unused session usable in the
    # next month only. April unused: May has April's carried and May's own, 2 usable.
    contract = carrying_contract()
    assert contract.monthly is not None
    assert contract.monthly.carry_over
    ledger = Ledger.open(contract)
    may = ledger.status(date(2024, 5, 10))
    # Nothing lapsed yet; 2 usable now; left: 2 + 4 months to come (June to September) = 6.
    assert (may.usable_now, may.expired, may.left) == (2, 0, 6)
    ledger = ledger.use(date(2024, 5, 10), 2)  # April's carried one, then May's own
    with pytest.raises(ContractError, match="carry over to the next month only"):
        ledger.use(date(2024, 5, 11))
    # June: May's own was used, so nothing carried: 1 usable, nothing lapsed.
    june = ledger.status(date(2024, 6, 1))
    assert (june.usable_now, june.expired, june.left) == (1, 0, 4)
    # July without a June session: June's carried, July's own; August: July's own unused
    # carried, June's lapsed at July's end (carried no further): 1 lapsed, 2 usable.
    assert ledger.status(date(2024, 7, 1)).usable_now == 2
    august = ledger.status(date(2024, 8, 1))
    assert (august.usable_now, august.expired, august.left) == (2, 1, 3)
    # After the last month (September) ended: April and May used 2, the other 4 lapsed,
    # September's carried one included, as no month is left to use it in.
    ended = ledger.status(date(2024, 10, 1))
    assert (ended.used, ended.expired, ended.left) == (2, 4, 0)


def test_monthly_plan_contract() -> None:
    contract = monthly_contract()
    # 11,000 enrollment + 6 x 33,000 = 209,000; tax 1,000 + 6 x 3,000 = 19,000.
    assert (contract.total, contract.tax, contract.sessions) == (209_000, 19_000, 6)
    assert [line.kind for line in contract.lines] == ["enrollment", "subscription"]
    assert contract.monthly is not None
    assert contract.monthly.early_termination_fee == 22_000
    assert valid_until(contract) == date(2024, 9, 30)


def test_monthly_plan_cancelled_within_the_minimum_term() -> None:
    # Month 2 begun (2024-05-01 to 05-31), 2 sessions given. Statute (DOMAIN §4): the sessions
    # at the contract's per-session price, 209,000 / 6 = 34,833.33..., x 2 = 69,666.67 ->
    # 69,666; outstanding 209,000 - 69,666 = 139,334; 20% = 27,866.8 -> 27,866: at most
    # 97,532. Catalog terms: enrollment 11,000 + 2 x 33,000 + early termination 22,000 =
    # 99,000. Paid so far 11,000 + 66,000 = 77,000.
    result = settle(monthly_contract(), on=date(2024, 5, 10), used=2)
    assert (result.keep_max, result.basis, result.paid) == (97_532, "statute", 77_000)
    assert (result.refund_min, result.owed_max) == (0, 20_532)
    line = result.lines[0]
    assert (line.code, line.sessions, line.amount) == ("sessions_given", 2, 69_666)
    assert (line.contract_total, line.contract_sessions) == (209_000, 6)


def _audit_plan(offer: str, *, new_patient: bool, rules: ContractRules | None = None) -> Contract:
    menu = load_catalog(Path(__file__).parent / "data" / "audit-plans.toml")
    return contract_for_offer(
        menu, offer, received=date(2026, 6, 1), rules=rules, new_patient=new_patient
    )


def test_a_plan_behind_pace_keeps_the_sessions_at_the_contract_price_not_the_months() -> None:
    # The audit's case (s31 F1): ¥33,000 a month for 4 sessions, 3 months minimum, 入会金 5,500:
    # 5,500 + 3 x 33,000 = 104,500 for 12 sessions, 104,500 / 12 = 8,708.33... a session.
    contract = _audit_plan("vitc-m", rules=COSMETIC, new_patient=True)
    assert (contract.total, contract.sessions) == (104_500, 12)
    # Cancelled on 07-10 (month 2 began 07-01) with 5 sessions given: 5 x 8,708.33 =
    # 43,541.67 -> 43,541; outstanding 104,500 - 43,541 = 60,959, 20% = 12,191.8 -> 12,191
    # (below 50,000): the statute keeps at most 55,732. Paid 5,500 + 2 x 33,000 = 71,500, so
    # at least 15,768 back (the audit's 15,767 rounds the sum once; supecost rounds each
    # line down, as for a set). The months' fees would have kept 66,000 + 20% of 38,500
    # (7,700) = 73,700, above the catalog's 71,500: nothing back.
    result = settle(contract, on=date(2026, 7, 10), used=5)
    assert (result.keep_max, result.basis, result.paid, result.refund_min) == (
        55_732,
        "statute",
        71_500,
        15_768,
    )
    given, allowance = result.lines
    assert (given.code, given.amount, given.contract_total, given.contract_sessions) == (
        "sessions_given",
        43_541,
        104_500,
        12,
    )
    assert (allowance.outstanding, allowance.amount) == (60_959, 12_191)
    # The catalog's own terms, 5,500 + 2 months' 66,000 = 71,500, stay a limit of their own.
    assert [(note.basis, note.keep_max) for note in result.notes] == [("catalog_terms", 71_500)]
    # 1 session by 06-20: 8,708 + 20% of 95,792 (19,158.4 -> 19,158) = 27,866 of the 5,500 +
    # 33,000 = 38,500 paid: 10,634 back.
    early = settle(contract, on=date(2026, 6, 20), used=1)
    assert (early.keep_max, early.refund_min) == (27_866, 10_634)
    # Ahead of pace (8 sessions by 07-10) the catalog's terms are the lower: 8 x 8,708.33 =
    # 69,666 + 20% of 34,834 (6,966) = 76,632 > 71,500.
    ahead = settle(contract, on=date(2026, 7, 10), used=8)
    assert (ahead.keep_max, ahead.basis) == (71_500, "catalog_terms")


def test_a_flagged_plan_of_two_a_month_keeps_two_sessions_not_two_months() -> None:
    # The audit's second case: ¥66,000 a month for 2 sessions, 3 months minimum, flagged
    # cosmetic_medicine by the treatment: 198,000 for 6 sessions, 33,000 a session. On
    # 07-02 (month 2 begun), 2 sessions given: 66,000; outstanding 132,000, 20% = 26,400:
    # at most 92,400 of the 132,000 paid, so at least 39,600 back (the months' fees kept all).
    contract = _audit_plan("sup-m", new_patient=False)
    assert (contract.rules_source, contract.per_session_price) == ("catalog", 33_000)
    result = settle(contract, on=date(2026, 7, 2), used=2)
    assert (result.keep_max, result.paid, result.refund_min) == (92_400, 132_000, 39_600)
    report = contract_report(contract, today=date(2026, 7, 2), used=2)
    assert (report.per_session_price, report.refund_min) == (33_000, 39_600)


def test_monthly_plan_not_covered_owes_the_termination_fee() -> None:
    result = settle(monthly_contract(NONE), on=date(2024, 5, 10), used=2)
    assert [line.amount for line in result.lines] == [11_000, 66_000, 22_000]
    assert (result.keep_max, result.owed_max) == (99_000, 22_000)


def test_monthly_plan_after_the_minimum_term() -> None:
    # 8 months: 11,000 + 264,000 = 275,000. Month 7 begun on 2024-10-01: no termination fee.
    # Catalog: 11,000 + 7 x 33,000 = 242,000. Statute: 7 x 275,000 / 8 = 240,625 given;
    # outstanding 34,375, 20% = 6,875: 247,500. The catalog's terms are the lower.
    result = settle(monthly_contract(months=8), on=date(2024, 10, 15), used=7)
    assert (result.keep_max, result.basis) == (242_000, "catalog_terms")
    assert (
        SettlementNote(basis="statute", keep_max=247_500, rules="cosmetic_medicine") in result.notes
    )


def test_enrollment_fee_as_a_service_assumption() -> None:
    # The enrollment fee given whole, so the sessions divide the rest (never counting it
    # twice): 11,000 + 2 x (209,000 - 11,000) / 6 = 11,000 + 66,000 = 77,000; outstanding
    # 132,000; 20% = 26,400: 103,400 > the catalog's 99,000.
    assumptions = Assumptions(enrollment_fee_is_service=True)
    result = settle(monthly_contract(), on=date(2024, 5, 10), used=2, assumptions=assumptions)
    assert (result.keep_max, result.basis) == (99_000, "catalog_terms")
    assert result.statutory_cap == 103_400
    statute = settle(
        monthly_contract(), on=date(2024, 5, 10), used=6, assumptions=assumptions
    ).statutory_cap
    # Every session given: 11,000 + 198,000 = the whole 209,000, and no allowance left.
    assert statute == 209_000


def test_monthly_plan_with_other_lines_and_before_start() -> None:
    plan = monthly_contract()
    assert plan.monthly is not None
    extra = ContractLine(label="serum", kind="other", amount=5_000)
    contract = Contract.from_lines(
        [*plan.lines, extra],
        received=RECEIVED,
        rules=COSMETIC,
        period_months=6,
        monthly=plan.monthly,
    )
    result = settle(contract, on=date(2024, 5, 10), used=0)
    # Before start under the statute: 20,000; catalog terms include the 5,000 serum line.
    assert result.keep_max == 20_000
    catalog_terms = settle(
        contract.model_copy(update={"rules": NONE}), on=date(2024, 5, 10), used=0
    )
    assert [line.amount for line in catalog_terms.lines] == [11_000, 66_000, 5_000, 22_000]


def test_plan_schedules() -> None:
    shop = catalog()
    offer = shop.offer("sup-monthly")
    assert isinstance(offer, Subscription)
    schedule = subscription_schedule(offer, start=date(2024, 1, 31), months=7)
    assert schedule.amounts == (11_000,) + (33_000,) * 7
    assert [p.due for p in schedule.payments][:3] == [
        date(2024, 1, 31),
        date(2024, 1, 31),
        date(2024, 2, 29),  # the 31st clamps to the month's last day
    ]
    assert (schedule.total, schedule.interest, schedule.method) == (242_000, 0, "plan")
    assert [(p.item, p.month) for p in schedule.payments[:3]] == [
        ("enrollment", None),
        ("month", 1),
        ("month", 2),
    ]
    assert plan_schedule(monthly_contract()).total == 209_000
    ranged = shop.offer("sup-monthly-range")
    assert isinstance(ranged, Subscription)
    agreed = subscription_schedule(ranged, start=RECEIVED, price=35_000)
    assert agreed.amounts == (35_000,) * 3
    with pytest.raises(ContractError, match="minimum term of 6"):
        subscription_schedule(offer, start=RECEIVED, months=2)
    with pytest.raises(ContractError, match="not a monthly plan"):
        plan_schedule(set_contract(510_000, 6))


def test_a_plan_schedule_has_its_first_month_and_its_enrollment_campaign() -> None:
    menu = load_catalog(Path(__file__).parent / "data" / "first-month.toml")
    vc, nmn = menu.offer("vc-m"), menu.offer("nmn-m")
    assert isinstance(vc, Subscription)
    assert isinstance(nmn, Subscription)
    # vc-m: 5,500 enrollment; its first month free for new patients; then 22,000.
    new = subscription_schedule(vc, start=date(2026, 4, 1), new_patient=True)
    assert new.amounts == (5_500, 0, 22_000)
    assert new.total == 27_500
    assert [(p.item, p.month, p.due) for p in new.payments] == [
        ("enrollment", None, date(2026, 4, 1)),
        ("month", 1, date(2026, 4, 1)),
        ("month", 2, date(2026, 5, 1)),
    ]
    # A returning patient pays it (5,500 + 2 x 22,000); whether new is asked where it decides.
    returning = subscription_schedule(vc, start=date(2026, 4, 1), new_patient=False)
    assert returning.amounts == (5_500, 22_000, 22_000)
    with pytest.raises(ContractError, match="offer 'vc-m' has a first-month price"):
        subscription_schedule(vc, start=date(2026, 4, 1))
    # nmn-m: half price (13,750) for anyone, so nobody is asked; enrolled before: in full.
    assert subscription_schedule(nmn, start=date(2026, 4, 1)).amounts == (13_750, 27_500, 27_500)
    again = subscription_schedule(nmn, start=date(2026, 4, 1), bought={"nmn-m": 1})
    assert again.amounts == (27_500,) * 3
    # A price given is every month's fee.
    assert subscription_schedule(nmn, start=date(2026, 4, 1), price=30_000).total == 90_000
    with pytest.raises(ContractError, match="bought must map offer ids"):
        subscription_schedule(nmn, start=date(2026, 4, 1), bought={"nmn-m": -1})
    # An enrollment campaign on the day the plan starts: 0 instead of 11,000.
    text = CATALOG_TOML.format(include="true", set_price=104500)
    text = text.replace("schema_version = 1", "schema_version = 2").replace(
        "enrollment_fee = 11000\n",
        "enrollment_fee = 11000\nenrollment_campaign = { valid_until = 2024-04-30 }\n",
    )
    plan = parse_catalog(text, format="toml").offer("sup-monthly")
    assert isinstance(plan, Subscription)
    assert subscription_schedule(plan, start=date(2024, 4, 30)).amounts == (33_000,) * 6
    after = subscription_schedule(plan, start=date(2024, 5, 1)).amounts
    assert after == (11_000,) + (33_000,) * 6


def _by_month(schedule: PaymentSchedule) -> list[tuple[int, int]]:
    """A plan's payments as a quote's: by month from 0, the enrollment fee in month 0."""
    months: dict[int, int] = {}
    for payment in schedule.payments:
        month = 0 if payment.month is None else payment.month - 1
        months[month] = months.get(month, 0) + payment.amount
    return sorted(months.items())


def test_a_plan_contract_s_payments_are_the_quote_s() -> None:
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    menu = load_catalog(Path(__file__).parent / "data" / "first-month.toml")
    # (offer, treatment, months, sessions a month, new patient, the payments by hand)
    cases = [
        # vc-m, new: 5,500 + 0 in month 0, 22,000 in month 1.
        ("vc-m", "vc", 2, 2, True, [(0, 5_500), (1, 22_000)]),
        # vc-m, returning: 5,500 + 22,000, then 22,000.
        ("vc-m", "vc", 2, 2, False, [(0, 27_500), (1, 22_000)]),
        # nmn-m: 13,750 (half price), then 27,500 twice.
        ("nmn-m", "nmn", 3, 1, False, [(0, 13_750), (1, 27_500), (2, 27_500)]),
    ]
    for offer, treatment, months, each, new, by_hand in cases:
        request = QuoteRequest(
            treatment=treatment,
            sessions=months * each,
            months=months,
            new_patient=new,
            on=date(2026, 4, 1),
        )
        option = next(o for o in quote(menu, request).options if o.label == f"subscription:{offer}")
        quoted = [(p.month, p.amount.min) for p in option.payments]
        contract = contract_for_offer(menu, offer, received=date(2026, 4, 1), new_patient=new)
        assert (offer, new, quoted) == (offer, new, by_hand)
        assert _by_month(plan_schedule(contract)) == by_hand
        assert contract.total == option.total.min == sum(amount for _, amount in by_hand)
    # A cancellation in month 2 of vc-m for a new patient values the months begun at what
    # they charge: 0 + 22,000 (never 2 x 22,000), as the schedule's payments say.
    contract = contract_for_offer(menu, "vc-m", received=date(2026, 4, 1), new_patient=True)
    assert settle(contract, on=date(2026, 5, 10), used=3).paid == 5_500 + 0 + 22_000


def test_a_cancellation_in_a_free_first_month_keeps_no_fee_for_it() -> None:
    # DOMAIN §4 is silent on a free month: it is valued at what the contract charges, 0.
    # 初月無料 on a 6-month plan of 33,000 with 11,000 enrollment: 176,000 in all.
    contract = contract_for_offer(
        first_month_menu("{ price = 0 }"), "sup-monthly", received=RECEIVED
    )
    # Cancelled on 2024-04-20, in month 1 (after cooling-off, which ended 2024-04-08), one
    # session used. Statute: 176,000 / 6 = 29,333.33 -> 29,333 given + the lower of 50,000
    # and 20% of 146,667 (29,333.4 -> 29,333) = 58,666; the catalog's terms: 11,000 + 0 +
    # the 22,000 termination fee = 33,000, the lower. Paid by default: 11,000 + 0; so nothing
    # is refunded and at most 22,000 (the termination fee) is still owed: the free month
    # itself is never charged.
    result = settle(contract, on=date(2024, 4, 20), used=1)
    assert (result.keep_max, result.basis, result.paid) == (33_000, "catalog_terms", 11_000)
    assert (result.refund_min, result.owed_max) == (0, 22_000)
    assert [line.amount for line in result.lines] == [11_000, 0, 22_000]
    assert [(note.basis, note.keep_max) for note in result.notes] == [("statute", 58_666)]
    # Within cooling-off (2024-04-08 is day 8) nothing is kept.
    assert settle(contract, on=date(2024, 4, 8), used=1).keep_max == 0


def _tickets(replace: tuple[str, str] = ("", "")) -> Catalog:
    text = (Path(__file__).parent / "data" / "placenta-tickets.toml").read_text(encoding="utf-8")
    return parse_catalog(text.replace(*replace), format="toml")


def test_a_unit_ticket_s_contract_counts_its_units_and_settles_on_units_used() -> None:
    from supecost.contracts import ContractUnits

    # p10: ten ampoules of placenta (本数券); agreed at 110,000, the rules given.
    ticket = contract_for_offer(_tickets(), "p10", received=RECEIVED, rules=COSMETIC, price=110_000)
    assert ticket.units == ContractUnits(ja="本", en="amp", en_other="amp")
    # 110,000 / 10 units = 11,000 a unit: the contract's price of each unit used.
    assert (ticket.sessions, ticket.per_session_price) == (10, 11_000)
    # DOMAIN §4 counted in units: 3 used after cooling-off: 3 x 11,000 = 33,000 given;
    # outstanding 77,000, 20% of it 15,400 (below 50,000): kept at most 48,400, refunded
    # at least 110,000 - 48,400 = 61,600.
    result = settle(ticket, on=date(2024, 5, 1), used=3)
    assert (result.keep_max, result.refund_min) == (48_400, 61_600)
    assert [(line.code, line.sessions, line.amount) for line in result.lines] == [
        ("sessions_given", 3, 33_000),
        ("allowance", None, 15_400),
    ]
    # The JSON says what its sessions count; a contract of visits reads as it always did.
    assert ticket.model_dump(mode="json")["units"] == {"ja": "本", "en": "amp", "en_other": "amp"}
    report = contract_report(ticket, today=date(2024, 5, 1), used=3).model_dump(mode="json")
    assert report["units"]["ja"] == "本"
    assert "units" not in set_contract(510_000, 6).model_dump(mode="json")
    # Two tickets hold 20 units at the catalog's 13,500 each: 27,000 / 20 = 1,350 a unit.
    two = contract_for_offer(_tickets(), "p10", received=RECEIVED, quantity=2)
    assert (two.total, two.sessions, two.per_session_price) == (27_000, 20, 1_350)
    # A treatment naming no unit: counted in units all the same, in the locale's word.
    bare = contract_for_offer(
        _tickets(('dose_unit = "本"\ndose_unit_en = "amp"\n', "")), "p10", received=RECEIVED
    )
    assert bare.units == ContractUnits()
    assert contract_for_offer(catalog(), "sup-3", received=RECEIVED).units is None


# --- expiry and the ledger -------------------------------------------------------------------


def test_validity_conventions() -> None:
    contract = set_contract(104_500, 3, period_months=6)
    assert valid_until(contract) == date(2024, 10, 1)  # 民法 140/143: from the next day
    counted = Assumptions(expiry_counts_receipt_day=True)
    assert valid_until(contract, assumptions=counted) == date(2024, 9, 30)
    assert valid_until(set_contract(104_500, 3)) is None
    assert valid_until(set_contract(104_500, 3, received=None, period_months=6)) is None


def test_settlement_after_expiry() -> None:
    # Valid until 2024-10-01; cancelled on 10-02 with 2 of 6 used. By default (the patient's
    # favour; DOMAIN is silent) it is settled as on the last valid day: 170,000 given +
    # min(50,000, 20% of 340,000 = 68,000) = 220,000 kept, 290,000 refunded.
    contract = set_contract(510_000, 6, period_months=6)
    assert Assumptions().expired_sessions_refundable is True
    late = settle(contract, on=date(2024, 10, 2), used=2)
    assert (late.expired, late.keep_max, late.refund_min, late.basis) == (
        True,
        220_000,
        290_000,
        "statute",
    )
    lapsing = Assumptions(expired_sessions_refundable=False)
    lapsed = settle(contract, on=date(2024, 10, 2), used=2, assumptions=lapsing)
    assert (lapsed.expired, lapsed.keep_max, lapsed.refund_min, lapsed.basis) == (
        True,
        510_000,
        0,
        "expired",
    )


def test_ledger_of_a_set() -> None:
    contract = set_contract(510_000, 6, period_months=6)
    ledger = Ledger.open(contract).use(date(2024, 4, 20)).use(date(2024, 5, 20))
    status = ledger.status(AFTER_COOLING_OFF)
    assert (status.used, status.left, status.until, status.refund_if_cancelled) == (
        2,
        4,
        date(2024, 10, 1),
        290_000,
    )
    assert status.settlement is not None
    # Status is as of a day: before the second use only one was used.
    assert ledger.status(date(2024, 5, 1)).used == 1
    # After the last valid day no session can be used, but by default a cancellation is
    # still settled as on that day: 290,000 (see test_settlement_after_expiry).
    lapsed = ledger.status(date(2024, 10, 2))
    assert (lapsed.left, lapsed.expired, lapsed.refund_if_cancelled) == (0, 4, 290_000)
    lapsing = ledger.model_copy(
        update={"assumptions": Assumptions(expired_sessions_refundable=False)}
    )
    assert lapsing.status(date(2024, 10, 2)).refund_if_cancelled == 0
    expired = ledger.expire(date(2024, 10, 2))
    assert expired.events[-1] == LedgerEvent(on=date(2024, 10, 2), kind="expired", sessions=4)
    closed = expired.status(date(2024, 11, 1))
    assert (closed.closed, closed.left, closed.expired, closed.settlement) == (True, 0, 4, None)


def test_ledger_cancel_records_the_refund() -> None:
    ledger = Ledger.open(set_contract(510_000, 6)).use(date(2024, 4, 20), 2)
    cancelled = ledger.cancel(AFTER_COOLING_OFF)
    assert cancelled.events[-1] == LedgerEvent(
        on=AFTER_COOLING_OFF, kind="refunded", sessions=4, amount=290_000
    )
    assert cancelled.closed_on == AFTER_COOLING_OFF
    assert cancelled.status(date(2024, 7, 1)).refund_if_cancelled == 0
    generous = ledger.cancel(AFTER_COOLING_OFF, clinic_terms=ClinicTerms(fee_cap=0))
    assert generous.events[-1].amount == 340_000  # only the 170,000 given is kept
    with pytest.raises(ContractError, match="closed on 2024-06-01"):
        cancelled.use(date(2024, 7, 1))
    with pytest.raises(ContractError, match="closed on 2024-06-01"):
        cancelled.cancel(date(2024, 7, 1))


def test_ledger_errors() -> None:
    contract = set_contract(148_500, 5, period_months=6)
    ledger = Ledger.open(contract).use(date(2024, 5, 1), 3)
    with pytest.raises(ContractError, match="3 sessions used on 2024-05-02 but 2 are left"):
        ledger.use(date(2024, 5, 2), 3)
    with pytest.raises(ContractError, match="sessions must be"):
        ledger.use(date(2024, 5, 2), 0)
    with pytest.raises(ContractError, match="before the last event"):
        ledger.use(date(2024, 4, 20))
    with pytest.raises(ContractError, match="but 0 are left"):
        ledger.use(date(2024, 10, 2))  # after the last valid day
    with pytest.raises(ContractError, match="runs until 2024-10-01"):
        ledger.expire(date(2024, 10, 1))
    with pytest.raises(ContractError, match="has no end date"):
        Ledger.open(set_contract(148_500, 5)).expire(date(2030, 1, 1))
    with pytest.raises(ContractError, match="no receipt date"):
        Ledger.open(set_contract(148_500, 5, received=None))
    purchase = ledger.events[0]
    with pytest.raises(ContractError, match="out of order"):
        Ledger(
            contract=contract,
            events=(
                purchase,
                ledger.events[1],
                purchase.model_copy(update={"kind": "used", "on": date(2024, 4, 2)}),
            ),
        )
    with pytest.raises(ContractError, match="one purchase"):
        Ledger(contract=contract, events=(purchase, purchase))
    with pytest.raises(ContractError, match="one purchase"):
        Ledger(contract=contract, events=(ledger.events[1],))


def test_ledger_of_a_monthly_plan() -> None:
    # One session a month for 6 months from 2024-04-01; unused sessions lapse each month.
    ledger = Ledger.open(monthly_contract()).use(date(2024, 4, 3)).use(date(2024, 6, 3))
    assert ledger.events[0].amount == 44_000  # enrollment 11,000 + month 1 33,000
    june = ledger.status(date(2024, 6, 20))
    # April used, May lapsed, June used: 0 left this month + 3 months to come.
    assert (june.used, june.expired, june.left, june.until) == (2, 1, 3, date(2024, 9, 30))
    assert june.usable_now == 0
    assert ledger.status(date(2024, 7, 1)).usable_now == 1
    with pytest.raises(ContractError, match="do not carry over"):
        ledger.use(date(2024, 6, 21))
    # Ended on 2024-09-30; cancelled after, it is settled as on that day (the default,
    # expired_sessions_refundable): the 2 sessions given at 209,000 / 6, 69,666.67 -> 69,666
    # (the 4 that lapsed were never given, DOMAIN §4); outstanding 139,334, 20% = 27,866.8 ->
    # 27,866: 97,532 kept of the 209,000 paid (below the catalog's 209,000), so 111,468
    # refunded (the same as on 09-30).
    ended = ledger.status(date(2024, 10, 1))
    assert (ended.left, ended.expired, ended.refund_if_cancelled) == (0, 4, 111_468)
    assert ended.refund_if_cancelled == ledger.status(date(2024, 9, 30)).refund_if_cancelled
    with pytest.raises(ContractError, match="before the contract was received"):
        ledger.status(date(2024, 3, 31))


def test_monthly_plan_starting_after_receipt() -> None:
    # Signed on 2024-04-01 for a plan whose first month begins on 2024-05-01.
    plan = monthly_contract()
    assert plan.monthly is not None
    later = plan.model_copy(
        update={"monthly": plan.monthly.model_copy(update={"start": date(2024, 5, 1)})}
    )
    status = Ledger.open(later).status(date(2024, 4, 15))
    # No month begun: all 6 sessions left; only the enrollment fee paid, and the statute
    # allows at most 20,000 before treatment starts.
    assert (status.left, status.expired, status.usable_now) == (6, 0, 0)
    assert status.settlement is not None
    assert (status.settlement.paid, status.settlement.keep_max) == (11_000, 20_000)


# --- instalments -----------------------------------------------------------------------------


def test_addon_worked_example() -> None:
    # Fee 100,000 x 7.5% = 7,500; (100,000 + 7,500) / 10 = 10,750 a month.
    schedule = addon_payments(100_000, 10, "7.5")
    assert schedule.amounts == (10_750,) * 10
    assert (schedule.total, schedule.interest) == (107_500, 7_500)
    assert {(p.principal, p.interest) for p in schedule.payments} == {(10_000, 750)}
    assert schedule.rate_percent == Fraction(15, 2)


def test_addon_with_a_rounding_unit_and_remainder() -> None:
    # 10,750 rounded down to 100 is 10,700; 107,500 - 10 x 10,700 = 500 on the first or last.
    first = addon_payments(100_000, 10, "7.5", round_unit=100)
    assert first.amounts == (11_200,) + (10_700,) * 9
    last = addon_payments(100_000, 10, Decimal("7.5"), round_unit=100, remainder="last")
    assert last.amounts == (10_700,) * 9 + (11_200,)
    assert last.payments[-1].interest + 9 * last.payments[0].interest == 7_500


def test_addon_apr_equivalent() -> None:
    # Monthly convention (APR / 12, first payment a month later). DOMAIN.md quotes 16.02% for
    # this case; the convention gives 16.04% and reproduces the published 21.26% for 10% / 10.
    assert addon_apr_percent(10, "7.5") == Decimal("16.04")
    assert addon_apr_percent(10, "10") == Decimal("21.26")
    assert addon_apr_percent(10, "7.5%") == Decimal("16.04")
    assert addon_apr_percent(12, 0) == Decimal("0.00")
    # A steep rate makes the search widen many times; the round trip still holds.
    steep = addon_apr_percent(24, "100")
    assert abs(level_payments(100_000, 24, steep).total - 200_000) < 50
    # Check the figure: level payments at 16.04% come within a yen of 10,750.
    level = level_payments(100_000, 10, "16.04")
    assert abs(level.total - 107_500) < 10


def test_level_payments() -> None:
    # 120,000 over 12 months at 0%: 10,000 each.
    flat = level_payments(120_000, 12, 0)
    assert flat.amounts == (10_000,) * 12
    assert flat.interest == 0
    # 100,000 at 15% over 10: monthly r = 1.25%; (1 + r)^10 = 1.13227...; annuity
    # 100,000 x r x 1.13227 / 0.13227 = 10,700.307...; total 107,003.07 -> 107,003 (down);
    # to 100 yen: 107,003 // 1,000 x 100 = 10,700 a month. Each month's interest is
    # floor(balance x 1.25%): 1,250 on 100,000, 1,131 on 90,550, 1,012 on 80,981, 891 on
    # 71,293, 768 on 61,484, 644 on 51,552, 518 on 41,496, 391 on 31,314, 262 on 21,005;
    # the balance before the 10th is 10,567, its interest 132, so with the remainder last
    # the 10th is 10,699 and clears it.
    last = level_payments(100_000, 10, "15", round_unit=100, remainder="last")
    assert last.amounts == (10_700,) * 9 + (10_699,)
    # With it first (the default), every payment after the first is 10,700 (DOMAIN §7): the
    # first is a yen less, 10,699 (principal 9,449), so each balance is a yen more (90,551,
    # ..., 10,568) with the same floored interest, and the 10th is 10,568 + 132 = 10,700.
    schedule = level_payments(100_000, 10, "15", round_unit=100, first_due=date(2024, 5, 27))
    assert schedule.amounts == (10_699,) + (10_700,) * 9
    assert schedule.payments[-1].principal == 10_568
    assert schedule.notes == ()
    # 10,699 + 9 x 10,700 = 106,999, as with the remainder last.
    assert (schedule.total, schedule.interest) == (106_999, 6_999)
    assert [p.interest for p in schedule.payments] == [
        1_250,
        1_131,
        1_012,
        891,
        768,
        644,
        518,
        391,
        262,
        132,
    ]
    assert schedule.payments[1].due == date(2024, 6, 27)
    assert sum(p.principal for p in schedule.payments) == 100_000


def test_level_payments_with_a_rounding_unit_charge_each_month_on_its_balance() -> None:
    # The audit's schedule: 300,000 over 24 at 15%, to 100 yen. Annuity 14,545.99... a month,
    # total 349,103.7 -> 349,103; 349,103 // 2,400 x 100 = 14,500 a month.
    first = level_payments(300_000, 24, "15", round_unit=100)
    # With the remainder first, every payment after the first is 14,500 (s31 F8). Rounding
    # each month's interest down makes the last a step function of the first's extra: 950
    # more (15,450) leaves the last 14,499 (balance 14,320 + floor(179) = 179), 949 more
    # leaves it 14,501 (balance 14,322 + floor(179.03) = 179): no extra gives 14,500. So the
    # first takes 949 (15,449: 3,750 interest on 300,000 at 1.25%) and the last charges 178,
    # a yen less than its balance owes: 14,322 + 178 = 14,500. Noted.
    assert first.amounts == (15_449,) + (14_500,) * 23
    assert (first.payments[0].interest, first.payments[-1].interest) == (3_750, 178)
    assert first.payments[-1].principal == 14_322
    assert first.notes == (
        ScheduleNote(code="last_interest_reduced", level=14_500, interest=179, reduced=1),
    )
    # 15,449 + 23 x 14,500 = 348,949 (as before: 15,450 + 22 x 14,500 + 14,499); 300,000 of
    # it principal.
    assert (first.total, first.interest) == (348_949, 48_949)
    last = level_payments(300_000, 24, "15", round_unit=100, remainder="last")
    assert last.amounts[:23] == (14_500,) * 23
    # Each month's interest is its balance's, the last included: 15,571 + 194 = 15,765.
    assert (last.payments[-1].principal, last.payments[-1].interest) == (15_571, 194)
    for schedule, waived in ((first, 1), (last, 0)):
        balance = 300_000
        for payment in schedule.payments:
            # 1.25% a month, rounded down; the last of `first` a yen less, as noted.
            owed = balance * 125 // 10_000
            assert payment.interest == owed - (waived if payment.number == 24 else 0)
            balance -= payment.principal
        assert balance == 0
    # The payments' own rate: 300,000 is their value discounted at 1.25% a month less
    # what flooring each month's interest took off (at most a yen a month): 15% APR.
    assert (
        300_000 - 24
        < sum(Fraction(a) / Fraction(10125, 10000) ** k for k, a in enumerate(first.amounts, 1))
        <= 300_000
    )


@pytest.mark.parametrize(
    ("principal", "count", "apr", "unit"), [(1_000_000, 600, "15", 1), (5_000_000, 600, "20", 100)]
)
def test_a_long_level_loan_still_clears_its_balance_at_the_last_payment(
    principal: int, count: int, apr: str, unit: int
) -> None:
    # Over 600 months, rounding each month's interest down saves up to a yen a month, and
    # the exact annuity's amount would clear the balance before the 600th: the level amount
    # is then the largest multiple of the unit that does not, and the last still clears it.
    for remainder in ("first", "last"):
        schedule = level_payments(principal, count, apr, round_unit=unit, remainder=remainder)  # type: ignore[arg-type]
        middle = schedule.amounts[1:-1]
        assert len(set(middle)) == 1
        assert middle[0] % unit == 0
        balance = principal
        monthly = Fraction(apr) / 1200
        for payment in schedule.payments:
            assert payment.interest == math.floor(balance * monthly)
            balance -= payment.principal
        assert balance == 0
        assert schedule.amounts[-1] >= 1


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"round_unit": 5}, "1, 10 or 100"),
        ({"round_unit": True}, "1, 10 or 100"),
        ({"remainder": "middle"}, "first or the last"),
        ({"count": 0}, "from 1 to 600"),
        ({"amount": 0}, "1 yen or more"),
        ({"amount": 500, "count": 10, "round_unit": 100}, "cannot be spread"),
        ({"addon_rate_percent": 0.1}, "a decimal point, which is not exact"),
        ({"addon_rate_percent": "-1"}, "not a percentage in digits"),
        ({"apr_percent": "15", "addon_rate_percent": "7.5"}, "exactly one"),
        ({"addon_rate_percent": None}, "exactly one"),
    ],
)
def test_instalment_errors(kwargs: dict[str, object], words: str) -> None:
    arguments: dict[str, object] = {"amount": 100_000, "count": 10, "addon_rate_percent": "7.5"}
    arguments.update(kwargs)
    with pytest.raises(ContractError, match=words):
        instalments(**arguments)  # type: ignore[arg-type]


def test_instalments_dispatch_and_report() -> None:
    level = instalments(100_000, 10, apr_percent="15")
    assert level.method == "level"
    report = instalment_report(instalments(100_000, 10, addon_rate_percent="7.5")).model_dump(
        mode="json"
    )
    assert report["payments"] == [10_750] * 10
    assert (report["total"], report["interest"]) == (107_500, 7_500)
    assert (report["apr_percent"], report["addon_rate_percent"]) == ("16.04", "7.5")
    plan = instalment_report(plan_schedule(monthly_contract())).model_dump(mode="json")
    assert (plan["apr_percent"], plan["count"], plan["interest"]) == (None, 7, 0)


def test_schedule_validation() -> None:
    payment = Payment(number=1, amount=100, principal=100, interest=0)
    cases = [
        ({"total": 101, "interest": 1, "principal": 100}, "add up to the total"),
        ({"total": 100, "interest": 1, "principal": 100}, "total less the principal"),
        ({"total": 100, "interest": 1, "principal": 99}, "principal parts"),
    ]
    for fields, words in cases:
        with pytest.raises(ContractError, match=words):
            PaymentSchedule(method="plan", payments=(payment,), **fields)  # type: ignore[arg-type]
    skewed = Payment(number=1, amount=100, principal=90, interest=0)
    with pytest.raises(ContractError, match="interest parts"):
        PaymentSchedule(method="plan", principal=90, payments=(skewed,), total=100, interest=10)


# --- the command-line report -----------------------------------------------------------------


def test_contract_report_json() -> None:
    contract = contract_for_offer(
        catalog(set_price=510_000 // 2), "sup-3", quantity=2, received=RECEIVED
    )
    data = contract_report(contract, today=AFTER_COOLING_OFF, used=2).model_dump(mode="json")
    assert {key: data[key] for key in ("applicable", "cooling_off_until", "paid")} == {
        "applicable": True,
        "cooling_off_until": "2024-04-08",
        "paid": 510_000,
    }
    assert (data["keep_max"], data["refund_min"], data["per_session_price"]) == (
        220_000,
        290_000,
        "85000",
    )
    assert isinstance(data["reasons"], list)
    later = contract_report(contract, today=RECEIVED, cancel_on=date(2024, 4, 5), used=0)
    assert (later.within_cooling_off, later.refund_min, later.cancel_on) == (
        True,
        510_000,
        date(2024, 4, 5),
    )


def test_contract_report_without_statute_or_document() -> None:
    contract = set_contract(510_000, 6, NONE, received=None)
    report = contract_report(contract, today=AFTER_COOLING_OFF, used=1)
    assert (report.cooling_off_until, report.cooling_off_applies) == (None, False)
    assert (report.keep_max, report.refund_min) == (510_000, 0)
    # Not covered: no statutory cooling-off, so no date (was 2024-04-08 from a default of 8 days).
    plain = contract_report(set_contract(510_000, 6, NONE), today=AFTER_COOLING_OFF)
    assert (plain.cooling_off_until, plain.cooling_off_applies) == (None, False)
    assert plain.model_dump(mode="json")["cooling_off_until"] is None
    # Flagged but not covered (¥50,000 is not over ¥50,000): no date either.
    small = contract_report(set_contract(50_000, 6), today=AFTER_COOLING_OFF)
    assert (small.applicable, small.cooling_off_until, small.cooling_off_applies) == (
        False,
        None,
        False,
    )
    # Covered under the salon rules: the rule set's 8 days, day 1 the day of receipt.
    salon = contract_report(set_contract(100_000, 20, SALON), today=AFTER_COOLING_OFF)
    assert (salon.cooling_off_until, salon.cooling_off_applies) == (date(2024, 4, 8), True)


# --- properties ------------------------------------------------------------------------------

RULES = st.sampled_from([COSMETIC, SALON, NONE])


@st.composite
def contracts(draw: st.DrawFn) -> Contract:
    """A contract of one set, or of several lines (sets at different prices, fees)."""
    rules = draw(RULES)
    if draw(st.booleans()):
        sessions = draw(st.integers(1, 24))
        amount = draw(st.integers(sessions, 2_000_000))
        return set_contract(amount, sessions, rules)
    lines = draw(
        st.lists(
            st.tuples(st.integers(0, 12), st.integers(0, 1_000_000)), min_size=2, max_size=4
        ).filter(lambda drawn: sum(sessions for sessions, _ in drawn) > 0)
    )
    return Contract.from_lines(
        [
            ContractLine(
                label=f"line {number}",
                kind="bundle" if sessions else "other",
                amount=amount,
                sessions=sessions,
            )
            for number, (sessions, amount) in enumerate(lines, start=1)
        ],
        received=RECEIVED,
        rules=rules,
    )


@given(contracts(), st.data())
def test_refund_plus_kept_equals_paid(contract: Contract, data: st.DataObject) -> None:
    used = data.draw(st.integers(0, contract.sessions))
    paid = data.draw(st.integers(0, contract.total))
    on = data.draw(st.dates(RECEIVED, date(2025, 4, 1)))
    result = settle(contract, on=on, used=used, paid=paid)
    assert result.refund_min + result.kept == paid
    assert result.kept + result.owed_max == result.keep_max
    assert sum(line.amount for line in result.lines) == result.keep_max
    assert 0 <= result.keep_max <= contract.total


@given(contracts(), st.booleans(), st.sampled_from(list(Rounding)))
def test_refund_never_falls_as_fewer_sessions_are_used(
    contract: Contract, force_started: bool, rounding: Rounding
) -> None:
    assumptions = Assumptions(value_rounding=rounding)
    # From the first session on (or from 0 when treatment had started anyway), refunds
    # only fall as more sessions are used. Between 0 and 1 the law's ¥20,000 before-start
    # amount can exceed the cap after one session (see the quirk test above).
    first = 0 if force_started else 1
    refunds = [
        settle(
            contract,
            on=AFTER_COOLING_OFF,
            used=used,
            started=True if force_started else None,
            assumptions=assumptions,
        ).refund_min
        for used in range(first, contract.sessions + 1)
    ]
    assert refunds == sorted(refunds, reverse=True)


@given(contracts(), st.data(), st.sampled_from([ClinicTerms(fee_rate=Fraction(1, 10)), None]))
def test_kept_never_exceeds_the_legal_cap(
    contract: Contract, data: st.DataObject, terms: ClinicTerms | None
) -> None:
    used = data.draw(st.integers(0, contract.sessions))
    result = settle(contract, on=AFTER_COOLING_OFF, used=used, clinic_terms=terms)
    rules = rule_set(contract.rules)
    if rules is None or not applicability(contract).applicable:
        return
    # The cap computed independently and exactly, with no rounding at all: the sessions
    # given are valued at the contract's per-session price, total / sessions, whatever
    # the lines' own prices.
    if used == 0:
        cap = Fraction(min(rules.before_start_cap, contract.total))
    else:
        given_value = Fraction(contract.total * used, contract.sessions)
        outstanding = contract.total - given_value
        allowance = min(Fraction(rules.value_cap), rules.outstanding_rate * outstanding)
        cap = given_value + allowance
    assert result.keep_max <= cap
    assert result.statutory_cap is not None
    if terms is None:
        assert result.keep_max > cap - 2  # no more than the roundings below it


@given(
    principal=st.integers(1_000, 5_000_000),
    count=st.integers(1, 84),
    rate=st.decimals(0, 30, places=2),
    unit=st.sampled_from([1, 10, 100]),
    remainder=st.sampled_from(["first", "last"]),
    addon=st.booleans(),
)
def test_instalments_add_up(
    principal: int, count: int, rate: Decimal, unit: int, remainder: str, addon: bool
) -> None:
    if principal < count * unit:
        return
    build = addon_payments if addon else level_payments
    schedule = build(principal, count, rate, round_unit=unit, remainder=remainder)  # type: ignore[arg-type]
    amounts = schedule.amounts
    assert sum(amounts) == schedule.total == principal + schedule.interest
    assert schedule.interest >= 0
    assert len(amounts) == count
    if addon:
        level = amounts[1] if remainder == "first" and count > 1 else amounts[0]
        assert all(
            amount % unit == 0 for amount in (amounts[1:] if remainder == "first" else amounts[:-1])
        )
        assert all(amount >= level for amount in amounts)
        return
    # Level payments: with the remainder last, every payment but the last is the level
    # amount, a multiple of the unit; with it first, every payment after the first, unless
    # a note says the last could not be (last_below_level). Each month's interest is its
    # balance's, the last's less what a last_interest_reduced note says; the last clears it.
    codes = {note.code: note for note in schedule.notes}
    if remainder == "first" and "last_below_level" not in codes:
        regular = amounts[1:]
    else:
        regular = amounts[1:-1] if remainder == "first" else amounts[:-1]
    assert len(set(regular)) <= 1
    assert all(amount % unit == 0 for amount in regular)
    reduced = codes.get("last_interest_reduced")
    assert reduced is None or (remainder == "first" and reduced.reduced)
    monthly = Fraction(str(rate)) / 1200
    balance = principal
    for payment in schedule.payments:
        owed = math.floor(balance * monthly)
        waived = reduced.reduced or 0 if reduced is not None and payment.number == count else 0
        assert payment.interest == owed - waived
        balance -= payment.principal
    assert balance == 0


def test_months_begun_from_a_month_end() -> None:
    # Start 2024-01-31: months begin 01-31, 02-29 (clamped), 03-31. On 03-15 two have begun.
    terms = MonthlyTerms(
        monthly_fee=20_000, months=3, sessions_per_month=1, start=date(2024, 1, 31)
    )
    line = ContractLine(label="plan", kind="subscription", amount=60_000, sessions=3, quantity=3)
    contract = Contract.from_lines(
        [line], received=date(2024, 1, 31), rules=NONE, period_months=3, monthly=terms
    )
    result = settle(contract, on=date(2024, 3, 15), used=1)
    # No enrollment fee and no termination fee: only the 2 months begun.
    assert [(part.code, part.months, part.fee, part.amount) for part in result.lines] == [
        ("months_begun", 2, 20_000, 40_000)
    ]
    assert settle(contract, on=date(2024, 2, 28), used=1).keep_max == 20_000


def test_fractional_percentages_stay_exact() -> None:
    # 170,000 given + 12.5% of 340,000 = 42,500.
    terms = ClinicTerms.model_validate({"fee_rate": "12.5%"})
    result = settle(set_contract(510_000, 6), on=AFTER_COOLING_OFF, used=2, clinic_terms=terms)
    assert result.keep_max == 212_500
    assert (result.lines[-1].rate, result.lines[-1].amount) == (Fraction(1, 8), 42_500)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        # 20.01% is over the 出資法 ceiling; so is 10% add-on over 10 months (APR 21.26%).
        ({"apr_percent": "20.01"}, "an APR of 20.01% is above the 20% ceiling on interest"),
        ({"apr_percent": "25%"}, "an APR of 25% is above the 20% ceiling"),
        (
            {"addon_rate_percent": "10"},
            "an APR of 21.26% (the APR of an add-on rate of 10%) is above the 20% ceiling",
        ),
        ({"addon_rate_percent": "100.5"}, "an add-on rate of 100.5% is above 100%"),
        # A rate written with its % sign is shown with one.
        ({"addon_rate_percent": "100.5%"}, "an add-on rate of 100.5% is above 100%"),
        (
            {"addon_rate_percent": "15%"},
            "an APR of 31.50% (the APR of an add-on rate of 15%) is above the 20% ceiling",
        ),
        ({"apr_percent": "1e-100000"}, "apr_percent '1e-100000' is not a percentage in digits"),
    ],
)
def test_instalments_refuse_an_apr_above_the_ceiling(
    kwargs: dict[str, object], message: str
) -> None:
    with pytest.raises(ContractError, match=re.escape(message)):
        instalments(100_000, 10, **kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "rate",
    [
        "1e1",  # an exponent: 10 to a parser of numbers, refused as the command line refuses it
        "１０",  # full-width digits: only the command line reads them, before this
        "0.00001",  # a fifth decimal
        "1000",  # a fourth digit before the point
        "-1",
        "+5",
        "7.5 %",
        "abc",
        "",
        Fraction(1, 3),  # no four-decimal percentage is a third of a percent
        Fraction(1000),
        Decimal("NaN"),
        Decimal("-0.5"),
        True,
        7.5,
    ],
)
def test_one_rate_grammar_refuses_what_the_command_line_refuses(rate: object) -> None:
    with pytest.raises(ContractError) as caught:
        instalments(100_000, 12, apr_percent=rate)
    assert caught.value.fields[0][0] == "apr_percent"
    # The fix names a percentage, never a decimal fraction of one (F17: '0.1' was 0.1%).
    assert "such as '7.5'" in caught.value.hint
    assert "0.1" not in caught.value.hint


@pytest.mark.parametrize(
    ("rate", "level"),
    [
        # The level payment is 100,000 x r / (1 - (1 + r)^-12) with r = APR / 12, rounded down.
        # "0.1" is 0.1 % (the hint of F17 once called it a tenth): r = 0.001 / 12,
        # 8,337.85 -> 8,337, where 10 % would be 8,791.
        ("0.1", 8_337),
        ("0.1%", 8_337),
        # 10 %: r = 0.1 / 12 = 1/120; 100,000 / 120 / (1 - (121/120)^-12) = 8,791.59 -> 8,791.
        ("10", 8_791),
        ("10%", 8_791),
        (" 10.0000 ", 8_791),
        (10, 8_791),
        (Decimal("10.00"), 8_791),
        (Decimal("1E+1"), 8_791),  # a Decimal is a number, not text: its value is 10
        (Fraction(10), 8_791),
    ],
)
def test_a_rate_is_a_percentage_however_it_is_given(rate: object, level: int) -> None:
    schedule = level_payments(100_000, 12, rate)
    assert schedule.amounts[1] == level
    assert schedule.rate_percent == (Fraction(1, 10) if level == 8_337 else 10)


def test_instalments_at_the_ceiling_and_a_total_beyond_the_bounds() -> None:
    from supecost.contracts import MAX_APR_PERCENT, addon_payments
    from supecost.report.errtext import error_text

    assert MAX_APR_PERCENT == 20
    assert instalments(100_000, 10, apr_percent="20").total > 100_000
    assert instalments(100_000, 10, apr_percent="0").total == 100_000
    # 999,999,999,999 at 20% over 10 months pays interest: the total is over the yen bound,
    # though every input is within its own. Said as the result's, naming what lowers it.
    with pytest.raises(ContractError) as caught:
        instalments(999_999_999_999, 10, apr_percent="20")
    assert caught.value.code == "contract.total_bounds"
    assert str(caught.value) == (
        "the amount with interest comes to 1,093,938,401,074 yen, more than supecost can "
        "handle (999,999,999,999 yen); lower the amount, the number of instalments or the rate"
    )
    assert error_text(caught.value, "ja_JP") == (
        "利息を含めた総額が 1,093,938,401,074 円になり、扱える上限（999,999,999,999 円）を"
        "超えます。金額・分割回数・金利のどれかを下げてください"
    )
    # The add-on method alike: 999,999,999,999 + 50% fee (499,999,999,999.5, rounded down).
    with pytest.raises(ContractError, match="comes to 1,499,999,999,998 yen"):
        addon_payments(999_999_999_999, 10, "50")


def test_a_bad_contract_record_is_a_supecost_error_naming_each_field_once() -> None:
    from supecost.errors import SupecostError

    # Built directly or from data, a bad record is a ContractError (a SupecostError and a
    # ValueError), not pydantic's ValidationError, as a bad QuoteRequest is a RequestError.
    with pytest.raises(SupecostError) as caught:
        ContractLine.model_validate({"label": "x", "kind": "other", "amount": -1})
    assert isinstance(caught.value, ContractError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.message == (
        "invalid ContractLine: amount: an amount must not be negative, got -1; write 0 or more"
    )
    # A record whose validation builds a record reports the inner error once, not nested.
    with pytest.raises(ContractError) as caught:
        ClinicTerms.model_validate_json('{"fee_rate": 0.1}')
    assert str(caught.value).count("invalid ClinicTerms") == 1
    assert str(caught.value).count("see ClinicTerms in the reference") == 1


def test_a_contract_copied_past_its_rules_is_refused_where_it_is_settled() -> None:
    line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
    contract = Contract.from_lines(
        [line], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    # model_copy(update=...) skips validation: a total of 1 is not the lines' 510,000, which
    # settled silently to a refund of nothing; now it is refused with how to build it.
    broken = contract.model_copy(update={"total": 1})
    with pytest.raises(ContractError, match="not the sum of the lines") as caught:
        settle(broken, on=date(2024, 6, 1), used=2)
    assert "Contract.model_validate({**contract.model_dump(), ...})" in str(caught.value)
    with pytest.raises(ContractError, match="not the sum of the lines"):
        contract_report(broken, today=date(2024, 6, 1), used=2)
    # The way the hint shows round-trips, and a valid copy settles as the original does
    # (510,000 - 2 x 85,000 given - min(50,000, 20% of 340,000 = 68,000) = 290,000).
    rebuilt = Contract.model_validate({**contract.model_dump(), "received": date(2024, 4, 2)})
    assert contract_report(rebuilt, today=date(2024, 6, 1), used=2).refund_min == 290_000
    copied = contract.model_copy(update={"received": date(2024, 4, 2)})
    assert contract_report(copied, today=date(2024, 6, 1), used=2).refund_min == 290_000


# --- related goods bought with a contract (DOMAIN §4) ------------------------------------

GOODS = load_catalog(Path(__file__).parent / "data" / "goods.toml")


def test_related_goods_count_towards_the_threshold() -> None:
    on = date(2026, 4, 1)
    alone = contract_for_offer(GOODS, "hifu-2", received=on)
    # The 2-session set is ¥44,000 tax included: not over ¥50,000, not covered.
    assert (alone.total, applicability(alone).applicable) == (44000, False)
    with_goods = contract_for_offer(GOODS, "hifu-2", received=on, goods={"serum": 1})
    # ¥44,000 + a ¥11,000 serum = ¥55,000 > ¥50,000: covered. The serum contains
    # 11,000 x 10/110 = ¥1,000 of tax.
    covered = applicability(with_goods)
    assert covered.applicable
    assert covered.amount == 55000
    over = next(reason for reason in covered.reasons if reason.code == "amount_over")
    assert (over.amount, over.goods) == (55000, 11000)
    # The set's 44,000 and the goods named apart, so the sum is not read as the contract's.
    assert reason_text(over) == (
        "契約金額44,000円と関連商品11,000円の合計55,000円（税込）は50,000円を超えます"
    )
    assert reason_text(over, "en_US") == (
        "the contract amount ¥44,000 with related goods of ¥11,000, ¥55,000 (tax included), "
        "is over ¥50,000"
    )
    # The goods are no line and no part of the contract's amount: the per-session price
    # and every settlement are the set's alone (44,000 / 2 = 22,000), and nothing says
    # whether goods are refunded, so they are not (docs/contracts.md).
    assert (with_goods.total, with_goods.goods, with_goods.goods_tax) == (44000, 11000, 1000)
    assert with_goods.per_session_price == 22000
    # Before tax, as the threshold may be read: 40,000 + 10,000 = 50,000, not over.
    untaxed = Assumptions(threshold_includes_tax=False)
    assert applicability(with_goods, assumptions=untaxed).amount == 50000
    assert not applicability(with_goods, assumptions=untaxed).applicable
    # A box of the 8% supplement: 3,240, of which 3,240 x 8/108 = 240 tax (DOMAIN §3);
    # 44,000 + 3,240 = 47,240, not over.
    box = contract_for_offer(GOODS, "hifu-2", received=on, goods={"nmn-caps": 1})
    assert (box.goods, box.goods_tax, applicability(box).amount) == (3240, 240, 47240)
    assert not applicability(box).applicable


def test_a_reason_without_goods_reads_back_as_it_always_did() -> None:
    contract = contract_for_offer(GOODS, "hifu-2", received=date(2026, 4, 1))
    dumped = [reason.model_dump() for reason in applicability(contract).reasons]
    assert all("goods" not in reason for reason in dumped)


def test_bad_goods_of_a_contract_are_refused() -> None:
    on = date(2026, 4, 1)
    with pytest.raises(UnknownIdError, match="unknown goods 'seru'"):
        contract_for_offer(GOODS, "hifu-2", received=on, goods={"seru": 1})
    with pytest.raises(ContractError, match="from 1 to 1,000, got 0"):
        contract_for_offer(GOODS, "hifu-2", received=on, goods={"serum": 0})
    with pytest.raises(ContractError, match="goods_tax 2 exceeds goods 1"):
        Contract.from_lines(
            [ContractLine(label="set", kind="bundle", amount=44000, sessions=2)],
            received=on,
            goods=1,
            goods_tax=2,
        )


# --- the price on the day --------------------------------------------------------------------

CAMPAIGN_PATH = Path(__file__).parent / "data" / "campaign.toml"
CAMPAIGN = load_catalog(CAMPAIGN_PATH)
APRIL = date(2026, 4, 10)  # the spring campaign runs 2026-04-01 to 2026-04-30
MAY = date(2026, 5, 10)


def test_a_campaign_price_is_the_contract_amount_and_the_settlements() -> None:
    # DOMAIN §4 on the campaign's amount: the 6-session set listed at 510,000, less the
    # ¥60,000-off campaign on the day received: 450,000, so 75,000 a session.
    contract = contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, new_patient=False)
    assert (contract.total, contract.sessions) == (450_000, 6)
    assert [(d.id, d.name, d.name_en) for d in contract.discounts] == [
        ("spring", "春のキャンペーン6万円オフ", "Spring campaign")
    ]
    # Tax inside 450,000: 450,000 x 10/110 = 40,909.09, rounded down.
    assert contract.tax == 40_909
    settlement = settle(contract, on=date(2026, 6, 1), used=2)
    # 2 given: 150,000; outstanding 300,000; 20% = 60,000, capped at 50,000;
    # the clinic keeps at most 200,000 (not the list price's 170,000 + 50,000 = 220,000).
    assert [line.amount for line in settlement.lines] == [150_000, 50_000]
    assert (settlement.keep_max, settlement.refund_min) == (200_000, 250_000)


@pytest.mark.parametrize(
    ("received", "kwargs", "total", "ids"),
    [
        # After the campaign: the list price, and no discount named.
        (MAY, {"new_patient": False}, 510_000, []),
        # The campaign's places are gone: as if it had ended.
        (APRIL, {"new_patient": False, "sold_out": ["spring"]}, 510_000, []),
        (APRIL, {"new_patient": False, "sold_out": "spring"}, 510_000, []),
        # Birth month: 510,000 - 10% (51,000) = 459,000; another month, none.
        (MAY, {"new_patient": False, "birth_month": 5}, 459_000, ["birthday"]),
        (MAY, {"new_patient": False, "birth_month": 6}, 510_000, []),
        # Both non-stacking discounts on the day: the cheaper bill wins, 450,000 < 459,000.
        (APRIL, {"new_patient": False, "birth_month": 4}, 450_000, ["spring"]),
        # The member price 480,000, less 10%: 480,000 - 48,000 = 432,000.
        (MAY, {"new_patient": False, "segment": "member", "birth_month": 5}, 432_000, ["birthday"]),
        # A new patient: the stacking whole-bill 5,000 off after the per-unit ones,
        # its min_amount 300,000 met by the course's 6 x 100,000: 510,000 - 5,000.
        (MAY, {"new_patient": True}, 505_000, ["welcome"]),
        # 510,000 - 60,000 - 5,000 = 445,000.
        (APRIL, {"new_patient": True}, 445_000, ["spring", "welcome"]),
        # 510,000 - 51,000 - 5,000 = 454,000.
        (MAY, {"new_patient": True, "birth_month": 5}, 454_000, ["birthday", "welcome"]),
    ],
)
def test_the_default_price_is_the_days(
    received: date, kwargs: dict[str, object], total: int, ids: list[str]
) -> None:
    contract = contract_for_offer(CAMPAIGN, "hifu-6", received=received, **kwargs)  # type: ignore[arg-type]
    assert (contract.total, [d.id for d in contract.discounts]) == (total, ids)


def test_a_discount_for_members_reads_the_patients_segment() -> None:
    text = CAMPAIGN_PATH.read_text(encoding="utf-8") + (
        '\n[[discounts]]\nid = "members"\nname = "会員様3万円引き"\namount = 30000\n'
        'offers = ["hifu-6"]\nsegments = ["member"]\n'
    )
    catalog = parse_catalog(text, format="toml")
    # A member: the member price 480,000 less 30,000 = 450,000; anyone else: 510,000.
    member = contract_for_offer(
        catalog, "hifu-6", received=MAY, new_patient=False, segment="member"
    )
    assert (member.total, [d.id for d in member.discounts]) == (450_000, ["members"])
    other = contract_for_offer(catalog, "hifu-6", received=MAY, new_patient=False)
    assert (other.total, other.discounts) == (510_000, ())


def test_a_contract_for_a_patient_in_two_segments_takes_the_lower_price_and_both_discounts() -> (
    None
):
    text = CAMPAIGN_PATH.read_text(encoding="utf-8").replace(
        'segments = ["member"]', 'segments = ["member", "senior"]'
    ) + (
        '\n[[discounts]]\nid = "senior"\nname = "シニア割2万円引き"\namount = 20000\n'
        'offers = ["hifu-6"]\nsegments = ["senior"]\nstacks = true\n'
    )
    catalog = parse_catalog(text, format="toml")
    # A senior has no set price of their own: the list 510,000 less 20,000 = 490,000.
    senior = contract_for_offer(
        catalog, "hifu-6", received=MAY, new_patient=False, segment="senior"
    )
    assert (senior.total, senior.segment) == (490_000, None)
    # A member who is a senior: the member price 480,000, less 20,000 = 460,000, named by
    # the segment whose price made it, however they are ordered.
    for both in (["senior", "member"], ("member", "senior")):
        contract = contract_for_offer(
            catalog, "hifu-6", received=MAY, new_patient=False, segment=both
        )
        assert (contract.total, contract.segment) == (460_000, "member")
        assert [d.id for d in contract.discounts] == ["senior"]


def test_a_whole_bill_discount_reads_the_course_value() -> None:
    summer = date(2026, 7, 1)
    # The set's own 270,000 is below the welcome discount's min_amount of 300,000, but a
    # min_amount reads the course at single prices, as a quote does: 3 x 100,000 = 300,000,
    # met. 270,000 - 5,000 = 265,000.
    contract = contract_for_offer(CAMPAIGN, "hifu-3-summer", received=summer, new_patient=True)
    assert (contract.total, [d.id for d in contract.discounts]) == (265_000, ["welcome"])
    returning = contract_for_offer(CAMPAIGN, "hifu-3-summer", received=summer, new_patient=False)
    assert (returning.total, returning.discounts) == (270_000, ())


def test_a_monthly_plan_takes_per_unit_discounts_only() -> None:
    contract = contract_for_offer(CAMPAIGN, "hifu-monthly", received=MAY, birth_month=5)
    # Each month's 88,000 less 10%: 79,200; 6 months: 475,200. The new patient's whole-bill
    # 5,000 off is not taken: which monthly invoice it would come off is not a catalog's rule.
    assert contract.monthly is not None
    assert (contract.monthly.monthly_fee, contract.total) == (79_200, 475_200)
    assert [d.id for d in contract.discounts] == ["birthday"]
    listed = contract_for_offer(CAMPAIGN, "hifu-monthly", received=MAY)
    assert (listed.total, listed.discounts) == (528_000, ())


def test_a_tax_excluded_campaign_is_taxed_once_after_it() -> None:
    text = CAMPAIGN_PATH.read_text(encoding="utf-8").replace(
        "prices_include_tax = true", "prices_include_tax = false"
    )
    shop = parse_catalog(text, format="toml")
    contract = contract_for_offer(shop, "hifu-6", received=APRIL, new_patient=True)
    # (510,000 - 60,000 - 5,000) = 445,000 before tax; + 10% = 489,500.
    assert (contract.total, contract.tax) == (489_500, 44_500)


def test_an_offer_off_sale_on_the_day_is_refused() -> None:
    with pytest.raises(ContractError, match="not on sale on 2026-04-10") as caught:
        contract_for_offer(CAMPAIGN, "hifu-3-summer", received=APRIL)
    assert "from 2026-07-01 until 2026-08-31" in str(caught.value)
    assert "price=" in caught.value.hint
    assert [name for name, _ in caught.value.fields] == ["received"]
    with pytest.raises(ContractError, match="sold out") as sold:
        contract_for_offer(CAMPAIGN, "hifu-trial", received=APRIL, sold_out=["hifu-trial"])
    assert [name for name, _ in sold.value.fields] == ["sold_out"]
    # The price agreed is the caller's word: taken as it is, with no window and no discount.
    agreed = contract_for_offer(CAMPAIGN, "hifu-3-summer", received=APRIL, price=250_000)
    assert (agreed.total, agreed.discounts) == (250_000, ())
    assert contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, price=500_000).discounts == ()


def test_an_intro_price_on_the_day() -> None:
    contract = contract_for_offer(CAMPAIGN, "hifu-trial", received=APRIL, new_patient=True)
    # One session's single price, 100,000, is below the welcome discount's min_amount of
    # 300,000: the first-time price as it is.
    assert (contract.total, contract.sessions, contract.discounts) == (39_800, 1, ())


def test_a_first_time_price_is_for_the_patient_it_is_for() -> None:
    # The quote offers no first-time price to a returning patient; nor does the contract.
    with pytest.raises(ContractError, match="first-time price for new patients only") as caught:
        contract_for_offer(CAMPAIGN, "hifu-trial", received=APRIL, new_patient=False)
    assert "price=" in caught.value.hint
    assert "new_patient=True" in caught.value.hint
    # The price the patient agreed is the caller's word, whoever they are.
    agreed = contract_for_offer(
        CAMPAIGN, "hifu-trial", received=APRIL, new_patient=False, price=39_800
    )
    assert agreed.total == 39_800
    # Not told: asked, never assumed.
    with pytest.raises(ContractError, match="'hifu-trial' is a first-time price") as asked:
        contract_for_offer(CAMPAIGN, "hifu-trial", received=APRIL)
    assert [name for name, _ in asked.value.fields] == ["new_patient"]


def test_whether_the_patient_is_new_is_asked_where_it_decides_the_price() -> None:
    # A new patient pays 445,000 (welcome taken), a returning one 450,000: not assumed.
    with pytest.raises(ContractError, match="discount 'welcome' is for new patients") as caught:
        contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL)
    assert "new_patient=True or new_patient=False" in caught.value.hint
    assert [name for name, _ in caught.value.fields] == ["new_patient"]
    # Where it decides nothing it is not asked: a plan takes no whole-bill discount.
    plan = contract_for_offer(CAMPAIGN, "hifu-monthly", received=APRIL)
    assert plan.total == 528_000  # 6 x 88,000
    # Nor with a price given: no discount comes off it.
    assert contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, price=500_000).total == 500_000


def test_a_wrong_segment_or_sold_out_id_is_refused_whatever_the_price() -> None:
    with pytest.raises(ContractError, match="unknown segment 'vip'") as caught:
        contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, price=400_000, segment="vip")
    assert [name for name, _ in caught.value.fields] == ["segment"]
    with pytest.raises(UnknownIdError, match="'nope'"):
        contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, price=400_000, sold_out=["nope"])


# c1 of the review: tax excluded, a member price, a 10% spring campaign on the set and the
# plan, a stacking 5% whole-bill discount from 550,000, a reduced-rate supplement.
SHOP = parse_catalog(
    """schema_version = 2
[clinic]
name = "テスト"
prices_include_tax = false
segments = ["member"]
[[treatments]]
id = "hifu"
name = "HIFU"
price = 100000
contract_rules = "cosmetic_medicine"
[[offers]]
kind = "bundle"
id = "hifu-6"
treatment = "hifu"
sessions = 6
price = 500000
segment_prices = { member = 450000 }
[[offers]]
kind = "subscription"
id = "hifu-monthly"
treatment = "hifu"
monthly_fee = 80000
min_months = 6
sessions_per_month = 1
[[discounts]]
id = "spring"
name = "春キャンペーン"
percent = 10
offers = ["hifu-6", "hifu-monthly"]
valid_from = 2026-04-01
valid_until = 2026-04-30
[[discounts]]
id = "bill"
name = "お会計5%オフ"
percent = 5
min_amount = 550000
stacks = true
[[goods]]
id = "sup"
name = "サプリ"
price = 3000
tax = "reduced"
kind = "food"
segment_prices = { member = 2000 }
""",
    format="toml",
)

# A package with a first-time price, and a discount from 5 sessions (p1 of the review).
BODY = parse_catalog(
    """schema_version = 2
[clinic]
name = "テスト"
[[treatments]]
id = "a"
name = "A治療"
price = 60000
contract_rules = "cosmetic_medicine"
[[treatments]]
id = "b"
name = "B治療"
price = 40000
contract_rules = "cosmetic_medicine"
[[offers]]
kind = "package"
id = "body"
name = "ボディコース"
contents = [{ treatment = "a", sessions = 2 }, { treatment = "b", sessions = 4 }]
price = 250000
intro_price = 200000
[[discounts]]
id = "many"
name = "5回以上割"
amount = 10000
min_sessions = 5
""",
    format="toml",
)


def test_a_min_amount_reads_the_course_value_not_the_set_price() -> None:
    # The set's 500,000 is below 550,000, the course at single prices 6 x 100,000 = 600,000
    # is not: 500,000 - 10% = 450,000; - 5% (22,500) = 427,500; + 10% tax = 470,250.
    contract = contract_for_offer(SHOP, "hifu-6", received=APRIL, new_patient=False)
    assert (contract.total, contract.tax) == (470_250, 42_750)
    assert [d.id for d in contract.discounts] == ["spring", "bill"]


def test_a_members_goods_are_at_the_member_price() -> None:
    contract = contract_for_offer(
        SHOP, "hifu-6", received=APRIL, segment="member", goods={"sup": 2}, new_patient=False
    )
    # 2 x 2,000 (the member price, not 3,000) = 4,000, on the set's one bill: the whole-bill
    # 5 % (met: 600,000 + 4,000) comes off them too, 3,800; + 8% = 4,104, tax 304, as the
    # quote's 8 % line.
    assert (contract.goods, contract.goods_tax) == (4_104, 304)


def test_a_min_amount_over_a_dosed_treatment_asks_for_the_price() -> None:
    dosed = parse_catalog(
        """schema_version = 2
[clinic]
name = "テスト"
[[treatments]]
id = "exo"
name = "エクソソーム"
doses = [{ id = "2cc", amount = 2, price = 30000 }]
[[offers]]
kind = "bundle"
id = "exo-5"
treatment = "exo"
sessions = 5
price = 120000
[[discounts]]
id = "big"
name = "10万円以上"
amount = 1000
min_amount = 100000
[[goods]]
id = "serum"
name = "美容液"
price = { min = 1000, max = 2000 }
tax = "standard"
""",
        format="toml",
    )
    # The course's value at single prices is the dose's, and a contract names no dose.
    with pytest.raises(ContractError, match="sold by the dose") as caught:
        contract_for_offer(dosed, "exo-5", received=APRIL, new_patient=False)
    assert caught.value.hint == "give the price the patient agreed with price="
    assert contract_for_offer(dosed, "exo-5", received=APRIL, price=110_000).total == 110_000
    with pytest.raises(ContractError, match="price of goods 'serum' is a range"):
        contract_for_offer(dosed, "exo-5", received=APRIL, price=1, goods={"serum": 1})


def test_a_packages_first_time_price_is_a_new_patients() -> None:
    new = contract_for_offer(BODY, "body", received=APRIL, new_patient=True)
    # The intro_price 200,000, as the quote's; min_sessions reads the first treatment's
    # sessions (2, as a quote whose main treatment is a): 5回以上割 not met.
    assert (new.total, new.discounts) == (200_000, ())
    two = contract_for_offer(BODY, "body", received=APRIL, new_patient=True, quantity=2)
    # One package at the first-time price, the other at the list price: 200,000 + 250,000;
    # 2 x 2 = 4 sessions of a, still below 5.
    assert two.total == 450_000
    returning = contract_for_offer(BODY, "body", received=APRIL, new_patient=False)
    assert returning.total == 250_000
    with pytest.raises(ContractError, match="'body' has a first-time price"):
        contract_for_offer(BODY, "body", received=APRIL)


@pytest.mark.parametrize(
    ("kwargs", "error", "words"),
    [
        ({"segment": "gold"}, ContractError, "unknown segment 'gold'"),
        ({"segment": 5}, ContractError, "segment must be a segment's id, or several, got 5"),
        ({"segment": ["member", 5]}, ContractError, "segment must be a segment's id"),
        ({"segment": ["member", "gold"]}, ContractError, "unknown segment 'gold'"),
        ({"birth_month": 13}, ContractError, "birth_month must be a month from 1 to 12, got 13"),
        ({"birth_month": True}, ContractError, "birth_month must be a month"),
        ({"new_patient": "yes"}, ContractError, "new_patient must be true or false"),
        ({"sold_out": [1]}, ContractError, "sold_out must be ids"),
        ({"sold_out": 1}, ContractError, "sold_out must be ids"),
        ({"sold_out": ["nope"]}, UnknownIdError, "unknown limited offer or discount 'nope'"),
        ({"sold_out": ["birthday"]}, ContractError, "has no first_n"),
    ],
)
def test_bad_patient_facts_are_refused(
    kwargs: dict[str, object], error: type[Exception], words: str
) -> None:
    with pytest.raises(error, match=words):
        contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, **kwargs)  # type: ignore[arg-type]


def test_the_discounts_are_in_json_only_where_they_made_the_price() -> None:
    campaign = contract_for_offer(CAMPAIGN, "hifu-6", received=APRIL, new_patient=False)
    dumped = campaign.model_dump(mode="json")
    assert dumped["discounts"] == [
        {"id": "spring", "name": "春のキャンペーン6万円オフ", "name_en": "Spring campaign"}
    ]
    assert Contract.model_validate(dumped) == campaign
    report = contract_report(campaign, today=date(2026, 6, 1), used=2)
    assert report.model_dump(mode="json")["discounts"] == dumped["discounts"]
    listed = contract_for_offer(CAMPAIGN, "hifu-6", received=MAY, new_patient=False)
    assert "discounts" not in listed.model_dump(mode="json")
    assert "discounts" not in contract_report(listed, today=MAY).model_dump(mode="json")
    with pytest.raises(FrozenRecordError):
        campaign.discounts[0].name = "x"  # type: ignore[misc]


def test_the_contract_price_is_the_quotes() -> None:
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    def option_total(catalog: object, label: str, **request: object) -> int:
        found = quote(catalog, QuoteRequest(on=APRIL, **request))  # type: ignore[arg-type]
        return next(o for o in found.options if o.label == label).total.min

    # The same offer, day and patient: the quote's total is the contract's.
    cases: list[tuple[object, str, str, dict[str, object], dict[str, object]]] = [
        # 510,000 - 60,000 - 5,000 (new) = 445,000; 450,000 (returning).
        (CAMPAIGN, "hifu-6", "bundle:hifu-6", {"treatment": "hifu", "sessions": 6}, {}),
        # A birth month's 10% on top of neither: the cheaper bill (450,000) wins.
        (
            CAMPAIGN,
            "hifu-6",
            "bundle:hifu-6",
            {"treatment": "hifu", "sessions": 6},
            {"birth_month": 4},
        ),
        # min_amount between the set price (500,000) and the singles' value (600,000).
        (SHOP, "hifu-6", "bundle:hifu-6", {"treatment": "hifu", "sessions": 6}, {}),
        # A plan: each month 88,000, no whole-bill discount: 528,000.
        (
            CAMPAIGN,
            "hifu-monthly",
            "subscription:hifu-monthly",
            {"treatment": "hifu", "sessions": 6},
            {},
        ),
        # A package: 200,000 for a new patient, 250,000 for a returning one.
        (
            BODY,
            "body",
            "package:body",
            {"treatment": "a", "sessions": 2, "with_": ({"treatment": "b", "sessions": 4},)},
            {},
        ),
    ]
    for catalog, offer, label, request, patient in cases:
        for new in (True, False):
            if (offer, new) == ("hifu-monthly", True):
                continue  # a plan's whole-bill discount: below, and docs/contracts.md
            quoted = option_total(catalog, label, new_patient=new, **request, **patient)
            contract = contract_for_offer(
                catalog,  # type: ignore[arg-type]
                offer,
                received=APRIL,
                new_patient=new,
                **patient,  # type: ignore[arg-type]
            )
            assert (offer, new, contract.total) == (offer, new, quoted)

    # Known and documented (docs/contracts.md, "The price on the day"): the quote takes a new
    # patient's whole-bill 5,000 off a plan's course bill (528,000 - 5,000 = 523,000); the
    # contract, billed month by month, does not, DOMAIN.md being silent on which invoice.
    quoted = option_total(
        CAMPAIGN, "subscription:hifu-monthly", new_patient=True, treatment="hifu", sessions=6
    )
    plan = contract_for_offer(CAMPAIGN, "hifu-monthly", received=APRIL, new_patient=True)
    assert (quoted, plan.total) == (523_000, 528_000)


def test_a_price_for_the_first_time_having_a_treatment_asks_the_patients_history() -> None:
    # tests/data/courses.toml: gf-trial is 49,500 for the first time having growth-factor
    # (66,000 a session), for anyone whose history has none of it, as a quote reads it.
    courses = load_catalog(Path(__file__).parent / "data" / "courses.toml")
    day = date(2026, 4, 1)
    never = contract_for_offer(
        courses, "gf-trial", received=day, new_patient=False, history={"growth-factor": 0}
    )
    assert (never.total, never.sessions) == (49_500, 1)
    # A new patient has no history at this clinic: not asked.
    assert contract_for_offer(courses, "gf-trial", received=day, new_patient=True).total == 49_500
    # A returning patient's history is asked, never assumed.
    with pytest.raises(ContractError, match="whether the patient had it decides") as asked:
        contract_for_offer(courses, "gf-trial", received=day, new_patient=False)
    assert [name for name, _ in asked.value.fields] == ["history"]
    assert "history= (0 if never)" in asked.value.hint
    # Had it twice: the first time is past, as the quote leaves the price out.
    with pytest.raises(ContractError, match="history has 2 of it") as had:
        contract_for_offer(
            courses, "gf-trial", received=day, new_patient=False, history={"growth-factor": 2}
        )
    assert "price=" in had.value.hint
    # The quote agrees: the trial is gone for a history of 2, kept for none.
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    request = {"treatment": "growth-factor", "sessions": 1, "new_patient": False, "on": day}
    kept = quote(courses, QuoteRequest.model_validate(request)).best
    gone = quote(courses, QuoteRequest.model_validate({**request, "history": {"growth-factor": 2}}))
    assert kept.total.min == 49_500
    assert gone.best.total.min == 66_000
    with pytest.raises(ContractError, match="history must map treatment ids"):
        contract_for_offer(courses, "gf-trial", received=day, history={"growth-factor": -1})


ONE_BILL_TOML = """schema_version = 2
[clinic]
name = "T"
prices_include_tax = true
[[treatments]]
id = "a"
name = "A"
price = 12000
[[offers]]
kind = "bundle"
id = "a-2"
treatment = "a"
sessions = 2
price = 22007
[[discounts]]
id = "all"
name = "10% off"
percent = 10
[[goods]]
id = "serum"
name = "Serum"
price = 11007
"""
ONE_BILL = parse_catalog(ONE_BILL_TOML, format="toml")


def test_goods_are_on_the_purchases_one_bill_as_in_a_quote() -> None:
    # One bill: 22,007 + 11,007 = 33,014, 10 % off (3,301.4, rounded down: 3,301) = 29,713,
    # tax once: 29,713 x 10/110 = 2,701.18 -> 2,701. The set's own part: 22,007 - 2,200 =
    # 19,807, tax 1,800; the goods add 29,713 - 19,807 = 9,906 and 2,701 - 1,800 = 901.
    day = date(2026, 4, 1)
    contract = contract_for_offer(
        ONE_BILL, "a-2", received=day, goods={"serum": 1}, new_patient=False
    )
    assert (contract.total, contract.tax) == (19_807, 1_800)
    assert (contract.goods, contract.goods_tax) == (9_906, 901)
    # The quote of the same purchase: the same total and tax.
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    request = QuoteRequest(sessions=2, goods={"serum": 1}, new_patient=False, on=day)
    bought = next(o for o in quote(ONE_BILL, request).options if o.label == "bundle:a-2")
    assert bought.total.min == contract.total + contract.goods
    assert sum(t.tax.min for t in bought.tax) == contract.tax + contract.goods_tax
    # Without the discount, tax is still rounded once over both: 33,014 x 10/110 = 3,001.27
    # -> 3,001, where each apart would give 2,000 + 1,000.
    plain = parse_catalog(
        ONE_BILL_TOML.replace('[[discounts]]\nid = "all"\nname = "10% off"\npercent = 10\n', ""),
        format="toml",
    )
    apart = contract_for_offer(plain, "a-2", received=day, goods={"serum": 1}, new_patient=False)
    assert (apart.total, apart.tax, apart.goods, apart.goods_tax) == (22_007, 2_000, 11_007, 1_001)


def test_a_contract_for_a_set_does_not_charge_the_goods_it_includes() -> None:
    # tests/data/gifts.toml: 「3回コース 178,200円（NMNサプリメント1箱プレゼント）」, a box
    # 10,800 at 8 %. The box the set includes is in its price (DOMAIN §4: related goods bought
    # with it count towards the threshold, and this one is not bought).
    gifts = load_catalog(Path(__file__).parent / "data" / "gifts.toml")
    day = date(2026, 12, 1)
    one = contract_for_offer(gifts, "sup-3", received=day, goods={"supp": 1})
    assert (one.total, one.goods, one.goods_tax) == (178_200, 0, 0)
    # Three boxes with one set: two paid, 21,600, tax 21,600 x 8/108 = 1,600.
    three = contract_for_offer(gifts, "sup-3", received=day, goods={"supp": 3})
    assert (three.total, three.goods, three.goods_tax) == (178_200, 21_600, 1_600)
    # Two sets include two boxes: one of three paid, 10,800, tax 800; the 6回 set includes 2.
    two = contract_for_offer(gifts, "sup-3", quantity=2, received=day, goods={"supp": 3})
    assert (two.total, two.goods, two.goods_tax) == (356_400, 10_800, 800)
    six = contract_for_offer(gifts, "sup-6", received=day, goods={"supp": 3})
    assert (six.total, six.goods) == (336_600, 10_800)
    # A bad count is still refused, whatever the set includes.
    with pytest.raises(ContractError):
        contract_for_offer(gifts, "sup-3", received=day, goods={"supp": 0})


def test_min_sessions_reads_a_package_as_a_quote_whose_main_treatment_it_serves() -> None:
    # engine.context.min_sessions_read, the one reading: the first course's sessions. Three
    # body packages give a 3 x 2 = 6 sessions (5回以上割 met: 750,000 - 10,000 = 740,000),
    # as the quote of a 6 sessions with b 12 reads a's 6; one package gives a 2 (not met,
    # 250,000), as the quote of a 2 with b 4.
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    for packages, total in ((1, 250_000), (3, 740_000)):
        contract = contract_for_offer(
            BODY, "body", received=APRIL, new_patient=False, quantity=packages
        )
        request = QuoteRequest.model_validate(
            {
                "treatment": "a",
                "sessions": 2 * packages,
                "with": [{"treatment": "b", "sessions": 4 * packages}],
                "new_patient": False,
                "on": APRIL,
            }
        )
        assert quote(BODY, request).best.total.min == contract.total == total


def test_a_share_above_all_of_the_amount_is_refused_with_how_to_write_a_percentage() -> None:
    # A whole number is a proportion: 10 would be 1,000 % of the outstanding amount, which
    # a caller meaning ten per cent never wants; "10%" and "0.1" are both one tenth.
    with pytest.raises(ContractError, match=r"at most 100%, got 1,000%.*'10%' or '0.1'"):
        ClinicTerms.model_validate({"fee_rate": 10})
    with pytest.raises(ContractError, match=r"got 100\.5%"):
        ClinicTerms.model_validate({"fee_rate": "100.5%"})
    assert ClinicTerms.model_validate({"fee_rate": "10%"}).fee_rate == Fraction(1, 10)
    assert ClinicTerms(fee_rate="1.0").fee_rate == ClinicTerms(fee_rate=Fraction(1)).fee_rate == 1
    assert ClinicTerms(fee_rate="100%").fee_rate == 1
    assert RuleSet(name="own", outstanding_rate="0.2").outstanding_rate == Fraction(1, 5)
    with pytest.raises(ContractError, match="at most 100%"):
        RuleSet(name="own", outstanding_rate=20)


@pytest.mark.parametrize("one", [1, "1", "１", "+1", "01", "001", " 1 ", Decimal(1)])
def test_a_bare_one_is_refused_wherever_a_share_is_read(one: object) -> None:
    # A bare 1 is all of it as a proportion but 1% on the command line (--clinic-fee-rate 1):
    # refused by the one reader of a share, so the function, a clinic's terms and a rule set
    # agree (a rule set read it as 100% until s32), however the 1 is spelled (s31 review 1,
    # s31 second review F1). The hint says how to write both readings.
    fix = r"write one per cent as '1%' or '0\.01', and all of the amount as '100%' or '1\.0'"
    with pytest.raises(ContractError, match=rf"^share 1 is ambiguous: .*; {fix}$") as caught:
        share(one)
    assert (caught.value.code, caught.value.params) == ("contract.share_one", {"name": "share"})
    for record, field in ((ClinicTerms, "fee_rate"), (RuleSet, "outstanding_rate")):
        with pytest.raises(ContractError, match=rf"{field} 1 is ambiguous: .*; {fix}") as caught:
            record.model_validate({"name": "own", field: one})
        assert caught.value.params["problems"] == (
            (field, "contract.share_one", (("name", field),)),
        )


def test_all_of_an_amount_is_a_share_written_as_a_proportion_or_in_percent() -> None:
    # Each spelling of all of it that is no bare 1 reads as all of it, in every reader.
    # A Decimal keeps the places it was written with: Decimal("1.0") is a proportion, as
    # "1.0" is (s32 review R3), where Decimal(1) is refused as a bare 1.
    for whole in ("100%", "1.0", "1.00", " 100.0% ", Fraction(1), Decimal("1.0")):
        assert share(whole) == 1
        assert RuleSet(name="own", outstanding_rate=whole).outstanding_rate == 1
        assert ClinicTerms(fee_rate=whole).fee_rate == 1
    # One per cent, as a proportion or in percent, is no bare 1.
    assert share("1%") == share("0.01") == Fraction(1, 100)
    # The schema a client validates by refuses a bare 1 as the record does.
    schema = ClinicTerms.model_json_schema()["properties"]["fee_rate"]["anyOf"]
    pattern = re.compile(schema[0]["pattern"])
    assert [bool(pattern.match(text)) for text in ("1", "1.0", "100%", "0.01", "1%")] == [
        False,
        True,
        True,
        True,
        True,
    ]
    assert schema[1]["maximum"] == 0


def test_a_settlement_line_takes_an_enrollment_fee_only_as_the_value_of_sessions_given() -> None:
    # The fee counted as given divides only the sessions given's amount (s31 second review
    # F2): on an expired or any other line it would have no wording, so it is refused.
    with pytest.raises(ContractError, match="enrollment_fee belongs to a sessions_given line"):
        SettlementLine(code="expired", amount=1, sessions=1, enrollment_fee=5_500)
    with pytest.raises(ContractError, match="with contract_total"):
        SettlementLine(code="sessions_given", amount=1, sessions=1, enrollment_fee=5_500)
    # 5 x 99,000 / 12 = 41,250: the amount less the fee over the sessions.
    given = SettlementLine(
        code="sessions_given",
        amount=41_250,
        sessions=5,
        price=Fraction(99_000, 12),
        contract_total=99_000,
        contract_sessions=12,
        enrollment_fee=5_500,
    )
    assert given.enrollment_fee == 5_500


def test_a_contract_reads_bought_by_the_quotes_rule() -> None:
    winter = load_catalog(Path(__file__).parent / "data" / "per-patient.toml")
    day = date(2026, 12, 10)
    # One campaign set per patient (135,000 before 10% tax: 148,500), none bought before.
    assert contract_for_offer(winter, "sup-camp", received=day, new_patient=False).total == (
        148_500
    )
    # Bought before: none left, refused as a quote would buy none.
    with pytest.raises(ContractError, match="0 left, not 1") as caught:
        contract_for_offer(winter, "sup-camp", received=day, bought={"sup-camp": 1})
    assert caught.value.hint == "the patient may buy no more of it"
    # Two asked for where one is allowed.
    with pytest.raises(ContractError, match="1 left, not 2") as caught:
        contract_for_offer(winter, "sup-camp", received=day, quantity=2, new_patient=False)
    assert caught.value.hint == "give 1 or fewer with quantity="
    # An offer without a limit is refused with those there are.
    with pytest.raises(ContractError, match="bought names 'sup-6'"):
        contract_for_offer(winter, "sup-6", received=day, bought={"sup-6": 1})
    with pytest.raises(ContractError, match="bought must map offer ids"):
        contract_for_offer(winter, "sup-6", received=day, bought={"sup-camp": -1})
    # A plan enrolled in before pays its first month in full: 3 x 27,500 = 82,500
    # (its first enrollment: 13,750 + 2 x 27,500 = 68,750).
    menu = load_catalog(Path(__file__).parent / "data" / "first-month.toml")
    again = contract_for_offer(menu, "nmn-m", received=day, bought={"nmn-m": 1})
    assert again.total == 82_500
    assert contract_for_offer(menu, "nmn-m", received=day).total == 68_750


def test_a_share_in_percent_reads_as_a_rate_does() -> None:
    # The one grammar of a rate: "1" is 1 %, "0.5" is 0.5 %, "100%" all of it.
    assert (percent_share("1"), percent_share("0.5"), percent_share("100%")) == (
        Fraction(1, 100),
        Fraction(1, 200),
        Fraction(1),
    )
    assert percent_share(Decimal("12.5")) == Fraction(1, 8)
    with pytest.raises(ContractError, match=r"fee_rate 100.5% is more than the whole amount") as e:
        percent_share("100.5")
    assert (e.value.code, e.value.params) == (
        "contract.percent_share",
        {"arg": "fee_rate", "got": "100.5"},
    )
    with pytest.raises(ContractError, match="is not a percentage in digits"):
        percent_share("1e1", "--clinic-fee-rate")


def test_an_apr_above_the_interest_limit_tier_of_its_amount_is_noted_not_refused() -> None:
    # DOMAIN §11: 利息制限法 caps a loan at 20% under 100,000, 18% to under 1,000,000 and 15%
    # from 1,000,000; whether they bind shopping credit is unconfirmed, so the schedule is
    # made and noted (s31 F6). 19.5% on 1,500,000: above the 15% of its tier.
    loan = instalments(1_500_000, 12, apr_percent="19.5")
    assert loan.notes == (
        ScheduleNote(
            code="interest_limit_tier",
            apr=Decimal("19.5"),
            limit=15,
            amount=1_500_000,
            tier_from=1_000_000,
        ),
    )
    assert instalment_report(loan).notes == loan.notes
    # The tiers' edges: 15% on 1,000,000 and 18% on 999,999 are within; 18.0001% on 100,000
    # is above its 18%; nothing under 100,000 can be, the 20% cap being the 出資法 ceiling.
    assert instalments(1_000_000, 12, apr_percent="15").notes == ()
    assert instalments(999_999, 12, apr_percent="18").notes == ()
    (tier,) = instalments(100_000, 12, apr_percent="18.0001").notes
    assert (tier.limit, tier.tier_from, tier.tier_below) == (18, 100_000, 1_000_000)
    assert instalments(99_999, 12, apr_percent="20").notes == ()
    # An add-on rate by its equivalent APR: 10.5% over 12 is 18.85% a year, above 18%.
    (addon,) = instalments(150_000, 12, addon_rate_percent="10.5").notes
    assert (addon.apr, addon.limit) == (Decimal("18.85"), 18)
    assert instalments(150_000, 12, addon_rate_percent="10").notes == ()  # 17.97%
    # Left out of JSON where there is none, so a schedule reads back as it always did.
    quiet = instalment_report(instalments(100_000, 10, addon_rate_percent="7.5"))
    assert "notes" not in quiet.model_dump(mode="json")
    assert "notes" not in instalments(100_000, 10, apr_percent="15").model_dump(mode="json")
    assert instalment_report(loan).model_dump(mode="json")["notes"][0]["limit"] == 15
    assert [limit for _, limit in INTEREST_LIMIT_TIERS] == [20, 18, 15]


def test_where_no_first_payment_levels_the_rest_the_schedule_says_why() -> None:
    # 12,321 over 68 at 9.4%: level 234 (to the yen). A first of 229 (5 below) leaves the last
    # 233; a first of 228 leaves it 238, 4 above, and its balance owes only 1 yen of interest
    # (floor(237 x 9.4% / 12) = 1), so 4 less cannot come off it. Rounding each month's
    # interest down leaves no first payment that makes every later one 234: the last is 233,
    # and the note says so (s31 F8).
    schedule = level_payments(12_321, 68, "9.4")
    assert schedule.amounts[0] == 229
    assert schedule.amounts[1:-1] == (234,) * 66
    assert (schedule.amounts[-1], schedule.payments[-1].interest) == (233, 1)
    assert schedule.notes == (ScheduleNote(code="last_below_level", level=234, last=233),)


_TERMS_TOML = """
schema_version = 2

[clinic]
name = "A"
prices_include_tax = true

[[treatments]]
id = "free"
name = "初月無料の点滴"
price = 100000

[[treatments]]
id = "fee"
name = "入会金のある点滴"
price = 100000

[[treatments]]
id = "both"
name = "入会金と初月価格のある点滴"
price = 100000

[[offers]]
kind = "subscription"
id = "free-m"
treatment = "free"
monthly_fee = 39600
sessions_per_month = 1
min_months = 3
first_month = { price = 0 }

[[offers]]
kind = "subscription"
id = "fee-m"
treatment = "fee"
monthly_fee = 27500
sessions_per_month = 1
min_months = 6
enrollment_fee = 11000

[[offers]]
kind = "subscription"
id = "both-m"
treatment = "both"
monthly_fee = 33000
sessions_per_month = 1
min_months = 4
enrollment_fee = 5500
first_month = { price = 16500, months = 2 }
"""


@pytest.mark.parametrize(
    ("plan", "months", "cost"),
    [
        ("free", 3, 79_200),  # 0 for the free first month + 2 x 39,600
        ("fee", 6, 176_000),  # 11,000 enrollment + 6 x 27,500 = 11,000 + 165,000
        ("both", 4, 104_500),  # 5,500 + 2 x 16,500 + 2 x 33,000 = 5,500 + 33,000 + 66,000
    ],
)
def test_the_price_list_the_contract_and_the_quote_agree_on_a_minimum_term(
    plan: str, months: int, cost: int
) -> None:
    # One rule of what a plan's minimum term costs (catalog.plan_cost): the price list's
    # 「最低契約期間の費用」, a contract for the minimum term and its committed amount, and
    # the quote of a session a month over those months are the same hand-worked amount.
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest
    from supecost.report.model import price_list

    catalog = parse_catalog(_TERMS_TOML, format="toml")
    listed = price_list(catalog, on=APRIL)
    entry = next(t for t in listed.treatments if t.id == plan).subscriptions[0]
    assert (entry.min_months, entry.min_term_cost) == (months, YenRange.exact(cost))
    contract = contract_for_offer(catalog, f"{plan}-m", received=APRIL, new_patient=False)
    assert contract.monthly is not None
    assert contract.total == contract.monthly.committed == contract.monthly.min_term_cost == cost
    request = QuoteRequest(
        treatment=plan, sessions=months, months=months, new_patient=False, on=APRIL
    )
    best = quote(catalog, request).best
    assert (best.label, best.total) == (f"subscription:{plan}-m", YenRange.exact(cost))
    # A longer contract still names the minimum term's cost, and commits the months beyond
    # it at the monthly fee.
    longer = contract_for_offer(
        catalog, f"{plan}-m", received=APRIL, months=months + 2, new_patient=False
    )
    assert longer.monthly is not None
    assert longer.monthly.min_term_cost == cost
    assert longer.total == cost + 2 * longer.monthly.monthly_fee


_LEAVING_TOML = (Path(__file__).parent / "data" / "leaving.toml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("fee", "kept", "codes"),
    [
        # Left after 4 months: 11,000 + 4 x 33,000 + 11,000 = 154,000 (audit35 F2, menu B).
        (11_000, 154_000, ["enrollment_fee", "months_begun", "early_termination"]),
        # 解約金 99,000: 143,000 + 99,000 = 242,000 > the term 11,000 + 6 x 33,000 = 209,000.
        (99_000, 209_000, ["enrollment_fee", "min_term"]),
    ],
)
def test_a_contract_and_a_quote_agree_on_a_plan_left_before_its_term(
    fee: int, kept: int, codes: list[str]
) -> None:
    # One rule (catalog.plan_held): the contract's catalog terms on cancelling in the 4th
    # month, and the quote's plan way for 4 sessions over 4 months, keep the same amount.
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    catalog = parse_catalog(
        _LEAVING_TOML.replace("termination_fee = 11000", f"termination_fee = {fee}"), format="toml"
    )
    contract = contract_for_offer(catalog, "sup-monthly", received=date(2026, 12, 1))
    # No statutory rules: the catalog's terms are the limit, line by line.
    result = settle(contract, on=date(2027, 3, 20), used=4)
    assert (result.basis, result.keep_max) == ("catalog_terms", kept)
    assert [line.code.value for line in result.lines] == codes
    request = QuoteRequest(sessions=4, months=4, on=date(2026, 12, 1))
    plan = next(o for o in quote(catalog, request).options if o.label == "subscription:sup-monthly")
    assert plan.total == YenRange.exact(kept)


def test_a_ranged_fee_quoted_at_each_end_keeps_what_that_ends_contract_keeps() -> None:
    # fixplan35: the quote read a ranged 解約金 at its low end alone. Left after 4 months at
    # 5,500 | 11,000: 11,000 + 4 x 33,000 + 5,500 = 148,500 | 154,000, both below the term
    # (209,000); a contract at either end's fee keeps the same amount (catalog.plan_held).
    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    def menu(fee: str) -> Catalog:
        text = _LEAVING_TOML.replace("termination_fee = 11000", f"termination_fee = {fee}")
        return parse_catalog(text, format="toml")

    request = QuoteRequest(sessions=4, months=4, on=date(2026, 12, 1))
    ranged = quote(menu("{ min = 5500, max = 11000 }"), request)
    plan = next(o for o in ranged.options if o.label == "subscription:sup-monthly")
    kept = []
    for end in ("5500", "11000"):
        contract = contract_for_offer(menu(end), "sup-monthly", received=date(2026, 12, 1))
        kept.append(settle(contract, on=date(2027, 3, 20), used=4).keep_max)
    assert kept == [148_500, 154_000]
    assert (plan.total.min, plan.total.max) == (148_500, 154_000)


def test_a_contract_at_a_named_segments_price_names_it_by_the_catalogs_words() -> None:
    from supecost.present import contract_table

    named = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\n'
        'segments = [{ id = "gold", name = "ゴールド会員", name_en = "Gold member" }]\n'
        '[[treatments]]\nid = "iv"\nname = "点滴"\nprice = 30000\n'
        'contract_rules = "cosmetic_medicine"\n'
        '[[offers]]\nkind = "bundle"\nid = "iv-5"\ntreatment = "iv"\nsessions = 5\n'
        "price = 140000\nsegment_prices = { gold = 120000 }\n",
        format="toml",
    )
    # The gold price of the set, 120,000 (tax included), made the contract's price.
    contract = contract_for_offer(named, "iv-5", received=APRIL, segment="gold")
    assert contract.total == 120_000
    assert (contract.segment, contract.segment_name, contract.segment_name_en) == (
        "gold",
        "ゴールド会員",
        "Gold member",
    )
    report = contract_report(contract, today=APRIL)
    assert "価格の内訳: ゴールド会員価格" in contract_table(report)
    assert "Gold member price" in contract_table(report, locale="en_US")
    # A segment without words names none, and a list price leaves the fields out of JSON.
    plain = contract_for_offer(SHOP, "hifu-6", received=MAY, segment="member")
    assert plain.segment_name is None
    listed = contract_for_offer(named, "iv-5", received=APRIL).model_dump(mode="json")
    assert "segment_name" not in listed


def test_a_clinic_s_instalment_term_prices_as_instalments_does() -> None:
    # F12: 医療ローン 24回・実質年率6.9%, as a catalog writes it, on ¥159,500.
    # Month 1's interest 159,500 x 6.9% / 12 = 917.1 -> 917; the annuity is 7,133.998, so
    # the level payment is 7,133; 24 x 7,133 = 171,192, the remainder 12 on payment 1:
    # 7,145, and the total 171,204.
    term = InstalmentTerm(name="医療ローン", max_count=24, apr="6.9")
    schedule = instalments(
        159_500,
        term.max_count,
        apr_percent=term.apr,
        addon_rate_percent=term.addon_rate,
        round_unit=term.round_unit,
        remainder=term.remainder,
    )
    assert schedule.amounts[:2] == (7_145, 7_133)
    assert set(schedule.amounts[1:]) == {7_133}
    assert schedule.total == 171_204


def test_a_shared_set_is_one_prepaid_contract_settled_as_a_set() -> None:
    # 「点滴・点鼻 共通5回券」 132,000 (tax 132,000 x 10/110 = 12,000 inside): one set line of 5
    # sessions, whichever treatment each is used on, settled exactly as the same set of one
    # treatment (5 sessions, 132,000, 6 months) under each contract rule.
    def catalog(offer: dict[str, object], rules: str) -> Catalog:
        return validate_catalog(
            {
                "schema_version": 2,
                "clinic": {"name": "C"},
                "treatments": [
                    {"id": "drip", "name": "点滴", "price": 33_000, "contract_rules": rules},
                    {"id": "nasal", "name": "点鼻", "price": 30_000, "contract_rules": rules},
                ],
                "offers": [
                    {"id": "five", "sessions": 5, "price": 132_000, "valid_months": 6, **offer}
                ],
            }
        )

    shared = {"kind": "shared", "treatments": ["drip", "nasal"]}
    single = {"kind": "bundle", "treatment": "drip"}
    for rules in ("none", "cosmetic_medicine"):
        contract = contract_for_offer(catalog(shared, rules), "five", received=RECEIVED)
        [line] = contract.lines
        assert (line.kind, line.sessions, line.amount) == ("bundle", 5, 132_000)
        assert (contract.total, contract.tax, contract.period_months) == (132_000, 12_000, 6)
        alike = contract_for_offer(catalog(single, rules), "five", received=RECEIVED)
        for used in (0, 2, 5):
            on = date(2024, 6, 1)
            assert settle(contract, on=on, used=used) == settle(alike, on=on, used=used)


def test_an_upgraded_contract_is_the_bigger_set_s_with_the_credit_paid() -> None:
    # docs/catalog.md "Upgrading a set held": supecost's reading (DOMAIN §4 is silent). The
    # 6回コース upgraded from a 3回コース with 2 left is a contract of 336,600 (217,800 paid
    # plus the 118,800 credit, settle's default paid: the whole amount). Cancelled after 3
    # sessions: 3 x 56,100 = 168,300 given, and 20 % of the 168,300 outstanding, 33,660,
    # below the 50,000 cap, kept: 336,600 - 201,960 = 134,640 refunded.
    menu = load_catalog(Path(__file__).parent / "data" / "upgrade.toml")
    contract = contract_for_offer(
        menu,
        "sup-6",
        received=date(2026, 12, 1),
        new_patient=False,
        rules=ContractRules.COSMETIC_MEDICINE,
    )
    assert contract.total == 336600
    settled = settle(contract, on=date(2027, 1, 15), used=3)
    assert [(part.code.value, part.amount) for part in settled.lines] == [
        ("sessions_given", 168300),
        ("allowance", 33660),
    ]
    assert settled.refund_min == 134640
    # Paid in cash only (the credit left out), the same contract refunds 118,800 less.
    assert settle(contract, on=date(2027, 1, 15), used=3, paid=217800).refund_min == 15840
