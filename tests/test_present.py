"""Text presentation of quotes and catalogs: names, alignment, and every section shown."""

from __future__ import annotations

import pathlib
import re
from datetime import date
from fractions import Fraction
from typing import Final

import pytest

from supecost.catalog import (
    Catalog,
    load_catalog,
    parse_catalog,
    reference_catalog,
    validate_catalog,
)
from supecost.contracts import ContractReport
from supecost.engine import quote
from supecost.present import (
    catalog_table,
    option_name,
    quote_document,
    quote_markdown,
    quote_table,
)
from supecost.quotes import Quote, QuoteRequest, SessionRange, Unserved, UnservedReason, Way
from supecost.report.rendering import render_document
from supecost.report.text import width as _width

EXAMPLE = load_catalog(pathlib.Path(__file__).parent / "data" / "example.toml")
APRIL = date(2026, 4, 1)


def _catalog(**extra: object) -> Catalog:
    data: dict[str, object] = {
        "schema_version": 1,
        "clinic": {"name": "税抜クリニック", "prices_include_tax": False},
        "treatments": [
            {"id": "drip", "name": "点滴 | A", "price": 10000},
            {"id": "supp", "name": "サプリ", "price": 3000, "tax": "reduced"},
            {"id": "vit", "name": "ビタミン", "price": 5000},
        ],
        "offers": [
            {
                "kind": "subscription",
                "id": "plan",
                "treatment": "drip",
                "monthly_fee": 8000,
                "sessions_per_month": 1,
            }
        ],
    }
    data.update(extra)
    return validate_catalog(data)


def test_unnamed_offers_are_named_after_their_treatment() -> None:
    assert option_name(Way.bundle("sup-iv-5"), EXAMPLE) == "幹細胞培養上清液点滴 5回セット"
    assert option_name(Way.bundle("sup-iv-5"), EXAMPLE, "en_US") == (
        "Stem-cell culture supernatant IV drip, set of 5"
    )
    monthly = Way.subscription("sup-iv-monthly")
    assert option_name(monthly, EXAMPLE) == "幹細胞培養上清液点滴 月額プラン"
    assert option_name(Way.intro(), EXAMPLE, "en_US") == "First-time price, then singles"
    assert option_name(Way.mix(), EXAMPLE) == "組み合わせ"
    assert (
        option_name(Way.bundle("nowhere"), EXAMPLE) == "bundle:nowhere"
    )  # the label, as reports do


def test_table_columns_align_with_wide_characters() -> None:
    result = quote(EXAMPLE, QuoteRequest(sessions=5, on=APRIL))
    lines = quote_table(result, EXAMPLE).splitlines()
    grid = lines[2 : 3 + len(result.options)]
    # The last column is right-aligned, so every row has the same display width.
    assert len({_width(line) for line in grid}) == 1
    assert _width("円") == 2
    assert _width("a") == 1


def test_table_shows_payments_unused_sessions_and_combos() -> None:
    # 8 sessions over 6 months with NMN: payments per month are listed and add up to the total.
    result = quote(EXAMPLE, QuoteRequest(sessions=8, months=6, with_=("nmn",), on=APRIL))
    text = quote_table(result, EXAMPLE, locale="en_US")
    assert "Payment schedule" in text
    # The first visit: 9,800 + 27,500 + 2 x (22,000 - 5,500) + 3,300 = 73,600.
    assert "month 1 (first visit): ¥73,600" in text
    assert "幹細胞培養上清液点滴 + NMN点滴" not in text  # combos are named in the lines
    assert "combo" in text
    paid = sum(p.amount.min for p in result.best.payments)
    assert paid == result.best.total.min == 332100


def test_tax_excluded_catalog_adds_tax_lines_per_rate() -> None:
    catalog = _catalog()
    result = quote(catalog, QuoteRequest(sessions=1, with_=("supp",), on=APRIL))
    text = quote_table(result, catalog)
    # The monthly plan wins: 8,000 at 10% -> 800 tax; the supplement 3,000 at 8% -> 240 tax;
    # each shown as an added tax line, and the total is 8,000 + 800 + 3,000 + 240 = 12,040.
    assert re.search(r"\n消費税（10%） +800円\n", text)
    assert re.search(r"\n消費税（8%） +240円\n", text)
    assert result.best.total.min == 12040
    assert "税抜価格＋消費税" in text.splitlines()[0]


def _stored_unserved(catalog: Catalog) -> Quote:
    """A quote stored before a plan's crowded month was paid as singles: the plan (one
    session a month, no extras) was unserved for 3 sessions in one month."""
    result = quote(catalog, QuoteRequest(sessions=3, months=1, on=APRIL))
    stored = Unserved(way=Way.subscription("plan"), reason=UnservedReason.ALLOWANCE)
    return result.model_copy(update={"unserved": (stored,)})


def test_unserved_and_uncertain_and_across_sessions_are_explained() -> None:
    catalog = _catalog()
    text = quote_table(_stored_unserved(catalog), catalog, locale="en_US")
    assert "cannot serve this request" in text
    ranged = quote(reference_catalog(), QuoteRequest(sessions=SessionRange(min=1, max=3), on=APRIL))
    text = quote_table(ranged, reference_catalog(), locale="en_US")
    assert "Cheapest by session count" in text
    # Singles 10,000〜 a session (open), a set of 5 at 60,000〜 (open): 50,000〜 against
    # 60,000〜, singles at the low end; at the high end both are open and nothing is priced,
    # so no cheaper line says it and the sentence does.
    open_tops = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "O"\n'
        '[[treatments]]\nid = "t"\nname = "T"\nprice = { min = 10000 }\n'
        '[[offers]]\nkind = "bundle"\nid = "t-5"\ntreatment = "t"\nsessions = 5\n'
        "price = { min = 60000 }\n",
        format="toml",
    )
    assert "At the high end the cheapest way is not known (low: Single sessions)" in quote_table(
        quote(open_tops, QuoteRequest(sessions=5, on=APRIL)), open_tops, locale="en_US"
    )
    # Review F5: where a cheaper line words the high end (reference, 5 sessions: the plan's
    # 168,300 of the ways priced there), the sentence does not say it again.
    five = quote_table(
        quote(reference_catalog(), QuoteRequest(sessions=5, on=APRIL)),
        reference_catalog(),
        locale="en_US",
    )
    assert "Cheapest at high prices of the ways priced there" in five
    assert "not known" not in five


def test_a_saving_under_an_open_fee_every_way_pays_is_said_exactly() -> None:
    # A set of 5 at 38,000 against singles at 10,000, with a travel fee 2,000〜 at each of
    # the 5 visits in both: the set saves 50,000 − 38,000 = 12,000 whatever the fee, and is
    # cheapest at every point (audit34 F6: it said 「上限で不明」).
    travel = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "O"\n'
        '[[treatments]]\nid = "t"\nname = "T"\nprice = 10000\n'
        '[[offers]]\nkind = "bundle"\nid = "t-5"\nname = "5回券"\ntreatment = "t"\n'
        "sessions = 5\nprice = 38000\n"
        '[[fees]]\nid = "travel"\nname = "出張費"\nprice = { min = 2000 }\n'
        'charged = "every_visit"\n',
        format="toml",
    )
    text = quote_table(quote(travel, QuoteRequest(sessions=5, on=APRIL)), travel)
    assert "最安: 5回券 — 48,000円〜" in text
    assert "都度払いと比べて: 12,000円お得" in text
    assert "不明" not in text


def _ranged_catalog(set_price: object) -> Catalog:
    # A single 8,000〜12,000 and a set of 5 (no standard price: the typical point is the low one).
    return validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "O"},
            "treatments": [{"id": "t", "name": "T", "price": {"min": 8000, "max": 12000}}],
            "offers": [
                {"id": "t-5", "kind": "bundle", "treatment": "t", "sessions": 5, "price": set_price}
            ],
        }
    )


def test_the_uncertain_sentence_says_change_only_where_known_winners_differ() -> None:
    # Set 50,000: 5 singles cost 40,000 at the low end (< 50,000) and 60,000 at the high end
    # (> 50,000): the cheapest way does change, singles low, the set high. The headline says
    # the low end, the cheaper line the high end with its total: no third sentence (review F5).
    changes = _ranged_catalog(50000)
    lines = quote_table(quote(changes, QuoteRequest(sessions=5, on=APRIL)), changes).splitlines()
    assert "下限の価格で最安: 都度払い — 40,000円〜60,000円" in lines
    assert "上限の価格ではT 5回セットが最安：50,000円" in lines
    assert not any("変わります" in line for line in lines)
    # Set 45,000〜 (open top): singles win low (40,000 < 45,000); at the high end the set may
    # be anything from 45,000 up, below singles' 60,000 or not: unknown, not a change.
    unknown = _ranged_catalog({"min": 45000})
    result = quote(unknown, QuoteRequest(sessions=5, on=APRIL))
    lines = quote_table(result, unknown).splitlines()
    assert "上限の価格での最安の買い方は分かりません（下限: 都度払い）" in lines
    assert not any("変わります" in line for line in lines)
    english = quote_table(result, unknown, locale="en_US")
    assert "At the high end the cheapest way is not known (low: Single sessions)" in english


def test_each_count_of_a_range_is_named_from_its_own_winners() -> None:
    # Set 50,000. 4 sessions: singles 32,000〜48,000 against the set's 50,000: singles at
    # every point. 5 sessions: singles 40,000 low (< 50,000), 60,000 high (> 50,000): the set
    # wins the high end, so singles are cheapest at the low end only.
    catalog = _ranged_catalog(50000)
    request = QuoteRequest(sessions=SessionRange(min=4, max=5), on=APRIL)
    lines = quote_table(quote(catalog, request), catalog).splitlines()
    assert "  4回: 都度払い 32,000円〜48,000円" in lines
    assert "  5回: 都度払い（下限）／T 5回セット（上限） 40,000円〜60,000円" in lines
    # Set 45,000〜 (open top): at 4 and 5 sessions singles win low (32,000 / 40,000 <
    # 45,000), and the set may undercut singles' 48,000 / 60,000 at the top: unknown there.
    open_top = _ranged_catalog({"min": 45000})
    lines = quote_table(quote(open_top, request), open_top, locale="en_US").splitlines()
    assert "  4 sessions: Single sessions (low) / unknown (high) ¥32,000–¥48,000" in lines


def test_markdown_escapes_table_separators_in_names() -> None:
    catalog = _catalog()
    result = quote(catalog, QuoteRequest(sessions=2, on=APRIL))
    text = quote_markdown(result, catalog)
    assert "点滴 \\| A" in text
    assert text.startswith("# ")
    assert "|---:|---|---:|---:|" in text


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_catalog_table_lists_every_record(locale: str) -> None:
    catalog = _catalog(
        combos=[{"id": "pair", "treatments": ["drip", "vit"], "price": 12000}],
        fees=[{"id": "visit", "name": "再診料", "price": 1100, "charged": "every_visit"}],
        discounts=[{"id": "ten", "name": "10%オフ", "percent": 10}],
    )
    text = catalog_table(catalog, locale=locale)
    for record_id in ("drip", "supp", "plan", "pair", "visit", "ten"):
        assert record_id in text
    assert "10%" in text


def test_catalog_table_lists_the_goods_a_set_includes() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "gifts.toml")
    ja = catalog_table(catalog).splitlines()
    assert next(line for line in ja if line.startswith("sup-6")).endswith(
        "含まれる物販（プレゼント）: NMNサプリ 2箱"
    )
    en = catalog_table(catalog, locale="en_US").splitlines()
    assert next(line for line in en if line.startswith("sup-3")).endswith(
        "Includes (free): NMN supplement, 1 box"
    )


def test_catalog_table_shows_doses_and_what_schema_2_adds() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "example-v2.toml")
    lines = catalog_table(catalog).splitlines()
    rows = {line.split()[0]: line for line in lines[3:]}
    assert rows["exo-iv:2cc"].split()[1:] == [
        "用量",
        "エクソソーム点滴",
        "2cc",
        "77,000円",
        "会員価格",
        "70,000円",
    ]
    assert "2026年4月1日から2026年12月31日まで" in rows["exo-2cc-5"]
    assert "対象: 高濃度ビタミンC点滴 20g、1回のみ、当院が初めての方のみ" in rows["g6pd"]
    assert "同時に受ける治療: エレクトロポレーション" in rows["upgrade-exo"]
    assert (
        "同じ来院での2本目以降（1本あたり） 1,000円（会員価格 900円）、1回の来院で5本まで"
        in rows["placenta"]
    )
    # A treatment sold by the dose has its prices on the dose rows.
    assert rows["exo-iv"].split()[1:] == ["治療", "エクソソーム点滴"]
    assert rows["placenta-10"].endswith("13,500円  有効期間: 6か月")
    english = catalog_table(catalog, locale="en_US")
    assert "Member price ¥308,000, from Apr 1, 2026 until Dec 31, 2026" in english
    # A dose's own further-unit price is among its details.
    doses = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A", "segments": ["member", "vip"]},
            "treatments": [
                {
                    "id": "gsh",
                    "name": "G",
                    "dose_unit": "mg",
                    "doses": [
                        {"id": "600mg", "amount": 600, "price": 3000, "extra_unit_price": 2000},
                        {
                            "id": "1200mg",
                            "amount": 1200,
                            "price": 5000,
                            "extra_unit_price": 4000,
                            "extra_unit_segment_prices": {"member": 3500, "vip": 3000},
                        },
                    ],
                }
            ],
        }
    )
    # A dose's mg measures the dose: further doses count in 単位, English's "units" (F7).
    assert "同じ来院での2単位目以降（1単位あたり） 2,000円" in catalog_table(doses)
    # With each segment's price of a further unit beside it.
    assert (
        "同じ来院での2単位目以降（1単位あたり） 4,000円（会員価格 3,500円、VIP価格 3,000円）"
        in catalog_table(doses)
    )
    # A range with a typical value: the member prices join its one bracket.
    ranged = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A", "segments": ["member"]},
            "treatments": [
                {
                    "id": "exo",
                    "name": "E",
                    "price": 10000,
                    "max_units": 3,
                    "extra_unit_price": {"min": 1000, "max": 2000, "typical": 1200},
                    "extra_unit_segment_prices": {"member": 800},
                }
            ],
        }
    )
    assert "1,000円〜2,000円（標準1,200円・会員価格 800円）" in catalog_table(ranged)
    assert "（標準1,200円）（" not in catalog_table(ranged)
    english = catalog_table(ranged, locale="en_US")
    assert "(typical ¥1,200; Member price ¥800)" in english
    # Without details (here no plan, whose terms are details), no details column.
    assert "details" not in catalog_table(_catalog(offers=[]), locale="en_US")


@pytest.mark.parametrize(
    ("locale", "plan", "goods"),
    [
        (
            "ja_JP",
            "1か月の回数: 2回、最低契約期間: 3か月、入会金: 5,500円、追加1回: 12,000円",
            ("NMNサプリ", "3,240円", "単位: 箱、軽減税率対象"),
        ),
        (
            "en_US",
            (
                "Sessions a month: 2 sessions, Minimum term: 3 months, Enrollment fee: ¥5,500, "
                "Extra session: ¥12,000"
            ),
            ("NMN capsules", "¥3,240", "Unit: box, reduced tax rate"),
        ),
    ],
)
def test_catalog_table_shows_a_plans_terms_and_goods(
    locale: str, plan: str, goods: tuple[str, str, str]
) -> None:
    # Staff check a menu with `catalog show`: a plan's terms and the goods (with their
    # reduced rate) must be there, as the price list shows them.
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [{"id": "drip", "name": "点滴", "price": 15000}],
            "offers": [
                {
                    "id": "plan",
                    "kind": "subscription",
                    "treatment": "drip",
                    "monthly_fee": 25000,
                    "sessions_per_month": 2,
                    "min_months": 3,
                    "enrollment_fee": 5500,
                    "extra_session_price": 12000,
                }
            ],
            "goods": [
                {
                    "id": "caps",
                    "name": "NMNサプリ",
                    "name_en": "NMN capsules",
                    "price": 3240,
                    "tax": "reduced",
                    "unit": "箱",
                    "unit_en": "box",
                }
            ],
        }
    )
    lines = catalog_table(catalog, locale=locale).splitlines()
    rows = {line.split()[0]: line for line in lines if line.strip()}
    assert rows["plan"].endswith(plan)
    assert all(part in rows["caps"] for part in goods)


