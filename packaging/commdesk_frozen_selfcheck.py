"""The packaged app's self-check: ``COMMDESK_FROZEN_SELFCHECK=1 dist/commdesk/commdesk``.

PyInstaller follows imports; what it cannot see must be collected by hand in
build_installer.spec, and this module checks that each of those things works inside the
bundle: every CommDesk module imports, the Alembic scripts are files on disk, keyring finds its
backends through entry points, the Qt plugins we keep load, pyqtgraph draws and exports,
the main window opens.
Prints one line per check and exits 1 if any failed. Runs offscreen unless QT_QPA_PLATFORM is set.
COMMDESK_SELFCHECK_KEYRING=1 also stores, reads and deletes a secret in the keyring in use.
"""

from __future__ import annotations

import importlib
import os
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path

Check = Callable[[], str]

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16">'
    '<rect width="16" height="16" fill="#3a7"/></svg>'
)


def commdesk_modules() -> list[str]:
    """The modules the spec bundled (its manifest); from the source tree when not frozen."""
    if getattr(sys, "frozen", False):
        manifest = Path(sys._MEIPASS, "commdesk_modules.txt")  # type: ignore[attr-defined]
        return manifest.read_text(encoding="utf-8").split()
    import commdesk

    root = Path(commdesk.__file__).parent.parent
    names = []
    for path in sorted((root / "commdesk").rglob("*.py")):
        parts = path.relative_to(root).with_suffix("").parts
        if "__pycache__" in parts or parts[:3] == ("commdesk", "store", "migrations"):
            continue  # Alembic runs these from files (see check_migrations)
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "commdesk.__main__":  # runs the command line when imported
            names.append(name)
    return names


def check_commdesk_modules() -> str:
    names = commdesk_modules()
    failed = []
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:  # report them all, not just the first
            failed.append(f"{name} ({type(exc).__name__}: {exc})")
    if failed:
        raise AssertionError("cannot import " + "; ".join(failed))
    if len(names) < 10:
        raise AssertionError(f"only {len(names)} modules found: {names}")
    return f"all {len(names)} modules import"


def check_migrations() -> str:
    from commdesk.store import migrate

    folder = migrate.migrations_dir()
    for needed in ("env.py", "script.py.mako", "versions"):
        if not (folder / needed).exists():
            raise AssertionError(f"{folder / needed} is missing")
    scripts = sorted(p.name for p in (folder / "versions").glob("*.py") if p.name != "__init__.py")
    if not scripts:
        raise AssertionError(f"no migration scripts in {folder / 'versions'}")
    return f"{len(scripts)} scripts in {folder}, head {migrate.head_revision()}"


def check_keyring() -> str:
    from importlib.metadata import entry_points

    import keyring

    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    for name in ("SecretService", "chainer"):
        if name not in found:
            raise AssertionError(f"keyring backend {name!r} not among entry points {sorted(found)}")
        found[name].load()
    for module in ("keyring.backends.fail", "keyring.backends.kwallet", "secretstorage"):
        importlib.import_module(module)
    importlib.import_module("jeepney.io.blocking")
    backend = keyring.get_keyring()
    detail = f"entry points {sorted(found)}; in use here: {backend.name}"
    if os.environ.get("COMMDESK_SELFCHECK_KEYRING") == "1":
        # Only where asked (a throwaway keyring in CI): store, read back and delete a secret.
        service, user = "commdesk-selfcheck", f"probe-{os.getpid()}"
        keyring.set_password(service, user, "s3cret")
        try:
            if keyring.get_password(service, user) != "s3cret":
                raise AssertionError(f"{backend.name} did not give the secret back")
        finally:
            keyring.delete_password(service, user)
        detail += " (secret stored, read and deleted)"
    return detail


