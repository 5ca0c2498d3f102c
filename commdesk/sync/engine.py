"""Running a sync: an account's streams, page by page, each page stored with its cursor.

    report = sync_account(store, account_id, progress=print_progress)

Offline (server unreachable) marks the account "offline, will retry" and raises
:class:`SyncOffline`; any other failure marks it failed with the message and raises. Either way
every page stored before stays stored and the next sync resumes from the cursor.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from commdesk.credentials import Secret, current_store
from commdesk.domain import SyncStatus
from commdesk.domain.enums import Platform
from commdesk.errors import CommDeskError
from commdesk.store import Store
from commdesk.sync import state
from commdesk.sync.discourse import DiscourseConnector
from commdesk.sync.errors import SyncCancelled, SyncError, SyncOffline
from commdesk.sync.github import GitHubConnector, api_url
from commdesk.sync.http import DEFAULT_MAX_WAIT, DEFAULT_TIMEOUT, HttpClient
from commdesk.sync.mastodon import MastodonConnector
from commdesk.sync.records import ProgressFn, SyncAccount
from commdesk.sync.streams import Stream
from commdesk.sync.writer import StoreWriter, WriteCounts

log = logging.getLogger(__name__)

SecretLookup = Callable[[SyncAccount], Secret | None]


class Connector(Protocol):
    def streams(self, authenticated: bool) -> list[Stream]: ...


@dataclass
class SyncReport:
    """What one account's sync did."""

    account_id: int
    pages: int = 0
    counts: WriteCounts = field(default_factory=WriteCounts)

    @property
    def summary(self) -> str:
        c = self.counts
        text = (
            f"{c.people_added} new people, {c.people_matched} matched, "
            f"{c.activities_added} new activities"
        )
        if c.likely_duplicates:
            text += f", {len(c.likely_duplicates)} likely duplicates to review"
        return text


@dataclass(frozen=True)
class SyncOptions:
    timeout: float = DEFAULT_TIMEOUT
    max_wait: float = DEFAULT_MAX_WAIT


def keyring_secret(account: SyncAccount) -> Secret | None:
    """The account's secret from the credential store (the OS keyring)."""
    return current_store().get(account.credential_key)


def sync_account(
    store: Store,
    account_id: int,
    *,
    progress: ProgressFn | None = None,
    secret_for: SecretLookup = keyring_secret,
    options: SyncOptions = SyncOptions(),
) -> SyncReport:
    """Pull the account's people and activities into the store; see the module docstring."""
    account = state.load_account(store, account_id)
    before, _ = state.status_of(store, account_id)
    report = SyncReport(account_id)
    state.set_status(store, account_id, SyncStatus.SYNCING)
    try:
        secret = secret_for(account)
        with _client(account, secret, progress, options) as http:
            connector = _connector(store, account, http)
            streams = connector.streams(authenticated=bool(secret))
            _run(store, account, streams, report, progress)
    except SyncOffline as exc:
        state.set_status(store, account_id, SyncStatus.OFFLINE, str(exc))
        raise
    except SyncCancelled as exc:
        state.set_status(store, account_id, before, str(exc))
        raise
    except KeyboardInterrupt:  # Ctrl+C on the command line: as cancelled
        state.set_status(store, account_id, before, "Sync interrupted; it resumes from there.")
        raise
    except CommDeskError as exc:
        state.set_status(store, account_id, SyncStatus.FAILED, str(exc))
        raise
    except Exception as exc:
        log.exception("sync of account %s failed", account_id)
        state.set_status(store, account_id, SyncStatus.FAILED, f"Internal error: {exc!r}")
        raise
    state.set_status(store, account_id, SyncStatus.OK, synced_at=state.now())
    return report


def _run(
    store: Store,
    account: SyncAccount,
    streams: list[Stream],
    report: SyncReport,
    progress: ProgressFn | None,
) -> None:
    writer = StoreWriter(store, account.platform)
    try:
        _pages(account, streams, report, progress, writer)
    finally:  # done, failed or cancelled: the pages written are kept, so their authors rescored
        try:
            writer.rescore_added()
        except Exception:  # the sync's own error (if any) is the one to report
            log.exception("rescoring after the sync of account %s failed", account.id)


def _pages(
    account: SyncAccount,
    streams: list[Stream],
    report: SyncReport,
    progress: ProgressFn | None,
    writer: StoreWriter,
) -> None:
    cursor = dict(account.cursor)
    who = f"{account.platform.label} {account.username}"
    for index, stream in enumerate(streams):
        stream_state = cursor.get(stream.name, {})
        pages = 0
        while True:
            message = (
                f"{who} — {stream.label}: page {pages + 1} ({report.counts.people_added} new "
                f"people, {report.counts.activities_added} new activities)"
            )
            # A stream's length is unknown: each page moves the bar part of the rest of its share.
            within = 1 - 1 / (pages + 1)
            if progress is not None and not progress((index + within) / len(streams), message):
                raise SyncCancelled("Sync cancelled; it resumes from where it stopped.")
            page = stream.fetch(stream_state)
            cursor[stream.name] = page.state
            save = partial(state.save_cursor, account_id=account.id, cursor=dict(cursor))
            counts = writer.write(page, save)
            report.counts.add(counts)
            report.pages += 1
            pages += 1
            stream_state = page.state
            if page.done:
                break
    if progress is not None:
        progress(1.0, f"Done: {report.summary}")


def _client(
    account: SyncAccount, secret: Secret | None, progress: ProgressFn | None, options: SyncOptions
) -> HttpClient:
    token = secret.reveal() if secret else None
    if account.platform is Platform.MASTODON:
        from commdesk.sync.mastodon import auth_headers as mastodon_headers

        base, headers = account.base_url, mastodon_headers(token)
    elif account.platform is Platform.GITHUB:
        from commdesk.sync.github import auth_headers as github_headers

        base, headers = api_url(account.base_url), github_headers(token)
    elif account.platform is Platform.DISCOURSE:
        from commdesk.sync.discourse import auth_headers as discourse_headers

        base, headers = account.base_url, discourse_headers(token, account.username)
    else:
        raise SyncError(f"CommDesk cannot sync {account.platform.label} accounts yet.")
    return HttpClient(
        base, headers, timeout=options.timeout, max_wait=options.max_wait, progress=progress
    )


def _connector(store: Store, account: SyncAccount, http: HttpClient) -> Connector:
    """The platform's connector; activities go to the community set in the account's settings,
    else to the community that lists this account's place as its channel."""
    settings = account.settings
    places = [
        account.base_url,
        str(settings.get("repository") or ""),
        f"https://github.com/{settings.get('repository')}" if settings.get("repository") else "",
        f"#{settings.get('hashtag')}" if settings.get("hashtag") else "",
    ]
    community = state.community_for_channel(store, account.platform, places)
    if account.platform is Platform.MASTODON:
        return MastodonConnector(account, http, community)
    if account.platform is Platform.GITHUB:
        return GitHubConnector(account, http, community)
    return DiscourseConnector(account, http, community)
