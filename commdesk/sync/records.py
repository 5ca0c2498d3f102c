"""Plain values a connector hands to the store writer: people and activities found on a
platform, one page at a time. No ORM objects: pages cross threads and are cheap to build."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from commdesk.domain.enums import ActivityKind, Platform

# The shape of every progress callback in CommDesk: (fraction 0..1 or None, message) -> False
# once the person asked to stop.
ProgressFn = Callable[[float | None, str], bool]

# A connector's resume point for one stream: JSON-able values only (it is stored as JSON).
StreamState = dict[str, Any]


@dataclass(frozen=True, slots=True)
class FoundPerson:
    """Someone seen on a platform. ``handle`` is unique on the platform (with its server)."""

    handle: str
    name: str | None = None  # the display name; None when the platform only gave the handle
    profile_url: str | None = None
    email: str | None = None


@dataclass(frozen=True, slots=True)
class FoundActivity:
    """Something a person did; ``external_id`` is unique on the platform (idempotent sync)."""

    external_id: str
    handle: str  # the FoundPerson who did it (must be in the same page)
    kind: ActivityKind
    occurred_at: datetime
    title: str | None = None
    url: str | None = None
    community_id: int | None = None


@dataclass(slots=True)
class Page:
    """One page of a stream: what it found, where to go on, and whether the stream is done."""

    state: StreamState
    done: bool
    people: list[FoundPerson] = field(default_factory=list)
    activities: list[FoundActivity] = field(default_factory=list)
    # Memberships: (handle, community id) pairs, for platforms whose groups map to communities.
    members: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SyncAccount:
    """An account as the sync sees it: plain values read from the store."""

    id: int
    platform: Platform
    base_url: str
    username: str
    credential_key: str
    settings: dict[str, Any]
    cursor: dict[str, StreamState]
