"""Start-up order: the window (sidebar, menus, a page saying the database is opening) shows
first; the database is opened, checked and attached after the first paint; what only the
database needs is not imported on the way to the window."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QProgressBar
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commdesk.gui import app as app_module
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.safety import opening
from commdesk.gui.sections import Section
from commdesk.gui.tasks import TaskRunner
from commdesk.store import Store, migrate
from tests.gui.conftest import Sample, close_ready_windows, run_app
from tests.old_databases import database_at_0001

ROOT = Path(__file__).resolve().parents[2]

HOLD = r"""
import sys
from commdesk.store import Store, migrate
from commdesk.store.engine import make_engine, url_for
store = Store.open(sys.argv[1], exclusive=True)
print("locked", flush=True)
sys.stdin.readline()
store.close()
"""


def test_the_frame_shows_a_loading_page_until_the_database_is_attached(
    app: QApplication, qtbot: QtBot, sample: Sample, settings: QSettings
) -> None:
    assert sample.store.path is not None
    window = MainWindow(None, location=sample.store.path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    assert not window.ready
    opening = window.ui.pages.currentWidget()
    assert isinstance(opening, QLabel)
    assert opening.text() == f"Opening {sample.store.path.name}…"
    assert window.windowTitle() == f"{sample.store.path.name} — CommDesk"
    assert not window.ui.actionSearch.isEnabled() and not window.ui.actionImport.isEnabled()
    # Choosing a section meanwhile builds no page; it is the one shown once attached.
    window.show_section(Section.PLANS)
    assert list(window.pages.items()) == []
    assert window.ui.pages.currentWidget() is opening
    window.refresh()  # nothing to count yet, and no error

    window.attach(sample.store)
    assert window.ready
    assert [section for section, _page in window.pages.items()] == [Section.PLANS]
    assert window.ui.pages.currentWidget() is window.page(Section.PLANS)
    assert window.ui.pages.count() == len(Section)  # the loading page is gone
    assert window.ui.actionSearch.isEnabled() and window.ui.actionImport.isEnabled()
    qtbot.waitUntil(lambda: window.figures is not None, timeout=10_000)
    with pytest.raises(RuntimeError):
        window.attach(sample.store)
    window.close()


def test_the_database_opens_after_the_first_paint(
    app: QApplication, sample: Sample, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = sample.store.path
    assert path is not None
    seen: list[tuple[bool, bool]] = []  # (painted, ready) when the database is asked for
    threads: list[threading.Thread] = []  # where it is opened
    real_open_in_background = opening.open_in_background
    real_open = Store.open

    def open_watched(*args: Any, **kwargs: Any) -> Store:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend((w._painted, w.ready) for w in windows if w.isVisible())
        return real_open_in_background(*args, **kwargs)

    def store_open(*args: Any, **kwargs: Any) -> Store:
        threads.append(threading.current_thread())
        return real_open(*args, **kwargs)

    monkeypatch.setattr(opening, "open_in_background", open_watched)
    monkeypatch.setattr(Store, "open", store_open)
    assert run_app(path, poll=close_ready_windows) == 0
    assert seen == [(True, False)]
    assert len(threads) == 1 and threads[0] is not threading.main_thread()


def test_an_old_database_is_updated_off_the_gui_thread_and_the_window_says_so(
    app: QApplication, qtbot: QtBot, tmp_path: Path, settings: QSettings
) -> None:
    path = database_at_0001(tmp_path / "old.sqlite")
    window = MainWindow(None, location=path, settings=settings)
    qtbot.addWidget(window)
    window.show()
    told: list[tuple[str, str]] = []  # (step, what the page area then says)

    def say(step: str) -> None:
        window.show_opening_step(step)
        page = window.ui.pages.currentWidget()
        told.append((step, page.text() if isinstance(page, QLabel) else ""))

    ticks: list[int] = []
    ticker = QTimer()
    ticker.timeout.connect(lambda: ticks.append(1))
    ticker.start(0)
    try:
        store = opening.open_for_window(path, window, say)
    finally:
        ticker.stop()
    assert store is not None
    try:
        assert [step for step, _text in told] == [
            "Backing up old.sqlite before updating it…",
            "Updating old.sqlite for this version of CommDesk…",
        ]
        assert told[-1][1].startswith("Updating old.sqlite for this version of CommDesk…")
        assert "ready once this is done" in told[-1][1]
        assert ticks, "the event loop stood still while the database was updated"
        assert window.findChild(QProgressBar, "openingBusy") is not None
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
        window.attach(store)
        assert window.ready
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        assert window.findChild(QProgressBar, "openingBusy") is None
    finally:
        window.close()
        store.close()


def test_a_database_locked_by_another_app_is_refused_over_the_window(
    app: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found after the window shows, the lock is still said plainly; the window closes."""
    path = tmp_path / "busy.sqlite"
    Store.open(path).close()
    warnings: list[tuple[str, bool]] = []

    def warn(parent: object, title: str, text: str, *args: object) -> None:
        assert isinstance(parent, MainWindow) and parent.isVisible()
        warnings.append((title, parent.ready))

    monkeypatch.setattr(QMessageBox, "warning", warn)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    ) as other:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        try:
            assert run_app(path) == 2
        finally:
            assert other.stdin is not None
            other.stdin.write("\n")
            other.stdin.flush()
            other.wait(timeout=30)
    assert warnings == [("The database is already open", False)]
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_opening_the_window_loads_neither_the_database_layer_nor_the_charts(
    tmp_path: Path,
) -> None:
    """Up to the shown window (closed at once): no SQLAlchemy, numpy or pyqtgraph, no
    spreadsheet or HTTP library, no keyring; and the file is not touched before its checks."""
    path = tmp_path / "never-opened.sqlite"
    # The window's process ends as soon as it closes (app.end_process): the exit handlers
    # it still runs report what was loaded, and its output reaches the pipe.
    probe = (
        "import atexit, json, sys\n"
        "from commdesk import cli\n"
        "heavy = ('sqlalchemy', 'alembic', 'numpy', 'pyqtgraph', 'xlsxwriter',"
        " 'python_calamine', 'httpx', 'keyring', 'cryptography')\n"
        "atexit.register(lambda: print(json.dumps(sorted(m for m in heavy if m in sys.modules))))\n"
        f"raise SystemExit(cli.main(['--db', {str(path)!r}]))\n"
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        app_module.QUIT_AFTER_VARIABLE: "0",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [sys.executable, "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert not path.exists()
    # Ended without Python's teardown, yet the window's settings were written.
    saved = QSettings(
        str(tmp_path / "config" / "CommDesk" / "CommDesk.conf"), QSettings.Format.IniFormat
    )
    assert saved.value("mainwindow/geometry") is not None
    assert saved.value("mainwindow/section") == Section.OVERVIEW.key


def test_closing_the_window_while_its_database_is_updated_lets_the_update_finish(
    app: QApplication, tmp_path: Path
) -> None:
    path = database_at_0001(tmp_path / "old.sqlite")
    closed_while_opening: list[str] = []

    def close_once_busy() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible() and widget._busy:
                page = widget.ui.pages.currentWidget()
                closed_while_opening.append(page.text() if isinstance(page, QLabel) else "")
                widget.close()

    assert run_app(path, poll=close_once_busy, every_ms=5) == 0
    assert closed_while_opening and "old.sqlite" in closed_while_opening[0]
    # The update ran to its end and the file was let go: it opens, exclusively, at the head.
    store = Store.open(path, exclusive=True)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert (
                connection.execute(text("SELECT name FROM people")).scalar_one() == "Ada Lovelace"
            )
    finally:
        store.close()


def test_the_process_ends_at_once_only_when_nothing_is_left_to_finish(
    app: QApplication, qtbot: QtBot
) -> None:
    assert app_module.nothing_left_to_finish()
    # Background work still running somewhere (a window gave up waiting for it).
    release = threading.Event()
    runner = TaskRunner()
    task = runner.run(lambda _progress: release.wait(10), name="slow")
    try:
        assert not app_module.nothing_left_to_finish()
    finally:
        release.set()
        runner.wait()
    qtbot.waitUntil(lambda: not task.running)
    assert app_module.nothing_left_to_finish()


CLIPBOARD_PROBE = """
from PySide6.QtGui import QGuiApplication
from commdesk.gui import app as app_module
app = app_module.create_application()
before = app_module.nothing_left_to_finish()
QGuiApplication.clipboard().setText("ada@engines.example")
print(before, app_module.nothing_left_to_finish())
"""


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (.ci/run installs it)")
def test_the_process_does_not_end_at_once_while_it_holds_the_clipboard() -> None:
    """On X11 what was copied lives in the app until Qt's teardown hands it to the desktop's
    clipboard keeper: with something of ours on the clipboard the process exits normally.
    (The offscreen platform has no clipboard owners, so this runs on a virtual X server.)"""
    env = {**os.environ, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        ["xvfb-run", "-a", sys.executable, "-c", CLIPBOARD_PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "False"]
