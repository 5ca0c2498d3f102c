"""Migration 0005: the score summary, the settings table and the activity indexes for scoring,
added to a database that already holds people and activity, which stay as they were."""

from __future__ import annotations

from datetime import UTC, datetime

from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.dialects import sqlite

from commdesk.services.engagement.formulas import score_query
from commdesk.services.engagement.settings import DEFAULTS

NEW_INDEXES = {"ix_activities_person_scoring", "ix_activities_time_people"}


def names(connection: Connection, kind: str) -> set[str]:
    rows = connection.execute(text("SELECT name FROM sqlite_master WHERE type = :k"), {"k": kind})
    return set(rows.scalars())


def test_0005_keeps_the_data_and_adds_the_summary(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0004")
    alembic_engine.execute(
        text(
            "INSERT INTO people (id, name, consent, archived, created_at, updated_at)"
            " VALUES (1, 'Ann', 0, 0, 0, 0)"
        )
    )
    alembic_engine.execute(
        text(
            "INSERT INTO activities (id, occurred_at, person_id, platform, kind, source)"
            " VALUES (7, 1700000000, 1, 'slack', 'post', 'manual')"
        )
    )
    alembic_engine.commit()
    triggers = names(alembic_engine, "trigger")
    alembic_runner.migrate_up_one()
    assert {"person_scores", "person_decay", "app_settings"} <= names(alembic_engine, "table")
    assert names(alembic_engine, "index") >= NEW_INDEXES
    assert names(alembic_engine, "trigger") == triggers  # no table rebuilt
    kept = alembic_engine.execute(
        text("SELECT a.id, a.kind, p.name, p.last_activity_at FROM activities a JOIN people p")
    ).one()
    assert tuple(kept) == (7, "post", "Ann", 1700000000)
    alembic_engine.execute(text("INSERT INTO person_scores VALUES (1, 5.0, 1, 1700000000)"))
    alembic_engine.execute(
        text(
            "INSERT INTO person_decay VALUES"
            " (1, 1700000000, 1700000000, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0)"
        )
    )
    alembic_engine.commit()
    alembic_runner.migrate_down_one()
    assert not {"person_scores", "person_decay", "app_settings"} & names(alembic_engine, "table")
    assert not NEW_INDEXES & names(alembic_engine, "index")
    assert alembic_engine.execute(text("SELECT count(*) FROM activities")).scalar() == 1


def test_scoring_reads_only_its_covering_index(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0005")
    query = score_query(DEFAULTS, datetime(2026, 1, 1, tzinfo=UTC))
    compiled = query.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    plan = alembic_engine.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}").all()
    assert "SCAN activities USING COVERING INDEX ix_activities_person_scoring" in " ".join(
        r[-1] for r in plan
    )
