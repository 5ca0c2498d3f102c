"""overview-aggregates: everything the Overview shows for the last 12 months, at 1M people
and 5M activities.

app   = ``DashboardService.load`` for the last 365 days (the Overview's default): activity per
        hour and platform (the engagement chart and the weekday heatmap), every community's
        stakeholder mix and the overlap matrix, plan phases and KPIs, influencers, bridges
        and people slipping away; plain values back. As the Overview opens with nothing
        changed since the rankings were measured: they are read saved (rankings-refresh
        measures them after a change).
limit = the very queries that load ran (recorded from its engine: SELECTs and WITH
        queries), run raw with sqlite3, reading every row.
Alternating rounds, the best of each (warm page cache). Target: ratio <= 1.5 and app < 1 s.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from benchmarks.workloads import Options, Result, Workload, cached_demo, copy_of, raw_connection
from benchmarks.workloads.people_open import Both, best_rounds, replay
from commdesk.services.dashboard import DashboardQuery, DashboardService
from commdesk.store import Store

ROUNDS = 2


@contextmanager
def recording(store: Store) -> Iterator[list[tuple[str, Any]]]:
    """Every query the app runs inside the block (SELECTs and WITH ... SELECTs, the rankings'
    common table expressions included), with its parameters."""
    statements: list[tuple[str, Any]] = []

    def before(
        _conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if statement.lstrip().upper().startswith(("SELECT", "WITH")):
            statements.append((statement, parameters))

    sa.event.listen(store.engine, "before_cursor_execute", before)
    try:
        yield statements
    finally:
        sa.event.remove(store.engine, "before_cursor_execute", before)


def database(options: Options) -> Path:
    """A private copy of the large demo: the Overview writes to it (the score summary the
    first time, the rankings it measured), and the shared cache is never written."""
    return copy_of(cached_demo(options, "large"), options, "overview.sqlite")


def run(options: Options) -> Result:
    path = database(options)
    store = Store.open(path, create=False)
    try:
        service = DashboardService(store)
        query = DashboardQuery.last_days(365)
        service.load(query)  # scores filled once, rankings measured and saved: not timed
        with recording(store) as statements:  # also warms the page cache
            dashboard = service.load(query)
        assert dashboard.activities > 0, "no activity in the last 12 months"
        assert statements, "the load ran no query"

        def app() -> float:
            start = time.perf_counter()
            service.load(query)
            return time.perf_counter() - start

        with raw_connection(path) as plain:
            app_time, limit = best_rounds(app, lambda: replay(plain, statements), rounds=ROUNDS)
    finally:
        store.close()
    return Result(app=app_time, limit=limit, target=Both("app", 1.0, ratio_bound=1.5))


WORKLOAD = Workload(
    "overview-aggregates",
    "every Overview aggregate for 12 months at 1M people / 5M activities vs its SQL raw",
    run,
)
