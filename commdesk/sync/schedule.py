"""Which accounts a scheduled sync should run now (the timer itself lives in the GUI)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import select

from commdesk.domain import PlatformAccount, SyncStatus
from commdesk.domain.platforms import SYNCABLE_PLATFORMS
from commdesk.store import Store

DEFAULT_RETRY_MINUTES = 5  # how soon an offline account is tried again without a schedule


def due_accounts(
    store: Store,
    now: datetime,
    last_attempts: Mapping[int, datetime],
    *,
    retry_minutes: int = DEFAULT_RETRY_MINUTES,
) -> list[int]:
    """Accounts whose schedule has come round (``sync_interval_minutes`` since their last sync
    or attempt), and offline accounts ``retry_minutes`` after their last attempt."""
    query = select(
        PlatformAccount.id,
        PlatformAccount.sync_interval_minutes,
        PlatformAccount.last_sync_at,
        PlatformAccount.sync_status,
    ).where(PlatformAccount.platform.in_(SYNCABLE_PLATFORMS))
    due: list[int] = []
    with store.read() as session:
        for account_id, interval, synced, status in session.execute(query):
            last = max((t for t in (synced, last_attempts.get(account_id)) if t), default=None)
            if status is SyncStatus.SYNCING and account_id in last_attempts:
                continue  # still running here
            wait = interval
            if status is SyncStatus.OFFLINE:
                wait = min(interval or retry_minutes, retry_minutes)
            if wait is None:
                continue
            if last is None or now - last >= timedelta(minutes=wait):
                due.append(account_id)
    return due
