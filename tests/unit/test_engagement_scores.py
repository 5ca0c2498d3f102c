"""Engagement scores and levels on the hand-built community (answers worked out by hand)."""

from __future__ import annotations

import math
from datetime import timedelta

import pytest
from sqlalchemy import select, text

from commdesk.domain import PersonScore
from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.engagement import (
    ScoringCancelled,
    ScoringSettings,
    recompute,
    save_settings,
    scores_of,
)
from commdesk.services.engagement.scores import now, scored_at
from commdesk.services.engagement.settings import DEFAULTS
from commdesk.store import Store
from tests.unit.engagement_dataset import T, build

HALF = 1 / math.sqrt(2)  # 0.5 ** (45 / 90)

# Weights: post 5, comment 3, reaction 1; half-life 90 days.
EXPECTED_SCORES = {
    "Ann": 11 * 5,
    "Ben": 3 + 3,
    "Cy": 1,
    "Dee": 20 * 5 * 0.25,  # 180 days = two half-lives
    "Eve": 3 + 1,
    "Fay": 13 * HALF,
    "Gus": 6 + 7 * HALF,
    "Hal": 3,
    "Jo": 2 + 24 * HALF,
}
L = EngagementLevel
EXPECTED_LEVELS = {
    "Ann": L.LEADER,  # 55 >= 50
    "Ben": L.PARTICIPANT,
    "Cy": L.OBSERVER,  # 1 < 3
    "Dee": L.PARTICIPANT,  # 25 would be contributor, but silent for 180 > 60 days
    "Eve": L.PARTICIPANT,
    "Fay": L.PARTICIPANT,  # 9.19; last activity 45 days ago is recent enough
    "Gus": L.PARTICIPANT,  # 10.95
    "Hal": L.PARTICIPANT,  # exactly 3
    "Jo": L.CONTRIBUTOR,  # 18.97
}


@pytest.fixture
def people(store: Store) -> dict[str, int]:
    return build(store)[0]


def stored(store: Store) -> dict[int, tuple[float, int]]:
    with store.read() as session:
        rows = session.execute(select(PersonScore.person_id, PersonScore.score, PersonScore.level))
        return {p: (s, lv) for p, s, lv in rows}


def test_live_scores_and_levels_match_the_hand_worked_answers(
    store: Store, people: dict[str, int]
) -> None:
    found = scores_of(store, list(people.values()), T)
    for name, expected in EXPECTED_SCORES.items():
        assert found[people[name]].score == pytest.approx(expected), name
        assert found[people[name]].level is EXPECTED_LEVELS[name], name


def test_recompute_fills_the_summary_with_the_same_answers(
    store: Store, people: dict[str, int]
) -> None:
    assert recompute(store, T) == len(people)
    rows = stored(store)
    for name, expected in EXPECTED_SCORES.items():
        score, level = rows[people[name]]
        assert score == pytest.approx(expected), name
        assert level == EXPECTED_LEVELS[name], name


def test_activity_after_the_date_does_not_count(store: Store, people: dict[str, int]) -> None:
    # As of 45 days before T, only Fay's, Gus's and Jo's 45-day-old activity exists, fresh.
    found = scores_of(store, list(people.values()), T - timedelta(days=45))
    assert found[people["Fay"]].score == pytest.approx(13)
    assert found[people["Gus"]].score == pytest.approx(7)
    assert found[people["Ann"]].score == 0
    assert found[people["Dee"]].score == pytest.approx(100 * 0.5 ** (135 / 90))


