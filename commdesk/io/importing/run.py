"""Importing a file: inspect it, preview it, run it all-or-nothing.

    found = inspect(path)                   # header, guessed mapping, known format
    rows = preview(path, found.mapping)     # the first rows as they will be stored
    report = import_file(store, path, ImportOptions(found.mapping), progress=callback)

People are imported by default; ``target="organisations"`` (or communities, memberships,
activities) imports those instead (see :mod:`commdesk.io.importing.targets`).

:func:`import_file` runs in one transaction: a cancel (the progress callback returns False)
or any error rolls everything back and the store is exactly as before. A dry run does all
the work, reports it, and rolls back. Rows that cannot be stored are reported as
:class:`Reject` (row, column, reason) and the rest of the file is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from commdesk.io.importing import formats
from commdesk.io.importing.errors import ImportCancelled, ImportFileError
from commdesk.io.importing.fields import Mapping
from commdesk.io.importing.formats import KnownFormat
from commdesk.io.importing.people_rows import Reject
from commdesk.io.importing.people_store import POLICIES, Counts, Policy, search_triggers_set_aside
from commdesk.io.importing.readers import Table, open_table
from commdesk.io.importing.targets import Target, target
from commdesk.services import backups
from commdesk.store import Store

Progress = Callable[[float, str], bool]  # the command line's shape; False: stop
CHUNK = 2_000  # rows per write: few statements, bounded memory
PREVIEW_ROWS = 20
PreviewRow = tuple[int, list[str], Any]  # row number, cells, the record or its rejects


@dataclass(frozen=True)
class Inspection:
    """What a first look at a file found."""

    name: str
    header: list[str]
    header_row: int
    mapping: Mapping
    known_format: KnownFormat | None
    details: list[str]
    target: str = "people"


@dataclass(frozen=True)
class ImportOptions:
    mapping: Mapping
    on_duplicate: Policy = "merge"
    dry_run: bool = False
    target: str = "people"


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped: int = 0
    rejects: list[Reject] = field(default_factory=list)
    dry_run: bool = False
    noun: str = "people"

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows:,} rows read: {self.created:,} {self.noun} {verb} created, "
            f"{self.merged:,} merged into existing ones, {self.skipped:,} skipped as "
            f"duplicates, {len(self.rejects):,} rejected."
        )


@contextmanager
def _opened(path: Path, kind: Target) -> Iterator[Table]:
    def score(cells: list[str]) -> int:
        # The columns a row names; a known format's header wins a tie (over a preamble line
        # such as "Notes"), never against a row naming more (a real header above a data row
        # that happens to hold a format's signature text). Other ties go to the earlier row.
        known = formats.header_score(cells) if kind.known_formats else 0
        return 2 * max(known, kind.fields.score(cells)) + (1 if known else 0)

    closers: list[Callable[[], None]] = []
    try:
        yield open_table(Path(path), score, closers)
    finally:
        for close in reversed(closers):
            close()


def inspect(path: Path, target_key: str = "people") -> Inspection:
    """The file's header, the mapping guessed for it and the known format it is, if any."""
    kind = target(target_key)
    with _opened(path, kind) as table:
        known = formats.recognise(table.header) if kind.known_formats else None
        mapping = known.mapping(table.header) if known else kind.fields.guess(table.header)
        return Inspection(
            table.name, table.header, table.header_row, mapping, known, table.details, kind.key
        )


def preview(
    path: Path, mapping: Mapping, limit: int = PREVIEW_ROWS, target_key: str = "people"
) -> list[PreviewRow]:
    """The first ``limit`` rows: their cells and the record each gives (or its problems)."""
    kind = target(target_key)
    _check(kind, mapping)
    result: list[PreviewRow] = []
    with _opened(path, kind) as table:
        for number, cells in table.rows:
            if not any(c.strip() for c in cells):
                continue
            result.append((number, cells, kind.convert(number, cells, table.header, mapping)))
            if len(result) >= limit:
                break
    return result


def _check(kind: Target, mapping: Mapping) -> None:
    problems = kind.fields.check(mapping)
    if problems:
        raise ImportFileError("The column mapping cannot be used: " + "; ".join(problems) + ".")


def import_file(
    store: Store,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the rows of ``path`` in one transaction (see the module's docstring)."""
    if options.on_duplicate not in POLICIES:
        raise ImportFileError(
            f"Unknown duplicate policy {options.on_duplicate!r} (merge, skip or create)."
        )
    kind = target(options.target)
    _check(kind, options.mapping)
    report = ImportReport(dry_run=options.dry_run, noun=kind.noun)
    with _opened(path, kind) as table:
        if len(options.mapping) > len(table.header):
            raise ImportFileError(
                f"The mapping names {len(options.mapping)} columns; {table.name} has "
                f"{len(table.header)}."
            )
        if not options.dry_run:  # a bulk change: the file as it was is kept first
            backups.backup_before(store, "import")
        with store.engine.connect() as connection:
            transaction = connection.begin()
            try:
                # Only a people import sets the search triggers aside (it rebuilds its rows).
                people = kind.key == "people"
                with search_triggers_set_aside(connection) if people else nullcontext():
                    writer = kind.writer(connection, options.on_duplicate)
                    _write_all(table, kind, options.mapping, writer, report, progress)
                    writer.finish()
            except BaseException:
                transaction.rollback()
                raise
            if options.dry_run:
                transaction.rollback()  # every check ran against the real store; none is kept
            else:
                transaction.commit()
    _count(report, writer.counts)
    if progress is not None:
        progress(1.0, report.summary())
    return report


import_people = import_file  # the name the people import has always had


def _write_all(  # noqa: PLR0917  # the one loop import_file runs, given its state
    table: Table,
    kind: Target,
    mapping: Mapping,
    writer: Any,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    chunk: list[Any] = []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        converted = kind.convert(number, cells, table.header, mapping)
        if isinstance(converted, list):
            report.rejects.extend(
                Reject(r.row, r.column, r.reason, tuple(cells)) for r in converted
            )
        else:
            chunk.append(converted)
        if len(chunk) >= CHUNK:
            writer.write(chunk)
            chunk = []
            _tell(progress, table, report)
    if chunk:
        writer.write(chunk)
    _tell(progress, table, report)


def _tell(progress: Progress | None, table: Table, report: ImportReport) -> None:
    if progress is not None and not progress(
        min(table.progress(), 0.99), f"Imported {report.rows:,} rows of {table.name}"
    ):
        raise ImportCancelled("The import was cancelled; nothing was changed.")


def _count(report: ImportReport, counts: Counts) -> None:
    report.created = counts.created
    report.merged = counts.merged
    report.skipped = counts.skipped
    report.rejects.extend(counts.rejected)
    report.rejects.sort(key=lambda r: r.row)
