"""supecost.report.errtext: errors worded in the locale asked for, Japanese by default."""

from __future__ import annotations

import ast
import io
import pathlib
import re

import pytest

import supecost
from supecost.catalog import Catalog, parse_catalog
from supecost.cli import main
from supecost.errors import (
    CatalogError,
    CatalogProblem,
    LocaleError,
    RequestError,
    SupecostError,
    UnknownIdError,
    YenTypeError,
)
from supecost.lint import lint_catalog, validate_file
from supecost.quotes import Line, Quote, QuoteRequest, SessionRange
from supecost.report.errtext import (
    clause_text,
    error_join,
    error_label,
    error_text,
    error_words,
    field_words,
    problem_text,
    service_words,
)
from supecost.report.messages import (
    CATALOG_PROBLEMS_JA,
    ERROR_CLAUSES_JA,
    ERRORS_JA,
    SERVICE_JA,
)

DATA = pathlib.Path(__file__).parent / "data"
EXAMPLE = str(DATA / "example.toml")
CAMPAIGN = str(DATA / "campaign.toml")
SOURCE = pathlib.Path(supecost.__file__).parent

# A code is a family and a name: "request.units", "file.toml".
_CODE = re.compile(
    r"^(argument|batch|catalog|clause|contract|field|file|id|kind|line|locale|option|request"
    r"|http|output|ref|schema|segment|serve|tax|type|value|yen)\.[a-z_]+$"
)


def _codes_in_source() -> set[str]:
    """Every code a raise site names: each string literal shaped as a code, outside the tables."""
    found: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if path.name == "messages.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and _CODE.match(text) and not text.endswith(".py"):
                found.add(text)
    return found


def test_every_code_raised_has_japanese_words() -> None:
    worded = {*ERRORS_JA, *CATALOG_PROBLEMS_JA, *ERROR_CLAUSES_JA, "request.invalid"}
    # The codes made from a kind of problem ("type." and "clause." + pydantic's kind) are
    # the tables' keys themselves; each literal code must be worded.
    missing = sorted(_codes_in_source() - worded)
    assert missing == []
    # And the test sees the raise sites: a handful of codes it must find.
    assert {"id.unknown", "file.toml", "request.units", "option.date", "contract.apr"} <= (
        _codes_in_source()
    )


def test_japanese_templates_name_only_their_errors_values() -> None:
    # An unknown id: what it was, the catalog's ids, a suggestion (all values of the error).
    error = UnknownIdError("offer", "sup-iv-6", ("sup-iv-5", "sup-iv-monthly"))
    message, hint = error_words(error, "ja_JP")
    assert message == "プラン 'sup-iv-6' はありません"
    assert hint == "'sup-iv-5' のことですか？ プランの id: sup-iv-5, sup-iv-monthly"
    # 25 ids, 20 shown: the rest counted.
    many = UnknownIdError("treatment", "zz", [f"t{i}" for i in range(25)])
    assert error_words(many, "ja_JP")[1].endswith("t19 ほか 5 件")
    none = UnknownIdError("fee", "x", ())
    assert error_words(none, "ja_JP")[1] == (
        "このカタログには料金がありません。追加するか、指定を外してください"
    )


def test_english_is_the_error_s_own_string() -> None:
    error = LocaleError("xx")
    assert error_text(error, "en_US") == str(error)
    assert error_words(error, "en_US") == (error.message, error.hint)
    assert error_text(error, "ja_JP") == (
        "ロケール 'xx' には対応していません。'ja_JP'（日本語）か 'en_US'（英語）を指定してください"
    )
    assert error_label("ja-JP") == "エラー"
    assert error_join("en_US") == "; "


def test_an_error_without_a_code_stays_english_in_every_locale() -> None:
    # A programming error (no code) is not worded in Japanese; it is never bad input.
    error = SupecostError("something internal", "report it")
    assert error_text(error, "ja_JP") == "something internal; report it"
    assert field_words(error, "ja_JP") == ()
    bare = SupecostError("no hint")
    assert error_text(bare, "ja_JP") == "no hint"


def test_a_yen_type_error_keeps_its_value_excerpted() -> None:
    text = error_text(YenTypeError("3" * 100, "price"), "ja_JP")
    # The value is cut as the English message cuts it: 60 characters with both its quotes
    # (1 + 55 + 3 + 1), so the Japanese parenthesis closes on a quoted value, not inside one.
    shown = "'" + "3" * 55 + "...'"
    assert f"（{shown}、型 str）" in text
    assert f"got {shown} of type str" in error_text(YenTypeError("3" * 100, "price"), "en_US")
    assert "3" * 56 not in text


def test_a_catalog_s_problems_are_worded_one_by_one_with_their_place() -> None:
    text = '{"schema_version": 1, "clinic": {"name": "A"}, "treatments": [{"id": "x"}], "y": 1}'
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text, format="json", source="c.json")
    words = error_text(raised.value, "ja_JP")
    lines = words.splitlines()
    # The treatment's missing name and the unknown field y.
    assert lines[0] == "カタログに 2 件の問題があります:"
    assert "  c.json:1: treatments[0].name: 必須です。追加してください" in lines
    assert any(
        line.startswith("  c.json:1: y: 項目 'y' はありません。削除してください") for line in lines
    )
    # English: the error's own string, line for line.
    assert error_text(raised.value, "en_US") == str(raised.value)