def test_a_changed_weight_rescores_from_the_stored_counts(
    store: Store, people: dict[str, int]
) -> None:
    recompute(store, T)
    # Behind the summary's back (no upkeep): a rescore must not read the log, a rebuild must.
    with store.session() as session:
        session.execute(text("DELETE FROM activities WHERE person_id = :p"), {"p": people["Hal"]})
    save_settings(store, DEFAULTS.with_weight(ActivityKind.REACTION, 2.0))
    assert recompute(store) == len(people)  # same decay, no date: a rescore
    rows = stored(store)
    assert rows[people["Cy"]][0] == pytest.approx(2)
    assert rows[people["Hal"]][0] == pytest.approx(6)  # his 3 reactions, as stored
    assert rows[people["Gus"]][0] == pytest.approx(2 * (6 + 7 * HALF))
    assert rows[people["Ann"]][0] == pytest.approx(55)  # posts only: unchanged
    assert rows[people["Eve"]][1] == L.PARTICIPANT  # 3 + 2
    with store.read() as session:
        assert scored_at(session) == T  # each row keeps its own date
    save_settings(store, DEFAULTS.with_weight(ActivityKind.POST, 1.0))
    recompute(store)
    assert stored(store)[people["Ann"]] == (pytest.approx(11), L.PARTICIPANT)  # type: ignore[comparison-overlap]  # demoted
    recompute(store, T)  # a date: rebuilt from the log
    assert people["Hal"] not in stored(store)


def test_a_new_half_life_or_platform_weight_rebuilds_from_the_log(
    store: Store, people: dict[str, int]
) -> None:
    recompute(store, T)
    override = ScoringSettings(platform_weights={(Platform.SLACK, ActivityKind.POST): 1.0})
    save_settings(store, override)
    recompute(store, T)
    rows = stored(store)
    assert rows[people["Ann"]][0] == pytest.approx(11)
    assert rows[people["Dee"]][0] == pytest.approx(20 * 0.25)
    assert rows[people["Ben"]][0] == pytest.approx(6)  # comments keep their 3
    # A weight change keeps the override: rescored from the stored counts.
    save_settings(store, override.with_weight(ActivityKind.COMMENT, 1.0))
    recompute(store)
    assert stored(store)[people["Ben"]][0] == pytest.approx(2)
    assert stored(store)[people["Ann"]][0] == pytest.approx(11)
    save_settings(store, ScoringSettings(half_life_days=45))
    recompute(store, T)
    assert stored(store)[people["Fay"]][0] == pytest.approx(13 * 0.5)


def test_a_platform_override_replaces_the_kind_weight_there(
    store: Store, people: dict[str, int]
) -> None:
    settings = ScoringSettings(platform_weights={(Platform.SLACK, ActivityKind.POST): 1.0})
    found = scores_of(store, [people["Ann"]], T, settings)
    assert found[people["Ann"]].score == pytest.approx(11)


def test_cancelling_a_recompute_keeps_the_previous_scores(
    store: Store, people: dict[str, int]
) -> None:
    recompute(store, T)
    before = stored(store)
    save_settings(store, DEFAULTS.with_weight(ActivityKind.POST, 100.0))
    calls: list[float | None] = []

    def stop_on_second(fraction: float | None, _message: str) -> bool:
        calls.append(fraction)
        return len(calls) < 2

    with pytest.raises(ScoringCancelled):
        recompute(store, T, progress=stop_on_second)
    assert stored(store) == before


def test_logging_activity_raises_the_level_at_once(store: Store, people: dict[str, int]) -> None:
    recompute(store, T)
    cy = people["Cy"]
    assert stored(store)[cy][1] == L.OBSERVER
    service = ActivityService(store)
    # Upkeep scores the person as of now: a meeting now is worth its full 8, Cy's old
    # reaction (T is in the past) less than its 1.
    new_id = service.log(ActivityDraft(cy, now(), Platform.SLACK, ActivityKind.MEETING))
    score, level = stored(store)[cy]
    assert level == L.PARTICIPANT
    assert 8 <= score < 9
    service.delete(new_id)
    score, level = stored(store)[cy]
    assert level == L.OBSERVER
    assert score < 1


def test_a_person_without_activity_has_no_summary_row(store: Store) -> None:
    from commdesk.services.people import PeopleService
    from commdesk.services.records import PersonDraft

    quiet = PeopleService(store).create(PersonDraft(name="Quiet"))
    assert recompute(store, T) == 0
    assert quiet not in stored(store)
    assert scores_of(store, [quiet], T)[quiet].level is L.OBSERVER
