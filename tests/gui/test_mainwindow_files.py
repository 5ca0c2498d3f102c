"""File and Edit menus: new/open/recent databases, backups, undo/redo, copy, and a database
file that disappears or turns read-only while open."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QProgressDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from commdesk import paths
from commdesk.domain import Activity
from commdesk.gui.activity.logdialog import LogInteractionDialog
from commdesk.gui.databases import MAX_RECENT, RecentDatabases
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.sections import Section
from commdesk.gui.undo import ServiceCommand, push
from commdesk.services.overview import OverviewService
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Message boxes, recorded instead of shown: (title, text)."""
    seen: list[tuple[str, str]] = []

    def record(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        seen.append((title, text))
        return QMessageBox.StandardButton.Ok

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, record)
    return seen


def test_file_and_edit_actions_have_shortcuts(window: MainWindow) -> None:
    ui = window.ui
    assert ui.actionNewDatabase.shortcut() == QKeySequence("Ctrl+Shift+N")
    assert ui.actionOpenDatabase.shortcut() == QKeySequence("Ctrl+O")
    assert ui.actionQuit.shortcut() == QKeySequence("Ctrl+Q")
    assert ui.actionCopy.shortcut() == QKeySequence("Ctrl+C")
    assert window.edit_menu.undo.shortcut() == QKeySequence("Ctrl+Z")
    assert window.edit_menu.redo.shortcut() == QKeySequence("Ctrl+Shift+Z")
    assert ui.menuRecent.title() == "Open &Recent"
    for action in [*ui.menuFile.actions(), *ui.menuEdit.actions()]:
        assert action.isSeparator() or "&" in action.text() or not action.shortcut().isEmpty()


def test_undo_and_redo_follow_the_stack(window: MainWindow, sample: Sample) -> None:
    undo, redo = window.edit_menu.undo, window.edit_menu.redo
    assert not undo.isEnabled() and not redo.isEnabled()
    people = PeopleService(sample.store)
    made: list[int] = []
    push(
        ServiceCommand(
            window.context,
            "Add Katherine",
            lambda: made.append(people.create(PersonDraft("Katherine Johnson"))),
            lambda: people.delete([made.pop()]),
            changes=("people",),
        )
    )
    assert undo.isEnabled() and not redo.isEnabled()
    assert undo.text() == "&Undo Add Katherine"
    undo.trigger()
    assert people.count() == 3
    assert not undo.isEnabled() and redo.isEnabled()
    redo.trigger()
    assert people.count() == 4


def test_open_refuses_a_text_file_and_changes_nothing(
    window: MainWindow, tmp_path: Path, messages: list[tuple[str, str]]
) -> None:
    notes = tmp_path / "notes.sqlite"
    notes.write_text("shopping list")
    assert window.databases.open_path(notes) is None
    assert messages and "not a CommDesk database" in messages[0][1]
    assert notes.read_text() == "shopping list"
    assert window.isVisible() and window.replacement is None
    assert str(notes) not in [str(p) for p in window.databases.recent.paths()]


def test_new_database_switches_the_window(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, settings: QSettings, sample: Sample
) -> None:
    fresh = tmp_path / "fresh.sqlite"
    with qtbot.waitSignal(window.switched, timeout=5000) as switched:
        window.databases.create_path(fresh)
    new_window = switched.args[0]
    qtbot.addWidget(new_window)
    assert isinstance(new_window, MainWindow)
    assert new_window.store.path == fresh.resolve()
    assert new_window.isVisible() and not window.isVisible()
    assert new_window.windowTitle() == "fresh.sqlite — CommDesk"
    assert OverviewService(new_window.store).section_counts().people == 0
    recent = RecentDatabases(settings).paths()
    assert recent[:2] == [fresh.resolve(), sample.store.path]

    # The recent menu offers the other database; choosing it switches back.
    new_window.databases.fill_recent_menu(new_window.ui.menuRecent)
    actions = new_window.ui.menuRecent.actions()
    assert [a.toolTip() for a in actions] == [str(sample.store.path)]
    with qtbot.waitSignal(new_window.switched, timeout=5000) as back:
        actions[0].trigger()
    qtbot.addWidget(back.args[0])
    assert back.args[0].store.path == sample.store.path
    back.args[0].close()


