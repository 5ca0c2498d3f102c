"""Community health and plan KPIs on the hand-built community (answers worked out by hand)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commdesk.domain import Kpi, Plan, PlanItem, PlanTargetCommunity, PlanTargetRole
from commdesk.domain.enums import ItemStatus, KpiMetric, Phase, StakeholderRole
from commdesk.errors import NotFoundError
from commdesk.services.engagement import community_health, plan_kpis, plan_phases
from commdesk.services.people import PeopleService
from commdesk.store import Store
from tests.unit.engagement_dataset import TODAY, T, build


@pytest.fixture
def ids(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    return build(store)


def test_community_health(store: Store, ids: tuple[dict[str, int], dict[str, int]]) -> None:
    health = {h.name: h for h in community_health(store, as_of=T)}
    a, b, c = health["A"], health["B"], health["C"]
    # A: Ann 11, Ben 1, Eve 1, Fay 13 (45 days ago), Hal 1 = 27; Fay + Ann = 24 >= 13.5.
    assert (a.active30, a.active90, a.absence_factor) == (4, 5, 2)
    # B: Gus 13 of 16 on his own.
    assert (b.active30, b.active90, b.absence_factor) == (4, 4, 1)
    # C: Eve 1, Hal 1 (Dee's posts are 180 days old).
    assert (c.active30, c.active90, c.absence_factor) == (2, 2, 1)
    # Joined in the last 30 days: Ann in A (10 days); Ben (5) and Gus (29) in B; Eve's
    # 30 days is one day too many.
    assert (a.new_members30, b.new_members30, c.new_members30) == (1, 2, 0)
    role = StakeholderRole
    # Fay has left A; Eve holds two roles and counts in each.
    assert a.mix[role.EMPLOYEE] == 1 and a.mix[role.CUSTOMER] == 1 and a.mix[role.OTHER] == 0
    assert b.mix[role.CUSTOMER] == 3 and sum(b.mix.values()) == 3
    assert c.mix[role.EMPLOYEE] == 1 and c.mix[role.PARTNER] == 2
    assert set(a.mix) == set(StakeholderRole)


def test_an_archived_member_leaves_the_mix_not_the_activity(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    people, communities = ids
    PeopleService(store).set_archived([people["Gus"]])
    (b,) = community_health(store, as_of=T, community_id=communities["B"])
    # B's customers were Ben, Cy and Gus; Gus's activity still happened.
    assert b.mix[StakeholderRole.CUSTOMER] == 2 and sum(b.mix.values()) == 2
    assert (b.active30, b.active90, b.absence_factor) == (4, 4, 1)


def test_health_of_one_community_and_of_a_quiet_one(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    (only,) = community_health(store, as_of=T, community_id=ids[1]["B"])
    assert (only.name, only.active90, only.absence_factor) == ("B", 4, 1)
    # Long before any activity: nobody active, nobody carrying it.
    early = {h.name: h for h in community_health(store, as_of=T - timedelta(days=500))}
    assert (early["A"].active90, early["A"].absence_factor) == (0, 0)


def add_plan(store: Store, communities: dict[str, int]) -> tuple[int, int]:
    with store.session() as session:
        plan = Plan(name="Grow A", starts_on=TODAY - timedelta(days=60))
        by_role = Plan(name="Customers")
        session.add_all([plan, by_role])
        session.flush()
        session.add(PlanTargetCommunity(plan_id=plan.id, community_id=communities["A"]))
        session.add(PlanTargetRole(plan_id=by_role.id, role=StakeholderRole.CUSTOMER))
        for metric, target in [
            (KpiMetric.ACTIVE_MEMBERS, 10),
            (KpiMetric.ACTIVITIES, 27),
            (KpiMetric.ACTIVITIES_PER_WEEK, 5),
            (KpiMetric.NEW_MEMBERS, 3),
            (KpiMetric.EVENT_ATTENDANCE, 2),
            (KpiMetric.CUSTOM, 40),
        ]:
            session.add(Kpi(plan_id=plan.id, metric=metric, target_value=target))
        session.add(Kpi(plan_id=by_role.id, metric=KpiMetric.ACTIVE_MEMBERS, target_value=2))
        items = [
            (Phase.INTERNAL, ItemStatus.DONE, -3),
            (Phase.INTERNAL, ItemStatus.PLANNED, -1),  # overdue
            (Phase.EXTERNAL, ItemStatus.IN_PROGRESS, 5),  # due later
            (Phase.EXTERNAL, ItemStatus.CANCELLED, -10),  # cancelled: never overdue
            (Phase.GROW, ItemStatus.IDEA, None),
        ]
        for position, (phase, status, due) in enumerate(items):
            session.add(
                PlanItem(
                    plan_id=plan.id,
                    phase=phase,
                    title=f"item {position}",
                    status=status,
                    due_on=None if due is None else TODAY + timedelta(days=due),
                    position=position,
                )
            )
        return plan.id, by_role.id


def test_plan_kpis_measured_from_activity(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    plan, by_role = add_plan(store, ids[1])
    measured = {k.metric: k for k in plan_kpis(store, plan, as_of=T)}
    # Active in A in the last 30 days: Ann, Ben, Eve, Hal.
    assert measured[KpiMetric.ACTIVE_MEMBERS].value == 4
    # In A since the plan started 60 days ago: 11 + 1 + 1 + 13 + 1.
    assert measured[KpiMetric.ACTIVITIES].value == 27
    assert measured[KpiMetric.ACTIVITIES].met is True
    # In A in the last 28 days: 14 activities, over 4 weeks.
    assert measured[KpiMetric.ACTIVITIES_PER_WEEK].value == 3.5
    assert measured[KpiMetric.ACTIVITIES_PER_WEEK].fraction == pytest.approx(0.7)
    # Joined A since the start: Ann only (Ben 100 days ago, Fay 200).
    assert measured[KpiMetric.NEW_MEMBERS].value == 1
    assert measured[KpiMetric.EVENT_ATTENDANCE].value == 0
    assert measured[KpiMetric.CUSTOM].value is None
    assert measured[KpiMetric.CUSTOM].met is None
    assert measured[KpiMetric.ACTIVE_MEMBERS].label == "Active members"
    # Customers active anywhere in the last 30 days: Ben, Cy, Gus.
    (customers,) = plan_kpis(store, by_role, as_of=T)
    assert customers.value == 3
    with pytest.raises(NotFoundError):
        plan_kpis(store, 999, as_of=T)


def test_plan_phases_with_overdue_items(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    plan, _ = add_plan(store, ids[1])
    phases = plan_phases(store, plan, as_of=T)
    assert [p.progress.phase for p in phases] == list(Phase)
    internal, external, harmonise, grow = phases
    assert (internal.progress.total, internal.progress.done, internal.overdue) == (2, 1, 1)
    assert (external.progress.total, external.progress.open, external.overdue) == (2, 1, 0)
    assert (harmonise.progress.total, harmonise.overdue) == (0, 0)
    assert (grow.progress.total, grow.progress.open, grow.overdue) == (1, 1, 0)
