"""A writer to be killed: run by tests/integration/test_kill.py as a separate process.

It imports CommDesk once, then, for each line ``<scenario> <database> <delay> [<extra>]``
read from stdin, forks a child that does the work with CommDesk's own code, kills it with
SIGKILL after ``delay`` seconds, and answers ``killed <done>`` (``done`` is 1 when the
child had already finished its work, so the test knows how many kills hit mid-write).

Scenarios: ``insert`` (import-like batches, search triggers dropped and rebuilt),
``delete`` (bulk deletes of whole batches through the people service, archived),
``migrate`` (opening a database at an old schema), ``backup`` (online backups to <extra>).
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

from sqlalchemy import Connection, text

from commdesk.services.people import PeopleService
from commdesk.store import Store
from commdesk.store import search as fts
from commdesk.store.backup import backup_file
from commdesk.store.engine import make_engine, url_for

BATCH = 200
PREFIX_LENGTH = 5  # "B0007" names the batch a person was inserted in


def insert_batch(connection: Connection, batch: int) -> None:
    """One import-like transaction: BATCH people, each with an email and an activity."""
    first = batch * 1000 + 1
    people = [
        {"id": first + i, "name": f"B{batch:04d}-{i:04d}", "t": 1_700_000_000 + i}
        for i in range(BATCH)
    ]
    connection.execute(
        text(
            "INSERT INTO people(id, name, consent, archived, created_at, updated_at) "
            "VALUES (:id, :name, 0, 0, :t, :t)"
        ),
        people,
    )
    connection.execute(
        text("INSERT INTO person_emails(person_id, email, position) VALUES (:id, :name, 0)"),
        [{"id": p["id"], "name": f"{p['name']}@example.org"} for p in people],
    )
    connection.execute(
        text(
            "INSERT INTO activities(occurred_at, person_id, platform, kind, source) "
            "VALUES (:t, :id, 'github', 'comment', 'import')"
        ),
        people,
    )


def open_store(database: Path) -> Store:
    url = url_for(database)
    return Store(make_engine(url), url)


def run_insert(database: Path) -> None:
    store = open_store(database)
    with store.engine.connect() as connection:
        batch = connection.execute(text("SELECT coalesce(max(id), 0) FROM people")).scalar_one()
    batch = int(batch) // 1000 + 1
    while True:
        with store.engine.begin() as connection, fts.bulk_load(connection):
            insert_batch(connection, batch)
        batch += 1


def run_delete(database: Path) -> None:
    store = open_store(database)
    people = PeopleService(store)
    with store.engine.connect() as connection:
        batches = connection.execute(
            text("SELECT DISTINCT substr(name, 1, 5) FROM people ORDER BY 1")
        ).scalars()
        prefixes = list(batches)
    for prefix in prefixes:
        with store.engine.connect() as connection:
            ids = connection.execute(
                text("SELECT id FROM people WHERE substr(name, 1, 5) = :p"), {"p": prefix}
            ).scalars()
            chosen = list(ids)
        people.delete(chosen)


def run_migrate(database: Path) -> None:
    Store.open(database).close()


def run_backup(database: Path, destination: Path) -> None:
    while True:
        backup_file(database, destination)


def work(scenario: str, database: Path, extra: str | None, done_marker: Path) -> None:
    if scenario == "insert":
        run_insert(database)
    elif scenario == "delete":
        run_delete(database)
    elif scenario == "migrate":
        run_migrate(database)
    elif scenario == "backup":
        assert extra is not None
        run_backup(database, Path(extra))
    done_marker.touch()


def main() -> None:
    for line in sys.stdin:
        scenario, database, delay, *rest = line.split()
        done_marker = Path(database + ".done")
        done_marker.unlink(missing_ok=True)
        pid = os.fork()
        if pid == 0:  # the writer
            code = 0
            try:
                work(scenario, Path(database), rest[0] if rest else None, done_marker)
                time.sleep(3600)  # finished: wait to be killed like the others
            except BaseException as exc:
                print(f"worker failed: {exc!r}", file=sys.stderr, flush=True)
                code = 1
            os._exit(code)
        time.sleep(float(delay))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
        done = done_marker.exists()
        done_marker.unlink(missing_ok=True)
        print(f"{'killed' if killed else 'exited'} {int(done)}", flush=True)


if __name__ == "__main__":
    main()
