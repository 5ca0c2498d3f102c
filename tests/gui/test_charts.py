"""Each chart on the hand-worked world of tests/dashboard_world.py: the plot items hold the
numbers, tooltips say them, clicks name the people behind them, exports are valid files."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QImage, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from commdesk.domain.enums import StakeholderRole as R
from commdesk.gui.charts.bars import KpiChart, MixChart, PlanChart, RankedPerson, RankingChart
from commdesk.gui.charts.base import Chart, PeopleFilter
from commdesk.gui.charts.engagement import EngagementChart, epoch_seconds
from commdesk.gui.charts.heatmaps import OverlapChart, WeekHoursChart
from commdesk.services.dashboard import Bucket, Dashboard, DashboardQuery, DashboardService, Split
from commdesk.store import Store
from tests.dashboard_world import END, START, build_world


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    return build_world(store)


def board(store: Store, **options: object) -> Dashboard:
    return DashboardService(store).load(DashboardQuery(START, END, **options))  # type: ignore[arg-type]


# The offscreen platform cannot raise the tooltip's window, and says so; the text is checked.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support raise")

HOSTS: list[QScrollArea] = []


@pytest.fixture(autouse=True)
def _forget_hosts() -> Iterator[None]:
    yield
    HOSTS.clear()


def shown(qtbot: QtBot, chart: Chart) -> Chart:
    """On screen in a scroll area, as on the Overview (whose size does not follow the chart's)."""
    host = QScrollArea()
    host.setWidgetResizable(True)
    host.setWidget(chart)
    qtbot.addWidget(host)
    host.resize(720, 560)
    host.show()
    qtbot.waitExposed(host)
    HOSTS.append(host)  # pytest-qt keeps only a weak reference
    return chart


def test_engagement_curves_hold_the_stacked_counts(
    qtbot: QtBot, store: Store, world: dict[str, int]
) -> None:
    query = DashboardQuery(START, END, bucket=Bucket.WEEK, split=Split.PLATFORM)
    chart = EngagementChart()
    shown(qtbot, chart)
    chart.show_series(DashboardService(store).load(query).engagement, query)
    github, slack = chart.curves
    x, y = github.getOriginalDataset()
    assert list(x) == [epoch_seconds(START), epoch_seconds(START) + 7 * 86400]
    assert list(y) == [2, 1]  # GitHub, the bottom band
    assert list(slack.getOriginalDataset()[1]) == [3, 2]  # GitHub + Slack on top
    assert github.opts["clipToView"] and github.opts["autoDownsample"]
    assert isinstance(chart.item.getAxis("bottom"), pg.DateAxisItem)
    tip = chart.hover(QPointF(epoch_seconds(START) + 86400, 1))
    assert tip == "Week of 2 Mar 2026\nGitHub: 2\nSlack: 1\nTotal: 3"


def test_engagement_zooms_and_pans_in_time(
    qtbot: QtBot, store: Store, world: dict[str, int]
) -> None:
    chart = EngagementChart()
    shown(qtbot, chart)
    query = DashboardQuery(START, END, bucket=Bucket.DAY)
    chart.show_series(DashboardService(store).load(query).engagement, query)
    before = chart.view.viewRange()[0]
    chart.view.scaleBy(x=0.5)
    after = chart.view.viewRange()[0]
    assert after[1] - after[0] == pytest.approx((before[1] - before[0]) / 2)


def test_engagement_click_on_a_role_band_asks_for_that_role(
    qtbot: QtBot, store: Store, world: dict[str, int]
) -> None:
    query = DashboardQuery(START, END, split=Split.ROLE, community_id=world["forum"])
    chart = EngagementChart()
    shown(qtbot, chart)
    chart.show_series(DashboardService(store).load(query).engagement, query)
    # Week 1 in the forum: Ann twice (employee, shareholder), stacked employee then shareholder.
    assert chart.labels == ["Employee", "Customer", "Partner", "Shareholder"]
    with qtbot.waitSignal(chart.peopleRequested) as signal:
        chart.click(QPointF(epoch_seconds(START), 3))
    assert signal.args == [PeopleFilter(role=R.SHAREHOLDER, community_id=world["forum"])]


def test_week_hours_image_and_tooltip(qtbot: QtBot, store: Store, world: dict[str, int]) -> None:
    chart = WeekHoursChart()
    shown(qtbot, chart)
    chart.show_week(board(store).week_hours)
    image = chart.image.image
    assert image.shape == (7, 24)
    assert (image[0, 9], image[1, 14], image[6, 23], image.sum()) == (3, 1, 1, 5)
    assert chart.hover(QPointF(9.5, 0.5)) == "Monday 09:00–10:00\n3 activities"
    assert chart.hover(QPointF(14.2, 1.7)) == "Tuesday 14:00–15:00\n1 activity"
    assert "Mondays 09:00–10:00 (3)" in chart.caption_label.text()


def test_overlap_cells_are_labelled_and_click_through(
    qtbot: QtBot, store: Store, world: dict[str, int]
) -> None:
    chart = OverlapChart()
    shown(qtbot, chart)
    chart.show_matrix(board(store).overlap)
    assert chart.grid.tolist() == [[4, 2, 1], [2, 3, 1], [1, 1, 1]]
    assert [label.toPlainText() for label in chart.labels] == [
        "4",
        "2",
        "1",
        "2",
        "3",
        "1",
        "1",
        "1",
        "1",
    ]
    assert chart.hover(QPointF(1.5, 0.5)) == "Forum & Guild\n2 members in both"
    assert chart.hover(QPointF(2.5, 2.5)) == "Circle\n1 current members"
    with qtbot.waitSignal(chart.peopleRequested) as signal:
        chart.click(QPointF(0.5, 1.5))
    assert signal.args == [PeopleFilter(members_of=(world["guild"], world["forum"]))]
    assert chart.click(QPointF(2.5, 2.5)) == PeopleFilter(members_of=(world["circle"],))


def test_mix_bars_hold_each_role(qtbot: QtBot, store: Store, world: dict[str, int]) -> None:
    chart = MixChart()
    shown(qtbot, chart)
    chart.show_mixes(board(store).mixes)
    assert chart.row_labels == ["Forum", "Guild", "Circle", "Empty"]
    employees = chart.bars[0]  # the first colour: employees in every community
    assert list(employees.opts["y"]) == [0, 1, 2]
    assert list(employees.opts["width"]) == [1, 2, 1]
    customers = chart.bars[1]  # after the employees: Forum 1..3, Guild 2..3
    assert list(customers.opts["x0"]) == [1, 2] and list(customers.opts["width"]) == [2, 1]
    assert chart.hover(QPointF(1.5, 0)) == "Forum\nCustomer: 2\nof 4 members (50%)"
    with qtbot.waitSignal(chart.peopleRequested) as signal:
        chart.click(QPointF(2.5, 1.1))  # Guild's customer (Bob)
    assert signal.args == [PeopleFilter(role=R.CUSTOMER, community_id=world["guild"])]
    assert chart.hover(QPointF(0.5, 0.5)) == ""  # between the bars


def test_ranking_click_opens_the_person(qtbot: QtBot) -> None:
    chart = RankingChart("Influencers", "", "Influence", 0)
    shown(qtbot, chart)
    chart.show_people(
        [RankedPerson(7, "Ann", 0.9, "reach 4"), RankedPerson(9, "Bob", 0.4, "reach 2")]
    )
    (bar,) = chart.bars
    assert list(bar.opts["width"]) == [0.9, 0.4]
    assert chart.hover(QPointF(0.3, 1)) == "Bob\nInfluence: 0.4\nreach 2"
    with qtbot.waitSignal(chart.peopleRequested) as signal:
        chart.click(QPointF(0.1, 0))
    assert signal.args == [PeopleFilter(person_id=7)]


# QTest complains that the plot leaves the press to its scene, which is where it is handled.
@pytest.mark.qt_log_ignore("Mouse event .* not accepted by receiving widget")
def test_a_real_mouse_click_reaches_the_chart(qtbot: QtBot) -> None:
    chart = RankingChart("Influencers", "", "Influence", 0)
    shown(qtbot, chart)
    chart.show_people([RankedPerson(7, "Ann", 1.0, "")])
    qtbot.wait(50)
    scene = chart.scene_point(QPointF(0.5, 0))
    where = chart.plot.mapFromScene(scene)
    with qtbot.waitSignal(chart.peopleRequested, timeout=2000) as signal:
        qtbot.mouseClick(chart.plot.viewport(), Qt.MouseButton.LeftButton, pos=where)  # type: ignore[no-untyped-call]
    assert signal.args == [PeopleFilter(person_id=7)]


def test_plan_chart_stacks_statuses(qtbot: QtBot, store: Store, world: dict[str, int]) -> None:
    from commdesk.domain.enums import ItemStatus, Phase
    from commdesk.services.overview import PhaseProgress

    counts = dict.fromkeys(ItemStatus, 0) | {ItemStatus.DONE: 2, ItemStatus.PLANNED: 1}
    phases = [
        PhaseProgress(p, counts if p is Phase.INTERNAL else dict.fromkeys(ItemStatus, 0))
        for p in Phase
    ]
    chart = PlanChart()
    shown(qtbot, chart)
    chart.show_phases(phases)
    assert chart.hover(QPointF(1, 0)) == "Internal\nDone: 2\n2 of 3 done"
    assert chart.hover(QPointF(2.5, 0)) == "Internal\nPlanned: 1\n2 of 3 done"
    assert chart.table().rows[0] == ("Internal", 2, 0, 1, 0, 0)


def test_exports_write_valid_files(
    qtbot: QtBot, tmp_path: Path, store: Store, world: dict[str, int]
) -> None:
    chart = MixChart()
    shown(qtbot, chart)
    chart.show_mixes(board(store).mixes)
    chart.export_png(tmp_path / "mix.png")
    image = QImage(str(tmp_path / "mix.png"))
    assert not image.isNull() and image.width() > 100
    chart.export_svg(tmp_path / "mix.svg")
    root = ET.parse(tmp_path / "mix.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.find("{http://www.w3.org/2000/svg}title").text == "Stakeholder mix"  # type: ignore[union-attr]
    chart.export_csv(tmp_path / "mix.csv")
    with (tmp_path / "mix.csv").open(newline="", encoding="utf-8") as file:
        rows = list(csv.reader(file))
    assert rows[0] == [
        "name",
        "Employee",
        "Customer",
        "Supplier",
        "Partner",
        "Shareholder",
        "Competitor",
        "Other",
        "No role",
    ]
    assert rows[1] == ["Forum", "1", "2", "0", "1", "1", "0", "0", "1"]


def _engagement(store: Store) -> Chart:
    chart = EngagementChart()
    query = DashboardQuery(START, END)
    chart.show_series(DashboardService(store).load(query).engagement, query)
    return chart


def _week(store: Store) -> Chart:
    chart = WeekHoursChart()
    chart.show_week(board(store).week_hours)
    return chart


def _overlap(store: Store) -> Chart:
    chart = OverlapChart()
    chart.show_matrix(board(store).overlap)
    return chart


MAKERS: dict[str, Callable[[Store], Chart]] = {
    "engagement": _engagement,
    "week": _week,
    "overlap": _overlap,
}


@pytest.mark.usefixtures("world")
@pytest.mark.parametrize(
    ("kind", "header"),
    [
        ("engagement", ["bucket_start", "GitHub", "Slack"]),
        ("week", ["weekday", "hour", "activities"]),
        ("overlap", ["community", "Forum", "Guild", "Circle"]),
    ],
)
def test_every_chart_exports_its_data(
    qtbot: QtBot, tmp_path: Path, store: Store, kind: str, header: list[str]
) -> None:
    chart = shown(qtbot, MAKERS[kind](store))
    chart.export_csv(tmp_path / "data.csv")
    chart.export_svg(tmp_path / "data.svg")
    with (tmp_path / "data.csv").open(newline="", encoding="utf-8") as file:
        assert next(csv.reader(file)) == header
    assert ET.parse(tmp_path / "data.svg").getroot().tag.endswith("svg")


def test_charts_follow_the_palette(
    qtbot: QtBot, app: QApplication, store: Store, world: dict[str, int]
) -> None:
    chart = WeekHoursChart()
    shown(qtbot, chart)
    chart.show_week(board(store).week_hours)
    light = chart.image.getColorMap().color[0]
    palette = QPalette(chart.palette())
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Base, Qt.GlobalColor.black)
        palette.setColor(group, QPalette.ColorRole.Text, Qt.GlobalColor.white)
    chart.setPalette(palette)
    assert chart.colors.dark
    dark = chart.image.getColorMap().color[0]
    assert not np.array_equal(light, dark)
    assert chart.item.getAxis("left").textPen().color().name() == "#ffffff"


def test_kpi_chart_explains_when_there_is_nothing(qtbot: QtBot) -> None:
    chart = KpiChart()
    shown(qtbot, chart)
    chart.show_kpis([])
    assert "No measurable KPIs yet" in chart.caption_label.text()
