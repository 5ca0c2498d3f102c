"""What every screen shares: the open store, the background tasks, the undo stack, and the
one signal that tells every view what changed (views re-read; nobody pushes rows around)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from commdesk.gui.tasks import TaskRunner
from commdesk.services.tables import TableService
from commdesk.store import Store

# What changed, as emitted by AppContext.changed: a table key of commdesk.services.listings
# ("people", "organisations", "communities", "plan_items", "activities", "accounts") or
# "plans" / "memberships" / "tags"; ALL when anything may have changed (undo, database swap).
ALL = "*"


class AppContext(QObject):
    """Handed to every page. Edits go through services; afterwards the editor calls
    :meth:`notify` and every interested view refreshes itself."""

    changed = Signal(str)

    def __init__(self, store: Store, tasks: TaskRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks
        self.tables = TableService(store)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(200)

    def notify(self, *what: str) -> None:
        for key in what or (ALL,):
            self.changed.emit(key)
