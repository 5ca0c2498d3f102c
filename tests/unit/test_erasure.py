"""Erasing a person: gone from the rows, the search index, the file's bytes, the WAL and the
log; recorded without personal data; applied again when an older backup comes back."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, text

from commdesk import logs
from commdesk.domain import Base, Erasure
from commdesk.errors import NotFoundError
from commdesk.services import backups, erasure
from commdesk.services.activity import ActivityDraft, ActivityService
from commdesk.services.people import PeopleService
from commdesk.services.records import IdentityDraft, PersonDraft
from commdesk.store import Store
from commdesk.store.backup import backup_file

NAME = "Zebulon Quixotic-Marchbanks"
EMAIL = "zebulon.q.marchbanks@example.org"
HANDLE = "zqmarchbanks"


def make_person(store: Store, *, name: str = NAME, email: str = EMAIL, handle: str = HANDLE) -> int:
    people = PeopleService(store)
    person = people.create(
        PersonDraft(
            name=name,
            emails=(email,),
            phone="+44 20 7946 0999",
            notes="Met at FOSDEM; prefers Signal",
            roles=("customer",),
            identities=(IdentityDraft("github", handle),),
            tags=("vip",),
        )
    )
    activity = ActivityService(store)
    for day in range(1, 6):
        activity.log(
            ActivityDraft(
                person_id=person,
                occurred_at=datetime(2026, 3, day, tzinfo=UTC),
                platform="github",
                kind="comment",
                title=f"Comment by {name}",
                url=f"https://github.com/{handle}/{day}",
            )
        )
    return person


def filler(store: Store, count: int = 50) -> None:
    people = PeopleService(store)
    for n in range(count):
        people.create(PersonDraft(name=f"Other Person {n}", emails=(f"other{n}@example.org",)))


def raw_bytes(db_path: Path) -> bytes:
    data = b""
    for suffix in ("", "-wal"):
        part = Path(f"{db_path}{suffix}")
        if part.exists():
            data += part.read_bytes()
    return data


def test_the_links_to_a_person_are_all_handled() -> None:
    links = {
        (table.name, fk.parent.name)
        for table in Base.metadata.sorted_tables
        for fk in table.foreign_keys
        if fk.column.table.name == "people"
    }
    assert links == set(erasure.HANDLED), "a new link to people: decide what an erasure does"


@pytest.mark.parametrize("keep", [True, False])
def test_erasure_leaves_no_trace_in_the_file_wal_index_or_log(
    store: Store, db_path: Path, tmp_path: Path, keep: bool
) -> None:
    logs.configure(logging.DEBUG)
    filler(store)
    person = make_person(store)
    filler(store, 10)
    assert NAME.encode() in raw_bytes(db_path)

    report = erasure.erase(store, person, keep_aggregates=keep)

    data = raw_bytes(db_path)
    for secret in (NAME, EMAIL, HANDLE, "Signal", "7946"):
        assert secret.encode() not in data, secret
        assert secret.casefold().encode() not in data, secret
    assert not PeopleService(store).search("Zebulon")
    with store.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        activities = connection.execute(
            text("SELECT count(*), count(title), count(url) FROM activities WHERE person_id = :p"),
            {"p": person},
        ).one()
        recorded = connection.execute(select(Erasure)).all()
    if keep:
        assert tuple(activities) == (5, 0, 0)  # the charts keep counting them, anonymously
        assert report.activities_kept == 5
        assert PeopleService(store).get(person).name == erasure.ERASED_NAME
    else:
        assert tuple(activities) == (0, 0, 0)
        assert report.activities_removed == 5
        with pytest.raises(NotFoundError):
            PeopleService(store).get(person)
    assert len(recorded) == 1
    log_text = "".join(p.read_text() for p in (tmp_path / "logs").glob("*.log*"))
    assert f"erased person {person}" in log_text
    for secret in (NAME, EMAIL, HANDLE):
        assert secret not in log_text
    # The record holds no personal data, nor anything to test a guessed email against: the
    # person's id and the second their row was created.
    row = recorded[0]._mapping
    assert all(secret not in str(value) for value in row.values() for secret in (NAME, EMAIL))
    assert row["salt"] == "" and row["fingerprints"] == ""
    assert row["person_id"] == person and row["person_created_at"] > 0


def test_erasing_someone_unknown_is_refused(store: Store) -> None:
    with pytest.raises(NotFoundError, match="id 999"):
        erasure.erase(store, 999)


def test_restoring_an_older_backup_applies_the_erasure_again(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    filler(store, 5)
    person = make_person(store)
    other = make_person(store, name="Keep Me Around", email="keep@example.org", handle="keeper")
    store.close()
    before = tmp_path / "before.sqlite"
    backup_file(db_path, before)
    reopened = Store.open(db_path)
    erasure.erase(reopened, person)
    reopened.close()

    result = backups.restore(db_path, before)

    assert result.erasures_applied == 1
    restored = Store.open(db_path)
    try:
        people = PeopleService(restored)
        assert people.get(person).name == erasure.ERASED_NAME
        assert people.get(other).name == "Keep Me Around"
        assert len(erasure.records(restored)) == 1
    finally:
        restored.close()
    assert NAME.encode() not in raw_bytes(db_path)


def test_a_record_made_before_creation_times_were_kept_is_still_honoured(
    store: Store, db_path: Path, tmp_path: Path
) -> None:
    person = make_person(store)
    store.close()
    before = tmp_path / "before.sqlite"
    backup_file(db_path, before)
    reopened = Store.open(db_path)
    erasure.erase(reopened, person)
    # Rewrite the record the way erasures were recorded before migration 0010.
    salt = "00" * 16
    prints = " ".join(sorted(erasure.fingerprint(salt, v) for v in (f"email:{EMAIL}",)))
    with reopened.session() as session:
        session.execute(
            text(
                "UPDATE erasures SET salt = :salt, fingerprints = :prints, person_created_at = NULL"
            ),
            {"salt": salt, "prints": prints},
        )
    reopened.close()

    result = backups.restore(db_path, before)

    assert result.erasures_applied == 1
    assert NAME.encode() not in raw_bytes(db_path)


def test_a_deleted_persons_id_is_never_given_to_someone_new(store: Store) -> None:
    people = PeopleService(store)
    first = make_person(store)
    people.delete([first])
    second = make_person(store, name="Someone Else", email="else@example.org", handle="else")
    assert second > first
