"""What a sync does when things go wrong: half-way failures, rate limits, timeouts, nonsense,
servers that are down, and Cancel. A real HTTP server on 127.0.0.1 plays the platform."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk.domain import SyncStatus
from commdesk.domain.enums import Platform
from commdesk.store import Store
from commdesk.sync.engine import SyncOptions, sync_account
from commdesk.sync.errors import RateLimited, SyncCancelled, SyncError, SyncOffline
from tests.fixtures.sync.accounts import TOKEN, account_row, add_account, counts, token
from tests.fixtures.sync.platform_server import PlatformServer, Reply, Request, load, running
from tests.integration.test_sync_github import REPO, SETTINGS, serve_github
from tests.integration.test_sync_mastodon import ME, serve_mastodon

FOLLOWERS = f"{ME}/followers"


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_mastodon(started)
        yield started


def fail_on_page(server: PlatformServer, path: str, max_id: str, reply: Reply) -> None:
    """Serve ``path`` as before, except the page starting older than ``max_id``."""
    normal = server.routes[path]
    server.routes[path] = lambda r: reply if r.query.get("max_id") == max_id else normal(r)


def test_failure_half_way_keeps_the_pages_stored_and_resumes_from_the_cursor(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    working = server.routes[FOLLOWERS]
    fail_on_page(server, FOLLOWERS, "106", Reply({"error": "boom"}, 500))

    with pytest.raises(SyncError, match="HTTP 500") as failure:
        sync_account(store, account, secret_for=token)

    assert counts(store) == (4, 4, 0)  # the two pages before the failure
    row = account_row(store, account)
    assert row.sync_status is SyncStatus.FAILED and "HTTP 500" in (row.last_error or "")
    assert TOKEN not in str(failure.value)
    assert "max_id=106" in json.loads(row.sync_cursor or "{}")["followers"]["next"]

    server.routes[FOLLOWERS] = working
    server.requests.clear()
    sync_account(store, account, secret_for=token)

    assert server.hits(FOLLOWERS)[0].query["max_id"] == "106"  # resumed, not restarted
    assert counts(store) == (7, 7, 5)
    assert account_row(store, account).sync_status is SyncStatus.OK


def test_malformed_json_is_an_error_naming_the_endpoint(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    server.routes["/api/v1/notifications"] = lambda r: Reply(b'[{"id": "1", "type": ')

    with pytest.raises(SyncError, match=r"malformed JSON for /api/v1/notifications"):
        sync_account(store, account, secret_for=token)
    assert counts(store)[0] == 6  # followers and following were stored before


def test_json_of_the_wrong_shape_is_an_error_naming_the_endpoint(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    server.routes[FOLLOWERS] = lambda r: Reply([{"id": "5", "display_name": "No acct"}])

    with pytest.raises(SyncError, match=rf"unexpected reply for {FOLLOWERS}: KeyError 'acct'"):
        sync_account(store, account, secret_for=token)
    assert counts(store) == (0, 0, 0)


def test_429_with_retry_after_is_waited_out(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    normal = server.routes[FOLLOWERS]
    refused: list[float] = []

    def limited(request: Request) -> Reply:
        if not refused:
            refused.append(time.monotonic())
            return Reply({"error": "Too many requests"}, 429, {"Retry-After": "1"})
        return normal(request)

    server.routes[FOLLOWERS] = limited
    sync_account(store, account, secret_for=token)

    retried = [r for r in server.hits(FOLLOWERS) if "max_id" not in r.query]
    assert len(retried) == 2
    assert counts(store)[0] == 7
    assert account_row(store, account).sync_status is SyncStatus.OK


def test_a_wait_longer_than_allowed_stops_with_the_time_to_retry(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    server.routes[FOLLOWERS] = lambda r: Reply({"error": "slow down"}, 429, {"Retry-After": "3600"})

    with pytest.raises(RateLimited, match="try again after"):
        sync_account(store, account, secret_for=token, options=SyncOptions(max_wait=5))
    assert account_row(store, account).sync_status is SyncStatus.FAILED


def test_github_rate_limit_headers_are_honoured(store: Store) -> None:
    with running() as server:
        serve_github(server)
        normal = server.routes[f"{REPO}/contributors"]
        calls: list[float] = []

        def spent(request: Request) -> Reply:
            calls.append(time.time())
            reset = str(int(time.time()) + 2)
            if len(calls) == 1:  # a good reply that spends the last request of the hour
                reply = normal(request)
                reply.headers.update({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset})
                return reply
            if len(calls) == 2:
                return Reply({"message": "API rate limit exceeded"}, 403, {
                    "X-RateLimit-Limit": "5000", "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": reset,
                })  # fmt: skip
            return normal(request)

        server.routes[f"{REPO}/contributors"] = spent
        account = add_account(store, Platform.GITHUB, server.url, settings=SETTINGS)
        sync_account(store, account, secret_for=token)

    assert len(calls) == 3  # page 1, page 2 refused, page 2 again
    assert calls[1] - calls[0] >= 0.9  # waited for the reset before asking again
    assert calls[2] - calls[1] >= 0.9  # and after the 403 that said the quota was spent
    assert counts(store)[2] == 13


def test_a_server_too_slow_to_answer_is_offline(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    server.routes["/api/v1/accounts/verify_credentials"] = lambda r: Reply({"id": "1"}, delay=2)

    with pytest.raises(SyncOffline, match="did not answer in time"):
        sync_account(store, account, secret_for=token, options=SyncOptions(timeout=0.3))
    row = account_row(store, account)
    assert row.sync_status is SyncStatus.OFFLINE
    assert row.sync_status.label == "Offline, will retry"


def test_a_server_that_is_down_is_offline_and_nothing_else_changes(store: Store) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = add_account(store, Platform.MASTODON, f"http://127.0.0.1:{port}")
    with running() as server:
        serve_mastodon(server)
        other = add_account(store, Platform.MASTODON, server.url, "other")
        sync_account(store, other, secret_for=token)
    before = counts(store)

    with pytest.raises(SyncOffline, match="offline, will retry") as offline:
        sync_account(store, down, secret_for=token)

    assert TOKEN not in str(offline.value)
    assert counts(store) == before
    assert account_row(store, down).sync_status is SyncStatus.OFFLINE
    assert account_row(store, other).sync_status is SyncStatus.OK


def test_cancel_keeps_what_was_stored(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    asked: list[str] = []

    def progress(fraction: float | None, message: str) -> bool:
        asked.append(message)
        return len(asked) < 3  # cancel before the third page

    with pytest.raises(SyncCancelled):
        sync_account(store, account, secret_for=token, progress=progress)

    assert counts(store) == (4, 4, 0)
    row = account_row(store, account)
    assert row.sync_status is SyncStatus.NEVER  # as it was: cancelling is not a failure
    assert "max_id=106" in json.loads(row.sync_cursor or "{}")["followers"]["next"]


def test_links_to_another_server_are_not_followed(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    page = load("mastodon/followers.json")[:2]
    evil = '<https://elsewhere.example/api/v1/accounts/1/followers?max_id=1>; rel="next"'
    server.routes[FOLLOWERS] = lambda r: Reply(page, headers={"Link": evil})

    with pytest.raises(SyncError, match="another server"):
        sync_account(store, account, secret_for=token)
    assert not any("elsewhere" in r.path for r in server.requests)


def test_the_secret_never_reaches_the_database(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    fail_on_page(server, FOLLOWERS, "106", Reply({"error": TOKEN}, 401))
    with pytest.raises(SyncError, match="refused the account's credentials"):
        sync_account(store, account, secret_for=token)
    store.close()
    path = store.path
    assert path is not None
    for file in (path, Path(f"{path}-wal")):
        if file.exists():
            assert TOKEN.encode() not in file.read_bytes()


def test_a_redirect_names_where_the_server_moved(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    moved = {"Location": "https://new.example/api/v1/accounts/verify_credentials"}
    server.routes["/api/v1/accounts/verify_credentials"] = lambda r: Reply(b"", 301, moved)

    with pytest.raises(SyncError, match=r"redirects .* to https://new\.example/"):
        sync_account(store, account, secret_for=token)
    assert not any(r.path.startswith("https://new") for r in server.requests)
