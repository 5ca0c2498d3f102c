"""The plan items table (every item of every plan, in board order by default; the Plans
section narrows it to one plan with the "plan" filter), and the list of plans itself."""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa

from commdesk.domain import Community, Person, Plan, PlanItem
from commdesk.domain.enums import ItemStatus, Phase, PlanStatus
from commdesk.services.tables import (
    ColumnKind,
    TableColumn,
    TableSpec,
    counted,
    enum_order,
    words_in_any,
)

_item_owner = Person.__table__.alias("item_owner")


def _day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _due(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[bool]:
    # Items without a due date are outside any due range.
    return sa.and_(PlanItem.due_on.is_not(None), condition)


_phase_order = enum_order(PlanItem.phase, list(Phase))

PLAN_ITEMS = TableSpec(
    key="plan_items",
    source=PlanItem.__table__.join(Plan.__table__, PlanItem.plan_id == Plan.id)
    .outerjoin(Community.__table__, PlanItem.community_id == Community.id)
    .outerjoin(_item_owner, PlanItem.owner_id == _item_owner.c.id),
    row_id=PlanItem.id,
    matching=words_in_any(PlanItem.title, Plan.name, Community.name, _item_owner.c.name),
    default_sort="phase",
    filters={
        "plan": lambda plan_id: PlanItem.plan_id == int(plan_id),
        "phase": lambda phase: PlanItem.phase == Phase(phase).value,
        "status": lambda status: PlanItem.status == ItemStatus(status).value,
        "owner": lambda person_id: PlanItem.owner_id == int(person_id),
        "department": lambda name: PlanItem.department == str(name),
        "due_before": lambda day: _due(PlanItem.due_on <= _day(day)),
        "due_after": lambda day: _due(PlanItem.due_on >= _day(day)),
    },
    columns=(
        TableColumn("title", "Item", PlanItem.title),
        TableColumn(
            "plan", "Plan", Plan.name, sort_by=(Plan.name, _phase_order, PlanItem.position)
        ),
        TableColumn(
            "phase",
            "Phase",
            PlanItem.phase,
            kind=ColumnKind.ENUM,
            sort_by=(_phase_order, Plan.name, PlanItem.position),
        ),
        TableColumn(
            "status",
            "Status",
            PlanItem.status,
            kind=ColumnKind.ENUM,
            sort_by=(enum_order(PlanItem.status, list(ItemStatus)),),
        ),
        TableColumn("kind", "Kind", PlanItem.kind, kind=ColumnKind.ENUM),
        TableColumn(
            "due",
            "Due",
            PlanItem.due_on,
            kind=ColumnKind.DATE,
            # Undated items after the dated ones.
            sort_by=(PlanItem.due_on.is_(None), PlanItem.due_on),
        ),
        TableColumn("owner", "Owner", _item_owner.c.name),
        TableColumn("community", "Community", Community.name),
    ),
)


# The plans themselves, for the list the Plans section opens them from.
PLANS = TableSpec(
    key="plans",
    source=Plan.__table__,
    row_id=Plan.id,
    matching=words_in_any(Plan.name, Plan.objective),
    default_sort="name",
    filters={"status": lambda status: Plan.status == PlanStatus(status).value},
    columns=(
        TableColumn("name", "Plan", Plan.name),
        TableColumn(
            "status",
            "Status",
            Plan.status,
            kind=ColumnKind.ENUM,
            sort_by=(enum_order(Plan.status, list(PlanStatus)), Plan.name),
        ),
        TableColumn(
            "starts", "Starts", Plan.starts_on, kind=ColumnKind.DATE,
            sort_by=(Plan.starts_on.is_(None), Plan.starts_on),
        ),
        TableColumn(
            "ends", "Ends", Plan.ends_on, kind=ColumnKind.DATE,
            sort_by=(Plan.ends_on.is_(None), Plan.ends_on),
        ),
        TableColumn(
            "items", "Items", counted(PlanItem.plan_id == Plan.id), kind=ColumnKind.NUMBER
        ),
    ),
)  # fmt: skip
