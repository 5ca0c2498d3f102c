"""Time start-ups: each command started, shown and closed (COMMDESK_QUIT_AFTER_MS=0) several
times, offscreen, the two in turn; the median wall time of each, and their ratio.

    python benchmarks/startup.py NAME TARGET_RATIO -- APP_COMMAND... -- LIMIT_COMMAND...

prints ``NAME app=S limit=S ratio=R target=ratio<=T ok|FAIL`` and exits 1 when the ratio
misses the target. Used by .ci/package (frozen-start) and workloads/source_start.py (source-start).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence

RUNS = 9


def _environment() -> dict[str, str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "COMMDESK_QUIT_AFTER_MS": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from compiled modules
    return env


def _seconds(command: Sequence[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def start_seconds(
    app: Sequence[str], limit: Sequence[str], runs: int = RUNS
) -> tuple[float, float]:
    """The median wall times of ``app`` and ``limit`` from start to exit, after one warm-up
    run of each (it fills the OS file cache and __pycache__). The two take turns, so that
    whatever else the machine is doing weighs on both alike."""
    env = _environment()
    _seconds(app, env)
    _seconds(limit, env)
    app_times, limit_times = [], []
    for _ in range(runs):
        app_times.append(_seconds(app, env))
        limit_times.append(_seconds(limit, env))
    return statistics.median(app_times), statistics.median(limit_times)


def compare(name: str, target: float, app: Sequence[str], limit: Sequence[str]) -> bool:
    app_s, limit_s = start_seconds(app, limit)
    ratio = app_s / limit_s
    ok = ratio <= target
    print(
        f"{name} app={app_s:.3f} limit={limit_s:.3f} ratio={ratio:.2f} "
        f"target=ratio<={target} {'ok' if ok else 'FAIL'}",
        flush=True,
    )
    return ok


def main(argv: list[str]) -> int:
    name, target = argv[0], float(argv[1])
    rest = argv[2:]
    if rest[:1] != ["--"] or "--" not in rest[1:]:
        raise SystemExit(__doc__)
    split = rest.index("--", 1)
    return 0 if compare(name, target, rest[1:split], rest[split + 1 :]) else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
