"""The Overview's charts in the window: read off the GUI thread, narrowed by the filters, and
a click on a chart opens the People section on the people behind it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QDate, QPointF, QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from commdesk.domain.enums import StakeholderRole as R
from commdesk.gui.mainwindow import MainWindow
from commdesk.gui.overview.charts import OverviewCharts
from commdesk.gui.people.page import PeoplePage
from commdesk.gui.sections import Section
from commdesk.services.dashboard import Dashboard
from commdesk.store import Store
from tests.dashboard_world import END, START, build_world

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    return build_world(store)


@pytest.fixture
def opened(
    app: QApplication, qtbot: QtBot, store: Store, world: dict[str, int], settings: QSettings
) -> Iterator[MainWindow]:
    window = MainWindow(store, settings=settings)
    qtbot.addWidget(window)
    charts = window.overview.charts
    assert charts is not None
    with qtbot.waitSignal(charts.loaded, timeout=20_000):
        window.show()
    yield window
    window.close()


@pytest.fixture
def march(opened: MainWindow, qtbot: QtBot) -> MainWindow:
    """The window with the charts on the world's two weeks of March."""
    charts = charts_of(opened)
    with qtbot.waitSignal(
        charts.loaded, timeout=20_000, check_params_cb=lambda d: d.query.start == START
    ):
        charts.ui.fromEdit.setDate(QDate(START.year, START.month, START.day))
        charts.ui.toEdit.setDate(QDate(END.year, END.month, END.day))
    assert charts.ui.periodCombo.currentText() == "Custom dates"
    return opened


def charts_of(window: MainWindow) -> OverviewCharts:
    assert window.overview.charts is not None
    return window.overview.charts


def test_the_overview_opens_on_charts_of_the_last_twelve_months(opened: MainWindow) -> None:
    charts = charts_of(opened)
    dashboard = charts.dashboard
    assert dashboard is not None
    assert (dashboard.query.end - dashboard.query.start).days == 364
    assert sum(dashboard.engagement.total()) == 7  # every activity of the world
    assert sum(sum(v) for v in charts.engagement.values) == 7
    assert charts.overlap.matrix == dashboard.overlap
    assert charts.ui.statusLabel.text().startswith("Read at")


def test_a_filter_reads_the_charts_again_off_the_gui_thread(
    march: MainWindow, qtbot: QtBot
) -> None:
    charts = charts_of(march)
    with qtbot.waitSignal(charts.loaded, timeout=20_000) as signal:
        charts.filters.choose(charts.ui.roleCombo, R.CUSTOMER)
        qtbot.waitUntil(lambda: charts.busy, timeout=5_000)  # the window goes on meanwhile
    dashboard: Dashboard = signal.args[0]
    assert dashboard.query.role is R.CUSTOMER
    assert sum(dashboard.engagement.total()) == 2  # a3 by Bob, a4 by Cat
    assert charts.engagement.labels == ["Slack"]


def test_a_change_while_reading_reads_again_with_the_latest_filters(
    opened: MainWindow, qtbot: QtBot, world: dict[str, int]
) -> None:
    charts = charts_of(opened)
    charts.load(charts.filters.query())
    charts.filters.choose(charts.ui.communityCombo, world["guild"])
    with qtbot.waitSignal(
        charts.loaded,
        timeout=20_000,
        check_params_cb=lambda d: d.query.community_id == world["guild"],
    ):
        pass
    qtbot.waitUntil(lambda: not charts.busy, timeout=20_000)
    assert charts.dashboard is not None and charts.dashboard.query.community_id == world["guild"]


def test_a_click_on_the_mix_opens_the_people_behind_it(
    opened: MainWindow, qtbot: QtBot, world: dict[str, int]
) -> None:
    charts = charts_of(opened)
    row = charts.mix.row_labels.index("Guild")
    # Guild: 2 employees (Ann, Eve), then 1 customer (Bob).
    charts.mix.click(QPointF(2.5, row))
    assert opened.current_section() is Section.PEOPLE
    people = opened.page(Section.PEOPLE)
    assert isinstance(people, PeoplePage)
    assert people.model.filters == {"role": R.CUSTOMER, "community": world["guild"]}
    qtbot.waitUntil(lambda: people.model.rowCount() == 1, timeout=5_000)
    assert people.model.row_id(0) == world["bob"]
    assert people.filter_bar.ui.roleCombo.currentText() == "Customer"


def people_names(page: PeoplePage) -> list[str]:
    model = page.model
    return [model.index(r, model.NAME).data() for r in range(model.rowCount())]


