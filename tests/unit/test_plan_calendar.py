"""The content calendar's core: month grids, weeks, and one plan's items by due date."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest

from commdesk.domain.enums import ItemStatus, Phase
from commdesk.services.calendar import (
    PlanCalendar,
    month_grid,
    shift_month,
    week_days,
    week_start,
)
from commdesk.services.listings.plan_items import PLAN_ITEMS, PLANS
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import PersonDraft, PlanDraft, PlanItemDraft
from commdesk.services.tables import TableService
from commdesk.store import Store


@pytest.mark.parametrize(
    ("year", "month", "first", "last"),
    [
        (2026, 11, date(2026, 10, 26), date(2026, 12, 6)),  # 1st a Sunday: six weeks
        (2027, 2, date(2027, 2, 1), date(2027, 2, 28)),  # exactly four weeks
        (2024, 2, date(2024, 1, 29), date(2024, 3, 3)),  # leap year
        (2026, 12, date(2026, 11, 30), date(2027, 1, 3)),  # across the year
    ],
)
def test_month_grid_is_whole_weeks_from_monday(
    year: int, month: int, first: date, last: date
) -> None:
    days = month_grid(year, month)
    assert (days[0], days[-1]) == (first, last)
    assert len(days) % 7 == 0
    assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(days))
    assert days[0].weekday() == 0


def test_weeks_and_months() -> None:
    assert week_start(date(2026, 11, 26)) == date(2026, 11, 23)
    assert week_days(date(2026, 11, 23))[-1] == date(2026, 11, 29)
    assert shift_month(date(2026, 12, 15), 1) == date(2027, 1, 1)
    assert shift_month(date(2027, 1, 31), -1) == date(2026, 12, 1)
    assert shift_month(date(2026, 5, 5), -17) == date(2024, 12, 1)


@pytest.fixture
def plan(store: Store) -> int:
    plans = PlanService(store)
    owner = PeopleService(store).create(PersonDraft("Olga"))
    plan_id = plans.create(PlanDraft("Calendar"))
    for title, phase, due in (
        ("Newsletter", Phase.EXTERNAL, date(2027, 3, 3)),
        ("All-hands talk", Phase.INTERNAL, date(2027, 3, 3)),
        ("Survey", Phase.GROW, date(2027, 3, 31)),
        ("Undated", Phase.INTERNAL, None),
        ("Too late", Phase.GROW, date(2027, 4, 1)),
    ):
        plans.add_item(plan_id, PlanItemDraft(title, phase=phase, due_on=due, owner_id=owner))
    other = plans.create(PlanDraft("Other"))
    plans.add_item(other, PlanItemDraft("Not this plan", due_on=date(2027, 3, 3)))
    return plan_id


def test_due_between_groups_one_plans_items_by_day(store: Store, plan: int) -> None:
    days = PlanCalendar(store).due_between(plan, date(2027, 3, 1), date(2027, 3, 31))
    assert {d: [c.title for c in cards] for d, cards in days.items()} == {
        date(2027, 3, 3): ["All-hands talk", "Newsletter"],
        date(2027, 3, 31): ["Survey"],
    }
    assert days[date(2027, 3, 31)][0].owner == "Olga"


def test_cards_are_in_board_order(store: Store, plan: int) -> None:
    cards = PlanCalendar(store).cards(plan)
    assert [(c.phase, c.title) for c in cards] == [
        (Phase.INTERNAL, "All-hands talk"),
        (Phase.INTERNAL, "Undated"),
        (Phase.EXTERNAL, "Newsletter"),
        (Phase.GROW, "Survey"),
        (Phase.GROW, "Too late"),
    ]
    assert all(c.status is ItemStatus.PLANNED for c in cards)


def test_nearest_due(store: Store, plan: int) -> None:
    calendar = PlanCalendar(store)
    assert calendar.nearest_due(plan, date(2026, 1, 1)) == date(2027, 3, 3)
    assert calendar.nearest_due(plan, date(2027, 3, 30)) == date(2027, 3, 31)
    empty = PlanService(store).create(PlanDraft("Empty"))
    assert calendar.nearest_due(empty, date(2027, 3, 30)) is None


def test_named_filters_of_the_plan_items_table(store: Store, plan: int) -> None:
    tables = TableService(store)

    def titles(**filters: object) -> list[str]:
        rows = tables.page(PLAN_ITEMS, filters={"plan": plan, **filters})
        return sorted(r[1 + PLAN_ITEMS.index("title")] for r in rows)

    assert len(titles()) == 5
    assert titles(phase=Phase.GROW) == ["Survey", "Too late"]
    assert titles(status="planned", phase="internal") == ["All-hands talk", "Undated"]
    assert titles(due_after="2027-03-04") == ["Survey", "Too late"]
    assert titles(due_before=date(2027, 3, 3)) == ["All-hands talk", "Newsletter"]
    assert titles(owner=999) == []
    assert tables.count(PLAN_ITEMS, filters={"department": "Nowhere"}) == 0


def test_the_plans_list(store: Store, plan: int) -> None:
    rows = TableService(store).page(PLANS)
    assert [(r[1], r[5]) for r in rows] == [("Calendar", 5), ("Other", 1)]
