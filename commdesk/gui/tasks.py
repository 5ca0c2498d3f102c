"""Background work: run a callable off the GUI thread, with progress, cancel and a dialog.

    task = runner.run(lambda progress: service.rebuild(progress=progress))
    task.succeeded.connect(show_result)
    task.failed.connect(show_error)
    task.show_progress(window, "Rebuilding the index")

The callable gets a :class:`Progress`: it reports how far it is (``progress(0.4, "Reading...")``
returns False once cancelled, the same shape as the command line's progress callbacks) and
checks whether to stop (``progress.check()`` raises :class:`TaskCancelled`). Results, errors
and progress always arrive on the GUI thread, through the :class:`Task`'s signals.

Plain values cross threads, never ORM objects or widgets: a task returns ids, rows or
dataclasses, and opens its own short sessions from the store.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from commdesk.errors import CommDeskError

log = logging.getLogger(__name__)

# How often progress may cross to the GUI thread: enough for a smooth bar, few enough
# that a loop reporting every row does not flood the event queue.
PROGRESS_INTERVAL = 0.05  # seconds


class TaskCancelled(Exception):
    """Raised inside a task that noticed it was cancelled."""


class _Relay(QObject):
    """Carries a worker's reports to the GUI thread (it lives there; the worker emits)."""

    progressed = Signal(float, str)
    done = Signal(object, object)  # result, exception or None


