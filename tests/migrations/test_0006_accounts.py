"""Migration 0006: existing accounts get a credential key each, and keep their data."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text


def test_existing_accounts_get_distinct_credential_keys_and_keep_their_fields(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0004")
    for n, platform in enumerate(["mastodon", "github"]):
        alembic_engine.execute(
            text(
                "INSERT INTO platform_accounts (platform, label, base_url, username, created_at,"
                " updated_at) VALUES (:p, :l, 'https://example.org', :u, 0, 0)"
            ),
            {"p": platform, "l": f"Account {n}", "u": f"user{n}"},
        )
    alembic_engine.commit()
    alembic_runner.migrate_up_to("0006")
    rows = alembic_engine.execute(
        text("SELECT label, credential_key, sync_status FROM platform_accounts ORDER BY id")
    ).all()
    assert [row.label for row in rows] == ["Account 0", "Account 1"]
    keys = [row.credential_key for row in rows]
    assert all(key.startswith("account-") and len(key) == 40 for key in keys)
    assert len(set(keys)) == 2
    assert {row.sync_status for row in rows} == {"never"}
    with pytest.raises(sa.exc.IntegrityError, match="CHECK"):
        alembic_engine.execute(text("UPDATE platform_accounts SET sync_status = 'bogus'"))
    alembic_engine.rollback()
    alembic_runner.migrate_down_one()
    columns = [
        row[1] for row in alembic_engine.exec_driver_sql("PRAGMA table_info(platform_accounts)")
    ]
    assert "credential_key" not in columns
    assert alembic_engine.execute(text("SELECT count(*) FROM platform_accounts")).scalar() == 2