def check_qt() -> str:
    try:
        from PySide6 import QtCore, QtGui, QtWidgets
    except ImportError:
        return "skipped: PySide6 is not in this build"
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([sys.argv[0]])
    formats = {bytes(f).decode() for f in QtGui.QImageReader.supportedImageFormats()}
    missing = {"svg", "png", "jpg", "ico"} - formats
    if missing:
        raise AssertionError(f"image formats {sorted(missing)} missing (have {sorted(formats)})")
    with tempfile.TemporaryDirectory() as tmp:
        icon_file = Path(tmp, "icon.svg")
        icon_file.write_text(SVG, encoding="utf-8")
        if QtGui.QIcon(str(icon_file)).pixmap(32, 32).isNull():
            raise AssertionError("an SVG icon does not render (iconengines/qsvgicon missing?)")
    plugins = Path(QtCore.QLibraryInfo.path(QtCore.QLibraryInfo.LibraryPath.PluginsPath))
    if sys.platform.startswith("linux"):
        for plugin in ("libqoffscreen", "libqxcb", "libqwayland"):
            if not list((plugins / "platforms").glob(plugin + ".*")):
                raise AssertionError(f"platform plugin {plugin} missing from {plugins}")
    return f"platform {app.platformName()}, plugins in {plugins}"


def check_pyqtgraph() -> str:
    try:
        import pyqtgraph
        import pyqtgraph.exporters
    except ImportError as exc:
        if exc.name in ("PySide6", "pyqtgraph"):
            return "skipped: pyqtgraph is not in this build"
        raise
    from PySide6 import QtCore, QtGui, QtSvg, QtWidgets

    _app = QtWidgets.QApplication.instance() or QtWidgets.QApplication([sys.argv[0]])
    plot = pyqtgraph.PlotWidget()
    plot.plot([1, 3, 2, 5], [2, 1, 4, 3])
    plot.resize(320, 200)
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp, "chart.png")
        pyqtgraph.exporters.ImageExporter(plot.plotItem).export(str(png))
        if not png.exists() or png.stat().st_size == 0:
            raise AssertionError("ImageExporter wrote nothing")
        # QtSvg as a chart's SVG export uses it. (pyqtgraph 0.14's own SVGExporter fails on
        # the paths Qt 6.12 writes, frozen or not: pyqtgraph issue #3485.)
        svg = Path(tmp, "chart.svg")
        generator = QtSvg.QSvgGenerator()
        generator.setFileName(str(svg))
        generator.setSize(QtCore.QSize(320, 200))
        painter = QtGui.QPainter(generator)
        plot.render(painter)
        painter.end()
        if not svg.exists() or b"<svg" not in svg.read_bytes():
            raise AssertionError("QSvgGenerator wrote no SVG")
    return f"pyqtgraph {pyqtgraph.__version__} plots; PNG export and QtSvg work"


def check_window() -> str:
    """The main window on a new database, as commdesk.gui.app.run opens it, each section
    shown in turn; settings go to a throwaway file."""
    try:
        from commdesk.gui import app as gui_app
    except ImportError as exc:
        if exc.name in ("PySide6", "commdesk.gui.app"):
            return "skipped: no desktop window in this build"
        raise
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from commdesk.gui.mainwindow import MainWindow
    from commdesk.gui.sections import Section
    from commdesk.store import Store

    application = gui_app.create_application([sys.argv[0]])
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp, "window.sqlite"))
        try:
            settings = QSettings(str(Path(tmp, "settings.ini")), QSettings.Format.IniFormat)
            window = MainWindow(store, settings=settings)
            window.show()
            for section in Section:
                window.show_section(section)
                QApplication.processEvents()
            seen: list[bool] = []

            def look_and_quit() -> None:
                seen.append(window.isVisible())  # before quit(), which closes every window
                application.quit()

            QTimer.singleShot(1000, look_and_quit)
            application.exec()
            shown, title = seen == [True], window.windowTitle()
            window.close()
            window.deleteLater()
            QApplication.processEvents()
        finally:
            store.close()
    if not shown:
        raise AssertionError("the main window was not visible")
    return f"{title!r} shown with its {len(Section)} sections, then closed"


CHECKS: list[tuple[str, Check]] = [
    ("commdesk modules", check_commdesk_modules),
    ("migrations", check_migrations),
    ("keyring", check_keyring),
    ("qt", check_qt),
    ("pyqtgraph", check_pyqtgraph),
    ("window", check_window),
]


def run_selfcheck() -> int:
    passed = failed = 0
    for title, check in CHECKS:
        try:
            detail = check()
        except Exception:
            failed += 1
            print(f"FAIL {title}:\n{traceback.format_exc()}", flush=True)
        else:
            passed += 1
            print(f"ok   {title}: {detail}", flush=True)
    print(f"selfcheck: {passed} passed, {failed} failed", flush=True)
    return 1 if failed else 0
