"""tools/build_forms.py: generated forms are fresh, marked as generated, and rebuilt when stale."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOOL = ROOT / "tools" / "build_forms.py"


def load_tool(monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_forms_under_test", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # its dataclasses look themselves up
    spec.loader.exec_module(module)
    return module


def test_the_committed_forms_are_fresh() -> None:
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_generated_module_says_so() -> None:
    """The architecture check skips files whose head says they are generated."""
    generated = [*(ROOT / "commdesk" / "gui" / "forms").glob("*.py")]
    generated.append(ROOT / "commdesk" / "gui" / "resources_rc.py")
    assert len(generated) >= 7
    for path in generated:
        head = path.read_text(encoding="utf-8")[:600].lower()
        assert "do not edit" in head, path


def test_every_form_has_its_module() -> None:
    forms = {p.stem for p in (ROOT / "ui").glob("*.ui")}
    modules = {p.stem.removeprefix("ui_") for p in (ROOT / "commdesk/gui/forms").glob("ui_*.py")}
    assert forms == modules


@pytest.fixture
def tool(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModuleType:
    """The tool pointed at a copy of one form and the resources, in tmp_path."""
    module = load_tool(monkeypatch)
    (tmp_path / "ui").mkdir()
    shutil.copy(ROOT / "ui" / "aboutdialog.ui", tmp_path / "ui")
    shutil.copytree(ROOT / "resources", tmp_path / "resources")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "UI_DIR", tmp_path / "ui")
    monkeypatch.setattr(module, "FORMS_DIR", tmp_path / "forms")
    monkeypatch.setattr(module, "QRC", tmp_path / "resources" / "resources.qrc")
    monkeypatch.setattr(module, "RESOURCES_MODULE", tmp_path / "resources_rc.py")
    return module


def test_check_builds_nothing_and_finds_what_is_missing(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool.main(["--check"]) == 1
    assert "stale or missing: forms/ui_aboutdialog.py" in capsys.readouterr().out
    assert not (tmp_path / "forms").exists()


def test_build_then_only_what_changed_is_rebuilt(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool.main([]) == 0
    built = tmp_path / "forms" / "ui_aboutdialog.py"
    assert built.is_file() and (tmp_path / "forms" / "__init__.py").is_file()
    assert "class Ui_AboutDialog" in built.read_text(encoding="utf-8")
    assert tool.main(["--check"]) == 0
    capsys.readouterr()

    assert tool.main([]) == 0
    assert "nothing to build" in capsys.readouterr().out

    # Touching a file changes nothing; changing it does.
    form = tmp_path / "ui" / "aboutdialog.ui"
    form.write_text(form.read_text(encoding="utf-8").replace("About CommDesk", "About it"))
    icon = tmp_path / "resources" / "icons" / "people.svg"
    icon.write_text(icon.read_text(encoding="utf-8").replace("#4b5563", "#111111"))
    assert tool.main(["--check"]) == 1
    out = capsys.readouterr().out
    assert "forms/ui_aboutdialog.py" in out and "resources_rc.py" in out
    assert tool.main([]) == 0
    assert tool.main(["--check"]) == 0


def test_a_form_whose_source_is_gone_is_reported_and_removed(
    tool: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert tool.main([]) == 0
    (tmp_path / "ui" / "aboutdialog.ui").unlink()
    assert tool.main(["--check"]) == 1
    assert "left over (no .ui): forms/ui_aboutdialog.py" in capsys.readouterr().out
    assert tool.main([]) == 0
    assert not (tmp_path / "forms" / "ui_aboutdialog.py").exists()


def test_forms_import_only_the_qt_names_they_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyside6-uic imports the same long list into every form; what a form never uses is
    dropped (PySide6 builds each looked-up class, enums and all, at import)."""
    tool = load_tool(monkeypatch)
    source = (
        "from PySide6.QtCore import (QCoreApplication, QDate,\n    QSize, Qt)\n"
        "from PySide6.QtGui import (QGradient, QIcon)\n"
        "from PySide6.QtWidgets import (QLabel as Label)\n"
        "import os\n\n"
        "class Ui_Form(object):\n"
        "    def setupUi(self, Form):\n"
        "        Form.resize(QSize(1, 2))\n"
        "        Form.setAlignment(Qt.AlignmentFlag.AlignLeft)\n"
        "        Form.setWindowTitle(QCoreApplication.translate('Form', 'x', None))\n"
    )
    trimmed = tool.without_unused_imports(source)
    assert trimmed.splitlines()[:4] == [
        "from PySide6.QtCore import (QCoreApplication, QSize, Qt)",
        "from PySide6.QtWidgets import (QLabel as Label)",  # renamed: left as it was
        "import os",
        "",
    ]
    assert trimmed.endswith(source.split("import os\n")[1])
    compile(trimmed, "form", "exec")
    # Every Qt name a committed form uses is still imported into it.
    for path in (ROOT / "commdesk" / "gui" / "forms").glob("ui_*.py"):
        module = importlib.import_module(f"commdesk.gui.forms.{path.stem}")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id[:1] == "Q"}
        assert used and used <= set(vars(module)), (path, used - set(vars(module)))
