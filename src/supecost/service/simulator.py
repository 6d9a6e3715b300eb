"""The patient's cost simulator (料金シミュレーター): a page, and the figures its script shows.

The page is whole without its script: it names the clinic and carries the
catalog's price list with its self-pay disclosures (the price list report's
own content). Its script, served from this package, asks
``POST /simulator/{id}/quote`` for the cheapest way and shows the text it gets
back: every figure is formatted here, in the page's locale, never in the
browser. Catalog text is escaped wherever it reaches the page.

>>> from supecost.catalog import reference_catalog
>>> page = simulator_page(reference_catalog(), "ref", locale="ja_JP")
>>> "料金シミュレーター" in page and "<script src=" in page
True
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from supecost import report
from supecost.catalog import MAX_MONTHS, Catalog, Charged, Intro, IntroFor, Ladder
from supecost.l10n import month_name
from supecost.present import option_name
from supecost.quotes import MAX_HISTORY, MAX_SESSIONS, Quote, Way
from supecost.report.document import fee_charged, fee_group_name, fee_scope
from supecost.report.escape import xml_text
from supecost.report.figures import Shown, saving_beyond
from supecost.report.html import CSS
from supecost.report.model import FeeEntry, PriceList
from supecost.report.names import display_name, segment_names
from supecost.report.ways import CheaperAt, Cheapest, cheaper_elsewhere, cheapest
from supecost.report.words import (
    Words,
    cheaper_line,
    cheapest_points,
    cheapest_uncertain,
    segment_header,
    segments_who,
    single_price,
    unit_of,
    unit_word,
)

__all__ = ["SimulatorPayment", "SimulatorResult", "page_css", "simulator_page", "simulator_result"]

MAX_SLIDER: Final = 24
"""The slider's top; the number box beside it goes up to the request limit."""

_OWN_CSS: Final = """
.sim { border: 2px solid #444444; border-radius: 8px; padding: 12px 16px; margin: 0 0 1.5em; }
.sim form { display: grid; grid-template-columns: minmax(8em, 30%) minmax(0, 1fr); gap: 10px 12px;
  align-items: center; }
.sim label, .sim legend { font-weight: bold; }
.sim fieldset { border: 0; margin: 0; padding: 0; display: contents; }
.sim select, .sim input, .sim button { font: inherit; padding: 4px 6px; max-width: 100%; }
.sim .pick { min-width: 0; }
.sim .pick select { width: 100%; }
.sim .chosen { margin: 4px 0 0; overflow-wrap: anywhere; }
.sim .row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
.sim input[type=range] { flex: 1 1 10em; }
.sim input[type=number] { width: 6em; }
.sim .choices label { font-weight: normal; margin-right: 1em; display: inline-block;
  max-width: 100%; overflow-wrap: anywhere; }
.sim .choices.fees label { display: block; }
.sim .choices label[hidden] { display: none; }
.sim button { grid-column: 2; justify-self: start; }
.sim :focus-visible { outline: 3px solid #1a55c2; outline-offset: 2px; }
.sim output { display: block; }
.sim .total { font-size: 1.6em; font-weight: bold; }
.sim .error { color: #b00020; }
.lang { float: right; }
@media (max-width: 600px) {
  body { padding: 8px; }
  .sim form { grid-template-columns: minmax(0, 1fr); }
  .sim button { grid-column: 1; }
}
""".strip()


def page_css() -> str:
    """The simulator's style sheet: the reports' styles, then its own form styles.

    Example:
        >>> ".sim form" in page_css()
        True
    """
    return f"{CSS}\n{_OWN_CSS}\n"


def _price_list_body(prices: PriceList) -> str:
    """The price list report's content (already escaped), as a section of this page."""
    page = report.render(prices, "html")
    found = re.search(r"<main>\n(.*)</main>", page, re.DOTALL)
    assert found is not None, "the HTML report keeps its content in <main>"
    body = found.group(1)
    # The page's own <h1> is the simulator; the report's headings move one level down.
    for level in (3, 2, 1):
        body = body.replace(f"<h{level}>", f"<h{level + 1}>").replace(
            f"</h{level}>", f"</h{level + 1}>"
        )
    return body


def _session_prices(prices: PriceList) -> dict[str, tuple[Shown, bool]]:
    """The single price of everything a request can name, as the price list states it,
    and whether a ladder sets it by the session's place."""
    found: dict[str, tuple[Shown, bool]] = {}
    for entry in prices.treatments:
        if entry.single is not None:
            found[entry.id] = (entry.single, entry.by_place)
        for dose in entry.doses:
            found[f"{entry.id}:{dose.id}"] = (dose.single, dose.by_place)
        for option in entry.options:
            found[option.id] = (option.single, option.by_place)
    return found


