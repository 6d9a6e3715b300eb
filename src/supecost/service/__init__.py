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

import contextlib
import errno
import json
import logging
import os
import socket
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


def _listen(host: str, port: int) -> socket.socket:
    """The socket the server listens on, bound here once and handed to uvicorn.

    Bound as uvicorn binds it (IPv6 where the host has a ':', reusing an address in
    TIME_WAIT), so the server answers on exactly this socket and no other program can take
    the port between a check and the start. Uvicorn would log a failure in English after
    "Application startup complete." and exit with status 3; a coded error is worded in the
    command's language and exits 2.

    Example:
        >>> with _listen("127.0.0.1", 0) as bound:
        ...     bound.getsockname()[0]
        '127.0.0.1'

    Args:
        host: The address to listen on.
        port: The port (0: one the system chooses).

    Returns:
        The bound socket, inheritable so that worker processes can share it.

    Raises:
        ServiceError: The port is in use, needs privileges, or the address is not this
            machine's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    params = {"host": excerpt(host), "port": port}
    listener = socket.socket(family, socket.SOCK_STREAM)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((host, port))
    except OSError as error:
        listener.close()
        where = f"{host}:{port}"
        message, hint, code = {
            errno.EADDRINUSE: (
                f"port {port} is in use on {where}: another program listens on it",
                "stop that program, or give another --port",
                "serve.port_in_use",
            ),
            errno.EACCES: (
                f"listening on port {port} needs privileges this user lacks",
                "give a --port from 1024 up",
                "serve.port_denied",
            ),
        }.get(
            error.errno or 0,
            (
                f"cannot listen on {where}: {error.strerror or error}",
                "give a --host of this machine, such as 127.0.0.1 or 0.0.0.0",
                "serve.listen",
            ),
        )
        raise ServiceError(message, hint, code=code, params=params) from None
    listener.set_inheritable(True)
    return listener


def _log_listening(listener: socket.socket, host: str) -> None:
    """Say where the server listens, as uvicorn does for a socket it binds itself.

    Uvicorn logs nothing of a socket it is handed; the port is the bound one, so a
    ``--port 0`` start names the port the system chose.
    """
    address = "http://[%s]:%d" if ":" in host else "http://%s:%d"
    logging.getLogger("uvicorn.error").info(
        f"Uvicorn running on {address} (Press CTRL+C to quit)", host, listener.getsockname()[1]
    )


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
        ServiceError: No catalog, two with one id, a bad token file, or an address
            that cannot be listened on (:func:`_listen`).
    """
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    settings: dict[str, object] = {
        "catalogs": list(catalogs),
        "folders": list(folders),
        "token_file": token_file,
    }
    app = _app(settings)
    with _listen(host, port) as listener, contextlib.suppress(KeyboardInterrupt):
        # Ctrl+C ends the server, which then raises SIGINT again for its caller: the end
        # asked for, not an error, so no traceback (uvicorn.run suppresses it alike).
        if workers == 1:
            config = uvicorn.Config(app, host=host, port=port, log_level="info")
            _log_listening(listener, host)
            uvicorn.Server(config).run(sockets=[listener])
            return
        # Workers restart (uvicorn restarts them all on SIGHUP) and read the catalogs again:
        # the last good copy of each, kept here, serves while a file is broken.
        with tempfile.TemporaryDirectory(prefix="supecost-serve-") as last_good:
            settings["last_good"] = last_good
            CatalogStore(catalogs, folders, last_good=last_good)
            os.environ[_SETTINGS] = json.dumps(settings)
            config = uvicorn.Config(
                "supecost.service:app_from_environment",
                factory=True,
                host=host,
                port=port,
                workers=workers,
                log_level="info",
            )
            _log_listening(listener, host)
            Multiprocess(config, sockets=[listener]).run()
