"""Mastodon sync against a real HTTP server on 127.0.0.1 serving the documented JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from commdesk.domain import SyncStatus
from commdesk.domain.enums import Platform
from commdesk.store import Store
from commdesk.sync.engine import sync_account
from tests.fixtures.sync.accounts import (
    TOKEN,
    account_row,
    activities,
    add_account,
    add_community,
    counts,
    handles,
    token,
)
from tests.fixtures.sync.platform_server import PlatformServer, Reply, load, running

ME = "/api/v1/accounts/1"


def serve_mastodon(server: PlatformServer, page: int = 2) -> None:
    server.routes["/api/v1/accounts/verify_credentials"] = lambda r: Reply(
        load("mastodon/account.json")
    )
    server.mastodon_list(f"{ME}/followers", load("mastodon/followers.json"), page)
    server.mastodon_list(f"{ME}/following", load("mastodon/following.json"), page)
    server.mastodon_list("/api/v1/notifications", load("mastodon/notifications.json"), page)
    server.mastodon_list(
        "/api/v1/timelines/tag/opensource", load("mastodon/tag_timeline.json"), page
    )


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_mastodon(started)
        yield started


def test_followers_notifications_and_hashtag_become_people_and_activities(
    store: Store, server: PlatformServer
) -> None:
    community = add_community(store, "Open source friends")
    account = add_account(
        store,
        Platform.MASTODON,
        server.url,
        settings={"hashtag": "#opensource", "community_id": community},
    )

    report = sync_account(store, account, secret_for=token)

    host = urlsplit(server.url).netloc
    assert handles(store, Platform.MASTODON) == {
        f"ada@{host}", "grace@fosstodon.example", "linus@hachyderm.example", f"margaret@{host}",
        "katherine@mathstodon.example", "alan@mathstodon.example", f"hedy@{host}",
        "barbara@types.example",
    }  # fmt: skip
    assert counts(store) == (8, 8, 8)
    found = {(e.rsplit("/", 1)[-1], h.split("@")[0], k) for e, h, k, _, _ in activities(store)}
    assert found == {
        ("9006", "ada", "mention"), ("9005", "grace", "comment"), ("9004", "margaret", "reaction"),
        ("9003", "katherine", "share"), ("9001", "linus", "reaction"),
        ("7003", "alan", "post"), ("7002", "ada", "post"), ("7001", "barbara", "post"),
    }  # fmt: skip
    assert {c for *_, c, _ in activities(store)} == {community}
    titles = {t for *_, t in activities(store)}
    assert "Favourited: Our community call is on Thursday & everyone is welcome" in titles
    # Every page was asked for, older pages by the max_id of the Link header.
    assert [r.query.get("max_id") for r in server.hits(f"{ME}/followers")] == [
        None,
        "108",
        "106",
        "105",
    ]
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in server.requests)
    assert report.counts.people_added == 8 and report.counts.activities_added == 8
    row = account_row(store, account)
    assert row.sync_status is SyncStatus.OK and row.last_error is None
    assert row.last_sync_at is not None
    cursor = json.loads(row.sync_cursor or "{}")
    assert cursor["notifications"] == {"since": "9006"}
    assert cursor["hashtag"] == {"since": "7003"}


def test_second_sync_adds_nothing_and_asks_only_for_newer(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url, settings={"hashtag": "opensource"})
    sync_account(store, account, secret_for=token)
    before = counts(store)
    server.requests.clear()

    report = sync_account(store, account, secret_for=token)

    assert counts(store) == before
    assert report.counts.people_added == 0 and report.counts.activities_added == 0
    assert server.hits("/api/v1/notifications")[0].query["since_id"] == "9006"
    assert server.hits("/api/v1/timelines/tag/opensource")[0].query["since_id"] == "7003"


def test_new_notifications_since_the_last_sync_are_added(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    sync_account(store, account, secret_for=token)
    people, identities, stored = counts(store)
    newer = load("mastodon/notifications.json")
    fresh = dict(newer[0], id="9010", created_at="2024-05-07T09:00:00.000Z")
    server.mastodon_list("/api/v1/notifications", [fresh, *newer], 2)

    sync_account(store, account, secret_for=token)

    assert counts(store) == (people, identities, stored + 1)
    assert json.loads(account_row(store, account).sync_cursor or "{}")["notifications"] == {
        "since": "9010"
    }


def test_without_a_token_the_public_lists_are_read(store: Store, server: PlatformServer) -> None:
    server.routes["/api/v1/accounts/lookup"] = lambda r: Reply(load("mastodon/account.json"))
    account = add_account(store, Platform.MASTODON, server.url)

    sync_account(store, account, secret_for=lambda a: None)

    assert counts(store) == (6, 6, 0)  # followers and following, no notifications
    assert server.hits("/api/v1/accounts/lookup")[0].query == {"acct": "commdesk"}
    assert not server.hits("/api/v1/notifications")
    assert all("authorization" not in r.headers for r in server.requests)
