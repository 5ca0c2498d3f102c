"""Mastodon: followers and following become people with Mastodon identities; notifications
(mentions, replies, favourites, boosts) and posts under the tracked hashtag become activities.

REST API v1 (docs.joinmastodon.org): lists are newest first, paginated by ``Link`` headers
(``max_id`` going older); ``since_id`` asks only for what is newer than the last sync.
Settings: ``hashtag`` (without #) and ``community_id`` for the activities.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from commdesk.domain.enums import ActivityKind
from commdesk.sync.http import HttpClient
from commdesk.sync.records import FoundActivity, FoundPerson, SyncAccount
from commdesk.sync.streams import (
    LinkedStream,
    Stream,
    community_setting,
    parse_time,
    plain_title,
    shape_checked,
)

PAGE = 80  # the API's maximum for accounts and notifications
STATUS_PAGE = 40  # and for timelines

NOTIFICATION_KINDS = {
    "mention": ActivityKind.MENTION,
    "favourite": ActivityKind.REACTION,
    "reblog": ActivityKind.SHARE,
}


def auth_headers(secret: str | None) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"} if secret else {}


class MastodonConnector:
    def __init__(self, account: SyncAccount, http: HttpClient, community_id: int | None) -> None:
        self.account = account
        self.http = http
        self.host = urlsplit(account.base_url).netloc.lower()
        self.community_id = community_setting(account.settings) or community_id
        self.hashtag = str(account.settings.get("hashtag") or "").lstrip("#").strip()

    def streams(self, authenticated: bool) -> list[Stream]:
        own_id = self._own_id(authenticated)
        accounts = f"/api/v1/accounts/{quote(own_id)}"
        found: list[Stream] = [
            LinkedStream(
                "followers", "Followers", self.http, f"{accounts}/followers",
                self._accounts, {"limit": PAGE},
            ),
            LinkedStream(
                "following", "Following", self.http, f"{accounts}/following",
                self._accounts, {"limit": PAGE},
            ),
        ]  # fmt: skip
        if authenticated:
            found.append(
                LinkedStream(
                    "notifications", "Notifications", self.http, "/api/v1/notifications",
                    self._notifications, {"limit": PAGE},
                    since_param="since_id", marker=lambda item: item["id"],
                )
            )  # fmt: skip
        if self.hashtag:
            found.append(
                LinkedStream(
                    "hashtag", f"#{self.hashtag}", self.http,
                    f"/api/v1/timelines/tag/{quote(self.hashtag)}", self._statuses,
                    {"limit": STATUS_PAGE}, since_param="since_id", marker=lambda s: s["id"],
                )
            )  # fmt: skip
        return found

    def _own_id(self, authenticated: bool) -> str:
        """The account's id: from the token when there is one, else looked up by name."""
        if authenticated:
            path, params = "/api/v1/accounts/verify_credentials", {}
        else:
            path, params = "/api/v1/accounts/lookup", {"acct": self.account.username}
        reply = self.http.get(path, params)
        with shape_checked(self.http, path):
            return str(reply.data["id"])

    def person(self, account: dict[str, Any]) -> FoundPerson:
        acct = str(account["acct"])
        handle = acct if "@" in acct else f"{acct}@{self.host}"
        return FoundPerson(
            handle=handle.lower(),
            name=(account.get("display_name") or "").strip() or None,
            profile_url=account.get("url"),
        )

    def _accounts(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        return [self.person(a) for a in items], []

    def _notifications(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        people: list[FoundPerson] = []
        activities: list[FoundActivity] = []
        for item in items:
            kind = NOTIFICATION_KINDS.get(item["type"])
            if kind is None:  # follows, polls, edits…: the person is still worth knowing
                people.append(self.person(item["account"]))
                continue
            status = item.get("status") or {}
            if kind is ActivityKind.MENTION and status.get("in_reply_to_id"):
                kind = ActivityKind.COMMENT
            person = self.person(item["account"])
            people.append(person)
            prefix = {
                ActivityKind.REACTION: "Favourited: ",
                ActivityKind.SHARE: "Boosted: ",
                ActivityKind.COMMENT: "Replied: ",
                ActivityKind.MENTION: "Mentioned: ",
            }[kind]
            activities.append(
                FoundActivity(
                    external_id=f"{self.host}/notifications/{item['id']}",
                    handle=person.handle,
                    kind=kind,
                    occurred_at=parse_time(item["created_at"]),
                    title=plain_title(status.get("content"), prefix),
                    url=status.get("url"),
                    community_id=self.community_id,
                )
            )
        return people, activities

    def _statuses(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        people: list[FoundPerson] = []
        activities: list[FoundActivity] = []
        for status in items:
            person = self.person(status["account"])
            people.append(person)
            activities.append(
                FoundActivity(
                    # A status's URI is the same on every server that has seen it.
                    external_id=str(status.get("uri") or f"{self.host}/statuses/{status['id']}"),
                    handle=person.handle,
                    kind=ActivityKind.POST,
                    occurred_at=parse_time(status["created_at"]),
                    title=plain_title(status.get("content"), f"#{self.hashtag}: "),
                    url=status.get("url"),
                    community_id=self.community_id,
                )
            )
        return people, activities
