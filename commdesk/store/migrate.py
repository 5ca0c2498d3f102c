"""Schema migrations, run programmatically whenever a database is opened.

Opening a database that is already at the newest schema is the common case, and it needs no
Alembic: the revisions are read from the scripts' ``revision``/``down_revision`` lines and
the database's from its ``alembic_version`` table. Alembic (a quarter of a second to import)
is loaded only to migrate. tests/migrations/test_builtin.py checks that this reading agrees
with Alembic's own.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, inspect, text

from commdesk.errors import NewerSchemaError

if TYPE_CHECKING:
    from alembic.config import Config

_ASSIGNMENT = re.compile(
    r"^(revision|down_revision)\s*(?::[^=]+)?=\s*(?:['\"]([^'\"]+)['\"]|None)\s*$", re.MULTILINE
)


def migrations_dir() -> Path:
    """The Alembic scripts shipped inside the package (found the same way when frozen)."""
    return Path(str(resources.files("commdesk.store") / "migrations"))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@cache
def revisions() -> dict[str, str | None]:
    """Every revision the package ships, with the one it follows (None for the first)."""
    found: dict[str, str | None] = {}
    for script in sorted((migrations_dir() / "versions").glob("*.py")):
        values = dict.fromkeys(("revision", "down_revision"))
        for match in _ASSIGNMENT.finditer(script.read_text(encoding="utf-8")):
            values[match.group(1)] = match.group(2)
        if values["revision"] is not None:
            found[values["revision"]] = values["down_revision"]
    return found


def head_revision() -> str:
    """The newest revision: the one no other revision follows."""
    known = revisions()
    heads = set(known) - {down for down in known.values() if down is not None}
    assert len(heads) == 1, f"the package ships {len(heads)} migration heads: {sorted(heads)}"
    return heads.pop()


def current_revision(connection: Connection) -> str | None:
    """The database's revision, or None for a database without a schema yet."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    revision: str | None = connection.execute(
        text("SELECT version_num FROM alembic_version")
    ).scalar()
    return revision


def check_known(revision: str | None) -> None:
    """Refuse a database whose schema this version of CommDesk does not know."""
    if revision is None:
        return
    if revision not in revisions():
        raise NewerSchemaError(
            f"This database was written by a newer CommDesk (schema {revision}); this version "
            f"knows schemas up to {head_revision()}. Update CommDesk to open it."
        )


def upgrade(connection: Connection, target: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), target)


def downgrade(connection: Connection, target: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(connection), target)
