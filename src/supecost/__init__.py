"""supecost: typed cost estimates for self-pay clinic treatments in Japan.

Load a clinic's price list, ask for a course, and get every way to buy it,
cheapest first, with consumption tax computed once per rate:

>>> from datetime import date
>>> import supecost
>>> catalog = supecost.reference_catalog()
>>> result = supecost.quote(catalog, supecost.QuoteRequest(sessions=5, on=date(2026, 4, 1)))
>>> result.best.label, supecost.format_range(result.best.total)
('singles', '53,300円〜453,300円')

Everything listed in ``__all__`` is the public API; submodules hold the
same names, grouped by responsibility (money, tax, catalog, quotes, engine,
l10n). ``supecost.strategies`` (hypothesis strategies) is public too but is
never imported here, so importing supecost does not import hypothesis.
"""

from typing import TYPE_CHECKING

# Money and errors are small and pydantic-free: imported at once. Everything else
# (pydantic models, the engine, babel) loads on first use of one of its names, so
# `import supecost` costs little until a catalog or a quote is needed.
from supecost.errors import (
    ArgumentTypeError,
    CatalogError,
    CatalogProblem,
    ContractError,
    FrozenRecordError,
    LocaleError,
    MoneyError,
    RequestError,
    SupecostError,
    TaxError,
    UnknownIdError,
    YenRangeError,
    YenTypeError,
    YenValueError,
)
from supecost.money import (
    MAX_YEN,
    Certainty,
    Rounding,
    Scenario,
    Yen,
    YenRange,
    exact_rate,
    round_fraction,
    round_ratio,
    scale,
    sum_ranges,
    yen,
)

__version__ = "0.1.0"

if TYPE_CHECKING:
    from supecost.catalog import (
        Bundle,
        Catalog,
        CellSource,
        Charged,
        Clinic,
        Combo,
        ContractRules,
        Discount,
        Dose,
        Fee,
        FeeGroup,
        Intro,
        IntroFor,
        Ladder,
        LadderStep,
        LintSettings,
        LintWaiver,
        Origin,
        Package,
        PackageItem,
        Route,
        Subscription,
        Treatment,
        TypicalCourse,
        catalog_json_schema,
        load_catalog,
        parse_catalog,
        reference_catalog,
        validate_catalog,
    )
    from supecost.engine import Ways, best_total, quote, quote_many
    from supecost.l10n import (
        YenStyle,
        format_date,
        format_man,
        format_man_range,
        format_range,
        format_yen,
        format_yen_fraction,
        parse_yen,
    )
    from supecost.quotes import (
        BreakEven,
        Explanation,
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
        WayKind,
        WithEntry,
    )
    from supecost.tax import (
        RateTotal,
        RateTotalRange,
        TaxBreakdown,
        TaxBreakdownRange,
        TaxCategory,
        effective_category,
        invoice_tax,
        invoice_tax_range,
        tax_rate,
    )

