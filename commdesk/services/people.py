"""People: create, read, update, archive, delete and search stakeholder contacts."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from commdesk.domain import (
    Community,
    Identity,
    Organisation,
    Person,
    PersonEmail,
    PersonRole,
    Tag,
)
from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import snapshots, validation
from commdesk.services import tags as tag_service
from commdesk.services.records import IdentityDraft, PersonDraft, PersonRecord
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store
from commdesk.store import search as fts


class PeopleService:
    """Use cases on people, shared by the GUI, the command line and the importers."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, draft: PersonDraft) -> int:
        """Store a new person; returns the new id. Refuses invalid fields by name."""
        with self.store.session() as session:
            person = Person()
            with session.no_autoflush:  # nothing reaches the database before it is valid
                _apply(session, person, draft)
            session.add(person)
            _flush(session)
            return person.id

    def update(self, person_id: int, draft: PersonDraft) -> None:
        with self.store.session() as session:
            person = _load(session, person_id)
            _apply(session, person, draft)
            _flush(session)

    def get(self, person_id: int) -> PersonRecord:
        with self.store.read() as session:
            return _record(_load(session, person_id))

    def set_archived(self, person_ids: Sequence[int], archived: bool = True) -> int:
        with self.store.session() as session:
            people = session.scalars(select(Person).where(Person.id.in_(person_ids))).all()
            for person in people:
                person.archived = archived
            return len(people)

    def delete(self, person_ids: Sequence[int]) -> Snapshot:
        """Delete people and everything that belongs only to them (roles, identities,
        memberships, activities); plans, items and communities they own lose their owner.
        Returns a snapshot that :meth:`restore` puts back exactly."""
        with self.store.session() as session:
            return snapshots.delete(session.connection(), "people", person_ids)

    def restore(self, snapshot: Snapshot) -> None:
        """Undo :meth:`delete`."""
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)

    def count(self, *, include_archived: bool = False) -> int:
        query = select(func.count()).select_from(Person)
        if not include_archived:
            query = query.where(Person.archived.is_(False))
        with self.store.read() as session:
            return session.execute(query).scalar_one()

    def search(self, query: str, limit: int = 20) -> list[tuple[int, str]]:
        """People whose name, email, handle or organisation contains every word of ``query``.

        Uses the trigram full-text index; queries with words under three characters fall
        back to a prefix match on the name. Returns ``(id, name)`` pairs, best first.
        """
        query = query.strip()
        if not query:
            return []
        with self.store.read() as session:
            if fts.searchable(query):
                rows = session.execute(
                    text(
                        "SELECT p.id, p.name FROM person_search JOIN people AS p "
                        "ON p.id = person_search.rowid WHERE person_search MATCH :q "
                        "ORDER BY rank LIMIT :limit"
                    ),
                    {"q": fts.match_expression(query), "limit": limit},
                ).all()
            else:
                rows = session.execute(
                    select(Person.id, Person.name)
                    .where(Person.name.like(_escape_like(query) + "%", escape="\\"))
                    .order_by(Person.name)
                    .limit(limit)
                ).all()
        return [(int(r[0]), str(r[1])) for r in rows]

    # --- choices for editors and filters (few rows each, never a whole table) -------------

    def tag_names(self) -> list[str]:
        """Every tag name, sorted (tags are few)."""
        with self.store.read() as session:
            return list(session.scalars(select(Tag.name).order_by(Tag.name)))

    def tag_choices(self) -> list[tuple[int, str]]:
        with self.store.read() as session:
            rows = session.execute(select(Tag.id, Tag.name).order_by(Tag.name)).all()
        return [(int(r[0]), str(r[1])) for r in rows]

    def community_choices(self) -> list[tuple[int, str]]:
        """Every community that is not archived, by name (communities are few)."""
        with self.store.read() as session:
            rows = session.execute(
                select(Community.id, Community.name)
                .where(Community.archived.is_not(True))
                .order_by(Community.name)
            ).all()
        return [(int(r[0]), str(r[1])) for r in rows]

    def organisation_choices(self, text: str, limit: int = 20) -> list[tuple[int, str]]:
        """Organisations whose name starts with ``text`` (then contains it), at most ``limit``."""
        text = text.strip()
        query = select(Organisation.id, Organisation.name)
        with self.store.read() as session:
            rows = list(
                session.execute(
                    query.where(Organisation.name.like(_escape_like(text) + "%", escape="\\"))
                    .order_by(Organisation.name)
                    .limit(limit)
                ).all()
            )
            if text and len(rows) < limit:
                seen = {r[0] for r in rows}
                more = session.execute(
                    query.where(Organisation.name.like("%" + _escape_like(text) + "%", escape="\\"))
                    .order_by(Organisation.name)
                    .limit(limit)
                ).all()
                rows += [r for r in more if r[0] not in seen][: limit - len(rows)]
        return [(int(r[0]), str(r[1])) for r in rows]

    def organisation_named(self, name: str) -> int | None:
        """The id of the organisation called exactly ``name`` (any case), if there is one."""
        with self.store.read() as session:
            return session.scalar(
                select(Organisation.id)
                .where(func.lower(Organisation.name) == name.strip().lower())
                .limit(1)
            )

    def find_by_email(self, address: str) -> list[int]:
        with self.store.read() as session:
            return list(
                session.scalars(
                    select(PersonEmail.person_id).where(
                        PersonEmail.email == address.strip().lower()
                    )
                )
            )

    def find_by_identity(self, platform: Platform | str, handle: str) -> int | None:
        platform = validation.enum_value("platform", Platform, platform)
        with self.store.read() as session:
            return session.scalar(
                select(Identity.person_id).where(
                    Identity.platform == platform, Identity.handle == handle.strip()
                )
            )


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _load(session: Session, person_id: int) -> Person:
    person = session.scalar(
        select(Person)
        .where(Person.id == person_id)
        .options(
            selectinload(Person.roles),
            selectinload(Person.emails),
            selectinload(Person.identities),
            selectinload(Person.tags),
            selectinload(Person.organisation),
        )
    )
    if person is None:
        raise NotFoundError(f"No person with id {person_id}.")
    return person


