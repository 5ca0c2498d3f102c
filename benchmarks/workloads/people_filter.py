"""people-filter: one keystroke of filter text on the People table at 1M people.

app   = with the People table open and filtered by "mar" (painted), the text becomes "mart":
        ``PeopleTableModel.set_filter_text`` (the reset and the first page), then events are
        processed until the view has painted the first page of the new rows. As in the app,
        the model counts the matches afterwards on a worker thread of a task runner.
limit = the very queries the GUI thread ran for that keystroke (recorded from the app's
        engine: how common the text is, through the FTS5 trigram index, then the first page:
        a walk of ix_people_name testing each person against the matches of
        ``people_matching``), run raw with sqlite3, reading every row.
Alternating rounds (the text goes back to "mar" untimed between them), the best of each.
Target: app < 50 ms and ratio <= 5.
"""

from __future__ import annotations

import time

from benchmarks.workloads import Options, Result, Workload, cached_demo, raw_connection
from benchmarks.workloads.people_open import (
    Both,
    application,
    best_rounds,
    close,
    open_people,
    painted,
    recording,
    replay,
    visible_rows,
)
from commdesk.store import Store

BEFORE, AFTER = "mar", "mart"


def run(options: Options) -> Result:
    application()
    path = cached_demo(options, "large")
    store = Store.open(path, create=False)
    try:
        model, view = open_people(store)
        with painted(view):
            model.set_filter_text(BEFORE)

        def keystroke() -> float:
            start = time.perf_counter()
            with painted(view):
                model.set_filter_text(AFTER)
            elapsed = time.perf_counter() - start
            assert visible_rows(view) > 10, "no matching people painted"
            return elapsed

        def app() -> float:
            elapsed = keystroke()
            with painted(view):
                model.set_filter_text(BEFORE)
            return elapsed

        with recording(store) as queries:
            keystroke()
        assert queries, "the keystroke ran no query"
        with painted(view):
            model.set_filter_text(BEFORE)
        with raw_connection(path) as plain:
            app_time, limit = best_rounds(app, lambda: replay(plain, queries))
        close(view)
    finally:
        store.close()
    return Result(app=app_time, limit=limit, target=Both("app", 0.05, ratio_bound=5.0))


WORKLOAD = Workload(
    "people-filter", "one keystroke of People filter text at 1M vs its queries raw", run
)
