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
from typing import Any

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