def test_recent_list_keeps_eight_and_prunes_missing_files(
    tmp_path: Path, settings: QSettings
) -> None:
    recent = RecentDatabases(settings)
    files = []
    for number in range(10):
        path = tmp_path / f"db{number}.sqlite"
        path.write_bytes(b"")
        files.append(path)
        recent.add(path)
    assert recent.paths() == [p.resolve() for p in reversed(files)][:MAX_RECENT]
    files[9].unlink()
    assert recent.paths()[0] == files[8].resolve()
    assert len(recent.paths()) == MAX_RECENT - 1


def test_back_up_now_writes_a_backup_that_opens(window: MainWindow, qtbot: QtBot) -> None:
    destination = window.databases.default_backup_path()
    assert destination.parent == paths.backup_dir()
    destination.parent.mkdir(parents=True, exist_ok=True)
    task = window.databases.backup_to(destination)
    assert task is not None
    with qtbot.waitSignal(window.databases.backedUp, timeout=10_000):
        pass
    assert destination.is_file()
    copy = Store.open(destination)
    try:
        assert OverviewService(copy).section_counts().people == 3
    finally:
        copy.close()
    assert str(destination) in window.ui.statusbar.currentMessage()


def test_ctrl_c_copies_the_selected_rows_as_tsv(window: MainWindow, qtbot: QtBot) -> None:
    window.show_section(Section.PEOPLE)
    page = window.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    view = page.ui.tableView
    view.setFocus()
    view.selectRow(0)
    view.selectionModel().select(
        page.model.index(2, 0),
        view.selectionModel().SelectionFlag.Select | view.selectionModel().SelectionFlag.Rows,
    )
    QGuiApplication.clipboard().clear()
    QTest.keySequence(view, QKeySequence.StandardKey.Copy)
    lines = QGuiApplication.clipboard().text().splitlines()
    assert len(lines) == 2
    first = lines[0].split("\t")
    assert first[0] == "Ada Lovelace" and "Acme Corp" in first
    assert lines[1].split("\t")[0] == "Grace Hopper"
    header = view.horizontalHeader()
    shown = [c for c in range(page.model.columnCount()) if not header.isSectionHidden(c)]
    assert len(first) == len(shown)  # hidden columns are not copied

    QGuiApplication.clipboard().clear()
    assert window.edit_menu.copy()  # Edit > Copy does the same
    assert QGuiApplication.clipboard().text().splitlines() == lines


def _log_through_dialog(window: MainWindow, qtbot: QtBot, title: str) -> LogInteractionDialog:
    dialog = window.log_interaction()
    QTest.keyClicks(dialog.ui.personEdit, "Grace")
    dialog.person.suggest()
    dialog.person.choose_row(0)
    dialog.ui.titleEdit.setText(title)
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    return dialog


def _titles(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [row[0] for row in connection.execute("SELECT title FROM activities ORDER BY id")]
    finally:
        connection.close()


def test_a_read_only_database_says_so_and_keeps_what_was_saved(
    window: MainWindow, qtbot: QtBot, sample: Sample, messages: list[tuple[str, str]]
) -> None:
    store = sample.store
    assert store.path is not None
    first = _log_through_dialog(window, qtbot, "Saved before")
    assert not first.isVisible()

    # From now on every connection refuses writes, as a read-only file would.
    store.engine.dispose()
    event.listen(
        store.engine,
        "connect",
        lambda connection, _record: connection.execute("PRAGMA query_only = ON"),
    )
    second = _log_through_dialog(window, qtbot, "Never saved")
    assert second.isVisible()  # nothing lost: the form is still there to retry
    assert second.ui.titleEdit.text() == "Never saved"
    ((title, text),) = messages
    assert title == "The interaction was not saved"
    assert str(store.path) in text and "read-only" in text
    assert not window.edit_menu.undo.text().endswith("Never saved")
    second.reject()

    assert _titles(store.path) == ["Reviewed the compiler", "Saved before"]
    with store.read() as session:  # reading still works
        assert session.scalar(sa.select(sa.func.count()).select_from(Activity)) == 2


def test_a_vanished_database_file_is_reported(
    window: MainWindow,
    qtbot: QtBot,
    sample: Sample,
    messages: list[tuple[str, str]],
    tmp_path: Path,
) -> None:
    store = sample.store
    assert store.path is not None
    _log_through_dialog(window, qtbot, "Saved before")
    moved = tmp_path / "moved-away.sqlite"
    for suffix in ("-wal", "-shm", ""):  # as moving the folder would
        if Path(f"{store.path}{suffix}").exists():
            shutil.move(f"{store.path}{suffix}", f"{moved}{suffix}")
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)  # the file watcher noticed
    _title, text = messages[0]
    assert str(store.path) in text and "disappeared" in text
    assert "disappeared" in window._location.text()

    dialog = _log_through_dialog(window, qtbot, "After it went")
    assert dialog.isVisible()
    assert "is gone" in messages[-1][1] or "disappeared" in messages[-1][1]
    dialog.reject()
    QApplication.processEvents()
    assert _titles(moved) == ["Reviewed the compiler", "Saved before"]


