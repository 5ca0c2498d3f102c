"""The SQL-paged tables of the Plans section: the list of plans, and one plan's items with
their filters (phase, status, owner, department, due range, words)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from commdesk.domain.enums import ItemStatus, Phase
from commdesk.gui import formatting
from commdesk.gui.forms.ui_planspage import Ui_PlansPage
from commdesk.gui.plans.fields import OptionalDate, fill_enum
from commdesk.gui.tablemodel import IdRole, SqlPagedTableModel
from commdesk.services import listings
from commdesk.services.calendar import PlanCalendar
from commdesk.services.listings.plan_items import PLANS
from commdesk.services.tables import TableService

FILTER_DELAY_MS = 200


class PlanItemsTableModel(SqlPagedTableModel):
    spec = listings.PLAN_ITEMS
    TITLE, PLAN, PHASE, STATUS, KIND, DUE, OWNER, COMMUNITY = range(8)


class PlansListModel(SqlPagedTableModel):
    spec = PLANS
    NAME, STATUS, STARTS, ENDS, ITEMS = range(5)


def prepare_table(view: QTableView, widths: tuple[int, ...] = ()) -> None:
    """The look every table of the section shares."""
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 12)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    width = view.fontMetrics().averageCharWidth()
    for section, chars in enumerate(widths):
        view.setColumnWidth(section, chars * width + 24)


def copy_rows(view: QTableView) -> None:
    """The selected rows (visible columns) to the clipboard as tab-separated text."""
    model = view.model()
    rows = sorted({i.row() for i in view.selectionModel().selectedIndexes()})
    columns = [c for c in range(model.columnCount()) if not view.isColumnHidden(c)]
    lines = ["\t".join(str(model.index(r, c).data() or "") for c in columns) for r in rows]
    if lines:
        QGuiApplication.clipboard().setText("\n".join(lines))


class KeyActions(QObject):
    """Keys (without modifiers) that call something while a view has focus. An event filter
    rather than QShortcuts: a shortcut on one view would fire for another view's key."""

    def __init__(self, view: QWidget, keys: Mapping[Qt.Key, Callable[[], object]]) -> None:
        super().__init__(view)
        self.keys = dict(keys)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            action = self.keys.get(Qt.Key(event.key()))
            if action is not None and plain == Qt.KeyboardModifier.NoModifier:
                action()
                return True
        return False


