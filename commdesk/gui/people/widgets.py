"""Small widgets of the People page: the platform chooser, the tag completer, error labels,
the identities table's shape."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from commdesk.domain.enums import Platform
from commdesk.gui.people.editmodels import IdentityTableModel

AnyIndex = QModelIndex | QPersistentModelIndex
ERROR_STYLE = "color: #c62828;"


def show_error(label: QLabel, message: str) -> None:
    """Show ``message`` in an error label next to its field."""
    label.setStyleSheet(ERROR_STYLE)
    label.setText(message)
    label.show()


class PlatformDelegate(QStyledItemDelegate):
    """Edits an identity's platform with a list of the platforms CommDesk knows."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setAccessibleName("Platform")
        for platform in Platform:
            combo.addItem(platform.label, platform.value)
        return combo

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class TagCompleter(QCompleter):
    """Completes the last of comma-separated tags from the tags already in use."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tags = QStringListModel(self)
        self.setModel(self._tags)
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_tags(self, names: list[str]) -> None:
        self._tags.setStringList(names)

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", maxsplit=1)[-1].strip()]

    def pathFromIndex(self, index: AnyIndex) -> str:
        chosen = str(index.data())
        edit = self.widget()
        if not isinstance(edit, QLineEdit):
            return chosen
        before = [t.strip() for t in edit.text().split(",")[:-1] if t.strip()]
        return ", ".join([*before, chosen])


def combo_value(combo: QComboBox) -> Any:
    """The data of a combo's current item (None for "All")."""
    return combo.currentData()


def fit_identities(view: QTableView, rows: int = 3) -> None:
    """The identities table: ``rows`` rows high below its header at least, its columns
    sharing the pane's width (the platform as wide as its names, handle and profile URL
    the rest), so nothing hides behind a sideways scroll bar."""
    view.setWordWrap(False)
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(
        IdentityTableModel.PLATFORM, QHeaderView.ResizeMode.ResizeToContents
    )
    view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    row = view.verticalHeader().defaultSectionSize()
    view.setMinimumHeight(header.sizeHint().height() + rows * row + 2 * view.frameWidth())
