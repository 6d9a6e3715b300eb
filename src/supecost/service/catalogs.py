"""The catalogs a server serves: loaded from files, reloaded when they change, never half-swapped.

A :class:`CatalogStore` holds an immutable snapshot (catalog id → catalog). A
request takes the snapshot once, when it starts, and prices everything on it,
so a reload during the request cannot change its answer. A reload that finds
a broken file logs the problems with their file and line and keeps serving the
last good catalog of that file.

>>> from supecost.catalog import reference_catalog
>>> store = CatalogStore.from_catalogs({"ref": reference_catalog()})
>>> sorted(store.snapshot)
['ref']
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

from supecost.catalog import Catalog, load_catalog
from supecost.errors import SupecostError, excerpt

__all__ = ["CATALOG_SUFFIXES", "CatalogStore", "CatalogUnavailableError", "ServiceError"]

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

    Args:
        catalog_id: The catalog's id.
        file: The file's name.
    """

    def __init__(self, catalog_id: str, file: str) -> None:
        self.catalog_id = catalog_id
        self.file = file
        super().__init__(
            f"catalog {excerpt(catalog_id)} is not served: its file {file} does not load",
            "the server's log names each problem with its line; correct the file "
            "(supecost catalog validate checks it), and it is served within seconds",
        )


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
        last_good: A folder where every catalog that loads is also kept, as
            JSON, and from which a store starting while a file is broken takes
            its last good catalog. Worker processes restarted by ``--workers N``
            (uvicorn restarts them all on SIGHUP) share it, so a broken edit
            never stops them from serving.

    Raises:
        CatalogError: A catalog does not load at start and has no last good copy
            (later, reloads keep the last good one).
        ServiceError: No catalog at all, or two files with one id.
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
        paths = self._paths()
        if not paths:
            raise ServiceError(
                "no catalog to serve",
                "give --catalog PATH or --catalog-dir DIR holding .toml or .json catalogs",
                code="serve.none",
            )
        for path in paths:
            self._seen[path] = _signature(path)
            try:
                self._loaded[path] = self._load(path)
            except SupecostError as error:
                kept = self._kept(path)
                if kept is None:
                    raise
                self._failed[path] = None
                log.error("catalog %s does not load (keeping the last good one):\n%s", path, error)
                self._loaded[path] = kept
        self._snapshot = self._build(paths)
        self._failed_now = self._failed_view()

    def _load(self, path: Path) -> Catalog:
        catalog = load_catalog(path)
        if self._last_good is not None:
            # Written whole, then renamed: another worker never reads half a copy.
            copy = self._last_good / f"{path.stem}.json"
            partial = copy.with_name(f".{copy.name}.{os.getpid()}")
            try:
                partial.write_text(catalog.model_dump_json(by_alias=True, exclude_none=True))
                os.replace(partial, copy)
            except OSError as error:
                log.warning("cannot keep a copy of catalog %s: %s", path, error.strerror or error)
        return catalog

    def _kept(self, path: Path) -> Catalog | None:
        """The last good catalog of a file, kept by this store or another worker's."""
        if self._last_good is None:
            return None
        try:
            return load_catalog(self._last_good / f"{path.stem}.json")
        except SupecostError:
            return None

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
        store._seen = {}
        store._loaded = {}
        store._fixed = dict(catalogs)
        store._failed = {}
        store._failed_now = store._failed_view()
        store._snapshot = MappingProxyType(dict(catalogs))
        return store

    @property
    def snapshot(self) -> Mapping[str, Catalog]:
        """The catalogs now: an immutable mapping a request holds until it ends."""
        return self._snapshot

    @property
    def failed(self) -> Mapping[str, str]:
        """The catalogs whose file does not load now, by id, with the file's name.

        One kept from an earlier good version still serves it (and is listed here all the
        same, since the file in place is not what is served); one without is not served.

        Example:
            >>> from supecost.catalog import reference_catalog
            >>> dict(CatalogStore.from_catalogs({"ref": reference_catalog()}).failed)
            {}
        """
        return self._failed_now

    def _failed_view(self) -> Mapping[str, str]:
        # Published whole, as the snapshot is: /healthz reads it on the event loop while a
        # reload in a worker thread changes the dictionary it is made from.
        return MappingProxyType({path.stem: path.name for path in self._failed})

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

    def _build(self, paths: Iterable[Path]) -> Mapping[str, Catalog]:
        catalogs = dict(self._fixed)
        origin: dict[str, Path] = {}
        for path in paths:
            if path not in self._loaded:
                continue
            if path.stem in origin:
                raise ServiceError(
                    f"two catalogs have the id {path.stem!r}: {origin[path.stem]} and {path}",
                    "rename one of the files; a catalog's id is its file name without the suffix",
                    code="serve.same_id",
                    params={
                        "id": excerpt(path.stem),
                        "first": excerpt(str(origin[path.stem])),
                        "second": excerpt(str(path)),
                    },
                )
            origin[path.stem] = path
            catalogs[path.stem] = self._loaded[path]
        return MappingProxyType(catalogs)

    def refresh(self) -> bool:
        """Reload every catalog file that changed since it was last read.

        A file that no longer loads is logged, with each problem's file and
        line, and its last good catalog keeps serving. A file that was removed
        stops being served; a new file in a folder starts being served.

        Returns:
            Whether the snapshot changed.
        """
        try:
            paths = self._paths()
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
                catalog = self._load(path)
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
        self._failed_now = self._failed_view()
        if changed:
            try:
                self._snapshot = self._build(paths)
            except ServiceError as error:
                log.error("catalog reload skipped: %s", error)
                return False
        return changed

    def watched(self) -> tuple[str, ...]:
        """The files and folders the store reads, for logging at start."""
        return tuple(os.fspath(p) for p in (*self._files, *self._folders))
