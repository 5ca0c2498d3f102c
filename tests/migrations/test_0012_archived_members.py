"""Migration 0012: a database with archived people comes out with their share of the current
memberships summed apart, equal to the raw rows; the downgrade takes the tables and their
triggers away and leaves the rest as it was."""

from __future__ import annotations

from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text

from tests.unit.summary_expectations import ARCHIVED_TABLES, assert_summaries_match, fill_random


def _names(connection: Connection) -> set[str]:
    return set(connection.execute(text("SELECT name FROM sqlite_master")).scalars())


def test_0012_sums_the_archived_peoples_memberships_apart(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0011")
    fill_random(alembic_engine, seed=5)
    alembic_engine.commit()
    before = _names(alembic_engine)
    archived = alembic_engine.execute(text("SELECT count(*) FROM people WHERE archived = 1"))
    assert archived.scalar_one() == 6

    alembic_runner.migrate_up_one()
    for table in ARCHIVED_TABLES:
        assert alembic_engine.execute(text("SELECT count(*) FROM " + table)).scalar_one(), table
    assert_summaries_match(alembic_engine)
    # kept by the triggers from now on
    alembic_engine.execute(text("UPDATE people SET archived = 1 - archived WHERE id % 2 = 0"))
    alembic_engine.execute(text("DELETE FROM person_roles WHERE person_id % 4 = 0"))
    alembic_engine.execute(text("DELETE FROM people WHERE id % 5 = 0"))
    alembic_engine.commit()
    assert_summaries_match(alembic_engine)

    alembic_runner.migrate_down_one()
    assert _names(alembic_engine) == before