def test_catalog_table_says_whom_a_discount_is_for() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "group-discounts.toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert rows["member10"].endswith(
        "10%引き  対象: 上清液点滴の単回、条件: 会員様限定・ご紹介の方 初回5,000円引きとは併用不可"
    )
    assert rows["referral"].endswith(
        "条件: 当院が初めての方のみ・ご紹介の方限定・会員様は施術料金10%OFFとは併用不可"
    )
    english = catalog_table(catalog, locale="en_US")
    assert "members only" in english
    assert "referred patients only" in english


def test_catalog_table_names_each_ladder_step_and_its_segment_prices() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A", "segments": ["member"]},
            "treatments": [{"id": "hair", "name": "育毛", "name_en": "Hair", "price": 9800}],
            "offers": [
                {
                    "kind": "ladder",
                    "id": "hair-ladder",
                    "treatment": "hair",
                    "valid_until": "2026-12-31",
                    "steps": [
                        {"from": 1, "price": 9800},
                        {"from": 6, "price": 6800, "segment_prices": {"member": 6000}},
                        {"from": 7, "price": 5800},
                    ],
                }
            ],
        }
    )
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    # Steps from 1, 6 and 7: sessions 1 to 5, the 6th alone, the 7th on.
    assert rows["hair-ladder"].split(maxsplit=4)[4] == (
        "1〜5回目 9,800円 / 6回目 6,800円 / 7回目以降 5,800円  "
        "6回目 会員価格 6,000円、2026年12月31日まで"
    )
    english = catalog_table(catalog, locale="en_US")
    assert "sessions 1–5 ¥9,800 / session 6 ¥6,800 / from session 7 ¥5,800" in english
    assert "session 6 Member price ¥6,000, until Dec 31, 2026" in english
    # The treatment's row says the ladder prices its single sessions while on sale: its
    # price, 9,800, is then what no single session costs by itself.
    assert rows["hair"].endswith(
        "9,800円  2026年12月31日までの1回ずつの料金は回数別単価「育毛 回数別単価」"
    )
    assert (
        "until Dec 31, 2026: single sessions priced by session number "
        "(see “Hair, price by session”)" in english
    )


def test_catalog_table_names_the_ladder_of_each_dose_it_prices() -> None:
    # A ladder for a dosed treatment alone prices every dose; one for a dose, that dose only.
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [
                {
                    "id": "vitc",
                    "name": "ビタミンC",
                    "dose_unit": "g",
                    "doses": [
                        {"id": "10g", "amount": 10, "price": 10000},
                        {"id": "20g", "amount": 20, "price": 15000},
                    ],
                },
                {"id": "nmn", "name": "NMN", "price": 30000},
            ],
            "offers": [
                {
                    "kind": "ladder",
                    "id": "vitc-10",
                    "name": "10g回数別",
                    "treatment": "vitc:10g",
                    "steps": [{"from": 1, "price": 10000}, {"from": 4, "price": 8000}],
                }
            ],
        }
    )
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert rows["vitc:10g"].endswith("10,000円  1回ずつの料金は回数別単価「10g回数別」")
    assert rows["vitc:20g"].endswith("15,000円")
    assert rows["nmn"].endswith("30,000円")


def test_catalog_table_says_what_a_further_unit_costs_wherever_a_visit_can_have_one() -> None:
    # Placenta, 1,650 a vial, up to 3 a visit, with no extra_unit_price: the 2nd and 3rd
    # vials cost the session's 1,650 (members 1,500), though a ladder prices the sessions
    # (1,650 the 1st to 4th, 1,320 from the 5th): a ladder never prices a further unit.
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A", "segments": ["member"]},
            "treatments": [
                {
                    "id": "placenta",
                    "name": "プラセンタ注射",
                    "name_en": "Placenta",
                    "price": 1650,
                    "segment_prices": {"member": 1500},
                    "max_units": 3,
                    "dose_unit": "本",
                    "dose_unit_en": "vial",
                },
                {
                    "id": "vitc",
                    "name": "ビタミンC",
                    "dose_unit": "g",
                    "extra_unit_price": 8000,
                    "doses": [
                        {"id": "10g", "amount": 10, "price": 10000},
                        {"id": "20g", "amount": 20, "price": 15000, "extra_unit_price": 12000},
                    ],
                },
                # One a visit: no further unit to price.
                {"id": "nmn", "name": "NMN", "price": 30000},
            ],
            "offers": [
                {
                    "kind": "ladder",
                    "id": "placenta-ladder",
                    "treatment": "placenta",
                    "steps": [{"from": 1, "price": 1650}, {"from": 5, "price": 1320}],
                }
            ],
        }
    )
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert "同じ来院での2本目以降（1本あたり） 1,650円（会員価格 1,500円）" in rows["placenta"]
    assert "1回の来院で3本まで" in rows["placenta"]
    # A dose without its own further-unit price takes its treatment's, 8,000; the 20g its
    # own 12,000. The dosed treatment's row has no price, so no further unit either.
    assert "同じ来院での2単位目以降（1単位あたり） 8,000円" in rows["vitc:10g"]
    assert "同じ来院での2単位目以降（1単位あたり） 12,000円" in rows["vitc:20g"]
    assert "2単位目以降" not in rows["vitc"]
    assert "2単位目以降" not in rows["nmn"]
    english = catalog_table(catalog, locale="en_US")
    assert "Each further vial at the same visit ¥1,650 (Member price ¥1,500)" in english


HOSTILE = "A\x1b]0;owned\x07\x1b[2J\x00B\u202eC\u2066D\x9bE"


def _hostile_catalog() -> Catalog:
    return _catalog(
        treatments=[
            {"id": "drip", "name": HOSTILE, "price": 10000},
            {"id": "md", "name": "<script>x</script> [a](javascript:alert(1)) *b*", "price": 500},
        ],
        offers=[],
    )


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_terminal_output_replaces_control_characters_in_catalog_text(locale: str) -> None:
    # ESC, BEL, NUL, a C1 CSI and the bidi overrides each become U+FFFD; nothing else changes.
    catalog = _hostile_catalog()
    shown = "A\ufffd]0;owned\ufffd\ufffd[2J\ufffdB\ufffdC\ufffdD\ufffdE"
    texts = [
        quote_table(quote(catalog, QuoteRequest(sessions=1, on=APRIL)), catalog, locale=locale),
        catalog_table(catalog, locale=locale),
    ]
    for text in texts:
        assert shown in text
        assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_quote_csv_drops_control_and_bidi_characters_in_catalog_text(locale: str) -> None:
    from supecost.present import quote_csv

    # CSV drops what Markdown drops (ESC, BEL, NUL, C1 CSI, the bidi overrides); the
    # printable rest stays, so the name is still the catalog's.
    catalog = _hostile_catalog()
    text = quote_csv(quote(catalog, QuoteRequest(sessions=1, on=APRIL)), catalog, locale=locale)
    assert "A]0;owned[2JBCDE" in text
    assert not re.search("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", text)


def test_quote_markdown_escapes_catalog_names_as_the_report_markdown_does() -> None:
    from supecost.report.escape import md_text

    catalog = _hostile_catalog()
    name = "<script>x</script> [a](javascript:alert(1)) *b*"
    result = quote(catalog, QuoteRequest(sessions=1, treatment="md", on=APRIL))
    text = quote_markdown(result, catalog)
    assert "<script>" not in text
    assert not re.search(r"(?<!\\)\]\(javascript:", text)  # the bracket is escaped: no link
    assert md_text(name) in text
    assert "&lt;script&gt;x&lt;/script&gt; \\[a\\](javascript:alert(1)) \\*b\\*" in text


def test_a_saving_against_an_open_ended_way_says_what_it_is_at_least() -> None:
    from supecost.catalog import parse_catalog

    treatment = '[[treatments]]\nid = "iv"\nname = "点滴"\nprice = 10000\n'
    offer = 'kind = "bundle"\nid = "iv5"\nname = "点滴5回"\ntreatment = "iv"\nsessions = 5\n'
    head = "schema_version = 1\n[clinic]\nname = 'P'\n"
    text = f"{head}{treatment}[[offers]]\n{offer}price = {{ min = 60000 }}\n"
    catalog = parse_catalog(text, format="toml")
    # Singles 50,000 against the set's 60,000 at least: 10,000 saved at the low end, and at
    # the high end the set costs 60,000 or more, so at least 10,000 is saved there too.
    result = quote(catalog, QuoteRequest(sessions=5, on=APRIL))
    text = quote_table(result, catalog)
    assert "次点（点滴5回）と比べて: 下限で10,000円お得・上限で10,000円以上お得" in text
    english = quote_table(result, catalog, locale="en_US")
    assert "saves ¥10,000 at the low end, saves at least ¥10,000 at the high end" in english


def test_an_open_ended_saving_is_bounded_at_the_high_end_by_the_standard_price() -> None:
    from supecost.catalog import parse_catalog

    head = "schema_version = 2\n[clinic]\nname = 'P'\n"
    treatment = (
        '[[treatments]]\nid = "iv"\nname = "点滴"\nprice = { min = 10000, typical = 12000 }\n'
    )
    offer = '[[offers]]\nkind = "bundle"\nid = "iv5"\nname = "点滴5回"\ntreatment = "iv"\n'
    catalog = parse_catalog(f"{head}{treatment}{offer}sessions = 5\nprice = 40000\n", format="toml")
    # Singles 10,000〜 (standard 12,000) against the set's 40,000: at the high end a session
    # costs no less than the standard 12,000, so singles are at least 5 x 12,000 = 60,000 and
    # the set saves at least 60,000 - 40,000 = 20,000 there (review33 R8), not the low end's
    # 5 x 10,000 - 40,000 = 10,000.
    result = quote(catalog, QuoteRequest(sessions=5, on=APRIL))
    text = quote_table(result, catalog)
    assert (
        "都度払いと比べて: 下限で10,000円お得・標準で20,000円お得・上限で20,000円以上お得" in text
    )
    english = quote_table(result, catalog, locale="en_US")
    assert "saves at least ¥20,000 at the high end" in english


def test_summary_says_at_which_price_point_each_claim_holds() -> None:
    # Reference catalog, 5 sessions: singles 53,300〜453,300 win at the low end; it states no
    # standard price, so the typical point is the low one and is named so, never 標準. At the
    # high end the monthly plan (168,300) beats singles (453,300), but the set is open-ended
    # (103,300〜) and already cheaper at its low end (103,300 < 168,300): the winner there is
    # unknown, and the plan is the cheapest of the ways priced there, said once (review F5).
    # The set is 50,000 dearer at the low end (103,300 - 53,300), unknown at the top.
    result = quote(reference_catalog(), QuoteRequest(sessions=5, on=APRIL))
    lines = quote_table(result, reference_catalog()).splitlines()
    assert "下限の価格で最安: 都度払い — 53,300円〜453,300円" in lines
    plan = "幹細胞培養上清液点滴 月額プラン"
    assert f"上限の価格では{plan}が最安（その価格の分からない買い方を除く）：168,300円" in lines
    assert not any("分かりません" in line for line in lines)
    assert any("と比べて: 下限で50,000円お得・上限で不明" in line for line in lines)
    lead = "下限（標準価格の記載がないため）の価格で都度払いより安くなる回数: "
    assert any(line.startswith(lead) for line in lines)
    assert not any("標準:" in line or "・標準" in line for line in lines)
    english = quote_table(result, reference_catalog(), locale="en_US")
    assert "Cheapest at low prices: Single sessions" in english
    assert "Cheapest at high prices of the ways priced there: " in english
    assert "¥50,000 at the low end, unknown at the high end" in english
    assert "at low-end (no standard price is stated) prices, from:" in english


def test_a_break_even_is_not_shown_beside_a_course_that_goes_on() -> None:
    # courses.toml, hair, 3 sessions after 5 had, returning: the ladder's step from the 6th
    # session is 6,800, so 3 singles are 20,400 against the 5-set's 44,000 (5 x 8,800): the set
    # never pays off for this patient. The engine's break-even (5 sessions) is a new course's,
    # places 1 to 5: it is left out of this patient's text. Without history it is shown.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "courses.toml")
    request = QuoteRequest(
        treatment="hair", sessions=3, history={"hair": 5}, new_patient=False, on=APRIL
    )
    result = quote(catalog, request)
    assert [b.sessions for b in result.explanation.break_even] == [5]
    assert "安くなる回数" not in quote_table(result, catalog)
    fresh = quote(catalog, request.model_copy(update={"history": {}}))
    assert "標準の価格で都度払いより安くなる回数: 育毛メソセラピー 5回セット: 5回から" in (
        quote_table(fresh, catalog)
    )


def test_a_runner_up_paying_per_session_is_compared_once() -> None:
    # Example catalog, 3 sessions with NMN, new patient: the first-time price 9,800 + 2 x 33,000
    # + 3 x 22,000 NMN - 3 x 5,500 combo + 3,300 = 128,600 against singles 3 x 33,000 + 66,000
    # - 16,500 + 3,300 = 151,800: singles are also the runner-up, so 23,200 is said once.
    request = QuoteRequest(sessions=3, with_=("nmn",), on=APRIL)
    result = quote(EXAMPLE, request)
    assert result.explanation.runner_up == Way.singles()
    for locale, saving in (("ja_JP", "23,200円お得"), ("en_US", "saves ¥23,200")):
        text = quote_table(result, EXAMPLE, locale=locale)
        assert text.count(saving) == 1, text
    # Another runner-up keeps its own line beside the one against singles.
    five = quote_table(quote(EXAMPLE, QuoteRequest(sessions=8, on=APRIL)), EXAMPLE)
    assert "次点（" in five


def test_quote_and_estimate_label_payments_alike() -> None:
    from supecost.report import estimate, render

    request = QuoteRequest(sessions=8, months=6, with_=("nmn",), on=APRIL)
    result = quote(EXAMPLE, request)
    terminal = quote_table(result, EXAMPLE)
    document = render(estimate(result, EXAMPLE, issued=APRIL), "md")
    # First visit 73,600; month 4 (3 months after the first) 27,500 + 22,000 (its second
    # visit is the plan's extra session) + 2 x 16,500 = 82,500, in both.
    assert "1か月目（初回ご利用時）: 73,600円" in terminal
    assert "| 1か月目（初回ご利用時） | 73,600円 |" in document
    assert "4か月目: 82,500円" in terminal
    assert "| 4か月目 | 82,500円 |" in document
    assert "初回ご利用時 " not in document


def test_a_quote_before_tax_with_months_says_why_it_has_no_payment_schedule() -> None:
    # _catalog's prices are before tax: 3 drips 3 x 10,000 + 10% = 33,000 on one bill; the tax
    # is rounded once for it, so no month's share of it is given.
    result = quote(_catalog(), QuoteRequest(treatment="drip", sessions=3, months=3, on=APRIL))
    assert result.best.payments == ()
    japanese = quote_table(result, _catalog())
    assert "月ごとのお支払い額は表示しません" in japanese
    assert "税率ごとに1回だけ端数処理する" in japanese
    english = quote_markdown(result, _catalog(), locale="en_US")
    assert "No month-by-month payments: this catalog's prices are before tax" in english
    # Without months there is no schedule to explain.
    plain = quote(_catalog(), QuoteRequest(treatment="drip", sessions=3, on=APRIL))
    assert "月ごと" not in quote_table(plain, _catalog())


