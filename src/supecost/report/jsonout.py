"""JSON output: the report's data with amounts as numbers and catalog text in one language.

Every amount is ``{"min": ..., "typical": ..., "max": ...}`` in whole yen
(``null`` for an open high end or an unknown typical value); dates are ISO
8601; keys keep the order of the report's fields, so the same report gives the
same text.

>>> import json
>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> from supecost.report.model import price_list
>>> data = json.loads(render_json(price_list(reference_catalog(), on=date(2026, 4, 1))))
>>> data["report"], data["treatments"][1]["single"]["included"]
('price_list', {'min': 22000, 'typical': 22000, 'max': 22000})
"""

from __future__ import annotations

import dataclasses
import enum
import json
from datetime import date
from types import UnionType
from typing import Any, Final, Literal, Union, get_args, get_origin, get_type_hints

from pydantic import BaseModel

from supecost.money import YenRange
from supecost.report.lines import OMIT_DEFAULT
from supecost.report.model import (
    Comparison,
    Estimate,
    Localized,
    PriceList,
    Report,
)
from supecost.report.words import Words

__all__ = ["render_json", "to_data"]

_KINDS = {PriceList: "price_list", Estimate: "estimate", Comparison: "comparison"}


def to_data(value: object, words: Words) -> Any:
    """Turn report records into JSON-ready values, catalog text in the words' language.

    Example:
        >>> to_data(YenRange.at_least(100_000), Words("ja_JP"))
        {'min': 100000, 'typical': None, 'max': None}
        >>> to_data((Localized("点鼻", "Nasal spray"), date(2026, 4, 1)), Words("en_US"))
        ['Nasal spray', '2026-04-01']

    Args:
        value: A report, one of its records, or any value in one.
        words: The locale whose language catalog text is given in.

    Returns:
        Dictionaries, lists, strings, numbers, booleans and ``None``:
        amounts as ``{"min", "typical", "max"}``, dates ISO 8601, enums as
        their values. A field for schema 2 (doses, member prices, sales
        windows...) is left out while it holds its default.
    """
    if isinstance(value, YenRange):
        return {"min": value.min, "typical": value.known_typical, "max": value.max}
    if isinstance(value, Localized):
        return words.text(value)
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        # A field schema 2 added is left out while unused, so older reports keep their shape.
        return {
            field.name.rstrip("_"): to_data(getattr(value, field.name), words)
            for field in dataclasses.fields(value)
            if not (
                field.metadata.get(OMIT_DEFAULT) and getattr(value, field.name) == field.default
            )
        }
    if isinstance(value, tuple | list):
        return [to_data(item, words) for item in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    return value


def render_json(report: Report, locale: str | None = None) -> str:
    """Render a report as JSON text (UTF-8, not ASCII-escaped, indented).

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> from supecost.report.model import price_list
        >>> text = render_json(price_list(reference_catalog(), on=date(2026, 4, 1)), "en_US")
        >>> data = json.loads(text)
        >>> data["report"], data["locale"], data["treatments"][0]["name"]
        ('price_list', 'en_US', 'Stem-cell culture supernatant IV drip')

    Args:
        report: The report.
        locale: The language of catalog text and labels; the report's own when ``None``.

    Returns:
        The JSON text, ending with a newline.
    """
    words = Words(locale or report.locale)
    data = {"report": _KINDS[type(report)], **to_data(report, words)}
    data["locale"] = words.locale
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


_REF: Final = "#/components/schemas/{model}"
"""Where the definitions of :func:`_json_schemas` are referred to: an OpenAPI document's."""


def _json_schemas(*kinds: type[Report]) -> tuple[dict[str, Any], ...]:
    """JSON Schemas of the reports' JSON output, read from the same fields :func:`to_data` writes.

    Internal: the HTTP service documents its JSON price list and estimate with them. The
    first schema is the definitions, by name (every record of the report, and the pydantic
    models in it), each referred to as ``#/components/schemas/<name>``; then one schema
    per kind: its ``report`` name, its fields, and its ``locale``.

    Example:
        >>> from supecost.report.model import PriceList
        >>> definitions, price_list = _json_schemas(PriceList)
        >>> price_list["properties"]["report"], definitions["YenAmount"]["required"]
        ({'const': 'price_list'}, ['min', 'typical', 'max'])
    """
    definitions: dict[str, Any] = {
        "YenAmount": {
            "type": "object",
            "description": "An amount in whole yen: `max` null when open-ended, `typical` "
            "null when no standard cost is known.",
            "properties": {
                "min": {"type": "integer"},
                "typical": {"type": ["integer", "null"]},
                "max": {"type": ["integer", "null"]},
            },
            "required": ["min", "typical", "max"],
            "additionalProperties": False,
        }
    }
    schemas = []
    for kind in kinds:
        schema = _record_schema(kind, definitions)
        schema["properties"] = {
            "report": {"const": _KINDS[kind]},
            **schema["properties"],
            "locale": {"type": "string"},
        }
        schema["required"] = list(dict.fromkeys(["report", *schema["required"], "locale"]))
        schemas.append(schema)
    return (definitions, *schemas)


def _record_schema(record: type[Any], definitions: dict[str, Any]) -> dict[str, Any]:
    """A dataclass's JSON object as :func:`to_data` writes it: a field for schema 2 optional."""
    hints = get_type_hints(record)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in dataclasses.fields(record):
        name = field.name.rstrip("_")
        properties[name] = _type_schema(hints[field.name], definitions)
        if not field.metadata.get(OMIT_DEFAULT):
            required.append(name)
    # A dataclass always has a docstring: its own, or its signature if it has none.
    return {
        "type": "object",
        "description": str(record.__doc__).strip().split("\n\n")[0],
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


def _type_schema(hint: Any, definitions: dict[str, Any]) -> dict[str, Any]:
    """One value's schema, as :func:`to_data` turns a value of type ``hint`` into JSON."""
    origin = get_origin(hint)
    if origin in (Union, UnionType):
        return {"anyOf": [_type_schema(arg, definitions) for arg in get_args(hint)]}
    if origin is Literal:
        return {"enum": list(get_args(hint))}
    if origin in (tuple, list):
        args = get_args(hint)
        if (len(args) == 2 and args[1] is Ellipsis) or origin is list:
            return {"type": "array", "items": _type_schema(args[0], definitions)}
        return {
            "type": "array",
            "prefixItems": [_type_schema(arg, definitions) for arg in args],
            "minItems": len(args),
            "maxItems": len(args),
        }
    # In to_data's order: a subclass is written as its base is.
    if isinstance(hint, type) and issubclass(hint, YenRange):
        return {"$ref": _REF.format(model="YenAmount")}
    if hint is str or (isinstance(hint, type) and issubclass(hint, Localized)):
        return {"type": "string"}
    if hint is type(None):
        return {"type": "null"}
    if hint is bool:
        return {"type": "boolean"}
    if hint is int:
        return {"type": "integer"}
    if hint is date:
        return {"type": "string", "format": "date"}
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return {"enum": [member.value for member in hint]}
    if isinstance(hint, type) and issubclass(hint, BaseModel):
        schema = hint.model_json_schema(mode="serialization", ref_template=_REF)
        definitions.update(schema.pop("$defs", {}))
        definitions.setdefault(hint.__name__, schema)
        return {"$ref": _REF.format(model=hint.__name__)}
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        name = hint.__name__
        if name not in definitions:
            definitions[name] = {}  # a record met again while its fields are read
            definitions[name] = _record_schema(hint, definitions)
        return {"$ref": _REF.format(model=name)}
    raise TypeError(f"no JSON schema for a report field of type {hint!r}")  # pragma: no cover
