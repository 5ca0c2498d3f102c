"""The Overview's rankings are saved and reused until anything they rest on changes."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import text

from commdesk.domain.enums import ActivityKind, Platform
from commdesk.domain.enums import StakeholderRole as R
from commdesk.services import engagement
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.dashboard import DashboardQuery, DashboardService, saved
from commdesk.services.dashboard.people import PeopleRankings, as_of
from commdesk.store import Store
from tests.dashboard_world import END, START, build_world

QUERY = DashboardQuery(START, END)


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    return build_world(store)


def saved_rows(store: Store) -> list[tuple[str, int]]:
    with store.read() as session:
        rows = session.execute(text("SELECT role, community_id FROM overview_rankings"))
        return [(str(r), int(c)) for r, c in rows]


def ranked_now(store: Store, query: DashboardQuery = QUERY) -> PeopleRankings:
    return DashboardService(store).rankings(query)


def saved_only(store: Store, query: DashboardQuery = QUERY) -> PeopleRankings | None:
    return DashboardService(store).load(query, rank=False).rankings


def test_rankings_are_saved_per_filter_and_read_back_equal(
    store: Store, world: dict[str, int]
) -> None:
    assert saved_only(store) is None  # nothing measured yet: the charts do not wait
    first = ranked_now(store)
    assert [b.name for b in first.bridges] == ["Bob"]
    assert saved_rows(store) == [("", 0)]
    assert saved_only(store) == first
    guild = DashboardQuery(START, END, role=R.CUSTOMER, community_id=world["guild"])
    assert saved_only(store, guild) is None  # another filter: its own answer
    customers = ranked_now(store, guild)
    assert {r.name for r in customers.influencers} == {"Bob"}
    assert sorted(saved_rows(store)) == [("", 0), ("customer", world["guild"])]
    assert saved_only(store, guild) == customers


# Each a change a writer outside the app could make (so only triggers can notice it).
CHANGES = {
    "activity logged": "INSERT INTO activities (occurred_at, person_id, community_id, platform, "
    "kind, source) VALUES (1773000000, :ann, :guild, 'github', 'post', 'manual')",
    "activity deleted": "DELETE FROM activities WHERE person_id = :bob",
    "activity moved": "UPDATE activities SET community_id = :circle WHERE person_id = :cat",
    "member joined": "INSERT INTO memberships (person_id, community_id, role, joined_on) "
    "VALUES (:dan, :guild, 'member', '2026-01-01')",
    "member left": "UPDATE memberships SET left_on = '2026-03-01' WHERE person_id = :bob",
    "role given": "INSERT INTO person_roles (person_id, role) VALUES (:dan, 'customer')",
    "role taken": "DELETE FROM person_roles WHERE person_id = :bob",
    "person renamed": "UPDATE people SET name = 'Robert' WHERE id = :bob",
    "person archived": "UPDATE people SET archived = 1 WHERE id = :bob",
    "person deleted": "DELETE FROM people WHERE id = :bob",
    "community renamed": "UPDATE communities SET name = 'Hall' WHERE id = :guild",
    "community deleted": "DELETE FROM communities WHERE id = :guild",
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_behind_the_rankings_forgets_them(
    store: Store, world: dict[str, int], change: str
) -> None:
    ranked_now(store)
    with store.read() as session:
        before = saved.generation(session)
    assert store.path is not None
    with sqlite3.connect(store.path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(CHANGES[change], world | {"person": 0})
    assert saved_rows(store) == []
    assert saved_only(store) is None
    with store.read() as session:
        assert saved.generation(session) > before


def test_a_change_unrelated_to_the_rankings_keeps_them(store: Store, world: dict[str, int]) -> None:
    ranked = ranked_now(store)
    with store.session() as session:
        session.execute(
            text("UPDATE people SET notes = 'met at the fair' WHERE id = :p"), {"p": world["bob"]}
        )
    assert saved_only(store) == ranked


def test_logging_activity_through_the_app_forgets_them(store: Store, world: dict[str, int]) -> None:
    ranked_now(store)
    ActivityService(store).log(
        ActivityDraft(
            person_id=world["dan"],
            occurred_at=datetime(2026, 3, 10, 12, tzinfo=UTC),
            platform=Platform.SLACK,
            kind=ActivityKind.POST,
            community_id=world["guild"],
        )
    )
    assert saved_only(store) is None
    # Dan is now active in the guild too (his old forum activity is out of the window).
    again = ranked_now(store)
    assert "Dan" in {r.name for r in again.influencers}


def test_new_scores_or_settings_forget_them(store: Store, world: dict[str, int]) -> None:
    ranked_now(store)
    settings = engagement.load_settings(store)
    engagement.save_settings(store, settings.with_weight(ActivityKind.COMMENT, 9.0))
    assert saved_only(store) is None
    ranked_now(store)
    engagement.recompute(store, datetime(2026, 4, 1, tzinfo=UTC))  # scored at another time
    assert saved_only(store) is None


def test_an_answer_measured_while_the_data_changed_is_not_saved(
    store: Store, world: dict[str, int]
) -> None:
    settings = engagement.load_settings(store)
    with store.read() as session:
        seen = saved.generation(session)
    with store.session() as session:
        session.execute(text("DELETE FROM activities WHERE person_id = :p"), {"p": world["eve"]})
    kept = saved.save(
        store,
        QUERY,
        settings=settings,
        measured_at=0,
        seen=seen,
        values=saved.to_values([], [], []),
    )
    assert kept is False
    assert saved_rows(store) == []


def test_an_answer_measured_now_holds_for_the_rest_of_the_day(
    store: Store, world: dict[str, int]
) -> None:
    today = DashboardQuery.last_days(30, today=datetime.now(UTC).date())
    settings = engagement.load_settings(store)
    ranked_now(store, today)
    measured = as_of(today)
    assert saved.load(store, today, settings, measured) is not None
    later = measured + timedelta(hours=1)
    if later.date() == measured.date():
        assert saved.load(store, today, settings, later) is not None
    tomorrow = measured + timedelta(days=1)
    assert saved.load(store, today, settings, tomorrow) is None


def test_a_range_that_has_ended_holds_whenever_asked(store: Store, world: dict[str, int]) -> None:
    settings = engagement.load_settings(store)
    ranked = ranked_now(store)
    found = saved.load(store, QUERY, settings, ranked.as_of)
    assert found is not None
    assert found[1] == int(ranked.as_of.timestamp())
