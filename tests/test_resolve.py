"""The engine's reading of schema 2: doses, units, options, segments, sales windows, scoped fees.

Every total is worked by hand from the catalog below (the arithmetic in a
comment); the independent oracle checks the same constructs on generated
catalogs in tests/test_oracle.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from supecost import (
    Catalog,
    LineKind,
    QuoteRequest,
    RequestError,
    Scenario,
    SupecostError,
    UnknownIdError,
    WithEntry,
    YenRange,
    best_total,
    load_catalog,
    parse_catalog,
    quote,
)
from supecost.catalog import Bundle
from supecost.engine.resolve import flat_catalog, joinable, matches, request_refs
from supecost.strategies import catalogs, catalogs_and_requests

CATALOG = load_catalog(Path(__file__).parent / "data" / "schema2.toml")
ON_SALE = date(2026, 6, 1)
AFTER_SALE = date(2027, 1, 1)


def totals(request: QuoteRequest, catalog: Catalog = CATALOG) -> dict[str, int]:
    return {option.label: option.total.min for option in quote(catalog, request).options}


def test_a_dose_is_priced_with_its_own_offers() -> None:
    request = QuoteRequest(treatment="exo-iv:2cc", sessions=5, on=ON_SALE)
    assert totals(request) == {
        "bundle:exo-2cc-5": 330_000,  # the 2cc set of 5
        "intro": 363_000,  # 55,000 first time + 4 x 77,000
        "singles": 385_000,  # 5 x 77,000
    }
    # The 1cc dose has neither the 2cc intro nor the 2cc set: 5 x 44,000.
    assert totals(request.model_copy(update={"treatment": "exo-iv:1cc"})) == {"singles": 220_000}


def test_an_offer_off_sale_is_not_used() -> None:
    # The set sells 2026-04-01 to 2026-12-31, both days included.
    request = QuoteRequest(treatment="exo-iv:2cc", sessions=5, on=AFTER_SALE)
    assert totals(request) == {"intro": 363_000, "singles": 385_000}
    last_day = request.model_copy(update={"on": date(2026, 12, 31)})
    assert "bundle:exo-2cc-5" in totals(last_day)
    day_before = request.model_copy(update={"on": date(2026, 3, 31)})
    assert "bundle:exo-2cc-5" not in totals(day_before)


def test_segment_prices_replace_the_regular_ones_where_given() -> None:
    request = QuoteRequest(treatment="exo-iv:2cc", sessions=5, on=ON_SALE, segment="member")
    assert totals(request) == {
        "bundle:exo-2cc-5": 330_000,  # no member price: the regular set price
        "intro": 335_000,  # 55,000 + 4 x 70,000 (member single)
        "singles": 350_000,  # 5 x 70,000
    }
    assert totals(QuoteRequest(treatment="exo-inj", sessions=2, segment="member")) == {
        "singles": 148_500  # 2 x 74,250
    }


def test_further_units_of_a_visit_cost_the_extra_unit_price() -> None:
    result = quote(CATALOG, QuoteRequest(treatment="placenta", sessions=4, units=3))
    # 4 visits x (1,500 for the first ampoule + 2 x 1,000 for the others) = 14,000
    assert result.best.total.min == 14_000
    extra = next(line for line in result.best.lines if line.kind is LineKind.EXTRA_UNIT)
    assert (extra.quantity, extra.unit_price.min, extra.amount.min) == (8, 1_000, 8_000)


def test_further_units_are_paid_at_their_visits() -> None:
    result = quote(CATALOG, QuoteRequest(treatment="placenta", sessions=4, months=2, units=3))
    # Two visits a month, each 1,500 + 2 x 1,000 = 3,500: 7,000 in each month.
    assert [(p.month, p.amount.min) for p in result.best.payments] == [(0, 7_000), (1, 7_000)]


def test_with_entries_carry_their_units() -> None:
    request = QuoteRequest(
        treatment="electroporation",
        sessions=2,
        with_=("upgrade-exo", WithEntry(treatment="placenta", units=2)),
    )
    # 2 visits x (22,000 + 11,000 option + 1,500 + 1,000 second ampoule) = 71,000
    assert best_total(CATALOG, request) == 71_000


def test_a_scoped_fee_is_charged_only_with_what_it_applies_to() -> None:
    # The G6PD test (4,400, once, new patients only) applies to the 20g dose alone.
    assert best_total(CATALOG, QuoteRequest(treatment="vitc:20g", sessions=2)) == 37_400
    # 2 x 16,500 + 4,400 = 37,400; a returning patient pays no G6PD test: 33,000
    returning = QuoteRequest(treatment="vitc:20g", sessions=2, new_patient=False)
    assert best_total(CATALOG, returning) == 33_000
    # The 10g dose: 2 x 11,000, no fee.
    assert best_total(CATALOG, QuoteRequest(treatment="vitc:10g", sessions=2)) == 22_000


_WAIVED_CONSULT = """
[[fees]]
id = "consult"
name = "診察料"
name_en = "Consultation"
price = 3300
charged = "every_visit"
waived_when_treated = true
"""


def test_a_fee_waived_when_treated_is_never_charged_in_a_course() -> None:
    text = (Path(__file__).parent / "data" / "schema2.toml").read_text(encoding="utf-8")
    waived = parse_catalog(text + _WAIVED_CONSULT, format="toml")
    request = QuoteRequest(treatment="vitc:20g", sessions=2, on=ON_SALE)
    # Every visit of a course has a treatment, so the consultation is never charged:
    # 2 x 16,500 + the G6PD test 4,400 = 37,400, as without it.
    assert best_total(waived, request) == 37_400
    lines = {line.item for option in quote(waived, request).options for line in option.lines}
    assert "consult" not in lines
    assert "g6pd" in lines
    # Without the waiver it is charged at both visits: 37,400 + 2 x 3,300 = 44,000.
    charged = parse_catalog(
        text + _WAIVED_CONSULT.replace("waived_when_treated = true\n", ""), format="toml"
    )
    assert best_total(charged, request) == 44_000


def test_an_optional_fee_is_charged_only_when_the_request_chooses_it() -> None:
    vitc = QuoteRequest(treatment="vitc:10g", sessions=5, on=ON_SALE)
    # Nothing chosen: 5 x 11,000 = 55,000, no optional fee.
    assert best_total(CATALOG, vitc) == 55_000
    # A home visit in the 23 wards, charged at every visit: 55,000 + 5 x 5,500 = 82,500
    near = QuoteRequest(treatment="vitc:10g", sessions=5, on=ON_SALE, fees=["travel-23ku"])
    assert best_total(CATALOG, near) == 82_500
    # Outside them, and the allergy test once: 55,000 + 5 x 11,000 + 6,600 = 116,600
    far = QuoteRequest(
        treatment="vitc:10g", sessions=5, on=ON_SALE, fees=["travel-outside", "allergy-test"]
    )
    assert best_total(CATALOG, far) == 116_600
    lines = [(line.item, line.quantity, line.amount.min) for line in quote(CATALOG, far).best.lines]
    assert ("travel-outside", 5, 55_000) in lines
    assert ("allergy-test", 1, 6_600) in lines
    assert "travel-23ku" not in {item for item, _, _ in lines}


def test_a_chosen_fee_keeps_its_other_rules() -> None:
    # The 20g dose brings the G6PD test (new patients only); the travel fee is chosen.
    # New: 2 x 16,500 + 4,400 + 2 x 5,500 = 48,400; returning: no G6PD test, 44,000.
    new = QuoteRequest(treatment="vitc:20g", sessions=2, fees=["travel-23ku"])
    assert best_total(CATALOG, new) == 48_400
    returning = new.model_copy(update={"new_patient": False})
    assert best_total(CATALOG, returning) == 44_000


def test_a_chosen_travel_fee_is_paid_at_each_visit() -> None:
    request = QuoteRequest(
        treatment="vitc:10g", sessions=4, months=2, on=ON_SALE, fees=["travel-23ku"]
    )
    # Two visits a month, each 11,000 + 5,500 = 16,500: 33,000 in each month.
    payments = quote(CATALOG, request).best.payments
    assert [(p.month, p.amount.min) for p in payments] == [(0, 33_000), (1, 33_000)]


def test_the_chosen_fees_are_part_of_the_flat_catalog() -> None:
    request = QuoteRequest(treatment="vitc:10g", sessions=2, on=ON_SALE)
    plain = flat_catalog(CATALOG, request)
    both = QuoteRequest.model_validate(
        {**request.model_dump(by_alias=True), "fees": ["allergy-test", "travel-23ku"]}
    )
    chosen = flat_catalog(CATALOG, both)
    assert chosen is not plain
    assert [fee.id for fee in plain.fees] == []
    assert [fee.id for fee in chosen.fees] == ["travel-23ku", "allergy-test"]
    # The choice is a set: the same fees in another order are the same flat catalog.
    swapped = QuoteRequest.model_validate(
        {**request.model_dump(by_alias=True), "fees": ["travel-23ku", "allergy-test"]}
    )
    assert flat_catalog(CATALOG, swapped) is chosen
    # Each flat catalog keeps its own fee bills: 2 x 11,000, then + 2 x 5,500 + 6,600.
    assert [best_total(CATALOG, r) for r in (request, both, request)] == [22_000, 39_600, 22_000]


def test_the_flat_catalog_is_cached_per_request_shape() -> None:
    request = QuoteRequest(treatment="exo-iv:2cc", sessions=5, on=ON_SALE)
    first = flat_catalog(CATALOG, request)
    assert flat_catalog(CATALOG, request.model_copy(update={"sessions": 3})) is first
    assert flat_catalog(CATALOG, request.model_copy(update={"on": AFTER_SALE})) is not first
    schema_one = load_catalog(Path(__file__).parent / "data" / "example.toml")
    assert flat_catalog(schema_one, QuoteRequest(sessions=1)) is schema_one


def test_the_flat_catalogs_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    import supecost.engine.resolve as resolve

    monkeypatch.setattr(resolve, "_KEPT_PER_CATALOG", 1)
    catalog = load_catalog(Path(__file__).parent / "data" / "schema2.toml")
    first = flat_catalog(catalog, QuoteRequest(treatment="exo-iv:1cc", sessions=1))
    flat_catalog(catalog, QuoteRequest(treatment="exo-iv:2cc", sessions=1))
    assert len(resolve._FLAT[id(catalog)]) == 1
    assert flat_catalog(catalog, QuoteRequest(treatment="exo-iv:1cc", sessions=1)) is not first


def test_a_bare_dosed_reference_means_any_dose() -> None:
    assert matches("exo-iv", ["exo-iv:2cc"])
    assert not matches("exo-iv:1cc", ["exo-iv:2cc"])
    assert matches("exo-iv:2cc", ["exo-iv:2cc"])
    assert not matches("exo", ["exo-iv:2cc"])


ANY_DOSE = """
schema_version = 2
[clinic]
name = "A"
[[treatments]]
id = "exo"
name = "エクソソーム点滴"
dose_unit = "cc"
doses = [{ id = "1cc", amount = 1, price = 40000 }, { id = "2cc", amount = 2, price = 70000 }]
[[treatments]]
id = "nmn"
name = "NMN点滴"
price = 20000
[[offers]]
kind = "bundle"
id = "exo-3"
treatment = "exo"
sessions = 3
price = 150000
[[combos]]
id = "exo-nmn"
treatments = ["exo", "nmn"]
discount = 5000
[[discounts]]
id = "exo-off"
name = "エクソソーム1,000円引き"
amount = 1000
treatments = ["exo"]
"""


def test_offers_combos_and_discounts_on_a_treatment_serve_any_dose() -> None:
    from supecost import parse_catalog

    catalog = parse_catalog(ANY_DOSE, format="toml")
    one = QuoteRequest(treatment="exo:1cc", sessions=3, with_=("nmn",))
    # Singles: 3 x (40,000 - 1,000 discount) + 3 x 20,000 - 3 x 5,000 combo = 162,000
    # The any-dose set (the discount names the treatment, so its singles only):
    # 150,000 + 60,000 - 15,000 = 195,000, dearer for 1cc.
    assert totals(one, catalog) == {"singles": 162_000, "bundle:exo-3": 195_000}
    two = one.model_copy(update={"treatment": "exo:2cc"})
    # Singles: 3 x 69,000 + 60,000 - 15,000 = 252,000; the set: 150,000 + 45,000 = 195,000
    assert totals(two, catalog) == {"bundle:exo-3": 195_000, "singles": 252_000}


@pytest.mark.parametrize(
    ("request_fields", "error", "words"),
    [
        ({"treatment": "exo-iv"}, RequestError, "name a dose: exo-iv:1cc, exo-iv:2cc, exo-iv:3cc"),
        (
            {"treatment": "exo-iv:9cc"},
            UnknownIdError,
            "known dose ids: exo-iv:1cc, exo-iv:2cc, exo-iv:3cc",
        ),
        ({"treatment": "placenta:2cc"}, UnknownIdError, "did you mean 'placenta'"),
        ({"treatment": "upgrade-exo"}, RequestError, "sold only with electroporation"),
        ({"treatment": "placenta", "units": 6}, RequestError, "more than its maximum of 5"),
        ({"treatment": "exo-inj", "units": 2}, RequestError, "more than its maximum of 1"),
        ({"treatment": "exo-inj", "segment": "vip"}, RequestError, "segments: member"),
        (
            {"treatment": "exo-iv:1cc", "with": ["exo-iv:2cc"]},
            RequestError,
            "two doses of 'exo-iv'",
        ),
        (
            {"treatment": "exo-inj", "fees": ["travel-23"]},
            UnknownIdError,
            (
                "unknown optional fee 'travel-23'; did you mean 'travel-23ku'? known optional "
                "fee ids: travel-23ku, travel-outside, allergy-test"
            ),
        ),
        (
            {"treatment": "vitc:20g", "fees": ["g6pd"]},
            RequestError,
            (
                "fee 'g6pd' is not optional: the catalog charges it by its rule (once), never "
                "by the patient's choice; leave it out of the request's chosen fees; the "
                "catalog's optional fees are travel-23ku, travel-outside, allergy-test"
            ),
        ),
        (
            {"treatment": "exo-inj", "fees": ["travel-outside", "allergy-test", "travel-23ku"]},
            RequestError,
            (
                "fees 'travel-outside' and 'travel-23ku' are both of group 'travel', of which "
                "a request chooses at most one; choose one of travel-23ku, travel-outside"
            ),
        ),
        (
            {"treatment": "exo-inj", "fees": ["allergy-test", "allergy-test"]},
            RequestError,
            "fee 'allergy-test' is chosen twice in the request; choose each fee once",
        ),
    ],
)
def test_bad_requests_say_what_to_do(
    request_fields: dict[str, object], error: type[SupecostError], words: str
) -> None:
    request = QuoteRequest.model_validate({"sessions": 1, **request_fields})
    with pytest.raises(error, match=re.escape(words)):
        quote(CATALOG, request)
    with pytest.raises(error):
        best_total(CATALOG, request)


def test_a_schema_one_catalog_knows_no_segment_or_units() -> None:
    schema_one = load_catalog(Path(__file__).parent / "data" / "example.toml")
    with pytest.raises(RequestError, match="this catalog has no segments"):
        quote(schema_one, QuoteRequest(sessions=1, segment="member"))
    with pytest.raises(RequestError, match="sells it one unit per visit"):
        quote(schema_one, QuoteRequest(sessions=1, units=2))
    with pytest.raises(RequestError, match="this catalog has no optional fees"):
        quote(schema_one, QuoteRequest(sessions=1, fees=["first-consult"]))
    with pytest.raises(UnknownIdError, match="the catalog has no optional fee; add one"):
        best_total(schema_one, QuoteRequest(sessions=1, fees=["travel"]))


@settings(max_examples=25, deadline=None)
@given(catalogs_and_requests())
def test_a_schema_one_catalog_prices_the_same_as_schema_two(
    drawn: tuple[Catalog, QuoteRequest],
) -> None:
    catalog, request = drawn
    # The same records under version 2 go through the resolution; nothing may move.
    again = Catalog.model_validate({**catalog.model_dump(), "schema_version": 2})
    assert flat_catalog(again, request) is not again
    mine, theirs = quote(catalog, request), quote(again, request)
    assert [(o.label, o.total) for o in mine.options] == [
        (o.label, o.total) for o in theirs.options
    ]


class _CountedRef(str):
    """A request's id that counts every comparison, hash and look-inside made of it."""

    __slots__ = ()
    used = 0

    def __eq__(self, other: object) -> bool:
        _CountedRef.used += 1
        return str.__eq__(self, other)

    def __hash__(self) -> int:
        _CountedRef.used += 1
        return str.__hash__(self)

    def startswith(self, *args: Any) -> bool:  # type: ignore[override]
        _CountedRef.used += 1
        return str.startswith(self, *args)

    def partition(self, separator: str) -> tuple[str, str, str]:
        _CountedRef.used += 1
        return str.partition(self, separator)