def _apply(session: Session, person: Person, draft: PersonDraft) -> None:
    """Validate every field of ``draft`` and copy it onto ``person``."""
    person.name = validation.required_text("name", draft.name)
    person.phone = validation.optional_text("phone", draft.phone, max_length=50)
    person.job_title = validation.optional_text("job title", draft.job_title)
    person.department = validation.optional_text("department", draft.department)
    person.location = validation.optional_text("location", draft.location)
    person.notes = validation.optional_text("notes", draft.notes, max_length=100_000)
    if (
        draft.organisation_id is not None
        and session.get(Organisation, draft.organisation_id) is None
    ):
        raise ValidationError("organisation", f"no organisation with id {draft.organisation_id}")
    person.organisation_id = draft.organisation_id
    person.consent = draft.consent
    person.consent_on = draft.consent_on
    person.consent_source = validation.optional_text("consent source", draft.consent_source)

    emails = list(dict.fromkeys(validation.email("email", e) for e in draft.emails if e.strip()))
    by_address = {e.email: e for e in person.emails}
    person.emails = [by_address.get(a) or PersonEmail(email=a) for a in emails]
    for position, row in enumerate(person.emails):
        row.position = position

    roles = validation.enum_values("roles", StakeholderRole, draft.roles)
    held = {r.role: r for r in person.roles}
    person.roles = [held.get(role) or PersonRole(role=role) for role in roles]

    person.identities = _identities(session, person, draft.identities)
    person.tags = tag_service.resolve(session, draft.tags)


def _identities(
    session: Session, person: Person, drafts: Sequence[IdentityDraft]
) -> list[Identity]:
    current = {(i.platform, i.handle): i for i in person.identities}
    result: list[Identity] = []
    seen: set[tuple[Platform, str]] = set()
    for draft in drafts:
        platform = validation.enum_value("identity platform", Platform, draft.platform)
        handle = validation.required_text("identity handle", draft.handle)
        key = (platform, handle)
        if key in seen:
            raise ValidationError(
                "identities", f"{platform.label} handle {handle!r} is listed twice"
            )
        seen.add(key)
        owner = session.scalar(
            select(Identity.person_id).where(
                Identity.platform == platform, Identity.handle == handle
            )
        )
        if owner is not None and owner != person.id:
            raise ValidationError(
                "identities",
                f"{platform.label} handle {handle!r} already belongs to person {owner}",
            )
        identity = current.get(key) or Identity(platform=platform, handle=handle)
        identity.profile_url = validation.url("identity profile URL", draft.profile_url)
        result.append(identity)
    return result


def _flush(session: Session) -> None:
    try:
        session.flush()
    except IntegrityError as exc:
        raise ValidationError("record", f"the database refused the change: {exc.orig}") from exc


def _record(person: Person) -> PersonRecord:
    return PersonRecord(
        id=person.id,
        name=person.name,
        emails=tuple(e.email for e in person.emails),
        phone=person.phone,
        job_title=person.job_title,
        department=person.department,
        location=person.location,
        notes=person.notes,
        organisation_id=person.organisation_id,
        organisation=person.organisation.name if person.organisation else None,
        consent=person.consent,
        consent_on=person.consent_on,
        consent_source=person.consent_source,
        roles=tuple(r.role for r in person.roles),
        identities=tuple(
            IdentityDraft(i.platform, i.handle, i.profile_url) for i in person.identities
        ),
        tags=tuple(t.name for t in person.tags),
        archived=person.archived,
        last_activity_at=person.last_activity_at,
        created_at=person.created_at,
        updated_at=person.updated_at,
    )
