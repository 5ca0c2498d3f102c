"""A full disk while saving: the save fails whole, everything saved before is still there,
and once there is room again the app saves as before.

On a real, tiny file system (a 2 MB tmpfs, mounted when the tests run as root), and with
SQLite's ``max_page_count`` as the stand-in everywhere else.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import Store
from commdesk.store.engine import is_disk_full

NOTES = "x" * 20_000  # each person takes several pages


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "tiny"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill_until_full(people: PeopleService) -> list[int]:
    saved: list[int] = []
    for n in range(1000):
        try:
            saved.append(people.create(PersonDraft(name=f"Person {n}", notes=NOTES)))
        except OperationalError as exc:
            assert is_disk_full(exc), exc
            return saved
    raise AssertionError("the disk never filled up")


def everything_saved_is_there(store: Store, saved: list[int]) -> None:
    people = PeopleService(store)
    assert people.count() == len(saved)
    for person in saved:
        assert people.get(person).notes == NOTES
    assert store.path is not None
    connection = sqlite3.connect(store.path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


def test_a_full_file_system_fails_the_save_and_loses_nothing(tiny_disk: Path) -> None:
    ballast = tiny_disk / "ballast"
    ballast.write_bytes(b"\0" * 400_000)  # room to free later
    store = Store.open(tiny_disk / "commdesk.sqlite")
    try:
        people = PeopleService(store)
        saved = fill_until_full(people)
        assert len(saved) > 5
        everything_saved_is_there(store, saved)  # the app keeps reading
        ballast.unlink()  # the person makes room
        saved.append(people.create(PersonDraft(name="After", notes=NOTES)))
        everything_saved_is_there(store, saved)
    finally:
        store.close()
    reopened = Store.open(tiny_disk / "commdesk.sqlite")
    try:
        everything_saved_is_there(reopened, saved)
    finally:
        reopened.close()


def test_a_page_limit_stands_in_for_a_full_disk(store: Store) -> None:
    limit = {"pages": 0}

    @event.listens_for(store.engine, "connect")
    def _limit(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        if limit["pages"]:
            # A PRAGMA takes no bound parameters; the value is an int we computed.
            dbapi_connection.execute("PRAGMA max_page_count = " + str(int(limit["pages"])))

    with store.engine.connect() as connection:
        pages = connection.exec_driver_sql("PRAGMA page_count").scalar()
    assert isinstance(pages, int)
    limit["pages"] = pages + 40
    store.engine.dispose()  # new connections get the limit
    people = PeopleService(store)
    saved = fill_until_full(people)
    everything_saved_is_there(store, saved)
    limit["pages"] = 0
    store.engine.dispose()
    saved.append(people.create(PersonDraft(name="After", notes=NOTES)))
    everything_saved_is_there(store, saved)


def test_other_write_failures_are_not_taken_for_a_full_disk(store: Store) -> None:
    assert store.path is not None
    connection = sqlite3.connect(store.path)
    try:
        connection.execute("PRAGMA query_only = ON")
        with pytest.raises(sqlite3.OperationalError) as refused:
            connection.execute("INSERT INTO tags (name) VALUES ('x')")
        with pytest.raises(sqlite3.OperationalError) as unknown:
            connection.execute("SELECT * FROM no_such_table")
    finally:
        connection.close()
    assert not is_disk_full(refused.value) and not is_disk_full(unknown.value)
    assert not is_disk_full(OSError(13, "Permission denied"))
    assert is_disk_full(OSError(28, "No space left on device"))