def test_a_click_on_an_overlap_cell_opens_the_members_of_both_communities(
    opened: MainWindow, qtbot: QtBot, world: dict[str, int]
) -> None:
    charts = charts_of(opened)
    overlap = charts.overlap
    assert overlap.matrix is not None and overlap.matrix.names == ("Forum", "Guild", "Circle")
    # Forum's row, Guild's column: Forum has Ann, Bob, Cat, Dan; Guild Ann, Bob, Eve.
    overlap.click(QPointF(1.5, 0.5))
    assert opened.current_section() is Section.PEOPLE
    people = opened.page(Section.PEOPLE)
    assert isinstance(people, PeoplePage)
    assert people.model.filters == {"members_of": (world["forum"], world["guild"])}
    qtbot.waitUntil(lambda: people_names(people) == ["Ann", "Bob"], timeout=5_000)
    bar = people.filter_bar.ui
    assert bar.membersOfLabel.isVisible()
    assert bar.membersOfLabel.text() == "Members of both Forum and Guild"
    assert bar.communityCombo.currentData() is None
    # Clearing the chip shows everyone again (and hides it).
    qtbot.mouseClick(bar.membersOfClearButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert people.model.filters == {}
    assert not bar.membersOfRow.isVisible()
    qtbot.waitUntil(lambda: people.model.rowCount() == 5, timeout=5_000)

    # The diagonal: Circle's current members, Ann alone (Cat left it); the chip says so.
    opened.show_section(Section.OVERVIEW)
    overlap.click(QPointF(2.5, 2.5))
    assert people.model.filters == {"members_of": (world["circle"],)}
    qtbot.waitUntil(lambda: people_names(people) == ["Ann"], timeout=5_000)
    assert bar.membersOfLabel.text() == "Current members of Circle"
    # The bar's Clear button clears it too.
    qtbot.mouseClick(bar.clearButton, Qt.MouseButton.LeftButton)  # type: ignore[no-untyped-call]
    assert people.model.filters == {}
    assert not bar.membersOfRow.isVisible()


def test_an_overlap_click_under_a_role_filter_keeps_the_role(
    opened: MainWindow, qtbot: QtBot, world: dict[str, int]
) -> None:
    charts = charts_of(opened)
    with qtbot.waitSignal(charts.loaded, timeout=20_000):
        charts.filters.choose(charts.ui.roleCombo, R.CUSTOMER)
    # Customers in Forum and Guild: Bob alone (Ann is an employee and a shareholder).
    assert charts.overlap.matrix is not None and charts.overlap.matrix.shared[0][1] == 1
    charts.overlap.click(QPointF(1.5, 0.5))
    people = opened.page(Section.PEOPLE)
    assert isinstance(people, PeoplePage)
    qtbot.waitUntil(lambda: people_names(people) == ["Bob"], timeout=5_000)
    assert people.filter_bar.ui.roleCombo.currentText() == "Customer"


def test_a_click_on_a_bridge_opens_the_person(
    march: MainWindow, qtbot: QtBot, world: dict[str, int]
) -> None:
    opened = march
    charts = charts_of(opened)
    assert charts.bridges.row_labels == ["Bob"]
    charts.bridges.click(QPointF(0.01, 0))
    people = opened.page(Section.PEOPLE)
    assert isinstance(people, PeoplePage)
    assert opened.current_section() is Section.PEOPLE
    qtbot.waitUntil(lambda: people.editor.person_id == world["bob"], timeout=5_000)


def test_charts_show_before_the_people_are_ranked_and_saved_rankings_come_at_once(
    march: MainWindow, qtbot: QtBot, store: Store
) -> None:
    charts = charts_of(march)
    shown: list[tuple[str, list[str]]] = []

    def record(dashboard: Dashboard) -> None:
        shown.append((charts.bridges.caption_label.text(), list(charts.bridges.row_labels)))

    # Forget the rankings saved by the first reading: the next one ranks again.
    with store.session() as session:
        session.execute(text("DELETE FROM overview_rankings"))
    waiting: list[str] = []
    original = charts.bridges.show_waiting

    def watch(message: str) -> None:
        waiting.append(message)
        original(message)

    charts.bridges.show_waiting = watch  # type: ignore[assignment]  # spied on
    charts.loaded.connect(record)
    with qtbot.waitSignal(charts.loaded, timeout=20_000):
        charts.refresh()
    assert waiting and waiting[0].startswith("Ranking people")
    assert shown[-1] == (charts.bridges.caption, ["Bob"])  # the caption is back
    # Saved now: the next reading shows them with the other charts, nothing to wait for.
    waiting.clear()
    with qtbot.waitSignal(charts.loaded, timeout=20_000) as signal:
        charts.refresh()
    assert waiting == []
    assert signal.args is not None
    assert [b.name for b in signal.args[0].rankings.bridges] == ["Bob"]
