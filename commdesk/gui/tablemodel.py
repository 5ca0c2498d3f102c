"""The base of every table view: a read-only model that pages its rows from SQL.

A :class:`SqlPagedTableModel` shows one :class:`~commdesk.services.tables.TableSpec`. It knows
how many rows there are (one COUNT per filter), and holds only the blocks of rows the view
has asked for, fetched on demand, ``BLOCK_SIZE`` at a time, and forgotten least recently used
first.

A new filter, sort or refresh paints before it counts: until the exact count is known the
model promises only the rows of its first block (all of them when the block is short, which
is the exact count already), so the first page costs one LIMIT query. The COUNT runs right
after the view has painted that page (or when the view scrolls to the last promised row,
through ``fetchMore``); the rows then grow (or shrink) to the exact count with
``beginInsertRows``/``beginRemoveRows``, and ``counted`` announces it. Given a
:class:`~commdesk.gui.tasks.TaskRunner`, the model counts on a worker thread (its own
connection), so even a count of a million rows never holds up typing; a count made stale by
a newer filter is stopped and its answer dropped. Sorting and filtering are new queries, never
work done on rows in Python, so a view over a million people costs what a view over fifty
does.

Subclasses name their columns with constants that must match the spec's column keys,
upper-cased (``NAME = 0`` for the key ``"name"``); a mismatch fails at import time.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from datetime import datetime
from typing import Any, ClassVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from sqlalchemy.exc import SQLAlchemyError

from commdesk.gui import formatting
from commdesk.gui.tasks import Progress, Task, TaskRunner
from commdesk.services.tables import ColumnKind, Row, TableColumn, TableService, TableSpec

log = logging.getLogger(__name__)

AnyIndex = QModelIndex | QPersistentModelIndex

# Roles beyond Qt's: the row's database id, and a cell's value before formatting.
IdRole = Qt.ItemDataRole.UserRole + 1
ValueRole = Qt.ItemDataRole.UserRole + 2
# The roles a cell answers (subclasses answer others in their own data() first).
_ROLES = frozenset(
    int(role)
    for role in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        IdRole,
        ValueRole,
    )
)


class SqlPagedTableModel(QAbstractTableModel):
    """Rows of one table spec, counted, sorted, filtered and paged in SQL."""

    spec: ClassVar[TableSpec]
    BLOCK_SIZE: ClassVar[int] = 200
    MAX_BLOCKS: ClassVar[int] = 40  # 8,000 rows at most in memory
    # Timestamp columns shown as a date only (the others show the time as well).
    DATE_ONLY: ClassVar[frozenset[int]] = frozenset()

    # How long a reset waits for a view to paint before it counts anyway (no view: a test,
    # a hidden page); once a view has asked for a cell, the count follows at once.
    COUNT_DELAY_MS: ClassVar[int] = 50

    # Emitted after every reset (filter or refresh), once the exact count is known: the new
    # row count and total.
    counted = Signal(int, int)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        spec = cls.__dict__.get("spec")
        if spec is None:
            return
        for position, key in enumerate(spec.keys):
            constant = getattr(cls, key.upper(), None)
            if constant != position:
                raise TypeError(f"{cls.__name__}.{key.upper()} must be {position}, not {constant}")

    def __init__(
        self,
        service: TableService,
        parent: QObject | None = None,
        *,
        tasks: TaskRunner | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._tasks = tasks  # counts run there; without it, on the GUI thread
        self._count_task: Task | None = None  # counting the current filter (None: not)
        self._columns: tuple[TableColumn, ...] = self.spec.columns
        self._filter = ""
        self._filters: dict[str, Any] = {}
        self._sort_key = self.spec.default_sort
        self._descending = self.spec.default_descending
        self._count: int | None = None  # rows for the current filter; None until asked
        self._total: int | None = None  # rows without a filter
        self._blocks: OrderedDict[int, list[Row]] = OrderedDict()
        # After a reset, until the exact count is announced: the rows promised meanwhile
        # (None: none yet), whether a view asked for a cell, and whether the total was known.
        self._counting = False
        self._shown: int | None = None
        self._asked = False
        self._total_known = False
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.timeout.connect(self._count_when_painted)
        self._painting = False  # a view is painting: count once its paint is over
        self._growing = False  # the rows are growing (or shrinking) to the exact count
        self.queries = 0  # how many page queries ran (for tests and the curious)
        self.count_queries = 0  # how many COUNT queries ran for the filter

    # --- what the view asks --------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's idiom
        if parent.isValid():
            return 0
        if self._count is not None:
            return self._count
        if not self._counting:  # a new model: count now (one query, no rows)
            self._count = self._counted_rows()
            return self._count
        if self._shown is None:  # after a reset: the first block, before any count
            block = self._blocks.get(0)
            if block is None:
                block = self._load_block(0)
            if len(block) < self.BLOCK_SIZE:
                self._count = len(block)  # a short first block is all there is
                return self._count
            self._shown = len(block)
        return self._shown

    def canFetchMore(self, parent: AnyIndex) -> bool:
        return (
            not parent.isValid()
            and self._counting
            and self._count is None
            and self._shown is not None
            and not self._growing  # (a view asking again while the rows grow)
        )

    def fetchMore(self, parent: AnyIndex) -> None:
        """The view reached the last promised row: count now, and show them all."""
        if self.canFetchMore(parent):
            self._finish_count()

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == Qt.ItemDataRole.ToolTipRole and not column.sortable:
            return f"This table sorts by “{self.default_sort_label}” only"
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or index.column() >= len(self._columns):
            return None  # (a view asks each cell for a dozen roles: most are not ours)
        if self._counting and not self._asked:
            # A view is painting the first rows: count as soon as it is done.
            self._asked = self._painting = True
            self._count_timer.start(0)
        row = self._row(index.row())
        if row is None:
            return None
        column = self._columns[index.column()]
        value = row[1 + index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.display_text(index.column(), value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip_text(index.column(), value)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(column)
        if role == IdRole:
            return row[0]
        if role == ValueRole:
            return value
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Order by a column, in SQL; the count stays, the cached rows go."""
        if not self.is_sortable(column):
            return
        key = self._columns[column].key
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) == (self._sort_key, self._descending):
            return
        self._sort_key, self._descending = key, descending
        self.beginResetModel()
        self._blocks.clear()
        if self._count is None:
            self._shown = None  # promised from the old first block: take the new one's
        self.endResetModel()

    # --- what the page asks --------------------------------------------------------------

    @property
    def filter_text(self) -> str:
        return self._filter

    def set_filter_text(self, text: str) -> None:
        """Show only the rows matching ``text`` (how is the spec's business)."""
        text = " ".join(text.split())
        if text == self._filter:
            return
        self._filter = text
        self._reset(recount_total=False)

    @property
    def filters(self) -> dict[str, Any]:
        return dict(self._filters)

    def set_filters(self, **filters: Any) -> None:
        """Narrow the rows with the spec's named filters (a value of None clears one)."""
        merged = {**self._filters, **filters}
        merged = {k: v for k, v in merged.items() if v is not None}
        if merged == self._filters:
            return
        self._filters = merged
        self._reset(recount_total=False)

    def refresh(self) -> None:
        """Read everything again: the database may have changed."""
        self._reset(recount_total=True)

    def is_sortable(self, column: int) -> bool:
        return 0 <= column < len(self._columns) and self._columns[column].sortable

    @property
    def sort_column(self) -> int:
        return self.spec.index(self._sort_key)

    @property
    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.DescendingOrder if self._descending else Qt.SortOrder.AscendingOrder

    @property
    def default_sort_label(self) -> str:
        return self.spec.column(self.spec.default_sort).label

    @property
    def default_sort(self) -> tuple[int, Qt.SortOrder]:
        order = (
            Qt.SortOrder.DescendingOrder
            if self.spec.default_descending
            else Qt.SortOrder.AscendingOrder
        )
        return self.spec.index(self.spec.default_sort), order

    def total(self) -> int:
        """Rows without any filter."""
        if self._total is None:
            if self._filter or self._filters:
                self._total = self._safe_count("", {})
            elif self._count is None and self._counting:
                return self.rowCount()  # promised rows only: the exact count comes later
            else:
                self._total = self.rowCount()
        return self._total

    def row_id(self, row: int) -> int | None:
        found = self._row(row)
        return int(found[0]) if found is not None else None

    def cached_rows(self) -> int:
        return sum(len(block) for block in self._blocks.values())

    # --- how values read (override per table when needed) ---------------------------------

    def display_text(self, column: int, value: Any) -> str:
        kind = self._columns[column].kind
        return formatting.value_text(kind, value, with_time=column not in self.DATE_ONLY)

    def tooltip_text(self, column: int, value: Any) -> str | None:
        if isinstance(value, datetime):
            return formatting.timestamp_text(value)
        text = self.display_text(column, value)
        return text if len(text) > 40 else None

    # --- the block cache -------------------------------------------------------------------

    def _row(self, row: int) -> Row | None:
        if row < 0 or row >= self.rowCount():
            return None
        number, offset = divmod(row, self.BLOCK_SIZE)
        block = self._blocks.get(number)
        if block is None:
            block = self._load_block(number)
        else:
            self._blocks.move_to_end(number)
        return block[offset] if offset < len(block) else None

    def _load_block(self, number: int) -> list[Row]:
        offset = number * self.BLOCK_SIZE
        previous = self._blocks.get(number - 1)
        try:
            if previous and len(previous) == self.BLOCK_SIZE:
                # Scrolling down, the block before is at hand: seek past it through the index.
                rows = self._page(offset, self._descending, after=previous[-1])
            elif self._count is not None and offset > self._count // 2:
                # Nearer the end than the start: count from the end in the reverse order, so
                # a jump to the last rows skips few rows instead of nearly all of them.
                limit = min(self.BLOCK_SIZE, self._count - offset)
                mirrored = max(self._count - offset - limit, 0)
                rows = self._page(mirrored, not self._descending, limit=limit)[::-1]
            else:
                rows = self._page(offset, self._descending)
        except SQLAlchemyError:
            log.exception("could not read rows of %s", self.spec.key)
            rows = []
        self.queries += 1
        self._blocks[number] = rows
        while len(self._blocks) > self.MAX_BLOCKS:
            self._blocks.popitem(last=False)
        return rows

    def _page(
        self, offset: int, descending: bool, *, limit: int | None = None, after: Row | None = None
    ) -> list[Row]:
        return self._service.page(
            self.spec,
            self._filter,
            sort_key=self._sort_key,
            descending=descending,
            offset=offset,
            limit=self.BLOCK_SIZE if limit is None else limit,
            after=after,
            filters=self._filters,
        )

    def _safe_count(self, text: str, filters: dict[str, Any]) -> int:
        try:
            return self._service.count(self.spec, text, filters)
        except SQLAlchemyError:
            log.exception("could not count rows of %s", self.spec.key)
            return 0

    def _counted_rows(self) -> int:
        self.count_queries += 1
        return self._safe_count(self._filter, self._filters)

    def _reset(self, *, recount_total: bool) -> None:
        if self._count_task is not None:
            self._count_task.cancel()  # its answer would be for the old filter
            self._count_task = None
        self.beginResetModel()
        self._blocks.clear()
        self._count = None
        self._shown = None
        self._counting = True
        self._asked = self._painting = False
        if recount_total:
            self._total = None
        self._total_known = self._total is not None
        self.endResetModel()
        self.rowCount()  # read the first block: often it is all there is, counted already
        if self._count is not None:
            self._finish_count()
        else:
            self._count_timer.start(self.COUNT_DELAY_MS)

    def _count_when_painted(self) -> None:
        if self._painting:
            # The timer started during the paint fires in the same pass of the event loop,
            # right after it; one more turn lets the painted rows reach the screen first.
            self._painting = False
            self._count_timer.start(0)
            return
        self._finish_count()

    def _finish_count(self) -> None:
        """Count the rows of the current filter, grow (or shrink) to them, announce them."""
        self._count_timer.stop()
        if not self._counting:
            return
        if self._count is None:
            if self._tasks is not None:
                self._count_in_background(self._tasks)
                return
            self._grow_to(self._counted_rows())
        self._announce()

    def _count_in_background(self, tasks: TaskRunner) -> None:
        if self._count_task is not None:
            return  # already counting this filter
        self.count_queries += 1
        service, spec, text, filters = self._service, self.spec, self._filter, dict(self._filters)

        def count(progress: Progress) -> int:
            return service.count(spec, text, filters, should_stop=lambda: progress.cancelled)

        self._count_task = tasks.run(count, name=f"count {spec.key}")
        self._count_task.succeeded.connect(self._count_arrived)
        self._count_task.failed.connect(self._count_failed)

    @Slot(object)
    def _count_arrived(self, exact: object) -> None:
        if self.sender() is self._count_task:  # else the filter changed meanwhile
            self._counted(int(exact))  # type: ignore[call-overload]

    @Slot(object)
    def _count_failed(self, _error: object) -> None:
        if self.sender() is self._count_task:  # (the runner has logged the error)
            self._counted(None)

    def _counted(self, exact: int | None) -> None:
        """The count of the current filter arrived from a worker (None: it failed)."""
        self._count_task = None
        if not self._counting:
            return
        if self._count is None:
            self._grow_to(exact if exact is not None else self._shown or 0)
        self._announce()

    def _grow_to(self, exact: int) -> None:
        """Show ``exact`` rows instead of the promised ones."""
        shown = self._shown
        if self._count is not None:
            return
        if shown is None or exact == shown:  # nobody saw a row count, or it was right
            self._count = exact
            return
        self._growing = True
        try:
            if exact > shown:
                self.beginInsertRows(QModelIndex(), shown, exact - 1)
                self._count = exact
                self.endInsertRows()
            else:  # rows went since the first block was read
                self.beginRemoveRows(QModelIndex(), exact, shown - 1)
                self._count = exact
                self.endRemoveRows()
        finally:
            self._growing = False

    def _announce(self) -> None:
        self._counting = False
        self._shown = None
        if not self._total_known:
            self._total = None  # a total taken from promised rows would be wrong
        self.counted.emit(self._count, self.total())

    @staticmethod
    def _alignment(column: TableColumn) -> int:
        horizontal = (
            Qt.AlignmentFlag.AlignRight
            if column.kind is ColumnKind.NUMBER
            else Qt.AlignmentFlag.AlignLeft
        )
        return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
