"""The data of each report, built from catalog data and quotes: no text, no formatting.

:func:`price_list` reads a catalog, :func:`estimate` a quote, and
:func:`comparison` asks the engine for a quote at every session count. The
records keep amounts as :class:`~supecost.money.YenRange` and catalog text in
both languages; renderers turn them into Markdown, CSV, HTML or JSON in a
locale. The few figures a catalog does not hold come from
:mod:`supecost.report.figures`.

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> prices = price_list(reference_catalog(), on=date(2026, 4, 1))
>>> [entry.id for entry in prices.treatments]
['sup-iv', 'nmn']
>>> prices.treatments[0].bundles[0].per_session.amount
YenRange(min=20000, max=None)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, is_dataclass
from datetime import date
from typing import Final, Literal, TypeAlias, TypedDict

from supecost.catalog import (
    Bundle,
    Catalog,
    CellSource,
    Charged,
    Discount,
    Dose,
    EnrollmentCampaign,
    FeeTrigger,
    FirstMonth,
    GoodsKind,
    InstalmentTerm,
    Intro,
    IntroFor,
    Ladder,
    Offer,
    Origin,
    Package,
    Route,
    SharedSet,
    Subscription,
    Treatment,
    offer_treatments,
)
from supecost.engine import quote
from supecost.engine.api import check_bounds
from supecost.engine.context import extra_unit_price
from supecost.engine.resolve import add_months, matches, per_patient, sale_months
from supecost.errors import SupecostError, refuses_changes
from supecost.l10n import normalize_locale
from supecost.loans import instalments
from supecost.money import Rounding, YenRange
from supecost.quotes import (
    LineKind,
    Option,
    PointValues,
    Quote,
    QuoteRequest,
    SessionRange,
    TypicalPoint,
    as_segments,
)
from supecost.quotes import Way as Buying
from supecost.rates import as_written
from supecost.report.blocks import Localized, UnitName
from supecost.report.errors import ReportError
from supecost.report.figures import (
    PerSession,
    Shown,
    beyond,
    difference,
    min_term_cost,
    per_session,
    shown,
    singles_cost,
)
from supecost.report.lines import OMIT_DEFAULT, LineEntry, exempt_item, item_name, line_entry
from supecost.report.names import display_names, dose_label, not_with_of, segment_names
from supecost.report.ways import (
    CheaperAt,
    Cheapest,
    cheaper_elsewhere,
    cheapest,
    cheapest_at,
    way_name,
)
from supecost.report.words import goods_unit, has_first_month, line_item, unit_of, units_left
from supecost.tax import TaxCategory, effective_category, today_in_japan

__all__ = [
    "BreakEvenEntry",
    "BundleEntry",
    "CheaperAt",
    "Cheapest",
    "ClinicInfo",
    "ComboEntry",
    "Comparison",
    "ComparisonRow",
    "CountEntry",
    "CourseEntry",
    "DiscountEntry",
    "DoseEntry",
    "EnrollmentCampaignEntry",
    "Estimate",
    "FeeEntry",
    "FirstMonthEntry",
    "GoodsEntry",
    "IntroEntry",
    "LadderEntry",
    "LadderStepEntry",
    "LineEntry",
    "Localized",
    "OptionEntry",
    "PaymentEntry",
    "PlanEntry",
    "PriceList",
    "Report",
    "RunnerUp",
    "SegmentName",
    "SubscriptionEntry",
    "TaxEntry",
    "TreatmentEntry",
    "UnusedEntry",
    "Way",
    "cheapest",
    "comparison",
    "discount_entries",
    "estimate",
    "further_unit",
    "included_of",
    "price_list",
]


_SCHEMA_2: Final = {OMIT_DEFAULT: True}
"""The metadata of a field catalog schema 2 added: absent from JSON while unused, so a
report of a schema-1 catalog reads exactly as it did before schema 2."""

_OMITTED: Final = _SCHEMA_2
"""A field added by issue 13 (schema 2 part 2): likewise left out of JSON at its default."""


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """The clinic as reports name it."""

    name: Localized
    registration_number: str | None
    contact: str | None
    prices_include_tax: bool
    estimate_valid_days: int
    segments: tuple[SegmentName, ...] = field(default=(), metadata=_OMITTED)
    """The catalog's words for its patient groups (``clinic.segments``' names): those named."""

    def segment_names(self) -> dict[str, Localized]:
        """The segments' names by id, as :class:`~supecost.report.words.Words` takes them.

        Example:
            >>> info = ClinicInfo(Localized("K"), None, None, True, 30,
            ...                   (SegmentName("student", Localized("学生", "Student")),))
            >>> info.segment_names()["student"].en
            'Student'
        """
        return {segment.id: segment.name for segment in self.segments}


@dataclass(frozen=True, slots=True)
class SegmentName:
    """A patient group's name, as the catalog gives it (「学生」, ``Student``)."""

    id: str
    name: Localized


@dataclass(frozen=True, slots=True)
class CourseEntry:
    """The usual course of a treatment and its standard cost, as the engine prices it.

    The standard cost (DOMAIN §5) is what every patient can buy on the list's
    date: offers and discounts for the first patients only (``first_n``) are
    left out, as if their places were gone. Where one of them makes the course
    cheaper, ``campaign_cost`` and ``campaign_plan`` give that price beside it.
    """

    sessions: int
    months: int | None
    note: str | None
    cost: YenRange | None
    plan: Localized | None
    problem: str | None
    campaign_cost: YenRange | None = field(default=None, metadata=_OMITTED)
    """The course at a first-patients-only price, where one is cheaper than the standard:
    of a treatment priced by dose, from the cheapest to the dearest of the doses it makes
    cheaper (``campaign_doses``), so it never repeats the standard cost's ends unchanged."""
    campaign_plan: Localized | None = field(default=None, metadata=_OMITTED)
    """The way of buying at that price (``None`` when doses are bought in different ways)."""
    campaign_doses: tuple[CampaignDose, ...] = field(default=(), metadata=_OMITTED)
    """Of a treatment priced by dose, each dose whose course a first-patients-only price
    makes cheaper, with its standard cost beside it: what the campaign changes (DOMAIN §5)."""


@dataclass(frozen=True, slots=True)
class CampaignDose:
    """One dose's usual course at a first-patients-only price, and at the standard one."""

    dose: Localized
    cost: YenRange
    standard: YenRange
    plan: Localized


@dataclass(frozen=True, slots=True)
class IncludedGoods:
    """Goods a set includes (``Bundle.includes``): their name, how many per set, their unit."""

    name: Localized
    count: int
    unit: UnitName | None = None


def included_of(catalog: Catalog, offer: Bundle) -> tuple[IncludedGoods, ...]:
    """The goods a set includes (``Bundle.includes``), named and counted as the documents say
    them: the price list's note and ``catalog show``'s details alike.

    Example:
        >>> from supecost.catalog import load_catalog
        >>> catalog = load_catalog("tests/data/gifts.toml")
        >>> [(g.name.ja, g.count) for g in included_of(catalog, catalog.offer("sup-6"))]
        [('NMNサプリ', 2)]
    """
    return tuple(
        IncludedGoods(Localized(goods.name, goods.name_en), count, goods_unit(goods))
        for goods, count in (
            (catalog.product(goods_id), count) for goods_id, count in offer.includes.items()
        )
    )


@dataclass(frozen=True, slots=True)
class BundleEntry:
    """A set of sessions: its price, per session, and saving against singles."""

    id: str
    name: Localized | None
    sessions: int
    price: Shown
    per_session: PerSession
    saving: PointValues
    valid_months: int | None
    note: str | None
    dose: Localized | None = field(default=None, metadata=_SCHEMA_2)
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    valid_from: date | None = field(default=None, metadata=_SCHEMA_2)
    valid_until: date | None = field(default=None, metadata=_SCHEMA_2)
    first_n: int | None = field(default=None, metadata=_OMITTED)
    per_patient: int | None = field(default=None, metadata=_OMITTED)
    """How many of it one patient may buy (お一人様1セット限り); ``None``: any."""
    by_place: bool = field(default=False, metadata=_OMITTED)
    """Whether a ladder prices the singles ``saving`` is measured against: then they are
    the set's sessions paid singly from the first place on (a patient new to the treatment)."""
    counts_units: bool = field(default=False, metadata=_OMITTED)
    """Whether the set holds units, not visits (a 本数券, ``Bundle.counts_units``): then
    ``sessions`` are units (counted in the treatment's ``unit``), ``per_session`` is per
    unit, and ``saving`` is against its units bought one a visit."""
    counts_amount: bool = field(default=False, metadata=_OMITTED)
    """Whether the unit ticket counts its doses' amount (``counts = "amount"``, a 3A visit
    using 3): then ``saving`` is against the visits of each dose its units hold, paid singly."""
    saving_beyond: int | None = field(default=None, metadata=_OMITTED)
    """Where ``saving`` is unknown at the high point (an open-ended price), what it is known
    to pass there (:func:`~supecost.report.figures.beyond`): at least a positive amount,
    at most a negative one; ``None`` where nothing is known."""
    includes: tuple[IncludedGoods, ...] = field(default=(), metadata=_OMITTED)
    """The goods the set includes (「サプリメント1箱プレゼント」), in the catalog's order."""
    changes: tuple[PriceChangeEntry, ...] = field(default=(), metadata=_OMITTED)
    """The coming changes of ``price`` after the list's date, by their dates (価格改定)."""
    dose_ends: tuple[Localized, Localized] | None = field(default=None, metadata=_OMITTED)
    """For a set on a treatment without a dose named, whose doses have exact prices: the
    cheapest and the dearest dose, whose singles ``saving``'s low and high ends are measured
    against (the set serves every dose at one price). Its ends are those doses, not the ends
    of a price range."""
    top_ups: tuple[tuple[Localized, Shown], ...] = field(default=(), metadata=_OMITTED)
    """For a set on a treatment without a dose named, each dose's top-up a session
    (``Bundle.top_ups``, 差額), in the treatment's order of doses; ``saving`` counts them
    at every session of the set (``Bundle.top_up_total``)."""


@dataclass(frozen=True, slots=True)
class SubscriptionEntry:
    """A monthly plan, with what its minimum term costs."""

    id: str
    name: Localized | None
    monthly_fee: Shown
    sessions_per_month: int
    min_months: int
    min_term_cost: YenRange
    enrollment_fee: Shown
    extra_session_price: Shown | None
    early_termination_fee: Shown | None
    note: str | None
    dose: Localized | None = field(default=None, metadata=_SCHEMA_2)
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    valid_from: date | None = field(default=None, metadata=_SCHEMA_2)
    valid_until: date | None = field(default=None, metadata=_SCHEMA_2)
    first_n: int | None = field(default=None, metadata=_OMITTED)
    enrollment_campaign: EnrollmentCampaignEntry | None = field(default=None, metadata=_SCHEMA_2)
    """The enrollment fee's campaign price and window, unless ended by the list's date;
    ``min_term_cost`` counts the enrollment fee of the list's date."""
    first_month: FirstMonthEntry | None = field(default=None, metadata=_SCHEMA_2)
    """The first enrollment's first months at a lower price, unless ended by the list's date;
    ``min_term_cost`` is at the monthly fee (what any enrollment's minimum term costs)."""
    carry_over: bool = field(default=False, metadata=_SCHEMA_2)
    """Whether a month's unused sessions may be used in the next month (``Subscription.carry_over``,
    未消化分は翌月まで繰越可)."""


@dataclass(frozen=True, slots=True)
class EnrollmentCampaignEntry:
    """A plan's enrollment fee at another price for a while (入会金無料キャンペーン)."""

    price: Shown
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class FirstMonthEntry:
    """A plan's first months at a lower price for the first enrollment (初月無料, 初月半額)."""

    price: Shown
    months: int
    new_patients_only: bool
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class IntroEntry:
    """A first-time price."""

    id: str
    name: Localized | None
    price: Shown
    sessions: int
    note: str | None
    dose: Localized | None = field(default=None, metadata=_SCHEMA_2)
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    valid_from: date | None = field(default=None, metadata=_SCHEMA_2)
    valid_until: date | None = field(default=None, metadata=_SCHEMA_2)
    first_n: int | None = field(default=None, metadata=_OMITTED)
    first_time: bool = field(default=False, metadata=_SCHEMA_2)
    """For anyone who never had the treatment (``for = "first_time"``), not only new patients."""
    whole: bool = field(default=False, metadata=_SCHEMA_2)
    """``price`` is for all ``sessions`` together, sold whole (``sold_whole``), not each."""
    valid_months: int | None = field(default=None, metadata=_SCHEMA_2)
    """How long one sold whole is valid (``valid_months``); ``None``: no expiry."""


