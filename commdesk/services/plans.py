"""Engagement plans, their KPIs and targets, and the items on the four-phase board."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session, selectinload

from commdesk.domain import (
    Community,
    Kpi,
    Person,
    Plan,
    PlanItem,
    PlanTargetCommunity,
    PlanTargetRole,
)
from commdesk.domain.enums import (
    ItemKind,
    ItemStatus,
    KpiMetric,
    Phase,
    PlanStatus,
    Platform,
    StakeholderRole,
)
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import snapshots, validation
from commdesk.services import tags as tag_service
from commdesk.services.records import (
    KpiDraft,
    PlanDraft,
    PlanItemDraft,
    PlanItemRecord,
    PlanRecord,
)
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store

# What each phase of community work is for, in a line (board column headings, exports).
PHASE_DESCRIPTIONS: dict[Phase, str] = {
    Phase.INTERNAL: "Get your own organisation on board",
    Phase.EXTERNAL: "Reach out to the people outside",
    Phase.HARMONISE: "Align the inside and the outside",
    Phase.GROW: "Widen the circle and keep it going",
}

# Fields of a plan item that update_item() accepts, each with its validator.
_ITEM_FIELDS: dict[str, Callable[[Any], Any]] = {
    "title": lambda v: validation.required_text("title", v, max_length=300),
    "phase": lambda v: validation.enum_value("phase", Phase, v),
    "kind": lambda v: validation.enum_value("kind", ItemKind, v),
    "status": lambda v: validation.enum_value("status", ItemStatus, v),
    "platform": lambda v: (
        None if v in (None, "") else validation.enum_value("platform", Platform, v)
    ),
    "department": lambda v: validation.optional_text("department", v),
    "notes": lambda v: validation.optional_text("notes", v, max_length=100_000),
    "due_on": lambda v: _date("due date", v),
    "community_id": lambda v: v,
    "owner_id": lambda v: v,
}


class PlanService:
    def __init__(self, store: Store) -> None:
        self.store = store

    # --- plans ---------------------------------------------------------------------------

    def create(self, draft: PlanDraft) -> int:
        with self.store.session() as session:
            plan = Plan()
            with session.no_autoflush:  # nothing reaches the database before it is valid
                _apply_plan(session, plan, draft)
            session.add(plan)
            session.flush()
            return plan.id

    def update(self, plan_id: int, draft: PlanDraft) -> None:
        with self.store.session() as session:
            _apply_plan(session, _load_plan(session, plan_id), draft)

    def get(self, plan_id: int) -> PlanRecord:
        with self.store.read() as session:
            plan = _load_plan(session, plan_id)
            items = session.scalar(select(func.count()).where(PlanItem.plan_id == plan_id))
            return PlanRecord(
                id=plan.id,
                name=plan.name,
                objective=plan.objective,
                owner_id=plan.owner_id,
                owner=plan.owner.name if plan.owner else None,
                starts_on=plan.starts_on,
                ends_on=plan.ends_on,
                status=plan.status,
                target_community_ids=tuple(t.community_id for t in plan.target_communities),
                target_roles=tuple(t.role for t in plan.target_roles),
                kpis=tuple(
                    KpiDraft(k.metric, k.target_value, k.due_on, k.label) for k in plan.kpis
                ),
                items=int(items or 0),
            )

    def delete(self, plan_id: int) -> Snapshot:
        """Delete a plan with its items and KPIs; returns a snapshot that :meth:`restore`
        puts back exactly (ids, positions, tags and all)."""
        with self.store.session() as session:
            if session.get(Plan, plan_id) is None:
                raise NotFoundError(f"No plan with id {plan_id}.")
            return snapshots.delete(session.connection(), "plans", [plan_id])

    def restore(self, snapshot: Snapshot) -> None:
        """Undo :meth:`delete` (or :meth:`remove_item`)."""
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)

    def community_choices(self, limit: int = 1000) -> list[tuple[int, str]]:
        """``(id, name)`` of communities by name, for pickers (a database has dozens)."""
        with self.store.read() as session:
            rows = session.execute(
                select(Community.id, Community.name).order_by(Community.name).limit(limit)
            ).all()
        return [(int(r[0]), str(r[1])) for r in rows]

    def find(self, name_or_id: str) -> int:
        """A plan by id or by exact name, for the command line."""
        with self.store.read() as session:
            if name_or_id.isdigit() and session.get(Plan, int(name_or_id)) is not None:
                return int(name_or_id)
            plan_id = session.scalar(select(Plan.id).where(Plan.name == name_or_id.strip()))
        if plan_id is None:
            raise NotFoundError(f"No plan with id or name {name_or_id!r}.")
        return plan_id

    # --- items ---------------------------------------------------------------------------

    def add_item(self, plan_id: int, draft: PlanItemDraft) -> int:
        """Add an item at the end of its phase's column."""
        with self.store.session() as session:
            _load_plan(session, plan_id)
            values = _validated(session, _draft_values(draft))
            last = session.scalar(
                select(func.max(PlanItem.position)).where(
                    PlanItem.plan_id == plan_id, PlanItem.phase == values["phase"]
                )
            )
            item = PlanItem(
                plan_id=plan_id, position=(last + 1) if last is not None else 0, **values
            )
            item.tags = tag_service.resolve(session, draft.tags)
            session.add(item)
            session.flush()
            return item.id

    def update_item(self, item_id: int, **changes: Any) -> None:
        """Change some fields of one item (``title``, ``status``, ``due_on``...).

        One validated UPDATE in its own short transaction: the cheap path the board and
        the editors use for every single edit. A new ``phase`` puts the item at the end of
        that phase's column.
        """
        unknown = set(changes) - set(_ITEM_FIELDS)
        if unknown:
            raise ValidationError(sorted(unknown)[0], "is not a field of a plan item")
        with self.store.session() as session:
            values = _validated(session, changes)
            phase = values.pop("phase", None)
            if not values and phase is None:
                _load_item(session, item_id)  # nothing to change, but it must exist
            if values:
                result = session.execute(
                    update(PlanItem).where(PlanItem.id == item_id).values(**values),
                    execution_options={"synchronize_session": False},
                )
                if result.rowcount == 0:  # type: ignore[attr-defined]
                    raise NotFoundError(f"No plan item with id {item_id}.")
            if phase is not None:
                item = _load_item(session, item_id)
                if item.phase != phase:
                    _move(session, item, phase, _END)

    def set_item_tags(self, item_id: int, names: list[str]) -> None:
        with self.store.session() as session:
            item = _load_item(session, item_id)
            item.tags = tag_service.resolve(session, names)

    def move_item(self, item_id: int, phase: Phase | str, position: int) -> None:
        """Move an item to ``position`` (0-based) in ``phase``'s column, closing the gap it
        leaves and shifting the items after its new place."""
        phase = validation.enum_value("phase", Phase, phase)
        with self.store.session() as session:
            _move(session, _load_item(session, item_id), phase, position)

    def delete_item(self, item_id: int) -> PlanItemRecord:
        """Delete an item, closing the gap in its column; returns what it was, so the
        caller can offer undo."""
        with self.store.session() as session:
            item = _load_item(session, item_id)
            record = _item_record(item)
            column = _column(session, item.plan_id, item.phase)
            session.delete(item)
            _renumber(row for row in column if row is not item)
            return record

    def remove_item(self, item_id: int) -> Snapshot:
        """Delete an item (closing the gap in its column); the snapshot given to
        :meth:`restore_item` puts it back at its old place with its old id."""
        with self.store.session() as session:
            item = _load_item(session, item_id)
            column = _column(session, item.plan_id, item.phase)
            snapshot = snapshots.capture(session.connection(), "plan_items", [item_id])
            session.delete(item)
            _renumber(row for row in column if row is not item)
            return snapshot

    def restore_item(self, snapshot: Snapshot) -> None:
        """Undo :meth:`remove_item`: make room in the column, then re-insert."""
        with self.store.session() as session:
            for table, rows in snapshot.rows:
                if table != "plan_items":
                    continue
                for row in rows:
                    session.execute(
                        update(PlanItem)
                        .where(
                            PlanItem.plan_id == row["plan_id"],
                            PlanItem.phase == row["phase"],
                            PlanItem.position >= row["position"],
                        )
                        .values(position=PlanItem.position + 1),
                        execution_options={"synchronize_session": False},
                    )
            snapshots.restore(session.connection(), snapshot)

    def apply_item_changes(
        self,
        plan_id: int,
        added: Iterable[Mapping[str, Any]] = (),
        changed: Mapping[int, Mapping[str, Any]] | None = None,
        removed: Iterable[int] = (),
    ) -> Snapshot:
        """Add, change and remove many items of a plan in one transaction (all or nothing),
        as the spreadsheet round-trip does; new items and items moved to another phase go
        to the end of their column. Returns the plan's items as they were, for
        :meth:`restore_items`."""
        changed = changed or {}
        with self.store.session() as session:
            _load_plan(session, plan_id)
            ids = session.scalars(select(PlanItem.id).where(PlanItem.plan_id == plan_id)).all()
            before = snapshots.capture(session.connection(), "plan_items", ids)
            items = {i.id: i for i in session.scalars(select(PlanItem).where(PlanItem.id.in_(ids)))}
            for item_id in [*changed, *removed]:
                if item_id not in items:
                    raise NotFoundError(f"No plan item with id {item_id} in this plan.")
            for item_id in removed:
                session.delete(items[item_id])
            for item_id, changes in changed.items():
                for name, value in _validated(session, changes).items():
                    if name == "phase" and value != items[item_id].phase:
                        items[item_id].position = _END
                    setattr(items[item_id], name, value)
            for values in added:
                session.add(PlanItem(plan_id=plan_id, position=_END, **_validated(session, values)))
            session.flush()
            for phase in Phase:
                _renumber(_column(session, plan_id, phase))
        return before

    def restore_items(self, plan_id: int, before: Snapshot) -> None:
        """Undo :meth:`apply_item_changes`: the plan's items exactly as they were."""
        with self.store.session() as session:
            session.execute(
                delete(PlanItem).where(PlanItem.plan_id == plan_id),
                execution_options={"synchronize_session": False},
            )
            snapshots.restore(session.connection(), before)

    def get_item(self, item_id: int) -> PlanItemRecord:
        with self.store.read() as session:
            return _item_record(_load_item(session, item_id))

    def items(self, plan_id: int, phase: Phase | None = None) -> list[PlanItemRecord]:
        """A plan's items in board order: phase by phase, then by position."""
        query = (
            select(PlanItem)
            .where(PlanItem.plan_id == plan_id)
            .options(selectinload(PlanItem.tags))
            .order_by(PlanItem.position, PlanItem.id)
        )
        if phase is not None:
            query = query.where(PlanItem.phase == phase)
        with self.store.read() as session:
            rows = [_item_record(i) for i in session.scalars(query)]
        order = {p: n for n, p in enumerate(Phase)}
        return sorted(rows, key=lambda r: (order[r.phase], r.position, r.id))


