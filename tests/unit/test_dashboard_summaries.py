"""The Overview read from the summaries gives exactly what grouping the raw rows gives, for
every filter, split and clock offset (the raw queries are written out here, as the Overview
ran them before the summaries existed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.orm import aliased

from commdesk.domain import Community, Membership, Person, PersonRole
from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.services.dashboard import DashboardQuery, Split, activity, communities
from commdesk.store import Store
from tests.unit.summary_expectations import random_world

START = date(2026, 1, 1)
ROLES = list(StakeholderRole)
PLATFORMS = [Platform.GITHUB, Platform.SLACK, Platform.MEETUP]


@pytest.fixture
def world(store: Store) -> Store:
    random_world(store, seed=4)
    # Archived people are no current members of anything: the People view does not list them.
    with store.engine.begin() as connection:
        archived = connection.exec_driver_sql("UPDATE people SET archived = 1 WHERE id % 7 = 0")
        assert archived.rowcount == 8
    return store


def queries() -> list[DashboardQuery]:
    base = DashboardQuery(start=START, end=START + timedelta(days=30))
    found = []
    for offset in (0, 3600, -5 * 3600, 14 * 3600):
        at = replace(base, utc_offset=offset)
        found += [
            at,
            replace(at, split=Split.NONE),
            replace(at, split=Split.ROLE),
            replace(at, community_id=2),
            replace(at, platform=Platform.SLACK),
            replace(at, role=StakeholderRole.CUSTOMER),
            replace(at, role=StakeholderRole.EMPLOYEE, split=Split.ROLE),
            replace(at, role=StakeholderRole.PARTNER, split=Split.NONE, community_id=3),
            replace(at, community_id=1, platform=Platform.GITHUB, split=Split.ROLE),
        ]
    return found


def test_the_hours_equal_the_raw_grouping(world: Store) -> None:
    for query in queries():
        assert activity.summarised(query)
        with world.read() as session:
            raw = sorted(tuple(r) for r in session.execute(activity.hourly_sql(query)))
        assert raw, query
        assert sorted(activity.read_hours(world, query)) == raw, query


def test_an_offset_of_part_of_an_hour_groups_the_raw_rows() -> None:
    query = DashboardQuery(start=START, end=START, utc_offset=5 * 3600 + 1800)
    assert not activity.summarised(query)
    assert activity.summarised(replace(query, utc_offset=-3600))
    assert not activity.summarised(replace(query, utc_offset=0, start=date(1969, 12, 31)))


def _current(m: type[Membership]) -> sa.ColumnElement[bool]:
    """Not ended, of a person not archived."""
    kept = sa.select(Person.id).where(Person.archived.is_(False))
    return sa.and_(m.left_on.is_(None), m.person_id.in_(kept))


def _holding(
    person: sa.SQLColumnExpression[int], role: StakeholderRole | None
) -> list[sa.ColumnElement[bool]]:
    if role is None:
        return []
    return [person.in_(sa.select(PersonRole.person_id).where(PersonRole.role == role))]


def raw_members(role: StakeholderRole | None) -> sa.Select[int, str, int]:
    members = sa.func.count(Membership.id)
    return (
        sa.select(Community.id, Community.name, members)
        .outerjoin(
            Membership,
            sa.and_(
                Membership.community_id == Community.id,
                _current(Membership),
                *_holding(Membership.person_id, role),
            ),
        )
        .where(Community.archived.is_not(True))
        .group_by(Community.id, Community.name)
        .order_by(members.desc(), Community.name)
    )


def raw_mix(role: StakeholderRole | None) -> sa.Select[int, StakeholderRole, int]:
    return (
        sa.select(Membership.community_id, PersonRole.role, sa.func.count())
        .outerjoin(PersonRole, PersonRole.person_id == Membership.person_id)
        .where(_current(Membership), *_holding(Membership.person_id, role))
        .group_by(Membership.community_id, PersonRole.role)
    )


def raw_overlap(ids: tuple[int, ...], role: StakeholderRole | None) -> sa.Select[int, int, int]:
    mine, theirs = aliased(Membership), aliased(Membership)
    return (
        sa.select(mine.community_id, theirs.community_id, sa.func.count())
        .join(
            theirs,
            sa.and_(theirs.person_id == mine.person_id, theirs.community_id > mine.community_id),
        )
        .where(
            mine.community_id.in_(ids),
            theirs.community_id.in_(ids),
            _current(mine),
            _current(theirs),
            *_holding(mine.person_id, role),
        )
        .group_by(mine.community_id, theirs.community_id)
    )


@pytest.mark.parametrize("role", [None, *ROLES])
def test_members_mix_and_overlap_equal_the_raw_grouping(
    world: Store, role: StakeholderRole | None
) -> None:
    def rows(statement: sa.Select[*tuple[Any, ...]]) -> list[tuple[object, ...]]:
        with world.read() as session:
            return [
                tuple(str(v) if isinstance(v, StakeholderRole) else v for v in r)
                for r in session.execute(statement)
            ]

    assert rows(communities.members_sql(role)) == rows(raw_members(role))
    assert sorted(rows(communities.mix_sql(role)), key=repr) == sorted(
        rows(raw_mix(role)), key=repr
    )
    for ids in [(1, 2, 3, 4, 5), (2, 4), ()]:
        assert sorted(rows(communities.overlap_sql(ids, role))) == sorted(
            rows(raw_overlap(ids, role))
        )
