"""Engagement scores and levels, and the ``person_scores`` summary that keeps them.

score(person, as of T) = Σ weight(kind, platform) × 0.5 ^ (age in days ÷ half-life), over
the person's activities at or before T (see :mod:`.formulas`). The level follows from the
score and the days since the person's last activity (:meth:`ScoringSettings.level_for`).
People without any activity have no row: score 0, observer.

Beside the scores, ``person_decay`` keeps each person's decayed count per activity kind. So
:func:`recompute` has two ways:

- **rebuild** (a new date, a new half-life, other platform weights): the counts refilled by
  one grouped ``INSERT ... SELECT`` per slice of person ids over
  ``ix_activities_person_scoring``, then the scores from them;
- **rescore** (new weights or thresholds, same date and decay): ``person_scores`` refilled
  from the decayed counts kept in ``person_decay``, without reading the activity log.

:func:`keep_in_step` rescores one person when their activity changes; :func:`rescore_people`
many at once (an import, a sync page), in grouped statements over a temporary table of ids.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.orm import Session

from commdesk.domain import Activity, AppSetting, Person, PersonDecay, PersonScore
from commdesk.domain.engagement import EngagementLevel, decayed_column
from commdesk.domain.enums import ActivityKind
from commdesk.errors import CommDeskError
from commdesk.services.engagement.formulas import (
    DAY,
    decay,
    decay_expression,
    ensure_exp,
    epoch,
    level_expression,
    now,
    occurred,
    overridden,
    score_query,
)
from commdesk.services.engagement.settings import (
    ScoringSettings,
    load_settings,
    settings_in,
    to_json,
)
from commdesk.store import Store

__all__ = [
    "DAY",
    "decay",
    "epoch",
    "now",
    "recompute",
    "recompute_in",
    "rescore_people",
    "scored_at",
    "scores_of",
]

ProgressCallback = Callable[[float | None, str], bool]
SLICES = 16  # person-id slices of a recompute: progress steps and cancel points
# The decay the stored per-kind counts were summed with (app_settings key).
STATE_KEY = "scores_decay"
KIND_COLUMNS = [decayed_column(kind) for kind in ActivityKind]


class ScoringCancelled(CommDeskError):
    """A recompute was stopped; the previous scores are kept."""


@dataclass(frozen=True)
class Score:
    person_id: int
    score: float
    level: EngagementLevel
    last_activity_at: datetime | None


def _score_of(
    settings: ScoringSettings, columns: sa.ColumnCollection[str, Any]
) -> sa.ColumnElement[float]:
    """Σ weight(kind) × d_kind + d_overridden over a row holding the decayed counts."""
    total: sa.ColumnElement[float] = columns["d_overridden"]
    for kind in ActivityKind:
        total = total + sa.literal(settings.weights.get(kind, 0.0)) * columns[decayed_column(kind)]
    return total


def decay_statement(
    settings: ScoringSettings,
    as_of: datetime | sa.BindParameter[int],
    person_ids: sa.ColumnElement[bool] | None,
) -> sa.Insert:
    """INSERT INTO person_decay each person's decayed counts per kind as of ``as_of``, in one
    pass over the activity log grouped by person (the index's order). ``as_of`` may be a
    parameter holding the epoch second, for a statement built once and run many times."""
    at = as_of if isinstance(as_of, sa.BindParameter) else epoch(as_of)
    each = decay_expression(settings, at)
    special = overridden(settings)
    counts = []
    for kind in ActivityKind:
        plain = Activity.kind == kind
        if settings.platform_weights:
            plain = sa.and_(plain, sa.not_(special))
        counts.append(sa.func.sum(sa.case((plain, each), else_=0.0)))
    weighted: sa.ColumnElement[float] = sa.literal(0.0)
    if settings.platform_weights:
        whens = [
            (sa.and_(Activity.platform == p, Activity.kind == k), sa.literal(w) * each)
            for (p, k), w in settings.platform_weights.items()
        ]
        weighted = sa.func.sum(sa.case(*whens, else_=0.0))
    when = at if isinstance(at, sa.BindParameter) else sa.literal(at)
    # "+occurred_at": the time test cannot use an index, so SQLite looks each person up in the
    # scoring index, which holds every column read here, rather than in (person, time), which
    # would send it to the table for every row (40 % faster for a batch of 80 people).
    unindexed = sa.type_coerce(sa.literal_column("+activities.occurred_at"), sa.Integer)
    rows = sa.select(Activity.person_id, when, sa.func.max(occurred()), *counts, weighted).where(
        unindexed <= at
    )
    if person_ids is not None:
        rows = rows.where(person_ids)
    names = ["person_id", "scored_at", "last_at", *KIND_COLUMNS, "d_overridden"]
    return sa.insert(PersonDecay).from_select(names, rows.group_by(Activity.person_id))


def scores_statement(
    settings: ScoringSettings, person_ids: sa.ColumnElement[bool] | None
) -> sa.Insert:
    """INSERT INTO person_scores every score and level from the decayed counts (each as of
    its own date), without reading the activity log."""
    decayed = PersonDecay.__table__
    assert isinstance(decayed, sa.Table)
    summed = sa.select(
        decayed.c.person_id,
        _score_of(settings, decayed.c).label("score"),
        sa.type_coerce(decayed.c.last_at, sa.Integer).label("last"),
        decayed.c.scored_at,
    )
    if person_ids is not None:
        summed = summed.where(person_ids)
    # "LIMIT -1" (no limit) keeps SQLite from flattening the subquery, which would copy the
    # score's sum into every test of the level below: summed once, it is three times faster.
    inner = summed.limit(-1).subquery("summed")
    at = sa.type_coerce(inner.c.scored_at, sa.Integer)
    rows = sa.select(
        inner.c.person_id,
        inner.c.score,
        level_expression(settings, inner.c.score, inner.c["last"], at),
        inner.c.scored_at,
    )
    return sa.insert(PersonScore).from_select(["person_id", "score", "level", "scored_at"], rows)


def _decay_state(settings: ScoringSettings) -> str:
    return json.dumps(
        {
            "half_life_days": settings.half_life_days,
            "platform_weights": sorted(
                [p.value, k.value, w] for (p, k), w in settings.platform_weights.items()
            ),
        }
    )


def _slices(connection: Connection) -> list[tuple[int, int]]:
    low, high = connection.execute(sa.select(sa.func.min(Person.id), sa.func.max(Person.id))).one()
    if low is None:
        return []
    step = max(1, (int(high) - int(low) + SLICES) // SLICES)
    return [(start, start + step) for start in range(int(low), int(high) + 1, step)]


def recompute(
    store: Store,
    as_of: datetime | None = None,
    progress: ProgressCallback | None = None,
    settings: ScoringSettings | None = None,
) -> int:
    """Recompute every score and level with the stored settings (or ``settings``).

    With ``as_of`` None and the decayed counts summed with the same decay (half-life and
    platform weights), the scores are recomputed from those counts, each as of its own date;
    otherwise the counts are rebuilt from the activity log as of ``as_of`` (now by default).
    One transaction: a cancel (``progress`` returning False) raises :class:`ScoringCancelled`
    and keeps the previous scores. Returns the number of people scored."""
    settings = settings or load_settings(store)
    with store.begin() as connection:
        done = recompute_in(connection, as_of, progress, settings)
    if progress is not None:
        progress(1.0, "Scoring engagement")
    return done


def recompute_in(
    connection: Connection,
    as_of: datetime | None = None,
    progress: ProgressCallback | None = None,
    settings: ScoringSettings | None = None,
) -> int:
    """:func:`recompute` in the caller's transaction (the demo scores the world it wrote
    before it commits); ``progress`` is told the fraction done but not that it finished."""
    settings = settings or settings_in(connection)
    state = _decay_state(settings)
    done = 0
    ensure_exp(connection)
    stored = connection.execute(
        sa.select(AppSetting.value).where(AppSetting.key == STATE_KEY)
    ).scalar()
    filled = connection.execute(sa.select(PersonDecay.person_id).limit(1)).first()
    rebuild = as_of is not None or stored != state or filled is None
    moment = as_of or now()
    # Rewriting every row: cheaper without the score index, built again at the end.
    index = _score_index()
    index.drop(connection)
    connection.execute(sa.delete(PersonScore))
    if rebuild:
        connection.execute(sa.delete(PersonDecay))
    slices = _slices(connection)
    for n, (start, stop) in enumerate(slices):
        if progress is not None and not progress(n / len(slices), "Scoring engagement"):
            raise ScoringCancelled("Stopped; the previous scores are kept.")
        if rebuild:
            connection.execute(
                decay_statement(settings, moment, Activity.person_id.between(start, stop - 1))
            )
        result = connection.execute(
            scores_statement(settings, PersonDecay.person_id.between(start, stop - 1))
        )
        done += int(result.rowcount)
    index.create(connection)
    _save_state(connection, state)
    return done


def _score_index() -> sa.Index:
    table = PersonScore.__table__
    assert isinstance(table, sa.Table)
    return next(i for i in table.indexes if i.name == "ix_person_scores_score")


def _save_state(connection: Connection, state: str) -> None:
    connection.execute(sa.delete(AppSetting).where(AppSetting.key == STATE_KEY))
    connection.execute(sa.insert(AppSetting).values(key=STATE_KEY, value=state))


def scored_at(session: Session | Connection) -> datetime | None:
    """When the summary was last computed (the latest ``scored_at``), None if never."""
    value: datetime | None = session.execute(sa.select(sa.func.max(PersonScore.scored_at))).scalar()
    return value


def rescore_person(
    connection: Connection, person_id: int, settings: ScoringSettings, as_of: datetime
) -> None:
    """Refresh one person's row as of ``as_of``, in the caller's transaction."""
    ensure_exp(connection)
    connection.execute(sa.delete(PersonScore).where(PersonScore.person_id == person_id))
    connection.execute(sa.delete(PersonDecay).where(PersonDecay.person_id == person_id))
    connection.execute(decay_statement(settings, as_of, Activity.person_id == person_id))
    connection.execute(scores_statement(settings, PersonDecay.person_id == person_id))


# The people a batch rescores, gathered once so that every statement joins them by key.
_RESCORED = sa.table("commdesk_rescored", sa.column("person_id", sa.Integer))
_RESCORED_IDS = sa.select(_RESCORED.c.person_id)
_RESCORE_AT = sa.bindparam("rescore_at", type_=sa.Integer)
# The statements of a batch rescore for the last few settings: a sync rescores every page, and
# building these (a CASE per activity kind) took longer than running them.
_BATCH_STATEMENTS: dict[str, tuple[sa.Executable, ...]] = {}


def _batch_statements(settings: ScoringSettings) -> tuple[sa.Executable, ...]:
    key = to_json(settings)
    found = _BATCH_STATEMENTS.get(key)
    if found is None:
        if len(_BATCH_STATEMENTS) >= 4:
            _BATCH_STATEMENTS.clear()
        found = _BATCH_STATEMENTS[key] = (
            sa.delete(PersonScore).where(PersonScore.person_id.in_(_RESCORED_IDS)),
            sa.delete(PersonDecay).where(PersonDecay.person_id.in_(_RESCORED_IDS)),
            decay_statement(settings, _RESCORE_AT, Activity.person_id.in_(_RESCORED_IDS)),
            scores_statement(settings, PersonDecay.person_id.in_(_RESCORED_IDS)),
        )
    return found


def rescore_people(
    connection: Connection,
    people: sa.Select[Any] | Iterable[int],
    *,
    settings: ScoringSettings | None = None,
    as_of: datetime | None = None,
) -> int:
    """Refresh the rows of many people at once, in the caller's transaction, as
    :func:`keep_in_step` does for one: as of now, or as of the last recompute if later.

    ``people`` is a SELECT of person ids (e.g. the authors of the activities just inserted)
    or the ids themselves. They are gathered in a temporary table, so the work is the same
    four grouped statements for ten people or a hundred thousand. ``as_of`` is the moment
    to score them as of (see :func:`rescore_moment`) when the caller knows it already (a sync
    asks once, not at every page). Returns how many people were gathered."""
    settings = settings or settings_in(connection)
    moment = as_of or rescore_moment(scored_at(connection))
    # (Created in the transaction: a rollback, a dry run's, takes the table back too.)
    connection.exec_driver_sql(
        "CREATE TEMP TABLE IF NOT EXISTS commdesk_rescored (person_id INTEGER PRIMARY KEY)"
    )
    # Empty here: emptied after each use, and a rollback takes its rows back with the rest.
    if isinstance(people, sa.Select):
        insert = sa.insert(_RESCORED).from_select(["person_id"], people).prefix_with("OR IGNORE")
        gathered = int(connection.execute(insert).rowcount)
    else:
        rows = [(int(p),) for p in set(people)]
        gathered = len(rows)
        if rows:
            connection.exec_driver_sql(
                "INSERT INTO temp.commdesk_rescored (person_id) VALUES (?)", rows
            )
    if gathered:
        ensure_exp(connection)
        drop_scores, drop_decay, decayed, scored = _batch_statements(settings)
        connection.execute(drop_scores)
        connection.execute(drop_decay)
        connection.execute(decayed, {"rescore_at": epoch(moment)})
        connection.execute(scored)
        connection.exec_driver_sql("DELETE FROM temp.commdesk_rescored")
    return gathered


def rescore_moment(latest: datetime | None) -> datetime:
    """When a rescore scores as of: now, or the last recompute (``latest``) if that is later."""
    return now() if latest is None else max(latest, now())


def keep_in_step(session: Session, person_id: int) -> None:
    """Refresh one person's score after their activity changed, inside the session that
    changed it: as of now, or as of the last recompute if that is later. A level rises at
    once with the activity that earns it."""
    moment = rescore_moment(scored_at(session))
    rescore_person(session.connection(), person_id, settings_in(session), moment)


def scores_of(
    store: Store,
    person_ids: Sequence[int],
    as_of: datetime | None = None,
    settings: ScoringSettings | None = None,
) -> dict[int, Score]:
    """Scores computed live from the activity log (not the summary), for a few people, as of
    any date."""
    settings = settings or load_settings(store)
    as_of = as_of or now()
    found: dict[int, Score] = {}
    with store.engine.connect() as connection:
        ensure_exp(connection)
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