def test_contract_price_per_session_shows_fractions_of_a_yen() -> None:
    from supecost.catalog import ContractRules
    from supecost.contracts import Contract, ContractLine, contract_report
    from supecost.present import contract_table

    # 100,000 for 3 sessions: 33,333.333... a session, shown as the contract's own division
    # and cut down to 33,333.33, marked as cut (…) and as money, as every amount beside it.
    line = ContractLine(label="set", kind="bundle", amount=100_000, sessions=3)
    contract = Contract.from_lines(
        [line], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    text = contract_table(contract_report(contract, today=date(2024, 5, 1)), locale="en_US")
    assert "Contract price per session: ¥100,000 / 3 (¥33,333.33…)" in text
    ja = contract_table(contract_report(contract, today=date(2024, 5, 1)), locale="ja_JP")
    assert "1回あたりの契約単価: 100,000円÷3（33,333.33…円）" in ja


def test_a_per_session_price_is_the_contract_s_total_over_its_sessions_never_reduced() -> None:
    from supecost.catalog import ContractRules
    from supecost.contracts import Contract, ContractLine, contract_report
    from supecost.present import contract_table

    # F18: 6 sessions for 308,000 (280,000 before tax): 308,000 / 6 = 51,333.33..., which
    # reduces to 154,000 / 3, a figure on no contract. One session given is worth 51,333
    # (rounded down); outstanding 256,667, 20% is 51,333.4, so the cap 50,000: 101,333 kept.
    line = ContractLine(label="2cc x 6", kind="bundle", amount=308_000, sessions=6)
    contract = Contract.from_lines(
        [line], received=date(2026, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    report = contract_report(contract, today=date(2026, 5, 1), used=1)
    assert (report.lines[0].amount, report.keep_max) == (51_333, 101_333)
    given = report.lines[0]
    assert (given.contract_total, given.contract_sessions, given.price) == (
        308_000,
        6,
        Fraction(154_000, 3),
    )
    ja = contract_table(report, locale="ja_JP")
    assert "1回あたりの契約単価: 308,000円÷6（51,333.33…円）" in ja
    assert "契約上の1回あたり単価308,000円÷6（51,333.33…円）×1回、1円未満切り捨て）：51,333円" in ja
    en = contract_table(report, locale="en_US")
    assert "(1 at ¥308,000 / 6 (¥51,333.33…), rounded down): ¥51,333" in en
    assert "154,000" not in ja + en


@pytest.mark.parametrize(
    ("unit", "includes_tax", "ja", "en"),
    [
        ("set", False, "1セットあたり140,000円（税抜）", "¥140,000 a set (before tax)"),
        ("month", True, "1か月あたり140,000円（税込）", "¥140,000 a month (tax incl.)"),
        ("session", False, "1回あたり140,000円（税抜）", "¥140,000 a session (before tax)"),
    ],
)
def test_a_price_given_is_shown_with_what_it_was_read_as(
    unit: str, includes_tax: bool, ja: str, en: str
) -> None:
    from supecost.contracts import AgreedPrice, Contract, ContractLine, contract_report
    from supecost.present import contract_csv, contract_table

    agreed = AgreedPrice(amount=140_000, includes_tax=includes_tax, unit=unit)  # type: ignore[arg-type]
    line = ContractLine(label="set", kind="bundle", amount=154_000, sessions=3)
    contract = Contract.from_lines([line], received=date(2026, 4, 1), agreed=agreed)
    report = contract_report(contract, today=date(2026, 5, 1))
    assert f"契約金額: 154,000円\n  指定された価格: {ja}\n" in contract_table(report)
    assert f"Price given: {en}\n" in contract_table(report, locale="en_US")
    # No amount column: a price before tax would sit among the amounts with tax.
    assert f'契約,指定された価格,,,,"{ja}"\r\n' in contract_csv(report)


def test_a_settlement_line_built_without_its_contract_s_figures_shows_its_fraction() -> None:
    from supecost.contracts import SettlementLine
    from supecost.present import settlement_text

    # Only the price is known: 104,500 / 3 = 34,833.33..., its lowest terms are all there is.
    line = SettlementLine(
        code="sessions_given", amount=34_833, sessions=1, price=Fraction(104_500, 3)
    )
    assert "1 at ¥104,500 / 3 (¥34,833.33…)" in settlement_text(line, "en_US")


def test_an_unserved_plan_is_explained_in_the_readers_language() -> None:
    # The plan allows one session a month and sells no extras: a quote stored when 3
    # sessions in one month failed it still reads in either language.
    catalog = _catalog()
    result = _stored_unserved(catalog)
    # Priced today, the plan serves: 8,000 + 2 x 10,000 = 28,000 before tax, 3 x 10,000 singly.
    fresh = quote(catalog, QuoteRequest(sessions=3, months=1, on=APRIL))
    assert fresh.unserved == ()
    ja = quote_table(result, catalog, locale="ja_JP")
    assert "月1回まで・追加回数なしのため、1か月で3回には使えません" in ja
    en = quote_table(result, catalog, locale="en_US")
    assert "allows 1 session(s) a month and no extra sessions, so it cannot serve 3" in en


# --- contracts: codes and values from the contracts module, words chosen here ---------------


def _contract_reports() -> dict[str, ContractReport]:
    """One contract report per kind of settlement; between them, every settlement code."""
    from supecost.catalog import ContractRules
    from supecost.contracts import (
        Assumptions,
        ClinicTerms,
        Contract,
        ContractLine,
        MonthlyTerms,
        contract_report,
    )

    cosmetic, none = ContractRules.COSMETIC_MEDICINE, ContractRules.NONE
    received = date(2024, 4, 1)
    six = ContractLine(label="6回コース", kind="bundle", amount=510_000, sessions=6)
    a_set = Contract.from_lines([six], received=received, rules=cosmetic, period_months=12)
    three = ContractLine(label="3回", kind="bundle", amount=104_500, sessions=3)
    fraction = Contract.from_lines([three], received=received, rules=cosmetic)
    terms = MonthlyTerms(
        monthly_fee=33_000, months=6, min_months=6, enrollment_fee=11_000,
        early_termination_fee=22_000, start=received,
    )  # fmt: skip
    plan_lines = [
        ContractLine(label="入会金", kind="enrollment", amount=11_000),
        ContractLine(label="月額", kind="subscription", amount=198_000, sessions=6, quantity=6),
        ContractLine(label="美容液", kind="other", amount=10_000),
    ]
    plan = Contract.from_lines(
        plan_lines, received=received, rules=none, period_months=6, monthly=terms
    )
    clinic = ClinicTerms(before_start_fee=10_000, fee_rate="12.5%", fee_cap=30_000)
    service = Assumptions(enrollment_fee_is_service=True)
    lapsed = Assumptions(expired_sessions_refundable=False)
    june = date(2024, 6, 1)
    return {
        # DOMAIN 4: 510,000 for 6, 2 given: 170,000 + min(50,000, 20% of 340,000).
        "set cancelled": contract_report(a_set, today=june, used=2),
        "set cooling-off": contract_report(a_set, today=date(2024, 4, 8), used=1),
        "set not started": contract_report(a_set, today=june),
        "set before start": contract_report(a_set, today=june, clinic_terms=clinic),
        "set, clinic terms": contract_report(a_set, today=june, used=2, clinic_terms=clinic),
        # Half the outstanding 340,000 is above the statute's 50,000: the statute decides.
        "set, dearer clinic terms": contract_report(
            a_set, today=june, used=2, clinic_terms=ClinicTerms(fee_rate="50%")
        ),
        "set lapsed": contract_report(a_set, today=date(2025, 5, 1), used=2, assumptions=lapsed),
        "no document": contract_report(
            a_set.model_copy(update={"received": None}), today=june, used=1
        ),
        "fractional price": contract_report(fraction, today=june, used=1),
        "not covered": contract_report(a_set.model_copy(update={"rules": none}), today=june),
        "monthly plan cancelled": contract_report(plan, today=date(2024, 5, 10), used=1),
        # 解約金 99,000, cancelled in month 5: 5 x 33,000 + 99,000 = 264,000 > the term's
        # 6 x 33,000 = 198,000, so the catalog's terms keep the term (min_term).
        "monthly plan, the term below the fee": contract_report(
            plan.model_copy(
                update={"monthly": terms.model_copy(update={"early_termination_fee": 99_000})}
            ),
            today=date(2024, 8, 10),
            used=5,
        ),
        "monthly plan, enrollment as service": contract_report(
            plan.model_copy(update={"rules": cosmetic}),
            today=date(2024, 5, 10),
            used=1,
            assumptions=service,
        ),
    }


def _settlement_texts(locale: str) -> dict[str, str]:
    """Each report as ``supecost contract`` prints it, and a fees-only settlement's lines."""
    from supecost.contracts import ClinicTerms, Contract, ContractLine, settle
    from supecost.present import contract_table, settlement_note_text, settlement_text

    texts = {kind: contract_table(r, locale=locale) for kind, r in _contract_reports().items()}
    # Started without a session, on a contract that fixes none: valued at nothing.
    fees = Contract.from_lines([ContractLine(label="手数料", kind="other", amount=50_000)],
                               received=date(2024, 4, 1))  # fmt: skip
    result = settle(fees, on=date(2024, 6, 1), used=0, started=True,
                    clinic_terms=ClinicTerms(fee_rate="10%"))  # fmt: skip
    texts["fees only"] = "\n".join(
        [*(settlement_text(line, locale) for line in result.lines),
         *(settlement_note_text(note, locale) for note in result.notes)]
    )  # fmt: skip
    return texts


def test_every_settlement_code_is_among_the_rendered_kinds() -> None:
    from supecost.contracts import SettlementCode

    seen = {line.code for r in _contract_reports().values() for line in r.lines}
    seen |= {SettlementCode.NO_SESSIONS}  # the fees-only settlement of _settlement_texts
    assert seen == set(SettlementCode)
    bases = {note.basis for r in _contract_reports().values() for note in r.notes}
    assert bases == {"statute", "catalog_terms", "clinic_terms"}


def test_a_japanese_contract_has_no_english_words() -> None:
    # The reports above carry no catalog text (the lines' labels are never shown), so no
    # Latin word at all may appear: only the words of the Japanese message table.
    for kind, text in _settlement_texts("ja_JP").items():
        assert re.findall(r"[A-Za-z]{2,}", text) == [], kind


def test_a_clinics_own_name_for_its_terms_is_shown_as_given() -> None:
    from supecost.catalog import ContractRules
    from supecost.contracts import ClinicTerms, Contract, ContractLine, contract_report
    from supecost.present import contract_table

    six = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
    contract = Contract.from_lines(
        [six], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    terms = ClinicTerms(name="当院規約 v2", fee_rate="10%")
    report = contract_report(contract, today=date(2024, 6, 1), used=2, clinic_terms=terms)
    ja = contract_table(report, locale="ja_JP")
    # 170,000 given + 10% of 340,000 = 204,000, below the statute's 220,000.
    assert "当院規約 v2による解約手数料（契約残額340,000円の10%）：34,000円" in ja
    # One colon in the Japanese of what may be kept, the full-width one its parts use.
    breakdown = ja.split("受け取れる額の内訳")[1].split("返金額")[0]
    assert ": " not in breakdown
    assert "美容医療（特定継続的役務提供）の規制による上限：220,000円" in ja


def test_english_contract_lines_read_as_sentences() -> None:
    texts = _settlement_texts("en_US")
    assert (
        "  - value of 2 sessions given at the contract's per-session price (2 at ¥85,000): "
        "¥170,000\n  - cancellation allowance: the lower of ¥50,000 and 20% of the outstanding "
        "¥340,000 (¥68,000): ¥50,000\n"
    ) in texts["set cancelled"]
    cooling_off = texts["set cooling-off"]
    assert "  - cooling-off until Apr 8, 2024, so nothing may be kept: ¥0" in cooling_off
    # Before start: the statute's 20,000 against the clinic's 10,000.
    assert (
        "  - before treatment starts, under the clinic's own terms: ¥10,000"
        in (texts["set before start"])
    )
    assert (
        "  - the rules for cosmetic medicine (specified continuous service): at most ¥20,000"
    ) in texts["set before start"]
    # 170,000 + min(12.5% of 340,000 = 42,500, 30,000) = 200,000.
    assert (
        "cancellation fee under the clinic's own terms (12.5% of the outstanding ¥340,000, "
        "at most ¥30,000): ¥30,000"
    ) in texts["set, clinic terms"]
    assert (
        "the contract period ended on Apr 1, 2025, so unused sessions lapsed and the whole "
        "amount is kept: ¥510,000"
    ) in texts["set lapsed"]
    assert (
        "cooling-off (no contract document was received, so the period never began)"
        in (texts["no document"])
    )
    # 104,500 / 3 = 34,833.33...: one session is 34,833, rounded down.
    assert (
        "value of 1 session given at the contract's per-session price (1 at ¥104,500 / 3 "
        "(¥34,833.33…), rounded down): ¥34,833"
    ) in texts["fractional price"]
    assert (
        "up to the whole contract amount (the clinic's own terms can lower it)"
        in (texts["not covered"])
    )
    plan = texts["monthly plan cancelled"]
    # Enrollment 11,000, 2 months begun at 33,000, the serum 10,000, termination 22,000.
    for line in (
        "  - enrollment fee: ¥11,000",
        "  - fees of 2 months begun, at ¥33,000 a month: ¥66,000",
        "  - other lines of the contract: ¥10,000",
        "  - early termination fee, within the minimum term of 6 months: ¥22,000",
    ):
        assert line in plan
    assert (
        "enrollment fee, counted as a service given: ¥11,000"
        in (texts["monthly plan, enrollment as service"])
    )
    # s31 review 9: the sessions divide 219,000 - 11,000 = 208,000, which is no price of the
    # contract's (its facts say 219,000 / 6): worded as that amount over the sessions.
    # 208,000 / 6 = 34,666.66…, rounded down for the 1 session given.
    assert (
        "  - value of 1 session given at the contract amount less the enrollment fee over its "
        "sessions (1 at ¥208,000 / 6 (¥34,666.66…), rounded down): ¥34,666"
    ) in texts["monthly plan, enrollment as service"]
    assert (
        "per-session price"
        not in texts["monthly plan, enrollment as service"].split("What may be kept")[1]
    )
    japanese = _settlement_texts("ja_JP")["monthly plan, enrollment as service"]
    assert (
        "提供済み1回分の対価（入会金を除く契約金額208,000円÷6（34,666.66…円）×1回、1円未満切り捨て）"
        in japanese
    )
    assert texts["fees only"] == (
        "no sessions given (the contract fixes no sessions)\n"
        "cancellation fee under the clinic's own terms (10% of the outstanding ¥50,000)"
    )
    assert (
        "before treatment starts, at most ¥20,000 under the rules for cosmetic medicine"
        in (texts["set not started"])
    )


def test_the_heading_names_units_per_visit_and_the_segment() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "example-v2.toml")
    request = QuoteRequest(treatment="placenta", sessions=4, units=3, on=date(2026, 6, 1))
    assert (
        quote_table(quote(catalog, request), catalog)
        .splitlines()[0]
        .startswith("プラセンタ注射（3本） × 4回")
    )
    english = quote_table(quote(catalog, request), catalog, locale="en_US").splitlines()[0]
    assert english.startswith("Placenta injection (3 amp) × 4 sessions")
    one = QuoteRequest(treatment="placenta", sessions=4, on=date(2026, 6, 1))
    assert (
        quote_table(quote(catalog, one), catalog).splitlines()[0].startswith("プラセンタ注射 × 4回")
    )
    segment = catalog.clinic.segment_ids[0]
    member = QuoteRequest(treatment="placenta", sessions=1, segment=segment, on=date(2026, 6, 1))
    assert "・会員価格・" in quote_table(quote(catalog, member), catalog).splitlines()[0]


def _body_make() -> tuple[Catalog, QuoteRequest]:
    """courses.toml: 2 sessions of clatuu-2 with 2 of stimsure-2, which body-make serves."""
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "courses.toml")
    request = QuoteRequest(
        treatment="clatuu-2",
        sessions=2,
        with_=({"treatment": "stimsure-2", "sessions": 2},),
        on=date(2026, 4, 1),
    )
    return catalog, request


@pytest.mark.parametrize(
    ("locale", "cell"),
    [
        ("ja_JP", "ボディメイクコース（スティムシュア 2エリア：未使用2回）"),
        ("en_US", "ボディメイクコース (スティムシュア 2エリア: 2 unused)"),
    ],
)
def test_a_package_names_another_treatments_unused_sessions(locale: str, cell: str) -> None:
    # body-make holds 2 clatuu-2 and 4 stimsure-2; the request needs 2 of each.
    catalog, request = _body_make()
    first_row = quote_table(quote(catalog, request), catalog, locale=locale).splitlines()[3]
    assert cell in first_row


@pytest.mark.parametrize(
    ("locale", "contents", "kind"),
    [
        ("ja_JP", "クラツーα 2エリア 2回＋スティムシュア 2エリア 4回", "コース初回価格"),
        (
            "en_US",
            "クラツーα 2エリア 2 sessions + スティムシュア 2エリア 4 sessions",
            "package, first-time",
        ),
    ],
)
def test_the_quotes_lines_name_a_package_with_its_contents_as_the_estimate(
    locale: str, contents: str, kind: str
) -> None:
    from supecost.report import estimate, render

    # The quote's text and the estimate name a line through report.lines.line_name; before,
    # the quote's own copy left a package's contents out. The kind column keeps the kind's
    # words (コース初回価格), so the name does not say 初回限定価格 a second time.
    catalog, request = _body_make()
    result = quote(catalog, request)
    assert result.best.label == "package:body-make"
    text = quote_table(result, catalog, locale=locale)
    row = next(line for line in text.splitlines() if line.startswith("ボディメイクコース"))
    assert contents in row
    assert kind in row
    assert ("初回限定価格" if locale == "ja_JP" else "first-time price") not in row
    sheet = estimate(result, catalog, issued=date(2026, 4, 1), locale=locale)
    assert contents in render(sheet, "md")


@pytest.mark.parametrize(
    ("rules", "en", "ja"),
    [
        # --rules cosmetic_medicine on a catalog without contract_rules: the caller decided.
        (
            "cosmetic_medicine",
            (
                "  Rules from: given for this contract, not the catalog's flag",
                (
                    "  - the rules for cosmetic medicine (specified continuous service) were given "
                    "for this contract, not taken from the catalog's flag"
                ),
            ),
            (
                "  ルールの根拠: この契約についての指定（カタログの指定ではありません）",
                (
                    "  - 「美容医療（特定継続的役務提供）」の規制は、カタログの指定ではなく、"
                    "この契約について指定されたものです"
                ),
            ),
        ),
        # No --rules and no contract_rules in the catalog: the default, not the catalog's word.
        (
            None,
            (
                "  Rules: treated as not covered",
                "  Rules from: the default: the catalog sets no flag",
                (
                    "  - the catalog does not flag the treatment or offer (no contract_rules), "
                    "so by default it is treated as not covered; supecost never infers "
                    "coverage, so only the clinic's own terms apply"
                ),
            ),
            (
                "  適用ルール: 対象外として扱う",
                "  ルールの根拠: 既定値（カタログに指定がありません）",
                (
                    "  - カタログはこの治療・プランに特定継続的役務提供の指定をしていないため、"
                    "既定で対象外として扱います。対象かどうかは推測しないため、"
                    "医療機関の約款だけが適用されます。"
                ),
            ),
        ),
    ],
)
def test_a_contract_says_where_its_rules_came_from(
    rules: str | None, en: tuple[str, ...], ja: tuple[str, ...]
) -> None:
    from supecost.catalog import ContractRules, load_catalog
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.present import contract_table

    # example.toml has no contract_rules and no cancellation terms for its 5-session set.
    contract = contract_for_offer(
        load_catalog("tests/data/example.toml"),
        "sup-iv-5",
        received=date(2026, 4, 1),
        rules=None if rules is None else ContractRules(rules),
    )
    report = contract_report(contract, today=date(2026, 11, 29))
    english, japanese = (contract_table(report, locale=locale) for locale in ("en_US", "ja_JP"))
    for line in en:
        assert line in english.splitlines()
    for line in ja:
        assert line in japanese.splitlines()
    for text in (english, japanese):
        assert "the catalog flags" not in text
        assert "the catalog says so" not in text
        assert "catalog's terms" not in text
        assert "カタログの条件" not in text
        assert "カタログの指定）" not in text


@pytest.mark.parametrize("source", ["catalog", "caller", "default"])
def test_a_japanese_reason_of_two_sentences_ends_as_a_sentence(source: str) -> None:
    from supecost.contracts import Reason
    from supecost.present import reason_text

    # A reason of one sentence is a list item without 「。」; one whose first sentence
    # ends in 「。」 ends its second one alike.
    text = reason_text(Reason(code="not_flagged", source=source))
    assert text.count("。") == 2
    assert text.endswith("医療機関の約款だけが適用されます。")
    single = reason_text(Reason(code="flagged", rules="beauty_salon", source="catalog"))
    assert "。" not in single


def test_the_catalogs_own_flag_is_worded_as_the_catalogs() -> None:
    from supecost.contracts import Reason
    from supecost.present import reason_text

    flagged = Reason(code="flagged", rules="beauty_salon", source="catalog")
    assert reason_text(flagged, "en_US") == (
        "the catalog flags the treatment or offer as covered: "
        "beauty salon (specified continuous service)"
    )
    assert reason_text(flagged) == (
        "カタログはこの治療・プランを「エステティックサロン（特定継続的役務提供）」の対象と指定しています"
    )
    assert reason_text(Reason(code="not_flagged", source="catalog")).startswith(
        "カタログはこの治療・プランを特定継続的役務提供の対象外と指定しています。"
    )


def test_a_session_range_reads_in_each_language() -> None:
    # 4 to 6 sessions: an en dash in English, 〜 in Japanese; no catalog text is involved.
    catalog = load_catalog("tests/data/example.toml")
    result = quote(catalog, QuoteRequest(sessions=SessionRange(min=4, max=6), on=date(2026, 4, 1)))
    english = quote_table(result, catalog, locale="en_US").splitlines()[0]
    japanese = quote_table(result, catalog, locale="ja_JP").splitlines()[0]
    assert english.startswith("Stem-cell culture supernatant IV drip × 4–6 sessions · ")
    assert japanese.startswith("幹細胞培養上清液点滴 × 4〜6回・")
    assert "〜" not in english


def test_catalog_show_words_combos_and_limits_per_locale() -> None:
    english = catalog_table(load_catalog("tests/data/example.toml"), locale="en_US")
    japanese = catalog_table(load_catalog("tests/data/example.toml"), locale="ja_JP")
    # The combo's ¥5,500 is taken off, never charged: worded as the price list words it.
    assert "Stem-cell culture supernatant IV drip + NMN点滴" in english
    assert re.search(
        r"Stem-cell culture supernatant IV drip \+ NMN点滴 +¥5,500 off$", english, re.M
    )
    assert "幹細胞培養上清液点滴＋NMN点滴" in japanese
    assert re.search(r"幹細胞培養上清液点滴＋NMN点滴 +5,500円引き$", japanese, re.M)
    assert "＋" not in english
    v2 = catalog_table(load_catalog("tests/data/example-v2.toml"), locale="en_US")
    # A list of details continues in lower case (amp is the catalog's dose_unit_en).
    assert (
        "Each further amp at the same visit ¥1,000 (Member price ¥900), up to 5 amp a visit" in v2
    )
    # A fee the patient chooses, with the fees of its group.
    assert re.search(
        r"^travel-outside +fee +Home visit \(outside the 23 wards\) +¥11,000 +every visit, only if "
        r"requested, one of Home visit \(Tokyo 23 wards\) or Home visit \(outside the 23 "
        r"wards\)$",
        v2,
        re.M,
    )
    # A group the catalog names (fee_groups) is named as the price list names it, which
    # says the fee is optional too.
    text = (pathlib.Path(__file__).parent / "data" / "example-v2.toml").read_text(encoding="utf-8")
    text += '\n[[fee_groups]]\nid = "travel"\nname = "出張費"\nname_en = "Home visit"\n'
    named = parse_catalog(text, format="toml")
    assert re.search(
        r"^travel-23ku +fee +Home visit \(Tokyo 23 wards\) +¥5,500 +every visit, Home visit "
        r"\(one of these, only if requested\)$",
        catalog_table(named, locale="en_US"),
        re.M,
    )
    assert re.search(
        r"^travel-23ku +諸費用 +出張費（23区内） +5,500円 +"
        r"ご利用ごと、出張費（いずれか1つ・ご希望の場合のみ）$",
        catalog_table(named),
        re.M,
    )


def test_one_owner_joins_item_names() -> None:
    from supecost.report.names import display_names, join_names

    # An unnamed package or combo is named after its treatments, joined per language.
    assert join_names(["A", "B", "C"]) == "A＋B＋C"
    assert join_names(["A", "B"], english=True) == "A + B"
    catalog = load_catalog("tests/data/example.toml")
    assert display_names(catalog, "sup-iv-with-nmn") == (
        "幹細胞培養上清液点滴＋NMN点滴",
        "Stem-cell culture supernatant IV drip + NMN点滴",
    )


def test_catalog_table_says_a_fee_is_waived_when_treated() -> None:
    text = (pathlib.Path(__file__).parent / "data" / "example-v2.toml").read_text(encoding="utf-8")
    text += (
        '\n[[fees]]\nid = "consult"\nname = "診察料"\nprice = 3300\nwaived_when_treated = true\n'
    )
    catalog = parse_catalog(text, format="toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert rows["consult"].endswith("3,300円  初診時（当院が初めての方）、施術を受けた日は無料")
    english = catalog_table(catalog, locale="en_US")
    assert "waived on a day with treatment" in english


def test_catalog_table_says_when_a_return_visit_or_scoped_fee_is_charged() -> None:
    text = (pathlib.Path(__file__).parent / "data" / "example-v2.toml").read_text(encoding="utf-8")
    text += (
        '\n[[fees]]\nid = "revisit"\nname = "再診料"\nprice = 1100\ncharged = "return_visit"\n'
        '\n[[fees]]\nid = "care"\nname = "ケア"\nprice = 2200\ncharged = "every_visit"\n'
        'applies_to = ["placenta"]\n'
    )
    catalog = parse_catalog(text, format="toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert rows["revisit"].endswith("1,100円  再診ごと（初診の日を除くご利用ごと）")
    assert rows["care"].endswith("対象: プラセンタ注射、対象の治療のご利用ごと")
    english = catalog_table(catalog, locale="en_US")
    assert "every return visit (each visit but a new patient's first)" in english
    assert "every visit with a treatment it applies to" in english


# ---------------------------------------------------------------------------
# Quotes and contracts as CSV: parsed back with the csv module, rows worked by hand


def _csv_rows(text: str) -> list[list[str]]:
    import csv
    import io

    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline="")))


def test_quote_csv_gives_each_way_with_its_range_points_in_whole_yen() -> None:
    from supecost.present import quote_csv

    catalog = reference_catalog()
    result = quote(catalog, QuoteRequest(sessions=5, on=APRIL))
    header, *rows = _csv_rows(quote_csv(result, catalog))
    assert header == [
        "治療", "回数", "順位", "ID", "買い方", "購入する回数", "未使用の回数",
        "小計（下限）", "小計（標準）", "小計（上限）",
        "合計（税込・下限）", "合計（税込・標準）", "合計（税込・上限）",
        "1回あたり（下限）", "1回あたり（標準）", "1回あたり（上限）", "単価に含む割引",
    ]  # fmt: skip
    name = "幹細胞培養上清液点滴"
    assert rows == [
        # 10,000 to 90,000 a session, no typical price, and the 3,300 first consultation:
        # 5 x 10,000 + 3,300 = 53,300 and 5 x 90,000 + 3,300 = 453,300; a fifth of each is
        # 10,660 and 90,660 a session. Tax-included prices: the subtotal is the total.
        [name, "5", "1", "singles", "都度払い", "5", "0",
         "53300", "", "453300", "53300", "", "453300", "10660", "", "90660", ""],
        # The set is 100,000 or more (no high end): 103,300 with the consultation, 20,660
        # a session, the high end empty.
        [name, "5", "2", "bundle:sup-iv-set", f"{name} 5回セット", "5", "0",
         "103300", "", "", "103300", "", "", "20660", "", "", ""],
        # 6 months of the 27,500 plan for 5 sessions, one left unused: 165,000 + 3,300 =
        # 168,300, exact, so its typical point is known; per session asked, 168,300 / 5.
        [name, "5", "3", "subscription:sup-iv-monthly", f"{name} 月額プラン", "6", "1",
         "168300", "168300", "168300", "168300", "168300", "168300", "33660", "33660", "33660",
         ""],
    ]  # fmt: skip


def test_quote_csv_of_a_tax_excluded_catalog_has_the_subtotal_before_tax() -> None:
    from supecost.present import quote_csv

    catalog = _catalog()
    result = quote(catalog, QuoteRequest(sessions=2, on=APRIL))
    _, *rows = _csv_rows(quote_csv(result, catalog, locale="en_US"))
    assert rows == [
        # 2 months of the 8,000 plan = 16,000 before tax, + 10% = 17,600; 8,800 a session.
        ["点滴 | A", "2", "1", "subscription:plan", "点滴 | A, monthly plan", "2", "0",
         "16000", "16000", "16000", "17600", "17600", "17600", "8800", "8800", "8800", ""],
        # 2 x 10,000 = 20,000 before tax, + 10% = 22,000; 11,000 a session.
        ["点滴 | A", "2", "2", "singles", "Single sessions", "2", "0",
         "20000", "20000", "20000", "22000", "22000", "22000", "11000", "11000", "11000", ""],
    ]  # fmt: skip
    # The reduced rate: 2 x 3,000 = 6,000 before tax, + 8% = 6,480.
    supplement = quote(catalog, QuoteRequest(sessions=2, treatment="supp", on=APRIL))
    [_, row] = _csv_rows(quote_csv(supplement, catalog, locale="en_US"))
    assert row[7:13] == ["6000", "6000", "6000", "6480", "6480", "6480"]


def test_quote_csv_numbers_a_batchs_rows_under_one_header() -> None:
    from supecost.present import quote_csv, quote_csv_header

    catalog = load_catalog("tests/data/example.toml")
    result = quote(catalog, QuoteRequest(sessions=5, on=APRIL), ways="best")
    header = quote_csv_header(locale="en_US", numbered=True, bom=True)
    body = quote_csv(result, catalog, locale="en_US", line=7, header=False)
    # The header alone, then the rows alone, are the numbered CSV with its header.
    assert header + body == quote_csv(result, catalog, locale="en_US", line=7, bom=True)
    assert header.startswith("\ufeffLine,Treatment,Sessions,#,id,")
    # 9,800 first time + 4 x 33,000 + 3,300 = 145,100, 29,020 a session (145,100 / 5).
    assert _csv_rows(body) == [
        ["7", "Stem-cell culture supernatant IV drip", "5", "1", "intro",
         "First-time price, then singles", "5", "0",
         "145100", "145100", "145100", "145100", "145100", "145100", "29020", "29020", "29020",
         ""],
    ]  # fmt: skip


def test_quote_csv_keeps_another_treatments_unused_sessions_with_the_name() -> None:
    from supecost.present import quote_csv

    # As in the table: body-make holds 2 clatuu-2 and 4 stimsure-2; 2 of each are asked.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "courses.toml")
    request = QuoteRequest(
        treatment="clatuu-2",
        sessions=2,
        with_=({"treatment": "stimsure-2", "sessions": 2},),
        on=APRIL,
    )
    _, first, *_ = _csv_rows(quote_csv(quote(catalog, request), catalog))
    cell = "ボディメイクコース（スティムシュア 2エリア：未使用2回）"
    assert first[3:7] == ["package:body-make", cell, "2", "0"]


def test_a_japanese_quote_csv_has_no_english_but_the_catalogs_ids() -> None:
    from supecost.present import quote_csv

    catalog = reference_catalog()
    result = quote(catalog, QuoteRequest(sessions=3, months=3, on=APRIL))
    for row in _csv_rows(quote_csv(result, catalog)):
        # The ID column is the way's label: the catalog's own ids, as in JSON.
        assert re.findall(r"[A-Za-z]{2,}", ",".join(row[:3] + row[4:])) == [], row


def test_catalog_text_that_reads_as_a_formula_is_neutralised_in_quote_csv() -> None:
    from supecost.present import quote_csv

    catalog = _catalog(
        treatments=[
            {"id": "drip", "name": "=HYPERLINK(\"http://x\",\"A\")", "price": 10000},
            {"id": "vit", "name": "+cmd|'/c calc'!A1", "price": 5000},
        ],
        offers=[
            {"kind": "bundle", "id": "set", "treatment": "drip", "name": "@SUM(1+1)",
             "sessions": 2, "price": 18000},
            {"kind": "bundle", "id": "set-b", "treatment": "vit", "name": "-2+3",
             "sessions": 2, "price": 9000},
        ],
    )  # fmt: skip
    texts = [
        quote_csv(quote(catalog, QuoteRequest(sessions=2, on=APRIL)), catalog),
        quote_csv(quote(catalog, QuoteRequest(sessions=2, treatment="vit", on=APRIL)), catalog),
    ]
    cells = [cell for text in texts for row in _csv_rows(text) for cell in row]
    assert '\'=HYPERLINK("http://x","A")' in cells
    assert "'+cmd|'/c calc'!A1" in cells
    assert "'@SUM(1+1)" in cells
    assert "'-2+3" in cells
    # Every text cell that starts like a formula was given the quote; numbers stay numbers.
    for cell in cells:
        assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
        assert not cell.startswith("-") or re.fullmatch(r"-[0-9]+", cell), cell


def test_contract_csv_gives_each_fact_and_line_as_data() -> None:
    from supecost.present import contract_csv

    report = _contract_reports()["set cancelled"]
    rows = _csv_rows(contract_csv(report))
    assert rows[0] == ["区分", "項目", "回数", "金額", "日付", "表示"]
    # DOMAIN 4: 510,000 for 6 sessions, 2 given, cancelled on 1 June 2024 (received 1 April):
    # 85,000 a session; 2 x 85,000 = 170,000 given; the allowance is the lower of 50,000 and
    # 20% of the outstanding 340,000 (68,000); keep 220,000; refund 510,000 - 220,000.
    facts = {row[1]: row[2:] for row in rows if row[0] == "契約"}
    assert facts["契約書面の受領日"] == ["", "", "2024-04-01", "2024年4月1日"]
    # Cooling-off: 8 days counting the day received, 1 April to 8 April.
    # The date as data, and beside it what it gives (DOMAIN §4: cancelled within it, nothing
    # is owed), worded from the message table.
    assert facts["クーリング・オフ期限"] == [
        "",
        "",
        "2024-04-08",
        "2024年4月8日（この日までに解約すれば、支払う必要はありません）",
    ]
    assert facts["契約金額"] == ["", "510000", "", "510,000円"]
    assert facts["1回あたりの契約単価"] == ["", "85000", "", "85,000円"]
    assert facts["利用回数"] == ["2", "", "", "2 / 6"]
    assert facts["契約の回数"] == ["6", "", "", "6回"]
    assert facts["事業者が受け取れる上限"] == ["", "220000", "", "220,000円"]
    assert facts["返金額（最低）"] == ["", "290000", "", "290,000円"]
    lines = [row[2:5] for row in rows if row[0] == "受け取れる額の内訳"]
    assert lines == [["2", "170000", ""], ["", "50000", ""]]
    assert sum(int(amount) for _, amount, _ in lines) == 220_000
    assert len([row for row in rows if row[0] == "判定の理由"]) == len(report.reasons)
    assert rows[-1][:2] == ["契約", "返金額（最低）"]


def test_contract_csv_leaves_a_price_that_is_not_whole_yen_without_an_amount() -> None:
    from supecost.present import contract_csv

    # 104,500 for 3 sessions is 34,833.33... a session: shown exactly, no integer amount.
    rows = _csv_rows(contract_csv(_contract_reports()["fractional price"], locale="en_US"))
    [price] = [row for row in rows if row[1] == "Contract price per session"]
    assert price[2:5] == ["", "", ""]
    assert "34,833" in price[5]


def test_contract_csv_in_every_case_has_no_english_in_japanese_and_its_own_in_english() -> None:
    from supecost.present import contract_csv

    for kind, report in _contract_reports().items():
        text = contract_csv(report, bom=True)
        assert text.startswith("\ufeff区分,")
        # The lines' labels are never shown: no Latin word may appear, dates aside.
        assert re.findall(r"[A-Za-z]{2,}", text) == [], kind
        english = _csv_rows(contract_csv(report, locale="en_US"))
        assert english[0] == ["Kind", "Item", "Sessions", "Amount", "Date", "Shown as"]
        # Each row's width is the header's, and amounts are whole yen.
        assert {len(row) for row in english} == {6}, kind
        assert all(re.fullmatch(r"-?[0-9]*", row[3]) for row in english[1:]), kind
        notes = [row for row in english if row[0] == "other limit"]
        assert [int(row[3]) for row in notes] == [note.keep_max for note in report.notes]


def test_a_clinics_terms_named_like_a_formula_are_neutralised_in_contract_csv() -> None:
    from supecost.catalog import ContractRules
    from supecost.contracts import ClinicTerms, Contract, ContractLine, contract_report
    from supecost.present import contract_csv

    six = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
    contract = Contract.from_lines(
        [six], received=date(2024, 4, 1), rules=ContractRules.COSMETIC_MEDICINE
    )
    terms = ClinicTerms(name="=cmd()", fee_rate="10%")
    report = contract_report(contract, today=date(2024, 6, 1), used=2, clinic_terms=terms)
    rows = _csv_rows(contract_csv(report))
    # 10% of the outstanding 340,000 = 34,000, the clinic's fee, as the table has it.
    fee = next(row for row in rows if row[1].startswith("'="))
    assert fee[:4] == [
        "受け取れる額の内訳",
        "'=cmd()による解約手数料（契約残額340,000円の10%）",
        "",
        "34000",
    ]
    assert not any(cell.startswith("=") for row in rows for cell in row)


def test_instalment_table_numbers_payments_in_natural_japanese() -> None:
    from supecost.contracts import addon_payments, instalment_report
    from supecost.present import instalment_table

    # ¥100,000 over 10 at 7.5% add-on: (100,000 + 7,500) / 10 = 10,750 a payment.
    report = instalment_report(addon_payments(100_000, 10, "7.5"))
    lines = instalment_table(report, locale="ja_JP").splitlines()
    # 「1回目」 as a schedule says it, padded so that 「10回目」 lines up, not 「支払回 1」.
    assert lines[0] == " 1回目  10,750円"
    assert lines[9] == "10回目  10,750円"
    assert "支払回" not in "\n".join(lines)


def test_a_schedule_s_notes_are_worded_in_both_languages() -> None:
    from decimal import Decimal

    from supecost.contracts import ScheduleNote, instalment_report, instalments
    from supecost.present import instalment_table, schedule_note_text

    # 19.5% on 1,500,000, above 利息制限法's 15% for 1,000,000 or more (DOMAIN §11).
    report = instalment_report(instalments(1_500_000, 12, apr_percent="19.5"))
    ja = instalment_table(report).splitlines()
    assert ja[-2:] == [
        "注記",
        (
            "  - 実質年率19.5%は、利息制限法が1,000,000円以上の貸付けに定める上限15%を超えて"
            "います。この上限が医療ローンなどの個別クレジットに直接適用されるかは確認されていません"
        ),
    ]
    assert instalment_table(report, locale="en_US").splitlines()[-1] == (
        "  - the APR of 19.5% is above the 15% that the Interest Rate Restriction Act (利息制限法) "
        "sets for loans of ¥1,000,000 or more; whether that cap binds shopping credit such as a "
        "medical loan directly is unconfirmed"
    )
    # Each tier's band, worded from the message tables.
    middle = ScheduleNote(
        code="interest_limit_tier",
        apr=Decimal("18.50"),
        limit=18,
        amount=150_000,
        tier_from=100_000,
        tier_below=1_000_000,
    )
    assert "100,000円以上1,000,000円未満の貸付け" in schedule_note_text(middle)
    assert "the APR of 18.5% is above the 18%" in schedule_note_text(middle, "en_US")
    assert "loans of ¥100,000 to under ¥1,000,000;" in schedule_note_text(middle, "en_US")
    low = middle.model_copy(update={"tier_from": 0, "tier_below": 100_000, "limit": 20})
    assert "100,000円未満の貸付けに定める上限20%" in schedule_note_text(low)
    assert "loans of under ¥100,000;" in schedule_note_text(low, "en_US")
    # The remainder first: the last payment's interest a yen below its balance's, and the
    # case where no first payment makes the later ones level.
    reduced = ScheduleNote(code="last_interest_reduced", level=14_500, interest=179, reduced=1)
    assert schedule_note_text(reduced).startswith("最終回の利息は、残高に対する179円より1円少なく")
    assert "keeps every payment after the first at ¥14,500" in schedule_note_text(reduced, "en_US")
    below = ScheduleNote(code="last_below_level", level=234, last=233)
    assert schedule_note_text(below).endswith(
        "2回目以降をすべて234円にそろえる初回の額がありません。最終回は233円です"
    )
    assert schedule_note_text(below, "en_US").endswith("every later payment ¥234: the last is ¥233")


def test_extra_units_are_named_alike_in_a_quote_and_an_estimate() -> None:
    from supecost.quotes import WithEntry
    from supecost.report import estimate, render

    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "example-v2.toml")
    request = QuoteRequest(
        treatment="exo-iv:2cc",
        sessions=1,
        with_=(WithEntry(treatment="placenta", units=3),),
        on=date(2026, 4, 1),
    )
    result = quote(catalog, request, ways="best")
    # Placenta 3 本 at one visit: the first 1,500, the 2 further 1,000 each = 2,000.
    row = next(
        line for line in quote_table(result, catalog).splitlines() if line.endswith(" 2,000円")
    )
    # The estimate's word (「同じ来院の追加分」), not a shorter 「追加分」 or 「追加単位」.
    assert row.split()[:2] == ["プラセンタ注射", "同じ来院の追加分"]
    page = render(estimate(result, catalog, issued=date(2026, 4, 1)), "md")
    assert "| プラセンタ注射（同じ来院の追加分） | 2 | 1,000円 | 2,000円 |" in page


