"""The export and round-trip actions of the window, installed from here so that the pages
they sit on need no knowledge of them (one line in the main window calls :func:`install`).

- File › Export… (Ctrl+Shift+E): plans, into a folder, as .xlsx or .csv;
- "Export…" next to the filter box of every table page (and in the table's context menu):
  the rows as shown, with the filter, named filters and sort;
- the Plans page's "Export plan…" and "Import edited plan…" (a diff preview, then one
  undoable transaction).
Every export, read and apply runs through the context's TaskRunner, with progress and Cancel.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand
from PySide6.QtWidgets import (
    QFileDialog,
    QLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QToolButton,
    QWidget,
)

from commdesk.errors import CommDeskError
from commdesk.gui.context import AppContext
from commdesk.gui.exporting.diff_dialog import PlanDiffDialog
from commdesk.gui.exporting.plan_dialog import PlanExportDialog, PlanExportRequest, file_name
from commdesk.gui.sections import Section
from commdesk.gui.tablepage import TablePage
from commdesk.gui.tasks import Progress, Task
from commdesk.io.export import PlanExportOptions, export_plan
from commdesk.io.export.tables import TableView, export_table
from commdesk.io.roundtrip import PlanDiff, apply_plan_diff, plan_diff
from commdesk.services.listings.plan_items import PLANS
from commdesk.services.plans import PlanService
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store

SPREADSHEETS = "Excel workbook (*.xlsx);;CSV (*.csv)"


def install(window: QMainWindow) -> ExportActions:
    return ExportActions(window)


class ExportActions(QObject):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.context: AppContext = window.context  # type: ignore[attr-defined]
        self.task: Task | None = None  # the last background job started here
        self.dialog: QWidget | None = None  # the last dialog opened here
        self.message: QMessageBox | None = None  # the last message shown
        self.folder = Path.home()

        ui = window.ui  # type: ignore[attr-defined]
        self.export_action = QAction("&Export…", window)
        self.export_action.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.export_action.setStatusTip("Export plans to .xlsx or .csv")
        self.export_action.triggered.connect(lambda _checked=False: self.export_plans())
        actions = ui.menuFile.actions()
        anchor = actions.index(ui.actionImport) + 1 if ui.actionImport in actions else 0
        ui.menuFile.insertAction(actions[anchor] if anchor < len(actions) else None,
                                 self.export_action)  # fmt: skip

        # Section pages are built when first shown (gui/pagestack.py): each gets its export
        # actions then, and those built already get them now.
        pages = window.pages  # type: ignore[attr-defined]
        for section, page in pages.items():
            self._install_on_page(section, page)
        pages.created.connect(self._install_on_page)

    @Slot(object, QWidget)
    def _install_on_page(self, section: Section, page: QWidget) -> None:
        tables = [page] if isinstance(page, TablePage) else []
        for table in tables + page.findChildren(TablePage):
            self._install_on_table(table)
        if section is Section.PLANS:
            self._install_on_plans(page)

    # --- installing ------------------------------------------------------------------------

    def _install_on_table(self, page: TablePage) -> None:
        button = QToolButton(page)
        button.setObjectName("exportViewButton")
        button.setText("Export…")
        button.setToolTip("Export this view, with its filter and sort, to .xlsx or .csv")
        button.clicked.connect(lambda _checked=False, p=page: self.export_view(p))
        _insert_after(page.ui.filterEdit, button)
        view = page.ui.tableView
        if view.contextMenuPolicy() == Qt.ContextMenuPolicy.DefaultContextMenu:
            action = QAction("Export this view…", view)
            action.triggered.connect(lambda _checked=False, p=page: self.export_view(p))
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
            view.addAction(action)

    def _install_on_plans(self, page: QWidget) -> None:
        ui = page.ui  # type: ignore[attr-defined]
        self.export_plan_button = QPushButton("E&xport plan…", page)
        self.export_plan_button.clicked.connect(lambda _checked=False: self.export_current_plan())
        self.import_plan_button = QPushButton("&Import edited plan…", page)
        self.import_plan_button.setToolTip(
            "Bring back a plan exported to .xlsx and edited in a spreadsheet: see what "
            "changed, then apply it"
        )
        self.import_plan_button.clicked.connect(lambda _checked=False: self.import_edited_plan())
        _insert_after(ui.deleteButton, self.import_plan_button)
        _insert_after(ui.deleteButton, self.export_plan_button)
        self.plans_page = page

    # --- plans -----------------------------------------------------------------------------

    @Slot()
    def export_plans(self) -> PlanExportDialog:
        rows = self.context.tables.page(PLANS, limit=10_000)
        plans = [(int(r[0]), str(r[1])) for r in rows]
        current = self._current_plan_id()
        dialog = PlanExportDialog(plans, [current] if current else [], self.folder, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.run_plan_exports(dialog.request()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def run_plan_exports(self, request: PlanExportRequest) -> Task:
        store = self.context.store
        if request.targets:
            self.folder = request.targets[0][1].parent

        def work(progress: Progress) -> list[Path]:
            done: list[Path] = []
            count = len(request.targets)
            for n, (plan_id, path) in enumerate(request.targets):

                def part(
                    fraction: float | None, message: str, n: int = n, name: str = path.name
                ) -> bool:
                    return progress((n + (fraction or 0.0)) / count, f"{name}: {message}")

                done.append(export_plan(store, plan_id, path, request.options, part))
            return done

        return self._start(work, "Exporting plans", self._exported)

    def export_current_plan(self, path: Path | None = None) -> Task | None:
        plan_id, name = self._current_plan()
        if plan_id is None:
            self._tell("Export plan", "Choose a plan in the list first.")
            return None
        if path is None:
            path = self._save_path("Export plan", file_name(name, ".xlsx"))
            if path is None:
                return None
        store = self.context.store
        target = path
        return self._start(
            lambda progress: [export_plan(store, plan_id, target, PlanExportOptions(), progress)],
            f"Exporting “{name}”",
            self._exported,
        )

    def import_edited_plan(self, path: Path | None = None) -> Task | None:
        plan_id, _name = self._current_plan()
        if plan_id is None:
            self._tell("Import edited plan", "Choose the plan the workbook belongs to first.")
            return None
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self.window, "Import edited plan", str(self.folder), "Excel workbook (*.xlsx)"
            )
            if not chosen:
                return None
            path = Path(chosen)
        store = self.context.store
        source = path

        def read(progress: Progress) -> PlanDiff:
            progress(None, f"Reading {source.name}…")
            return plan_diff(store, source, plan_id)

        return self._start(read, "Reading the edited plan", self.show_diff)

    def show_diff(self, diff: PlanDiff) -> PlanDiffDialog:
        dialog = PlanDiffDialog(diff, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.apply_diff(diff, dialog.accepted_keys()))
        dialog.open()
        self.dialog = dialog
        return dialog

    def apply_diff(self, diff: PlanDiff, accepted: set[str]) -> Task:
        store = self.context.store

        def applied(snapshot: Snapshot) -> None:
            self.context.undo_stack.push(AppliedPlanEdits(self.context, diff, accepted, snapshot))
            self.context.notify("plan_items", "plans")

        return self._start(
            lambda _progress: apply_plan_diff(store, diff, accepted),
            f"Applying the changes to “{diff.plan_name}”",
            applied,
        )

    # --- tables ----------------------------------------------------------------------------

    def export_view(self, page: TablePage, path: Path | None = None) -> Task | None:
        model = page.model
        spec = model.spec
        if path is None:
            path = self._save_path(f"Export {page.texts.plural}", f"{page.texts.plural}.xlsx")
            if path is None:
                return None
        column = spec.columns[model.sort_column]
        view = TableView(
            spec,
            model.filter_text,
            model.filters,
            sort_key=column.key,
            descending=model.sort_order == Qt.SortOrder.DescendingOrder,
            title=page.texts.title,
        )
        store = self.context.store
        target = path
        return self._start(
            lambda progress: [_export_view(store, view, target, progress)],
            f"Exporting {page.texts.plural}",
            self._exported,
        )

    # --- helpers ---------------------------------------------------------------------------

    def _start(self, work: Any, title: str, done: Any) -> Task:
        task = self.context.tasks.run(work, name=title, on_success=done, on_failure=self._failed)
        task.show_progress(self.window, title)
        self.task = task
        return task

    def _exported(self, paths: list[Path]) -> None:
        shown = ", ".join(p.name for p in paths)
        self.window.statusBar().showMessage(f"Exported {shown}", 8000)

    def _failed(self, error: BaseException) -> None:
        text = (
            str(error) if isinstance(error, CommDeskError) else f"{type(error).__name__}: {error}"
        )
        self._tell("Not done", text, QMessageBox.Icon.Warning)

    def _tell(
        self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Information
    ) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self.window)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.message = box

    def _save_path(self, title: str, suggested: str) -> Path | None:
        chosen, _ = QFileDialog.getSaveFileName(
            self.window, title, str(self.folder / suggested), SPREADSHEETS
        )
        if not chosen:
            return None
        path = Path(chosen)
        self.folder = path.parent
        return path if path.suffix.lower() in (".xlsx", ".csv") else path.with_suffix(".xlsx")

    def _current_plan_id(self) -> int | None:
        return self._current_plan()[0]

    def _current_plan(self) -> tuple[int | None, str]:
        page = getattr(self, "plans_page", None)
        plan = getattr(page, "plan", None)
        if plan is None:
            return None, ""
        return int(plan.id), str(plan.name)


class AppliedPlanEdits(QUndoCommand):
    """An applied round-trip, undone by putting the plan's items back as they were."""

    def __init__(
        self, context: AppContext, diff: PlanDiff, accepted: set[str], before: Snapshot
    ) -> None:
        super().__init__(f"Import edited plan “{diff.plan_name}”")
        self.context, self.diff, self.accepted, self.before = context, diff, accepted, before
        self._done = True  # applied in the background before it reached the stack

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self.before = apply_plan_diff(self.context.store, self.diff, self.accepted)
        self.context.notify("plan_items", "plans")

    def undo(self) -> None:
        PlanService(self.context.store).restore_items(self.diff.plan_id, self.before)
        self.context.notify("plan_items", "plans")


def _export_view(store: Store, view: TableView, path: Path, progress: Progress) -> Path:
    export_table(store, view, path, progress=progress)
    return path


def _insert_after(anchor: QWidget, widget: QWidget) -> None:
    """Put ``widget`` right after ``anchor`` in whatever layout holds it."""
    parent = anchor.parentWidget()
    layout = parent.layout() if parent is not None else None
    holder = _holding(layout, anchor) if layout is not None else None
    if holder is None:
        raise RuntimeError(f"{anchor.objectName()} is in no layout")
    holder.insertWidget(holder.indexOf(anchor) + 1, widget)  # type: ignore[attr-defined]


def _holding(layout: QLayout, widget: QWidget) -> QLayout | None:
    if layout.indexOf(widget) >= 0:
        return layout
    for index in range(layout.count()):
        item = layout.itemAt(index)
        child = item.layout() if item is not None else None
        if child is not None:
            found = _holding(child, widget)
            if found is not None:
                return found
    return None