def _fee_choices(catalog: Catalog, prices: PriceList, words: Words) -> str:
    """The controls for the fees the patient chooses, escaped; empty when the catalog has none.

    A group is one choice among its fees and none (radio buttons in a fieldset,
    its legend the group's name where the catalog gives one), an ungrouped
    optional fee a checkbox. Each choice says its price, when it is charged and
    with what, in the words and figures of the price list below it. Every fee
    input carries ``data-fee``, which the script reads into the request's ``fees``.
    """
    optional = [
        (index, fee, entry)
        for index, (fee, entry) in enumerate(zip(catalog.fees, prices.fees, strict=True))
        if fee.optional
    ]
    if not optional:
        return ""
    beside = prices.show_tax_excluded

    def choice(index: int, entry: FeeEntry, kind: str, name: str) -> str:
        when = fee_charged(words, entry)
        if entry.applies_to:
            when = words(
                "sim_fee_scope", when=when, label=words("applies_to"), names=fee_scope(words, entry)
            )
        label = words(
            "sim_fee_choice",
            name=words.text(entry.name),
            price=words.price(entry.price, tax_excluded=beside),
            when=when,
        )
        return (
            f'<label for="fee-{index}"><input type="{kind}" id="fee-{index}" name="{name}"'
            f' value="{xml_text(entry.id)}" data-fee> {xml_text(label)}</label>'
        )

    groups: dict[str, list[tuple[int, FeeEntry]]] = {}
    for index, fee, entry in optional:
        if fee.group is not None:
            groups.setdefault(fee.group, []).append((index, entry))
    parts = []
    for number, members in enumerate(groups.values()):
        field = f"fee-group-{number}"
        named = members[0][1].group
        legend = words("sim_fee_group") if named is None else fee_group_name(words, named)
        none = (
            f'<label for="{field}-none"><input type="radio" id="{field}-none" name="{field}"'
            f' value="" data-fee checked> {xml_text(words("sim_fee_none"))}</label>'
        )
        choices = "\n".join(choice(index, entry, "radio", field) for index, entry in members)
        parts.append(
            f"<fieldset>\n<legend>{xml_text(legend)}</legend>\n"
            f'<div class="choices fees">\n{none}\n{choices}\n</div>\n</fieldset>\n'
        )
    single = [(index, entry) for index, fee, entry in optional if fee.group is None]
    if single:
        boxes = "\n".join(choice(index, entry, "checkbox", "fee") for index, entry in single)
        parts.append(
            f"<fieldset>\n<legend>{xml_text(words('sim_fees'))}</legend>\n"
            f'<div class="choices fees">\n{boxes}\n</div>\n</fieldset>\n'
        )
    return "".join(parts)


def _birth_month_choice(catalog: Catalog, words: Words) -> str:
    """The choice of the patient's birth month, escaped; empty when no discount asks for it.

    A discount for patients in their birth month (``birth_month_only``) applies when the
    month chosen is the month of the first session: the page's first visit, else today (its
    script sends no ``on``). Left unchosen, the request has no ``birth_month`` and the
    discount does not apply.
    """
    if not any(d.birth_month_only for d in catalog.discounts):
        return ""
    months = "\n".join(
        f'<option value="{n}">{xml_text(month_name(n, words.locale))}</option>'
        for n in range(1, 13)
    )
    return (
        f'<label for="birth-month">{xml_text(words("sim_birth_month"))}</label>\n'
        f'<select id="birth-month" name="birth_month">\n'
        f'<option value="">{xml_text(words("sim_birth_month_none"))}</option>\n{months}\n'
        "</select>\n"
    )


def _reads_history(catalog: Catalog) -> bool:
    """Whether a price of the catalog depends on the sessions a patient had: a ladder's
    place, a first-time price (``for = "first_time"``) or a fee charged before the first
    session of a treatment (``charged = "first_time"``)."""
    return any(
        isinstance(offer, Ladder)
        or (isinstance(offer, Intro) and offer.for_ is IntroFor.FIRST_TIME)
        for offer in catalog.offers
    ) or any(fee.charged is Charged.FIRST_TIME for fee in catalog.fees)


