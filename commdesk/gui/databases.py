"""The database behind the window: new, open, recent files, backups, and noticing when the
file goes away or can no longer be written."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QWidget
from sqlalchemy.exc import SQLAlchemyError

from commdesk import paths
from commdesk.errors import CommDeskError
from commdesk.gui.safety.opening import open_for_window
from commdesk.gui.tasks import Task, TaskRunner
from commdesk.store import Store
from commdesk.store.backup import backup_file, timestamp
from commdesk.store.engine import is_disk_full

RECENT_KEY = "databases/recent"
MAX_RECENT = 8
FILE_FILTER = "CommDesk databases (*.sqlite *.db);;All files (*)"


def write_failure_text(store: Store, error: BaseException, what: str = "This change") -> str:
    """Why an edit could not be saved, naming the file, in words a person can act on.

    ``what`` names the edit that was lost (``'The change “Edit Ada”'``)."""
    path = store.path
    name = str(path) if path else store.location
    if path is not None and not path.exists():
        return (
            f"The database file {name} is gone (moved or deleted). Nothing more can be "
            "saved to it; everything saved before stays in that file. Put it back, or open "
            "another database."
        )
    if is_disk_full(error):
        folder = str(path.parent) if path else store.location
        return (
            f"The disk is full: there is no room left in {folder}, the folder of the "
            f"database. {what} was not saved, and nothing of it was half-written; everything "
            "saved before is still there. Free some space on that disk, then save again."
        )
    text = str(getattr(error, "orig", None) or error)
    if "readonly" in text.replace("-", "").replace(" ", "").lower() or (
        path is not None and not os.access(path, os.W_OK)
    ):
        return (
            f"The database file {name} cannot be written (it is read-only now). This change "
            "was not saved; everything saved before is still there."
        )
    if isinstance(error, CommDeskError):
        return str(error)
    return f"The change could not be saved to {name}: {text}"


def database_gone_text(store: Store) -> str | None:
    """A warning when the open database file disappeared or became read-only, else None."""
    path = store.path
    if path is None:
        return None
    if not path.exists():
        return f"The database file {path} has disappeared: edits can no longer be saved."
    if not os.access(path, os.W_OK):
        return f"The database file {path} is read-only now: edits cannot be saved."
    return None


class RecentDatabases:
    """The last databases opened, newest first, kept in QSettings; missing files drop out."""

    def __init__(self, settings: QSettings) -> None:
        self.settings = settings

    def paths(self) -> list[Path]:
        value = self.settings.value(RECENT_KEY, [])
        if isinstance(value, str):
            items = [value]
        elif isinstance(value, list | tuple):
            items = [str(v) for v in value]
        else:
            items = []
        existing = [Path(p) for p in items if p and Path(p).is_file()]
        if len(existing) != len(items):
            self._write(existing)
        return existing[:MAX_RECENT]

    def add(self, path: Path) -> None:
        path = path.resolve()
        self._write([path, *(p for p in self.paths() if p != path)])

    def _write(self, items: list[Path]) -> None:
        self.settings.setValue(RECENT_KEY, [str(p) for p in items[:MAX_RECENT]])
        self.settings.sync()


class DatabaseActions(QObject):
    """What the File menu does with databases. ``openRequested`` carries a Store that opened
    fine; the window then moves onto it."""

    openRequested = Signal(object)  # Store
    backedUp = Signal(object)  # Path

    def __init__(
        self, store: Store, tasks: TaskRunner, settings: QSettings, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.recent = RecentDatabases(settings)
        self.window = parent
        self.backup_task: Task | None = None

    # --- choosing files (dialogs; tests call open_path / create_path) ----------------------

    @Slot()
    def new_database(self) -> None:
        folder = str(self.store.path.parent if self.store.path else paths.data_dir())
        name, _ = QFileDialog.getSaveFileName(
            self.window, "New database", str(Path(folder) / "commdesk.sqlite"), FILE_FILTER
        )
        if name:
            self.create_path(Path(name))

    @Slot()
    def open_database(self) -> None:
        folder = str(self.store.path.parent if self.store.path else paths.data_dir())
        name, _ = QFileDialog.getOpenFileName(self.window, "Open database", folder, FILE_FILTER)
        if name:
            self.open_path(Path(name))

    def create_path(self, path: Path) -> Store | None:
        """A new, empty database at ``path``. An existing database there is opened as it
        is, never emptied (the file dialog has asked already)."""
        return self.open_path(path)

    def open_path(self, path: Path) -> Store | None:
        """Open ``path`` (creating it if new); on failure say why and change nothing."""
        if self.store.path is not None and path.resolve() == self.store.path.resolve():
            return None  # already open
        store = open_for_window(path, self.window)  # locked, checked, backed up daily
        if store is None:
            return None
        if not self.window.isVisible():  # the window closed while the file opened
            store.close()
            return None
        self.recent.add(path)
        self.openRequested.emit(store)
        return store

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        current = self.store.path.resolve() if self.store.path else None
        items = [p for p in self.recent.paths() if p != current]
        for number, path in enumerate(items, start=1):
            action = menu.addAction(f"&{number} {path.name}")
            action.setToolTip(str(path))
            action.setStatusTip(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_path(p))
        if not items:
            menu.addAction("No other recent databases").setEnabled(False)

    # --- backups -----------------------------------------------------------------------------

    def default_backup_path(self) -> Path:
        stem = self.store.path.stem if self.store.path else "commdesk"
        return paths.backup_dir() / f"{stem}-{timestamp()}.sqlite"

    @Slot()
    def backup_now(self) -> None:
        """Ask where (the backup folder by default), then copy in the background."""
        default = self.default_backup_path()
        default.parent.mkdir(parents=True, exist_ok=True)
        name, _ = QFileDialog.getSaveFileName(
            self.window, "Back up the database", str(default), FILE_FILTER
        )
        if name:
            self.backup_to(Path(name))

    def backup_to(self, destination: Path) -> Task | None:
        source = self.store.path
        if source is None:
            QMessageBox.information(self.window, "Back up", "Only database files can be copied.")
            return None
        task = self.tasks.run(
            lambda progress: _backup(source, destination, progress),
            name="backup",
            on_success=self._backed_up,
            on_failure=self._backup_failed,
        )
        task.show_progress(self.window, "Backing up", f"Copying to {destination}…")
        self.backup_task = task
        return task

    @Slot(object)
    def _backed_up(self, path: Path) -> None:
        self.backedUp.emit(path)

    @Slot(object)
    def _backup_failed(self, error: BaseException) -> None:
        QMessageBox.critical(self.window, "The backup failed", str(error))


def _backup(source: Path, destination: Path, progress: object) -> Path:
    report = getattr(progress, "report", None)
    if callable(report):
        report(None, f"Copying {source.name}…")
    try:
        return backup_file(source, destination)
    except (SQLAlchemyError, OSError) as exc:  # backup_file wraps its own; belt and braces
        raise CommDeskError(f"Backup to {destination} failed: {exc}") from exc
