"""Formula injection: no dangerous text ever becomes a formula, in any export."""

from __future__ import annotations

import csv
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from commdesk.domain.enums import Phase
from commdesk.io.cells import DANGEROUS_PREFIXES, csv_value, csv_value_back, unescape_xlsx
from commdesk.io.export import export_plan
from commdesk.services.plans import PlanService
from commdesk.services.records import PlanDraft, PlanItemDraft
from commdesk.store import Store

PAYLOADS = {
    "=": '=HYPERLINK("http://evil.example","Click")',
    "+": "+1+cmd|' /C calc'!A0",
    "-": "-2+3+cmd|' /C calc'!A0",
    "@": "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t": "\t=1+1",
    "\r": "\r=1+1",
    "\x00": "\x00=1+1",
    "{=": "{=SUM(A1:A2)}",
}


def test_every_dangerous_prefix_has_a_payload() -> None:
    assert set(PAYLOADS) == set(DANGEROUS_PREFIXES)


def _plan_with(store: Store, texts: list[str]) -> int:
    plans = PlanService(store)
    plan_id = plans.create(PlanDraft(name="Injected"))
    with store.session() as session:  # NUL and leading blanks never pass the services' checks
        for n, text in enumerate(texts):
            session.connection().exec_driver_sql(
                "INSERT INTO plan_items (plan_id, phase, title, kind, status, department, "
                "notes, position, created_at, updated_at) "
                "VALUES (?, 'internal', ?, 'content', 'planned', ?, ?, ?, 0, 0)",
                (plan_id, "x" + text, text, text, n),
            )
    plans.add_item(plan_id, PlanItemDraft("=1+1", Phase.GROW))  # the service keeps it as typed
    return plan_id


def test_xlsx_has_no_formula_and_keeps_the_text(store: Store, tmp_path: Path) -> None:
    texts = list(PAYLOADS.values())
    path = export_plan(store, _plan_with(store, texts), tmp_path / "p.xlsx")
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode()
            assert not re.search(r"<f[ >]", xml), f"{name} holds a formula"
    items = openpyxl.load_workbook(path)["Items"]
    departments = [items.cell(r, 8) for r in range(2, 2 + len(texts))]
    for cell, text in zip(departments, texts, strict=True):
        assert cell.data_type == "s"
        assert unescape_xlsx(str(cell.value)) == text
        assert cell.quotePrefix  # stays text when someone edits it in Excel
    grow = items.cell(2 + len(texts), 3)
    assert grow.value == "=1+1" and grow.data_type == "s" and grow.quotePrefix


@pytest.mark.parametrize("separator", [",", ";"])
def test_csv_cells_are_neutralised(store: Store, tmp_path: Path, separator: str) -> None:
    from commdesk.io.export import CsvOptions, PlanExportOptions

    texts = list(PAYLOADS.values())
    options = PlanExportOptions(csv=CsvOptions(separator=separator))
    path = export_plan(store, _plan_with(store, texts), tmp_path / "p.csv", options)
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=separator))[1:]
    for row, text in zip(rows, texts, strict=False):
        department, notes = row[7], row[10]
        assert department == notes
        assert department.startswith("'"), department
        assert "\x00" not in department
        assert csv_value_back(department) == text.replace("\x00", "")
    assert rows[-1][2] == "'=1+1"


@pytest.mark.parametrize(
    ("text", "safe"),
    [
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("'=quoted", "'=quoted"),
        ("=1", "'=1"),
        ("-5", "'-5"),
        ("{=A1}", "'{=A1}"),
        ("{plain}", "{plain}"),
        ("a\x00b", "ab"),
    ],
)
def test_csv_value(text: str, safe: str) -> None:
    assert csv_value(text) == safe


def test_unescape_reverses_the_office_escapes() -> None:
    assert unescape_xlsx("a_x0001_b_x005F_x0041_") == "a\x01b_x0041_"
