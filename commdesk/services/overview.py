"""Counts and facts about the open database, for ``info``, the sidebar and the status bar."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, text

from commdesk.domain import (
    Activity,
    Base,
    Community,
    Organisation,
    Person,
    Plan,
    PlanItem,
    PlatformAccount,
)
from commdesk.domain.enums import ItemStatus, Phase
from commdesk.store import Store, migrate


@dataclass(frozen=True)
class SectionCounts:
    """What the navigation shows next to each section."""

    people: int
    organisations: int
    communities: int
    plans: int
    plan_items: int
    activities: int
    accounts: int


class OverviewService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def section_counts(self) -> SectionCounts:
        """Live counts per section; people exclude the archived ones."""

        people = select(func.count()).where(Person.archived.is_(False))
        tables = [
            Organisation.__table__,
            Community.__table__,
            Plan.__table__,
            PlanItem.__table__,
            Activity.__table__,
            PlatformAccount.__table__,
        ]
        query = select(
            people.scalar_subquery(),
            *(select(func.count()).select_from(t).scalar_subquery() for t in tables),
        )
        with self.store.read() as session:
            row = session.execute(query).one()
        return SectionCounts(*(int(v) for v in row))

    def table_counts(self) -> dict[str, int]:
        """Rows in every table of the domain (``commdesk info``)."""
        with self.store.read() as session:
            return {
                name: int(session.execute(select(func.count()).select_from(table)).scalar_one())
                for name, table in sorted(Base.metadata.tables.items())
            }

    def schema_revision(self) -> str | None:
        with self.store.engine.connect() as connection:
            return migrate.current_revision(connection)

    def check(self) -> list[str]:
        """Problems found by SQLite's integrity and foreign-key checks; empty when sound."""
        problems: list[str] = []
        with self.store.engine.connect() as connection:
            if self.store.url.get_backend_name() != "sqlite":
                return problems
            for (message,) in connection.execute(text("PRAGMA integrity_check")):
                if message != "ok":
                    problems.append(f"integrity: {message}")
            for table, rowid, parent, _fk in connection.execute(text("PRAGMA foreign_key_check")):
                problems.append(f"foreign key: {table} row {rowid} refers to a missing {parent}")
        return problems


@dataclass(frozen=True)
class PhaseProgress:
    """How many plan items one phase holds, by status."""

    phase: Phase
    by_status: Mapping[ItemStatus, int]

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def done(self) -> int:
        return self.by_status.get(ItemStatus.DONE, 0)

    @property
    def open(self) -> int:
        """Items still to do: neither done nor cancelled."""
        return self.total - self.done - self.by_status.get(ItemStatus.CANCELLED, 0)


def plan_items_by_phase(store: Store) -> list[PhaseProgress]:
    """Every phase in order, with its plan items counted by status (zeros included)."""
    query = select(PlanItem.phase, PlanItem.status, func.count()).group_by(
        PlanItem.phase, PlanItem.status
    )
    counts: dict[Phase, dict[ItemStatus, int]] = {p: dict.fromkeys(ItemStatus, 0) for p in Phase}
    with store.read() as session:
        for phase, status, n in session.execute(query):
            counts[phase][status] = int(n)
    return [PhaseProgress(phase, counts[phase]) for phase in Phase]


def recent_activity(store: Store, since: datetime) -> tuple[int, int]:
    """People (not archived) active, and activities logged, at or after ``since``: both
    counted through their time indexes, in one query."""
    people = select(func.count()).where(
        Person.last_activity_at >= since, Person.archived.is_not(True)
    )
    activities = select(func.count()).where(Activity.occurred_at >= since)
    query = select(people.scalar_subquery(), activities.scalar_subquery())
    with store.read() as session:
        active, logged = session.execute(query).one()
    return int(active), int(logged)
