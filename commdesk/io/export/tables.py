"""Export any table view (people, communities, activity...) with its current filter and sort.

Rows come from the same :class:`~commdesk.services.tables.TableSpec` the view pages, in blocks:
keyset pages (each starts after the last row of the one before, through the index) when the
sort column allows it, else one streamed query. Either way memory stays flat, whether the
table has fifty rows or a million, and the writers write each row as it comes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from commdesk.io.export.csv_table import csv_rows
from commdesk.io.export.options import CsvOptions, format_of
from commdesk.io.export.progress import Progress, Reporter, no_progress, whole_file
from commdesk.io.export.workbook import Book
from commdesk.services.tables import Filters, Row, TableService, TableSpec, page_statement
from commdesk.store import Store

BLOCK = 2000
_LARGE = 1 << 62  # "no limit" for the one streamed query


@dataclass(frozen=True)
class TableView:
    """What a table view shows: its spec, filter text, named filters and sort."""

    spec: TableSpec
    filter_text: str = ""
    filters: Filters = field(default_factory=dict)
    sort_key: str | None = None
    descending: bool | None = None
    title: str = ""  # the sheet name (default: the spec's key)


def table_rows(store: Store, view: TableView) -> Iterator[Row]:
    """Every row the view shows, in its order, a block at a time."""
    spec = view.spec
    key = view.sort_key or spec.default_sort
    if spec.column(key).seekable:
        service = TableService(store)
        after: Row | None = None
        while True:
            rows = service.page(
                spec,
                view.filter_text,
                sort_key=key,
                descending=view.descending,
                limit=BLOCK,
                after=after,
                filters=view.filters,
            )
            yield from rows
            if len(rows) < BLOCK:
                return
            after = rows[-1]
    query = page_statement(
        spec,
        view.filter_text,
        sort_key=key,
        descending=view.descending,
        limit=_LARGE,
        filters=view.filters,
    )
    with store.read() as session:
        for row in session.execute(query.execution_options(yield_per=BLOCK)):
            yield spec.convert(row)


def export_table(
    store: Store,
    view: TableView,
    path: Path,
    csv_options: CsvOptions | None = None,
    progress: Progress = no_progress,
) -> int:
    """Write the view's rows to ``path`` (.xlsx or .csv by extension); returns how many."""
    total = TableService(store).count(view.spec, view.filter_text, view.filters)
    reporter = Reporter(progress, total, "Writing the rows")
    reporter.report()
    labels = [c.label for c in view.spec.columns]
    with whole_file(path) as temporary:
        if format_of(path) == "csv":
            with csv_rows(temporary, csv_options or CsvOptions()) as write:
                write(labels)
                for row in table_rows(store, view):
                    write(row[1:])
                    reporter.step()
        else:
            book = Book(temporary)
            try:
                sheet = book.sheet(_sheet_name(view.title or view.spec.key))
                write_table_sheet(book, sheet, store, view, reporter)
            finally:
                book.close()
    return reporter.done


def write_table_sheet(
    book: Book, sheet: Worksheet, store: Store, view: TableView, reporter: Reporter
) -> int:
    """The view's rows on ``sheet``: header, typed cells, frozen header, autofilter."""
    columns = view.spec.columns
    widths = [max(12.0, min(len(c.label) + 4, 40)) for c in columns]
    widths = [40.0 if c.key in ("title", "purpose", "communities") else w for c, w in
              zip(columns, widths, strict=True)]  # fmt: skip
    book.headers(sheet, [c.label for c in columns], widths)
    row_number = 0
    for row in table_rows(store, view):
        row_number += 1
        for col, value in enumerate(row[1:]):
            book.value(sheet, row_number, col, value)
        reporter.step()
    sheet.autofilter(0, 0, max(row_number, 1), len(columns) - 1)
    return row_number


def _sheet_name(text: str) -> str:
    # Excel refuses these characters in sheet names, and names past 31 characters.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in text).strip("' ")
    return (cleaned or "Sheet")[:31]
