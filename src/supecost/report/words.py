"""Words: amounts, dates, savings and catalog text in one locale, with its message table.

Every renderer (terminal text, Markdown, HTML, CSV, JSON, the chart) formats
through one :class:`Words`, so a saving or a payment month reads the same in a
quote and in a report.

>>> Words("en_US").saving(PointValues(min=500, typical=None, max=None))
'saves ¥500 at the low end, unknown at the high end'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Final, NamedTuple, Protocol

from supecost.catalog import Bundle, Subscription
from supecost.engine.context import YEAR_MONTHS
from supecost.engine.tables import LadderItem
from supecost.l10n import ListStyle, format_date, format_list, format_range, format_yen_fraction
from supecost.money import Scenario, YenRange
from supecost.quotes import Line, LineKind, PointValues, TypicalPoint, Unused, as_segments
from supecost.report.blocks import Joining, Limited, Localized, UnitName
from supecost.report.figures import PerSession, Shown
from supecost.report.messages import Messages, messages_for
from supecost.report.names import (
    birth_month_only_of,
    first_n_of,
    join_names,
    not_with_of,
    per_patient_of,
    segments_of,
    unit_labels,
    without_combos_of,
    yearly_fee,
)
from supecost.tax import TaxCategory

if TYPE_CHECKING:
    from supecost.catalog import Catalog, Goods
    from supecost.report.model import PriceChangeEntry
    from supecost.report.ways import CheaperAt, Cheapest

__all__ = [
    "Words",
    "addressee_text",
    "break_even_assumes",
    "cheaper_label",
    "cheaper_line",
    "cheapest_by_point",
    "cheapest_cell",
    "cheapest_points",
    "cheapest_uncertain",
    "each_price",
    "entry_name",
    "goods_kind_text",
    "goods_unit",
    "has_first_month",
    "intro_audience",
    "joining_text",
    "kind_key",
    "ladder_places",
    "limited_label",
    "line_item",
    "line_label",
    "line_marks",
    "not_with_conditions",
    "package_contents",
    "per_session_label",
    "point_name",
    "quantity_text",
    "restricted_label",
    "segment_header",
    "segment_words",
    "segments_text",
    "single_price",
    "ticket_headers",
    "unit_of",
    "unit_ticket_cells",
    "unit_ticket_text",
    "unit_word",
    "units_left",
    "units_unused_label",
    "unused_label",
    "window_text",
]


_LISTED: Final[dict[str, ListStyle]] = {"list:or": "or", "list:standard": "standard"}
"""Joiner messages asking for CLDR's list pattern (:meth:`Words.listed`): ``list:or`` for
names of which one applies, ``list:standard`` for names that all do."""


class Words:
    """Formats amounts, dates and catalog text for one locale.

    Example:
        >>> words = Words("en_US")
        >>> words.money(YenRange(10_000, 90_000))
        '¥10,000–¥90,000'

    Args:
        locale: The locale, such as ``ja_JP`` or ``en_US``.
        segments: The catalog's words for its patient groups, by segment id
            (``Segment.name``, ``name_en``): every document of a catalog names a segment
            by them where the catalog gives them (:func:`segment_words`).

    Raises:
        LocaleError: The locale is neither ``ja_JP`` nor ``en_US``.
    """

    def __init__(self, locale: str, segments: Mapping[str, Localized] | None = None) -> None:
        self.m: Messages = messages_for(locale)
        self.locale = self.m.locale
        self.japanese = self.m.japanese
        self.segments: Mapping[str, Localized] = {} if segments is None else segments

    def __call__(self, key: str, /, **values: object) -> str:
        """A message of the locale with its placeholders filled.

        Example:
            >>> Words("ja_JP")("sessions_count", count=3)
            '3回'

        Args:
            key: The message's key.
            **values: The values of its placeholders.

        Returns:
            The message.
        """
        return self.m(key, **values)

    def text(self, value: Localized) -> str:
        """Catalog text in this language, as it is; a message key's message.

        Example:
            >>> Words("ja_JP").text(Localized("@way_singles"))
            '@way_singles'
            >>> Words("ja_JP").text(Localized.message("way_singles"))
            '都度払い'

        Args:
            value: Catalog text, or a message key made with :meth:`Localized.message`.

        Returns:
            The text to show; catalog text is never read as a key.
        """
        own = self.m(value.key) if value.key is not None else value.pick(japanese=self.japanese)
        if isinstance(value, Joining):
            joining = joining_text(self, value.joins, discounts_only=value.discounts_only)
            own = self.m("way_joining", way=own, joining=joining)
        if isinstance(value, Limited):
            # The places last, after any joining: 「開院5回（会員登録して…・先着10名様）」.
            return limited_label(self, own, value.first_n, per_patient=value.per_patient)
        return own

    def join_names(self, names: Iterable[str]) -> str:
        """Names joined as one name in this language (:func:`~supecost.report.names.join_names`).

        Example:
            >>> Words("ja_JP").join_names(["A", "B"]), Words("en_US").join_names(["A", "B"])
            ('A＋B', 'A + B')

        Args:
            names: The names, each already in this language.

        Returns:
            The joined name.
        """
        return join_names(names, english=not self.japanese)

    def listed(self, names: Iterable[str], joiner: str) -> str:
        """Names joined as the message ``joiner`` says: by its text (「・」, 「／」, 「、」), or by
        CLDR's list pattern where it says ``list:or`` or ``list:standard``.

        The one joining of lists of names (a fee's group and the discounts a discount does
        not combine with, of which one applies; the non-taxable items a self-pay statement
        leaves out, which all do), so English reads "A, B, or C" and "A, B, and C", never
        "A or B or C".

        Example:
            >>> names = ["A", "B", "C"]
            >>> Words("ja_JP").listed(names, "excludes_join")
            'A・B・C'
            >>> Words("en_US").listed(names, "excludes_join")
            'A, B, or C'
            >>> Words("en_US").listed(names, "exempt_join")
            'A, B, and C'

        Args:
            names: The names, each already in this language.
            joiner: The key of the message that says how to join them.

        Returns:
            The joined names.
        """
        how = self(joiner)
        style = _LISTED.get(how)
        return how.join(names) if style is None else format_list(names, style, self.locale)

    def money(self, value: YenRange, typical: TypicalPoint = TypicalPoint.STATED) -> str:
        """A range or amount, with the typical value when there is one.

        A quote's totals carry their value at its typical point; where that point is
        mixed (:attr:`TypicalPoint.MIXED`) the value says so, as :func:`point_name` does.

        Example:
            >>> Words("ja_JP").money(YenRange(30_000, 60_000, 40_000))
            '30,000円〜60,000円（標準40,000円）'
            >>> Words("ja_JP").money(YenRange(33_000, 65_000, 43_000), TypicalPoint.MIXED)
            '33,000円〜65,000円（標準（記載のない価格は下限）43,000円）'

        Args:
            value: The amount or range.
            typical: What the typical point of the document showing it is made of.

        Returns:
            The amount in the locale's form.
        """
        if typical is TypicalPoint.MIXED and value.typical is not None and not value.is_exact:
            return self.m(
                "money_at_point",
                amount=format_range(value, self.locale),
                point=point_name(self, Scenario.TYPICAL, typical),
                typical=self.yen(value.typical),
            )
        return self.bracketed("", value)

    def money_by_point(
        self,
        value: YenRange,
        points: PointValues | None,
        typical: TypicalPoint = TypicalPoint.STATED,
    ) -> str:
        """A part of a bill (a month's payment, a rate's tax): at each point where given.

        Where a ``min_amount`` put a plan's bills out of order, a part's range is sorted
        and its ends need not be one bill's; its value at each point, from that point's
        own bill, is what adds up to the bill there (``points``). Else the range, as
        :meth:`money` writes it.

        Example:
            >>> words = Words("ja_JP")
            >>> words.money_by_point(YenRange(29_000, 35_000, 30_000),
            ...     PointValues(min=35_000, typical=30_000, max=29_000))
            '下限で35,000円・標準で30,000円・上限で29,000円'
            >>> words.money_by_point(YenRange(29_000, 35_000, 30_000), None)
            '29,000円〜35,000円（標準30,000円）'

        Args:
            value: The part as a range over the points.
            points: Its value at each point, or ``None`` where the bills are in order.
            typical: What the typical point of the document showing it is made of.

        Returns:
            The amount in the locale's form.
        """
        if points is None:
            return self.money(value, typical)
        return self._points(points, self.yen, typical)

    def bracketed(self, key: str, value: YenRange, /, **values: object) -> str:
        """A message whose bracket follows an amount: the typical value joins that bracket.

        ``key`` is the message without the typical value (``{amount}`` then its
        bracket); ``key`` + ``_typical`` is the same message with ``{typical}`` in
        that bracket, used when the range shows one, so a range never reads
        「…（標準…）（税込）」 with two brackets side by side. The empty key is the
        amount alone.

        Example:
            >>> words = Words("ja_JP")
            >>> words.bracketed("tax_included", YenRange(30_000, 60_000, 40_000))
            '30,000円〜60,000円（税込・標準40,000円）'
            >>> words.bracketed("tax_included", YenRange.exact(33_000))
            '33,000円（税込）'

        Args:
            key: The message's key, or ``""`` for the amount alone.
            value: The amount or range that ``{amount}`` stands for.
            **values: The message's other placeholders.

        Returns:
            The message, with one bracket after the amount.
        """
        amount = format_range(value, self.locale)
        if value.typical is None or value.is_exact:
            return self.m(key, amount=amount, **values) if key else amount
        typical = self.yen(value.typical)
        chosen = f"{key}_typical" if key else "money_typical"
        return self.m(chosen, amount=amount, typical=typical, **values)

    def aside(self, text: str, clause: str) -> str:
        """``text`` with ``clause`` added inside the bracket it ends with, else in one of its own.

        A price's words end in their bracket (「（税込）」), so a further remark joins
        it rather than standing beside it as a second one.

        Example:
            >>> words = Words("ja_JP")
            >>> words.aside("33,000円（税込）", "下記参照")
            '33,000円（税込・下記参照）'
            >>> words.aside("33,000円", "下記参照")
            '33,000円（下記参照）'
            >>> Words("en_US").aside("¥33,000 (tax incl.)", "see below")
            '¥33,000 (tax incl.; see below)'

        Args:
            text: Words built from this table, ending in a bracket or not.
            clause: The remark to add.

        Returns:
            The text with one bracket at its end.
        """
        close = self("bracket_close")
        if text.endswith(close):
            return text[: -len(close)] + self("aside_join") + clause + close
        return self.m("aside_bracket", text=text, clause=clause)

    def yen(self, value: int) -> str:
        """One amount, in the locale's usual form (``33,000円``, ``¥33,000``).

        Example:
            >>> Words("en_US").yen(33_000)
            '¥33,000'

        Args:
            value: The amount in whole yen.

        Returns:
            The amount in the locale's form.
        """
        return format_range(YenRange.exact(value), self.locale)

    def exact_yen(self, value: Fraction) -> str:
        """An exact amount that may hold a fraction of a yen, as l10n writes it.

        Example:
            >>> Words("ja_JP").exact_yen(Fraction(100_000, 3))
            '33,333.33…円'

        Args:
            value: The exact amount in yen.

        Returns:
            The amount in the locale's usual form
            (:func:`~supecost.l10n.format_yen_fraction`).
        """
        return format_yen_fraction(value, self.locale)

    def amount(self, raw: int, value: Shown | None, *, excluded: bool) -> str:
        """A catalog amount tax-included where its rate is known, else marked as before tax.

        Example:
            >>> from datetime import date
            >>> from supecost.money import Rounding
            >>> from supecost.report.figures import shown
            >>> words = Words("ja_JP")
            >>> words.amount(1_000, shown(YenRange.exact(1_000), TaxCategory.STANDARD,
            ...     date(2026, 4, 1), prices_include_tax=False, rounding=Rounding.FLOOR),
            ...     excluded=True)
            '1,100円'
            >>> words.amount(1_000, None, excluded=True)
            '税抜1,000円'

        Args:
            raw: The amount as the catalog gives it.
            value: The amount tax-included and before tax, or ``None`` when no one
                rate applies to it.
            excluded: Whether the catalog's prices are before tax.

        Returns:
            The tax-included amount; without one, the catalog's amount, labelled
            before tax when the catalog's prices are.
        """
        if value is not None:
            return self.money(value.included)
        if excluded:
            return self.m("amount_excluded", amount=self.yen(raw))
        return self.yen(raw)

    def price(self, value: Shown, *, tax_excluded: bool = False) -> str:
        """A price tax-included first (総額表示), the figure before tax beside it when asked.

        Example:
            >>> from supecost.report.figures import Shown
            >>> price = Shown(YenRange.exact(11_000), YenRange.exact(10_000), 10)
            >>> Words("ja_JP").price(price, tax_excluded=True)
            '11,000円（税込・税抜10,000円）'
            >>> drip = Shown(YenRange(33_000, 66_000, 44_000), YenRange(30_000, 60_000, 40_000), 10)
            >>> Words("ja_JP").price(drip, tax_excluded=True)
            '33,000円〜66,000円（税込・標準44,000円、税抜30,000円〜60,000円・標準40,000円）'

        Args:
            value: The price with and without tax.
            tax_excluded: Whether to show the figure before tax beside it.

        Returns:
            The price as a price page shows it.
        """
        if not (tax_excluded and value.rate):
            return self.bracketed("tax_included", value.included)
        included, excluded = value.included, value.excluded
        if included.typical is None or included.is_exact:
            return self.m(
                "tax_excluded_beside",
                amount=format_range(included, self.locale),
                excluded=self.money(excluded),
            )
        # The price before tax is the same points mapped down, so it has a typical too.
        assert excluded.typical is not None
        return self.m(
            "tax_excluded_beside_typical",
            amount=format_range(included, self.locale),
            typical=self.yen(included.typical),
            excluded=format_range(excluded, self.locale),
            excluded_typical=self.yen(excluded.typical),
        )

    def rate(self, category: TaxCategory, rate: int) -> str:
        """The label of a tax rate: ``10%対象``, ``8%対象※``, ``非課税``, ``不課税``.

        Example:
            >>> words = Words("ja_JP")
            >>> words.rate(TaxCategory.REDUCED, 8), words.rate(TaxCategory.OUT_OF_SCOPE, 0)
            ('8%対象※', '不課税')

        Args:
            category: The tax category.
            rate: Its rate in whole percent.

        Returns:
            The label; reduced-rate labels carry the reduced-rate mark.
        """
        if category is TaxCategory.EXEMPT:
            return self.m("rate_exempt")
        if category is TaxCategory.OUT_OF_SCOPE:
            return self.m("rate_out_of_scope")
        mark = self.m("reduced_mark") if category is TaxCategory.REDUCED else ""
        return self.m("rate_label", rate=rate) + mark

    def date(self, value: date) -> str:
        """A date in the locale's form.

        Example:
            >>> Words("ja_JP").date(date(2026, 4, 1))
            '2026年4月1日'

        Args:
            value: The date.

        Returns:
            The date as text.
        """
        return format_date(value, self.locale)

    def payment_month(self, month: int) -> str:
        """The one label of a payment's month, for quotes and estimates alike.

        Example:
            >>> words = Words("ja_JP")
            >>> words.payment_month(0), words.payment_month(3)
            ('1か月目（初回ご利用時）', '4か月目')

        Args:
            month: The month of the course, 0 for the first visit's.

        Returns:
            The course month counted from 1, the first visit's marked.
        """
        return self.m("month_first") if month == 0 else self.m("month_n", month=month + 1)

    def points(self, value: PointValues) -> tuple[int, ...]:
        """The known points of a difference, lowest first, without repeats.

        Example:
            >>> Words("ja_JP").points(PointValues(min=5, typical=None, max=5))
            (5,)

        Args:
            value: The difference at each scenario point.

        Returns:
            The known amounts, sorted.
        """
        known = {value.min, *(p for p in (value.typical, value.max) if p is not None)}
        return tuple(sorted(known))

    def saving(
        self,
        value: PointValues,
        typical: TypicalPoint = TypicalPoint.STATED,
        beyond: int | None = None,
    ) -> str:
        """A saving against singles: "X saved", "Y more", or its value at each point.

        Example:
            >>> Words("en_US").saving(PointValues(min=7_397, typical=7_397, max=7_397))
            'saves ¥7,397'
            >>> Words("ja_JP").saving(PointValues(min=-30_000, typical=30_000, max=200_000))
            '下限でお得になりません（30,000円割高）・標準で30,000円お得・上限で200,000円お得'
            >>> Words("ja_JP").saving(PointValues(min=-50_000, typical=None, max=None), beyond=-10)
            '下限でお得になりません（50,000円割高）・上限でお得になりません（10円以上割高）'

        Args:
            value: Singles' total minus the set's, at each scenario point.
            typical: What the typical point is made of, to name it.
            beyond: Where the high point's saving is unknown (an open-ended price), what it
                is known to pass (:func:`~supecost.report.figures.beyond`), if anything.

        Returns:
            The saving as text.
        """
        bounded = None if beyond is None else self._saving_one(beyond, at_least=True)
        return self._points(value, self._saving_one, typical, bounded)

    def _saving_one(self, amount: int, at_least: bool = False) -> str:
        if amount > 0:
            return self.m("saving_value", amount=self._size(amount, at_least))
        if amount < 0:
            return self.m("saving_none", amount=self._size(amount, at_least))
        return self.m("saving_zero")

    def _size(self, amount: int, at_least: bool) -> str:
        """An amount's size in yen; "at least" it where only a bound is known."""
        size = self.yen(abs(amount))
        return self.m("at_least", amount=size) if at_least else size

    def saving_by_dose(self, value: PointValues, cheapest: str, dearest: str) -> str:
        """A set's saving against singles where its ends are doses, not a price range's ends.

        A set on a treatment without a dose named serves every dose at one price: its
        saving is lowest against the cheapest dose's singles and highest against the
        dearest's, and is worded so (never 下限/上限, the ends of a price range).

        Example:
            >>> Words("ja_JP").saving_by_dose(PointValues(min=11_000, typical=None,
            ...     max=501_000), "1cc", "10cc")
            '1ccで11,000円お得・10ccで501,000円お得'

        Args:
            value: Singles' total minus the set's, against the cheapest and the dearest dose.
            cheapest: The cheapest dose's name.
            dearest: The dearest dose's name.

        Returns:
            The saving as text.
        """
        assert value.max is not None  # every dose's price is exact
        return self.m(
            "saving_by_dose",
            low_dose=cheapest,
            low=self._saving_one(value.min),
            high_dose=dearest,
            high=self._saving_one(value.max),
        )

    def difference(
        self,
        value: PointValues,
        typical: TypicalPoint = TypicalPoint.STATED,
        beyond: int | None = None,
    ) -> str:
        """How much more another plan costs than the chosen one.

        Example:
            >>> Words("en_US").difference(PointValues(min=500, typical=500, max=500))
            '¥500 more'
            >>> Words("ja_JP").difference(PointValues(min=-45_000, typical=5_000, max=75_000))
            '下限で45,000円安い・標準で5,000円高い・上限で75,000円高い'
            >>> Words("en_US").difference(PointValues(min=50_000, typical=None, max=None),
            ...     beyond=20_000)
            '¥50,000 more at the low end, at least ¥20,000 more at the high end'

        Args:
            value: The other plan's total minus the chosen one's, at each scenario point.
            typical: What the typical point is made of, to name it.
            beyond: Where the high point's difference is unknown (an open-ended price), what
                it is known to pass (:func:`~supecost.report.figures.beyond`), if anything.

        Returns:
            The difference as text.
        """

        def one(amount: int, at_least: bool = False) -> str:
            if amount < 0:
                return self.m("difference_less", amount=self._size(amount, at_least))
            if amount == 0:
                return self.m("difference_same")
            return self.m("difference_value", amount=self._size(amount, at_least))

        bounded = None if beyond is None else one(beyond, at_least=True)
        return self._points(value, one, typical, bounded)

    def _points(
        self,
        value: PointValues,
        one: Callable[[int], str],
        typical: TypicalPoint,
        bounded: str | None = None,
    ) -> str:
        """``bounded``: the high point's words where it is open, yet known to pass an amount."""
        if value.max is not None and value.min == value.max and value.typical in (None, value.min):
            return one(value.min)
        if value.max is not None:
            high = one(value.max)
        else:
            high = self.m("unknown") if bounded is None else bounded
        if value.typical is None or typical.is_low:
            return self.m("saving_points", low=one(value.min), high=high)
        # Quotes rank ways at the typical point: the figure there is the one the
        # recommendation rests on, named as the recommendation names that point.
        return self.m(
            "saving_points_typical",
            low=one(value.min),
            point=point_name(self, Scenario.TYPICAL, typical),
            typical=one(value.typical),
            high=high,
        )


