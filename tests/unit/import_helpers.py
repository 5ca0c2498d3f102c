"""What the import tests share: the fixture files and a fingerprint of the whole store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from commdesk.store import Store

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "imports"
TABLES = (
    "people",
    "person_emails",
    "identities",
    "person_roles",
    "person_tags",
    "tags",
    "organisations",
    "person_search",
)


def fingerprint(store: Store) -> dict[str, object]:
    """Every row of every table an import writes (and the triggers), read with plain sqlite3."""
    assert store.path is not None
    connection = sqlite3.connect(store.path)
    try:
        result: dict[str, object] = {
            table: connection.execute('SELECT * FROM "' + table + '" ORDER BY 1').fetchall()
            for table in TABLES
        }
        result["triggers"] = connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name"
        ).fetchall()
    finally:
        connection.close()
    return result
