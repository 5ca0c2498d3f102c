"""Data safety in the window: restore from a backup, a damaged or locked file on open, and
a person's data exported and erased from the person pane."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.safety import opening
from commdesk.gui.safety.person import EraseDialog
from commdesk.gui.sections import Section
from commdesk.services import backups, erasure
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store, backup_set
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def messages(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    seen: list[tuple[str, str]] = []

    def record(_parent: Any, title: str, text: str, *_args: Any) -> QMessageBox.StandardButton:
        seen.append((title, text))
        return QMessageBox.StandardButton.Ok

    for name in ("critical", "warning", "information"):
        monkeypatch.setattr(QMessageBox, name, record)
    return seen


def test_restore_from_backup_lists_counts_and_moves_the_window_onto_the_restored_data(
    window: MainWindow, sample: Sample, qtbot: QtBot, messages: list[tuple[str, str]]
) -> None:
    assert sample.store.path is not None
    backup = backup_set.take(sample.store.path, "before-import")
    PeopleService(sample.store).create(PersonDraft("Added after the backup"))

    assert window.safety.restore_action in window.ui.menuFile.actions()
    dialog = window.safety.show_restore()
    assert dialog is not None and dialog.list_task is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1, timeout=10_000)
    assert dialog.model.index(0, dialog.model.PEOPLE).data() == "3"
    assert dialog.restore_button.isEnabled()
    assert dialog.selected() is not None and dialog.selected().path == backup  # type: ignore[union-attr]

    with qtbot.waitSignal(window.switched, timeout=20_000) as switched:
        dialog.restore(backup)
    replacement: MainWindow = switched.args[0]
    qtbot.addWidget(replacement)
    assert PeopleService(replacement.store).count() == 3
    assert window.safety.last_result is not None
    assert "-before-restore-" in window.safety.last_result.previous_copy.name  # type: ignore[union-attr]
    replacement.close()
    assert not messages


def damage(path: Path) -> bytes:
    with path.open("r+b") as handle:
        handle.seek(path.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    return path.read_bytes()


def test_a_damaged_file_is_explained_and_its_newest_good_backup_restored(
    app: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path)
    people = PeopleService(store)
    for n in range(300):
        people.create(PersonDraft(f"Person {n}"))
    store.close()
    backup_set.take(db_path, "daily")
    damaged = damage(db_path)
    shown: list[str] = []

    def choose_restore(box: QMessageBox) -> int:
        shown.append(box.text())
        (restore,) = [b for b in box.buttons() if "Restore" in b.text()]
        restore.click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", choose_restore)
    reopened = opening.open_for_window(db_path)
    assert reopened is not None
    try:
        assert PeopleService(reopened).count() == 300
    finally:
        reopened.close()
    assert "damaged" in shown[0] and "has not changed the file" in shown[0]
    assert "300 people" in shown[0]
    aside = db_path.parent.glob(f"{db_path.name}.damaged-*")
    kept = [p for p in aside if not p.name.endswith(("-wal", "-shm"))]  # with its journal
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


def test_a_damaged_file_left_alone_when_the_person_cancels(
    app: QApplication, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path)
    for n in range(300):
        PeopleService(store).create(PersonDraft(f"Person {n}"))
    store.close()
    damaged = damage(db_path)
    monkeypatch.setattr(QMessageBox, "exec", lambda box: 0)  # closed without a choice
    assert opening.open_for_window(db_path) is None
    assert db_path.read_bytes() == damaged
    assert backups.newest_good_backup(db_path) is None


HOLD = r"""
import sys
from commdesk.store import Store
store = Store.open(sys.argv[1], exclusive=True)
print("locked", flush=True)
sys.stdin.readline()
store.close()
"""


def test_a_second_commdesk_on_the_same_file_is_refused_by_name(
    app: QApplication, db_path: Path, messages: list[tuple[str, str]]
) -> None:
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as other:
        assert other.stdout is not None and other.stdout.readline().strip() == "locked"
        assert opening.open_for_window(db_path) is None
        assert other.stdin is not None
        other.stdin.write("\n")
        other.stdin.flush()
        other.wait(timeout=30)
    ((title, text),) = messages
    assert title == "The database is already open"
    assert f"process {other.pid}" in text


def show_ada(window: MainWindow, sample: Sample) -> PeoplePage:
    window.show_section(Section.PEOPLE)
    page = window.page(Section.PEOPLE)
    assert isinstance(page, PeoplePage)
    page.editor.show_person(sample.people["ada"])
    return page


def test_the_person_pane_exports_everything_about_the_person(
    window: MainWindow, sample: Sample, qtbot: QtBot, tmp_path: Path, messages: list[Any]
) -> None:
    page = show_ada(window, sample)
    actions = page.editor.data_actions
    assert actions.export_button.isVisible() and actions.export_button.isEnabled()
    task = actions.export_to(tmp_path / "ada.json")
    assert task is not None
    qtbot.waitUntil(lambda: actions.exported is not None, timeout=10_000)
    data = json.loads((tmp_path / "ada.json").read_text())
    assert data["person"]["name"] == "Ada Lovelace"
    assert data["emails"] == [{"email": "ada@acme.io", "position": 0}]
    assert messages and messages[0][0] == "Exported"


def test_the_erase_dialog_says_what_is_kept_and_needs_a_confirmation(app: QApplication) -> None:
    dialog = EraseDialog("Ada Lovelace", 12)
    assert "Ada Lovelace" in dialog.ui.introLabel.text()
    assert not dialog.erase_button.isEnabled()
    assert "12 interaction(s)" in dialog.ui.keptLabel.text()
    assert "Kept" in dialog.ui.keptLabel.text()
    dialog.ui.removeRadio.setChecked(True)
    assert dialog.ui.keptLabel.text().startswith("Removed")
    assert not dialog.keep_aggregates
    dialog.ui.confirmCheck.setChecked(True)
    assert dialog.erase_button.isEnabled()
    dialog.deleteLater()


def test_erasing_from_the_person_pane_clears_undo_and_shows_the_anonymous_row(
    window: MainWindow, sample: Sample, qtbot: QtBot
) -> None:
    page = show_ada(window, sample)
    actions = page.editor.data_actions
    window.context.undo_stack.push(_NoOp())
    with qtbot.waitSignal(actions.erased, timeout=20_000):
        actions.erase(keep_aggregates=True)
    assert window.context.undo_stack.count() == 0
    assert page.editor.ui.nameEdit.text() == erasure.ERASED_NAME
    assert not actions.erase_button.isEnabled()  # nothing left to erase
    assert PeopleService(sample.store).search("Lovelace") == []


class _NoOp:
    """An undo entry standing in for an earlier edit of the person."""

    def __new__(cls) -> Any:
        from PySide6.QtGui import QUndoCommand

        return QUndoCommand("earlier edit")
