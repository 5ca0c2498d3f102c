"""A small community built by hand, whose engagement answers are worked out in the tests.

As of T = 2026-01-01 00:00 UTC. Ages are days before T. Communities A, B, C.

    person  roles               activities (count × kind, community, age in days)
    Ann     employee            11 × post A 0
    Ben     customer            comment A 0, comment B 0
    Cy      customer            reaction B 0
    Dee     partner             20 × post C 180
    Eve     employee, partner   comment A 0, reaction C 0
    Fay     other               13 × reaction A 45
    Gus     customer            6 × reaction B 0, 7 × reaction B 45
    Hal     (none)              reaction A 0, reaction B 0, reaction C 0
    Jo      other               2 × reaction (no community) 0, 24 × reaction (none) 45

Memberships (joined, left): A: Ann (T-10), Ben (T-100), Fay (T-200, left T-1);
B: Ben (T-5), Cy (no date), Gus (T-29); C: Eve (T-30), Dee (T-400).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from commdesk.domain import Activity, Community, Membership, Person, PersonRole
from commdesk.domain.enums import ActivityKind, Platform, StakeholderRole
from commdesk.store import Store

T = datetime(2026, 1, 1, tzinfo=UTC)
TODAY = date(2026, 1, 1)

ROLES = {
    "Ann": [StakeholderRole.EMPLOYEE],
    "Ben": [StakeholderRole.CUSTOMER],
    "Cy": [StakeholderRole.CUSTOMER],
    "Dee": [StakeholderRole.PARTNER],
    "Eve": [StakeholderRole.EMPLOYEE, StakeholderRole.PARTNER],
    "Fay": [StakeholderRole.OTHER],
    "Gus": [StakeholderRole.CUSTOMER],
    "Hal": [],
    "Jo": [StakeholderRole.OTHER],
}

P, C, R = ActivityKind.POST, ActivityKind.COMMENT, ActivityKind.REACTION
ACTIVITY: dict[str, list[tuple[int, ActivityKind, str | None, int]]] = {
    "Ann": [(11, P, "A", 0)],
    "Ben": [(1, C, "A", 0), (1, C, "B", 0)],
    "Cy": [(1, R, "B", 0)],
    "Dee": [(20, P, "C", 180)],
    "Eve": [(1, C, "A", 0), (1, R, "C", 0)],
    "Fay": [(13, R, "A", 45)],
    "Gus": [(6, R, "B", 0), (7, R, "B", 45)],
    "Hal": [(1, R, "A", 0), (1, R, "B", 0), (1, R, "C", 0)],
    "Jo": [(2, R, None, 0), (24, R, None, 45)],
}

MEMBERSHIPS: list[tuple[str, str, int | None, int | None]] = [
    ("A", "Ann", 10, None),
    ("A", "Ben", 100, None),
    ("A", "Fay", 200, 1),
    ("B", "Ben", 5, None),
    ("B", "Cy", None, None),
    ("B", "Gus", 29, None),
    ("C", "Eve", 30, None),
    ("C", "Dee", 400, None),
]


def build(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    """Insert the dataset; returns person ids and community ids by name."""
    with store.session() as session:
        communities = {n: Community(name=n) for n in "ABC"}
        people = {n: Person(name=n) for n in ROLES}
        session.add_all([*communities.values(), *people.values()])
        session.flush()
        for name, roles in ROLES.items():
            session.add_all(PersonRole(person_id=people[name].id, role=r) for r in roles)
        for name, rows in ACTIVITY.items():
            for count, kind, community, age in rows:
                for _ in range(count):
                    session.add(
                        Activity(
                            person_id=people[name].id,
                            community_id=communities[community].id if community else None,
                            platform=Platform.SLACK,
                            kind=kind,
                            occurred_at=T - timedelta(days=age),
                        )
                    )
        for community, name, joined, left in MEMBERSHIPS:
            session.add(
                Membership(
                    person_id=people[name].id,
                    community_id=communities[community].id,
                    joined_on=None if joined is None else TODAY - timedelta(days=joined),
                    left_on=None if left is None else TODAY - timedelta(days=left),
                )
            )
        session.flush()
        return (
            {n: p.id for n, p in people.items()},
            {n: c.id for n, c in communities.items()},
        )