@dataclass(frozen=True, slots=True)
class LadderStepEntry:
    """One step of a ladder: the single price of a session at the places it covers.

    The places run from ``from_place`` to ``to_place``, both included; ``to_place``
    is ``None`` on the last step, which prices every later session. ``members``
    holds one price per segment of the catalog, ``None`` where the segment pays
    the step's price.
    """

    from_place: int
    to_place: int | None
    price: Shown
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    within_days: int | None = field(default=None, metadata=_SCHEMA_2)
    """The days of the previous session the step holds within (``LadderStep.within_days``);
    ``None`` on the first step, which every session falls back to."""


@dataclass(frozen=True, slots=True)
class LadderEntry:
    """A ladder (回数別料金): a session's single price by its place in the patient's sessions."""

    id: str
    name: Localized
    steps: tuple[LadderStepEntry, ...]
    note: str | None
    dose: Localized | None = field(default=None, metadata=_SCHEMA_2)
    valid_from: date | None = field(default=None, metadata=_SCHEMA_2)
    valid_until: date | None = field(default=None, metadata=_SCHEMA_2)
    first_n: int | None = field(default=None, metadata=_OMITTED)


@dataclass(frozen=True, slots=True)
class PriceChangeEntry:
    """A coming price change of a price on the list (価格改定, ``price_changes``): from ``on``
    on, ``price``."""

    on: date
    price: Shown


@dataclass(frozen=True, slots=True)
class DoseEntry:
    """One dose of a treatment (1cc, 20g), a row under it on the price list.

    ``members`` holds one price per segment of the catalog, in its order;
    ``None`` where the segment pays the regular price. ``extra_unit_members``
    holds the same for a further unit, empty when ``extra_unit`` is ``None``.
    """

    id: str
    name: Localized
    single: Shown
    extra_unit: Shown | None
    members: tuple[Shown | None, ...]
    by_place: bool = field(default=False, metadata=_OMITTED)
    """Whether a ladder prices the dose's single sessions on the list's date (``single`` spans
    its steps)."""
    extra_unit_members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    changes: tuple[PriceChangeEntry, ...] = field(default=(), metadata=_OMITTED)
    """The coming changes of ``single`` after the list's date, by their dates."""


@dataclass(frozen=True, slots=True)
class OptionEntry:
    """A treatment or dose sold only with a base treatment (``only_with``), listed under it."""

    id: str
    name: Localized
    tax: TaxCategory
    single: Shown
    members: tuple[Shown | None, ...]
    bases: tuple[Localized, ...]
    note: str | None
    by_place: bool = field(default=False, metadata=_OMITTED)
    """Whether a ladder prices the option's single sessions on the list's date."""


@dataclass(frozen=True, slots=True)
class TreatmentEntry:
    """One treatment on the price list, with its disclosures and offers.

    A treatment priced by dose has ``single`` ``None`` and a row per dose. Where a
    ladder prices the single sessions on the list's date, ``single`` is the span of
    its steps and ``by_place`` is true: renderers show this figure, never the
    catalog's ``price``.
    """

    id: str
    name: Localized
    tax: TaxCategory
    single: Shown | None
    route: Route | None
    cell_source: CellSource | None
    origin: Origin | None
    unapproved: bool | None
    course: CourseEntry | None
    risks: Localized | None
    note: str | None
    bundles: tuple[BundleEntry, ...]
    subscriptions: tuple[SubscriptionEntry, ...]
    intros: tuple[IntroEntry, ...]
    doses: tuple[DoseEntry, ...] = field(default=(), metadata=_SCHEMA_2)
    unit: UnitName | None = field(default=None, metadata=_SCHEMA_2)
    extra_unit: Shown | None = field(default=None, metadata=_SCHEMA_2)
    max_units: int | None = field(default=None, metadata=_SCHEMA_2)
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    extra_unit_members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    """Each segment's price of a further unit, as ``members``; empty without ``extra_unit``."""
    options: tuple[OptionEntry, ...] = field(default=(), metadata=_SCHEMA_2)
    ladders: tuple[LadderEntry, ...] = field(default=(), metadata=_OMITTED)
    obtained: Localized | None = field(default=None, metadata=_SCHEMA_2)
    """How an unapproved product is obtained (入手経路), as the catalog states it."""
    domestic_equivalent: Localized | None = field(default=None, metadata=_SCHEMA_2)
    """Whether an approved domestic equivalent exists (国内承認品の有無)."""
    foreign_safety: Localized | None = field(default=None, metadata=_SCHEMA_2)
    """Safety information abroad (諸外国における安全性等に係る情報)."""
    changes: tuple[PriceChangeEntry, ...] = field(default=(), metadata=_OMITTED)
    """The coming changes of ``single`` after the list's date, by their dates (価格改定)."""
    by_place: bool = field(default=False, metadata=_OMITTED)
    """Whether a ladder prices the treatment's single sessions on the list's date.

    ``single`` and ``members`` then span the ladder's steps (on sale that day), not
    the catalog's ``price``, which no single session costs.
    """


@dataclass(frozen=True, slots=True)
class PackageEntry:
    """A package (コース): its contents with their sessions, list and first-time price.

    ``members`` holds one price per segment of the catalog, ``None`` where the
    segment pays the list price; the first-time price is the same for everyone.
    """

    id: str
    name: Localized
    contents: tuple[tuple[Localized, int], ...]
    tax: TaxCategory
    price: Shown
    intro_price: Shown | None
    valid_months: int | None
    note: str | None
    members: tuple[Shown | None, ...] = field(default=(), metadata=_OMITTED)
    valid_from: date | None = field(default=None, metadata=_OMITTED)
    valid_until: date | None = field(default=None, metadata=_OMITTED)
    first_n: int | None = field(default=None, metadata=_OMITTED)
    per_patient: int | None = field(default=None, metadata=_OMITTED)
    """How many of it one patient may buy (お一人様1セット限り); ``None``: any."""
    shared: int | None = field(default=None, metadata=_OMITTED)
    """A shared set's sessions (共通回数券), usable on any of ``contents`` in any split (each
    content's count is then these sessions too); ``None`` for a package."""


@dataclass(frozen=True, slots=True)
class ComboEntry:
    """Treatments given together in one visit, at the tax category they share."""

    id: str
    name: Localized | None
    treatments: tuple[Localized, ...]
    tax: TaxCategory
    discount: Shown | None
    price: Shown | None
    note: str | None
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    single_sessions_only: bool = field(default=False, metadata=_SCHEMA_2)
    """Whether the saving needs every treatment paid as a single session (schema 2)."""


@dataclass(frozen=True, slots=True)
class GoodsEntry:
    """Goods sold beside treatments (物販): a unit's price, its tax and what a unit is called."""

    id: str
    name: Localized
    price: Shown
    tax: TaxCategory
    note: str | None
    unit: UnitName | None = None
    members: tuple[Shown | None, ...] = field(default=(), metadata=_OMITTED)
    """One price per segment of the catalog, ``None`` where the segment pays ``price``."""
    kind: GoodsKind | None = field(default=None, metadata=_OMITTED)
    """What the item is (food, drug, ...), where the catalog says: why it has its rate."""
    monthly: Shown | None = field(default=None, metadata=_OMITTED)
    """A unit's price a month delivered monthly (定期便), where the catalog sells it so."""
    min_months: int | None = field(default=None, metadata=_OMITTED)
    """The fewest deliveries that monthly price is sold for, beside ``monthly``."""


@dataclass(frozen=True, slots=True)
class FeeEntry:
    """A fee beside treatments."""

    id: str
    name: Localized
    price: Shown
    charged: Charged
    tax: TaxCategory
    note: str | None
    applies_to: tuple[Localized, ...] = field(default=(), metadata=_SCHEMA_2)
    new_patients_only: bool = field(default=False, metadata=_SCHEMA_2)
    members: tuple[Shown | None, ...] = field(default=(), metadata=_SCHEMA_2)
    waived_when_treated: bool = field(default=False, metadata=_SCHEMA_2)
    waived_with: tuple[Localized, ...] = field(default=(), metadata=_SCHEMA_2)
    """The offers whose purchase waives it (「回数券ご購入の方は無料」), by name."""
    optional: bool = field(default=False, metadata=_SCHEMA_2)
    """Charged only when the request chooses it: the patient asks for it, or the visit's
    day or hour brings it (``trigger``)."""
    trigger: FeeTrigger = field(default=FeeTrigger.REQUEST, metadata=_SCHEMA_2)
    """What makes an optional fee apply: the patient's wish, or a visit's day or hour."""
    one_of: tuple[Localized, ...] = field(default=(), metadata=_SCHEMA_2)
    """The fees of its group (itself among them), of which a patient chooses one; or none."""
    group: Localized | None = field(default=None, metadata=_SCHEMA_2)
    """The name of its group, where the catalog names it (``[[fee_groups]]``)."""
    joins: str | None = field(default=None, metadata=_SCHEMA_2)
    """The segment a patient joins by paying it (入会金), whose prices they then pay."""


@dataclass(frozen=True, slots=True)
class DiscountEntry:
    """A discount with what it applies to and its conditions.

    ``amount`` and ``min_amount`` are the catalog's figures (before tax when its
    prices are). ``amount_shown`` and ``min_amount_shown`` are the same figures
    tax-included and before tax, at the rate of ``tax``: the one tax category of
    everything they concern. Where that is more than one category (a discount
    off the whole bill of a catalog with 10% and 8% items, or a ``min_amount``,
    which counts every treatment of the request) there is no single
    tax-included figure, and they are ``None``.
    """

    id: str
    name: Localized
    tax: TaxCategory | None
    amount: int | None
    amount_shown: Shown | None
    percent: str | None
    applies_to: tuple[Localized, ...]
    """The offers it names: each unit bought of them (a set, a month, a first-time session)."""
    single_sessions_of: tuple[Localized, ...]
    """The treatments it names: it comes off their single sessions alone (docs/catalog.md)."""
    new_patients_only: bool
    valid_from: date | None
    valid_until: date | None
    min_sessions: int | None
    min_amount: int | None
    min_amount_shown: Shown | None
    stacks: bool
    note: str | None
    first_n: int | None = field(default=None, metadata=_OMITTED)
    """Only the first this many patients get it (先着N名様)."""
    birth_month_only: bool = field(default=False, metadata=_OMITTED)
    """Only for a patient in their birth month on the day bought (誕生月特典)."""
    segments: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """Only for patients of these segments (会員様限定, ご紹介の方): ``Discount.segments``."""
    excludes: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """The discounts it does not combine with: for a non-stacking one, the catalog's other
    non-stacking discounts not ended by the document's date whose windows meet its own
    (the engine takes one non-stacking discount at most); none for a stacking one. A combo
    is no discount here: it applies beside any but one not with combos (``without_combos``)."""
    without_combos: bool = field(default=False, metadata=_OMITTED)
    """Whether no combo's saving is taken beside it (``Discount.with_combos`` false,
    「同時施術割引との併用不可」) in a catalog that has combos; ``False`` in one without."""
    not_with: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """What else a bill taking it does without: ``"first_time"`` (``with_first_time`` false,
    「初回価格との併用不可」), ``"offers"`` (``with_offers`` false, 「セット・回数券・プランとの
    併用不可」), each where the catalog has one (:func:`supecost.report.names.not_with_of`)."""


@dataclass(frozen=True, slots=True)
class LoanTerm:
    """An instalment loan the clinic offers (``Clinic.instalments``), as the price list
    names it: its name, its longest count and its rate as the catalog wrote it."""

    name: Localized
    count: int
    method: Literal["level", "addon"]
    rate: str
    """The rate in percent as the catalog wrote it, without its ``%`` (``"6.9"``)."""


