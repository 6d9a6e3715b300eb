"""The terms of an instalment loan: one owner of their checks, for catalogs and contracts."""

from decimal import Decimal
from fractions import Fraction

import pytest

from supecost.errors import ContractError
from supecost.rates import (
    MAX_APR_PERCENT,
    ROUND_UNITS,
    addon_apr_percent,
    annuity,
    check_terms_apr,
    checked_terms,
    percent_rate,
)


def test_a_rate_is_read_in_percent() -> None:
    # "6.9" is 6.9 % = 69/1000; "0.1%" is 0.1 % = 1/1000.
    assert percent_rate("6.9", "apr") == Fraction(69, 1000)
    assert percent_rate("0.1%", "apr") == Fraction(1, 1000)


def test_the_apr_ceiling_is_20_percent_for_an_apr_and_an_add_on_equivalent() -> None:
    assert MAX_APR_PERCENT == 20
    assert check_terms_apr(24, "20", None) == Decimal(20)
    with pytest.raises(ContractError) as raised:
        check_terms_apr(24, "20.01", None)
    assert raised.value.code == "contract.apr"
    # 7.5 % add-on over 10 instalments: APR 16.04 %, within the ceiling.
    assert check_terms_apr(10, None, "7.5") == Decimal("16.04")
    assert addon_apr_percent(10, "7.5") == Decimal("16.04")


def test_a_term_s_count_unit_and_remainder_are_checked() -> None:
    assert ROUND_UNITS == (1, 10, 100)
    checked_terms(1, 600, 100, "last")
    with pytest.raises(ContractError) as raised:
        checked_terms(1, 24, 5, "first")
    assert (raised.value.code, dict(raised.value.params)) == ("contract.round_unit", {"got": "5"})
    with pytest.raises(ContractError, match="first or the last"):
        checked_terms(1, 24, 1, "middle")


def test_the_annuity_of_a_zero_rate_is_an_even_share() -> None:
    # 0 % over 4: a quarter a month; 1 % a month over 1: the principal and its 1 %.
    assert annuity(Fraction(0), 4) == Fraction(1, 4)
    assert annuity(Fraction(1, 100), 1) == Fraction(101, 100)
