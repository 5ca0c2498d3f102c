"""Global search across people, organisations, communities and plans, and the activity
listing's named filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from commdesk.domain.enums import ActivityKind, Platform
from commdesk.services import listings
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.organisations import OrganisationService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import (
    ChannelDraft,
    CommunityDraft,
    IdentityDraft,
    OrganisationDraft,
    PersonDraft,
    PlanDraft,
)
from commdesk.services.search import GlobalSearchService, RecordKind
from commdesk.services.tables import TableService
from commdesk.store import Store


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    org = OrganisationService(store).create(
        OrganisationDraft("Initech", domains=("initech.example",))
    )
    people = PeopleService(store)
    ada = people.create(
        PersonDraft(
            "Ada Lovelace",
            emails=("ada@analytical.example",),
            identities=(IdentityDraft(Platform.GITHUB, "countess-ada"),),
            organisation_id=org,
        )
    )
    bob = people.create(PersonDraft("Bob Builder"))
    community = CommunityService(store).create(
        CommunityDraft(
            "Rust Meetup Berlin", channels=(ChannelDraft(Platform.MEETUP, "rust-berlin"),)
        )
    )
    plan = PlanService(store).create(PlanDraft("Launch the forum"))
    return {"org": org, "ada": ada, "bob": bob, "community": community, "plan": plan}


def kinds_and_ids(hits: list) -> list[tuple[RecordKind, int]]:  # type: ignore[type-arg]
    return [(h.kind, h.id) for h in hits]


def test_finds_a_person_by_email_and_by_handle(store: Store, world: dict[str, int]) -> None:
    search = GlobalSearchService(store)
    by_email = search.search("ada@analytical")
    assert (RecordKind.PERSON, world["ada"]) in kinds_and_ids(by_email)
    assert by_email[0].detail == "ada@analytical.example"
    assert kinds_and_ids(search.search("countess-ada")) == [(RecordKind.PERSON, world["ada"])]


def test_finds_organisations_communities_and_plans(store: Store, world: dict[str, int]) -> None:
    search = GlobalSearchService(store)
    assert (RecordKind.ORGANISATION, world["org"]) in kinds_and_ids(search.search("initech"))
    assert (RecordKind.ORGANISATION, world["org"]) in kinds_and_ids(search.search("tech.exa"))
    assert kinds_and_ids(search.search("meetup ber")) == [
        (RecordKind.COMMUNITY, world["community"])
    ]
    assert kinds_and_ids(search.search("rust-berlin")) == [
        (RecordKind.COMMUNITY, world["community"])
    ]
    assert kinds_and_ids(search.search("forum")) == [(RecordKind.PLAN, world["plan"])]


def test_short_and_odd_queries(store: Store, world: dict[str, int]) -> None:
    search = GlobalSearchService(store)
    assert search.search("   ") == []
    assert kinds_and_ids(search.search("Bo")) == [(RecordKind.PERSON, world["bob"])]
    assert search.search("100%_\x00") == []
    assert [h.name for h in search.communities("", 10)] == ["Rust Meetup Berlin"]


def test_results_are_limited_per_kind(store: Store) -> None:
    plans = PlanService(store)
    for number in range(12):
        plans.create(PlanDraft(f"Campaign {number:02}"))
    assert len(GlobalSearchService(store).search("campaign", limit=5)) == 5


def test_activity_filters_narrow_in_sql(store: Store, world: dict[str, int]) -> None:
    log = ActivityService(store)
    now = datetime(2026, 6, 15, 12, tzinfo=UTC)
    for days, person, kind in (
        (0, "ada", ActivityKind.POST),
        (1, "ada", ActivityKind.COMMENT),
        (10, "bob", ActivityKind.POST),
    ):
        log.log(
            ActivityDraft(
                world[person],
                now - timedelta(days=days),
                Platform.GITHUB if person == "ada" else Platform.SLACK,
                kind,
                community_id=world["community"] if person == "bob" else None,
            )
        )
    tables = TableService(store)
    spec = listings.ACTIVITIES

    def count(**filters: object) -> int:
        return tables.count(spec, "", filters)

    assert count() == 3
    assert count(person=world["ada"]) == 2
    assert count(kind=ActivityKind.POST) == 2
    assert count(kind="post", person=world["bob"]) == 1
    assert count(platform=Platform.SLACK) == 1
    assert count(community=world["community"]) == 1
    assert count(since=date(2026, 6, 14)) == 2
    assert count(until=date(2026, 6, 14)) == 2  # the whole day counts
    assert count(since=date(2026, 6, 14), until=date(2026, 6, 14)) == 1
    assert count(since=now - timedelta(hours=1)) == 1
    rows = tables.page(spec, filters={"person": world["ada"]})
    assert [r[0] for r in rows] and all(r[2] == "Ada Lovelace" for r in rows)
