"""The benchmark workloads and what they share.

A workload is a module in this package that defines ``WORKLOAD``, a :class:`Workload`; the
runner finds every module by itself, so adding a workload means adding a module. Its ``run``
gets the :class:`Options` and returns a :class:`Result`: the app's seconds and the plain
limit's seconds for the same job on the same data, measured in the same run.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from alembic.script import ScriptDirectory

import commdesk.demo
from commdesk.demo import build_demo
from commdesk.store import Store
from commdesk.store.engine import make_engine, url_for
from commdesk.store.migrate import alembic_config, head_revision, upgrade

# $COMMDESK_BENCH_CACHE lets several checkouts share one cache of (large) demo databases.
CACHE = Path(
    os.environ.get("COMMDESK_BENCH_CACHE") or Path(__file__).resolve().parent.parent / ".cache"
)
SEED = 7


@dataclass(frozen=True)
class Target:
    """An absolute goal a workload must meet: ``ratio <= bound`` or ``app < bound``."""

    measure: Literal["ratio", "app"]
    bound: float

    def met(self, app: float, ratio: float) -> bool:
        return ratio <= self.bound if self.measure == "ratio" else app < self.bound

    def __str__(self) -> str:
        return f"ratio<={self.bound}" if self.measure == "ratio" else f"app<{self.bound}"


@dataclass(frozen=True)
class Result:
    app: float  # seconds, or seconds per operation for workloads that repeat one
    limit: float
    target: Target | None = None

    @property
    def ratio(self) -> float:
        return self.app / self.limit if self.limit > 0 else float("inf")

    @property
    def ok(self) -> bool | None:
        return None if self.target is None else self.target.met(self.app, self.ratio)


@dataclass(frozen=True)
class Options:
    demo_size: str = "large"  # the size demo-large builds; smaller for a quick check
    cache: Path = CACHE
    scratch: Path = CACHE / "scratch"  # fresh databases, removed after the run


@dataclass(frozen=True)
class Workload:
    name: str
    summary: str
    run: Callable[[Options], Result]


def discover() -> dict[str, Workload]:
    """Every workload in this package, by name."""
    found: dict[str, Workload] = {}
    for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        workload = importlib.import_module(f"{__name__}.{module.name}").WORKLOAD
        found[workload.name] = workload
    return found


def fresh_path(options: Options, name: str) -> Path:
    """A database path in the scratch folder with no file (nor WAL) left from before."""
    options.scratch.mkdir(parents=True, exist_ok=True)
    path = options.scratch / name
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    return path


def demo_cache_path(options: Options, size: str, revision: str | None = None) -> Path:
    """Where the demo database of ``size`` is cached. The name changes whenever the demo's
    code or the schema (``revision``, the head by default) does, so a stale cache is never
    reused."""
    digest = hashlib.sha256((revision or head_revision()).encode())
    for source in sorted(Path(commdesk.demo.__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return options.cache / f"demo-{size}-seed{SEED}-{digest.hexdigest()[:12]}.sqlite"


def cached_demo(options: Options, size: str) -> Path:
    """The demo database of ``size``, built the first time and reused afterwards."""
    path = demo_cache_path(options, size)
    if not path.exists():
        building = fresh_path(options, path.name)
        older = _older_build(options, size)
        if older is not None:
            # The same demo code built at an older schema: a copy migrated to the head holds
            # what a fresh build would, in a fraction of the time. The older file stays for
            # checkouts still at its schema.
            shutil.copyfile(older, building)
            _migrate(building)
            building.replace(path)
            return path
        store = Store.open(building)
        try:
            build_demo(store, size, SEED)
        finally:
            store.close()
        keep(building, path)
    return path


def _older_build(options: Options, size: str) -> Path | None:
    """The cached demo of ``size`` built by the same demo code at the newest older schema."""
    scripts = ScriptDirectory.from_config(alembic_config())
    for script in scripts.walk_revisions():  # newest first
        if script.revision == head_revision():
            continue
        candidate = demo_cache_path(options, size, script.revision)
        if candidate.exists():
            return candidate
    return None


def _migrate(path: Path) -> None:
    """Upgrade a database to the head the way Store.open does, without its backup copy."""
    engine = make_engine(url_for(path), foreign_keys=False)
    try:
        with engine.connect() as connection:
            upgrade(connection)
            connection.commit()
    finally:
        engine.dispose()  # the last connection closing checkpoints the WAL into the file


def keep(built: Path, cached: Path) -> None:
    """Move a finished (closed, checkpointed) database into the cache."""
    cached.parent.mkdir(parents=True, exist_ok=True)
    for old in cached.parent.glob(cached.name.rsplit("-", 1)[0] + "-*.sqlite*"):
        old.unlink()  # an older build of the same size and seed
    built.replace(cached)


def copy_of(source: Path, options: Options, name: str) -> Path:
    """A private copy of a cached database, for workloads that change it. The cached file is
    closed and checkpointed, so a plain file copy is exact (and leaves no -wal in the cache)."""
    copy = fresh_path(options, name)
    shutil.copyfile(source, copy)
    return copy


@contextmanager
def raw_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection with exactly the PRAGMAs the app's connections get
    (foreign keys, WAL, synchronous=NORMAL, busy timeout) and autocommit, so the limit
    does the same storage work as the app without any of its code on the way."""
    engine = make_engine(url_for(path))
    pooled = engine.raw_connection()
    try:
        connection = pooled.driver_connection
        assert isinstance(connection, sqlite3.Connection)
        yield connection
    finally:
        pooled.close()
        engine.dispose()


def remove_scratch(options: Options) -> None:
    shutil.rmtree(options.scratch, ignore_errors=True)
