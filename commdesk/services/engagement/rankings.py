"""Who matters and who is drifting: reach, influencers, bridges and people slipping away.

"Active in a community" means at least one activity there in the window (the settings'
``window_days``, 90 by default) ending at ``as_of``. Every measure is grouped SQL over
``ix_activities_time_people``; only the few people ranked come back to Python.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from commdesk.domain import Community, Membership, Person, PersonRole, PersonScore
from commdesk.domain.enums import StakeholderRole
from commdesk.services.engagement.scores import DAY, epoch, now, scores_of
from commdesk.services.engagement.settings import ScoringSettings, load_settings
from commdesk.store import Store

# Influencers are ranked among this many times ``limit`` of the best-scored people.
CANDIDATES_PER_PLACE = 10
SLIP_RATIO = 0.5  # the last 30 days' weekly rate is under this share of the 90 days' rate
SLIP_MIN_WEEKLY = 1.0  # ... for people who were active at least this often a week over 90


@dataclass(frozen=True)
class Reach:
    people: int  # other people active in the same communities in the window
    communities: int  # communities the person was active in during the window


@dataclass(frozen=True)
class Ranked:
    person_id: int
    name: str
    score: float
    reach: int
    communities: int
    rank_value: float


@dataclass(frozen=True)
class Bridge:
    person_id: int
    name: str
    score: float
    communities: list[tuple[int, str]]
    rank_value: float


@dataclass(frozen=True)
class Slipping:
    person_id: int
    name: str
    last30: int  # activities in the last 30 days
    weekly_rate90: float  # activities a week over the last 90 days


# Distinct (community, person) pairs active in the window, read from the covering index.
_ACTIVE = """
active AS MATERIALIZED (
    SELECT DISTINCT community_id, person_id FROM activities
    WHERE occurred_at > :start AND occurred_at <= :end AND community_id IS NOT NULL
)"""

_REACH = sa.text(
    "WITH"
    + _ACTIVE
    + """
SELECT m.person_id,
       (SELECT count(DISTINCT o.person_id) FROM active AS o
        WHERE o.community_id IN (SELECT community_id FROM active WHERE person_id = m.person_id)
          AND o.person_id != m.person_id),
       count(*)
FROM active AS m
WHERE m.person_id IN (SELECT value FROM json_each(:ids))
GROUP BY m.person_id
"""
)


def _window(settings: ScoringSettings, as_of: datetime, days: int | None = None) -> dict[str, int]:
    end = epoch(as_of)
    return {"start": end - (days or settings.window_days) * DAY, "end": end}


def reach_of(
    store: Store, person_ids: list[int], as_of: datetime, window_days: int
) -> dict[int, Reach]:
    """Reach of several people at once; people active nowhere in the window reach 0."""
    params = {**_window(ScoringSettings(), as_of, window_days), "ids": json.dumps(person_ids)}
    with store.engine.connect() as connection:
        rows = connection.execute(_REACH, params).all()
    found = {int(p): Reach(int(n), int(c)) for p, n, c in rows}
    return {p: found.get(p, Reach(0, 0)) for p in person_ids}


def reach(
    store: Store, person_id: int, as_of: datetime | None = None, window_days: int = 90
) -> Reach:
    """The distinct other people active in the communities this person was active in, and
    how many communities that is, over ``window_days`` ending at ``as_of``."""
    return reach_of(store, [person_id], as_of or now(), window_days)[person_id]


def influencers(
    store: Store,
    *,
    as_of: datetime | None = None,
    limit: int = 20,
    role: StakeholderRole | None = None,
    community_id: int | None = None,
    settings: ScoringSettings | None = None,
) -> list[Ranked]:
    """The most influential people: share × score ÷ best score + (1 − share) × reach ÷ best
    reach, among the best-scored people (of the score summary) holding ``role`` and current
    members of ``community_id`` when given. Scores and reach are as of ``as_of``."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    query = sa.select(PersonScore.person_id).join(Person, Person.id == PersonScore.person_id)
    query = query.where(Person.archived.is_not(True), PersonScore.score > 0)
    if role is not None:
        held = sa.select(PersonRole.person_id).where(PersonRole.role == StakeholderRole(role))
        query = query.where(PersonScore.person_id.in_(held))
    if community_id is not None:
        members = sa.select(Membership.person_id).where(
            Membership.community_id == community_id, Membership.left_on.is_(None)
        )
        query = query.where(PersonScore.person_id.in_(members))
    query = query.order_by(PersonScore.score.desc()).limit(limit * CANDIDATES_PER_PLACE)
    with store.read() as session:
        ids = [int(i) for i in session.scalars(query)]
        names = _names(session, ids)
    if not ids:
        return []
    scores = scores_of(store, ids, as_of, settings)
    reaches = reach_of(store, ids, as_of, settings.window_days)
    best_score = max(s.score for s in scores.values()) or 1.0
    best_reach = max(r.people for r in reaches.values()) or 1
    share = settings.influencer_score_share
    ranked = [
        Ranked(
            person_id=i,
            name=names[i],
            score=scores[i].score,
            reach=reaches[i].people,
            communities=reaches[i].communities,
            rank_value=share * scores[i].score / best_score
            + (1 - share) * reaches[i].people / best_reach,
        )
        for i in ids
    ]
    ranked.sort(key=lambda r: (-r.rank_value, r.name, r.person_id))
    return ranked[:limit]


