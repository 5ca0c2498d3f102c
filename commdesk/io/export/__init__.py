"""Exports to .xlsx and .csv: plans, any table view with its filter, a person's or a
community's data. Every writer neutralises formula injection (:mod:`commdesk.io.cells`),
streams its rows (constant memory) and writes its file whole or not at all.

.ods is not offered: the maintained Python writers for it (odfpy, pyexcel-ods3) build the
whole document in memory, which a 100k-row export cannot afford; LibreOffice opens .xlsx.
"""

from __future__ import annotations

from pathlib import Path

from commdesk.io.export.options import CsvOptions, PlanExportOptions, format_of
from commdesk.io.export.plan_csv import write_plan_csv
from commdesk.io.export.plan_xlsx import write_plan_xlsx
from commdesk.io.export.progress import ExportCancelled, ExportError, Progress, no_progress
from commdesk.store import Store


def export_plan(
    store: Store,
    plan_id: int,
    path: Path,
    options: PlanExportOptions | None = None,
    progress: Progress = no_progress,
) -> Path:
    """Write a plan to ``path``, as .xlsx or .csv by its extension."""
    if format_of(path) == "xlsx":
        write_plan_xlsx(store, plan_id, path, options, progress)
    else:
        write_plan_csv(store, plan_id, path, options, progress)
    return path


__all__ = [
    "CsvOptions",
    "ExportCancelled",
    "ExportError",
    "PlanExportOptions",
    "Progress",
    "export_plan",
    "format_of",
    "no_progress",
]
