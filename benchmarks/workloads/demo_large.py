"""demo-large: build the large demo world (1M people, 5M activities) into a fresh database.

app   = ``build_demo(store, size)`` into a file just made by ``Store.open`` (only build_demo is
        timed): drawing the world with numpy, making the rows, inserting them through
        SQLAlchemy Core in one transaction inside ``search.bulk_load``.
limit = the same rows, made beforehand (untimed) by the same generator, inserted with plain
        ``sqlite3`` ``executemany`` (one call per table) into a fresh database of the same
        schema, on a connection with the app's PRAGMAs and the page cache build_demo sets
        for its load, inside the very same ``search.bulk_load`` (same triggers dropped, same
        index rebuild, same triggers back), in one transaction. Both sides do the same
        storage work; the ratio is what the app adds: generating the world and going
        through SQLAlchemy.
Target: ratio <= 2.0. The built database is kept in the cache for other workloads.
"""

from __future__ import annotations

import gc
import sqlite3
import time
from typing import Any, cast

from sqlalchemy import Connection, TextClause

from benchmarks.workloads import (
    Options,
    Result,
    Target,
    Workload,
    demo_cache_path,
    fresh_path,
    keep,
    raw_connection,
)
from commdesk.demo import build_demo, demo_rows
from commdesk.demo.build import BULK_CACHE_KIB
from commdesk.store import Store
from commdesk.store.search import bulk_load

SEED = 7


def run(options: Options) -> Result:
    size = options.demo_size
    app = _app(options, size)
    tables = _rows(size)
    limit = _limit(options, tables)
    return Result(app=app, limit=limit, target=Target("ratio", 2.0))


def _app(options: Options, size: str) -> float:
    path = fresh_path(options, f"demo-{size}-app.sqlite")
    store = Store.open(path)
    try:
        start = time.perf_counter()
        build_demo(store, size, SEED)
        elapsed = time.perf_counter() - start
    finally:
        store.close()
    keep(path, demo_cache_path(options, size))
    return elapsed


def _rows(size: str) -> list[tuple[str, tuple[str, ...], list[tuple[object, ...]]]]:
    """Every row of the world, gathered per table, in the order they are written."""
    tables: dict[str, tuple[tuple[str, ...], list[tuple[object, ...]]]] = {}
    for batch in demo_rows(size, SEED):
        tables.setdefault(batch.table.name, (batch.columns, []))[1].extend(batch.rows)
    gc.collect()
    return [(name, columns, rows) for name, (columns, rows) in tables.items()]


def _limit(options: Options, tables: list[tuple[str, tuple[str, ...], list[Any]]]) -> float:
    path = fresh_path(options, "demo-limit.sqlite")
    Store.open(path).close()  # the same schema, made the same way
    with raw_connection(path) as connection:
        start = time.perf_counter()
        connection.execute("BEGIN")
        connection.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")  # as build_demo does
        with bulk_load(cast(Connection, _Plain(connection))):
            for name, columns, rows in tables:
                marks = ", ".join("?" * len(columns))
                connection.executemany(
                    f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({marks})", rows
                )
        connection.execute("COMMIT")
        elapsed = time.perf_counter() - start
    path.unlink()
    return elapsed


class _Plain:
    """Just enough of a SQLAlchemy connection for ``bulk_load`` to run its SQL on sqlite3."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def execute(self, clause: TextClause) -> _Rows:
        return _Rows(self.connection.execute(str(clause)))

    def exec_driver_sql(self, sql: str) -> None:
        self.connection.execute(sql)


class _Rows:
    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self.cursor = cursor

    def all(self) -> list[Any]:
        return self.cursor.fetchall()


WORKLOAD = Workload("demo-large", "build the large demo world vs plain executemany", run)
