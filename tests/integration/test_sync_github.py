"""GitHub sync against a real HTTP server on 127.0.0.1 serving the REST API's JSON shapes."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from commdesk.domain import Channel
from commdesk.domain.enums import Platform
from commdesk.store import Store
from commdesk.sync.engine import sync_account
from commdesk.sync.github import api_url
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
from tests.fixtures.sync.platform_server import PlatformServer, load, running

REPO = "/repos/acme/widgets"
SETTINGS = {"org": "acme", "repository": "acme/widgets"}


def serve_github(server: PlatformServer, page: int = 2) -> None:
    server.github_list("/orgs/acme/members", load("github/members.json"), page)
    server.github_list(f"{REPO}/contributors", load("github/contributors.json"), page)
    server.github_list(f"{REPO}/stargazers", load("github/stargazers.json"), page)
    server.github_list(f"{REPO}/issues", load("github/issues.json"), page)
    server.github_list(f"{REPO}/issues/comments", load("github/comments.json"), page)
    server.github_list(f"{REPO}/pulls/comments", load("github/review_comments.json"), page)


@pytest.fixture
def server() -> Iterator[PlatformServer]:
    with running() as started:
        serve_github(started)
        yield started


def test_members_contributors_stars_issues_and_comments(
    store: Store, server: PlatformServer
) -> None:
    community = add_community(store, "Widgets")
    with store.session() as session:  # the community lists the repository as its channel
        session.add(
            Channel(community_id=community, platform=Platform.GITHUB, address="acme/widgets")
        )
    account = add_account(store, Platform.GITHUB, server.url, settings=SETTINGS)

    sync_account(store, account, secret_for=token)

    assert handles(store, Platform.GITHUB) == {
        "octocat", "hubot", "monalisa", "defunkt", "mojombo", "torvalds", "gaearon",
        "sindresorhus", "pjhyett", "wycats",
    }  # fmt: skip
    stored = activities(store)
    assert [(e, h, k) for e, h, k, _, _ in stored] == [
        ("issue-comment/2001", "octocat", "comment"),
        ("issue-comment/2002", "hubot", "comment"),
        ("issue-comment/2003", "wycats", "comment"),
        ("issue/1001", "defunkt", "post"),
        ("issue/1002", "mojombo", "post"),
        ("issue/1003", "pjhyett", "post"),
        ("issue/1004", "octocat", "post"),
        ("issue/1005", "gaearon", "post"),
        ("review-comment/3001", "mojombo", "comment"),
        ("star/acme/widgets/defunkt", "defunkt", "reaction"),
        ("star/acme/widgets/gaearon", "gaearon", "reaction"),
        ("star/acme/widgets/sindresorhus", "sindresorhus", "reaction"),
        ("star/acme/widgets/torvalds", "torvalds", "reaction"),
    ]
    assert {c for *_, c, _ in stored} == {community}
    titles = {t for *_, t in stored}
    assert "Opened pull request #2: Add dark mode" in titles
    assert "Commented on #2: Looks **great**" in titles
    assert "Reviewed #2: Should this be configurable?" in titles
    # Pagination: page 2 and 3 of the issues were followed from the Link header.
    assert [r.query.get("page") for r in server.hits(f"{REPO}/issues")] == [None, "2", "3"]
    headers = server.requests[0].headers
    assert headers["authorization"] == f"Bearer {TOKEN}"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert (
        server.hits(f"{REPO}/stargazers")[0].headers["accept"] == "application/vnd.github.star+json"
    )
    cursor = json.loads(account_row(store, account).sync_cursor or "{}")
    assert cursor["issues"] == {"since": "2024-03-10T10:00:00Z"}


def test_second_sync_adds_nothing_and_reads_issues_since_the_last(
    store: Store, server: PlatformServer
) -> None:
    account = add_account(store, Platform.GITHUB, server.url, settings=SETTINGS)
    sync_account(store, account, secret_for=token)
    before = counts(store)
    server.requests.clear()

    report = sync_account(store, account, secret_for=token)

    assert counts(store) == before == (10, 10, 13)
    assert report.counts.activities_added == 0 and report.counts.people_added == 0
    assert server.hits(f"{REPO}/issues")[0].query["since"] == "2024-03-10T10:00:00Z"
    assert server.hits(f"{REPO}/issues/comments")[0].query["since"] == "2024-03-10T11:00:00Z"


def test_github_com_accounts_use_the_api_host() -> None:
    assert api_url("https://github.com") == "https://api.github.com"
    assert api_url("https://git.example.org/api/v3") == "https://git.example.org/api/v3"
