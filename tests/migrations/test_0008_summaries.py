"""Migration 0008: a database holding people, roles, memberships and activity comes out with
summaries equal to its raw rows, triggers that keep them so, and a downgrade that removes
both and leaves every other row as it was."""

from __future__ import annotations

from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text

from tests.unit.summary_expectations import TABLES, assert_summaries_match, fill_random


def _count(connection: Connection, sql: str) -> int:
    return int(connection.execute(text(sql)).scalar_one())


def test_0008_fills_the_summaries_from_the_data(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0007")
    fill_random(alembic_engine, seed=21)
    alembic_engine.commit()
    before = {
        table: _count(alembic_engine, "SELECT count(*) FROM " + table)
        for table in ("people", "person_roles", "memberships", "activities")
    }

    alembic_runner.migrate_up_to("0008")
    for table in TABLES:
        assert _count(alembic_engine, "SELECT count(*) FROM " + table), table
    assert_summaries_match(alembic_engine)

    # the triggers keep them from now on
    alembic_engine.execute(text("DELETE FROM person_roles WHERE person_id % 3 = 0"))
    alembic_engine.execute(text("UPDATE memberships SET left_on = NULL WHERE id % 2 = 0"))
    alembic_engine.execute(text("DELETE FROM activities WHERE id % 5 = 0"))
    alembic_engine.commit()
    assert_summaries_match(alembic_engine)

    alembic_runner.migrate_down_to("0007")
    tables = {r[0] for r in alembic_engine.execute(text("SELECT name FROM sqlite_master"))}
    assert not tables & set(TABLES)
    assert not {t for t in tables if t.startswith("summary_")}
    assert _count(alembic_engine, "SELECT count(*) FROM people") == before["people"]
