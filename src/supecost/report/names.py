"""Names for readers: every catalog id shown as words, in Japanese and English.

A catalog may leave an offer or a combo unnamed; a reader should still never
see a bare id. Reports, the terminal presentation and the simulator all name
things here, so a set is called the same everywhere; the words a name is made
of (「5回セット」, "set of 5", the joiner of items named together) are the
message tables' (:mod:`supecost.report.messages`), one per language.

>>> from supecost.catalog import load_catalog
>>> example = load_catalog("tests/data/example.toml")
>>> display_names(example, "sup-iv-5")
('幹細胞培養上清液点滴 5回セット', 'Stem-cell culture supernatant IV drip, set of 5')
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

from supecost.catalog import (
    Bundle,
    Catalog,
    Charged,
    Combo,
    Intro,
    Ladder,
    Package,
    SharedSet,
    Subscription,
    split_base,
)
from supecost.report.blocks import Localized
from supecost.report.messages import Messages, messages_for

__all__ = [
    "birth_month_only_of",
    "display_name",
    "display_names",
    "first_n_of",
    "join_names",
    "not_with_of",
    "per_patient_of",
    "segment_names",
    "segments_of",
    "unit_labels",
    "without_combos_of",
    "yearly_fee",
]


@functools.cache
def _messages(english: bool) -> Messages:
    """The message table names are worded from: a name is given in both languages at once."""
    return messages_for("en_US" if english else "ja_JP")


def per_patient_of(catalog: Catalog, item: str) -> int | None:
    """How many of an offer one patient may buy (お一人様1セット限り), by its id (a line's
    item, any record's); ``None`` where it has no limit or is no set or package. Every
    document naming a line or a way of such an offer learns it here, as :func:`first_n_of`.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> per_patient_of(reference_catalog(), "sup-iv-5") is None
        True
    """
    item = split_base(item)  # a split of a shared set is limited as the set
    for offer in catalog.offers:
        if offer.id == item:
            return offer.per_patient if isinstance(offer, Bundle | Package | SharedSet) else None
    return None


def first_n_of(catalog: Catalog, item: str) -> int | None:
    """The places of an offer or discount for the first patients only (先着N名様), by its id.

    Every document naming a line of such a record says it is limited; this is where
    they learn it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> first_n_of(reference_catalog(), "sup-iv-5") is None
        True

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only offers and discounts have places.

    Returns:
        The offer's or discount's ``first_n``; ``None`` when it has none or is no such record.
    """
    for record in (*catalog.offers, *catalog.discounts):
        if record.id == item:
            return record.first_n
    return None


def yearly_fee(catalog: Catalog, item: str) -> bool:
    """Whether a line's item is a fee charged yearly (年会費), by its id.

    Every document naming such a line says it is charged each year (「年会費（1年ごと）」):
    its quantity is the years charged. This is where they learn it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> yearly_fee(reference_catalog(), "first-consult")
        False

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only fees are charged yearly.

    Returns:
        Whether the item is a fee with ``charged = "yearly"``.
    """
    return any(fee.id == item and fee.charged is Charged.YEARLY for fee in catalog.fees)


def birth_month_only_of(catalog: Catalog, item: str) -> bool:
    """Whether a record is a discount for patients in their birth month (誕生月特典), by its id.

    Every document naming a line of such a discount says its condition; this is where
    they learn it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> birth_month_only_of(reference_catalog(), "sup-iv-5")
        False

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only discounts have the condition.

    Returns:
        The discount's ``birth_month_only``; ``False`` when it is no such discount.
    """
    return any(d.birth_month_only for d in catalog.discounts if d.id == item)


def without_combos_of(catalog: Catalog, item: str) -> bool:
    """Whether a record is a discount no combo's saving is taken beside, by its id.

    A discount with ``with_combos = false`` (「同時施術割引との併用不可」) in a catalog that
    has combos; every document naming its line says so, and this is where they learn it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> without_combos_of(reference_catalog(), "sup-iv-5")
        False

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only discounts have the condition.

    Returns:
        Whether it is such a discount and the catalog has a combo.
    """
    return bool(catalog.combos) and any(
        not d.with_combos for d in catalog.discounts if d.id == item
    )


def not_with_of(catalog: Catalog, item: str) -> tuple[str, ...]:
    """What a discount is not taken with besides combos, by its id: ``"first_time"`` for
    ``with_first_time = false`` (「初回価格との併用不可」), ``"offers"`` for ``with_offers =
    false`` (「セット・回数券・プランとの併用不可」).

    Each is said only where the catalog has what it rules out (``Discount.not_with``), as
    :func:`without_combos_of` says its condition only where there is a combo; every
    document naming the discount says them, and this is where they learn it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> not_with_of(reference_catalog(), "sup-iv-5")
        ()

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only discounts have the conditions.

    Returns:
        ``"first_time"``, ``"offers"``, both in that order, or none.
    """
    found = [d.not_with(catalog.offers) for d in catalog.discounts if d.id == item]
    return found[0] if found else ()


def segments_of(catalog: Catalog, item: str) -> tuple[str, ...]:
    """The patient groups a discount is for (会員様限定), by its id: none for any other record.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> segments_of(reference_catalog(), "sup-iv-5")
        ()

    Args:
        catalog: The catalog holding the record.
        item: An id of any record (a line's item); only discounts have the condition.

    Returns:
        The discount's ``segments``; empty when it is no such discount.
    """
    return next((d.segments for d in catalog.discounts if d.id == item), ())


def display_names(catalog: Catalog, item: str) -> tuple[str, str]:
    """The Japanese and English names of a catalog id; the id itself when nothing has it.

    A record's own ``name`` and ``name_en`` win. An unnamed offer is named
    after its treatment and kind, an unnamed combo after its treatments.
    Where a record has no English name, its Japanese name serves for both.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> display_names(reference_catalog(), "first-consult")
        ('初診料', 'First consultation')

    Args:
        catalog: The catalog holding the record.
        item: A treatment, offer, combo, fee, discount or goods id.

    Returns:
        ``(japanese, english)``.
    """
    records = (
        *catalog.priced(),
        *(treatment for treatment in catalog.treatments if treatment.doses),
        *catalog.offers,
        *catalog.combos,
        *catalog.fees,
        *catalog.discounts,
        *catalog.goods,
    )
    for record in records:
        if record.id != item:
            continue
        if record.name:
            return record.name, record.name_en or record.name
        if isinstance(record, Bundle | Subscription | Intro | Ladder):
            treatment_ja, treatment_en = display_names(catalog, record.treatment)
            key = f"offer_name_{record.kind}"
            sessions = getattr(record, "sessions", "")
            return (
                _messages(False)(key, treatment=treatment_ja, sessions=sessions),
                _messages(True)(key, treatment=treatment_en, sessions=sessions),
            )
        if isinstance(record, Combo | Package):
            parts = [display_names(catalog, t) for t in record.treatments]
            return (
                join_names((p[0] for p in parts), english=False),
                join_names((p[1] for p in parts), english=True),
            )
    return item, item


def join_names(names: Iterable[str], *, english: bool = False) -> str:
    """Item names joined as one name: 「A＋B」 in Japanese, "A + B" in English.

    The one owner of how items named together read, so a combo is called the
    same in the terminal, in reports and in estimates.

    Example:
        >>> join_names(["幹細胞培養上清液点滴", "NMN点滴"])
        '幹細胞培養上清液点滴＋NMN点滴'
        >>> join_names(["Stem-cell IV drip", "NMN点滴"], english=True)
        'Stem-cell IV drip + NMN点滴'

    Args:
        names: The names, in order, each already in the reader's language.
        english: Whether the reader's language is English.

    Returns:
        The joined name.
    """
    return _messages(english)("name_joiner").join(names)


def display_name(catalog: Catalog, item: str, *, english: bool = False) -> str:
    """One name of a catalog id, Japanese by default.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> display_name(reference_catalog(), "nmn", english=True)
        'NMN IV drip'

    Args:
        catalog: The catalog holding the record.
        item: The id.
        english: Whether to give the English name.

    Returns:
        The name.
    """
    ja, en = display_names(catalog, item)
    return en if english else ja


def unit_labels(catalog: Catalog, ref: str) -> tuple[str, str | None, str | None] | None:
    """How a treatment's units are counted, in Japanese and in English, unless it has doses.

    Its ``dose_unit`` (本, A), then its English for one unit and for any other count
    (:meth:`~supecost.catalog.Treatment.english_unit`: ``dose_unit_en``, and
    ``dose_unit_en_plural`` where the catalog gives it; ``None`` without an English
    unit). A dosed treatment's ``dose_unit`` measures each dose (2cc, 20g), not how
    many are given, so its units, and its doses' units, have no label of their own
    (reports count them in the bare word for a unit, 単位):
    :attr:`~supecost.catalog.Treatment.counted_unit`.

    Example:
        >>> from supecost.catalog import load_catalog
        >>> example = load_catalog("tests/data/example-v2.toml")
        >>> unit_labels(example, "placenta"), unit_labels(example, "exo-iv:2cc")
        (('本', 'amp', 'amp'), None)

    Args:
        catalog: The catalog.
        ref: A treatment id, or a dose as ``treatment:dose``.

    Returns:
        ``(japanese, english_one, english_other)``, or ``None`` when units have no
        label of their own.
    """
    return catalog.treatment(ref.partition(":")[0]).counted_unit


def segment_names(catalog: Catalog) -> dict[str, Localized]:
    """The catalog's words for its patient groups, by id: those it gives a ``name``.

    What every document of the catalog names a segment by (``Words(locale, segments)``);
    a segment without a name is left out, so it is worded as before (its id, or a known
    group's own words).

    Example:
        >>> from supecost.catalog import parse_catalog
        >>> menu = parse_catalog(
        ...     'schema_version = 2\\n[clinic]\\nname = "K"\\n'
        ...     'segments = ["member", { id = "student", name = "学生", name_en = "Student" }]\\n'
        ...     '[[treatments]]\\nid = "iv"\\nname = "IV"\\nprice = 20000\\n', format="toml")
        >>> segment_names(menu)
        {'student': Localized(ja='学生', en='Student', key=None)}

    Args:
        catalog: The catalog.

    Returns:
        Each named segment's name and English name.
    """
    return {
        segment.id: Localized(segment.name, segment.name_en)
        for segment in catalog.clinic.segments
        if segment.name is not None
    }
