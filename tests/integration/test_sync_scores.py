"""A sync leaves the engagement summary right: when it ends, done or failed, the authors of
the activities it added are rescored together (a full recompute gives them the same), nobody
else is, and a sync that adds nothing rescores nobody. Against the local Mastodon test server."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from commdesk.domain import Activity
from commdesk.domain.enums import Platform
from commdesk.store import Store
from commdesk.sync.engine import sync_account
from commdesk.sync.errors import SyncError
from tests.fixtures.sync.accounts import add_account, counts, token
from tests.fixtures.sync.platform_server import PlatformServer, Reply, load, running
from tests.integration.test_sync_failures import fail_on_page
from tests.integration.test_sync_mastodon import serve_mastodon
from tests.unit.test_engagement_kept_in_step import assert_same_as_recompute, summary


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_mastodon(started)
        yield started


def authors(store: Store) -> set[int]:
    with store.read() as session:
        return set(session.scalars(sa.select(Activity.person_id).distinct()))


def test_a_sync_scores_the_authors_it_adds_and_nobody_else(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    sync_account(store, account, secret_for=token)
    first = summary(store)
    # The followers without a notification have no activity: no row (observers).
    assert set(first) == authors(store) and len(first) == 5
    assert all(score > 0 for score, _level, _at in first.values())
    # Ada's mention, Grace's comment, Margaret's and Linus's reactions, Katherine's share
    # (the notifications of May 2024): what a full recompute gives them.
    assert_same_as_recompute(store, set(first))
    recomputed = summary(store)

    sync_account(store, account, secret_for=token)  # nothing new: nobody rescored
    assert summary(store) == recomputed

    newer = load("mastodon/notifications.json")
    fresh = dict(newer[0], id="9010", created_at="2024-05-07T09:00:00.000Z")
    server.mastodon_list("/api/v1/notifications", [fresh, *newer], 2)
    sync_account(store, account, secret_for=token)

    with store.read() as session:
        author = session.scalar(
            sa.select(Activity.person_id).where(Activity.external_id.like("%/9010"))
        )
    assert author is not None
    after = summary(store)
    assert {p for p in after if after[p] != recomputed[p]} == {author}
    assert after[author][0] > recomputed[author][0]  # one more mention counts
    assert_same_as_recompute(store, {author})


def test_a_sync_that_fails_half_way_scores_the_authors_of_the_pages_it_kept(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.MASTODON, server.url)
    # The second page of notifications (older than 9005) fails: the first page is kept.
    fail_on_page(server, "/api/v1/notifications", "9005", Reply({"error": "boom"}, 500))

    with pytest.raises(SyncError, match="HTTP 500"):
        sync_account(store, account, secret_for=token)

    kept = authors(store)
    assert counts(store)[2] == 2 and len(kept) == 2  # Ada's mention and Grace's comment
    assert set(summary(store)) == kept
    assert_same_as_recompute(store, kept)
