"""Shared fixtures: every test gets its own data folder and real SQLite files in tmp_path."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Headless Qt for every test that shows a widget; set before anything imports Qt.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from commdesk.store import Store


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep every test away from the user's real data, backups and logs."""
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("COMMDESK_DATA_DIR", str(folder))
    monkeypatch.setenv("COMMDESK_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("COMMDESK_DB", raising=False)
    return folder


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "commdesk.sqlite"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One freshly migrated database per session; tests start from copies of it."""
    template = tmp_path_factory.mktemp("template") / "template.sqlite"
    Store.open(template).close()
    return template


@pytest.fixture
def store(db_path: Path, migrated_template: Path) -> Iterator[Store]:
    shutil.copyfile(migrated_template, db_path)
    opened = Store.open(db_path)
    yield opened
    opened.close()
