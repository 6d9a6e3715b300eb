"""Catalogs: a clinic's price list as frozen, validated records, read from TOML or JSON.

A catalog file (schema version 1) names the clinic, its treatments with their
single-session prices, the offers that sell sessions in other ways (bundles,
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
:class:`~supecost.errors.CatalogError`.
"""

from __future__ import annotations

import enum
import functools
import json
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from datetime import date
from difflib import get_close_matches
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Final, Literal, TypeAlias

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    ValidationError,
    model_validator,
)

from supecost.errors import CatalogError, CatalogProblem, UnknownIdError
from supecost.money import Rounding, Yen, YenRange, exact_rate
from supecost.tax import TaxCategory

__all__ = [
    "MAX_CATALOG_BYTES",
    "SCHEMA_VERSION",
    "Bundle",
    "Catalog",
    "CellSource",
    "Charged",
    "Clinic",
    "Combo",
    "ContractRules",
    "Discount",
    "Fee",
    "Intro",
    "Offer",
    "Origin",
    "Route",
    "Subscription",
    "Treatment",
    "TypicalCourse",
    "catalog_json_schema",
    "load_catalog",
    "parse_catalog",
    "reference_catalog",
    "validate_catalog",
]

SCHEMA_VERSION: Final = 1
"""The catalog schema version this release reads and writes."""

MAX_CATALOG_BYTES: Final = 1_048_576
"""Catalog files larger than 1 MiB are refused before parsing.

A real clinic's price list is a few kilobytes; the limit keeps a hostile or
corrupt file from costing memory and time.
"""

_ID_PATTERN: Final = r"^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$"
Id: TypeAlias = Annotated[str, StringConstraints(pattern=_ID_PATTERN)]
Text: TypeAlias = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Count: TypeAlias = Annotated[StrictInt, Field(ge=1, le=1000)]
Months: TypeAlias = Annotated[StrictInt, Field(ge=1, le=120)]


def _non_negative(value: YenRange) -> YenRange:
    if value.min < 0:
        raise ValueError(f"a price must not be negative, got min {value.min:,}; write 0 or more")
    return value


Price: TypeAlias = Annotated[YenRange, AfterValidator(_non_negative)]
"""A price: a whole-yen amount or range, never negative."""


class CellSource(enum.StrEnum):
    """Where the stem cells of a culture supernatant come from."""

    DENTAL_PULP = "dental_pulp"
    ADIPOSE = "adipose"
    UMBILICAL_CORD = "umbilical_cord"
    CORD_BLOOD = "cord_blood"
    PLACENTA = "placenta"
    BONE_MARROW = "bone_marrow"
    AMNION = "amnion"
    OTHER = "other"


class Origin(enum.StrEnum):
    """Whether a product is made in Japan or imported."""

    DOMESTIC = "domestic"
    OVERSEAS = "overseas"


class Route(enum.StrEnum):
    """How a treatment is given."""

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
    """

    COSMETIC_MEDICINE = "cosmetic_medicine"
    BEAUTY_SALON = "beauty_salon"
    NONE = "none"


class Charged(enum.StrEnum):
    """When a fee is charged."""

    FIRST_VISIT = "first_visit"
    EVERY_VISIT = "every_visit"
    ONCE = "once"


TaxRounding: TypeAlias = Literal[Rounding.FLOOR, Rounding.CEIL, Rounding.HALF_UP]


class _Record(BaseModel):
    """Base of every catalog record: frozen, no unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Clinic(_Record):
    """The clinic that publishes the catalog, and how its prices treat tax.

    Example:
        >>> Clinic(name="Example Clinic").tax_rounding
        <Rounding.FLOOR: 'floor'>
    """

    name: Text
    name_en: Text | None = None
    prices_include_tax: StrictBool = True
    tax_rounding: TaxRounding = Rounding.FLOOR
    registration_number: Annotated[str, StringConstraints(pattern=r"^T\d{13}$")] | None = None
    contact: Text | None = None
    estimate_valid_days: Annotated[StrictInt, Field(ge=1, le=365)] = 30


class TypicalCourse(_Record):
    """The usual course of a treatment, for the self-pay disclosures on a price page.

    Example:
        >>> TypicalCourse(sessions=6, months=6).sessions
        6
    """

    sessions: Count
    months: Months | None = None
    note: Text | None = None


