"""The People page driven through its real widgets, on a real SQLite file."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from commdesk.domain.enums import MembershipRole, Platform, StakeholderRole
from commdesk.gui.context import AppContext
from commdesk.gui.people import bulk
from commdesk.gui.people.editmodels import IdentityTableModel, RoleListModel, TimelineModel
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.tasks import TaskRunner
from commdesk.services.communities import CommunityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, IdentityDraft, OrganisationDraft, PersonDraft
from commdesk.store import Store

# Offscreen windows cannot pass size hints on; that is the platform plugin, not us.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(
    app: QApplication, qtbot: QtBot, store: Store, settings: QSettings
) -> Iterator[PeoplePage]:
    acme = OrganisationService(store).create(OrganisationDraft("Acme Corp"))
    people = PeopleService(store)
    people.create(
        PersonDraft("Ada Lovelace", organisation_id=acme, roles=("partner",), consent=True)
    )
    people.create(PersonDraft("Grace Hopper", tags=("vip",)))
    people.create(PersonDraft("Alan Turing", roles=(StakeholderRole.CUSTOMER,)))
    tasks = TaskRunner()
    context = AppContext(store, tasks)
    shown = PeoplePage(context, settings=settings)
    context.changed.connect(lambda _what: shown.refresh())  # as the main window does
    qtbot.addWidget(shown)
    shown.resize(1200, 700)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    tasks.shutdown()


def names(page: PeoplePage) -> list[str]:
    model = page.model
    return [model.index(r, model.NAME).data() for r in range(model.rowCount())]


def select(page: PeoplePage, *rows: int) -> None:
    view = page.ui.tableView
    view.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        view.selectionModel().select(page.model.index(row, 0), flags)
    view.setCurrentIndex(page.model.index(rows[0], 0)) if len(rows) == 1 else None


def test_create_edit_and_undo_through_the_editor(
    page: PeoplePage, qtbot: QtBot, store: Store
) -> None:
    editor = page.editor
    page.new_action.trigger()
    assert editor.ui.headingLabel.text() == "New person"
    qtbot.keyClicks(editor.ui.nameEdit, "Barbara Liskov")  # type: ignore[no-untyped-call]
    qtbot.keyClicks(editor.ui.emailsEdit, "bl@mit.edu, barbara@example.org")  # type: ignore[no-untyped-call]
    editor.ui.organisationEdit.setText("acme corp")  # typing would pop the completer up
    editor.ui.tagsEdit.setText("speaker, vip")
    editor.roles.setData(
        editor.roles.index(1), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole
    )
    editor.add_identity()
    editor.identities.setData(editor.identities.index(0, IdentityTableModel.HANDLE), "bliskov")
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert not editor.ui.nameError.isVisible()
    record = PeopleService(store).get(editor.person_id or 0)
    assert record.emails == ("bl@mit.edu", "barbara@example.org")
    assert record.organisation == "Acme Corp"
    assert record.tags == ("speaker", "vip")
    assert record.roles == (StakeholderRole.CUSTOMER,)
    assert record.identities[0].handle == "bliskov"
    assert "Barbara Liskov" in names(page)

    editor.ui.phoneEdit.setText("+1 555")
    qtbot.keyClick(editor.ui.phoneEdit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # type: ignore[no-untyped-call]
    assert PeopleService(store).get(record.id).phone == "+1 555"
    page.context.undo_stack.undo()
    assert PeopleService(store).get(record.id).phone is None
    page.context.undo_stack.undo()  # the creation
    assert PeopleService(store).count() == 3
    page.context.undo_stack.redo()
    assert PeopleService(store).get(record.id).name == "Barbara Liskov"


def test_refused_input_is_shown_next_to_the_field(
    page: PeoplePage, qtbot: QtBot, store: Store
) -> None:
    editor = page.editor
    select(page, 0)
    assert editor.ui.nameEdit.text() == "Ada Lovelace"
    editor.ui.nameEdit.setText("   ")
    editor.ui.emailsEdit.setText("not an address")
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert editor.ui.nameError.isVisible() and editor.ui.nameError.text()
    assert editor.ui.nameEdit.text() == "   "
    editor.ui.nameEdit.setText("Ada King")
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert editor.ui.emailsError.isVisible()
    assert editor.ui.emailsEdit.text() == "not an address"
    assert (
        PeopleService(store).get(editor.person_id or 0).name == "Ada Lovelace"
    )  # nothing half-way
    editor.ui.organisationEdit.setText("Nowhere Ltd")
    editor.ui.emailsEdit.setText("")
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert "Nowhere Ltd" in editor.ui.organisationError.text()


def test_bulk_tag_three_people_and_undo(page: PeoplePage, store: Store) -> None:
    select(page, 0, 1, 2)
    assert len(page.selected_ids()) == 3
    page.bulk.choose = lambda *_args: "newsletter"
    page.bulk.add_tag.trigger()
    people = PeopleService(store)
    assert all("newsletter" in people.get(i).tags for i in page.selected_ids())
    page.context.undo_stack.undo()
    assert all("newsletter" not in people.get(i).tags for i in page.selected_ids())
    page.context.undo_stack.redo()
    assert all("newsletter" in people.get(i).tags for i in page.selected_ids())


def test_bulk_role_community_archive(page: PeoplePage, store: Store) -> None:
    community = CommunityService(store).create(CommunityDraft("Rustaceans"))
    page.filter_bar.reload()
    select(page, 0, 1)
    page.bulk.role_selected(StakeholderRole.SUPPLIER)
    page.bulk.choose_community = lambda _count: (community, MembershipRole.CHAMPION)
    page.bulk.add_to_community.trigger()
    assert len(CommunityService(store).members(community)) == 2
    assert page.model.index(0, page.model.COMMUNITIES).data() == "Rustaceans"
    page.filter_bar.ui.communityCombo.setCurrentIndex(1)
    assert names(page) == ["Ada Lovelace", "Alan Turing"]
    page.filter_bar.clear()
    select(page, 0, 1)
    page.bulk.archive.trigger()
    assert names(page) == ["Grace Hopper"]
    page.context.undo_stack.undo()
    assert len(names(page)) == 3


def test_archived_people_are_shown_apart_and_brought_back(
    page: PeoplePage, store: Store, qtbot: QtBot
) -> None:
    """Archived, people leave the list; "Archived" lists them (with the same filters), where
    the bulk action brings them back, undoably."""
    select(page, 0, 1)
    page.bulk.archive.trigger()
    assert names(page) == ["Grace Hopper"]
    bar = page.filter_bar
    assert page.bulk.archive.text() == "&Archive"
    select(page, 0)
    bar.ui.archivedCheck.setChecked(True)
    assert names(page) == ["Ada Lovelace", "Alan Turing"]
    # the selection went with the other rows, and the button says so
    assert page.selected_ids() == [] and bar.ui.bulkButton.text() == "&Bulk actions"
    assert page.bulk.archive.text() == "&Bring back"
    qtbot.waitUntil(lambda: page.ui.countLabel.text() == "2 archived people")
    bar.ui.roleCombo.setCurrentIndex(bar.ui.roleCombo.findData(StakeholderRole.CUSTOMER))
    assert names(page) == ["Alan Turing"]
    select(page, 0)
    page.bulk.archive.trigger()
    assert names(page) == []
    assert page.context.undo_stack.undoText() == "Bring back 1 person"
    qtbot.waitUntil(lambda: "No archived people match" in page.ui.messageLabel.text())
    bar.clear()  # everyone not archived again
    assert not bar.ui.archivedCheck.isChecked() and page.bulk.archive.text() == "&Archive"
    assert names(page) == ["Alan Turing", "Grace Hopper"]
    page.context.undo_stack.undo()
    assert names(page) == ["Grace Hopper"]
    assert PeopleService(store).count(include_archived=True) == 3
    # a click on a chart shows the people not archived
    bar.ui.archivedCheck.setChecked(True)
    page.show_filtered(role=StakeholderRole.CUSTOMER)
    assert not bar.ui.archivedCheck.isChecked()
    assert names(page) == []


def test_filters_and_sort(page: PeoplePage, qtbot: QtBot) -> None:
    bar = page.filter_bar
    bar.ui.roleCombo.setCurrentIndex(bar.ui.roleCombo.findData(StakeholderRole.CUSTOMER))
    assert names(page) == ["Alan Turing"]
    bar.clear()
    bar.ui.tagCombo.setCurrentIndex(1)
    assert names(page) == ["Grace Hopper"]
    bar.clear()
    edit = bar.ui.organisationCombo.lineEdit()
    assert edit is not None
    edit.setText("Acme Corp")
    qtbot.keyClick(edit, Qt.Key.Key_Return)  # type: ignore[no-untyped-call]
    assert names(page) == ["Ada Lovelace"]
    bar.clear()
    assert len(names(page)) == 3
    page.ui.tableView.horizontalHeader().setSortIndicator(
        page.model.NAME, Qt.SortOrder.DescendingOrder
    )
    assert names(page) == ["Grace Hopper", "Alan Turing", "Ada Lovelace"]
    no_consent = page.model.index(0, page.model.CONSENT)
    assert no_consent.data() == "No" and "No consent" in no_consent.data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_delete_asks_then_undo_restores(page: PeoplePage, store: Store) -> None:
    asked: list[str] = []
    select(page, 1)

    def refuse(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return False

    page.bulk.confirm = refuse
    page.bulk.delete.trigger()
    assert PeopleService(store).count() == 3 and "Delete 1 person?" in asked[0]
    page.bulk.confirm = lambda *_args: True
    page.bulk.delete.trigger()
    assert PeopleService(store).count() == 2
    page.context.undo_stack.undo()
    assert PeopleService(store).count() == 3 and "Alan Turing" in names(page)


def test_copy_rows_as_tab_separated_text(page: PeoplePage) -> None:
    select(page, 0, 1)
    page.ui.tableView.setFocus()
    assert page.copy_selection()
    lines = QApplication.clipboard().text().splitlines()
    assert lines[0].startswith("Ada Lovelace\tAcme Corp\tPartner")
    assert lines[1].startswith("Alan Turing\t\tCustomer")


def test_small_models(qtmodeltester, app: QApplication) -> None:  # type: ignore[no-untyped-def]
    roles = RoleListModel()
    roles.set_roles([StakeholderRole.PARTNER])
    qtmodeltester.check(roles)
    identities = IdentityTableModel()
    identities.add()
    qtmodeltester.check(identities)
    qtmodeltester.check(TimelineModel())


def test_people_table_model(qtmodeltester, page: PeoplePage) -> None:  # type: ignore[no-untyped-def]
    qtmodeltester.check(page.model)


def test_splitter_state_is_kept(page: PeoplePage, settings: QSettings) -> None:
    page.splitter.setSizes([500, 500])
    sizes = page.splitter.sizes()
    page.save_state(settings)
    page.splitter.setSizes([800, 200])
    page.restore_state(settings)
    assert page.splitter.sizes() == sizes


def test_many_people_are_changed_in_the_background(
    page: PeoplePage, qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("commdesk.gui.people.bulk.IN_PLACE_LIMIT", 1)
    select(page, 0, 1, 2)
    with qtbot.waitSignal(page.context.undo_stack.indexChanged, timeout=5_000):
        page.bulk.tag_selected("speaker")
    people = PeopleService(store)
    assert all("speaker" in people.get(i).tags for i in page.selected_ids())
    page.context.undo_stack.undo()  # in the background too, as the change was
    qtbot.waitUntil(lambda: not page.context.tasks.active, timeout=5_000)
    assert all("speaker" not in people.get(i).tags for i in page.selected_ids())


def test_a_handle_of_someone_else_is_refused_next_to_the_identities(
    page: PeoplePage, qtbot: QtBot, store: Store
) -> None:
    people = PeopleService(store)
    people.create(PersonDraft("Linus", identities=(IdentityDraft("github", "torvalds"),)))
    editor = page.editor
    select(page, 0)
    row = editor.identities.add(Platform.GITHUB)
    editor.identities.setData(editor.identities.index(row, IdentityTableModel.HANDLE), "torvalds")
    qtbot.mouseClick(editor.ui.saveButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert "already belongs" in editor.ui.identitiesError.text()
    assert editor.identities.rowCount() == 1  # the row typed stays
    assert people.get(editor.person_id or 0).identities == ()


def test_a_long_selection_is_read_in_one_query(
    page: PeoplePage, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(page.model, "BLOCK_SIZE", 2)
    page.ui.tableView.selectAll()
    ids = page.selected_ids()
    assert [PeopleService(store).get(i).name for i in ids] == [
        "Ada Lovelace",
        "Alan Turing",
        "Grace Hopper",
    ]


def test_a_big_bulk_change_is_undone_and_redone_on_a_worker(
    page: PeoplePage, qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past IN_PLACE_LIMIT people a bulk change runs on a worker; so do its undo and redo,
    and the window's undo stack stays in step with what the database holds."""
    monkeypatch.setattr(bulk, "IN_PLACE_LIMIT", 2)  # three people make a big change here
    writers: list[int] = []
    event.listen(
        store.engine,
        "before_cursor_execute",
        lambda _c, _cur, statement, *_rest: (
            writers.append(threading.get_ident())
            if statement.lstrip().upper().startswith(("INSERT", "DELETE"))
            else None
        ),
    )
    stack, tasks = page.context.undo_stack, page.context.tasks
    select(page, 0, 1, 2)
    ids = page.selected_ids()
    people = PeopleService(store)
    page.bulk.choose = lambda *_args: "newsletter"
    page.bulk.add_tag.trigger()
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=5000)
    assert all("newsletter" in people.get(i).tags for i in ids)

    writers.clear()
    stack.undo()
    qtbot.waitUntil(lambda: not tasks.active, timeout=5000)
    assert all("newsletter" not in people.get(i).tags for i in ids)
    stack.redo()
    qtbot.waitUntil(lambda: not tasks.active, timeout=5000)
    assert all("newsletter" in people.get(i).tags for i in ids)
    assert writers and threading.get_ident() not in writers  # never on the GUI thread
    assert (stack.index(), stack.canUndo(), stack.canRedo()) == (1, True, False)


