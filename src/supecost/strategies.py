"""Hypothesis strategies for supecost's records, and checks for property tests.

Every strategy here produces objects that validate: amounts within bounds,
ranges with ``min <= typical <= max``, offers that name an existing
treatment, combos whose treatments share a tax category, ids unique across a
catalog, and requests that name only treatments of their catalog. Keyword
bounds take either a value or a strategy of values.

>>> from hypothesis import given, settings
>>> @settings(max_examples=20, database=None)
... @given(catalogs_and_requests())
... def test_every_request_names_a_treatment(pair):
...     catalog, request = pair
...     assert request.treatment is None or catalog.treatment(request.treatment)
>>> test_every_request_names_a_treatment()

This is the only supecost module that imports hypothesis, and ``import
supecost`` never imports it. Installing supecost registers these strategies
with hypothesis (through its ``hypothesis`` entry point), so
``st.from_type(YenRange)`` or ``st.builds(Cart)`` with a ``Catalog`` field
work without importing this module; see ``docs/testing.md``.

Generated catalogs are small by default (a few treatments and offers, short
bundles and plans, prices up to ¥200,000), so an oracle that tries every way
of buying stays fast. They are of schema version 1 unless ``catalogs`` is
asked for version 2 (doses, units per visit, options, segments and joining
fees, sales windows, offers and discounts for the first patients only, scoped
and optional fees, packages and ladders); ``requests`` gives requests valid for
either (for version 2, some of the limited offers and discounts sold out).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any, Final, Literal, NoReturn, Protocol, TypeAlias, TypeVar, cast


def _hypothesis_setup_hook() -> None:
    """Register supecost's strategies with hypothesis; run by hypothesis's entry point.

    Defined before this module imports hypothesis: when a program imports this
    module first, that import runs the entry point, which finds the module half
    loaded. The hook then does nothing, and the module registers its types
    itself once it has finished loading.

    Example:
        >>> from hypothesis import find, strategies as st
        >>> _hypothesis_setup_hook()
        >>> find(st.from_type(YenRange), lambda price: price.min >= 100)
        YenRange(min=100, max=100)
    """
    register: Callable[[], None] | None = globals().get("_register_types")
    if register is not None:
        register()


# The imports below must follow the hook; see its docstring.
from hypothesis import strategies as st  # noqa: E402
from hypothesis.errors import InvalidArgument  # noqa: E402
from hypothesis.strategies import SearchStrategy  # noqa: E402

from supecost.catalog import (  # noqa: E402
    MAX_GOODS,
    MAX_LADDER_PLACE,
    MAX_MONTHS,
    MAX_UNITS,
    AnyOffer,
    Bundle,
    Catalog,
    CellSource,
    Charged,
    Clinic,
    Combo,
    ContractRules,
    Discount,
    Dose,
    EnrollmentCampaign,
    Fee,
    FeeGroup,
    FirstMonth,
    Goods,
    GoodsKind,
    GoodsSubscription,
    InstalmentTerm,
    Intro,
    IntroFor,
    Ladder,
    LadderStep,
    LintSettings,
    LintWaiver,
    Package,
    PackageItem,
    PriceChange,
    Route,
    Segment,
    SharedSet,
    Subscription,
    Treatment,
    TypicalCourse,
)
from supecost.engine import best_total, quote  # noqa: E402
from supecost.engine.explain import BREAK_EVEN_LIMIT  # noqa: E402
from supecost.errors import RequestError  # noqa: E402
from supecost.l10n import format_range, format_yen  # noqa: E402
from supecost.money import MAX_YEN, Rounding, Scenario, YenRange, sum_ranges, yen  # noqa: E402
from supecost.quotes import (  # noqa: E402
    MAX_HISTORY,
    MAX_RANGE_COUNTS,
    MAX_SESSIONS,
    MAX_VISIT_TREATMENTS,
    BreakEven,
    Explanation,
    FeeChoice,
    Line,
    LineKind,
    Option,
    Payment,
    PointValues,
    Quote,
    QuoteRequest,
    SessionPoint,
    SessionRange,
    TaxLine,
    TypicalPoint,
    Unserved,
    UnservedReason,
    Unused,
    Way,
    WithEntry,
)
from supecost.tax import TaxCategory, effective_category, invoice_tax  # noqa: E402

__all__ = [
    "DEFAULT_MAX_PRICE",
    "ID_PATTERN",
    "Pricer",
    "assert_consistent",
    "assert_no_cheaper_mix",
    "bundles",
    "catalogs",
    "catalogs_and_requests",
    "clinics",
    "combos",
    "discounts",
    "doses",
    "fees",
    "goods",
    "ids",
    "intros",
    "ladders",
    "packages",
    "requests",
    "session_ranges",
    "subscriptions",
    "treatments",
    "yen_amounts",
    "yen_ranges",
]

DEFAULT_MAX_PRICE: Final = 200_000
"""The highest price the strategies draw unless told otherwise: ¥200,000."""

ID_PATTERN: Final = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
"""The pattern every catalog id matches: lowercase letters, digits and inner hyphens."""

_FIRST_DAY: Final = date(2019, 10, 1)
_LAST_DAY: Final = date(2030, 12, 31)
_ONE_DAY: Final = timedelta(days=1)
"""Dates are drawn from the reduced-rate era (10% and 8%), which the engine always supports."""

_T = TypeVar("_T")
_Bound: TypeAlias = _T | SearchStrategy[_T]

_TREATMENT_NAMES: Final = (
    "幹細胞培養上清液点滴",
    "NMN点滴",
    "白玉点滴",
    "プラセンタ注射",
    "Vitamin C drip",
    "Exosome nasal spray",
)
_FEE_NAMES: Final = ("初診料", "再診料", "Consultation", "Blood test")
_GOODS_NAMES: Final = (
    ("ホームケア美容液", "本", "bottle", GoodsKind.COSMETIC),
    ("Sunscreen", None, None, GoodsKind.COSMETIC),
    ("NMNサプリ 30日分", "箱", "box", GoodsKind.FOOD),
    ("ビタミンCサプリ", "袋", None, GoodsKind.FOOD),
    ("薬用美白クリーム", "本", "tube", GoodsKind.QUASI_DRUG),
    ("トラネキサム酸錠", "箱", "box", GoodsKind.DRUG),
    ("シャンプーブラシ", None, None, GoodsKind.OTHER),
)
"""Goods as a menu sells them: each name with the kind it is, which decides its rate
(DOMAIN §1: a supplement is food, 8%; a cosmetic or a drug 10%); an ``other`` item any."""
_FEE_GROUP_NAMES: Final = (("出張費", "Home visit"), ("検査", None), ("<b>出張</b>費", None))
"""Names of groups of optional fees, one with markup: catalog text is untrusted."""
_OFFER_NAMES: Final = (
    ("5回コース", "5-session course"),
    ("冬のキャンペーン", "Winter campaign"),
    ("<b>初回</b>お試し", None),
    ("会員プラン", "Member plan"),
)
"""Offers' names as a menu prints them, one with markup: catalog text is untrusted."""
_NOTES: Final = (
    ("効果には個人差があります", None),
    ("<script>alert(1)</script>", None),
    ("要予約・キャンセル料あり", None),
)
_RISKS: Final = (("内出血、発熱、倦怠感", "Bruising, fever, fatigue"), ("注射部位の痛み", None))
_DISCLOSURES: Final = (
    ("obtained", ("国内の製造業者から購入", "Bought from a domestic maker")),
    ("domestic_equivalent", ("国内で承認された同等品はありません", "No approved equivalent")),
    ("foreign_safety", ("重篤な副作用の報告は確認されていません", "No serious reports")),
)
"""An unapproved product's three disclosures (DOMAIN §5), each with its English."""
_CONTACTS: Final = ("03-0000-0000", "受付（平日10〜19時）", "<a href=x>予約</a>")
_DISCOUNT_NAMES: Final = ("秋の10%オフ", "紹介割引", "Member discount", "Opening offer")
_DOSE_UNITS: Final = ("cc", "mg", "g", "ml")
_SEGMENTS: Final = ("member", "vip")
_MAX_UNITS: Final = st.none() | st.integers(1, 5)


def _as_strategy(value: _T | SearchStrategy[_T]) -> SearchStrategy[_T]:
    """A strategy as it is, and any other value as a strategy that always gives it."""
    if isinstance(value, SearchStrategy):
        return value
    return st.just(value)


def _check_bounds(low: object, high: object, name: str) -> None:
    """Refuse bounds given as plain values in the wrong order, before any drawing."""
    if isinstance(low, SearchStrategy) or isinstance(high, SearchStrategy):
        return
    if isinstance(low, int) and isinstance(high, int) and low > high:
        raise InvalidArgument(f"min_{name}={low!r} is above max_{name}={high!r}; swap them")


def _check_within(value: object, name: str, low: int, high: int | None = None) -> None:
    """Refuse a plain value outside what a request allows, before any drawing."""
    if isinstance(value, SearchStrategy) or value is None:
        return
    if not isinstance(value, int) or value < low or (high is not None and value > high):
        upper = "" if high is None else f" to {high:,}"
        raise InvalidArgument(f"{name}={value!r} must be a whole number from {low}{upper}")


def _check_schema(schema_version: object) -> None:
    if schema_version not in (1, 2):
        raise InvalidArgument(f"schema_version={schema_version!r} must be 1 or 2")


def _check_amount(value: object, name: str) -> None:
    if not isinstance(value, SearchStrategy):
        yen(value, name)


def _bounded(draw: st.DrawFn, low: _Bound[int], high: _Bound[int], *, floor: int) -> int:
    """Draw a bound pair (values or strategies), put it in order, and draw between.

    Drawn bounds are ordered rather than refused, so that two independent
    strategies for the bounds always give a valid range; ``floor`` keeps the
    lower bound at a model's minimum.
    """
    first, second = draw(_as_strategy(low)), draw(_as_strategy(high))
    first, second = max(first, floor), max(second, floor)
    lower, upper = min(first, second), max(first, second)
    return draw(st.integers(lower, upper))


@st.composite
def _built(draw: st.DrawFn, build: Callable[[st.DrawFn], _T]) -> _T:
    """A strategy that runs ``build`` with hypothesis's ``draw``.

    ``st.composite`` inspects the source of the function it wraps, which costs
    about a millisecond; wrapping each public strategy's builder once here
    keeps that cost out of every call (and out of registering the strategies).
    """
    return build(draw)


@st.composite
def _drawn_ints(draw: st.DrawFn, low: _Bound[int], high: _Bound[int], floor: int) -> int:
    return _bounded(draw, low, high, floor=floor)


def _ints(low: _Bound[int], high: _Bound[int], *, floor: int) -> SearchStrategy[int]:
    """Integers between bounds given as values or strategies, never below ``floor``."""
    if isinstance(low, SearchStrategy) or isinstance(high, SearchStrategy):
        return _drawn_ints(low, high, floor)
    return st.integers(max(low, floor), max(high, floor))


# ---------------------------------------------------------------------------
# Amounts and ranges


def yen_amounts(
    min_value: int | SearchStrategy[int] = 0,
    max_value: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
) -> SearchStrategy[int]:
    """Whole-yen amounts between two bounds; examples shrink towards ``min_value`` (¥0).

    Example:
        >>> from hypothesis import find
        >>> find(yen_amounts(), lambda amount: amount >= 1_000)
        1000

    Args:
        min_value: The smallest amount, or a strategy for it.
        max_value: The largest amount, or a strategy for it. Bounds drawn from
            strategies are put in order rather than refused.

    Returns:
        A strategy of ``int`` amounts.

    Raises:
        InvalidArgument: Plain bounds are out of order.
        YenTypeError: A plain bound is not an ``int``.
        YenValueError: A plain bound is beyond :data:`~supecost.money.MAX_YEN`.
    """
    _check_amount(min_value, "min_value")
    _check_amount(max_value, "max_value")
    _check_bounds(min_value, max_value, "value")
    return _ints(min_value, max_value, floor=-MAX_YEN)


@st.composite
def _yen_ranges(
    draw: st.DrawFn,
    min_value: _Bound[int],
    max_value: _Bound[int],
    open_ended: SearchStrategy[bool],
    with_typical: SearchStrategy[bool],
) -> YenRange:
    first, second = draw(_as_strategy(min_value)), draw(_as_strategy(max_value))
    floor, ceiling = min(first, second), max(first, second)
    low = draw(st.integers(floor, ceiling))
    # Draw the max even for an open range, so that both kinds take the same number of
    # choices and examples shrink to the closed one (hypothesis prefers fewer choices).
    high = draw(st.integers(low, ceiling))
    if draw(open_ended):
        # An open range has no max, so its typical may lie anywhere up to the ceiling.
        typical = draw(st.integers(low, ceiling)) if draw(with_typical) else None
        return YenRange(low, None, typical)
    typical = draw(st.integers(low, high)) if draw(with_typical) else None
    return YenRange(low, high, typical)


