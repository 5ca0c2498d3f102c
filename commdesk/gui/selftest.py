"""The desktop's part of ``commdesk --self-test`` (see :mod:`commdesk.selftest`): the Qt
plugins we keep load, pyqtgraph draws and exports, and the main window opens offscreen on
the demo database and shows every section."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from commdesk.selftest import Check, demo_database

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    '<rect width="16" height="16" fill="#3a7"/></svg>'
)


def _application() -> object:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from commdesk.gui.app import create_application

    return create_application([sys.argv[0]])


def check_qt(scratch: Path) -> str:
    from PySide6 import QtCore, QtGui, QtWidgets

    _application()
    app = QtWidgets.QApplication.instance()
    assert isinstance(app, QtWidgets.QApplication)
    formats = {bytes(f.data()).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    missing = {"svg", "png", "jpg", "ico"} - formats
    if missing:
        raise AssertionError(f"image formats {sorted(missing)} missing (have {sorted(formats)})")
    icon_file = scratch / "icon.svg"
    icon_file.write_text(SVG, encoding="utf-8")
    if QtGui.QIcon(str(icon_file)).pixmap(32, 32).isNull():
        raise AssertionError("an SVG icon does not render (iconengines/qsvgicon missing?)")
    if QtGui.QIcon(":/icons/people.svg").pixmap(32, 32).isNull():
        raise AssertionError("the compiled resources (icons) are missing")
    # ICU (slimmed in the frozen app to root and English data) still collates and maps case.
    collator = QtCore.QCollator(QtCore.QLocale("en_GB"))
    names = sorted(["zebra", "Émile", "eve", "Aaron"], key=collator.sortKey)
    if names != ["Aaron", "Émile", "eve", "zebra"]:
        raise AssertionError(f"ICU collation sorted {names}")
    if QtCore.QLocale("tr_TR").toUpper("istanbul") != "İSTANBUL":
        raise AssertionError("ICU case mapping does not know Turkish")
    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    if getattr(sys, "frozen", False) and sys.platform.startswith("linux"):
        for plugin in ("libqoffscreen", "libqxcb", "libqwayland"):
            if not list((plugins / "platforms").glob(plugin + ".*")):
                raise AssertionError(f"platform plugin {plugin} missing from {plugins}")
    return (
        f"Qt {QtCore.qVersion()}, platform {app.platformName()}, SVG icons, resources, "
        "ICU collation"
    )


def check_charts(scratch: Path) -> str:
    import pyqtgraph
    import pyqtgraph.exporters
    from PySide6 import QtCore, QtGui, QtSvg

    _application()
    plot = pyqtgraph.PlotWidget()
    plot.plot([1, 3, 2, 5], [2, 1, 4, 3])
    plot.resize(320, 200)
    png = scratch / "chart.png"
    pyqtgraph.exporters.ImageExporter(plot.plotItem).export(str(png))
    if QtGui.QImage(str(png)).isNull():
        raise AssertionError("the PNG export is not an image")
    svg = scratch / "chart.svg"
    generator = QtSvg.QSvgGenerator()
    generator.setFileName(str(svg))
    generator.setSize(QtCore.QSize(320, 200))
    painter = QtGui.QPainter(generator)
    plot.render(painter)
    painter.end()
    if b"<svg" not in svg.read_bytes():
        raise AssertionError("QSvgGenerator wrote no SVG")
    plot.deleteLater()
    return f"pyqtgraph {pyqtgraph.__version__} plots, exports PNG and SVG"


def check_window(scratch: Path) -> str:
    """The main window on (a copy of) the demo database, every section shown in turn."""
    import shutil

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from commdesk.gui.mainwindow import MainWindow
    from commdesk.gui.sections import Section
    from commdesk.store import Store

    _application()
    path = scratch / "window.sqlite"
    shutil.copyfile(demo_database(scratch), path)
    store = Store.open(path)
    try:
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(store, settings=settings)
        window.show()
        visited = []
        for section in Section:
            window.show_section(section)
            QApplication.processEvents()
            page = window.page(section)
            if not page.isVisible():
                raise AssertionError(f"the {section.title} section did not show")
            visited.append(section.title)
        title = window.windowTitle()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
    finally:
        store.close()
    return f"{title!r}: {', '.join(visited)}"


CHECKS: list[Check] = [
    ("qt", check_qt),
    ("charts", check_charts),
    ("window", check_window),
]