def test_an_unknown_reference_in_a_catalog_is_worded_as_the_error_is() -> None:
    text = (
        '{"schema_version": 1, "clinic": {"name": "A"}, "treatments": '
        '[{"id": "x", "name": "X", "price": 1000}], "offers": [{"kind": "bundle", "id": "b", '
        '"treatment": "y", "sessions": 5, "price": 4000}]}'
    )
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text, format="json")
    problem = raised.value.problems[0]
    assert problem.code == "id.unknown"
    assert problem_text(problem, "ja_JP") == (
        "1: offers[0].treatment: 施術 'y' はありません。施術の id: x"
    )


def test_a_nested_or_coded_clause_without_words_keeps_its_english() -> None:
    # A record inside a request whose own problem the tables do not word: the whole clause
    # stays English, never half of it.
    nested = (("", "clause.unworded", ()),)
    error = RequestError(
        "invalid request: sessions: odd",
        "",
        (("sessions", "sessions: odd"),),
        code="request.invalid",
        params={"problems": (("sessions", "request.invalid", (("problems", nested),)),)},
    )
    assert field_words(error, "ja_JP") == (("sessions", "sessions: odd"),)
    # A field's problem that is an error of its own (a dose to name) is worded as the error.
    dose = (("treatment", "request.dose_needed", (("treatment", "'x'"), ("doses", "x:1"))),)
    coded = RequestError(
        "invalid request: ...",
        "",
        (("treatment", "..."),),
        code="request.invalid",
        params={"problems": dose},
    )
    assert field_words(coded, "ja_JP") == (
        (
            "treatment",
            "treatment: 施術 'x' は用量ごとに販売しています。用量を指定してください。用量: x:1",
        ),
    )


def test_a_problem_without_japanese_words_stays_english() -> None:
    problem = CatalogProblem("offers[0]", "something new", "c.toml", 2)
    assert problem_text(problem, "ja_JP") == "c.toml:2: offers[0]: something new"
    assert problem_text(problem, "en_US") == str(problem)


def test_a_request_s_fields_are_worded_in_the_surface_s_names() -> None:
    with pytest.raises(RequestError) as raised:
        QuoteRequest(sessions=0, months=0)
    error = raised.value
    # 0 sessions: at least 1; 0 months: at least 1 (both pydantic's greater_than_equal).
    message, hint = error_words(error, "ja_JP")
    assert message == (
        "sessions は 1 以上にしてください（指定値 0）。months は 1 以上にしてください（指定値 0）"
    )
    assert hint.startswith('sessions は 1〜1000 の整数か、{"min": 3, "max": 6} のような')
    assert field_words(error, "ja_JP") == (
        ("sessions", "sessions は 1 以上にしてください（指定値 0）"),
        ("months", "months は 1 以上にしてください（指定値 0）"),
    )
    assert field_words(error, "en_US") == error.fields


def test_a_range_inside_a_request_is_worded_under_its_field() -> None:
    with pytest.raises(RequestError) as raised:
        QuoteRequest(sessions=SessionRange.model_construct(min=5, max=3).model_dump())
    assert field_words(raised.value, "ja_JP") == (
        ("sessions", "sessions: 幅の下限 5 が上限 3 を上回っています。入れ替えてください"),
    )


def test_a_half_range_names_the_end_that_is_missing() -> None:
    # review30 F4: {"min": 3} lacks max; the English says "sessions: max is missing".
    with pytest.raises(RequestError) as raised:
        QuoteRequest.model_validate({"sessions": {"min": 3}})
    assert field_words(raised.value, "ja_JP") == (("sessions", "sessions.max がありません"),)
    with pytest.raises(RequestError) as raised:
        QuoteRequest.model_validate({"sessions": {"min": 0, "max": 3}})
    assert field_words(raised.value, "ja_JP") == (
        ("sessions", "sessions.min は 1 以上にしてください（指定値 0）"),
    )


@pytest.mark.parametrize("day", ["2026-13-01", "2026-02-30", "tomorrow", 20260401])
def test_a_request_s_bad_date_is_worded_in_japanese(day: object) -> None:
    # review30 F4: the catalog's date rule (value.date) reached through QuoteRequest.on.
    with pytest.raises(RequestError) as raised:
        QuoteRequest.model_validate({"sessions": 1, "on": day})
    got = repr(day)
    clause = f"on は 2026-04-01 のような日付にしてください（指定値 {got}）"
    assert field_words(raised.value, "ja_JP") == (("on", clause),)
    assert error_text(raised.value, "ja_JP") == f"{clause}。on は YYYY-MM-DD の日付です"
    assert "must be a date" in error_text(raised.value, "en_US")


def test_a_field_a_request_does_not_have_is_told_its_fields_in_japanese_too() -> None:
    with pytest.raises(RequestError) as raised:
        QuoteRequest(sessions=5, bogus=1)  # type: ignore[call-arg]
    fields = "treatment, sessions, months, with, new_patient, on, first_visit, units, segment, "
    english = str(raised.value)
    assert f"the request has the fields {fields}" in english
    assert error_text(raised.value, "ja_JP").startswith(
        f"項目 bogus はありません。リクエスト の項目は {fields}"
    )


def test_a_request_is_called_a_request_and_a_quote_read_back_its_own_name() -> None:
    # No one writing a batch line or an HTTP body typed the class's name; a quote read back
    # from bad JSON is a program's record, and no request in either language.
    with pytest.raises(RequestError) as raised:
        QuoteRequest.model_validate_json("[1]")
    assert str(raised.value).startswith(
        "invalid request: the request must be one JSON object, got [1]; "
        "give one JSON object of the request's fields: treatment, "
    )
    assert (
        error_text(raised.value, "ja_JP")
        == "リクエスト は 1 つの JSON オブジェクトにしてください（指定値 [1]）"
    )
    assert field_words(raised.value, "ja_JP")[0][1].startswith("リクエスト は")
    for record in (Quote, Line):
        with pytest.raises(RequestError) as raised:
            record.model_validate_json('{"bogus": 1}' if record is Line else "[1]")
        name = record.__name__
        assert str(raised.value).startswith(f"invalid {name}: ")
        japanese = error_text(raised.value, "ja_JP")
        assert "リクエスト" not in japanese
        assert japanese.startswith("Quote は 1 つの" if record is Quote else "item がありません")
        assert "リクエスト" not in "".join(words for _, words in field_words(raised.value, "ja_JP"))
    assert f"{name} の項目は item, kind" in japanese


