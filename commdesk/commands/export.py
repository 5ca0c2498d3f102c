"""``commdesk export ...``: plans, tables, a person's or a community's data to .xlsx or .csv.

The format comes from the output file's extension.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commdesk.cli import Runtime
    from commdesk.io.export import CsvOptions
    from commdesk.services.tables import TableSpec
    from commdesk.store import Store

TABLES = ("people", "organisations", "communities", "plan_items", "activities")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "export",
        help="write a plan, a table, a person or a community to .xlsx or .csv",
        description="Export to a spreadsheet; the format comes from the file's extension "
        "(.xlsx or .csv). Text that a spreadsheet would take for a formula is neutralised.",
    )
    what = group.add_subparsers(dest="export_what", metavar="WHAT", required=True)

    plan = what.add_parser("plan", help="an engagement plan (summary, items, calendar)")
    plan.add_argument("plan", metavar="NAME_OR_ID")
    _output(plan)
    plan.add_argument(
        "--sheet-per-phase", action="store_true", help="one items sheet per phase (.xlsx)"
    )
    plan.add_argument("--no-calendar", action="store_true", help="leave out the calendar sheet")
    plan.set_defaults(handler=export_plan_command)

    people = what.add_parser("people", help="the People table, filtered as asked")
    _output(people)
    people.add_argument("--filter", default="", metavar="TEXT", help="words to look for")
    people.add_argument("--role", help="only people with this stakeholder role")
    people.add_argument("--community", metavar="NAME_OR_ID", help="only members of this one")
    people.set_defaults(handler=export_people_command)

    table = what.add_parser("table", help="any table of the app, filtered by a text")
    table.add_argument("table", choices=TABLES)
    _output(table)
    table.add_argument("--filter", default="", metavar="TEXT", help="words to look for")
    table.set_defaults(handler=export_table_command)

    for name, label in (("person", "a person's data"), ("community", "a community's data")):
        record = what.add_parser(name, help=f"{label}: the record, memberships, activity (.xlsx)")
        record.add_argument("record", metavar="ID" if name == "person" else "NAME_OR_ID")
        _output(record)
        record.set_defaults(handler=export_record_command, record_kind=name)


def _output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")
    parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM")
    parser.add_argument(
        "--separator", choices=(",", ";"), default=",", help="CSV: the field separator"
    )


def _csv(args: argparse.Namespace) -> CsvOptions:
    from commdesk.io.export import CsvOptions

    return CsvOptions(bom=args.bom, separator=args.separator)


def export_plan_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.io.export import PlanExportOptions, export_plan
    from commdesk.services.plans import PlanService

    options = PlanExportOptions(
        sheet_per_phase=args.sheet_per_phase, calendar=not args.no_calendar, csv=_csv(args)
    )
    store = runtime.open_store(create=False)
    try:
        plans = PlanService(store)
        plan = plans.get(plans.find(args.plan))
        export_plan(store, plan.id, args.output, options)
    finally:
        store.close()
    print(f"Exported plan {plan.name!r} ({plan.items:,} items) to {args.output}")
    return 0


def export_people_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.domain.enums import StakeholderRole
    from commdesk.errors import ValidationError
    from commdesk.services import validation
    from commdesk.services.listings import PEOPLE

    filters: dict[str, object] = {}
    if args.role:
        filters["role"] = validation.enum_value("--role", StakeholderRole, args.role)
    store = runtime.open_store(create=False)
    try:
        if args.community:
            found = _community(store, args.community)
            if found is None:
                raise ValidationError("--community", f"no community {args.community!r}")
            filters["community"] = found
        return _export_view(store, PEOPLE, args, filters)
    finally:
        store.close()


def export_table_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.listings import SPECS

    store = runtime.open_store(create=False)
    try:
        return _export_view(store, SPECS[args.table], args, {})
    finally:
        store.close()


def export_record_command(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.errors import NotFoundError
    from commdesk.io.export.records import export_community, export_person

    store = runtime.open_store(create=False)
    try:
        if args.record_kind == "person":
            if not args.record.isdigit():
                raise NotFoundError(f"A person is exported by id, not {args.record!r}.")
            export_person(store, int(args.record), args.output)
        else:
            found = _community(store, args.record)
            if found is None:
                raise NotFoundError(f"No community with id or name {args.record!r}.")
            export_community(store, found, args.output)
    finally:
        store.close()
    print(f"Exported the {args.record_kind}'s data to {args.output}")
    return 0


def _community(store: Store, name_or_id: str) -> int | None:
    from commdesk.services.communities import CommunityService

    if name_or_id.isdigit():
        return int(name_or_id)
    return CommunityService(store).find_by_name(name_or_id)


def _export_view(
    store: Store, spec: TableSpec, args: argparse.Namespace, filters: dict[str, object]
) -> int:
    from commdesk.io.export.tables import TableView, export_table

    view = TableView(spec, args.filter, filters, title=spec.key.replace("_", " ").capitalize())
    written = export_table(store, view, args.output, _csv(args))
    print(f"Exported {written:,} rows of {spec.key.replace('_', ' ')} to {args.output}")
    return 0
