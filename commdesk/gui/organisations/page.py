"""The Organisations section: the table, and beside it the organisation selected."""

from __future__ import annotations

from PySide6.QtCore import QItemSelection, Signal, Slot
from PySide6.QtWidgets import QWidget

from commdesk.gui.communities.fields import add_detail_pane, install_record_shortcuts
from commdesk.gui.context import AppContext
from commdesk.gui.organisations.detail import OrganisationDetail
from commdesk.gui.tablemodel import IdRole, SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings

SPLITTER_KEY = "organisations/splitter"


class OrganisationsTableModel(SqlPagedTableModel):
    spec = listings.ORGANISATIONS
    NAME, KIND, PEOPLE, DOMAINS, WEBSITE = range(5)


TEXTS = TableTexts(
    title="Organisations",
    singular="organisation",
    plural="organisations",
    empty=(
        "<p><b>No organisations yet.</b></p>"
        "<p>The companies, non-profits, public bodies and schools your people belong to will "
        "be listed here, with how many of your people are with each and the email domains "
        "that identify them.</p>"
        "<p>Create the first with <b>New organisation</b> (Ctrl+N).</p>"
    ),
    filter_hint="Filter by name or website",
    icon=":/icons/organisations.svg",
    column_widths=(30, 14, 10, 28),
)


class OrganisationsPage(TablePage):
    model: OrganisationsTableModel

    # Someone asked to see a person of the selected organisation (the main window may show
    # them in the People section).
    personRequested = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            OrganisationsTableModel(context.tables, tasks=context.tasks), TEXTS, parent
        )
        self.context = context
        self.detail = OrganisationDetail(context, self)
        self.splitter = add_detail_pane(self, self.detail, SPLITTER_KEY)
        self.detail.personRequested.connect(self.personRequested)
        install_record_shortcuts(self, self.detail.new, self.detail.delete)

    def attach(self) -> None:
        first = not self._attached
        super().attach()
        if first:
            self.ui.tableView.selectionModel().selectionChanged.connect(self._selected)
            if self.detail.organisation_id is None:
                self.select_first_row()

    @Slot(QItemSelection, QItemSelection)
    def _selected(self, *_args: object) -> None:
        selection = self.ui.tableView.selectionModel()
        rows = selection.selectedRows()
        if not rows:
            return  # a refresh clears the selection; the pane keeps its organisation
        current = selection.currentIndex()
        row = (
            current.row()
            if current.isValid() and selection.isRowSelected(current.row())
            else rows[0].row()
        )
        organisation = self.model.index(row, 0).data(IdRole)
        if (
            organisation is not None
            and organisation != self.detail.organisation_id
            and self.detail.confirm_leave()
        ):
            self.detail.show_organisation(int(organisation))

    def select_organisation(self, organisation_id: int) -> None:
        self.detail.show_organisation(organisation_id)

    show_record = select_organisation
