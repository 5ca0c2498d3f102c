"""Likely duplicate people: listed for review, merged or dismissed by the user, never silently.

A sync records a pair of people it suspects are one person in ``merge_candidates``. Merging
keeps one of them and moves every link of the other onto it — :data:`MOVED` names each
foreign key to ``people`` and what a merge does with it; a test compares it with the schema,
so a new link cannot be forgotten. Rows the kept person already has (same email, role, tag,
membership) are not copied twice. The kept person's empty fields are filled from the other,
notes are appended, and the other person is deleted. All of it happens in one transaction,
and the returned :class:`MergeResult` carries a snapshot of both people as they were, so the
merge can be undone exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, select, update
from sqlalchemy.orm import aliased

from commdesk.domain import (
    Activity,
    Base,
    Community,
    Identity,
    Membership,
    MergeCandidate,
    Person,
    PersonEmail,
    PersonRole,
    Plan,
    PlanItem,
    person_tags,
)
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import snapshots
from commdesk.services.engagement import scores
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store

# Every (table, column) that refers to a person, and what a merge does with it.
MOVED = {
    ("person_emails", "person_id"): "moved; an email the kept person has already is dropped",
    ("identities", "person_id"): "moved (a handle belongs to one person already)",
    ("person_roles", "person_id"): "moved; a role the kept person holds already is dropped",
    ("person_tags", "person_id"): "moved; a tag the kept person has already is dropped",
    ("memberships", "person_id"): "moved; in a shared community the earlier joined_on is kept",
    ("activities", "person_id"): "moved",
    ("communities", "owner_id"): "moved",
    ("plans", "owner_id"): "moved",
    ("plan_items", "owner_id"): "moved",
    ("merge_candidates", "person_id"): "moved; the pair itself and repeats are dropped",
    ("merge_candidates", "other_person_id"): "moved; the pair itself and repeats are dropped",
    ("person_scores", "person_id"): "the absorbed person's goes with them; the kept one rescored",
    ("person_decay", "person_id"): "the absorbed person's goes with them; the kept one rescored",
}

# Fields of the kept person filled from the other one when empty.
FILLED = ("phone", "job_title", "department", "location", "organisation_id")


@dataclass(frozen=True)
class CandidateRow:
    """One likely duplicate pair, as the list shows it."""

    id: int
    person_id: int
    person_name: str
    person_emails: str
    other_person_id: int
    other_name: str
    other_emails: str
    reason: str
    created_at: datetime


@dataclass(frozen=True)
class MergeResult:
    kept_id: int
    absorbed_id: int
    snapshot: Snapshot  # both people and everything linked to them, before the merge


def _emails(person_id: Any) -> Any:
    return (
        select(func.coalesce(func.group_concat(PersonEmail.email, ", "), ""))
        .where(PersonEmail.person_id == person_id)
        .scalar_subquery()
    )


class DuplicateService:
    """Review of the likely duplicates a sync found."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def count(self) -> int:
        with self.store.read() as session:
            return int(
                session.execute(select(func.count()).select_from(MergeCandidate)).scalar_one()
            )

    def page(self, limit: int, offset: int = 0) -> list[CandidateRow]:
        """Candidates, oldest first, with both people's names and emails."""
        one, other = aliased(Person), aliased(Person)
        query = (
            select(
                MergeCandidate.id,
                one.id,
                one.name,
                _emails(one.id),
                other.id,
                other.name,
                _emails(other.id),
                MergeCandidate.reason,
                MergeCandidate.created_at,
            )
            .join(one, one.id == MergeCandidate.person_id)
            .join(other, other.id == MergeCandidate.other_person_id)
            .order_by(MergeCandidate.id)
            .limit(limit)
            .offset(offset)
        )
        with self.store.read() as session:
            return [CandidateRow(*row) for row in session.execute(query)]

    def pair(self, candidate_id: int) -> tuple[int, int]:
        """The two people of a candidate: (person_id, other_person_id)."""
        query = select(MergeCandidate.person_id, MergeCandidate.other_person_id).where(
            MergeCandidate.id == candidate_id
        )
        with self.store.read() as session:
            row = session.execute(query).first()
        if row is None:
            raise NotFoundError(f"No possible duplicate with id {candidate_id}.")
        return int(row[0]), int(row[1])

    def merge_candidate(self, candidate_id: int, *, keep_other: bool = False) -> MergeResult:
        """Merge a candidate pair, keeping its first person (or the other one)."""
        first, second = self.pair(candidate_id)
        return self.merge(second, first) if keep_other else self.merge(first, second)

    def merge(self, keep_id: int, absorb_id: int) -> MergeResult:
        """Move everything of ``absorb_id`` onto ``keep_id`` and delete ``absorb_id``."""
        if keep_id == absorb_id:
            raise ValidationError("person", f"cannot merge person {keep_id} with themselves.")
        with self.store.session() as session:
            connection = session.connection()
            found = set(
                connection.execute(
                    select(Person.id).where(Person.id.in_((keep_id, absorb_id)))
                ).scalars()
            )
            for person_id in (keep_id, absorb_id):
                if person_id not in found:
                    raise NotFoundError(f"No person with id {person_id}.")
            snapshot = _unique(snapshots.capture(connection, "people", [keep_id, absorb_id]))
            _fill_fields(connection, keep_id, absorb_id)
            _move_links(connection, keep_id, absorb_id)
            connection.execute(delete(Person).where(Person.id == absorb_id))
            scores.keep_in_step(session, keep_id)  # the activity moved over counts now
        return MergeResult(keep_id, absorb_id, snapshot)

    def undo_merge(self, result: MergeResult) -> None:
        """Put both people back exactly as they were before the merge."""
        ids = (result.kept_id, result.absorbed_id)
        with self.store.session() as session:
            connection = session.connection()
            connection.execute(delete(Person).where(Person.id.in_(ids)))  # cascades the moved rows
            snapshots.restore(connection, result.snapshot)

    def dismiss(self, candidate_id: int) -> Snapshot:
        """ "Not the same person": forget the candidate. Returns what it takes to undo it."""
        with self.store.session() as session:
            connection = session.connection()
            snapshot = snapshots.capture(connection, "merge_candidates", [candidate_id])
            if not snapshot.rows:
                raise NotFoundError(f"No possible duplicate with id {candidate_id}.")
            connection.execute(delete(MergeCandidate).where(MergeCandidate.id == candidate_id))
        return snapshot

    def undo_dismiss(self, snapshot: Snapshot) -> None:
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)


