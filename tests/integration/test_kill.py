"""Pulling the plug: a writer killed with SIGKILL at random moments, over and over.

A separate process (tests/integration/crash_worker.py) runs CommDesk's own code for an
import-like batch insert, a bulk delete, a migration and a backup, and is killed mid-way
at least 50 times in all. After every kill the database passes ``integrity_check`` and
``foreign_key_check``, and every transaction is there whole or not at all.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from commdesk.store import Store, migrate
from commdesk.store.engine import make_engine, url_for
from tests.integration.crash_worker import BATCH, insert_batch

WORKER = Path(__file__).with_name("crash_worker.py")
ROUNDS = {"insert": 16, "delete": 14, "migrate": 10, "backup": 12}
SEED_BATCHES = 8

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")


class Worker:
    def __init__(self) -> None:
        root = Path(__file__).resolve().parents[2]
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=root,
            env={**os.environ, "PYTHONPATH": str(root)},
        )

    def kill_during(self, scenario: str, database: Path, delay: float, extra: str = "") -> bool:
        """Run ``scenario`` and kill it after ``delay`` s; True when it was still working."""
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(f"{scenario} {database} {delay:.4f} {extra}\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline().split()
        assert answer and answer[0] == "killed", f"the writer was not killed: {answer}"
        return answer[1] == "0"

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture(scope="module")
def worker() -> Iterator[Worker]:
    running = Worker()
    yield running
    running.close()


def checked(database: Path) -> sqlite3.Connection:
    """Open as the app would next time (recovering the WAL) and check the whole file."""
    connection = sqlite3.connect(database)
    assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    return connection


def batches(connection: sqlite3.Connection) -> dict[str, int]:
    rows = connection.execute(
        "SELECT substr(name, 1, 5), count(*) FROM people GROUP BY 1"
    ).fetchall()
    return {prefix: count for prefix, count in rows}


def whole_batches(connection: sqlite3.Connection) -> int:
    found = batches(connection)
    assert all(count == BATCH for count in found.values()), found  # never half a batch
    people = sum(found.values())
    emails, activities = connection.execute(
        "SELECT (SELECT count(*) FROM person_emails), (SELECT count(*) FROM activities)"
    ).fetchone()
    assert emails == activities == people
    return len(found)


def search_is_whole(connection: sqlite3.Connection, triggers: int) -> None:
    people, indexed, found = connection.execute(
        "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM person_search), "
        "(SELECT count(*) FROM sqlite_master WHERE type = 'trigger')"
    ).fetchone()
    assert indexed == people
    assert found == triggers  # the bulk load's dropped triggers are back (or never went)


@pytest.fixture(scope="module")
def templates(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("kill-templates")
    empty = folder / "empty.sqlite"
    Store.open(empty).close()
    seeded = folder / "seeded.sqlite"
    shutil.copyfile(empty, seeded)
    store = Store.open(seeded)
    with store.engine.begin() as connection:
        for batch in range(1, SEED_BATCHES + 1):
            insert_batch(connection, batch)
    store.close()
    old = folder / "old.sqlite"
    engine = make_engine(url_for(old), foreign_keys=False)
    with engine.connect() as connection:
        migrate.upgrade(connection, "0001")
        for batch in range(1, SEED_BATCHES + 1):
            insert_batch(connection, batch)
        connection.commit()
    with engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    engine.dispose()
    return {"empty": empty, "seeded": seeded, "old": old}


def fresh(template: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(template, target)
    return target


def trigger_count(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        count = connection.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
        ).fetchone()[0]
    connection.close()
    return int(count)


def test_killed_writers_leave_whole_transactions_only(
    worker: Worker, templates: dict[str, Path], tmp_path: Path
) -> None:
    rng = random.Random(8)
    triggers = trigger_count(templates["seeded"])
    database = tmp_path / "victim.sqlite"
    kills = 0
    mid_write = 0

    for _ in range(ROUNDS["insert"]):
        fresh(templates["empty"], database)
        mid_write += worker.kill_during("insert", database, rng.uniform(0.05, 0.6))
        kills += 1
        connection = checked(database)
        search_is_whole(connection, triggers)
        connection.close()

    # Each scenario's delays stay within how long its work takes on a 2-core laptop (a bulk
    # delete ~0.3 s, the migration from 0001 ~0.45 s): a kill once the work is over tests
    # nothing.
    for _ in range(ROUNDS["delete"]):
        fresh(templates["seeded"], database)
        mid_write += worker.kill_during("delete", database, rng.uniform(0.02, 0.28))
        kills += 1
        connection = checked(database)
        left = whole_batches(connection)
        archived = connection.execute("SELECT count(*) FROM archive_entries").fetchone()[0]
        assert archived == SEED_BATCHES - left  # the archive entry shares the delete's fate
        search_is_whole(connection, triggers)
        connection.close()

    head = migrate.head_revision()
    for _ in range(ROUNDS["migrate"]):
        fresh(templates["old"], database)
        mid_write += worker.kill_during("migrate", database, rng.uniform(0.02, 0.42))
        kills += 1
        connection = checked(database)
        (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        assert revision in ("0001", head)
        assert whole_batches(connection) == SEED_BATCHES
        connection.close()
        Store.open(database).close()  # and the next start finishes the migration
        connection = checked(database)
        assert whole_batches(connection) == SEED_BATCHES
        connection.close()

    source = fresh(templates["seeded"], tmp_path / "source.sqlite")
    copy = tmp_path / "copy.sqlite"
    for _ in range(ROUNDS["backup"]):
        mid_write += worker.kill_during("backup", source, rng.uniform(0.01, 0.3), str(copy))
        kills += 1
        connection = checked(source)
        assert whole_batches(connection) == SEED_BATCHES
        connection.close()
        if copy.exists():  # a backup is there whole, or not at all
            connection = checked(copy)
            assert whole_batches(connection) == SEED_BATCHES
            connection.close()

    assert kills >= 50
    assert mid_write >= kills * 0.7, f"only {mid_write} of {kills} kills hit a writer at work"
