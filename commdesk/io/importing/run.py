"""Importing people from a file: inspect it, preview it, run it all-or-nothing.

    found = inspect(path)                   # header, guessed mapping, known format
    rows = preview(path, found.mapping)     # the first rows as they will be stored
    report = import_people(store, path, ImportOptions(found.mapping), progress=callback)

:func:`import_people` runs in one transaction: a cancel (the progress callback returns False)
or any error rolls everything back and the store is exactly as before. A dry run does all
the work, reports it, and rolls back. Rows that cannot be stored are reported as
:class:`Reject` (row, column, reason) and the rest of the file is imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from commdesk.io.importing import fields, formats
from commdesk.io.importing.errors import ImportCancelled, ImportFileError
from commdesk.io.importing.fields import Mapping
from commdesk.io.importing.formats import KnownFormat
from commdesk.io.importing.people_rows import PersonRow, Reject, convert
from commdesk.io.importing.people_store import (
    POLICIES,
    Counts,
    PeopleWriter,
    Policy,
    search_triggers_set_aside,
)
from commdesk.io.importing.readers import Table, open_table
from commdesk.store import Store

Progress = Callable[[float, str], bool]  # the command line's shape; False: stop
CHUNK = 2_000  # rows per write: few statements, bounded memory
PREVIEW_ROWS = 20


@dataclass(frozen=True)
class Inspection:
    """What a first look at a file found."""

    name: str
    header: list[str]
    header_row: int
    mapping: Mapping
    known_format: KnownFormat | None
    details: list[str]


@dataclass(frozen=True)
class ImportOptions:
    mapping: Mapping
    on_duplicate: Policy = "merge"
    dry_run: bool = False


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    merged: int = 0
    skipped: int = 0
    rejects: list[Reject] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        return (
            f"{self.rows:,} rows read: {self.created:,} people {verb} created, "
            f"{self.merged:,} merged into existing people, {self.skipped:,} skipped as "
            f"duplicates, {len(self.rejects):,} rejected."
        )


def _score(cells: list[str]) -> int:
    return formats.header_score(cells) or fields.header_score(cells)


@contextmanager
def _opened(path: Path) -> Iterator[Table]:
    closers: list[Callable[[], None]] = []
    try:
        yield open_table(Path(path), _score, closers)
    finally:
        for close in reversed(closers):
            close()


def inspect(path: Path) -> Inspection:
    """The file's header, the mapping guessed for it and the known format it is, if any."""
    with _opened(path) as table:
        known = formats.recognise(table.header)
        mapping = known.mapping(table.header) if known else fields.guess_mapping(table.header)
        return Inspection(table.name, table.header, table.header_row, mapping, known, table.details)


def preview(
    path: Path, mapping: Mapping, limit: int = PREVIEW_ROWS
) -> list[tuple[int, list[str], PersonRow | list[Reject]]]:
    """The first ``limit`` rows: their cells and the person each gives (or its problems)."""
    _check(mapping)
    result: list[tuple[int, list[str], PersonRow | list[Reject]]] = []
    with _opened(path) as table:
        for number, cells in table.rows:
            if not any(c.strip() for c in cells):
                continue
            result.append((number, cells, convert(number, cells, table.header, mapping)))
            if len(result) >= limit:
                break
    return result


def _check(mapping: Mapping) -> None:
    problems = fields.check_mapping(mapping)
    if problems:
        raise ImportFileError("The column mapping cannot be used: " + "; ".join(problems) + ".")


def import_people(
    store: Store,
    path: Path,
    options: ImportOptions,
    progress: Progress | None = None,
) -> ImportReport:
    """Import the people of ``path`` in one transaction (see the module's docstring)."""
    if options.on_duplicate not in POLICIES:
        raise ImportFileError(
            f"Unknown duplicate policy {options.on_duplicate!r} (merge, skip or create)."
        )
    _check(options.mapping)
    report = ImportReport(dry_run=options.dry_run)
    with _opened(path) as table:
        if len(options.mapping) > len(table.header):
            raise ImportFileError(
                f"The mapping names {len(options.mapping)} columns; {table.name} has "
                f"{len(table.header)}."
            )
        with store.engine.connect() as connection:
            transaction = connection.begin()
            try:
                with search_triggers_set_aside(connection):
                    writer = PeopleWriter(connection, options.on_duplicate)
                    _write_all(table, options.mapping, writer, report, progress)
                    writer.refresh_search()
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


def _write_all(
    table: Table,
    mapping: Mapping,
    writer: PeopleWriter,
    report: ImportReport,
    progress: Progress | None,
) -> None:
    chunk: list[PersonRow] = []
    for number, cells in table.rows:
        if not any(c.strip() for c in cells):
            continue
        report.rows += 1
        converted = convert(number, cells, table.header, mapping)
        if isinstance(converted, PersonRow):
            chunk.append(converted)
        else:
            report.rejects.extend(
                Reject(r.row, r.column, r.reason, tuple(cells)) for r in converted
            )
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
