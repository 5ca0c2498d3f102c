"""The Communities section through its widgets, on a real SQLite file."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import MembershipRole, Platform, StakeholderRole
from commdesk.gui.communities.members import CommunityMembersModel
from commdesk.gui.communities.page import CommunitiesPage
from commdesk.gui.context import AppContext
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.sections import Section
from commdesk.gui.tablemodel import IdRole
from commdesk.gui.tasks import TaskRunner
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.records import ChannelDraft, CommunityDraft, PersonDraft
from commdesk.store import Store

# The offscreen platform has no window system to pass size hints, raise a completer's popup or
# grab the keyboard for it; nothing to fix.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@dataclass
class World:
    store: Store
    context: AppContext
    page: CommunitiesPage
    people: dict[str, int]
    forum: int
    guild: int

    @property
    def service(self) -> CommunityService:
        return CommunityService(self.store)


@pytest.fixture
def world(app: QApplication, qtbot: QtBot, store: Store) -> Iterator[World]:
    people = PeopleService(store)
    ids = {
        "ada": people.create(
            PersonDraft("Ada Lovelace", roles=(StakeholderRole.PARTNER, StakeholderRole.EMPLOYEE))
        ),
        "grace": people.create(PersonDraft("Grace Hopper")),
        "alan": people.create(PersonDraft("Alan Turing", roles=(StakeholderRole.CUSTOMER,))),
    }
    communities = CommunityService(store)
    forum = communities.create(
        CommunityDraft("Forum", channels=(ChannelDraft(Platform.DISCOURSE, "forum.example"),))
    )
    guild = communities.create(CommunityDraft("Guild"))
    communities.add_member(forum, ids["ada"], MembershipRole.MODERATOR)
    communities.add_member(guild, ids["ada"])
    communities.add_member(guild, ids["grace"])
    runner = TaskRunner()
    context = AppContext(store, runner)
    page = CommunitiesPage(context)
    qtbot.addWidget(page)
    page.resize(1400, 800)
    page.show()
    qtbot.waitExposed(page)
    yield World(store, context, page, ids, forum, guild)
    page.close()
    runner.shutdown()


def select_community(world: World, name: str) -> None:
    model = world.page.model
    for row in range(model.rowCount()):
        if model.index(row, model.NAME).data() == name:
            world.page.ui.tableView.selectRow(row)
            return
    raise AssertionError(f"{name} is not in the table")


def member_names(world: World) -> list[str]:
    model = world.page.detail.members.model
    return [model.index(r, model.NAME).data() for r in range(model.rowCount())]


def wait_for_counts(world: World) -> None:
    """The mix and the overlap are counted off the GUI thread: wait for the answer."""
    deadline = time.monotonic() + 5
    while world.page.detail.insights.counting:
        assert time.monotonic() < deadline, "the counts never came"
        QTest.qWait(5)


def overlap_rows(world: World) -> list[tuple[str, str]]:
    wait_for_counts(world)
    model = world.page.detail.insights.overlaps
    return [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())]


def mix_text(world: World, role: StakeholderRole | None) -> str:
    wait_for_counts(world)
    return world.page.detail.insights.bars[role][1].text()


def test_create_edit_and_delete_a_community_with_undo(
    world: World, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    ui = world.page.detail.ui
    QTest.keyClick(world.page.ui.tableView, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert ui.headingLabel.text() == "New community"
    assert ui.nameEdit.hasFocus() or not world.page.isActiveWindow()
    QTest.keyClicks(ui.nameEdit, "Makers")
    ui.purposeEdit.setPlainText("Hardware tinkering")
    QTest.mouseClick(ui.addChannelButton, Qt.MouseButton.LeftButton)
    row = world.page.detail.editor.channels[0]
    row.platform.setCurrentIndex(row.platform.findData(Platform.SLACK))
    QTest.keyClicks(row.address, "#makers")
    QTest.mouseClick(ui.saveButton, Qt.MouseButton.LeftButton)
    makers = world.service.find_by_name("Makers")
    assert makers is not None
    record = world.service.get(makers)
    assert (record.purpose, record.channels) == (
        "Hardware tinkering",
        (ChannelDraft(Platform.SLACK, "#makers"),),
    )
    assert ui.headingLabel.text() == "Makers"

    # An empty name is refused next to the field; the text typed elsewhere stays.
    ui.nameEdit.clear()
    QTest.keyClicks(ui.nameEdit, "   ")
    QTest.keyClicks(ui.tagsEdit, "hardware, diy")
    QTest.mouseClick(ui.saveButton, Qt.MouseButton.LeftButton)
    assert ui.nameError.isVisibleTo(world.page)
    assert "must not be empty" in ui.nameError.text()
    assert ui.tagsEdit.text() == "hardware, diy"
    assert world.service.get(makers).name == "Makers"

    ui.nameEdit.setText("Makers Guild")
    ui.nameEdit.textEdited.emit("Makers Guild")
    QTest.keyClick(ui.nameEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert not ui.nameError.isVisibleTo(world.page)
    assert world.service.get(makers).name == "Makers Guild"
    assert world.service.get(makers).tags == ("diy", "hardware")
    world.context.undo_stack.undo()
    assert world.service.get(makers).name == "Makers"
    assert ui.nameEdit.text() == "Makers"  # the pane follows the undo

    # Delete asks first, saying what goes, and can be undone.
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> object:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    world.page.detail.show_community(world.guild)
    QTest.mouseClick(ui.deleteButton, Qt.MouseButton.LeftButton)
    assert "2 memberships" in asked[0]
    assert world.service.find_by_name("Guild") is None
    assert ui.headingLabel.text() == "No community selected"
    world.context.undo_stack.undo()
    assert world.service.get(world.guild).members == 2
    # Undoing the creation takes Makers away; redoing brings back the same community.
    world.context.undo_stack.undo()
    world.context.undo_stack.undo()
    assert world.service.find_by_name("Makers") is None
    world.context.undo_stack.redo()
    assert world.service.find_by_name("Makers") == makers


def test_a_declined_delete_changes_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: QMessageBox.StandardButton.Cancel)
    world.page.detail.show_community(world.forum)
    QTest.mouseClick(world.page.detail.ui.deleteButton, Qt.MouseButton.LeftButton)
    assert world.service.get(world.forum).members == 1
    assert world.context.undo_stack.count() == 0


def test_selecting_a_row_shows_the_community(world: World) -> None:
    select_community(world, "Guild")
    detail = world.page.detail
    assert detail.community_id == world.guild
    assert detail.ui.nameEdit.text() == "Guild"
    assert sorted(member_names(world)) == ["Ada Lovelace", "Grace Hopper"]


def test_adding_a_member_changes_the_overlap_and_the_mix(world: World, qtbot: QtBot) -> None:
    select_community(world, "Forum")
    ui = world.page.detail.ui
    ui.tabs.setCurrentWidget(ui.membersTab)
    assert member_names(world) == ["Ada Lovelace"]
    assert overlap_rows(world) == [("Guild", "1")]
    assert mix_text(world, StakeholderRole.CUSTOMER) == "0 (0%)"
    assert mix_text(world, None) == "0 (0%)"

    # The completer offers the people found as you type.
    QTest.keyClicks(ui.addMemberEdit, "Grace")
    picker = world.page.detail.members.picker
    assert picker.suggestions.rowCount() == 1
    assert picker.suggestions.item(0).text() == "Grace Hopper"
    index = picker.completer.completionModel().index(0, 0)
    picker.completer.activated[QModelIndex].emit(index)  # type: ignore[index]
    assert picker.person_id == world.people["grace"]
    QTest.mouseClick(ui.addMemberButton, Qt.MouseButton.LeftButton)
    assert world.service.role_of(world.forum, world.people["grace"]) is MembershipRole.MEMBER
    assert member_names(world) == ["Ada Lovelace", "Grace Hopper"]
    assert overlap_rows(world) == [("Guild", "2")]
    assert mix_text(world, None) == "1 (50%)"
    assert "2 people are members of both Forum and Guild" in ui.bridgesLabel.text()

    # A name typed in full is enough; the role chosen beside it is used.
    QTest.keyClicks(ui.addMemberEdit, "Alan Turing")
    ui.addRoleCombo.setCurrentIndex(ui.addRoleCombo.findData(MembershipRole.CHAMPION))
    QTest.keyClick(ui.addMemberEdit, Qt.Key.Key_Return)
    assert world.service.role_of(world.forum, world.people["alan"]) is MembershipRole.CHAMPION
    assert mix_text(world, StakeholderRole.CUSTOMER) == "1 (33%)"

    # Nobody by that name: said next to the field, the text kept.
    QTest.keyClicks(ui.addMemberEdit, "Nobody Atall")
    QTest.mouseClick(ui.addMemberButton, Qt.MouseButton.LeftButton)
    assert "Nobody Atall" in ui.memberError.text()
    assert ui.addMemberEdit.text() == "Nobody Atall"

    world.context.undo_stack.undo()
    world.context.undo_stack.undo()
    assert overlap_rows(world) == [("Guild", "1")]
    assert member_names(world) == ["Ada Lovelace"]


def test_changing_a_members_role_and_undo(world: World) -> None:
    select_community(world, "Guild")
    ui = world.page.detail.ui
    ui.tabs.setCurrentWidget(ui.membersTab)
    ui.membersView.selectRow(member_names(world).index("Grace Hopper"))
    assert ui.memberRoleCombo.isEnabled()
    assert ui.memberRoleCombo.currentData() == MembershipRole.MEMBER
    moderator = ui.memberRoleCombo.findData(MembershipRole.MODERATOR)
    ui.memberRoleCombo.setCurrentIndex(moderator)
    ui.memberRoleCombo.activated.emit(moderator)
    grace = world.people["grace"]
    assert world.service.role_of(world.guild, grace) is MembershipRole.MODERATOR
    model = world.page.detail.members.model
    row = member_names(world).index("Grace Hopper")
    assert model.index(row, model.ROLE).data() == "Moderator"
    world.context.undo_stack.undo()
    assert world.service.role_of(world.guild, grace) is MembershipRole.MEMBER


def test_removing_a_member_and_undo(world: World) -> None:
    select_community(world, "Forum")
    ui = world.page.detail.ui
    ui.tabs.setCurrentWidget(ui.membersTab)
    ui.membersView.selectRow(0)
    QTest.mouseClick(ui.removeMemberButton, Qt.MouseButton.LeftButton)
    assert world.service.role_of(world.forum, world.people["ada"]) is None
    assert member_names(world) == []
    assert overlap_rows(world) == []
    world.context.undo_stack.undo()
    # Back with the role she had.
    assert world.service.role_of(world.forum, world.people["ada"]) is MembershipRole.MODERATOR
    assert member_names(world) == ["Ada Lovelace"]
    assert overlap_rows(world) == [("Guild", "1")]


def test_ctrl_c_copies_the_selected_rows(world: World) -> None:
    view = world.page.ui.tableView
    view.selectAll()
    QTest.keyClick(view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    lines = QApplication.clipboard().text().splitlines()
    assert [line.split("\t")[:3] for line in lines] == [
        ["Forum", "External", "1"],
        ["Guild", "External", "2"],
    ]


def test_the_splitter_keeps_its_place(world: World, qtbot: QtBot) -> None:
    splitter = world.page.splitter
    splitter.setSizes([900, 400])
    splitter.splitterMoved.emit(900, 1)
    sizes = splitter.sizes()
    again = CommunitiesPage(world.context)
    qtbot.addWidget(again)
    again.resize(world.page.size())
    again.show()
    assert again.splitter.sizes() == sizes


def test_new_models_pass_the_model_tester(world: World, qtmodeltester: object) -> None:
    select_community(world, "Guild")
    detail = world.page.detail
    members = detail.members.model
    assert isinstance(members, CommunityMembersModel)
    assert members.index(0, 0).data(IdRole) in world.people.values()
    for model in (members, detail.insights.overlaps, detail.insights.bridges):
        qtmodeltester.check(model)  # type: ignore[attr-defined]


def test_unsaved_changes_are_asked_about_before_leaving(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_community(world, "Forum")
    ui = world.page.detail.ui
    QTest.keyClicks(ui.nameEdit, " Two")
    answers = [QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save]
    monkeypatch.setattr(QMessageBox, "question", lambda *_args: answers.pop(0))
    select_community(world, "Guild")  # Cancel: stay, with the text typed
    assert world.page.detail.community_id == world.forum
    assert ui.nameEdit.text() == "Forum Two"
    world.page.ui.tableView.clearSelection()
    select_community(world, "Guild")  # Save: stored, then on to Guild
    assert world.service.get(world.forum).name == "Forum Two"
    assert world.page.detail.community_id == world.guild


def test_in_the_window_ctrl_n_starts_a_community_and_edits_refresh_the_table(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show_section(Section.COMMUNITIES)
    page = window.page(Section.COMMUNITIES)
    assert isinstance(page, CommunitiesPage)
    QTest.keyClick(window.ui.sectionList, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert page.detail.ui.headingLabel.text() == "New community"
    QTest.keyClicks(page.detail.ui.nameEdit, "Compiler Club")
    QTest.mouseClick(page.detail.ui.saveButton, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=5000)
    assert page.model.index(0, page.model.NAME).data() == "Compiler Club"


def test_members_filter_and_opening_an_overlapping_community(world: World) -> None:
    select_community(world, "Guild")
    ui = world.page.detail.ui
    QTest.keyClicks(ui.membersFilterEdit, "grace")
    world.page.detail.members.apply_filter()  # what the pause in typing does
    assert member_names(world) == ["Grace Hopper"]
    assert ui.membersCountLabel.text() == "1 of 2 members match."
    assert overlap_rows(world) == [("Forum", "1")]
    view = ui.overlapView
    ui.tabs.setCurrentWidget(ui.insightsTab)
    rect = view.visualRect(view.model().index(0, 0))
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert world.page.detail.community_id == world.forum
    assert ui.membersFilterEdit.text() == ""
    assert member_names(world) == ["Ada Lovelace"]


def test_the_page_opens_on_the_first_community(world: World) -> None:
    """Never an empty pane: the first row (Forum, by name) is selected and shown."""
    view = world.page.ui.tableView
    assert [i.row() for i in view.selectionModel().selectedRows()] == [0]
    assert world.page.detail.community_id == world.forum
    assert world.page.detail.ui.nameEdit.text() == "Forum"
