"""The Plans table: the items of every engagement plan, phase by phase."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


class PlanItemsTableModel(SqlPagedTableModel):
    spec = listings.PLAN_ITEMS
    TITLE, PLAN, PHASE, STATUS, KIND, DUE, OWNER, COMMUNITY = range(8)


TEXTS = TableTexts(
    title="Plans",
    singular="plan item",
    plural="plan items",
    empty=(
        "<p><b>No plan items yet.</b></p>"
        "<p>The items of your engagement plans will be listed here, in the four phases of "
        "community work — internal, external, harmonise, grow — with their status, due "
        "date, owner and community.</p>"
    ),
    filter_hint="Filter by item, plan, owner or community",
    icon=":/icons/plans.svg",
    column_widths=(30, 22, 10, 11, 10, 14, 18),
)


class PlansPage(TablePage):
    model: PlanItemsTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(PlanItemsTableModel(context.tables), TEXTS, parent)
        self.context = context
