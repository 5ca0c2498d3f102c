"""pytest-alembic's four built-in checks, run on every test run without ``--test-alembic``.

They are called from plain test functions instead of being inserted by the plugin's
collector, which binds them to a single file and is incompatible with pytest 9.
"""

from __future__ import annotations

from pytest_alembic import tests as builtin
from pytest_alembic.runner import MigrationContext


def test_single_head_revision(alembic_runner: MigrationContext) -> None:
    builtin.test_single_head_revision(alembic_runner)


def test_upgrade(alembic_runner: MigrationContext) -> None:
    builtin.test_upgrade(alembic_runner)


def test_model_definitions_match_ddl(alembic_runner: MigrationContext) -> None:
    builtin.test_model_definitions_match_ddl(alembic_runner)


def test_up_down_consistency(alembic_runner: MigrationContext) -> None:
    builtin.test_up_down_consistency(alembic_runner)
