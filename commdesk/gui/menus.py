"""The Edit menu (undo, redo, copy) and how the window shows one record (global search)."""

from __future__ import annotations

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QIcon, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QWidget

from commdesk.gui.sections import Section
from commdesk.gui.tablemodel import IdRole
from commdesk.gui.tablepage import TablePage
from commdesk.services.search import RecordKind, SearchHit

RECORD_SECTIONS = {
    RecordKind.PERSON: Section.PEOPLE,
    RecordKind.ORGANISATION: Section.ORGANISATIONS,
    RecordKind.COMMUNITY: Section.COMMUNITIES,
    RecordKind.PLAN: Section.PLANS,
}


class EditMenu(QObject):
    """Fills the window's Edit menu: Undo and Redo follow the context's undo stack."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        ui = window.ui  # type: ignore[attr-defined]
        stack = window.context.undo_stack  # type: ignore[attr-defined]
        self.undo = stack.createUndoAction(window, "&Undo")
        self.undo.setShortcuts(QKeySequence.keyBindings(QKeySequence.StandardKey.Undo))
        self.redo = stack.createRedoAction(window, "&Redo")
        self.redo.setShortcuts(
            [QKeySequence("Ctrl+Shift+Z")]
            + [
                k
                for k in QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
                if k != QKeySequence("Ctrl+Shift+Z")
            ]
        )
        self.undo.setIcon(QIcon.fromTheme("edit-undo"))
        self.redo.setIcon(QIcon.fromTheme("edit-redo"))
        first = ui.menuEdit.actions()[0] if ui.menuEdit.actions() else None
        ui.menuEdit.insertAction(first, self.undo)
        ui.menuEdit.insertAction(first, self.redo)
        ui.menuEdit.insertSeparator(first)
        ui.actionCopy.triggered.connect(self.copy)

    @Slot()
    def copy(self) -> bool:
        """Copy from whatever has the focus: text from an editor, rows from a table."""
        focus = QApplication.focusWidget()
        if focus is not None and not isinstance(focus, QAbstractItemView):
            copy = getattr(focus, "copy", None)
            if callable(copy):
                copy()
                return True
        widget: QWidget | None = focus
        while widget is not None:
            if isinstance(widget, TablePage):
                return widget.copy_selection()
            widget = widget.parentWidget()
        page = self.window.ui.pages.currentWidget()  # type: ignore[attr-defined]
        copy_selection = getattr(page, "copy_selection", None)
        return bool(copy_selection()) if callable(copy_selection) else False


def open_record(window: QMainWindow, hit: SearchHit) -> str:
    """Switch to the record's section and show it: through the page's ``show_record``
    when it has one, else by filtering its table to the name and selecting the row.
    Returns how (``"show_record"``, ``"selected"`` or ``"section"``)."""
    section = RECORD_SECTIONS[hit.kind]
    window.show_section(section)  # type: ignore[attr-defined]
    page = window.page(section)  # type: ignore[attr-defined]
    show_record = getattr(page, "show_record", None)
    if callable(show_record):
        show_record(hit.id)
        return "show_record"
    return "selected" if select_row(page, hit.id, hit.name) else "section"


def select_row(page: QWidget, record_id: int, name: str) -> bool:
    """Filter a plain table page to the record's name and select its row, if it shows."""
    if not isinstance(page, TablePage):
        return False
    page.attach()
    page.ui.filterEdit.setText(name)
    page.apply_filter()
    model = page.model
    for row in range(min(model.rowCount(), model.BLOCK_SIZE)):
        if model.index(row, 0).data(IdRole) == record_id:
            view = page.ui.tableView
            view.selectRow(row)
            view.scrollTo(model.index(row, 0))
            view.setFocus()
            return True
    return False
