"""Writers that add or move activity leave the engagement summary right: an import of
activities, the demo build and many people rescored at once give each touched person the
score a full recompute gives, and leave everybody else's row alone."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from commdesk.demo import build_demo
from commdesk.domain import PersonScore
from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.io.importing.run import ImportOptions, import_file, inspect
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.engagement import scores
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store

Summary = dict[int, tuple[float, int, datetime]]


def summary(store: Store) -> Summary:
    """Every row of the score summary: person -> (score, level, scored as of)."""
    with store.read() as session:
        found = session.execute(
            sa.select(
                PersonScore.person_id, PersonScore.score, PersonScore.level, PersonScore.scored_at
            )
        ).all()
    return {int(p): (float(s), int(level), at) for p, s, level, at in found}


def assert_same_as_recompute(store: Store, people: set[int]) -> Summary:
    """The summary rows of ``people`` equal what a full recompute as of the same moment
    writes (each of them scored as of one moment); returns the recomputed summary."""
    kept = summary(store)
    moments = {kept[p][2] for p in people}
    assert len(moments) == 1, moments
    scores.recompute(store, as_of=moments.pop())
    full = summary(store)
    for person in people:
        assert kept[person][0] == pytest.approx(full[person][0], rel=1e-12), person
        assert kept[person][1:] == full[person][1:], person
    return full


def _csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _import(store: Store, path: Path, **options: Any) -> None:
    mapping = inspect(path, "activities").mapping
    import_file(store, path, ImportOptions(mapping, target="activities", **options))


def test_an_import_of_activities_rescores_its_authors_and_nobody_else(
    store: Store, tmp_path: Path
) -> None:
    people = PeopleService(store)
    ada = people.create(PersonDraft("Ada", emails=("ada@example.org",)))
    bob = people.create(PersonDraft("Bob", emails=("bob@example.org",)))
    cy = people.create(PersonDraft("Cy", emails=("cy@example.org",)))
    ActivityService(store).log(  # Cy's score is kept in step by the service
        ActivityDraft(
            person_id=cy,
            occurred_at=datetime.now(UTC) - timedelta(days=10),
            platform=Platform.SLACK,
            kind=ActivityKind.MESSAGE,
        )
    )
    before = summary(store)
    assert set(before) == {cy}
    today = datetime.now(UTC).date()
    path = _csv(
        tmp_path / "activities.csv",
        [
            ["Email", "Date", "Platform", "Type", "Id"],
            ["ada@example.org", (today - timedelta(days=1)).isoformat(), "github", "post", "p1"],
            ["ada@example.org", (today - timedelta(days=2)).isoformat(), "github", "post", "p2"],
            ["bob@example.org", (today - timedelta(days=3)).isoformat(), "slack", "comment", ""],
        ],
    )

    _import(store, path)

    after = summary(store)
    assert set(after) == {ada, bob, cy}
    assert after[cy] == before[cy]  # untouched: not even rescored as of a newer moment
    # Two posts a day or two old: just under 2 × 5, a leader's 50 far off; a contributor
    # from 15, a participant from 3.
    assert 9.8 < after[ada][0] < 10 and after[ada][1] == EngagementLevel.PARTICIPANT
    assert 2.9 < after[bob][0] < 3 and after[bob][1] == EngagementLevel.OBSERVER
    assert_same_as_recompute(store, {ada, bob})


def test_a_dry_run_or_a_repeated_import_rescores_nobody(store: Store, tmp_path: Path) -> None:
    people = PeopleService(store)
    ada = people.create(PersonDraft("Ada", emails=("ada@example.org",)))
    path = _csv(
        tmp_path / "activities.csv",
        [
            ["Email", "Date", "Platform", "Type", "Id"],
            ["ada@example.org", "2026-01-02", "github", "post", "p1"],
        ],
    )
    _import(store, path, dry_run=True)
    assert summary(store) == {}
    _import(store, path)
    first = summary(store)
    assert set(first) == {ada}
    _import(store, path, on_duplicate="skip")  # nothing added: nothing rescored
    assert summary(store) == first


def test_many_people_rescored_at_once_get_what_a_recompute_gives(store: Store) -> None:
    people = PeopleService(store)
    ids = [people.create(PersonDraft(f"P{n}")) for n in range(6)]
    log = ActivityService(store)
    now = datetime.now(UTC)
    for n, person in enumerate(ids):
        for k in range(n):
            log.log(
                ActivityDraft(
                    person_id=person,
                    occurred_at=now - timedelta(days=7 * k + n),
                    platform=(Platform.GITHUB, Platform.SLACK)[k % 2],
                    kind=(ActivityKind.POST, ActivityKind.REACTION, ActivityKind.MEETING)[k % 3],
                )
            )
    # A recompute as of a later date (stored to the second): rescores keep to it.
    moment = (now + timedelta(days=30)).replace(microsecond=0)
    scores.recompute(store, as_of=moment)
    recomputed = summary(store)
    with store.engine.begin() as connection:
        connection.execute(sa.delete(PersonScore).where(PersonScore.person_id.in_(ids[:4])))
        gathered = scores.rescore_people(connection, ids[:4])  # four at once
    assert gathered == 4
    after = summary(store)
    assert set(after) == set(ids[1:])  # ids[0] has no activity: no row, an observer
    assert {at for _s, _l, at in after.values()} == {moment}
    for person, (score, level, _at) in recomputed.items():
        assert after[person][0] == pytest.approx(score, rel=1e-12)
        assert after[person][1] == level
    with store.engine.begin() as connection:
        selected = sa.select(PersonScore.person_id).where(sa.false())
        assert scores.rescore_people(connection, selected) == 0
        activity = sa.table("activities", sa.column("person_id"))
        chosen = sa.select(activity.c.person_id).where(activity.c.person_id.in_(ids[4:]))
        assert scores.rescore_people(connection, chosen) == 2
    assert_same_as_recompute(store, set(ids[1:]))


def test_the_demo_is_built_scored(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "demo.sqlite")
    try:
        reports: list[str] = []

        def progress(_fraction: float, message: str) -> bool:
            reports.append(message)
            return True

        build_demo(store, "tiny", progress=progress)
        assert "Scoring engagement…" in reports
        built = summary(store)
        with store.engine.connect() as connection:
            active = connection.exec_driver_sql(
                "SELECT count(DISTINCT person_id) FROM activities"
            ).scalar_one()
        assert len(built) == active > 0
        assert assert_same_as_recompute(store, set(built)).keys() == built.keys()
    finally:
        store.close()