def test_an_id_n_whose_n_is_out_of_range_is_told_so_in_japanese() -> None:
    assert _error_of("quote", "--sessions", "2", "--with-units", "nmn=0") == (
        "supecost quote: エラー: --with-units の 'nmn=0' の N（0）は 1〜100 の範囲外です。"
        "N は 1〜100 の整数で書いてください\n"
    )


def test_a_clause_without_japanese_words_keeps_its_english() -> None:
    assert clause_text("x", "clause.new", (), "x is odd", "ja_JP") == "x is odd"
    assert clause_text("x", "", (), "x is odd", "ja_JP") == "x is odd"
    assert service_words("query.unknown", name="'x'") == "クエリパラメーター 'x' はありません"
    assert set(SERVICE_JA) >= {"fix.body", "fix.batch", "fix.validation"}


# ---------------------------------------------------------------------------
# The command line: every error a user can provoke, in Japanese by default

# Words the Japanese messages keep as they are: the command line's own syntax and names,
# code in backticks (a shell command to run) too.
_KEPT = re.compile(
    r"`[^`]*`|'[^']*'|\"[^\"]*\"|\{[^}]*\}|--[a-z][a-z-]*|\b[A-Z][A-Z.]+\b"
    r"|[\w./:-]*\.(?:toml|json|jsonl)"
    r"|\b(?:ID|N|YYYY-MM-DD|FILE|PATH|DIR|TOML|JSON|UTF-8|ID=N|FastAPI|uvicorn|kind)\b"
)
# An English sentence: two words of two or more letters in a row (a list of ids or choices,
# "sup-iv, nmn", is no sentence: its words are apart by commas).
_ENGLISH = re.compile(r"\b[A-Za-z]{2,} +[A-Za-z]{2,}\b")


def _error_of(*argv: str) -> str:
    err = io.StringIO()
    assert main(list(argv), stdout=io.StringIO(), stderr=err) == 2
    return err.getvalue()


