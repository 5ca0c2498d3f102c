"""``commdesk import plan FILE [--apply]``: bring an edited plan workbook back.

Prints the diff (added, changed field by field, removed); with ``--apply`` applies it in one
transaction. The ``import`` group itself lives in :mod:`commdesk.commands.importing`.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commdesk.cli import Runtime


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Nothing: ``commdesk.commands.importing`` adds this module's parser to its group."""


def add_import_parser(imports: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = imports.add_parser(
        "plan",
        help="bring back a plan exported to .xlsx and edited in a spreadsheet",
        description="Compare an edited plan workbook (exported with 'commdesk export plan') "
        "with the plan and print what changed; --apply applies it, all or nothing. Rows are "
        "matched by their hidden Item id; rows without one are new items; items missing "
        "from the workbook are removed.",
    )
    parser.add_argument("file", type=Path, metavar="FILE", help="the edited .xlsx file")
    parser.add_argument(
        "--plan",
        metavar="NAME_OR_ID",
        help="the plan it must belong to (default: the plan named in the file)",
    )
    parser.add_argument("--apply", action="store_true", help="apply the changes")
    parser.set_defaults(handler=import_plan_command)


def import_plan_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.io.roundtrip import apply_plan_diff, plan_diff
    from commdesk.services.plans import PlanService

    store = runtime.open_store(create=False)
    try:
        plan_id = PlanService(store).find(args.plan) if args.plan else None
        diff = plan_diff(store, args.file, plan_id)
        for line in diff.lines():
            print(line)
        if diff.is_empty:
            print("Nothing to change.")
        elif args.apply:
            apply_plan_diff(store, diff)
            print(f"Applied: {diff.summary()}.")
        else:
            print("Nothing was changed; run again with --apply to apply these changes.")
    finally:
        store.close()
    return 0
