"""An exported plan, edited in a spreadsheet and brought back: diff, problems, apply, undo."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from commdesk.domain.enums import ItemStatus, Phase
from commdesk.io.export import export_plan
from commdesk.io.roundtrip import RoundTripError, apply_plan_diff, plan_diff
from commdesk.services.plans import PlanService
from commdesk.services.records import PlanDraft
from commdesk.store import Store
from tests.unit.plan_workbooks import SamplePlan, sample_plan


def exported(store: Store, tmp_path: Path, **options: Any) -> tuple[SamplePlan, Path]:
    sample = sample_plan(store)
    return sample, export_plan(store, sample.plan_id, tmp_path / "plan.xlsx")


def edit(path: Path, change: Any) -> Path:
    book = openpyxl.load_workbook(path)
    change(book["Items"])
    book.save(path)
    return path


def board(store: Store, plan_id: int) -> list[tuple[Any, ...]]:
    return [
        (i.id, i.phase, i.position, i.title, i.status, i.due_on, i.community_id, i.owner_id)
        for i in PlanService(store).items(plan_id)
    ]


def test_an_untouched_export_has_no_changes(store: Store, tmp_path: Path) -> None:
    sample, path = exported(store, tmp_path)
    diff = plan_diff(store, path)
    assert diff.plan_id == sample.plan_id and diff.is_empty
    assert diff.summary() == "0 added, 0 changed, 0 removed"


def test_edits_resorted_rows_additions_and_deletions(store: Store, tmp_path: Path) -> None:
    sample, path = exported(store, tmp_path)
    policy, post, meetup, faq, ambassadors = sample.item_ids

    def colleague(sheet: Any) -> None:
        rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
        rows.reverse()  # sorted the other way round: harmless
        by_id = {r[0]: r for r in rows}
        by_id[post][9] = "Done"  # status changed
        by_id[meetup][8] = datetime(2026, 4, 2)  # date moved
        by_id[meetup][5] = "writers guild"  # community by name, any case
        by_id[policy][6] = None  # owner cleared
        by_id[faq][1] = "Grow"  # moved to another phase
        rows = [r for r in rows if r[0] != ambassadors]  # deleted
        rows.append([None, "External", "Podcast", "Event", "", None, "Grace Hopper", None,
                     "2026-05-20", "In progress", "=guests"])  # fmt: skip
        sheet.delete_rows(2, sheet.max_row)
        for n, row in enumerate(rows, start=2):
            for col, value in enumerate(row, start=1):
                cell = sheet.cell(n, col, value)
                if isinstance(value, str):
                    cell.data_type = "s"  # typed as text, as a spreadsheet keeps "=guests"

    diff = plan_diff(store, edit(path, colleague))
    assert diff.summary() == "1 added, 4 changed, 1 removed"
    changes = {c.item_id: {f.field: (f.old, f.new) for f in c.changes} for c in diff.changed}
    assert changes == {
        post: {"status": (ItemStatus.PLANNED, ItemStatus.DONE)},
        meetup: {
            "due_on": (date(2026, 3, 26), date(2026, 4, 2)),
            "community": (None, "writers guild"),
        },
        policy: {"owner": ("Ada Lovelace", None)},
        faq: {"phase": (Phase.HARMONISE, Phase.GROW)},
    }
    assert [r.item_id for r in diff.removed] == [ambassadors]
    assert diff.added[0].title == "Podcast"
    text = "\n".join(diff.lines())
    assert "~ Launch post" in text and "Status: Planned -> Done" in text
    assert "- Ambassadors" in text and "+ Podcast" in text

    before = board(store, sample.plan_id)
    undo = apply_plan_diff(store, diff)
    plans = PlanService(store)
    assert plans.get_item(post).status is ItemStatus.DONE
    assert plans.get_item(meetup).due_on == date(2026, 4, 2)
    assert plans.get_item(meetup).community_id == sample.other_community_id
    assert plans.get_item(policy).owner_id is None
    moved = plans.get_item(faq)
    assert moved.phase is Phase.GROW and moved.position == 0  # the Grow column lost its item
    podcast = next(i for i in plans.items(sample.plan_id) if i.title == "Podcast")
    assert podcast.status is ItemStatus.IN_PROGRESS and podcast.due_on == date(2026, 5, 20)
    assert podcast.notes == "=guests" and podcast.owner_id is not None
    assert podcast.position == 2  # after the two External items
    assert "Ambassadors" not in [i.title for i in plans.items(sample.plan_id)]
    # The store now says what the sheet says (names match in any case); only the row added
    # without an id stays "new", since the sheet cannot know the id it was given.
    again = plan_diff(store, path)
    assert again.changed == () and [a.title for a in again.added] == ["Podcast"]

    plans.restore_items(sample.plan_id, undo)
    assert board(store, sample.plan_id) == before


def test_only_accepted_entries_are_applied(store: Store, tmp_path: Path) -> None:
    sample, path = exported(store, tmp_path)

    def colleague(sheet: Any) -> None:
        sheet["J2"] = "Done"
        sheet["J3"] = "Cancelled"

    diff = plan_diff(store, edit(path, colleague))
    apply_plan_diff(store, diff, accepted={f"change:{sample.item_ids[1]}"})
    plans = PlanService(store)
    assert plans.get_item(sample.item_ids[0]).status is ItemStatus.PLANNED
    assert plans.get_item(sample.item_ids[1]).status is ItemStatus.CANCELLED


def test_problems_name_sheet_row_and_column(store: Store, tmp_path: Path) -> None:
    sample, path = exported(store, tmp_path)

    def colleague(sheet: Any) -> None:
        sheet["J2"] = "Finished"
        sheet["I3"] = "next tuesday"
        sheet["C4"] = "   "
        sheet["F5"] = "Nowhere Club"
        sheet["A6"] = sample.item_ids[0]
        sheet["C7"] = "A new row without a phase"

    with pytest.raises(RoundTripError) as caught:
        plan_diff(store, edit(path, colleague))
    problems = caught.value.problems
    assert "Items, row 2, column Status: unknown value 'Finished'" in problems[0]
    assert any(p.startswith("Items, row 3, column Due: 'next tuesday' is not a") for p in problems)
    assert "Items, row 4, column Title: must not be empty" in problems
    assert any("row 6, column Item id: item" in p and "also on Items, row 2" in p for p in problems)
    assert "Items, row 7, column Phase: must not be empty" in problems
    assert len(problems) == 5
    assert PlanService(store).get_item(sample.item_ids[0]).status is ItemStatus.PLANNED


def test_unknown_names_and_another_plan_are_refused(store: Store, tmp_path: Path) -> None:
    sample, path = exported(store, tmp_path)
    edit(path, lambda sheet: sheet.__setitem__("F5", "Nowhere Club"))
    with pytest.raises(RoundTripError, match="row 5, column Community: no community called"):
        plan_diff(store, path)

    def foreign_row(sheet: Any) -> None:
        sheet["F5"] = None
        sheet["A6"] = 99999

    edit(path, foreign_row)
    with pytest.raises(RoundTripError, match="row 6, column Item id: plan 'Spring launch' has no"):
        plan_diff(store, path)
    other = PlanService(store).create(PlanDraft(name="Other"))
    with pytest.raises(RoundTripError, match=f"holds plan {sample.plan_id}, not plan {other}"):
        plan_diff(store, path, plan_id=other)


def test_a_file_that_is_not_a_plan_workbook(store: Store, tmp_path: Path) -> None:
    sample_plan(store)
    book = openpyxl.Workbook()
    book.active.append(["Name", "Email"])
    book.save(tmp_path / "people.xlsx")
    with pytest.raises(RoundTripError, match="no sheet of plan items"):
        plan_diff(store, tmp_path / "people.xlsx")
    (tmp_path / "notes.csv").write_text("Item id,Title\n1,x\n")
    with pytest.raises(RoundTripError, match=r"not an \.xlsx workbook"):
        plan_diff(store, tmp_path / "notes.csv")
