"""``commdesk import people FILE`` (and ``organisations``, ``communities``, ``memberships``,
``activities``): records from a CSV or .xlsx file (see :mod:`commdesk.io.importing`). The ``import`` group itself lives in
:mod:`commdesk.commands.importing`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commdesk.cli import Runtime


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Nothing: ``commdesk.commands.importing`` adds this module's parser to its group."""


HELP = {
    "people": "import people from a .csv or .xlsx file",
    "organisations": "import organisations (name, kind, website, email domains)",
    "communities": "import communities (name, purpose, scope)",
    "memberships": "import memberships (person's email or handle, community, role, dates)",
    "activities": "import activity (person's email or handle, when, platform, kind, ...)",
}


def add_import_parser(imports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from commdesk.io.importing.targets import TARGETS

    for key, target in TARGETS.items():
        fields = ", ".join(f.key for f in target.fields.fields if not f.key.startswith("handle:"))
        if any(f.key.startswith("handle:") for f in target.fields.fields):
            fields += ", handle:PLATFORM"
        parser = imports.add_parser(
            key,
            help=HELP[key],
            description=(
                f"Import {target.noun} from a .csv or .xlsx file in one transaction. Columns "
                "are mapped from their headers"
                + (
                    "; LinkedIn, Mastodon, Meetup and Discourse exports are recognised"
                    if target.known_formats
                    else ""
                )
                + ". Exits 1 when rows were rejected (the other rows are imported)."
            ),
        )
        parser.add_argument("file", type=Path, metavar="FILE")
        parser.add_argument(
            "--mapping",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help="map a column (header or 1-based number) to a field, or to nothing with "
            f"COLUMN= ; repeatable. Fields: {fields}",
        )
        parser.add_argument("--dry-run", action="store_true", help="report without writing")
        parser.add_argument(
            "--on-duplicate",
            choices=("merge", "skip", "create"),
            default="merge",
            help="what to do with a row that is already known (default: merge)",
        )
        parser.add_argument(
            "--rejects", type=Path, metavar="FILE", help="save rejected rows as CSV"
        )
        parser.set_defaults(handler=import_people_command, import_target=key)


def import_people_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.cli import _progress_printer
    from commdesk.io.importing.rejects import save_rejects
    from commdesk.io.importing.run import ImportOptions, import_file, inspect

    target = getattr(args, "import_target", "people")
    found = inspect(args.file, target)
    mapping = apply_overrides(found.header, found.mapping, args.mapping)
    if found.known_format is not None and not args.mapping:
        print(f"Recognised: {found.known_format.name}", file=sys.stderr)
    store = runtime.open_store()
    try:
        progress = _progress_printer(sys.stderr) if sys.stderr.isatty() else None
        options = ImportOptions(
            mapping, on_duplicate=args.on_duplicate, dry_run=args.dry_run, target=target
        )
        report = import_file(store, args.file, options, progress=progress)
    finally:
        store.close()
    print(report.summary())
    for reject in report.rejects[:20]:
        print(f"  {reject}")
    if len(report.rejects) > 20:
        print(f"  … and {len(report.rejects) - 20:,} more")
    if args.rejects is not None:
        save_rejects(args.rejects, report.rejects, found.header)
        print(f"Rejected rows saved to {args.rejects}")
    return 1 if report.rejects else 0


def apply_overrides(
    header: list[str], mapping: list[str | None], overrides: list[str]
) -> list[str | None]:
    """``COLUMN=FIELD`` overrides on top of the guessed mapping; a clear error for a
    column that the file does not have."""
    from commdesk.io.importing.errors import ImportFileError

    result = list(mapping) + [None] * (len(header) - len(mapping))
    for override in overrides:
        column, sep, field = override.partition("=")
        if not sep:
            raise ImportFileError(f"--mapping {override!r}: write it as COLUMN=FIELD.")
        index = _column_index(header, column.strip())
        if index is None:
            raise ImportFileError(
                f"--mapping {override!r}: the file has no column {column.strip()!r} "
                f"(columns: {', '.join(header)})."
            )
        result[index] = field.strip() or None
    return result


def _column_index(header: list[str], column: str) -> int | None:
    if column.isdigit() and 1 <= int(column) <= len(header):
        return int(column) - 1
    lowered = [h.strip().casefold() for h in header]
    return lowered.index(column.casefold()) if column.casefold() in lowered else None
