"""The command line: the scripting twin of the desktop app.

It parses, calls the same services as the GUI, and prints. With no subcommand it opens the
desktop window, which it finds through the ``commdesk.frontends`` entry point so that the
core never imports the GUI.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from commdesk import __version__, logs, paths
from commdesk.errors import CommDeskError, StoreError

# SQLAlchemy, the models and the services are imported where a command needs them: the
# window's start, `--version` and `--help` do not wait for what they do not use.
if TYPE_CHECKING:
    from commdesk import selftest
    from commdesk.store import Store

# Opens the desktop window on a database: (path, is_demo) -> exit code.
OpenWindow = Callable[[Path, bool], int]
# The desktop's checks for --self-test (commdesk.gui.selftest.CHECKS).
GuiChecks = Sequence["selftest.Check"]

LISTABLE = ("communities", "organisations", "people", "plans")


# What ``commdesk [--db PATH] [--demo]`` (open the window) may hold besides the path.
WINDOW_FLAGS = frozenset({"--demo", "--version", "--self-test"})


def build_parser(*, commands_wanted: bool = True) -> argparse.ArgumentParser:
    """The parser; without ``commands_wanted`` the subcommands of :mod:`commdesk.commands`
    are left out (they import what they describe: the import targets load the models)."""
    parser = argparse.ArgumentParser(
        prog="commdesk",
        description="CommDesk: people, communities, activity and engagement plans, offline. "
        "With no command, opens the desktop window.",
    )
    parser.add_argument("--version", action="version", version=f"CommDesk {__version__}")
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="the database file (default: $COMMDESK_DB, else commdesk.sqlite in the user data folder)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the window on the demo database (kept apart from your own), building it first",
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check that this installation works (database, migrations, keyring, window "
        "offscreen), print a report and exit 0 only if all passed",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = commands.add_parser("demo", help="build a demo database")
    demo.add_argument(
        "--size",
        choices=["tiny", "small", "medium", "large"],
        default="small",
        help="tiny: 300 people; small: ~5k people, 200k activities; "
        "medium: 100k people, 1M activities; large: 1M people, 5M activities",
    )
    demo.add_argument("--seed", type=int, default=7, help="random seed (same seed, same world)")
    demo.add_argument(
        "--replace", action="store_true", help="delete the database file first if it exists"
    )

    info = commands.add_parser("info", help="database path, schema version and counts per table")
    info.add_argument("--json", action="store_true", help="print JSON")

    listing = commands.add_parser("list", help="ids and names, for scripts")
    listing.add_argument("what", choices=sorted(LISTABLE))
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.add_argument("--limit", type=int, default=None, help="at most this many rows")

    commands.add_parser("check", help="integrity and foreign-key check; exit 1 on a fault")

    backup = commands.add_parser("backup", help="copy the database safely, even while in use")
    backup.add_argument("path", help="the backup file (or a folder to put it in)")

    if commands_wanted:
        for module in command_modules():
            module.register(commands)
    return parser


def names_a_command(argv: Sequence[str]) -> bool:
    """Whether ``argv`` is more than opening the window (``--db PATH``, ``--demo``...): a
    subcommand, ``--help`` or anything unknown gets the whole parser and its messages."""
    rest = iter(argv)
    for arg in rest:
        if arg == "--db":
            next(rest, None)
        elif not (arg.startswith("--db=") or arg in WINDOW_FLAGS):
            return True
    return False


class CommandModule(Protocol):
    """A module in :mod:`commdesk.commands`: adds its subcommands to the parser, each with
    ``set_defaults(handler=...)``; a handler gets the parsed arguments and a :class:`Runtime`
    and returns the exit code. Heavy imports belong inside the handlers."""

    def register(self, commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None: ...


@dataclass(frozen=True)
class Runtime:
    """What a command handler needs from the command line: the database it works on."""

    args: argparse.Namespace

    def database(self, *, demo: bool = False) -> Path:
        return _database(self.args, demo=demo)

    def open_store(self, *, create: bool = True) -> Store:
        from commdesk.store import Store

        return Store.open(self.database(), create=create)


def command_modules() -> list[CommandModule]:
    """The modules of :mod:`commdesk.commands`, in name order."""
    import importlib
    import pkgutil

    import commdesk.commands

    found: list[CommandModule] = []
    for info in sorted(pkgutil.iter_modules(commdesk.commands.__path__), key=lambda m: m.name):
        found.append(importlib.import_module(f"commdesk.commands.{info.name}"))
    return found


def main(
    argv: Sequence[str] | None = None,
    open_window: OpenWindow | None = None,
    gui_checks: GuiChecks | None = None,
) -> int:
    """Run the command line. ``open_window`` and ``gui_checks`` stand in for the
    ``commdesk.frontends`` entry points where there is no distribution metadata (frozen)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    # Opening the window (the common case) does not wait for every command's parser.
    parser = build_parser(commands_wanted=names_a_command(arguments))
    args = parser.parse_args(arguments)
    if args.command is not None or args.self_test or args.demo:
        logs.configure()  # the window alone configures its log once it has shown
    try:
        if args.self_test:
            from commdesk import selftest

            return selftest.run(gui_checks if gui_checks is not None else _frontend("selftest"))
        return _dispatch(parser, args, open_window)
    except CommDeskError as exc:
        from commdesk.store import DamagedDatabaseError

        hint = ""
        if isinstance(exc, DamagedDatabaseError):
            from commdesk.commands.safety import restore_hint

            hint = " " + restore_hint(exc.path)
        print(f"commdesk: {exc}{hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("commdesk: interrupted", file=sys.stderr)
        return 130


def _dispatch(
    parser: argparse.ArgumentParser, args: argparse.Namespace, open_window: OpenWindow | None
) -> int:
    if args.command is None:
        path = paths.demo_database() if args.demo else _database(args)
        if args.demo:
            _ensure_demo(path)
        return (open_window or _desktop())(path, args.demo)
    handler = getattr(args, "handler", None)
    if handler is not None:
        code: int = handler(args, Runtime(args))
        return code
    if args.command == "demo":
        return _demo(_database(args, demo=True), args.size, args.seed, args.replace)
    from commdesk.store import Store

    store = Store.open(_database(args), create=args.command not in ("check",))
    try:
        if args.command == "info":
            return _info(store, args.json)
        if args.command == "list":
            return _list(store, args.what, args.json, args.limit, sys.stdout)
        if args.command == "check":
            return _check(store)
        if args.command == "backup":
            return _backup(store, Path(args.path))
    finally:
        store.close()
    parser.error(f"unknown command {args.command}")  # pragma: no cover - argparse refuses first


def _database(args: argparse.Namespace, *, demo: bool = False) -> Path:
    """The database the command works on: --db, else $COMMDESK_DB, else the default file."""
    if args.db:
        return Path(args.db).expanduser()
    path = paths.demo_database() if demo else paths.default_database()
    if path.parent == paths.data_dir():
        path.parent.mkdir(parents=True, exist_ok=True)  # our own folder: create it on first use
    return path


def _desktop() -> OpenWindow:
    window: OpenWindow = _frontend("desktop")
    return window


def _frontend(name: str) -> Any:
    """What the desktop package offers the command line (``commdesk.frontends`` entry points):
    ``desktop`` opens the window, ``selftest`` is the desktop's list of self-test checks."""
    from commdesk import frontends

    return frontends.load(name)


def _progress_printer(stream: TextIO) -> Callable[[float, str], bool]:
    last = [-1]

    def report(fraction: float, message: str) -> bool:
        percent = int(fraction * 100)
        if percent != last[0]:
            last[0] = percent
            end = "\n" if percent >= 100 else "\r"
            stream.write(f"{percent:3d}%  {message:<60}{end}")
            stream.flush()
        return True

    return report


def _ensure_demo(path: Path) -> None:
    from commdesk.demo import build_demo
    from commdesk.services.overview import OverviewService
    from commdesk.store import Store

    store = Store.open(path)
    try:
        if OverviewService(store).section_counts().people == 0:
            print(f"Building the demo database at {path} ...", file=sys.stderr)
            build_demo(store, "small", progress=_progress_printer(sys.stderr))
    finally:
        store.close()


def _demo(path: Path, size: str, seed: int, replace: bool) -> int:
    from commdesk.demo import build_demo
    from commdesk.store import Store

    if replace and path.exists():
        Store.open(path).close()  # refuses, untouched, anything that is not a CommDesk database
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    store = Store.open(path)
    try:
        summary = build_demo(store, size, seed=seed, progress=_progress_printer(sys.stderr))
    finally:
        store.close()
    print(f"Demo database ready at {path} ({summary.size}, seed {summary.seed})")
    for name, value in vars(summary).items():
        if isinstance(value, int) and name != "seed":
            print(f"  {name.replace('_', ' ')}: {value:,}")
    return 0


def _info(store: Store, as_json: bool) -> int:
    from commdesk.services.overview import OverviewService
    from commdesk.store import migrate

    overview = OverviewService(store)
    counts = overview.table_counts()
    revision = overview.schema_revision()
    size = store.path.stat().st_size if store.path and store.path.exists() else None
    head = migrate.head_revision()
    if as_json:
        facts = {
            "database": store.location,
            "size_bytes": size,
            "schema": revision,
            "schema_head": head,
            "version": __version__,
            "counts": counts,
        }
        import json

        print(json.dumps(facts, indent=2))
        return 0
    print(f"Database:  {store.location}")
    if size is not None:
        print(f"Size:      {size / 1_048_576:,.1f} MB")
    print(f"Schema:    {revision} (this CommDesk {__version__} knows up to {head})")
    print("Counts:")
    width = max(len(name) for name in counts)
    for name, value in counts.items():
        print(f"  {name:<{width}}  {value:>12,}")
    return 0


def _list(store: Store, what: str, as_json: bool, limit: int | None, out: TextIO) -> int:
    import json

    from sqlalchemy import select

    from commdesk.domain import Community, Organisation, Person, Plan

    model = {
        "people": Person,
        "organisations": Organisation,
        "communities": Community,
        "plans": Plan,
    }[what]
    query = select(model.id, model.name).order_by(model.id)  # type: ignore[attr-defined]
    if limit is not None:
        query = query.limit(limit)
    with store.read() as session:
        rows = session.execute(query.execution_options(yield_per=5000))
        if as_json:
            out.write("[")
            for n, (row_id, name) in enumerate(rows):
                out.write(("," if n else "") + "\n  " + json.dumps({"id": row_id, "name": name}))
            out.write("\n]\n")
        else:
            for row_id, name in rows:
                out.write(f"{row_id}\t{name}\n")
    return 0


def _check(store: Store) -> int:
    from commdesk.services.overview import OverviewService

    problems = OverviewService(store).check()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{store.location}: {len(problems)} problem(s) found", file=sys.stderr)
        return 1
    print(f"{store.location}: ok")
    return 0


def _backup(store: Store, destination: Path) -> int:
    from commdesk.store.backup import backup_file

    if store.path is None:
        raise StoreError("Only SQLite databases can be backed up with this command.")
    written = backup_file(store.path, destination)
    print(f"Backed up {store.path} to {written}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
