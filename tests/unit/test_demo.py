"""The demo world: deterministic, believable, consistent, and written all-or-nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from commdesk.demo import END_DATE, DemoCancelled, DemoSummary, DemoWorld, build_demo
from commdesk.domain.enums import MembershipRole, Phase
from commdesk.errors import CommDeskError
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store


def rows(store: Store, sql: str) -> list[tuple[Any, ...]]:
    with store.engine.connect() as connection:
        return [tuple(r) for r in connection.exec_driver_sql(sql).all()]


def value(store: Store, sql: str) -> Any:
    return rows(store, sql)[0][0]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, DemoSummary]]:
    """One tiny demo (300 people, 10,000 activities) shared by the read-only tests, on the
    world's own calendar (built as if on END_DATE)."""
    store = Store.open(tmp_path_factory.mktemp("demo") / "tiny.sqlite")
    summary = build_demo(store, "tiny", seed=7, today=END_DATE)
    yield store, summary
    store.close()


@pytest.fixture
def demo(tiny: tuple[Store, DemoSummary]) -> Store:
    return tiny[0]


def test_tiny_demo_has_the_promised_size_and_counts_what_it_wrote(
    tiny: tuple[Store, DemoSummary],
) -> None:
    store, summary = tiny
    assert summary.people == 300
    assert summary.activities == 10_000
    assert summary.plans == 3
    assert summary.communities >= 20
    assert summary.organisations > 20
    assert summary.memberships > 250
    assert summary.identities > summary.people
    for table, count in summary.rows.items():
        assert value(store, f"SELECT count(*) FROM {table}") == count, table


@pytest.mark.slow
def test_small_demo_has_5000_people_and_200000_activities(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "small.sqlite")
    try:
        summary = build_demo(store)  # small is the default
        assert summary.size == "small"
        assert value(store, "SELECT count(*) FROM people") == 5_000
        assert value(store, "SELECT count(*) FROM activities") == 200_000
        assert value(store, "SELECT count(*) FROM person_search") == 5_000
        assert 4_000 < summary.memberships < 20_000
    finally:
        store.close()


def test_the_same_seed_builds_the_same_world(tmp_path: Path) -> None:
    def build(name: str, seed: int) -> tuple[DemoSummary, list[tuple[Any, ...]], Any]:
        store = Store.open(tmp_path / name)
        try:
            summary = build_demo(store, "tiny", seed=seed)
            people = rows(
                store,
                "SELECT p.name, e.email FROM people AS p JOIN person_emails AS e "
                "ON e.person_id = p.id AND e.position = 0 ORDER BY p.id LIMIT 20",
            )
            log = rows(
                store,
                "SELECT sum(occurred_at), sum(person_id * id), group_concat(kind, '') "
                "FROM (SELECT * FROM activities ORDER BY id LIMIT 500)",
            )
            return summary, people, log
        finally:
            store.close()

    first, again, other = build("a.sqlite", 7), build("b.sqlite", 7), build("c.sqlite", 8)
    assert first == again
    assert len(first[1]) == 20
    assert first[1] != other[1]


def test_rows_without_a_store_match_what_is_written(tiny: tuple[Store, DemoSummary]) -> None:
    world = DemoWorld("tiny", seed=7)
    counted: dict[str, int] = {}
    for batch in world.tables(batch_rows=1_000):
        assert len(batch.rows) <= 1_000
        assert all(len(row) == len(batch.columns) for row in batch.rows)
        counted[batch.table.name] = counted.get(batch.table.name, 0) + len(batch.rows)
    assert counted == dict(tiny[1].rows) == world.counts


def test_search_finds_demo_people_by_name_email_and_organisation(demo: Store) -> None:
    people = PeopleService(demo)
    person_id, name, email = rows(
        demo,
        "SELECT p.id, p.name, e.email FROM people AS p JOIN person_emails AS e "
        "ON e.person_id = p.id WHERE p.name NOT GLOB '*[^ -~]*' LIMIT 1",
    )[0]
    assert person_id in [pid for pid, _ in people.search(name, limit=100)]
    assert person_id in [pid for pid, _ in people.search(email, limit=100)]
    employees = value(
        demo,
        "SELECT count(*) FROM people AS p JOIN organisations AS o ON o.id = p.organisation_id "
        "WHERE o.name = 'Northwind Collective'",
    )
    assert len(people.search("Northwind Collective", limit=10_000)) == employees


def test_names_include_non_ascii_and_emails_are_ascii(demo: Store) -> None:
    assert value(demo, "SELECT count(*) FROM people WHERE name GLOB '*[^ -~]*'") > 0
    assert value(demo, "SELECT count(*) FROM person_emails WHERE email GLOB '*[^ -~]*'") == 0
    assert value(demo, "SELECT count(*) FROM person_emails WHERE email != lower(email)") == 0


def test_last_activity_is_the_latest_activity_of_each_person(demo: Store) -> None:
    assert value(demo, "SELECT count(*) FROM people WHERE last_activity_at IS NOT NULL") > 100
    stale = value(
        demo,
        "SELECT count(*) FROM people AS p WHERE p.last_activity_at IS NOT "
        "(SELECT max(occurred_at) FROM activities WHERE person_id = p.id)",
    )
    assert stale == 0


