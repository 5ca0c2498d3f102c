"""The engagement plans of the demo world, as rows: plans, targets, KPIs, items and their tags."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from commdesk.demo.communities import Communities
from commdesk.demo.plan_specs import PLANS, PlanSpec
from commdesk.demo.population import People
from commdesk.demo.timeline import DAY0, END_DAY, day_number, epoch, iso_day
from commdesk.domain.enums import ItemStatus, Phase, PlanStatus

Row = tuple[object, ...]

_ITEM_NOTES = (
    "Budget approved in the Q2 review.",
    "Waiting for Legal to sign off.",
    "Reuse the slides from the Partner Summit.",
    "Owner on leave until the 14th; Sales covers.",
    "Link the results to the KPI dashboard.",
    "Ask two customers to co-present.",
)


@dataclass
class PlanRows:
    plans: list[Row] = field(default_factory=list)
    target_communities: list[Row] = field(default_factory=list)
    target_roles: list[Row] = field(default_factory=list)
    kpis: list[Row] = field(default_factory=list)
    items: list[Row] = field(default_factory=list)
    item_tags: list[Row] = field(default_factory=list)


def make_plans(
    rng: np.random.Generator,
    people: People,
    comms: Communities,
    tag_ids: dict[str, int],
    scale: float,
) -> PlanRows:
    """Rows for every plan in :data:`PLANS`; KPI targets grow with ``scale`` (1.0: small)."""
    out = PlanRows()
    for plan_id, spec in enumerate(PLANS, start=1):
        owners = people.employees_of(spec.owner_department)
        owner = int(owners[rng.integers(0, len(owners))]) + 1
        start, end = day_number(spec.starts), day_number(spec.ends)
        created = min(start - 40, END_DAY - 20)
        updated = {PlanStatus.DONE: end + 3, PlanStatus.DRAFT: END_DAY - 2}.get(
            spec.status, END_DAY - int(rng.integers(0, 6))
        )
        out.plans.append(
            (plan_id, spec.name, spec.objective, owner, iso_day(day_number(spec.starts)),
             iso_day(day_number(spec.ends)), spec.status.value, _at(created, 10), _at(updated, 16))
        )  # fmt: skip
        out.target_communities += [(plan_id, comms.index(key) + 1) for key in spec.communities]
        out.target_roles += [(plan_id, role.value) for role in spec.roles]
        for kpi in spec.kpis:
            target = _round(kpi.target * scale) if kpi.scales else kpi.target
            out.kpis.append(
                (len(out.kpis) + 1, plan_id, kpi.metric.value, kpi.label, target, iso_day(end))
            )
        _add_items(
            rng,
            out,
            plan_id=plan_id,
            spec=spec,
            people=people,
            comms=comms,
            tag_ids=tag_ids,
            plan_created=created,
        )
    return out


def _add_items(
    rng: np.random.Generator,
    out: PlanRows,
    *,
    plan_id: int,
    spec: PlanSpec,
    people: People,
    comms: Communities,
    tag_ids: dict[str, int],
    plan_created: int,
) -> None:
    start, end = day_number(spec.starts), day_number(spec.ends)
    quarter = (end - start) / len(Phase)
    for step, phase in enumerate(Phase):
        items = spec.phase_items(phase)
        for position, item in enumerate(items):
            due = int(start + quarter * (step + (position + 0.5) / len(items)))
            due += int(rng.integers(-5, 6))
            due += {5: -1, 6: 1}.get(_weekday(due), 0)  # due on a working day
            owners = people.employees_of(item.department)
            owner = int(owners[rng.integers(0, len(owners))]) + 1
            created = plan_created + int(rng.integers(0, 20))
            updated = max(created, min(END_DAY, due) - int(rng.integers(0, 10)))
            notes = _ITEM_NOTES[rng.integers(0, len(_ITEM_NOTES))] if rng.random() < 0.3 else None
            item_id = len(out.items) + 1
            out.items.append(
                (item_id, plan_id, phase.value, item.title, item.kind.value,
                 item.platform.value if item.platform else None,
                 comms.index(item.community) + 1 if item.community else None,
                 owner, item.department, iso_day(due),
                 _status(rng, spec.status, due).value, notes, position,
                 _at(created, 9), _at(updated, 17))
            )  # fmt: skip
            out.item_tags += [(item_id, tag_ids[tag]) for tag in item.tags]


def _status(rng: np.random.Generator, plan: PlanStatus, due: int) -> ItemStatus:
    """Believable progress for an item due on day ``due``, seen from the demo's today."""
    roll = rng.random()
    if plan is PlanStatus.DONE:
        return ItemStatus.DONE if roll < 0.9 else ItemStatus.CANCELLED
    if plan is PlanStatus.DRAFT:
        return ItemStatus.IDEA if roll < 0.5 else ItemStatus.PLANNED
    if due < END_DAY - 7:
        if roll < 0.85:
            return ItemStatus.DONE
        return ItemStatus.IN_PROGRESS if roll < 0.95 else ItemStatus.CANCELLED
    if due <= END_DAY + 30:
        return ItemStatus.IN_PROGRESS if roll < 0.6 else ItemStatus.PLANNED
    return ItemStatus.PLANNED if roll < 0.55 else ItemStatus.IDEA


def _weekday(day: int) -> int:
    return (DAY0.weekday() + day) % 7


def _at(day: int, hour: int) -> int:
    return int(epoch(day)) + hour * 3600


def _round(value: float) -> float:
    """Two significant figures, as a person would set a target (1,234 -> 1,200)."""
    if value < 10:
        return float(max(1, round(value)))
    digits = len(str(int(value))) - 2
    return float(round(value, -digits))
