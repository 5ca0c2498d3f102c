"""The backup folder's files, newest first: a small model (a folder holds dozens of files)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from commdesk.gui import formatting
from commdesk.gui.itemsmodel import ItemsTableModel

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


class BackupListModel(ItemsTableModel[BackupFile]):
    FILE, DATE, SIZE = range(3)
    HEADERS = ("File", "Made", "Size")
    RIGHT = frozenset({SIZE})

    def __init__(self, folder: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.folder = folder

    def reload(self) -> None:
        self.set_items(list_backups(self.folder))

    def files(self) -> list[BackupFile]:
        return list(self.items)

    def text(self, item: BackupFile, column: int) -> str:
        if column == self.FILE:
            return item.path.name
        if column == self.DATE:
            return formatting.timestamp_text(item.modified)
        return size_text(item.size)

    def tooltip(self, item: BackupFile, column: int) -> str:
        return str(item.path)
