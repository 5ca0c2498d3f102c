"""The import dialog's two small models: the file's columns with their mapping (a few dozen
rows at most), and the preview of the first rows as they will be stored (twenty at most)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from commdesk.io.importing.fields import PEOPLE, FieldSet, Mapping
from commdesk.io.importing.people_rows import PersonRow

Index = QModelIndex | QPersistentModelIndex
PROBLEM = QColor(220, 38, 38, 60)  # a translucent red, readable on light and dark themes
IGNORED = "(ignore)"
PreviewRow = tuple[int, list[str], Any]  # row number, cells, the record or its rejects


def field_choices(fields: FieldSet) -> list[tuple[str | None, str]]:
    return [(None, IGNORED)] + [(f.key, f.label) for f in fields.fields]


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
        self.choices = field_choices(PEOPLE)
        self.labels = dict(self.choices)

    def set_columns(
        self, header: list[str], samples: list[str], mapping: Mapping, fields: FieldSet = PEOPLE
    ) -> None:
        self.beginResetModel()
        self.choices = field_choices(fields)
        self.labels = dict(self.choices)
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
            return self.labels.get(self.mapping[row], IGNORED)
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
        if value is not None and value not in self.labels:
            return False
        self.mapping[index.row()] = value
        self.dataChanged.emit(index, index)
        self.mappingEdited.emit()
        return True


class FieldDelegate(QStyledItemDelegate):
    """A drop-down of the fields a column can be imported as."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        model = index.model()
        for key, label in model.choices if isinstance(model, MappingModel) else []:
            combo.addItem(label, key)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


# What the preview shows of each kind of record, after the row number.
PREVIEW_COLUMNS: dict[str, tuple[str, ...]] = {
    "people": ("Name", "Emails", "Organisation", "Job title", "Handles", "Roles, tags"),
    "organisations": ("Name", "Kind", "Website", "Email domains"),
    "communities": ("Name", "Purpose", "Scope"),
    "memberships": ("Person", "Community", "Role", "Joined on", "Left on"),
    "activities": ("Person", "When", "Platform", "Kind", "Title", "Community"),
}
_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "organisations": ("name", "kind", "website", "domains"),
    "communities": ("name", "purpose", "scope"),
    "memberships": ("who", "community", "role", "joined_on", "left_on"),
    "activities": ("who", "occurred_at", "platform", "kind", "title", "community"),
}


class PreviewModel(QAbstractTableModel):
    """The first rows as they will be stored; a row with problems is tinted and says why."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[PreviewRow] = []
        self.target = "people"
        self.headers = ("Row", *PREVIEW_COLUMNS["people"], "Problems")

    def set_rows(self, rows: list[PreviewRow], target: str = "people") -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.target = target
        self.headers = ("Row", *PREVIEW_COLUMNS[target], "Problems")
        self.endResetModel()

    def problem_rows(self) -> list[int]:
        return [number for number, _cells, record in self.rows if isinstance(record, list)]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        number, cells, record = self.rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return PROBLEM if isinstance(record, list) else None
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        column = index.column()
        if column == 0:
            return str(number)
        if isinstance(record, list):
            if column == len(self.headers) - 1:
                return "; ".join(
                    f"{r.column}: {r.reason}" if r.column else r.reason for r in record
                )
            if column == 1:  # what the row holds, as it is in the file
                return " | ".join(c for c in cells if c.strip())
            return ""
        if column == len(self.headers) - 1:
            return ""
        if isinstance(record, PersonRow):
            return _person_cell(record, column)
        return _record_cell(record, _ATTRIBUTES[self.target][column - 1])


def _record_cell(record: Any, attribute: str) -> str:
    if attribute == "who":
        handle = record.handle
        return record.email or (f"{handle[0].label}: {handle[1]}" if handle else "")
    value = getattr(record, attribute)
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(value)
    if hasattr(value, "label"):
        return str(value.label)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
