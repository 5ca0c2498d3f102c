"""The import dialog's two small models: the file's columns with their mapping (a few dozen
rows at most), and the preview of the first rows as they will be stored (twenty at most)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from commdesk.io.importing.fields import PEOPLE_FIELDS, Mapping
from commdesk.io.importing.people_rows import PersonRow, Reject

Index = QModelIndex | QPersistentModelIndex
PROBLEM = QColor(220, 38, 38, 60)  # a translucent red, readable on light and dark themes
IGNORED = "(ignore)"
FIELD_CHOICES: list[tuple[str | None, str]] = [(None, IGNORED)] + [
    (f.key, f.label) for f in PEOPLE_FIELDS
]
LABELS = dict(FIELD_CHOICES)
PreviewRow = tuple[int, list[str], PersonRow | list[Reject]]


class MappingModel(QAbstractTableModel):
    """One row per column of the file: its header, a sample value, and what it imports as."""

    HEADERS = ("Column", "Example", "Import as")
    FIELD_COLUMN = 2
    mappingEdited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.header: list[str] = []
        self.samples: list[str] = []
        self.mapping: Mapping = []

    def set_columns(self, header: list[str], samples: list[str], mapping: Mapping) -> None:
        self.beginResetModel()
        self.header = list(header)
        self.samples = list(samples) + [""] * (len(header) - len(samples))
        self.mapping = list(mapping) + [None] * (len(header) - len(mapping))
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.header)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = index.row(), index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if column == 0:
                return self.header[row] or f"(column {row + 1})"
            if column == 1:
                return self.samples[row]
            return LABELS.get(self.mapping[row], IGNORED)
        if role == Qt.ItemDataRole.EditRole and column == self.FIELD_COLUMN:
            return self.mapping[row]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.column() == self.FIELD_COLUMN:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or index.column() != self.FIELD_COLUMN:
            return False
        if value is not None and value not in LABELS:
            return False
        self.mapping[index.row()] = value
        self.dataChanged.emit(index, index)
        self.mappingEdited.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of the fields a column can be imported as."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        for key, label in FIELD_CHOICES:
            combo.addItem(label, key)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class PreviewModel(QAbstractTableModel):
    """The first rows as they will be stored; a row with problems is tinted and says why."""

    HEADERS = (
        "Row",
        "Name",
        "Emails",
        "Organisation",
        "Job title",
        "Handles",
        "Roles, tags",
        "Problems",
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []

    def set_rows(self, rows: list[PreviewRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def problem_rows(self) -> list[int]:
        return [number for number, _cells, person in self.rows if isinstance(person, list)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number, cells, person = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM if isinstance(person, list) else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        if index.column() == 0:
            return str(number)
        if isinstance(person, list):
            if index.column() == len(self.HEADERS) - 1:
                return "; ".join(
                    f"{r.column}: {r.reason}" if r.column else r.reason for r in person
                )
            if index.column() == 1:  # what the row holds, as it is in the file
                return " | ".join(c for c in cells if c.strip())
            return ""
        return _person_cell(person, index.column())


def _person_cell(person: PersonRow, column: int) -> str:
    if column == 1:
        return person.name
    if column == 2:
        return ", ".join(person.emails)
    if column == 3:
        return person.organisation or ""
    if column == 4:
        return person.job_title or ""
    if column == 5:
        return ", ".join(f"{p.label}: {h}" for p, h, _url in person.identities)
    if column == 6:
        return ", ".join([r.label for r in person.roles] + [f"#{t}" for t in person.tags])
    return ""
