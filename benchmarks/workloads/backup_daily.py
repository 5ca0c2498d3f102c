"""backup-daily: the automatic backup taken when a database is opened (at most daily) and
before every bulk change.

app   = ``backup_set.take(path, "daily")``: the online backup API into the backup folder,
        then the rotation (listing and parsing the folder, deleting what it no longer keeps).
limit = the same copy with plain ``sqlite3``: ``source.backup(destination)``, nothing else.
Both copy the small demo database (about 5k people, 200k activities), in alternating rounds;
the best round of each is reported. Target: ratio <= 1.3 (the rotation costs next to nothing).

The source is a private copy of the cached small demo when the cache has one (migrated to
this schema on open); otherwise a small demo is built in the scratch folder. Nothing is ever
written into the shared cache, so other checkouts' cached databases are left alone.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from benchmarks.workloads import Options, Result, Target, Workload, copy_of, fresh_path
from commdesk.demo import build_demo
from commdesk.store import Store, backup_set

ROUNDS = 5


def _source(options: Options) -> Path:
    cached = sorted(options.cache.glob("demo-small-seed7-*.sqlite"))
    if cached:
        path = copy_of(cached[-1], options, "backup-daily.sqlite")
        Store.open(path).close()  # brings it to this schema; a no-op when it is there
        return path
    path = fresh_path(options, "backup-daily.sqlite")
    store = Store.open(path)
    try:
        build_demo(store, "small", 7)
    finally:
        store.close()
    return path


def run(options: Options) -> Result:
    source = _source(options)
    folder = options.scratch / "backup-daily-backups"
    previous = os.environ.get("COMMDESK_DATA_DIR")
    os.environ["COMMDESK_DATA_DIR"] = str(folder)  # the backup folder is data_dir/backups
    app_rounds, limit_rounds = [], []
    try:
        for number in range(ROUNDS):
            app_rounds.append(_app_round(source))
            limit_rounds.append(_limit_round(source, options.scratch / f"plain-{number}.sqlite"))
        kept = backup_set.backups_of(source)
        assert 0 < len(kept) <= ROUNDS, "the rotation kept what it should"
    finally:
        if previous is None:
            os.environ.pop("COMMDESK_DATA_DIR", None)
        else:
            os.environ["COMMDESK_DATA_DIR"] = previous
        for path in [source, *options.scratch.glob("plain-*.sqlite")]:
            path.unlink(missing_ok=True)
        for path in folder.rglob("*.sqlite"):
            path.unlink()
    return Result(app=min(app_rounds), limit=min(limit_rounds), target=Target("ratio", 1.3))


def _app_round(source: Path) -> float:
    start = time.perf_counter()
    backup_set.take(source, "daily")
    return time.perf_counter() - start


def _limit_round(source: Path, destination: Path) -> float:
    destination.unlink(missing_ok=True)
    start = time.perf_counter()
    src = sqlite3.connect(source)
    dst = sqlite3.connect(destination)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()
    return time.perf_counter() - start


WORKLOAD = Workload("backup-daily", "the automatic daily backup vs a plain sqlite3 backup", run)
