"""Catalogs: a clinic's price list as frozen, validated records, read from TOML or JSON.

A catalog file (schema version 1 or 2) names the clinic, its treatments with
their single-session prices (or their doses' prices), the offers that sell
sessions in other ways (bundles,
monthly plans, first-time prices), combos given in one visit, fees and
discounts. Loading validates everything once and reports every problem with
its file, line and field path; afterwards the records are immutable.

>>> catalog = parse_catalog('''
... schema_version = 1
... [clinic]
... name = "Example Clinic"
... [[treatments]]
... id = "sup-iv"
... name = "幹細胞培養上清液点滴"
... price = 33000
... ''', format="toml")
>>> catalog.treatment("sup-iv").price
YenRange(min=33000, max=33000)

Catalog files are untrusted input: nothing in them is executed, files over
:data:`MAX_CATALOG_BYTES` are refused before parsing, and every failure is a
:class:`~supecost.errors.CatalogError`. So is a record built in Python with
bad data (``Treatment(...)``, ``Catalog.model_validate(...)``), its problems'
paths starting at that record:

>>> Treatment(id="nmn", name="NMN点滴", price=-1)
Traceback (most recent call last):
...
supecost.errors.CatalogError: 1 problem in the Treatment record:
  price: a price must not be negative, got min -1; write 0 or more
"""

import ast
import bisect
import contextlib
import enum
import functools
import json
import os
import re
import stat
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import (
    TYPE_CHECKING,
    Annotated,
    Any,
    Final,
    Literal,
    NoReturn,
    Self,
    TypeAlias,
    TypeVar,
    get_args,
    get_origin,
)

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    PrivateAttr,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

import supecost.prebuilt as prebuilt
from supecost.errors import (
    CatalogError,
    CatalogProblem,
    CodedValueError,
    ContractError,
    RequestError,
    SupecostError,
    UnknownIdError,
    YenTypeError,
    excerpt,
    json_input,
    reading_json,
    refuse_change,
    refuses_changes,
    typed_excerpt,
)
from supecost.money import MAX_YEN, Rounding, Yen, YenRange, exact_rate, round_fraction
from supecost.rates import check_terms_apr, checked_terms, inexact_rate
from supecost.tax import TaxCategory

if TYPE_CHECKING:
    import tomllib

__all__ = [
    "MAX_CATALOG_BYTES",
    "MAX_ENTRIES",
    "MAX_FIELDS",
    "MAX_GOODS",
    "MAX_ITEMS",
    "MAX_KEY_CHARS",
    "MAX_MONTHS",
    "MAX_NESTING",
    "MAX_PROBLEMS",
    "MAX_TABLES",
    "MAX_UNITS",
    "SCHEMA_VERSION",
    "SCHEMA_VERSIONS",
    "WORDED_SEGMENTS",
    "AnyOffer",
    "Bundle",
    "Catalog",
    "CellSource",
    "Charged",
    "Clinic",
    "Combo",
    "ContractRules",
    "Discount",
    "Dose",
    "EnrollmentCampaign",
    "Fee",
    "FeeGroup",
    "FeeTrigger",
    "FirstMonth",
    "FrozenMapping",
    "Goods",
    "GoodsKind",
    "GoodsSubscription",
    "InstalmentTerm",
    "Intro",
    "IntroFor",
    "Ladder",
    "LadderStep",
    "LintSettings",
    "LintWaiver",
    "Offer",
    "Origin",
    "Package",
    "PackageItem",
    "PriceChange",
    "Route",
    "Segment",
    "SharedSet",
    "Subscription",
    "Treatment",
    "TypicalCourse",
    "allowance_month",
    "catalog_json_schema",
    "load_catalog",
    "offer_treatments",
    "parse_catalog",
    "parse_catalog_data",
    "plan_cost",
    "plan_held",
    "read_catalog_file",
    "reference_catalog",
    "sold_together",
    "validate_catalog",
]

SCHEMA_VERSION: Final = 2
"""The newest catalog schema version this release reads; it reads every older one too.

Version 2 adds doses, units per visit, options sold only with a base
treatment, scoped fees, segment prices and sales windows; a version-1 file
loads and prices as it always did, and is refused where it uses a field of
version 2.
"""

SCHEMA_VERSIONS: Final = (1, 2)
"""Every catalog schema version this release reads."""

MAX_CATALOG_BYTES: Final = 1_048_576
"""Catalog files larger than 1 MiB are refused before parsing.

A real clinic's price list is a few kilobytes; the limit keeps a hostile or
corrupt file from costing memory and time.
"""

MAX_NESTING: Final = 16
"""Data nested deeper than this many levels is refused; a catalog needs four."""

MAX_ITEMS: Final = 50_000
"""Catalog text with more lines and commas than this, together, is refused before parsing.

tomllib takes some microseconds for every line and list item, so a 1 MiB file
of tiny tables or list items would take seconds. 2,000 offers of nine lines
each fit with room to spare; real price lists have a few hundred lines.
"""

MAX_TABLES: Final = 5_000
"""A TOML file with more table headers (``[...]`` lines) than this is refused before parsing.

A header costs tomllib several times a plain line; a catalog at the record limits has 3,300
records, and a few hundred ``[treatments.typical_course]`` sub-tables.
"""

MAX_FIELDS: Final = 64
"""A table (object) with more fields than this is refused before validation; a record has 15."""

MAX_GOODS: Final = 200
"""The most goods records (物販) a catalog may hold."""

MAX_ENTRIES: Final = 2_000
"""A list longer than this is refused before validation: the most records of one kind (offers)."""

MAX_LADDER_PLACE: Final = 100_000
"""The furthest place a ladder's step may start from."""
MAX_WITHIN_DAYS: Final = 3650
"""The longest gap a ladder step's ``within_days`` may allow: ten years."""

MAX_PROBLEMS: Final = 50
"""At most this many problems are listed; a last line counts the rest."""

ID_PATTERN: Final = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
"""What an id is: the one owner of the pattern (a way's segment and its JSON schema too)."""
Id: TypeAlias = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
MAX_MONTHS: Final = 120
"""The longest span in months (ten years): a course, a plan's term, a validity."""

MAX_UNITS: Final = 100
"""The most units of one treatment in one visit (ampoules, areas, cc)."""

Count: TypeAlias = Annotated[StrictInt, Field(ge=1, le=1000)]
Months: TypeAlias = Annotated[StrictInt, Field(ge=1, le=MAX_MONTHS)]
_REF_PATTERN: Final = ID_PATTERN[:-1] + r"(?::" + ID_PATTERN[1:-1] + r")?$"
Ref: TypeAlias = Annotated[str, StringConstraints(pattern=_REF_PATTERN)]
"""A treatment id, or a dose of one as ``treatment:dose`` (``"exo-iv:2cc"``)."""
Units: TypeAlias = Annotated[StrictInt, Field(ge=1, le=MAX_UNITS)]
_MAX_FIRST_N: Final = 100_000
"""The most places an offer or discount for the first patients only (先着N名様) may have."""
_FirstN: TypeAlias = Annotated[StrictInt, Field(ge=1, le=_MAX_FIRST_N)]
"""Places of an offer or discount for the first patients only (先着N名様)."""

MAX_PER_PATIENT: Final = 10
"""The most of one offer a catalog may sell one patient (``per_patient``): the engine prices
a course once for every count of each limited offer it could still buy, so the bound keeps
that work a small multiple of the course's."""

_PerPatient: TypeAlias = Annotated[StrictInt, Field(ge=1, le=MAX_PER_PATIENT)]
"""How many of an offer one patient may buy (お一人様1セット限り: 1)."""

_AMOUNT_SCHEMA: Final = {"type": "integer", "minimum": 0, "maximum": MAX_YEN}


def _non_negative(value: YenRange) -> YenRange:
    if value.min < 0:
        raise CodedValueError(
            f"a price must not be negative, got min {value.min:,}; write 0 or more",
            "value.negative_price",
            got=f"{value.min:,}",
        )
    return value


Price: TypeAlias = Annotated[
    YenRange,
    AfterValidator(_non_negative),
    WithJsonSchema(
        {
            "title": "Price",
            "description": (
                "Whole yen, never negative: an integer, or a range {min, typical, max}; "
                "no max (or null) means open-ended"
            ),
            "oneOf": [
                _AMOUNT_SCHEMA,
                {
                    "type": "object",
                    "properties": {
                        "min": _AMOUNT_SCHEMA,
                        "typical": {"anyOf": [_AMOUNT_SCHEMA, {"type": "null"}]},
                        "max": {"anyOf": [_AMOUNT_SCHEMA, {"type": "null"}]},
                    },
                    "required": ["min"],
                    "additionalProperties": False,
                },
            ],
        }
    ),
]
"""A price: a whole-yen amount or range, never negative."""


_K = TypeVar("_K", bound=str)
_V = TypeVar("_V")


class FrozenMapping(dict[_K, _V]):
    """A read-only, hashable mapping by id, so the records that hold one stay hashable.

    Segment prices in a catalog, a request's history and a quote's winners (keyed by
    :class:`~supecost.money.Scenario`, a string enum) are ones.

    Example:
        >>> prices = FrozenMapping({"member": 70000})
        >>> hash(prices) == hash(FrozenMapping({"member": 70000}))
        True
    """

    __slots__ = ()

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def _read_only(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError("this mapping is read-only; build a new record instead")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = _read_only
    __ior__ = _read_only

    def __reduce__(self) -> tuple[type[Self], tuple[dict[_K, _V]]]:
        # Pickling and copying would fill the copy item by item, which is refused: build it whole.
        return (type(self), (dict(self),))


def frozen_mapping(value: Mapping[_K, _V]) -> FrozenMapping[_K, _V]:
    """``value`` as a :class:`FrozenMapping` (itself when it is one): a validator's last step."""
    return value if isinstance(value, FrozenMapping) else FrozenMapping(value)


def mapping_schema(schema: dict[str, Any]) -> None:
    """A mapping's JSON schema as it is checked: its length counts entries, and a key its
    pattern refuses is refused.

    pydantic writes a mapping's ``max_length`` as ``maxLength``, which JSON Schema applies
    to strings only, and leaves keys outside ``patternProperties`` open; a client, an editor
    or a proxy validating by the published schema would pass what the record refuses. The
    one rule of every mapping of a catalog record and of a request. Internal.
    """
    limit = schema.pop("maxLength", None)
    if limit is not None:
        schema["maxProperties"] = limit
    schema["additionalProperties"] = False


GoodsCounts: TypeAlias = Annotated[
    Mapping[Annotated[str, StringConstraints(pattern=ID_PATTERN)], Count],
    AfterValidator(frozen_mapping),
    Field(json_schema_extra=mapping_schema),
]
"""Goods by id with a count of each (``{ supp = 1 }``): what a set includes."""


SegmentPrices: TypeAlias = Annotated[
    Mapping[Annotated[str, StringConstraints(pattern=ID_PATTERN)], Price],
    AfterValidator(frozen_mapping),
    Field(json_schema_extra=mapping_schema),
]
"""Prices by patient segment (``{ member = 70000 }``), each replacing the record's price."""

DosePrices: TypeAlias = Annotated[
    Mapping[Annotated[str, StringConstraints(pattern=ID_PATTERN)], Price],
    AfterValidator(frozen_mapping),
    Field(json_schema_extra=mapping_schema),
]
"""Prices by dose id of the record's treatment (``{ 4cc = 22000 }``): a set's top-ups."""


def _positive_yen(value: int) -> int:
    if value <= 0:
        raise CodedValueError(
            f"must be above 0 yen, got {value:,}; write the yen taken off, such as 1000",
            "value.positive_yen",
            got=f"{value:,}",
        )
    return value


def _non_negative_yen(value: int) -> int:
    if value < 0:
        raise CodedValueError(
            f"must not be negative, got {value:,}; write 0 or more",
            "value.negative",
            got=f"{value:,}",
        )
    return value


PositiveYen: TypeAlias = Annotated[
    Yen, AfterValidator(_positive_yen), WithJsonSchema({**_AMOUNT_SCHEMA, "minimum": 1})
]
NonNegativeYen: TypeAlias = Annotated[
    Yen, AfterValidator(_non_negative_yen), WithJsonSchema(_AMOUNT_SCHEMA)
]

# ASCII digits only: "１０" or "١٠" is refused, not read as 10.
_PERCENT_TEXT: Final = re.compile(r"^[0-9]{1,3}(?:\.[0-9]{1,4})?$")


def _percent(value: object) -> int | str:
    """A percentage above 0 and at most 100: an int, or a decimal string such as "12.5"."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise CodedValueError(
            f'must be a number such as 10, or a decimal in quotes such as "12.5"; '
            f"got {typed_excerpt(value)}"
            + (
                " (write decimals in quotes so they stay exact)" if isinstance(value, float) else ""
            ),
            "value.percent",
            got=excerpt(value),
        )
    if isinstance(value, str):
        value = value.strip()
        if not _PERCENT_TEXT.match(value):
            raise CodedValueError(
                f'must be a number such as 10 or "12.5" (up to 4 decimals), got {excerpt(value)}',
                "value.percent",
                got=excerpt(value),
            )
    rate = Fraction(value, 100) if isinstance(value, int) else exact_rate(f"{value}%")
    if not 0 < rate <= 1:
        raise CodedValueError(
            f"must be above 0 and at most 100, got {value}", "value.percent_range", got=value
        )
    return value


Percent: TypeAlias = Annotated[
    int | str,
    PlainValidator(_percent),
    WithJsonSchema(
        {
            "description": 'A percentage above 0 and at most 100: 10, or "12.5" in quotes',
            "anyOf": [
                {"type": "integer", "exclusiveMinimum": 0, "maximum": 100},
                {"type": "string", "pattern": _PERCENT_TEXT.pattern},
            ],
        }
    ),
]

_DATE_TEXT: Final = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _day(value: object) -> date:
    """A calendar date: a TOML date, or text such as "2026-04-01" (JSON)."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _DATE_TEXT.match(value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise CodedValueError(
        f"must be a date such as 2026-04-01, without a time; got {excerpt(value)}",
        "value.date",
        got=excerpt(value),
    )


Day: TypeAlias = Annotated[
    date, BeforeValidator(_day), WithJsonSchema({"type": "string", "format": "date"})
]


class CellSource(enum.StrEnum):
    """Where the stem cells of a culture supernatant come from.

    Example:
        >>> CellSource("dental_pulp") is CellSource.DENTAL_PULP
        True
    """

    DENTAL_PULP = "dental_pulp"
    ADIPOSE = "adipose"
    UMBILICAL_CORD = "umbilical_cord"
    CORD_BLOOD = "cord_blood"
    PLACENTA = "placenta"
    BONE_MARROW = "bone_marrow"
    AMNION = "amnion"
    OTHER = "other"


class Origin(enum.StrEnum):
    """Whether a product is made in Japan or imported.

    Example:
        >>> [origin.value for origin in Origin]
        ['domestic', 'overseas']
    """

    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class Route(enum.StrEnum):
    """How a treatment is given.

    Example:
        >>> Route.IV_DRIP.value
        'iv_drip'
    """

    IV_DRIP = "iv_drip"
    INJECTION = "injection"
    NASAL = "nasal"
    NEBULIZER = "nebulizer"
    TOPICAL = "topical"
    SCALP = "scalp"
    OTHER = "other"


class ContractRules(enum.StrEnum):
    """Which consumer-contract rules of the Act on Specified Commercial Transactions apply.

    Never inferred: the catalog says so for each treatment or offer.

    Example:
        >>> Treatment(id="hifu", name="HIFU", price=50000,
        ...           contract_rules="cosmetic_medicine").contract_rules
        <ContractRules.COSMETIC_MEDICINE: 'cosmetic_medicine'>
    """

    COSMETIC_MEDICINE = "cosmetic_medicine"
    BEAUTY_SALON = "beauty_salon"
    NONE = "none"


class Charged(enum.StrEnum):
    """When a fee is charged.

    ``RETURN_VISIT`` (再診料, schema 2) is every visit but a new patient's first, at which
    ``FIRST_VISIT`` (初診料) is charged instead; each visit of a returning patient is a return.
    A fee with ``applies_to`` is charged per visit only at the visits that include one of
    its treatments (``EVERY_VISIT``, ``RETURN_VISIT``). ``YEARLY`` (年会費, schema 2) is
    charged at the first visit and again at the first visit of each later 12-month period
    of the course (its months 1, 13, 25, ...): once per started year. ``FIRST_TIME`` (schema
    2) is charged once, at the first visit, to a patient having a treatment it applies to for
    the first time (a G6PD test before the first high-dose vitamin C), new to the clinic or
    not: the request's ``history`` decides it as it decides a first-time price's
    (``for = "first_time"``), through :func:`supecost.engine.resolve.first_time_past`.

    Example:
        >>> Charged("first_visit") is Charged.FIRST_VISIT
        True
    """

    FIRST_VISIT = "first_visit"
    EVERY_VISIT = "every_visit"
    RETURN_VISIT = "return_visit"
    ONCE = "once"
    YEARLY = "yearly"
    FIRST_TIME = "first_time"


class FeeTrigger(enum.StrEnum):
    """What makes an optional fee apply at a visit (schema 2).

    ``REQUEST`` (the default) is the patient's wish: a nomination fee (指名料), a home
    visit's travel fee. ``WEEKEND`` is a visit on a Saturday, Sunday or public holiday
    (土日祝加算), ``AFTER_HOURS`` one outside regular hours (時間外): the patient does not
    ask for these, the day or hour of the visit brings them. ``CANCELLATION`` is a visit
    cancelled on the day or missed (当日キャンセル料, 無断キャンセル料), charged once for each.
    Each is priced alike (a request says at how many visits it applies, ``--fee ID=N``);
    the documents say what brings it, never "only if requested" of a fee the day of the
    visit, or a cancellation, decides.

    Example:
        >>> FeeTrigger("weekend") is FeeTrigger.WEEKEND
        True
    """

    REQUEST = "request"
    WEEKEND = "weekend"
    AFTER_HOURS = "after_hours"
    CANCELLATION = "cancellation"


TaxRounding: TypeAlias = Literal[Rounding.FLOOR, Rounding.CEIL, Rounding.HALF_UP]


def _english_unit_beside(record: object, unit: str) -> None:
    """Refuse a unit's English (``<unit>_en``) without the unit, or its plural
    (``<unit>_en_plural``) without the English for one: the one rule of every unit a record
    names in both languages (a dose's, a dosed treatment's count, a goods item's)."""
    one, plural = f"{unit}_en", f"{unit}_en_plural"
    if getattr(record, one) is not None and getattr(record, unit) is None:
        _fail(
            one, f"is {unit} in English; give {unit} beside it", "record.english_alone", field=unit
        )
    if getattr(record, plural) is not None and getattr(record, one) is None:
        _fail(
            plural,
            f"is the plural of {one}; give {one} (the English for one) beside it",
            "record.plural_alone",
            field=one,
        )


def _fail(path: str, message: str, code: str, /, **params: object) -> NoReturn:
    """Reject a record from a model validator, naming the field at fault.

    The path is relative to the record; loading prefixes the record's own path.
    ``message`` is the English, ``code`` the key of its wording in every language's
    table (``report.messages.CATALOG_PROBLEMS_JA``) and ``params`` the values that
    wording names, those echoing the file's text cut short by ``excerpt``.
    """
    raise CatalogError([CatalogProblem(path, message, code=code, params=tuple(params.items()))])


_set_private: Final = BaseModel.__dict__["__pydantic_private__"].__set__
"""Sets a record's private state as pydantic's own copying does (a frozen record refuses
``setattr``): only a flat catalog's unit ticket has one (:meth:`Bundle.for_dose`)."""


class FrozenRecord(BaseModel):
    """The base of every frozen model: changing one raises ``FrozenRecordError``.

    pydantic's own refusal is a ``ValidationError`` that a caller catching
    :class:`~supecost.errors.SupecostError` or ``AttributeError`` misses; this is
    :func:`~supecost.errors.refuse_change`, as every public frozen dataclass refuses it, for
    catalog records, requests, quotes and contracts (pydantic builds, copies, pickles
    and caches through ``object.__setattr__`` and ``__dict__``, never through these).
    Internal, not part of the public API.
    """

    model_config = ConfigDict(frozen=True, defer_build=True)

    def __setattr__(self, name: str, value: object) -> NoReturn:
        refuse_change(self, name)

    def __delattr__(self, name: str) -> NoReturn:
        refuse_change(self, name, deleting=True)


class InputRecord(FrozenRecord):
    """A record a caller builds from input: bad data raises a :class:`SupecostError`.

    pydantic's ``ValidationError`` cannot be subclassed, so construction and the
    ``model_validate`` entry points translate it with the subclass's
    :meth:`_invalid`: a caller catching ``SupecostError`` (or ``ValueError``)
    catches a bad record built in Python, with each problem's field path and its
    fix. The base of catalog records here, and of requests and contracts
    (``supecost.quotes.CallerRecord``). Internal, not part of the public API.
    """

    model_config = ConfigDict(defer_build=True)

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise type(self)._invalid(error) from None

    # Records inside a record are built by pydantic's core, not through this __init__:
    # a file's catalog validates at core speed, and its errors reach the one translation
    # at the record the caller built (or at validate_catalog) with their whole paths.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @classmethod
    def _invalid(cls, error: ValidationError) -> SupecostError:
        """The error bad data is, each problem's path starting at this record."""
        raise NotImplementedError  # pragma: no cover - every subclass says which error

    @classmethod
    def model_validate(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(*args, **kwargs)
        except ValidationError as error:
            raise cls._invalid(error) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **kwargs: Any) -> Self:
        with reading_json():
            try:
                # pydantic keeps the last value of a key named twice: refused first, as
                # every JSON input is (read_json).
                twice = json_duplicate(json_data)
                if twice is not None:
                    raise _duplicate_error(cls, twice)
                return super().model_validate_json(json_data, **kwargs)
            except ValidationError as error:
                raise cls._invalid(error) from None

    @classmethod
    def model_validate_strings(cls, *args: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate_strings(*args, **kwargs)
        except ValidationError as error:
            raise cls._invalid(error) from None


class _Record(InputRecord):
    """Base of every catalog record: frozen, no unknown fields; bad data is a CatalogError."""

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, defer_build=True
    )

    @classmethod
    def _invalid(cls, error: ValidationError) -> CatalogError:
        """Bad data as one :class:`CatalogError`, each problem's path starting at this record."""
        problems, more = _problems_from(error, None, None, cls)
        if more:
            problems.append(_more_problems(more, None, record=True))
        return CatalogError(problems, record="" if cls is Catalog else cls.__name__)

    @classmethod
    def _checked(cls, data: object) -> Self:
        """Validated as pydantic does, its ``ValidationError`` untranslated (the file's path)."""
        return super(InputRecord, cls).model_validate(data)


WORDED_SEGMENTS: Final = frozenset({"member", "vip", "referred"})
"""The segment ids documents have words for without a ``name`` (会員様, VIP会員様, ご紹介の方):
the message tables' ``segment_who_*``; lint notices any other segment without one (SC060)."""


def _bare_id_too(schema: dict[str, Any]) -> None:
    """A segment's JSON Schema: its table, or its id alone (``"member"``), as files write it."""
    table = dict(schema)
    schema.clear()
    schema["description"] = table.pop("description", "")
    schema["anyOf"] = [{"type": "string", "pattern": ID_PATTERN}, table]


class Segment(_Record):
    """A group of patients with its own prices or discounts (会員, 学生, 65歳以上), and its words.

    ``clinic.segments`` lists each as a bare id (``"member"``) or as a table with the
    words the menu prints for it (``{ id = "student", name = "学生", name_en = "Student" }``);
    a bare id is a segment without words.

    Example:
        >>> Segment(id="student", name="学生").name
        '学生'
        >>> Segment.model_validate("member")
        Segment(id='member', name=None, name_en=None)
    """

    model_config = ConfigDict(json_schema_extra=_bare_id_too)

    id: Id
    name: Text | None = None
    """The group as the menu names it (「学生」「65歳以上」); documents print it for the id."""
    name_en: Text | None = None
    """The same in English, for English documents; without it they print ``name``."""

    @model_validator(mode="before")
    @classmethod
    def _bare_id(cls, data: object) -> object:
        # The short form every catalog wrote before segments had words: the id alone.
        return {"id": data} if isinstance(data, str) else data


_RateText: TypeAlias = Annotated[str, StringConstraints(max_length=20)]
"""A rate as text (``"6.9"``), read by :func:`supecost.rates.percent_rate` in the record's check."""
_TERM_FIELD: Final[Mapping[str, str]] = {
    "contract.count": "max_count",
    "contract.round_unit": "round_unit",
}
"""The field of an instalment term that ``instalments``' refusal (by its code) is about."""