class Progress:
    """What a background callable is given: a way to report, and to learn it should stop."""

    def __init__(self, relay: _Relay) -> None:
        self._relay = relay
        self._cancel = threading.Event()
        self._last = 0.0

    def __call__(self, fraction: float | None, message: str = "") -> bool:
        """Report progress (``fraction`` in 0..1, None when unknown); False once cancelled."""
        self.report(fraction, message)
        return not self.cancelled

    def report(self, fraction: float | None, message: str = "") -> None:
        now = time.monotonic()
        final = fraction is not None and fraction >= 1.0
        if final or now - self._last >= PROGRESS_INTERVAL:
            self._last = now
            value = -1.0 if fraction is None else min(max(fraction, 0.0), 1.0)
            self._relay.progressed.emit(value, message)

    def step(self, message: str) -> None:
        """Announce a new step of unknown length: shown at once, however soon after the last
        report (which :meth:`report` would hold back)."""
        self._last = time.monotonic()
        self._relay.progressed.emit(-1.0, message)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`TaskCancelled` if the task was cancelled; call it between steps."""
        if self._cancel.is_set():
            raise TaskCancelled

    def _request_cancel(self) -> None:
        self._cancel.set()


class Task(QObject):
    """One background operation, seen from the GUI thread.

    Exactly one of ``succeeded``, ``failed`` or ``cancelled`` is emitted, then ``finished``.
    """

    progressed = Signal(float, str)  # fraction (-1 when unknown), message
    succeeded = Signal(object)  # the callable's result
    failed = Signal(object)  # the exception it raised
    cancelled = Signal()
    finished = Signal()

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = name
        self._relay = _Relay()
        self.progress = Progress(self._relay)
        self._running = True
        self._relay.progressed.connect(self._on_progress)
        self._relay.done.connect(self._on_done)

    @property
    def running(self) -> bool:
        return self._running

    @Slot()
    def cancel(self) -> None:
        """Ask the task to stop; ``cancelled`` follows once the callable has returned."""
        if self._running:
            self.progress._request_cancel()

    def show_progress(
        self, parent: QWidget | None, title: str, text: str = "", *, delay_ms: int = 400
    ) -> QProgressDialog:
        """A modal progress dialog with Cancel that follows this task and closes with it.

        It appears only if the task takes longer than ``delay_ms``.
        """
        dialog = QProgressDialog(text or title, "Cancel", 0, 1000, parent)
        dialog.setWindowTitle(title)
        dialog.setMinimumDuration(delay_ms)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setValue(0)
        dialog.canceled.connect(self.cancel)

        def follow(fraction: float, message: str) -> None:
            if fraction < 0:
                dialog.setRange(0, 0)  # a busy bar
            else:
                dialog.setRange(0, 1000)
                dialog.setValue(round(fraction * 1000))
            if message:
                dialog.setLabelText(message)

        def close() -> None:
            dialog.canceled.disconnect(self.cancel)
            dialog.reset()
            dialog.hide()
            dialog.deleteLater()

        self.progressed.connect(follow)
        self.finished.connect(close)
        return dialog

    @Slot(float, str)
    def _on_progress(self, fraction: float, message: str) -> None:
        if self._running:
            self.progressed.emit(fraction, message)

    @Slot(object, object)
    def _on_done(self, result: object, error: object) -> None:
        self._running = False
        # Once cancelled, whatever the work raised while stopping (its own "cancelled"
        # error, say) or returned is dropped: it stopped because it was asked to.
        if isinstance(error, TaskCancelled) or self.progress.cancelled:
            self.cancelled.emit()
        elif error is not None:
            self.failed.emit(error)
        else:
            self.succeeded.emit(result)
        self.finished.emit()


class _Job(QRunnable):
    def __init__(self, function: Callable[[Progress], Any], task: Task) -> None:
        super().__init__()
        self.setAutoDelete(False)  # Python owns it (the runner keeps it until it is done)
        self._function = function
        self._progress = task.progress
        self._relay = task._relay

    def run(self) -> None:
        result: Any = None
        error: BaseException | None = None
        try:
            self._progress.check()
            result = self._function(self._progress)
        except TaskCancelled as exc:
            error = exc
        except Exception as exc:
            error = exc
        try:
            self._relay.done.emit(result, error)
        except RuntimeError:  # the task went with its window while this ran: nobody waits
            log.debug("a finished task's result was dropped: its window is gone")


class TaskRunner(QObject):
    """Runs tasks on its own thread pool, and waits for them before the app closes."""

    def __init__(self, parent: QObject | None = None, *, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._active: dict[Task, _Job] = {}
        _RUNNERS.add(self)

    @staticmethod
    def any_working() -> bool:
        """Whether a callable is still running on any runner of the app (one whose window
        gave up waiting for it, say)."""
        for runner in list(_RUNNERS):
            try:
                if runner._pool.activeThreadCount() > 0:
                    return True
            except RuntimeError:  # its Qt side is gone, and its pool with it
                continue
        return False

    def run(
        self,
        function: Callable[[Progress], Any],
        *,
        name: str = "",
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[BaseException], None] | None = None,
    ) -> Task:
        """Start ``function(progress)`` on a worker thread and return its :class:`Task`."""
        task = Task(name or getattr(function, "__name__", "task"), self)
        if on_success is not None:
            task.succeeded.connect(on_success)
        if on_failure is not None:
            task.failed.connect(on_failure)
        task.failed.connect(lambda exc: _log_failure(task.name, exc))
        job = _Job(function, task)
        self._active[task] = job
        task.finished.connect(lambda: self._forget(task))
        self._pool.start(job)
        return task

    @property
    def active(self) -> list[Task]:
        return list(self._active)

    def cancel_all(self) -> None:
        for task in self._active:
            task.cancel()

    def wait(self, timeout_ms: int = -1) -> bool:
        """Block until every started callable has returned (their signals may still be queued)."""
        return self._pool.waitForDone(timeout_ms)

    def shutdown(self, timeout_ms: int = 10_000) -> bool:
        """Cancel everything and wait for the workers; call before the store closes. Once
        they have all returned, no task is active any more (their last reports, still queued
        for the GUI thread, change nothing)."""
        self.cancel_all()
        done = self.wait(timeout_ms)
        if done:
            self._active.clear()
        return done

    def _forget(self, task: Task) -> None:
        self._active.pop(task, None)
        task.setParent(None)  # Python's references decide from now on how long it lives


_RUNNERS: weakref.WeakSet[TaskRunner] = weakref.WeakSet()


def _log_failure(name: str, exc: BaseException) -> None:
    if isinstance(exc, CommDeskError):  # a message for the person, not a bug
        log.info("background task %s: %s", name, exc)
    else:
        log.error("background task %s failed", name, exc_info=(type(exc), exc, exc.__traceback__))
