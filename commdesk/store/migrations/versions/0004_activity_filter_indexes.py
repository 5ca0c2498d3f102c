"""indexes for the activity log's kind and platform filters

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26

The Activity page narrows the log by kind or platform and reads it newest first. Without an
index that starts with the filtered column, counting one kind reads the whole log, and a page
of one rare kind walks the time index through millions of other rows. ``(kind, occurred_at)``
and ``(platform, occurred_at)`` serve both the count and the page in time order. Plain
``CREATE INDEX``: the table is not rebuilt, so its triggers stay as they are.
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_activities_kind_time": ["kind", "occurred_at"],
    "ix_activities_platform_time": ["platform", "occurred_at"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "activities", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="activities")
