"""The demo world as table rows, batch by batch, in an order the foreign keys accept.

:class:`DemoWorld` draws everything with numpy when it is created (a few seconds for a million
people) and turns it into rows lazily, so a loader can write one batch while the next is made.
Every row holds every column of its table, in the table's column order, as stored values
(integer seconds, ISO dates, enum values, 0/1): ready for ``executemany``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from sqlalchemy import Table

from commdesk.demo.activity import activity_rows, make_activities
from commdesk.demo.communities import (
    MEMBERSHIP_ROLES,
    STILL_MEMBER,
    make_communities,
    make_identities,
    make_memberships,
)
from commdesk.demo.contacts import RECORDS_START, make_contacts
from commdesk.demo.plans import make_plans
from commdesk.demo.population import (
    DEPARTMENT_NAMES,
    TITLES,
    make_organisations,
    make_people,
)
from commdesk.demo.timeline import END_DAY, ObjectArray, day_number, epoch, iso
from commdesk.demo.vocabulary import LOCATIONS, TAGS
from commdesk.domain import Base
from commdesk.errors import CommDeskError

Row = tuple[object, ...]
BATCH_ROWS = 50_000


@dataclass(frozen=True)
class DemoSize:
    name: str
    people: int
    activities: int
    organisations: tuple[int, int, int, int]  # customers, suppliers, partners, competitors


SIZES = {
    size.name: size
    for size in (
        DemoSize("tiny", 300, 10_000, (12, 5, 4, 3)),
        DemoSize("small", 5_000, 200_000, (120, 40, 25, 6)),
        DemoSize("medium", 100_000, 1_000_000, (600, 150, 80, 8)),
        DemoSize("large", 1_000_000, 5_000_000, (2_000, 400, 150, 10)),
    )
}


def demo_size(name: str) -> DemoSize:
    try:
        return SIZES[name]
    except KeyError:
        raise CommDeskError(
            f"There is no demo size {name!r}; choose one of {', '.join(SIZES)}."
        ) from None


@dataclass(frozen=True)
class TableRows:
    """One batch of rows for one table; ``columns`` are all of the table's, in order."""

    table: Table
    columns: tuple[str, ...]
    rows: list[Row]