@pytest.mark.parametrize(
    "argv",
    [
        ("quote",),
        ("quote", "5"),
        ("quote", "--sessions", "2", "extra"),
        ("quote", "--bogus"),
        ("quote", "--sessions", "x"),
        ("quote", "--sessions", "-3"),
        ("quote", "--sessions", "0"),
        ("quote", "--sessions", "6-3"),
        ("quote", "--sessions", "1-300"),
        ("quote", "--sessions", "2", "--months", "abc"),
        ("quote", "--sessions", "2", "--date", "2026-13-01"),
        ("quote", "--sessions", "2", "--treatment", "sup-vi"),
        ("quote", "--sessions", "2", "--with", "sup-iv"),
        ("quote", "--sessions", "2", "--with", "nmn=x"),
        ("quote", "--sessions", "2", "--with-units", "nmn"),
        ("quote", "--sessions", "2", "--with-units", "nmn=0"),
        ("quote", "--catalog", str(DATA / "example-v2.toml"), "--sessions", "2"),
        ("quote", "--sessions", "2", "--history", "sup-iv"),
        ("quote", "--sessions", "2", "--history", "sup-iv=2"),
        ("quote", "--sessions", "2", "--history", "zz=1", "--returning"),
        ("quote", "--sessions", "2", "--goods", "serum"),
        ("quote", "--sessions", "2", "--fee", "taxi"),
        ("quote", "--sessions", "2", "--segment", "vip"),
        ("quote", "--sessions", "2", "--sold-out", "sup-iv-5"),
        ("quote", "--sessions", "2", "--jobs", "2"),
        ("quote", "--sessions", "2", "--date", "1980-01-01"),
        ("quote", "--sessions", "2", "--format", "pdf"),
        ("quote", "--sessions"),
        ("contract", "--received", "2026-04-01"),
        ("report", "price-list", "--format", "md", "-o", "/dev/null"),
        ("report", "estimate", "--sessions", "2", "--format", "md", "--to", ""),
        ("report", "compare", "--sessions", "30", "--format", "md"),
        ("report", "estimate", "--sessions", "2", "--format", "md", "--number", "x" * 81),
        ("report", "estimate", "--sessions", "2", "--format", "md", "--to", "a\tb"),
        ("quote", "--sessions", "2", "--catalog", "/nonexistent/c.toml"),
        ("quote", "--sessions", "2", "--catalog", "/tmp"),
        ("quote", "--sessions", "2", "--catalog", "/nonexistent/c.txt"),
        ("quote", "--batch", "/nonexistent.jsonl"),
        ("quote", "--batch", "x.jsonl", "--format", "md"),
        ("quote", "--batch", "x.jsonl", "--treatment", "nmn"),
        ("catalog", "validate", str(DATA / "missing.json")),
        ("contract", "--catalog", EXAMPLE, "--offer", "sup-iv-6", "--received", "2026-04-01"),
        (
            "contract", "--catalog", EXAMPLE, "--offer", "sup-iv-5", "--received", "2026-04-01",
            "--used", "9",
        ),
        (
            "contract", "--catalog", EXAMPLE, "--offer", "sup-iv-5", "--received", "2026-04-01",
            "--cancel-on", "2026-03-01",
        ),
        ("instalments", "--amount", "100000", "--count", "0", "--apr", "5"),
        ("instalments", "--amount", "100000", "--count", "10", "--apr", "25"),
        # Every input within its bounds, the total with interest not: no field name (total).
        ("instalments", "--amount", "999999999999", "--count", "600", "--apr", "20"),
        ("instalments", "--amount", "100000", "--count", "10", "--apr", "1e5"),
        ("instalments", "--amount", "5", "--count", "10", "--apr", "5", "--round-unit", "100"),
        ("serve",),
        ("serve", "--catalog", "x.toml", "--port", "70000"),
        ("serve", "--catalog-dir", "/nonexistent/catalogs"),
        ("serve", "--catalog", EXAMPLE, "--catalog", str(DATA / "example.json")),
        ("serve", "--catalog", "/nonexistent/Tax X.toml"),
        ("serve", "--catalog", EXAMPLE, "--port", "http"),
        ("serve", "--catalog", EXAMPLE, "--workers", "0"),
        ("serve", "--catalog", EXAMPLE, "--workers", "100000"),
        ("serve", "--catalog", EXAMPLE, "--token-file", "/nonexistent/token.txt"),
        ("serve", "--catalog", EXAMPLE, "--token-file", "/dev/zero"),
        # argparse's rarer refusals: an abbreviation of two options, a value given a switch.
        ("quote", "--se", "2"),
        ("quote", "--sessions", "2", "--w", "nmn"),
        ("quote", "--sessions", "2", "--bom=yes"),
        ("contract", "--received", "2026-04-01", "--apr", "5", "--addon-rate", "3"),
        # A contract for an offer the catalog does not sell that day or to that patient.
        ("contract", "--catalog", CAMPAIGN, "--offer", "hifu-3-summer", "--received", "2026-04-01"),
        (
            "contract", "--catalog", CAMPAIGN, "--offer", "hifu-trial", "--received", "2026-04-01",
            "--sold-out", "hifu-trial",
        ),
        (
            "contract", "--catalog", CAMPAIGN, "--offer", "hifu-6", "--received", "2026-04-01",
            "--sold-out", "hifu-6",
        ),
        (
            "contract", "--catalog", CAMPAIGN, "--offer", "hifu-6", "--received", "2026-04-01",
            "--segment", "vip",
        ),
        (
            "contract", "--catalog", str(DATA / "standard-prices.toml"), "--offer", "sup-5",
            "--received", "2026-04-01",
        ),
        ("instalments", "--amount", "100000", "--count", "10", "--apr", "5", "--round-unit", "5"),
        ("instalments", "--amount", "100000", "--count", "10"),
        (
            "contract", "--catalog", EXAMPLE, "--offer", "sup-iv-5", "--received", "2026-04-01",
            "--price-includes-tax",
        ),
        ("instalments", "--amount", "100000", "--count", "10", "--apr", "5", "--addon-rate", "3"),
    ],
)  # fmt: skip
def test_no_error_a_user_can_provoke_speaks_english_under_ja_jp(argv: tuple[str, ...]) -> None:
    text = _error_of(*argv)
    command = argv[0]
    assert text.startswith(f"supecost {command}: エラー: "), text
    said = text.removeprefix(f"supecost {command}: エラー: ")
    assert _ENGLISH.search(_KEPT.sub(" ", said)) is None, said
    # The same error in English names the same command once, with the English prefix.
    english = _error_of(*argv, "--locale", "en_US")
    assert english.startswith(f"supecost {command}: error: "), english


def test_a_catalog_file_s_problems_are_japanese(tmp_path: pathlib.Path) -> None:
    bad = tmp_path / "c.toml"
    bad.write_text(
        'schema_version = 1\n[clinic]\nname = "A"\nnmae = "B"\n'
        '[[treatments]]\nid = "x"\nname = "X"\nprice = -5\ntax = "standrd"\n',
        encoding="utf-8",
    )
    text = _error_of("catalog", "validate", str(bad))
    # A misspelt field with its suggestion, a negative price, a tax category misspelt.
    assert "項目 'nmae' はありません。'name' のことですか？" in text
    assert "価格は負にできません" in text
    assert "standard, reduced" in text
    assert "'standard' のことですか？" in text
    assert _ENGLISH.search(_KEPT.sub(" ", text.split("エラー: ", 1)[1])) is None, text
    syntax = tmp_path / "s.toml"
    syntax.write_text("schema_version = 1\n[clinic\n", encoding="utf-8")
    assert "s.toml:2: TOML の書き方に誤りがあります" in _error_of(
        "catalog", "validate", str(syntax)
    )


def test_a_bad_batch_line_is_worded_in_the_command_s_locale(tmp_path: pathlib.Path) -> None:
    lines = tmp_path / "b.jsonl"
    lines.write_text('{"sessions": 0}\n[1]\nnot json\n{"sessions": 2, "sessions": 3}\n')
    for locale, said in (
        ("ja_JP", "sessions は 1 以上にしてください（指定値 0）"),
        ("en_US", "invalid request: sessions must be at least 1, got 0"),
    ):
        out, err = io.StringIO(), io.StringIO()
        argv = ["quote", "--catalog", EXAMPLE, "--batch", str(lines), "--locale", locale]
        assert main(argv, stdout=out, stderr=err) == 1
        assert said in out.getvalue().splitlines()[0]
        assert err.getvalue().startswith(f"{lines}:1: {said}")
        assert len(err.getvalue().splitlines()) == 4
    ja = io.StringIO()
    main(["quote", "--catalog", EXAMPLE, "--batch", str(lines)], stdout=io.StringIO(), stderr=ja)
    for line in ja.getvalue().splitlines():
        assert _ENGLISH.search(_KEPT.sub(" ", line.split(": ", 1)[1])) is None, line


