"""Migration 0011: distinct active people in communities over a span are counted from the
activity log's (community, time, person) index alone."""

from __future__ import annotations

from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection

from commdesk.domain.enums import StakeholderRole
from commdesk.services.engagement.counts import Scope, active_people_statement
from tests.migrations.test_0004_activity_indexes import indexes, plan, triggers

OLD = "ix_activities_community_time"
NEW = "ix_activities_community_time_person"
MONTH = (1_790_000_000, 1_790_000_000 + 30 * 86400)


def test_0011_widens_the_community_time_index_and_narrows_it_again(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0010")
    before = indexes(alembic_engine)
    kept = triggers(alembic_engine)
    assert OLD in before and NEW not in before
    alembic_runner.migrate_up_one()
    assert indexes(alembic_engine) == sorted({*before, NEW} - {OLD})
    assert triggers(alembic_engine) == kept  # no table rebuilt
    alembic_runner.migrate_down_one()
    assert indexes(alembic_engine) == before


def test_active_people_in_communities_are_counted_from_the_index_alone(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    scope = Scope(communities=(1, 2), roles=(StakeholderRole.CUSTOMER,))
    statement = active_people_statement(scope, *MONTH)
    alembic_runner.migrate_up_to("0010")
    assert f"USING INDEX {OLD} (community_id=?" in plan(alembic_engine, statement)  # + table
    alembic_runner.migrate_up_one()
    steps = plan(alembic_engine, statement)
    assert f"USING COVERING INDEX {NEW} (community_id=? AND occurred_at>? AND occurred_at<?)" in (
        steps
    )
    # each person's roles looked up once
    assert "SEARCH person_roles USING COVERING INDEX" in steps
