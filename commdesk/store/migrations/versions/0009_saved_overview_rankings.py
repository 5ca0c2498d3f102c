"""the Overview's rankings saved until the data behind them changes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26

Ranking a million people (influencers, bridges, people slipping away) reads the whole
activity window, seconds of work; the Overview asks for the same rankings every time it
opens. ``overview_rankings`` keeps the last answer per filter (role, community, range end),
and triggers empty it whenever anything ranked or named in it changes: activity,
memberships, roles, people's names or archiving, communities' names or archiving. So a saved
answer is never stale, and erased people never linger in it. The same triggers count the
changes in ``data_generations`` ('rankings'): an answer computed while the data changed
under it is not saved.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# (table, event) pairs after which saved rankings are forgotten.
EVENTS = (
    ("activities", "INSERT"),
    ("activities", "DELETE"),
    ("activities", "UPDATE"),
    ("memberships", "INSERT"),
    ("memberships", "DELETE"),
    ("memberships", "UPDATE"),
    ("person_roles", "INSERT"),
    ("person_roles", "DELETE"),
    ("person_roles", "UPDATE"),
    ("people", "DELETE"),
    ("people", "UPDATE OF name, archived"),
    ("communities", "DELETE"),
    ("communities", "UPDATE OF name, archived"),
)


def trigger_name(table: str, event: str) -> str:
    return "rankings_stale_" + table + "_" + event.split(maxsplit=1)[0].lower()


def create_trigger(table: str, event: str) -> str:
    return (
        "CREATE TRIGGER " + trigger_name(table, event) + " AFTER " + event + " ON " + table
        + " FOR EACH ROW BEGIN"
        " INSERT INTO data_generations (name, n) VALUES ('rankings', 1)"
        " ON CONFLICT (name) DO UPDATE SET n = n + 1;"
        " DELETE FROM overview_rankings; END"
    )


def upgrade() -> None:
    op.create_table(
        "overview_rankings",
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("community_id", sa.Integer(), nullable=False),
        sa.Column("range_end", sa.Integer(), nullable=False),
        sa.Column("stamp", sa.String(200), nullable=False),
        sa.Column("as_of", sa.Integer(), nullable=False),
        sa.Column("generation", sa.Integer(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint(
            "role", "community_id", "range_end", name=op.f("pk_overview_rankings")
        ),
    )
    op.create_table(
        "data_generations",
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_data_generations")),
    )
    for table, event in EVENTS:
        op.execute(create_trigger(table, event))


def downgrade() -> None:
    for table, event in EVENTS:
        op.execute("DROP TRIGGER IF EXISTS " + trigger_name(table, event))
    op.drop_table("data_generations")
    op.drop_table("overview_rankings")
