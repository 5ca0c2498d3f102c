"""Writing imported people, a chunk of rows at a time, inside the caller's one transaction.

Each chunk costs a handful of statements whatever its size: one lookup of the emails and
one per platform of the handles it names (against the store and against the rows already
imported from the same file), then ``executemany`` inserts with ids handed out here. The
search index is kept right the way :func:`commdesk.store.search.bulk_load` does it, but
only for the people this import touched: its per-row triggers are set aside for the
duration and the touched people's index rows are rebuilt in one pass at the end.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from sqlalchemy import Connection

from commdesk.domain.enums import Platform
from commdesk.io.importing.people_rows import PersonRow, Reject

Policy = Literal["merge", "skip", "create"]
POLICIES: tuple[Policy, ...] = ("merge", "skip", "create")
LOOKUP_CHUNK = 400  # bound parameters per IN (...): well under SQLite's limit


@dataclass
class Counts:
    created: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: list[Reject] = field(default_factory=list)


class PeopleWriter:
    """Dedupes and stores chunks of :class:`PersonRow` on one connection (one transaction)."""

    def __init__(self, connection: Connection, policy: Policy) -> None:
        self.connection = connection
        self.policy = policy
        self.counts = Counts()
        self.now = int(time.time())
        self.next_id = int(self._scalar("SELECT coalesce(max(id), 0) FROM people")) + 1
        self.organisations: dict[str, int] = {}
        self.tags: dict[str, int] = {}
        # Who this import already created or merged into, so a file's own duplicates dedupe.
        self.by_email: dict[str, int] = {}
        self.by_handle: dict[tuple[Platform, str], int] = {}
        self.touched: list[int] = []
        # Rows waiting for the next executemany of each table.
        self.people: list[tuple[Any, ...]] = []
        self.mails: list[tuple[Any, ...]] = []
        self.idents: list[tuple[Any, ...]] = []
        self.roles: list[tuple[Any, ...]] = []
        self.person_tags: list[tuple[Any, ...]] = []

    def _scalar(self, sql: str, *params: Any) -> Any:
        return self.connection.exec_driver_sql(sql, params).scalar()

    def _many(self, sql: str, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            self.connection.exec_driver_sql(sql, list(rows))

    def write(self, rows: Sequence[PersonRow]) -> None:
        emails, handles = self._existing(rows)
        pending: set[int] = set()
        for row in rows:
            match, conflict = self._match(row, emails, handles)
            if conflict is not None:
                self.counts.rejected.append(conflict)
                continue
            if match is not None and self.policy == "skip":
                self.counts.skipped += 1
                continue
            if match is not None and self.policy == "merge":
                if match in pending:  # a duplicate of a row of this very chunk
                    self._flush()
                    pending.clear()
                self._merge(match, row)
                self.counts.merged += 1
                continue
            person_id = self.next_id
            self.next_id += 1
            pending.add(person_id)
            org = self._organisation(row.organisation)
            self.people.append(_person_values(person_id, row, org, self.now))
            self.mails += [(person_id, e, i) for i, e in enumerate(row.emails)]
            self.idents += [(person_id, p.value, h, url) for p, h, url in row.identities]
            self.roles += [(person_id, r.value) for r in row.roles]
            self.person_tags += [(person_id, self._tag(t)) for t in row.tags]
            self._remember(person_id, row)
            self.counts.created += 1
        self._flush()

    def _flush(self) -> None:
        self._many(
            "INSERT INTO people (id, name, phone, job_title, department, location, notes, "
            "organisation_id, consent, consent_on, consent_source, archived, created_at, "
            "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)",
            self.people,
        )
        self._many(
            "INSERT INTO person_emails (person_id, email, position) VALUES (?, ?, ?)", self.mails
        )
        self._many(
            "INSERT INTO identities (person_id, platform, handle, profile_url) VALUES (?, ?, ?, ?)",
            self.idents,
        )
        self._many("INSERT INTO person_roles (person_id, role) VALUES (?, ?)", self.roles)
        self._many(
            "INSERT OR IGNORE INTO person_tags (person_id, tag_id) VALUES (?, ?)", self.person_tags
        )
        self.people, self.mails, self.idents, self.roles, self.person_tags = [], [], [], [], []

    def _remember(self, person_id: int, row: PersonRow) -> None:
        self.touched.append(person_id)
        for email in row.emails:
            self.by_email.setdefault(email, person_id)
        for platform, handle, _url in row.identities:
            self.by_handle.setdefault((platform, handle), person_id)

    def _existing(
        self, rows: Sequence[PersonRow]
    ) -> tuple[dict[str, int], dict[tuple[Platform, str], int]]:
        """Who in the store already has the chunk's emails and handles."""
        wanted = sorted({e for r in rows for e in r.emails if e not in self.by_email})
        emails: dict[str, int] = {}
        for part in _chunks(wanted):
            marks = ", ".join("?" * len(part))
            for email, person_id in self.connection.exec_driver_sql(
                "SELECT email, min(person_id) FROM person_emails WHERE email IN (" + marks + ") "
                "GROUP BY email",
                tuple(part),
            ):
                emails[email] = person_id
        handles: dict[tuple[Platform, str], int] = {}
        by_platform: dict[Platform, set[str]] = {}
        for row in rows:
            for platform, handle, _url in row.identities:
                by_platform.setdefault(platform, set()).add(handle)
        for platform, names in by_platform.items():
            for part in _chunks(sorted(names)):
                marks = ", ".join("?" * len(part))
                for handle, person_id in self.connection.exec_driver_sql(
                    "SELECT handle, person_id FROM identities WHERE platform = ? "
                    "AND handle IN (" + marks + ")",
                    (platform.value, *part),
                ):
                    handles[(platform, handle)] = person_id
        return emails, handles

    def _match(
        self,
        row: PersonRow,
        emails: dict[str, int],
        handles: dict[tuple[Platform, str], int],
    ) -> tuple[int | None, Reject | None]:
        """The person ``row`` duplicates (by email, then handle), or a conflict to reject."""
        match: int | None = None
        for email in row.emails:
            match = self.by_email.get(email) or emails.get(email)
            if match is not None:
                break
        for platform, handle, _url in row.identities:
            owner = self.by_handle.get((platform, handle)) or handles.get((platform, handle))
            if owner is None:
                continue
            if match is None:
                match = owner
            elif owner != match:
                return None, Reject(
                    row.row,
                    f"{platform.label} handle",
                    f"the email matches person {match} but the handle {handle!r} belongs "
                    f"to person {owner}",
                )
            if self.policy == "create":
                return None, Reject(
                    row.row,
                    f"{platform.label} handle",
                    f"{handle!r} already belongs to person {owner}; merge or skip it instead",
                )
        return match, None

    def _merge(self, person_id: int, row: PersonRow) -> None:
        """Fill what the person lacks; never overwrite what they have."""
        org = self._organisation(row.organisation)
        self.connection.exec_driver_sql(
            "UPDATE people SET phone = coalesce(phone, ?), job_title = coalesce(job_title, ?), "
            "department = coalesce(department, ?), location = coalesce(location, ?), "
            "notes = coalesce(notes, ?), organisation_id = coalesce(organisation_id, ?), "
            "consent = max(consent, ?), consent_on = coalesce(consent_on, ?), "
            "consent_source = coalesce(consent_source, ?), updated_at = ? WHERE id = ?",
            (
                row.phone,
                row.job_title,
                row.department,
                row.location,
                row.notes,
                org,
                int(row.consent),
                row.consent_on.isoformat() if row.consent_on else None,
                row.consent_source,
                self.now,
                person_id,
            ),
        )
        self._many(
            "INSERT OR IGNORE INTO person_emails (person_id, email, position) VALUES "
            "(?, ?, (SELECT coalesce(max(position) + 1, 0) FROM person_emails "
            "WHERE person_id = ?))",
            [(person_id, e, person_id) for e in row.emails],
        )
        self._many(
            "INSERT OR IGNORE INTO identities (person_id, platform, handle, profile_url) "
            "VALUES (?, ?, ?, ?)",
            [(person_id, p.value, h, url) for p, h, url in row.identities],
        )
        self._many(
            "INSERT OR IGNORE INTO person_roles (person_id, role) VALUES (?, ?)",
            [(person_id, r.value) for r in row.roles],
        )
        self._many(
            "INSERT OR IGNORE INTO person_tags (person_id, tag_id) VALUES (?, ?)",
            [(person_id, self._tag(t)) for t in row.tags],
        )
        self._remember(person_id, row)

    def _organisation(self, name: str | None) -> int | None:
        if not name:
            return None
        key = name.casefold()
        if key not in self.organisations:
            found = self._scalar(
                "SELECT id FROM organisations WHERE lower(name) = lower(?) LIMIT 1", name
            )
            if found is None:
                found = self._scalar(
                    "INSERT INTO organisations (name, kind, created_at, updated_at) "
                    "VALUES (?, 'company', ?, ?) RETURNING id",
                    name,
                    self.now,
                    self.now,
                )
            self.organisations[key] = int(found)
        return self.organisations[key]

    def _tag(self, name: str) -> int:
        if name not in self.tags:
            found = self._scalar("SELECT id FROM tags WHERE name = ?", name)
            if found is None:
                found = self._scalar("INSERT INTO tags (name) VALUES (?) RETURNING id", name)
            self.tags[name] = int(found)
        return self.tags[name]

    def finish(self) -> None:
        self.refresh_search()

    def refresh_search(self) -> None:
        """Rebuild the search index rows of every person this import touched."""
        conn = self.connection
        conn.exec_driver_sql(
            "CREATE TEMP TABLE IF NOT EXISTS import_touched (id INTEGER PRIMARY KEY)"
        )
        conn.exec_driver_sql("DELETE FROM import_touched")
        self._many(
            "INSERT OR IGNORE INTO import_touched (id) VALUES (?)", [(i,) for i in self.touched]
        )
        conn.exec_driver_sql(
            "DELETE FROM person_search WHERE rowid IN (SELECT id FROM import_touched)"
        )
        conn.exec_driver_sql(
            "INSERT INTO person_search(rowid, name, emails, handles, organisation) "
            "SELECT p.id, p.name, "
            "coalesce((SELECT group_concat(email, ' ') FROM person_emails WHERE person_id = p.id), ''), "
            "coalesce((SELECT group_concat(handle, ' ') FROM identities WHERE person_id = p.id), ''), "
            "coalesce((SELECT name FROM organisations WHERE id = p.organisation_id), '') "
            "FROM import_touched AS t JOIN people AS p ON p.id = t.id"
        )
        conn.exec_driver_sql("DROP TABLE import_touched")


@contextmanager
def search_triggers_set_aside(connection: Connection) -> Iterator[None]:
    """Drop the people search triggers for the block and put them back exactly (from the
    schema's own text). Inside the caller's transaction: a rollback restores them too."""
    triggers = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'person\\_search\\_%' ESCAPE '\\' ORDER BY name"
    ).all()
    for name, _sql in triggers:
        connection.exec_driver_sql('DROP TRIGGER "' + name.replace('"', '""') + '"')
    yield
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)


def _person_values(
    person_id: int, row: PersonRow, organisation_id: int | None, now: int
) -> tuple[Any, ...]:
    return (
        person_id,
        row.name,
        row.phone,
        row.job_title,
        row.department,
        row.location,
        row.notes,
        organisation_id,
        int(row.consent),
        row.consent_on.isoformat() if row.consent_on else None,
        row.consent_source,
        now,
        now,
    )


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), LOOKUP_CHUNK):
        yield values[start : start + LOOKUP_CHUNK]
