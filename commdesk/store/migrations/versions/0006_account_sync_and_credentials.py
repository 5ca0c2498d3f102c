"""platform accounts: credential key, sync state and settings; merge candidates

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26

Each account gets a stable ``credential_key`` (its secret's name in the OS keyring, never the
label, so renaming keeps the secret), and what the sync keeps per account: status, last error,
schedule, resume cursor and per-platform settings (JSON). ``merge_candidates`` holds likely
duplicates a sync found, for a person to merge or dismiss. Existing accounts get a fresh key.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SYNC_STATUSES = ("never", "ok", "syncing", "offline", "failed")


def _triggers_on(table: str) -> list[str]:
    """The triggers on ``table``: batch mode drops them with the old table."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?", (table,)
    )
    return [row[0] for row in rows]


def upgrade() -> None:
    triggers = _triggers_on("platform_accounts")
    with op.batch_alter_table("platform_accounts") as batch_op:
        batch_op.add_column(sa.Column('credential_key', sa.String(length=60), nullable=True))
        batch_op.add_column(sa.Column('sync_status', sa.Enum(*SYNC_STATUSES, name='sync_status', native_enum=False, create_constraint=True, length=7), server_default='never', nullable=False))
        batch_op.add_column(sa.Column('last_error', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('sync_interval_minutes', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('sync_cursor', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('settings', sa.Text(), nullable=True))
    op.execute(
        "UPDATE platform_accounts SET credential_key = 'account-' || lower(hex(randomblob(16)))"
    )
    with op.batch_alter_table("platform_accounts") as batch_op:
        batch_op.alter_column('credential_key', existing_type=sa.String(length=60), nullable=False)
        batch_op.create_unique_constraint(op.f('uq_platform_accounts_credential_key'), ['credential_key'])
    for sql in triggers:
        op.execute(sql)
    op.create_table('merge_candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('other_person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['other_person_id'], ['people.id'], name=op.f('fk_merge_candidates_other_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_merge_candidates_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_merge_candidates')),
    sa.UniqueConstraint('person_id', 'other_person_id', name=op.f('uq_merge_candidates_person_id_other_person_id'))
    )
    op.create_index(op.f('ix_merge_candidates_other_person_id'), 'merge_candidates', ['other_person_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_merge_candidates_other_person_id'), table_name='merge_candidates')
    op.drop_table('merge_candidates')
    triggers = _triggers_on("platform_accounts")
    with op.batch_alter_table("platform_accounts") as batch_op:
        batch_op.drop_constraint(op.f('uq_platform_accounts_credential_key'), type_='unique')
        batch_op.drop_constraint('sync_status', type_='check')
        batch_op.drop_column('settings')
        batch_op.drop_column('sync_cursor')
        batch_op.drop_column('sync_interval_minutes')
        batch_op.drop_column('last_error')
        batch_op.drop_column('sync_status')
        batch_op.drop_column('credential_key')
    for sql in triggers:
        op.execute(sql)