def _work_of_checking(added: int) -> int:
    from supecost.engine.resolve import request_refs
    from supecost.quotes import assemble_request

    # Past the request's own limit on purpose (assembled without validation): the checks
    # themselves must stay one walk, whatever reaches them. upgrade-exo is sold only with
    # electroporation, so every entry looks for its base.
    request = assemble_request(
        treatment="electroporation", sessions=1, with_=(_CountedRef("upgrade-exo"),) * added
    )
    _CountedRef.used = 0
    assert len(request_refs(CATALOG, request)) == added + 1
    return _CountedRef.used


def test_checking_a_request_s_treatments_is_linear_in_their_count() -> None:
    # Before, each entry compared itself with every other: 1,000 entries took seconds,
    # 4,000 nearly a minute. Doubling the entries now doubles the work, within a few steps.
    small, large = _work_of_checking(500), _work_of_checking(1000)
    assert small > 0
    assert large <= 2 * small + 10, (small, large)


def test_a_request_naming_one_treatment_thousands_of_times_is_refused_by_its_length() -> None:
    # The audit's request: "with" = ["placenta"] x 90,000, a 990 KB body.
    body = '{"sessions": 1, "with": [' + ", ".join(['"placenta"'] * 90_000) + "]}"
    with pytest.raises(RequestError) as caught:
        QuoteRequest.model_validate_json(body)
    assert caught.value.fields == (("with", "with has 90,000 entries, more than its limit of 9"),)
    assert "lists up to 9 treatment ids" in caught.value.hint


