"""A unit of work takes the write lock when it begins: a read followed by a write cannot be
refused because another connection wrote in between (SQLite's stale snapshot), the other
writer waits instead."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from commdesk.store import Store


def _other_writer(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=0, isolation_level=None)
    connection.execute("PRAGMA busy_timeout = 0")
    return connection


def test_a_read_plain_transaction_is_refused_its_write_after_another_commit(
    tmp_path: Path,
) -> None:
    """What the app avoids: the plain BEGIN, read, someone else commits, write refused."""
    path = tmp_path / "plain.sqlite"
    Store.open(path).close()
    mine, other = sqlite3.connect(path, isolation_level=None), _other_writer(path)
    mine.execute("PRAGMA busy_timeout = 5000")
    mine.execute("BEGIN")
    mine.execute("SELECT count(*) FROM people").fetchone()
    other.execute("INSERT INTO tags(name) VALUES ('elsewhere')")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        mine.execute("INSERT INTO tags(name) VALUES ('mine')")
    mine.execute("ROLLBACK")


@pytest.mark.parametrize("how", ["session", "begin"])
def test_a_unit_of_work_holds_the_write_lock_from_its_start(tmp_path: Path, how: str) -> None:
    path = tmp_path / "store.sqlite"
    store = Store.open(path)
    other = _other_writer(path)
    try:
        if how == "session":
            with store.session() as session:
                session.execute(text("SELECT count(*) FROM people"))
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("INSERT INTO tags(name) VALUES ('elsewhere')")
                session.execute(text("INSERT INTO tags(name) VALUES ('mine')"))
        else:
            with store.begin() as connection:
                connection.execute(text("SELECT count(*) FROM people"))
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("INSERT INTO tags(name) VALUES ('elsewhere')")
                connection.execute(text("INSERT INTO tags(name) VALUES ('mine')"))
        other.execute("INSERT INTO tags(name) VALUES ('after')")  # free again
        names = [r[0] for r in other.execute("SELECT name FROM tags ORDER BY name")]
        assert names == ["after", "mine"]
        # reading takes no lock
        with store.read() as session:
            session.execute(text("SELECT count(*) FROM tags")).scalar_one()
            other.execute("INSERT INTO tags(name) VALUES ('while reading')")
    finally:
        other.close()
        store.close()
