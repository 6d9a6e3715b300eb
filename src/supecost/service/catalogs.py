"""The catalogs a server serves: loaded from files, reloaded when they change, never half-swapped.

A :class:`CatalogStore` holds an immutable snapshot (catalog id → catalog, and
each catalog's version). A request takes the snapshot once, when it starts, and
prices everything on it, so a reload during the request cannot change its answer.
A reload that finds a broken file logs the problems with their file and line and
keeps serving the last good catalog of that file; two files that come to share an
id keep that id on its last good catalog, and every other catalog still reloads.

>>> from supecost.catalog import reference_catalog
>>> store = CatalogStore.from_catalogs({"ref": reference_catalog()})
>>> sorted(store.snapshot)
['ref']
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from supecost.catalog import ID_PATTERN, Catalog, load_catalog
from supecost.errors import SupecostError, excerpt

__all__ = [
    "CATALOG_SUFFIXES",
    "CatalogStore",
    "CatalogUnavailableError",
    "ServiceError",
    "Snapshot",
    "catalog_id",
    "catalog_version",
]

CATALOG_SUFFIXES: Final = (".toml", ".json")
"""The files of a ``--catalog-dir`` that are catalogs; the file's stem is the catalog id."""

log: Final = logging.getLogger("supecost.service")


class ServiceError(SupecostError, ValueError):
    """A server that cannot start as configured (no catalog, two catalogs with one id).

    Example:
        >>> ServiceError("no catalog to serve", "give --catalog PATH").hint
        'give --catalog PATH'
    """


class CatalogUnavailableError(SupecostError, LookupError):
    """A catalog whose file is in place but does not load, so nothing of it can be served.

    Not an unknown id: the caller asked for the right catalog, and only the clinic's
    operator can fix the file. Its problems, with their lines, are in the server's log.

    Example:
        >>> error = CatalogUnavailableError("bad", "bad.toml")
        >>> error.catalog_id, error.message
        ('bad', "catalog 'bad' is not served: its file bad.toml does not load")
        >>> CatalogUnavailableError("a", "a.json and a.toml", clash=True).message
        "catalog 'a' is not served: two files have its id, a.json and a.toml"

    Args:
        catalog_id: The catalog's id.
        file: The file's name (both files' names, for a clash).
        clash: Whether the files load but two of them have the id.
    """

    def __init__(self, catalog_id: str, file: str, *, clash: bool = False) -> None:
        self.catalog_id = catalog_id
        self.file = file
        shown = excerpt(catalog_id)
        if clash:
            super().__init__(
                f"catalog {shown} is not served: two files have its id, {file}",
                "remove or rename one of the files (a catalog's id is its file name without "
                "the suffix), and the other is served within seconds",
                code="catalog.unserved_clash",
                params={"id": shown, "file": file},
            )
            return
        super().__init__(
            f"catalog {shown} is not served: its file {file} does not load",
            "the server's log names each problem with its line; correct the file "
            "(supecost catalog validate checks it), and it is served within seconds",
            code="catalog.unserved",
            params={"id": shown, "file": file},
        )


_NOT_ID: Final = re.compile(r"[^a-z0-9]+")
"""What a suggested id replaces with a hyphen: every run of characters an id may not have."""
_MAX_ID: Final = 64


def catalog_id(path: str | os.PathLike[str]) -> str:
    """The id a catalog file is served under: its name without the suffix, checked as an id is.

    A catalog's id is a path segment of every URL and a key of ``/healthz``, so it
    follows the one rule of an id in a catalog (``catalog.ID_PATTERN``): 1 to 64
    lowercase letters, digits and ``-``, not starting or ending with ``-``.

    Example:
        >>> catalog_id("catalogs/clinic-a.toml")
        'clinic-a'
        >>> catalog_id("Tax X.toml")
        Traceback (most recent call last):
        ...
        supecost.service.catalogs.ServiceError: the catalog file 'Tax X.toml' cannot be \
served: its name 'Tax X' is no catalog id (1 to 64 lowercase letters, digits and '-', not \
starting or ending with '-'); rename the file, such as to tax-x.toml

    Args:
        path: The catalog file.

    Returns:
        The catalog id.

    Raises:
        ServiceError: The file's name without its suffix is no id.
    """
    name = Path(path)
    if re.fullmatch(ID_PATTERN, name.stem):
        return name.stem
    suggested = _NOT_ID.sub("-", name.stem.lower())[:_MAX_ID].strip("-") or "catalog"
    renamed = suggested + name.suffix
    file, stem = excerpt(name.name), excerpt(name.stem)
    raise ServiceError(
        f"the catalog file {file} cannot be served: its name {stem} is no catalog id (1 to "
        "64 lowercase letters, digits and '-', not starting or ending with '-')",
        f"rename the file, such as to {renamed}",
        code="serve.file_id",
        # The name suggested is made of an id's characters and the suffix alone: shown whole.
        params={"file": file, "stem": stem, "renamed": renamed},
    )


