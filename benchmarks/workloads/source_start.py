"""source-start: start CommDesk from source to a shown main window on the demo database, quit.

app   = ``python -m commdesk --db COPY`` with ``COMMDESK_QUIT_AFTER_MS=0`` (the window closes
        itself once shown), on a private copy of the cached small demo database.
limit = packaging/bare_window.py: a bare PySide6 main window, shown and closed the same way,
        by the same interpreter.
Both offscreen, from compiled modules (``PYTHONDONTWRITEBYTECODE`` unset, one warm-up run
each), taking turns, median of 9 runs each (benchmarks/startup.py). Target: ratio <= 2.0.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.startup import start_seconds
from benchmarks.workloads import Options, Result, Target, Workload, cached_demo, copy_of

ROOT = Path(__file__).resolve().parents[2]


def run(options: Options) -> Result:
    path = copy_of(cached_demo(options, "small"), options, "source-start.sqlite")
    try:
        app, limit = start_seconds(
            [sys.executable, "-m", "commdesk", "--db", str(path)],
            [sys.executable, str(ROOT / "packaging" / "bare_window.py")],
        )
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return Result(app=app, limit=limit, target=Target("ratio", 2.0))


WORKLOAD = Workload(
    "source-start", "start from source to a shown window vs a bare PySide6 window", run
)
