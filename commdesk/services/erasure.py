"""Erasing a person: their personal data goes, for good, and the erasure is remembered.

Two choices. **Keep aggregates**: the person's row stays as an anonymous "Erased person"
(so activity counts, active members and charts stay true), with every personal field,
email, identity, tag and role removed and their activities stripped of titles, links and
platform ids. **Remove everything**: the person and all their activity are deleted. Either
way references to them (owners of plans, plan items, communities) are cleared, and archived
copies of them are dropped.

The ``erasures`` table records the person's id and the second their row was created — no
personal data, and nothing to test guesses against — so restoring an older backup applies
the erasure again to that row if it is back with personal data. (Records made before
migration 0010 hold salted SHA-256 hashes of the emails, handles and name instead; they are
still honoured.) Afterwards the search index is optimised and the WAL truncated; with
``secure_delete`` on every connection, the erased values are then gone from the bytes of
the database file and its WAL.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, text, update

from commdesk.domain import (
    Activity,
    ArchiveEntry,
    Community,
    Erasure,
    Identity,
    MergeCandidate,
    Person,
    PersonDecay,
    PersonEmail,
    PersonRole,
    PersonScore,
    Plan,
    PlanItem,
    person_tags,
)
from commdesk.errors import NotFoundError
from commdesk.store import Store
from commdesk.store import restore as restore_files

log = logging.getLogger(__name__)

ERASED_NAME = "Erased person"

# Every (table, column) that refers to a person, and what an erasure does with it; a test
# compares this with the schema's foreign keys, so a new link cannot be forgotten.
HANDLED = {
    ("person_emails", "person_id"): "deleted",
    ("identities", "person_id"): "deleted",
    ("person_roles", "person_id"): "deleted",
    ("person_tags", "person_id"): "deleted",
    ("memberships", "person_id"): "kept with aggregates, else deleted",
    ("activities", "person_id"): "kept without title, link or id with aggregates, else deleted",
    ("communities", "owner_id"): "cleared",
    ("plans", "owner_id"): "cleared",
    ("plan_items", "owner_id"): "cleared",
    ("merge_candidates", "person_id"): "deleted",
    ("merge_candidates", "other_person_id"): "deleted",
    # Derived from the activity; recomputed from what is kept, as anyone else's would be.
    ("person_scores", "person_id"): "deleted",
    ("person_decay", "person_id"): "deleted",
}


@dataclass(frozen=True)
class ErasureRecord:
    """A row of ``erasures``: plain data, safe to carry from one file to another."""

    person_id: int
    erased_at: datetime
    kept_aggregates: bool
    salt: str  # "" for records made from migration 0010 on
    fingerprints: frozenset[str]
    person_created_at: int | None = None  # epoch seconds; None for records made before 0010

    @property
    def key(self) -> tuple[int, datetime, str]:
        return (self.person_id, self.erased_at, self.salt)


@dataclass(frozen=True)
class ErasureReport:
    person_id: int
    kept_aggregates: bool
    activities_kept: int
    activities_removed: int


def fingerprint(salt: str, value: str) -> str:
    return hashlib.sha256((salt + "\x00" + value.strip().casefold()).encode()).hexdigest()


def _identifying_values(connection: Connection, person_id: int) -> list[str]:
    name = connection.execute(select(Person.name).where(Person.id == person_id)).scalar()
    emails = connection.execute(
        select(PersonEmail.email).where(PersonEmail.person_id == person_id)
    ).scalars()
    handles = connection.execute(
        select(Identity.platform, Identity.handle).where(Identity.person_id == person_id)
    ).all()
    values = [f"email:{e}" for e in emails] + [f"{p}:{h}" for p, h in handles]
    if name and name != ERASED_NAME:
        values.append(f"name:{name}")
    return values


def erase(store: Store, person_id: int, *, keep_aggregates: bool = True) -> ErasureReport:
    """Erase a person (see the module docstring), record it, and scrub the file."""
    with store.session() as session:
        connection = session.connection()
        if connection.execute(select(Person.id).where(Person.id == person_id)).scalar() is None:
            raise NotFoundError(f"No person with id {person_id}.")
        connection.execute(
            insert(Erasure).values(
                person_id=person_id,
                erased_at=datetime.now(UTC).replace(microsecond=0),
                kept_aggregates=keep_aggregates,
                salt="",
                fingerprints="",
                person_created_at=_created_at(connection, person_id),
            )
        )
        report = _erase_rows(connection, person_id, keep_aggregates=keep_aggregates)
    scrub(store)
    log.info(
        "erased person %d (aggregates %s)", person_id, "kept" if keep_aggregates else "removed"
    )
    return report


def activity_count(store: Store, person_id: int) -> int:
    """How many interactions an erasure of the person keeps anonymously or removes."""
    query = select(func.count()).select_from(Activity).where(Activity.person_id == person_id)
    with store.read() as session:
        return int(session.execute(query).scalar_one())


def _erase_rows(connection: Connection, person_id: int, *, keep_aggregates: bool) -> ErasureReport:
    for table in (Community, Plan, PlanItem):
        connection.execute(update(table).where(table.owner_id == person_id).values(owner_id=None))
    _drop_archived_copies(connection, person_id)
    activity_count = connection.execute(
        select(func.count()).select_from(Activity).where(Activity.person_id == person_id)
    ).scalar_one()
    if not keep_aggregates:
        connection.execute(delete(Person).where(Person.id == person_id))  # the schema cascades
        return ErasureReport(person_id, False, 0, int(activity_count))
    for model in (PersonEmail, Identity, PersonRole, PersonScore, PersonDecay):
        connection.execute(delete(model).where(model.person_id == person_id))
    connection.execute(delete(person_tags).where(person_tags.c.person_id == person_id))
    connection.execute(  # "same name as ...": about the person, nothing to keep
        delete(MergeCandidate).where(
            (MergeCandidate.person_id == person_id) | (MergeCandidate.other_person_id == person_id)
        )
    )
    connection.execute(
        update(Activity)
        .where(Activity.person_id == person_id)
        .values(title=None, url=None, external_id=None)
    )
    connection.execute(
        update(Person)
        .where(Person.id == person_id)
        .values(
            name=ERASED_NAME,
            phone=None,
            job_title=None,
            department=None,
            location=None,
            notes=None,
            organisation_id=None,
            consent=False,
            consent_on=None,
            consent_source=None,
            archived=True,
        )
    )
    return ErasureReport(person_id, True, int(activity_count), 0)


def _drop_archived_copies(connection: Connection, person_id: int) -> None:
    """Archived deletes of this person go too: an erasure outlives the archive. An archived
    person is this one if the id and the creation time match (SQLite may have given a
    deleted person's id to someone new)."""
    created = _created_at(connection, person_id)
    entries = connection.execute(
        select(ArchiveEntry.id, ArchiveEntry.record_ids, ArchiveEntry.payload).where(
            ArchiveEntry.table_name == Person.__tablename__
        )
    ).all()
    doomed = [
        entry_id
        for entry_id, ids, payload in entries
        if str(person_id) in ids.split() and _archived(json.loads(payload), person_id, created)
    ]
    if doomed:
        connection.execute(delete(ArchiveEntry).where(ArchiveEntry.id.in_(doomed)))


def _archived(payload: dict[str, Any], person_id: int, created: int | None) -> bool:
    for table, rows in payload["rows"]:
        if table != Person.__tablename__:
            continue
        for row in rows:
            if row.get("id") == person_id:
                return created is None or _epoch(row.get("created_at")) == created
    return False


def _epoch(value: Any) -> int | None:
    if not isinstance(value, str):
        return None
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp())