def catalog_version(catalog: Catalog) -> str:
    """A catalog's version: a digest of its content, the same from TOML or JSON and in every worker.

    A booking system compares it to tell whether two answers were priced on the same
    catalog; a file saved again unchanged keeps it.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> version = catalog_version(reference_catalog())
        >>> len(version), version == catalog_version(reference_catalog())
        (16, True)

    Args:
        catalog: The catalog.

    Returns:
        16 lowercase hexadecimal digits.
    """
    text = catalog.model_dump_json(by_alias=True, exclude_none=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


class Snapshot(Mapping[str, Catalog]):
    """The catalogs served at one moment, by id, with each one's version; never changes.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> snapshot = Snapshot({"ref": reference_catalog()})
        >>> snapshot.version("ref") == catalog_version(reference_catalog())
        True

    Args:
        catalogs: The catalogs by id.
        versions: Their versions by id, where already known (the rest are computed).
    """

    __slots__ = ("_catalogs", "_versions")

    def __init__(
        self, catalogs: Mapping[str, Catalog], versions: Mapping[str, str] | None = None
    ) -> None:
        known = versions or {}
        self._catalogs = dict(catalogs)
        self._versions = {
            key: known.get(key) or catalog_version(value) for key, value in catalogs.items()
        }

    def __getitem__(self, key: str) -> Catalog:
        return self._catalogs[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalogs)

    def __len__(self) -> int:
        return len(self._catalogs)

    def version(self, catalog_id: str) -> str:
        """The version of the catalog served as ``catalog_id`` (see :func:`catalog_version`)."""
        return self._versions[catalog_id]


@dataclass(frozen=True, slots=True)
class _Signature:
    """What tells a changed file from an unchanged one without reading it."""

    mtime_ns: int
    size: int
    inode: int


def _signature(path: Path) -> _Signature | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return _Signature(status.st_mtime_ns, status.st_size, status.st_ino)


class CatalogStore:
    """Catalogs by id, from files and folders, swapped whole when a file changes.

    Example:
        >>> from supecost.catalog import reference_catalog
        >>> store = CatalogStore.from_catalogs({"ref": reference_catalog()})
        >>> store.snapshot["ref"].clinic.name
        '参考カタログ（幹細胞培養上清液）'

    Args:
        files: Catalog files; each file's stem is its id.
        folders: Folders whose ``.toml`` and ``.json`` files are all catalogs.
        last_good: A folder where every catalog served from a file is also kept, as
            JSON, and from which a store starting while a file is broken (or while two
            files share its id) takes its last good catalog. Worker processes restarted
            by ``--workers N`` (uvicorn restarts them all on SIGHUP) share it, so a
            broken edit never stops them from serving.

    Raises:
        CatalogError: A catalog does not load at start and has no last good copy
            (later, reloads keep the last good one).
        ServiceError: No catalog at all, or two files with one id at start and no
            last good copy of it (later, that id keeps its last good catalog).
    """

    def __init__(
        self,
        files: Sequence[str | Path] = (),
        folders: Sequence[str | Path] = (),
        *,
        last_good: str | Path | None = None,
    ) -> None:
        self._files = tuple(Path(f) for f in files)
        self._folders = tuple(Path(f) for f in folders)
        self._last_good = None if last_good is None else Path(last_good)
        self._seen: dict[Path, _Signature | None] = {}
        self._loaded: dict[Path, Catalog] = {}
        self._fixed: dict[str, Catalog] = {}
        self._failed: dict[Path, None] = {}
        self._clashes: dict[str, tuple[Path, ...]] = {}
        paths = self._paths()
        self._misnamed: set[Path] = set()
        for path in paths:
            catalog_id(path)  # a file whose name is no id stops the start, named
        if not paths:
            raise ServiceError(
                "no catalog to serve",
                "give --catalog PATH or --catalog-dir DIR holding .toml or .json catalogs",
                code="serve.none",
            )
        for path in paths:
            self._seen[path] = _signature(path)
            try:
                self._loaded[path] = load_catalog(path)
            except SupecostError as error:
                kept = self._kept(path)
                if kept is None:
                    raise
                self._failed[path] = None
                log.error("catalog %s does not load (keeping the last good one):\n%s", path, error)
                self._loaded[path] = kept
        kept_copies: dict[str, Catalog] = {}
        for key, clashing in self._clashing(paths).items():
            kept = self._kept(clashing[0])
            if kept is None:
                raise ServiceError(
                    _clash_message(key, clashing),
                    "rename one of the files; a catalog's id is its file name without the suffix",
                    code="serve.same_id",
                    params={"id": excerpt(key), "files": _files(clashing)},
                )
            kept_copies[key] = kept
        self._snapshot = self._build(paths, kept_copies)
        self._publish()

    def _kept(self, path: Path) -> Catalog | None:
        """The last good catalog of a file, kept by this store or another worker's."""
        if self._last_good is None:
            return None
        try:
            return load_catalog(self._last_good / f"{path.stem}.json")
        except SupecostError:
            return None

    def _keep(self, key: str, catalog: Catalog) -> None:
        """Keep a copy of a catalog now served from a file, for workers that start later."""
        if self._last_good is None:
            return
        # Written whole, then renamed: another worker never reads half a copy.
        copy = self._last_good / f"{key}.json"
        partial = copy.with_name(f".{copy.name}.{os.getpid()}")
        try:
            partial.write_text(catalog.model_dump_json(by_alias=True, exclude_none=True))
            os.replace(partial, copy)
        except OSError as error:
            log.warning("cannot keep a copy of catalog %s: %s", key, error.strerror or error)

    @classmethod
    def from_catalogs(cls, catalogs: Mapping[str, Catalog]) -> CatalogStore:
        """A store of catalogs already in memory, which never reload.

        Example:
            >>> from supecost.catalog import reference_catalog
            >>> len(CatalogStore.from_catalogs({"a": reference_catalog()}).snapshot)
            1

        Args:
            catalogs: The catalogs by id.

        Returns:
            The store.
        """
        store = cls.__new__(cls)
        store._files = ()
        store._folders = ()
        store._last_good = None
        store._seen = {}
        store._loaded = {}
        store._fixed = dict(catalogs)
        store._failed = {}
        store._clashes = {}
        store._snapshot = Snapshot(catalogs)
        store._publish()
        return store

    @property
    def snapshot(self) -> Snapshot:
        """The catalogs now, with their versions: immutable, a request holds it to its end."""
        return self._snapshot

    @property
    def failed(self) -> Mapping[str, str]:
        """The catalogs whose file does not load now, by id, with the file's name.

        One kept from an earlier good version still serves it (and is listed here all the
        same, since the file in place is not what is served); one without is not served.
        An id two files share is listed too, with both files' names (see :attr:`clashing`).

        Example:
            >>> from supecost.catalog import reference_catalog
            >>> dict(CatalogStore.from_catalogs({"ref": reference_catalog()}).failed)
            {}
        """
        return self._failed_now

    @property
    def clashing(self) -> frozenset[str]:
        """The ids that two files share now: each is served as it was before, if it was.

        Example:
            >>> from supecost.catalog import reference_catalog
            >>> CatalogStore.from_catalogs({"ref": reference_catalog()}).clashing
            frozenset()
        """
        return self._clashing_now

    def _publish(self) -> None:
        # Published whole, as the snapshot is: /healthz reads them on the event loop while
        # a reload in a worker thread changes the dictionaries they are made from.
        failed = {path.stem: path.name for path in self._failed}
        failed.update(
            (key, " and ".join(path.name for path in paths)) for key, paths in self._clashes.items()
        )
        self._failed_now: Mapping[str, str] = MappingProxyType(failed)
        self._clashing_now = frozenset(self._clashes)

    def _paths(self) -> list[Path]:
        found = list(self._files)
        for folder in self._folders:
            try:
                entries = sorted(folder.iterdir())
            except OSError as error:
                raise ServiceError(
                    f"cannot read the catalog folder {folder}: {error.strerror or error}",
                    "give a folder that exists and can be read",
                    code="serve.folder",
                    params={"folder": excerpt(str(folder))},
                ) from None
            found += [p for p in entries if p.suffix in CATALOG_SUFFIXES and p.is_file()]
        return found

    def _clashing(self, paths: Iterable[Path]) -> dict[str, tuple[Path, ...]]:
        """The ids that more than one loaded file has, with those files."""
        origins: dict[str, list[Path]] = {}
        for path in paths:
            if path in self._loaded:
                origins.setdefault(path.stem, []).append(path)
        return {key: tuple(found) for key, found in origins.items() if len(found) > 1}

    def _build(self, paths: Sequence[Path], kept: Mapping[str, Catalog]) -> Snapshot:
        """The snapshot of the files loaded now; an id two files share is served from ``kept``.

        Confined to that id: every other catalog is served as its file now says.
        """
        clashes = self._clashing(paths)
        for key, clashing in clashes.items():
            if self._clashes.get(key) != clashing:
                served = "keeping the last good one" if key in kept else "not serving it"
                log.error("catalog %s (%s)", _clash_message(key, clashing), served)
        self._clashes = clashes
        previous: Snapshot | None = getattr(self, "_snapshot", None)
        catalogs = dict(self._fixed)
        for path in paths:
            key = path.stem
            if path not in self._loaded or key in catalogs:
                continue
            if key in clashes:
                if key in kept:
                    catalogs[key] = kept[key]
                continue
            catalogs[key] = self._loaded[path]
            if previous is None or previous.get(key) is not catalogs[key]:
                self._keep(key, catalogs[key])
        # A catalog served before keeps the version computed then: no second digest.
        versions = {
            key: previous.version(key)
            for key, value in catalogs.items()
            if previous is not None and previous.get(key) is value
        }
        return Snapshot(catalogs, versions)

    def refresh(self) -> bool:
        """Reload every catalog file that changed since it was last read.

        A file that no longer loads is logged, with each problem's file and
        line, and its last good catalog keeps serving. A file that was removed
        stops being served; a new file in a folder starts being served. While two
        files have one id, that id keeps the catalog it had (none, if it had
        none), is logged and listed in :attr:`failed`; the others still reload.

        Returns:
            Whether the snapshot changed.
        """
        try:
            paths = [path for path in self._paths() if self._named(path)]
        except ServiceError as error:
            log.error("catalog reload skipped: %s", error)
            return False
        changed = False
        for path in paths:
            signature = _signature(path)
            if path in self._seen and signature == self._seen[path]:
                continue
            self._seen[path] = signature
            try:
                catalog = load_catalog(path)
            except SupecostError as error:
                # Another worker may have loaded a later good version before the file broke.
                shared = self._kept(path)
                if shared is not None and shared != self._loaded.get(path):
                    self._loaded[path] = shared
                    changed = True
                kept = "keeping the last good one" if path in self._loaded else "not serving it"
                self._failed[path] = None
                log.error("catalog %s did not reload (%s):\n%s", path, kept, error)
                continue
            self._loaded[path] = catalog
            self._failed.pop(path, None)
            changed = True
            log.info("catalog %s reloaded", path)
        for gone in set(self._seen) - set(paths):
            del self._seen[gone]
            self._failed.pop(gone, None)
            if self._loaded.pop(gone, None) is not None:
                changed = True
                log.warning("catalog %s is gone; no longer serving %r", gone, gone.stem)
        if changed:
            before = self._snapshot
            self._snapshot = self._build(paths, before)
            changed = len(before) != len(self._snapshot) or any(
                before.get(key) is not value for key, value in self._snapshot.items()
            )
        self._publish()
        return changed

    def _named(self, path: Path) -> bool:
        """Whether a file found on a reload is named as an id; one that is not is logged once."""
        try:
            catalog_id(path)
        except ServiceError as error:
            if path not in self._misnamed:
                self._misnamed.add(path)
                log.error("catalog %s is not served: %s", path, error)
            return False
        self._misnamed.discard(path)
        return True

    def watched(self) -> tuple[str, ...]:
        """The files and folders the store reads, for logging at start."""
        return tuple(os.fspath(p) for p in (*self._files, *self._folders))


def _files(paths: Sequence[Path]) -> str:
    return " and ".join(excerpt(os.fspath(path)) for path in paths)


def _clash_message(key: str, paths: Sequence[Path]) -> str:
    return f"two catalogs have the id {excerpt(key)}: {_files(paths)}"
