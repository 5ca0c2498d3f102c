"""the community-and-time index of the activity log also holds the person

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-27

A plan's "active members" KPI counts the distinct people with an activity in its target
communities over the last 30 days. Through ``(community_id, occurred_at)`` each of the
activities in that month costs a jump into the table for its ``person_id``: some 300,000
jumps at 5M activities, most of the Overview's time. With the person at the end of the
index the count reads the index alone. The index replaces the old one (every query that
used its two columns uses the new one the same way), so an activity still updates one
index here, not two; it grows by the person's id, about 4 bytes an activity. Plain
``CREATE INDEX``: the table is not rebuilt, so its triggers stay as they are.
"""

from __future__ import annotations

from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

OLD = ("ix_activities_community_time", ["community_id", "occurred_at"])
NEW = ("ix_activities_community_time_person", ["community_id", "occurred_at", "person_id"])


def upgrade() -> None:
    op.create_index(NEW[0], "activities", NEW[1])
    op.drop_index(OLD[0], table_name="activities")


def downgrade() -> None:
    op.create_index(OLD[0], "activities", OLD[1])
    op.drop_index(NEW[0], table_name="activities")
