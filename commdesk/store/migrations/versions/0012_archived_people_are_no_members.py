"""archived people are nobody's current members: their memberships are summed apart

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-27

The People view leaves archived people out, and its "members of" filter with them; the
Overview's stakeholder mix, member counts and overlap matrix counted them from
``member_roles`` and ``member_pairs``, so a click on a bar or a cell could list fewer people
than it showed. Two more summaries hold the archived people's share of those two:

- archived_member_roles: current memberships of archived people per community and role mask;
- archived_member_pairs: archived people currently members of both communities of a pair.

Current members are then ``member_roles`` less ``archived_member_roles`` (and so for the
pairs): two small tables, read whole, whatever the number of people or of archived people.

New triggers keep them in step; the triggers of 0008 are left as they are. A membership of an
archived person added, ended, moved or removed; an archived person's roles changed; a person
archived or brought back; an archived person deleted (before the delete: a cascade runs after
the person's row is gone, when nothing can tell it was archived). Each does nothing unless an
archived person is involved.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# The stakeholder roles' bits, as in 0008.
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


def _archived(person: str) -> str:
    return "EXISTS (SELECT 1 FROM people WHERE id = " + person + " AND archived = 1)"


def _fill(template: str, **parts: str) -> str:
    for name, value in parts.items():
        template = template.replace("{" + name + "}", value)
    return template


# -- one membership {X} of a person who is archived ({A}) --------------------------------

_MEMBERSHIP_ADD = """
INSERT INTO archived_member_roles(community_id, roles, members)
SELECT {X}.community_id, {M}, 1 WHERE {X}.left_on IS NULL AND {A}
ON CONFLICT(community_id, roles) DO UPDATE SET members = members + 1;
INSERT INTO archived_member_pairs(community_id, other_id, roles, members)
SELECT min({X}.community_id, m.community_id), max({X}.community_id, m.community_id), {M}, 1
FROM memberships AS m
WHERE {X}.left_on IS NULL AND {A} AND m.person_id = {X}.person_id AND m.id != {X}.id
  AND m.left_on IS NULL AND m.community_id != {X}.community_id
ON CONFLICT(community_id, other_id, roles) DO UPDATE SET members = members + 1;
"""

_MEMBERSHIP_REMOVE = """
UPDATE archived_member_roles SET members = members - 1
WHERE {X}.left_on IS NULL AND {A} AND community_id = {X}.community_id AND roles = {M};
DELETE FROM archived_member_roles WHERE community_id = {X}.community_id AND members <= 0;
UPDATE archived_member_pairs SET members = members - 1
WHERE {X}.left_on IS NULL AND {A} AND roles = {M} AND (community_id, other_id) IN (
    SELECT min({X}.community_id, m.community_id), max({X}.community_id, m.community_id)
    FROM memberships AS m
    WHERE m.person_id = {X}.person_id AND m.id != {X}.id AND m.left_on IS NULL
      AND m.community_id != {X}.community_id);
DELETE FROM archived_member_pairs WHERE roles = {M} AND members <= 0;
"""


def _membership(template: str, row: str) -> str:
    person = row + ".person_id"
    return _fill(template, M=_mask(person), A=_archived(person), X=row)


# -- every current membership of person {P}, counted with role mask {M} ------------------

_ALL_ADD = """
INSERT INTO archived_member_roles(community_id, roles, members)
SELECT community_id, {M}, 1 FROM memberships WHERE person_id = {P} AND left_on IS NULL
ON CONFLICT(community_id, roles) DO UPDATE SET members = members + 1;
INSERT INTO archived_member_pairs(community_id, other_id, roles, members)
SELECT m.community_id, o.community_id, {M}, 1 FROM memberships AS m JOIN memberships AS o
ON o.person_id = m.person_id AND o.community_id > m.community_id
WHERE m.person_id = {P} AND m.left_on IS NULL AND o.left_on IS NULL
ON CONFLICT(community_id, other_id, roles) DO UPDATE SET members = members + 1;
"""

_ALL_REMOVE = """
UPDATE archived_member_roles SET members = members - 1
WHERE roles = {M} AND community_id IN (
    SELECT community_id FROM memberships WHERE person_id = {P} AND left_on IS NULL);
DELETE FROM archived_member_roles WHERE roles = {M} AND members <= 0;
UPDATE archived_member_pairs SET members = members - 1
WHERE roles = {M} AND (community_id, other_id) IN (
    SELECT m.community_id, o.community_id FROM memberships AS m JOIN memberships AS o
    ON o.person_id = m.person_id AND o.community_id > m.community_id
    WHERE m.person_id = {P} AND m.left_on IS NULL AND o.left_on IS NULL);
DELETE FROM archived_member_pairs WHERE roles = {M} AND members <= 0;
"""


def _all(template: str, person: str, mask: str) -> str:
    return _fill(template, P=person, M=mask)


def _move(person: str, before: str, after: str) -> str:
    """An archived person's roles changed: from mask ``before`` to ``after``."""
    return _all(_ALL_REMOVE, person, before) + _all(_ALL_ADD, person, after)


def _trigger(name: str, event: str, body: str, when: str) -> str:
    return (
        "CREATE TRIGGER "
        + name
        + " "
        + event
        + " FOR EACH ROW WHEN "
        + when
        + " BEGIN"
        + body
        + "END"
    )


