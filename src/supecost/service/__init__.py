"""The HTTP service (``supecost serve``): quotes, reports and the patient simulator over HTTP.

Built on FastAPI and uvicorn, installed by the ``serve`` extra
(``pip install 'supecost[serve]'``); the only place in supecost that speaks
HTTP. :func:`create_app` builds the ASGI application over a
:class:`CatalogStore`; :func:`serve` runs it.

>>> from supecost.catalog import reference_catalog
>>> app = create_app(CatalogStore.from_catalogs({"ref": reference_catalog()}))
>>> sorted(p for p in app.openapi()["paths"] if p.startswith("/catalogs/"))[:2]
['/catalogs/{catalog_id}', '/catalogs/{catalog_id}/estimate']
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Sequence
from typing import Final

from fastapi import FastAPI

from supecost.errors import excerpt
from supecost.service.app import (
    MAX_BATCH,
    MAX_BODY_BYTES,
    RELOAD_SECONDS,
    VERSION_HEADER,
    Problem,
    create_app,
)
from supecost.service.catalogs import (
    CATALOG_SUFFIXES,
    CatalogStore,
    ServiceError,
    catalog_id,
    catalog_version,
)
from supecost.service.simulator import SimulatorResult, simulator_page, simulator_result

__all__ = [
    "CATALOG_SUFFIXES",
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "RELOAD_SECONDS",
    "VERSION_HEADER",
    "CatalogStore",
    "Problem",
    "ServiceError",
    "SimulatorResult",
    "app_from_environment",
    "catalog_id",
    "catalog_version",
    "create_app",
    "read_token",
    "serve",
    "simulator_page",
    "simulator_result",
]

_MAX_TOKEN_FILE_BYTES: Final = 4096
"""The most of a token file read: a token is one line of a few dozen characters."""

_SETTINGS: Final = "SUPECOST_SERVE_SETTINGS"
"""Where ``serve`` hands its settings to worker processes (uvicorn imports the app anew in each)."""


def read_token(path: str | os.PathLike[str]) -> str:
    """The bearer token in a file: its first line, without surrounding space (16+ characters).

    Example:
        >>> import pathlib, tempfile
        >>> path = pathlib.Path(tempfile.mkdtemp(), "token.txt")
        >>> _ = path.write_text("a-long-enough-token-1234\\n", encoding="utf-8")
        >>> read_token(path)
        'a-long-enough-token-1234'

    Args:
        path: The file.

    Returns:
        The token.

    Raises:
        ServiceError: The file cannot be read, or holds no token.
    """
    fix = "give a readable UTF-8 file holding the token on its first line"
    file = excerpt(os.fspath(path))
    try:
        with open(path, "rb") as stream:
            # Read a bounded prefix only, and only from a file or a pipe: a device such as
            # /dev/zero never ends, and a token file a server reads must not exhaust memory.
            mode = os.fstat(stream.fileno()).st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode)):
                raise ServiceError(
                    f"cannot read the token file {os.fspath(path)}: not a regular file or a pipe",
                    fix,
                    code="serve.token_not_file",
                    params={"file": file},
                )
            raw = stream.read(_MAX_TOKEN_FILE_BYTES + 1)
    except OSError as error:
        raise ServiceError(
            f"cannot read the token file {os.fspath(path)}: {error.strerror or error}",
            fix,
            code="serve.token_unreadable",
            params={"file": file},
        ) from None
    if len(raw) > _MAX_TOKEN_FILE_BYTES:
        raise ServiceError(
            f"the token file {os.fspath(path)} is longer than {_MAX_TOKEN_FILE_BYTES:,} bytes",
            fix,
            code="serve.token_long",
            params={"file": file, "limit": f"{_MAX_TOKEN_FILE_BYTES:,}"},
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ServiceError(
            f"the token file {os.fspath(path)} is not UTF-8",
            fix,
            code="serve.token_utf8",
            params={"file": file},
        ) from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(token) < 16:
        raise ServiceError(
            f"the token in {os.fspath(path)} is {len(token)} characters long",
            "write a token of at least 16 characters, such as `python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'`",
            code="serve.token_short",
            params={"file": file, "length": len(token)},
        )
    return token


def _app(settings: dict[str, object]) -> FastAPI:
    files = [str(f) for f in settings["catalogs"]]  # type: ignore[attr-defined]
    folders = [str(f) for f in settings["folders"]]  # type: ignore[attr-defined]
    token_file = settings["token_file"]
    token = None if token_file is None else read_token(str(token_file))
    last_good = settings.get("last_good")
    store = CatalogStore(files, folders, last_good=None if last_good is None else str(last_good))
    return create_app(store, token=token)


def app_from_environment() -> FastAPI:
    """The application of ``supecost serve``, from the settings it left in the environment.

    uvicorn calls this in each worker process (``--workers N``).

    Returns:
        The application.
    """
    return _app(json.loads(os.environ[_SETTINGS]))


def serve(
    catalogs: Sequence[str] = (),
    folders: Sequence[str] = (),
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    token_file: str | None = None,
) -> None:
    """Serve the API until stopped; what ``supecost serve`` runs.

    The catalogs and the token are read once here first, so a bad one stops the
    start with its message instead of failing in every worker.

    Args:
        catalogs: Catalog files.
        folders: Folders of catalog files.
        host: The address to listen on.
        port: The port.
        workers: Worker processes.
        token_file: A file holding the bearer token, or ``None`` for no token.

    Raises:
        CatalogError: A catalog does not load.
        ServiceError: No catalog, two with one id, or a bad token file.
    """
    import uvicorn

    settings: dict[str, object] = {
        "catalogs": list(catalogs),
        "folders": list(folders),
        "token_file": token_file,
    }
    app = _app(settings)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    # Workers restart (uvicorn restarts them all on SIGHUP) and read the catalogs again: the
    # last good copy of each, kept here, serves while a file is broken.
    with tempfile.TemporaryDirectory(prefix="supecost-serve-") as last_good:
        settings["last_good"] = last_good
        CatalogStore(catalogs, folders, last_good=last_good)
        os.environ[_SETTINGS] = json.dumps(settings)
        uvicorn.run(
            "supecost.service:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="info",
        )
