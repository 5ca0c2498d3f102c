"""Deletes that can be undone: everything a delete removes or changes, kept as plain rows.

Before rows are deleted, :func:`capture` follows the foreign keys of the schema: rows that a
``ON DELETE CASCADE`` would remove are copied (recursively), and references that
``ON DELETE SET NULL`` would clear are noted. :func:`restore` puts all of it back, ids and
all, in one transaction. Snapshots are plain data, safe to keep on an undo stack.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, insert, select, update

from commdesk.domain import Base

Row = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    """What deleting some rows of ``table`` removes or changes."""

    table: str
    ids: tuple[int, ...]
    # (table name, rows) in the order they must be re-inserted: parents first.
    rows: list[tuple[str, list[Row]]] = field(default_factory=list)
    # (table name, column, [(primary key values, old value)]) for references set to NULL.
    nulled: list[tuple[str, str, list[tuple[tuple[Any, ...], Any]]]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(rows) for _table, rows in self.rows)

    def count(self, table: str) -> int:
        return sum(len(rows) for name, rows in self.rows if name == table)


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _referrers(table: Table) -> Iterable[tuple[Table, str, str, str | None]]:
    """(child table, child column, parent column, ondelete) for every FK pointing at ``table``."""
    for child in Base.metadata.sorted_tables:
        for fk in child.foreign_keys:
            if fk.column.table is table:
                yield child, fk.parent.name, fk.column.name, fk.ondelete


def capture(connection: Connection, table_name: str, ids: Sequence[int]) -> Snapshot:
    """Copy everything that deleting ``ids`` from ``table_name`` would remove or change."""
    snapshot = Snapshot(table=table_name, ids=tuple(ids))
    _collect(connection, _table(table_name), "id", list(ids), snapshot, depth=0)
    return snapshot


def _collect(
    connection: Connection,
    table: Table,
    column: str,
    values: list[Any],
    snapshot: Snapshot,
    *,
    depth: int,
) -> None:
    if not values or depth > 8:
        return
    rows: list[Row] = []
    for chunk in _chunks(values):
        query = select(table).where(table.c[column].in_(chunk))
        rows.extend(dict(r._mapping) for r in connection.execute(query))
    # A row that refers to two of the rows being captured (a likely-duplicate pair of two
    # deleted people) is reached twice: keep it once, or restoring it would clash.
    key_names = [c.name for c in table.primary_key.columns]
    captured = {
        tuple(row[name] for name in key_names)
        for captured_table, done in snapshot.rows
        if captured_table == table.name
        for row in done
    }
    unique: dict[tuple[Any, ...], Row] = {}
    for row in rows:
        unique.setdefault(tuple(row[name] for name in key_names), row)
    rows = [row for key, row in unique.items() if key not in captured]
    if not rows:
        return
    snapshot.rows.append((table.name, rows))
    for child, child_column, parent_column, ondelete in _referrers(table):
        keys = list({row[parent_column] for row in rows})
        if ondelete == "CASCADE":
            _collect(connection, child, child_column, keys, snapshot, depth=depth + 1)
        elif ondelete == "SET NULL":
            pk = list(child.primary_key.columns)
            cleared: list[tuple[tuple[Any, ...], Any]] = []
            for chunk in _chunks(keys):
                query = select(*pk, child.c[child_column]).where(child.c[child_column].in_(chunk))
                cleared.extend((tuple(r[:-1]), r[-1]) for r in connection.execute(query))
            if cleared:
                snapshot.nulled.append((child.name, child_column, cleared))


def restore(connection: Connection, snapshot: Snapshot) -> None:
    """Re-insert every captured row with its old id, then re-set the cleared references."""
    for table_name, rows in snapshot.rows:
        table = _table(table_name)
        for start in range(0, len(rows), 500):
            connection.execute(insert(table), rows[start : start + 500])
    for table_name, column, cleared in snapshot.nulled:
        table = _table(table_name)
        pk = list(table.primary_key.columns)
        # Setting a column to itself keeps its ``onupdate`` (``updated_at``) from firing: the
        # schema's SET NULL left it as it was, so putting the reference back leaves it too.
        kept = {c.name: c for c in table.columns if c.onupdate is not None}
        for key, value in cleared:
            condition = [c == k for c, k in zip(pk, key, strict=True)]
            connection.execute(update(table).where(*condition).values({**kept, column: value}))
    from commdesk.services import archive  # the archive builds on this module

    archive.forget(connection, snapshot)


def _chunks(values: list[Any], size: int = 500) -> Iterable[list[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def delete(connection: Connection, table_name: str, ids: Sequence[int]) -> Snapshot:
    """Delete rows by id (the schema cascades), returning what it takes to undo it."""
    snapshot = capture(connection, table_name, ids)
    table = _table(table_name)
    for chunk in _chunks(list(ids)):
        connection.execute(table.delete().where(table.c.id.in_(chunk)))
    from commdesk.services import archive  # the archive builds on this module

    archive.keep(connection, snapshot)
    return snapshot
