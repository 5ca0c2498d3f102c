"""people-sort: re-sort the People table at 1M people, by last activity and back by name.

app   = with the People table open (painted), a click on a header: ``sortByColumn`` (the
        model's reset, the first page in the new order) and events processed until the view
        has painted. Twice: by last activity (latest first), then by name again.
limit = the very queries the app ran for that sort (recorded from its engine), run raw with
        sqlite3, reading every row.
Alternating rounds, the best of each. The line reports the slower of the two sorts; each
one's own line goes to stderr. Target: app < 100 ms for each (ratio for information).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from benchmarks.workloads import Options, Result, Target, Workload, cached_demo, raw_connection
from benchmarks.workloads.people_open import (
    application,
    best_rounds,
    close,
    open_people,
    painted,
    recording,
    replay,
    visible_rows,
)
from commdesk.gui.people.model import PeopleTableModel
from commdesk.store import Store

DESCENDING, ASCENDING = Qt.SortOrder.DescendingOrder, Qt.SortOrder.AscendingOrder
SORTS = (  # (label, column, order), in the order they are clicked
    ("last_activity", PeopleTableModel.LAST_ACTIVITY, DESCENDING),
    ("name", PeopleTableModel.NAME, ASCENDING),
)
TARGET = Target("app", 0.1)


def run(options: Options) -> Result:
    application()
    path = cached_demo(options, "large")
    store = Store.open(path, create=False)
    try:
        _model, view = open_people(store)
        sides: list[Callable[[], float]] = []
        with raw_connection(path) as plain:
            for _label, column, order in SORTS:
                sort = _sort(view, column, order)
                with recording(store) as queries:
                    sort()
                assert queries, "the sort ran no query"
                sides += [sort, partial(replay, plain, queries)]
            best = best_rounds(*sides)
        close(view)
    finally:
        store.close()
    results = []
    for n, (label, _column, _order) in enumerate(SORTS):
        result = Result(app=best[2 * n], limit=best[2 * n + 1], target=TARGET)
        results.append(result)
        print(
            f"  people-sort[{label}] app={result.app:.6f} limit={result.limit:.6f} "
            f"ratio={result.ratio:.2f} target={TARGET} {'ok' if result.ok else 'FAIL'}",
            file=sys.stderr,
            flush=True,
        )
    return max(results, key=lambda r: r.app)


def _sort(view: QTableView, column: int, order: Qt.SortOrder) -> Callable[[], float]:
    def side() -> float:
        start = time.perf_counter()
        with painted(view):
            view.sortByColumn(column, order)
        elapsed = time.perf_counter() - start
        assert visible_rows(view) > 10, "no people painted"
        return elapsed

    return side


WORKLOAD = Workload("people-sort", "re-sort the People table at 1M vs its queries raw", run)
