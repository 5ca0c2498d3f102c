"""Databases made by an earlier schema, for the tests of opening and migrating them."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from commdesk.store import migrate
from commdesk.store.engine import make_engine, url_for


def database_at_0001(path: Path) -> Path:
    """A database made by the first schema, holding one person (Ada Lovelace, id 7) with an
    email and an employer."""
    engine = make_engine(url_for(path), foreign_keys=False)
    try:
        with engine.connect() as connection:
            migrate.upgrade(connection, "0001")
            connection.commit()
            connection.execute(
                text(
                    "INSERT INTO organisations(id, name, kind, created_at, updated_at) "
                    "VALUES (1, 'Analytical Engines Ltd', 'company', 0, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO people(id, name, organisation_id, consent, archived, "
                    "created_at, updated_at) VALUES (7, 'Ada Lovelace', 1, 0, 0, 0, 0)"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO person_emails(person_id, email, position) "
                    "VALUES (7, 'ada@engines.example', 0)"
                )
            )
            connection.commit()
            assert migrate.current_revision(connection) == "0001"
    finally:
        engine.dispose()
    return path
