"""GitHub: an organisation's members and a repository's contributors, stargazers, issue and
pull request authors and commenters (conversation and code review) become people with GitHub identities; stars, issues, pull
requests and comments become activities in the repository's community.

REST API (docs.github.com/rest): ``Link`` pagination (``rel="next"``), ``per_page=100``;
issues and comments are read incrementally with ``since`` (updated at or after), oldest first.
Settings: ``org``, ``repository`` ("owner/name") and ``community_id``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote, urlsplit

from commdesk.domain.enums import ActivityKind
from commdesk.errors import ValidationError
from commdesk.sync.http import HttpClient
from commdesk.sync.records import FoundActivity, FoundPerson, SyncAccount
from commdesk.sync.streams import LinkedStream, Stream, community_setting, parse_time, plain_title

PAGE = 100
API_VERSION = "2022-11-28"
STARS = "application/vnd.github.star+json"  # stargazers with the time they starred


def api_url(base_url: str) -> str:
    """github.com's API lives on api.github.com; GitHub Enterprise (or a test server) serves
    it at the URL given."""
    host = urlsplit(base_url).netloc.lower()
    return "https://api.github.com" if host in ("github.com", "www.github.com") else base_url


def auth_headers(secret: str | None) -> dict[str, str]:
    headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": API_VERSION}
    if secret:
        headers["Authorization"] = f"Bearer {secret}"
    return headers


class GitHubConnector:
    def __init__(self, account: SyncAccount, http: HttpClient, community_id: int | None) -> None:
        self.http = http
        self.org = str(account.settings.get("org") or "").strip()
        self.repository = str(account.settings.get("repository") or "").strip().strip("/")
        if self.repository and self.repository.count("/") != 1:
            raise ValidationError("repository", f"{self.repository!r} is not owner/name.")
        self.community_id = community_setting(account.settings) or community_id

    def streams(self, authenticated: bool) -> list[Stream]:
        found: list[Stream] = []
        if self.org:
            found.append(
                LinkedStream(
                    "members", "Organisation members", self.http,
                    f"/orgs/{quote(self.org)}/members", self._users, {"per_page": PAGE},
                )
            )  # fmt: skip
        if self.repository:
            repo = "/repos/" + "/".join(quote(p) for p in self.repository.split("/"))
            found += [
                LinkedStream(
                    "contributors", "Contributors", self.http, f"{repo}/contributors",
                    self._users, {"per_page": PAGE},
                ),
                LinkedStream(
                    "stargazers", "Stargazers", self.http, f"{repo}/stargazers",
                    self._stars, {"per_page": PAGE}, headers={"Accept": STARS},
                ),
                LinkedStream(
                    "issues", "Issues and pull requests", self.http, f"{repo}/issues",
                    self._issues,
                    {"per_page": PAGE, "state": "all", "sort": "updated", "direction": "asc"},
                    since_param="since", marker=lambda i: i["updated_at"], newest_first=False,
                ),
                LinkedStream(
                    "comments", "Comments", self.http, f"{repo}/issues/comments",
                    self._comments, {"per_page": PAGE, "sort": "updated", "direction": "asc"},
                    since_param="since", marker=lambda c: c["updated_at"], newest_first=False,
                ),
                LinkedStream(
                    "review-comments", "Review comments", self.http, f"{repo}/pulls/comments",
                    self._comments, {"per_page": PAGE, "sort": "updated", "direction": "asc"},
                    since_param="since", marker=lambda c: c["updated_at"], newest_first=False,
                ),
            ]  # fmt: skip
        return found

    @staticmethod
    def person(user: dict[str, Any]) -> FoundPerson:
        return FoundPerson(handle=str(user["login"]), profile_url=user.get("html_url"))

    def _users(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        return [self.person(u) for u in items if u.get("login")], []

    def _stars(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        people = [self.person(item["user"]) for item in items]
        activities = [
            FoundActivity(
                external_id=f"star/{self.repository}/{p.handle}",
                handle=p.handle,
                kind=ActivityKind.REACTION,
                occurred_at=parse_time(item["starred_at"]),
                title=f"Starred {self.repository}",
                url=p.profile_url,
                community_id=self.community_id,
            )
            for p, item in zip(people, items, strict=True)
        ]
        return people, activities

    def _issues(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        people = [self.person(item["user"]) for item in items]
        activities = []
        for person, item in zip(people, items, strict=True):
            what = "pull request" if item.get("pull_request") else "issue"
            activities.append(
                FoundActivity(
                    external_id=f"issue/{item['id']}",
                    handle=person.handle,
                    kind=ActivityKind.POST,
                    occurred_at=parse_time(item["created_at"]),
                    title=plain_title(item.get("title"), f"Opened {what} #{item['number']}: "),
                    url=item.get("html_url"),
                    community_id=self.community_id,
                )
            )
        return people, activities

    def _comments(self, items: list[Any]) -> tuple[list[FoundPerson], list[FoundActivity]]:
        people = [self.person(item["user"]) for item in items]
        activities = []
        for person, item in zip(people, items, strict=True):
            review = "pull_request_url" in item  # a comment on a pull request's code
            parent = item.get("pull_request_url") if review else item.get("issue_url")
            number = str(parent or "").rsplit("/", 1)[-1]
            activities.append(
                FoundActivity(
                    external_id=f"{'review-comment' if review else 'issue-comment'}/{item['id']}",
                    handle=person.handle,
                    kind=ActivityKind.COMMENT,
                    occurred_at=parse_time(item["created_at"]),
                    title=plain_title(
                        item.get("body"),
                        f"Reviewed #{number}: " if review else f"Commented on #{number}: ",
                    ),
                    url=item.get("html_url"),
                    community_id=self.community_id,
                )
            )
        return people, activities