_POINT_KEYS: Final = {
    Scenario.MIN: "point_min",
    Scenario.TYPICAL: "point_typical",
    Scenario.MAX: "point_max",
}


def point_name(words: Words, point: Scenario, typical: TypicalPoint) -> str:
    """A price point's name, never "standard" where no standard price is stated.

    The one place a point is named: the typical point is 標準 where the catalog
    states standard prices, 標準（記載のない価格は下限） where only some do, and the
    low end, saying why, where none does.

    Example:
        >>> words = Words("ja_JP")
        >>> point_name(words, Scenario.TYPICAL, TypicalPoint.STATED)
        '標準'
        >>> point_name(words, Scenario.TYPICAL, TypicalPoint.LOW)
        '下限（標準価格の記載がないため）'

    Args:
        words: The locale's words.
        point: The point.
        typical: What the typical point is made of.

    Returns:
        The name.
    """
    if point is Scenario.TYPICAL and typical is TypicalPoint.MIXED:
        return words("point_typical_mixed")
    if point is Scenario.TYPICAL and typical is TypicalPoint.LOW:
        return words("point_typical_low")
    if point is Scenario.TYPICAL and typical is TypicalPoint.GAPS:
        return words("point_typical_gaps")
    return words(_POINT_KEYS[point])


def cheaper_label(words: Words, cheaper: CheaperAt, typical: TypicalPoint) -> str:
    """Which way is cheapest at a point where the shown plan is not: 「上限の価格では…が最安」.

    Example:
        >>> from supecost.report.ways import CheaperAt
        >>> plan = CheaperAt(Scenario.MAX, "subscription:m", Localized("月額プラン"), 168300, True)
        >>> cheaper_label(Words("ja_JP"), plan, TypicalPoint.LOW)
        '上限の価格では月額プランが最安'

    Args:
        words: The locale's words.
        cheaper: The cheaper way at that point (:func:`supecost.report.ways.cheaper_elsewhere`).
        typical: What the quote's typical point is made of, to name the point.

    Returns:
        The words, without the amount (a CSV row gives it in its point's column).
    """
    # Known to be the cheapest there, or only the cheapest of the ways priced there.
    key = "cheaper_at_winner" if cheaper.known else "cheaper_at_of_priced"
    point = point_name(words, cheaper.point, typical)
    return words(key, point=point, name=words.text(cheaper.name))


