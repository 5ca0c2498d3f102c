"""Global search: find any person, organisation, community or plan by what a person types.

People are found through the full-text index (name, emails, handles, organisation), as the
People table finds them. Organisations (by name or email domain), communities (by name or
channel address) and plans (by name) are small tables, read with LIKE and a LIMIT.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from commdesk.domain import Community, Organisation, Person, PersonEmail, Plan
from commdesk.domain.communities import Channel
from commdesk.domain.organisations import OrganisationDomain
from commdesk.services.people import PeopleService
from commdesk.services.tables import escape_like
from commdesk.store import Store


class RecordKind(StrEnum):
    """What a search hit is; the order is the order results are listed in."""

    PERSON = "person"
    ORGANISATION = "organisation"
    COMMUNITY = "community"
    PLAN = "plan"

    @property
    def label(self) -> str:
        return self.value.capitalize()


@dataclass(frozen=True)
class SearchHit:
    kind: RecordKind
    id: int
    name: str
    detail: str = ""  # what else identifies it: an email, the organisation, a channel


class GlobalSearchService:
    """Everything whose name (or email, handle, domain, channel) contains the query."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def search(self, query: str, limit: int = 8) -> list[SearchHit]:
        """At most ``limit`` hits of each kind, people first; names starting with the query
        come before names that merely contain it."""
        query = " ".join(query.replace("\x00", " ").split())
        if not query:
            return []
        return [
            *self.people(query, limit),
            *self._organisations(query, limit),
            *self.communities(query, limit),
            *self._plans(query, limit),
        ]

    def people(self, query: str, limit: int = 20) -> list[SearchHit]:
        """People found by the full-text index, each with an email or organisation."""
        found = PeopleService(self.store).search(query, limit)
        if not found:
            return []
        ids = [person_id for person_id, _name in found]
        first_email = (
            sa.select(PersonEmail.email)
            .where(PersonEmail.person_id == Person.id)
            .order_by(PersonEmail.position)
            .limit(1)
            .scalar_subquery()
        )
        with self.store.read() as session:
            details = {
                int(row[0]): row[1] or row[2] or ""
                for row in session.execute(
                    sa.select(Person.id, first_email, Organisation.name)
                    .outerjoin(Organisation, Organisation.id == Person.organisation_id)
                    .where(Person.id.in_(ids))
                )
            }
        return [SearchHit(RecordKind.PERSON, i, name, details.get(i, "")) for i, name in found]

    def _organisations(self, query: str, limit: int) -> list[SearchHit]:
        pattern = _contains(query)
        by_domain = sa.select(OrganisationDomain.organisation_id).where(
            OrganisationDomain.domain.like(pattern, escape="\\")
        )
        statement = (
            sa.select(Organisation.id, Organisation.name, Organisation.website)
            .where(
                sa.or_(Organisation.name.like(pattern, escape="\\"), Organisation.id.in_(by_domain))
            )
            .order_by(_starts_first(Organisation.name, query), Organisation.name)
            .limit(limit)
        )
        with self.store.read() as session:
            rows = session.execute(statement).all()
        return [SearchHit(RecordKind.ORGANISATION, int(r[0]), r[1], r[2] or "") for r in rows]

    def communities(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Communities by name or channel address; an empty query lists them by name."""
        pattern = _contains(" ".join(query.split()))
        by_channel = sa.select(Channel.community_id).where(
            Channel.address.like(pattern, escape="\\")
        )
        statement = (
            sa.select(Community.id, Community.name, Community.scope)
            .where(sa.or_(Community.name.like(pattern, escape="\\"), Community.id.in_(by_channel)))
            .order_by(_starts_first(Community.name, query), Community.name)
            .limit(limit)
        )
        with self.store.read() as session:
            rows = session.execute(statement).all()
        return [
            SearchHit(RecordKind.COMMUNITY, int(r[0]), r[1], f"{r[2].label} community")
            for r in rows
        ]

    def _plans(self, query: str, limit: int) -> list[SearchHit]:
        statement = (
            sa.select(Plan.id, Plan.name, Plan.status)
            .where(Plan.name.like(_contains(query), escape="\\"))
            .order_by(_starts_first(Plan.name, query), Plan.name)
            .limit(limit)
        )
        with self.store.read() as session:
            rows = session.execute(statement).all()
        return [SearchHit(RecordKind.PLAN, int(r[0]), r[1], r[2].label) for r in rows]


def _contains(query: str) -> str:
    return f"%{escape_like(query)}%"


def _starts_first(column: sa.SQLColumnExpression[str], query: str) -> sa.ColumnElement[int]:
    return sa.case((column.like(escape_like(query) + "%", escape="\\"), 0), else_=1)
