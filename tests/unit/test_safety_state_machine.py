"""Random sequences of create / edit / delete / erase / import / export / undo against a real
database file, compared after every step with a plain in-memory model."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    precondition,
    rule,
)
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from commdesk.services import archive, erasure, personal_data
from commdesk.services.people import PeopleService
from commdesk.services.records import PersonDraft
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store
from commdesk.store import search as fts

_TEMPLATE: list[Path] = []

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyzAEIOU -'", min_size=1, max_size=20).filter(
    lambda s: s.strip() != ""
)


def template() -> Path:
    if not _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="commdesk-state-")) / "template.sqlite"
        Store.open(path).close()
        _TEMPLATE.append(path)
    return _TEMPLATE[0]


class PeopleLifecycle(RuleBasedStateMachine):
    people = Bundle("people")

    def __init__(self) -> None:
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="commdesk-state-"))
        path = self.folder / "db.sqlite"
        shutil.copyfile(template(), path)
        self.store = Store.open(path)
        self.service = PeopleService(self.store)
        # The model: id -> (name, emails); erased ids (kept as "Erased person" or gone).
        self.model: dict[int, tuple[str, tuple[str, ...]]] = {}
        self.erased_kept: set[int] = set()
        self.undo: list[tuple[Snapshot, dict[int, tuple[str, tuple[str, ...]]]]] = []
        self.serial = 0
        self.archived_for_good = 0  # deletes whose undo was refused

    def teardown(self) -> None:
        self.store.close()
        shutil.rmtree(self.folder, ignore_errors=True)

    def _email(self) -> str:
        self.serial += 1
        return f"person{self.serial}@example.org"

    @rule(target=people, name=names)
    def create(self, name: str) -> int:
        email = self._email()
        person = self.service.create(PersonDraft(name=name, emails=(email,)))
        self.model[person] = (name.strip(), (email,))
        return person

    @rule(count=st.integers(min_value=1, max_value=5))
    def import_batch(self, count: int) -> None:
        """Like an importer: many people in one transaction, search triggers off."""
        rows = []
        with self.store.engine.begin() as connection, fts.bulk_load(connection):
            for n in range(count):
                name = f"Imported {self.serial} {n}"
                email = self._email()
                person = connection.execute(
                    text(
                        "INSERT INTO people(name, consent, archived, created_at, updated_at) "
                        "VALUES (:name, 0, 0, 0, 0)"
                    ),
                    {"name": name},
                ).lastrowid
                connection.execute(
                    text(
                        "INSERT INTO person_emails(person_id, email, position) VALUES (:p, :e, 0)"
                    ),
                    {"p": person, "e": email},
                )
                rows.append((int(person), name, email))
        for person, name, email in rows:
            self.model[person] = (name, (email,))

    @rule(person=people, name=names)
    def edit(self, person: int, name: str) -> None:
        if person not in self.model:
            return
        _old, emails = self.model[person]
        self.service.update(person, PersonDraft(name=name, emails=emails))
        self.model[person] = (name.strip(), emails)

    @rule(person=consumes(people))
    def delete(self, person: int) -> None:
        if person not in self.model:
            return
        snapshot = self.service.delete([person])
        self.undo.append((snapshot, {person: self.model.pop(person)}))

    @precondition(lambda self: bool(self.undo))
    @rule()
    def undo_delete(self) -> None:
        snapshot, rows = self.undo.pop()
        try:
            self.service.restore(snapshot)
        except IntegrityError:
            # The id was given to someone created since (SQLite reuses the highest id):
            # the undo is refused whole, the person stays deleted and archived.
            self.archived_for_good += 1
            return
        self.model.update(rows)

    @rule(person=consumes(people), keep=st.booleans())
    def erase(self, person: int, keep: bool) -> None:
        if person not in self.model:
            return
        erasure.erase(self.store, person, keep_aggregates=keep)
        del self.model[person]
        if keep:
            self.erased_kept.add(person)

    @rule(person=people)
    def export(self, person: int) -> None:
        if person not in self.model:
            return
        data = personal_data.collect(self.store, person)
        name, emails = self.model[person]
        assert data["person"]["name"] == name
        assert tuple(e["email"] for e in data["emails"]) == emails

    @invariant()
    def database_matches_the_model(self) -> None:
        with self.store.engine.connect() as connection:
            rows = connection.execute(text("SELECT id, name FROM people")).all()
            emails = connection.execute(text("SELECT person_id, email FROM person_emails")).all()
            indexed = connection.execute(text("SELECT count(*) FROM person_search")).scalar()
        actual = {pid: name for pid, name in rows}
        expected = {pid: name for pid, (name, _emails) in self.model.items()}
        expected.update({pid: erasure.ERASED_NAME for pid in self.erased_kept})
        assert actual == expected
        by_person: dict[int, list[str]] = {}
        for pid, email in emails:
            by_person.setdefault(pid, []).append(email)
        assert by_person == {pid: list(e) for pid, (_n, e) in self.model.items()}
        assert indexed == len(actual)

    @invariant()
    def the_archive_holds_exactly_the_deletes_not_undone(self) -> None:
        assert len(archive.entries(self.store)) == len(self.undo) + self.archived_for_good

    @invariant()
    def the_file_is_whole(self) -> None:
        path = self.store.path
        assert path is not None
        connection = sqlite3.connect(path)
        try:
            assert connection.execute("PRAGMA quick_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            connection.close()


PeopleLifecycle.TestCase.settings = settings(
    max_examples=12,
    stateful_step_count=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestPeopleLifecycle = PeopleLifecycle.TestCase
