"""Batch-mode table rebuilds drop a table's triggers; every migration must put them back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from commdesk.store import migrate
from commdesk.store.engine import make_engine, url_for


def _triggers(connection: Connection) -> dict[str, str]:
    rows = connection.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    return {name: sql for name, sql in rows}


def test_triggers_of_0002_are_all_there_at_head_and_after_a_round_trip(tmp_path: Path) -> None:
    engine = make_engine(url_for(tmp_path / "t.sqlite"), foreign_keys=False)
    with engine.connect() as connection:
        migrate.upgrade(connection, "0002")
        connection.commit()
        expected = _triggers(connection)
        assert len(expected) >= 10
        migrate.upgrade(connection)
        connection.commit()
        at_head = _triggers(connection)  # later migrations add triggers of their own
        assert {name: at_head.get(name) for name in expected} == expected
        migrate.downgrade(connection, "0002")
        connection.commit()
        assert _triggers(connection) == expected
    engine.dispose()


def test_empty_names_are_renamed_not_lost_by_0003(tmp_path: Path) -> None:
    engine = make_engine(url_for(tmp_path / "t.sqlite"), foreign_keys=False)
    with engine.connect() as connection:
        migrate.upgrade(connection, "0002")
        connection.execute(
            text(
                "INSERT INTO organisations(id, name, kind, created_at, updated_at) "
                "VALUES (4, ' ', 'company', 0, 0)"
            )
        )
        connection.execute(text("INSERT INTO tags(id, name) VALUES (9, '')"))
        connection.commit()
        migrate.upgrade(connection)
        connection.commit()
        assert connection.execute(text("SELECT name FROM organisations")).scalar_one() == (
            "Unnamed organisation 4"
        )
        assert connection.execute(text("SELECT name FROM tags")).scalar_one() == "untitled-9"
    engine.dispose()
