"""A plan's items as one CSV table, with the same columns as the workbook's Items sheet."""

from __future__ import annotations

from pathlib import Path

from commdesk.io.export.csv_table import csv_rows
from commdesk.io.export.options import PlanExportOptions
from commdesk.io.export.plan_rows import item_count, item_rows
from commdesk.io.export.progress import Progress, Reporter, no_progress, whole_file
from commdesk.io.plan_sheet import ITEM_COLUMNS, ITEM_HEADERS
from commdesk.store import Store


def write_plan_csv(
    store: Store,
    plan_id: int,
    path: Path,
    options: PlanExportOptions | None = None,
    progress: Progress = no_progress,
) -> None:
    options = options or PlanExportOptions()
    reporter = Reporter(progress, item_count(store, plan_id), "Writing the items")
    reporter.report()
    keys = [c.key for c in ITEM_COLUMNS]
    with whole_file(path) as temporary, csv_rows(temporary, options.csv) as write:
        write(ITEM_HEADERS)
        for item in item_rows(store, plan_id):
            write([getattr(item, key) for key in keys])
            reporter.step()
