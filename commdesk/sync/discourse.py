"""Discourse: the forum's users become people with identities; topics (their first posts) and
replies become activities, in the community their category is mapped to; members of mapped
groups become members of those communities.

Discourse API (docs.discourse.org): ``/admin/users/list/active.json?show_emails=true&page=N``
(with an admin key; else the public ``/directory_items.json?page=N``), ``/posts.json`` (latest
posts, newest first, older ones with ``before=<post id>``), ``/groups/NAME/members.json`` with
``offset``/``limit``. Authentication by the ``Api-Key`` and ``Api-Username`` headers.
Settings: ``categories`` {category id: community id}, ``groups`` {group name: community id},
``community_id`` for everything not mapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from commdesk.domain.enums import ActivityKind
from commdesk.sync.errors import HttpStatusError, SyncError
from commdesk.sync.http import HttpClient
from commdesk.sync.records import FoundActivity, FoundPerson, Page, StreamState, SyncAccount
from commdesk.sync.streams import (
    Stream,
    community_setting,
    expect_list,
    parse_time,
    plain_title,
    shape_checked,
)

GROUP_PAGE = 50
ADMIN_USERS = "/admin/users/list/active.json"


def auth_headers(secret: str | None, username: str) -> dict[str, str]:
    return {"Api-Key": secret, "Api-Username": username} if secret else {}


class DiscourseConnector:
    def __init__(self, account: SyncAccount, http: HttpClient, community_id: int | None) -> None:
        self.http = http
        self.base = account.base_url.rstrip("/")
        self.host = urlsplit(account.base_url).netloc.lower()
        self.community_id = community_setting(account.settings) or community_id
        self.categories = _id_map(account.settings.get("categories"), "categories")
        self.groups = _id_map(account.settings.get("groups"), "groups")

    def streams(self, authenticated: bool) -> list[Stream]:
        found: list[Stream] = [_Users(self), _LatestPosts(self)]
        found += [_GroupMembers(self, name, community) for name, community in self.groups.items()]
        return found

    def person(self, user: dict[str, Any], email: str | None = None) -> FoundPerson:
        username = str(user["username"])
        return FoundPerson(
            handle=f"{username}@{self.host}".lower(),
            name=(user.get("name") or "").strip() or None,
            profile_url=f"{self.base}/u/{quote(username)}",
            email=email or None,
        )

    def community_of(self, category_id: Any) -> int | None:
        return self.categories.get(str(category_id), self.community_id)


@dataclass
class _Users:
    """Every user of the forum. With an admin key, the admin list gives their emails (so they
    match people already known by email); otherwise the public directory, a page at a time."""

    connector: DiscourseConnector
    name: str = "users"
    label: str = "Users"

    def fetch(self, state: StreamState) -> Page:
        if state.get("source") != "directory":
            try:
                return self._admin(state)
            except HttpStatusError as exc:
                if exc.status not in (401, 403, 404):
                    raise
                state = {"source": "directory"}  # not an admin: the public directory it is
        return self._directory(state)

    def _admin(self, state: StreamState) -> Page:
        http, endpoint = self.connector.http, ADMIN_USERS
        page = int(state.get("page", 1))
        params: dict[str, str | int] = {
            "page": page,
            "show_emails": "true",
            "order": "created",
            "asc": "true",
        }
        items = expect_list(http.get(endpoint, params).data, http, endpoint)
        with shape_checked(http, endpoint):
            people = [self.connector.person(user, user.get("email")) for user in items]
        if not items:
            return Page({}, True, people)
        return Page({"source": "admin", "page": page + 1}, False, people)

    def _directory(self, state: StreamState) -> Page:
        http, endpoint = self.connector.http, "/directory_items.json"
        page = int(state.get("page", 0))
        reply = http.get(endpoint, {"period": "all", "order": "post_count", "page": page})
        items = expect_list(reply.data, http, endpoint, "directory_items")
        with shape_checked(http, endpoint):
            people = [self.connector.person(item["user"]) for item in items]
            total = int(reply.data.get("meta", {}).get("total_rows_directory_items", 0))
        seen = int(state.get("seen", 0)) + len(items)
        if not items or seen >= total:
            return Page({}, True, people)
        return Page({"source": "directory", "page": page + 1, "seen": seen}, False, people)


@dataclass
class _LatestPosts:
    """Posts newest first; a finished pass remembers the newest id and stops there next time."""

    connector: DiscourseConnector
    name: str = "posts"
    label: str = "Topics and posts"

    def fetch(self, state: StreamState) -> Page:
        http, endpoint = self.connector.http, "/posts.json"
        since = int(state.get("since", 0))
        params = {"before": int(state["before"])} if state.get("before") else {}
        reply = http.get(endpoint, params)
        items = expect_list(reply.data, http, endpoint, "latest_posts")
        with shape_checked(http, endpoint):
            ids = [int(post["id"]) for post in items]
            fresh = [post for post, i in zip(items, ids, strict=True) if i > since]
            people, activities = self._parse(fresh)
        top = max([int(state.get("top", 0)), *ids])
        if not fresh or len(fresh) < len(items) or min(ids) <= 1:
            return Page({"since": max(top, since)}, True, people, activities)
        return Page({"before": min(ids), "since": since, "top": top}, False, people, activities)

    def _parse(self, posts: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        connector = self.connector
        people: list[FoundPerson] = []
        activities: list[FoundActivity] = []
        for post in posts:
            person = connector.person(post)
            people.append(person)
            number = int(post["post_number"])
            topic = post.get("topic_title") or post.get("topic_slug") or ""
            first = number == 1
            activities.append(
                FoundActivity(
                    external_id=f"{connector.host}/posts/{post['id']}",
                    handle=person.handle,
                    kind=ActivityKind.POST if first else ActivityKind.COMMENT,
                    occurred_at=parse_time(post["created_at"]),
                    title=plain_title(topic, "Started topic: " if first else "Replied to: "),
                    url=f"{connector.base}/t/{post.get('topic_slug') or '-'}"
                    f"/{post['topic_id']}/{number}",
                    community_id=connector.community_of(post.get("category_id")),
                )
            )
        return people, activities


@dataclass
class _GroupMembers:
    """A mapped group's members: people, and members of the group's community."""

    connector: DiscourseConnector
    group: str
    community_id: int

    @property
    def name(self) -> str:
        return f"group:{self.group}"

    @property
    def label(self) -> str:
        return f"Group {self.group}"

    def fetch(self, state: StreamState) -> Page:
        http = self.connector.http
        endpoint = f"/groups/{quote(self.group)}/members.json"
        offset = int(state.get("offset", 0))
        reply = http.get(endpoint, {"offset": offset, "limit": GROUP_PAGE})
        items = expect_list(reply.data, http, endpoint, "members")
        with shape_checked(http, endpoint):
            people = [self.connector.person(user) for user in items]
            total = int(reply.data.get("meta", {}).get("total", 0))
        members = [(p.handle, self.community_id) for p in people]
        offset += len(items)
        if not items or offset >= total:
            return Page({}, True, people, members=members)
        return Page({"offset": offset}, False, people, members=members)


def _id_map(value: Any, setting: str) -> dict[str, int]:
    if not value:
        return {}
    if not isinstance(value, dict):
        raise SyncError(f"The account setting {setting} must map names or ids to communities.")
    try:
        return {str(k): int(v) for k, v in value.items()}
    except (TypeError, ValueError) as exc:
        raise SyncError(f"The account setting {setting} must map to community ids.") from exc