def test_an_error_missing_a_value_its_japanese_names_is_shown_in_english() -> None:
    # A raise site that forgot a value: its English, never a KeyError (a traceback).
    error = RequestError("units out of range", "ask for fewer", code="request.units")
    assert error_text(error, "ja_JP") == "units out of range; ask for fewer"
    problem = CatalogProblem("x", "odd", code="value.min")
    assert problem_text(problem, "ja_JP") == "x: odd"
    assert clause_text("x", "clause.min", (), "x is small", "ja_JP") == "x is small"


def test_the_catalog_s_cross_record_problems_are_japanese() -> None:
    text = (
        '{"schema_version": 2, "clinic": {"name": "A"}, "treatments": ['
        '{"id": "a", "name": "A", "price": 1000},'
        '{"id": "b", "name": "B", "price": 1000, "tax": "reduced"}],'
        '"combos": [{"id": "c", "treatments": ["a", "b"], "discount": 5000}],'
        '"fee_groups": [{"id": "g", "name": "G"}]}'
    )
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text, format="json")
    said = error_text(raised.value, "ja_JP")
    assert "combos[0].treatments: セット割の施術の税区分が異なります（reduced, standard）" in said
    assert (
        "combos[0].discount: 値引き 5,000 円が、施術の単価の合計（2,000 円）を超えています" in said
    )
    assert "グループ 'g' に属する料金がありません（料金のグループ: なし）" in said


# Values the rendering adds to an error's own (report.errtext._derived, a surface's names).
_DERIVED = {
    "kind_ja",
    "suggestion",
    "more_ja",
    "batch_ja",
    "where",
    "arg",
    "option",
    "unit_ja",
    "what_ja",
    "reason_ja",
}
_DERIVED |= {f"{name}_or_none" for name in ("known", "optional", "used")}
_NOT_VALUES = {"code", "params", "fields", "source", "line", "record"}


def _template_names(code: str) -> set[str]:
    import string

    texts = ERRORS_JA.get(code) or (CATALOG_PROBLEMS_JA.get(code) or ERROR_CLAUSES_JA[code],)
    return {
        name
        for text in texts
        for _, name, _, _ in string.Formatter().parse(text)
        if name and not name.isdigit()
    }


def _given_names(call: ast.Call) -> set[str] | None:
    """The values a raise site gives, where it writes them out (``None`` where it cannot tell)."""
    names = {k.arg for k in call.keywords if k.arg is not None and k.arg not in _NOT_VALUES}
    for keyword in call.keywords:
        if keyword.arg is None:
            return None  # **values: not written out here
        if keyword.arg == "params":
            value = keyword.value
            if isinstance(value, ast.Dict):
                names |= {k.value for k in value.keys if isinstance(k, ast.Constant)}
            elif isinstance(value, ast.Tuple):
                names |= {
                    pair.elts[0].value
                    for pair in value.elts
                    if isinstance(pair, ast.Tuple) and isinstance(pair.elts[0], ast.Constant)
                }
            else:
                return None
    return names


def test_every_raise_site_gives_the_values_its_japanese_names() -> None:
    tables = {*ERRORS_JA, *CATALOG_PROBLEMS_JA, *ERROR_CLAUSES_JA}
    checked = 0
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            literals = [a for a in node.args if isinstance(a, ast.Constant)]
            literals += [k.value for k in node.keywords if k.arg == "code"]
            codes = [
                c.value
                for c in literals
                if isinstance(c, ast.Constant) and isinstance(c.value, str) and c.value in tables
            ]
            given = _given_names(node)
            if not codes or given is None:
                continue
            for code in codes:
                missing = _template_names(code) - given - _DERIVED
                assert not missing, f"{path.name}:{node.lineno} {code} lacks {missing}"
                checked += 1
    # The check reads most raise sites, not none.
    assert checked > 100


# ---------------------------------------------------------------------------
# A record's own rules (catalog._fail): each one coded, provoked and told in Japanese

_BASE = (
    'schema_version = 2\n[clinic]\nname = "A"\nsegments = ["member"]\n'
    '[[treatments]]\nid = "a"\nname = "A"\nprice = 1000\n'
    '[[treatments]]\nid = "b"\nname = "B"\nprice = 2000\n'
)
_C = '[[treatments]]\nid = "c"\nname = "C"\n'
_DOSE = '{ id = "1cc", amount = 1, price = 1000 }'
_OFFER = '[[offers]]\nid = "o"\ntreatment = "a"\n'
_FEE = '[[fees]]\nid = "f"\nname = "F"\nprice = 1000\n'
_DISCOUNT = '[[discounts]]\nid = "d"\nname = "D"\n'
_COMBO = '[[combos]]\nid = "ab"\n'

