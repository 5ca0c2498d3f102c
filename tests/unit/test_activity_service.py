"""ActivityService against a real SQLite file: the log, the timeline and last activity."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.domain.enums import ActivityKind, ActivitySource, Platform
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.communities import CommunityService
from commdesk.services.people import PeopleService
from commdesk.services.records import CommunityDraft, PersonDraft
from commdesk.store import Store

T0 = datetime(2025, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def activity(store: Store) -> ActivityService:
    return ActivityService(store)


@pytest.fixture
def people(store: Store) -> PeopleService:
    return PeopleService(store)


@pytest.fixture
def ann(people: PeopleService) -> int:
    return people.create(PersonDraft(name="Ann"))


def refused(call: Callable[..., object], *args: object, **kwargs: object) -> ValidationError:
    """Run ``call`` and return the ValidationError it must raise."""
    with pytest.raises(ValidationError) as caught:
        call(*args, **kwargs)
    return caught.value


def count_rows(store: Store, table: str) -> int:
    with store.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_log_and_timeline(store: Store, activity: ActivityService, ann: int) -> None:
    forum = CommunityService(store).create(CommunityDraft(name="Forum"))
    first = activity.log(
        ActivityDraft(
            person_id=ann,
            occurred_at=T0,
            platform="Discourse",
            kind="Event attendance",
            community_id=forum,
            title="  Spring meetup ",
            url="https://forum.example/t/1",
            source="import",
            external_id="t-1",
        )
    )
    second = activity.log(ActivityDraft(ann, T0 + timedelta(days=1), Platform.GITHUB, "comment"))
    oldest = activity.log(ActivityDraft(ann, T0 - timedelta(days=1), "email", ActivityKind.EMAIL))

    timeline = activity.timeline(ann)
    assert [a.id for a in timeline] == [second, first, oldest]  # newest first
    entry = timeline[1]
    assert entry.occurred_at == T0
    assert (entry.person_id, entry.community_id, entry.community) == (ann, forum, "Forum")
    assert (entry.platform, entry.kind, entry.source) == (
        Platform.DISCOURSE,
        ActivityKind.EVENT_ATTENDANCE,
        ActivitySource.IMPORT,
    )
    assert (entry.title, entry.url) == ("Spring meetup", "https://forum.example/t/1")
    assert timeline[0].source is ActivitySource.MANUAL
    assert [a.id for a in activity.timeline(ann, limit=2)] == [second, first]


def test_times_are_stored_as_utc(activity: ActivityService, ann: int) -> None:
    activity.log(ActivityDraft(ann, datetime(2025, 3, 1, 12, 0), "email", "email"))  # naive: UTC
    activity.log(
        ActivityDraft(
            ann, datetime(2025, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=1))), "email", "email"
        )
    )
    times = [a.occurred_at for a in activity.timeline(ann)]
    assert times == [
        datetime(2025, 3, 1, 13, 0, tzinfo=UTC),
        datetime(2025, 3, 1, 12, 0, tzinfo=UTC),
    ]


def test_duplicate_external_id_per_platform_is_refused(
    store: Store, activity: ActivityService, people: PeopleService, ann: int
) -> None:
    activity.log(ActivityDraft(ann, T0, "github", "comment", external_id="c-1"))
    before = people.get(ann).last_activity_at

    later = ActivityDraft(ann, T0 + timedelta(days=9), "GitHub", "post", external_id=" c-1 ")
    error = refused(activity.log, later)
    assert error.field == "external id"
    assert "c-1" in error.message
    assert count_rows(store, "activities") == 1
    assert people.get(ann).last_activity_at == before

    # The same id on another platform is another activity; activities without one never clash.
    activity.log(ActivityDraft(ann, T0, "discourse", "comment", external_id="c-1"))
    activity.log(ActivityDraft(ann, T0, "github", "reaction"))
    activity.log(ActivityDraft(ann, T0, "github", "reaction", external_id="  "))
    assert count_rows(store, "activities") == 4


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"person_id": 404}, "person"),
        ({"community_id": 404}, "community"),
        ({"platform": "myspace"}, "platform"),
        ({"kind": "wave"}, "kind"),
        ({"source": "rumour"}, "source"),
        ({"url": "forum.example/t/1"}, "link"),
        ({"title": "x" * 501}, "title"),
    ],
)
def test_invalid_fields_are_refused_by_name(
    store: Store, activity: ActivityService, ann: int, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {
        "person_id": ann,
        "occurred_at": T0,
        "platform": "github",
        "kind": "post",
    }
    values.update(changes)
    assert refused(activity.log, ActivityDraft(**values)).field == field  # type: ignore[arg-type]
    assert count_rows(store, "activities") == 0


def test_last_activity_follows_inserts_and_deletes(
    activity: ActivityService, people: PeopleService, ann: int
) -> None:
    bob = people.create(PersonDraft(name="Bob"))
    assert people.get(ann).last_activity_at is None

    middle = activity.log(ActivityDraft(ann, T0, "slack", "message"))
    assert people.get(ann).last_activity_at == T0
    latest = activity.log(ActivityDraft(ann, T0 + timedelta(hours=5), "slack", "message"))
    assert people.get(ann).last_activity_at == T0 + timedelta(hours=5)
    earliest = activity.log(ActivityDraft(ann, T0 - timedelta(days=3), "slack", "message"))
    assert people.get(ann).last_activity_at == T0 + timedelta(hours=5)  # an older one: no change
    activity.log(ActivityDraft(bob, T0 + timedelta(days=30), "slack", "message"))
    assert people.get(ann).last_activity_at == T0 + timedelta(hours=5)  # Bob's is not Ann's

    activity.delete(latest)
    assert people.get(ann).last_activity_at == T0
    activity.delete(earliest)
    assert people.get(ann).last_activity_at == T0
    activity.delete(middle)
    assert people.get(ann).last_activity_at is None
    assert people.get(bob).last_activity_at == T0 + timedelta(days=30)


def test_last_activity_follows_raw_sql_too(store: Store, people: PeopleService, ann: int) -> None:
    stamp = int(T0.timestamp())
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO activities (occurred_at, person_id, platform, kind, source) "
                "VALUES (:at, :person, 'meetup', 'event_attendance', 'import')"
            ),
            {"at": stamp, "person": ann},
        )
    assert people.get(ann).last_activity_at == T0
    with store.engine.begin() as connection:
        connection.execute(text("UPDATE activities SET occurred_at = occurred_at + 60"))
    assert people.get(ann).last_activity_at == T0 + timedelta(minutes=1)
    with store.engine.begin() as connection:
        connection.execute(text("DELETE FROM activities"))
    assert people.get(ann).last_activity_at is None


def test_delete_a_missing_activity(activity: ActivityService) -> None:
    with pytest.raises(NotFoundError):
        activity.delete(404)


def test_schema_refuses_bad_rows(store: Store, activity: ActivityService, ann: int) -> None:
    activity.log(ActivityDraft(ann, T0, "github", "post", external_id="p-1"))
    insert = (
        "INSERT INTO activities (occurred_at, person_id, platform, kind, source, external_id) "
        "VALUES (0, {person}, '{platform}', '{kind}', '{source}', {external})"
    )
    bad_rows = [
        {
            "person": ann,
            "platform": "myspace",
            "kind": "post",
            "source": "sync",
            "external": "NULL",
        },
        {"person": ann, "platform": "github", "kind": "wave", "source": "sync", "external": "NULL"},
        {
            "person": ann,
            "platform": "github",
            "kind": "post",
            "source": "rumour",
            "external": "NULL",
        },
        {"person": 404, "platform": "github", "kind": "post", "source": "sync", "external": "NULL"},
        {
            "person": ann,
            "platform": "github",
            "kind": "post",
            "source": "sync",
            "external": "'p-1'",
        },
    ]
    for row in bad_rows:
        with pytest.raises(IntegrityError), store.engine.begin() as connection:
            connection.execute(text(insert.format(**row)))
    assert count_rows(store, "activities") == 1
