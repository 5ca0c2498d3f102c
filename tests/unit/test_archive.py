"""Deleted people, communities and plans go to the archive and can come back from it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from commdesk.errors import CommDeskError, NotFoundError
from commdesk.services import archive
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.plans import PlanService
from commdesk.services.records import CommunityDraft, PersonDraft, PlanDraft
from commdesk.store import Store


def test_a_deleted_person_is_archived_and_comes_back_whole(store: Store) -> None:
    people = PeopleService(store)
    person = people.create(
        PersonDraft(name="Grace", emails=("grace@example.org",), roles=("partner",))
    )
    community = CommunityService(store).create(CommunityDraft(name="Navy", owner_id=person))
    ActivityService(store).log(
        ActivityDraft(person, datetime(2026, 1, 2, 3, 4, tzinfo=UTC), "github", "post")
    )
    before = people.get(person)

    people.delete([person])

    (entry,) = archive.entries(store)
    assert (entry.table_name, entry.label, entry.record_count) == ("people", "Grace", 1)
    with pytest.raises(NotFoundError):
        people.get(person)
    archive.bring_back(store, entry.id)
    assert people.get(person) == before
    assert CommunityService(store).get(community).owner_id == person
    assert ActivityService(store).timeline(person)[0].occurred_at == datetime(
        2026, 1, 2, 3, 4, tzinfo=UTC
    )
    assert archive.entries(store) == []


def test_undo_in_the_session_takes_the_entry_out_again(store: Store) -> None:
    plans = PlanService(store)
    plan = plans.create(PlanDraft(name="Launch"))
    snapshot = plans.delete(plan)
    assert [e.label for e in archive.entries(store)] == ["Launch"]
    plans.restore(snapshot)
    assert archive.entries(store) == []


def test_bringing_back_over_a_reused_name_is_refused_cleanly(store: Store) -> None:
    communities = CommunityService(store)
    communities.delete(communities.create(CommunityDraft(name="Makers")))
    communities.create(CommunityDraft(name="Makers"))
    (entry,) = archive.entries(store)
    with pytest.raises(CommDeskError, match="cannot be put back"):
        archive.bring_back(store, entry.id)
    assert len(archive.entries(store)) == 1  # still archived, nothing half-restored


def test_purge_removes_old_entries_for_good(store: Store) -> None:
    people = PeopleService(store)
    people.delete([people.create(PersonDraft(name="Old"))])
    assert archive.purge(store, now=datetime.now(UTC) + timedelta(days=10)) == 0
    assert archive.purge(store, now=datetime.now(UTC) + timedelta(days=91)) == 1
    assert archive.entries(store) == []
