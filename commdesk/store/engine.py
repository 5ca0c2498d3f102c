"""The one engine factory of the app, and the PRAGMAs every SQLite connection gets."""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

BUSY_TIMEOUT_MS = 5000  # keep in step with the PRAGMA below


def url_for(target: str | Path) -> URL:
    """An SQLAlchemy URL for a path or a URL string (``sqlite:///...``, ``postgresql://...``)."""
    text = str(target)
    if "://" in text:
        return make_url(text)
    return URL.create("sqlite", database=str(Path(text).expanduser().resolve()))


def sqlite_path(url: URL) -> Path | None:
    """The file behind an SQLite URL, or None for another backend or an in-memory database."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


# SQLite calls the progress handler every this many virtual-machine steps (about a
# millisecond of work): cheap, and soon enough for Cancel to feel immediate.
INTERRUPT_EVERY = 20_000
_interrupt = threading.local()


def _stop_requested() -> int:
    """The SQLite progress handler: non-zero aborts the running statement (on this thread)."""
    check = getattr(_interrupt, "check", None)
    return 1 if check is not None and check() else 0


@contextmanager
def interruptible(stop: Callable[[], bool]) -> Iterator[None]:
    """While the block runs, statements this thread runs on a CommDesk SQLite connection stop
    with ``sqlite3.OperationalError("interrupted")`` (wrapped by SQLAlchemy) once ``stop()``
    is true: a background task's Cancel, or the window closing, need not wait for a long
    aggregate. Blocks nest: the inner check applies until it ends."""
    previous = getattr(_interrupt, "check", None)
    _interrupt.check = stop
    try:
        yield
    finally:
        _interrupt.check = previous


def is_interrupted(error: BaseException) -> bool:
    """Whether ``error`` is a statement stopped by :func:`interruptible`."""
    cause = getattr(error, "orig", error)
    return isinstance(cause, sqlite3.OperationalError) and "interrupted" in str(cause)


def is_disk_full(error: BaseException) -> bool:
    """Whether ``error`` (or what caused it) is the disk, or SQLite's page limit, being full:
    SQLITE_FULL from a statement or a commit, or ENOSPC from writing a file. SQLite rolls
    the statement or transaction back whole, so nothing of the failed write is kept."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.Error):
            code = getattr(current, "sqlite_errorcode", None)
            if code is not None and code & 0xFF == sqlite3.SQLITE_FULL:
                return True
            if "database or disk is full" in str(current):
                return True
        if isinstance(current, OSError) and current.errno == errno.ENOSPC:
            return True
        orig = getattr(current, "orig", None)  # SQLAlchemy's wrapper of the DBAPI error
        following = orig if isinstance(orig, BaseException) else None
        current = following or current.__cause__ or current.__context__
    return False


def make_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """Create an engine. SQLite connections get WAL, synchronous=NORMAL, a busy timeout and
    (unless a migration needs them off while it rebuilds tables) foreign keys."""
    kwargs: dict[str, Any] = {}
    is_sqlite = url.get_backend_name() == "sqlite"
    if is_sqlite:
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, **kwargs)
    if is_sqlite:
        _configure_sqlite(engine, foreign_keys=foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, *, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy, not the driver, decide where transactions begin (see "begin" below).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
        cursor.execute("PRAGMA busy_timeout = 5000")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Deleted content is overwritten with zeros, so an erased person's data does not
        # linger in free pages of the file (see services/erasure.py).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()
        # A long query stops when the thread running it asks (see interruptible below).
        dbapi_connection.set_progress_handler(_stop_requested, INTERRUPT_EVERY)

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(BEGIN_MODE) == IMMEDIATE:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


# How a transaction of an engine made by make_engine begins (an execution option): plain
# BEGIN takes the write lock at the first write, BEGIN IMMEDIATE at once.
BEGIN_MODE = "commdesk_begin"
IMMEDIATE = "IMMEDIATE"


def for_writing(engine: Engine) -> Engine:
    """The same engine (pool, events), its transactions beginning IMMEDIATE.

    A unit of work reads, then writes. Begun plainly, it reads from the snapshot of its first
    statement; if another connection (the Overview saving what it measured, a sync) commits
    in between, SQLite refuses the later write at once, "database is locked", without waiting
    out the busy timeout: the snapshot is stale, no lock wait can mend it. Taking the write
    lock at BEGIN turns that into a wait for the other writer to finish."""
    return engine.execution_options(**{BEGIN_MODE: IMMEDIATE})
