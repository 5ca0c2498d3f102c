"""The other views of a plan: the content calendar, the filtered table and the KPIs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import ItemStatus, KpiMetric, Phase
from commdesk.gui.context import AppContext
from commdesk.gui.plans.itemeditor import PlanItemEditor
from commdesk.gui.plans.page import PlansPage
from commdesk.gui.plans.table import PlanItemsTableModel
from commdesk.gui.tasks import TaskRunner
from commdesk.services.plans import PlanService
from commdesk.services.records import KpiDraft, PlanDraft, PlanItemDraft
from tests.gui.conftest import Sample

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

DUE = date(2027, 2, 17)  # a Wednesday


@pytest.fixture
def page(app: QApplication, qtbot: QtBot, sample: Sample) -> Iterator[PlansPage]:
    plans = PlanService(sample.store)
    plans.add_item(
        sample.plan,
        PlanItemDraft(
            "Launch video",
            phase=Phase.GROW,
            status=ItemStatus.PLANNED,
            owner_id=sample.people["ada"],
            department="Marketing",
            due_on=DUE,
        ),
    )
    plans.add_item(
        sample.plan,
        PlanItemDraft("Blog post", phase=Phase.EXTERNAL, department="Marketing", due_on=DUE),
    )
    runner = TaskRunner()
    shown = PlansPage(AppContext(sample.store, runner))
    qtbot.addWidget(shown)
    shown.resize(1400, 900)
    shown.show()
    yield shown
    runner.shutdown()


def titles(model: PlanItemsTableModel) -> list[str]:
    return sorted(model.index(r, model.TITLE).data() for r in range(model.rowCount()))


def test_the_calendar_opens_where_the_work_is(page: PlansPage) -> None:
    page.ui.tabs.setCurrentWidget(page.ui.calendarTab)
    calendar = page.calendar
    assert (calendar.anchor.year, calendar.anchor.month) == (2027, 2)  # the only due dates
    assert not calendar.week_mode
    assert calendar.period_label.text() == "February 2027"
    assert calendar.due_label.text() == "2 items due this month"
    assert [b.card.title for b in calendar.item_buttons(DUE)] == ["Blog post", "Launch video"]
    assert calendar.item_buttons(DUE - timedelta(days=1)) == []
    assert len(calendar.days()) == 28  # 1 Feb 2027 is a Monday, the 28th a Sunday


def test_month_and_week_navigation(page: PlansPage, qtbot: QtBot) -> None:
    calendar = page.calendar
    calendar.go_to(DUE)
    calendar.next_button.click()
    assert calendar.period_label.text() == "March 2027"
    assert calendar.item_buttons(DUE) == []
    calendar.prev_button.click()
    assert calendar.period_label.text() == "February 2027"
    calendar.go_to(DUE)
    QTest.mouseClick(calendar.week_button, Qt.MouseButton.LeftButton)
    assert calendar.week_mode
    assert calendar.days() == [date(2027, 2, 15) + timedelta(days=n) for n in range(7)]
    assert [b.card.title for b in calendar.item_buttons(DUE)] == ["Blog post", "Launch video"]
    assert calendar.due_label.text() == "2 items due this week"
    calendar.next_button.click()
    assert calendar.days()[0] == date(2027, 2, 22)
    assert calendar.due_label.text() == "Nothing due this week"
    calendar.today_button.click()
    assert date.today() in calendar.days()
    calendar.month_button.click()
    assert not calendar.week_mode


def test_clicking_an_item_on_the_calendar_edits_it(
    page: PlansPage, sample: Sample, qtbot: QtBot
) -> None:
    calendar = page.calendar
    calendar.go_to(DUE)
    button = calendar.item_buttons(DUE)[1]
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = page.dialog
    assert isinstance(dialog, PlanItemEditor)
    assert dialog.ui.titleEdit.text() == "Launch video"
    assert dialog.owner.record_id == sample.people["ada"]
    assert dialog.ui.ownerEdit.text() == "Ada Lovelace"
    dialog.ui.dueEdit.setDate(QDate(2027, 2, 19))
    dialog.submit()
    qtbot.waitUntil(lambda: len(calendar.item_buttons(date(2027, 2, 19))) == 1)
    assert [b.card.title for b in calendar.item_buttons(DUE)] == ["Blog post"]
    items = {i.title: i for i in PlanService(sample.store).items(sample.plan)}
    assert items["Launch video"].due_on == date(2027, 2, 19)


def test_the_table_filters_by_phase_status_owner_department_and_due(
    page: PlansPage, sample: Sample
) -> None:
    page.ui.tabs.setCurrentWidget(page.ui.tableTab)
    ui, model = page.ui, page.table.model
    assert model.rowCount() == 5
    assert ui.itemCountLabel.text() == "5 items"

    ui.phaseFilter.setCurrentIndex(ui.phaseFilter.findData(Phase.INTERNAL))
    assert titles(model) == ["Contribution policy", "Train maintainers"]
    ui.statusFilter.setCurrentIndex(ui.statusFilter.findData(ItemStatus.DONE))
    assert titles(model) == ["Contribution policy"]
    assert ui.itemCountLabel.text() == "1 item matches the filters"
    ui.phaseFilter.setCurrentIndex(0)
    ui.statusFilter.setCurrentIndex(ui.statusFilter.findData(ItemStatus.PLANNED))
    assert titles(model) == ["Blog post", "Conference talk", "Launch video"]
    ui.statusFilter.setCurrentIndex(0)

    assert ui.ownerFilter.count() == 2  # all, and the one owner of this plan's items
    ui.ownerFilter.setCurrentIndex(ui.ownerFilter.findData(sample.people["ada"]))
    assert titles(model) == ["Launch video"]
    ui.ownerFilter.setCurrentIndex(0)
    ui.departmentFilter.setCurrentIndex(ui.departmentFilter.findText("Marketing"))
    assert titles(model) == ["Blog post", "Launch video"]
    ui.departmentFilter.setCurrentIndex(0)

    ui.dueAfterEdit.setDate(QDate(2027, 2, 1))
    ui.dueAfterCheck.setChecked(True)
    assert titles(model) == ["Blog post", "Launch video"]
    ui.dueBeforeEdit.setDate(QDate(2027, 2, 16))
    ui.dueBeforeCheck.setChecked(True)
    assert titles(model) == []
    ui.dueAfterCheck.setChecked(False)
    ui.dueBeforeCheck.setChecked(False)
    assert model.rowCount() == 5

    page.ui.filterEdit.setText("video")
    page.table.apply_text()
    assert titles(model) == ["Launch video"]


def test_the_table_shows_one_plan_only(page: PlansPage, sample: Sample, qtbot: QtBot) -> None:
    plans = PlanService(sample.store)
    other = plans.create(PlanDraft("Another plan"))
    plans.add_item(other, PlanItemDraft("Elsewhere"))
    page.reload()
    assert "Elsewhere" not in titles(page.table.model)
    assert page.select_plan(other)
    assert titles(page.table.model) == ["Elsewhere"]


def test_the_kpis_tab_shows_target_due_and_days_left(page: PlansPage, sample: Sample) -> None:
    soon = date.today() + timedelta(days=10)
    PlanService(sample.store).update(
        sample.plan,
        PlanDraft(
            "Open source programme",
            kpis=(
                KpiDraft(KpiMetric.ACTIVE_MEMBERS, 1200, soon, "Active contributors"),
                KpiDraft(KpiMetric.EVENT_ATTENDANCE, 80, date.today() - timedelta(days=1)),
            ),
        ),
    )
    page.reload()
    model = page.kpis
    assert model.rowCount() == 2
    row = [model.index(0, c).data() for c in range(model.columnCount())]
    assert row[0] == "Active members"
    assert row[1] == "Active contributors"
    assert row[2] == "1,200"
    assert row[4] == "10 days left"
    assert model.index(1, model.LEFT).data() == "1 day overdue"
    assert not page.ui.kpiEmptyLabel.isVisibleTo(page)


def test_the_page_remembers_its_tab_calendar_mode_and_plan(
    page: PlansPage, sample: Sample, qtbot: QtBot, settings: QSettings
) -> None:
    other = PlanService(sample.store).create(PlanDraft("Zebra plan"))
    page.reload()
    page.select_plan(other)
    page.ui.tabs.setCurrentWidget(page.ui.calendarTab)
    page.calendar.set_week_mode(True)
    page.save_state(settings)

    runner = TaskRunner()
    again = PlansPage(AppContext(sample.store, runner))
    qtbot.addWidget(again)
    again.restore_state(settings)
    again.show()
    assert again.ui.tabs.currentWidget() is again.ui.calendarTab
    assert again.calendar.week_mode
    assert again.plan is not None and again.plan.id == other
    runner.shutdown()


def test_the_list_selection_follows_the_open_plan(page: PlansPage, sample: Sample) -> None:
    other = PlanService(sample.store).create(PlanDraft("Zebra plan"))
    page.reload()
    assert page.select_plan(other)
    selected = page.ui.planView.selectionModel().selectedRows()
    assert [i.data() for i in selected] == ["Zebra plan"]
    page.ui.planView.selectRow(0)  # a click on the other plan opens it
    assert page.plan is not None and page.plan.id == sample.plan
