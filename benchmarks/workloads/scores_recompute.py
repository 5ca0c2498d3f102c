"""scores-recompute: recompute every engagement score after a weight changed, at 1M people.

Setup (not timed): on a copy of the large demo (1M people, 5M activities), the score summary
is built once from the activity log (``recompute(store, as_of)``; its time goes to stderr).
app   = ``save_settings`` with the comment weight changed, then ``scores.recompute(store)``:
        the same decay, so every score and level is recomputed from the decayed counts per
        kind (``person_decay``): score index dropped, scores deleted, one ``INSERT ...
        SELECT`` per slice of person ids (progress and cancel points), index built again, in
        one transaction.
limit = the same statements raw through sqlite3 in one transaction, the INSERT as one
        statement over every row, on the same copy.
Alternating rounds, the best of each. Target: app < 5 s.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, datetime

from sqlalchemy.dialects import sqlite

from benchmarks.workloads import (
    Options,
    Result,
    Target,
    Workload,
    cached_demo,
    copy_of,
    raw_connection,
)
from commdesk.domain.enums import ActivityKind
from commdesk.services.engagement import load_settings, recompute, save_settings
from commdesk.services.engagement.scores import scores_statement
from commdesk.services.engagement.settings import ScoringSettings
from commdesk.store import Store

ROUNDS = 3
TARGET = Target("app", 5.0)


def run(options: Options) -> Result:
    path = copy_of(cached_demo(options, "large"), options, "scores-recompute.sqlite")
    store = Store.open(path)
    try:
        with raw_connection(path) as plain:
            (latest,) = plain.execute("SELECT max(occurred_at) FROM activities").fetchone()
            as_of = datetime.fromtimestamp(latest, UTC)
            settings = load_settings(store)
            weight = settings.weight(ActivityKind.COMMENT)
            start = time.perf_counter()
            recompute(store, as_of)
            print(
                f"  scores-recompute: summary built from the log in "
                f"{time.perf_counter() - start:.1f} s",
                file=sys.stderr,
                flush=True,
            )
            apps, limits = [], []
            for n in range(ROUNDS):
                changed = settings.with_weight(ActivityKind.COMMENT, weight + n + 1)
                apps.append(_app(store, changed))
                limits.append(_limit(plain, changed))
    finally:
        store.close()
        path.unlink()
    return Result(app=min(apps), limit=min(limits), target=TARGET)


def _app(store: Store, settings: ScoringSettings) -> float:
    start = time.perf_counter()
    save_settings(store, settings)
    scored = recompute(store)
    elapsed = time.perf_counter() - start
    assert scored > 0, "the demo database has no activity to score"
    return elapsed


def _limit(plain: sqlite3.Connection, settings: ScoringSettings) -> float:
    statement = scores_statement(settings, None).compile(
        dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
    )
    start = time.perf_counter()
    plain.execute("BEGIN")
    plain.execute("DROP INDEX ix_person_scores_score")
    plain.execute("DELETE FROM person_scores")
    plain.execute(str(statement))
    plain.execute("CREATE INDEX ix_person_scores_score ON person_scores (score)")
    plain.execute("COMMIT")
    return time.perf_counter() - start


WORKLOAD = Workload(
    name="scores-recompute",
    summary="recompute all engagement scores after a weight change (1M people); app < 5 s",
    run=run,
)
