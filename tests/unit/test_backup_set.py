"""Automatic backups: daily on open, before bulk changes, rotated; listed; restored."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from commdesk import paths
from commdesk.errors import StoreError
from commdesk.services import backups
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.store import DamagedDatabaseError, Store, backup_set


def add_people(store: Store, count: int, prefix: str = "Person") -> None:
    people = PeopleService(store)
    for n in range(count):
        people.create(PersonDraft(name=f"{prefix} {n}"))


def fake_backup(folder: Path, stem: str, reason: str | None, made: datetime) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    middle = f"{reason}-" if reason else ""
    path = folder / f"{stem}-{middle}{made.strftime(backup_set.STAMP)}.sqlite"
    path.write_bytes(b"x")
    return path


def test_rotation_keeps_7_daily_4_weekly_6_monthly_and_every_manual_backup(
    tmp_path: Path,
) -> None:
    folder = paths.backup_dir()
    start = datetime(2026, 11, 26, 12, tzinfo=UTC)
    made = [start - timedelta(hours=12 * n) for n in range(2 * 400)]  # two a day for 400 days
    for moment in made:
        fake_backup(folder, "commdesk", "daily", moment)
    manual = fake_backup(folder, "commdesk", None, start - timedelta(days=900))
    other = fake_backup(folder, "other", "daily", start - timedelta(days=900))

    backup_set.rotate(tmp_path / "commdesk.sqlite")

    left = backup_set.backups_of(tmp_path / "commdesk.sqlite")
    automatic = [b for b in left if b.automatic]
    days = {b.made.date() for b in automatic}
    months = {(b.made.year, b.made.month) for b in automatic}
    assert len(automatic) <= backup_set.KEEP_NEWEST + 7 + 4 + 6
    assert automatic[0].made == start  # the newest always stays
    # The last 7 days each keep one; the oldest kept reaches back about 6 months.
    assert {(start - timedelta(days=d)).date() for d in range(7)} <= days
    assert len(months) >= 6
    assert min(b.made for b in automatic) == datetime(2026, 6, 30, 12, tzinfo=UTC)  # June's newest
    assert manual.exists() and other.exists()  # made by hand, or of another database


def test_a_daily_backup_on_open_at_most_once_a_day(db_path: Path) -> None:
    store = Store.open(db_path)
    add_people(store, 3)
    store.close()
    Store.open(db_path, daily_backup=True).close()
    Store.open(db_path, daily_backup=True).close()
    made = backup_set.backups_of(db_path)
    assert [b.reason for b in made] == ["daily"]
    assert backups.describe(made[0]).counts["people"] == 3
    # A day later, another.
    later = datetime.now(UTC) + timedelta(hours=25)
    assert backup_set.daily_due(db_path, now=later)


def test_backup_before_a_bulk_change_only_when_it_is_bulk(store: Store) -> None:
    add_people(store, 2)
    assert backups.backup_before(store, "bulk delete", rows=3) is None
    copy = backups.backup_before(store, "bulk delete", rows=500)
    assert copy is not None and "-before-bulk-delete-" in copy.name
    (info,) = backups.list_backups(store.path)  # type: ignore[arg-type]
    assert info.reason == "before-bulk-delete" and info.counts["people"] == 2
    assert info.usable and info.schema is not None


def test_listing_marks_a_damaged_backup(store: Store) -> None:
    add_people(store, 2)
    copy = backups.backup_before(store, "import")
    assert copy is not None
    copy.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    (info,) = backups.list_backups(store.path)  # type: ignore[arg-type]
    assert not info.usable and info.problem
    assert backups.newest_good_backup(store.path) is None  # type: ignore[arg-type]


def test_restore_backs_up_the_current_file_first_and_restores_exact_counts(
    db_path: Path,
) -> None:
    store = Store.open(db_path)
    add_people(store, 20)
    copy = backups.backup_before(store, "import")
    add_people(store, 7, "Later")
    store.close()
    assert copy is not None

    result = backups.restore(db_path, copy)

    assert result.counts["people"] == 20
    assert result.previous_copy is not None and "-before-restore-" in result.previous_copy.name
    with sqlite3.connect(result.previous_copy) as saved:
        assert saved.execute("SELECT count(*) FROM people").fetchone() == (27,)
    saved.close()
    reopened = Store.open(db_path)
    assert PeopleService(reopened).count() == 20
    reopened.close()


def test_a_damaged_backup_is_not_restored_and_the_file_is_untouched(db_path: Path) -> None:
    store = Store.open(db_path)
    add_people(store, 300)
    copy = backups.backup_before(store, "import")
    store.close()
    assert copy is not None
    with copy.open("r+b") as handle:
        handle.seek(copy.stat().st_size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    before = db_path.read_bytes()
    with pytest.raises(StoreError, match="cannot be restored"):
        backups.restore(db_path, copy)
    assert db_path.read_bytes() == before


def test_a_damaged_database_is_detected_never_overwritten_and_can_be_restored(
    db_path: Path,
) -> None:
    store = Store.open(db_path)
    add_people(store, 300)
    store.close()
    good = backup_set.take(db_path, "daily")
    size = db_path.stat().st_size
    with db_path.open("r+b") as handle:  # overwrite a stretch of pages in the middle
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)
    damaged = db_path.read_bytes()
    mtime = os.stat(db_path).st_mtime_ns
    beside = sorted(p.name for p in db_path.parent.iterdir())

    with pytest.raises(DamagedDatabaseError, match="damaged"):
        Store.open(db_path, exclusive=True, daily_backup=True)
    assert db_path.read_bytes() == damaged and os.stat(db_path).st_mtime_ns == mtime
    assert sorted(p.name for p in db_path.parent.iterdir()) == beside  # not even a lock

    newest = backups.newest_good_backup(db_path)
    assert newest is not None and newest.path == good
    result = backups.restore(db_path, newest.path)
    assert result.counts["people"] == 300
    assert result.previous_copy is not None
    assert result.previous_copy.read_bytes() == damaged  # kept aside, byte for byte


def test_a_bulk_delete_of_many_people_is_backed_up_first(store: Store) -> None:
    from commdesk.services.people_bulk import PeopleBulkService

    add_people(store, 60)
    bulk = PeopleBulkService(store)
    bulk.delete([1, 2])  # small: the undo stack is enough
    assert backup_set.backups_of(store.path) == []  # type: ignore[arg-type]
    bulk.delete(list(range(3, 61)))
    (made,) = backup_set.backups_of(store.path)  # type: ignore[arg-type]
    assert made.reason == "before-bulk-delete"
    assert backups.describe(made).counts["people"] == 58  # as it was just before