def cheaper_line(words: Words, cheaper: CheaperAt, typical: TypicalPoint) -> str:
    """The cheapest total at a point where the shown plan is not the cheapest, as a sentence.

    The one wording of it, below the total of a quote's text and of an estimate.

    Example:
        >>> from supecost.report.ways import CheaperAt
        >>> plan = CheaperAt(Scenario.MAX, "subscription:m", Localized("Monthly"), 168300, False)
        >>> cheaper_line(Words("en_US"), plan, TypicalPoint.LOW)
        'Cheapest at high prices of the ways priced there: Monthly — ¥168,300'

    Args:
        words: The locale's words.
        cheaper: The cheaper way at that point and its total there.
        typical: What the quote's typical point is made of, to name the point.

    Returns:
        The sentence.
    """
    label = cheaper_label(words, cheaper, typical)
    return words("cheaper_total", cheaper=label, amount=words.yen(cheaper.total))


def break_even_assumes(
    words: Words, name: str, months: int | None, *, first_month: bool = False
) -> str:
    """What a break-even count assumes, for the quote and the comparison alike.

    A break-even is one definition (:class:`supecost.quotes.BreakEven`): the main
    treatment alone over the request's months, fees and tax included, without what the
    rest of a request adds or takes off. A plan's first months at a lower price are left
    out too (docs/catalog.md, first_month), named where a plan compared has them, so a
    table that counts them and a count that does not never disagree unexplained.

    Example:
        >>> words = Words("en_US")
        >>> break_even_assumes(words, "IV", 6)  # doctest: +ELLIPSIS
        'Counted for IV alone over 6 months against single sessions, ...'
        >>> break_even_assumes(Words("ja_JP"), "NMN", None, first_month=True)  # doctest: +ELLIPSIS
        '...初回価格・月額プランの初月価格・これまでの受診は含みません）。'

    Args:
        words: The locale's words.
        name: The treatment's name.
        months: The request's months, if it gives them.
        first_month: Whether a plan compared has a first-month price
            (:func:`has_first_month`).

    Returns:
        The sentence.
    """
    course = "" if months is None else words("break_even_course_months", months=months)
    first = words("break_even_first_month") if first_month else ""
    return words("break_even_assumes", name=name, course=course, first_month=first)


def has_first_month(offer: object) -> bool:
    """Whether an offer is a monthly plan with a first-month price, which a break-even
    leaves out (:func:`break_even_assumes` then says so).

    Example:
        >>> from supecost.catalog import Subscription
        >>> plan = Subscription(kind="subscription", id="m", treatment="t", monthly_fee=1,
        ...                     sessions_per_month=1, min_months=1, first_month={})
        >>> has_first_month(plan), has_first_month(None)
        (True, False)
    """
    return isinstance(offer, Subscription) and offer.first_month is not None


def cheapest_points(words: Words, found: Cheapest, label: str) -> str:
    """The points at which one way is cheapest, as 「下限・標準」; empty where it is at none.

    Where no standard price is stated the typical point is the low one, named once.

    Example:
        >>> from supecost.report.ways import Cheapest
        >>> found = Cheapest("singles", "singles", None, False, TypicalPoint.LOW)
        >>> cheapest_points(Words("ja_JP"), found, "singles")
        '下限'

    Args:
        words: The locale's words.
        found: Where each way is cheapest.
        label: The way's label.

    Returns:
        The points, joined.
    """
    return words("point_join").join(
        point_name(words, point, found.typical_point) for point in found.at(label)
    )


def cheapest_by_point(
    words: Words, found: Cheapest, points: Iterable[Scenario] | None = None
) -> str:
    """The cheapest way at each point, as 「下限: 都度払い、上限: 不明」.

    Example:
        >>> from supecost.report.ways import Cheapest
        >>> from supecost.report.blocks import Localized
        >>> found = Cheapest("singles", "singles", None, False, TypicalPoint.LOW,
        ...                  (("singles", Localized("都度払い")),))
        >>> cheapest_by_point(Words("ja_JP"), found)
        '下限: 都度払い、上限: 不明'

    Args:
        words: The locale's words.
        found: Where each way is cheapest, with the ways' names.
        points: The points to name, low to high; every point of ``found`` by default.

    Returns:
        The winners, joined.
    """
    return words("point_winner_join").join(
        words(
            "point_winner",
            point=point_name(words, point, found.typical_point),
            name=words("unknown")
            if (label := found.winner(point)) is None
            else words.text(found.name(label)),
        )
        for point in (found.points() if points is None else points)
    )


def cheapest_uncertain(
    words: Words, found: Cheapest, cheaper: Iterable[CheaperAt] = ()
) -> str | None:
    """The sentence for a cheapest way not known to be one way everywhere.

    Where the known winners differ, the cheapest way changes with prices and the
    sentence says which is where; where they are all one way and only some points
    are unknown (an open-ended price may be cheaper there), nothing is known to
    change: it says where the cheapest is unknown, with the known winner.

    A point a cheaper line already words beside the same total (``cheaper``, from
    :func:`supecost.report.ways.cheaper_elsewhere`, worded by :func:`cheaper_line`) is
    left out, so each point is said once: the line 「上限の価格では…が最安（その価格の
    分からない買い方を除く）」 is not followed by 「上限の価格での最安の買い方は分かりません」.
    ``None`` where no point is left that the sentence would add anything on.

    Example:
        >>> from supecost.report.ways import Cheapest
        >>> from supecost.report.blocks import Localized
        >>> found = Cheapest("singles", "singles", None, False, TypicalPoint.LOW,
        ...                  (("singles", Localized("都度払い")),))
        >>> cheapest_uncertain(Words("ja_JP"), found)
        '上限の価格での最安の買い方は分かりません（下限: 都度払い）'

    Args:
        words: The locale's words.
        found: Where each way is cheapest, with the ways' names; not ``certain``.
        cheaper: The cheaper lines shown beside it, whose points it leaves out.

    Returns:
        The sentence, or ``None``.
    """
    said = {line.point for line in cheaper}
    points = [point for point in found.points() if point not in said]
    unknown = [point for point in points if found.winner(point) is None]
    known = [point for point in points if found.winner(point) is not None]
    differ = len({found.winner(point) for point in known}) > 1
    if differ:
        return words("quote_uncertain", winners=cheapest_by_point(words, found, points))
    if not unknown:
        # One way at every point left: the cheaper lines say all that changes.
        return None
    winners = words("point_winner_join").join(
        words(
            "point_winner",
            point=point_name(words, point, found.typical_point),
            name=words.text(found.name(label)),
        )
        for point in known
        if (label := found.winner(point)) is not None
    )
    return words(
        "quote_unknown_at",
        points=words("point_join").join(
            point_name(words, point, found.typical_point) for point in unknown
        ),
        winners=winners if known else words("unknown"),
    )


