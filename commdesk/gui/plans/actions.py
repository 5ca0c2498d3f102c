"""Every edit the Plans section makes, as undoable commands over PlanService.

Adds and deletes keep their ids across undo and redo (a delete is undone from its snapshot,
an add is undone by a delete whose snapshot the redo restores), so commands further down the
stack that name an item or a plan by id stay valid.
"""

from __future__ import annotations

from dataclasses import replace

from commdesk.domain.enums import Phase
from commdesk.gui.context import AppContext
from commdesk.gui.undo import ServiceCommand, push
from commdesk.services.plans import PlanService
from commdesk.services.records import PlanDraft, PlanItemDraft, PlanItemRecord, PlanRecord
from commdesk.services.snapshots import Snapshot

ITEMS = ("plan_items",)
PLANS = ("plans", "plan_items")


def plan_draft(record: PlanRecord) -> PlanDraft:
    return PlanDraft(
        name=record.name,
        objective=record.objective,
        owner_id=record.owner_id,
        starts_on=record.starts_on,
        ends_on=record.ends_on,
        status=record.status,
        target_community_ids=record.target_community_ids,
        target_roles=record.target_roles,
        kpis=record.kpis,
    )


def item_draft(record: PlanItemRecord) -> PlanItemDraft:
    return PlanItemDraft(
        title=record.title,
        phase=record.phase,
        kind=record.kind,
        platform=record.platform,
        community_id=record.community_id,
        owner_id=record.owner_id,
        department=record.department,
        due_on=record.due_on,
        status=record.status,
        notes=record.notes,
        tags=record.tags,
    )


class PlanActions:
    """The undoable edits of plans and their items; each raises what the service refuses
    (a :class:`~commdesk.errors.ValidationError`) and then leaves the stack as it was."""

    def __init__(self, context: AppContext) -> None:
        self.context = context
        self.plans = PlanService(context.store)

    # --- plans -------------------------------------------------------------------------------

    def create_plan(self, draft: PlanDraft) -> int:
        state: dict[str, object] = {}

        def redo() -> None:
            snapshot = state.pop("snapshot", None)
            if isinstance(snapshot, Snapshot):
                self.plans.restore(snapshot)
            else:
                state["id"] = self.plans.create(draft)

        def undo() -> None:
            state["snapshot"] = self.plans.delete(int(str(state["id"])))

        push(ServiceCommand(self.context, f"Create plan “{draft.name}”", redo, undo, PLANS))
        return int(str(state["id"]))

    def update_plan(self, plan_id: int, draft: PlanDraft) -> None:
        before = plan_draft(self.plans.get(plan_id))
        push(
            ServiceCommand(
                self.context,
                f"Edit plan “{draft.name}”",
                lambda: self.plans.update(plan_id, draft),
                lambda: self.plans.update(plan_id, before),
                PLANS,
            )
        )

    def delete_plan(self, plan_id: int) -> None:
        name = self.plans.get(plan_id).name
        snapshots: list[Snapshot] = []
        push(
            ServiceCommand(
                self.context,
                f"Delete plan “{name}”",
                lambda: snapshots.append(self.plans.delete(plan_id)),
                lambda: self.plans.restore(snapshots.pop()),
                PLANS,
            )
        )

    # --- items -------------------------------------------------------------------------------

    def add_item(self, plan_id: int, draft: PlanItemDraft) -> int:
        state: dict[str, object] = {}

        def redo() -> None:
            snapshot = state.pop("snapshot", None)
            if isinstance(snapshot, Snapshot):
                self.plans.restore_item(snapshot)
            else:
                state["id"] = self.plans.add_item(plan_id, draft)

        def undo() -> None:
            state["snapshot"] = self.plans.remove_item(int(str(state["id"])))

        push(ServiceCommand(self.context, f"Add “{draft.title}”", redo, undo, ITEMS))
        return int(str(state["id"]))

    def update_item(self, item_id: int, draft: PlanItemDraft) -> None:
        before = self.plans.get_item(item_id)

        def apply(values: PlanItemDraft) -> None:
            fields = {k: v for k, v in vars(values).items() if k != "tags"}
            self.plans.update_item(item_id, **fields)
            self.plans.set_item_tags(item_id, list(values.tags))

        def undo() -> None:
            apply(item_draft(before))
            self.plans.move_item(item_id, before.phase, before.position)

        push(
            ServiceCommand(self.context, f"Edit “{draft.title}”", lambda: apply(draft), undo, ITEMS)
        )

    def set_item_status(self, item_id: int, status: object) -> None:
        before = self.plans.get_item(item_id)
        self.update_item(item_id, replace(item_draft(before), status=str(status)))

    def delete_item(self, item_id: int) -> None:
        title = self.plans.get_item(item_id).title
        snapshots: list[Snapshot] = []
        push(
            ServiceCommand(
                self.context,
                f"Delete “{title}”",
                lambda: snapshots.append(self.plans.remove_item(item_id)),
                lambda: self.plans.restore_item(snapshots.pop()),
                ITEMS,
            )
        )

    def move_item(self, item_id: int, phase: Phase, position: int) -> bool:
        """Move an item to ``position`` in ``phase``'s column (positions counted without the
        item itself); False if it is there already."""
        before = self.plans.get_item(item_id)
        if (before.phase, before.position) == (phase, position):
            return False
        text = (
            f"Move “{before.title}” to {phase.label}"
            if phase != before.phase
            else f"Reorder “{before.title}”"
        )
        push(
            ServiceCommand(
                self.context,
                text,
                lambda: self.plans.move_item(item_id, phase, position),
                lambda: self.plans.move_item(item_id, before.phase, before.position),
                ITEMS,
            )
        )
        return True
