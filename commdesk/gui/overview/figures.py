"""The figures the Overview page and the sidebar show, read in one go off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from commdesk.services import listings, overview, tables
from commdesk.services.overview import OverviewService, PhaseProgress, SectionCounts
from commdesk.services.tables import TableService
from commdesk.store import Store

RECENT_DAYS = 30
LATEST_ROWS = 8  # interactions listed under "Latest activity"

ProgressCallback = Callable[[float | None, str], bool]


@dataclass(frozen=True)
class DashboardFigures:
    """Plain values, safe to hand from a worker thread to the GUI."""

    counts: SectionCounts
    people_active: int  # people with activity in the last RECENT_DAYS days
    recent_activities: int  # activities in the last RECENT_DAYS days
    phases: tuple[PhaseProgress, ...]
    latest: tuple[tables.Row, ...]  # the newest activities, as rows of listings.ACTIVITIES
    read_at: datetime

    @property
    def open_items(self) -> int:
        return sum(p.open for p in self.phases)


def read_figures(store: Store, progress: ProgressCallback | None = None) -> DashboardFigures:
    """Every figure of the dashboard: a few indexed queries, and the latest activities."""
    now = datetime.now(UTC).replace(microsecond=0)
    since = now - timedelta(days=RECENT_DAYS)
    if progress:
        progress(None, "Counting")
    counts = OverviewService(store).section_counts()
    active, recent = overview.recent_activity(store, since)
    phases = tuple(overview.plan_items_by_phase(store))
    latest = tuple(TableService(store).page(listings.ACTIVITIES, limit=LATEST_ROWS))
    if progress:
        progress(1.0, "Counted")
    return DashboardFigures(counts, active, recent, phases, latest, now)
