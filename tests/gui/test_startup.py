"""Start-up order: the window (sidebar, menus, a page saying the database is opening) shows
first; the database is opened, checked and attached after the first paint; what only the
database needs is not imported on the way to the window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from commdesk.gui import app as app_module
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.sections import Section
from commdesk.store import Store
from tests.gui.conftest import Sample

ROOT = Path(__file__).resolve().parents[2]

HOLD = r"""
import sys
from commdesk.store import Store
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
    real_open = Store.open

    def open_watched(*args: object, **kwargs: object) -> Store:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
        seen.extend((w._painted, w.ready) for w in windows if w.isVisible())
        return real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Store, "open", open_watched)
    poll = QTimer()
    poll.timeout.connect(lambda: _close_when_ready(poll))
    poll.start(50)
    safety = QTimer()
    safety.setSingleShot(True)
    safety.timeout.connect(QApplication.quit)
    safety.start(20_000)
    try:
        assert app_module.run(path, False) == 0
    finally:
        safety.stop()
        poll.stop()
    assert seen == [(True, False)]


def _close_when_ready(poll: QTimer) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow) and widget.isVisible() and widget.ready:
            widget.close()
            poll.stop()


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
        safety = QTimer()
        safety.setSingleShot(True)
        safety.timeout.connect(QApplication.quit)
        safety.start(20_000)
        try:
            assert app_module.run(path, False) == 2
        finally:
            safety.stop()
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
