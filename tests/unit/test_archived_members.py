"""Migration 0012: the archived people's share of the current memberships
(``archived_member_roles``, ``archived_member_pairs``) stays equal to the raw rows through
every write that can touch it, one path at a time; each step is checked against the raw
rows worked out in Python (:mod:`tests.unit.summary_expectations`)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import Connection, text

from commdesk.domain.enums import StakeholderRole as R
from commdesk.services.communities import CommunityService
from commdesk.services.duplicates import DuplicateService
from commdesk.services.people import PeopleService
from commdesk.services.people_bulk import PeopleBulkService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store, summaries
from tests.unit.summary_expectations import assert_summaries_match


class World:
    """Ann (employee) in C0, C1 and C2; Bob (customer) in C1 and C2; C3 empty; Ann archived."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.people = PeopleService(store)
        self.communities = CommunityService(store)
        self.ann = self.people.create(PersonDraft("Ann", roles=(R.EMPLOYEE,)))
        self.bob = self.people.create(PersonDraft("Bob", roles=(R.CUSTOMER,)))
        self.c = [self.communities.create(CommunityDraft(f"C{n}")) for n in range(4)]
        for community in self.c[:3]:
            self.communities.add_member(community, self.ann)
        for community in self.c[1:3]:
            self.communities.add_member(community, self.bob)
        self.people.set_archived([self.ann])

    def sql(self, statement: str, **values: object) -> None:
        with self.store.engine.begin() as connection:
            connection.execute(text(statement), values)

    def archived_rows(self) -> int:
        with self.store.engine.connect() as connection:
            return int(
                connection.execute(
                    text("SELECT sum(members) FROM archived_member_roles")
                ).scalar_one()
                or 0
            )

    def check(self) -> None:
        with self.store.engine.connect() as connection:
            assert_summaries_match(connection)


@pytest.fixture
def world(store: Store) -> World:
    made = World(store)
    made.check()
    assert made.archived_rows() == 3  # Ann's three memberships
    return made


STEPS: dict[str, Callable[[World], object]] = {
    "archived person gains a role": lambda w: w.sql(
        "INSERT INTO person_roles(person_id, role) VALUES (:p, 'partner')", p=w.ann
    ),
    "archived person loses a role": lambda w: w.sql(
        "DELETE FROM person_roles WHERE person_id = :p", p=w.ann
    ),
    "archived person's role changes": lambda w: w.sql(
        "UPDATE person_roles SET role = 'supplier' WHERE person_id = :p", p=w.ann
    ),
    "role handed from the archived person": lambda w: w.sql(
        "UPDATE person_roles SET person_id = :b WHERE person_id = :a", a=w.ann, b=w.bob
    ),
    "role handed to the archived person": lambda w: w.sql(
        "UPDATE person_roles SET person_id = :a WHERE person_id = :b", a=w.ann, b=w.bob
    ),
    "archived person joins": lambda w: w.communities.add_member(w.c[3], w.ann),
    "archived person leaves": lambda w: w.sql(
        "UPDATE memberships SET left_on = '2026-11-01' WHERE person_id = :p AND community_id = :c",
        p=w.ann,
        c=w.c[0],
    ),
    "membership moves between communities": lambda w: w.sql(
        "UPDATE memberships SET community_id = :to WHERE person_id = :p AND community_id = :c",
        p=w.ann,
        c=w.c[0],
        to=w.c[3],
    ),
    "membership handed to a person not archived": lambda w: w.sql(
        "UPDATE memberships SET person_id = :b WHERE person_id = :a AND community_id = :c",
        a=w.ann,
        b=w.bob,
        c=w.c[0],
    ),
    "membership removed": lambda w: w.communities.remove_members(w.c[1], [w.ann]),
    "archived person deleted": lambda w: w.people.delete([w.ann]),
    "archived person deleted in raw SQL": lambda w: w.sql(
        "DELETE FROM people WHERE id = :p", p=w.ann
    ),
    "archived person restored": lambda w: w.people.set_archived([w.ann], archived=False),
    "second person archived in bulk": lambda w: PeopleBulkService(w.store).set_archived([w.bob]),
    "community deleted": lambda w: w.communities.delete(w.c[1]),
    "archived person merged into another": lambda w: DuplicateService(w.store).merge(w.bob, w.ann),
    "another merged into the archived person": lambda w: DuplicateService(w.store).merge(
        w.ann, w.bob
    ),
}


@pytest.mark.parametrize("step", list(STEPS))
def test_the_archived_share_stays_equal_to_the_raw_rows(world: World, step: str) -> None:
    STEPS[step](world)
    world.check()


def test_undoing_a_delete_of_an_archived_person_puts_their_share_back(world: World) -> None:
    snapshot = world.people.delete([world.ann])
    world.check()
    assert world.archived_rows() == 0
    world.people.restore(snapshot)
    world.check()
    assert world.archived_rows() == 3


def test_a_rebuild_gives_what_the_triggers_kept(world: World) -> None:
    def rows(connection: Connection) -> list[tuple[object, ...]]:
        return [
            tuple(r)
            for table in ("archived_member_roles", "archived_member_pairs")
            for r in connection.execute(text("SELECT * FROM " + table + " ORDER BY 1, 2, 3"))
        ]

    with world.store.engine.begin() as connection:
        kept = rows(connection)
        summaries.rebuild(connection)
        assert rows(connection) == kept and kept
