"""An account's sync bookkeeping in the store: settings, cursor, status and last error."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from commdesk.domain import Channel, PlatformAccount, SyncStatus
from commdesk.domain.base import utc_now
from commdesk.domain.enums import Platform
from commdesk.errors import NotFoundError
from commdesk.store import Store
from commdesk.sync.errors import SyncError
from commdesk.sync.records import StreamState, SyncAccount


def load_account(store: Store, account_id: int) -> SyncAccount:
    """The account as plain values, with its settings and cursor parsed."""
    with store.read() as session:
        account = session.get(PlatformAccount, account_id)
        if account is None:
            raise NotFoundError(f"No platform account with id {account_id}.")
        return SyncAccount(
            id=account.id,
            platform=account.platform,
            base_url=account.base_url,
            username=account.username,
            credential_key=account.credential_key,
            settings=_json_object(account.settings, f"account {account_id} settings"),
            cursor=_json_object(account.sync_cursor, f"account {account_id} sync cursor"),
        )


def account_ids(store: Store) -> list[int]:
    with store.read() as session:
        return list(session.scalars(select(PlatformAccount.id).order_by(PlatformAccount.id)))


def save_cursor(connection: Connection, account_id: int, cursor: dict[str, StreamState]) -> None:
    """Store the cursor inside the caller's transaction (the one that stored its rows)."""
    connection.execute(
        update(PlatformAccount)
        .where(PlatformAccount.id == account_id)
        .values(sync_cursor=json.dumps(cursor, sort_keys=True))
    )


def set_status(
    store: Store,
    account_id: int,
    status: SyncStatus,
    error: str | None = None,
    *,
    synced_at: datetime | None = None,
) -> None:
    values: dict[str, Any] = {"sync_status": status, "last_error": error}
    if synced_at is not None:
        values["last_sync_at"] = synced_at
    with store.begin() as connection:
        connection.execute(
            update(PlatformAccount).where(PlatformAccount.id == account_id).values(**values)
        )


def reset_interrupted(store: Store) -> int:
    """Accounts left "syncing" by a sync that never finished (the app was killed) are marked
    failed, with a message saying the next sync resumes; returns how many."""
    with store.begin() as connection:
        result = connection.execute(
            update(PlatformAccount)
            .where(PlatformAccount.sync_status == SyncStatus.SYNCING)
            .values(
                sync_status=SyncStatus.FAILED,
                last_error="The last sync was interrupted; the next one resumes from there.",
            )
        )
        return result.rowcount


def status_of(store: Store, account_id: int) -> tuple[SyncStatus, str | None]:
    with store.read() as session:
        row = session.execute(
            select(PlatformAccount.sync_status, PlatformAccount.last_error).where(
                PlatformAccount.id == account_id
            )
        ).one()
        return row[0], row[1]


def community_for_channel(store: Store, platform: Platform, addresses: list[str]) -> int | None:
    """The community that lists one of ``addresses`` as its channel on ``platform``, if any."""
    wanted = {a.strip().lower().rstrip("/") for a in addresses if a}
    if not wanted:
        return None
    with store.read() as session:
        rows = session.execute(
            select(Channel.address, Channel.community_id)
            .where(Channel.platform == platform)
            .order_by(Channel.id)
        )
        for address, community_id in rows:
            if address.strip().lower().rstrip("/") in wanted:
                return community_id
    return None


def now() -> datetime:
    return utc_now()


def _json_object(text: str | None, what: str) -> dict[str, Any]:
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise SyncError(f"The {what} are not valid JSON: {exc}.") from exc
    if not isinstance(value, dict):
        raise SyncError(f"The {what} must be a JSON object.")
    return value