def _history_choice(catalog: Catalog, words: Words) -> str:
    """A returning patient's sessions had of the chosen treatment and the date of the last
    one, escaped; empty where no price reads a history (:func:`_reads_history`), the date
    only where a ladder's step holds within days of the previous session (``Ladder.gapped``).

    Hidden while the patient is new (the script shows them for a returning one, and sends
    them as the request's ``history`` and ``last_visit`` of the chosen treatment), as a new
    patient has no history.
    """
    if not _reads_history(catalog):
        return ""
    label = xml_text(words("sim_history"))
    parts = [
        (
            f'<label for="history" data-returning hidden>{label}</label>\n'
            f'<input type="number" id="history" name="history" min="0" max="{MAX_HISTORY}"'
            " data-returning hidden>\n"
        )
    ]
    if any(isinstance(offer, Ladder) and offer.gapped for offer in catalog.offers):
        parts.append(
            f'<label for="last-visit" data-returning hidden>{xml_text(words("sim_last_visit"))}'
            '</label>\n<input type="date" id="last-visit" name="last_visit" data-returning'
            " hidden>\n"
        )
    return "".join(parts)


def _unit_amounts(catalog: Catalog, words: Words) -> dict[str, str]:
    """For each treatment or dose a visit may take several units of (2本目以降), the
    escaped attribute listing each amount a visit may take, worded (「1本」…「5本」), which
    the script offers when that treatment is chosen; the others are not in it.
    """
    found: dict[str, str] = {}
    for item in catalog.priced():
        if item.unit_limit > 1:
            unit = unit_of(catalog, item.id)
            amounts = [
                words("units_count", count=count, unit=unit_word(words, unit, count))
                for count in range(1, item.unit_limit + 1)
            ]
            found[item.id] = f' data-units="{xml_text(json.dumps(amounts, ensure_ascii=False))}"'
    return found


def _units_choice(amounts: dict[str, str], first: str, words: Words) -> str:
    """The choice of units a visit, escaped; empty when no treatment is sold by the unit.

    Hidden while the chosen treatment takes one unit a visit (the script shows it and
    fills its amounts from the chosen option's ``data-units``); a visit of more units is
    priced with its further units (``units``), as the price list below sells them.
    """
    if not amounts:
        return ""
    off = "" if first in amounts else " hidden"
    return (
        f'<label for="units"{off}>{xml_text(words("sim_units"))}</label>\n'
        f'<select id="units" name="units"{off}>\n<option value="1">1</option>\n</select>\n'
    )


def _segment_choice(catalog: Catalog, words: Words) -> str:
    """The choice of the patient's prices (通常価格, 会員価格), escaped; empty when the clinic
    has no segments. A segment chosen prices the request at its prices (``segment``)."""
    segments = catalog.clinic.segment_ids
    if not segments:
        return ""
    radios = [("", words("sim_segment_none"), " checked")]
    discounted = catalog.discount_segments()
    radios += [
        (
            segment,
            segment_header(words, segment)
            if segment not in discounted
            # Only discounts are for it (学割): no price of its own to name.
            else words("sim_segment_discounts", who=segments_who(words, (segment,))),
            "",
        )
        for segment in segments
    ]
    boxes = "\n".join(
        f'<label><input type="radio" name="segment" value="{xml_text(value)}"{on}> '
        f"{xml_text(text)}</label>"
        for value, text, on in radios
    )
    return (
        f"<fieldset>\n<legend>{xml_text(words('sim_segment'))}</legend>\n"
        f'<div class="choices">\n{boxes}\n</div>\n</fieldset>\n'
    )


