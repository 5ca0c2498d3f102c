"""The Activity section: filters in SQL, and the Ctrl+L "Log interaction" dialog (undoable)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from commdesk.domain import Activity
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.gui.activity.logdialog import LogInteractionDialog
from commdesk.gui.activity.page import ActivityPage
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.sections import Section
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.records import CommunityDraft
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def activity_page(window: MainWindow) -> ActivityPage:
    window.show_section(Section.ACTIVITY)
    page = window.page(Section.ACTIVITY)
    assert isinstance(page, ActivityPage)
    return page


def titles(page: ActivityPage) -> list[str]:
    model = page.model
    return [model.index(r, model.TITLE).data() for r in range(model.rowCount())]


def stored_titles(sample: Sample) -> list[str | None]:
    with sample.store.read() as session:
        return list(session.scalars(sa.select(Activity.title).order_by(Activity.id)))


@pytest.fixture
def more_activity(sample: Sample) -> int:
    """Two more interactions: Ada's post yesterday (in a community), and an old message."""
    community = CommunityService(sample.store).create(CommunityDraft("Compiler Guild"))
    log = ActivityService(sample.store)
    now = datetime.now(UTC)
    log.log(
        ActivityDraft(
            sample.people["ada"],
            now - timedelta(days=1),
            Platform.MASTODON,
            ActivityKind.POST,
            community_id=community,
            title="Notes on the engine",
        )
    )
    log.log(
        ActivityDraft(
            sample.people["alan"],
            now - timedelta(days=40),
            Platform.EMAIL,
            ActivityKind.MESSAGE,
            title="Old letter",
        )
    )
    return community


def fill_person(dialog: LogInteractionDialog, qtbot: QtBot, text: str) -> None:
    dialog.ui.personEdit.setFocus()
    QTest.keyClicks(dialog.ui.personEdit, text)
    qtbot.waitUntil(lambda: dialog.person.suggestions.rowCount() > 0, timeout=2000)
    dialog.person.choose_row(0)


def test_ctrl_l_logs_an_interaction_that_undo_removes(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    page = activity_page(window)
    assert page.model.rowCount() == 1
    assert window.ui.actionLogInteraction.shortcut() == QKeySequence("Ctrl+L")
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(LogInteractionDialog) is not None, timeout=2000)
    dialog = window.findChild(LogInteractionDialog)
    assert isinstance(dialog, LogInteractionDialog)

    fill_person(dialog, qtbot, "Ada")
    assert dialog.ui.personEdit.text() == "Ada Lovelace"
    assert dialog.person.record_id == sample.people["ada"]
    dialog.ui.kindEdit.setCurrentIndex(dialog.ui.kindEdit.findData("meeting"))
    dialog.ui.platformEdit.setCurrentIndex(dialog.ui.platformEdit.findData("in_person"))
    QTest.keyClicks(dialog.ui.titleEdit, "Coffee about the engine")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()

    assert not dialog.isVisible()
    assert stored_titles(sample) == ["Reviewed the compiler", "Coffee about the engine"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 2, timeout=3000)
    model = page.model
    assert model.index(0, model.TITLE).data() == "Coffee about the engine"  # newest first
    assert model.index(0, model.PERSON).data() == "Ada Lovelace"
    assert model.index(0, model.KIND).data() == "Meeting"

    assert window.edit_menu.undo.isEnabled()
    assert window.edit_menu.undo.text() == "&Undo Log interaction"
    window.edit_menu.undo.trigger()
    assert stored_titles(sample) == ["Reviewed the compiler"]
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)
    window.edit_menu.redo.trigger()
    assert stored_titles(sample) == ["Reviewed the compiler", "Coffee about the engine"]


def test_the_dialog_shows_what_is_wrong_next_to_the_field(
    window: MainWindow, qtbot: QtBot, sample: Sample
) -> None:
    page = activity_page(window)
    QTest.mouseClick(page.filters.logButton, Qt.MouseButton.LeftButton)
    dialog = window.findChild(LogInteractionDialog)
    assert isinstance(dialog, LogInteractionDialog)
    save = dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save)

    save.click()
    assert "Who was it with" in dialog.error_text("person")
    QTest.keyClicks(dialog.ui.personEdit, "Nobody Known")
    dialog.ui.linkEdit.setText("not a link")
    save.click()
    assert "Choose a person" in dialog.error_text("person")
    assert dialog.ui.personEdit.text() == "Nobody Known"  # the text stays

    dialog.ui.personEdit.clear()
    fill_person(dialog, qtbot, "grace@navy")
    QTest.keyClicks(dialog.ui.communityEdit, "No such place")
    save.click()
    assert dialog.error_text("person") == ""
    assert "Choose a community" in dialog.error_text("community")
    dialog.ui.communityEdit.clear()
    save.click()
    assert dialog.error_text("link") != ""  # the service refused the link
    assert dialog.ui.linkEdit.text() == "not a link"
    assert dialog.isVisible()
    assert stored_titles(sample) == ["Reviewed the compiler"]

    dialog.ui.linkEdit.setText("https://example.org/talk")
    save.click()
    assert not dialog.isVisible()
    assert len(stored_titles(sample)) == 2


def test_filters_change_the_rows(
    window: MainWindow, qtbot: QtBot, sample: Sample, more_activity: int
) -> None:
    page = activity_page(window)
    f = page.filters
    assert page.model.rowCount() == 3

    # Person: chosen from the suggestions (at most 20, asked as one types).
    f.personEdit.setFocus()
    QTest.keyClicks(f.personEdit, "Ada")
    qtbot.waitUntil(lambda: page.person.suggestions.rowCount() > 0, timeout=2000)
    page.person.choose_row(0)
    assert titles(page) == ["Notes on the engine"]
    assert page.ui.countLabel.text() == "1 of 3 interactions shown"
    QTest.keyClick(f.personEdit, Qt.Key.Key_Backspace)  # editing the name drops the filter
    assert page.model.rowCount() == 3
    f.personEdit.clear()

    # Kind.
    f.kindCombo.setCurrentIndex(f.kindCombo.findData("message"))
    f.kindCombo.activated.emit(f.kindCombo.currentIndex())
    assert titles(page) == ["Old letter"]
    f.kindCombo.setCurrentIndex(0)
    f.kindCombo.activated.emit(0)
    assert page.model.rowCount() == 3

    # Community (its combo lists every community).
    assert f.communityCombo.findText("Compiler Guild") > 0
    f.communityCombo.setCurrentIndex(f.communityCombo.findData(more_activity))
    f.communityCombo.activated.emit(f.communityCombo.currentIndex())
    assert titles(page) == ["Notes on the engine"]
    f.communityCombo.setCurrentIndex(0)
    f.communityCombo.activated.emit(0)

    # Date range: from 10 days ago leaves out the old letter; up to 30 days ago keeps it only.
    today = QDate.currentDate()
    f.sinceEdit.setDate(today.addDays(-10))
    assert sorted(titles(page)) == ["Notes on the engine", "Reviewed the compiler"]
    f.sinceEdit.setDate(f.sinceEdit.minimumDate())
    assert f.sinceEdit.text() == "Any date"
    f.untilEdit.setDate(today.addDays(-30))
    assert titles(page) == ["Old letter"]
    f.sinceEdit.setDate(today.addDays(-20))
    assert page.model.rowCount() == 0
    assert "No interactions match the filters" in page.ui.messageLabel.text()

    QTest.mouseClick(f.clearButton, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    assert page.model.filters == {}