FIRST_N = load_catalog(Path(__file__).parent / "data" / "first-n.toml")
"""A set for the first 10 patients and a bill discount for the first one (first_n)."""


def test_a_limited_offer_is_available_until_the_request_says_it_is_sold_out() -> None:
    request = QuoteRequest(sessions=5, on=ON_SALE)
    # Places left: every offer, each total less the first patient's 3,000 off the bill.
    assert totals(request, FIRST_N) == {
        "bundle:open-5": 97_000,  # 100,000 - 3,000
        "bundle:regular-5": 132_000,  # 135,000 - 3,000
        "singles": 147_000,  # 5 x 30,000 - 3,000
    }
    # The opening set's places are gone: it is no way of buying at all.
    gone = request.model_copy(update={"sold_out": ("open-5",)})
    assert totals(gone, FIRST_N) == {"bundle:regular-5": 132_000, "singles": 147_000}
    # And the discount's one place too: 135,000 and 5 x 30,000 in full.
    both = request.model_copy(update={"sold_out": ("open-5", "open-off")})
    assert totals(both, FIRST_N) == {"bundle:regular-5": 135_000, "singles": 150_000}


def test_sold_out_is_exactly_a_sales_window_that_ended() -> None:
    # The same catalog with the set's and the discount's windows ended the day before: the
    # one rule that takes an offer away takes them both, to the same quote.
    ended = FIRST_N.model_copy(
        update={
            "offers": tuple(
                o.model_copy(update={"valid_until": date(2026, 5, 31)}) if o.id == "open-5" else o
                for o in FIRST_N.offers
            ),
            "discounts": tuple(
                d.model_copy(update={"valid_until": date(2026, 5, 31)}) for d in FIRST_N.discounts
            ),
        }
    )
    request = QuoteRequest(sessions=5, on=ON_SALE)
    sold = quote(FIRST_N, request.model_copy(update={"sold_out": ("open-5", "open-off")}))
    assert sold.options == quote(ended, request).options


