"""commdesk backups / restore / person export / person erase, and a damaged file's hint."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from commdesk.cli import main
from commdesk.services import backups
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store, backup_set


@pytest.fixture(autouse=True)
def _close_log_handlers() -> Iterator[None]:
    logger = logging.getLogger("commdesk")
    before = list(logger.handlers)
    yield
    for handler in logger.handlers:
        if handler not in before:
            logger.removeHandler(handler)
            handler.close()


@pytest.fixture
def database(db_path: Path) -> Path:
    store = Store.open(db_path)
    people = PeopleService(store)
    for n in range(4):
        people.create(PersonDraft(name=f"Person {n}", emails=(f"p{n}@example.org",)))
    store.close()
    return db_path


def test_backups_lists_with_counts_and_restore_brings_one_back(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = backup_set.take(database, "before-import")
    store = Store.open(database)
    PeopleService(store).create(PersonDraft(name="Added later"))
    store.close()

    assert main(["--db", str(database), "backups"]) == 0
    out = capsys.readouterr().out
    assert backup.name in out and "4 people" in out and "before import" in out

    assert main(["--db", str(database), "restore", backup.name]) == 0
    out = capsys.readouterr().out
    assert "Restored" in out and "4 people" in out and "-before-restore-" in out
    store = Store.open(database)
    assert PeopleService(store).count() == 4
    store.close()


def test_person_export_writes_json(database: Path, tmp_path: Path) -> None:
    target = tmp_path / "person.json"
    assert main(["--db", str(database), "person", "export", "1", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["emails"][0]["email"] == "p0@example.org"


def test_person_erase_asks_first(
    database: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("no\n"))
    assert main(["--db", str(database), "person", "erase", "2"]) == 1
    assert "Nothing was erased" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("erase\n"))
    assert main(["--db", str(database), "person", "erase", "2", "--keep-aggregates"]) == 0
    assert "Erased person 2" in capsys.readouterr().out
    assert main(["--db", str(database), "person", "erase", "3", "--yes"]) == 0
    store = Store.open(database)
    people = PeopleService(store)
    assert people.get(2).name == "Erased person"
    assert people.count(include_archived=True) == 3
    store.close()


def test_a_damaged_database_names_the_backup_to_restore(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(database)
    people = PeopleService(store)
    for n in range(300):
        people.create(PersonDraft(name=f"Filler {n}"))
    store.close()
    good = backup_set.take(database, "daily")
    with database.open("r+b") as handle:
        handle.seek(database.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    assert main(["--db", str(database), "info"]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err and good.name in err and "restore" in err
    assert backups.newest_good_backup(database) is not None


def test_archive_lists_and_brings_back_a_deleted_person(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = Store.open(database)
    PeopleService(store).delete([1])
    store.close()
    assert main(["--db", str(database), "archive"]) == 0
    line = capsys.readouterr().out.strip()
    entry, _when, table, count, label = line.split("\t")
    assert (table, count, label) == ("people", "1", "Person 0")
    assert main(["--db", str(database), "archive", "--bring-back", entry]) == 0
    store = Store.open(database)
    assert PeopleService(store).get(1).name == "Person 0"
    store.close()
    assert main(["--db", str(database), "archive"]) == 0
    assert "empty" in capsys.readouterr().out


HOLD = r"""
import sys
from commdesk.store import Store
store = Store.open(sys.argv[1], exclusive=True)
print("locked", flush=True)
sys.stdin.readline()
store.close()
"""


def test_erase_and_restore_are_refused_while_a_window_has_the_file(
    database: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import subprocess
    import sys

    backup = backup_set.take(database, "daily")
    with subprocess.Popen(
        [sys.executable, "-c", HOLD, str(database)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as window:
        assert window.stdout is not None and window.stdout.readline().strip() == "locked"
        assert main(["--db", str(database), "person", "erase", "1", "--yes"]) == 2
        assert main(["--db", str(database), "restore", str(backup)]) == 2
        assert window.stdin is not None
        window.stdin.write("\n")
        window.stdin.flush()
        window.wait(timeout=30)
    err = capsys.readouterr().err
    assert err.count(f"already open in another CommDesk (process {window.pid}") == 2
    store = Store.open(database)
    assert PeopleService(store).get(1).name == "Person 0"  # nothing erased
    store.close()