# Each code of a record's rule, and a catalog breaking that rule alone.
_RECORD_RULES = {
    "record.segment_twice": _BASE.replace('["member"]', '["member", "member"]'),
    "record.instalment_rate": _BASE.replace(
        'segments = ["member"]\n',
        'segments = ["member"]\ninstalments = [{ name = "L", max_count = 24 }]\n',
    ),
    "record.extra_unit_segments": (
        _BASE + _C + "price = 1\nextra_unit_segment_prices = { member = 1 }\n"
    ),
    "record.price_and_doses": _BASE + _C + f"price = 1\ndoses = [{_DOSE}]\n",
    "record.price_or_doses": _BASE + _C,
    "record.dose_segment_prices": (
        _BASE + _C + f"segment_prices = {{ member = 1 }}\ndoses = [{_DOSE}]\n"
    ),
    "record.english_alone": _BASE + _C + 'price = 1\ndose_unit_en = "vial"\n',
    "record.plural_alone": (
        _BASE + _C + 'price = 1\ndose_unit = "本"\ndose_unit_en_plural = "vials"\n'
    ),
    # A counter of units beside a single price: dose_unit counts an undosed treatment's.
    "record.count_unit_undosed": _BASE + _C + 'price = 1\ncount_unit = "本"\n',
    "record.dose_twice": _BASE + _C + f"doses = [{_DOSE}, {_DOSE}]\n",
    "record.dose_price_changes": (
        _BASE + _C + f"price_changes = [{{ on = 2027-01-01, price = 1 }}]\ndoses = [{_DOSE}]\n"
    ),
    "record.only_with_itself": _BASE + _C + 'price = 1\nonly_with = ["c"]\n',
    "record.window_order": (
        _BASE + _OFFER + 'kind = "bundle"\nsessions = 5\nprice = 4000\n'
        "valid_from = 2026-05-01\nvalid_until = 2026-04-01\n"
    ),
    # An expiry on a per-session first-time price: only a set sold whole has one.
    "intro.valid_months_not_whole": (
        _BASE + _OFFER + 'kind = "intro"\nprice = 500\nsessions = 3\nvalid_months = 6\n'
    ),
    "record.first_months": (
        _BASE + _OFFER + 'kind = "subscription"\nmonthly_fee = 5000\nsessions_per_month = 1\n'
        "first_month = { months = 2 }\n"
    ),
    "record.campaign_window": (
        _BASE + _OFFER + 'kind = "subscription"\nmonthly_fee = 5000\nsessions_per_month = 1\n'
        "enrollment_fee = 1000\nenrollment_campaign = { price = 0 }\n"
    ),
    "record.contents_twice": (
        _BASE + '[[offers]]\nid = "o"\nkind = "package"\nprice = 5000\n'
        'contents = [{ treatment = "a", sessions = 1 }, { treatment = "a", sessions = 2 }]\n'
    ),
    "record.ladder_first": _BASE + _OFFER + 'kind = "ladder"\nsteps = [{ from = 2, price = 9 }]\n',
    "record.ladder_order": (
        _BASE + _OFFER + 'kind = "ladder"\n'
        "steps = [{ from = 1, price = 9 }, { from = 1, price = 8 }]\n"
    ),
    "record.ladder_segment_prices": (
        _BASE + _OFFER + 'kind = "ladder"\nsteps = [{ from = 1, price = 9 }]\n'
        "segment_prices = { member = 8 }\n"
    ),
    "record.discount_and_price": (
        _BASE + _COMBO + 'treatments = ["a", "b"]\ndiscount = 1\nprice = 2\n'
    ),
    "record.discount_or_price": _BASE + _COMBO + 'treatments = ["a", "b"]\n',
    "record.treatment_twice": _BASE + _COMBO + 'treatments = ["a", "a"]\ndiscount = 100\n',
    "record.group_not_optional": _BASE + _FEE + 'charged = "once"\ngroup = "g"\n',
    "record.trigger_optional": _BASE + _FEE + 'charged = "every_visit"\ntrigger = "weekend"\n',
    "record.cancellation_every_visit": _BASE
    + _FEE
    + 'charged = "once"\noptional = true\ntrigger = "cancellation"\n',
    "record.includes_units": _BASE
    + _OFFER
    + 'kind = "bundle"\nsessions = 10\nprice = 9000\ncounts = "units"\nincludes = { g = 1 }\n'
    + '[[goods]]\nid = "g"\nname = "G"\nprice = 100\n',
    "record.joining_charged": _BASE + _FEE + 'charged = "every_visit"\njoins = "member"\n',
    "record.joining_also": _BASE + _FEE + 'charged = "once"\njoins = "member"\noptional = true\n',
    "record.amount_and_percent": _BASE + _DISCOUNT + "amount = 100\npercent = 10\n",
    "record.amount_or_percent": _BASE + _DISCOUNT,
}  # fmt: skip


def _fail_codes() -> list[object]:
    """The code each ``_fail(...)`` call of catalog.py passes, as written (``None``: none)."""
    tree = ast.parse((SOURCE / "catalog.py").read_text(encoding="utf-8"))
    return [
        node.args[2].value
        if len(node.args) > 2 and isinstance(node.args[2], ast.Constant)
        else None
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_fail"
    ]


def test_every_record_rule_of_the_catalog_has_a_code_worded_in_japanese() -> None:
    codes = _fail_codes()
    # The scan sees the call sites (a unit's English in both languages checked at one).
    assert len(codes) >= 25
    assert all(isinstance(code, str) and code in CATALOG_PROBLEMS_JA for code in codes), codes
    # The table below breaks every rule, and only rules that are written.
    assert set(codes) == set(_RECORD_RULES)


@pytest.mark.parametrize("code", sorted(_RECORD_RULES))
def test_a_catalog_breaking_a_record_s_rule_is_told_in_japanese(
    code: str, tmp_path: pathlib.Path
) -> None:
    with pytest.raises(CatalogError) as raised:
        parse_catalog(_RECORD_RULES[code], format="toml")
    (problem,) = raised.value.problems
    assert problem.code == code
    bad = tmp_path / "bad.toml"
    bad.write_text(_RECORD_RULES[code], encoding="utf-8")
    text = _error_of("catalog", "validate", str(bad))
    assert f"bad.toml:{problem.line}: {problem.path}: " in text
    assert _ENGLISH.search(_KEPT.sub(" ", text.split("エラー: ", 1)[1])) is None, text
    # English where asked for: the rule's own sentence, as Python's error says it.
    assert problem.message in _error_of("catalog", "validate", str(bad), "--locale", "en_US")