def simulator_page(catalog: Catalog, catalog_id: str, *, locale: str = "ja_JP") -> str:
    """The simulator page of a catalog: a form, a place for the result, and the price list.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> page = simulator_page(reference_catalog(), "ref", locale="en_US")
        >>> '<html lang="en">' in page, "Cost simulator" in page
        (True, True)

    Args:
        catalog: The catalog.
        catalog_id: Its id, which the page's script sends back.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The HTML page.
    """
    words = Words(locale, segment_names(catalog))
    english = not words.japanese
    clinic = catalog.clinic.name_en if english and catalog.clinic.name_en else catalog.clinic.name
    other = "ja_JP" if english else "en_US"

    def t(key: str) -> str:
        return xml_text(words(f"sim_{key}"))

    def name(item: str) -> str:
        return xml_text(display_name(catalog, item, english=english))

    # One price list for the page: the form states each price as its table does, tax
    # included first (総額表示), and the figure before tax beside it where the clinic's
    # prices are set before tax, so the two can never disagree.
    beside = not catalog.clinic.prices_include_tax
    prices = report.price_list(catalog, locale=locale, show_tax_excluded=beside)
    session = _session_prices(prices)

    def price(item: str) -> str:
        shown, by_place = session[item]
        return xml_text(single_price(words, shown, by_place, beside=beside, mark=""))

    choices = [(item.id, f"{name(item.id)} — {price(item.id)}") for item in catalog.priced()]
    amounts = _unit_amounts(catalog, words)
    treatments = "\n".join(
        f'<option value="{xml_text(item)}"{amounts.get(item, "")}>{text}</option>'
        for item, text in choices
    )
    # The chosen treatment is never its own add-on, nor is another of its doses (a request
    # names one dose of a treatment): hidden for the first choice here, and by the script
    # whenever the choice changes.
    first = choices[0][0].partition(":")[0]

    def addon(item: str) -> str:
        base = item.partition(":")[0]
        off = " hidden" if base == first else ""
        return (
            f'<label{off}><input type="checkbox" name="with" value="{xml_text(item)}" '
            f'data-base="{xml_text(base)}"{" disabled" if off else ""}> {name(item)}</label>'
        )

    addons = "\n".join(addon(item.id) for item in catalog.priced())
    # The page words its own errors, from its locale's table: the service's are English.
    refusals = {
        "sessions": words("sim_error_sessions", most=MAX_SESSIONS),
        "months": words("sim_error_months", most=MAX_MONTHS),
        "first-visit": words("sim_error_first_visit"),
        "history": words("sim_error_history", most=f"{MAX_HISTORY:,}"),
        "last-visit": words("sim_error_last_visit"),
        "request": words("sim_error_request"),
        "failed": words("sim_error_failed"),
    }
    said = "".join(f' data-{key}="{xml_text(text)}"' for key, text in refusals.items())
    choices_more = (
        _fee_choices(catalog, prices, words)
        + _birth_month_choice(catalog, words)
        + _segment_choice(catalog, words)
    )
    return f"""<!DOCTYPE html>
<html lang="{"en" if english else "ja"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t("title")} — {xml_text(clinic)}</title>
<link rel="stylesheet" href="/simulator/assets/simulator.css">
<script src="/simulator/assets/simulator.js" defer></script>
</head>
<body>
<main>
<a class="lang" href="?locale={other}"
 hreflang="{other[:2]}" lang="{other[:2]}">{t("switch")}</a>
<h1>{t("title")}</h1>
<p class="subtitle">{xml_text(clinic)}</p>
<section class="sim" aria-labelledby="sim-result-heading">
<form id="simulator" data-catalog="{xml_text(catalog_id)}" data-locale="{xml_text(locale)}">
<label for="treatment">{t("treatment")}</label>
<div class="pick">
<select id="treatment" name="treatment">
{treatments}
</select>
<p id="treatment-chosen" class="chosen">{choices[0][1]}</p>
</div>
<label for="sessions">{t("sessions")}</label>
<div class="row">
<input type="range" id="sessions-slider" min="1" max="{MAX_SLIDER}" value="5"
 aria-label="{t("sessions")}">
<input type="number" id="sessions" name="sessions" min="1" max="{MAX_SESSIONS}" value="5" required>
</div>
{_units_choice(amounts, choices[0][0], words)}<label for="months">{t("months")}</label>
<input type="number" id="months" name="months" min="1" max="{MAX_MONTHS}">
<label for="first-visit">{t("first_visit")}</label>
<input type="date" id="first-visit" name="first_visit">
<fieldset>
<legend>{t("addons")}</legend>
<div class="choices" id="addons">
{addons}
</div>
</fieldset>
{choices_more}<fieldset>
<legend>{t("patient")}</legend>
<div class="choices">
<label><input type="radio" name="patient" value="new" checked> {t("new")}</label>
<label><input type="radio" name="patient" value="returning"> {t("returning")}</label>
</div>
</fieldset>
{_history_choice(catalog, words)}<button type="submit">{t("calculate")}</button>
</form>
<noscript><p class="note">{t("noscript")}</p></noscript>
<h2 id="sim-result-heading">{t("result")}</h2>
<div id="result" aria-live="polite" data-sessions="">
<dl class="facts">
<dt>{t("way")}</dt><dd><output id="best"></output></dd>
<dt>{t("total")}</dt><dd><output id="total" class="total"></output></dd>
<dt>{t("per_session")}</dt><dd><output id="per-session"></output></dd>
<dt>{t("saving")}</dt><dd><output id="saving"></output></dd>
</dl>
<div id="cheaper"></div>
<h3>{t("payments")}</h3>
<table id="payments"><thead><tr><th>{t("month")}</th><th class="num">{t("amount")}</th></tr></thead>
<tbody></tbody></table>
<p id="error" class="error" role="alert"{said}></p>
</div>
</section>
{_price_list_body(prices)}</main>
</body>
</html>
"""