def test_sold_out_names_only_offers_and_discounts_the_catalog_limits() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown limited offer or discount 'open5'") as e:
        quote(FIRST_N, QuoteRequest(sessions=5, sold_out=("open5",)))
    assert "did you mean 'open-5'?" in str(e.value)
    # An offer without first_n has no places to run out of: most likely a mistake.
    with pytest.raises(RequestError, match=r"'regular-5' is in sold_out") as caught:
        quote(FIRST_N, QuoteRequest(sessions=5, sold_out=("regular-5",)))
    assert caught.value.hint == (
        "leave it out of sold_out; the catalog's limited offers and discounts are open-5, open-off"
    )
    with pytest.raises(RequestError, match="this catalog limits no offer or discount"):
        quote(CATALOG, QuoteRequest(treatment="exo-iv:2cc", sessions=5, sold_out=("exo-2cc-5",)))
    # A schema-1 catalog has no first_n: any id is refused, not ignored.
    example = load_catalog(Path(__file__).parent / "data" / "example.toml")
    with pytest.raises(RequestError, match="this catalog limits no offer or discount"):
        quote(example, QuoteRequest(sessions=5, sold_out=("sup-iv-5",)))


def test_a_request_without_sold_out_reuses_the_flat_catalog() -> None:
    # The request's sold-out ids are part of the flat catalog's key, so a quote with places
    # left is never priced from one without them, and one without any is not rebuilt.
    request = QuoteRequest(sessions=5, on=ON_SALE)
    assert flat_catalog(FIRST_N, request) is flat_catalog(FIRST_N, request)
    gone = flat_catalog(FIRST_N, request.model_copy(update={"sold_out": ("open-5",)}))
    assert [o.id for o in gone.offers] == ["regular-5"]
    assert [o.id for o in flat_catalog(FIRST_N, request).offers] == ["open-5", "regular-5"]


def test_a_limited_offer_built_into_a_schema_one_catalog_is_still_taken_away() -> None:
    # A file of schema 1 cannot say first_n; a catalog built in Python can, and sold_out
    # must not be ignored there.
    example = load_catalog(Path(__file__).parent / "data" / "example.toml")
    first = example.offers[0].model_copy(update={"first_n": 3})
    limited = example.model_copy(update={"offers": (first, *example.offers[1:])})
    request = QuoteRequest(treatment=first.treatment, sessions=5, on=ON_SALE)
    assert any(o.way.offer == first.id for o in quote(limited, request).options)
    gone = request.model_copy(update={"sold_out": (first.id,)})
    assert all(o.way.offer != first.id for o in quote(limited, gone).options)