class Treatment(_Record):
    """One treatment and its price for a single session.

    Example:
        >>> Treatment(id="nmn", name="NMN点滴", price=22000).tax
        <TaxCategory.STANDARD: 'standard'>
    """

    id: Id
    name: Text
    name_en: Text | None = None
    cell_source: CellSource | None = None
    origin: Origin | None = None
    route: Route | None = None
    tax: TaxCategory = TaxCategory.STANDARD
    price: Price
    note: Text | None = None
    contract_rules: ContractRules = ContractRules.NONE
    typical_course: TypicalCourse | None = None
    risks: Text | None = None
    risks_en: Text | None = None
    unapproved: StrictBool | None = None


class _OfferBase(_Record):
    id: Id
    treatment: Id
    name: Text | None = None
    name_en: Text | None = None
    note: Text | None = None
    contract_rules: ContractRules | None = None


class Bundle(_OfferBase):
    """A set of sessions paid up front (回数券, コース).

    Example:
        >>> Bundle(kind="bundle", id="sup-iv-5", treatment="sup-iv", sessions=5,
        ...        price=148500, valid_months=12).price.min
        148500
    """

    kind: Literal["bundle"]
    sessions: Count
    price: Price
    valid_months: Months | None = None


class Subscription(_OfferBase):
    """A monthly plan (月額プラン): an allowance of sessions each month for a fee.

    Unused sessions do not carry over; the plan runs at least ``min_months``.

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
    extra_session_price: Price | None = None
    early_termination_fee: Price | None = None


class Intro(_OfferBase):
    """A first-time price for new patients (初回限定): each of the first sessions at ``price``.

    Example:
        >>> Intro(kind="intro", id="first", treatment="sup-iv", price=9800).sessions
        1
    """

    kind: Literal["intro"]
    price: Price
    sessions: Count = 1


Offer: TypeAlias = Annotated[Bundle | Subscription | Intro, Field(discriminator="kind")]
"""Any offer, told apart by its ``kind``."""


class Combo(_Record):
    """Treatments given in the same visit, for less than their single prices added up.

    The saving applies per visit that includes all of them, however the
    sessions are paid for. Give either ``discount`` (off the sum of single
    prices) or ``price`` (for the whole group).

    Example:
        >>> Combo(id="c", treatments=("sup-iv", "nmn"), discount=5500).discount
        YenRange(min=5500, max=5500)
    """

    id: Id
    treatments: Annotated[tuple[Id, ...], Field(min_length=2, max_length=10)]
    discount: Price | None = None
    price: Price | None = None
    name: Text | None = None
    name_en: Text | None = None
    note: Text | None = None

    @model_validator(mode="after")
    def _one_of_discount_or_price(self) -> Combo:
        if (self.discount is None) == (self.price is None):
            raise ValueError("give exactly one of discount (off the sum) or price (for the group)")
        if len(set(self.treatments)) != len(self.treatments):
            raise ValueError("treatments lists a treatment twice; name each one once")
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


class Discount(_Record):
    """An amount or a percentage off, with the lines it applies to and its conditions.

    With ``treatments`` or ``offers`` the discount comes off each unit bought
    of those (each single session, each set, each month of a plan); with
    neither it comes off the whole bill once, before fees. A percentage is
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
    amount: Yen | None = None
    percent: (
        StrictInt | Annotated[str, StringConstraints(pattern=r"^\d{1,3}(\.\d{1,4})?$")] | None
    ) = None
    treatments: tuple[Id, ...] = ()
    offers: tuple[Id, ...] = ()
    new_patients_only: StrictBool = False
    valid_from: date | None = None
    valid_until: date | None = None
    min_sessions: Count | None = None
    min_amount: Yen | None = None
    stacks: StrictBool = False
    rounding: Rounding = Rounding.FLOOR
    note: Text | None = None

    @model_validator(mode="after")
    def _amount_or_percent(self) -> Discount:
        if (self.amount is None) == (self.percent is None):
            raise ValueError("give exactly one of amount (yen off) or percent (percentage off)")
        if self.amount is not None and self.amount <= 0:
            raise ValueError(f"amount must be above 0, got {self.amount}")
        if self.percent is not None and not 0 < exact_rate(str(self.percent)) <= 100:
            raise ValueError(f"percent must be above 0 and at most 100, got {self.percent}")
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValueError(
                f"valid_from {self.valid_from} is after valid_until {self.valid_until}; swap them"
            )
        return self

    @property
    def rate(self) -> Fraction | None:
        """The percentage as an exact proportion (``Fraction``), or ``None`` for an amount."""
        return None if self.percent is None else exact_rate(f"{self.percent}%")

    @property
    def applies_to_bill(self) -> bool:
        """Whether the discount comes off the whole bill rather than named lines."""
        return not self.treatments and not self.offers


