"""summaries of the activity and the memberships for the Overview, kept by triggers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

Six small tables hold what the Overview and the plan KPIs used to count from millions of
rows; triggers on ``activities``, ``memberships`` and ``person_roles`` keep them in step with
every writer (services, importers, sync, merges, cascades and raw SQL). A person's stakeholder
roles are folded into one bit mask (``roles``), so "holds this role", "holds any of these
roles" and "split by role" are all exact sums over the summaries. Rows whose count falls to
zero are deleted.

- activity_hours: activities per UTC hour and platform;
- activity_community_hours: activities per community, UTC hour and platform;
- activity_role_hours: the same per role mask of the person (people holding no role left out);
- activity_role_totals: activities per role mask (never 0) and UTC hour, all communities and
  platforms together (what an unfiltered split by role reads);
- activity_kind_days: activities per kind, UTC day, community and role mask (0 included);
- member_roles: current memberships (``left_on`` NULL) per community and role mask;
- member_pairs: people currently members of both communities of a pair (first id < second),
  per role mask;
- member_joins: memberships per community, ``joined_on`` day and role mask.

The statements are generated below from fixed text; like every migration, never edited.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# The stakeholder roles' bits, as they were when this migration was written.
ROLE_BITS = (
    ("employee", 1),
    ("customer", 2),
    ("supplier", 4),
    ("partner", 8),
    ("shareholder", 16),
    ("competitor", 32),
    ("other", 64),
)
_CASES = " ".join("WHEN '" + role + "' THEN " + str(bit) for role, bit in ROLE_BITS)


def _bit(role: str) -> str:
    return "(CASE " + role + " " + _CASES + " ELSE 0 END)"


def _mask(person: str) -> str:
    return (
        "(SELECT coalesce(sum(CASE role " + _CASES + " ELSE 0 END), 0) "
        "FROM person_roles WHERE person_id = " + person + ")"
    )


def _hour(row: str) -> str:
    at = row + ".occurred_at"
    return "((" + at + " - ((" + at + " % 3600) + 3600) % 3600) / 3600)"


def _day(row: str) -> str:
    at = row + ".occurred_at"
    return "((" + at + " - ((" + at + " % 86400) + 86400) % 86400) / 86400)"


def _fill(template: str, **parts: str) -> str:
    for name, value in parts.items():
        template = template.replace("{" + name + "}", value)
    return template


# -- activities --------------------------------------------------------------------------

_ACTIVITY_ADD = """
INSERT INTO activity_hours(hour, platform, n) VALUES ({H}, {X}.platform, 1)
ON CONFLICT(hour, platform) DO UPDATE SET n = n + 1;
INSERT INTO activity_community_hours(community_id, hour, platform, n)
SELECT {X}.community_id, {H}, {X}.platform, 1 WHERE {X}.community_id IS NOT NULL
ON CONFLICT(community_id, hour, platform) DO UPDATE SET n = n + 1;
INSERT INTO activity_role_hours(roles, hour, community_id, platform, n)
SELECT roles, {H}, coalesce({X}.community_id, 0), {X}.platform, 1
FROM (SELECT {M} AS roles) WHERE roles != 0
ON CONFLICT(roles, hour, community_id, platform) DO UPDATE SET n = n + 1;
INSERT INTO activity_role_totals(roles, hour, n)
SELECT roles, {H}, 1 FROM (SELECT {M} AS roles) WHERE roles != 0
ON CONFLICT(roles, hour) DO UPDATE SET n = n + 1;
INSERT INTO activity_kind_days(kind, day, community_id, roles, n)
SELECT {X}.kind, {D}, coalesce({X}.community_id, 0), {M}, 1 WHERE true
ON CONFLICT(kind, day, community_id, roles) DO UPDATE SET n = n + 1;
"""

_ACTIVITY_REMOVE = """
UPDATE activity_hours SET n = n - 1 WHERE hour = {H} AND platform = {X}.platform;
DELETE FROM activity_hours WHERE hour = {H} AND platform = {X}.platform AND n <= 0;
UPDATE activity_community_hours SET n = n - 1
WHERE community_id = {X}.community_id AND hour = {H} AND platform = {X}.platform;
DELETE FROM activity_community_hours
WHERE community_id = {X}.community_id AND hour = {H} AND platform = {X}.platform AND n <= 0;
UPDATE activity_role_hours SET n = n - 1
WHERE roles = {M} AND hour = {H} AND community_id = coalesce({X}.community_id, 0)
  AND platform = {X}.platform;
