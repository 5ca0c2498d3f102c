"""Plans themselves: create and edit through the plan editor, refused input, delete and undo."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commdesk.domain.enums import KpiMetric, Phase, PlanStatus, StakeholderRole
from commdesk.gui.context import AppContext
from commdesk.gui.plans.page import PlansPage
from commdesk.gui.plans.planeditor import KpiDraftModel, PlanEditor
from commdesk.gui.tasks import TaskRunner
from commdesk.services.communities import CommunityService
from commdesk.services.plans import PlanService
from commdesk.services.records import CommunityDraft, KpiDraft, PlanDraft
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def page(app: QApplication, qtbot: QtBot, sample: Sample) -> Iterator[PlansPage]:
    CommunityService(sample.store).create(CommunityDraft("Python Forum"))
    CommunityService(sample.store).create(CommunityDraft("Rust Forum"))
    runner = TaskRunner()
    shown = PlansPage(AppContext(sample.store, runner))
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    yield shown
    runner.shutdown()


def editor(page: PlansPage) -> PlanEditor:
    dialog = page.dialog
    assert isinstance(dialog, PlanEditor)
    assert dialog.isVisible()
    return dialog


def save(dialog: PlanEditor) -> None:
    dialog.ui.buttonBox.button(QDialogButtonBox.StandardButton.Save).click()


def check(dialog: PlanEditor, model_name: str, label: str) -> None:
    model = dialog.communities if model_name == "communities" else dialog.roles
    for row in range(model.rowCount()):
        if model.item(row).text() == label:
            model.item(row).setCheckState(Qt.CheckState.Checked)
            return
    raise AssertionError(label)


def count(sample: Sample, table: str) -> int:
    with sample.store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_create_a_plan_through_the_dialog(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    QTest.keyClick(page.ui.planView, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = editor(page)
    ui = dialog.ui
    QTest.keyClicks(ui.nameEdit, "Spring meetups")
    ui.objectiveEdit.setPlainText("Meet the people who use our tools")
    QTest.keyClicks(ui.ownerEdit, "Grace")
    dialog.owner.suggest()  # what the pause in typing does
    assert dialog.owner.suggestions.rowCount() == 1
    dialog.owner.choose_row(0)
    ui.startCheck.setChecked(True)
    ui.startEdit.setDate(QDate(2027, 3, 1))
    ui.endCheck.setChecked(True)
    ui.endEdit.setDate(QDate(2027, 6, 30))
    ui.statusCombo.setCurrentIndex(ui.statusCombo.findData(PlanStatus.ACTIVE))
    check(dialog, "communities", "Rust Forum")
    check(dialog, "roles", "Customer")
    ui.addKpiButton.click()
    kpis = dialog.kpis
    kpis.setData(kpis.index(0, KpiDraftModel.METRIC), KpiMetric.NEW_MEMBERS.value)
    kpis.setData(kpis.index(0, KpiDraftModel.TARGET), 250)
    kpis.setData(kpis.index(0, KpiDraftModel.LABEL), "New members")
    save(dialog)

    assert not dialog.isVisible()
    plans = PlanService(sample.store)
    plan = plans.get(plans.find("Spring meetups"))
    assert plan.objective == "Meet the people who use our tools"
    assert plan.owner == "Grace Hopper"
    assert (plan.starts_on, plan.ends_on) == (date(2027, 3, 1), date(2027, 6, 30))
    assert plan.status is PlanStatus.ACTIVE
    assert plan.target_roles == (StakeholderRole.CUSTOMER,)
    assert len(plan.target_community_ids) == 1
    # A new KPI is due when the plan ends.
    assert plan.kpis == (KpiDraft(KpiMetric.NEW_MEMBERS, 250.0, date(2027, 6, 30), "New members"),)
    # The new plan is listed and open.
    assert page.ui.planNameLabel.text() == "Spring meetups"
    assert page.list_model.rowCount() == 2
    assert page.kpis.rowCount() == 1
    assert page.kpis.index(0, page.kpis.TARGET).data() == "250"

    page.context.undo_stack.undo()
    assert count(sample, "plans") == 1
    qtbot.waitUntil(lambda: page.list_model.rowCount() == 1)


def test_end_before_start_shows_the_message_next_to_the_field(
    page: PlansPage, sample: Sample
) -> None:
    page.ui.newButton.click()
    dialog = editor(page)
    ui = dialog.ui
    ui.nameEdit.setText("Backwards")
    ui.startCheck.setChecked(True)
    ui.startEdit.setDate(QDate(2027, 5, 10))
    ui.endCheck.setChecked(True)
    ui.endEdit.setDate(QDate(2027, 5, 1))
    save(dialog)

    assert dialog.isVisible()
    assert ui.endError.isVisible()
    assert "before" in ui.endError.text()
    assert not ui.nameError.isVisible()
    assert ui.nameEdit.text() == "Backwards"  # everything typed stays
    assert ui.endEdit.date() == QDate(2027, 5, 1)
    assert count(sample, "plans") == 1

    ui.endEdit.setDate(QDate(2027, 5, 31))  # fixed, it saves
    save(dialog)
    assert not dialog.isVisible()
    assert count(sample, "plans") == 2


def test_an_owner_not_picked_is_refused(page: PlansPage, sample: Sample) -> None:
    page.new_plan()
    dialog = editor(page)
    dialog.ui.nameEdit.setText("Unowned")
    dialog.ui.ownerEdit.setText("Nobody we know")
    save(dialog)
    assert dialog.ui.ownerError.isVisible()
    assert dialog.ui.ownerEdit.text() == "Nobody we know"
    assert count(sample, "plans") == 1


def test_a_duplicate_name_is_refused_next_to_the_name(page: PlansPage) -> None:
    page.new_plan()
    dialog = editor(page)
    dialog.ui.nameEdit.setText("Open source programme")
    save(dialog)
    assert dialog.ui.nameError.isVisible()
    assert "already exists" in dialog.ui.nameError.text()


def test_edit_a_plan_and_undo(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    page.ui.editButton.click()
    dialog = editor(page)
    assert dialog.ui.nameEdit.text() == "Open source programme"
    dialog.ui.nameEdit.setText("Open source office")
    save(dialog)
    plans = PlanService(sample.store)
    assert plans.get(sample.plan).name == "Open source office"
    qtbot.waitUntil(lambda: page.ui.planNameLabel.text() == "Open source office")
    page.context.undo_stack.undo()
    assert plans.get(sample.plan).name == "Open source programme"


def test_delete_a_plan_asks_first_and_undo_brings_it_back(
    page: PlansPage, sample: Sample, qtbot: QtBot
) -> None:
    plans = PlanService(sample.store)
    plans.update(
        sample.plan,
        PlanDraft("Open source programme", kpis=(KpiDraft(KpiMetric.ACTIVITIES, 100),)),
    )
    page.reload()
    page.ui.deleteButton.click()
    box = page.dialog
    assert isinstance(box, QMessageBox)
    assert "3 items and 1 KPI go" in box.informativeText()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert count(sample, "plans") == 1

    page.delete_plan()
    box = page.dialog
    assert isinstance(box, QMessageBox)
    box.button(QMessageBox.StandardButton.Yes).click()
    assert (count(sample, "plans"), count(sample, "plan_items"), count(sample, "kpis")) == (0, 0, 0)
    qtbot.waitUntil(lambda: page.ui.detailStack.currentWidget() is page.ui.emptyPage)
    assert "No plans yet" in page.ui.emptyLabel.text()

    page.context.undo_stack.undo()
    assert (count(sample, "plans"), count(sample, "plan_items"), count(sample, "kpis")) == (1, 3, 1)
    qtbot.waitUntil(lambda: page.ui.detailStack.currentWidget() is page.ui.planPage)
    assert page.ui.planNameLabel.text() == "Open source programme"
    assert page.board.models[Phase.INTERNAL].rowCount() == 2
    assert [i.position for i in plans.items(sample.plan)] == [0, 1, 0]
