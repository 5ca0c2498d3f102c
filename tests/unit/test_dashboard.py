"""The Overview's aggregates on the hand-worked world of tests/dashboard_world.py."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from commdesk.domain.enums import ItemStatus, KpiMetric, Phase, PlanStatus, Platform
from commdesk.domain.enums import StakeholderRole as R
from commdesk.services.dashboard import (
    Bucket,
    Dashboard,
    DashboardCancelled,
    DashboardQuery,
    DashboardService,
    Split,
)
from commdesk.services.dashboard.people import PeopleRankings
from commdesk.services.plans import PlanService
from commdesk.services.records import KpiDraft, PlanDraft, PlanItemDraft
from commdesk.store import Store
from tests.dashboard_world import END, START, build_world

MON, TUE, SUN = 0, 1, 6


@pytest.fixture
def world(store: Store) -> dict[str, int]:
    return build_world(store)


def load(store: Store, **options: Any) -> Dashboard:
    return DashboardService(store).load(DashboardQuery(START, END, **options))


def ranked(store: Store, **options: Any) -> PeopleRankings:
    found = load(store, **options).rankings
    assert found is not None  # load ranks unless told not to
    return found


def series(dashboard: Dashboard) -> dict[str, tuple[int, ...]]:
    return dict(dashboard.engagement.series)


def test_weekly_by_platform(store: Store, world: dict[str, int]) -> None:
    board = DashboardService(store).load(DashboardQuery(START, END))
    assert board.engagement.starts == (date(2026, 3, 2), date(2026, 3, 9))
    # Week 1: a1, a2 on GitHub, a3 on Slack; week 2: a5 on GitHub, a4 on Slack.
    assert board.engagement.series == (("github", (2, 1)), ("slack", (1, 1)))
    assert board.engagement.total() == (3, 2)
    assert board.activities == 5
    assert board.engagement.label("github") == "GitHub"


def test_daily_total_has_every_day(store: Store, world: dict[str, int]) -> None:
    board = load(store, bucket=Bucket.DAY, split=Split.NONE)
    expected = [0] * 14
    expected[0], expected[1], expected[7], expected[13] = 2, 1, 1, 1  # 2, 3, 9, 15 March
    assert board.engagement.starts == tuple(START + timedelta(days=n) for n in range(14))
    assert series(board) == {"total": tuple(expected)}


def test_monthly_bucket_starts_on_the_first(store: Store, world: dict[str, int]) -> None:
    board = load(store, bucket=Bucket.MONTH)
    assert board.engagement.starts == (date(2026, 3, 1),)
    assert series(board) == {"github": (3,), "slack": (2,)}


def test_split_by_role_counts_a_person_in_each_role(store: Store, world: dict[str, int]) -> None:
    board = load(store, split=Split.ROLE)
    # a1, a2 by Ann (employee, shareholder); a3 by Bob (customer); a4 by Cat (customer,
    # partner); a5 by Eve (employee).
    assert board.engagement.series == (
        ("employee", (2, 1)),
        ("customer", (1, 1)),
        ("partner", (0, 1)),
        ("shareholder", (2, 0)),
    )
    assert board.activities == 5  # the heatmap counts each once


def test_filters(store: Store, world: dict[str, int]) -> None:
    assert series(load(store, community_id=world["forum"])) == {"github": (2, 0), "slack": (0, 1)}
    assert series(load(store, role=R.CUSTOMER)) == {"slack": (1, 1)}
    assert series(load(store, platform=Platform.GITHUB)) == {"github": (2, 1)}
    assert series(load(store, community_id=world["empty"])) == {}


def test_week_hours(store: Store, world: dict[str, int]) -> None:
    counts = load(store).week_hours.counts
    assert counts[MON][9] == 3 and counts[TUE][14] == 1 and counts[SUN][23] == 1
    assert sum(map(sum, counts)) == 5
    assert load(store).week_hours.busiest() == (MON, 9, 3)


def test_local_clock(store: Store, world: dict[str, int]) -> None:
    """At UTC+1, a7 (Sun 23:30 UTC) falls on Monday 2 at 00:30 and a5 on Monday 16: out."""
    board = load(store, utc_offset=3600)
    assert series(board) == {"github": (3, 0), "slack": (1, 1)}
    counts = board.week_hours.counts
    assert counts[MON][10] == 3 and counts[MON][0] == 1 and counts[TUE][15] == 1
    assert sum(map(sum, counts)) == 5


def test_stakeholder_mix_of_each_community(store: Store, world: dict[str, int]) -> None:
    mixes = {m.name: m.mix for m in load(store).mixes}
    assert [m.name for m in load(store).mixes] == ["Forum", "Guild", "Circle", "Empty"]
    forum = mixes["Forum"]  # Ann, Bob, Cat, Dan
    assert forum.members == 4 and forum.without_role == 1
    assert (forum.count(R.EMPLOYEE), forum.count(R.CUSTOMER), forum.count(R.PARTNER)) == (1, 2, 1)
    guild = mixes["Guild"]  # Ann, Bob, Eve
    assert (guild.members, guild.count(R.EMPLOYEE), guild.count(R.CUSTOMER)) == (3, 2, 1)
    circle = mixes["Circle"]  # Ann (Cat left)
    assert (circle.members, circle.count(R.SHAREHOLDER), circle.count(R.PARTNER)) == (1, 1, 0)
    assert mixes["Empty"].members == 0


def test_overlap_matrix(store: Store, world: dict[str, int]) -> None:
    matrix = load(store).overlap
    assert matrix.names == ("Forum", "Guild", "Circle")  # the empty community is left out
    # Forum & Guild share Ann and Bob; Forum & Circle only Ann (Cat left); Guild & Circle Ann.
    assert matrix.shared == ((4, 2, 1), (2, 3, 1), (1, 1, 1))
    assert matrix.pairs()[0] == (0, 1, 2)


def test_role_filter_narrows_the_communities(store: Store, world: dict[str, int]) -> None:
    board = load(store, role=R.CUSTOMER)  # Bob and Cat
    assert board.overlap.names == ("Forum", "Guild")
    assert board.overlap.shared == ((2, 1), (1, 1))


def test_phases(store: Store, world: dict[str, int]) -> None:
    plans = PlanService(store)
    plan = plans.create(PlanDraft("Programme"))
    for title, phase, status in [
        ("Policy", Phase.INTERNAL, ItemStatus.DONE),
        ("Training", Phase.INTERNAL, ItemStatus.PLANNED),
        ("Talk", Phase.GROW, ItemStatus.DONE),
    ]:
        plans.add_item(plan, PlanItemDraft(title, phase=phase, status=status))
    phases = {p.phase: p for p in load(store).phases}
    assert (phases[Phase.INTERNAL].done, phases[Phase.INTERNAL].total) == (1, 2)
    assert (phases[Phase.GROW].done, phases[Phase.EXTERNAL].total) == (1, 0)


def test_cancel_stops_the_work(store: Store, world: dict[str, int]) -> None:
    seen: list[str] = []

    def stop_after_first(fraction: float | None, message: str) -> bool:
        seen.append(message)
        return len(seen) < 2

    with pytest.raises(DashboardCancelled):
        DashboardService(store).load(DashboardQuery(START, END), stop_after_first)
    assert len(seen) == 2


def test_range_must_not_end_before_it_starts() -> None:
    with pytest.raises(ValueError, match="ends"):
        DashboardQuery(END, START)


def test_people_are_ranked_as_of_the_end_of_the_range(store: Store, world: dict[str, int]) -> None:
    rankings = ranked(store)
    assert rankings.as_of == datetime(2026, 3, 16, tzinfo=UTC)
    # Only Bob was active in two communities in the 90 days: the forum (a7) and the guild (a3).
    assert [b.name for b in rankings.bridges] == ["Bob"]
    assert {n for _i, n in rankings.bridges[0].communities} == {"Forum", "Guild"}
    assert rankings.slipping == ()  # nobody was active once a week for 90 days


def test_influencers_follow_the_role_and_community(store: Store, world: dict[str, int]) -> None:
    customers = ranked(store, role=R.CUSTOMER).influencers
    assert {r.name for r in customers} == {"Bob", "Cat"}
    guild = ranked(store, community_id=world["guild"]).influencers
    assert {r.name for r in guild} == {"Ann", "Bob", "Eve"}


def test_plan_kpis_are_measured_up_to_the_end_of_the_range(
    store: Store, world: dict[str, int]
) -> None:
    plans = PlanService(store)
    plans.create(PlanDraft("Programme", kpis=(KpiDraft(KpiMetric.ACTIVITIES, 10),)))
    plans.create(
        PlanDraft("Old", status=PlanStatus.ARCHIVED, kpis=(KpiDraft(KpiMetric.ACTIVITIES, 1),))
    )
    (kpi,) = load(store).kpis
    # Every activity up to 16 March 00:00 UTC: a1-a5 and a7 (a6 comes later).
    assert (kpi.plan, kpi.progress.value, kpi.progress.fraction) == ("Programme", 6, 0.6)


def test_query_takes_stored_strings() -> None:
    stored: dict[str, Any] = {
        "bucket": "month",
        "split": "role",
        "role": "customer",
        "platform": "github",
    }
    query = DashboardQuery(START, END, **stored)
    assert (query.bucket, query.split) == (Bucket.MONTH, Split.ROLE)
    assert (query.role, query.platform) == (R.CUSTOMER, Platform.GITHUB)
