"""CSV output: UTF-8 (optionally with a BOM), a chosen separator, every cell neutralised."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Protocol

from commdesk.domain.enums import LabelledEnum
from commdesk.io.cells import csv_value
from commdesk.io.export.options import CsvOptions


class RowWriter(Protocol):
    def __call__(self, values: Sequence[Any]) -> None: ...


def cell_text(value: Any) -> str:
    """A value as the text of a CSV cell (dates in ISO form, enums by their label)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return (value.astimezone() if value.tzinfo else value).isoformat(
            sep=" ", timespec="minutes"
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, tuple | list):
        return ", ".join(cell_text(v) for v in value)
    return str(value)


@contextmanager
def csv_rows(path: Path, options: CsvOptions) -> Iterator[RowWriter]:
    """A function writing one row at a time to ``path``; every cell is made safe."""
    encoding = "utf-8-sig" if options.bom else "utf-8"
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle, delimiter=options.separator, lineterminator="\r\n")

        def write(values: Sequence[Any]) -> None:
            writer.writerow([csv_value(cell_text(v)) for v in values])

        yield write