def test_every_plan_has_items_in_all_four_phases_numbered_from_zero(demo: Store) -> None:
    columns = rows(
        demo,
        "SELECT plan_id, phase, count(*), min(position), max(position) FROM plan_items "
        "GROUP BY plan_id, phase",
    )
    plans = {plan for plan, *_ in columns}
    assert len(plans) == 3
    for plan in plans:
        assert {phase for p, phase, *_ in columns if p == plan} == {ph.value for ph in Phase}
    assert all(low == 0 and high == count - 1 for _p, _ph, count, low, high in columns)
    assert value(demo, "SELECT count(*) FROM kpis GROUP BY plan_id ORDER BY 1 LIMIT 1") >= 2
    assert value(demo, "SELECT count(DISTINCT status) FROM plans") == 3


def test_identities_emails_and_external_ids_are_unique(demo: Store) -> None:
    assert value(demo, "SELECT count(*) FROM identities") == value(
        demo, "SELECT count(*) FROM (SELECT DISTINCT platform, handle FROM identities)"
    )
    assert value(demo, "SELECT count(*) FROM person_emails") == value(
        demo, "SELECT count(DISTINCT email) FROM person_emails"
    )
    assert value(demo, "SELECT count(*) FROM activities WHERE external_id IS NOT NULL") == value(
        demo,
        "SELECT count(*) FROM (SELECT DISTINCT platform, external_id FROM activities "
        "WHERE external_id IS NOT NULL)",
    )
    # Imported and synced activity carries the platform's id; manual entries have none.
    mismatched = value(
        demo,
        "SELECT count(*) FROM activities WHERE (source = 'manual') != (external_id IS NULL)",
    )
    assert mismatched == 0


def test_database_is_consistent_and_triggers_are_back(demo: Store, tmp_path: Path) -> None:
    assert rows(demo, "PRAGMA foreign_key_check") == []
    assert rows(demo, "PRAGMA integrity_check") == [("ok",)]
    assert value(demo, "SELECT count(*) FROM person_search") == 300
    empty = Store.open(tmp_path / "empty.sqlite")
    try:
        triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        assert rows(demo, triggers) == rows(empty, triggers)
    finally:
        empty.close()


def test_activity_follows_the_communities_and_the_calendar(demo: Store) -> None:
    first = int(datetime(2024, 11, 1, tzinfo=UTC).timestamp())
    last = datetime(END_DATE.year, END_DATE.month, END_DATE.day, tzinfo=UTC)
    end = int((last + timedelta(days=1)).timestamp())
    assert value(demo, "SELECT min(occurred_at) FROM activities") >= first
    assert value(demo, "SELECT max(occurred_at) FROM activities") < end
    off_channel = value(
        demo,
        "SELECT count(*) FROM activities AS a WHERE a.community_id IS NOT NULL AND NOT EXISTS "
        "(SELECT 1 FROM community_channels AS c WHERE c.community_id = a.community_id "
        "AND c.platform = a.platform)",
    )
    assert off_channel == 0
    # Nobody is active in a community before joining it or after leaving it.
    outside = value(
        demo,
        "SELECT count(*) FROM activities AS a JOIN memberships AS m ON m.person_id = a.person_id "
        "AND m.community_id = a.community_id WHERE date(a.occurred_at, 'unixepoch') < m.joined_on "
        "OR date(a.occurred_at, 'unixepoch') > coalesce(m.left_on, '9999')",
    )
    assert outside == 0


def test_activity_has_a_believable_rhythm(demo: Store) -> None:
    per_weekday = dict(
        rows(
            demo,
            "SELECT strftime('%w', occurred_at, 'unixepoch'), count(*) FROM activities GROUP BY 1",
        )
    )
    weekday = sum(per_weekday[d] for d in "12345") / 5
    weekend = (per_weekday["0"] + per_weekday["6"]) / 2
    assert weekday > 1.8 * weekend
    per_month = dict(
        rows(
            demo,
            "SELECT strftime('%m', occurred_at, 'unixepoch'), count(*) FROM activities GROUP BY 1",
        )
    )
    assert per_month["08"] < 0.85 * per_month["05"]  # the summer dip
    kinds = rows(demo, "SELECT kind FROM activities GROUP BY kind ORDER BY count(*) DESC")
    assert kinds[0] == ("reaction",)
    assert len(kinds) == 9
    # Heavy-tailed: the busiest 3 people of 300 do far more than 1 % of everything.
    top = value(
        demo,
        "SELECT sum(n) FROM (SELECT count(*) AS n FROM activities GROUP BY person_id "
        "ORDER BY n DESC LIMIT 3)",
    )
    assert top > 0.05 * 10_000


