"""Store.open against real files: creation, PRAGMAs, refusals that leave files untouched, and
the backup-then-migrate path of an old database."""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk import paths
from commdesk.errors import NewerSchemaError, StoreError
from commdesk.services.people import PeopleService
from commdesk.store import Store, database, migrate
from tests import old_databases

PAGE = 4096


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def add_people(store: Store, count: int) -> None:
    with store.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO people(name, consent, archived, created_at, updated_at) "
                "VALUES (:name, 0, 0, 0, 0)"
            ),
            [{"name": f"Person {i} " + "x" * 60} for i in range(count)],
        )


def assert_refused_untouched(path: Path, error: type[StoreError], *, match: str) -> StoreError:
    """Store.open refuses ``path`` with ``error`` and leaves its bytes exactly as they were."""
    before = sha256(path)
    with pytest.raises(error, match=match) as caught:
        Store.open(path)
    assert sha256(path) == before
    return caught.value


# --- a new database ---------------------------------------------------------------------


def test_open_creates_a_new_database_at_head(db_path: Path) -> None:
    assert not db_path.exists()
    store = Store.open(db_path)
    try:
        assert db_path.is_file()
        assert store.path == db_path
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            tables = set(
                connection.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
                .scalars()
                .all()
            )
        assert {"people", "person_emails", "activities", "person_search"} <= tables
    finally:
        store.close()
    # A database that is already at head opens again without a backup.
    Store.open(db_path).close()
    assert not paths.backup_dir().exists() or listing(paths.backup_dir()) == []


def test_open_accepts_an_empty_file_as_new(db_path: Path) -> None:
    db_path.touch()
    store = Store.open(db_path)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
    finally:
        store.close()


def test_pragmas_apply_to_every_connection(store: Store) -> None:
    # Two connections held at once, so the pool cannot hand back the same one.
    with store.engine.connect() as first, store.engine.connect() as second:
        for connection in (first, second):
            settings = {
                name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
            }
            assert settings == {
                "foreign_keys": 1,
                "journal_mode": "wal",
                "synchronous": 1,  # NORMAL
                "busy_timeout": 5000,
            }


def test_foreign_keys_are_enforced(store: Store) -> None:
    with pytest.raises(IntegrityError, match="FOREIGN KEY"), store.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO person_emails(person_id, email, position) VALUES (999, 'a@b.c', 0)")
        )


# --- refusals ---------------------------------------------------------------------------


def test_refuses_a_text_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite"
    path.write_bytes(b"These are my meeting notes, not a database.\n" * 100)
    error = assert_refused_untouched(path, StoreError, match="not an SQLite file")
    assert str(path) in str(error)
    assert listing(tmp_path) == ["data", "notes.sqlite"]


def test_refuses_another_sqlite_database_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT)")
        connection.execute("INSERT INTO recipes(title) VALUES ('bread')")
    connection.close()
    error = assert_refused_untouched(path, StoreError, match="not a CommDesk one")
    assert not isinstance(error, NewerSchemaError)
    assert listing(tmp_path) == ["data", "other.sqlite"]


