"""The command line finds the desktop through CommDesk's own entry points, read directly."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from commdesk import frontends
from commdesk.errors import CommDeskError

ENTRY_POINTS = """\
[console_scripts]
desktop = wrong.section:here

[commdesk.frontends]
# a comment
desktop = {desktop}
selftest=commdesk.errors : CommDeskError
"""


def dist_info(folder: Path, name: str, desktop: str) -> Path:
    info = folder / name
    info.mkdir(parents=True)
    (info / "entry_points.txt").write_text(ENTRY_POINTS.format(desktop=desktop), "utf-8")
    return info


def test_the_installed_entry_points_are_read_as_importlib_metadata_reads_them() -> None:
    for name in ("desktop", "selftest"):
        [installed] = entry_points(group=frontends.GROUP, name=name)
        assert frontends.own_entry_point(name) == installed.value


def test_the_first_commdesk_metadata_on_the_path_wins(tmp_path: Path) -> None:
    dist_info(tmp_path / "a", "commdesk_extras-1.0.dist-info", "not.ours:run")
    dist_info(tmp_path / "a", "commdesk-extras-1.0.dist-info", "not.ours:run")
    dist_info(tmp_path / "b", "CommDesk-2.0.dist-info", "first.module:run")
    dist_info(tmp_path / "c", "commdesk-1.0.dist-info", "second.module:run")
    path = [str(tmp_path / "missing"), *(str(tmp_path / p) for p in "abc")]
    assert frontends.own_entry_point("desktop", path) == "first.module:run"
    assert frontends.own_entry_point("selftest", path) == "commdesk.errors : CommDeskError"
    assert frontends.own_entry_point("other", path) is None
    assert frontends.own_entry_point("desktop", [str(tmp_path / "a")]) is None


def test_load_imports_the_named_object_and_explains_a_missing_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist_info(tmp_path, "commdesk-9.dist-info", "commdesk.errors:StoreError.exit_code")
    monkeypatch.setattr(sys, "path", [str(tmp_path), *sys.path])
    assert frontends.load("selftest") is CommDeskError
    assert frontends.load("desktop") == 2
    with pytest.raises(CommDeskError, match="desktop window is not installed"):
        frontends.load("no-such-frontend")


def test_finding_the_desktop_does_not_import_importlib_metadata() -> None:
    code = (
        "import sys; from commdesk import frontends\n"
        "assert frontends.own_entry_point('desktop') == 'commdesk.gui.app:open_window'\n"
        "print('importlib.metadata' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
