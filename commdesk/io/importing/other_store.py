"""Writing imported organisations, communities, memberships and activities, inside the
caller's one transaction.

Duplicates: an organisation or a community with the same name (any case), a membership of
the same person in the same community, an activity with the same platform and external id.
"merge" fills in what the stored record lacks (a membership takes the file's role and
dates), "skip" leaves it, "create" rejects the row, since the store allows only one. These
files are rarely large: rows are written one statement each, with lookups cached. The people
whose activities were added are rescored at the end, together (see ActivityWriter.finish).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection

from commdesk.domain.enums import Platform
from commdesk.io.importing.other_rows import (
    ActivityRow,
    CommunityRow,
    MembershipRow,
    OrganisationRow,
)
from commdesk.io.importing.people_rows import Reject
from commdesk.io.importing.people_store import Counts, Policy
from commdesk.services.engagement import scores


class _Writer:
    table = ""
    noun = ""

    def __init__(self, connection: Connection, policy: Policy) -> None:
        self.connection = connection
        self.policy = policy
        self.counts = Counts()
        self.now = int(time.time())
        self._people: dict[object, int | None] = {}
        self._names: dict[str, int] | None = None

    def _sql(self, sql: str, *params: Any) -> Any:
        return self.connection.exec_driver_sql(sql, params)

    def _duplicate(self, row: int, existing: int, what: str) -> bool:
        """Apply the skip/create policy to a duplicate; True when the row is dealt with."""
        if self.policy == "skip":
            self.counts.skipped += 1
            return True
        if self.policy == "create":
            self.counts.rejected.append(
                Reject(row, "", f"{what} already exists (#{existing}); merge or skip it instead")
            )
            return True
        return False

    def named(self, table: str, name: str) -> int | None:
        """The id of the organisation or community called ``name`` (any case)."""
        if self._names is None:
            rows = self._sql("SELECT id, name FROM " + _TABLES[table])
            self._names = {str(n).casefold(): int(i) for i, n in rows}
        return self._names.get(name.casefold())

    def remember_name(self, name: str, new_id: int) -> None:
        if self._names is not None:
            self._names[name.casefold()] = new_id

    def person(self, email: str | None, handle: tuple[Platform, str] | None) -> int | None:
        key = (email, handle)
        if key not in self._people:
            found = None
            if email is not None:
                found = self._sql(
                    "SELECT min(person_id) FROM person_emails WHERE email = ?", email
                ).scalar()
            if found is None and handle is not None:
                found = self._sql(
                    "SELECT person_id FROM identities WHERE platform = ? AND handle = ?",
                    handle[0].value,
                    handle[1],
                ).scalar()
            self._people[key] = found
        return self._people[key]

    def finish(self) -> None:
        """Nothing to rebuild: these tables keep their own triggers."""


_TABLES = {"organisations": "organisations", "communities": "communities"}


class OrganisationWriter(_Writer):
    def write(self, rows: Sequence[OrganisationRow]) -> None:
        for row in rows:
            owners = {
                d: self._sql(
                    "SELECT organisation_id FROM organisation_domains WHERE domain = ?", d
                ).scalar()
                for d in row.domains
            }
            existing = self.named("organisations", row.name)
            taken = [d for d, owner in owners.items() if owner is not None and owner != existing]
            if taken:
                self.counts.rejected.append(
                    Reject(row.row, "", f"the domain {taken[0]!r} belongs to another organisation")
                )
                continue
            if existing is not None:
                if self._duplicate(row.row, existing, f"the organisation {row.name!r}"):
                    continue
                self._sql(
                    "UPDATE organisations SET website = coalesce(website, ?), updated_at = ? "
                    "WHERE id = ?",
                    row.website,
                    self.now,
                    existing,
                )
                self.counts.merged += 1
                org_id = existing
            else:
                org_id = self._sql(
                    "INSERT INTO organisations (name, kind, website, created_at, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) RETURNING id",
                    row.name,
                    (row.kind.value if row.kind else "company"),
                    row.website,
                    self.now,
                    self.now,
                ).scalar()
                self.remember_name(row.name, int(org_id))
                self.counts.created += 1
            for domain in row.domains:
                self._sql(
                    "INSERT OR IGNORE INTO organisation_domains (organisation_id, domain) "
                    "VALUES (?, ?)",
                    org_id,
                    domain,
                )


class CommunityWriter(_Writer):
    def write(self, rows: Sequence[CommunityRow]) -> None:
        for row in rows:
            existing = self.named("communities", row.name)
            if existing is not None:
                if self._duplicate(row.row, existing, f"the community {row.name!r}"):
                    continue
                self._sql(
                    "UPDATE communities SET purpose = coalesce(purpose, ?), updated_at = ? "
                    "WHERE id = ?",
                    row.purpose,
                    self.now,
                    existing,
                )
                self.counts.merged += 1
                continue
            new_id = self._sql(
                "INSERT INTO communities (name, purpose, scope, archived, created_at, updated_at) "
                "VALUES (?, ?, ?, 0, ?, ?) RETURNING id",
                row.name,
                row.purpose,
                row.scope.value if row.scope else "external",
                self.now,
                self.now,
            ).scalar()
            self.remember_name(row.name, int(new_id))
            self.counts.created += 1


class MembershipWriter(_Writer):
    def write(self, rows: Sequence[MembershipRow]) -> None:
        for row in rows:
            person_id, community_id = self._ends(row.row, row.email, row.handle, row.community)
            if person_id is None or community_id is None:
                continue
            existing = self._sql(
                "SELECT id, role, joined_on, left_on FROM memberships "
                "WHERE person_id = ? AND community_id = ?",
                person_id,
                community_id,
            ).first()
            if existing is None:
                self._sql(
                    "INSERT INTO memberships (person_id, community_id, role, joined_on, left_on) "
                    "VALUES (?, ?, ?, ?, ?)",
                    person_id,
                    community_id,
                    row.role.value if row.role else "member",
                    _iso(row.joined_on),
                    _iso(row.left_on),
                )
                self.counts.created += 1
                continue
            if self._duplicate(row.row, existing[0], "this membership"):
                continue
            joined = _iso(row.joined_on) or existing[2]
            left = _iso(row.left_on) or existing[3]
            if joined and left and left < joined:
                self.counts.rejected.append(
                    Reject(row.row, "", f"would leave ({left}) before joining ({joined})")
                )
                continue
            self._sql(
                "UPDATE memberships SET role = ?, joined_on = ?, left_on = ? WHERE id = ?",
                row.role.value if row.role else existing[1],
                joined,
                left,
                existing[0],
            )
            self.counts.merged += 1

    def _ends(
        self, row: int, email: str | None, handle: tuple[Platform, str] | None, community: str
    ) -> tuple[int | None, int | None]:
        person_id = self.person(email, handle)
        if person_id is None:
            who = email or (f"{handle[0].label} handle {handle[1]!r}" if handle else "?")
            self.counts.rejected.append(Reject(row, "", f"no person with {who}"))
            return None, None
        community_id = self.named("communities", community)
        if community_id is None:
            self.counts.rejected.append(Reject(row, "", f"no community named {community!r}"))
        return person_id, community_id


class ActivityWriter(MembershipWriter):
    def __init__(self, connection: Connection, policy: Policy) -> None:
        super().__init__(connection, policy)
        self.authors: set[int] = set()  # people with an activity added by this import

    def finish(self) -> None:
        """Rescore the people whose activity this import added, all at once, before the
        import commits: their scores are never stale, and nobody else's is touched."""
        scores.rescore_people(self.connection, self.authors)

    def write(self, rows: Sequence[ActivityRow]) -> None:  # type: ignore[override]
        for row in rows:
            person_id = self.person(row.email, row.handle)
            if person_id is None:
                who = row.email or (
                    f"{row.handle[0].label} handle {row.handle[1]!r}" if row.handle else "?"
                )
                self.counts.rejected.append(Reject(row.row, "", f"no person with {who}"))
                continue
            community_id = None
            if row.community:
                community_id = self.named("communities", row.community)
                if community_id is None:
                    self.counts.rejected.append(
                        Reject(row.row, "", f"no community named {row.community!r}")
                    )
                    continue
            existing = None
            if row.external_id:
                existing = self._sql(
                    "SELECT id FROM activities WHERE platform = ? AND external_id = ?",
                    row.platform.value,
                    row.external_id,
                ).scalar()
            if existing is not None:
                if self._duplicate(row.row, existing, "this activity"):
                    continue
                self._sql(
                    "UPDATE activities SET title = coalesce(title, ?), url = coalesce(url, ?), "
                    "community_id = coalesce(community_id, ?) WHERE id = ?",
                    row.title,
                    row.url,
                    community_id,
                    existing,
                )
                self.counts.merged += 1
                continue
            self._sql(
                "INSERT INTO activities (occurred_at, person_id, community_id, platform, kind, "
                "title, url, source, external_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'import', ?)",
                int(row.occurred_at.timestamp()),
                person_id,
                community_id,
                row.platform.value,
                row.kind.value,
                row.title,
                row.url,
                row.external_id,
            )
            self.authors.add(person_id)
            self.counts.created += 1


def _iso(day: object) -> str | None:
    return day.isoformat() if day is not None else None  # type: ignore[attr-defined]
