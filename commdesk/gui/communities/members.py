"""The Members tab: a community's members (paged from SQL) and the undoable edits on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QItemSelection, QObject, Qt, QTimer, Slot
from PySide6.QtGui import QKeySequence, QShortcut

from commdesk.domain.enums import MembershipRole
from commdesk.errors import CommDeskError, ValidationError
from commdesk.gui import formatting
from commdesk.gui.communities.fields import FieldErrors, ScopedTableModel, prepare_table
from commdesk.gui.communities.personpicker import PersonPicker
from commdesk.gui.context import AppContext
from commdesk.gui.forms.ui_communitydetail import Ui_CommunityDetail
from commdesk.gui.tablemodel import IdRole, ValueRole
from commdesk.gui.tablepage import FILTER_DELAY_MS
from commdesk.gui.undo import ServiceCommand, push
from commdesk.services.communities import CommunityService
from commdesk.services.listings.communities import COMMUNITY_MEMBERS
from commdesk.services.people import PeopleService
from commdesk.services.snapshots import Snapshot

CHANGES = ("communities", "memberships")


class CommunityMembersModel(ScopedTableModel):
    spec = COMMUNITY_MEMBERS
    SCOPE = "community"
    NAME, ROLE, STAKEHOLDER, ORGANISATION, JOINED, LEFT = range(6)


class MembersPanel(QObject):
    """Lists the members of the community shown, adds, removes and re-roles them."""

    def __init__(self, ui: Ui_CommunityDetail, context: AppContext) -> None:
        super().__init__(ui.membersTab)
        self.ui = ui
        self.context = context
        self.communities = CommunityService(context.store)
        self.community_id: int | None = None
        self.community_name = ""
        self.model = CommunityMembersModel(context.tables, self)
        view = ui.membersView
        view.setModel(self.model)
        view.setToolTip("Select members to change their role or remove them (Delete)")
        prepare_table(view)
        width = view.fontMetrics().averageCharWidth()
        for column, chars in enumerate((24, 11, 18, 22, 12)):
            view.setColumnWidth(column, chars * width + 24)
        header = view.horizontalHeader()
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(self.model.sort_column, self.model.sort_order)
        header.sortIndicatorChanged.connect(self.model.sort)
        for role in MembershipRole:
            ui.memberRoleCombo.addItem(role.label, role)
            ui.addRoleCombo.addItem(role.label, role)
        self.picker = PersonPicker(ui.addMemberEdit, PeopleService(context.store))
        self.errors = FieldErrors({"members": ui.memberError}, fallback="members")
        self.filter_timer = QTimer(self)
        self.filter_timer.setSingleShot(True)
        self.filter_timer.setInterval(FILTER_DELAY_MS)
        self.filter_timer.timeout.connect(self.apply_filter)
        ui.membersFilterEdit.textChanged.connect(self.filter_timer.start)
        ui.membersFilterEdit.returnPressed.connect(self.apply_filter)
        ui.addMemberButton.clicked.connect(self.add_member)
        ui.addMemberEdit.returnPressed.connect(self.add_member)
        ui.removeMemberButton.clicked.connect(self.remove_selected)
        ui.memberRoleCombo.activated.connect(self._role_chosen)
        view.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.counted.connect(self._show_count)
        remove = QShortcut(QKeySequence.StandardKey.Delete, view)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_selected)
        self._selection_changed()

    def show_community(self, community_id: int | None, name: str = "") -> None:
        self.community_id = community_id
        self.community_name = name
        self.errors.clear()
        self.ui.addMemberEdit.clear()
        self.ui.membersFilterEdit.blockSignals(True)
        self.ui.membersFilterEdit.clear()  # a new community starts unfiltered
        self.ui.membersFilterEdit.blockSignals(False)
        self.filter_timer.stop()
        self.model.set_filter_text("")
        self.model.scope(community_id)
        self._show_count(self.model.rowCount(), self.model.total())
        self._selection_changed()

    def refresh(self) -> None:
        self.model.refresh()
        self._selection_changed()

    def selected_people(self) -> list[int]:
        rows = sorted({i.row() for i in self.ui.membersView.selectionModel().selectedRows()})
        ids = [self.model.index(row, 0).data(IdRole) for row in rows]
        return [int(i) for i in ids if i is not None]

    @Slot()
    def apply_filter(self) -> None:
        self.filter_timer.stop()
        self.model.set_filter_text(self.ui.membersFilterEdit.text())
        self._selection_changed()

    # --- edits ---------------------------------------------------------------------------

    @Slot()
    def add_member(self) -> None:
        """Add the person typed or picked, with the role chosen next to them (undoable)."""
        community = self.community_id
        if community is None:
            return
        text = self.ui.addMemberEdit.text().strip()
        person = self.picker.person_id
        if person is None:
            what = f"{text!r} is nobody known; pick a suggestion" if text else "type a name first"
            self.errors.show(ValidationError("members", what))
            return
        if self.communities.role_of(community, person) is not None:
            self.errors.show(ValidationError("members", f"{text} is a member already"))
            return
        role = MembershipRole(self.ui.addRoleCombo.currentData())
        self._push(
            f"Add {text} to {self.community_name}",
            lambda: self.communities.add_member(community, person, role),
            lambda: self.communities.remove_members(community, [person]),
        )
        self.ui.addMemberEdit.clear()

    @Slot()
    def remove_selected(self) -> None:
        community = self.community_id
        people = self.selected_people()
        if community is None or not people:
            return
        snapshots: list[Snapshot] = []
        names = self._names(people)
        self._push(
            f"Remove {names} from {self.community_name}",
            lambda: snapshots.append(self.communities.remove_members(community, people)),
            lambda: self.communities.restore(snapshots.pop()),
        )

    def set_role(self, role: MembershipRole) -> None:
        """Give the selected members ``role`` (undoable; each keeps their old role for undo)."""
        community = self.community_id
        people = self.selected_people()
        if community is None or not people:
            return
        before = {p: self.communities.role_of(community, p) for p in people}
        changing = [p for p, old in before.items() if old is not None and old != role]
        if not changing:
            return

        def redo() -> None:
            for person in changing:
                self.communities.set_role(community, person, role)

        def undo() -> None:
            for person in changing:
                old = before[person]
                if old is not None:
                    self.communities.set_role(community, person, old)

        self._push(f"Make {self._names(changing)} {role.label.lower()}", redo, undo)

    @Slot(int)
    def _role_chosen(self, index: int) -> None:
        self.set_role(MembershipRole(self.ui.memberRoleCombo.itemData(index)))

    def _push(self, text: str, redo: Callable[[], object], undo: Callable[[], object]) -> None:
        self.errors.clear()
        try:
            push(ServiceCommand(self.context, text, redo, undo, changes=CHANGES))
        except CommDeskError as error:
            self.errors.show(
                error
                if isinstance(error, ValidationError)
                else ValidationError("members", str(error))
            )

    def _names(self, people: Sequence[int]) -> str:
        if len(people) > 1:
            return formatting.plural(len(people), "member", "members")
        rows = {
            self.model.index(r, 0).data(IdRole): self.model.index(r, 0).data()
            for r in {i.row() for i in self.ui.membersView.selectionModel().selectedRows()}
        }
        return str(rows.get(people[0], "a member"))

    # --- what the tab shows --------------------------------------------------------------

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, *_args: object) -> None:
        rows = self.ui.membersView.selectionModel().selectedRows()
        has = bool(rows) and self.community_id is not None
        self.ui.removeMemberButton.setEnabled(has)
        self.ui.memberRoleCombo.setEnabled(has)
        self.ui.addMemberEdit.setEnabled(self.community_id is not None)
        self.ui.addMemberButton.setEnabled(self.community_id is not None)
        if rows:
            role = self.model.index(rows[0].row(), self.model.ROLE).data(ValueRole)
            self.ui.memberRoleCombo.setCurrentIndex(self.ui.memberRoleCombo.findData(role))

    @Slot(int, int)
    def _show_count(self, rows: int, total: int) -> None:
        if self.community_id is None:
            text = "Save the community first; then add its members here."
        elif self.model.filter_text:
            text = f"{formatting.count_text(rows)} of {formatting.plural(total, 'member', 'members')} match."
        elif rows:
            text = formatting.plural(rows, "member", "members")
        else:
            text = "No members yet. Add people below."
        self.ui.membersCountLabel.setText(text)
