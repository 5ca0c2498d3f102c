"""The store side of a sync: one page in, one transaction out.

People are matched by their identity on the platform, then by email; anyone else becomes a new
person. A new person whose name is already someone else's is recorded as a likely duplicate to
offer for merge, never merged. Activities go in by their external id, so a second sync of the
same page adds nothing. The stream's cursor is saved in the same transaction as the rows it
covers: a sync that stops anywhere keeps every page it finished and resumes after the last one.
When the sync ends (done, failed or cancelled) :meth:`StoreWriter.rescore_added` rescores the
authors of every activity it added, together, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from commdesk.domain import Activity, Identity, MergeCandidate, Person, PersonEmail
from commdesk.domain.base import utc_now
from commdesk.domain.communities import Membership
from commdesk.domain.enums import ActivitySource, MembershipRole, Platform
from commdesk.services.engagement import scores
from commdesk.store import Store
from commdesk.sync.records import FoundPerson, Page

CHUNK = 500  # bound parameters per IN (...) lookup, far below SQLite's limit

T = TypeVar("T")

# One statement for every activity row, parameters bound: this is the hot path of a sync.
INSERT_ACTIVITY = (
    "INSERT INTO activities (occurred_at, person_id, community_id, platform, kind, title, url,"
    " source, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (platform, external_id) DO NOTHING"
)


@dataclass
class WriteCounts:
    """What the writes added; summed over the pages of a sync."""

    people_added: int = 0
    people_matched: int = 0
    identities_added: int = 0
    activities_added: int = 0
    likely_duplicates: list[tuple[int, int]] = field(default_factory=list)

    def add(self, other: WriteCounts) -> None:
        self.people_added += other.people_added
        self.people_matched += other.people_matched
        self.identities_added += other.identities_added
        self.activities_added += other.activities_added
        self.likely_duplicates.extend(other.likely_duplicates)


class StoreWriter:
    """Writes a platform's pages into the store, each page in one transaction."""

    def __init__(self, store: Store, platform: Platform) -> None:
        self.store = store
        self.platform = platform
        # The largest activity id before the first page that added any: the rows above it
        # are this sync's, and their authors are whom rescore_added() rescores.
        self._added_after: int | None = None

    def write(
        self, page: Page, save_cursor: Callable[[Connection], None] | None = None
    ) -> WriteCounts:
        """Store one page and, in the same transaction, the cursor that follows it."""
        with self.store.begin() as connection:
            counts = WriteCounts()
            handles = self._people(connection, page.people, counts)
            missing = {a.handle for a in page.activities} | {h for h, _ in page.members}
            missing -= handles.keys()
            if missing:  # authors known from an earlier page
                handles.update(self._by_identity(connection, missing))
            counts.activities_added = self._activities(connection, page, handles)
            self._members(connection, page.members, handles)
            if save_cursor is not None:
                save_cursor(connection)
            return counts

    def _people(
        self, connection: Connection, found: Sequence[FoundPerson], counts: WriteCounts
    ) -> dict[str, int]:
        unique = {p.handle: p for p in found}  # a person seen twice on a page counts once
        handles = self._by_identity(connection, unique)
        counts.people_matched = len(handles)
        rest = [p for h, p in unique.items() if h not in handles]
        if not rest:
            return handles
        by_email = self._by_email(connection, {p.email.lower() for p in rest if p.email})
        new: list[FoundPerson] = []
        same_as: dict[str, str] = {}  # a handle -> the new person's handle with the same email
        first_with: dict[str, str] = {}
        for person in rest:
            email = person.email.lower() if person.email else None
            if email and email in by_email:
                handles[person.handle] = by_email[email]
                counts.people_matched += 1
            elif email and email in first_with:
                same_as[person.handle] = first_with[email]
            else:
                new.append(person)
                if email:
                    first_with[email] = person.handle
        if new:
            now = utc_now()
            rows = [{"name": p.name or p.handle, "created_at": now, "updated_at": now} for p in new]
            ids = connection.scalars(
                insert(Person).returning(Person.id, sort_by_parameter_order=True), rows
            ).all()
            handles.update(zip((p.handle for p in new), ids, strict=True))
            emails = [
                {"person_id": handles[p.handle], "email": p.email.lower(), "position": 0}
                for p in new
                if p.email
            ]
            if emails:
                connection.execute(insert(PersonEmail), emails)
            counts.people_added = len(new)
            counts.likely_duplicates = self._likely_duplicates(connection, new, handles)
            for handle, first in same_as.items():
                handles[handle] = handles[first]
        identities = [
            {
                "person_id": handles[p.handle],
                "platform": self.platform,
                "handle": p.handle,
                "profile_url": p.profile_url,
            }
            for p in rest
        ]
        connection.execute(insert(Identity), identities)
        counts.identities_added = len(identities)
        return handles

    def _by_identity(self, connection: Connection, handles: Iterable[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(list(handles)):
            query = select(Identity.handle, Identity.person_id).where(
                Identity.platform == self.platform, Identity.handle.in_(chunk)
            )
            found.update((k, v) for k, v in connection.execute(query))
        return found

    def _by_email(self, connection: Connection, emails: set[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for chunk in _chunks(sorted(emails)):
            query = (
                select(PersonEmail.email, PersonEmail.person_id)
                .where(PersonEmail.email.in_(chunk))
                .order_by(PersonEmail.person_id.desc())  # the oldest person wins
            )
            found.update((k, v) for k, v in connection.execute(query))
        return found

    def _likely_duplicates(
        self, connection: Connection, new: Sequence[FoundPerson], handles: dict[str, int]
    ) -> list[tuple[int, int]]:
        """New people named exactly like someone already there (display names only)."""
        named = {p.name: handles[p.handle] for p in new if p.name and p.name != p.handle}
        new_ids = set(handles.values())
        pairs: list[tuple[int, int]] = []
        for chunk in _chunks(sorted(named)):
            query = select(Person.name, Person.id).where(Person.name.in_(chunk))
            for name, other in connection.execute(query):
                if other not in new_ids:
                    pairs.append((named[name], other))
        if pairs:
            connection.execute(
                sqlite_insert(MergeCandidate).on_conflict_do_nothing(),
                [
                    {
                        "person_id": a,
                        "other_person_id": b,
                        "reason": f"same name, found on {self.platform.label}",
                        "created_at": utc_now(),
                    }
                    for a, b in pairs
                ],
            )
        return pairs

    def _activities(self, connection: Connection, page: Page, handles: dict[str, int]) -> int:
        if not page.activities:
            return 0
        # New rows get ids above the largest one: those are what this sync added (a repeat
        # of a page adds none), and their authors are who needs rescoring.
        before = None
        if self._added_after is None:
            before = connection.execute(select(func.max(Activity.id))).scalar() or 0
        platform = self.platform.value
        source = ActivitySource.SYNC.value
        rows = [
            (
                int(a.occurred_at.timestamp()),
                handles[a.handle],
                a.community_id,
                platform,
                a.kind.value,
                a.title[:500] if a.title else None,
                a.url[:1000] if a.url else None,
                source,
                a.external_id,
            )
            for a in page.activities
        ]
        added: int = connection.exec_driver_sql(INSERT_ACTIVITY, rows).rowcount
        if added and before is not None:
            self._added_after = before
        return added

    def rescore_added(self) -> int:
        """Rescore the authors of the activities this writer added, all at once (see
        :func:`scores.rescore_people`): what the engine does when a sync ends, however it
        ends. Rescoring at every page instead cost more than writing the page. Returns how
        many people were rescored."""
        if self._added_after is None:
            return 0
        authors = select(Activity.person_id).where(
            Activity.id > self._added_after,
            Activity.platform == self.platform,
            Activity.source == ActivitySource.SYNC,
        )
        with self.store.begin() as connection:
            rescored = scores.rescore_people(connection, authors)
        self._added_after = None
        return rescored

    def _members(
        self, connection: Connection, members: Sequence[tuple[str, int]], handles: dict[str, int]
    ) -> None:
        rows = [
            {"person_id": handles[h], "community_id": c, "role": MembershipRole.MEMBER}
            for h, c in members
            if h in handles
        ]
        if rows:
            connection.execute(sqlite_insert(Membership).on_conflict_do_nothing(), rows)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]