def test_a_joining_fee_is_in_the_flat_catalog_of_a_patient_joining_its_segment_only() -> None:
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'A'\nsegments = ['member', 'vip']\n"
        "[[treatments]]\nid = 'drip'\nname = 'Drip'\nprice = 30000\n"
        "segment_prices = { member = 24000 }\n"
        "[[fees]]\nid = 'join'\nname = 'Joining'\nprice = 11000\ncharged = 'once'\n"
        "joins = 'member'\n",
        format="toml",
    )
    plain = QuoteRequest(sessions=1, on=ON_SALE)
    member = QuoteRequest(sessions=1, on=ON_SALE, segment="member")
    # Only the segment a fee joins; a patient who belongs to a segment joins none.
    assert joinable(catalog, plain) == ("member",)
    assert joinable(catalog, member) == ()
    assert joinable(catalog, QuoteRequest(sessions=1, segment="vip")) == ()
    assert flat_catalog(catalog, plain).fees == ()
    assert flat_catalog(catalog, member).fees == ()
    joined = flat_catalog(catalog, plain, joins="member")
    assert [fee.id for fee in joined.fees] == ["join"]
    assert joined.treatments[0].price == YenRange.exact(24000)
    assert flat_catalog(catalog, plain).treatments[0].price == YenRange.exact(30000)


MEMBER_GOODS = parse_catalog(
    "schema_version = 2\n[clinic]\nname = 'A'\nsegments = ['member', 'vip']\n"
    "[[treatments]]\nid = 'drip'\nname = 'Drip'\nprice = 30000\n"
    "[[fees]]\nid = 'join'\nname = 'Joining'\nprice = 1100\ncharged = 'once'\n"
    "joins = 'member'\n"
    "[[goods]]\nid = 'nmn'\nname = 'NMN'\nprice = 3240\ntax = 'reduced'\nkind = 'food'\n"
    "segment_prices = { member = 2916 }\n"
    "[[goods]]\nid = 'serum'\nname = 'Serum'\nprice = 11000\n",
    format="toml",
)


def test_a_member_buys_goods_at_the_member_price_taxed_once_at_their_rate() -> None:
    request = QuoteRequest(sessions=1, on=ON_SALE, segment="member", goods={"nmn": 2, "serum": 1})
    best = quote(MEMBER_GOODS, request).best
    # 2 boxes at the member price 2,916 (tax incl., 8 %) = 5,832, containing
    # 5,832 x 8/108 = 432 tax; the serum has no member price: 11,000 at 10 %.
    goods = {line.item: (line.unit_price.min, line.amount.min) for line in best.lines}
    assert goods["nmn"] == (2916, 5832)
    assert goods["serum"] == (11000, 11000)
    assert [(t.rate, t.total.min, t.tax.min) for t in best.tax] == [
        (10, 41000, 3727),  # 30,000 + 11,000 = 41,000; 41,000 x 10/110 = 3,727.27 -> 3,727
        (8, 5832, 432),
    ]
    # 30,000 + 11,000 + 5,832 = 46,832.
    assert best.total == YenRange.exact(46832)
    assert best_total(MEMBER_GOODS, request) == 46832
    # A VIP has no goods price of their own: the regular 2 x 3,240 = 6,480.
    vip = quote(MEMBER_GOODS, request.model_copy(update={"segment": "vip"})).best
    assert vip.total == YenRange.exact(30000 + 11000 + 6480)


def test_a_patient_joining_a_segment_buys_its_goods_at_the_member_price() -> None:
    plain = QuoteRequest(sessions=1, on=ON_SALE, goods={"nmn": 2})
    assert flat_catalog(MEMBER_GOODS, plain).goods == MEMBER_GOODS.goods
    joined = flat_catalog(MEMBER_GOODS, plain, joins="member")
    assert [g.price for g in joined.goods] == [YenRange.exact(2916), YenRange.exact(11000)]
    totals = {o.label: o.total.min for o in quote(MEMBER_GOODS, plain).options}
    # As they are: 30,000 + 2 x 3,240 = 36,480. Joining: 1,100 + 30,000 + 2 x 2,916 = 36,932,
    # dearer by 452, since joining saves only 2 x 324 = 648 against its 1,100 fee.
    assert totals == {"singles": 36480, "singles+join:member": 36932}
    # Ten boxes save 3,240 against the fee: 1,100 + 30,000 + 29,160 = 60,260 < 62,400.
    many = quote(MEMBER_GOODS, plain.model_copy(update={"goods": {"nmn": 10}}))
    assert (many.best.label, many.best.total.min) == ("singles+join:member", 60260)


PER_PATIENT = load_catalog(Path(__file__).parent / "data" / "per-patient.toml")
"""A campaign set one per patient (first_n 20), an open set of 6, a duo package one per patient."""

WINTER = date(2026, 12, 10)


def test_the_audits_campaign_set_is_bought_once_per_patient() -> None:
    # The audit's example: 12 sessions of 2cc in the winter campaign. Tax excluded, 10%.
    # Before per_patient the mix bought the campaign set three times. Now once:
    # 135,000 (campaign, 3) + 324,000 (set of 6) + 3 x 60,000 = 639,000; x 1.1 = 702,900.
    request = QuoteRequest(treatment="sup:2cc", sessions=12, on=WINTER)
    assert totals(request, PER_PATIENT) == {
        "mix": 702_900,
        "bundle:sup-6": 712_800,  # 2 x 324,000 = 648,000; x 1.1
        # 80,000 (duo: 1 session of each) + 135,000 + 324,000 + 2 x 60,000 = 659,000, x 1.1
        # = 724,900 (its hair session is unused: the request has no hair).
        "package:duo": 724_900,
        "bundle:sup-camp": 742_500,  # 135,000 + 9 x 60,000 = 675,000; x 1.1
        "singles": 792_000,  # 12 x 60,000 = 720,000; x 1.1
    }
    (mix,) = [o for o in quote(PER_PATIENT, request).options if o.label == "mix"]
    campaign = [line for line in mix.lines if line.item == "sup-camp"]
    assert [line.quantity for line in campaign] == [1]


@pytest.mark.parametrize("months", [None, 12, 4])
def test_a_set_one_per_patient_is_bought_once_with_months_too(months: int | None) -> None:
    # Scheduled (12 months: a session a month; 4 months: three a month) or not, the same
    # cheapest course: 135,000 + 324,000 + 3 x 60,000 = 639,000, x 1.1 = 702,900.
    request = QuoteRequest(treatment="sup:2cc", sessions=12, months=months, on=WINTER)
    assert best_total(PER_PATIENT, request) == 702_900


