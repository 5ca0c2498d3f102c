"""Migration 0004: the activity log's kind and platform filters read through their indexes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text
from sqlalchemy.dialects import sqlite

from commdesk.domain.enums import ActivityKind
from commdesk.services.listings import ACTIVITIES
from commdesk.services.tables import page_statement

NEW = ["ix_activities_kind_time", "ix_activities_platform_time"]


def indexes(connection: Connection) -> list[str]:
    rows = connection.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'activities'")
    )
    return sorted(rows.scalars())


def triggers(connection: Connection) -> list[str]:
    rows = connection.execute(text("SELECT sql FROM sqlite_master WHERE type = 'trigger'"))
    return sorted(rows.scalars())


def plan(connection: Connection, statement: Any) -> str:
    if not isinstance(statement, str):
        compiled = statement.compile(
            dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True}
        )
        statement = str(compiled)
    rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}").all()
    return "\n".join(row[-1] for row in rows)


def test_0004_adds_the_indexes_and_drops_them_again(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0003")
    before = indexes(alembic_engine)
    kept = triggers(alembic_engine)
    assert not set(NEW) & set(before)
    alembic_runner.migrate_up_one()
    assert indexes(alembic_engine) == sorted([*before, *NEW])
    assert triggers(alembic_engine) == kept  # no table rebuilt
    alembic_runner.migrate_down_one()
    assert indexes(alembic_engine) == before


def test_the_kind_filter_counts_and_pages_through_its_index(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0004")
    count = plan(alembic_engine, "SELECT count(*) FROM activities WHERE kind = 'comment'")
    assert "USING COVERING INDEX ix_activities_kind_time (kind=?)" in count
    kind = {"kind": ActivityKind.COMMENT}
    assert ACTIVITIES.count_source is not None
    counted = sa.select(sa.func.count()).select_from(ACTIVITIES.count_source)
    counted = counted.where(ACTIVITIES.filters["kind"](ActivityKind.COMMENT))
    assert "ix_activities_kind_time (kind=?)" in plan(alembic_engine, counted)
    page = plan(alembic_engine, page_statement(ACTIVITIES, filters=kind, limit=200))
    assert "ix_activities_kind_time (kind=?)" in page
    assert "TEMP B-TREE" not in page  # newest first straight from the index, no sort


def test_a_platform_reads_its_rows_by_time_through_its_index(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0004")
    count = plan(alembic_engine, "SELECT count(*) FROM activities WHERE platform = 'github'")
    assert "ix_activities_platform_time (platform=?)" in count
    page = plan(
        alembic_engine,
        "SELECT id FROM activities WHERE platform = 'github' ORDER BY occurred_at DESC LIMIT 200",
    )
    assert "ix_activities_platform_time (platform=?)" in page
    assert "TEMP B-TREE" not in page
