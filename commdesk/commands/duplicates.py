"""``commdesk duplicates ...``: the likely duplicate people a sync found, merged or dismissed.

Nothing is merged unless asked: ``list`` shows the pairs, ``merge KEEP OTHER`` moves all of
OTHER onto KEEP and deletes OTHER, ``dismiss`` records "not the same person".
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from commdesk.cli import Runtime


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "duplicates",
        help="likely duplicate people found by a sync: list, merge, dismiss",
        description="People a sync suspects are one person. Nothing is merged unless you ask.",
    )
    actions = group.add_subparsers(dest="duplicates_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the possible duplicates, oldest first")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    merge = actions.add_parser(
        "merge", help="move everything of OTHER_ID onto KEEP_ID, then delete OTHER_ID"
    )
    merge.add_argument("keep_id", type=int, metavar="KEEP_ID", help="the person who stays")
    merge.add_argument("other_id", type=int, metavar="OTHER_ID", help="the person merged in")
    merge.set_defaults(handler=_merge)

    dismiss = actions.add_parser("dismiss", help='"not the same person": forget a pair')
    dismiss.add_argument("candidate_id", type=int, metavar="CANDIDATE_ID")
    dismiss.set_defaults(handler=_dismiss)


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.duplicates import DuplicateService

    store = runtime.open_store()
    try:
        service = DuplicateService(store)
        rows = service.page(service.count())
    finally:
        store.close()
    if args.json:
        described = [
            {
                "id": row.id,
                "person": {
                    "id": row.person_id,
                    "name": row.person_name,
                    "emails": row.person_emails,
                },
                "other": {
                    "id": row.other_person_id,
                    "name": row.other_name,
                    "emails": row.other_emails,
                },
                "reason": row.reason,
                "created_at": row.created_at.isoformat(),
            }
            for row in rows
        ]
        print(json.dumps(described, indent=2))
        return 0
    for row in rows:
        print(
            f"{row.id}\t{row.person_id} {row.person_name} <{row.person_emails}>\t"
            f"{row.other_person_id} {row.other_name} <{row.other_emails}>\t{row.reason}"
        )
    return 0


def _merge(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.duplicates import DuplicateService

    store = runtime.open_store()
    try:
        DuplicateService(store).merge(args.keep_id, args.other_id)
    finally:
        store.close()
    print(f"Merged person {args.other_id} into person {args.keep_id}.")
    return 0


def _dismiss(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.duplicates import DuplicateService

    store = runtime.open_store()
    try:
        DuplicateService(store).dismiss(args.candidate_id)
    finally:
        store.close()
    print(f"Dismissed possible duplicate {args.candidate_id}.")
    return 0