def cheapest_cell(words: Words, found: Cheapest) -> str:
    """The cheapest way in one cell: its name where certain, else each way with its points.

    Such as 「都度払い（下限）／月額プラン（上限）」; 「価格による」 where no point's is known.

    Example:
        >>> from supecost.report.ways import Cheapest
        >>> from supecost.report.blocks import Localized
        >>> found = Cheapest("singles", "singles", "subscription:m", False, TypicalPoint.STATED,
        ...     (("singles", Localized("都度払い")), ("subscription:m", Localized("月額プラン"))))
        >>> cheapest_cell(Words("ja_JP"), found)
        '都度払い（下限・標準）／月額プラン（上限）'

    Args:
        words: The locale's words.
        found: Where each way is cheapest, with the ways' names.

    Returns:
        The cell's text.
    """
    labels = [found.winner(point) for point in found.points()]
    known = list(dict.fromkeys(label for label in labels if label is not None))
    if found.certain and len(known) == 1:
        return words.text(found.name(known[0]))
    if not known:
        return words("cheapest_depends")
    parts = [
        words(
            "cheapest_points",
            name=words.text(found.name(label)),
            points=cheapest_points(words, found, label),
        )
        for label in known
    ]
    unknown = [point for point in found.points() if found.winner(point) is None]
    if unknown:
        points = words("point_join").join(
            point_name(words, point, found.typical_point) for point in unknown
        )
        parts.append(words("cheapest_points", name=words("unknown"), points=points))
    return words("cheapest_join").join(parts)


def segment_header(words: Words, segment: str) -> str:
    """The heading of a segment's price column: a known group's name, else from its id.

    Example:
        >>> segment_header(Words("ja_JP"), "member"), segment_header(Words("en_US"), "gold")
        ('会員価格', 'gold price')

    Args:
        words: The locale's words.
        segment: The segment id, as ``clinic.segments`` lists it.

    Returns:
        The heading.
    """
    return segment_words(words, "segment_name", "segment_price", segment)


def segments_text(
    words: Words, segment: str | tuple[str, ...], discounted: Collection[str] = ()
) -> str:
    """The patient's segments as a request's facts say them: each one's heading
    (:func:`segment_header`), joined as one name for a patient in several.

    Example:
        >>> segments_text(Words("ja_JP"), "member")
        '会員価格'
        >>> named = Words("ja_JP", {"senior": Localized("シニア", "Seniors")})
        >>> segments_text(named, ("member", "senior"))
        '会員価格＋シニア価格'
        >>> segments_text(named, ("member", "senior"), discounted=("senior",))
        '会員価格'

    Args:
        words: The locale's words (with the catalog's names of its segments).
        segment: The request's segment: an id, or several.
        discounted: Those with no price of their own, only discounts (学割), left out: a
            heading would name a price they do not have (:func:`segments_who` names them).

    Returns:
        The words.
    """
    priced = (s for s in as_segments(segment) if s not in discounted)
    return words.join_names(segment_header(words, s) for s in priced)


def joining_text(words: Words, segment: str, *, discounts_only: bool = False) -> str:
    """What joining a segment to pay its prices is called: a known group's words, else its id;
    for a segment only discounts are for (学割), joining for its discounts, never its prices.

    Example:
        >>> joining_text(Words("ja_JP"), "member"), joining_text(Words("en_US"), "gold")
        ('会員登録して会員価格で', 'joining gold')
        >>> named = Words("ja_JP", {"member": Localized("会員", None)})
        >>> joining_text(named, "member", discounts_only=True)
        '会員に登録して会員の方の割引で'
        >>> joining_text(Words("en_US"), "member", discounts_only=True)
        "joining as member for the members' discounts"

    Args:
        words: The locale's words.
        segment: The segment id, as ``clinic.segments`` lists it.
        discounts_only: Whether the segment has no price of its own
            (``Catalog.priced_segments`` leaves it out).

    Returns:
        The words.
    """
    key = "segment_join_discounts" if discounts_only else "segment_join"
    return segment_words(words, key, key, segment)


_NOT_WITH: Final[Mapping[str, str]] = {
    "first_time": "cond_without_first_time",
    "offers": "cond_without_offers",
}
"""The message of each of what a discount is not taken with (``report.names.not_with_of``)."""


def not_with_conditions(words: Words, not_with: Iterable[str]) -> list[str]:
    """A discount's conditions for what its bill does without besides combos: 「初回価格との併用
    不可」 (``with_first_time = false``), 「セット・回数券・プランとの併用不可」 (``with_offers``).

    The one wording of them, for the price list, ``catalog show``, the estimate and the
    quote alike.

    Example:
        >>> not_with_conditions(Words("ja_JP"), ["first_time", "offers"])
        ['初回価格との併用不可', 'セット・回数券・プランとの併用不可']
        >>> not_with_conditions(Words("en_US"), ["first_time"])
        ['not with first-time prices']

    Args:
        words: The locale's words.
        not_with: ``"first_time"``, ``"offers"``, as ``report.names.not_with_of`` gives them.

    Returns:
        The conditions, in the order given.
    """
    return [words(_NOT_WITH[kind]) for kind in not_with]


def segments_condition(words: Words, segments: Sequence[str]) -> str:
    """A discount's condition on the patient's segment: 「会員様限定」, 「会員様、ご紹介の方限定」.

    The one wording of ``Discount.segments``, for the price list, the estimate, the
    simulator and ``catalog show`` alike.

    Example:
        >>> segments_condition(Words("ja_JP"), ["member"])
        '会員様限定'
        >>> segments_condition(Words("en_US"), ["member", "referred"])
        'members, referred patients only'
        >>> segments_condition(Words("ja_JP"), ["gold"])
        '「gold」の方限定'

    Args:
        words: The locale's words.
        segments: The segment ids, as the discount lists them.

    Returns:
        The condition.
    """
    return words("cond_segments", who=segments_who(words, segments))


def segments_who(words: Words, segments: Sequence[str]) -> str:
    """The patients of segments, as a discount's group names them: 「会員様、学生の方」.

    Example:
        >>> named = Words("ja_JP", {"student": Localized("学生", "Student")})
        >>> segments_who(named, ["member", "student"])
        '会員様、学生の方'

    Args:
        words: The locale's words (with the catalog's names of its segments).
        segments: The segment ids.

    Returns:
        The words.
    """
    return words("list_join").join(
        segment_words(words, "segment_who", "segment_who", segment) for segment in segments
    )


def segment_words(words: Words, known: str, other: str, segment: str) -> str:
    """The catalog's name of a segment in ``other`` (its ``{other}_named`` form where the
    table has one), else a known segment's own words (``{known}_{segment}``), else ``other``
    naming its id.

    The one owner of the choice between the catalog's name of a group, a known group's
    words and a segment's id. A name that already names people (「65歳以上の方」, ending as
    the table's ``segment_people_ends`` says) takes the ``{other}_people`` form, so it is
    never 「65歳以上の方の方」.

    Example:
        >>> words = Words("ja_JP")
        >>> segment_words(words, "fee_charged_joining", "fee_charged_joining", "member")
        '会員登録時に1回（以後は会員価格）'
        >>> segment_words(words, "fee_charged_joining", "fee_charged_joining", "gold")
        'gold登録時に1回'
        >>> named = Words("ja_JP", {"student": Localized("学生", "Student")})
        >>> segment_words(named, "segment_who", "segment_who", "student")
        '学生の方'
        >>> senior = Words("ja_JP", {"senior": Localized("65歳以上の方", None)})
        >>> segment_words(senior, "segment_who", "segment_who", "senior")
        '65歳以上の方'

    Args:
        words: The locale's words (with the catalog's names of its segments).
        known: The message key a known segment's own words follow with ``_{segment}``.
        other: The message key naming any other segment by its id or name (``{segment}``).
        segment: The segment id, as ``clinic.segments`` lists it.

    Returns:
        The words.
    """
    name = words.segments.get(segment)
    if name is not None:
        text = words.text(name)
        people = f"{other}_people"
        if people in words.m.table and text.endswith(tuple(words("segment_people_ends").split())):
            return words(people, segment=text)
        named = f"{other}_named"
        return words(named if named in words.m.table else other, segment=text)
    own = f"{known}_{segment}"
    if own in words.m.table:
        return words(own)
    return words(other, segment=segment)


