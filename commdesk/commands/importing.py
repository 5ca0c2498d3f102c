"""``commdesk import ...``: bring data in from spreadsheets.

NOTE to the import helper (people): the ``import`` group is registered here once, and each
kind of import adds its own sub-subcommand from its own module through ``add_import_parser``:
``commdesk.commands.import_plan.add_import_parser`` (the plan round-trip) and
``commdesk.commands.import_people.add_import_parser`` (people, organisations, ...). Such a
module's ``register(commands)`` does nothing, since the command line calls ``register`` on
every module of this package; put the real work in ``add_import_parser(imports)`` and give the
parser ``set_defaults(handler=fn)`` as usual.
"""

from __future__ import annotations

import argparse
import importlib

# The modules that each add one ``commdesk import WHAT`` subcommand, in help order.
IMPORT_MODULES = ("commdesk.commands.import_people", "commdesk.commands.import_plan")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "import",
        help="bring people, activity or an edited plan in from a spreadsheet",
        description="Import from .csv or .xlsx files.",
    )
    imports = group.add_subparsers(dest="import_what", metavar="WHAT", required=True)
    for name in IMPORT_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue  # that kind of import is not part of this build (yet)
        module.add_import_parser(imports)
