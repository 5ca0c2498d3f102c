"""The words of the Plans section that are more than a label."""

from __future__ import annotations

import html

from commdesk.gui import formatting
from commdesk.services.records import PlanRecord

EMPTY_TEXT = (
    "<p><b>No plans yet.</b></p>"
    "<p>An engagement plan sets an objective and KPIs for some communities, and lays out the "
    "work in four phases — internal, external, harmonise, grow — on a board and a content "
    "calendar.</p><p>Create the first one with <b>New plan</b> (Ctrl+N).</p>"
)

NO_KPIS_TEXT = (
    "This plan has no KPIs. Add them with <b>Edit plan</b>: a metric, a target and the date "
    "to reach it by."
)


def plan_summary(plan: PlanRecord) -> str:
    """The line under a plan's name: status, dates, owner, items, whom it is for."""
    parts = [plan.status.label]
    if plan.starts_on or plan.ends_on:
        start = formatting.date_text(plan.starts_on) if plan.starts_on else "…"
        end = formatting.date_text(plan.ends_on) if plan.ends_on else "…"
        parts.append(f"{start} – {end}")
    if plan.owner:
        parts.append(f"owned by {plan.owner}")
    parts.append(formatting.plural(plan.items, "item", "items"))
    if plan.target_roles:
        parts.append("for " + ", ".join(r.label.lower() for r in plan.target_roles))
    if plan.target_community_ids:
        parts.append(formatting.plural(len(plan.target_community_ids), "community", "communities"))
    return html.escape(" · ".join(parts))
