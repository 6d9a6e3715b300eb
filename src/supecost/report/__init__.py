"""Reports: price lists (料金表), estimates (見積書) and plan comparisons, in four formats.

Build a report's data from a catalog or a quote, then render it as Markdown,
CSV, HTML (with an SVG chart and A4 print styles) or JSON, in Japanese or
English; :func:`write_report` writes it atomically, PDF included when headless
Chromium is installed. Reports never price anything themselves: they render
what the catalog and the engine say (the few display figures a catalog does not
hold come from :mod:`supecost.report.figures`).

>>> from datetime import date
>>> from supecost.catalog import reference_catalog
>>> prices = price_list(reference_catalog(), on=date(2026, 4, 1))
>>> "自由診療（保険適用外）" in render(prices, "md")
True
"""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from supecost.report.browser import find_browser, print_pdf, screenshot
    from supecost.report.errors import (
        INSTALL_BROWSER,
        BrowserError,
        BrowserMissingError,
        ReportError,
    )
    from supecost.report.model import (
        Comparison,
        Estimate,
        PriceList,
        Report,
        comparison,
        estimate,
        price_list,
    )
    from supecost.report.output import (
        FORMATS,
        OUTPUT_FORMATS,
        Format,
        OutputFormat,
        render,
        render_pdf,
        write_atomic,
        write_report,
    )

# The names load on first use, so a module of this package (the escaping rules,
# the words) can be imported without the report models, the engine and the browser.
_LAZY: dict[str, str] = {
    "find_browser": "browser",
    "print_pdf": "browser",
    "screenshot": "browser",
    "INSTALL_BROWSER": "errors",
    "BrowserError": "errors",
    "BrowserMissingError": "errors",
    "ReportError": "errors",
    "Comparison": "model",
    "Estimate": "model",
    "PriceList": "model",
    "Report": "model",
    "comparison": "model",
    "estimate": "model",
    "price_list": "model",
    "FORMATS": "output",
    "OUTPUT_FORMATS": "output",
    "Format": "output",
    "OutputFormat": "output",
    "render": "output",
    "render_pdf": "output",
    "write_atomic": "output",
    "write_report": "output",
}


def __getattr__(name: str) -> object:
    """Load a public name from its module on first use, then keep it here."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'supecost.report' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"supecost.report.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "FORMATS",
    "INSTALL_BROWSER",
    "OUTPUT_FORMATS",
    "BrowserError",
    "BrowserMissingError",
    "Comparison",
    "Estimate",
    "Format",
    "OutputFormat",
    "PriceList",
    "Report",
    "ReportError",
    "comparison",
    "estimate",
    "find_browser",
    "price_list",
    "print_pdf",
    "render",
    "render_pdf",
    "screenshot",
    "write_atomic",
    "write_report",
]
