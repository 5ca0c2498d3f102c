"""A plan's KPIs measured from the activity log, and its progress phase by phase.

A plan's scope is its target communities (every community when it names none) and its target
stakeholder roles (everyone when it names none). Its period runs from ``starts_on`` (the
beginning of the log when unset) to ``as_of``. Each measurable KPI counts, in that scope:

- active members: distinct people with an activity in the last 30 days;
- new members: memberships that started within the period;
- activities: activities within the period;
- activities per week: activities in the last 28 days ÷ 4;
- event attendance: event-attendance activities within the period.

``custom`` KPIs are not measured (their value is None).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from commdesk.domain import Kpi, Plan, PlanItem
from commdesk.domain.enums import ActivityKind, ItemStatus, KpiMetric, Phase
from commdesk.errors import NotFoundError
from commdesk.services.engagement.counts import (
    Scope,
    count_active_people,
    count_activities,
    count_joins,
)
from commdesk.services.engagement.scores import now
from commdesk.services.overview import PhaseProgress
from commdesk.store import Store


@dataclass(frozen=True)
class KpiProgress:
    kpi_id: int
    label: str
    metric: KpiMetric
    target: float
    value: float | None  # None for a KPI that cannot be measured (custom)
    due_on: date | None

    @property
    def fraction(self) -> float | None:
        """How far along the target the value is (may pass 1)."""
        if self.value is None:
            return None
        return self.value / self.target if self.target else 1.0

    @property
    def met(self) -> bool | None:
        return None if self.value is None else self.value >= self.target


@dataclass(frozen=True)
class PhaseStatus:
    """One phase of a plan: its items by status, and how many of the open ones are overdue."""

    progress: PhaseProgress
    overdue: int


def _scope(plan: Plan) -> Scope:
    return Scope(
        communities=tuple(t.community_id for t in plan.target_communities),
        roles=tuple(t.role for t in plan.target_roles),
    )


def _moment(day: date) -> datetime:
    """The start of a day, in UTC like every stored time."""
    return datetime.combine(day, time.min, tzinfo=UTC)


def _seconds(moment: datetime) -> int:
    """A time as stored (whole epoch seconds, as the column type binds it)."""
    return int(moment.timestamp())


def plan_kpis(store: Store, plan_id: int, *, as_of: datetime | None = None) -> list[KpiProgress]:
    """Every KPI of the plan with its measured value, in the plan's order.

    Counts come from the summaries, distinct active members from the activity log (see
    :mod:`commdesk.services.engagement.counts`)."""
    as_of = as_of or now()
    end = _seconds(as_of)
    with store.read() as session:
        plan = session.get(Plan, plan_id)
        if plan is None:
            raise NotFoundError(f"No plan with id {plan_id}.")
        scope = _scope(plan)
        start = _seconds(_moment(plan.starts_on)) if plan.starts_on else None
        result = []
        for kpi in plan.kpis:
            value: float | None
            if kpi.metric is KpiMetric.ACTIVE_MEMBERS:
                since = _seconds(as_of - timedelta(days=30))
                value = float(count_active_people(session, scope, since, end))
            elif kpi.metric is KpiMetric.ACTIVITIES_PER_WEEK:
                since = _seconds(as_of - timedelta(days=28))
                value = count_activities(session, scope, since + 1, end) / 4
            elif kpi.metric is KpiMetric.ACTIVITIES:
                value = float(count_activities(session, scope, start, end))
            elif kpi.metric is KpiMetric.EVENT_ATTENDANCE:
                value = float(
                    count_activities(session, scope, start, end, ActivityKind.EVENT_ATTENDANCE)
                )
            elif kpi.metric is KpiMetric.NEW_MEMBERS:
                value = float(
                    count_joins(
                        session, scope.communities, scope.roles, plan.starts_on, as_of.date()
                    )
                )
            else:
                value = None
            result.append(_progress(kpi, value))
        return result


def _progress(kpi: Kpi, value: float | None) -> KpiProgress:
    return KpiProgress(
        kpi_id=kpi.id,
        label=kpi.label or kpi.metric.label,
        metric=kpi.metric,
        target=kpi.target_value,
        value=value,
        due_on=kpi.due_on,
    )


def plan_phases(store: Store, plan_id: int, *, as_of: datetime | None = None) -> list[PhaseStatus]:
    """Every phase of the plan in order: its items by status, and the open items (neither
    done nor cancelled) whose due date has passed by ``as_of``."""
    today = (as_of or now()).date()
    by_status = (
        sa.select(PlanItem.phase, PlanItem.status, sa.func.count())
        .where(PlanItem.plan_id == plan_id)
        .group_by(PlanItem.phase, PlanItem.status)
    )
    overdue = (
        sa.select(PlanItem.phase, sa.func.count())
        .where(
            PlanItem.plan_id == plan_id,
            PlanItem.due_on < today,
            PlanItem.status.not_in([ItemStatus.DONE, ItemStatus.CANCELLED]),
        )
        .group_by(PlanItem.phase)
    )
    counts: dict[Phase, dict[ItemStatus, int]] = {p: dict.fromkeys(ItemStatus, 0) for p in Phase}
    with store.read() as session:
        if session.get(Plan, plan_id) is None:
            raise NotFoundError(f"No plan with id {plan_id}.")
        for phase, status, n in session.execute(by_status):
            counts[phase][status] = int(n)
        late = {phase: int(n) for phase, n in session.execute(overdue)}
    return [PhaseStatus(PhaseProgress(p, counts[p]), late.get(p, 0)) for p in Phase]
