"""A database saved at every earlier schema, full of data, opens at the head schema with
every row of every table still there, value for value."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from commdesk import paths
from commdesk.store import Store, migrate
from commdesk.store.engine import make_engine, url_for

ROWS = 25


def earlier_revisions() -> list[str]:
    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    ordered = [r.revision for r in scripts.walk_revisions()][::-1]
    return ordered[:-1]


# Tables of later schemas, filled with a row of values of their types where they exist.
LATER_TABLES = (
    "app_settings",  # 0005
    "person_scores",
    "person_decay",
    "archive_entries",  # 0007
    "erasures",
    "overview_rankings",  # 0009
    "data_generations",
)


def fill(connection: Connection) -> None:
    """Rows in every table of the first schema, with links between them."""
    run = connection.execute
    for n in range(1, ROWS + 1):
        run(
            text(
                "INSERT INTO organisations(id, name, kind, website, created_at, updated_at) "
                "VALUES (:n, 'Org ' || :n, 'company', 'https://org' || :n || '.example', 0, 0)"
            ),
            {"n": n},
        )
        run(
            text("INSERT INTO organisation_domains(organisation_id, domain) VALUES (:n, :d)"),
            {"n": n, "d": f"org{n}.example"},
        )
        run(
            text(
                "INSERT INTO people(id, name, phone, notes, organisation_id, consent, archived, "
                "created_at, updated_at) VALUES (:n, 'Person ' || :n, '555-' || :n, "
                "'notes ' || :n, :n, :n % 2, 0, 1700000000, 1700000000)"
            ),
            {"n": n},
        )
        run(text("INSERT INTO person_roles(person_id, role) VALUES (:n, 'customer')"), {"n": n})
        run(
            text("INSERT INTO person_emails(person_id, email, position) VALUES (:n, :e, 0)"),
            {"n": n, "e": f"p{n}@org{n}.example"},
        )
        run(
            text("INSERT INTO identities(person_id, platform, handle) VALUES (:n, 'github', :h)"),
            {"n": n, "h": f"handle{n}"},
        )
        run(text("INSERT INTO tags(id, name) VALUES (:n, 'tag ' || :n)"), {"n": n})
        run(text("INSERT INTO person_tags(person_id, tag_id) VALUES (:n, :n)"), {"n": n})
        run(
            text(
                "INSERT INTO communities(id, name, scope, owner_id, archived, created_at, "
                "updated_at) VALUES (:n, 'Community ' || :n, 'external', :n, 0, 0, 0)"
            ),
            {"n": n},
        )
        run(
            text(
                "INSERT INTO community_channels(community_id, platform, address) "
                "VALUES (:n, 'discourse', 'https://forum.example/c/' || :n)"
            ),
            {"n": n},
        )
        run(text("INSERT INTO community_tags(community_id, tag_id) VALUES (:n, :n)"), {"n": n})
        run(
            text(
                "INSERT INTO memberships(person_id, community_id, role) VALUES (:n, :n, 'member')"
            ),
            {"n": n},
        )
        if n > 1:  # two communities each, one joined on a day: the summaries of 0008 fill
            run(
                text(
                    "INSERT INTO memberships(person_id, community_id, role, joined_on) "
                    "VALUES (:n, :m, 'member', '2024-01-01')"
                ),
                {"n": n, "m": n - 1},
            )
        for k in range(4):
            run(
                text(
                    "INSERT INTO activities(occurred_at, person_id, community_id, platform, "
                    "kind, title, source, external_id) VALUES (:t, :n, :n, 'github', 'post', "
                    "'title', 'import', :x)"
                ),
                {"t": 1_700_000_000 + n * 100 + k, "n": n, "x": f"x{n}-{k}"},
            )
        run(
            text(
                "INSERT INTO plans(id, name, owner_id, status, created_at, updated_at) "
                "VALUES (:n, 'Plan ' || :n, :n, 'active', 0, 0)"
            ),
            {"n": n},
        )
        run(
            text("INSERT INTO plan_target_communities(plan_id, community_id) VALUES (:n, :n)"),
            {"n": n},
        )
        run(text("INSERT INTO plan_target_roles(plan_id, role) VALUES (:n, 'partner')"), {"n": n})
        run(
            text("INSERT INTO kpis(plan_id, metric, target_value) VALUES (:n, 'activities', 10.5)"),
            {"n": n},
        )
        run(
            text(
                "INSERT INTO plan_items(id, plan_id, phase, title, kind, owner_id, status, "
                "position, created_at, updated_at) VALUES (:n, :n, 'grow', 'Item ' || :n, "
                "'event', :n, 'planned', 0, 0, 0)"
            ),
            {"n": n},
        )
        run(text("INSERT INTO plan_item_tags(plan_item_id, tag_id) VALUES (:n, :n)"), {"n": n})
        # From 0006 on, an account names its keyring entry (credential_key, not null).
        account_columns = {row[1] for row in run(text("PRAGMA table_info(platform_accounts)"))}
        keyed = "credential_key" in account_columns
        run(
            text(
                "INSERT INTO platform_accounts(platform, label, base_url, username, created_at, "
                f"updated_at{', credential_key' if keyed else ''}) VALUES ('mastodon', 'acct', "
                f"'https://m' || :n || '.example', 'me', 0, 0{', :key' if keyed else ''})"
            ),
            {"n": n, "key": f"account-{n}"},
        )
        for later in LATER_TABLES:
            if has_table(connection, later):
                fill_row(connection, later, n)
        if n > 1 and has_table(connection, "merge_candidates"):  # from 0006 on
            run(
                text(
                    "INSERT INTO merge_candidates(person_id, other_person_id, reason, created_at) "
                    "VALUES (:n, :m, 'same name', 0)"
                ),
                {"n": n, "m": n - 1},
            )


def fill_row(connection: Connection, table: str, n: int) -> None:
    """A row with every column given a value of its type (person_id: person n)."""
    values: dict[str, object] = {}
    for _cid, name, declared, _notnull, _default, _pk in connection.execute(
        text(f"PRAGMA table_info({table})")
    ):
        kind = declared.upper()
        if name == "person_id":
            values[name] = n
        elif "INT" in kind:
            values[name] = n * 10
        elif "FLOAT" in kind or "REAL" in kind:
            values[name] = n / 4
        else:
            values[name] = f"{name}-{n}"
    columns = ", ".join(values)
    binds = ", ".join(f":{name}" for name in values)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({binds})"), values)


def has_table(connection: Connection, name: str) -> bool:
    found = connection.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = :name"), {"name": name}
    )
    return found.first() is not None


def snapshot(path: Path) -> dict[str, tuple[list[str], list[tuple[object, ...]]]]:
    """Every ordinary table: its columns and its rows, sorted."""
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                "AND name NOT LIKE 'person_search%' AND name != 'alembic_version'"
            )
        ]
        found = {}
        for table in tables:
            columns = [
                r[1] for r in connection.execute("SELECT * FROM pragma_table_info(?)", (table,))
            ]
            quoted = '"' + table.replace('"', '""') + '"'
            rows = sorted(connection.execute("SELECT * FROM " + quoted).fetchall(), key=repr)
            found[table] = (columns, rows)
        return found
    finally:
        connection.close()


@pytest.mark.parametrize("revision", earlier_revisions())
def test_every_row_survives_the_upgrade_from(revision: str, tmp_path: Path) -> None:
    path = tmp_path / f"saved-at-{revision}.sqlite"
    engine = make_engine(url_for(path), foreign_keys=False)
    with engine.connect() as connection:
        migrate.upgrade(connection, revision)
        connection.commit()
    with engine.begin() as connection:
        fill(connection)
    engine.dispose()
    before = snapshot(path)
    assert all(rows for _columns, rows in before.values()), "every table holds data"

    store = Store.open(path)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            indexed = connection.execute(text("SELECT count(*) FROM person_search")).scalar()
            assert indexed == ROWS
    finally:
        store.close()

    after = snapshot(path)
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} is gone"
        new_columns, new_rows = after[table]
        keep = [new_columns.index(c) for c in columns]  # new columns may have been added
        projected = sorted((tuple(row[i] for i in keep) for row in new_rows), key=repr)
        assert projected == rows, f"rows of {table} changed in the upgrade from {revision}"
    assert any(paths.backup_dir().glob(f"*before-migration-{revision}-*.sqlite"))
