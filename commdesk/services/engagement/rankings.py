"""Who matters and who is drifting: reach, influencers, bridges and people slipping away.

"Active in a community" means at least one activity there in the window (the settings'
``window_days``, 90 by default) ending at ``as_of``. Every measure is grouped SQL over
``ix_activities_time_people``; reach and bridging are then sums over the few thousand sets
of communities people were active in (:mod:`.activesets`), and only the few people ranked
come back to Python one by one.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from commdesk.domain import Community, Membership, Person, PersonRole, PersonScore
from commdesk.domain.enums import StakeholderRole
from commdesk.services.engagement.activesets import ActiveSets, Members, sets_of
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


def _window(settings: ScoringSettings, as_of: datetime, days: int | None = None) -> dict[str, int]:
    end = epoch(as_of)
    return {"start": end - (days or settings.window_days) * DAY, "end": end}


def reach_of(
    store: Store, person_ids: list[int], as_of: datetime, window_days: int
) -> dict[int, Reach]:
    """Reach of several people at once; people active nowhere in the window reach 0."""
    window = _window(ScoringSettings(), as_of, window_days)
    with store.engine.connect() as connection:
        return _reach(connection, ActiveSets.read(connection, **window), person_ids, window)


def _reach(
    connection: sa.Connection, sets: ActiveSets, person_ids: list[int], window: dict[str, int]
) -> dict[int, Reach]:
    own = sets_of(connection, person_ids, **window)
    empty: Members = frozenset()
    return {p: Reach(sets.reach(own.get(p, empty)), len(own.get(p, empty))) for p in person_ids}


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
    sets: ActiveSets | None = None,
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
    window = _window(settings, as_of)
    with store.engine.connect() as connection:
        if sets is None:
            sets = ActiveSets.read(connection, **window)
        reaches = _reach(connection, sets, ids, window)
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


def bridges(
    store: Store,
    *,
    as_of: datetime | None = None,
    limit: int = 20,
    settings: ScoringSettings | None = None,
    sets: ActiveSets | None = None,
) -> list[Bridge]:
    """People active in two or more communities, ranked by how little those communities
    otherwise share: Σ over each pair of their communities of 1 − shared ÷ union (active
    people in the window). ``sets``: the window's sets when already read."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    if sets is None:
        sets = active_sets(store, as_of, settings)
    values = sets.bridge_values()
    best = heapq.nsmallest(
        limit,
        (
            (-value, person, members)
            for members, value in values.items()
            for person in sets.multi[members]
        ),
    )
    if not best:
        return []
    ids = [person for _v, person, _m in best]
    with store.read() as session:
        names = _names(session, ids)
        communities = _community_names(session, frozenset().union(*(m for _v, _p, m in best)))
    scores = scores_of(store, ids, as_of, settings)
    return [
        Bridge(
            person,
            names[person],
            scores[person].score,
            sorted(((c, communities[c]) for c in members), key=lambda c: (c[1], c[0])),
            -negative,
        )
        for negative, person, members in best
    ]


def active_sets(store: Store, as_of: datetime, settings: ScoringSettings) -> ActiveSets:
    """The sets of communities people were active in during the settings' window."""
    with store.engine.connect() as connection:
        return ActiveSets.read(connection, **_window(settings, as_of))


def _community_names(session: sa.orm.Session, ids: frozenset[int]) -> dict[int, str]:
    rows = session.execute(sa.select(Community.id, Community.name).where(Community.id.in_(ids)))
    return {int(i): str(n) for i, n in rows}


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
