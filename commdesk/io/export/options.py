"""The choices a person makes when exporting."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from commdesk.io.export.progress import ExportError

FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class CsvOptions:
    bom: bool = False  # a UTF-8 byte order mark, so Excel on Windows reads UTF-8
    separator: str = ","  # ";" for Excel in locales with a decimal comma

    def __post_init__(self) -> None:
        if self.separator not in (",", ";", "\t"):
            raise ExportError(f"CSV separator: {self.separator!r} is not one of , ; or TAB.")


@dataclass(frozen=True)
class PlanExportOptions:
    sheet_per_phase: bool = False  # one items sheet per phase instead of a Phase column
    calendar: bool = True  # a sheet laying the items out by week
    csv: CsvOptions = field(default_factory=CsvOptions)


def format_of(path: Path) -> str:
    """The export format a file name asks for (its extension)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        shown = path.suffix or "no extension"
        raise ExportError(f"{path.name}: cannot export to {shown}; use .xlsx or .csv.")
    return suffix
