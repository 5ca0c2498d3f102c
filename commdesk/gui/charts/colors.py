"""The charts' colours, read from the application palette so light and dark both read well."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette

# A qualitative set readable on light and dark backgrounds (Okabe-Ito, colour-blind safe),
# then a few more for the platforms beyond seven.
SERIES = (
    "#0072B2",
    "#E69F00",
    "#009E73",
    "#CC79A7",
    "#56B4E9",
    "#D55E00",
    "#F0E442",
    "#8C6D31",
    "#7F7F7F",
    "#17BECF",
    "#9467BD",
)


@dataclass(frozen=True)
class ChartColors:
    dark: bool
    background: QColor
    text: QColor
    grid: QColor
    accent: QColor

    def series(self, n: int) -> QColor:
        return QColor(SERIES[n % len(SERIES)])

    def fill(self, n: int) -> QColor:
        """The series colour softened towards the background, but opaque: stacked bands
        must not show each other through."""
        color, base = self.series(n), self.background
        keep = 0.7 if self.dark else 0.6
        return QColor(
            round(keep * color.red() + (1 - keep) * base.red()),
            round(keep * color.green() + (1 - keep) * base.green()),
            round(keep * color.blue() + (1 - keep) * base.blue()),
        )

    def heat(self) -> pg.ColorMap:
        """From the background (nothing) to the accent colour (the most)."""
        low = self.background
        high = self.accent
        stops = np.array([0.0, 1.0])
        colors = np.array(
            [
                [low.red(), low.green(), low.blue(), 255],
                [high.red(), high.green(), high.blue(), 255],
            ],
            dtype=np.ubyte,
        )
        return pg.ColorMap(stops, colors)

    def text_on(self, fraction: float) -> QColor:
        """Readable text over a heat cell ``fraction`` of the way to the accent colour."""
        if self.dark:
            return QColor("#ffffff")
        return QColor("#ffffff") if fraction > 0.55 else self.text


def colors_of(palette: QPalette) -> ChartColors:
    base = palette.color(QPalette.ColorRole.Base)
    dark = base.lightness() < 128
    grid = QColor(palette.color(QPalette.ColorRole.Text))
    grid.setAlpha(40)
    accent = QColor("#5aa9e6") if dark else QColor("#1f5fa8")
    return ChartColors(
        dark=dark,
        background=base,
        text=palette.color(QPalette.ColorRole.Text),
        grid=grid,
        accent=accent,
    )
