"""The backup folder's files, newest first: a small model (a folder holds dozens of files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from commdesk.gui import formatting

AnyIndex = QModelIndex | QPersistentModelIndex
BACKUP_SUFFIXES = (".sqlite", ".db", ".sqlite3")


@dataclass(frozen=True)
class BackupFile:
    path: Path
    modified: datetime
    size: int


def size_text(size: int) -> str:
    if size < 1_048_576:
        return f"{formatting.count_text(max(size // 1024, 1))} KB"
    return f"{formatting.locale().toString(size / 1_048_576, 'f', 1)} MB"


def list_backups(folder: Path) -> list[BackupFile]:
    if not folder.is_dir():
        return []
    files = []
    for path in folder.iterdir():
        if path.is_file() and path.suffix.lower() in BACKUP_SUFFIXES:
            stat = path.stat()
            files.append(
                BackupFile(path, datetime.fromtimestamp(stat.st_mtime).astimezone(), stat.st_size)
            )
    return sorted(files, key=lambda f: f.modified, reverse=True)


class BackupListModel(QAbstractTableModel):
    FILE, DATE, SIZE = range(3)
    HEADERS = ("File", "Made", "Size")

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder
        self._files: list[BackupFile] = []

    def reload(self) -> None:
        self.beginResetModel()
        self._files = list_backups(self.folder)
        self.endResetModel()

    def files(self) -> list[BackupFile]:
        return list(self._files)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        return 0 if parent.isValid() else len(self._files)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.HEADERS)
        ):
            return self.HEADERS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._files):
            return None
        backup = self._files[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.FILE:
                return backup.path.name
            if column == self.DATE:
                return formatting.timestamp_text(backup.modified)
            if column == self.SIZE:
                return size_text(backup.size)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.SIZE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
