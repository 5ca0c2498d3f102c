"""Bar charts: the stakeholder mix of each community, rankings of people (influencers,
bridges, people slipping away) and the plans' progress by phase. Bars run left to right,
one row per community, person or phase, the first at the top."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from commdesk.domain.enums import ItemStatus, StakeholderRole
from commdesk.gui.charts.base import Chart, PeopleFilter, Table
from commdesk.services.dashboard.communities import CommunityMix
from commdesk.services.dashboard.people import PlanKpi
from commdesk.services.overview import PhaseProgress

BAR = 0.7  # a bar's thickness, in rows


@dataclass(frozen=True)
class Segment:
    """One piece of a row's bar."""

    label: str
    value: float
    column: int  # which of the chart's columns (legend entries, CSV columns) it is
    target: PeopleFilter | None = None
    detail: str = ""


class StackedBars(Chart):
    """Rows of bars, each made of segments laid end to end."""

    def __init__(
        self, title: str, caption: str, parent: pg.QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(title, caption, parent)
        self.item.invertY(True)
        self.item.showGrid(x=True, y=False, alpha=0.25)
        self.view.setMouseEnabled(x=False, y=False)
        self.item.getAxis("left").setStyle(tickLength=0)
        self.row_labels: list[str] = []
        self.rows: list[list[Segment]] = []
        self.legend_names: list[str] = []
        self.column_colors: list[int] = []  # column -> index of its series colour; same if empty
        self.bars: list[pg.BarGraphItem] = []

    def set_rows(
        self, labels: Sequence[str], rows: Sequence[Sequence[Segment]], legend: Sequence[str] = ()
    ) -> None:
        self.row_labels = list(labels)
        self.rows = [list(r) for r in rows]
        self.legend_names = list(legend)
        self.set_left_labels(self.row_labels)
        self.set_key([(self._color(n), name) for n, name in enumerate(self.legend_names)])
        self.plot.setMinimumHeight(max(160, 28 * len(self.row_labels) + 70))
        self.redraw()
        longest = max((sum(s.value for s in r) for r in self.rows), default=0.0)
        self.view.setRange(
            xRange=(0, max(longest, 1.0) * 1.05),
            yRange=(-0.5, max(len(self.rows), 1) - 0.5),
            padding=0,
        )

    def redraw(self) -> None:
        for bar in self.bars:
            self.item.removeItem(bar)
        self.bars = []
        columns = sorted({s.column for r in self.rows for s in r})
        for column in columns:
            y, x0, width = [], [], []
            for n, row in enumerate(self.rows):
                left = 0.0
                for segment in row:
                    if segment.column == column and segment.value > 0:
                        y.append(n)
                        x0.append(left)
                        width.append(segment.value)
                    left += segment.value
            bar = pg.BarGraphItem(
                x0=np.array(x0),
                y=np.array(y, dtype=float),
                width=np.array(width),
                height=BAR,
                brush=self.colors.series(self._color(column)),
                pen=pg.mkPen(self.colors.background, width=1),
            )
            self.item.addItem(bar)
            self.bars.append(bar)

    def _color(self, column: int) -> int:
        return self.column_colors[column] if column < len(self.column_colors) else column

    def segment_at(self, point: QPointF) -> tuple[int, Segment] | None:
        row = round(point.y())
        if not 0 <= row < len(self.rows) or abs(point.y() - row) > BAR / 2:
            return None
        left = 0.0
        for segment in self.rows[row]:
            if left <= point.x() < left + segment.value:
                return row, segment
            left += segment.value
        return None

    def tooltip_at(self, point: QPointF) -> str:
        found = self.segment_at(point)
        if found is None:
            return ""
        row, segment = found
        value = int(segment.value) if float(segment.value).is_integer() else round(segment.value, 2)
        text = f"{self.row_labels[row]}\n{segment.label}: {value:,}"
        return f"{text}\n{segment.detail}" if segment.detail else text

    def target_at(self, point: QPointF) -> PeopleFilter | None:
        found = self.segment_at(point)
        return found[1].target if found else None

    def table(self) -> Table:
        columns = self.legend_names or ["value"]
        rows = []
        for label, row in zip(self.row_labels, self.rows, strict=True):
            values: list[object] = [0] * len(columns)
            for segment in row:
                if segment.column < len(values):
                    values[segment.column] = _plain(segment.value)
            rows.append((label, *values))
        return Table(("name", *columns), tuple(rows))


def _plain(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 4)


NO_ROLE = "No role"


class MixChart(StackedBars):
    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "Stakeholder mix",
            "Current members of the largest communities by stakeholder role (someone with two "
            "roles counts in both). Click a segment to see those people.",
            parent,
        )

    def show_mixes(self, mixes: Sequence[CommunityMix]) -> None:
        roles = list(StakeholderRole)
        rows = []
        for entry in mixes:
            mix = entry.mix
            segments = [
                Segment(
                    role.label,
                    float(count),
                    n,
                    PeopleFilter(role=role, community_id=mix.community_id),
                    f"of {mix.members:,} members ({100 * count / mix.members:.0f}%)"
                    if mix.members
                    else "",
                )
                for n, (role, count) in enumerate(mix.by_role)
            ]
            segments.append(
                Segment(
                    NO_ROLE,
                    float(mix.without_role),
                    len(roles),
                    PeopleFilter(community_id=mix.community_id),
                )
            )
            rows.append(segments)
        self.set_rows([m.name for m in mixes], rows, [r.label for r in roles] + [NO_ROLE])