def window_text(
    words: Words,
    start: date | None,
    end: date | None,
    first_n: int | None = None,
    per_patient: int | None = None,
) -> str:
    """A sales window as a price list says it: 「2026年4月1日から2026年12月31日まで」.

    An offer or discount for the first patients only (``first_n``) says so after
    its window: 「先着10名様」.

    Example:
        >>> window_text(Words("ja_JP"), None, date(2026, 12, 31))
        '2026年12月31日まで'
        >>> window_text(Words("en_US"), date(2026, 4, 1), None)
        'from Apr 1, 2026'
        >>> window_text(Words("ja_JP"), None, date(2026, 12, 31), 10)
        '2026年12月31日まで、先着10名様'
        >>> window_text(Words("ja_JP"), None, None, 20, per_patient=1)
        '先着20名様、お一人様1セット限り'

    Args:
        words: The locale's words.
        start: The first day on sale, or ``None``.
        end: The last day on sale, or ``None``.
        first_n: The places of an offer for the first patients only, or ``None``.
        per_patient: How many of it one patient may buy (``per_patient``), or ``None``.

    Returns:
        The window; empty when both ends are open and neither places nor patients'
        purchases are limited.
    """
    parts = []
    if start is not None:
        parts.append(words("cond_from", date=words.date(start)))
    if end is not None:
        parts.append(words("cond_until", date=words.date(end)))
    window = words("window_join").join(parts)
    limits = [words("first_n", count=first_n)] if first_n is not None else []
    if per_patient is not None:
        limits.append(words("per_patient", count=per_patient))
    return words("list_join").join([window, *limits] if window else limits)


class FirstMonthTerms(Protocol):
    """Who gets a plan's first-month price and when: the catalog's record or the list's."""

    @property
    def months(self) -> int: ...
    @property
    def new_patients_only(self) -> bool: ...
    @property
    def valid_from(self) -> date | None: ...
    @property
    def valid_until(self) -> date | None: ...


def first_month_text(words: Words, price: str | None, terms: FirstMonthTerms) -> str:
    """A plan's first months at a lower price as every document says it: 「初月無料」.

    ``price`` is the first months' price as the document shows a price, ``None`` where
    they are free; who gets it (new patients only) and its window follow, from ``terms``.

    Example:
        >>> from supecost.catalog import FirstMonth
        >>> first_month_text(Words("ja_JP"), None, FirstMonth())
        '初月無料'
        >>> first_month_text(Words("ja_JP"), "13,750円", FirstMonth(new_patients_only=True))
        '初月 13,750円、当院が初めての方のみ'
        >>> two = FirstMonth(months=2, valid_until="2026-12-31")
        >>> first_month_text(Words("en_US"), "¥13,750", two)
        'first 2 months ¥13,750 each, until Dec 31, 2026'
    """
    months = terms.months
    if price is None:
        free = words("first_month_free")
        text = free if months == 1 else words("first_months_free", months=months)
    elif months == 1:
        text = words("first_month_price", price=price)
    else:
        text = words("first_months_price", price=price, months=months)
    parts = [text]
    if terms.new_patients_only:
        parts.append(words("cond_new_patients"))
    window = window_text(words, terms.valid_from, terms.valid_until)
    if window:
        parts.append(window)
    return words("list_join").join(parts)


def intro_audience(words: Words, sessions: int, *, first_time: bool, whole: bool = False) -> str:
    """Who a first-time price is for and for how many sessions, as every document says it.

    A ``for = "first_time"`` price is for anyone who never had the treatment,
    returning patients of the clinic included; the default one only for new patients.
    One sold whole (``sold_whole``) of more than one session says its price is for
    them all together.

    Example:
        >>> intro_audience(Words("ja_JP"), 1, first_time=True)
        'この施術が初めての方の最初の1回'
        >>> intro_audience(Words("en_US"), 1, first_time=False)
        'first session, new patients only'
        >>> intro_audience(Words("ja_JP"), 3, first_time=False, whole=True)
        '当院が初めての方の最初の3回分をまとめて（分割不可）'

    Args:
        words: The locale's words.
        sessions: How many first sessions the price is for.
        first_time: Whether it is for anyone new to the treatment.
        whole: Whether the price is for all the sessions, sold whole.

    Returns:
        The audience and the sessions.
    """
    key = "intro_whole" if whole and sessions > 1 else "intro_sessions"
    return words(f"{key}_first_time" if first_time else key, count=sessions)


def ladder_places(words: Words, start: int, end: int | None, within_days: int | None = None) -> str:
    """The places of the sessions a ladder's step prices: 「1〜5回目」, 「6回目以降」, with
    the days of the previous session it holds within as the menu prints them; the one
    namer of a step (price list, CSV, ``catalog show``, a quote's lines).

    Example:
        >>> ladder_places(Words("ja_JP"), 1, 5), ladder_places(Words("en_US"), 6, None)
        ('1〜5回目', 'from session 6')
        >>> ladder_places(Words("ja_JP"), 3, 3)
        '3回目'
        >>> ladder_places(Words("ja_JP"), 2, None, 30)
        '2回目以降・前回から30日以内'

    Args:
        words: The locale's words.
        start: The place of the step's first session (1-based).
        end: The place of its last session, or ``None`` for every later one.
        within_days: The step's ``within_days``, where it holds only so (never on the
            first step, which every session falls back to).

    Returns:
        The places.
    """
    if end is None:
        places = words("ladder_from", place=start)
    elif end == start:
        places = words("ladder_place", place=start)
    else:
        places = words("ladder_places", low=start, high=end)
    if within_days is None or start == 1:
        return places
    return words("ladder_within", places=places, days=within_days)


def single_price(words: Words, price: Shown, by_place: bool, *, beside: bool, mark: str) -> str:
    """A session's single price as a price list shows it, saying so where a ladder sets it.

    The figure is the price list's (:class:`~supecost.report.model.TreatmentEntry`):
    with ``by_place`` it spans a ladder's steps, which the list gives below.

    Example:
        >>> price = Shown(YenRange(25_000, 30_000), YenRange(22_728, 27_273), 10)
        >>> single_price(Words("ja_JP"), price, True, beside=False, mark="")
        '25,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価）'

    Args:
        words: The locale's words.
        price: The single price, tax-included and before tax.
        by_place: Whether a ladder sets it by the session's place.
        beside: Whether to show the price before tax beside it.
        mark: The reduced-rate mark of the item, or ``""``.

    Returns:
        The cell's text.
    """
    text = words.price(price, tax_excluded=beside)
    return (words.aside(text, words("single_by_place")) if by_place else text) + mark


def with_changes(words: Words, text: str, changes: Sequence[PriceChangeEntry]) -> str:
    """A price's cell with its coming changes (価格改定) said beside it, each with its day.

    Example:
        >>> from supecost.report.model import PriceChangeEntry
        >>> new = Shown(YenRange.exact(77_000), YenRange.exact(70_000), 10)
        >>> with_changes(Words("ja_JP"), "66,000円（税込）",
        ...              [PriceChangeEntry(date(2027, 1, 1), new)])
        '66,000円（税込・2027年1月1日より77,000円）'
        >>> with_changes(Words("en_US"), "¥66,000 (tax incl.)",
        ...              [PriceChangeEntry(date(2027, 1, 1), new)])
        '¥66,000 (tax incl.; ¥77,000 from Jan 1, 2027)'

    Args:
        words: The locale's words.
        text: The price's cell as it reads without them.
        changes: The coming changes, by their dates (each said tax-included).

    Returns:
        The cell's text.
    """
    if not changes:
        return text
    said = words("list_join").join(
        words(
            "price_change",
            date=words.date(change.on),
            price=words.money(change.price.included),
        )
        for change in changes
    )
    return words.aside(text, said)


_HONORIFICS: Final = ("様", "殿", "御中", "さま")
"""Japanese honorifics an addressee may already end in (佐藤 様, 佐藤様, ○○クリニック 御中)."""

_SALUTATION: Final = re.compile(r"dear\b|to:", re.IGNORECASE)
"""An English salutation an addressee may already start with ("Dear Ms Sato", "To: Mr Sato")."""


def addressee_text(words: Words, name: str) -> str:
    """An estimate's addressee: 「佐藤 様」, "To: Sato"; as written where it has its own.

    A name that already ends in an honorific (様, 殿, 御中, with or without a
    space) or starts with a salutation (Dear, To) is shown as written in either
    language, never with a second one.

    Example:
        >>> addressee_text(Words("ja_JP"), "佐藤"), addressee_text(Words("ja_JP"), "佐藤　様")
        ('佐藤 様', '佐藤\u3000様')
        >>> addressee_text(Words("en_US"), "Dear Ms Sato")
        'Dear Ms Sato'

    Args:
        words: The locale's words.
        name: The addressee as given (already trimmed).

    Returns:
        The addressee as the estimate shows it.
    """
    if name.endswith(_HONORIFICS) or _SALUTATION.match(name):
        return name
    return words("addressee_value", name=name)


def line_item(item: str, kind: LineKind) -> tuple[str, int | None]:
    """The record a line is of, and the first place of a ladder step's line.

    A ladder's line names its step as ``ladder-id@place``; every other line's
    item is the record's id as it is.

    Example:
        >>> line_item("nmn-ladder@4", LineKind.LADDER)
        ('nmn-ladder', 4)
        >>> line_item("sup-repeat@=2", LineKind.LADDER), line_item("sup-repeat@-1", LineKind.LADDER)
        (('sup-repeat', 2), ('sup-repeat', 1))
        >>> line_item("placenta", LineKind.SINGLE)
        ('placenta', None)

    Args:
        item: The line's item.
        kind: The line's kind.

    Returns:
        The record's id, and the step's first place for a ladder (else ``None``).
    """
    if kind is not LineKind.LADDER:
        return item, None
    # ``=from``: a session known to be within its step's days without months, named as the
    # step is (its price, not the range, tells the lines apart).
    parsed = LadderItem.of(item)
    return parsed.ladder, parsed.start


