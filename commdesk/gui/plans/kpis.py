"""A plan's KPIs as a read-only table: what is counted, the target, the due date, days left."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from commdesk.gui import formatting
from commdesk.gui.itemsmodel import ItemsTableModel
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


class KpiTableModel(ItemsTableModel[KpiDraft]):
    """The KPIs of one plan (a handful): metric, label, target, due date and days left."""

    HEADERS = ("Metric", "Label", "Target", "Due", "Days left")
    METRIC, LABEL, TARGET, DUE, LEFT = range(5)
    RIGHT = frozenset({TARGET, LEFT})

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.today = date.today()

    @property
    def kpis(self) -> list[KpiDraft]:
        return self.items

    def set_kpis(self, kpis: tuple[KpiDraft, ...] | list[KpiDraft]) -> None:
        self.today = date.today()
        self.set_items(kpis)

    def text(self, item: KpiDraft, column: int) -> str:
        if column == self.METRIC:
            metric = item.metric
            return metric.label if hasattr(metric, "label") else str(metric)
        if column == self.LABEL:
            return item.label or ""
        if column == self.TARGET:
            return formatting.locale().toString(float(item.target_value), "g", 12)
        if column == self.DUE:
            return formatting.date_text(item.due_on) if item.due_on else "No due date"
        return days_left_text(item.due_on, self.today)
