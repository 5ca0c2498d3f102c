"""The plan items table: every item of every plan, in board order by default."""

from __future__ import annotations

from commdesk.domain import Community, Person, Plan, PlanItem
from commdesk.domain.enums import ItemStatus, Phase
from commdesk.services.tables import ColumnKind, TableColumn, TableSpec, enum_order, words_in_any

_item_owner = Person.__table__.alias("item_owner")
_phase_order = enum_order(PlanItem.phase, list(Phase))

PLAN_ITEMS = TableSpec(
    key="plan_items",
    source=PlanItem.__table__.join(Plan.__table__, PlanItem.plan_id == Plan.id)
    .outerjoin(Community.__table__, PlanItem.community_id == Community.id)
    .outerjoin(_item_owner, PlanItem.owner_id == _item_owner.c.id),
    row_id=PlanItem.id,
    matching=words_in_any(PlanItem.title, Plan.name, Community.name, _item_owner.c.name),
    default_sort="phase",
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
