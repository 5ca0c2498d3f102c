"""Online backups: consistent while another connection writes, whole or absent."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from commdesk.errors import StoreError
from commdesk.store import Store
from commdesk.store.backup import backup_file
from commdesk.store.engine import make_engine, url_for

INSERT_PERSON = text(
    "INSERT INTO people(name, consent, archived, created_at, updated_at) VALUES (:name, 0, 0, 0, 0)"
)
INSERT_EMAIL = text(
    "INSERT INTO person_emails(person_id, email, position) VALUES (:person, :email, 0)"
)


def seed(store: Store, count: int) -> None:
    with store.engine.begin() as connection:
        for i in range(count):
            person = connection.execute(INSERT_PERSON, {"name": f"Seed {i}"}).lastrowid
            connection.execute(INSERT_EMAIL, {"person": person, "email": f"seed{i}@example.org"})


def counts(path: Path) -> tuple[int, int, int]:
    """(people, emails, index rows) of a database file, read directly."""
    with sqlite3.connect(path.as_uri() + "?mode=ro", uri=True) as connection:
        result = connection.execute(
            "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM person_emails), "
            "(SELECT count(*) FROM person_search)"
        ).fetchone()
    connection.close()
    return (int(result[0]), int(result[1]), int(result[2]))


def integrity(path: Path) -> list[tuple[str]]:
    with sqlite3.connect(path.as_uri() + "?mode=ro", uri=True) as connection:
        verdict: list[tuple[str]] = connection.execute("PRAGMA integrity_check").fetchall()
    connection.close()
    return verdict


class Writer(threading.Thread):
    """Adds one person and their email per transaction, through its own connection."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self.engine = make_engine(url_for(db_path))
        self.committed = 0
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.engine.connect() as connection:
                while not self.stop.is_set():
                    with connection.begin():
                        person = connection.execute(
                            INSERT_PERSON, {"name": f"Live {self.committed}"}
                        ).lastrowid
                        connection.execute(
                            INSERT_EMAIL, {"person": person, "email": f"live{person}@example.org"}
                        )
                    self.committed += 1
        except BaseException as exc:  # reported by the test, not lost in the thread
            self.error = exc
        finally:
            self.engine.dispose()


def test_backup_is_consistent_while_another_connection_writes(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    seed(store, 3000)
    base = 3000
    writer = Writer(db_path)
    writer.start()
    backups: list[tuple[Path, int, int]] = []
    try:
        deadline = time.monotonic() + 10
        while writer.committed < 5:  # the writer is really running
            assert writer.is_alive() and time.monotonic() < deadline, writer.error
            time.sleep(0.001)
        # Keep copying until the writer has committed during the copies, several times over.
        while len(backups) < 3 or writer.committed - backups[0][1] < 50:
            assert writer.is_alive() and time.monotonic() < deadline, writer.error or "stalled"
            before = writer.committed
            copy = backup_file(db_path, tmp_path / f"copy-{len(backups)}.sqlite")
            backups.append((copy, before, writer.committed))
    finally:
        writer.stop.set()
        writer.join(timeout=10)
    assert writer.error is None, writer.error
    assert not writer.is_alive()

    for copy, committed_before, committed_after in backups:
        assert integrity(copy) == [("ok",)]
        people, emails, indexed = counts(copy)
        # A snapshot of committed transactions: never half of one, never older than the copy.
        assert people == emails == indexed
        # The writer counts a transaction just after committing it: one may not be counted yet.
        assert base + committed_before <= people <= base + committed_after + 1
    assert not list(tmp_path.glob("*.partial"))


def test_backup_holds_data_still_in_the_wal(store: Store, db_path: Path, tmp_path: Path) -> None:
    seed(store, 10)
    wal = db_path.with_name(db_path.name + "-wal")
    with store.engine.connect() as held:  # an open connection keeps the WAL un-checkpointed
        held.execute(text("SELECT 1"))
        assert wal.exists() and wal.stat().st_size > 0
        copy = backup_file(db_path, tmp_path / "copy.sqlite")
    assert counts(copy) == (10, 10, 10)


def test_backup_into_a_folder_names_the_file(store: Store, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    copy = backup_file(db_path, folder)
    assert copy.parent == folder
    assert copy.name.startswith(db_path.stem + "-") and copy.suffix == ".sqlite"
    assert integrity(copy) == [("ok",)]


def test_refuses_a_missing_destination_folder(store: Store, db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    with pytest.raises(StoreError, match="does not exist") as caught:
        backup_file(db_path, folder / "copy.sqlite")
    assert str(folder) in str(caught.value)
    assert not (tmp_path / "no").exists()


def test_refuses_to_overwrite_the_source(store: Store, db_path: Path) -> None:
    size = db_path.stat().st_size
    with pytest.raises(StoreError, match="cannot overwrite"):
        backup_file(db_path, db_path)
    assert db_path.stat().st_size == size


def test_a_failed_backup_leaves_no_partial_file(tmp_path: Path) -> None:
    source = tmp_path / "notes.sqlite"
    source.write_bytes(b"not a database at all\n" * 500)
    destination = tmp_path / "out" / "copy.sqlite"
    destination.parent.mkdir()
    with pytest.raises(StoreError, match="failed"):
        backup_file(source, destination)
    assert os.listdir(destination.parent) == []


# Runs in a child process whose file-size limit stops the copy part-way, as a full disk would.
COPY_UNDER_A_SIZE_LIMIT = r"""
import resource, signal, sys
from pathlib import Path
from commdesk.errors import StoreError
from commdesk.store.backup import backup_file

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a too-large write then fails with EFBIG
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
try:
    backup_file(Path(sys.argv[1]), Path(sys.argv[2]))
except StoreError as exc:
    print("StoreError:", exc)
else:
    print("no error")
"""


@pytest.mark.skipif(sys.platform == "win32", reason="needs POSIX resource limits")
def test_a_backup_cut_short_leaves_no_partial_file_and_keeps_the_old_one(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    seed(store, 3000)
    store.close()
    assert db_path.stat().st_size > 256 * 1024
    folder = tmp_path / "backups"
    folder.mkdir()
    destination = folder / "copy.sqlite"
    destination.write_bytes(b"yesterday's backup")
    result = subprocess.run(
        [sys.executable, "-c", COPY_UNDER_A_SIZE_LIMIT, str(db_path), str(destination)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("StoreError:"), result.stdout
    assert os.listdir(folder) == ["copy.sqlite"]
    assert destination.read_bytes() == b"yesterday's backup"


@pytest.mark.parametrize("folder_name", ["C# notes", "Q&A? 2026", "100%25 done"])
def test_backup_of_a_database_in_a_folder_with_uri_characters(
    tmp_path: Path, folder_name: str
) -> None:
    folder = tmp_path / "files" / folder_name
    folder.mkdir(parents=True)
    source = folder / "commdesk.sqlite"
    store = Store.open(source)
    seed(store, 25)
    store.close()
    copy = backup_file(source, tmp_path / "copy.sqlite")
    assert counts(copy) == (25, 25, 25)
    assert os.listdir(tmp_path / "files") == [folder_name]  # nothing created beside it
