"""Small pieces the Communities and Organisations panes share: error labels next to fields,
Ctrl+C on tables, the model of a table that always shows one record's rows, and the
splitter that puts a detail pane beside a table page."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QWidget,
)

from commdesk.errors import ValidationError
from commdesk.gui.tablemodel import SqlPagedTableModel
from commdesk.gui.tablepage import TablePage
from commdesk.services.tables import TableService

ERROR_COLOUR = QColor("#dc2626")  # reads on both the light and the dark palette


class FieldErrors:
    """The error labels of a form, by the field names the services use in ValidationError."""

    def __init__(self, labels: Mapping[str, QLabel], fallback: str) -> None:
        self._labels = dict(labels)
        self._fallback = fallback
        for label in {id(x): x for x in self._labels.values()}.values():
            palette = label.palette()
            palette.setColor(QPalette.ColorRole.WindowText, ERROR_COLOUR)
            label.setPalette(palette)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.hide()

    def clear(self) -> None:
        for label in self._labels.values():
            label.clear()
            label.hide()

    def show(self, error: ValidationError) -> QLabel:
        """Put the message next to its field (the fallback's when the field is not on the
        form); returns the label used."""
        self.clear()
        label = self._labels.get(error.field) or self._labels[self._fallback]
        field = error.field[:1].upper() + error.field[1:]
        label.setText(f"{field} {error.message}.")
        label.show()
        return label

    def message(self, field: str) -> str:
        label = self._labels[field]
        return label.text() if not label.isHidden() else ""


class _CopyRows(QObject):
    """Ctrl+C on a table view: the selected rows as tab-separated text, as shown."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Copy)
            and isinstance(watched, QTableView)
        ):
            copy_rows(watched)
            return True
        return False


def copy_rows(view: QTableView) -> str:
    """Copy the selected rows of ``view`` (visible columns in view order) as TSV."""
    model = view.model()
    selection = view.selectionModel()
    if model is None or selection is None:
        return ""
    header = view.horizontalHeader()
    columns = [
        header.logicalIndex(v)
        for v in range(header.count())
        if not header.isSectionHidden(header.logicalIndex(v))
    ]
    rows = sorted({index.row() for index in selection.selectedRows()})
    lines = []
    for row in rows:
        cells = [_cell(model.index(row, column).data()) for column in columns]
        lines.append("\t".join(cells))
    text = "\n".join(lines)
    if text:
        QGuiApplication.clipboard().setText(text + "\n")
    return text


def _cell(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def prepare_table(view: QTableView) -> None:
    """The look and keys every small table of these panes shares."""
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setStretchLastSection(True)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    install_copy(view)


def install_copy(view: QTableView) -> None:
    view.installEventFilter(_CopyRows(view))


class ScopedTableModel(SqlPagedTableModel):
    """A paged table that always shows the rows of one record (a community's members, an
    organisation's people): its named filter is set from the start, to nothing at all."""

    SCOPE: str = ""  # the name of the spec's filter that scopes the rows
    NOTHING: Any = -1  # a filter value no row matches

    def __init__(self, service: TableService, parent: QObject | None = None) -> None:
        super().__init__(service, parent)
        self._filters = {self.SCOPE: self.NOTHING}

    def scope(self, value: Any) -> None:
        """Show the rows of this record (None: no rows)."""
        self._total = None  # the record's rows are the whole table now
        self.set_filters(**{self.SCOPE: self.NOTHING if value is None else value})

    def total(self) -> int:
        """Rows of the record, whatever the filter text (never the rows of every record:
        that would count a million memberships to show fifty)."""
        if self._total is None:
            self._total = (
                self._safe_count("", dict(self._filters)) if self._filter else self.rowCount()
            )
        return self._total

    @property
    def scoped_to(self) -> Any:
        value = self._filters.get(self.SCOPE)
        return None if value == self.NOTHING else value


def add_detail_pane(page: TablePage, pane: QWidget, key: str) -> QSplitter:
    """Put ``pane`` beside the page's table in a splitter whose state QSettings keeps."""
    layout = page.ui.pageLayout
    layout.removeWidget(page.ui.contentStack)
    splitter = QSplitter(Qt.Orientation.Horizontal, page)
    splitter.setObjectName(f"{key.split('/', maxsplit=1)[0]}Splitter")
    splitter.setChildrenCollapsible(False)
    splitter.addWidget(page.ui.contentStack)
    splitter.addWidget(pane)
    splitter.setStretchFactor(0, 3)
    splitter.setStretchFactor(1, 2)
    layout.addWidget(splitter, 1)
    state = QSettings().value(key)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    else:
        splitter.setSizes([600, 420])
    splitter.splitterMoved.connect(lambda *_: QSettings().setValue(key, splitter.saveState()))
    install_copy(page.ui.tableView)
    return splitter


def install_record_shortcuts(
    page: TablePage, new: Callable[[], object], delete: Callable[[], object]
) -> None:
    """New (Ctrl+N) anywhere in the window while the page shows (a hidden page's shortcuts
    sleep), and Delete on the page's table."""
    add = QShortcut(QKeySequence.StandardKey.New, page)
    add.setContext(Qt.ShortcutContext.WindowShortcut)
    add.activated.connect(new)
    remove = QShortcut(QKeySequence.StandardKey.Delete, page.ui.tableView)
    remove.setContext(Qt.ShortcutContext.WidgetShortcut)
    remove.activated.connect(delete)
