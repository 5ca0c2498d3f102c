"""The people the Overview names: top influencers, bridges between communities and people
slipping away (measured by :mod:`commdesk.services.engagement`), and each plan's KPIs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa

from commdesk.domain import Activity, Plan
from commdesk.domain.enums import PlanStatus
from commdesk.services import engagement
from commdesk.services.dashboard import saved
from commdesk.services.dashboard.query import DashboardQuery
from commdesk.services.engagement import (
    Bridge,
    KpiProgress,
    Ranked,
    ScoringSettings,
    Slipping,
)
from commdesk.services.engagement.rankings import active_sets
from commdesk.services.engagement.scores import epoch, scored_at
from commdesk.store import Store

TOP = 10  # people per ranking


@dataclass(frozen=True)
class PeopleRankings:
    influencers: tuple[Ranked, ...]
    bridges: tuple[Bridge, ...]
    slipping: tuple[Slipping, ...]
    as_of: datetime


@dataclass(frozen=True)
class PlanKpi:
    plan: str
    progress: KpiProgress


def as_of(query: DashboardQuery, now: datetime | None = None) -> datetime:
    """The end of the range, or now if the range runs into the future."""
    end = datetime.fromtimestamp(query.after_last_second, UTC)
    current = now or datetime.now(UTC).replace(microsecond=0)
    return min(end, current)


def needs_scores(store: Store) -> bool:
    """True when there is activity but the score summary was never computed."""
    with store.read() as session:
        if scored_at(session) is not None:
            return False
        return session.execute(sa.select(Activity.id).limit(1)).first() is not None


def saved_rankings(
    store: Store, query: DashboardQuery, settings: ScoringSettings | None = None
) -> PeopleRankings | None:
    """The rankings saved for ``query`` (see :mod:`.saved`) if they still hold, else None."""
    settings = settings or engagement.load_settings(store)
    found = saved.load(store, query, settings, as_of(query))
    if found is None:
        return None
    values, measured = found
    influencers, bridges, slipping = saved.from_values(values)
    return PeopleRankings(
        tuple(influencers), tuple(bridges), tuple(slipping), saved.as_datetime(measured)
    )


def rankings(store: Store, query: DashboardQuery, limit: int = TOP) -> PeopleRankings:
    """The saved rankings for ``query``, or measured now (seconds at a million people) and
    saved for the next time."""
    settings = engagement.load_settings(store)
    found = saved_rankings(store, query, settings)
    if found is not None:
        return found
    moment = as_of(query)
    with store.read() as session:
        seen = saved.generation(session)
    sets = active_sets(store, moment, settings)  # one scan for both reach and bridges
    influencers = engagement.influencers(
        store,
        as_of=moment,
        limit=limit,
        role=query.role,
        community_id=query.community_id,
        settings=settings,
        sets=sets,
    )
    bridges = engagement.bridges(store, as_of=moment, limit=limit, settings=settings, sets=sets)
    slipping = engagement.slipping(store, as_of=moment, limit=limit)
    values = saved.to_values(influencers, bridges, slipping)
    saved.save(store, query, settings=settings, measured_at=epoch(moment), seen=seen, values=values)
    return PeopleRankings(tuple(influencers), tuple(bridges), tuple(slipping), moment)


def plan_kpis(store: Store, query: DashboardQuery) -> tuple[PlanKpi, ...]:
    """The KPIs of every plan not archived, plan by plan in name order."""
    plans = (
        sa.select(Plan.id, Plan.name)
        .where(Plan.status.is_not(PlanStatus.ARCHIVED))
        .order_by(Plan.name)
    )
    with store.read() as session:
        listed = [(int(i), str(n)) for i, n in session.execute(plans)]
    moment = as_of(query)
    return tuple(
        PlanKpi(name, progress)
        for plan_id, name in listed
        for progress in engagement.plan_kpis(store, plan_id, as_of=moment)
    )
