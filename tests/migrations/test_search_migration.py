"""Migration 0002 (the people search index) on a database that already holds people."""

from __future__ import annotations

from pytest_alembic.runner import MigrationContext
from sqlalchemy import Connection, text


def search_objects(connection: Connection) -> list[str]:
    return list(
        connection.execute(
            text(
                "SELECT name FROM sqlite_master WHERE name LIKE 'person_search%' "
                "OR name LIKE 'last_activity_%' ORDER BY name"
            )
        ).scalars()
    )


def test_0002_indexes_existing_people_and_downgrades_without_a_trace(
    alembic_runner: MigrationContext, alembic_engine: Connection
) -> None:
    alembic_runner.migrate_up_to("0001")
    alembic_runner.insert_into(
        "organisations",
        {"id": 1, "name": "Initech", "kind": "company", "created_at": 0, "updated_at": 0},
    )
    alembic_runner.insert_into(
        "people",
        [
            {
                "id": i,
                "name": f"Person {i}",
                "organisation_id": 1 if i % 2 else None,
                "consent": False,
                "archived": False,
                "created_at": 0,
                "updated_at": 0,
            }
            for i in range(1, 6)
        ],
    )
    alembic_runner.insert_into(
        "person_emails", {"person_id": 3, "email": "three@example.org", "position": 0}
    )
    alembic_runner.insert_into(
        "identities", {"person_id": 4, "platform": "github", "handle": "four"}
    )
    assert search_objects(alembic_engine) == []

    alembic_runner.migrate_up_one()
    rows = alembic_engine.execute(
        text("SELECT rowid, name, emails, handles, organisation FROM person_search ORDER BY rowid")
    ).all()
    assert [tuple(r) for r in rows] == [
        (1, "Person 1", "", "", "Initech"),
        (2, "Person 2", "", "", ""),
        (3, "Person 3", "three@example.org", "", "Initech"),
        (4, "Person 4", "", "four", ""),
        (5, "Person 5", "", "", "Initech"),
    ]
    assert len(search_objects(alembic_engine)) > 13  # the table, its shadow tables, triggers

    alembic_runner.migrate_down_one()
    assert alembic_runner.current == "0001"
    assert search_objects(alembic_engine) == []
    assert alembic_engine.execute(text("SELECT count(*) FROM people")).scalar() == 5