def loan_term(term: InstalmentTerm) -> LoanTerm:
    """A catalog's loan as the documents name it.

    Example:
        >>> loan_term(InstalmentTerm(name="医療ローン", max_count=24, apr="6.9%")).rate
        '6.9'
    """
    level = term.apr is not None
    return LoanTerm(
        name=Localized(term.name, term.name_en),
        count=term.max_count,
        method="level" if level else "addon",
        rate=as_written(term.apr if level else term.addon_rate),
    )


@dataclass(frozen=True, slots=True)
class PriceList:
    """A catalog's price list (料金表) with the self-pay disclosures.

    Each entry's ``tax`` is the category its rate is grouped under on ``on``
    (:func:`~supecost.tax.effective_category`): an item the catalog sells at the
    reduced rate is listed as standard on a date before that rate existed, so
    no page marks a rate it does not apply.
    """

    clinic: ClinicInfo
    on: date
    locale: str
    show_tax_excluded: bool
    treatments: tuple[TreatmentEntry, ...]
    combos: tuple[ComboEntry, ...]
    fees: tuple[FeeEntry, ...]
    discounts: tuple[DiscountEntry, ...]
    packages: tuple[PackageEntry, ...] = field(default=(), metadata=_OMITTED)
    segments: tuple[str, ...] = field(default=(), metadata=_SCHEMA_2)
    goods: tuple[GoodsEntry, ...] = field(default=(), metadata=_OMITTED)
    loans: tuple[LoanTerm, ...] = field(default=(), metadata=_OMITTED)
    """The instalment loans the clinic offers (``Clinic.instalments``), one line each."""
    discount_segments: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """Those of ``segments`` with no price of their own, only discounts (学割): no column
    names a price of theirs, a joining fee's neither (``Catalog.priced_segments``)."""


def _clinic(catalog: Catalog) -> ClinicInfo:
    clinic = catalog.clinic
    return ClinicInfo(
        name=Localized(clinic.name, clinic.name_en),
        registration_number=clinic.registration_number,
        contact=clinic.contact,
        prices_include_tax=clinic.prices_include_tax,
        estimate_valid_days=clinic.estimate_valid_days,
        segments=tuple(SegmentName(id, name) for id, name in segment_names(catalog).items()),
    )


def price_list(
    catalog: Catalog,
    *,
    locale: str = "ja_JP",
    show_tax_excluded: bool = False,
    on: date | None = None,
) -> PriceList:
    """Build the price list of a catalog: every price tax-included, with the disclosures.

    The standard cost of each treatment's usual course is priced by the engine
    (the cheapest way to buy that many sessions in that period, first-visit
    costs included).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> prices = price_list(reference_catalog(), on=date(2026, 4, 1))
        >>> prices.treatments[0].subscriptions[0].min_term_cost
        YenRange(min=165000, max=165000)

    Args:
        catalog: The catalog.
        locale: The locale the report renders in by default.
        show_tax_excluded: Whether to show the price before tax beside each price.
        on: The date whose tax rates apply; today when ``None``.

    Returns:
        The price list.

    Raises:
        LocaleError: The locale is neither ``ja_JP`` nor ``en_US``.
    """
    day = on if on is not None else today_in_japan()
    # Every price as in effect on the list's date; the changes still to come are stated.
    catalog = catalog.as_of(day)
    clinic = catalog.clinic

    def show(price: YenRange, category: TaxCategory) -> Shown:
        return shown(
            price,
            category,
            day,
            prices_include_tax=clinic.prices_include_tax,
            rounding=Rounding(clinic.tax_rounding),
        )

    def singles(total: YenRange, category: TaxCategory) -> YenRange:
        return singles_cost(
            total,
            category,
            day,
            prices_include_tax=clinic.prices_include_tax,
            rounding=Rounding(clinic.tax_rounding),
        )

    segments = tuple(clinic.segment_ids)

    def members(prices: Mapping[str, YenRange], category: TaxCategory) -> tuple[Shown | None, ...]:
        return tuple(
            None if prices.get(segment) is None else show(prices[segment], category)
            for segment in segments
        )

    offer_names = {o.id: Localized(*display_names(catalog, o.id)) for o in catalog.offers}
    # A price list advertises (DOMAIN.md §5): what can no longer be bought on its date is
    # left out; what is not on sale yet is listed, its sales window saying from when.
    on_sale = [o for o in catalog.offers if not o.ended_by(day)]
    ladders = _ladders_on(catalog, day)
    options = _options(catalog, ladders, day, show, members)
    standalone = {t.id for t in catalog.treatments if not t.only_with}
    # A package is listed on its own, so it gives no treatment offers of its own here.
    offered = {_base(o.treatment) for o in on_sale if not isinstance(o, Package | SharedSet)}
    treatments = tuple(
        _treatment_entry(catalog, treatment, day, on_sale, ladders, show, singles, members, options)
        for treatment in catalog.treatments
        # An option is listed under each treatment it is sold with. One sold only with
        # other options has no such place, and one with sets or plans of its own needs a
        # section for them: those keep their own.
        if treatment.id in offered
        or not any(_base(ref) in standalone for ref in treatment.only_with)
    )
    combos = []
    for combo in catalog.combos:
        # The catalog requires a combo's treatments to share one tax category.
        category = catalog.treatment(combo.treatments[0]).tax
        combos.append(
            ComboEntry(
                id=combo.id,
                name=Localized(*display_names(catalog, combo.id)),
                treatments=tuple(_ref_name(catalog, t) for t in combo.treatments),
                tax=effective_category(category, day),
                discount=None if combo.discount is None else show(combo.discount, category),
                price=None if combo.price is None else show(combo.price, category),
                note=combo.note,
                members=members(combo.segment_prices, category),
                single_sessions_only=combo.single_sessions_only,
            )
        )
    packages = [
        _package_entry(catalog, offer, offer_names[offer.id], show, members, day)
        for offer in on_sale
        if isinstance(offer, Package | SharedSet)
    ]
    still = tuple(d.id for d in catalog.discounts if not d.ended_by(day))
    discounts = discount_entries(catalog, still, on=day)
    group_names = {g.id: Localized(g.name, g.name_en) for g in catalog.fee_groups}
    fees = tuple(
        FeeEntry(
            id=fee.id,
            name=Localized(fee.name, fee.name_en),
            price=show(fee.price, fee.tax),
            charged=fee.charged,
            tax=effective_category(fee.tax, day),
            note=fee.note,
            applies_to=tuple(_ref_name(catalog, ref) for ref in fee.applies_to),
            new_patients_only=fee.new_patients_only,
            members=members(fee.segment_prices, fee.tax),
            waived_when_treated=fee.waived_when_treated,
            waived_with=tuple(
                Localized(*display_names(catalog, offer_id)) for offer_id in fee.waived_with
            ),
            optional=fee.optional,
            trigger=fee.trigger,
            one_of=tuple(
                Localized(f.name, f.name_en)
                for f in catalog.fees
                if fee.group is not None and f.group == fee.group
            ),
            group=None if fee.group is None else group_names.get(fee.group),
            joins=fee.joins,
        )
        for fee in catalog.fees
    )
    goods = tuple(
        GoodsEntry(
            id=g.id,
            name=Localized(g.name, g.name_en),
            price=show(g.price, g.tax),
            tax=effective_category(g.tax, day),
            note=g.note,
            unit=goods_unit(g),
            members=members(g.segment_prices, g.tax),
            kind=g.kind,
            monthly=None if g.subscription is None else show(g.subscription.monthly_price, g.tax),
            min_months=None if g.subscription is None else g.subscription.min_months,
        )
        for g in catalog.goods
    )
    return PriceList(
        clinic=_clinic(catalog),
        on=day,
        locale=normalize_locale(locale),
        show_tax_excluded=show_tax_excluded,
        treatments=treatments,
        combos=tuple(combos),
        fees=fees,
        discounts=tuple(discounts),
        packages=tuple(packages),
        segments=segments,
        goods=goods,
        loans=tuple(loan_term(term) for term in catalog.clinic.instalments),
        discount_segments=catalog.discount_segments(segments),
    )


def discount_entries(
    catalog: Catalog, ids: Sequence[str], *, on: date
) -> tuple[DiscountEntry, ...]:
    """The catalog's discounts of ``ids``, as the price list's discount table gives them.

    An estimate names the per-unit discounts its prices include with these, so a
    discount reads alike on the price list and on every document that shows a price
    it lowered.

    Example:
        >>> from supecost.catalog import parse_catalog
        >>> catalog = parse_catalog(
        ...     'schema_version = 1\\n[clinic]\\nname = "K"\\n'
        ...     '[[treatments]]\\nid = "iv"\\nname = "IV"\\nprice = 20000\\n'
        ...     '[[discounts]]\\nid = "autumn"\\nname = "Autumn"\\npercent = 10\\n'
        ...     'treatments = ["iv"]\\n', format="toml")
        >>> [(d.id, d.percent) for d in discount_entries(catalog, ("autumn",), on=date(2026, 4, 1))]
        [('autumn', '10')]

    Args:
        catalog: The catalog.
        ids: Discount ids of the catalog, in the order wanted.
        on: The date whose tax rates give the tax-included amounts.

    Returns:
        One entry per id, in the order of ``ids``.

    Raises:
        KeyError: An id is not a discount of the catalog.
    """
    clinic = catalog.clinic

    def show_amount(amount: int | None, category: TaxCategory | None) -> Shown | None:
        if amount is None or category is None:
            return None
        return shown(
            YenRange.exact(amount),
            category,
            on,
            prices_include_tax=clinic.prices_include_tax,
            rounding=Rounding(clinic.tax_rounding),
        )

    every_category = _bill_category(catalog, on)
    by_id = {d.id: d for d in catalog.discounts}
    entries = []
    rivals = [d for d in catalog.discounts if not d.stacks and not d.ended_by(on)]
    for discount in (by_id[i] for i in ids):
        off = _discount_category(catalog, discount, on)
        entries.append(
            DiscountEntry(
                id=discount.id,
                name=Localized(discount.name, discount.name_en),
                tax=off,
                amount=discount.amount,
                amount_shown=show_amount(discount.amount, off),
                percent=None if discount.percent is None else str(discount.percent),
                applies_to=tuple(Localized(*display_names(catalog, o)) for o in discount.offers),
                single_sessions_of=tuple(_ref_name(catalog, t) for t in discount.treatments),
                new_patients_only=discount.new_patients_only,
                valid_from=discount.valid_from,
                valid_until=discount.valid_until,
                first_n=discount.first_n,
                birth_month_only=discount.birth_month_only,
                segments=discount.segments,
                min_sessions=discount.min_sessions,
                min_amount=discount.min_amount,
                # The engine checks min_amount against the whole bill: treatments and goods.
                min_amount_shown=show_amount(discount.min_amount, every_category),
                stacks=discount.stacks,
                note=discount.note,
                excludes=()
                if discount.stacks
                else tuple(
                    Localized(d.name, d.name_en)
                    for d in rivals
                    if d.id != discount.id and d.meets_window(discount)
                ),
                # Said only where there is a combo it could be taken instead of.
                without_combos=not discount.with_combos and bool(catalog.combos),
                not_with=not_with_of(catalog, discount.id),
            )
        )
    return tuple(entries)


def _one_category(categories: Iterable[TaxCategory], on: date) -> TaxCategory | None:
    """The one category of them all on a date, or ``None`` when they differ (or there are none).

    Before the reduced rate began, a reduced item is grouped with standard ones
    (:func:`~supecost.tax.effective_category`): one rate, so one figure.
    """
    found = {effective_category(category, on) for category in categories}
    return found.pop() if len(found) == 1 else None


def _bill_category(catalog: Catalog, on: date) -> TaxCategory | None:
    """The one tax category of everything a bill can hold before fees, when there is one.

    Goods share the bill with treatments (a whole-bill discount comes off them,
    a ``min_amount`` counts them), so an 8% supplement beside 10% treatments
    leaves no one rate to turn a bill-wide figure into a tax-included one.
    """
    treatments = (treatment.tax for treatment in catalog.treatments)
    return _one_category((*treatments, *(goods.tax for goods in catalog.goods)), on)


