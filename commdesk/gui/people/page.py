"""The People page: the table with its filters and bulk actions, and the person's editor
beside it (the splitter between them remembers where it was)."""

from __future__ import annotations

from PySide6.QtCore import (
    QByteArray,
    QItemSelection,
    QItemSelectionModel,
    QPoint,
    QSettings,
    Qt,
    Slot,
)
from PySide6.QtGui import QAction, QGuiApplication, QHideEvent, QKeySequence
from PySide6.QtWidgets import QSplitter, QWidget

from commdesk.domain.enums import StakeholderRole
from commdesk.errors import CommDeskError
from commdesk.gui.context import ALL, AppContext
from commdesk.gui.people.bulk import PeopleBulkActions
from commdesk.gui.people.editor import PersonEditor
from commdesk.gui.people.filters import PeopleFilterBar
from commdesk.gui.people.model import PeopleTableModel
from commdesk.gui.tablepage import TablePage, TableTexts
from commdesk.services.people import PeopleService

__all__ = ["PeoplePage", "PeopleTableModel"]

SPLITTER_KEY = "splitter"
COLUMNS_KEY = "columns"
KEEP_SELECTION = 1000  # re-select at most this many rows after a refresh
# What other edits make the filter lists or the shown person stale.
RELEVANT = {"people", "tags", "communities", "memberships", "organisations", ALL}

TEXTS = TableTexts(
    title="People",
    singular="person",
    plural="people",
    empty=(
        "<p><b>No people yet.</b></p>"
        "<p>The people behind your communities will be listed here — employees, customers, "
        "suppliers, partners, shareholders, competitors — with their organisation, their "
        "roles, their communities and when you last heard from them.</p>"
        "<p>Add someone with <b>New person</b> (Ctrl+N), or start CommDesk with "
        "<code>commdesk --demo</code> to look around with sample data.</p>"
    ),
    filter_hint="Filter by name, email, handle or organisation",
    icon=":/icons/people.svg",
    # Name, organisation, roles, email (hidden), last activity, communities, consent: the
    # shown ones fit beside the editor on a 1366-pixel screen.
    column_widths=(20, 16, 12, 24, 14, 16, 7),
)


