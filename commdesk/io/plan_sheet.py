"""The layout of an exported plan workbook, shared by the exporter and the round-trip reader.

The items sheet(s) start with a hidden "Item id" column: the stable id that matches an edited
row back to its item, however the rows were re-sorted. A row without an id is a new item.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ItemColumn:
    key: str  # the PlanItem field (community and owner hold names)
    header: str
    width: float


ITEM_COLUMNS: tuple[ItemColumn, ...] = (
    ItemColumn("id", "Item id", 9),
    ItemColumn("phase", "Phase", 12),
    ItemColumn("title", "Title", 42),
    ItemColumn("kind", "Kind", 12),
    ItemColumn("platform", "Channel", 13),
    ItemColumn("community", "Community", 26),
    ItemColumn("owner", "Owner", 24),
    ItemColumn("department", "Department", 18),
    ItemColumn("due_on", "Due", 12),
    ItemColumn("status", "Status", 13),
    ItemColumn("notes", "Notes", 60),
)
ITEM_HEADERS: tuple[str, ...] = tuple(c.header for c in ITEM_COLUMNS)

SUMMARY_SHEET = "Summary"
ITEMS_SHEET = "Items"
CALENDAR_SHEET = "Calendar"
# The summary row holding the plan's id: which plan an edited workbook belongs to.
PLAN_ID_LABEL = "Plan id"
DATE_FORMAT = "yyyy-mm-dd"
