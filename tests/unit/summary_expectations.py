"""The Overview's summary tables worked out in Python from the raw rows, for the tests to
compare against what the triggers (or a rebuild) wrote. Independent of the app's SQL."""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Connection, text

from commdesk.store import Store

START = date(2026, 1, 1)
START_SECOND = 1_767_225_600  # 2026-01-01 00:00 UTC

BITS = {
    "employee": 1,
    "customer": 2,
    "supplier": 4,
    "partner": 8,
    "shareholder": 16,
    "competitor": 32,
    "other": 64,
}
TABLES = {
    "activity_hours": ("hour", "platform", "n"),
    "activity_community_hours": ("community_id", "hour", "platform", "n"),
    "activity_role_hours": ("roles", "hour", "community_id", "platform", "n"),
    "activity_role_totals": ("roles", "hour", "n"),
    "activity_kind_days": ("kind", "day", "community_id", "roles", "n"),
    "member_roles": ("community_id", "roles", "members"),
    "member_pairs": ("community_id", "other_id", "roles", "members"),
    "member_joins": ("community_id", "joined_on", "roles", "n"),
}
# The archived people's part of member_roles and member_pairs (migration 0012 on).
ARCHIVED_TABLES = {
    "archived_member_roles": ("community_id", "roles", "members"),
    "archived_member_pairs": ("community_id", "other_id", "roles", "members"),
}


def present(connection: Connection) -> dict[str, tuple[str, ...]]:
    """The summary tables of the connection's schema."""
    names = set(connection.execute(text("SELECT name FROM sqlite_master")).scalars())
    return {t: c for t, c in {**TABLES, **ARCHIVED_TABLES}.items() if t in names}


def stored(connection: Connection) -> dict[str, Counter[tuple[Any, ...]]]:
    found: dict[str, Counter[tuple[Any, ...]]] = {}
    for table, columns in present(connection).items():
        rows = connection.execute(text("SELECT * FROM " + table)).all()
        found[table] = Counter({tuple(r[:-1]): r[-1] for r in rows})
        assert all(r[-1] > 0 for r in rows), f"{table} keeps a row counting zero or less"
        assert len(rows[0]) == len(columns) if rows else True
    return found


def expected(connection: Connection) -> dict[str, Counter[tuple[Any, ...]]]:
    masks: dict[int, int] = defaultdict(int)
    for person, role in connection.execute(text("SELECT person_id, role FROM person_roles")):
        masks[person] |= BITS[role]
    hours: Counter[tuple[Any, ...]] = Counter()
    community_hours: Counter[tuple[Any, ...]] = Counter()
    role_hours: Counter[tuple[Any, ...]] = Counter()
    role_totals: Counter[tuple[Any, ...]] = Counter()
    kind_days: Counter[tuple[Any, ...]] = Counter()
    for at, person, community, platform, kind in connection.execute(
        text("SELECT occurred_at, person_id, community_id, platform, kind FROM activities")
    ):
        where = community or 0
        hours[at // 3600, platform] += 1
        if community is not None:
            community_hours[community, at // 3600, platform] += 1
        if masks[person]:
            role_hours[masks[person], at // 3600, where, platform] += 1
            role_totals[masks[person], at // 3600] += 1
        kind_days[kind, at // 86400, where, masks[person]] += 1
    archived = set(connection.execute(text("SELECT id FROM people WHERE archived = 1")).scalars())
    roles: Counter[tuple[Any, ...]] = Counter()
    pairs: Counter[tuple[Any, ...]] = Counter()
    archived_roles: Counter[tuple[Any, ...]] = Counter()
    archived_pairs: Counter[tuple[Any, ...]] = Counter()
    joins: Counter[tuple[Any, ...]] = Counter()
    current: dict[int, list[int]] = defaultdict(list)
    for person, community, joined, left in connection.execute(
        text("SELECT person_id, community_id, joined_on, left_on FROM memberships")
    ):
        if left is None:
            roles[community, masks[person]] += 1
            if person in archived:
                archived_roles[community, masks[person]] += 1
            current[person].append(community)
        if joined is not None:
            joins[community, joined, masks[person]] += 1
    for person, communities in current.items():
        ordered = sorted(communities)
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                pairs[first, second, masks[person]] += 1
                if person in archived:
                    archived_pairs[first, second, masks[person]] += 1
    return {
        "activity_hours": hours,
        "activity_community_hours": community_hours,
        "activity_role_hours": role_hours,
        "activity_role_totals": role_totals,
        "activity_kind_days": kind_days,
        "member_roles": roles,
        "member_pairs": pairs,
        "member_joins": joins,
        "archived_member_roles": archived_roles,
        "archived_member_pairs": archived_pairs,
    }


def assert_summaries_match(connection: Connection) -> None:
    found, wanted = stored(connection), expected(connection)
    for table in present(connection):
        assert found[table] == wanted[table], f"{table} differs from the raw rows"


def random_world(store: Store, seed: int) -> None:
    """Seeded random people (some archived), roles, communities (one archived), memberships
    (some left, some never dated) and activity of several kinds around 1 January 2026 (some unassigned)."""
    with store.engine.begin() as connection:
        fill_random(connection, seed)
        assert_summaries_match(connection)


def fill_random(c: Connection, seed: int) -> None:
    """The rows of :func:`random_world`, written on ``c`` (any schema from 0001 on)."""
    rng = random.Random(seed)
    roles = list(BITS)
    for n in range(1, 6):
        c.execute(
            text(
                "INSERT INTO communities(id, name, scope, archived, created_at, updated_at) "
                "VALUES (:n, 'C' || :n, 'external', :a, 0, 0)"
            ),
            {"n": n, "a": int(n == 5)},
        )
    for person in range(1, 61):
        c.execute(
            text(
                "INSERT INTO people(id, name, consent, archived, created_at, updated_at) "
                "VALUES (:n, 'P' || :n, 0, :a, 0, 0)"
            ),
            {"n": person, "a": int(person % 9 == 0)},
        )
        for role in rng.sample(roles, rng.choice([0, 0, 1, 1, 1, 2, 3])):
            c.execute(
                text("INSERT INTO person_roles(person_id, role) VALUES (:p, :r)"),
                {"p": person, "r": role},
            )
        for community in rng.sample(range(1, 6), rng.randint(0, 4)):
            joined = START + timedelta(days=rng.randint(-30, 30))
            left = joined + timedelta(days=5) if rng.random() < 0.25 else None
            c.execute(
                text(
                    "INSERT INTO memberships(person_id, community_id, role, joined_on, "
                    "left_on) VALUES (:p, :c, 'member', :j, :l)"
                ),
                {
                    "p": person,
                    "c": community,
                    "j": None if rng.random() < 0.1 else joined,
                    "l": left,
                },
            )
    for _ in range(1500):
        c.execute(
            text(
                "INSERT INTO activities(occurred_at, person_id, community_id, platform, "
                "kind, source) VALUES (:t, :p, :c, :pl, :k, 'manual')"
            ),
            {
                "t": START_SECOND + rng.randint(-3 * 86400, 40 * 86400),
                "p": rng.randint(1, 60),
                "c": rng.choice([None, 1, 2, 3, 4, 5]),
                "pl": rng.choice(["github", "slack", "meetup"]),
                "k": rng.choice(["post", "comment", "event_attendance"]),
            },
        )
