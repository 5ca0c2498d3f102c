"""merge-duplicate: merge one likely duplicate pair, as "Merge" in the Possible duplicates dialog
does (on a worker, behind a progress dialog that shows only past 400 ms: a typical merge should
never show it).

app   = ``DuplicateService(store).merge(keep_id, absorb_id)``: a snapshot of both people and
        everything linked to them (for undo), field filling, every link moved with its clashes
        resolved, the absorbed person deleted, in one transaction.
limit = the same moves with plain ``sqlite3`` in one transaction: the clash DELETEs, one UPDATE
        per linking table, the DELETE of the absorbed person — no snapshot, no fill.
Pairs are consecutive people of the cached small demo database (≈40 activities each, up to
thousands), dealt alternately to the app and the limit so both see the same mix; the best
round of each is reported, in seconds per merge. Target: app < 100 ms per merge.
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
from commdesk.services.duplicates import DuplicateService
from commdesk.store import Store

ROUNDS = 5
PAIRS = 20  # per round, each

PLAIN_MERGE = (
    "DELETE FROM person_emails WHERE person_id = :absorb AND lower(email) IN "
    "(SELECT lower(email) FROM person_emails WHERE person_id = :keep)",
    "UPDATE person_emails SET person_id = :keep, position = position + 100 "
    "WHERE person_id = :absorb",
    "DELETE FROM person_roles WHERE person_id = :absorb AND role IN "
    "(SELECT role FROM person_roles WHERE person_id = :keep)",
    "UPDATE person_roles SET person_id = :keep WHERE person_id = :absorb",
    "DELETE FROM person_tags WHERE person_id = :absorb AND tag_id IN "
    "(SELECT tag_id FROM person_tags WHERE person_id = :keep)",
    "UPDATE person_tags SET person_id = :keep WHERE person_id = :absorb",
    "DELETE FROM memberships WHERE person_id = :absorb AND community_id IN "
    "(SELECT community_id FROM memberships WHERE person_id = :keep)",
    "UPDATE memberships SET person_id = :keep WHERE person_id = :absorb",
    "UPDATE identities SET person_id = :keep WHERE person_id = :absorb",
    "UPDATE activities SET person_id = :keep WHERE person_id = :absorb",
    "UPDATE communities SET owner_id = :keep WHERE owner_id = :absorb",
    "UPDATE plans SET owner_id = :keep WHERE owner_id = :absorb",
    "UPDATE plan_items SET owner_id = :keep WHERE owner_id = :absorb",
    "DELETE FROM merge_candidates WHERE person_id = :absorb OR other_person_id = :absorb",
    "DELETE FROM people WHERE id = :absorb",
)


def run(options: Options) -> Result:
    path = copy_of(cached_demo(options, "small"), options, "merge-duplicate.sqlite")
    store = Store.open(path)
    service = DuplicateService(store)
    with store.read() as session:
        ids = list(
            session.connection().exec_driver_sql("SELECT id FROM people ORDER BY id").scalars()
        )
    needed = 4 * PAIRS * ROUNDS
    assert len(ids) >= needed, "the demo database has too few people"
    pairs = [(ids[i], ids[i + 1]) for i in range(0, needed, 2)]
    app_rounds, limit_rounds = [], []
    try:
        with raw_connection(path) as plain:
            for r in range(ROUNDS):
                batch = pairs[r * 2 * PAIRS : (r + 1) * 2 * PAIRS]
                app_rounds.append(_app_round(service, batch[0::2]))
                limit_rounds.append(_limit_round(plain, batch[1::2]))
    finally:
        store.close()
        path.unlink()
    return Result(app=min(app_rounds), limit=min(limit_rounds), target=Target("app", 0.1))


def _app_round(service: DuplicateService, pairs: list[tuple[int, int]]) -> float:
    start = time.perf_counter()
    for keep, absorb in pairs:
        service.merge(keep, absorb)
    return (time.perf_counter() - start) / len(pairs)


def _limit_round(connection: sqlite3.Connection, pairs: list[tuple[int, int]]) -> float:
    start = time.perf_counter()
    for keep, absorb in pairs:
        connection.execute("BEGIN")
        for statement in PLAIN_MERGE:
            connection.execute(statement, {"keep": keep, "absorb": absorb})
        connection.execute("COMMIT")
    return (time.perf_counter() - start) / len(pairs)


WORKLOAD = Workload(
    "merge-duplicate", "merge one duplicate pair (undoable) vs the plain moves in SQL", run
)
