"""engagement scores summary, app settings, and the scoring index

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26

``person_scores`` keeps each person's decayed engagement score and level; ``person_decay``
the decayed count per activity kind it was summed from (so new weights rescore without the
log). Both are rebuilt in grouped statements over the activity log and kept in step when
activity is logged.
``app_settings`` stores small named settings (the scoring weights and thresholds) as JSON.
``ix_activities_person_scoring`` covers what scoring reads (person, kind, time, platform), so
the recompute walks that index alone instead of the 2 GB table; ``ix_activities_time_people``
covers "who was active where" over a period (reach, bridges, slipping, community health).
Plain ``CREATE INDEX``: no existing table is rebuilt, so its triggers stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# The activity kinds at this revision, written out: a migration never changes afterwards.
KINDS = (
    "post",
    "comment",
    "reaction",
    "share",
    "mention",
    "message",
    "event_attendance",
    "meeting",
    "email",
)


def upgrade() -> None:
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(100), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_settings")),
    )
    op.create_table(
        "person_scores",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_scores_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_scores")),
    )
    op.create_index("ix_person_scores_score", "person_scores", ["score"])
    op.create_table(
        "person_decay",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("scored_at", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.Integer(), nullable=False),
        *(sa.Column(f"d_{kind}", sa.Float(), nullable=False) for kind in KINDS),
        sa.Column("d_overridden", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_person_decay_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_person_decay")),
    )
    op.create_index(
        "ix_activities_person_scoring",
        "activities",
        ["person_id", "kind", "occurred_at", "platform"],
    )
    op.create_index(
        "ix_activities_time_people", "activities", ["occurred_at", "community_id", "person_id"]
    )


def downgrade() -> None:
    op.drop_index("ix_activities_time_people", table_name="activities")
    op.drop_index("ix_activities_person_scoring", table_name="activities")
    op.drop_table("person_decay")
    op.drop_index("ix_person_scores_score", table_name="person_scores")
    op.drop_table("person_scores")
    op.drop_table("app_settings")
