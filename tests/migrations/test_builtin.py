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


def test_revisions_read_from_the_scripts_agree_with_alembic() -> None:
    """Opening a database reads revisions without Alembic (migrate.revisions); Alembic's own
    reading of the same scripts must give the same chain and head."""
    from alembic.script import ScriptDirectory

    from commdesk.store import migrate

    scripts = ScriptDirectory.from_config(migrate.alembic_config())
    alembic_chain = {rev.revision: rev.down_revision for rev in scripts.walk_revisions()}
    assert migrate.revisions() == alembic_chain
    assert migrate.head_revision() == scripts.get_current_head()
