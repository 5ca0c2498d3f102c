"""export-100k: export a plan of 100,000 items to .xlsx, and the memory it takes.

app   = ``write_plan_xlsx`` (summary with KPIs, the Items sheet with its drop-downs, frozen
        header, autofilter and hidden id column, and the Calendar sheet by week).
limit = the same cells written the plainest way: one raw ``sqlite3`` query per sheet and bare
        XlsxWriter in constant-memory mode (same formats, same validations), no app code.
Both run in fresh child processes on the same database (a plan of 100k items over two years,
built once per run with executemany), alternating; the best of each is reported. The time is
the child's CPU time (process_time) for the export alone, imports and opening the store done
before: the work is CPU-bound, and on a shared machine wall time mostly measures the
neighbours. Each child also reports its memory growth during the export (peak VmHWM minus
VmRSS before it starts).
Target: ratio <= 1.3, and the app's memory grows by at most 100 MB.
"""

from __future__ import annotations

import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from benchmarks.workloads import Options, Result, Target, Workload, raw_connection
from commdesk.domain.enums import ItemKind, ItemStatus, Phase, Platform
from commdesk.store import Store

ITEMS = 100_000
ROUNDS = 2
ROOT = Path(__file__).resolve().parents[2]
PHASES = ("internal", "external", "harmonise", "grow")
KINDS = ("policy", "content", "event", "campaign", "outreach", "survey", "training", "process")
STATUSES = ("idea", "planned", "in_progress", "done", "cancelled")
PLATFORMS = ("mastodon", "linkedin", "github", "meetup", None)


@dataclass(frozen=True)
class WithMemory(Target):
    """``ratio <= bound`` and the app's memory growth within ``memory_bound`` MB."""

    memory: float = 0.0
    memory_bound: float = 100.0
    notes: tuple[str, ...] = field(default=())

    def met(self, app: float, ratio: float) -> bool:
        return ratio <= self.bound and self.memory <= self.memory_bound

    def __str__(self) -> str:
        return f"ratio<={self.bound:g},mem+{self.memory:.0f}MB<={self.memory_bound:g}MB"


def run(options: Options) -> Result:
    # A private folder: the shared scratch folder may be emptied by a parallel run.
    with tempfile.TemporaryDirectory(prefix="commdesk-export-100k-") as folder:
        path = Path(folder) / "export-100k.sqlite"
        plan_id = _build(path)
        out = Path(folder) / "export-100k.xlsx"
        app, limit, memory = [], [], []
        for _ in range(ROUNDS):
            seconds, grown = _child("app", path, plan_id, out)
            app.append(seconds)
            memory.append(grown)
            limit.append(_child("limit", path, plan_id, out)[0])
    return Result(
        app=min(app), limit=min(limit), target=WithMemory("ratio", 1.3, memory=max(memory))
    )


def _build(path: Path) -> int:
    Store.open(path).close()
    rng = random.Random(7)
    now = int(time.time())
    start = date(2026, 1, 5)
    with raw_connection(path) as db:
        db.execute("BEGIN")
        db.executemany(
            "INSERT INTO people (id, name, archived, consent, created_at, updated_at) "
            "VALUES (?, ?, 0, 0, ?, ?)",
            [(n, f"Owner {n}", now, now) for n in range(1, 51)],
        )
        db.executemany(
            "INSERT INTO communities (id, name, scope, archived, created_at, updated_at) "
            "VALUES (?, ?, 'external', 0, ?, ?)",
            [(n, f"Community {n}", now, now) for n in range(1, 21)],
        )
        db.execute(
            "INSERT INTO plans (id, name, status, starts_on, created_at, updated_at) "
            "VALUES (1, 'Big plan', 'active', ?, ?, ?)",
            (start.isoformat(), now, now),
        )
        db.execute("INSERT INTO kpis (plan_id, metric, target_value) VALUES (1, 'activities', 500)")
        rows = []
        for n in range(ITEMS):
            due = start + timedelta(days=rng.randrange(730)) if n % 10 else None
            rows.append((
                1, PHASES[n % 4], f"Item {n}: {rng.choice(KINDS)} for the launch", rng.choice(KINDS),
                rng.choice(PLATFORMS), rng.randrange(1, 21) if n % 3 else None,
                rng.randrange(1, 51) if n % 2 else None, "Marketing" if n % 5 else None,
                due.isoformat() if due else None, rng.choice(STATUSES),
                "Some notes about the item" if n % 7 == 0 else None, n // 4, now, now,
            ))  # fmt: skip
        db.executemany(
            "INSERT INTO plan_items (plan_id, phase, title, kind, platform, community_id, "
            "owner_id, department, due_on, status, notes, position, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        db.execute("COMMIT")
    return 1


def _child(kind: str, path: Path, plan_id: int, out: Path) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.workloads.export_100k", kind, str(path), str(plan_id),
         str(out)],
        capture_output=True, text=True, check=False, env=env, cwd=ROOT,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"the {kind} child failed:\n{done.stderr}")
    seconds, grown = done.stdout.split()[-2:]
    return float(seconds), float(grown)


def _memory(field_name: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field_name} in /proc/self/status")


