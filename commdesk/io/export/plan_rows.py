"""What a plan export reads: the plan's summary and its items, streamed from SQL."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Session

from commdesk.domain import Community, Person, PlanItem
from commdesk.domain.enums import ItemKind, ItemStatus, Phase, Platform, StakeholderRole
from commdesk.io.export.kpis import KpiLine, measure_kpis
from commdesk.services.plans import PlanService
from commdesk.services.records import PlanRecord
from commdesk.services.tables import enum_order
from commdesk.store import Store


@dataclass(frozen=True)
class PlanSummary:
    plan: PlanRecord
    target_communities: tuple[str, ...]
    target_roles: tuple[StakeholderRole, ...]
    kpis: tuple[KpiLine, ...]


@dataclass(frozen=True)
class ItemRow:
    """One plan item as the export writes it: names instead of ids."""

    id: int
    phase: Phase
    title: str
    kind: ItemKind
    platform: Platform | None
    community: str | None
    owner: str | None
    department: str | None
    due_on: date | None
    status: ItemStatus
    notes: str | None


def plan_summary(store: Store, plan_id: int, today: date | None = None) -> PlanSummary:
    plan = PlanService(store).get(plan_id)
    with store.read() as session:
        names = session.scalars(
            sa.select(Community.name)
            .where(Community.id.in_(plan.target_community_ids))
            .order_by(Community.name)
        ).all()
    return PlanSummary(
        plan=plan,
        target_communities=tuple(names),
        target_roles=plan.target_roles,
        kpis=tuple(measure_kpis(store, plan, today or date.today())),
    )


_owner = Person.__table__.alias("owner")
_ITEM_SELECT = (
    sa.select(
        PlanItem.id,
        PlanItem.phase,
        PlanItem.title,
        PlanItem.kind,
        PlanItem.platform,
        Community.name,
        _owner.c.name,
        PlanItem.department,
        PlanItem.due_on,
        PlanItem.status,
        PlanItem.notes,
    )
    .select_from(PlanItem)
    .outerjoin(Community, PlanItem.community_id == Community.id)
    .outerjoin(_owner, PlanItem.owner_id == _owner.c.id)
)


def item_count(store: Store, plan_id: int) -> int:
    with store.read() as session:
        query = sa.select(sa.func.count()).where(PlanItem.plan_id == plan_id)
        return int(session.execute(query).scalar_one())


def item_rows(store: Store, plan_id: int, *, by_due_date: bool = False) -> Iterator[ItemRow]:
    """The plan's items in board order (phase, then position), or by due date (dated items
    only); streamed, so memory stays flat at any number of items."""
    query = _ITEM_SELECT.where(PlanItem.plan_id == plan_id)
    if by_due_date:
        query = query.where(PlanItem.due_on.is_not(None)).order_by(PlanItem.due_on, PlanItem.id)
    else:
        phase_order = enum_order(PlanItem.phase, list(Phase))
        query = query.order_by(phase_order, PlanItem.position, PlanItem.id)
    with store.read() as session:
        for (id_, phase, title, kind, platform, community, owner, department, due, status,
             notes) in _driver_rows(session, query):  # fmt: skip
            yield ItemRow(
                id_,
                _PHASES[phase],
                title,
                _KINDS[kind],
                _PLATFORMS[platform] if platform is not None else None,
                community,
                owner,
                department,
                date.fromisoformat(due) if due is not None else None,
                _STATUSES[status],
                notes,
            )


# Stored values to enum members, by plain dict look-ups (an export converts a million).
_PHASES = {m.value: m for m in Phase}
_KINDS = {m.value: m for m in ItemKind}
_PLATFORMS = {m.value: m for m in Platform}
_STATUSES = {m.value: m for m in ItemStatus}


def _driver_rows(session: Session, query: sa.Select[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of ``query`` straight from the sqlite3 cursor, with its bound parameters.

    SQLAlchemy's per-row processing costs about as much as writing the cells; an export of
    100k items reads the plain values here and converts them itself (above).
    """
    compiled = query.compile(dialect=session.get_bind().dialect)
    positions = compiled.positiontup or []
    parameters = [compiled.params[name] for name in positions]
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection), "exports read SQLite databases"
    cursor = driver.execute(compiled.string, parameters)
    try:
        while rows := cursor.fetchmany(5000):
            yield from rows
    finally:
        cursor.close()