def test_people_roles_and_memberships_are_mixed(demo: Store) -> None:
    roles = dict(rows(demo, "SELECT role, count(*) FROM person_roles GROUP BY role"))
    assert {"employee", "customer", "supplier", "partner", "competitor", "shareholder"} <= set(
        roles
    )
    both = value(
        demo,
        "SELECT count(*) FROM (SELECT person_id FROM person_roles GROUP BY person_id "
        "HAVING count(*) > 1)",
    )
    assert both > 0
    membership_roles = {r for (r,) in rows(demo, "SELECT DISTINCT role FROM memberships")}
    assert membership_roles == {r.value for r in MembershipRole}
    employees_at_home = value(
        demo,
        "SELECT count(*) FROM person_roles AS r JOIN person_emails AS e "
        "ON e.person_id = r.person_id AND e.position = 0 "
        "WHERE r.role = 'employee' AND e.email NOT LIKE '%@northwind-collective.example'",
    )
    assert employees_at_home == 0
    assert value(demo, "SELECT count(*) FROM memberships WHERE left_on < joined_on") == 0
    assert (
        value(demo, "SELECT count(*) FROM people WHERE consent = 0 AND consent_on IS NOT NULL") == 0
    )
    assert value(demo, "SELECT count(*) FROM person_tags") > 0
    assert value(demo, "SELECT count(*) FROM community_tags") > 0
    assert value(demo, "SELECT count(*) FROM plan_item_tags") > 0


def test_a_database_with_data_is_refused(store: Store) -> None:
    PeopleService(store).create(PersonDraft(name="Ada Lovelace"))
    with pytest.raises(CommDeskError, match="empty database"):
        build_demo(store, "tiny")
    assert value(store, "SELECT count(*) FROM people") == 1


def test_a_demo_is_not_built_twice(store: Store) -> None:
    build_demo(store, "tiny")
    with pytest.raises(CommDeskError, match="already holds 300 people"):
        build_demo(store, "tiny")


def test_an_unknown_size_or_a_negative_seed_is_refused(store: Store) -> None:
    with pytest.raises(CommDeskError, match="no demo size 'huge'"):
        build_demo(store, "huge")
    with pytest.raises(CommDeskError, match="seed must be 0 or more"):
        build_demo(store, "tiny", seed=-1)


def test_progress_rises_to_one(store: Store) -> None:
    reports: list[tuple[float, str]] = []

    def progress(fraction: float, message: str) -> bool:
        reports.append((fraction, message))
        return True

    cache_size = value(store, "PRAGMA cache_size")
    build_demo(store, "tiny", progress=progress)
    assert value(store, "PRAGMA cache_size") == cache_size  # the bulk load's cache is given back
    fractions = [f for f, _m in reports]
    assert fractions == sorted(fractions)
    assert fractions[0] < 0.1
    assert reports[-1] == (1.0, "The demo is ready.")
    assert any(m.startswith("Writing activities") for _f, m in reports)


@pytest.mark.parametrize("stop_at", ["Inventing people", "Writing activities", "Saving"])
def test_cancel_leaves_the_database_as_it_was(store: Store, stop_at: str) -> None:
    triggers = "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
    before = rows(store, triggers)

    def progress(_fraction: float, message: str) -> bool:
        return not message.startswith(stop_at)

    with pytest.raises(DemoCancelled):
        build_demo(store, "tiny", progress=progress)
    for table in ("people", "organisations", "activities", "memberships", "person_search"):
        assert value(store, f"SELECT count(*) FROM {table}") == 0, table
    assert rows(store, triggers) == before
    build_demo(store, "tiny")  # and the database is still usable


def test_a_demo_built_later_ends_in_the_week_it_is_built(demo: Store, tmp_path: Path) -> None:
    """Built 40 days after END_DATE, the same world is written five weeks (35 days) later:
    every stored date moves by exactly that, weekdays and all, and nothing else changes."""
    later = Store.open(tmp_path / "later.sqlite")
    try:
        build_demo(later, "tiny", seed=7, today=END_DATE + timedelta(days=40))
        shift = timedelta(days=35)

        def moved(stored: Any) -> Any:
            """A stored moment (seconds) or day ('YYYY-MM-DD') five weeks on; the rest as is."""
            if isinstance(stored, int) and stored > 10**9:
                return stored + int(shift.total_seconds())
            if isinstance(stored, str) and len(stored) == 10 and stored[4] == "-":
                return (date.fromisoformat(stored) + shift).isoformat()
            return stored

        for sql in (
            "SELECT occurred_at, person_id, kind FROM activities ORDER BY id",
            "SELECT created_at, updated_at FROM people ORDER BY id",
            "SELECT created_at, due_on FROM plan_items ORDER BY id",
            "SELECT joined_on FROM memberships WHERE joined_on IS NOT NULL ORDER BY id",
            "SELECT starts_on, ends_on FROM plans ORDER BY id",
        ):
            before, after = rows(demo, sql), rows(later, sql)
            assert len(after) == len(before) > 0
            assert [tuple(moved(v) for v in row) for row in before] == after, sql
        newest = datetime.fromtimestamp(
            value(later, "SELECT max(occurred_at) FROM activities"), UTC
        )
        assert END_DATE + timedelta(days=29) <= newest.date() <= END_DATE + timedelta(days=40)
    finally:
        later.close()
