"""The Stakeholders & overlap tab: who the members are, and whom they share with the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtWidgets import QLabel, QProgressBar

from commdesk.domain.enums import StakeholderRole
from commdesk.gui import formatting
from commdesk.gui.communities.fields import ScopedTableModel, prepare_table
from commdesk.gui.context import AppContext
from commdesk.gui.forms.ui_communitydetail import Ui_CommunityDetail
from commdesk.gui.itemsmodel import ItemsTableModel
from commdesk.gui.tablemodel import IdRole
from commdesk.services.listings.communities import COMMUNITY_BRIDGES
from commdesk.services.overlap import Overlap, OverlapService, StakeholderMix

AnyIndex = QModelIndex | QPersistentModelIndex

PLURALS = {
    StakeholderRole.EMPLOYEE: "Employees",
    StakeholderRole.CUSTOMER: "Customers",
    StakeholderRole.SUPPLIER: "Suppliers",
    StakeholderRole.PARTNER: "Partners",
    StakeholderRole.SHAREHOLDER: "Shareholders",
    StakeholderRole.COMPETITOR: "Competitors",
    StakeholderRole.OTHER: "Other",
}


class OverlapModel(ItemsTableModel[Overlap]):
    """The communities sharing members with one community (at most OVERLAP_LIMIT rows)."""

    COMMUNITY, SHARED = range(2)
    HEADERS = ("Community", "Shared members")
    RIGHT = frozenset({SHARED})

    def set_rows(self, rows: list[Overlap]) -> None:
        self.set_items(rows)

    def overlap(self, row: int) -> Overlap | None:
        return self.item(row)

    def row_of(self, community_id: int | None) -> int | None:
        for row, item in enumerate(self.items):
            if item.community_id == community_id:
                return row
        return None

    def text(self, item: Overlap, column: int) -> str:
        return item.name if column == self.COMMUNITY else formatting.count_text(item.shared)

    def extra(self, item: Overlap, column: int, role: int) -> Any:
        return item.community_id if role == IdRole else None


class BridgesModel(ScopedTableModel):
    """The people who are members of both communities of a pair."""

    spec = COMMUNITY_BRIDGES
    SCOPE = "pair"
    NOTHING = (-1, -1)
    NAME, STAKEHOLDER, ORGANISATION = range(3)


class InsightsPanel(QObject):
    """Fills the stakeholder mix and the overlap of the community shown."""

    # New counts are on screen.
    counted = Signal()

    def __init__(self, ui: Ui_CommunityDetail, context: AppContext) -> None:
        super().__init__(ui.insightsTab)
        self.ui = ui
        self.service = OverlapService(context.store)
        self.tasks = context.tasks
        self._generation = 0
        self.counting = False
        self.community_id: int | None = None
        self.community_name = ""
        self.mix: StakeholderMix | None = None
        self.bars: dict[StakeholderRole | None, tuple[QProgressBar, QLabel]] = {}
        for row, role in enumerate([*StakeholderRole, None]):
            name = QLabel(PLURALS[role] if role else "No role", ui.mixBox)
            bar = QProgressBar(ui.mixBox)
            bar.setTextVisible(False)
            bar.setMaximumHeight(name.fontMetrics().height())
            bar.setAccessibleName(f"{name.text()} among the members")
            count = QLabel(ui.mixBox)
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            count.setMinimumWidth(count.fontMetrics().horizontalAdvance("00,000 (100%)"))
            ui.mixGrid.addWidget(name, row, 0)
            ui.mixGrid.addWidget(bar, row, 1)
            ui.mixGrid.addWidget(count, row, 2)
            self.bars[role] = (bar, count)
        ui.mixGrid.setColumnStretch(1, 1)

        self.overlaps = OverlapModel(self)
        ui.overlapView.setModel(self.overlaps)
        prepare_table(ui.overlapView)
        ui.overlapView.setSelectionMode(ui.overlapView.SelectionMode.SingleSelection)
        ui.overlapView.setColumnWidth(0, ui.overlapView.fontMetrics().averageCharWidth() * 32)
        ui.overlapView.selectionModel().selectionChanged.connect(self._pair_chosen)
        ui.overlapView.setToolTip(
            "Select a community to see who bridges them; double-click to open it"
        )
        self.bridges = BridgesModel(context.tables, self)
        ui.bridgesView.setModel(self.bridges)
        prepare_table(ui.bridgesView)
        ui.bridgesView.setColumnWidth(0, ui.bridgesView.fontMetrics().averageCharWidth() * 24)
        ui.bridgesView.setColumnWidth(1, ui.bridgesView.fontMetrics().averageCharWidth() * 26)
        self.bridges.counted.connect(lambda _rows, _total: self._show_bridges())

    def show_community(self, community_id: int | None, name: str = "") -> None:
        self.community_id = community_id
        self.community_name = name
        self.refresh()

    def refresh(self) -> None:
        """Count again, off the GUI thread (two grouped queries that grow with the
        community); the chosen pair stays chosen while it still shares members."""
        self._generation += 1
        generation, community = self._generation, self.community_id
        if community is None:
            self._counted((generation, None, []))
            return
        self.counting = True
        self.ui.mixCaption.setText("Counting…")
        task = self.tasks.run(
            lambda _progress: (
                generation,
                self.service.stakeholder_mix(community),
                self.service.overlaps(community),
            ),
            name="community make-up",
        )
        task.succeeded.connect(self._counted)
        task.failed.connect(self._failed)

    @Slot(object)
    def _counted(self, result: tuple[int, StakeholderMix | None, list[Overlap]]) -> None:
        generation, mix, overlaps = result
        if generation != self._generation:
            return  # another community (or a newer edit) has been asked for since
        self.counting = False
        chosen = self.chosen_community()
        self.mix = mix
        self._show_mix()
        self.overlaps.set_rows(overlaps)
        row = self.overlaps.row_of(chosen)
        if row is None and self.overlaps.rowCount():
            row = 0
        if row is not None:
            self.ui.overlapView.selectRow(row)
        self._pair_chosen()
        self.bridges.refresh()  # the same pair may have gained or lost people
        self._show_overlap_caption()
        self._show_bridges()
        self.counted.emit()

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        self.counting = False
        self.ui.mixCaption.setText(f"Could not count the members: {error}")

    def chosen_community(self) -> int | None:
        rows = self.ui.overlapView.selectionModel().selectedRows()
        found = self.overlaps.overlap(rows[0].row()) if rows else None
        return found.community_id if found else None

    # --- showing ---------------------------------------------------------------------------

    def _show_mix(self) -> None:
        mix = self.mix
        members = mix.members if mix else 0
        counts: dict[StakeholderRole | None, int] = dict(mix.by_role) if mix else {}
        counts[None] = mix.without_role if mix else 0
        for role, (bar, label) in self.bars.items():
            value = counts.get(role, 0)
            bar.setMaximum(max(members, 1))
            bar.setValue(value)
            share = round(100 * value / members) if members else 0
            label.setText(f"{formatting.count_text(value)} ({share}%)")
            bar.setAccessibleDescription(label.text())
        self.ui.mixCaption.setText(
            "No current members, so no mix yet."
            if not members
            else f"Of {formatting.plural(members, 'current member', 'current members')}; "
            "someone with several roles counts in each."
        )

    def _show_overlap_caption(self) -> None:
        count = self.overlaps.rowCount()
        self.ui.overlapCaption.setText(
            "Members of no other community are here yet."
            if not count
            else f"The {count} communities sharing the most members with this one; "
            "choose one to see who bridges them."
            if count > 1
            else "One other community shares members with this one."
        )

    def _show_bridges(self) -> None:
        pair = self.bridges.scoped_to
        row = self.overlaps.row_of(pair[1]) if pair else None
        overlap = self.overlaps.overlap(row) if row is not None else None
        visible = overlap is not None
        self.ui.bridgesLabel.setVisible(visible)
        self.ui.bridgesView.setVisible(visible)
        if overlap is not None:
            count = self.bridges.rowCount()
            who = (
                "1 person is a member"
                if count == 1
                else f"{formatting.count_text(count)} people are members"
            )
            self.ui.bridgesLabel.setText(f"{who} of both {self.community_name} and {overlap.name}:")

    @Slot(QItemSelection, QItemSelection)
    def _pair_chosen(self, *_args: object) -> None:
        other = self.chosen_community()
        if self.community_id is None or other is None:
            self.bridges.scope(None)
        else:
            self.bridges.scope((self.community_id, other))
        self._show_bridges()
