"""Counting activities and new memberships in a scope (communities, roles, kind) over a span
of time, from the summaries the triggers keep (see :mod:`commdesk.domain.summaries`).

The whole hours (or, for a kind, whole UTC days) inside the span are summed from a summary;
the part-hours at either end, if any, are counted from the activity log through its time
index. The answer is exactly the raw ``count(*)``, at the cost of a few hundred summary rows
instead of every activity in the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Session

from commdesk.domain import (
    Activity,
    ActivityCommunityHour,
    ActivityHour,
    ActivityKindDay,
    ActivityRoleHour,
    ActivityRoleTotal,
    MemberJoin,
    PersonRole,
)
from commdesk.domain.enums import ActivityKind, StakeholderRole
from commdesk.domain.summaries import masks_holding_any

HOUR = 3600
DAY = 86400


@dataclass(frozen=True)
class Scope:
    """Activities in these communities (all, the unassigned too, when empty) by people
    holding any of these roles (everyone when empty)."""

    communities: tuple[int, ...] = ()
    roles: tuple[StakeholderRole, ...] = ()

    def raw(self) -> list[sa.ColumnElement[bool]]:
        conditions: list[sa.ColumnElement[bool]] = []
        if self.communities:
            conditions.append(Activity.community_id.in_(self.communities))
        if self.roles:
            held = sa.exists().where(
                PersonRole.person_id == Activity.person_id, PersonRole.role.in_(self.roles)
            )
            conditions.append(held)
        return conditions


def count_active_people(session: Session, scope: Scope, after: int, last: int) -> int:
    """Distinct people in ``scope`` with an activity ``after < occurred_at <= last``."""
    return int(session.execute(active_people_statement(scope, after, last)).scalar_one())


def active_people_statement(scope: Scope, after: int, last: int) -> sa.Select[int]:
    """The count behind :func:`count_active_people`.

    Distinct people cannot be summed from counts: the activity log's (community, time,
    person) index is read alone, and each person's roles are looked at once, not per
    activity. Grouping (rather than DISTINCT) hands the people on in id order, so those role
    lookups walk the roles index from one end to the other instead of jumping about it: at
    1M people and 80k active in a month, that halves the count."""
    at = sa.type_coerce(Activity.occurred_at, sa.Integer)
    conditions = [at > after, at <= last]
    if scope.communities:
        conditions.append(Activity.community_id.in_(scope.communities))
    active = (
        sa.select(Activity.person_id)
        .where(*conditions)
        .group_by(Activity.person_id)
        .subquery("active")
    )
    statement = sa.select(sa.func.count()).select_from(active)
    if scope.roles:
        statement = statement.where(
            sa.exists().where(
                PersonRole.person_id == active.c.person_id, PersonRole.role.in_(scope.roles)
            )
        )
    return statement


def count_activities(
    session: Session,
    scope: Scope,
    first: int | None,
    last: int,
    kind: ActivityKind | None = None,
) -> int:
    """Activities in ``scope`` (of ``kind``) with ``first <= occurred_at <= last`` (epoch
    seconds; no lower bound when ``first`` is None)."""
    unit = HOUR if kind is None else DAY
    low = None if first is None else -(-first // unit)  # the first whole unit inside
    high = (last + 1) // unit  # the first unit not wholly inside
    if low is not None and low >= high:
        return _raw(session, scope, first, last, kind)
    total = _summed(session, scope, low, high, kind)
    if first is not None and low is not None and first < low * unit:
        total += _raw(session, scope, first, low * unit - 1, kind)
    if high * unit <= last:
        total += _raw(session, scope, high * unit, last, kind)
    return total


def _summed(
    session: Session, scope: Scope, low: int | None, high: int, kind: ActivityKind | None
) -> int:
    if kind is not None:
        days = [ActivityKindDay.kind == kind.value, ActivityKindDay.day < high]
        if low is not None:
            days.append(ActivityKindDay.day >= low)
        if scope.roles:
            days.append(ActivityKindDay.roles.in_(masks_holding_any(scope.roles)))
        if scope.communities:
            days.append(ActivityKindDay.community_id.in_(scope.communities))
        return _sum(session, sa.select(sa.func.sum(ActivityKindDay.n)).where(*days))
    table: (
        type[ActivityHour]
        | type[ActivityCommunityHour]
        | type[ActivityRoleHour]
        | type[ActivityRoleTotal]
    )
    conditions: list[sa.ColumnElement[bool]] = []
    if scope.roles and scope.communities:
        table = ActivityRoleHour
        conditions.append(ActivityRoleHour.roles.in_(masks_holding_any(scope.roles)))
        conditions.append(ActivityRoleHour.community_id.in_(scope.communities))
    elif scope.roles:
        table = ActivityRoleTotal
        conditions.append(ActivityRoleTotal.roles.in_(masks_holding_any(scope.roles)))
    elif scope.communities:
        table = ActivityCommunityHour
        conditions.append(ActivityCommunityHour.community_id.in_(scope.communities))
    else:
        table = ActivityHour
    conditions.append(table.hour < high)
    if low is not None:
        conditions.append(table.hour >= low)
    return _sum(session, sa.select(sa.func.sum(table.n)).where(*conditions))


def _sum(session: Session, statement: sa.Select[int]) -> int:
    found = session.execute(statement).scalar_one()
    return int(found or 0)


def _raw(
    session: Session, scope: Scope, first: int | None, last: int, kind: ActivityKind | None
) -> int:
    at = sa.type_coerce(Activity.occurred_at, sa.Integer)
    conditions = [at <= last, *scope.raw()]
    if first is not None:
        conditions.append(at >= first)
    if kind is not None:
        conditions.append(Activity.kind == kind)
    statement = sa.select(sa.func.count()).select_from(Activity).where(*conditions)
    return int(session.execute(statement).scalar_one())


def count_joins(
    session: Session,
    communities: Sequence[int],
    roles: Sequence[StakeholderRole],
    first: date | None,
    last: date,
) -> int:
    """Memberships (current or not) in ``communities`` (all when empty) of people holding any
    of ``roles`` (everyone when empty), joined ``first`` <= day <= ``last``."""
    conditions = [MemberJoin.joined_on <= last]
    if first is not None:
        conditions.append(MemberJoin.joined_on >= first)
    if communities:
        conditions.append(MemberJoin.community_id.in_(communities))
    if roles:
        conditions.append(MemberJoin.roles.in_(masks_holding_any(tuple(roles))))
    return _sum(session, sa.select(sa.func.sum(MemberJoin.n)).where(*conditions))
