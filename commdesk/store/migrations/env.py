"""Alembic environment. CommDesk runs migrations itself (commdesk.store.migrate) and hands
over an open connection; SQLite tables are altered in batch mode."""

from __future__ import annotations

from alembic import context

from commdesk.domain import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:  # pragma: no cover - only for `alembic` run by hand during development
    from commdesk.store.engine import make_engine, url_for

    engine = make_engine(
        url_for(config.get_main_option("sqlalchemy.url") or ""), foreign_keys=False
    )
    connection = engine.connect()


def include_name(name: str | None, type_: str, _parents: object) -> bool:
    # The search index (an FTS5 table and its shadow tables) is managed by raw DDL.
    return not (type_ == "table" and name is not None and name.startswith("person_search"))


context.configure(
    connection=connection,
    include_name=include_name,
    target_metadata=Base.metadata,
    render_as_batch=True,
    compare_type=True,
)
if connection.dialect.name == "sqlite":
    # Batch mode rebuilds a table by copy, drop and rename; the rename must not re-check the
    # triggers on other tables that name it, which fail while the table is briefly absent.
    connection.exec_driver_sql("PRAGMA legacy_alter_table = ON")

with context.begin_transaction():
    context.run_migrations()
