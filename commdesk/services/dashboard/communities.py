"""Who the communities are made of and whom they share: every community's stakeholder mix and
the matrix of shared current members, each one grouped query over the summaries of the
memberships (``member_roles``, ``member_pairs``: kept in step by triggers, see
:mod:`commdesk.domain.summaries`), so their cost does not grow with the number of people.

The per-community questions (one community's mix, its overlaps) live in
:mod:`commdesk.services.overlap`; these answer them for all communities at once, in the same
shapes, so the Overview needs two queries instead of two per community.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from commdesk.domain import Community, MemberPair, MemberRoles
from commdesk.domain.enums import StakeholderRole
from commdesk.domain.summaries import ROLE_BITS, masks_holding_any
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


def _masks(
    roles: sa.orm.InstrumentedAttribute[int], role: StakeholderRole | None
) -> list[sa.ColumnElement[bool]]:
    """Rows of people holding ``role`` (no condition without a role)."""
    if role is None:
        return []
    return [roles.in_(masks_holding_any([role]))]


def mix_sql(role: StakeholderRole | None) -> sa.Select[int, str | None, int]:
    """Current members per community and role (NULL role: members holding none), grouped;
    with ``role``, only the members holding it (and so never a NULL row)."""
    parts: list[sa.Select[int, str | None, int]] = [
        sa.select(
            MemberRoles.community_id,
            sa.literal(held.value, sa.String).label("role"),
            sa.func.sum(MemberRoles.members).label("members"),
        )
        .where(MemberRoles.roles.in_(masks_holding_any([held])), *_masks(MemberRoles.roles, role))
        .group_by(MemberRoles.community_id)
        for held in ROLE_BITS
    ]
    if role is None:
        parts.append(
            sa.select(
                MemberRoles.community_id,
                sa.type_coerce(sa.null(), sa.String).label("role"),
                sa.func.sum(MemberRoles.members).label("members"),
            )
            .where(MemberRoles.roles == 0)
            .group_by(MemberRoles.community_id)
        )
    union = sa.union_all(*parts).subquery("mix")
    return sa.select(union.c.community_id, union.c.role, union.c.members)


def members_sql(role: StakeholderRole | None) -> sa.Select[int, str, int]:
    """Every community (archived ones aside) with its number of current members."""
    counted = (
        sa.select(MemberRoles.community_id, sa.func.sum(MemberRoles.members).label("members"))
        .where(*_masks(MemberRoles.roles, role))
        .group_by(MemberRoles.community_id)
        .subquery("counted")
    )
    members = sa.func.coalesce(counted.c.members, 0)
    return (
        sa.select(Community.id, Community.name, members)
        .select_from(Community)
        .outerjoin(counted, counted.c.community_id == Community.id)
        .where(Community.archived.is_not(True))
        .order_by(members.desc(), Community.name)
    )


def overlap_sql(ids: tuple[int, ...], role: StakeholderRole | None) -> sa.Select[int, int, int]:
    """Shared current members of each pair (first id < second id) among ``ids``."""
    return (
        sa.select(MemberPair.community_id, MemberPair.other_id, sa.func.sum(MemberPair.members))
        .where(
            MemberPair.community_id.in_(ids),
            MemberPair.other_id.in_(ids),
            *_masks(MemberPair.roles, role),
        )
        .group_by(MemberPair.community_id, MemberPair.other_id)
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
