"""The measured value of each KPI of a plan, for the export's summary sheet.

Measured over the plan's target communities (all communities when it names none), from the
plan's start (or the beginning) to its end or today, whichever comes first. When an
engagement service measures KPIs for the screens too, :func:`measure_kpis` is the one place
to call it instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from commdesk.domain import Activity, Membership
from commdesk.domain.enums import ActivityKind, KpiMetric
from commdesk.services.records import PlanRecord
from commdesk.store import Store


@dataclass(frozen=True)
class KpiLine:
    metric: KpiMetric
    label: str | None
    target: float
    due_on: date | None
    measured: float | None  # None: not measurable (custom KPIs)


def measure_kpis(store: Store, plan: PlanRecord, today: date) -> Iterator[KpiLine]:
    end = min(plan.ends_on, today) if plan.ends_on else today
    start = plan.starts_on
    for kpi in plan.kpis:
        metric = KpiMetric(kpi.metric)
        measured = _measure(store, metric, plan.target_community_ids, start, end)
        yield KpiLine(metric, kpi.label, float(kpi.target_value), kpi.due_on, measured)


def _measure(
    store: Store, metric: KpiMetric, communities: tuple[int, ...], start: date | None, end: date
) -> float | None:
    if metric is KpiMetric.CUSTOM:
        return None
    if metric is KpiMetric.NEW_MEMBERS:
        joined = [Membership.joined_on <= end]
        if start is not None:
            joined.append(Membership.joined_on >= start)
        if communities:
            joined.append(Membership.community_id.in_(communities))
        return _scalar(store, sa.select(sa.func.count()).where(*joined))
    window = [Activity.occurred_at < datetime.combine(end + timedelta(days=1), time(), UTC)]
    if start is not None:
        window.append(Activity.occurred_at >= datetime.combine(start, time(), UTC))
    if communities:
        window.append(Activity.community_id.in_(communities))
    if metric is KpiMetric.ACTIVE_MEMBERS:
        query = sa.select(sa.func.count(sa.distinct(Activity.person_id))).where(*window)
    elif metric is KpiMetric.EVENT_ATTENDANCE:
        query = sa.select(sa.func.count()).where(
            *window, Activity.kind == ActivityKind.EVENT_ATTENDANCE
        )
    else:
        query = sa.select(sa.func.count()).where(*window)
    count = _scalar(store, query)
    if metric is KpiMetric.ACTIVITIES_PER_WEEK:
        if start is None:
            return None  # no start, no number of weeks to divide by
        weeks = max((end - start).days + 1, 1) / 7
        return round(count / weeks, 2)
    return count


def _scalar(store: Store, query: sa.Select[Any]) -> float:
    with store.read() as session:
        return float(session.execute(query).scalar_one() or 0)