def kind_key(kind: str, unit_ticket: bool, *, campaign: bool = False, shared: bool = False) -> str:
    """The message key's kind of an offer: a unit ticket (本数券) is a kind of its own, and
    so are an enrollment at its plan's campaign price and a shared set's package line
    (共通回数券, as its record is).

    The one rule, for a quote's line (:func:`~supecost.report.lines.line_kind`) and name
    (:func:`line_label`), ``catalog show``'s table and the price list's CSV: each prefixes the
    key with its table's (``kind_``, ``line_``, ``record_``, ``csv_``).

    Example:
        >>> kind_key("bundle", True), kind_key("bundle", False), kind_key("intro", False)
        ('bundle_units', 'bundle', 'intro')
        >>> kind_key("enrollment", False, campaign=True), kind_key("package", False, shared=True)
        ('enrollment_campaign', 'shared')

    Args:
        kind: The offer's or line's kind (``bundle``).
        unit_ticket: Whether it is a set counting units (``Bundle.counts_units``).
        campaign: Whether an enrollment's line is at its plan's campaign price.
        shared: Whether a package's line is a shared set's (``LineEntry.shared``).

    Returns:
        The kind as the message tables name it.
    """
    if unit_ticket:
        return "bundle_units"
    if shared and kind == LineKind.PACKAGE.value:
        return "shared"
    return f"{kind}_campaign" if campaign and kind == LineKind.ENROLLMENT.value else kind


class LineMarks(NamedTuple):
    """What a line's name says beside its record's name: its places, its restriction, its
    yearly charge, its birth-month condition, the patient groups it is for, whether no
    combo is taken beside it and a plan's enrollment at its campaign's price."""

    first_n: int | None
    single_sessions_only: bool
    yearly: bool
    birth_month_only: bool
    segments: tuple[str, ...] = ()
    per_patient: int | None = None
    without_combos: bool = False
    campaign: bool = False
    not_with: tuple[str, ...] = ()


def _enrolled_at_campaign(catalog: Catalog, line: Line) -> bool:
    # The engine bills an enrollment at its campaign's price on a line of its own, at that
    # price, only where it differs from the plan's fee: a course with months may hold both.
    if line.kind is not LineKind.ENROLLMENT:
        return False
    plan = catalog.offer(line.item)
    if not isinstance(plan, Subscription) or plan.enrollment_campaign is None:
        return False
    return line.unit_price == plan.enrollment_campaign.price != plan.enrollment_fee


def line_marks(catalog: Catalog, line: Line) -> LineMarks:
    """What a quote line's name must say, read once for the quote's text and the estimate.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.money import YenRange
        >>> fee = Line(item="first-consult", kind=LineKind.FEE, quantity=1,
        ...            unit_price=YenRange.exact(3300), amount=YenRange.exact(3300))
        >>> line_marks(reference_catalog(), fee)
        LineMarks(first_n=None, single_sessions_only=False, yearly=False, birth_month_only=False,
                  segments=(), per_patient=None, without_combos=False, campaign=False,
                  not_with=())

    Args:
        catalog: The catalog the line was priced from.
        line: The line.

    Returns:
        The offer's or discount's places (``first_n``), whether it is a combo sold with
        single sessions only, a fee charged yearly, or a discount for a birth month.
    """
    if line.kind in (LineKind.TOP_UP, LineKind.CREDIT):
        # A set's top-up or an upgrade's credit: the set's own line carries the set's marks.
        return LineMarks(None, False, False, False)
    item, _ = line_item(line.item, line.kind)
    return LineMarks(
        first_n=first_n_of(catalog, item),
        single_sessions_only=line.kind is LineKind.COMBO
        and catalog.combo(line.item).single_sessions_only,
        yearly=line.kind is LineKind.FEE and yearly_fee(catalog, line.item),
        birth_month_only=birth_month_only_of(catalog, item),
        segments=segments_of(catalog, item),
        per_patient=per_patient_of(catalog, item),
        without_combos=without_combos_of(catalog, item),
        campaign=_enrolled_at_campaign(catalog, line),
        not_with=not_with_of(catalog, item),
    )


def course_length_note(
    words: Words, *, yearly_once: bool, plan_months: int | None, yearly: bool
) -> str | None:
    """What a quote or an estimate says of how long its course was taken to run for a yearly
    fee, where the request gave no months: never silent (docs/catalog.md, "Yearly fees").

    A yearly fee charged once for want of a length says so (``Option.yearly_once``); one
    counted over a monthly plan's months of more than a year (``Option.plan_months``) says
    which; a plan of a year or less is one year, and nothing needs saying.

    Example:
        >>> words = Words("en_US")
        >>> course_length_note(words, yearly_once=False, plan_months=15, yearly=True)[:62]
        "No course length was given: the course runs the monthly plan's"
        >>> print(course_length_note(words, yearly_once=False, plan_months=6, yearly=True))
        None
    """
    if yearly_once:
        return words("yearly_once")
    if plan_months is None or plan_months <= YEAR_MONTHS or not yearly:
        return None
    return words("yearly_plan_months", months=plan_months)


def line_label(
    words: Words,
    item: Localized,
    kind: LineKind,
    *,
    from_place: int | None = None,
    to_place: int | None = None,
    contents: Iterable[tuple[Localized, int]] = (),
    shared: bool = False,
    first_n: int | None = None,
    single_sessions_only: bool = False,
    yearly: bool = False,
    birth_month_only: bool = False,
    kind_shown: bool = False,
    segments: Sequence[str] = (),
    per_patient: int | None = None,
    without_combos: bool = False,
    campaign: bool = False,
    taken_by_month: Sequence[Localized] = (),
    not_with: Sequence[str] = (),
    within_days: int | None = None,
    lapsed: bool = False,
    dated: bool = False,
) -> str:
    """A line's item as a document names it: a plan's month, a further unit, a ladder
    step's first place (and the days of the previous session it holds within, or that its
    sessions came back later), a combo sold with single sessions only, a yearly fee or an
    enrollment at its campaign's price says so; the one owner of a line's name
    (estimates, quotes).

    Example:
        >>> line_label(Words("ja_JP"), Localized("プラセンタ注射"), LineKind.EXTRA_UNIT)
        'プラセンタ注射（同じ来院の追加分）'
        >>> line_label(Words("en_US"), Localized("Loyalty"), LineKind.LADDER, from_place=4)
        'Loyalty (from session 4)'
        >>> line_label(Words("ja_JP"), Localized("育毛"), LineKind.LADDER, from_place=2, to_place=2)
        '育毛（2回目）'
        >>> line_label(Words("ja_JP"), Localized("年会費"), LineKind.FEE, yearly=True)
        '年会費（1年ごと）'
        >>> line_label(Words("en_US"), Localized("NMN"), LineKind.ENROLLMENT, campaign=True)
        'NMN (enrollment fee, campaign price)'
        >>> line_label(Words("ja_JP"), Localized("NMN"), LineKind.SINGLE,
        ...            taken_by_month=[Localized("冬のキャンペーン")])
        'NMN（冬のキャンペーン適用）'

    Args:
        words: The locale's words.
        item: The name of the line's record.
        kind: The line's kind.
        from_place: A ladder step's first place.
        to_place: A ladder step's last place, ``None`` for the last step (every later one).
        contents: A package line's contents, each treatment with its sessions.
        first_n: The places of a line's offer or discount for the first patients only.
        single_sessions_only: A combo's line whose saving needs its treatments paid
            as single sessions: 「回数券・初回価格との併用不可」.
        yearly: A yearly fee's line (its quantity is the years charged): 「1年ごと」.
        birth_month_only: A line of a discount for patients in their birth month.
        kind_shown: Whether the layout names the kind in a column of its own, so the name
            leaves the kind's words out (a plan's month, a further unit, a first-time price).
        segments: The patient groups a discount's line is for (``Discount.segments``).
        per_patient: How many of a line's offer one patient may buy (``per_patient``).
        without_combos: A discount's line no combo is taken beside (``with_combos``).
        campaign: A plan's enrollment at its campaign's price (``enrollment_campaign``), so
            a course enrolling the plan in and out of its campaign names its two lines apart.
        taken_by_month: The discounts the line's unit price takes by the month it is paid
            in, where the course takes them in some months only: 「（冬のキャンペーン適用）」,
            so the line paid outside them is named apart.
        not_with: What a discount's line is not taken with besides combos
            (``report.names.not_with_of``).
        within_days: A ladder step's ``within_days``: 「2回目以降・前回から30日以内」.
        lapsed: A ladder's line of sessions that came back later than ``within_days``
            after the previous one, priced at the earlier step ``from_place`` (to
            ``to_place``) names: 「前回から30日以内でないご来院・1回目の料金」.
        dated: A ladder's line of the course's first session, known to be within
            ``within_days`` of the request's last visit in a course without months
            (``ladder-id@=from``): 「2回目以降・前回施術日から30日以内」.

    Returns:
        The name.
    """
    name = words.text(item)
    if single_sessions_only:
        return restricted_label(words, name)
    if yearly:
        return words("line_yearly", name=name)
    label = limited_label(
        words,
        _line_label(
            words,
            name,
            kind,
            (from_place, to_place),
            tuple(contents),
            kind_shown=kind_shown,
            campaign=campaign,
            within=within_days,
            lapsed=lapsed,
            dated=dated,
            shared=shared,
        ),
        first_n,
        birth_month_only=birth_month_only,
        segments=segments,
        per_patient=per_patient,
        without_combos=without_combos,
        not_with=not_with,
    )
    if taken_by_month:
        names = words("list_join").join(words.text(found) for found in taken_by_month)
        label = words.aside(label, words("line_taken_by_month", names=names))
    return label


