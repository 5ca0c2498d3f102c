"""archive of deleted records, and the record of erasures

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26

Two new tables; no existing table is rebuilt, so its triggers and data stay as they are.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "archive_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.Integer(), nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column("record_ids", sa.Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_archive_entries")),
    )
    op.create_index("ix_archive_entries_deleted_at", "archive_entries", ["deleted_at"])
    op.create_table(
        "erasures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("erased_at", sa.Integer(), nullable=False),
        sa.Column("kept_aggregates", sa.Boolean(), nullable=False),
        sa.Column("salt", sa.String(length=64), nullable=False),
        sa.Column("fingerprints", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_erasures")),
    )
    op.create_index(op.f("ix_erasures_person_id"), "erasures", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_erasures_person_id"), table_name="erasures")
    op.drop_table("erasures")
    op.drop_index("ix_archive_entries_deleted_at", table_name="archive_entries")
    op.drop_table("archive_entries")