def test_a_patient_who_bought_their_allowance_is_priced_as_if_it_were_sold_out() -> None:
    request = QuoteRequest(treatment="sup:2cc", sessions=12, on=WINTER, bought={"sup-camp": 1})
    # No campaign set left for this patient: 2 sets of 6 (712,800) is cheapest.
    assert totals(request, PER_PATIENT) == {
        "bundle:sup-6": 712_800,
        # 80,000 + 324,000 + 5 x 60,000 = 704,000; x 1.1
        "package:duo": 774_400,
        "singles": 792_000,
    }
    assert (
        flat_catalog(PER_PATIENT, request).offers
        == flat_catalog(
            PER_PATIENT, request.model_copy(update={"bought": {}, "sold_out": ("sup-camp",)})
        ).offers
    )


def test_the_flat_catalog_carries_what_the_patient_may_still_buy() -> None:
    two = PER_PATIENT.model_copy(
        update={
            "offers": tuple(
                o.model_copy(update={"per_patient": 2}) if o.id == "sup-camp" else o
                for o in PER_PATIENT.offers
            )
        }
    )
    request = QuoteRequest(treatment="sup:2cc", sessions=12, on=WINTER, bought={"sup-camp": 1})
    (camp,) = [o for o in flat_catalog(two, request).offers if o.id == "sup-camp"]
    assert camp.per_patient == 1
    # Two allowed, one bought: one more campaign set, as in the first test: 702,900.
    assert best_total(two, request) == 702_900
    # None bought: two campaign sets (270,000, 6) + 6 singles... or the set of 6:
    # 2 x 135,000 + 324,000 = 594,000; x 1.1 = 653,400.
    assert best_total(two, request.model_copy(update={"bought": {}})) == 653_400


def test_a_package_one_per_patient_is_bought_once() -> None:
    # 2 sessions each of 2cc and hair: one duo (80,000) + 60,000 + 30,000 = 170,000, x 1.1
    # = 187,000; a second duo would make it 160,000 (176,000) but one patient buys one.
    request = QuoteRequest(treatment="sup:2cc", sessions=2, with_=("hair",), on=WINTER, months=2)
    assert best_total(PER_PATIENT, request) == 187_000
    bought = request.model_copy(update={"bought": {"duo": 1}})
    # Without the duo: 2 x 60,000 + 2 x 30,000 = 180,000; x 1.1 = 198,000.
    assert best_total(PER_PATIENT, bought) == 198_000


def test_bought_names_only_offers_limited_per_patient() -> None:
    with pytest.raises(UnknownIdError, match=r"unknown offer limited per patient 'sup-cmp'"):
        quote(PER_PATIENT, QuoteRequest(treatment="sup:2cc", sessions=3, bought={"sup-cmp": 1}))
    with pytest.raises(RequestError, match=r"bought names 'sup-6'") as caught:
        quote(PER_PATIENT, QuoteRequest(treatment="sup:2cc", sessions=3, bought={"sup-6": 1}))
    assert caught.value.message.endswith(
        "; its offers limited per patient or with a first-month price are sup-camp, duo"
    )
    assert caught.value.hint == "leave it out"
    with pytest.raises(RequestError, match="it limits no offer per patient"):
        quote(FIRST_N, QuoteRequest(sessions=5, bought={"open-5": 1}))


def test_a_short_course_takes_the_campaign_set_once_and_leaves_sessions_unused() -> None:
    # Two sessions, no months: two singles, 2 x 60,000 = 120,000, 132,000 with tax; the
    # campaign set's own way buys it once for both, 135,000 = 148,500, one session unused.
    request = QuoteRequest(treatment="sup:2cc", sessions=2, on=WINTER)
    found = totals(request, PER_PATIENT)
    assert (found["singles"], found["bundle:sup-camp"]) == (132_000, 148_500)


def test_the_work_estimate_counts_each_layer_of_a_limited_set() -> None:
    from supecost.engine.context import limited_layers

    flat = flat_catalog(PER_PATIENT, QuoteRequest(treatment="sup:2cc", sessions=3, on=WINTER))
    # One campaign set per patient: the programme runs for 0 and 1 left.
    assert limited_layers(flat, ["sup:2cc"]) == 2
    assert limited_layers(flat, ["hair"]) == 1


def test_a_course_with_a_package_buys_the_campaign_set_once_in_time_order() -> None:
    # 7 sessions of 2cc and 1 of hair over 7 months: the duo package (80,000: one of each),
    # the campaign set once (135,000: 3) and 3 singles (180,000) = 395,000; x 1.1 = 434,500.
    # Two campaign sets would be 80,000 + 270,000 = 350,000, but one patient buys one.
    request = QuoteRequest(
        treatment="sup:2cc",
        sessions=7,
        months=7,
        with_=(WithEntry(treatment="hair", sessions=1),),
        on=WINTER,
    )
    assert best_total(PER_PATIENT, request) == 434_500


FIRST_MONTH = load_catalog(Path(__file__).parent / "data" / "first-month.toml")


def test_bought_names_a_plan_the_patient_enrolled_in_before() -> None:
    # nmn-m's first month is at half price; bought says the patient enrolled before.
    request = QuoteRequest(treatment="nmn", sessions=3, months=3, on=WINTER)
    (plan,) = [o for o in flat_catalog(FIRST_MONTH, request).offers if o.id == "nmn-m"]
    assert plan.first_month is not None
    again = QuoteRequest(treatment="nmn", sessions=3, months=3, on=WINTER, bought={"nmn-m": 1})
    (plan,) = [o for o in flat_catalog(FIRST_MONTH, again).offers if o.id == "nmn-m"]
    assert plan.first_month is None
    # A returning patient: vc-m's free first month is for new patients only.
    returning = QuoteRequest(treatment="vc", sessions=2, on=WINTER, new_patient=False)
    (plan,) = [o for o in flat_catalog(FIRST_MONTH, returning).offers if o.id == "vc-m"]
    assert plan.first_month is None
    # A plan without a first-month price is no thing bought before: refused, named.
    plain = FIRST_MONTH.model_copy(
        update={
            "offers": tuple(o.model_copy(update={"first_month": None}) for o in FIRST_MONTH.offers)
        }
    )
    with pytest.raises(RequestError, match=r"bought names 'nmn-m'") as caught:
        quote(plain, again)
    assert "nor price a plan's first month (no first_month)" in str(caught.value)


