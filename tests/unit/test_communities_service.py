"""CommunityService against a real SQLite file: CRUD, channels, tags and memberships."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.domain.enums import CommunityScope, MembershipRole, Platform
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.records import ChannelDraft, CommunityDraft, PersonDraft
from commdesk.store import Store


@pytest.fixture
def communities(store: Store) -> CommunityService:
    return CommunityService(store)


@pytest.fixture
def people(store: Store) -> PeopleService:
    return PeopleService(store)


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Run ``call`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def count_rows(store: Store, table: str, where: str = "1=1") -> int:
    with store.engine.connect() as connection:
        return int(
            connection.execute(text(f"SELECT count(*) FROM {table} WHERE {where}")).scalar_one()
        )


# --- communities ----------------------------------------------------------------------------


def test_create_get_update_delete(
    store: Store, communities: CommunityService, people: PeopleService
) -> None:
    owner = people.create(PersonDraft(name="Olga"))
    community = communities.create(
        CommunityDraft(
            name=" Python Leeds ",
            purpose="Monthly meetups",
            scope="Mixed",
            owner_id=owner,
            channels=(
                ChannelDraft("meetup", "python-leeds"),
                ChannelDraft(Platform.SLACK, "#general"),
                ChannelDraft("Meetup", " python-leeds "),  # the same channel again
            ),
            tags=("python", "local"),
        )
    )
    record = communities.get(community)
    assert record.name == "Python Leeds"
    assert record.purpose == "Monthly meetups"
    assert record.scope is CommunityScope.MIXED
    assert (record.owner_id, record.owner) == (owner, "Olga")
    assert record.channels == (
        ChannelDraft(Platform.MEETUP, "python-leeds"),
        ChannelDraft(Platform.SLACK, "#general"),
    )
    assert record.tags == ("local", "python")
    assert record.members == 0
    assert communities.find_by_name("Python Leeds") == community

    communities.update(
        community,
        CommunityDraft(
            name="PyLeeds", channels=(ChannelDraft("slack", "#general"),), tags=("python",)
        ),
    )
    record = communities.get(community)
    assert (record.name, record.purpose, record.scope, record.owner_id) == (
        "PyLeeds",
        None,
        CommunityScope.EXTERNAL,
        None,
    )
    assert record.channels == (ChannelDraft(Platform.SLACK, "#general"),)
    assert record.tags == ("python",)
    assert count_rows(store, "community_channels") == 1

    communities.delete(community)
    with pytest.raises(NotFoundError):
        communities.get(community)
    with pytest.raises(NotFoundError):
        communities.update(community, CommunityDraft(name="Back"))
    assert count_rows(store, "community_channels") == 0
    assert count_rows(store, "community_tags") == 0
    assert count_rows(store, "tags") == 2  # tags are shared vocabulary: they stay


@pytest.mark.parametrize(
    ("draft", "field"),
    [
        (CommunityDraft(name=""), "name"),
        (CommunityDraft(name="X", scope="galactic"), "scope"),
        (CommunityDraft(name="X", owner_id=404), "owner"),
        (CommunityDraft(name="X", channels=(ChannelDraft("myspace", "x"),)), "channel platform"),
        (CommunityDraft(name="X", channels=(ChannelDraft("slack", "  "),)), "channel address"),
        (CommunityDraft(name="X", tags=("ok", "")), "tags"),
    ],
)
def test_invalid_fields_are_refused_by_name(
    store: Store, communities: CommunityService, draft: CommunityDraft, field: str
) -> None:
    assert refused(communities.create, draft).field == field
    assert count_rows(store, "communities") == 0
    assert count_rows(store, "tags") == 0


def test_names_are_unique(communities: CommunityService) -> None:
    first = communities.create(CommunityDraft(name="Forum"))
    assert refused(communities.create, CommunityDraft(name="Forum ")).field == "name"
    second = communities.create(CommunityDraft(name="Chat"))
    assert refused(communities.update, second, CommunityDraft(name="Forum")).field == "name"
    communities.update(first, CommunityDraft(name="Forum", purpose="same name, fine"))
    assert communities.get(first).purpose == "same name, fine"


def test_refused_update_leaves_the_record_unchanged(
    communities: CommunityService, people: PeopleService
) -> None:
    owner = people.create(PersonDraft(name="Olga"))
    community = communities.create(
        CommunityDraft(
            name="Forum",
            purpose="Old",
            owner_id=owner,
            channels=(ChannelDraft("discourse", "forum.example"),),
            tags=("old",),
        )
    )
    before = communities.get(community)
    # A valid new name, purpose and channels, then an unknown owner.
    error = refused(
        communities.update,
        community,
        CommunityDraft(
            name="Agora",
            purpose="New",
            owner_id=999,
            channels=(ChannelDraft("slack", "#agora"),),
            tags=("new",),
        ),
    )
    assert error.field == "owner"
    assert communities.get(community) == before
    assert communities.find_by_name("Agora") is None


def test_a_community_may_be_called_dash(communities: CommunityService) -> None:
    community = communities.create(CommunityDraft(name="-"))
    assert communities.get(community).name == "-"


# --- memberships ----------------------------------------------------------------------------


def test_membership_add_change_role_and_remove(
    communities: CommunityService, people: PeopleService
) -> None:
    forum = communities.create(CommunityDraft(name="Forum"))
    ann = people.create(PersonDraft(name="Ann"))
    bob = people.create(PersonDraft(name="Bob"))

    communities.add_member(forum, bob, joined_on=date(2024, 5, 1))
    communities.add_member(forum, ann, "Moderator")
    members = communities.members(forum)
    assert [(m.person, m.role) for m in members] == [
        ("Ann", MembershipRole.MODERATOR),
        ("Bob", MembershipRole.MEMBER),
    ]
    assert members[1].joined_on == date(2024, 5, 1)
    assert members[1].community == "Forum"
    assert communities.get(forum).members == 2

    # Adding again changes the role and keeps one membership.
    communities.add_member(forum, bob, MembershipRole.CHAMPION)
    members = communities.members(forum)
    assert len(members) == 2
    assert members[1].role is MembershipRole.CHAMPION
    assert members[1].joined_on == date(2024, 5, 1)

    assert communities.remove_member(forum, ann) is True
    assert communities.remove_member(forum, ann) is False
    assert [m.person for m in communities.members(forum)] == ["Bob"]
    assert communities.members(forum, limit=1, offset=1) == []


def test_a_person_belongs_to_several_communities(
    store: Store, communities: CommunityService, people: PeopleService
) -> None:
    ann = people.create(PersonDraft(name="Ann"))
    ids = [communities.create(CommunityDraft(name=f"C{n}")) for n in range(3)]
    for n, community in enumerate(ids):
        communities.add_member(community, ann, list(MembershipRole)[n])
    assert count_rows(store, "memberships", f"person_id = {ann}") == 3
    assert [communities.members(c)[0].role for c in ids] == list(MembershipRole)[:3]

    communities.delete(ids[0])
    assert count_rows(store, "memberships", f"person_id = {ann}") == 2
    assert people.get(ann).name == "Ann"


def test_membership_refusals(communities: CommunityService, people: PeopleService) -> None:
    forum = communities.create(CommunityDraft(name="Forum"))
    ann = people.create(PersonDraft(name="Ann"))
    assert refused(communities.add_member, forum, ann, "overlord").field == "role"
    assert refused(communities.add_member, forum, 999).field == "person"
    with pytest.raises(NotFoundError):
        communities.add_member(999, ann)
    assert communities.members(forum) == []


def test_deleting_a_community_keeps_its_activity_unassigned(
    store: Store, communities: CommunityService, people: PeopleService
) -> None:
    forum = communities.create(CommunityDraft(name="Forum"))
    ann = people.create(PersonDraft(name="Ann"))
    communities.add_member(forum, ann)
    activity = ActivityService(store)
    logged = activity.log(
        ActivityDraft(ann, datetime(2025, 2, 3, tzinfo=UTC), "discourse", "post", forum)
    )
    assert activity.timeline(ann)[0].community == "Forum"

    communities.delete(forum)
    (entry,) = activity.timeline(ann)
    assert (entry.id, entry.community_id, entry.community) == (logged, None, None)
    assert count_rows(store, "memberships") == 0


def test_schema_refuses_bad_rows(
    store: Store, communities: CommunityService, people: PeopleService
) -> None:
    forum = communities.create(CommunityDraft(name="Forum"))
    ann = people.create(PersonDraft(name="Ann"))
    communities.add_member(forum, ann)
    statements = [
        "INSERT INTO communities (name, scope, archived, created_at, updated_at) "
        "VALUES ('  ', 'external', 0, 0, 0)",
        "INSERT INTO communities (name, scope, archived, created_at, updated_at) "
        "VALUES ('New', 'galactic', 0, 0, 0)",
        f"UPDATE memberships SET role = 'boss' WHERE community_id = {forum}",
        f"INSERT INTO memberships (person_id, community_id, role) VALUES ({ann}, {forum}, 'member')",
        f"INSERT INTO memberships (person_id, community_id, role) VALUES ({ann}, 999, 'member')",
        f"UPDATE memberships SET joined_on = '2025-02-01', left_on = '2025-01-01' "
        f"WHERE community_id = {forum}",
        f"UPDATE communities SET owner_id = 999 WHERE id = {forum}",
    ]
    for statement in statements:
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(text(statement))
    assert [(m.person, m.role) for m in communities.members(forum)] == [
        ("Ann", MembershipRole.MEMBER)
    ]
