"""Full-text search over people (FTS5, trigram) and the bulk-load switch for the triggers
(search index, last activity and the Overview's summaries)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text

from commdesk.store import summaries

# Trigram matching needs three characters; shorter text falls back to a name prefix.
MIN_TRIGRAM = 3


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression that finds ``query`` as a substring, every word of it.

    Each word is quoted, so user text can never be read as FTS5 syntax.
    """
    words = _words(query)
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def _words(query: str) -> list[str]:
    # FTS5 reads a NUL as the end of the query string, even inside quotes.
    return query.replace("\x00", " ").split()


def searchable(query: str) -> bool:
    words = _words(query)
    return bool(words) and all(len(w) >= MIN_TRIGRAM for w in words)


def rebuild(connection: Connection) -> None:
    """Recompute the search index and people's last activity from the tables."""
    connection.execute(text("DELETE FROM person_search"))
    connection.execute(
        text(
            "INSERT INTO person_search(rowid, name, emails, handles, organisation) "
            "SELECT p.id, p.name, coalesce(e.emails, ''), coalesce(i.handles, ''), "
            "coalesce(o.name, '') FROM people AS p "
            "LEFT JOIN (SELECT person_id, group_concat(email, ' ') AS emails "
            "           FROM person_emails GROUP BY person_id) AS e ON e.person_id = p.id "
            "LEFT JOIN (SELECT person_id, group_concat(handle, ' ') AS handles "
            "           FROM identities GROUP BY person_id) AS i ON i.person_id = p.id "
            "LEFT JOIN organisations AS o ON o.id = p.organisation_id"
        )
    )
    connection.execute(
        text(
            "UPDATE people SET last_activity_at = latest.at FROM "
            "(SELECT person_id, max(occurred_at) AS at FROM activities GROUP BY person_id) "
            "AS latest WHERE latest.person_id = people.id"
        )
    )
    connection.execute(
        text(
            "UPDATE people SET last_activity_at = NULL WHERE last_activity_at IS NOT NULL "
            "AND NOT EXISTS (SELECT 1 FROM activities WHERE activities.person_id = people.id)"
        )
    )


@contextmanager
def bulk_load(connection: Connection) -> Iterator[None]:
    """Drop the per-row triggers while many rows are inserted, then rebuild in one pass.

    The trigger definitions are read back from the schema, so they are restored exactly as
    the migrations made them. Run inside the caller's transaction: all or nothing.
    """
    triggers = connection.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
            "AND (name LIKE 'person\\_search\\_%' ESCAPE '\\' "
            "OR name LIKE 'last\\_activity\\_%' ESCAPE '\\' "
            "OR name LIKE 'summary\\_%' ESCAPE '\\' "
            "OR name LIKE 'rankings\\_stale\\_%' ESCAPE '\\') ORDER BY name"
        )
    ).all()
    for name, _sql in triggers:
        connection.exec_driver_sql('DROP TRIGGER "' + name.replace('"', '""') + '"')
    yield
    rebuild(connection)
    summaries.rebuild(connection)
    forget_rankings(connection)
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)


def forget_rankings(connection: Connection) -> None:
    """What the ``rankings_stale_*`` triggers do for each row, once for a bulk load."""
    if connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'overview_rankings'")
    ).first():
        connection.execute(text("DELETE FROM overview_rankings"))
        connection.execute(
            text(
                "INSERT INTO data_generations (name, n) VALUES ('rankings', 1) "
                "ON CONFLICT (name) DO UPDATE SET n = n + 1"
            )
        )
