"""Schema migrations, run programmatically whenever a database is opened."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection

from commdesk.errors import NewerSchemaError


def migrations_dir() -> Path:
    """The Alembic scripts shipped inside the package (found the same way when frozen)."""
    return Path(str(resources.files("commdesk.store") / "migrations"))


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "the package ships no migrations"
    return head


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def check_known(revision: str | None) -> None:
    """Refuse a database whose schema this version of CommDesk does not know."""
    if revision is None:
        return
    scripts = ScriptDirectory.from_config(alembic_config())
    known = {rev.revision for rev in scripts.walk_revisions()}
    if revision not in known:
        raise NewerSchemaError(
            f"This database was written by a newer CommDesk (schema {revision}); this version "
            f"knows schemas up to {head_revision()}. Update CommDesk to open it."
        )


def upgrade(connection: Connection, target: str = "head") -> None:
    command.upgrade(alembic_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    command.downgrade(alembic_config(connection), target)