def test_a_cancelled_redo_steps_the_stack_back(
    page: PeoplePage, qtbot: QtBot, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "IN_PLACE_LIMIT", 2)
    stack, tasks = page.context.undo_stack, page.context.tasks
    select(page, 0, 1, 2)
    ids = page.selected_ids()
    page.bulk.archive.trigger()
    qtbot.waitUntil(lambda: stack.count() == 1, timeout=5000)
    stack.undo()
    qtbot.waitUntil(lambda: not tasks.active, timeout=5000)
    assert PeopleService(store).count() == 3
    gate = threading.Event()
    for _ in range(2):  # both workers busy: the redo waits its turn...
        tasks.run(lambda _progress: gate.wait(5))
    stack.redo()
    tasks.cancel_all()  # ...and is cancelled (Cancel in its progress dialog) before it runs
    gate.set()
    qtbot.waitUntil(lambda: not tasks.active, timeout=5000)
    assert PeopleService(store).count() == 3  # nobody archived...
    assert (stack.index(), stack.canRedo()) == (0, True)  # ...and the stack says so
    assert all(PeopleService(store).get(i) for i in ids)


def test_the_bulk_button_says_how_many_people_it_acts_on(page: PeoplePage) -> None:
    button = page.filter_bar.ui.bulkButton
    select(page, 0, 1)
    assert button.text() == "&Bulk actions (2 selected)" and button.isEnabled()
    assert button.menu() is page.bulk.menu
    page.ui.tableView.clearSelection()
    assert button.text() == "&Bulk actions" and not button.isEnabled()


def test_the_page_opens_on_the_first_person_and_every_filter_has_a_mnemonic(
    page: PeoplePage,
) -> None:
    assert page.editor.person_id == page.model.row_id(0)
    assert page.editor.ui.nameEdit.text() == "Ada Lovelace"
    bar = page.filter_bar.ui
    for label, combo in [
        (bar.roleLabel, bar.roleCombo),
        (bar.communityLabel, bar.communityCombo),
        (bar.tagLabel, bar.tagCombo),
        (bar.organisationLabel, bar.organisationCombo),
    ]:
        assert "&" in label.text() and label.buddy() is combo
    assert "&" in bar.clearButton.text() and "&" in bar.newButton.text()
