"""The HTTP API: FastAPI routes over the library's own records, errors as problem details.

Every route prices on the catalog snapshot taken when its request started
(see :class:`~supecost.service.catalogs.CatalogStore`). Errors are
``application/problem+json`` (RFC 9457) with supecost's message in ``detail``
and its fix in ``fix``.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import re
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Annotated, Any, Final, Literal, TypeAlias

from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    TypeAdapter,
    ValidationError,
    WithJsonSchema,
)
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from supecost import __version__, report
from supecost.catalog import Catalog, ContractRules, Day, FrozenMapping, Id, json_duplicate
from supecost.contracts import (
    MAX_APR_PERCENT,
    Assumptions,
    ClinicTerms,
    ContractReport,
    InstalmentReport,
    contract_for_offer,
    contract_report,
    instalment_report,
    instalments,
)
from supecost.engine import Ways, quote
from supecost.errors import (
    ContractError,
    LocaleError,
    RequestError,
    SupecostError,
    UnknownIdError,
    excerpt,
    field_name,
    reading_json,
    typed_excerpt,
)
from supecost.l10n import LOCALES
from supecost.quotes import (
    _MAX_SOLD_OUT,
    Quote,
    QuoteRequest,
    _BirthMonth,
    _Bought,
    _GoodsBought,
    _History,
    _Segment,
    problem_words,
    reworded_parts,
)
from supecost.report.errtext import (
    clause_text,
    error_join,
    error_words,
    field_words,
    service_words,
)
from supecost.report.jsonout import _json_schemas
from supecost.report.model import Estimate, PriceList
from supecost.service.catalogs import CatalogStore, CatalogUnavailableError
from supecost.service.catalogs import Snapshot as CatalogSnapshot
from supecost.service.simulator import (
    SimulatorResult,
    page_css,
    simulator_page,
    simulator_result,
)
from supecost.tax import today_in_japan

__all__ = [
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "RELOAD_SECONDS",
    "VERSION_HEADER",
    "BatchResult",
    "CatalogSummary",
    "ContractQuery",
    "FieldProblem",
    "Health",
    "InstalmentQuery",
    "Problem",
    "QuoteBatch",
    "QuoteBatchResults",
    "create_app",
]

MAX_BODY_BYTES: Final = 1_000_000
"""The largest request body accepted; a larger one is answered 413."""

MAX_BATCH: Final = 100
"""The most requests one ``POST /catalogs/{id}/quotes`` may carry."""

RELOAD_SECONDS: Final = 2.0
"""How often the server looks for changed catalog files."""

PROBLEM_JSON: Final = "application/problem+json"
log: Final = logging.getLogger("supecost.service")

_PUBLIC: Final = re.compile(r"^/(healthz$|simulator(/|$))")
_REPORT_TYPES: Final = {
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}


# ---------------------------------------------------------------------------
# Records of the API (the library's own records are used as they are).


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FieldProblem(_Record):
    """One invalid field of a request: where it is, and what is wrong with it."""

    field: str = Field(description="The field's path, such as `body.sessions` or `query.ways`.")
    message: str = Field(description="What is wrong, and how to fix it.")


class Problem(_Record):
    """An error, as RFC 9457 problem details, with supecost's message and its fix."""

    type: str = Field(default="about:blank", description="Always `about:blank`: see `title`.")
    title: str = Field(description="The HTTP status in words, such as `Not Found`.")
    status: int = Field(description="The HTTP status code.")
    code: str | None = Field(
        default=None,
        description=(
            "The error's stable name, such as `request.invalid`, `id.unknown` or "
            "`http.token_missing`, the same in every locale; absent only for a failure of "
            "the server itself (500)."
        ),
    )
    detail: str = Field(
        description="What is wrong with this request, in the request's `locale` (ja_JP by default)."
    )
    fix: str | None = Field(
        default=None, description="How to fix the request, when known, in the request's `locale`."
    )
    errors: tuple[FieldProblem, ...] = Field(
        default=(), description="For 422: each invalid field, with its path."
    )


class Health(_Record):
    """The server is up, how many catalogs it serves, and which catalog files do not load.

    ``degraded`` still answers 200: the server prices every catalog that loads, and a
    restart would not mend a broken file (it would refuse to start on it).
    """

    status: Literal["ok", "degraded"] = Field(
        default="ok",
        description="`degraded` when a catalog file does not load or shares its id (see `failed`).",
    )
    catalogs: int = Field(description="How many catalogs are served.")
    version: str = Field(description="The supecost version.")
    failed: tuple[str, ...] = Field(
        default=(),
        description=(
            "The ids of the catalogs whose file does not load now, or that two files share: "
            "one without an earlier good version is answered 503; the server's log names "
            "each problem."
        ),
    )


class CatalogSummary(_Record):
    """A served catalog: its id (the file name without suffix) and the clinic's names."""

    id: str
    clinic: str = Field(description="The clinic's name, as the catalog writes it.")
    clinic_en: str | None = Field(default=None, description="The clinic's English name, if any.")
    treatments: int = Field(description="How many treatments the catalog lists.")
    version: str = Field(
        description="The catalog's version, as the `Catalog-Version` header of every answer "
        "priced on it gives it: a digest of its content, changed by a reload that changes it."
    )


class QuoteBatch(_Record):
    """Several quote requests against one catalog, priced in order."""

    requests: list[Any] = Field(
        max_length=MAX_BATCH,
        description=(
            f"Up to {MAX_BATCH} `QuoteRequest` objects. Each is checked on its own: "
            "a bad one is reported at its index and the others are still priced."
        ),
        json_schema_extra={"items": {"$ref": "#/components/schemas/QuoteRequest"}},
    )


class BatchResult(_Record):
    """The result of one request of a batch: its quote, or the problem with it."""

    index: int = Field(description="The request's position in the batch, from 0.")
    quote: Quote | None = None
    error: Problem | None = None


class QuoteBatchResults(_Record):
    """The results of a batch, in the order of its requests."""

    results: tuple[BatchResult, ...]