class InstalmentTerm(_Record):
    """An instalment loan the clinic offers (医療ローン, 自社分割), at its longest; schema 2.

    Exactly one of ``apr`` (level payments, 元利均等) and ``addon_rate`` (the add-on
    method), each a percentage written as ``instalments`` reads one (``"6.9"``, never
    a float); its count, rounding unit and remainder are ``instalments``' own, and an
    APR (an add-on rate's equivalent) above 20 % is refused as it refuses it
    (:mod:`supecost.rates`, DOMAIN §7, §11). The estimate shows, for each, the monthly
    payment of its total over ``max_count``.

    Example:
        >>> term = InstalmentTerm(name="医療ローン", max_count=24, apr="6.9")
        >>> term.max_count, term.apr, term.round_unit, term.remainder
        (24, '6.9', 1, 'first')
    """

    name: Text
    """The loan as the clinic names it (「医療ローン」「自社分割」)."""
    name_en: Text | None = None
    """The same in English, for English documents; without it they print ``name``."""
    max_count: StrictInt
    """The most monthly instalments it allows (1 to 600); the estimate shows its payment."""
    apr: _RateText | StrictInt | None = None
    """The annual percentage rate (実質年率) in percent, for level payments."""
    addon_rate: _RateText | StrictInt | None = None
    """The add-on rate in percent over the whole term, for the add-on method."""
    round_unit: StrictInt = 1
    """The yen each payment is rounded down to: 1, 10 or 100."""
    remainder: Literal["first", "last"] = "first"
    """Which payment takes what rounding leaves over."""

    @field_validator("apr", "addon_rate", mode="before")
    @classmethod
    def _exact_rate(cls, value: object, info: ValidationInfo) -> object:
        # One line for a float, not one per type it is not (TOML reads 6.9 as a float),
        # worded as instalments' own refusal of one.
        if isinstance(value, float):
            refused = inexact_rate(str(info.field_name), value)
            raise CodedValueError(
                f"{refused.message}; {refused.hint}", refused.code, **refused.params
            )
        return value

    @model_validator(mode="after")
    def _terms(self) -> Self:
        if (self.apr is None) == (self.addon_rate is None):
            _fail(
                "apr",
                "give exactly one of apr (level payments) and addon_rate (the add-on method)",
                "record.instalment_rate",
            )
        field = "apr" if self.addon_rate is None else "addon_rate"
        try:
            # In instalments' order, each rate named as the catalog writes it.
            check_terms_apr(self.max_count, self.apr, self.addon_rate, ("apr", "addon_rate"))
            checked_terms(1, self.max_count, self.round_unit, self.remainder)
        except ContractError as error:
            # instalments' own refusal, its code worded once (report.messages.ERRORS_JA).
            text = error.message + (f"; {error.hint}" if error.hint else "")
            where = _TERM_FIELD.get(error.code or "", field)
            problem = CatalogProblem(
                where, text, code=error.code or "", params=tuple(error.params.items())
            )
            raise CatalogError([problem]) from None
        return self


class Clinic(_Record):
    """The clinic that publishes the catalog, and how its prices treat tax.

    Example:
        >>> Clinic(name="Example Clinic").tax_rounding
        <Rounding.FLOOR: 'floor'>
        >>> Clinic(name="Example Clinic", segments=["member"]).segment_ids
        ('member',)
    """

    name: Text
    name_en: Text | None = None
    prices_include_tax: StrictBool = True
    tax_rounding: TaxRounding = Rounding.FLOOR
    # [0-9], not \d: a pattern's \d also matches full-width and Arabic-Indic digits.
    registration_number: Annotated[str, StringConstraints(pattern=r"^T[0-9]{13}$")] | None = None
    contact: Text | None = None
    estimate_valid_days: Annotated[StrictInt, Field(ge=1, le=365)] = 30
    segments: Annotated[tuple[Segment, ...], Field(max_length=20)] = ()
    """Patient groups with their own prices (会員価格, VIP), each with its words; schema 2."""
    instalments: Annotated[tuple[InstalmentTerm, ...], Field(max_length=10)] = ()
    """The instalment loans the clinic offers (医療ローン); the estimate shows each; schema 2."""

    @property
    def segment_ids(self) -> tuple[str, ...]:
        """The ids of ``segments``, in the catalog's order: what a request's segment names.

        Example:
            >>> Clinic(name="K", segments=["member", {"id": "student"}]).segment_ids
            ('member', 'student')
        """
        return tuple(segment.id for segment in self.segments)

    @model_validator(mode="after")
    def _segments_once(self) -> Self:
        ids = self.segment_ids
        for position, segment in enumerate(ids):
            if segment in ids[:position]:
                _fail(
                    f"segments[{position}]",
                    f"lists {segment!r} twice; name each segment once",
                    "record.segment_twice",
                    segment=excerpt(segment),
                )
        return self


class PriceChange(_Record):
    """A price that takes effect on a day (価格改定, schema 2).

    From ``on`` on, the record it belongs to costs ``price``, until its next change.

    Example:
        >>> PriceChange(on="2027-01-01", price=77000).price
        YenRange(min=77000, max=77000)
    """

    on: Day
    """The first day of the new price."""
    price: Price


def _changes_in_order(changes: tuple[PriceChange, ...]) -> tuple[PriceChange, ...]:
    for position, change in enumerate(changes[1:], 1):
        before = changes[position - 1].on
        if change.on <= before:
            raise CodedValueError(
                f"price change {position} (on {change.on}) is not after the one before it "
                f"(on {before}); list the changes by their dates, each on its own day",
                "value.price_changes_order",
                position=position,
                on=change.on.isoformat(),
                before=before.isoformat(),
            )
    return changes


PriceChanges: TypeAlias = Annotated[
    tuple[PriceChange, ...], Field(max_length=20), AfterValidator(_changes_in_order)
]
"""A record's price changes, by their dates, each on a day of its own."""


class _Repriced:
    """The one owner of "the price in effect on a day", shared by the records with
    ``price_changes``: a treatment, a dose, a set, a first-time price and a package.

    Fields are declared by the records themselves (their order is part of their schema).
    """

    __slots__ = ()

    if TYPE_CHECKING:
        price: YenRange | None
        price_changes: tuple[PriceChange, ...]

    def price_on(self, day: date) -> YenRange | None:
        """The price in effect on ``day``: the last change on or before it, else ``price``.

        Example:
            >>> exo = Treatment(id="exo", name="エクソソーム点滴", price=66000,
            ...                 price_changes=[{"on": "2027-01-01", "price": 77000}])
            >>> exo.price_on(date(2026, 12, 31)).min, exo.price_on(date(2027, 1, 1)).min
            (66000, 77000)

        Args:
            day: The day a purchase is paid.

        Returns:
            The price on that day (``None`` for a treatment sold by the dose).
        """
        price = self.price
        for change in self.price_changes:
            if change.on > day:
                break
            price = change.price
        return price

    def as_of(self, day: date) -> Self:
        """This record with the price in effect on ``day`` as its ``price``, and only the
        changes after ``day`` left (itself where none is on or before it)."""
        passed = [c for c in self.price_changes if c.on <= day]
        if not passed:
            return self
        return self.model_copy(  # type: ignore[attr-defined,no-any-return]
            update={
                "price": passed[-1].price,
                "price_changes": self.price_changes[len(passed) :],
            }
        )


class TypicalCourse(_Record):
    """The usual course of a treatment, for the self-pay disclosures on a price page.

    Example:
        >>> TypicalCourse(sessions=6, months=6).sessions
        6
    """

    sessions: Count
    months: Months | None = None
    note: Text | None = None


class Dose(_Repriced, _Record):
    """One dose of a treatment (1cc, 20g, 2A) with its own price; schema 2.

    Elsewhere in the catalog and in requests a dose is named
    ``treatment:dose``, such as ``"exo-iv:2cc"``.

    Example:
        >>> Dose(id="2cc", amount=2, price=77000).price
        YenRange(min=77000, max=77000)
    """

    id: Id
    amount: Annotated[StrictInt | StrictFloat, Field(gt=0, le=1_000_000_000, allow_inf_nan=False)]
    """How much of the treatment, in the treatment's ``dose_unit``."""
    price: Price
    price_changes: PriceChanges = ()
    """The dose's price from a day on (価格改定, schema 2): :meth:`price_on`."""
    name: Text | None = None
    name_en: Text | None = None
    note: Text | None = None
    extra_unit_price: Price | None = None
    """Each further unit of this dose in one visit; default: the treatment's, else ``price``."""
    extra_unit_segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    """Per segment, the dose's ``extra_unit_price`` (schema 2); only beside one."""
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)

    @model_validator(mode="after")
    def _extra_unit_segments(self) -> Self:
        _extra_unit_segments_need_a_price(self.extra_unit_price, self.extra_unit_segment_prices)
        return self


def _extra_unit_segments_need_a_price(
    extra_unit_price: YenRange | None, prices: Mapping[str, YenRange]
) -> None:
    if prices and extra_unit_price is None:
        _fail(
            "extra_unit_segment_prices",
            "segment prices of a further unit replace its extra_unit_price; give "
            "extra_unit_price beside them, or move them to segment_prices (a further unit "
            "without extra_unit_price costs the session's price, member prices included)",
            "record.extra_unit_segments",
        )


DEFAULT_MAX_UNITS: Final = 1
"""The most units of a treatment in one visit when the catalog does not say."""

DEFAULT_MAX_EXTRA_UNITS: Final = 10
"""The most units in one visit of a treatment with an ``extra_unit_price``, unless it says."""


class Treatment(_Repriced, _Record):
    """One treatment and its price for a single session, or its doses with theirs.

    Example:
        >>> Treatment(id="nmn", name="NMN点滴", price=22000).tax
        <TaxCategory.STANDARD: 'standard'>
        >>> Treatment(id="placenta", name="プラセンタ注射", price=1500,
        ...           extra_unit_price=1000).unit_limit
        10
    """

    id: Id
    name: Text
    name_en: Text | None = None
    cell_source: CellSource | None = None
    origin: Origin | None = None
    route: Route | None = None
    tax: TaxCategory = TaxCategory.STANDARD
    price: Price | None = None
    """The single-session price; ``None`` exactly when the treatment is sold by ``doses``."""
    price_changes: PriceChanges = ()
    """The single-session price from a day on (価格改定, schema 2): :meth:`price_on`; only
    beside ``price`` (a dose has its own)."""
    note: Text | None = None
    contract_rules: ContractRules = ContractRules.NONE
    typical_course: TypicalCourse | None = None
    risks: Text | None = None
    risks_en: Text | None = None
    unapproved: StrictBool | None = None
    obtained: Text | None = None
    """How an unapproved drug or product is obtained (入手経路), schema 2: such as
    「医師の判断のもと、国内の製造業者から購入」; a price page must state it."""
    obtained_en: Text | None = None
    domestic_equivalent: Text | None = None
    """Whether an approved domestic equivalent exists (国内承認品の有無), schema 2."""
    domestic_equivalent_en: Text | None = None
    foreign_safety: Text | None = None
    """What is known of its safety abroad (諸外国における安全性等に係る情報), schema 2."""
    foreign_safety_en: Text | None = None
    dose_unit: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    dose_unit_en: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """``dose_unit`` in English, for one (``vial`` for 本); English documents use it when given."""
    dose_unit_en_plural: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = (
        None
    )
    """``dose_unit_en`` for any count but one (``vials``); without it ``dose_unit_en`` serves
    every count, as an abbreviation does (``mL``, ``mg``)."""
    doses: Annotated[tuple[Dose, ...], Field(max_length=50)] = ()
    count_unit: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """How a dosed treatment's units are counted (本, バイアル: 「1cc 2本」), schema 2; its
    ``dose_unit`` measures each dose. Only beside ``doses``: without them ``dose_unit``
    counts the units."""
    count_unit_en: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """``count_unit`` in English, for one (``vial``); only beside ``count_unit``."""
    count_unit_en_plural: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = (
        None
    )
    """``count_unit_en`` for any count but one (``vials``); only beside ``count_unit_en``."""
    extra_unit_price: Price | None = None
    """Each further unit in the same visit (2本目以降); default: the session's own price."""
    extra_unit_segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    """Per segment, the ``extra_unit_price`` (追加1本 会員価格); only beside one."""
    max_units: Units | None = None
    only_with: Annotated[tuple[Ref, ...], Field(max_length=50)] = ()
    """Sold only at a visit that includes one of these treatments or doses (an option)."""
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)

    @model_validator(mode="after")
    def _price_or_doses(self) -> Self:
        if self.price is not None and self.doses:
            _fail(
                "doses",
                "give either price (one price per session) or doses (a price per dose), "
                "not both; remove one",
                "record.price_and_doses",
            )
        if self.price is None and not self.doses:
            _fail(
                "",
                "give price (yen per session, such as 33000) or doses (a price per dose)",
                "record.price_or_doses",
            )
        if self.doses and self.price_changes:
            _fail(
                "price_changes",
                "a treatment with doses has its price changes on each dose; move them there",
                "record.dose_price_changes",
            )
        if self.doses and self.segment_prices:
            _fail(
                "segment_prices",
                "a treatment with doses has its segment prices on each dose",
                "record.dose_segment_prices",
            )
        _extra_unit_segments_need_a_price(self.extra_unit_price, self.extra_unit_segment_prices)
        _english_unit_beside(self, "dose_unit")
        if self.count_unit is not None and not self.doses:
            _fail(
                "count_unit",
                "counts a dosed treatment's units; without doses dose_unit counts them: "
                "write it as dose_unit",
                "record.count_unit_undosed",
            )
        _english_unit_beside(self, "count_unit")
        for position, dose in enumerate(self.doses):
            if any(d.id == dose.id for d in self.doses[:position]):
                _fail(
                    f"doses[{position}].id",
                    f"dose id {dose.id!r} is used twice; give each dose its own id",
                    "record.dose_twice",
                    dose=excerpt(dose.id),
                )
        for position, ref in enumerate(self.only_with):
            if ref == self.id or ref.partition(":")[0] == self.id:
                _fail(
                    f"only_with[{position}]",
                    "names the treatment itself; name its base treatments",
                    "record.only_with_itself",
                )
        return self

    @property
    def session_price(self) -> YenRange:
        """The single-session price, for a treatment sold by ``price`` or a dose as a treatment.

        Raises:
            RequestError: The treatment is sold by the dose; name one of its doses.
        """
        if self.price is None:
            doses = ", ".join(f"{self.id}:{d.id}" for d in self.doses)
            raise RequestError(
                f"treatment {self.id!r} is sold by the dose; it has no single price",
                f"name a dose: {doses}",
                code="request.dose_needed",
                params={"treatment": repr(self.id), "doses": doses},
            )
        return self.price

    @property
    def unit_limit(self) -> int:
        """The most units of this treatment in one visit: ``max_units``, or its default."""
        if self.max_units is not None:
            return self.max_units
        extra = self.extra_unit_price is not None or any(
            d.extra_unit_price is not None for d in self.doses
        )
        return DEFAULT_MAX_EXTRA_UNITS if extra else DEFAULT_MAX_UNITS

    @property
    def counted_unit(self) -> tuple[str, str | None, str | None] | None:
        """How its units are counted, in Japanese and in English; ``None`` where the catalog
        gives no word.

        Without doses its ``dose_unit`` (本, A), then its English for one unit and for any
        other count (:meth:`english_unit`; ``None`` without an English unit). A dosed
        treatment's ``dose_unit`` measures each dose (2cc, 20g), not how many are given:
        its units are counted in its ``count_unit`` (「1cc 2本」) and that field's English,
        and without one have no word of their own (documents count them in 単位, the bare
        word for a unit). A dose as a treatment of its own (``treatment:dose``) carries its
        treatment's ``count_unit`` as its ``dose_unit``, so it answers the same. The one
        rule, read by the reports (:func:`supecost.report.names.unit_labels`) and contracts
        for a unit ticket (本数券).

        Example:
            >>> vial = Treatment(id="p", name="プラセンタ注射", price=1500, dose_unit="本",
            ...                  dose_unit_en="vial", dose_unit_en_plural="vials")
            >>> vial.counted_unit
            ('本', 'vial', 'vials')
            >>> Treatment(id="q", name="HIFU", price=50000).counted_unit is None
            True
            >>> exo = Treatment(id="exo", name="エクソソーム点滴", dose_unit="cc",
            ...                 count_unit="本", count_unit_en="vial",
            ...                 doses=[{"id": "1cc", "amount": 1, "price": 44000}])
            >>> exo.counted_unit
            ('本', 'vial', 'vial')
        """
        if self.doses:
            if self.count_unit is None:
                return None
            plural = self.count_unit_en_plural or self.count_unit_en
            return self.count_unit, self.count_unit_en, plural
        if self.dose_unit is None:
            return None
        return self.dose_unit, self.english_unit(1), self.english_unit(2)

    def english_unit(self, count: int | float) -> str | None:
        """``dose_unit`` in English for ``count`` of it, as the catalog spells it.

        One takes ``dose_unit_en``; any other count ``dose_unit_en_plural`` where the
        catalog gives one, else ``dose_unit_en`` too (an abbreviation such as ``mL``
        has no plural). The plural is never made up by adding "s".

        Example:
            >>> vial = Treatment(id="p", name="プラセンタ注射", price=1500, dose_unit="本",
            ...                  dose_unit_en="vial", dose_unit_en_plural="vials")
            >>> vial.english_unit(1), vial.english_unit(3), vial.english_unit(0.5)
            ('vial', 'vials', 'vials')

        Args:
            count: How many units, or a dose's amount.

        Returns:
            The English unit, or ``None`` where the catalog gives none.
        """
        if count != 1 and self.dose_unit_en_plural is not None:
            return self.dose_unit_en_plural
        return self.dose_unit_en


class _SalesWindow:
    """The one owner of a sales window's meaning, shared by offers and discounts.

    A record carrying ``valid_from`` and ``valid_until`` (both days included,
    either open) is on sale on the days between them. "On sale on a day" and
    "ended by a day" are two questions over the one window, answered here
    together so that every user (the engine, the price list, lint) asks the
    same rule.

    Example:
        >>> autumn = Discount(id="a", name="秋", amount=1000, valid_until="2026-11-30")
        >>> autumn.on_sale(date(2026, 11, 30)), autumn.ended_by(date(2026, 12, 1))
        (True, True)

    Fields are declared by the records themselves (their order is part of their schema).
    """

    __slots__ = ()

    if TYPE_CHECKING:
        valid_from: date | None
        valid_until: date | None

    @property
    def windowed(self) -> bool:
        """Whether the record is on sale only for a while (either end of its window given)."""
        return self.valid_from is not None or self.valid_until is not None

    def ended_by(self, day: date) -> bool:
        """Whether the window ended before ``day`` (its last day is still on sale).

        Example:
            >>> Discount(id="a", name="a", amount=1, valid_until="2026-03-31").ended_by(
            ...     date(2026, 3, 31))
            False

        Args:
            day: The day asked about.

        Returns:
            ``True`` when ``valid_until`` is before ``day``.
        """
        return self.valid_until is not None and self.valid_until < day

    def on_sale(self, day: date) -> bool:
        """Whether the record is on sale on ``day`` (both ends of its window included).

        Example:
            >>> new = Intro(kind="intro", id="i", treatment="t", price=1, valid_from="2026-04-01")
            >>> [new.on_sale(date(2026, 3, 31)), new.on_sale(date(2026, 4, 1))]
            [False, True]

        Args:
            day: The day asked about.

        Returns:
            ``True`` when ``day`` is in the window: not before ``valid_from``, not ended by it.
        """
        return (self.valid_from is None or self.valid_from <= day) and not self.ended_by(day)

    def meets_window(self, other: "_SalesWindow") -> bool:
        """Whether this window and ``other`` share a day (both ends included, an open end
        meeting every day): the one rule of two offers sold together and two discounts
        on sale together.

        Example:
            >>> autumn = Discount(id="a", name="秋", amount=1, valid_until="2026-11-30")
            >>> winter = Discount(id="w", name="冬", amount=1, valid_from="2026-12-01")
            >>> autumn.meets_window(winter), autumn.meets_window(Discount(id="n", name="n",
            ...     amount=1, valid_from="2026-11-30"))
            (False, True)

        Args:
            other: The other record with a sales window (an offer or a discount).

        Returns:
            ``True`` when some day is in both windows.
        """
        return (
            self.valid_from is None
            or other.valid_until is None
            or self.valid_from <= other.valid_until
        ) and (
            other.valid_from is None
            or self.valid_until is None
            or other.valid_from <= self.valid_until
        )

    def _check_window(self) -> None:
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            _fail(
                "valid_until",
                f"valid_until {self.valid_until} is before valid_from {self.valid_from}; swap them",
                "record.window_order",
                valid_from=self.valid_from.isoformat(),
                valid_until=self.valid_until.isoformat(),
            )


class _OfferBase(_SalesWindow, _Record):
    id: Id
    name: Text | None = None
    name_en: Text | None = None
    note: Text | None = None
    contract_rules: ContractRules | None = None
    valid_from: Day | None = None
    """On sale from this date (schema 2)."""
    valid_until: Day | None = None
    """On sale up to and including this date (schema 2)."""
    first_n: _FirstN | None = None
    """Only the first this many patients get it (先着N名様, schema 2); the request's
    ``sold_out`` says when the places are gone, as supecost cannot count patients."""
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    """Per segment, the offer's price (a monthly plan's monthly fee) (schema 2)."""

    @model_validator(mode="after")
    def _window(self) -> Self:
        self._check_window()
        return self


class _TreatmentOffer(_OfferBase):
    treatment: Ref
    """The treatment, or one of its doses (``"exo-iv:2cc"``); a dosed treatment alone: any dose."""


FLAT_MARK: Final = "@"
"""What only the ids of a flat catalog's own rows hold (a set held, an upgrade): no id has it."""
HELD_MARK: Final = "@held"
"""What a flat catalog's held set's id ends with (:meth:`Bundle.held_left`); no id has "@"."""
UPGRADE_MARK: Final = "@upgrade"
"""What a flat catalog's upgrade's id ends with (:meth:`Bundle.upgraded_from`)."""


@refuses_changes
@dataclass(frozen=True, slots=True)
class UpgradeTerms:
    """An upgrade a flat catalog sells (乗り換え, :meth:`Bundle.upgraded_from`): the set bought
    (``offer``), the set held (``held``), its sessions left and the credit for them.

    Example:
        >>> UpgradeTerms("sup-6", "sup-3", 2, 118800).credit
        118800
    """

    offer: str
    held: str
    left: int
    credit: int


