"""File > Import…: the dialog driven as a person would, on real files and a real database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import Platform
from commdesk.gui.importing.dialog import ImportPeopleDialog
from commdesk.gui.importing.models import PROBLEM, MappingModel
from commdesk.gui.mainwindow import MainWindow
from commdesk.services.people import PeopleService

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _dialog(window: MainWindow, qtbot: QtBot, path: Path) -> ImportPeopleDialog:
    window.ui.actionImport.trigger()
    dialog = window.findChild(ImportPeopleDialog)
    assert isinstance(dialog, ImportPeopleDialog) and dialog.isVisible()
    with qtbot.waitSignal(dialog.inspected, timeout=10_000):
        dialog.open_file(path)
    return dialog


def _import(dialog: ImportPeopleDialog, qtbot: QtBot) -> object:
    with qtbot.waitSignal(dialog.imported, timeout=20_000) as done:
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    return done.args[0]


def test_linkedin_file_is_recognised_and_imported(window: MainWindow, qtbot: QtBot) -> None:
    dialog = _dialog(window, qtbot, FIXTURES / "linkedin_Connections.csv")
    assert "Recognised: <b>LinkedIn connections</b>" in dialog.ui.formatLabel.text()
    assert "header on row 4" in dialog.ui.formatLabel.text()
    model = dialog.mapping_model
    assert model.index(2, 0).data() == "URL"
    assert model.index(2, 2).data() == "LinkedIn handle"
    assert dialog.preview_model.rowCount() == 2
    assert dialog.preview_model.index(0, 1).data() == "Ada Lovelace"
    assert dialog.import_button.isEnabled()
    report = _import(dialog, qtbot)
    assert report is not None and report.created == 2  # type: ignore[attr-defined]
    assert "2 people were created" in dialog.ui.resultLabel.text()
    assert not dialog.ui.saveRejectsButton.isVisible()
    people = PeopleService(window.context.store)
    assert people.find_by_identity(Platform.LINKEDIN, "gracehopper") is not None


def test_change_a_mapping_preview_shows_problems_and_rejects_can_be_saved(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "contacts.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [
                ["Who", "Mail", "Notes"],
                ["Hedy Lamarr", "hedy@example.org", "inventor"],
                ["Bad Row", "not-an-email", ""],
            ]
        )
    dialog = _dialog(window, qtbot, source)
    model = dialog.mapping_model
    assert model.mapping == [None, "email", "notes"]  # "Who" is no known header
    # The person picks "Name" for the first column from the drop-down.
    view = dialog.ui.mappingView
    index = model.index(0, MappingModel.FIELD_COLUMN)
    view.setCurrentIndex(index)  # every edit trigger is on: this opens the drop-down
    editor = view.indexWidget(index)
    assert isinstance(editor, QComboBox)
    with qtbot.waitSignal(dialog.previewed, timeout=10_000):
        editor.setCurrentIndex(editor.findData("name"))
        editor.activated.emit(editor.currentIndex())
    assert model.mapping == ["name", "email", "notes"]
    preview = dialog.preview_model
    assert preview.index(0, 1).data() == "Hedy Lamarr"
    assert preview.problem_rows() == [3]
    assert preview.index(1, 1).data() == "Bad Row | not-an-email"  # the row as the file has it
    assert preview.index(1, 0).data(Qt.ItemDataRole.BackgroundRole) == PROBLEM
    assert "Mail: 'not-an-email' is not an email address" in preview.index(1, 7).data()
    assert "1 of the first 2 rows have problems" in dialog.ui.resultLabel.text()

    report = _import(dialog, qtbot)
    assert report is not None and len(report.rejects) == 1  # type: ignore[attr-defined]
    assert dialog.ui.saveRejectsButton.isVisible()
    assert "row 3, column 'Mail'" in dialog.ui.resultLabel.text()
    saved = tmp_path / "rejects.csv"
    dialog.save_rejects_to(saved)
    assert "3,Mail,'not-an-email' is not an email address" in saved.read_text(encoding="utf-8-sig")


def test_dry_run_and_skip_policy_write_nothing(window: MainWindow, qtbot: QtBot) -> None:
    people = PeopleService(window.context.store)
    before = people.count()
    dialog = _dialog(window, qtbot, FIXTURES / "meetup_members.csv")
    dialog.ui.dryRunCheck.setChecked(True)
    dialog.ui.duplicateCombo.setCurrentIndex(dialog.ui.duplicateCombo.findData("skip"))
    assert dialog.options().on_duplicate == "skip"
    report = _import(dialog, qtbot)
    assert report is not None and report.created == 3  # type: ignore[attr-defined]
    assert "Dry run: nothing was written." in dialog.ui.resultLabel.text()
    assert people.count() == before


def test_unusable_mapping_disables_import(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    source = tmp_path / "phones.csv"
    source.write_text("Phone,Shoe size\n123,44\n", encoding="utf-8")
    dialog = _dialog(window, qtbot, source)
    assert not dialog.import_button.isEnabled()
    assert "no column gives a name, an email or a handle" in dialog.ui.resultLabel.text()


@pytest.mark.parametrize("content", [b"\x89PNG\r\n\x1a\n" + bytes(300)])
def test_a_file_that_is_not_a_spreadsheet_is_refused_clearly(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(content)
    window.ui.actionImport.trigger()
    dialog = window.findChild(ImportPeopleDialog)
    assert isinstance(dialog, ImportPeopleDialog)
    with qtbot.waitSignal(dialog.imported, timeout=10_000):
        dialog.open_file(path)
    assert "is a PNG image, not a spreadsheet" in dialog.ui.resultLabel.text()
    assert not dialog.import_button.isEnabled()


def test_cancel_during_a_big_import_leaves_the_database_unchanged(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "big.csv"
    with source.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Name", "Email", "Company"])
        writer.writerows([f"P{i}", f"p{i}@example.org", f"Org {i % 9}"] for i in range(60_000))
    people = PeopleService(window.context.store)
    before = (people.count(), len(people.tag_names()), people.organisation_choices("Org"))
    dialog = _dialog(window, qtbot, source)
    with qtbot.waitSignal(dialog.imported, timeout=60_000) as done:
        QTest.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        task = dialog.task
        assert task is not None
        # Cancel once the import has really started writing (its first progress report).
        qtbot.waitSignal(task.progressed, timeout=30_000).wait()  # type: ignore[no-untyped-call]
        task.cancel()
    assert done.args[0] is None
    assert dialog.ui.resultLabel.text() == "The import was cancelled; nothing was changed."
    assert (people.count(), len(people.tag_names()), people.organisation_choices("Org")) == before
    assert dialog.import_button.isEnabled()


def test_import_communities_chosen_as_the_target(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    source = tmp_path / "communities.csv"
    source.write_text(
        "Community,Description,Scope\nRustaceans,Rust users,external\nStaff,,galactic\n",
        encoding="utf-8",
    )
    dialog = _dialog(window, qtbot, source)  # read as people first: "Community" means nothing
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.inspected, timeout=10_000):
        dialog.set_target("communities")
    assert dialog.mapping_model.mapping == ["name", "purpose", "scope"]
    assert dialog.preview_model.headers[1:4] == ("Name", "Purpose", "Scope")
    assert dialog.preview_model.index(0, 1).data() == "Rustaceans"
    assert dialog.preview_model.problem_rows() == [3]
    with qtbot.waitSignal(window.context.changed, timeout=10_000) as changed:
        report = _import(dialog, qtbot)
    assert changed.args == ["communities"]
    assert report is not None and report.created == 1  # type: ignore[attr-defined]
    assert "1 communities were created" in dialog.ui.resultLabel.text()
