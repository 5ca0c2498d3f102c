"""The KPI counts read from the summaries (whole hours or days, plus raw part-hours at the
ends) are exactly the raw counts of the activity log and the memberships."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from commdesk.domain.enums import ActivityKind, StakeholderRole
from commdesk.services.engagement.counts import (
    Scope,
    count_active_people,
    count_activities,
    count_joins,
)
from commdesk.store import Store
from tests.unit.summary_expectations import START, START_SECOND, random_world

SCOPES = [
    Scope(),
    Scope(communities=(1, 3)),
    Scope(roles=(StakeholderRole.CUSTOMER,)),
    Scope(communities=(2, 4, 5), roles=(StakeholderRole.EMPLOYEE, StakeholderRole.PARTNER)),
]


@pytest.fixture
def world(store: Store) -> Store:
    random_world(store, seed=11)
    return store


def raw_count(
    store: Store, scope: Scope, first: int | None, last: int, kind: ActivityKind | None
) -> int:
    sql = (
        "SELECT count(*) FROM activities AS a WHERE a.occurred_at <= :last "
        "AND (:first IS NULL OR a.occurred_at >= :first) AND (:kind IS NULL OR a.kind = :kind)"
    )
    values: dict[str, object] = {"first": first, "last": last, "kind": kind and kind.value}
    for n, community in enumerate(scope.communities):
        values[f"c{n}"] = community
    if scope.communities:
        sql += " AND a.community_id IN (" + ", ".join(f":c{n}" for n in range(n + 1)) + ")"
    for n, role in enumerate(scope.roles):
        values[f"r{n}"] = role.value
    if scope.roles:
        sql += (
            " AND a.person_id IN (SELECT person_id FROM person_roles WHERE role IN ("
            + ", ".join(f":r{n}" for n in range(len(scope.roles)))
            + "))"
        )
    with store.engine.connect() as connection:
        return int(connection.execute(sa.text(sql), values).scalar_one())


@pytest.mark.parametrize("kind", [None, ActivityKind.EVENT_ATTENDANCE])
def test_activity_counts_equal_the_raw_counts(world: Store, kind: ActivityKind | None) -> None:
    rng = random.Random(5)
    spans: list[tuple[int | None, int]] = [
        (None, START_SECOND + 50 * 86400),
        (START_SECOND, START_SECOND + 3599),  # exactly one hour
        (START_SECOND + 10, START_SECOND + 20),  # inside one hour
        (START_SECOND - 86400, START_SECOND + 86400 - 1),  # whole days
    ]
    for _ in range(20):
        start = START_SECOND + rng.randint(-4 * 86400, 30 * 86400)
        spans.append((start, start + rng.randint(0, 20 * 86400)))
    for scope in SCOPES:
        for first, last in spans:
            with world.read() as session:
                found = count_activities(session, scope, first, last, kind)
            assert found == raw_count(world, scope, first, last, kind), (scope, first, last)


def test_join_counts_equal_the_raw_counts(world: Store) -> None:
    spans: list[tuple[date | None, date]] = [
        (None, START + timedelta(days=60)),
        (START, START),
        (START - timedelta(days=10), START + timedelta(days=10)),
    ]
    for scope in SCOPES:
        for first, last in spans:
            sql = (
                "SELECT count(*) FROM memberships AS m WHERE m.joined_on IS NOT NULL "
                "AND m.joined_on <= :last AND (:first IS NULL OR m.joined_on >= :first)"
            )
            if scope.communities:
                sql += " AND m.community_id IN (" + ", ".join(map(str, scope.communities)) + ")"
            if scope.roles:
                roles = ", ".join("'" + r.value + "'" for r in scope.roles)
                sql += (
                    " AND m.person_id IN (SELECT person_id FROM person_roles WHERE role IN ("
                    + roles
                    + "))"
                )
            with world.engine.connect() as connection:
                raw = connection.execute(
                    sa.text(sql), {"first": first and first.isoformat(), "last": last.isoformat()}
                ).scalar_one()
            with world.read() as session:
                found = count_joins(session, scope.communities, scope.roles, first, last)
            assert found == raw, (scope, first, last)


def test_active_people_equal_the_raw_distinct_count(world: Store) -> None:
    rng = random.Random(8)
    seen = []
    for scope in SCOPES:
        for _ in range(8):
            after = START_SECOND + rng.randint(-4 * 86400, 30 * 86400)
            last = after + rng.randint(0, 30 * 86400)
            sql = (
                "SELECT count(DISTINCT a.person_id) FROM activities AS a "
                "WHERE a.occurred_at > :after AND a.occurred_at <= :last"
            )
            if scope.communities:
                sql += " AND a.community_id IN (" + ", ".join(map(str, scope.communities)) + ")"
            if scope.roles:
                roles = ", ".join("'" + r.value + "'" for r in scope.roles)
                sql += (
                    " AND a.person_id IN (SELECT person_id FROM person_roles WHERE role IN ("
                    + roles
                    + "))"
                )
            with world.engine.connect() as connection:
                raw = connection.execute(sa.text(sql), {"after": after, "last": last}).scalar_one()
            with world.read() as session:
                assert count_active_people(session, scope, after, last) == raw, (scope, after)
            seen.append(raw)
    assert sum(1 for n in seen if n) > len(seen) // 2  # the spans do find people
