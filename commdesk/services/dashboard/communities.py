"""Who the communities are made of and whom they share: every community's stakeholder mix and
the matrix of shared current members, each one grouped query over the summaries of the
memberships (``member_roles``, ``member_pairs``: kept in step by triggers, see
:mod:`commdesk.domain.summaries`), so their cost does not grow with the number of people.

A current member is a person not archived whose membership has not ended (as the People view
and its "members of" filter count them, so a click on a bar or a cell lists the people it
counts): ``member_roles`` less ``archived_member_roles``, and so for the pairs (migration
0012). All four tables are small, whatever the number of people.

The per-community questions (one community's mix, its overlaps) live in
:mod:`commdesk.services.overlap`; these answer them for all communities at once, in the same
shapes, so the Overview needs two queries instead of two per community.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from commdesk.domain import (
    ArchivedMemberPair,
    ArchivedMemberRoles,
    Community,
    MemberPair,
    MemberRoles,
)
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
    roles: sa.ColumnElement[int], role: StakeholderRole | None
) -> list[sa.ColumnElement[bool]]:
    """Rows of people holding ``role`` (no condition without a role)."""
    if role is None:
        return []
    return [roles.in_(masks_holding_any([role]))]


def member_roles() -> sa.Subquery:
    """Current members per community and role mask, as rows to sum: ``member_roles`` and,
    negated, ``archived_member_roles`` (rows of community_id, roles, members)."""
    kept = sa.select(MemberRoles.community_id, MemberRoles.roles, MemberRoles.members)
    archived = sa.select(
        ArchivedMemberRoles.community_id,
        ArchivedMemberRoles.roles,
        (-ArchivedMemberRoles.members).label("members"),
    )
    return sa.union_all(kept, archived).subquery("current_roles")


def member_pairs() -> sa.Subquery:
    """Shared current members per pair and role mask, as :func:`member_roles`."""
    kept = sa.select(
        MemberPair.community_id, MemberPair.other_id, MemberPair.roles, MemberPair.members
    )
    archived = sa.select(
        ArchivedMemberPair.community_id,
        ArchivedMemberPair.other_id,
        ArchivedMemberPair.roles,
        (-ArchivedMemberPair.members).label("members"),
    )
    return sa.union_all(kept, archived).subquery("current_pairs")


def mix_sql(role: StakeholderRole | None) -> sa.Select[int, str | None, int]:
    """Current members per community and role (NULL role: members holding none), grouped;
    with ``role``, only the members holding it (and so never a NULL row)."""
    current = member_roles()
    by_mask = (
        sa.select(
            current.c.community_id,
            current.c.roles,
            sa.func.sum(current.c.members).label("members"),
        )
        .where(*_masks(current.c.roles, role))
        .group_by(current.c.community_id, current.c.roles)
        .cte("by_mask")
    )

    def part(label: sa.ColumnElement[str], holding: sa.ColumnElement[bool]) -> sa.Select[Any]:
        total = sa.func.sum(by_mask.c.members)
        return (
            sa.select(by_mask.c.community_id, label.label("role"), total.label("members"))
            .where(holding)
            .group_by(by_mask.c.community_id)
            .having(total > 0)
        )

    parts = [
        part(sa.literal(held.value, sa.String), by_mask.c.roles.in_(masks_holding_any([held])))
        for held in ROLE_BITS
    ]
    if role is None:
        parts.append(part(sa.type_coerce(sa.null(), sa.String), by_mask.c.roles == 0))
    union = sa.union_all(*parts).subquery("mix")
    return sa.select(union.c.community_id, union.c.role, union.c.members)


def members_sql(role: StakeholderRole | None) -> sa.Select[int, str, int]:
    """Every community (archived ones aside) with its number of current members."""
    current = member_roles()
    counted = (
        sa.select(current.c.community_id, sa.func.sum(current.c.members).label("members"))
        .where(*_masks(current.c.roles, role))
        .group_by(current.c.community_id)
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
    current = member_pairs()
    shared = sa.func.sum(current.c.members)
    return (
        sa.select(current.c.community_id, current.c.other_id, shared)
        .where(
            current.c.community_id.in_(ids),
            current.c.other_id.in_(ids),
            *_masks(current.c.roles, role),
        )
        .group_by(current.c.community_id, current.c.other_id)
        .having(shared > 0)
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