class Bundle(_Repriced, _TreatmentOffer):
    """A set of sessions paid up front (回数券, コース).

    Example:
        >>> Bundle(kind="bundle", id="sup-iv-5", treatment="sup-iv", sessions=5,
        ...        price=148500, valid_months=12).price.min
        148500
    """

    kind: Literal["bundle"]
    sessions: Count
    """The sessions (visits) the set pays for; with ``counts = "units"``, the units (本)."""
    price: Price
    price_changes: PriceChanges = ()
    """The set's price from a day on (価格改定, schema 2): :meth:`price_on`, the day it is
    bought."""
    valid_months: Months | None = None
    per_patient: _PerPatient | None = None
    """How many of it one patient may buy (お一人様1セット限り: 1; schema 2); ``None``: any.
    The request's ``bought`` says how many the patient bought before."""
    counts: Literal["sessions", "units", "amount"] = "sessions"
    """What ``sessions`` counts (schema 2): visits, or units (本数券), each visit
    using as many as its units, first and further units alike; or, on a dosed treatment,
    its doses' ``amount`` (30本券 of 1A/2A/3A doses, 10A券): a unit of a dose uses its
    ``amount`` of them (:meth:`units_per`)."""
    _per_unit: int = PrivateAttr(default=1)
    top_ups: DosePrices = Field(default_factory=FrozenMapping)
    """Per dose of a set on a bare dosed treatment, what each of its sessions at that dose
    costs on top of the set, paid at the visit (差額, 「2cc・4cc共通回数券（4ccは差額22,000円）」;
    schema 2); a dose not named takes none. See :meth:`top_up_of`."""

    @model_validator(mode="after")
    def _top_ups_on_sessions(self) -> Self:
        if self.top_ups and self.counts_units:
            raise CodedValueError(
                f"set {self.id!r} counts units and has top_ups; a top-up is per session: "
                'remove top_ups, or count sessions (counts = "sessions")',
                "value.top_ups_units",
                offer=repr(self.id),
            )
        return self

    def top_up_of(self, ref: str) -> YenRange | None:
        """What each session of the set used at ``ref`` (a dose ``treatment:dose``, or a
        dose id) costs on top of it, ``None`` where the dose has none: **the one rule of a
        set's top-up**. It is paid at each visit the set covers, for the sessions used only
        (an unused session costs none); the engine prices it so, on a line of its own.

        Example:
            >>> Bundle(kind="bundle", id="any3", treatment="sup", sessions=3, price=99000,
            ...        top_ups={"4cc": 22000}).top_up_of("sup:4cc")
            YenRange(min=22000, max=22000)
        """
        return self.top_ups.get(ref.rpartition(":")[2])

    def top_up_total(self, dose: str) -> YenRange | None:
        """What the top-ups of all the set's sessions at ``dose`` (a dose id) come to,
        ``None`` where the dose has none: the set used in full at that dose, which the price
        list's saving and lint (SC064) compare with the dose's singles.

        Example:
            >>> Bundle(kind="bundle", id="any3", treatment="sup", sessions=3, price=99000,
            ...        top_ups={"4cc": 22000}).top_up_total("4cc")
            YenRange(min=66000, max=66000)
        """
        top_up = self.top_up_of(dose)
        return None if top_up is None else top_up * self.sessions

    includes: GoodsCounts = Field(default_factory=FrozenMapping)
    """Goods the set includes, by goods id, with how many of each per set bought
    (「3回コース（サプリメント1箱プレゼント）」: ``{ supp = 1 }``), schema 2. Each set bought
    covers as many of the goods the request buys (``QuoteRequest.goods``, bought once), which
    are then not charged again; the set's price stays one price at its own tax rate."""

    upgrade_from: Annotated[tuple[Id, ...], Field(max_length=50)] = ()
    """The sets of fewer sessions a patient holding one may upgrade to this one from (乗り換え,
    「3回コースから6回コースへのお乗り換えは、残り回数分（1回あたりのコース単価）を差し引きます」;
    schema 2), each a set of sessions of the same treatment (and dose) at one price. The
    upgrade is this set at its price less the sessions left of the held one, each at the held
    set's price a session (:meth:`upgrade_credit`)."""
    upgrade_rounding: TaxRounding | None = None
    """How a held set's price a session becomes whole yen in an upgrade's credit, as the menu
    states it (schema 2): required where a set of ``upgrade_from`` costs no whole yen a session
    (104,500 for 3), never guessed."""

    _held_set: str | None = PrivateAttr(default=None)
    _upgrading: "UpgradeTerms | None" = PrivateAttr(default=None)

    def held_left(self, left: int) -> "Bundle":
        """This set as a flat catalog (a request's, ``engine.resolve``) holds it for a patient
        who has ``left`` of its sessions unused (``QuoteRequest.holding``): those sessions, paid
        before, at no price, one at most, with no validity or sales window (the request states
        only sessions still valid). Its id, ``<id>@held``, no catalog id can take.

        Example:
            >>> three = Bundle(kind="bundle", id="sup-3", treatment="sup", sessions=3,
            ...                price=178200, valid_months=6)
            >>> held = three.held_left(2)
            >>> held.id, held.sessions, held.price.max, held.valid_months, held.held_set
            ('sup-3@held', 2, 0, None, 'sup-3')
        """
        flat = self.model_copy(
            update={
                "id": f"{self.id}{HELD_MARK}",
                "sessions": left,
                "price": YenRange.exact(0),
                "valid_months": None,
                "valid_from": None,
                "valid_until": None,
                "first_n": None,
                "per_patient": 1,
                "segment_prices": FrozenMapping(),
                "includes": FrozenMapping(),
                "upgrade_from": (),
            }
        )
        _set_private(flat, {"_per_unit": self._per_unit, "_held_set": self.id, "_upgrading": None})
        return flat

    def upgraded_from(self, held: "Bundle", left: int) -> "Bundle":
        """This set as a flat catalog sells it to a patient holding ``held`` with ``left`` of
        its sessions unused (乗り換え): the sessions beyond those left (the held ones are the
        held set's row, :meth:`held_left`), one at most, at this set's price, of which the
        engine's table takes :meth:`upgrade_credit` (:attr:`upgrading`). Its id,
        ``<id>@upgrade``, no catalog id can take.

        Example:
            >>> three = Bundle(kind="bundle", id="sup-3", treatment="sup", sessions=3,
            ...                price=178200)
            >>> six = Bundle(kind="bundle", id="sup-6", treatment="sup", sessions=6,
            ...              price=336600, upgrade_from=("sup-3",))
            >>> up = six.upgraded_from(three, 2)
            >>> up.id, up.sessions, up.price.max, up.upgrading.credit
            ('sup-6@upgrade', 4, 336600, 118800)
        """
        flat = self.model_copy(
            update={
                "id": f"{self.id}{UPGRADE_MARK}",
                "sessions": self.sessions - left,
                "per_patient": 1,
                "first_n": None,
                "upgrade_from": (),
            }
        )
        terms = UpgradeTerms(self.id, held.id, left, self.upgrade_credit(held, left))
        _set_private(flat, {"_per_unit": self._per_unit, "_held_set": None, "_upgrading": terms})
        return flat

    @property
    def held_set(self) -> str | None:
        """In a flat catalog, the id of the set whose sessions left this row holds
        (:meth:`held_left`); ``None`` elsewhere.

        Example:
            >>> Bundle(kind="bundle", id="s", treatment="t", sessions=3, price=9).held_set
        """
        return self._held_set

    @property
    def upgrading(self) -> "UpgradeTerms | None":
        """In a flat catalog, the upgrade this row sells (:meth:`upgraded_from`); ``None``
        elsewhere.

        Example:
            >>> Bundle(kind="bundle", id="s", treatment="t", sessions=3, price=9).upgrading
        """
        return self._upgrading

    def upgrade_credit(self, held: "Bundle", left: int) -> int:
        """What upgrading to this set from ``held`` with ``left`` of its sessions unused takes
        off this set's price: ``left`` x the held set's price a session, rounded a session
        by :attr:`upgrade_rounding` at :func:`~supecost.money.round_fraction` (the menu's
        「1回あたりのコース単価」 is a price a session). **The one rule of an upgrade's credit.**

        Example:
            >>> three = Bundle(kind="bundle", id="sup-3", treatment="sup", sessions=3,
            ...                price=178200)
            >>> six = Bundle(kind="bundle", id="sup-6", treatment="sup", sessions=6,
            ...              price=336600, upgrade_from=("sup-3",))
            >>> six.upgrade_credit(three, 2)  # 2 x 178,200 / 3 = 2 x 59,400
            118800
        """
        price = held.price.min
        if price % held.sessions == 0:
            return left * (price // held.sessions)
        # The catalog refuses a held set whose price a session is not whole without a rounding.
        assert self.upgrade_rounding is not None
        return left * round_fraction(Fraction(price, held.sessions), self.upgrade_rounding)

    @model_validator(mode="after")
    def _includes_with_sessions(self) -> Self:
        if self.includes and self.counts_units:
            # A unit ticket is spent unit by unit, bought in runs the course decides: goods
            # included per ticket would move with that choice, which no menu says.
            _fail(
                "includes",
                f"set {self.id!r} counts units (a unit ticket), which cannot include goods; "
                "put the goods on a set of sessions, or remove includes",
                "record.includes_units",
                offer=excerpt(self.id),
            )
        return self

    @property
    def counts_units(self) -> bool:
        """Whether the set holds units rather than visits (a 本数券), counted one a unit
        (``counts = "units"``) or by the dose's amount (``counts = "amount"``).

        Example:
            >>> Bundle(kind="bundle", id="p10", treatment="p", sessions=10, price=13500,
            ...        counts="units").counts_units
            True
        """
        return self.counts != "sessions"

    def units_per(self, dose: Dose | None) -> int:
        """How many of the ticket's units one unit (one dose given once) of ``dose`` uses:
        the dose's ``amount`` where the set counts it (``counts = "amount"``), else 1.
        The one rule of a unit ticket's units per unit given, which the resolution,
        the price list and lint ask (a whole amount: the catalog refuses another).

        Example:
            >>> ticket = Bundle(kind="bundle", id="p30", treatment="p", sessions=30,
            ...                 price=33000, counts="amount")
            >>> ticket.units_per(Dose(id="3a", amount=3, price=3300)), ticket.units_per(None)
            (3, 1)
        """
        if self.counts != "amount" or dose is None:
            return 1
        return int(dose.amount)

    def held(self, dose: Dose | None = None) -> int:
        """How many units of ``dose`` (given once each) the ticket's units pay whole: its
        units over :meth:`units_per` (a 30本券 holds 10 of 3A), what is left over unused;
        0 where it holds fewer units than one unit of the dose uses, which it then serves
        none of. Without a dose, in a flat catalog's ticket, the request's dose's
        (:attr:`per_unit`). The one rule of what a unit ticket holds, which the resolution,
        the engine's tables and the price list ask.

        Example:
            >>> ticket = Bundle(kind="bundle", id="p2", treatment="p", sessions=2,
            ...                 price=2000, counts="amount")
            >>> [ticket.held(Dose(id=f"{n}a", amount=n, price=1650)) for n in (1, 2, 3)]
            [2, 1, 0]
        """
        return self.sessions // (self._per_unit if dose is None else self.units_per(dose))

    @property
    def per_unit(self) -> int:
        """In a flat catalog (a request's, ``engine.resolve``), the ticket's units one unit
        of its treatment (the request's dose) uses (:meth:`units_per`); 1 elsewhere.

        Example:
            >>> Bundle(kind="bundle", id="p30", treatment="p", sessions=30, price=33000,
            ...        counts="amount").per_unit
            1
        """
        return self._per_unit

    def for_dose(self, treatment: str, dose: Dose) -> "Bundle":
        """This ticket as a flat catalog sells it for ``dose`` (``treatment`` its flat id):
        its :attr:`per_unit` that dose's :meth:`units_per`.

        Example:
            >>> ticket = Bundle(kind="bundle", id="p30", treatment="p", sessions=30,
            ...                 price=33000, counts="amount")
            >>> ticket.for_dose("p:2a", Dose(id="2a", amount=2, price=2750)).per_unit
            2
        """
        flat = self.model_copy(update={"treatment": treatment})
        _set_private(flat, {**(self.__pydantic_private__ or {}), "_per_unit": self.units_per(dose)})
        return flat


class EnrollmentCampaign(_SalesWindow, _Record):
    """A monthly plan's enrollment fee at another price for a while (入会金無料キャンペーン).

    On the days of its window (both ends included) the plan's ``enrollment_fee``
    is ``price``, 0 (waived) unless given; on other days the regular fee. A
    window is required: without one the campaign price is simply the fee.
    Schema 2.

    Example:
        >>> free = EnrollmentCampaign(valid_until="2026-12-31")
        >>> free.price.min, free.on_sale(date(2026, 12, 31)), free.on_sale(date(2027, 1, 1))
        (0, True, False)
    """

    price: Price = YenRange.exact(0)
    valid_from: Day | None = None
    """The first day of the campaign."""
    valid_until: Day | None = None
    """The last day of the campaign."""

    @model_validator(mode="after")
    def _window(self) -> Self:
        self._check_window()
        if not self.windowed:
            _fail(
                "valid_until",
                "a campaign needs a window: give valid_from or valid_until (or both); "
                "a price for every day is the plan's enrollment_fee itself",
                "record.campaign_window",
            )
        return self


class FirstMonth(_SalesWindow, _Record):
    """A monthly plan's first months at a lower price (初月無料, 初月半額, 初回2か月半額).

    The first ``months`` monthly fees of the patient's first enrollment in the
    plan are ``price`` each (0, free, unless given) instead of ``monthly_fee``;
    a later enrollment, or one the request's ``bought`` says came before, pays
    the fee from its first month. Per-unit discounts naming the plan come off
    it as off the fee. With a window (``valid_from``, ``valid_until``, either
    open, both days included) only a plan bought on its days gets it; with
    ``new_patients_only`` only a new patient. Schema 2.

    Example:
        >>> half = FirstMonth(price=13750)
        >>> half.price.min, half.months, half.on_sale(date(2030, 1, 1))
        (13750, 1, True)
    """

    price: Price = YenRange.exact(0)
    months: Months = 1
    """How many first months are at ``price``: at most the plan's ``min_months``."""
    new_patients_only: StrictBool = False
    """Whether only a patient new to the clinic gets it."""
    valid_from: Day | None = None
    """The first day a plan bought gets it."""
    valid_until: Day | None = None
    """The last day a plan bought gets it."""

    @model_validator(mode="after")
    def _window(self) -> Self:
        self._check_window()
        return self


class Subscription(_TreatmentOffer):
    """A monthly plan (月額プラン): an allowance of sessions each month for a fee.

    Unused sessions do not carry over unless ``carry_over`` says so (schema 2); the plan
    runs at least ``min_months``.

    Example:
        >>> Subscription(kind="subscription", id="m", treatment="sup-iv",
        ...              monthly_fee=27500, sessions_per_month=1).min_months
        1
    """

    kind: Literal["subscription"]
    monthly_fee: Price
    sessions_per_month: Count
    min_months: Months = 1
    enrollment_fee: Price = YenRange.exact(0)
    enrollment_campaign: EnrollmentCampaign | None = None
    """The enrollment fee at another price (0 unless given) for a while (schema 2)."""
    extra_session_price: Price | None = None
    early_termination_fee: Price | None = None
    """The fee for leaving before ``min_months`` (解約金): a course shorter than the term pays
    the cheaper of the term and the months held plus this (:func:`plan_held`); ``None``:
    the whole term is paid."""
    first_month: FirstMonth | None = None
    """The first months of the patient's first enrollment at a lower price (schema 2)."""
    carry_over: StrictBool = False
    """Whether a month's unused sessions may be used in the next month (未消化分は翌月まで
    繰越可, schema 2), and no later: :func:`allowance_month`. ``False``: they lapse."""

    @model_validator(mode="after")
    def _first_months(self) -> Self:
        first = self.first_month
        if first is not None and first.months > self.min_months:
            _fail(
                "first_month.months",
                f"{first.months} first months at a lower price exceed the plan's "
                f"min_months {self.min_months}; lower first_month.months or raise min_months",
                "record.first_months",
                months=first.months,
                min_months=self.min_months,
            )
        return self

    def first_month_for(self, day: date, new_patient: bool) -> FirstMonth | None:
        """The plan's first-month price for a patient enrolling on ``day``, if they get it.

        The one rule of who gets it (its window, ``new_patients_only``), asked by the
        engine's resolution, the price list and contracts. Whether the patient
        enrolled before is the request's ``bought``, asked by the resolution.

        Example:
            >>> plan = Subscription(kind="subscription", id="m", treatment="t",
            ...     monthly_fee=27500, sessions_per_month=1,
            ...     first_month={"price": 0, "new_patients_only": True})
            >>> plan.first_month_for(date(2026, 12, 1), True).price.min
            0
            >>> plan.first_month_for(date(2026, 12, 1), False) is None
            True
        """
        first = self.first_month
        if first is None or not first.on_sale(day):
            return None
        if first.new_patients_only and not new_patient:
            return None
        return first

    def enrollment_on(self, day: date) -> YenRange:
        """The enrollment fee of a plan bought on ``day``: the campaign's price in its window.

        The one rule of which enrollment fee applies, asked by the engine's
        resolution, the price list and contracts.

        Example:
            >>> plan = Subscription(kind="subscription", id="m", treatment="t",
            ...     monthly_fee=27500, sessions_per_month=1, enrollment_fee=11000,
            ...     enrollment_campaign={"valid_until": "2026-12-31"})
            >>> plan.enrollment_on(date(2026, 12, 31)).min, plan.enrollment_on(date(2027, 1, 1)).min
            (0, 11000)
        """
        campaign = self.enrollment_campaign
        if campaign is not None and campaign.on_sale(day):
            return campaign.price
        return self.enrollment_fee


def allowance_month(
    per_month: int, carry_over: bool, carried: int, used: int
) -> tuple[int, int, int]:
    """One month of a monthly plan: its sessions beyond the allowance, what carries on, what lapses.

    The one rule of a plan's carry-over (:attr:`Subscription.carry_over`, 「未消化分は翌月まで
    繰越可」): a month's sessions take the allowance carried from the month before first
    (the one that lapses sooner), then the month's own; what the month's own allowance
    leaves carries into the next month where the plan carries over, and lapses otherwise;
    a carried allowance carries no further. Asked month by month by the engine's programmes
    (the extra sessions a plan's months charge) and by a contract's ledger (what is usable
    on a day, what lapsed).

    Example:
        >>> # 2 a month carried over: 1 used in May leaves 1 for June, whose 3 sessions take
        >>> # it and June's own 2: none beyond, nothing carried from the May allowance lapses.
        >>> allowance_month(2, True, 0, 1)
        (0, 1, 0)
        >>> allowance_month(2, True, 1, 3)
        (0, 0, 0)
        >>> # Without carry-over June's third session is beyond the allowance, May's 1 lapsed.
        >>> allowance_month(2, False, 0, 1), allowance_month(2, False, 0, 3)
        ((0, 0, 1), (1, 0, 0))

    Args:
        per_month: The plan's allowance a month (``sessions_per_month``).
        carry_over: Whether the plan carries a month's unused sessions over.
        carried: The allowance carried from the month before (0 without carry-over).
        used: The month's sessions.

    Returns:
        The sessions beyond the allowance, the allowance carried into the next month, and
        the allowance that lapses at the month's end.
    """
    from_carried = min(used, carried)
    own = used - from_carried
    beyond = max(0, own - per_month)
    left = per_month - own + beyond
    lapsed = carried - from_carried
    if carry_over:
        return beyond, left, lapsed
    return beyond, 0, lapsed + left


_Amount = TypeVar("_Amount", int, YenRange)


def plan_cost(
    monthly_fee: _Amount,
    months: int,
    enrollment: _Amount,
    first: tuple[_Amount, int] | None = None,
) -> _Amount:
    """What a monthly plan's first ``months`` months cost with its enrollment.

    The one rule of what a plan's months commit, its first months at their own price
    where the patient gets one (:meth:`Subscription.first_month_for`), never more of them
    than the months: asked by the price list for a plan's minimum term
    (``report.figures.min_term_cost``), by a contract for the fees of its months begun,
    its committed amount and its minimum term (``contracts.MonthlyTerms``), and by lint
    for a plan's minimum term against singles. The amounts are whatever the caller prices
    in (tax-included ranges on a price list, whole yen on a contract), one kind for all.

    Example:
        >>> # 初月無料 on a 6-month minimum term: 5 x 39,600 + 0 + 11,000 enrollment = 209,000
        >>> plan_cost(39_600, 6, 11_000, (0, 1))
        209000
        >>> plan_cost(YenRange.exact(27_500), 6, YenRange.exact(0))
        YenRange(min=165000, max=165000)

    Args:
        monthly_fee: The fee of one month.
        months: How many months, from the first (0 or more).
        enrollment: The enrollment fee (zero for none, or for months past the first
            enrollment's).
        first: The first months' price and how many there are (初月無料: ``(0, 1)``),
            where the patient gets them; ``None`` otherwise.

    Returns:
        The first months at their price, the rest at the fee, plus the enrollment fee.
    """
    price, cheap = first if first is not None else (monthly_fee, 0)
    cheap = min(months, cheap)
    return enrollment + price * cheap + monthly_fee * (months - cheap)


def plan_held(
    monthly_fee: int,
    months: int,
    min_months: int,
    enrollment: int,
    early_termination_fee: int | None,
    first: tuple[int, int] | None = None,
) -> tuple[int, int]:
    """What a monthly plan held ``months`` months costs under its own terms, and the months paid.

    The one rule of a plan left before its minimum term (「最低契約期間内の解約は解約金
    11,000円」): held for at least ``min_months``, the months held are paid; held fewer, the
    plan costs the cheaper of paying the rest of its minimum term and leaving with its
    ``early_termination_fee`` after the months held (paying the term on a tie, which keeps
    its allowance). A plan with no ``early_termination_fee`` is paid for its whole minimum
    term. The clinic's own terms, not the statutory cap on a cancelled contract (DOMAIN.md
    §4), which bounds a settlement, never a quote. Asked by the engine for each length of a
    plan, by the break-even search and by a contract's settlement under the catalog's terms.

    Example:
        >>> # 33,000 a month, 6-month minimum term, 11,000 enrollment, 解約金 11,000, left after
        >>> # 4 months: 11,000 + 4 x 33,000 + 11,000 = 154,000 < 11,000 + 6 x 33,000 = 209,000
        >>> plan_held(33_000, 4, 6, 11_000, 11_000)
        (154000, 4)
        >>> # 解約金 99,000 is dearer than the 2 months left (66,000): the term is paid
        >>> plan_held(33_000, 4, 6, 11_000, 99_000), plan_held(33_000, 4, 6, 11_000, None)
        ((209000, 6), (209000, 6))

    Args:
        monthly_fee: The fee of one month.
        months: The months the plan is held, from the first (1 or more).
        min_months: The plan's minimum term.
        enrollment: The enrollment fee (zero for none).
        early_termination_fee: The fee for leaving before the minimum term; ``None``: the
            plan cannot be left before it.
        first: The first months' price and how many there are, as :func:`plan_cost`'s.

    Returns:
        What the plan costs, and the months its fees are paid for (``min_months`` where the
        rest of the term is paid, ``months`` where the plan is held so long or left early).
    """
    term = max(months, min_months)
    stay = plan_cost(monthly_fee, term, enrollment, first)
    if months >= min_months or early_termination_fee is None:
        return stay, term
    leave = plan_cost(monthly_fee, months, enrollment, first) + early_termination_fee
    return (leave, months) if leave < stay else (stay, term)


class IntroFor(enum.StrEnum):
    """Who a first-time price (初回) is for.

    Example:
        >>> IntroFor("first_time") is IntroFor.FIRST_TIME
        True
    """

    NEW_PATIENT = "new_patient"
    """A patient new to the clinic (the request's ``new_patient``), as in schema 1."""
    FIRST_TIME = "first_time"
    """A patient who has never had this treatment (the request's ``history`` has none of it)."""


class Intro(_Repriced, _TreatmentOffer):
    """A first-time price for new patients (初回限定): each of the first sessions at ``price``.

    ``price`` is per session, for each of the first ``sessions`` sessions of
    a new patient; later sessions are bought another way. With ``sold_whole``
    (schema 2) ``price`` is the price of all ``sessions`` together, bought whole
    (初回限定3回コース 100,000円): never split per session, even where the
    course needs fewer.

    Example:
        >>> Intro(kind="intro", id="first", treatment="sup-iv", price=9800).sessions
        1
        >>> trial = Intro(kind="intro", id="trial3", treatment="sup-iv", price=100000,
        ...               sessions=3, sold_whole=True)
        >>> trial.price_of(1, 100000), trial.price_of(3, 100000)
        (100000, 100000)
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", str_strip_whitespace=True, populate_by_name=True
    )

    kind: Literal["intro"]
    price: Price
    price_changes: PriceChanges = ()
    """The first-time price from a day on (価格改定, schema 2): :meth:`price_on`."""
    sessions: Count = 1
    for_: IntroFor = Field(default=IntroFor.NEW_PATIENT, alias="for")
    """Who it is for: a new patient (default), or one who never had the treatment (schema 2)."""
    sold_whole: StrictBool = False
    """Whether ``price`` is for all ``sessions`` bought together (schema 2), not each."""
    valid_months: Months | None = None
    """How long a set sold whole is valid from its purchase (有効期間, schema 2): sessions of a
    course after it are bought another way, as a set's (:attr:`Bundle.valid_months`);
    ``None``: no expiry. Only with ``sold_whole``: a per-session price has nothing to expire."""

    @model_validator(mode="after")
    def _expiry_whole(self) -> Self:
        if self.valid_months is not None and not self.sold_whole:
            _fail(
                "valid_months",
                "is the expiry of a first-time set sold whole; add sold_whole = true "
                "or remove valid_months",
                "intro.valid_months_not_whole",
            )
        return self

    def price_of(self, count: int, unit: int) -> int:
        """What ``count`` first-time sessions cost at ``unit`` (this offer's price, discounted
        or at one point): ``count`` times it, or ``unit`` once for an offer sold whole.

        The one rule of an intro's cost, asked by the engine's tables and by contracts.

        Example:
            >>> Intro(kind="intro", id="i", treatment="t", price=9800, sessions=3).price_of(
            ...     2, 9800)
            19600
        """
        return unit if self.sold_whole else count * unit


class PackageItem(_Record):
    """One treatment of a package with its sessions (schema 2).

    Example:
        >>> PackageItem(treatment="clatuu-2", sessions=2).sessions
        2
    """

    treatment: Ref
    sessions: Count


class Package(_Repriced, _OfferBase):
    """Several treatments, each with a count, for one price (コース); schema 2.

    Bought whole: ``k`` packages cover up to ``k x sessions`` sessions of each
    treatment of its ``contents``; what the course does not need stays unused.
    ``intro_price`` (初回限定価格) is for one package bought by a new patient.
    Its contents share one tax category, which is the package's.

    Example:
        >>> body = Package(kind="package", id="body", price=560000, contents=[
        ...     {"treatment": "a", "sessions": 2}, {"treatment": "b", "sessions": 4}])
        >>> body.sessions_of("b")
        4
    """

    kind: Literal["package"]
    contents: Annotated[tuple[PackageItem, ...], Field(min_length=1, max_length=10)]
    price: Price
    price_changes: PriceChanges = ()
    """The package's price from a day on (価格改定, schema 2): :meth:`price_on`."""
    intro_price: Price | None = None
    """The price of one package for a new patient (初回限定価格)."""
    valid_months: Months | None = None
    per_patient: _PerPatient | None = None
    """How many of it one patient may buy (お一人様1セット限り: 1; schema 2); ``None``: any.
    The request's ``bought`` says how many the patient bought before."""

    @model_validator(mode="after")
    def _contents_once(self) -> Self:
        for position, item in enumerate(self.contents):
            if any(other.treatment == item.treatment for other in self.contents[:position]):
                _fail(
                    f"contents[{position}].treatment",
                    f"names {item.treatment!r} twice; give each treatment once with its "
                    "sessions added up",
                    "record.contents_twice",
                    treatment=excerpt(item.treatment),
                )
        return self

    @property
    def treatments(self) -> tuple[str, ...]:
        """The treatments (or doses) the package contains, in its order."""
        return tuple(item.treatment for item in self.contents)

    def sessions_of(self, treatment: str) -> int:
        """Sessions of ``treatment`` in one package; 0 when it has none."""
        return next((i.sessions for i in self.contents if i.treatment == treatment), 0)


class SharedSet(_OfferBase):
    """A set of sessions usable on any of several treatments, in any split (共通回数券); schema 2.

    「点滴2cc・点鼻 共通5回券」: ``sessions`` visits paid up front, each taken by
    whichever of ``treatments`` the patient has that day. Bought whole at the
    course's first visit, like a package; ``k`` sets cover up to ``k x sessions``
    sessions of the listed treatments together, split as the course needs.
    Its treatments share one tax category, which is the set's.

    Example:
        >>> common = SharedSet(kind="shared", id="common-5", treatments=["sup:2cc", "nasal"],
        ...                    sessions=5, price=132000, valid_months=6)
        >>> common.splits(("sup:2cc", "nasal"))[:2]
        ((('nasal', 5),), (('sup:2cc', 1), ('nasal', 4)))
    """

    kind: Literal["shared"]
    treatments: Annotated[tuple[Ref, ...], Field(min_length=2, max_length=10)]
    """The treatments (or doses) any session of the set may be used on."""
    sessions: Count
    """The sessions (visits) the set pays for, shared among its treatments."""
    price: Price
    valid_months: Months | None = None
    per_patient: _PerPatient | None = None
    """How many of it one patient may buy (お一人様1セット限り); ``None``: any. The request's
    ``bought`` says how many the patient bought before."""

    @model_validator(mode="after")
    def _treatments_once(self) -> Self:
        _listed_once(self.treatments)
        return self

    def splits(self, used: Sequence[str]) -> tuple[tuple[tuple[str, int], ...], ...]:
        """Every way one set's sessions go to ``used`` (some of its treatments), in order.

        Each split gives every session to one of ``used`` (a treatment getting none is
        left out); the engine prices each split as a package of those contents, as a
        patient may use each set bought differently, and ``k`` sets reach every split of
        ``k x sessions`` sessions. Empty where ``used`` is empty.
        """
        if not used:
            return ()
        found: list[tuple[tuple[str, int], ...]] = []
        for counts in _compositions(self.sessions, len(used)):
            found.append(tuple((ref, n) for ref, n in zip(used, counts, strict=True) if n))
        return tuple(found)

    def split_id(self, split: Sequence[tuple[str, int]]) -> str:
        """The id of one split of the set, as a quote's line names it (``common-5@a=3,b=2``)."""
        return f"{self.id}@" + ",".join(f"{ref}={n}" for ref, n in split)

    def split_of(self, text: str) -> Package | None:
        """The split package :meth:`split_id` wrote as ``text`` after the ``@``; ``None`` if
        it names no split of this set."""
        split: list[tuple[str, int]] = []
        for part in text.split(","):
            ref, _, count = part.rpartition("=")
            # A treatment listed alone serves any of its doses, which a split then names.
            listed = ref in self.treatments or ref.partition(":")[0] in self.treatments
            if not listed or not count.isdigit():
                return None
            split.append((ref, int(count)))
        if sum(n for _, n in split) != self.sessions:
            return None
        return self.split_package(split)

    def split_package(self, split: Sequence[tuple[str, int]]) -> Package:
        """One split of the set as the package the engine prices (its id :meth:`split_id`)."""
        return Package.model_construct(
            kind="package",
            id=self.split_id(split),
            name=self.name,
            name_en=self.name_en,
            note=self.note,
            contract_rules=self.contract_rules,
            valid_from=self.valid_from,
            valid_until=self.valid_until,
            first_n=self.first_n,
            segment_prices=self.segment_prices,
            contents=tuple(PackageItem.model_construct(treatment=r, sessions=n) for r, n in split),
            price=self.price,
            intro_price=None,
            valid_months=self.valid_months,
            per_patient=self.per_patient,
        )


def _listed_once(treatments: Sequence[str]) -> None:
    """Refuse a record's ``treatments`` naming one twice (a combo's, a shared set's)."""
    for position, treatment_id in enumerate(treatments):
        if treatment_id in treatments[:position]:
            _fail(
                f"treatments[{position}]",
                f"lists {treatment_id!r} twice; name each treatment once",
                "record.treatment_twice",
                treatment=excerpt(treatment_id),
            )


def split_base(offer_id: str) -> str:
    """The offer id a split of a shared set is named after (:meth:`SharedSet.split_id`).

    Example:
        >>> split_base("common-5@sup:2cc=3,nasal=2"), split_base("sup-iv-set")
        ('common-5', 'sup-iv-set')
    """
    return offer_id.partition("@")[0]


def _compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    """Every tuple of ``parts`` counts from 0 adding up to ``total``, the last part's first."""
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in _compositions(total - first, parts - 1):
            yield (first, *rest)


class LadderStep(_Record):
    """One step of a ladder: the single price from the ``from``-th session on (schema 2).

    Example:
        >>> LadderStep.model_validate({"from": 6, "price": 6800}).from_
        6
    """

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        str_strip_whitespace=True,
        populate_by_name=True,
        defer_build=True,
    )

    from_: Annotated[StrictInt, Field(ge=1, le=MAX_LADDER_PLACE, alias="from")]
    price: Price
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    within_days: Annotated[StrictInt, Field(ge=1, le=MAX_WITHIN_DAYS)] | None = None
    """The step holds only for a session within this many days of the patient's previous
    session of the treatment (「2回目以降（前回施術から30日以内）」); ``None``: always.
    A session it does not hold for costs what the ladder's earlier steps make it
    (:meth:`Ladder.held_step`). Ignored on the first step, which every session falls back
    to (lint SC057)."""


