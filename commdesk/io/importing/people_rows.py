"""One row of a file turned into a person to store, or into the reasons it cannot be.

Every problem names the row (as the spreadsheet numbers it), the column (its header) and
the reason; a row with any problem is rejected whole and the rest of the file goes on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlparse

from commdesk.domain.enums import Platform, StakeholderRole
from commdesk.errors import ValidationError
from commdesk.io.importing.fields import FIELDS_BY_KEY, Mapping
from commdesk.services import validation

_LIST_SPLIT = re.compile(r"\s*[;,|\n]\s*")
_EMAIL_SPLIT = re.compile(r"[;,\s]+")
_ANGLED = re.compile(r"<([^<>\s]+@[^<>\s]+)>")  # "Ada Lovelace <ada@example.org>"
_TRUE = {"yes", "y", "true", "1", "x", "ja", "oui", "si", "sí", "wahr", "vrai", "opted in"}
_FALSE = {"no", "n", "false", "0", "nein", "non", "falsch", "faux", ""}
_DATE_FORMATS = ("%Y-%m-%d", "%d %b %Y", "%d %B %Y", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d")
MAX_TAG = 80


@dataclass(frozen=True)
class Reject:
    """A row that was not imported: where, and why."""

    row: int
    column: str
    reason: str
    cells: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"row {self.row}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.reason}"


@dataclass
class PersonRow:
    """A person as a row of the file gives it; plain values, safe across threads."""

    row: int
    name: str
    emails: list[str] = field(default_factory=list)
    phone: str | None = None
    job_title: str | None = None
    department: str | None = None
    location: str | None = None
    notes: str | None = None
    organisation: str | None = None
    roles: list[StakeholderRole] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    consent: bool = False
    consent_on: date | None = None
    consent_source: str | None = None
    identities: list[tuple[Platform, str, str | None]] = field(default_factory=list)


# Fields kept as one text each: (the name a message gives it, the longest text accepted).
_TEXTS = {
    "phone": ("phone", 50),
    "job_title": ("job title", 200),
    "department": ("department", 200),
    "location": ("location", 200),
    "organisation": ("organisation", 200),
    "consent_source": ("consent source", 200),
}


def convert(
    number: int, cells: list[str], header: list[str], mapping: Mapping
) -> PersonRow | list[Reject]:
    """The person a row describes, or every problem found in it."""
    problems: list[Reject] = []
    values: dict[str, list[tuple[str, str]]] = {}  # field -> [(column header, text)]
    for index, key in enumerate(mapping):
        if key is None or index >= len(cells):
            continue
        text = cells[index].strip()
        if text:
            column = header[index] if index < len(header) else f"column {index + 1}"
            values.setdefault(key, []).append((column, text))
    person = PersonRow(row=number, name="")
    for key, found in values.items():
        column, text = found[0]
        if key in _TEXTS:
            check, longest = _TEXTS[key]
            if len(text) > longest or "\x00" in text:  # the rare case: let validation say why
                try:
                    validation.optional_text(check, text, max_length=longest)
                except ValidationError as exc:
                    problems.append(Reject(number, column, exc.message))
                continue
            setattr(person, key, text)
        elif key == "email":
            _emails(number, found, person, problems)
        elif key in ("roles", "tags"):
            _words(number, key, found, person, problems)
        elif key == "notes":
            try:
                person.notes = validation.optional_text(
                    "notes", "\n".join(t for _c, t in found), max_length=100_000
                )
            except ValidationError as exc:
                problems.append(Reject(number, column, exc.message))
        elif key == "consent":
            if text.casefold() in _TRUE:
                person.consent = True
            elif text.casefold() not in _FALSE:
                problems.append(Reject(number, column, f"{text!r} is not yes or no"))
        elif key == "consent_on":
            person.consent_on = parse_date(text)
            if person.consent_on is None:
                problems.append(Reject(number, column, f"{text!r} is not a date (use 2024-03-31)"))
        elif key.startswith("handle:"):
            try:
                person.identities.append(parse_handle(Platform(key[7:]), text))
            except ValidationError as exc:
                problems.append(Reject(number, column, exc.message))
    person.name = _name(number, values, person, problems)
    return problems or person


def _emails(
    number: int, found: list[tuple[str, str]], person: PersonRow, problems: list[Reject]
) -> None:
    for column, text in found:
        addresses = _ANGLED.findall(text) if "<" in text else _EMAIL_SPLIT.split(text)
        for address in addresses:
            if not address:
                continue
            try:
                checked = validation.email("email", address)
            except ValidationError as exc:
                problems.append(Reject(number, column, exc.message))
                continue
            if len(checked) > 320:
                problems.append(Reject(number, column, "email is longer than 320 characters"))
            elif checked not in person.emails:
                person.emails.append(checked)


def _words(
    number: int, key: str, found: list[tuple[str, str]], person: PersonRow, problems: list[Reject]
) -> None:
    for column, text in found:
        for word in filter(None, _LIST_SPLIT.split(text)):
            if key == "roles":
                try:
                    role = validation.enum_value("role", StakeholderRole, word)
                except ValidationError as exc:
                    problems.append(Reject(number, column, exc.message))
                    continue
                if role not in person.roles:
                    person.roles.append(role)
            elif len(word) > MAX_TAG or "\x00" in word:
                problems.append(Reject(number, column, f"tag {word[:20]!r}… is too long"))
            elif word not in person.tags:
                person.tags.append(word)


def _name(
    number: int, values: dict[str, list[tuple[str, str]]], person: PersonRow, problems: list[Reject]
) -> str:
    parts = [values[k][0][1] for k in ("first_name", "last_name") if k in values]
    column, text = values["name"][0] if "name" in values else ("", " ".join(parts))
    if not text:
        # A follows list knows only handles; an address book may know only an email.
        text = person.identities[0][1] if person.identities else ""
        text = text or (person.emails[0] if person.emails else "")
    if not text:
        if not problems:
            problems.append(Reject(number, "", "no name, email or handle"))
        return ""
    try:
        return validation.required_text(FIELDS_BY_KEY["name"].label.lower(), text)
    except ValidationError as exc:
        problems.append(Reject(number, column or "name", exc.message))
        return ""


def parse_date(text: str) -> date | None:
    text = text.strip()
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        return None


def parse_handle(platform: Platform, text: str) -> tuple[Platform, str, str | None]:
    """``(platform, handle, profile URL)`` from a handle or a profile address.

    ``https://www.linkedin.com/in/ada`` -> ``ada``; ``https://social.example/@ada`` ->
    ``ada@social.example``; ``@ada@social.example`` -> ``ada@social.example``.
    """
    text = text.strip()
    profile: str | None = None
    if text.lower().startswith(("http://", "https://")):
        profile = validation.url("profile URL", text)
        parsed = urlparse(text)
        segments = [s for s in parsed.path.split("/") if s]
        if not segments:
            raise ValidationError("profile URL", f"{text!r} does not name a profile")
        handle = segments[-1]
        if platform == Platform.LINKEDIN and "in" in segments:
            handle = segments[segments.index("in") + 1] if segments[-1] != "in" else handle
        if handle.startswith("@"):
            handle = handle[1:]
            if platform == Platform.MASTODON and "@" not in handle:
                handle = f"{handle}@{parsed.hostname}"
        if profile and len(profile) > 500:
            raise ValidationError("profile URL", "is longer than 500 characters")
    else:
        handle = text.removeprefix("@") if platform == Platform.MASTODON else text
    handle = validation.required_text(f"{platform.label} handle", handle)
    return platform, handle, profile
