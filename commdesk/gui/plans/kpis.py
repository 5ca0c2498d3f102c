"""A plan's KPIs as a read-only table: what is counted, the target, the due date, days left."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from commdesk.gui import formatting
from commdesk.services.records import KpiDraft

AnyIndex = QModelIndex | QPersistentModelIndex


def days_left_text(due: date | None, today: date) -> str:
    if due is None:
        return ""
    days = (due - today).days
    if days == 0:
        return "Due today"
    if days < 0:
        return f"{formatting.plural(-days, 'day', 'days')} overdue"
    return formatting.plural(days, "day", "days") + " left"


class KpiTableModel(QAbstractTableModel):
    """The KPIs of one plan (a handful): metric, label, target, due date and days left."""

    HEADERS = ("Metric", "Label", "Target", "Due", "Days left")
    METRIC, LABEL, TARGET, DUE, LEFT = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.kpis: list[KpiDraft] = []
        self.today = date.today()

    def set_kpis(self, kpis: tuple[KpiDraft, ...] | list[KpiDraft]) -> None:
        self.beginResetModel()
        self.kpis = list(kpis)
        self.today = date.today()
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self.kpis)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.kpis):
            return None
        kpi = self.kpis[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.METRIC:
                metric = kpi.metric
                return metric.label if hasattr(metric, "label") else str(metric)
            if column == self.LABEL:
                return kpi.label or ""
            if column == self.TARGET:
                return formatting.locale().toString(float(kpi.target_value), "g", 12)
            if column == self.DUE:
                return formatting.date_text(kpi.due_on) if kpi.due_on else "No due date"
            if column == self.LEFT:
                return days_left_text(kpi.due_on, self.today)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def _alignment(self, column: int) -> int:
        horizontal = (
            Qt.AlignmentFlag.AlignRight
            if column in (self.TARGET, self.LEFT)
            else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
