"""Reports: golden files, escaping, CSV and SVG read back, break-evens, files, and Chromium.

Golden reports live in tests/report_snapshots/; regenerate them with
``SUPECOST_UPDATE_SNAPSHOTS=1 pytest tests/test_report.py`` and read the diff.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import os
import re
import shutil
import stat
import struct
import xml.etree.ElementTree as ET
import zlib
from datetime import date
from pathlib import Path
from typing import Any, Final

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from supecost.catalog import (
    Bundle,
    Catalog,
    Ladder,
    Package,
    SharedSet,
    load_catalog,
    parse_catalog,
    reference_catalog,
    validate_catalog,
)
from supecost.engine import best_total, quote
from supecost.errors import LocaleError, SupecostError
from supecost.l10n import format_range
from supecost.money import Scenario, YenRange
from supecost.quotes import FeeChoice, Line, LineKind, PointValues, Quote, QuoteRequest, Way
from supecost.report import (
    INSTALL_BROWSER,
    BrowserError,
    BrowserMissingError,
    Estimate,
    PriceList,
    ReportError,
    comparison,
    estimate,
    find_browser,
    price_list,
    print_pdf,
    render,
    render_pdf,
    screenshot,
    write_atomic,
    write_report,
)
from supecost.report import browser as browser_module
from supecost.report import model as model_module
from supecost.report.blocks import Facts, Heading, Localized, Paragraph, Table
from supecost.report.csvout import BOM, safe_cell
from supecost.report.document import Words, instalment_text, layout
from supecost.report.errtext import error_text
from supecost.report.figures import difference, per_session
from supecost.report.html import CSS
from supecost.report.lines import LineEntry, item_name, line_entry, line_kind, line_name
from supecost.report.messages import EN, JA, messages_for
from supecost.report.model import instalment_entries
from supecost.report.svg import chart, xml_text
from supecost.report.ways import CheaperAt, cheaper_elsewhere, way_name
from supecost.strategies import catalogs, catalogs_and_requests, yen_ranges
from supecost.tax import TaxCategory, today_in_japan

HERE = Path(__file__).parent
SNAPSHOTS = HERE / "report_snapshots"
DAY = date(2026, 4, 1)
LOCALES = ("ja_JP", "en_US")
FORMATS = ("md", "csv", "html", "json")
CHROMIUM = find_browser()
needs_chromium = pytest.mark.skipif(
    CHROMIUM is None,
    reason=f"Chromium is not installed; .ci/run installs it ({INSTALL_BROWSER})",
)


def _catalogs() -> dict[str, Catalog]:
    return {
        "reference": reference_catalog(),
        "rich": load_catalog(SNAPSHOTS / "rich-catalog.toml"),
    }


def _request(name: str) -> QuoteRequest:
    with_ = ("nasal",) if name == "rich" else ()
    return QuoteRequest(sessions=6, months=6, with_=with_, on=DAY)


def _reports(name: str, catalog: Catalog) -> dict[str, object]:
    return {
        "price-list": price_list(catalog, on=DAY, show_tax_excluded=True),
        "estimate": estimate(quote(catalog, _request(name)), catalog, issued=DAY),
        "compare": comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=12),
    }


@pytest.fixture(scope="module")
def reports() -> dict[str, dict[str, object]]:
    return {name: _reports(name, catalog) for name, catalog in _catalogs().items()}


# ---------------------------------------------------------------------------
# Golden files


@pytest.mark.parametrize("catalog_name", ["reference", "rich"])
@pytest.mark.parametrize("kind", ["price-list", "estimate", "compare"])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_reports(
    reports: dict[str, dict[str, object]], catalog_name: str, kind: str, locale: str, fmt: str
) -> None:
    report = reports[catalog_name][kind]
    text = render(report, fmt, locale=locale)  # type: ignore[arg-type]
    path = SNAPSHOTS / f"{catalog_name}-{kind}.{locale}.{fmt}"
    if os.environ.get("SUPECOST_UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no snapshot {path.name}; run with SUPECOST_UPDATE_SNAPSHOTS=1"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs from the snapshot"


_ENGLISH_WORDS = re.compile(r"[A-Za-z]+\s+(?:[A-Za-z]+|\0)|\0\s+[A-Za-z]+")
"""An ASCII word next to another or to catalog text (cut out as NUL): English words a
sentence is made of. Ids, way labels, codes, dates and locales are single tokens, and a
name composed of catalog texts alone (a treatment's and a dose's) is none."""


def _strings(data: object) -> list[str]:
    if isinstance(data, dict):
        return [s for value in data.values() for s in _strings(value)]
    if isinstance(data, list):
        return [s for value in data for s in _strings(value)]
    return [data] if isinstance(data, str) else []


def _english_not_from(catalog: Catalog, data: object) -> list[str]:
    """The strings of ``data`` holding English words once the catalog's own text is cut out
    (a name may be composed of catalog texts, such as a treatment's and a dose's)."""
    written = sorted(set(_strings(catalog.model_dump(mode="json"))), key=len, reverse=True)
    found = []
    for text in _strings(data):
        rest = text
        for catalog_text in written:
            if catalog_text and catalog_text in rest:
                rest = rest.replace(catalog_text, "\0")
        if _ENGLISH_WORDS.search(rest):
            found.append(text)
    return found


@pytest.mark.parametrize("catalog_name", ["reference", "rich", "v2"])
@pytest.mark.parametrize("sessions", [4, 6])
def test_a_japanese_quote_and_estimate_in_json_hold_no_english_the_catalog_did_not_write(
    catalog_name: str, sessions: int
) -> None:
    catalog = load_catalog(V2) if catalog_name == "v2" else _catalogs()[catalog_name]
    with_ = ("nasal",) if catalog_name == "rich" else ()
    treatment = "exo-iv:2cc" if catalog_name == "v2" else None
    request = QuoteRequest(
        treatment=treatment, sessions=sessions, months=6, with_=with_, new_patient=True, on=DAY
    )
    result = quote(catalog, request)
    # At 4 sessions sets of 5 or 6 leave sessions unused, and the rich catalog's discounts
    # apply: the facts the options' English notes used to hold.
    document = json.loads(render(estimate(result, catalog, issued=DAY), "json", locale="ja_JP"))
    assert _english_not_from(catalog, result.model_dump(mode="json", by_alias=True)) == []
    assert _english_not_from(catalog, document) == []
    # The check bites: a sentence the engine wrote would be found.
    assert _english_not_from(catalog, {"notes": ["discount spring applied"]}) != []


# ---------------------------------------------------------------------------
# Catalog schema 2: doses, units, options, scoped fees, member prices, sales windows

V2 = HERE / "data" / "example-v2.toml"


@pytest.fixture(scope="module")
def v2_reports() -> dict[str, object]:
    catalog = load_catalog(V2)
    # Five sessions of 2cc at member prices, with three placenta injections at every visit.
    request = QuoteRequest(
        treatment="exo-iv:2cc",
        sessions=5,
        months=5,
        with_=({"treatment": "placenta", "units": 3},),
        segment="member",
        on=DAY,
    )
    return {
        "price-list": price_list(catalog, on=DAY),
        "estimate": estimate(quote(catalog, request), catalog, issued=DAY),
    }


@pytest.mark.parametrize("kind", ["price-list", "estimate"])
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_golden_reports_of_a_schema_2_catalog(
    v2_reports: dict[str, object], kind: str, locale: str, fmt: str
) -> None:
    text = render(v2_reports[kind], fmt, locale=locale)  # type: ignore[arg-type]
    path = SNAPSHOTS / f"v2-{kind}.{locale}.{fmt}"
    if os.environ.get("SUPECOST_UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(text.encode("utf-8"))
    assert path.exists(), f"no snapshot {path.name}; run with SUPECOST_UPDATE_SNAPSHOTS=1"
    assert text == path.read_bytes().decode("utf-8"), f"{path.name} differs from the snapshot"


def test_price_list_shows_doses_as_rows_under_their_treatment(
    v2_reports: dict[str, object],
) -> None:
    text = render(v2_reports["price-list"], "md")  # type: ignore[arg-type]
    exo = text[text.index("## エクソソーム点滴") : text.index("## 高濃度ビタミンC点滴")]
    # One row per dose, the member price beside it where the catalog gives one.
    assert "| 用量 | 1回の料金 | 会員価格 |" in exo
    assert "| 1cc | 44,000円（税込） | 39,600円（税込） |" in exo
    assert "| 2cc | 77,000円（税込） | 70,000円（税込） |" in exo
    assert "| 3cc（最大量） | 110,000円（税込） | 通常価格と同じ |" in exo
    assert "1回の料金**" not in exo  # no single price of the treatment itself
    # The set and the first-time price are for the 2cc dose and say so.
    assert (
        "| エクソソーム点滴 2cc 5回コース | 2cc | 5回 | 330,000円（税込） | 308,000円（税込） |"
        in exo
    )
    assert "2026年4月1日から2026年12月31日まで" in exo
    # No first-time price has a member price: no member column there (not 「通常価格と同じ」).
    assert "| プラン | 用量 | 初回価格 | 条件 |" in exo
    assert (
        "| エクソソーム点滴 2cc 初回限定 | 2cc | 55,000円（税込） | 当院が初めての方の最初の1回 |"
        in exo
    )
    english = render(v2_reports["price-list"], "md", locale="en_US")  # type: ignore[arg-type]
    assert "| Dose | One session | Member price |" in english
    assert "| 3cc (maximum) | ¥110,000 (tax incl.) | as regular |" in english
    assert "from Apr 1, 2026 until Dec 31, 2026" in english


def test_price_list_shows_units_options_and_scoped_fees(v2_reports: dict[str, object]) -> None:
    text = render(v2_reports["price-list"], "md")  # type: ignore[arg-type]
    placenta = text[text.index("## プラセンタ注射") : text.index("## エレクトロポレーション")]
    assert "同じ来院での2本目以降（1本あたり）**: 1,000円（税込）" in placenta
    assert "1回の来院での数量**: 5本まで" in placenta
    # The option is listed under its base treatment, not as a treatment of its own.
    assert "## 薬剤アップグレード" not in text
    base = text[text.index("## エレクトロポレーション") :]
    assert "### オプション" in base
    assert (
        "| 薬剤アップグレード（エクソソーム） | 11,000円（税込） | エレクトロポレーション |" in base
    )
    # Fees name what they apply to; the others apply to every treatment.
    assert (
        "| G6PD検査 | 4,400円（税込） | 高濃度ビタミンC点滴 20g | "
        "1回のみ、当院が初めての方のみ |" in text
    )
    assert "| 血液検査 | 5,500円（税込） | エクソソーム点滴 | 1回のみ |" in text
    assert "| 初診料 | 3,300円（税込） | すべての治療 | 初診時（当院が初めての方） |" in text
    # A fee the patient chooses says so, and which fees of its group it excludes.
    assert (
        "| 出張費（23区外） | 11,000円（税込） | すべての治療 | ご利用ごと、"
        "ご希望の場合のみ、出張費（23区内）／出張費（23区外）のいずれか1つ |" in text
    )
    english = render(v2_reports["price-list"], "md", locale="en_US")  # type: ignore[arg-type]
    assert (
        "| every visit, only if requested, one of Home visit (Tokyo 23 wards) or Home visit "
        "(outside the 23 wards) |" in english
    )
    rows = list(csv.reader(io.StringIO(render(v2_reports["price-list"], "csv"))))  # type: ignore[arg-type]
    kinds = {row[2]: row[0] for row in rows if len(row) > 2}
    assert (kinds["出張費（23区内）"], kinds["初診料"]) == ("諸費用（ご希望の場合のみ）", "諸費用")
    # An unnamed group's column lists its fees, as the fee table does.
    column = rows[0].index("料金のグループ")
    group = {row[2]: row[column] for row in rows if len(row) > 2}["出張費（23区内）"]
    assert group == "出張費（23区内）／出張費（23区外）のいずれか1つ"


def test_price_list_csv_says_when_each_fee_is_charged(v2_reports: dict[str, object]) -> None:
    # As the fee table above says it, in a last column; rows that are not fees leave it empty.
    rows = list(csv.reader(io.StringIO(render(v2_reports["price-list"], "csv"))))  # type: ignore[arg-type]
    assert rows[0][-1] == "請求時期"
    when = {row[2]: row[-1] for row in rows[1:] if row[0].startswith("諸費用")}
    assert when["G6PD検査"] == "1回のみ、当院が初めての方のみ"
    assert when["血液検査"] == "1回のみ"
    assert when["初診料"] == "初診時（当院が初めての方）"
    assert when["出張費（23区外）"] == "ご利用ごと"
    assert {row[-1] for row in rows[1:] if not row[0].startswith("諸費用")} == {""}
    english = list(csv.reader(io.StringIO(render(v2_reports["price-list"], "csv", locale="en_US"))))  # type: ignore[arg-type]
    assert english[0][-1] == "Charged"
    assert "first visit (new patients)" in {row[-1] for row in english}
    # A price list without fees has no such column.
    alone = _toml('[[treatments]]\nid = "z"\nname = "Z"\nprice = 1000\n')
    header = next(csv.reader(io.StringIO(render(price_list(alone, on=DAY), "csv"))))
    assert header[-1] == "注記"


_NAMED_TRAVEL = """
[[fee_groups]]
id = "travel"
name = "出張費"
name_en = "<i>Home</i> visit"
"""


def test_price_list_says_the_name_of_a_named_fee_group(tmp_path: Path) -> None:
    named = tmp_path / "named.toml"
    named.write_text(V2.read_text(encoding="utf-8") + _NAMED_TRAVEL, encoding="utf-8")
    report = price_list(load_catalog(named), on=DAY)
    text = render(report, "md")
    # The group's name stands for the list of its fees, with "one of" and "only if requested".
    assert (
        "| 出張費（23区外） | 11,000円（税込） | すべての治療 | ご利用ごと、"
        "出張費（いずれか1つ・ご希望の場合のみ） |" in text
    )
    assert "のいずれか1つ" not in text
    # A fee outside any group is worded as before.
    assert "| 初診料 | 3,300円（税込） | すべての治療 | 初診時（当院が初めての方） |" in text
    english = render(report, "md", locale="en_US")
    assert (
        "| every visit, &lt;i&gt;Home&lt;/i&gt; visit (one of these, only if requested) |"
        in english
    )
    html = render(report, "html", locale="en_US")
    # Catalog text is escaped where the name is shown.
    assert "<i>Home</i>" not in html
    # The CSV names the group in a column of its own, in the same words; fees outside a
    # group leave it empty.
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert rows[0][-2:] == ["料金のグループ", "請求時期"]
    groups = {row[2]: row[-2] for row in rows[1:] if row[0].startswith("諸費用")}
    assert groups["出張費（23区外）"] == "出張費（いずれか1つ・ご希望の場合のみ）"
    assert groups["初診料"] == ""
    rows = list(csv.reader(io.StringIO(render(report, "csv", locale="en_US"))))
    assert rows[0][-2] == "Fee group"
    assert "<i>Home</i> visit (one of these, only if requested)" in {row[-2] for row in rows}
    assert (
        "<td>every visit, &lt;i&gt;Home&lt;/i&gt; visit (one of these, only if requested)</td>"
        in html
    )


def test_estimate_shows_a_chosen_fee_as_a_line() -> None:
    catalog = load_catalog(V2)
    request = QuoteRequest(treatment="placenta", sessions=4, on=DAY, fees=["travel-23ku"])
    text = render(estimate(quote(catalog, request), catalog, issued=DAY), "md")
    # 4 x 1,500 + first consultation 3,300 + 4 home visits x 5,500 = 31,300
    assert "| 出張費（23区内） | 4 | 5,500円 | 22,000円 |" in text
    assert "**合計（税込）: 31,300円**" in text
    assert "出張費（23区外）" not in text


def test_an_estimate_says_how_long_its_course_was_taken_to_run_for_a_yearly_fee() -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "yearly-plan.toml")
    # 30 sessions on the plan of two a month: 15 months, the 年会費 twice (15 x 15,000 +
    # 2 x 11,000 = 247,000), and the estimate says the course runs the plan's months.
    result = quote(catalog, QuoteRequest(sessions=30, on=DAY))
    report = estimate(result, catalog, issued=DAY)
    assert (report.plan.plan_months, report.plan.yearly_once) == (15, False)
    text = render(report, "md")
    assert "**合計（税込）: 247,000円**" in text
    assert "通院期間を月額プランの15か月とし" in text
    assert "each of their years" in render(report, "md", locale="en_US")
    assert json.loads(render(report, "json"))["plan"]["plan_months"] == 15
    # One session is bought single (10,000 + 11,000): no length, the fee once, said so.
    single = estimate(quote(catalog, QuoteRequest(sessions=1, on=DAY)), catalog, issued=DAY)
    assert single.plan.yearly_once
    assert "1年分で計算しています" in render(single, "md")
    assert json.loads(render(single, "json"))["plan"]["yearly_once"] is True
    # A course with months says nothing: they date it.
    dated = estimate(
        quote(catalog, QuoteRequest(sessions=1, months=6, on=DAY)), catalog, issued=DAY
    )
    assert "yearly_once" not in json.loads(render(dated, "json"))["plan"]
    assert "1年分で計算" not in render(dated, "md")


@pytest.mark.parametrize(
    ("locale", "further", "total"),
    [
        ("ja_JP", "同じ来院の追加分", "合計（税込）"),
        ("en_US", "further units in a visit", "Total (tax incl.)"),
    ],
)
def test_one_thing_has_one_label_in_every_format(
    v2_reports: dict[str, object], locale: str, further: str, total: str
) -> None:
    from supecost.present import quote_table

    # A further unit at a visit: the estimate's line, the price list CSV's row kind and the
    # quote's line kind are one word; the other plans' totals are headed as the estimate's.
    page = render(v2_reports["estimate"], "md", locale=locale)  # type: ignore[arg-type]
    assert f"Placenta injection ({further})" in page or f"プラセンタ注射（{further}）" in page
    assert f"**{total}: " in page
    assert f"| {'プラン' if locale == 'ja_JP' else 'Plan'} | {total} |" in page
    prices = render(v2_reports["price-list"], "csv", locale=locale)  # type: ignore[arg-type]
    kinds = [row[0] for row in csv.reader(io.StringIO(prices, newline=""))]
    assert further in kinds
    catalog = load_catalog(V2)
    request = QuoteRequest(treatment="placenta", units=3, sessions=1, on=DAY)
    table = quote_table(quote(catalog, request), catalog, locale=locale)
    assert further in table


_FIRST_N_COURSE = """schema_version = 2
[clinic]
name = "SC"
contact = "03"
[[treatments]]
id = "sup"
name = "上清液点滴"
price = 50000
typical_course = { sessions = 3, months = 3 }
risks = "x"
unapproved = false
[[offers]]
kind = "bundle"
id = "open-3"
treatment = "sup"
name = "開院記念3回セット"
sessions = 3
price = 99000
first_n = 5
valid_until = 2026-12-31
[[offers]]
kind = "bundle"
id = "winter-3"
treatment = "sup"
name = "冬の3回セット"
sessions = 3
price = 120000
valid_from = 2027-02-01
"""


def test_standard_cost_is_what_every_patient_can_buy() -> None:
    # The auditor's sc: 3 sessions at 50,000 (税込) are 150,000 paid singly; the set for the
    # first 5 patients is 99,000, and a set of 120,000 is not on sale until February.
    catalog = parse_catalog(_FIRST_N_COURSE, format="toml")
    course = price_list(catalog, on=date(2026, 12, 1)).treatments[0].course
    assert course is not None
    assert course.cost == YenRange.exact(150_000)
    assert course.campaign_cost == YenRange.exact(99_000)
    text = render(price_list(catalog, on=date(2026, 12, 1)), "md")
    assert "- **標準的な費用**: 150,000円（税込・都度払いの場合、初診時の費用を含む）" in text
    assert (
        "- **先着順のキャンペーン価格の場合**: 99,000円（税込・開院記念3回セット（先着5名様）"
        "の場合、初診時の費用を含む）"
    ) in text
    english = render(price_list(catalog, on=date(2026, 12, 1)), "md", locale="en_US")
    assert "- **At a campaign price for the first patients only**: ¥99,000" in english
    # After the campaign ends there is none beside it; from February the set every
    # patient can buy is the standard: 120,000 < 150,000.
    january = price_list(catalog, on=date(2027, 1, 1)).treatments[0].course
    assert january is not None
    assert (january.cost, january.campaign_cost) == (YenRange.exact(150_000), None)
    assert "キャンペーン価格" not in render(price_list(catalog, on=date(2027, 1, 1)), "md")
    february = price_list(catalog, on=date(2027, 2, 1)).treatments[0].course
    assert february is not None
    assert (february.cost, february.campaign_cost) == (YenRange.exact(120_000), None)
    data = json.loads(render(price_list(catalog, on=date(2026, 12, 1)), "json"))
    assert data["treatments"][0]["course"]["campaign_cost"]["min"] == 99_000
    # Priced by dose: 1cc 3 x 30,000 = 90,000 or its first-5 set 60,000; 2cc 3 x 50,000 =
    # 150,000 either way. Standard 90,000〜150,000, singles for both; the campaign changes
    # 1cc only: 60,000 by the set, beside its standard 90,000 (s30 audit F6: the dose
    # range's ends, 60,000〜150,000 before, are not what the campaign changes).
    dosed = parse_catalog(
        _FIRST_N_COURSE.replace("price = 50000\n", "")
        .replace(
            'name = "上清液点滴"\n',
            'name = "上清液点滴"\ndose_unit = "cc"\ndoses = [{ id = "1cc", amount = 1, '
            'price = 30000 }, { id = "2cc", amount = 2, price = 50000 }]\n',
        )
        .replace('treatment = "sup"\nname = "開院', 'treatment = "sup:1cc"\nname = "開院')
        .replace("price = 99000", "price = 60000")
        .replace('treatment = "sup"\nname = "冬', 'treatment = "sup:2cc"\nname = "冬'),
        format="toml",
    )
    by_dose = price_list(dosed, on=date(2026, 12, 1)).treatments[0].course
    assert by_dose is not None
    assert by_dose.cost == YenRange(90_000, 150_000)
    assert by_dose.campaign_cost == YenRange.exact(60_000)
    assert [(d.dose.ja, d.cost.min, d.standard.min) for d in by_dose.campaign_doses] == [
        ("1cc", 60_000, 90_000)
    ]


def test_a_campaign_on_one_dose_says_which_dose_it_changes() -> None:
    # s30 audit F6: 6 sessions over 6 months. 1cc 6 x 33,000 = 198,000 and 3cc 6 x 88,000 =
    # 528,000 whatever the campaign; 2cc 38,500 (first time) + 163,350 (set of 3) + 2 x
    # 60,500 = 322,850 as every patient can buy it, 38,500 + 148,500 (the first 20's set)
    # + 121,000 = 308,000 with the campaign. The campaign line names 2cc with both figures,
    # never the standard range 198,000〜528,000 again.
    catalog = load_catalog(HERE / "data" / "s30-clinic.toml")
    report = price_list(catalog, on=date(2026, 12, 10))
    course = report.treatments[0].course
    assert course is not None
    assert course.cost == YenRange(198_000, 528_000)
    assert course.campaign_cost == YenRange.exact(308_000)
    assert [(d.dose.ja, d.cost.min, d.standard.min) for d in course.campaign_doses] == [
        ("2cc", 308_000, 322_850)
    ]
    text = render(report, "md")
    line = next(line for line in text.splitlines() if "先着順のキャンペーン価格の場合" in line)
    assert "2cc: 308,000円（税込・" in line
    assert "通常の価格では322,850円" in line
    assert "198,000" not in line
    english = render(report, "md", locale="en_US")
    assert "2cc: ¥308,000 (tax incl., " in english
    assert "¥322,850 at the usual prices" in english


@pytest.mark.parametrize("name", ["reference", "v2"])
def test_standard_cost_has_one_bracket_for_tax_and_plan(name: str) -> None:
    # 「…円（税込）（都度払いの場合、…）」 read as two asides: one bracket holds both.
    catalog = reference_catalog() if name == "reference" else load_catalog(V2)
    report = price_list(catalog, on=DAY)
    ja = [line for line in render(report, "md").splitlines() if "標準的な費用**: " in line]
    en = [
        line
        for line in render(report, "md", locale="en_US").splitlines()
        if "Standard cost**: ¥" in line
    ]
    ja = [line for line in ja if "円" in line]
    assert ja
    assert en
    for line in ja:
        assert "円（税込・" in line
        assert "）（" not in line
    for line in en:
        assert " (tax incl., " in line
        assert ") (" not in line


def test_estimate_shows_the_dose_units_and_segment(v2_reports: dict[str, object]) -> None:
    text = render(v2_reports["estimate"], "md")  # type: ignore[arg-type]
    assert "- **治療**: エクソソーム点滴 2cc" in text
    assert "- **用量**: 2cc" in text
    assert "- **同時に受ける治療**: プラセンタ注射（3本）" in text
    assert "- **価格区分**: 会員価格" in text
    # The member set: 308,000; placenta 5 x 1,500 = 7,500 and 5 x 2 further units at the
    # member's 900 (not the regular 1,000) = 9,000; first consultation 3,300; the blood test
    # for any exosome dose 5,500. 308,000 + 7,500 + 9,000 + 3,300 + 5,500 = 333,300.
    assert "| プラセンタ注射（同じ来院の追加分） | 10 | 900円 | 9,000円 |" in text
    assert "**合計（税込）: 333,300円**" in text


def test_estimate_counts_units_in_the_treatments_unit_or_sessions() -> None:
    catalog = load_catalog(V2)
    placenta = quote(catalog, QuoteRequest(treatment="placenta", units=3, sessions=4, on=DAY))
    text = render(estimate(placenta, catalog, issued=DAY), "md")
    assert "- **1回の来院での数量**: 3本" in text
    assert "用量" not in text
    english = render(estimate(placenta, catalog, issued=DAY, locale="en_US"), "md")
    # The catalog's dose_unit_en in English, its dose_unit in Japanese.
    assert "- **Units per visit**: 3 amp" in english
    # A dose's unit (mg) measures the dose, so its units count in the bare word for a unit,
    # 単位 (not 回, which would read "2 visits per visit"; review30 F7), as English's "units".
    glutathione = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [
                {
                    "id": "gsh",
                    "name": "グルタチオン",
                    "dose_unit": "mg",
                    "max_units": 3,
                    "doses": [{"id": "600mg", "amount": 600, "price": 3_000}],
                }
            ],
        }
    )
    two = quote(glutathione, QuoteRequest(treatment="gsh:600mg", units=2, sessions=1, on=DAY))
    assert "- **1回の来院での数量**: 2単位" in render(estimate(two, glutathione, issued=DAY), "md")
    rows = list(csv.reader(io.StringIO(render(estimate(placenta, catalog, issued=DAY), "csv"))))
    lines = [row[:3] for row in rows if row[0] == "明細"]
    assert lines[1] == ["明細", "プラセンタ注射（同じ来院の追加分）", "8"]
    # A schema-1 estimate has none of it.
    old = render(
        estimate(
            quote(reference_catalog(), QuoteRequest(sessions=2, on=DAY)),
            reference_catalog(),
            issued=DAY,
        ),
        "md",
    )
    assert "1回の来院での数量" not in old


VIALS: dict[str, object] = {
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
        },
        {"id": "nmn", "name": "NMN点滴", "name_en": "NMN IV drip", "price": 30_000},
    ],
}


@pytest.mark.parametrize(
    ("locale", "row"),
    [
        ("ja_JP", ["治療の説明", "プラセンタ注射", "1回の来院での数量", "5本まで"]),
        (
            "en_US",
            ["about the treatment", "Placenta injection", "Units per visit", "up to 5 vials"],
        ),
    ],
)
def test_a_price_lists_csv_says_the_most_units_a_visit_as_its_page_does(
    locale: str, row: list[str]
) -> None:
    catalog = validate_catalog(VIALS)
    prices = price_list(catalog, on=DAY)
    # The page says it in the treatment's section; the CSV has a row for it, its text where a
    # price's text goes (after the kind, treatment, item, sessions and six amounts).
    assert f"- **{row[2]}**: {row[3]}\n" in render(prices, "md", locale=locale)
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale=locale))))
    # One row: NMN has no limit.
    said = [[r[0], r[1], r[2], r[10]] for r in rows if r[2] == row[2]]
    assert said == [row]


def test_english_documents_count_units_in_the_catalogs_plural() -> None:
    catalog = validate_catalog(VIALS)
    prices = render(price_list(catalog, on=DAY), "md", locale="en_US")
    # One further unit is "vial"; the most in a visit, five, "vials".
    assert "- **Each further vial at the same visit**: ¥1,000 (tax incl.)" in prices
    assert "- **Units per visit**: up to 5 vials\n" in prices
    request = QuoteRequest(
        treatment="nmn", sessions=2, with_=[{"treatment": "placenta", "units": 3}], on=DAY
    )
    text = render(estimate(quote(catalog, request), catalog, issued=DAY, locale="en_US"), "md")
    assert "Placenta injection (3 vials)" in text
    three = QuoteRequest(treatment="placenta", units=3, sessions=2, on=DAY)
    assert "- **Units per visit**: 3 vials" in render(
        estimate(quote(catalog, three), catalog, issued=DAY, locale="en_US"), "md"
    )
    # Japanese counts as the catalog writes it, whatever the count.
    japanese = render(estimate(quote(catalog, three), catalog, issued=DAY), "md")
    assert "- **1回の来院での数量**: 3本" in japanese
    assert "vial" not in japanese
    # JSON names the unit once, in the English for one: a count is not said there.
    data = json.loads(
        render(estimate(quote(catalog, three), catalog, issued=DAY), "json", locale="en_US")
    )
    assert data["unit"] == "vial"


FURTHER_UNITS: dict[str, object] = {
    "schema_version": 2,
    "clinic": {"name": "A", "segments": ["member"]},
    "treatments": [
        {
            "id": "exo",
            "name": "エクソソーム点滴",
            "name_en": "Exosome IV drip",
            "dose_unit": "cc",
            "dose_unit_en": "mL",
            "doses": [
                {"id": "2cc", "amount": 2, "price": 77_000},
                {
                    "id": "1cc",
                    "amount": 1,
                    "price": 44_000,
                    "segment_prices": {"member": 40_000},
                    "extra_unit_price": 10_000,
                    "extra_unit_segment_prices": {"member": 8_000},
                },
            ],
        },
        {"id": "nmn", "name": "NMN点滴", "price": 30_000},
    ],
}


def test_price_list_gives_a_further_units_segment_prices_in_their_own_columns() -> None:
    prices = price_list(validate_catalog(FURTHER_UNITS), on=DAY)
    text = render(prices, "md")
    # The segment's price of a further unit after the session's; 2cc sells one unit a visit.
    assert (
        "| 用量 | 1回の料金 | 同じ来院での2単位目以降（1単位あたり） | 会員価格 "
        "| 同じ来院での2単位目以降（1単位あたり）の会員価格 |"
    ) in text
    assert "| 2cc | 77,000円（税込） | なし | 通常価格と同じ | なし |" in text
    member = "| 40,000円（税込） | 8,000円（税込） |"
    assert f"| 1cc | 44,000円（税込） | 10,000円（税込） {member}" in text
    english = render(prices, "md", locale="en_US")
    # The English dose unit, after a space, in an English document only.
    assert "| 1 mL | ¥44,000 (tax incl.) | ¥10,000 (tax incl.) | ¥40,000 (tax incl.) |" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    further = next(row for row in rows if row[1] == "エクソソーム点滴 1cc")
    # The regular 10,000 at its three points (min, typical, max), then the member's 8,000.
    assert further[4:7] == ["10000", "10000", "10000"]
    assert further[-3:] == ["8000", "8000", "8000"]


def test_an_option_sold_only_with_options_keeps_its_own_section() -> None:
    # a is sold only with b, b with a or x: a has no base of its own to sit under.
    data: dict[str, object] = {
        "schema_version": 2,
        "clinic": {"name": "A"},
        "treatments": [
            {"id": "x", "name": "基本", "price": 10_000},
            {"id": "a", "name": "追加A", "price": 1_000, "only_with": ["b"]},
            {"id": "b", "name": "追加B", "price": 2_000, "only_with": ["a", "x"]},
        ],
    }
    prices = price_list(validate_catalog(data), on=DAY)
    assert [entry.id for entry in prices.treatments] == ["x", "a"]
    assert [option.id for option in prices.treatments[0].options] == ["b"]
    assert [option.id for option in prices.treatments[1].options] == ["b"]
    # An option with a set of its own keeps a section for the set, and is an option too.
    bundle = {"kind": "bundle", "id": "b-5", "treatment": "b", "sessions": 5, "price": 9_000}
    prices = price_list(validate_catalog({**data, "offers": [bundle]}), on=DAY)
    assert [entry.id for entry in prices.treatments] == ["x", "a", "b"]
    assert [offer.id for offer in prices.treatments[2].bundles] == ["b-5"]
    assert [option.id for option in prices.treatments[0].options] == ["b"]


GOLD: dict[str, Any] = {
    "schema_version": 2,
    "clinic": {"name": "A", "segments": ["gold"]},
    "treatments": [
        {
            "id": "gsh",
            "name": "グルタチオン",
            "dose_unit": "mg",
            "doses": [
                {"id": "600mg", "amount": 600, "price": 3_000, "extra_unit_price": 2_000},
                {"id": "1200mg", "amount": 1200, "price": 5_000},
            ],
            "max_units": 3,
        },
        {"id": "vit", "name": "ビタミン", "price": 1_000, "max_units": 3},
        {"id": "nmn", "name": "NMN", "price": 9_000},
    ],
    "offers": [
        # For any dose: ¥20,000 for 5, against 5 singles of ¥15,000 (600mg) to ¥25,000 (1200mg).
        {
            "kind": "bundle",
            "id": "gsh-5",
            "treatment": "gsh",
            "sessions": 5,
            "price": 20_000,
            "valid_months": 6,
        },
    ],
}


def test_price_list_of_an_offer_for_any_dose_and_an_unknown_segment() -> None:
    prices = price_list(validate_catalog(GOLD), on=DAY)
    (offer,) = prices.treatments[0].bundles
    assert offer.dose is None
    # The saving spans the doses: 15,000 − 20,000 = −5,000 to 25,000 − 20,000 = 5,000.
    assert (offer.saving.min, offer.saving.max) == (-5_000, 5_000)
    text = render(prices, "md")
    # gold has no price of its own anywhere: no column says it pays as everyone does.
    assert "| 用量 | 1回の料金 | 同じ来院での2単位目以降（1単位あたり） |\n" in text
    assert "gold価格" not in text
    assert "| 600mg | 3,000円（税込） | 2,000円（税込） |" in text
    # Up to 3 a visit: a further 1200mg, without a price of its own, costs its single price.
    assert "| 1200mg | 5,000円（税込） | 5,000円（税込） |" in text
    # Without max_units, only the dose with a further-unit price sells more than one a visit.
    treatments = [{**GOLD["treatments"][0], "max_units": None}, *GOLD["treatments"][1:]]
    one_each = render(
        price_list(validate_catalog({**GOLD, "treatments": treatments}), on=DAY), "md"
    )
    assert "| 1200mg | 5,000円（税込） | なし |" in one_each
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale="en_US"))))
    extra = [row for row in rows if row[0] == "further units in a visit"]
    assert [(row[1], row[4]) for row in extra] == [
        ("グルタチオン 600mg", "2000"),
        ("グルタチオン 1200mg", "5000"),
    ]


_UNITLESS = {
    "schema_version": 2,
    "clinic": {"name": "単位なしクリニック"},
    "treatments": [
        {
            "id": "vitc",
            "name": "高濃度ビタミンC点滴",
            "doses": [
                {"id": "10g", "amount": 10, "price": 11_000},
                {"id": "20g", "amount": 20, "price": 16_500, "name": "20グラム"},
            ],
        }
    ],
}


def test_a_dose_without_unit_or_name_is_named_by_its_id_not_a_bare_amount() -> None:
    # Without dose_unit the 10g dose's amount alone would read "10", 10 of anything: its
    # id names it; the dose with a name keeps it.
    catalog = validate_catalog(_UNITLESS)
    text = render(price_list(catalog, on=DAY), "md")
    assert "| 10g | 11,000円（税込） |" in text
    assert "| 20グラム | 16,500円（税込） |" in text
    assert "| 10 |" not in text
    request = QuoteRequest(treatment="vitc:10g", sessions=2, on=DAY)
    shown = render(estimate(quote(catalog, request), catalog, issued=DAY), "csv", locale="en_US")
    assert "高濃度ビタミンC点滴 10g" in shown


def test_estimate_gives_units_only_for_with_entries_that_have_more_than_one() -> None:
    catalog = validate_catalog(GOLD)
    request = QuoteRequest(
        treatment="nmn",
        sessions=1,
        with_=("vit", {"treatment": "gsh:600mg", "units": 2}),
        on=DAY,
    )
    text = render(estimate(quote(catalog, request), catalog, issued=DAY), "md")
    assert "- **同時に受ける治療**: ビタミン、グルタチオン 600mg（2単位）" in text


def test_price_list_csv_and_json_of_a_schema_2_catalog(v2_reports: dict[str, object]) -> None:
    report = v2_reports["price-list"]
    rows = list(csv.reader(io.StringIO(render(report, "csv", locale="en_US"))))  # type: ignore[arg-type]
    header = rows[0]
    # The catalog's group of travel fees adds a column, before when each fee is charged.
    assert header[-6:] == [
        "Member price tax incl. (low)",
        "Member price tax incl. (typical)",
        "Member price tax incl. (high)",
        "On sale",
        "Fee group",
        "Charged",
    ]
    by_item = {(row[0], row[1], row[2]): row for row in rows[1:]}
    two = by_item[("dose", "Exosome IV drip", "2cc")]
    assert two[4:7] == ["77000", "77000", "77000"]
    assert two[-6:-3] == ["70000", "70000", "70000"]
    course = by_item[("set", "Exosome IV drip 2cc", "Exosome IV drip 2cc, course of 5")]
    assert course[-3:] == ["from Apr 1, 2026 until Dec 31, 2026", "", ""]
    assert ("option", "Electroporation", "Drug upgrade (exosome)") in by_item
    assert ("fee", "High-dose vitamin C IV drip 20g", "G6PD test") in by_item
    data = json.loads(render(report, "json"))  # type: ignore[arg-type]
    assert data["segments"] == ["member"]
    assert [dose["id"] for dose in data["treatments"][0]["doses"]] == ["1cc", "2cc", "3cc"]
    # A schema-1 price list keeps its shape: no key for what schema 2 added.
    old = json.loads(render(price_list(reference_catalog(), on=DAY), "json"))
    assert "segments" not in old
    assert "doses" not in old["treatments"][0]


# ---------------------------------------------------------------------------
# Ladders (回数別単価): a session's single price by its place

LADDERS: dict[str, Any] = {
    "schema_version": 2,
    "clinic": {
        "name": "育毛クリニック",
        "name_en": "Hair Clinic",
        "prices_include_tax": False,
        "tax_rounding": "floor",
        "segments": ["member"],
    },
    "treatments": [
        {"id": "hair", "name": "育毛メソセラピー", "name_en": "Hair mesotherapy", "price": 10000},
        {
            "id": "drink",
            "name": "美容ドリンク",
            "name_en": "Beauty drink",
            "tax": "reduced",
            "price": 3000,
        },
        {
            "id": "vitc",
            "name": "ビタミンC点滴",
            "name_en": "Vitamin C drip",
            "dose_unit": "g",
            "doses": [{"id": "10g", "amount": 10, "price": 10000}],
        },
    ],
    "offers": [
        {
            "kind": "ladder",
            "id": "hair-ladder",
            "treatment": "hair",
            "name": "通うほどお得",
            "name_en": "Loyalty prices",
            "note": "<b>他の割引と併用不可</b>",
            "valid_from": "2026-04-01",
            "valid_until": "2026-12-31",
            "steps": [
                {"from": 1, "price": 9000},
                {"from": 6, "price": 7000},
                {"from": 11, "price": 6000, "segment_prices": {"member": 5000}},
            ],
        },
        {
            "kind": "ladder",
            "id": "drink-ladder",
            "treatment": "drink",
            "name": "ドリンク回数別",
            "name_en": "Drink by number",
            "steps": [
                {"from": 1, "price": 3000},
                {"from": 2, "price": 2500},
                {"from": 3, "price": 2000},
            ],
        },
        {
            "kind": "ladder",
            "id": "vitc-ladder",
            "treatment": "vitc:10g",
            "name": "ビタミンC回数別",
            "name_en": "Vitamin C by number",
            "steps": [{"from": 1, "price": 10000}, {"from": 4, "price": 8000}],
        },
    ],
}


def test_an_unnamed_ladder_is_on_the_price_list() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "T"},
            "treatments": [{"id": "hair", "name": "育毛", "price": 9800}],
            "offers": [
                {
                    "kind": "ladder",
                    "id": "hair-ladder",
                    "treatment": "hair",
                    "steps": [{"from": 1, "price": 9800}, {"from": 6, "price": 6800}],
                }
            ],
        }
    )
    text = render(price_list(catalog, on=DAY), "md")
    # Before the fix, no report of the catalog named the 6,800 of the 6th session on.
    assert "| 育毛 回数別単価 | 1〜5回目 | 9,800円（税込） |" in text
    assert "|  | 6回目以降 | 6,800円（税込） |" in text


def test_price_list_shows_each_ladder_step_under_its_treatment_in_japanese() -> None:
    text = render(price_list(validate_catalog(LADDERS), on=DAY), "md")
    hair, drink, vitc = (text.index(f"## {name}") for name in ("育毛", "美容ドリンク", "ビタミンC"))
    section = text[hair:drink]
    # Before tax at 10%, floored: 9,000 -> 9,900; 7,000 -> 7,700; 6,000 -> 6,600; member 5,000
    # -> 5,500. A step runs up to the place before the next one starts.
    assert "### 回数別単価" in section
    assert "| プラン | 回数 | 1回の料金 | 会員価格 | 販売期間 |" in section
    assert (
        "| 通うほどお得 | 1〜5回目 | 9,900円（税込） | 通常価格と同じ "
        "| 2026年4月1日から2026年12月31日まで |"
    ) in section
    assert "|  | 6〜10回目 | 7,700円（税込） | 通常価格と同じ |  |" in section
    assert "|  | 11回目以降 | 6,600円（税込） | 5,500円（税込） |  |" in section
    assert "何回目かは、この治療をこれまでに受けた回数" in section
    # The note is catalog text: Markdown shows its markup as text.
    assert "注記（通うほどお得）：&lt;b&gt;他の割引と併用不可&lt;/b&gt;" in section
    # At 8%, marked: 3,000 -> 3,240; 2,500 -> 2,700; 2,000 -> 2,160. A step of one place
    # names it alone. No window, so no window column.
    section = text[drink:vitc]
    # No step of these ladders has a member price: no member column (F3).
    assert "| プラン | 回数 | 1回の料金 |\n" in section
    assert "| ドリンク回数別 | 1回目 | 3,240円（税込）※ |" in section
    assert "|  | 2回目 | 2,700円（税込）※ |" in section
    assert "|  | 3回目以降 | 2,160円（税込）※ |" in section
    # A ladder for one dose names it: 10,000 -> 11,000; 8,000 -> 8,800.
    section = text[vitc:]
    assert "| プラン | 用量 | 回数 | 1回の料金 |\n" in section
    assert "| ビタミンC回数別 | 10g | 1〜3回目 | 11,000円（税込） |" in section
    assert "|  |  | 4回目以降 | 8,800円（税込） |" in section


def test_price_list_shows_each_ladder_step_in_english() -> None:
    prices = price_list(validate_catalog(LADDERS), on=DAY, show_tax_excluded=True)
    text = render(prices, "md", locale="en_US")
    assert "### Prices by session number" in text
    assert "| Plan | Sessions | One session | Member price | On sale |" in text
    assert (
        "| Loyalty prices | sessions 1–5 | ¥9,900 (tax incl.; ¥9,000 before tax) | as regular "
        "| from Apr 1, 2026 until Dec 31, 2026 |"
    ) in text
    assert "|  | sessions 6–10 | ¥7,700 (tax incl.; ¥7,000 before tax) | as regular |  |" in text
    assert (
        "|  | from session 11 | ¥6,600 (tax incl.; ¥6,000 before tax) "
        "| ¥5,500 (tax incl.; ¥5,000 before tax) |  |"
    ) in text
    assert "| Drink by number | session 1 | ¥3,240 (tax incl.; ¥3,000 before tax)\\* |" in text
    assert "A session's number counts every earlier session of this treatment" in text
    page = render(prices, "html", locale="en_US")
    assert "<b>" not in page
    assert "&lt;b&gt;" in page
    assert "from session 11" in page


def test_price_list_csv_and_json_of_ladders() -> None:
    prices = price_list(validate_catalog(LADDERS), on=DAY)
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale="en_US"))))
    steps = [row for row in rows if row[0] == "price by session number"]
    # One row per step, each the price of one session: tax included, before tax, as shown,
    # the note, the member price (low, typical, high) and the window.
    assert steps[0] == [
        "price by session number",
        "Hair mesotherapy",
        "Loyalty prices (sessions 1–5)",
        "1",
        *["9900"] * 3,
        *["9000"] * 3,
        "¥9,900 (tax incl.)",
        "<b>他の割引と併用不可</b>",
        "",
        "",
        "",
        "from Apr 1, 2026 until Dec 31, 2026",
    ]
    assert steps[2][2] == "Loyalty prices (from session 11)"
    assert steps[2][12:15] == ["5500"] * 3
    assert [(row[1], row[2], row[4], row[10]) for row in steps[3:]] == [
        ("Beauty drink", "Drink by number (session 1)", "3240", "¥3,240 (tax incl.)*"),
        ("Beauty drink", "Drink by number (session 2)", "2700", "¥2,700 (tax incl.)*"),
        ("Beauty drink", "Drink by number (from session 3)", "2160", "¥2,160 (tax incl.)*"),
        (
            "Vitamin C drip 10g",
            "Vitamin C by number (sessions 1–3)",
            "11000",
            "¥11,000 (tax incl.)",
        ),
        (
            "Vitamin C drip 10g",
            "Vitamin C by number (from session 4)",
            "8800",
            "¥8,800 (tax incl.)",
        ),
    ]
    japanese = list(csv.reader(io.StringIO(render(prices, "csv"))))
    assert [row[2] for row in japanese if row[0] == "回数別単価"][:3] == [
        "通うほどお得（1〜5回目）",
        "通うほどお得（6〜10回目）",
        "通うほどお得（11回目以降）",
    ]
    data = json.loads(render(prices, "json"))
    (ladder,) = data["treatments"][0]["ladders"]
    assert (ladder["id"], ladder["name"], ladder["note"]) == (
        "hair-ladder",
        "通うほどお得",
        "<b>他の割引と併用不可</b>",
    )
    assert (ladder["valid_from"], ladder["valid_until"]) == ("2026-04-01", "2026-12-31")
    assert "dose" not in ladder
    places = [(step["from_place"], step["to_place"]) for step in ladder["steps"]]
    assert places == [(1, 5), (6, 10), (11, None)]
    last = ladder["steps"][2]
    assert last["price"]["included"] == {"min": 6600, "typical": 6600, "max": 6600}
    assert last["price"]["excluded"] == {"min": 6000, "typical": 6000, "max": 6000}
    assert last["members"][0]["included"]["min"] == 5500
    assert ladder["steps"][0]["members"] == [None]
    assert data["treatments"][2]["ladders"][0]["dose"] == "10g"
    # A price list without ladders keeps its shape: no key for them.
    old = json.loads(render(price_list(reference_catalog(), on=DAY), "json"))
    assert "ladders" not in old["treatments"][0]


def test_an_estimates_csv_names_each_ladder_step() -> None:
    catalog = validate_catalog(LADDERS)
    result = quote(catalog, QuoteRequest(treatment="hair", sessions=7, on=DAY))
    rows = list(csv.reader(io.StringIO(render(estimate(result, catalog, issued=DAY), "csv"))))
    lines = [(row[1], row[2], row[7]) for row in rows if row[0] == "明細"]
    # The catalog's prices are before tax, and so are the lines: five at 9,000 = 45,000,
    # then two at 7,000 = 14,000. Each step is named by the places it prices, as the
    # price list names them: sessions 1 to 5, and 6 to 10 (a third step starts at 11).
    assert lines == [
        ("通うほどお得（1〜5回目）", "5", "45000"),
        ("通うほどお得（6〜10回目）", "2", "14000"),
    ]


def _by_place(price: int, ladder: dict[str, Any] | None = None, **extra: Any) -> Any:
    """A clinic (prices tax-included) whose 30,000 drip a ladder prices 1-5: 30,000, 6+: 25,000."""
    steps = [
        {"from": 1, "price": 30_000},
        {"from": 6, "price": 25_000, "segment_prices": {"member": 22_000}},
    ]
    return validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "エクソクリニック", "name_en": "Exo Clinic", "segments": ["member"]},
            "treatments": [
                {
                    "id": "exo",
                    "name": "エクソソーム点滴",
                    "name_en": "Exosome drip",
                    "price": price,
                },
                {
                    "id": "nad",
                    "name": "NAD点滴",
                    "dose_unit": "mg",
                    "doses": [
                        {"id": "250", "amount": 250, "price": 20_000},
                        {"id": "500", "amount": 500, "price": 36_000},
                    ],
                },
            ],
            "offers": [
                {"kind": "ladder", "id": "exo-ladder", "treatment": "exo", "steps": steps}
                | (ladder or {}),
                {
                    "kind": "bundle",
                    "id": "exo-5",
                    "treatment": "exo",
                    "sessions": 5,
                    "price": 135_000,
                },
                {
                    "kind": "bundle",
                    "id": "exo-10",
                    "treatment": "exo",
                    "sessions": 10,
                    "price": 250_000,
                },
                *extra.get("offers", []),
            ],
        }
    )


def test_a_ladder_always_on_is_the_single_price_on_the_price_list() -> None:
    prices = price_list(_by_place(30_000), on=DAY)
    (exo, nad) = prices.treatments
    # The ladder, not the treatment's price, is what a session paid singly costs: 30,000 for
    # the 1st to 5th, 25,000 from the 6th, so the list shows 25,000〜30,000 and says why.
    assert exo.by_place
    assert exo.single is not None
    assert exo.single.included == YenRange(25_000, 30_000)
    # Members pay 30,000 for the 1st to 5th (no member price there) and 22,000 from the 6th.
    (member,) = exo.members
    assert member is not None
    assert member.included == YenRange(22_000, 30_000)
    # A set's saving is measured against singles from the first place, a new course:
    # 5 singles = 5 x 30,000 = 150,000, so the 5回セット saves 150,000 - 135,000 = 15,000;
    # 10 singles = 5 x 30,000 + 5 x 25,000 = 275,000, so the 10回セット saves
    # 275,000 - 250,000 = 25,000 (not 10 x 30,000 - 250,000 = 50,000).
    assert [b.saving.min for b in exo.bundles] == [15_000, 25_000]
    # The engine prices ten singles the same way.
    result = quote(_by_place(30_000), QuoteRequest(treatment="exo", sessions=10, on=DAY))
    singles = next(o for o in result.options if o.way == Way.singles())
    assert singles.total == YenRange.exact(275_000)
    # No ladder prices the dosed treatment: its doses keep their prices.
    assert not nad.by_place
    assert [d.single.included for d in nad.doses] == [
        YenRange.exact(20_000),
        YenRange.exact(36_000),
    ]
    text = render(prices, "md")
    assert (
        "- **1回の料金**: 25,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価）"
    ) in text
    assert (
        "- **会員価格**: 22,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価）"
        in text
    )
    # 135,000 / 5 = 27,000 a session; 250,000 / 10 = 25,000, no cheaper than the 6th single
    # on: it saves 25,000 over the first five only.
    # No set has a member price: the sets' table has no member column.
    assert "| 5回 | 135,000円（税込） | 27,000円 | 15,000円お得 |" in text
    assert "| 10回 | 250,000円（税込） | 25,000円 | 25,000円お得 |" in text
    # The saving's basis is said: singles from the first session.
    assert "都度払いとの差額は、この治療を初めて受ける方が1回目から1回ずつ" in text
    english = render(prices, "md", locale="en_US")
    assert (
        "- **One session**: ¥25,000–¥30,000 (tax incl.; depends on the session's number: see "
        "prices by session number below)"
    ) in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    (single,) = [row for row in rows if row[0] == "1回" and row[1] == "エクソソーム点滴"]
    # Low, typical (none for a span), high; the text says the place decides.
    assert single[4:7] == ["25000", "", "30000"]
    assert single[10] == "25,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価）"
    data = json.loads(render(prices, "json"))
    assert data["treatments"][0]["by_place"] is True
    assert "by_place" not in data["treatments"][1]


def test_a_single_price_no_session_costs_is_never_shown() -> None:
    # The catalog's price, 32,000, is above the ladder's first step: no session paid singly
    # costs 32,000. The list shows the ladder's 25,000〜30,000, and 5 singles cost
    # 5 x 30,000 = 150,000 (not 5 x 32,000 = 160,000): the 5回セット saves 15,000, not 25,000.
    prices = price_list(_by_place(32_000), on=DAY)
    exo = prices.treatments[0]
    assert exo.single is not None
    assert exo.single.included == YenRange(25_000, 30_000)
    assert exo.bundles[0].saving.min == 15_000
    assert "32,000円" not in render(prices, "md")


def test_a_further_unit_under_a_ladder_shows_the_price_it_is_charged() -> None:
    # 2 units a visit, no extra_unit_price: a further unit costs the catalog's 32,000 (the
    # engine's rule), which the single price no longer shows while the ladder (30,000 then
    # 25,000) is on sale, so the further unit gets its own row; members pay their 29,000.
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A", "segments": ["member"]},
            "treatments": [
                {
                    "id": "exo",
                    "name": "エクソソーム点滴",
                    "price": 32_000,
                    "max_units": 2,
                    "segment_prices": {"member": 29_000},
                }
            ],
            "offers": [
                {
                    "kind": "ladder",
                    "id": "exo-ladder",
                    "treatment": "exo",
                    "steps": [{"from": 1, "price": 30_000}, {"from": 6, "price": 25_000}],
                }
            ],
        }
    )
    (exo,) = price_list(catalog, on=DAY).treatments
    assert exo.by_place
    assert exo.extra_unit is not None
    assert exo.extra_unit.included == YenRange.exact(32_000)
    assert [m.included if m else None for m in exo.extra_unit_members] == [YenRange.exact(29_000)]
    # The quote charges the same: one visit of 2 units = 30,000 (1st place) + 32,000.
    two = quote(catalog, QuoteRequest(treatment="exo", sessions=1, units=2, on=DAY))
    assert two.best.total.min == 62_000
    assert "32,000円" in render(price_list(catalog, on=DAY), "md")


def test_a_ladder_prices_singles_only_on_the_days_it_is_on_sale() -> None:
    # From 1 June only: on 1 April the single price is the catalog's 32,000, and 5 singles
    # cost 5 x 32,000 = 160,000 (the set saves 160,000 - 135,000 = 25,000); from 1 June the
    # ladder prices them (150,000, a saving of 15,000).
    catalog = _by_place(32_000, {"valid_from": "2026-06-01"})
    before = price_list(catalog, on=DAY).treatments[0]
    assert before.single is not None
    assert not before.by_place
    assert before.single.included == YenRange.exact(32_000)
    assert before.bundles[0].saving.min == 25_000
    assert "- **1回の料金**: 32,000円（税込）\n" in render(price_list(catalog, on=DAY), "md")
    during = price_list(catalog, on=date(2026, 6, 1)).treatments[0]
    assert during.by_place
    assert during.bundles[0].saving.min == 15_000


def test_a_ladder_for_a_dosed_treatment_prices_each_dose_row() -> None:
    # A ladder naming the dosed treatment alone prices every dose alike: each dose row shows
    # 25,000〜30,000 and the 5回セット of 250mg saves 5 x 30,000 - 120,000 = 30,000. A set of
    # the treatment alone (any dose) saves the same against every dose here.
    ladder = {
        "kind": "ladder",
        "id": "nad-ladder",
        "treatment": "nad",
        "steps": [{"from": 1, "price": 30_000}, {"from": 6, "price": 25_000}],
    }
    sets = [
        {"kind": "bundle", "id": "nad-5", "treatment": "nad:250", "sessions": 5, "price": 120_000},
    ]
    prices = price_list(_by_place(30_000, offers=[ladder, *sets]), on=DAY)
    nad = prices.treatments[1]
    assert [(d.by_place, d.single.included) for d in nad.doses] == [
        (True, YenRange(25_000, 30_000)),
        (True, YenRange(25_000, 30_000)),
    ]
    assert nad.bundles[0].saving.min == 30_000
    text = render(prices, "md")
    assert (
        "| 250mg | 25,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価） |" in text
    )


def test_singles_of_a_tax_excluded_ladder_are_taxed_once_on_the_bill() -> None:
    # LADDERS' prices are before tax, tax floored. The hair ladder, on sale on DAY, runs
    # 9,000 / 7,000 / 6,000: 6,000 x 1.10 = 6,600 to 9,000 x 1.10 = 9,900 (not the catalog's
    # 10,000 -> 11,000).
    prices = price_list(validate_catalog(LADDERS), on=DAY)
    hair, drink, _ = prices.treatments
    assert hair.single is not None
    assert drink.single is not None
    assert hair.single.included == YenRange(6_600, 9_900)
    # 3,000 x 1.08 = 3,240; 2,000 x 1.08 = 2,160.
    assert drink.single.included == YenRange(2_160, 3_240)
    member = hair.members[0]
    assert member is not None
    # 9,000 .. 5,000 before tax -> 5,500 .. 9,900.
    assert member.included == YenRange(5_500, 9_900)
    # On 2027-01-01 the hair ladder is off sale: the single price is 10,000 -> 11,000 again.
    later = price_list(validate_catalog(LADDERS), on=date(2027, 1, 1)).treatments[0]
    assert later.single is not None
    assert (later.by_place, later.single.included) == (False, YenRange.exact(11_000))


# ---------------------------------------------------------------------------
# Packages (コース) in the price list's CSV

PACKAGES: dict[str, Any] = {
    "schema_version": 2,
    "clinic": {
        "name": "ボディクリニック",
        "name_en": "Body Clinic",
        "prices_include_tax": False,
        "tax_rounding": "floor",
        "segments": ["member"],
    },
    "treatments": [
        {"id": "clatuu", "name": "クラツーα", "name_en": "CoolSculpting", "price": 160000},
        {"id": "stim", "name": "スティムシュア", "price": 80000},
        {
            "id": "drink",
            "name": "美容ドリンク",
            "name_en": "Beauty drink",
            "tax": "reduced",
            "price": 3000,
        },
    ],
    "offers": [
        {
            "kind": "bundle",
            "id": "clatuu-3",
            "treatment": "clatuu",
            "sessions": 3,
            "price": 430000,
            "valid_months": 12,
        },
        {
            "kind": "package",
            "id": "body",
            "name": "ボディメイクコース",
            "name_en": "Body-make course",
            "contents": [
                {"treatment": "clatuu", "sessions": 2},
                {"treatment": "stim", "sessions": 4},
            ],
            "price": 500000,
            "intro_price": 380000,
            "valid_months": 6,
            "segment_prices": {"member": 450000},
            "valid_from": "2026-04-01",
            "valid_until": "2026-09-30",
            "note": "=他の割引と併用不可",
        },
        {
            "kind": "package",
            "id": "drinks",
            "contents": [{"treatment": "drink", "sessions": 5}],
            "price": 12345,
        },
    ],
}


def test_price_list_package_table_shows_segments_validity_and_window() -> None:
    text = render(price_list(validate_catalog(PACKAGES), on=DAY), "md")
    table = text[text.index("## コース") :].split("\n\n")[1].splitlines()
    # Prices before tax at 10%, floored: 500,000 -> 550,000, the member's 450,000 ->
    # 495,000, the first-time 380,000 -> 418,000; the drinks at 8%: 12,345 -> 13,332 (※).
    # A package without a period of validity says the catalog states none, as a set does.
    assert table[0] == "| プラン | 内容 | 料金 | 会員価格 | 初回限定価格 | 有効期間 | 販売期間 |"
    assert table[2] == (
        "| ボディメイクコース | クラツーα 2回＋スティムシュア 4回 | 550,000円（税込） "
        "| 495,000円（税込） | 418,000円（税込） | 6か月 "
        "| 2026年4月1日から2026年9月30日まで |"
    )
    assert table[3] == (
        "| 美容ドリンク | 美容ドリンク 5回 | 13,332円（税込）※ | 通常価格と同じ | — | 記載なし |  |"
    )


def test_the_package_heading_says_several_treatments_only_where_each_has_several() -> None:
    # 美容ドリンク is a package of one treatment: 「複数の治療のセット」 would be false of it.
    headings = [
        line
        for line in render(price_list(validate_catalog(PACKAGES), on=DAY), "md").splitlines()
        if line.startswith("## コース")
    ]
    assert headings == ["## コース"]
    several = {**PACKAGES, "offers": PACKAGES["offers"][:2]}
    text = render(price_list(validate_catalog(several), on=DAY), "md")
    assert "## コース（複数の治療のセット）" in text
    english = render(price_list(validate_catalog(PACKAGES), on=DAY), "md", locale="en_US")
    assert "## Packages\n" in english


def test_price_list_csv_has_a_row_per_package_in_japanese() -> None:
    rows = list(
        csv.reader(io.StringIO(render(price_list(validate_catalog(PACKAGES), on=DAY), "csv")))
    )
    assert rows[0][-2:] == ["販売期間", "有効期間（か月）"]
    packages = [row for row in rows if row[0].startswith("コース")]
    # Before tax at 10%, floored: 500,000 -> 550,000, the member's 450,000 -> 495,000, the
    # first-time 380,000 -> 418,000; 2 + 4 = 6 sessions. The note is catalog text starting
    # with "=", so it is kept from running as a formula. The first-time price is the same
    # for members, so its member columns are empty.
    window = "2026年4月1日から2026年9月30日まで"
    assert packages[0] == [
        "コース",
        "クラツーα 2回＋スティムシュア 4回",
        "ボディメイクコース",
        "6",
        *["550000"] * 3,
        *["500000"] * 3,
        "550,000円（税込）",
        "'=他の割引と併用不可",
        *[""] * 2,  # a set's per session and saving: none for a package
        *["495000"] * 3,
        window,
        "6",
    ]
    assert packages[1] == [
        "コース初回限定価格",
        "クラツーα 2回＋スティムシュア 4回",
        "ボディメイクコース",
        "6",
        *["418000"] * 3,
        *["380000"] * 3,
        "418,000円（税込）",
        "",
        *[""] * 2,
        *[""] * 3,
        window,
        "6",
    ]
    # At 8%: 12,345 x 1.08 = 13,332.6 -> 13,332, marked; an unnamed package is named by its
    # contents; no first-time price, no window and no period of validity.
    assert packages[2:] == [
        [
            "コース",
            "美容ドリンク 5回",
            "美容ドリンク",
            "5",
            *["13332"] * 3,
            *["12345"] * 3,
            "13,332円（税込）※",
            "",
            *[""] * 2,
            *[""] * 3,
            "",
            "",
        ]
    ]
    # With a package's period, a set gives its own in the same column: 12 months.
    (bundle,) = [row for row in rows if row[0] == "回数券・コース"]
    assert (bundle[4], bundle[-1]) == ("473000", "12")
    assert all(len(row) == len(rows[0]) for row in rows)


def test_price_list_csv_has_a_row_per_package_in_english() -> None:
    prices = price_list(validate_catalog(PACKAGES), on=DAY, show_tax_excluded=True)
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale="en_US"))))
    assert rows[0][-2:] == ["On sale", "Valid for (months)"]
    # The page's statements follow the priced rows (F4): the packages are the last items.
    items = [row for row in rows[1:] if row[0] != "statement"]
    packages = [(row[0], row[1], row[2], row[3], row[4], row[10]) for row in items][-3:]
    assert packages == [
        (
            "package",
            "CoolSculpting 2 sessions + スティムシュア 4 sessions",
            "Body-make course",
            "6",
            "550000",
            "¥550,000 (tax incl.; ¥500,000 before tax)",
        ),
        (
            "package, first-time price",
            "CoolSculpting 2 sessions + スティムシュア 4 sessions",
            "Body-make course",
            "6",
            "418000",
            "¥418,000 (tax incl.; ¥380,000 before tax)",
        ),
        (
            "package",
            "Beauty drink 5 sessions",
            "Beauty drink",
            "5",
            "13332",
            "¥13,332 (tax incl.; ¥12,345 before tax)*",
        ),
    ]
    assert items[-3][-2:] == ["from Apr 1, 2026 until Sep 30, 2026", "6"]


def test_a_package_without_a_period_adds_no_column_and_json_keeps_its_shape() -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "courses.toml")
    prices = price_list(catalog, on=DAY)
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    # courses.toml: 2 clatuu + 4 stimsure for 560,000, 400,000 the first time, 6 months.
    assert [row[:5] + row[-1:] for row in rows if row[0].startswith("コース")] == [
        [
            "コース",
            "クラツーα 2エリア 2回＋スティムシュア 2エリア 4回",
            "ボディメイクコース",
            "6",
            "560000",
            "6",
        ],
        [
            "コース初回限定価格",
            "クラツーα 2エリア 2回＋スティムシュア 2エリア 4回",
            "ボディメイクコース",
            "6",
            "400000",
            "6",
        ],
    ]
    data = json.loads(render(prices, "json"))
    # No segments and no window: the keys are left out, as for other offers.
    assert not {"members", "valid_from", "valid_until"} & set(data["packages"][0])
    unlimited = dict(PACKAGES, offers=PACKAGES["offers"][2:])
    header = next(
        csv.reader(io.StringIO(render(price_list(validate_catalog(unlimited), on=DAY), "csv")))
    )
    # No period column; and no member columns, as no offer left prices the member.
    assert header[-1] == "注記"
    data = json.loads(render(price_list(validate_catalog(PACKAGES), on=DAY), "json"))
    assert data["packages"][0]["members"][0]["included"]["min"] == 495000
    assert data["packages"][0]["valid_until"] == "2026-09-30"


def test_rendering_is_deterministic(reports: dict[str, dict[str, object]]) -> None:
    again = _reports("rich", _catalogs()["rich"])
    for kind, report in reports["rich"].items():
        for fmt in FORMATS:
            assert render(report, fmt) == render(again[kind], fmt)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# What the reports say


def test_price_list_disclosures_and_tax_display(reports: dict[str, dict[str, object]]) -> None:
    text = render(reports["rich"]["price-list"], "md")  # type: ignore[arg-type]
    assert "自由診療（保険適用外）" in text
    assert "登録番号**: T1234567890123" in text
    # Prices before tax in the catalog are shown tax-included first, before-tax beside.
    assert "16,500円（税込・税抜15,000円）" in text
    assert "12,960円（税込・税抜12,000円）※" in text
    assert "※は軽減税率(8%)対象" in text
    assert "標準的な治療回数・期間**: 6回・6か月" in text
    assert "標準的な治療回数・期間**: 未記載" in text
    assert "主なリスク・副作用**: 未記載" in text
    assert "医療費控除の対象になりません" in text
    assert "医薬品副作用被害救済制度の対象外" in text
    english = render(reports["rich"]["price-list"], "md", locale="en_US")  # type: ignore[arg-type]
    assert "¥16,500 (tax incl.; ¥15,000 before tax)" in english
    assert "not stated" in english


def test_report_records_are_frozen_as_every_record_is(
    reports: dict[str, dict[str, object]],
) -> None:
    import copy
    import dataclasses
    import pickle

    from supecost.errors import FrozenRecordError

    sheet = reports["rich"]["price-list"]
    assert isinstance(sheet, PriceList)
    with pytest.raises(FrozenRecordError, match=r"^PriceList\.clinic cannot be assigned") as caught:
        sheet.clinic = sheet.clinic  # type: ignore[misc]
    assert isinstance(caught.value, SupecostError)
    assert isinstance(caught.value, dataclasses.FrozenInstanceError)
    assert caught.value.hint == "make a changed one: dataclasses.replace(record, clinic=...)"
    entry = sheet.treatments[0]
    with pytest.raises(FrozenRecordError, match=r"^TreatmentEntry\.name cannot be deleted"):
        del entry.name
    with pytest.raises(FrozenRecordError, match="has no field 'extra'"):
        entry.extra = 1  # type: ignore[attr-defined]
    # Building, copying, pickling and replacing write past the refusal.
    assert dataclasses.replace(entry, id="other").id == "other"
    assert copy.deepcopy(sheet) == sheet
    assert pickle.loads(pickle.dumps(sheet)) == sheet
    assert hash(entry) == hash(copy.copy(entry))


def test_a_typical_value_joins_the_one_bracket_after_a_price() -> None:
    from supecost.report.figures import Shown

    ja, en = Words("ja_JP"), Words("en_US")
    # 30,000-60,000 before tax, typical 40,000, at 10%: x 1.1 = 33,000-66,000, typical 44,000.
    drip = Shown(YenRange(33_000, 66_000, 44_000), YenRange(30_000, 60_000, 40_000), 10)
    assert ja.price(drip) == "33,000円〜66,000円（税込・標準44,000円）"
    assert en.price(drip) == "¥33,000–¥66,000 (tax incl., typical ¥44,000)"
    assert ja.price(drip, tax_excluded=True) == (
        "33,000円〜66,000円（税込・標準44,000円、税抜30,000円〜60,000円・標準40,000円）"
    )
    assert en.price(drip, tax_excluded=True) == (
        "¥33,000–¥66,000 (tax incl., typical ¥44,000; ¥30,000–¥60,000 before tax, typical ¥40,000)"
    )
    # Without a typical value, or for one amount, the bracket holds what it held before.
    plain = Shown(YenRange(33_000, 66_000), YenRange(30_000, 60_000), 10)
    assert ja.price(plain, tax_excluded=True) == (
        "33,000円〜66,000円（税込・税抜30,000円〜60,000円）"
    )
    one = Shown(YenRange.exact(11_000), YenRange.exact(10_000), 10)
    assert ja.price(one) == "11,000円（税込）"
    # Untaxed (rate 0): nothing before tax to show beside, so tax-included only.
    free = Shown(YenRange(5_000, 8_000, 6_000), YenRange(5_000, 8_000, 6_000), 0)
    assert ja.price(free, tax_excluded=True) == "5,000円〜8,000円（税込・標準6,000円）"
    # An amount alone keeps its own bracket; a message with a bracket takes the typical in.
    assert ja.money(YenRange(30_000, 60_000, 40_000)) == "30,000円〜60,000円（標準40,000円）"
    assert en.money(YenRange(30_000, 60_000, 40_000)) == "¥30,000–¥60,000 (typical ¥40,000)"
    cost = YenRange(170_500, 309_100, 215_050)
    assert ja.bracketed("typical_cost_value", cost, plan="6回コース") == (
        "170,500円〜309,100円（税込・標準215,050円・6回コースの場合、初診時の費用を含む）"
    )
    assert ja.bracketed("combo_discount", YenRange(1_000, 3_000, 2_000)) == (
        "1,000円〜3,000円引き（標準2,000円・各治療の1回料金の合計から）"
    )
    assert en.bracketed("tax_included", YenRange.exact(33_000)) == "¥33,000 (tax incl.)"
    # Open: the typical still joins. Unknown or exact (it would only repeat): no bracket.
    assert ja.money(YenRange.at_least(100_000, 150_000)) == "100,000円〜（標準150,000円）"
    assert en.money(YenRange(1_000, 2_000)) == "¥1,000–¥2,000"
    assert ja.money(YenRange(5_000, 5_000, 5_000)) == "5,000円"


@given(yen_ranges(), st.sampled_from(("ja_JP", "en_US")))
def test_words_money_adds_the_typical_value_only_where_known_and_not_exact(
    value: YenRange, locale: str
) -> None:
    plain = format_range(value, locale)
    shown = Words(locale).money(value)
    assert shown.startswith(plain)
    assert (shown != plain) == (value.typical is not None and not value.is_exact)


def test_every_format_writes_one_bracket_after_a_price(
    reports: dict[str, dict[str, object]],
) -> None:
    from supecost.report.text import render_text

    # The rich catalog's drip is 30,000-60,000 before tax (typical 40,000): every format
    # words it from the one table, and no two brackets ever stand side by side.
    report = reports["rich"]["price-list"]
    ja = "33,000円〜66,000円（税込・標準44,000円、税抜30,000円〜60,000円・標準40,000円）"
    en = "¥33,000–¥66,000 (tax incl., typical ¥44,000; ¥30,000–¥60,000 before tax, typical ¥40,000)"
    for locale, bracket, doubled in (("ja_JP", ja, "）（"), ("en_US", en, ") (")):
        texts = [
            render(report, fmt, locale=locale)  # type: ignore[arg-type]
            for fmt in ("md", "csv", "html")
        ]
        texts.append(render_text(layout(report, locale)))  # type: ignore[arg-type]
        for text in texts:
            assert bracket in text
            assert doubled not in text


@pytest.mark.parametrize("kind", ["price-list", "estimate"])
def test_patient_documents_say_what_is_missing_without_the_word_catalog(
    reports: dict[str, dict[str, object]], kind: str
) -> None:
    # 「カタログ」 is the tool's word for the clinic's data, not the patient's: an absent
    # contact, course or risk is 「未記載」 (\"not stated\"), in a row kept so the gap shows.
    for name in ("reference", "rich"):
        report = reports[name][kind]
        ja = render(report, "md")  # type: ignore[arg-type]
        en = render(report, "md", locale="en_US")  # type: ignore[arg-type]
        catalog_text = ("参考カタログ", "Reference catalog")
        for text in (ja, en):
            for shown in catalog_text:
                text = text.replace(shown, "")
            assert "カタログ" not in text
            assert "catalog" not in text.lower()
    ja = render(reports["reference"][kind], "md")  # type: ignore[arg-type]
    assert "- **お問い合わせ先**: 未記載\n" in ja
    en = render(reports["reference"][kind], "md", locale="en_US")  # type: ignore[arg-type]
    assert "- **Contact**: not stated\n" in en


def test_price_list_without_tax_excluded_figure() -> None:
    text = render(price_list(reference_catalog(), on=DAY), "md")
    assert "22,000円（税込）" in text
    assert "税抜" not in text


def test_price_list_contact_and_unknown_course_cost() -> None:
    source = (SNAPSHOTS / "rich-catalog.toml").read_text(encoding="utf-8")
    # A course the monthly plan alone cannot serve is still priced by another way;
    # a course no way can serve says so.
    broken = source.replace("sessions = 6\nmonths = 6", "sessions = 6\nmonths = 1")
    catalog = parse_catalog(broken.replace("extra_session_price = 38000\n", ""), format="toml")
    entry = price_list(catalog, on=DAY).treatments[0]
    assert entry.course is not None
    assert entry.course.sessions == 6


def test_estimate_contents(reports: dict[str, dict[str, object]]) -> None:
    text = render(reports["rich"]["estimate"], "md")  # type: ignore[arg-type]
    assert "発行日**: 2026年4月1日" in text
    assert "有効期限**: 2026年4月15日まで（発行日から14日間）" in text
    assert "10%対象" in text
    assert "合計（税込）" in text
    assert "ほかのプラン" in text
    assert "明細の金額は税抜です" in text
    reference = render(reports["reference"]["estimate"], "md")  # type: ignore[arg-type]
    assert "登録番号" not in reference
    assert "お支払い予定" in reference


def test_estimate_marks_reduced_rate_lines() -> None:
    catalog = load_catalog(SNAPSHOTS / "rich-catalog.toml")
    result = quote(catalog, QuoteRequest(treatment="nmn-supplement", sessions=2, on=DAY))
    report = estimate(result, catalog, issued=DAY, locale="en_US")
    text = render(report, "md")
    assert "NMN supplement (30 days)\\*" in text
    assert "8% items\\*" in text
    assert "reduced tax rate (8%)" in text
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert any(row[1] == "NMN supplement (30 days)*" for row in rows)


EDGE = """
schema_version = 1
[clinic]
name = "Edge"
[[treatments]]
id = "x"
name = "X"
price = 10000
[treatments.typical_course]
sessions = 3
[[treatments]]
id = "y"
name = "Y"
price = 5000
tax = "exempt"
[[offers]]
kind = "bundle"
id = "x-5"
treatment = "x"
sessions = 5
price = 20000
[[fees]]
id = "doc"
name = "診断書"
price = 1000
tax = "out_of_scope"
charged = "once"
"""


def test_edge_cases_of_estimates_and_price_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = parse_catalog(EDGE, format="toml")
    result = quote(catalog, QuoteRequest(sessions=3, with_=("y",), on=DAY))
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "使わずに残る回数**: 2回" in text
    assert "| 非課税 |" in text
    assert "| 不課税 |" in text
    prices = render(price_list(catalog, on=DAY), "md")
    assert "3回（期間の記載なし）" in prices
    assert "単価" not in prices
    comparison_text = render(
        comparison(catalog, QuoteRequest(treatment="y", sessions=1, on=DAY), max_sessions=2), "md"
    )
    none = "損益分岐点\n\nこの条件で買える、この施術だけの回数券・コース・月額プランがないため"
    assert none in comparison_text

    def refuse(*_: object) -> None:
        raise SupecostError("no way of buying", "check")

    monkeypatch.setattr(model_module, "quote", refuse)
    assert "算出できません（no way of buying）" in render(price_list(catalog, on=DAY), "md")
    assert item_name(catalog, "nothing") == Localized("nothing")


def test_estimate_without_runners_up() -> None:
    catalog = parse_catalog(
        'schema_version = 1\n[clinic]\nname = "C"\n[[treatments]]\nid = "x"\nname = "X"\n'
        "price = 1000\n",
        format="toml",
    )
    result = quote(catalog, QuoteRequest(sessions=1, on=DAY))
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "ほかのプランはありません" in text
    assert render(price_list(catalog, on=DAY), "md").count("未記載") == 4


def _typical(total: YenRange) -> int:
    return total.min if total.known_typical is None else total.known_typical


def test_comparison_break_even_is_the_quotes() -> None:
    # One definition: the comparison shows the quote's own break-evens, within its counts.
    for catalog in _catalogs().values():
        report = comparison(catalog, QuoteRequest(sessions=3, on=DAY, months=4), max_sessions=12)
        assert report.break_even, "the catalogs have sets and plans"
        found = quote(catalog, QuoteRequest(sessions=12, on=DAY, months=4)).explanation
        assert [(p.sessions, p.checked_up_to) for p in report.break_even] == [
            (b.within(12).sessions, 12) for b in found.break_even
        ]


def test_comparison_break_even_agrees_with_the_quote_over_months() -> None:
    # F10: 50,000 a session or 45,000 a month (at least 3 months). Over 5 months 3 visits fall
    # in months 0, 1 and 3, so the plan runs 4 months (180,000 > 150,000); 4 visits in months
    # 0-3 cost 180,000 < 200,000. The quote and the comparison both say 4.
    monthly = {"monthly_fee": 45000, "sessions_per_month": 1, "min_months": 3}
    catalog = validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "A"},
            "treatments": [{"id": "sup", "name": "S", "price": 50000}],
            "offers": [{"kind": "subscription", "id": "sup-m", "treatment": "sup", **monthly}],
        }
    )
    asked = QuoteRequest(sessions=3, months=5, on=DAY)
    assert [b.sessions for b in quote(catalog, asked).explanation.break_even] == [4]
    report = comparison(catalog, asked, max_sessions=6)
    assert [(p.label, p.sessions, p.checked_up_to) for p in report.break_even] == [
        ("subscription:sup-m", 4, 6)
    ]
    text = render(report, "md", locale="ja_JP")
    assert "4回以上で都度払いより安くなります" in text
    assert "Sだけを5か月で受ける場合に都度払いと比べた回数です" in text
    # Within 3 counts the plan never pays off: none found, checked up to 3.
    short = comparison(catalog, asked, max_sessions=3)
    assert [(p.sessions, p.checked_up_to) for p in short.break_even] == [(None, 3)]


def test_a_years_comparison_of_a_drip_menu_is_priced() -> None:
    # Twice a month for a year on a menu of 7 offers and 5 treatments (F23): each count is
    # estimated on its own, so the range is no longer refused by the work limit.
    catalog = load_catalog(HERE / "data" / "drip-year.toml")
    asked = QuoteRequest(treatment="sup:2cc", sessions=1, months=12, on=date(2026, 12, 5))
    report = comparison(catalog, asked, max_sessions=24)
    assert [row.sessions for row in report.rows] == list(range(1, 25))
    with_nmn = QuoteRequest.model_validate(
        {**asked.model_dump(by_alias=True), "with": ["nmn:100mg"]}
    )
    assert len(comparison(catalog, with_nmn, max_sessions=24).rows) == 24


def test_a_comparison_after_sessions_had_shows_no_break_even() -> None:
    # courses.toml, hair after 5 sessions had: a break-even is a new course's (places 1 to 5),
    # so, as in the quote's text, it is not shown; the data keeps it, as the quote's JSON does.
    catalog = load_catalog(HERE / "data" / "courses.toml")
    asked = QuoteRequest(
        treatment="hair", sessions=3, history={"hair": 5}, new_patient=False, on=DAY
    )
    report = comparison(catalog, asked, max_sessions=6)
    assert [p.sessions for p in report.break_even] == [5]
    text = render(report, "md", locale="ja_JP")
    assert "損益分岐点（新しく始めるコースの回数）は示していません" in text
    assert "都度払いより安くなります" not in text
    assert "no break-even point (a new course's count)" in render(report, "md", locale="en_US")


def test_a_comparison_gives_a_unit_ticket_its_break_even() -> None:
    # s30 audit F4: a 本数券 is a set, so the comparison counts its break-even in visits of
    # the request's units instead of saying there is none. placenta-tickets.toml: 1,500 a
    # visit, 1,000 a further unit, 10 units for 13,500. 2本 a visit: 7 visits (14 units)
    # 13,500 + 4 x 1,000 = 17,500 = 7 x 2,500, a tie; 8 visits 19,500 < 20,000.
    # 1本: 9 x 1,500 = 13,500, a tie; 10 x 1,500 = 15,000 > 13,500.
    catalog = load_catalog(HERE / "data" / "placenta-tickets.toml")
    for units, visits in ((2, 8), (1, 10)):
        asked = QuoteRequest(
            treatment="placenta", units=units, sessions=1, new_patient=False, on=DAY
        )
        report = comparison(catalog, asked, max_sessions=10)
        assert [(p.label, p.sessions) for p in report.break_even] == [("bundle:p10", visits)]
        text = render(report, "md", locale="ja_JP")
        assert f"{visits}回以上で都度払いより安くなります" in text
        assert "損益分岐点はありません" not in text


def test_the_break_even_note_names_a_first_month_it_leaves_out() -> None:
    # s30 audit F5 (tests/data/s30-clinic.toml): NMN at 22,000 a session or 19,800 a month
    # (3 months at least), the first month free. The table counts it: 2 sessions are
    # 0 + 2 x 19,800 = 39,600 < 44,000. The break-even leaves it out (docs/catalog.md):
    # 3 x 19,800 = 59,400 > 44,000 at 2, < 66,000 at 3. So the note under it names the
    # first-month price among what it leaves out (the quote says it alike:
    # tests/test_present.py); without a first-month price it does not.
    text = (HERE / "data" / "s30-clinic.toml").read_text(encoding="utf-8")
    asked = QuoteRequest(treatment="nmn", sessions=2, on=date(2026, 12, 10))
    report = comparison(parse_catalog(text, format="toml"), asked, max_sessions=3)
    assert report.rows[1].best == "subscription:nmn-m"
    assert [(p.sessions, p.first_month) for p in report.break_even] == [(3, True)]
    for locale, said in (("ja_JP", "初回価格・月額プランの初月価格・"), ("en_US", "first-month")):
        assert said in render(report, "md", locale=locale)
    plain = parse_catalog(text.replace("first_month = {}\n", ""), format="toml")
    page = render(comparison(plain, asked, max_sessions=3), "md", locale="ja_JP")
    assert "初回価格・これまでの受診は含みません" in page


def _sup_with_set(doses: list[dict[str, object]], price: object = 99000) -> PriceList:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "L"},
            "treatments": [{"id": "sup", "name": "上清液点滴", "dose_unit": "cc", "doses": doses}],
            "offers": [
                {"kind": "bundle", "id": "sup-5", "treatment": "sup", "sessions": 5, "price": price}
            ],
        }
    )
    return price_list(catalog, on=DAY)


def test_a_sets_saving_over_every_dose_names_the_doses_not_a_range() -> None:
    # 99,000 for 5 sessions of any dose: against 5 x 22,000 = 110,000 it saves 11,000; against
    # 5 x 120,000 = 600,000, 501,000. Every price is exact: the ends are doses, not 下限/上限.
    doses = [
        {"id": "1cc", "amount": 1, "price": 22000},
        {"id": "3cc", "amount": 3, "price": 49800},
        {"id": "10cc", "amount": 10, "price": 120000},
    ]
    report = _sup_with_set(doses)
    (bundle,) = report.treatments[0].bundles
    assert (bundle.saving.min, bundle.saving.max) == (11000, 501000)
    assert [name.ja for name in bundle.dose_ends or ()] == ["1cc", "10cc"]
    text = render(report, "md")
    assert "| 1ccで11,000円お得・10ccで501,000円お得 |" in text
    assert "下限で11,000円" not in text
    assert "saves ¥11,000 at 1cc, saves ¥501,000 at 10cc" in render(report, "md", locale="en_US")
    # One price for every dose, or a dose priced as a range: the ends are not doses' alone.
    same = [{"id": "1cc", "amount": 1, "price": 22000}, {"id": "2cc", "amount": 2, "price": 22000}]
    assert _sup_with_set(same).treatments[0].bundles[0].dose_ends is None
    ranged = [doses[0], {"id": "3cc", "amount": 3, "price": {"min": 40000, "max": 50000}}]
    ranged_report = _sup_with_set(ranged)
    assert ranged_report.treatments[0].bundles[0].dose_ends is None
    assert "下限で11,000円お得・上限で151,000円お得" in render(ranged_report, "md")
    # A set priced open-ended (99,000〜) over exact doses: its saving's high end is unknown,
    # so its ends are a price range's, never doses' (found by hypothesis: it crashed).
    open_set = _sup_with_set(doses, {"min": 99000})
    assert open_set.treatments[0].bundles[0].dose_ends is None
    assert "1ccで" not in render(open_set, "md")


_SOLD_BUNDLE = """
[[treatments]]
id = "sup"
name = "上清液"
price = 30000
[[offers]]
kind = "bundle"
id = "sup-5"
treatment = "sup"
name = "開院5回"
sessions = 5
price = 100000
first_n = 10
[[offers]]
kind = "bundle"
id = "sup-3"
treatment = "sup"
name = "春3回"
sessions = 3
price = 80000
valid_until = 2026-03-31
"""


def test_comparison_break_even_skips_offers_not_for_sale() -> None:
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "C"\n' + _SOLD_BUNDLE, format="toml"
    )
    on = date(2026, 4, 1)  # the day after 春3回's sales window ends
    request = QuoteRequest(sessions=3, on=on, sold_out=("sup-5",))
    assert quote(catalog, request).explanation.break_even == ()
    report = comparison(catalog, request, max_sessions=6)
    # Neither set can be bought: no point for either, the sentence says there is none.
    assert report.break_even == ()
    text = render(report, "md")
    # Named once, where the request's facts say its places are gone.
    assert "- **受付終了（先着順）**: 開院5回\n" in text
    assert text.count("開院5回") == 1
    assert "春3回" not in text
    assert "この施術だけの回数券・コース・月額プランがないため、損益分岐点はありません。" in text
    # On sale, 開院5回 (100,000 yen for up to 5) is first cheaper at 4 sessions: singles are
    # 3 x 30,000 = 90,000 < 100,000 at 3, then 4 x 30,000 = 120,000 > 100,000 at 4.
    open_report = comparison(catalog, QuoteRequest(sessions=3, on=on), max_sessions=6)
    assert [(p.label, p.sessions) for p in open_report.break_even] == [("bundle:sup-5", 4)]


def test_an_estimate_names_each_count_of_its_range_as_the_comparison_does() -> None:
    # Singles 8,000〜12,000 (no standard price), a set of 5 from 45,000 with an open top.
    # 3 sessions: singles 24,000〜36,000 against the set's 45,000 up: singles everywhere.
    # 4 and 5: singles win the low end (32,000 / 40,000 < 45,000); at the high end singles
    # cost 48,000 / 60,000 and the set anything from 45,000: unknown there, not 都度払い.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "O"\n[[treatments]]\nid = "t"\nname = "T"\n'
        'price = { min = 8000, max = 12000 }\n[[offers]]\nid = "t-5"\nkind = "bundle"\n'
        'treatment = "t"\nsessions = 5\nprice = { min = 45000 }\n',
        format="toml",
    )
    request = QuoteRequest(sessions={"min": 3, "max": 5}, on=DAY)
    sheet = estimate(quote(catalog, request), catalog, issued=DAY)
    text = render(sheet, "md")
    assert "| 3回 | 都度払い | 24,000円〜36,000円 |" in text
    assert "| 4回 | 都度払い（下限）／不明（上限） | 32,000円〜48,000円 |" in text
    assert "| 5回 | 都度払い（下限）／不明（上限） | 40,000円〜60,000円 |" in text
    rows = list(csv.reader(io.StringIO(render(sheet, "csv"))))
    across = [row[:3] for row in rows if row[0] == "回数ごとの最安"]
    assert across[-1] == ["回数ごとの最安", "都度払い（下限）／不明（上限）", "5"]
    compared = render(comparison(catalog, request, max_sessions=5), "md")
    for count in (4, 5):
        assert (
            "都度払い（下限）／不明（上限）" in compared.split(f"| {count}回 |")[1].split("\n")[0]
        )


def test_comparison_cheapest_matches_quotes() -> None:
    catalog = _catalogs()["rich"]
    report = comparison(catalog, QuoteRequest(sessions=9, on=DAY), max_sessions=5)
    for row in report.rows:
        best = quote(catalog, QuoteRequest(sessions=row.sessions, on=DAY)).best
        assert (row.best, row.best_total) == (best.label, best.total)


@pytest.mark.parametrize("bad", [0, 101, True, "12"])
def test_comparison_rejects_bad_counts(bad: object) -> None:
    with pytest.raises(ReportError, match="max_sessions"):
        comparison(reference_catalog(), QuoteRequest(sessions=1), max_sessions=bad)  # type: ignore[arg-type]


def test_comparison_single_count_and_today() -> None:
    report = comparison(reference_catalog(), QuoteRequest(sessions=1), max_sessions=1)
    assert report.on == today_in_japan()
    ET.fromstring(chart(report, Words("ja_JP")))


# ---------------------------------------------------------------------------
# CSV


@pytest.mark.parametrize("locale", LOCALES)
def test_compare_csv_reads_back(reports: dict[str, dict[str, object]], locale: str) -> None:
    report = reports["rich"]["compare"]
    data = render(report, "csv", locale=locale, bom=True)  # type: ignore[arg-type]
    assert data.startswith(BOM)
    encoded = data.encode("utf-8")
    assert encoded[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(encoded.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert [int(row[0]) for row in body] == list(range(1, 13))
    catalog = _catalogs()["rich"]
    for row in body:
        best = quote(catalog, QuoteRequest(sessions=int(row[0]), on=DAY)).best
        assert int(row[2]) == best.total.min
        assert int(row[4]) == best.total.max
        assert len(row) == len(header)


def test_csv_without_bom_and_other_reports(reports: dict[str, dict[str, object]]) -> None:
    for kind in ("price-list", "estimate"):
        data = render(reports["rich"][kind], "csv")  # type: ignore[arg-type]
        assert not data.startswith(BOM)
        rows = list(csv.reader(io.StringIO(data, newline="")))
        assert len({len(row) for row in rows}) == 1, kind


def test_csv_cells_never_run_as_formulas() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("ok") == "ok"
    assert safe_cell(-3000) == -3000
    catalog = parse_catalog(
        'schema_version = 1\n[clinic]\nname = "=HYPERLINK(\\"x\\")"\n[[treatments]]\n'
        'id = "x"\nname = "=cmd|\' /C calc\'!A0"\nprice = 1000\n',
        format="toml",
    )
    rows = list(csv.reader(io.StringIO(render(price_list(catalog, on=DAY), "csv"))))
    assert rows[1][1].startswith("'=")


# ---------------------------------------------------------------------------
# Escaping untrusted catalog text

HOSTILE = "<script>alert(1)</script>"


def _hostile_catalog() -> Catalog:
    return parse_catalog(
        json.dumps(
            {
                "schema_version": 1,
                "clinic": {"name": HOSTILE, "contact": '"><img src=x onerror=alert(2)>'},
                "treatments": [
                    {
                        "id": "x",
                        "name": HOSTILE,
                        "name_en": HOSTILE,
                        "price": 10000,
                        "note": "a & b </svg><svg onload=alert(3)> *bold* | pipe \u0001",
                        "risks": HOSTILE,
                    }
                ],
                "offers": [
                    {
                        "kind": "bundle",
                        "id": "x-3",
                        "treatment": "x",
                        "name": HOSTILE,
                        "sessions": 3,
                        "price": 27000,
                    }
                ],
            }
        ),
        format="json",
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_hostile_text_is_shown_as_text(locale: str) -> None:
    catalog = _hostile_catalog()
    reports = [
        price_list(catalog, on=DAY),
        estimate(quote(catalog, QuoteRequest(sessions=3, on=DAY)), catalog, issued=DAY),
        comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=4),
    ]
    for report in reports:
        page = render(report, "html", locale=locale)
        assert "<script" not in page
        assert "<img" not in page
        assert "<svg onload" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "Content-Security-Policy" in page
        markdown = render(report, "md", locale=locale)
        assert "<script" not in markdown
        assert "\u0001" not in markdown
    svg = chart(reports[2], Words(locale))  # type: ignore[arg-type]
    tree = ET.fromstring(svg)
    texts = [element.text for element in tree.iter("{http://www.w3.org/2000/svg}text")]
    assert HOSTILE in texts, "the name is drawn as text"
    assert not list(tree.iter("script"))
    assert not list(tree.iter("{http://www.w3.org/2000/svg}script"))


@pytest.mark.parametrize("locale", LOCALES)
def test_csv_drops_the_characters_the_other_formats_drop(locale: str) -> None:
    # An RTL override reorders a spreadsheet cell's text and BEL rings a terminal that cats
    # the file: CSV drops them as Markdown and HTML do, and a formula behind them is still
    # caught. A newline stays (CSV quotes it), as Markdown's rule keeps it as a space.
    assert safe_cell("\u202e=1+1\x07") == "'=1+1"
    assert safe_cell("a\u2066b\x9bc\x7fd\x00e\nf") == "abcde\nf"
    catalog = parse_catalog(
        'schema_version = 1\n[clinic]\nname = "Clinic"\n[[treatments]]\n'
        'id = "x"\nname = "Drip \\u202Egpj.exe\\u0007"\nname_en = "Drip \\u202Egpj.exe\\u0007"\n'
        'price = 1000\n[[offers]]\nkind = "bundle"\nid = "x-2"\ntreatment = "x"\nsessions = 2\n'
        'price = 1800\nname = "Drip \\u202Egpj.exe\\u0007 set"\n',
        format="toml",
    )
    reports = [
        price_list(catalog, on=DAY),
        estimate(quote(catalog, QuoteRequest(sessions=1, on=DAY)), catalog, issued=DAY),
        comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=2),
    ]
    for report in reports:
        data = render(report, "csv", locale=locale)  # type: ignore[arg-type]
        assert "\u202e" not in data
        assert "\x07" not in data
        assert "Drip gpj.exe" in data
        assert "Drip gpj.exe" in render(report, "md", locale=locale)  # type: ignore[arg-type]


def test_xml_text_drops_forbidden_characters() -> None:
    assert xml_text("a\u0000b\u000bc\ufffe") == "abc"
    assert xml_text("\"'&") == "&quot;&#x27;&amp;"


# ---------------------------------------------------------------------------
# SVG


def test_svg_is_xml_and_deterministic(reports: dict[str, dict[str, object]]) -> None:
    for name in ("reference", "rich"):
        report = reports[name]["compare"]
        svg = chart(report, Words("ja_JP"))  # type: ignore[arg-type]
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert "Noto Sans CJK JP" in root.attrib["font-family"]
        assert svg == chart(report, Words("ja_JP"))  # type: ignore[arg-type]
        assert not re.search(r'id="', svg)
        polylines = list(root.iter("{http://www.w3.org/2000/svg}polyline"))
        assert len(polylines) == len(report.ways)  # type: ignore[attr-defined]
        page = render(report, "html")  # type: ignore[arg-type]
        assert svg.rstrip("\n") in page
    rich = chart(reports["rich"]["compare"], Words("ja_JP"))  # type: ignore[arg-type]
    assert "分岐 3回" in rich
    assert "<polygon" in rich  # ranges are drawn as bands


def test_break_even_labels_stacked_at_the_top_stay_inside_the_drawing() -> None:
    # review30 F6: one treatment at 10,000 and seven 2-session sets at 19,000〜19,999, each
    # below 2 x 10,000 = 20,000: seven ways break even at 2 sessions, the last count, near
    # the plot's top (the axis runs to 20,000). Stacked 16px apart they went above y = 0
    # and were cut off; the drawing now grows at the top and every label box is inside it.
    sets = "".join(
        f'[[offers]]\nkind = "bundle"\nid = "s{n}"\ntreatment = "a"\nname = "セット{n}"\n'
        f"sessions = 2\nprice = {price}\n"
        for n, price in enumerate((19_000, 19_500, 19_800, 19_900, 19_950, 19_990, 19_999))
    )
    text = (
        'schema_version = 2\n[clinic]\nname = "C"\n'
        '[[treatments]]\nid = "a"\nname = "A"\nprice = 10000\n' + sets
    )
    catalog = parse_catalog(text, format="toml")
    asked = QuoteRequest(sessions=1, on=date(2026, 4, 1))
    report = comparison(catalog, asked, max_sessions=2)
    assert len([p for p in report.break_even if p.sessions == 2]) == 7
    root = ET.fromstring(chart(report, Words("ja_JP")))
    svg = "{http://www.w3.org/2000/svg}"
    _, _, width, height = (float(v) for v in root.attrib["viewBox"].split())
    (group,) = root.iter(f"{svg}g")
    shift = float(group.attrib["transform"].removeprefix("translate(0 ").removesuffix(")"))
    boxes = [
        rect
        for rect in root.iter(f"{svg}rect")
        if rect.attrib.get("fill-opacity") == "0.9"  # a label's white ground
    ]
    assert len(boxes) == 7
    for box in boxes:
        left, top = float(box.attrib["x"]), float(box.attrib["y"]) + shift
        assert left >= 0
        assert left + float(box.attrib["width"]) <= width
        assert top >= 0
        assert top + 15 <= height
    # A chart whose labels fit is not grown: no group, the height as before.
    plain = ET.fromstring(chart(comparison(catalog, asked, max_sessions=4), Words("ja_JP")))
    assert not list(plain.iter(f"{svg}g"))


def test_two_break_evens_at_one_count_are_each_legible_and_tied_to_their_line() -> None:
    # s30 audit F12: 2cc over 6 months, the set (163,350) and the campaign (148,500) both
    # beat 3 x 60,500 = 181,500 at 3 sessions. Their labels, once a few pixels apart, are
    # stacked (no two label boxes overlap) and drawn in their own line's colour.
    catalog = load_catalog(HERE / "data" / "s30-clinic.toml")
    asked = QuoteRequest(treatment="sup:2cc", sessions=1, months=6, on=date(2026, 12, 10))
    report = comparison(catalog, asked, max_sessions=8)
    at_three = [p.label for p in report.break_even if p.sessions == 3]
    assert at_three == ["bundle:sup-2cc-3", "bundle:sup-camp"]
    root = ET.fromstring(chart(report, Words("ja_JP")))
    svg = "{http://www.w3.org/2000/svg}"
    colours = [line.attrib["stroke"] for line in root.iter(f"{svg}polyline")]
    labels = [t for t in root.iter(f"{svg}text") if t.text == "分岐 3回"]
    ways = [way.label for way in report.ways]
    assert [t.attrib["fill"] for t in labels] == [colours[ways.index(w)] for w in at_three]
    lower, upper = sorted(float(t.attrib["y"]) for t in labels)
    assert upper - lower >= 15  # a label box is 15 high
    rings = [c for c in root.iter(f"{svg}circle") if c.attrib.get("r") == "6"]
    assert [c.attrib["stroke"] for c in rings] == [colours[ways.index(w)] for w in at_three]


# ---------------------------------------------------------------------------
# Figures, words and messages


def test_figures() -> None:
    assert per_session(YenRange.exact(104_500), 3).exact is False
    assert per_session(YenRange(30_000, 60_000, 45_000), 3).amount == YenRange(
        10_000, 20_000, 15_000
    )
    assert difference(YenRange(1, None), YenRange.exact(1)) == PointValues(
        min=0, typical=None, max=None
    )


def test_words() -> None:
    words = Words("en_US")
    assert words.saving(PointValues(min=0, typical=0, max=0)) == "same cost"
    assert words.saving(PointValues(min=-10, typical=None, max=None)) == (
        "no saving (¥10 more) at the low end, unknown at the high end"
    )
    assert words.difference(PointValues(min=0, typical=0, max=0)) == "same cost"
    assert words.difference(PointValues(min=-5, typical=-5, max=-5)) == "¥5 less"
    assert words.points(PointValues(min=3, typical=None, max=1)) == (1, 3)
    assert words("sessions_count", count=1) == "1 session"
    assert Words("ja")("sessions_count", count=1) == "1回"


def test_a_report_in_a_locale_supecost_does_not_write_is_refused() -> None:
    # English words with French dates and money would be no document: the formatters' one
    # list of locales (l10n.LOCALES) refuses it, as the command line and the service do.
    catalog = load_catalog(HERE / "data" / "example.toml")
    result = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
    for build in (
        lambda: estimate(result, catalog, issued=date(2026, 4, 1), locale="fr_FR"),
        lambda: price_list(catalog, locale="de_DE"),
        lambda: comparison(catalog, QuoteRequest(sessions=1), max_sessions=3, locale="en_GB"),
    ):
        with pytest.raises(LocaleError):
            build()


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        (
            "ja_JP",
            ["月額", "追加1回", "同じ来院の追加分", "入会金", "入会金・キャンペーン価格", "初月"],
        ),
        (
            "en_US",
            [
                "monthly fee",
                "extra session",
                "further units in a visit",
                "enrollment fee",
                "enrollment fee, campaign price",
                "first month",
            ],
        ),
    ],
)
def test_a_bill_line_s_kind_is_one_word_in_the_quote_and_the_estimate(
    locale: str, expected: list[str]
) -> None:
    # s32 audit F12: the quote's kind column said 追加回 / "month" where the estimate's
    # line said （追加1回） / "(monthly fee)". The estimate names the line with the very
    # word the quote's column gives it (the price list's CSV too, after the plan: tested
    # with its rows).
    words = Words(locale)
    kinds = [
        (LineKind.SUBSCRIPTION, False),
        (LineKind.EXTRA_SESSION, False),
        (LineKind.EXTRA_UNIT, False),
        (LineKind.ENROLLMENT, False),
        (LineKind.ENROLLMENT, True),
        (LineKind.FIRST_MONTH, False),
    ]
    columns = []
    for kind, campaign in kinds:
        one = YenRange.exact(1)
        line = LineEntry(Localized("P"), kind, 1, one, one, False, campaign=campaign)
        column = line_kind(words, line)
        assert line_name(words, line) == words("line_kind", name="P", kind=column)
        assert line_name(words, line, kind_shown=True) == "P"
        columns.append(column)
    assert columns == expected


def test_message_tables_match() -> None:
    english_plurals = {
        "sessions_count_one",
        "visits_count_one",
        "months_count_one",
        "quote_break_even_from_one",
        "reason_period_one",
        "unit_default_one",
        "intro_sessions_one",
        "intro_sessions_first_time_one",
        "settle_months_begun_one",
        "settle_months_begun_first_one",
        "settle_first_months_one",
        "settle_sessions_given_one",
        "settle_sessions_given_less_enrollment_one",
        "settle_early_termination_one",
        "first_n_one",
        "per_patient_one",
        "validate_treatments_one",
        "validate_offers_one",
        "validate_combos_one",
        "validate_fees_one",
        "validate_discounts_one",
    }
    assert set(JA) == set(EN) - english_plurals
    for key, text in JA.items():
        assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", EN[key])), key
    assert messages_for("en").japanese is False
    with pytest.raises(LocaleError):  # English words, but British dates and money: refused
        messages_for("en_GB")


def test_way_names() -> None:
    catalog = reference_catalog()
    assert way_name(catalog, Way.bundle("no-such")).ja == "bundle:no-such"
    assert way_name(catalog, Way.bundle("sup-iv-set")).ja == "幹細胞培養上清液点滴 5回セット"
    assert way_name(catalog, Way.subscription("gone")) == Localized("subscription:gone")
    assert Words("ja_JP").text(way_name(catalog, Way.mix())) == "組み合わせ"


def test_layout_uses_the_report_locale() -> None:
    report = price_list(reference_catalog(), locale="en", on=DAY)
    assert layout(report).title == "Price list"
    assert render(report, "json").count('"locale": "en_US"') == 1


def test_unknown_format() -> None:
    with pytest.raises(ReportError, match="unknown report format"):
        render(price_list(reference_catalog(), on=DAY), "doc")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Files


def test_write_atomic_replaces_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "report.csv"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]


def test_write_atomic_leaves_nothing_on_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_text("old", encoding="utf-8")

    def fail(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(ReportError, match="No space left"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_write_atomic_into_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot write"):
        write_atomic(tmp_path / "missing" / "r.md", "x")
    assert not (tmp_path / "missing").exists()


def _special_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """A symbolic link, a FIFO, a device node and a folder, each with the kind named."""
    real = tmp_path / "real.md"
    real.write_text("kept", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    folder = tmp_path / "folder.md"
    folder.mkdir()
    return {
        "link": (link, "a symbolic link"),
        "dangling": (dangling, "a symbolic link"),
        "fifo": (fifo, "a FIFO (named pipe)"),
        "device": (Path("/dev/null"), "a character device"),
        "folder": (folder, "a folder"),
    }


@pytest.mark.parametrize("which", ["link", "dangling", "fifo", "device", "folder"])
def test_write_atomic_refuses_what_is_not_a_regular_file(tmp_path: Path, which: str) -> None:
    # Renaming over any of these would replace it with a regular file (we may run as root).
    target, kind = _special_files(tmp_path)[which]
    before = os.lstat(target)
    with pytest.raises(ReportError) as caught:
        write_atomic(target, "new")
    assert str(caught.value) == (
        f"will not write {target}: it is {kind}, and only a regular file or a new path is "
        "written; give the path of a regular file or of a file that does not exist yet"
    )
    after = os.lstat(target)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)
    assert (tmp_path / "real.md").read_text(encoding="utf-8") == "kept"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_write_atomic_path_with_nul_is_a_report_error(tmp_path: Path) -> None:
    with pytest.raises(ReportError, match="cannot write"):
        write_atomic(f"{tmp_path}/a\x00b.md", "x")


def test_write_report_formats(tmp_path: Path) -> None:
    report = price_list(reference_catalog(), on=DAY)
    for fmt in FORMATS:
        write_report(report, fmt, tmp_path / f"r.{fmt}", locale="en_US")  # type: ignore[arg-type]
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["report"] == "price_list"
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ---------------------------------------------------------------------------
# The browser, faked


def _fake_browser(tmp_path: Path, script: str) -> str:
    path = tmp_path / "fake-chromium"
    path.write_text("#!/bin/sh\n" + script, encoding="utf-8")
    path.chmod(0o755)
    return str(path)


def test_pdf_without_browser_says_how_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(browser_module, "BROWSER_NAMES", ())
    monkeypatch.setattr(browser_module, "find_browser", lambda names=(): None)
    report = price_list(reference_catalog(), on=DAY)
    with pytest.raises(BrowserMissingError) as caught:
        write_report(report, "pdf", tmp_path / "r.pdf")
    assert INSTALL_BROWSER in str(caught.value)
    assert isinstance(caught.value, SupecostError)
    assert not list(tmp_path.iterdir())


def test_browser_failures(tmp_path: Path) -> None:
    failing = _fake_browser(tmp_path, "echo boom >&2\nexit 3\n")
    with pytest.raises(BrowserError, match="status 3: boom"):
        print_pdf("<p>x</p>", browser=failing)
    silent = _fake_browser(tmp_path, "exit 0\n")
    with pytest.raises(BrowserError, match="no PDF file"):
        print_pdf("<p>x</p>", browser=silent)
    with pytest.raises(BrowserError, match="no PNG file"):
        screenshot("<p>x</p>", browser=silent)
    slow = _fake_browser(tmp_path, "sleep 5\n")
    with pytest.raises(BrowserError, match="did not finish"):
        browser_module.run_browser("<p>x</p>", (), browser=slow, timeout=0.2)
    with pytest.raises(BrowserError, match="cannot run"):
        print_pdf("<p>x</p>", browser=str(tmp_path / "missing"))


def test_browser_failures_are_said_in_japanese(tmp_path: Path) -> None:
    # A Japanese run meets these on the command line (`--format pdf`), so each is coded.
    folders = {name: tmp_path / name for name in ("failing", "silent", "slow")}
    for folder in folders.values():
        folder.mkdir()
    failing = _fake_browser(folders["failing"], "echo boom >&2\nexit 3\n")
    silent = _fake_browser(folders["silent"], "exit 0\n")
    slow = _fake_browser(folders["slow"], "sleep 5\n")

    not_executable = tmp_path / "not-executable"
    not_executable.write_text("", encoding="utf-8")

    def missing() -> None:
        raise BrowserMissingError()

    raisers: list[tuple[Any, str, str]] = [
        (missing, "PDF の出力には Chromium が必要", INSTALL_BROWSER),
        (
            lambda: print_pdf("<p>x</p>", browser=failing),
            "状態 3 で終了しました（boom）",
            "手で実行",
        ),
        (lambda: print_pdf("<p>x</p>", browser=silent), "PDF ファイルを書き出しませんでした", ""),
        (lambda: screenshot("<p>x</p>", browser=silent), "PNG ファイルを書き出しませんでした", ""),
        (
            lambda: browser_module.run_browser("<p>x</p>", (), browser=slow, timeout=0.2),
            "0.2 秒以内に終わりませんでした",
            "",
        ),
        # The system's reason (English strerror) is said by its errno (s32 review R7).
        (
            lambda: print_pdf("<p>x</p>", browser=str(tmp_path / "none")),
            "を実行できません（ファイルがありません）",
            "",
        ),
        (
            lambda: print_pdf("<p>x</p>", browser=str(not_executable)),
            "を実行できません（実行する権限がありません）",
            "",
        ),
    ]
    for raiser, said, fix in raisers:
        with pytest.raises(BrowserError) as caught:
            raiser()
        text = error_text(caught.value, "ja_JP")
        assert said in text, text
        assert fix in text, text
        assert caught.value.code.startswith("browser."), caught.value.code


def test_fake_browser_output_is_returned(tmp_path: Path) -> None:
    # Writes its --print-to-pdf target, as Chromium does.
    writer = _fake_browser(
        tmp_path,
        'for a in "$@"; do case "$a" in --print-to-pdf=*) printf "%%PDF-1.4 x" > "${a#*=}";; '
        "esac; done\n",
    )
    render_pdf("<p>x</p>", tmp_path / "out.pdf", browser=writer)
    assert (tmp_path / "out.pdf").read_bytes() == b"%PDF-1.4 x"


# ---------------------------------------------------------------------------
# Checked as a person sees it: headless Chromium


def _png_pixels(data: bytes) -> tuple[int, int, list[bytes]]:
    """Decode an 8-bit RGB or RGBA PNG into rows of pixel bytes (no dependencies)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat = 8, b""
    width = height = channels = 0
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8
            assert colour in (2, 6)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(channels, stride):
                line[i] = (line[i] + line[i - channels]) & 0xFF
        elif kind == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, previous, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = line[i - channels] if i >= channels else 0
                line[i] = (line[i] + ((left + previous[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = line[i - channels] if i >= channels else 0
                b = previous[i]
                c = previous[i - channels] if i >= channels else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                predictor = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + predictor) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, channels, rows


def _ink(rows: list[bytes], channels: int) -> int:
    """How many pixels are not near-white."""
    count = 0
    for row in rows:
        for i in range(0, len(row), channels):
            if row[i] < 200 or row[i + 1] < 200 or row[i + 2] < 200:
                count += 1
    return count


def _glyphs(tab: Any, folder: Path, text: str) -> list[bytes]:
    """Screenshot each character in its own cell, in the report's fonts; return each cell.

    In the shared Chromium (conftest's ``tab``); test_report_page_is_not_blank exercises
    :func:`screenshot` itself."""
    cells = "".join(
        f'<span style="position:absolute;left:{8 + 72 * i}px;top:8px;width:64px;height:64px;'
        f'font-size:48px;line-height:64px;text-align:center">{ch}</span>'
        for i, ch in enumerate(text)
    )
    page = (
        f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"><style>{CSS}'
        f"body{{padding:0;margin:0}}</style></head><body>{cells}</body></html>"
    )
    _laid_out(tab, folder, page, 500, 200)
    width, channels, rows = _png_pixels(tab.get_screenshot_as_png())
    assert width >= 8 + 72 * len(text)
    shots = []
    for i in range(len(text)):
        left = (8 + 72 * i) * channels
        shots.append(b"".join(row[left : left + 64 * channels] for row in rows[8:72]))
    return shots


@needs_chromium
def test_japanese_text_is_drawn_not_tofu(tab: Any, tmp_path: Path) -> None:
    glyphs = _glyphs(tab, tmp_path, "料金表見積")
    blank = bytes([255]) * len(glyphs[0])
    assert all(glyph != blank for glyph in glyphs), "every character leaves ink"
    assert len(set(glyphs)) == len(glyphs), "distinct characters draw distinct glyphs"
    # The control: characters no font has are drawn alike (boxes) or not at all.
    missing = _glyphs(tab, tmp_path, "\U000f0000\U000f0001\U000f0002")
    assert len(set(missing)) == 1, "the tofu check can tell missing glyphs apart"


@needs_chromium
def test_report_page_is_not_blank(reports: dict[str, dict[str, object]]) -> None:
    page = render(reports["rich"]["compare"], "html")  # type: ignore[arg-type]
    _, channels, rows = _png_pixels(screenshot(page))
    ink = _ink(rows, channels)
    assert ink > 20_000, f"only {ink} dark pixels: the page looks blank"


_WIDTH_PROBE = (
    "<script>document.title = 'scroll-width=' + "
    "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);</script>"
)


@needs_chromium
@pytest.mark.parametrize("kind", ["price-list", "estimate", "compare"])
def test_pages_fit_the_width_of_a4(
    reports: dict[str, dict[str, object]], kind: str, tab: Any, tmp_path: Path
) -> None:
    # A4 is 210 mm wide; with 15 mm margins the printed content is 180 mm = 680 CSS px.
    width = _printed_width(tab, tmp_path, reports["rich"][kind])
    assert width <= 680, f"{kind} is {width} px wide"


def _printed_width(tab: Any, folder: Path, report: object) -> int:
    """The width Chromium lays a report's HTML out at in a 680 px window."""
    page = render(report, "html")  # type: ignore[arg-type]
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    page = page.replace("</body>", _WIDTH_PROBE + "</body>")
    title = _laid_out(tab, folder, page, 680)
    found = re.fullmatch(r"scroll-width=(\d+)", title)
    assert found, title[:500]
    return int(found.group(1))


def _laid_out(tab: Any, folder: Path, page: str, width: int, height: int = 1000) -> str:
    """Lay a page out in the shared Chromium's tab (conftest's ``tab``) ``width`` px wide, as
    a window that wide without scrollbars; return its title, where the page's probe script
    wrote what it measured. The page is written to ``folder``."""
    path = folder / "page.html"
    path.write_text(page, encoding="utf-8")
    window = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False}
    tab.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", window)
    tab.get(path.as_uri())
    return str(tab.title)


@needs_chromium
@pytest.mark.parametrize("kind", ["price-list", "estimate"])
def test_schema_2_pages_fit_the_width_of_a4(
    v2_reports: dict[str, object], kind: str, tab: Any, tmp_path: Path
) -> None:
    # The set table of a schema-2 price list has the most columns: dose, member price and
    # sales window beside the schema-1 six. Within 680 CSS px, as above.
    width = _printed_width(tab, tmp_path, v2_reports[kind])
    assert width <= 680, f"{kind} is {width} px wide"


@needs_chromium
def test_pdf_is_a4(tmp_path: Path, reports: dict[str, dict[str, object]]) -> None:
    target = tmp_path / "prices.pdf"
    write_report(reports["rich"]["price-list"], "pdf", target)  # type: ignore[arg-type]
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    assert _pdf_pages(data) >= 2  # the control of the one-page estimate check
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", data)
    assert boxes, "the PDF names its page size"
    for width, height in boxes:
        assert abs(float(width) - 595.3) < 2
        assert abs(float(height) - 841.9) < 2


# ---------------------------------------------------------------------------
# Reviewer's defects: message keys, tax display of combos, savings and discounts,
# reduced-rate marks, and the browser sandbox


def _toml(body: str, *, include_tax: bool = False) -> Catalog:
    head = (
        'schema_version = 1\n[clinic]\nname = "C"\n'
        f"prices_include_tax = {'true' if include_tax else 'false'}\n"
        'tax_rounding = "floor"\n'
    )
    return parse_catalog(head + body, format="toml")


KEYLIKE = """
[[treatments]]
id = "a"
name = "@way_singles"
name_en = "@way_intro"
price = 10000
[[treatments]]
id = "b"
name = "@way_mix"
price = 5000
[[offers]]
kind = "bundle"
id = "a-3"
treatment = "a"
name = "@way_singles"
sessions = 3
price = 27000
[[combos]]
id = "ab"
name = "@way_singles"
name_en = "@way_mix"
treatments = ["a", "b"]
discount = 1000
[[fees]]
id = "f"
name = "@way_no_such_message"
price = 1000
"""


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_text_that_looks_like_a_message_key_is_text(locale: str) -> None:
    catalog = _toml(KEYLIKE)
    japanese = locale == "ja_JP"
    literal = "@way_singles" if japanese else "@way_intro"
    prices = price_list(catalog, on=DAY)
    for fmt in FORMATS:
        text = render(prices, fmt, locale=locale)  # type: ignore[arg-type]
        shown_as = literal.replace("_", "\\_") if fmt == "md" else literal
        assert shown_as in text, fmt
        assert ("@way_mix" if fmt != "md" else "@way\\_mix") in text, fmt
        # Before the fix this name raised KeyError: it was looked up as a message.
        unknown = "@way_no_such_message"
        assert (unknown.replace("_", "\\_") if fmt == "md" else unknown) in text, fmt
    # The engine's own ways of buying are still named from the messages.
    table = render(
        comparison(catalog, QuoteRequest(treatment="a", sessions=1, on=DAY), max_sessions=3),
        "json",
        locale=locale,
    )
    assert messages_for(locale)("way_singles") in table
    assert literal in table
    assert Words(locale).text(Localized.message("way_mix")) == messages_for(locale)("way_mix")
    assert Localized("@way_mix").key is None


REDUCED_COMBO = """
[[treatments]]
id = "drink"
name = "美容ドリンク"
tax = "reduced"
price = 30000
[[treatments]]
id = "tablet"
name = "サプリ"
tax = "reduced"
price = 20000
[[offers]]
kind = "bundle"
id = "drink-3"
treatment = "drink"
name = "ドリンク3本"
sessions = 3
price = 81000
[[offers]]
kind = "subscription"
id = "drink-monthly"
treatment = "drink"
name = "ドリンク定期便"
monthly_fee = 25000
sessions_per_month = 1
min_months = 2
[[offers]]
kind = "intro"
id = "drink-first"
treatment = "drink"
name = "ドリンク初回"
price = 15000
[[combos]]
id = "both"
name = "ドリンク＋サプリ"
treatments = ["drink", "tablet"]
discount = 4500
[[combos]]
id = "both-price"
name = "まとめ価格"
treatments = ["drink", "tablet"]
price = 45000
"""


def test_combos_of_reduced_rate_treatments_are_shown_at_8_percent() -> None:
    prices = price_list(_toml(REDUCED_COMBO), on=DAY)
    by_id = {combo.id: combo for combo in prices.combos}
    discount = by_id["both"].discount
    price = by_id["both-price"].price
    assert discount is not None
    assert price is not None
    # 4,500 before tax + floor(4,500 x 8%) = 4,500 + 360 = 4,860 (at 10% it was 4,950).
    assert discount.included == YenRange.exact(4_860)
    # 45,000 + 3,600 = 48,600 (at 10% it was 49,500).
    assert price.included == YenRange.exact(48_600)
    text = render(prices, "md")
    assert "4,860円引き" in text
    assert "48,600円" in text
    assert "4,950" not in text
    assert "49,500" not in text


def test_saving_against_singles_taxes_the_sum_once() -> None:
    catalog = _toml(
        '[[treatments]]\nid = "x"\nname = "X"\nprice = 12345\n'
        '[[offers]]\nkind = "bundle"\nid = "x-5"\ntreatment = "x"\nsessions = 5\nprice = 55000\n'
    )
    bundle = price_list(catalog, on=DAY).treatments[0].bundles[0]
    # Singles: 5 x 12,345 = 61,725, tax floor(6,172.5) = 6,172, so 67,897.
    # Set: 55,000 + 5,500 = 60,500. Saving 67,897 - 60,500 = 7,397
    # (tax per session, 5 x (12,345 + 1,234) = 67,895, would give 7,395).
    assert bundle.saving == PointValues(min=7_397, typical=7_397, max=7_397)
    assert "7,397円お得" in render(price_list(catalog, on=DAY), "md")
    # A tax-included catalog needs no tax: 5 x 12,345 - 55,000 = 6,725.
    included = _toml(
        '[[treatments]]\nid = "x"\nname = "X"\nprice = 12345\n'
        '[[offers]]\nkind = "bundle"\nid = "x-5"\ntreatment = "x"\nsessions = 5\nprice = 55000\n',
        include_tax=True,
    )
    assert price_list(included, on=DAY).treatments[0].bundles[0].saving.min == 6_725


DISCOUNTS = """
[[treatments]]
id = "x"
name = "X"
price = 20000
[[treatments]]
id = "s"
name = "S"
tax = "reduced"
price = 5000
[[offers]]
kind = "bundle"
id = "x-3"
treatment = "x"
sessions = 3
price = 54000
[[discounts]]
id = "x-off"
name = "X割"
amount = 1000
treatments = ["x"]
min_amount = 40000
[[discounts]]
id = "set-off"
name = "セット割"
amount = 2000
offers = ["x-3"]
[[discounts]]
id = "s-off"
name = "S割"
amount = 500
treatments = ["s"]
[[discounts]]
id = "bill"
name = "お会計割"
amount = 3000
min_amount = 30000
"""


def test_discounts_are_shown_tax_included() -> None:
    # Every treatment at 10%: 1,000 before tax is 1,000 + 100 = 1,100 off, and a bill of
    # at least 50,000 before tax is one of at least 50,000 + 5,000 = 55,000.
    simple = _toml(
        '[[treatments]]\nid = "x"\nname = "X"\nprice = 20000\n'
        '[[discounts]]\nid = "d"\nname = "D"\namount = 1000\nmin_amount = 50000\n'
    )
    text = render(price_list(simple, on=DAY), "md")
    assert "| 1,100円引き |" in text
    assert "55,000円以上のお会計" in text
    assert "50,000" not in text
    prices = price_list(_toml(DISCOUNTS), on=DAY)
    text = render(prices, "md")
    assert "1,100円引き" in text
    # min_amount counts every treatment of the request, and they may be at 10% or 8%.
    assert "税抜40,000円以上のお会計" in text
    # On a set of a 10% treatment: 2,000 + 200 = 2,200.
    assert "2,200円引き" in text
    # On an 8% treatment: 500 + floor(40) = 540.
    assert "540円引き" in text
    # A whole-bill amount falls on 10% and 8% items alike: labelled before tax.
    assert "税抜3,000円引き" in text
    assert "税抜30,000円以上のお会計" in text
    assert "| 1,000円引き" not in text
    english = render(prices, "md", locale="en_US")
    assert "¥1,100 off" in english
    assert "¥3,000 (before tax) off" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    header = rows[0]
    discount_rows = {row[2]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    assert discount_rows["X割"]["表示"] == "1,100円引き"
    assert discount_rows["X割"]["税込（下限）"] == "1100"
    assert discount_rows["X割"]["税抜（下限）"] == "1000"
    assert discount_rows["お会計割"]["表示"] == "税抜3,000円引き"
    assert discount_rows["お会計割"]["税込（下限）"] == ""
    assert discount_rows["お会計割"]["税抜（下限）"] == "3000"
    # A tax-included catalog shows its figures as they are.
    included = price_list(_toml(DISCOUNTS, include_tax=True), on=DAY)
    same = render(included, "md")
    assert "| 1,000円引き" in same
    assert "| 3,000円引き" in same
    assert "税抜3,000" not in same
    rows = list(csv.reader(io.StringIO(render(included, "csv"))))
    bill = next(dict(zip(rows[0], row, strict=True)) for row in rows if row[2] == "お会計割")
    assert (bill["税込（下限）"], bill["税抜（下限）"], bill["表示"]) == ("3000", "", "3,000円引き")


def _goods_bill(extra: str = "", *, tax: str = "reduced") -> Catalog:
    """The auditor's d1/d2: one 10% treatment, one supplement, a yen discount on the bill."""
    return parse_catalog(
        'schema_version = 2\n[clinic]\nname = "D1"\nprices_include_tax = false\n'
        '[[treatments]]\nid = "inj"\nname = "ビタミン注射"\nprice = 300\n'
        f'[[goods]]\nid = "supp"\nname = "サプリ"\nprice = 2000\ntax = "{tax}"\n'
        '[[discounts]]\nid = "whole"\nname = "500円引き"\namount = 500\n' + extra,
        format="toml",
    )


def test_a_whole_bill_discount_falls_on_goods_too() -> None:
    # 500 off a bill of 300 (10%) + 2,000 (8%): the engine splits it 300 : 200, so the
    # patient saves 300 x 1.1 + 200 x 1.08 = 330 + 216 = 546, not 500 x 1.1 = 550; no one
    # tax-included figure exists, so the list says the amount before tax.
    text = render(price_list(_goods_bill(), on=date(2026, 11, 30)), "md")
    assert "| 税抜500円引き |" in text
    assert "550円引き" not in text
    # min_amount counts the supplement (8%) as well: 2,000 before tax, not 2,000 x 1.1.
    text = render(price_list(_goods_bill("min_amount = 2000\n"), on=date(2026, 11, 30)), "md")
    assert "税抜2,000円以上のお会計" in text
    assert "2,200円以上" not in text
    # Goods at 10% beside 10% treatments leave one rate: 500 + 50 = 550, 2,000 + 200 = 2,200.
    standard = _goods_bill("min_amount = 2000\n", tax="standard")
    text = render(price_list(standard, on=date(2026, 11, 30)), "md")
    assert "| 550円引き |" in text
    assert "2,200円以上のお会計" in text


def test_no_reduced_rate_mark_before_the_reduced_rate_began() -> None:
    # The auditor's t1: 1,115 before tax for a 10% injection and an 8% supplement. On
    # 2014-03-31 both pay 5%: 1,115 + floor(55.75) = 1,170, unmarked, no legend; on
    # 2019-09-30 both 8%; from 2019-10-01 the supplement is 8% reduced: marked, legend.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "T1"\nprices_include_tax = false\n'
        '[[treatments]]\nid = "inj"\nname = "注射"\nprice = 1115\n'
        '[[goods]]\nid = "supp"\nname = "サプリ"\nprice = 1115\ntax = "reduced"\n'
        '[[discounts]]\nid = "whole"\nname = "W"\namount = 100\n',
        format="toml",
    )
    old = render(price_list(catalog, on=date(2014, 3, 31)), "md")
    assert "| サプリ | 1,170円（税込） |" in old
    assert "※" not in old
    # One rate for the whole bill, so the discount has one tax-included figure: 100 + 5.
    assert "| 105円引き |" in old
    new = render(price_list(catalog, on=date(2019, 10, 1)), "md")
    # 1,115 + floor(89.2) = 1,204, marked; the discount falls on 10% and 8%: before tax.
    assert "| サプリ | 1,204円（税込）※ |" in new
    assert "※は軽減税率(8%)対象" in new
    assert "税抜100円引き" in new
    for day, marked in ((date(2019, 9, 30), False), (date(2019, 10, 1), True)):
        result = quote(catalog, QuoteRequest(sessions=1, goods={"supp": 1}, on=day))
        for fmt in ("md", "csv"):
            text = render(estimate(result, catalog, issued=day), fmt)
            assert ("サプリ※" in text) is marked, (day, fmt)


def test_new_patients_are_named_as_new_to_the_clinic_from_one_message() -> None:
    # DOMAIN §10: 「初めての方」 alone also reads "first time having it"; every Japanese
    # message for a new patient says 当院が, from the one message new_patient.
    audience = JA["new_patient"]
    assert audience == "当院が初めての方"
    for key in ("intro_sessions", "fee_charged_first_visit", "cond_new_patients", "sim_new"):
        assert audience in JA[key], key
    # Any other 「初めての方」 in the table says whose first time it is.
    for key, text in JA.items():
        for found in re.finditer("初めての方", text):
            before = text[: found.start()]
            assert before.endswith(("当院が", "この施術が")), (key, text)


def test_reduced_rate_mark_on_every_priced_row() -> None:
    prices = price_list(_toml(REDUCED_COMBO), on=DAY)
    text = render(prices, "md")
    # Single 30,000 + 2,400 = 32,400; set 81,000 + 6,480 = 87,480; plan 25,000 + 2,000 = 27,000;
    # first time 15,000 + 1,200 = 16,200; combo 45,000 + 3,600 = 48,600; each marked.
    for amount in ("32,400円（税込）", "87,480円（税込）", "27,000円（税込）", "16,200円（税込）"):
        assert f"{amount}※" in text, amount
    assert "4,860円引き（各治療の1回料金の合計から）※" in text
    assert "48,600円（税込）※" in text
    # The minimum term: 2 x 27,000 = 54,000, tax included.
    assert "54,000円（税込）※" in text
    assert "※は軽減税率(8%)対象" in text
    page = render(prices, "html")
    # An amount is kept whole in its cell; the bracket may wrap to the next line.
    assert "<span>87,480円</span><span>（税込）※</span>" in page
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    shown = {(row[0], row[2]): dict(zip(rows[0], row, strict=True))["表示"] for row in rows[1:]}
    singles = {
        row[1]: dict(zip(rows[0], row, strict=True))["表示"] for row in rows if row[0] == "1回"
    }
    # The tablet: 20,000 + 1,600 = 21,600.
    assert singles == {"美容ドリンク": "32,400円（税込）※", "サプリ": "21,600円（税込）※"}
    assert shown[("回数券・コース", "ドリンク3本")] == "87,480円（税込）※"
    assert shown[("月額プラン", "ドリンク定期便")] == "27,000円（税込）※"
    assert shown[("月額プラン最低契約期間", "ドリンク定期便")] == "54,000円（税込）※"
    assert shown[("初回限定", "ドリンク初回")] == "16,200円（税込）※"
    assert shown[("同日併用", "ドリンク＋サプリ")] == "4,860円引き（各治療の1回料金の合計から）※"
    assert shown[("同日併用", "まとめ価格")] == "48,600円（税込）※"
    # Tax-included catalogs mark the same rows.
    assert "81,000円（税込）※" in render(price_list(_toml(REDUCED_COMBO, include_tax=True)), "md")


def test_csv_estimate_labels_rates_and_marks_reduced_rows() -> None:
    catalog = parse_catalog(EDGE, format="toml")
    result = quote(catalog, QuoteRequest(sessions=3, with_=("y",), on=DAY))
    rows = list(csv.reader(io.StringIO(render(estimate(result, catalog, issued=DAY), "csv"))))
    labels = [row[1] for row in rows if row[0] == "税率別"]
    assert "不課税" in labels
    assert "非課税" in labels
    assert "10%対象" in labels
    # One row per rate, its base, tax and total in columns of their own.
    assert len(labels) == 3
    english = render(estimate(result, catalog, issued=DAY), "csv", locale="en_US")
    en_labels = [row[1] for row in csv.reader(io.StringIO(english)) if row[0] == "tax rate"]
    assert len(en_labels) == 3, "three rates"
    supplement = load_catalog(SNAPSHOTS / "rich-catalog.toml")
    result = quote(supplement, QuoteRequest(treatment="nmn-supplement", sessions=2, on=DAY))
    rows = list(csv.reader(io.StringIO(render(estimate(result, supplement, issued=DAY), "csv"))))
    labels = [row[1] for row in rows if row[0] == "税率別"]
    assert "8%対象※" in labels
    assert "NMNサプリメント（30日分）※" in [row[1] for row in rows]


def test_estimate_csv_gives_each_rates_base_tax_and_total_in_their_own_columns() -> None:
    # The auditor's c2 in small: 税別, 3 sessions of a 1,100 injection and 2 supplements of
    # 999 at 8%. 10%: 3,300 + floor(330) = 3,630; 8%: 1,998 + floor(159.84) = 2,157;
    # total 3,630 + 2,157 = 5,787.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "C2"\nprices_include_tax = false\n'
        'tax_rounding = "floor"\n'
        '[[treatments]]\nid = "vit"\nname = "ビタミン注射"\nprice = 1100\n'
        '[[goods]]\nid = "supp"\nname = "サプリ"\nprice = 999\ntax = "reduced"\n',
        format="toml",
    )
    result = quote(catalog, QuoteRequest(sessions=3, goods={"supp": 2}, new_patient=False, on=DAY))
    rows = list(csv.reader(io.StringIO(render(estimate(result, catalog, issued=DAY), "csv"))))
    header = rows[0]
    assert all(len(row) == len(header) for row in rows)
    table = [dict(zip(header, row, strict=True)) for row in rows]
    by_rate = {row["項目"]: row for row in table if row["区分"] == "税率別"}
    ten, eight = by_rate["10%対象"], by_rate["8%対象※"]
    typical = ("税抜金額（標準）", "消費税（標準）", "税込金額（標準）")
    assert tuple(ten[c] for c in typical) == ("3300", "330", "3630")
    assert tuple(eight[c] for c in typical) == ("1998", "159", "2157")
    # No rate's figure under the lines' amounts, and no line's under a rate's column.
    assert ten["金額（標準）"] == eight["金額（標準）"] == ""
    assert all(row["税抜金額（標準）"] == "" for row in table if row["区分"] == "明細")
    total = next(row for row in table if row["区分"] == "合計")
    assert total["金額（標準）"] == "5787"
    # The lines say they are before tax, as the Markdown does under them, and the ※ legend.
    notes = [row["項目"] for row in table if row["区分"] == "注記"]
    assert notes == [
        "明細の金額は税抜です。消費税は税率ごとにまとめて計算します。",
        "※は軽減税率(8%)対象",
    ]
    english = render(estimate(result, catalog, issued=DAY), "csv", locale="en_US").splitlines()
    assert "Consumption tax (typical)" in english[0]


@pytest.mark.parametrize(("uid", "sandboxed"), [(0, False), (1000, True)])
def test_chromium_sandbox_is_dropped_only_for_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, uid: int, sandboxed: bool
) -> None:
    log = tmp_path / "args"
    echo = _fake_browser(tmp_path, f'printf "%s\\n" "$@" > "{log}"\n')
    monkeypatch.setattr(os, "geteuid", lambda: uid)
    folder, _ = browser_module.run_browser("<p>x</p>", (), browser=echo)
    shutil.rmtree(folder, ignore_errors=True)
    arguments = log.read_text(encoding="utf-8").splitlines()
    assert "--headless" in arguments
    assert ("--no-sandbox" not in arguments) is sandboxed


# The only Latin-script words a Japanese document of the shipped catalogs may hold: the
# catalogs' own names (NMN, Example Clinic), the tool's name in the footer, and HTML.
_LATIN_ALLOWED = {"NMN", "Example", "Clinic", "supecost", "HTML"}


def test_no_english_in_a_japanese_price_list_of_the_schema_2_example() -> None:
    catalog = load_catalog(V2)
    for fmt in ("md", "csv"):
        text = render(price_list(catalog, on=DAY), fmt)
        assert set(re.findall(r"[A-Za-z]{3,}", text)) <= _LATIN_ALLOWED


@pytest.mark.parametrize("name", ["reference", "example"])
def test_no_english_in_a_japanese_document_of_the_shipped_catalogs(name: str) -> None:
    from supecost.present import quote_table

    catalog = (
        reference_catalog() if name == "reference" else load_catalog(HERE / "data" / "example.toml")
    )
    request = QuoteRequest(sessions=5, months=5, on=DAY)
    result = quote(catalog, request)
    texts = [
        render(price_list(catalog, on=DAY), "md"),
        render(price_list(catalog, on=DAY), "csv"),
        render(estimate(result, catalog, issued=DAY), "md"),
        render(comparison(catalog, request, max_sessions=6), "md"),
        quote_table(result, catalog),
    ]
    for text in texts:
        assert set(re.findall(r"[A-Za-z]{3,}", text)) <= _LATIN_ALLOWED


_MENU_WORDS = (
    "【期間限定・先着順】ヒト臍帯由来幹細胞培養上清液 高濃度プレミアム点滴（医師監修・国内培養）"
)


def _long(name: str, length: int | None) -> str:
    """A name as it is, or made ``length`` characters long with a real menu's words."""
    return name if length is None else (name + _MENU_WORDS * 2)[:length]


def _busy_estimate(add_ons: int, names: int | None = None, **fields: str) -> Estimate:
    """An estimate whose plan has add_ons + 3 lines, a 6-month schedule and 3 other plans;
    with ``names``, every name on it (treatments, offers, the fee) that many characters long."""
    catalog = validate_catalog(
        {
            "schema_version": 1,
            "clinic": {
                "name": "再生医療クリニック東京 表参道院",
                "registration_number": "T1234567890123",
                "contact": "03-1234-5678（受付 10:00〜19:00）",
            },
            "treatments": [
                {
                    "id": f"t{i}",
                    "name": _long(f"幹細胞培養上清液点滴 オプション{i}（高濃度タイプ）", names),
                    "price": {"min": 10_000 + 1_000 * i, "max": 30_000 + 1_000 * i},
                }
                for i in range(add_ons + 1)
            ],
            "offers": [
                {
                    "kind": "subscription",
                    "id": "plan",
                    "treatment": "t0",
                    "monthly_fee": 20_000,
                    "sessions_per_month": 1,
                    "enrollment_fee": 11_000,
                    **({} if names is None else {"name": _long("月額プラン", names)}),
                },
                {
                    "kind": "bundle",
                    "id": "set",
                    "treatment": "t0",
                    "sessions": 6,
                    "price": 90_000,
                    **({} if names is None else {"name": _long("6回セット", names)}),
                },
                {
                    "kind": "intro",
                    "id": "first",
                    "treatment": "t0",
                    "price": 5_000,
                    **({} if names is None else {"name": _long("初回価格", names)}),
                },
            ],
            "fees": [
                {
                    "id": "consult",
                    "name": _long("初診料", names),
                    "price": 3_300,
                    "charged": "first_visit",
                }
            ],
        }
    )
    with_ = tuple(f"t{i}" for i in range(1, add_ons + 1))
    result = quote(catalog, QuoteRequest(sessions=6, months=6, with_=with_, on=DAY))
    return estimate(result, catalog, issued=DAY, **fields)


def test_estimate_names_addressee_number_total_and_issuer() -> None:
    document = _busy_estimate(2, to="山田 花子", number="Q-2026-0042")
    text = render(document, "md")
    head = text.split("## ご希望の内容")[0]
    assert "山田 花子 様" in head
    assert "- **見積番号**: Q-2026-0042" in head
    # The box holds the plan's total, the same figure as the tax summary's last column, and
    # says whose it is: the plan is the cheapest at the low point, a set at the high one.
    total = Words("ja_JP").money(document.plan.total)
    assert f"**合計（税込・初回価格＋都度払い）: {total}**" in head
    assert (
        "上限の価格では幹細胞培養上清液点滴 オプション0（高濃度タイプ） 6回セットが最安：" in head
    )
    assert "## 発行元" in head
    assert "T1234567890123" in head
    assert "03-1234-5678" in head
    english = render(document, "md", locale="en_US")
    assert "To: 山田 花子" in english
    assert "Estimate no." in english
    assert '<p class="total">' in render(document, "html")
    assert '<p class="addressee">山田 花子 様</p>' in render(document, "html")
    # CSV names them too, in rows of their own after the header, in the document's words.
    rows = list(csv.reader(io.StringIO(render(document, "csv"), newline="")))
    assert rows[1][:3] == ["宛名", "山田 花子 様", ""]
    assert rows[2][:3] == ["見積番号", "Q-2026-0042", ""]
    assert len({len(row) for row in rows}) == 1
    english = list(csv.reader(io.StringIO(render(document, "csv", locale="en_US"), newline="")))
    assert english[1][:2] == ["Addressee", "To: 山田 花子"]
    assert english[2][:2] == ["Estimate no.", "Q-2026-0042"]
    plain = list(csv.reader(io.StringIO(render(_busy_estimate(2), "csv"), newline="")))
    assert plain[1][0] == "発行日", "no addressee or number: no rows for them"
    assert not {"宛名", "見積番号"} & {row[0] for row in plain}


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_an_estimates_csv_carries_every_fact_and_paragraph_of_its_layout(locale: str) -> None:
    document = _busy_estimate(2, to="山田 花子", number="Q-2026-0042")
    rows = list(csv.reader(io.StringIO(render(document, "csv", locale=locale), newline="")))
    cells = [tuple(cell for cell in row if cell) for row in rows]
    page = layout(document, locale)
    facts = [fact for block in page.blocks if isinstance(block, Facts) for fact in block.items]
    texts = [block.text for block in page.blocks if isinstance(block, Paragraph)]
    # Issued 2026-04-01, valid 30 days: 2026-05-01; the issuer's name, number and contact.
    assert ("2026年4月1日" if locale == "ja_JP" else "Apr 1, 2026") in dict(facts).values()
    assert any("T1234567890123" in value for _, value in facts)
    for label, value in facts:
        assert (label, value) in cells
    # At high prices the set of 6 is cheapest: 90,000 + 6 x 31,000 + 6 x 32,000 (the add-ons
    # at their highs) + 3,300 (the first visit) = 471,300. The page says so in a sentence under
    # the total; the CSV says it once, as the total's row with the amount in the high column.
    (cheaper,) = [text for text in texts if "471,300" in text]
    assert not any("471,300" in cell for row in rows for cell in row)
    total = Words(locale)("csv_total")
    assert [row[6:9] for row in rows if row[0] == total][1:] == [["", "", "471300"]]
    for text in texts:
        if text != cheaper:
            assert any(row[-1] == text for row in cells if row), text
    # The tables stay figures: the total in whole yen in its own columns.
    assert len({len(row) for row in rows}) == 1


@pytest.mark.parametrize(
    ("bad", "code", "english", "japanese"),
    [
        ("", "estimate.empty", "the addressee is empty", "宛名が空です"),
        ("   ", "estimate.empty", "the addressee is empty", "宛名が空です"),
        (
            "x" * 81,
            "estimate.too_long",
            "the addressee is 81 characters long, more than 80",
            "宛名が 81 文字あり、80 文字を超えています",
        ),
        (
            "y" * 100_000,
            "estimate.too_long",
            "the addressee is 100,000 characters long, more than 80",
            "宛名が 100,000 文字あり、80 文字を超えています",
        ),
        # "a", then ESC at the second character: named by its place, the value not echoed.
        (
            "a\x1b[2Jb",
            "estimate.control",
            (
                "the addressee holds a control character (U+001B, such as a line break or a tab) "
                "at character 2"
            ),
            "宛名の 2 文字目に制御文字（U+001B、改行やタブなど）があります",
        ),
    ],
)
def test_estimate_refuses_a_bad_addressee_or_number_saying_which_fault(
    bad: str, code: str, english: str, japanese: str
) -> None:
    with pytest.raises(ReportError) as caught:
        _busy_estimate(0, to=bad)
    error = caught.value
    assert (error.code, error.message, error.fields) == (code, english, (("to", english),))
    assert error_text(error, "ja_JP").startswith(japanese + "。宛名は 1 行・80 文字以内で")
    assert error_text(error, "en_US").startswith(english + "; give the addressee as one line")
    with pytest.raises(ReportError) as caught:
        _busy_estimate(0, number=bad)
    assert caught.value.message == english.replace("addressee", "estimate number")
    assert error_text(caught.value, "ja_JP").startswith(japanese.replace("宛名", "見積番号"))


def _pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", data))


_LOANS: Final = (
    'schema_version = 2\n[clinic]\nname = "K"\ninstalments = ['
    '{ name = "医療ローン", name_en = "Medical loan", max_count = 24, apr = "6.9" }, '
    '{ name = "自社分割", max_count = 6, addon_rate = "0", round_unit = 100, remainder = "last" }]'
    '\n[[treatments]]\nid = "a"\nname = "A"\nprice = 1000\n'
)


def _with_loans(report: Estimate) -> Estimate:
    """The estimate with the two loans of ``_LOANS`` on its total, as a clinic offers them."""
    loans = instalment_entries(parse_catalog(_LOANS, format="toml"), report.plan.total)
    assert len(loans) == 2
    return dataclasses.replace(report, instalments=loans)


@needs_chromium
def test_an_estimate_of_twelve_lines_fits_one_a4_page() -> None:
    twelve = _with_loans(_busy_estimate(9, to="山田 花子", number="Q-2026-0042"))
    assert len(twelve.plan.lines) == 12
    assert (len(twelve.runners_up), len(twelve.plan.payments)) == (3, 6)
    assert _pdf_pages(print_pdf(render(twelve, "html"))) == 1
    # The control, without another print: the page count is read from a real PDF here, and
    # test_pdf_is_a4 counts several pages in a longer document with the same helper.


@needs_chromium
@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_an_estimate_of_twelve_lines_with_names_of_30_characters_fits_one_a4_page(
    locale: str,
) -> None:
    # The tutorial's condition (§5): every name up to 30 characters, here all of them 30
    # (Japanese, full width, the widest): 12 lines, 9 added treatments named in the request,
    # 3 other plans. Each wraps in the item column; the page holds them.
    twelve = _with_loans(_busy_estimate(9, names=30, to="山田 花子", number="Q-2026-0042"))
    assert len(twelve.plan.lines) == 12
    assert {len(Words("ja_JP").text(line.item)) for line in twelve.plan.lines} == {30}
    assert _pdf_pages(print_pdf(render(twelve, "html", locale=locale))) == 1


_COLUMN_PROBE = (
    "<script>const t = document.querySelectorAll('table')[0];"
    "document.title = 'widths=' + Array.from(t.rows[0].cells).map(c => c.offsetWidth).join(',');"
    "</script>"
)


@needs_chromium
def test_estimate_columns_are_sized_to_their_content(tab: Any, tmp_path: Path) -> None:
    page = render(_busy_estimate(2), "html")
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    page = page.replace("</body>", _COLUMN_PROBE + "</body>")
    title = _laid_out(tab, tmp_path, page, 680)
    found = re.fullmatch(r"widths=([\d,]+)", title)
    assert found, title[:500]
    item, quantity, unit, amount = (int(w) for w in found.group(1).split(","))
    # The item names get the room left by the amounts; the quantity is as narrow as its digits
    # (no longer a quarter of the width, as with equal columns).
    assert item > max(unit, amount)
    assert quantity < 680 // 10
    assert quantity < min(unit, amount)


def test_reports_render_on_a_terminal_with_the_same_layout(
    reports: dict[str, dict[str, object]],
) -> None:
    from supecost.report.text import render_text

    compare = render_text(layout(reports["rich"]["compare"], "ja_JP"))  # type: ignore[arg-type]
    assert "グラフはHTML形式のレポートに掲載しています。" in compare
    assert compare.rstrip().endswith("supecost により作成")
    sheet = reports["reference"]["estimate"]
    text = render_text(layout(sheet, "ja_JP"))  # type: ignore[arg-type]
    total = Words("ja_JP").money(sheet.plan.total)  # type: ignore[attr-defined]
    assert f"\n合計（税込・都度払い）: {total}\n" in text


def test_a_fee_waived_when_treated_says_so_in_the_price_list() -> None:
    text = V2.read_text(encoding="utf-8") + (
        '\n[[fees]]\nid = "consult"\nname = "診察料"\nname_en = "Consultation"\n'
        'price = 3300\ncharged = "every_visit"\nwaived_when_treated = true\n'
    )
    document = price_list(parse_catalog(text, format="toml"))
    japanese = render(document, "md")
    assert (
        "| 診察料 | 3,300円（税込） | すべての治療 | ご利用ごと、施術を受けた日は無料 |" in japanese
    )
    english = render(document, "md", locale="en_US")
    assert "every visit, waived on a day with treatment |" in english
    entry = json.loads(render(document, "json"))["fees"][-1]
    assert entry["waived_when_treated"] is True
    # The other fees say nothing of it: a schema-1 reader sees the fields it knew.
    assert "waived_when_treated" not in json.loads(render(document, "json"))["fees"][0]


def test_a_cancellation_fee_is_said_to_be_for_a_cancelled_visit() -> None:
    # 当日キャンセル料 5,500円 (audit35 F4): not 「ご希望の場合のみ」, not 「ご利用ごと」 either.
    text = V2.read_text(encoding="utf-8") + (
        '\n[[fees]]\nid = "cancel"\nname = "当日キャンセル料"\nprice = 5500\n'
        'charged = "every_visit"\noptional = true\ntrigger = "cancellation"\n'
    )
    document = price_list(parse_catalog(text, format="toml"))
    japanese = render(document, "md")
    assert "当日キャンセル・無断キャンセルの場合のみ、1回ごと |" in japanese
    row = next(line for line in japanese.splitlines() if "当日キャンセル料" in line)
    assert "ご希望" not in row
    assert "ご利用ごと" not in row
    english = render(document, "md", locale="en_US")
    assert "| only for a visit cancelled on the day or missed, each time |" in english


def test_a_fee_the_visits_day_or_hour_brings_is_not_said_to_be_requested() -> None:
    # 土日祝加算 and 時間外 apply by the visit's day or hour, not at the patient's wish: the
    # price list, its CSV and JSON say what brings them, never 「ご希望の場合のみ」.
    text = V2.read_text(encoding="utf-8") + (
        '\n[[fees]]\nid = "donichi"\nname = "土日祝加算"\nprice = 2200\n'
        'charged = "every_visit"\noptional = true\ntrigger = "weekend"\n'
        '\n[[fees]]\nid = "late"\nname = "時間外"\nprice = 1100\n'
        'charged = "every_visit"\noptional = true\ntrigger = "after_hours"\n'
    )
    document = price_list(parse_catalog(text, format="toml"))
    japanese = render(document, "md")
    assert (
        "| 土日祝加算 | 2,200円（税込） | すべての治療 | ご利用ごと、土日・祝日のご利用時のみ |"
        in (japanese)
    )
    assert "| 時間外 | 1,100円（税込） | すべての治療 | ご利用ごと、診療時間外のご利用時のみ |" in (
        japanese
    )
    english = render(document, "md", locale="en_US")
    assert "| every visit, only on weekends and public holidays |" in english
    assert "| every visit, only outside regular hours |" in english
    rows = list(csv.reader(io.StringIO(render(document, "csv"))))
    kinds = {row[2]: (row[0], row[-1]) for row in rows if len(row) > 2}
    assert kinds["土日祝加算"] == ("諸費用", "ご利用ごと、土日・祝日のご利用時のみ")
    assert kinds["出張費（23区内）"][0] == "諸費用（ご希望の場合のみ）"  # asked for: as before
    fees = {fee["id"]: fee for fee in json.loads(render(document, "json"))["fees"]}
    assert fees["donichi"]["trigger"] == "weekend"
    assert "trigger" not in fees["first-consult"]  # a default says nothing new


def test_an_estimate_compares_ways_exactly_under_an_open_fee_both_pay() -> None:
    # Ten visits with a travel fee 16,500〜 each: a ten-session ticket 396,000 against ten
    # singles at 44,000. Totals 396,000 + 165,000〜 = 561,000〜 and 440,000 + 165,000〜 =
    # 605,000〜; the fee cancels, so singles cost exactly 44,000 more at any fee.
    catalog = parse_catalog(
        "schema_version = 2\n[clinic]\nname = 'A'\n"
        '[[treatments]]\nid = "sup"\nname = "上清液点滴"\nprice = 44000\n'
        '[[offers]]\nkind = "bundle"\nid = "t10"\nname = "10回券"\ntreatment = "sup"\n'
        "sessions = 10\nprice = 396000\n"
        '[[fees]]\nid = "far"\nname = "出張費（その他の地域）"\nprice = { min = 16500 }\n'
        'charged = "every_visit"\noptional = true\n',
        format="toml",
    )
    result = quote(catalog, QuoteRequest(sessions=10, on=DAY, fees=("far",)))
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "## お見積りのプラン（最安）: 10回券" in text
    assert "| 都度払い | 605,000円〜 | 44,000円高い |" in text
    assert "不明" not in text


def test_a_return_visit_fee_and_a_scoped_per_visit_fee_say_when_in_the_price_list() -> None:
    text = V2.read_text(encoding="utf-8") + (
        '\n[[fees]]\nid = "revisit"\nname = "再診料"\nname_en = "Return visit"\n'
        'price = 1100\ncharged = "return_visit"\n'
        '\n[[fees]]\nid = "care"\nname = "ケア"\nname_en = "Aftercare"\n'
        'price = 2200\ncharged = "return_visit"\napplies_to = ["placenta"]\n'
    )
    document = price_list(parse_catalog(text, format="toml"))
    japanese = render(document, "md")
    assert "| すべての治療 | 再診ごと（初診の日を除くご利用ごと） |" in japanese
    assert "| プラセンタ注射 | 対象の治療を受ける再診ごと（初診の日を除く） |" in japanese
    english = render(document, "md", locale="en_US")
    assert "| every return visit (each visit but a new patient's first) |" in english
    assert (
        "| every return visit with a treatment it applies to (not a new patient's first) |"
        in english
    )
    assert json.loads(render(document, "json"))["fees"][-1]["charged"] == "return_visit"


def test_a_first_time_fee_says_whom_it_is_charged_to_in_the_price_list() -> None:
    text = V2.read_text(encoding="utf-8") + (
        '\n[[fees]]\nid = "test"\nname = "血液検査"\nname_en = "Blood test"\n'
        'price = 5500\ncharged = "first_time"\napplies_to = ["placenta"]\n'
        '\n[[fees]]\nid = "card"\nname = "カルテ作成料"\nname_en = "Record"\n'
        'price = 1100\ncharged = "first_time"\n'
    )
    document = price_list(parse_catalog(text, format="toml"))
    japanese = render(document, "md")
    assert "| プラセンタ注射 | 対象の治療を初めて受ける方に1回（初回のみ） |" in japanese
    assert "| すべての治療 | 治療を初めて受ける方に1回（初回のみ） |" in japanese
    english = render(document, "md", locale="en_US")
    assert "| once, for a patient new to a treatment it applies to |" in english
    assert "| once, for a patient new to the treatment |" in english
    assert json.loads(render(document, "json"))["fees"][-1]["charged"] == "first_time"


def test_consecutive_item_paragraphs_are_one_list_in_every_renderer() -> None:
    from supecost.report.blocks import Document, Heading, Paragraph
    from supecost.report.html import render_html
    from supecost.report.markdown import render_markdown
    from supecost.report.text import render_text

    blocks = (
        Heading(3, "理由"),
        Paragraph("<b>一</b>", "item"),
        Paragraph("二", "item"),
        Paragraph("本文"),
        Paragraph("三", "item"),
    )
    document = Document("契約", "", "ja", blocks)
    assert render_text(document).splitlines()[2:] == [
        "理由",
        "  - <b>一</b>",
        "  - 二",
        "本文",
        "  - 三",
    ]
    # One tight list, then a paragraph, then a list of one; catalog text escaped.
    markdown = render_markdown(document)
    assert "### 理由\n\n- &lt;b&gt;一&lt;/b&gt;\n- 二\n\n本文\n\n- 三\n" in markdown
    page = render_html(document)
    body = page[page.index("<h1>") : page.index("</main>")]
    assert body.split("\n") == [
        "<h1>契約</h1>",
        "<h3>理由</h3>",
        "<ul>",
        "<li>&lt;b&gt;一&lt;/b&gt;</li>",
        "<li>二</li>",
        "</ul>",
        "<p>本文</p>",
        "<ul>",
        "<li>三</li>",
        "</ul>",
        "",
    ]
    # A document with no subtitle has no empty subtitle line, and its page title is its title.
    assert "<title>契約</title>" in page
    assert 'class="subtitle"' not in page


# ---------------------------------------------------------------------------
# Generated catalogs


@settings(max_examples=10, deadline=None)
@given(
    catalogs_and_requests(
        catalogs(schema_version=2, max_packages=2, max_ladders=2), max_sessions=3, max_with=2
    ),
    st.sampled_from(["ja_JP", "en"]),
)
# A set on sale from the day after the request's date: at 1 session over 2 months it cannot
# be bought (no total), so its break-even is 2, not 1 (the comparison asserts they agree).
@example(
    (
        Catalog.from_toml(
            "schema_version = 2\n"
            '[clinic]\nname = "G"\nsegments = ["member"]\n'
            '[[treatments]]\nid = "t1"\nname = "T"\nprice = 0\nsegment_prices = { member = 1 }\n'
            '[[offers]]\nkind = "intro"\nid = "o1"\nvalid_until = 2020-01-01\ntreatment = "t1"\n'
            "price = 0\n"
            '[[offers]]\nkind = "bundle"\nid = "o2"\nvalid_from = 2020-01-01\ntreatment = "t1"\n'
            "sessions = 2\nprice = 0\n"
            '[[offers]]\nkind = "package"\nid = "p1"\nvalid_until = 2020-01-02\n'
            'contents = [{ treatment = "t1", sessions = 1 }]\nprice = 0\n'
        ),
        QuoteRequest(
            treatment="t1",
            sessions=1,
            months=2,
            new_patient=True,
            on=date(2019, 12, 31),
            segment="member",
        ),
    ),
    "ja_JP",
)
def test_reports_of_generated_courses_render_in_every_format(
    pair: tuple[Catalog, QuoteRequest], locale: str
) -> None:
    # Packages, ladders and histories meet every report: each builds and renders in every
    # format, the price list lists every package and every ladder step (under the treatment
    # it prices) whose sales window has not ended on its date, and the estimate's plan is
    # the quote's best.
    catalog, request = pair
    day = request.on
    assert day is not None
    prices = price_list(catalog, locale=locale, on=day)
    listable = [o for o in catalog.offers if o.valid_until is None or day <= o.valid_until]
    # A shared set (共通回数券) is listed among the packages, bought whole for several
    # treatments.
    packages = [offer.id for offer in listable if isinstance(offer, Package | SharedSet)]
    assert [entry.id for entry in prices.packages] == packages
    ladders = {
        offer.id: (offer.treatment.partition(":")[0], [step.from_ for step in offer.steps])
        for offer in listable
        if isinstance(offer, Ladder)
    }
    listed = {
        ladder.id: (entry.id, [step.from_place for step in ladder.steps])
        for entry in prices.treatments
        for ladder in entry.ladders
    }
    assert listed == ladders
    # Each package has its row in the price list's CSV, and one more for a first-time price,
    # in the catalog's order, with the sessions of all its contents and its price as written.
    keys = ("csv_package", "csv_package_intro", "csv_shared")
    kinds = {messages_for(locale)(key): key for key in keys}
    rows = [row for row in csv.reader(io.StringIO(render(prices, "csv"))) if row[0] in kinds]
    expected = []
    for offer in listable:
        if isinstance(offer, SharedSet):
            # A shared set's sessions are used on any of its treatments: counted once.
            expected.append(("csv_shared", str(offer.sessions), offer.price.min))
        if isinstance(offer, Package):
            sessions = str(sum(item.sessions for item in offer.contents))
            expected.append(("csv_package", sessions, offer.price.min))
            if offer.intro_price is not None:
                expected.append(("csv_package_intro", sessions, offer.intro_price.min))
    # A catalog priced before tax has its own figure in the before-tax columns.
    written = 7 if not catalog.clinic.prices_include_tax else 4
    assert [(kinds[row[0]], row[3], int(row[written])) for row in rows] == expected
    result = quote(catalog, request)
    paper = estimate(result, catalog, issued=request.on, locale=locale)
    assert (paper.plan.label, paper.plan.total) == (result.best.label, result.best.total)
    table = comparison(catalog, request, max_sessions=3, locale=locale)
    for report in (prices, paper, table):
        for kind in FORMATS:
            assert render(report, kind)
        assert json.loads(render(report, "json"))["report"]


def test_a_document_format_that_does_not_exist_is_a_report_error() -> None:
    from supecost.report.blocks import Document
    from supecost.report.rendering import render_document

    with pytest.raises(ReportError, match="unknown document format 'csv'; use one of table, md"):
        render_document(Document("t", "", "ja", ()), "csv")  # type: ignore[arg-type]


def _many_offers_catalog() -> str:
    # The audit's shape, made small: one treatment with 2,000 sets (the catalog's limit on
    # entries), each of 2 to 51 sessions at 9,000 a session, against 10,000 in singles.
    offers = "".join(
        f'[[offers]]\nkind = "bundle"\nid = "b{k}"\ntreatment = "a"\n'
        f"sessions = {2 + k % 50}\nprice = {(2 + k % 50) * 9000}\n"
        for k in range(2000)
    )
    head = 'schema_version = 1\n[clinic]\nname = "A"\n'
    return head + '[[treatments]]\nid = "a"\nname = "A"\nprice = 10000\n' + offers


def test_a_comparison_beyond_the_engine_s_bound_is_refused_before_any_quote(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from supecost.errors import RequestError
    from supecost.quotes import SessionRange

    catalog = parse_catalog(_many_offers_catalog(), format="toml")
    request = QuoteRequest(sessions=1, on=date(2026, 4, 1))
    priced: list[int] = []
    monkeypatch.setattr(model_module, "quote", lambda *args, **kw: priced.append(1))
    with pytest.raises(RequestError) as caught:
        comparison(catalog, request, max_sessions=100)
    assert priced == []  # refused before the first of its 100 quotes
    # The engine's one estimate and wording, as for a quote of the range 1〜100.
    with pytest.raises(RequestError) as ranged:
        quote(catalog, QuoteRequest(sessions=SessionRange(min=1, max=100), on=date(2026, 4, 1)))
    assert caught.value.message == ranged.value.message
    assert "over the limit of 5,000,000 (100 session count(s), 2000 offers" in caught.value.message
    assert caught.value.hint.startswith("compare fewer session counts (a smaller max_sessions")


def test_a_comparison_within_the_engine_s_bound_is_priced() -> None:
    # Two sessions: one set of 2 at 18,000 beats 2 x 10,000 in singles.
    catalog = parse_catalog(_many_offers_catalog(), format="toml")
    table = comparison(catalog, QuoteRequest(sessions=1, on=date(2026, 4, 1)), max_sessions=2)
    assert [(row.sessions, row.best, row.best_total.min) for row in table.rows] == [
        (1, "singles", 10_000),
        (2, "bundle:b0", 18_000),
    ]


# ---------------------------------------------------------------------------
# Per-unit discounts: named where the prices they lowered are shown

_UNIT_OFF = """
schema_version = 1

[clinic]
name = "K"

[[treatments]]
id = "iv"
name = "点滴"
name_en = "IV drip"
price = 20000

[[offers]]
kind = "bundle"
id = "iv-5"
treatment = "iv"
sessions = 5
price = 90000
"""


def _unit_off(discount: str) -> Catalog:
    return parse_catalog(_UNIT_OFF + discount, format="toml")


def _estimate_text(catalog: Catalog, sessions: int, fmt: str, locale: str) -> str:
    result = quote(catalog, QuoteRequest(sessions=sessions, on=DAY))
    return render(estimate(result, catalog, issued=DAY), fmt, locale=locale)


def test_an_estimate_names_a_campaign_on_a_treatments_singles_in_each_language() -> None:
    catalog = _unit_off(
        '[[discounts]]\nid = "autumn"\nname = "秋のキャンペーン"\nname_en = "Autumn campaign"\n'
        'percent = 10\ntreatments = ["iv"]\n'
    )
    # 2 singles at 20,000 - 10% = 18,000 each: 36,000, against the set's 90,000.
    md = _estimate_text(catalog, 2, "md", "ja_JP")
    assert "| 点滴 | 2 | 18,000円 | 36,000円 |" in md
    assert "単価に含む割引: 秋のキャンペーン（10%引き）" in md
    english = _estimate_text(catalog, 2, "md", "en_US")
    assert "Unit prices include: Autumn campaign (10% off)" in english
    rows = list(csv.reader(io.StringIO(_estimate_text(catalog, 2, "csv", "ja_JP"))))
    assert ["注記", "単価に含む割引: 秋のキャンペーン（10%引き）", *[""] * 16] in rows
    html = _estimate_text(catalog, 2, "html", "en_US")
    assert '<p class="note">Unit prices include: Autumn campaign (10% off)</p>' in html


def test_a_discount_on_a_sets_offer_is_named_on_the_sets_option_only() -> None:
    from supecost.present import quote_csv, quote_markdown

    catalog = _unit_off(
        '[[discounts]]\nid = "set-off"\nname = "セット割"\nname_en = "Set deal"\n'
        'amount = 9000\noffers = ["iv-5"]\n'
    )
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    # The set at 90,000 - 9,000 = 81,000, against 5 x 20,000 = 100,000 for singles.
    rows = {row[3]: row for row in csv.reader(io.StringIO(quote_csv(result, catalog)))}
    assert rows["bundle:iv-5"][10:] == ["81000", "81000", "81000", "16200", "16200", "16200",
                                        "セット割（9,000円引き）"]  # fmt: skip
    assert rows["singles"][-1] == ""
    assert rows["ID"][-1] == "単価に含む割引"
    assert "Unit prices include: Set deal (¥9,000 off)" in quote_markdown(
        result, catalog, locale="en_US"
    )
    md = _estimate_text(catalog, 5, "md", "ja_JP")
    assert "| 点滴 5回セット | 1 | 81,000円 | 81,000円 |" in md
    assert "単価に含む割引: セット割（9,000円引き）" in md
    # Two sessions buy singles: the set's discount lowered nothing, and nothing is named.
    assert "単価に含む割引" not in _estimate_text(catalog, 2, "md", "ja_JP")
    assert "単価に含む割引" not in _estimate_text(catalog, 2, "csv", "ja_JP")


def test_without_a_per_unit_discount_no_document_names_one() -> None:
    from supecost.present import quote_csv, quote_markdown

    # A whole-bill discount is a line of its own, never "included in unit prices".
    catalog = _unit_off('[[discounts]]\nid = "whole"\nname = "全体割"\namount = 1000\n')
    result = quote(catalog, QuoteRequest(sessions=2, on=DAY))
    sheet = estimate(result, catalog, issued=DAY)
    assert sheet.plan.unit_discounts == ()
    for fmt in ("md", "csv", "html"):
        assert "単価に含む割引" not in render(sheet, fmt, locale="ja_JP")
        assert "Unit prices include" not in render(sheet, fmt, locale="en_US")
    assert "unit_discounts" not in json.loads(render(sheet, "json"))["plan"]
    assert "単価に含む割引" not in quote_markdown(result, catalog)
    *_, row = csv.reader(io.StringIO(quote_csv(result, catalog)))
    assert row[-1] == ""


def test_a_discounts_name_is_escaped_where_it_names_a_unit_price() -> None:
    from supecost.present import quote_markdown

    catalog = _unit_off(
        '[[discounts]]\nid = "x"\nname = "<b>*秋*</b>"\namount = 1000\ntreatments = ["iv"]\n'
    )
    result = quote(catalog, QuoteRequest(sessions=1, on=DAY))
    html = render(estimate(result, catalog, issued=DAY), "html")
    assert "&lt;b&gt;*秋*&lt;/b&gt;（1,000円引き）" in html
    assert "<b>" not in html.split("<body")[1]
    assert "\\*秋\\*" in quote_markdown(result, catalog)


def test_an_amount_off_a_tax_excluded_catalogs_unit_price_is_before_tax() -> None:
    text = _UNIT_OFF.replace('name = "K"', 'name = "K"\nprices_include_tax = false')
    catalog = parse_catalog(
        text + '[[discounts]]\nid = "r"\nname = "リピート割"\namount = 1000\ntreatments = ["iv"]\n',
        format="toml",
    )
    # The line is before tax, 20,000 - 1,000 = 19,000; the note says the 1,000 is too.
    md = _estimate_text(catalog, 1, "md", "ja_JP")
    assert "| 点滴 | 1 | 19,000円 | 19,000円 |" in md
    assert "単価に含む割引: リピート割（税抜1,000円引き）" in md


def test_a_comparison_names_the_per_unit_discounts_of_each_way_that_has_them() -> None:
    catalog = _unit_off(
        '[[discounts]]\nid = "set-off"\nname = "セット割"\nname_en = "Set deal"\n'
        'percent = 10\noffers = ["iv-5"]\n'
    )
    report = comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=5)
    off = {way.label: [d.id for d in way.unit_discounts] for way in report.ways}
    assert off == {"singles": [], "bundle:iv-5": ["set-off"]}
    # At 5 sessions the set is 90,000 - 10% = 81,000 against 100,000 for singles.
    assert report.rows[-1].totals[list(off).index("bundle:iv-5")] == YenRange.exact(81000)
    md = render(report, "md", locale="ja_JP")
    assert "点滴 5回セットの単価に含む割引: セット割（10%引き）" in md
    assert md.count("単価に含む割引") == 1
    english = render(report, "md", locale="en_US")
    assert "IV drip, set of 5: unit prices include Set deal (10% off)" in english


def test_a_comparisons_csv_names_the_per_unit_discounts_of_each_way_at_each_count() -> None:
    catalog = _unit_off(
        '[[discounts]]\nid = "set-off"\nname = "セット割"\nname_en = "Set deal"\n'
        'percent = 10\noffers = ["iv-5"]\n'
    )
    report = comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=3)
    rows = list(csv.reader(io.StringIO(render(report, "csv", locale="ja_JP"))))
    # Singles have no discount and no column; the set's column follows its three totals.
    assert rows[0][5:] == [
        "都度払い（税込・下限）",
        "都度払い（税込・標準）",
        "都度払い（税込・上限）",
        "点滴 5回セット（税込・下限）",
        "点滴 5回セット（税込・標準）",
        "点滴 5回セット（税込・上限）",
        "点滴 5回セット（単価に含む割引）",
    ]
    # Every count buys the one set, 90,000 - 10% = 81,000, its unit price lowered by 10%.
    assert [row[-4:] for row in rows[1:]] == [["81000"] * 3 + ["セット割（10%引き）"]] * 3
    english = list(csv.reader(io.StringIO(render(report, "csv", locale="en_US"))))
    assert english[0][-1] == "IV drip, set of 5 (Discounts in unit prices)"
    assert english[1][-1] == "Set deal (10% off)"
    assert [row["unit_discounts"] for row in json.loads(render(report, "json"))["rows"]] == [
        [[], ["set-off"]]
    ] * 3
    # Without a per-unit discount the CSV and JSON keep the columns and keys they had.
    plain = comparison(_unit_off(""), QuoteRequest(sessions=1, on=DAY), max_sessions=2)
    header = next(csv.reader(io.StringIO(render(plain, "csv"))))
    assert len(header) == 2 + 3 + 3 * 2
    assert all("unit_discounts" not in row for row in json.loads(render(plain, "json"))["rows"])


# ---------------------------------------------------------------------------
# What the documents say: ended offers, first-time wording, ladder names, honorifics

WINDOWS = """schema_version = 2
[clinic]
name = "C"
prices_include_tax = true
tax_rounding = "floor"
[[treatments]]
id = "x"
name = "X"
price = 10000
[[offers]]
kind = "bundle"
id = "x-5"
treatment = "x"
name = "X 5回コース"
sessions = 5
price = 45000
valid_until = 2026-12-31
[[offers]]
kind = "intro"
id = "x-first"
treatment = "x"
name = "X 春の初回"
price = 5000
valid_from = 2027-04-01
[[offers]]
kind = "package"
id = "x-pack"
name = "Xパック"
contents = [{ treatment = "x", sessions = 2 }]
price = 18000
valid_until = 2026-11-30
[[discounts]]
id = "autumn"
name = "秋のキャンペーン"
percent = 10
treatments = ["x"]
valid_until = 2026-11-30
[[discounts]]
id = "always"
name = "いつもの割引"
amount = 500
treatments = ["x"]
"""


def test_an_estimate_is_valid_no_longer_than_its_plans_price() -> None:
    catalog = parse_catalog(WINDOWS, format="toml")
    # 5 sessions on 2026-12-20: the set 45,000 (valid until 2026-12-31) beats 5 x 10,000
    # less 500 each = 47,500; 30 days from issue would be 2027-01-19, past the set's end.
    result = quote(catalog, QuoteRequest(treatment="x", sessions=5, on=date(2026, 12, 20)))
    assert result.best.way == Way.bundle("x-5")
    sheet = estimate(result, catalog, issued=date(2026, 12, 20))
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 12, 31), "campaign")
    # The note names the campaign it ends with: the set's own window.
    assert sheet.valid_until_by is not None
    assert sheet.valid_until_by.ja == "X 5回コース"
    assert "有効期限**: 2026年12月31日まで（X 5回コースの終了日まで）" in render(sheet, "md")
    english = render(sheet, "md", locale="en_US")
    assert "Valid until**: Dec 31, 2026 (the last day of X 5回コース)" in english
    data = json.loads(render(sheet, "json"))
    assert (data["valid_until_end"], data["valid_until_by"]) == ("campaign", "X 5回コース")
    # On 2027-01-05 one session is 10,000 less 500 (a discount with no end): 30 days.
    later = quote(catalog, QuoteRequest(treatment="x", sessions=1, on=date(2027, 1, 5)))
    assert later.best.total == YenRange.exact(9_500)
    sheet = estimate(later, catalog, issued=date(2027, 1, 5))
    assert (sheet.valid_until, sheet.valid_until_end, sheet.valid_until_by) == (
        date(2027, 2, 4),
        None,
        None,
    )
    assert "valid_until_end" not in json.loads(render(sheet, "json"))
    assert "valid_until_by" not in json.loads(render(sheet, "json"))
    # A discount in the unit prices counts too: 1 session on 2026-11-20 is 10,000 less 10%
    # (autumn, until 2026-11-30) and 500 = 8,500; the estimate ends with the autumn campaign.
    single = quote(catalog, QuoteRequest(treatment="x", sessions=1, on=date(2026, 11, 20)))
    assert "autumn" in single.best.unit_discounts
    sheet = estimate(single, catalog, issued=date(2026, 11, 20))
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 11, 30), "campaign")
    assert "2026年11月30日まで（秋のキャンペーンの終了日まで）" in render(sheet, "md")


_PLAN_WINDOWS = """
schema_version = 2
[clinic]
name = "窓クリニック"
prices_include_tax = true
[[treatments]]
id = "nmn"
name = "NMN点滴"
price = 22000
[[offers]]
kind = "subscription"
id = "nmn-m"
treatment = "nmn"
name = "NMN月額プラン"
monthly_fee = 19800
sessions_per_month = 1
min_months = 3
enrollment_fee = 11000
"""
_FIRST_MONTHS = (
    "first_month = { price = 9900, months = 2, new_patients_only = true, valid_until = 2027-01-31 }"
)


@pytest.mark.parametrize(
    ("window", "new_patient", "sessions", "on", "total", "valid_until", "end"),
    [
        # First months 2 x 9,900 until 2027-01-31 for a new patient, on 2027-01-20: 11,000 +
        # 2 x 9,900 + 19,800 = 50,600 < 3 x 22,000 = 66,000; 30 days would be 2027-02-19.
        (
            _FIRST_MONTHS,
            True,
            3,
            "2027-01-20",
            50_600,
            "2027-01-31",
            "first_month",
        ),
        # A returning patient pays the fee from the first month: 6 sessions, 11,000 + 6 x
        # 19,800 = 129,800 < 6 x 22,000 = 132,000; the first-month window is not in the price.
        (
            _FIRST_MONTHS,
            False,
            6,
            "2027-01-20",
            129_800,
            "2027-02-19",
            None,
        ),
        # Enrollment waived until 2027-01-31: 0 + 3 x 19,800 = 59,400 < 66,000 (the waived
        # fee a line at 0).
        (
            "enrollment_campaign = { valid_until = 2027-01-31 }",
            True,
            3,
            "2027-01-20",
            59_400,
            "2027-01-31",
            "enrollment_campaign",
        ),
        # After the campaign the fee is back: 6 sessions 129,800 < 132,000, 30 days from
        # 2027-02-01 = 2027-03-03.
        (
            "enrollment_campaign = { valid_until = 2027-01-31 }",
            True,
            6,
            "2027-02-01",
            129_800,
            "2027-03-03",
            None,
        ),
    ],
)
def test_an_estimate_ends_with_a_plans_first_month_or_enrollment_campaign(
    window: str,
    new_patient: bool,
    sessions: int,
    on: str,
    total: int,
    valid_until: str,
    end: str | None,
) -> None:
    catalog = parse_catalog(_PLAN_WINDOWS + window + "\n", format="toml")
    day = date.fromisoformat(on)
    request = QuoteRequest(
        treatment="nmn", sessions=sessions, months=sessions, new_patient=new_patient, on=day
    )
    result = quote(catalog, request)
    assert result.best.way == Way.subscription("nmn-m")
    assert result.best.total == YenRange.exact(total)
    sheet = estimate(result, catalog, issued=day)
    assert (sheet.valid_until, sheet.valid_until_end) == (date.fromisoformat(valid_until), end)
    # Whose window it is: the plan's (its first months' or its enrollment campaign's).
    assert (None if sheet.valid_until_by is None else sheet.valid_until_by.ja) == (
        None if end is None else "NMN月額プラン"
    )


def test_an_estimate_ends_with_the_campaign_of_the_month_its_plan_is_enrolled_in() -> None:
    # From 31 January, four monthly sessions: a single on 31 January (22,000), the plan
    # enrolled on 28 February (month 2, its last day) while the enrollment is waived
    # (1 to 28 February): 22,000 + 3 x 19,800 = 81,400 < 11,000 + 4 x 19,800 = 90,200.
    # The request's date is outside the campaign, yet the price holds only while the
    # campaign does: valid to 28 February, not 30 days (2 March).
    catalog = parse_catalog(
        _PLAN_WINDOWS
        + "enrollment_campaign = { valid_from = 2027-02-01, valid_until = 2027-02-28 }\n",
        format="toml",
    )
    day = date(2027, 1, 31)
    result = quote(catalog, QuoteRequest(treatment="nmn", sessions=4, months=4, on=day))
    assert result.best.total == YenRange.exact(81_400)
    assert [(p.month, p.amount.min) for p in result.best.payments] == [
        (0, 22_000),
        (1, 19_800),
        (2, 19_800),
        (3, 19_800),
    ]
    sheet = estimate(result, catalog, issued=day)
    assert (sheet.valid_until, sheet.valid_until_end) == (
        date(2027, 2, 28),
        "enrollment_campaign",
    )
    assert "2027年2月28日まで（NMN月額プランの入会金キャンペーン終了日まで）" in render(sheet, "md")
    # The enrollment in February is waived: a line at 0 beside the single and the months,
    # and no payment of its own (the payments above, month by month).
    assert [(line.kind.value, line.quantity, line.amount.min) for line in result.best.lines] == [
        ("single", 1, 22_000),
        ("enrollment", 1, 0),
        ("subscription", 3, 59_400),
    ]


def test_an_estimate_priced_with_a_birth_month_discount_ends_with_the_month() -> None:
    # 5 sessions in April for an April birthday: the set 135,000 less 10% = 121,500, plus
    # the first consultation 3,300 (the welcome discount does not stack with it). The
    # discount holds through April 30, not 30 days.
    request = QuoteRequest(treatment="sup-iv", sessions=5, birth_month=4, on=date(2026, 4, 10))
    result = quote(BIRTH_MONTH, request)
    assert result.best.total == YenRange.exact(121_500 + 3_300)
    sheet = estimate(result, BIRTH_MONTH, issued=date(2026, 4, 10))
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 4, 30), "birth_month")
    assert "有効期限**: 2026年4月30日まで（誕生月特典の期間まで）" in render(sheet, "md")
    # Without the birthday the estimate runs its 30 days: 2026-04-10 + 30 = 2026-05-10.
    other = quote(BIRTH_MONTH, QuoteRequest(treatment="sup-iv", sessions=5, on=date(2026, 4, 10)))
    sheet = estimate(other, BIRTH_MONTH, issued=date(2026, 4, 10))
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 5, 10), None)


def test_an_estimate_with_months_ends_with_the_course_s_first_birth_month() -> None:
    # Four singles over four months from 10 March 2026, born in April: the April visit takes
    # 10% off (30,000 + 3,300, 27,000, 30,000, 30,000 = 120,300), so the price holds until
    # the end of April, the course's birth month (the request's month, March, would end it
    # on 31 March).
    request = QuoteRequest(
        treatment="sup-iv", sessions=4, months=4, birth_month=4, on=date(2026, 3, 10)
    )
    result = quote(BIRTH_MONTH, request)
    singles = next(o for o in result.options if o.label == "singles")
    assert singles.total == YenRange.exact(120_300)
    sheet = estimate(result.model_copy(update={"best": singles}), BIRTH_MONTH, issued=request.on)
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 4, 9), None)
    issued = date(2026, 4, 5)  # its 30 days run past April: the birth month ends it
    sheet = estimate(result.model_copy(update={"best": singles}), BIRTH_MONTH, issued=issued)
    assert (sheet.valid_until, sheet.valid_until_end) == (date(2026, 4, 30), "birth_month")


def test_a_price_list_leaves_out_what_can_no_longer_be_bought() -> None:
    catalog = parse_catalog(WINDOWS, format="toml")
    # On the last day of a window the offer is still on sale (both ends included).
    last = render(price_list(catalog, on=date(2026, 11, 30)), "md")
    assert "秋のキャンペーン" in last
    assert "Xパック" in last
    assert "X 5回コース" in last
    # The day after, the campaign and the package have ended; the course has not.
    later = price_list(catalog, on=date(2026, 12, 15))
    text = render(later, "md")
    assert "秋のキャンペーン" not in text
    assert "Xパック" not in text
    assert "X 5回コース" in text
    assert "いつもの割引" in text
    assert [d.id for d in later.discounts] == ["always"]
    assert later.packages == ()
    # In March the course has ended too; the spring intro, not on sale yet, is listed
    # with the day it starts.
    march = price_list(catalog, on=date(2027, 3, 1))
    assert march.treatments[0].bundles == ()
    for kind in FORMATS:
        assert "X 5回コース" not in render(march, kind)  # type: ignore[arg-type]
    text = render(march, "md")
    assert "X 春の初回" in text
    assert "2027年4月1日から" in text
    assert "from Apr 1, 2027" in render(march, "md", locale="en_US")


def test_one_sales_window_decides_the_price_list_and_the_engine() -> None:
    # The catalog's one window rule (on_sale / ended_by) is asked by both: what the
    # price list still shows is exactly what the engine still sells and takes off.
    until = {"valid_until": "2026-11-30"}
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "C", "prices_include_tax": True, "tax_rounding": "floor"},
            "treatments": [{"id": "x", "name": "X", "price": 10_000}],
            "offers": [
                {"kind": "bundle", "id": "x-2", "treatment": "x", "sessions": 2, "price": 19_000}
                | {"name": "X 2回コース"}
                | until
            ],
            "discounts": [
                {"id": "autumn", "name": "秋", "percent": 10, "treatments": ["x"]} | until
            ],
        }
    )
    last, after = date(2026, 11, 30), date(2026, 12, 1)
    listed = price_list(catalog, on=last)
    assert [d.id for d in listed.discounts] == ["autumn"]
    assert [b.id for b in listed.treatments[0].bundles] == ["x-2"]
    # Two singles at 10,000 less 10% each: 2 x 9,000 = 18,000, below the set's 19,000.
    assert best_total(catalog, QuoteRequest(sessions=2, on=last)) == 18_000
    ended = price_list(catalog, on=after)
    assert ended.discounts == ()
    assert ended.treatments[0].bundles == ()
    # The day after, neither the set nor the discount: 2 x 10,000.
    assert best_total(catalog, QuoteRequest(sessions=2, on=after)) == 20_000


def test_a_first_time_price_says_whom_it_is_for() -> None:
    # for = "first_time": anyone who never had the treatment, returning patients included;
    # the default: new patients only. Three sessions are counted, one is "the first".
    catalog = parse_catalog(
        WINDOWS.replace('name = "X 春の初回"', 'name = "X 春の初回"\nfor = "first_time"')
        + '[[offers]]\nkind = "intro"\nid = "x-new"\ntreatment = "x"\nprice = 6000\n'
        "sessions = 3\nvalid_from = 2027-06-01\n",
        format="toml",
    )
    prices = price_list(catalog, on=date(2027, 3, 1))
    assert [i.first_time for i in prices.treatments[0].intros] == [True, False]
    text = render(prices, "md")
    assert "| この施術が初めての方の最初の1回、2027年4月1日から |" in text
    assert "| 当院が初めての方の最初の3回、2027年6月1日から |" in text
    english = render(prices, "md", locale="en_US")
    assert "first session, for anyone new to this treatment, from Apr 1, 2027" in english
    assert "first 3 sessions, new patients only" in english
    assert "session(s)" not in english
    # JSON says it only where it is true, so a schema-1 report reads as before.
    intros = json.loads(render(prices, "json"))["treatments"][0]["intros"]
    assert [intro.get("first_time") for intro in intros] == [True, None]


PLAN_CAMPAIGN = """schema_version = 2
[clinic]
name = "C"
[[treatments]]
id = "nmn"
name = "NMN点滴"
price = 33000
[[offers]]
kind = "subscription"
id = "nmn-m"
treatment = "nmn"
name = "NMN月額プラン"
monthly_fee = 27500
sessions_per_month = 1
min_months = 3
enrollment_fee = 11000
enrollment_campaign = { valid_from = 2026-12-01, valid_until = 2026-12-31 }
"""


def test_an_enrollment_campaign_is_listed_with_its_window_until_it_ends() -> None:
    catalog = parse_catalog(PLAN_CAMPAIGN, format="toml")
    # In the window: the minimum term costs 3 x 27,500 = 82,500 (no enrollment fee).
    during = price_list(catalog, on=date(2026, 12, 15))
    (plan,) = during.treatments[0].subscriptions
    assert plan.min_term_cost == YenRange.exact(82_500)
    text = render(during, "md")
    assert "- **入会金**: 11,000円（税込）" in text
    assert "- **入会金キャンペーン**: 無料、2026年12月1日から2026年12月31日まで" in text
    english = render(during, "md", locale="en_US")
    assert "- **Enrollment fee campaign**: free, from Dec 1, 2026 until Dec 31, 2026" in english
    # Before it starts: listed with its window, the minimum term at the regular fee,
    # 11,000 + 82,500 = 93,500.
    before = price_list(catalog, on=date(2026, 11, 1))
    assert before.treatments[0].subscriptions[0].min_term_cost == YenRange.exact(93_500)
    assert "入会金キャンペーン" in render(before, "md")
    # After it ends: gone from the list, from its JSON too.
    after = price_list(catalog, on=date(2027, 1, 1))
    assert "入会金キャンペーン" not in render(after, "md")
    plans = json.loads(render(after, "json"))["treatments"][0]["subscriptions"]
    assert "enrollment_campaign" not in plans[0]
    # Half price: the campaign's own price, shown as a price.
    half = parse_catalog(
        PLAN_CAMPAIGN.replace("enrollment_campaign = {", "enrollment_campaign = { price = 5500,"),
        format="toml",
    )
    assert "- **入会金キャンペーン**: 5,500円（税込）、" in render(
        price_list(half, on=date(2026, 12, 15)), "md"
    )
    # The estimate of a plan bought in the window shows the waived fee as the menu does
    # (入会金無料): an enrollment line at 0 beside the months, 0 + 3 x 27,500 = 82,500, the
    # total as before; no payment is due for it (month 0 pays the first month, 27,500).
    result = quote(catalog, QuoteRequest(sessions=3, months=3, on=date(2026, 12, 15)))
    assert result.best.total == YenRange.exact(82_500)
    assert [(line.kind, line.amount.min) for line in result.best.lines] == [
        ("enrollment", 0),
        ("subscription", 82_500),
    ]
    assert [p.amount.min for p in result.best.payments] == [27_500] * 3
    sheet = estimate(result, catalog, issued=date(2026, 12, 15))
    text = render(sheet, "md")
    assert "（入会金・キャンペーン価格） | 1 | 0円 | 0円 |" in text
    assert "2026年12月31日まで（NMN月額プランの入会金キャンペーン終了日まで）" in text
    assert "(enrollment fee, campaign price) | 1 | ¥0 | ¥0 |" in render(sheet, "md", locale="en_US")
    # Without months too (the plan enrolled on the request's date): the same line at 0.
    bare = quote(catalog, QuoteRequest(sessions=3, on=date(2026, 12, 15)))
    assert [(line.kind, line.amount.min) for line in bare.best.lines] == [
        ("enrollment", 0),
        ("subscription", 82_500),
    ]
    # After the campaign the fee is a line of its own, 11,000 + 82,500 = 93,500; a plan
    # without an enrollment fee has no enrollment line at all.
    later = quote(catalog, QuoteRequest(sessions=3, months=3, on=date(2027, 1, 15)))
    assert [(line.kind, line.amount.min) for line in later.best.lines] == [
        ("enrollment", 11_000),
        ("subscription", 82_500),
    ]
    january = quote(catalog, QuoteRequest(sessions=3, on=date(2027, 1, 15)))
    assert [(line.kind, line.amount.min) for line in january.best.lines] == [
        ("enrollment", 11_000),
        ("subscription", 82_500),
    ]
    unpaid = parse_catalog(PLAN_CAMPAIGN.replace("enrollment_fee = 11000\n", ""), format="toml")
    free = quote(unpaid, QuoteRequest(sessions=3, months=3, on=date(2027, 1, 15)))
    assert [line.kind for line in free.best.lines] == ["subscription"]


FIRST_MONTH = Path(__file__).parent / "data" / "first-month.toml"


def test_a_first_month_price_is_on_the_price_list_its_csv_and_the_estimate() -> None:
    catalog = load_catalog(FIRST_MONTH)
    prices = price_list(catalog, on=date(2026, 12, 1))
    text = render(prices, "md")
    assert "- **初月割引**: 初月 13,750円（税込）" in text
    assert "- **初月割引**: 初月無料、当院が初めての方のみ" in text
    english = render(prices, "md", locale="en_US")
    assert "- **First-month offer**: first month free, new patients only" in english
    # The minimum term as a patient's first enrollment costs it, as a contract for it
    # states (s31 transcription audit F4): 13,750 + 2 x 27,500 = 68,750; a first month free
    # for new patients only is left to its own line, as not every patient gets it.
    assert prices.treatments[0].subscriptions[0].min_term_cost == YenRange.exact(68_750)
    # Vitamin C's first month is free for new patients only: 2 x 22,000 + 5,500 = 49,500.
    assert prices.treatments[1].subscriptions[0].min_term_cost == YenRange.exact(49_500)
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    (half,) = [row for row in rows if row[0] == "月額プラン初月" and row[1] == "NMN点滴"]
    assert half[3:5] == ["1", "13750"]
    assert half[-1] == "初月 13,750円（税込）"
    # The estimate: 13,750 + 2 x 27,500 = 68,750, the cheap month on a line of its own.
    result = quote(catalog, QuoteRequest(treatment="nmn", sessions=3, months=3, on=DAY))
    estimated = render(estimate(result, catalog, issued=DAY), "md")
    assert "| NMN月額プラン（初月） | 1 | 13,750円 | 13,750円 |" in estimated
    assert "68,750円" in estimated
    # Once its window ends, it is gone from the list and its JSON.
    ended = catalog.model_copy(
        update={
            "offers": tuple(
                o.model_copy(
                    update={
                        "first_month": o.first_month.model_copy(
                            update={"valid_until": date(2026, 11, 30)}
                        )
                    }
                )
                if o.first_month is not None
                else o
                for o in catalog.offers
            )
        }
    )
    gone = price_list(ended, on=date(2026, 12, 1))
    assert "初月割引" not in render(gone, "md")
    plans = json.loads(render(gone, "json"))["treatments"][0]["subscriptions"]
    assert "first_month" not in plans[0]


def test_a_plan_that_carries_over_says_so_on_the_price_list_and_its_csv() -> None:
    # s34 audit F10: 「未消化分は翌月まで繰越可」 beside the allowance, in every format.
    plan = (
        'schema_version = 2\n[clinic]\nname = "C"\n'
        '[[treatments]]\nid = "nmn"\nname = "NMN点滴"\nprice = 33000\n'
        '[[offers]]\nkind = "subscription"\nid = "nmn-m2"\ntreatment = "nmn"\n'
        'name = "NMN月2回プラン"\nmonthly_fee = 55000\nsessions_per_month = 2\n'
    )
    carried = price_list(parse_catalog(plan + "carry_over = true\n", format="toml"), on=DAY)
    assert "- **1か月の回数**: 2回（未消化分は翌月まで繰越可）" in render(carried, "md")
    english = render(carried, "md", locale="en_US")
    assert "- **Sessions a month**: 2 sessions (unused sessions carry over to the next month)" in (
        english
    )
    rows = list(csv.reader(io.StringIO(render(carried, "csv"))))
    (row,) = [row for row in rows if row[0] == "月額プラン"]
    assert "未消化分は翌月まで繰越可" in row
    assert json.loads(render(carried, "json"))["treatments"][0]["subscriptions"][0]["carry_over"]
    # A plan whose sessions lapse says nothing of it, and its JSON has no carry_over.
    lapsing = price_list(parse_catalog(plan, format="toml"), on=DAY)
    assert "繰越" not in render(lapsing, "md")
    assert "繰越" not in render(lapsing, "csv")
    assert (
        "carry_over" not in json.loads(render(lapsing, "json"))["treatments"][0]["subscriptions"][0]
    )


def _x_trial(price: int, extra: str = "") -> Catalog:
    """WINDOWS with a first-time set of three sessions of x sold whole."""
    return parse_catalog(
        WINDOWS
        + '[[offers]]\nkind = "intro"\nid = "x-trial"\ntreatment = "x"\nname = "X 初回3回"\n'
        f"price = {price}\nsessions = 3\nsold_whole = true\n{extra}",
        format="toml",
    )


def test_a_first_time_set_sold_whole_reads_as_one_price_for_all_its_sessions() -> None:
    # 初回限定3回コース 25,000円 for the three sessions together, against 10,000 each.
    catalog = _x_trial(25000)
    prices = price_list(catalog, on=date(2027, 3, 1))
    assert [i.whole for i in prices.treatments[0].intros] == [False, True]
    text = render(prices, "md")
    assert (
        "| X 初回3回 | 25,000円（税込） | 当院が初めての方の最初の3回分をまとめて（分割不可） |"
        in (text)
    )
    english = render(prices, "md", locale="en_US")
    assert "first 3 sessions as one set, new patients only" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv").removeprefix(BOM))))
    assert [row[:5] for row in rows if row[2] == "X 初回3回"] == [
        ["初回限定セット", "X", "X 初回3回", "3", "25000"]
    ]
    intros = json.loads(render(prices, "json"))["treatments"][0]["intros"]
    assert [intro.get("whole") for intro in intros] == [None, True]
    # The estimate of three sessions: one line of one set (25,000), not 3 x 8,333.
    result = quote(catalog, QuoteRequest(sessions=3, on=date(2027, 3, 1)))
    sheet = render(estimate(result, catalog, issued=date(2027, 3, 1)), "md")
    assert "| X 初回3回 | 1 | 25,000円 | 25,000円 |" in sheet


def test_a_first_time_set_with_an_expiry_says_it_in_its_conditions() -> None:
    # Menu B: 「2cc 3回コース：初めての方 79,200円（有効期間6か月）」.
    catalog = _x_trial(79200, "valid_months = 6\n")
    prices = price_list(catalog, on=date(2027, 3, 1))
    assert [i.valid_months for i in prices.treatments[0].intros] == [None, 6]
    assert (
        "| X 初回3回 | 79,200円（税込） | 当院が初めての方の最初の3回分をまとめて（分割不可）、"
        "有効期間6か月 |" in render(prices, "md")
    )
    english = render(prices, "md", locale="en_US")
    assert "first 3 sessions as one set, new patients only, valid for 6 months" in english
    intros = json.loads(render(prices, "json"))["treatments"][0]["intros"]
    assert [intro.get("valid_months") for intro in intros] == [None, 6]


@pytest.mark.parametrize(
    ("given", "japanese", "english"),
    [
        ("佐藤", "佐藤 様", "To: 佐藤"),
        ("佐藤 様", "佐藤 様", "佐藤 様"),
        ("佐藤様", "佐藤様", "佐藤様"),
        ("佐藤\u3000様", "佐藤\u3000様", "佐藤\u3000様"),
        ("佐藤 殿", "佐藤 殿", "佐藤 殿"),
        ("株式会社サンプル 御中", "株式会社サンプル 御中", "株式会社サンプル 御中"),
        ("Dear Ms Sato", "Dear Ms Sato", "Dear Ms Sato"),
        ("to: Mr Sato", "to: Mr Sato", "to: Mr Sato"),
        # A name that only starts like a salutation is a name.
        ("Tomoko Sato", "Tomoko Sato 様", "To: Tomoko Sato"),
        ("Dearing", "Dearing 様", "To: Dearing"),
    ],
)
def test_an_addressee_with_its_own_honorific_gets_no_second(
    given: str, japanese: str, english: str
) -> None:
    document = _busy_estimate(0, to=given)
    assert f'<p class="addressee">{japanese}</p>' in render(document, "html")
    rows = list(csv.reader(io.StringIO(render(document, "csv"), newline="")))
    assert rows[1][:2] == ["宛名", japanese]
    # Markdown writes an ideographic space as a space, as it does any catalog text.
    markdown = render(document, "md", locale="en_US")
    assert f"\n{english.replace(chr(0x3000), ' ')}\n" in markdown


def test_price_list_and_comparison_words_read_naturally() -> None:
    catalog = parse_catalog(
        WINDOWS
        + """[[treatments]]
id = "amp"
name = "プラセンタ"
price = 1500
dose_unit = "A"
max_units = 5
[[offers]]
kind = "subscription"
id = "amp-monthly"
treatment = "amp"
monthly_fee = 8000
sessions_per_month = 4
""",
        format="toml",
    )
    prices = price_list(catalog, on=date(2026, 11, 30))
    text = render(prices, "md")
    # The label says "a visit" once; the value is the count.
    assert "- **1回の来院での数量**: 5Aまで\n" in text
    # No enrollment fee is none, not a price of 0 yen.
    assert "- **入会金**: なし\n" in text
    assert "入会金**: 0円" not in text
    assert "- **Enrollment fee**: none\n" in render(prices, "md", locale="en_US")
    # The discounts' column holds amounts and rates off, and is headed so.
    assert "| 項目 | 割引額・割引率 | 対象 | 条件 |" in text
    assert "| 10%引き |" in text
    assert "| Item | Discount | Applies to | Conditions |" in render(prices, "md", locale="en_US")
    # A treatment without a set or plan has no break-even point: a sentence says why.
    alone = _toml('[[treatments]]\nid = "z"\nname = "Z"\nprice = 1000\n')
    table = comparison(alone, QuoteRequest(sessions=3, on=DAY), max_sessions=3)
    assert table.break_even == ()
    english = render(table, "md", locale="en_US")
    assert "so there is no break-even point." in english
    assert "\nnone\n" not in english
    assert "損益分岐点はありません。" in render(table, "md")


_WRAP_PROBE = """<script>
const found = [];
const lines = (cell) => {
  const range = document.createRange();
  range.selectNodeContents(cell);
  return new Set([...range.getClientRects()].map((r) => Math.round(r.bottom))).size;
};
for (const part of document.querySelectorAll("td.num span")) {
  if (lines(part) > 1) found.push("amount " + part.textContent);
}
for (const head of document.querySelectorAll("th")) {
  // A header may wrap between its words, never inside one: no line narrower than a word.
  const range = document.createRange();
  range.selectNodeContents(head);
  const widths = [...range.getClientRects()].map((r) => r.width);
  const word = Math.min(...head.textContent.split(/\\s+/).filter(Boolean).map((w) => w.length));
  if (lines(head) > 1 && widths.some((w) => w < 14 && word > 1)) {
    found.push("header " + head.textContent);
  }
}
document.title = "wrapped=" + JSON.stringify(found);
</script>"""


def _wrapped_cells(
    tab: Any, folder: Path, report: object, locale: str, width: int, *, printed: bool
) -> list[str]:
    """The amounts and counts laid out on more than one line, and headers broken inside a word,
    of a report's HTML in a window ``width`` px wide (with the print styles, as a PDF is)."""
    page = render(report, "html", locale=locale)  # type: ignore[arg-type]
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    if printed:
        page = page.replace("@media print {", "@media all {")
    page = page.replace("</body>", _WRAP_PROBE + "</body>")
    title = _laid_out(tab, folder, page, width)
    found = re.fullmatch(r"wrapped=(.*)", title, re.DOTALL)
    assert found, title[:500]
    return list(json.loads(found.group(1)))


@needs_chromium
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    ("width", "printed"),
    [(680, True), (1000, False), (680, False)],
)
def test_amounts_and_counts_never_wrap(
    v2_reports: dict[str, object],
    reports: dict[str, dict[str, object]],
    locale: str,
    width: int,
    printed: bool,
    tab: Any,
    tmp_path: Path,
) -> None:
    # A4 less 15 mm margins is 680 CSS px, and the print styles apply to a PDF; 1000 px is a
    # desktop window. No amount or count breaks across lines, and no header letter by letter.
    for report in (
        v2_reports["price-list"],
        reports["rich"]["price-list"],
        reports["rich"]["compare"],
    ):
        assert _wrapped_cells(tab, tmp_path, report, locale, width, printed=printed) == []


FIRST_N = load_catalog(Path(__file__).parent / "data" / "first-n.toml")
"""A set for the first 10 patients, a regular set, and a discount for the first patient."""


def test_the_price_list_says_an_offer_or_discount_is_for_the_first_patients_only() -> None:
    prices = price_list(FIRST_N, on=DAY)
    japanese = render(prices, "md")
    assert (
        "| 開院記念5回セット | 5回 | 100,000円（税込） | 20,000円 | 50,000円お得 | 記載なし "
        "| 先着10名様 |" in japanese
    )
    assert "| 開院記念3,000円引き | 3,000円引き | お会計全体 | 先着1名様 |" in japanese, (
        "the only discount: nothing it does not combine with"
    )
    english = render(price_list(FIRST_N, on=DAY, locale="en_US"), "md", locale="en_US")
    assert "| not stated | first 10 patients |" in english
    assert "| first patient only |" in english
    # The regular set is not limited: its cell is empty, and its JSON has no first_n.
    data = json.loads(render(prices, "json"))
    bundles = data["treatments"][0]["bundles"]
    assert [b.get("first_n") for b in bundles] == [10, None]
    assert "first_n" not in bundles[1]
    assert data["discounts"][0]["first_n"] == 1
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    on_sale = rows[0].index(Words("ja_JP")("on_sale"))
    assert [row[on_sale] for row in rows if "セット" in row[2]] == ["先着10名様", ""]
    # The discount's limit is among its conditions, in the last column.
    (discount,) = [row for row in rows if row[0] == Words("ja_JP")("csv_discount")]
    assert "先着1名様" in discount[-1]


def test_a_name_that_prints_its_conditions_is_shown_once_as_the_menu_prints_it() -> None:
    # A menu prints the conditions in the item's name (s31 transcription audit F3): the
    # documents add a condition only where the name does not say it already.
    body = """
schema_version = 2
[clinic]
name = "T"
[[treatments]]
id = "nmn"
name = "NMN"
price = 22000
[[offers]]
kind = "bundle"
id = "camp"
treatment = "nmn"
name = "NMN 5回券 キャンペーン（先着20名様・お一人様1セット限り）"
sessions = 5
price = 88000
first_n = 20
per_patient = 1
"""
    catalog = parse_catalog(body, format="toml")
    result = quote(catalog, QuoteRequest(treatment="nmn", sessions=5, on=DAY))
    page = render(estimate(result, catalog, issued=DAY), "md")
    assert "NMN 5回券 キャンペーン（先着20名様・お一人様1セット限り）" in page
    assert "お一人様1セット限り・先着20名様" not in page
    assert page.count("先着20名様") == page.count("NMN 5回券 キャンペーン（先着20名様")


def test_an_estimate_names_a_limited_offer_and_discount_as_limited() -> None:
    result = quote(FIRST_N, QuoteRequest(sessions=5, on=DAY))
    document = estimate(result, FIRST_N, issued=DAY)
    # 100,000 for the opening set, 3,000 off for the first patient: 97,000.
    assert document.plan.total == YenRange.exact(97_000)
    text = render(document, "md")
    assert "| 開院記念5回セット（先着10名様） | 1 | 100,000円 | 100,000円 |" in text
    assert "| 開院記念3,000円引き（先着1名様） | 1 | -3,000円 | -3,000円 |" in text
    assert "開院記念5回セット（先着10名様）,1,100000" in render(document, "csv")
    english = render(estimate(result, FIRST_N, issued=DAY, locale="en_US"), "md", locale="en_US")
    assert "| Opening set of 5 (first 10 patients) |" in english
    assert "| Opening ¥3,000 off (first patient only) |" in english
    # Sold out, the regular set is the plan, and nothing on it is limited.
    gone = QuoteRequest(sessions=5, on=DAY, sold_out=("open-5", "open-off"))
    sold = estimate(quote(FIRST_N, gone), FIRST_N, issued=DAY)
    assert sold.plan.total == YenRange.exact(135_000)
    text = render(sold, "md")
    assert "- **受付終了（先着順）**: 開院記念5回セット、開院記念3,000円引き\n" in text
    assert text.count("先着") == 1, "only where the request's facts say the places are gone"


BIRTH_MONTH_TOML = (Path(__file__).parent / "data" / "birth-month.toml").read_text(encoding="utf-8")
BIRTH_MONTH = parse_catalog(BIRTH_MONTH_TOML, format="toml")
"""10% off each single and set in the birth month, and 2,000 off a new patient's bill."""


def test_the_price_list_says_a_discount_is_for_the_birth_month() -> None:
    prices = price_list(BIRTH_MONTH, on=DAY)
    japanese = render(prices, "md")
    assert "| 誕生月特典 | 10%引き | " in japanese
    # Each names the other non-stacking discount it does not combine with (F2).
    assert "| 誕生月の方、ご新規様2,000円引きとは併用不可 |" in japanese
    # The other says nothing of the birth month.
    assert "| 当院が初めての方のみ、誕生月特典とは併用不可 |" in japanese
    english = render(price_list(BIRTH_MONTH, on=DAY, locale="en_US"), "md", locale="en_US")
    assert "| in your birth month, does not combine with Welcome ¥2,000 off |" in english
    # The JSON's entry says so; the other discount's leaves the field out, as ever.
    data = json.loads(render(prices, "json"))
    assert [d.get("birth_month_only") for d in data["discounts"]] == [True, None]


def test_an_estimate_says_a_birth_month_discount_s_condition() -> None:
    # Born in April, bought on 1 April: the set of 5 less 10%, 121,500, + 3,300 = 124,800.
    result = quote(BIRTH_MONTH, QuoteRequest(sessions=5, on=DAY, birth_month=4))
    document = estimate(result, BIRTH_MONTH, issued=DAY)
    assert document.plan.total == YenRange.exact(124_800)
    text = render(document, "md")
    assert "単価に含む割引: 誕生月特典（10%引き・誕生月の方）" in text
    assert "注記,単価に含む割引: 誕生月特典（10%引き・誕生月の方）" in render(document, "csv")
    english = render(
        estimate(result, BIRTH_MONTH, issued=DAY, locale="en_US"), "md", locale="en_US"
    )
    assert "Birthday treat (10% off; in your birth month)" in english
    # Born in May, nothing of it: the set less the welcome discount, 135,000 - 2,000 + 3,300.
    may_request = QuoteRequest(sessions=5, on=DAY, birth_month=5)
    may = estimate(quote(BIRTH_MONTH, may_request), BIRTH_MONTH, issued=DAY)
    assert may.plan.total == YenRange.exact(136_300)
    # The discount is not named; the month asked for is, as the request's fact (finding 3).
    assert "誕生月特典" not in render(may, "md")
    assert "- **誕生月**: 5月\n" in render(may, "md")
    # The comparison names it beside each way whose unit prices include it.
    april = QuoteRequest(sessions=3, on=DAY, birth_month=4)
    compared = render(comparison(BIRTH_MONTH, april, max_sessions=5), "md")
    # Five singles of a new patient: 5 x 27,000 + 3,300 = 138,300; the set 121,500 + 3,300.
    assert "| 5回 | 138,300円 | 124,800円 | 幹細胞培養上清液点滴 5回セット |" in compared
    assert "都度払いの単価に含む割引: 誕生月特典（10%引き・誕生月の方）" in compared


def test_a_whole_bill_birth_month_discount_says_its_condition_on_its_line() -> None:
    whole = parse_catalog(
        BIRTH_MONTH_TOML.replace('treatments = ["sup-iv"]\noffers = ["sup-iv-5"]\n', ""),
        format="toml",
    )
    # Three singles of a returning patient: 90,000, less 10% off the bill, 9,000: 81,000.
    request = QuoteRequest(sessions=3, on=DAY, birth_month=4, new_patient=False)
    result = quote(whole, request)
    assert result.best.total == YenRange.exact(81_000)
    document = estimate(result, whole, issued=DAY)
    text = render(document, "md")
    assert "| 誕生月特典（誕生月の方） | 1 | -9,000円 | -9,000円 |" in text
    assert "明細,誕生月特典（誕生月の方）,1,-9000" in render(document, "csv")
    data = json.loads(render(document, "json"))
    lines = data["plan"]["lines"]
    assert [line.get("birth_month_only") for line in lines] == [None, True]
    english = render(estimate(result, whole, issued=DAY, locale="en_US"), "md", locale="en_US")
    assert "| Birthday treat (in your birth month) | 1 |" in english


@pytest.mark.parametrize(
    ("locale", "joined"),
    [
        ("ja_JP", ["A", "A・B", "A・B・C"]),
        # CLDR's list pattern: a repeated joiner read "A or B or C".
        ("en_US", ["A", "A or B", "A, B, or C"]),
    ],
)
def test_names_of_which_one_applies_are_joined_as_a_list(locale: str, joined: list[str]) -> None:
    words = Words(locale)
    names = ["A", "B", "C"]
    assert [words.listed(names[:n], "excludes_join") for n in (1, 2, 3)] == joined
    fees = [words.listed(names[:n], "fee_one_of_joiner") for n in (1, 2, 3)]
    assert fees == ([name.replace("・", "／") for name in joined] if words.japanese else joined)


def test_a_discount_that_combines_with_none_of_three_names_them_as_a_list() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "A"},
            "treatments": [{"id": "x", "name": "X", "name_en": "X", "price": 10_000}],
            "discounts": [
                {"id": f"d{n}", "name": f"割{n}", "name_en": f"D{n}", "amount": 100 * n}
                for n in (1, 2, 3, 4)
            ],
        }
    )
    prices = price_list(catalog, on=DAY)
    # Four discounts that do not stack: each names the other three.
    assert "| 割1 | 100円引き | お会計全体 | 割2・割3・割4とは併用不可 |" in render(prices, "md")
    english = render(prices, "md", locale="en_US")
    assert "| D1 | ¥100 off | the whole bill | does not combine with D2, D3, or D4 |" in english


GROUPS = load_catalog(Path(__file__).parent / "data" / "group-discounts.toml")
"""10% off for members (joinable for 11,000), 5,000 off a referred new patient's bill."""


def test_the_price_list_says_whom_a_group_discount_is_for() -> None:
    prices = price_list(GROUPS, on=DAY)
    japanese = render(prices, "md")
    assert "| 会員様は施術料金10%OFF | 10%引き | 上清液点滴の単回 | 会員様限定、" in japanese
    assert (
        "| 当院が初めての方のみ、ご紹介の方限定、会員様は施術料金10%OFFとは併用不可 |" in japanese
    )
    english = render(price_list(GROUPS, on=DAY, locale="en_US"), "md", locale="en_US")
    assert "| new patients only, referred patients only, does not combine" in english
    data = json.loads(render(prices, "json"))
    assert [d.get("segments") for d in data["discounts"]] == [["member"], ["referred"]]


def test_an_estimate_says_a_group_discount_s_condition() -> None:
    # Referred and new: 2 x 33,000 - 5,000 = 61,000, the discount's line says whom it is for.
    referred = QuoteRequest(sessions=2, on=DAY, segment="referred")
    document = estimate(quote(GROUPS, referred), GROUPS, issued=DAY)
    assert document.plan.total == YenRange.exact(61_000)
    text = render(document, "md")
    assert "| ご紹介の方 初回5,000円引き（ご紹介の方限定） | 1 | -5,000円 | -5,000円 |" in text
    # CSV quotes the name: it holds a comma.
    assert '明細,"ご紹介の方 初回5,000円引き（ご紹介の方限定）",1,-5000' in render(document, "csv")
    # Joining pays for 5 sessions: 5 x 29,700 + 11,000 = 159,500 < 165,000; the unit price
    # names the members' discount with its condition.
    joined = estimate(quote(GROUPS, QuoteRequest(sessions=5, on=DAY)), GROUPS, issued=DAY)
    assert joined.plan.total == YenRange.exact(159_500)
    assert "単価に含む割引: 会員様は施術料金10%OFF（10%引き・会員様限定）" in render(joined, "md")
    english = render(
        estimate(quote(GROUPS, referred), GROUPS, issued=DAY, locale="en_US"), "md", locale="en_US"
    )
    assert "| Referral ¥5,000 off (referred patients only) | 1 |" in english


def test_every_document_names_a_limited_way_as_limited() -> None:
    from supecost.present import option_name

    # 3 sessions, 3,000 off each (the first patient's discount): singles 3 x 30,000 - 3,000 =
    # 87,000; the opening set 100,000 - 3,000 = 97,000; the regular set 135,000 - 3,000.
    result = quote(FIRST_N, QuoteRequest(sessions=3, on=DAY))
    assert [(o.label, o.total.min) for o in result.options] == [
        ("singles", 87_000),
        ("bundle:open-5", 97_000),
        ("bundle:regular-5", 132_000),
    ]
    limited = "開院記念5回セット（先着10名様）"
    # The quote's name (present) and the reports' (way_name) are one.
    assert option_name(Way.bundle("open-5"), FIRST_N) == limited
    assert option_name(Way.bundle("regular-5"), FIRST_N) == "幹細胞培養上清液点滴 5回セット"
    # Joining first, the places are said last, in the same aside.
    joined = way_name(FIRST_N, Way.bundle("open-5").joining("member"))
    # The catalog prices no member: joining is for its discounts (review34a R6).
    assert Words("ja_JP").text(joined) == (
        "開院記念5回セット（会員登録して会員様の割引で・先着10名様）"
    )
    assert Words("en_US").text(joined) == (
        "Opening set of 5, joining as member for the members' discounts (first 10 patients)"
    )
    text = render(estimate(result, FIRST_N, issued=DAY), "md")
    # ほかのプラン: the opening set of 5 for 3 sessions leaves 5 - 3 = 2 unused, as the quote says.
    assert f"| {limited}（未使用2回） | 97,000円 | 10,000円高い |" in text
    five_quote = quote(FIRST_N, QuoteRequest(sessions=5, on=DAY))
    five = render(estimate(five_quote, FIRST_N, issued=DAY), "md")
    assert f"## お見積りのプラン（最安）: {limited}" in five
    table = comparison(FIRST_N, QuoteRequest(sessions=3, on=DAY), max_sessions=5)
    compared = render(table, "md")
    assert f"| 都度払い | {limited} | 幹細胞培養上清液点滴 5回セット | 最安 |" in compared
    # 4 sessions: 120,000 - 3,000 = 117,000 singles against 97,000 for the opening set.
    assert f"- **{limited}**: 標準の価格で、4回以上で都度払いより安くなります" in compared
    english = render(table, "md", locale="en_US")
    assert "| Opening set of 5 (first 10 patients) |" in english


# ---------------------------------------------------------------------------
# Joining a segment for a fee

CLUB: dict[str, Any] = {
    "schema_version": 2,
    "clinic": {"name": "A", "segments": ["member", "gold"]},
    "treatments": [
        {
            "id": "drip",
            "name": "点滴",
            "price": 30_000,
            "segment_prices": {"member": 24_000, "gold": 20_000},
        }
    ],
    "fees": [
        {"id": "join", "name": "入会金", "price": 11_000, "charged": "once", "joins": "member"},
        {
            "id": "gold-fee",
            "name": "ゴールド年会費",
            "price": 33_000,
            "charged": "once",
            "joins": "gold",
        },
    ],
}


def test_a_way_joining_a_segment_is_named_from_each_locales_messages() -> None:
    catalog = validate_catalog(CLUB)
    words_ja, words_en = Words("ja_JP"), Words("en_US")
    member = way_name(catalog, Way.singles().joining("member"))
    assert words_ja.text(member) == "都度払い（会員登録して会員価格で）"
    assert words_en.text(member) == "Single sessions, joining as member"
    # A segment without words of its own is named by its id.
    gold = way_name(catalog, Way.singles().joining("gold"))
    assert words_ja.text(gold) == "都度払い（「gold」に登録してgold価格で）"
    assert words_en.text(gold) == "Single sessions, joining gold"


def test_joining_vip_has_words_of_its_own_in_each_locale() -> None:
    club = {
        "schema_version": 2,
        "clinic": {"name": "A", "segments": ["vip"]},
        "treatments": [
            {"id": "drip", "name": "点滴", "price": 30_000, "segment_prices": {"vip": 20_000}}
        ],
        "fees": [
            {
                "id": "vip-fee",
                "name": "VIP登録料",
                "price": 5_000,
                "charged": "once",
                "joins": "vip",
            }
        ],
    }
    catalog = validate_catalog(club)
    vip = way_name(catalog, Way.singles().joining("vip"))
    assert Words("ja_JP").text(vip) == "都度払い（VIP登録してVIP価格で）"
    assert Words("en_US").text(vip) == "Single sessions, joining as VIP"
    # 1 session: 30,000 as is; 20,000 + 5,000 = 25,000 joining VIP, the cheapest.
    result = quote(catalog, QuoteRequest(sessions=1, on=DAY))
    assert (result.best.label, result.best.total.min) == ("singles+join:vip", 25_000)
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "## お見積りのプラン（最安）: 都度払い（VIP登録してVIP価格で）" in text
    prices = render(price_list(catalog, on=DAY), "md")
    assert "VIP登録時に1回（以後はVIP価格）" in prices
    assert "「vip」" not in prices
    english = render(price_list(catalog, on=DAY, locale="en_US"), "md")
    assert "once, on joining as VIP (then VIP prices)" in english


def test_a_referral_price_has_words_of_its_own_wherever_a_segment_is_named() -> None:
    club = {
        "schema_version": 2,
        "clinic": {"name": "A", "segments": ["referred"]},
        "treatments": [
            {"id": "a", "name": "A", "price": 10_000, "segment_prices": {"referred": 9_000}}
        ],
        "fees": [
            {"id": "j", "name": "紹介登録", "price": 1_000, "charged": "once", "joins": "referred"}
        ],
    }
    catalog = validate_catalog(club)
    way = way_name(catalog, Way.singles().joining("referred"))
    assert Words("ja_JP").text(way) == "都度払い（ご紹介登録してご紹介価格で）"
    assert Words("en_US").text(way) == "Single sessions, registering as referred"
    # 5 sessions: 50,000 as is; 5 x 9,000 + 1,000 = 46,000 registering as referred.
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    assert (result.best.label, result.best.total.min) == ("singles+join:referred", 46_000)
    prices = render(price_list(catalog, on=DAY), "md")
    assert "- **ご紹介価格（紹介登録 1,000円）**: 9,000円（税込）" in prices
    assert "ご紹介登録時に1回（以後はご紹介価格）" in prices
    english = render(price_list(catalog, on=DAY, locale="en_US"), "md")
    assert "Referral price" in english
    assert "once, on registering as referred (then referral prices)" in english
    for text in (prices, render(estimate(result, catalog, issued=DAY), "md")):
        assert "referred" not in text


def test_reports_name_joining_and_the_price_list_shows_its_fee() -> None:
    catalog = validate_catalog(CLUB)
    # 3 sessions: 90,000 as is; 3 x 24,000 + 11,000 = 83,000 as a member;
    # 3 x 20,000 + 33,000 = 93,000 as gold.
    result = quote(catalog, QuoteRequest(sessions=3, on=DAY))
    assert [(o.label, o.total.min) for o in result.options] == [
        ("singles+join:member", 83_000),
        ("singles", 90_000),
        ("singles+join:gold", 93_000),
    ]
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "## お見積りのプラン（最安）: 都度払い（会員登録して会員価格で）" in text
    assert "| 入会金 | 1 | 11,000円 | 11,000円 |" in text
    data = json.loads(render(estimate(result, catalog, issued=DAY, locale="en_US"), "json"))
    assert "Single sessions, joining as member" in _strings(data)
    prices = render(price_list(catalog, on=DAY), "md")
    assert "- **会員価格（入会金 11,000円）**: 24,000円（税込）" in prices
    assert "- **gold価格（ゴールド年会費 33,000円）**: 20,000円（税込）" in prices
    # The fee's row: a patient of any segment joins none, so pays no joining fee.
    assert (
        "| 入会金 | 11,000円（税込） | 不要 | 不要 | 会員登録時に1回（以後は会員価格） |" in prices
    )
    english = render(price_list(catalog, on=DAY, locale="en_US"), "md")
    assert "once, on joining as member (then member prices)" in english
    assert "once, on joining gold" in english
    compared = render(comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=3), "md")
    # 2 sessions: 60,000 against 2 x 24,000 + 11,000 = 59,000.
    assert "| 2回 | 60,000円 | 59,000円 |" in compared


# ---------------------------------------------------------------------------
# A yearly fee (年会費)

YEARLY_CLUB: dict[str, Any] = {
    "schema_version": 2,
    "clinic": {"name": "A", "segments": ["member"]},
    "treatments": [
        {"id": "drip", "name": "点滴", "price": 30_000, "segment_prices": {"member": 24_000}}
    ],
    "fees": [
        {"id": "annual", "name": "年会費", "price": 11_000, "charged": "yearly", "joins": "member"},
        {"id": "care", "name": "管理費", "price": 3_300, "charged": "yearly"},
    ],
}


def test_a_yearly_fee_is_shown_per_year_and_charged_each_year_in_every_document() -> None:
    catalog = validate_catalog(YEARLY_CLUB)
    # 6 visits over 18 months, in months 0, 3, 6, 9, 12, 15: both fees in years 1 and 2.
    # Joining: 6 x 24,000 + 2 x 11,000 + 2 x 3,300 = 172,600; as is 180,000 + 6,600 = 186,600.
    request = QuoteRequest(sessions=6, months=18, on=DAY)
    result = quote(catalog, request)
    assert [(o.label, o.total.min) for o in result.options] == [
        ("singles+join:member", 172_600),
        ("singles", 186_600),
    ]
    text = render(estimate(result, catalog, issued=DAY), "md")
    assert "| 年会費（1年ごと） | 2 | 11,000円 | 22,000円 |" in text
    assert "| 管理費（1年ごと） | 2 | 3,300円 | 6,600円 |" in text
    # Month 1 and month 13: 24,000 + 11,000 + 3,300 = 38,300 each.
    assert "| 1か月目（初回ご利用時） | 38,300円 |" in text
    assert "| 13か月目 | 38,300円 |" in text
    english = render(estimate(result, catalog, issued=DAY, locale="en_US"), "md")
    assert "| 年会費 (yearly) | 2 | ¥11,000 | ¥22,000 |" in english
    data = json.loads(render(estimate(result, catalog, issued=DAY), "json"))
    fees = [line for line in data["plan"]["lines"] if line["kind"] == "fee"]
    assert [(line["item"], line["quantity"], line["yearly"]) for line in fees] == [
        ("年会費", 2, True),
        ("管理費", 2, True),
    ]
    rows = list(csv.reader(io.StringIO(render(estimate(result, catalog, issued=DAY), "csv"))))
    # The first nine columns: a line leaves the rate columns after them empty.
    rows = [row[:9] for row in rows]
    assert [
        "明細",
        "年会費（1年ごと）",
        "2",
        "11000",
        "11000",
        "11000",
        "22000",
        "22000",
        "22000",
    ] in rows
    prices = render(price_list(catalog, on=DAY), "md")
    assert "- **会員価格（年会費 11,000円／年）**: 24,000円（税込）" in prices
    assert (
        "| 年会費 | 11,000円（税込）／年 | 不要 | 会員登録時と、以後1年ごと（会員価格で） |"
        in prices
    )
    assert (
        "| 管理費 | 3,300円（税込）／年 | 通常価格と同じ | "
        "1年ごと（初回と、以後各年の最初のご利用時） |" in prices
    )
    listed = render(price_list(catalog, on=DAY, locale="en_US"), "md")
    assert (
        "| 年会費 | ¥11,000 (tax incl.) per year | not charged | on joining as member, then "
        in (listed)
    )
    assert "yearly (at the first visit, then the first visit of each later year)" in listed
    assert "年" not in listed.replace("年会費", "").replace("管理費", "")
    assert "1年ごと" in render(price_list(catalog, on=DAY), "csv")
    compared = render(comparison(catalog, request, max_sessions=3), "md")
    # Over 18 months: 2 sessions in months 0 and 9, one year: 2 x 24,000 + 11,000 + 3,300 =
    # 62,300; 3 sessions in months 0, 6 and 12, two years: 72,000 + 22,000 + 6,600 = 100,600.
    assert "| 2回 | 63,300円 | 62,300円 |" in compared
    assert "| 3回 | 96,600円 | 100,600円 |" in compared


def test_a_segment_named_yearly_is_named_by_its_id_when_joined_for_a_yearly_fee() -> None:
    # A segment's own words are looked up by its id: one named like a message's suffix
    # must not take another message's words.
    club = {
        **YEARLY_CLUB,
        "clinic": {"name": "A", "segments": ["yearly"]},
        "treatments": [
            {"id": "drip", "name": "点滴", "price": 30_000, "segment_prices": {"yearly": 20_000}}
        ],
        "fees": [
            {
                "id": "annual",
                "name": "年会費",
                "price": 11_000,
                "charged": "yearly",
                "joins": "yearly",
            }
        ],
    }
    prices = render(price_list(validate_catalog(club), on=DAY), "md")
    assert "yearly登録時と、以後1年ごと" in prices


_SINGLES_ONLY = """
schema_version = 2
[clinic]
name = "Test"
[[treatments]]
id = "a"
name = "A"
price = 10000
[[treatments]]
id = "b"
name = "B"
price = 5000
[[offers]]
kind = "intro"
id = "a-first"
treatment = "a"
price = 5000
[[combos]]
id = "ab"
treatments = ["a", "b"]
discount = 3000
single_sessions_only = true
"""


@pytest.mark.parametrize(
    ("locale", "said"),
    [
        ("ja_JP", "（回数券・初回価格との併用不可）"),
        ("en_US", " (not with sets or first-time prices)"),
    ],
)
def test_a_combo_sold_with_single_sessions_only_says_so(locale: str, said: str) -> None:
    catalog = parse_catalog(_SINGLES_ONLY, format="toml")
    listed = render(price_list(catalog, locale=locale, on=DAY), "md")
    assert said in listed
    assert said in render(price_list(catalog, locale=locale, on=DAY), "csv")
    request = QuoteRequest(treatment="a", sessions=3, with_=("b",), on=DAY)
    text = render(estimate(quote(catalog, request), catalog, issued=DAY, locale=locale), "md")
    # 5,000 + 2 x 10,000 + 3 x 5,000 - 2 visits x 3,000 (not the first-time one) = 34,000
    assert said in text
    assert ("34,000円" if locale == "ja_JP" else "¥34,000") in text
    plain = parse_catalog(_SINGLES_ONLY.replace("single_sessions_only = true", ""), format="toml")
    assert said not in render(price_list(plain, locale=locale, on=DAY), "md")


UNAPPROVED: dict[str, object] = {
    "schema_version": 2,
    "clinic": {"name": "A", "contact": "03-0000-0000"},
    "treatments": [
        {
            "id": "sup",
            "name": "培養上清液点滴",
            "name_en": "Supernatant drip",
            "price": 33_000,
            "unapproved": True,
            "risks": "内出血",
            "typical_course": {"sessions": 1, "months": 1},
            "obtained": "国内の製造業者から医師の責任で購入",
            "obtained_en": "bought from a maker in Japan under the doctor's responsibility",
            "domestic_equivalent": "国内で承認された同等の医薬品はありません",
        },
        {"id": "nmn", "name": "NMN点滴", "price": 22_000, "unapproved": False},
    ],
}


def test_the_price_list_states_an_unapproved_product_s_disclosures_where_given() -> None:
    # DOMAIN §5: how it is obtained, an approved domestic equivalent, safety abroad. The
    # catalog gives the first two: shown as written; the third is left to the clinic.
    prices = price_list(validate_catalog(UNAPPROVED), on=DAY)
    text = render(prices, "md")
    assert "- **入手経路**: 国内の製造業者から医師の責任で購入" in text
    assert "- **国内の承認医薬品等の有無**: 国内で承認された同等の医薬品はありません" in text
    assert "- **諸外国における安全性等に係る情報**: 医療機関にご確認ください" in text
    # The approved treatment states none of the three.
    assert text.count("入手経路") == 1
    english = render(price_list(validate_catalog(UNAPPROVED), on=DAY, locale="en_US"), "md")
    assert (
        "- **How it is obtained**: bought from a maker in Japan under the doctor's responsibility"
        in english
    )
    # No English given: the catalog's own text, never a translation made up.
    assert "- **Approved equivalent in Japan**: 国内で承認された同等の医薬品はありません" in english
    assert "- **Safety information abroad**: ask the clinic" in english
    data = json.loads(render(prices, "json"))
    (sup, nmn) = data["treatments"]
    assert sup["obtained"] == "国内の製造業者から医師の責任で購入"
    assert "foreign_safety" not in sup
    assert "obtained" not in nmn


def test_the_estimate_and_comparison_say_where_the_cheapest_way_holds() -> None:
    # Reference catalog, 5 sessions, new patient: singles 53,300〜453,300 (5 x 10,000〜90,000
    # + 3,300), the set 103,300〜 (open), the monthly plan 168,300. No standard prices: the
    # typical point is the low end. Singles win there; at the high end the plan beats singles
    # (168,300 < 453,300) but the open set, 103,300 at its low end, may beat both: unknown.
    catalog = reference_catalog()
    five = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    md = render(estimate(five, catalog, issued=DAY), "md")
    assert "## お見積りのプラン（下限の価格で最安）: 都度払い" in md
    assert "（最安）" not in md
    assert "標準" not in md
    english = render(estimate(five, catalog, issued=DAY, locale="en_US"), "md")
    assert "## Quoted plan (the cheapest at low prices): Single sessions" in english
    table = comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=5)
    compared = render(table, "md")
    # 1 session: singles at most 93,300 (90,000 + 3,300), below the set's lowest 103,300 and the
    # plan's 168,300: cheapest at every point.
    assert "| 1回 | 13,300円〜93,300円 | 103,300円〜 | 168,300円 | 都度払い |" in compared
    assert (
        "| 5回 | 53,300円〜453,300円 | 103,300円〜 | 168,300円 | 都度払い（下限）／不明（上限） |"
        in (compared)
    )
    # The break-even keeps its point, named the low end for want of standard prices.
    assert (
        "- **幹細胞培養上清液点滴 5回セット**: 下限（標準価格の記載がないため）の価格で、"
        "5回までは都度払いより安くなりません"
    ) in compared
    rows = list(csv.reader(io.StringIO(render(table, "csv").removeprefix(BOM))))
    assert [row[1] for row in rows[1:]] == ["都度払い", *["都度払い（下限）／不明（上限）"] * 4]
    data = json.loads(render(table, "json"))
    assert data["rows"][4]["cheapest"]["max"] is None
    assert data["rows"][0]["cheapest"]["max"] == "singles"


GOODS = Path(__file__).parent / "data" / "goods.toml"


@pytest.mark.parametrize(
    ("locale", "lines", "total"),
    [
        (
            "ja_JP",
            [
                "| NMNサプリ 30日分※ | 2箱 | 3,240円 | 6,480円 |",
                "| ホームケア美容液 | 1本 | 11,000円 | 11,000円 |",
                "| 再診料 | 2 | 1,100円 | 2,200円 |",
                "| 8%対象※ | 6,000円 | 480円 | 6,480円 |",
                "> ※は軽減税率(8%)対象",
            ],
            "**合計（税込）: 63,680円**",
        ),
        (
            "en_US",
            [
                "| NMN capsules, 30 days\\* | 2 boxes | ¥3,240 | ¥6,480 |",
                "| Home-care serum | 1 bottle | ¥11,000 | ¥11,000 |",
            ],
            "**Total (tax incl.): ¥63,680**",
        ),
    ],
)
def test_estimate_lists_goods_by_their_units_with_the_reduced_rate_marked(
    locale: str, lines: list[str], total: str
) -> None:
    catalog = load_catalog(GOODS)
    request = QuoteRequest(sessions=2, on=DAY, goods={"nmn-caps": 2, "serum": 1})
    text = render(estimate(quote(catalog, request), catalog, issued=DAY, locale=locale), "md")
    # 2 x 22,000 + 2 x 3,240 + 11,000 + 2 visits x 1,100 = 63,680; the 8% items are 6,480,
    # of which 6,480 x 8/108 = 480 tax.
    for line in lines:
        assert line in text
    assert total in text


def test_price_list_has_a_goods_section_and_no_medical_notices_for_goods() -> None:
    catalog = load_catalog(GOODS)
    prices = price_list(catalog, on=DAY)
    text = render(prices, "md")
    section = text[text.index("## 物販") :]
    assert section.startswith(
        "## 物販\n\n| 項目 | 料金 | 単位 |\n|---|---:|---|\n"
        "| NMNサプリ 30日分 | 3,240円（税込）※ | 箱 |\n"
        "| ホームケア美容液 | 11,000円（税込） | 本 |\n"
    )
    assert "注記（ホームケア美容液）：ハイフ後の保湿に" in section
    english = render(prices, "md", locale="en_US")
    assert "## Goods" in english
    assert "| NMN capsules, 30 days | ¥3,240 (tax incl.)\\* | box |" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    assert [row[:5] for row in rows if row[0] == "物販"] == [
        ["物販", "", "NMNサプリ 30日分", "", "3240"],
        ["物販", "", "ホームケア美容液", "", "11000"],
    ]
    data = json.loads(render(prices, "json"))
    assert [g["id"] for g in data["goods"]] == ["nmn-caps", "serum"]
    # A price list without goods keeps its JSON as it was.
    assert "goods" not in json.loads(render(price_list(load_catalog(V2), on=DAY), "json"))


GOODS_MONTHLY = Path(__file__).parent / "data" / "goods-monthly.toml"


def test_price_list_gives_goods_delivered_monthly_their_price_a_month_and_minimum() -> None:
    prices = price_list(load_catalog(GOODS_MONTHLY), on=DAY)
    text = render(prices, "md")
    section = text[text.index("## 物販") :]
    assert section.startswith(
        "## 物販\n\n| 項目 | 料金 | 単位 | 種類 | 定期便 |\n|---|---:|---|---|---|\n"
        "| NMNサプリ（30日分） | 10,800円（税込）※ | 袋 | 食品 | "
        "毎月お届け 9,720円（税込）※／月（3回以上の継続が条件） |\n"
    )
    # Listed as goods: no self-pay treatment's notices under it.
    assert "NMNサプリ" not in text[: text.index("## 物販")]
    english = render(prices, "md", locale="en_US")
    assert "| ¥9,720 (tax incl.)\\* a month (at least 3 deliveries) |" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    goods = [row for row in rows if row[0].startswith("物販")]
    assert [row[:5] + row[11:12] for row in goods] == [
        ["物販", "", "NMNサプリ（30日分）", "", "10800", ""],
        [
            "物販（定期便）",
            "",
            "NMNサプリ（30日分）",
            "",
            "9720",
            "毎月お届け・3回以上の継続が条件",
        ],
    ]
    data = json.loads(render(prices, "json"))
    assert (data["goods"][0]["monthly"]["included"]["min"], data["goods"][0]["min_months"]) == (
        9720,
        3,
    )
    # Beside goods sold once only, the column is empty on their rows.
    both = GOODS.read_text(encoding="utf-8").replace(
        'note = "ハイフ後の保湿に"',
        'note = "ハイフ後の保湿に"\nsubscription = { monthly_price = 9900 }',
    )
    text = render(price_list(parse_catalog(both, format="toml"), on=DAY), "md")
    assert "| NMNサプリ 30日分 | 3,240円（税込）※ | 箱 |  |\n" in text
    # Without a minimum (min_months 1), no condition is said.
    assert "| 毎月お届け 9,900円（税込）／月 |\n" in text
    rows = list(
        csv.reader(
            io.StringIO(render(price_list(parse_catalog(both, format="toml"), on=DAY), "csv"))
        )
    )
    assert [row[11] for row in rows if row[0] == "物販（定期便）"] == ["定期便（毎月お届け）"]
    # A list whose goods are sold once only keeps its JSON as it was.
    assert (
        "monthly"
        not in json.loads(render(price_list(load_catalog(GOODS), on=DAY), "json"))["goods"][0]
    )


def test_an_estimate_names_goods_delivered_monthly_as_goods_paid_each_month() -> None:
    catalog = load_catalog(GOODS_MONTHLY)
    request = QuoteRequest(sessions=6, months=6, on=DAY, goods_monthly={"nmn-supp": 1})
    text = render(estimate(quote(catalog, request), catalog, issued=DAY), "md")
    # 6 x 27,500 + 6 x 9,720 = 223,320; each month 27,500 + 9,720 = 37,220.
    assert "**合計（税込）: 223,320円**" in text
    assert "- **定期便（毎月お届け）**: NMNサプリ（30日分）（1袋）" in text
    assert "| NMNサプリ（30日分）（定期便・毎月お届け）※ | 6袋 | 9,720円 | 58,320円 |" in text
    assert "| 8%対象※ | 54,000円 | 4,320円 | 58,320円 |" in text
    assert "| 1か月目（初回ご利用時） | 37,220円 | 4か月目 | 37,220円 |" in text
    assert "| 3か月目 | 37,220円 | 6か月目 | 37,220円 |" in text
    assert "1回あたり（物販を除く）" in text
    english = render(estimate(quote(catalog, request), catalog, issued=DAY, locale="en_US"), "md")
    assert "| NMN supplement, 30 days (delivered monthly)\\* | 6 packs |" in english


def member_goods() -> Catalog:
    """goods.toml with a member segment (入会金 ¥1,100), the supplement's member price and kind."""
    text = GOODS.read_text(encoding="utf-8")
    text = text.replace(
        "prices_include_tax = true\n", 'prices_include_tax = true\nsegments = ["member"]\n'
    )
    text = text.replace(
        'unit_en_plural = "boxes"\n',
        'unit_en_plural = "boxes"\nkind = "food"\nsegment_prices = { member = 2916 }\n',
        1,
    )
    joining = '[[fees]]\nid = "join"\nname = "入会金"\nprice = 1100\ncharged = "once"\n'
    return parse_catalog(text + joining + 'joins = "member"\n', format="toml")


def test_price_list_gives_goods_their_member_prices_and_kinds_as_it_does_treatments() -> None:
    prices = price_list(member_goods(), on=DAY)
    text = render(prices, "md")
    section = text[text.index("## 物販") :]
    # A column per segment, as every price table has; a 種類 column where a kind is given.
    # Review F20: ※ after each price of the reduced-rate item, as the CSV's price text and
    # every other table put it, not on its name.
    assert section.startswith(
        "## 物販\n\n| 項目 | 料金 | 会員価格（入会金 1,100円） | 単位 | 種類 |\n"
        "|---|---:|---:|---|---|\n"
        "| NMNサプリ 30日分 | 3,240円（税込）※ | 2,916円（税込）※ | 箱 | 食品 |\n"
        "| ホームケア美容液 | 11,000円（税込） | 通常価格と同じ | 本 |  |\n"
    )
    english = render(prices, "md", locale="en_US")
    assert (
        "| NMN capsules, 30 days | ¥3,240 (tax incl.)\\* | ¥2,916 (tax incl.)\\* | box | food |"
        in english
    )
    assert "| Item | Price | Member price (入会金 ¥1,100) | Unit | Type |" in english
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    header = rows[0]
    assert header[-3:] == ["請求時期", "単位", "種類"]
    member = header.index("会員価格 税込（下限）")
    goods = {row[2]: (row[member], row[-1]) for row in rows if row[0] == "物販"}
    # 2,916 x 100/108 = 2,700 before tax; the serum pays its regular price (no cell).
    assert goods == {"NMNサプリ 30日分": ("2916", "食品"), "ホームケア美容液": ("", "")}
    assert all(len(row) == len(header) for row in rows)
    data = json.loads(render(prices, "json"))["goods"]
    assert data[0]["kind"] == "food"
    assert data[0]["members"][0]["excluded"]["min"] == 2700
    assert (data[1]["members"], "kind" in data[1]) == ([None], False)
    # Without a kind on any goods there is no 種類 column; without segments, no member column.
    plain = render(price_list(load_catalog(GOODS), on=DAY), "md")
    assert "| 項目 | 料金 | 単位 |\n" in plain
    assert "種類" not in plain


def test_a_member_s_estimate_prices_goods_at_the_member_price() -> None:
    catalog = member_goods()
    request = QuoteRequest(sessions=1, on=DAY, segment="member", goods={"nmn-caps": 2})
    text = render(estimate(quote(catalog, request), catalog, issued=DAY), "md")
    # 22,000 + 2 x 2,916 + visit fee 1,100 = 28,932; the 8% part is 5,832, containing
    # 5,832 x 8/108 = 432 tax.
    assert "| NMNサプリ 30日分※ | 2箱 | 2,916円 | 5,832円 |" in text
    assert "| 8%対象※ | 5,400円 | 432円 | 5,832円 |" in text
    assert "**合計（税込）: 28,932円**" in text
    assert "- **価格区分**: 会員価格" in text


# ---------------------------------------------------------------------------
# What was asked, and what the amounts include (audit 2026-11-30, items 3, 5, 15 and 18)

SCHEMA_2 = load_catalog(HERE / "data" / "schema2.toml")
EXAMPLE = load_catalog(HERE / "data" / "example.toml")


def _facts_after(document: Any, heading: str) -> list[tuple[str, str]]:
    """The label-value facts that follow a heading of a laid-out report."""
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if getattr(b, "text", None) == heading)
    return list(blocks[at + 1].items)


def test_a_comparison_states_what_was_asked_as_the_estimate_does() -> None:
    # Placenta, 3 units a visit, with the injection, at member prices, the 23-ward travel fee,
    # 2 placenta sessions already had, returning, over 2 months: the comparison said none of it.
    asked = {
        "treatment": "placenta",
        "units": 3,
        "with_": ("exo-inj",),
        "segment": "member",
        "fees": ("travel-23ku",),
        "history": {"placenta": 2},
        "new_patient": False,
        "months": 2,
        "on": DAY,
    }
    table = comparison(SCHEMA_2, QuoteRequest(sessions=1, **asked), max_sessions=2)
    text = render(table, "md")
    expected = [
        ("治療", "プラセンタ注射"),
        ("回数", "1〜2回"),
        ("期間", "2か月"),
        ("1回の来院での数量", "3単位"),
        ("同時に受ける治療", "エクソソーム注射"),
        ("価格区分", "会員価格"),
        ("追加の費用", "出張費（23区内）"),
        ("これまでに受けた回数", "プラセンタ注射 2回"),
        ("受診", "再診の方"),
    ]
    assert _facts_after(layout(table), "ご希望の内容") == expected
    for label, value in expected:
        assert f"- **{label}**: {value}\n" in text
    # What the table prices is what the facts say: 1,500 + 2 further units x 1,000 = 3,500
    # placenta, 74,250 the member's injection, 5,500 travel a visit: 83,250 a visit.
    assert "| 1回 | 83,250円 | 都度払い |" in text
    assert "| 2回 | 166,500円 | 都度払い |" in text
    # The estimate of the same request lists the same facts, the session count apart.
    sheet = estimate(quote(SCHEMA_2, QuoteRequest(sessions=2, **asked)), SCHEMA_2, issued=DAY)
    assert _facts_after(layout(sheet), "ご希望の内容") == [
        ("回数", "2回") if label == "回数" else (label, value) for label, value in expected
    ]
    english = render(table, "md", locale="en_US")
    assert "- **Fees added**: Home visit (Tokyo 23 wards)\n" in english
    assert "- **Patient**: returning patient\n" in english

    data = json.loads(render(table, "json"))
    assert (data["new_patient"], data["months"], data["segment"]) == (False, 2, "member")
    assert data["fees"] == ["出張費（23区内）"]


def test_the_facts_give_a_fee_chosen_at_some_visits_its_count() -> None:
    # A home visit at 2 of 3 visits (--fee travel-23ku=2) is billed twice (2 x 5,500 = 11,000):
    # the facts say so, as they say an added treatment's own count; a fee at every visit none.
    some = QuoteRequest(
        sessions=3, treatment="placenta", fees=(FeeChoice(fee="travel-23ku", visits=2),), on=DAY
    )
    sheet = estimate(quote(SCHEMA_2, some), SCHEMA_2, issued=DAY)
    assert ("追加の費用", "出張費（23区内） × 2回") in _facts_after(layout(sheet), "ご希望の内容")
    english = render(sheet, "md", locale="en_US")
    assert "- **Fees added**: Home visit (Tokyo 23 wards) × 2 visits\n" in english
    one = some.model_copy(update={"fees": (FeeChoice(fee="travel-23ku", visits=1),)})
    table = comparison(SCHEMA_2, one, max_sessions=3)
    assert "- **Fees added**: Home visit (Tokyo 23 wards) × 1 visit\n" in render(
        table, "md", locale="en_US"
    )
    every = QuoteRequest(sessions=3, treatment="placenta", fees=("travel-23ku",), on=DAY)
    facts = _facts_after(
        layout(estimate(quote(SCHEMA_2, every), SCHEMA_2, issued=DAY)), "ご希望の内容"
    )
    assert ("追加の費用", "出張費（23区内）") in facts


def test_a_comparison_with_an_add_on_says_it_is_included() -> None:
    # The audit's case: 33,000 + NMN 22,000 - the pair's 5,500 = 49,500 a session, returning.
    request = QuoteRequest(sessions=1, with_=("nmn",), new_patient=False, on=DAY)
    text = render(comparison(EXAMPLE, request, max_sessions=3), "md")
    assert "| 1回 | 49,500円 |" in text
    assert "- **同時に受ける治療**: NMN点滴\n" in text
    assert "- **受診**: 再診の方\n" in text
    one = render(comparison(EXAMPLE, request, max_sessions=1), "md")
    assert "- **回数**: 1回\n" in one  # not 「1〜1回」


@pytest.mark.parametrize(
    ("path", "note"),
    [
        (HERE / "data" / "example.toml", "価格はすべて消費税込みの総額です。"),
        # Priced before tax: the totals still include it, as the price list says.
        (
            SNAPSHOTS / "rich-catalog.toml",
            "価格はすべて消費税込みの総額です（税抜価格に消費税を加えて表示しています）。",
        ),
    ],
)
def test_a_comparison_says_its_amounts_include_tax_as_the_price_list_does(
    path: Path, note: str
) -> None:
    catalog = load_catalog(path)
    said = note + "消費税率は2026年4月1日時点のものです。"
    assert said in render(price_list(catalog, on=DAY), "md")  # the price list's own words
    table = comparison(catalog, QuoteRequest(sessions=1, on=DAY), max_sessions=2)
    assert said in render(table, "md")
    assert said in render(table, "html")
    header = next(csv.reader(io.StringIO(render(table, "csv"))))
    # Every amount column says 税込, the price list CSV's word: 3 of the cheapest, 3 a way.
    ends = ("下限）", "標準）", "上限）")
    amounts = [cell for cell in header if cell.endswith(ends)]
    assert len(amounts) == 3 * (1 + len(table.ways))
    assert all("税込・" in cell for cell in amounts), amounts
    english = next(csv.reader(io.StringIO(render(table, "csv", locale="en_US"))))
    assert english[2] == "Cheapest total (tax incl., low)"
    assert "All prices include consumption tax" in render(table, "md", locale="en_US")


def test_an_estimate_of_a_range_of_sessions_says_for_how_many_and_the_cheapest_at_each() -> None:
    # 4〜6 sessions, returning: singles 33,000 each; the set of 5 is 148,500; the monthly plan
    # 27,500 a month. At 4: singles 4 x 33,000 = 132,000; at 5: the set 148,500 (< 165,000
    # singles); at 6: the plan 6 x 27,500 = 165,000 (< 148,500 + 33,000 = 181,500).
    request = QuoteRequest(sessions={"min": 4, "max": 6}, new_patient=False, on=DAY)
    sheet = estimate(quote(EXAMPLE, request), EXAMPLE, issued=DAY)
    text = render(sheet, "md")
    assert "- **回数**: 4〜6回（6回でお見積り）\n" in text
    assert "**合計（税込）: 165,000円**" in text
    assert "| 4回 | 都度払い | 132,000円 |" in text
    assert "| 5回 | 幹細胞培養上清液点滴 5回セット | 148,500円 |" in text
    assert "| 6回 | 幹細胞培養上清液点滴 月額プラン | 165,000円 |" in text
    assert "いちばん多い6回の場合です" in text
    rows = list(csv.reader(io.StringIO(render(sheet, "csv"))))
    assert ["回数ごとの最安", "都度払い", "4", "", "", "", "132000", "132000", "132000"] in [
        row[:9] for row in rows
    ]
    english = render(sheet, "md", locale="en_US")
    assert "- **Sessions**: 4–6 sessions (estimated for 6 sessions)\n" in english
    assert [(p.sessions, p.label) for p in sheet.across] == [
        (4, "singles"),
        (5, "bundle:sup-iv-5"),
        (6, "subscription:sup-iv-monthly"),
    ]
    # One count: no range, no list, and the JSON keeps its shape.
    one = estimate(quote(EXAMPLE, QuoteRequest(sessions=6, on=DAY)), EXAMPLE, issued=DAY)
    assert "- **回数**: 6回\n" in render(one, "md")
    assert "回数ごとの最安" not in render(one, "md")
    assert "across" not in json.loads(render(one, "json"))


_NARROW_PROBE = """<script>
// Each table column's text width against the widest word of its cells (Latin runs: Japanese
// wraps between characters), measured in each cell's own font.
const context = document.createElement("canvas").getContext("2d");
const narrow = [];
for (const table of document.querySelectorAll("table")) {
  const header = table.rows[0].cells;
  for (let column = 0; column < header.length; column++) {
    for (const row of table.rows) {
      const cell = row.cells[column];
      const style = getComputedStyle(cell);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const room = cell.getBoundingClientRect().width - parseFloat(style.paddingLeft)
        - parseFloat(style.paddingRight) - parseFloat(style.borderLeftWidth)
        - parseFloat(style.borderRightWidth);
      for (const word of cell.textContent.match(/[A-Za-z0-9¥,.'()+\\-]+/g) || []) {
        if (context.measureText(word).width > room + 2) {
          narrow.push(`${header[column].textContent}: ${word}`);
        }
      }
    }
  }
}
document.title = "narrow=" + JSON.stringify(narrow);
</script>"""


def _narrow_columns(tab: Any, folder: Path, page: str, width: int, *, printed: bool) -> list[str]:
    """The words wider than their column in a page laid out ``width`` px wide."""
    page = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    if printed:
        page = page.replace("@media print {", "@media all {")
    title = _laid_out(tab, folder, page.replace("</body>", _NARROW_PROBE + "</body>"), width)
    found = re.fullmatch(r"narrow=(.*)", title, re.DOTALL)
    assert found, title[:500]
    return list(json.loads(found.group(1)))


@needs_chromium
@pytest.mark.parametrize(("width", "printed"), [(680, True), (1000, False)])
def test_no_column_of_an_english_price_list_is_narrower_than_its_longest_word(
    tab: Any, tmp_path: Path, width: int, printed: bool
) -> None:
    # The audit's PDF: the set table's Plan column was crushed to 「Cultur/e/super/natan/t…」
    # and "Valid for" read "not state/d", while the saving took the room.
    for catalog in (
        reference_catalog(),
        load_catalog(SNAPSHOTS / "rich-catalog.toml"),
        load_catalog(V2),
    ):
        page = render(price_list(catalog, on=DAY, locale="en_US"), "html")
        assert _narrow_columns(tab, tmp_path, page, width, printed=printed) == []
    # The control: a column squeezed below its word is found (a fixed 30 px cell).
    squeezed = (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><style>'
        "td { width: 30px; overflow-wrap: anywhere; }</style></head><body><table><tr>"
        "<td>supernatant</td><td>x</td></tr></table></body></html>"
    )
    assert _narrow_columns(tab, tmp_path, squeezed, 680, printed=False) == [
        "supernatant: supernatant"
    ]


@needs_chromium
def test_a_long_run_of_letters_still_fits_the_page(tab: Any, tmp_path: Path) -> None:
    # Catalog text is untrusted: a 200-letter name may break every 20 letters (<wbr>), so the
    # page keeps to A4's 680 px though words are never broken.
    name = "Z" * 200
    catalog = _toml(
        f'[[treatments]]\nid = "z"\nname = "{name}"\nprice = 1000\n'
        '[[offers]]\nkind = "bundle"\nid = "z-5"\ntreatment = "z"\nsessions = 5\n'
        f'price = 4500\nname = "{name}"\n'
    )
    report = price_list(catalog, on=DAY, locale="en_US")
    assert "Z" * 20 + "<wbr>" + "Z" * 20 in render(report, "html")
    assert _printed_width(tab, tmp_path, report) <= 680


def test_the_english_standard_cost_names_its_way_of_buying_without_a_capital_mid_sentence() -> None:
    # The reference catalog's 5 sessions over 5 months, new: singles 53,300〜453,300 are ranked
    # first (the low end, the catalog giving no standard price).
    text = render(price_list(reference_catalog(), on=DAY, locale="en_US"), "md")
    assert (
        "- **Standard cost**: ¥53,300–¥453,300 (tax incl., way of buying: Single sessions, "
        "first-visit costs included)\n" in text
    )
    assert "as Single sessions" not in text


def test_the_uncertain_sentence_names_what_is_known() -> None:
    from supecost.quotes import TypicalPoint
    from supecost.report.ways import Cheapest
    from supecost.report.words import cheapest_uncertain

    singles, plan = ("singles", Localized("都度払い")), ("subscription:m", Localized("月額"))
    ja = Words("ja_JP")
    # Two known winners: the cheapest way does change, whatever the unknown top would be.
    differ = Cheapest(
        "singles", "subscription:m", None, False, TypicalPoint.STATED, (singles, plan)
    )
    assert cheapest_uncertain(ja, differ) == (
        "価格の幅によって最安の買い方が変わります（下限: 都度払い、標準: 月額、上限: 不明）"
    )
    # One known winner, two unknown points: both named, the known one in brackets.
    one = Cheapest("singles", None, None, False, TypicalPoint.STATED, (singles,))
    assert (
        cheapest_uncertain(ja, one)
        == "標準・上限の価格での最安の買い方は分かりません（下限: 都度払い）"
    )
    # No point known: nothing in brackets but 不明.
    none = Cheapest(None, None, None, False, TypicalPoint.LOW)
    assert cheapest_uncertain(ja, none) == "下限・上限の価格での最安の買い方は分かりません（不明）"
    # Review F5: a point a cheaper line words is left out. The high point of `differ` said by
    # a line: the standard is still 月額 and the low 都度払い, so the sentence stays, without it.
    high = CheaperAt(Scenario.MAX, "subscription:m", Localized("月額"), 168300, False)
    low = CheaperAt(Scenario.MIN, "singles", Localized("都度払い"), 50000, True)
    assert cheapest_uncertain(ja, differ, (high,)) == (
        "価格の幅によって最安の買い方が変わります（下限: 都度払い、標準: 月額）"
    )
    # The low point said too: one way left (月額 at the standard), nothing uncertain to add.
    assert cheapest_uncertain(ja, differ, (low, high)) is None
    # `one` with its top said: the standard point stays unknown.
    assert (
        cheapest_uncertain(ja, one, (high,))
        == "標準の価格での最安の買い方は分かりません（下限: 都度払い）"
    )


def test_a_total_with_goods_or_a_birth_month_says_so_in_the_request() -> None:
    # Review finding 3: the totals included the goods, the request's facts did not name them.
    goods = load_catalog(Path(__file__).parent / "data" / "goods.toml")
    asked = QuoteRequest(sessions=1, treatment="hifu", goods={"nmn-caps": 2, "serum": 1}, on=DAY)
    table = comparison(goods, asked, max_sessions=1)
    bought = ("物販", "NMNサプリ 30日分（2箱）、ホームケア美容液（1本）")
    assert bought in _facts_after(layout(table), "ご希望の内容")
    # 22,000 HIFU + 1,100 visit + 2 x 3,240 capsules + 11,000 serum = 40,580 a single session;
    # the set 44,000 + 1,100 + 17,480 goods = 62,580: the goods are in both.
    assert "| 1回 | 40,580円 | 62,580円 | 都度払い |" in render(table, "md")
    sheet = estimate(quote(goods, asked), goods, issued=DAY)
    assert bought in _facts_after(layout(sheet), "ご希望の内容")
    english = render(sheet, "md", locale="en_US")
    assert "- **Goods**: NMN capsules, 30 days (2 boxes), Home-care serum (1 bottle)\n" in english
    assert json.loads(render(sheet, "json"))["goods"][0][1] == 2
    # Without a unit the count stands alone; no goods, no line.
    unitless = goods.model_copy(
        update={"goods": tuple(g.model_copy(update={"unit": None}) for g in goods.goods)}
    )
    facts = _facts_after(layout(comparison(unitless, asked, max_sessions=1)), "ご希望の内容")
    assert ("物販", "NMNサプリ 30日分 × 2、ホームケア美容液 × 1") in facts
    plain = _facts_after(
        layout(comparison(goods, asked.model_copy(update={"goods": {}}))), "ご希望の内容"
    )
    assert "物販" not in dict(plain)
    assert "誕生月" not in dict(plain)


def test_a_birth_month_is_stated_only_where_the_request_gives_it() -> None:
    # Review finding 3: a birth-month discount lowered the total with nothing saying why.
    catalog = load_catalog(Path(__file__).parent / "data" / "birth-month.toml")
    asked = QuoteRequest(sessions=1, treatment="sup-iv", birth_month=4, on=DAY)
    table = comparison(catalog, asked, max_sessions=1)
    assert ("誕生月", "4月") in _facts_after(layout(table), "ご希望の内容")
    assert "- **Birth month**: April\n" in render(table, "md", locale="en_US")
    sheet = estimate(quote(catalog, asked), catalog, issued=DAY)
    assert ("誕生月", "4月") in _facts_after(layout(sheet), "ご希望の内容")
    assert json.loads(render(sheet, "json"))["birth_month"] == 4
    other = comparison(catalog, asked.model_copy(update={"birth_month": None}), max_sessions=1)
    assert "誕生月" not in dict(_facts_after(layout(other), "ご希望の内容"))
    assert "birth_month" not in json.loads(render(other, "json"))


def test_price_list_csv_gives_each_goods_its_unit_as_md_does() -> None:
    # Review finding 8: md/html had a 単位 column for goods, the CSV left the unit out.
    catalog = load_catalog(GOODS)
    prices = price_list(catalog, on=DAY)
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    assert rows[0][-1] == "単位"
    goods = {row[2]: row[-1] for row in rows if row[0] == "物販"}
    assert goods == {"NMNサプリ 30日分": "箱", "ホームケア美容液": "本"}
    # Rows other than goods leave it empty; every row has the header's width.
    assert {row[-1] for row in rows[1:] if row[0] != "物販"} == {""}
    assert {len(row) for row in rows} == {len(rows[0])}
    english = list(csv.reader(io.StringIO(render(prices, "csv", locale="en_US"))))
    assert english[0][-1] == "Unit"
    assert [row[-1] for row in english if row[0] == "goods"] == ["box", "bottle"]
    # Without a unit on any goods there is no column, as the md table has none.
    unitless = catalog.model_copy(
        update={"goods": tuple(g.model_copy(update={"unit": None}) for g in catalog.goods)}
    )
    header = next(csv.reader(io.StringIO(render(price_list(unitless, on=DAY), "csv"))))
    assert "単位" not in header


@pytest.mark.parametrize(
    ("kind", "estimate_name"),
    [
        (LineKind.SUBSCRIPTION, "幹細胞培養上清液点滴 月額プラン（月額）"),
        (LineKind.EXTRA_SESSION, "幹細胞培養上清液点滴 月額プラン（追加1回）"),
        (LineKind.ENROLLMENT, "幹細胞培養上清液点滴 月額プラン（入会金）"),
        (LineKind.EXTRA_UNIT, "幹細胞培養上清液点滴 月額プラン（同じ来院の追加分）"),
    ],
)
def test_a_line_with_a_kind_column_leaves_the_kinds_words_out(
    kind: LineKind, estimate_name: str
) -> None:
    # One naming for the estimate (no kind column) and the quote's text (a kind column).
    line = line_entry(
        reference_catalog(),
        Line(
            item="sup-iv-monthly",
            kind=kind,
            quantity=1,
            unit_price=YenRange.exact(100),
            amount=YenRange.exact(100),
        ),
        DAY,
    )
    words = Words("ja_JP")
    assert line.item == item_name(reference_catalog(), "sup-iv-monthly")
    assert line_name(words, line) == estimate_name
    assert line_name(words, line, kind_shown=True) == "幹細胞培養上清液点滴 月額プラン"


def _ranged(typical: int | None = None) -> Catalog:
    """One treatment at 10,000〜30,000 a session (a standard price where given), a set of 5
    at exactly 100,000."""
    price: dict[str, int] = {"min": 10000, "max": 30000}
    if typical is not None:
        price["typical"] = typical
    return validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "A"},
            "treatments": [{"id": "x", "name": "X", "name_en": "X", "price": price}],
            "offers": [
                {
                    "kind": "bundle",
                    "id": "x-5",
                    "treatment": "x",
                    "name": "Xの5回セット",
                    "name_en": "X set of 5",
                    "sessions": 5,
                    "price": 100000,
                }
            ],
        }
    )


def test_the_cheapest_total_at_the_high_point_is_shown_beside_the_plans() -> None:
    from supecost.present import quote_table

    # Singles: 5 x 10,000〜30,000 = 50,000〜150,000; the set: 100,000 at every point. No
    # standard price: ranked at the low end, singles win (50,000 < 100,000); at the high end
    # the set wins (100,000 < 150,000), and it is known to (its price is exact).
    catalog = _ranged()
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    assert result.best.label == "singles"
    assert cheaper_elsewhere(result, catalog) == (
        CheaperAt(
            Scenario.MAX, "bundle:x-5", Localized("Xの5回セット", "X set of 5"), 100000, True
        ),
    )
    line = "上限の価格ではXの5回セットが最安：100,000円"
    assert line in quote_table(result, catalog)
    english = quote_table(result, catalog, locale="en_US")
    assert "Cheapest at high prices: X set of 5 — ¥100,000" in english
    sheet = estimate(result, catalog, issued=DAY)
    md = render(sheet, "md")
    assert "**合計（税込・都度払い）: 50,000円〜150,000円**" in md
    assert f"\n{line}\n" in md
    assert f'<p class="note">{line}</p>' in render(sheet, "html")
    # The first nine columns: the rate columns after them are empty on these rows.
    rows = [row[:9] for row in csv.reader(io.StringIO(render(sheet, "csv")))]
    assert ["合計", "合計（税込・都度払い）", "", "", "", "", "50000", "", "150000"] in rows
    # The cheapest total sits in the high point's column only.
    assert ["合計", "上限の価格ではXの5回セットが最安", "", "", "", "", "", "", "100000"] in rows
    data = json.loads(render(sheet, "json"))
    assert data["cheaper"] == [
        {
            "point": "max",
            "label": "bundle:x-5",
            "name": "Xの5回セット",
            "total": 100000,
            "known": True,
        }
    ]


def test_the_cheapest_total_at_the_low_point_where_the_plan_wins_at_the_standard() -> None:
    from supecost.present import quote_table

    # A standard price of 25,000: singles 50,000 | 125,000 | 150,000, the set 100,000. Ranked
    # at the standard point, the set wins (100,000 < 125,000); at the low point singles cost
    # 50,000, less than the set: that is the line, and the high point is the set's own.
    catalog = _ranged(typical=25000)
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    assert result.best.label == "bundle:x-5"
    found = cheaper_elsewhere(result, catalog)
    assert [(c.point, c.label, c.total, c.known) for c in found] == [
        (Scenario.MIN, "singles", 50000, True)
    ]
    text = quote_table(result, catalog)
    assert "下限の価格では都度払いが最安：50,000円" in text
    md = render(estimate(result, catalog, issued=DAY, locale="en_US"), "md")
    assert "**Total (tax incl., X set of 5): ¥100,000**" in md
    assert "Cheapest at low prices: Single sessions — ¥50,000" in md


def test_the_cheapest_known_total_where_an_open_price_leaves_the_winner_unknown() -> None:
    from supecost.present import quote_markdown, quote_table

    # Reference catalog, 5 sessions: singles 53,300〜453,300 (5 x 10,000〜90,000 + 3,300), the
    # set 103,300〜 (open), the monthly plan 168,300 (6 months x 27,500 + 3,300). At the high
    # end the open set may be the cheapest, so no winner is known; of the ways priced there
    # the plan is cheapest, 168,300 < 453,300, and the line says it leaves the set out.
    catalog = reference_catalog()
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    assert result.explanation.winners[Scenario.MAX] is None
    (cheaper,) = cheaper_elsewhere(result, catalog)
    assert (cheaper.point, cheaper.label, cheaper.total, cheaper.known) == (
        Scenario.MAX,
        "subscription:sup-iv-monthly",
        168300,
        False,
    )
    text = quote_table(result, catalog)
    assert (
        "上限の価格では幹細胞培養上清液点滴 月額プランが最安（その価格の分からない買い方を除く）"
        "：168,300円"
    ) in text
    # Review F5: one sentence per point. The line says the high point is unknown but for the
    # open set; the low point is the headline's: nothing is left for the uncertain sentence.
    assert "分かりません" not in text
    assert "分かりません" not in quote_markdown(result, catalog)


def _tied(price: int) -> Catalog:
    """One treatment at 10,000〜20,000 a session (standard 15,000), a set of 5 at ``price``."""
    return validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "A"},
            "treatments": [
                {
                    "id": "iv",
                    "name": "点滴",
                    "price": {"min": 10000, "typical": 15000, "max": 20000},
                }
            ],
            "offers": [
                {"kind": "bundle", "id": "iv-5", "treatment": "iv", "sessions": 5, "price": price}
            ],
        }
    )


def test_no_cheaper_total_where_another_way_only_ties_the_plan() -> None:
    from supecost.present import quote_table

    # Review F8. 10,000〜20,000 a session (standard 15,000), a set of 5 at 50,000. Singles:
    # 5 x 10,000 = 50,000 | 5 x 15,000 = 75,000 | 5 x 20,000 = 100,000. Ranked at the standard
    # point the set wins (50,000 < 75,000); at the low point singles cost 50,000, exactly the
    # set's 50,000: a tie names the quote's best there (the set is cheapest at every point,
    # so nothing says the cheapest way changes), and nothing costs less, so no line.
    catalog = _tied(50000)
    result = quote(catalog, QuoteRequest(sessions=5, on=DAY))
    assert result.best.label == "bundle:iv-5"
    assert result.explanation.winners[Scenario.MIN] == Way.bundle("iv-5")
    assert result.explanation.certain
    assert "価格の幅によって" not in quote_table(result, catalog)
    assert cheaper_elsewhere(result, catalog) == ()
    assert "最安：" not in quote_table(result, catalog)
    sheet = estimate(result, catalog, issued=DAY)
    assert "cheaper" not in json.loads(render(sheet, "json"))
    assert "都度払いが最安" not in render(sheet, "md")
    # One yen less at the low point (a set at 50,001) and singles are cheaper there: the line.
    dearer = _tied(50001)
    (line,) = cheaper_elsewhere(quote(dearer, QuoteRequest(sessions=5, on=DAY)), dearer)
    assert (line.point, line.label, line.total, line.known) == (
        Scenario.MIN,
        "singles",
        50000,
        True,
    )


def test_no_cheaper_total_where_the_plan_is_cheapest_everywhere_or_nothing_is_priced() -> None:
    # One session of the reference catalog: singles 13,300〜93,300, below the set's 103,300 and
    # the plan's 168,300 at every point: no line, and the total's label is the plain one.
    catalog = reference_catalog()
    one = quote(catalog, QuoteRequest(sessions=1, on=DAY))
    assert cheaper_elsewhere(one, catalog) == ()
    sheet = estimate(one, catalog, issued=DAY)
    assert "**合計（税込）: 13,300円〜93,300円**" in render(sheet, "md")
    assert "cheaper" not in json.loads(render(sheet, "json"))
    # Singles alone with an open top: unknown at the high end, and no other way priced there.
    alone = validate_catalog(
        {
            "schema_version": 1,
            "clinic": {"name": "A"},
            "treatments": [{"id": "x", "name": "X", "price": {"min": 10000}}],
            "offers": [
                {
                    "kind": "bundle",
                    "id": "x-5",
                    "treatment": "x",
                    "sessions": 5,
                    "price": {"min": 60000},
                }
            ],
        }
    )
    result = quote(alone, QuoteRequest(sessions=5, on=DAY))
    assert result.explanation.winners[Scenario.MAX] is None
    assert cheaper_elsewhere(result, alone) == ()


_STANDARD = Path(__file__).parent / "data" / "standard-prices.toml"
"""A set cheapest at the standard point only (its file says the prices)."""


def test_an_estimates_other_plans_give_the_standard_difference() -> None:
    # 5 sessions over 5 months. The set, chosen at the standard point, costs 220,000 + 3,300 =
    # 223,300 there; the plan 5 x 45,000 + 3,300 = 228,300, 5,000 more; singles 5 x 50,000 +
    # 3,300 = 253,300, 30,000 more. At the low end the plan is 45,000 dearer (228,300 against
    # 183,300), at the high end 75,000 cheaper (against 303,300).
    catalog = load_catalog(_STANDARD)
    result = quote(catalog, QuoteRequest(sessions=5, months=5, on=DAY))
    page = render(estimate(result, catalog, issued=DAY), "md")
    assert "| 下限で45,000円高い・標準で5,000円高い・上限で75,000円安い |" in page
    assert "下限で30,000円安い・標準で30,000円高い・上限で200,000円高い" in page


def test_the_price_lists_saving_gives_the_standard_point() -> None:
    # The set against 5 singles: 150,000 - 180,000 = -30,000 at the low end, 250,000 -
    # 220,000 = 30,000 at the standard point, 500,000 - 300,000 = 200,000 at the high end.
    page = render(price_list(load_catalog(_STANDARD), on=DAY), "md")
    assert "下限でお得になりません（30,000円割高）・標準で30,000円お得・上限で200,000円お得" in page


_OPEN_SET: dict[str, Any] = {
    "schema_version": 1,
    "clinic": {"name": "P"},
    "treatments": [{"id": "iv", "name": "点滴", "price": 10000}],
    "offers": [
        {
            "kind": "bundle",
            "id": "iv5",
            "name": "点滴5回",
            "treatment": "iv",
            "sessions": 5,
            "price": {"min": 60000},
        },
    ],
}


def test_an_open_ended_price_bounds_a_saving_and_a_difference_by_its_low_end() -> None:
    from supecost.report.figures import beyond

    catalog = validate_catalog(_OPEN_SET)
    # The set is 60,000 at least against 5 singles at 50,000: 10,000 dearer at the low end,
    # and at the high end dearer by at least as much (50,000 - 60,000 or less), never 不明.
    page = render(price_list(catalog, on=DAY), "md")
    assert (
        "下限でお得になりません（10,000円割高）・上限でお得になりません（10,000円以上割高）" in page
    )
    english = render(price_list(catalog, on=DAY, locale="en_US"), "md")
    assert "no saving (¥10,000 more) at the low end" in english
    assert "no saving (at least ¥10,000 more) at the high end" in english
    # The estimate of 5 sessions: singles 50,000 best, the set 10,000 more, at least so above.
    report = estimate(quote(catalog, QuoteRequest(sessions=5, on=DAY)), catalog, issued=DAY)
    assert "下限で10,000円高い・上限で10,000円以上高い" in render(report, "md")
    # A bound that leaves the sign unknown is no bound: a set of 40,000 at least against
    # singles of 50,000 may be cheaper or dearer at the top.
    assert beyond(YenRange.at_least(40_000), YenRange.exact(50_000)) is None
    assert beyond(YenRange.exact(50_000), YenRange.at_least(40_000)) is None
    assert beyond(YenRange.at_least(1), YenRange.at_least(0)) is None
    assert beyond(YenRange.exact(50_000), YenRange.at_least(60_000)) == -10_000
    assert beyond(YenRange.at_least(60_000), YenRange(0, 50_000)) == 10_000


def test_an_estimates_csv_names_lines_as_its_document_does() -> None:
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "P"},
            "treatments": [
                {"id": "nmn", "name": "NMN点滴", "price": 30000},
                {"id": "vitc", "name": "高濃度ビタミンC", "price": 15000},
            ],
            "offers": [
                {
                    "kind": "subscription",
                    "id": "nmn-m",
                    "name": "NMN月額プラン",
                    "treatment": "nmn",
                    "monthly_fee": 22000,
                    "sessions_per_month": 1,
                    "min_months": 3,
                    "enrollment_fee": 11000,
                }
            ],
            "combos": [
                {
                    "id": "pair",
                    "name": "同日セット割",
                    "treatments": ["nmn", "vitc"],
                    "discount": 3000,
                    "single_sessions_only": True,
                }
            ],
        }
    )

    def named(request: QuoteRequest) -> list[tuple[str, str]]:
        sheet = estimate(quote(catalog, request), catalog, issued=DAY)
        rows = csv.reader(io.StringIO(render(sheet, "csv")))
        lines = [(row[1], row[2]) for row in rows if row[0] == "明細"]
        words = Words("ja_JP")
        # The document's own names, line for line.
        assert [name for name, _ in lines] == [line_name(words, line) for line in sheet.plan.lines]
        return lines

    # 3 months of the plan (3 x 22,000 = 66,000 + 11,000 to join = 77,000) beat 3 singles of
    # NMN (90,000); the month and the enrollment fee say what they are.
    three = QuoteRequest(sessions=3, months=3, with_=("vitc",), on=DAY)
    assert named(three)[:2] == [("NMN月額プラン（入会金）", "1"), ("NMN月額プラン（月額）", "3")]
    # One visit, both singly: the combo's 3,000 off, sold with single sessions only, says so.
    one = QuoteRequest(sessions=1, with_=("vitc",), on=DAY)
    assert ("同日セット割（回数券・初回価格との併用不可）", "1") in named(one)


# A plan enrolled in and out of its campaign in one course with months (engine31): the
# catalog of tests/test_engine.py's enrollment tests, its plan named in both languages.
def _enrolled_at_campaign() -> Catalog:
    from test_engine import _ENROLLED

    named = 'id = "nmn-m"\nname = "NMN月額"\nname_en = "NMN monthly"\n'
    text = _ENROLLED.replace('id = "nmn-m"\n', named)
    campaign = "enrollment_campaign = { price = 1000, valid_until = 2026-12-31 }\n"
    return parse_catalog(text + campaign, format="toml")


@pytest.mark.parametrize(
    ("locale", "campaign", "fee", "kinds"),
    [
        (
            "ja_JP",
            "NMN月額（入会金・キャンペーン価格）",
            "NMN月額（入会金）",
            ("入会金・キャンペーン価格", "入会金"),
        ),
        (
            "en_US",
            "NMN monthly (enrollment fee, campaign price)",
            "NMN monthly (enrollment fee)",
            ("enrollment fee, campaign price", "enrollment fee"),
        ),
    ],
)
def test_an_enrollment_at_its_campaign_price_is_named_apart_from_one_at_the_fee(
    locale: str, campaign: str, fee: str, kinds: tuple[str, str]
) -> None:
    from supecost.present import quote_table

    catalog = _enrolled_at_campaign()
    # Two sessions over four months from 10 December: enrolled in the campaign (1,000) and
    # again after it (5,000), each on its own line; both lines named 「入会金」 alike.
    result = quote(catalog, QuoteRequest(sessions=2, months=4, on=date(2026, 12, 10)))
    sheet = estimate(result, catalog, issued=date(2026, 12, 10), locale=locale)
    words = Words(locale)
    names = [line_name(words, line) for line in sheet.plan.lines]
    assert [names[0], names[2]] == [campaign, fee]
    assert f"| {campaign} | 1 |" in render(sheet, "md")
    # The quote's text names the kind in a column of its own: there the kind says it.
    table = quote_table(result, catalog, locale=locale)
    rows = [row for row in table.splitlines() if kinds[1] in row]
    assert len(rows) == 2
    assert kinds[0] in rows[0]
    assert kinds[0] not in rows[1]
    # One enrollment, in the campaign: its line says so too (1,000 + 2 x 10,000 = 21,000).
    single = quote(catalog, QuoteRequest(sessions=2, on=date(2026, 12, 10)))
    named = [
        line_name(words, line)
        for line in estimate(single, catalog, issued=date(2026, 12, 10)).plan.lines
    ]
    assert campaign in named
    # After the campaign, at the fee: named as ever.
    later = quote(catalog, QuoteRequest(sessions=2, on=date(2027, 1, 10)))
    named = [
        line_name(words, line)
        for line in estimate(later, catalog, issued=date(2027, 1, 10)).plan.lines
    ]
    assert fee in named
    assert campaign not in named


# --- Unit tickets (本数券) ----------------------------------------------------------------


def _placenta_tickets(price: int) -> tuple[Any, QuoteRequest]:
    text = Path("tests/data/placenta-tickets.toml").read_text(encoding="utf-8")
    catalog = parse_catalog(text.replace("price = 13500", f"price = {price}"), format="toml")
    request = QuoteRequest(
        treatment="placenta", units=2, sessions=4, new_patient=False, on=date(2026, 12, 1)
    )
    return catalog, request


def test_price_list_counts_a_unit_ticket_in_units() -> None:
    catalog, _ = _placenta_tickets(13_500)
    listed = price_list(catalog, on=date(2026, 12, 1))
    (ticket,) = listed.treatments[0].bundles
    assert ticket.counts_units
    # 13,500 / 10 = 1,350 an ampoule; its saving against 10 ampoules one a visit, each a
    # first unit: 10 x 1,500 - 13,500 = 1,500.
    text = render(listed, "md")
    assert "| プラセンタ10本券 | 10本券 | 13,500円（税込） | 1,350円（1本あたり） |" in text
    assert "1本ずつ来院した場合と比べて1,500円お得" in text
    english = render(listed, "md", locale="en_US")
    assert "ticket for 10 amp" in english
    assert "¥1,350 per amp" in english
    assert "saves ¥1,500 against one amp a visit" in english
    # The CSV counts it in the unit column.
    rows = list(csv.reader(io.StringIO(render(listed, "csv"))))
    (row,) = [r for r in rows if "プラセンタ10本券" in r]
    assert (row[3], row[-1]) == ("10", "本")
    assert json.loads(render(listed, "json"))["treatments"][0]["bundles"][0]["counts_units"]


def test_price_list_measures_a_ticket_counting_the_amount_per_dose() -> None:
    # audit34 F1: the 30本券 (33,000) on 1A 1,650 / 2A 2,750 / 3A 3,300 holds 30 visits of
    # 1A (49,500 singly: 16,500 saved), 15 of 2A (41,250: 8,250) and 10 of 3A (33,000: 0);
    # it said 66,000 saved at 3A, against 30 visits of 3A.
    text = Path("tests/data/placenta-doses.toml").read_text(encoding="utf-8")
    listed = price_list(parse_catalog(text, format="toml"), on=date(2026, 12, 1))
    (ticket,) = listed.treatments[0].bundles
    assert (ticket.counts_units, ticket.counts_amount) == (True, True)
    assert (ticket.saving.min, ticket.saving.max) == (0, 16_500)
    md = render(listed, "md")
    assert "| プラセンタ 30本券 | 30本券 | 33,000円（税込） | 1,100円（1本あたり） |" in md
    assert "用量ごとに都度払いした場合と比べて3Aで差額なし・1Aで16,500円お得" in md
    english = render(listed, "md", locale="en_US")
    assert "same cost at 3A, saves ¥16,500 at 1A against paying each dose's visits singly" in (
        english
    )
    bundle = json.loads(render(listed, "json"))["treatments"][0]["bundles"][0]
    assert bundle["counts_amount"]


def test_price_list_measures_a_ticket_only_against_the_doses_it_serves() -> None:
    # review34a R7: a 2本券 (2,000) counting the amount holds 2 visits of 1A (2 x 1,650 =
    # 3,300: 1,300 saved), 1 of 2A (2,750: 750 saved) and none of 3A, which the quote does
    # not sell it for: no 「3Aでお得になりません（2,000円割高）」 (0 x 3,300 - 2,000).
    text = Path("tests/data/placenta-doses.toml").read_text(encoding="utf-8")
    small = text.replace("sessions = 30", "sessions = 2").replace("price = 33000", "price = 2000")
    listed = price_list(parse_catalog(small, format="toml"), on=date(2026, 12, 1))
    (ticket,) = listed.treatments[0].bundles
    assert (ticket.saving.min, ticket.saving.max) == (750, 1_300)
    md = render(listed, "md")
    assert "用量ごとに都度払いした場合と比べて2Aで750円お得・1Aで1,300円お得" in md
    assert "3A" not in md[md.index("| プラセンタ 30本券 |") :].splitlines()[0]
    english = render(listed, "md", locale="en_US")
    assert "saves ¥750 at 2A, saves ¥1,300 at 1A against paying each dose's visits singly" in (
        english
    )
    # A 1本券 (500) holds 1 visit of 1A only (1,650: 1,150 saved): one dose, no ends to name.
    one = small.replace("sessions = 2", "sessions = 1").replace("price = 2000", "price = 500")
    (single,) = (
        price_list(parse_catalog(one, format="toml"), on=date(2026, 12, 1)).treatments[0].bundles
    )
    assert (single.saving.min, single.saving.max, single.dose_ends) == (1_150, 1_150, None)
    # Without 1A, a 1本券 serves no dose: measured against none of them, it saves nothing
    # (0 visits paid singly - 33,000), rather than against a dose it cannot pay for.
    none = text.replace("sessions = 30", "sessions = 1")
    none = "\n".join(line for line in none.splitlines() if 'id = "1a"' not in line)
    (idle,) = (
        price_list(parse_catalog(none, format="toml"), on=date(2026, 12, 1)).treatments[0].bundles
    )
    assert (idle.saving.min, idle.saving.max) == (-33_000, -33_000)


def test_a_unit_tickets_table_headers_count_units_and_sets_beside_it_both() -> None:
    catalog, _ = _placenta_tickets(13_500)
    # Only the ticket: its section, count and per-one columns speak of 本 (13,500 / 10 = 1,350).
    text = render(price_list(catalog, on=date(2026, 12, 1)), "md")
    assert "### 本数券\n" in text
    assert "| プラン | 本数 | 総額 | 1本あたり |" in text
    assert "| 1回あたり |" not in text
    english = render(price_list(catalog, on=date(2026, 12, 1)), "md", locale="en_US")
    assert "### Unit tickets\n" in english
    assert "| Plan | Units (amp) | Total | Per amp |" in english
    # Beside a set of 5 visits (5 x 1,500 = 7,500 singly; 7,000 = 1,400 a visit), both.
    both = catalog.model_copy(
        update={
            "offers": (
                *catalog.offers,
                Bundle(kind="bundle", id="p5", treatment="placenta", sessions=5, price=7_000),
            )
        }
    )
    text = render(price_list(both, on=date(2026, 12, 1)), "md")
    assert "### 回数券・本数券・コース\n" in text
    assert "| プラン | 回数・本数 | 総額 | 1回・1本あたり |" in text
    assert "| 5回 | 7,000円（税込） | 1,400円 |" in text
    english = render(price_list(both, on=date(2026, 12, 1)), "md", locale="en_US")
    assert "| Plan | Sessions / units (amp) | Total | Per session / amp |" in english


def test_an_estimate_of_more_than_one_unit_a_visit_prices_each_visit() -> None:
    # 4 visits x 2本 = 8 ampoules, the ticket at 9,000 (2 ampoules left): 9,000 / 4 visits =
    # 2,250 a visit, not an ampoule's price (9,000 / 8 = 1,125).
    catalog, request = _placenta_tickets(9_000)
    report = estimate(quote(catalog, request), catalog, issued=DAY)
    assert report.plan.total == YenRange.exact(9_000)
    assert "- **1回の来院あたり**: 2,250円" in render(report, "md")
    assert "- **Per visit**: ¥2,250" in render(report, "md", locale="en_US")
    # One unit a visit: a session is a visit, and says so as before.
    one = quote(catalog, request.model_copy(update={"units": 1}))
    assert "- **1回あたり**:" in render(estimate(one, catalog, issued=DAY), "md")


def test_estimate_names_a_unit_tickets_units_left() -> None:
    # 4 visits x 2本 = 8 ampoules: the ticket at 9,000 beats singles (4 x 2,500 = 10,000)
    # and leaves 2 ampoules unused.
    catalog, request = _placenta_tickets(9_000)
    chosen = render(estimate(quote(catalog, request), catalog, issued=DAY), "md")
    assert "本数券の未使用分" in chosen
    assert "2本" in chosen
    # At 11,000 singles win and the ticket is the runner-up, its units left named.
    catalog, request = _placenta_tickets(11_000)
    report = estimate(quote(catalog, request), catalog, issued=DAY)
    (runner,) = report.runners_up
    assert runner.units_unused == 2
    assert "プラセンタ10本券（未使用2本）" in render(report, "md")
    assert "Placenta, 10 amp (2 amp unused)" in render(report, "md", locale="en_US")
    assert "プラセンタ10本券（未使用2本）" in render(report, "csv")


def test_an_offer_one_per_patient_says_so_on_the_price_list_and_its_csv() -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "per-patient.toml")
    report = price_list(catalog, on=date(2026, 12, 10))
    text = render(report, "md")
    # The campaign set, in its sales-window column after its places; the duo package too.
    assert "2027年1月31日まで、先着20名様、お一人様1セット限り |" in text
    assert "| 記載なし | お一人様1セット限り |" in text
    english = render(report, "md", locale="en_US")
    assert "first 20 patients, one per patient |" in english
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    assert any("お一人様1セット限り" in cell for row in rows for cell in row)
    # Two per patient, in the plural.
    two = catalog.model_copy(
        update={
            "offers": tuple(
                o.model_copy(update={"per_patient": 2}) if o.id == "duo" else o
                for o in catalog.offers
            )
        }
    )
    twice = price_list(two, on=date(2026, 12, 10))
    assert "| 記載なし | お一人様2セット限り |" in render(twice, "md")
    assert "| at most 2 per patient |" in render(twice, "md", locale="en_US")


def test_a_set_for_every_dose_beside_an_open_ended_ladder_step_lists_its_saving_as_a_range() -> (
    None
):
    # The set serves every dose; the 3cc dose's ladder has an open-ended second step, so
    # the singles it is measured against have no top: its saving is a range's, not the
    # doses' ends (this crashed the price list).
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "G"},
            "treatments": [
                {
                    "id": "t1",
                    "name": "A",
                    "dose_unit": "cc",
                    "doses": [
                        {"id": "1cc", "amount": 1, "price": 1000},
                        {"id": "3cc", "amount": 3, "price": 3000},
                    ],
                }
            ],
            "offers": [
                {"kind": "bundle", "id": "o1", "treatment": "t1", "sessions": 2, "price": 1500},
                {
                    "kind": "ladder",
                    "id": "l1",
                    "treatment": "t1:3cc",
                    "steps": [{"from": 1, "price": 3000}, {"from": 2, "price": {"min": 2000}}],
                },
            ],
        }
    )
    listed = price_list(catalog, on=date(2026, 1, 1))
    (entry,) = listed.treatments[0].bundles
    assert entry.dose_ends is None
    assert "500円お得" in render(listed, "md")


@pytest.mark.parametrize(
    ("asked", "ja", "en"),
    [
        (
            {"bought": {"sup-camp": 1}},
            "- **購入済み（お一人様限定）**: 冬のキャンペーン 上清液2cc 3回 × 1",
            "- **Bought before (limited per patient)**: Winter campaign: 3 sessions of 2cc × 1",
        ),
        (
            {"sold_out": ("sup-camp",)},
            "- **受付終了（先着順）**: 冬のキャンペーン 上清液2cc 3回",
            "- **Sold out (first patients only)**: Winter campaign: 3 sessions of 2cc",
        ),
    ],
)
def test_the_request_facts_say_what_was_bought_before_and_what_is_sold_out(
    asked: dict[str, Any], ja: str, en: str
) -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "per-patient.toml")
    on = date(2026, 12, 10)
    # 6 sessions of 2cc (before tax): the campaign set and 3 singles, 135,000 + 3 x 60,000 =
    # 315,000, x 1.1 = 346,500; without it the course of 6, 324,000 x 1.1 = 356,400. The
    # facts say why the cheaper campaign is not in the plans.
    request = QuoteRequest(treatment="sup:2cc", sessions=6, on=on, **asked)
    result = quote(catalog, request)
    assert result.best.total == YenRange.exact(356_400)
    assert all(option.way != Way.bundle("sup-camp") for option in result.options)
    sheet = estimate(result, catalog, issued=on)
    assert ja in render(sheet, "md")
    assert en in render(sheet, "md", locale="en_US")
    label, value = ja.removeprefix("- **").split("**: ")
    assert [label, value] in [row[:2] for row in csv.reader(io.StringIO(render(sheet, "csv")))]
    assert ja in render(comparison(catalog, request, max_sessions=2), "md")
    # Neither is said where the request did not name it: 346,500 with the campaign.
    plain = estimate(
        quote(catalog, QuoteRequest(treatment="sup:2cc", sessions=6, on=on)), catalog, issued=on
    )
    assert plain.plan.total == YenRange.exact(346_500)
    assert "購入済み" not in render(plain, "md")
    assert "受付終了" not in render(plain, "md")


def test_the_request_facts_say_a_plan_joined_before_is_not_limited_per_patient() -> None:
    # review30 F2. `bought` naming a plan with a first-month price says the patient joined it
    # before: NMN plan 19,800 a month, first month free (first_month = {}): new, 0 + 2 x
    # 19,800 = 39,600; joined before, 3 x 19,800 = 59,400, with no first-month line.
    catalog = load_catalog(HERE / "data" / "s30-clinic.toml")
    on = date(2026, 12, 5)
    request = QuoteRequest(treatment="nmn", sessions=3, months=3, bought={"nmn-m": 1}, on=on)
    result = quote(catalog, request)
    assert result.best.total == YenRange.exact(59_400)
    sheet = estimate(result, catalog, issued=on)
    assert "- **以前に入会済み（初月価格の対象外）**: NMN月額プラン" in render(sheet, "md")
    assert "- **Joined before (no first-month price)**: NMN monthly plan" in render(
        sheet, "md", locale="en_US"
    )
    assert "購入済み" not in render(sheet, "md")
    assert "以前に入会済み" in render(comparison(catalog, request, max_sessions=2), "md")
    # A count of 0 is "not bought" (148,500 campaign set bought as usual): nothing is said.
    none = QuoteRequest(treatment="sup:2cc", sessions=3, bought={"sup-camp": 0}, on=on)
    text = render(estimate(quote(catalog, none), catalog, issued=on), "md")
    assert "購入済み" not in text
    assert "以前に入会済み" not in text


def test_the_price_list_csv_files_a_unit_ticket_as_its_own_kind() -> None:
    # review30 F8: the 10-amp placenta ticket (13,200 for 10本: 1,320 each) is 本数券 in the
    # 区分 column, as the page's heading and the quote's kind column call it; a set of
    # visits stays 回数券・コース.
    catalog = load_catalog(HERE / "data" / "s30-clinic.toml")
    report = price_list(catalog, on=date(2026, 12, 10))
    for locale, ticket, visits in (
        ("ja_JP", "本数券", "回数券・コース"),
        ("en_US", "unit ticket", "set"),
    ):
        rows = list(csv.reader(io.StringIO(render(report, "csv", locale=locale))))
        kinds = {row[2]: row[0] for row in rows[1:] if row[3] == "10"}
        (name,) = [item for item in kinds if "10" in item and kinds[item] == ticket]
        assert "13200" in next(row for row in rows if row[2] == name)
        assert visits in {row[0] for row in rows}


def test_the_price_list_csv_carries_what_its_page_does() -> None:
    # s30 audit F10, on the audit's catalog (tests/data/s30-clinic.toml).
    text = (HERE / "data" / "s30-clinic.toml").read_text(encoding="utf-8")
    catalog = parse_catalog(text, format="toml")
    report = price_list(catalog, on=date(2026, 12, 10))
    rows = list(csv.reader(io.StringIO(render(report, "csv"))))
    cells = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    # (a) Every disclosure the page has, a row each, the page's own words.
    page = render(report, "md")
    facts = [c for c in cells if c["区分"] == "治療の説明" and c["治療"] == "幹細胞培養上清液点滴"]
    assert [c["項目"] for c in facts] == [
        "投与方法",
        "標準的な治療回数・期間",
        "標準的な費用",
        "先着順のキャンペーン価格の場合",
        "主なリスク・副作用",
        "未承認医薬品等",
        "入手経路",
        "国内の承認医薬品等の有無",
        "諸外国における安全性等に係る情報",
    ]
    for fact in facts:
        assert f"- **{fact['項目']}**: {fact['表示']}" in page
    # (b) A set's price per session and saving: 163,350 / 3 = 54,450 against 3 x 60,500 =
    # 181,500, 18,150 less; the ticket 13,200 / 10 = 1,320 an ampoule, 10 x 1,650 - 13,200
    # = 3,300 less than one a visit.
    by_item = {c["項目"]: c for c in cells}
    assert (
        by_item["上清液2cc 3回セット"]["1回あたり"],
        by_item["上清液2cc 3回セット"]["都度払いとの差額"],
    ) == (
        "54,450円",
        "18,150円お得",
    )
    ticket = by_item["プラセンタ注射 10本券"]
    assert ticket["1回あたり"] == "1,320円（1本あたり）"
    assert ticket["都度払いとの差額"] == "1本ずつ来院した場合と比べて3,300円お得"
    assert by_item["1回の料金"]["1回あたり"] == ""
    # (d) A combo's treatments joined with 「＋」, as every other format writes them.
    assert by_item["エクソソーム＋NMN同日併用"]["治療"] == "エクソソーム点滴＋NMN点滴"
    # (c) A first-month price for 2 months at 1 session a month counts 2 sessions, as
    # the minimum term's row counts 3 x 1; its note says the months.
    two = text.replace("first_month = {}", "first_month = { price = 9900, months = 2 }")
    rows = list(
        csv.reader(
            io.StringIO(
                render(price_list(parse_catalog(two, format="toml"), on=date(2026, 12, 10)), "csv")
            )
        )
    )
    months = {row[0]: (row[3], row[11]) for row in rows if row[0].startswith("月額プラン")}
    assert months["月額プラン初月"] == ("2", "初回2か月 各9,900円（税込）")
    assert months["月額プラン最低契約期間"] == ("3", "")


def test_an_estimate_says_which_payment_a_whole_bill_discount_on_a_plan_comes_off() -> None:
    welcome = '[[discounts]]\nid = "welcome"\nname = "ご新規様10,000円引き"\namount = 10000\n'
    menu = parse_catalog(PLAN_CAMPAIGN + welcome, format="toml")
    on = date(2026, 4, 1)  # before the enrollment campaign: its fee is 11,000
    request = QuoteRequest(sessions=3, months=3, new_patient=True, on=on)
    # Month 1: 11,000 + 27,500 - 10,000 = 28,500: the discount fits in the first payment.
    text = render(estimate(quote(menu, request), menu, issued=on), "md")
    assert "ご新規様10,000円引きは1か月目（初回ご利用時）のお支払いから差し引いています" in text
    # Without months the estimate has no schedule: its first month's plan lines, 11,000 +
    # 27,500 = 38,500 > 10,000, take the discount whole, so nothing is said carried over.
    bare = quote(menu, QuoteRequest(sessions=3, new_patient=True, on=on))
    assert not bare.best.payments
    text = render(estimate(bare, menu, issued=on), "md", locale="en_US")
    assert "Taken off the payment of month 1 (first visit): ご新規様10,000円引き" in text
    assert "following months" not in text


S31 = HERE / "data" / "s31-clinic.toml"
"""The s31 audit's catalog: one non-stacking discount (autumn), a combo, a plan, goods."""

S31_MIXED = (
    S31.read_text(encoding="utf-8")
    + '\n[[fees]]\nid = "insured"\nname = "保険診療分（自己負担）"\n'
    'name_en = "Insured care (co-payment)"\nprice = 1230\ncharged = "once"\ntax = "exempt"\n'
)
"""The audit's mix.toml (F9): the same clinic with an insured (非課税) part of the bill."""

RIVALS = (
    'schema_version = 1\n[clinic]\nname = "K"\n'
    '[[treatments]]\nid = "exo"\nname = "エクソソーム点滴"\nprice = 55000\n'
    '[[discounts]]\nid = "new"\nname = "新患割"\nname_en = "New-patient"\namount = 3000\n'
    "new_patients_only = true\n"
    '[[discounts]]\nid = "autumn"\nname = "秋のキャンペーン割"\nname_en = "Autumn"\npercent = 10\n'
    'treatments = ["exo"]\nvalid_from = 2026-10-01\nvalid_until = 2026-12-31\n'
    '[[discounts]]\nid = "spring"\nname = "春割"\nname_en = "Spring"\npercent = 5\n'
    "valid_from = 2027-03-01\nvalid_until = 2027-04-30\n"
    '[[discounts]]\nid = "summer"\nname = "夏割"\nname_en = "Summer"\npercent = 5\n'
    "valid_from = 2026-07-01\nvalid_until = 2026-08-31\n"
    '[[discounts]]\nid = "repeat"\nname = "リピート割<b>"\nname_en = "Repeat"\namount = 1000\n'
    "stacks = true\n"
)
"""Four non-stacking discounts (one ended by 15 October 2026, one not yet on sale) and a
stacking one whose name needs escaping."""


def test_a_non_stacking_discount_names_the_discounts_it_does_not_combine_with() -> None:
    # s31 audit F2: 「他の割引と併用不可」 said more than the engine does (a combo and every
    # stacking discount apply beside it). On 15 October 2026: the new-patient discount meets
    # the autumn campaign (10/1-12/31) and the spring one (3/1-4/30, listed with its window);
    # the autumn campaign and spring never share a day; summer ended on 8/31, so it is neither
    # listed nor named.
    prices = price_list(parse_catalog(RIVALS, format="toml"), on=date(2026, 10, 15))
    assert {d.id: [n.ja for n in d.excludes] for d in prices.discounts} == {
        "new": ["秋のキャンペーン割", "春割"],
        "autumn": ["新患割"],
        "spring": ["新患割"],
        "repeat": [],
    }
    japanese = render(prices, "md")
    assert "| 当院が初めての方のみ、秋のキャンペーン割・春割とは併用不可 |" in japanese
    assert "2026年12月31日まで、新患割とは併用不可 |" in japanese
    # A stacking one combines with every discount, its name escaped as catalog text is.
    assert "| リピート割&lt;b&gt; | 1,000円引き | お会計全体 | 他の割引と併用可 |" in japanese
    assert "他の割引と併用不可" not in japanese
    english = render(prices, "md", locale="en_US")
    assert "| new patients only, does not combine with Autumn or Spring |" in english
    html = render(prices, "html")
    assert "秋のキャンペーン割・春割とは併用不可" in html
    assert "リピート割&lt;b&gt;" in html


def test_the_only_non_stacking_discount_says_nothing_of_combining() -> None:
    # The audit's reproduction: the autumn campaign is the catalog's one discount, and its
    # combo applies beside it (198,000 on the quote), so the list no longer says otherwise.
    catalog = load_catalog(S31)
    prices = price_list(catalog, on=date(2026, 10, 15))
    (autumn,) = prices.discounts
    assert autumn.excludes == ()
    for locale in ("ja_JP", "en_US"):
        text = render(prices, "md", locale=locale)
        assert "併用不可" not in text.split("## ")[-2]
        assert "does not combine" not in text
    assert "| 2026年10月1日から、2026年12月31日まで |" in render(prices, "md")
    # Pricing is unchanged: exo 3 x 49,500 (10% off) + NMN 3 x 22,000 - 3 x 5,500 = 198,000.
    asked = QuoteRequest(
        treatment="exo",
        with_=("nmn:100mg",),
        sessions=3,
        new_patient=False,
        on=date(2026, 10, 15),
    )
    assert quote(catalog, asked).best.total == YenRange.exact(198_000)


S31_NOT_WITH_COMBOS = S31.read_text(encoding="utf-8").replace(
    '[[discounts]]\nid = "autumn"\n', '[[discounts]]\nid = "autumn"\nwith_combos = false\n'
)
"""The audit's catalog where the autumn campaign says 「セット割との併用不可」 (with_combos)."""


def test_a_discount_not_with_combos_says_so_wherever_it_is_shown() -> None:
    catalog = parse_catalog(S31_NOT_WITH_COMBOS, format="toml")
    prices = price_list(catalog, on=date(2026, 10, 15))
    (autumn,) = prices.discounts
    assert autumn.without_combos
    japanese = render(prices, "md")
    assert "| 2026年10月1日から、2026年12月31日まで、同時施術割引との併用不可 |" in japanese
    english = render(prices, "md", locale="en_US")
    assert "until Dec 31, 2026, not with combination savings |" in english
    # At 20% the campaign beats the combo: the estimate's unit prices include it, and say
    # why no combo's line is beside it. 3 x 44,000 + 3 x 22,000 = 198,000.
    dearer = parse_catalog(
        S31_NOT_WITH_COMBOS.replace("percent = 10\n", "percent = 20\n"), format="toml"
    )
    asked = QuoteRequest(
        treatment="exo", with_=("nmn:100mg",), sessions=3, new_patient=False, on=date(2026, 10, 15)
    )
    result = quote(dearer, asked)
    assert result.best.total == YenRange.exact(198_000)
    estimated = render(estimate(result, dearer, issued=DAY), "md")
    assert "秋のキャンペーン（20%引き・同時施術割引との併用不可）" in estimated
    assert "同日併用" not in estimated.split("内訳")[-1]


def test_a_catalog_without_combos_says_nothing_of_them() -> None:
    # Without a combo the condition is moot: the list does not print it.
    text = (
        S31_NOT_WITH_COMBOS.split("[[combos]]")[0]
        + "[[fees]]"
        + (S31_NOT_WITH_COMBOS.split("[[combos]]")[1].split("[[fees]]", 1)[1])
    )
    catalog = parse_catalog(text, format="toml")
    assert not catalog.combos
    prices = price_list(catalog, on=date(2026, 10, 15))
    assert not prices.discounts[0].without_combos
    assert "同時施術割引" not in render(prices, "md")


def test_a_whole_bill_discount_not_with_combos_names_it_on_its_line() -> None:
    body = (
        'schema_version = 2\n[clinic]\nname = "K"\n'
        '[[treatments]]\nid = "a"\nname = "A点滴"\nprice = 10000\n'
        '[[treatments]]\nid = "b"\nname = "B点滴"\nprice = 5000\n'
        '[[combos]]\nid = "ab"\nname = "AB同日"\ntreatments = ["a", "b"]\ndiscount = 1000\n'
        '[[discounts]]\nid = "big"\nname = "お会計20%オフ"\nname_en = "20% off the bill"\n'
        "percent = 20\nwith_combos = false\n"
    )
    catalog = parse_catalog(body, format="toml")
    asked = QuoteRequest(treatment="a", with_=("b",), sessions=2, new_patient=False, on=DAY)
    result = quote(catalog, asked)
    # 2 x 15,000 = 30,000 less 20% = 24,000, against the combo's 30,000 - 2,000 = 28,000.
    assert result.best.total == YenRange.exact(24_000)
    entries = [line_entry(catalog, line, DAY) for line in result.best.lines]
    (line,) = [entry for entry in entries if entry.kind is LineKind.DISCOUNT]
    assert line.without_combos
    assert line_name(Words("ja_JP"), line) == "お会計20%オフ（同時施術割引との併用不可）"
    assert line_name(Words("en_US"), line) == "20% off the bill (not with combination savings)"
    assert "お会計20%オフ（同時施術割引との併用不可）" in render(
        estimate(result, catalog, issued=DAY), "md"
    )


_WINTER_C1 = (
    'schema_version = 2\n[clinic]\nname = "K"\n'
    '[[treatments]]\nid = "exo"\nname = "エクソソーム点滴"\nname_en = "Exosome IV"\n'
    "price = 77000\n"
    '[[offers]]\nkind = "intro"\nid = "exo-first"\ntreatment = "exo"\n'
    'name = "エクソソーム点滴 初回限定"\nprice = 55000\n'
    '[[discounts]]\nid = "winter"\nname = "冬のキャンペーン"\nname_en = "Winter campaign"\n'
    'percent = 10\ntreatments = ["exo"]\nwith_first_time = false\n'
)
"""The audit's c1 (s31c F5) cut down: a campaign not with the first-time price."""


def test_a_discount_not_with_first_time_prices_says_so_wherever_it_is_shown() -> None:
    catalog = parse_catalog(_WINTER_C1, format="toml")
    prices = price_list(catalog, on=DAY)
    (winter,) = prices.discounts
    assert winter.not_with == ("first_time",)
    assert "| エクソソーム点滴の単回 | 初回価格との併用不可 |" in render(prices, "md")
    assert "not with first-time prices |" in render(prices, "md", locale="en_US")
    # 3 x 69,300 = 207,900 against 55,000 + 2 x 77,000 = 209,000: the campaign, and the
    # estimate says why no first-time price is beside it.
    asked = QuoteRequest(treatment="exo", sessions=3, on=DAY)
    result = quote(catalog, asked)
    assert result.best.total == YenRange.exact(207_900)
    estimated = render(estimate(result, catalog, issued=DAY), "md")
    assert "冬のキャンペーン（10%引き・初回価格との併用不可）" in estimated
    english = render(estimate(result, catalog, issued=DAY), "md", locale="en_US")
    assert "Winter campaign (10% off; not with first-time prices)" in english


def test_a_whole_bill_discount_not_with_offers_names_it_on_its_line() -> None:
    body = (
        _WINTER_C1.replace(
            'percent = 10\ntreatments = ["exo"]\nwith_first_time = false', "amount = 20000"
        )
        + "with_offers = false\n"
        + '[[offers]]\nkind = "bundle"\nid = "exo-3"\ntreatment = "exo"\nname = "3回セット"\n'
        "sessions = 3\nprice = 220000\n"
    )
    catalog = parse_catalog(body, format="toml")
    asked = QuoteRequest(treatment="exo", sessions=3, new_patient=False, on=DAY)
    result = quote(catalog, asked)
    # 3 x 77,000 - 20,000 = 211,000 against the set's 220,000 (no campaign beside it).
    assert result.best.total == YenRange.exact(211_000)
    entries = [line_entry(catalog, line, DAY) for line in result.best.lines]
    (line,) = [entry for entry in entries if entry.kind is LineKind.DISCOUNT]
    assert line.not_with == ("offers",)
    assert (
        line_name(Words("ja_JP"), line) == "冬のキャンペーン（セット・回数券・プランとの併用不可）"
    )
    assert line_name(Words("en_US"), line) == "Winter campaign (not with sets, tickets or plans)"
    # The price list says it; without the set it would say nothing (lint's SC053).
    assert "セット・回数券・プランとの併用不可" in render(price_list(catalog, on=DAY), "md")
    alone = parse_catalog(body.split('[[offers]]\nkind = "bundle"')[0], format="toml")
    assert price_list(alone, on=DAY).discounts[0].not_with == ()


def _paragraphs(page: Any) -> list[str]:
    return [block.text for block in page.blocks if isinstance(block, Paragraph)]


# s31 review 5: the usual course's note is the treatment's fact, in no row, and ends with a
# discount's note, which its row carries: the CSV must still say the course's.
_CLINIC_C = """schema_version = 2
[clinic]
name = "C"
prices_include_tax = true
contact = "03"
"""


_A_NOTE_ENDING_ANOTHER = (
    _CLINIC_C
    + """[[treatments]]
id = "a"
name = "A点滴"
name_en = "A drip"
price = 11000
typical_course = { sessions = 6, months = 6, note = "土日は休診のため平日のみ" }
[[discounts]]
id = "d1"
name = "平日割"
name_en = "Weekday discount"
percent = 10
note = "平日のみ"
"""
)


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
@pytest.mark.parametrize(
    "name", ["s31", "mixed", "reference", "v2", "goods", "courses", "note_ending_another"]
)
def test_the_price_list_csv_carries_every_paragraph_of_the_page(name: str, locale: str) -> None:
    # s31 audit F4: the CSV a clinic publishes carries the contact point (DOMAIN §5), the
    # self-pay statement, the deduction note, the ※ legend and every note the page has.
    catalog = {
        "note_ending_another": lambda: parse_catalog(_A_NOTE_ENDING_ANOTHER, format="toml"),
        "s31": lambda: load_catalog(S31),
        "mixed": lambda: parse_catalog(S31_MIXED, format="toml"),
        "reference": reference_catalog,
        "v2": lambda: load_catalog(V2),
        "goods": lambda: load_catalog(GOODS),
        "courses": lambda: load_catalog(HERE / "data" / "courses.toml"),
    }[name]()
    prices = price_list(catalog, on=date(2026, 6, 1))
    page = layout(prices, locale)
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale=locale))))
    cells = {cell for row in rows for cell in row}
    # An item's own note is in its row: the page's sentence of it is that row's item (or
    # treatment, for a treatment's own note) and note, whole (「注記（平日割）：平日のみ」),
    # never a sentence that merely ends alike.
    words = Words(locale)
    named = [rows[0].index(words("treatment")), rows[0].index(words("item"))]
    note = rows[0].index(words("note"))
    in_rows = {
        words(
            "note_line", label=words("note_of", label=words("note"), who=row[who]), text=row[note]
        )
        for row in rows[1:]
        for who in named
        if row[note]
    }
    missing = [text for text in _paragraphs(page) if text not in cells | in_rows]
    assert missing == []
    facts = next(block for block in page.blocks if isinstance(block, Facts))
    for label, value in facts.items:  # the clinic, its registration number, its contact
        assert [label, value] in [row[2:3] + row[10:11] for row in rows]
    assert all(len(row) == len(rows[0]) for row in rows)


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_the_price_list_csv_gives_each_discount_s_target_and_conditions(locale: str) -> None:
    # The page's discount table has what a discount comes off and its conditions (its
    # window, 「他の割引と併用不可」's names); the CSV's discount rows carry both, the target
    # where a treatment goes and the conditions in a last column, as the page words them.
    prices = price_list(load_catalog(S31), on=date(2026, 10, 15))
    page = layout(prices, locale)
    words = Words(locale)
    heading = next(
        i
        for i, block in enumerate(page.blocks)
        if isinstance(block, Heading) and block.text == words("discounts")
    )
    table = next(b for b in page.blocks[heading:] if isinstance(b, Table))
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale=locale))))
    assert rows[0][-1] == words("conditions")
    discounts = {row[2]: (row[1], row[-1]) for row in rows if row[0] == words("csv_discount")}
    assert discounts == {name: (applies, conditions) for name, _, applies, conditions in table.rows}
    # The autumn campaign, as the menu prints it: exosome's single sessions, from
    # 1 October to 31 December (the English page's names are the catalog's English ones).
    if locale == "ja_JP":
        assert discounts["秋のキャンペーン"] == (
            "エクソソーム点滴の単回",
            "2026年10月1日から、2026年12月31日まで",
        )


def test_the_price_list_csv_gives_a_plan_s_enrollment_fee_and_extra_session() -> None:
    # s31 audit F4 (d): the minimum term's 104,500 = 3 x 33,000 + 5,500 includes the
    # enrollment fee, which the CSV now lists; an extra session is 9,900 (9,000 before tax).
    prices = price_list(load_catalog(S31), on=date(2026, 6, 1))
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    plan = [row[:8] + row[10:11] for row in rows if row[0].startswith("月額プラン")]
    assert plan[2:] == [
        [
            "月額プラン入会金",
            "高濃度ビタミンC点滴 10g",
            "高濃度ビタミンC 月額プラン",
            "",
            "5500",
            "5500",
            "5500",
            "5000",
            "5,500円（税込）",
        ],
        [
            "月額プラン追加1回",
            "高濃度ビタミンC点滴 10g",
            "高濃度ビタミンC 月額プラン",
            "",
            "9900",
            "9900",
            "9900",
            "9000",
            "9,900円（税込）",
        ],
    ]
    english = list(csv.reader(io.StringIO(render(prices, "csv", locale="en_US"))))
    assert [row[0] for row in english if row[0].startswith("monthly plan")][2:] == [
        "monthly plan, enrollment fee",
        "monthly plan, extra session",
    ]
    statements = [row[1:3] + row[10:11] for row in rows if row[0] == "記載事項"]
    assert ["料金表", "お問い合わせ先", "03-9876-5432（受付 10:00〜19:00）"] in statements
    assert ["ご注意", "", "※は軽減税率(8%)対象"] in statements


def test_a_plan_without_an_enrollment_fee_or_extra_sessions_says_none_in_the_csv() -> None:
    # The page says なし for both; the CSV's rows say so, with no amount to pay.
    text = S31.read_text(encoding="utf-8").replace("enrollment_fee = 5500\n", "")
    text = text.replace("extra_session_price = 9900\n", "")
    catalog = parse_catalog(text, format="toml")
    (plan,) = [p for e in price_list(catalog, on=DAY).treatments for p in e.subscriptions]
    assert plan.extra_session_price is None
    assert plan.enrollment_fee.included.max == 0
    rows = list(csv.reader(io.StringIO(render(price_list(catalog, on=DAY), "csv"))))
    fees = [row[4:11] for row in rows if row[0] in ("月額プラン入会金", "月額プラン追加1回")]
    assert fees == [["", "", "", "", "", "", "なし"]] * 2


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_a_plan_s_free_extra_session_and_termination_are_prices_in_the_csv_as_on_the_page(
    locale: str,
) -> None:
    # s31 review 6: extra sessions at 0円 are free, not "not offered": the page says
    # 「追加1回: 0円（税込）」, and so does the CSV, with 0 in its amount columns; only the
    # enrollment fee of 0 reads as none (なし), on both.
    text = S31.read_text(encoding="utf-8").replace("enrollment_fee = 5500\n", "")
    text = text.replace(
        "extra_session_price = 9900\n", "extra_session_price = 0\nearly_termination_fee = 0\n"
    )
    prices = price_list(parse_catalog(text, format="toml"), on=DAY)
    words = Words(locale)
    facts = dict(
        item
        for block in layout(prices, locale).blocks
        if isinstance(block, Facts)
        for item in block.items
    )
    rows = list(csv.reader(io.StringIO(render(prices, "csv", locale=locale))))
    shown = rows[0].index(words("csv_text"))
    plan = words("csv_subscription")
    for fact, kind, amounts in [
        (
            "enrollment_fee",
            words("csv_plan_term", plan=plan, kind=words("kind_enrollment")),
            [""] * 6,
        ),
        (
            "extra_session_price",
            words("csv_plan_term", plan=plan, kind=words("kind_extra_session")),
            ["0"] * 6,
        ),
        (
            "early_termination_fee",
            words(
                "csv_plan_term",
                plan=words("csv_subscription"),
                kind=words("kind_early_termination"),
            ),
            ["0"] * 6,
        ),
    ]:
        (row,) = [row for row in rows if row[0] == kind]
        assert (row[shown], row[4:10]) == (facts[words(fact)], amounts)
    assert (
        facts[words("extra_session_price")]
        == {"ja_JP": "0円（税込）", "en_US": "¥0 (tax incl.)"}[locale]
    )


def test_an_estimate_with_goods_says_its_price_per_session_leaves_them_out(
    s31_goods_quote: tuple[Catalog, Quote],
) -> None:
    # s31 audit F7 (the fixture's arithmetic): a total of 359,460 for 6 sessions beside a
    # price per session of 55,917, which leaves the goods out, and now says so.
    catalog, result = s31_goods_quote
    assert result.best.total == YenRange.exact(359_460)
    assert result.best.per_session == YenRange.exact(55_917)
    report = estimate(result, catalog, issued=date(2026, 6, 1))
    assert "- **1回あたり（物販を除く）**: 55,917円" in render(report, "md")
    english = render(report, "md", locale="en_US")
    assert "- **Per session (excluding goods)**: ¥55,917" in english
    rows = csv.reader(io.StringIO(render(report, "csv")))
    assert ["1回あたり（物販を除く）", "55,917円"] in [row[:2] for row in rows]
    # Without goods the figure is the total's share, and says nothing more.
    bare = quote(catalog, result.request.model_copy(update={"goods": {}}))
    text = render(estimate(bare, catalog, issued=date(2026, 6, 1)), "md")
    assert "- **1回あたり**: 55,917円" in text


@pytest.mark.parametrize(
    ("locale", "statement"),
    [
        (
            "ja_JP",
            (
                "非課税の保険診療分（自己負担）を除き、掲載している治療は自由診療であり、"
                "公的医療保険は適用されません。自由診療の費用は全額自己負担です。"
            ),
        ),
        (
            "en_US",
            (
                "Except the non-taxable Insured care (co-payment), the treatments shown are "
                "self-pay (自由診療): public health insurance does not cover them and the "
                "patient pays their full cost."
            ),
        ),
    ],
)
def test_a_document_with_an_exempt_item_scopes_the_self_pay_statement(
    locale: str, statement: str
) -> None:
    # s31 audit F9 (DOMAIN §1: insured care is the non-taxable category): the bill's one
    # 非課税 line is the insured part, 1,230 with no tax, and the page names it as not self-pay.
    catalog = parse_catalog(S31_MIXED, format="toml")
    request = QuoteRequest(
        treatment="vitc:10g", sessions=2, goods={"nmn-caps": 1}, on=date(2026, 6, 1)
    )
    result = quote(catalog, request)
    assert [t.total for t in result.best.tax if t.category.value == "exempt"] == [
        YenRange.exact(1_230)
    ]
    report = estimate(result, catalog, issued=date(2026, 6, 1), locale=locale)
    assert statement in _paragraphs(layout(report, locale))
    prices = price_list(catalog, on=date(2026, 6, 1))
    assert statement in _paragraphs(layout(prices, locale))
    # Without an exempt item the page says what it always did.
    plain = estimate(quote(load_catalog(S31), request), load_catalog(S31), issued=DAY)
    assert Words("ja_JP")("self_pay_long") in _paragraphs(layout(plain, "ja_JP"))


_EXEMPT_BESIDE_A_DISCOUNT = (
    _CLINIC_C
    + """[[treatments]]
id = "a"
name = "NMN点滴"
name_en = "NMN drip"
price = 11000
[[treatments]]
id = "ins"
name = "保険診療分（自己負担）"
name_en = "Insured care (co-payment)"
price = 3000
tax = "exempt"
[[treatments]]
id = "doc"
name = "診察料（保険）"
name_en = "Insured consultation"
price = 1000
tax = "exempt"
[[discounts]]
id = "new"
name = "新患割"
name_en = "New-patient discount"
percent = 10
"""
)


@pytest.mark.parametrize(
    ("locale", "items"),
    [
        ("ja_JP", "非課税の保険診療分（自己負担）、診察料（保険）を除き、掲載している治療は"),
        ("en_US", "Except the non-taxable Insured care (co-payment) and Insured consultation, "),
    ],
)
@pytest.mark.parametrize("kind", ["price_list", "estimate", "comparison"])
def test_every_document_names_its_exempt_items_and_no_discount_as_not_self_pay(
    kind: str, locale: str, items: str
) -> None:
    # s31 review 2 and 3 (DOMAIN §1): the whole-bill 新患割 is split per tax category, so 10%
    # off the insured 3,000 + 1,000 is an exempt discount line of -400; the statement names
    # the two insured items, never the discount, and the comparison says it too.
    catalog = parse_catalog(_EXEMPT_BESIDE_A_DISCOUNT, format="toml")
    request = QuoteRequest(treatment="a", with_=("ins", "doc"), sessions=2, on=DAY)
    result = quote(catalog, request)
    off = [line for line in result.best.lines if line.kind is LineKind.DISCOUNT]
    assert any(line.tax is TaxCategory.EXEMPT for line in off)
    report = {
        "price_list": lambda: price_list(catalog, on=DAY, locale=locale),
        "estimate": lambda: estimate(result, catalog, issued=DAY, locale=locale),
        "comparison": lambda: comparison(catalog, request, max_sessions=3, locale=locale),
    }[kind]()
    (statement,) = [text for text in _paragraphs(layout(report, locale)) if text.startswith(items)]
    assert "新患割" not in statement
    assert "New-patient" not in statement
    assert Words(locale)("self_pay_long") not in _paragraphs(layout(report, locale))


def test_a_non_taxable_treatment_has_no_self_pay_notice_and_is_named_as_not_self_pay() -> None:
    # DOMAIN §1: a non-taxable (非課税) treatment is insured care, which 「自由診療」 would
    # misdescribe: its section has no self-pay notice, and the closing statement names it.
    catalog = parse_catalog(
        'schema_version = 1\n[clinic]\nname = "K"\n'
        '[[treatments]]\nid = "iv"\nname = "IV"\nprice = 20000\n'
        '[[treatments]]\nid = "ins"\nname = "保険診療"\nname_en = "Insured care"\nprice = 1000\n'
        'tax = "exempt"\n',
        format="toml",
    )
    text = render(price_list(catalog, on=DAY), "md")
    insured = text.split("## 保険診療")[1].split("## ")[0]
    assert "自由診療" not in insured
    assert text.count("> 自由診療（保険適用外）") == 1
    assert "> 非課税の保険診療を除き、掲載している治療は自由診療であり、" in text


@pytest.mark.parametrize(
    ("campaign", "text", "amount"),
    [
        ("{ valid_until = 2026-12-31 }", "無料", ""),
        ("{ price = 2200, valid_until = 2026-12-31 }", "2,200円（税込）", "2200"),
    ],
)
def test_the_price_list_csv_gives_a_plan_s_enrollment_campaign(
    campaign: str, text: str, amount: str
) -> None:
    # The page's fact 「入会金キャンペーン: 無料、2026年12月31日まで」 as a row: its price (none
    # to pay where waived) and its window in the 販売期間 column.
    toml = S31.read_text(encoding="utf-8").replace(
        "enrollment_fee = 5500\n", f"enrollment_fee = 5500\nenrollment_campaign = {campaign}\n"
    )
    prices = price_list(parse_catalog(toml, format="toml"), on=date(2026, 6, 1))
    rows = list(csv.reader(io.StringIO(render(prices, "csv"))))
    window = rows[0].index("販売期間")
    # The kind as the quote's column and the estimate's line say it, after the plan (F12).
    (row,) = [row for row in rows if row[0] == "月額プラン入会金・キャンペーン価格"]
    assert (row[4], row[10], row[window]) == (amount, text, "2026年12月31日まで")
    kinds = [row[0] for row in rows if row[0].startswith("月額プラン")]
    assert kinds[2:5] == [
        "月額プラン入会金",
        "月額プラン入会金・キャンペーン価格",
        "月額プラン追加1回",
    ]


_COUNTED = (Path(__file__).parent / "data" / "counted-doses.toml").read_text(encoding="utf-8")


def test_a_dosed_treatments_units_are_counted_in_its_count_unit_in_every_report() -> None:
    catalog = parse_catalog(_COUNTED, format="toml")
    # The price list: the further units' column says 2本目以降 (DOMAIN §10), per 本.
    listed = price_list(catalog, on=date(2026, 11, 10))
    text = render(listed, "md")
    assert "| 用量 | 1回の料金 | 同じ来院での2本目以降（1本あたり） |" in text
    assert "| 1cc | 44,000円（税込） | 33,000円（税込） |" in text
    assert "Each further vial at the same visit" in render(listed, "md", locale="en_US")
    assert "2本目以降" in render(listed, "csv")
    # The estimate of 1cc x 2本 a visit: 44,000 + 33,000 = 77,000; its request says 2本.
    result = quote(
        catalog, QuoteRequest(treatment="exo:1cc", units=2, sessions=1, on=date(2026, 11, 10))
    )
    assert result.best.total == YenRange.exact(77_000)
    sheet = estimate(result, catalog, issued=date(2026, 11, 10))
    for kind in ("md", "csv", "html"):
        shown = render(sheet, kind)  # type: ignore[arg-type]
        assert "2本" in shown
        assert "単位" not in shown
    assert "- **Units per visit**: 2 vials" in render(sheet, "md", locale="en_US")
    # Without count_unit the bare word for a unit, as before.
    bare = parse_catalog(
        _COUNTED.replace('count_unit = "本"\n', "").replace(
            'count_unit_en = "vial"\ncount_unit_en_plural = "vials"\n', ""
        ),
        format="toml",
    )
    plain = estimate(
        quote(bare, QuoteRequest(treatment="exo:1cc", units=2, sessions=1, on=date(2026, 11, 10))),
        bare,
        issued=date(2026, 11, 10),
    )
    assert "- **1回の来院での数量**: 2単位" in render(plain, "md")


# ---------------------------------------------------------------------------
# Segments named as the menu names them (the s33 audit's F3 and F4)

S33 = HERE / "data" / "s33-segments.toml"
WINTER = date(2026, 12, 1)


def test_a_segment_known_only_by_its_discount_has_no_column_and_is_named() -> None:
    catalog = load_catalog(S33)
    prices = price_list(catalog, on=WINTER)
    # The model keeps a price per segment (data); the document shows a column only where
    # the table has a price of the segment's own: 学割 is a discount, no student price.
    text = render(prices, "md")
    vitc = text[text.index("## 高濃度ビタミンC点滴") : text.index("## 白玉点滴")]
    assert "| 用量 | 1回の料金 |\n" in vitc  # 9,800 x 1.1 = 10,780; 14,800 x 1.1 = 16,280
    assert "| 25g | 16,280円（税込） |\n" in vitc
    assert "| プラン | 用量 | 回数 | 総額 | 1回あたり |" in vitc
    assert "通常価格と同じ" not in text
    assert "student" not in text
    assert "senior" not in text
    # The senior price is said where it is, by the menu's words: 6,980 x 1.1 = 7,678. A name
    # already naming people takes 「の価格」, not 「65歳以上の方価格」.
    assert "- **65歳以上の方の価格**: 7,678円（税込）" in text
    # The discount says whom it is for by the name: 「学生の方限定」.
    assert "| 学割 | 10%引き | お会計全体 | 学生の方限定 |" in text
    english = render(prices, "md", locale="en_US")
    assert "- **Senior (65+) price**: ¥7,678 (tax incl.)" in english
    assert "| 学割 | 10% off | the whole bill | Student only |" in english
    # JSON carries the names with the clinic, in the document's language.
    data = json.loads(render(prices, "json"))
    assert data["clinic"]["segments"] == [
        {"id": "student", "name": "学生"},
        {"id": "senior", "name": "65歳以上の方"},
    ]
    assert json.loads(render(prices, "json", locale="en_US"))["clinic"]["segments"][0] == {
        "id": "student",
        "name": "Student",
    }


def test_a_price_lists_csv_has_no_columns_for_a_segment_only_a_discount_is_for() -> None:
    # 学割 is a discount alone: a student column would be empty on every row. The senior's
    # prices keep theirs (白玉点滴 6,980 x 1.1 = 7,678 in each of its three cells).
    prices = price_list(load_catalog(S33), on=WINTER)
    assert prices.discount_segments == ("student",)
    rows = list(csv.reader(io.StringIO(render(prices, "csv").removeprefix(BOM))))
    header = rows[0]
    assert not [cell for cell in header if "学生" in cell or "student" in cell]
    seniors = [i for i, cell in enumerate(header) if cell.startswith("65歳以上の方の価格")]
    assert len(seniors) == 3
    assert all(len(row) == len(header) for row in rows)
    assert any([row[i] for i in seniors] == ["7678"] * 3 for row in rows)


def test_a_students_estimate_names_the_segment_and_keeps_its_total() -> None:
    catalog = load_catalog(S33)
    request = QuoteRequest(
        treatment="vitc:25g", sessions=5, segment="student", goods={"vc-supp": 3}, on=WINTER
    )
    result = quote(catalog, request)
    # 5回券 66,600 − 10% 6,660 + G6PD 4,980 = 64,920, tax 10% 6,492; supplements 3 x 3,980 =
    # 11,940 − 1,194 = 10,746, tax 8% 859.68 → 859; 64,920 + 6,492 + 10,746 + 859 = 83,017.
    assert result.best.total == YenRange.exact(83_017)
    sheet = estimate(result, catalog, issued=WINTER)
    text = render(sheet, "md")
    # 学割 is a discount, not a price: the student pays the regular prices less 10%, so the
    # request names the discount's group, never 「学生価格」 (small34).
    assert "価格区分" not in text
    assert "- **割引の対象**: 学生の方" in text
    assert "学割（学生の方限定）" in text
    assert "student" not in text
    english = render(sheet, "md", locale="en_US")
    assert "Prices for" not in english
    assert "- **Discounts for**: Student" in english
    assert "学割 (Student only)" in english
    assert json.loads(render(sheet, "json"))["discount_segments"] == ["student"]


def test_joining_a_discount_only_segment_names_no_price_in_any_document() -> None:
    # review34a R6: 会員 has no price of its own, only 会員割引 20 %, joined by 入会金 5,500.
    # 3 sessions joined: 3 x 33,000 = 99,000 less 19,800 + 5,500 = 84,700 (tax 7,700 of it).
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\nsegments = [{ id = "member", name = "会員" }]\n'
        '[[treatments]]\nid = "sup"\nname = "上清液点滴"\nprice = 33000\n'
        '[[discounts]]\nid = "mem"\nname = "会員割引"\npercent = 20\nsegments = ["member"]\n'
        '[[fees]]\nid = "join"\nname = "入会金"\nprice = 5500\njoins = "member"\n'
        'charged = "once"\n',
        format="toml",
    )
    result = quote(catalog, QuoteRequest(sessions=3, on=WINTER))
    assert result.best.total == YenRange.exact(84_700)
    sheet = render(estimate(result, catalog, issued=WINTER), "md")
    assert "都度払い（会員に登録して会員の方の割引で）" in sheet
    table = render(comparison(catalog, result.request, max_sessions=3), "md")
    assert "| 3回 | 84,700円 | 99,000円 | 都度払い（会員に登録して会員の方の割引で） |" in table
    for text in (sheet, table):
        assert "会員価格" not in text
    # The price list's fee table has no 「会員価格（入会金 5,500円）」 column: nothing is priced.
    prices = price_list(catalog, on=WINTER)
    assert prices.discount_segments == ("member",)
    listed = render(prices, "md")
    assert "| 項目 | 料金 | 請求時期 |" in listed
    assert "会員価格" not in listed
    assert "member price" not in render(prices, "md", locale="en_US")
    # An unnamed member, worded by the known group's words: its joining fee brings no price.
    bare = parse_catalog(
        catalog.to_toml().replace('{ id = "member", name = "会員" }', '"member"'), format="toml"
    )
    assert bare.clinic.segments[0].name is None
    fees = render(price_list(bare, on=WINTER), "md")
    assert "| 入会金 | 5,500円（税込） | 会員登録時に1回（以後は会員様の割引） |" in fees
    english = render(price_list(bare, on=WINTER), "md", locale="en_US")
    assert "once, on joining as member (then members' discounts)" in english
    bare_quote = quote(bare, QuoteRequest(sessions=3, on=WINTER))
    assert "都度払い（会員登録して会員様の割引で）" in render(
        estimate(bare_quote, bare, issued=WINTER), "md"
    )


def test_a_priced_segment_keeps_the_price_row_beside_a_discount_only_one() -> None:
    catalog = load_catalog(S33)
    request = QuoteRequest(
        treatment="shiratama", sessions=3, segment=["student", "senior"], on=WINTER
    )
    made = comparison(catalog, request, max_sessions=3)
    # The comparison's facts are the estimate's: the senior price of 白玉点滴 (6,980) is a price
    # of the group's own, 学割 only a discount.
    text = render(made, "md")
    assert "- **価格区分**: 65歳以上の方の価格" in text
    assert "- **割引の対象**: 学生の方" in text
    english = render(made, "md", locale="en_US")
    assert "- **Prices for**: Senior (65+) price" in english
    assert "- **Discounts for**: Student" in english


def test_a_segments_name_is_catalog_text_escaped_in_every_format() -> None:
    text = S33.read_text(encoding="utf-8").replace('name = "学生"', 'name = "<b>学生</b>"')
    prices = price_list(parse_catalog(text, format="toml"), on=WINTER)
    assert "| 学割 | 10%引き | お会計全体 | &lt;b&gt;学生&lt;/b&gt;の方限定 |" in render(
        prices, "md"
    )
    html = render(prices, "html")
    assert "&lt;b&gt;学生&lt;/b&gt;の方限定" in html
    assert "<b>学生" not in html


def test_an_estimate_names_every_segment_of_a_patient_in_several() -> None:
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "NMN"\n'
        'segments = ["member", { id = "senior", name = "シニア", name_en = "Senior" }]\n'
        '[[treatments]]\nid = "nmn"\nname = "NMN点滴"\nprice = 27500\n'
        "segment_prices = { member = 24200 }\n"
        '[[discounts]]\nid = "senior10"\nname = "シニア割"\npercent = 10\n'
        'segments = ["senior"]\nstacks = true\n',
        format="toml",
    )
    request = QuoteRequest(sessions=1, segment=["senior", "member"], on=DAY)
    made = estimate(quote(catalog, request), catalog, issued=DAY)
    text = render(made, "md")
    # The senior group has a discount and no price of its own: it is named as the discount's.
    assert "- **価格区分**: 会員価格\n- **割引の対象**: シニアの方\n" in text
    # 24,200 less the senior 10% (2,420) = 21,780.
    assert "**合計（税込）: 21,780円**" in text
    english = render(made, "md", locale="en_US")
    assert "- **Prices for**: Member price\n- **Discounts for**: Senior\n" in english
    assert json.loads(render(made, "json"))["segment"] == ["member", "senior"]


def test_a_ticket_bill_s_dearest_units_are_noted_in_the_estimate_and_comparison() -> None:
    # s33 review R1 (m3): 6 monthly visits of 2 units from 10 December, the December campaign
    # on exo and its ticket. The ticket's way, 76,000 + the 2 further units left at 8,000 =
    # 92,000, prices further units as in a month without the campaign: the estimate and the
    # comparison say so beside it, in both locales; singles (by month) are not noted.
    catalog = load_catalog("tests/data/ticket-campaign.toml")
    request = QuoteRequest(sessions=6, months=6, units=2, on=date(2026, 12, 10))
    result = quote(catalog, request)
    assert result.best.total == YenRange(92_000, 92_000)
    ja = render(estimate(result, catalog, issued=date(2026, 12, 10)), "md")
    assert "期間限定・誕生月の割引がない月の価格で計算しています" in ja
    en = render(estimate(result, catalog, issued=date(2026, 12, 10), locale="en_US"), "md")
    assert "priced as in a month without the campaign" in en
    table = comparison(catalog, request, max_sessions=8)
    dated = {way.label: way.dearest_units for way in table.ways}
    assert dated == {"singles": False, "bundle:exo-10": True}
    ja = render(table, "md")
    assert "エクソ 10本券：この買い方は本数券を買い" in ja
    assert "都度払い：この買い方" not in ja
    assert "エクソ 10本券: This way buys a unit ticket" in render(table, "md", locale="en_US")
    # One unit a visit: the ticket is dated by its month, nothing to note.
    single = request.model_copy(update={"units": 1})
    assert "この買い方は本数券を買い" not in render(
        estimate(quote(catalog, single), catalog, issued=date(2026, 12, 10)), "md"
    )


def test_an_estimate_shows_each_loan_the_clinic_offers_on_its_total() -> None:
    # F12: 159,500 over 24 at 6.9 %: month 1's interest 159,500 x 6.9% / 12 = 917.1 -> 917,
    # the level payment 7,133 (annuity 7,133.998), 24 x 7,133 = 171,192, so the first takes
    # the remainder 12: 7,145; total 171,204. 自社分割 0 % over 6 in 100 yen: 159,500 / 6 =
    # 26,583.3 -> 26,500 a month, the last 159,500 - 5 x 26,500 = 27,000.
    catalog = parse_catalog(_LOANS, format="toml")
    loan, own = instalment_entries(catalog, YenRange.exact(159_500))
    assert (loan.monthly, loan.odd, loan.odd_last) == (
        YenRange.exact(7_133),
        YenRange.exact(7_145),
        False,
    )
    assert (own.monthly, own.odd, own.odd_last) == (
        YenRange.exact(26_500),
        YenRange.exact(27_000),
        True,
    )
    ja = Words("ja_JP")
    assert instalment_text(ja, loan) == (
        "医療ローン（実質年率6.9%・24回）の場合 月々7,133円（初回7,145円）"
    )
    assert instalment_text(ja, own) == (
        "自社分割（アドオン率0%・6回）の場合 月々26,500円（最終回27,000円）"
    )
    assert instalment_text(Words("en_US"), loan) == (
        "Medical loan (APR 6.9%, 24 instalments): ¥7,133 a month (first payment ¥7,145)"
    )


def test_a_range_s_loan_payments_are_its_low_and_high_and_an_open_high_gives_none() -> None:
    # 100,000 to 200,000 over 6 in 100 yen at 0 %: 16,600 a month (the last 17,000) to
    # 33,300 (the last 33,500).
    catalog = parse_catalog(_LOANS, format="toml")
    _, own = instalment_entries(catalog, YenRange(100_000, 200_000))
    assert (own.monthly, own.odd) == (YenRange(16_600, 33_300), YenRange(17_000, 33_500))
    ja = Words("ja_JP")
    assert instalment_text(ja, own).endswith("月々16,600円〜33,300円（最終回17,000円〜33,500円）")
    # Open above: the low end only, "from".
    _, own = instalment_entries(catalog, YenRange.at_least(100_000))
    assert own.monthly == YenRange.at_least(16_600)
    assert instalment_text(ja, own).endswith("月々16,600円〜（最終回17,000円〜）")


def test_a_total_too_small_for_a_loan_leaves_it_out() -> None:
    # 500 yen over 6 in 100-yen payments cannot be spread (83 a payment rounds to 0); over 24
    # at 1 yen it can: only the first loan is shown. A zero total has none.
    catalog = parse_catalog(_LOANS, format="toml")
    (loan,) = instalment_entries(catalog, YenRange.exact(500))
    assert loan.term.count == 24
    assert instalment_entries(catalog, YenRange.exact(0)) == ()


def test_an_estimate_s_loans_are_in_every_format() -> None:
    report = _with_loans(_busy_estimate(0))
    line = instalment_text(Words("ja_JP"), report.instalments[0])
    for fmt in ("md", "html"):
        assert line in render(report, fmt), fmt
    assert "Medical loan (APR 6.9%" in render(report, "md", locale="en_US")
    # The CSV carries the document's notes, these among them.
    assert line in render(report, "csv")
    assert '"instalments"' in render(report, "json")


def test_a_loan_whose_payments_are_all_alike_names_no_odd_one() -> None:
    # 6,000 over 6 at 0 % in 100 yen: 1,000 each, nothing left over for a first payment.
    catalog = parse_catalog(_LOANS, format="toml")
    _, own = instalment_entries(catalog, YenRange.exact(6_000))
    assert (own.monthly, own.odd) == (YenRange.exact(1_000), None)
    assert instalment_text(Words("ja_JP"), own) == (
        "自社分割（アドオン率0%・6回）の場合 月々1,000円"
    )


_GIFT_MENU = (HERE / "data" / "gifts.toml").read_text(encoding="utf-8")


def test_the_price_list_shows_a_set_s_gift_and_a_fee_waived_with_a_set() -> None:
    document = price_list(parse_catalog(_GIFT_MENU, format="toml"), on=date(2026, 12, 1))
    japanese = render(document, "md")
    assert "3回コース：NMNサプリ 1箱付き（プレゼント）" in japanese
    assert "6回コース：NMNサプリ 2箱付き（プレゼント）" in japanese
    assert "初診時（当院が初めての方）、3回コース・6回コースご購入の方は無料" in japanese
    english = render(document, "md", locale="en_US")
    assert "Course of 3: includes NMN supplement, 1 box (free)" in english
    assert "Course of 6: includes NMN supplement, 2 boxes (free)" in english
    assert "waived when buying Course of 3 or Course of 6" in english
    data = json.loads(render(document, "json"))
    fee = data["fees"][0]
    assert fee["waived_with"] == ["3回コース", "6回コース"]  # in the document's locale
    (entry,) = [t for t in data["treatments"] if t["id"] == "sup"]
    assert [b["includes"][0]["count"] for b in entry["bundles"]] == [1, 2]


def test_an_estimate_states_the_last_visit_its_repeat_price_was_priced_from() -> None:
    # tests/data/repeat.toml: 2回目以降（前回から30日以内）27,500. History 5, last visit
    # 20 November, 1 December (11 days): the first session at 27,500; the estimate says the
    # date it assumed, in its 「ご希望の内容」 and in English.
    repeat = load_catalog(HERE / "data" / "repeat.toml")
    request = QuoteRequest(
        treatment="sup",
        sessions=3,
        months=12,
        new_patient=False,
        history={"sup": 5},
        last_visit={"sup": date(2026, 11, 20)},
        on=date(2026, 12, 1),
    )
    sheet = estimate(quote(repeat, request), repeat, issued=date(2026, 12, 1))
    facts = _facts_after(layout(sheet), "ご希望の内容")
    assert ("前回施術日", "2026年11月20日") in facts
    english = estimate(quote(repeat, request), repeat, issued=date(2026, 12, 1), locale="en_US")
    assert "- **Last session**: Nov 20, 2026\n" in render(english, "md")
    assert json.loads(render(sheet, "json"))["last_visit"][0][1] == "2026-11-20"
    # A comparison states it as the estimate does.
    table = comparison(repeat, request.model_copy(update={"sessions": 1}), max_sessions=3)
    assert ("前回施術日", "2026年11月20日") in _facts_after(layout(table), "ご希望の内容")
    # A catalog without a repeat price within days prices nothing from the date: not stated.
    placenta = QuoteRequest(
        treatment="placenta",
        sessions=2,
        new_patient=False,
        history={"placenta": 2},
        last_visit={"placenta": date(2026, 3, 20)},
        on=DAY,
    )
    plain = estimate(quote(SCHEMA_2, placenta), SCHEMA_2, issued=DAY)
    assert "前回施術日" not in [label for label, _ in _facts_after(layout(plain), "ご希望の内容")]


def test_several_last_visits_are_stated_each_by_its_treatment() -> None:
    # Two treatments, each with a repeat price within 30 days: the estimate names each date
    # by its treatment, in the order of their ids.
    def repeat(treatment: str) -> dict[str, object]:
        steps = [{"from": 1, "price": 10000}, {"from": 2, "price": 8000, "within_days": 30}]
        return {"kind": "ladder", "id": f"{treatment}-r", "treatment": treatment, "steps": steps}

    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "Test"},
            "treatments": [
                {"id": "a", "name": "点滴A", "price": 10000},
                {"id": "b", "name": "点滴B", "price": 10000},
            ],
            "offers": [repeat("a"), repeat("b")],
        }
    )
    request = QuoteRequest(
        treatment="b",
        with_=("a",),
        sessions=1,
        new_patient=False,
        history={"a": 1, "b": 1},
        last_visit={"b": date(2026, 11, 25), "a": date(2026, 11, 20)},
        on=date(2026, 12, 1),
    )
    sheet = estimate(quote(catalog, request), catalog, issued=date(2026, 12, 1))
    assert ("前回施術日", "点滴A 2026年11月20日、点滴B 2026年11月25日") in _facts_after(
        layout(sheet), "ご希望の内容"
    )


def test_only_the_course_s_last_visits_are_stated() -> None:
    # review34a R4: NAD (20,000; 15,000 within 14 days) is the course; 上清液点滴 2cc's ladder
    # prices nothing here, so its last visit is no assumption of this estimate.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "K"\n[[treatments]]\nid = "sup"\n'
        'name = "上清液点滴"\ndoses = [{ id = "2cc", amount = 2, price = 33000 },'
        ' { id = "4cc", amount = 4, price = 55000 }]\n'
        '[[treatments]]\nid = "nad"\nname = "NAD点滴"\nprice = 20000\n'
        '[[offers]]\nkind = "ladder"\nid = "sup-r"\ntreatment = "sup:2cc"\nname = "2cc"\n'
        "steps = [{ from = 1, price = 33000 }, { from = 2, price = 27500, within_days = 30 }]\n"
        '[[offers]]\nkind = "ladder"\nid = "nad-r"\ntreatment = "nad"\nname = "NAD"\n'
        "steps = [{ from = 1, price = 20000 }, { from = 2, price = 15000, within_days = 14 }]\n",
        format="toml",
    )
    visits = {"sup": date(2026, 11, 17), "nad": date(2026, 11, 1)}

    def stated(treatment: str, *with_: str) -> str:
        request = QuoteRequest(
            treatment=treatment,
            with_=with_,
            sessions=2,
            new_patient=False,
            history={"nad": 2, "sup:2cc": 1},
            last_visit=visits,
            on=WINTER,
        )
        sheet = estimate(quote(catalog, request), catalog, issued=WINTER)
        return dict(_facts_after(layout(sheet), "ご希望の内容"))["前回施術日"]

    assert stated("nad") == "2026年11月1日"
    # With 2cc added, its treatment's last visit dates it (the later of its own and sup's).
    assert stated("nad", "sup:2cc") == "NAD点滴 2026年11月1日、上清液点滴 2026年11月17日"
    # 4cc has no ladder: sup's date prices nothing of it.
    assert stated("nad", "sup:4cc") == "2026年11月1日"


def test_a_set_for_any_dose_lists_its_top_ups_and_saves_by_the_topped_up_price() -> None:
    # F11's menu: 2cc 33,000, 4cc 55,000, the set of 3 for either at 99,000, 4cc 22,000 more a
    # session. At 2cc: 3 x 33,000 - 99,000 = 0 saved; at 4cc: 3 x 55,000 - (99,000 + 3 x
    # 22,000) = 0 saved. With a top-up of 20,000: 165,000 - 159,000 = 6,000 saved at 4cc.
    catalog = validate_catalog(
        {
            "schema_version": 2,
            "clinic": {"name": "G"},
            "treatments": [
                {
                    "id": "sup",
                    "name": "上清液",
                    "name_en": "Supernatant",
                    "dose_unit": "cc",
                    "dose_unit_en": "mL",
                    "doses": [
                        {"id": "2cc", "amount": 2, "price": 33000},
                        {"id": "4cc", "amount": 4, "price": 55000},
                    ],
                }
            ],
            "offers": [
                {
                    "kind": "bundle",
                    "id": "any3",
                    "name": "3回券（2cc・4cc共通）",
                    "treatment": "sup",
                    "sessions": 3,
                    "price": 99000,
                    "top_ups": {"4cc": 20000},
                }
            ],
        }
    )
    listed = price_list(catalog, on=date(2026, 12, 1))
    (entry,) = listed.treatments[0].bundles
    assert (entry.saving.min, entry.saving.max) == (0, 6000)
    ((dose, top_up),) = entry.top_ups
    assert (dose.ja, top_up.included) == ("4cc", YenRange.exact(20_000))
    assert (
        "3回券（2cc・4cc共通）：4ccは1回ごとに差額20,000円（税込）。都度払いとの差額は、"
        "セットの全回をその用量で受ける場合の比較です。" in render(listed, "md")
    )
    english = render(listed, "md", locale="en_US")
    assert "4 mL with a top-up of ¥20,000 (tax incl.) a session" in english


def test_a_price_list_words_a_set_with_an_open_top_up_as_a_range() -> None:
    # CI's generated catalog: a set for any dose with an open top-up at 1cc (0円〜) has no
    # exact price at that dose, so its saving is a price range's (下限・上限), not by dose.
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "C"\n[[treatments]]\nid = "t"\nname = "X"\n'
        'dose_unit = "cc"\ndoses = [{ id = "1cc", amount = 1, price = 1000 }, '
        '{ id = "2cc", amount = 2, price = 2000 }]\n[[offers]]\nkind = "bundle"\nid = "o"\n'
        'treatment = "t"\nsessions = 2\nprice = 1500\ntop_ups = { 1cc = { min = 0 } }\n',
        format="toml",
    )
    prices = price_list(catalog, on=date(2026, 12, 1))
    (entry,) = prices.treatments[0].bundles
    assert entry.dose_ends is None
    for fmt in ("md", "csv", "html", "json"):
        assert render(prices, fmt)
    # 2 x 1,000 - 1,500 = 500 at the low end; the high end is open.
    assert "下限で500円お得・上限で不明" in render(prices, "md")


def test_an_estimate_states_a_first_visit_after_its_date_and_stays_dated_by_its_issue() -> None:
    # tests/data/campaign-months.toml: exo 77,000, a December-only 10% on its singles. Quoted
    # on 10 December for six singles from 5 January: the campaign has ended by then, so the
    # singles are 6 x 77,000 + 5,500 = 467,500 (421,300 from 10 December); the estimate is
    # issued on 10 December and valid for the clinic's 30 days from then (9 January), and
    # says the day the course starts.
    catalog = load_catalog(HERE / "data" / "campaign-months.toml")
    issued = date(2026, 12, 10)
    request = QuoteRequest(
        treatment="exo", sessions=6, on=issued, first_visit=date(2027, 1, 5), new_patient=False
    )
    result = quote(catalog, request, ways="all")
    assert next(o for o in result.options if o.label == "singles").total.min == 467_500
    sheet = estimate(result, catalog, issued=issued)
    assert (sheet.issued, sheet.valid_until, sheet.first_visit) == (
        issued,
        date(2027, 1, 9),
        date(2027, 1, 5),
    )
    facts = _facts_after(layout(sheet), "ご希望の内容")
    assert ("初回施術日", "2027年1月5日") in facts
    english = estimate(result, catalog, issued=issued, locale="en_US")
    assert "- **First session**: Jan 5, 2027\n" in render(english, "md")
    assert json.loads(render(sheet, "json"))["first_visit"] == "2027-01-05"
    # A comparison issued on the quote's date states it too.
    table = comparison(catalog, request.model_copy(update={"sessions": 1}), max_sessions=2)
    assert table.on == issued
    assert ("初回施術日", "2027年1月5日") in _facts_after(layout(table), "ご希望の内容")
    # A first visit on the day of issue goes without saying.
    same = request.model_copy(update={"first_visit": issued})
    plain = estimate(quote(catalog, same), catalog, issued=issued)
    assert plain.first_visit is None
    assert "初回施術日" not in [label for label, _ in _facts_after(layout(plain), "ご希望の内容")]


# ---------------------------------------------------------------------------
# Price changes (価格改定, stop-35 audit F1): the list on its date, the change stated.


def test_a_price_list_shows_the_price_on_its_date_and_the_change_to_come() -> None:
    catalog = load_catalog("tests/data/price-change.toml")
    december = render(price_list(catalog, on=date(2026, 12, 1)), "md", locale="ja_JP")
    assert "66,000円（税込・2027年1月1日より77,000円）" in december
    assert "297,000円（税込・2027年1月1日より346,500円）" in december
    # The saving against the singles on the same day: 5 x 66,000 - 297,000 = 33,000.
    assert "33,000円お得" in december
    january = render(price_list(catalog, on=date(2027, 1, 15)), "md", locale="en_US")
    assert "¥77,000 (tax incl.)" in january
    assert "from Jan 1, 2027" not in january  # nothing left to come
    # 5 x 77,000 - 346,500 = 38,500.
    assert "saves ¥38,500" in january
    english = render(price_list(catalog, on=date(2026, 12, 1)), "md", locale="en_US")
    assert "¥66,000 (tax incl.; ¥77,000 from Jan 1, 2027)" in english


def test_an_estimate_schedules_the_changed_price_in_its_month() -> None:
    catalog = load_catalog("tests/data/price-change.toml")
    request = QuoteRequest(treatment="exo", sessions=4, months=4, on=date(2026, 11, 10))
    text = render(estimate(quote(catalog, request), catalog, issued=DAY), "md", locale="ja_JP")
    # 66,000 + 3,300 in November, 66,000 in December, then 77,000 a month.
    for amount in ("69,300円", "289,300円", "77,000円"):
        assert amount in text


def test_a_set_sold_from_a_later_day_saves_against_that_days_singles() -> None:
    # The audit's menu A: the 346,500 set is sold from 1 January 2027, when singles cost
    # 77,000: 5 x 77,000 - 346,500 = 38,500 saved, also on a list of 1 December 2026
    # (against that day's 66,000 singles it would read 16,500 dearer).
    catalog = parse_catalog(
        'schema_version = 2\n[clinic]\nname = "A"\n'
        '[[treatments]]\nid = "exo"\nname = "X"\nprice = 66000\n'
        "price_changes = [{ on = 2027-01-01, price = 77000 }]\n"
        '[[offers]]\nkind = "bundle"\nid = "new"\ntreatment = "exo"\nsessions = 5\n'
        "price = 346500\nvalid_from = 2027-01-01\n",
        format="toml",
    )
    (entry,) = price_list(catalog, on=date(2026, 12, 1)).treatments[0].bundles
    assert (entry.saving.min, entry.saving.max) == (38_500, 38_500)
