"""ids are never given twice; erasures name a person by id and creation time

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-26

SQLite gives a new row the highest id plus one, so deleting the newest person, community,
plan or plan item freed its id for the next one: an archived delete, an undo, an exported
plan sheet or a recorded erasure could then point at someone or something else. Those four
tables are rebuilt with AUTOINCREMENT, which never hands an id out twice (their triggers are
put back as they were).

A salted hash kept beside its salt can be tested against a list of guessed emails, so the
erasures recorded so far still said something about whom they erased. From this revision an
erasure records the person's id and the second their row was created
(``person_created_at``), which say nothing about the person. Records made before keep their
hashes: they cannot be converted without the person's data.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

TABLES = ("people", "communities", "plans", "plan_items")


def _triggers() -> list[str]:
    """The triggers on the rebuilt tables: batch mode drops them with the old table."""
    rows = op.get_bind().exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?, ?, ?)",
        TABLES,
    )
    return [row[0] for row in rows]


def _rebuild(autoincrement: bool) -> None:
    triggers = _triggers()
    for table in TABLES:
        with op.batch_alter_table(
            table, recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
        ):
            pass
    for sql in triggers:
        op.execute(sql)


def upgrade() -> None:
    _rebuild(autoincrement=True)
    op.add_column("erasures", sa.Column("person_created_at", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("erasures") as batch:
        batch.drop_column("person_created_at")
    _rebuild(autoincrement=False)
