"""Rows of an organisations, communities, memberships or activities file turned into plain
records, or into the problems (row, column, reason) that reject them."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TypeVar

from commdesk.domain.enums import (
    ActivityKind,
    CommunityScope,
    MembershipRole,
    OrganisationKind,
    Platform,
)
from commdesk.errors import ValidationError
from commdesk.io.importing.fields import Mapping
from commdesk.io.importing.people_rows import Reject, parse_date, parse_handle
from commdesk.services import validation

E = TypeVar("E", bound=StrEnum)
_SPLIT = re.compile(r"[;,\s]+")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$")


class _Row:
    """The cells of one row by field, and the problems found so far."""

    def __init__(self, number: int, cells: list[str], header: list[str], mapping: Mapping):
        self.number = number
        self.problems: list[Reject] = []
        self.values: dict[str, list[tuple[str, str]]] = {}
        for index, key in enumerate(mapping):
            if key is None or index >= len(cells) or not cells[index].strip():
                continue
            column = header[index] if index < len(header) else f"column {index + 1}"
            self.values.setdefault(key, []).append((column, cells[index].strip()))

    def check(self, key: str, check: Callable[[str], object]) -> object | None:
        if key not in self.values:
            return None
        column, text = self.values[key][0]
        try:
            return check(text)
        except ValidationError as exc:
            self.problems.append(Reject(self.number, column, exc.message))
            return None

    def text(self, key: str, max_length: int = 200, *, required: bool = False) -> str | None:
        if required and key not in self.values:
            self.problems.append(Reject(self.number, "", f"no {key.replace('_', ' ')}"))
            return None
        found = self.check(key, lambda t: validation.optional_text(key, t, max_length=max_length))
        return found if isinstance(found, str) else None

    def enum(self, key: str, enum: type[E], default: E | None = None) -> E | None:
        found = self.check(key, lambda t: validation.enum_value(key, enum, t))
        return found if isinstance(found, enum) else default

    def date(self, key: str) -> date | None:
        return self.check(key, lambda t: _date(key, t))  # type: ignore[return-value]

    def who(self) -> tuple[str | None, tuple[Platform, str] | None]:
        """The person's email and/or first handle, as the row names them."""
        email = self.check("person_email", lambda t: validation.email("email", t))
        handle = None
        for key in self.values:
            if key.startswith("handle:"):
                platform = Platform(key.split(":", 1)[1])

                def check(text: str, platform: Platform = platform) -> object:
                    return parse_handle(platform, text)

                found = self.check(key, check)
                if isinstance(found, tuple):
                    handle = (found[0], found[1])
                break
        if email is None and handle is None and not self.problems:
            self.problems.append(Reject(self.number, "", "no email or handle names the person"))
        return (email if isinstance(email, str) else None), handle


def _date(key: str, text: str) -> date:
    found = parse_date(text)
    if found is None:
        raise ValidationError(key, f"{text!r} is not a date (use 2024-03-31)")
    return found


def _moment(text: str) -> datetime:
    """A point in time from an ISO date-time (UTC unless it says otherwise) or a date."""
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace(" UTC", "+00:00"))
    except ValueError:
        day = parse_date(text)
        if day is None:
            raise ValidationError(
                "when", f"{text!r} is not a date or time (use 2024-03-31 14:30)"
            ) from None
        moment = datetime(day.year, day.month, day.day)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass
class OrganisationRow:
    row: int
    name: str
    kind: OrganisationKind | None = None
    website: str | None = None
    domains: list[str] = field(default_factory=list)


@dataclass
class CommunityRow:
    row: int
    name: str
    purpose: str | None = None
    scope: CommunityScope | None = None


@dataclass
class MembershipRow:
    row: int
    email: str | None
    handle: tuple[Platform, str] | None
    community: str
    role: MembershipRole | None = None
    joined_on: date | None = None
    left_on: date | None = None


@dataclass
class ActivityRow:
    row: int
    email: str | None
    handle: tuple[Platform, str] | None
    occurred_at: datetime
    platform: Platform
    kind: ActivityKind
    title: str | None = None
    url: str | None = None
    community: str | None = None
    external_id: str | None = None


def organisation(
    number: int, cells: list[str], header: list[str], mapping: Mapping
) -> OrganisationRow | list[Reject]:
    row = _Row(number, cells, header, mapping)
    name = row.text("name", required=True)
    result = OrganisationRow(number, name or "", row.enum("kind", OrganisationKind))
    result.website = row.check("website", lambda t: validation.url("website", t))  # type: ignore[assignment]
    for column, text in row.values.get("domains", []):
        for word in filter(None, _SPLIT.split(text.lower())):
            domain = word.removeprefix("@")
            if not _DOMAIN.match(domain):
                row.problems.append(Reject(number, column, f"{domain!r} is not an email domain"))
            elif domain not in result.domains:
                result.domains.append(domain)
    return row.problems or result


def community(
    number: int, cells: list[str], header: list[str], mapping: Mapping
) -> CommunityRow | list[Reject]:
    row = _Row(number, cells, header, mapping)
    name = row.text("name", required=True)
    purpose = row.text("purpose", 100_000)
    result = CommunityRow(number, name or "", purpose, row.enum("scope", CommunityScope))
    return row.problems or result


def membership(
    number: int, cells: list[str], header: list[str], mapping: Mapping
) -> MembershipRow | list[Reject]:
    row = _Row(number, cells, header, mapping)
    email, handle = row.who()
    name = row.text("community", required=True)
    result = MembershipRow(number, email, handle, name or "", row.enum("role", MembershipRole))
    result.joined_on, result.left_on = row.date("joined_on"), row.date("left_on")
    if result.joined_on and result.left_on and result.left_on < result.joined_on:
        column = row.values["left_on"][0][0]
        row.problems.append(Reject(number, column, "left before joining"))
    return row.problems or result


def activity(
    number: int, cells: list[str], header: list[str], mapping: Mapping
) -> ActivityRow | list[Reject]:
    row = _Row(number, cells, header, mapping)
    email, handle = row.who()
    when = row.check("occurred_at", _moment)
    platform = row.enum("platform", Platform)
    kind = row.enum("kind", ActivityKind)
    title = row.text("title", 500)
    url = row.check("url", lambda t: validation.url("link", t))
    if url is not None and len(str(url)) > 1000:
        row.problems.append(Reject(number, row.values["url"][0][0], "link is too long"))
    community_name = row.text("community")
    external_id = row.text("external_id")
    for key, found in (("occurred_at", when), ("platform", platform), ("kind", kind)):
        if found is None and key not in row.values:
            row.problems.append(Reject(number, "", f"no {key.replace('_', ' ')}"))
    if row.problems or not isinstance(when, datetime) or platform is None or kind is None:
        return row.problems
    return ActivityRow(
        number,
        email,
        handle,
        when,
        platform,
        kind,
        title,
        url if isinstance(url, str) else None,
        community_name,
        external_id,
    )