_MEMBERSHIP_CHANGE = "UPDATE OF person_id, community_id, left_on ON memberships"
TRIGGERS = (
    _trigger(
        "summary_archived_memberships_ai",
        "AFTER INSERT ON memberships",
        _membership(_MEMBERSHIP_ADD, "NEW"),
        when=_archived("NEW.person_id"),
    ),
    _trigger(
        "summary_archived_memberships_ad",
        "AFTER DELETE ON memberships",
        _membership(_MEMBERSHIP_REMOVE, "OLD"),
        when=_archived("OLD.person_id"),
    ),
    _trigger(
        "summary_archived_memberships_au",
        "AFTER " + _MEMBERSHIP_CHANGE,
        _membership(_MEMBERSHIP_REMOVE, "OLD") + _membership(_MEMBERSHIP_ADD, "NEW"),
        when=_archived("OLD.person_id") + " OR " + _archived("NEW.person_id"),
    ),
    _trigger(
        "summary_archived_people_archived",
        "AFTER UPDATE OF archived ON people",
        _all(_ALL_ADD, "NEW.id", _mask("NEW.id")),
        when="NEW.archived = 1 AND OLD.archived IS NOT 1",
    ),
    _trigger(
        "summary_archived_people_restored",
        "AFTER UPDATE OF archived ON people",
        _all(_ALL_REMOVE, "NEW.id", _mask("NEW.id")),
        when="OLD.archived = 1 AND NEW.archived IS NOT 1",
    ),
    _trigger(
        "summary_archived_people_bd",
        "BEFORE DELETE ON people",
        _all(_ALL_REMOVE, "OLD.id", _mask("OLD.id")),
        when="OLD.archived = 1",
    ),
    _trigger(
        "summary_archived_person_roles_ai",
        "AFTER INSERT ON person_roles",
        _move(
            "NEW.person_id",
            "(" + _mask("NEW.person_id") + " - " + _bit("NEW.role") + ")",
            _mask("NEW.person_id"),
        ),
        when=_archived("NEW.person_id"),
    ),
    _trigger(
        "summary_archived_person_roles_ad",
        "AFTER DELETE ON person_roles",
        _move(
            "OLD.person_id",
            "(" + _mask("OLD.person_id") + " + " + _bit("OLD.role") + ")",
            _mask("OLD.person_id"),
        ),
        when=_archived("OLD.person_id"),
    ),
    _trigger(
        "summary_archived_person_roles_au",
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
        when="OLD.person_id = NEW.person_id AND " + _archived("NEW.person_id"),
    ),
    _trigger(
        "summary_archived_person_roles_au_from",
        "AFTER UPDATE ON person_roles",
        _move(
            "OLD.person_id",
            "(" + _mask("OLD.person_id") + " + " + _bit("OLD.role") + ")",
            _mask("OLD.person_id"),
        ),
        when="OLD.person_id != NEW.person_id AND " + _archived("OLD.person_id"),
    ),
    _trigger(
        "summary_archived_person_roles_au_to",
        "AFTER UPDATE ON person_roles",
        _move(
            "NEW.person_id",
            "(" + _mask("NEW.person_id") + " - " + _bit("NEW.role") + ")",
            _mask("NEW.person_id"),
        ),
        when="OLD.person_id != NEW.person_id AND " + _archived("NEW.person_id"),
    ),
)

_MASKS = (
    "(SELECT person_id, sum(CASE role " + _CASES + " ELSE 0 END) AS roles "
    "FROM person_roles GROUP BY person_id)"
)
_ARCHIVED = "JOIN people AS p ON p.id = m.person_id AND p.archived = 1 "
FILL = (
    "INSERT INTO archived_member_roles(community_id, roles, members) "
    "SELECT m.community_id, coalesce(r.roles, 0), count(*) FROM memberships AS m "
    + _ARCHIVED
    + "LEFT JOIN "
    + _MASKS
    + " AS r ON r.person_id = m.person_id WHERE m.left_on IS NULL GROUP BY 1, 2",
    "INSERT INTO archived_member_pairs(community_id, other_id, roles, members) "
    "SELECT m.community_id, o.community_id, coalesce(r.roles, 0), count(*) "
    "FROM memberships AS m JOIN memberships AS o "
    "ON o.person_id = m.person_id AND o.community_id > m.community_id "
    + _ARCHIVED
    + "LEFT JOIN "
    + _MASKS
    + " AS r ON r.person_id = m.person_id "
    "WHERE m.left_on IS NULL AND o.left_on IS NULL GROUP BY 1, 2, 3",
)


def _count(name: str) -> sa.Column[int]:
    return sa.Column(name, sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "archived_member_roles",
        _count("community_id"),
        _count("roles"),
        _count("members"),
        sa.PrimaryKeyConstraint("community_id", "roles", name=op.f("pk_archived_member_roles")),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "archived_member_pairs",
        _count("community_id"),
        _count("other_id"),
        _count("roles"),
        _count("members"),
        sa.PrimaryKeyConstraint(
            "community_id", "other_id", "roles", name=op.f("pk_archived_member_pairs")
        ),
        sqlite_with_rowid=False,
    )
    for statement in FILL:
        op.execute(statement)
    for statement in TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    for statement in TRIGGERS:
        op.execute("DROP TRIGGER IF EXISTS " + statement.split()[2])
    op.drop_table("archived_member_pairs")
    op.drop_table("archived_member_roles")