class ContractQuery(_Record):
    """What `supecost contract` takes: an offer bought, when, and what was used."""

    catalog: str = Field(description="The catalog id.")
    offer: str = Field(description="The offer bought.")
    quantity: Annotated[StrictInt, Field(ge=1, le=1000)] = 1
    received: Day = Field(description="The day the contract document was received.")
    used: Annotated[StrictInt, Field(ge=0, le=100_000)] = 0
    cancel_on: Day | None = Field(default=None, description="Cancellation day; today if absent.")
    rules: ContractRules | None = Field(
        default=None, description="Override the catalog's `contract_rules` flag."
    )
    price: Annotated[StrictInt, Field(ge=0, le=999_999_999_999)] | None = Field(
        default=None,
        description="The agreed price of one set (a plan's month, a first-time session), "
        "taken as it is and read as the catalog writes its prices (before tax in a "
        "tax-excluded catalog) unless `price_includes_tax` says which; the report's "
        "`agreed` says how it was read. Without it, the catalog's "
        "price on `received`: the patient's segment price, less the campaigns and other "
        "discounts that come off the offer that day (the report's `discounts`).",
    )
    price_includes_tax: StrictBool | None = Field(
        default=None,
        description="Whether `price` includes consumption tax: `true` for the total on a "
        "signed contract (総額), `false` for a price before tax (税抜); `null` (the "
        "default) reads it as the catalog writes its prices. Only with `price`.",
    )
    goods: _GoodsBought = Field(
        default_factory=FrozenMapping,
        description="Related goods bought with it (goods id to units): they count towards "
        "the coverage threshold only.",
    )
    segment: _Segment = Field(
        default=None,
        description="The patient's segment (`member`), one the catalog's clinic declares, "
        "or a list of them for a patient in several: their prices make the default price, "
        "as in a quote (the lowest of them, and a discount for any of them).",
    )
    birth_month: _BirthMonth | None = Field(
        default=None,
        description="The patient's birth month, 1 to 12: a discount in their birth month "
        "(`birth_month_only`) comes off the default price when `received` falls in it.",
    )
    new_patient: StrictBool | None = Field(
        default=None,
        description="Whether the patient is new to the clinic on `received`, for discounts "
        "for new patients only and first-time prices; left out, a default price that it "
        "decides is refused (a 422 naming `new_patient`).",
    )
    sold_out: tuple[Id, ...] = Field(
        default=(),
        max_length=_MAX_SOLD_OUT,
        description="Offers and discounts for the first patients (`first_n`) whose places "
        "are gone, by id: not available, as in a quote.",
    )
    history: _History | None = Field(
        default=None,
        description="Sessions the patient already had at this clinic, by treatment or dose, "
        "as a quote's `history`: whether a price for the first time having a treatment "
        '(`for = "first_time"`) is for them; left out, a default price that it decides is '
        "refused (a 422 naming `history`), unless `new_patient` is true.",
    )
    bought: _Bought = Field(
        default_factory=FrozenMapping,
        description="Offers limited per patient (`per_patient`) the patient bought before, "
        "and monthly plans with a first-month price they enrolled in before, by id with how "
        "many, as a quote's `bought`: a contract for more than is left is refused (a 422), "
        "and a plan named pays its first month in full.",
    )
    threshold_includes_tax: StrictBool = Field(
        default=True,
        description="Whether consumption tax counts towards the statute's amount threshold "
        "(¥50,000 for cosmetic medicine). Unconfirmed, so a choice: `true` (the default, the "
        "wider coverage) or `false`; the reason `amount_tax_decides` says when it decided. "
        "The same as `assumptions.threshold_includes_tax`: give it in one place only.",
    )
    paid: Annotated[StrictInt, Field(ge=0, le=999_999_999_999)] | None = Field(
        default=None,
        description="What the patient has actually paid towards the contract, 0 to its "
        "amount (`total`): for a set on a medical loan, the instalments paid so far. Without "
        "it, a set is taken as paid in full and a monthly plan as its enrollment fee and the "
        "months begun. `refund_min` never exceeds it; `owed_max` is what may still be owed.",
    )
    started: StrictBool | None = Field(
        default=None,
        description="Whether treatment had started: `true` with no session used yet (the "
        "after-start limit applies), `false` refused with sessions used. Without it, "
        "`used > 0`.",
    )
    clinic_terms: ClinicTerms | None = Field(
        default=None,
        description="The clinic's own cancellation terms, which can only lower what it keeps "
        '(rates as text: `"10%"` or `"0.1"`).',
    )
    assumptions: Assumptions | None = Field(
        default=None,
        description="The choices for what the sources left unconfirmed (per-session "
        "rounding, sessions-only contracts, enrollment fees, expiry); each field left out "
        "keeps its default, the patient's favour.",
    )


def _rate_value(value: object) -> str | int | float:
    """A rate as JSON gives it, left for the library's one grammar (``_percent_rate``) to read.

    A float passes only to be refused there with the library's own fix: text, to be exact.
    """
    if isinstance(value, str | float) or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f'must be text such as "7.5" or a whole number, got {typed_excerpt(value)}')


_Rate: TypeAlias = Annotated[str | int | float, PlainValidator(_rate_value)]

_APR_TEXT: Final = r"^(?:20(?:\.0{1,4})?|1?[0-9](?:\.[0-9]{1,4})?)%?$"
"""The library's grammar of a rate (``_PERCENT``) within 0 to 20 %, as a JSON Schema pattern."""
_ADDON_TEXT: Final = r"^(?:100(?:\.0{1,4})?|[0-9]{1,2}(?:\.[0-9]{1,4})?)%?$"
"""The library's grammar of a rate (``_PERCENT``) within 0 to 100 %, as a JSON Schema pattern."""


def _rate_schema(text: str, most: int) -> WithJsonSchema:
    """A rate as the schema says it: text in the grammar, or a whole number; never a float
    (accepted only to be refused with the library's fix) and never null (leave it out)."""
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": text},
                {"type": "integer", "minimum": 0, "maximum": most},
            ]
        }
    )


class InstalmentQuery(_Record):
    """What `supecost instalments` takes: an amount, a count, and an APR or an add-on rate.

    Exactly one of `apr` and `addon_rate`; the APR, or the add-on rate's equivalent APR
    over `count` months, at most 20 % (出資法).
    """

    model_config = ConfigDict(
        json_schema_extra={"oneOf": [{"required": ["apr"]}, {"required": ["addon_rate"]}]}
    )

    amount: Annotated[StrictInt, Field(ge=1, le=999_999_999_999)] = Field(
        description="The amount financed, in yen. With its interest it must stay within "
        "999,999,999,999 yen (a 422 that says the total)."
    )
    count: Annotated[StrictInt, Field(ge=1, le=600)]
    # A JSON integer is exact and read as the library reads an int; a JSON float is let
    # through only to be refused by the library with its own fix (give text: exact).
    apr: Annotated[_Rate | None, _rate_schema(_APR_TEXT, MAX_APR_PERCENT)] = Field(
        default=None,
        description='Annual percentage rate in percent, 0 to 20, such as `"12.5"` (12.5 %): '
        "text in digits, at most 4 decimals, an optional `%`, no exponent; or a JSON integer "
        "(`12`). A JSON number with a point is refused: it is not exact.",
    )
    addon_rate: Annotated[_Rate | None, _rate_schema(_ADDON_TEXT, 100)] = Field(
        default=None,
        description='Add-on rate in percent for the whole term, such as `"7.5"` (7.5 %), '
        "0 to 100, written as `apr` is; refused where its equivalent APR over `count` "
        "months is above 20 % (a 422 that says the APR).",
    )
    round_unit: Literal[1, 10, 100] = 1
    remainder: Literal["first", "last"] = "first"


# ---------------------------------------------------------------------------
# Problems