def _discount_category(catalog: Catalog, discount: Discount, on: date) -> TaxCategory | None:
    """The tax category of everything a discount's amount can come off, when there is one.

    A discount on treatments or offers comes off those; one on the whole bill
    comes off the treatments and goods of the bill (before fees), which may be
    any of the catalog's.
    """
    if discount.applies_to_bill:
        return _bill_category(catalog, on)
    offered = (
        treatment
        for offer_id in discount.offers
        for treatment in offer_treatments(catalog.offer(offer_id))
    )
    return _one_category(
        (catalog.treatment(treatment_id).tax for treatment_id in (*discount.treatments, *offered)),
        on,
    )


Members: TypeAlias = Callable[[Mapping[str, YenRange], TaxCategory], tuple[Shown | None, ...]]
"""The member prices of a record, one per segment of the catalog (``None``: the regular price)."""


def _base(ref: str) -> str:
    """The treatment a reference names: ``exo-iv`` of ``exo-iv:2cc``."""
    return ref.partition(":")[0]


def _ref_name(catalog: Catalog, ref: str) -> Localized:
    """The name of a treatment or a dose (the treatment's name and the dose's)."""
    found = catalog.treatment(ref)
    return Localized(found.name, found.name_en)


def _dose_ends(
    treatment: Treatment, offer: Bundle | None = None
) -> tuple[Localized, Localized] | None:
    """The doses of the least and the most saving, where every dose has an exact price
    and their savings differ: the cheapest and the dearest dose, or for a unit ticket
    counting the doses' amount (``offer``), the doses whose visits its units buy singly
    for the least and the most (a 30本券 holds 30 visits of 1A but 10 of 3A).

    A set or plan on the bare treatment serves every dose at one price (docs/catalog.md,
    References): its saving's ends are these doses'.
    """
    # A dose the ticket holds no unit of is one it serves none of: no end of its saving.
    doses = [dose for dose in treatment.doses if offer is None or offer.held(dose)]
    if not all(dose.price.is_exact for dose in doses):
        return None

    def worth(dose: Dose) -> int:
        return dose.price.min * (1 if offer is None else offer.held(dose))

    cheapest = min(doses, key=worth, default=None)
    dearest = max(doses, key=worth, default=None)
    if cheapest is None or dearest is None or worth(cheapest) == worth(dearest):
        return None
    return dose_label(treatment, cheapest), dose_label(treatment, dearest)


def _span(prices: Iterable[YenRange]) -> YenRange:
    """From the lowest of the prices to the highest (open when any is open)."""
    found = tuple(prices)
    highs = [price.max for price in found]
    high = None if None in highs else max(h for h in highs if h is not None)
    return YenRange(min(price.min for price in found), high)


def _ladders_on(catalog: Catalog, day: date) -> tuple[Ladder, ...]:
    """The catalog's ladders on sale on ``day``: looked up once for the whole price list."""
    return tuple(o for o in catalog.offers if isinstance(o, Ladder) and o.on_sale(day))


def _ladder_on(ladders: Iterable[Ladder], ref: str) -> Ladder | None:
    """The ladder of those on sale that prices single sessions of a treatment or a dose.

    A ladder for a dosed treatment named alone prices each of its doses, as the
    engine reads a reference (:func:`~supecost.engine.resolve.matches`); a valid
    catalog has at most one on sale for a session on any day.
    """
    return next((ladder for ladder in ladders if matches(ladder.treatment, (ref,))), None)


@dataclass(frozen=True, slots=True)
class _Single:
    """What one session paid singly costs, as the price list shows it (before tax)."""

    price: YenRange
    members: Mapping[str, YenRange]
    by_place: bool


def _single(catalog: Catalog, ref: str, ladders: tuple[Ladder, ...]) -> _Single:
    """The single price of a treatment, a dose or an option; ``ladders``: those on sale.

    This is the one owner of "the single price shown": a ladder on sale that day
    replaces the catalog's ``price`` (no single session costs it), so the price
    shown is the span of the ladder's steps, and each segment's the span of what
    its members pay at each step; the renderers say it depends on the session's
    place and list the steps below.
    """
    found = catalog.treatment(ref)
    ladder = _ladder_on(ladders, ref)
    if ladder is None:
        return _Single(found.session_price, found.segment_prices, by_place=False)
    segments = dict.fromkeys(segment for step in ladder.steps for segment in step.segment_prices)
    return _Single(
        _span(step.price for step in ladder.steps),
        {
            segment: _span(step.segment_prices.get(segment, step.price) for step in ladder.steps)
            for segment in segments
        },
        by_place=True,
    )


def _singles_before_tax(
    catalog: Catalog,
    ref: str,
    sessions: int,
    ladders: tuple[Ladder, ...],
    ticket: Bundle | None = None,
) -> YenRange:
    """What ``sessions`` sessions paid singly cost before the bill's tax, a new course.

    The sessions take places 1 to ``sessions`` (a patient new to the treatment),
    each at its ladder step's price where one of ``ladders`` (those on sale) prices them
    (:meth:`~supecost.catalog.Ladder.undated_price`: a step held within days of the
    previous session spans every gap), else at the single price. A
    dosed treatment named alone spans its doses; for a unit ticket counting the doses'
    amount (``ticket``), each dose's sessions are the visits of it its units hold.
    """
    found = catalog.treatment(ref)
    base, _, dose_id = ref.partition(":")
    if ticket is not None and dose_id:
        dose = next(d for d in catalog.treatment(base).doses if d.id == dose_id)
        sessions = ticket.held(dose)
        ticket = None
    if found.price is None:
        # A ticket is measured against the doses it serves only (one it holds a unit of).
        served = [d for d in found.doses if ticket is None or ticket.held(d)] or found.doses
        return _span(
            _singles_before_tax(catalog, f"{ref}:{dose.id}", sessions, ladders, ticket)
            for dose in served
        )
    ladder = _ladder_on(ladders, ref)
    if ladder is None:
        return found.price * sessions
    # Without dates a step held within days spans every gap, as the engine reads it.
    total = ladder.undated_price(ladder.step_at(1))
    for place in range(2, sessions + 1):
        total += ladder.undated_price(ladder.step_at(place))
    return total


def _package_entry(
    catalog: Catalog,
    offer: Package | SharedSet,
    name: Localized,
    show: Callable[[YenRange, TaxCategory], Shown],
    members: Members,
    day: date,
) -> PackageEntry:
    """A package, or a shared set (共通回数券), as the price list lists it: a shared set once,
    with every treatment it is used on (each with all its sessions), among the packages
    (bought whole, several treatments)."""
    contents = (
        tuple((ref, offer.sessions) for ref in offer.treatments)
        if isinstance(offer, SharedSet)
        else tuple((item.treatment, item.sessions) for item in offer.contents)
    )
    # The catalog requires a package's contents, a shared set's treatments, to share one
    # tax category.
    category = catalog.treatment(contents[0][0]).tax
    intro = offer.intro_price if isinstance(offer, Package) else None
    return PackageEntry(
        id=offer.id,
        name=name,
        contents=tuple((Localized(*display_names(catalog, ref)), n) for ref, n in contents),
        tax=effective_category(category, day),
        price=show(offer.price, category),
        intro_price=None if intro is None else show(intro, category),
        valid_months=offer.valid_months,
        note=offer.note,
        members=members(offer.segment_prices, category),
        valid_from=offer.valid_from,
        valid_until=offer.valid_until,
        first_n=offer.first_n,
        per_patient=offer.per_patient,
        shared=offer.sessions if isinstance(offer, SharedSet) else None,
    )


def _options(
    catalog: Catalog,
    ladders: tuple[Ladder, ...],
    day: date,
    show: Callable[[YenRange, TaxCategory], Shown],
    members: Members,
) -> dict[str, tuple[OptionEntry, ...]]:
    """The options of each base treatment: every treatment (or dose) sold only with it."""
    found: dict[str, list[OptionEntry]] = {}
    for option in catalog.treatments:
        if not option.only_with:
            continue
        bases = tuple(_ref_name(catalog, ref) for ref in option.only_with)
        refs = [f"{option.id}:{dose.id}" for dose in option.doses] or [option.id]
        entries = []
        for ref in refs:
            single = _single(catalog, ref, ladders)
            entries.append(
                OptionEntry(
                    id=ref,
                    name=_ref_name(catalog, ref),
                    tax=effective_category(option.tax, day),
                    single=show(single.price, option.tax),
                    members=members(single.members, option.tax),
                    bases=bases,
                    note=option.note,
                    by_place=single.by_place,
                )
            )
        for base in dict.fromkeys(_base(ref) for ref in option.only_with):
            found.setdefault(base, []).extend(entries)
    return {base: tuple(entries) for base, entries in found.items()}


def _localized(text: str | None, english: str | None) -> Localized | None:
    """Catalog text with its English, where the catalog gives the text."""
    return None if text is None else Localized(text, english)


