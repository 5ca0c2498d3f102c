"""people search index (FTS5, trigram) and last-activity bookkeeping

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26

The search index and the ``people.last_activity_at`` column are kept in step by triggers, so
every writer (services, importers, sync, raw SQL) keeps them true. The statements are written
out in full: a migration is a record of what was done, and never changes afterwards.
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

UPGRADE = (
    """CREATE VIRTUAL TABLE person_search USING fts5(name, emails, handles, organisation, tokenize = 'trigram')""",
    """CREATE TRIGGER person_search_people_ai AFTER INSERT ON people FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.id;
 END""",
    """CREATE TRIGGER person_search_people_au AFTER UPDATE OF name, organisation_id ON people FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.id;
 END""",
    """CREATE TRIGGER person_search_emails_ai AFTER INSERT ON person_emails FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.person_id;
 END""",
    """CREATE TRIGGER person_search_emails_au AFTER UPDATE ON person_emails FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.person_id;

    DELETE FROM person_search WHERE rowid = OLD.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = OLD.person_id;
 END""",
    """CREATE TRIGGER person_search_emails_ad AFTER DELETE ON person_emails FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = OLD.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = OLD.person_id;
 END""",
    """CREATE TRIGGER person_search_identities_ai AFTER INSERT ON identities FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.person_id;
 END""",
    """CREATE TRIGGER person_search_identities_au AFTER UPDATE ON identities FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = NEW.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = NEW.person_id;

    DELETE FROM person_search WHERE rowid = OLD.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = OLD.person_id;
 END""",
    """CREATE TRIGGER person_search_identities_ad AFTER DELETE ON identities FOR EACH ROW BEGIN
    DELETE FROM person_search WHERE rowid = OLD.person_id;
    INSERT INTO person_search(rowid, name, emails, handles, organisation)
    SELECT p.id, p.name,
           coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''),
           coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''),
           coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '')
    FROM people AS p WHERE p.id = OLD.person_id;
 END""",
    """CREATE TRIGGER person_search_people_ad AFTER DELETE ON people FOR EACH ROW BEGIN DELETE FROM person_search WHERE rowid = OLD.id; END""",
    """CREATE TRIGGER person_search_organisations_au AFTER UPDATE OF name ON organisations FOR EACH ROW BEGIN UPDATE person_search SET organisation = NEW.name WHERE rowid IN (SELECT id FROM people WHERE organisation_id = NEW.id); END""",
    """CREATE TRIGGER last_activity_ai AFTER INSERT ON activities FOR EACH ROW BEGIN UPDATE people SET last_activity_at = NEW.occurred_at WHERE id = NEW.person_id AND (last_activity_at IS NULL OR last_activity_at < NEW.occurred_at); END""",
    """CREATE TRIGGER last_activity_ad AFTER DELETE ON activities FOR EACH ROW BEGIN UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities WHERE person_id = OLD.person_id) WHERE id = OLD.person_id; END""",
    """CREATE TRIGGER last_activity_au AFTER UPDATE OF occurred_at, person_id ON activities FOR EACH ROW BEGIN UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities WHERE person_id = OLD.person_id) WHERE id = OLD.person_id; UPDATE people SET last_activity_at = (SELECT max(occurred_at) FROM activities WHERE person_id = NEW.person_id) WHERE id = NEW.person_id; END""",
    """INSERT INTO person_search(rowid, name, emails, handles, organisation) SELECT p.id, p.name, coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''), coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''), coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '') FROM people AS p""",
)

DOWNGRADE = (
    """DROP TRIGGER IF EXISTS person_search_people_ai""",
    """DROP TRIGGER IF EXISTS person_search_people_au""",
    """DROP TRIGGER IF EXISTS person_search_emails_ai""",
    """DROP TRIGGER IF EXISTS person_search_emails_au""",
    """DROP TRIGGER IF EXISTS person_search_emails_ad""",
    """DROP TRIGGER IF EXISTS person_search_identities_ai""",
    """DROP TRIGGER IF EXISTS person_search_identities_au""",
    """DROP TRIGGER IF EXISTS person_search_identities_ad""",
    """DROP TRIGGER IF EXISTS person_search_people_ad""",
    """DROP TRIGGER IF EXISTS person_search_organisations_au""",
    """DROP TRIGGER IF EXISTS last_activity_ai""",
    """DROP TRIGGER IF EXISTS last_activity_ad""",
    """DROP TRIGGER IF EXISTS last_activity_au""",
    """DROP TABLE IF EXISTS person_search""",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
