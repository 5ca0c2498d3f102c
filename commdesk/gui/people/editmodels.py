"""Small models of the person editor: roles to tick, identities to edit, the timeline.

Each holds one person's rows only (a handful, or the last hundred interactions), so they
are plain in-memory models rather than SQL-paged ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.gui import formatting
from commdesk.gui.itemsmodel import ItemsTableModel
from commdesk.services.activity import ActivityRecord
from commdesk.services.records import IdentityDraft

AnyIndex = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class RoleListModel(QAbstractListModel):
    """Every stakeholder role, each with a check box."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._roles = list(StakeholderRole)
        self._checked: set[StakeholderRole] = set()

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._roles)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._roles):
            return None
        member = self._roles[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return member.label
        if role == Qt.ItemDataRole.CheckStateRole:
            checked = member in self._checked
            return Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        member = self._roles[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._checked.add(member)
        else:
            self._checked.discard(member)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def roles(self) -> tuple[StakeholderRole, ...]:
        return tuple(r for r in self._roles if r in self._checked)

    def set_roles(self, roles: Sequence[StakeholderRole]) -> None:
        self.beginResetModel()
        self._checked = set(roles)
        self.endResetModel()


class IdentityTableModel(QAbstractTableModel):
    """A person's identities: platform, handle and profile URL, all editable."""

    PLATFORM, HANDLE, URL = range(3)
    HEADERS = ("Platform", "Handle", "Profile URL")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[list[str]] = []  # platform value, handle, url

    def rowCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < 3
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        value = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == self.PLATFORM:
            return Platform(value).label if value in Platform._value2member_map_ else value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return value
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        self._rows[index.row()][index.column()] = str(value).strip()
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsEditable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def add(self, platform: Platform = Platform.EMAIL, handle: str = "", url: str = "") -> int:
        row = len(self._rows)
        self.beginInsertRows(_ROOT, row, row)
        self._rows.append([platform.value, handle, url])
        self.endInsertRows()
        return row

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.beginRemoveRows(_ROOT, row, row)
            del self._rows[row]
            self.endRemoveRows()

    def identities(self) -> tuple[IdentityDraft, ...]:
        """The rows as drafts (rows without a handle are left out)."""
        return tuple(
            IdentityDraft(platform, handle, url or None)
            for platform, handle, url in self._rows
            if handle
        )

    def set_identities(self, identities: Sequence[IdentityDraft]) -> None:
        self.beginResetModel()
        self._rows = [
            [str(getattr(i.platform, "value", i.platform)), i.handle, i.profile_url or ""]
            for i in identities
        ]
        self.endResetModel()


class TimelineModel(ItemsTableModel[ActivityRecord]):
    """A person's latest interactions, newest first."""

    WHEN, WHAT, ABOUT = range(3)
    HEADERS = ("When", "What", "About")

    def text(self, item: ActivityRecord, column: int) -> str:
        return (
            formatting.timestamp_text(item.occurred_at),
            f"{item.kind.label} · {item.platform.label}",
            " — ".join(p for p in (item.title, item.community) if p),
        )[column]

    def tooltip(self, item: ActivityRecord, column: int) -> str | None:
        parts = [item.title or "", item.community or "", item.url or ""]
        return "\n".join(p for p in parts if p) or None

    def set_records(self, records: Sequence[ActivityRecord]) -> None:
        self.set_items(records)
