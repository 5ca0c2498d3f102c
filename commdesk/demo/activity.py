"""Two years of activity: who did what, where and when, drawn for millions of rows at once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from commdesk.demo.communities import (
    CHAMPION,
    INFLUENCER,
    MODERATOR,
    PLATFORMS,
    Communities,
    Memberships,
)
from commdesk.demo.population import People, pick
from commdesk.demo.timeline import (
    END_DAY,
    SECONDS_PER_DAY,
    BoolArray,
    IntArray,
    ObjectArray,
    cumulative,
    day_weights,
    epoch,
    event_days,
)
from commdesk.demo.vocabulary import (
    EMAIL_SUBJECTS,
    EVENT_TITLES,
    EXTERNAL_TOPICS,
    HOME_DOMAIN,
    INTERNAL_TOPICS,
    MEETING_TITLES,
)
from commdesk.demo.world import WINDOW_DAYS
from commdesk.domain.enums import ActivityKind, ActivitySource, Platform

KINDS = tuple(ActivityKind)
SOURCES = tuple(ActivitySource)
_K = {kind: KINDS.index(kind) for kind in ActivityKind}
MANUAL = SOURCES.index(ActivitySource.MANUAL)

# Which kinds of activity happen on each platform (post, comment, reaction, share, mention,
# message, event attendance, meeting, email). Reactions lead, emails trail.
# fmt: off
_KIND_WEIGHTS = {
    Platform.MASTODON:  (0.18, 0.17, 0.35, 0.20, 0.10, 0, 0, 0, 0),
    Platform.DISCOURSE: (0.13, 0.35, 0.40, 0.06, 0.06, 0, 0, 0, 0),
    Platform.GITHUB:    (0.10, 0.36, 0.40, 0.04, 0.10, 0, 0, 0, 0),
    Platform.LINKEDIN:  (0.08, 0.20, 0.45, 0.22, 0.05, 0, 0, 0, 0),
    Platform.MEETUP:    (0.05, 0.25, 0.30, 0.05, 0.05, 0.10, 0.20, 0, 0),
    Platform.SLACK:     (0.10, 0.25, 0.38, 0.05, 0.08, 0.14, 0, 0, 0),
    Platform.DISCORD:   (0.10, 0.25, 0.35, 0.04, 0.08, 0.18, 0, 0, 0),
    Platform.EMAIL:     (0, 0.15, 0, 0.10, 0, 0.20, 0, 0.15, 0.40),
    Platform.WEBSITE:   (0.30, 0.50, 0, 0.20, 0, 0, 0, 0, 0),
    Platform.IN_PERSON: (0, 0, 0, 0, 0, 0, 0.55, 0.45, 0),
    Platform.OTHER:     (0.15, 0.30, 0.30, 0.05, 0, 0.10, 0, 0.10, 0),
}
# How activity reaches the log (manual, import, sync) per platform; synced where an API exists.
_SOURCE_WEIGHTS = {
    Platform.IN_PERSON: (1.0, 0, 0),
    Platform.EMAIL:     (0.4, 0.6, 0),
    Platform.OTHER:     (0.6, 0.4, 0),
}
_SYNCED = (0.05, 0.2, 0.75)
# External ids, unique per platform (prefix, number offset, suffix), and links to the item.
_EXTERNAL_IDS = {
    Platform.MASTODON:  ("", 113_400_000_000_000_000, ""),
    Platform.DISCOURSE: ("post-", 0, ""),
    Platform.GITHUB:    ("IC_kwDONw", 100_000_000, ""),
    Platform.LINKEDIN:  ("urn:li:activity:", 7_250_000_000_000_000_000, ""),
    Platform.MEETUP:    ("rsvp-", 0, ""),
    Platform.SLACK:     ("C0NW-", 1_000_000, ""),
    Platform.DISCORD:   ("", 1_290_000_000_000_000_000, ""),
    Platform.EMAIL:     ("<", 0, f"@mail.{HOME_DOMAIN}>"),
    Platform.WEBSITE:   ("web-", 0, ""),
    Platform.IN_PERSON: ("visit-", 0, ""),
    Platform.OTHER:     ("teams-", 0, ""),
}
_URLS = {
    Platform.DISCOURSE: (f"https://community.{HOME_DOMAIN}/p/", 0, ""),
    Platform.GITHUB:    ("https://github.com/northwind-collective/sdk/issues/", 1_000, ""),
    Platform.LINKEDIN:  ("https://www.linkedin.com/feed/update/urn:li:activity:",
                         7_250_000_000_000_000_000, "/"),
}
# fmt: on
_LINKED_KINDS = (_K[ActivityKind.POST], _K[ActivityKind.COMMENT], _K[ActivityKind.SHARE])
_DIRECT_KINDS = (_K[ActivityKind.MESSAGE], _K[ActivityKind.MEETING], _K[ActivityKind.EMAIL])
_ROLE_FACTOR = {MODERATOR: 2.0, CHAMPION: 2.5, INFLUENCER: 2.0}


def _title_pool() -> tuple[ObjectArray, IntArray, IntArray]:
    """All titles in one array (index 0: no title) and, per [kind, internal], where the
    titles for it start and how many there are."""
    pool: list[str | None] = [None]
    start = np.zeros((len(KINDS), 2), dtype=np.int64)
    count = np.zeros((len(KINDS), 2), dtype=np.int64)

    def add(kind: ActivityKind, internal: int, titles: list[str]) -> None:
        start[_K[kind], internal], count[_K[kind], internal] = len(pool), len(titles)
        pool.extend(titles)

    for internal, topics in ((0, EXTERNAL_TOPICS), (1, INTERNAL_TOPICS)):
        add(ActivityKind.POST, internal, list(topics))
        add(ActivityKind.COMMENT, internal, [f"Re: {t}" for t in topics])
        add(ActivityKind.SHARE, internal, [f"Shared: {t}" for t in topics])
        add(ActivityKind.EVENT_ATTENDANCE, internal, list(EVENT_TITLES))
        add(ActivityKind.MEETING, internal, list(MEETING_TITLES))
        add(ActivityKind.EMAIL, internal, list(EMAIL_SUBJECTS))
    return np.array(pool, dtype=object), start, count


_TITLES, _TITLE_START, _TITLE_COUNT = _title_pool()


@dataclass
class Activities:
    """Sorted by time; activity ``i`` is stored with id ``i + 1``."""

    occurred_at: IntArray
    person: IntArray
    community: IntArray  # -1: not in a community (a direct message, a meeting, an email)
    platform: IntArray  # index into PLATFORMS
    kind: IntArray  # index into KINDS
    title: IntArray  # index into the title pool, 0 for none
    source: IntArray  # index into SOURCES

    def __len__(self) -> int:
        return len(self.occurred_at)


def make_activities(
    rng: np.random.Generator, count: int, people: People, members: Memberships, comms: Communities
) -> Activities:
    # Each membership's share: how active the person is, how lively the community, the
    # member's role, and for how much of the window the membership lasted.
    start = np.maximum(members.joined, 0)
    end = np.minimum(members.left, END_DAY)
    span = np.maximum(end - start + 1, 0)
    role_factor = np.ones(len(members.role))
    for role, factor in _ROLE_FACTOR.items():
        role_factor[members.role == role] = factor
    share = people.weight[members.person] * comms.liveliness[members.community] * role_factor
    chosen = pick(rng, count, share * span / WINDOW_DAYS)
    community = members.community[chosen]
    person = members.person[chosen]
    start, end = start[chosen], end[chosen]

    channel = np.sum(rng.random(count)[:, None] > comms.channel_cdf[community], axis=1)
    platform = comms.channel_platform[community, channel]
    kind = np.zeros(count, dtype=np.int64)
    source = np.zeros(count, dtype=np.int64)
    for p, plat in enumerate(PLATFORMS):
        at = np.flatnonzero(platform == p)
        kind[at] = pick(rng, len(at), _KIND_WEIGHTS[plat])
        source[at] = pick(rng, len(at), _SOURCE_WEIGHTS.get(plat, _SYNCED))

    internal = comms.internal[community]
    day = _days(rng, start, end, internal)
    at_event = kind == _K[ActivityKind.EVENT_ATTENDANCE]
    day[at_event] = _on_event_days(day[at_event], start[at_event], end[at_event])
    seconds = np.where(
        internal,
        np.clip(rng.normal(11.5 * 3600, 2.5 * 3600, count), 7 * 3600, 19.5 * 3600),
        np.clip(rng.normal(13.5 * 3600, 4.0 * 3600, count), 0, SECONDS_PER_DAY - 1),
    )
    seconds[at_event] = np.clip(rng.normal(18.5 * 3600, 1200, int(at_event.sum())), 0, 86_399)
    occurred_at = epoch(day) + seconds.astype(np.int64)

    direct = np.isin(kind, _DIRECT_KINDS) & (rng.random(count) < 0.25)
    community = np.where(direct, -1, community)
    inside = internal.astype(np.int64)
    offset = np.floor(rng.random(count) * _TITLE_COUNT[kind, inside]).astype(np.int64)
    title = np.where(_TITLE_COUNT[kind, inside] > 0, _TITLE_START[kind, inside] + offset, 0)

    order = np.argsort(occurred_at, kind="stable")
    return Activities(
        occurred_at=occurred_at[order],
        person=person[order],
        community=community[order],
        platform=platform[order],
        kind=kind[order],
        title=title[order],
        source=source[order],
    )


def _days(
    rng: np.random.Generator, start: IntArray, end: IntArray, internal: BoolArray
) -> IntArray:
    """A day in each ``[start, end]``, following the weekly and seasonal rhythm."""
    day = np.empty(len(start), dtype=np.int64)
    for flag in (False, True):
        at = np.flatnonzero(internal == flag)
        cdf = cumulative(day_weights(internal=flag))
        low, high = cdf[start[at]], cdf[end[at] + 1]
        drawn = np.searchsorted(cdf, low + rng.random(len(at)) * (high - low), side="right") - 1
        day[at] = np.clip(drawn, start[at], end[at])
    return day


def _on_event_days(day: IntArray, start: IntArray, end: IntArray) -> IntArray:
    """Move attendance to the community's next monthly event (or the last one it had)."""
    events = event_days()
    after = events[np.minimum(np.searchsorted(events, day), len(events) - 1)]
    before = events[np.maximum(np.searchsorted(events, day, side="right") - 1, 0)]
    moved = np.where(after <= end, after, np.where(before >= start, before, day))
    result: IntArray = np.clip(moved, 0, END_DAY)
    return result


