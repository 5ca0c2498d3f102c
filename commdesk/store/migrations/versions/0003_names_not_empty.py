"""organisation and tag names must not be empty

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26

Every other named record already refused an empty name in the schema. Rows that hold one
are given a visible name first, so no data is lost.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHECK = "length(trim(name)) > 0"


def _rebuilding(tables: tuple[str, ...]) -> list[str]:
    """The triggers on ``tables``: batch mode drops them with the old table."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?)", tables
    )
    return [row[0] for row in rows]


def _restore(triggers: list[str]) -> None:
    for sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    triggers = _rebuilding(("organisations", "tags"))
    op.execute(
        "UPDATE organisations SET name = 'Unnamed organisation ' || id WHERE length(trim(name)) = 0"
    )
    op.execute("UPDATE tags SET name = 'untitled-' || id WHERE length(trim(name)) = 0")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.create_check_constraint("name_not_empty", CHECK)
    with op.batch_alter_table("tags") as batch_op:
        batch_op.create_check_constraint("name_not_empty", CHECK)
    _restore(triggers)


def downgrade() -> None:
    triggers = _rebuilding(("organisations", "tags"))
    with op.batch_alter_table("tags") as batch_op:
        batch_op.drop_constraint("name_not_empty", type_="check")
    with op.batch_alter_table("organisations") as batch_op:
        batch_op.drop_constraint("name_not_empty", type_="check")
    _restore(triggers)
