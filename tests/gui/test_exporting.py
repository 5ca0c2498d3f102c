"""Exports and the plan round-trip from the window: real widgets, real files, real tasks."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import ItemStatus
from commdesk.gui.exporting.diff_dialog import PlanDiffDialog
from commdesk.gui.exporting.plan_dialog import PlanExportDialog
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.plans.page import PlansPage
from commdesk.gui.sections import Section
from commdesk.gui.tablepage import TablePage
from commdesk.services.plans import PlanService
from tests.gui.conftest import Sample

TIMEOUT = 15_000
# The offscreen platform says so for every dialog it shows.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def finished(qtbot: QtBot, window: MainWindow) -> None:
    task = window.exporting.task
    assert task is not None
    qtbot.waitUntil(lambda: not task.running, timeout=TIMEOUT)


def open_plan(qtbot: QtBot, window: MainWindow, plan_id: int) -> PlansPage:
    window.show_section(Section.PLANS)
    page = window.page(Section.PLANS)
    assert isinstance(page, PlansPage)
    page.show_record(plan_id)
    qtbot.waitUntil(lambda: page.plan is not None and page.plan.id == plan_id, timeout=TIMEOUT)
    return page


def test_file_menu_has_export_after_import(window: MainWindow) -> None:
    texts = [a.text() for a in window.ui.menuFile.actions()]
    assert texts.index("&Export…") == texts.index(window.ui.actionImport.text()) + 1
    assert window.exporting.export_action.shortcut().toString() == "Ctrl+Shift+E"


def test_every_table_page_has_an_export_button(window: MainWindow) -> None:
    for section in Section:  # pages are built when first shown
        window.show_section(section)
    pages = window.findChildren(TablePage)
    assert len(pages) >= 4
    for page in pages:
        button = page.findChild(QToolButton, "exportViewButton")
        assert button is not None and button.text() == "Export…"


def test_export_this_view_keeps_the_filter(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    window.show_section(Section.PEOPLE)
    page = window.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    table = page.findChild(TablePage) or page
    assert isinstance(table, TablePage)
    table.ui.filterEdit.setText("Grace")
    table.apply_filter()
    window.exporting.export_view(table, tmp_path / "people.xlsx")
    finished(qtbot, window)
    rows = list(openpyxl.load_workbook(tmp_path / "people.xlsx").active.iter_rows(values_only=True))
    assert [r[0] for r in rows] == ["Name", "Grace Hopper"]


def test_export_dialog_writes_one_file_per_plan(
    window: MainWindow, sample: Sample, qtbot: QtBot, tmp_path: Path
) -> None:
    open_plan(qtbot, window, sample.plan)
    dialog = window.exporting.export_plans()
    assert isinstance(dialog, PlanExportDialog)
    assert dialog.chosen_ids() == [sample.plan]  # the open plan is ticked
    dialog.ui.folderEdit.setText(str(tmp_path))
    dialog.ui.perPhaseCheck.setChecked(True)
    dialog.ui.buttonBox.button(dialog.ui.buttonBox.StandardButton.Ok).click()
    finished(qtbot, window)
    book = openpyxl.load_workbook(tmp_path / "Open source programme.xlsx")
    assert book.sheetnames == ["Summary", "Internal", "External", "Harmonise", "Grow", "Calendar"]
    assert "Exported Open source programme.xlsx" in window.statusBar().currentMessage()


def test_import_edited_plan_previews_applies_and_undoes(
    window: MainWindow, sample: Sample, qtbot: QtBot, tmp_path: Path
) -> None:
    page = open_plan(qtbot, window, sample.plan)
    assert page.findChild(type(window.exporting.import_plan_button)) is not None
    path = tmp_path / "plan.xlsx"
    window.exporting.export_current_plan(path)
    finished(qtbot, window)
    book = openpyxl.load_workbook(path)
    items = book["Items"]
    items["J3"] = "Done"  # "Train maintainers" was in progress
    items.append([None, "Grow", "Newsletter", "Content", None, None, None, None, None, "Idea"])
    book.save(path)

    window.exporting.import_edited_plan(path)
    finished(qtbot, window)
    dialog = window.exporting.dialog
    assert isinstance(dialog, PlanDiffDialog)
    assert "1 added, 1 changed, 0 removed" in dialog.ui.summaryLabel.text()
    assert len(dialog.accepted_keys()) == 2
    added = dialog.model.item(0).child(0)
    added.setCheckState(Qt.CheckState.Unchecked)  # keep only the status change
    dialog.apply_button.click()
    finished(qtbot, window)
    plans = PlanService(sample.store)
    titles = {i.title: i.status for i in plans.items(sample.plan)}
    assert titles["Train maintainers"] is ItemStatus.DONE and "Newsletter" not in titles
    stack = window.context.undo_stack
    assert stack.undoText() == "Import edited plan “Open source programme”"
    stack.undo()
    titles = {i.title: i.status for i in plans.items(sample.plan)}
    assert titles["Train maintainers"] is ItemStatus.IN_PROGRESS
    stack.redo()
    assert plans.items(sample.plan)[1].status is ItemStatus.DONE


def test_a_bad_workbook_is_reported(
    window: MainWindow, sample: Sample, qtbot: QtBot, tmp_path: Path
) -> None:
    open_plan(qtbot, window, sample.plan)
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not a workbook at all")
    window.exporting.import_edited_plan(bad)
    finished(qtbot, window)
    qtbot.waitUntil(lambda: window.exporting.message is not None, timeout=TIMEOUT)
    message = window.exporting.message
    assert message is not None and message.text().startswith("bad.xlsx")
    assert message.windowTitle() == "Not done"
    message.close()
