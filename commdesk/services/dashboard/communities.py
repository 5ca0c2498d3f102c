"""Who the communities are made of and whom they share: every community's stakeholder mix and
the matrix of shared current members, each one grouped query over the memberships.

The per-community questions (one community's mix, its overlaps) live in
:mod:`commdesk.services.overlap`; these answer them for all communities at once, in the same
shapes, so the Overview needs two queries instead of two per community.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from commdesk.domain import Community, Membership, PersonRole
from commdesk.domain.enums import StakeholderRole
from commdesk.services.overlap import StakeholderMix

MATRIX_SIZE = 12  # the largest communities shown in the overlap matrix


@dataclass(frozen=True)
class CommunityMix:
    name: str
    mix: StakeholderMix


@dataclass(frozen=True)
class OverlapMatrix:
    """Shared current members of every pair of the largest communities."""

    ids: tuple[int, ...]
    names: tuple[str, ...]
    members: tuple[int, ...]  # each community's own current members (the diagonal)
    shared: tuple[tuple[int, ...], ...]  # shared[i][j]: members of both; shared[i][i] = members

    def pairs(self) -> list[tuple[int, int, int]]:
        """(i, j, shared) for i < j, most shared first."""
        found = [
            (i, j, self.shared[i][j])
            for i in range(len(self.ids))
            for j in range(i + 1, len(self.ids))
        ]
        return sorted(found, key=lambda p: -p[2])


def _current(membership: type[Membership]) -> sa.ColumnElement[bool]:
    return membership.left_on.is_(None)


def _holding(
    person_id: sa.SQLColumnExpression[int], role: StakeholderRole | None
) -> list[sa.ColumnElement[bool]]:
    if role is None:
        return []
    held = sa.select(PersonRole.person_id).where(PersonRole.role == role)
    return [person_id.in_(held)]


def mix_sql(role: StakeholderRole | None) -> sa.Select[int, str | None, int]:
    """Current members per community and role (NULL role: members holding none), grouped."""
    return (
        sa.select(Membership.community_id, PersonRole.role, sa.func.count())
        .select_from(Membership)
        .outerjoin(PersonRole, PersonRole.person_id == Membership.person_id)
        .where(_current(Membership), *_holding(Membership.person_id, role))
        .group_by(Membership.community_id, PersonRole.role)
    )


def members_sql(role: StakeholderRole | None) -> sa.Select[int, str, int]:
    """Every community (archived ones aside) with its number of current members."""
    members = sa.func.count(Membership.id)
    return (
        sa.select(Community.id, Community.name, members)
        .select_from(Community)
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


def overlap_sql(ids: tuple[int, ...], role: StakeholderRole | None) -> sa.Select[int, int, int]:
    """Shared current members of each pair (first id < second id) among ``ids``."""
    mine = aliased(Membership, name="mine")
    theirs = aliased(Membership, name="theirs")
    return (
        sa.select(mine.community_id, theirs.community_id, sa.func.count())
        .select_from(mine)
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


def mixes(
    communities: list[tuple[int, str, int]], rows: list[tuple[int, str | None, int]]
) -> tuple[CommunityMix, ...]:
    """Each community's mix from the grouped rows of :func:`mix_sql`."""
    counts: dict[int, dict[str | None, int]] = {}
    for community, role, n in rows:
        counts.setdefault(community, {})[role] = n
    result = []
    for community, name, members in communities:
        found = counts.get(community, {})
        result.append(
            CommunityMix(
                name,
                StakeholderMix(
                    community_id=community,
                    members=members,
                    by_role=tuple((r, found.get(r.value, 0)) for r in StakeholderRole),
                    without_role=found.get(None, 0),
                ),
            )
        )
    return tuple(result)


def matrix(
    communities: list[tuple[int, str, int]], rows: list[tuple[int, int, int]]
) -> OverlapMatrix:
    """The symmetric matrix from :func:`overlap_sql`'s pairs, the members on the diagonal."""
    ids = tuple(c for c, _n, _m in communities)
    index = {c: n for n, c in enumerate(ids)}
    grid = [[0] * len(ids) for _ in ids]
    for n, (_c, _name, members) in enumerate(communities):
        grid[n][n] = members
    for first, second, shared in rows:
        i, j = index[first], index[second]
        grid[i][j] = grid[j][i] = shared
    return OverlapMatrix(
        ids=ids,
        names=tuple(n for _c, n, _m in communities),
        members=tuple(m for _c, _n, m in communities),
        shared=tuple(tuple(row) for row in grid),
    )
