"""The Overview's rankings, saved until the data behind them changes.

Ranking a million people takes seconds (the whole activity window is read); the answer only
changes when activity, memberships, roles, people or communities do, or the scores or their
settings. Triggers (migration 0009) forget every saved answer on any such change and count
it in ``data_generations``; the scores' time and a digest of the settings are kept beside
each answer. An answer measured "now" (a range that runs to today or later) holds for the
rest of that day; one for a range that has ended holds until the data changes.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from commdesk.domain import DataGeneration, SavedRankings
from commdesk.services.dashboard.query import DashboardQuery
from commdesk.services.engagement import Bridge, Ranked, ScoringSettings, Slipping
from commdesk.services.engagement.scores import epoch, scored_at
from commdesk.store import Store

DAY = 86400


def generation(session: Session) -> int:
    """How many times the ranked data has changed (the triggers count it)."""
    value = session.scalar(sa.select(DataGeneration.n).where(DataGeneration.name == "rankings"))
    return int(value or 0)


def stamp(session: Session, settings: ScoringSettings) -> str:
    """The scores' time and the settings' digest: an answer holds only while both do."""
    scored = scored_at(session)
    digest = hashlib.sha256(repr(settings).encode()).hexdigest()[:16]
    return f"{epoch(scored) if scored else 0}|{digest}"


def _key(query: DashboardQuery) -> dict[str, Any]:
    return {
        "role": query.role.value if query.role is not None else "",
        "community_id": query.community_id or 0,
        "range_end": query.after_last_second,
    }


def load(
    store: Store, query: DashboardQuery, settings: ScoringSettings, moment: datetime
) -> tuple[dict[str, Any], int] | None:
    """The saved answer for ``query`` measured at ``moment`` (as JSON-ready values) and the
    generation it was measured at, None when there is none or it no longer holds."""
    with store.read() as session:
        row = session.get(SavedRankings, _key(query))
        if row is None or row.stamp != stamp(session, settings):
            return None
        if row.generation != generation(session):
            return None
    wanted = epoch(moment)
    if row.as_of != wanted:
        # Measured "now" earlier: still good on the same local day.
        day = (wanted + query.utc_offset) // DAY
        if wanted >= row.range_end or (row.as_of + query.utc_offset) // DAY != day:
            return None
    return json.loads(row.payload), row.as_of


def save(
    store: Store,
    query: DashboardQuery,
    *,
    settings: ScoringSettings,
    measured_at: int,
    seen: int,
    values: dict[str, Any],
) -> bool:
    """Keep an answer measured when the generation was ``seen``; False (and nothing kept)
    when the data changed meanwhile."""
    with store.session() as session:
        if generation(session) != seen:
            return False
        current = stamp(session, settings)
        # Answers of older scores or settings can never be used again.
        session.execute(sa.delete(SavedRankings).where(SavedRankings.stamp != current))
        session.merge(
            SavedRankings(
                **_key(query),
                stamp=current,
                as_of=measured_at,
                generation=seen,
                payload=json.dumps(values),
            )
        )
    return True


def to_values(
    influencers: list[Ranked], bridges: list[Bridge], slipping: list[Slipping]
) -> dict[str, Any]:
    return {
        "influencers": [asdict(r) for r in influencers],
        "bridges": [asdict(b) for b in bridges],
        "slipping": [asdict(s) for s in slipping],
    }


def from_values(
    values: dict[str, Any],
) -> tuple[list[Ranked], list[Bridge], list[Slipping]]:
    bridges = [
        Bridge(**{**b, "communities": [(int(i), str(n)) for i, n in b["communities"]]})
        for b in values["bridges"]
    ]
    return (
        [Ranked(**r) for r in values["influencers"]],
        bridges,
        [Slipping(**s) for s in values["slipping"]],
    )


def as_datetime(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)
