"""Backups a person can see and restore, and the backup taken before every bulk change.

Listing reads each backup read-only (never creating -wal/-shm files beside it) for its
date, schema and counts. Restoring first checks the backup whole (``integrity_check``),
backs up the current file, then copies the backup in with SQLite's backup API — in one
transaction, so an interrupted restore leaves the current file as it was. A damaged current
file is moved aside, never overwritten. Erasures recorded in the current file are applied
again to the restored one, so an older backup cannot bring an erased person back.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from commdesk.errors import StoreError
from commdesk.services import erasure
from commdesk.store import Store, backup_set, migrate

log = logging.getLogger(__name__)

COUNTED = ("people", "communities", "plans", "activities")
# Fixed statements, one per counted table (table names cannot be bound parameters).
COUNT_SQL = {table: "SELECT count(*) FROM " + table for table in COUNTED}
# Bulk operations smaller than this are covered by undo; larger ones get a backup first.
BULK_THRESHOLD = 50

Progress = Callable[[float, str], object]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file: when, why, and what it holds (``problem`` when it cannot be read)."""

    path: Path
    made: datetime
    reason: str | None
    size: int
    schema: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    problem: str | None = None

    @property
    def usable(self) -> bool:
        return self.problem is None

    @property
    def reason_text(self) -> str:
        if self.reason is None:
            return "made by you"
        if self.reason == "daily":
            return "daily"
        return self.reason.replace("-", " ")


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    previous_copy: Path | None
    counts: dict[str, int]
    erasures_applied: int


def backup_before(store: Store, reason: str, *, rows: int | None = None) -> Path | None:
    """Back up ``store`` before a bulk change (import, bulk delete, round-trip apply, sync).

    ``reason`` names the change (``"import"`` → ``…-before-import-…``). With ``rows``, a
    change smaller than :data:`BULK_THRESHOLD` is left to undo and nothing is copied.
    Returns the backup, or None when none was needed (small change, not a file).
    """
    if store.path is None or (rows is not None and rows < BULK_THRESHOLD):
        return None
    copy = backup_set.take(store.path, f"before-{reason}")
    log.info("backed up %s before %s", store.path.name, reason)
    return copy


def list_backups(database: Path, *, folder: Path | None = None) -> list[BackupInfo]:
    """The backups of ``database``, newest first, each read for its schema and counts."""
    return [describe(name) for name in backup_set.backups_of(database, folder)]


def describe(name: backup_set.BackupName) -> BackupInfo:
    size = name.path.stat().st_size
    try:
        connection = _read_only(name.path)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise StoreError("not a CommDesk database")
            schema = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = {
                t: int(connection.execute(COUNT_SQL[t]).fetchone()[0])
                for t in COUNTED
                if t in tables
            }
        finally:
            connection.close()
    except (sqlite3.Error, StoreError) as exc:
        return BackupInfo(name.path, name.made, name.reason, size, problem=str(exc))
    return BackupInfo(name.path, name.made, name.reason, size, schema and schema[0], counts)


def newest_good_backup(database: Path) -> BackupInfo | None:
    """The newest backup of ``database`` that passes the integrity check, if any."""
    for name in backup_set.backups_of(database):
        if _integrity_problem(name.path) is None:
            return describe(name)
    return None


def check_backup(backup: Path) -> None:
    """Raise :class:`StoreError` unless ``backup`` is a whole CommDesk database we can open."""
    if not backup.is_file():
        raise StoreError(f"No backup at {backup}.")
    problem = _integrity_problem(backup)
    if problem is not None:
        raise StoreError(f"The backup {backup} cannot be restored: {problem}.")
    connection = _read_only(backup)
    try:
        tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        if "alembic_version" not in tables:
            raise StoreError(f"{backup} is not a CommDesk database.")
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    finally:
        connection.close()
    migrate.check_known(row[0] if row else None)


def restore(database: Path, backup: Path, progress: Progress | None = None) -> RestoreResult:
    """Replace the contents of ``database`` by those of ``backup``; see the module docstring.

    The database must not be open in this process (close the Store first); afterwards it is
    opened once to migrate the restored data to the current schema.
    """
    report = progress or (lambda _fraction, _message: None)
    report(0.0, f"Checking {backup.name}…")
    check_backup(backup)
    database = database.resolve()
    if backup.resolve() == database:
        raise StoreError("A database cannot be restored from itself.")
    carried: list[erasure.ErasureRecord] = []
    previous: Path | None = None
    if database.exists() and database.stat().st_size > 0:
        if _integrity_problem(database) is None:
            carried = erasure.read_records(database)
            report(0.2, "Backing up the current database…")
            previous = backup_set.take(database, "before-restore")
            report(0.4, f"Restoring {backup.name}…")
            _copy_into(backup, database)
        else:
            previous = _move_aside(database)
            report(0.4, f"Restoring {backup.name}…")
            _copy_to_new(backup, database)
    else:
        _copy_to_new(backup, database)
    report(0.8, "Bringing the restored data up to date…")
    store = Store.open(database)
    try:
        applied = erasure.reapply(store, carried)
        counts = _counts(store)
    finally:
        store.close()
    report(1.0, "Restored")
    return RestoreResult(backup, previous, counts, applied)


def _copy_into(backup: Path, database: Path) -> None:
    """Overwrite ``database`` with ``backup`` through SQLite: one write transaction."""
    source = _read_only(backup)
    try:
        target = sqlite3.connect(database, timeout=5)
        try:
            source.backup(target)
        finally:
            target.close()
    except sqlite3.Error as exc:
        raise StoreError(f"Restoring {backup} failed; {database} was not changed: {exc}") from exc
    finally:
        source.close()


def _copy_to_new(backup: Path, database: Path) -> None:
    partial = database.with_name(database.name + ".restoring")
    partial.unlink(missing_ok=True)
    source = _read_only(backup)
    try:
        target = sqlite3.connect(partial)
        try:
            source.backup(target)
        finally:
            target.close()
        os.replace(partial, database)
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise StoreError(f"Restoring {backup} to {database} failed: {exc}") from exc
    finally:
        source.close()


def _move_aside(database: Path) -> Path:
    """Keep a damaged file (and its journal) beside it under a new name, untouched."""
    stamp = datetime.now(UTC).strftime(backup_set.STAMP)
    kept = database.with_name(f"{database.name}.damaged-{stamp}")
    for suffix in ("-wal", "-shm", "-journal"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            companion.replace(kept.with_name(kept.name + suffix))
    database.replace(kept)
    log.warning("moved the damaged database %s aside to %s", database.name, kept.name)
    return kept


def _counts(store: Store) -> dict[str, int]:
    with store.engine.connect() as connection:
        return {t: int(connection.execute(text(COUNT_SQL[t])).scalar_one()) for t in COUNTED}


def _read_only(path: Path) -> sqlite3.Connection:
    # With no journal beside it, every committed page is in the file: read it as immutable,
    # which leaves no -shm file beside a backup that is only being looked at.
    immutable = not any(path.with_name(path.name + s).exists() for s in ("-wal", "-journal"))
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)


def _integrity_problem(path: Path) -> str | None:
    try:
        connection = _read_only(path)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if verdict == [("ok",)] else str(verdict[0][0])