def test_quotes_and_catalog_show_count_units_in_the_catalogs_english_plural() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [
                {
                    "id": "placenta",
                    "name": "プラセンタ注射",
                    "name_en": "Placenta injection",
                    "dose_unit": "本",
                    "dose_unit_en": "vial",
                    "dose_unit_en_plural": "vials",
                    "price": 1_500,
                    "extra_unit_price": 1_000,
                    "max_units": 5,
                }
            ],
        }
    )
    three = quote(catalog, QuoteRequest(units=3, sessions=2, on=date(2026, 4, 1)))
    assert quote_table(three, catalog, locale="en_US").startswith("Placenta injection (3 vials) × ")
    assert quote_table(three, catalog).startswith("プラセンタ注射（3本）")
    shown = catalog_table(catalog, locale="en_US")
    assert "Each further vial at the same visit ¥1,000, up to 5 vials a visit" in shown


def test_catalog_table_says_a_first_time_price_is_for_anyone_new_to_the_treatment() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "courses.toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert "この施術が初めての方の最初の1回" in rows["gf-trial"]
    english = catalog_table(catalog, locale="en_US")
    assert "first session, for anyone new to this treatment" in english
    # The default, for new patients, says so too: 初回 alone may mean either (DOMAIN §10).
    example = catalog_table(
        load_catalog(pathlib.Path(__file__).parent / "data" / "example-v2.toml")
    )
    assert "当院が初めての方の最初の1回" in example
    assert "この施術が初めての方" not in example


