"""rankings-refresh: the Overview's rankings measured again after the data changed, at 1M
people and 5M activities.

app   = ``DashboardService.rankings`` for the last 365 days with nothing saved (as after any
        change to activity, memberships, roles, people or communities): the window's sets of
        communities, influencers (candidates, their scores and reach), bridges, people
        slipping away, and the answer saved.
limit = the very queries it ran (SELECTs and WITH queries, recorded), run raw with sqlite3,
        reading every row.
Alternating rounds, the best of each (warm page cache). Target: app < 5 s (the score
recompute's bound: seconds of background work after a change) and ratio <= 1.5.
"""

from __future__ import annotations

import time

import sqlalchemy as sa

from benchmarks.workloads import Options, Result, Workload, raw_connection
from benchmarks.workloads.overview_aggregates import database, recording
from benchmarks.workloads.people_open import Both, best_rounds, replay
from commdesk.services.dashboard import DashboardQuery, DashboardService
from commdesk.store import Store

ROUNDS = 2


def forget(store: Store) -> None:
    with store.session() as session:
        session.execute(sa.text("DELETE FROM overview_rankings"))


def run(options: Options) -> Result:
    path = database(options)
    store = Store.open(path, create=False)
    try:
        service = DashboardService(store)
        query = DashboardQuery.last_days(365)
        service.rankings(query)  # the score summary filled once; warms the page cache
        forget(store)
        with recording(store) as statements:
            ranked = service.rankings(query)
        assert ranked.influencers, "nobody ranked"

        def app() -> float:
            forget(store)
            start = time.perf_counter()
            service.rankings(query)
            return time.perf_counter() - start

        with raw_connection(path) as plain:
            app_time, limit = best_rounds(app, lambda: replay(plain, statements), rounds=ROUNDS)
    finally:
        store.close()
    return Result(app=app_time, limit=limit, target=Both("app", 5.0, ratio_bound=1.5))


WORKLOAD = Workload(
    "rankings-refresh",
    "the Overview's rankings measured after a change at 1M people vs their SQL raw",
    run,
)
