"""Rebuilding the Overview's summary tables (see :mod:`commdesk.domain.summaries`) whole.

Triggers keep the summaries in step row by row; a bulk load drops those triggers (see
:func:`commdesk.store.search.bulk_load`) and calls :func:`rebuild` once at the end instead.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

from commdesk.domain.summaries import ROLE_BITS

TRIGGER_PREFIX = "summary_"
TABLES = (
    "activity_hours",
    "activity_community_hours",
    "activity_role_hours",
    "activity_role_totals",
    "activity_kind_days",
    "member_roles",
    "member_pairs",
    "member_joins",
    "archived_member_roles",
    "archived_member_pairs",
)

_CASES = " ".join(f"WHEN '{role.value}' THEN {bit}" for role, bit in ROLE_BITS.items())
_MASKS = (
    "(SELECT person_id, sum(CASE role " + _CASES + " ELSE 0 END) AS roles "
    "FROM person_roles GROUP BY person_id)"
)
# floor(occurred_at / 3600) and floor(occurred_at / 86400), also for times before 1970
_HOUR = "((a.occurred_at - ((a.occurred_at % 3600) + 3600) % 3600) / 3600)"
_DAY = "((a.occurred_at - ((a.occurred_at % 86400) + 86400) % 86400) / 86400)"

FILL = (
    "INSERT INTO activity_hours(hour, platform, n) "
    "SELECT " + _HOUR + ", a.platform, count(*) FROM activities AS a GROUP BY 1, 2",
    "INSERT INTO activity_community_hours(community_id, hour, platform, n) "
    "SELECT a.community_id, " + _HOUR + ", a.platform, count(*) FROM activities AS a "
    "WHERE a.community_id IS NOT NULL GROUP BY 1, 2, 3",
    "INSERT INTO activity_role_hours(roles, hour, community_id, platform, n) "
    "SELECT r.roles, " + _HOUR + ", coalesce(a.community_id, 0), a.platform, count(*) "
    "FROM activities AS a JOIN " + _MASKS + " AS r ON r.person_id = a.person_id "
    "WHERE r.roles != 0 GROUP BY 1, 2, 3, 4",
    "INSERT INTO activity_role_totals(roles, hour, n) "
    "SELECT roles, hour, sum(n) FROM activity_role_hours GROUP BY 1, 2",
    "INSERT INTO activity_kind_days(kind, day, community_id, roles, n) "
    "SELECT a.kind, " + _DAY + ", coalesce(a.community_id, 0), coalesce(r.roles, 0), "
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
    # the archived people's part of member_roles and member_pairs (migration 0012)
    "INSERT INTO archived_member_roles(community_id, roles, members) "
    "SELECT m.community_id, coalesce(r.roles, 0), count(*) FROM memberships AS m "
    "JOIN people AS p ON p.id = m.person_id AND p.archived = 1 "
    "LEFT JOIN " + _MASKS + " AS r ON r.person_id = m.person_id "
    "WHERE m.left_on IS NULL GROUP BY 1, 2",
    "INSERT INTO archived_member_pairs(community_id, other_id, roles, members) "
    "SELECT m.community_id, o.community_id, coalesce(r.roles, 0), count(*) "
    "FROM memberships AS m JOIN memberships AS o "
    "ON o.person_id = m.person_id AND o.community_id > m.community_id "
    "JOIN people AS p ON p.id = m.person_id AND p.archived = 1 "
    "LEFT JOIN " + _MASKS + " AS r ON r.person_id = m.person_id "
    "WHERE m.left_on IS NULL AND o.left_on IS NULL GROUP BY 1, 2, 3",
)


def rebuild(connection: Connection) -> None:
    """Empty every summary and fill it again from the tables, in the caller's transaction."""
    for table in TABLES:
        connection.exec_driver_sql('DELETE FROM "' + table + '"')
    for statement in FILL:
        connection.execute(text(statement))