def test_a_folder_of_no_catalogs_to_serve_is_told_in_japanese(tmp_path: pathlib.Path) -> None:
    said = _error_of("serve", "--catalog-dir", str(tmp_path))
    assert "配信するカタログがありません" in said
    assert _ENGLISH.search(_KEPT.sub(" ", said.split("エラー: ", 1)[1])) is None, said


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"short\n", "のトークンが 5 文字しかありません"),
        (b"\xe9" * 20, "が UTF-8 ではありません"),
        (b"x" * 5000, "が 4,096 バイトを超えています"),
    ],
)
def test_a_bad_token_file_stops_serve_in_its_locale(
    content: bytes, said: str, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # a short name, shown whole
    pathlib.Path("token.txt").write_bytes(content)
    text = _error_of("serve", "--catalog", EXAMPLE, "--token-file", "token.txt")
    assert f"'token.txt' {said}" in text, text
    assert _ENGLISH.search(_KEPT.sub(" ", text.split("エラー: ", 1)[1])) is None, text
    english = _error_of(
        "serve", "--catalog", EXAMPLE, "--token-file", "token.txt", "--locale", "en_US"
    )
    assert english.startswith("supecost serve: error: the token"), english


def test_a_toml_date_time_for_a_date_is_echoed_as_the_file_writes_it(
    tmp_path: pathlib.Path,
) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        _BASE + _OFFER + 'kind = "bundle"\nsessions = 5\nprice = 4000\n'
        "valid_from = 2026-04-01T09:30:00+09:00\n",
        encoding="utf-8",
    )
    japanese = _error_of("catalog", "validate", str(path))
    assert "（指定値 2026-04-01T09:30:00+09:00）" in japanese, japanese
    english = _error_of("catalog", "validate", str(path), "--locale", "en_US")
    assert "got 2026-04-01T09:30:00+09:00" in english, english
    assert "datetime" not in japanese + english


# Each code of a problem with a file or a value (not one record's rule), and a file with it.
_FILE_PROBLEMS = {
    "value.above": ("toml", _BASE + _C + 'doses = [{ id = "1cc", amount = 0, price = 1 }]\n'),
    "type.float_type": ("toml", _BASE + _C + 'doses = [{ id = "1cc", amount = "x", price = 1 }]\n'),
    "value.yen": ("toml", _BASE + _C + "price = 1.5\n"),
    "value.price_changes_order": (
        "toml",
        _BASE + _C + "price = 1\nprice_changes = [{ on = 2027-01-01, price = 2 }, "
        "{ on = 2027-01-01, price = 3 }]\n",
    ),
    "yen.bounds": ("toml", _BASE + _C + "price = 1_000_000_000_000_000\n"),
    "yen.range_order": ("toml", _BASE + _C + "price = { min = 5, max = 3 }\n"),
    "yen.range_typical": ("toml", _BASE + _C + "price = { min = 5, typical = 9, max = 7 }\n"),
    "yen.range_typical_open": ("toml", _BASE + _C + "price = { min = 5, typical = 1 }\n"),
    "yen.range_key": ("toml", _BASE + _C + "price = { min = 5, mx = 7 }\n"),
    "yen.range_min": ("toml", _BASE + _C + "price = { max = 7 }\n"),
    "field.twice": (
        "json", '{"schema_version": 1, "clinic": {"name": "A", "name": "B"}, "treatments": []}'
    ),
    "value.schema": ("toml", 'schema_version = 1.0\n[clinic]\nname = "A"\n'),
    "value.lint_rule": ("toml", _BASE + '[lint]\ndisable = [{ rule = "SC0001", reason = "r" }]\n'),
    "catalog.more": (
        "toml",
        _BASE + "".join(f'[[treatments]]\nid = "t{i}"\nname = "T"\n' for i in range(60)),
    ),
}  # fmt: skip


@pytest.mark.parametrize("code", sorted(_FILE_PROBLEMS))
def test_a_file_s_own_problems_are_told_in_japanese(code: str, tmp_path: pathlib.Path) -> None:
    suffix, text = _FILE_PROBLEMS[code]
    bad = tmp_path / f"bad.{suffix}"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as raised:
        validate_file(bad)
    assert code in [problem.code for problem in raised.value.problems]
    said = _error_of("catalog", "validate", str(bad))
    assert _ENGLISH.search(_KEPT.sub(" ", said.split("エラー: ", 1)[1])) is None, said
    assert str(raised.value.problems[-1]) in _error_of(
        "catalog", "validate", str(bad), "--locale", "en_US"
    )


def test_a_record_s_problems_past_the_first_are_counted_in_japanese() -> None:
    # 60 treatments without a price, built in Python: 50 listed, and 10 more counted.
    treatments = [{"id": f"t{i}", "name": "T"} for i in range(60)]
    with pytest.raises(CatalogError) as raised:
        Catalog.model_validate(
            {"schema_version": 1, "clinic": {"name": "A"}, "treatments": treatments}
        )
    last = raised.value.problems[-1]
    assert last.code == "catalog.more_record"
    assert problem_text(last, "ja_JP") == (
        "ほかに 10 件の問題があります（表示していません）。ここまでを直して、"
        "レコードを作り直してください"
    )