# The s33 audit's menu C (F5): a member price of 24,200 for the 200mg dose, and a シニア割 of
# 10% without 併用不可, for a patient who is both.
TWO_GROUPS = parse_catalog(
    "schema_version = 2\n[clinic]\nname = 'A'\nsegments = ['member', 'senior', 'vip']\n"
    "[[treatments]]\nid = 'nmn'\nname = 'NMN'\ndose_unit = 'mg'\n"
    "[[treatments.doses]]\nid = '200mg'\namount = 200\nprice = 27500\n"
    "segment_prices = { member = 24200 }\n"
    "[[treatments]]\nid = 'drip'\nname = 'Drip'\nprice = 30000\n"
    "segment_prices = { member = 26000, vip = 24000 }\n"
    "[[treatments]]\nid = 'vitc'\nname = 'VitC'\nprice = 10000\n"
    "[[combos]]\nid = 'pair'\nname = 'Pair'\ntreatments = ['drip', 'vitc']\ndiscount = 2000\n"
    "segment_prices = { member = 3000, vip = 2500 }\n"
    "[[fees]]\nid = 'first'\nname = 'First'\nprice = 3300\ncharged = 'first_visit'\n"
    "applies_to = ['drip']\n"
    "segment_prices = { member = 2200, senior = 1100 }\n"
    "[[goods]]\nid = 'sup'\nname = 'Sup'\nprice = 3240\ntax = 'reduced'\nkind = 'food'\n"
    "segment_prices = { member = 2916, vip = 3000 }\n"
    "[[discounts]]\nid = 'senior10'\nname = 'シニア割'\npercent = 10\ntreatments = ['nmn']\n"
    "segments = ['senior']\n",
    format="toml",
)


def test_a_patient_in_two_groups_pays_the_member_price_less_the_senior_discount() -> None:
    def nmn(segment: object) -> int:
        request = QuoteRequest(treatment="nmn:200mg", sessions=1, on=ON_SALE, segment=segment)
        return best_total(TWO_GROUPS, request)

    # 24,200 x 0.9 = 21,780 for a member who is a senior, however the request orders them.
    assert nmn(["member", "senior"]) == nmn(("senior", "member")) == 21_780
    # One group unchanged: a member 24,200; a senior 27,500 x 0.9 = 24,750; nobody 27,500.
    assert (nmn("member"), nmn("senior"), nmn(None)) == (24_200, 24_750, 27_500)
    # A group with no entry and no discount changes nothing beside another.
    assert nmn(["member", "vip"]) == 24_200
    assert nmn(["senior", "vip"]) == 24_750


def test_each_price_of_a_patient_in_two_groups_is_the_lowest_of_their_entries() -> None:
    both = QuoteRequest(treatment="drip", sessions=1, on=ON_SALE, segment=["member", "vip"])
    flat = flat_catalog(TWO_GROUPS, both)
    drip = next(t for t in flat.treatments if t.id == "drip")
    assert drip.price == YenRange.exact(24_000)  # min(26,000 member, 24,000 vip)
    # The combo's saving is the highest of theirs: max(3,000 member, 2,500 vip).
    assert flat.combos[0].discount == YenRange.exact(3_000)
    assert flat.goods[0].price == YenRange.exact(2_916)  # min(2,916 member, 3,000 vip)
    # The fee has a member entry only among these two: 2,200.
    assert flat.fees[0].price == YenRange.exact(2_200)
    senior = flat_catalog(TWO_GROUPS, both.model_copy(update={"segment": ("member", "senior")}))
    assert senior.fees[0].price == YenRange.exact(1_100)  # min(2,200 member, 1,100 senior)
    # One drip, one vitc at one visit, a goods box and the fee: 24,000 + 10,000 - 3,000
    # + 2,916 + 2,200 = 36,116.
    request = both.model_copy(update={"with_": ("vitc",), "goods": {"sup": 1}})
    assert best_total(TWO_GROUPS, QuoteRequest.model_validate(request.model_dump())) == 36_116


def test_a_patient_in_several_groups_joins_none_and_each_is_checked() -> None:
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'A'\nsegments = ['member', 'senior']\n"
        "[[treatments]]\nid = 'drip'\nname = 'Drip'\nprice = 30000\n"
        "segment_prices = { member = 24000 }\n"
        "[[fees]]\nid = 'join'\nname = 'Joining'\nprice = 11000\ncharged = 'once'\n"
        "joins = 'member'\n",
        format="toml",
    )
    assert joinable(catalog, QuoteRequest(sessions=1, segment=["member", "senior"])) == ()
    with pytest.raises(RequestError, match="unknown segment 'gold'") as caught:
        quote(catalog, QuoteRequest(sessions=1, segment=["senior", "gold"]))
    assert caught.value.params["segment"] == "'gold'"


def test_a_ranged_price_of_two_groups_is_the_lower_at_each_point() -> None:
    from supecost.engine.resolve import segment_price

    prices = {
        "member": YenRange(20_000, 40_000, 30_000),
        "senior": YenRange(25_000, 35_000),
        "vip": YenRange.at_least(22_000),
    }
    # Low min(20,000, 25,000); typical min(30,000, 25,000: a range without one at its low
    # end); high min(40,000, 35,000).
    assert segment_price(prices, ("member", "senior")) == YenRange(20_000, 35_000, 25_000)
    # An open top is no bound: the other's 40,000; neither has a typical: none.
    assert segment_price(prices, ("member", "vip")) == YenRange(20_000, 40_000, 22_000)
    assert segment_price(prices, ("senior", "vip")) == YenRange(22_000, 35_000)
    # A saving is the highest: open where one is.
    assert segment_price(prices, ("member", "vip"), saving=True) == YenRange(22_000, None, 30_000)
    assert segment_price(prices, ("member", "senior"), saving=True) == YenRange(
        25_000, 40_000, 30_000
    )
    assert segment_price(prices, ("gold",)) is None
    assert segment_price(prices, "senior") == prices["senior"]


