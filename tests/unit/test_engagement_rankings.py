"""Reach, influencers, bridges and slipping away on the hand-built community.

Active in the 90 days before T (see engagement_dataset): A = {Ann, Ben, Eve, Fay, Hal},
B = {Ben, Cy, Gus, Hal}, C = {Eve, Hal}; Dee's activity is 180 days old, Jo's has no
community.
"""

from __future__ import annotations

import pytest

from commdesk.domain.enums import StakeholderRole
from commdesk.services.engagement import bridges, influencers, reach, recompute, slipping
from commdesk.services.engagement.rankings import Reach
from commdesk.store import Store
from tests.unit.engagement_dataset import T, build
from tests.unit.test_engagement_scores import EXPECTED_SCORES


@pytest.fixture
def ids(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    built = build(store)
    recompute(store, T)
    return built


# Other people active in the same communities; communities active in.
EXPECTED_REACH = {
    "Ann": Reach(4, 1),  # A: Ben, Eve, Fay, Hal
    "Ben": Reach(6, 2),  # A and B: Ann, Eve, Fay, Hal, Cy, Gus
    "Cy": Reach(3, 1),  # B: Ben, Gus, Hal
    "Dee": Reach(0, 0),
    "Eve": Reach(4, 2),  # A and C: Ann, Ben, Fay, Hal
    "Fay": Reach(4, 1),
    "Gus": Reach(3, 1),
    "Hal": Reach(6, 3),  # everyone active in a community but Hal
    "Jo": Reach(0, 0),
}


def test_reach(store: Store, ids: tuple[dict[str, int], dict[str, int]]) -> None:
    people = ids[0]
    for name, expected in EXPECTED_REACH.items():
        assert reach(store, people[name], T, 90) == expected, name


def test_a_shorter_window_narrows_reach(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    # In the last 30 days Fay (45 days ago) is no longer active in A.
    assert reach(store, ids[0]["Ann"], T, 30) == Reach(3, 1)


def test_influencers_combine_score_and_reach(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    # rank = 0.6 × score / 55 (Ann's) + 0.4 × reach / 6 (Ben's and Hal's)
    expected = {
        "Ann": 0.6 + 0.4 * 4 / 6,
        "Ben": 0.6 * 6 / 55 + 0.4,
        "Hal": 0.6 * 3 / 55 + 0.4,
        "Fay": 0.6 * EXPECTED_SCORES["Fay"] / 55 + 0.4 * 4 / 6,
        "Gus": 0.6 * EXPECTED_SCORES["Gus"] / 55 + 0.4 * 3 / 6,
        "Eve": 0.6 * 4 / 55 + 0.4 * 4 / 6,
        "Dee": 0.6 * 25 / 55,
        "Cy": 0.6 * 1 / 55 + 0.4 * 3 / 6,
        "Jo": 0.6 * EXPECTED_SCORES["Jo"] / 55,
    }
    ranked = influencers(store, as_of=T, limit=20)
    assert [r.name for r in ranked] == ["Ann", "Ben", "Hal", "Fay", "Gus", "Eve", "Dee", "Cy", "Jo"]
    for r in ranked:
        assert r.rank_value == pytest.approx(expected[r.name]), r.name
        assert r.reach == EXPECTED_REACH[r.name].people
        assert r.communities == EXPECTED_REACH[r.name].communities
        assert r.score == pytest.approx(EXPECTED_SCORES[r.name])
    assert [r.name for r in influencers(store, as_of=T, limit=2)] == ["Ann", "Ben"]


def test_influencers_filtered_by_role_and_community(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    # Customers: Ben, Cy, Gus. Best score among them Gus's 10.95, best reach Ben's 6.
    gus = EXPECTED_SCORES["Gus"]
    ranked = influencers(store, as_of=T, role=StakeholderRole.CUSTOMER)
    assert [r.name for r in ranked] == ["Gus", "Ben", "Cy"]
    assert ranked[0].rank_value == pytest.approx(0.6 + 0.4 * 3 / 6)
    assert ranked[1].rank_value == pytest.approx(0.6 * 6 / gus + 0.4)
    assert ranked[2].rank_value == pytest.approx(0.6 * 1 / gus + 0.4 * 3 / 6)
    # Current members of C: Eve and Dee (Fay has left A, so A's are Ann and Ben).
    assert {r.name for r in influencers(store, as_of=T, community_id=ids[1]["C"])} == {
        "Eve",
        "Dee",
    }
    assert {r.name for r in influencers(store, as_of=T, community_id=ids[1]["A"])} == {
        "Ann",
        "Ben",
    }


def test_bridges_rank_people_joining_communities_that_share_few(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    # |A| = 5, |B| = 4, |C| = 2; shared A∩B = {Ben, Hal}, A∩C = {Eve, Hal}, B∩C = {Hal}.
    ab, ac, bc = 1 - 2 / 7, 1 - 2 / 5, 1 - 1 / 5
    communities = ids[1]
    found = bridges(store, as_of=T)
    assert [b.name for b in found] == ["Hal", "Ben", "Eve"]
    assert [b.rank_value for b in found] == pytest.approx([ab + ac + bc, ab, ac])
    assert found[0].communities == [(communities[c], c) for c in "ABC"]
    assert found[1].communities == [(communities["A"], "A"), (communities["B"], "B")]
    assert found[2].communities == [(communities["A"], "A"), (communities["C"], "C")]
    assert found[1].score == pytest.approx(6)
    assert [b.name for b in bridges(store, as_of=T, limit=1)] == ["Hal"]


def test_slipping_finds_people_far_below_their_own_rate(
    store: Store, ids: tuple[dict[str, int], dict[str, int]]
) -> None:
    # Jo: 26 in 90 days (2.02 a week), 2 in the last 30 (0.47 a week): drop 1.56.
    # Fay: 13 in 90 days (1.01 a week), none in the last 30: drop 1.01.
    # Gus: 13 in 90 days, 6 in the last 30 (1.4 a week): not below half. Others: < 1 a week.
    found = slipping(store, as_of=T)
    assert [(s.name, s.last30) for s in found] == [("Jo", 2), ("Fay", 0)]
    assert found[0].weekly_rate90 == pytest.approx(26 * 7 / 90)
    assert found[1].weekly_rate90 == pytest.approx(13 * 7 / 90)
    assert len(slipping(store, as_of=T, limit=1)) == 1