class Catalog(_Record):
    """A clinic's whole price list, validated, with its references checked.

    Example:
        >>> catalog = reference_catalog()
        >>> catalog.treatments[0].id
        'sup-iv'
    """

    schema_version: Literal[1]
    clinic: Clinic
    treatments: Annotated[tuple[Treatment, ...], Field(min_length=1, max_length=500)]
    offers: Annotated[tuple[Offer, ...], Field(max_length=2000)] = ()
    combos: Annotated[tuple[Combo, ...], Field(max_length=200)] = ()
    fees: Annotated[tuple[Fee, ...], Field(max_length=200)] = ()
    discounts: Annotated[tuple[Discount, ...], Field(max_length=200)] = ()

    @model_validator(mode="after")
    def _references(self) -> Catalog:
        problems = list(_reference_problems(self))
        if problems:
            raise CatalogError(problems)
        return self

    def treatment(self, treatment_id: str) -> Treatment:
        """The treatment with this id.

        Example:
            >>> reference_catalog().treatment("sup-iv").route
            <Route.IV_DRIP: 'iv_drip'>

        Raises:
            UnknownIdError: No treatment has that id.
        """
        for treatment in self.treatments:
            if treatment.id == treatment_id:
                return treatment
        raise UnknownIdError("treatment", treatment_id, [t.id for t in self.treatments])

    def offer(self, offer_id: str) -> Bundle | Subscription | Intro:
        """The offer with this id.

        Example:
            >>> reference_catalog().offer("sup-iv-set").kind
            'bundle'

        Raises:
            UnknownIdError: No offer has that id.
        """
        for offer in self.offers:
            if offer.id == offer_id:
                return offer
        raise UnknownIdError("offer", offer_id, [o.id for o in self.offers])

    def offers_for(self, treatment_id: str) -> tuple[Bundle | Subscription | Intro, ...]:
        """The offers that sell sessions of one treatment, in catalog order.

        Example:
            >>> [o.kind for o in reference_catalog().offers_for("sup-iv")]
            ['bundle', 'subscription']
        """
        return tuple(offer for offer in self.offers if offer.treatment == treatment_id)


def _reference_problems(catalog: Catalog) -> Iterator[CatalogProblem]:
    """Every duplicate id and dangling reference, located by field path."""
    seen: dict[str, str] = {}
    groups: Sequence[tuple[str, Sequence[Any]]] = (
        ("treatments", catalog.treatments),
        ("offers", catalog.offers),
        ("combos", catalog.combos),
        ("fees", catalog.fees),
        ("discounts", catalog.discounts),
    )
    for group, records in groups:
        for index, record in enumerate(records):
            path = f"{group}[{index}].id"
            if record.id in seen:
                yield CatalogProblem(
                    path,
                    f"duplicate id {record.id!r}, already used at {seen[record.id]}; "
                    "give every treatment, offer, combo, fee and discount its own id",
                )
            else:
                seen[record.id] = path
    treatments = {t.id: t for t in catalog.treatments}
    known = list(treatments)

    def unknown(path: str, value: str) -> CatalogProblem:
        return CatalogProblem(path, str(UnknownIdError("treatment", value, known)))

    for index, offer in enumerate(catalog.offers):
        if offer.treatment not in treatments:
            yield unknown(f"offers[{index}].treatment", offer.treatment)
    for index, combo in enumerate(catalog.combos):
        for position, treatment_id in enumerate(combo.treatments):
            if treatment_id not in treatments:
                yield unknown(f"combos[{index}].treatments[{position}]", treatment_id)
        categories = {treatments[t].tax for t in combo.treatments if t in treatments}
        if len(categories) > 1:
            yield CatalogProblem(
                f"combos[{index}].treatments",
                "the treatments of a combo have different tax categories "
                f"({', '.join(sorted(categories))}); a combo's saving needs one tax rate, "
                "so combine only treatments taxed alike",
            )
    offer_ids = [o.id for o in catalog.offers]
    for index, discount in enumerate(catalog.discounts):
        for position, treatment_id in enumerate(discount.treatments):
            if treatment_id not in treatments:
                yield unknown(f"discounts[{index}].treatments[{position}]", treatment_id)
        for position, offer_id in enumerate(discount.offers):
            if offer_id not in offer_ids:
                yield CatalogProblem(
                    f"discounts[{index}].offers[{position}]",
                    str(UnknownIdError("offer", offer_id, offer_ids)),
                )