DELETE FROM activity_role_hours
WHERE roles = {M} AND hour = {H} AND community_id = coalesce({X}.community_id, 0)
  AND platform = {X}.platform AND n <= 0;
UPDATE activity_role_totals SET n = n - 1 WHERE roles = {M} AND hour = {H};
DELETE FROM activity_role_totals WHERE roles = {M} AND hour = {H} AND n <= 0;
UPDATE activity_kind_days SET n = n - 1
WHERE kind = {X}.kind AND day = {D} AND community_id = coalesce({X}.community_id, 0)
  AND roles = {M};
DELETE FROM activity_kind_days
WHERE kind = {X}.kind AND day = {D} AND community_id = coalesce({X}.community_id, 0)
  AND roles = {M} AND n <= 0;
"""


def _activity(template: str, row: str) -> str:
    return _fill(template, H=_hour(row), D=_day(row), M=_mask(row + ".person_id"), X=row)


# -- memberships -------------------------------------------------------------------------

_MEMBERSHIP_ADD = """
INSERT INTO member_roles(community_id, roles, members)
SELECT {X}.community_id, {M}, 1 WHERE {X}.left_on IS NULL
ON CONFLICT(community_id, roles) DO UPDATE SET members = members + 1;
INSERT INTO member_pairs(community_id, other_id, roles, members)
SELECT min({X}.community_id, m.community_id), max({X}.community_id, m.community_id), {M}, 1
FROM memberships AS m
WHERE {X}.left_on IS NULL AND m.person_id = {X}.person_id AND m.id != {X}.id
  AND m.left_on IS NULL AND m.community_id != {X}.community_id
ON CONFLICT(community_id, other_id, roles) DO UPDATE SET members = members + 1;
INSERT INTO member_joins(community_id, joined_on, roles, n)
SELECT {X}.community_id, {X}.joined_on, {M}, 1 WHERE {X}.joined_on IS NOT NULL
ON CONFLICT(community_id, joined_on, roles) DO UPDATE SET n = n + 1;
"""

_MEMBERSHIP_REMOVE = """
UPDATE member_roles SET members = members - 1
WHERE {X}.left_on IS NULL AND community_id = {X}.community_id AND roles = {M};
DELETE FROM member_roles WHERE community_id = {X}.community_id AND members <= 0;
UPDATE member_pairs SET members = members - 1
WHERE {X}.left_on IS NULL AND roles = {M} AND (community_id, other_id) IN (
    SELECT min({X}.community_id, m.community_id), max({X}.community_id, m.community_id)
    FROM memberships AS m
    WHERE m.person_id = {X}.person_id AND m.id != {X}.id AND m.left_on IS NULL
      AND m.community_id != {X}.community_id);
DELETE FROM member_pairs WHERE roles = {M} AND members <= 0;
UPDATE member_joins SET n = n - 1
WHERE community_id = {X}.community_id AND joined_on = {X}.joined_on AND roles = {M};
DELETE FROM member_joins
WHERE community_id = {X}.community_id AND joined_on = {X}.joined_on AND roles = {M} AND n <= 0;
"""


def _membership(template: str, row: str) -> str:
    return _fill(template, M=_mask(row + ".person_id"), X=row)


# -- a person's role mask changes: move everything of theirs from one mask to another ------

_MOVE = """
UPDATE activity_role_hours SET n = n - g.k
FROM (SELECT {HA} AS hour, coalesce(a.community_id, 0) AS community_id, a.platform AS platform,
             count(*) AS k
      FROM activities AS a WHERE a.person_id = {P} GROUP BY 1, 2, 3) AS g
WHERE activity_role_hours.roles = {FROM} AND activity_role_hours.hour = g.hour
  AND activity_role_hours.community_id = g.community_id
  AND activity_role_hours.platform = g.platform;
DELETE FROM activity_role_hours
WHERE roles = {FROM} AND n <= 0
  AND hour IN (SELECT {HA} FROM activities AS a WHERE a.person_id = {P});
INSERT INTO activity_role_hours(roles, hour, community_id, platform, n)
SELECT {TO}, {HA}, coalesce(a.community_id, 0), a.platform, count(*)
FROM activities AS a WHERE a.person_id = {P} AND {TO} != 0 GROUP BY 2, 3, 4
ON CONFLICT(roles, hour, community_id, platform) DO UPDATE SET n = n + excluded.n;
UPDATE activity_role_totals SET n = n - g.k
FROM (SELECT {HA} AS hour, count(*) AS k FROM activities AS a WHERE a.person_id = {P}
      GROUP BY 1) AS g
