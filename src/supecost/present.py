"""Quotes and catalogs as text for a terminal or Markdown, in Japanese or English.

This module renders; it never prices. Everything it shows comes from a
:class:`~supecost.quotes.Quote` or a :class:`~supecost.catalog.Catalog`.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.engine import quote
>>> from supecost.quotes import QuoteRequest
>>> result = quote(reference_catalog(), QuoteRequest(sessions=3, on=date(2026, 4, 1)))
>>> print(quote_table(result, reference_catalog(), locale="en_US").splitlines()[0])
Stem-cell culture supernatant IV drip × 3 sessions · new patient · Apr 1, 2026 · prices include tax
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Final

from supecost.catalog import Catalog
from supecost.l10n import format_date, format_range, normalize_locale
from supecost.money import Rounding, Scenario, YenRange, round_fraction
from supecost.names import display_name
from supecost.quotes import LineKind, Option, PointValues, Quote

if TYPE_CHECKING:  # a quote on the terminal does not load the contract models
    from supecost.contracts import ContractReport, InstalmentReport

__all__ = [
    "catalog_table",
    "contract_table",
    "instalment_table",
    "option_name",
    "quote_markdown",
    "quote_table",
]

_TEXT: Final[dict[str, dict[str, str]]] = {
    "ja": {
        "sessions": "{n}回",
        "months": "{n}か月",
        "new": "新規",
        "returning": "再診",
        "included": "税込",
        "excluded": "税抜価格＋消費税",
        "rank": "順位",
        "way": "買い方",
        "total": "合計（税込）",
        "per_session": "1回あたり",
        "unused": "（未使用{n}回）",
        "singles": "都度払い",
        "intro": "初回価格＋都度払い",
        "mix": "組み合わせ",
        "best": "最安",
        "saving_singles": "都度払いより {amount} お得",
        "saving_runner_up": "次点（{name}）より {amount} お得",
        "uncertain": (
            "価格の幅によって最安の買い方が変わります（下限: {min}、標準: {typical}、上限: {max}）"
        ),
        "certain": "価格の幅のどこでも同じ買い方が最安です",
        "break_even": "都度払いより安くなる回数",
        "from_sessions": "{n}回から",
        "never": "{n}回まででは安くならない",
        "lines": "内訳（{name}）",
        "tax_line": "消費税（{rate}%）",
        "tax_inner": "うち消費税（{rate}%）",
        "unserved": "この依頼に使えない買い方",
        "across": "回数ごとの最安",
        "payments": "支払予定",
        "month": "{n}か月目",
        "unknown": "不明",
        "notes": "注記",
    },
    "en": {
        "sessions": "{n} sessions",
        "months": "{n} months",
        "new": "new patient",
        "returning": "returning patient",
        "included": "prices include tax",
        "excluded": "tax added to prices",
        "rank": "#",
        "way": "Way of buying",
        "total": "Total (tax incl.)",
        "per_session": "Per session",
        "unused": " ({n} unused)",
        "singles": "Pay per session",
        "intro": "First-time price, then per session",
        "mix": "Best mix",
        "best": "Cheapest",
        "saving_singles": "saves {amount} against paying per session",
        "saving_runner_up": "saves {amount} against the runner-up ({name})",
        "uncertain": (
            "The cheapest way depends on where prices fall"
            " (low: {min}, typical: {typical}, high: {max})"
        ),
        "certain": "The same way is cheapest wherever prices fall in their ranges",
        "break_even": "Pays off against singles from",
        "from_sessions": "{n} sessions",
        "never": "not within {n} sessions",
        "lines": "Lines ({name})",
        "tax_line": "Consumption tax ({rate}%)",
        "tax_inner": "of which consumption tax ({rate}%)",
        "unserved": "Ways of buying that cannot serve this request",
        "across": "Cheapest by session count",
        "payments": "Payment schedule",
        "month": "month {n}",
        "unknown": "unknown",
        "notes": "Notes",
    },
}

_KIND_TEXT: Final[dict[str, dict[LineKind, str]]] = {
    "ja": {
        LineKind.SINGLE: "単回",
        LineKind.BUNDLE: "回数券",
        LineKind.INTRO: "初回価格",
        LineKind.SUBSCRIPTION: "月額",
        LineKind.ENROLLMENT: "入会金",
        LineKind.EXTRA_SESSION: "追加回",
        LineKind.COMBO: "同時施術割引",
        LineKind.DISCOUNT: "割引",
        LineKind.FEE: "料金",
    },
    "en": {
        LineKind.SINGLE: "single",
        LineKind.BUNDLE: "set",
        LineKind.INTRO: "first-time",
        LineKind.SUBSCRIPTION: "month",
        LineKind.ENROLLMENT: "enrollment",
        LineKind.EXTRA_SESSION: "extra session",
        LineKind.COMBO: "combo",
        LineKind.DISCOUNT: "discount",
        LineKind.FEE: "fee",
    },
}


def _language(locale: str) -> str:
    return "ja" if normalize_locale(locale).startswith("ja") else "en"


def _name(catalog: Catalog, item: str, language: str) -> str:
    return display_name(catalog, item, english=language == "en")


def option_name(option: Option | str, catalog: Catalog, locale: str = "ja_JP") -> str:
    """A reader's name for a way of buying, from its label.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> option_name("bundle:sup-iv-set", reference_catalog(), "en_US")
        'Culture supernatant IV drip, set of 5'

    Args:
        option: An option or its label.
        catalog: The catalog that names the offers.
        locale: The locale.

    Returns:
        The name.
    """
    language = _language(locale)
    label = option if isinstance(option, str) else option.label
    kind, _, item = label.partition(":")
    if item:
        return _name(catalog, item, language)
    return _TEXT[language].get(kind, kind)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def _grid(rows: Sequence[Sequence[str]], right: Sequence[bool]) -> list[str]:
    widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
    return [
        "  ".join(_pad(cell, widths[i], right[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]


def _money(value: YenRange, locale: str) -> str:
    return format_range(value, locale, show_typical=True)


def _point_values(values: PointValues, locale: str) -> str:
    known = [v for v in (values.min, values.typical, values.max) if v is not None]
    low, high = min(known), max(known)
    return format_range(YenRange(low, high), locale)


def _heading(result: Quote, catalog: Catalog, language: str, locale: str) -> str:
    text = _TEXT[language]
    parts = [
        f"{_name(catalog, result.treatment, language)} × "
        + text["sessions"].format(n=_sessions_text(result)),
    ]
    if result.request.months:
        parts.append(text["months"].format(n=result.request.months))
    if result.request.with_:
        parts.append(" + ".join(_name(catalog, t, language) for t in result.request.with_))
    parts.append(text["new"] if result.request.new_patient else text["returning"])
    parts.append(format_date(result.on, locale))
    parts.append(text["included"] if result.prices_include_tax else text["excluded"])
    separator = "・" if language == "ja" else " · "
    return separator.join(parts)


def _sessions_text(result: Quote) -> str:
    counts = result.request.session_counts
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}〜{counts[-1]}"


def _summary(result: Quote, catalog: Catalog, language: str, locale: str) -> list[str]:
    text = _TEXT[language]
    explanation = result.explanation
    best = result.best
    sentences = [
        f"{text['best']}: {option_name(best, catalog, locale)} — {_money(best.total, locale)}"
    ]
    if best.label != "singles" and any(o.label == "singles" for o in result.options):
        amount = _point_values(explanation.saving_vs_singles, locale)
        sentences.append(text["saving_singles"].format(amount=amount))
    if explanation.runner_up and explanation.saving_vs_runner_up:
        sentences.append(
            text["saving_runner_up"].format(
                name=option_name(explanation.runner_up, catalog, locale),
                amount=_point_values(explanation.saving_vs_runner_up, locale),
            )
        )
    if explanation.certain:
        sentences.append(text["certain"])
    else:
        named = {
            scenario.value: (option_name(label, catalog, locale) if label else text["unknown"])
            for scenario, label in explanation.winners.items()
        }
        sentences.append(
            text["uncertain"].format(
                min=named.get(Scenario.MIN.value, text["unknown"]),
                typical=named.get(Scenario.TYPICAL.value, text["unknown"]),
                max=named.get(Scenario.MAX.value, text["unknown"]),
            )
        )
    if explanation.break_even:
        points = ", ".join(
            f"{_name(catalog, b.offer, language)}: "
            + (
                text["from_sessions"].format(n=b.sessions)
                if b.sessions
                else text["never"].format(n=b.checked_up_to)
            )
            for b in explanation.break_even
        )
        sentences.append(f"{text['break_even']}: {points}")
    return sentences


def _line_rows(result: Quote, catalog: Catalog, language: str, locale: str) -> list[list[str]]:
    option = result.best
    rows = []
    for line in option.lines:
        rows.append(
            [
                _name(catalog, line.item, language),
                _KIND_TEXT[language][line.kind],
                f"{line.quantity} ×",
                format_range(line.unit_price, locale),
                format_range(line.amount, locale),
            ]
        )
    text = _TEXT[language]
    for tax in option.tax:
        if tax.rate == 0:
            continue
        # Tax-included prices already contain the tax: show it as "of which", not as an addition.
        label = text["tax_inner"] if result.prices_include_tax else text["tax_line"]
        rows.append([label.format(rate=tax.rate), "", "", "", format_range(tax.tax, locale)])
    return rows


def _option_cell(option: Option, catalog: Catalog, locale: str) -> str:
    """A way of buying's name, with the sessions it buys but leaves unused."""
    name = option_name(option, catalog, locale)
    if option.sessions_unused:
        name += _TEXT[_language(locale)]["unused"].format(n=option.sessions_unused)
    return name


