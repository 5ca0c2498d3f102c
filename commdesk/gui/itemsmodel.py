"""A read-only table over a short list of plain values held in memory.

For the handful of rows a dialog or a detail pane shows (backups, KPIs, overlaps, likely
duplicates, a person's latest activity): lists a service returned whole because they are
small by nature. Anything that grows with the database is a
:class:`~commdesk.gui.tablemodel.SqlPagedTableModel` instead.

Subclasses name their ``HEADERS`` and say what a cell shows in :meth:`text`; optionally
which columns hold numbers (``RIGHT``, right-aligned), a cell's tooltip and whether a row
can be chosen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


class ItemsTableModel(QAbstractTableModel, Generic[T]):
    HEADERS: ClassVar[tuple[str, ...]] = ()
    RIGHT: ClassVar[frozenset[int]] = frozenset()  # columns of numbers

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.items: list[T] = []

    def set_items(self, items: Iterable[T]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def item(self, row: int) -> T | None:
        return self.items[row] if 0 <= row < len(self.items) else None

    # --- for subclasses ----------------------------------------------------------------------

    def text(self, item: T, column: int) -> Any:
        """What the cell shows."""
        raise NotImplementedError

    def tooltip(self, item: T, column: int) -> str | None:
        return None

    def enabled(self, item: T) -> bool:
        return True

    def extra(self, item: T, column: int, role: int) -> Any:
        """Any other role (e.g. an id role the view reads)."""
        return None

    # --- Qt ----------------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self.items)

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
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        return self.extra(item, column, role)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if self.enabled(self.items[index.row()]):
            flags |= Qt.ItemFlag.ItemIsEnabled
        return flags

    def _alignment(self, column: int) -> int:
        return RIGHT if column in self.RIGHT else LEFT