WHERE activity_role_totals.roles = {FROM} AND activity_role_totals.hour = g.hour;
DELETE FROM activity_role_totals
WHERE roles = {FROM} AND n <= 0
  AND hour IN (SELECT {HA} FROM activities AS a WHERE a.person_id = {P});
INSERT INTO activity_role_totals(roles, hour, n)
SELECT {TO}, {HA}, count(*) FROM activities AS a WHERE a.person_id = {P} AND {TO} != 0
GROUP BY 2
ON CONFLICT(roles, hour) DO UPDATE SET n = n + excluded.n;
UPDATE activity_kind_days SET n = n - g.k
FROM (SELECT a.kind AS kind, {DA} AS day, coalesce(a.community_id, 0) AS community_id,
             count(*) AS k
      FROM activities AS a WHERE a.person_id = {P} GROUP BY 1, 2, 3) AS g
WHERE activity_kind_days.kind = g.kind AND activity_kind_days.day = g.day
  AND activity_kind_days.community_id = g.community_id AND activity_kind_days.roles = {FROM};
DELETE FROM activity_kind_days
WHERE roles = {FROM} AND n <= 0
  AND (kind, day) IN (SELECT a.kind, {DA} FROM activities AS a WHERE a.person_id = {P});
INSERT INTO activity_kind_days(kind, day, community_id, roles, n)
SELECT a.kind, {DA}, coalesce(a.community_id, 0), {TO}, count(*)
FROM activities AS a WHERE a.person_id = {P} GROUP BY 1, 2, 3
ON CONFLICT(kind, day, community_id, roles) DO UPDATE SET n = n + excluded.n;
UPDATE member_roles SET members = members - 1
WHERE roles = {FROM} AND community_id IN (
    SELECT community_id FROM memberships WHERE person_id = {P} AND left_on IS NULL);
DELETE FROM member_roles WHERE roles = {FROM} AND members <= 0;
INSERT INTO member_roles(community_id, roles, members)
SELECT community_id, {TO}, 1 FROM memberships WHERE person_id = {P} AND left_on IS NULL
ON CONFLICT(community_id, roles) DO UPDATE SET members = members + 1;
UPDATE member_pairs SET members = members - 1
WHERE roles = {FROM} AND (community_id, other_id) IN (
    SELECT m.community_id, o.community_id FROM memberships AS m JOIN memberships AS o
    ON o.person_id = m.person_id AND o.community_id > m.community_id
    WHERE m.person_id = {P} AND m.left_on IS NULL AND o.left_on IS NULL);
DELETE FROM member_pairs WHERE roles = {FROM} AND members <= 0;
INSERT INTO member_pairs(community_id, other_id, roles, members)
SELECT m.community_id, o.community_id, {TO}, 1 FROM memberships AS m JOIN memberships AS o
ON o.person_id = m.person_id AND o.community_id > m.community_id
WHERE m.person_id = {P} AND m.left_on IS NULL AND o.left_on IS NULL
ON CONFLICT(community_id, other_id, roles) DO UPDATE SET members = members + 1;
UPDATE member_joins SET n = n - g.k
FROM (SELECT community_id, joined_on, count(*) AS k FROM memberships
      WHERE person_id = {P} AND joined_on IS NOT NULL GROUP BY 1, 2) AS g
WHERE member_joins.community_id = g.community_id AND member_joins.joined_on = g.joined_on
  AND member_joins.roles = {FROM};
DELETE FROM member_joins WHERE roles = {FROM} AND n <= 0 AND community_id IN (
    SELECT community_id FROM memberships WHERE person_id = {P});