def quote_table(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A quote as an aligned plain-text table for a terminal (East Asian widths respected).

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> result = quote(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)))
        >>> "都度払い" in quote_table(result, reference_catalog())
        True

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The table, lines joined with newlines.
    """
    language = _language(locale)
    text = _TEXT[language]
    rows = [[text["rank"], text["way"], text["total"], text["per_session"]]]
    for rank, option in enumerate(result.options, start=1):
        name = _option_cell(option, catalog, locale)
        rows.append(
            [
                str(rank),
                name,
                _money(option.total, locale),
                format_range(option.per_session, locale),
            ]
        )
    out = [_heading(result, catalog, language, locale), ""]
    out += _grid(rows, [True, False, True, True])
    out += ["", *_summary(result, catalog, language, locale)]
    out += ["", text["lines"].format(name=option_name(result.best, catalog, locale))]
    out += [
        "  " + row
        for row in _grid(
            _line_rows(result, catalog, language, locale), [False, False, True, True, True]
        )
    ]
    out += _extras(result, catalog, language, locale, bullet="  ")
    return "\n".join(out) + "\n"


def _extras(
    result: Quote, catalog: Catalog, language: str, locale: str, *, bullet: str
) -> list[str]:
    text = _TEXT[language]
    out: list[str] = []
    if result.best.payments:
        out += ["", text["payments"]]
        out += [
            f"{bullet}{text['month'].format(n=p.month + 1)}: {format_range(p.amount, locale)}"
            for p in result.best.payments
        ]
    if result.best.notes:
        out += ["", text["notes"]] + [f"{bullet}{note}" for note in result.best.notes]
    if result.across_sessions:
        out += ["", text["across"]]
        out += [
            f"{bullet}{text['sessions'].format(n=p.sessions)}: "
            f"{option_name(p.best, catalog, locale)} {format_range(p.total, locale)}"
            for p in result.across_sessions
        ]
    if result.unserved:
        out += ["", text["unserved"]]
        out += [
            f"{bullet}{option_name(u.label, catalog, locale)}: {u.reason}" for u in result.unserved
        ]
    return out


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def quote_markdown(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A quote as Markdown: a heading, the options table, the explanation and the best plan's lines.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> result = quote(reference_catalog(), QuoteRequest(sessions=1, on=date(2026, 4, 1)))
        >>> print(quote_markdown(result, reference_catalog(), locale="en_US").splitlines()[0])
        ## Stem-cell culture supernatant IV drip × 1 sessions · new patient · Apr 1, 2026 · ...

    Args:
        result: The quote.
        catalog: The catalog it was made from (for names).
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The Markdown text.
    """
    language = _language(locale)
    text = _TEXT[language]
    out = [f"## {_md_escape(_heading(result, catalog, language, locale))}", ""]
    out += [f"| {text['rank']} | {text['way']} | {text['total']} | {text['per_session']} |"]
    out += ["|---:|---|---:|---:|"]
    for rank, option in enumerate(result.options, start=1):
        name = _md_escape(_option_cell(option, catalog, locale))
        out.append(
            f"| {rank} | {name} | {_money(option.total, locale)} | "
            f"{format_range(option.per_session, locale)} |"
        )
    out += [""] + [f"- {_md_escape(s)}" for s in _summary(result, catalog, language, locale)]
    out += [
        "",
        f"### {text['lines'].format(name=_md_escape(option_name(result.best, catalog, locale)))}",
        "",
    ]
    out += ["| | | | | |", "|---|---|---:|---:|---:|"]
    out += [
        "| " + " | ".join(_md_escape(cell) for cell in row) + " |"
        for row in _line_rows(result, catalog, language, locale)
    ]
    extras = _extras(result, catalog, language, locale, bullet="- ")
    out += [line if line.startswith("- ") or not line else f"### {line}" for line in extras]
    return "\n".join(out) + "\n"


