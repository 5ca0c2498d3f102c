"""Starting the desktop app: the QApplication, its look, the main window, the database.

The command line opens the window through :func:`open_window` (the ``commdesk.frontends``
entry point); :func:`main` is the same with its own small argument parser.

The window shows first, its page area saying that the database is opening; once its first
frame is painted the database is opened, checked and attached (see :class:`DatabaseOpening`).
What only that needs (SQLAlchemy, the services, the Overview's charts) is imported then, so
the person sees the window in about the time a bare Qt window takes.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, NoReturn

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QFile,
    QIODevice,
    QObject,
    QTimer,
    Slot,
)
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from commdesk import __version__, logs, paths
from commdesk.errors import CommDeskError, StoreError
from commdesk.gui.mainwindow import APPLICATION, ORGANISATION, MainWindow
from commdesk.gui.tasks import TaskRunner

if TYPE_CHECKING:
    from commdesk.store import Store

log = logging.getLogger(__name__)

STYLE = ":/style.qss"
APP_ICON = ":/commdesk.svg"
DEMO_SIZE = "small"
QUIT_AFTER_VARIABLE = "COMMDESK_QUIT_AFTER_MS"
# Where a window is never painted (started minimised), the database opens after this anyway.
OPEN_UNPAINTED_AFTER_MS = 500


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """The one QApplication (made if there is none yet), named, styled and with its icon."""
    existing = QApplication.instance()
    app = (
        existing if isinstance(existing, QApplication) else QApplication(list(argv or ["commdesk"]))
    )
    QCoreApplication.setOrganizationName(ORGANISATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setApplicationDisplayName("CommDesk")
    QGuiApplication.setDesktopFileName("commdesk")
    app.setWindowIcon(QIcon(APP_ICON))
    app.setStyle("Fusion")  # the same look on every platform; the palette stays the system's
    app.setStyleSheet(style_sheet())
    return app


def style_sheet() -> str:
    """The style sheet compiled into the resources (never read from the working folder)."""
    source = QFile(STYLE)
    if not source.open(QIODevice.OpenModeFlag.ReadOnly):
        log.warning("the style sheet %s is missing from the resources", STYLE)
        return ""
    try:
        return bytes(source.readAll().data()).decode("utf-8")
    finally:
        source.close()


def open_window(db_path: Path, demo: bool = False) -> int:
    """The command line's ``desktop`` frontend: :func:`run`, then :func:`end_process` when
    nothing is left to finish (else the exit code, for a normal exit)."""
    code = run(db_path, demo)
    if nothing_left_to_finish():
        end_process(code)
    return code


def nothing_left_to_finish() -> bool:
    """Whether the process may end without Python's and Qt's teardown: no background work
    still running (a window waits ten seconds at most for its tasks; the thread pools' own
    teardown waits for the rest), and nothing of ours on the clipboard (Qt hands it over to
    the desktop's clipboard keeper as it tears down, so that a copy outlives the app)."""
    if TaskRunner.any_working():
        return False
    clipboard = QGuiApplication.clipboard()
    return not (clipboard.ownsClipboard() or clipboard.ownsSelection())


def end_process(code: int) -> NoReturn:
    """End the process with ``code`` once the window has closed, without Python's teardown
    of every module and wrapped Qt object (some 30 ms, longer than the window took to show).

    Call it only when :func:`nothing_left_to_finish`. What must outlive the process is
    written by then: :func:`run` has closed the database and the window synced its settings
    (the Settings page syncs each change). The exit handlers still run (logging's flush among
    them) and the output streams are flushed.
    """
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # Closed, or None (a windowed app on Windows has no console).
        with contextlib.suppress(AttributeError, OSError, ValueError):
            stream.flush()
    os._exit(code)


def run(db_path: Path, demo: bool = False) -> int:
    """Open the window on the database at ``db_path`` and run until it closes.

    Returns the exit code: 0, or 2 when the database cannot be opened (the reason is shown
    in a message box first). With ``demo``, an empty database is filled with demo data.
    """
    app = create_application(sys.argv[:1])
    window = MainWindow(None, location=db_path, demo=demo)
    opening = DatabaseOpening(window, db_path, demo)
    window.show()
    quit_after = _quit_after_ms()
    if quit_after is not None:
        QTimer.singleShot(quit_after, window.close)  # the last window closed ends exec()
    previous_hook = sys.excepthook
    sys.excepthook = report_uncaught
    try:
        code = app.exec()
    finally:
        sys.excepthook = previous_hook
        if opening.store is not None:
            opening.store.close()
    return opening.exit_code or code


class DatabaseOpening(QObject):
    """Opens the window's database once the window has painted its first frame: locked,
    checked, migrated and backed up daily (:func:`~commdesk.gui.safety.opening.open_for_window`),
    filled with the demo if asked, then attached. Nothing reads or writes the file before.

    When it cannot be opened, the reason is shown over the window (as a message box, as
    before the window existed), the window closes and ``exit_code`` says why."""

    def __init__(self, window: MainWindow, path: Path, demo: bool) -> None:
        super().__init__(window)
        self.window = window
        self.path = path
        self.demo = demo
        self.store: Store | None = None
        self.exit_code = 0
        self._started = False
        window.firstPainted.connect(self.open)
        QTimer.singleShot(OPEN_UNPAINTED_AFTER_MS, self.open)

    @Slot()
    def open(self) -> None:
        from commdesk.gui.safety.opening import open_for_window

        if self._started or not self.window.isVisible():
            return  # opened already, or the window closed before it painted
        self._started = True
        logs.configure()  # the command line leaves it to the window, once shown
        store = open_for_window(self.path, self.window, self.window.show_opening_step)
        if store is None:
            self._give_up(StoreError.exit_code)
            return
        self.store = store  # closed by run() once the window has closed
        if not self.window.isVisible():
            return  # closed while the file opened (a migration runs to its end first)
        if self.demo and not build_demo_if_empty(store, self.window):
            self._give_up(1)
            return
        if self.window.isVisible():  # not closed while a message was up
            self.window.attach(store)

    def _give_up(self, code: int) -> None:
        self.exit_code = code
        self.window.close()


def report_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    """The last line of defence for errors no editor caught: a write the database refused
    (file read-only or gone) is explained with the file's name; nothing passes silently."""
    from sqlalchemy.exc import SQLAlchemyError

    from commdesk.gui.databases import write_failure_text

    log.error("uncaught error", exc_info=(kind, error, traceback))
    window = _active_main_window()
    if isinstance(error, SQLAlchemyError | OSError) and window is not None and window.ready:
        QMessageBox.critical(
            window, "The change was not saved", write_failure_text(window.store, error)
        )
    elif isinstance(error, CommDeskError):
        show_error(window, "CommDesk", error)
    else:
        show_error(window, "Something went wrong", error)


def _active_main_window() -> MainWindow | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible():
            return widget
    return None


def _quit_after_ms() -> int | None:
    """``COMMDESK_QUIT_AFTER_MS``: close the window by itself after that long (smoke tests
    of a built app run it unattended)."""
    value = os.environ.get(QUIT_AFTER_VARIABLE, "").strip()
    if not value:
        return None
    try:
        return max(int(value), 0)
    except ValueError:
        log.warning("%s=%r is not a number of milliseconds; ignored", QUIT_AFTER_VARIABLE, value)
        return None


def build_demo_if_empty(store: Store, parent: QWidget | None = None) -> bool:
    """Fill an empty database with the demo world, showing progress; False if that failed
    or was cancelled (an interrupted build leaves the database as it was)."""
    from commdesk.services.overview import OverviewService

    if OverviewService(store).section_counts().people:
        return True
    from commdesk.demo import build_demo

    runner = TaskRunner()
    task = runner.run(lambda progress: build_demo(store, DEMO_SIZE, progress=progress), name="demo")
    task.show_progress(parent, "Building the demo database", "Creating people and communities…")
    failures: list[BaseException] = []
    succeeded: list[bool] = []
    task.succeeded.connect(lambda _summary: succeeded.append(True))
    task.failed.connect(failures.append)
    loop = QEventLoop()
    task.finished.connect(loop.quit)
    loop.exec()
    runner.wait()
    if failures:
        show_error(parent, "CommDesk could not build the demo database", failures[0])
    return bool(succeeded)


def show_error(parent: QWidget | None, title: str, error: BaseException) -> None:
    """Tell the person what went wrong; our own errors carry a message meant for them."""
    text = str(error) if isinstance(error, CommDeskError) else f"{type(error).__name__}: {error}"
    QMessageBox.critical(parent, title, text)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m commdesk.gui.app [--db PATH] [--demo]``."""
    parser = argparse.ArgumentParser(prog="commdesk-gui", description="Open the CommDesk window.")
    parser.add_argument("--db", metavar="PATH", help="the database file")
    parser.add_argument("--demo", action="store_true", help="open the demo database")
    args = parser.parse_args(argv)
    if args.db:
        path = Path(args.db).expanduser()
    else:
        path = paths.demo_database() if args.demo else paths.default_database()
        if path.parent == paths.data_dir():
            path.parent.mkdir(parents=True, exist_ok=True)  # our own folder, made on first use
    return run(path, args.demo)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
