"""Reading backup files read-only, and copying one back over a database.

Connections here are plain ``sqlite3`` ones: a backup is looked at, never migrated, and
read as immutable when no journal lies beside it, so no -wal/-shm files appear next to it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from commdesk.errors import StoreError

COUNTED = ("people", "communities", "plans", "activities")
# Fixed statements, one per counted table (table names cannot be bound parameters).
COUNT_SQL = {table: "SELECT count(*) FROM " + table for table in COUNTED}
ERASURES_SQL = (
    "SELECT person_id, erased_at, kept_aggregates, salt, fingerprints, person_created_at "
    "FROM erasures"
)
# A file from before migration 0010 (no creation times recorded).
ERASURES_SQL_0007 = (
    "SELECT person_id, erased_at, kept_aggregates, salt, fingerprints, NULL FROM erasures"
)


def read_only(path: Path) -> sqlite3.Connection:
    immutable = not any(path.with_name(path.name + s).exists() for s in ("-wal", "-journal"))
    options = "mode=ro&immutable=1" if immutable else "mode=ro"
    return sqlite3.connect(f"{path.resolve().as_uri()}?{options}", uri=True)


def integrity_problem(path: Path) -> str | None:
    """None when ``path`` passes the full ``integrity_check``, else what is wrong."""
    try:
        connection = read_only(path)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if verdict == [("ok",)] else str(verdict[0][0])


def facts(path: Path) -> tuple[str | None, dict[str, int]]:
    """The schema revision and the counts of a CommDesk database file."""
    try:
        connection = read_only(path)
        try:
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
            if "alembic_version" not in tables:
                raise StoreError(f"{path.name} is not a CommDesk database")
            row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            counts = {
                t: int(connection.execute(COUNT_SQL[t]).fetchone()[0])
                for t in COUNTED
                if t in tables
            }
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise StoreError(f"{path.name} cannot be read: {exc}") from exc
    return (row[0] if row else None), counts


def erasure_rows(path: Path) -> list[tuple[Any, ...]]:
    """The rows of ``erasures`` in a database file (none when it predates the table)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        for sql in (ERASURES_SQL, ERASURES_SQL_0007):
            try:
                return connection.execute(sql).fetchall()
            except sqlite3.Error:
                continue
        return []
    finally:
        connection.close()


def copy_into(backup: Path, database: Path) -> None:
    """Overwrite ``database`` with ``backup`` through SQLite: one write transaction, so an
    interruption leaves the database as it was."""
    source = read_only(backup)
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


def copy_to_new(backup: Path, database: Path) -> None:
    """Write ``backup`` to ``database`` (absent), whole or not at all."""
    partial = database.with_name(database.name + ".restoring")
    partial.unlink(missing_ok=True)
    source = read_only(backup)
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
