"""What the main window gets from data safety: File > Restore from backup…"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction

from commdesk.gui.safety.opening import open_for_window
from commdesk.gui.safety.restore import RestoreDialog
from commdesk.services.backups import RestoreResult

if TYPE_CHECKING:
    from commdesk.gui.mainwindow import MainWindow


class WindowSafety(QObject):
    """Adds File > Restore from backup… and, after a restore, moves the window onto the
    restored database (a fresh window: no view or undo entry keeps the replaced data)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.restore_action = QAction("&Restore from backup…", window)
        self.restore_action.setToolTip("Replace the database by one of its backups")
        self.restore_action.setEnabled(window.store.path is not None)
        self.restore_action.triggered.connect(self.show_restore)
        window.ui.menuFile.insertAction(window.ui.actionRefresh, self.restore_action)
        self.dialog: RestoreDialog | None = None
        self.last_result: RestoreResult | None = None

    @Slot()
    def show_restore(self) -> RestoreDialog | None:
        path = self.window.store.path
        if path is None:
            return None
        dialog = RestoreDialog(
            path, self.window.tasks, self.window, before_restore=self.window.tasks.cancel_all
        )
        dialog.restored.connect(self._restored)
        dialog.open()
        self.dialog = dialog
        return dialog

    @Slot(object)
    def _restored(self, result: RestoreResult | None) -> None:
        self.last_result = result
        path = self.window.store.path
        if path is None:
            return
        store = open_for_window(path, self.window)
        if store is not None and not self.window.isVisible():
            store.close()  # the window closed while the file opened
        elif store is not None:
            self.window.switch_to(store)