def _treatment_entry(
    catalog: Catalog,
    treatment: Treatment,
    day: date,
    listed: Sequence[Offer],
    on_sale: tuple[Ladder, ...],
    show: Callable[[YenRange, TaxCategory], Shown],
    singles: Callable[[YenRange, TaxCategory], YenRange],
    members: Members,
    options: Mapping[str, tuple[OptionEntry, ...]],
) -> TreatmentEntry:
    single = None if treatment.price is None else _single(catalog, treatment.id, on_sale)
    bundles: list[BundleEntry] = []
    subscriptions: list[SubscriptionEntry] = []
    intros: list[IntroEntry] = []
    ladders: list[LadderEntry] = []
    doses = {f"{treatment.id}:{dose.id}": dose_label(treatment, dose) for dose in treatment.doses}
    # An offer for one dose is listed under its treatment, with the dose named.
    mine = (
        o
        for o in listed
        if not isinstance(o, Package | SharedSet) and _base(o.treatment) == treatment.id
    )
    for offer in mine:
        name = Localized(*display_names(catalog, offer.id))
        dose = doses.get(offer.treatment)
        if isinstance(offer, Bundle):
            price = show(offer.price, treatment.tax)
            amount = offer if offer.counts == "amount" else None
            # Against the singles of the day it is first sold: a set on sale from a later day
            # is bought at that day's single prices (a price change between, 価格改定).
            sold = (
                offer.valid_from if offer.valid_from is not None and offer.valid_from > day else day
            )
            regular = _singles_before_tax(
                catalog.as_of(sold), offer.treatment, offer.sessions, on_sale, amount
            )
            against = singles(regular, treatment.tax)
            paid = price.included
            if offer.top_ups:
                # The set's price differs by dose: its saving spans them, with their top-ups.
                topped = _span(
                    offer.price + (offer.top_up_total(d.id) or 0) for d in treatment.doses
                )
                paid = show(topped, treatment.tax).included
            refs = [f"{offer.treatment}:{d.id}" for d in catalog.treatment(offer.treatment).doses]
            bundles.append(
                BundleEntry(
                    id=offer.id,
                    name=name,
                    sessions=offer.sessions,
                    price=price,
                    per_session=per_session(price.included, offer.sessions),
                    saving=difference(against, paid),
                    saving_beyond=beyond(against, paid),
                    valid_months=offer.valid_months,
                    note=offer.note,
                    dose=dose,
                    members=members(offer.segment_prices, treatment.tax),
                    valid_from=offer.valid_from,
                    valid_until=offer.valid_until,
                    first_n=offer.first_n,
                    counts_units=offer.counts_units,
                    counts_amount=amount is not None,
                    per_patient=offer.per_patient,
                    includes=included_of(catalog, offer),
                    changes=_changes(offer, show, treatment.tax),
                    by_place=any(
                        _ladder_on(on_sale, ref) is not None for ref in refs or [offer.treatment]
                    ),
                    # Dose ends only where the set's own price and its top-ups are exact too,
                    # and so are the singles it is measured against (a dose's ladder step may
                    # be open-ended): else its saving's ends are a price range's.
                    dose_ends=(
                        _dose_ends(treatment, amount)
                        if dose is None
                        and offer.price.is_exact
                        and all(top_up.is_exact for top_up in offer.top_ups.values())
                        and regular.max is not None
                        else None
                    ),
                    top_ups=tuple(
                        (dose_label(treatment, d), show(offer.top_ups[d.id], treatment.tax))
                        for d in treatment.doses
                        if d.id in offer.top_ups
                    ),
                )
            )
        elif isinstance(offer, Subscription):
            fee = show(offer.monthly_fee, treatment.tax)
            enrollment = show(offer.enrollment_fee, treatment.tax)
            campaign = offer.enrollment_campaign
            campaign_entry = None
            # The minimum term as every patient enrolling that day pays it: a first-month
            # price for new patients only is beside it, for whom it is.
            first = offer.first_month_for(day, new_patient=False)
            if campaign is not None and not campaign.ended_by(day):
                campaign_entry = EnrollmentCampaignEntry(
                    show(campaign.price, treatment.tax), campaign.valid_from, campaign.valid_until
                )
            subscriptions.append(
                SubscriptionEntry(
                    id=offer.id,
                    name=name,
                    monthly_fee=fee,
                    sessions_per_month=offer.sessions_per_month,
                    min_months=offer.min_months,
                    min_term_cost=min_term_cost(
                        fee.included,
                        offer.min_months,
                        show(offer.enrollment_on(day), treatment.tax).included,
                        None
                        if first is None
                        else (show(first.price, treatment.tax).included, first.months),
                    ),
                    enrollment_fee=enrollment,
                    extra_session_price=None
                    if offer.extra_session_price is None
                    else show(offer.extra_session_price, treatment.tax),
                    early_termination_fee=None
                    if offer.early_termination_fee is None
                    else show(offer.early_termination_fee, treatment.tax),
                    note=offer.note,
                    dose=dose,
                    members=members(offer.segment_prices, treatment.tax),
                    valid_from=offer.valid_from,
                    valid_until=offer.valid_until,
                    first_n=offer.first_n,
                    enrollment_campaign=campaign_entry,
                    first_month=_first_month_entry(offer, day, show, treatment.tax),
                    carry_over=offer.carry_over,
                )
            )
        elif isinstance(offer, Intro):
            intros.append(
                IntroEntry(
                    id=offer.id,
                    name=name,
                    price=show(offer.price, treatment.tax),
                    sessions=offer.sessions,
                    note=offer.note,
                    dose=dose,
                    members=members(offer.segment_prices, treatment.tax),
                    valid_from=offer.valid_from,
                    valid_until=offer.valid_until,
                    first_n=offer.first_n,
                    first_time=offer.for_ is IntroFor.FIRST_TIME,
                    whole=offer.sold_whole,
                    valid_months=offer.valid_months,
                )
            )
        elif isinstance(offer, Ladder):
            ladders.append(_ladder_entry(offer, name, dose, treatment.tax, show, members))
    # A further unit is shown where its price is not the single price shown: its own, or
    # the catalog's `price` while a ladder is the single price (no row would show it).
    further_shown = not treatment.doses and (
        treatment.extra_unit_price is not None or (single is not None and single.by_place)
    )
    return TreatmentEntry(
        id=treatment.id,
        name=Localized(treatment.name, treatment.name_en),
        tax=effective_category(treatment.tax, day),
        single=None if single is None else show(single.price, treatment.tax),
        route=treatment.route,
        cell_source=treatment.cell_source,
        origin=treatment.origin,
        unapproved=treatment.unapproved,
        course=_course(catalog, treatment, day),
        risks=_localized(treatment.risks, treatment.risks_en),
        obtained=_localized(treatment.obtained, treatment.obtained_en),
        domestic_equivalent=_localized(
            treatment.domestic_equivalent, treatment.domestic_equivalent_en
        ),
        foreign_safety=_localized(treatment.foreign_safety, treatment.foreign_safety_en),
        note=treatment.note,
        bundles=tuple(bundles),
        subscriptions=tuple(subscriptions),
        intros=tuple(intros),
        doses=tuple(
            _dose_entry(catalog, treatment, dose, on_sale, show, members)
            for dose in treatment.doses
        ),
        unit=unit_of(catalog, treatment.id),
        extra_unit=_extra_unit(show, treatment) if further_shown else None,
        max_units=treatment.max_units,
        # A treatment priced by dose has its member prices on its dose rows.
        members=members(
            treatment.segment_prices if single is None else single.members, treatment.tax
        ),
        extra_unit_members=_extra_unit_members(members, treatment) if further_shown else (),
        options=options.get(treatment.id, ()),
        ladders=tuple(ladders),
        changes=_changes(treatment, show, treatment.tax),
        by_place=single is not None and single.by_place,
    )


def _changes(
    record: Treatment | Dose | Bundle,
    show: Callable[[YenRange, TaxCategory], Shown],
    category: TaxCategory,
) -> tuple[PriceChangeEntry, ...]:
    """A record's coming price changes: those left after the list's date, in a catalog as
    on it (``Catalog.as_of``)."""
    return tuple(PriceChangeEntry(c.on, show(c.price, category)) for c in record.price_changes)


def _first_month_entry(
    offer: Subscription,
    day: date,
    show: Callable[[YenRange, TaxCategory], Shown],
    tax: TaxCategory,
) -> FirstMonthEntry | None:
    """A plan's first-month price as the list shows it, unless its window ended by ``day``."""
    first = offer.first_month
    if first is None or first.ended_by(day):
        return None
    return FirstMonthEntry(
        show(first.price, tax),
        first.months,
        first.new_patients_only,
        first.valid_from,
        first.valid_until,
    )


def _dose_entry(
    catalog: Catalog,
    treatment: Treatment,
    dose: Dose,
    ladders: tuple[Ladder, ...],
    show: Callable[[YenRange, TaxCategory], Shown],
    members: Members,
) -> DoseEntry:
    ref = f"{treatment.id}:{dose.id}"
    single = _single(catalog, ref, ladders)
    return DoseEntry(
        id=dose.id,
        name=dose_label(treatment, dose),
        single=show(single.price, treatment.tax),
        extra_unit=_extra_unit(show, catalog.treatment(ref)),
        members=members(single.members, treatment.tax),
        by_place=single.by_place,
        extra_unit_members=_extra_unit_members(members, catalog.treatment(ref)),
        changes=_changes(dose, show, treatment.tax),
    )


def _ladder_entry(
    ladder: Ladder,
    name: Localized,
    dose: Localized | None,
    category: TaxCategory,
    show: Callable[[YenRange, TaxCategory], Shown],
    members: Members,
) -> LadderEntry:
    """A ladder's steps, each with the places it prices (``Ladder.last_places``)."""
    return LadderEntry(
        id=ladder.id,
        name=name,
        steps=tuple(
            LadderStepEntry(
                from_place=step.from_,
                to_place=end,
                price=show(step.price, category),
                members=members(step.segment_prices, category),
                within_days=None if step is ladder.steps[0] else step.within_days,
            )
            for step, end in zip(ladder.steps, ladder.last_places(), strict=True)
        ),
        note=ladder.note,
        dose=dose,
        valid_from=ladder.valid_from,
        valid_until=ladder.valid_until,
        first_n=ladder.first_n,
    )


def further_unit(dose: Treatment) -> tuple[YenRange, Mapping[str, YenRange]] | None:
    """What a further unit of a dose costs at one visit, and each segment's price of it.

    The price list and ``catalog show`` both say it from here. A further unit
    without a price of its own costs the session's ``price`` (under a ladder
    too: a ladder prices sessions, not units), so its segment prices are then
    the session's.

    Example:
        >>> placenta = Treatment(id="p", name="プラセンタ注射", price=1650, max_units=3)
        >>> further_unit(placenta)
        (YenRange(min=1650, max=1650), {})
        >>> further_unit(Treatment(id="q", name="Q", price=1650)) is None
        True

    Args:
        dose: A treatment sold by ``price``, or a dose as ``Catalog.treatment`` gives it
            (with its treatment's unit limit and further-unit price where it has none).

    Returns:
        The price and the segment prices, or ``None`` when one unit a visit is the most.
    """
    if dose.unit_limit == 1:
        return None
    if dose.extra_unit_price is None:
        return extra_unit_price(dose), dose.segment_prices
    return extra_unit_price(dose), dose.extra_unit_segment_prices


def _extra_unit(show: Callable[[YenRange, TaxCategory], Shown], dose: Treatment) -> Shown | None:
    """What a further unit of a dose costs at one visit (:func:`further_unit`), shown."""
    found = further_unit(dose)
    return None if found is None else show(found[0], dose.tax)


def _extra_unit_members(members: Members, dose: Treatment) -> tuple[Shown | None, ...]:
    """Each segment's price of a further unit of a dose (:func:`further_unit`), shown."""
    found = further_unit(dose)
    return () if found is None else members(found[1], dose.tax)


def _limited(catalog: Catalog) -> tuple[str, ...]:
    """The offers and discounts for the first patients only (先着N名様), which not every
    reader of a page can buy."""
    records = (*catalog.offers, *catalog.discounts)
    return tuple(record.id for record in records if record.first_n is not None)


def _doses_span(costs: Sequence[YenRange]) -> YenRange:
    """One course's cost as it is; several doses' from the cheapest to the dearest."""
    return costs[0] if len(costs) == 1 else _span(costs)


def _course(catalog: Catalog, treatment: Treatment, day: date) -> CourseEntry | None:
    course = treatment.typical_course
    if course is None:
        return None
    # A treatment priced by dose has no one standard cost: the range from its
    # cheapest dose's course to its dearest one's, as an advertised price may show.
    refs = [f"{treatment.id}:{dose.id}" for dose in treatment.doses] or [treatment.id]
    limited = _limited(catalog)
    costs: list[YenRange] = []
    plans: list[Localized] = []
    campaign_costs: list[YenRange] = []
    campaign_plans: list[Localized] = []
    for ref in refs:
        request = QuoteRequest(
            treatment=ref,
            sessions=course.sessions,
            months=course.months,
            new_patient=True,
            on=day,
        )
        # The standard cost is what every patient can buy (DOMAIN §5): a price for the
        # first patients only is priced as if its places were gone. The request's bound on
        # sold_out is on what a caller sends; these ids are the catalog's own, which it bounds.
        standard = request.model_copy(update={"sold_out": limited})
        try:
            result = quote(catalog, standard)
            campaign = quote(catalog, request) if limited else result
        except SupecostError as error:
            return CourseEntry(
                course.sessions, course.months, course.note, None, None, error.message
            )
        costs.append(result.best.total)
        plans.append(way_name(catalog, result.best.way))
        campaign_costs.append(campaign.best.total)
        campaign_plans.append(way_name(catalog, campaign.best.way))
    cheaper = campaign_costs != costs
    changed: list[CampaignDose] = []
    if cheaper and treatment.doses:
        # The dose range's ends may be the doses the campaign leaves alone: say which doses
        # it changes, each beside its standard cost, never the standard range again.
        for dose, cost, usual, plan in zip(
            treatment.doses, campaign_costs, costs, campaign_plans, strict=True
        ):
            if cost != usual:
                changed.append(CampaignDose(dose_label(treatment, dose), cost, usual, plan))
        campaign_costs = [each.cost for each in changed]
        campaign_plans = [each.plan for each in changed]
    return CourseEntry(
        sessions=course.sessions,
        months=course.months,
        note=course.note,
        cost=_doses_span(costs),
        plan=plans[0] if len(set(plans)) == 1 else None,
        problem=None,
        campaign_cost=_doses_span(campaign_costs) if cheaper else None,
        campaign_plan=campaign_plans[0] if cheaper and len(set(campaign_plans)) == 1 else None,
        campaign_doses=tuple(changed),
    )


# ---------------------------------------------------------------------------
# Ways of buying


# ---------------------------------------------------------------------------
# Estimates


@dataclass(frozen=True, slots=True)
class TaxEntry:
    """The amounts of one tax rate on the bill."""

    rate: int
    category: TaxCategory
    taxable: YenRange
    tax: YenRange
    total: YenRange
    taxable_points: PointValues | None = field(default=None, metadata=_OMITTED)
    """Each point's own figures where the plan's bills are out of order
    (:attr:`supecost.TaxLine.taxable_points`); ``None`` where they are in order."""
    tax_points: PointValues | None = field(default=None, metadata=_OMITTED)
    total_points: PointValues | None = field(default=None, metadata=_OMITTED)


@dataclass(frozen=True, slots=True)
class UnusedEntry:
    """Sessions of a treatment other than the requested one left unused: by a package, or
    by an added treatment's set."""

    treatment: Localized
    sessions: int