class PlanItemsTable(QObject):
    """Drives the Table tab: the filter widgets set the model's named filters."""

    editRequested = Signal(int)  # item id
    deleteRequested = Signal(int)

    def __init__(self, ui: Ui_PlansPage, tables: TableService, reader: PlanCalendar) -> None:
        super().__init__(ui.tableTab)
        self.ui = ui
        self.reader = reader
        self.plan_id: int | None = None
        self.model = PlanItemsTableModel(tables, self)
        self.header_state: QByteArray | None = None  # restored column widths and order
        view = ui.itemView
        view.doubleClicked.connect(self._activated)
        QShortcut(QKeySequence.StandardKey.Copy, view, lambda: copy_rows(view),
                  context=Qt.ShortcutContext.WidgetShortcut)  # fmt: skip
        KeyActions(
            view,
            {
                Qt.Key.Key_Delete: self._delete,
                Qt.Key.Key_Return: self._edit_current,
                Qt.Key.Key_Enter: self._edit_current,
            },
        )

        ui.filterLayout.setColumnStretch(1, 1)
        fill_enum(ui.phaseFilter, Phase, none="All phases")
        fill_enum(ui.statusFilter, ItemStatus, none="All statuses")
        self.due_after = OptionalDate(ui.dueAfterCheck, ui.dueAfterEdit)
        self.due_before = OptionalDate(ui.dueBeforeCheck, ui.dueBeforeEdit)
        for combo in (ui.phaseFilter, ui.statusFilter, ui.ownerFilter, ui.departmentFilter):
            combo.currentIndexChanged.connect(self.apply_filters)
        for check in (ui.dueAfterCheck, ui.dueBeforeCheck):
            check.toggled.connect(self.apply_filters)
        for edit in (ui.dueAfterEdit, ui.dueBeforeEdit):
            edit.dateChanged.connect(self.apply_filters)
        self.text_timer = QTimer(self)
        self.text_timer.setSingleShot(True)
        self.text_timer.setInterval(FILTER_DELAY_MS)
        self.text_timer.timeout.connect(self.apply_text)
        ui.filterEdit.textChanged.connect(self.text_timer.start)
        ui.filterEdit.returnPressed.connect(self.apply_text)
        self.model.counted.connect(self._show_count)

    def attach(self) -> None:
        """Give the view its model (the page does it when first shown: reads start then)."""
        view = self.ui.itemView
        if view.model() is self.model:
            return
        view.setModel(self.model)
        view.setColumnHidden(PlanItemsTableModel.PLAN, True)  # always this plan
        prepare_table(view, (30, 0, 11, 11, 10, 14, 18))
        # The indicator first: enabling sorting sorts by wherever it points.
        view.horizontalHeader().setSortIndicator(self.model.sort_column, self.model.sort_order)
        view.setSortingEnabled(True)
        if self.header_state is not None:  # the columns as the person left them
            view.horizontalHeader().restoreState(self.header_state)
            view.horizontalHeader().setSortIndicator(self.model.sort_column, self.model.sort_order)

    def show_plan(self, plan_id: int | None) -> None:
        """Narrow the table to one plan and offer that plan's owners and departments."""
        changed = plan_id != self.plan_id
        self.plan_id = plan_id
        self._fill_choices(reset=changed)
        self.model.set_filters(plan=plan_id if plan_id is not None else -1)
        self.apply_filters()
        self.model.refresh()

    def _fill_choices(self, *, reset: bool) -> None:
        ui = self.ui
        owners = self.reader.owners(self.plan_id) if self.plan_id is not None else []
        departments = self.reader.departments(self.plan_id) if self.plan_id is not None else []
        for combo, label, choices in (
            (ui.ownerFilter, "All owners", owners),
            (ui.departmentFilter, "All departments", [(d, d) for d in departments]),
        ):
            kept = None if reset else combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(label, None)
            for value, text in choices:
                combo.addItem(text, value)
            combo.setCurrentIndex(max(combo.findData(kept), 0) if kept is not None else 0)
            combo.blockSignals(False)

    @Slot()
    def apply_filters(self) -> None:
        ui = self.ui
        after, before = self.due_after.value(), self.due_before.value()
        self.model.set_filters(
            phase=ui.phaseFilter.currentData(),
            status=ui.statusFilter.currentData(),
            owner=ui.ownerFilter.currentData(),
            department=ui.departmentFilter.currentData(),
            due_after=after.isoformat() if after else None,
            due_before=before.isoformat() if before else None,
        )

    @Slot()
    def apply_text(self) -> None:
        self.text_timer.stop()
        self.model.set_filter_text(self.ui.filterEdit.text())

    def filters(self) -> dict[str, Any]:
        return self.model.filters

    @Slot(int, int)
    def _show_count(self, rows: int, _total: int) -> None:
        narrowed = bool(self.model.filter_text) or len(self.model.filters) > 1
        if self.plan_id is None:
            text = ""
        elif narrowed:
            text = f"{formatting.plural(rows, 'item matches', 'items match')} the filters"
        else:
            text = formatting.plural(rows, "item", "items")
        self.ui.itemCountLabel.setText(text)

    def _current_id(self) -> int | None:
        index = self.ui.itemView.currentIndex()
        value = index.siblingAtColumn(0).data(IdRole) if index.isValid() else None
        return int(value) if value is not None else None

    @Slot(QModelIndex)
    def _activated(self, index: QModelIndex) -> None:
        value = index.siblingAtColumn(0).data(IdRole)
        if value is not None:
            self.editRequested.emit(int(value))

    @Slot()
    def _edit_current(self) -> None:
        item = self._current_id()
        if item is not None:
            self.editRequested.emit(item)

    @Slot()
    def _delete(self) -> None:
        item = self._current_id()
        if item is not None:
            self.deleteRequested.emit(item)