class Ladder(_TreatmentOffer):
    """The single price of a session by its place in the patient's sessions of it; schema 2.

    A session's place counts the sessions had before (the request's
    ``history``) and the earlier ones of the course, however paid. A ladder
    replaces the treatment's single price; sets, plans and first-time prices
    buy sessions as before.

    Example:
        >>> Ladder(kind="ladder", id="l", treatment="hair", steps=[
        ...     {"from": 1, "price": 9800}, {"from": 6, "price": 6800}]).price_at(6).min
        6800
    """

    kind: Literal["ladder"]
    steps: Annotated[tuple[LadderStep, ...], Field(min_length=1, max_length=50)]

    @model_validator(mode="after")
    def _steps_in_order(self) -> Self:
        if self.steps[0].from_ != 1:
            _fail(
                "steps[0].from",
                f"the first step starts at session {self.steps[0].from_}; start it at 1 "
                "(the price of the first session)",
                "record.ladder_first",
                first=self.steps[0].from_,
            )
        for position in range(1, len(self.steps)):
            if self.steps[position].from_ <= self.steps[position - 1].from_:
                _fail(
                    f"steps[{position}].from",
                    f"step from {self.steps[position].from_} does not come after step from "
                    f"{self.steps[position - 1].from_}; list steps in increasing order",
                    "record.ladder_order",
                    step=self.steps[position].from_,
                    previous=self.steps[position - 1].from_,
                )
        if self.segment_prices:
            _fail(
                "segment_prices",
                "a ladder has its segment prices on each step",
                "record.ladder_segment_prices",
            )
        return self

    def step_at(self, place: int) -> LadderStep:
        """The step that prices the session at ``place`` (1-based)."""
        found = self.steps[0]
        for step in self.steps:
            if step.from_ <= place:
                found = step
        return found

    def price_at(self, place: int) -> YenRange:
        """The single price of the session at ``place`` (1-based)."""
        return self.step_at(place).price

    @property
    def gapped(self) -> bool:
        """Whether a step after the first holds only within days of the previous session
        (``within_days``): the one reading of whether a ladder's price reads visits' dates."""
        return any(step.within_days is not None for step in self.steps[1:])

    def held_step(self, place: int, gap: int | None) -> LadderStep:
        """The step that prices the session at ``place`` whose previous session of the
        treatment was ``gap`` days before; ``None``: no date of it is known, so no
        ``within_days`` holds (the first session of a returning patient, whose request gives
        no date of the last visit).

        The last step with ``from <= place`` whose ``within_days`` (if any) holds: the one
        rule of a session that comes back too late, for the engine, its lines and the
        price list's words (docs/catalog.md, "Repeat prices within days").

        Example:
            >>> repeat = Ladder(kind="ladder", id="r", treatment="sup", steps=[
            ...     {"from": 1, "price": 33000},
            ...     {"from": 2, "price": 27500, "within_days": 30}])
            >>> repeat.held_step(3, 28).from_, repeat.held_step(3, 31).from_
            (2, 1)
            >>> repeat.held_step(3, None).from_
            1
        """
        found = self.steps[0]
        for step in self.steps[1:]:
            if step.from_ > place:
                break
            days = step.within_days
            if days is None or (gap is not None and gap <= days):
                found = step
        return found

    def undated_price(self, step: LadderStep) -> YenRange:
        """A step's price where the gaps between sessions are unknown (a course without
        ``months``): from its low end with every gap within its days to its fallback's
        high end with none, each end the lower and the higher of the two; no typical
        value, as no price states how often a patient comes back in time.

        Example:
            >>> repeat = Ladder(kind="ladder", id="r", treatment="sup", steps=[
            ...     {"from": 1, "price": {"min": 33000, "max": 44000}},
            ...     {"from": 2, "price": 27500, "within_days": 30}])
            >>> repeat.undated_price(repeat.steps[1])
            YenRange(min=27500, max=44000)
        """
        if step.within_days is None or step is self.steps[0]:
            return step.price
        fallback = self.held_step(step.from_, None).price
        low = min(step.price.min, fallback.min)
        if step.price.max is None or fallback.max is None:
            return YenRange(low, None)
        return YenRange(low, max(step.price.max, fallback.max))

    def last_places(self) -> tuple[int | None, ...]:
        """Each step's last place: the place before the next step's first, ``None`` for the
        last step, which prices every later session; the one rule a price list's steps and
        a quote's ladder lines are named by (「2回目」, 「3回目以降」)."""
        return (*(step.from_ - 1 for step in self.steps[1:]), None)


Offer: TypeAlias = Annotated[
    Bundle | Subscription | Intro | Package | SharedSet | Ladder, Field(discriminator="kind")
]
"""Any offer, told apart by its ``kind``."""

AnyOffer: TypeAlias = Bundle | Subscription | Intro | Package | SharedSet | Ladder
"""Any offer, as a plain union (for annotations)."""


def offer_treatments(offer: AnyOffer) -> tuple[str, ...]:
    """The treatments (or doses) an offer sells: a package's contents, else its one treatment.

    Example:
        >>> offer_treatments(Bundle(kind="bundle", id="s", treatment="a", sessions=3, price=1))
        ('a',)
    """
    return offer.treatments if isinstance(offer, Package | SharedSet) else (offer.treatment,)


class Combo(_Record):
    """Treatments given in the same visit, for less than their single prices added up.

    The saving applies per visit that includes all of them, however the
    sessions are paid for (single, set, plan or first-time price), unless
    ``single_sessions_only`` (schema 2) limits it to the visits where each of
    them is paid as a single session. Give either
    ``discount`` (off the sum of single prices) or ``price`` (for the whole
    group, so the saving is the sum of single prices minus ``price``). The
    treatments must share one tax category.

    Example:
        >>> Combo(id="c", treatments=("sup-iv", "nmn"), discount=5500).discount
        YenRange(min=5500, max=5500)
    """

    id: Id
    treatments: Annotated[tuple[Ref, ...], Field(min_length=2, max_length=10)]
    discount: Price | None = None
    price: Price | None = None
    name: Text | None = None
    name_en: Text | None = None
    note: Text | None = None
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    """Per segment, the combo's ``price`` (or ``discount``, when it gives one) (schema 2)."""
    single_sessions_only: bool = False
    """Whether the saving applies only at visits where every one of the treatments is paid
    as a single session, not through a set, a plan or a first-time price (schema 2):
    「回数券・初回価格との併用はできません」."""

    @model_validator(mode="after")
    def _one_of_discount_or_price(self) -> Self:
        if self.discount is not None and self.price is not None:
            _fail(
                "price",
                "give either discount (off the sum of single prices) or price (for the group), "
                "not both; remove one",
                "record.discount_and_price",
            )
        if self.discount is None and self.price is None:
            _fail(
                "",
                "give discount (yen off the sum of single prices) or price (for the whole group)",
                "record.discount_or_price",
            )
        _listed_once(self.treatments)
        return self


class Fee(_Record):
    """A fee charged beside treatments, such as a consultation (初診料).

    Example:
        >>> Fee(id="first-consult", name="初診料", price=3300).charged
        <Charged.FIRST_VISIT: 'first_visit'>
    """

    id: Id
    name: Text
    name_en: Text | None = None
    price: Price
    charged: Charged = Charged.FIRST_VISIT
    tax: TaxCategory = TaxCategory.STANDARD
    note: Text | None = None
    applies_to: Annotated[tuple[Ref, ...], Field(max_length=50)] = ()
    """Charged only when the request includes one of these treatments or doses (schema 2); a
    per-visit fee (``every_visit``, ``return_visit``) only at the visits that include one."""
    new_patients_only: StrictBool = False
    """Charged only to new patients (schema 2)."""
    waived_when_treated: StrictBool = False
    """Not charged at a visit with a treatment (初診料は施術を受けた場合は無料), schema 2.

    Every visit of a course has one, so quotes never charge it; price lists
    show it with its waiver."""
    waived_with: Annotated[tuple[Id, ...], Field(max_length=50)] = ()
    """Not charged where the patient buys one of these sets (bundles of sessions, not unit
    tickets; 初診料は回数券ご購入の方は無料), schema 2: a bill buying any of them, once or
    many times, does not charge the fee at all (it is waived once, as it is charged once); a
    bill buying none charges it by its rules. See :meth:`waived_by`."""

    def waived_by(self, bought: Iterable[str]) -> bool:
        """Whether buying the offers ``bought`` (ids) waives the fee (``waived_with``).

        The one rule of it, which the engine's fee bill asks.

        Example:
            >>> fee = Fee(id="shoshin", name="初診料", price=5500, waived_with=("sup-3",))
            >>> fee.waived_by(["sup-3"]), fee.waived_by([])
            (True, False)
        """
        return any(offer in self.waived_with for offer in bought)

    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    optional: StrictBool = False
    """Charged only when the request chooses it (a home visit, a test on request), schema 2;
    then by ``charged`` and the rules above, like any fee."""
    group: Id | None = None
    """Optional fees of one group exclude each other (the areas of a travel fee): a request
    chooses at most one of them (schema 2)."""
    trigger: FeeTrigger = FeeTrigger.REQUEST
    """What makes an optional fee apply (schema 2): the patient's wish (``request``), a visit
    on a weekend or public holiday (``weekend``, 土日祝加算), outside regular hours
    (``after_hours``, 時間外), or cancelled on the day or missed (``cancellation``,
    当日キャンセル料: ``charged = "every_visit"``, once for each). A request still says at how
    many visits it applies; the documents say what brings it."""
    joins: Id | None = None
    """The segment (one of ``clinic.segments``) a patient joins by paying this fee (入会金,
    会員登録料, 年会費), schema 2: charged ``once`` at the first visit, or ``yearly`` (at the
    first visit of each started year of the course), to a patient who joins to pay the
    segment's prices; never to one who already belongs, nor to one who does not join."""

    @model_validator(mode="after")
    def _group_of_optional(self) -> Self:
        if self.group is not None and not self.optional:
            _fail(
                "group",
                f"groups optional fees, but fee {self.id!r} is always charged by its rule; "
                "set optional = true, or remove group",
                "record.group_not_optional",
                fee=excerpt(self.id),
            )
        if self.trigger is not FeeTrigger.REQUEST and (not self.optional or self.group):
            _fail(
                "trigger",
                f"fee {self.id!r} applies by the visit's day or hour, or its cancellation "
                f"(trigger = {self.trigger.value!r}), which a request says at how many visits it "
                "does, as of an optional fee: set optional = true, and leave it out of a group (a "
                "group's fees are alternatives the patient picks)",
                "record.trigger_optional",
                fee=excerpt(self.id),
                trigger=self.trigger.value,
            )
        if self.trigger is FeeTrigger.CANCELLATION and self.charged is not Charged.EVERY_VISIT:
            _fail(
                "charged",
                f"fee {self.id!r} is charged for each visit cancelled (trigger = "
                f"'cancellation'), which a request counts as visits: set charged = "
                f"'every_visit' (it is {self.charged.value!r})",
                "record.cancellation_every_visit",
                fee=excerpt(self.id),
                charged=self.charged.value,
            )
        if self.joins is not None:
            _joining_fee_rules(self)
        return self


def _joining_fee_rules(fee: Fee) -> None:
    """Refuse a joining fee that also says something only an ordinary fee can mean."""
    move = f"give fee {fee.id!r} its own record without it, or remove joins"
    if fee.charged is not Charged.ONCE and fee.charged is not Charged.YEARLY:
        _fail(
            "charged",
            f"fee {fee.id!r} joins segment {fee.joins!r}, so it is charged on joining: "
            f'set charged = "once" (入会金) or charged = "yearly" (年会費, again each year)',
            "record.joining_charged",
            fee=excerpt(fee.id),
            segment=excerpt(fee.joins),
        )
    for field, set_, what in (
        ("group", fee.group is not None, "is in a group of optional fees"),
        ("optional", fee.optional, "is chosen by the patient"),
        ("applies_to", bool(fee.applies_to), "applies to some treatments only"),
        ("new_patients_only", fee.new_patients_only, "is charged to new patients only"),
        ("waived_when_treated", fee.waived_when_treated, "is waived at a visit with a treatment"),
        ("waived_with", bool(fee.waived_with), "is waived where an offer is bought"),
        ("segment_prices", bool(fee.segment_prices), "has segment prices"),
    ):
        if set_:
            _fail(
                field,
                f"fee {fee.id!r} joins segment {fee.joins!r} but also {what}: joining is "
                f"weighed for every course, and a member never pays it; {move}",
                "record.joining_also",
                fee=excerpt(fee.id),
                segment=excerpt(fee.joins),
                field=field,
            )


class FeeGroup(_Record):
    """The name of a group of optional fees (``[[fee_groups]]``), as pages show it (schema 2).

    Example:
        >>> FeeGroup(id="travel", name="出張費", name_en="Home visit").name
        '出張費'
    """

    id: Id
    """The ``group`` its fees give."""
    name: Text
    name_en: Text | None = None


class Discount(_SalesWindow, _Record):
    """An amount or a percentage off, with the lines it applies to and its conditions.

    With ``treatments`` it comes off each single session of those (a further
    unit and a ladder's step included); with ``offers``, each unit bought of
    those (each set, each month of a plan, each first-time session); with
    neither it comes off the whole bill once, before fees (goods included: they are
    part of the bill, and no per-unit discount names goods). A percentage is
    rounded with ``rounding`` (default ``floor``: the discount never exceeds
    the exact percentage). Conditions are decided by the request, never by the
    way of buying.

    Example:
        >>> Discount(id="autumn", name="秋の10%オフ", percent="10").rate
        Fraction(1, 10)
    """

    id: Id
    name: Text
    name_en: Text | None = None
    amount: PositiveYen | None = None
    percent: Percent | None = None
    treatments: tuple[Ref, ...] = ()
    offers: tuple[Id, ...] = ()
    new_patients_only: StrictBool = False
    valid_from: Day | None = None
    valid_until: Day | None = None
    first_n: _FirstN | None = None
    """Only the first this many patients get it (先着N名様, schema 2); see ``sold_out``."""
    birth_month_only: StrictBool = False
    """Only for a patient in their birth month on the request's date (誕生月特典, schema 2);
    the request's ``birth_month`` says which month that is."""
    min_sessions: Count | None = None
    min_amount: NonNegativeYen | None = None
    segments: Annotated[tuple[Id, ...], Field(max_length=20)] = ()
    """Only for patients of one of these segments of the clinic's (会員様限定, ご紹介の方,
    schema 2): the request's ``segment``, or the one a patient joins for its fee."""
    stacks: StrictBool = False
    with_combos: StrictBool = True
    """``false``: not with a combo's saving (「セット割との併用不可」, 「同時施術割引との併用不可」,
    schema 2): a bill that takes this discount takes no combo, and the engine bills both
    ways and keeps the cheaper (docs/catalog.md, "How prices combine")."""
    with_first_time: StrictBool = True
    """``false``: not with a first-time price (「初回価格との併用不可」, a 初回限定 price or a
    package's ``intro_price``, schema 2): a bill that takes this discount buys at no
    first-time price, and the engine bills both ways and keeps the cheaper (docs/catalog.md,
    "Not with first-time prices or offers")."""
    with_offers: StrictBool = True
    """``false``: not with a set, unit ticket, monthly plan or package
    (「セット・回数券との併用不可」, schema 2): a bill that takes this discount buys none of
    them, and the engine bills both ways and keeps the cheaper (docs/catalog.md, "Not with
    first-time prices or offers")."""
    rounding: Rounding = Rounding.FLOOR
    note: Text | None = None

    @model_validator(mode="after")
    def _amount_or_percent(self) -> Self:
        if self.amount is not None and self.percent is not None:
            _fail(
                "percent",
                "give either amount (yen off) or percent (percentage off), not both; remove one",
                "record.amount_and_percent",
            )
        if self.amount is None and self.percent is None:
            _fail(
                "",
                "give amount (yen off, such as 1000) or percent (percentage off, such as 10)",
                "record.amount_or_percent",
            )
        self._check_window()
        return self

    @functools.cached_property
    def rate(self) -> Fraction | None:
        """The percentage as an exact proportion (``Fraction``), or ``None`` for an amount.

        Cached: the engine asks for it for every unit price it discounts.
        """
        return None if self.percent is None else exact_rate(f"{self.percent}%")

    @property
    def applies_to_bill(self) -> bool:
        """Whether the discount comes off the whole bill rather than named lines."""
        return not self.treatments and not self.offers

    @property
    def dated(self) -> bool:
        """Whether its being taken depends on the day a purchase is paid: it has a window or
        is for the birth month only (docs/catalog.md, "Sales windows in a course with months").

        Example:
            >>> Discount(id="w", name="冬", percent="10", valid_until="2026-12-31").dated
            True
        """
        return self.windowed or self.birth_month_only

    @property
    def taken_by_month(self) -> bool:
        """Whether, in a course with months, it is taken purchase by purchase, by the month
        each is paid in: a discount on units (not the whole bill, booked at the first visit)
        that is :attr:`dated` (docs/catalog.md, "Sales windows in a course with months").
        The one rule, asked by the engine and by the estimate's validity.

        Example:
            >>> Discount(id="w", name="冬", percent="10", treatments=["iv"],
            ...          valid_until="2026-12-31").taken_by_month
            True
            >>> Discount(id="b", name="冬", amount=1000, valid_until="2026-12-31").taken_by_month
            False
        """
        return self.dated and not self.applies_to_bill

    def rules_out_offer(self, offer: AnyOffer) -> bool:
        """Whether no bill that takes this discount buys ``offer``: a first-time price
        (:class:`Intro`) with ``with_first_time = false``, a set, unit ticket, monthly plan
        or package with ``with_offers = false``. A package's ``intro_price`` is not ruled
        out so: the package is still sold at its ``price``.

        Example:
            >>> winter = Discount(id="w", name="冬", percent="10", with_offers=False)
            >>> first = Intro(kind="intro", id="f", treatment="iv", name="初回", price=5000)
            >>> winter.rules_out_offer(first)
            False

        Args:
            offer: One of the catalog's offers.

        Returns:
            ``True`` when every bill taking this discount leaves ``offer`` out.
        """
        if isinstance(offer, Intro):
            return not self.with_first_time
        return not self.with_offers and isinstance(offer, _SOLD_OFF_SINGLES)

    def comes_off(self, single: str | None, offer: str | None) -> bool:
        """Whether this discount comes off one unit bought: the one rule of a per-unit discount.

        A discount naming a treatment comes off its single sessions only (a further
        unit and a ladder's step included); a set, a plan's month, a first-time
        session or a package takes it only when it names that offer (docs/catalog.md).
        Goods (:class:`Goods`) are no unit of either: only a whole-bill discount comes off
        them.

        Example:
            >>> autumn = Discount(id="a", name="秋", percent="10", treatments=["iv"])
            >>> autumn.comes_off("iv", None), autumn.comes_off(None, "iv-5")
            (True, False)

        Args:
            single: The treatment when the unit is a single session of it (a further
                unit, a ladder's step), else ``None``.
            offer: The offer the unit is bought through (the ladder of a step), else ``None``.

        Returns:
            ``True`` when the discount names the single session's treatment or the offer.
        """
        # A split of a shared set is bought as the set: a discount naming the set comes off it.
        return (single is not None and single in self.treatments) or (
            offer is not None and split_base(offer) in self.offers
        )

    def not_with(self, offers: Sequence[AnyOffer]) -> tuple[str, ...]:
        """What this discount rules out of its bill that ``offers`` sell, besides combos: the
        one reading of which of its conditions say anything, for documents and lint.

        ``"first_time"`` with ``with_first_time = false`` where some offer is a first-time
        price (a package's ``intro_price`` included); ``"offers"`` with ``with_offers =
        false`` where some offer is a set, unit ticket, monthly plan or package (a ladder
        prices single sessions, so it is none).

        Example:
            >>> winter = Discount(id="w", name="冬", percent="10", with_first_time=False)
            >>> first = Intro(kind="intro", id="f", treatment="iv", name="初回", price=5000)
            >>> winter.not_with([first]), winter.not_with([])
            (('first_time',), ())

        Args:
            offers: The catalog's offers.

        Returns:
            ``"first_time"``, ``"offers"``, both in that order, or none.
        """
        first_time = not self.with_first_time and any(
            isinstance(o, Intro) or (isinstance(o, Package) and o.intro_price is not None)
            for o in offers
        )
        sold = not self.with_offers and any(isinstance(o, _SOLD_OFF_SINGLES) for o in offers)
        return (*(("first_time",) if first_time else ()), *(("offers",) if sold else ()))


_SOLD_OFF_SINGLES: Final = (Bundle, Subscription, Package)
"""The offers ``with_offers = false`` rules out (a ladder prices single sessions: none)."""


class GoodsKind(enum.StrEnum):
    """What a goods item is, which decides its consumption tax (DOMAIN §1).

    Supplements and health foods sold over the counter are food (食品), at the
    reduced rate; drugs (医薬品), quasi-drugs (医薬部外品) and cosmetics (化粧品)
    stay at the standard one. ``other`` is anything else (a device, a sundry),
    whose rate the kind does not decide. Never guessed from a name: the catalog
    says so, and ``catalog lint`` checks the item's ``tax`` against it (SC028).

    Example:
        >>> GoodsKind("food").tax, GoodsKind.QUASI_DRUG.tax, GoodsKind.OTHER.tax
        (<TaxCategory.REDUCED: 'reduced'>, <TaxCategory.STANDARD: 'standard'>, None)
    """

    FOOD = "food"
    """A supplement or health food (食品, サプリメント): the reduced rate."""
    DRUG = "drug"
    """A drug (医薬品): the standard rate."""
    QUASI_DRUG = "quasi_drug"
    """A quasi-drug (医薬部外品), such as a medicated skincare product: the standard rate."""
    COSMETIC = "cosmetic"
    """A cosmetic (化粧品), such as a serum or sunscreen: the standard rate."""
    OTHER = "other"
    """Anything else (a device, a sundry): no rate follows from it."""

    @property
    def tax(self) -> TaxCategory | None:
        """The tax category this kind is sold at (DOMAIN §1); ``None`` for ``other``."""
        if self is GoodsKind.OTHER:
            return None
        return TaxCategory.REDUCED if self is GoodsKind.FOOD else TaxCategory.STANDARD


