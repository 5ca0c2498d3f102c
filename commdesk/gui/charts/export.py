"""A chart to PNG, SVG and CSV.

SVG is drawn with Qt's own QSvgGenerator: pyqtgraph 0.14's SVGExporter crashes under
PySide6 6.12 (pyqtgraph issue #3485).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QRect, QRectF
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsView, QWidget

from commdesk.errors import CommDeskError


class ExportError(CommDeskError):
    """A chart could not be written where the user asked."""


def write_png(widget: QWidget, path: Path) -> None:
    image = widget.grab()
    if image.isNull() or not image.save(str(path), "PNG"):
        raise ExportError(f"Could not write the picture to {path}")


def write_svg(widget: QGraphicsView, path: Path, title: str) -> None:
    """Draw the plot's scene as vectors (what the view shows, at its size)."""
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    generator.setDescription(f"{title}, drawn by CommDesk")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExportError(f"Could not write the drawing to {path}")
    try:
        widget.render(painter, QRectF(widget.rect()), widget.viewport().rect())
    finally:
        painter.end()
    if not path.exists():
        raise ExportError(f"Could not write the drawing to {path}")


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    try:
        with path.open("w", newline="", encoding="utf-8") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            writer.writerows(rows)
    except OSError as error:
        raise ExportError(f"Could not write the data to {path}: {error.strerror}") from error
