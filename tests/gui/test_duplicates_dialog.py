"""The "Possible duplicates" dialog through its widgets, on a real database file."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from commdesk import credentials
from commdesk.credentials import CredentialStore
from commdesk.domain import Person
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.platforms.duplicates import CandidatesModel, DuplicatesDialog
from commdesk.gui.platforms.page import PlatformsPage
from commdesk.gui.sections import Section
from commdesk.store import Store
from tests.unit.test_duplicates import seed

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture(autouse=True)
def secrets() -> Iterator[CredentialStore]:
    store = CredentialStore.session_only()
    credentials.use_store(store)
    yield store
    credentials.use_store(None)


@pytest.fixture
def pairs(store: Store) -> dict[str, int]:
    return seed(store)


def people(store: Store) -> set[str]:
    with store.read() as s:
        return set(s.execute(select(Person.name)).scalars())


def open_dialog(window: MainWindow, qtbot: QtBot) -> DuplicatesDialog:
    window.show_section(Section.PLATFORMS)
    page = window.page(Section.PLATFORMS)
    assert isinstance(page, PlatformsPage)
    button = page.duplicates_button
    assert button.text().replace("&", "") == "Possible duplicates (3)"
    assert button.isEnabled()
    button.click()
    dialog = button.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def test_merge_keeping_the_second_then_undo_and_redo(
    pairs: dict[str, int], window: MainWindow, qtbot: QtBot, store: Store
) -> None:
    dialog = open_dialog(window, qtbot)
    model = dialog.model
    assert model.rowCount() == 3
    first = model.index(0, CandidatesModel.FIRST).data()
    assert first == f"Ann Lee (#{pairs['ann']})"
    assert not dialog.ui.keepSecondButton.isEnabled()  # nothing selected yet
    dialog.ui.candidateView.selectRow(0)
    assert dialog.ui.keepSecondButton.isEnabled()
    dialog.ui.keepSecondButton.click()  # the merge runs on a worker
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)  # the pair and its repeat
    names = people(store)
    assert "Annie Lee" in names and "Ann Lee" not in names
    page = window.page(Section.PLATFORMS)
    assert isinstance(page, PlatformsPage)
    assert page.duplicates_button.text().replace("&", "") == "Possible duplicates (1)"
    stack = window.context.undo_stack
    assert stack.undoText() == "Merge Ann Lee into Annie Lee"
    stack.undo()
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    assert {"Ann Lee", "Annie Lee"} <= people(store)
    stack.redo()
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=10_000)
    assert "Ann Lee" not in people(store)


def test_not_the_same_person_forgets_the_pair_undoably(
    pairs: dict[str, int], window: MainWindow, qtbot: QtBot, store: Store
) -> None:
    dialog = open_dialog(window, qtbot)
    dialog.ui.candidateView.selectRow(0)
    dialog.ui.dismissButton.click()
    assert dialog.model.rowCount() == 2
    assert {"Ann Lee", "Annie Lee"} <= people(store)
    assert "2 possible duplicates" in dialog.ui.statusLabel.text()
    window.context.undo_stack.undo()
    assert dialog.model.rowCount() == 3
    dialog.close()
