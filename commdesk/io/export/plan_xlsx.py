"""A plan as an .xlsx workbook a colleague can use as it is.

Sheets: Summary (the plan, its targets and KPIs with target and measured value); Items, or
one sheet per phase (typed cells, frozen header, autofilter, drop-downs for phase, kind,
channel and status, the hidden "Item id" column the round-trip matches rows by); Calendar
(the dated items by week).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from xlsxwriter.worksheet import Worksheet

from commdesk.domain.enums import ItemKind, ItemStatus, LabelledEnum, Phase, Platform
from commdesk.io.export.options import PlanExportOptions
from commdesk.io.export.plan_rows import ItemRow, PlanSummary, item_count, item_rows, plan_summary
from commdesk.io.export.progress import Progress, Reporter, no_progress, whole_file
from commdesk.io.export.workbook import CELL_LIMIT, Book
from commdesk.io.plan_sheet import (
    CALENDAR_SHEET,
    ITEM_COLUMNS,
    ITEMS_SHEET,
    PLAN_ID_LABEL,
    SUMMARY_SHEET,
)
from commdesk.store import Store

_MAX_GAP_WEEKS = 26
_LAST_ROW = 1_048_575  # drop-downs cover the whole column, rows added later included
_LABELS: dict[LabelledEnum, str] = {
    m: m.label for enum in (Phase, ItemKind, ItemStatus, Platform) for m in enum
}
_CHOICES = {
    "phase": [p.label for p in Phase],
    "kind": [k.label for k in ItemKind],
    "platform": [p.label for p in Platform],
    "status": [s.label for s in ItemStatus],
}


def write_plan_xlsx(
    store: Store,
    plan_id: int,
    path: Path,
    options: PlanExportOptions | None = None,
    progress: Progress = no_progress,
) -> None:
    options = options or PlanExportOptions()
    summary = plan_summary(store, plan_id)
    total = item_count(store, plan_id)
    reporter = Reporter(progress, total * (2 if options.calendar else 1), "Writing the items")
    reporter.report()
    with whole_file(path) as temporary:
        book = Book(temporary)
        try:
            _summary(book, summary)
            _items(book, store, plan_id, options.sheet_per_phase, reporter)
            if options.calendar:
                _calendar(book, store, plan_id, reporter)
        finally:
            book.close()


def _summary(book: Book, summary: PlanSummary) -> None:
    sheet = book.sheet(SUMMARY_SHEET)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 5, 14)
    plan = summary.plan
    book.text(sheet, 0, 0, plan.name)
    facts: list[tuple[str, object]] = [
        ("Plan", plan.name),
        (PLAN_ID_LABEL, plan.id),
        ("Objective", plan.objective),
        ("Owner", plan.owner),
        ("Status", plan.status),
        ("Starts", plan.starts_on),
        ("Ends", plan.ends_on),
        ("Target communities", ", ".join(summary.target_communities) or None),
        ("Target roles", summary.target_roles or None),
        ("Items", plan.items),
        ("Exported", datetime.now().replace(microsecond=0)),
    ]
    row = 2
    for label, value in facts:
        sheet.write_string(row, 0, label, book.label)
        if label == "Objective" and isinstance(value, str):
            book.text(sheet, row, 1, value, wrap=True)
        else:
            book.value(sheet, row, 1, value)
        row += 1
    row += 1
    kpi_headers = ("KPI", "Label", "Target", "Measured", "Progress", "Due")
    for col, header in enumerate(kpi_headers):
        sheet.write_string(row, col, header, book.header)
    progress_format = book.workbook.add_format({"num_format": "0%", "valign": "top"})
    for kpi in summary.kpis:
        row += 1
        book.value(sheet, row, 0, kpi.metric)
        book.value(sheet, row, 1, kpi.label)
        book.value(sheet, row, 2, kpi.target)
        if kpi.measured is None:
            sheet.write_string(row, 3, "not measured", book.plain)
        else:
            book.value(sheet, row, 3, kpi.measured)
            if kpi.target > 0:
                sheet.write_number(row, 4, kpi.measured / kpi.target, progress_format)
        book.value(sheet, row, 5, kpi.due_on)
    if not summary.kpis:
        sheet.write_string(row + 1, 0, "This plan has no KPIs.", book.plain)


def _items(book: Book, store: Store, plan_id: int, per_phase: bool, reporter: Reporter) -> None:
    names = [p.label for p in Phase] if per_phase else [ITEMS_SHEET]
    sheets = {name: _items_sheet(book, name) for name in names}
    last_row = dict.fromkeys(names, 0)
    for item in item_rows(store, plan_id):
        name = item.phase.label if per_phase else ITEMS_SHEET
        row = last_row[name] = last_row[name] + 1
        _item(book, sheets[name], row, item)
        reporter.step()
    for name, sheet in sheets.items():
        sheet.autofilter(0, 0, last_row[name], len(ITEM_COLUMNS) - 1)


def _items_sheet(book: Book, name: str) -> Worksheet:
    sheet = book.sheet(name)
    book.headers(sheet, [c.header for c in ITEM_COLUMNS], [c.width for c in ITEM_COLUMNS])
    # The stable id stays out of sight (and out of the way of sorting and editing).
    sheet.set_column(0, 0, ITEM_COLUMNS[0].width, None, {"hidden": True})
    for col, column in enumerate(ITEM_COLUMNS):
        if column.key in _CHOICES:
            sheet.data_validation(
                1,
                col,
                _LAST_ROW,
                col,
                {
                    "validate": "list",
                    "source": _CHOICES[column.key],
                    "ignore_blank": column.key == "platform",
                    "error_title": column.header,
                    "error_message": f"Choose a {column.header.lower()} from the list.",
                },
            )
    return sheet


def _item(book: Book, sheet: Worksheet, row: int, item: ItemRow) -> None:
    # Labels are our own constants (never formulas): written directly, the fast way.
    plain = book.plain
    sheet.write_number(row, 0, item.id)
    sheet.write_string(row, 1, _LABELS[item.phase], plain)
    book.text(sheet, row, 2, item.title)
    sheet.write_string(row, 3, _LABELS[item.kind], plain)
    if item.platform is not None:
        sheet.write_string(row, 4, _LABELS[item.platform], plain)
    if item.community is not None:
        book.text(sheet, row, 5, item.community)
    if item.owner is not None:
        book.text(sheet, row, 6, item.owner)
    if item.department is not None:
        book.text(sheet, row, 7, item.department)
    if item.due_on is not None:
        sheet.write_datetime(row, 8, item.due_on, book.date)
    sheet.write_string(row, 9, _LABELS[item.status], plain)
    if item.notes is not None:
        book.text(sheet, row, 10, item.notes)


def _calendar(book: Book, store: Store, plan_id: int, reporter: Reporter) -> None:
    sheet = book.sheet(CALENDAR_SHEET)
    phases = list(Phase)
    book.headers(sheet, ["Week of", *(p.label for p in phases)], [12] + [40] * len(phases))
    row = 0
    week: WeekCell | None = None
    for item in item_rows(store, plan_id, by_due_date=True):
        monday = item.due_on - timedelta(days=item.due_on.weekday()) if item.due_on else None
        assert monday is not None  # by_due_date yields dated items only
        if week is None or week.monday != monday:
            if week is not None:
                row = week.write(book, sheet, row, phases)
                row = _empty_weeks(book, sheet, row, week.monday, monday)
            week = WeekCell(monday)
        week.add(item)
        reporter.step()
    if week is not None:
        row = week.write(book, sheet, row, phases)
    else:
        sheet.write_string(1, 0, "No item has a due date yet.", book.plain)
    sheet.autofilter(0, 0, max(row, 1), len(phases))


def _empty_weeks(book: Book, sheet: Worksheet, row: int, after: date, before: date) -> int:
    """Rows for the quiet weeks between two busy ones, so the calendar reads week by week;
    a gap of more than half a year is jumped instead (dates typed years off)."""
    if (before - after).days > 7 * _MAX_GAP_WEEKS:
        return row
    monday = after + timedelta(days=7)
    while monday < before:
        row += 1
        sheet.write_datetime(row, 0, monday, book.date)
        monday += timedelta(days=7)
    return row


class WeekCell:
    """The items due in one week, one text cell per phase (kept under Excel's cell limit)."""

    def __init__(self, monday: date) -> None:
        self.monday = monday
        self.lines: dict[Phase, list[str]] = {}
        self.sizes: dict[Phase, int] = {}
        self.more: dict[Phase, int] = {}

    def add(self, item: ItemRow) -> None:
        line = f"{item.due_on:%a}: {item.title} ({_LABELS[item.status]})"
        size = self.sizes.get(item.phase, 0) + len(line) + 1
        if size > CELL_LIMIT - 40:
            self.more[item.phase] = self.more.get(item.phase, 0) + 1
            return
        self.sizes[item.phase] = size
        self.lines.setdefault(item.phase, []).append(line)

    def write(self, book: Book, sheet: Worksheet, row: int, phases: list[Phase]) -> int:
        row += 1
        sheet.write_datetime(row, 0, self.monday, book.date)
        for col, phase in enumerate(phases, start=1):
            lines = self.lines.get(phase)
            if lines:
                if phase in self.more:
                    lines = [*lines, f"… and {self.more[phase]} more"]
                book.text(sheet, row, col, "\n".join(lines), wrap=True)
        return row