def _app(store: Store, plan_id: int, out: Path) -> None:
    from commdesk.io.export.plan_xlsx import write_plan_xlsx

    write_plan_xlsx(store, plan_id, out)


# The labels the cells show, by stored value (constants: no app code runs in the limit).
_LABELS = {m.value: m.label for enum in (Phase, ItemKind, ItemStatus, Platform) for m in enum}
_HEADERS = ("Item id", "Phase", "Title", "Kind", "Channel", "Community", "Owner", "Department",
            "Due", "Status", "Notes")  # fmt: skip
_WIDTHS = (9, 12, 42, 12, 13, 26, 24, 18, 12, 13, 60)
_ITEMS_SQL = """
SELECT i.id, i.phase, i.title, i.kind, i.platform, c.name, o.name, i.department, i.due_on,
       i.status, i.notes
FROM plan_items i LEFT JOIN communities c ON c.id = i.community_id
LEFT JOIN people o ON o.id = i.owner_id
WHERE i.plan_id = ?
ORDER BY CASE i.phase WHEN 'internal' THEN 0 WHEN 'external' THEN 1 WHEN 'harmonise' THEN 2
         ELSE 3 END, i.position, i.id
"""
_CALENDAR_SQL = """
SELECT due_on, phase, title, status FROM plan_items
WHERE plan_id = ? AND due_on IS NOT NULL ORDER BY due_on, id
"""


def _limit(path: Path, plan_id: int, out: Path) -> None:
    import xlsxwriter

    db = sqlite3.connect(path)
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True})
    header = book.add_format({"bold": True, "bottom": 1, "bg_color": "#E8EEF4"})
    plain = book.add_format({"valign": "top"})
    wrapped = book.add_format({"valign": "top", "text_wrap": True})
    day = book.add_format({"valign": "top", "num_format": "yyyy-mm-dd"})
    summary = book.add_worksheet("Summary")
    name, starts = db.execute(
        "SELECT name, starts_on FROM plans WHERE id = ?", (plan_id,)
    ).fetchone()
    summary.write_string(0, 0, name, plain)
    summary.write_datetime(1, 1, date.fromisoformat(starts), day)
    items = book.add_worksheet("Items")
    for col, (label, width) in enumerate(zip(_HEADERS, _WIDTHS, strict=True)):
        items.set_column(col, col, width)
        items.write_string(0, col, label, header)
    items.set_column(0, 0, 9, None, {"hidden": True})
    items.freeze_panes(1, 0)
    for col, enum in ((1, Phase), (3, ItemKind), (4, Platform), (9, ItemStatus)):
        choices = [m.label for m in enum]
        items.data_validation(1, col, 1_048_575, col, {"validate": "list", "source": choices})
    row = 0
    for values in db.execute(_ITEMS_SQL, (plan_id,)):
        row += 1
        items.write_number(row, 0, values[0])
        for col in (1, 3, 9):
            items.write_string(row, col, _LABELS[values[col]], plain)
        if values[4] is not None:
            items.write_string(row, 4, _LABELS[values[4]], plain)
        for col in (2, 5, 6, 7, 10):
            if values[col] is not None:
                items.write_string(row, col, values[col], plain)
        if values[8] is not None:
            items.write_datetime(row, 8, date.fromisoformat(values[8]), day)
    items.autofilter(0, 0, row, 10)
    calendar = book.add_worksheet("Calendar")
    for col, label in enumerate(("Week of", *(p.label for p in Phase))):
        calendar.write_string(0, col, label, header)
    columns = {p.value: n for n, p in enumerate(Phase, start=1)}
    row, monday, lines = 0, None, {}  # type: ignore[var-annotated]

    def write_week() -> int:
        if monday is None:
            return row
        calendar.write_datetime(row + 1, 0, monday, day)
        for col, texts in lines.items():
            calendar.write_string(row + 1, col, "\n".join(texts), wrapped)
        return row + 1

    for due_text, phase, title, status in db.execute(_CALENDAR_SQL, (plan_id,)):
        due = date.fromisoformat(due_text)
        week = due - timedelta(days=due.weekday())
        if week != monday:
            row = write_week()
            monday, lines = week, {}
        lines.setdefault(columns[phase], []).append(f"{due:%a}: {title} ({_LABELS[status]})")
    write_week()
    book.close()
    db.close()


if __name__ == "__main__":
    import xlsxwriter  # noqa: F401  (both children import everything before the clock starts)

    from commdesk.io.export import plan_xlsx  # noqa: F401

    kind, db_file, plan, target = (
        sys.argv[1],
        Path(sys.argv[2]),
        int(sys.argv[3]),
        Path(sys.argv[4]),
    )
    # The app exports from the store it has open; opening it (and checking its schema) is
    # not part of the export.
    store = Store.open(db_file, create=False) if kind == "app" else None
    before = _memory("VmRSS")
    began = time.process_time()
    if store is not None:
        _app(store, plan, target)
    else:
        _limit(db_file, plan, target)
    elapsed = time.process_time() - began
    print(f"{elapsed:.4f} {_memory('VmHWM') - before:.1f}")
    if store is not None:
        store.close()


WORKLOAD = Workload(
    "export-100k", "a plan of 100k items to .xlsx vs bare XlsxWriter (constant memory)", run
)
