"""save-one: save one edited plan item, as the board and the item editor do on every edit.

app   = ``PlanService(store).update_item(item_id, status=..., title=...)``: validation, one
        UPDATE (with ``updated_at``) in its own transaction, commit.
limit = the same one-row ``UPDATE plan_items SET title, status, updated_at`` in a
        transaction with plain ``sqlite3``, on a connection with the app's PRAGMAs.
Both run on a private copy of the cached small demo database, in alternating rounds; the
best round of each is reported (as timeit does: other processes only ever add time), in
seconds per save. Target: app < 1 ms per save.
"""

from __future__ import annotations

import sqlite3
import time

from benchmarks.workloads import (
    Options,
    Result,
    Target,
    Workload,
    cached_demo,
    copy_of,
    raw_connection,
)
from commdesk.services.plans import PlanService
from commdesk.store import Store

ROUNDS = 9
SAVES = 200  # per round
STATUSES = ("in_progress", "done")


def run(options: Options) -> Result:
    path = copy_of(cached_demo(options, "small"), options, "save-one.sqlite")
    store = Store.open(path)
    service = PlanService(store)
    with store.read() as session:
        item_id = session.connection().exec_driver_sql("SELECT min(id) FROM plan_items").scalar()
    assert isinstance(item_id, int), "the demo database has no plan items"
    app_rounds, limit_rounds = [], []
    try:
        with raw_connection(path) as plain:
            for _ in range(ROUNDS):
                app_rounds.append(_app_round(service, item_id))
                limit_rounds.append(_limit_round(plain, item_id))
    finally:
        store.close()
        path.unlink()
    return Result(
        app=min(app_rounds),
        limit=min(limit_rounds),
        target=Target("app", 0.001),
    )


def _app_round(service: PlanService, item_id: int) -> float:
    start = time.perf_counter()
    for i in range(SAVES):
        service.update_item(item_id, status=STATUSES[i % 2], title=f"Weekly post calendar ({i})")
    return (time.perf_counter() - start) / SAVES


def _limit_round(connection: sqlite3.Connection, item_id: int) -> float:
    start = time.perf_counter()
    for i in range(SAVES):
        connection.execute("BEGIN")
        connection.execute(
            "UPDATE plan_items SET title = ?, status = ?, updated_at = ? WHERE id = ?",
            (f"Weekly post calendar ({i})", STATUSES[i % 2], int(time.time()), item_id),
        )
        connection.execute("COMMIT")
    return (time.perf_counter() - start) / SAVES


WORKLOAD = Workload("save-one", "save one edited plan item vs a plain one-row UPDATE", run)
