"""``commdesk --self-test``: every check does real work and the exit code tells the truth."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from commdesk import selftest


def test_a_failing_check_fails_the_self_test_and_names_itself() -> None:
    def broken(_scratch: Path) -> str:
        raise RuntimeError("the widget fell over")

    out = io.StringIO()
    code = selftest.run([("broken thing", broken)], out=out)
    report = out.getvalue()
    assert code == 1
    assert "FAIL broken thing" in report and "the widget fell over" in report
    assert report.rstrip().endswith("1 failed")


def test_core_checks_pass_and_say_what_they_did() -> None:
    out = io.StringIO()
    assert selftest.run([], out=out) == 0, out.getvalue()
    lines = out.getvalue().splitlines()
    assert [line.split(":")[0] for line in lines[:5]] == [
        "ok   modules",
        "ok   migration",
        "ok   demo",
        "ok   export",
        "ok   keyring",
    ]
    assert "data kept" in lines[1]
    assert "sheets Summary" in lines[3]


@pytest.mark.slow
def test_the_command_line_self_test_opens_the_window_offscreen(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "commdesk", "--self-test"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for title in ("modules", "migration", "demo", "export", "keyring", "qt", "charts", "window"):
        assert f"ok   {title}:" in done.stdout
    assert "Overview, People, Organisations, Communities, Plans, Activity" in done.stdout
