"""Sync in the desktop app: "Sync now" for one account or all, and the schedule.

    sync_now(context, [account_id], parent=page)   # what the Platforms page's button calls
    syncing = controller_for(context)         # the context's one controller, schedule running

    syncing = SyncController(context, parent=page)
    syncing.sync([account_id], parent=page)   # Sync now, with a progress dialog and Cancel
    syncing.sync_all(parent=page)             # every account, one after the other
    syncing.start_schedule()                  # accounts with an interval, and offline retries
    syncing.finished.connect(lambda results: ...)   # list[SyncOutcome], on the GUI thread
    syncing.running                           # True while a sync runs (buttons disable)

Syncs run on the context's TaskRunner (never on the GUI thread), one at a time; afterwards the
context's ``changed`` signal tells the views what to re-read. An offline account is not an
error to shout about: its status says "offline, will retry" and the schedule retries it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QWidget

from commdesk.domain import SyncStatus
from commdesk.domain.base import utc_now
from commdesk.errors import CommDeskError
from commdesk.gui.context import AppContext
from commdesk.gui.tasks import Progress, Task
from commdesk.store import Store
from commdesk.sync import state
from commdesk.sync.engine import SyncOptions, sync_account
from commdesk.sync.errors import SyncCancelled, SyncOffline
from commdesk.sync.schedule import DEFAULT_RETRY_MINUTES, due_accounts

TICK_MS = 60_000  # how often the schedule looks for accounts that are due
CHANGED = ("accounts", "people", "activities", "memberships")


@dataclass(frozen=True)
class SyncOutcome:
    """One account's result, as plain values for the GUI thread."""

    account_id: int
    status: SyncStatus
    message: str


class SyncController(QObject):
    started = Signal()
    finished = Signal(object)  # list[SyncOutcome]

    def __init__(
        self,
        context: AppContext,
        parent: QObject | None = None,
        *,
        options: SyncOptions | None = None,
        retry_minutes: int = DEFAULT_RETRY_MINUTES,
        tick_ms: int = TICK_MS,
    ) -> None:
        super().__init__(parent)
        self.context = context
        self.options = options or SyncOptions()
        self.retry_minutes = retry_minutes
        self._task: Task | None = None
        self._attempts: dict[int, datetime] = {}
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self.run_due)

    @property
    def running(self) -> bool:
        return self._task is not None

    @property
    def task(self) -> Task | None:
        """The running sync's task (its progress, Cancel), or None."""
        return self._task

    def sync(self, account_ids: Sequence[int], parent: QWidget | None = None) -> Task | None:
        """Sync these accounts now; with ``parent``, a progress dialog with Cancel shows.
        Returns None when a sync is already running."""
        if self._task is not None or not account_ids:
            return None
        ids = list(account_ids)
        now = utc_now()
        for account_id in ids:
            self._attempts[account_id] = now
        store, options = self.context.store, self.options
        task = self.context.tasks.run(lambda p: _sync_many(store, ids, p, options), name="sync")
        outcomes: list[SyncOutcome] = []
        task.succeeded.connect(outcomes.extend)
        task.finished.connect(lambda: self._done(outcomes))
        self._task = task
        if parent is not None:
            task.show_progress(parent, "Synchronising", "Connecting…")
        self.started.emit()
        self.context.notify("accounts")  # their status now reads "Synchronising"
        return task

    def sync_all(self, parent: QWidget | None = None) -> Task | None:
        return self.sync(state.account_ids(self.context.store), parent)

    def start_schedule(self) -> None:
        self._timer.start()

    def stop_schedule(self) -> None:
        self._timer.stop()

    @Slot()
    def run_due(self) -> Task | None:
        """Sync, in the background without a dialog, the accounts whose time has come."""
        if self._task is not None:
            return None
        due = due_accounts(
            self.context.store, utc_now(), self._attempts, retry_minutes=self.retry_minutes
        )
        return self.sync(due) if due else None

    def _done(self, outcomes: list[SyncOutcome]) -> None:
        self._task = None
        self.context.notify(*CHANGED)
        self.finished.emit(outcomes)


def controller_for(context: AppContext) -> SyncController:
    """The context's one SyncController, made (and its schedule started) on first use: call it
    when the window opens so that the schedule runs from the start. Accounts a killed app left
    "syncing" are marked interrupted then (no sync of this app runs yet)."""
    controller = context.findChild(SyncController)
    if controller is None:
        state.reset_interrupted(context.store)
        controller = SyncController(context, context)
        controller.start_schedule()
    return controller


def sync_now(context: AppContext, account_ids: Sequence[int], parent: QWidget) -> Task | None:
    """Sync these accounts now, with a progress dialog over ``parent``; None if one is running."""
    return controller_for(context).sync(account_ids, parent)


def _sync_many(
    store: Store, ids: list[int], progress: Progress, options: SyncOptions
) -> list[SyncOutcome]:
    """Worker thread: each account in turn; one account offline or failing stops only itself."""
    outcomes: list[SyncOutcome] = []
    for number, account_id in enumerate(ids):

        def report(fraction: float | None, message: str, n: int = number) -> bool:
            overall = None if fraction is None else (n + fraction) / len(ids)
            return progress(overall, message)

        try:
            summary = sync_account(store, account_id, progress=report, options=options).summary
            outcomes.append(SyncOutcome(account_id, SyncStatus.OK, summary))
        except SyncCancelled:
            raise
        except SyncOffline as exc:
            outcomes.append(SyncOutcome(account_id, SyncStatus.OFFLINE, str(exc)))
        except CommDeskError as exc:
            outcomes.append(SyncOutcome(account_id, SyncStatus.FAILED, str(exc)))
    return outcomes
