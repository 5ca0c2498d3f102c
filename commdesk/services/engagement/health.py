"""How each community is doing: who is active, who is new, how concentrated the activity is,
and who its members are.

- active30 / active90: distinct people with an activity in the community in the last 30 / 90
  days (ending at ``as_of``);
- new_members30: memberships that started (``joined_on``) in the last 30 days;
- absence_factor: the fewest people who together made at least half of the community's
  activities of the last 90 days (1 means one person carries it; 0 without activity);
- mix: current members (not left by ``as_of``, not archived) per stakeholder role; a person
  holding several roles counts once in each.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa

from commdesk.domain import Community, Membership, PersonRole
from commdesk.domain.enums import StakeholderRole
from commdesk.services.engagement.scores import DAY, epoch, now
from commdesk.services.overlap import not_archived
from commdesk.store import Store


@dataclass(frozen=True)
class CommunityHealth:
    community_id: int
    name: str
    active30: int
    active90: int
    new_members30: int
    absence_factor: int
    mix: dict[StakeholderRole, int] = field(default_factory=dict)


_ACTIVITY = sa.text(
    """
WITH counts AS (
    SELECT community_id, person_id, count(*) AS n, max(occurred_at) AS last
    FROM activities
    WHERE occurred_at > :start90 AND occurred_at <= :end AND community_id IS NOT NULL
      AND (:community IS NULL OR community_id = :community)
    GROUP BY community_id, person_id
),
ranked AS (
    SELECT community_id, n, last,
           sum(n) OVER (PARTITION BY community_id ORDER BY n DESC, person_id
                        ROWS UNBOUNDED PRECEDING) AS running,
           sum(n) OVER (PARTITION BY community_id) AS total,
           row_number() OVER (PARTITION BY community_id ORDER BY n DESC, person_id) AS place
    FROM counts
)
SELECT community_id,
       sum(last > :start30) AS active30,
       count(*) AS active90,
       min(CASE WHEN 2 * running >= total THEN place END) AS absence
FROM ranked
GROUP BY community_id
"""
)


def community_health(
    store: Store, *, as_of: datetime | None = None, community_id: int | None = None
) -> list[CommunityHealth]:
    """Health of every community not archived (or of one), in name order."""
    as_of = as_of or now()
    end = epoch(as_of)
    params = {
        "start90": end - 90 * DAY,
        "start30": end - 30 * DAY,
        "end": end,
        "community": community_id,
    }
    today = as_of.date()
    communities = sa.select(Community.id, Community.name).order_by(Community.name)
    if community_id is None:
        communities = communities.where(Community.archived.is_(False))
    else:
        communities = communities.where(Community.id == community_id)
    current = sa.and_(
        sa.or_(Membership.joined_on.is_(None), Membership.joined_on <= today),
        sa.or_(Membership.left_on.is_(None), Membership.left_on > today),
        not_archived(Membership.person_id),
    )
    new = (
        sa.select(Membership.community_id, sa.func.count())
        .where(
            Membership.joined_on > today - timedelta(days=30),
            Membership.joined_on <= today,
        )
        .group_by(Membership.community_id)
    )
    mix = (
        sa.select(Membership.community_id, PersonRole.role, sa.func.count())
        .join(PersonRole, PersonRole.person_id == Membership.person_id)
        .where(current)
        .group_by(Membership.community_id, PersonRole.role)
    )
    if community_id is not None:
        new = new.where(Membership.community_id == community_id)
        mix = mix.where(Membership.community_id == community_id)
    with store.read() as session:
        listed = session.execute(communities).all()
        activity = {int(r[0]): r[1:] for r in session.execute(_ACTIVITY, params)}
        joined = {int(c): int(n) for c, n in session.execute(new)}
        roles: dict[int, dict[StakeholderRole, int]] = {}
        for cid, role, n in session.execute(mix):
            roles.setdefault(int(cid), {})[StakeholderRole(role)] = int(n)
    result = []
    for cid, name in listed:
        active30, active90, absence = activity.get(int(cid), (0, 0, 0))
        result.append(
            CommunityHealth(
                community_id=int(cid),
                name=str(name),
                active30=int(active30 or 0),
                active90=int(active90 or 0),
                new_members30=joined.get(int(cid), 0),
                absence_factor=int(absence or 0),
                mix={r: roles.get(int(cid), {}).get(r, 0) for r in StakeholderRole},
            )
        )
    return result