def _unique(snapshot: Snapshot) -> Snapshot:
    """The snapshot with each row once: a row linking both people is captured from each."""
    seen: set[tuple[str, tuple[Any, ...]]] = set()
    rows: list[tuple[str, list[dict[str, Any]]]] = []
    for name, table_rows in snapshot.rows:
        keys = [c.name for c in Base.metadata.tables[name].primary_key.columns]
        fresh = []
        for row in table_rows:
            key = (name, tuple(row[k] for k in keys))
            if key not in seen:
                seen.add(key)
                fresh.append(row)
        if fresh:
            rows.append((name, fresh))
    return Snapshot(snapshot.table, snapshot.ids, rows, snapshot.nulled)


def _fill_fields(connection: Connection, keep_id: int, absorb_id: int) -> None:
    columns = [Person.notes, Person.consent, Person.consent_on, Person.consent_source]
    columns += [getattr(Person, name) for name in FILLED]
    kept = connection.execute(select(*columns).where(Person.id == keep_id)).one()._mapping
    other = connection.execute(select(*columns).where(Person.id == absorb_id)).one()._mapping
    values: dict[str, Any] = {
        name: other[name] for name in FILLED if kept[name] in (None, "") and other[name]
    }
    if other["notes"]:
        values["notes"] = (
            kept["notes"] + "\n\n" + other["notes"] if kept["notes"] else other["notes"]
        )
    if not kept["consent"] and other["consent"]:  # the same person said yes, once
        values.update(
            consent=True, consent_on=other["consent_on"], consent_source=other["consent_source"]
        )
    if values:
        connection.execute(update(Person).where(Person.id == keep_id).values(values))