def catalog_table(catalog: Catalog, *, locale: str = "ja_JP") -> str:
    """A catalog's treatments, offers, combos, fees and discounts as plain text.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> print(catalog_table(reference_catalog(), locale="en_US").splitlines()[0])
        Reference catalog (stem-cell culture supernatant)

    Args:
        catalog: The catalog.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    language = _language(locale)
    clinic = catalog.clinic
    title = clinic.name_en if language == "en" and clinic.name_en else clinic.name
    rows = [["id", "kind", "name", "price"]]
    for treatment in catalog.treatments:
        rows.append(
            [
                treatment.id,
                "treatment",
                _name(catalog, treatment.id, language),
                format_range(treatment.price, locale),
            ]
        )
    for offer in catalog.offers:
        price = offer.monthly_fee if offer.kind == "subscription" else offer.price
        rows.append(
            [offer.id, offer.kind, _name(catalog, offer.id, language), format_range(price, locale)]
        )
    for combo in catalog.combos:
        amount = combo.discount if combo.discount is not None else combo.price
        assert amount is not None
        rows.append(
            [combo.id, "combo", _name(catalog, combo.id, language), format_range(amount, locale)]
        )
    for fee in catalog.fees:
        rows.append(
            [fee.id, "fee", _name(catalog, fee.id, language), format_range(fee.price, locale)]
        )
    for discount in catalog.discounts:
        amount_text = (
            f"{discount.percent}%" if discount.percent is not None else str(discount.amount)
        )
        rows.append([discount.id, "discount", _name(catalog, discount.id, language), amount_text])
    tax = _TEXT[language]["included" if clinic.prices_include_tax else "excluded"]
    return "\n".join([title, tax, "", *_grid(rows, [False, False, False, True])]) + "\n"


_CONTRACT_TEXT: Final[dict[str, dict[str, str]]] = {
    "ja": {
        "rules": "適用ルール",
        "applicable": "特定継続的役務提供",
        "yes": "該当",
        "no": "非該当",
        "received": "契約書面の受領日",
        "cooling_off_until": "クーリング・オフ期限",
        "not_applicable": "適用なし",
        "cancel_on": "解約日",
        "used": "利用回数",
        "total": "契約金額",
        "per_session": "1回あたりの契約単価",
        "valid_until": "有効期限",
        "paid": "支払済み",
        "keep_max": "事業者が受け取れる上限",
        "refund_min": "返金額（最低）",
        "owed_max": "追加で請求されうる上限",
        "reasons": "判定の理由",
        "breakdown": "受け取れる額の内訳",
        "notes": "注記",
        "payments": "支払回",
        "payment_total": "支払総額",
        "interest": "利息・手数料",
        "apr": "実質年率",
    },
    "en": {
        "rules": "Rules",
        "applicable": "Specified continuous service",
        "yes": "covered",
        "no": "not covered",
        "received": "Contract document received",
        "cooling_off_until": "Cooling-off until",
        "not_applicable": "does not apply",
        "cancel_on": "Cancelled on",
        "used": "Sessions used",
        "total": "Contract amount",
        "per_session": "Contract price per session",
        "valid_until": "Valid until",
        "paid": "Paid",
        "keep_max": "Clinic may keep at most",
        "refund_min": "Refund at least",
        "owed_max": "Patient may still owe at most",
        "reasons": "Why",
        "breakdown": "What may be kept",
        "notes": "Notes",
        "payments": "Payment",
        "payment_total": "Total paid",
        "interest": "Interest and fees",
        "apr": "APR",
    },
}


def contract_table(report: ContractReport, *, locale: str = "ja_JP") -> str:
    """A contract's coverage, cooling-off and cancellation settlement as plain text.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import ContractRules
        >>> from supecost.contracts import Contract, ContractLine, contract_report
        >>> line = ContractLine(label="set", kind="bundle", amount=510_000, sessions=6)
        >>> contract = Contract.from_lines([line], received=date(2024, 4, 1),
        ...                                rules=ContractRules.COSMETIC_MEDICINE)
        >>> report = contract_report(contract, today=date(2024, 6, 1), used=2)
        >>> print(contract_table(report, locale="en_US").splitlines()[-1])
        Refund at least: ¥290,000

    Args:
        report: What :func:`supecost.contracts.contract_report` returned.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    language = _language(locale)
    text = _CONTRACT_TEXT[language]

    def yen(amount: int) -> str:
        return format_range(YenRange.exact(amount), locale)

    rows = [
        [text["rules"], report.rules.value],
        [text["applicable"], text["yes"] if report.applicable else text["no"]],
        [text["received"], format_date(report.received, locale) if report.received else "-"],
        [
            text["cooling_off_until"],
            format_date(report.cooling_off_until, locale)
            if report.cooling_off_applies and report.cooling_off_until
            else text["not_applicable"],
        ],
        [text["total"], yen(report.total)],
    ]
    if report.per_session_price is not None:
        rows.append([text["per_session"], _exact_yen(report.per_session_price, locale)])
    if report.valid_until is not None:
        rows.append([text["valid_until"], format_date(report.valid_until, locale)])
    rows += [
        [text["cancel_on"], format_date(report.cancel_on, locale)],
        [text["used"], f"{report.used} / {report.sessions}"],
        [text["paid"], yen(report.paid)],
        [text["owed_max"], yen(report.owed_max)],
        [text["keep_max"], yen(report.keep_max)],
    ]
    out = [f"{label}: {value}" for label, value in rows]
    out += [f"{text['reasons']}:"] + [f"  - {reason}" for reason in report.reasons]
    out += [f"{text['breakdown']}:"] + [
        f"  - {line.label}: {yen(line.amount)}" for line in report.lines
    ]
    if report.notes:
        out += [f"{text['notes']}:"] + [f"  - {note}" for note in report.notes]
    out.append(f"{text['refund_min']}: {yen(report.refund_min)}")
    return "\n".join(out) + "\n"


