"""What every chart shares: a title, a pyqtgraph plot, hover tooltips, click-through to the
people behind a bar or cell, export to PNG / SVG / CSV, and colours that follow the palette.

A chart shows plain values (from :mod:`commdesk.services.dashboard`); subclasses draw them in
:meth:`Chart.redraw`, say what is under a point in :meth:`Chart.tooltip_at`, whom a click
there is about in :meth:`Chart.target_at`, and give their data as rows in :meth:`Chart.table`.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCursor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from commdesk.domain.enums import StakeholderRole
from commdesk.gui.charts import export
from commdesk.gui.charts.colors import ChartColors, colors_of

MAX_LABEL_WIDTH = 220  # pixels of a row's name on the left axis


@dataclass(frozen=True)
class PeopleFilter:
    """The people behind a bar or cell, as the People page's filters narrow them."""

    role: StakeholderRole | None = None
    community_id: int | None = None
    # Current members of every one of these communities (an overlap cell: two; its diagonal: one)
    members_of: tuple[int, ...] = ()
    person_id: int | None = None  # one person: open them rather than a list


@dataclass(frozen=True)
class Table:
    """A chart's data as a CSV file holds it."""

    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


class Chart(QWidget):
    """A titled pyqtgraph plot with tooltips, click-through and export."""

    peopleRequested = Signal(object)  # a PeopleFilter

    def __init__(self, title: str, caption: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.setObjectName(title.lower().replace(" ", "_") + "_chart")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        self.title_label = QLabel(title, self)
        self.title_label.setProperty("role", "subheading")
        head.addWidget(self.title_label, 1)
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setToolTip(f"Save “{title}” as a picture or its data as CSV")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.export_button)
        for text, kind in (
            ("Picture (PNG)…", "png"),
            ("Drawing (SVG)…", "svg"),
            ("Data (CSV)…", "csv"),
        ):
            action = QAction(text, menu)
            action.triggered.connect(lambda _checked=False, k=kind: self.ask_export(k))
            menu.addAction(action)
        self.export_button.setMenu(menu)
        head.addWidget(self.export_button)
        layout.addLayout(head)
        self.caption_label = QLabel(caption, self)
        self.caption_label.setWordWrap(True)
        self.caption_label.setProperty("role", "caption")
        self.caption_label.setVisible(bool(caption))
        layout.addWidget(self.caption_label)
        self.plot = pg.PlotWidget(self, background=None)
        self.plot.setMinimumHeight(220)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.plot.setAccessibleName(title)
        self.item = self.plot.getPlotItem()
        self.item.hideButtons()
        self.item.setMenuEnabled(False)
        self.view = self.item.getViewBox()
        layout.addWidget(self.plot, 1)
        # The key sits under the plot, never over the data (pyqtgraph's legend would).
        self.key_label = QLabel(self)
        self.key_label.setWordWrap(True)
        self.key_label.setTextFormat(Qt.TextFormat.RichText)
        self.key_label.hide()
        layout.addWidget(self.key_label)
        self._key: list[tuple[int, str]] = []
        self.hover_text = ""
        self.colors: ChartColors = colors_of(self.palette())
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        self.plot.scene().sigMouseClicked.connect(self._mouse_clicked)
        self._style_axes()

    # --- for subclasses --------------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the data again (new data, or new colours)."""

    def tooltip_at(self, point: QPointF) -> str:
        """What the tooltip says at ``point`` (in data coordinates); empty for none."""
        return ""

    def target_at(self, point: QPointF) -> PeopleFilter | None:
        """Whom a click at ``point`` (data coordinates) is about; None when nobody."""
        return None

    def table(self) -> Table:
        return Table((), ())

    # --- shared behaviour ------------------------------------------------------------------

    def set_key(self, entries: Sequence[tuple[int, str]]) -> None:
        """Name the colours: (index of the series colour, label) in order."""
        self._key = list(entries)
        self._show_key()

    def _show_key(self) -> None:
        parts = [
            f'<span style="color:{self.colors.series(n).name()}">&#9632;</span>&nbsp;{html.escape(label)}'
            for n, label in self._key
        ]
        self.key_label.setText(" &nbsp; ".join(parts))
        self.key_label.setVisible(len(parts) > 1)

    def set_left_labels(self, labels: Sequence[str], shift: float = 0.0) -> None:
        """Name the rows on the left axis (row n at ``n + shift``), long names elided so the
        plot keeps its room; the tooltips give them whole."""
        metrics = self.plot.fontMetrics()
        shown = [
            metrics.elidedText(t, Qt.TextElideMode.ElideRight, MAX_LABEL_WIDTH) for t in labels
        ]
        widest = max((metrics.horizontalAdvance(t) for t in shown), default=0)
        axis = self.item.getAxis("left")
        axis.setWidth(widest + 14)
        axis.setTicks(axis_ticks(shown, shift))

    def set_caption(self, text: str) -> None:
        self.caption_label.setText(text)
        self.caption_label.setVisible(bool(text))

    def hover(self, point: QPointF) -> str:
        """Show the tooltip for a data point (what moving the mouse there does)."""
        self.hover_text = self.tooltip_at(point)
        if self.hover_text:
            QToolTip.showText(QCursor.pos(), self.hover_text, self.plot)
        else:
            QToolTip.hideText()
        return self.hover_text

    def click(self, point: QPointF) -> PeopleFilter | None:
        """Open the people behind a data point (what clicking there does)."""
        target = self.target_at(point)
        if target is not None:
            self.peopleRequested.emit(target)
        return target

    def scene_point(self, point: QPointF) -> QPointF:
        """Where a data point is in the plot's scene (for tests and the keyboard)."""
        scene: QPointF = self.view.mapViewToScene(point)
        return scene

    @Slot(object)
    def _mouse_moved(self, scene_pos: QPointF) -> None:
        if not self.view.sceneBoundingRect().contains(scene_pos):
            self.hover_text = ""
            return
        self.hover(self.view.mapSceneToView(scene_pos))

    @Slot(object)
    def _mouse_clicked(self, event: object) -> None:
        button = getattr(event, "button", lambda: None)()
        if button != Qt.MouseButton.LeftButton:
            return
        scene_pos = event.scenePos()  # type: ignore[attr-defined]
        if self.view.sceneBoundingRect().contains(scene_pos):
            self.click(self.view.mapSceneToView(scene_pos))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self.colors = colors_of(self.palette())
            self._style_axes()
            self._show_key()
            self.redraw()

    def _style_axes(self) -> None:
        pen = pg.mkPen(self.colors.text)
        for name in ("left", "bottom"):
            axis = self.item.getAxis(name)
            axis.setPen(pg.mkPen(self.colors.grid))
            axis.setTextPen(pen)

    # --- export ----------------------------------------------------------------------------

    def export_png(self, path: Path) -> None:
        export.write_png(self.plot, path)

    def export_svg(self, path: Path) -> None:
        export.write_svg(self.plot, path, self.title)

    def export_csv(self, path: Path) -> None:
        table = self.table()
        export.write_csv(path, table.header, table.rows)

    def ask_export(self, kind: str) -> None:
        filters = {
            "png": "PNG pictures (*.png)",
            "svg": "SVG drawings (*.svg)",
            "csv": "CSV (*.csv)",
        }
        suggested = f"{self.title}.{kind}"
        name, _chosen = QFileDialog.getSaveFileName(
            self, f"Export {self.title}", suggested, filters[kind]
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(path.name + f".{kind}")
        try:
            {"png": self.export_png, "svg": self.export_svg, "csv": self.export_csv}[kind](path)
        except export.ExportError as error:
            QMessageBox.warning(self, "Export", str(error))


def axis_ticks(labels: Sequence[str], shift: float = 0.0) -> list[list[tuple[float, str]]]:
    """Ticks for an axis that counts categories 0, 1, 2... (at their middle, ``shift`` on)."""
    return [[(n + shift, text) for n, text in enumerate(labels)]]
