"""build_installer.spec, read the way PyInstaller reads it, without building anything.

The spec runs with PyInstaller's building blocks (Analysis, EXE, COLLECT ...) replaced by
recorders, so these tests see what it would hand PyInstaller: hidden imports, data files,
exclusions, the Qt files it drops, and the build mode chosen from the environment. The real
build, and the checks inside the built app, are .ci/package.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import runpy
import sys
import types
from pathlib import Path
from typing import Any

import pytest

# Found, not imported: importing PyInstaller configures the root logger (see run_spec).
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None,
    reason="PyInstaller is not installed (pip install pyinstaller)",
)

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build_installer.spec"
MIGRATIONS = ROOT / "commdesk" / "store" / "migrations"
QT = Path(importlib.util.find_spec("PySide6").origin).parent / "Qt"  # type: ignore[arg-type, union-attr]

# (destination, file) pairs as PyInstaller's Qt hooks collect them on Linux.
QT_FILES = {
    "plugins/platforms/libqxcb.so": "keep",
    "plugins/platforms/libqoffscreen.so": "keep",
    "plugins/platforms/libqwayland.so": "keep",
    "plugins/platforms/libqeglfs.so": "drop",
    "plugins/imageformats/libqsvg.so": "keep",
    "plugins/imageformats/libqpdf.so": "drop",
    "plugins/iconengines/libqsvgicon.so": "keep",
    "plugins/platformthemes/libqxdgdesktopportal.so": "keep",
    "plugins/tls/libqopensslbackend.so": "drop",
    "plugins/sqldrivers/libqsqlite.so": "drop",
    "lib/libQt6Gui.so.6": "keep",
    "lib/libQt6Network.so.6": "drop",  # only the dropped tls plugin links to it
}


class Built:
    """What the spec handed to PyInstaller."""

    def __init__(self) -> None:
        self.analysis: dict[str, Any] = {}
        self.exe: dict[str, Any] = {}
        self.exe_args: tuple[Any, ...] = ()
        self.collect: dict[str, Any] | None = None
        self.a: Any = None

    def namespace(self, workpath: Path, qt_files: bool) -> dict[str, Any]:
        built = self

        class Analysis:
            def __init__(self, scripts: list[str], **options: Any) -> None:
                built.analysis = {"scripts": scripts, **options}
                built.a = self
                self.pure: list[Any] = []
                self.scripts: list[Any] = []
                self.binaries: list[tuple[str, str, str]] = []
                self.datas: list[tuple[str, str, str]] = [
                    (dest, src, "DATA") for src, dest in options["datas"]
                ]
                if qt_files:
                    self.binaries = [
                        (f"PySide6/Qt/{dest}", str(QT / dest), "BINARY") for dest in QT_FILES
                    ]
                    self.datas.append(
                        ("PySide6/Qt/translations/qtbase_de.qm", str(workpath / "de.qm"), "DATA")
                    )

        def exe(*args: Any, **options: Any) -> str:
            built.exe, built.exe_args = options, args
            return "exe"

        def collect(*_args: Any, **options: Any) -> str:
            built.collect = options
            return "collect"

        return {
            "__name__": "__main__",
            "__file__": str(SPEC),
            "SPECPATH": str(ROOT),
            "workpath": str(workpath),
            "Analysis": Analysis,
            "PYZ": lambda *_a, **_k: "pyz",
            "EXE": exe,
            "COLLECT": collect,
            "BUNDLE": lambda *_a, **_k: "bundle",
        }

    @property
    def hiddenimports(self) -> set[str]:
        return set(self.analysis["hiddenimports"])

    @property
    def datas(self) -> set[tuple[str, str]]:
        return {(Path(src).resolve().as_posix(), dest) for src, dest in self.analysis["datas"]}


def run_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, *, qt_files: bool = False) -> Built:
    built = Built()
    monkeypatch.setattr(sys, "path", list(sys.path))  # the spec puts the tree first
    # Importing PyInstaller calls logging.basicConfig(): keep the root logger as it was.
    monkeypatch.setattr(logging.root, "handlers", list(logging.root.handlers))
    monkeypatch.setattr(logging.root, "level", logging.root.level)
    code = compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec")
    exec(code, built.namespace(tmp_path, qt_files))
    return built


@pytest.fixture
def default_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Built:
    monkeypatch.delenv("COMMDESK_ONEFILE", raising=False)
    monkeypatch.delenv("COMMDESK_DEBUG", raising=False)
    return run_spec(tmp_path, monkeypatch)


def test_hidden_imports_name_what_pyinstaller_cannot_follow(default_build: Built) -> None:
    wanted = {
        # keyring picks backends through entry points; Secret Service needs these two.
        "keyring.backends.SecretService",
        "keyring.backends.kwallet",
        "keyring.backends.fail",
        "keyring.backends.chainer",
        "secretstorage",
        "jeepney.io.blocking",
        # Imported only by the migration scripts, which Alembic runs from files.
        "alembic.op",
        "alembic.context",
        "sqlalchemy",
        "PySide6.QtSvg",
        # Inside namespace packages (no __init__.py), which collect_submodules misses.
        "commdesk.services.overview",
        "commdesk.cli",
    }
    assert wanted <= default_build.hiddenimports
    assert not {n for n in default_build.hiddenimports if n.startswith("commdesk.store.migrations")}
    assert "commdesk.__main__" not in default_build.hiddenimports


def test_every_commdesk_module_is_bundled(default_build: Built) -> None:
    for path in (ROOT / "commdesk").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "__pycache__" in parts or "migrations" in parts or parts[-1] == "__main__":
            continue
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        assert name in default_build.hiddenimports, name


def test_migrations_ship_as_source_files_where_alembic_looks(default_build: Built) -> None:
    scripts = [p for p in MIGRATIONS.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    assert any(p.parent.name == "versions" and p.suffix == ".py" for p in scripts)
    for script in scripts:
        dest = script.parent.relative_to(ROOT).as_posix()
        assert (script.resolve().as_posix(), dest) in default_build.datas, script
    assert not any(src.endswith(".pyc") for src, _dest in default_build.datas)


def test_keyring_metadata_is_copied_for_its_entry_points(default_build: Built) -> None:
    assert any(
        dest.startswith("keyring-") and dest.endswith(".dist-info")
        for _src, dest in default_build.datas
    )


def test_exclusions_never_remove_what_the_app_imports(default_build: Built) -> None:
    excludes = default_build.analysis["excludes"]
    assert {"tkinter", "PySide6.QtQml", "PySide6.QtWebEngineCore", "PySide6.QtNetwork"} <= set(
        excludes
    )
    for name in default_build.hiddenimports:
        clash = [x for x in excludes if name == x or name.startswith(x + ".")]
        assert not clash, f"{name} is both imported and excluded ({clash})"


def test_default_build_is_a_windowed_folder_named_after_the_app(default_build: Built) -> None:
    assert Path(default_build.analysis["scripts"][0]) == ROOT / "packaging" / "commdesk_frozen.py"
    assert default_build.collect is not None and default_build.collect["name"] == "commdesk"
    assert default_build.exe["name"] == "commdesk"
    assert default_build.exe["exclude_binaries"] is True
    assert default_build.exe["console"] is False


def test_onefile_and_debug_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMMDESK_ONEFILE", "1")
    monkeypatch.setenv("COMMDESK_DEBUG", "1")
    built = run_spec(tmp_path, monkeypatch)
    assert built.collect is None
    assert "exclude_binaries" not in built.exe
    assert built.exe["console"] is True and built.exe["debug"] is True
    assert built.a.binaries in built.exe_args and built.a.datas in built.exe_args


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux plugin file names")
def test_unused_qt_plugins_translations_and_their_libraries_are_dropped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = [dest for dest in QT_FILES if not (QT / dest).exists()]
    if missing:
        pytest.skip(f"this PySide6 lacks {missing}")
    monkeypatch.delenv("COMMDESK_ONEFILE", raising=False)
    built = run_spec(tmp_path, monkeypatch, qt_files=True)
    kept = {Path(dest).relative_to("PySide6/Qt").as_posix() for dest, *_ in built.a.binaries}
    assert kept == {dest for dest, fate in QT_FILES.items() if fate == "keep"}
    assert not [dest for dest, *_ in built.a.datas if "/translations/" in dest]


def test_frozen_entry_hands_the_window_to_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    spec = importlib.util.spec_from_file_location(
        "commdesk_frozen", ROOT / "packaging" / "commdesk_frozen.py"
    )
    assert spec is not None and spec.loader is not None
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)

    import commdesk.cli

    seen: dict[str, Any] = {}

    def fake_cli(argv: list[str], open_window: Any, gui_checks: Any) -> int:
        seen.update(argv=argv, open_window=open_window, gui_checks=gui_checks)
        code: int = open_window(Path("x.db"), True)
        return code

    fake_app = types.ModuleType("commdesk.gui.app")
    fake_app.open_window = lambda path, demo: 7 if (path, demo) == (Path("x.db"), True) else 1  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "commdesk.gui.app", fake_app)
    monkeypatch.setattr(commdesk.cli, "main", fake_cli)
    monkeypatch.setattr(sys, "argv", ["commdesk", "--db", "x.sqlite"])

    assert entry.main() == 7
    assert seen["argv"] == ["--db", "x.sqlite"]
    assert seen["gui_checks"] is None  # Qt stays unloaded unless --self-test asks for it


def test_qtopengl_is_left_out_and_stood_in_for_by_a_runtime_hook(
    default_build: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "PySide6.QtOpenGL" in default_build.analysis["excludes"]
    # pyqtgraph defines a QOpenGLWidget subclass at import: that small module stays.
    assert "PySide6.QtOpenGLWidgets" in default_build.hiddenimports
    (hook,) = default_build.analysis["runtime_hooks"]
    monkeypatch.delitem(sys.modules, "PySide6.QtOpenGL", raising=False)
    runpy.run_path(hook)
    standin = sys.modules["PySide6.QtOpenGL"]
    monkeypatch.delitem(sys.modules, "PySide6.QtOpenGL")  # the real one comes back after
    with pytest.raises(ImportError, match="QOpenGLBuffer: OpenGL drawing is not part"):
        _ = standin.QOpenGLBuffer


def test_slim_icu_keeps_root_english_and_shared_data_only() -> None:
    sys.path.insert(0, str(ROOT / "packaging"))
    try:
        slim_icu = importlib.import_module("slim_icu")
    finally:
        sys.path.remove(str(ROOT / "packaging"))
    kept = [
        "root.res",
        "en.res",
        "en_GB.res",
        "coll/root.res",
        "coll/en.res",
        "coll/ucadata.icu",
        "zoneinfo64.res",
        "zone/en.res",
        "nfkc.nrm",
        "pool.res",
        "cnvalias.icu",
    ]
    dropped = [
        "fr.res",
        "de_.res",
        "coll/zh_Hant.res",
        "zone/es_419.res",
        "ibm-943_P15A-2003.cnv",
        "translit/Latin_ASCII.res",
        "ca_ES_VALENCIA.res",
        # Trees and files Qt never asks ICU for (it breaks text and names languages itself).
        "brkitr/line.brk",
        "brkitr/cjdict.dict",
        "curr/supplementalData.res",
        "lang/en.res",
        "unames.icu",
        "uts46.nrm",
        "rfc3491.spp",
    ]
    assert all(slim_icu.keep_item(item) for item in kept)
    assert not any(slim_icu.keep_item(item) for item in dropped)