class SimulatorPayment(BaseModel):
    """One month's payment, as text to show."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    month: str = Field(description="The month, such as `初回ご利用時` or `Month 2`.")
    amount: str = Field(description="The amount, formatted in the locale.")


class SimulatorResult(BaseModel):
    """The simulator's figures for one request, each formatted as the page shows it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    treatment: str = Field(description="The treatment's name.")
    sessions: int = Field(description="The session count priced.")
    best: str = Field(
        description="The way quoted, by name: the cheapest at the typical point, with the"
        " points where it is cheapest when that is not everywhere."
    )
    label: str = Field(description="Its machine-readable label, as in a `Quote`.")
    total: str = Field(description="Its total, tax included.")
    per_session: str = Field(description="Its price per session.")
    saving: str = Field(
        description="What it saves against paying per session, or, where the cheapest way"
        " depends on prices, the cheapest way at each point."
    )
    cheaper: tuple[str, ...] = Field(
        default=(),
        description="The cheapest total at each other price point where the way quoted is not"
        " the cheapest, as the quote and the estimate word it beside the total (such as"
        " `上限の価格では…月額プランが最安（その価格の分からない買い方を除く）：168,300円`).",
    )
    payments: tuple[SimulatorPayment, ...] = Field(description="What is paid, month by month.")
    on: date = Field(description="The day the prices are for.")


def _saving(result: Quote, found: Cheapest, cheaper: tuple[CheaperAt, ...], words: Words) -> str:
    if not found.certain:
        # No one way is cheapest across the range: say which is where, as the quote does,
        # leaving out the points the cheaper lines word; where they word all of them, the
        # plan's own saving at each point (never "the cheapest way" outright).
        uncertain = cheapest_uncertain(words, found, cheaper)
        if uncertain is None:
            saving = result.explanation.saving_vs_singles
            return words.saving(saving, beyond=saving_beyond(result, Way.singles()))
        return uncertain
    points = result.explanation.saving_vs_singles
    amount = points.typical if points.typical is not None else points.min
    if amount <= 0:
        return words("sim_no_saving")
    return words("sim_saves", amount=words.yen(amount))


def _best(result: Quote, found: Cheapest, name: str, words: Words) -> str:
    """The best way's name, with the points where it is cheapest unless it is everywhere."""
    if found.everywhere(result.best.label):
        return name
    points = cheapest_points(words, found, result.best.label)
    return words("sim_best_at", name=name, points=points) if points else name


def simulator_result(result: Quote, catalog: Catalog, *, locale: str = "ja_JP") -> SimulatorResult:
    """The figures of a quote's best way, as the simulator page shows them.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> from supecost.quotes import QuoteRequest
        >>> catalog = reference_catalog()
        >>> result = quote(catalog, QuoteRequest(sessions=8, on=date(2026, 4, 1)))
        >>> simulator_result(result, catalog).total
        '83,300円〜723,300円'

    Args:
        result: The quote, of every way (``ways="all"``): the lines saying where another way
            costs less (``cheaper``) are read from the other ways' totals, which a quote of
            the best way alone does not carry.
        catalog: The catalog it was priced on.
        locale: ``ja_JP`` or ``en_US``.

    Returns:
        The figures as text.
    """
    words = Words(locale, segment_names(catalog))
    best = result.best
    # The best way is named at the typical point: its figures show their value there.
    typical = result.explanation.typical_point
    payments = best.payments or ()
    shown = tuple(
        SimulatorPayment(
            month=words.payment_month(p.month),
            amount=words.money_by_point(p.amount, p.points, typical),
        )
        for p in payments
    )
    if not shown:
        # The engine gives no schedule without months, nor for prices before tax (tax is
        # rounded once per rate over the whole bill): the row says which, not "give the months".
        why = "sim_no_months" if result.request.months is None else "sim_no_months_before_tax"
        shown = (SimulatorPayment(month=words(why), amount=words.money(best.total, typical)),)
    english = not words.japanese
    found = cheapest(result, catalog)
    cheaper = cheaper_elsewhere(result, catalog)
    return SimulatorResult(
        treatment=display_name(catalog, result.treatment, english=english),
        sessions=result.sessions,
        best=_best(result, found, option_name(best, catalog, locale), words),
        label=best.label,
        total=words.money(best.total, typical),
        per_session=words.money(best.per_session, typical),
        saving=_saving(result, found, cheaper, words),
        cheaper=tuple(cheaper_line(words, line, found.typical_point) for line in cheaper),
        payments=shown,
        on=result.on,
    )
