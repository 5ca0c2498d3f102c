"""Data safety and privacy on the command line.

``commdesk backups`` lists the automatic and manual backups of the database with their
counts; ``commdesk restore BACKUP`` restores one (backing up the current file first);
``commdesk person export ID -o FILE`` writes everything about a person as JSON or .xlsx;
``commdesk person erase ID [--keep-aggregates] [--yes]`` erases a person.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from commdesk import paths
from commdesk.errors import CommDeskError

if TYPE_CHECKING:
    from commdesk.cli import Runtime

COUNT_NAMES = ("people", "communities", "plans", "activities")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    listing = commands.add_parser("backups", help="list the backups of the database, newest first")
    listing.set_defaults(handler=list_backups)

    restore = commands.add_parser(
        "restore", help="restore the database from a backup (the current file is backed up first)"
    )
    restore.add_argument("backup", help="a backup file, or its name in the backup folder")
    restore.set_defaults(handler=restore_backup)

    archived = commands.add_parser(
        "archive", help="deleted people, communities and plans, kept until purged"
    )
    archived.add_argument("--bring-back", type=int, metavar="ENTRY", help="put an entry back")
    archived.add_argument(
        "--purge", type=int, metavar="DAYS", help="remove entries older than DAYS for good"
    )
    archived.set_defaults(handler=show_archive)

    person = commands.add_parser("person", help="a person's data: export it, or erase it")
    actions = person.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    export = actions.add_parser("export", help="everything about a person, as .json or .xlsx")
    export.add_argument("id", type=int, help="the person's id (see `commdesk list people`)")
    export.add_argument("-o", "--output", required=True, help="the file to write (.json, .xlsx)")
    export.set_defaults(handler=export_person)
    erase = actions.add_parser("erase", help="erase a person's personal data for good")
    erase.add_argument("id", type=int, help="the person's id")
    erase.add_argument(
        "--keep-aggregates",
        action="store_true",
        help="keep their activity anonymously, so counts and charts stay true "
        "(default: remove it all)",
    )
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=erase_person)


def list_backups(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services import backups

    database = runtime.database()
    found = backups.list_backups(database)
    if not found:
        print(f"No backups of {database.name} in {paths.backup_dir()}")
        return 0
    print(f"Backups of {database.name} in {paths.backup_dir()}:")
    for info in found:
        made = info.made.astimezone().strftime("%Y-%m-%d %H:%M")
        if info.usable:
            counts = ", ".join(f"{info.counts.get(n, 0):,} {n}" for n in COUNT_NAMES)
        else:
            counts = f"UNUSABLE: {info.problem}"
        print(f"  {made}  {info.reason_text:<24} {info.path.name}\n      {counts}")
    return 0


def restore_backup(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services import backups
    from commdesk.store import lock

    database = runtime.database()
    backup = _backup_path(args.backup)
    lock.acquire(database)  # refused while a CommDesk window has the file open
    try:
        result = backups.restore(database, backup)
    finally:
        lock.release(database)
    if result.previous_copy is not None:
        print(f"The database as it was is kept in {result.previous_copy}")
    counts = ", ".join(f"{result.counts.get(n, 0):,} {n}" for n in COUNT_NAMES)
    print(f"Restored {database} from {backup.name}: {counts}")
    if result.erasures_applied:
        print(f"Erasures applied again to the restored data: {result.erasures_applied}")
    return 0


def _backup_path(text: str) -> Path:
    path = Path(text).expanduser()
    if path.is_file():
        return path
    in_folder = paths.backup_dir() / text
    if in_folder.is_file():
        return in_folder
    raise CommDeskError(f"No backup {text!r} (not a file, nor in {paths.backup_dir()}).")


def show_archive(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services import archive

    store = runtime.open_store(create=False)
    try:
        if args.bring_back is not None:
            snapshot = archive.bring_back(store, args.bring_back)
            print(f"Put back {len(snapshot.ids)} of {snapshot.table} ({snapshot.row_count} rows)")
            return 0
        if args.purge is not None:
            removed = archive.purge(store, older_than_days=args.purge)
            print(f"Removed {removed} archive entries for good")
            return 0
        entries = archive.entries(store)
    finally:
        store.close()
    if not entries:
        print("The archive is empty.")
    for entry in entries:
        when = entry.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M")
        print(f"{entry.id}\t{when}\t{entry.table_name}\t{entry.record_count}\t{entry.label}")
    return 0


def export_person(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services import personal_data

    store = runtime.open_store(create=False)
    try:
        written = personal_data.export(store, args.id, Path(args.output).expanduser())
    finally:
        store.close()
    print(f"Wrote the data of person {args.id} to {written}")
    return 0


def erase_person(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.store import lock

    database = runtime.database()
    if not database.is_file():
        raise CommDeskError(f"No database at {database}.")
    lock.acquire(database)  # refused while a CommDesk window has the file open
    try:
        return _erase(args, runtime)
    finally:
        lock.release(database)


def _erase(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services import erasure
    from commdesk.services.people import PeopleService

    store = runtime.open_store(create=False)
    try:
        name = PeopleService(store).get(args.id).name
        kept = (
            "Their activity is kept without their name, so counts and charts stay true."
            if args.keep_aggregates
            else "Their activity and memberships are removed too."
        )
        if not args.yes:
            print(
                f"Erase person {args.id} ({name})? Their personal fields, emails, handles, "
                f"notes, tags and roles are removed for good. {kept}"
            )
            try:
                answer = input("Type 'erase' to confirm: ")
            except EOFError:
                answer = ""
            if answer.strip().lower() != "erase":
                print("Nothing was erased.", file=sys.stderr)
                return 1
        report = erasure.erase(store, args.id, keep_aggregates=args.keep_aggregates)
    finally:
        store.close()
    detail = (
        f"{report.activities_kept:,} activities kept anonymously"
        if report.kept_aggregates
        else f"{report.activities_removed:,} activities removed"
    )
    print(f"Erased person {args.id}; {detail}. The erasure is recorded (without personal data).")
    return 0


def restore_hint(database: Path) -> str:
    """What to do about a damaged database: the newest good backup, or where to look."""
    from commdesk.services import backups

    newest = backups.newest_good_backup(database)
    if newest is None:
        return (
            f"No good backup of {database.name} was found in {paths.backup_dir()}. "
            "Open another file with --db."
        )
    return (
        f"The newest good backup is {newest.path.name} "
        f"({newest.made.astimezone():%Y-%m-%d %H:%M}). Restore it with: "
        f"commdesk --db {database} restore {newest.path.name}   (or open another file with --db)"
    )