def _top_ups(catalog: Catalog, top_up: Callable[[str], int | None]) -> Catalog:
    """The catalog with each set of sessions on a dosed treatment (or one of its doses) for
    any of its doses, with the top-ups ``top_up`` gives by dose (``None``: none)."""
    dosed = {t.id: [d.id for d in t.doses] for t in catalog.treatments if t.doses}
    offers = []
    for offer in catalog.offers:
        base = offer.model_dump()
        whole = base.get("treatment", "").partition(":")[0]
        if isinstance(offer, Bundle) and not offer.counts_units and whole in dosed:
            tops = {d: top_up(d) for d in dosed[whole]}
            base.update(treatment=whole, top_ups={d: p for d, p in tops.items() if p is not None})
        offers.append(base)
    return Catalog.model_validate({**catalog.model_dump(), "offers": offers})


@settings(max_examples=40, deadline=None)
@given(catalogs_and_requests(catalogs(schema_version=2, max_offers=3, max_discounts=1)))
def test_a_top_up_of_nothing_at_the_doses_asked_prices_as_a_set_without_top_ups(
    drawn: tuple[Catalog, QuoteRequest],
) -> None:
    catalog, request = drawn
    asked = {ref.partition(":")[2] for ref, _ in request_refs(catalog, request)}
    # The smallest top-up, 0, at every dose asked (another dose's at 1,000 is never read):
    # each set's sessions cost what they did before top-ups existed.
    zero = _top_ups(catalog, lambda dose: 0 if dose in asked else 1_000)
    mine, theirs = quote(zero, request), quote(_top_ups(catalog, lambda dose: None), request)
    assert [(o.label, o.total) for o in mine.options] == [
        (o.label, o.total) for o in theirs.options
    ]
    # A top-up never makes a course cheaper: at the low and typical points (the high one
    # may be open) the cheapest is no lower.
    dearer = _top_ups(catalog, lambda dose: 1_000)
    plain = _top_ups(catalog, lambda dose: None)
    for point in (Scenario.MIN, Scenario.TYPICAL):
        assert best_total(dearer, request, scenario=point) >= best_total(
            plain, request, scenario=point
        )


def test_a_first_visit_before_a_date_left_to_today_is_refused_when_the_engine_dates_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from supecost.engine import resolve
    from supecost.errors import RequestError

    monkeypatch.setattr(resolve, "today_in_japan", lambda: date(2026, 12, 1))
    # Today is 1 December: a first visit on it or after is the course's date; before, refused.
    later = QuoteRequest(sessions=1, first_visit=date(2027, 1, 10))
    assert resolve.course_date(later) == date(2027, 1, 10)
    assert resolve.course_date(QuoteRequest(sessions=1)) == date(2026, 12, 1)
    with pytest.raises(RequestError) as caught:
        resolve.course_date(QuoteRequest(sessions=1, first_visit=date(2026, 11, 30)))
    assert caught.value.params == {"first": "2026-11-30", "on": "2026-12-01"}


_UPGRADE = Path(__file__).parent / "data" / "upgrade.toml"


@pytest.mark.parametrize(
    ("holding", "code", "words"),
    [
        ({"sup-3": 4}, "request.holding_left", "4 sessions of 'sup-3' are left, but the set has 3"),
        ({"sup-9": 1}, None, "unknown session set 'sup-9'"),
    ],
)
def test_a_set_held_is_checked_against_the_catalog(
    holding: dict[str, int], code: str | None, words: str
) -> None:
    from supecost import QuoteRequest, SupecostError, load_catalog, quote

    catalog = load_catalog(_UPGRADE)
    request = QuoteRequest(sessions=3, new_patient=False, on=date(2026, 12, 1), holding=holding)
    with pytest.raises(SupecostError) as caught:
        quote(catalog, request)
    assert words in str(caught.value)
    if code is not None:
        assert caught.value.code == code


def test_a_set_held_is_of_a_treatment_asked_one_a_treatment() -> None:
    from supecost import QuoteRequest, RequestError, parse_catalog, quote

    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'T'\n"
        "[[treatments]]\nid = 'a'\nname = 'A'\nprice = 1000\n"
        "[[treatments]]\nid = 'b'\nname = 'B'\nprice = 1000\n"
        "[[offers]]\nkind = 'bundle'\nid = 'a3'\ntreatment = 'a'\nsessions = 3\nprice = 2700\n"
        "[[offers]]\nkind = 'bundle'\nid = 'a5'\ntreatment = 'a'\nsessions = 5\nprice = 4000\n"
        "[[offers]]\nkind = 'bundle'\nid = 'b3'\ntreatment = 'b'\nsessions = 3\nprice = 2700\n",
        format="toml",
    )

    def ask(**holding: int) -> QuoteRequest:
        return QuoteRequest(treatment="a", sessions=3, new_patient=False, holding=holding)

    with pytest.raises(RequestError) as caught:
        quote(catalog, ask(b3=1))
    assert caught.value.code == "request.holding_treatment"
    assert caught.value.fields[0][0] == "holding"
    with pytest.raises(RequestError) as caught:
        quote(catalog, ask(a3=1, a5=1))
    assert caught.value.code == "request.holding_twice"
    # A set of a treatment added at every visit is held too: b's 3 sessions are the held 1
    # and 2 singles, 2,000; a's 3 sessions a set, 2,700.
    added = QuoteRequest.model_validate(
        {"treatment": "a", "with": ["b"], "sessions": 3, "new_patient": False, "holding": {"b3": 1}}
    )
    assert quote(catalog, added).best.total.min == 2700 + 2000