def test_catalog_table_says_a_first_time_set_is_sold_whole() -> None:
    def trial(extra: str) -> Catalog:
        return parse_catalog(
            "schema_version = 2\n[clinic]\nname = 'C'\n"
            "[[treatments]]\nid = 'sup'\nname = '上清液'\nprice = 40000\n"
            "[[offers]]\nkind = 'intro'\nid = 'trial3'\ntreatment = 'sup'\nprice = 100000\n"
            f"sessions = 3\nsold_whole = true\n{extra}",
            format="toml",
        )

    catalog = trial("")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert "当院が初めての方の最初の3回分をまとめて（分割不可）" in rows["trial3"]
    assert "有効期間" not in rows["trial3"]
    english = catalog_table(catalog, locale="en_US")
    assert "first 3 sessions as one set, new patients only" in english
    # Its expiry (schema 2) reads as a set's.
    expiring = trial("valid_months = 6\n")
    rows = {line.split()[0]: line for line in catalog_table(expiring).splitlines()[3:]}
    assert "有効期間: 6か月" in rows["trial3"]


LADDER = """schema_version = 2
[clinic]
name = "C"
prices_include_tax = true
tax_rounding = "floor"
[[treatments]]
id = "nmn"
name = "NMN点滴 200mg"
name_en = "NMN IV 200mg"
price = 30000
[[offers]]
kind = "ladder"
id = "nmn-ladder"
treatment = "nmn"
steps = [ { from = 1, price = 30000 }, { from = 4, price = 25000 } ]
"""


@pytest.mark.parametrize("named", [True, False])
def test_a_ladder_line_is_named_as_the_estimate_names_it(named: bool) -> None:
    from supecost.report import estimate, render

    name = 'name = "NMN点滴 通うほどお得"\nname_en = "NMN IV loyalty"\n' if named else ""
    catalog = parse_catalog(
        LADDER.replace('treatment = "nmn"\n', f'treatment = "nmn"\n{name}'), format="toml"
    )
    result = quote(catalog, QuoteRequest(treatment="nmn", sessions=5, on=APRIL))
    # 3 sessions at 30,000 (places 1-3), 2 at 25,000 (places 4-5).
    ja = "NMN点滴 通うほどお得" if named else "NMN点滴 200mg 回数別単価"
    en = "NMN IV loyalty" if named else "NMN IV 200mg, price by session"
    paper = render(estimate(result, catalog, issued=APRIL), "md")
    english = render(estimate(result, catalog, issued=APRIL, locale="en_US"), "md")
    for text, markdown, first, fourth in (
        (quote_table(result, catalog), paper, f"{ja}（1〜3回目）", f"{ja}（4回目以降）"),
        (
            quote_table(result, catalog, locale="en_US"),
            english,
            f"{en} (sessions 1–3)",
            f"{en} (from session 4)",
        ),
    ):
        for shown in (text, markdown):
            assert first in shown
            assert fourth in shown
        assert "nmn-ladder@" not in text
    from supecost.present import quote_document
    from supecost.report.rendering import render_document

    for fmt in ("md", "html"):
        page = render_document(quote_document(result, catalog), fmt)  # type: ignore[arg-type]
        assert f"{ja}（4回目以降）" in page
        assert "nmn-ladder@" not in page


def test_the_same_way_everywhere_is_said_only_where_a_price_is_a_range() -> None:
    def certain(price: object) -> Catalog:
        return validate_catalog(
            {
                "schema_version": 1,
                "clinic": {"name": "C"},
                "treatments": [{"id": "t", "name": "T", "price": price}],
                "offers": [
                    {"kind": "bundle", "id": "b", "treatment": "t", "sessions": 5, "price": 30_000}
                ],
            }
        )

    # Five sessions: 5 x 10,000-20,000 = 50,000-100,000 singly, 30,000 as the set: the set
    # wins at every point of the range, which is worth saying; with one price there is none.
    ranged, exact = certain({"min": 10_000, "max": 20_000}), certain(10_000)
    request = QuoteRequest(sessions=5, on=APRIL)
    assert quote(ranged, request).explanation.certain
    assert quote(exact, request).explanation.certain
    assert "価格の幅のどこでも同じ買い方が最安です" in quote_table(quote(ranged, request), ranged)
    for locale in ("ja_JP", "en_US"):
        text = quote_table(quote(exact, request), exact, locale=locale)
        assert "価格の幅" not in text
        assert "wherever prices fall" not in text


def test_a_set_that_never_pays_off_is_said_in_a_sentence() -> None:
    # 10 sessions of 10,000 singly against a set of 5 at 60,000: two sets cost 120,000.
    catalog = validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "C"},
            "treatments": [{"id": "t", "name": "T", "price": 10_000}],
            "offers": [
                {"kind": "bundle", "id": "b", "treatment": "t", "sessions": 5, "price": 60_000}
            ],
        }
    )
    result = quote(catalog, QuoteRequest(sessions=10, on=APRIL))
    assert "T 5回セット: 24回までの範囲では割安になりません" in quote_table(result, catalog)


def test_catalog_show_says_a_combo_is_sold_with_single_sessions_only() -> None:
    from supecost.catalog import parse_catalog as _parse
    from supecost.present import catalog_table as _show

    text = (
        'schema_version = 2\n[clinic]\nname = "T"\n'
        '[[treatments]]\nid = "a"\nname = "A"\nprice = 10000\n'
        '[[treatments]]\nid = "b"\nname = "B"\nprice = 5000\n'
        '[[combos]]\nid = "ab"\ntreatments = ["a", "b"]\ndiscount = 3000\n'
        "single_sessions_only = true\n"
    )
    shown = _show(_parse(text, format="toml"))
    (row,) = [line for line in shown.splitlines() if line.startswith("ab ")]
    assert row.endswith("回数券・初回価格との併用不可")


