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
    inexact_rate,
    percent_rate,
)
from supecost.report.errtext import error_words


def test_a_rate_is_read_in_percent() -> None:
    # "6.9" is 6.9 % = 69/1000; "0.1%" is 0.1 % = 1/1000.
    assert percent_rate("6.9", "apr") == Fraction(69, 1000)
    assert percent_rate("0.1%", "apr") == Fraction(1, 1000)


def test_a_float_rate_is_refused_with_the_same_advice_in_each_language() -> None:
    # 6.9 as a float is not exact (6.9000000000000003552...): the value itself as text.
    with pytest.raises(ContractError) as raised:
        percent_rate(6.9, "addon_rate_percent")
    assert str(raised.value) == (
        "addon_rate_percent 6.9 is a number with a decimal point, which is not exact; "
        "write it as text, such as '6.9' for 6.9%"
    )
    assert error_words(raised.value, "ja_JP") == (
        "addon_rate_percent の 6.9 は小数点付きの数値で、正確な値ではありません",
        "6.9% なら '6.9' のように文字列で書いてください",
    )
    # A float the grammar cannot write back (an exponent) is shown the grammar's example.
    assert inexact_rate("apr", 1e-05).hint == "write it as text, such as '7.5' for 7.5%"
    assert inexact_rate("apr", 1e-05).fields == (
        ("apr", "apr 1e-05 is a number with a decimal point, which is not exact"),
    )


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
    assert (raised.value.code, dict(raised.value.params)) == (
        "contract.round_unit",
        {"arg": "round_unit", "got": "5"},
    )
    # The advice names the field as Python and a catalog write it, the same in both languages.
    assert raised.value.hint == "set round_unit to 1, 10 or 100"
    assert error_words(raised.value, "ja_JP") == (
        "丸め単位は 1・10・100 円のどれかです（指定値 5）",
        "round_unit を 1、10、100 のどれかにしてください",
    )
    with pytest.raises(ContractError, match="first or the last"):
        checked_terms(1, 24, 1, "middle")


def test_the_annuity_of_a_zero_rate_is_an_even_share() -> None:
    # 0 % over 4: a quarter a month; 1 % a month over 1: the principal and its 1 %.
    assert annuity(Fraction(0), 4) == Fraction(1, 4)
    assert annuity(Fraction(1, 100), 1) == Fraction(101, 100)