class GoodsSubscription(_Record):
    """A goods record's monthly delivery (定期便): its price a month and its minimum deliveries.

    A request buys it with ``goods_monthly`` (units a month) over its ``months``:
    each month's delivery at ``monthly_price`` per unit, paid in that month, at
    the goods record's tax category. A request of fewer months than
    ``min_months`` is refused (「3回以上の継続が条件」: the price is the
    condition's, so a shorter course is no 定期便).

    Example:
        >>> GoodsSubscription(monthly_price=9720, min_months=3).monthly_price.min
        9720
    """

    monthly_price: Price
    """One unit's price a month on delivery, tax included or not as the catalog's prices are."""
    min_months: Months = 1
    """The fewest deliveries the monthly price is sold for (「3回以上の継続が条件」)."""


class Goods(_Record):
    """A product sold beside treatments (物販): a supplement, home-care skincare (schema 2).

    Goods are no treatment: buying them is no visit, so no per-visit fee is
    charged for them, they count no session and they ask for no medical
    advertising notice. Food supplements and health foods are food, taxed at the
    reduced rate (``tax = "reduced"``, 8%); skincare, quasi-drugs and drugs at
    the standard one (DOMAIN §1); ``kind`` says which the item is, so that
    ``catalog lint`` can check its ``tax``. A whole-bill discount comes off goods
    too; a per-unit discount names treatments or offers, never goods
    (:meth:`Discount.comes_off`). A member (segment) price replaces ``price`` for
    a patient of that segment, as a treatment's does.

    Example:
        >>> Goods(id="nmn-caps", name="NMNサプリ 30日分", price=3240, tax="reduced", unit="箱").tax
        <TaxCategory.REDUCED: 'reduced'>
        >>> supplement = Goods(id="nmn-caps", name="NMNサプリ", price=3240, tax="reduced",
        ...                    kind="food", segment_prices={"member": 2916})
        >>> supplement.kind, supplement.segment_prices["member"].min
        (<GoodsKind.FOOD: 'food'>, 2916)
    """

    id: Id
    name: Text
    name_en: Text | None = None
    price: Price
    """One unit's price, tax included or not as the catalog's prices are."""
    tax: TaxCategory = TaxCategory.STANDARD
    unit: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """What one unit is called in documents (箱, 本); none: a count alone."""
    unit_en: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """``unit`` in English for one (``box``), for English documents; only beside ``unit``."""
    unit_en_plural: Annotated[str, StringConstraints(min_length=1, max_length=16)] | None = None
    """``unit_en`` for any count but one (``boxes``); without it ``unit_en`` serves every count."""
    note: Text | None = None
    kind: GoodsKind | None = None
    """What the item is (food, drug, quasi-drug, cosmetic, other), which decides its rate."""
    segment_prices: SegmentPrices = Field(default_factory=FrozenMapping)
    """Per segment, a unit's price (会員価格), as a treatment's ``segment_prices``."""
    subscription: GoodsSubscription | None = None
    """Its monthly delivery (定期便), which a request buys with ``goods_monthly``; none: sold
    only once (``goods``)."""

    @model_validator(mode="after")
    def _unit_in_english(self) -> Self:
        _english_unit_beside(self, "unit")
        return self


class LintWaiver(_Record):
    """One catalog lint rule switched off for this catalog, and why.

    Example:
        >>> LintWaiver(rule="SC009", reason="prices vary with the dose").rule
        'SC009'
    """

    rule: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    """A rule id such as ``SC001`` or its name such as ``range-too-wide``."""
    reason: Text


class LintSettings(_Record):
    """The ``[lint]`` table: rules of ``supecost catalog lint`` switched off, each with a reason.

    Example:
        >>> LintSettings(disable=[{"rule": "SC001", "reason": "a loss leader"}]).disable[0].rule
        'SC001'
    """

    disable: tuple[LintWaiver, ...] = ()


def _schema_version_message(value: object) -> str:
    return (
        f"this release reads schema_version 1 or 2 (got {excerpt(value)}); "
        f"write {SCHEMA_VERSION}, or use a supecost release that reads this version"
    )


def _schema_version(value: object) -> object:
    """A plain integer: ``true`` and ``1.0`` equal 1 in Python but are not a version number."""
    if type(value) is not int:
        raise CodedValueError(_schema_version_message(value), "value.schema", got=excerpt(value))
    return value


_TRUE_BY_DEFAULT: Final = frozenset({"with_combos", "with_first_time", "with_offers"})
"""A discount's schema-2 fields whose default is true: only ``false`` says what schema 1
cannot (「…との併用不可」)."""

_SCHEMA_TWO_FIELDS: Final[Mapping[str, frozenset[str]]] = {
    "clinic": frozenset({"segments", "instalments"}),
    "treatments": frozenset(
        {
            "count_unit",
            "count_unit_en",
            "count_unit_en_plural",
            "domestic_equivalent",
            "domestic_equivalent_en",
            "dose_unit",
            "dose_unit_en",
            "dose_unit_en_plural",
            "doses",
            "extra_unit_price",
            "extra_unit_segment_prices",
            "foreign_safety",
            "foreign_safety_en",
            "max_units",
            "obtained",
            "obtained_en",
            "only_with",
            "segment_prices",
            "price_changes",
        }
    ),
    "offers": frozenset(
        {
            "price_changes",
            "valid_from",
            "valid_until",
            "first_n",
            "segment_prices",
            "for",
            "sold_whole",
            "enrollment_campaign",
            "per_patient",
            "first_month",
            "counts",
            "top_ups",
            "includes",
            "carry_over",
            "upgrade_from",
            "upgrade_rounding",
        }
    ),
    "combos": frozenset({"segment_prices", "single_sessions_only"}),
    "discounts": frozenset({"first_n", "birth_month_only", "segments", *_TRUE_BY_DEFAULT}),
    "fees": frozenset(
        {
            "applies_to",
            "group",
            "new_patients_only",
            "optional",
            "segment_prices",
            "waived_when_treated",
            "waived_with",
            "joins",
            "trigger",
        }
    ),
}
"""The fields schema version 2 added, by where they appear."""

_SCHEMA_TWO_KINDS: Final = frozenset({"package", "shared", "ladder"})
"""Offer kinds schema version 2 added."""

_SCHEMA_TWO_CHARGED: Final = frozenset(
    {Charged.RETURN_VISIT.value, Charged.YEARLY.value, Charged.FIRST_TIME.value}
)
"""The values of a fee's ``charged`` schema version 2 added."""

_UNSET: Final[tuple[object, ...]] = (None, False, (), [], {})


def _schema_two_hint() -> str:
    """How to allow schema-2 fields, written as the file being read writes it."""
    # A JSON file has no top line of its own: the field goes in its outer object.
    if json_input():
        return 'set "schema_version": 2 in the outer object of the file to use it'
    return "set schema_version = 2 at the top of the file to use it"


def _schema_two(path: str, message: str) -> CatalogProblem:
    """A version-1 file's use of schema 2, at ``path``: worded as its file format writes it."""
    code = "schema.two_json" if json_input() else "schema.two_toml"
    return CatalogProblem(path, message, code=code)


def _schema_two_fields(data: Mapping[Any, Any]) -> Iterator[CatalogProblem]:
    """Every use of a version-2 field or dose reference in raw version-1 data, located."""
    clinic = data.get("clinic")
    if isinstance(clinic, Mapping):
        for key in sorted(_SCHEMA_TWO_FIELDS["clinic"] & clinic.keys()):
            if clinic[key] in _UNSET:
                continue
            yield _schema_two(f"clinic.{key}", f"is a schema-2 field; {_schema_two_hint()}")
    for table in ("fee_groups", "goods"):
        named = data.get(table)
        if named not in _UNSET:
            # At the first table when there is one: the file's line of the key.
            path = f"{table}[0]" if isinstance(named, list) else table
            yield _schema_two(path, f"is a schema-2 table; {_schema_two_hint()}")
    for group in ("treatments", "offers", "combos", "fees", "discounts"):
        records = data.get(group)
        if not isinstance(records, Sequence) or isinstance(records, str):
            continue
        fields = _SCHEMA_TWO_FIELDS.get(group, frozenset())
        for index, record in enumerate(records):
            if not isinstance(record, Mapping):
                continue
            charged = record.get("charged") if group == "fees" else None
            # Raw data: a list or table there is not hashable, and its own field refuses it.
            if isinstance(charged, str) and charged in _SCHEMA_TWO_CHARGED:
                yield _schema_two(
                    f"{group}[{index}].charged",
                    f"charged {charged!r} is a schema-2 value; " + _schema_two_hint(),
                )
            kind = record.get("kind")
            if group == "offers" and isinstance(kind, str) and kind in _SCHEMA_TWO_KINDS:
                yield _schema_two(
                    f"{group}[{index}].kind",
                    f"kind {kind!r} is a schema-2 offer; {_schema_two_hint()}",
                )
                continue
            # A default written out (a catalog dumped as JSON) says nothing new.
            for key in [
                k
                for k in record
                if k in fields and (record[k] not in _UNSET or k in _TRUE_BY_DEFAULT)
            ]:
                if key == "for" and record[key] == IntroFor.NEW_PATIENT.value:
                    continue
                if key == "counts" and record[key] == "sessions":
                    continue
                if key == "trigger" and record[key] == FeeTrigger.REQUEST.value:
                    continue
                # Its default is true: only false says something schema 1 cannot.
                if key in _TRUE_BY_DEFAULT and record[key] is True:
                    continue
                yield _schema_two(
                    f"{group}[{index}].{key}", f"is a schema-2 field; {_schema_two_hint()}"
                )
            refs = record.get("treatments") if group in ("combos", "discounts") else None
            if group == "offers":
                refs = [record.get("treatment")]
            for position, ref in enumerate(refs if isinstance(refs, Sequence) else ()):
                if isinstance(ref, str) and ":" in ref:
                    path = f"{group}[{index}].treatment"
                    if group != "offers":
                        path = f"{group}[{index}].treatments[{position}]"
                    yield _schema_two(
                        path,
                        f"names a dose ({excerpt(ref)}), a schema-2 reference; "
                        + _schema_two_hint(),
                    )


_TOML_BARE_KEY: Final = re.compile(r"[A-Za-z0-9_-]+")
_TOML_ESCAPES: Final = {
    **{code: f"\\u{code:04X}" for code in (*range(0x20), 0x7F)},
    **{ord(char): "\\" + letter for char, letter in zip('"\\\b\t\n\f\r', '"\\btnfr', strict=True)},
}
"""TOML's escapes in a basic string: a quote, a backslash and every control character."""


def _toml_string(text: str) -> str:
    """``text`` as a TOML basic string, on one line, exactly as written."""
    return f'"{text.translate(_TOML_ESCAPES)}"'


def _toml_key(key: str) -> str:
    return key if _TOML_BARE_KEY.fullmatch(key) else _toml_string(key)


def _toml_value(value: object) -> str:
    """One value as TOML, records and mappings as inline tables.

    A list of records is one record a line, the way catalog files write doses and steps.
    """
    if isinstance(value, Segment) and value.name is None and value.name_en is None:
        return _toml_string(value.id)  # a segment without words, as files write it: its id
    if isinstance(value, BaseModel):
        return _toml_inline((key, _toml_value(field)) for key, field in _changed_fields(value))
    if isinstance(value, YenRange):
        if value.max == value.min and value.typical is None:
            return str(value.min)
        return _toml_inline(
            (name, str(amount)) for name, amount in value.as_dict().items() if amount is not None
        )
    if isinstance(value, Mapping):
        return _toml_inline((_toml_key(str(k)), _toml_value(v)) for k, v in value.items())
    if isinstance(value, tuple | list):
        if _is_records(value):
            items = "".join(f"  {_toml_value(item)},\n" for item in value)
            return f"[\n{items}]"
        return f"[{', '.join(_toml_value(item) for item in value)}]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return _toml_value(value.value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, int | float | date):
        # A float's repr reads back as the same float; a date is a TOML local date.
        return value.isoformat() if isinstance(value, date) else repr(value)
    raise TypeError(f"no TOML form for {type(value).__name__}")  # pragma: no cover


def _toml_inline(pairs: Iterable[tuple[str, str]]) -> str:
    inner = ", ".join(f"{key} = {value}" for key, value in pairs)
    return f"{{ {inner} }}" if inner else "{}"


def _changed_fields(record: BaseModel) -> Iterator[tuple[str, object]]:
    """A record's fields that differ from their defaults, each named as a file names it."""
    fields = type(record).model_fields.items()
    # An offer's kind first, as files write it: it says which fields the rest may be.
    for name, field in sorted(
        fields, key=lambda item: get_origin(item[1].annotation) is not Literal
    ):
        value = getattr(record, name)
        if not field.is_required() and value == field.get_default(call_default_factory=True):
            continue
        yield _toml_key(field.alias or name), value


