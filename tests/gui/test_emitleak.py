"""PySide6 6.12 loses a reference to True per signal emitted from Python: with the charts'
workaround loaded, a process emits far more signals than True had references and still
exits cleanly (without it, Python aborts with "bool_dealloc")."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from PySide6.QtCore import QObject, Signal
import commdesk.gui.emitleak as emitleak

class Source(QObject):
    fired = Signal()

source = Source()
for _ in range(200_000):
    source.fired.emit()
print("protected" if emitleak.PROTECTED else "not needed")
"""


def test_many_emits_do_not_abort_python(tmp_path: Path) -> None:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() in {"protected", "not needed"}