class DemoWorld:
    """A whole demo world drawn from ``seed``: the same seed always gives the same world."""

    def __init__(
        self,
        size: str | DemoSize = "small",
        seed: int = 7,
        on_stage: Callable[[str], None] | None = None,
    ) -> None:
        self.size = demo_size(size) if isinstance(size, str) else size
        stage = on_stage or (lambda _message: None)
        # One independent stream per stage, so changing one stage leaves the others alone.
        rngs = [np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(7)]
        stage("Founding organisations")
        self.orgs = make_organisations(rngs[0], self.size.organisations)
        stage("Inventing people")
        self.people = make_people(rngs[1], self.size.people, self.orgs)
        stage("Forming communities")
        self.comms = make_communities(rngs[3], self.people)
        self.members = make_memberships(rngs[3], self.people, self.comms)
        self.identities = make_identities(rngs[4], self.people, self.members, self.comms)
        self.contacts = make_contacts(rngs[2], self.people, self.orgs, self.members, self.comms)
        stage("Recording two years of activity")
        self.activities = make_activities(
            rngs[5], self.size.activities, self.people, self.members, self.comms
        )
        stage("Drafting plans")
        tag_ids = {name: i for i, name in enumerate(TAGS, start=1)}
        self.plans = make_plans(
            rngs[6], self.people, self.comms, tag_ids, self.size.people / SIZES["small"].people
        )

    @property
    def counts(self) -> dict[str, int]:
        """Rows per table, exactly."""
        return {
            "organisations": len(self.orgs.names),
            "organisation_domains": len(self.orgs.domains) + len(self.orgs.extra_domains),
            "tags": len(TAGS),
            "people": self.people.count,
            "person_roles": len(self.contacts.role),
            "person_emails": len(self.contacts.email),
            "identities": len(self.identities.person),
            "person_tags": len(self.contacts.tag),
            "communities": len(self.comms.specs),
            "community_channels": sum(len(s.channels) for s in self.comms.specs),
            "community_tags": sum(len(s.tags) for s in self.comms.specs),
            "memberships": len(self.members.person),
            "plans": len(self.plans.plans),
            "plan_target_communities": len(self.plans.target_communities),
            "plan_target_roles": len(self.plans.target_roles),
            "kpis": len(self.plans.kpis),
            "plan_items": len(self.plans.items),
            "plan_item_tags": len(self.plans.item_tags),
            "activities": len(self.activities),
        }

    def tables(self, batch_rows: int = BATCH_ROWS) -> Iterator[TableRows]:
        """Every row of the world, table by table in foreign-key order, in batches."""
        orgs, people, contacts = self.orgs, self.people, self.contacts
        batch = _Batcher(batch_rows)
        opened = [_at(day_number(RECORDS_START) + (i * 37) % 400) for i in range(len(orgs.names))]
        yield from batch.all(
            "organisations",
            [
                (i + 1, name, kind, f"https://www.{domain}", opened[i], opened[i] + 86_400 * 30)
                for i, (name, kind, domain) in enumerate(
                    zip(orgs.names, orgs.kinds, orgs.domains, strict=True)
                )
            ],
        )
        domains = list(enumerate(orgs.domains)) + orgs.extra_domains
        yield from batch.all(
            "organisation_domains", [(i, org + 1, d) for i, (org, d) in enumerate(domains, 1)]
        )
        yield from batch.all("tags", list(enumerate(TAGS, start=1)))
        names = people.names()
        # Organisation index + 1 -> stored id; no organisation (-1) -> None.
        organisation_ids = np.array([None, *range(1, len(orgs.names) + 1)], dtype=object)
        yield from batch.sliced(
            "people",
            people.count,
            lambda lo, hi: self._people_rows(lo, hi, names, organisation_ids),
        )

        yield from batch.sliced(
            "person_roles",
            len(contacts.role),
            lambda lo, hi: zip(
                (contacts.role_person[lo:hi] + 1).tolist(),
                contacts.role[lo:hi].tolist(),
                strict=True,
            ),
        )
        yield from batch.sliced(
            "person_emails",
            len(contacts.email),
            lambda lo, hi: zip(
                range(lo + 1, hi + 1),
                (contacts.email_person[lo:hi] + 1).tolist(),
                contacts.email[lo:hi].tolist(),
                contacts.email_position[lo:hi].tolist(),
                strict=True,
            ),
        )
        ids = self.identities
        yield from batch.sliced(
            "identities",
            len(ids.person),
            lambda lo, hi: zip(
                range(lo + 1, hi + 1),
                (ids.person[lo:hi] + 1).tolist(),
                ids.platform[lo:hi],
                ids.handle[lo:hi],
                ids.profile_url[lo:hi],
                strict=True,
            ),
        )
        yield from batch.sliced(
            "person_tags",
            len(contacts.tag),
            lambda lo, hi: zip(
                (contacts.tag_person[lo:hi] + 1).tolist(), contacts.tag[lo:hi].tolist(), strict=True
            ),
        )
        yield from self._community_tables(batch)
        plans = self.plans
        yield from batch.all("plans", plans.plans)
        yield from batch.all("plan_target_communities", plans.target_communities)
        yield from batch.all("plan_target_roles", plans.target_roles)
        yield from batch.all("kpis", plans.kpis)
        yield from batch.all("plan_items", plans.items)
        yield from batch.all("plan_item_tags", plans.item_tags)
        acts = self.activities
        yield from batch.sliced("activities", len(acts), lambda lo, hi: activity_rows(acts, lo, hi))

    def _people_rows(
        self, lo: int, hi: int, names: ObjectArray, organisation_ids: ObjectArray
    ) -> Iterable[Row]:
        people, contacts, n = self.people, self.contacts, hi - lo
        part = slice(lo, hi)
        organisation = people.organisation[part]
        return zip(
            range(lo + 1, hi + 1),
            names[part].tolist(),
            contacts.phone[part].tolist(),
            _TITLE_VALUES[people.title[part]].tolist(),  # -1 picks the trailing None
            _DEPARTMENT_VALUES[people.department[part]].tolist(),
            _LOCATION_VALUES[people.location[part]].tolist(),
            contacts.notes[part].tolist(),
            organisation_ids[organisation + 1].tolist(),
            contacts.consent[part].tolist(),
            contacts.consent_on[part].tolist(),
            contacts.consent_source[part].tolist(),
            contacts.archived[part].tolist(),
            [None] * n,  # last_activity_at: computed from the activity log after loading
            contacts.created_at[part].tolist(),
            contacts.updated_at[part].tolist(),
            strict=True,
        )

    def _community_tables(self, batch: _Batcher) -> Iterator[TableRows]:
        comms, members = self.comms, self.members
        yield from batch.all(
            "communities",
            [
                (c + 1, s.name, s.purpose, s.scope.value, int(comms.owner[c]) + 1,
                 int(s.archived_on is not None), _at(int(comms.created[c])),
                 _at(min(int(comms.last_day[c]), END_DAY - 3 * c)))
                for c, s in enumerate(comms.specs)
            ],
        )  # fmt: skip
        channels = [(c, p, a) for c, s in enumerate(comms.specs) for p, a, _w in s.channels]
        yield from batch.all(
            "community_channels",
            [(i, c + 1, p.value, a) for i, (c, p, a) in enumerate(channels, start=1)],
        )
        tags = sorted((c + 1, TAGS.index(t) + 1) for c, s in enumerate(comms.specs) for t in s.tags)
        yield from batch.all("community_tags", tags)
        roles = np.array([r.value for r in MEMBERSHIP_ROLES], dtype=object)

        def membership_rows(lo: int, hi: int) -> Iterable[Row]:
            left = iso(members.left[lo:hi])
            left[members.left[lo:hi] == STILL_MEMBER] = None
            return zip(
                range(lo + 1, hi + 1),
                (members.person[lo:hi] + 1).tolist(),
                (members.community[lo:hi] + 1).tolist(),
                roles[members.role[lo:hi]].tolist(),
                iso(members.joined[lo:hi]).tolist(),
                left.tolist(),
                strict=True,
            )

        yield from batch.sliced("memberships", len(members.person), membership_rows)