def _move_links(connection: Connection, keep: int, absorb: int) -> None:
    kept_emails = select(func.lower(PersonEmail.email)).where(PersonEmail.person_id == keep)
    connection.execute(
        delete(PersonEmail).where(
            PersonEmail.person_id == absorb, func.lower(PersonEmail.email).in_(kept_emails)
        )
    )
    last = select(func.coalesce(func.max(PersonEmail.position), -1)).where(
        PersonEmail.person_id == keep
    )
    after = int(connection.execute(last).scalar_one()) + 1
    connection.execute(
        update(PersonEmail)
        .where(PersonEmail.person_id == absorb)
        .values(person_id=keep, position=PersonEmail.position + after)
    )
    kept_roles = select(PersonRole.role).where(PersonRole.person_id == keep)
    connection.execute(
        delete(PersonRole).where(PersonRole.person_id == absorb, PersonRole.role.in_(kept_roles))
    )
    connection.execute(
        update(PersonRole).where(PersonRole.person_id == absorb).values(person_id=keep)
    )
    link = person_tags.c
    kept_tags = select(link.tag_id).where(link.person_id == keep)
    connection.execute(
        delete(person_tags).where(link.person_id == absorb, link.tag_id.in_(kept_tags))
    )
    connection.execute(update(person_tags).where(link.person_id == absorb).values(person_id=keep))
    _move_memberships(connection, keep, absorb)
    for model in (Identity, Activity):
        connection.execute(update(model).where(model.person_id == absorb).values(person_id=keep))
    for owned in (Community, Plan, PlanItem):
        connection.execute(update(owned).where(owned.owner_id == absorb).values(owner_id=keep))
    _move_candidates(connection, keep, absorb)


def _move_memberships(connection: Connection, keep: int, absorb: int) -> None:
    shared = connection.execute(
        select(Membership.id, Membership.community_id, Membership.joined_on).where(
            Membership.person_id == absorb,
            Membership.community_id.in_(
                select(Membership.community_id).where(Membership.person_id == keep)
            ),
        )
    ).all()
    for membership_id, community_id, joined_on in shared:
        if joined_on is not None:
            kept_joined = connection.execute(
                select(Membership.joined_on).where(
                    Membership.person_id == keep, Membership.community_id == community_id
                )
            ).scalar()
            if kept_joined is None or joined_on < kept_joined:
                connection.execute(
                    update(Membership)
                    .where(Membership.person_id == keep, Membership.community_id == community_id)
                    .values(joined_on=joined_on)
                )
        connection.execute(delete(Membership).where(Membership.id == membership_id))
    connection.execute(
        update(Membership).where(Membership.person_id == absorb).values(person_id=keep)
    )


def _move_candidates(connection: Connection, keep: int, absorb: int) -> None:
    pair = {keep, absorb}
    rows = connection.execute(
        select(MergeCandidate.id, MergeCandidate.person_id, MergeCandidate.other_person_id).where(
            (MergeCandidate.person_id == absorb) | (MergeCandidate.other_person_id == absorb)
        )
    ).all()
    existing = {
        frozenset((a, b))
        for a, b in connection.execute(
            select(MergeCandidate.person_id, MergeCandidate.other_person_id).where(
                (MergeCandidate.person_id == keep) | (MergeCandidate.other_person_id == keep)
            )
        )
    }
    for candidate_id, first, second in rows:
        moved = (keep if first == absorb else first, keep if second == absorb else second)
        if {first, second} == pair or frozenset(moved) in existing:
            connection.execute(delete(MergeCandidate).where(MergeCandidate.id == candidate_id))
            continue
        existing.add(frozenset(moved))
        connection.execute(
            update(MergeCandidate)
            .where(MergeCandidate.id == candidate_id)
            .values(person_id=moved[0], other_person_id=moved[1])
        )
