"""Discourse sync against a real HTTP server on 127.0.0.1 serving the forum API's JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from commdesk.domain import Identity, Membership, PersonEmail
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
from tests.fixtures.sync.platform_server import PlatformServer, Reply, Request, load, running

PAGE = 2


def serve_discourse(server: PlatformServer, posts: list[dict[str, Any]] | None = None) -> None:
    directory = load("discourse/directory_items.json")
    posts = posts if posts is not None else load("discourse/posts.json")["latest_posts"]
    group = load("discourse/group_members.json")

    def users(request: Request) -> Reply:
        page = int(request.query.get("page", "0"))
        items = directory["directory_items"][page * PAGE : (page + 1) * PAGE]
        return Reply({"directory_items": items, "meta": directory["meta"]})

    def latest(request: Request) -> Reply:
        before = int(request.query.get("before", "1000000"))
        return Reply({"latest_posts": [p for p in posts if p["id"] < before][:PAGE]})

    def members(request: Request) -> Reply:
        offset, limit = int(request.query["offset"]), int(request.query["limit"])
        return Reply(dict(group, members=group["members"][offset : offset + min(limit, PAGE)]))

    server.routes["/directory_items.json"] = users
    server.routes["/posts.json"] = latest
    server.routes["/groups/team/members.json"] = members


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_discourse(started)
        yield started


def test_users_posts_categories_and_groups(store: Store, server: PlatformServer) -> None:
    meta = add_community(store, "Forum regulars")
    calls = add_community(store, "Community calls")
    team = add_community(store, "Core team")
    settings = {"community_id": meta, "categories": {"5": calls}, "groups": {"team": team}}
    account = add_account(store, Platform.DISCOURSE, server.url, "admin", settings)

    sync_account(store, account, secret_for=token)

    host = urlsplit(server.url).netloc
    assert handles(store, Platform.DISCOURSE) == {
        f"{u}@{host}" for u in ("system", "sam", "jeff", "ada", "newbie")
    }
    stored = {
        e.rsplit("/", 1)[-1]: (h.split("@")[0], k, c, t) for e, h, k, c, t in activities(store)
    }
    assert stored == {
        "16": ("ada", "comment", calls, "Replied to: Community call"),
        "15": ("jeff", "comment", calls, "Replied to: Community call"),
        "14": ("sam", "post", calls, "Started topic: Community call"),
        "13": ("newbie", "post", meta, "Started topic: Hello from a newcomer"),
        "12": ("jeff", "comment", meta, "Replied to: Welcome to the forum"),
        "11": ("system", "post", meta, "Started topic: Welcome to the forum"),
    }
    with store.read() as session:
        members = session.scalars(
            select(Membership.person_id).where(Membership.community_id == team)
        ).all()
    assert len(members) == 3
    assert [r.query.get("before") for r in server.hits("/posts.json")] == [None, "15", "13", "11"]
    assert [r.query["page"] for r in server.hits("/directory_items.json")] == ["0", "1", "2"]
    first = server.requests[0].headers
    assert (first["api-key"], first["api-username"]) == (TOKEN, "admin")
    assert json.loads(account_row(store, account).sync_cursor or "{}")["posts"] == {"since": 16}


def test_second_sync_adds_only_newer_posts(store: Store, server: PlatformServer) -> None:
    account = add_account(store, Platform.DISCOURSE, server.url, "admin")
    sync_account(store, account, secret_for=token)
    assert counts(store) == (5, 5, 6)
    posts = load("discourse/posts.json")["latest_posts"]
    newer = dict(posts[0], id=17, post_number=4, created_at="2024-05-07T10:00:00.000Z")
    serve_discourse(server, [newer, *posts])
    server.requests.clear()

    report = sync_account(store, account, secret_for=token)

    assert counts(store) == (5, 5, 7)
    assert report.counts.activities_added == 1
    assert len(server.hits("/posts.json")) == 1  # stopped at the post it already had


def test_an_admin_key_lists_users_with_emails_matching_people_already_known(
    store: Store, server: PlatformServer
) -> None:
    from commdesk.services.people import PeopleService
    from commdesk.services.records import PersonDraft

    ada = PeopleService(store).create(PersonDraft("Ada King", emails=("ada@acme.io",)))
    users = load("discourse/admin_users.json")

    def admin(request: Request) -> Reply:
        page = int(request.query["page"])
        assert request.query["show_emails"] == "true"
        return Reply(users[(page - 1) * PAGE : page * PAGE])

    server.routes["/admin/users/list/active.json"] = admin
    account = add_account(store, Platform.DISCOURSE, server.url, "admin")

    report = sync_account(store, account, secret_for=token)

    host = urlsplit(server.url).netloc
    with store.read() as session:
        owner = session.scalar(select(Identity.person_id).where(Identity.handle == f"ada@{host}"))
        emails = set(session.scalars(select(PersonEmail.email)))
    assert owner == ada  # matched by email, not added again
    assert counts(store) == (5, 5, 6)
    assert "sam@forum-mail.example" in emails
    assert report.counts.people_added == 4
    assert [r.query["page"] for r in server.hits("/admin/users/list/active.json")] == [
        "1", "2", "3", "4",
    ]  # fmt: skip
    assert not server.hits("/directory_items.json")
