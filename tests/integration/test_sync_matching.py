"""Who is who: people found by a sync are matched by identity, then email; look-alikes are
recorded for a person to merge, never merged. The store writer on a real database."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from commdesk.domain import Identity, MergeCandidate, PersonEmail
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, PersonDraft
from commdesk.store import Store
from commdesk.sync.records import FoundActivity, FoundPerson, Page
from commdesk.sync.writer import StoreWriter
from tests.fixtures.sync.accounts import counts

WHEN = datetime(2024, 5, 1, 12, tzinfo=UTC)


def test_matched_by_identity_then_email_and_look_alikes_recorded(store: Store) -> None:
    people = PeopleService(store)
    known = people.create(
        PersonDraft(
            name="Ada Lovelace",
            identities=(IdentityDraft(Platform.GITHUB, "ada"),),
        )
    )
    by_mail = people.create(PersonDraft(name="Grace Hopper", emails=("grace@navy.example",)))
    namesake = people.create(PersonDraft(name="Alan Turing"))
    page = Page(
        {},
        True,
        people=[
            FoundPerson("ada", "Augusta Ada King"),
            FoundPerson("ghopper", "Grace H.", email="Grace@Navy.example"),
            FoundPerson("aturing", "Alan Turing"),
            FoundPerson("ada", "Ada again"),  # the same person twice on a page
        ],
        activities=[
            FoundActivity("e1", "ada", ActivityKind.COMMENT, WHEN),
            FoundActivity("e2", "ghopper", ActivityKind.POST, WHEN),
            FoundActivity("e3", "aturing", ActivityKind.REACTION, WHEN),
        ],
    )
    writer = StoreWriter(store, Platform.GITHUB)

    first = writer.write(page)
    again = writer.write(page)

    assert (first.people_added, first.people_matched, first.activities_added) == (1, 2, 3)
    assert (again.people_added, again.people_matched, again.activities_added) == (0, 3, 0)
    assert counts(store) == (4, 3, 3)
    with store.read() as session:
        owners = dict(session.execute(select(Identity.handle, Identity.person_id)).all())
        new = owners["aturing"]
        assert owners["ada"] == known and owners["ghopper"] == by_mail
        assert new != namesake  # not merged silently...
        pairs = session.execute(
            select(MergeCandidate.person_id, MergeCandidate.other_person_id)
        ).all()
        assert [tuple(p) for p in pairs] == [(new, namesake)]  # ...but offered for merge
        assert session.scalars(select(PersonEmail.email)).all() == ["grace@navy.example"]
    assert first.likely_duplicates == [(new, namesake)]


def test_an_author_seen_on_an_earlier_page_is_found_again(store: Store) -> None:
    writer = StoreWriter(store, Platform.MASTODON)
    writer.write(Page({}, False, people=[FoundPerson("ada@social.example")]))

    counts_ = writer.write(
        Page(
            {},
            True,
            activities=[FoundActivity("x", "ada@social.example", ActivityKind.MENTION, WHEN)],
        )
    )

    assert counts_.activities_added == 1
    assert counts(store) == (1, 1, 1)


def test_two_new_handles_with_one_email_are_one_person(store: Store) -> None:
    writer = StoreWriter(store, Platform.DISCOURSE)
    page = Page(
        {},
        True,
        people=[
            FoundPerson("sam@forum.example", "Sam", email="sam@example.org"),
            FoundPerson("sam2@forum.example", "Sam", email="SAM@example.org"),
        ],
    )

    written = writer.write(page)

    assert (written.people_added, written.identities_added) == (1, 2)
    assert counts(store) == (1, 2, 0)