@pytest.fixture
def damaged_database(db_path: Path) -> Path:
    """A real CommDesk database with a few pages in the middle overwritten with noise."""
    store = Store.open(db_path)
    add_people(store, 3000)
    store.close()  # the last connection checkpoints the WAL into the file and removes it
    assert not db_path.with_name(db_path.name + "-wal").exists()
    data = bytearray(db_path.read_bytes())
    pages = len(data) // PAGE
    assert pages > 50
    noise = random.Random(20261126)
    for page in range(pages // 2 - 2, pages // 2 + 2):
        data[page * PAGE : (page + 1) * PAGE] = noise.randbytes(PAGE)
    db_path.write_bytes(bytes(data))
    return db_path


def test_refuses_a_damaged_database_unchanged(damaged_database: Path) -> None:
    error = assert_refused_untouched(damaged_database, StoreError, match="damaged")
    assert str(damaged_database) in str(error)


def test_refusing_a_damaged_database_leaves_no_files_beside_it(damaged_database: Path) -> None:
    before = listing(damaged_database.parent)
    with pytest.raises(StoreError):
        Store.open(damaged_database)
    assert listing(damaged_database.parent) == before


def test_refuses_a_newer_schema_unchanged(db_path: Path) -> None:
    Store.open(db_path).close()
    with sqlite3.connect(db_path) as connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = listing(db_path.parent)
    error = assert_refused_untouched(db_path, NewerSchemaError, match="9999")
    assert "newer CommDesk" in str(error)
    assert listing(db_path.parent) == before
    with sqlite3.connect(db_path) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchall() == [
            ("9999",)
        ]
    connection.close()


def test_refuses_a_missing_folder(tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    with pytest.raises(StoreError, match="does not exist") as caught:
        Store.open(folder / "commdesk.sqlite")
    assert str(folder) in str(caught.value)
    assert not (tmp_path / "no").exists()


def test_refuses_a_missing_file_when_not_creating(db_path: Path) -> None:
    with pytest.raises(StoreError, match="No database"):
        Store.open(db_path, create=False)
    assert not db_path.exists()


def test_refuses_a_folder_as_the_database(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a folder"):
        Store.open(tmp_path)


@pytest.fixture
def unwritable_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder this process really cannot create files in, even when it runs as root."""
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    chattr = shutil.which("chattr")
    immutable = False
    if os.access(folder, os.W_OK) and chattr:  # root ignores mode bits, not the immutable flag
        immutable = subprocess.run([chattr, "+i", str(folder)], check=False).returncode == 0
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("cannot make a folder unwritable here")
        yield folder
    finally:
        if immutable and chattr:
            subprocess.run([chattr, "-i", str(folder)], check=True)
        folder.chmod(0o755)


def test_refuses_an_unwritable_folder(unwritable_folder: Path) -> None:
    with pytest.raises(StoreError, match="not writable") as caught:
        Store.open(unwritable_folder / "commdesk.sqlite")
    assert str(unwritable_folder) in str(caught.value)
    assert listing(unwritable_folder) == []


# Characters that mean something in an SQLite URI ("file:...?mode=ro") but are ordinary in
# folder names people choose.
URI_SPECIAL_FOLDERS = ["C# notes", "Q&A? 2026", "100%25 done"]


@pytest.mark.parametrize("folder_name", URI_SPECIAL_FOLDERS)
def test_reopens_a_database_in_a_folder_with_uri_characters(
    tmp_path: Path, folder_name: str
) -> None:
    folder = tmp_path / "files" / folder_name
    folder.mkdir(parents=True)
    path = folder / "commdesk.sqlite"
    store = Store.open(path)
    add_people(store, 3)
    store.close()
    store = Store.open(path)  # the checks of an existing file read it through a URI
    try:
        with store.engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM people")).scalar() == 3
    finally:
        store.close()
    assert listing(tmp_path / "files") == [folder_name]  # nothing created beside the folder


@pytest.mark.parametrize("folder_name", URI_SPECIAL_FOLDERS)
def test_refuses_a_damaged_database_in_a_folder_with_uri_characters(
    tmp_path: Path, damaged_database: Path, folder_name: str
) -> None:
    folder = tmp_path / "files" / folder_name
    folder.mkdir(parents=True)
    path = damaged_database.rename(folder / "commdesk.sqlite")
    assert_refused_untouched(path, StoreError, match="damaged")


# --- migrating an old database ----------------------------------------------------------


@pytest.fixture
def database_at_0001(db_path: Path) -> Path:
    """A database made by the first schema, holding one person with an email and employer."""
    return old_databases.database_at_0001(db_path)


def test_open_backs_up_then_migrates_an_old_database(database_at_0001: Path) -> None:
    store = Store.open(database_at_0001)
    try:
        with store.engine.connect() as connection:
            assert migrate.current_revision(connection) == migrate.head_revision()
            assert connection.execute(text("SELECT count(*) FROM people")).scalar() == 1

        backups = list(paths.backup_dir().iterdir())
        assert len(backups) == 1
        backup = backups[0]
        assert backup.name.startswith(f"{database_at_0001.stem}-before-migration-0001-")
        assert backup.suffix == ".sqlite"
        with sqlite3.connect(backup.as_uri() + "?mode=ro", uri=True) as copy:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [("0001",)]
            assert copy.execute("SELECT count(*) FROM people").fetchone() == (1,)
            assert copy.execute("SELECT count(*) FROM person_emails").fetchone() == (1,)
        copy.close()

        # Migration 0002 indexed the rows that were already there.
        people = PeopleService(store)
        assert people.search("Lovelace") == [(7, "Ada Lovelace")]
        assert people.search("engines.example") == [(7, "Ada Lovelace")]
        assert people.search("Analytical") == [(7, "Ada Lovelace")]
    finally:
        store.close()


def test_open_tells_progress_of_the_backup_then_the_migration(
    database_at_0001: Path, db_path: Path
) -> None:
    told: list[str] = []
    Store.open(database_at_0001, progress=told.append).close()
    name = database_at_0001.name
    assert told == [
        f"Backing up {name} before updating it…",
        f"Updating {name} for this version of CommDesk…",
    ]
    told.clear()
    Store.open(database_at_0001, progress=told.append).close()  # up to date: nothing long
    Store.open(db_path.with_name("new.sqlite"), progress=told.append).close()  # new: quick
    assert told == []


def test_open_of_a_current_database_makes_no_backup(database_at_0001: Path) -> None:
    Store.open(database_at_0001).close()
    Store.open(database_at_0001).close()
    assert len(list(paths.backup_dir().iterdir())) == 1


@pytest.mark.parametrize("folder_name", URI_SPECIAL_FOLDERS)
def test_backup_before_migration_in_a_folder_with_uri_characters(
    tmp_path: Path, database_at_0001: Path, folder_name: str
) -> None:
    folder = tmp_path / "files" / folder_name
    folder.mkdir(parents=True)
    path = database_at_0001.rename(folder / "commdesk.sqlite")
    Store.open(path).close()
    (backup,) = paths.backup_dir().iterdir()
    with sqlite3.connect(backup.as_uri() + "?mode=ro", uri=True) as copy:
        assert copy.execute("SELECT count(*) FROM people").fetchone() == (1,)
    copy.close()
    assert listing(tmp_path / "files") == [folder_name]


def test_a_big_file_opens_after_a_light_check_and_its_pages_are_checked_later(
    damaged_database: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above QUICK_CHECK_LIMIT (here: every file) opening reads only the schema; the damage in
    the middle is found by verify_pages, which the window runs in the background."""
    monkeypatch.setattr(database, "QUICK_CHECK_LIMIT", 0)
    store = Store.open(damaged_database, create=False)
    try:
        assert store.unchecked
        problem = store.verify_pages()
        assert problem is not None and "damaged" in problem and str(damaged_database) in problem
        assert store.unchecked  # still not known to be good
    finally:
        store.close()


def test_a_big_good_file_passes_its_later_check_and_gets_its_daily_backup(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(db_path)
    add_people(store, 50)
    store.close()
    monkeypatch.setattr(database, "QUICK_CHECK_LIMIT", 0)
    store = Store.open(db_path, daily_backup=True)
    try:
        assert store.unchecked and store.backup_due
        assert not list(paths.backup_dir().glob("*.sqlite"))  # not on the way in
        assert store.verify_pages() is None
        assert not store.unchecked
        copy = store.take_daily_backup()
        assert copy is not None and copy.exists() and not store.backup_due
        assert store.take_daily_backup() is None  # once a day
    finally:
        store.close()