@dataclass(frozen=True)
class RankedPerson:
    person_id: int
    name: str
    value: float
    detail: str


class RankingChart(StackedBars):
    """People ranked by one value; a click opens the person."""

    def __init__(
        self,
        title: str,
        caption: str,
        measure: str,
        color: int,
        parent: pg.QtWidgets.QWidget | None = None,
    ) -> None:
        super().__init__(title, caption, parent)
        self.measure = measure
        self.color = color
        self.caption = caption

    def show_waiting(self, text: str) -> None:
        """No bars, and why: the people are still being ranked."""
        self.set_rows([], [])
        self.set_caption(text)

    def show_people(self, people: Sequence[RankedPerson]) -> None:
        self.set_caption(self.caption)
        rows = [
            [Segment(self.measure, p.value, 0, PeopleFilter(person_id=p.person_id), p.detail)]
            for p in people
        ]
        self.column_colors = [self.color]
        self.set_rows([p.name for p in people], rows)

    def table(self) -> Table:
        rows = tuple(
            (label, _plain(row[0].value), row[0].detail)
            for label, row in zip(self.row_labels, self.rows, strict=True)
        )
        return Table(("name", self.measure, "detail"), rows)


STATUS_COLORS = {
    ItemStatus.DONE: 2,
    ItemStatus.IN_PROGRESS: 0,
    ItemStatus.PLANNED: 4,
    ItemStatus.IDEA: 8,
    ItemStatus.CANCELLED: 7,
}


class PlanChart(StackedBars):
    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "Plan progress",
            "Plan items of every plan by phase and status.",
            parent,
        )

    def show_phases(self, phases: Sequence[PhaseProgress]) -> None:
        order = list(STATUS_COLORS)
        rows = []
        for progress in phases:
            counted = progress.total - progress.by_status.get(ItemStatus.CANCELLED, 0)
            share = f"{progress.done} of {counted} done" if counted else "nothing planned"
            rows.append(
                [
                    Segment(status.label, float(progress.by_status.get(status, 0)), n, None, share)
                    for n, status in enumerate(order)
                ]
            )
        self.column_colors = [STATUS_COLORS[s] for s in order]
        self.set_rows([p.phase.label for p in phases], rows, [s.label for s in order])


class KpiChart(StackedBars):
    """Each plan's KPIs as the share of their target reached (100% = met)."""

    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "KPI progress",
            "How far each plan's KPIs are towards their targets, measured from the activity.",
            parent,
        )

    def show_kpis(self, kpis: Sequence[PlanKpi]) -> None:
        measured = [k for k in kpis if k.progress.fraction is not None]
        rows = []
        for kpi in measured:
            progress = kpi.progress
            fraction = progress.fraction or 0.0
            due = f", due {progress.due_on:%d %b %Y}" if progress.due_on else ""
            detail = f"{_plain(progress.value or 0):,} of {_plain(progress.target):,}{due}"
            rows.append(
                [
                    Segment(
                        "Reached (%)",
                        round(100 * fraction, 1),
                        1 if progress.met else 0,
                        None,
                        detail,
                    )
                ]
            )
        self.column_colors = [0, 2]
        self.set_rows(
            [f"{k.progress.label} ({k.plan})" for k in measured], rows, ["Below target", "Met"]
        )
        self.set_caption(
            "How far each plan's KPIs are towards their targets, measured from the activity."
            if measured
            else "No measurable KPIs yet: give a plan a KPI (active members, activities…) to follow it here."
        )
