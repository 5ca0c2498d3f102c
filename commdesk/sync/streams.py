"""What the connectors share: a stream is one listing on a platform (followers, notifications,
issues …) read page by page from a resumable state; and the small parsers of their JSON."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from commdesk.sync.errors import SyncError
from commdesk.sync.http import HttpClient
from commdesk.sync.records import FoundActivity, FoundPerson, Page, StreamState

# Items of one page -> the people and activities they hold.
Parser = Callable[[list[Any]], tuple[list[FoundPerson], list[FoundActivity]]]

TITLE_LENGTH = 120


class Stream(Protocol):
    @property
    def name(self) -> str:
        """The key of its state in the account's cursor."""

    @property
    def label(self) -> str:
        """What the progress says it is reading."""

    def fetch(self, state: StreamState) -> Page: ...


@dataclass
class LinkedStream:
    """A listing paginated by ``Link: <…>; rel="next"`` (Mastodon, GitHub).

    With ``since_param`` it is incremental: a finished pass remembers the newest item's
    ``marker`` and the next pass asks only for newer ones. ``newest_first`` listings (Mastodon)
    stop at the first item not newer than that mark.
    """

    name: str
    label: str
    http: HttpClient
    path: str
    parse: Parser
    params: dict[str, str | int] = field(default_factory=dict)
    headers: dict[str, str] | None = None
    since_param: str | None = None
    marker: Callable[[Any], str] | None = None
    newest_first: bool = True

    def fetch(self, state: StreamState) -> Page:
        since: str | None = state.get("since")
        if state.get("next"):
            reply = self.http.get(state["next"], headers=self.headers)
        else:
            params = dict(self.params)
            if self.since_param and since:
                params[self.since_param] = since
            reply = self.http.get(self.path, params, headers=self.headers)
        items = expect_list(reply.data, self.http, self.path)
        top: str | None = state.get("top")
        reached_mark = False
        if self.marker is not None:
            with shape_checked(self.http, self.path):
                marks = [str(self.marker(item)) for item in items]
            if self.newest_first and since:
                kept = [i for i, m in zip(items, marks, strict=True) if newer(m, since)]
                reached_mark = len(kept) < len(items)
                items, marks = kept, [m for m in marks if newer(m, since)]
            for mark in marks:
                if top is None or newer(mark, top):
                    top = mark
        with shape_checked(self.http, self.path):
            people, activities = self.parse(items)
        following = reply.links.get("next") if items and not reached_mark else None
        if following:
            return Page({"next": following, "since": since, "top": top}, False, people, activities)
        finished: StreamState = {"since": top or since} if self.since_param else {}
        return Page(finished, True, people, activities)


def newer(mark: str, than: str) -> bool:
    """Snowflake ids and ISO times alike: a longer id is newer; same length compares as text."""
    return (len(mark), mark) > (len(than), than)


def expect_list(data: Any, http: HttpClient, endpoint: str, key: str | None = None) -> list[Any]:
    if key is not None:
        data = data.get(key) if isinstance(data, dict) else None
    if not isinstance(data, list):
        what = f'"{key}" list' if key else "list"
        raise SyncError(f"{http.origin} sent an unexpected reply for {endpoint}: no {what}.")
    return data


@contextmanager
def shape_checked(http: HttpClient, endpoint: str) -> Iterator[None]:
    """JSON that parses but lacks what the platform documents is reported by endpoint."""
    try:
        yield
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SyncError(
            f"{http.origin} sent an unexpected reply for {endpoint}: {type(exc).__name__} {exc}."
        ) from exc


def parse_time(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"\s+")


def plain_title(text: str | None, prefix: str = "") -> str | None:
    """A one-line title from HTML or Markdown-ish text, cut to a readable length."""
    if not text:
        return prefix.rstrip(": ") or None
    flat = _SPACES.sub(" ", html.unescape(_TAGS.sub(" ", text))).strip()
    if len(flat) > TITLE_LENGTH:
        flat = flat[: TITLE_LENGTH - 1].rstrip() + "…"
    return f"{prefix}{flat}"


def community_setting(settings: dict[str, Any], key: str = "community_id") -> int | None:
    value = settings.get(key)
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise SyncError(
            f"The account setting {key} must be a community id, not {value!r}."
        ) from exc
