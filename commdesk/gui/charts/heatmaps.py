"""Heat grids: when the community is active (weekday x hour) and which communities share
members (the overlap matrix). Each cell is labelled or tooltipped with its exact count."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QFont

from commdesk.domain.enums import StakeholderRole
from commdesk.gui.charts.base import Chart, PeopleFilter, Table
from commdesk.services.dashboard.activity import WEEKDAYS, WeekHours
from commdesk.services.dashboard.communities import OverlapMatrix

Grid = npt.NDArray[np.float64]


class HeatGrid(Chart):
    """A grid of cells, row 0 at the top, coloured from nothing to the most."""

    def __init__(
        self, title: str, caption: str, parent: pg.QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(title, caption, parent)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.item.addItem(self.image)
        self.item.invertY(True)
        self.view.setMouseEnabled(x=False, y=False)
        self.item.getAxis("left").setStyle(tickLength=0)
        self.item.getAxis("bottom").setStyle(tickLength=0)
        self.grid: Grid = np.zeros((0, 0))
        self._cell_font = QFont(self.font())
        self._cell_font.setPointSizeF(max(self.font().pointSizeF() - 1.5, 7.0))
        self.labels: list[pg.TextItem] = []

    def set_grid(self, grid: Grid, *, label_cells: bool, scale: Grid | None = None) -> None:
        self.grid = grid
        self._label_cells = label_cells
        self._scale = grid if scale is None else scale
        self.redraw()
        rows, columns = grid.shape if grid.size else (1, 1)
        self.view.setRange(QRectF(0, 0, columns, rows), padding=0)

    def redraw(self) -> None:
        for label in self.labels:
            self.item.removeItem(label)
        self.labels = []
        if not self.grid.size:
            self.image.clear()
            return
        top = float(np.nanmax(self._scale)) if np.isfinite(self._scale).any() else 0.0
        self.image.setImage(np.nan_to_num(self._scale), levels=(0.0, max(top, 1.0)))
        self.image.setColorMap(self.colors.heat())
        self.image.setRect(QRectF(0, 0, self.grid.shape[1], self.grid.shape[0]))
        if not self._label_cells:
            return
        for (row, column), value in np.ndenumerate(self.grid):
            fraction = float(self._scale[row, column]) / top if top else 0.0
            if math.isnan(fraction):
                fraction = 0.0
            label = pg.TextItem(
                f"{int(value):,}", color=self.colors.text_on(fraction), anchor=(0.5, 0.5)
            )
            label.setFont(self._cell_font)
            label.setPos(column + 0.5, row + 0.5)
            self.item.addItem(label)
            self.labels.append(label)

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        row, column = math.floor(point.y()), math.floor(point.x())
        if self.grid.size and 0 <= row < self.grid.shape[0] and 0 <= column < self.grid.shape[1]:
            return row, column
        return None


class WeekHoursChart(HeatGrid):
    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "When people are active",
            "Activities by weekday and hour on your clock: post when the cells are darkest.",
            parent,
        )
        self.set_left_labels([d[:3] for d in WEEKDAYS], 0.5)
        hours = [(h + 0.5, f"{h:02d}") for h in range(0, 24, 3)]
        self.item.getAxis("bottom").setTicks([hours])
        self.week: WeekHours | None = None

    def show_week(self, week: WeekHours) -> None:
        self.week = week
        self.set_grid(np.array(week.counts, dtype=np.float64), label_cells=False)
        busiest = week.busiest()
        if busiest[2]:
            day, hour, count = busiest
            self.set_caption(
                f"Activities by weekday and hour on your clock. Busiest: {WEEKDAYS[day]}s "
                f"{hour:02d}:00–{(hour + 1) % 24:02d}:00 ({count:,})."
            )

    def tooltip_at(self, point: QPointF) -> str:
        cell = self.cell_at(point)
        if cell is None:
            return ""
        day, hour = cell
        count = int(self.grid[day, hour])
        noun = "activity" if count == 1 else "activities"
        return f"{WEEKDAYS[day]} {hour:02d}:00–{(hour + 1) % 24:02d}:00\n{count:,} {noun}"

    def table(self) -> Table:
        rows = tuple(
            (WEEKDAYS[d], h, int(self.grid[d, h]))
            for d in range(self.grid.shape[0])
            for h in range(self.grid.shape[1])
        )
        return Table(("weekday", "hour", "activities"), rows)


class OverlapChart(HeatGrid):
    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "Community overlap",
            "Current members two communities share (a community's own size on the diagonal). "
            "Click a cell to see the people who are members of both.",
            parent,
        )
        self.matrix: OverlapMatrix | None = None
        self.role: StakeholderRole | None = None

    def show_matrix(self, matrix: OverlapMatrix, role: StakeholderRole | None = None) -> None:
        """Show the matrix, counted among the holders of ``role`` if one is given (a click
        then narrows to them too)."""
        self.matrix = matrix
        self.role = role
        grid = np.array(matrix.shared, dtype=np.float64).reshape(len(matrix.ids), len(matrix.ids))
        scale = grid.copy()
        np.fill_diagonal(scale, np.nan)  # the sizes would drown the overlaps
        self.set_grid(grid, label_cells=True, scale=scale)
        names = [f"{name} ({n + 1})" for n, name in enumerate(matrix.names)]
        self.set_left_labels(names, 0.5)
        self.plot.setMinimumHeight(max(260, 30 * len(names) + 60))
        numbers = [(n + 0.5, str(n + 1)) for n in range(len(matrix.ids))]
        self.item.getAxis("bottom").setTicks([numbers])

    def tooltip_at(self, point: QPointF) -> str:
        cell = self.cell_at(point)
        if cell is None or self.matrix is None:
            return ""
        row, column = cell
        names = self.matrix.names
        shared = int(self.grid[row, column])
        if row == column:
            return f"{names[row]}\n{shared:,} current members"
        return f"{names[row]} & {names[column]}\n{shared:,} members in both"

    def target_at(self, point: QPointF) -> PeopleFilter | None:
        cell = self.cell_at(point)
        if cell is None or self.matrix is None:
            return None
        row, column = cell
        ids = self.matrix.ids
        shared = (ids[row],) if row == column else (ids[row], ids[column])
        return PeopleFilter(role=self.role, members_of=shared)

    def table(self) -> Table:
        if self.matrix is None:
            return Table((), ())
        names = self.matrix.names
        rows = tuple((names[i], *self.matrix.shared[i]) for i in range(len(names)))
        return Table(("community", *names), rows)
