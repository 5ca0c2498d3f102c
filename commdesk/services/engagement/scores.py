"""Engagement scores and levels: computed in SQL, kept in the ``person_scores`` summary.

score(person, as of T) = Σ weight(kind, platform) × 0.5 ^ (age in days ÷ half-life), over
the person's activities at or before T (age = T − occurred_at). The level follows from the
score and from the days since the person's last activity (see
:meth:`ScoringSettings.level_for`). People without any activity have no row: score 0,
observer.

:func:`recompute` rebuilds the whole summary with one grouped ``INSERT ... SELECT`` per slice
of person ids, reading only ``ix_activities_person_scoring``; :func:`rescore_person` refreshes
one person after their activity changed.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from commdesk.domain import Activity, Person, PersonScore
from commdesk.domain.engagement import EngagementLevel
from commdesk.errors import CommDeskError
from commdesk.services.engagement.settings import ScoringSettings, load_settings, settings_in
from commdesk.store import Store

ProgressCallback = Callable[[float | None, str], bool]
DAY = 86400
SLICES = 16  # person-id slices of a recompute: progress steps and cancel points


class ScoringCancelled(CommDeskError):
    """A recompute was stopped; the previous scores are kept."""


@dataclass(frozen=True)
class Score:
    person_id: int
    score: float
    level: EngagementLevel
    last_activity_at: datetime | None


def epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def decay(age_days: float, half_life_days: float) -> float:
    """What one unit of weight is worth after ``age_days`` (Python twin of the SQL)."""
    return float(0.5 ** (age_days / half_life_days))


def weight_expression(settings: ScoringSettings) -> sa.ColumnElement[float]:
    """weight(kind, platform) as a CASE over the activity row, every value a bound parameter."""
    whens: list[tuple[sa.ColumnElement[bool], float]] = [
        (sa.and_(Activity.platform == platform, Activity.kind == kind), value)
        for (platform, kind), value in settings.platform_weights.items()
    ]
    whens += [(Activity.kind == kind, value) for kind, value in settings.weights.items()]
    return sa.case(*whens, else_=0.0)


def _ensure_exp(connection: Connection) -> None:
    # SQLite's math functions are optional at build time; the app's own stands in if missing.
    try:
        connection.exec_driver_sql("SELECT exp(0)")
    except sa.exc.OperationalError:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.create_function("exp", 1, math.exp, deterministic=True)


def score_query(
    settings: ScoringSettings, as_of: datetime, person_ids: sa.ColumnElement[bool] | None = None
) -> sa.Select[int, float, int]:
    """person_id, decayed score and last activity time (epoch seconds), grouped by person."""
    at = epoch(as_of)
    # 0.5 ^ (age / half-life) = exp(ln 2 / half-life × (occurred_at − as_of)), age ≥ 0
    rate = math.log(2) / (settings.half_life_days * DAY)
    occurred = sa.type_coerce(Activity.occurred_at, sa.Integer)
    score = sa.func.sum(
        weight_expression(settings) * sa.func.exp(sa.literal(rate) * (occurred - at))
    )
    query = sa.select(Activity.person_id, score.label("score"), sa.func.max(occurred)).where(
        occurred <= at
    )
    if person_ids is not None:
        query = query.where(person_ids)
    return query.group_by(Activity.person_id)


def level_expression(
    settings: ScoringSettings, score: sa.ColumnElement[float], last: sa.ColumnElement[int], at: int
) -> sa.ColumnElement[int]:
    """The level as SQL, the same rule as :meth:`ScoringSettings.level_for`."""
    recent = last >= at - settings.recency_days * DAY
    return sa.case(
        (sa.and_(score >= settings.leader_from, recent), int(EngagementLevel.LEADER)),
        (sa.and_(score >= settings.contributor_from, recent), int(EngagementLevel.CONTRIBUTOR)),
        (score >= settings.participant_from, int(EngagementLevel.PARTICIPANT)),
        else_=int(EngagementLevel.OBSERVER),
    )


def _insert_scores(
    connection: Connection,
    settings: ScoringSettings,
    as_of: datetime,
    person_ids: sa.ColumnElement[bool] | None,
) -> int:
    at = epoch(as_of)
    grouped = score_query(settings, as_of, person_ids).subquery("grouped")
    score, last = grouped.c.score, list(grouped.c)[2]
    rows = sa.select(
        grouped.c.person_id,
        score,
        level_expression(settings, score, last, at),
        sa.literal(at),
    )
    insert = sa.insert(PersonScore).from_select(["person_id", "score", "level", "scored_at"], rows)
    result = connection.execute(insert)
    return int(result.rowcount)


def recompute(
    store: Store,
    as_of: datetime | None = None,
    progress: ProgressCallback | None = None,
    settings: ScoringSettings | None = None,
) -> int:
    """Recompute every person's score and level as of ``as_of`` (now by default) with the
    stored settings (or ``settings``). One transaction: a cancel (``progress`` returning
    False) raises :class:`ScoringCancelled` and keeps the previous scores. Returns the number
    of people scored."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    scored = 0
    with store.engine.begin() as connection:
        _ensure_exp(connection)
        low, high = connection.execute(
            sa.select(sa.func.min(Person.id), sa.func.max(Person.id))
        ).one()
        connection.execute(sa.delete(PersonScore))
        if low is None:
            return 0
        step = max(1, (int(high) - int(low) + SLICES) // SLICES)
        for start in range(int(low), int(high) + 1, step):
            fraction = (start - int(low)) / (int(high) - int(low) + 1)
            if progress is not None and not progress(fraction, "Scoring engagement"):
                raise ScoringCancelled("Stopped; the previous scores are kept.")
            in_slice = sa.and_(Activity.person_id >= start, Activity.person_id < start + step)
            scored += _insert_scores(connection, settings, as_of, in_slice)
    if progress is not None:
        progress(1.0, "Scoring engagement")
    return scored


def scored_at(session: Session | Connection) -> datetime | None:
    """When the summary was last computed (the latest ``scored_at``), None if never."""
    value: datetime | None = session.execute(sa.select(sa.func.max(PersonScore.scored_at))).scalar()
    return value


def rescore_person(
    connection: Connection, person_id: int, settings: ScoringSettings, as_of: datetime
) -> None:
    """Refresh one person's row as of ``as_of``, in the caller's transaction."""
    _ensure_exp(connection)
    connection.execute(sa.delete(PersonScore).where(PersonScore.person_id == person_id))
    _insert_scores(connection, settings, as_of, Activity.person_id == person_id)


def keep_in_step(session: Session, person_id: int) -> None:
    """Refresh one person's score after their activity changed, inside the session that
    changed it: as of now, or as of the last recompute if that is later. A level rises at
    once with the activity that earns it."""
    latest = scored_at(session)
    moment = now() if latest is None else max(latest, now())
    rescore_person(session.connection(), person_id, settings_in(session), moment)


def scores_of(
    store: Store,
    person_ids: Sequence[int],
    as_of: datetime | None = None,
    settings: ScoringSettings | None = None,
) -> dict[int, Score]:
    """Scores computed live (not from the summary) for a few people, as of any date."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    found: dict[int, Score] = {}
    with store.engine.connect() as connection:
        _ensure_exp(connection)
        query = score_query(settings, as_of, Activity.person_id.in_(list(person_ids)))
        for person_id, value, last in connection.execute(query):
            days = (epoch(as_of) - int(last)) / DAY
            found[int(person_id)] = Score(
                int(person_id),
                float(value),
                settings.level_for(float(value), days),
                datetime.fromtimestamp(int(last), UTC),
            )
    for person_id in person_ids:
        found.setdefault(person_id, Score(person_id, 0.0, settings.level_for(0.0, None), None))
    return found


def stored_score(store: Store, person_id: int) -> tuple[float, EngagementLevel]:
    """A person's score and level from the summary (0 and observer without a row)."""
    with store.read() as session:
        row = session.execute(
            sa.select(PersonScore.score, PersonScore.level).where(
                PersonScore.person_id == person_id
            )
        ).one_or_none()
    if row is None:
        return 0.0, EngagementLevel.OBSERVER
    return float(row[0]), EngagementLevel(int(row[1]))
