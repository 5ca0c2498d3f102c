"""What opening a big database leaves for after the window shows: the full page check and
the daily backup (Store.open does both on the way in for files up to QUICK_CHECK_LIMIT).
They run in the background; damage found is reported with the way out."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from commdesk.gui.tasks import Progress, Task, TaskRunner
from commdesk.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class OpenChecks:
    problem: str | None  # the first damage found, or None
    backup: Path | None  # the daily backup taken, if one was due


def run_open_checks(store: Store, tasks: TaskRunner, parent: QWidget) -> Task | None:
    """Start the deferred checks of ``store`` (None if there are none)."""
    if not (store.unchecked or store.backup_due):
        return None

    def work(progress: Progress) -> OpenChecks:
        progress(None, "Checking the database")
        problem = store.verify_pages() if store.unchecked else None
        if problem is not None:
            return OpenChecks(problem, None)  # never copy a damaged file over good backups
        progress(None, "Backing up the database")
        return OpenChecks(None, store.take_daily_backup())

    def done(checks: OpenChecks) -> None:
        if checks.problem is not None:
            QMessageBox.critical(
                parent,
                "The database is damaged",
                f"{checks.problem}.\n\nCommDesk has not changed the file. Use File > Restore "
                "from backup… to bring back the newest good backup (the damaged file is kept "
                "beside it), or copy your work elsewhere before closing.",
            )

    def failed(error: BaseException) -> None:
        log.warning("the checks after opening failed: %s", error)

    return tasks.run(work, name="check the database", on_success=done, on_failure=failed)
