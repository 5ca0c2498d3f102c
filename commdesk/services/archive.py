"""The archive: deleted people, communities and plans, kept until purged for good.

Every delete of those records already captures a :class:`~commdesk.services.snapshots.Snapshot`
(everything the delete removed or changed) for the session's undo. The archive stores the
same snapshot as JSON in ``archive_entries``, in the delete's own transaction, so a delete
can be taken back after the session too — until :func:`purge` removes old entries. An undo
in the session removes the entry again. A delete too large to keep as a row (over
:data:`ARCHIVE_ROW_LIMIT` rows) is covered by the backup taken before bulk changes instead.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Date, Table, delete, insert, select

from commdesk.domain import ArchiveEntry, Base
from commdesk.domain.base import UtcDateTime
from commdesk.errors import CommDeskError, NotFoundError
from commdesk.services.snapshots import Row, Snapshot, restore
from commdesk.store import Store

ARCHIVED_TABLES = {"people": "name", "communities": "name", "plans": "name"}
ARCHIVE_ROW_LIMIT = 100_000
KEEP_DAYS = 90


@dataclass(frozen=True)
class ArchivedRecord:
    id: int
    deleted_at: datetime
    table_name: str
    label: str
    record_count: int


def keep(connection: Connection, snapshot: Snapshot) -> int | None:
    """Archive what a delete removed (called inside the delete's transaction)."""
    if snapshot.table not in ARCHIVED_TABLES or not snapshot.rows:
        return None
    if snapshot.row_count > ARCHIVE_ROW_LIMIT:
        return None
    top = next((rows for table, rows in snapshot.rows if table == snapshot.table), [])
    names = [str(row[ARCHIVED_TABLES[snapshot.table]]) for row in top]
    label = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    payload = {
        "table": snapshot.table,
        "ids": list(snapshot.ids),
        "rows": [[table, [_encode(row) for row in rows]] for table, rows in snapshot.rows],
        "nulled": [
            [table, column, [[list(key), value] for key, value in cleared]]
            for table, column, cleared in snapshot.nulled
        ],
    }
    result = connection.execute(
        insert(ArchiveEntry).values(
            deleted_at=datetime.now(UTC).replace(microsecond=0),
            table_name=snapshot.table,
            label=label[:300] or snapshot.table,
            record_count=len(top),
            record_ids=" ".join(str(i) for i in snapshot.ids),
            payload=json.dumps(payload),
        )
    )
    return int(result.inserted_primary_key[0])  # type: ignore[index]


def forget(connection: Connection, snapshot: Snapshot) -> None:
    """An undone delete is not deleted any more: drop its newest archive entry."""
    if snapshot.table not in ARCHIVED_TABLES:
        return
    ids = " ".join(str(i) for i in snapshot.ids)
    newest = connection.execute(
        select(ArchiveEntry.id)
        .where(ArchiveEntry.table_name == snapshot.table, ArchiveEntry.record_ids == ids)
        .order_by(ArchiveEntry.id.desc())
        .limit(1)
    ).scalar()
    if newest is not None:
        connection.execute(delete(ArchiveEntry).where(ArchiveEntry.id == newest))


def entries(store: Store) -> list[ArchivedRecord]:
    """The archive, newest first (without the payloads)."""
    query = select(
        ArchiveEntry.id,
        ArchiveEntry.deleted_at,
        ArchiveEntry.table_name,
        ArchiveEntry.label,
        ArchiveEntry.record_count,
    ).order_by(ArchiveEntry.deleted_at.desc(), ArchiveEntry.id.desc())
    with store.read() as session:
        return [ArchivedRecord(*row) for row in session.execute(query)]


def bring_back(store: Store, entry_id: int) -> Snapshot:
    """Put an archived delete back, ids and all, and drop it from the archive."""
    with store.session() as session:
        connection = session.connection()
        payload = connection.execute(
            select(ArchiveEntry.payload).where(ArchiveEntry.id == entry_id)
        ).scalar()
        if payload is None:
            raise NotFoundError(f"No archive entry {entry_id}.")
        snapshot = _decode(json.loads(payload))
        try:
            with connection.begin_nested():
                restore(connection, snapshot)
        except Exception as exc:  # an id taken again since, a name used again …
            raise CommDeskError(
                f"The archived {snapshot.table} cannot be put back: {exc.__class__.__name__} "
                "(a record with the same id or name exists now)."
            ) from exc
        connection.execute(delete(ArchiveEntry).where(ArchiveEntry.id == entry_id))
        return snapshot


def purge(store: Store, *, older_than_days: int = KEEP_DAYS, now: datetime | None = None) -> int:
    """Remove archive entries older than the given age for good; returns how many."""
    limit = (now or datetime.now(UTC)) - timedelta(days=older_than_days)
    with store.session() as session:
        result = session.execute(delete(ArchiveEntry).where(ArchiveEntry.deleted_at < limit))
        return int(result.rowcount)  # type: ignore[attr-defined]


def _encode(row: Row) -> Row:
    return {
        key: value.isoformat() if isinstance(value, datetime | date) else value
        for key, value in row.items()
    }


def _decode(payload: dict[str, Any]) -> Snapshot:
    rows: list[tuple[str, list[Row]]] = []
    for table_name, table_rows in payload["rows"]:
        table = Base.metadata.tables[table_name]
        rows.append((table_name, [_typed(table, row) for row in table_rows]))
    nulled = [
        (table, column, [(tuple(key), value) for key, value in cleared])
        for table, column, cleared in payload["nulled"]
    ]
    return Snapshot(payload["table"], tuple(payload["ids"]), rows, nulled)


def _typed(table: Table, row: Row) -> Row:
    typed: Row = {}
    for key, value in row.items():
        column_type = table.c[key].type
        if isinstance(value, str) and isinstance(column_type, UtcDateTime):
            typed[key] = datetime.fromisoformat(value)
        elif isinstance(value, str) and isinstance(column_type, Date):
            typed[key] = date.fromisoformat(value)
        else:
            typed[key] = value
    return typed
