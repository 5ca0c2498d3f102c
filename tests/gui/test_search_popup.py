"""Ctrl+K: the global search finds any record and Enter shows it in its section."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import Platform
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.search.popup import HitRole, SearchPopup
from commdesk.gui.sections import Section
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.records import ChannelDraft, CommunityDraft, IdentityDraft, PersonDraft
from commdesk.services.search import RecordKind
from tests.gui.conftest import Sample

# The offscreen platform warns about size hints whenever a dialog shows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def popup(window: MainWindow, qtbot: QtBot) -> SearchPopup:
    assert window.ui.actionSearch.shortcut() == QKeySequence("Ctrl+K")
    window.activateWindow()
    QTest.keyClick(window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(SearchPopup) is not None, timeout=2000)
    found = window.findChild(SearchPopup)
    assert isinstance(found, SearchPopup)
    qtbot.waitExposed(found)
    return found


def type_and_search(popup: SearchPopup, qtbot: QtBot, text: str) -> list[str]:
    popup.ui.queryEdit.clear()
    QTest.keyClicks(popup.ui.queryEdit, text)
    # The query runs after a pause in typing.
    qtbot.waitUntil(lambda: not popup._timer.isActive(), timeout=2000)
    return [popup.results.index(r).data() for r in range(popup.results.rowCount())]


def test_finds_a_person_by_email_and_enter_opens_people(
    window: MainWindow, popup: SearchPopup, qtbot: QtBot, sample: Sample
) -> None:
    rows = type_and_search(popup, qtbot, "grace@navy")
    assert rows == ["Person: Grace Hopper — grace@navy.example"]
    assert popup.ui.queryEdit.hasFocus()
    QTest.keyClick(popup.ui.queryEdit, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert window.current_section() is Section.PEOPLE
    section, record, how = window.last_opened
    assert (section, record) == (Section.PEOPLE, sample.people["grace"])
    assert how == "show_record"
    people_page = window.page(Section.PEOPLE)
    assert people_page.editor.person_id == sample.people["grace"]  # type: ignore[attr-defined]


def test_finds_a_person_by_handle(
    window: MainWindow, popup: SearchPopup, qtbot: QtBot, sample: Sample
) -> None:
    PeopleService(sample.store).update(
        sample.people["alan"],
        PersonDraft("Alan Turing", identities=(IdentityDraft(Platform.MASTODON, "@enigma"),)),
    )
    rows = type_and_search(popup, qtbot, "enigma")
    assert rows == ["Person: Alan Turing"]
    hit = popup.results.index(0).data(HitRole)
    assert (hit.kind, hit.id) == (RecordKind.PERSON, sample.people["alan"])


def test_organisation_community_and_plan(
    window: MainWindow, popup: SearchPopup, qtbot: QtBot, sample: Sample
) -> None:
    CommunityService(sample.store).create(
        CommunityDraft("Compiler Guild", channels=(ChannelDraft(Platform.DISCORD, "guild-hq"),))
    )
    assert type_and_search(popup, qtbot, "acme")[-1].startswith("Organisation: Acme Corp")
    assert type_and_search(popup, qtbot, "guild-hq") == [
        "Community: Compiler Guild — External community"
    ]
    assert type_and_search(popup, qtbot, "programme") == ["Plan: Open source programme — Draft"]

    # Down then Enter opens the second result; each kind opens its own section.
    type_and_search(popup, qtbot, "acme")
    organisation_row = next(
        r
        for r in range(popup.results.rowCount())
        if popup.results.index(r).data(HitRole).kind is RecordKind.ORGANISATION
    )
    for _ in range(organisation_row):
        QTest.keyClick(popup.ui.queryEdit, Qt.Key.Key_Down)
    QTest.keyClick(popup.ui.queryEdit, Qt.Key.Key_Return)
    assert window.current_section() is Section.ORGANISATIONS


def test_each_kind_opens_its_section(window: MainWindow, qtbot: QtBot, sample: Sample) -> None:
    community = CommunityService(sample.store).create(CommunityDraft("Compiler Guild"))
    popup = window.open_search()
    qtbot.waitExposed(popup)
    for query, section, record in (
        ("Compiler Guild", Section.COMMUNITIES, community),
        ("Open source", Section.PLANS, sample.plan),
        ("Ada", Section.PEOPLE, sample.people["ada"]),
    ):
        popup = window.open_search()
        type_and_search(popup, qtbot, query)
        popup.open_current()
        assert window.current_section() is section
        assert window.last_opened[:2] == (section, record)
    QApplication.processEvents()


def test_nothing_found_says_so(popup: SearchPopup, qtbot: QtBot) -> None:
    QTest.keyClicks(popup.ui.queryEdit, "zzzqqq")
    popup.search()
    assert popup.results.rowCount() == 0
    assert "Nothing found" in popup.ui.hintLabel.text()
    QTest.keyClick(popup.ui.queryEdit, Qt.Key.Key_Return)  # nothing to open: stays
    assert popup.isVisible()
    QTest.keyClick(popup.ui.queryEdit, Qt.Key.Key_Escape)
    assert not popup.isVisible()


def test_ctrl_k_works_from_a_text_field(window: MainWindow, qtbot: QtBot) -> None:
    window.show_section(Section.PEOPLE)
    page = window.page(Section.PEOPLE)
    edit = page.ui.filterEdit  # type: ignore[attr-defined]
    window.activateWindow()
    edit.setFocus()
    edit.setText("abc")
    edit.setCursorPosition(0)
    QTest.keyClick(edit, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.findChild(SearchPopup) is not None, timeout=2000)
    assert edit.text() == "abc"  # not "delete to the end of the line"