def _date(field: str, value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"{value!r} is not a date (YYYY-MM-DD)") from None


def _draft_values(draft: PlanItemDraft) -> dict[str, Any]:
    return {name: getattr(draft, name) for name in _ITEM_FIELDS}


def _validated(session: Session, changes: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: _ITEM_FIELDS[name](value) for name, value in changes.items()}
    if (
        values.get("community_id") is not None
        and session.get(Community, values["community_id"]) is None
    ):
        raise ValidationError("community", f"no community with id {values['community_id']}")
    if values.get("owner_id") is not None and session.get(Person, values["owner_id"]) is None:
        raise ValidationError("owner", f"no person with id {values['owner_id']}")
    return values


_END = 1 << 30  # a position past the end of any column


def _move(session: Session, item: PlanItem, phase: Phase, position: int) -> None:
    source = _column(session, item.plan_id, item.phase)
    source.remove(item)
    target = source if item.phase == phase else _column(session, item.plan_id, phase)
    target.insert(max(0, min(position, len(target))), item)
    item.phase = phase
    _renumber(source)
    _renumber(target)


def _renumber(column: Iterable[PlanItem]) -> None:
    for index, row in enumerate(column):
        if row.position != index:
            row.position = index


def _column(session: Session, plan_id: int, phase: Phase) -> list[PlanItem]:
    return list(
        session.scalars(
            select(PlanItem)
            .where(PlanItem.plan_id == plan_id, PlanItem.phase == phase)
            .order_by(PlanItem.position, PlanItem.id)
        )
    )


