"""pytest-alembic fixtures: the app's own Alembic config, run against a real SQLite file.

``alembic_runner`` is defined here as well as by the plugin, so the migration tests also run
when the plugin's automatic collection is switched off (``-p no:pytest_alembic``); it builds
the runner exactly as the plugin's fixture does.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.config import Config as AlembicConfig
from pytest_alembic.config import Config
from pytest_alembic.runner import MigrationContext, runner
from sqlalchemy import Connection

from commdesk.store import migrate
from commdesk.store.engine import make_engine, url_for


def pytest_configure(config: pytest.Config) -> None:
    # pytest-alembic's test functions carry this marker; the plugin registers it only when
    # it is enabled, and --strict-markers refuses it otherwise.
    config.addinivalue_line("markers", "alembic: tests which use pytest-alembic")


@pytest.fixture
def alembic_config() -> AlembicConfig:
    """The config the app itself migrates with (script location inside the package)."""
    return migrate.alembic_config()


@pytest.fixture
def alembic_engine(tmp_path: Path) -> Iterator[Connection]:
    """One connection to a fresh database file, foreign keys off as in ``Store.open``.

    pytest-alembic hands whatever this yields to ``env.py`` as
    ``config.attributes["connection"]``, and ``env.py`` expects a Connection there (Alembic
    refuses an Engine), so a connection is yielded rather than the engine.
    """
    engine = make_engine(url_for(tmp_path / "migrations.sqlite"), foreign_keys=False)
    try:
        with engine.connect() as connection:
            yield connection
    finally:
        engine.dispose()


@pytest.fixture
def alembic_runner(
    alembic_config: AlembicConfig, alembic_engine: Connection
) -> Iterator[MigrationContext]:
    with runner(config=Config.from_raw_config(alembic_config), engine=alembic_engine) as context:
        yield context
