"""Plan exports read back with openpyxl: cell types, frozen panes, filters, drop-downs."""

from __future__ import annotations

import csv
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from commdesk.domain.enums import Phase
from commdesk.io.export import (
    CsvOptions,
    ExportCancelled,
    ExportError,
    PlanExportOptions,
    export_plan,
)
from commdesk.services.plans import PlanService
from commdesk.store import Store
from tests.unit.plan_workbooks import sample_plan


def test_items_sheet_is_typed_filtered_and_frozen(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    path = export_plan(store, sample.plan_id, tmp_path / "plan.xlsx")
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Summary", "Items", "Calendar"]
    items = book["Items"]
    assert items.freeze_panes == "A2"
    assert items.auto_filter.ref == "A1:K6"
    assert [c.value for c in items[1]] == [
        "Item id", "Phase", "Title", "Kind", "Channel", "Community", "Owner", "Department",
        "Due", "Status", "Notes",
    ]  # fmt: skip
    assert items.column_dimensions["A"].hidden
    assert [items.cell(r, 1).value for r in range(2, 7)] == list(sample.item_ids)
    first = [c.value for c in items[2]]
    assert first[1:4] == ["Internal", "Write the policy", "Content"]
    assert first[6] == "Ada Lovelace"
    due = items["I2"]
    assert isinstance(due.value, datetime) and due.value.date() == date(2026, 3, 3)
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert items["I5"].value is None  # no due date: an empty cell, not a text
    assert items.cell(3, 5).value == "Mastodon" and items.cell(3, 6).value == "Makers Forum"
    assert items.column_dimensions["C"].width > 30


def test_phase_and_status_have_drop_downs(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    items = openpyxl.load_workbook(export_plan(store, sample.plan_id, tmp_path / "p.xlsx"))["Items"]
    lists = {str(v.sqref): v.formula1 for v in items.data_validations.dataValidation}
    assert lists["B2:B1048576"] == '"Internal,External,Harmonise,Grow"'
    assert lists["J2:J1048576"] == '"Idea,Planned,In progress,Done,Cancelled"'
    assert all(v.type == "list" for v in items.data_validations.dataValidation)


def test_summary_has_plan_targets_and_measured_kpis(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    summary = openpyxl.load_workbook(export_plan(store, sample.plan_id, tmp_path / "p.xlsx"))[
        "Summary"
    ]
    facts = {row[0]: row[1] for row in summary.iter_rows(min_row=3, max_row=13, values_only=True)}
    assert facts["Plan id"] == sample.plan_id
    assert facts["Owner"] == "Ada Lovelace"
    assert facts["Starts"] == datetime(2026, 3, 2)
    assert facts["Target communities"] == "Makers Forum"
    assert facts["Target roles"] == "Customer"
    kpi_rows = list(summary.iter_rows(min_row=15, values_only=True))
    assert kpi_rows[0][:4] == ("KPI", "Label", "Target", "Measured")
    assert kpi_rows[1][:4] == ("New members", "Newcomers", 40, 0)


def test_one_sheet_per_phase_and_a_calendar_by_week(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    options = PlanExportOptions(sheet_per_phase=True)
    book = openpyxl.load_workbook(export_plan(store, sample.plan_id, tmp_path / "p.xlsx", options))
    assert book.sheetnames == ["Summary", *(p.label for p in Phase), "Calendar"]
    assert [r[2] for r in book["External"].iter_rows(min_row=2, values_only=True)] == [
        "Launch post",
        "Meetup",
    ]
    weeks = list(book["Calendar"].iter_rows(min_row=2, values_only=True))
    assert weeks[0][0] == datetime(2026, 3, 2)  # the Monday of the first due date
    assert weeks[0][1] == "Tue: Write the policy (Planned)"
    assert weeks[1][0] == datetime(2026, 3, 9) and weeks[1][2] == "Thu: Launch post (Planned)"
    assert weeks[-1][0] == datetime(2026, 5, 4) and weeks[-1][4].startswith("Mon: Ambassadors")
    assert len(weeks) == 10  # every week from the first to the last, empty ones included


def test_csv_with_bom_and_semicolons(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    options = PlanExportOptions(csv=CsvOptions(bom=True, separator=";"))
    path = export_plan(store, sample.plan_id, tmp_path / "p.csv", options)
    assert path.read_bytes().startswith(b"\xef\xbb\xbfItem id;Phase;Title")
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[2][1:3] == ["External", "Launch post"]
    assert rows[1][8] == "2026-03-03"
    assert len(rows) == 6


def test_cancel_leaves_no_file_and_keeps_the_old_one(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    many = [{"title": f"Item {n}", "phase": Phase.GROW} for n in range(4500)]
    PlanService(store).apply_item_changes(sample.plan_id, added=many)
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "p.xlsx"
    target.write_bytes(b"old")
    calls: list[float | None] = []

    def stop_midway(fraction: float | None, _message: str) -> bool:
        calls.append(fraction)
        return len(calls) < 2  # the second report, after 2000 items, asks to stop

    with pytest.raises(ExportCancelled):
        export_plan(store, sample.plan_id, target, progress=stop_midway)
    assert calls[-1] is not None and 0 < calls[-1] < 1
    assert target.read_bytes() == b"old"
    assert [p.name for p in folder.iterdir()] == ["p.xlsx"]


@pytest.mark.parametrize("name", ["plan.ods", "plan", "plan.xls"])
def test_unknown_formats_are_refused(store: Store, tmp_path: Path, name: str) -> None:
    sample = sample_plan(store)
    with pytest.raises(ExportError, match=r"use \.xlsx or \.csv"):
        export_plan(store, sample.plan_id, tmp_path / name)


def test_missing_folder_is_a_clear_error(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    with pytest.raises(ExportError, match="does not exist"):
        export_plan(store, sample.plan_id, tmp_path / "nowhere" / "p.xlsx")


def test_the_workbook_is_a_valid_zip_with_inline_strings(store: Store, tmp_path: Path) -> None:
    sample = sample_plan(store)
    path = export_plan(store, sample.plan_id, tmp_path / "p.xlsx")
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        assert "xl/worksheets/sheet2.xml" in archive.namelist()