def _load_plan(session: Session, plan_id: int) -> Plan:
    plan = session.scalar(
        select(Plan)
        .where(Plan.id == plan_id)
        .options(
            selectinload(Plan.kpis),
            selectinload(Plan.target_communities),
            selectinload(Plan.target_roles),
            selectinload(Plan.owner),
        )
    )
    if plan is None:
        raise NotFoundError(f"No plan with id {plan_id}.")
    return plan


def _load_item(session: Session, item_id: int) -> PlanItem:
    item = session.scalar(
        select(PlanItem).where(PlanItem.id == item_id).options(selectinload(PlanItem.tags))
    )
    if item is None:
        raise NotFoundError(f"No plan item with id {item_id}.")
    return item


def _apply_plan(session: Session, plan: Plan, draft: PlanDraft) -> None:
    name = validation.required_text("name", draft.name)
    clash = session.scalar(select(Plan.id).where(Plan.name == name, Plan.id.is_not(plan.id)))
    if clash is not None:
        raise ValidationError("name", f"a plan called {name!r} already exists")
    validation.date_range("start", draft.starts_on, "end", draft.ends_on)
    if draft.owner_id is not None and session.get(Person, draft.owner_id) is None:
        raise ValidationError("owner", f"no person with id {draft.owner_id}")
    plan.name = name
    plan.objective = validation.optional_text("objective", draft.objective, max_length=10_000)
    plan.owner_id = draft.owner_id
    plan.starts_on = draft.starts_on
    plan.ends_on = draft.ends_on
    plan.status = validation.enum_value("status", PlanStatus, draft.status)
    community_ids = list(dict.fromkeys(draft.target_community_ids))
    for community_id in community_ids:
        if session.get(Community, community_id) is None:
            raise ValidationError("target communities", f"no community with id {community_id}")
    current = {t.community_id: t for t in plan.target_communities}
    plan.target_communities = [
        current.get(c) or PlanTargetCommunity(community_id=c) for c in community_ids
    ]
    roles = validation.enum_values("target roles", StakeholderRole, draft.target_roles)
    held = {t.role: t for t in plan.target_roles}
    plan.target_roles = [held.get(r) or PlanTargetRole(role=r) for r in roles]
    kpis = []
    for kpi in draft.kpis:
        if kpi.target_value < 0:
            raise ValidationError("KPI target", "must not be negative")
        kpis.append(
            Kpi(
                metric=validation.enum_value("KPI metric", KpiMetric, kpi.metric),
                target_value=float(kpi.target_value),
                due_on=kpi.due_on,
                label=validation.optional_text("KPI label", kpi.label),
            )
        )
    plan.kpis = kpis


def _item_record(item: PlanItem) -> PlanItemRecord:
    return PlanItemRecord(
        id=item.id,
        plan_id=item.plan_id,
        phase=item.phase,
        title=item.title,
        kind=item.kind,
        platform=item.platform,
        community_id=item.community_id,
        owner_id=item.owner_id,
        department=item.department,
        due_on=item.due_on,
        status=item.status,
        notes=item.notes,
        position=item.position,
        tags=tuple(t.name for t in item.tags),
    )