def _exact_yen(value: Fraction, locale: str) -> str:
    """An exact fraction of a yen: whole yen as usual, else two decimals and an ellipsis."""
    if value.denominator == 1:
        return format_range(YenRange.exact(int(value)), locale)
    hundredths = round_fraction(value * 100, Rounding.FLOOR)
    whole, cents = divmod(hundredths, 100)
    return f"{whole:,}.{cents:02d}…"


def instalment_table(report: InstalmentReport, *, locale: str = "ja_JP") -> str:
    """An instalment plan: each payment, the total and the interest, as plain text.

    Example:
        >>> from supecost.contracts import addon_payments, instalment_report
        >>> report = instalment_report(addon_payments(100_000, 10, "7.5"))
        >>> print(instalment_table(report, locale="en_US").splitlines()[0])
        Payment  1: ¥10,750

    Args:
        report: What :func:`supecost.contracts.instalment_report` returned.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The text.
    """
    text = _CONTRACT_TEXT[_language(locale)]
    width = len(str(report.count))
    out = [
        f"{text['payments']} {number:>{width}}: {format_range(YenRange.exact(amount), locale)}"
        for number, amount in enumerate(report.payments, start=1)
    ]
    out.append(f"{text['payment_total']}: {format_range(YenRange.exact(report.total), locale)}")
    out.append(f"{text['interest']}: {format_range(YenRange.exact(report.interest), locale)}")
    if report.apr_percent is not None:
        out.append(f"{text['apr']}: {report.apr_percent}%")
    return "\n".join(out) + "\n"