_TITLE_VALUES = np.array([*TITLES, None], dtype=object)
_DEPARTMENT_VALUES = np.array([*DEPARTMENT_NAMES, None], dtype=object)
_LOCATION_VALUES = np.array([location for location, _phone in LOCATIONS], dtype=object)
_TABLES = Base.metadata.tables


def _at(day: int) -> int:
    return int(epoch(day)) + 9 * 3600


class _Batcher:
    """Cuts each table's rows into :class:`TableRows` of at most ``size`` rows."""

    def __init__(self, size: int) -> None:
        self.size = size

    def all(self, name: str, rows: Sequence[Row]) -> Iterator[TableRows]:
        table = _TABLES[name]
        columns = tuple(c.name for c in table.columns)
        for lo in range(0, len(rows), self.size):
            yield TableRows(table, columns, list(rows[lo : lo + self.size]))

    def sliced(
        self, name: str, count: int, make: Callable[[int, int], Iterable[Row]]
    ) -> Iterator[TableRows]:
        """Rows ``lo .. hi - 1`` are made by ``make(lo, hi)`` only when their batch is due."""
        table = _TABLES[name]
        columns = tuple(c.name for c in table.columns)
        for lo in range(0, count, self.size):
            yield TableRows(table, columns, list(make(lo, min(count, lo + self.size))))


def demo_rows(size: str = "small", seed: int = 7) -> Iterator[TableRows]:
    """Every row of a demo world, as :meth:`DemoWorld.tables` yields them."""
    return DemoWorld(size, seed).tables()