def test_a_way_ranked_first_but_named_at_no_point_is_not_called_cheapest() -> None:
    # Should a tie leave the points' winners naming another way than the one ranked first, no
    # text calls the first one cheapest: the quote says it is first, the estimate names the
    # plan plainly, the simulator gives its name alone.
    from supecost.money import Scenario
    from supecost.report import estimate, render
    from supecost.service.simulator import simulator_result

    catalog = reference_catalog()
    result = quote(catalog, QuoteRequest(sessions=5, on=APRIL))
    winners = {Scenario.MIN: Way.mix(), Scenario.TYPICAL: Way.mix(), Scenario.MAX: None}
    odd = result.model_copy(
        update={"explanation": result.explanation.model_copy(update={"winners": winners})}
    )
    assert "1位: 都度払い — 53,300円〜453,300円" in quote_table(odd, catalog).splitlines()
    page = render(estimate(odd, catalog, issued=APRIL), "md")
    assert "## お見積りのプラン: 都度払い" in page.splitlines()
    assert simulator_result(odd, catalog).best == "都度払い"


def test_a_quote_of_a_range_says_for_how_many_sessions_its_cheapest_is() -> None:
    # 4〜6 sessions, returning: the options are priced for 6, the top; at 6 the monthly plan
    # is cheapest, 6 x 27,500 = 165,000, while at 4 singles are, 4 x 33,000 = 132,000.
    request = QuoteRequest(sessions=SessionRange(min=4, max=6), new_patient=False, on=APRIL)
    text = quote_table(quote(EXAMPLE, request), EXAMPLE)
    assert "6回での最安: 幹細胞培養上清液点滴 月額プラン — 165,000円" in text
    assert "  4回: 都度払い 132,000円" in text
    assert "\n最安:" not in text
    english = quote_table(quote(EXAMPLE, request), EXAMPLE, locale="en_US")
    assert "Cheapest for 6 sessions: " in english
    # One count keeps its headline.
    one = quote_table(quote(EXAMPLE, request.model_copy(update={"sessions": 6})), EXAMPLE)
    assert "最安: 幹細胞培養上清液点滴 月額プラン — 165,000円" in one
    assert "での最安" not in one


def test_a_quote_and_an_estimate_name_what_an_option_leaves_unused_alike() -> None:
    from supecost.report import estimate, render

    # 3 sessions, new: the set of 5 leaves 5 - 3 = 2 unused; both say 「（未使用2回）」.
    result = quote(EXAMPLE, QuoteRequest(sessions=3, on=APRIL))
    assert "幹細胞培養上清液点滴 5回セット（未使用2回）" in quote_table(result, EXAMPLE)
    sheet = render(estimate(result, EXAMPLE, issued=APRIL), "md")
    assert "| 幹細胞培養上清液点滴 5回セット（未使用2回） |" in sheet


COURSES = load_catalog(pathlib.Path(__file__).parent / "data" / "courses.toml")


def test_catalog_table_gives_a_packages_contents_and_first_time_price() -> None:
    # body-make: クラツーα 2 sessions + スティムシュア 4 = 6 sessions for 560,000; the first
    # time 400,000.
    rows = {line.split()[0]: line for line in catalog_table(COURSES).splitlines() if line}
    assert rows["body-make"].endswith(
        "560,000円  内容: クラツーα 2エリア 2回＋スティムシュア 2エリア 4回、"
        "初回限定価格: 400,000円、有効期間: 6か月"
    )
    english = catalog_table(COURSES, locale="en_US")
    assert "Contents: クラツーα 2エリア 2 sessions + スティムシュア 2エリア 4 sessions" in english
    assert "First-time price: ¥400,000" in english


def test_catalog_table_words_a_ladder_in_english_without_jargon() -> None:
    english = catalog_table(COURSES, locale="en_US")
    assert (
        "single sessions priced by session number (see “育毛メソセラピー, price by session”)"
        in (english)
    )
    assert "priced by ladder" not in english


def test_a_quotes_goods_line_is_counted_and_marked_as_the_estimate_does() -> None:
    # Review finding 7: the quote showed "2" and no reduced-rate mark on the 8% supplement,
    # where the estimate shows "2 boxes" and "NMN capsules, 30 days*".
    goods = load_catalog(pathlib.Path(__file__).parent / "data" / "goods.toml")
    result = quote(goods, QuoteRequest(sessions=2, goods={"nmn-caps": 2}, on=APRIL))
    english = quote_markdown(result, goods, locale="en_US")
    # 2 x 3,240 = 6,480 at 8%.
    assert "| NMN capsules, 30 days\\* | goods | 2 boxes | ¥3,240 | ¥6,480 |" in english
    assert "\\* reduced tax rate (8%)" in english
    japanese = quote_markdown(result, goods)
    assert "| NMNサプリ 30日分※ | 物販 | 2箱 | 3,240円 | 6,480円 |" in japanese
    assert "※は軽減税率(8%)対象" in japanese
    # Without a reduced-rate line there is no legend; a fee keeps its bare count.
    plain = quote_markdown(quote(goods, QuoteRequest(sessions=2, on=APRIL)), goods)
    assert "軽減税率" not in plain
    assert "| 再診料 | 料金 | 2 | 1,100円 | 2,200円 |" in plain


def test_catalog_table_gives_goods_member_prices_and_a_discount_s_conditions() -> None:
    # Review F20: `catalog show` left out a goods item's member price and a discount's
    # window, targets, least bill and stacking; they are worded as the price list words them.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\nprices_include_tax = false\n'
        'segments = ["member"]\n'
        '[[treatments]]\nid = "hifu"\nname = "HIFU"\nprice = 100000\n'
        '[[offers]]\nkind = "bundle"\nid = "hifu-6"\ntreatment = "hifu"\nsessions = 6\n'
        "price = 500000\n"
        '[[discounts]]\nid = "spring"\nname = "春割"\npercent = 10\noffers = ["hifu-6"]\n'
        "valid_from = 2026-04-01\nvalid_until = 2026-04-30\nmin_sessions = 2\n"
        '[[discounts]]\nid = "bill"\nname = "5%オフ"\npercent = 5\nmin_amount = 300000\n'
        "stacks = true\n"
        '[[goods]]\nid = "sup"\nname = "サプリ"\nprice = 3000\ntax = "reduced"\n'
        'kind = "food"\nsegment_prices = { member = 2000 }\n',
        format="toml",
    )
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    # The catalog's own figures (the heading says 税抜), as every other row gives them.
    assert rows["sup"].endswith("3,000円  会員価格 2,000円、軽減税率対象")
    assert rows["spring"].endswith(
        "対象: HIFU 6回セット、条件: 2026年4月1日から・2026年4月30日まで・2回以上"
    ), "no other non-stacking discount: nothing it does not combine with"
    assert rows["bill"].endswith("対象: お会計全体、条件: 300,000円以上のお会計・他の割引と併用可")
    english = {
        line.split()[0]: line for line in catalog_table(catalog, locale="en_US").splitlines()[3:]
    }
    assert "Member price ¥2,000" in english["sup"]
    assert english["bill"].endswith(
        "Applies to: the whole bill, Conditions: a bill of at least ¥300,000; combines with"
        " other discounts"
    )


def test_catalog_table_says_a_discount_is_for_patients_new_to_the_clinic() -> None:
    # DOMAIN §10: 「初めての方」 alone also reads "new to this treatment".
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "birth-month.toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert "条件: 当院が初めての方のみ・誕生月特典とは併用不可" in rows["welcome"]
    assert "条件: 誕生月の方・" in rows["birthday"]
    english = catalog_table(catalog, locale="en_US")
    assert "new patients only" in english


def test_a_quote_marks_goods_reduced_only_once_the_reduced_rate_exists() -> None:
    # DOMAIN §1: 8% reduced from 2019-10-01. On 2019-09-30 everything pays the standard 8%:
    # one rate, so no ※ and no legend naming a rate the bill does not apply.
    goods = load_catalog(pathlib.Path(__file__).parent / "data" / "goods.toml")
    for day, marked in ((date(2019, 9, 30), False), (date(2019, 10, 1), True)):
        result = quote(goods, QuoteRequest(sessions=2, goods={"nmn-caps": 2}, on=day))
        japanese = quote_markdown(result, goods)
        assert ("NMNサプリ 30日分※" in japanese) is marked, day
        assert ("※は軽減税率(8%)対象" in japanese) is marked, day


def test_a_contract_at_a_campaign_price_says_so_in_every_format() -> None:
    import csv
    import json

    from supecost.catalog import load_catalog, parse_catalog
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.present import contract_csv, contract_document
    from supecost.report.rendering import render_document

    path = pathlib.Path("tests/data/campaign.toml")
    received = date(2026, 4, 10)
    contract = contract_for_offer(
        load_catalog(path), "hifu-6", received=received, new_patient=False
    )
    report = contract_report(contract, today=date(2026, 6, 1), used=2)
    japanese = render_document(contract_document(report), "table")
    # What made the price, by the catalog's own name: a campaign here, a discount elsewhere.
    assert "  価格の内訳: 春のキャンペーン6万円オフ" in japanese.splitlines()
    english = render_document(contract_document(report, locale="en_US"), "table")
    assert "  What made the price: Spring campaign" in english.splitlines()
    rows = list(csv.reader(contract_csv(report).splitlines()))
    assert [
        "契約",
        "価格の内訳",
        "",
        "",
        "",
        "春のキャンペーン6万円オフ",
    ] in rows
    assert json.loads(report.model_dump_json())["discounts"][0]["id"] == "spring"
    # Two discounts are named in the catalog's order; an English name missing, the name serves.
    both = contract_for_offer(
        load_catalog(path), "hifu-6", received=received, birth_month=4, new_patient=True
    )
    assert [d.id for d in both.discounts] == ["spring", "welcome"]
    text = render_document(
        contract_document(contract_report(both, today=date(2026, 6, 1)), locale="en_US"), "table"
    )
    assert "What made the price: Spring campaign, ご新規様5,000円引き" in text
    # A member price made it too: named, though no discount came off (480,000).
    may = date(2026, 5, 10)  # the day after the spring campaign
    member = contract_for_offer(
        load_catalog(path),
        "hifu-6",
        received=may,
        segment="member",
        new_patient=False,
    )
    shown = render_document(contract_document(contract_report(member, today=may)), "table")
    assert (member.total, "  価格の内訳: 会員価格" in shown.splitlines()) == (480_000, True)
    # A list price names no discount.
    plain = contract_report(
        contract_for_offer(load_catalog(path), "hifu-6", received=received, price=510_000),
        today=date(2026, 6, 1),
    )
    assert "価格の内訳" not in render_document(contract_document(plain), "table")
    # Catalog text is untrusted: escaped in Markdown and HTML.
    hostile = path.read_text(encoding="utf-8").replace(
        'name = "春のキャンペーン6万円オフ"', 'name = "<script>x</script> [a](javascript:alert(1))"'
    )
    shop = parse_catalog(hostile, format="toml")
    bad = contract_report(
        contract_for_offer(shop, "hifu-6", received=received, new_patient=False),
        today=date(2026, 6, 1),
    )
    markdown = render_document(contract_document(bad), "md")
    assert "<script>" not in markdown
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # the bracket is escaped
    assert "&lt;script&gt;x&lt;/script&gt;" in render_document(contract_document(bad), "html")


_YEARLY_PLAN = pathlib.Path(__file__).parent / "data" / "yearly-plan.toml"


def test_a_quote_says_how_long_its_course_was_taken_to_run_for_a_yearly_fee() -> None:
    on = date(2026, 4, 1)
    plan = load_catalog(_YEARLY_PLAN)
    # One session is cheapest single (10,000 against a month of the plan, 15,000): no months
    # and no plan, so the yearly fee is charged once, and the quote says why.
    result = quote(plan, QuoteRequest(sessions=1, on=on))
    assert result.best.yearly_once
    assert "1年ごとの料金は1年分で計算しています" in quote_table(result, plan)
    assert "each yearly fee is counted for one year" in quote_table(result, plan, locale="en_US")
    # Months given: they date the course, and nothing needs saying.
    dated = quote(plan, QuoteRequest(sessions=1, months=18, on=on))
    assert not dated.best.yearly_once
    assert "1年分で計算" not in quote_table(dated, plan)
    # A plan of 15 months (30 sessions, 2 a month) dates the course: the fee twice, said so.
    result = quote(plan, QuoteRequest(sessions=30, on=on))
    assert result.best.plan_months == 15
    assert "通院期間を月額プランの15か月とし" in quote_table(result, plan)
    assert "the course runs the monthly plan's 15 months" in quote_markdown(
        result, plan, locale="en_US"
    )
    # A plan of a year or less is one year: nothing to say.
    short = quote(plan, QuoteRequest(sessions=4, on=on))
    assert short.best.plan_months == 2
    assert "月額プランの" not in quote_table(short, plan)


def _standard_catalog(extra: str = "") -> Catalog:
    # tests/data/standard-prices.toml: a single 30,000〜100,000 (standard 50,000), a set of 5
    # at 180,000〜300,000 (standard 220,000), a 45,000 monthly plan, a 3,300 first-visit fee.
    path = pathlib.Path(__file__).parent / "data" / "standard-prices.toml"
    return parse_catalog(path.read_text(encoding="utf-8") + extra, format="toml")


def test_savings_give_the_standard_point_the_recommendation_is_made_at() -> None:
    # 5 sessions over 5 months. At the standard point singles 5 x 50,000 + 3,300 = 253,300,
    # the set 220,000 + 3,300 = 223,300, the plan 5 x 45,000 + 3,300 = 228,300: the set wins
    # there, saving 30,000 against singles and 5,000 against the plan. At the low end singles
    # 153,300 are 30,000 below the set's 183,300; at the high end singles 503,300 are 200,000
    # above the set's 303,300, and the plan (228,300) is 75,000 below it.
    catalog = _standard_catalog()
    result = quote(catalog, QuoteRequest(sessions=5, months=5, on=APRIL))
    text = quote_table(result, catalog)
    assert (
        "都度払いと比べて: 下限でお得になりません（30,000円割高）・標準で30,000円お得"
        "・上限で200,000円お得"
    ) in text
    assert "・標準で5,000円お得・上限でお得になりません（75,000円割高）" in text
    english = quote_table(result, catalog, locale="en_US")
    assert "saves ¥30,000 at the typical point, saves ¥200,000 at the high end" in english


def test_a_mixed_typical_point_is_shown_and_named_in_the_quote() -> None:
    # The same catalog with a 3,000〜5,000 supplement stating no standard price: one box
    # makes the typical point mixed, the box at its low end there. Singles 5 x 50,000 +
    # 3,300 + 3,000 = 256,300; the set 220,000 + 3,300 + 3,000 = 226,300: 30,000 saved.
    catalog = _standard_catalog(
        '[[goods]]\nid = "caps"\nname = "サプリ"\nprice = { min = 3000, max = 5000 }\n'
    )
    result = quote(catalog, QuoteRequest(sessions=5, goods={"caps": 1}, on=APRIL))
    text = quote_table(result, catalog)
    assert "186,300円〜308,300円（標準（記載のない価格は下限）226,300円）" in text
    assert "・標準（記載のない価格は下限）で30,000円お得・" in text
    # Per session leaves the goods out: (220,000 + 3,300) / 5 = 44,660 at the standard point.
    assert "（標準（記載のない価格は下限）44,660円）" in text


def test_a_unit_ticket_in_the_catalog_table_and_the_quote() -> None:
    text = pathlib.Path("tests/data/placenta-tickets.toml").read_text(encoding="utf-8")
    text = text.replace("sessions = 10", "sessions = 3").replace("price = 13500", "price = 4000")
    catalog = parse_catalog(text, format="toml")
    # 4,000 / 3 is not whole yen: about 1,333 an ampoule.
    assert "3本券（1本あたり約1,333円）" in catalog_table(catalog)
    assert "ticket for 3 amp (about ¥1,333 per amp)" in catalog_table(catalog, locale="en_US")
    # One visit of 2本 from the 3本券 leaves one unused: 4,000 against 2,500 singly.
    request = QuoteRequest(treatment="placenta", units=2, sessions=1, on=date(2026, 12, 1))
    result = quote(catalog, request)
    assert "プラセンタ10本券（未使用1本）" in quote_table(result, catalog)
    assert "(1 amp unused)" in quote_table(result, catalog, locale="en_US")


