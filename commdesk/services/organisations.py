"""Organisations and the email domains that identify them."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from commdesk.domain import Organisation, OrganisationDomain, Person
from commdesk.domain.enums import OrganisationKind
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import snapshots, validation
from commdesk.services.records import OrganisationDraft, OrganisationRecord
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store


class OrganisationService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, draft: OrganisationDraft) -> int:
        with self.store.session() as session:
            organisation = Organisation()
            with session.no_autoflush:  # nothing reaches the database before it is valid
                _apply(session, organisation, draft)
            session.add(organisation)
            session.flush()
            return organisation.id

    def update(self, organisation_id: int, draft: OrganisationDraft) -> None:
        with self.store.session() as session:
            _apply(session, _load(session, organisation_id), draft)

    def get(self, organisation_id: int) -> OrganisationRecord:
        with self.store.read() as session:
            organisation = _load(session, organisation_id)
            people = session.scalar(
                select(func.count()).where(Person.organisation_id == organisation_id)
            )
            return OrganisationRecord(
                id=organisation.id,
                name=organisation.name,
                kind=organisation.kind,
                website=organisation.website,
                domains=tuple(d.domain for d in organisation.domains),
                people=int(people or 0),
            )

    def delete(self, organisation_id: int) -> Snapshot:
        """Delete an organisation; its people stay, unaffiliated. Returns a snapshot that
        :meth:`restore` puts back exactly (domains and affiliations too)."""
        with self.store.session() as session:
            _load(session, organisation_id)
            return snapshots.delete(session.connection(), "organisations", [organisation_id])

    def restore(self, snapshot: Snapshot) -> None:
        """Undo :meth:`delete`."""
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)

    def affiliated(self, organisation_id: int) -> int:
        """How many people (archived or not) a delete would leave unaffiliated."""
        with self.store.read() as session:
            return int(
                session.execute(
                    select(func.count()).where(Person.organisation_id == organisation_id)
                ).scalar_one()
            )

    def find_by_name(self, name: str) -> int | None:
        with self.store.read() as session:
            return session.scalar(select(Organisation.id).where(Organisation.name == name.strip()))

    def find_by_domain(self, domain: str) -> int | None:
        with self.store.read() as session:
            return session.scalar(
                select(OrganisationDomain.organisation_id).where(
                    OrganisationDomain.domain == domain.strip().lower()
                )
            )


def _load(session: Session, organisation_id: int) -> Organisation:
    organisation = session.scalar(
        select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(selectinload(Organisation.domains))
    )
    if organisation is None:
        raise NotFoundError(f"No organisation with id {organisation_id}.")
    return organisation


def _apply(session: Session, organisation: Organisation, draft: OrganisationDraft) -> None:
    name = validation.required_text("name", draft.name)
    clash = session.scalar(
        select(Organisation.id).where(
            Organisation.name == name, Organisation.id.is_not(organisation.id)
        )
    )
    if clash is not None:
        raise ValidationError("name", f"an organisation called {name!r} already exists")
    organisation.name = name
    organisation.kind = validation.enum_value("kind", OrganisationKind, draft.kind)
    organisation.website = validation.url("website", draft.website)
    domains = list(dict.fromkeys(d.strip().lower().lstrip("@") for d in draft.domains if d.strip()))
    for domain in domains:
        if "." not in domain or " " in domain:
            raise ValidationError("email domains", f"{domain!r} is not a domain name")
        owner = session.scalar(
            select(OrganisationDomain.organisation_id).where(OrganisationDomain.domain == domain)
        )
        if owner is not None and owner != organisation.id:
            raise ValidationError(
                "email domains", f"{domain} already belongs to organisation {owner}"
            )
    current = {d.domain: d for d in organisation.domains}
    organisation.domains = [current.get(d) or OrganisationDomain(domain=d) for d in domains]
