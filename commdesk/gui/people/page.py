"""The People table."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


class PeopleTableModel(SqlPagedTableModel):
    spec = listings.PEOPLE
    NAME, ORGANISATION, ROLES, EMAIL, LAST_ACTIVITY = range(5)
    DATE_ONLY = frozenset({LAST_ACTIVITY})


TEXTS = TableTexts(
    title="People",
    singular="person",
    plural="people",
    empty=(
        "<p><b>No people yet.</b></p>"
        "<p>The people behind your communities will be listed here — employees, customers, "
        "suppliers, partners, shareholders, competitors — with their organisation, their "
        "roles, their email address and when you last heard from them.</p>"
        "<p>To look around with sample data, start CommDesk with <code>commdesk --demo</code>.</p>"
    ),
    filter_hint="Filter by name, email, handle or organisation",
    icon=":/icons/people.svg",
    column_widths=(24, 26, 20, 38, 14),
)


class PeoplePage(TablePage):
    model: PeopleTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(PeopleTableModel(context.tables), TEXTS, parent)
        self.context = context
