"""``commdesk accounts ...``: the platform accounts CommDesk syncs with, and their secrets.

A secret is read from a prompt (or from standard input when it is not a terminal), never from
an argument, so it stays out of the shell history and the process list.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from commdesk.errors import CommDeskError, ValidationError

if TYPE_CHECKING:
    from commdesk.cli import Runtime
    from commdesk.credentials import CredentialStore, Secret
    from commdesk.services.accounts import AccountRecord

PLATFORMS = ("mastodon", "discourse", "github")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    group = commands.add_parser(
        "accounts",
        help="platform accounts (Mastodon, Discourse, GitHub) and their secrets",
        description="Platform accounts. Secrets (tokens, passwords) go to the system keyring.",
    )
    actions = group.add_subparsers(dest="accounts_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="the accounts, with their sync status")
    listing.add_argument("--json", action="store_true", help="print JSON")
    listing.set_defaults(handler=_list)

    add = actions.add_parser(
        "add", help="add an account; its token or password is read from a prompt or stdin"
    )
    add.add_argument("--platform", required=True, choices=PLATFORMS)
    add.add_argument("--url", required=True, help="the server, e.g. https://mastodon.social")
    add.add_argument("--username", required=True, help="your user name on that server")
    add.add_argument("--label", help="a name for the account (default: USER on HOST)")
    add.add_argument("--every", type=int, metavar="MINUTES", help="sync on this schedule")
    _settings_arguments(add)
    add.set_defaults(handler=_add)

    edit = actions.add_parser("edit", help="change an account (its secret stays unless --secret)")
    edit.add_argument("id", type=int)
    edit.add_argument("--url")
    edit.add_argument("--username")
    edit.add_argument("--label")
    edit.add_argument("--every", type=int, metavar="MINUTES", help="0: on demand only")
    edit.add_argument(
        "--secret", action="store_true", help="read a new token or password (prompt or stdin)"
    )
    _settings_arguments(edit, editing=True)
    edit.set_defaults(handler=_edit)

    remove = actions.add_parser("remove", help="remove an account and its keyring entry")
    remove.add_argument("id", type=int)
    remove.set_defaults(handler=_remove)

    test = actions.add_parser(
        "test", help="check the account's secret with its server (exit 3: offline)"
    )
    test.add_argument("id", type=int)
    test.set_defaults(handler=_test)

    keyring = actions.add_parser(
        "encrypted-store",
        help="keep secrets in a file encrypted with a master password (without a system keyring)",
    )
    keyring.set_defaults(handler=_encrypted_store)


# The option that sets each account setting, so a refusal names what was typed.
SETTING_OPTIONS = {
    "hashtag": "--hashtag",
    "categories": "--category",
    "groups": "--group",
    "org": "--org",
    "repository": "--repository",
    "community_id": "--community",
}


def _settings_arguments(parser: argparse.ArgumentParser, *, editing: bool = False) -> None:
    more = " (adds to those stored; COMMUNITY 0 removes one)" if editing else ""
    settings = parser.add_argument_group(
        "what to sync", "Each platform reads its own settings; the others are refused."
    )
    settings.add_argument(
        "--hashtag", metavar="TAG", help="Mastodon: also sync the posts with this hashtag"
    )
    settings.add_argument(
        "--category",
        action="append",
        default=[],
        metavar="ID=COMMUNITY",
        help="Discourse: the posts of category ID go to community COMMUNITY (an id); repeatable"
        + more,
    )
    settings.add_argument(
        "--group",
        action="append",
        default=[],
        metavar="NAME=COMMUNITY",
        help="Discourse: the members of group NAME join community COMMUNITY; repeatable" + more,
    )
    settings.add_argument("--org", help="GitHub: sync the members of this organisation")
    settings.add_argument(
        "--repository", metavar="OWNER/NAME", help="GitHub: sync this repository's activity"
    )
    settings.add_argument(
        "--community", metavar="ID", help="where activities go when nothing above says"
    )


def _settings(args: argparse.Namespace, current: Mapping[str, Any]) -> dict[str, Any] | None:
    """The account settings the options give, over ``current``; None when no option is given
    (an edit then keeps what is stored)."""
    settings = dict(current)
    given = False
    for key in ("hashtag", "org", "repository"):
        value = getattr(args, key)
        if value is not None:
            given = True
            settings[key] = value.strip() or None
            if settings[key] is None:
                del settings[key]
    if args.community is not None:
        given = True
        settings["community_id"] = args.community.strip() or None
        if settings["community_id"] is None:
            del settings["community_id"]
    for key, pairs in (("categories", args.category), ("groups", args.group)):
        if pairs:
            given = True
            mapping = dict(settings.get(key) or {})
            for pair in pairs:
                name, equals, community = pair.partition("=")
                if not equals or not name.strip() or not community.strip():
                    example = "5=3" if key == "categories" else "staff=3"
                    raise ValidationError(
                        SETTING_OPTIONS[key], f"{pair!r} is not {_PAIR[key]} (e.g. {example})"
                    )
                if community.strip() == "0":
                    mapping.pop(name.strip(), None)
                else:
                    mapping[name.strip()] = community.strip()
            settings[key] = mapping
            if not mapping:
                del settings[key]
    return settings if given else None


_PAIR = {"categories": "ID=COMMUNITY", "groups": "NAME=COMMUNITY"}


@contextmanager
def _naming_options() -> Iterator[None]:
    """A setting refused by the service is named by the option that set it."""
    try:
        yield
    except ValidationError as exc:
        option = SETTING_OPTIONS.get(exc.field)
        if option is None:
            raise
        raise ValidationError(option, exc.message) from None


def _open_secrets(*, interactive: bool = True) -> CredentialStore:
    """The system keyring; without one, the encrypted file if chosen, else session-only."""
    from commdesk import credentials

    found = credentials.current_store()
    if found.info().persistent:
        return found
    path = credentials.encrypted_file_path()
    if credentials.encrypted_file_chosen() and interactive and sys.stdin.isatty():
        master = credentials.Secret(getpass.getpass(f"Master password for {path}: "))
        opened = credentials.CredentialStore.encrypted_file(path, master)
        credentials.use_store(opened)
        return opened
    print(f"commdesk: {found.info().description}", file=sys.stderr)
    if credentials.encrypted_file_chosen():
        hint = f"the encrypted store {path} needs its master password at a terminal."
    else:
        hint = "`commdesk accounts encrypted-store` keeps them in an encrypted file instead."
    print(f"commdesk: {hint}", file=sys.stderr)
    return found


def _read_secret(prompt: str) -> Secret:
    from commdesk.credentials import Secret

    interactive = sys.stdin.isatty()
    text = getpass.getpass(prompt) if interactive else sys.stdin.readline().rstrip("\r\n")
    if not text.strip():
        raise CommDeskError("No token or password was given (type it at the prompt or pipe it in).")
    return Secret(text)


def _describe(account: AccountRecord) -> dict[str, object]:
    return {
        "id": account.id,
        "platform": account.platform.value,
        "label": account.label,
        "url": account.base_url,
        "username": account.username,
        "last_sync": account.last_sync_at.isoformat() if account.last_sync_at else None,
        "status": account.sync_status.value,
        "last_error": account.last_error,
    }


def _list(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.accounts import AccountService

    store = runtime.open_store()
    try:
        accounts = AccountService(store).accounts()
    finally:
        store.close()
    if args.json:
        print(json.dumps([_describe(account) for account in accounts], indent=2))
        return 0
    for account in accounts:
        synced = account.last_sync_at.strftime("%Y-%m-%d %H:%M") if account.last_sync_at else "-"
        print(
            f"{account.id}\t{account.platform.label}\t{account.label}\t{account.base_url}\t"
            f"{account.username}\t{synced}\t{account.sync_status.label}"
        )
    return 0


def _add(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.accounts import AccountDraft, AccountService

    settings = _settings(args, {})
    draft = AccountDraft(args.platform, args.url, args.username, args.label, args.every, settings)
    store = runtime.open_store()
    try:
        service = AccountService(store, _open_secrets())
        with _naming_options():
            service.validate(draft)  # refuse bad input before asking for the secret
        secret = _read_secret(f"Token or password for {args.username} ({args.platform}): ")
        account_id = service.add(draft, secret)
        print(f"Added account {account_id}: {service.get(account_id).label}")
    finally:
        store.close()
    return 0


def _edit(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.accounts import AccountDraft, AccountService

    store = runtime.open_store()
    try:
        service = AccountService(store, _open_secrets(interactive=args.secret))
        current = service.get(args.id)
        every = current.sync_interval_minutes if args.every is None else args.every
        draft = AccountDraft(
            current.platform,
            args.url or current.base_url,
            args.username or current.username,
            args.label or current.label,
            every,
            _settings(args, current.settings),
        )
        with _naming_options():
            service.validate(draft)  # refuse bad input before asking for the secret
        secret = _read_secret("New token or password: ") if args.secret else None
        service.update(args.id, draft, secret)
        print(f"Changed account {args.id}: {service.get(args.id).label}")
    finally:
        store.close()
    return 0


def _remove(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.accounts import AccountService

    store = runtime.open_store()
    try:
        service = AccountService(store, _open_secrets())
        label = service.get(args.id).label
        service.remove(args.id)
    finally:
        store.close()
    print(f"Removed account {args.id} ({label}) and its secret.")
    return 0


def _test(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk.services.accounts import AccountService

    store = runtime.open_store()
    try:
        result = AccountService(store, _open_secrets()).test(args.id)
    finally:
        store.close()
    print(result.message, file=sys.stdout if result.ok else sys.stderr)
    if result.ok:
        return 0
    return 3 if result.offline else 1


def _encrypted_store(args: argparse.Namespace, runtime: Runtime) -> int:
    from commdesk import credentials

    path = credentials.encrypted_file_path()
    if not sys.stdin.isatty():
        raise CommDeskError("The master password is asked at a terminal only.")
    master = getpass.getpass(f"Master password for {path}: ")
    if not credentials.encrypted_file_chosen() and getpass.getpass("Again: ") != master:
        raise CommDeskError("The two master passwords differ; nothing was created.")
    path.parent.mkdir(parents=True, exist_ok=True)
    credentials.CredentialStore.encrypted_file(path, credentials.Secret(master))
    print(f"Secrets will be kept in {path}, encrypted with your master password.")
    return 0
