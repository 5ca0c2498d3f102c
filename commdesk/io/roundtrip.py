"""The plan round-trip: an exported plan, edited in a spreadsheet, comes back as a diff.

:func:`plan_diff` reads the edited workbook (:mod:`commdesk.io.plan_reader`), matches rows to
items by the hidden "Item id" column and compares field by field: added rows, changed fields,
removed items. Names of communities and owners are resolved to records; every problem names
its sheet, row and column. :func:`apply_plan_diff` applies the accepted entries in one
transaction through :meth:`PlanService.apply_item_changes` and returns what undoes it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from commdesk.domain import Community, Person
from commdesk.domain.enums import LabelledEnum
from commdesk.io.export.plan_rows import ItemRow, item_rows
from commdesk.io.plan_reader import FIELDS, LABELS, RoundTripError, SheetRow, read_edited_plan
from commdesk.services import backups
from commdesk.services.plans import PlanService
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store

__all__ = ["PlanDiff", "RoundTripError", "apply_plan_diff", "plan_diff"]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    def describe(self) -> str:
        return f"{LABELS[self.field]}: {shown(self.old)} -> {shown(self.new)}"


@dataclass(frozen=True)
class ItemChange:
    item_id: int
    title: str  # as it is now
    where: str
    changes: tuple[FieldChange, ...]
    values: dict[str, Any]  # what the service is given (community_id, owner_id for names)

    @property
    def key(self) -> str:
        return f"change:{self.item_id}"


@dataclass(frozen=True)
class ItemAdded:
    where: str
    shown: dict[str, Any]  # field -> value as the sheet has it
    values: dict[str, Any]

    @property
    def key(self) -> str:
        return f"add:{self.where}"

    @property
    def title(self) -> str:
        return str(self.shown.get("title", ""))


@dataclass(frozen=True)
class ItemRemoved:
    item_id: int
    title: str
    phase: LabelledEnum

    @property
    def key(self) -> str:
        return f"remove:{self.item_id}"


@dataclass(frozen=True)
class PlanDiff:
    plan_id: int
    plan_name: str
    added: tuple[ItemAdded, ...]
    changed: tuple[ItemChange, ...]
    removed: tuple[ItemRemoved, ...]

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"

    def lines(self) -> list[str]:
        """The diff as text, for the command line."""
        out = [f"Plan {self.plan_name!r} (id {self.plan_id}): {self.summary()}"]
        for added in self.added:
            out.append(f"+ {added.title}  [{added.where}]")
            out.extend(
                f"    {LABELS[k]}: {shown(v)}"
                for k, v in added.shown.items()
                if k != "title" and v is not None
            )
        for change in self.changed:
            out.append(f"~ {change.title}  [item {change.item_id}, {change.where}]")
            out.extend(f"    {c.describe()}" for c in change.changes)
        out.extend(f"- {r.title}  [item {r.item_id}, {r.phase.label}]" for r in self.removed)
        return out


def shown(value: Any) -> str:
    if value is None:
        return "(empty)"
    if isinstance(value, LabelledEnum):
        return value.label
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def plan_diff(store: Store, path: Path, plan_id: int | None = None) -> PlanDiff:
    """What importing the edited workbook at ``path`` would change in its plan.

    ``plan_id``: the plan the person means (the file must be an export of it); None takes the
    plan named in the file. Raises :class:`RoundTripError` listing every problem found.
    """
    edited = read_edited_plan(path)
    if edited.plan_id is None and plan_id is None:
        raise RoundTripError(f"{path.name} does not say which plan it holds (no 'Plan id').")
    if plan_id is not None and edited.plan_id not in (None, plan_id):
        raise RoundTripError(
            f"{path.name} holds plan {edited.plan_id}, not plan {plan_id}; "
            "import it into the plan it was exported from."
        )
    target = plan_id if plan_id is not None else edited.plan_id
    assert target is not None
    service = PlanService(store)
    plan = service.get(target)
    current = {item.id: item for item in item_rows(store, target)}
    names = _Names(store)
    problems: list[str] = []
    added: list[ItemAdded] = []
    changed: list[ItemChange] = []
    seen: set[int] = set()
    for row in edited.rows:
        if row.item_id is None:
            values = names.resolve(row, row.values, problems)
            added.append(ItemAdded(row.where, dict(row.values), values))
            continue
        item = current.get(row.item_id)
        if item is None:
            problems.append(
                f"{row.where}, column Item id: plan {plan.name!r} has no item {row.item_id} "
                "(deleted since the export, or a row from another plan)"
            )
            continue
        seen.add(item.id)
        changes = _changes(item, row)
        if changes:
            edits = {c.field: c.new for c in changes}
            values = names.resolve(row, edits, problems)
            changed.append(ItemChange(item.id, item.title, row.where, changes, values))
    if problems:
        raise RoundTripError(f"{path.name} has {len(problems)} problem(s):", tuple(problems))
    removed = tuple(
        ItemRemoved(i.id, i.title, i.phase) for i in current.values() if i.id not in seen
    )
    return PlanDiff(plan.id, plan.name, tuple(added), tuple(changed), removed)


def _changes(item: ItemRow, row: SheetRow) -> tuple[FieldChange, ...]:
    found = []
    for name in FIELDS:
        if name in row.values:
            old, new = getattr(item, name), row.values[name]
            if name == "community" and old and new and old.casefold() == new.casefold():
                continue  # names of communities are unique in any case
            if old != new:
                found.append(FieldChange(name, old, new))
    return tuple(found)


class _Names:
    """Community and owner names to ids (exact names, any case; an ambiguous name is refused)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        with store.read() as session:
            rows = session.execute(sa.select(Community.id, Community.name)).all()
        self.communities = {str(name).casefold(): int(cid) for cid, name in rows}
        self.people: dict[str, list[int]] = {}

    def resolve(self, row: SheetRow, values: dict[str, Any], problems: list[str]) -> dict[str, Any]:
        out = {k: v for k, v in values.items() if k not in ("community", "owner")}
        if "community" in values:
            name = values["community"]
            out["community_id"] = None if name is None else self.communities.get(name.casefold())
            if name is not None and out["community_id"] is None:
                problems.append(f"{row.where}, column Community: no community called {name!r}")
        if "owner" in values:
            name = values["owner"]
            found = [] if name is None else self._people(name)
            out["owner_id"] = found[0] if len(found) == 1 else None
            if name is not None and not found:
                problems.append(f"{row.where}, column Owner: no person called {name!r}")
            elif len(found) > 1:
                problems.append(
                    f"{row.where}, column Owner: {len(found)} people are called {name!r}; "
                    "set this owner in CommDesk"
                )
        return out

    def _people(self, name: str) -> list[int]:
        if name not in self.people:
            with self.store.read() as session:
                query = sa.select(Person.id).where(Person.name == name).limit(5)
                self.people[name] = list(session.scalars(query))
        return self.people[name]


def apply_plan_diff(
    store: Store, diff: PlanDiff, accepted: Collection[str] | None = None
) -> Snapshot:
    """Apply the entries of ``diff`` whose ``key`` is in ``accepted`` (all when None), in
    one transaction. Returns the snapshot :meth:`PlanService.restore_items` undoes it with."""

    def chosen(key: str) -> bool:
        return accepted is None or key in accepted

    changes = (
        sum(chosen(a.key) for a in diff.added)
        + sum(chosen(c.key) for c in diff.changed)
        + sum(chosen(r.key) for r in diff.removed)
    )
    backups.backup_before(store, "round-trip", rows=changes)  # many changes: the file first
    return PlanService(store).apply_item_changes(
        diff.plan_id,
        added=[a.values for a in diff.added if chosen(a.key)],
        changed={c.item_id: c.values for c in diff.changed if chosen(c.key)},
        removed=[r.item_id for r in diff.removed if chosen(r.key)],
    )