INSERT INTO member_joins(community_id, joined_on, roles, n)
SELECT community_id, joined_on, {TO}, count(*) FROM memberships
WHERE person_id = {P} AND joined_on IS NOT NULL GROUP BY 1, 2
ON CONFLICT(community_id, joined_on, roles) DO UPDATE SET n = n + excluded.n;
"""


def _move(person: str, before: str, after: str) -> str:
    return _fill(_MOVE, HA=_hour("a"), DA=_day("a"), P=person, FROM=before, TO=after)


def _linked(person: str) -> str:
    """The person has activity or memberships: only then has a change of roles to move any."""
    return (
        "(EXISTS (SELECT 1 FROM activities WHERE person_id = " + person + ") "
        "OR EXISTS (SELECT 1 FROM memberships WHERE person_id = " + person + "))"
    )


def _trigger(name: str, event: str, body: str, when: str = "") -> str:
    condition = " WHEN " + when if when else ""
    return (
        "CREATE TRIGGER "
        + name
        + " "
        + event
        + " FOR EACH ROW"
        + condition
        + " BEGIN"
        + body
        + "END"
    )


_ACTIVITY_CHANGE = "UPDATE OF occurred_at, person_id, community_id, platform, kind ON activities"
_MEMBERSHIP_CHANGE = "UPDATE OF person_id, community_id, joined_on, left_on ON memberships"
TRIGGERS = (
    _trigger(
        "summary_activities_ai", "AFTER INSERT ON activities", _activity(_ACTIVITY_ADD, "NEW")
    ),
    _trigger(
        "summary_activities_ad", "AFTER DELETE ON activities", _activity(_ACTIVITY_REMOVE, "OLD")
    ),
    _trigger(
        "summary_activities_au",
        "AFTER " + _ACTIVITY_CHANGE,
        _activity(_ACTIVITY_REMOVE, "OLD") + _activity(_ACTIVITY_ADD, "NEW"),
    ),
    _trigger(
        "summary_memberships_ai",
        "AFTER INSERT ON memberships",
        _membership(_MEMBERSHIP_ADD, "NEW"),
    ),
    _trigger(
        "summary_memberships_ad",
        "AFTER DELETE ON memberships",
        _membership(_MEMBERSHIP_REMOVE, "OLD"),
    ),
    _trigger(
        "summary_memberships_au",
        "AFTER " + _MEMBERSHIP_CHANGE,
        _membership(_MEMBERSHIP_REMOVE, "OLD") + _membership(_MEMBERSHIP_ADD, "NEW"),
    ),
    _trigger(
        "summary_person_roles_ai",
        "AFTER INSERT ON person_roles",
        _move(
            "NEW.person_id",
            "(" + _mask("NEW.person_id") + " - " + _bit("NEW.role") + ")",
            _mask("NEW.person_id"),
        ),
        when=_linked("NEW.person_id"),
    ),
    _trigger(
        "summary_person_roles_ad",
        "AFTER DELETE ON person_roles",
        _move(
            "OLD.person_id",
            "(" + _mask("OLD.person_id") + " + " + _bit("OLD.role") + ")",
            _mask("OLD.person_id"),
        ),
        when=_linked("OLD.person_id"),
    ),
    _trigger(
        "summary_person_roles_au",
        "AFTER UPDATE ON person_roles",
        _move(
            "NEW.person_id",
            "("
            + _mask("NEW.person_id")
            + " - "
            + _bit("NEW.role")
            + " + "
            + _bit("OLD.role")
            + ")",
            _mask("NEW.person_id"),
        ),
        when="OLD.person_id = NEW.person_id AND " + _linked("NEW.person_id"),
    ),
    _trigger(
        "summary_person_roles_au_moved",
        "AFTER UPDATE ON person_roles",
        _move(
            "OLD.person_id",
            "(" + _mask("OLD.person_id") + " + " + _bit("OLD.role") + ")",
            _mask("OLD.person_id"),
        )
        + _move(
            "NEW.person_id",
            "(" + _mask("NEW.person_id") + " - " + _bit("NEW.role") + ")",
            _mask("NEW.person_id"),
        ),
        when="OLD.person_id != NEW.person_id AND ("
        + _linked("OLD.person_id")
        + " OR "
        + _linked("NEW.person_id")
        + ")",
    ),
)

# -- filling the tables from what is already there ---------------------------------------

_MASKS = (
    "(SELECT person_id, sum(CASE role " + _CASES + " ELSE 0 END) AS roles "
    "FROM person_roles GROUP BY person_id)"
)
FILL = (
    "INSERT INTO activity_hours(hour, platform, n) "
    "SELECT " + _hour("a") + ", a.platform, count(*) FROM activities AS a GROUP BY 1, 2",
    "INSERT INTO activity_community_hours(community_id, hour, platform, n) "
    "SELECT a.community_id, " + _hour("a") + ", a.platform, count(*) FROM activities AS a "
    "WHERE a.community_id IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO activity_role_hours(roles, hour, community_id, platform, n) "
    "SELECT r.roles, " + _hour("a") + ", coalesce(a.community_id, 0), a.platform, count(*) "
    "FROM activities AS a JOIN " + _MASKS + " AS r ON r.person_id = a.person_id "
    "WHERE r.roles != 0 GROUP BY 1, 2, 3, 4",
    "INSERT INTO activity_role_totals(roles, hour, n) "
    "SELECT roles, hour, sum(n) FROM activity_role_hours GROUP BY 1, 2",
    "INSERT INTO activity_kind_days(kind, day, community_id, roles, n) "
    "SELECT a.kind, " + _day("a") + ", coalesce(a.community_id, 0), coalesce(r.roles, 0), "
    "count(*) FROM activities AS a LEFT JOIN " + _MASKS + " AS r ON r.person_id = a.person_id "
    "GROUP BY 1, 2, 3, 4",
    "INSERT INTO member_roles(community_id, roles, members) "
    "SELECT m.community_id, coalesce(r.roles, 0), count(*) FROM memberships AS m "
    "LEFT JOIN " + _MASKS + " AS r ON r.person_id = m.person_id "
    "WHERE m.left_on IS NULL GROUP BY 1, 2",
    "INSERT INTO member_pairs(community_id, other_id, roles, members) "
    "SELECT m.community_id, o.community_id, coalesce(r.roles, 0), count(*) "
    "FROM memberships AS m JOIN memberships AS o "
    "ON o.person_id = m.person_id AND o.community_id > m.community_id "
    "LEFT JOIN " + _MASKS + " AS r ON r.person_id = m.person_id "
    "WHERE m.left_on IS NULL AND o.left_on IS NULL GROUP BY 1, 2, 3",
    "INSERT INTO member_joins(community_id, joined_on, roles, n) "
    "SELECT m.community_id, m.joined_on, coalesce(r.roles, 0), count(*) FROM memberships AS m "
    "LEFT JOIN " + _MASKS + " AS r ON r.person_id = m.person_id "
    "WHERE m.joined_on IS NOT NULL GROUP BY 1, 2, 3",
)

TABLES = (
    "activity_hours",
    "activity_community_hours",
    "activity_role_hours",
    "activity_role_totals",
    "activity_kind_days",
    "member_roles",
    "member_pairs",
    "member_joins",
)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "activity_hours",
        _count("hour"),
        sa.Column("platform", sa.String(length=20), nullable=False),
        _count("n"),
        sa.PrimaryKeyConstraint("hour", "platform", name=op.f("pk_activity_hours")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "activity_community_hours",
        _count("community_id"),
        _count("hour"),
        sa.Column("platform", sa.String(length=20), nullable=False),
        _count("n"),
        sa.PrimaryKeyConstraint(
            "community_id", "hour", "platform", name=op.f("pk_activity_community_hours")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "activity_role_hours",
        _count("roles"),
        _count("hour"),
        _count("community_id"),
        sa.Column("platform", sa.String(length=20), nullable=False),
        _count("n"),
        sa.PrimaryKeyConstraint(
            "roles", "hour", "community_id", "platform", name=op.f("pk_activity_role_hours")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "activity_role_totals",
        _count("roles"),
        _count("hour"),
        _count("n"),
        sa.PrimaryKeyConstraint("roles", "hour", name=op.f("pk_activity_role_totals")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "activity_kind_days",
        sa.Column("kind", sa.String(length=20), nullable=False),
        _count("day"),
        _count("community_id"),
        _count("roles"),
        _count("n"),
        sa.PrimaryKeyConstraint(
            "kind", "day", "community_id", "roles", name=op.f("pk_activity_kind_days")
        ),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "member_roles",
        _count("community_id"),
        _count("roles"),
        _count("members"),
        sa.PrimaryKeyConstraint("community_id", "roles", name=op.f("pk_member_roles")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "member_pairs",
        _count("community_id"),
        _count("other_id"),
        _count("roles"),
        _count("members"),
        sa.PrimaryKeyConstraint("community_id", "other_id", "roles", name=op.f("pk_member_pairs")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "member_joins",
        _count("community_id"),
        sa.Column("joined_on", sa.Date(), nullable=False),
        _count("roles"),
        _count("n"),
        sa.PrimaryKeyConstraint("community_id", "joined_on", "roles", name=op.f("pk_member_joins")),
        sqlite_with_rowid=False,
    )
    for statement in FILL:
        op.execute(statement)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for statement in TRIGGERS:
        op.execute("DROP TRIGGER IF EXISTS " + statement.split()[2])
    for table in reversed(TABLES):
        op.drop_table(table)
