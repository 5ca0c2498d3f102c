"""The core never reaches up into the GUI: importing all of it loads no Qt and no pyqtgraph."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import commdesk

# Run in a fresh interpreter: this test process has Qt loaded already (pytest-qt).
IMPORT_ALL_OF_THE_CORE = r"""
import importlib
import json
import os
import pkgutil
import sys

import commdesk

# gui is the one place allowed Qt; __main__ runs the app when imported; env.py and the
# versions need a running Alembic context.
SKIPPED = (
    "commdesk.gui",
    "commdesk.__main__",
    "commdesk.store.migrations.env",
    "commdesk.store.migrations.versions",
)


def skipped(name):
    return any(name == s or name.startswith(s + ".") for s in SKIPPED)


def namespace_packages(package):
    # Folders without __init__.py, which pkgutil does not list but Python imports all the same.
    for folder in package.__path__:
        for entry in sorted(os.scandir(folder), key=lambda e: e.name):
            if (
                entry.is_dir()
                and entry.name.isidentifier()
                and not os.path.exists(os.path.join(entry.path, "__init__.py"))
                and any(name.endswith(".py") for name in os.listdir(entry.path))
            ):
                yield pkgutil.ModuleInfo(None, package.__name__ + "." + entry.name, True)


def walk(package):
    # Not pkgutil.walk_packages: it imports every package to look inside, commdesk.gui too.
    found = [*pkgutil.iter_modules(package.__path__, package.__name__ + "."),
             *namespace_packages(package)]
    for info in found:
        if skipped(info.name):
            continue
        module = importlib.import_module(info.name)
        yield info.name
        if info.ispkg:
            yield from walk(module)


imported = ["commdesk", *walk(commdesk)]
gui = sorted(
    name for name in sys.modules
    if name.split(".")[0] in {"PySide6", "shiboken6", "pyqtgraph"}
)
print(json.dumps({"imported": imported, "gui": gui}))
"""


def test_importing_the_core_loads_no_qt(data_dir: Path) -> None:
    root = Path(commdesk.__file__).resolve().parent.parent
    # The data folder override (set by the fixture) keeps any import-time file use in tmp.
    env = {**os.environ, "COMMDESK_DATA_DIR": str(data_dir)}
    env.pop("QT_QPA_PLATFORM", None)
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL_OF_THE_CORE],
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])

    imported = set(report["imported"])
    # The walk really went through the core, not just the top package.
    assert {
        "commdesk.errors",
        "commdesk.paths",
        "commdesk.domain.people",
        "commdesk.store.database",
        "commdesk.store.search",
        "commdesk.services.people",
    } <= imported
    assert not any(name.startswith("commdesk.gui") for name in imported)
    assert report["gui"] == [], f"the core imported {', '.join(report['gui'])}"


def test_every_core_folder_is_a_regular_package() -> None:
    """A folder of modules without ``__init__.py`` is left out of the wheel by
    ``setuptools.packages.find`` and skipped by pkgutil (and so by the walk above)."""
    package = Path(commdesk.__file__).resolve().parent
    missing = sorted(
        str(folder.relative_to(package.parent))
        for folder in package.rglob("*")
        if folder.is_dir()
        and folder.name != "__pycache__"
        and any(folder.glob("*.py"))
        and not (folder / "__init__.py").exists()
    )
    assert missing == [], f"folders without __init__.py: {', '.join(missing)}"
