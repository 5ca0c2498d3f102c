"""chart-render: a million points on the engagement chart, then a repaint.

app   = ``EngagementChart.set_arrays`` with 1M hourly points (a year and more of hours, one
        series), then a synchronous repaint of the plot at 1000 x 400.
limit = bare pyqtgraph drawing the same arrays the same way: a PlotWidget with a date axis
        and the same grid, one filled curve with clip-to-view and automatic peak
        downsampling, ``setData``, ``autoRange`` and a repaint at the same size.
Alternating rounds, the best of each. Target: ratio <= 1.5.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

from benchmarks.workloads import Options, Result, Target, Workload
from benchmarks.workloads.people_open import application, best_rounds
from commdesk.gui.charts.engagement import EngagementChart, configure_curve

POINTS = 1_000_000
ROUNDS = 9
SIZE = (1000, 400)


def arrays(seed: int = 7) -> tuple[np.ndarray, np.ndarray]:
    """Hourly counts from 2020 on: a noisy daily rhythm, never negative."""
    rng = np.random.default_rng(seed)
    x = 1_577_836_800.0 + 3600.0 * np.arange(POINTS, dtype=np.float64)
    hours = np.arange(POINTS) % 24
    y = np.maximum(0.0, 20 + 15 * np.sin(hours / 24 * 2 * np.pi) + rng.normal(0, 5, POINTS))
    return x, y


def shown(widget: QWidget) -> QWidget:
    widget.resize(*SIZE)
    widget.show()
    application().processEvents()
    return widget


def run(options: Options) -> Result:
    app = application()
    app_time, limit = _measure(app)
    app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return Result(app=app_time, limit=limit, target=Target("ratio", 1.5))


def _measure(app: QApplication) -> tuple[float, float]:
    x, y = arrays()
    chart = EngagementChart()
    shown(chart)
    bare = pg.PlotWidget(axisItems={"bottom": pg.DateAxisItem(utcOffset=0)})
    shown(bare)
    curve = bare.plot(pen=pg.mkPen("#0072B2", width=1.5), fillLevel=0.0, brush="#0072B278")
    configure_curve(curve)
    bare.getPlotItem().showGrid(x=False, y=True, alpha=0.25)  # as the chart draws it
    view = bare.getPlotItem().getViewBox()

    def with_chart() -> float:
        chart.set_arrays(x[:2], ["Activities"], [y[:2]])
        app.processEvents()
        start = time.perf_counter()
        chart.set_arrays(x, ["Activities"], [y])
        chart.plot.viewport().repaint()
        elapsed = time.perf_counter() - start
        assert len(chart.curves) == 1 and len(chart.curves[0].getOriginalDataset()[0]) == POINTS
        return elapsed

    def with_bare() -> float:
        curve.setData(x[:2], y[:2])  # as the chart starts: two points, in view
        view.autoRange(padding=0.02)
        app.processEvents()
        start = time.perf_counter()
        curve.setData(x, y)
        view.autoRange(padding=0.02)
        bare.viewport().repaint()
        return time.perf_counter() - start

    try:
        app_time, limit = best_rounds(with_chart, with_bare, rounds=ROUNDS)
    finally:
        for widget in (chart, bare):
            widget.close()
            widget.deleteLater()
    return app_time, limit


WORKLOAD = Workload(
    "chart-render", "1M points on the engagement chart and a repaint vs bare pyqtgraph", run
)
