"""The Activity table: every interaction, newest first."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from commdesk.gui.context import AppContext
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services import listings


class ActivityTableModel(SqlPagedTableModel):
    spec = listings.ACTIVITIES
    WHEN, PERSON, KIND, PLATFORM, COMMUNITY, TITLE = range(6)


TEXTS = TableTexts(
    title="Activity",
    singular="interaction",
    plural="interactions",
    empty=(
        "<p><b>No activity logged yet.</b></p>"
        "<p>Every interaction with a person — posts, comments, messages, meetings, event "
        "attendance — will appear here, newest first, with the platform and community it "
        "happened in.</p>"
    ),
    filter_hint="Filter by person (name, email, handle) or community",
    icon=":/icons/activity.svg",
    column_widths=(21, 24, 16, 12, 28),
)


class ActivityPage(TablePage):
    model: ActivityTableModel

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ActivityTableModel(context.tables), TEXTS, parent)
        self.context = context