def test_a_lint_rule_switched_off_in_python_needs_a_reason_in_japanese_too() -> None:
    with pytest.raises(CatalogError) as raised:
        lint_catalog(parse_catalog(_BASE, format="toml"), disabled={"SC001": " "})
    assert error_text(raised.value, "ja_JP").endswith(
        "lint.disable: ルール SC001 を無効にするには理由が必要です。"
        "当てはまらない理由を書いてください"
    )


def test_a_contract_s_goods_without_one_price_or_in_too_many_units_are_japanese(
    tmp_path: pathlib.Path,
) -> None:
    catalog = tmp_path / "c.toml"
    catalog.write_text(
        _BASE + '[[offers]]\nkind = "bundle"\nid = "a-5"\ntreatment = "a"\nsessions = 5\n'
        'price = 4000\n[[goods]]\nid = "g"\nname = "G"\nprice = { min = 100, max = 200 }\n',
        encoding="utf-8",
    )
    argv = ("contract", "--catalog", str(catalog), "--offer", "a-5", "--received", "2026-04-01")
    for goods, said in (
        ("g=1", "物販 'g' の価格が範囲で、1 つに決まっていません"),
        ("g=100000", "物販 'g' の数量は 1〜1,000 の整数にしてください（指定値 100000）"),
    ):
        text = _error_of(*argv, "--goods", goods)
        assert said in text
        assert _ENGLISH.search(_KEPT.sub(" ", text.split("エラー: ", 1)[1])) is None, text


@pytest.mark.parametrize(
    ("fields", "code", "said"),
    [
        ('unit_en = "box"', "record.english_alone", "unit の英語表記です。unit も書いてください"),
        (
            'unit = "箱"\nunit_en_plural = "boxes"',
            "record.plural_alone",
            "unit_en の複数形です。unit_en（英語の単数形）も書いてください",
        ),
    ],
)
def test_a_goods_unit_in_english_alone_is_told_in_japanese(
    fields: str, code: str, said: str
) -> None:
    text = _BASE + f'[[goods]]\nid = "g"\nname = "G"\nprice = 100\n{fields}\n'
    with pytest.raises(CatalogError) as raised:
        parse_catalog(text, format="toml")
    (problem,) = raised.value.problems
    assert problem.code == code
    assert problem_text(problem, "ja_JP").endswith(
        f"goods[0].{problem.path.split('.')[-1]}: {said}"
    )


@pytest.mark.parametrize(
    ("replace", "ja", "en"),
    [
        (("", ""), "0〜10本（契約の数量）", "the contract's 10 amp, got 11"),
        # A treatment naming no unit: the bare word for a unit, 単位 / "units".
        (
            ('dose_unit = "本"\ndose_unit_en = "amp"\n', ""),
            "0〜10単位（契約の数量）",
            "the contract's 10 units, got 11",
        ),
    ],
)
def test_a_unit_ticket_s_used_count_is_refused_in_units(
    replace: tuple[str, str], ja: str, en: str
) -> None:
    # review30 F9: a 10本券 counts units, so 11 used is refused counting units, not 回数.
    from datetime import date

    from supecost.contracts import ContractError, contract_for_offer, contract_report

    text = (DATA / "placenta-tickets.toml").read_text(encoding="utf-8").replace(*replace)
    contract = contract_for_offer(
        parse_catalog(text, format="toml"), "p10", received=date(2026, 4, 1)
    )
    with pytest.raises(ContractError) as raised:
        contract_report(contract, today=date(2026, 4, 20), used=11)
    assert raised.value.code == "contract.used_units"
    assert error_text(raised.value, "ja_JP") == (
        f"used は {ja}の整数にしてください（指定値 11）。利用した数量を確かめてください"
    )
    assert en in error_text(raised.value, "en_US")
    assert "回数" not in error_text(raised.value, "ja_JP")


def test_options_one_of_which_is_needed_are_joined_as_alternatives() -> None:
    # A group of three (the command line has one of two): each joined by か, never argparse's
    # spaces; the English is the raise site's own.
    error = SupecostError(
        "--a, --b or --c must be given; give one of them",
        code="option.one_of",
        params={"options": ("--a", "--b", "--c")},
    )
    assert error_words(error, "ja_JP") == (
        "--a か --b か --c の指定がありません",
        "どれか 1 つを指定してください",
    )
    assert error_words(error, "en_US")[0] == "--a, --b or --c must be given; give one of them"


def test_options_every_one_of_which_is_needed_are_listed_with_the_list_phrase() -> None:
    # argparse's "required" refusal: each option is to be given, joined by 、 (never ", " nor
    # argparse's sentence), and the fix names them rather than pointing at --help.
    error = SupecostError(
        "--offer and --received must be given; add --offer and --received to the command",
        code="option.required",
        params={"options": ("--offer", "--received")},
    )
    assert error_words(error, "ja_JP") == (
        "--offer、--received の指定がありません",
        "--offer、--received を指定してください",
    )


def test_an_option_before_its_place_names_the_place_the_english_names() -> None:
    # cli._misplaced's place (the command, a report's kind, a catalog action) in Japanese; a
    # place this table has no word for is said in English rather than with a gap.
    def words(what: str) -> tuple[str, str]:
        error = SupecostError(
            f"--locale goes after the {what}",
            code="option.before_command",
            params={
                "option": "--locale",
                "place": "supecost report KIND --locale ...",
                "what": what,
            },
        )
        return error_words(error, "ja_JP")

    assert words("kind")[0] == "--locale は文書の種類の後に書きます"
    assert (
        words("action")[1] == "supecost report KIND --locale ... のように、操作を先に書いてください"
    )
    assert words("command")[0] == "--locale はコマンドの後に書きます"
    assert words("verb")[0] == "--locale goes after the verb"
