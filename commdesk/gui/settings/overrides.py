"""The per-platform weight overrides of the scoring settings: a kind that weighs differently
on one platform (reactions on Slack counting half, say). A handful of rows, held in memory:
there is nothing to page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from commdesk.domain.enums import ActivityKind, Platform

AnyIndex = QModelIndex | QPersistentModelIndex
Override = tuple[Platform, ActivityKind]


class PlatformWeightsModel(QAbstractTableModel):
    """One row per override: platform, activity kind and weight (the weight editable).

    A typed weight is kept even when it is out of range, so that the section can say which
    override is wrong (see :func:`commdesk.services.engagement.settings.validate`) instead of
    dropping what was typed without a word."""

    PLATFORM, KIND, WEIGHT = range(3)
    overridesChanged = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[Platform, ActivityKind, float]] = []

    def set_overrides(self, overrides: Mapping[Override, float]) -> None:
        self.beginResetModel()
        self._rows = [(p, k, float(v)) for (p, k), v in overrides.items()]
        self._rows.sort(key=lambda row: (row[0].label, row[1].label))
        self.endResetModel()

    def overrides(self) -> dict[Override, float]:
        return {(p, k): v for p, k, v in self._rows}

    def row_of(self, platform: Platform, kind: ActivityKind) -> int:
        """The row of that override; -1 when there is none."""
        for row, (p, k, _v) in enumerate(self._rows):
            if (p, k) == (platform, kind):
                return row
        return -1

    def put(self, platform: Platform, kind: ActivityKind, weight: float) -> int:
        """Add the override, or change its weight if the pair has one already; its row."""
        row = self.row_of(platform, kind)
        if row >= 0:
            self.setData(self.index(row, self.WEIGHT), weight)
            return row
        row = sum(1 for p, k, _v in self._rows if (p.label, k.label) < (platform.label, kind.label))
        self.beginInsertRows(QModelIndex(), row, row)
        self._rows.insert(row, (platform, kind, float(weight)))
        self.endInsertRows()
        self.overridesChanged.emit()
        return row

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.overridesChanged.emit()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return ("Platform", "Activity", "Weight")[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        platform, kind, weight = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (platform.label, kind.label, f"{weight:g}")[column]
        if column != self.WEIGHT:
            return None
        if role == Qt.ItemDataRole.EditRole:
            return weight
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"What one {kind.label.lower()} on {platform.label} is worth when it is new"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == self.WEIGHT:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.WEIGHT:
            return False
        try:
            weight = float(value)
        except (TypeError, ValueError):
            return False
        platform, kind, _old = self._rows[index.row()]
        self._rows[index.row()] = (platform, kind, weight)
        self.dataChanged.emit(index, index)
        self.overridesChanged.emit()
        return True