# ---------------------------------------------------------------------------
# Loading


CatalogFormat: TypeAlias = Literal["toml", "json"]
Locator: TypeAlias = Callable[[str], int | None]
"""Finds the 1-based line of a field path such as ``offers[2].sessions`` in a file."""


def load_catalog(path: str | Path) -> Catalog:
    """Read and validate a catalog file; the format follows the suffix (``.toml`` or ``.json``).

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
    file = Path(path)
    source = str(file)
    suffix = file.suffix.lower()
    if suffix not in (".toml", ".json"):
        raise CatalogError(
            [CatalogProblem("", "name the file .toml or .json so its format is known", source)]
        )
    try:
        size = file.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError([_too_large(size, source)])
        raw = file.read_bytes()
    except OSError as error:
        raise CatalogError(
            [CatalogProblem("", f"cannot read the file: {error.strerror or error}", source)]
        ) from None
    return parse_catalog(raw, format="toml" if suffix == ".toml" else "json", source=source)


def _too_large(size: int, source: str | None) -> CatalogProblem:
    return CatalogProblem(
        "",
        f"the file is {size:,} bytes, over the limit of {MAX_CATALOG_BYTES:,}; "
        "a price list needs far less, so check that this is the right file",
        source,
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
          1: clinic: field required; add it
          1: treatments: field required; add it

    Args:
        text: The file's contents (bytes are decoded as UTF-8).
        format: ``"toml"`` or ``"json"``.
        source: The file name, for error messages.

    Returns:
        The validated catalog.

    Raises:
        CatalogError: The text is too large, not UTF-8, not valid TOML or JSON,
            or does not validate; every problem is listed with its line.
    """
    size = len(text.encode("utf-8") if isinstance(text, str) else text)
    if size > MAX_CATALOG_BYTES:
        raise CatalogError([_too_large(size, source)])
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CatalogError(
                [
                    CatalogProblem(
                        "", f"the file is not UTF-8 ({error.reason}); save it as UTF-8", source
                    )
                ]
            ) from None
    try:
        data: object = tomllib.loads(text) if format == "toml" else json.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise CatalogError([_toml_syntax_problem(error, source)]) from None
    except json.JSONDecodeError as error:
        raise CatalogError(
            [CatalogProblem("", f"not valid JSON: {error.msg}", source, error.lineno)]
        ) from None
    locate = _toml_locator(text) if format == "toml" else _json_locator(text)
    return validate_catalog(data, source=source, locate=locate)


def _toml_syntax_problem(error: tomllib.TOMLDecodeError, source: str | None) -> CatalogProblem:
    message = str(error)
    match = re.search(r"\(at line (\d+), column \d+\)", message)
    line = int(match.group(1)) if match else None
    reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", message)
    return CatalogProblem("", f"not valid TOML: {reason}", source, line)


def validate_catalog(
    data: object,
    *,
    source: str | None = None,
    locate: Locator | None = None,
) -> Catalog:
    """Validate already-parsed catalog data (a dict as read from TOML or JSON).

    Example:
        >>> validate_catalog({"schema_version": 1, "clinic": {"name": "A"},
        ...     "treatments": [{"id": "x", "name": "X", "price": 1.5}]})
        Traceback (most recent call last):
        ...
        supecost.errors.CatalogError: 1 problem in the catalog:
          treatments[0].price: price must be a whole number of yen (int), got 1.5 ...

    Args:
        data: The parsed data.
        source: The file name, for error messages.
        locate: Finds the line of a field path in the source text, where known.

    Returns:
        The validated catalog.

    Raises:
        CatalogError: Every problem found, with field paths.
    """
    try:
        return Catalog.model_validate(data)
    except ValidationError as error:
        problems = list(_problems_from(error, data, source, locate))
    except CatalogError as error:
        problems = [_relocate(p, source, locate) for p in error.problems]
    raise CatalogError(problems) from None