def _is_records(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and all(isinstance(v, BaseModel) for v in value)


def _python_text(text: str) -> str:
    """``text`` as a Python literal: raw, triple-quoted and one line a line where that reads
    back the same (TOML's escapes stay as written), else its repr."""
    literal = f"r'''\n{text}'''"
    with contextlib.suppress(SyntaxError):
        if ast.literal_eval(literal) == "\n" + text:
            return literal
    return repr(text)


def _toml_table(record: BaseModel) -> str:
    return "".join(f"{key} = {_toml_value(value)}\n" for key, value in _changed_fields(record))


class Catalog(_Record):
    """A clinic's whole price list, validated, with its references checked.

    Example:
        >>> catalog = reference_catalog()
        >>> catalog.treatments[0].id
        'sup-iv'
    """

    schema_version: Annotated[Literal[1, 2], BeforeValidator(_schema_version)]
    clinic: Clinic
    treatments: Annotated[tuple[Treatment, ...], Field(min_length=1, max_length=500)]
    offers: Annotated[tuple[Offer, ...], Field(max_length=MAX_ENTRIES)] = ()
    combos: Annotated[tuple[Combo, ...], Field(max_length=200)] = ()
    fees: Annotated[tuple[Fee, ...], Field(max_length=200)] = ()
    fee_groups: Annotated[tuple[FeeGroup, ...], Field(max_length=200)] = ()
    """Names of the groups of optional fees (schema 2); a group without one is named generically."""
    discounts: Annotated[tuple[Discount, ...], Field(max_length=200)] = ()
    goods: Annotated[tuple[Goods, ...], Field(max_length=MAX_GOODS)] = ()
    """Products sold beside treatments (物販), schema 2."""
    lint: LintSettings | None = None

    @model_validator(mode="before")
    @classmethod
    def _version_one_fields(cls, data: object) -> object:
        # Before the records are validated: a version-1 file with a dose table should hear
        # about its version, not about the dose table's details.
        if isinstance(data, Mapping) and data.get("schema_version") == 1:
            problems = list(_schema_two_fields(data))
            if problems:
                raise CatalogError(problems)
        return data

    @model_validator(mode="after")
    def _references(self) -> Self:
        problems = list(_reference_problems(self))
        if problems:
            raise CatalogError(problems)
        return self

    @classmethod
    def from_toml(cls, text: str | bytes, *, source: str | None = None) -> "Catalog":
        """Read and validate a catalog written in TOML, as :func:`parse_catalog` does.

        Example:
            >>> text = 'schema_version = 1\\nclinic = { name = "A" }\\n'
            >>> text += 'treatments = [{ id = "x", name = "X", price = 1000 }]\\n'
            >>> Catalog.from_toml(text).treatment("x").price
            YenRange(min=1000, max=1000)

        Args:
            text: The TOML text (bytes are decoded as UTF-8).
            source: The file name, for error messages.

        Returns:
            The validated catalog.

        Raises:
            CatalogError: The text is not valid TOML, or does not validate; every problem
                is listed with its line.
        """
        return parse_catalog(text, format="toml", source=source)

    def to_toml(self) -> str:
        """The catalog as a TOML catalog file: :meth:`from_toml` reads it back equal.

        Only the fields that differ from their defaults are written, each record a table
        (``[clinic]``, ``[[treatments]]``, ``[[offers]]``, ...) and the records inside one
        inline (a dose, a ladder's step, a plan's first month); catalog text is quoted so
        that it reads back as it is, whatever it holds (quotes, backslashes, newlines and
        other control characters are escaped). Falsifying examples of
        :func:`supecost.strategies.catalogs` print as ``Catalog.from_toml('''...''')``
        through it, which pastes into a test or a file. A catalog at the loader's limits
        (:data:`MAX_CATALOG_BYTES`, :data:`MAX_ITEMS`) may write a text over them, as a
        file of it would be.

        Example:
            >>> catalog = Catalog(schema_version=1, clinic=Clinic(name='A "clinic"'),
            ...     treatments=[Treatment(id="x", name="X", price=YenRange(1000, 3000))])
            >>> print(catalog.to_toml())
            schema_version = 1
            <BLANKLINE>
            [clinic]
            name = "A \\"clinic\\""
            <BLANKLINE>
            [[treatments]]
            id = "x"
            name = "X"
            price = { min = 1000, max = 3000 }
            <BLANKLINE>
            >>> Catalog.from_toml(catalog.to_toml()) == catalog
            True

        Returns:
            The TOML text, ending with a newline.
        """
        head: list[str] = []
        tables: list[str] = []
        for key, value in _changed_fields(self):
            if isinstance(value, BaseModel):
                tables.append(f"[{key}]\n{_toml_table(value)}")
            elif _is_records(value):
                tables.extend(f"[[{key}]]\n{_toml_table(item)}" for item in value)  # type: ignore[attr-defined]
            else:
                head.append(f"{key} = {_toml_value(value)}\n")
        return "\n".join(["".join(head), *tables])

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        """How hypothesis (and IPython) print a catalog: code that builds it again.

        A falsifying example then reads as ``Catalog.from_toml('''...''')``, which a
        clinic's engineer pastes into a test, or its text into a catalog file, instead of a
        repr of every field. A catalog holds no other record, so ``cycle`` is never true.
        """
        printer.text(f"Catalog.from_toml({_python_text(self.to_toml())})")

    @property
    def price_change_days(self) -> tuple[date, ...]:
        """Every day a price of the catalog changes on (``price_changes``), in order, once
        each; empty for most catalogs, which the engine then asks nothing more.

        Example:
            >>> reference_catalog().price_change_days
            ()
        """
        key = id(self)
        found = _CHANGE_DAYS.get(key)
        if found is None:
            records: list[_Repriced] = [
                *self.treatments,
                *(d for t in self.treatments for d in t.doses),
                *(o for o in self.offers if isinstance(o, _Repriced)),
            ]
            found = _CHANGE_DAYS[key] = tuple(
                sorted({c.on for r in records for c in r.price_changes})
            )
            weakref.finalize(self, _CHANGE_DAYS.pop, key, None)
        return found

    def as_of(self, day: date) -> "Catalog":
        """The catalog with every price in effect on ``day`` (:meth:`PriceChange`'s rule,
        ``price_on``) as its price, the changes after ``day`` kept: itself where no price
        changes on or before ``day``. Kept with the catalog, one per change passed.

        Example:
            >>> text = 'schema_version = 2\\nclinic = { name = "A" }\\n[[treatments]]\\n'
            >>> text += 'id = "x"\\nname = "X"\\nprice = 66000\\n'
            >>> text += 'price_changes = [{ on = 2027-01-01, price = 77000 }]\\n'
            >>> catalog = Catalog.from_toml(text)
            >>> catalog.as_of(date(2027, 1, 10)).treatment("x").price.min
            77000
            >>> catalog.as_of(date(2026, 12, 31)) is catalog
            True
        """
        days = self.price_change_days
        passed = bisect.bisect_right(days, day)
        if not passed:
            return self
        key = (id(self), passed)
        found = _AS_OF.get(key)
        if found is None:
            treatments = tuple(
                t.as_of(day).model_copy(update={"doses": tuple(d.as_of(day) for d in t.doses)})
                if t.doses
                else t.as_of(day)
                for t in self.treatments
            )
            offers = tuple(o.as_of(day) if isinstance(o, _Repriced) else o for o in self.offers)
            found = _AS_OF[key] = self.model_copy(
                update={"treatments": treatments, "offers": offers}
            )
            weakref.finalize(self, _AS_OF.pop, key, None)
        return found

    def _index(self) -> "_Index":
        # Built once per catalog, on first lookup: the engine looks ids up inside its loops.
        # Kept beside the catalog by identity: a private attribute costs a pydantic lookup.
        key = id(self)
        index = _INDEXES.get(key)
        if index is None:
            index = _INDEXES[key] = _Index.of(self)
            weakref.finalize(self, _INDEXES.pop, key, None)
        return index

    def treatment(self, treatment_id: str) -> Treatment:
        """The treatment with this id, or a dose of one (``"exo-iv:2cc"``) as a treatment.

        A dose comes with its own id, name and prices, and everything else of
        its treatment.

        Example:
            >>> reference_catalog().treatment("sup-iv").route
            <Route.IV_DRIP: 'iv_drip'>

        Args:
            treatment_id: The id, or ``treatment:dose``.

        Returns:
            The treatment with that id.

        Raises:
            UnknownIdError: No treatment has that id, or its treatment has no such
                dose; the message lists the ids (or doses) that exist.
        """
        treatments = self._index().treatments
        found = treatments.get(treatment_id)
        if found is not None:
            return found
        # Not found, yet its treatment is: a dose it does not have.
        base = treatments.get(treatment_id.partition(":")[0])
        if base is not None:
            raise _no_such_dose(base, treatment_id)
        return _find(treatments, "treatment", treatment_id)

    def priced(self) -> tuple[Treatment, ...]:
        """Everything a request can name, in catalog order: treatments with a price, and doses.

        A dose comes as a treatment of its own, named ``treatment:dose``.

        Example:
            >>> [t.id for t in reference_catalog().priced()][:2]
            ['sup-iv', 'nmn']

        Returns:
            Each treatment sold by ``price``, and each dose of a treatment sold by ``doses``.
        """
        return self._index().priced

    def priced_segments(self) -> tuple[str, ...]:
        """The segments with a price of their own somewhere in the catalog (会員価格), in the
        order of ``clinic.segments``.

        A segment that only discounts are for (学割 10%) is not one: its patients pay the
        regular prices, less the discount, so a document names it as the discount's group,
        never as a price.

        Example:
            >>> catalog = Catalog.from_toml('''
            ... schema_version = 2
            ... clinic = { name = "K", segments = ["member", "student"] }
            ... [[treatments]]
            ... id = "sup"
            ... name = "上清液点滴"
            ... price = 33000
            ... segment_prices = { member = 29700 }
            ... [[discounts]]
            ... id = "gakuwari"
            ... name = "学割"
            ... percent = 10
            ... segments = ["student"]
            ... ''')
            >>> catalog.priced_segments()
            ('member',)

        Returns:
            The ids of the segments some ``segment_prices`` or ``extra_unit_segment_prices``
            names.
        """
        return self._index().priced_segments

    def discount_segments(self, segments: Iterable[str] | None = None) -> tuple[str, ...]:
        """Those of ``segments`` (the clinic's, in their order, by default) that only discounts
        are for (学割): no record prices them (:meth:`priced_segments`).

        The one reading, for every document that words a segment: the price list's joining
        fee and fee rows, an estimate's and a quote's patient, a way joining a segment, the
        simulator's choice of prices, each saying 「学生の方の割引」, never 「学生価格」.

        Example:
            >>> catalog = Catalog.from_toml('''
            ... schema_version = 2
            ... clinic = { name = "K", segments = ["vip", "student"] }
            ... [[treatments]]
            ... id = "nmn"
            ... name = "NMN点滴"
            ... price = 22000
            ... segment_prices = { vip = 19800 }
            ... ''')
            >>> catalog.discount_segments(), catalog.discount_segments(["vip"])
            (('student',), ())

        Args:
            segments: Segment ids, in the order to keep; ``None`` for ``clinic.segments``.

        Returns:
            Those that no ``segment_prices`` or ``extra_unit_segment_prices`` names.
        """
        priced = self._index().priced_segments
        given = self.clinic.segment_ids if segments is None else segments
        return tuple(segment for segment in given if segment not in priced)

    def offer(self, offer_id: str) -> AnyOffer:
        """The offer with this id.

        Example:
            >>> reference_catalog().offer("sup-iv-set").kind
            'bundle'

        Args:
            offer_id: The id.

        Returns:
            The offer with that id.

        Raises:
            UnknownIdError: No offer has that id; the message lists the ids that exist.
        """
        offers = self._index().offers
        base, at, split = offer_id.partition("@")
        shared = offers.get(base) if at and offer_id not in offers else None
        if isinstance(shared, SharedSet):
            # One split of a shared set, as the engine priced it and a quote's line names it.
            found = shared.split_of(split)
            if found is not None:
                return found
        return _find(offers, "offer", offer_id)

    def offers_for(self, treatment_id: str) -> tuple[AnyOffer, ...]:
        """The offers that sell sessions of one treatment, in catalog order.

        Example:
            >>> [o.kind for o in reference_catalog().offers_for("sup-iv")]
            ['bundle', 'subscription']

        Args:
            treatment_id: The treatment's id.

        Returns:
            Its bundles, monthly plans, first-time prices, ladders and the packages
            that contain it; empty for an unknown id.
        """
        return self._index().offers_for.get(treatment_id, ())

    def combo(self, combo_id: str) -> Combo:
        """The combo with this id.

        Example:
            >>> reference_catalog().combo("sup-iv-with-nmn").treatments
            ('sup-iv', 'nmn')

        Args:
            combo_id: The id.

        Returns:
            The combo with that id.

        Raises:
            UnknownIdError: No combo has that id; the message lists the ids that exist.
        """
        return _find(self._index().combos, "combo", combo_id)

    def fee(self, fee_id: str) -> Fee:
        """The fee with this id.

        Example:
            >>> reference_catalog().fee("first-consult").price
            YenRange(min=3300, max=3300)

        Args:
            fee_id: The id.

        Returns:
            The fee with that id.

        Raises:
            UnknownIdError: No fee has that id; the message lists the ids that exist.
        """
        return _find(self._index().fees, "fee", fee_id)

    def discount(self, discount_id: str) -> Discount:
        """The discount with this id.

        Example:
            >>> reference_catalog().discount("autumn")
            Traceback (most recent call last):
            ...
            supecost.errors.UnknownIdError: unknown discount 'autumn'; the catalog has no ...

        Args:
            discount_id: The id.

        Returns:
            The discount with that id.

        Raises:
            UnknownIdError: No discount has that id; the message lists the ids that exist.
        """
        return _find(self._index().discounts, "discount", discount_id)

    def product(self, goods_id: str) -> Goods:
        """The goods record (物販) with this id.

        Example:
            >>> reference_catalog().product("nmn-caps")
            Traceback (most recent call last):
            ...
            supecost.errors.UnknownIdError: unknown goods 'nmn-caps'; the catalog has no goods; ...

        Args:
            goods_id: The id.

        Returns:
            The goods record with that id.

        Raises:
            UnknownIdError: No goods record has that id; the message lists the ids that exist.
        """
        return _find(self._index().goods, "goods", goods_id)


_Record_T = TypeVar("_Record_T", bound=BaseModel)


_CHANGE_DAYS: dict[int, tuple[date, ...]] = {}
"""Per live catalog, by identity: :attr:`Catalog.price_change_days`."""

_AS_OF: dict[tuple[int, int], Catalog] = {}
"""Per live catalog and count of its change days passed: :meth:`Catalog.as_of`."""


@dataclass(frozen=True, slots=True)
class _Index:
    """A catalog's records by id, for constant-time lookups."""

    treatments: Mapping[str, Treatment]
    offers: Mapping[str, Offer]
    offers_for: Mapping[str, tuple[Offer, ...]]
    combos: Mapping[str, Combo]
    fees: Mapping[str, Fee]
    discounts: Mapping[str, Discount]
    goods: Mapping[str, Goods]
    priced: tuple[Treatment, ...]
    """Treatments with a price and doses as treatments, in catalog order (``Catalog.priced``)."""
    priced_segments: tuple[str, ...]
    """The segments with a price of their own (``Catalog.priced_segments``)."""

    @classmethod
    def of(cls, catalog: Catalog) -> Self:
        offers_for: dict[str, list[Offer]] = {}
        for offer in catalog.offers:
            served = offer_treatments(offer)
            for treatment_id in served:
                offers_for.setdefault(treatment_id, []).append(offer)
        treatments: dict[str, Treatment] = {}
        priced: list[Treatment] = []
        for treatment in catalog.treatments:
            treatments[treatment.id] = treatment
            if not treatment.doses:
                priced.append(treatment)
            for dose in treatment.doses:
                as_treatment = _as_treatment(treatment, dose)
                treatments[as_treatment.id] = as_treatment
                priced.append(as_treatment)
        return cls(
            treatments=treatments,
            offers={o.id: o for o in catalog.offers},
            offers_for={t: tuple(offers) for t, offers in offers_for.items()},
            combos={c.id: c for c in catalog.combos},
            fees={f.id: f for f in catalog.fees},
            discounts={d.id: d for d in catalog.discounts},
            goods={g.id: g for g in catalog.goods},
            priced=tuple(priced),
            priced_segments=_priced_segments(catalog),
        )


def _priced_segments(catalog: Catalog) -> tuple[str, ...]:
    """Every segment some record prices: a treatment's or dose's (each unit, further units),
    an offer's or ladder step's, a combo's, a fee's or goods'."""
    prices: list[Mapping[str, YenRange]] = []
    for treatment in catalog.treatments:
        prices += (treatment.segment_prices, treatment.extra_unit_segment_prices)
        for dose in treatment.doses:
            prices += (dose.segment_prices, dose.extra_unit_segment_prices)
    for offer in catalog.offers:
        prices.append(offer.segment_prices)
        if isinstance(offer, Ladder):
            prices += (step.segment_prices for step in offer.steps)
    records: Sequence[Combo | Fee | Goods] = (*catalog.combos, *catalog.fees, *catalog.goods)
    prices += (record.segment_prices for record in records)
    named = {segment for mapping in prices for segment in mapping}
    return tuple(segment for segment in catalog.clinic.segment_ids if segment in named)


_INDEXES: dict[int, _Index] = {}


def _find(records: Mapping[str, _Record_T], kind: str, record_id: str) -> _Record_T:
    """The record with an id, or an error that names the ids there are."""
    record = records.get(record_id)
    if record is None:
        raise UnknownIdError(kind, record_id, list(records))
    return record


def _reference_problems(catalog: Catalog) -> Iterator[CatalogProblem]:
    """Every duplicate id and dangling reference, located by field path."""
    seen: dict[str, str] = {}
    groups: Sequence[tuple[str, Sequence[Any]]] = (
        ("treatments", catalog.treatments),
        ("offers", catalog.offers),
        ("combos", catalog.combos),
        ("fees", catalog.fees),
        ("discounts", catalog.discounts),
        ("goods", catalog.goods),
    )
    for group, records in groups:
        for index, record in enumerate(records):
            path = f"{group}[{index}].id"
            if record.id in seen:
                yield CatalogProblem(
                    path,
                    f"duplicate id {record.id!r}, already used at {seen[record.id]}; "
                    "give every treatment, offer, combo, fee, discount and goods record its own id",
                    code="id.duplicate",
                    params=(("id", repr(record.id)), ("at", seen[record.id])),
                )
            else:
                seen[record.id] = path
    treatments = {t.id: t for t in catalog.treatments}

    def ref_problem(path: str, ref: str) -> CatalogProblem | None:
        error = _ref_error(treatments, ref)
        return None if error is None else _id_problem(path, error)

    def refs(path: str, values: Sequence[str]) -> Iterator[CatalogProblem]:
        for position, ref in enumerate(values):
            problem = ref_problem(f"{path}[{position}]", ref)
            if problem is not None:
                yield problem

    segments = frozenset(catalog.clinic.segment_ids)

    def unknown_segment(path: str, key: str) -> Iterator[CatalogProblem]:
        if key not in segments:
            yield _segment_problem(path, key, catalog.clinic.segment_ids)

    def segment_keys(
        path: str, prices: Mapping[str, YenRange], field: str = "segment_prices"
    ) -> Iterator[CatalogProblem]:
        for key in prices:
            yield from unknown_segment(f"{path}.{field}.{key}", key)

    extra = "extra_unit_segment_prices"
    for index, treatment in enumerate(catalog.treatments):
        yield from refs(f"treatments[{index}].only_with", treatment.only_with)
        yield from segment_keys(f"treatments[{index}]", treatment.segment_prices)
        yield from segment_keys(f"treatments[{index}]", treatment.extra_unit_segment_prices, extra)
        for position, dose in enumerate(treatment.doses):
            at = f"treatments[{index}].doses[{position}]"
            yield from segment_keys(at, dose.segment_prices)
            yield from segment_keys(at, dose.extra_unit_segment_prices, extra)
    for index, offer in enumerate(catalog.offers):
        yield from segment_keys(f"offers[{index}]", offer.segment_prices)
        if isinstance(offer, Package):
            yield from _package_problems(treatments, f"offers[{index}]", offer)
            continue
        if isinstance(offer, SharedSet):
            yield from _shared_problems(treatments, f"offers[{index}]", offer)
            continue
        problem = ref_problem(f"offers[{index}].treatment", offer.treatment)
        if problem is not None:
            yield problem
        elif isinstance(offer, Bundle) and offer.counts == "amount":
            yield from _amount_ticket_problems(treatments, f"offers[{index}]", offer)
        if isinstance(offer, Ladder):
            for position, step in enumerate(offer.steps):
                yield from segment_keys(f"offers[{index}].steps[{position}]", step.segment_prices)
        if isinstance(offer, Bundle) and offer.top_ups and problem is None:
            yield from _top_up_problems(treatments, f"offers[{index}]", offer)
    yield from _ladder_overlaps(treatments, catalog.offers)
    for index, combo in enumerate(catalog.combos):
        yield from refs(f"combos[{index}].treatments", combo.treatments)
        for position, ref, whole in _dose_beside_its_treatment(treatments, combo.treatments):
            yield CatalogProblem(
                f"combos[{index}].treatments[{position}]",
                f"names the dose {ref!r} beside its treatment {whole!r} (any of its doses); "
                "a visit has one dose of a treatment, so the combo would take its saving off "
                "that one treatment alone: name treatments that are given together",
                code="ref.dose_beside",
                params=(("dose", repr(ref)), ("treatment", repr(whole))),
            )
        yield from segment_keys(f"combos[{index}]", combo.segment_prices)
        bases = [treatments.get(ref.partition(":")[0]) for ref in combo.treatments]
        members = [t for t in bases if t is not None]
        categories = {member.tax for member in members}
        if len(categories) > 1:
            yield CatalogProblem(
                f"combos[{index}].treatments",
                "the treatments of a combo have different tax categories "
                f"({', '.join(sorted(categories))}); a combo's saving needs one tax rate, "
                "so combine only treatments taxed alike",
                code="ref.combo_tax",
                params=(("categories", ", ".join(sorted(categories))),),
            )
        prices = [_ref_price(treatments, ref) for ref in combo.treatments]
        if combo.discount is not None and all(p is not None for p in prices):
            # Plain ints, not a YenRange sum: prices at the maximum add up beyond the yen bounds,
            # which is no problem of this combo (it was refused as "FILE:1" with no field).
            maxima = [p.max for p in prices if p is not None]
            total_max = None if None in maxima else sum(m for m in maxima if m is not None)
            if total_max is not None and combo.discount.min > total_max:
                yield CatalogProblem(
                    f"combos[{index}].discount",
                    f"takes off {combo.discount.min:,} yen, more than the single prices of its "
                    f"treatments add up to ({total_max:,} yen); lower it, or give price for "
                    "the group instead",
                    code="ref.combo_discount",
                    params=(("off", f"{combo.discount.min:,}"), ("total", f"{total_max:,}")),
                )
    offer_ids = {o.id for o in catalog.offers}
    # A fee is waived with a set of one treatment's sessions (回数券), the one purchase a menu
    # waives it for and the one whose purchase a bill reads (optimise.dated_by_plans).
    sets = [o.id for o in catalog.offers if isinstance(o, Bundle) and not o.counts_units]
    for index, fee in enumerate(catalog.fees):
        yield from refs(f"fees[{index}].applies_to", fee.applies_to)
        yield from segment_keys(f"fees[{index}]", fee.segment_prices)
        for position, offer_id in enumerate(fee.waived_with):
            if offer_id not in sets:
                missing = UnknownIdError("session set", offer_id, sets)
                yield _id_problem(f"fees[{index}].waived_with[{position}]", missing)
    goods_ids = [g.id for g in catalog.goods]
    for index, offer in enumerate(catalog.offers):
        for goods_id in offer.includes if isinstance(offer, Bundle) else ():
            if goods_id not in goods_ids:
                yield _id_problem(
                    f"offers[{index}].includes.{goods_id}",
                    UnknownIdError("goods", goods_id, goods_ids),
                )
    yield from _upgrade_problems(catalog)
    for index, goods in enumerate(catalog.goods):
        yield from segment_keys(f"goods[{index}]", goods.segment_prices)
    yield from _joining_problems(catalog)
    yield from _fee_group_problems(catalog)
    for index, discount in enumerate(catalog.discounts):
        yield from refs(f"discounts[{index}].treatments", discount.treatments)
        for position, key in enumerate(discount.segments):
            yield from unknown_segment(f"discounts[{index}].segments[{position}]", key)
        for position, offer_id in enumerate(discount.offers):
            if offer_id not in offer_ids:
                yield _id_problem(
                    f"discounts[{index}].offers[{position}]",
                    UnknownIdError("offer", offer_id, [o.id for o in catalog.offers]),
                )


def _upgrade_problems(catalog: "Catalog") -> Iterator[CatalogProblem]:
    """A set's ``upgrade_from``: each a set of sessions of the same treatment (and dose), of
    fewer sessions and one price, and a rounding where its price a session is not whole."""
    sets = {o.id: o for o in catalog.offers if isinstance(o, Bundle) and not o.counts_units}
    for index, offer in enumerate(catalog.offers):
        if not isinstance(offer, Bundle) or not offer.upgrade_from:
            continue
        path = f"offers[{index}]"
        if offer.counts_units:
            yield CatalogProblem(
                f"{path}.upgrade_from",
                f"set {offer.id!r} counts units (a unit ticket); an upgrade credits sessions "
                "left: put upgrade_from on a set of sessions, or remove it",
                code="ref.upgrade_units",
                params=(("offer", repr(offer.id)),),
            )
            continue
        for position, held_id in enumerate(offer.upgrade_from):
            where = f"{path}.upgrade_from[{position}]"
            held = sets.get(held_id)
            if held is None:
                yield _id_problem(where, UnknownIdError("session set", held_id, list(sets)))
                continue
            if held.treatment != offer.treatment or held.sessions >= offer.sessions:
                yield CatalogProblem(
                    where,
                    f"set {held_id!r} ({held.treatment}, {held.sessions} sessions) is not a "
                    f"smaller set of {offer.id!r}'s treatment ({offer.treatment}, "
                    f"{offer.sessions} sessions); name a set of the same treatment and dose "
                    "with fewer sessions",
                    code="ref.upgrade_set",
                    params=(
                        ("held", repr(held_id)),
                        ("offer", repr(offer.id)),
                        ("treatment", offer.treatment),
                        ("sessions", str(offer.sessions)),
                    ),
                )
            elif held.price.max != held.price.min:
                yield CatalogProblem(
                    where,
                    f"set {held_id!r} has no one price ({held.price}), so its sessions left "
                    "have no price to credit; give it one price, or remove it here",
                    code="ref.upgrade_range",
                    params=(("held", repr(held_id)),),
                )
            elif held.price.min % held.sessions and offer.upgrade_rounding is None:
                yield CatalogProblem(
                    f"{path}.upgrade_rounding",
                    f"set {held_id!r} costs {held.price.min:,} yen for {held.sessions} "
                    "sessions, not whole yen a session; write how the menu rounds the price a "
                    'session credited (upgrade_rounding = "floor", "ceil" or "half_up")',
                    code="ref.upgrade_rounding",
                    params=(
                        ("held", repr(held_id)),
                        ("price", f"{held.price.min:,}"),
                        ("sessions", str(held.sessions)),
                    ),
                )


def _amount_ticket_problems(
    treatments: Mapping[str, Treatment], path: str, offer: Bundle
) -> Iterator[CatalogProblem]:
    """A set counting its doses' amount (``counts = "amount"``) needs doses with whole
    amounts: a unit of a dose uses its amount of the ticket's units, never a fraction."""
    base, _, dose_id = offer.treatment.partition(":")
    treatment = treatments[base]
    if not treatment.doses:
        yield CatalogProblem(
            f"{path}.counts",
            f'counts = "amount" counts the doses\' amounts, and {base!r} has no doses; '
            'write counts = "units" (each unit one of the ticket\'s)',
            code="ref.amount_without_doses",
            params=(("treatment", repr(base)),),
        )
        return
    for dose in treatment.doses:
        if dose_id and dose.id != dose_id:
            continue
        if not float(dose.amount).is_integer():
            yield CatalogProblem(
                f"{path}.counts",
                f"counts the doses' amounts, and dose {base}:{dose.id} is {dose.amount} "
                f"{treatment.dose_unit or ''}, not a whole number of the ticket's units; "
                'write counts = "units", or name a dose with a whole amount',
                code="ref.amount_not_whole",
                params=(("dose", f"{base}:{dose.id}"), ("amount", str(dose.amount))),
            )


def _id_problem(path: str, error: UnknownIdError) -> CatalogProblem:
    """An unknown id at ``path``, worded as the error is in every language."""
    return CatalogProblem(path, str(error), code=error.code, params=tuple(error.params.items()))


def _segment_problem(path: str, key: str, segments: Sequence[str]) -> CatalogProblem:
    """A segment that [clinic] segments does not declare."""
    known = ", ".join(segments) or "none"
    return CatalogProblem(
        path,
        f"unknown segment {key!r}; declare it in [clinic] segments (known: {known})",
        code="segment.unknown",
        params=(("segment", repr(key)), ("known", ", ".join(segments))),
    )


def _joining_problems(catalog: Catalog) -> Iterator[CatalogProblem]:
    """Each joining fee naming an undeclared segment, and each second fee joining one."""
    joined: dict[str, int] = {}
    for index, fee in enumerate(catalog.fees):
        if fee.joins is None:
            continue
        if fee.joins not in catalog.clinic.segment_ids:
            yield _segment_problem(f"fees[{index}].joins", fee.joins, catalog.clinic.segment_ids)
        elif fee.joins in joined:
            yield CatalogProblem(
                f"fees[{index}].joins",
                f"segment {fee.joins!r} is already joined by fees[{joined[fee.joins]}]; "
                "a segment has one joining fee: merge them into one fee",
                code="ref.joined_twice",
                params=(("segment", repr(fee.joins)), ("other", f"fees[{joined[fee.joins]}]")),
            )
        else:
            joined[fee.joins] = index


def _fee_group_problems(catalog: Catalog) -> Iterator[CatalogProblem]:
    """Each named fee group that no fee is in (a misspelt id), and each group named twice."""
    used = list(dict.fromkeys(fee.group for fee in catalog.fees if fee.group is not None))
    named: dict[str, int] = {}
    for index, group in enumerate(catalog.fee_groups):
        if group.id in named:
            yield CatalogProblem(
                f"fee_groups[{index}].id",
                f"group {group.id!r} is already named at fee_groups[{named[group.id]}]; "
                "name each group once",
                code="ref.group_twice",
                params=(("group", repr(group.id)), ("at", f"fee_groups[{named[group.id]}]")),
            )
            continue
        named[group.id] = index
        if group.id not in used:
            known = ", ".join(repr(g) for g in used) or "none"
            yield CatalogProblem(
                f"fee_groups[{index}].id",
                f"no fee is in group {group.id!r} (the fees' groups: {known}); use the group "
                "its fees give, or set group on those fees",
                code="ref.group_unused",
                params=(("group", repr(group.id)), ("used", ", ".join(repr(g) for g in used))),
            )


def _package_problems(
    treatments: Mapping[str, Treatment], path: str, package: Package
) -> Iterator[CatalogProblem]:
    """Unknown treatments of a package, and contents of more than one tax category."""
    contents = [item.treatment for item in package.contents]
    yield from _contents_problems(
        treatments, path, contents, lambda p: f"{path}.contents[{p}].treatment", "package"
    )


def _shared_problems(
    treatments: Mapping[str, Treatment], path: str, shared: SharedSet
) -> Iterator[CatalogProblem]:
    """Unknown treatments of a shared set, and treatments of more than one tax category."""
    yield from _contents_problems(
        treatments, path, shared.treatments, lambda p: f"{path}.treatments[{p}]", "shared set"
    )


def _contents_problems(
    treatments: Mapping[str, Treatment],
    path: str,
    contents: Sequence[str],
    at: Callable[[int], str],
    kind: str,
) -> Iterator[CatalogProblem]:
    """The one check of an offer of several treatments: each exists, doses named once, one tax."""
    for position, ref in enumerate(contents):
        error = _ref_error(treatments, ref)
        if error is not None:
            yield _id_problem(at(position), error)
    for position, ref, whole in _dose_beside_its_treatment(treatments, contents):
        yield CatalogProblem(
            at(position),
            f"names the dose {ref!r} beside its treatment {whole!r}, which alone means any of "
            f"its doses, so a request for {ref!r} would match both: name only doses, each "
            f"once, or {whole!r} alone",
            code="ref.package_dose_beside",
            params=(("dose", repr(ref)), ("treatment", repr(whole))),
        )
    bases = [treatments.get(ref.partition(":")[0]) for ref in contents]
    categories = {t.tax for t in bases if t is not None}
    if len(categories) > 1:
        yield CatalogProblem(
            f"{path}.contents" if kind == "package" else f"{path}.treatments",
            f"the treatments of a {kind} have different tax categories "
            f"({', '.join(sorted(categories))}); a {kind} is one line taxed at one rate, "
            f"so put only treatments taxed alike in one {kind}",
            code="ref.package_tax" if kind == "package" else "ref.shared_tax",
            params=(("categories", ", ".join(sorted(categories))),),
        )


def _dose_beside_its_treatment(
    treatments: Mapping[str, Treatment], refs: Sequence[str]
) -> Iterator[tuple[int, str, str]]:
    """Each dose in ``refs`` whose treatment ``refs`` also names alone: position, dose, treatment.

    A dosed treatment named alone means any of its doses, so the dose would be named twice.
    Two doses of one treatment are not such a pair: each names its own dose.
    """
    named = {ref for ref in refs if _ref_error(treatments, ref) is None}
    for position, ref in enumerate(refs):
        whole, _, dose = ref.partition(":")
        if dose and ref in named and whole in named:
            yield position, ref, whole


def sold_together(first: _OfferBase, second: _OfferBase) -> bool:
    """Whether two offers are on sale on a common day (both ends of a window included).

    Example:
        >>> first = Intro(kind="intro", id="a", treatment="t", price=1, valid_until="2026-03-31")
        >>> sold_together(first, Intro(kind="intro", id="b", treatment="t", price=1))
        True
        >>> later = Intro(kind="intro", id="c", treatment="t", price=1, valid_from="2026-04-01")
        >>> sold_together(first, later)
        False
    """
    return first.meets_window(second)


def _ladder_overlaps(
    treatments: Mapping[str, Treatment], offers: Sequence[AnyOffer]
) -> Iterator[CatalogProblem]:
    """Each ladder that prices what an earlier one prices, on a day both are on sale.

    The engine prices a treatment's singles by one ladder, so a second one the same day
    would be a price the clinic wrote and nobody is quoted. Ladders for different doses of
    one treatment, or whose sales windows do not meet (a price change), are no such pair.
    """
    by_treatment: dict[str, list[tuple[int, Ladder]]] = {}
    for index, offer in enumerate(offers):
        if not isinstance(offer, Ladder) or _ref_error(treatments, offer.treatment):
            continue
        whole, _, dose = offer.treatment.partition(":")
        earlier = by_treatment.setdefault(whole, [])
        for before, other in earlier:
            other_dose = other.treatment.partition(":")[2]
            if (not dose or not other_dose or dose == other_dose) and sold_together(offer, other):
                yield CatalogProblem(
                    f"offers[{index}].treatment",
                    f"ladder {offer.id!r} prices {_ladder_ref(treatments, offer.treatment)} on "
                    f"days ladder {other.id!r} (offers[{before}]) prices "
                    f"{_ladder_ref(treatments, other.treatment)} too; a session has one "
                    "single price: give the ladders sales windows that do not overlap "
                    "(valid_from and valid_until, both days included), or remove one",
                    code="ref.ladders_overlap",
                    params=(("ladder", repr(offer.id)), ("other", repr(other.id))),
                )
                break
        earlier.append((index, offer))


def _top_up_problems(
    treatments: Mapping[str, Treatment], at: str, offer: Bundle
) -> Iterator[CatalogProblem]:
    """A set's top-ups on what has no such doses: a dose named, or an unknown dose."""
    treatment = treatments[offer.treatment.partition(":")[0]]
    if ":" in offer.treatment or not treatment.doses:
        yield CatalogProblem(
            f"{at}.top_ups",
            f"set {offer.id!r} has top_ups but is for {offer.treatment!r}, not a treatment "
            "with doses named alone (any of its doses); name the treatment alone, or "
            "remove top_ups",
            code="ref.top_ups_target",
            params=(("offer", repr(offer.id)), ("treatment", repr(offer.treatment))),
        )
        return
    known = [dose.id for dose in treatment.doses]
    for dose in offer.top_ups:
        if dose not in known:
            yield CatalogProblem(
                f"{at}.top_ups.{dose}",
                f"set {offer.id!r} has a top-up for {dose!r}, not a dose of "
                f"{treatment.id!r}; write one of {', '.join(known)}",
                code="ref.top_up_dose",
                params=(
                    ("offer", repr(offer.id)),
                    ("dose", repr(dose)),
                    ("known", ", ".join(known)),
                ),
            )


def _ladder_ref(treatments: Mapping[str, Treatment], ref: str) -> str:
    """A ladder's treatment as a message names it: a dosed treatment alone is any dose."""
    treatment = treatments.get(ref)
    return f"{ref!r} (any of its doses)" if treatment is not None and treatment.doses else repr(ref)


def _ref_error(treatments: Mapping[str, Treatment], ref: str) -> UnknownIdError | None:
    """The error a reference to a treatment or a dose is, or ``None``."""
    base, _, dose = ref.partition(":")
    treatment = treatments.get(base)
    if treatment is None:
        return UnknownIdError("treatment", base, list(treatments))
    if dose and not any(d.id == dose for d in treatment.doses):
        return _no_such_dose(treatment, ref)
    return None


def _no_such_dose(treatment: Treatment, ref: str) -> UnknownIdError:
    """``ref`` names a dose ``treatment`` lacks: list its doses, or the treatment if it has none."""
    if treatment.doses:
        return UnknownIdError("dose", ref, [f"{treatment.id}:{d.id}" for d in treatment.doses])
    return UnknownIdError("treatment", ref, [treatment.id])


def _ref_price(treatments: Mapping[str, Treatment], ref: str) -> YenRange | None:
    """The single price a reference stands for; ``None`` for a dosed treatment's bare id."""
    base, _, dose = ref.partition(":")
    treatment = treatments.get(base)
    if treatment is None:
        return None
    if not dose:
        return treatment.price
    return next((d.price for d in treatment.doses if d.id == dose), None)


def dose_name(treatment: Treatment, dose: Dose, *, english: bool = False) -> str:
    """A dose's own label: its name, or its amount with the treatment's ``dose_unit``.

    In English, an amount takes the treatment's English unit for that amount
    (:meth:`Treatment.english_unit`) after a space where the catalog gives one
    (``20 g``, ``1 vial``, ``2 vials``), else the ``dose_unit`` as written (``20g``).
    Without a unit or a name, a bare amount ("10") would say nothing of what is
    measured: the dose's id, the catalog's own label for it, names it (lint SC050).

    Example:
        >>> t = Treatment(id="vitc", name="高濃度ビタミンC点滴", dose_unit="g",
        ...               doses=[{"id": "20g", "amount": 20, "price": 16500}])
        >>> dose_name(t, t.doses[0])
        '20g'
        >>> bare = Treatment(id="vitc", name="高濃度ビタミンC点滴",
        ...                  doses=[{"id": "10g", "amount": 10, "price": 11000}])
        >>> dose_name(bare, bare.doses[0])
        '10g'
    """
    if english and dose.name_en:
        return dose.name_en
    if dose.name:
        return dose.name
    if treatment.dose_unit is None:
        return dose.id
    return dose_amount(treatment, dose, english=english)


def dose_amount(treatment: Treatment, dose: Dose, *, english: bool = False) -> str:
    """A dose's amount with the treatment's ``dose_unit`` (none where it has none), as
    :func:`dose_name` writes it: the one place an amount is written. Internal.

    Example:
        >>> t = Treatment(id="vitc", name="高濃度ビタミンC点滴",
        ...               doses=[{"id": "10g", "amount": 10.0, "price": 11000}])
        >>> dose_amount(t, t.doses[0])
        '10'
    """
    amount = dose.amount
    if isinstance(amount, float) and amount.is_integer():
        amount = int(amount)
    unit = treatment.english_unit(amount) if english else None
    if unit is not None:
        return f"{amount} {unit}"
    return f"{amount}{treatment.dose_unit or ''}"


def _as_treatment(treatment: Treatment, dose: Dose) -> Treatment:
    """A dose as a treatment of its own, named ``treatment:dose``, for pricing and display."""
    # The dose's part of the name is supecost's own composing (an amount and a unit), so an
    # English name takes its English form even where the treatment's name has none.
    name_en = f"{treatment.name_en or treatment.name} {dose_name(treatment, dose, english=True)}"
    fields = dict(treatment)
    fields.update(
        id=f"{treatment.id}:{dose.id}",
        name=f"{treatment.name} {dose_name(treatment, dose)}",
        name_en=name_en,
        price=dose.price,
        price_changes=dose.price_changes,
        doses=(),
        note=dose.note or treatment.note,
        # A further unit's segment prices come with the extra_unit_price they replace.
        extra_unit_price=dose.extra_unit_price or treatment.extra_unit_price,
        extra_unit_segment_prices=dose.extra_unit_segment_prices
        if dose.extra_unit_price is not None
        else treatment.extra_unit_segment_prices,
        segment_prices=dose.segment_prices,
        # Sold by the unit, a dose's units are counted as its treatment counts them: for a
        # treatment without doses that is its dose_unit (Treatment.counted_unit).
        dose_unit=treatment.count_unit,
        dose_unit_en=treatment.count_unit_en,
        dose_unit_en_plural=treatment.count_unit_en_plural,
        count_unit=None,
        count_unit_en=None,
        count_unit_en_plural=None,
    )
    # The dose and its treatment were validated already; a dose's id has a colon, which
    # the id pattern refuses on purpose.
    return Treatment.model_construct(**fields)


# ---------------------------------------------------------------------------
# Loading


CatalogFormat: TypeAlias = Literal["toml", "json"]
Locator: TypeAlias = Callable[[str], int | None]
"""Finds the 1-based line of a field path such as ``offers[2].sessions`` in a file."""


def _refuse(
    message: str, source: str | None, line: int | None = None, code: str = "", **params: object
) -> NoReturn:
    """Raise a :class:`CatalogError` about the whole file, its wording's ``code`` and ``params``."""
    raise CatalogError(
        [CatalogProblem("", message, source, line, code=code, params=tuple(params.items()))]
    )


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; the format follows the suffix (``.toml`` or ``.json``).

    The file is refused before it is read when it is over
    :data:`MAX_CATALOG_BYTES`, and at most that many bytes plus one are ever read.

    Example:
        >>> import pathlib, tempfile
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "c.json").write_text('{"schema_version": 1, '
        ...     '"clinic": {"name": "A"}, "treatments": '
        ...     '[{"id": "x", "name": "X", "price": 1000}]}', encoding="utf-8")
        >>> load_catalog(folder / "c.json").clinic.name
        'A'

    Args:
        path: The catalog file.

    Returns:
        The validated catalog.

    Raises:
        CatalogError: The file cannot be read, is too large, is not valid TOML
            or JSON, or does not validate; every problem is listed.
    """
    raw, format, source = read_catalog_file(path)
    return parse_catalog(raw, format=format, source=source)


def read_catalog_file(path: str | Path) -> tuple[bytes, CatalogFormat, str]:
    """Read a catalog file's bytes safely, without parsing them: the checks every loader shares.

    Example:
        >>> read_catalog_file("tests/data/example.toml")[1:]
        ('toml', 'tests/data/example.toml')

    Args:
        path: The catalog file.

    Returns:
        The raw bytes, the format told by the suffix, and the name used in messages.

    Raises:
        CatalogError: The suffix is neither ``.toml`` nor ``.json``, the file
            cannot be read or is not a regular file, or it is over the size limit
            (refused before it is read).
    """
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if file.is_dir():  # checked first: a folder's name has no suffix, which would mislead
        _refuse(
            "this is a directory; give the path of a catalog file (.toml or .json)",
            source,
            code="file.directory",
        )
    if file.exists() and not file.is_file():  # a device or a FIFO: stat only, never opened
        _refuse(_NOT_REGULAR, source, code="file.irregular")
    if suffix not in (".toml", ".json"):
        if not file.exists():  # a mistyped path says so, not that its name lacks a suffix
            _refuse("there is no such file; check the path", source, code="file.missing")
        ends = f"ends in {suffix!r}" if suffix else "has no suffix"
        _refuse(
            f"the file name {ends}; name it .toml or .json so its format is known",
            source,
            code="file.suffix",
            suffix=excerpt(suffix) if suffix else "",
        )
    raw = b""
    try:
        status = file.stat()
        regular = stat.S_ISREG(status.st_mode)
        if regular and status.st_size <= MAX_CATALOG_BYTES:
            with file.open("rb") as stream:
                raw = stream.read(MAX_CATALOG_BYTES + 1)
    except OSError as error:
        _refuse(
            f"cannot read the file: {error.strerror or error}; check the path",
            source,
            code="file.missing" if isinstance(error, FileNotFoundError) else "file.unreadable",
        )
    except ValueError as error:  # such as a NUL character in the path
        _refuse(f"cannot read the file: {error}; check the path", source, code="file.unreadable")
    if not regular:  # it was replaced since the check above
        _refuse(_NOT_REGULAR, source, code="file.irregular")
    if status.st_size > MAX_CATALOG_BYTES:
        raise CatalogError([_too_large(status.st_size, source)])
    if len(raw) > MAX_CATALOG_BYTES:  # the file grew after stat, or stat does not know its size
        raise CatalogError([_too_large(len(raw), source, at_least=True)])
    return raw, "toml" if suffix == ".toml" else "json", source


_NOT_REGULAR: Final = (
    "this is not a regular file (such as a device or a FIFO); "
    "give the path of a catalog file (.toml or .json)"
)


def _too_large(size: int, source: str | None, *, at_least: bool = False) -> CatalogProblem:
    more = " or more" if at_least else ""
    return CatalogProblem(
        "",
        f"the file has {size:,} bytes{more}, over the limit of {MAX_CATALOG_BYTES:,} "
        "(1 MiB); a price list needs far less, so check that this is the right file",
        source,
        code="file.too_large",
        params=(
            ("size", f"{size:,}{'+' if at_least else ''}"),
            ("limit", f"{MAX_CATALOG_BYTES:,}"),
        ),
    )


def parse_catalog(
    text: str | bytes, *, format: CatalogFormat, source: str | None = None
) -> Catalog:
    """Parse catalog text in TOML or JSON and validate it.

    Example:
        >>> parse_catalog('{"schema_version": 1}', format="json")
        Traceback (most recent call last):
        ...
        supecost.errors.CatalogError: 2 problems in the catalog:
          1: clinic: is required; add it
          1: treatments: is required; add it

    Args:
        text: The file's contents (bytes are decoded as UTF-8; a byte-order mark is skipped).
        format: ``"toml"`` or ``"json"``.
        source: The file name, for error messages.

    Returns:
        The validated catalog.

    Raises:
        CatalogError: The text is too large, not UTF-8, not valid TOML or JSON,
            nested too deeply, or does not validate; every problem is listed with its line.
    """
    if format not in ("toml", "json"):
        _refuse(
            f"unknown format {excerpt(format)}; use 'toml' or 'json'",
            source,
            code="file.format",
            format=excerpt(format),
        )
    data, locate = parse_catalog_data(text, format=format, source=source)
    return validate_catalog(data, source=source, locate=locate, format=format)


def parse_catalog_data(
    text: str | bytes, *, format: CatalogFormat, source: str | None = None
) -> tuple[object, Locator]:
    """Parse catalog text safely into plain data, without validating it against the schema.

    For tools that read a catalog file's own words before validation (the
    lint reads ranges the schema refuses); the limits on size, nesting and
    duplicate keys are the loader's.

    Example:
        >>> data, locate = parse_catalog_data('{"schema_version": 1}', format="json")
        >>> data, locate("schema_version")
        ({'schema_version': 1}, 1)

    Args:
        text: The file's contents (bytes are decoded as UTF-8).
        format: ``"toml"`` or ``"json"``.
        source: The file name, for error messages.

    Returns:
        The parsed data, and a function that finds the line of a field path.

    Raises:
        CatalogError: The text is too large, not UTF-8, too deeply nested, or
            not valid TOML or JSON.
    """
    if isinstance(text, bytes):
        raw = text
        if len(raw) > MAX_CATALOG_BYTES:
            raise CatalogError([_too_large(len(raw), source)])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            _refuse(
                f"the file is not UTF-8 ({error.reason} at byte {error.start:,}); save it as UTF-8",
                source,
                raw.count(b"\n", 0, error.start) + 1,
                code="file.encoding",
                byte=f"{error.start:,}",
            )
    elif isinstance(text, str):
        if len(text) > MAX_CATALOG_BYTES:
            raise CatalogError([_too_large(len(text), source)])
        size = len(text.encode("utf-8", "surrogatepass"))
        if size > MAX_CATALOG_BYTES:
            raise CatalogError([_too_large(size, source)])
        text = text.removeprefix("\ufeff")
    else:
        _refuse(f"the catalog must be text or bytes, got {type(text).__name__}", source)
    items = text.count("\n") + text.count(",")
    if items > MAX_ITEMS:
        _refuse(
            f"the file has {items:,} lines and commas, more than the {MAX_ITEMS:,} a catalog "
            "may hold; a price list needs far fewer, so check that this is the right file",
            source,
            code="file.items",
            items=f"{items:,}",
            limit=f"{MAX_ITEMS:,}",
        )
    data = _parse(text, format, source)
    positions = _toml_positions if format == "toml" else _json_positions
    return data, _lazy_locator(positions, text)


class DuplicateKeyError(Exception):
    """JSON text names the same key twice in one object: where (its path and line).

    Not a :class:`SupecostError` itself: each reader of JSON input words it as its own
    error (a catalog's problem, a request's field, a batch line's error), from
    :meth:`clause`, the one wording. Internal, not part of the public API.
    """

    def __init__(
        self, path: str, loc: tuple[str | int, ...], line: int | None, lines: int = 1
    ) -> None:
        super().__init__(path, loc, line)
        self.path = path
        """The key's field path as a catalog's problems write it, such as ``with[0].units``."""
        self.loc = loc
        """The same path as pydantic locates a field, such as ``("with", 0, "units")``."""
        self.line = line
        """The line of the key's second appearance, from 1 (``None`` where not found)."""
        self.lines = lines
        """The lines of the whole text: one line (a batch line, a compact body) needs no number."""

    def clause(self, *, line: bool = True) -> str:
        """What is wrong and how to fix it; the line where ``line`` and the text has several."""
        at = f" (line {self.line})" if line and self.line is not None and self.lines > 1 else ""
        return f"this key appears twice in the same object{at}; keep one of them"


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, item in pairs:
        if key in result:
            raise _TwiceError
        result[key] = item
    return result


class _TwiceError(Exception):
    """Raised inside ``json.loads``: the parse stops at once, and the scanner then locates it."""


def read_json(text: str | bytes) -> Any:
    """Parse JSON text, refusing a key named twice in one object: the one rule of every JSON input.

    ``json.loads`` keeps the last of two values of a key: ``{"sessions": 5, "sessions": 6}``
    would be read as 6, without a word. Catalog files, request bodies and batch lines
    are all read through here (or checked by :func:`json_duplicate`). Internal, not part
    of the public API.

    Example:
        >>> read_json('{"sessions": 5}')
        {'sessions': 5}
        >>> try:
        ...     read_json('{"sessions": {"min": 1, "min": 2}}')
        ... except DuplicateKeyError as twice:
        ...     print(twice.path, twice.clause())
        sessions.min this key appears twice in the same object; keep one of them

    Raises:
        DuplicateKeyError: A key appears twice in one object.
        ValueError: Not JSON (``json.JSONDecodeError``), or a number Python does not read.
        RecursionError: Nested too deeply.
    """
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except _TwiceError:
        raise _json_duplicate(text) from None


def json_duplicate(text: str | bytes | bytearray) -> DuplicateKeyError | None:
    """The first key JSON text names twice in one object, or ``None``.

    ``None`` too for text that is not JSON at all: whoever parses it next says what is
    wrong with it. For readers that parse JSON their own way (pydantic, FastAPI), so a
    key named twice is refused as :func:`read_json` refuses it. Internal, not part of
    the public API.

    Example:
        >>> json_duplicate('{"with": [{"treatment": "a", "treatment": "b"}]}').loc
        ('with', 0, 'treatment')
        >>> json_duplicate('{"sessions": 5}') is None
        True
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError:
            return None
    try:
        read_json(text)
    except DuplicateKeyError as found:
        return found
    except (ValueError, RecursionError):
        return None
    return None


def _duplicate_error(record: type[BaseModel], twice: DuplicateKeyError) -> ValidationError:
    """A key named twice as one of pydantic's problems of ``record``, at the key's path."""
    return ValidationError.from_exception_data(
        record.__name__,
        [
            InitErrorDetails(
                type="value_error",
                loc=twice.loc,
                input=twice.loc[-1] if twice.loc else None,
                ctx={"error": ValueError(twice.clause())},
            )
        ],
    )


def _parse(text: str, format: CatalogFormat, source: str | None) -> object:
    """Parse TOML or JSON text, turning every failure into a located problem."""
    # tomllib is imported here, not at the top: the built-in catalog ships validated and
    # a first quote on it reads no TOML (start-up, issue 16).
    import tomllib

    name = format.upper()
    if format == "toml":
        _prescan_toml(text, source)
    try:
        if format == "toml":
            return tomllib.loads(text)
        return read_json(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError([_toml_syntax_problem(error, text, source)]) from None
    except json.JSONDecodeError as error:
        _refuse(
            f"not valid JSON: {error.msg} (column {error.colno}); check the brackets, "
            "commas and quotes there",
            source,
            error.lineno,
            code="file.json",
            column=error.colno,
        )
    except DuplicateKeyError as twice:
        # The problem's own line says where; the clause leaves it out.
        raise CatalogError(
            [
                CatalogProblem(
                    twice.path, twice.clause(line=False), source, twice.line, code="field.twice"
                )
            ]
        ) from None
    except RecursionError:
        _refuse(_too_deep_message(), source, code="file.too_deep", levels=MAX_NESTING)
    except ValueError as error:  # such as an integer of thousands of digits
        _refuse(f"not valid {name}: {error}", source, code="file.syntax", format=name)


MAX_KEY_CHARS: Final = 128
"""A TOML key (or part of a dotted key) longer than this is refused before parsing."""

# Possessive repeats, and a quoted part unrolled as runs between escapes: a failed match
# backs off at once, without a saved state per character (a 1 MB line took 116 MB).
_TOML_KEY_PART: Final = r"""(?:[A-Za-z0-9_-]++|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"|'[^'\n]*+')"""
_LONG_TOML_KEY: Final = re.compile(
    rf"(?:^|[{{,\[])[ \t]*(?:{_TOML_KEY_PART}[ \t]*\.[ \t]*){{{MAX_NESTING}}}",
    re.MULTILINE,
)
"""A dotted TOML key of more than :data:`MAX_NESTING` parts, where keys start.

A quoted part may hold escaped quotes: a part that stopped at ``\\"`` would let a
key of thousands of such parts slip past (tomllib's time and memory grow with
the square of the parts).
"""
_LONG: Final = MAX_KEY_CHARS + 1
# A bounded lookahead finds a long quoted part without a saved state per character.
_LONG_TOML_PART: Final = (
    rf"""(?:[A-Za-z0-9_-]{{{_LONG},}}+"""
    rf"""|"(?=(?:[^"\\\n]|\\.){{{_LONG}}})[^"\\\n]*+(?:\\.[^"\\\n]*+)*+["]"""
    rf"""|'[^'\n]{{{_LONG},}}+')"""
)
_LONG_TOML_KEY_PART: Final = re.compile(
    rf"(?:^|[{{,.])[ \t]*{_LONG_TOML_PART}[ \t]*[.=]", re.MULTILINE
)
"""A TOML key part longer than :data:`MAX_KEY_CHARS`, where keys start."""
_LONG_TOML_HEADER_PART: Final = re.compile(
    rf"^[ \t]*\[\[?[ \t]*(?:{_TOML_KEY_PART}[ \t]*\.[ \t]*){{0,{MAX_NESTING}}}{_LONG_TOML_PART}",
    re.MULTILINE,
)
"""A line that would be a table header with a key part longer than :data:`MAX_KEY_CHARS`.

Only outside an array is it a header (:func:`_header_long_part`): inside a multi-line
array the same line is an array of a long string, which is valid TOML.
"""
_TOML_TABLE_LINE: Final = re.compile(r"^[ \t]*\[", re.MULTILINE)
_MAX_DIGITS: Final = 100_000
# Tried only where a run starts (the lookbehind): tried at every character, a run just short of
# the limit cost its length squared.
_TOML_LONG_NUMBER: Final = re.compile(
    rf"(?<![0-9_])[0-9_]{{{_MAX_DIGITS + 1}}}|0x[0-9A-Fa-f_]{{{_MAX_DIGITS + 1}}}"
)


# Every string and comment, each matched whole: outside them a quote or a '#' always starts
# one (TOML has no other use for them). Possessive runs, and a quote ends a run, so a failed
# match backs off at once: one pass, linear in the text.
_TOML_STRING_OR_COMMENT: Final = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""(?:""?)?|\Z)'
    r"|'''(?:[^']++|'(?!''))*+(?:'''(?:''?)?|\Z)"
    r'|"(?:[^"\\\n]++|\\[^\n])*+"?'
    r"|'[^'\n]*+'?"
    r"|#[^\n]*+",
    re.DOTALL,
)
# In a masked string only what a quoted key part is made of stays: its quotes, a backslash
# (so an escape still counts as one character of a key) and line ends (so lines still count).
_TOML_STRING_TEXT: Final = re.compile(r"""[^"'\\\n]""")


