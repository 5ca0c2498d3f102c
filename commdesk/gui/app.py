"""Starting the desktop app: the QApplication, its look, the database, the main window.

The command line opens the window through :func:`run` (the ``commdesk.frontends`` entry
point); :func:`main` is the same with its own small argument parser.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QEventLoop, QFile, QIODevice, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from sqlalchemy.exc import SQLAlchemyError

from commdesk import __version__, paths
from commdesk.errors import CommDeskError, StoreError
from commdesk.gui.databases import write_failure_text
from commdesk.gui.mainwindow import APPLICATION, ORGANISATION, MainWindow
from commdesk.gui.safety.opening import open_for_window
from commdesk.gui.tasks import TaskRunner
from commdesk.services.overview import OverviewService
from commdesk.store import Store

log = logging.getLogger(__name__)

STYLE = ":/style.qss"
APP_ICON = ":/commdesk.svg"
DEMO_SIZE = "small"
QUIT_AFTER_VARIABLE = "COMMDESK_QUIT_AFTER_MS"


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


def run(db_path: Path, demo: bool = False) -> int:
    """Open the window on the database at ``db_path`` and run until it closes.

    Returns the exit code: 0, or 2 when the database cannot be opened (the reason is shown
    in a message box first). With ``demo``, an empty database is filled with demo data.
    """
    app = create_application(sys.argv[:1])
    store = open_for_window(db_path)  # locked, checked, backed up daily; says why not
    if store is None:
        return StoreError.exit_code
    try:
        if demo and not build_demo_if_empty(store):
            return 1
        window = MainWindow(store, demo=demo)
        window.show()
        quit_after = _quit_after_ms()
        if quit_after is not None:
            QTimer.singleShot(quit_after, window.close)  # the last window closed ends exec()
        previous_hook = sys.excepthook
        sys.excepthook = report_uncaught
        try:
            return app.exec()
        finally:
            sys.excepthook = previous_hook
    finally:
        store.close()


def report_uncaught(
    kind: type[BaseException], error: BaseException, traceback: TracebackType | None
) -> None:
    """The last line of defence for errors no editor caught: a write the database refused
    (file read-only or gone) is explained with the file's name; nothing passes silently."""
    log.error("uncaught error", exc_info=(kind, error, traceback))
    window = _active_main_window()
    if isinstance(error, SQLAlchemyError | OSError) and window is not None:
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