def test_a_quotes_lines_call_a_unit_ticket_what_the_price_list_and_the_estimate_do() -> None:
    text = pathlib.Path("tests/data/placenta-tickets.toml").read_text(encoding="utf-8")
    catalog = parse_catalog(text.replace("price = 13500", "price = 11000"), format="toml")
    # 5 visits of 2本: singly 5 x (1,500 + 1,000) = 12,500; the 10本券 covers all 10 for 11,000.
    request = QuoteRequest(treatment="placenta", units=2, sessions=5, on=date(2026, 12, 1))
    result = quote(catalog, request)
    assert (result.best.total.min, result.best.total.max) == (11_000, 11_000)
    (row,) = [
        r for r in quote_table(result, catalog).splitlines() if r.startswith("プラセンタ10本券")
    ]
    assert "本数券" in row
    assert "回数券" not in row
    english = quote_table(result, catalog, locale="en_US").splitlines()
    (row,) = [r for r in english if r.startswith("Placenta, 10 amp")]
    assert "unit ticket" in row


def test_payments_and_tax_are_shown_at_each_points_own_bill_where_bills_are_out_of_order() -> None:
    from supecost.report import estimate, render

    # tests/test_engine.py's threshold plan, 5 sessions over 2 months: bills 51,000 | 50,000 |
    # 59,000 (10 % off from 50,000 met at the typical and high points). Each month is shown at
    # each point, so the low point's months add up to its bill: 35,000 + 16,000 = 51,000, the
    # typical's 30,000 + 20,000 = 50,000, the high's 29,000 + 30,000 = 59,000.
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'T'\nprices_include_tax = true\n"
        "[[treatments]]\nid = 'a'\nname = 'A'\n"
        "price = { min = 8000, typical = 10000, max = 15000 }\n"
        "[[offers]]\nkind = 'subscription'\nid = 'a-month'\ntreatment = 'a'\n"
        "monthly_fee = 30000\nsessions_per_month = 4\nmin_months = 1\n"
        "[[discounts]]\nid = 'big'\nname = 'big'\npercent = 10\nmin_amount = 50000\n"
        "[[fees]]\nid = 'year'\nname = 'year'\nprice = 5000\ncharged = 'yearly'\n",
        format="toml",
    )
    request = QuoteRequest(sessions=5, months=2, new_patient=False, on=APRIL)
    result = quote(catalog, request)
    terminal = quote_table(result, catalog)
    assert "1か月目（初回ご利用時）: 下限で35,000円・標準で30,000円・上限で29,000円" in terminal
    assert "2か月目: 下限で16,000円・標準で20,000円・上限で30,000円" in terminal
    # 51,000 x 10/110 = 4,636.36, 50,000 x 10/110 = 4,545.45, 59,000 x 10/110 = 5,363.63.
    assert "下限で4,636円・標準で4,545円・上限で5,363円" in terminal
    document = estimate(result, catalog, issued=APRIL)
    markdown = render(document, "md")
    assert "| 10%対象 | 下限で46,364円・標準で45,455円・上限で53,637円 |" in markdown
    # The CSV's point columns: each point's own months and total.
    rows = render(document, "csv").splitlines()
    assert "支払い,1か月目（初回ご利用時）,,,,,35000,30000,29000,,,,,,,,," in rows
    assert "合計,合計（税込・A 月額プラン）,,,,,51000,50000,59000,,,,,,,,," in rows


def test_a_best_only_quote_says_what_the_way_cheapest_elsewhere_costs() -> None:
    # tests/test_engine.py's two sets: set A (best) 100,000 | 70,000 | 70,000, set B 95,000
    # at every point, cheapest at the low one. The best-only quote names set B there and
    # shows its total, as the full quote does.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "two-sets.toml")
    request = QuoteRequest(sessions=2, new_patient=False, on=APRIL)
    text = quote_table(quote(catalog, request, ways="best"), catalog)
    assert "下限の価格ではセットBが最安：95,000円" in text
    assert "価格の幅によって最安の買い方が変わります" not in text


def test_catalog_table_calls_a_unit_ticket_what_the_estimate_calls_it() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "placenta-tickets.toml")
    # 本数券 as the estimate's 「本数券の未使用分」 and the price list's section, not 回数券.
    (row,) = [line for line in catalog_table(catalog).splitlines() if line.startswith("p10 ")]
    assert "本数券" in row
    assert "回数券" not in row
    (row,) = [
        line
        for line in catalog_table(catalog, locale="en_US").splitlines()
        if line.startswith("p10 ")
    ]
    assert "unit ticket" in row


def test_a_quotes_break_even_note_names_a_first_month_it_leaves_out() -> None:
    # s30 audit F5 (tests/data/s30-clinic.toml): 2 NMN sessions with its plan of 19,800 a
    # month (3 months, the first free) cost 0 + 2 x 19,800 = 39,600 against 2 x 22,000 =
    # 44,000; the break-even leaves the free month out (3 x 19,800 = 59,400 beats singles
    # from 3), so its note says so.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "s30-clinic.toml")
    result = quote(catalog, QuoteRequest(treatment="nmn", sessions=2, on=date(2026, 12, 10)))
    assert result.best.total.min == 39_600
    assert [b.sessions for b in result.explanation.break_even] == [3]
    assert "初回価格・月額プランの初月価格・これまでの受診" in quote_table(result, catalog)
    english = quote_table(result, catalog, locale="en_US")
    assert "first-time prices, a plan's first-month price or sessions" in english


def _ticket_report(replace: tuple[str, str] = ("", "")) -> ContractReport:
    """A 10本券 agreed at 110,000, 3 units used by 2026-05-01 (docs/contracts.md)."""
    from supecost.catalog import ContractRules
    from supecost.contracts import contract_for_offer, contract_report

    path = pathlib.Path(__file__).parent / "data" / "placenta-tickets.toml"
    tickets = parse_catalog(path.read_text(encoding="utf-8").replace(*replace), format="toml")
    contract = contract_for_offer(
        tickets,
        "p10",
        received=date(2026, 4, 1),
        rules=ContractRules.COSMETIC_MEDICINE,
        price=110_000,
    )
    return contract_report(contract, today=date(2026, 5, 1), used=3)


def test_a_unit_ticket_s_contract_counts_in_its_units_in_every_format() -> None:
    from supecost.present import contract_csv, contract_document

    report = _ticket_report()
    # 110,000 / 10 = 11,000 an ampoule; 3 given: 33,000; 20% of 77,000 = 15,400.
    ja = render_document(contract_document(report), "table")
    for said in (
        "1本あたりの契約単価: 11,000円",
        "利用数: 3 / 10本",
        "契約は数量（10本）だけを定めており、1か月を超える期間として扱います",
        "提供済み3本分の対価（契約上の1本あたり単価11,000円×3本）：33,000円",
        "返金額（最低）: 61,600円",
    ):
        assert said in ja
    assert "回" not in ja  # no session is counted: the ticket's are units
    en = render_document(contract_document(report, locale="en_US"), "table")
    for said in (
        "Contract price per amp: ¥11,000",
        "Units used: 3 / 10 amp",
        "the contract fixes only a number of units (10 amp), which counts as over one month",
        "value of 3 amp given at the contract's price per amp (3 at ¥11,000): ¥33,000",
    ):
        assert said in en
    assert "session" not in en
    assert "3 / 10本" in render_document(contract_document(report), "md")
    assert "<dt>利用数</dt><dd>3 / 10本</dd>" in render_document(contract_document(report), "html")
    rows = _csv_rows(contract_csv(report))
    assert rows[0][2] == "数量"
    assert ["契約", "契約の数量", "10", "", "", "10本"] in rows
    given = "提供済み3本分の対価（契約上の1本あたり単価11,000円×3本）"
    assert ["受け取れる額の内訳", given, "3", "33000", "", "33,000円"] in rows


def test_a_unit_ticket_s_english_unit_has_its_plural_and_a_bare_one_the_locale_s_word() -> None:
    from supecost.present import contract_document

    plural = ('dose_unit_en = "amp"', 'dose_unit_en = "vial"\ndose_unit_en_plural = "vials"')
    en = render_document(contract_document(_ticket_report(plural), locale="en_US"), "table")
    assert "value of 3 vials given at the contract's price per vial (3 at ¥11,000)" in en
    assert "Units used: 3 / 10 vials" in en
    # A treatment naming no unit: 単位 in Japanese, "units" in English (review30 F7: not 回,
    # which reads as visits, while a visit of 2 units spends 2).
    bare = _ticket_report(('dose_unit = "本"\ndose_unit_en = "amp"\n', ""))
    assert "利用数: 3 / 10単位" in render_document(contract_document(bare), "table")
    en = render_document(contract_document(bare, locale="en_US"), "table")
    assert "value of 3 units given at the contract's price per unit (3 at ¥11,000)" in en


def test_reasons_and_settlement_lines_count_a_unit_ticket_s_units() -> None:
    from supecost.contracts import ContractUnits, Reason, SettlementLine
    from supecost.present import reason_text, settlement_text

    amp = ContractUnits(ja="本", en="amp")
    one = Reason(code="single_session", sessions=1, period_limit=1)
    assert reason_text(one, units=amp) == "1本の契約は1か月を超える期間にあたりません"
    assert reason_text(one, "en_US", units=amp) == (
        "a contract for 1 amp is not a period over one month"
    )
    special = Reason(code="sessions_only_not_over", sessions=10, period_limit=1)
    assert reason_text(special, units=amp).startswith("契約は数量（10本）だけを定めています。")
    lapsed = SettlementLine(code="expired", amount=13_500, until=date(2026, 10, 1))
    assert settlement_text(lapsed, units=amp) == (
        "契約期間は2026年10月1日に終了しました：未使用の分は失効し、事業者は契約金額の全額を受け取れます"
    )
    assert "the unused units lapsed" in settlement_text(lapsed, "en_US", units=amp)
    # Reasons without a count read as for any contract.
    amount = Reason(code="amount_over", amount=110_000, limit=50_000, tax_included=True)
    assert reason_text(amount, units=amp) == reason_text(amount)


def _first_month_with_welcome(amount: int) -> Catalog:
    """tests/data/first-month.toml with a new patient's whole-bill discount of ``amount``."""
    path = pathlib.Path(__file__).parent / "data" / "first-month.toml"
    welcome = (
        f'\n[[discounts]]\nid = "welcome"\nname = "ご新規様{amount:,}円引き"\n'
        f'name_en = "Welcome {amount:,} off"\namount = {amount}\nnew_patients_only = true\n'
    )
    return parse_catalog(path.read_text(encoding="utf-8") + welcome, format="toml")


def test_a_quote_says_which_payment_a_whole_bill_discount_on_a_plan_comes_off() -> None:
    menu = _first_month_with_welcome(20_000)
    request = QuoteRequest(sessions=3, months=3, new_patient=True, on=date(2026, 5, 10))
    result = quote(menu, request)
    # nmn-m: 13,750 (half-price first month) + 2 x 27,500 - 20,000 = 48,750. The discount is
    # booked in month 1: 13,750 - 20,000 is below 0, so month 1 pays 0 and the 6,250 left
    # comes off month 2 (27,500 - 6,250 = 21,250); month 3 pays 27,500.
    assert [(p.month, p.amount.min) for p in result.best.payments] == [
        (0, 0),
        (1, 21_250),
        (2, 27_500),
    ]
    carried = (
        "ご新規様20,000円引きは1か月目（初回ご利用時）のお支払いから差し引き、"
        "引ききれない分は翌月以降のお支払いから差し引いています"
    )
    assert carried in quote_table(result, menu)
    assert carried in quote_markdown(result, menu)
    english = (
        "Taken off the payment of month 1 (first visit), and what that payment cannot take "
        "off the following months': Welcome 20,000 off"
    )
    assert english in quote_table(result, menu, locale="en_US")
    html = render_document(quote_document(result, menu, locale="en_US"), "html")
    assert english.replace("'", "&#x27;") in html
    # A smaller discount fits in month 1: 13,750 - 10,000 = 3,750.
    small = _first_month_with_welcome(10_000)
    whole = quote(small, request)
    assert whole.best.payments[0].amount.min == 3_750
    text = quote_table(whole, small)
    assert "ご新規様10,000円引きは1か月目（初回ご利用時）のお支払いから差し引いています" in text
    assert "翌月以降" not in text
    # Without months there is no schedule: the note reads the bill. The first month's plan
    # line is 13,750 > 10,000, so the smaller discount is taken whole in month 1.
    bare = QuoteRequest(sessions=3, new_patient=True, on=date(2026, 5, 10))
    text = quote_table(quote(small, bare), small)
    assert "ご新規様10,000円引きは1か月目（初回ご利用時）のお支払いから差し引いています" in text
    assert "翌月以降" not in text
    # 13,750 < 20,000: month 1 alone cannot take it, and without a schedule the note says
    # what happens to the rest without saying there is one.
    assert (
        "ご新規様20,000円引きは1か月目（初回ご利用時）のお支払いから差し引きます。"
        "引ききれない場合は、残りを翌月以降のお支払いから差し引きます"
    ) in quote_table(quote(menu, bare), menu)
    assert (
        "Taken off the payment of month 1 (first visit), and whatever that payment cannot "
        "take off the following months': Welcome 20,000 off"
    ) in quote_table(quote(menu, bare), menu, locale="en_US")
    # A returning patient gets no discount, and a plan without one says nothing of it.
    returning = quote(
        menu, QuoteRequest(sessions=3, months=3, new_patient=False, on=date(2026, 5, 10))
    )
    assert "差し引" not in quote_table(returning, menu)


def test_a_contract_with_goods_states_them_beside_its_amount_as_outside_the_settlement() -> None:
    # The staff audit's F7: within cooling-off the refund is the set's 44,000 alone, so the
    # document must say the goods are outside it where it states the contract amount.
    from supecost.catalog import ContractRules
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.present import contract_csv, contract_document

    shop = load_catalog(pathlib.Path(__file__).parent / "data" / "goods.toml")
    contract = contract_for_offer(
        shop,
        "hifu-2",
        received=APRIL,
        goods={"serum": 1},
        rules=ContractRules.COSMETIC_MEDICINE,
    )
    report = contract_report(contract, today=date(2026, 4, 3))
    assert (report.total, report.goods, report.refund_min) == (44_000, 11_000, 44_000)
    ja = render_document(contract_document(report), "table")
    assert "契約金額: 44,000円\n  関連商品: 11,000円（この精算には含みません）" in ja
    # 44,000 + 11,000 = 55,000 > 50,000, each named: no second 契約金額 on the page.
    assert "契約金額44,000円と関連商品11,000円の合計55,000円（税込）は50,000円を超えます" in ja
    en = render_document(contract_document(report, locale="en_US"), "table")
    assert "Related goods: ¥11,000 (not in this settlement)" in en
    rows = _csv_rows(contract_csv(report))
    assert ["契約", "関連商品", "", "11000", "", "11,000円（この精算には含みません）"] in rows
    assert report.model_dump(mode="json")["goods"] == 11_000
    # Without goods the fact and the JSON key are left out, as before.
    alone = contract_report(contract.model_copy(update={"goods": 0, "goods_tax": 0}), today=APRIL)
    assert "関連商品" not in render_document(contract_document(alone), "table")
    assert "goods" not in alone.model_dump(mode="json")


def test_a_plans_last_day_is_named_as_its_term_s_end_not_as_a_set_s_validity() -> None:
    from supecost.present import contract_document

    # The staff audit's F14: a set valid 6 months from 1 April 2024 is usable to 1 October
    # (民法 140/143 as read); a plan of 6 months from 1 April ends with its sixth month,
    # 30 September (the month after its last month starts on 1 October). Two conventions,
    # so two names.
    reports = _contract_reports()
    plan = reports["monthly plan cancelled"]
    assert plan.plan
    assert plan.valid_until == date(2024, 9, 30)
    ja = render_document(contract_document(plan), "table")
    assert "契約期間の最終日: 2024年9月30日" in ja
    assert "有効期限" not in ja
    en = render_document(contract_document(plan, locale="en_US"), "table")
    assert "Last day of the term: Sep 30, 2024" in en
    assert plan.model_dump(mode="json")["plan"] is True
    a_set = reports["set cancelled"]
    assert "有効期限: 2025年4月1日" in render_document(contract_document(a_set), "table")
    assert "plan" not in a_set.model_dump(mode="json")


