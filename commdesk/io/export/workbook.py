"""An XlsxWriter workbook with CommDesk's cell formats and its safe way of writing values.

Every text goes through :meth:`Book.text`: always a string cell (XlsxWriter's ``write()``
would make a formula of ``=...``), with the quote-prefix style when it looks like a formula,
so it stays text even after someone edits it. Workbooks are written in XlsxWriter's
constant-memory mode: rows go straight to disk, in order, whatever their number.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from xlsxwriter import Workbook
from xlsxwriter.worksheet import Worksheet

from commdesk.domain.enums import LabelledEnum
from commdesk.io.cells import DANGEROUS_PREFIXES
from commdesk.io.plan_sheet import DATE_FORMAT

# Excel's hard limit on the characters of one cell.
CELL_LIMIT = 32_767


class Book:
    def __init__(self, path: Path) -> None:
        self.workbook = Workbook(
            str(path),
            {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
        )
        add = self.workbook.add_format
        self.header = add({"bold": True, "bottom": 1, "bg_color": "#E8EEF4"})
        self.label = add({"bold": True, "valign": "top"})
        self.plain = add({"valign": "top"})
        self.quoted = add({"valign": "top", "quote_prefix": True})
        self.wrapped = add({"valign": "top", "text_wrap": True})
        self.date = add({"valign": "top", "num_format": DATE_FORMAT})
        self.moment = add({"valign": "top", "num_format": "yyyy-mm-dd hh:mm"})
        self.number = add({"valign": "top"})
        self.title = add({"bold": True, "font_size": 14})

    def sheet(self, name: str) -> Worksheet:
        return self.workbook.add_worksheet(name)

    def text(self, sheet: Worksheet, row: int, col: int, value: str, wrap: bool = False) -> None:
        if len(value) > CELL_LIMIT:
            value = value[: CELL_LIMIT - 1] + "…"
        if value.startswith(DANGEROUS_PREFIXES):
            sheet.write_string(row, col, value, self.quoted)
        else:
            sheet.write_string(row, col, value, self.wrapped if wrap else self.plain)

    def value(self, sheet: Worksheet, row: int, col: int, value: Any) -> None:
        """Any value a CommDesk table holds, as a typed cell (None: an empty cell)."""
        if value is None:
            return
        if isinstance(value, bool):
            sheet.write_boolean(row, col, value, self.plain)
        elif isinstance(value, datetime):
            local = value.astimezone() if value.tzinfo else value
            sheet.write_datetime(row, col, local.replace(tzinfo=None), self.moment)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)
        elif isinstance(value, int | float):
            sheet.write_number(row, col, value, self.number)
        elif isinstance(value, LabelledEnum):
            self.text(sheet, row, col, value.label)
        elif isinstance(value, Enum):
            self.text(sheet, row, col, str(value.value))
        elif isinstance(value, tuple | list):
            self.text(sheet, row, col, ", ".join(_label(v) for v in value))
        else:
            self.text(sheet, row, col, str(value))

    def headers(self, sheet: Worksheet, labels: Sequence[str], widths: Sequence[float]) -> None:
        """A header row that stays in view, with an autofilter over every column."""
        for col, (label, width) in enumerate(zip(labels, widths, strict=True)):
            sheet.set_column(col, col, width)
            sheet.write_string(0, col, label, self.header)
        sheet.freeze_panes(1, 0)

    def close(self) -> None:
        self.workbook.close()


def _label(value: Any) -> str:
    return value.label if isinstance(value, LabelledEnum) else str(value)
