"""``commdesk export ...`` and ``commdesk import plan``: files, messages and exit codes."""

from __future__ import annotations

import csv
import logging
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from commdesk.cli import main
from commdesk.domain.enums import ItemStatus
from commdesk.services.plans import PlanService
from commdesk.store import Store
from tests.unit.plan_workbooks import SamplePlan, sample_plan


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture
def sample(store: Store) -> SamplePlan:
    return sample_plan(store)


def run(db: Path, *argv: str) -> int:
    return main(["--db", str(db), *argv])


def test_export_plan_by_name(
    sample: SamplePlan, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spring.xlsx"
    assert run(db_path, "export", "plan", "Spring launch", "-o", str(out)) == 0
    assert "Exported plan 'Spring launch' (5 items)" in capsys.readouterr().out
    assert openpyxl.load_workbook(out).sheetnames == ["Summary", "Items", "Calendar"]
    csv_out = tmp_path / "spring.csv"
    assert run(db_path, "export", "plan", str(sample.plan_id), "-o", str(csv_out), "--bom") == 0
    assert csv_out.read_bytes().startswith(b"\xef\xbb\xbfItem id,")


def test_export_errors_exit_non_zero(
    sample: SamplePlan, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(db_path, "export", "plan", "Nope", "-o", str(tmp_path / "x.xlsx")) == 1
    assert "No plan with id or name 'Nope'" in capsys.readouterr().err
    assert run(db_path, "export", "plan", "Spring launch", "-o", str(tmp_path / "x.ods")) == 1
    assert "cannot export to .ods; use .xlsx or .csv" in capsys.readouterr().err
    assert run(db_path, "export", "people", "-o", str(tmp_path / "p.csv"), "--role", "boss") == 1
    assert "--role: unknown value 'boss'" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.ods")) and not list(tmp_path.glob("p.csv"))


def test_export_people_filtered(
    sample: SamplePlan, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "people.csv"
    argv = ["export", "people", "-o", str(out), "--filter", "Ada", "--separator", ";"]
    assert run(db_path, *argv) == 0
    assert "Exported 1 rows of people to" in capsys.readouterr().out
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert [r[0] for r in rows] == ["Name", "Ada Lovelace"]


def test_export_person_and_community(sample: SamplePlan, db_path: Path, tmp_path: Path) -> None:
    assert (
        run(db_path, "export", "person", str(sample.owner_id), "-o", str(tmp_path / "a.xlsx")) == 0
    )
    assert openpyxl.load_workbook(tmp_path / "a.xlsx")["Person"]["B1"].value == "Ada Lovelace"
    assert run(db_path, "export", "community", "Makers Forum", "-o", str(tmp_path / "c.xlsx")) == 0
    assert run(db_path, "export", "community", "Nobody", "-o", str(tmp_path / "n.xlsx")) == 1


def test_import_plan_prints_the_diff_and_applies_with_apply(
    sample: SamplePlan, store: Store, db_path: Path, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    out = tmp_path / "spring.xlsx"
    assert run(db_path, "export", "plan", "Spring launch", "-o", str(out)) == 0
    book = openpyxl.load_workbook(out)
    book["Items"]["J3"] = "Done"
    book.save(out)
    capsys.readouterr()
    assert run(db_path, "import", "plan", str(out)) == 0
    printed = capsys.readouterr().out
    assert "0 added, 1 changed, 0 removed" in printed
    assert "Status: Planned -> Done" in printed and "run again with --apply" in printed
    plans = PlanService(store)
    assert plans.get_item(sample.item_ids[1]).status is ItemStatus.PLANNED
    assert run(db_path, "import", "plan", str(out), "--apply") == 0
    assert "Applied: 0 added, 1 changed, 0 removed." in capsys.readouterr().out
    assert plans.get_item(sample.item_ids[1]).status is ItemStatus.DONE


def test_import_plan_refuses_bad_files(
    sample: SamplePlan, db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "spring.xlsx"
    run(db_path, "export", "plan", "Spring launch", "-o", str(out))
    book = openpyxl.load_workbook(out)
    book["Items"]["J3"] = "Someday"
    book.save(out)
    capsys.readouterr()
    assert run(db_path, "import", "plan", str(out), "--apply") == 1
    assert "Items, row 3, column Status: unknown value 'Someday'" in capsys.readouterr().err
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100))
    assert run(db_path, "import", "plan", str(fake)) == 1
    assert "is a PNG image, not a spreadsheet" in capsys.readouterr().err
    assert run(db_path, "import", "plan", str(out), "--plan", "Nope") == 1
