"""people search index (FTS5, trigram) and last-activity bookkeeping

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The search index and the ``people.last_activity_at`` column are kept in step by triggers, so
every writer (services, importers, sync, raw SQL) keeps them true.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# The row of the index for one person, recomputed from the tables it summarises.
_REFRESH = """
    DELETE FROM person_search WHERE rowid = {pid};
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = {pid};
"""

TRIGGERS = {
    "person_search_people_ai": "AFTER INSERT ON people",
    "person_search_people_au": "AFTER UPDATE OF name, organisation_id ON people",
    "person_search_emails_ai": "AFTER INSERT ON person_emails",
    "person_search_emails_au": "AFTER UPDATE ON person_emails",
    "person_search_emails_ad": "AFTER DELETE ON person_emails",
    "person_search_identities_ai": "AFTER INSERT ON identities",
    "person_search_identities_au": "AFTER UPDATE ON identities",
    "person_search_identities_ad": "AFTER DELETE ON identities",
}


def _body(name: str) -> str:
    if name.endswith("_ad"):
        return _REFRESH.format(pid="OLD.person_id")
    if name.startswith("person_search_people"):
        return _REFRESH.format(pid="NEW.id")
    return _REFRESH.format(pid="NEW.person_id") + (
        _REFRESH.format(pid="OLD.person_id") if name.endswith("_au") else ""
    )


def upgrade() -> None:
    op.execute(
        "CREATE VIRTUAL TABLE person_search USING fts5("
        "name, emails, handles, organisation, tokenize = 'trigram')"
    )
    for name, event in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW BEGIN {_body(name)} END")
    op.execute(
        "CREATE TRIGGER person_search_people_ad AFTER DELETE ON people FOR EACH ROW BEGIN "
        "DELETE FROM person_search WHERE rowid = OLD.id; END"
    )
    op.execute(
        "CREATE TRIGGER person_search_organisations_au AFTER UPDATE OF name ON organisations "
        "FOR EACH ROW BEGIN UPDATE person_search SET organisation = NEW.name "
        "WHERE rowid IN (SELECT id FROM people WHERE organisation_id = NEW.id); END"
    )
    op.execute(
        "CREATE TRIGGER last_activity_ai AFTER INSERT ON activities FOR EACH ROW BEGIN "
        "UPDATE people SET last_activity_at = NEW.occurred_at WHERE id = NEW.person_id "
        "AND (last_activity_at IS NULL OR last_activity_at < NEW.occurred_at); END"
    )
    op.execute(
        "CREATE TRIGGER last_activity_ad AFTER DELETE ON activities FOR EACH ROW BEGIN "
        "UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities "
        "WHERE person_id = OLD.person_id) WHERE id = OLD.person_id; END"
    )
    op.execute(
        "CREATE TRIGGER last_activity_au AFTER UPDATE OF occurred_at, person_id ON activities "
        "FOR EACH ROW BEGIN "
        "UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities "
        "WHERE person_id = OLD.person_id) WHERE id = OLD.person_id; "
        "UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities "
        "WHERE person_id = NEW.person_id) WHERE id = NEW.person_id; END"
    )
    # Index whatever the database already holds.
    op.execute(
        "INSERT INTO person_search(rowid, name, emails, handles, organisation) "
        "SELECT p.id, p.name, "
        "coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''), "
        "coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''), "
        "coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '') "
        "FROM people AS p"
    )


def downgrade() -> None:
    for name in [*TRIGGERS, "person_search_people_ad", "person_search_organisations_au"]:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for name in ("last_activity_ai", "last_activity_ad", "last_activity_au"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS person_search")
