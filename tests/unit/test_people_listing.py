"""The People table's columns and named filters, read through the TableService."""

from __future__ import annotations

from commdesk.domain.enums import StakeholderRole
from commdesk.services import listings
from commdesk.services.communities import CommunityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, OrganisationDraft, PersonDraft
from commdesk.services.tables import TableService
from commdesk.store import Store
from tests.dashboard_world import build_world


def test_filters_and_columns(store: Store) -> None:
    acme = OrganisationService(store).create(OrganisationDraft("Acme"))
    people = PeopleService(store)
    ada = people.create(
        PersonDraft("Ada", organisation_id=acme, roles=("partner",), tags=("vip",), consent=True)
    )
    grace = people.create(PersonDraft("Grace", roles=(StakeholderRole.CUSTOMER,)))
    communities = CommunityService(store)
    rust = communities.create(CommunityDraft("Rust"))
    zig = communities.create(CommunityDraft("Zig"))
    for community in (rust, zig):
        communities.add_member(community, ada)
    communities.add_member(zig, grace)
    tables, spec = TableService(store), listings.PEOPLE

    def names(**filters: object) -> list[str]:
        return [row[1] for row in tables.page(spec, filters=filters)]

    assert names() == ["Ada", "Grace"]
    assert names(role=StakeholderRole.CUSTOMER) == ["Grace"]
    assert names(community=rust) == ["Ada"]
    assert names(community=zig, role="partner") == ["Ada"]
    tag = dict((n, i) for i, n in people.tag_choices())["vip"]
    assert names(tag=tag) == ["Ada"]
    assert names(organisation=acme) == ["Ada"]
    assert tables.count(spec, filters={"organisation": acme}) == 1
    row = tables.page(spec)[0]
    assert sorted(row[1 + spec.index("communities")].split(", ")) == ["Rust", "Zig"]
    assert row[1 + spec.index("consent")] is True
    by_communities = tables.page(spec, sort_key="communities", descending=True)
    assert [r[1] for r in by_communities] == ["Grace", "Ada"]


def test_organisation_choices_are_few(store: Store) -> None:
    organisations = OrganisationService(store)
    for n in range(30):
        organisations.create(OrganisationDraft(f"Org {n:02d}"))
    organisations.create(OrganisationDraft("Big Org"))
    people = PeopleService(store)
    assert len(people.organisation_choices("org")) == 20
    assert [n for _i, n in people.organisation_choices("big")] == ["Big Org"]
    assert people.organisation_choices("Org 0")[0][1] == "Org 00"
    assert people.organisation_named("big org") is not None


def test_members_of_keeps_the_current_members_of_every_community(store: Store) -> None:
    # The world's memberships: Forum: Ann, Bob, Cat, Dan; Guild: Ann, Bob, Eve;
    # Circle: Ann (Cat left it in January).
    world = build_world(store)
    tables, spec = TableService(store), listings.PEOPLE

    def names(*communities: str, **filters: object) -> list[str]:
        members_of = tuple(world[c] for c in communities)
        return [row[1] for row in tables.page(spec, filters={"members_of": members_of, **filters})]

    assert names("forum", "guild") == ["Ann", "Bob"]
    assert names("guild", "forum") == ["Ann", "Bob"]
    assert names("forum", "circle") == ["Ann"]  # Cat left the circle
    assert names("circle") == ["Ann"]
    assert names("circle", "circle") == ["Ann"]
    assert names("forum") == ["Ann", "Bob", "Cat", "Dan"]
    assert names("guild", "circle") == ["Ann"]
    assert names("forum", "guild", role=StakeholderRole.CUSTOMER) == ["Bob"]
    assert names("empty", "forum") == []
    assert tables.count(spec, filters={"members_of": (world["forum"], world["guild"])}) == 2
    # The community filter alone still counts former members too (the Communities column).
    assert [r[1] for r in tables.page(spec, filters={"community": world["circle"]})] == [
        "Ann",
        "Cat",
    ]