def _relocate(
    problem: CatalogProblem, source: str | None, locate: Locator | None
) -> CatalogProblem:
    line = problem.line if problem.line is not None else (locate(problem.path) if locate else None)
    return CatalogProblem(problem.path, problem.message, problem.source or source, line)


_MESSAGE_FIXES: Final[Mapping[str, str]] = {
    "missing": "field required; add it",
    "string_type": "must be text in quotes",
    "int_type": "must be a whole number",
    "bool_type": "must be true or false",
    "tuple_type": "must be a list",
    "dict_type": "must be a table (an object)",
    "model_type": "must be a table (an object)",
    "date_from_datetime_parse": "must be a date such as 2026-04-01",
    "date_type": "must be a date such as 2026-04-01",
    "date_parsing": "must be a date such as 2026-04-01",
    "too_short": "needs at least one entry; add one",
    "too_long": "has too many entries for one catalog; split it or remove some",
    "greater_than_equal": "is too small",
    "less_than_equal": "is too large",
}


def _problems_from(
    error: ValidationError, data: object, source: str | None, locate: Locator | None
) -> Iterator[CatalogProblem]:
    items = error.errors(include_url=False)
    failed = {tuple(item["loc"]) for item in items}
    for item in items:
        loc = tuple(item["loc"])
        if item["type"] == "too_short" and any(
            other[: len(loc)] == loc and other != loc for other in failed
        ):
            # pydantic drops the items that failed and then counts too few; only the items matter.
            continue
        ctx = item.get("ctx") or {}
        nested = ctx.get("error")
        if isinstance(nested, CatalogError):
            for problem in nested.problems:
                yield _relocate(problem, source, locate)
            continue
        path = _path(item["loc"])
        yield _relocate(CatalogProblem(path, _message(item, data)), source, locate)


def _path(loc: Sequence[int | str]) -> str:
    """Turn pydantic's location into ``offers[2].sessions``, dropping union tags."""
    parts: list[str] = []
    previous: int | str | None = None
    for element in loc:
        if isinstance(element, int):
            parts.append(f"[{element}]")
        elif isinstance(previous, int) and element in _OFFER_KINDS and _is_offer_path(parts):
            # A discriminated union adds the kind to the location; the file has no such level.
            pass
        elif not element.startswith(("function-", "lax-", "json-")):
            parts.append(f".{element}" if parts else element)
        previous = element
    return "".join(parts)


_OFFER_KINDS: Final = frozenset({"bundle", "subscription", "intro"})


def _is_offer_path(parts: list[str]) -> bool:
    return len(parts) >= 2 and parts[-2] == "offers"


