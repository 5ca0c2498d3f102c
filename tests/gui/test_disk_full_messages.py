"""A full disk while saving from the People page: the editor says the disk is full, names the
database's folder and the edit that was not saved, says nothing was half-written, keeps the
text typed, and saves it once there is room again.

On a real, tiny file system (a 2 MB tmpfs, mounted when the tests run as root), and with
SQLite's ``max_page_count`` as the stand-in everywhere else (as tests/integration does).
"""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from commdesk.gui.context import AppContext
from commdesk.gui.importing.dialog import ImportPeopleDialog
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.tasks import TaskRunner
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store
from tests.integration import test_disk_full as disk_full

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

tiny_disk = disk_full.tiny_disk  # the 2 MB tmpfs fixture (skips when not root)
NOTES = "n" * 90_000  # some twenty pages (notes take 100,000 at most): more than there is room for


@pytest.fixture
def open_page(
    app: QApplication, qtbot: QtBot, settings: QSettings
) -> Iterator[Callable[[Store], PeoplePage]]:
    runners: list[TaskRunner] = []

    def opened(store: Store) -> PeoplePage:
        tasks = TaskRunner()
        runners.append(tasks)
        context = AppContext(store, tasks)
        page = PeoplePage(context, settings=settings)
        context.changed.connect(lambda _what: page.refresh())  # as the main window does
        qtbot.addWidget(page)
        page.resize(1200, 700)
        page.show()
        qtbot.waitExposed(page)
        return page

    yield opened
    for tasks in runners:
        tasks.shutdown()


def _save_notes(page: PeoplePage, qtbot: QtBot) -> None:
    editor = page.editor
    editor.ui.notesEdit.setPlainText(NOTES)
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]


def _refused_on_a_full_disk(page: PeoplePage, qtbot: QtBot, store: Store, ada: int) -> None:
    editor = page.editor
    assert store.path is not None and editor.person_id == ada
    undo_steps = page.context.undo_stack.count()
    _save_notes(page, qtbot)
    text = editor.ui.recordError.text()
    assert editor.ui.recordError.isVisible(), text
    assert text.startswith("The disk is full"), text
    assert str(store.path.parent) in text  # the folder of the database
    assert "“Edit Ada Lovelace” was not saved" in text
    assert "nothing of it was half-written" in text
    assert "could not be saved" not in text  # not the generic message
    assert editor.ui.notesEdit.toPlainText() == NOTES  # the text typed is kept for a retry
    assert page.context.undo_stack.count() == undo_steps
    assert PeopleService(store).get(ada).notes is None
    connection = sqlite3.connect(store.path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def _saved_once_there_is_room(page: PeoplePage, qtbot: QtBot, store: Store, ada: int) -> None:
    _save_notes(page, qtbot)
    assert not page.editor.ui.recordError.isVisible(), page.editor.ui.recordError.text()
    assert PeopleService(store).get(ada).notes == NOTES


def test_a_page_limit_standing_in_for_a_full_disk_is_named(
    store: Store, open_page: Callable[[Store], PeoplePage], qtbot: QtBot
) -> None:
    ada = PeopleService(store).create(PersonDraft("Ada Lovelace"))
    limit = {"pages": 0}

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        if limit["pages"]:
            # A PRAGMA takes no bound parameters; the value is an int we computed.
            dbapi_connection.execute("PRAGMA max_page_count = " + str(int(limit["pages"])))

    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    assert isinstance(pages, int)
    limit["pages"] = pages + 3
    store.engine.dispose()  # new connections get the limit
    page = open_page(store)
    _refused_on_a_full_disk(page, qtbot, store, ada)
    limit["pages"] = 0
    store.engine.dispose()
    _saved_once_there_is_room(page, qtbot, store, ada)


def test_a_full_file_system_is_named(
    tiny_disk: Path, open_page: Callable[[Store], PeoplePage], qtbot: QtBot
) -> None:
    ballast = tiny_disk / "ballast"
    ballast.write_bytes(b"\0" * 400_000)  # room to free later
    store = Store.open(tiny_disk / "commdesk.sqlite")
    try:
        people = PeopleService(store)
        ada = people.create(PersonDraft("Ada Lovelace"))
        filler = disk_full.fill_until_full(people)
        assert filler
        page = open_page(store)
        page.editor.show_person(ada)
        _refused_on_a_full_disk(page, qtbot, store, ada)
        ballast.unlink()  # the person makes room
        _saved_once_there_is_room(page, qtbot, store, ada)
    finally:
        store.close()


def test_an_import_on_a_full_disk_says_so_and_imports_nothing(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    store = window.context.store
    assert store.path is not None
    source = tmp_path / "members.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        rows = [[f"Member {n}", f"m{n}@example.org", "x" * 5000] for n in range(200)]
        csv.writer(handle).writerows([["Name", "Email", "Notes"], *rows])
    people = PeopleService(store)
    before = people.count()
    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    assert isinstance(pages, int)

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = " + str(pages + 40))

    store.engine.dispose()  # new connections get the limit
    window.ui.actionImport.trigger()
    dialog = window.findChild(ImportPeopleDialog)
    assert isinstance(dialog, ImportPeopleDialog)
    with qtbot.waitSignal(dialog.inspected, timeout=10_000):
        dialog.open_file(source)
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as done:
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert done.args[0] is None
    text = dialog.ui.resultLabel.text()
    assert text.startswith("The disk is full"), text
    assert str(store.path.parent) in text
    assert "The import of members.csv was not saved, and nothing of it was half-written" in text
    assert people.count() == before
