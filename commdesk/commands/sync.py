"""``commdesk sync [ID]``: pull people and activity in from one platform account, or all.

An account whose server cannot be reached is reported "offline, will retry" and the others go
on; the exit code is 0 when every account synced, 3 when some were offline and none failed,
1 when any failed.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from commdesk.errors import CommDeskError

if TYPE_CHECKING:
    from commdesk.cli import Runtime
    from commdesk.store import Store
    from commdesk.sync.records import ProgressFn

OFFLINE_EXIT = 3


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sync = commands.add_parser(
        "sync",
        help="pull people and activity from platform accounts (all, or the one given)",
        description="Synchronise platform accounts. Offline accounts are reported and retried "
        "next time; what a sync stored before stopping is kept, and the next sync resumes.",
    )
    sync.add_argument("account", nargs="?", type=int, metavar="ID", help="only this account")
    sync.add_argument(
        "--timeout", type=float, default=None, metavar="SECONDS", help="per request (default 20)"
    )
    sync.set_defaults(handler=run_sync)


def run_sync(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.sync import state
    from commdesk.sync.engine import SyncOptions, sync_account
    from commdesk.sync.errors import SyncOffline

    options = SyncOptions() if args.timeout is None else SyncOptions(timeout=args.timeout)
    store = runtime.open_store()
    try:
        ids = [args.account] if args.account is not None else state.account_ids(store)
        if not ids:
            print("No platform accounts to sync; add one with `commdesk accounts add`.")
            return 0
        offline = failed = 0
        for account_id in ids:
            name = _name(store, account_id)
            try:
                report = sync_account(
                    store, account_id, progress=_progress(sys.stderr, name), options=options
                )
            except SyncOffline as exc:
                offline += 1
                print(f"{name}: offline, will retry — {exc}", file=sys.stderr)
            except CommDeskError as exc:
                failed += 1
                print(f"{name}: failed — {exc}", file=sys.stderr)
            else:
                print(f"{name}: {report.summary}")
    finally:
        store.close()
    if failed:
        return 1
    return OFFLINE_EXIT if offline else 0


def _name(store: Store, account_id: int) -> str:
    from commdesk.sync import state

    account = state.load_account(store, account_id)
    return f"#{account.id} {account.platform.label} {account.username}@{account.base_url}"


def _progress(stream: TextIO, name: str) -> ProgressFn:
    interactive = stream.isatty()
    last = [""]

    def report(fraction: float | None, message: str) -> bool:
        line = f"{name}: {message}"
        if line != last[0]:
            last[0] = line
            final = fraction is not None and fraction >= 1.0
            if interactive:
                stream.write(f"\r\033[K{line[:120]}" + ("\n" if final else ""))
            elif final:
                stream.write(f"{line}\n")
            stream.flush()
        return True

    return report
