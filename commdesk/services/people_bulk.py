"""Changes to many people at once: tags, roles, memberships, archiving and deleting.

Each change is one transaction, whatever the number of people: either every row changes or
none does. Each returns what it takes to undo it exactly (the people that actually changed,
or a :class:`~commdesk.services.snapshots.Snapshot`), so that an undo does not touch people
that already had the tag, the role or the membership before.

The ``progress`` callbacks have the command line's shape: ``progress(fraction, message)``
returns False once the person asked to stop, and the change is then rolled back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Connection

from commdesk.domain import (
    Activity,
    Community,
    Identity,
    Membership,
    Person,
    PersonRole,
    Plan,
    PlanItem,
)
from commdesk.domain.enums import MembershipRole, StakeholderRole
from commdesk.domain.tags import Tag, person_tags
from commdesk.errors import CommDeskError, ValidationError
from commdesk.services import backups, snapshots, validation
from commdesk.services.listings.people import PEOPLE
from commdesk.services.snapshots import Snapshot
from commdesk.services.tables import Filters, page_statement
from commdesk.store import Store

ProgressCallback = Callable[[float | None, str], bool]
CHUNK = 500  # ids per statement: well under SQLite's bound-parameter limit


class BulkCancelled(CommDeskError):
    """The person stopped a bulk change; nothing was changed."""


@dataclass(frozen=True)
class TagChange:
    """Which people a tag was added to (or removed from): exactly what an undo reverses."""

    tag: str
    tag_id: int
    person_ids: tuple[int, ...]


@dataclass(frozen=True)
class MembershipChange:
    community_id: int
    role: MembershipRole
    person_ids: tuple[int, ...]  # the people who were not members before


@dataclass(frozen=True)
class RoleChange:
    role: StakeholderRole
    person_ids: tuple[int, ...]  # the people who did not hold the role before


@dataclass(frozen=True)
class DeletionImpact:
    """What deleting some people takes with them, to say so before asking."""

    people: int
    activities: int
    memberships: int
    identities: int
    plans_owned: int
    items_owned: int
    communities_owned: int

    def describe(self) -> list[str]:
        """Lines a confirmation can show ("12 interactions in the activity log", ...)."""
        parts = [
            (self.activities, "interaction", "interactions", "in the activity log"),
            (self.memberships, "community membership", "community memberships", ""),
            (self.identities, "platform identity", "platform identities", ""),
        ]
        lines = [_plural(n, one, many, tail) for n, one, many, tail in parts if n]
        owned = [
            (self.plans_owned, "plan", "plans"),
            (self.items_owned, "plan item", "plan items"),
            (self.communities_owned, "community", "communities"),
        ]
        lines += [_plural(n, one, many, "will have no owner") for n, one, many in owned if n]
        return lines


def _plural(count: int, one: str, many: str, tail: str) -> str:
    text = f"{count:,} {one if count == 1 else many}"
    return f"{text} {tail}".strip()


class PeopleBulkService:
    """Bulk changes on people, each in one transaction."""

    def __init__(self, store: Store) -> None:
        self.store = store

    # --- which people ----------------------------------------------------------------------

    def ids_in_view(
        self,
        filter_text: str = "",
        filters: Filters | None = None,
        *,
        sort_key: str | None = None,
        descending: bool | None = None,
        offset: int = 0,
        limit: int = 1_000_000_000,
    ) -> list[int]:
        """Ids of rows ``offset`` to ``offset + limit`` of the People table as a view shows
        it (same filters, same order): what a selection of many rows stands for."""
        query = page_statement(
            PEOPLE,
            filter_text,
            sort_key=sort_key,
            descending=descending,
            offset=offset,
            limit=limit,
            filters=filters,
        ).with_only_columns(PEOPLE.row_id)
        with self.store.read() as session:
            return [int(i) for i in session.scalars(query)]

    # --- tags ------------------------------------------------------------------------------

    def add_tag(
        self, person_ids: Sequence[int], tag: str, progress: ProgressCallback | None = None
    ) -> TagChange:
        """Put ``tag`` on every person (creating the tag if new); returns who got it."""
        name = validation.required_text("tag", tag, max_length=80)
        with self.store.session() as session:
            connection = session.connection()
            tag_id = connection.scalar(sa.select(Tag.id).where(Tag.name == name))
            if tag_id is None:
                inserted = connection.execute(sa.insert(Tag).values(name=name).returning(Tag.id))
                tag_id = int(inserted.scalar_one())
            added: list[int] = []
            for chunk in _chunks(person_ids, progress, f"Tagging with “{name}”"):
                had = set(
                    connection.scalars(
                        sa.select(person_tags.c.person_id).where(
                            person_tags.c.tag_id == tag_id, person_tags.c.person_id.in_(chunk)
                        )
                    )
                )
                new = [p for p in _existing(connection, chunk) if p not in had]
                if new:
                    connection.execute(
                        sa.insert(person_tags), [{"person_id": p, "tag_id": tag_id} for p in new]
                    )
                added += new
            return TagChange(name, tag_id, tuple(added))

    def remove_tag(
        self, person_ids: Sequence[int], tag: str, progress: ProgressCallback | None = None
    ) -> TagChange:
        """Take ``tag`` off every person; returns who had it."""
        name = validation.required_text("tag", tag, max_length=80)
        with self.store.session() as session:
            connection = session.connection()
            tag_id = connection.scalar(sa.select(Tag.id).where(Tag.name == name))
            if tag_id is None:
                raise ValidationError("tag", f"there is no tag “{name}”")
            removed: list[int] = []
            for chunk in _chunks(person_ids, progress, f"Removing “{name}”"):
                condition = sa.and_(
                    person_tags.c.tag_id == tag_id, person_tags.c.person_id.in_(chunk)
                )
                removed += connection.scalars(sa.select(person_tags.c.person_id).where(condition))
                connection.execute(sa.delete(person_tags).where(condition))
            return TagChange(name, tag_id, tuple(removed))

    def undo_tag_change(self, change: TagChange, *, added: bool) -> None:
        """Reverse :meth:`add_tag` (``added=True``) or :meth:`remove_tag`."""
        with self.store.session() as session:
            connection = session.connection()
            for chunk in _chunks(change.person_ids):
                if added:
                    connection.execute(
                        sa.delete(person_tags).where(
                            person_tags.c.tag_id == change.tag_id,
                            person_tags.c.person_id.in_(chunk),
                        )
                    )
                else:
                    connection.execute(
                        sa.insert(person_tags),
                        [{"person_id": p, "tag_id": change.tag_id} for p in chunk],
                    )

    # --- roles and memberships ---------------------------------------------------------------

    def add_role(
        self,
        person_ids: Sequence[int],
        role: StakeholderRole | str,
        progress: ProgressCallback | None = None,
    ) -> RoleChange:
        """Give every person the stakeholder ``role`` (besides the ones they hold)."""
        member = validation.enum_value("role", StakeholderRole, role)
        with self.store.session() as session:
            connection = session.connection()
            added: list[int] = []
            for chunk in _chunks(person_ids, progress, f"Adding the role {member.label}"):
                had = set(
                    connection.scalars(
                        sa.select(PersonRole.person_id).where(
                            PersonRole.role == member, PersonRole.person_id.in_(chunk)
                        )
                    )
                )
                new = [p for p in _existing(connection, chunk) if p not in had]
                if new:
                    connection.execute(
                        sa.insert(PersonRole), [{"person_id": p, "role": member} for p in new]
                    )
                added += new
            return RoleChange(member, tuple(added))

    def undo_add_role(self, change: RoleChange) -> None:
        with self.store.session() as session:
            connection = session.connection()
            for chunk in _chunks(change.person_ids):
                connection.execute(
                    sa.delete(PersonRole).where(
                        PersonRole.role == change.role, PersonRole.person_id.in_(chunk)
                    )
                )

    def add_to_community(
        self,
        person_ids: Sequence[int],
        community_id: int,
        role: MembershipRole | str = MembershipRole.MEMBER,
        progress: ProgressCallback | None = None,
    ) -> MembershipChange:
        """Make every person a member of a community; members already in it stay as they are."""
        member_role = validation.enum_value("role", MembershipRole, role)
        with self.store.session() as session:
            connection = session.connection()
            if (
                connection.scalar(sa.select(Community.id).where(Community.id == community_id))
                is None
            ):
                raise ValidationError("community", f"no community with id {community_id}")
            added: list[int] = []
            for chunk in _chunks(person_ids, progress, "Adding members"):
                had = set(
                    connection.scalars(
                        sa.select(Membership.person_id).where(
                            Membership.community_id == community_id,
                            Membership.person_id.in_(chunk),
                        )
                    )
                )
                new = [p for p in _existing(connection, chunk) if p not in had]
                if new:
                    connection.execute(
                        sa.insert(Membership),
                        [
                            {"person_id": p, "community_id": community_id, "role": member_role}
                            for p in new
                        ],
                    )
                added += new
            return MembershipChange(community_id, member_role, tuple(added))

    def undo_add_to_community(self, change: MembershipChange) -> None:
        with self.store.session() as session:
            connection = session.connection()
            for chunk in _chunks(change.person_ids):
                connection.execute(
                    sa.delete(Membership).where(
                        Membership.community_id == change.community_id,
                        Membership.person_id.in_(chunk),
                    )
                )

    # --- archive and delete ----------------------------------------------------------------

    def set_archived(
        self,
        person_ids: Sequence[int],
        archived: bool = True,
        progress: ProgressCallback | None = None,
    ) -> tuple[int, ...]:
        """Archive (or bring back) people; returns those whose state changed."""
        with self.store.session() as session:
            connection = session.connection()
            changed: list[int] = []
            for chunk in _chunks(person_ids, progress, "Archiving" if archived else "Restoring"):
                condition = sa.and_(Person.id.in_(chunk), Person.archived.is_not(archived))
                changed += connection.scalars(sa.select(Person.id).where(condition))
                connection.execute(sa.update(Person).where(condition).values(archived=archived))
            return tuple(changed)

    def delete(
        self, person_ids: Sequence[int], progress: ProgressCallback | None = None
    ) -> Snapshot:
        """Delete people with what belongs only to them; the snapshot restores all of it."""
        if progress is not None and not progress(None, "Deleting"):
            raise BulkCancelled("Nothing was deleted.")
        backups.backup_before(self.store, "bulk delete", rows=len(person_ids))
        with self.store.session() as session:
            return snapshots.delete(session.connection(), "people", list(person_ids))

    def restore(self, snapshot: Snapshot) -> None:
        with self.store.session() as session:
            snapshots.restore(session.connection(), snapshot)

    def deletion_impact(self, person_ids: Sequence[int]) -> DeletionImpact:
        """Counts of what :meth:`delete` would remove, or leave without an owner."""
        ids = list(person_ids)
        totals = dict.fromkeys(
            ("people", "activities", "memberships", "identities", "plans", "items", "owned"), 0
        )
        sources = {
            "people": Person.id,
            "activities": Activity.person_id,
            "memberships": Membership.person_id,
            "identities": Identity.person_id,
            "plans": Plan.owner_id,
            "items": PlanItem.owner_id,
            "owned": Community.owner_id,
        }
        with self.store.read() as session:
            for start in range(0, len(ids), CHUNK):
                chunk = ids[start : start + CHUNK]
                for key, column in sources.items():
                    query = sa.select(sa.func.count()).where(column.in_(chunk))
                    totals[key] += int(session.execute(query).scalar_one())
        return DeletionImpact(
            people=totals["people"],
            activities=totals["activities"],
            memberships=totals["memberships"],
            identities=totals["identities"],
            plans_owned=totals["plans"],
            items_owned=totals["items"],
            communities_owned=totals["owned"],
        )


def _existing(connection: Connection, ids: list[int]) -> list[int]:
    """Those of ``ids`` that are people (in the order given)."""
    found = set(connection.scalars(sa.select(Person.id).where(Person.id.in_(ids))))
    return [i for i in ids if i in found]


def _chunks(
    ids: Sequence[int], progress: ProgressCallback | None = None, message: str = ""
) -> Iterator[list[int]]:
    unique = list(dict.fromkeys(ids))
    for start in range(0, len(unique), CHUNK):
        if progress is not None and not progress(start / max(len(unique), 1), message):
            raise BulkCancelled("Stopped; nothing was changed.")
        yield unique[start : start + CHUNK]
    if progress is not None:
        progress(1.0, message)