_TITLES: Final = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def _problem(
    status: int,
    detail: str,
    fix: str | None = None,
    errors: tuple[FieldProblem, ...] = (),
    headers: Mapping[str, str] | None = None,
    code: str | None = None,
) -> JSONResponse:
    body = Problem(
        title=_TITLES.get(status, "Error"),
        status=status,
        code=code,
        detail=detail,
        fix=fix,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


def _locale_of(request: Request) -> str:
    """The locale a request's answer is worded in: its ``locale`` query parameter, or ja_JP.

    Explicit, never guessed from Accept-Language; a value that is no locale is refused
    by :func:`_known_query_only` (in Japanese, the default).
    """
    given = request.query_params.get("locale")
    return given if given in LOCALES else "ja_JP"


def _error_problem(error: SupecostError, locale: str) -> tuple[int, str, str | None]:
    status = 404 if isinstance(error, UnknownIdError) else 422
    message, hint = error_words(error, locale)
    return status, message, hint or None


def _error_fields(error: SupecostError, root: str, locale: str) -> tuple[FieldProblem, ...]:
    """Where a refused input is: each field the error names, under ``root``.

    An error that names no field (a request whose parts contradict each other) is the
    whole of ``root``'s, so every 422 points somewhere.
    """
    if isinstance(error, UnknownIdError):
        return ()
    named = field_words(error, locale) or (("", error_words(error, locale)[0]),)
    return tuple(
        FieldProblem(
            # A batch's request names its fields bare, as its validation problems do.
            field=".".join(filter(None, (root, _JSON_ARGUMENTS.get(path, path)))) or "body",
            message=message,
        )
        for path, message in named
    )


def _field_problems(errors: list[Any] | Any, locale: str) -> tuple[FieldProblem, ...]:
    """One problem per field: a union's later alternatives only repeat the first complaint.

    pydantic's own problems (a query's, or a body FastAPI read) are worded as the
    request records word theirs; a request's come worded already, in ``locale`` from
    the error they carry.
    """
    found: dict[str, str] = {}
    for item in errors:
        field = field_name(item.get("loc", ())) or "body"
        if "type" not in item:
            message = str(item.get("msg", "invalid"))
            error = item.get("error")
            if isinstance(error, SupecostError):
                message = field_words(error, locale)[item["index"]][1]
            elif locale in item.get("words", {}):
                message = item["words"][locale]
        else:
            if item["type"] == "json_invalid":  # located at a character, not a field
                field = "body"
            root, _, name = field.partition(".")
            # A body's field by its JSON name, as a request's; a query's with its place.
            where = name if root == "body" else field
            # A body is JSON (a query's values are text, never null).
            with reading_json():
                said = problem_words(item, where or root, whole=not name)
            message = clause_text(where or root, said.code, said.params, said.text, locale)
        found.setdefault(field, message)
    return tuple(FieldProblem(field=key, message=value) for key, value in found.items())


_ROOTS: Final = frozenset({"body", "query", "path", "header", "cookie"})
"""Where FastAPI locates a field; a request's own message names the field without it."""


def _validation_detail(problems: tuple[FieldProblem, ...], locale: str) -> str:
    """Each problem once: a message that already names its field is not prefixed again."""

    def one(problem: FieldProblem) -> str:
        root, _, rest = problem.field.partition(".")
        name = rest if root in _ROOTS else problem.field
        if (name and problem.message.startswith(name)) or problem.message.startswith(problem.field):
            return problem.message
        return f"{problem.field}: {problem.message}"

    return error_join(locale).join(one(p) for p in problems)


async def _on_validation(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError | ValidationError)
    locale = _locale_of(request)
    items = error.errors()
    problems = _field_problems(items, locale)
    fix = _validation_fix(items, locale)
    detail = _validation_detail(problems, locale)
    return _problem(422, detail, fix, problems, code=_INVALID_CODE)


_INVALID_CODE: Final = "request.invalid"
"""The code of every 422 whose fields did not validate (``errors`` names them)."""


async def _on_supecost(request: Request, error: Exception) -> Response:
    assert isinstance(error, SupecostError)
    # A GET's inputs are its query; a POST's are its body (its query only chooses the
    # answer's form, and is checked by FastAPI, which locates its own problems).
    root = "query" if request.method == "GET" else "body"
    locale = _locale_of(request)
    fields = _error_fields(error, root, locale)
    return _problem(*_error_problem(error, locale), fields, code=error.code or None)


async def _on_unserved(request: Request, error: Exception) -> Response:
    assert isinstance(error, CatalogUnavailableError)
    return _refusal(503, error, _locale_of(request))


class _RefusalError(SupecostError):
    """A refusal of HTTP itself (401, an unknown path, 405, 413, 415), coded as every error is.

    Worded in the request's ``?locale=`` by the errors' tables, as the service's other
    errors are: a clinic's booking page shows them to its staff.
    """

    def __init__(self, message: str, hint: str, code: str, **params: object) -> None:
        super().__init__(message, hint, code=code, params=params)


def _refusal(
    status: int,
    error: SupecostError,
    locale: str,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    message, hint = error_words(error, locale)
    return _problem(status, message, hint or None, headers=headers, code=error.code or None)


class _Refused(HTTPException):
    """An HTTP refusal the service raises itself, carrying its coded error."""

    def __init__(
        self, status: int, refusal: SupecostError, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(status, refusal.message, headers=headers)
        self.refusal = refusal


_SEE_OPENAPI: Final = "see the OpenAPI document at /openapi.json"
_NO_SIMULATOR_FIX: Final = "check the page's address: the clinic gives it with its catalog's id"


_BODY_FIX: Final = "send one JSON object as the body, with Content-Type: application/json"


async def _on_http(request: Request, error: Exception) -> Response:
    assert isinstance(error, HTTPException)
    if error.status_code == 400 and isinstance(error.__cause__, UnicodeDecodeError):
        # FastAPI's own answer to a body it could not decode: see _not_json.
        return await _on_validation(request, _not_json(error.__cause__.object))
    locale = _locale_of(request)
    refusal = _http_refusal(error, request)
    if refusal is None:  # a body FastAPI could not read, or a status the service never answers
        fix = _BODY_FIX if error.status_code == 400 else None
        return _problem(error.status_code, str(error.detail), fix, headers=error.headers)
    return _refusal(error.status_code, refusal, locale, headers=error.headers)


def _http_refusal(error: HTTPException, request: Request) -> SupecostError | None:
    """What an HTTP exception refuses, coded; ``None`` for one the service never raises."""
    path = excerpt(request.url.path)
    if isinstance(error, _Refused):  # raised coded by the service itself
        return error.refusal
    if error.status_code == 404:
        if _PUBLIC.match(request.url.path):
            return _RefusalError(
                f"no simulator page is at {path}", _NO_SIMULATOR_FIX, "http.no_page", path=path
            )
        return _RefusalError(
            f"nothing is served at {path}", _SEE_OPENAPI, "http.not_found", path=path
        )
    if error.status_code == 405:
        allowed = (error.headers or {}).get("Allow", "")
        return _RefusalError(
            f"{request.method} is not allowed on {path}",
            f"send {allowed} instead, or see the OpenAPI document at /openapi.json",
            "http.method",
            method=excerpt(request.method),
            path=path,
            allowed=allowed,
        )
    return None


async def _on_crash(_: Request, error: Exception) -> Response:  # pragma: no cover - a bug
    log.exception("unexpected error", exc_info=error)
    return _problem(500, "the server failed to answer this request", "report it with the request")


# ---------------------------------------------------------------------------
# Body size and bearer tokens, checked before any route runs.


class _Guard:
    """An ASGI middleware: bearer tokens on all but the public paths, and a body size limit."""

    def __init__(self, app: ASGIApp, *, token: str | None, max_body: int) -> None:
        self.app = app
        self.token = None if token is None else token.encode("utf-8")
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] == "HEAD":
            # Answered as GET without its body (RFC 9110 §9.3.2): uptime monitors and load
            # balancers probe /healthz with HEAD. Its headers, Content-Length too, are GET's.
            scope = {**scope, "method": "GET"}
            send = _without_body(send)
        headers = dict(scope["headers"])
        # A refusal here is worded in the request's ?locale=, as the routes' errors are.
        locale = _locale_of(Request(scope))
        if self.token is not None and not _PUBLIC.match(scope["path"]):
            refused = self._refused(headers.get(b"authorization"), locale)
            if refused is not None:
                await refused(scope, receive, send)
                return
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await _refusal(413, self._too_large(scope["path"]), locale)(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_body:
                raise _Refused(413, self._too_large(scope["path"]))
            return message

        await self.app(scope, limited, send)

    def _refused(self, given: bytes | None, locale: str) -> Response | None:
        """The answer to a request without the server's token; ``None`` when it has it.

        A missing token and a wrong one are told apart, and nothing of the token is said.
        """
        assert self.token is not None
        scheme, _, credential = (given or b"").partition(b" ")
        if given is None:
            refusal = _RefusalError(
                "this endpoint needs a bearer token, and the request sent none",
                "send `Authorization: Bearer <token>` with the token the server was given",
                "http.token_missing",
            )
        elif scheme.lower() != b"bearer":
            refusal = _RefusalError(
                "the Authorization header is not a bearer token",
                "send `Authorization: Bearer <token>`, the word Bearer, a space and the token",
                "http.token_scheme",
            )
        elif hmac.compare_digest(credential, self.token):
            return None
        else:
            refusal = _RefusalError(
                "the bearer token sent is not the one this server was given",
                "send the token the server's operator gave, whole, after `Bearer `",
                "http.token_wrong",
            )
        return _refusal(401, refusal, locale, headers={"WWW-Authenticate": "Bearer"})

    def _too_large(self, path: str) -> _RefusalError:
        """A body over the limit: a batch is split; one request is far below the limit."""
        limit = f"{self.max_body:,}"
        message = f"the request body is larger than {limit} bytes"
        if path.endswith("/quotes"):
            return _RefusalError(
                message,
                f"send at most {MAX_BATCH} requests per batch, or split the batch into smaller "
                "ones",
                "http.batch_too_large",
                limit=limit,
                batch=MAX_BATCH,
            )
        return _RefusalError(
            message,
            "send a smaller body: one request is a JSON object of a few hundred bytes",
            "http.too_large",
            limit=limit,
        )


def _without_body(send: Send) -> Send:
    """``send`` keeping a response's status and headers, and dropping its body."""

    async def headers_only(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return headers_only


# ---------------------------------------------------------------------------
# The OpenAPI document: descriptions for API users, not the docstrings' doctests.

_SECTION: Final = re.compile(r"\n\s*(Example|Examples|Args|Returns|Raises):\s*\n.*", re.DOTALL)


def _describe(text: str) -> str:
    kept = _SECTION.sub("", text)
    lines = [line for line in kept.splitlines() if not line.lstrip().startswith((">>>", "..."))]
    # Sphinx roles and double backticks read as plain code in API tools.
    cleaned = re.sub(r":[a-z]+:`~?(?:[\w.]+\.)?([\w]+)`", r"`\1`", "\n".join(lines))
    return cleaned.replace("``", "`").strip()


def _clean(node: Any) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                node[key] = _describe(value)
            else:
                _clean(value)
    elif isinstance(node, list):
        for value in node:
            _clean(value)


_SCHEMA_MODULES: Final = {"loans": "contracts"}
"""Modules whose records keep the name of the module they moved from: a schedule's
``Payment`` moved from ``contracts`` to ``loans`` and is still ``ContractPayment`` to clients."""


def _rename_clashes(document: dict[str, Any]) -> None:
    """Name the schemas FastAPI qualifies by module (the two ``Payment`` records) readably."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    renames = {}
    for key in list(schemas):
        if "__" in key:
            module, name = key.split("__")[-2:]
            module = _SCHEMA_MODULES.get(module, module)
            renames[key] = f"{module.removesuffix('s').title()}{name}"
    for old, new in renames.items():
        schemas[new] = schemas.pop(old)
        schemas[new]["title"] = new
    text = json.dumps(document)
    for old, new in renames.items():
        text = text.replace(f'"#/components/schemas/{old}"', f'"#/components/schemas/{new}"')
    document.clear()
    document.update(json.loads(text))


_REPORT_ROUTES: Final = {
    ("/catalogs/{catalog_id}/price-list", "get"): "PriceListReport",
    ("/catalogs/{catalog_id}/estimate", "post"): "EstimateReport",
}
"""The reports served as JSON, and the name their schema has in the document."""


def _report_schemas(document: dict[str, Any]) -> None:
    """A JSON report's 200 typed by the report's own schema, read from its records."""
    definitions, *kinds = _json_schemas(PriceList, Estimate)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for name, schema in definitions.items():
        schemas.setdefault(name, schema)
    for ((path, method), name), schema in zip(_REPORT_ROUTES.items(), kinds, strict=True):
        schemas[name] = schema
        ok = document["paths"][path][method]["responses"]["200"]
        ok["content"]["application/json"]["schema"] = {"$ref": f"#/components/schemas/{name}"}


def _locale_everywhere(document: dict[str, Any]) -> None:
    """Every operation that can fail takes ``?locale=``, the language of its errors' words."""
    for path, operations in document["paths"].items():
        if path.startswith("/simulator/assets"):
            continue  # a static file: it fails only as a 404 of HTTP itself
        for operation in operations.values():
            parameters = operation.setdefault("parameters", [])
            if any(p.get("name") == "locale" and p.get("in") == "query" for p in parameters):
                continue
            parameters.append(
                {
                    "name": "locale",
                    "in": "query",
                    "required": False,
                    "description": (
                        "The language of an error's `detail`, `fix` and `errors[].message`: "
                        "ja_JP (the default) or en_US."
                    ),
                    "schema": {"type": "string", "enum": list(LOCALES), "default": "ja_JP"},
                }
            )


def _problem_content(document: dict[str, Any]) -> None:
    """Errors are documented as ``application/problem+json`` only, with the `Problem` schema."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_JSON in content:
                    problem = {"$ref": "#/components/schemas/Problem"}
                    content.pop("application/json", None)
                    content[PROBLEM_JSON] = {"schema": problem}


# ---------------------------------------------------------------------------
# The application


# l10n.LOCALES as a type: mypy reads a Literal only as written out, and FastAPI documents a
# route's locale parameter from it; a test pins it to LOCALES.
Locale = Literal["ja_JP", "en_US"]
ReportFormat = Literal["html", "md", "csv", "json"]
_LOCALE: Final = TypeAdapter(Locale)
CatalogId = Annotated[str, Path(description="The catalog id: its file name without the suffix.")]


def _snapshot(request: Request) -> CatalogSnapshot:
    """The catalogs as they are when the request starts; it keeps them to its end."""
    store: CatalogStore = request.app.state.store
    return store.snapshot


Snapshot = Annotated[CatalogSnapshot, Depends(_snapshot)]


VERSION_HEADER: Final = "Catalog-Version"
"""The response header naming the version of the catalog that priced it (see
:func:`~supecost.service.catalogs.catalog_version`)."""


def _versioned(
    response: Response, catalogs: CatalogSnapshot, catalog_id: str, request: Request | None = None
) -> Response:
    """Say which version of the catalog priced ``response``; a GET's also gets an ``ETag``.

    The ETag is a digest of the body itself, so it changes with the catalog, the day a
    price list is for, and supecost's own output; a GET whose ``If-None-Match`` names it
    is answered 304 without a body.
    """
    response.headers[VERSION_HEADER] = catalogs.version(catalog_id)
    if request is None:
        return response
    tag = f'"{hashlib.sha256(response.body).hexdigest()[:32]}"'
    response.headers["ETag"] = tag
    wanted = request.headers.get("if-none-match")
    if wanted is not None and (
        wanted.strip() == "*" or tag in (t.strip().removeprefix("W/") for t in wanted.split(","))
    ):
        return Response(
            status_code=304, headers={"ETag": tag, VERSION_HEADER: catalogs.version(catalog_id)}
        )
    return response


_VERSION_DOC: Final = {
    VERSION_HEADER: {
        "description": "The version of the catalog that priced this answer: a digest of its "
        "content, which changes when the catalog's prices change (catalogs reload live).",
        "schema": {"type": "string", "pattern": "^[0-9a-f]{16}$"},
    }
}
_ETAG_DOC: Final = {
    "ETag": {
        "description": "A digest of this body: send it back in `If-None-Match` to be "
        "answered 304 while it is unchanged.",
        "schema": {"type": "string"},
    }
}
_VERSIONED: Final[dict[int | str, dict[str, Any]]] = {200: {"headers": _VERSION_DOC}}
_CACHED: Final[dict[int | str, dict[str, Any]]] = {
    200: {"headers": {**_VERSION_DOC, **_ETAG_DOC}},
    304: {
        "description": "Not modified: the ETag in `If-None-Match` is still this answer's.",
        "headers": {**_VERSION_DOC, **_ETAG_DOC},
    },
}


def _field_errors(error: SupecostError, *root: str) -> list[dict[str, Any]]:
    """A request's validation problems, one per field, located under ``root`` as FastAPI does.

    Each carries the request's own hint (how to write the fields named) as ``fix``, and
    the error with the field's place in it, so the answer words it in the request's locale.
    """
    return [
        {
            "loc": (*root, *field.split(".")) if field else root,
            "msg": message,
            "fix": error.hint,
            "error": error if error.fields else None,
            "index": index,
        }
        for index, (field, message) in enumerate(error.fields or (("", error.message),))
    ]


_VALIDATION_FIX: Final = (
    "correct the fields named in `errors`; the OpenAPI document gives each field's type"
)


_BATCH_FIELD: Final = ("body", "requests")
_BATCH_FIX: Final = (
    f"split the batch: send at most {MAX_BATCH} requests in each POST, in order, and join "
    "the results"
)


def _validation_fix(errors: Sequence[Any], locale: str) -> str:
    """The request's own hint where supecost validated it, else the general advice.

    A body that is not one JSON object (not JSON, a list, a number) is a problem
    of what was sent, not of a field: its fix is how to send one.
    """
    english = locale == "en_US"
    if any(
        tuple(item.get("loc", ())) == ("body",) or item.get("type") == "json_invalid"
        for item in errors
    ):
        return _BODY_FIX if english else service_words("fix.body", locale)
    if any(tuple(item.get("loc", ())) == _BATCH_FIELD and "fix" not in item for item in errors):
        return _BATCH_FIX if english else service_words("fix.batch", locale, limit=MAX_BATCH)
    hints: dict[str, None] = {}
    for item in errors:
        error = item.get("error")
        if tuple(item.get("loc", ())) == ("query", "locale"):
            # Every route's ?locale= is fixed alike, a report's (its own Literal) or another's
            # (:func:`_known_query_only`): by the locales supecost writes in, as in Python.
            error = LocaleError(str(item.get("input", "")))
        hint = error_words(error, locale)[1] if isinstance(error, SupecostError) else None
        hint = hint or item.get("words_fix", {}).get(locale) or item.get("fix")
        if hint:
            hints[str(hint)] = None
    fallback = _VALIDATION_FIX if english else service_words("fix.validation", locale)
    return error_join(locale).join(hints) or fallback


def _is_json(content_type: str) -> bool:
    """``application/json`` or a JSON-based type (``application/...+json``), any parameters."""
    media = content_type.partition(";")[0].strip().lower()
    return media == "application/json" or (
        media.startswith("application/") and media.endswith("+json")
    )


async def _json_bodies_only(request: Request) -> None:
    """Every POST takes a JSON body: any other content type, or none, is refused alike (415).

    One check for every route, before any body is read: curl's ``-d`` sends
    ``application/x-www-form-urlencoded``, and a route that read its bytes as
    JSON regardless would accept what another route, left to FastAPI, refuses
    as "not an object". No content type at all is refused as FastAPI refuses it.
    """
    if request.method != "POST":
        return
    given = request.headers.get("content-type")
    if given is not None and _is_json(given):
        return
    fix = (
        "send the body as JSON: Content-Type: application/json; "
        "with curl, -H 'Content-Type: application/json' or --json"
    )
    if given is None:
        refusal = _RefusalError(
            "the body was sent without a Content-Type; this endpoint reads JSON only",
            fix,
            "http.no_media_type",
        )
    else:
        sent = excerpt(given)
        refusal = _RefusalError(
            f"the body was sent as {sent}; this endpoint reads JSON only",
            fix,
            "http.media_type",
            sent=sent,
        )
    raise _Refused(415, refusal, headers={"Accept-Post": "application/json"})


_TWICE_FIX: Final = "name each key once in each JSON object, keeping the value you mean"

_ANY_JSON: Final = TypeAdapter(Any)
"""pydantic's own JSON reader, the one a quote's body is read with, for its wording."""


def _not_json(raw: bytes) -> RequestValidationError:
    """A body that is not JSON, refused as a quote's body is (422, ``body``), by any route.

    FastAPI reads the bodies of the routes that declare a record (a contract, a schedule,
    a batch) itself, and answers bytes that are not UTF-8 with a 400 of its own, without
    a fix and in no OpenAPI document; pydantic's reader words them as for a quote.
    """
    try:
        _ANY_JSON.validate_json(raw)
    except ValidationError as error:
        return RequestValidationError(
            [{**item, "loc": ("body",)} for item in error.errors(include_url=False)]
        )
    # Text pydantic reads but Python's reader does not: said as bytes that are not UTF-8.
    return RequestValidationError(  # pragma: no cover - no such text is known
        [{"loc": ("body",), "msg": "not valid JSON: the body is not UTF-8", "fix": _BODY_FIX}]
    )


async def _keys_once(request: Request) -> None:
    """A JSON body naming a key twice in one object is refused (422), once for every route.

    FastAPI, and pydantic reading a body, keep the last value of such a key: a quote of
    ``{"sessions": 5, "sessions": 6}`` would be priced for 6 without a word. The rule is
    the one of every JSON input (:func:`supecost.catalog.json_duplicate`); the problem
    names the key's field, as a field's own 422 does.
    """
    if request.method != "POST":
        return
    raw = await request.body()
    twice = json_duplicate(raw)
    if twice is None:
        return
    raise RequestValidationError(
        [
            {
                "loc": ("body", *twice.loc),
                "msg": twice.clause(),
                "fix": _TWICE_FIX,
                "words": {"ja_JP": service_words("twice")},
                "words_fix": {"ja_JP": service_words("fix.twice")},
            }
        ]
    )


_LINKED: Final = frozenset({"get_simulator", "get_script", "get_style"})
"""The pages and their assets, which a clinic links to from anywhere: a link may carry its
own query (an advertisement's ``utm_source``, a cache-busting ``v``), which is no input."""


def _query_names(dependant: Dependant) -> Iterator[str]:
    """The query parameters a route reads, its own and its dependencies'."""
    for parameter in dependant.query_params:
        yield parameter.alias
    for dependency in dependant.dependencies:
        yield from _query_names(dependency)


_ONCE_FIX: Final = "give each query parameter once, with the value you mean"


async def _known_query_only(request: Request) -> None:
    """Every unknown query parameter, and every one given twice, is refused, once for every
    route (FastAPI ignores the first and answers the second with its last value).

    A misspelt option (``?way=best`` for ``?ways=best``) would otherwise be answered as if
    it were not there, and ``?on=2026-04-01&on=2019-09-01`` priced on the last day
    without a word, as a JSON key named twice would be (:func:`_keys_once`).
    """
    route = request.scope.get("route")
    own = set(_query_names(route.dependant)) if isinstance(route, APIRoute) else set()
    known = own | {"locale"}  # every route takes the locale its errors are worded in
    names = [name for name, _ in request.query_params.multi_items()]
    twice = [name for name in dict.fromkeys(names) if names.count(name) > 1 and name in known]
    if twice:
        raise RequestValidationError(
            [
                {
                    "loc": ("query", name),
                    "msg": f"query parameter {excerpt(name)} is given {names.count(name)} times",
                    "fix": _ONCE_FIX,
                    "words": {
                        "ja_JP": service_words(
                            "query.twice", name=excerpt(name), count=names.count(name)
                        )
                    },
                    "words_fix": {"ja_JP": service_words("query.twice_fix")},
                }
                for name in twice
            ]
        )
    if not isinstance(route, APIRoute) or route.name in _LINKED:
        return
    given = request.query_params.get("locale")
    if "locale" not in own and given is not None and given not in LOCALES:
        # Every route takes the locale its errors are worded in; a report's route checks its
        # own (a Literal), and this one is refused in the very words, choices listed alike.
        try:
            _LOCALE.validate_python(given)
        except ValidationError as refused:
            raise RequestValidationError(
                [{**item, "loc": ("query", "locale")} for item in refused.errors()]
            ) from None
    unknown = [name for name in dict.fromkeys(names) if name not in known]
    if not unknown:
        return
    takes = ", ".join(sorted(known))
    left_out = ", ".join(excerpt(name) for name in unknown)
    fix = f"leave out {left_out}; this endpoint's query parameters: {takes}"
    fix_ja = service_words("query.unknown_fix", names=left_out, takes=takes)
    raise RequestValidationError(
        [
            {
                "loc": ("query", name),
                "msg": f"unknown query parameter {excerpt(name)}",
                "fix": fix,
                "words": {"ja_JP": service_words("query.unknown", name=excerpt(name))},
                "words_fix": {"ja_JP": fix_ja},
            }
            for name in unknown
        ]
    )


async def _quote_request(request: Request) -> QuoteRequest:
    """The body as a `QuoteRequest`, parsed by the record itself straight from the bytes."""
    raw = await request.body()
    try:
        return QuoteRequest.model_validate_json(raw)
    except RequestError as error:
        raise RequestValidationError(_field_errors(error, "body")) from None


Body = Annotated[QuoteRequest, Depends(_quote_request)]
_QUOTE_BODY: Final[dict[str, Any]] = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/QuoteRequest"}}},
    }
}


# The JSON name of each argument of a contract and an instalment schedule that an error
# writes as Python's ("price="), for ContractQuery's and InstalmentQuery's errors.
_JSON_ARGUMENTS: Final[Mapping[str, str]] = {
    "quantity": "quantity",
    "price": "price",
    "principal": "amount",
    "apr_percent": "apr",
    "addon_rate_percent": "addon_rate",
    "sold_out": "sold_out",
    "history": "history",
    "new_patient=True": '"new_patient": true',
    "new_patient=False": '"new_patient": false',
    "started=True": '"started": true',
    "started=False": '"started": false',
}


def _assumptions(query: ContractQuery) -> Assumptions:
    """The query's assumptions, its top-level ``threshold_includes_tax`` (older) among them."""
    given = query.assumptions
    if "threshold_includes_tax" not in query.model_fields_set:
        return Assumptions() if given is None else given
    if given is not None and "threshold_includes_tax" in given.model_fields_set:
        # Two places for one choice: refused, as a JSON key named twice is.
        message = "threshold_includes_tax is given both at the top and in assumptions"
        raise ContractError(
            message,
            "give it in one place: assumptions.threshold_includes_tax",
            (("assumptions.threshold_includes_tax", message),),
            code="contract.threshold_twice",
        )
    chosen = {} if given is None else given.model_dump(exclude_unset=True)
    return Assumptions.model_validate(
        {**chosen, "threshold_includes_tax": query.threshold_includes_tax}
    )


@contextlib.contextmanager
def _json_names() -> Iterator[None]:
    """A contract's or a schedule's error naming its arguments as the JSON query does."""
    try:
        yield
    except ContractError as error:
        if not error.fields:
            raise
        clauses, hints = reworded_parts(error, _JSON_ARGUMENTS)
        fields = tuple(
            (path, clause) for (path, _), clause in zip(error.fields, clauses, strict=True)
        )
        # The English reworded; the other languages name each argument (arg, arg_*) alike.
        params = {**error.params, "names": _JSON_ARGUMENTS}
        raise ContractError(
            "; ".join(clauses), "; ".join(hints), fields, code=error.code, params=params
        ) from None


def _json(model: BaseModel) -> Response:
    # Serialised once, by the record itself: no second validation on the way out.
    return Response(model.model_dump_json(by_alias=True), media_type="application/json")


_UNKNOWN_ID: Final = (
    "No catalog, treatment, dose, offer, optional fee or limited offer or discount has that "
    "id: the path's catalog, a request's `treatment`, `with`, `history`, `fees` or "
    "`sold_out`, or a contract's `offer`; "
    "`fix` lists the known ones."
)
"""What a 404 means: every kind of id an endpoint looks up (each an UnknownIdError)."""

_ERRORS: Final[dict[int | str, dict[str, Any]]] = {
    status: {"model": Problem, "content": {PROBLEM_JSON: {}}, "description": text}
    for status, text in (
        (401, "A bearer token is needed (with `--token-file`) and was missing or wrong."),
        (404, _UNKNOWN_ID),
        (413, f"The body is larger than {MAX_BODY_BYTES:,} bytes."),
        (
            422,
            "The request is invalid; `errors` names each field (an unknown query parameter too).",
        ),
        (
            503,
            (
                "The catalog's file is in place but does not load, or two files have its id "
                "(and no earlier version of it was served); the server's log names each "
                "problem; `/healthz` lists it in `failed`."
            ),
        ),
    )
}


_OPEN_ERRORS: Final = {
    **{status: body for status, body in _ERRORS.items() if status != 401},
    404: {
        **_ERRORS[404],
        # Public: a stranger is not told which catalogs (clinics) the server holds.
        "description": "No catalog has that id; the other catalogs are not listed.",
    },
}
"""The errors of the endpoints that never need a token."""

_NOT_JSON: Final[dict[int | str, dict[str, Any]]] = {
    415: {
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
        "description": "The body was not sent as JSON (`Content-Type: application/json`).",
    }
}
_BODY_ERRORS: Final = {**_ERRORS, **_NOT_JSON}
"""The errors of the endpoints that take a body (every POST)."""

_OPEN_BODY_ERRORS: Final = {**_OPEN_ERRORS, **_NOT_JSON}

_NO_ID_ERRORS: Final = {
    status: body for status, body in _ERRORS.items() if status not in (404, 503)
}
"""The errors of an endpoint that looks no id up, which answers no 404 of its own."""


def _report_responses(*, body: bool = False) -> dict[int | str, dict[str, Any]]:
    """A report's answers: a POST's (the estimate) is versioned, a GET's (the price list)
    cached by its ETag too."""
    cached: dict[int | str, dict[str, Any]] = {} if body else {304: _CACHED[304]}
    ok: dict[int | str, dict[str, Any]] = {
        200: {
            "description": "The report in the format asked for.",
            "content": {
                media.split(";")[0]: {"schema": {"type": "string"}}
                for media in _REPORT_TYPES.values()
                if "json" not in media
            }
            | {"application/json": {"schema": {"type": "object"}}},
            "headers": (_VERSIONED if body else _CACHED)[200]["headers"],
        },
        **cached,
    }
    return {**ok, **(_BODY_ERRORS if body else _ERRORS)}


def _report_response(document: report.Report, format: ReportFormat) -> Response:
    return Response(report.render(document, format), media_type=_REPORT_TYPES[format])


def create_app(
    store: CatalogStore,
    *,
    token: str | None = None,
    max_body: int = MAX_BODY_BYTES,
    reload_seconds: float | None = RELOAD_SECONDS,
) -> FastAPI:
    """The HTTP API over the catalogs of a store.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> app = create_app(CatalogStore.from_catalogs({"ref": reference_catalog()}))
        >>> app.openapi()["openapi"]
        '3.1.0'

    Args:
        store: The catalogs to serve.
        token: The bearer token every endpoint but ``/healthz`` and ``/simulator`` needs;
            ``None`` to need none.
        max_body: The largest request body, in bytes.
        reload_seconds: How often to look for changed catalog files while serving;
            ``None`` never to look (SIGHUP still reloads).

    Returns:
        The ASGI application.
    """

    @contextlib.asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        wake = asyncio.Event()
        loop = asyncio.get_running_loop()
        restore = _on_sighup(lambda: loop.call_soon_threadsafe(wake.set))
        task = asyncio.create_task(_watch(store, wake, reload_seconds))
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
            restore()

    app = FastAPI(
        title="supecost",
        version=__version__,
        summary="What self-pay (自由診療) clinic treatments cost in Japan, priced over HTTP.",
        description=(
            "Quotes, price lists, estimates, contract and instalment figures from a clinic's "
            "catalog. Nothing is recorded: every call only prices. Every POST takes a JSON "
            "body, sent with `Content-Type: application/json`. Errors are "
            "`application/problem+json` with supecost's message in `detail` and the fix in `fix`."
        ),
        lifespan=lifespan,
        dependencies=[
            Depends(_json_bodies_only),
            Depends(_keys_once),
            Depends(_known_query_only),
        ],
        separate_input_output_schemas=False,
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(_Guard, token=token, max_body=max_body)
    app.add_exception_handler(RequestValidationError, _on_validation)
    app.add_exception_handler(ValidationError, _on_validation)
    app.add_exception_handler(SupecostError, _on_supecost)
    app.add_exception_handler(CatalogUnavailableError, _on_unserved)
    app.add_exception_handler(HTTPException, _on_http)
    app.add_exception_handler(Exception, _on_crash)

    app.state.store = store

    def _catalog(catalogs: Mapping[str, Catalog], catalog_id: str) -> Catalog:
        found = catalogs.get(catalog_id)
        if found is None:
            _unavailable(catalog_id)
            raise UnknownIdError("catalog", catalog_id, sorted(catalogs))
        return found

    def _unavailable(catalog_id: str) -> None:
        """Refuse a catalog whose file is there but does not load: not an unknown id."""
        file = store.failed.get(catalog_id)
        if file is not None:
            raise CatalogUnavailableError(catalog_id, file, clash=catalog_id in store.clashing)

    def _public_catalog(catalogs: Mapping[str, Catalog], catalog_id: str) -> Catalog:
        """A catalog for the public simulator, whose 404 names none of the others."""
        found = catalogs.get(catalog_id)
        if found is None:
            _unavailable(catalog_id)
            shown = excerpt(catalog_id)
            raise _Refused(
                404,
                _RefusalError(
                    f"no simulator has the catalog id {shown}",
                    _NO_SIMULATOR_FIX,
                    "http.no_simulator",
                    id=shown,
                ),
            )
        return found

    # Endpoints that price or render are plain ``def``: FastAPI runs them in its thread
    # pool, so the event loop keeps reading bodies and answering health checks while a
    # long quote is priced or a PDF waits for Chromium. Only trivial ones are ``async``.
    @app.get("/healthz", tags=["service"], summary="Whether the server is up")
    async def healthz(catalogs: Snapshot) -> Health:
        failed = tuple(sorted(store.failed))
        return Health(
            status="degraded" if failed else "ok",
            catalogs=len(catalogs),
            version=__version__,
            failed=failed,
        )

    @app.get("/catalogs", tags=["catalogs"], summary="The catalogs served", responses=_NO_ID_ERRORS)
    async def list_catalogs(catalogs: Snapshot) -> list[CatalogSummary]:
        return [
            CatalogSummary(
                id=key,
                clinic=value.clinic.name,
                clinic_en=value.clinic.name_en,
                treatments=len(value.treatments),
                version=catalogs.version(key),
            )
            for key, value in sorted(catalogs.items())
        ]

    @app.get(
        "/catalogs/{catalog_id}",
        tags=["catalogs"],
        summary="A catalog, as JSON",
        response_model=Catalog,
        responses={**_ERRORS, **_CACHED},
    )
    def get_catalog(catalog_id: CatalogId, catalogs: Snapshot, request: Request) -> Response:
        catalog = _catalog(catalogs, catalog_id)
        response = Response(
            catalog.model_dump_json(exclude_defaults=True), media_type="application/json"
        )
        return _versioned(response, catalogs, catalog_id, request)

    @app.post(
        "/catalogs/{catalog_id}/quote",
        tags=["quotes"],
        summary="Price every way to buy a course, cheapest first",
        openapi_extra=_QUOTE_BODY,
        response_model=Quote,
        responses={**_BODY_ERRORS, **_VERSIONED},
    )
    def post_quote(
        catalog_id: CatalogId,
        body: Body,
        catalogs: Snapshot,
        ways: Annotated[
            Ways, Query(description="`best` keeps only the best way in `options`.")
        ] = "all",
    ) -> Response:
        catalog = _catalog(catalogs, catalog_id)
        result = quote(catalog, body, ways=ways)
        return _versioned(_json(result), catalogs, catalog_id)

    @app.post(
        "/catalogs/{catalog_id}/quotes",
        tags=["quotes"],
        summary=f"Price up to {MAX_BATCH} requests, in order",
        responses={**_BODY_ERRORS, **_VERSIONED},
    )
    def post_quotes(
        catalog_id: CatalogId,
        batch: QuoteBatch,
        catalogs: Snapshot,
        http: Request,
        response: Response,
    ) -> QuoteBatchResults:
        catalog = _catalog(catalogs, catalog_id)
        _versioned(response, catalogs, catalog_id)
        locale = _locale_of(http)
        results: list[BatchResult] = []
        for index, raw in enumerate(batch.requests):
            try:
                with reading_json():
                    request = QuoteRequest.model_validate(raw)
            except RequestError as error:
                items = _field_errors(error)
                problems = _field_problems(items, locale)
                results.append(
                    BatchResult(
                        index=index,
                        error=Problem(
                            title=_TITLES[422],
                            status=422,
                            code=error.code or _INVALID_CODE,
                            detail=_validation_detail(problems, locale),
                            fix=_validation_fix(items, locale),
                            errors=problems,
                        ),
                    )
                )
                continue
            try:
                result = quote(catalog, request)
            except SupecostError as error:
                status, detail, fix = _error_problem(error, locale)
                results.append(
                    BatchResult(
                        index=index,
                        error=Problem(
                            title=_TITLES[status],
                            status=status,
                            detail=detail,
                            fix=fix,
                            code=error.code or None,
                            errors=_error_fields(error, "", locale),
                        ),
                    )
                )
            else:
                results.append(BatchResult(index=index, quote=result))
        return QuoteBatchResults(results=tuple(results))

    @app.get(
        "/catalogs/{catalog_id}/price-list",
        tags=["reports"],
        summary="The price list (料金表) of a catalog",
        response_class=Response,
        responses=_report_responses(),
    )
    def get_price_list(
        catalog_id: CatalogId,
        catalogs: Snapshot,
        request: Request,
        format: ReportFormat = "html",
        locale: Locale = "ja_JP",
        on: Annotated[Day | None, Query(description="Prices on this day; today if absent.")] = None,
    ) -> Response:
        catalog = _catalog(catalogs, catalog_id)
        document = report.price_list(catalog, locale=locale, on=on)
        return _versioned(_report_response(document, format), catalogs, catalog_id, request)

    @app.post(
        "/catalogs/{catalog_id}/estimate",
        tags=["reports"],
        summary="An estimate (見積書) for a request",
        openapi_extra=_QUOTE_BODY,
        response_class=Response,
        responses=_report_responses(body=True),
    )
    def post_estimate(
        catalog_id: CatalogId,
        body: Body,
        catalogs: Snapshot,
        format: ReportFormat = "html",
        locale: Locale = "ja_JP",
        to: Annotated[
            str | None,
            Query(description="The addressee, as `supecost report estimate --to` (「…様」 added)."),
        ] = None,
        number: Annotated[
            str | None,
            Query(description="The estimate number, as `supecost report estimate --number`."),
        ] = None,
    ) -> Response:
        catalog = _catalog(catalogs, catalog_id)
        result = quote(catalog, body)
        try:
            document = report.estimate(
                result,
                catalog,
                issued=body.on or today_in_japan(),
                locale=locale,
                to=to,
                number=number,
            )
        except report.ReportError as error:
            if not error.fields:  # pragma: no cover - the estimate refuses only these two
                raise
            raise RequestValidationError(_field_errors(error, "query")) from None
        return _versioned(_report_response(document, format), catalogs, catalog_id)

    @app.post(
        "/contract",
        tags=["contracts"],
        summary="Cooling-off and cancellation refund of an offer, as `supecost contract`",
        responses={**_BODY_ERRORS, **_VERSIONED},
    )
    def post_contract(
        query: ContractQuery, catalogs: Snapshot, response: Response
    ) -> ContractReport:
        catalog = _catalog(catalogs, query.catalog)
        _versioned(response, catalogs, query.catalog)
        with _json_names():
            contract = contract_for_offer(
                catalog,
                query.offer,
                quantity=query.quantity,
                received=query.received,
                rules=query.rules,
                price=query.price,
                price_includes_tax=query.price_includes_tax,
                goods=query.goods,
                segment=query.segment,
                birth_month=query.birth_month,
                new_patient=query.new_patient,
                sold_out=query.sold_out,
                history=query.history,
                bought=query.bought,
            )
            return contract_report(
                contract,
                today=today_in_japan(),
                used=query.used,
                cancel_on=query.cancel_on,
                paid=query.paid,
                started=query.started,
                clinic_terms=query.clinic_terms,
                assumptions=_assumptions(query),
            )

    @app.post(
        "/instalments",
        tags=["contracts"],
        summary="A payment schedule over monthly instalments, as `supecost instalments`",
        responses={**_NO_ID_ERRORS, **_NOT_JSON},
    )
    def post_instalments(query: InstalmentQuery) -> InstalmentReport:
        with _json_names():
            schedule = instalments(
                query.amount,
                query.count,
                apr_percent=query.apr,
                addon_rate_percent=query.addon_rate,
                round_unit=query.round_unit,
                remainder=query.remainder,
            )
        return instalment_report(schedule)

    @app.get(
        "/simulator/{catalog_id}",
        tags=["simulator"],
        summary="The patient's cost simulator (料金シミュレーター), as an HTML page",
        response_class=Response,
        responses={
            200: {"content": {"text/html": {"schema": {"type": "string"}}}, **_VERSIONED[200]},
            **_OPEN_ERRORS,
        },
    )
    def get_simulator(
        catalog_id: CatalogId, catalogs: Snapshot, locale: Locale = "ja_JP"
    ) -> Response:
        catalog = _public_catalog(catalogs, catalog_id)
        page = simulator_page(catalog, catalog_id, locale=locale)
        response = Response(page, media_type="text/html; charset=utf-8", headers=_PAGE_HEADERS)
        return _versioned(response, catalogs, catalog_id)

    @app.post(
        "/simulator/{catalog_id}/quote",
        tags=["simulator"],
        summary="The simulator's figures for a request, as text to show",
        openapi_extra=_QUOTE_BODY,
        responses={**_OPEN_BODY_ERRORS, **_VERSIONED},
    )
    def post_simulator_quote(
        catalog_id: CatalogId,
        body: Body,
        catalogs: Snapshot,
        response: Response,
        locale: Locale = "ja_JP",
    ) -> SimulatorResult:
        catalog = _public_catalog(catalogs, catalog_id)
        _versioned(response, catalogs, catalog_id)
        # Every way priced: the cheaper lines under the total are the other ways' totals.
        return simulator_result(quote(catalog, body), catalog, locale=locale)

    @app.get(
        "/simulator/assets/simulator.js",
        tags=["simulator"],
        summary="The simulator's own script",
        response_class=Response,
        responses={200: {"content": {"text/javascript": {"schema": {"type": "string"}}}}},
    )
    async def get_script() -> Response:
        text = resources.files("supecost.service").joinpath("simulator.js").read_text("utf-8")
        return _asset(text, "text/javascript")

    @app.get(
        "/simulator/assets/simulator.css",
        tags=["simulator"],
        summary="The simulator's own style sheet",
        response_class=Response,
        responses={200: {"content": {"text/css": {"schema": {"type": "string"}}}}},
    )
    async def get_style() -> Response:
        return _asset(page_css(), "text/css")

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version=app.openapi_version,
                summary=app.summary,
                description=app.description,
                routes=app.routes,
                separate_input_output_schemas=False,
            )
            _report_schemas(document)
            _clean(document)
            _rename_clashes(document)
            _problem_content(document)
            _locale_everywhere(document)
            if token is not None:
                components = document.setdefault("components", {})
                components["securitySchemes"] = {"bearer": {"type": "http", "scheme": "bearer"}}
                for path, operations in document["paths"].items():
                    if not _PUBLIC.match(path):
                        for operation in operations.values():
                            operation["security"] = [{"bearer": []}]
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    return app


_PAGE_HEADERS: Final = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def _asset(text: str, media_type: str) -> Response:
    """One of the simulator's own assets: never cached, so a new release reaches every page."""
    return Response(text, media_type=media_type, headers={"Cache-Control": "no-cache"})


def _on_sighup(callback: Callable[[], object]) -> Callable[[], None]:
    """Run ``callback`` on SIGHUP (main thread only); return what undoes it."""
    if not hasattr(signal, "SIGHUP") or threading.current_thread() is not threading.main_thread():
        return lambda: None
    previous = signal.getsignal(signal.SIGHUP)
    signal.signal(signal.SIGHUP, lambda *_: callback())

    def restore() -> None:
        signal.signal(signal.SIGHUP, previous)

    return restore


async def _watch(store: CatalogStore, wake: asyncio.Event, seconds: float | None) -> None:
    """Reload changed catalogs every ``seconds``, and at once when woken (SIGHUP)."""
    while True:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), seconds)
        wake.clear()
        await asyncio.to_thread(store.refresh)