def limited_label(
    words: Words,
    label: str,
    first_n: int | None,
    *,
    birth_month_only: bool = False,
    segments: Sequence[str] = (),
    per_patient: int | None = None,
    without_combos: bool = False,
    not_with: Sequence[str] = (),
) -> str:
    """A name with its places for the first patients only beside it: 「5回セット（先着10名様）」.

    A discount for patients in their birth month says so too: 「誕生月特典（誕生月の方）」.

    Example:
        >>> limited_label(Words("ja_JP"), "5回セット", 10)
        '5回セット（先着10名様）'
        >>> limited_label(Words("en_US"), "Set of 5", None)
        'Set of 5'
        >>> limited_label(Words("ja_JP"), "誕生月特典", 10, birth_month_only=True)
        '誕生月特典（先着10名様・誕生月の方）'
        >>> limited_label(Words("en_US"), "Winter set", 20, per_patient=1)
        'Winter set (first 20 patients; one per patient)'
        >>> named = "5回券（先着20名様・お一人様1セット限り）"  # as the menu prints it
        >>> limited_label(Words("ja_JP"), named, 20, per_patient=1) == named
        True

    Args:
        words: The locale's words.
        label: The name of an offer or discount, or of a line of one.
        first_n: Its places, or ``None`` when it is not limited.
        birth_month_only: Whether it is a discount for patients in their birth month.
        segments: The patient groups a discount is for: 「会員様 10%OFF（会員様限定）」.
        per_patient: How many of an offer one patient may buy: 「お一人様1セット限り」.
        without_combos: Whether it is a discount no combo is taken beside:
            「秋のキャンペーン（同時施術割引との併用不可）」.
        not_with: What a discount is not taken with besides combos: 「冬のキャンペーン
            （初回価格との併用不可）」 (:func:`not_with_conditions`).

    Returns:
        The name, with its places and its conditions where it has them.
    """
    clauses = [
        *([words("first_n", count=first_n)] if first_n is not None else []),
        *([words("per_patient", count=per_patient)] if per_patient is not None else []),
        *([words("cond_birth_month")] if birth_month_only else []),
        *([segments_condition(words, segments)] if segments else []),
        *([words("cond_without_combos")] if without_combos else []),
        *not_with_conditions(words, not_with),
    ]
    for clause in clauses:
        # A menu prints its conditions in the item's name (「…（先着20名様）」): the catalog's
        # name says it already, and the name is shown as the menu prints it.
        if clause not in label:
            label = words.aside(label, clause)
    return label


def unused_label(
    words: Words,
    name: str,
    sessions_unused: int,
    others: Iterable[tuple[str, int]] = (),
    *,
    units_unused: int = 0,
    unit: UnitName | None = None,
) -> str:
    """A way of buying's name with the sessions it buys and leaves unused: 「…（未使用1回）」.

    The one owner of how an option says so, for a quote's options and an estimate's other
    plans alike; ``others`` are other treatments' unused sessions, after the requested one's.

    Example:
        >>> unused_label(Words("ja_JP"), "5回セット", 1, [("NMN点滴", 2)])
        '5回セット（未使用1回）（NMN点滴：未使用2回）'
        >>> unused_label(Words("en_US"), "Set of 5", 0)
        'Set of 5'

    Args:
        words: The locale's words.
        name: The way of buying's name.
        sessions_unused: The requested treatment's sessions it leaves unused.
        others: Each other treatment's name with the sessions it leaves unused.
        units_unused: The units its unit tickets (本数券) leave unused, counted in ``unit``
            (:func:`units_unused_label`), right after the name.
        unit: How the requested treatment's units are counted.

    Returns:
        The name, with what it leaves unused after it.
    """
    text = name
    if units_unused:
        text += units_unused_label(words, unit, units_unused)
    if sessions_unused:
        text += words("quote_unused", count=sessions_unused)
    for other, count in others:
        text += words("quote_unused_of", name=other, count=count)
    return text


def units_left(catalog: Catalog, unused: Iterable[Unused], main: str) -> int:
    """The units the main treatment's unit tickets (本数券) leave unused, of an option's
    :attr:`~supecost.Option.unused` (a set's count there is in units where it holds units).

    The one reading of them, for the quote's table, its CSV and the estimate alike.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> units_left(reference_catalog(), (), "sup-iv")
        0
    """
    total = 0
    for entry in unused:
        offer = catalog.offer(entry.offer) if entry.treatment == main else None
        if isinstance(offer, Bundle) and offer.counts_units:
            total += entry.sessions
    return total


def units_unused_label(words: Words, unit: UnitName | None, count: int) -> str:
    """The units a unit ticket (本数券) leaves unused, after a way's name: 「（未使用5本）」.

    The one owner of how a quote says so; counted as :func:`unit_word` counts units.

    Example:
        >>> amp = UnitName("本", "amp")
        >>> units_unused_label(Words("ja_JP"), amp, 5), units_unused_label(Words("en_US"), amp, 5)
        ('（未使用5本）', ' (5 amp unused)')
    """
    return words("quote_unused_units", count=count, unit=unit_word(words, unit, count))


def per_session_label(words: Words, kinds: Iterable[LineKind], *, per_visit: bool = False) -> str:
    """The label of a bill's price per session, 「1回あたり（物販を除く）」 where it has goods.

    The one label of the figure, for the estimate (every format) and the quote's table by
    their bill's lines, and for the quote's CSV header by its catalog (one header row for a
    stream of quotes: the goods the catalog sells): the engine divides the bill without its
    goods (they are no session; fees are in), so beside a total with goods it says so, and
    a reader dividing the total is not misled.

    Example:
        >>> per_session_label(Words("ja_JP"), [LineKind.SINGLE, LineKind.GOODS])
        '1回あたり（物販を除く）'
        >>> per_session_label(Words("en_US"), [LineKind.SINGLE], per_visit=True)
        'Per visit'

    Args:
        words: The words of the page.
        kinds: The kinds of the bill's lines.
        per_visit: A session is a visit of several units (an estimate with ``units``).

    Returns:
        The label.
    """
    label = words("per_visit" if per_visit else "per_session")
    if {LineKind.GOODS, LineKind.GOODS_MONTHLY} & set(kinds):
        return words("excluding_goods", label=label)
    return label


def each_price(words: Words, each: PerSession) -> str:
    """A set's price per session (or a unit ticket's per unit), 約 where it is not whole yen.

    Example:
        >>> from supecost.report.figures import per_session
        >>> each_price(Words("ja_JP"), per_session(YenRange.exact(104_500), 3))
        '約34,833円'
    """
    text = words.money(each.amount)
    return text if each.exact else words("about", amount=text)


def unit_ticket_text(words: Words, units: int, unit: UnitName | None, each: str) -> str:
    """A unit ticket (本数券) with its price per unit: 「10本券（1本あたり1,350円）」.

    The one wording of a set counted in units, for the catalog's show and the price
    list's cells (:func:`unit_ticket_cells`) alike.

    Example:
        >>> amp = UnitName("本", "amp")
        >>> unit_ticket_text(Words("ja_JP"), 10, amp, "1,350円")
        '10本券（1本あたり1,350円）'
        >>> unit_ticket_text(Words("en_US"), 10, amp, "¥1,350")
        'ticket for 10 amp (¥1,350 per amp)'
    """
    return words(
        "unit_ticket_text",
        count=units,
        unit=unit_word(words, unit, units),
        one=unit_word(words, unit, 1),
        each=each,
    )


def unit_ticket_cells(
    words: Words,
    units: int,
    unit: UnitName | None,
    each: str,
    saving: str,
    *,
    by_amount: bool = False,
) -> tuple[str, str, str]:
    """A unit ticket's count, per-unit price and saving cells in a price list's table.

    Its saving is against its units bought one a visit, each a visit's first unit, and
    says so: with more units a visit, further units cost less and so does the saving.
    A ticket counting its doses' amount (``by_amount``, ``counts = "amount"``) is measured
    against the visits of each dose its units hold, paid singly, and says that instead.

    Example:
        >>> unit_ticket_cells(Words("ja_JP"), 10, UnitName("本"), "1,350円", "1,500円お得")
        ('10本券', '1,350円（1本あたり）', '1本ずつ来院した場合と比べて1,500円お得')
        >>> unit_ticket_cells(Words("ja_JP"), 30, UnitName("本"), "1,100円", "差額なし",
        ...                   by_amount=True)[2]
        '用量ごとに都度払いした場合と比べて差額なし'
    """
    one = unit_word(words, unit, 1)
    key = "unit_ticket_saving_amount" if by_amount else "unit_ticket_saving"
    return (
        words("unit_ticket_count", count=units, unit=unit_word(words, unit, units)),
        words("unit_ticket_each", each=each, unit=one),
        words(key, saving=saving, unit=one),
    )


class TicketHeaders(NamedTuple):
    """A price list's set table's heading and the headers of its count and per-one columns."""

    heading: str
    counted: str
    each: str


def ticket_headers(words: Words, units: Sequence[bool], unit: UnitName | None) -> TicketHeaders:
    """The words over a treatment's sets that fit their rows: sessions (回数, 1回あたり) over
    sets counted in visits, the unit (本数, 1本あたり) over unit tickets (本数券), both where a
    treatment sells both.

    The one owner of which, for the price list's table in every format.

    Example:
        >>> ticket_headers(Words("ja_JP"), [True], UnitName("本"))
        TicketHeaders(heading='本数券', counted='本数', each='1本あたり')
        >>> ticket_headers(Words("ja_JP"), [False, True], UnitName("本"))
        TicketHeaders(heading='回数券・本数券・コース', counted='回数・本数', each='1回・1本あたり')
        >>> ticket_headers(Words("en_US"), [False], None)
        TicketHeaders(heading='Sets and courses', counted='Sessions', each='Per session')

    Args:
        words: The locale's words.
        units: For each set of the table, whether it counts units (``counts = "units"``).
        unit: How the treatment's units are counted.

    Returns:
        The section's heading, the count column's header and the per-one column's.
    """
    one = unit_word(words, unit, 1)
    if not any(units):
        return TicketHeaders(words("bundles"), words("sessions"), words("per_session"))
    if all(units):
        return TicketHeaders(
            words("unit_tickets"),
            words("units_header", unit=one),
            words("per_unit_header", unit=one),
        )
    return TicketHeaders(
        words("bundles_and_unit_tickets"),
        words("sessions_or_units_header", unit=one),
        words("per_session_or_unit_header", unit=one),
    )


