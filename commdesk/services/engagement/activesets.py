"""Who was active where in a window, grouped by the set of communities each person was in.

Reach and bridging depend on a person only through the set of communities they were active
in during the window, and a million people fall into a few thousand such sets at most. One
grouped scan of the activity log (its covering index on time, person and community) returns
every set with its number of people; reach, community sizes, shared people and bridge values
are then sums over those few sets, never over people:

- reach of a set S: the people whose set meets S, less the person themself;
- people active in community c: the people whose set holds c;
- people shared by c1 and c2: the people whose set holds both.

The ids of people in two or more communities come back too (they are the only possible
bridges), as one list per set.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import combinations

import sqlalchemy as sa

Members = frozenset[int]

# Each person's communities (in no set order: Python makes them sets) and, per set, the
# people counted and, for sets of two or more communities, who they are.
_SETS = sa.text(
    """
SELECT communities, count(*), group_concat(CASE WHEN instr(communities, ',') > 0
                                                THEN person_id END)
FROM (
    SELECT person_id, group_concat(DISTINCT community_id) AS communities
    FROM activities
    WHERE occurred_at > :start AND occurred_at <= :end AND community_id IS NOT NULL
    GROUP BY person_id
)
GROUP BY communities
"""
)

_SETS_OF = sa.text(
    """
SELECT person_id, group_concat(DISTINCT community_id)
FROM activities
WHERE person_id IN (SELECT value FROM json_each(:ids))
  AND occurred_at > :start AND occurred_at <= :end AND community_id IS NOT NULL
GROUP BY person_id
"""
)


def _parse(text: str | None) -> Members:
    return frozenset(int(part) for part in text.split(",")) if text else frozenset()


@dataclass
class ActiveSets:
    """People per set of communities active in during one window."""

    people: Counter[Members] = field(default_factory=Counter)
    multi: dict[Members, list[int]] = field(default_factory=dict)  # sets of 2+ communities

    @classmethod
    def read(cls, connection: sa.Connection, start: int, end: int) -> ActiveSets:
        """The sets of the window ``start`` < occurred_at <= ``end`` (epoch seconds)."""
        found = cls()
        for text, count, ids in connection.execute(_SETS, {"start": start, "end": end}):
            members = _parse(str(text))
            found.people[members] += int(count)
            if ids:
                found.multi.setdefault(members, []).extend(int(i) for i in str(ids).split(","))
        return found

    def community_sizes(self) -> Counter[int]:
        """People active in each community."""
        sizes: Counter[int] = Counter()
        for members, count in self.people.items():
            for community in members:
                sizes[community] += count
        return sizes

    def shared(self) -> Counter[tuple[int, int]]:
        """People active in both communities of each pair (smaller id first)."""
        pairs: Counter[tuple[int, int]] = Counter()
        for members, count in self.people.items():
            for pair in combinations(sorted(members), 2):
                pairs[pair] += count
        return pairs

    def reach(self, members: Members) -> int:
        """Other people active in at least one of ``members`` (the person's own set)."""
        if not members:
            return 0
        return sum(n for other, n in self.people.items() if not members.isdisjoint(other)) - 1

    def bridge_values(self) -> dict[Members, float]:
        """For every set of two or more communities: Σ over its pairs of 1 − shared ÷ union."""
        sizes = self.community_sizes()
        shared = self.shared()
        values: dict[Members, float] = {}
        for members in self.multi:
            total = 0.0
            for a, b in combinations(sorted(members), 2):
                both = shared[(a, b)]
                total += 1.0 - both / (sizes[a] + sizes[b] - both)
            values[members] = total
        return values


def sets_of(
    connection: sa.Connection, person_ids: list[int], start: int, end: int
) -> dict[int, Members]:
    """The communities each of ``person_ids`` was active in (absent: active in none)."""
    params = {"ids": json.dumps(person_ids), "start": start, "end": end}
    return {
        int(person): _parse(str(text))
        for person, text in connection.execute(_SETS_OF, params)
        if text is not None
    }
