"""The People table model: the SQL-paged rows, with people who may not be contacted marked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from commdesk.domain.engagement import EngagementLevel
from commdesk.gui.tablemodel import SqlPagedTableModel, ValueRole
from commdesk.services import listings

AnyIndex = QModelIndex | QPersistentModelIndex

NO_CONSENT_TIP = "No consent to be contacted: do not email or message this person"


class PeopleTableModel(SqlPagedTableModel):
    spec = listings.PEOPLE
    NAME, ORGANISATION, ROLES, EMAIL, LAST_ACTIVITY, COMMUNITIES, CONSENT, ENGAGEMENT = range(8)
    DATE_ONLY = frozenset({LAST_ACTIVITY})
    # A block fills a tall window twice over: a keystroke in the filter box then reads (and
    # walks the index for) a hundred matches, not two hundred; as many rows stay cached.
    BLOCK_SIZE = 100
    MAX_BLOCKS = 80
    _warning: QIcon | None = None

    def display_text(self, column: int, value: Any) -> str:
        if column == self.CONSENT:
            return "Yes" if value else "No"
        if column == self.ENGAGEMENT and isinstance(value, EngagementLevel):
            return value.label
        return super().display_text(column, value)

    def tooltip_text(self, column: int, value: Any) -> str | None:
        if column == self.CONSENT:
            return "Agreed to be contacted" if value else NO_CONSENT_TIP
        return super().tooltip_text(column, value)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DecorationRole and index.column() in (self.NAME, self.CONSENT):
            consent = super().data(self.index(index.row(), self.CONSENT), ValueRole)
            if consent is False:
                if self._warning is None:  # made once: a paint asks for it on every such row
                    style = QApplication.style()
                    self._warning = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
                return self._warning
            return None
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.NAME:
            consent = super().data(self.index(index.row(), self.CONSENT), ValueRole)
            if consent is False:
                return NO_CONSENT_TIP
        return super().data(index, role)
