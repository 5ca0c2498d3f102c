"""Who belongs to which community, since when and in what role, and who is who where."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from commdesk.demo.population import (
    EMPLOYEE,
    GROUP_NAMES,
    LOCAL_PARTS,
    STYLE_DASHED,
    STYLE_DOTTED,
    STYLE_INITIAL,
    STYLE_JOINED,
    STYLE_UNDERSCORE,
    People,
    deduplicate,
)
from commdesk.demo.timeline import END_DAY, BoolArray, FloatArray, IntArray, day_number
from commdesk.demo.vocabulary import HOME_DOMAIN, LOCATIONS, MASTODON_INSTANCES
from commdesk.demo.world import COMMUNITIES, CommunitySpec
from commdesk.domain.enums import CommunityScope, MembershipRole, Platform

PLATFORMS = tuple(Platform)
MEMBERSHIP_ROLES = tuple(MembershipRole)
MEMBER, MODERATOR, CHAMPION, INFLUENCER = (MEMBERSHIP_ROLES.index(r) for r in MembershipRole)
STILL_MEMBER = np.iinfo(np.int64).max // 2  # the "left" day of a current membership
_MAX_CHANNELS = max(len(spec.channels) for spec in COMMUNITIES)
_CITY = {location: i for i, (location, _phone) in enumerate(LOCATIONS)}


@dataclass
class Communities:
    specs: tuple[CommunitySpec, ...]
    owner: IntArray  # person index
    created: IntArray  # day number
    last_day: IntArray  # day number of archiving, or the end of the window
    internal: BoolArray
    liveliness: FloatArray
    channel_platform: IntArray  # [community, channel] index into PLATFORMS
    channel_cdf: FloatArray  # [community, channel] cumulative share of the activity

    def index(self, key: str) -> int:
        return next(i for i, spec in enumerate(self.specs) if spec.key == key)


def make_communities(rng: np.random.Generator, people: People) -> Communities:
    count = len(COMMUNITIES)
    platform = np.zeros((count, _MAX_CHANNELS), dtype=np.int64)
    cdf = np.ones((count, _MAX_CHANNELS))
    for c, spec in enumerate(COMMUNITIES):
        shares = np.array([weight for _p, _a, weight in spec.channels])
        platform[c, : len(spec.channels)] = [PLATFORMS.index(p) for p, _a, _w in spec.channels]
        cdf[c, : len(spec.channels)] = np.cumsum(shares) / shares.sum()
    owners = [people.employees_of(spec.owner_department) for spec in COMMUNITIES]
    return Communities(
        specs=COMMUNITIES,
        owner=np.array([o[rng.integers(0, len(o))] for o in owners], dtype=np.int64),
        created=np.array([day_number(s.created) for s in COMMUNITIES], dtype=np.int64),
        last_day=np.array(
            [day_number(s.archived_on) if s.archived_on else END_DAY for s in COMMUNITIES],
            dtype=np.int64,
        ),
        internal=np.array([s.scope is CommunityScope.INTERNAL for s in COMMUNITIES]),
        liveliness=np.array([s.liveliness for s in COMMUNITIES]),
        channel_platform=platform,
        channel_cdf=cdf,
    )


@dataclass
class Memberships:
    """Sorted by person, then community."""

    person: IntArray
    community: IntArray
    role: IntArray  # index into MEMBERSHIP_ROLES
    joined: IntArray  # day number
    left: IntArray  # day number, or STILL_MEMBER


def make_memberships(rng: np.random.Generator, people: People, comms: Communities) -> Memberships:
    parts: list[tuple[IntArray, ...]] = []
    # The most active few per cent are the influencers of the communities they speak in.
    loud = people.weight >= np.quantile(people.weight, 0.995)
    for c, spec in enumerate(comms.specs):
        member = rng.random(people.count) < _join_chance(spec, people)
        member[comms.owner[c]] = True
        person = np.flatnonzero(member).astype(np.int64)
        n = len(person)
        created, last = int(comms.created[c]), int(comms.last_day[c])
        if comms.internal[c]:
            joined = np.maximum(created, people.since[person]) + rng.integers(0, 30, n)
        else:  # joins pick up as a community grows
            joined = created + np.floor((last - created) * rng.beta(1.6, 1.0, n)).astype(np.int64)
        joined = np.minimum(joined, last)
        if spec.archived_on is not None:
            left = np.full(n, last, dtype=np.int64)
        else:
            leaving = rng.random(n) < (0.01 if comms.internal[c] else 0.04)
            gone = joined + np.floor((END_DAY - joined) * rng.random(n)).astype(np.int64)
            left = np.where(leaving, gone, STILL_MEMBER)
        role = np.full(n, MEMBER, dtype=np.int64)
        employee = people.group[person] == EMPLOYEE
        champion_chance = 0.25 if spec.key == "ambassadors" else 0.01
        role[employee & (rng.random(n) < champion_chance)] = CHAMPION
        if spec.key == "ambassadors" and n > 1:  # even a tiny world has its champion
            candidate = employee & (person != comms.owner[c])
            role[np.argmax(np.where(candidate, people.weight[person], -1.0))] = CHAMPION
        if not comms.internal[c]:
            role[loud[person]] = INFLUENCER
        moderating = (rng.random(n) < 0.003) | (
            people.in_department(spec.owner_department)[person] & (rng.random(n) < 0.04)
        )
        role[moderating] = MODERATOR
        is_owner = person == comms.owner[c]
        role[is_owner] = MODERATOR
        left[is_owner] = STILL_MEMBER if spec.archived_on is None else last
        parts.append((person, np.full(n, c, dtype=np.int64), role, joined, left))
    person, community, role, joined, left = (
        np.concatenate(col) for col in zip(*parts, strict=True)
    )
    order = np.lexsort((community, person))
    return Memberships(person[order], community[order], role[order], joined[order], left[order])


def _join_chance(spec: CommunitySpec, people: People) -> FloatArray:
    chance = np.zeros(people.count)
    for key, p in spec.join.items():
        if key.startswith("dept:"):
            mask = people.in_department(key.removeprefix("dept:"))
        elif key == "shareholder":
            mask = people.shareholder
        else:
            mask = people.group == GROUP_NAMES.index(key)
        chance = np.where(mask, np.maximum(chance, p), chance)
    if spec.city is not None:
        chance[people.location != _CITY[spec.city]] = 0.0
    return chance


# Platforms where people have a handle, how handles look there, and their profile pages.
IDENTITY_PLATFORMS = (
    Platform.SLACK,
    Platform.DISCOURSE,
    Platform.GITHUB,
    Platform.MASTODON,
    Platform.LINKEDIN,
    Platform.MEETUP,
    Platform.DISCORD,
)
_HANDLE_STYLES = {
    Platform.SLACK: (STYLE_DOTTED,),
    Platform.DISCOURSE: (STYLE_JOINED, STYLE_UNDERSCORE, STYLE_INITIAL),
    Platform.GITHUB: (STYLE_INITIAL, STYLE_DASHED, STYLE_JOINED),
    Platform.MASTODON: (STYLE_JOINED, STYLE_UNDERSCORE),
    Platform.LINKEDIN: (STYLE_DASHED,),
    Platform.MEETUP: (STYLE_JOINED,),
    Platform.DISCORD: (STYLE_JOINED, STYLE_UNDERSCORE, STYLE_DOTTED),
}
_PROFILE_URLS = {
    Platform.DISCOURSE: f"https://community.{HOME_DOMAIN}/u/{{}}",
    Platform.GITHUB: "https://github.com/{}",
    Platform.LINKEDIN: "https://www.linkedin.com/in/{}/",
    Platform.MEETUP: "https://www.meetup.com/members/{}/",
}


@dataclass
class Identities:
    """Sorted by person, then platform."""

    person: IntArray
    platform: list[str]
    handle: list[str]
    profile_url: list[str | None]


def make_identities(
    rng: np.random.Generator, people: People, members: Memberships, comms: Communities
) -> Identities:
    """A handle on every platform where a person is a member of a community (most of the
    time), and LinkedIn or GitHub profiles for many professionals besides."""
    persons: list[IntArray] = []
    codes: list[IntArray] = []
    has_org = people.organisation >= 0
    for number, platform in enumerate(IDENTITY_PLATFORMS):
        where = np.any(comms.channel_platform == PLATFORMS.index(platform), axis=1)
        on = np.zeros(people.count, dtype=bool)
        on[members.person[where[members.community]]] = True
        on &= rng.random(people.count) < 0.9
        if platform is Platform.LINKEDIN:
            on |= has_org & (rng.random(people.count) < 0.35)
        elif platform is Platform.GITHUB:
            on |= people.in_department("Engineering") & (rng.random(people.count) < 0.4)
        chosen = np.flatnonzero(on).astype(np.int64)
        persons.append(chosen)
        codes.append(np.full(len(chosen), number, dtype=np.int64))
    person, code = np.concatenate(persons), np.concatenate(codes)
    order = np.lexsort((code, person))
    person, code = person[order], code[order]

    handles = np.empty(len(person), dtype=object)
    urls = np.full(len(person), None, dtype=object)
    for c, platform in enumerate(IDENTITY_PLATFORMS):
        at = np.flatnonzero(code == c)
        styles = np.array(_HANDLE_STYLES[platform])[
            rng.integers(0, len(_HANDLE_STYLES[platform]), len(at))
        ]
        base: list[str] = LOCAL_PARTS[
            styles, people.first[person[at]], people.last[person[at]]
        ].tolist()
        if platform is Platform.MASTODON:
            instance = np.array(MASTODON_INSTANCES, dtype=object)[
                rng.integers(0, len(MASTODON_INSTANCES), len(at))
            ]
            base = [f"{u}@{i}" for u, i in zip(base, instance.tolist(), strict=True)]
            unique = deduplicate(base, {}, _numbered_account)
            urls[at] = [f"https://{h.partition('@')[2]}/@{h.partition('@')[0]}" for h in unique]
        else:
            unique = deduplicate(
                base, {}, _numbered_dashed if platform is Platform.LINKEDIN else _numbered
            )
            template = _PROFILE_URLS.get(platform)
            if template is not None:
                urls[at] = [template.format(h) for h in unique]
        handles[at] = unique
    return Identities(
        person=person,
        platform=[IDENTITY_PLATFORMS[c].value for c in code.tolist()],
        handle=handles.tolist(),
        profile_url=urls.tolist(),
    )


def _numbered(handle: str, n: int) -> str:
    return f"{handle}{n}"


def _numbered_dashed(handle: str, n: int) -> str:
    return f"{handle}-{n}"


def _numbered_account(handle: str, n: int) -> str:
    user, _, instance = handle.partition("@")
    return f"{user}{n}@{instance}"