@dataclass(frozen=True, slots=True)
class PaymentEntry:
    """What is paid in one month (month 0 is the first visit)."""

    month: int
    amount: YenRange
    points: PointValues | None = field(default=None, metadata=_OMITTED)
    """The month's amount at each point, from that point's own bill, where the plan's bills
    are out of order (:attr:`supecost.Payment.points`)."""


@dataclass(frozen=True, slots=True)
class PlanEntry:
    """A priced way of buying, as an estimate lists it."""

    label: str
    name: Localized
    lines: tuple[LineEntry, ...]
    tax: tuple[TaxEntry, ...]
    subtotal: YenRange
    total: YenRange
    per_session: YenRange
    sessions_bought: int
    sessions_unused: int
    payments: tuple[PaymentEntry, ...]
    unused: tuple[UnusedEntry, ...] = field(default=(), metadata=_OMITTED)
    """Other treatments' sessions the plan buys and leaves unused (the requested one's are
    ``sessions_unused``)."""
    units_unused: int = field(default=0, metadata=_OMITTED)
    """The requested treatment's units its unit tickets (本数券) leave unused."""
    unit_discounts: tuple[DiscountEntry, ...] = field(default=(), metadata=_OMITTED)
    """The per-unit discounts the lines' unit prices include, as the price list gives them
    (:attr:`supecost.Option.unit_discounts`); whole-bill discounts are lines."""
    plan_months: int | None = field(default=None, metadata=_OMITTED)
    """The months a monthly plan is paid for, which the course runs where the request gave
    no months, for a yearly fee (:attr:`supecost.Option.plan_months`)."""
    yearly_once: bool = field(default=False, metadata=_OMITTED)
    """Whether a yearly fee is charged once for want of the course's length
    (:attr:`supecost.Option.yearly_once`)."""
    dearest_units: bool = field(default=False, metadata=_OMITTED)
    """Whether it prices a treatment's singles and further units as in the dearest month, for
    want of dated units beside a unit ticket (:attr:`supecost.Option.dearest_units`)."""
    bills: PointValues | None = field(default=None, metadata=_OMITTED)
    """The bill at each point where they are out of order (:attr:`supecost.Option.bills`):
    ``total`` holds them sorted."""


@dataclass(frozen=True, slots=True)
class InstalmentEntry:
    """One instalment loan the clinic offers (``Clinic.instalments``), on the estimate's total.

    ``monthly`` is the payment of most months at the term's longest (``count``), and ``odd``
    the one payment that takes the rounding remainder (the first, or the last where
    ``odd_last``), ``None`` where it is no different; each a range of the total's low and
    high, open where the total's high is (computed by :func:`supecost.loans.instalments`).
    """

    term: LoanTerm
    monthly: YenRange
    odd: YenRange | None = None
    odd_last: bool = False


@dataclass(frozen=True, slots=True)
class RunnerUp:
    """Another way of buying and how much more it costs than the chosen plan."""

    label: str
    name: Localized
    total: YenRange
    difference: PointValues
    sessions_unused: int = field(default=0, metadata=_OMITTED)
    """Sessions of the requested treatment it buys and leaves unused, as a plan's."""
    unused: tuple[UnusedEntry, ...] = field(default=(), metadata=_OMITTED)
    """Other treatments' sessions it buys and leaves unused, as a plan's."""
    units_unused: int = field(default=0, metadata=_OMITTED)
    """The requested treatment's units its unit tickets leave unused, as a plan's."""


@dataclass(frozen=True, slots=True)
class CountEntry:
    """The cheapest way of buying at one session count of a requested range.

    ``label``, ``name`` and ``total`` are the way cheapest at the typical point;
    ``cheapest`` is that count's own account of the cheapest way at each point.
    """

    sessions: int
    label: str
    name: Localized
    total: YenRange
    cheapest: Cheapest


@dataclass(frozen=True, slots=True)
class Estimate:
    """An estimate (見積書) for one quote.

    ``units`` is the treatment's units per visit and ``unit`` how they are
    counted (the treatment's ``dose_unit`` when it is not sold by dose, such as
    本; else ``None``, and reports count 回); ``with_units`` gives the same for
    each ``with_`` entry when any has more than one unit.
    """

    clinic: ClinicInfo
    issued: date
    valid_until: date
    locale: str
    treatment: Localized
    sessions: int
    months: int | None
    with_: tuple[Localized, ...]
    new_patient: bool
    on: date
    prices_include_tax: bool
    plan: PlanEntry
    runners_up: tuple[RunnerUp, ...]
    addressee: str | None = None
    number: str | None = None
    with_sessions: tuple[int | None, ...] = field(default=(), metadata=_OMITTED)
    """Each added treatment's own count, beside ``with_``; ``None`` at every visit."""
    history: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    """Sessions the patient already had, by treatment."""
    last_visit: tuple[tuple[Localized, dt.date], ...] = field(default=(), metadata=_OMITTED)
    """The date of the last session had, by treatment, where a ladder step held within days
    of the previous session reads it (:func:`dated_last_visits`)."""
    first_visit: date | None = field(default=None, metadata=_OMITTED)
    """The course's first session's date where the request gave one that is not the report's
    own date (a course booked today for a later day): the prices are those of its days."""
    dose: Localized | None = field(default=None, metadata=_SCHEMA_2)
    units: int = field(default=1, metadata=_SCHEMA_2)
    unit: UnitName | None = field(default=None, metadata=_SCHEMA_2)
    with_units: tuple[tuple[int, UnitName | None], ...] = field(default=(), metadata=_SCHEMA_2)
    segment: str | tuple[str, ...] | None = field(default=None, metadata=_SCHEMA_2)
    discount_segments: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """Those of ``segment`` with no price of their own in the catalog, only discounts (学割
    10%): the facts name them as a discount's group, never as a price
    (``Catalog.priced_segments``)."""
    fees: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """The optional fees the patient chose (the request's ``fees``)."""
    fee_visits: tuple[int | None, ...] = field(default=(), metadata=_OMITTED)
    """At how many visits each of ``fees`` is chosen (``--fee ID=N``), beside it; ``None`` at
    every visit its rule charges; empty where none gives a count."""
    goods: tuple[tuple[Localized, int, UnitName | None], ...] = field(default=(), metadata=_OMITTED)
    """The goods (物販) bought beside the course, each with how many and its unit: the total
    includes them, so the request's facts say so."""
    goods_monthly: tuple[tuple[Localized, int, UnitName | None], ...] = field(
        default=(), metadata=_OMITTED
    )
    """The goods delivered monthly (定期便), each with its units a month."""
    birth_month: int | None = field(default=None, metadata=_OMITTED)
    """The patient's birth month where the request gave one (a birth-month discount reads it)."""
    bought: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    """Offers limited per patient the patient bought before, each with how many (the request's
    ``bought``, counts above 0): one the patient may buy no more of is missing from the plans,
    so the request's facts say why."""
    enrolled: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """Monthly plans with a first-month price the patient joined before (the request's
    ``bought`` naming a plan): their first month is charged in full, so the request's facts
    say why there is no first-month line. A plan is not limited per patient."""
    sold_out: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """Offers and discounts for the first patients only whose places are gone (the request's
    ``sold_out``), said for the same reason."""
    holding: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    """Sets of sessions the patient holds, each with its sessions left (the request's
    ``holding``): every plan uses them first, so the request's facts say so."""
    across: tuple[CountEntry, ...] = field(default=(), metadata=_OMITTED)
    """For a request of a range of counts, the cheapest way at each (the plan is for the
    top of the range); empty for one count."""
    instalments: tuple[InstalmentEntry, ...] = field(default=(), metadata=_OMITTED)
    """The clinic's instalment loans (``Clinic.instalments``) on the total, each at its longest;
    a loan the total cannot be spread over (too small for its count) is left out."""
    cheapest: Cheapest | None = None
    """Where each way is cheapest (:func:`cheapest`): the plan is the cheapest at the typical
    point, and perhaps not at the others."""
    cheaper: tuple[CheaperAt, ...] = field(default=(), metadata=_OMITTED)
    """The cheapest total at each other price point where another way costs less than the plan
    (:func:`~supecost.report.ways.cheaper_elsewhere`), so the plan's total is not read as the
    most the cheapest way costs; empty where the plan is the cheapest everywhere."""
    valid_until_end: PriceEnd | None = field(default=None, metadata=_OMITTED)
    """Why ``valid_until`` comes before the clinic's ``estimate_valid_days`` are up: the
    chosen plan's price ends then (``campaign``: an offer's or discount's ``valid_until``;
    ``birth_month``: the end of the month a birth-month discount is for); ``None`` when
    the estimate runs its full days."""
    valid_until_by: Localized | None = field(default=None, metadata=_OMITTED)
    """Whose window ``valid_until_end`` is: the offer or discount, or the monthly plan whose
    first-month price or enrollment campaign ends (the estimate names it); ``None`` when
    the estimate runs its full days."""


PriceEnd: TypeAlias = Literal["campaign", "first_month", "enrollment_campaign", "birth_month"]
"""What ends a plan's price: an offer's or discount's last day (``campaign``), a monthly
plan's first-month price's or enrollment campaign's, or the end of a birth month."""


def _price_end(
    catalog: Catalog,
    option: Option,
    on: date,
    months: int | None = None,
    birth_month: int | None = None,
) -> tuple[date, PriceEnd, Localized] | None:
    """The last day the catalog sells an option at its price, why, and the record whose
    window ends it (the offer or discount, or the plan whose first-month price or
    enrollment campaign it is); ``None`` when nothing of it ends.

    Its lines' offers and discounts and the discounts in its unit prices are what
    the price depends on: the earliest ``valid_until`` among them, and for a
    birth-month discount the last day of the month it was priced in (the engine
    gives it in the month of the purchase): the request's, or with ``months`` the
    first month of the course in the patient's ``birth_month``, where a discount on
    units is taken by the month each purchase is paid in.
    """
    used: dict[str, set[LineKind]] = {}
    for line in option.lines:
        used.setdefault(line_item(line.item, line.kind)[0], set()).add(line.kind)
    for discount in option.unit_discounts:
        used.setdefault(discount, set())
    ends: list[tuple[date, PriceEnd, Localized]] = []
    for record in (*catalog.offers, *catalog.discounts):
        if record.id not in used:
            continue
        name = item_name(catalog, record.id)
        ends.extend(
            (last, why, name) for last, why in _window_ends(record, used[record.id], on, months)
        )
        if isinstance(record, Discount) and record.birth_month_only:
            day = _birth_month_day(record, on, months, birth_month)
            last = calendar.monthrange(day.year, day.month)[1]
            ends.append((day.replace(day=last), "birth_month", name))
    # The earliest; on a tie a birth month first (as before the ends were named), then the
    # record's own window, then a plan's first months, then its enrollment campaign.
    order = ("birth_month", "campaign", "first_month", "enrollment_campaign")
    return min(ends, key=lambda end: (end[0], order.index(end[1]))) if ends else None


def _birth_month_day(
    discount: Discount, on: date, months: int | None, birth_month: int | None
) -> date:
    """The date of the month a birth-month discount was priced in: the request's, or with
    months the first month of the course in the birth month, where a purchase in it takes
    the discount by its month (docs/catalog.md, "Sales windows in a course with months")."""
    if months is None or birth_month is None or not discount.taken_by_month:
        return on
    days = (add_months(on, k) for k in range(months))
    return next((day for day in days if day.month == birth_month), on)


def _window_ends(
    record: Offer | Discount, kinds: set[LineKind], on: date, months: int | None = None
) -> Iterator[tuple[date, PriceEnd]]:
    """The last days of the sales windows a record's price on ``on`` is in, each with what
    it ends: its own (``campaign``), a monthly plan's first-month price where the plan's
    lines bill it (``first_month``), and the plan's enrollment campaign where the plan
    may be enrolled in it (``enrollment_campaign``): on ``on``, or with ``months`` in a
    month of the course it holds (the engine prices the enrollment by the month it is
    in, so any such month counts)."""
    windows: list[tuple[Offer | Discount | FirstMonth | EnrollmentCampaign, PriceEnd]] = [
        (record, "campaign")
    ]
    if isinstance(record, Subscription):
        if record.first_month is not None and LineKind.FIRST_MONTH in kinds:
            windows.append((record.first_month, "first_month"))
        campaign = record.enrollment_campaign
        if campaign is not None and (
            campaign.on_sale(on)
            if months is None
            else sale_months(campaign, on, months) is not None
        ):
            windows.append((campaign, "enrollment_campaign"))
    return ((w.valid_until, why) for w, why in windows if w.valid_until is not None)