_BRIDGES = sa.text(
    "WITH"
    + _ACTIVE
    + """,
sizes AS (SELECT community_id, count(*) AS n FROM active GROUP BY community_id),
pairs AS MATERIALIZED (
    SELECT a.person_id, a.community_id AS c1, b.community_id AS c2
    FROM active AS a JOIN active AS b
      ON b.person_id = a.person_id AND b.community_id > a.community_id
),
shared AS (SELECT c1, c2, count(*) AS s FROM pairs GROUP BY c1, c2)
SELECT p.person_id, sum(1.0 - 1.0 * sh.s / (s1.n + s2.n - sh.s)) AS value
FROM pairs AS p
JOIN shared AS sh ON sh.c1 = p.c1 AND sh.c2 = p.c2
JOIN sizes AS s1 ON s1.community_id = p.c1
JOIN sizes AS s2 ON s2.community_id = p.c2
GROUP BY p.person_id
ORDER BY value DESC, p.person_id
LIMIT :limit
"""
)


def bridges(
    store: Store,
    *,
    as_of: datetime | None = None,
    limit: int = 20,
    settings: ScoringSettings | None = None,
) -> list[Bridge]:
    """People active in two or more communities, ranked by how little those communities
    otherwise share: Σ over each pair of their communities of 1 − shared ÷ union (active
    people in the window)."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    window = _window(settings, as_of)
    with store.engine.connect() as connection:
        rows = connection.execute(_BRIDGES, {**window, "limit": limit}).all()
        ids = [int(p) for p, _v in rows]
        where = sa.and_(
            sa.column("occurred_at") > window["start"], sa.column("occurred_at") <= window["end"]
        )
        bridged = _communities_of(connection, ids, where)
    if not ids:
        return []
    with store.read() as session:
        names = _names(session, ids)
    scores = scores_of(store, ids, as_of, settings)
    return [
        Bridge(int(p), names[int(p)], scores[int(p)].score, bridged.get(int(p), []), float(v))
        for p, v in rows
    ]


def _communities_of(
    connection: sa.Connection, ids: list[int], where: sa.ColumnElement[bool]
) -> dict[int, list[tuple[int, str]]]:
    activities = sa.table(
        "activities", sa.column("person_id"), sa.column("community_id"), sa.column("occurred_at")
    )
    query = (
        sa.select(activities.c.person_id, Community.id, Community.name)
        .distinct()
        .join(Community, Community.id == activities.c.community_id)
        .where(activities.c.person_id.in_(ids), where)
        .order_by(activities.c.person_id, Community.name)
    )
    found: dict[int, list[tuple[int, str]]] = {}
    for person_id, community_id, name in connection.execute(query):
        found.setdefault(int(person_id), []).append((int(community_id), str(name)))
    return found


_SLIPPING = sa.text(
    """
SELECT person_id,
       sum(occurred_at > :recent) AS last30,
       count(*) * 7.0 / 90 AS weekly90
FROM activities
WHERE occurred_at > :start AND occurred_at <= :end
GROUP BY person_id
HAVING weekly90 >= :min_weekly AND sum(occurred_at > :recent) * 7.0 / 30 < :ratio * weekly90
ORDER BY weekly90 - sum(occurred_at > :recent) * 7.0 / 30 DESC, person_id
LIMIT :limit
"""
)


def slipping(store: Store, *, as_of: datetime | None = None, limit: int = 20) -> list[Slipping]:
    """People whose weekly rate over the last 30 days is under half their own weekly rate
    over the last 90 days (among those with at least one activity a week over the 90);
    the biggest drop first."""
    end = epoch(as_of or now())
    params = {
        "start": end - 90 * DAY,
        "end": end,
        "recent": end - 30 * DAY,
        "min_weekly": SLIP_MIN_WEEKLY,
        "ratio": SLIP_RATIO,
        "limit": limit,
    }
    with store.engine.connect() as connection:
        rows = connection.execute(_SLIPPING, params).all()
    if not rows:
        return []
    with store.read() as session:
        names = _names(session, [int(r[0]) for r in rows])
    return [Slipping(int(p), names[int(p)], int(n), float(w)) for p, n, w in rows]


def _names(session: sa.orm.Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(sa.select(Person.id, Person.name).where(Person.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}
