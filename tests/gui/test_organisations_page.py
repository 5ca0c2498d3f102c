"""The Organisations section through its widgets, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import OrganisationKind
from commdesk.gui.context import AppContext
from commdesk.gui.organisations.page import OrganisationsPage
from commdesk.gui.tasks import TaskRunner
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.records import OrganisationDraft, PersonDraft
from commdesk.store import Store

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@dataclass
class World:
    store: Store
    context: AppContext
    page: OrganisationsPage
    acme: int
    people: dict[str, int]

    @property
    def service(self) -> OrganisationService:
        return OrganisationService(self.store)


@pytest.fixture
def world(app: QApplication, qtbot: QtBot, store: Store) -> Iterator[World]:
    acme = OrganisationService(store).create(OrganisationDraft("Acme Corp", domains=("acme.io",)))
    people = PeopleService(store)
    ids = {
        "ada": people.create(
            PersonDraft("Ada Lovelace", organisation_id=acme, emails=("ada@acme.io",))
        ),
        "alan": people.create(PersonDraft("Alan Turing", organisation_id=acme)),
        "grace": people.create(PersonDraft("Grace Hopper")),
    }
    runner = TaskRunner()
    context = AppContext(store, runner)
    page = OrganisationsPage(context)
    qtbot.addWidget(page)
    page.resize(1300, 760)
    page.show()
    qtbot.waitExposed(page)
    yield World(store, context, page, acme, ids)
    page.close()
    runner.shutdown()


def people_names(world: World) -> list[str]:
    model = world.page.detail.people
    return [model.index(r, model.NAME).data() for r in range(model.rowCount())]


def test_selecting_an_organisation_lists_its_people(world: World) -> None:
    world.page.ui.tableView.selectRow(0)
    detail = world.page.detail
    assert detail.organisation_id == world.acme
    assert detail.ui.domainsEdit.text() == "acme.io"
    assert people_names(world) == ["Ada Lovelace", "Alan Turing"]
    model = detail.people
    assert model.index(0, model.EMAIL).data() == "ada@acme.io"
    assert "2 people are with Acme Corp" in detail.ui.peopleCountLabel.text()


def test_double_click_asks_for_the_person(world: World, qtbot: QtBot) -> None:
    world.page.detail.show_organisation(world.acme)
    view = world.page.detail.ui.peopleView
    rect = view.visualRect(view.model().index(1, 0))
    with qtbot.waitSignal(world.page.personRequested, timeout=1000) as caught:
        QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert caught.args == [world.people["alan"]]
    view.setFocus()
    view.selectRow(0)
    with qtbot.waitSignal(world.page.personRequested, timeout=1000) as caught:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert caught.args == [world.people["ada"]]


def test_create_edit_delete_and_undo(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ui = world.page.detail.ui
    QTest.keyClick(world.page.ui.tableView, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ui.headingLabel.text() == "New organisation"
    QTest.keyClicks(ui.nameEdit, "Initech")
    ui.kindCombo.setCurrentIndex(ui.kindCombo.findData(OrganisationKind.NONPROFIT))
    QTest.keyClicks(ui.websiteEdit, "not a website")
    QTest.mouseClick(ui.saveButton, Qt.MouseButton.LeftButton)
    # Refused next to the field, nothing stored, the text kept.
    assert "not a web address" in ui.websiteError.text()
    assert ui.websiteEdit.text() == "not a website"
    assert world.service.find_by_name("Initech") is None

    ui.websiteEdit.clear()
    QTest.keyClicks(ui.websiteEdit, "https://initech.example")
    QTest.keyClicks(ui.domainsEdit, "initech.example, @Initech.org")
    QTest.mouseClick(ui.saveButton, Qt.MouseButton.LeftButton)
    initech = world.service.find_by_name("Initech")
    assert initech is not None
    record = world.service.get(initech)
    assert (record.kind, record.website, record.domains) == (
        OrganisationKind.NONPROFIT,
        "https://initech.example",
        ("initech.example", "initech.org"),
    )
    assert not ui.websiteError.isVisibleTo(world.page)

    # A domain another organisation has is refused by name.
    ui.domainsEdit.clear()
    QTest.keyClicks(ui.domainsEdit, "acme.io")
    QTest.mouseClick(ui.saveButton, Qt.MouseButton.LeftButton)
    assert "acme.io already belongs" in ui.domainsError.text()
    QTest.mouseClick(ui.revertButton, Qt.MouseButton.LeftButton)
    assert ui.domainsEdit.text() == "initech.example, initech.org"

    ui.nameEdit.clear()
    QTest.keyClicks(ui.nameEdit, "Initech Ltd")
    QTest.keyClick(ui.nameEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert world.service.get(initech).name == "Initech Ltd"
    world.context.undo_stack.undo()
    assert world.service.get(initech).name == "Initech"
    assert ui.nameEdit.text() == "Initech"

    # Deleting asks, says who loses their affiliation, keeps the people, and is undone.
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    world.page.detail.show_organisation(world.acme)
    QTest.mouseClick(ui.deleteButton, Qt.MouseButton.LeftButton)
    assert "2 people lose their affiliation" in asked[0]
    assert world.service.find_by_name("Acme Corp") is None
    people = PeopleService(world.store)
    assert people.get(world.people["ada"]).organisation_id is None
    assert people.count() == 3
    world.context.undo_stack.undo()
    assert people.get(world.people["ada"]).organisation == "Acme Corp"
    assert world.service.get(world.acme).domains == ("acme.io",)
    # Undo the creation as well, then redo it: the same organisation comes back.
    world.context.undo_stack.undo()
    world.context.undo_stack.undo()
    assert world.service.find_by_name("Initech") is None
    world.context.undo_stack.redo()
    assert world.service.find_by_name("Initech") == initech


def test_the_table_refreshes_and_copies(world: World) -> None:
    world.service.create(OrganisationDraft("Bluth Company"))
    world.page.refresh()
    view = world.page.ui.tableView
    view.selectAll()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["Acme Corp", "Company", "2"],
        ["Bluth Company", "Company", "0"],
    ]


def test_people_model_passes_the_model_tester(world: World, qtmodeltester: object) -> None:
    world.page.detail.show_organisation(world.acme)
    qtmodeltester.check(world.page.detail.people)  # type: ignore[attr-defined]