_LAZY: dict[str, str] = {
    "best_total": "supecost.engine",
    "quote": "supecost.engine",
    "quote_many": "supecost.engine",
    "BreakEven": "supecost.quotes",
    "Bundle": "supecost.catalog",
    "Catalog": "supecost.catalog",
    "CellSource": "supecost.catalog",
    "Charged": "supecost.catalog",
    "Clinic": "supecost.catalog",
    "Combo": "supecost.catalog",
    "ContractRules": "supecost.catalog",
    "Discount": "supecost.catalog",
    "Dose": "supecost.catalog",
    "Explanation": "supecost.quotes",
    "TypicalPoint": "supecost.quotes",
    "Fee": "supecost.catalog",
    "FeeGroup": "supecost.catalog",
    "Intro": "supecost.catalog",
    "IntroFor": "supecost.catalog",
    "Ladder": "supecost.catalog",
    "LadderStep": "supecost.catalog",
    "LintSettings": "supecost.catalog",
    "LintWaiver": "supecost.catalog",
    "Package": "supecost.catalog",
    "PackageItem": "supecost.catalog",
    "Line": "supecost.quotes",
    "LineKind": "supecost.quotes",
    "Option": "supecost.quotes",
    "Origin": "supecost.catalog",
    "Payment": "supecost.quotes",
    "PointValues": "supecost.quotes",
    "Quote": "supecost.quotes",
    "QuoteRequest": "supecost.quotes",
    "RateTotal": "supecost.tax",
    "RateTotalRange": "supecost.tax",
    "Route": "supecost.catalog",
    "SessionPoint": "supecost.quotes",
    "SessionRange": "supecost.quotes",
    "Subscription": "supecost.catalog",
    "TaxBreakdown": "supecost.tax",
    "TaxBreakdownRange": "supecost.tax",
    "TaxCategory": "supecost.tax",
    "TaxLine": "supecost.quotes",
    "Treatment": "supecost.catalog",
    "TypicalCourse": "supecost.catalog",
    "Unserved": "supecost.quotes",
    "UnservedReason": "supecost.quotes",
    "Unused": "supecost.quotes",
    "Way": "supecost.quotes",
    "WayKind": "supecost.quotes",
    "Ways": "supecost.engine",
    "WithEntry": "supecost.quotes",
    "YenStyle": "supecost.l10n",
    "catalog_json_schema": "supecost.catalog",
    "effective_category": "supecost.tax",
    "format_date": "supecost.l10n",
    "format_man": "supecost.l10n",
    "format_man_range": "supecost.l10n",
    "format_range": "supecost.l10n",
    "format_yen": "supecost.l10n",
    "format_yen_fraction": "supecost.l10n",
    "invoice_tax": "supecost.tax",
    "invoice_tax_range": "supecost.tax",
    "load_catalog": "supecost.catalog",
    "parse_catalog": "supecost.catalog",
    "parse_yen": "supecost.l10n",
    "reference_catalog": "supecost.catalog",
    "tax_rate": "supecost.tax",
    "validate_catalog": "supecost.catalog",
}
"""Where each lazily loaded public name lives."""


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use, then keep it here."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'supecost' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


del TYPE_CHECKING

__all__ = [
    "MAX_YEN",
    "ArgumentTypeError",
    "BreakEven",
    "Bundle",
    "Catalog",
    "CatalogError",
    "CatalogProblem",
    "CellSource",
    "Certainty",
    "Charged",
    "Clinic",
    "Combo",
    "ContractError",
    "ContractRules",
    "Discount",
    "Dose",
    "Explanation",
    "Fee",
    "FeeGroup",
    "FrozenRecordError",
    "Intro",
    "IntroFor",
    "Ladder",
    "LadderStep",
    "Line",
    "LineKind",
    "LintSettings",
    "LintWaiver",
    "LocaleError",
    "MoneyError",
    "Option",
    "Origin",
    "Package",
    "PackageItem",
    "Payment",
    "PointValues",
    "Quote",
    "QuoteRequest",
    "RateTotal",
    "RateTotalRange",
    "RequestError",
    "Rounding",
    "Route",
    "Scenario",
    "SessionPoint",
    "SessionRange",
    "Subscription",
    "SupecostError",
    "TaxBreakdown",
    "TaxBreakdownRange",
    "TaxCategory",
    "TaxError",
    "TaxLine",
    "Treatment",
    "TypicalCourse",
    "TypicalPoint",
    "UnknownIdError",
    "Unserved",
    "UnservedReason",
    "Unused",
    "Way",
    "WayKind",
    "Ways",
    "WithEntry",
    "Yen",
    "YenRange",
    "YenRangeError",
    "YenStyle",
    "YenTypeError",
    "YenValueError",
    "__version__",
    "best_total",
    "catalog_json_schema",
    "effective_category",
    "exact_rate",
    "format_date",
    "format_man",
    "format_man_range",
    "format_range",
    "format_yen",
    "format_yen_fraction",
    "invoice_tax",
    "invoice_tax_range",
    "load_catalog",
    "parse_catalog",
    "parse_yen",
    "quote",
    "quote_many",
    "reference_catalog",
    "round_fraction",
    "round_ratio",
    "scale",
    "sum_ranges",
    "tax_rate",
    "validate_catalog",
    "yen",
]
