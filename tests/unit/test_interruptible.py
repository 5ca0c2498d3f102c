"""A long statement stops when the thread running it asks (store.engine.interruptible)."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from commdesk.store import Store
from commdesk.store.engine import interruptible, is_interrupted

# About a second of SQLite work, with no table at all.
LONG = text(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) "
    "SELECT count(*) FROM c"
)


def test_a_statement_runs_whole_unless_asked_to_stop(store: Store) -> None:
    with store.read() as session, interruptible(lambda: False):
        assert session.execute(LONG).scalar() == 3_000_000


def test_a_stop_request_aborts_the_statement_at_once(store: Store) -> None:
    started = time.perf_counter()
    with (
        store.read() as session,
        interruptible(lambda: True),
        pytest.raises(OperationalError) as caught,
    ):
        session.execute(LONG)
    assert is_interrupted(caught.value)
    assert time.perf_counter() - started < 0.5
    with store.read() as session:  # the connection is fine afterwards, and not stopped
        assert session.execute(text("SELECT 1")).scalar() == 1


def test_a_stop_asked_half_way_stops_half_way(store: Store) -> None:
    asked: list[float] = []

    def stop() -> bool:
        asked.append(time.perf_counter())
        return len(asked) > 20  # after a few handler calls: mid-statement

    with store.read() as session, interruptible(stop), pytest.raises(OperationalError):
        session.execute(LONG)
    assert len(asked) == 21


def test_blocks_nest_and_the_outer_check_comes_back(store: Store) -> None:
    with interruptible(lambda: True):
        with interruptible(lambda: False), store.read() as session:
            assert session.execute(LONG).scalar() == 3_000_000
        with store.read() as session, pytest.raises(OperationalError):
            session.execute(LONG)
    with store.read() as session:
        assert session.execute(LONG).scalar() == 3_000_000
