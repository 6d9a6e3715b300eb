"""The HTTP service, over HTTP: every endpoint in-process, the API from its OpenAPI document with
schemathesis, and the simulator page in a real headless Chromium."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import functools
import importlib.util
import io
import itertools
import json
import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the serve extra is not installed")

import uvicorn
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from uvicorn.supervisors import Multiprocess

from supecost import contracts as contracts_module
from supecost import service as serve_module
from supecost.catalog import load_catalog, parse_catalog, reference_catalog
from supecost.cli import main
from supecost.contracts import Assumptions
from supecost.engine import quote
from supecost.errors import CatalogError
from supecost.quotes import QuoteRequest
from supecost.report import find_browser, price_list, render
from supecost.report.errtext import error_text
from supecost.service import (
    MAX_BATCH,
    CatalogStore,
    ServiceError,
    app_from_environment,
    catalog_id,
    catalog_version,
    create_app,
    read_token,
)
from supecost.service import app as app_module
from supecost.service.simulator import simulator_page, simulator_result

HERE = Path(__file__).parent
EXAMPLE = HERE / "data" / "example.toml"
DAY = "2026-04-01"
TOKEN = "a-token-of-more-than-16-characters"


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    store = CatalogStore([EXAMPLE])
    with TestClient(create_app(store, reload_seconds=None)) as test_client:
        yield test_client


class _English:
    """A test client whose every request asks for English (``?locale=en_US``) unless it names
    a locale itself: the tests of the service's English words (the Japanese are tested too)."""

    def __init__(self, client: TestClient) -> None:
        self._client = client

    @staticmethod
    def _url(url: str) -> str:
        if "locale=" in url:
            return url
        return f"{url}{'&' if '?' in url else '?'}locale=en_US"

    def get(self, url: str, **kwargs: Any) -> Any:
        return self._client.get(self._url(url), **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self._client.post(self._url(url), **kwargs)

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self._client.request(method, self._url(url), **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


@pytest.fixture
def client_en(client: TestClient) -> _English:
    """``client`` asking for English (``?locale=en_US``), for the tests of the English words."""
    return _English(client)


def _problem(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


_JSON_TYPE = {"Content-Type": "application/json"}


def _cli_json(argv: list[str]) -> Any:
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 0, err.getvalue()
    return json.loads(out.getvalue())


# ---------------------------------------------------------------------------
# Every endpoint


def test_health_and_catalogs(client_en: TestClient) -> None:
    assert client_en.get("/healthz").json()["catalogs"] == 1
    assert client_en.get("/catalogs").json() == [
        {
            "id": "example",
            "clinic": "Example Clinic",
            "clinic_en": None,
            "treatments": 2,
            "version": catalog_version(load_catalog(EXAMPLE)),
        }
    ]
    catalog = client_en.get("/catalogs/example").json()
    assert catalog["treatments"][0]["price"] == {"min": 33000, "typical": None, "max": 33000}
    body = _problem(client_en.get("/catalogs/exampel"), 404)
    assert body["detail"] == "unknown catalog 'exampel'"
    assert "did you mean 'example'" in body["fix"]


def test_quote_is_the_library_quote(client: TestClient) -> None:
    request = {"sessions": 5, "on": DAY, "with": []}
    response = client.post("/catalogs/example/quote", json=request)
    assert response.status_code == 200
    result = response.json()
    # 5 sessions: the intro price once (9,800) then 4 singles (4 x 33,000 = 132,000),
    # plus the first consultation (3,300): 145,100.
    assert result["best"]["label"] == "intro"
    assert result["best"]["total"]["min"] == 145_100
    assert [o["label"] for o in result["options"]][:2] == ["intro", "bundle:sup-iv-5"]
    assert result["request"]["with"] == []
    cli = _cli_json(
        ["quote", "--catalog", str(EXAMPLE), "--sessions", "5", "--date", DAY, "--format", "json"]
    )
    assert result == cli


def test_best_way_only(client: TestClient) -> None:
    request = {"sessions": 5, "on": DAY}
    result = client.post("/catalogs/example/quote?ways=best", json=request).json()
    assert [o["label"] for o in result["options"]] == ["intro"]
    assert result["best"]["total"]["min"] == 145_100
    _problem(client.post("/catalogs/example/quote?ways=cheapest", json=request), 422)


def test_with_alias_and_errors_name_the_field(client_en: TestClient) -> None:
    ok = client_en.post("/catalogs/example/quote", json={"sessions": 2, "with": ["nmn"], "on": DAY})
    assert ok.json()["request"]["with"] == ["nmn"]
    body = _problem(client_en.post("/catalogs/example/quote", json={"sessions": 0}), 422)
    assert body["errors"][0]["field"] == "body.sessions"
    # The message names its field: the detail says it once, not "body.sessions: sessions ...".
    assert body["detail"] == "sessions must be at least 1, got 0"
    two = {"sessions": {"min": 0, "max": 3}, "with": [{"treatment": "nmn", "units": 0}]}
    body = _problem(client_en.post("/catalogs/example/quote", json=two), 422)
    assert body["detail"] == (
        "sessions: min must be at least 1, got 0; with.0: units must be at least 1, got 0"
    )
    # A range out of order names its field once.
    backwards = {"sessions": {"min": 3, "max": 1}}
    body = _problem(client_en.post("/catalogs/example/quote", json=backwards), 422)
    assert body["detail"] == "sessions: the range's min 3 is above its max 1; swap them"
    # A query parameter is named with its place, in the request records' words.
    body = _problem(
        client_en.post("/catalogs/example/quote?ways=cheapest", json={"sessions": 1}), 422
    )
    assert body["detail"] == "query.ways must be 'all' or 'best', got 'cheapest'"
    body = _problem(client_en.post("/catalogs/example/quote", json={"sessions": 0}), 422)
    # The fix says how to write the field named, in the batch endpoint's results too.
    assert body["fix"].startswith("sessions is a whole number from 1 to 1000, or a range")
    batch = client_en.post(
        "/catalogs/example/quotes", json={"requests": [{"sessions": 1, "units": 0}]}
    )
    assert batch.json()["results"][0]["error"]["fix"] == (
        "units is a whole number from 1 to 100 per visit"
    )
    body = _problem(client_en.post("/catalogs/example/quote", json={"sessions": 1, "x": 1}), 422)
    assert body["errors"][0]["field"] == "body.x"
    assert body["fix"].startswith("the request has the fields treatment, sessions")
    body = _problem(
        client_en.post("/catalogs/example/quote", content=b"{not json", headers=_JSON_TYPE), 422
    )
    assert body["errors"][0]["field"].startswith("body")
    body = _problem(
        client_en.post("/catalogs/example/quote", json={"sessions": 1, "treatment": "sup-vi"}), 404
    )
    assert body["detail"] == "unknown treatment 'sup-vi'"
    assert body["fix"].startswith("did you mean 'sup-iv'?")
    body = _problem(
        client_en.post("/catalogs/example/quote", json={"sessions": 1, "with": ["sup-iv"]}), 422
    )
    assert body["fix"]


def test_schema_two_requests_over_http() -> None:
    store = CatalogStore([HERE / "data" / "schema2.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        schema_two = _English(opened)
        url = "/catalogs/schema2/quote?ways=best"
        body = {"treatment": "exo-iv:2cc", "sessions": 5, "segment": "member", "on": "2026-06-01"}
        best = schema_two.post(url, json=body).json()["best"]
        # The 2cc set of 5 (330,000) beats 55,000 + 4 x 70,000 member singles.
        assert (best["label"], best["total"]["min"]) == ("bundle:exo-2cc-5", 330_000)
        units = {"treatment": "placenta", "sessions": 4, "units": 3}
        # 4 visits x (1,500 + 2 x 1,000) = 14,000
        assert schema_two.post(url, json=units).json()["best"]["total"]["min"] == 14_000
        added = {"treatment": "electroporation", "sessions": 1, "with": ["upgrade-exo"]}
        assert schema_two.post(url, json=added).json()["best"]["total"]["min"] == 33_000
        problem = _problem(schema_two.post(url, json={"treatment": "exo-iv", "sessions": 1}), 422)
        assert problem["fix"] == "name a dose: exo-iv:1cc, exo-iv:2cc, exo-iv:3cc"
        problem = _problem(schema_two.post(url, json={**units, "units": 9}), 422)
        assert "more than its maximum of 5" in problem["detail"]
        problem = _problem(schema_two.post(url, json={**body, "segment": "vip"}), 422)
        assert problem["fix"] == "use one of the clinic's segments: member"
        problem = _problem(
            schema_two.post(url, json={"treatment": "exo-iv:9cc", "sessions": 1}), 404
        )
        assert problem["detail"] == "unknown dose 'exo-iv:9cc'"
        home = {"treatment": "vitc:10g", "sessions": 2, "fees": ["travel-outside"]}
        # 2 x 11,000 + 2 x 11,000 travel outside the 23 wards = 44,000
        assert schema_two.post(url, json=home).json()["best"]["total"]["min"] == 44_000
        both = {**home, "fees": ["travel-outside", "travel-23ku"]}
        problem = _problem(schema_two.post(url, json=both), 422)
        assert problem["fix"] == "choose one of travel-23ku, travel-outside"
        problem = _problem(schema_two.post(url, json={**home, "fees": ["taxi"]}), 404)
        assert problem["detail"] == "unknown optional fee 'taxi'"


def test_every_unknown_id_is_404_as_the_openapi_document_says() -> None:
    store = CatalogStore([HERE / "data" / "schema2.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        schema_two = _English(opened)
        quote_url = "/catalogs/schema2/quote"
        home = {"treatment": "vitc:10g", "sessions": 2}
        asked = {
            "catalog": schema_two.post("/catalogs/schema3/quote", json=home),
            "treatment": schema_two.post(quote_url, json={**home, "treatment": "vitd"}),
            "dose": schema_two.post(quote_url, json={**home, "treatment": "vitc:99g"}),
            "treatment in history": schema_two.post(
                quote_url, json={**home, "history": {"x": 1}, "new_patient": False}
            ),
            "offer": schema_two.post(
                "/contract", json={"catalog": "schema2", "offer": "x", "received": DAY}
            ),
            "optional fee": schema_two.post(quote_url, json={**home, "fees": ["taxi"]}),
        }
        for kind, response in asked.items():
            assert _problem(response, 404)["detail"].startswith(f"unknown {kind} "), kind
        # The unknown fee's answer lists the catalog's optional fees, the ones a request chooses.
        fee = asked["optional fee"].json()
        assert fee["fix"] == "known optional fee ids: travel-23ku, travel-outside, allergy-test"
        document = schema_two.get("/openapi.json").json()
    paths = document["paths"]
    said = paths["/catalogs/{catalog_id}/quote"]["post"]["responses"]["404"]["description"]
    for kind in ("catalog", "treatment", "dose", "offer", "optional fee", "history"):
        assert kind in said
    # An endpoint that looks no id up answers no 404 of its own.
    assert "404" not in paths["/instalments"]["post"]["responses"]
    assert "404" not in paths["/catalogs"]["get"]["responses"]


def test_pricing_leaves_the_event_loop_free(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A quote that takes long (here: held until released) must not stall the server: while
    # it is priced, a health check is still answered. Priced on the event loop, it would wait.
    started, release = threading.Event(), threading.Event()
    real = app_module.quote

    def held(*args: Any, **kwargs: Any) -> Any:
        started.set()
        assert release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(app_module, "quote", held)
    answers: list[int] = []
    slow = threading.Thread(
        target=lambda: answers.append(
            client.post("/catalogs/example/quote", json={"sessions": 2, "on": DAY}).status_code
        )
    )
    slow.start()
    try:
        assert started.wait(10)
        health = threading.Thread(target=lambda: answers.append(client.get("/healthz").status_code))
        health.start()
        health.join(5)
        assert not health.is_alive()
        assert answers == [200]
    finally:
        release.set()
        slow.join(10)
    assert answers == [200, 200]


def test_unknown_route_and_method(client: TestClient) -> None:
    # Coded, and worded in ?locale= as every error: an unknown route still reads its query.
    assert _problem(client.get("/nowhere"), 404) == {
        "type": "about:blank",
        "title": "Not Found",
        "status": 404,
        "code": "http.not_found",
        "detail": "'/nowhere' には何もありません",
        "fix": "パスを OpenAPI ドキュメント（/openapi.json）で確かめてください",
        "errors": [],
    }
    english = _problem(client.get("/nowhere?locale=en_US"), 404)
    assert (english["detail"], english["fix"]) == (
        "nothing is served at '/nowhere'",
        "see the OpenAPI document at /openapi.json",
    )
    refused = client.put("/catalogs")
    method = _problem(refused, 405)
    assert (method["code"], refused.headers["allow"]) == ("http.method", "GET")
    assert method["detail"] == "'/catalogs' には 'PUT' を使えません"
    assert method["fix"].startswith("GET で送ってください")
    method = _problem(client.put("/catalogs?locale=en_US"), 405)
    assert method["detail"] == "PUT is not allowed on '/catalogs'"
    # A page of the simulator that is not there says where to find the clinic's page.
    page = _problem(client.get("/simulator/example/nowhere?locale=en_US"), 404)
    assert (page["code"], page["fix"]) == (
        "http.no_page",
        "check the page's address: the clinic gives it with its catalog's id",
    )
    # A locale that is none falls back to Japanese here: no route is there to refuse it.
    assert _problem(client.get("/nowhere?locale=fr"), 404)["detail"].endswith("何もありません")


@pytest.mark.parametrize(
    ("status", "fix"),
    [
        (400, "send one JSON object as the body, with Content-Type: application/json"),
        (409, None),  # a status no route answers: its words as raised, never a traceback
    ],
)
def test_an_http_error_the_service_does_not_word_keeps_its_words(
    status: int, fix: str | None
) -> None:
    from starlette.exceptions import HTTPException
    from starlette.requests import Request

    scope = {"type": "http", "method": "GET", "path": "/x", "query_string": b"", "headers": []}
    answer = asyncio.run(app_module._on_http(Request(scope), HTTPException(status, "said")))
    assert answer.status_code == status
    body = json.loads(bytes(answer.body))
    assert (body["code"], body["detail"], body["fix"]) == (None, "said", fix)


def test_body_size_limit() -> None:
    app = create_app(CatalogStore([EXAMPLE]), max_body=200, reload_seconds=None)
    with TestClient(app) as small:
        padded = {"sessions": 1, "treatment": "sup-iv", "with": ["nmn"] * 40}
        body = _problem(small.post("/catalogs/example/quote?locale=en_US", json=padded), 413)
        assert "200 bytes" in body["detail"]
        assert body["code"] == "http.too_large"
        # Japanese by default, as every error of the service.
        body = _problem(small.post("/catalogs/example/quote", json=padded), 413)
        assert body["detail"] == "リクエストの本文が 200 バイトを超えています"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"sessions": 1, "with": ['
            for _ in range(40):
                yield b'"nmn", '
            yield b'"nmn"]}'

        chunked = small.post("/catalogs/example/quote", content=chunks(), headers=_JSON_TYPE)
        _problem(chunked, 413)
        assert small.post("/catalogs/example/quote", json={"sessions": 1}).status_code == 200


_TWICE = "this key appears twice in the same object"


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/catalogs/example/quote", '{"sessions": 5, "sessions": 6}', "body.sessions"),
        (
            "/catalogs/example/quote",
            '{"sessions": {"min": 1, "max": 3, "min": 2}}',
            "body.sessions.min",
        ),
        ("/catalogs/example/estimate", '{"sessions": 1, "on": "2026-04-01", "on": 0}', "body.on"),
        (
            "/simulator/example/quote",
            '{"sessions": 1, "with": [{"treatment": "nmn", "treatment": "sup-iv"}]}',
            "body.with.0.treatment",
        ),
        ("/catalogs/example/quotes", '{"requests": [], "requests": []}', "body.requests"),
        (
            "/catalogs/example/quotes",
            '{"requests": [{"sessions": 1}, {"units": 1, "sessions": 2, "units": 3}]}',
            "body.requests.1.units",
        ),
        (
            "/contract",
            (
                '{"catalog": "example", "offer": "sup-iv-5", "received": "2026-04-01", '
                '"used": 0, "used": 3}'
            ),
            "body.used",
        ),
        (
            "/contract",
            (
                '{"catalog": "example", "offer": "sup-iv-5", "received": "2026-04-01", '
                '"goods": {"a": 1, "a": 2}}'
            ),
            "body.goods.a",
        ),
        ("/instalments", '{"amount": 100000, "count": 10, "count": 12}', "body.count"),
    ],
)
def test_a_key_named_twice_is_refused_by_every_post(
    client_en: TestClient, path: str, body: str, field: str
) -> None:
    # Read as the last value, {"sessions": 5, "sessions": 6} would be priced for 6 sessions.
    problem = _problem(client_en.post(path, content=body, headers=_JSON_TYPE), 422)
    assert problem["errors"] == [{"field": field, "message": f"{_TWICE}; keep one of them"}]
    assert problem["detail"] == f"{field}: {_TWICE}; keep one of them"
    assert problem["fix"] == "name each key once in each JSON object, keeping the value you mean"


def test_a_key_named_twice_in_a_body_of_several_lines_is_refused_with_its_line(
    client_en: TestClient,
) -> None:
    body = '{\n  "sessions": 5,\n  "on": "2026-04-01",\n  "sessions": 6\n}'
    sent = client_en.post("/catalogs/example/quote", content=body, headers=_JSON_TYPE)
    assert _problem(sent, 422)["errors"] == [
        {"field": "body.sessions", "message": f"{_TWICE} (line 4); keep one of them"}
    ]
    # A key once in each of two objects is no duplicate.
    fine = '{"sessions": {"min": 1, "max": 2}, "with": [{"treatment": "nmn", "units": 1}]}'
    assert client_en.post("/catalogs/example/quote", content=fine, headers=_JSON_TYPE).is_success


def test_batch_keeps_order_and_reports_each_bad_request(client: TestClient) -> None:
    batch = {"requests": [{"sessions": 5, "on": DAY}, {"sessions": -1}, {"treatment": "x"}, 7]}
    results = client.post("/catalogs/example/quotes", json=batch).json()["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert results[0]["quote"]["best"]["total"]["min"] == 145_100
    assert results[1]["error"]["errors"][0]["field"] == "sessions"
    assert results[2]["error"]["status"] == 422
    assert results[3]["error"]["status"] == 422
    unknown = client.post(
        "/catalogs/example/quotes", json={"requests": [{"sessions": 1, "treatment": "zz"}]}
    )
    assert unknown.json()["results"][0]["error"]["status"] == 404
    too_many = {"requests": [{"sessions": 1}] * (MAX_BATCH + 1)}
    body = _problem(client.post("/catalogs/example/quotes", json=too_many), 422)
    assert body["errors"][0]["field"] == "body.requests"


# ---------------------------------------------------------------------------
# Bodies are JSON, on every endpoint alike


# A valid body for each endpoint that takes one: sent as JSON, each is answered 200, so a
# refusal below is the content type's doing and not the body's.
_BODIES: dict[str, dict[str, Any]] = {
    "/catalogs/{catalog_id}/quote": {"sessions": 1, "on": DAY},
    "/catalogs/{catalog_id}/quotes": {"requests": [{"sessions": 1, "on": DAY}]},
    "/catalogs/{catalog_id}/estimate": {"sessions": 1, "on": DAY},
    "/contract": {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "cancel_on": DAY},
    "/instalments": {"amount": 100_000, "count": 10, "addon_rate": "7.5"},
    "/simulator/{catalog_id}/quote": {"sessions": 1, "on": DAY},
}
_NOT_JSON_FIX = (
    "send the body as JSON: Content-Type: application/json; "
    "with curl, -H 'Content-Type: application/json' or --json"
)


def test_every_endpoint_that_takes_a_body_takes_it_as_json(client_en: TestClient) -> None:
    document = client_en.get("/openapi.json").json()
    with_body = {
        path: operation
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        if "requestBody" in operation or method == "post"
    }
    # Every POST takes a body, only POSTs take one, and each says so the same way.
    assert sorted(with_body) == sorted(_BODIES)
    for path, operation in with_body.items():
        assert list(operation["requestBody"]["content"]) == ["application/json"], path
        assert "415" in operation["responses"], path
        url = path.replace("{catalog_id}", "example")
        text = json.dumps(_BODIES[path])
        for content_type in ("application/json", "application/json; charset=utf-8"):
            answer = client_en.post(url, content=text, headers={"Content-Type": content_type})
            assert answer.status_code == 200, (path, content_type, answer.text)
        for content_type, shown in (
            ("application/x-www-form-urlencoded", "as 'application/x-www-form-urlencoded'"),
            ("text/plain; charset=utf-8", "as 'text/plain; charset=utf-8'"),
            ("multipart/form-data; boundary=x", "as 'multipart/form-data; boundary=x'"),
            (None, "without a Content-Type"),
        ):
            headers = {} if content_type is None else {"Content-Type": content_type}
            body = _problem(client_en.post(url, content=text, headers=headers), 415)
            assert body == {
                "type": "about:blank",
                "title": "Unsupported Media Type",
                "status": 415,
                "code": "http.no_media_type" if content_type is None else "http.media_type",
                "detail": f"the body was sent {shown}; this endpoint reads JSON only",
                "fix": _NOT_JSON_FIX,
                "errors": [],
            }, path
    refused = client_en.post(
        "/catalogs/example/quote", content=b"{}", headers={"Content-Type": "text/plain"}
    )
    assert refused.headers["accept-post"] == "application/json"
    # A GET is not judged by a content type it has no use for; an unknown path or method
    # is still 404 or 405, whatever its body.
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    assert client_en.request("GET", "/catalogs", content=b"a=1", headers=form).status_code == 200
    _problem(client_en.post("/nowhere", content=b"a=1", headers=form), 404)
    _problem(client_en.post("/catalogs", content=b"a=1", headers=form), 405)
    # A JSON-based type is JSON; an echoed content type is cut short.
    problem_json = {"Content-Type": "application/problem+json"}
    sent = client_en.post("/instalments", json=_BODIES["/instalments"], headers=problem_json)
    assert sent.status_code == 200
    long_type = {"Content-Type": "text/" + "x" * 500}
    body = _problem(client_en.post("/instalments", content=b"{}", headers=long_type), 415)
    # 60 characters at most: the quote and "text/" (6), 50 x, "..." and the closing quote.
    shown = "'text/" + "x" * 50 + "...'"
    assert body["detail"] == f"the body was sent as {shown}; this endpoint reads JSON only"


def test_a_token_is_checked_before_the_content_type() -> None:
    app = create_app(CatalogStore([EXAMPLE]), token=TOKEN, reload_seconds=None)
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    with TestClient(app) as guarded:
        body = '{"sessions": 1}'
        _problem(guarded.post("/catalogs/example/quote", content=body, headers=form), 401)
        good = {**form, "Authorization": f"Bearer {TOKEN}"}
        _problem(guarded.post("/catalogs/example/quote", content=body, headers=good), 415)
        # The simulator needs no token, and takes JSON as the rest of the API does.
        _problem(guarded.post("/simulator/example/quote", content=body, headers=form), 415)


@pytest.mark.parametrize("format", ["html", "md", "csv", "json"])
@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_reports(client: TestClient, format: str, locale: str) -> None:
    prices = client.get(f"/catalogs/example/price-list?format={format}&locale={locale}&on={DAY}")
    assert prices.status_code == 200
    args = ["--catalog", str(EXAMPLE), "--format", format, "--locale", locale, "--date", DAY]
    out = io.StringIO()
    assert main(["report", "price-list", *args], stdout=out) == 0
    assert prices.text == out.getvalue()
    estimate = client.post(
        f"/catalogs/example/estimate?format={format}&locale={locale}",
        json={"sessions": 5, "on": DAY},
    )
    out = io.StringIO()
    assert main(["report", "estimate", *args, "--sessions", "5"], stdout=out) == 0
    assert estimate.text == out.getvalue()
    assert estimate.headers["content-type"].split(";")[0] in {
        "text/html",
        "text/markdown",
        "text/csv",
        "application/json",
    }


@pytest.mark.parametrize("day", [0, 1775001600, "1775001600", "2026-04-31", "2026-04-01T00:00:00"])
def test_every_date_over_http_is_a_calendar_date(client: TestClient, day: object) -> None:
    # pydantic's lax dates read 0 as 1970-01-01 and 1775001600 as 2026-04-01 (seconds since
    # 1970): a quote's, a contract's and a price list's day is written YYYY-MM-DD only. A
    # contract's field is named as a request's, by its JSON name.
    expected = "must be a date such as 2026-04-01, without a time"
    bodies = [
        ("/catalogs/example/quote", {"sessions": 1, "on": day}, "on: "),
        (
            "/contract",
            {"catalog": "example", "offer": "sup-iv-5", "received": day},
            "received: ",
        ),
        (
            "/contract",
            {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "cancel_on": day},
            "cancel_on: ",
        ),
    ]
    for path, body, field in bodies:
        problem = _problem(client.post(f"{path}?locale=en_US", json=body), 422)
        assert problem["detail"].startswith(f"{field}")
        assert expected in problem["detail"]
        assert "Input should" not in problem["detail"]
        # review30 F4: in Japanese (the default) the clause is Japanese too, not only the fix.
        problem = _problem(client.post(path, json=body), 422)
        name = field.removesuffix(": ")
        assert problem["detail"].startswith(f"{name} は 2026-04-01 のような日付にしてください")
        assert "must be" not in problem["detail"]
    problem = _problem(
        client.get(f"/catalogs/example/price-list?format=md&on={day}&locale=en_US"), 422
    )
    assert problem["detail"].startswith(f"query.on: {expected}")
    problem = _problem(client.get(f"/catalogs/example/price-list?format=md&on={day}"), 422)
    assert problem["detail"].startswith("query.on は 2026-04-01 のような日付にしてください")


def test_a_contract_price_is_read_with_or_before_tax_as_the_body_says(
    client_en: TestClient,
) -> None:
    # The example catalog's prices include tax: 148,500 for sup-iv-5 is read with tax, and
    # 135,000 before tax is 135,000 + 13,500 = 148,500 (F25).
    base = {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "cancel_on": DAY}
    for price, includes, read in ((148_500, None, True), (135_000, False, False)):
        response = client_en.post(
            "/contract", json={**base, "price": price, "price_includes_tax": includes}
        )
        assert response.status_code == 200, response.text
        data = response.json()
        assert (data["total"], data["tax"]) == (148_500, 13_500)
        assert data["agreed"] == {"amount": price, "includes_tax": read, "unit": "set"}
    assert "agreed" not in client_en.post("/contract", json=base).json()
    body = _problem(client_en.post("/contract", json={**base, "price_includes_tax": True}), 422)
    assert body["detail"] == "price_includes_tax says how to read price, and no price was given"
    assert [problem["field"] for problem in body["errors"]] == ["body.price_includes_tax"]


def test_contract_and_instalments_as_the_commands(client: TestClient) -> None:
    contract = client.post(
        "/contract",
        json={
            "catalog": "example",
            "offer": "sup-iv-5",
            "received": "2026-04-01",
            "used": 2,
            "cancel_on": "2026-05-01",
        },
    )
    assert contract.status_code == 200
    cli = _cli_json(
        [
            "contract",
            "--catalog",
            str(EXAMPLE),
            "--offer",
            "sup-iv-5",
            "--received",
            "2026-04-01",
            "--used",
            "2",
            "--cancel-on",
            "2026-05-01",
            "--format",
            "json",
        ]
    )
    assert contract.json() == cli
    plan = client.post("/instalments", json={"amount": 100_000, "count": 10, "addon_rate": "7.5"})
    # Add-on 7.5% of 100,000 is 7,500: ten payments of 10,750.
    assert plan.json()["payments"] == [10_750] * 10
    assert plan.json() == _cli_json(
        [
            "instalments",
            "--amount",
            "100000",
            "--count",
            "10",
            "--addon-rate",
            "7.5",
            "--format",
            "json",
        ]
    )
    # 19.5% on 1,500,000 is above 利息制限法's 15% for its tier (DOMAIN §11): accepted, noted
    # as the command line notes it (s31 F6).
    dear = client.post("/instalments", json={"amount": 1_500_000, "count": 12, "apr": "19.5"})
    assert dear.json()["notes"] == [
        {
            "code": "interest_limit_tier",
            "apr": "19.5",
            "limit": 15,
            "amount": 1_500_000,
            "tier_from": 1_000_000,
            "tier_below": None,
            "level": None,
            "last": None,
            "interest": None,
            "reduced": None,
        }
    ]
    args = ["instalments", "--amount", "1500000", "--count", "12", "--apr", "19.5"]
    assert dear.json() == _cli_json([*args, "--format", "json"])
    _problem(client.post("/instalments", json={"amount": 1, "count": 1}), 422)
    _problem(
        client.post("/contract", json={"catalog": "example", "offer": "x", "received": DAY}), 404
    )


def test_a_new_patient_with_a_history_is_a_422_saying_how_to_fix_it(client_en: TestClient) -> None:
    asked = {"sessions": 3, "history": {"sup-iv": 3}, "on": DAY}
    body = _problem(client_en.post("/catalogs/example/quote", json=asked), 422)
    clause = (
        "a history of sessions had at this clinic (sup-iv 3) is a returning patient's, but the "
        "request is for a new patient"
    )
    assert body["errors"] == [{"field": "body.new_patient", "message": clause}]
    assert body["fix"] == (
        'give "new_patient": false for a patient who already had sessions at this clinic, or '
        "leave history out for a new patient"
    )
    # A returning patient: 3 x 33,000 = 99,000 singles, no first-time price or first visit fee.
    back = client_en.post("/catalogs/example/quote", json=asked | {"new_patient": False})
    assert back.status_code == 200


def test_a_last_visit_is_a_request_field_checked_as_the_library_checks_it(
    client_en: TestClient,
) -> None:
    asked = {"sessions": 3, "history": {"sup-iv": 3}, "new_patient": False, "on": DAY}
    dated = client_en.post(
        "/catalogs/example/quote", json=asked | {"last_visit": {"sup-iv": "2026-03-20"}}
    )
    assert dated.status_code == 200
    assert dated.json()["request"]["last_visit"] == {"sup-iv": "2026-03-20"}
    # After the request's date: a 422 naming the field, saying how to fix it.
    late = asked | {"last_visit": {"sup-iv": "2099-01-01"}}
    body = _problem(client_en.post("/catalogs/example/quote", json=late), 422)
    assert body["errors"] == [
        {
            "field": "body.last_visit",
            "message": f"the last visit of sup-iv (2099-01-01) is after the course's date ({DAY})",
        }
    ]
    assert body["fix"].startswith("give the date of the last session already had")


def test_a_first_visit_is_a_request_field_dating_the_course_not_the_estimate(
    client: TestClient, client_en: TestClient
) -> None:
    asked = {"sessions": 3, "on": DAY, "first_visit": "2026-05-10"}
    later = client_en.post("/catalogs/example/quote", json=asked)
    assert later.status_code == 200
    assert (later.json()["request"]["first_visit"], later.json()["on"]) == ("2026-05-10",) * 2
    # The estimate is issued on the request's date and states the first visit.
    page = client.post("/catalogs/example/estimate?format=md", json=asked)
    assert page.status_code == 200
    assert "- **発行日**: 2026年4月1日\n" in page.text
    assert "- **初回施術日**: 2026年5月10日\n" in page.text
    # Before the request's date: a 422 naming the field, saying how to fix it.
    early = asked | {"first_visit": "2026-03-31"}
    body = _problem(client_en.post("/catalogs/example/quote", json=early), 422)
    assert body["errors"] == [
        {
            "field": "body.first_visit",
            "message": f"the first visit (2026-03-31) is before the quote's date ({DAY})",
        }
    ]
    assert body["fix"].startswith("give the day of the course's first session")


def test_contract_takes_the_tax_threshold_assumption(client: TestClient) -> None:
    base = {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "cancel_on": DAY}
    base |= {"rules": "cosmetic_medicine"}
    # The example's set is 148,500 with 13,500 tax (148,500 x 10 / 110): 135,000 before tax is
    # over 50,000 too, so the assumption decides nothing and no reason names it.
    plain = client.post("/contract", json=base).json()
    assert plain["applicable"] is True
    assert "amount_tax_decides" not in [r["code"] for r in plain["reasons"]]
    # Without tax the amount compared is 135,000.
    excluded = client.post("/contract", json=base | {"threshold_includes_tax": False}).json()
    assert excluded["reasons"][-1]["amount"] == 135_000
    assert excluded["reasons"][-1]["tax_included"] is False
    # An agreed price of 52,800 (48,000 + 4,800 tax) is covered only with tax: the reason says.
    agreed = client.post("/contract", json=base | {"price": 52_800}).json()
    assert agreed["applicable"] is True
    assert agreed["reasons"][-1]["code"] == "amount_tax_decides"
    assert agreed["reasons"][-1]["amount"] == 48_000
    _problem(client.post("/contract", json=base | {"threshold_includes_tax": "no"}), 422)


_LOAN = {
    "catalog": "example",
    "offer": "sup-iv-5",
    "rules": "cosmetic_medicine",
    "received": "2026-04-01",
    "used": 2,
    "cancel_on": "2026-06-01",
}


def test_contract_settles_what_a_medical_loan_patient_really_paid(client: TestClient) -> None:
    # DOMAIN §4 on the ¥148,500 set of 5, 2 sessions given: the limit is 2 x 29,700 = 59,400
    # plus the lower of 50,000 and 20% of 89,100 (17,820) = 77,220, whatever was paid.
    # Paid 50,000 on a loan: kept 50,000, refund 0, still owed at most 77,220 - 50,000.
    loan = client.post("/contract", json=_LOAN | {"paid": 50_000})
    assert loan.status_code == 200, loan.text
    data = loan.json()
    assert (data["paid"], data["keep_max"], data["refund_min"], data["owed_max"]) == (
        50_000,
        77_220,
        0,
        27_220,
    )
    cli = ["contract", "--catalog", str(EXAMPLE), "--offer", "sup-iv-5", "--received", DAY]
    cli += ["--rules", "cosmetic_medicine", "--used", "2", "--cancel-on", "2026-06-01"]
    assert data == _cli_json([*cli, "--paid", "50000", "--format", "json"])
    # Without paid, the set is taken as paid in full: refund 148,500 - 77,220 = 71,280.
    assert client.post("/contract", json=_LOAN).json()["refund_min"] == 71_280


def test_contract_takes_the_assumptions_and_clinic_terms(client: TestClient) -> None:
    def keep(**more: object) -> int:
        answer = client.post("/contract", json=_LOAN | more)
        assert answer.status_code == 200, answer.text
        kept: int = answer.json()["keep_max"]
        return kept

    # Started with none used: 0 given + the lower of 50,000 and 20% of 148,500 = 29,700,
    # not the 20,000 of before the start.
    assert keep(used=0) == 20_000
    assert keep(used=0, started=True) == 29_700
    # The clinic's 10% of the outstanding 89,100 (8,910) beside 59,400 given: 68,310.
    assert keep(clinic_terms={"fee_rate": "10%", "name": "当院規定"}) == 68_310
    # Valid to 2027-04-01 (民法) or 2027-03-31 (the day of receipt counted): cancelled on
    # 2027-04-01 with expired sessions not refundable, only the second keeps all 148,500.
    lapse = {"expired_sessions_refundable": False}
    assert keep(cancel_on="2027-04-01", assumptions=lapse) == 77_220
    counted = lapse | {"expiry_counts_receipt_day": True}
    assert keep(cancel_on="2027-04-01", assumptions=counted) == 148_500
    # Each field left out keeps its default: the top-level threshold choice still applies.
    both = client.post(
        "/contract",
        json=_LOAN | {"threshold_includes_tax": False, "assumptions": {"value_rounding": "ceil"}},
    ).json()
    assert both["reasons"][-1]["tax_included"] is False


def test_one_per_cent_of_a_clinic_is_one_per_cent_on_the_command_line_and_over_http(
    client: TestClient, client_en: TestClient
) -> None:
    # The clinic keeps 2 x 29,700 = 59,400 given plus 1% of the outstanding 89,100 (891):
    # 60,291, whether the command line says --clinic-fee-rate 1 or the body "1%" or "0.01".
    cli = ["contract", "--catalog", str(EXAMPLE), "--offer", "sup-iv-5", "--received", DAY]
    cli += ["--rules", "cosmetic_medicine", "--used", "2", "--cancel-on", "2026-06-01"]
    by_cli = _cli_json([*cli, "--clinic-fee-rate", "1", "--format", "json"])
    assert by_cli["keep_max"] == 60_291
    for rate in ("1%", "0.01"):
        answer = client.post("/contract", json=_LOAN | {"clinic_terms": {"fee_rate": rate}})
        assert answer.status_code == 200, answer.text
        assert answer.json() == by_cli
    # A bare 1 would be all of the 89,100 over HTTP and 1% on the command line: refused, with
    # how to write 1% and all of it, in either language (contracts.share's one refusal).
    for one in (1, "1", " 1 ", "１", "+1", "01"):
        sent = _LOAN | {"clinic_terms": {"fee_rate": one}}
        body = _problem(client_en.post("/contract", json=sent), 422)
        assert [e["field"] for e in body["errors"]] == ["body.clinic_terms"]
        detail = body["detail"]
        assert "fee_rate 1 is ambiguous: all of the amount as a proportion, but 1%" in detail
        assert "one per cent as '1%' or '0.01', and all of the amount as '100%' or '1.0'" in detail
        detail = _problem(client.post("/contract", json=sent), 422)["detail"]
        assert "fee_rate の 1 はあいまいです（割合としては全額、コマンドラインでは 1%）" in detail
        assert "1% なら '1%' か '0.01'、全額なら '100%' か '1.0' と書いてください" in detail
    # All of it can still be written as a proportion that is not a bare 1, or in percent.
    for whole in ("1.0", "100%"):
        answer = client.post("/contract", json=_LOAN | {"clinic_terms": {"fee_rate": whole}})
        assert answer.status_code == 200, answer.text


def test_contract_settlement_errors_name_the_json_fields(client_en: TestClient) -> None:
    body = _problem(client_en.post("/contract", json=_LOAN | {"paid": 200_000}), 422)
    assert body["detail"] == "paid 200,000 is outside 0 to the contract amount 148,500"
    assert body["fix"] == "give what the patient has actually paid towards this contract"
    assert [e["field"] for e in body["errors"]] == ["body.paid"]
    for bad in (-1, 50_000.0, "50000"):
        body = _problem(client_en.post("/contract", json=_LOAN | {"paid": bad}), 422)
        assert [e["field"] for e in body["errors"]] == ["body.paid"]
    body = _problem(client_en.post("/contract", json=_LOAN | {"started": False}), 422)
    assert body["detail"] == (
        '2 sessions were used, so treatment had started, not "started": false'
    )
    assert body["fix"] == 'leave out "started": false, or give "started": true'
    # An error of the whole query, naming no one field, is the library's own words.
    body = _problem(client_en.post("/contract", json=_LOAN | {"cancel_on": "2026-03-31"}), 422)
    assert body["detail"].startswith("the cancellation date 2026-03-31 is before the contract")
    twice = {"threshold_includes_tax": True, "assumptions": {"threshold_includes_tax": True}}
    body = _problem(client_en.post("/contract", json=_LOAN | twice), 422)
    assert [e["field"] for e in body["errors"]] == ["body.assumptions.threshold_includes_tax"]
    for nested in (
        {"assumptions": {"value_rounding": "up"}},
        {"assumptions": {"rounding": "ceil"}},
        {"clinic_terms": {"fee_rate": 0.1}},
        # a whole number is a proportion: 10 would be 1,000 %
        {"clinic_terms": {"fee_rate": 10}},
        {"clinic_terms": {"fee_cap": -1}},
    ):
        body = _problem(client_en.post("/contract", json=_LOAN | nested), 422)
        assert body["errors"][0]["field"].startswith(f"body.{next(iter(nested))}")


def test_the_contract_schema_reuses_the_settlement_records(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    properties = schemas["ContractQuery"]["properties"]
    assert {"paid", "started", "assumptions", "clinic_terms"} <= set(properties)
    assert set(schemas["Assumptions"]["properties"]) == set(Assumptions.model_fields)
    # A rate is text or a whole number, never a JSON float: the schema says what is read.
    # The text one is the decimal or percentage the record reads, so "" or "ten" is invalid.
    assert schemas["ClinicTerms"]["properties"]["fee_rate"]["anyOf"][:2] == [
        {"type": "string", "pattern": contracts_module._SHARE_TEXT},
        {"type": "integer", "minimum": 0, "maximum": 0},
    ]
    # The bare 1 the record refuses is outside the schema too, as text and as a number.
    assert re.fullmatch(contracts_module._SHARE_TEXT, "1") is None
    assert all(re.fullmatch(contracts_module._SHARE_TEXT, t) for t in ("1.0", "1%", "0.01"))


def test_bodies_are_worded_as_the_request_records_word_theirs(client_en: TestClient) -> None:
    body = _problem(client_en.post("/instalments", json={"amount": 1, "count": 1, "apr": [5]}), 422)
    assert [e["field"] for e in body["errors"]] == ["body.apr"]
    assert 'must be text such as "7.5" or a whole number' in body["detail"]
    query = {"amount": 1, "count": 1, "apr": "5", "round_unit": 7}
    body = _problem(client_en.post("/instalments", json=query), 422)
    assert body["detail"] == "round_unit must be 1, 10 or 100, got 7"
    # A body that is not one JSON object: the fix is how to send one, on every route.
    for path in ("/catalogs/example/quote", "/catalogs/example/quotes", "/contract"):
        for sent, detail in ((b"not json", "body: not valid JSON: "), (b"[1]", "must be one JSON")):
            body = _problem(client_en.post(path, content=sent, headers=_JSON_TYPE), 422)
            assert detail in body["detail"]
            assert "Input should" not in body["detail"]
            assert body["fix"] == (
                "send one JSON object as the body, with Content-Type: application/json"
            )


def test_contract_and_instalment_errors_name_the_json_fields(client_en: TestClient) -> None:
    # Python calls them apr_percent= and addon_rate_percent=; the query, apr and addon_rate.
    body = _problem(client_en.post("/instalments", json={"amount": 100_000, "count": 10}), 422)
    assert body["detail"] == "give exactly one of apr and addon_rate"
    assert body["fix"] == "use apr for level payments or addon_rate for the add-on method"
    # sup-iv-monthly is a monthly plan: a quantity of 2 applies only to sets.
    query = {"catalog": "example", "offer": "sup-iv-monthly", "received": DAY, "quantity": 2}
    body = _problem(client_en.post("/contract", json=query), 422)
    assert body["detail"].startswith("quantity 2 applies only to sets")
    assert "leave quantity at 1" in body["fix"]
    # sup-iv-5 holds 5 sessions.
    query = {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "used": 9}
    body = _problem(client_en.post("/contract", json=query), 422)
    assert body["detail"].startswith("used must be a whole number from 0 to the contract's 5")


def test_an_instalment_rate_in_json_is_the_librarys_grammar(client_en: TestClient) -> None:
    # A JSON integer is exact: 7 is 7%, as "7" is, and as apr_percent=7 in Python.
    whole = client_en.post("/instalments", json={"amount": 100_000, "count": 10, "apr": 7})
    text = client_en.post("/instalments", json={"amount": 100_000, "count": 10, "apr": "7"})
    assert whole.status_code == 200, whole.text
    assert whole.json() == text.json()
    # A JSON number with a point is not exact: the library's own fix, naming the field.
    body = _problem(
        client_en.post("/instalments", json={"amount": 100_000, "count": 10, "apr": 7.5}), 422
    )
    assert body["fix"] == "write it as text, such as '7.5' for 7.5%"
    assert body["detail"] == "apr 7.5 is a number with a decimal point, which is not exact"
    assert [e["field"] for e in body["errors"]] == ["body.apr"]


def test_openapi_document(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    assert document["openapi"].startswith("3.1")
    schemas = document["components"]["schemas"]
    assert {"QuoteRequest", "Quote", "Problem", "QuotePayment", "ContractPayment"} <= set(schemas)
    assert all("__" not in name for name in schemas)
    text = json.dumps(document, ensure_ascii=False)
    assert ">>>" not in text
    assert "Example:" not in text
    assert "Args:" not in text
    assert "security" not in document["paths"]["/healthz"]["get"]
    assert "with" in schemas["QuoteRequest"]["properties"]


# ---------------------------------------------------------------------------
# Bearer tokens


def test_token_file(tmp_path: Path) -> None:
    path = tmp_path / "token"
    path.write_text(TOKEN + "\n", encoding="utf-8")
    app = create_app(CatalogStore([EXAMPLE]), token=read_token(path), reload_seconds=None)
    with TestClient(app) as guarded:
        body = _problem(guarded.get("/catalogs"), 401)
        assert guarded.get("/catalogs").headers["www-authenticate"] == "Bearer"
        assert "Bearer" in body["fix"]
        _problem(guarded.get("/catalogs", headers={"Authorization": "Bearer wrong"}), 401)
        _problem(guarded.get("/openapi.json", headers={"Authorization": f"Basic {TOKEN}"}), 401)
        good = {"Authorization": f"Bearer {TOKEN}"}
        assert guarded.get("/catalogs", headers=good).status_code == 200
        document = guarded.get("/openapi.json", headers=good).json()
        assert document["paths"]["/catalogs"]["get"]["security"] == [{"bearer": []}]
        assert guarded.get("/healthz").status_code == 200
        assert guarded.get("/simulator/example").status_code == 200
        assert guarded.post("/simulator/example/quote", json={"sessions": 1}).status_code == 200


def test_bad_token_files(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="cannot read the token file"):
        read_token(tmp_path / "missing")
    short = tmp_path / "short"
    short.write_text("abc\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="3 characters long"):
        read_token(short)
    empty = tmp_path / "empty"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(ServiceError, match="0 characters long"):
        read_token(empty)


def test_a_token_file_is_read_bounded_and_only_from_a_file(tmp_path: Path) -> None:
    # /dev/zero never ends: it was read whole, until memory ran out.
    with pytest.raises(ServiceError, match="/dev/zero: not a regular file"):
        read_token("/dev/zero")
    # The OS's words, not a Python repr such as "[Errno 21] Is a directory: '...'".
    with pytest.raises(ServiceError, match=r"token file .*: Is a directory; give") as caught:
        read_token(tmp_path)
    assert "Errno" not in str(caught.value)
    with pytest.raises(ServiceError, match="missing: No such file or directory; give"):
        read_token(tmp_path / "missing")
    big = tmp_path / "big"
    big.write_bytes(b"x" * 4097)  # one byte over the 4,096 read
    with pytest.raises(ServiceError, match="longer than 4,096 bytes"):
        read_token(big)
    latin = tmp_path / "latin"
    latin.write_bytes(b"\xe9" * 20)
    with pytest.raises(ServiceError, match="is not UTF-8"):
        read_token(latin)
    exact = tmp_path / "exact"
    exact.write_bytes(TOKEN.encode() + b"\n" + b" " * (4096 - len(TOKEN) - 1))  # 4,096 bytes
    assert read_token(exact) == TOKEN


# ---------------------------------------------------------------------------
# The simulator page


_HOSTILE = """
schema_version = 1
[clinic]
name = "<script>alert('clinic')</script>クリニック"
[[treatments]]
id = "a"
name = "<img src=x onerror=alert(1)>点滴"
price = 11000
"""


def test_simulator_page(client: TestClient, tmp_path: Path) -> None:
    page = client.get("/simulator/example")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]
    html = page.text
    assert '<html lang="ja">' in html
    assert "料金シミュレーター" in html
    assert "Example Clinic" in html
    assert "33,000円" in html  # the price, in the page without any script
    assert "自由診療" in html
    assert "http://" not in html  # nothing from outside
    assert "https://" not in html
    english = client.get("/simulator/example?locale=en_US").text
    assert '<html lang="en">' in english
    assert "Cost simulator" in english
    # The link to the other language is in that language, and says so for screen readers.
    assert 'hreflang="ja" lang="ja">日本語</a>' in english
    assert 'hreflang="en" lang="en">English</a>' in html
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(_HOSTILE, encoding="utf-8")
    with TestClient(create_app(CatalogStore([hostile]), reload_seconds=None)) as other:
        text = other.get("/simulator/hostile").text
    assert "<script>alert" not in text
    assert "<img src=x" not in text
    assert "&lt;script&gt;alert(&#x27;clinic&#x27;)&lt;/script&gt;" in text
    script = client.get("/simulator/assets/simulator.js")
    assert script.headers["content-type"].startswith("text/javascript")
    assert "fetch(" in script.text
    style = client.get("/simulator/assets/simulator.css")
    assert ".sim form" in style.text
    _problem(client.get("/simulator/assets/other.js"), 404)


SNAPSHOTS = HERE / "report_snapshots"


@pytest.mark.parametrize("locale", ["ja_JP", "en_US"])
def test_simulator_page_of_a_catalog_without_optional_fees_is_unchanged(locale: str) -> None:
    # The reference catalog has no optional fees: its page is byte for byte the golden one
    # (regenerate with SUPECOST_UPDATE_SNAPSHOTS=1 and read the diff). The price list in it
    # dates its tax rates today, so the day is masked.
    page = simulator_page(reference_catalog(), "ref", locale=locale)
    page = re.sub(r"\d{4}年\d{1,2}月\d{1,2}日|[A-Z][a-z]{2} \d{1,2}, \d{4}", "<today>", page)
    path = SNAPSHOTS / f"reference-simulator.{locale}.html"
    if os.environ.get("SUPECOST_UPDATE_SNAPSHOTS") == "1":
        path.write_bytes(page.encode("utf-8"))
    assert page == path.read_bytes().decode("utf-8"), f"{path.name} differs from the snapshot"
    assert 'name="fee' not in page


EXAMPLE_V2 = HERE / "data" / "example-v2.toml"

# An optional fee outside any group, beside example-v2's travel fees, and one with a hostile name.
_ON_REQUEST = """
[[fees]]
id = "blood-on-request"
name = "血液検査（ご希望の方）"
name_en = "Blood test on request"
price = 2200
charged = "once"
optional = true
"""

_HOSTILE_FEES = """
schema_version = 2
[clinic]
name = "Clinic"
[[treatments]]
id = "a"
name = "点滴"
price = 11000
[[fees]]
id = "far"
name = "<img src=x onerror=alert(1)>出張費"
name_en = '"><script>alert(2)</script>'
price = 5500
charged = "every_visit"
optional = true
group = "travel"
[[fees]]
id = "near"
name = "出張費（近く）"
price = 3300
charged = "every_visit"
optional = true
group = "travel"
[[fees]]
id = "test"
name = "<b onclick=alert(3)>検査</b>"
price = 2200
charged = "once"
optional = true
applies_to = ["a"]
[[fee_groups]]
id = "travel"
name = "<script>alert(4)</script>出張"
name_en = "<u>Travel</u>"
"""


def test_simulator_page_offers_the_optional_fees(tmp_path: Path) -> None:
    catalog = load_catalog(EXAMPLE_V2)
    page = simulator_page(catalog, "v2")
    # The travel group: one fieldset, "none" first and chosen, then each area with its price
    # and how often it is charged, each input named by its label's for.
    assert "<legend>ご希望の場合の料金（いずれか1つ）</legend>" in page
    assert (
        '<label for="fee-group-0-none"><input type="radio" id="fee-group-0-none" '
        'name="fee-group-0" value="" data-fee checked> なし</label>'
    ) in page
    assert (
        '<label for="fee-3"><input type="radio" id="fee-3" name="fee-group-0" '
        'value="travel-23ku" data-fee> 出張費（23区内） — 5,500円（税込）／ご利用ごと</label>'
    ) in page
    assert (
        'value="travel-outside" data-fee> 出張費（23区外） — 11,000円（税込）／ご利用ごと' in page
    )
    assert 'type="checkbox" id="fee' not in page  # no ungrouped optional fee here
    english = simulator_page(catalog, "v2", locale="en_US")
    assert "<legend>Only if you ask for it (one of these)</legend>" in english
    assert "Home visit (Tokyo 23 wards) — ¥5,500 (tax incl.); every visit</label>" in english
    assert "> None</label>" in english
    # An ungrouped optional fee is a checkbox in its own fieldset.
    both = tmp_path / "both.toml"
    both.write_text(EXAMPLE_V2.read_text(encoding="utf-8") + _ON_REQUEST, encoding="utf-8")
    page = simulator_page(load_catalog(both), "both")
    assert "<legend>追加の料金</legend>" in page
    assert (
        '<label for="fee-5"><input type="checkbox" id="fee-5" name="fee" '
        'value="blood-on-request" data-fee> 血液検査（ご希望の方） — 2,200円（税込）／1回のみ'
        "</label>"
    ) in page
    # Fees always charged by their rule are no choice.
    assert 'value="first-consult" data-fee' not in page


_YEARLY = """schema_version = 2
[clinic]
name = "Club"
[[treatments]]
id = "a"
name = "A"
price = 10000
[[fees]]
id = "annual"
name = "年会費"
price = 11000
charged = "yearly"
[[fees]]
id = "locker"
name = "ロッカー年額"
price = 3300
charged = "yearly"
optional = true
"""


def test_the_simulator_shows_a_yearly_fee_charged_in_each_year(tmp_path: Path) -> None:
    path = tmp_path / "club.toml"
    path.write_text(_YEARLY, encoding="utf-8")
    catalog = load_catalog(path)
    page = simulator_page(catalog, "club")
    # The choice says how often, the price list below its price per year.
    assert "ロッカー年額 — 3,300円（税込）／1年ごと（初回と、以後各年の最初のご利用時）" in page
    assert "<span>11,000円</span><span>（税込）／年</span>" in page
    # 6 visits over 18 months, in months 0, 3, 6, 9, 12, 15: the fee in months 1 and 13,
    # 10,000 + 11,000 = 21,000 each; 6 x 10,000 + 2 x 11,000 = 82,000 in all.
    request = QuoteRequest(sessions=6, months=18, on=date(2026, 4, 1))
    shown = simulator_result(quote(catalog, request), catalog)
    assert shown.total == "82,000円"
    assert [(p.month, p.amount) for p in shown.payments][::4] == [
        ("1か月目（初回ご利用時）", "21,000円"),
        ("13か月目", "21,000円"),
    ]


def test_simulator_page_escapes_optional_fee_names(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    hostile.write_text(_HOSTILE_FEES, encoding="utf-8")
    catalog = load_catalog(hostile)
    for locale in ("ja_JP", "en_US"):
        page = simulator_page(catalog, "hostile", locale=locale)
        assert "<img src=x" not in page
        assert "<script>alert" not in page
        assert "<b onclick" not in page
        assert "<u>Travel" not in page
    page = simulator_page(catalog, "hostile")
    assert "&lt;img src=x onerror=alert(1)&gt;出張費 — 5,500円（税込）／ご利用ごと</label>" in page
    assert (
        "&lt;b onclick=alert(3)&gt;検査&lt;/b&gt; — 2,200円（税込）／1回のみ・対象：点滴</label>"
        in page
    )
    assert (
        "<legend>&lt;script&gt;alert(4)&lt;/script&gt;出張（いずれか1つ・ご希望の場合のみ）</legend>"
    ) in page
    english = simulator_page(catalog, "hostile", locale="en_US")
    assert (
        "&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt; — ¥5,500 (tax incl.); every visit"
    ) in english
    assert "<legend>&lt;u&gt;Travel&lt;/u&gt; (one of these, only if requested)</legend>" in english


# Prices set before tax (税別), a reduced-rate item, and a named group of travel fees.
_TAX_EXCLUDED = """
schema_version = 2
[clinic]
name = "税別クリニック"
prices_include_tax = false
[[treatments]]
id = "drip"
name = "点滴"
name_en = "IV drip"
price = 12345
[[treatments]]
id = "supplement"
name = "サプリメント"
price = 3000
tax = "reduced"
[[fees]]
id = "near"
name = "出張費（近く）"
price = 5000
charged = "every_visit"
optional = true
group = "travel"
[[fees]]
id = "far"
name = "出張費（遠く）"
price = 10000
charged = "every_visit"
optional = true
group = "travel"
[[fees]]
id = "blood"
name = "血液検査"
price = 2000
charged = "once"
optional = true
applies_to = ["drip"]
new_patients_only = true
[[fee_groups]]
id = "travel"
name = "出張費"
name_en = "Home visit"
"""


def _tax_excluded(tmp_path: Path) -> Path:
    path = tmp_path / "clinic.toml"
    path.write_text(_TAX_EXCLUDED, encoding="utf-8")
    return path


def test_simulator_states_prices_as_its_price_list_does(tmp_path: Path) -> None:
    catalog = load_catalog(_tax_excluded(tmp_path))
    page = simulator_page(catalog, "clinic")
    # 総額表示: the tax-included amount first, the clinic's own figure before tax beside it.
    # 12,345 + floor(12,345 x 10%) = 12,345 + 1,234 = 13,579.
    drip = "13,579円（税込・税抜12,345円）"
    # 3,000 + 3,000 x 8% = 3,240 (the reduced rate).
    supplement = "3,240円（税込・税抜3,000円）"
    assert f'<option value="drip">点滴 — {drip}</option>' in page
    assert f'<option value="supplement">サプリメント — {supplement}</option>' in page
    # The same text in the price list below the form, and in the price list on its own.
    # A numeric cell keeps each amount whole in a span of its own: read the cells' text.
    listed = re.sub(r"</?span>", "", page[page.index("</form>") :])
    alone = re.sub(r"</?span>", "", render(price_list(catalog, show_tax_excluded=True), "html"))
    for text in (drip, supplement, "5,500円（税込・税抜5,000円）", "2,200円（税込・税抜2,000円）"):
        assert text in listed, text
        assert text in alone, text
    assert "12,345円<" not in page  # never the figure before tax alone
    # The fees' choices: 5,000 + 500 = 5,500; 10,000 + 1,000 = 11,000; 2,000 + 200 = 2,200.
    assert "出張費（近く） — 5,500円（税込・税抜5,000円）／ご利用ごと</label>" in page
    assert "出張費（遠く） — 11,000円（税込・税抜10,000円）／ご利用ごと</label>" in page
    english = simulator_page(catalog, "clinic", locale="en_US")
    assert "IV drip — ¥13,579 (tax incl.; ¥12,345 before tax)</option>" in english
    # A catalog of tax-included prices shows no figure before tax (the reference snapshot).
    assert "税抜" not in simulator_page(reference_catalog(), "ref")


def test_simulator_says_why_prices_before_tax_have_no_monthly_payments(tmp_path: Path) -> None:
    with TestClient(create_app(CatalogStore([_tax_excluded(tmp_path)]), reload_seconds=None)) as c:
        path = "/simulator/clinic/quote"
        given = c.post(path, json={"sessions": 3, "months": 3, "on": DAY}).json()
        # Three drips of 12,345 before tax: 37,035 + floor(37,035 x 10%) = 37,035 + 3,703.
        assert given["total"] == "40,738円"
        # The months were given: the row gives the true reason, not "give the months".
        assert given["payments"] == [
            {
                "month": "税抜価格のため月ごとには分けません"
                "（消費税は請求全体で税率ごとに1回だけ計算します）",
                "amount": "40,738円",
            }
        ]
        without = c.post(path, json={"sessions": 3, "on": DAY}).json()
        assert without["payments"][0]["month"] == "期間を入れると月ごとに表示します"


_LADDER = """
schema_version = 2
[clinic]
name = "Clinic"
[[treatments]]
id = "hifu"
name = "ハイフ"
price = 30000
[[offers]]
kind = "ladder"
id = "hifu-loyalty"
treatment = "hifu"
steps = [ { from = 1, price = 30000 }, { from = 6, price = 25000 } ]
"""


def test_simulator_states_a_laddered_single_price_as_its_price_list_does(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ladder.toml"
    path.write_text(_LADDER, encoding="utf-8")
    page = simulator_page(load_catalog(path), "ladder")
    # No session costs the catalog's price alone: 30,000 for the 1st to 5th, 25,000 from the 6th.
    single = "25,000円〜30,000円（税込・何回目かにより異なります・下記の回数別単価）"
    assert f'<option value="hifu">ハイフ — {single}</option>' in page
    assert single in page[page.index("</form>") :]


def test_simulator_names_a_fee_group_and_says_each_fee_s_scope(tmp_path: Path) -> None:
    catalog = load_catalog(_tax_excluded(tmp_path))
    page = simulator_page(catalog, "clinic")
    # The legend is the group's name, worded as the price list words it.
    assert "<legend>出張費（いずれか1つ・ご希望の場合のみ）</legend>" in page
    assert "<td>ご利用ごと、出張費（いずれか1つ・ご希望の場合のみ）</td>" in page
    assert "ご希望の場合の料金（いずれか1つ）" not in page
    # A fee for some treatments, for new patients only, says so beside its choice, in the
    # price list's words (its 対象 column and its 請求時期 cell).
    assert (
        '<label for="fee-2"><input type="checkbox" id="fee-2" name="fee" value="blood" data-fee> '
        "血液検査 — 2,200円（税込・税抜2,000円）／1回のみ、当院が初めての方のみ・対象：点滴</label>"
    ) in page
    assert "<td>点滴</td><td>1回のみ、当院が初めての方のみ、ご希望の場合のみ</td>" in page
    english = simulator_page(catalog, "clinic", locale="en_US")
    assert "<legend>Home visit (one of these, only if requested)</legend>" in english
    assert (
        "血液検査 — ¥2,200 (tax incl.; ¥2,000 before tax); once, new patients only; "
        "Applies to: IV drip</label>"
    ) in english
    # A group the catalog does not name keeps the generic legend (example-v2's travel fees).
    assert "<legend>ご希望の場合の料金（いずれか1つ）</legend>" in simulator_page(
        load_catalog(EXAMPLE_V2), "v2"
    )


def test_simulator_figures_with_optional_fees() -> None:
    with TestClient(create_app(CatalogStore([EXAMPLE_V2]), reload_seconds=None)) as v2:
        request = {"treatment": "vitc:10g", "sessions": 5, "on": DAY}
        plain = v2.post("/simulator/example-v2/quote", json=request).json()
        # Five 10g drips as singles 5 x 11,000 = 55,000, and the first consultation 3,300.
        assert plain["total"] == "58,300円"
        home = v2.post(
            "/simulator/example-v2/quote", json=request | {"fees": ["travel-23ku"]}
        ).json()
        # At home in the 23 wards, 5,500 at every visit: 58,300 + 5 x 5,500 = 85,800.
        assert home["total"] == "85,800円"
        # Two areas at once is refused, saying which.
        both = v2.post(
            "/simulator/example-v2/quote",
            json=request | {"fees": ["travel-23ku", "travel-outside"]},
        )
        assert "travel" in _problem(both, 422)["detail"]


def test_simulator_figures(client: TestClient) -> None:
    request = {"sessions": 5, "on": DAY, "months": 2}
    shown = client.post("/simulator/example/quote", json=request).json()
    assert shown["best"] == "初回価格＋都度払い"
    assert shown["total"] == "145,100円"
    # 145,100 over 5 sessions is 29,020.
    assert shown["per_session"] == "29,020円"
    assert shown["payments"][0]["month"] == "1か月目（初回ご利用時）"  # as quotes and estimates say
    # Singles 168,300 - 145,100 = 23,200, in the same yen form as the total beside it.
    assert shown["saving"] == "都度払いより23,200円お得"
    english = client.post("/simulator/example/quote?locale=en_US", json={"sessions": 1}).json()
    assert english["total"].startswith("¥")
    assert english["payments"][0]["month"] == "Give the months to see it month by month"
    many = client.post(
        "/simulator/example/quote", json={"sessions": 4, "months": 3, "on": DAY}
    ).json()
    assert [p["month"] for p in many["payments"]][1:] == ["2か月目", "3か月目"]
    singles = client.post(
        "/simulator/example/quote", json={"sessions": 1, "on": DAY, "new_patient": False}
    ).json()
    assert singles["saving"] == "都度払いがいちばん安い買い方です"
    assert singles["cheaper"] == []


def test_the_simulator_route_prices_every_way_for_its_cheaper_lines() -> None:
    # Review F4: the route's quote lists every way, so the line under the total is the one
    # the quote prints (reference, 5 sessions: the plan's 168,300 below singles' 453,300).
    app = create_app(CatalogStore.from_catalogs({"ref": reference_catalog()}))
    with TestClient(app) as ref:
        shown = ref.post("/simulator/ref/quote", json={"sessions": 5, "on": "2026-04-01"}).json()
    line = "上限の価格では幹細胞培養上清液点滴 月額プランが最安（その価格の分からない買い方を除く）"
    assert shown["cheaper"] == [f"{line}：168,300円"]


# ---------------------------------------------------------------------------
# Catalog reloads


_TICKS = itertools.count(1)


def _write(path: Path, price: int) -> None:
    text = EXAMPLE.read_text(encoding="utf-8").replace("price = 33000", f"price = {price}", 1)
    path.write_text(text, encoding="utf-8")
    # A later mtime on every write, however coarse the file system's clock.
    stamp = time.time_ns() + next(_TICKS) * 10**9
    os.utime(path, ns=(stamp, stamp))


def _catalog_folder(tmp_path: Path, *ids: str) -> Path:
    """A ``--catalog-dir`` holding the example catalog under each id."""
    folder = tmp_path / "catalogs"
    folder.mkdir()
    for key in ids:
        _write(folder / f"{key}.toml", 33000)
    return folder


@pytest.mark.parametrize(
    ("name", "renamed"),
    [
        ("Tax X.toml", "tax-x.toml"),
        ("clinic_a.toml", "clinic-a.toml"),
        ("-clinic.toml", "clinic.toml"),
        ("クリニック.toml", "catalog.toml"),  # nothing of an id's characters is left
        ("A" * 70 + ".toml", "a" * 64 + ".toml"),  # an id is 64 characters at most
    ],
)
def test_a_file_named_as_no_id_is_refused_with_a_name_to_give_it(
    name: str, renamed: str, tmp_path: Path
) -> None:
    path = tmp_path / name
    path.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ServiceError) as caught:
        CatalogStore([path])
    assert caught.value.code == "serve.file_id"
    assert caught.value.hint == f"rename the file, such as to {renamed}"
    assert caught.value.params["renamed"] == renamed
    # The name suggested is an id: renamed, the file is served under it.
    fixed = path.rename(tmp_path / renamed)
    assert list(CatalogStore([fixed]).snapshot) == [catalog_id(fixed)]


def test_a_misnamed_file_found_on_a_reload_is_not_served(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _catalog_folder(tmp_path, "clinic")
    store = CatalogStore(folders=[folder])
    (folder / "Clinic B.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="supecost.service"):
        assert not store.refresh()
        assert not store.refresh()  # logged once, not at every reload
    assert list(store.snapshot) == ["clinic"]
    assert dict(store.failed) == {}
    assert caplog.text.count("is no catalog id") == 1
    assert "rename the file, such as to clinic-b.toml" in caplog.text
    with TestClient(create_app(store, reload_seconds=None)) as client:
        _problem(client.get("/catalogs/Clinic B"), 404)
    # Renamed, it is served.
    (folder / "Clinic B.toml").rename(folder / "clinic-b.toml")
    assert store.refresh()
    assert sorted(store.snapshot) == ["clinic", "clinic-b"]
    # A folder holding one at the start refuses to start, as a --catalog file does.
    (folder / "Clinic C.toml").write_text("", encoding="utf-8")
    with pytest.raises(ServiceError, match=r"'Clinic C\.toml' cannot be served"):
        CatalogStore(folders=[folder])


def test_reload_keeps_the_last_good_catalog(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    clinic = folder / "clinic.toml"
    _write(clinic, 33000)
    store = CatalogStore(folders=[folder])
    held = store.snapshot
    assert store.refresh() is False
    _write(clinic, 44000)
    assert store.refresh() is True
    assert store.snapshot["clinic"].treatments[0].price.min == 44000
    assert held["clinic"].treatments[0].price.min == 33000  # a request's snapshot never changes
    clinic.write_text(clinic.read_text(encoding="utf-8") + "\n[[offers]]\nkind = 3\n")
    with caplog.at_level(logging.ERROR, logger="supecost.service"):
        assert store.refresh() is False
    assert store.snapshot["clinic"].treatments[0].price.min == 44000
    assert f"{clinic}:" in caplog.text  # the file and line of the problem
    assert "keeping the last good one" in caplog.text
    (folder / "second.json").write_text(
        json.dumps(reference_catalog().model_dump(mode="json", exclude_defaults=True)),
        encoding="utf-8",
    )
    assert store.refresh() is True
    assert sorted(store.snapshot) == ["clinic", "second"]
    (folder / "second.json").unlink()
    assert store.refresh() is True
    assert sorted(store.snapshot) == ["clinic"]
    (folder / "clinic.json").write_text((folder / "clinic.toml").read_text(), encoding="utf-8")
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="supecost.service"):
        store.refresh()
    assert "not serving it" in caplog.text or "two catalogs" in caplog.text
    shutil.rmtree(folder)
    with caplog.at_level(logging.ERROR, logger="supecost.service"):
        assert store.refresh() is False
    assert "cannot read the catalog folder" in caplog.text


def test_a_request_finishes_on_the_catalog_it_started_with(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "clinic.toml"
    _write(path, 33000)
    store = CatalogStore([path])
    real = app_module.quote

    def edit_midway(catalog: Any, request: Any, **options: Any) -> Any:
        _write(path, 55000)
        assert store.refresh() is True  # the reload lands while the request is being priced
        return real(catalog, request, **options)

    monkeypatch.setattr(app_module, "quote", edit_midway)
    with TestClient(create_app(store, reload_seconds=None)) as test_client:
        first = test_client.post("/catalogs/clinic/quote", json={"sessions": 1, "on": DAY})
        monkeypatch.setattr(app_module, "quote", real)
        second = test_client.post("/catalogs/clinic/quote", json={"sessions": 1, "on": DAY})
    # 1 session, new patient: the intro price 9,800 + consultation 3,300 either way; the
    # single price shows in the singles option: 33,000 + 3,300, then 55,000 + 3,300.
    singles = [
        next(o for o in r.json()["options"] if o["label"] == "singles") for r in (first, second)
    ]
    assert [s["total"]["min"] for s in singles] == [36_300, 58_300]


def test_store_errors(tmp_path: Path) -> None:
    with pytest.raises(ServiceError, match="no catalog to serve"):
        CatalogStore()
    with pytest.raises(ServiceError, match="cannot read the catalog folder"):
        CatalogStore(folders=[tmp_path / "missing"])
    (tmp_path / "a.toml").write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "a.json").write_text(
        json.dumps(load_catalog(EXAMPLE).model_dump(mode="json")), encoding="utf-8"
    )
    with pytest.raises(ServiceError, match="two catalogs have the id 'a'"):
        CatalogStore(folders=[tmp_path])
    (tmp_path / "a.json").write_text("{", encoding="utf-8")
    with pytest.raises(CatalogError):
        CatalogStore(folders=[tmp_path])
    assert CatalogStore([EXAMPLE]).watched() == (str(EXAMPLE),)


def test_sighup_and_the_watcher_reload(tmp_path: Path) -> None:
    path = tmp_path / "clinic.toml"
    _write(path, 33000)
    store = CatalogStore([path])
    woken: list[bool] = []
    restore = app_module._on_sighup(lambda: woken.append(True))
    try:
        os.kill(os.getpid(), signal.SIGHUP)
        time.sleep(0.05)
    finally:
        restore()
    assert woken == [True]

    async def wake_once() -> None:
        wake = asyncio.Event()
        task = asyncio.create_task(app_module._watch(store, wake, 60))
        _write(path, 44000)
        wake.set()  # what SIGHUP does
        for _ in range(200):
            await asyncio.sleep(0.01)
            if store.snapshot["clinic"].treatments[0].price.min == 44000:
                break
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task

    asyncio.run(wake_once())
    assert store.snapshot["clinic"].treatments[0].price.min == 44000
    off_thread: list[object] = []
    thread = threading.Thread(target=lambda: off_thread.append(app_module._on_sighup(print)()))
    thread.start()
    thread.join()
    assert off_thread == [None]


def test_in_memory_store() -> None:
    store = CatalogStore.from_catalogs({"ref": reference_catalog()})
    assert store.refresh() is False
    assert list(store.snapshot) == ["ref"]


# ---------------------------------------------------------------------------
# supecost serve


def test_serve_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # uvicorn is handed the socket serve bound (review31: no second bind to lose the port to),
    # and the socket is closed once the server stops.
    calls: list[tuple[Any, list[socket.socket]]] = []

    def server_run(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        assert sockets is not None
        assert sockets[0].getsockname()[0] == "127.0.0.1"
        calls.append((self.config, sockets))

    monkeypatch.setattr(uvicorn.Server, "run", server_run)
    monkeypatch.setattr(Multiprocess, "run", lambda self: calls.append((self.config, self.sockets)))
    assert main(["serve", "--catalog", str(EXAMPLE), "--port", "0"]) == 0
    config, sockets = calls[0]
    assert (config.host, config.port, config.log_level, config.workers) == (
        "127.0.0.1",
        0,
        "info",
        1,
    )
    assert [s.fileno() for s in sockets] == [-1]
    token = tmp_path / "token"
    token.write_text(TOKEN, encoding="utf-8")
    folder = tmp_path / "catalogs"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.toml")
    shutil.copy(HERE / "data" / "example.json", folder / "other.json")
    argv = ["serve", "--catalog-dir", str(folder), "--workers", "2", "--port", "0"]
    monkeypatch.setenv("SUPECOST_SERVE_SETTINGS", "{}")  # restored after the test
    assert main([*argv, "--token-file", str(token)]) == 0
    config, sockets = calls[1]
    assert config.app == "supecost.service:app_from_environment"
    assert config.workers == 2
    assert config.factory is True
    assert [s.fileno() for s in sockets] == [-1]
    app = app_from_environment()
    with TestClient(app) as worker:
        assert worker.get("/catalogs").status_code == 401
        listed = worker.get("/catalogs", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    assert [c["id"] for c in listed] == ["example", "other"]


def test_serve_answers_on_the_socket_it_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    # review31: no second bind, so no other program can take the port in between. The port is
    # 0, so the server answers on the bound socket's port only if it serves that very socket
    # (a bind of its own would choose another port, and the bound one would refuse).
    bound: list[socket.socket] = []
    listen = serve_module._listen
    monkeypatch.setattr(serve_module, "_listen", lambda *a: bound.append(listen(*a)) or bound[-1])
    servers: list[uvicorn.Server] = []
    init = uvicorn.Server.__init__

    def kept(self: uvicorn.Server, config: uvicorn.Config) -> None:
        init(self, config)
        servers.append(self)

    monkeypatch.setattr(uvicorn.Server, "__init__", kept)
    thread = threading.Thread(target=serve_module.serve, args=([str(EXAMPLE)],), kwargs={"port": 0})
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not (servers and servers[0].started):
            assert thread.is_alive(), "serve stopped"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        port = bound[0].getsockname()[1]
        assert _get_json(f"http://127.0.0.1:{port}/healthz")["status"] == "ok"
    finally:
        if servers:
            servers[0].should_exit = True
        thread.join(timeout=20)
    assert [s.fileno() for s in bound] == [-1]  # closed once the server stopped


def test_serve_stops_on_ctrl_c_without_a_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    # uvicorn raises SIGINT again once it has stopped; the command ends as asked, status 0.
    def interrupted(self: uvicorn.Server, sockets: list[socket.socket] | None = None) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(uvicorn.Server, "run", interrupted)
    assert main(["serve", "--catalog", str(EXAMPLE), "--port", "0"]) == 0


@pytest.mark.parametrize(
    ("argv", "message", "english"),
    [
        (
            ["serve"],
            "--catalog PATH か --catalog-dir DIR を指定してください",
            "give --catalog PATH or --catalog-dir DIR",
        ),
        (
            ["serve", "--catalog", "x.toml", "--workers", "0"],
            "--workers は 1〜1,024 の整数にしてください（指定値 '0'）",
            "--workers must be a whole number from 1 to 1,024",
        ),
        (
            ["serve", "--catalog", "x.toml", "--workers", "５０００"],
            "--workers は 1〜1,024 の整数にしてください（指定値 '５０００'）",
            "--workers must be a whole number from 1 to 1,024",
        ),
        (
            ["serve", "--catalog", "x.toml", "--port", "70000"],
            "--port は 0〜65,535 の整数にしてください（指定値 '70000'）",
            "--port must be a whole number from 0 to 65,535",
        ),
        (
            ["serve", "--catalog", "missing.toml"],
            "missing.toml: ファイルがありません",
            "missing.toml",
        ),
    ],
)
def test_serve_refuses_bad_options(argv: list[str], message: str, english: str) -> None:
    # Japanese by default, and in --locale: the command's own errors, not the service's.
    err = io.StringIO()
    assert main(argv, stdout=io.StringIO(), stderr=err) == 2
    assert message in err.getvalue()
    # One prefix, as every other command's errors have.
    assert err.getvalue().startswith("supecost serve: エラー: ")
    assert err.getvalue().count("supecost") == 1
    err = io.StringIO()
    assert main([*argv, "--locale", "en_US"], stdout=io.StringIO(), stderr=err) == 2
    assert err.getvalue().startswith("supecost serve: error: ")
    assert english in err.getvalue()


def test_serve_refuses_a_port_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    # review30 F5: uvicorn would log its English error and exit 3; the command binds first.
    started: list[object] = []
    monkeypatch.setattr(uvicorn.Server, "run", lambda *a, **k: started.append(a))
    monkeypatch.setattr(Multiprocess, "run", lambda *a, **k: started.append(a))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = ["serve", "--catalog", str(EXAMPLE), "--port", str(port)]
        err = io.StringIO()
        assert main(argv, stdout=io.StringIO(), stderr=err) == 2
        assert err.getvalue() == (
            f"supecost serve: エラー: ポート {port}（--host '127.0.0.1'）は使用中です（別の"
            "プログラムが使っています）。そのプログラムを止めるか、別の --port を指定してください\n"
        )
        err = io.StringIO()
        assert main([*argv, "--locale", "en_US"], stdout=io.StringIO(), stderr=err) == 2
        assert f"port {port} is in use on 127.0.0.1:{port}" in err.getvalue()
        for workers in ("1", "2"):
            with pytest.raises(ServiceError) as refused:
                serve_module.serve([str(EXAMPLE)], port=port, workers=int(workers))
            assert refused.value.code == "serve.port_in_use"
    assert started == []


@pytest.mark.parametrize(
    ("error", "code", "ja"),
    [
        (errno.EACCES, "serve.port_denied", "ポート 80 で待ち受ける権限がありません"),
        (
            errno.EADDRNOTAVAIL,
            "serve.listen",
            "--host '192.0.2.1' のポート 80 で待ち受けできません",
        ),
    ],
)
def test_serve_refuses_an_address_it_cannot_listen_on(
    monkeypatch: pytest.MonkeyPatch, error: int, code: str, ja: str
) -> None:
    # A privileged port, or an address not this machine's: worded, exit 2. The bind is made to
    # fail as the kernel does, so the test needs neither a non-root user nor a network.
    def refuse(self: socket.socket, address: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(socket.socket, "bind", refuse)
    with pytest.raises(ServiceError) as refused:
        serve_module._listen("192.0.2.1", 80)
    assert refused.value.code == code
    assert error_text(refused.value, "ja_JP").startswith(ja)


def test_serve_reads_full_width_digits_as_every_number(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[dict[str, Any]] = []
    monkeypatch.setattr("supecost.service.serve", lambda *a, **k: ran.append(k))
    argv = ["serve", "--catalog", str(EXAMPLE), "--port", "８０８０", "--workers", "２"]
    assert main(argv) == 0
    assert (ran[0]["port"], ran[0]["workers"]) == (8080, 2)


def test_serve_without_the_extra_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "supecost.service", None)
    err = io.StringIO()
    assert main(["serve", "--catalog", str(EXAMPLE)], stderr=err) == 2
    assert "pip install 'supecost[serve]'" in err.getvalue()


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


def _price_or_none(url: str) -> int | None:
    """The first treatment's low price, or ``None`` while no worker answers."""
    try:
        price = _get_json(url)["treatments"][0]["price"]["min"]
    except OSError:
        return None
    assert isinstance(price, int)
    return price


_LISTENING = re.compile(r"Uvicorn running on http://127\.0\.0\.1:(\d+) ")


@contextlib.contextmanager
def _serving(argv: list[str]) -> Iterator[tuple[subprocess.Popen[bytes], str, list[str]]]:
    """``supecost serve`` in its own process on a port the system chooses (``--port 0``).

    Yields the process, its base URL (the port the command logs it bound) once it answers
    /healthz, and its log so far, complete once the block ends: the process is then ended.
    """
    server = subprocess.Popen(
        [sys.executable, "-m", "supecost", "serve", *argv, "--port", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    assert server.stderr is not None
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(map(bytes.decode, server.stderr)))  # type: ignore[arg-type]
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while not (ports := [m[1] for line in list(log) if (m := _LISTENING.search(line))]):
            assert server.poll() is None, f"supecost serve stopped: {log}"
            assert time.monotonic() < deadline, "supecost serve did not start"
            time.sleep(0.05)
        base = f"http://127.0.0.1:{ports[0]}"
        while True:
            try:
                _get_json(f"{base}/healthz")
                break
            except OSError:
                assert server.poll() is None, f"supecost serve stopped: {log}"
                assert time.monotonic() < deadline, "supecost serve did not answer"
                time.sleep(0.1)
        yield server, base, log
    finally:
        if server.poll() is None:
            server.send_signal(signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:  # pragma: no cover - only a hung server
                server.kill()
                server.wait()
        reader.join(timeout=30)
        server.stderr.close()


@pytest.mark.parametrize(
    "workers",
    ["1", pytest.param("2", marks=pytest.mark.slow)],  # two workers take seconds more
)
def test_supecost_serve_answers_on_the_socket_it_bound(tmp_path: Path, workers: str) -> None:
    # review31: the command binds once and uvicorn serves that very socket. With --port 0 the
    # system chooses the port as the command binds: a second bind would choose another, and
    # the port logged would answer nothing.
    with _serving(["--catalog", str(EXAMPLE), "--workers", workers]) as (server, base, _):
        assert _get_json(f"{base}/healthz")["status"] == "ok"
        assert [c["id"] for c in _get_json(f"{base}/catalogs")] == ["example"]
    assert server.returncode == 0  # Ctrl+C ends it as asked, no traceback
    # A second command on that port is refused as its port is taken, exit 2, worded.
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        command = [sys.executable, "-m", "supecost", "serve", "--catalog", str(EXAMPLE)]
        refused = subprocess.run(
            [*command, "--port", str(port), "--workers", workers, "--locale", "en_US"],
            capture_output=True,
            text=True,
            timeout=60,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
            check=False,
        )
    assert refused.returncode == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"supecost serve: error: port {port} is in use on 127.0.0.1:{port}: another program "
        "listens on it; stop that program, or give another --port\n"
    )


@pytest.mark.parametrize(
    "workers",
    ["1", pytest.param("2", marks=pytest.mark.slow)],  # two workers take seconds more
)
def test_supecost_serve_reloads_on_sighup(tmp_path: Path, workers: str) -> None:
    # The real command in its own process: loopback only, a port it binds, SIGHUP to reload.
    # With two workers uvicorn restarts them on SIGHUP, and they start on the kept copies.
    path = tmp_path / "clinic.toml"
    _write(path, 33000)
    with _serving(["--catalog", str(path), "--workers", workers]) as (server, base, log):
        prices = f"{base}/catalogs/clinic"
        assert _get_json(prices)["treatments"][0]["price"]["min"] == 33000
        _write(path, 44000)
        server.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 30
        while _price_or_none(prices) != 44000:  # None while restarted workers start
            assert time.monotonic() < deadline, "SIGHUP did not reload the catalog"
            time.sleep(0.05)
        path.write_text("schema_version = 1\n[clinic\n", encoding="utf-8")
        server.send_signal(signal.SIGHUP)
        time.sleep(1)
        # Every worker, restarted or reloading, ends on the last good catalog.
        deadline = time.monotonic() + 30
        seen: list[int | None] = []
        while seen[-6:] != [44000] * 6:
            assert time.monotonic() < deadline, f"not the last good catalog: {seen[-6:]}"
            seen.append(_price_or_none(prices))
            time.sleep(0.2)
        assert server.poll() is None
    assert f"{path}:2" in "".join(log)  # the broken file's line is logged


# ---------------------------------------------------------------------------
# The whole API from its OpenAPI document


_API = create_app(CatalogStore([EXAMPLE]), reload_seconds=None)
# One test per operation of the app's own document, named as schemathesis names them.
LABELS = sorted(
    f"{method.upper()} {path}"
    for path, methods in _API.openapi()["paths"].items()
    for method in methods
)
# schemathesis's pytest plugin is switched off (`-p no:schemathesis` in pyproject.toml):
# it imports hypothesis, and so supecost, before coverage starts. Its strategies are
# drawn here instead. It is imported when an operation is first checked, not when the
# tests are collected: every worker collects, and loading it costs seconds each time.


@functools.cache
def _operations() -> dict[str, Any]:
    import schemathesis

    schema = schemathesis.openapi.from_asgi("/openapi.json", _API)
    return {result.ok().label: result.ok() for result in schema.get_all_operations()}


def test_every_operation_is_checked() -> None:
    assert len(LABELS) == 13
    assert sorted(_operations()) == LABELS


@pytest.mark.parametrize("label", LABELS)
@settings(
    max_examples=int(os.environ.get("SUPECOST_API_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    database=None,
)
@given(data=st.data())
def test_api_from_its_openapi_document(label: str, data: st.DataObject) -> None:
    from schemathesis import checks

    case = data.draw(_operations()[label].as_strategy())
    if label not in ("GET /simulator/assets/simulator.js", "GET /simulator/assets/simulator.css"):
        # In English: the rules the schema cannot state are matched by their English words.
        case.query = {**(case.query or {}), "locale": "en_US"}
    # No 5xx, and every response matches its documented schema and content type; a body
    # the schema allows is accepted (ST202), but for the rules it cannot state.
    response = case.call_and_validate(
        checks=[
            checks.not_a_server_error,
            checks.response_schema_conformance,
            checks.content_type_conformance,
        ]
    )
    if (
        case.meta is not None
        and case.meta.generation.mode.is_positive
        and response.status_code == 422
    ):
        messages = [error["message"] for error in response.json()["errors"]]
        unstated = [m for m in messages if not any(r.search(m) for r in _UNSTATED_RULES)]
        assert not unstated, f"schema-valid and refused: {unstated} for {case.body!r}"


_UNSTATED_RULES = [
    re.compile(pattern)
    for pattern in (
        # JSON Schema's integer is a number, 2.0 too; supecost takes whole numbers as
        # JSON writes them, without a point (docs/howto/http.md, "Handle errors").
        r"must be a whole number, got -?[0-9]+\.0$",
        r"\b[0-9]+\.0 is a number with a decimal point, which is not exact$",
        r"must be a whole number of yen \(int\), got -?[0-9]+\.0 of type float",
        r"rate -?[0-9]+\.0 of type float is not exact",
        # Rules between fields, which the fields' descriptions state in words.
        r"the range's min [0-9]+ is above its max [0-9]+; swap them$",
        r"the range [0-9]+–[0-9]+ spans [0-9]+ counts, more than 100; narrow the range$",
        r"cannot be spread over [0-9]+ instalments of at least",
        r"the amount with interest comes to [0-9,]+ yen, more than supecost can handle",
        r"an APR of .* is above the 20% ceiling",
        r"APR would be",
        r"is outside the supported bounds of",
        r"is a returning patient's, but the request is for a new patient$",
        r"goods delivered monthly \(goods_monthly\) are paid over the course's months$",
        r"delivered monthly for at least [0-9]+ months, but the course runs [0-9]+$",
        r"a last visit of \S+ dates a session had before, but history has none$",
        r"the last visit of \S+ \([0-9-]+\) is after the course's date \([0-9-]+\)$",
    )
]


# ---------------------------------------------------------------------------
# The simulator in a real headless Chromium

CHROMIUM = find_browser()
CHROMEDRIVER = shutil.which("chromedriver")
needs_browser = pytest.mark.skipif(
    CHROMIUM is None or CHROMEDRIVER is None,
    reason="Chromium and chromedriver are not installed; .ci/run installs them "
    "(apt-get install chromium chromium-driver fonts-noto-cjk)",
)


@contextlib.contextmanager
def _server(app: Any) -> Iterator[str]:
    """A real uvicorn server on a free loopback port, in a thread."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


def _first_total(driver: Any, url: str) -> tuple[Any, Any]:
    """Open a simulator page and wait for its first figures (the form's 5 sessions): its
    total, and a wait for the next total other than one given, which it returns."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(url)
    total = driver.find_element(By.ID, "total")
    result = driver.find_element(By.ID, "result")
    WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "5")

    def settles(before: str) -> str:
        WebDriverWait(driver, 20).until(lambda _: total.text not in ("", before))
        return str(total.text)

    return total, settles


@contextlib.contextmanager
def _browser(tab: Any, app: Any) -> Iterator[tuple[Any, str]]:
    """``app`` served by :func:`_server`, and the shared Chromium's new tab (conftest's ``tab``,
    800 x 1400 px): the driver, the base URL."""
    with _server(app) as base:
        yield tab, base


@needs_browser
def test_simulator_in_chromium(tmp_path: Path, tab: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    # The report tests' own PNG reader and ink count, so a page is judged as reports are.
    spec = importlib.util.spec_from_file_location("_report_checks", HERE / "test_report.py")
    assert spec is not None
    assert spec.loader is not None
    report_checks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(report_checks)

    app = create_app(CatalogStore.from_catalogs({"ref": reference_catalog()}))
    with _browser(tab, app) as (driver, base):
        # A phone's screen (Chrome's windows are never narrower than 500 px).
        phone = {"width": 375, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)
        driver.get(f"{base}/simulator/ref")
        sessions = driver.find_element(By.ID, "sessions")
        sessions.send_keys(Keys.CONTROL, "a")
        sessions.send_keys("8")
        sessions.send_keys(Keys.TAB)  # the keyboard alone moves on and triggers it
        result = driver.find_element(By.ID, "result")
        WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "8")
        total = driver.find_element(By.ID, "total").text
        way = driver.find_element(By.ID, "best").text
        cheaper = driver.find_element(By.ID, "cheaper").text
        errors = driver.find_element(By.ID, "error").text
        width = driver.execute_script("return document.documentElement.scrollWidth")
        png = driver.get_screenshot_as_png()
    out = io.StringIO()
    assert main(["quote", "--sessions", "8"], stdout=out) == 0
    # The page and the quote word the cheapest way alike: singles at the low end only (the
    # set's high end is open), the low end named so (no standard price is stated).
    assert way == "都度払い（下限の価格で最安）"
    assert f"下限の価格で最安: 都度払い — {total}\n" in out.getvalue()
    assert total == "83,300円〜723,300円"
    # Review F4: the cheaper line under the total, as the quote prints it.
    ref = reference_catalog()
    shown = simulator_result(quote(ref, QuoteRequest(sessions=8)), ref)
    assert shown.cheaper
    assert cheaper == "\n".join(shown.cheaper)
    assert f"{shown.cheaper[0]}\n" in out.getvalue()
    assert errors == ""
    assert width <= 375, f"the page is {width} px wide on a phone"
    _, channels, rows = report_checks._png_pixels(png)
    ink = report_checks._ink(rows, channels)
    assert ink > 20_000, f"only {ink} dark pixels: the page looks blank"


@needs_browser
def test_simulator_optional_fees_in_chromium(tmp_path: Path, tab: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    clinic = tmp_path / "clinic.toml"
    clinic.write_text(EXAMPLE_V2.read_text(encoding="utf-8") + _ON_REQUEST, encoding="utf-8")
    app = create_app(CatalogStore([clinic]), reload_seconds=None)
    shown: list[str] = []
    with _browser(tab, app) as (driver, base):
        phone = {"width": 375, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)
        driver.get(f"{base}/simulator/clinic")
        total = driver.find_element(By.ID, "total")

        def settles(before: str) -> str:
            WebDriverWait(driver, 20).until(lambda _: total.text not in ("", before))
            return str(total.text)

        result = driver.find_element(By.ID, "result")
        # The page's first calculation, for its first treatment, comes before the choice.
        WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "5")
        Select(driver.find_element(By.ID, "treatment")).select_by_value("vitc:10g")
        shown.append(settles(total.text))  # five sessions, the form's default
        # The label clicked, as a patient taps it: label/for must hold.
        driver.find_element(By.CSS_SELECTOR, 'label[for="fee-3"]').click()
        shown.append(settles(shown[-1]))
        driver.find_element(By.CSS_SELECTOR, 'label[for="fee-5"]').click()
        shown.append(settles(shown[-1]))
        driver.find_element(By.ID, "fee-group-0-none").click()
        shown.append(settles(shown[-1]))
        errors = driver.find_element(By.ID, "error").text
        width = driver.execute_script("return document.documentElement.scrollWidth")
    assert shown == [
        # Five 10g vitamin C drips as singles, 5 x 11,000 = 55,000, + first consultation 3,300.
        "58,300円",
        # 23区内: 5,500 at every visit, 58,300 + 5 x 5,500 = 85,800.
        "85,800円",
        # And the blood test on request, once: 85,800 + 2,200 = 88,000.
        "88,000円",
        # Back to no travel fee, the test kept: 58,300 + 2,200 = 60,500.
        "60,500円",
    ]
    assert errors == ""
    assert width <= 375, f"the page is {width} px wide on a phone"


@needs_browser
def test_simulator_named_fee_group_in_chromium(tmp_path: Path, tab: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    app = create_app(CatalogStore([_tax_excluded(tmp_path)]), reload_seconds=None)
    shown: list[str] = []
    with _browser(tab, app) as (driver, base):
        driver.get(f"{base}/simulator/clinic")
        total = driver.find_element(By.ID, "total")
        result = driver.find_element(By.ID, "result")
        legends = [e.text for e in driver.find_elements(By.TAG_NAME, "legend")]
        option = driver.find_element(By.CSS_SELECTOR, 'option[value="drip"]').text
        sessions = driver.find_element(By.ID, "sessions")
        sessions.send_keys(Keys.CONTROL, "a")
        sessions.send_keys("3")
        sessions.send_keys(Keys.TAB)
        WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "3")
        shown.append(str(total.text))

        def settles(before: str) -> str:
            WebDriverWait(driver, 20).until(lambda _: total.text not in ("", before))
            return str(total.text)

        # The group's choices by the labels a patient taps: near, then the blood test.
        near = driver.find_element(By.CSS_SELECTOR, 'input[value="near"]')
        driver.find_element(By.CSS_SELECTOR, f'label[for="{near.get_attribute("id")}"]').click()
        shown.append(settles(shown[-1]))
        driver.find_element(By.CSS_SELECTOR, 'input[value="blood"]').click()
        shown.append(settles(shown[-1]))
        driver.find_element(By.CSS_SELECTOR, 'input[value="far"]').click()
        shown.append(settles(shown[-1]))
        errors = driver.find_element(By.ID, "error").text
    assert "出張費（いずれか1つ・ご希望の場合のみ）" in legends
    assert option == "点滴 — 13,579円（税込・税抜12,345円）"
    # Prices before tax; tax once over the bill at 10%, rounded down.
    assert shown == [
        # 3 x 12,345 = 37,035; + floor(3,703.5) = 40,738.
        "40,738円",
        # + 3 visits x 5,000 = 52,035; + floor(5,203.5) = 57,238.
        "57,238円",
        # + the blood test once, 2,000 = 54,035; + floor(5,403.5) = 59,438.
        "59,438円",
        # far instead of near: 37,035 + 3 x 10,000 + 2,000 = 69,035; + floor(6,903.5) = 75,938.
        "75,938円",
    ]
    assert errors == ""


def test_a_worker_starting_on_a_broken_file_serves_the_last_good_catalog(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # uvicorn restarts every worker on SIGHUP; a worker that starts while a file is broken
    # takes the copy an earlier store kept, instead of failing to start.
    folder, kept = tmp_path / "catalogs", tmp_path / "kept"
    folder.mkdir()
    kept.mkdir()
    clinic = folder / "clinic.toml"
    _write(clinic, 33000)
    CatalogStore(folders=[folder], last_good=kept)
    _write(clinic, 44000)
    assert (
        CatalogStore(folders=[folder], last_good=kept).snapshot["clinic"].treatments[0].price.min
        == 44000
    )
    clinic.write_text("schema_version = 1\n[clinic\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="supecost.service"):
        restarted = CatalogStore(folders=[folder], last_good=kept)
    assert restarted.snapshot["clinic"].treatments[0].price.min == 44000
    assert f"{clinic}:2" in caplog.text
    with pytest.raises(CatalogError):
        CatalogStore(folders=[folder])  # no copy kept: a broken file at start is an error
    # A folder for copies that is gone only costs the copies.
    shutil.rmtree(kept)
    _write(clinic, 55000)
    with caplog.at_level(logging.WARNING, logger="supecost.service"):
        assert CatalogStore(folders=[folder], last_good=kept).snapshot["clinic"]
    assert "cannot keep a copy" in caplog.text


def test_a_worker_that_missed_an_edit_takes_the_later_good_copy(tmp_path: Path) -> None:
    # Two workers share the copies; one reloads 44,000 before the file breaks, the other
    # still holds 33,000 and, finding the file broken, takes the later good copy.
    folder, kept = tmp_path / "catalogs", tmp_path / "kept"
    folder.mkdir()
    kept.mkdir()
    clinic = folder / "clinic.toml"
    _write(clinic, 33000)
    first = CatalogStore(folders=[folder], last_good=kept)
    second = CatalogStore(folders=[folder], last_good=kept)
    _write(clinic, 44000)
    assert first.refresh() is True
    clinic.write_text("schema_version = 1\n[clinic\n", encoding="utf-8")
    assert second.refresh() is True
    assert second.snapshot["clinic"].treatments[0].price.min == 44000
    assert first.refresh() is False  # already on the last good one
    assert first.snapshot["clinic"].treatments[0].price.min == 44000


# A clinic's long names, as real menus write them: a treatment, a dose and a set.
_LONG_JA = (
    "ヒト臍帯由来間葉系幹細胞培養上清液高濃度点滴療法（アンチエイジング・疲労回復スペシャルコース）"
)
_LONG_EN = (
    "Human umbilical-cord mesenchymal stem-cell culture supernatant high-concentration IV drip "
    "therapy (anti-ageing and fatigue-recovery special course)"
)
_SET_JA = "幹細胞上清液点滴 お得な5回コース（初回カウンセリング・血液検査付き・有効期限1年）"
_SET_EN = (
    "Stem-cell supernatant IV drip, great-value course of five (with first counselling and "
    "a blood test, valid for one year)"
)
_LONG_NAMES = f"""
schema_version = 2
[clinic]
name = "ロングネームクリニック"
name_en = "Long Name Clinic"
[[treatments]]
id = "nmn"
name = "NMN点滴"
name_en = "NMN IV drip"
price = 22000
[[treatments]]
id = "sup"
name = "{_LONG_JA}"
name_en = "{_LONG_EN}"
dose_unit = "cc"
dose_unit_en = "mL"
[[treatments.doses]]
id = "2cc"
amount = 2
price = 77000
[[treatments.doses]]
id = "max"
amount = 6
price = 190000
name = "最大用量スペシャル（医師の判断により増量する場合があります）"
name_en = "Maximum dose special (the doctor may increase it where suitable)"
[[offers]]
id = "sup-set"
kind = "bundle"
treatment = "sup:2cc"
name = "{_SET_JA}"
name_en = "{_SET_EN}"
sessions = 5
price = 300000
valid_months = 12
"""


@needs_browser
def test_simulator_shows_long_names_whole_on_a_narrow_phone(tmp_path: Path, tab: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    clinic = tmp_path / "long.toml"
    clinic.write_text(_LONG_NAMES, encoding="utf-8")
    app = create_app(CatalogStore([clinic]), reload_seconds=None)
    # The narrowest phones in common use.
    phone = {"width": 360, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
    # Where an element's box ends, and whether its content is cut (wider than its box).
    measure = """
        const box = arguments[0].getBoundingClientRect();
        return [box.left, box.right, arguments[0].scrollWidth > arguments[0].clientWidth];
    """
    with _browser(tab, app) as (driver, base):
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)

        def visit(locale: str) -> tuple[Any, ...]:
            driver.get(f"{base}/simulator/long?locale={locale}")
            result = driver.find_element(By.ID, "result")
            WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "5")
            total = driver.find_element(By.ID, "total")
            first = total.text
            # The keyboard alone chooses the next treatment, the long-named dose.
            driver.find_element(By.ID, "treatment").send_keys(Keys.ARROW_DOWN)
            WebDriverWait(driver, 20).until(lambda _: total.text not in ("", first))
            chosen = driver.find_element(By.ID, "treatment-chosen")
            best = driver.find_element(By.ID, "best")
            labels = driver.find_elements(By.CSS_SELECTOR, "#addons label")
            return (
                driver.find_element(By.ID, "treatment").get_attribute("value"),
                chosen.text,
                best.text,
                total.text,
                [driver.execute_script(measure, e) for e in (chosen, best, *labels)],
                driver.execute_script("return document.documentElement.scrollWidth"),
            )

        seen = {locale: visit(locale) for locale in ("ja_JP", "en_US")}
    # Five 2cc drips: the set's 300,000 beats singles' 5 x 77,000 = 385,000.
    assert seen["ja_JP"][:4] == (
        "sup:2cc",
        f"{_LONG_JA} 2cc — 77,000円（税込）",
        _SET_JA,
        "300,000円",
    )
    assert seen["en_US"][:4] == (
        "sup:2cc",
        f"{_LONG_EN} 2 mL — ¥77,000 (tax incl.)",
        _SET_EN,
        "¥300,000",
    )
    for locale, (*_, boxes, width) in seen.items():
        # Each name whole and inside the screen: the chosen treatment, the way, each add-on.
        assert all(left >= 0 and right <= 360 and not cut for left, right, cut in boxes), (
            locale,
            boxes,
        )
        assert width <= 360, f"the {locale} page is {width} px wide on a 360 px phone"


# ---------------------------------------------------------------------------
# Limits and messages in supecost's words (the audit's findings)


def test_a_batch_over_its_limit_says_so_and_how_to_split_it(client_en: TestClient) -> None:
    body = _problem(client_en.post("/catalogs/example/quotes", json={"requests": [{}] * 101}), 422)
    assert body["detail"] == "requests has 101 entries, more than its limit of 100"
    assert body["fix"] == (
        "split the batch: send at most 100 requests in each POST, in order, and join the results"
    )
    assert body["errors"] == [{"field": "body.requests", "message": body["detail"]}]


@pytest.mark.parametrize(
    "path", ["/catalogs/example/quote", "/catalogs/example/quotes", "/simulator/example/quote"]
)
def test_a_null_body_is_said_in_json_s_words(client_en: TestClient, path: str) -> None:
    body = _problem(client_en.post(path, content=b"null", headers=_JSON_TYPE), 422)
    assert body["detail"].endswith("must be one JSON object, got null")
    assert "None" not in json.dumps(body)
    assert body["fix"] == "send one JSON object as the body, with Content-Type: application/json"


def test_a_request_with_thousands_of_added_treatments_is_refused_by_its_length(
    client_en: TestClient,
) -> None:
    # The audit's body: 90,000 entries in 990 KB ran over ten minutes; the simulator's endpoint
    # needs no token. The request's own limit refuses it before any treatment is looked at.
    sent = {"sessions": 1, "with": ["nmn"] * 90_000}
    for path in ("/catalogs/example/quote", "/simulator/example/quote"):
        body = _problem(client_en.post(path, json=sent), 422)
        assert body["detail"] == "with has 90,000 entries, more than its limit of 9"
        assert body["fix"].startswith("with lists up to 9 treatment ids added to the main one")


def test_the_413_fix_fits_the_endpoint() -> None:
    app = create_app(CatalogStore([EXAMPLE]), max_body=200, reload_seconds=None)
    padded = {"sessions": 1, "with": ["nmn"] * 40}

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
        yield json.dumps(padded).encode()

    with TestClient(app) as small:
        for sent in (
            {"json": padded},
            {"content": chunks(), "headers": _JSON_TYPE},
        ):
            one = _problem(small.post("/catalogs/example/quote?locale=en_US", **sent), 413)
            assert one["detail"] == "the request body is larger than 200 bytes"
            assert "batch" not in one["fix"]
            assert one["fix"].startswith("send a smaller body")
        batch = {"requests": [padded]}
        many = _problem(small.post("/catalogs/example/quotes?locale=en_US", json=batch), 413)
        assert many["fix"].startswith("send at most 100 requests per batch")
        assert many["code"] == "http.batch_too_large"
        many = _problem(small.post("/catalogs/example/quotes", json=batch), 413)
        assert many["fix"] == "1 回のバッチは 100 件までにするか、バッチを分けて送ってください"


def test_a_missing_token_and_a_wrong_one_are_told_apart() -> None:
    app = create_app(CatalogStore([EXAMPLE]), token=TOKEN, reload_seconds=None)
    with TestClient(app) as guarded:
        url = "/catalogs?locale=en_US"
        missing = _problem(guarded.get(url), 401)
        wrong = _problem(guarded.get(url, headers={"Authorization": "Bearer guess"}), 401)
        basic = _problem(guarded.get(url, headers={"Authorization": f"Basic {TOKEN}"}), 401)
        assert guarded.get("/catalogs", headers={"Authorization": f"Bearer {TOKEN}"}).is_success
        # Japanese by default, as every error of the service; the same code in both.
        japanese = _problem(guarded.get("/catalogs", headers={"Authorization": "Bearer x"}), 401)
    assert missing["detail"] == "this endpoint needs a bearer token, and the request sent none"
    assert wrong["detail"] == "the bearer token sent is not the one this server was given"
    assert basic["detail"] == "the Authorization header is not a bearer token"
    assert [b["code"] for b in (missing, wrong, basic)] == [
        "http.token_missing",
        "http.token_wrong",
        "http.token_scheme",
    ]
    assert japanese["code"] == "http.token_wrong"
    assert (
        japanese["detail"] == "送られたベアラートークンは、このサーバーに設定されたものと違います"
    )
    for body in (missing, wrong, basic, japanese):
        assert TOKEN not in json.dumps(body)
        assert "guess" not in json.dumps(body)


def test_the_public_simulator_s_404_names_no_catalog() -> None:
    store = CatalogStore.from_catalogs(
        {"clinic-a": reference_catalog(), "clinic-b": reference_catalog()}
    )
    app = create_app(store, token=TOKEN, reload_seconds=None)
    with TestClient(app) as guarded:
        page = _problem(guarded.get("/simulator/clinic-c"), 404)
        priced = _problem(guarded.post("/simulator/clinic-c/quote", json={"sessions": 1}), 404)
        # The token-protected API may list them: its callers are the clinic's own systems.
        listed = guarded.get("/catalogs/clinic-c", headers={"Authorization": f"Bearer {TOKEN}"})
        document = guarded.get("/openapi.json", headers={"Authorization": f"Bearer {TOKEN}"}).json()
    for body in (page, priced):
        assert body["detail"] == "カタログの id 'clinic-c' のシミュレーターはありません"
        assert body["code"] == "http.no_simulator"
        assert "clinic-a" not in json.dumps(body)
        assert "clinic-b" not in json.dumps(body)
    assert "clinic-a" in _problem(listed, 404)["fix"]
    simulator_404 = document["paths"]["/simulator/{catalog_id}"]["get"]["responses"]["404"]
    assert "not listed" in simulator_404["description"]


def test_the_service_s_hints_do_not_speak_command_line(client_en: TestClient) -> None:
    # Errors an HTTP caller meets: a treatment named twice, an option without its base, a fee
    # that is not optional. Their fixes name no flag ("--with", "--fee").
    twice = _problem(
        client_en.post("/catalogs/example/quote", json={"sessions": 1, "with": ["nmn", "nmn"]}), 422
    )
    assert (
        twice["fix"] == "name each treatment once: the main treatment, and each added one beside it"
    )
    store = CatalogStore([HERE / "data" / "schema2.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        two = _English(opened)
        option = _problem(
            two.post("/catalogs/schema2/quote", json={"sessions": 1, "treatment": "upgrade-exo"}),
            422,
        )
        fee = _problem(
            two.post("/catalogs/schema2/quote", json={"sessions": 1, "fees": ["g6pd"]}), 422
        )
    assert (
        option["fix"]
        == "add one of them to the request's added treatments, or leave 'upgrade-exo' out"
    )
    for body in (twice, option, fee):
        assert " --" not in body["fix"], body["fix"]
        assert "(--" not in body["fix"], body["fix"]


@needs_browser
def test_simulator_offers_no_dose_of_the_chosen_treatment_and_words_its_errors(
    tmp_path: Path, tab: Any
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select, WebDriverWait

    from supecost.report.words import Words

    ja = Words("ja_JP")
    store = CatalogStore([HERE / "data" / "schema2.toml"])
    app = create_app(store, reload_seconds=None)
    with _browser(tab, app) as (driver, base):
        driver.get(f"{base}/simulator/schema2")
        result = driver.find_element(By.ID, "result")
        total = driver.find_element(By.ID, "total")
        error = driver.find_element(By.ID, "error")
        WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "5")

        def offered() -> list[str]:
            boxes = driver.find_elements(By.CSS_SELECTOR, "input[name=with]")
            return [b.get_attribute("value") for b in boxes if b.is_displayed() and b.is_enabled()]

        # The first choice is a dose of exo-iv: none of its doses is an add-on.
        first = offered()
        Select(driver.find_element(By.ID, "treatment")).select_by_value("placenta")
        WebDriverWait(driver, 20).until(lambda _: "placenta" not in offered())
        second = offered()
        # Two doses of one treatment ticked as add-ons: the service refuses, the page says so
        # in Japanese, and the figures of the request before are gone.
        WebDriverWait(driver, 20).until(lambda _: total.text != "")
        for dose in ("exo-iv:1cc", "exo-iv:2cc"):
            driver.find_element(By.CSS_SELECTOR, f'input[value="{dose}"]').click()
        WebDriverWait(driver, 20).until(lambda _: error.text != "")
        refused = (error.text, total.text, result.get_attribute("data-sessions"))
        # Choosing exo-iv now unticks and hides its doses: the request is good again.
        Select(driver.find_element(By.ID, "treatment")).select_by_value("exo-iv:3cc")
        WebDriverWait(driver, 20).until(lambda _: error.text == "" and total.text != "")
        third = offered()
        ticked = driver.find_elements(By.CSS_SELECTOR, "input[name=with]:checked")
        # Too many sessions: the page's own words for the field, the result cleared.
        sessions = driver.find_element(By.ID, "sessions")
        sessions.send_keys(Keys.CONTROL, "a")
        sessions.send_keys("5000")
        sessions.send_keys(Keys.TAB)
        WebDriverWait(driver, 20).until(lambda _: error.text != "")
        too_many = (error.text, total.text)
    doses = {"exo-iv:1cc", "exo-iv:2cc", "exo-iv:3cc"}
    assert not doses & set(first)
    assert "placenta" in first
    assert doses <= set(second)
    assert "placenta" not in second
    assert refused == (ja("sim_error_request"), "", "")
    assert not doses & set(third)
    assert ticked == []
    assert too_many == (ja("sim_error_sessions", most=1000), "")
    assert "回数は1〜1000回" in too_many[0]


def test_a_long_rate_is_echoed_cut_short_and_named_as_json_names_it(client_en: TestClient) -> None:
    # 900,000 digits came back whole in `detail`, under the Python name apr_percent.
    sent = {"amount": 1000, "count": 3, "apr": "1" * 900_000}
    body = _problem(client_en.post("/instalments", json=sent), 422)
    assert body["detail"] == f"apr '{'1' * 55}...' is not a percentage in digits"
    assert len(body["fix"]) < 300


@pytest.mark.parametrize("field", ["apr", "addon_rate"])
@pytest.mark.parametrize("rate", ["abc", "1e1", "１０", "0.00001", "-1"])
def test_a_rate_follows_the_command_line_s_grammar_and_its_fix_says_percent(
    client_en: TestClient, field: str, rate: str
) -> None:
    # F17: the fix said "a decimal such as '0.1'", which the field reads as 0.1 %; "1e1"
    # and full-width digits were read as 10 % where `--apr` refuses them.
    body = _problem(
        client_en.post("/instalments", json={"amount": 100_000, "count": 12, field: rate}), 422
    )
    assert body["detail"] == f"{field} {rate!r} is not a percentage in digits"
    assert "a percentage such as '7.5'" in body["fix"]
    assert "0.1" not in body["fix"]
    assert [problem["field"] for problem in body["errors"]] == [f"body.{field}"]


def test_a_rate_of_0_1_is_a_tenth_of_a_percent(client: TestClient) -> None:
    # The level payment 100,000 x r / (1 - (1 + r)^-12), rounded down: r = 0.1 % / 12 gives
    # 8,337.85 -> 8,337; "10" (r = 1/120) gives 8,791.59 -> 8,791, as does "10%".
    def level(apr: str) -> int:
        response = client.post("/instalments", json={"amount": 100_000, "count": 12, "apr": apr})
        assert response.status_code == 200
        return int(response.json()["payments"][1])

    assert (level("0.1"), level("10"), level("10%")) == (8_337, 8_791, 8_791)


def test_a_null_field_is_said_in_json_s_words(client_en: TestClient) -> None:
    body = _problem(client_en.post("/catalogs/example/quote", json={"sessions": None}), 422)
    assert "sessions must be a whole number, got null" in body["detail"]
    assert "None" not in json.dumps(body)
    batch = {"requests": [{"sessions": 2, "new_patient": None}]}
    (result,) = client_en.post("/catalogs/example/quotes", json=batch).json()["results"]
    assert "got null" in json.dumps(result["error"])
    assert "None" not in json.dumps(result)


# ---------------------------------------------------------------------------
# Unknown query parameters, named fields, and a catalog file that does not load


def test_an_unknown_query_parameter_is_refused_with_its_name(client_en: TestClient) -> None:
    request = {"sessions": 5, "on": DAY}
    # `way` for `ways`: answered with every way before, as if it were not there.
    body = _problem(client_en.post("/catalogs/example/quote?way=best", json=request), 422)
    assert body["errors"] == [{"field": "query.way", "message": "unknown query parameter 'way'"}]
    # Every endpoint takes ?locale=, the language of its errors.
    assert body["fix"] == "leave out 'way'; this endpoint's query parameters: locale, ways"
    # Every endpoint, whatever it reads: a GET with query parameters, and one with none.
    body = _problem(client_en.get(f"/catalogs/example/price-list?on={DAY}&fromat=md"), 422)
    assert [e["field"] for e in body["errors"]] == ["query.fromat"]
    assert body["fix"].endswith("this endpoint's query parameters: format, locale, on")
    body = _problem(client_en.get("/healthz?verbose=1&verbose=2&x"), 422)
    assert [e["field"] for e in body["errors"]] == ["query.verbose", "query.x"]
    assert body["fix"].endswith("this endpoint's query parameters: locale")
    # The simulator's page and assets are linked from anywhere, with a link's own query.
    assert client_en.get("/simulator/example?utm_source=ad").status_code == 200
    assert client_en.get("/simulator/assets/simulator.js?v=2").status_code == 200
    # Its calculation is the API's: refused like the others.
    simulated = client_en.post("/simulator/example/quote?locale=ja_JP&lang=en", json=request)
    assert _problem(simulated, 422)["errors"][0]["field"] == "query.lang"


def test_the_estimate_takes_the_command_s_addressee_and_number(client: TestClient) -> None:
    request = {"sessions": 5, "on": DAY}
    page = client.post("/catalogs/example/estimate?format=md&to=山田太郎&number=Q-1", json=request)
    assert page.status_code == 200, page.text
    assert "山田太郎 様" in page.text
    assert "Q-1" in page.text
    cli = io.StringIO()
    argv = ["report", "estimate", "--catalog", str(EXAMPLE), "--sessions", "5", "--date", DAY]
    argv += ["--format", "md", "--to", "山田太郎", "--number", "Q-1"]
    assert main(argv, stdout=cli, stderr=io.StringIO()) == 0
    assert page.text == cli.getvalue()
    # 81 characters: one over the estimate's limit of 80, named as the query names it.
    body = _problem(client.post(f"/catalogs/example/estimate?to={'x' * 81}", json=request), 422)
    assert [e["field"] for e in body["errors"]] == ["query.to"]
    assert body["fix"] == "宛名は 1 行・80 文字以内で書いてください"
    english = client.post(f"/catalogs/example/estimate?to={'x' * 81}&locale=en_US", json=request)
    assert _problem(english, 422)["fix"] == "give the addressee as one line of up to 80 characters"
    # In Japanese, the default: one message per fault, none of it English.
    for query, detail in (
        ("to=", "query.to: 宛名が空です"),
        (f"number={'x' * 81}", "query.number: 見積番号が 81 文字あり、80 文字を超えています"),
        ("to=a%0Ab", "query.to: 宛名の 2 文字目に制御文字（U+000A、改行やタブなど）があります"),
    ):
        url = f"/catalogs/example/estimate?{query}&locale=ja_JP"
        ja = _problem(client.post(url, json=request), 422)
        assert ja["detail"] == detail, query


def test_a_choice_refused_in_japanese_lists_its_values_without_english(
    client: TestClient,
) -> None:
    # pydantic words a literal's choices with an English "or"; the Japanese lists them as the
    # command line does ('md', 'csv', ...).
    body = _problem(client.get("/catalogs/example/price-list?format=xml&locale=ja_JP"), 422)
    assert body["detail"] == (
        "query.format は 'html', 'md', 'csv', 'json' のいずれかにしてください（指定値 'xml'）"
    )
    estimate = client.post("/catalogs/example/estimate?locale=fr_FR", json={"sessions": 5})
    assert _problem(estimate, 422)["detail"] == (
        "query.locale は 'ja_JP', 'en_US' のいずれかにしてください（指定値 'fr_FR'）"
    )
    english = client.get("/catalogs/example/price-list?format=xml&locale=en_US")
    assert _problem(english, 422)["detail"] == (
        "query.format must be 'html', 'md', 'csv' or 'json', got 'xml'"
    )


def test_every_422_names_its_field(client: TestClient) -> None:
    def fields(response: Any) -> list[str]:
        return [e["field"] for e in _problem(response, 422)["errors"]]

    quote = "/catalogs/example/quote"
    # The main treatment named again among the added ones.
    assert fields(client.post(quote, json={"sessions": 1, "with": ["sup-iv"]})) == ["body.with"]
    # No consumption tax before 1989-04-01: the request's `on`, or the price list's.
    assert fields(client.post(quote, json={"sessions": 1, "on": "1988-04-01"})) == ["body.on"]
    price_list = client.get("/catalogs/example/price-list?on=1988-04-01")
    assert fields(price_list) == ["query.on"]
    # sup-iv-5 holds 5 sessions, so 9 used is out of range.
    query = {"catalog": "example", "offer": "sup-iv-5", "received": DAY, "used": 9}
    assert fields(client.post("/contract", json=query)) == ["body.used"]
    # Neither rate, or both: the body as a whole, in its JSON words.
    body = _problem(client.post("/instalments", json={"amount": 100_000, "count": 10}), 422)
    assert body["errors"] == [
        {"field": "body", "message": "give exactly one of apr and addon_rate"}
    ]
    # A batch's request names its fields bare, as its validation problems do.
    batch = {"requests": [{"sessions": 1, "with": ["sup-iv"]}]}
    (result,) = client.post("/catalogs/example/quotes", json=batch).json()["results"]
    assert [e["field"] for e in result["error"]["errors"]] == ["with"]
    # An unknown id is 404, which names what it looked for in `detail` and lists none.
    unknown = _problem(client.post(quote, json={"sessions": 1, "with": ["nmm"]}), 404)
    assert unknown["errors"] == []


def test_a_count_beyond_a_float_is_said_as_too_large_not_as_inf(client_en: TestClient) -> None:
    raw = b'{"sessions": 1e400}'
    body = _problem(client_en.post("/catalogs/example/quote", content=raw, headers=_JSON_TYPE), 422)
    assert body["detail"] == "sessions must be a whole number, got a number too large to read"


def test_an_instalment_error_names_the_amount_given_and_the_total_with_interest(
    client_en: TestClient,
) -> None:
    # ¥5 at 15% over 600 months: 5 x 600 x 0.0125 x 1.0125^600 / (1.0125^600 - 1) = 37.5...,
    # ¥37 in all, less than one ¥100 instalment, let alone 600.
    query = {"amount": 5, "count": 600, "apr": "15", "round_unit": 100}
    body = _problem(client_en.post("/instalments", json=query), 422)
    assert body["detail"] == (
        "¥5 (¥37 with interest) cannot be spread over 600 instalments of at least ¥100 each"
    )
    assert [e["field"] for e in body["errors"]] == ["body.count"]
    # Without interest the amount stands alone: ¥500 over 10 is ¥50 each, below ¥100.
    query = {"amount": 500, "count": 10, "addon_rate": "0", "round_unit": 100}
    body = _problem(client_en.post("/instalments", json=query), 422)
    assert body["detail"] == "¥500 cannot be spread over 10 instalments of at least ¥100 each"


def test_a_catalog_file_that_does_not_load_is_reported_not_unknown(tmp_path: Path) -> None:
    folder = tmp_path / "catalogs"
    folder.mkdir()
    _write(folder / "clinic.toml", 33000)
    store = CatalogStore(folders=[folder])
    with TestClient(create_app(store, reload_seconds=None)) as test_client:
        assert test_client.get("/healthz").json() == {
            "status": "ok",
            "catalogs": 1,
            "version": test_client.get("/openapi.json").json()["info"]["version"],
            "failed": [],
        }
        # A new file that does not load: not served, and said so rather than "unknown".
        (folder / "bad.toml").write_text("schema_version = 1\n[clinic]\n", encoding="utf-8")
        with contextlib.redirect_stderr(io.StringIO()):
            store.refresh()
        health = test_client.get("/healthz")
        assert health.status_code == 200  # the other catalogs are served
        assert (health.json()["status"], health.json()["failed"]) == ("degraded", ["bad"])
        body = _problem(test_client.get("/catalogs/bad/price-list?locale=en_US"), 503)
        assert body["detail"] == "catalog 'bad' is not served: its file bad.toml does not load"
        assert body["fix"].startswith("the server's log names each problem with its line")
        assert body["code"] == "catalog.unserved"
        assert _problem(test_client.get("/simulator/bad?locale=en_US"), 503)["detail"].startswith(
            "catalog 'bad' is not served"
        )
        # A clinic's booking page shows it to staff: Japanese by default.
        assert _problem(test_client.get("/simulator/bad"), 503)["detail"] == (
            "カタログ 'bad' は配信されていません。ファイル bad.toml を読み込めません"
        )
        # An id with no file at all is still unknown.
        _problem(test_client.get("/catalogs/nothing/price-list"), 404)
        # Mended, it is served and forgotten; a broken file with a good version keeps that.
        _write(folder / "bad.toml", 30000)
        store.refresh()
        assert test_client.get("/healthz").json()["failed"] == []
        assert test_client.get("/catalogs/bad/price-list").status_code == 200
        (folder / "clinic.toml").write_text("kind = 3\n", encoding="utf-8")
        store.refresh()
        health = test_client.get("/healthz").json()
        assert (health["status"], health["failed"], health["catalogs"]) == (
            "degraded",
            ["clinic"],
            2,
        )
        assert test_client.get("/catalogs/clinic/price-list").status_code == 200
        held = store.failed
        (folder / "clinic.toml").unlink()
        store.refresh()
        assert test_client.get("/healthz").json()["failed"] == []
        # A reload publishes a new mapping and never changes the one a reader holds: the
        # health check reads it on the event loop while a reload runs in a worker thread.
        assert dict(held) == {"clinic": "clinic.toml"}


def test_the_simulator_says_where_the_cheapest_way_holds() -> None:
    from datetime import date

    from supecost.engine import quote
    from supecost.quotes import QuoteRequest

    APRIL = date(2026, 4, 1)  # noqa: N806
    # Reference catalog, 5 sessions: singles are cheapest at the low end (53,300 against the
    # set's 103,300 and the plan's 168,300); at the high end the plan beats singles (168,300
    # against 453,300) but the set's top is open: unknown. No standard prices are stated.
    catalog = reference_catalog()
    five = simulator_result(quote(catalog, QuoteRequest(sessions=5, on=APRIL)), catalog)
    assert five.best == "都度払い（下限の価格で最安）"
    # Review F4: at the high end the plan's 168,300 (6 months x 27,500 + 3,300) is below
    # singles' 453,300, the cheapest of the ways priced there: the same line as the quote's
    # and the estimate's, so 453,300 is not read as the most the cheapest way costs.
    line = "上限の価格では幹細胞培養上清液点滴 月額プランが最安（その価格の分からない買い方を除く）"
    assert five.cheaper == (f"{line}：168,300円",)
    quoted = io.StringIO()
    assert main(["quote", "--sessions", "5", "--date", "2026-04-01"], stdout=quoted) == 0
    assert f"{line}：168,300円\n" in quoted.getvalue()
    # Review F5: that line says the high point, the low point is singles': the saving row
    # says singles' own saving (none), not again that the top is unknown.
    assert five.saving == "差額なし"
    english = simulator_result(
        quote(catalog, QuoteRequest(sessions=5, on=APRIL)), catalog, locale="en_US"
    )
    plan = "Culture supernatant IV drip, monthly plan"
    (high,) = english.cheaper
    assert high == f"Cheapest at high prices of the ways priced there: {plan} — ¥168,300"
    # 1 session: singles at most 93,300, below the set's lowest 103,300: cheapest everywhere.
    one = simulator_result(quote(catalog, QuoteRequest(sessions=1, on=APRIL)), catalog)
    assert (one.best, one.saving) == ("都度払い", "都度払いがいちばん安い買い方です")
    assert one.cheaper == ()


def test_goods_over_http() -> None:
    store = CatalogStore([HERE / "data" / "goods.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        shop = _English(opened)
        url = "/catalogs/goods/quote?ways=best"
        body = {"sessions": 2, "on": DAY, "goods": {"nmn-caps": 2, "serum": 1}}
        quoted = shop.post(url, json=body).json()
        # 2 x 22,000 + 2 visits x 1,100 + 2 x 3,240 + 11,000 = 63,680
        assert quoted["best"]["total"]["min"] == 63_680
        assert quoted["request"]["goods"] == {"nmn-caps": 2, "serum": 1}
        problem = _problem(shop.post(url, json={**body, "goods": {"nmn": 1}}), 404)
        assert problem["detail"] == "unknown goods 'nmn'"
        assert problem["fix"] == "known goods ids: nmn-caps, serum"
        problem = _problem(shop.post(url, json={**body, "goods": {"serum": 0}}), 422)
        assert "1 to 1,000" in problem["fix"]
        query = {"catalog": "goods", "offer": "hifu-2", "received": DAY, "cancel_on": DAY}
        # ¥44,000 + ¥11,000 of goods bought with it: ¥55,000, over ¥50,000.
        assert shop.post("/contract", json=query).json()["applicable"] is False
        covered = shop.post("/contract", json={**query, "goods": {"serum": 1}}).json()
        assert covered["applicable"] is True
        *_, over, decides = covered["reasons"]
        assert (over["code"], over["goods"]) == ("amount_over", 11_000)
        # Without tax, 40,000 + 10,000 = 50,000 is not over: the tax reading decides.
        assert (decides["code"], decides["amount"]) == ("amount_tax_decides", 50_000)


def test_goods_delivered_monthly_over_http() -> None:
    store = CatalogStore([HERE / "data" / "goods-monthly.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        shop = _English(opened)
        url = "/catalogs/goods-monthly/quote?ways=best"
        body = {"sessions": 3, "months": 3, "on": DAY, "goods_monthly": {"nmn-supp": 1}}
        quoted = shop.post(url, json=body).json()
        # 3 x 27,500 + 3 x 9,720 = 111,660
        assert quoted["best"]["total"]["min"] == 111_660
        assert quoted["request"]["goods_monthly"] == {"nmn-supp": 1}
        problem = _problem(shop.post(url, json={**body, "months": 2}), 422)
        assert "give months of 3 or more" in problem["fix"]
        problem = _problem(shop.post(url, json={**body, "months": None}), 422)
        assert "give months" in problem["fix"]


def test_simulator_page_lists_goods_with_their_member_prices_and_kinds() -> None:
    text = (HERE / "data" / "goods.toml").read_text(encoding="utf-8")
    text = text.replace(
        "prices_include_tax = true\n", 'prices_include_tax = true\nsegments = ["member"]\n'
    ).replace(
        'tax = "reduced"', 'tax = "reduced"\nkind = "food"\nsegment_prices = { member = 2916 }'
    )
    page = simulator_page(parse_catalog(text, format="toml"), "goods", locale="ja_JP")
    # The price list beside the form is the price list's own goods table.
    goods = page[page.index("<h3>物販</h3>") :]
    assert '<th class="num">会員価格</th><th>単位</th><th>種類</th>' in goods
    row = goods[goods.index("NMNサプリ") : goods.index("</tr>", goods.index("NMNサプリ"))]
    assert "<span>2,916円</span><span>（税込）※</span>" in row
    assert row.endswith("<td>箱</td><td>食品</td>")


# A discount for patients in their birth month (誕生月特典)

BIRTH_MONTH = HERE / "data" / "birth-month.toml"


def test_birth_month_over_http() -> None:
    with TestClient(create_app(CatalogStore([BIRTH_MONTH]), reload_seconds=None)) as opened:
        api = _English(opened)
        url = "/catalogs/birth-month/quote?ways=best"
        body = {"sessions": 5, "on": "2026-04-10"}

        def total(**more: object) -> int:
            response = api.post(url, json=body | more)
            assert response.status_code == 200, response.text
            return int(response.json()["best"]["total"]["min"])

        # Not said (or null): the set less the welcome discount, 135,000 - 2,000 + 3,300.
        assert total() == total(birth_month=None) == 136_300
        # Born in April: 135,000 - 13,500 + 3,300 = 124,800; in May, 136,300 again.
        assert total(birth_month=4) == 124_800
        assert total(birth_month=5) == 136_300
        for wrong, said in ((13, "at most 12, got 13"), (0, "at least 1, got 0"), ("4", "whole")):
            problem = _problem(api.post(url, json=body | {"birth_month": wrong}), 422)
            assert said in problem["detail"]
            assert "1 (January) to 12 (December)" in problem["fix"]
        # The simulator takes it too, and shows the figures of the month said.
        simulator = "/simulator/birth-month/quote?locale=ja_JP"
        shown = api.post(simulator, json=body | {"birth_month": 4}).json()
        assert shown["total"] == "124,800円"


def test_the_openapi_document_describes_the_birth_month() -> None:
    with TestClient(create_app(CatalogStore([EXAMPLE]), reload_seconds=None)) as api:
        schema = api.get("/openapi.json").json()["components"]["schemas"]["QuoteRequest"]
    month = schema["properties"]["birth_month"]
    assert {"type": "integer", "minimum": 1, "maximum": 12} in month["anyOf"]
    assert "birth_month" not in schema.get("required", [])


def test_simulator_page_asks_for_the_birth_month_only_when_a_discount_reads_it() -> None:
    catalog = load_catalog(BIRTH_MONTH)
    page = simulator_page(catalog, "birth-month")
    assert '<label for="birth-month">誕生月（任意）</label>' in page
    assert '<option value="">選ばない</option>' in page
    assert page.count('<option value="') - page.count('<option value="sup-iv') == 13
    assert '<option value="4">4月</option>' in page
    english = simulator_page(catalog, "birth-month", locale="en_US")
    assert '<option value="4">April</option>' in english
    assert '<option value="">Not given</option>' in english
    # The price list under the form says the discount's condition.
    assert "誕生月の方" in page
    assert 'id="birth-month"' not in simulator_page(reference_catalog(), "ref")


def test_simulator_page_says_whom_a_discount_is_for() -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "group-discounts.toml")
    # The price list under the form words each group discount's condition.
    page = simulator_page(catalog, "groups")
    assert "会員様限定" in page
    assert "ご紹介の方限定" in page
    assert "members only" in simulator_page(catalog, "groups", locale="en_US")


@needs_browser
def test_simulator_birth_month_in_chromium(tab: Any) -> None:
    import datetime

    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    app = create_app(CatalogStore([BIRTH_MONTH]), reload_seconds=None)
    shown: list[str] = []
    # The page prices today: the discount applies in this month, not in the next.
    # Today in Japan, as the service dates a request without one (UTC+9).
    this_month = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).month
    with _browser(tab, app) as (driver, base):
        phone = {"width": 375, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)
        total, settles = _first_total(driver, f"{base}/simulator/birth-month")
        shown.append(str(total.text))
        month = Select(driver.find_element(By.ID, "birth-month"))
        month.select_by_value(str(this_month))
        shown.append(settles(shown[-1]))
        month.select_by_value(str(this_month % 12 + 1))
        shown.append(settles(shown[-1]))
        errors = driver.find_element(By.ID, "error").text
        width = driver.execute_script("return document.documentElement.scrollWidth")
    assert shown == [
        # Five sessions, a new patient: the set less the welcome discount, 135,000 - 2,000
        # + the first consultation 3,300 = 136,300.
        "136,300円",
        # Born this month: 135,000 - 13,500 + 3,300 = 124,800.
        "124,800円",
        # Born next month: 136,300 again.
        "136,300円",
    ]
    assert errors == ""
    assert width <= 375, f"the page is {width} px wide on a phone"


def test_a_contract_at_the_days_price_over_http() -> None:
    campaign = HERE / "data" / "campaign.toml"
    with TestClient(create_app(CatalogStore([campaign]), reload_seconds=None)) as opened:
        served = _English(opened)
        query = {
            "catalog": "campaign",
            "offer": "hifu-6",
            "received": "2026-05-10",
            "cancel_on": "2026-06-01",
            "segment": "member",
            "birth_month": 5,
            "new_patient": False,
        }
        answer = served.post("/contract", json=query)
        assert answer.status_code == 200, answer.text
        # The member price 480,000 less 10% in the birth month: 432,000.
        data = answer.json()
        assert (data["total"], [d["id"] for d in data["discounts"]]) == (432_000, ["birthday"])
        spring = {"catalog": "campaign", "offer": "hifu-6", "received": "2026-04-10"}
        sold_out = served.post(
            "/contract", json={**spring, "sold_out": ["spring"], "new_patient": True}
        ).json()
        # A new patient still takes the stacking 5,000 off: 510,000 - 5,000.
        assert (sold_out["total"], sold_out["discounts"][0]["id"]) == (505_000, "welcome")
        off_sale = {**spring, "offer": "hifu-3-summer"}
        body = _problem(served.post("/contract", json=off_sale), 422)
        assert "not on sale on 2026-04-10" in body["detail"]
        _problem(served.post("/contract", json={**spring, "birth_month": 13}), 422)
        # Not told whether the patient is new, where that decides the price: asked.
        asked = _problem(served.post("/contract", json=spring), 422)
        assert "'welcome' is for new patients only" in asked["detail"]
        assert '"new_patient": true or "new_patient": false' in asked["fix"]
        assert [e["field"] for e in asked["errors"]] == ["body.new_patient"]
        # A wrong segment is refused with a price given too, naming the field.
        wrong = _problem(
            served.post("/contract", json={**spring, "price": 400_000, "segment": "vip"}), 422
        )
        assert [e["field"] for e in wrong["errors"]] == ["body.segment"]


def test_the_simulator_shows_the_standard_total_it_names_the_winner_at() -> None:
    catalog = load_catalog(Path(__file__).parent / "data" / "standard-prices.toml")
    # The set costs 180,000〜300,000 (standard 220,000) + 3,300, cheapest at the standard
    # point only: 5 singles at 50,000 + 3,300 = 253,300, the plan 5 x 45,000 + 3,300 =
    # 228,300 there. Per session 223,300 / 5 = 44,660.
    request = QuoteRequest(sessions=5, months=5, on=date(2026, 4, 1))
    shown = simulator_result(quote(catalog, request), catalog)
    assert shown.best == "上清液 5回セット（標準の価格で最安）"
    assert shown.total == "183,300円〜303,300円（標準223,300円）"
    assert shown.per_session == "36,660円〜60,660円（標準44,660円）"
    assert shown.payments[0].amount == "183,300円〜303,300円（標準223,300円）"


# ---------------------------------------------------------------------------
# A booking system's integration (audit s29)


def test_two_files_with_one_id_hold_that_id_only_and_say_so(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = _catalog_folder(tmp_path, "clinic", "other")
    store = CatalogStore(folders=[folder])
    body = {"sessions": 1, "on": DAY, "new_patient": False}

    def single(client: TestClient, catalog_id: str) -> int:
        # 1 session of a returning patient: the single price, with no consultation fee.
        response = client.post(f"/catalogs/{catalog_id}/quote?ways=best", json=body)
        assert response.status_code == 200, response.text
        total: int = response.json()["best"]["total"]["min"]
        return total

    with TestClient(create_app(store, reload_seconds=None)) as client:
        assert single(client, "clinic") == single(client, "other") == 33000
        # An editor's JSON twin of clinic.toml at 55,000, and the other catalog raised.
        twin = load_catalog(folder / "clinic.toml").model_dump(mode="json", exclude_defaults=True)
        twin["treatments"][0]["price"] = 55000
        (folder / "clinic.json").write_text(json.dumps(twin), encoding="utf-8")
        _write(folder / "other.toml", 44000)
        with caplog.at_level(logging.ERROR, logger="supecost.service"):
            assert store.refresh() is True
        assert "two catalogs have the id 'clinic'" in caplog.text
        assert "keeping the last good one" in caplog.text
        # The other catalog's edit is served; the clashing id keeps what it served.
        assert single(client, "other") == 44000
        assert single(client, "clinic") == 33000
        health = client.get("/healthz").json()
        assert (health["status"], health["failed"]) == ("degraded", ["clinic"])
        assert store.failed["clinic"] == "clinic.json and clinic.toml"
        # A new file that clashes with nothing served before is refused by name, 503.
        (folder / "new.json").write_text(json.dumps(twin), encoding="utf-8")
        _write(folder / "new.toml", 33000)
        store.refresh()
        problem = _problem(client.get("/catalogs/new/price-list?locale=en_US"), 503)
        assert problem["detail"] == (
            "catalog 'new' is not served: two files have its id, new.json and new.toml"
        )
        assert problem["fix"].startswith("remove or rename one of the files")
        assert problem["code"] == "catalog.unserved_clash"
        problem = _problem(client.get("/catalogs/new/price-list"), 503)
        assert problem["detail"] == (
            "カタログ 'new' は配信されていません。同じ id のファイルが 2 つあります"
        )
        # The twin removed: the file left is served, and nothing is amiss.
        (folder / "clinic.json").unlink()
        (folder / "new.json").unlink()
        store.refresh()
        assert client.get("/healthz").json()["failed"] == []
        assert single(client, "clinic") == 33000
        assert single(client, "new") == 33000


def test_a_clash_at_start_takes_the_last_good_copy_when_there_is_one(tmp_path: Path) -> None:
    folder, kept = tmp_path / "catalogs", tmp_path / "kept"
    folder.mkdir()
    kept.mkdir()
    _write(folder / "clinic.toml", 33000)
    CatalogStore(folders=[folder], last_good=kept)  # the first worker keeps a copy
    (folder / "clinic.json").write_text((kept / "clinic.json").read_text(), encoding="utf-8")
    with pytest.raises(ServiceError, match="two catalogs have the id 'clinic'"):
        CatalogStore(folders=[folder])
    restarted = CatalogStore(folders=[folder], last_good=kept)
    assert restarted.snapshot["clinic"].treatments[0].price.min == 33000
    assert restarted.clashing == frozenset({"clinic"})


def test_a_query_parameter_given_twice_is_refused_by_every_route(
    client: TestClient, client_en: TestClient
) -> None:
    japanese = _problem(client.get(f"/catalogs/example/price-list?on={DAY}&on={DAY}"), 422)
    assert japanese["errors"] == [
        {"field": "query.on", "message": "クエリパラメーター 'on' が 2 回指定されています"}
    ]
    assert japanese["fix"] == "各クエリパラメーターは 1 回だけ指定し、意図した値を残してください"
    client = client_en
    body = _problem(
        client.get(f"/catalogs/example/price-list?on={DAY}&on=2019-09-01&format=csv"), 422
    )
    assert body["errors"] == [
        {"field": "query.on", "message": "query parameter 'on' is given 2 times"}
    ]
    assert body["fix"] == "give each query parameter once, with the value you mean"
    request = {"sessions": 5, "on": DAY}
    for url in (
        "/catalogs/example/quote?ways=best&ways=all",
        "/catalogs/example/estimate?format=md&to=Yamada&to=Suzuki&number=A&number=B",
    ):
        fields = [e["field"] for e in _problem(client.post(url, json=request), 422)["errors"]]
        assert fields == (["query.ways"] if "ways" in url else ["query.to", "query.number"])
    # The linked simulator page still ignores a link's own repeated parameters, not its own.
    assert client.get("/simulator/example?utm_source=a&utm_source=b").status_code == 200
    _problem(client.get("/simulator/example?locale=ja_JP&locale=en_US"), 422)


@pytest.mark.parametrize("path", ["/contract", "/instalments", "/catalogs/example/quotes"])
@pytest.mark.parametrize("raw", [b"p\xff", b'{"a": "\xff"}'])
def test_a_body_that_is_not_utf_8_is_a_422_with_a_fix_on_every_route(
    client_en: TestClient, path: str, raw: bytes
) -> None:
    client = client_en
    body = _problem(client.post(path, content=raw, headers=_JSON_TYPE), 422)
    quote_body = _problem(
        client.post("/catalogs/example/quote", content=raw, headers=_JSON_TYPE), 422
    )
    assert body == quote_body
    assert body["fix"] == "send one JSON object as the body, with Content-Type: application/json"
    assert body["errors"][0]["field"] == "body"
    assert body["detail"].startswith("body: not valid JSON")


def test_every_priced_answer_names_its_catalog_version_and_gets_cache_by_etag(
    tmp_path: Path,
) -> None:
    path = tmp_path / "clinic.toml"
    _write(path, 33000)
    store = CatalogStore([path])
    with TestClient(create_app(store, reload_seconds=None)) as client:
        version = client.get("/catalogs").json()[0]["version"]
        assert version == catalog_version(load_catalog(path))
        quote_body = {"sessions": 1, "on": DAY}
        contract = {"catalog": "clinic", "offer": "sup-iv-5", "received": DAY, "used": 0}
        answers = [
            client.get("/catalogs/clinic"),
            client.get(f"/catalogs/clinic/price-list?on={DAY}&format=json"),
            client.post("/catalogs/clinic/quote", json=quote_body),
            client.post("/catalogs/clinic/quotes", json={"requests": [quote_body]}),
            client.post("/catalogs/clinic/estimate?format=json", json=quote_body),
            client.post("/contract", json={**contract, "cancel_on": DAY}),
            client.get("/simulator/clinic"),
            client.post("/simulator/clinic/quote", json=quote_body),
        ]
        for answer in answers:
            assert answer.status_code == 200, answer.text
            assert answer.headers["Catalog-Version"] == version
        # The JSON records themselves are unchanged: the version is a header.
        assert "version" not in answers[2].json()
        listed = client.get(f"/catalogs/clinic/price-list?on={DAY}")
        tag = listed.headers["ETag"]
        again = client.get(f"/catalogs/clinic/price-list?on={DAY}", headers={"If-None-Match": tag})
        assert (again.status_code, again.content, again.headers["ETag"]) == (304, b"", tag)
        assert (
            client.get(
                "/catalogs/clinic",
                headers={"If-None-Match": f'W/"x", {answers[0].headers["ETag"]}'},
            ).status_code
            == 304
        )
        assert client.get("/catalogs/clinic", headers={"If-None-Match": "*"}).status_code == 304
        # The prices change: a new version, a new tag, and the old tag no longer matches.
        _write(path, 44000)
        assert store.refresh() is True
        changed = client.get(
            f"/catalogs/clinic/price-list?on={DAY}", headers={"If-None-Match": tag}
        )
        assert changed.status_code == 200
        assert changed.headers["ETag"] != tag
        assert changed.headers["Catalog-Version"] not in (version, "")
        # A price list in another format is another representation, with its own tag.
        csv = client.get(f"/catalogs/clinic/price-list?on={DAY}&format=csv")
        assert csv.headers["ETag"] != changed.headers["ETag"]
    document = create_app(store).openapi()
    price_list = document["paths"]["/catalogs/{catalog_id}/price-list"]["get"]["responses"]
    assert set(price_list["200"]["headers"]) == {"Catalog-Version", "ETag"}
    assert "304" in price_list
    quote_answer = document["paths"]["/catalogs/{catalog_id}/quote"]["post"]["responses"]["200"]
    assert set(quote_answer["headers"]) == {"Catalog-Version"}


@pytest.mark.parametrize(
    "path", ["/healthz", "/catalogs", "/catalogs/example", "/catalogs/example/price-list"]
)
def test_head_is_answered_as_get_without_a_body(path: str) -> None:
    app = create_app(CatalogStore([EXAMPLE]), token=TOKEN, reload_seconds=None)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with _server(app) as base:
        request = urllib.request.Request(base + path, method="HEAD", headers=auth)
        with urllib.request.urlopen(request, timeout=20) as head:
            assert head.status == 200
            assert head.read() == b""
            headers = dict(head.headers)
        with urllib.request.urlopen(
            urllib.request.Request(base + path, headers=auth), timeout=20
        ) as get:
            body = get.read()
    assert int(headers["content-length"]) == len(body) > 0
    # Still refused without its token, as GET is; a POST route is no GET route.
    with TestClient(app) as client:
        if path != "/healthz":
            refused = client.head(path)
            assert (refused.status_code, refused.content) == (401, b"")
            assert refused.headers["WWW-Authenticate"] == "Bearer"
        assert client.head("/contract", headers=auth).status_code == 405


def test_the_openapi_document_bounds_what_the_service_bounds(client: TestClient) -> None:
    import jsonschema_rs

    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    goods = {f"x{i}": 1 for i in range(51)}
    request = {"sessions": 5, "on": DAY}
    for record, field in (
        ("QuoteRequest", "history"),
        ("QuoteRequest", "goods"),
        ("QuoteRequest", "bought"),
    ):
        schema = schemas[record]["properties"][field]
        assert "maxLength" not in schema
        validator = jsonschema_rs.Draft202012Validator(schema)
        # 51 entries, and a key that is not an id: refused by the document as by the service.
        assert not validator.is_valid(goods)
        assert not validator.is_valid({"ZZ!": 1})
        assert validator.is_valid({"x1": 1})
        body = _problem(client.post("/catalogs/example/quote", json={**request, field: goods}), 422)
        assert body["errors"][0]["field"] == f"body.{field}"
    contract_goods = schemas["ContractQuery"]["properties"]["goods"]
    assert (contract_goods["maxProperties"], contract_goods["additionalProperties"]) == (50, False)


def test_an_instalment_query_s_schema_says_its_rates(client: TestClient) -> None:
    import jsonschema_rs

    document = client.get("/openapi.json").json()
    schema = document["components"]["schemas"]["InstalmentQuery"]
    validator = jsonschema_rs.Draft202012Validator(schema)
    for body, valid in (
        ({"amount": 100_000, "count": 10, "apr": "12.5"}, True),
        ({"amount": 100_000, "count": 10, "apr": 12}, True),
        ({"amount": 100_000, "count": 10, "addon_rate": "7.5%"}, True),
        ({"amount": 100_000, "count": 10, "apr": 12.5}, False),  # a float: not exact
        ({"amount": 100_000, "count": 10, "apr": "20.5"}, False),  # above the ceiling
        ({"amount": 100_000, "count": 10, "addon_rate": 101}, False),
        ({"amount": 100_000, "count": 10}, False),  # neither rate
        ({"amount": 100_000, "count": 10, "apr": 12, "addon_rate": 1}, False),  # both
        ({"amount": 100_000, "count": 10, "apr": None}, False),
    ):
        assert validator.is_valid(body) is valid, body
        status = client.post("/instalments", json=body).status_code
        assert (status == 200) is valid, (body, status)


@pytest.mark.parametrize(
    "name", ["example.toml", "schema2.toml", "goods.toml", "courses.toml", "yearly-plan.toml"]
)
def test_the_json_price_list_and_estimate_match_their_openapi_schemas(name: str) -> None:
    import jsonschema_rs

    path = HERE / "data" / name
    treatment = load_catalog(path).treatments[0]
    first = f"{treatment.id}:{treatment.doses[0].id}" if treatment.doses else treatment.id
    with TestClient(create_app(CatalogStore([path]), reload_seconds=None)) as client:
        document = client.get("/openapi.json").json()
        catalog_id = path.stem
        responses = {
            "PriceListReport": client.get(
                f"/catalogs/{catalog_id}/price-list?format=json&on={DAY}&locale=en_US"
            ),
            "EstimateReport": client.post(
                f"/catalogs/{catalog_id}/estimate?format=json",
                json={"treatment": first, "sessions": {"min": 3, "max": 6}, "on": DAY},
            ),
        }
    for schema_name, response in responses.items():
        assert response.status_code == 200, response.text
        schema = {
            **document["components"]["schemas"][schema_name],
            "components": document["components"],
        }
        jsonschema_rs.Draft202012Validator(schema).validate(response.json())
    paths = document["paths"]
    for path_name, method, schema_name in (
        ("/catalogs/{catalog_id}/price-list", "get", "PriceListReport"),
        ("/catalogs/{catalog_id}/estimate", "post", "EstimateReport"),
    ):
        content = paths[path_name][method]["responses"]["200"]["content"]["application/json"]
        assert content["schema"] == {"$ref": f"#/components/schemas/{schema_name}"}
    # The schema is closed: a field the output does not have is refused, as is a wrong type.
    broken = {**responses["PriceListReport"].json(), "extra": 1}
    schema = {
        **document["components"]["schemas"]["PriceListReport"],
        "components": document["components"],
    }
    assert not jsonschema_rs.Draft202012Validator(schema).is_valid(broken)


def test_a_contract_over_http_asks_the_history_for_a_first_time_of_treatment_price() -> None:
    courses = HERE / "data" / "courses.toml"
    with TestClient(create_app(CatalogStore([courses]), reload_seconds=None)) as opened:
        served = _English(opened)
        query = {
            "catalog": "courses",
            "offer": "gf-trial",
            "received": "2026-04-01",
            "new_patient": False,
        }
        asked = _problem(served.post("/contract", json=query), 422)
        assert [e["field"] for e in asked["errors"]] == ["body.history"]
        assert "with history (0 if never)" in asked["fix"]
        answer = served.post("/contract", json={**query, "history": {"growth-factor": 0}})
        assert answer.status_code == 200, answer.text
        assert answer.json()["total"] == 49_500


def test_a_contract_over_http_for_a_unit_ticket_and_a_free_first_month() -> None:
    store = CatalogStore(
        [HERE / "data" / "placenta-tickets.toml", HERE / "data" / "first-month.toml"]
    )
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        # A 10本券 agreed at 110,000: 3 ampoules used, 3 x 11,000 + 20% of 77,000 = 48,400.
        query = {
            "catalog": "placenta-tickets",
            "offer": "p10",
            "received": "2026-04-01",
            "cancel_on": "2026-05-01",
            "used": 3,
            "price": 110_000,
            "rules": "cosmetic_medicine",
        }
        answer = opened.post("/contract", json=query)
        assert answer.status_code == 200, answer.text
        data = answer.json()
        assert data["units"] == {"ja": "本", "en": "amp", "en_other": "amp"}
        assert (data["sessions"], data["keep_max"]) == (10, 48_400)
        # vc-m's first month free for a new patient: 5,500 + 0 + 22,000, as the quote.
        plan = {
            "catalog": "first-month",
            "offer": "vc-m",
            "received": "2026-04-01",
            "cancel_on": "2026-04-01",
            "new_patient": True,
        }
        answer = opened.post("/contract", json=plan)
        assert answer.status_code == 200, answer.text
        assert answer.json()["total"] == 27_500
        assert "units" not in answer.json()


def test_a_plan_s_settlement_over_http_values_the_sessions_at_the_contract_price() -> None:
    # The audit's vitamin C plan (s31 F1): 104,500 for 12 sessions, 5 given by 07-10. The
    # statute keeps 5 x 104,500 / 12 = 43,541 + 20% of 60,959 (12,191) = 55,732 of the
    # 5,500 + 2 x 33,000 = 71,500 paid: 15,768 back, where the months' fees kept it all.
    store = CatalogStore([HERE / "data" / "audit-plans.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as opened:
        query = {
            "catalog": "audit-plans",
            "offer": "vitc-m",
            "received": "2026-06-01",
            "cancel_on": "2026-07-10",
            "used": 5,
            "rules": "cosmetic_medicine",
            "new_patient": True,
        }
        answer = opened.post("/contract", json=query)
        assert answer.status_code == 200, answer.text
        data = answer.json()
        assert (data["keep_max"], data["refund_min"], data["basis"]) == (55_732, 15_768, "statute")
        assert [line["code"] for line in data["lines"]] == ["sessions_given", "allowance"]
        assert data["notes"] == [
            {"basis": "catalog_terms", "keep_max": 71_500, "rules": None, "terms": None}
        ]


def test_an_offer_one_per_patient_over_http() -> None:
    store = CatalogStore([HERE / "data" / "per-patient.toml"])
    with TestClient(create_app(store, reload_seconds=None)) as winter:
        url = "/catalogs/per-patient/quote?ways=best"
        body = {"treatment": "sup:2cc", "sessions": 12, "on": "2026-12-10"}
        # The campaign set once, the set of 6 and 3 singles: 639,000 + 10% = 702,900.
        best = winter.post(url, json=body).json()["best"]
        assert best["total"]["min"] == 702_900
        # Bought before: two sets of 6, 648,000 + 10% = 712,800.
        again = winter.post(url, json={**body, "bought": {"sup-camp": 1}}).json()["best"]
        assert (again["label"], again["total"]["min"]) == ("bundle:sup-6", 712_800)
        problem = _problem(winter.post(url, json={**body, "bought": {"sup-6": 1}}), 422)
        assert "'sup-6' は bought にありますが" in problem["detail"]
        url += "&locale=en_US"
        problem = _problem(winter.post(url, json={**body, "bought": {"sup-6": 1}}), 422)
        assert "bought names 'sup-6'" in problem["detail"]
        # A contract reads bought by the quote's rule: none of the campaign set left.
        query = {
            "catalog": "per-patient",
            "offer": "sup-camp",
            "received": "2026-12-10",
            "cancel_on": "2026-12-10",
            "new_patient": False,
        }
        assert winter.post("/contract", json=query).json()["total"] == 148_500
        left = _problem(winter.post("/contract", json={**query, "bought": {"sup-camp": 1}}), 422)
        assert "これまでに 1 購入済みのため、これ以上は買えません" in left["detail"]
        english = {**query, "bought": {"sup-camp": 1}}
        left = _problem(winter.post("/contract?locale=en_US", json=english), 422)
        assert "0 left, not 1" in left["detail"]


def test_the_simulator_shows_a_plan_s_first_month_price() -> None:
    catalog = load_catalog(HERE / "data" / "first-month.toml")
    # The page's price list says it, and the result's figures take it: 13,750 + 2 x 27,500.
    assert "初月 13,750円（税込）" in simulator_page(catalog, "first")
    request = QuoteRequest(treatment="nmn", sessions=3, months=3, on=date(2026, 12, 1))
    assert simulator_result(quote(catalog, request), catalog).total == "68,750円"


# ---------------------------------------------------------------------------
# Errors in the request's locale: ?locale= on every route, ja_JP unless given


def test_a_problem_is_worded_in_japanese_by_default(client: TestClient) -> None:
    body = _problem(client.post("/catalogs/example/quote", json={"sessions": 0}), 422)
    assert body["code"] == "request.invalid"
    assert body["detail"] == "sessions は 1 以上にしてください（指定値 0）"
    assert body["fix"].startswith('sessions は 1〜1000 の整数か、{"min": 3, "max": 6} のような')
    assert body["errors"] == [
        {"field": "body.sessions", "message": "sessions は 1 以上にしてください（指定値 0）"}
    ]
    missing = _problem(client.get("/catalogs/exampel"), 404)
    assert (missing["code"], missing["detail"]) == (
        "id.unknown",
        "カタログ 'exampel' はありません",
    )
    assert missing["fix"] == "'example' のことですか？ カタログの id: example"
    unknown = _problem(client.post("/catalogs/example/quote?way=best", json={"sessions": 1}), 422)
    assert unknown["errors"] == [
        {"field": "query.way", "message": "クエリパラメーター 'way' はありません"}
    ]
    assert unknown["fix"] == (
        "'way' を外してください。このエンドポイントのクエリパラメーター: locale, ways"
    )
    twice = client.post(
        "/catalogs/example/quote",
        content=b'{"sessions": 1, "sessions": 2}',
        headers={"Content-Type": "application/json"},
    )
    assert _problem(twice, 422)["errors"][0]["message"] == "同じキーが 2 回あります"
    batch = client.post("/catalogs/example/quotes", json={"requests": [{"sessions": 0}]})
    error = batch.json()["results"][0]["error"]
    assert (error["code"], error["detail"]) == (
        "request.invalid",
        "sessions は 1 以上にしてください（指定値 0）",
    )


def test_a_problem_is_worded_in_english_when_asked(client: TestClient) -> None:
    url = "/catalogs/example/quote?locale=en_US"
    body = _problem(client.post(url, json={"sessions": 0}), 422)
    # The code is the same in every locale: a program reads it, a person the detail.
    assert body["code"] == "request.invalid"
    assert body["detail"] == "sessions must be at least 1, got 0"
    assert body["errors"] == [
        {"field": "body.sessions", "message": "sessions must be at least 1, got 0"}
    ]
    fee = _problem(client.post(url, json={"sessions": 1, "fees": ["taxi"]}), 404)
    # The example catalog has no optional fee: the fix says so.
    assert (fee["code"], fee["detail"]) == ("id.none", "unknown optional fee 'taxi'")
    ja = _problem(client.post("/catalogs/example/quote?locale=ja_JP", json={"sessions": 0}), 422)
    assert ja["detail"] == "sessions は 1 以上にしてください（指定値 0）"


def test_the_service_s_locales_are_the_formatters(client: TestClient) -> None:
    from typing import get_args

    from supecost.l10n import LOCALES

    # The Literal routes declare (a report's ?locale=) and the one every other route is
    # documented with: both l10n's list, which the service reads and does not copy.
    assert get_args(app_module.Locale) == LOCALES
    document = client.get("/openapi.json").json()
    enums = {
        tuple(parameter["schema"]["enum"])
        for operations in document["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", ())
        if parameter["name"] == "locale"
    }
    assert enums == {LOCALES}
    assert not hasattr(app_module, "_LOCALES")


def test_a_locale_that_is_none_of_the_service_s_is_refused(client: TestClient) -> None:
    body = _problem(client.post("/catalogs/example/quote?locale=fr_FR", json={"sessions": 1}), 422)
    # Worded as every choice the service refuses (a report's ?format=, its own ?locale=): the
    # choices listed by the one list wording, never an English "or" in the Japanese.
    assert body["errors"] == [
        {
            "field": "query.locale",
            "message": (
                "query.locale は 'ja_JP', 'en_US' のいずれかにしてください（指定値 'fr_FR'）"
            ),
        }
    ]
    # Fixed by the locales supecost writes in (LocaleError's fix), not the general advice.
    assert body["fix"] == "'ja_JP'（日本語）か 'en_US'（英語）を指定してください"
    # A report's route checks its own locale: the same refusal, word for word.
    report = _problem(client.get("/catalogs/example/price-list?locale=fr_FR"), 422)
    assert (report["errors"], report["fix"]) == (body["errors"], body["fix"])


def test_every_operation_documents_the_locale_of_its_errors(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    for path, operations in document["paths"].items():
        if path.startswith("/simulator/assets"):
            continue
        for method, operation in operations.items():
            names = [p["name"] for p in operation.get("parameters", []) if p["in"] == "query"]
            assert names.count("locale") == 1, (path, method)
    problem = document["components"]["schemas"]["Problem"]
    assert "code" in problem["properties"]


def test_a_contract_s_errors_are_worded_in_japanese_by_default(client: TestClient) -> None:
    # The contract's errors are reworded with the body's names: their code and params
    # are kept, so a Japanese answer is Japanese, naming the JSON fields as the body does.
    base = {"catalog": "example", "offer": "sup-iv-5", "received": DAY}
    body = _problem(client.post("/contract", json={**base, "price_includes_tax": True}), 422)
    assert body["code"] == "contract.includes_tax_alone"
    assert body["detail"] == "価格が税込かどうかを指定していますが、価格が指定されていません"
    assert [e["field"] for e in body["errors"]] == ["body.price_includes_tax"]
    body = _problem(client.post("/contract", json={**base, "cancel_on": DAY, "used": 9}), 422)
    assert body["detail"] == "used は 0〜5（契約の回数）の整数にしてください（指定値 9）"
    twice = {
        **base,
        "threshold_includes_tax": True,
        "assumptions": {"threshold_includes_tax": True},
    }
    body = _problem(client.post("/contract", json=twice), 422)
    assert body["detail"] == "threshold_includes_tax がトップレベルと assumptions の両方にあります"
    courses = HERE / "data" / "courses.toml"
    with TestClient(create_app(CatalogStore([courses]), reload_seconds=None)) as served:
        query = {"catalog": "courses", "offer": "gf-trial", "received": DAY, "new_patient": False}
        asked = _problem(served.post("/contract", json=query), 422)
        # {arg_new} is new_patient=True in Python, the JSON body's words here.
        assert asked["fix"].endswith('新規の方なら "new_patient": true を指定してください')


def test_simulator_page_counts_a_doses_units_in_its_treatments_count_unit() -> None:
    # exo:1cc sells further units (2本目以降), up to 10 a visit by default: the form offers
    # 1本 to 10本 (its count_unit), not 単位.
    catalog = load_catalog(HERE / "data" / "counted-doses.toml")
    amounts = json.dumps([f"{n}本" for n in range(1, 11)], ensure_ascii=False)
    page = simulator_page(catalog, "counted")
    assert f'<option value="exo:1cc" data-units="{amounts.replace(chr(34), "&quot;")}">' in page
    assert "単位" not in page


def test_simulator_page_offers_units_a_visit_and_segment_prices_only_where_sold() -> None:
    # s30 audit F11: placenta is sold by the ampoule (2本目以降, at most 5 a visit) and the
    # clinic has member prices: the form offers both; the reference catalog has neither.
    catalog = load_catalog(HERE / "data" / "s30-clinic.toml")
    page = simulator_page(catalog, "clinic")
    amounts = json.dumps([f"{n}本" for n in range(1, 6)], ensure_ascii=False)
    assert f'<option value="placenta" data-units="{amounts.replace(chr(34), "&quot;")}">' in page
    assert '<option value="sup:2cc">' in page  # a dose taken once a visit lists none
    # The first treatment (sup:1cc) takes one unit a visit: the choice starts hidden.
    assert '<label for="units" hidden>1回あたりの量</label>' in page
    assert '<input type="radio" name="segment" value="member"> 会員価格</label>' in page
    english = simulator_page(catalog, "clinic", locale="en_US")
    assert "Amount per visit" in english
    assert "5 amp" in english
    assert "Regular prices" in english
    plain = simulator_page(reference_catalog(), "ref")
    assert 'id="units"' not in plain
    assert 'name="segment"' not in plain


def test_simulator_page_offers_a_discount_only_segment_as_its_discounts() -> None:
    # small34: 学割 is the student group's only effect, the senior price a price of its own.
    catalog = load_catalog(HERE / "data" / "s33-segments.toml")
    page = simulator_page(catalog, "s33")
    assert '<input type="radio" name="segment" value="student"> 学生の方の割引</label>' in page
    assert '<input type="radio" name="segment" value="senior"> 65歳以上の方の価格</label>' in page
    english = simulator_page(catalog, "s33", locale="en_US")
    assert 'value="student"> Discounts for Student</label>' in english


@needs_browser
def test_simulator_units_and_member_prices_in_chromium(tab: Any) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    app = create_app(CatalogStore([HERE / "data" / "s30-clinic.toml"]), reload_seconds=None)
    shown: list[str] = []
    with _browser(tab, app) as (driver, base):
        total, settles = _first_total(driver, f"{base}/simulator/s30-clinic")
        units = driver.find_element(By.ID, "units")
        hidden_at_first = not units.is_displayed()
        shown.append(str(total.text))
        driver.find_element(By.CSS_SELECTOR, 'input[name="segment"][value="member"]').click()
        shown.append(settles(shown[-1]))
        driver.find_element(By.CSS_SELECTOR, 'input[name="segment"][value=""]').click()
        shown.append(settles(shown[-1]))
        Select(driver.find_element(By.ID, "treatment")).select_by_value("placenta")
        shown.append(settles(shown[-1]))
        offered = [option.text for option in Select(units).options]
        Select(units).select_by_value("2")
        shown.append(settles(shown[-1]))
        best = driver.find_element(By.ID, "best").text
        errors = driver.find_element(By.ID, "error").text
    assert hidden_at_first
    assert offered == ["1本", "2本", "3本", "4本", "5本"]
    assert shown == [
        # 5 x 1cc at 33,000 = 165,000; the first consultation is waived on a treated day.
        "165,000円",
        # At member prices: 5 x 29,700 = 148,500.
        "148,500円",
        "165,000円",
        # Placenta, 1本 a visit: 5 x 1,650 = 8,250 (the 10本券, 13,200, is dearer).
        "8,250円",
        # 2本 a visit: 5 x (1,650 + 1,100) = 13,750 singly, so the 10本券 wins at 13,200.
        "13,200円",
    ]
    assert "10本券" in best
    assert errors == ""


def test_a_patient_in_two_segments_over_http(tmp_path: Path) -> None:
    menu = tmp_path / "nmn.toml"
    menu.write_text(
        'schema_version = 2\n[clinic]\nname = "NMN"\nsegments = ["member", "senior"]\n'
        '[[treatments]]\nid = "nmn"\nname = "NMN"\nprice = 27500\n'
        "segment_prices = { member = 24200 }\n"
        '[[offers]]\nkind = "bundle"\nid = "nmn-5"\ntreatment = "nmn"\nsessions = 5\n'
        "price = 130000\nsegment_prices = { member = 120000 }\n"
        '[[discounts]]\nid = "senior10"\nname = "シニア割"\npercent = 10\n'
        'segments = ["senior"]\nstacks = true\n',
        encoding="utf-8",
    )
    with TestClient(create_app(CatalogStore([menu]), reload_seconds=None)) as opened:
        served = _English(opened)
        body = {"sessions": 1, "segment": ["senior", "member"], "on": "2026-12-01"}
        answer = served.post("/catalogs/nmn/quote?ways=best", json=body).json()
        # 24,200 x 0.9 = 21,780; the request reads back sorted.
        assert answer["best"]["total"]["min"] == 21_780
        assert answer["request"]["segment"] == ["member", "senior"]
        wrong = _problem(
            served.post("/catalogs/nmn/quote", json={**body, "segment": ["member", "Gold"]}), 422
        )
        assert [e["field"] for e in wrong["errors"]] == ["body.segment.1"]
        contract = {
            "catalog": "nmn",
            "offer": "nmn-5",
            "received": "2026-12-01",
            "segment": ["senior", "member"],
            "new_patient": False,
        }
        data = served.post("/contract", json=contract).json()
        # The member's set price 120,000 less the senior 10%: 108,000.
        assert (data["total"], data["segment"]) == (108_000, "member")


# A returning patient's history and last visit, and a first visit on a later day, in the
# simulator (tests/data/repeat.toml: 33,000〜44,000, then 27,500 within 30 days of the last).

REPEAT = HERE / "data" / "repeat.toml"


def test_simulator_page_asks_for_a_history_only_where_a_price_reads_it() -> None:
    page = simulator_page(load_catalog(REPEAT), "repeat")
    # Hidden until the patient is returning; the date only where a step holds within days.
    assert '<label for="history" data-returning hidden>これまでの施術回数</label>' in page
    assert 'id="history" name="history" min="0" max="100000" data-returning hidden>' in page
    assert '<label for="last-visit" data-returning hidden>前回施術日（任意）</label>' in page
    assert '<input type="date" id="first-visit" name="first_visit">' in page
    english = simulator_page(load_catalog(REPEAT), "repeat", locale="en_US")
    assert ">Sessions had before</label>" in english
    assert ">Last session (optional)</label>" in english
    # A ladder without days: the history, not the date; no price reading it: neither.
    plain = REPEAT.read_text(encoding="utf-8").replace(", within_days = 30", "")
    page = simulator_page(parse_catalog(plain, format="toml"), "plain")
    assert 'id="history"' in page
    assert 'id="last-visit"' not in page
    page = simulator_page(reference_catalog(), "ref")
    assert 'id="history"' not in page
    assert 'id="first-visit"' in page
    # A first-time price, or a fee charged before a treatment's first session, reads it too.
    trial = 'schema_version = 2\n[clinic]\nname = "K"\n[[treatments]]\nid = "a"\nname = "A"\n'
    trial += "price = 11000\n"
    first = trial + '[[offers]]\nkind = "intro"\nid = "t"\ntreatment = "a"\nprice = 5500\n'
    first += 'for = "first_time"\n'
    assert 'id="history"' in simulator_page(parse_catalog(first, format="toml"), "k")
    fee = trial + '[[fees]]\nid = "g"\nname = "G"\nprice = 1100\ncharged = "first_time"\n'
    assert 'id="history"' in simulator_page(parse_catalog(fee, format="toml"), "k")


def test_simulator_quote_takes_a_history_last_visit_and_first_visit_over_http(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from supecost.engine import resolve

    # The page sends no date: the service prices today, here 1 December 2026.
    monkeypatch.setattr(resolve, "today_in_japan", lambda: date(2026, 12, 1))
    with TestClient(create_app(CatalogStore([REPEAT]), reload_seconds=None)) as opened:
        url = "/simulator/repeat/quote?locale=ja_JP"
        returning = {"treatment": "sup", "sessions": 1, "new_patient": False}
        returning |= {"history": {"sup": 3}, "last_visit": {"sup": "2026-11-20"}}

        def total(**more: object) -> str:
            response = opened.post(url, json=returning | more)
            assert response.status_code == 200, response.text
            return str(response.json()["total"])

        # 20 November to today (11 days), or to a first visit on 20 December (30 days):
        # within, 27,500; to 21 December (31 days): the list price.
        assert total() == total(first_visit="2026-12-20") == "27,500円"
        assert total(first_visit="2026-12-21") == "33,000円〜44,000円"
        # The page words each refusal by the field the service names.
        fields = []
        for wrong in (
            {"first_visit": "2026-11-30"},  # before today
            {"history": {"sup": 1.5}},
            {"last_visit": {"sup": "2026-12-02"}},  # after today, the first visit
            {"history": {}, "first_visit": "2027-01-10"},  # a last visit without a history
        ):
            problem = _problem(opened.post(url, json=returning | wrong), 422)
            fields.append(problem["errors"][0]["field"])
    assert fields == [
        "body.first_visit",
        "body.history.sup",
        "body.last_visit",
        "body.last_visit",
    ]


@needs_browser
def test_simulator_returning_patient_and_first_visit_in_chromium(tab: Any) -> None:
    import datetime

    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait

    from supecost.report.words import Words

    ja = Words("ja_JP")
    # Today in Japan, as the service dates a request without one (UTC+9).
    today = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=9))).date()

    def day(offset: int) -> str:
        return (today + datetime.timedelta(days=offset)).isoformat()

    app = create_app(CatalogStore([REPEAT]), reload_seconds=None)
    with _browser(tab, app) as (driver, base):
        phone = {"width": 375, "height": 1400, "deviceScaleFactor": 1, "mobile": True}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", phone)
        total, settles = _first_total(driver, f"{base}/simulator/repeat")
        error = driver.find_element(By.ID, "error")
        history = driver.find_element(By.ID, "history")
        hidden_while_new = not history.is_displayed()
        sessions = driver.find_element(By.ID, "sessions")
        sessions.send_keys(Keys.CONTROL, "a")
        sessions.send_keys("1")
        sessions.send_keys(Keys.TAB)
        result = driver.find_element(By.ID, "result")
        WebDriverWait(driver, 20).until(lambda _: result.get_attribute("data-sessions") == "1")
        shown = [str(total.text)]
        driver.find_element(By.CSS_SELECTOR, "input[name=patient][value=returning]").click()
        shown_while_returning = history.is_displayed()
        history.send_keys("3")
        history.send_keys(Keys.TAB)

        def pick(element_id: str, value: str) -> None:
            # A date input's typing follows the browser's locale: the value is set as the
            # page's own date picker sets it, and the form hears the change.
            driver.execute_script(
                "const e = document.getElementById(arguments[0]); e.value = arguments[1];"
                "e.dispatchEvent(new Event('change', { bubbles: true }));",
                element_id,
                value,
            )

        pick("last-visit", day(-10))
        shown.append(settles(shown[-1]))
        pick("first-visit", day(25))  # 35 days after the last session
        shown.append(settles(shown[-1]))
        pick("first-visit", day(-1))
        WebDriverWait(driver, 20).until(lambda _: error.text != "")
        early = (error.text, total.text)
        pick("first-visit", day(20))  # 30 days after it
        WebDriverWait(driver, 20).until(lambda _: error.text == "" and total.text != "")
        shown.append(str(total.text))
        pick("last-visit", day(21))
        WebDriverWait(driver, 20).until(lambda _: error.text != "")
        late = error.text
        # A new patient again: the history is hidden and not sent, the price a new patient's.
        pick("last-visit", "")
        driver.find_element(By.CSS_SELECTOR, "input[name=patient][value=new]").click()
        WebDriverWait(driver, 20).until(lambda _: error.text == "" and total.text != "")
        hidden_again = not history.is_displayed()
        shown.append(str(total.text))
        width = driver.execute_script("return document.documentElement.scrollWidth")
    assert (hidden_while_new, shown_while_returning, hidden_again) == (True, True, True)
    assert shown == [
        # One session, a new patient: the list price.
        "33,000円〜44,000円",
        # Returning, the last session 10 days ago: within 30 days, 27,500.
        "27,500円",
        # Starting 35 days after it: the list price again.
        "33,000円〜44,000円",
        # Starting 30 days after it: within.
        "27,500円",
        "33,000円〜44,000円",
    ]
    assert early == (ja("sim_error_first_visit"), "")
    assert late == ja("sim_error_last_visit")
    assert width <= 375, f"the page is {width} px wide on a phone"


def test_a_quote_body_holds_a_set(client_en: _English) -> None:
    # The body follows QuoteRequest: holding 2 of the 5回 set (148,500), a returning patient's
    # course of 4 is the 2 held and 2 singles, 2 x 33,000 = 66,000, no first consultation.
    body = {"sessions": 4, "on": DAY, "new_patient": False, "holding": {"sup-iv-5": 2}}
    result = client_en.post("/catalogs/example/quote", json=body).json()
    assert result["request"]["holding"] == {"sup-iv-5": 2}
    assert result["best"]["label"] == "singles"
    assert result["best"]["total"]["min"] == 66_000
    # More sessions left than the set has is the request's error, a 422 saying how to fix it.
    body["holding"] = {"sup-iv-5": 6}
    problem = _problem(client_en.post("/catalogs/example/quote", json=body), 422)
    assert "the set has 5" in problem["detail"]
    assert "1 to 5" in problem["fix"]
