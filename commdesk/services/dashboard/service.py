"""Everything the Overview shows, computed in one call off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from commdesk.services import engagement
from commdesk.services.dashboard import activity, communities, people
from commdesk.services.dashboard.activity import EngagementSeries, WeekHours
from commdesk.services.dashboard.communities import MATRIX_SIZE, CommunityMix, OverlapMatrix
from commdesk.services.dashboard.people import PeopleRankings, PlanKpi
from commdesk.services.dashboard.query import DashboardQuery, Split
from commdesk.services.overview import PhaseProgress, plan_items_by_phase
from commdesk.store import Store
from commdesk.store.engine import interruptible, is_interrupted

T = TypeVar("T")

# Reports how far the work is (0..1, None when unknown); False asks it to stop.
ProgressCallback = Callable[[float | None, str], bool]


class DashboardCancelled(Exception):
    """The progress callback asked the dashboard to stop."""


@dataclass(frozen=True)
class Dashboard:
    """Plain values, safe to hand from a worker thread to the GUI."""

    query: DashboardQuery
    engagement: EngagementSeries
    week_hours: WeekHours
    mixes: tuple[CommunityMix, ...]
    overlap: OverlapMatrix
    phases: tuple[PhaseProgress, ...]
    kpis: tuple[PlanKpi, ...]
    # None when asked not to rank and none are saved: DashboardService.rankings measures them.
    rankings: PeopleRankings | None
    read_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(microsecond=0))

    @property
    def activities(self) -> int:
        """Activities in the range (each counted once, whatever the split)."""
        return sum(sum(row) for row in self.week_hours.counts)


class DashboardService:
    """Reads every aggregate of the Overview with grouped SQL (see the modules of this package)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def load(
        self, query: DashboardQuery, progress: ProgressCallback | None = None, *, rank: bool = True
    ) -> Dashboard:
        """Read everything; a ``progress`` with a ``cancelled`` flag (the GUI's task
        progress) also stops a query half-way when it is set. With ``rank`` False the
        rankings are only read if saved (``rankings`` is None otherwise): the charts need
        not wait seconds for them."""
        return self._stoppable(progress, lambda: self._load(query, progress, rank))

    def rankings(
        self, query: DashboardQuery, progress: ProgressCallback | None = None
    ) -> PeopleRankings:
        """The rankings of ``query``: saved ones, or measured and saved."""

        def rank() -> PeopleRankings:
            if progress is not None and not progress(None, "Ranking people"):
                raise DashboardCancelled
            return self._ranked(query)

        return self._stoppable(progress, rank)

    def _ranked(self, query: DashboardQuery) -> PeopleRankings:
        if people.needs_scores(self.store):  # never scored: fill the summary once
            engagement.recompute(self.store)
        return people.rankings(self.store, query)

    def _stoppable(self, progress: ProgressCallback | None, work: Callable[[], T]) -> T:
        stoppable = progress is not None and hasattr(progress, "cancelled")

        def stop() -> bool:
            return bool(getattr(progress, "cancelled", False))

        try:
            with interruptible(stop) if stoppable else nullcontext():
                return work()
        except SQLAlchemyError as exc:
            if is_interrupted(exc):
                raise DashboardCancelled from exc
            raise

    def _load(
        self, query: DashboardQuery, progress: ProgressCallback | None, rank: bool
    ) -> Dashboard:
        steps = 5

        def step(n: int, message: str) -> None:
            if progress is not None and not progress(n / steps, message):
                raise DashboardCancelled

        step(0, "Counting activity")
        hours = activity.read_hours(self.store, query)
        series = activity.engagement(query, hours)
        # Split by platform, each activity is in one series: the same rows fill the heatmap.
        # Split by role, someone with two roles is in two: the heatmap counts them once.
        if query.split is Split.ROLE:
            hours = activity.read_hours(self.store, _unsplit(query))
        week = activity.week_hours(hours)
        step(1, "Reading the communities")
        with self.store.read() as session:
            listed = [
                (int(i), str(n), int(m))
                for i, n, m in session.execute(communities.members_sql(query.role))
            ]
            mix_rows = [
                (int(c), None if r is None else str(r), int(n))
                for c, r, n in session.execute(communities.mix_sql(query.role))
            ]
        mixes = communities.mixes(listed, mix_rows)
        step(2, "Counting shared members")
        largest = [c for c in listed if c[2] > 0][:MATRIX_SIZE]
        ids = tuple(c for c, _n, _m in largest)
        with self.store.read() as session:
            pairs = [
                (int(a), int(b), int(n))
                for a, b, n in session.execute(communities.overlap_sql(ids, query.role))
            ]
        overlap = communities.matrix(largest, pairs)
        step(3, "Reading the plans")
        phases = tuple(plan_items_by_phase(self.store))
        kpis = people.plan_kpis(self.store, query)
        step(4, "Ranking people")
        ranked = self._ranked(query) if rank else people.saved_rankings(self.store, query)
        step(5, "Done")
        return Dashboard(query, series, week, mixes, overlap, phases, kpis, ranked)


def _unsplit(query: DashboardQuery) -> DashboardQuery:
    return replace(query, split=Split.NONE)
