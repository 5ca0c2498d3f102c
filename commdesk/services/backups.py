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
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from commdesk.errors import StoreError
from commdesk.services import erasure
from commdesk.store import Store, backup_set, migrate
from commdesk.store import restore as restore_files

log = logging.getLogger(__name__)

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
        schema, counts = restore_files.facts(name.path)
    except StoreError as exc:
        return BackupInfo(name.path, name.made, name.reason, size, problem=str(exc))
    return BackupInfo(name.path, name.made, name.reason, size, schema, counts)


def newest_good_backup(database: Path) -> BackupInfo | None:
    """The newest backup of ``database`` that passes the integrity check, if any."""
    for name in backup_set.backups_of(database):
        if restore_files.integrity_problem(name.path) is None:
            return describe(name)
    return None


def check_backup(backup: Path) -> None:
    """Raise :class:`StoreError` unless ``backup`` is a whole CommDesk database we can open."""
    if not backup.is_file():
        raise StoreError(f"No backup at {backup}.")
    problem = restore_files.integrity_problem(backup)
    if problem is not None:
        raise StoreError(f"The backup {backup} cannot be restored: {problem}.")
    schema, _counts = restore_files.facts(backup)
    migrate.check_known(schema)


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
        if restore_files.integrity_problem(database) is None:
            carried = erasure.read_records(database)
            report(0.2, "Backing up the current database…")
            previous = backup_set.take(database, "before-restore")
            report(0.4, f"Restoring {backup.name}…")
            restore_files.copy_into(backup, database)
        else:
            previous = _move_aside(database)
            report(0.4, f"Restoring {backup.name}…")
            restore_files.copy_to_new(backup, database)
    else:
        restore_files.copy_to_new(backup, database)
    report(0.8, "Bringing the restored data up to date…")
    store = Store.open(database)
    try:
        applied = erasure.reapply(store, carried)
        counts = _counts(store)
    finally:
        store.close()
    report(1.0, "Restored")
    return RestoreResult(backup, previous, counts, applied)


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
        return {
            t: int(connection.execute(text(restore_files.COUNT_SQL[t])).scalar_one())
            for t in restore_files.COUNTED
        }