def _message(item: Any, data: object) -> str:
    kind = item["type"]
    loc = item["loc"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _allowed_fields(loc[:-1], data)
        close = get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "remove it"
        return f"unknown field {name!r}; {hint}"
    if kind == "union_tag_invalid":
        return f"unknown kind {item['ctx'].get('tag')}; use one of bundle, subscription or intro"
    if kind == "union_tag_not_found":
        return "an offer needs a kind: bundle, subscription or intro"
    if kind == "string_pattern_mismatch":
        if str(loc[-1]) == "registration_number":
            return "must be T followed by 13 digits, such as T1234567890123"
        if str(loc[-1]) == "percent":
            return 'must be a number such as 10 or "12.5"'
        return "must be lowercase letters, digits and '-', such as 'sup-iv-5'"
    if kind == "literal_error" and str(loc[-1]) == "schema_version":
        return f"this release reads schema_version 1; got {item.get('input')!r}"
    if kind in _MESSAGE_FIXES:
        return (
            f"{_MESSAGE_FIXES[kind]} (got {item.get('input')!r})"
            if kind != "missing"
            else _MESSAGE_FIXES[kind]
        )
    message = str(item["msg"])
    return message.removeprefix("Value error, ")


def _allowed_fields(loc: Sequence[int | str], data: object) -> list[str]:
    """The field names allowed at a location, found by walking the models."""
    model: type[BaseModel] = Catalog
    for element in loc:
        if isinstance(element, int):
            continue
        if model is Catalog and element == "offers":
            continue
        if element in _OFFER_KINDS and model is Catalog:
            model = {"bundle": Bundle, "subscription": Subscription, "intro": Intro}[element]
            continue
        nested = _NESTED.get((model, element))
        if nested is None:
            break
        model = nested
    return list(model.model_fields)


_NESTED: Final[Mapping[tuple[type[BaseModel], str], type[BaseModel]]] = {
    (Catalog, "clinic"): Clinic,
    (Catalog, "treatments"): Treatment,
    (Catalog, "combos"): Combo,
    (Catalog, "fees"): Fee,
    (Catalog, "discounts"): Discount,
    (Treatment, "typical_course"): TypicalCourse,
}


_LAST_STEP: Final = re.compile(r"(?:^|\.)[^.\[]+$|\[\d+\]$")


def _locator(positions: Mapping[str, int]) -> Locator:
    """Answer the line of a path, or of its nearest located parent."""

    def locate(path: str) -> int | None:
        candidate = path
        while candidate:
            if candidate in positions:
                return positions[candidate]
            candidate = _LAST_STEP.sub("", candidate, count=1)
        return positions.get("")

    return locate


def _toml_locator(text: str) -> Locator:
    """Find the line of a field path in TOML text, by reading its tables and keys.

    tomllib gives no positions, so this follows ``[table]`` and
    ``[[array]]`` headers and ``key =`` lines; it covers the layout catalog
    files use and answers ``None`` where it cannot tell.
    """
    lines = text.splitlines()
    header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\-]+)\s*\]\]?")
    key = re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=")
    positions: dict[str, int] = {}
    counts: dict[str, int] = {}
    table = ""
    for number, line in enumerate(lines, start=1):
        found = header.match(line)
        if found:
            name = found.group(2)
            if found.group(1) == "[[":
                index = counts.get(name, -1) + 1
                counts[name] = index
                table = f"{name}[{index}]"
            else:
                table = name
            positions.setdefault(table, number)
            continue
        found = key.match(line)
        if found:
            path = f"{table}.{found.group(1)}" if table else found.group(1)
            positions.setdefault(path, number)

    return _locator(positions)


def _json_locator(text: str) -> Locator:
    """Find the line of a field path in JSON text by scanning it once."""
    positions: dict[str, int] = {}
    decoder = json.JSONDecoder()
    index = 0
    length = len(text)

    def skip(at: int) -> int:
        while at < length and text[at] in " \t\r\n":
            at += 1
        return at

    def line_of(at: int) -> int:
        return text.count("\n", 0, at) + 1

    def value(at: int, path: str) -> int:
        at = skip(at)
        positions.setdefault(path, line_of(at))
        if at < length and text[at] == "{":
            at = skip(at + 1)
            if at < length and text[at] == "}":
                return at + 1
            while at < length:
                at = skip(at)
                name, at = decoder.raw_decode(text, at)
                at = skip(at)
                at = skip(at + 1)  # the colon
                child = f"{path}.{name}" if path else str(name)
                positions.setdefault(child, line_of(at))
                at = skip(value(at, child))
                if at < length and text[at] == ",":
                    at += 1
                    continue
                return at + 1
        if at < length and text[at] == "[":
            at = skip(at + 1)
            if at < length and text[at] == "]":
                return at + 1
            item = 0
            while at < length:
                at = skip(value(at, f"{path}[{item}]"))
                item += 1
                if at < length and text[at] == ",":
                    at += 1
                    continue
                return at + 1
        _, end = decoder.raw_decode(text, at)
        return int(end)

    try:
        value(index, "")
    except (ValueError, IndexError):  # pragma: no cover - text already parsed by json.loads
        pass

    return _locator(positions)


@functools.cache
def reference_catalog() -> Catalog:
    """The built-in reference catalog: the source document's figures for culture supernatant.

    Used when no catalog is given. Its notes quote the document and mark every
    figure the document does not give as illustrative.

    Example:
        >>> reference_catalog().treatment("sup-iv").price
        YenRange(min=10000, max=90000)
    """
    text = resources.files("supecost").joinpath("data", "reference.toml").read_bytes()
    return parse_catalog(text, format="toml", source="supecost/data/reference.toml")


def catalog_json_schema() -> dict[str, Any]:
    """The JSON Schema of catalog files (schema version 1), for editors and validators.

    Example:
        >>> catalog_json_schema()["title"]
        'Catalog'
    """
    return Catalog.model_json_schema(mode="validation")
