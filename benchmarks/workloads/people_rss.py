"""people-rss: resident memory with the People table at 1M people open, scrolled to the end.

app   = VmRSS (from /proc/self/status) of a fresh Python process that opens the cached large
        demo, shows the real People model (``PeopleTableModel``) in a ``QTableView`` as the
        central widget of a ``QMainWindow``, paints it, scrolls to the bottom and paints again.
limit = VmRSS of a fresh Python process showing a bare PySide6 ``QMainWindow``, painted.
Both offscreen, each in its own subprocess; the smallest of a few runs. The values are
megabytes (not seconds). Target: app - limit <= 150 MB.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.workloads import Options, Result, Target, Workload, cached_demo

RUNS = 2
ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Above(Target):
    """``app - limit <= bound`` (the limit being ``app / ratio``)."""

    def met(self, app: float, ratio: float) -> bool:
        return app - app / ratio <= self.bound

    def __str__(self) -> str:
        return f"app-limit<={self.bound:g}MB"


def run(options: Options) -> Result:
    path = cached_demo(options, "large")
    app = min(_measure("app", path) for _ in range(RUNS))
    limit = min(_measure("bare", path) for _ in range(RUNS))
    return Result(app=app, limit=limit, target=Above("app", 150.0))


# The bare window imports PySide6 only (not this package, which imports numpy and the app).
BARE = """
from pathlib import Path
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
window = QMainWindow()
window.resize(1200, 800)
window.show()
app.processEvents()
window.grab()
status = Path("/proc/self/status").read_text().splitlines()
print(int(next(line for line in status if line.startswith("VmRSS:")).split()[1]) / 1024)
"""


def _measure(kind: str, path: Path) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    command = ["-c", BARE] if kind == "bare" else ["-m", "benchmarks.workloads.people_rss"]
    done = subprocess.run(
        [sys.executable, *command, str(path)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    return float(done.stdout.split()[-1])


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def _child(path: Path) -> float:
    from PySide6.QtWidgets import QMainWindow

    from benchmarks.workloads.people_open import application, new_view, painted
    from commdesk.gui.people.model import PeopleTableModel
    from commdesk.services.tables import TableService
    from commdesk.store import Store

    application()
    window = QMainWindow()
    window.resize(1200, 800)
    store = Store.open(path, create=False)
    model = PeopleTableModel(TableService(store))
    view = new_view(model)
    view.setSortingEnabled(True)
    view.sortByColumn(*model.default_sort)
    window.setCentralWidget(view)
    with painted(view):
        window.show()
    with painted(view):
        view.scrollToBottom()
    assert view.rowAt(view.viewport().height() - 1) == model.rowCount() - 1, "not at the end"
    rss = _rss_mb()
    store.close()
    return rss


if __name__ == "__main__":
    print(f"{_child(Path(sys.argv[1])):.1f}")


WORKLOAD = Workload(
    "people-rss", "RSS of the People table at 1M, at the end, vs a bare window", run
)
