"""The Communities table."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


class CommunitiesTableModel(SqlPagedTableModel):
    spec = listings.COMMUNITIES
    NAME, SCOPE, MEMBERS, PLATFORMS, OWNER, PURPOSE = range(6)


TEXTS = TableTexts(
    title="Communities",
    singular="community",
    plural="communities",
    empty=(
        "<p><b>No communities yet.</b></p>"
        "<p>The communities you look after — internal networks, customer forums, user "
        "groups, partner circles — will be listed here with the platforms they live on, "
        "their owner and how many members they have.</p>"
    ),
    filter_hint="Filter by name, purpose or owner",
    icon=":/icons/communities.svg",
    column_widths=(28, 10, 10, 22, 22),
)


class CommunitiesPage(TablePage):
    model: CommunitiesTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(CommunitiesTableModel(context.tables), TEXTS, parent)
        self.context = context
