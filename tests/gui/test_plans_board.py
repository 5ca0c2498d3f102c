"""The plan board: adding items, dragging them between phases and within one, keys, undo."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import ItemKind, Phase
from commdesk.gui.context import AppContext
from commdesk.gui.plans.boardmodel import MIME_TYPE, BoardColumnModel
from commdesk.gui.plans.itemeditor import PlanItemEditor
from commdesk.gui.plans.page import PlansPage
from commdesk.gui.tasks import TaskRunner
from commdesk.services.plans import PlanService
from tests.gui.conftest import Sample

# The offscreen platform says it cannot size windows from their hints; no concern of ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(app: QApplication, qtbot: QtBot, sample: Sample) -> Iterator[PlansPage]:
    runner = TaskRunner()
    shown = PlansPage(AppContext(sample.store, runner))
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    yield shown
    runner.shutdown()


def columns(page: PlansPage) -> dict[Phase, list[str]]:
    """What the board shows: titles per column."""
    return {p: [c.title for c in m.cards] for p, m in page.board.models.items()}


def stored(sample: Sample) -> dict[Phase, list[str]]:
    """What the store holds: titles per phase, in position order."""
    found: dict[Phase, list[str]] = {p: [] for p in Phase}
    for item in PlanService(sample.store).items(sample.plan):
        found[item.phase].append(item.title)
    return found


def item_id(sample: Sample, title: str) -> int:
    return next(i.id for i in PlanService(sample.store).items(sample.plan) if i.title == title)


def drop(model: BoardColumnModel, source: BoardColumnModel, row: int, target_row: int) -> bool:
    """Drag ``source``'s card at ``row`` and drop it before ``target_row`` of ``model``."""
    data = source.mimeData([source.index(row)])
    assert data.hasFormat(MIME_TYPE)
    assert model.canDropMimeData(data, Qt.DropAction.MoveAction, target_row, 0, QModelIndex())
    return model.dropMimeData(data, Qt.DropAction.MoveAction, target_row, 0, QModelIndex())


def test_the_board_shows_the_four_phases_with_their_items(page: PlansPage) -> None:
    assert [c.title.text().split()[0] for c in page.board.columns.values()] == [
        "Internal",
        "External",
        "Harmonise",
        "Grow",
    ]
    assert page.board.columns[Phase.INTERNAL].description.text()
    assert columns(page) == {
        Phase.INTERNAL: ["Contribution policy", "Train maintainers"],
        Phase.EXTERNAL: ["Conference talk"],
        Phase.HARMONISE: [],
        Phase.GROW: [],
    }


def test_add_an_item_with_the_column_button(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    page.board.columns[Phase.HARMONISE].add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PlanItemEditor)
    assert dialog.ui.phaseCombo.currentData() == Phase.HARMONISE
    QTest.keyClicks(dialog.ui.titleEdit, "Shared glossary")
    dialog.ui.kindCombo.setCurrentIndex(dialog.ui.kindCombo.findData(ItemKind.PROCESS))
    QTest.keyClicks(dialog.ui.departmentEdit, "Support")
    QTest.keyClicks(dialog.ui.tagsEdit, "docs, launch")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()

    assert not dialog.isVisible()
    added = PlanService(sample.store).items(sample.plan, Phase.HARMONISE)
    assert [(i.title, i.kind, i.department, i.tags) for i in added] == [
        ("Shared glossary", ItemKind.PROCESS, "Support", ("docs", "launch"))
    ]
    assert columns(page)[Phase.HARMONISE] == ["Shared glossary"]

    page.context.undo_stack.undo()
    qtbot.waitUntil(lambda: columns(page)[Phase.HARMONISE] == [])
    assert stored(sample)[Phase.HARMONISE] == []
    page.context.undo_stack.redo()  # the same item comes back, id and all
    qtbot.waitUntil(lambda: columns(page)[Phase.HARMONISE] == ["Shared glossary"])
    assert PlanService(sample.store).get_item(added[0].id).title == "Shared glossary"


def test_an_empty_title_is_refused_next_to_the_field(page: PlansPage, sample: Sample) -> None:
    page.board.columns[Phase.GROW].add_button.click()
    dialog = page.dialog
    assert isinstance(dialog, PlanItemEditor)
    dialog.ui.departmentEdit.setText("Marketing")
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert dialog.isVisible()
    assert dialog.ui.titleError.isVisible()
    assert "empty" in dialog.ui.titleError.text()
    assert dialog.ui.departmentEdit.text() == "Marketing"
    assert stored(sample)[Phase.GROW] == []