def _validity(
    catalog: Catalog,
    option: Option,
    on: date,
    issued: date,
    months: int | None = None,
    birth_month: int | None = None,
) -> tuple[date, PriceEnd | None, Localized | None]:
    """An estimate's last valid day: the clinic's days from issue, or sooner where the
    plan's price ends sooner (an estimate never promises a price the catalog withdraws),
    with why and whose window that is."""
    days = issued + dt.timedelta(days=catalog.clinic.estimate_valid_days)
    end = _price_end(catalog, option, on, months, birth_month)
    if end is None or end[0] >= days:
        return days, None, None
    return end


class _Asked(TypedDict):
    """What a request asked besides its session count, as an estimate and a comparison
    carry it: built once, by :func:`_asked`."""

    months: int | None
    first_visit: date | None
    with_: tuple[Localized, ...]
    new_patient: bool
    with_sessions: tuple[int | None, ...]
    history: tuple[tuple[Localized, int], ...]
    last_visit: tuple[tuple[Localized, dt.date], ...]
    dose: Localized | None
    units: int
    unit: UnitName | None
    with_units: tuple[tuple[int, UnitName | None], ...]
    segment: str | tuple[str, ...] | None
    discount_segments: tuple[str, ...]
    fees: tuple[Localized, ...]
    fee_visits: tuple[int | None, ...]
    goods: tuple[tuple[Localized, int, UnitName | None], ...]
    goods_monthly: tuple[tuple[Localized, int, UnitName | None], ...]
    birth_month: int | None
    bought: tuple[tuple[Localized, int], ...]
    enrolled: tuple[Localized, ...]
    sold_out: tuple[Localized, ...]
    holding: tuple[tuple[Localized, int], ...]


def _asked(catalog: Catalog, request: QuoteRequest, treatment: str, issued: date) -> _Asked:
    """The request's facts for a report: the one place an estimate's 「ご希望の内容」 and a
    comparison's facts come from, so the two never list different things. ``issued`` is the
    report's own date: a first visit on it goes without saying."""
    with_units = tuple((units, unit_of(catalog, ref)) for ref, units in request.with_units)
    fee_visits = tuple(request.fee_visits(fee) for fee in request.fee_ids)
    return _Asked(
        months=request.months,
        first_visit=request.first_visit if request.first_visit not in (None, issued) else None,
        with_=tuple(item_name(catalog, t) for t, _ in request.with_units),
        new_patient=request.new_patient,
        with_sessions=request.with_sessions
        if any(n is not None for n in request.with_sessions)
        else (),
        history=tuple((item_name(catalog, t), n) for t, n in sorted(request.history.items())),
        last_visit=tuple(
            (item_name(catalog, ref), day)
            for ref, day in dated_last_visits(catalog, request, treatment)
        ),
        dose=_dose_of(catalog, treatment),
        units=request.units,
        unit=unit_of(catalog, treatment),
        with_units=with_units if any(units > 1 for units, _ in with_units) else (),
        segment=request.segment,
        discount_segments=catalog.discount_segments(as_segments(request.segment)),
        fees=tuple(item_name(catalog, fee) for fee in request.fee_ids),
        fee_visits=fee_visits if any(n is not None for n in fee_visits) else (),
        goods=tuple(
            (item_name(catalog, ref), count, goods_unit(catalog.product(ref)))
            for ref, count in sorted(request.goods.items())
        ),
        goods_monthly=tuple(
            (item_name(catalog, ref), count, goods_unit(catalog.product(ref)))
            for ref, count in sorted(request.goods_monthly.items())
        ),
        birth_month=request.birth_month,
        # ``bought`` names an offer limited per patient, or a plan joined before (whose first
        # month is then in full, resolve.check_bought); a count of 0 is "not bought".
        bought=tuple(
            (item_name(catalog, ref), n)
            for ref, n in sorted(request.bought.items())
            if n > 0 and per_patient(catalog.offer(ref)) is not None
        ),
        enrolled=tuple(
            item_name(catalog, ref)
            for ref, n in sorted(request.bought.items())
            if n > 0 and per_patient(catalog.offer(ref)) is None
        ),
        sold_out=tuple(item_name(catalog, ref) for ref in request.sold_out),
        holding=tuple((item_name(catalog, ref), n) for ref, n in sorted(request.holding.items())),
    )


def dated_last_visits(
    catalog: Catalog, request: QuoteRequest, treatment: str
) -> tuple[tuple[str, dt.date], ...]:
    """The request's last visits (``QuoteRequest.last_visit``) a price rests on: those a
    treatment of the course (``treatment``, the main one, and the request's ``with``) reads,
    its own or its treatment's for a dose (as the engine dates it), where a ladder of it
    holds a step within days of the previous session
    (:attr:`~supecost.catalog.Ladder.gapped`), which dates its course's first session; a
    document states them as the assumption they are (「前回施術日：2026年11月20日」).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> dated_last_visits(reference_catalog(), QuoteRequest(sessions=1, new_patient=False,
        ...     history={"nmn": 2}, last_visit={"nmn": "2026-11-20"}), "nmn")
        ()
    """
    gapped = {
        offer.treatment for offer in catalog.offers if isinstance(offer, Ladder) and offer.gapped
    }
    read: set[str] = set()
    for ref in (treatment, *(t for t, _ in request.with_units)):
        own = (ref, ref.partition(":")[0])
        # A ladder on the treatment serves each of its doses; one on a dose serves it alone.
        if gapped.intersection(own):
            read.update(own)
    return tuple((ref, day) for ref, day in sorted(request.last_visit.items()) if ref in read)


_MAX_FIELD = 80


def _field(value: str | None, what: str, argument: str) -> str | None:
    """An addressee or estimate number as given, trimmed; refused when empty, long or controlled.

    Each fault is its own refusal (``estimate.empty``, ``estimate.too_long``,
    ``estimate.control``), worded in every locale; a long value is named by its length and a
    control character by its place, so no excerpt cut short stands in the sentence. The
    refusal names ``argument``, so a surface can point at its own field for it.
    """
    if value is None:
        return None
    text = value.strip()
    controls = [i for i, ch in enumerate(text, 1) if ch < " " or ch == "\x7f"]
    if text and len(text) <= _MAX_FIELD and not controls:
        return text
    hint = f"give the {what} as one line of up to {_MAX_FIELD} characters"
    params: dict[str, object] = {"kind": what, "limit": _MAX_FIELD}
    if not text:
        code, message = "estimate.empty", f"the {what} is empty"
        hint += f", or leave the {what} out"
    elif len(text) > _MAX_FIELD:
        code = "estimate.too_long"
        params["length"] = f"{len(text):,}"
        message = f"the {what} is {len(text):,} characters long, more than {_MAX_FIELD}"
    else:
        code = "estimate.control"
        params["position"] = controls[0]
        params["char"] = f"U+{ord(text[controls[0] - 1]):04X}"
        message = (
            f"the {what} holds a control character ({params['char']}, such as a line break "
            f"or a tab) at character {controls[0]}"
        )
    raise ReportError(message, hint, ((argument, message),), code=code, params=params)


def _plan(catalog: Catalog, option: Option, main: str, on: date) -> PlanEntry:
    return PlanEntry(
        label=option.label,
        name=way_name(catalog, option.way),
        lines=tuple(line_entry(catalog, line, on) for line in option.lines),
        tax=tuple(
            TaxEntry(
                t.rate,
                t.category,
                t.taxable,
                t.tax,
                t.total,
                t.taxable_points,
                t.tax_points,
                t.total_points,
            )
            for t in option.tax
        ),
        subtotal=option.subtotal,
        total=option.total,
        per_session=option.per_session,
        sessions_bought=option.sessions_bought,
        sessions_unused=option.sessions_unused,
        payments=tuple(PaymentEntry(p.month, p.amount, p.points) for p in option.payments),
        unused=_unused(catalog, option, main),
        units_unused=units_left(catalog, option.unused, main),
        unit_discounts=discount_entries(catalog, option.unit_discounts, on=on),
        plan_months=option.plan_months,
        yearly_once=option.yearly_once,
        dearest_units=option.dearest_units,
        bills=option.bills,
    )


def _unused(catalog: Catalog, option: Option, main: str) -> tuple[UnusedEntry, ...]:
    """Other treatments' sessions an option buys and leaves unused (the main one's are its
    ``sessions_unused``)."""
    return tuple(
        UnusedEntry(item_name(catalog, u.treatment), u.sessions)
        for u in option.unused
        if u.treatment != main
    )


def estimate(
    result: Quote,
    catalog: Catalog,
    *,
    issued: date,
    locale: str = "ja_JP",
    to: str | None = None,
    number: str | None = None,
) -> Estimate:
    """Build the estimate of a quote: the clinic, validity, the chosen plan and the others.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> catalog = reference_catalog()
        >>> result = quote(catalog, QuoteRequest(sessions=5, on=date(2026, 4, 1)))
        >>> estimate(result, catalog, issued=date(2026, 4, 1)).valid_until
        datetime.date(2026, 5, 1)

    Args:
        result: The quote the engine gave for the catalog.
        catalog: The catalog the quote was made from.
        issued: The date the estimate is issued; it is valid for the clinic's
            ``estimate_valid_days`` from then, or until the chosen plan's price ends
            where it ends sooner (a campaign's last day, the end of a birth month).
        locale: The locale the report renders in by default.
        to: The addressee, the patient's name as written (「…様」 is added
            in Japanese, "To:" in English, unless it has its own); none when ``None``.
        number: The clinic's estimate number, such as ``Q-2026-0042``.

    Returns:
        The estimate.

    Raises:
        LocaleError: The locale is neither ``ja_JP`` nor ``en_US``.
        ReportError: The addressee or number is empty, over 80 characters or
            holds control characters.
    """
    addressee = _field(to, "addressee", "to")
    estimate_number = _field(number, "estimate number", "number")
    clinic = _clinic(catalog)
    valid_until, valid_until_end, valid_until_by = _validity(
        catalog, result.best, result.on, issued, result.request.months, result.request.birth_month
    )
    runners = tuple(
        RunnerUp(
            label=option.label,
            name=way_name(catalog, option.way),
            total=option.total,
            difference=difference(option, result.best),
            sessions_unused=option.sessions_unused,
            unused=_unused(catalog, option, result.treatment),
            units_unused=units_left(catalog, option.unused, result.treatment),
        )
        for option in result.options
        if option.way != result.best.way
    )
    return Estimate(
        clinic=clinic,
        issued=issued,
        valid_until=valid_until,
        valid_until_end=valid_until_end,
        valid_until_by=valid_until_by,
        locale=normalize_locale(locale),
        treatment=item_name(catalog, result.treatment),
        sessions=result.sessions,
        on=result.on,
        prices_include_tax=result.prices_include_tax,
        plan=_plan(catalog, result.best, result.treatment, result.on),
        runners_up=runners,
        addressee=addressee,
        number=estimate_number,
        across=tuple(
            CountEntry(
                p.sessions,
                p.best.label,
                way_name(catalog, p.best),
                p.total,
                cheapest_at(p, catalog),
            )
            for p in result.across_sessions
        ),
        **_asked(catalog, result.request, result.treatment, issued),
        cheapest=cheapest(result, catalog),
        cheaper=cheaper_elsewhere(result, catalog),
        instalments=instalment_entries(catalog, result.best.total),
    )


def _payments_of(term: InstalmentTerm, amount: int) -> tuple[int, int]:
    """A loan's usual payment and the one taking the remainder, on ``amount``."""
    amounts = instalments(
        amount,
        term.max_count,
        apr_percent=term.apr,
        addon_rate_percent=term.addon_rate,
        round_unit=term.round_unit,
        remainder=term.remainder,
    ).amounts
    if term.remainder == "last":
        return amounts[0], amounts[-1]
    return amounts[min(1, len(amounts) - 1)], amounts[0]


