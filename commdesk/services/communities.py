"""Communities, their channels, and memberships (people belong to many communities)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from commdesk.domain import Channel, Community, Membership, Person
from commdesk.domain.enums import CommunityScope, MembershipRole, Platform
from commdesk.errors import NotFoundError, ValidationError
from commdesk.services import snapshots, validation
from commdesk.services import tags as tag_service
from commdesk.services.records import (
    ChannelDraft,
    CommunityDraft,
    CommunityRecord,
    MembershipRecord,
)
from commdesk.services.snapshots import Snapshot
from commdesk.store import Store


class CommunityService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(self, draft: CommunityDraft) -> int:
        with self.store.session() as session:
            community = Community()
            with session.no_autoflush:  # nothing reaches the database before it is valid
                _apply(session, community, draft)
            session.add(community)
            session.flush()
            return community.id

    def update(self, community_id: int, draft: CommunityDraft) -> None:
        with self.store.session() as session:
            _apply(session, _load(session, community_id), draft)

    def get(self, community_id: int) -> CommunityRecord:
        with self.store.read() as session:
            community = _load(session, community_id)
            members = session.scalar(
                select(func.count()).where(Membership.community_id == community_id)
            )
            return CommunityRecord(
                id=community.id,
                name=community.name,
                purpose=community.purpose,
                scope=community.scope,
                owner_id=community.owner_id,
                owner=community.owner.name if community.owner else None,
                channels=tuple(ChannelDraft(c.platform, c.address) for c in community.channels),
                tags=tuple(t.name for t in community.tags),
                members=int(members or 0),
            )

    def delete(self, community_id: int) -> Snapshot:
        """Delete a community with its channels and memberships; activity stays, unassigned.
        Returns a snapshot that :meth:`restore` puts back exactly."""
        with self.store.session() as session:
            _load(session, community_id)
            return snapshots.delete(session.connection(), "communities", [community_id])

    def restore(self, snapshot: Snapshot) -> None:
        """Undo :meth:`delete` or :meth:`remove_members`."""
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)

    def membership_count(self, community_id: int) -> int:
        """Every membership of the community, current or past (what a delete removes)."""
        with self.store.read() as session:
            return int(
                session.execute(
                    select(func.count()).where(Membership.community_id == community_id)
                ).scalar_one()
            )

    def find_by_name(self, name: str) -> int | None:
        with self.store.read() as session:
            return session.scalar(select(Community.id).where(Community.name == name.strip()))

    def add_member(
        self,
        community_id: int,
        person_id: int,
        role: MembershipRole | str = MembershipRole.MEMBER,
        joined_on: date | None = None,
    ) -> None:
        """Make a person a member (or change their role if they already are one)."""
        role = validation.enum_value("role", MembershipRole, role)
        with self.store.session() as session:
            _load(session, community_id)
            if session.get(Person, person_id) is None:
                raise ValidationError("person", f"no person with id {person_id}")
            membership = session.scalar(
                select(Membership).where(
                    Membership.community_id == community_id, Membership.person_id == person_id
                )
            )
            if membership is None:
                membership = Membership(
                    community_id=community_id, person_id=person_id, joined_on=joined_on
                )
                session.add(membership)
            membership.role = role

    def remove_member(self, community_id: int, person_id: int) -> bool:
        with self.store.session() as session:
            membership = session.scalar(
                select(Membership).where(
                    Membership.community_id == community_id, Membership.person_id == person_id
                )
            )
            if membership is None:
                return False
            session.delete(membership)
            return True

    def role_of(self, community_id: int, person_id: int) -> MembershipRole | None:
        """The person's role in the community, or None if they are not a member."""
        with self.store.read() as session:
            return session.scalar(
                select(Membership.role).where(
                    Membership.community_id == community_id, Membership.person_id == person_id
                )
            )

    def set_role(self, community_id: int, person_id: int, role: MembershipRole | str) -> None:
        """Change a member's role; refuses people who are not members."""
        role = validation.enum_value("role", MembershipRole, role)
        with self.store.session() as session:
            membership = session.scalar(
                select(Membership).where(
                    Membership.community_id == community_id, Membership.person_id == person_id
                )
            )
            if membership is None:
                raise ValidationError("person", f"person {person_id} is not a member")
            membership.role = role

    def remove_members(self, community_id: int, person_ids: Sequence[int]) -> Snapshot:
        """End the memberships of these people in the community (the rows go); returns a
        snapshot that :meth:`restore` puts back, role, dates and all."""
        with self.store.session() as session:
            ids = list(
                session.scalars(
                    select(Membership.id).where(
                        Membership.community_id == community_id,
                        Membership.person_id.in_(person_ids),
                    )
                )
            )
            return snapshots.delete(session.connection(), "memberships", ids)

    def members(
        self, community_id: int, limit: int = 500, offset: int = 0
    ) -> list[MembershipRecord]:
        with self.store.read() as session:
            rows = session.execute(
                select(Membership, Person.name, Community.name)
                .join(Person, Person.id == Membership.person_id)
                .join(Community, Community.id == Membership.community_id)
                .where(Membership.community_id == community_id)
                .order_by(Person.name)
                .limit(limit)
                .offset(offset)
            ).all()
            return [
                MembershipRecord(
                    person_id=m.person_id,
                    person=person,
                    community_id=m.community_id,
                    community=community,
                    role=m.role,
                    joined_on=m.joined_on,
                    left_on=m.left_on,
                )
                for m, person, community in rows
            ]


def _load(session: Session, community_id: int) -> Community:
    community = session.scalar(
        select(Community)
        .where(Community.id == community_id)
        .options(
            selectinload(Community.channels),
            selectinload(Community.tags),
            selectinload(Community.owner),
        )
    )
    if community is None:
        raise NotFoundError(f"No community with id {community_id}.")
    return community


def _apply(session: Session, community: Community, draft: CommunityDraft) -> None:
    name = validation.required_text("name", draft.name)
    clash = session.scalar(
        select(Community.id).where(Community.name == name, Community.id.is_not(community.id))
    )
    if clash is not None:
        raise ValidationError("name", f"a community called {name!r} already exists")
    community.name = name
    community.purpose = validation.optional_text("purpose", draft.purpose, max_length=10_000)
    community.scope = validation.enum_value("scope", CommunityScope, draft.scope)
    if draft.owner_id is not None and session.get(Person, draft.owner_id) is None:
        raise ValidationError("owner", f"no person with id {draft.owner_id}")
    community.owner_id = draft.owner_id
    current = {(c.platform, c.address): c for c in community.channels}
    channels: dict[tuple[Platform, str], Channel] = {}
    for channel in draft.channels:
        platform = validation.enum_value("channel platform", Platform, channel.platform)
        address = validation.required_text("channel address", channel.address, max_length=500)
        channels[(platform, address)] = current.get((platform, address)) or Channel(
            platform=platform, address=address
        )
    community.channels = list(channels.values())
    community.tags = tag_service.resolve(session, draft.tags)
