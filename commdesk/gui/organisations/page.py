"""The Organisations table."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


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
    ),
    filter_hint="Filter by name or website",
    icon=":/icons/organisations.svg",
    column_widths=(30, 14, 10, 28),
)


class OrganisationsPage(TablePage):
    model: OrganisationsTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(OrganisationsTableModel(context.tables), TEXTS, parent)
        self.context = context
