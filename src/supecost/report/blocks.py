"""The blocks every output is laid out in, and catalog text that knows its language.

A :class:`Document` (headings, paragraphs, label-value facts, tables, a chart)
is what each renderer reads: the terminal, Markdown, HTML. Quotes, catalogs,
contracts and reports are all laid out as documents, so they share the
renderers and their escaping.

>>> Document("料金表", "", "ja", (Paragraph("a"),)).blocks[0].text
'a'
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from supecost.errors import refuses_changes

__all__ = [
    "Align",
    "Block",
    "Chart",
    "Document",
    "Facts",
    "Heading",
    "Joining",
    "Limited",
    "Localized",
    "Paragraph",
    "Table",
    "Total",
    "UnitName",
    "display_width",
]

Align: TypeAlias = Literal["left", "right"]


def display_width(text: str) -> int:
    """Columns a text takes in a fixed-width font: wide and full-width characters take two.

    Example:
        >>> display_width("初診料 3,300円")
        14
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


@refuses_changes
@dataclass(frozen=True, slots=True)
class Localized:
    """Catalog text in Japanese and, where the catalog gives it, English; or a message key.

    Catalog text is always shown as it is, whatever it starts with. A name the
    report makes itself (a way of buying such as "single sessions") is a
    message key instead, made with :meth:`message`; renderers look it up in the
    locale's messages.

    Example:
        >>> Localized("初診料", None).pick(japanese=False)
        '初診料'
        >>> Localized("@way_singles").key is None
        True
        >>> Localized.message("way_singles").key
        'way_singles'
    """

    ja: str
    en: str | None = None
    key: str | None = None

    @classmethod
    def message(cls, key: str) -> Localized:
        """A name the report makes itself: the key of a message in every locale.

        Example:
            >>> Localized.message("way_mix")
            Localized(ja='way_mix', en=None, key='way_mix')

        Args:
            key: The message's key, such as ``way_singles``.

        Returns:
            The name; its text is the key itself, for anything that does not look it up.
        """
        return cls(key, None, key)

    def pick(self, *, japanese: bool) -> str:
        """The catalog text for a language; English falls back to the Japanese text.

        Example:
            >>> Localized("初診料", "First consultation").pick(japanese=False)
            'First consultation'

        Args:
            japanese: Whether the Japanese text is wanted.

        Returns:
            The text (for a message key, the key itself).
        """
        return self.ja if japanese or self.en is None else self.en


@refuses_changes
@dataclass(frozen=True, slots=True)
class Limited(Localized):
    """A way of buying's name, and the limits of its offer: its places for the first
    patients only, and how many one patient may buy.

    Renderers say them beside the name (「開院5回（先着10名様・お一人様1セット限り）」),
    as every document names such a way.

    Example:
        >>> Limited("開院5回", None, first_n=10).first_n
        10
    """

    first_n: int | None = None
    """The offer's places (先着N名様); ``None`` when it is not limited."""
    per_patient: int | None = None
    """How many of the offer one patient may buy (お一人様1セット限り); ``None``: any."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class Joining(Limited):
    """A way of buying's name after joining a segment: the way's own name, and the segment.

    Renderers word it with the locale's messages (「…（会員登録して会員価格で）」).

    Example:
        >>> Joining("way_singles", None, "way_singles", joins="member").joins
        'member'
    """

    joins: str = ""
    discounts_only: bool = False
    """Whether the segment has no price of its own, only discounts (学割): joining it is then
    worded by its discounts, never as its prices (``Catalog.priced_segments`` decides)."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class UnitName(Localized):
    """How a treatment's units are counted: catalog text, with the English for more than one.

    ``en`` is the English for one unit and ``en_other`` for any other count, both as
    the catalog spells them (:meth:`supecost.catalog.Treatment.english_unit`); as
    catalog text it is shown as it is, the English for one where a count is not said.

    Example:
        >>> vial = UnitName("本", "vial", en_other="vials")
        >>> vial.pick(japanese=False), vial.counted(3, japanese=False)
        ('vial', 'vials')
        >>> vial.counted(3, japanese=True), UnitName("本").counted(3, japanese=False)
        ('本', '本')
    """

    en_other: str | None = None

    def counted(self, count: int, *, japanese: bool) -> str:
        """The unit for ``count`` of it in a language; English falls back as :meth:`pick` does.

        Example:
            >>> UnitName("本", "amp").counted(2, japanese=False)
            'amp'

        Args:
            count: How many units.
            japanese: Whether the Japanese text is wanted.

        Returns:
            The unit's text.
        """
        if not japanese and count != 1 and self.en_other is not None:
            return self.en_other
        return self.pick(japanese=japanese)


@refuses_changes
@dataclass(frozen=True, slots=True)
class Heading:
    """A heading: level 2 for sections, 3 for subsections."""

    level: int
    text: str


@refuses_changes
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph; ``note`` ones are provenance and small print, ``item`` ones a list's items.

    Consecutive ``item`` paragraphs are one list: a bulleted list in the terminal and in
    Markdown, ``<ul>`` in HTML.
    """

    text: str
    kind: Literal["text", "note", "notice", "addressee", "item"] = "text"
    row_note: str | None = None
    """For an item's note (a set's, a fee's, …): the note as its record gives it, which a list
    whose rows are the items (the price list's CSV) carries in that row's note column."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class Facts:
    """Label and value pairs, shown as a list."""

    items: tuple[tuple[str, str], ...]


@refuses_changes
@dataclass(frozen=True, slots=True)
class Table:
    """A table with a header row; amounts align right."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: tuple[Align, ...]


@refuses_changes
@dataclass(frozen=True, slots=True)
class Chart:
    """An SVG chart, embedded in HTML and left out of Markdown."""

    svg: str
    caption: str
    elsewhere: str = ""


@refuses_changes
@dataclass(frozen=True, slots=True)
class Total:
    """The one amount a document is about (an estimate's total), shown in a box."""

    label: str
    value: str


Block: TypeAlias = Heading | Paragraph | Facts | Table | Chart | Total


@refuses_changes
@dataclass(frozen=True, slots=True)
class Document:
    """A whole report in one locale: a title, a subtitle and blocks."""

    title: str
    subtitle: str
    lang: str
    blocks: tuple[Block, ...]
    footer: str = field(default="")
