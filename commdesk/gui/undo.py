"""Undoable edits. Each command calls services to do and to undo, then tells the views what
changed. A :class:`ServiceCommand` runs both on the GUI thread (single-row edits take
milliseconds); a :class:`BackgroundCommand` (a bulk change to thousands of people) runs them
through the task runner, behind a progress dialog, as its first run did."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from commdesk.errors import StoreError
from commdesk.gui.context import AppContext
from commdesk.gui.databases import database_gone_text, write_failure_text
from commdesk.gui.tasks import Progress
from commdesk.services.snapshots import Snapshot


class ServiceCommand(QUndoCommand):
    """An edit made of two service calls.

    ``changes`` names what the views must re-read (keys as in :mod:`commdesk.gui.context`).
    Put it on the stack with :func:`push`, which does the edit first, so that an edit the
    services refuse raises to the caller and never reaches the stack.
    """

    def __init__(
        self,
        context: AppContext,
        text: str,
        redo: Callable[[], object],
        undo: Callable[[], object],
        changes: Sequence[str] = (),
    ) -> None:
        super().__init__(text)
        self.context = context
        self._redo = redo
        self._undo = undo
        self.changes = tuple(changes)
        self._already_done = False

    def redo(self) -> None:
        if self._already_done:  # QUndoStack.push() calls redo(); push() has done the edit
            self._already_done = False
        else:
            self._redo()
        self.context.notify(*self.changes)

    def undo(self) -> None:
        self._undo()
        self.context.notify(*self.changes)


def push(command: ServiceCommand) -> None:
    """Do ``command`` and put it on the undo stack. An error the services raise (a
    :class:`~commdesk.errors.ValidationError`, say) propagates, and the stack is unchanged.
    A database file that disappeared or became read-only raises a :class:`StoreError` that
    names the file, for the editor to show like any other refusal."""
    store = command.context.store
    gone = database_gone_text(store)
    if gone is not None:
        raise StoreError(gone)
    try:
        command._redo()
    except OperationalError as exc:
        what = f"The change “{command.text()}”"
        raise StoreError(write_failure_text(store, exc, what)) from exc
    command._already_done = True
    command.context.undo_stack.push(command)


class BackgroundCommand(QUndoCommand):
    """A change already made (on a worker, by its first run) whose undo and redo also run on
    a worker, behind a modal progress dialog: the window stays responsive and no other edit
    can start meanwhile. ``redo`` may stop when cancelled (the services roll back); ``undo``
    cannot be cancelled. If a run fails or is cancelled, the stack steps back to where the
    data are, and a failure is shown. ``redone`` gets what a later redo returned."""

    def __init__(
        self,
        context: AppContext,
        widget: QWidget,
        text: str,
        redo: Callable[[Progress], object],
        undo: Callable[[Progress], object],
        *,
        changes: Sequence[str] = (),
        redone: Callable[[object], None] | None = None,
    ) -> None:
        super().__init__(text)
        self.context = context
        self.widget = widget
        self._redo = redo
        self._undo = undo
        self._redone = redone
        self.changes = tuple(changes)
        self._already_done = True  # pushed once its first run has succeeded
        self._stepping_back = False  # the stack moves back over a run that did not happen

    def redo(self) -> None:
        if self._already_done:
            self._already_done = False
            self.context.notify(*self.changes)
        elif self._stepping_back:
            self._stepping_back = False
        else:
            self._start(redoing=True)

    def undo(self) -> None:
        if self._stepping_back:
            self._stepping_back = False
        else:
            self._start(redoing=False)

    def _start(self, *, redoing: bool) -> None:
        title = ("Redo: " if redoing else "Undo: ") + self.text()
        work = self._redo if redoing else self._undo
        returned: list[object] = []  # the work's result, once it has run to the end

        def run(progress: Progress) -> object:
            result = work(progress)
            returned.append(result)
            return result

        task = self.context.tasks.run(run, name=title)
        dialog = task.show_progress(self.widget, title, f"{title}…", delay_ms=0)
        dialog.setWindowModality(Qt.WindowModality.ApplicationModal)
        if not redoing:
            dialog.setCancelButton(None)  # half an undo cannot be stopped safely
        task.succeeded.connect(lambda result: self._done(redoing, result))
        task.failed.connect(lambda error: self._not_done(redoing, error))
        # Cancel pressed after the work had committed all the same: it is done.
        task.cancelled.connect(
            lambda: self._done(redoing, returned[0]) if returned else self._not_done(redoing, None)
        )

    def _done(self, redoing: bool, result: object) -> None:
        if redoing and self._redone is not None:
            self._redone(result)
        self.context.notify(*self.changes)

    def _not_done(self, redoing: bool, error: object) -> None:
        self._stepping_back = True
        if redoing:
            self.context.undo_stack.undo()
        else:
            self.context.undo_stack.redo()
        if isinstance(error, SQLAlchemyError | OSError):  # a full disk, say: name the folder
            what = ("The redo of “" if redoing else "The undo of “") + self.text() + "”"
            text = write_failure_text(self.context.store, error, what)
            QMessageBox.warning(self.widget, "Not changed", text)
        elif error is not None:
            QMessageBox.warning(self.widget, "Not changed", str(error))


class SnapshotDeleting(Protocol):
    """A service whose ``delete`` returns what ``restore`` needs to put it all back."""

    def delete(self, record_id: int, /) -> Snapshot: ...

    def restore(self, snapshot: Snapshot, /) -> None: ...


def push_delete(
    context: AppContext,
    service: SnapshotDeleting,
    record_id: int,
    name: str,
    changes: Sequence[str],
) -> None:
    """Delete one record through ``service`` as an undoable command; undo restores the
    snapshot the delete returned, ids and all."""
    snapshots: list[Snapshot] = []
    push(
        ServiceCommand(
            context,
            f"Delete {name}",
            lambda: snapshots.append(service.delete(record_id)),
            lambda: service.restore(snapshots.pop()),
            changes=changes,
        )
    )