def instalment_entries(catalog: Catalog, total: YenRange) -> tuple[InstalmentEntry, ...]:
    """The clinic's instalment loans on ``total``: each one's payments at its longest.

    A range's low and high each give their payments; an open-ended high gives none.

    Example:
        >>> from supecost.catalog import parse_catalog
        >>> catalog = parse_catalog(
        ...     'schema_version = 2\\n[clinic]\\nname = "K"\\n'
        ...     'instalments = [{ name = "医療ローン", max_count = 24, apr = "6.9" }]\\n'
        ...     '[[treatments]]\\nid = "a"\\nname = "A"\\nprice = 1000\\n', format="toml")
        >>> (loan,) = instalment_entries(catalog, YenRange.exact(159_500))
        >>> loan.monthly.min, loan.odd.min, loan.term.count  # 24 x 7,133 + 12 = 171,204
        (7133, 7145, 24)
    """
    entries: list[InstalmentEntry] = []
    ends = (total.min,) if total.max in (None, total.min) else (total.min, total.max)
    for term in catalog.clinic.instalments:
        try:
            figures = [_payments_of(term, amount) for amount in ends]
        except SupecostError:
            continue  # a total below one yen a payment, or none: nothing to show
        monthly = [usual for usual, _ in figures]
        odd = [other for _, other in figures]

        def span(values: list[int]) -> YenRange:
            if total.max is None:
                return YenRange.at_least(values[0])
            return YenRange(values[0], values[-1])

        entries.append(
            InstalmentEntry(
                term=loan_term(term),
                monthly=span(monthly),
                odd=None if odd == monthly else span(odd),
                odd_last=term.remainder == "last",
            )
        )
    return tuple(entries)


def _dose_of(catalog: Catalog, ref: str) -> Localized | None:
    """The dose a reference names, as its row on the price list names it."""
    base, _, dose_id = ref.partition(":")
    if not dose_id:
        return None
    treatment = catalog.treatment(base)
    dose = next(dose for dose in treatment.doses if dose.id == dose_id)
    return dose_label(treatment, dose)


# ---------------------------------------------------------------------------
# Comparison


@dataclass(frozen=True, slots=True)
class Way:
    """One way of buying in a comparison."""

    label: str
    name: Localized
    unit_discounts: tuple[DiscountEntry, ...] = field(default=(), metadata=_OMITTED)
    """The per-unit discounts its unit prices include at one session count or more, as the
    price list gives them (:attr:`supecost.Option.unit_discounts`)."""
    dearest_units: bool = field(default=False, metadata=_OMITTED)
    """Whether at one session count or more it prices a treatment's singles and further units
    as in the dearest month (:attr:`supecost.Option.dearest_units`)."""


@dataclass(frozen=True, slots=True)
class ComparisonRow:
    """The total of every way of buying at one session count, and the cheapest."""

    sessions: int
    totals: tuple[YenRange | None, ...]
    best: str
    best_total: YenRange
    unit_discounts: tuple[tuple[str, ...], ...] = field(default=(), metadata=_OMITTED)
    """Beside ``totals``, way by way, the ids of the per-unit discounts its unit prices include
    at this count (:attr:`supecost.Option.unit_discounts`); empty when no way's include any."""
    cheapest: Cheapest | None = None
    """Where each way is cheapest at this count (:func:`cheapest`); ``best`` is the cheapest
    at the typical point only."""


@dataclass(frozen=True, slots=True)
class BreakEvenEntry:
    """From how many sessions a set or plan costs less than singles, as the engine found."""

    label: str
    name: Localized
    sessions: int | None
    checked_up_to: int
    first_month: bool = field(default=False, metadata=_OMITTED)
    """Whether the plan has a first-month price, which the count leaves out (the table's
    totals do not): the report says so (:func:`~supecost.report.words.break_even_assumes`)."""


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every way of buying at every session count from 1 to ``max_sessions``."""

    clinic: ClinicInfo
    locale: str
    treatment: Localized
    on: date
    max_sessions: int
    ways: tuple[Way, ...]
    rows: tuple[ComparisonRow, ...]
    break_even: tuple[BreakEvenEntry, ...]
    months: int | None
    with_: tuple[Localized, ...]
    new_patient: bool
    with_sessions: tuple[int | None, ...] = field(default=(), metadata=_OMITTED)
    history: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    last_visit: tuple[tuple[Localized, dt.date], ...] = field(default=(), metadata=_OMITTED)
    first_visit: date | None = field(default=None, metadata=_OMITTED)
    """As :attr:`Estimate.first_visit`, beside ``on``, the comparison's date."""
    dose: Localized | None = field(default=None, metadata=_OMITTED)
    units: int = field(default=1, metadata=_OMITTED)
    unit: UnitName | None = field(default=None, metadata=_OMITTED)
    with_units: tuple[tuple[int, UnitName | None], ...] = field(default=(), metadata=_OMITTED)
    segment: str | tuple[str, ...] | None = field(default=None, metadata=_OMITTED)
    discount_segments: tuple[str, ...] = field(default=(), metadata=_OMITTED)
    """Those of ``segment`` only discounts are for, as :attr:`Estimate.discount_segments`."""
    fees: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    fee_visits: tuple[int | None, ...] = field(default=(), metadata=_OMITTED)
    """As :attr:`Estimate.fee_visits`."""
    goods: tuple[tuple[Localized, int, UnitName | None], ...] = field(default=(), metadata=_OMITTED)
    goods_monthly: tuple[tuple[Localized, int, UnitName | None], ...] = field(
        default=(), metadata=_OMITTED
    )
    """The goods delivered monthly (定期便), each with its units a month."""
    birth_month: int | None = field(default=None, metadata=_OMITTED)
    bought: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    enrolled: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    sold_out: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """What the request asked besides the counts, as an estimate gives it (「ご希望の内容」)."""
    holding: tuple[tuple[Localized, int], ...] = field(default=(), metadata=_OMITTED)
    """Sets of sessions the patient holds, each with its sessions left (the request's
    ``holding``): every plan uses them first, so the request's facts say so."""
    typical_point: TypicalPoint = TypicalPoint.STATED
    """What the typical point the break-evens compare is made of
    (:class:`supecost.TypicalPoint`)."""
    exempt: tuple[Localized, ...] = field(default=(), metadata=_OMITTED)
    """The non-taxable items the ways price (insured care, DOMAIN §1), which the
    self-pay statement leaves out by name (:func:`~supecost.report.lines.exempt_item`)."""


_FEWER_COUNTS: Final = (
    "compare fewer session counts (a smaller max_sessions; --max-sessions on the command line)"
)


def comparison(
    catalog: Catalog,
    request: QuoteRequest,
    *,
    max_sessions: int = 12,
    locale: str = "ja_JP",
) -> Comparison:
    """Ask the engine for a quote at each session count from 1 to ``max_sessions``.

    The request's own session count is replaced by each count in turn; its
    other fields (treatment, months, add-ons, new patient, date) are kept. A
    set's or plan's break-even point is the engine's, as the quote of the
    request shows it (:class:`supecost.quotes.BreakEven`: the request's months
    and fees, its main treatment alone, before discounts), within the counts
    compared.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> table = comparison(reference_catalog(), QuoteRequest(sessions=1,
        ...     on=date(2026, 4, 1)), max_sessions=6)
        >>> [row.sessions for row in table.rows]
        [1, 2, 3, 4, 5, 6]

    Args:
        catalog: The catalog.
        request: The request whose other fields every count keeps.
        max_sessions: The last session count, from 1 to 100.
        locale: The locale the report renders in by default.

    Returns:
        The comparison.

    Raises:
        ReportError: ``max_sessions`` is out of range.
        RequestError: Pricing every count would be beyond the engine's bound on work
            (``quote`` of the range 1〜``max_sessions`` is refused alike).
        SupecostError: The engine cannot price the request.
    """
    if isinstance(max_sessions, bool) or not isinstance(max_sessions, int):
        raise ReportError(
            f"max_sessions must be a whole number, got {max_sessions!r}", "use 12, for example"
        )
    if not 1 <= max_sessions <= 100:
        raise ReportError(
            f"max_sessions must be from 1 to 100, got {max_sessions}",
            "compare up to 12 sessions, for example",
        )
    day = request.on if request.on is not None else today_in_japan()
    # Every count priced is the work of a range of them: bounded as a quote of the range is,
    # before any is priced (a large catalog took minutes and hundreds of MB without it).
    check_bounds(
        catalog,
        request.model_copy(update={"sessions": SessionRange(min=1, max=max_sessions), "on": day}),
        fewer=_FEWER_COUNTS,
    )
    quotes = [
        quote(catalog, request.model_copy(update={"sessions": count, "on": day}))
        for count in range(1, max_sessions + 1)
    ]
    found: list[Buying] = []
    unit_off: dict[Buying, set[str]] = {}
    dated: set[Buying] = set()
    for each in quotes:
        for option in each.options:
            if option.way not in found:
                found.append(option.way)
            unit_off.setdefault(option.way, set()).update(option.unit_discounts)
            if option.dearest_units:
                dated.add(option.way)
    in_order = [d.id for d in catalog.discounts]
    rows = []
    for each in quotes:
        totals = {option.way: option.total for option in each.options}
        off = {option.way: option.unit_discounts for option in each.options}
        at_count = tuple(tuple(d for d in in_order if d in off.get(way, ())) for way in found)
        rows.append(
            ComparisonRow(
                sessions=each.sessions,
                totals=tuple(totals.get(way) for way in found),
                best=each.best.label,
                best_total=each.best.total,
                unit_discounts=at_count if any(at_count) else (),
                cheapest=cheapest(each, catalog),
            )
        )
    kinds = {each.explanation.typical_point for each in quotes}
    last = quotes[-1]
    return Comparison(
        clinic=_clinic(catalog),
        locale=normalize_locale(locale),
        treatment=item_name(catalog, last.treatment),
        on=day,
        max_sessions=max_sessions,
        ways=tuple(
            Way(
                way.label,
                way_name(catalog, way),
                discount_entries(catalog, [d for d in in_order if d in unit_off[way]], on=last.on),
                dearest_units=way in dated,
            )
            for way in found
        ),
        rows=tuple(rows),
        break_even=_break_even(catalog, last, max_sessions),
        typical_point=kinds.pop() if len(kinds) == 1 else TypicalPoint.MIXED,
        exempt=tuple(
            dict.fromkeys(
                line_entry(catalog, line, each.on).item
                for each in quotes
                for option in each.options
                for line in option.lines
                if exempt_item(line.kind, line.tax is TaxCategory.EXEMPT)
            )
        ),
        **_asked(catalog, last.request, last.treatment, day),
    )


def _break_even(catalog: Catalog, last: Quote, max_sessions: int) -> tuple[BreakEvenEntry, ...]:
    """Each set's and plan's break-even, the engine's (a quote's own), within the counts compared.

    One definition for the quote and the comparison (:class:`supecost.quotes.BreakEven`): the
    request's months and fees, its main treatment alone, before discounts. The table's totals
    include what it leaves out, so they may cross at another count; the report says what the
    break-even assumes.
    """
    result = []
    for point in last.explanation.break_even:
        within = point.within(max_sessions)
        offer = catalog.offer(point.offer)
        way = (
            Buying.bundle(offer.id) if isinstance(offer, Bundle) else Buying.subscription(offer.id)
        )
        result.append(
            BreakEvenEntry(
                label=way.label,
                name=way_name(catalog, way),
                sessions=within.sessions,
                checked_up_to=within.checked_up_to,
                first_month=has_first_month(offer),
            )
        )
    return tuple(result)


Report: TypeAlias = PriceList | Estimate | Comparison
"""Any report :func:`supecost.report.render` renders."""


# A frozen dataclass refuses a change with FrozenInstanceError, no SupecostError: each of
# this module's 26 records refuses it as a catalog's, a request's and a quote's do (one
# decorator, applied here to every one rather than written above each).
for _record in [
    value
    for value in list(globals().values())
    if isinstance(value, type)
    and is_dataclass(value)
    and value.__module__ == __name__
    and value.__dataclass_params__.frozen  # type: ignore[attr-defined]
]:
    refuses_changes(_record)
del _record
