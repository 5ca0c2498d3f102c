"""Scoring settings: stored in the database, validated, described in words; and the
properties of decay and levels (hypothesis)."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from commdesk.domain import Activity, Person
from commdesk.domain.engagement import EngagementLevel
from commdesk.domain.enums import ActivityKind, Platform
from commdesk.errors import ValidationError
from commdesk.services.engagement import (
    DEFAULTS,
    ScoringSettings,
    describe,
    load_settings,
    save_settings,
    scores_of,
)
from commdesk.services.engagement.scores import decay
from commdesk.store import Store
from tests.unit.engagement_dataset import T


def test_defaults_until_saved_then_what_was_saved(store: Store) -> None:
    assert load_settings(store) == DEFAULTS
    assert DEFAULTS.weight(ActivityKind.REACTION) == 1
    assert DEFAULTS.weight(ActivityKind.MEETING) == 8
    changed = ScoringSettings(
        weights={**DEFAULTS.weights, ActivityKind.POST: 7.5},
        platform_weights={(Platform.GITHUB, ActivityKind.COMMENT): 4.0},
        half_life_days=30,
        participant_from=2,
        contributor_from=10,
        leader_from=40,
        recency_days=14,
        influencer_score_share=0.25,
        window_days=60,
    )
    save_settings(store, changed)
    assert load_settings(store) == changed
    assert load_settings(store).weight(ActivityKind.COMMENT, Platform.GITHUB) == 4.0
    assert load_settings(store).weight(ActivityKind.COMMENT, Platform.SLACK) == 3.0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"half_life_days": 0}, "half-life"),
        ({"weights": {ActivityKind.POST: -1.0}}, "weight of post"),
        ({"weights": {ActivityKind.POST: float("nan")}}, "weight of post"),
        ({"contributor_from": 100.0}, "level thresholds"),
        ({"recency_days": 0}, "recency window"),
        ({"influencer_score_share": 1.5}, "influencer mix"),
        (
            {"platform_weights": {(Platform.GITHUB, ActivityKind.POST): -2.0}},
            "weight of post on GitHub",
        ),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_stored(
    store: Store, change: dict[str, object], field: str
) -> None:
    bad = ScoringSettings(**change)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as caught:
        save_settings(store, bad)
    assert caught.value.field == field
    assert load_settings(store) == DEFAULTS


def test_the_formulas_in_words_carry_the_numbers() -> None:
    words = "\n".join(describe(ScoringSettings(half_life_days=30, leader_from=42)))
    assert "meeting 8" in words and "reaction 1" in words
    assert "0.5^(age in days ÷ 30)" in words
    assert "half after 30 days, a quarter after 60" in words
    assert "leader from score 42" in words
    assert "0.6 × score ÷ best score + 0.4 × reach ÷ best reach" in words
    assert "No platform overrides" in words
    overridden = ScoringSettings(
        platform_weights={
            (Platform.SLACK, ActivityKind.REACTION): 0.5,
            (Platform.GITHUB, ActivityKind.POST): 7.0,
        }
    )
    words = "\n".join(describe(overridden))
    assert "unless its platform has an override" in words
    assert (
        "Overrides (they replace the kind's weight on that platform): post on GitHub 7, "
        "reaction on Slack 0.5." in words
    )


def test_decay_halves_every_half_life() -> None:
    assert decay(0, 90) == 1
    assert decay(90, 90) == pytest.approx(0.5)
    assert decay(270, 90) == pytest.approx(0.125)


@given(
    a=st.floats(0, 2000),
    b=st.floats(0, 2000),
    half_life=st.floats(1, 1000),
)
def test_decay_never_rises_with_age(a: float, b: float, half_life: float) -> None:
    young, old = sorted((a, b))
    assert decay(old, half_life) <= decay(young, half_life) <= 1


scores = st.floats(0, 500, allow_nan=False)


@given(low=scores, high=scores, days=st.one_of(st.none(), st.floats(0, 400)))
def test_a_higher_score_never_earns_a_lower_level(
    low: float, high: float, days: float | None
) -> None:
    low, high = sorted((low, high))
    assert DEFAULTS.level_for(low, days) <= DEFAULTS.level_for(high, days)


@given(score=scores, recent=st.floats(0, 400), older=st.floats(0, 400))
def test_more_recent_activity_never_earns_a_lower_level(
    score: float, recent: float, older: float
) -> None:
    recent, older = sorted((recent, older))
    assert DEFAULTS.level_for(score, older) <= DEFAULTS.level_for(score, recent)
    assert DEFAULTS.level_for(score, None) <= EngagementLevel.PARTICIPANT


activity_rows = st.lists(
    st.tuples(st.sampled_from(list(ActivityKind)), st.integers(0, 400)), min_size=1, max_size=25
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=activity_rows, seed=st.integers(0, 1000), extra=st.floats(0.5, 10))
def test_scores_are_independent_of_insertion_order_and_rise_with_weight(
    store: Store, rows: list[tuple[ActivityKind, int]], seed: int, extra: float
) -> None:
    shuffled = rows[:]
    random.Random(seed).shuffle(shuffled)
    with store.session() as session:
        first, second = Person(name="first"), Person(name="second")
        session.add_all([first, second])
        session.flush()
        for person, order in ((first, rows), (second, shuffled)):
            session.add_all(
                Activity(
                    person_id=person.id,
                    platform=Platform.OTHER,
                    kind=kind,
                    occurred_at=T - timedelta(days=age),
                )
                for kind, age in order
            )
        ids = (first.id, second.id)
    found = scores_of(store, ids, T)
    assert found[ids[0]].score == pytest.approx(found[ids[1]].score)
    assert found[ids[0]].level == found[ids[1]].level
    kind = rows[0][0]
    heavier = DEFAULTS.with_weight(kind, DEFAULTS.weight(kind) + extra)
    assert scores_of(store, ids, T, heavier)[ids[0]].score > found[ids[0]].score
    # A day later, with nothing new, every activity is a day older: the score only falls.
    later = scores_of(store, ids, T + timedelta(days=1))[ids[0]].score
    assert later < found[ids[0]].score or found[ids[0]].score == 0
