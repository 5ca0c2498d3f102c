"""Undoable edits. Each command calls services to do and to undo; both run on the GUI
thread (single-row edits take milliseconds) and then tell the views what changed."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand
from sqlalchemy.exc import OperationalError

from commdesk.errors import StoreError
from commdesk.gui.context import AppContext
from commdesk.gui.databases import database_gone_text, write_failure_text
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
        raise StoreError(write_failure_text(store, exc)) from exc
    command._already_done = True
    command.context.undo_stack.push(command)


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