class PeoplePage(TablePage):
    model: PeopleTableModel

    def __init__(
        self,
        context: AppContext,
        parent: QWidget | None = None,
        *,
        settings: QSettings | None = None,
    ) -> None:
        super().__init__(PeopleTableModel(context.tables, tasks=context.tasks), TEXTS, parent)
        self.context = context
        # The window hands its settings to save_state / restore_state; a page shown on its
        # own (tests, previews) may be given settings to keep its state in itself.
        self.settings = settings
        self._columns_state: QByteArray | None = None
        self.people = PeopleService(context.store)

        self.filter_bar = PeopleFilterBar(self.people, self)
        self.filter_bar.changed.connect(self._filters_changed)
        self.ui.pageLayout.insertWidget(1, self.filter_bar)

        self.editor = PersonEditor(context, self)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("peopleSplitter")
        self.splitter.setChildrenCollapsible(False)
        layout = self.ui.pageLayout
        position = layout.indexOf(self.ui.contentStack)
        layout.removeWidget(self.ui.contentStack)
        self.splitter.addWidget(self.ui.contentStack)
        self.splitter.addWidget(self.editor)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        layout.insertWidget(position, self.splitter, 1)
        self.splitter.setSizes([700, 420])
        if settings is not None:
            self.restore_state(settings)

        view = self.ui.tableView
        view.setAccessibleName("People")
        self.bulk = PeopleBulkActions(context, self, self.selected_ids)
        self._show_selected(0)
        self.filter_bar.ui.bulkButton.setMenu(self.bulk.menu)
        for action in self.bulk.actions:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            view.addAction(action)
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._context_menu)

        self.new_action = QAction("&New person", self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.new_action.triggered.connect(self.new_person)
        self.addAction(self.new_action)
        self.filter_bar.ui.newButton.clicked.connect(self.new_person)
        bar = self.filter_bar.ui
        QWidget.setTabOrder(self.ui.filterEdit, bar.roleCombo)
        QWidget.setTabOrder(bar.newButton, view)
        QWidget.setTabOrder(view, self.editor.ui.tabWidget)
        self.editor.saved.connect(self._saved)
        context.changed.connect(self._changed)

    # --- the table -------------------------------------------------------------------------

    def attach(self) -> None:
        first = not self._attached
        super().attach()
        if first:
            self.filter_bar.reload()
            self.editor.show_person(None)
            self.ui.tableView.selectionModel().selectionChanged.connect(self._selection_changed)
            # A reset (another filter, a refresh) drops the selection without a signal for it.
            self.model.modelReset.connect(lambda: self._show_selected(len(self.selected_ids())))
            self.select_first_row()
            header = self.ui.tableView.horizontalHeader()
            if self._columns_state is not None:
                header.restoreState(self._columns_state)
            else:  # the editor beside the table shows the email addresses
                header.setSectionHidden(self.model.EMAIL, True)
                # Who they are first, then when they were last heard from.
                header.moveSection(
                    header.visualIndex(self.model.COMMUNITIES),
                    header.visualIndex(self.model.LAST_ACTIVITY),
                )

    def refresh(self) -> None:
        """Read the rows again, keeping the selection on the people still in the same rows."""
        selection = self.ui.tableView.selectionModel()
        rows = sorted(i.row() for i in selection.selectedRows()) if selection else []
        kept = [(r, self.model.row_id(r)) for r in rows] if len(rows) <= KEEP_SELECTION else []
        current = self.ui.tableView.currentIndex().row()
        super().refresh()
        if not kept or selection is None:
            return
        flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
        for row, person in kept:
            if person is not None and self.model.row_id(row) == person:
                selection.select(self.model.index(row, 0), flags)
        if 0 <= current < self.model.rowCount():
            selection.setCurrentIndex(
                self.model.index(current, 0), QItemSelectionModel.SelectionFlag.NoUpdate
            )

    def selected_ids(self) -> list[int]:
        """Ids of the selected rows, in table order. A long run of rows (Ctrl+A over a
        million people) is read as ids in one query instead of row by row."""
        selection = self.ui.tableView.selectionModel()
        if selection is None:
            return []
        ranges = selection.selection()
        runs = sorted((ranges.at(n).top(), ranges.at(n).bottom()) for n in range(ranges.count()))
        ids: list[int] = []
        for top, bottom in runs:
            if bottom - top < self.model.BLOCK_SIZE:
                found = (self.model.row_id(row) for row in range(top, bottom + 1))
                ids.extend(i for i in found if i is not None)
            else:
                ids.extend(self._ids_between(top, bottom))
        return list(dict.fromkeys(ids))

    def _ids_between(self, top: int, bottom: int) -> list[int]:
        model = self.model
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return self.bulk.bulk.ids_in_view(
                model.filter_text,
                model.filters,
                sort_key=model.spec.columns[model.sort_column].key,
                descending=model.sort_order == Qt.SortOrder.DescendingOrder,
                offset=top,
                limit=bottom - top + 1,
            )
        finally:
            QGuiApplication.restoreOverrideCursor()

    @Slot(dict)
    def _filters_changed(self, filters: dict[str, object]) -> None:
        self.bulk.set_showing_archived(self.filter_bar.showing_archived)
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.model.set_filters(**filters)
        finally:
            QGuiApplication.restoreOverrideCursor()

    @Slot(QItemSelection, QItemSelection)
    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        ids = self.selected_ids()
        self._show_selected(len(ids))
        current = self.ui.tableView.currentIndex()
        person = self.model.row_id(current.row()) if current.isValid() else None
        if person is None and ids:
            person = ids[0]
        if person is not None and person != self.editor.person_id:
            self.editor.show_person(person)

    def _show_selected(self, count: int) -> None:
        """The bulk actions act on ``count`` selected people: say so on their button."""
        self.bulk.set_enabled(count)
        button = self.filter_bar.ui.bulkButton
        button.setEnabled(count > 0)
        button.setText(f"&Bulk actions ({count:,} selected)" if count else "&Bulk actions")
        button.setToolTip(
            "Tag, add to a community, set a role, archive (or bring back) or delete the "
            "selected people"
            if count
            else "Select people in the table to act on them all at once"
        )

    @Slot(QPoint)
    def _context_menu(self, position: QPoint) -> None:
        self.bulk.menu.exec(self.ui.tableView.viewport().mapToGlobal(position))

    # --- the editor ------------------------------------------------------------------------

    @Slot()
    def show_record(self, person_id: int) -> None:
        """Show one person in the pane (global search, a link from another section)."""
        self.attach()
        self.editor.show_person(person_id)

    def show_filtered(
        self,
        *,
        role: StakeholderRole | None = None,
        community: int | None = None,
        members_of: tuple[int, ...] = (),
    ) -> None:
        """Show the people holding ``role`` in ``community`` who are current members of every
        one of ``members_of`` (a click on a chart)."""
        self.attach()
        self.filter_bar.set_filters(role=role, community=community, members_of=members_of)

    def new_person(self) -> None:
        self.ui.tableView.clearSelection()
        self.editor.new_person()

    @Slot(int)
    def _saved(self, _person_id: int) -> None:
        self.filter_bar.reload()  # a new tag may have appeared

    @Slot(str)
    def _changed(self, what: str) -> None:
        if what not in RELEVANT or not self._attached:
            return
        self.filter_bar.reload()
        editor = self.editor
        if editor.person_id is None or editor.record is None:
            return
        try:
            untouched = editor.draft() == editor.record.as_draft()
        except CommDeskError:
            untouched = False
        if untouched:  # an undo, a bulk change... show what is stored now
            editor.show_person(editor.person_id)

    # --- state -----------------------------------------------------------------------------

    def save_state(self, settings: QSettings | None = None) -> None:
        """Keep the splitter and the columns (in the group the window chose)."""
        target = settings if settings is not None else self.settings
        if target is None:
            return
        target.setValue(SPLITTER_KEY, self.splitter.saveState())
        if self._attached:
            target.setValue(COLUMNS_KEY, self.ui.tableView.horizontalHeader().saveState())

    def restore_state(self, settings: QSettings) -> None:
        splitter = settings.value(SPLITTER_KEY)
        if isinstance(splitter, QByteArray) and not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        columns = settings.value(COLUMNS_KEY)
        if isinstance(columns, QByteArray) and not columns.isEmpty():
            self._columns_state = columns
            if self._attached:
                self.ui.tableView.horizontalHeader().restoreState(columns)

    def hideEvent(self, event: QHideEvent) -> None:
        if self.settings is not None:
            self.save_state()
        super().hideEvent(event)
