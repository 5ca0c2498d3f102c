"""Who a community is made of, and whom it shares with the others.

The stakeholder mix counts a community's current members by their stakeholder roles (a person
with several roles counts once in each); the overlap counts, for one community, the current
members it shares with each other community. A current member is a person not archived whose
membership has not ended, as the People view lists them. Both are one grouped query each, so they cost
the same whether the answer comes from fifty memberships or a million.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from commdesk.domain import Community, Membership, Person, PersonRole
from commdesk.domain.enums import StakeholderRole
from commdesk.store import Store

OVERLAP_LIMIT = 20


@dataclass(frozen=True)
class StakeholderMix:
    """How many current members of a community hold each stakeholder role."""

    community_id: int
    members: int  # current members (who have not left)
    by_role: tuple[tuple[StakeholderRole, int], ...]  # every role, in declaration order
    without_role: int  # members holding no role at all

    def count(self, role: StakeholderRole) -> int:
        return dict(self.by_role).get(role, 0)


@dataclass(frozen=True)
class Overlap:
    """Another community and how many current members it shares with the one asked about."""

    community_id: int
    name: str
    shared: int


class OverlapService:
    """Read-only questions about the make-up of communities."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stakeholder_mix(self, community_id: int) -> StakeholderMix:
        """Count the community's current members per stakeholder role (grouped in SQL)."""
        current = sa.and_(
            Membership.community_id == community_id,
            Membership.left_on.is_(None),
            not_archived(Membership.person_id),
        )
        by_role = (
            sa.select(PersonRole.role, sa.func.count())
            .join(Membership, Membership.person_id == PersonRole.person_id)
            .where(current)
            .group_by(PersonRole.role)
        )
        members = sa.select(sa.func.count()).select_from(Membership).where(current)
        without = (
            sa.select(sa.func.count())
            .select_from(Membership)
            .where(
                current,
                ~sa.exists().where(PersonRole.person_id == Membership.person_id),
            )
        )
        with self.store.read() as session:
            counts = {StakeholderRole(r): int(n) for r, n in session.execute(by_role)}
            total = int(session.execute(members).scalar_one())
            none = int(session.execute(without).scalar_one())
        return StakeholderMix(
            community_id=community_id,
            members=total,
            by_role=tuple((role, counts.get(role, 0)) for role in StakeholderRole),
            without_role=none,
        )

    def overlaps(self, community_id: int, limit: int = OVERLAP_LIMIT) -> list[Overlap]:
        """The other communities sharing current members with this one, most shared first
        (ties by name); communities sharing nobody are left out."""
        mine = aliased(Membership, name="mine")
        theirs = aliased(Membership, name="theirs")
        shared = sa.func.count().label("shared")
        query = (
            sa.select(Community.id, Community.name, shared)
            .select_from(mine)
            .join(
                theirs,
                sa.and_(
                    theirs.person_id == mine.person_id,
                    theirs.community_id != mine.community_id,
                ),
            )
            .join(Community, Community.id == theirs.community_id)
            .where(
                mine.community_id == community_id,
                mine.left_on.is_(None),
                theirs.left_on.is_(None),
                not_archived(mine.person_id),
            )
            .group_by(Community.id, Community.name)
            .order_by(shared.desc(), Community.name, Community.id)
            .limit(limit)
        )
        with self.store.read() as session:
            return [Overlap(int(i), str(n), int(c)) for i, n, c in session.execute(query)]

    def bridges(self, first: int, second: int, limit: int = 200) -> tuple[int, list[str]]:
        """The people who are current members of both communities: how many, and the names
        of the first ``limit`` of them in name order."""
        condition = bridging(first, second)
        count = sa.select(sa.func.count()).select_from(Person).where(condition)
        names = (
            sa.select(Person.name).where(condition).order_by(Person.name, Person.id).limit(limit)
        )
        with self.store.read() as session:
            total = int(session.execute(count).scalar_one())
            return total, [str(n) for n in session.scalars(names)]


def not_archived(person_id: sa.SQLColumnExpression[int]) -> sa.ColumnElement[bool]:
    """The person is not archived: archived people are nobody's current members. (The few
    archived ids are gathered once, not looked up in the people table per membership.)"""
    return person_id.not_in(sa.select(Person.id).where(Person.archived.is_(True)))


def members_of(community_id: int) -> sa.Select[int]:
    """The ids of a community's current members (a subquery)."""
    return sa.select(Membership.person_id).where(
        Membership.community_id == community_id, Membership.left_on.is_(None)
    )


def bridging(first: int, second: int) -> sa.ColumnElement[bool]:
    """People (not archived) who are current members of both communities."""
    return sa.and_(
        Person.archived.is_not(True),
        Person.id.in_(members_of(first)),
        Person.id.in_(members_of(second)),
    )
