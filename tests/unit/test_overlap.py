"""Stakeholder mix and community overlap, on a small dataset worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from commdesk.domain.enums import StakeholderRole as R
from commdesk.services.communities import CommunityService
from commdesk.services.dashboard import communities as dashboard
from commdesk.services.listings.communities import (
    COMMUNITIES,
    COMMUNITY_BRIDGES,
    COMMUNITY_MEMBERS,
)
from commdesk.services.listings.people import PEOPLE
from commdesk.services.overlap import OverlapService
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.services.tables import TableService
from commdesk.store import Store


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    """Five people in three communities:

    ========  =====================  ========================
    person    roles                  communities
    ========  =====================  ========================
    ann       employee, shareholder  forum, guild, circle
    bob       customer               forum, guild
    cat       customer, partner      forum, circle (left)
    dan       (none)                 forum
    eve       employee               guild
    ========  =====================  ========================
    """
    people = PeopleService(store)
    communities = CommunityService(store)
    ids = {
        "ann": people.create(PersonDraft("Ann", roles=(R.EMPLOYEE, R.SHAREHOLDER))),
        "bob": people.create(PersonDraft("Bob", roles=(R.CUSTOMER,))),
        "cat": people.create(PersonDraft("Cat", roles=(R.CUSTOMER, R.PARTNER))),
        "dan": people.create(PersonDraft("Dan")),
        "eve": people.create(PersonDraft("Eve", roles=(R.EMPLOYEE,))),
    }
    for name in ("forum", "guild", "circle", "empty"):
        ids[name] = communities.create(CommunityDraft(name.capitalize()))
    for person, community in [
        ("ann", "forum"),
        ("bob", "forum"),
        ("cat", "forum"),
        ("dan", "forum"),
        ("ann", "guild"),
        ("bob", "guild"),
        ("eve", "guild"),
        ("ann", "circle"),
        ("cat", "circle"),
    ]:
        communities.add_member(ids[community], ids[person])
    with store.session() as session:  # Cat left the circle: no longer counted anywhere
        session.execute(
            text("UPDATE memberships SET left_on = :d WHERE person_id = :p AND community_id = :c"),
            {"d": date(2026, 1, 31), "p": ids["cat"], "c": ids["circle"]},
        )
    return ids


def test_stakeholder_mix_counts_each_role_of_each_current_member(
    store: Store, world: dict[str, int]
) -> None:
    mix = OverlapService(store).stakeholder_mix(world["forum"])
    # Forum: Ann (employee, shareholder), Bob (customer), Cat (customer, partner), Dan (none).
    assert mix.members == 4
    assert dict(mix.by_role) == {
        R.EMPLOYEE: 1,
        R.CUSTOMER: 2,
        R.SUPPLIER: 0,
        R.PARTNER: 1,
        R.SHAREHOLDER: 1,
        R.COMPETITOR: 0,
        R.OTHER: 0,
    }
    assert [role for role, _n in mix.by_role] == list(R)  # every role, in order
    assert mix.without_role == 1  # Dan
    # Circle: Ann only (Cat left).
    circle = OverlapService(store).stakeholder_mix(world["circle"])
    assert (circle.members, circle.count(R.EMPLOYEE), circle.count(R.PARTNER)) == (1, 1, 0)


def test_overlap_counts_shared_current_members_most_first(
    store: Store, world: dict[str, int]
) -> None:
    service = OverlapService(store)
    # Forum shares Ann and Bob with Guild (2), Ann with Circle (1; Cat has left Circle).
    forum = service.overlaps(world["forum"])
    assert [(o.name, o.shared) for o in forum] == [("Guild", 2), ("Circle", 1)]
    # Guild: Forum (Ann, Bob) = 2, Circle (Ann) = 1.
    assert [(o.name, o.shared) for o in service.overlaps(world["guild"])] == [
        ("Forum", 2),
        ("Circle", 1),
    ]
    # Circle: Forum (Ann) = 1, Guild (Ann) = 1: a tie, by name.
    assert [(o.name, o.shared) for o in service.overlaps(world["circle"])] == [
        ("Forum", 1),
        ("Guild", 1),
    ]
    assert service.overlaps(world["empty"]) == []
    assert len(service.overlaps(world["forum"], limit=1)) == 1


def test_bridges_are_the_people_in_both(store: Store, world: dict[str, int]) -> None:
    service = OverlapService(store)
    assert service.bridges(world["forum"], world["guild"]) == (2, ["Ann", "Bob"])
    assert service.bridges(world["forum"], world["circle"]) == (1, ["Ann"])
    tables = TableService(store)
    pair = (world["forum"], world["guild"])
    assert tables.count(COMMUNITY_BRIDGES, filters={"pair": pair}) == 2
    rows = tables.page(COMMUNITY_BRIDGES, filters={"pair": pair})
    assert [r[1] for r in rows] == ["Ann", "Bob"]


def test_adding_a_member_changes_mix_and_overlap(store: Store, world: dict[str, int]) -> None:
    service = OverlapService(store)
    CommunityService(store).add_member(world["forum"], world["eve"])
    assert service.stakeholder_mix(world["forum"]).count(R.EMPLOYEE) == 2
    assert service.overlaps(world["forum"])[0].shared == 3  # Guild: Ann, Bob, Eve


def test_members_listing_is_scoped_by_community(store: Store, world: dict[str, int]) -> None:
    tables = TableService(store)
    assert tables.count(COMMUNITY_MEMBERS, filters={"community": world["guild"]}) == 3
    rows = tables.page(COMMUNITY_MEMBERS, filters={"community": world["circle"]})
    assert [(r[1], r[-1]) for r in rows] == [("Ann", None), ("Cat", date(2026, 1, 31))]


def test_remove_members_is_restored_exactly(store: Store, world: dict[str, int]) -> None:
    communities = CommunityService(store)
    snapshot = communities.remove_members(world["forum"], [world["ann"], world["bob"]])
    assert communities.membership_count(world["forum"]) == 2
    communities.restore(snapshot)
    assert communities.membership_count(world["forum"]) == 4
    assert OverlapService(store).overlaps(world["forum"])[0].shared == 2


def test_an_archived_person_is_nobodys_current_member(store: Store, world: dict[str, int]) -> None:
    """Archived, Ann leaves every count of current members (mix, overlap, bridges, the
    Communities table, the Overview's mix, members and matrix) as she leaves the People view,
    so a click on a count lists the people it counts; restored, she is back in all of them."""
    tables = TableService(store)
    service = OverlapService(store)
    forum, guild = world["forum"], world["guild"]

    def counts() -> dict[str, object]:
        listed = {r[1]: r[3] for r in tables.page(COMMUNITIES)}  # name, scope, members
        with store.read() as session:
            members = {n: m for _i, n, m in session.execute(dashboard.members_sql(None))}
            mix = {(c, r): n for c, r, n in session.execute(dashboard.mix_sql(R.EMPLOYEE))}
            pairs = {
                (a, b): n
                for a, b, n in session.execute(dashboard.overlap_sql((forum, guild), None))
            }
        return {
            "forum mix": (
                service.stakeholder_mix(forum).members,
                service.stakeholder_mix(forum).count(R.SHAREHOLDER),
            ),
            "forum overlaps": [(o.name, o.shared) for o in service.overlaps(forum)],
            "bridges": service.bridges(forum, guild),
            "bridges listed": tables.count(COMMUNITY_BRIDGES, filters={"pair": (forum, guild)}),
            "table": (listed["Forum"], listed["Guild"], listed["Circle"]),
            "overview members": (members["Forum"], members["Guild"], members["Circle"]),
            "overview employees": (mix.get((forum, "employee")), mix.get((guild, "employee"))),
            "overview shared": pairs.get((min(forum, guild), max(forum, guild))),
            "people view": tables.count(PEOPLE, filters={"members_of": (forum, guild)}),
        }

    before = counts()
    assert before == {
        "forum mix": (4, 1),
        "forum overlaps": [("Guild", 2), ("Circle", 1)],
        "bridges": (2, ["Ann", "Bob"]),
        "bridges listed": 2,
        "table": (4, 3, 1),
        "overview members": (4, 3, 1),
        "overview employees": (1, 2),
        "overview shared": 2,
        "people view": 2,
    }
    PeopleService(store).set_archived([world["ann"]])
    assert counts() == {
        "forum mix": (3, 0),
        "forum overlaps": [("Guild", 1)],  # Bob; Circle shares nobody now
        "bridges": (1, ["Bob"]),
        "bridges listed": 1,
        "table": (3, 2, 0),
        "overview members": (3, 2, 0),
        "overview employees": (None, 1),  # Forum's only employee was Ann
        "overview shared": 1,
        "people view": 1,
    }
    PeopleService(store).set_archived([world["ann"]], archived=False)
    assert counts() == before
