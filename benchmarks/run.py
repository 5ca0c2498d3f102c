"""Run the benchmarks: each workload's app time against its limit, the same job done the
fastest plain way (raw sqlite3) on the same data in the same run.

    python benchmarks/run.py [NAME ...] [--json] [--size SIZE] [--list]

prints one line per workload::

    NAME app=SECONDS limit=SECONDS ratio=R [target=... ok|FAIL]

and exits 1 when a workload misses its target. ``--json`` prints the same as a JSON list.
Workloads (one module each in benchmarks/workloads/; see each module for the details):

demo-large  build_demo(size="large"): 1,000,000 people and 5,000,000 activities into a fresh
            database, against the same rows inserted with sqlite3 executemany inside the same
            search.bulk_load (same triggers dropped, same index rebuild). Target ratio <= 2.0.
            ``--size`` (or COMMDESK_BENCH_DEMO_SIZE) builds tiny/small/medium instead, for a
            quick check; the line then says so (``demo-large[medium]``).
export-100k write_plan_xlsx() of a plan of 100k items against bare XlsxWriter (constant memory)
            writing the same cells from raw sqlite3 queries, CPU seconds in child processes.
            Target ratio <= 1.3 and memory growth <= 100 MB.
save-one    PlanService.update_item() of one plan item on the small demo database against a
            one-row sqlite3 UPDATE + commit, seconds per save. Target app < 1 ms.
sync-10k    the sync's StoreWriter storing 10k followers and 100k activities from pre-parsed
            pages (network excluded), each page one transaction with its cursor, against the
            same rows by sqlite3 executemany in the same transactions. Target ratio <= 2.0.

Large datasets (the demo databases) are cached in benchmarks/.cache/ and reused while the
demo code and the schema stay the same.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from benchmarks.workloads import Result


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from benchmarks.workloads import Options, discover, remove_scratch
    from commdesk.demo import SIZES

    workloads = discover()
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", metavar="NAME", help="workloads to run (all)")
    parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--size",
        choices=list(SIZES),
        default=os.environ.get("COMMDESK_BENCH_DEMO_SIZE", "large"),
        help="demo size for demo-large (default: large)",
    )
    parser.add_argument("--list", action="store_true", help="list the workloads and exit")
    args = parser.parse_args(argv)
    if args.list:
        for workload in workloads.values():
            print(f"{workload.name:12} {workload.summary}")
        return 0
    unknown = [name for name in args.names if name not in workloads]
    if unknown:
        parser.error(f"unknown workload {unknown[0]!r}; known: {', '.join(workloads)}")

    options = Options(demo_size=args.size)
    # What the app writes beside a database (backups before imports, logs, the windows'
    # settings) goes to the scratch folder, removed after the run, never into the person's.
    for variable, folder in (
        ("COMMDESK_DATA_DIR", "data"),
        ("COMMDESK_LOG_DIR", "logs"),
        ("XDG_CONFIG_HOME", "config"),
    ):
        os.environ[variable] = str(options.scratch / folder)
    lines: list[dict[str, object]] = []
    failed = False
    try:
        for workload in args.names or list(workloads):
            result = workloads[workload].run(options)
            name = workload
            if workload == "demo-large" and args.size != "large":
                name = f"{workload}[{args.size}]"  # a quick check, not the real thing
            failed |= result.ok is False
            lines.append(
                {
                    "name": name,
                    "app": result.app,
                    "limit": result.limit,
                    "ratio": result.ratio,
                    "target": None if result.target is None else str(result.target),
                    "ok": result.ok,
                }
            )
            if not args.json:
                print(_line(name, result), flush=True)
    finally:
        remove_scratch(options)
    if args.json:
        print(json.dumps(lines, indent=2))
    return 1 if failed else 0


def _line(name: str, result: Result) -> str:
    line = (
        f"{name} app={_seconds(result.app)} limit={_seconds(result.limit)} ratio={result.ratio:.2f}"
    )
    if result.target is not None:
        line += f" target={result.target} {'ok' if result.ok else 'FAIL'}"
    return line


def _seconds(value: float) -> str:
    return f"{value:.3f}" if math.isinf(value) or value >= 1 else f"{value:.6f}"


if __name__ == "__main__":
    sys.exit(main())
