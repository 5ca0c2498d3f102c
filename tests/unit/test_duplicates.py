"""Merging likely duplicates: links moved, clashes resolved, search right, undo exact."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy import func, select

from commdesk.domain import (
    Activity,
    Base,
    Community,
    Identity,
    Membership,
    MergeCandidate,
    Person,
    PersonEmail,
    PersonRole,
    Tag,
    person_tags,
)
from commdesk.domain.enums import ActivityKind, MembershipRole, Platform, StakeholderRole
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.duplicates import MOVED, DuplicateService
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
T1 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def seed(store: Store) -> dict[str, int]:
    """Ann (kept) and Annie (absorbed): overlapping emails, roles, tags, a shared community."""
    with store.session() as s:
        ann = Person(name="Ann Lee", phone=None, notes="met at FOSDEM", location="Ghent")
        annie = Person(
            name="Annie Lee", phone="+32 1", job_title="Maintainer", notes="GitHub: annie"
        )
        third = Person(name="Bob Stone")
        s.add_all([ann, annie, third])
        s.flush()
        s.add_all(
            [
                PersonEmail(person_id=ann.id, email="ann@example.org", position=0),
                PersonEmail(person_id=annie.id, email="ANN@example.org", position=0),
                PersonEmail(person_id=annie.id, email="annie@work.example", position=1),
                Identity(person_id=annie.id, platform=Platform.GITHUB, handle="annie-gh"),
                Identity(person_id=ann.id, platform=Platform.MASTODON, handle="@ann@social"),
                PersonRole(person_id=ann.id, role=StakeholderRole.CUSTOMER),
                PersonRole(person_id=annie.id, role=StakeholderRole.CUSTOMER),
                PersonRole(person_id=annie.id, role=StakeholderRole.PARTNER),
            ]
        )
        shared, own = Community(name="Python Ghent"), Community(name="Rustaceans")
        owned = Community(name="Docs Guild", owner_id=annie.id)
        red, blue = Tag(name="red"), Tag(name="blue")
        s.add_all([shared, own, owned, red, blue])
        s.flush()
        s.execute(
            person_tags.insert(),
            [
                {"person_id": ann.id, "tag_id": red.id},
                {"person_id": annie.id, "tag_id": red.id},
                {"person_id": annie.id, "tag_id": blue.id},
            ],
        )
        s.add_all(
            [
                Membership(
                    person_id=ann.id,
                    community_id=shared.id,
                    role=MembershipRole.MEMBER,
                    joined_on=date(2024, 6, 1),
                ),
                Membership(
                    person_id=annie.id,
                    community_id=shared.id,
                    role=MembershipRole.MODERATOR,
                    joined_on=date(2023, 2, 1),
                ),
                Membership(person_id=annie.id, community_id=own.id, role=MembershipRole.MEMBER),
                Activity(
                    person_id=annie.id,
                    occurred_at=T1,
                    platform=Platform.GITHUB,
                    kind=ActivityKind.COMMENT,
                ),
                Activity(
                    person_id=ann.id,
                    occurred_at=T0,
                    platform=Platform.EMAIL,
                    kind=ActivityKind.EMAIL,
                ),
                MergeCandidate(person_id=ann.id, other_person_id=annie.id, reason="same email"),
                MergeCandidate(person_id=third.id, other_person_id=annie.id, reason="same name"),
                MergeCandidate(person_id=ann.id, other_person_id=third.id, reason="same name"),
            ]
        )
        s.flush()
        candidate = s.execute(
            select(MergeCandidate.id).where(MergeCandidate.other_person_id == annie.id)
        ).scalars()
        return {
            "ann": ann.id,
            "annie": annie.id,
            "bob": third.id,
            "candidate": min(candidate),
            "shared": shared.id,
            "owned": owned.id,
        }


def state(store: Store) -> dict[str, Any]:
    """Everything the merge may touch, as plain sorted rows."""
    tables = [Person, PersonEmail, Identity, PersonRole, Membership, Activity, MergeCandidate]
    with store.read() as s:
        result: dict[str, Any] = {
            model.__tablename__: sorted(
                tuple(r) for r in s.execute(select(*model.__table__.columns)).all()
            )
            for model in tables
        }
        result["person_tags"] = sorted(tuple(r) for r in s.execute(select(person_tags)).all())
        result["owners"] = sorted(
            tuple(r) for r in s.execute(select(Community.id, Community.owner_id))
        )
    return result


def test_every_link_to_a_person_is_handled_by_a_merge() -> None:
    links = {
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    assert links == set(MOVED), "a new link to people: decide what a merge does with it"


def test_list_shows_both_people_with_their_emails(store: Store) -> None:
    ids = seed(store)
    service = DuplicateService(store)
    assert service.count() == 3
    first = service.page(10)[0]
    assert (first.person_id, first.other_person_id) == (ids["ann"], ids["annie"])
    assert first.person_name == "Ann Lee" and first.other_name == "Annie Lee"
    assert first.person_emails == "ann@example.org"
    assert set(first.other_emails.split(", ")) == {"ANN@example.org", "annie@work.example"}
    assert first.reason == "same email"
    assert [row.id for row in service.page(2, offset=1)] == [r.id for r in service.page(10)[1:]]


def test_merge_moves_every_link_and_resolves_clashes(store: Store) -> None:
    ids = seed(store)
    ann, annie, bob = ids["ann"], ids["annie"], ids["bob"]
    DuplicateService(store).merge_candidate(ids["candidate"])
    with store.read() as s:
        assert s.get(Person, annie) is None
        kept = s.get(Person, ann)
        assert kept is not None
        assert kept.phone == "+32 1" and kept.job_title == "Maintainer"
        assert kept.location == "Ghent"  # not overwritten
        assert kept.notes == "met at FOSDEM\n\nGitHub: annie"
        assert kept.last_activity_at == T1
        emails = s.execute(
            select(PersonEmail.email, PersonEmail.position)
            .where(PersonEmail.person_id == ann)
            .order_by(PersonEmail.position)
        ).all()
        assert [tuple(e) for e in emails] == [("ann@example.org", 0), ("annie@work.example", 2)]
        roles = s.execute(select(PersonRole.role).where(PersonRole.person_id == ann)).scalars()
        assert set(roles) == {StakeholderRole.CUSTOMER, StakeholderRole.PARTNER}
        tags = s.execute(select(func.count()).select_from(person_tags)).scalar_one()
        assert tags == 2
        memberships = s.execute(
            select(Membership.community_id, Membership.joined_on, Membership.role).where(
                Membership.person_id == ann
            )
        ).all()
        assert len(memberships) == 2
        shared = next(m for m in memberships if m.community_id == ids["shared"])
        assert shared.joined_on == date(2023, 2, 1) and shared.role == MembershipRole.MEMBER
        handles = s.execute(select(Identity.handle).where(Identity.person_id == ann)).scalars()
        assert set(handles) == {"annie-gh", "@ann@social"}
        activities = s.execute(select(Activity.person_id)).scalars().all()
        assert activities == [ann, ann]
        assert s.get(Community, ids["owned"]).owner_id == ann  # type: ignore[union-attr]
        pairs = s.execute(select(MergeCandidate.person_id, MergeCandidate.other_person_id)).all()
        assert [tuple(p) for p in pairs] == [(ann, bob)]  # Bob~Annie became Bob~Ann: a repeat


def test_search_finds_the_kept_person_by_the_absorbed_ones_email_and_handle(store: Store) -> None:
    ids = seed(store)
    people = PeopleService(store)
    assert [pid for pid, _ in people.search("annie@work")] == [ids["annie"]]
    DuplicateService(store).merge(ids["ann"], ids["annie"])
    assert [pid for pid, _ in people.search("annie@work")] == [ids["ann"]]
    assert [pid for pid, _ in people.search("annie-gh")] == [ids["ann"]]
    assert [pid for pid, _ in people.search("Lee")] == [ids["ann"]]  # Annie is gone from the index


def test_undo_restores_both_people_exactly(store: Store) -> None:
    ids = seed(store)
    before = state(store)
    service = DuplicateService(store)
    result = service.merge(ids["annie"], ids["ann"])  # keeping the other one works too
    assert state(store) != before
    service.undo_merge(result)
    assert state(store) == before
    people = PeopleService(store)
    assert [pid for pid, _ in people.search("annie@work")] == [ids["annie"]]
    assert [pid for pid, _ in people.search("@ann@social")] == [ids["ann"]]


def test_dismiss_forgets_the_pair_and_can_be_undone(store: Store) -> None:
    ids = seed(store)
    service = DuplicateService(store)
    before = state(store)
    snapshot = service.dismiss(ids["candidate"])
    assert service.count() == 2
    assert ids["candidate"] not in [row.id for row in service.page(10)]
    service.undo_dismiss(snapshot)
    assert state(store) == before


def test_bad_requests_name_the_problem_and_change_nothing(store: Store) -> None:
    ids = seed(store)
    before = state(store)
    service = DuplicateService(store)
    with pytest.raises(ValidationError, match=f"cannot merge person {ids['ann']} with themselves"):
        service.merge(ids["ann"], ids["ann"])
    with pytest.raises(NotFoundError, match="No person with id 999"):
        service.merge(ids["ann"], 999)
    with pytest.raises(NotFoundError, match="No possible duplicate with id 555"):
        service.merge_candidate(555)
    with pytest.raises(NotFoundError, match="No possible duplicate with id 555"):
        service.dismiss(555)
    assert state(store) == before


def test_deleting_both_people_of_a_pair_is_undone_whole(store: Store) -> None:
    """A candidate row refers to both people: the snapshot keeps it once, so undo works."""
    people = PeopleService(store)
    a = people.create(PersonDraft(name="Sam Lee"))
    b = people.create(PersonDraft(name="Sam Lee"))
    with store.session() as session:
        session.add(MergeCandidate(person_id=b, other_person_id=a, reason="same name"))
    snapshot = people.delete([a, b])
    assert snapshot.count("merge_candidates") == 1
    people.restore(snapshot)
    with store.read() as session:
        pairs = session.execute(select(MergeCandidate.person_id, MergeCandidate.other_person_id))
        assert pairs.all() == [(b, a)]