def activity_rows(acts: Activities, first: int, stop: int) -> Iterator[tuple[object, ...]]:
    """Rows ``first .. stop - 1`` in the column order of the activities table."""
    ids = np.arange(first + 1, stop + 1, dtype=np.int64)
    platform = acts.platform[first:stop]
    source = acts.source[first:stop]
    kind = acts.kind[first:stop]
    community = acts.community[first:stop]
    external = np.full(stop - first, None, dtype=object)
    url = np.full(stop - first, None, dtype=object)
    synced = source != MANUAL
    linked = synced & np.isin(kind, _LINKED_KINDS)
    for p, plat in enumerate(PLATFORMS):
        on = platform == p
        _format_into(external, ids, on & synced, _EXTERNAL_IDS[plat])
        if plat in _URLS:
            _format_into(url, ids, on & linked, _URLS[plat])
    community_ids: list[int | None] = (community + 1).tolist()
    for i in np.flatnonzero(community < 0).tolist():
        community_ids[i] = None
    return zip(
        ids.tolist(),
        acts.occurred_at[first:stop].tolist(),
        (acts.person[first:stop] + 1).tolist(),
        community_ids,
        _PLATFORM_VALUES[platform].tolist(),
        _KIND_VALUES[kind].tolist(),
        _TITLES[acts.title[first:stop]].tolist(),
        url.tolist(),
        _SOURCE_VALUES[source].tolist(),
        external.tolist(),
        strict=True,
    )


_PLATFORM_VALUES = np.array([p.value for p in PLATFORMS], dtype=object)
_KIND_VALUES = np.array([k.value for k in KINDS], dtype=object)
_SOURCE_VALUES = np.array([s.value for s in SOURCES], dtype=object)


def _format_into(
    out: ObjectArray, ids: IntArray, where: BoolArray, form: tuple[str, int, str]
) -> None:
    prefix, offset, suffix = form
    at = np.flatnonzero(where)
    if len(at):
        out[at] = [f"{prefix}{n + offset}{suffix}" for n in ids[at].tolist()]
