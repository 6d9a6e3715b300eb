"""supecost: typed cost estimates for self-pay clinic treatments in Japan.

>>> import supecost
>>> supecost.YenRange.exact(33_000) * 5
YenRange(min=165000, max=165000)
"""

from importlib.metadata import PackageNotFoundError, version

from supecost.errors import (
    CatalogError,
    CatalogProblem,
    ContractError,
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
    scale,
    sum_ranges,
    yen,
)

try:
    __version__ = version("supecost")
except PackageNotFoundError:  # pragma: no cover - only when run from a source tree
    __version__ = "0+unknown"

__all__ = [
    "MAX_YEN",
    "CatalogError",
    "CatalogProblem",
    "Certainty",
    "ContractError",
    "LocaleError",
    "MoneyError",
    "RequestError",
    "Rounding",
    "Scenario",
    "SupecostError",
    "TaxError",
    "UnknownIdError",
    "Yen",
    "YenRange",
    "YenRangeError",
    "YenTypeError",
    "YenValueError",
    "__version__",
    "exact_rate",
    "round_fraction",
    "scale",
    "sum_ranges",
    "yen",
]
