"""The engagement formulas as SQL expressions (and their Python twins where tests need them).

score(person, as of T) = Σ weight(kind, platform) × 0.5 ^ (age in days ÷ half-life), over the
person's activities at or before T, age = T − occurred_at. In SQL the decay is
exp(ln 2 ÷ half-life × (occurred_at − T)); every number is a bound parameter.
"""

from __future__ import annotations

import math
import sqlite3
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Connection

from commdesk.domain import Activity
from commdesk.domain.engagement import EngagementLevel
from commdesk.services.engagement.settings import ScoringSettings

DAY = 86400


def epoch(moment: datetime) -> int:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def decay(age_days: float, half_life_days: float) -> float:
    """What one unit of weight is worth after ``age_days`` (Python twin of the SQL)."""
    return float(0.5 ** (age_days / half_life_days))


def ensure_exp(connection: Connection) -> None:
    """SQLite's math functions are optional at build time; the app's own stands in if missing."""
    try:
        connection.exec_driver_sql("SELECT exp(0)")
    except sa.exc.OperationalError:
        raw = connection.connection.dbapi_connection
        assert isinstance(raw, sqlite3.Connection)
        raw.create_function("exp", 1, math.exp, deterministic=True)


def occurred() -> sa.ColumnElement[int]:
    """The activity's time as the stored epoch seconds."""
    return sa.type_coerce(Activity.occurred_at, sa.Integer)


def decay_expression(
    settings: ScoringSettings, at: int | sa.BindParameter[int]
) -> sa.ColumnElement[float]:
    """0.5 ^ (age in days ÷ half-life) of the activity row, as of epoch second ``at`` (or a
    parameter that will hold it)."""
    rate = math.log(2) / (settings.half_life_days * DAY)
    return sa.func.exp(sa.literal(rate) * (occurred() - at))


def weight_expression(settings: ScoringSettings) -> sa.ColumnElement[float]:
    """weight(kind, platform) as a CASE over the activity row."""
    whens: list[tuple[sa.ColumnElement[bool], float]] = [
        (sa.and_(Activity.platform == platform, Activity.kind == kind), value)
        for (platform, kind), value in settings.platform_weights.items()
    ]
    whens += [(Activity.kind == kind, value) for kind, value in settings.weights.items()]
    return sa.case(*whens, else_=0.0)


def overridden(settings: ScoringSettings) -> sa.ColumnElement[bool]:
    """Whether the activity row's platform has its own weight for its kind."""
    pairs = [
        sa.and_(Activity.platform == platform, Activity.kind == kind)
        for platform, kind in settings.platform_weights
    ]
    return sa.or_(*pairs) if pairs else sa.false()


def score_query(
    settings: ScoringSettings, as_of: datetime, person_ids: sa.ColumnElement[bool] | None = None
) -> sa.Select[int, float, int]:
    """person_id, decayed score and last activity time (epoch seconds), grouped by person,
    straight from the activity log."""
    at = epoch(as_of)
    score = sa.func.sum(weight_expression(settings) * decay_expression(settings, at))
    query = sa.select(Activity.person_id, score.label("score"), sa.func.max(occurred())).where(
        occurred() <= at
    )
    if person_ids is not None:
        query = query.where(person_ids)
    return query.group_by(Activity.person_id)


def level_expression(
    settings: ScoringSettings,
    score: sa.ColumnElement[float],
    last: sa.ColumnElement[int],
    at: sa.ColumnElement[int] | int,
) -> sa.ColumnElement[int]:
    """The level as SQL, the same rule as :meth:`ScoringSettings.level_for`."""
    recent = last >= at - settings.recency_days * DAY
    return sa.case(
        (sa.and_(score >= settings.leader_from, recent), int(EngagementLevel.LEADER)),
        (sa.and_(score >= settings.contributor_from, recent), int(EngagementLevel.CONTRIBUTOR)),
        (score >= settings.participant_from, int(EngagementLevel.PARTICIPANT)),
        else_=int(EngagementLevel.OBSERVER),
    )