def yen_ranges(
    min_value: int | SearchStrategy[int] = 0,
    max_value: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    *,
    open_ended: bool | SearchStrategy[bool] | None = None,
    with_typical: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[YenRange]:
    """Yen ranges within two bounds, closed or open-ended, with or without a typical value.

    Examples shrink towards the exact range at ``min_value`` (¥0) with no typical.

    Example:
        >>> from hypothesis import find
        >>> find(yen_ranges(), lambda price: price.is_open and price.typical is not None)
        YenRange(min=0, max=None, typical=0)

    Args:
        min_value: The lowest ``min``, or a strategy for it.
        max_value: The highest ``max`` and ``typical``, or a strategy for it.
        open_ended: Whether the range has no ``max``; drawn when ``None``.
        with_typical: Whether the range has a ``typical``; drawn when ``None``.

    Returns:
        A strategy of :class:`~supecost.money.YenRange`.

    Raises:
        InvalidArgument: Plain bounds are out of order.
        YenTypeError: A plain bound is not an ``int``.
    """
    _check_amount(min_value, "min_value")
    _check_amount(max_value, "max_value")
    _check_bounds(min_value, max_value, "value")
    return _yen_ranges(
        min_value,
        max_value,
        st.booleans() if open_ended is None else _as_strategy(open_ended),
        st.booleans() if with_typical is None else _as_strategy(with_typical),
    )


def _prices(max_price: _Bound[int], ranges: _Bound[bool]) -> SearchStrategy[YenRange]:
    """Prices from ¥0: exact amounts first (so examples shrink to them), ranges when allowed."""
    exact = yen_amounts(0, max_price).map(YenRange.exact)
    if ranges is False:
        return exact
    ranged = yen_ranges(0, max_price)
    if ranges is True:
        return st.one_of(exact, ranged)
    flag: SearchStrategy[bool] = _as_strategy(ranges)
    return flag.flatmap(lambda allowed: st.one_of(exact, ranged) if allowed else exact)


@functools.lru_cache(maxsize=64)
def _plain_prices(max_price: int, ranges: bool) -> SearchStrategy[YenRange]:
    """Prices for plain bounds, built once: a strategy is validated the first time it draws."""
    return _prices(max_price, ranges)


@functools.lru_cache(maxsize=64)
def _plain_optional_prices(max_price: int, ranges: bool) -> SearchStrategy[YenRange | None]:
    return st.none() | _plain_prices(max_price, ranges)


def _some_prices(max_price: _Bound[int], ranges: _Bound[bool]) -> SearchStrategy[YenRange]:
    """Prices as :func:`_prices` draws them, built once for plain bounds."""
    if isinstance(max_price, int) and isinstance(ranges, bool):
        return _plain_prices(max_price, ranges)
    return _prices(max_price, ranges)


def _maybe_prices(max_price: _Bound[int], ranges: _Bound[bool]) -> SearchStrategy[YenRange | None]:
    """Prices or ``None``, built once for plain bounds."""
    if isinstance(max_price, int) and isinstance(ranges, bool):
        return _plain_optional_prices(max_price, ranges)
    return st.none() | _prices(max_price, ranges)


def session_ranges(
    min_value: int | SearchStrategy[int] = 1,
    max_value: int | SearchStrategy[int] = 8,
) -> SearchStrategy[SessionRange]:
    """Session-count ranges (「3〜6回」) within two bounds; examples shrink towards 1〜1.

    Example:
        >>> from hypothesis import find
        >>> find(session_ranges(), lambda counts: counts.max > counts.min)
        SessionRange(min=1, max=2)

    Args:
        min_value: The lowest count (at least 1), or a strategy for it.
        max_value: The highest count, or a strategy for it; a range spans at most 100 counts.

    Returns:
        A strategy of :class:`~supecost.quotes.SessionRange`.

    Raises:
        InvalidArgument: Plain bounds are out of order.
    """
    _check_bounds(min_value, max_value, "value")

    def build(draw: st.DrawFn) -> SessionRange:

        first = min(max(draw(_as_strategy(min_value)), 1), MAX_SESSIONS)
        second = min(max(draw(_as_strategy(max_value)), 1), MAX_SESSIONS)
        low = draw(st.integers(min(first, second), max(first, second)))
        high = draw(st.integers(low, min(max(first, second), low + MAX_RANGE_COUNTS - 1)))
        return SessionRange(min=low, max=high)

    return _built(build)


def ids() -> SearchStrategy[str]:
    """Catalog ids (``sup-iv-5``): examples shrink towards ``"0"``.

    Example:
        >>> import re
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=20, database=None)
        ... @given(ids())
        ... def test_ids_match_the_pattern(text):
        ...     assert re.match(ID_PATTERN, text)
        >>> test_ids_match_the_pattern()

    Returns:
        A strategy of ids matching :data:`ID_PATTERN`.
    """
    return st.from_regex(r"\A[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?\Z", fullmatch=True)


# ---------------------------------------------------------------------------
# Records


def _categories(tax: _Bound[TaxCategory] | None) -> SearchStrategy[TaxCategory]:
    if tax is None:
        # Listed standard first so that examples shrink towards it.
        return st.sampled_from(list(TaxCategory))
    return _as_strategy(tax)


@st.composite
def _typical_courses(draw: st.DrawFn) -> TypicalCourse:
    """A treatment's usual course: 1 to 10 sessions, perhaps over 1 to 12 months."""
    months = draw(st.none() | st.integers(1, 12))
    return TypicalCourse(sessions=draw(st.integers(1, 10)), months=months)


def treatments(
    *,
    id: str | SearchStrategy[str] | None = None,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    tax: TaxCategory | SearchStrategy[TaxCategory] | None = None,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
) -> SearchStrategy[Treatment]:
    """Treatments with a single-session price; examples shrink towards a plain ¥0 treatment.

    The shrunk example is standard-rated, exactly ¥0, with no optional fields.

    Example:
        >>> from hypothesis import find
        >>> find(treatments(id="nmn", ranges=False), lambda t: t.price.min >= 20_000).price
        YenRange(min=20000, max=20000)

    Args:
        id: The id, or a strategy for it; drawn with :func:`ids` when ``None``.
        price: The price, or a strategy for it; drawn from ¥0 to ``max_price`` when ``None``.
        tax: The tax category, or a strategy for it; any category when ``None``.
        max_price: The highest price drawn when ``price`` is ``None``.
        ranges: Whether drawn prices may be ranges rather than exact amounts.

    Returns:
        A strategy of :class:`~supecost.catalog.Treatment`.
    """
    _check_amount(max_price, "max_price")

    def build(draw: st.DrawFn) -> Treatment:

        course = draw(st.none() | _typical_courses())
        return Treatment(
            id=draw(ids() if id is None else _as_strategy(id)),
            name=draw(st.sampled_from(_TREATMENT_NAMES)),
            price=draw(_prices(max_price, ranges) if price is None else _as_strategy(price)),
            tax=draw(_categories(tax)),
            route=draw(st.none() | st.sampled_from(list(Route))),
            cell_source=draw(st.none() | st.sampled_from(list(CellSource))),
            typical_course=course,
        )

    return _built(build)


def doses(
    *,
    id: str | SearchStrategy[str] | None = None,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    segments: Sequence[str] = (),
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
) -> SearchStrategy[Dose]:
    """Doses of a treatment (1cc, 20g; schema 2); examples shrink towards 1 unit at ¥0.

    The shrunk dose has no extra-unit price and no segment prices.

    Example:
        >>> from hypothesis import find
        >>> dose = find(doses(id="2cc", segments=["member"]), lambda d: d.segment_prices)
        >>> dose.id, dict(dose.segment_prices)
        ('2cc', {'member': YenRange(min=0, max=0)})

    Args:
        id: The dose's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        price: The price of a session at this dose, or a strategy for it.
        segments: The clinic's segments a dose may have its own prices for.
        max_price: The highest price drawn.
        ranges: Whether drawn prices may be ranges.

    Returns:
        A strategy of :class:`~supecost.catalog.Dose`.
    """

    def build(draw: st.DrawFn) -> Dose:

        return _dose(
            draw,
            draw(ids() if id is None else _as_strategy(id)),
            draw(st.integers(1, 1000)),
            None if price is None else draw(_as_strategy(price)),
            segments,
            max_price,
            ranges,
        )

    return _built(build)


def _dose(
    draw: st.DrawFn,
    dose_id: str,
    amount: int,
    price: YenRange | None,
    segments: Sequence[str],
    max_price: _Bound[int],
    ranges: _Bound[bool],
) -> Dose:
    drawn = draw(_some_prices(max_price, ranges)) if price is None else price
    extra = draw(_maybe_prices(max_price, ranges))
    return Dose(
        id=dose_id,
        amount=amount,
        price=drawn,
        extra_unit_price=extra,
        extra_unit_segment_prices=_extra_unit_segment_prices(
            draw, extra, segments, max_price, ranges
        ),
        segment_prices=_segment_prices(draw, segments, max_price, ranges),
    )


def _segment_prices(
    draw: st.DrawFn, segments: Sequence[str], max_price: _Bound[int], ranges: _Bound[bool]
) -> dict[str, YenRange]:
    """Own prices for a drawn few of the segments (none when the clinic has none)."""
    prices = _some_prices(max_price, ranges)
    return {segment: draw(prices) for segment in _subset(draw, segments)}


def _extra_unit_segment_prices(
    draw: st.DrawFn,
    extra: YenRange | None,
    segments: Sequence[str],
    max_price: _Bound[int],
    ranges: _Bound[bool],
) -> dict[str, YenRange]:
    """Own further-unit prices for some segments: only beside an ``extra_unit_price``."""
    return {} if extra is None else _segment_prices(draw, segments, max_price, ranges)


def _offer_price(
    price: _Bound[YenRange] | None, max_price: _Bound[int], ranges: _Bound[bool]
) -> SearchStrategy[YenRange]:
    return _some_prices(max_price, ranges) if price is None else _as_strategy(price)


_Counts: TypeAlias = Literal["sessions", "units", "amount"]
_COUNTS: Final[tuple[_Counts, ...]] = ("sessions", "units")
"""What a drawn set counts: visits, or units (a unit ticket); a catalog's draws a ticket on
doses counting their amount too (``"amount"``), which needs doses of whole amounts."""


def bundles(
    treatment_id: str | SearchStrategy[str] = "sup-iv",
    *,
    id: str | SearchStrategy[str] | None = None,
    min_sessions: int | SearchStrategy[int] = 2,
    max_sessions: int | SearchStrategy[int] = 6,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
    counts: _Counts | SearchStrategy[_Counts] = "sessions",
    schema_version: int = 1,
    segments: Sequence[str] = (),
) -> SearchStrategy[Bundle]:
    """Bundles (回数券): examples shrink towards ``min_sessions`` sessions at ¥0, no validity.

    With ``schema_version=2`` a set may also have what schema 2 adds, each shrinking
    away: a sales window, places for the first N patients (``first_n``), a limit per
    patient (``per_patient``, never for a unit ticket), prices for some of ``segments``,
    and a name and note as a menu prints them: a campaign to add to a catalog of yours.

    Example:
        >>> from hypothesis import find
        >>> find(bundles(id="set"), lambda b: b.valid_months is not None).valid_months
        1

    Args:
        treatment_id: The treatment the bundle sells, or a strategy for it.
        id: The bundle's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        min_sessions: The fewest sessions in the set.
        max_sessions: The most sessions in the set.
        price: The set's price, or a strategy for it; drawn up to ``max_price`` when ``None``.
        max_price: The highest price drawn.
        ranges: Whether drawn prices may be ranges.
        counts: What the set counts, ``"sessions"`` or ``"units"`` (a unit ticket, 本数券,
            schema 2), ``"amount"`` (its treatment's doses' amount, schema 2; the catalog
            refuses it on a treatment without doses of whole amounts), or a strategy for it.
        schema_version: 2 to draw what schema 2 adds (above); 1, the default, for none.
        segments: The clinic's segments the set may have its own prices for (schema 2).

    Returns:
        A strategy of :class:`~supecost.catalog.Bundle`.

    Raises:
        InvalidArgument: Plain session bounds are out of order.
    """
    _check_bounds(min_sessions, max_sessions, "sessions")
    _check_schema(schema_version)

    def build(draw: st.DrawFn) -> Bundle:

        drawn = Bundle(
            kind="bundle",
            id=draw(ids() if id is None else _as_strategy(id)),
            treatment=draw(_as_strategy(treatment_id)),
            sessions=min(draw(_ints(min_sessions, max_sessions, floor=1)), 1000),
            price=draw(_offer_price(price, max_price, ranges)),
            valid_months=draw(st.none() | st.integers(1, 24)),
            counts=draw(_as_strategy(counts)),
        )
        if schema_version == 1:
            return drawn
        return _schema_two_offer(draw, drawn, segments, max_price, ranges)

    return _built(build)


def subscriptions(
    treatment_id: str | SearchStrategy[str] = "sup-iv",
    *,
    id: str | SearchStrategy[str] | None = None,
    monthly_fee: YenRange | SearchStrategy[YenRange] | None = None,
    max_sessions_per_month: int | SearchStrategy[int] = 3,
    max_min_months: int | SearchStrategy[int] = 6,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
    schema_version: int = 1,
    segments: Sequence[str] = (),
) -> SearchStrategy[Subscription]:
    """Monthly plans (月額プラン); examples shrink towards one session a month for ¥0.

    The shrunk plan has a one-month minimum term, no enrolment fee, no extra
    sessions and no early-termination fee. With ``schema_version=2`` a plan
    may also have an enrollment campaign, a first-month price (初月無料), a sales
    window, places for the first N patients, prices for some of ``segments``,
    unused sessions carried over to the next month (``carry_over``) and a name
    and note, each shrinking away.

    Example:
        >>> from hypothesis import find
        >>> plan = find(subscriptions(id="m"), lambda p: p.extra_session_price is not None)
        >>> plan.sessions_per_month, plan.min_months, plan.extra_session_price
        (1, 1, YenRange(min=0, max=0))

    Args:
        treatment_id: The treatment the plan sells, or a strategy for it.
        id: The plan's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        monthly_fee: The fee, or a strategy for it; drawn up to ``max_price`` when ``None``.
        max_sessions_per_month: The largest monthly allowance drawn.
        max_min_months: The longest minimum term drawn.
        max_price: The highest fee or price drawn.
        ranges: Whether drawn prices may be ranges.
        schema_version: 2 to draw what schema 2 adds (above); 1, the default, for none.
        segments: The clinic's segments the plan may have its own prices for (schema 2).

    Returns:
        A strategy of :class:`~supecost.catalog.Subscription`.
    """
    _check_schema(schema_version)

    def build(draw: st.DrawFn) -> Subscription:

        prices = _prices(max_price, ranges)
        drawn = Subscription(
            kind="subscription",
            id=draw(ids() if id is None else _as_strategy(id)),
            treatment=draw(_as_strategy(treatment_id)),
            monthly_fee=draw(_offer_price(monthly_fee, max_price, ranges)),
            sessions_per_month=draw(_ints(1, max_sessions_per_month, floor=1)),
            min_months=min(draw(_ints(1, max_min_months, floor=1)), 120),
            enrollment_fee=draw(st.just(YenRange.exact(0)) | prices),
            extra_session_price=draw(st.none() | prices),
            early_termination_fee=draw(st.none() | prices),
        )
        if schema_version == 1:
            return drawn
        return _schema_two_offer(draw, drawn, segments, max_price, ranges)

    return _built(build)


def intros(
    treatment_id: str | SearchStrategy[str] = "sup-iv",
    *,
    id: str | SearchStrategy[str] | None = None,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    max_sessions: int | SearchStrategy[int] = 3,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
    for_: IntroFor | SearchStrategy[IntroFor] = IntroFor.NEW_PATIENT,
    sold_whole: bool | SearchStrategy[bool] = False,
    schema_version: int = 1,
    segments: Sequence[str] = (),
) -> SearchStrategy[Intro]:
    """First-time prices (初回限定); examples shrink towards one session at ¥0.

    With ``schema_version=2`` the price may also have a sales window, places for
    the first N patients (先着20名様), prices for some of ``segments`` and a name
    and note, each shrinking away.

    Example:
        >>> from hypothesis import find
        >>> find(intros(id="first"), lambda i: i.sessions > 1).sessions
        2
        >>> anyone = intros(id="trial", for_=st.sampled_from(list(IntroFor)))
        >>> find(anyone, lambda i: i.for_ is IntroFor.FIRST_TIME).for_
        <IntroFor.FIRST_TIME: 'first_time'>
        >>> find(intros(id="set", sold_whole=True), lambda i: i.sessions > 1).sold_whole
        True

    Args:
        treatment_id: The treatment the offer sells, or a strategy for it.
        id: The offer's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        price: The price of each first session, or a strategy for it.
        max_sessions: The most sessions at the first-time price.
        max_price: The highest price drawn.
        ranges: Whether drawn prices may be ranges.
        for_: Who the price is for, or a strategy for it: a new patient (the
            default, schema 1's only choice), or ``IntroFor.FIRST_TIME``, a
            patient who never had the treatment (schema 2).
        sold_whole: Whether the price is for all its sessions bought whole, or a
            strategy for it (schema 2); ``False``, a price per session, by default.
        schema_version: 2 to draw what schema 2 adds (above); 1, the default, for none.
        segments: The clinic's segments the price may have its own prices for (schema 2).

    Returns:
        A strategy of :class:`~supecost.catalog.Intro`.
    """
    _check_schema(schema_version)

    def build(draw: st.DrawFn) -> Intro:

        drawn = Intro(
            kind="intro",
            id=draw(ids() if id is None else _as_strategy(id)),
            treatment=draw(_as_strategy(treatment_id)),
            price=draw(_offer_price(price, max_price, ranges)),
            sessions=min(draw(_ints(1, max_sessions, floor=1)), 1000),
            for_=draw(_as_strategy(for_)),
            sold_whole=draw(_as_strategy(sold_whole)),
        )
        if schema_version == 1:
            return drawn
        return _schema_two_offer(draw, drawn, segments, max_price, ranges)

    return _built(build)


def _refs_and_id(treatment: Treatment) -> list[str]:
    """What an offer may name of a treatment: the treatment alone (any dose), or each dose."""
    return list(dict.fromkeys([treatment.id, *_refs_of(treatment)]))


@st.composite
def _package(
    draw: st.DrawFn,
    members: Sequence[Treatment],
    id_strategy: SearchStrategy[str],
    max_items: int,
    max_sessions: _Bound[int],
    price: _Bound[YenRange] | None,
    max_price: _Bound[int],
    ranges: _Bound[bool],
    segments: Sequence[str],
) -> Package:

    if not members:
        raise InvalidArgument("a package needs at least one treatment to contain")
    # Prices first and the contents last, which helps examples shrink to ¥0 and one item.
    package_id = draw(id_strategy)
    package_price = draw(_offer_price(price, max_price, ranges))
    intro_price = draw(_maybe_prices(max_price, ranges))
    valid_months = draw(st.none() | st.integers(1, 24))
    segment_prices = _segment_prices(draw, segments, max_price, ranges)
    # Each treatment at most once (so that no package names a treatment and its dose), all
    # of the first one's tax category. Drawn the same way whatever the categories, so that
    # examples shrink towards the first treatment alone.
    last = len(members) - 1
    first = members[draw(st.integers(0, last))]
    alike = [t for t in members if t.tax is first.tax and t is not first]
    chosen = [first]
    for position in draw(st.lists(st.integers(0, last), max_size=max_items - 1, unique=True)):
        other = alike[position % len(alike)] if alike else first
        if other not in chosen:
            chosen.append(other)
    contents = tuple(
        PackageItem(
            treatment=draw(st.sampled_from(_refs_and_id(treatment))),
            sessions=min(draw(_ints(1, max_sessions, floor=1)), 1000),
        )
        for treatment in chosen
    )
    return Package(
        kind="package",
        id=package_id,
        contents=contents,
        price=package_price,
        intro_price=intro_price,
        valid_months=valid_months,
        segment_prices=segment_prices,
    )


@st.composite
def _shared_set(
    draw: st.DrawFn,
    members: Sequence[Treatment],
    id_strategy: SearchStrategy[str],
    max_sessions: _Bound[int],
    max_price: _Bound[int],
    ranges: _Bound[bool],
    segments: Sequence[str],
) -> SharedSet:
    """A shared set (共通回数券) over two or three of ``members`` taxed alike (each named once,
    alone or by a dose); one treatment taxed like no other gives a set of two of its doses
    where it has them; ``members`` hold such a pair or dose (:func:`_shareable`)."""
    shared_id = draw(id_strategy)
    price = draw(_offer_price(None, max_price, ranges))
    valid_months = draw(st.none() | st.integers(1, 24))
    segment_prices = _segment_prices(draw, segments, max_price, ranges)
    able = [t for t in members if _shareable([t]) or any(_alike(t, o) for o in members)]
    first = able[draw(st.integers(0, len(able) - 1))]
    alike = [t for t in members if _alike(first, t)]
    least = 1 if alike and len(first.doses) < 2 else 0
    chosen = (
        [first, *draw(st.lists(st.sampled_from(alike), min_size=least, max_size=2, unique_by=id))]
        if alike
        else [first]
    )
    refs = [draw(st.sampled_from(_refs_and_id(t))) for t in chosen]
    if len(refs) == 1:
        refs = list(_refs_of(first))[:2]
    return SharedSet(
        kind="shared",
        id=shared_id,
        treatments=tuple(refs),
        sessions=draw(_ints(2, max_sessions, floor=2)),
        price=price,
        valid_months=valid_months,
        segment_prices=segment_prices,
    )


def _shareable(members: Sequence[Treatment]) -> bool:
    """Whether a shared set can be drawn: two treatments taxed alike, or a treatment of two
    doses (each with the other's tax category, so a set of them is one line)."""
    return any(len(t.doses) >= 2 or any(_alike(t, o) for o in members) for t in members)


def _alike(first: Treatment, other: Treatment) -> bool:
    """Whether a shared set may hold both: two treatments of one tax category."""
    return other is not first and other.tax is first.tax


def packages(
    treatments: Sequence[Treatment] | SearchStrategy[Sequence[Treatment]],
    *,
    id: str | SearchStrategy[str] | None = None,
    max_items: int = 3,
    max_sessions: int | SearchStrategy[int] = 5,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
    segments: Sequence[str] = (),
    campaign: bool = False,
) -> SearchStrategy[Package]:
    """Packages (コース, schema 2); examples shrink towards one session of one treatment at ¥0.

    The contents are treatments of one tax category (each named once, alone or
    by one of its doses), each with its sessions; the shrunk package has no
    first-time price, no validity and no segment prices. With ``campaign=True``
    a package may also have a sales window, places for the first N patients, a
    limit per patient (お一人様1回限り) and a name and note as a menu prints
    them, each shrinking away.

    Example:
        >>> from hypothesis import find
        >>> from supecost.catalog import Treatment
        >>> pair = [Treatment(id="a", name="A", price=1000),
        ...         Treatment(id="b", name="B", price=2000)]
        >>> body = find(packages(pair, id="body"), lambda p: len(p.contents) == 2)
        >>> body.treatments, body.sessions_of("b"), body.price
        (('a', 'b'), 1, YenRange(min=0, max=0))

    Args:
        treatments: The treatments to choose the contents from (at least one),
            or a strategy for them; the contents share the tax category of
            one of them.
        id: The package's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        max_items: The most treatments in one package (from 1 to 10).
        max_sessions: The most sessions of each treatment in one package.
        price: The package's price, or a strategy for it; drawn up to ``max_price`` when ``None``.
        max_price: The highest price, first-time price or segment price drawn.
        ranges: Whether drawn prices may be ranges.
        segments: The clinic's segments a package may have its own prices for.
        campaign: Whether to draw a campaign's conditions (above); none by default.

    Returns:
        A strategy of :class:`~supecost.catalog.Package`.

    Raises:
        InvalidArgument: No treatments are given, ``max_items`` is not from 1
            to 10, or a plain ``max_sessions`` is not from 1 to 1,000.
    """
    _check_within(max_items, "max_items", 1, 10)
    _check_within(max_sessions, "max_sessions", 1, 1000)
    _check_amount(max_price, "max_price")
    if not isinstance(treatments, SearchStrategy) and not treatments:
        raise InvalidArgument("packages() needs at least one treatment to contain")
    package_id = ids() if id is None else _as_strategy(id)
    if not isinstance(treatments, SearchStrategy):
        # Drawn directly, not through a flatmap, which shrinks poorly.
        drawn = _package(
            treatments, package_id, max_items, max_sessions, price, max_price, ranges, segments
        )
    else:
        drawn = treatments.flatmap(
            lambda members: _package(
                members, package_id, max_items, max_sessions, price, max_price, ranges, segments
            )
        )
    if not campaign:
        return drawn
    return _built(lambda draw: _windowed(draw, draw(drawn)))


def ladders(
    treatment_id: str | SearchStrategy[str] = "sup-iv",
    *,
    id: str | SearchStrategy[str] | None = None,
    max_steps: int | SearchStrategy[int] = 3,
    max_from: int | SearchStrategy[int] = 10,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
    segments: Sequence[str] = (),
) -> SearchStrategy[Ladder]:
    """Ladders (price by session place, schema 2); examples shrink towards one ¥0 step from 1.

    The first step starts at session 1 and each later one at a later session;
    segment prices are on the steps, as a ladder requires. Step prices are
    drawn independently, so a later step may be dearer (which lint flags).

    Example:
        >>> from hypothesis import find
        >>> ladder = find(ladders(id="hair"), lambda drawn: len(drawn.steps) == 2)
        >>> [step.from_ for step in ladder.steps], ladder.price_at(5)
        ([1, 2], YenRange(min=0, max=0))

    Args:
        treatment_id: The treatment (or dose) the ladder prices, or a strategy for it.
        id: The ladder's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        max_steps: The most steps (from 1 to 50).
        max_from: The furthest session a step may start from (at least 1; one
            step when 1).
        max_price: The highest step price drawn.
        ranges: Whether drawn prices may be ranges.
        segments: The clinic's segments a step may have its own prices for.

    Returns:
        A strategy of :class:`~supecost.catalog.Ladder`.

    Raises:
        InvalidArgument: A plain ``max_steps`` is not from 1 to 50, or a plain
            ``max_from`` not from 1 to 100,000.
    """
    _check_within(max_steps, "max_steps", 1, 50)
    _check_within(max_from, "max_from", 1, MAX_LADDER_PLACE)
    _check_amount(max_price, "max_price")

    def build(draw: st.DrawFn) -> Ladder:

        furthest = min(max(draw(_as_strategy(max_from)), 1), MAX_LADDER_PLACE)
        most = min(max(draw(_as_strategy(max_steps)), 1), 50, furthest)
        count = draw(st.integers(1, most))
        later = draw(
            st.lists(
                st.integers(2, max(2, furthest)),
                min_size=count - 1,
                max_size=count - 1,
                unique=True,
            )
        )
        prices = _some_prices(max_price, ranges)
        steps = tuple(
            LadderStep(
                from_=start,
                price=draw(prices),
                segment_prices=_segment_prices(draw, segments, max_price, ranges),
            )
            for start in [1, *sorted(later)]
        )
        return Ladder(
            kind="ladder",
            id=draw(ids() if id is None else _as_strategy(id)),
            treatment=draw(_as_strategy(treatment_id)),
            steps=steps,
        )

    return _built(build)


def _same_tax_groups(members: Sequence[Treatment]) -> list[list[str]]:
    """The ids of the treatments of each tax category that has at least two of them."""
    by_tax: dict[TaxCategory, list[str]] = {}
    for treatment in members:
        by_tax.setdefault(treatment.tax, []).append(treatment.id)
    return [group for group in by_tax.values() if len(group) >= 2]


def _parts_floor(members: Sequence[Treatment], chosen: Sequence[str]) -> int:
    prices = {treatment.id: treatment.session_price.min for treatment in members}
    return sum(prices[treatment_id] for treatment_id in chosen)


@st.composite
def _combo(
    draw: st.DrawFn,
    members: Sequence[Treatment],
    combo_id: SearchStrategy[str],
    max_size: int,
    max_price: _Bound[int],
    ranges: _Bound[bool],
    capped: bool,
) -> Combo:

    groups = _same_tax_groups(members)
    if not groups:
        raise InvalidArgument("a combo needs two treatments of the same tax category")
    group = draw(st.sampled_from(groups))
    chosen = draw(
        st.lists(
            st.sampled_from(group), min_size=2, max_size=max(2, min(max_size, 10)), unique=True
        )
    )
    if capped:
        # Inside a catalog the saving stays within half of the parts' lowest prices,
        # so that no visit's lines can add up to less than nothing.
        cap = _parts_floor(members, chosen) // 2
        saving = draw(yen_amounts(0, cap))
        highs = [t.session_price.max for t in members if t.id in chosen]
        if draw(st.booleans()) and all(high is not None for high in highs):
            # A group price that much below the parts' highest prices saves no more at
            # any point (nothing where they are lower).
            top = sum(high for high in highs if high is not None)
            return Combo(
                id=draw(combo_id), treatments=tuple(chosen), price=YenRange.exact(top - saving)
            )
        return Combo(
            id=draw(combo_id),
            treatments=tuple(chosen),
            discount=_combo_discount(draw, saving, cap, ranges),
        )
    if draw(st.booleans()):
        return Combo(
            id=draw(combo_id), treatments=tuple(chosen), price=draw(_prices(max_price, ranges))
        )
    ceiling = max(draw(_as_strategy(max_price)), 0)
    parts = sum_ranges(t.session_price for t in members if t.id in chosen)
    if parts.max is not None:
        # A catalog refuses a saving certainly above the parts' single prices added up.
        ceiling = min(ceiling, parts.max)
    return Combo(
        id=draw(combo_id), treatments=tuple(chosen), discount=draw(_prices(ceiling, ranges))
    )


def _combo_discount(draw: st.DrawFn, saving: int, cap: int, ranges: _Bound[bool]) -> YenRange:
    """A combo's discount in a catalog: ``saving``, or (ranges drawn) from it up to ``cap``."""
    if draw(_as_strategy(ranges)) and draw(st.booleans()):
        return YenRange(min=saving, max=draw(st.integers(saving, max(saving, cap))))
    return YenRange.exact(saving)


def combos(
    members: Sequence[Treatment] | SearchStrategy[Sequence[Treatment]],
    *,
    id: str | SearchStrategy[str] | None = None,
    max_size: int = 3,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    ranges: bool | SearchStrategy[bool] = True,
) -> SearchStrategy[Combo]:
    """Combos of treatments that share a tax category; examples shrink towards a ¥0 pair.

    Each combo has either a ``discount`` (off the sum) or a group ``price``.

    Example:
        >>> from hypothesis import find
        >>> from supecost.catalog import Treatment
        >>> pair = [Treatment(id="a", name="A", price=1000),
        ...         Treatment(id="b", name="B", price=2000)]
        >>> find(combos(pair, id="ab"), lambda c: True).treatments
        ('a', 'b')

    Args:
        members: The treatments to choose from (at least two must share a tax
            category), or a strategy for them.
        id: The combo's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        max_size: The most treatments in one combo (from 2 to 10).
        max_price: The highest discount or group price drawn.
        ranges: Whether drawn amounts may be ranges.

    Returns:
        A strategy of :class:`~supecost.catalog.Combo`.

    Raises:
        InvalidArgument: No two of the given treatments share a tax category.
    """
    if not isinstance(members, SearchStrategy) and not _same_tax_groups(members):
        raise InvalidArgument("combos() needs two treatments of the same tax category")
    combo_id = ids() if id is None else _as_strategy(id)
    return _as_strategy(members).flatmap(
        lambda chosen: _combo(chosen, combo_id, max_size, max_price, ranges, capped=False)
    )


def fees(
    *,
    id: str | SearchStrategy[str] | None = None,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    max_price: int | SearchStrategy[int] = 20_000,
    tax: TaxCategory | SearchStrategy[TaxCategory] | None = None,
    ranges: bool | SearchStrategy[bool] = True,
    charged: Charged | SearchStrategy[Charged] | None = None,
    schema_version: int = 1,
    treatment_ids: Sequence[str] = (),
    segments: Sequence[str] = (),
) -> SearchStrategy[Fee]:
    """Fees such as a first consultation; examples shrink towards a ¥0 first-visit fee.

    With ``schema_version=2`` a fee is charged at any time schema 2 allows (a
    return visit, yearly) unless ``charged`` says, and may also be for some of
    ``treatment_ids`` only, for new patients only, waived at a visit with a
    treatment, optional (in a group), priced for some of ``segments``, or a fee
    for joining one of ``segments`` (入会金, 年会費), each shrinking away.

    Example:
        >>> from hypothesis import find
        >>> find(fees(id="consult"), lambda fee: fee.price.min >= 3_300).price
        YenRange(min=3300, max=3300)

    Args:
        id: The fee's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        price: The fee, or a strategy for it; drawn up to ``max_price`` (¥20,000) when ``None``.
        max_price: The highest fee drawn.
        tax: The tax category, or a strategy for it; any category when ``None``.
        ranges: Whether drawn fees may be ranges.
        charged: When it is charged, or a strategy for it; any of the schema's when
            ``None`` (``return_visit``, ``yearly`` and ``first_time`` are schema 2's).
        schema_version: 2 to draw what schema 2 adds (above); 1, the default, for none.
        treatment_ids: Treatments (or doses) a schema-2 fee may be charged for only.
        segments: The clinic's segments a schema-2 fee may be priced for, or joins.

    Returns:
        A strategy of :class:`~supecost.catalog.Fee`.
    """
    _check_schema(schema_version)
    any_time = _SCHEMA_ONE_CHARGED if schema_version == 1 else st.sampled_from(list(Charged))

    def build(draw: st.DrawFn) -> Fee:

        drawn = Fee(
            id=draw(ids() if id is None else _as_strategy(id)),
            name=draw(st.sampled_from(_FEE_NAMES)),
            price=draw(_prices(max_price, ranges) if price is None else _as_strategy(price)),
            charged=draw(any_time if charged is None else _as_strategy(charged)),
            tax=draw(_categories(tax)),
        )
        if schema_version == 1:
            return drawn
        if len(segments) > 0 and draw(st.booleans()):
            joined = draw(st.sampled_from(list(segments)))
            return draw(_joining_fee(drawn.id, joined, ranges))
        return _scoped_fee(draw, drawn, treatment_ids, segments, ranges)

    return _built(build)


def goods(
    *,
    id: str | SearchStrategy[str] | None = None,
    price: YenRange | SearchStrategy[YenRange] | None = None,
    max_price: int | SearchStrategy[int] = 20_000,
    tax: TaxCategory | SearchStrategy[TaxCategory] | None = None,
    ranges: bool | SearchStrategy[bool] = True,
    segments: Sequence[str] = (),
) -> SearchStrategy[Goods]:
    """Goods sold beside treatments (物販), such as supplements; examples shrink towards ¥0.

    The shrunk goods are a cosmetic at the standard rate, with no segment prices
    (会員価格) and no kind. The name, the kind (when drawn) and the tax category
    agree, as DOMAIN §1 has them: a supplement (food) at the reduced rate, a
    cosmetic, quasi-drug or drug at the standard one, and an item of another
    kind at any rate (the only goods drawn for an exempt or out-of-scope ``tax``).

    Example:
        >>> from hypothesis import find
        >>> find(goods(id="nmn-caps"), lambda g: g.price.min >= 3_240).price
        YenRange(min=3240, max=3240)

    Args:
        id: The record's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        price: A unit's price, or a strategy for it; drawn up to ``max_price`` (¥20,000)
            when ``None``.
        max_price: The highest price drawn.
        tax: The tax category, or a strategy for it; any category when ``None``.
        ranges: Whether drawn prices may be ranges.
        segments: The clinic's segments the goods may have their own prices for.

    Returns:
        A strategy of :class:`~supecost.catalog.Goods`.
    """

    def build(draw: st.DrawFn) -> Goods:
        category = draw(_categories(tax))
        # The name, its kind and the rate drawn together: a supplement at 10% would be a
        # menu mistake (SC028/SC029), not the goods a test means to draw.
        fitting = [entry for entry in _GOODS_NAMES if entry[3].tax in (category, None)]
        name, unit, unit_en, kind = draw(st.sampled_from(fitting))
        return Goods(
            id=draw(ids() if id is None else _as_strategy(id)),
            name=name,
            price=draw(_prices(max_price, ranges) if price is None else _as_strategy(price)),
            tax=category,
            unit=unit,
            unit_en=unit_en if unit is not None and draw(st.booleans()) else None,
            kind=draw(st.none() | st.just(kind)),
            segment_prices=_segment_prices(draw, segments, max_price, ranges),
            subscription=draw(st.none() | _goods_subscriptions(max_price, ranges)),
        )

    return _built(build)


def _goods_subscriptions(
    max_price: _Bound[int] = DEFAULT_MAX_PRICE, ranges: _Bound[bool] = True
) -> SearchStrategy[GoodsSubscription]:
    """A goods record's monthly delivery (定期便): its price a month and fewest deliveries."""

    def build(draw: st.DrawFn) -> GoodsSubscription:
        return GoodsSubscription(
            monthly_price=draw(_prices(max_price, ranges)),
            min_months=draw(st.integers(1, 6)),
        )

    return _built(build)


_SCHEMA_ONE_CHARGED: Final = st.sampled_from(
    [Charged.FIRST_VISIT, Charged.EVERY_VISIT, Charged.ONCE]
)


def _percents(max_percent: int) -> SearchStrategy[int | str]:
    """Percentages above 0 and at most ``max_percent``: whole, or exact decimals such as "12.5"."""
    whole: SearchStrategy[int | str] = st.integers(1, max_percent)
    decimal = st.tuples(st.integers(0, max_percent - 1), st.integers(1, 9)).map(
        lambda parts: f"{parts[0]}.{parts[1]}"
    )
    return whole | decimal


def _enrollment_campaign(
    draw: st.DrawFn, max_price: _Bound[int], ranges: _Bound[bool]
) -> dict[str, object] | None:
    """A plan's enrollment campaign (schema 2), or none; shrinks to none."""
    if not draw(st.booleans()):
        return None
    return _campaign_fields(draw, max_price, ranges)


def _campaign_fields(
    draw: st.DrawFn, max_price: _Bound[int], ranges: _Bound[bool]
) -> dict[str, object]:
    start, end = draw(_windows())
    if start is None and end is None:
        end = _FIRST_DAY  # a campaign needs a window: one that ended long ago
    price = draw(st.just(YenRange.exact(0)) | _prices(max_price, ranges))
    return {"price": price, "valid_from": start, "valid_until": end}


def _first_month(
    draw: st.DrawFn, min_months: int, max_price: _Bound[int], ranges: _Bound[bool]
) -> dict[str, object] | None:
    """A plan's first months at a lower price (schema 2), or none; shrinks to none."""
    if not draw(st.booleans()):
        return None
    return _first_month_fields(draw, min_months, max_price, ranges)


def _first_month_fields(
    draw: st.DrawFn, min_months: int, max_price: _Bound[int], ranges: _Bound[bool]
) -> dict[str, object]:
    start, end = draw(_windows())
    return {
        "price": draw(st.just(YenRange.exact(0)) | _prices(max_price, ranges)),
        "months": draw(st.integers(1, min_months)),
        "new_patients_only": draw(st.booleans()),
        "valid_from": start,
        "valid_until": end,
    }


_Repriced = TypeVar("_Repriced", bound=Treatment | Dose | Bundle | Intro)


def _repriced(draw: st.DrawFn, record: _Repriced) -> _Repriced:
    """A record perhaps with a price change or two (価格改定), each dearer than the price
    before it: the catalog's savings bounds read the lowest prices, which a rise keeps."""
    assert record.price is not None
    changes: list[PriceChange] = []
    price, day = record.price, _FIRST_DAY
    for _ in range(draw(st.integers(0, 2))):
        if day >= _LAST_DAY:
            break
        day = draw(st.dates(day + timedelta(days=1), _LAST_DAY))
        price = price + draw(st.integers(0, 50_000))
        changes.append(PriceChange(on=day, price=price))
    if not changes:
        return record
    # A copy is of the record's own type; mypy reads a bound TypeVar's model_copy as the bound.
    return cast(_Repriced, record.model_copy(update={"price_changes": tuple(changes)}))


def _repriced_treatment(draw: st.DrawFn, treatment: Treatment) -> Treatment:
    """A treatment, or each of its doses, perhaps with price changes (:func:`_repriced`)."""
    if treatment.doses:
        doses = tuple(_repriced(draw, dose) for dose in treatment.doses)
        return treatment.model_copy(update={"doses": doses})
    return _repriced(draw, treatment)


@st.composite
def _windows(draw: st.DrawFn) -> tuple[date | None, date | None]:
    start = draw(st.none() | st.dates(_FIRST_DAY, _LAST_DAY))
    end = draw(st.none() | st.dates(start or _FIRST_DAY, _LAST_DAY))
    return start, end


def discounts(
    *,
    treatment_ids: Sequence[str] | SearchStrategy[Sequence[str]] = (),
    offer_ids: Sequence[str] | SearchStrategy[Sequence[str]] = (),
    id: str | SearchStrategy[str] | None = None,
    max_amount: int | SearchStrategy[int] = 50_000,
    max_percent: int = 100,
    schema_version: int = 1,
    segments: Sequence[str] = (),
) -> SearchStrategy[Discount]:
    """Discounts, an amount or a percentage off; examples shrink towards ¥1 off the bill.

    Targets are drawn from the given ids (none means off the whole bill);
    conditions (new patients only, a date window, minimum sessions or amount)
    and stacking are drawn too, and shrink away. With ``schema_version=2`` a
    discount may also be for the first N patients (``first_n``), for a
    patient's birth month (誕生月), or for some of ``segments`` only, and not
    with combos (``with_combos = false``), first-time prices (``with_first_time``)
    or sets, tickets and plans (``with_offers``).

    Example:
        >>> from hypothesis import find
        >>> find(discounts(id="autumn"), lambda d: d.percent is not None).percent
        1

    Args:
        treatment_ids: Treatment ids a discount may target, or a strategy for them.
        offer_ids: Offer ids a discount may target, or a strategy for them.
        id: The discount's id, or a strategy for it; drawn with :func:`ids` when ``None``.
        max_amount: The largest amount off drawn (at least ¥1).
        max_percent: The largest percentage drawn, from 1 to 100.
        schema_version: 2 to draw what schema 2 adds (above); 1, the default, for none.
        segments: The clinic's segments a discount may be kept for (schema 2).

    Returns:
        A strategy of :class:`~supecost.catalog.Discount`.

    Raises:
        InvalidArgument: ``max_percent`` is not from 1 to 100, or ``schema_version``
            not 1 or 2.
    """
    if not 1 <= max_percent <= 100:
        raise InvalidArgument(f"max_percent={max_percent!r} must be from 1 to 100")
    _check_schema(schema_version)

    def build(draw: st.DrawFn) -> Discount:

        treatment_choices = list(draw(_as_strategy(treatment_ids)))
        offer_choices = list(draw(_as_strategy(offer_ids)))
        targets = _subset(draw, treatment_choices)
        offers = _subset(draw, offer_choices)
        amount = percent = None
        if draw(st.booleans()):
            percent = draw(_percents(max_percent))
        else:
            amount = draw(_ints(1, max_amount, floor=1))
        valid_from, valid_until = draw(_windows())
        drawn = Discount(
            id=draw(ids() if id is None else _as_strategy(id)),
            name=draw(st.sampled_from(_DISCOUNT_NAMES)),
            amount=amount,
            percent=percent,
            treatments=targets,
            offers=offers,
            new_patients_only=draw(st.booleans()),
            valid_from=valid_from,
            valid_until=valid_until,
            min_sessions=draw(st.none() | st.integers(1, 5)),
            min_amount=draw(st.none() | yen_amounts(0, 100_000)),
            stacks=draw(st.booleans()),
            rounding=draw(st.sampled_from(list(Rounding))),
        )
        return drawn if schema_version == 1 else _limited_discount(draw, drawn, segments)

    return _built(build)


def _limited_discount(draw: st.DrawFn, drawn: Discount, segments: Sequence[str]) -> Discount:
    """A discount with schema 2's conditions, each perhaps missing: for the first N
    patients, in a patient's birth month, or for some segments only; and perhaps not with
    combos, first-time prices or offers."""
    places = _places(draw)
    if places is not None:
        drawn = Discount.model_validate({**drawn.model_dump(), "first_n": places})
    if draw(st.booleans()):
        # For patients in their birth month (誕生月特典): requests draw a birth month
        # that is often the month of their date.
        drawn = Discount.model_validate({**drawn.model_dump(), "birth_month_only": True})
    # For one group of patients now and then (会員様限定, ご紹介の方): the request's
    # segment, or one a patient may join for its fee.
    audience = _subset(draw, segments) if draw(st.booleans()) else ()
    if audience:
        drawn = Discount.model_validate({**drawn.model_dump(), "segments": audience})
    if draw(st.booleans()):
        # Not with combos (セット割との併用不可): a bill takes it or the combos.
        drawn = Discount.model_validate({**drawn.model_dump(), "with_combos": False})
    if draw(st.booleans()):
        # Not with first-time prices (初回価格との併用不可), or not with sets, tickets and
        # plans (セット・回数券との併用不可): a bill takes it or those.
        field = draw(st.sampled_from(["with_first_time", "with_offers"]))
        drawn = Discount.model_validate({**drawn.model_dump(), field: False})
    return drawn


def _subset(draw: st.DrawFn, choices: Sequence[str]) -> tuple[str, ...]:
    if not choices:
        return ()
    return tuple(draw(st.lists(st.sampled_from(list(dict.fromkeys(choices))), unique=True)))


def clinics(
    *,
    prices_include_tax: bool | SearchStrategy[bool] | None = None,
) -> SearchStrategy[Clinic]:
    """Clinics; examples shrink towards tax-included prices rounded down.

    Example:
        >>> from hypothesis import find
        >>> find(clinics(), lambda clinic: not clinic.prices_include_tax).tax_rounding
        <Rounding.FLOOR: 'floor'>

    Args:
        prices_include_tax: Whether prices include tax, or a strategy for it; drawn when ``None``.

    Returns:
        A strategy of :class:`~supecost.catalog.Clinic`.
    """
    included = (
        st.sampled_from([True, False])
        if prices_include_tax is None
        else _as_strategy(prices_include_tax)
    )

    def build(draw: st.DrawFn) -> Clinic:

        return Clinic(
            name="Generated Clinic",
            prices_include_tax=draw(included),
            tax_rounding=draw(st.sampled_from([Rounding.FLOOR, Rounding.CEIL, Rounding.HALF_UP])),
        )

    return _built(build)


# ---------------------------------------------------------------------------
# Catalogs and requests


def _unit_floor(treatment: Treatment, offers: Sequence[Bundle | Subscription | Intro]) -> int:
    """The lowest price one unit of this treatment can be bought for, in any way."""
    lows = [treatment.session_price.min]
    for offer in offers:
        if offer.treatment == treatment.id:
            lows.append(_offer_floor(offer))
    return min(lows)


def _offer_lows(offer: AnyOffer) -> list[int]:
    """The lowest of each price a discount on this offer can come off, in every segment.

    A monthly plan's fee and its extra sessions, a package's price and
    first-time price, each step of a ladder; its segment prices too.
    """
    prices: list[YenRange | None]
    if isinstance(offer, Subscription):
        prices = [offer.monthly_fee, offer.extra_session_price]
    elif isinstance(offer, Package):
        prices = [offer.price, offer.intro_price]
    elif isinstance(offer, Ladder):
        prices = [step.price for step in offer.steps]
        prices += [p for step in offer.steps for p in step.segment_prices.values()]
    else:
        prices = [offer.price]
    prices += offer.segment_prices.values()
    return [price.min for price in prices if price is not None]


def _offer_floor(offer: AnyOffer) -> int:
    """The lowest price a discount on this offer can come off, in any segment."""
    return min(_offer_lows(offer))


@st.composite
def _catalog(
    draw: st.DrawFn,
    min_treatments: _Bound[int],
    max_treatments: _Bound[int],
    max_offers: _Bound[int],
    max_combos: _Bound[int],
    max_fees: _Bound[int],
    max_discounts: _Bound[int],
    prices_include_tax: _Bound[bool] | None,
    ranges: _Bound[bool],
    max_price: _Bound[int],
    lint: _Bound[bool],
) -> Catalog:

    count = draw(_ints(min_treatments, max_treatments, floor=1))
    members = [
        draw(treatments(id=f"t{number}", max_price=max_price, ranges=ranges))
        for number in range(1, count + 1)
    ]
    member_ids = [treatment.id for treatment in members]

    offers: list[Bundle | Subscription | Intro] = []
    for number in range(1, draw(_ints(0, max_offers, floor=0)) + 1):
        treatment_id = draw(st.sampled_from(member_ids))
        kinds: list[Callable[..., SearchStrategy[Bundle | Subscription | Intro]]] = [
            bundles,
            subscriptions,
            intros,
        ]
        kind = draw(st.sampled_from(kinds))
        offers.append(draw(kind(treatment_id, id=f"o{number}", max_price=max_price, ranges=ranges)))

    chosen_combos: list[Combo] = []
    if _same_tax_groups(members):
        for number in range(1, draw(_ints(0, max_combos, floor=0)) + 1):
            combo = draw(_combo(members, st.just(f"c{number}"), 3, max_price, ranges, capped=True))
            if all(set(combo.treatments) != set(other.treatments) for other in chosen_combos):
                chosen_combos.append(combo)

    chosen_fees = [
        draw(fees(id=f"f{number}", ranges=ranges))
        for number in range(1, draw(_ints(0, max_fees, floor=0)) + 1)
    ]

    chosen_discounts: list[Discount] = []
    cheapest = min(_unit_floor(treatment, offers) for treatment in members)
    for number in range(1, draw(_ints(0, max_discounts, floor=0)) + 1):
        drawn = draw(
            discounts(
                treatment_ids=member_ids,
                offer_ids=[offer.id for offer in offers],
                id=f"d{number}",
                max_percent=50,
            )
        )
        if drawn.amount is not None:
            # Keep an amount off within half of the lowest price it can come off, so
            # that, with a combo's saving, no line or bill can go below zero.
            floors = [_unit_floor(t, offers) for t in members if t.id in drawn.treatments]
            floors += [_offer_floor(o) for o in offers if o.id in drawn.offers]
            ceiling = (min(floors) if floors else cheapest) // 2
            if ceiling < 1:
                continue
            amount = draw(st.integers(1, ceiling))
            drawn = Discount.model_validate({**drawn.model_dump(), "amount": amount})
        chosen_discounts.append(drawn)

    return Catalog(
        schema_version=1,
        clinic=draw(clinics(prices_include_tax=prices_include_tax)),
        treatments=tuple(members),
        offers=tuple(offers),
        combos=tuple(chosen_combos),
        fees=tuple(chosen_fees),
        discounts=tuple(chosen_discounts),
        lint=_lint_table(draw, lint),
    )


def _lint_table(draw: st.DrawFn, lint: _Bound[bool]) -> LintSettings | None:
    """A catalog's own ``[lint]`` table now and then, where allowed; most shrink to none.

    Drawn last, so that the rest of a catalog draws and shrinks as it did without it.
    """
    return draw(_lint_tables()) if draw(_as_strategy(lint)) else None


@functools.cache
def _lint_tables() -> SearchStrategy[LintSettings | None]:
    """Built once: it reads the lint's rules, which a catalog without a table never needs."""
    return st.none() | _lint_settings()


_Course = TypeVar("_Course", Package, SharedSet, Ladder)


def _windowed(draw: st.DrawFn, offer: _Course) -> _Course:
    """An offer with a sales window drawn for it (perhaps none), and perhaps limited places."""
    valid_from, valid_until = draw(_windows())
    return type(offer).model_validate(
        {
            **offer.model_dump(),
            "valid_from": valid_from,
            "valid_until": valid_until,
            "first_n": _places(draw),
            **(
                {"per_patient": _per_patient(draw)}
                if isinstance(offer, Package | SharedSet)
                else {}
            ),
            **_offer_text(draw, offer),
        }
    )


def _per_patient(draw: st.DrawFn) -> int | None:
    """How many of a set or package one patient may buy (お一人様1セット限り), or any."""
    return draw(st.none() | st.integers(1, 2))


def _places(draw: st.DrawFn) -> int | None:
    """An offer's or discount's places for the first patients only (先着N名様), or none."""
    return draw(st.none() | st.integers(1, 20))


def _same_sessions(first: str, second: str) -> bool:
    """Whether two references can name the same sessions: equal, or a treatment and its dose."""
    first_whole, _, first_dose = first.partition(":")
    second_whole, _, second_dose = second.partition(":")
    return first_whole == second_whole and (
        not first_dose or not second_dose or first_dose == second_dose
    )


def _next_free(refs: Sequence[str], free: Sequence[str], ref: str) -> str:
    """``ref`` when free, else the first free reference after it in ``refs`` (wrapping round)."""
    start = refs.index(ref)
    return next(r for r in [*refs[start:], *refs[:start]] if r in free)


def _refs_of(treatment: Treatment) -> list[str]:
    """What a request can name of a treatment: the treatment, or each of its doses."""
    if treatment.doses:
        return [f"{treatment.id}:{dose.id}" for dose in treatment.doses]
    return [treatment.id]


def _priced_records(treatment: Treatment, ref: str) -> list[Treatment | Dose]:
    """The records whose prices a reference can be sold at (a treatment alone: every dose)."""
    if not treatment.doses:
        return [treatment]
    return [d for d in treatment.doses if ref in (treatment.id, f"{treatment.id}:{d.id}")]


def _keys(treatment: Treatment, ref: str) -> set[str]:
    """What an offer names to sell a reference: its treatment alone, or each dose it means."""
    keys = {treatment.id}
    keys.update(
        f"{treatment.id}:{r.id}" for r in _priced_records(treatment, ref) if isinstance(r, Dose)
    )
    return keys


def _single_floor(treatment: Treatment, ref: str, offers: Sequence[AnyOffer] = ()) -> int:
    """The lowest single price a reference can have, for any segment.

    A ladder for it replaces its single price by its steps', so they count too.
    """
    lows: list[int] = []
    for record in _priced_records(treatment, ref):
        assert record.price is not None  # a treatment without doses has a price
        lows += [record.price.min, *(price.min for price in record.segment_prices.values())]
    keys = _keys(treatment, ref)
    for offer in offers:
        if isinstance(offer, Ladder) and offer.treatment in keys:
            lows += _offer_lows(offer)
    return min(lows)


def _parts_high(
    members: Sequence[Treatment], parts: Sequence[str], segment: str | None
) -> int | None:
    """The parts' highest single prices added up, for a segment; ``None`` when open-ended.

    A combo's group price saves against the single prices, never a ladder's.
    """
    total = 0
    for treatment, ref in zip(members, parts, strict=True):
        highs: list[int] = []
        for record in _priced_records(treatment, ref):
            assert record.price is not None  # a treatment without doses has a price
            price = record.price
            if segment is not None:
                price = record.segment_prices.get(segment, price)
            if price.max is None:
                return None
            highs.append(price.max)
        total += max(highs)
    return total


def _ref_floor(treatment: Treatment, ref: str, offers: Sequence[AnyOffer]) -> int:
    """The lowest price one unit of a reference can be bought for, in any way and segment.

    A package is left out: a discount on a treatment does not come off a
    package that contains it (only one naming the package's id does).
    """
    lows = [_single_floor(treatment, ref)]
    extras = [treatment.extra_unit_price, *treatment.extra_unit_segment_prices.values()]
    for record in _priced_records(treatment, ref):
        if isinstance(record, Dose):
            extras += [record.extra_unit_price, *record.extra_unit_segment_prices.values()]
    lows += [price.min for price in extras if price is not None]
    keys = _keys(treatment, ref)
    for offer in offers:
        if not isinstance(offer, Package | SharedSet) and offer.treatment in keys:
            lows += _offer_lows(offer)
    return min(lows)


def _schema_two_treatment(
    draw: st.DrawFn,
    number: int,
    earlier: Sequence[Treatment],
    segments: Sequence[str],
    max_doses: int,
    max_price: _Bound[int],
    ranges: _Bound[bool],
) -> Treatment:
    """A treatment with what schema 2 adds: doses, units per visit, a base, segment prices."""
    base = draw(treatments(id=f"t{number}", max_price=max_price, ranges=ranges))
    fields: dict[str, Any] = base.model_dump()
    if max_doses > 0 and draw(st.booleans()):
        unit = draw(st.sampled_from(_DOSE_UNITS))
        amounts = draw(
            st.lists(st.integers(1, 50), min_size=1, max_size=min(max_doses, 50), unique=True)
        )
        fields["price"] = None
        fields["dose_unit"] = unit
        fields["doses"] = [
            _dose(draw, f"{amount}{unit}", amount, None, segments, max_price, ranges)
            for amount in sorted(amounts)
        ]
    else:
        fields["segment_prices"] = _segment_prices(draw, segments, max_price, ranges)
    extra = draw(_maybe_prices(max_price, ranges))
    fields["extra_unit_price"] = extra
    fields["extra_unit_segment_prices"] = _extra_unit_segment_prices(
        draw, extra, segments, max_price, ranges
    )
    fields["max_units"] = draw(_MAX_UNITS)
    fields.update(_treatment_text(draw))
    option = bool(earlier) and draw(st.booleans())
    if option:
        # Bases come from earlier treatments only, so the first is never an option and
        # no option's base is itself an option of a later one.
        choices = [ref for t in earlier for ref in dict.fromkeys([t.id, *_refs_of(t)])]
        fields["only_with"] = draw(
            st.lists(st.sampled_from(choices), min_size=1, max_size=2, unique=True)
        )
    return Treatment.model_validate(fields)


_Sold = TypeVar("_Sold", Bundle, Subscription, Intro)


def _schema_two_offer(
    draw: st.DrawFn,
    offer: _Sold,
    segments: Sequence[str],
    max_price: _Bound[int],
    ranges: _Bound[bool],
) -> _Sold:
    """A set, plan or first-time price with what schema 2 adds, each part perhaps missing:
    a sales window, segment prices, places for the first N patients, a set's limit per
    patient, a plan's enrollment campaign, first-month price and carry-over, and its name
    and note."""
    valid_from, valid_until = draw(_windows())
    more: dict[str, object] = {}
    if isinstance(offer, Subscription):
        more["enrollment_campaign"] = _enrollment_campaign(draw, max_price, ranges)
        more["first_month"] = _first_month(draw, offer.min_months, max_price, ranges)
        # 「未消化分は翌月まで繰越可」: shrinks to the plan whose unused sessions lapse.
        more["carry_over"] = draw(st.booleans())
    if isinstance(offer, Bundle):
        # A unit ticket too (「10本券 お一人様1回限り」).
        more["per_patient"] = _per_patient(draw)
    return type(offer).model_validate(
        {
            **offer.model_dump(),
            "valid_from": valid_from,
            "valid_until": valid_until,
            "segment_prices": _segment_prices(draw, segments, max_price, ranges),
            "first_n": _places(draw),
            **more,
            **_offer_text(draw, offer),
        }
    )


def _with_top_ups(
    draw: st.DrawFn,
    offer: _Sold,
    by_id: dict[str, Treatment],
    max_price: _Bound[int],
    ranges: _Bound[bool],
) -> _Sold:
    """A set of sessions on a dosed treatment named alone, with top-ups for a drawn few of
    its doses (差額); any other offer as it is. Shrinks to no top-ups."""
    treatment = by_id.get(offer.treatment) if isinstance(offer, Bundle) else None
    if not isinstance(offer, Bundle) or offer.counts_units or not treatment or not treatment.doses:
        return offer
    doses = [dose.id for dose in treatment.doses]
    if not draw(st.booleans()):
        return offer
    prices = _some_prices(max_price, ranges)
    topped = draw(st.lists(st.sampled_from(doses), min_size=1, unique=True))
    top_ups = {dose: draw(prices) for dose in topped}
    return type(offer).model_validate({**offer.model_dump(), "top_ups": top_ups})


def _scoped_fee(
    draw: st.DrawFn, fee: Fee, refs: Sequence[str], segments: Sequence[str], ranges: _Bound[bool]
) -> Fee:
    """A fee with schema 2's conditions, each perhaps missing: for some treatments only
    (``applies_to``), new patients only, waived at a visit with a treatment, segment
    prices, or optional (in a group of which a request chooses one)."""
    optional = draw(st.booleans())
    # An optional fee is mostly for any treatment and never waived, so that a request
    # choosing it is mostly charged it.
    scoped = _subset(draw, refs) if draw(st.booleans()) and not optional else ()
    return Fee.model_validate(
        {
            **fee.model_dump(),
            "applies_to": scoped[:3],
            "new_patients_only": draw(st.booleans()),
            "waived_when_treated": draw(st.booleans()) and not optional,
            "segment_prices": _segment_prices(draw, segments, 20_000, ranges),
            "optional": optional,
            "group": draw(st.sampled_from([None, "g1", "g2"])) if optional else None,
        }
    )


def _joining_fee(id: _Bound[str], segment: str, ranges: _Bound[bool]) -> SearchStrategy[Fee]:
    """A fee for joining a segment, charged once (入会金) or yearly (年会費)."""
    joining = st.sampled_from([Charged.ONCE, Charged.YEARLY])
    return fees(id=id, ranges=ranges, charged=joining).map(
        lambda fee: Fee.model_validate({**fee.model_dump(), "joins": segment})
    )


def _english(draw: st.DrawFn, text: tuple[str, str | None]) -> tuple[str, str | None]:
    """A text and, now and then, its English (``*_en``), as a catalog may give it."""
    japanese, english = text
    return japanese, english if english is not None and draw(st.booleans()) else None


def _treatment_text(draw: st.DrawFn) -> dict[str, Any]:
    """What a treatment's price page says beside its price, each part perhaps missing:
    its English name and a note, the consumer-contract rules that apply to it (美容医療),
    its risks, and whether it is unapproved with an unapproved product's three disclosures
    (DOMAIN §4, §5; lint's SC023). Shrinks to none of them."""
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields["name_en"] = draw(st.sampled_from(["Culture supernatant drip", "NMN drip"]))
        fields["note"] = draw(st.sampled_from(_NOTES))[0]
    fields["contract_rules"] = draw(st.sampled_from(list(ContractRules)[::-1]))
    if draw(st.booleans()):
        fields["risks"], fields["risks_en"] = _english(draw, draw(st.sampled_from(_RISKS)))
        fields["unapproved"] = unapproved = draw(st.booleans())
        for name, text in _DISCLOSURES:
            if unapproved and draw(st.booleans()):
                fields[name], fields[f"{name}_en"] = _english(draw, text)
    return {name: value for name, value in fields.items() if value is not None}


def _offer_text(draw: st.DrawFn, offer: AnyOffer) -> dict[str, Any]:
    """An offer's name, English name and note as a menu prints them, and the contract rules
    that apply to it where it says (else its treatment's); shrinks to none of them."""
    if not draw(st.booleans()):
        return {}
    name, name_en = _english(draw, draw(st.sampled_from(_OFFER_NAMES)))
    fields: dict[str, Any] = {"name": name, "name_en": name_en}
    if draw(st.booleans()):
        fields["note"] = draw(st.sampled_from(_NOTES))[0]
    # None: the rules of the offer's treatment.
    fields["contract_rules"] = draw(st.none() | st.sampled_from(list(ContractRules)))
    return fields


@st.composite
def _schema_two_catalog(
    draw: st.DrawFn,
    min_treatments: _Bound[int],
    max_treatments: _Bound[int],
    max_offers: _Bound[int],
    max_combos: _Bound[int],
    max_fees: _Bound[int],
    max_discounts: _Bound[int],
    prices_include_tax: _Bound[bool] | None,
    ranges: _Bound[bool],
    max_price: _Bound[int],
    max_doses: int,
    max_packages: _Bound[int],
    max_ladders: _Bound[int],
    max_goods: _Bound[int],
    lint: _Bound[bool],
    gifts: _Bound[bool] = False,
) -> Catalog:

    segments = draw(st.sampled_from([(), _SEGMENTS[:1], _SEGMENTS]))
    members: list[Treatment] = []
    for number in range(1, draw(_ints(min_treatments, max_treatments, floor=1)) + 1):
        members.append(
            _schema_two_treatment(draw, number, members, segments, max_doses, max_price, ranges)
        )
    members = [_repriced_treatment(draw, treatment) for treatment in members]
    by_id = {treatment.id: treatment for treatment in members}
    refs = [ref for t in members for ref in dict.fromkeys([t.id, *_refs_of(t)])]

    offers: list[AnyOffer] = []
    for number in range(1, draw(_ints(0, max_offers, floor=0)) + 1):
        kinds: list[Callable[..., SearchStrategy[Bundle | Subscription | Intro]]] = [
            # A set of visits, or of units (本数券), which pays further units too.
            functools.partial(bundles, counts=st.sampled_from(_COUNTS)),
            subscriptions,
            # For a new patient or for a first time of the treatment (the request's history).
            functools.partial(
                intros, for_=st.sampled_from(list(IntroFor)), sold_whole=st.booleans()
            ),
        ]
        kind = draw(st.sampled_from(kinds))
        offer = draw(
            kind(draw(st.sampled_from(refs)), id=f"o{number}", max_price=max_price, ranges=ranges)
        )
        dosed = by_id[offer.treatment.partition(":")[0]].doses
        # A unit ticket on doses (whole amounts, 1 to 50) may count their amount: a unit of
        # a dose then uses its amount of the ticket's units (none held if more).
        if isinstance(offer, Bundle) and offer.counts == "units" and dosed and draw(st.booleans()):
            offer = offer.model_copy(update={"counts": "amount"})
        offer = _schema_two_offer(draw, offer, segments, max_price, ranges)
        if isinstance(offer, Bundle | Intro):
            offer = _repriced(draw, offer)
        offers.append(_with_top_ups(draw, offer, by_id, max_price, ranges))
    # Small packages and short ladders, so that an oracle trying every purchase stays fast.
    for number in range(1, draw(_ints(0, max_packages, floor=0)) + 1):
        # Now and then a shared set (共通回数券) in a package's place: bought whole too.
        if _shareable(members) and draw(st.integers(0, 3)) == 0:
            shared = _shared_set(members, st.just(f"s{number}"), 3, max_price, ranges, segments)
            offers.append(_windowed(draw, draw(shared)))
            continue
        package = draw(
            _package(members, st.just(f"p{number}"), 2, 3, None, max_price, ranges, segments)
        )
        offers.append(_windowed(draw, package))
    laddered: list[str] = []
    for number in range(1, draw(_ints(0, max_ladders, floor=0)) + 1):
        # One ladder per treatment or dose: two on sale the same day are refused as ambiguous
        # (a treatment alone means any of its doses, so it meets each of them). A drawn
        # reference already priced moves on to the next free one, so the draws are the same
        # as for a first ladder and examples shrink alike.
        free = [ref for ref in refs if not any(_same_sessions(ref, o) for o in laddered)]
        if not free:
            break
        ladder = draw(
            ladders(
                st.sampled_from(refs).map(functools.partial(_next_free, refs, free)),
                id=f"l{number}",
                max_from=6,
                max_price=max_price,
                ranges=ranges,
                segments=segments,
            )
        )
        laddered.append(ladder.treatment)
        offers.append(_windowed(draw, ladder))

    # Sold with single sessions only where the catalog has no package or ladder: how
    # single sessions meet those is a reading the engine does not make (its saving never applies).
    courses = any(isinstance(offer, (Package, Ladder)) for offer in offers)
    chosen_combos: list[Combo] = []
    groups = _same_tax_groups(members)
    for number in range(1, draw(_ints(0, max_combos, floor=0)) + 1):
        if not groups:
            break
        group = draw(st.sampled_from(groups))
        bases = draw(
            st.lists(st.sampled_from(group), min_size=2, max_size=min(3, len(group)), unique=True)
        )
        parts = tuple(
            draw(st.sampled_from(list(dict.fromkeys([tid, *_refs_of(by_id[tid])]))))
            for tid in bases
        )
        # As in schema 1: a saving within half of its parts' lowest prices, in every segment
        # (a ladder's steps included).
        cap = (
            sum(
                _single_floor(by_id[tid], ref, offers)
                for tid, ref in zip(bases, parts, strict=True)
            )
            // 2
        )
        saving = draw(st.integers(0, cap))
        own = {segment: draw(st.integers(0, cap)) for segment in _subset(draw, segments)}
        highs = {
            segment: _parts_high([by_id[tid] for tid in bases], parts, segment)
            for segment in (None, *segments)
        }
        if draw(st.booleans()) and all(high is not None for high in highs.values()):
            # A group price that much below the parts' highest single prices saves no
            # more at any point; each segment gets its own, so that no patient saves
            # more than that (a segment's parts may cost more than the regular ones).
            tops = {segment: high for segment, high in highs.items() if high is not None}
            combo = Combo(
                id=f"c{number}",
                treatments=parts,
                price=YenRange.exact(tops[None] - saving),
                segment_prices={
                    segment: YenRange.exact(tops[segment] - own.get(segment, saving))
                    for segment in segments
                },
                single_sessions_only=draw(st.booleans()) and not courses,
            )
        else:
            combo = Combo(
                id=f"c{number}",
                treatments=parts,
                discount=_combo_discount(draw, saving, cap, ranges),
                segment_prices={segment: YenRange.exact(off) for segment, off in own.items()},
                single_sessions_only=draw(st.booleans()) and not courses,
            )
        if all(set(combo.treatments) != set(other.treatments) for other in chosen_combos):
            chosen_combos.append(combo)

    chosen_fees: list[Fee] = []
    for number in range(1, draw(_ints(0, max_fees, floor=0)) + 1):
        fee = draw(fees(id=f"f{number}", ranges=ranges, charged=st.sampled_from(list(Charged))))
        chosen_fees.append(_scoped_fee(draw, fee, refs, segments, ranges))

    # Some segments can be joined for a fee, charged to a patient who joins: once (入会金) or
    # yearly (年会費).
    for segment in segments:
        if draw(st.booleans()):
            chosen_fees.append(draw(_joining_fee(f"join-{segment}", segment, ranges)))

    chosen_discounts: list[Discount] = []
    floors = {ref: _ref_floor(by_id[ref.partition(":")[0]], ref, offers) for ref in refs}
    for number in range(1, draw(_ints(0, max_discounts, floor=0)) + 1):
        drawn = draw(
            discounts(
                treatment_ids=refs,
                offer_ids=[offer.id for offer in offers],
                id=f"d{number}",
                max_percent=50,
            )
        )
        if drawn.amount is not None:
            # As in schema 1: an amount off within half of the lowest price it comes off
            # (off the whole bill: of a unit of anything, or of a package).
            lows = [floors[ref] for ref in drawn.treatments]
            lows += [_offer_floor(offer) for offer in offers if offer.id in drawn.offers]
            if not lows:
                # A package or a shared set is bought whole: a bill can hold it alone.
                lows = [*floors.values()]
                lows += [_offer_floor(o) for o in offers if isinstance(o, Package | SharedSet)]
            ceiling = min(lows) // 2
            if ceiling < 1:
                continue
            amount = draw(st.integers(1, ceiling))
            drawn = Discount.model_validate({**drawn.model_dump(), "amount": amount})
        chosen_discounts.append(_limited_discount(draw, drawn, segments))

    # Some groups named, as a catalog's [[fee_groups]] names them; the others stay generic.
    named = [
        FeeGroup(id=group, name=name, name_en=name_en)
        for group in dict.fromkeys(f.group for f in chosen_fees if f.group is not None)
        if draw(st.booleans())
        for name, name_en in [draw(st.sampled_from(_FEE_GROUP_NAMES))]
    ]
    # Goods (物販) now and then: most catalogs shrink to none.
    sold = [
        draw(goods(id=f"g{number}", ranges=ranges, segments=segments))
        for number in range(1, min(draw(_ints(0, max_goods, floor=0)), MAX_GOODS) + 1)
    ]
    if draw(_as_strategy(gifts)):
        offers, chosen_fees = _gifts(draw, offers, chosen_fees, sold)
    clinic = draw(clinics(prices_include_tax=prices_include_tax))
    return Catalog(
        schema_version=2,
        clinic=Clinic.model_validate(
            {
                **clinic.model_dump(),
                "segments": [draw(_named_segments(segment)) for segment in segments],
                # A price page's contact point and the invoice T-number (DOMAIN §3, SC023).
                "contact": draw(st.none() | st.sampled_from(_CONTACTS)),
                "registration_number": draw(st.none() | st.just("T1234567890123")),
            }
        ),
        treatments=tuple(members),
        offers=tuple(offers),
        combos=tuple(chosen_combos),
        fees=tuple(chosen_fees),
        fee_groups=tuple(named),
        discounts=tuple(chosen_discounts),
        goods=tuple(sold),
        lint=_lint_table(draw, lint),
    )


def _gifts(
    draw: st.DrawFn, offers: Sequence[AnyOffer], fees: Sequence[Fee], sold: Sequence[Goods]
) -> tuple[list[AnyOffer], list[Fee]]:
    """Sets that include goods (``Bundle.includes``), and fees waived with a set
    (``Fee.waived_with``), each now and then."""
    sets = [o.id for o in offers if isinstance(o, Bundle) and not o.counts_units]
    gifted: list[AnyOffer] = []
    for offer in offers:
        if offer.id in sets and sold and draw(st.booleans()):
            chosen = draw(st.lists(st.sampled_from([g.id for g in sold]), min_size=1, unique=True))
            counts = {goods_id: draw(st.integers(1, 2)) for goods_id in chosen}
            offer = Bundle.model_validate({**offer.model_dump(), "includes": counts})
        gifted.append(offer)
    waived = [
        Fee.model_validate(
            {
                **fee.model_dump(),
                "waived_with": draw(st.lists(st.sampled_from(sets), min_size=1, unique=True)),
            }
        )
        if sets and fee.joins is None and draw(st.booleans())
        else fee
        for fee in fees
    ]
    return gifted, waived


def catalogs(
    *,
    min_treatments: int | SearchStrategy[int] = 1,
    max_treatments: int | SearchStrategy[int] = 3,
    max_offers: int | SearchStrategy[int] = 3,
    max_combos: int | SearchStrategy[int] = 1,
    max_fees: int | SearchStrategy[int] = 2,
    max_discounts: int | SearchStrategy[int] = 1,
    prices_include_tax: bool | SearchStrategy[bool] | None = None,
    ranges: bool | SearchStrategy[bool] = True,
    max_price: int | SearchStrategy[int] = DEFAULT_MAX_PRICE,
    schema_version: int = 1,
    max_doses: int = 3,
    max_packages: int | SearchStrategy[int] = 1,
    max_ladders: int | SearchStrategy[int] = 1,
    max_goods: int | SearchStrategy[int] = 2,
    lint: bool | SearchStrategy[bool] = True,
    gifts: bool | SearchStrategy[bool] = False,
) -> SearchStrategy[Catalog]:
    """Whole, valid catalogs; examples shrink towards one ¥0 treatment and nothing else.

    Ids are short and readable (``t1``, ``o1``, ``c1``, ``f1``, ``d1``; for
    schema 2's packages and ladders ``p1``, ``l1``) and unique across the
    catalog. Offers name existing treatments, combos join treatments of one
    tax category, and discounts target existing treatments and offers.
    Savings stay sane: a combo's saving (its discount, perhaps a range, or
    what its group price is below its parts' highest single prices) is at
    most half its parts' lowest prices, a percentage off at most 50% and an
    amount off at most half of the lowest price it can come off, so no bill
    goes below zero.

    With ``schema_version=2`` a catalog uses what schema 2 adds: treatments
    sold by the dose (ids such as ``1cc``, named ``t1:1cc`` elsewhere),
    extra-unit prices and most units per visit, options sold only with an
    earlier treatment (so the first is never one), the clinic's segments
    (none, ``member``, or ``member`` and ``vip``) with segment prices,
    offers for a treatment or a dose with sales windows (first-time prices
    for new patients or for a first time of the treatment), combos, discounts
    and fees naming treatments or doses, and fees scoped to some of them or
    to new patients, fees the patient chooses (``optional``, perhaps in group
    ``g1`` or ``g2``), packages (``p1``: up to two treatments of one tax
    category, up to 3 sessions each, perhaps a first-time price) and ladders
    (``l1``: up to three steps, from session 1 to 6, each for a treatment
    or dose no other ladder prices, so fewer than ``max_ladders`` when
    they run out), both with sales
    windows and segment prices (a ladder's on its steps), and goods sold beside
    treatments (物販, ``g1``), and price changes (価格改定: a treatment, dose, set or
    first-time price perhaps dearer from a day or two, each rise keeping the lowest prices
    the bounds read). The same savings bounds hold in every segment, a
    ladder's steps and a package's prices included.

    A catalog of either version may carry its own ``[lint]`` table, switching
    up to four lint rules off (each by its id or its name, with a reason).

    Example:
        >>> from hypothesis import find
        >>> catalog = find(catalogs(), lambda c: len(c.treatments) == 2)
        >>> [t.id for t in catalog.treatments], catalog.offers
        (['t1', 't2'], ())
        >>> dosed = find(catalogs(schema_version=2), lambda c: c.treatments[0].doses)
        >>> [dose.id for dose in dosed.treatments[0].doses], dosed.treatments[0].dose_unit
        (['1cc'], 'cc')

    Args:
        min_treatments: The fewest treatments (at least 1).
        max_treatments: The most treatments.
        max_offers: The most offers (bundles, monthly plans and first-time prices).
        max_combos: The most combos (only when two treatments share a tax category).
        max_fees: The most fees.
        max_discounts: The most discounts.
        prices_include_tax: Whether prices include tax; drawn when ``None``.
        ranges: Whether prices may be ranges rather than exact amounts.
        max_price: The highest price of a session, set or month.
        schema_version: 1 for catalogs of schema 1 only, 2 for the fields of schema 2 too.
        max_doses: The most doses of a treatment sold by the dose (schema 2; 0 for none).
        max_packages: The most packages (schema 2; 0 for none).
        max_ladders: The most ladders (schema 2; 0 for none).
        max_goods: The most goods records (schema 2; 0 for none; at most
            :data:`~supecost.catalog.MAX_GOODS`).
        lint: Whether a catalog may carry a ``[lint]`` table (drawn now and then). A
            property about lint's findings passes ``False``: a drawn table may switch off
            the very rule it asserts on.
        gifts: Whether sets may include goods (``Bundle.includes``) and fees be waived
            with a set (``Fee.waived_with``), schema 2; off unless asked, so the
            properties that do not ask draw the catalogs they always did.

    Returns:
        A strategy of :class:`~supecost.catalog.Catalog`.

    Raises:
        InvalidArgument: Plain treatment-count bounds are out of order, the
            schema version is not 1 or 2, or a plain ``max_goods`` is outside
            0 to :data:`~supecost.catalog.MAX_GOODS`.
    """
    _check_bounds(min_treatments, max_treatments, "treatments")
    _check_schema(schema_version)
    _check_within(max_goods, "max_goods", 0, MAX_GOODS)
    if schema_version == 2:
        return _schema_two_catalog(
            min_treatments,
            max_treatments,
            max_offers,
            max_combos,
            max_fees,
            max_discounts,
            prices_include_tax,
            ranges,
            max_price,
            max_doses,
            max_packages,
            max_ladders,
            max_goods,
            lint,
            gifts,
        )
    return _catalog(
        min_treatments,
        max_treatments,
        max_offers,
        max_combos,
        max_fees,
        max_discounts,
        prices_include_tax,
        ranges,
        max_price,
        lint,
    )


def _course(
    draw: st.DrawFn,
    max_sessions: _Bound[int],
    session_ranges_allowed: _Bound[bool],
    max_months: _Bound[int] | None,
) -> tuple[int | SessionRange, int | None]:
    """A request's sessions (a count or a range) and months."""
    top = draw(_ints(1, max_sessions, floor=1))
    sessions: int | SessionRange = draw(st.integers(1, top))
    if draw(_as_strategy(session_ranges_allowed)) and draw(st.booleans()):
        sessions = draw(session_ranges(1, top))
    months = None
    if max_months is not None and draw(st.booleans()):
        months = min(draw(_ints(1, max_months, floor=1)), 120)
    return sessions, months


@st.composite
def _request(
    draw: st.DrawFn,
    catalog: Catalog,
    max_sessions: _Bound[int],
    session_ranges_allowed: _Bound[bool],
    max_months: _Bound[int] | None,
    max_with: int,
    new_patient: _Bound[bool] | None,
    on: _Bound[date] | None,
    max_units: int = 3,
    max_history: int = 0,
) -> QuoteRequest:

    if catalog.schema_version != 1:
        patient = _patient(draw, new_patient, on, catalog)
        # The patient's birth month: not given (the examples shrink to that), the month of
        # the request's date, when a birth-month discount applies, or any month.
        month = st.none() | st.just(patient["on"].month) | st.integers(1, 12)
        return _schema_two_request(
            draw,
            catalog,
            max_sessions,
            session_ranges_allowed,
            max_months,
            max_with,
            max_units,
            max_history,
            {**patient, "birth_month": draw(month)},
        )
    member_ids = [treatment.id for treatment in catalog.treatments]
    treatment = draw(st.none() | st.sampled_from(member_ids))
    main = treatment or member_ids[0]
    sessions, months = _course(draw, max_sessions, session_ranges_allowed, max_months)
    others = [treatment_id for treatment_id in member_ids if treatment_id != main]
    with_: tuple[str, ...] = ()
    if others and max_with > 0:
        with_ = tuple(
            draw(
                st.lists(
                    st.sampled_from(others),
                    unique=True,
                    max_size=min(max_with, MAX_VISIT_TREATMENTS - 1),  # the request's limit
                )
            )
        )
    return QuoteRequest(
        treatment=treatment,
        sessions=sessions,
        months=months,
        with_=with_,
        **_patient(draw, new_patient, on, catalog),
    )


def _windows_of(catalog: Catalog) -> list[tuple[date, date]]:
    """The catalog's sales windows within the days drawn: each offer's, discount's, plan
    enrollment campaign's and first-month price's, an open end at the first or last day."""
    records: list[Any] = [*catalog.offers, *catalog.discounts]
    for offer in catalog.offers:
        if isinstance(offer, Subscription):
            records += [offer.enrollment_campaign, offer.first_month]
    found: dict[tuple[date, date], None] = {}
    for record in records:
        start = getattr(record, "valid_from", None)
        end = getattr(record, "valid_until", None)
        if start is None and end is None:
            continue
        low = max(start or _FIRST_DAY, _FIRST_DAY)
        high = min(end or _LAST_DAY, _LAST_DAY)
        if low <= high:
            found[(low, high)] = None
    return list(found)


def _between(low: date, high: date) -> SearchStrategy[date]:
    """Days from ``low`` to ``high``, shrinking towards ``low``: counted in days, as
    ``st.dates`` shrinks towards 2000 and would rank an edge day simpler than any day."""
    return st.integers(0, (high - low).days).map(lambda days: low + timedelta(days=days))


def _days(catalog: Catalog) -> SearchStrategy[date]:
    """Purchase dates for a catalog: any day, or one in a sales window of the catalog, or
    the first or last day of one or a day either side, so that a fixed catalog's campaigns
    are priced often, and at their edges. Examples shrink towards 2019-10-01, as any day's."""
    windows = _windows_of(catalog)
    anyday = _between(_FIRST_DAY, _LAST_DAY)
    if not windows:
        return anyday
    edges = sorted(
        {
            day
            for low, high in windows
            for day in (low - _ONE_DAY, low, high, high + _ONE_DAY)
            if _FIRST_DAY <= day <= _LAST_DAY
        }
    )
    within = st.one_of([_between(low, high) for low, high in windows])
    return st.one_of(anyday, within, st.sampled_from(edges))


def _patient(
    draw: st.DrawFn,
    new_patient: _Bound[bool] | None,
    on: _Bound[date] | None,
    catalog: Catalog,
) -> dict[str, Any]:
    """Whether the patient is new, and the purchase date."""
    return {
        "new_patient": draw(
            st.sampled_from([True, False]) if new_patient is None else _as_strategy(new_patient)
        ),
        "on": draw(_days(catalog) if on is None else _as_strategy(on)),
    }


def _schema_two_request(
    draw: st.DrawFn,
    catalog: Catalog,
    max_sessions: _Bound[int],
    session_ranges_allowed: _Bound[bool],
    max_months: _Bound[int] | None,
    max_with: int,
    max_units: int,
    max_history: int,
    patient: dict[str, Any],
) -> QuoteRequest:
    """A request valid for a schema-2 catalog: doses named, units allowed, options with a base."""
    by_ref = {ref: t for t in catalog.treatments for ref in _refs_of(t)}
    bases = [ref for ref, t in by_ref.items() if not t.only_with]
    main = draw(st.sampled_from(bases))
    sessions, months = _course(draw, max_sessions, session_ranges_allowed, max_months)
    others = [ref for ref, t in by_ref.items() if t.id != by_ref[main].id]
    chosen: list[str] = []
    if others and max_with > 0:
        for ref in draw(
            st.lists(
                st.sampled_from(others),
                unique=True,
                max_size=min(max_with, MAX_VISIT_TREATMENTS - 1),
            )
        ):
            if all(by_ref[ref].id != by_ref[other].id for other in chosen):
                chosen.append(ref)

    def meets(ref: str, present: Sequence[str]) -> bool:
        """Whether an option's bases are in ``present`` (a treatment alone: any dose)."""
        return any(
            base in (other, by_ref[other].id) for base in by_ref[ref].only_with for other in present
        )

    # Leave out options without their base, until what is left meets every option.
    while True:
        kept = [ref for ref in chosen if not by_ref[ref].only_with or meets(ref, [main, *chosen])]
        if kept == chosen:
            break
        chosen = kept

    def units(ref: str) -> int:
        treatment = by_ref[ref]
        most = treatment.max_units
        if most is None:
            # 10 with an extra-unit price for this dose (its own, else its treatment's).
            doses = [d for d in treatment.doses if ref == f"{treatment.id}:{d.id}"]
            priced = treatment.extra_unit_price is not None or any(
                d.extra_unit_price is not None for d in doses
            )
            most = 10 if priced else 1
        return draw(st.integers(1, max(1, min(most, max_units))))

    with_: list[str | WithEntry] = []
    for ref in chosen:
        count = units(ref)
        plain = count == 1 and draw(st.booleans())
        with_.append(ref if plain else WithEntry(treatment=ref, units=count))
    first = catalog.treatments[0]
    unnamed = main == first.id and draw(st.booleans())
    segments = list(catalog.clinic.segment_ids)
    # Sessions had before, of some of the treatments asked for (by their dose or alone):
    # they move a course up a ladder's steps and end a first time of the treatment. Now
    # and then one of anything in the catalog too (another dose, a treatment not asked
    # for), which neither may do.
    history: dict[str, int] = {}
    for ref in [main, *chosen] if max_history > 0 else []:
        if draw(st.booleans()):
            key = draw(st.sampled_from(list(dict.fromkeys([ref, by_ref[ref].id]))))
            history[key] = draw(st.integers(0, max_history))
    if max_history > 0 and draw(st.booleans()):
        anything = [ref for t in catalog.treatments for ref in _refs_and_id(t)]
        history.setdefault(draw(st.sampled_from(anything)), draw(st.integers(0, max_history)))
    if patient["new_patient"]:
        # A history is sessions had at this clinic: a new patient's counts are all 0.
        history = dict.fromkeys(history, 0)
    # Now and then the date of the last session of a treatment had before: within a month or
    # two of the request's date, so a repeat price within days may hold or not.
    last_visit = {
        ref: patient["on"] - timedelta(days=draw(st.integers(0, 62)))
        for ref, count in history.items()
        if count > 0 and draw(st.booleans())
    }
    # Some of the optional fees (most of them: the examples shrink to none), at most one of
    # each group; a per-visit one now and then at some visits only (shrinking to all).
    fees: list[str | FeeChoice] = []
    groups: set[str | None] = set()
    for fee in catalog.fees:
        if fee.optional and fee.group not in groups and draw(st.integers(0, 3)):
            per_visit = fee.charged in (Charged.EVERY_VISIT, Charged.RETURN_VISIT)
            if per_visit and draw(st.integers(0, 3)) == 3:
                fees.append(FeeChoice(fee=fee.id, visits=draw(st.integers(1, 3))))
            else:
                fees.append(fee.id)
            if fee.group is not None:
                groups.add(fee.group)
    # Some of the offers and discounts for the first patients only have no places left.
    limited = [r.id for r in (*catalog.offers, *catalog.discounts) if r.first_n is not None]
    sold_out = tuple(record_id for record_id in limited if draw(st.booleans()))
    # Some of the offers limited per patient were bought before, up to their limit or past it.
    per_patient = [
        o.id
        for o in catalog.offers
        if (isinstance(o, Bundle | Package | SharedSet) and o.per_patient)
        # A plan with a first-month price the patient may have enrolled in before.
        or (isinstance(o, Subscription) and o.first_month is not None)
    ]
    before = {offer_id: draw(st.integers(0, 2)) for offer_id in per_patient if draw(st.booleans())}
    # Some of the goods, a few units each, in any order.
    bought = {g.id: draw(st.integers(1, 3)) for g in catalog.goods if draw(st.booleans())}
    return QuoteRequest(
        treatment=None if unnamed else main,
        units=units(main),
        sessions=sessions,
        months=months,
        with_=tuple(with_),
        segment=draw(_patient_segments(segments)),
        history=history,
        fees=tuple(draw(st.permutations(fees)) if len(fees) > 1 else fees),
        sold_out=sold_out,
        bought=before,
        goods=bought,
        last_visit=last_visit,
        **patient,
    )


def _check_request_bounds(
    max_sessions: object,
    max_months: object,
    max_with: object,
    max_units: object,
    max_history: object,
) -> None:
    """Refuse, when a strategy is made, a bound no request allows (:func:`requests`' bounds)."""
    _check_within(max_sessions, "max_sessions", 1, MAX_SESSIONS)
    _check_within(max_months, "max_months", 1, MAX_MONTHS)
    _check_within(max_with, "max_with", 0)
    _check_within(max_units, "max_units", 1, MAX_UNITS)
    _check_within(max_history, "max_history", 0, MAX_HISTORY)


def requests(
    catalog: Catalog | SearchStrategy[Catalog],
    *,
    max_sessions: int | SearchStrategy[int] = 8,
    session_ranges: bool | SearchStrategy[bool] = True,
    max_months: int | SearchStrategy[int] | None = 12,
    max_with: int = 1,
    new_patient: bool | SearchStrategy[bool] | None = None,
    on: date | SearchStrategy[date] | None = None,
    max_units: int = 3,
    max_history: int = 5,
) -> SearchStrategy[QuoteRequest]:
    """Quote requests valid for a catalog; examples shrink towards one session, default treatment.

    The shrunk request names no treatment (so the catalog's first), asks for
    one session of a new patient, with no months and nothing added.

    For a catalog of schema 2 a request names a dose of a treatment sold by
    the dose, one dose of a treatment at most, units per visit within each
    treatment's maximum (as ``{"treatment": ..., "units": N}`` entries, or
    plain ids for one unit), options only with one of their bases, and
    perhaps one of the clinic's segments or several (a patient in two groups, in any
    order), and perhaps a ``history`` of
    sessions already had of some of the treatments it names (by the dose or
    the treatment alone; 0 too), which moves a course up a ladder's steps
    and ends a first time of the treatment, now and then with one entry of
    anything else in the catalog (another dose, a treatment not asked for),
    and perhaps some of the catalog's optional fees, at most one of each
    group, and perhaps a few units of some of its goods. A patient is new or
    returning either way; only a returning one's history has counts above 0 (a
    history is sessions had at this clinic).
    Its main treatment is never an option.

    Example:
        >>> from hypothesis import find
        >>> from supecost.catalog import reference_catalog
        >>> find(requests(reference_catalog()), lambda r: r.with_).with_
        ('nmn',)

    Args:
        catalog: The catalog the requests are for. A strategy of catalogs works
            too, but hides which catalog each request is for: use
            :func:`catalogs_and_requests` to get both.
        max_sessions: The most sessions asked for (a range tops out there too).
        session_ranges: Whether a request may give its sessions as a range.
        max_months: The longest course in months; ``None`` never gives months.
        max_with: The most treatments added at every visit.
        new_patient: Whether the patient is new; drawn when ``None``.
        on: The purchase date; drawn when ``None`` from 2019-10-01 to 2030-12-31,
            often within one of the catalog's sales windows (an offer's, a
            discount's, a plan's enrollment campaign or first-month price) or on
            its first or last day or a day either side, so that a fixed
            catalog's campaigns are priced often.
        max_units: The most units of a treatment per visit (schema 2), within
            what the catalog allows.
        max_history: The most sessions of a treatment already had (schema 2);
            0 for requests without a history.

    Returns:
        A strategy of :class:`~supecost.quotes.QuoteRequest`.

    Raises:
        InvalidArgument: A bound outside what a request allows (``max_sessions``
            from 1 to 1,000, ``max_months`` from 1 to 120, ``max_units`` from 1
            to 100, ``max_with`` 0 or more, ``max_history`` from 0 to 100,000),
            so that every request drawn is valid.
    """
    _check_request_bounds(max_sessions, max_months, max_with, max_units, max_history)
    return _as_strategy(catalog).flatmap(
        lambda drawn: _request(
            drawn,
            max_sessions,
            session_ranges,
            max_months,
            max_with,
            new_patient,
            on,
            max_units,
            max_history,
        )
    )


def catalogs_and_requests(
    catalog: Catalog | SearchStrategy[Catalog] | None = None,
    *,
    max_sessions: int | SearchStrategy[int] = 8,
    session_ranges: bool | SearchStrategy[bool] = True,
    max_months: int | SearchStrategy[int] | None = 12,
    max_with: int = 1,
    new_patient: bool | SearchStrategy[bool] | None = None,
    on: date | SearchStrategy[date] | None = None,
    max_units: int = 3,
    max_history: int = 5,
) -> SearchStrategy[tuple[Catalog, QuoteRequest]]:
    """Pairs of a catalog and a request valid for it; examples shrink as both strategies do.

    Example:
        >>> from hypothesis import given, settings
        >>> @settings(max_examples=10, database=None, deadline=None)
        ... @given(catalogs_and_requests(max_sessions=4))
        ... def test_requests_fit_their_catalog(pair):
        ...     catalog, request = pair
        ...     assert request.session_counts[-1] <= 4
        ...     assert all(catalog.treatment(other) for other in request.with_)
        >>> test_requests_fit_their_catalog()

    Args:
        catalog: A catalog or a strategy of catalogs; :func:`catalogs` when ``None``.
        max_sessions: As for :func:`requests`.
        session_ranges: As for :func:`requests`.
        max_months: As for :func:`requests`.
        max_with: As for :func:`requests`.
        new_patient: As for :func:`requests`.
        on: As for :func:`requests`.
        max_units: As for :func:`requests`.
        max_history: As for :func:`requests`.

    Returns:
        A strategy of ``(catalog, request)`` tuples.

    Raises:
        InvalidArgument: A bound no request allows, as for :func:`requests`.
    """
    _check_request_bounds(max_sessions, max_months, max_with, max_units, max_history)
    chosen = catalogs() if catalog is None else _as_strategy(catalog)
    return chosen.flatmap(
        lambda drawn: st.tuples(
            st.just(drawn),
            _request(
                drawn,
                max_sessions,
                session_ranges,
                max_months,
                max_with,
                new_patient,
                on,
                max_units,
                max_history,
            ),
        )
    )


# ---------------------------------------------------------------------------
# Registration with hypothesis


def _pair() -> list[Treatment]:
    """Two treatments taxed alike, for the records ``st.from_type`` draws without a catalog."""
    return [
        Treatment(id="a", name=_TREATMENT_NAMES[0], price=YenRange.exact(0)),
        Treatment(id="b", name=_TREATMENT_NAMES[1], price=YenRange.exact(0)),
    ]


def _two_alike() -> SearchStrategy[Combo]:
    """Combos for ``st.from_type(Combo)``, which has no catalog to choose treatments from."""
    return combos(_pair())


def _requests_alone() -> SearchStrategy[QuoteRequest]:
    """Requests for ``st.from_type(QuoteRequest)``: each valid for a catalog drawn with it."""
    return catalogs_and_requests().map(lambda pair: pair[1])


def _packages_alone() -> SearchStrategy[Package]:
    """Packages for ``st.from_type(Package)``: of one or both of two treatments taxed alike."""
    return packages(_pair())


def _shared_sets_alone() -> SearchStrategy[SharedSet]:
    """Shared sets for ``st.from_type(SharedSet)``: over two treatments taxed alike."""
    return _shared_set(_pair(), ids(), 5, DEFAULT_MAX_PRICE, True, ())


def _package_items() -> SearchStrategy[PackageItem]:
    return _packages_alone().flatmap(lambda package: st.sampled_from(package.contents))


def _price_changes() -> SearchStrategy[PriceChange]:
    """Price changes as records have them: a day, and a price (perhaps a range)."""
    return st.builds(
        PriceChange, on=st.dates(_FIRST_DAY, _LAST_DAY), price=_prices(DEFAULT_MAX_PRICE, True)
    )


def _ladder_steps() -> SearchStrategy[LadderStep]:
    """Steps as ladders have them: the first from session 1, later ones from further on."""
    return ladders().flatmap(lambda ladder: st.sampled_from(ladder.steps))


def _with_entries() -> SearchStrategy[WithEntry]:
    """Treatments added to a course: an id, its units per visit, perhaps its own count."""
    return st.builds(
        WithEntry,
        treatment=ids(),
        units=st.integers(1, 5),
        sessions=st.none() | st.integers(1, 8),
    )


def _fee_choices() -> SearchStrategy[FeeChoice]:
    """Optional per-visit fees chosen at some visits only: an id and a few visits."""
    return st.builds(FeeChoice, fee=ids(), visits=st.integers(1, 8))


def _quotes() -> SearchStrategy[Quote]:
    """The engine's quotes for requests valid for catalogs of either schema."""
    pairs = catalogs_and_requests(st.one_of(catalogs(), catalogs(schema_version=2)))
    return pairs.map(lambda pair: quote(*pair))


def _options() -> SearchStrategy[Option]:
    return _quotes().flatmap(lambda found: st.sampled_from(found.options))


def _lines() -> SearchStrategy[Line]:
    # Every option has a line: at least the sessions it buys.
    return _options().flatmap(lambda option: st.sampled_from(option.lines))


def _tax_lines() -> SearchStrategy[TaxLine]:
    # Every option has a tax line: one per rate of its lines, tax-included prices too.
    return _options().flatmap(lambda option: st.sampled_from(option.tax))


def _point_values() -> SearchStrategy[PointValues]:
    return _quotes().map(lambda found: found.explanation.saving_vs_singles)


def _explanations() -> SearchStrategy[Explanation]:
    return _quotes().map(lambda found: found.explanation)


def _ways() -> SearchStrategy[Way]:
    return _options().map(lambda option: option.way)


# The records below are drawn field by field, without a quote: each field within what
# the engine gives it, and a quote's drawing (hundreds of milliseconds) left to Quote's own.


def _any_ways() -> SearchStrategy[Way]:
    """Ways of every kind; a set, plan, package or upgrade names an offer id."""
    return st.one_of(
        st.sampled_from((Way.singles(), Way.intro(), Way.mix())),
        ids().map(Way.bundle),
        ids().map(Way.subscription),
        ids().map(Way.package),
        ids().map(Way.upgrade),
    )


def _refs() -> SearchStrategy[str]:
    """What an offer names: a treatment's id, or one of its doses (``treatment:dose``)."""
    return ids() | st.tuples(ids(), ids()).map(":".join)


def _payments() -> SearchStrategy[Payment]:
    """One month's payment: a month of a course (month 0 is the first visit), never negative.

    A ranged price makes a ranged payment, open-ended where the price is.
    """
    return st.builds(Payment, month=st.integers(0, MAX_MONTHS - 1), amount=yen_ranges())


def _unused() -> SearchStrategy[Unused]:
    """Sessions a set or package leaves unused, of a treatment or a dose: at least one."""
    return st.builds(Unused, offer=ids(), treatment=_refs(), sessions=st.integers(1, MAX_SESSIONS))


def _unserved() -> SearchStrategy[Unserved]:
    """Ways that serve nothing: a monthly plan or a set whose sales window reaches no
    session of a course with months (the engine gives no other reason)."""
    ways = ids().map(Way.subscription) | ids().map(Way.bundle)
    # Built by hand: ``builds`` reads the model's signature, where ``way`` is ``label``.
    return ways.map(lambda way: Unserved(way=way, reason=UnservedReason.SALES_WINDOW))


@st.composite
def _break_even(draw: st.DrawFn) -> BreakEven:
    """A set's or plan's break-even: a count within the counts checked, or none found."""
    checked = draw(st.integers(1, BREAK_EVEN_LIMIT))
    return BreakEven(
        offer=draw(ids()),
        sessions=draw(st.none() | st.integers(1, checked)),
        checked_up_to=checked,
    )


def _session_points() -> SearchStrategy[SessionPoint]:
    """The best way at one count of a range: a count a request may ask for, a total at or
    above zero."""
    return st.builds(
        SessionPoint,
        sessions=st.integers(1, MAX_SESSIONS),
        best=_any_ways(),
        total=yen_ranges(),
        winners=st.fixed_dictionaries({point: st.none() | _any_ways() for point in Scenario}),
        certain=st.booleans(),
        typical_point=st.sampled_from(TypicalPoint),
    )


_WAIVER_REASONS: Final = ("prices vary with the dose", "初回カウンセリングを含む", "a loss leader")


def _lint_rules() -> dict[str, str]:
    """Each key a waiver may name a lint rule by (its id or its name), and the rule's id."""
    # Imported when first drawn: hypothesis's entry point imports this module, and a test
    # suite that never draws a waiver should not pay for the lint.
    from supecost.lint import RULES

    return {key: item.id for item in RULES for key in (item.id, item.name)}


_SEGMENT_NAMES: Final = ((None, None), ("学生", None), ('65歳以上の"方"', "Senior"))
"""A segment's words (``name``, ``name_en``): none, Japanese alone, and text a TOML file
must escape, so a catalog written back reads the same."""


def _patient_segments(segments: Sequence[str]) -> SearchStrategy[str | tuple[str, ...] | None]:
    """A request's segment: none (what examples shrink to), one of ``segments``, or several
    of them in any order (会員 and シニア), as a request may give them."""
    several = (
        st.lists(
            st.sampled_from(list(segments)), min_size=2, max_size=len(segments), unique=True
        ).map(tuple)
        if len(segments) > 1
        else st.nothing()
    )
    return st.none() | st.sampled_from(list(segments)) | several if segments else st.none()


def _named_segments(segment: str) -> SearchStrategy[Segment]:
    """The segment ``segment``, with words of its own now and then, as a menu names it."""
    return st.sampled_from(_SEGMENT_NAMES).map(
        lambda names: Segment(id=segment, name=names[0], name_en=names[1])
    )


def _segments() -> SearchStrategy[Segment]:
    """A segment of the clinic's (``clinic.segments``), with or without its words."""
    return st.sampled_from(_SEGMENTS).flatmap(_named_segments)


def _fee_groups() -> SearchStrategy[FeeGroup]:
    """The name of a group of optional fees, as ``[[fee_groups]]`` gives it."""
    return st.sampled_from(_FEE_GROUP_NAMES).map(
        lambda names: FeeGroup(id="g1", name=names[0], name_en=names[1])
    )


def _instalment_terms() -> SearchStrategy[InstalmentTerm]:
    """A loan a clinic offers: level payments at an APR within 20 %, or interest-free add-on."""
    rates = st.one_of(
        st.sampled_from(["0", "3", "6.9", "15", "20"]).map(lambda apr: {"apr": apr}),
        st.just({"addon_rate": "0"}),
    )
    return st.builds(
        lambda names, count, rate, unit, remainder: InstalmentTerm(
            name=names[0],
            name_en=names[1],
            max_count=count,
            round_unit=unit,
            remainder=remainder,
            **rate,
        ),
        st.sampled_from([("医療ローン", "Medical loan"), ("自社分割", None)]),
        st.integers(1, 84),
        rates,
        st.sampled_from([1, 10, 100]),
        st.sampled_from(["first", "last"]),
    )


def _lint_waivers() -> SearchStrategy[LintWaiver]:
    """A lint rule switched off: a rule that exists, by its id or its name, and a reason."""
    return st.builds(
        LintWaiver,
        rule=st.sampled_from(sorted(_lint_rules())),
        reason=st.sampled_from(_WAIVER_REASONS),
    )


def _enrollment_campaigns() -> SearchStrategy[EnrollmentCampaign]:
    """A plan's enrollment campaign alone: its price and a window with at least one end."""

    def build(draw: st.DrawFn) -> EnrollmentCampaign:
        return EnrollmentCampaign.model_validate(_campaign_fields(draw, DEFAULT_MAX_PRICE, True))

    return _built(build)


def _first_months() -> SearchStrategy[FirstMonth]:
    """A plan's first-month price alone: its price, months, audience and window."""

    def build(draw: st.DrawFn) -> FirstMonth:
        return FirstMonth.model_validate(_first_month_fields(draw, 3, DEFAULT_MAX_PRICE, True))

    return _built(build)


def _lint_settings() -> SearchStrategy[LintSettings]:
    """A ``[lint]`` table: each rule switched off at most once, by its id or its name."""
    rule_of = _lint_rules()
    waivers = st.lists(_lint_waivers(), max_size=4, unique_by=lambda w: rule_of[w.rule])
    return st.builds(LintSettings, disable=waivers.map(tuple))


_REGISTERED: Final[dict[type[Any], Callable[[], SearchStrategy[Any]]]] = {
    YenRange: yen_ranges,
    SessionRange: session_ranges,
    Treatment: treatments,
    Bundle: bundles,
    Subscription: subscriptions,
    Intro: intros,
    Dose: doses,
    Combo: _two_alike,
    Fee: fees,
    Discount: discounts,
    Clinic: clinics,
    Catalog: catalogs,
    QuoteRequest: _requests_alone,
    Package: _packages_alone,
    SharedSet: _shared_sets_alone,
    PackageItem: _package_items,
    PriceChange: _price_changes,
    Ladder: ladders,
    LadderStep: _ladder_steps,
    TypicalCourse: _typical_courses,
    WithEntry: _with_entries,
    FeeChoice: _fee_choices,
    Quote: _quotes,
    Option: _options,
    Line: _lines,
    TaxLine: _tax_lines,
    PointValues: _point_values,
    Explanation: _explanations,
    Way: _ways,
    Payment: _payments,
    Unused: _unused,
    Unserved: _unserved,
    BreakEven: _break_even,
    SessionPoint: _session_points,
    LintWaiver: _lint_waivers,
    LintSettings: _lint_settings,
    FeeGroup: _fee_groups,
    Segment: _segments,
    InstalmentTerm: _instalment_terms,
    Goods: goods,
    GoodsSubscription: _goods_subscriptions,
    EnrollmentCampaign: _enrollment_campaigns,
    FirstMonth: _first_months,
}


def _register_types() -> None:
    """Register a strategy for each of supecost's types with hypothesis.

    Each is deferred, so registering builds no strategy: the cost of the entry
    point is the cost of importing supecost itself (see ``docs/testing.md``).
    """
    for kind, factory in _REGISTERED.items():
        st.register_type_strategy(kind, st.deferred(factory))


# ---------------------------------------------------------------------------
# Checks for property tests


_SAVINGS: Final = frozenset({LineKind.COMBO, LineKind.DISCOUNT})
_PLAN_KINDS: Final = frozenset({LineKind.SUBSCRIPTION, LineKind.FIRST_MONTH})
_PACKAGE_KINDS: Final = frozenset({LineKind.PACKAGE, LineKind.PACKAGE_INTRO})
_CATALOG_ROUNDINGS: Final = (Rounding.FLOOR, Rounding.CEIL, Rounding.HALF_UP)
_MESSAGE_LOCALE: Final = "en_US"
"""The checks' messages are for developers, in English, with one money format (¥170,501)."""


class Pricer(Protocol):
    """What prices a request: supecost's own :func:`~supecost.quote`, or your pricer.

    Any callable taking a catalog and a request and returning a
    :class:`~supecost.Quote` is one, so :func:`assert_no_cheaper_mix` can hold
    your pricer (or supecost's wrapped by your code) to supecost's best total.

    Example:
        >>> from supecost import quote, reference_catalog
        >>> pricer: Pricer = quote
        >>> pricer(reference_catalog(), QuoteRequest(sessions=1)).sessions
        1
    """

    def __call__(self, catalog: Catalog, request: QuoteRequest, /) -> Quote:
        """Price ``request`` against ``catalog``."""
        ...  # pragma: no cover


def _money(value: YenRange | int) -> str:
    """An amount as the checks' messages write it: ``¥170,501``, a range ``¥1–¥2 (typical ¥1)``."""
    if isinstance(value, int):
        return format_yen(value, _MESSAGE_LOCALE)
    text = format_range(value, _MESSAGE_LOCALE)
    if value.typical is not None and not value.is_exact:
        text += f" (typical {format_yen(value.typical, _MESSAGE_LOCALE)})"
    return text


def _sessions(count: int) -> str:
    return f"{count} session" if count == 1 else f"{count} sessions"


def _reproduce(request: QuoteRequest) -> str:
    """The request as JSON, so a failure outside ``@given`` can be priced again."""
    data = request.model_dump(mode="json", by_alias=True, exclude_defaults=True)
    data["on"] = str(request.on)
    return f"request: {json.dumps(data, ensure_ascii=False, separators=(',', ':'))}"


def _fail(request: QuoteRequest, option: Option, message: str) -> NoReturn:
    raise AssertionError(f"option {option.label!r}: {message}\n{_reproduce(request)}")


def _of(line: Line, ref: str) -> bool:
    """Whether a line pays for sessions of a treatment or dose the request names: a line
    names the treatment, or the dose as ``treatment:dose``, as the request may."""
    found = line.treatment
    return found is not None and (
        found == ref or ref.startswith(f"{found}:") or found.startswith(f"{ref}:")
    )


def _asked(quote: Quote) -> list[tuple[str, int]]:
    """Each treatment of the request and the sessions it needs: the main one's count, and
    each treatment added at every visit the visits it is added at (each visit by default)."""
    wanted = [(quote.treatment, quote.sessions)]
    for entry in quote.request.with_:
        if isinstance(entry, str):
            wanted.append((entry, quote.sessions))
        else:
            wanted.append((entry.treatment, min(entry.sessions or quote.sessions, quote.sessions)))
    return wanted


def _check_sessions(quote: Quote, option: Option) -> None:
    """The lines themselves pay for the sessions asked, and ``sessions_bought`` is theirs.

    A package's line counts every session it holds, of whichever treatment, so it may
    count towards each treatment; a monthly plan's lines count the sessions used, its
    allowance may buy more.
    """
    request = quote.request
    if option.sessions_bought < quote.sessions:
        _fail(
            request,
            option,
            f"buys {_sessions(option.sessions_bought)} for a course of {quote.sessions}",
        )
    if option.sessions_unused != option.sessions_bought - quote.sessions:
        _fail(
            request,
            option,
            f"{option.sessions_unused} unused sessions, but buys {option.sessions_bought} "
            f"for {quote.sessions}",
        )
    packaged = sum(line.sessions for line in option.lines if line.kind in _PACKAGE_KINDS)
    own = [
        sum(
            line.sessions
            for line in option.lines
            if line.kind not in _PACKAGE_KINDS and _of(line, ref)
        )
        for ref, _ in _asked(quote)
    ]
    for (ref, count), paid in zip(_asked(quote), own, strict=True):
        if paid + packaged < count:
            _fail(
                request,
                option,
                f"its lines pay for {_sessions(paid + packaged)} of {ref!r}, "
                f"fewer than the {count} asked",
            )
    kinds = {line.kind for line in option.lines}
    exact = not kinds & (_PLAN_KINDS | _PACKAGE_KINDS)
    if option.sessions_bought < own[0] or (exact and option.sessions_bought != own[0]):
        _fail(
            request,
            option,
            f"sessions_bought is {option.sessions_bought}, but its lines pay for "
            f"{_sessions(own[0])} of {quote.treatment!r}",
        )


def _check_lines(quote: Quote, option: Option) -> None:
    for line in option.lines:
        if line.kind in _SAVINGS:
            if line.amount.max is None or line.amount.max > 0:
                _fail(
                    quote.request,
                    option,
                    f"{line.kind} line {line.item!r} adds {_money(line.amount)} instead of saving",
                )
        elif line.amount.min < 0 or line.unit_price.min < 0:
            _fail(
                quote.request,
                option,
                f"{line.kind} line {line.item!r} is negative: {_money(line.amount)}",
            )
        if line.unit_price * line.quantity != line.amount:
            _fail(
                quote.request,
                option,
                f"line {line.item!r}: {_money(line.unit_price)} x {line.quantity} is not "
                f"{_money(line.amount)}",
            )
    _check_sessions(quote, option)


def _is(amount: YenRange, value: int) -> bool:
    """Whether a range is exactly one amount (an exact range may repeat it as its typical)."""
    return amount.min == amount.max == value and amount.typical in (None, value)


def _rates(groups: Sequence[tuple[int, TaxCategory, YenRange | int]]) -> str:
    """Tax per rate as a message writes it: ``¥15,500 at 10% (standard)``."""
    return "; ".join(f"{_money(tax)} at {rate}% ({category})" for rate, category, tax in groups)


_ROUNDING_WORDS: Final = {
    Rounding.FLOOR: "rounded down",
    Rounding.CEIL: "rounded up",
    Rounding.HALF_UP: "rounded half up",
}


def _check_tax(quote: Quote, option: Option, rounding: Rounding | None) -> None:
    request = quote.request
    categories = [tax_line.category for tax_line in option.tax]
    if len(set(categories)) != len(categories):
        _fail(
            request, option, f"tax is computed more than once for a rate: {', '.join(categories)}"
        )
    on, included = quote.on, quote.prices_include_tax
    lines = [(line.amount, effective_category(line.tax, on)) for line in option.lines]
    if any(amount.max != amount.min for amount, _ in lines):
        _check_ranged_tax(quote, option, lines)
        return
    exact = [(amount.min, category) for amount, category in lines]
    expected = [tax_line.tax.min for tax_line in option.tax]
    modes = _CATALOG_ROUNDINGS if rounding is None else (rounding,)
    found = {
        mode: invoice_tax(exact, on=on, prices_include_tax=included, rounding=mode).groups
        for mode in modes
    }
    if expected not in ([group.tax for group in groups] for groups in found.values()) or any(
        not t.tax.is_exact for t in option.tax
    ):
        stated = _rates([(t.rate, t.category, t.tax) for t in option.tax])
        worked = " or ".join(
            f"{_rates([(g.rate, g.category, g.tax) for g in groups]) or 'none'} "
            f"({_ROUNDING_WORDS[mode]})"
            for mode, groups in found.items()
        )
        _fail(
            request,
            option,
            f"tax {stated or 'none'} is not the tax of its lines, once per rate: {worked}",
        )
    subtotal = sum(amount for amount, _ in exact)
    if not _is(option.subtotal, subtotal):
        _fail(
            request,
            option,
            f"the lines add up to {_money(subtotal)}, not the subtotal {_money(option.subtotal)}",
        )
    total = subtotal if included else subtotal + sum(expected)
    if not _is(option.total, total):
        _fail(request, option, f"the total {_money(option.total)} is not {_money(total)}")


def _check_ranged_tax(
    quote: Quote, option: Option, lines: Sequence[tuple[YenRange, TaxCategory]]
) -> None:
    # Each point (low, typical, high) is a bill of its own, and savings can grow with
    # prices, so a ranged option can only be held to what its lines' ranges allow.
    request, on, included = quote.request, quote.on, quote.prices_include_tax
    possible = sum_ranges(amount for amount, _ in lines)
    if option.subtotal not in possible:
        _fail(
            request,
            option,
            f"the subtotal {_money(option.subtotal)} is outside its lines' sum {_money(possible)}",
        )
    for tax_line in option.tax:
        group = sum_ranges(amount for amount, category in lines if category is tax_line.category)
        low = max(group.min, 0)
        lowest = invoice_tax(
            [(low, tax_line.category)], on=on, prices_include_tax=included, rounding=Rounding.FLOOR
        ).tax
        named = f"tax at {tax_line.rate}% ({tax_line.category}) {_money(tax_line.tax)}"
        if tax_line.tax.min < lowest:
            _fail(request, option, f"{named} is below {_money(lowest)}")
        if group.max is not None and tax_line.tax.max is not None:
            highest = invoice_tax(
                [(max(group.max, 0), tax_line.category)],
                on=on,
                prices_include_tax=included,
                rounding=Rounding.CEIL,
            ).tax
            if tax_line.tax.max > highest:
                _fail(request, option, f"{named} is above {_money(highest)}")
    if included and option.total != option.subtotal:
        _fail(
            request,
            option,
            f"prices include tax, but the total {_money(option.total)} is not the subtotal",
        )
    if not included and option.total.min < option.subtotal.min:
        _fail(
            request,
            option,
            f"the total {_money(option.total)} is below the subtotal {_money(option.subtotal)}",
        )


def _combo_varies(option: Option) -> bool:
    """Whether a combo saves more at some point than at another: the option's total then
    holds its bills sorted, so its low end need not be its bill at the low point."""
    return any(
        line.kind is LineKind.COMBO and line.amount.min != line.amount.max for line in option.lines
    )


def _check_best(quote: Quote) -> None:
    """The best option costs no more than any other at the point a quote ranks them by: the
    typical point, its low end where no price states a standard."""
    if _combo_varies(quote.best):
        return
    best = quote.best.bill_at(Scenario.TYPICAL, ranked=True)
    for option in quote.options:
        total = option.bill_at(Scenario.TYPICAL, ranked=True)
        if _combo_varies(option):
            continue
        if best is not None and total is not None and total < best:
            _fail(
                quote.request,
                quote.best,
                f"is the best at {_money(best)}, but option {option.label!r} costs "
                f"{_money(total)} at the same point",
            )


def assert_consistent(quote: Quote, *, rounding: Rounding | None = None) -> None:
    """Check that every option of a quote adds up: lines, sessions, tax once per rate,
    totals, and a best option that is the cheapest of them.

    For each option: no line is negative except combo and discount lines
    (which never add), each line is its unit price times its quantity, the
    lines pay for the sessions asked (of the main treatment and of each
    treatment added at every visit; a package's line counts for any of its
    treatments), ``sessions_bought`` is the sessions the lines pay for (at
    least those, with a monthly plan, whose allowance may buy more, or a
    package), tax is computed once per rate (one tax line per category), and
    with exact prices the lines add up to the subtotal, the tax is that of
    the lines grouped by rate, and the total is the subtotal plus tax
    (tax-excluded prices) or the subtotal itself (tax-included). With price
    ranges each point is a bill of its own, so the option is held to what its
    lines' ranges allow. The best option is among the options and costs no
    more than any of them at the point a quote ranks them by (the typical
    point, its low end where no price states a standard).

    It reads the quote alone, without the catalog: a quote whose lines, tax
    and totals agree with each other passes even with a wrong price, a fee
    left out, a wrong tax category or a way of buying missing. Hold a pricer
    to supecost's prices with :func:`assert_no_cheaper_mix`.

    Example:
        >>> from datetime import date
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.engine import quote
        >>> request = QuoteRequest(sessions=5, on=date(2026, 4, 1))
        >>> assert_consistent(quote(reference_catalog(), request))

    Args:
        quote: The quote to check.
        rounding: The catalog's tax rounding; any rounding a catalog may choose
            when ``None`` (the quote does not record it).

    Raises:
        AssertionError: Something does not add up; the message names the option,
            and its last line is the request as JSON.
    """
    if quote.best not in quote.options:
        raise AssertionError(
            f"the best option {quote.best.label!r} is not among the options\n"
            f"{_reproduce(quote.request)}"
        )
    for option in quote.options:
        _check_lines(quote, option)
        _check_tax(quote, option, rounding)
    _check_best(quote)


def _best_at(catalog: Catalog, request: QuoteRequest, scenario: Scenario) -> int | None:
    """The optimiser's total at one point, or ``None`` where it says the total is open-ended."""
    try:
        return best_total(catalog, request, scenario=scenario)
    except RequestError:
        return None


def _saving_varies(catalog: Catalog, option: Option) -> bool:
    """Whether a combo saves more at some point than at another, or a discount's
    ``min_amount`` is met at some points only, so the total may fall."""
    return _combo_varies(option) or any(
        discount.min_amount is not None for discount in catalog.discounts
    )


def _floors(bests: dict[Scenario, int | None]) -> dict[Scenario, int | None]:
    """What each end of an option's range may not go below, from the best totals at each point.

    For an option whose total may fall as prices rise (:func:`_saving_varies`),
    whose range is its totals at the three points sorted: its low end is one
    of them, never below the lowest best total, its high end never below the
    highest (open-ended where the best is at the high point).
    """
    known = [best for best in bests.values() if best is not None]
    high = bests[Scenario.MAX]
    return {
        Scenario.MIN: min(known, default=None),
        Scenario.TYPICAL: bests[Scenario.TYPICAL],
        Scenario.MAX: None if high is None else max(known),
    }


def _check_best_low(
    catalog: Catalog, request: QuoteRequest, count: int, best: Option, ranked: int | None
) -> None:
    """The best option's low end is no more than the best total at the point a quote ranks by.

    That point prices each line at its typical amount, else its low end, so
    the best way's bill there is at least its bill at the low point: a best
    whose low end is above it is not the cheapest way. This holds where no
    price states a standard and the typical point cannot be compared, as in
    a catalog of price ranges. A combo whose saving varies, or a discount's
    ``min_amount``, may put the low point's bill above another point's.
    """
    low = best.bill_at(Scenario.MIN)
    if ranked is None or low is None or low <= ranked or _saving_varies(catalog, best):
        return
    _fail(
        request,
        best,
        f"{_sessions(count)} at the low point: the best option costs "
        f"{_money(low)}, but the best total at the point a quote ranks by is {_money(ranked)}",
    )


def _open(total: int | None) -> str:
    return "open-ended" if total is None else _money(total)


def assert_no_cheaper_mix(
    catalog: Catalog, request: QuoteRequest, *, pricer: Pricer | None = None
) -> None:
    """Check that a pricer's answers agree with supecost's best total: no quoted way of
    buying beats it, and the best costs it.

    For every session count of the request, the pricer's quote of that count
    is held to :func:`assert_consistent` (lines, sessions, tax once per rate,
    totals, the best the cheapest option), its best option's typical total,
    where known, is :func:`~supecost.engine.best_total`'s, its best option's
    low end is no more than ``best_total`` at the point a quote ranks by (so a
    dearer best is caught on a catalog of price ranges too), and at each price
    point (low, typical, high) no option costs less than ``best_total``
    there: an option is a way of buying the optimiser also considered. With
    supecost's own pricer, the quote of the best way alone (``ways="best"``)
    must also have the same best option. Where a combo's saving differs
    between the points (a group price saves more where its parts' single
    prices are higher, even when they are bought another way) or a
    discount's ``min_amount`` is met at some points only, an option's total
    may be lower at a higher point than at a lower one; its range then holds
    its totals at the three points sorted, and its low end is held to
    ``best_total``'s lowest, its high end to the highest. Where
    ``best_total`` finds the high point open-ended, so must every option be.
    A request for a range is also checked count by count against its quote's
    ``across_sessions``.

    With the default pricer this compares the engine with itself through its
    public API, so it finds disagreements between the optimiser and the quote,
    never a rule that both get wrong; the project's own tests check the
    engine against an independent brute-force oracle for that. Give your own
    pricer (or supecost's wrapped by your code) as ``pricer`` to hold its
    quotes to supecost's best total: a best option dearer or cheaper than it
    fails.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> assert_no_cheaper_mix(reference_catalog(), QuoteRequest(sessions=6))

    Args:
        catalog: The catalog.
        request: The request.
        pricer: What prices the request, a callable taking the catalog and a
            request and returning a quote; ``None`` for supecost's :func:`~supecost.quote`.

    Raises:
        AssertionError: A quoted option costs less than the best total, the
            best option is not the cheapest or not at the best total, the best
            way alone is another, or a quote does not add up; the message names
            the count, the point and the option, and its last line is the request
            as JSON.
    """
    # Looked up at each call, so a test that patches the engine's quote here is heard.
    price = quote if pricer is None else pricer
    counts = request.session_counts
    for count in counts:
        single = request.model_copy(update={"sessions": count})
        result = price(catalog, single)
        assert_consistent(result, rounding=catalog.clinic.tax_rounding)
        if pricer is None:
            alone = quote(catalog, single, ways="best").best
            if alone != result.best:
                _fail(
                    single,
                    alone,
                    f"is the best way alone, but the full quote's best is {result.best.label!r}",
                )
        bests = {scenario: _best_at(catalog, single, scenario) for scenario in Scenario}
        floors = _floors(bests)
        for scenario in Scenario:
            best = bests[scenario]
            shown = result.best.total.at(scenario)
            if scenario is Scenario.TYPICAL and shown is not None and shown != best:
                _fail(
                    single,
                    result.best,
                    f"{_sessions(count)} at the typical point: the best option costs "
                    f"{_money(shown)}, but the best total is {_open(best)}",
                )
            for option in result.options:
                total = option.total.at(scenario)
                if total is None:
                    continue
                best = floors[scenario] if _saving_varies(catalog, option) else bests[scenario]
                if best is None:
                    _fail(
                        single,
                        option,
                        f"{_sessions(count)} at the {scenario} point: costs {_money(total)}, but "
                        "the best total is open-ended there",
                    )
                if total < best:
                    _fail(
                        single,
                        option,
                        f"{_sessions(count)} at the {scenario} point: costs {_money(total)}, below "
                        f"the best total of {_money(best)}",
                    )
        _check_best_low(catalog, single, count, result.best, bests[Scenario.TYPICAL])
    if len(counts) > 1:
        for point in price(catalog, request).across_sessions:
            single = request.model_copy(update={"sessions": point.sessions})
            shown = point.total.at(Scenario.TYPICAL)
            best = _best_at(catalog, single, Scenario.TYPICAL)
            if shown is not None and shown != best:
                raise AssertionError(
                    f"{_sessions(point.sessions)} across the range: the quote shows "
                    f"{_money(shown)}, but the best total is {_open(best)}\n{_reproduce(request)}"
                )


# Importing this module registers its strategies even when hypothesis's entry
# points are switched off (HYPOTHESIS_NO_PLUGINS) or ran before it finished loading.
_register_types()
