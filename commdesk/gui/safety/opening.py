"""Opening a database for the window, safely.

The window takes the one-app-per-database lock and the daily backup. A file another
CommDesk has open is refused with a message naming that process. A damaged file is
explained and left untouched; the person may restore its newest good backup (in the
background, the damaged file kept aside) or open another file. A file on a network drive
opens with a warning.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget
from sqlalchemy.exc import SQLAlchemyError

from commdesk.errors import CommDeskError
from commdesk.gui import formatting
from commdesk.gui.safety.restore import counts_text
from commdesk.gui.tasks import Progress, Task, TaskRunner
from commdesk.services import archive, backups
from commdesk.store import DamagedDatabaseError, Store
from commdesk.store.lock import DatabaseLockedError

log = logging.getLogger(__name__)

FILE_FILTER = "CommDesk databases (*.sqlite *.db);;All files (*)"
BUSY_DIALOG_DELAY_MS = 300  # an open that takes longer shows a busy dialog


def open_for_window(
    path: Path, parent: QWidget | None = None, say: Callable[[str], object] | None = None
) -> Store | None:
    """Open ``path`` for a window, or tell the person why not and return None.

    The file is opened on a worker thread (a migration of a big file takes minutes) while
    the window goes on painting; ``say`` is told of each long step. If the window closes
    meanwhile, the open still finishes (a migration is never cut short) and the store is
    returned unannounced, for the caller to close.
    """
    try:
        store = open_in_background(path, say, parent)
    except CommDeskError as exc:
        if _closed(parent):
            log.info("%s was not opened (its window had closed): %s", path.name, exc)
            return None
        if isinstance(exc, DatabaseLockedError):
            QMessageBox.warning(parent, "The database is already open", str(exc))
            return None
        if isinstance(exc, DamagedDatabaseError):
            return offer_recovery(exc, parent, say)
        QMessageBox.critical(parent, "CommDesk cannot open the database", str(exc))
        return None
    except (OSError, SQLAlchemyError) as exc:  # the disk, the file system, SQLite itself
        log.error("could not open %s", path, exc_info=exc)
        if not _closed(parent):
            QMessageBox.critical(
                parent,
                "CommDesk cannot open the database",
                f"{path.name} could not be opened: {exc}",
            )
        return None
    if _closed(parent):
        return store  # the window closed while the file opened: nobody to tell
    for warning in store.warnings:
        QMessageBox.warning(parent, "The database is on a network drive", warning)
    try:
        archive.purge(store)  # deleted records older than the archive keeps go for good
    except (CommDeskError, SQLAlchemyError) as exc:  # a read-only file: left as it is
        log.info("archive not purged: %s", exc)
    return store


def _closed(window: QWidget | None) -> bool:
    return window is not None and not window.isVisible()


def open_in_background(
    path: Path, say: Callable[[str], object] | None = None, parent: QWidget | None = None
) -> Store:
    """:meth:`Store.open` for a window, run on a worker thread while the event loop goes on;
    raises what it raised. Returns once the open is over, even if the app quits meanwhile.

    Without ``say`` (a file opened from a working window), a window-modal busy dialog over
    ``parent`` names each step once the open has taken a moment, and keeps the window from
    starting anything else meanwhile.
    """
    outcome: dict[str, Any] = {}

    def work(progress: Progress) -> None:
        try:
            outcome["store"] = Store.open(
                path, exclusive=True, daily_backup=True, progress=progress.step
            )
        except BaseException as exc:  # handed to the GUI thread, raised there
            outcome["error"] = exc

    runner = TaskRunner()
    task = runner.run(work, name="open database")
    if say is not None:
        task.progressed.connect(lambda _fraction, message: say(message))
    elif parent is not None:
        _busy_dialog(task, parent, f"Opening {path.name}…")
    _wait_for(runner, task)
    runner.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    store: Store = outcome["store"]
    return store


def _wait_for(runner: TaskRunner, task: Task) -> None:
    """Run the event loop (the window goes on painting) until ``task`` is over. If the app
    quits meanwhile the loop ends early; then this blocks until the callable has returned."""
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    if task.running:
        loop.exec()
    runner.wait()


def _busy_dialog(task: Task, parent: QWidget, text: str) -> None:
    """A window-modal dialog over ``parent`` without Cancel (an update of the file is never
    cut short), shown if ``task`` runs longer than a moment; it names each step."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle("Opening a database")
    dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(BUSY_DIALOG_DELAY_MS)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)  # starts the clock of the minimum duration
    task.progressed.connect(lambda _fraction, message: dialog.setLabelText(message))

    def close() -> None:
        dialog.reset()
        dialog.hide()
        dialog.deleteLater()

    task.finished.connect(close)


def offer_recovery(
    error: DamagedDatabaseError,
    parent: QWidget | None,
    say: Callable[[str], object] | None = None,
) -> Store | None:
    """Explain a damaged file; restore its newest good backup or open another file."""
    path = error.path
    newest = backups.newest_good_backup(path)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("The database is damaged")
    text = (
        f"{error}\n\nCommDesk has not changed the file. If you restore a backup, the damaged "
        "file is kept beside it under a new name, in case it can be repaired later."
    )
    restore_button = None
    if newest is not None:
        made = formatting.timestamp_text(newest.made.astimezone())
        text += f"\n\nThe newest good backup is from {made}: {counts_text(newest.counts)}."
        restore_button = box.addButton("&Restore that backup", QMessageBox.ButtonRole.AcceptRole)
    else:
        text += "\n\nThere is no good backup of it in the backup folder."
    box.setText(text)
    other_button = box.addButton("&Open another file…", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.exec()
    clicked = box.clickedButton()
    if restore_button is not None and clicked is restore_button and newest is not None:
        if not restore_in_background(path, newest.path, parent):
            return None
        return open_for_window(path, parent, say)
    if clicked is other_button:
        name, _ = QFileDialog.getOpenFileName(
            parent, "Open database", str(path.parent), FILE_FILTER
        )
        return open_for_window(Path(name), parent, say) if name else None
    return None


def restore_in_background(database: Path, backup: Path, parent: QWidget | None) -> bool:
    """Restore with a progress dialog, waiting for it; False (and the reason shown) on failure."""
    runner = TaskRunner()
    task = runner.run(lambda progress: backups.restore(database, backup, progress), name="restore")
    task.show_progress(parent, "Restoring", f"Restoring {backup.name}…")
    failures: list[BaseException] = []
    task.failed.connect(failures.append)
    _wait_for(runner, task)
    if failures:
        QMessageBox.critical(parent, "The restore did not happen", str(failures[0]))
        return False
    log.info("restored %s from %s", database.name, backup.name)
    return True