def test_a_quote_with_goods_says_its_price_per_session_leaves_them_out(
    s31_goods_quote: tuple[Catalog, Quote],
) -> None:
    # s31 audit F7 (the fixture's arithmetic): total 359,460, per session 55,917 without goods.
    catalog, result = s31_goods_quote
    assert "| 1回あたり（物販を除く） |" in quote_markdown(result, catalog)
    english = quote_markdown(result, catalog, locale="en_US")
    assert "| Per session (excluding goods) |" in english
    assert "359,460" in english
    assert "55,917" in english
    bare = quote(catalog, result.request.model_copy(update={"goods": {}}))
    text = quote_markdown(bare, catalog)
    assert "| 1回あたり |" in text
    assert "物販を除く" not in text


def test_a_quote_whose_best_set_gives_the_goods_still_says_others_leave_them_out() -> None:
    # review34b R8: 3 sessions and one box; the 3回 set at 205,000 includes it (a 0 yen
    # line) and waives the 初診料, singles pay both: 3 x 66,000 + 10,800 + 5,500 = 214,300,
    # per session (198,000 + 5,500) / 3 = 67,833 without the box. The column is one for
    # every way, so it says the goods are left out.
    path = pathlib.Path(__file__).parent / "data" / "gifts.toml"
    body = path.read_text(encoding="utf-8").replace("price = 178200", "price = 205000")
    catalog = parse_catalog(body, format="toml")
    result = quote(catalog, QuoteRequest(sessions=3, goods={"supp": 1}, on=date(2026, 12, 1)))
    singles = next(o for o in result.options if o.way == Way.singles())
    assert (result.best.way, singles.total.min, singles.per_session.min) == (
        Way.bundle("sup-3"),
        214_300,
        67_833,
    )
    assert "| 1回あたり（物販を除く） |" in quote_markdown(result, catalog)


# A dosed treatment counted in its own words (count_unit) and a plan whose enrollment fee
# its campaign waives (s31c audit F6, F8).
_DOSED_PLAN = (pathlib.Path(__file__).parent / "data" / "counted-doses.toml").read_text(
    encoding="utf-8"
)


def test_a_dosed_treatments_units_are_counted_in_its_count_unit_in_the_quote() -> None:
    catalog = parse_catalog(_DOSED_PLAN, format="toml")
    request = QuoteRequest(treatment="exo:1cc", units=2, sessions=1, on=date(2026, 11, 10))
    result = quote(catalog, request)
    # 44,000 + 33,000 = 77,000: the menu's 「1cc 2本」, not 2単位.
    assert result.best.total.min == 77_000
    assert quote_table(result, catalog).startswith("エクソソーム点滴 1cc（2本） × 1回")
    english = quote_table(result, catalog, locale="en_US")
    assert english.startswith("Exosome IV drip 1cc (2 vials) × 1 session")
    assert "単位" not in quote_table(result, catalog)


def test_a_unit_ticket_on_a_dose_counts_in_its_treatments_count_unit() -> None:
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.present import contract_document

    catalog = parse_catalog(_DOSED_PLAN, format="toml")
    contract = contract_for_offer(catalog, "exo-10", received=date(2026, 11, 1))
    # The dose's units are 本 (its treatment's count_unit), never the cc each dose measures.
    assert contract.units is not None
    assert (contract.units.ja, contract.units.en, contract.units.en_other) == (
        "本",
        "vial",
        "vials",
    )
    report = contract_report(contract, today=date(2026, 11, 20), used=3)
    # 330,000 / 10 = 33,000 a vial.
    ja = render_document(contract_document(report), "table")
    assert "1本あたりの契約単価: 33,000円" in ja
    assert "利用数: 3 / 10本" in ja
    en = render_document(contract_document(report, locale="en_US"), "table")
    assert "Contract price per vial: ¥33,000" in en
    assert "3 / 10 vials" in en


def test_a_waived_enrollment_fee_is_a_line_at_0_in_the_quote_and_said_in_the_contract() -> None:
    from supecost.contracts import contract_for_offer, contract_report
    from supecost.present import contract_csv, contract_document

    catalog = parse_catalog(_DOSED_PLAN, format="toml")
    request = QuoteRequest(treatment="exo:1cc", sessions=6, months=6, on=date(2026, 12, 10))
    result = quote(catalog, request)
    # In the campaign: 0 (enrollment) + 0 (first month) + 5 x 39,600 = 198,000, the total as
    # without the line; 6 singles would be 264,000.
    assert result.best.way == Way.subscription("exo-monthly")
    assert result.best.total.min == 198_000
    text = quote_table(result, catalog)
    assert re.search(r"エクソソーム月額プラン +入会金・キャンペーン価格 +1 +0円 +0円", text)
    english = quote_table(result, catalog, locale="en_US")
    assert re.search(r"enrollment fee, campaign price +1 +¥0 +¥0", english)
    # The contract made in the campaign says the fee it waives, within its amount.
    contract = contract_for_offer(catalog, "exo-monthly", received=date(2026, 12, 10))
    assert contract.total == 198_000
    report = contract_report(contract, today=date(2026, 12, 20))
    ja = render_document(contract_document(report), "table")
    assert "入会金: 0円（入会金キャンペーン価格、契約金額に含む）" in ja
    en = render_document(contract_document(report, locale="en_US"), "table")
    assert "Enrollment fee: ¥0 (the enrollment fee campaign's price, in the amount above)" in en
    assert (
        "契約,入会金,,0,,0円（入会金キャンペーン価格、契約金額に含む）"
        in contract_csv(report).splitlines()
    )
    # In January the fee is back: 22,000 + 198,000 = 220,000, and no campaign to say.
    later = contract_for_offer(catalog, "exo-monthly", received=date(2027, 1, 10))
    assert later.total == 220_000
    again = contract_report(later, today=date(2027, 1, 20))
    assert "入会金キャンペーン" not in render_document(contract_document(again), "table")


def test_a_quote_names_a_segment_and_its_joining_by_the_catalogs_words() -> None:
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\n'
        'segments = [{ id = "gold", name = "ゴールド会員", name_en = "Gold member" }]\n'
        '[[treatments]]\nid = "iv"\nname = "点滴"\nprice = 30000\n'
        "segment_prices = { gold = 24000 }\n"
        '[[fees]]\nid = "join"\nname = "入会金"\nprice = 11000\ncharged = "once"\n'
        'joins = "gold"\n',
        format="toml",
    )
    # A gold member pays 24,000; anyone else joins for 3 sessions: 3 x 24,000 + 11,000 = 83,000.
    member = quote(catalog, QuoteRequest(sessions=1, segment="gold", on=APRIL))
    assert quote_table(member, catalog).splitlines()[0].startswith("点滴 × 1回・ゴールド会員価格・")
    assert "Gold member price" in quote_table(member, catalog, locale="en_US").splitlines()[0]
    joining = quote(catalog, QuoteRequest(sessions=3, on=APRIL))
    assert joining.best.total.min == 83_000
    assert (
        option_name(joining.best, catalog) == "都度払い（ゴールド会員に登録してゴールド会員価格で）"
    )
    assert option_name(joining.best, catalog, "en_US") == "Single sessions, joining Gold member"
    assert "gold" not in quote_table(joining, catalog)


def test_a_quote_names_a_discount_only_segment_as_the_discounts_group_never_a_price() -> None:
    # small34: 学割 (10% off) is the student group's only effect; 白玉点滴's senior price is the
    # senior group's own. 3 x 6,980 = 20,940 less 10% (2,094) = 18,846, tax 1,884 = 20,730.
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "s33-segments.toml")
    request = QuoteRequest(treatment="shiratama", sessions=3, segment="student", on=APRIL)
    student = quote(catalog, request)
    assert quote_table(student, catalog).splitlines()[0] == (
        "白玉点滴 × 3回・学生の方の割引・新規・2026年4月1日・税抜価格＋消費税"
    )
    both = quote(
        catalog,
        QuoteRequest(treatment="shiratama", sessions=3, segment=["student", "senior"], on=APRIL),
    )
    assert both.best.total.min == 20_730
    heading = quote_table(both, catalog, locale="en_US").splitlines()[0]
    assert heading.startswith(
        "Glutathione IV × 3 sessions · Senior (65+) price · discounts for Student · "
    )
    assert "Student price" not in heading


_JOIN_FOR_DISCOUNT: Final = (
    'schema_version = 2\n[clinic]\nname = "K"\nsegments = [{ id = "member", name = "会員" }]\n'
    '[[treatments]]\nid = "sup"\nname = "上清液点滴"\nprice = 33000\n'
    '[[discounts]]\nid = "mem"\nname = "会員割引"\npercent = 20\nsegments = ["member"]\n'
    '[[fees]]\nid = "join"\nname = "入会金"\nprice = 5500\njoins = "member"\ncharged = "once"\n'
)
"""review34a R6: a group a patient joins for a fee whose only effect is a discount."""


def test_a_way_joining_a_discount_only_segment_is_named_by_its_discounts_not_a_price() -> None:
    # review34a R6: 会員 has no price of its own (priced_segments() == ()), only 20 % off.
    # Joining for 3 sessions: 3 x 33,000 = 99,000 less 20 % (19,800) + 入会金 5,500 = 84,700.
    catalog = parse_catalog(_JOIN_FOR_DISCOUNT, format="toml")
    assert catalog.priced_segments() == ()
    joining = quote(catalog, QuoteRequest(sessions=3, on=APRIL))
    assert joining.best.total.min == 84_700
    assert option_name(joining.best, catalog) == "都度払い（会員に登録して会員の方の割引で）"
    assert option_name(joining.best, catalog, "en_US") == (
        "Single sessions, joining 会員 for its discounts"
    )
    assert "会員価格" not in quote_table(joining, catalog)


def test_a_quote_notes_a_ticket_bill_s_units_at_the_dearest_month_before_its_schedule() -> None:
    # s33 review R1 (m3): 6 monthly visits of 2 units from 10 December, 20% off exo and its
    # 10-unit ticket in December. The ticket's way: 76,000 + the 2 further units left at
    # 8,000 = 92,000, months 5 and 6 at 8,000 each: the note comes before the schedule.
    catalog = load_catalog("tests/data/ticket-campaign.toml")
    result = quote(catalog, QuoteRequest(sessions=6, months=6, units=2, on=date(2026, 12, 10)))
    assert result.best.total.min == 92_000
    text = quote_table(result, catalog)
    note = text.index("期間限定・誕生月の割引がない月の価格で計算しています")
    assert note < text.index("お支払い予定") < text.index("6か月目")
    english = quote_table(result, catalog, locale="en_US")
    assert "priced as in a month without the campaign" in english
    # Five units a visit (the review's m3): three tickets bought in December pay all 30
    # units, 3 x 76,000 = 228,000 (one ticket and 20 further units at 8,000, 236,000, is
    # dearer; before, 76,000 + 20 x 6,400 = 204,000 took the campaign after December).
    five = quote(catalog, QuoteRequest(sessions=6, months=6, units=5, on=date(2026, 12, 10)))
    assert five.best.total.min == 228_000
    plain = quote(catalog, QuoteRequest(sessions=6, months=6, on=date(2026, 12, 10)))
    assert "この買い方は本数券を買い" not in quote_table(plain, catalog)


def test_the_catalog_table_names_a_set_s_top_ups_by_dose() -> None:
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'C'\n[[treatments]]\nid = 'sup'\nname = 'S'\n"
        "dose_unit = 'cc'\ndose_unit_en = 'mL'\n"
        "doses = [{ id = '2cc', amount = 2, price = 33000 }, { id = '4cc', amount = 4, "
        "price = 55000 }]\n[[offers]]\nkind = 'bundle'\nid = 'any3'\ntreatment = 'sup'\n"
        "sessions = 3\nprice = 99000\ntop_ups = { 4cc = 22000 }\n",
        format="toml",
    )
    assert "99,000円  4ccは1回ごとに差額22,000円" in catalog_table(catalog)
    assert "¥99,000  4 mL with a top-up of ¥22,000 a session" in catalog_table(
        catalog, locale="en_US"
    )


def test_a_quote_names_a_set_s_top_ups_by_dose_on_a_line_of_their_own() -> None:
    # Three 4cc sessions over 2 months on the set with a top-up of 20,000: the set's line
    # 99,000, its top-ups' 3 x 20,000 = 60,000, month 1 paying the set and two visits'
    # top-ups (139,000), month 2 one (20,000).
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'C'\n[[treatments]]\nid = 'sup'\nname = 'S'\n"
        "dose_unit = 'cc'\ndose_unit_en = 'mL'\n"
        "doses = [{ id = '2cc', amount = 2, price = 33000 }, { id = '4cc', amount = 4, "
        "price = 55000 }]\n[[offers]]\nkind = 'bundle'\nid = 'any3'\nname = '共通回数券'\n"
        "treatment = 'sup'\nsessions = 3\nprice = 99000\ntop_ups = { 4cc = 20000 }\n",
        format="toml",
    )
    result = quote(catalog, QuoteRequest(treatment="sup:4cc", sessions=3, months=2))
    text = render_document(quote_document(result, catalog), "table")
    assert re.search(r"差額（4cc）\s+差額\s+3\s+20,000円\s+60,000円", text)
    assert "1か月目（初回ご利用時）: 139,000円" in text
    assert "2か月目: 20,000円" in text
    english = render_document(quote_document(result, catalog, locale="en_US"), "table")
    assert re.search(r"top-up \(4 mL\)\s+top-up\s+3\s+¥20,000\s+¥60,000", english)


def test_catalog_table_says_a_fee_is_waived_with_a_set_and_what_a_set_includes() -> None:
    # review34b R5: the sets that waive the fee by name, and each set's gift, as the price
    # list words them (「3回コースご購入の方は無料」), and each set's gift in its details.
    path = pathlib.Path(__file__).parent / "data" / "gifts.toml"
    catalog = parse_catalog(path.read_text(encoding="utf-8"), format="toml")
    rows = {line.split()[0]: line for line in catalog_table(catalog).splitlines()[3:]}
    assert rows["shoshin"].endswith(
        "初診時（当院が初めての方）、3回コース・6回コースご購入の方は無料"
    )
    assert rows["sup-3"].endswith("含まれる物販（プレゼント）: NMNサプリ 1箱")
    assert rows["sup-6"].endswith("含まれる物販（プレゼント）: NMNサプリ 2箱")
    english = catalog_table(catalog, locale="en_US")
    assert "waived when buying Course of 3 or Course of 6" in english
    assert "Includes (free): NMN supplement, 1 box" in english


def test_catalog_table_says_a_plan_carries_over() -> None:
    # review34b R5: 「2回（未消化分は翌月まで繰越可）」 as the price list says it.
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'C'\n"
        '[[treatments]]\nid = "a"\nname = "A"\nprice = 10000\n'
        '[[offers]]\nkind = "subscription"\nid = "m2"\nname = "月2回"\ntreatment = "a"\n'
        "monthly_fee = 15000\nsessions_per_month = 2\ncarry_over = true\n",
        format="toml",
    )
    assert "1か月の回数: 2回（未消化分は翌月まで繰越可）" in catalog_table(catalog)
    english = catalog_table(catalog, locale="en_US")
    assert "(unused sessions carry over to the next month)" in english


def test_a_quote_s_heading_says_a_course_starting_after_its_date_starts_then() -> None:
    catalog = load_catalog(pathlib.Path(__file__).parent / "data" / "campaign-months.toml")
    asked = {"treatment": "exo", "sessions": 2, "new_patient": False, "on": date(2026, 12, 10)}

    def heading(locale: str, **more: object) -> str:
        result = quote(catalog, QuoteRequest.model_validate(asked | more))
        return render_document(quote_document(result, catalog, locale=locale), "table")

    # The day priced from, said as a start where it is not the quote's own day.
    later = {"first_visit": date(2027, 1, 5)}
    assert "・2027年1月5日から・" in heading("ja_JP", **later)
    assert " · from Jan 5, 2027 · " in heading("en_US", **later)
    assert "・2026年12月10日・" in heading("ja_JP", first_visit=date(2026, 12, 10))
    assert "から・" not in heading("ja_JP")