def test_column_widths_are_restored(
    app: QApplication, qtbot: QtBot, sample: Sample, settings: QSettings
) -> None:
    first = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(first)
    first.show()
    first.show_section(Section.PEOPLE)
    page = first.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    page.ui.tableView.setColumnWidth(0, 333)
    first.close()

    second = MainWindow(sample.store, settings=settings)
    qtbot.addWidget(second)
    second.show()
    second.show_section(Section.PEOPLE)
    page = second.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    assert page.ui.tableView.columnWidth(0) == 333
    second.close()


def test_log_interaction_starts_with_the_filtered_person(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    from commdesk.gui.activity.page import ActivityPage

    window.show_section(Section.ACTIVITY)
    page = window.page(Section.ACTIVITY)
    assert isinstance(page, ActivityPage)
    page.person.set_record(sample.people["grace"], "Grace Hopper")
    dialog = window.log_interaction()
    assert dialog.person.record_id == sample.people["grace"]
    assert dialog.ui.personEdit.text() == "Grace Hopper"
    dialog.reject()


def test_a_big_database_is_checked_and_backed_up_after_the_window_shows(
    app: QApplication, qtbot: QtBot, sample: Sample, settings: QSettings
) -> None:
    """What Store.open leaves for later on a big file runs in the background once shown."""
    store = sample.store
    store.unchecked = store.backup_due = True
    opened = MainWindow(store, settings=settings)
    qtbot.addWidget(opened)
    opened.show()
    qtbot.waitUntil(lambda: opened.open_checks is not None, timeout=5_000)
    assert opened.open_checks is not None
    qtbot.waitUntil(lambda: not opened.open_checks.running, timeout=10_000)  # type: ignore[union-attr]
    assert not store.unchecked and not store.backup_due
    assert list(paths.backup_dir().glob("*daily*"))
    opened.close()


def test_opening_an_old_database_shows_its_steps_and_a_window_closed_meanwhile_keeps_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from commdesk.gui.safety import opening
    from commdesk.store import migrate
    from tests.old_databases import database_at_0001

    monkeypatch.setattr(opening, "BUSY_DIALOG_DELAY_MS", 0)  # shown at once, not after 0.3 s
    old = database_at_0001(tmp_path / "old.sqlite")
    seen: list[str] = []

    def close_when_busy() -> None:
        for dialog in window.findChildren(QProgressDialog):
            if dialog.isVisible() and not seen:
                seen.append(dialog.labelText())
                assert dialog.isModal()  # nothing else starts in the window meanwhile
                window.close()

    poll = QTimer()
    poll.timeout.connect(close_when_busy)
    poll.start(5)
    try:
        assert window.databases.open_path(old) is None
    finally:
        poll.stop()
    assert seen and "old.sqlite" in seen[0]
    assert window.replacement is None  # no new window over a closed one
    # The update went through to the end and the file was let go.
    store = Store.open(old, exclusive=True)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
    finally:
        store.close()
