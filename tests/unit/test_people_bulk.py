"""Bulk changes on people: one transaction each, and exactly reversible."""

from __future__ import annotations

import pytest

from commdesk.domain.enums import MembershipRole, StakeholderRole
from commdesk.errors import ValidationError
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.people_bulk import BulkCancelled, PeopleBulkService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store


@pytest.fixture
def people(store: Store) -> list[int]:
    service = PeopleService(store)
    return [
        service.create(PersonDraft("Ada", tags=("vip",))),
        service.create(PersonDraft("Grace", roles=(StakeholderRole.CUSTOMER,))),
        service.create(PersonDraft("Alan")),
    ]


def test_add_tag_keeps_who_had_it_and_undo_leaves_them(store: Store, people: list[int]) -> None:
    bulk, service = PeopleBulkService(store), PeopleService(store)
    change = bulk.add_tag(people, "vip")
    assert set(change.person_ids) == set(people[1:])
    assert all("vip" in service.get(p).tags for p in people)
    bulk.undo_tag_change(change, added=True)
    assert [service.get(p).tags for p in people] == [("vip",), (), ()]


def test_remove_tag_and_undo(store: Store, people: list[int]) -> None:
    bulk, service = PeopleBulkService(store), PeopleService(store)
    change = bulk.remove_tag(people, "vip")
    assert change.person_ids == (people[0],)
    assert service.get(people[0]).tags == ()
    bulk.undo_tag_change(change, added=False)
    assert service.get(people[0]).tags == ("vip",)
    with pytest.raises(ValidationError) as error:
        bulk.remove_tag(people, "nope")
    assert error.value.field == "tag"


def test_roles_and_memberships(store: Store, people: list[int]) -> None:
    bulk, service = PeopleBulkService(store), PeopleService(store)
    change = bulk.add_role(people, StakeholderRole.CUSTOMER)
    assert set(change.person_ids) == {people[0], people[2]}
    bulk.undo_add_role(change)
    assert [service.get(p).roles for p in people] == [(), (StakeholderRole.CUSTOMER,), ()]
    community = CommunityService(store).create(CommunityDraft("Rust"))
    CommunityService(store).add_member(community, people[0], MembershipRole.MODERATOR)
    joined = bulk.add_to_community(people, community, MembershipRole.MEMBER)
    assert set(joined.person_ids) == set(people[1:])
    bulk.undo_add_to_community(joined)
    members = CommunityService(store).members(community)
    assert [(m.person_id, m.role) for m in members] == [(people[0], MembershipRole.MODERATOR)]


def test_cancel_changes_nothing(store: Store, people: list[int]) -> None:
    bulk = PeopleBulkService(store)
    with pytest.raises(BulkCancelled):
        bulk.add_tag(people, "new", progress=lambda _f, _m: False)
    assert PeopleService(store).tag_names() == ["vip"]


def test_archive_delete_and_impact(store: Store, people: list[int]) -> None:
    from datetime import UTC, datetime

    bulk, service = PeopleBulkService(store), PeopleService(store)
    assert bulk.set_archived(people[:2]) == tuple(people[:2])
    assert service.count() == 1
    assert bulk.set_archived(people[:2], archived=False) == tuple(people[:2])
    ActivityService(store).log(
        ActivityDraft(people[0], datetime.now(UTC), "github", "comment", title="Hi")
    )
    impact = bulk.deletion_impact(people)
    assert (impact.people, impact.activities) == (3, 1)
    assert impact.describe() == ["1 interaction in the activity log"]
    snapshot = bulk.delete(people)
    assert service.count() == 0
    bulk.restore(snapshot)
    assert service.count() == 3 and service.get(people[0]).tags == ("vip",)


def test_ids_in_view_follow_the_table(store: Store, people: list[int]) -> None:
    bulk = PeopleBulkService(store)
    assert bulk.ids_in_view() == [people[0], people[2], people[1]]  # Ada, Alan, Grace
    assert bulk.ids_in_view(sort_key="name", descending=True, offset=1, limit=1) == [people[2]]
    assert bulk.ids_in_view(filters={"role": StakeholderRole.CUSTOMER}) == [people[1]]
