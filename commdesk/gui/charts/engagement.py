"""Engagement over time: activities per day, week or month, stacked by platform or role, on a
date axis that zooms and pans (wheel, drag). Big series stay fast: curves are clipped to the
view and downsampled (keeping peaks) to the pixels they fill."""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
import numpy.typing as npt
import pyqtgraph as pg
from PySide6.QtCore import QPointF

from commdesk.domain.enums import StakeholderRole
from commdesk.gui.charts.base import Chart, PeopleFilter, Table
from commdesk.services.dashboard.activity import EngagementSeries
from commdesk.services.dashboard.query import Bucket, DashboardQuery, Split

DAY = 86400.0
BUCKET_WORDS = {Bucket.DAY: "Day", Bucket.WEEK: "Week of", Bucket.MONTH: ""}

Array = npt.NDArray[np.float64]


def epoch_seconds(day: date) -> float:
    return datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()


def configure_curve(curve: pg.PlotDataItem) -> None:
    """What keeps a million points fast: draw only what is in view, at most a few points a
    pixel (the peaks kept), and let pyqtgraph pick the factor as the view zooms. Call it once
    the curve is in its plot."""
    curve.setClipToView(True)
    curve.setDownsampling(auto=True, method="peak")
    curve.setSkipFiniteCheck(True)


class EngagementChart(Chart):
    def __init__(self, parent: pg.QtWidgets.QWidget | None = None) -> None:
        super().__init__(
            "Engagement over time",
            "Activities logged, stacked. Scroll to zoom, drag to pan; click a band to see its people.",
            parent,
        )
        # The dates are stored as UTC midnights of local days: show them as they are.
        self.item.setAxisItems({"bottom": pg.DateAxisItem(utcOffset=0)})
        self.item.showGrid(x=False, y=True, alpha=0.25)
        self.view.setMouseEnabled(x=True, y=False)
        self.view.setLimits(yMin=0)
        self.series: EngagementSeries | None = None
        self.query: DashboardQuery | None = None
        self.xs: Array = np.zeros(0)
        self.labels: list[str] = []
        self.keys: list[str] = []
        self.values: list[Array] = []  # each series' own counts
        self.stacked: list[Array] = []  # running sums: the top edge of each band
        self.curves: list[pg.PlotDataItem] = []
        self._style: tuple[object, ...] = ()
        self._style_axes()

    def show_series(self, series: EngagementSeries, query: DashboardQuery | None = None) -> None:
        self.series = series
        self.query = query
        x = np.array([epoch_seconds(d) for d in series.starts], dtype=np.float64)
        values = [np.asarray(v, dtype=np.float64) for _k, v in series.series]
        self.keys = [k for k, _v in series.series]
        self.set_arrays(x, [series.label(k) for k in self.keys], values)

    def set_arrays(self, x: Array, labels: list[str], values: list[Array]) -> None:
        """Draw ``values`` (one array per series, as long as ``x``) stacked over ``x``."""
        self.xs = x
        self.labels = labels
        self.values = values
        # Running sums, one array at a time (no copy at all for a single series).
        self.stacked = []
        for n, series in enumerate(values):
            self.stacked.append(series if n == 0 else self.stacked[-1] + series)
        self.redraw()
        if len(x):
            self.view.setLimits(xMin=float(x[0]) - DAY, xMax=float(x[-1]) + 2 * DAY)
            self.view.autoRange(padding=0.02)

    def redraw(self) -> None:
        # Curves are kept and given new data: a new curve would draw its million points once
        # before clipping and downsampling apply.
        while len(self.curves) > len(self.stacked):
            self.item.removeItem(self.curves.pop())
        while len(self.curves) < len(self.stacked):
            curve = pg.PlotDataItem(fillLevel=0.0)
            self.item.addItem(curve)  # first: clipping needs the view the curve is in
            configure_curve(curve)
            self.curves.append(curve)
        style = (self.colors, len(self.curves))
        for n, curve in enumerate(self.curves):
            if style != self._style:  # restyling redraws: only when the colours changed
                # The top band lowest in z, each lower one over it: every band fills to zero.
                curve.setZValue(len(self.curves) - n)
                curve.setPen(pg.mkPen(self.colors.series(n), width=1.5))
                curve.setFillBrush(pg.mkBrush(self.colors.fill(n)))
            curve.setData(self.xs, self.stacked[n])
        self._style = style
        key = list(enumerate(self.labels))
        if key != self._key:  # the colours of the key follow the palette in changeEvent
            self.set_key(key)

    def _index(self, x: float) -> int | None:
        if not len(self.xs):
            return None
        n = int(np.searchsorted(self.xs, x + DAY / 2))  # the bucket started at or before x
        n = max(n - 1, 0)
        if x < self.xs[0] - DAY or x > self.xs[-1] + self._step():
            return None
        return n

    def _step(self) -> float:
        return float(self.xs[1] - self.xs[0]) if len(self.xs) > 1 else DAY

    def bucket_text(self, n: int) -> str:
        day = datetime.fromtimestamp(float(self.xs[n]), UTC).date()
        bucket = self.series.bucket if self.series else Bucket.DAY
        if bucket is Bucket.MONTH:
            return day.strftime("%B %Y")
        return f"{BUCKET_WORDS[bucket]} {day.day} {day.strftime('%b %Y')}"

    def tooltip_at(self, point: QPointF) -> str:
        n = self._index(point.x())
        if n is None:
            return ""
        lines = [self.bucket_text(n)]
        for label, values in zip(self.labels, self.values, strict=True):
            lines.append(f"{label}: {int(values[n]):,}")
        if len(self.values) > 1:
            lines.append(f"Total: {int(self.stacked[-1][n]):,}")
        return "\n".join(lines)

    def band_at(self, point: QPointF) -> int | None:
        """The series whose band is under the point."""
        n = self._index(point.x())
        if n is None or point.y() < 0:
            return None
        for band, top in enumerate(self.stacked):
            if point.y() <= top[n]:
                return band
        return None

    def target_at(self, point: QPointF) -> PeopleFilter | None:
        band = self.band_at(point)
        query = self.query
        if band is None or self.series is None:
            return None
        role = query.role if query else None
        if self.series.split is Split.ROLE:
            role = StakeholderRole(self.keys[band])
        community = query.community_id if query else None
        if role is None and community is None:
            return None  # everyone: nothing to narrow to
        return PeopleFilter(role=role, community_id=community)

    def table(self) -> Table:
        rows = []
        for n in range(len(self.xs)):
            day = datetime.fromtimestamp(float(self.xs[n]), UTC).date().isoformat()
            rows.append((day, *(int(v[n]) for v in self.values)))
        return Table(("bucket_start", *self.labels), tuple(rows))