def test_drag_to_another_phase_and_undo(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    internal, grow = page.board.models[Phase.INTERNAL], page.board.models[Phase.GROW]
    assert drop(grow, internal, 0, -1)

    assert stored(sample)[Phase.GROW] == ["Contribution policy"]
    assert stored(sample)[Phase.INTERNAL] == ["Train maintainers"]
    qtbot.waitUntil(lambda: columns(page)[Phase.GROW] == ["Contribution policy"])
    assert page.context.undo_stack.undoText() == "Move “Contribution policy” to Grow"

    page.context.undo_stack.undo()  # back to its old phase and position
    assert stored(sample)[Phase.INTERNAL] == ["Contribution policy", "Train maintainers"]
    assert stored(sample)[Phase.GROW] == []
    qtbot.waitUntil(lambda: columns(page)[Phase.INTERNAL][0] == "Contribution policy")


def test_drop_onto_a_card_puts_it_before_that_card(page: PlansPage, sample: Sample) -> None:
    internal, external = page.board.models[Phase.INTERNAL], page.board.models[Phase.EXTERNAL]
    assert drop(external, internal, 1, 0)
    assert stored(sample)[Phase.EXTERNAL] == ["Train maintainers", "Conference talk"]


def test_reorder_within_a_phase(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    internal = page.board.models[Phase.INTERNAL]
    assert drop(internal, internal, 0, 2)  # below the last card
    assert stored(sample)[Phase.INTERNAL] == ["Train maintainers", "Contribution policy"]
    qtbot.waitUntil(
        lambda: columns(page)[Phase.INTERNAL] == ["Train maintainers", "Contribution policy"]
    )
    assert page.context.undo_stack.undoText() == "Reorder “Contribution policy”"
    assert not drop(internal, internal, 0, 1)  # dropped where it already is: nothing to undo
    assert page.context.undo_stack.count() == 1
    page.context.undo_stack.undo()
    assert stored(sample)[Phase.INTERNAL] == ["Contribution policy", "Train maintainers"]


def test_move_with_the_keyboard(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    ctrl = Qt.KeyboardModifier.ControlModifier
    assert page.board.select(item_id(sample, "Contribution policy"))
    view = page.board.columns[Phase.INTERNAL].view
    QTest.keyClick(view, Qt.Key.Key_Down, ctrl)
    assert stored(sample)[Phase.INTERNAL] == ["Train maintainers", "Contribution policy"]

    view = page.board.columns[Phase.INTERNAL].view
    assert view.hasFocus() and view.currentIndex().row() == 1  # the card stays current
    QTest.keyClick(view, Qt.Key.Key_Right, ctrl)
    assert stored(sample)[Phase.EXTERNAL] == ["Conference talk", "Contribution policy"]

    view = page.board.columns[Phase.EXTERNAL].view
    assert view.currentIndex().data() == "Contribution policy"
    QTest.keyClick(view, Qt.Key.Key_Up, ctrl)
    assert stored(sample)[Phase.EXTERNAL] == ["Contribution policy", "Conference talk"]
    QTest.keyClick(view, Qt.Key.Key_Left, ctrl)
    assert stored(sample)[Phase.INTERNAL] == ["Contribution policy", "Train maintainers"]
    assert page.context.undo_stack.count() == 4


def test_delete_with_the_key_and_undo(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    policy = item_id(sample, "Contribution policy")
    page.board.select(policy)
    QTest.keyClick(page.board.columns[Phase.INTERNAL].view, Qt.Key.Key_Delete)
    assert stored(sample)[Phase.INTERNAL] == ["Train maintainers"]
    qtbot.waitUntil(lambda: columns(page)[Phase.INTERNAL] == ["Train maintainers"])

    page.context.undo_stack.undo()
    assert stored(sample)[Phase.INTERNAL] == ["Contribution policy", "Train maintainers"]
    assert PlanService(sample.store).get_item(policy).position == 0


def test_enter_edits_the_current_card(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    page.board.select(item_id(sample, "Conference talk"))
    QTest.keyClick(page.board.columns[Phase.EXTERNAL].view, Qt.Key.Key_Return)
    dialog = page.dialog
    assert isinstance(dialog, PlanItemEditor)
    assert dialog.ui.titleEdit.text() == "Conference talk"
    dialog.ui.titleEdit.setText("Keynote at PyCon")
    dialog.ui.phaseCombo.setCurrentIndex(dialog.ui.phaseCombo.findData(Phase.GROW))
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()
    assert stored(sample)[Phase.GROW] == ["Keynote at PyCon"]
    qtbot.waitUntil(lambda: columns(page)[Phase.GROW] == ["Keynote at PyCon"])
    page.context.undo_stack.undo()
    assert stored(sample)[Phase.EXTERNAL] == ["Conference talk"]


def test_board_column_model_passes_the_model_tester(page: PlansPage, qtmodeltester: object) -> None:
    qtmodeltester.check(page.board.models[Phase.INTERNAL])  # type: ignore[attr-defined]
    qtmodeltester.check(page.board.models[Phase.GROW])  # type: ignore[attr-defined]