def scrub(store: Store) -> None:
    """Rewrite the search index without the erased terms and empty the WAL into the file.

    ``secure_delete`` (set on every connection) zeroes freed content; ``optimize`` merges
    the index's segments, which leaves old segments (with the erased terms) freed and
    zeroed; the checkpoint copies the zeroed pages into the file and truncates the WAL.
    """
    with store.begin() as connection:
        connection.execute(text("INSERT INTO person_search(person_search) VALUES ('optimize')"))
    with store.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        connection.commit()


def read_records(database: Path) -> list[ErasureRecord]:
    """The erasures recorded in a database file (none when it predates the table)."""
    return [
        ErasureRecord(
            int(pid),
            datetime.fromtimestamp(int(at), UTC),
            bool(kept),
            str(salt),
            frozenset(str(fp).split()),
            None if created is None else int(created),
        )
        for pid, at, kept, salt, fp, created in restore_files.erasure_rows(database)
    ]


def records(store: Store) -> list[ErasureRecord]:
    path = store.path
    return read_records(path) if path is not None else []


def reapply(store: Store, carried: Iterable[ErasureRecord] = ()) -> int:
    """Apply again every erasure recorded in ``store`` or ``carried`` (from the file it
    replaced) to a person who is back; record the carried ones. Returns how many people
    were erased again."""
    known = records(store)
    seen = {r.key for r in known}
    missing = [r for r in carried if r.key not in seen]
    applied = 0
    with store.session() as session:
        connection = session.connection()
        for record in missing:
            connection.execute(
                insert(Erasure).values(
                    person_id=record.person_id,
                    erased_at=record.erased_at,
                    kept_aggregates=record.kept_aggregates,
                    salt=record.salt,
                    fingerprints=" ".join(sorted(record.fingerprints)),
                    person_created_at=record.person_created_at,
                )
            )
        for record in [*known, *missing]:
            if _is_back(connection, record):
                _erase_rows(connection, record.person_id, keep_aggregates=record.kept_aggregates)
                applied += 1
    if applied:
        scrub(store)
        log.info("re-applied %d recorded erasure(s)", applied)
    return applied


def _is_back(connection: Connection, record: ErasureRecord) -> bool:
    """Is the person this record erased in the database again (the same row, holding
    personal data again)?"""
    values = _identifying_values(connection, record.person_id)
    if record.person_created_at is not None:
        return bool(values) and _created_at(connection, record.person_id) == (
            record.person_created_at
        )
    return any(fingerprint(record.salt, v) in record.fingerprints for v in values)


def _created_at(connection: Connection, person_id: int) -> int | None:
    created = connection.execute(select(Person.created_at).where(Person.id == person_id)).scalar()
    return None if created is None else int(created.timestamp())
