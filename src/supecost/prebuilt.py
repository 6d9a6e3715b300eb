"""Package data validated once and shipped pickled, keyed by every byte it was made from.

Validating the built-in reference catalog through pydantic costs more than the
rest of a first quote's start-up (the validators are built on first use). It is
deterministic, so the package ships it validated: a pickle of the result,
prefixed with a key, the SHA-256 of everything that decides the result (the
data file, the modules that define and validate its records, pydantic's major
version). :func:`read` returns the value only when the key
matches; any other change (an edited catalog module, another pydantic) makes it
return ``None``, and the caller validates as before. A test checks that the
shipped file is current and says how to rebuild it.

The file is read only from the package's own data folder, never from user
input: unpickling is as trusted as importing the package's modules.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as folder:
...     path = pathlib.Path(folder, "value.pickle")
...     write(path, key(b"source"), {"answer": 42})
...     read(path, key(b"source")), read(path, key(b"changed source"))
({'answer': 42}, None)
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path
from typing import Protocol

__all__ = ["key", "read", "write"]

_SEPARATOR = b"\n"
_PROTOCOL = 5
"""Read by every Python supecost supports (3.8 and later)."""


class _Readable(Protocol):
    def read_bytes(self) -> bytes: ...  # pragma: no cover - a protocol


def key(*sources: bytes) -> bytes:
    """The key of a value: the SHA-256 of its sources.

    Example:
        >>> len(key(b"a", b"b")), key(b"a", b"b") == key(b"ab")
        (64, False)

    Args:
        *sources: Every byte string the value depends on, in a fixed order.

    Returns:
        The key, as hexadecimal ASCII.
    """
    digest = hashlib.sha256()
    for source in sources:
        # Length-prefixed, so moving bytes from one source to the next changes the key.
        digest.update(len(source).to_bytes(8, "big"))
        digest.update(source)
    return digest.hexdigest().encode("ascii")


def read(path: _Readable, expected: bytes) -> object | None:
    """The value stored under ``expected``, or ``None`` when the file is missing or stale.

    Example:
        >>> read(Path("no such file"), key(b"x")) is None
        True

    Args:
        path: The file, in the package's data folder.
        expected: The key of the value wanted, from :func:`key`.

    Returns:
        The value, unpickled only when the file's key is ``expected``.
    """
    try:
        blob = path.read_bytes()
    except OSError:
        return None
    stored, _, body = blob.partition(_SEPARATOR)
    if stored != expected:
        return None
    value: object = pickle.loads(body)
    return value


def write(path: Path, stored: bytes, value: object) -> None:
    """Store a value under a key (at build time, never at start-up).

    Example:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     write(Path(folder, "v.pickle"), key(b"s"), 1)
        ...     Path(folder, "v.pickle").read_bytes().startswith(key(b"s"))
        True

    Args:
        path: The file to write.
        stored: The key, from :func:`key`.
        value: The value; it must pickle.
    """
    path.write_bytes(stored + _SEPARATOR + pickle.dumps(value, protocol=_PROTOCOL))