def _toml_outside_strings(text: str) -> str:
    """``text`` with the text of every string and comment masked, character for character.

    A note such as ``"see,a.b.c"`` then reads as no key and a ``[`` in a multi-line string
    as no table; a quoted key keeps its length, so the long-key guard still counts it.
    """

    def masked(found: re.Match[str]) -> str:
        token = found.group()
        if token.startswith("#"):
            return "#" + "x" * (len(token) - 1)
        return _TOML_STRING_TEXT.sub("x", token)

    return _TOML_STRING_OR_COMMENT.sub(masked, text)


def _prescan_toml(text: str, source: str | None) -> None:
    """Refuse what costs tomllib too much before it reads it: long keys, too many tables.

    tomllib takes time and memory quadratic in the parts of a dotted key; such
    a key nests too deeply anyway. A long key is no field name either. Text in a
    string or a comment is no key, number or table: it is masked first.
    """
    text = _toml_outside_strings(text)
    long_key = _LONG_TOML_KEY.search(text)
    if long_key is not None:
        line = text.count("\n", 0, long_key.start()) + 1
        _refuse(_too_deep_message(), source, line, code="file.too_deep", levels=MAX_NESTING)
    long_part = _LONG_TOML_KEY_PART.search(text) or _header_long_part(text)
    if long_part is not None:
        line = text.count("\n", 0, long_part.start()) + 1
        _refuse(_too_long_key_message(), source, line, code="file.long_key", limit=MAX_KEY_CHARS)
    digits = _TOML_LONG_NUMBER.search(text)
    if digits is not None:
        # tomllib's number pattern keeps a state per digit: a million digits took 93 MB.
        _refuse(
            f"a number of more than {_MAX_DIGITS:,} digits; no price needs that many, "
            "so check for a pasted block of digits",
            source,
            text.count("\n", 0, digits.start()) + 1,
        )
    tables = sum(1 for _ in _TOML_TABLE_LINE.finditer(text))
    if tables > MAX_TABLES:
        _refuse(
            f"the file has {tables:,} table headers ([...] lines), more than the {MAX_TABLES:,} "
            "a catalog may hold; check that this is the right file",
            source,
        )


def _header_long_part(text: str) -> re.Match[str] | None:
    """The first table header, outside every array, with a key part that is too long.

    ``text`` is masked (:func:`_toml_outside_strings`), so each bracket left is TOML's own:
    the arrays open at a line's start are the ``[`` before it less the ``]``, a header's
    own brackets balanced on its line. Counted on from one candidate to the next, so the
    scan stays one pass however many lines start with ``[``. An unbalanced ``]`` leaves
    the count at zero or below, and the line is read as a header, refused as before.
    """
    depth, counted = 0, 0
    for found in _LONG_TOML_HEADER_PART.finditer(text):
        depth += text.count("[", counted, found.start()) - text.count("]", counted, found.start())
        counted = found.start()
        if depth <= 0:
            return found
    return None


def _too_long_key_message() -> str:
    return (
        f"a key is longer than {MAX_KEY_CHARS} characters; catalog field names are short, "
        "so check for a missing '=' or quote"
    )


def _toml_syntax_problem(
    error: "tomllib.TOMLDecodeError", text: str, source: str | None
) -> CatalogProblem:
    message = str(error)
    match = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
    column = ""
    if match:
        line: int | None = int(match.group(1))
        column = match.group(2)
        reason = f"{message[: match.start()]} (column {column})"
    else:
        line = text.count("\n") + 1 if "(at end of document)" in message else None
        reason = message.replace(" (at end of document)", " at the end of the file")
    return CatalogProblem(
        "",
        f"not valid TOML: {reason}; check the quotes, brackets and '=' there",
        source,
        line,
        code="file.toml" if column else "file.toml_end",
        params=(("column", column),),
    )


def _too_deep_message() -> str:
    return (
        f"nested more than {MAX_NESTING} levels deep; a catalog needs four, "
        "so check for stray brackets"
    )


def _misshapen(data: object) -> CatalogProblem | None:
    """The first list or table nested too deeply, too long or too wide, as a problem.

    Checked before the schema, so a file of 300,000 empty records or fields costs
    one walk, not a validation error for each.
    """
    stack: list[tuple[object, str, int]] = [(data, "", 1)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, dict):
            if len(item) > MAX_FIELDS:
                return CatalogProblem(
                    path,
                    f"has {len(item):,} fields, more than the {MAX_FIELDS} any table may hold; "
                    "check for keys that belong to other tables",
                    code="value.too_wide",
                    params=(("given", f"{len(item):,}"), ("limit", MAX_FIELDS)),
                )
            children: Iterator[tuple[object, str]] = (
                (child, f"{path}.{key}" if path else str(key)) for key, child in item.items()
            )
        elif isinstance(item, list | tuple):
            if len(item) > MAX_ENTRIES:
                return CatalogProblem(
                    path,
                    f"has {len(item):,} entries, more than the {MAX_ENTRIES:,} any list may hold; "
                    "remove some or split the catalog",
                    code="value.too_many",
                    params=(("given", f"{len(item):,}"), ("limit", f"{MAX_ENTRIES:,}")),
                )
            children = ((child, f"{path}[{index}]") for index, child in enumerate(item))
        else:
            continue
        if depth > MAX_NESTING:
            return CatalogProblem(
                path, _too_deep_message(), code="file.too_deep", params=(("levels", MAX_NESTING),)
            )
        stack.extend((child, child_path, depth + 1) for child, child_path in children)
    return None


