"""The Communities section: the table, and beside it the pane of the community selected."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Slot
from PySide6.QtWidgets import QWidget

from commdesk.gui.communities.detail import CommunityDetail
from commdesk.gui.communities.fields import add_detail_pane, install_record_shortcuts
from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import IdRole, SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings

SPLITTER_KEY = "communities/splitter"


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
        "<p>Create the first with <b>New community</b> (Ctrl+N).</p>"
    ),
    filter_hint="Filter by name, purpose or owner",
    icon=":/icons/communities.svg",
    column_widths=(28, 10, 10, 22, 22),
)


class CommunitiesPage(TablePage):
    model: CommunitiesTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(CommunitiesTableModel(context.tables, tasks=context.tasks), TEXTS, parent)
        self.context = context
        self.detail = CommunityDetail(context, self)
        self.splitter = add_detail_pane(self, self.detail, SPLITTER_KEY)
        install_record_shortcuts(self, self.detail.new, self.detail.delete)

    def attach(self) -> None:
        first = not self._attached
        super().attach()
        if first:
            self.ui.tableView.selectionModel().selectionChanged.connect(self._selected)
            if self.detail.community_id is None:
                self.select_first_row()

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, *_args: object) -> None:
        view = self.ui.tableView
        current = view.selectionModel().currentIndex()
        rows = view.selectionModel().selectedRows()
        if not rows:
            return  # a refresh clears the selection; the pane keeps its community
        row = (
            current.row()
            if current.isValid() and view.selectionModel().isRowSelected(current.row())
            else rows[0].row()
        )
        community = self.model.index(row, 0).data(IdRole)
        if (
            community is not None
            and community != self.detail.community_id
            and self.detail.confirm_leave()
        ):
            self.detail.show_community(int(community))

    def select_community(self, community_id: int) -> None:
        """Show a community in the pane (from a search, say)."""
        self.detail.show_community(community_id)

    show_record = select_community