def restricted_label(words: Words, label: str) -> str:
    """A combo's name with its restriction beside it: 「A＋B（回数券・初回価格との併用不可）」.

    The one owner of how a combo whose saving needs single sessions says so
    (line labels, a price list's combos and its CSV rows).

    Example:
        >>> restricted_label(Words("ja_JP"), "セット割")
        'セット割（回数券・初回価格との併用不可）'
        >>> restricted_label(Words("en_US"), "Pair")
        'Pair (not with sets or first-time prices)'

    Args:
        words: The locale's words.
        label: The combo's name, or the names of its treatments.

    Returns:
        The name, with its restriction beside it.
    """
    restriction = words("combo_single_sessions_only")
    return words("line_single_sessions_only", name=label, restriction=restriction)


def _line_label(
    words: Words,
    name: str,
    kind: LineKind,
    places: tuple[int | None, int | None],
    contents: tuple[tuple[Localized, int], ...],
    *,
    kind_shown: bool,
    campaign: bool = False,
    within: int | None = None,
    lapsed: bool = False,
    dated: bool = False,
    shared: bool = False,
) -> str:
    # Where the layout has a kind column, the kind's own words are there: a ladder step's
    # place and a package's contents are not the kind's, so they stay in the name.
    worded = (
        LineKind.SUBSCRIPTION,
        LineKind.EXTRA_SESSION,
        LineKind.EXTRA_UNIT,
        LineKind.ENROLLMENT,
        LineKind.FIRST_MONTH,
        LineKind.EARLY_TERMINATION,
    )
    if kind in worded and not kind_shown:
        # The kind's one word, the one a quote's kind column and a price list's CSV row give it.
        kind_words = words(f"kind_{kind_key(kind.value, False, campaign=campaign)}")
        return words("line_kind", name=name, kind=kind_words)
    if kind is LineKind.GOODS_MONTHLY and not kind_shown:
        # Goods, not a plan: no 「月額」 and no sessions, the delivery's own word.
        return words("line_goods_monthly", name=name)
    if kind is LineKind.GOODS_INCLUDED and not kind_shown:
        return words("line_goods_included", name=name)
    start, end = places
    if lapsed:
        # Sessions that came back too late for their place's step: named with the step whose
        # price they pay (Ladder.held_step), which need not be the step before theirs.
        assert start is not None
        step = ladder_places(words, start, end)
        lapsed_words = words("ladder_lapsed", days=within, step=step)
        return words("line_ladder", name=name, places=lapsed_words)
    if dated:
        # Known within by the request's last visit, without months: told apart from the
        # step's line whose sessions' gaps are unknown, priced as a range.
        assert start is not None
        known = words("ladder_dated", places=ladder_places(words, start, end), days=within)
        return words("line_ladder", name=name, places=known)
    if start is not None:
        return words("line_ladder", name=name, places=ladder_places(words, start, end, within))
    if contents:
        intro = kind is LineKind.PACKAGE_INTRO and not kind_shown
        key = "line_shared" if shared else "line_package_intro" if intro else "line_package"
        return words(key, name=name, contents=package_contents(words, contents))
    return name


def package_contents(
    words: Words, contents: Iterable[tuple[Localized, int]], shared: int | None = None
) -> str:
    """A package's contents as one name: 「A 2回＋B 4回」, "A 2 sessions + B 4 sessions";
    a shared set's (共通回数券, ``shared`` its sessions), the treatments it is used on.

    The one place the contents of a package (or of its line in a plan) are worded, so
    the price list, its CSV and an estimate name them alike.

    Example:
        >>> contents = ((Localized("クラツー", "Clatuu"), 2), (Localized("スティムシュア"), 1))
        >>> package_contents(Words("ja_JP"), contents)
        'クラツー 2回＋スティムシュア 1回'
        >>> package_contents(Words("en_US"), contents)
        'Clatuu 2 sessions + スティムシュア 1 session'
        >>> package_contents(Words("ja_JP"), contents, shared=5)
        'クラツー・スティムシュア 共通 5回（どの組み合わせでも）'
        >>> package_contents(Words("en_US"), contents, shared=5)
        '5 sessions shared by Clatuu and スティムシュア, in any split'

    Args:
        words: The locale's words.
        contents: Each treatment's name with its sessions, in the package's order.
        shared: A shared set's sessions, used on any of ``contents``; ``None`` for a package.

    Returns:
        The contents.
    """
    if shared is not None:
        names = words.listed((words.text(item) for item, _ in contents), "shared_join")
        return words("shared_contents", names=names, count=words("sessions_count", count=shared))
    return words.join_names(
        f"{words.text(item)} {words('sessions_count', count=n)}" for item, n in contents
    )


def unit_of(catalog: Catalog, ref: str) -> UnitName | None:
    """How a treatment's or dose's units are counted, in both languages, for :func:`unit_word`.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> unit_of(reference_catalog(), "sup-iv") is None
        True

    Args:
        catalog: The catalog.
        ref: A treatment's id, or ``id:dose``.

    Returns:
        Its ``dose_unit`` with its English for one and for more
        (:func:`~supecost.report.names.unit_labels`), or ``None`` where it has none.
    """
    labels = unit_labels(catalog, ref)
    if labels is None:
        return None
    ja, one, other = labels
    return UnitName(ja, one, en_other=other)


def goods_unit(goods: Goods) -> UnitName | None:
    """How a goods record (物販) is counted, in both languages: its ``unit`` (箱, 本), or ``None``.

    Example:
        >>> from supecost.catalog import load_catalog
        >>> goods = load_catalog("tests/data/goods.toml").product("nmn-caps")
        >>> goods_unit(goods)
        UnitName(ja='箱', en='box', key=None, en_other='boxes')

    Args:
        goods: The goods record.

    Returns:
        Its unit with its English for one and for more, or ``None`` where it has none.
    """
    if goods.unit is None:
        return None
    return UnitName(goods.unit, goods.unit_en, en_other=goods.unit_en_plural)


def goods_kind_text(words: Words, kind: str) -> str:
    """What a goods item is (its ``kind``: 食品, 医薬品, ...), for the price list and lint alike.

    Example:
        >>> goods_kind_text(Words("ja_JP"), "quasi_drug"), goods_kind_text(Words("en_US"), "food")
        ('医薬部外品', 'food')

    Args:
        words: The reader's words.
        kind: A :class:`~supecost.catalog.GoodsKind`, or its value.

    Returns:
        The kind in the reader's language.
    """
    return words(f"goods_kind_{kind}")


def quantity_text(words: Words, quantity: int, unit: UnitName | None) -> str:
    """A line's quantity as an estimate and a quote give it: in its unit where the catalog
    names one (「2箱」, "2 boxes"), else the bare count.

    Example:
        >>> box = UnitName("箱", "box", en_other="boxes")
        >>> quantity_text(Words("ja_JP"), 2, box), quantity_text(Words("en_US"), 2, box)
        ('2箱', '2 boxes')
        >>> quantity_text(Words("ja_JP"), 2, None)
        '2'

    Args:
        words: The locale's words.
        quantity: How many.
        unit: How they are counted, or ``None``.

    Returns:
        The quantity.
    """
    if unit is None:
        return str(quantity)
    return words("units_count", count=quantity, unit=unit_word(words, unit, quantity))


def entry_name(words: Words, name: Localized | None, record_id: str) -> str:
    """A price list's offer or combo as its rows name it: the catalog's name, else its id.

    The one rule for the price list's document and its CSV alike.

    Example:
        >>> entry_name(Words("ja_JP"), Localized("5回セット"), "set-5")
        '5回セット'
        >>> entry_name(Words("en_US"), None, "set-5")
        'set-5'

    Args:
        words: The locale's words.
        name: The record's name where the catalog gives one.
        record_id: The record's id.

    Returns:
        The name.
    """
    return words.text(name) if name else record_id


def unit_word(words: Words, unit: UnitName | None, count: int) -> str:
    """How units are counted: the catalog's ``dose_unit`` (本, A) or the locale's default.

    In English the catalog's English unit for the count where it gives one
    (``dose_unit_en`` for one, its ``dose_unit_en_plural`` for any other count
    where it gives that), else its ``dose_unit`` as written: catalog text, shown
    as it is.

    Example:
        >>> unit_word(Words("ja_JP"), None, 3), unit_word(Words("en_US"), None, 1)
        ('単位', 'unit')
        >>> ampoule = UnitName("本", "amp")
        >>> unit_word(Words("ja_JP"), ampoule, 3), unit_word(Words("en_US"), ampoule, 3)
        ('本', 'amp')
        >>> vial = UnitName("本", "vial", en_other="vials")
        >>> unit_word(Words("en_US"), vial, 1), unit_word(Words("en_US"), vial, 2)
        ('vial', 'vials')

    Args:
        words: The locale's words.
        unit: The catalog's ``dose_unit`` and its English, or ``None``.
        count: How many units, for the plural in English.

    Returns:
        The word.
    """
    if unit is None:
        return words("unit_default", count=count)
    return unit.counted(count, japanese=words.japanese)
