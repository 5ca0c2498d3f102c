"""Reading an edited plan workbook back: its plan id and its item rows, checked cell by cell.

The file goes through :mod:`commdesk.io.safety` first (zip sizes and ratios, defusedxml, read-
only mode). Columns are found by their header, so a colleague may re-order or delete columns
(a deleted column leaves that field as it is) and re-sort or re-order rows.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from commdesk.domain.enums import ItemKind, ItemStatus, Phase, Platform
from commdesk.errors import CommDeskError, ValidationError
from commdesk.io.cells import unescape_xlsx
from commdesk.io.plan_sheet import ITEM_COLUMNS, PLAN_ID_LABEL, SUMMARY_SHEET
from commdesk.io.safety import detect_kind, open_workbook, workbook_errors
from commdesk.services import validation

# Fields of an item as the sheet holds them (community and owner by name).
FIELDS: tuple[str, ...] = tuple(c.key for c in ITEM_COLUMNS if c.key != "id")
LABELS: dict[str, str] = {c.key: c.header for c in ITEM_COLUMNS}
_BY_HEADER = {c.header.casefold(): c.key for c in ITEM_COLUMNS}
_PHASE_SHEETS = frozenset(p.label for p in Phase)
MAX_PROBLEMS = 200  # a file with more problems than this is reported in part


class RoundTripError(CommDeskError):
    """An edited plan cannot be brought back; ``problems`` name each row and column."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"{message}\n{shown}{more}" if problems else message)
        self.problems = problems


@dataclass(frozen=True)
class SheetRow:
    """One item row of the edited workbook, its values checked (only the columns present)."""

    sheet: str
    row: int  # as the spreadsheet numbers it
    item_id: int | None  # None: a row someone added
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.sheet}, row {self.row}"


@dataclass(frozen=True)
class EditedPlan:
    plan_id: int | None
    columns: frozenset[str]  # the fields the sheets still have a column for
    rows: tuple[SheetRow, ...]


def read_edited_plan(path: Path) -> EditedPlan:
    """Every item row of an exported-then-edited plan workbook; problems are collected and
    raised together as a :class:`RoundTripError`."""
    if detect_kind(path) != "xlsx":
        raise RoundTripError(f"{path.name} is not an .xlsx workbook; a plan comes back as .xlsx.")
    plan_id: int | None = None
    rows: list[SheetRow] = []
    problems: list[str] = []
    columns: set[str] = set()
    found_items = False
    with open_workbook(path) as book, workbook_errors(path):
        for sheet in book.worksheets:
            # Closed explicitly: a sheet read only in part keeps its zip member open otherwise.
            with closing(sheet.iter_rows(values_only=True)) as lines:
                header = next(lines, None)
                if sheet.title == SUMMARY_SHEET:
                    plan_id = _plan_id(lines, problems)
                    continue
                keys = _item_columns(header)
                if keys is None:
                    continue  # the calendar, or a sheet someone added
                found_items = True
                columns.update(k for k in keys if k)
                for number, line in enumerate(lines, start=2):
                    row = _row(sheet.title, number, keys, line, problems)
                    if row is not None:
                        rows.append(row)
                    if len(problems) >= MAX_PROBLEMS:
                        break
    if not found_items:
        raise RoundTripError(
            f"{path.name} has no sheet of plan items (with an 'Item id' and a 'Title' column); "
            "was it exported from CommDesk?"
        )
    _duplicates(rows, problems)
    if problems:
        raise RoundTripError(f"{path.name} has {len(problems)} problem(s):", tuple(problems))
    return EditedPlan(plan_id, frozenset(columns - {"id"}), tuple(rows))


def _plan_id(lines: Any, problems: list[str]) -> int | None:
    for line in lines:
        if line and line[0] == PLAN_ID_LABEL and len(line) > 1:
            value = line[1]
            if isinstance(value, int | float) and int(value) == value and value > 0:
                return int(value)
            problems.append(f"{SUMMARY_SHEET}: '{PLAN_ID_LABEL}' holds {value!r}, not a plan id")
    return None


def _item_columns(header: tuple[Any, ...] | None) -> list[str | None] | None:
    if not header:
        return None
    keys = [_BY_HEADER.get(str(h).strip().casefold()) if h is not None else None for h in header]
    return keys if "id" in keys and "title" in keys else None


def _row(
    sheet: str, number: int, keys: list[str | None], line: tuple[Any, ...], problems: list[str]
) -> SheetRow | None:
    cells = {k: _cell(v) for k, v in zip(keys, line, strict=False) if k is not None}
    if all(v is None for v in cells.values()):
        return None  # an empty row
    where = f"{sheet}, row {number}"
    item_id: int | None = None
    values: dict[str, Any] = {}
    raw_id = cells.pop("id", None)
    if raw_id is not None:
        item_id = _item_id(raw_id)
        if item_id is None:
            problems.append(f"{where}, column Item id: {raw_id!r} is not an item id")
    if cells.get("phase") is None and sheet in _PHASE_SHEETS:
        cells["phase"] = sheet  # a row on a phase's own sheet belongs to that phase
    for key, value in cells.items():
        try:
            values[key] = _checked(key, value)
        except ValidationError as exc:
            problems.append(f"{where}, column {LABELS[key]}: {exc.message}")
    if item_id is None and "phase" not in cells:
        problems.append(f"{where}: a new item needs a phase (add a Phase column)")
    return SheetRow(sheet, number, item_id, values)


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = unescape_xlsx(value).strip()
        return value or None
    return value


def _item_id(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and int(value) == value and value > 0:
        return int(value)
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def _checked(key: str, value: Any) -> Any:
    """A cell's value as the item field holds it, or a ValidationError saying why not."""
    if key == "due_on":
        return _day(value)
    text = None if value is None else _text(value)
    if key == "title":
        return validation.required_text("title", text, max_length=300)
    if key == "phase":
        if not text:
            raise ValidationError("phase", "must not be empty")
        return validation.enum_value("phase", Phase, text)
    if key == "kind":
        return validation.enum_value("kind", ItemKind, text) if text else ItemKind.CONTENT
    if key == "status":
        return validation.enum_value("status", ItemStatus, text) if text else ItemStatus.PLANNED
    if key == "platform":
        return validation.enum_value("channel", Platform, text) if text else None
    if key == "notes":
        return validation.optional_text("notes", text, max_length=100_000)
    return validation.optional_text(LABELS[key].lower(), text)  # community, owner, department


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    return str(value)


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError("due", f"{value!r} is not a date (use a date cell or YYYY-MM-DD)")


def _duplicates(rows: list[SheetRow], problems: list[str]) -> None:
    seen: dict[int, SheetRow] = {}
    for row in rows:
        if row.item_id is None:
            continue
        if row.item_id in seen:
            first = seen[row.item_id]
            problems.append(
                f"{row.where}, column Item id: item {row.item_id} is also on {first.where} "
                "(copy a row without its Item id to add an item)"
            )
        else:
            seen[row.item_id] = row