def validate_catalog(
    data: object,
    *,
    source: str | None = None,
    locate: Locator | None = None,
    format: CatalogFormat | None = None,
) -> Catalog:
    """Validate already-parsed catalog data (a dict as read from TOML or JSON).

    Example:
        >>> validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 1.5}]})
        Traceback (most recent call last):
        ...
        supecost.errors.CatalogError: 1 problem in the catalog:
          treatments[0].price: must be a whole number of yen such as 33000, ...

    Args:
        data: The parsed data.
        source: The file name, for error messages.
        locate: Finds the line of a field path in the source text, where known.
        format: The format the data was read from, where known: messages about
            JSON data echo its values and give their advice in JSON's words
            (``null``, ``"schema_version": 2``).

    Returns:
        The validated catalog.

    Raises:
        CatalogError: Every problem found (up to :data:`MAX_PROBLEMS`), with field paths.
    """
    if format == "json":
        with reading_json():
            return _validated(data, source, locate)
    return _validated(data, source, locate)


def _validated(data: object, source: str | None, locate: Locator | None) -> Catalog:
    """:func:`validate_catalog`, in the words of the format being read."""
    misshapen = _misshapen(data)
    if misshapen is not None:
        raise CatalogError([_relocate(misshapen, source, locate)])
    try:
        return Catalog._checked(data)
    except ValidationError as error:
        problems, more = _problems_from(error, source, locate, Catalog)
    if more:
        problems.append(_more_problems(more, source))
    raise CatalogError(problems) from None


def _more_problems(more: int, source: str | None, *, record: bool = False) -> CatalogProblem:
    """The last problem listed: how many more were found and not listed.

    ``record``: the problems are of a record built in Python, built again (not a file's,
    loaded again).
    """
    noun = "problem" if more == 1 else "problems"
    again = "build the record again" if record else "load the file again"
    return CatalogProblem(
        "",
        f"and {more:,} more {noun} not listed; fix these and {again}",
        source,
        code="catalog.more_record" if record else "catalog.more",
        params=(("more", f"{more:,}"),),
    )


def _relocate(
    problem: CatalogProblem, source: str | None, locate: Locator | None, prefix: str = ""
) -> CatalogProblem:
    path = _join(prefix, problem.path)
    line = problem.line if problem.line is not None else (locate(path) if locate else None)
    return CatalogProblem(
        path,
        problem.message,
        problem.source or source,
        line,
        code=problem.code,
        params=problem.params,
    )


def _join(prefix: str, path: str) -> str:
    if not prefix or not path:
        return prefix or path
    return f"{prefix}{path}" if path.startswith("[") else f"{prefix}.{path}"


_MESSAGE_FIXES: Final[Mapping[str, str]] = {
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number such as 5, without quotes or decimals",
    "bool_type": "must be true or false, without quotes",
    "tuple_type": 'must be a list in brackets, such as ["a", "b"]',
    "list_type": 'must be a list in brackets, such as ["a", "b"]',
    "dict_type": "must be a table (an object with named fields)",
    "model_type": "must be a table (an object with named fields)",
    "model_attributes_type": "must be a table (an object with named fields)",
    "string_too_short": "must not be empty; write some text or leave the field out",
    "string_too_long": "is longer than 2,000 characters; shorten it",
    "float_type": "must be a number such as 1.5, without quotes",
    "finite_number": "must be a number, not nan or inf",
}


def _problems_from(
    error: ValidationError,
    source: str | None,
    locate: Locator | None,
    model: type[BaseModel],
) -> tuple[list[CatalogProblem], int]:
    """The first :data:`MAX_PROBLEMS` problems, located, and how many more there are.

    Problems past the limit are only counted, so a file with thousands of
    problems costs no more to report than one with fifty. ``model`` is the
    record validated (a file's is the :class:`Catalog`): paths start there.
    """
    items = error.errors(include_url=False)
    failed = {tuple(item["loc"]) for item in items}
    kinds = {tuple(item["loc"]): item["type"] for item in items}
    extras: dict[tuple[int | str, ...], list[str]] = {}
    for item in items:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            extras.setdefault(loc[:-1], []).append(str(loc[-1]))
    suggested: dict[tuple[int | str, ...], set[str]] = {}
    listed: list[CatalogProblem] = []
    seen: set[CatalogProblem] = set()
    more = 0
    for item in items:
        loc = tuple(item["loc"])
        kind = item["type"]
        if kind == "missing" and loc[-1] in _suggested(extras, loc[:-1], suggested, model):
            continue  # a misspelt field is one problem, not also a missing one
        if kind == "too_short" and any(
            other[: len(loc)] == loc and other != loc for other in failed
        ):
            # pydantic drops the items that failed and then counts too few; only the items matter.
            continue
        member = _number_member(loc, kind, kinds)
        if member == "int":
            continue  # the float's problem says it, and a whole number is one too
        nested = (item.get("ctx") or {}).get("error")
        if len(listed) >= MAX_PROBLEMS:
            more += len(nested.problems) if isinstance(nested, CatalogError) else 1
            continue
        if isinstance(nested, CatalogError):
            found = [_relocate(p, source, locate, _path(loc)) for p in nested.problems]
        else:
            path = _path(loc if member is None else loc[:-1])
            if kind in ("union_tag_invalid", "union_tag_not_found"):
                path = f"{path}.kind"
            message, code, params = _message(item, model)
            if not path:
                message = f"the {'catalog' if model is Catalog else model.__name__} {message}"
            problem = CatalogProblem(path, message, code=code, params=params)
            found = [_relocate(problem, source, locate)]
        for problem in found:
            if problem not in seen:
                seen.add(problem)
                listed.append(problem)
    more += max(0, len(listed) - MAX_PROBLEMS)
    return listed[:MAX_PROBLEMS], more


_NUMBER_MEMBERS: Final = {("int", "int_type"), ("float", "float_type")}
"""A whole-or-decimal number's union members (a dose's ``amount``), with their error."""


def _number_member(
    loc: tuple[int | str, ...], kind: str, kinds: Mapping[tuple[int | str, ...], str]
) -> str | None:
    """``"int"`` or ``"float"`` where this problem is one member's of a number that may be
    whole or not, the other member failing at the same field; else ``None``.

    pydantic reports a value such as ``"12.5"`` against each member, and the two lines
    contradict each other ("no decimal point" beside "a number such as 1.5"): the float's
    says what the field takes, so it alone is kept, at the field's own path.
    """
    if not loc or (loc[-1], kind) not in _NUMBER_MEMBERS:
        return None
    other = "float" if loc[-1] == "int" else "int"
    if kinds.get((*loc[:-1], other)) != f"{other}_type":
        return None
    return str(loc[-1])


def _suggested(
    extras: Mapping[tuple[int | str, ...], Sequence[str]],
    parent: tuple[int | str, ...],
    cache: dict[tuple[int | str, ...], set[str]],
    model: type[BaseModel],
) -> set[str]:
    """The field names suggested for the first unknown fields of one record, computed once."""
    if parent not in cache:
        allowed = _allowed_fields(parent, model)
        names = (_suggest(name, allowed) for name in extras.get(parent, ())[:MAX_PROBLEMS])
        cache[parent] = {name for name in names if name is not None}
    return cache[parent]


def _path(loc: Sequence[int | str]) -> str:
    """Turn pydantic's location into ``offers[2].sessions``, dropping union tags."""
    parts: list[str] = []
    previous: int | str | None = None
    for element in loc:
        if isinstance(element, int):
            parts.append(f"[{element}]")
        elif isinstance(previous, int) and element in _OFFER_MODELS and _is_offer_path(parts):
            # A discriminated union adds the kind to the location; the file has no such level.
            pass
        elif not element.startswith(("function-", "lax-", "json-")):
            parts.append(f".{_step(element)}" if parts else _step(element))
        previous = element
    return "".join(parts)


def _step(name: str) -> str:
    """A key as a step of a field path: quoted and escaped when it holds control characters.

    Paths are printed in messages, and a key holding ESC or BEL would otherwise reach
    the terminal as it is.
    """
    return name if name.isprintable() else repr(name)


def _is_offer_path(parts: list[str]) -> bool:
    return len(parts) == 2 and parts[0] == "offers"


_SYNONYMS: Final[Mapping[str, str]] = {
    # Words a newcomer writes for a value, in Japanese or English: offered when the value is
    # one of those allowed where it was written (a kind, a rounding, a tax category, ...).
    "monthly": "subscription",
    "月額": "subscription",
    "月額プラン": "subscription",
    "サブスク": "subscription",
    "set": "bundle",
    "tickets": "bundle",
    "回数券": "bundle",
    "セット": "bundle",
    "first_time": "intro",
    "trial": "intro",
    "初回": "intro",
    "お試し": "intro",
    "course": "package",
    "コース": "package",
    "共通回数券": "shared",
    "共通券": "shared",
    "回数別": "ladder",
    "四捨五入": "half_up",
    "round": "half_up",
    "切り捨て": "floor",
    "切捨て": "floor",
    "round_down": "floor",
    "切り上げ": "ceil",
    "切上げ": "ceil",
    "round_up": "ceil",
    "ceiling": "ceil",
    "銀行丸め": "half_even",
    "軽減税率": "reduced",
    "軽減": "reduced",
    "標準税率": "standard",
    "点滴": "iv_drip",
    "注射": "injection",
    "初診": "first_visit",
    "毎回": "every_visit",
}


def _suggest(name: str, allowed: Sequence[str]) -> str | None:
    from difflib import get_close_matches  # only for an error message

    synonym = _SYNONYMS.get(name.strip().lower())
    if synonym in allowed:
        return synonym
    close = get_close_matches(name, allowed, n=1, cutoff=0.6)
    return close[0] if close else None


def _choices(expected: str) -> list[str]:
    """The allowed values named in pydantic's ``expected`` context."""
    return re.findall(r"'([^']*)'", expected)


_Said: TypeAlias = tuple[str, str, tuple[tuple[str, object], ...]]
"""A problem's English, its wording's code and the values the wording names."""


def _said(message: str, code: str, **params: object) -> _Said:
    return message, code, tuple(params.items())


def _message(item: Any, model: type[BaseModel]) -> _Said:
    kind = item["type"]
    loc = item["loc"]
    ctx = item.get("ctx") or {}
    got = excerpt(item.get("input"))
    field = loc[-1] if loc else ""
    if kind == "extra_forbidden":
        allowed = _allowed_fields(loc[:-1], model)
        close = _suggest(str(field), allowed)
        known = ", ".join(allowed)
        hint = f"did you mean {close!r}?" if close else f"remove it; known fields: {known}"
        return _said(
            f"unknown field {field!r}; {hint}",
            "field.unknown_close" if close else "field.unknown",
            field=repr(field),
            close=repr(close),
            known=known,
        )
    if kind == "union_tag_invalid":
        given = item["input"].get("kind") if isinstance(item.get("input"), dict) else ctx.get("tag")
        close = _suggest(given, list(_OFFER_MODELS)) if isinstance(given, str) else None
        hint = f"did you mean {close!r}? " if close else ""
        return _said(
            f"unknown kind {excerpt(given)}; {hint}use bundle, subscription, intro, package, "
            "shared or ladder",
            "kind.unknown",
            given=excerpt(given),
            close=repr(close) if close else "",
        )
    if kind == "invalid_key":
        return _said(f"field names must be text, got {excerpt(field)}", "field.key", got=got)
    if kind == "union_tag_not_found":
        return _said(
            'an offer needs a kind: add kind = "bundle", "subscription", "intro", '
            '"package", "shared" or "ladder"',
            "kind.missing",
        )
    if kind == "string_pattern_mismatch":
        if field == "registration_number":
            return _said(
                f"must be T followed by 13 digits, such as T1234567890123 (got {got}); "
                "copy it from the clinic's invoices",
                "value.registration",
                got=got,
            )
        return _said(
            f"must be 1 to 64 lowercase letters, digits and '-', not starting or ending "
            f"with '-', such as 'sup-iv-5' (got {got})",
            "value.id",
            got=got,
        )
    if kind in ("literal_error", "int_parsing_size") and field == "schema_version":
        return _said(_schema_version_message(item.get("input")), "value.schema", got=got)
    if kind in ("literal_error", "enum"):
        choices = _choices(str(ctx.get("expected", "")))
        close = _suggest(str(item.get("input")), choices)
        hint = f"; did you mean {close!r}?" if close else ""
        return _said(
            f"must be one of {', '.join(choices)} (got {got}){hint}",
            "value.choice",
            choices=", ".join(choices),
            got=got,
            close=repr(close) if close else "",
        )
    if kind == "missing":
        if field == "schema_version":
            return _said(
                f"is required; add schema_version = {SCHEMA_VERSION} at the top of a TOML file, "
                f'"schema_version": {SCHEMA_VERSION} first in a JSON one',
                "field.missing_schema",
                version=SCHEMA_VERSION,
            )
        return _said("is required; add it", "field.missing")
    if kind == "greater_than":
        bound = ctx.get("gt")
        return _said(f"must be above {bound} (got {got})", "value.above", bound=bound, got=got)
    if kind == "greater_than_equal":
        bound = ctx.get("ge")
        return _said(f"must be at least {bound} (got {got})", "value.min", bound=bound, got=got)
    if kind == "less_than_equal":
        bound = ctx.get("le")
        return _said(f"must be at most {bound} (got {got})", "value.max", bound=bound, got=got)
    if kind == "too_short":
        wanted = ctx.get("min_length")
        return _said(
            f"needs at least {wanted} {'entry' if wanted == 1 else 'entries'}; add more",
            "value.too_few",
            wanted=wanted,
        )
    if kind == "too_long":
        given, limit = ctx.get("actual_length"), ctx.get("max_length")
        return _said(
            f"has {given} entries, more than the {limit} one catalog may hold; remove some or "
            "split the catalog",
            "value.too_many",
            given=given,
            limit=limit,
        )
    if (
        kind == "string_type"
        and field == "treatment"
        and len(loc) == 4
        and loc[0] == "offers"
        and isinstance(item.get("input"), list | tuple)
    ):
        # A list of treatments on an offer is a set shared between them (共通回数券).
        return _said(
            f"must be one treatment id in quotes (got {got}): an offer of this kind sells one "
            'treatment; a set usable on any of several is kind = "shared" with '
            'treatments = ["a", "b"]',
            "type.treatment_list",
            got=got,
        )
    if kind in _MESSAGE_FIXES:
        return _said(f"{_MESSAGE_FIXES[kind]} (got {got})", f"type.{kind}", got=got)
    if kind == "value_error":
        error = ctx.get("error")
        cause = getattr(error, "__cause__", None)
        if isinstance(cause, YenTypeError):
            return _said(
                "must be a whole number of yen such as 33000, without quotes, decimals or a "
                f"currency sign (got {typed_excerpt(cause.value)})",
                "value.yen",
                got=excerpt(cause.value),
            )
        if isinstance(error, CodedValueError):
            return str(error), error.code, error.params
        if isinstance(error, SupecostError) and error.code:  # a price's range or bounds
            return str(error), error.code, tuple(error.params.items())
        return str(error), "", ()
    return _said(f"is not valid: {item['msg']} (got {got})", "")  # pragma: no cover


_OFFER_MODELS: Final[Mapping[str, type[BaseModel]]] = {
    "bundle": Bundle,
    "subscription": Subscription,
    "intro": Intro,
    "package": Package,
    "shared": SharedSet,
    "ladder": Ladder,
}


def _nested(model: type[BaseModel], name: str) -> type[BaseModel] | None:
    """The one record type a field of ``model`` holds (directly, in a tuple or optional), if any.

    Read from the annotations rather than kept in a table, so that a record added later
    (goods were once missed) gets its misspelt fields suggested like every other's.
    """
    field = model.model_fields.get(name)
    if field is None:
        return None
    found: set[type[BaseModel]] = set()
    pending: list[object] = [field.annotation]
    while pending:
        kind = pending.pop()
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            found.add(kind)
        else:
            pending.extend(get_args(kind))
    return found.pop() if len(found) == 1 else None


def _allowed_fields(loc: Sequence[int | str], model: type[BaseModel]) -> list[str]:
    """The field names allowed at a location in a ``model``, found by walking the models."""
    for element in loc:
        if isinstance(element, int):
            continue
        if model is Catalog and element == "offers":
            model = _Offers
            continue
        if model is _Offers:
            model = _OFFER_MODELS.get(element, _Offers)
            continue
        nested = _nested(model, element)
        if nested is None:
            break
        model = nested
    return list(model.model_fields)


class _Offers(_Record):
    """A marker for the location of an offer whose kind is not known yet."""

    kind: str


def _lazy_locator(build: Callable[[str], dict[str, int]], text: str) -> Locator:
    """A locator that reads the text only when a problem needs a line."""

    @functools.cache
    def positions() -> dict[str, int]:
        return build(text)

    def locate(path: str) -> int | None:
        return _nearest(positions(), path)

    return locate


def _nearest(positions: Mapping[str, int], path: str) -> int | None:
    """The line of a path, or of its nearest located parent."""
    candidate = path
    # A record path has at most two steps a level ("offers[2]"); more can only come from keys
    # holding dots, and trying each of a million such steps would cost a million searches.
    for _ in range(2 * MAX_NESTING + 2):
        if not candidate:
            break
        if candidate in positions:
            return positions[candidate]
        # Drop the last step, ".name" or "[n]": cut at the last dot or bracket, so every turn
        # shortens the path, even after a quoted key that is empty or ends in a dot ("" = 1).
        candidate = candidate[: max(candidate.rfind("."), candidate.rfind("["), 0)]
    return positions.get("")


_KEY: Final = r"[A-Za-z0-9_\-]+(?:\s*\.\s*[A-Za-z0-9_\-]+)*"
_TOML_HEADER: Final = re.compile(rf"^\s*(\[\[?)\s*({_KEY})\s*\]\]?")
_TOML_KEY: Final = re.compile(rf"^\s*({_KEY})\s*=")


def _toml_positions(text: str) -> dict[str, int]:
    """The line of each field path in TOML text, found by reading its tables and keys.

    tomllib gives no positions, so this follows ``[table]`` and ``[[array]]``
    headers (sub-tables of array items included), ``key =`` and dotted
    ``a.b =`` lines, and skips multi-line strings; it covers the layout catalog
    files use, and a path it cannot place falls back to its parent's line.
    """
    positions: dict[str, int] = {"": 1}
    arrays: dict[str, int] = {}
    table = ""
    closing: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if closing is not None:
            if line.count(closing) % 2:
                closing = None
            continue
        found = _TOML_HEADER.match(line)
        if found:
            names = [name.strip() for name in found.group(2).split(".")]
            table = ""
            for position, name in enumerate(names):
                table = f"{table}.{name}" if table else name
                if position == len(names) - 1 and found.group(1) == "[[":
                    index = arrays.get(table, -1) + 1
                    arrays[table] = index
                    table = f"{table}[{index}]"
                elif table in arrays:
                    table = f"{table}[{arrays[table]}]"
            positions.setdefault(table, number)
            continue
        found = _TOML_KEY.match(line)
        if found:
            path = table
            for name in found.group(1).split("."):
                path = f"{path}.{name.strip()}" if path else name.strip()
                positions.setdefault(path, number)
            rest = line[found.end() :]
            for quotes in ('"""', "'''"):
                if rest.count(quotes) % 2:
                    closing = quotes
                    break
    return positions


class _Scan:
    """Walks JSON text once, recording the line of every field path and the first duplicate key."""

    def __init__(self, text: str, *, until_duplicate: bool = False) -> None:
        self.text = text
        self.until_duplicate = until_duplicate
        self.length = len(text)
        self.starts = [0, *(match.end() for match in re.finditer("\n", text))]
        self.positions: dict[str, int] = {}
        self.duplicate: DuplicateKeyError | None = None
        self.decoder = json.JSONDecoder()

    def line_of(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at)

    def skip(self, at: int) -> int:
        while at < self.length and self.text[at] in " \t\r\n":
            at += 1
        return at

    def value(self, at: int, path: str, depth: int, loc: tuple[str | int, ...] = ()) -> int:
        """Scan the value starting at ``at`` (at ``path``, pydantic's ``loc``); where it ends."""
        text = self.text
        at = self.skip(at)
        self.positions.setdefault(path, self.line_of(at))
        if depth > MAX_NESTING:
            raise ValueError("nested too deeply")
        opening = text[at] if at < self.length else ""
        if opening in ("{", "["):
            closing = "}" if opening == "{" else "]"
            at = self.skip(at + 1)
            if at < self.length and text[at] == closing:
                return at + 1
            keys: set[str] = set()
            index = 0
            while at < self.length:
                if opening == "{":
                    name, at = self.decoder.raw_decode(text, self.skip(at))
                    if not isinstance(name, str):
                        # Not JSON (a key must be a string): stop here, keep what was found.
                        raise ValueError("a key that is not a string")
                    line = self.line_of(at)
                    at = self.skip(self.skip(at) + 1)  # past the colon
                    child = f"{path}.{_step(name)}" if path else _step(name)
                    step: str | int = name
                    if name in keys and self.duplicate is None:
                        self.duplicate = DuplicateKeyError(
                            child, (*loc, name), line, len(self.starts)
                        )
                        if self.until_duplicate:
                            raise ValueError("found the duplicate; the rest is not needed")
                    keys.add(name)
                    self.positions.setdefault(child, line)
                else:
                    child = f"{path}[{index}]"
                    step = index
                    index += 1
                at = self.skip(self.value(at, child, depth + 1, (*loc, step)))
                if at < self.length and text[at] == ",":
                    at += 1
                    continue
                return at + 1
        _, end = self.decoder.raw_decode(text, at)
        return int(end)

    def run(self) -> Self:
        with contextlib.suppress(ValueError, IndexError, RecursionError):
            self.value(0, "", 1)
        return self


def _json_positions(text: str) -> dict[str, int]:
    """The line of each field path in JSON text."""
    return _Scan(text).run().positions


def _json_duplicate(text: str | bytes) -> DuplicateKeyError:
    """The first key named twice in one JSON object, located (the whole text's if not found)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    found = _Scan(text, until_duplicate=True).run().duplicate
    return found if found is not None else DuplicateKeyError("", (), None)


@functools.cache
def reference_catalog() -> Catalog:
    """The built-in reference catalog: the source document's figures for culture supernatant.

    Used when no catalog is given. Its notes quote the document and mark every
    figure the document does not give as illustrative; ``docs/reference-catalog.md``
    explains how each number was read.

    Example:
        >>> reference_catalog().treatment("sup-iv").price
        YenRange(min=10000, max=90000)
    """
    # Validated at build time and shipped pickled (supecost.prebuilt): start-up skips
    # building the validators, unless anything the result depends on has changed. Read
    # beside this module (importlib.resources costs a zipfile import); from a zip, validated.
    data = Path(__file__).parent / "data"
    with contextlib.suppress(OSError):
        text = (data / "reference.toml").read_bytes()
        shipped = prebuilt.read(data / "reference.pickle", _reference_key(text))
        if isinstance(shipped, Catalog):
            return shipped
    from importlib import resources  # a zipped install: not on the common path

    text = resources.files("supecost").joinpath("data", "reference.toml").read_bytes()
    return parse_catalog(text, format="toml", source="supecost/data/reference.toml")


def _reference_key(text: bytes) -> bytes:
    """The key of the validated reference catalog: the file, the modules that read it, pydantic."""
    from pydantic.version import VERSION  # its major version: the form of a pickled model

    here = Path(__file__).parent
    # rates.py: its checks decide which instalment terms a clinic record accepts.
    names = ("catalog.py", "money.py", "tax.py", "rates.py")
    modules = [(here / name).read_bytes() for name in names]
    return prebuilt.key(text, VERSION.split(".")[0].encode(), *modules)


def _write_reference_prebuilt(target: Path | None = None) -> None:
    """Validate the reference catalog and store it in the package (run after changing them).

    Written by a process whose string hashes are fixed (``PYTHONHASHSEED=0``): a record
    pickles the set of the fields it was given, in the order of their hashes, so the file is
    the same bytes from the same sources, and two branches' rebuilds do not conflict.
    """
    if os.environ.get("PYTHONHASHSEED") != "0":
        import subprocess
        import sys

        rebuild = (
            "import sys, pathlib; from supecost.catalog import _write_reference_prebuilt as w; "
            "w(pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else None)"
        )
        subprocess.run(
            [sys.executable, "-c", rebuild, *([str(target)] if target is not None else [])],
            env={**os.environ, "PYTHONHASHSEED": "0"},
            check=True,
        )
        return
    text = (Path(__file__).parent / "data" / "reference.toml").read_bytes()
    catalog = parse_catalog(text, format="toml", source="supecost/data/reference.toml")
    where = Path(__file__).parent / "data" / "reference.pickle" if target is None else target
    prebuilt.write(where, _reference_key(text), catalog)


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of catalog files, schema versions 1 and 2.

    It describes the JSON form; a TOML catalog has the same structure, with
    dates written as TOML dates. Some rules need the whole file and are only
    checked on loading: unique ids, references between records, one tax
    category per combo, ranges whose ``min`` is not above ``max``, a treatment's
    ``price`` or ``doses`` (one of the two), and which fields a version-1 file may use.

    Example:
        >>> schema = catalog_json_schema()
        >>> schema["title"], schema["properties"]["schema_version"]["enum"]
        ('Catalog', [1, 2])
    """
    schema = Catalog.model_json_schema(mode="validation")
    for definition in schema.get("$defs", {}).values():
        # Docstring examples are Python, not schema documentation.
        description = definition.get("description")
        if isinstance(description, str):
            definition["description"] = description.split("\n\nExample:")[0].strip()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "description": (
            "A supecost catalog file (schema version 1 or 2): a clinic's self-pay price list. "
            "See docs/catalog.md."
        ),
    }
