"""Checks the services apply to what a person typed, each naming the field it refuses."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlparse

from commdesk.errors import ValidationError

E = TypeVar("E", bound=StrEnum)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _no_nul(field: str, value: str) -> str:
    # SQLite's text functions stop at a NUL, and no person means to type one.
    if "\x00" in value:
        raise ValidationError(field, "contains a NUL character")
    return value


def required_text(field: str, value: str | None, *, max_length: int = 200) -> str:
    cleaned = _no_nul(field, (value or "").strip())
    if not cleaned:
        raise ValidationError(field, "must not be empty")
    if len(cleaned) > max_length:
        raise ValidationError(field, f"is longer than {max_length} characters")
    return cleaned


def optional_text(field: str, value: str | None, *, max_length: int = 200) -> str | None:
    cleaned = _no_nul(field, (value or "").strip())
    if len(cleaned) > max_length:
        raise ValidationError(field, f"is longer than {max_length} characters")
    return cleaned or None


def email(field: str, value: str) -> str:
    cleaned = value.strip()
    if not _EMAIL.match(cleaned):
        raise ValidationError(field, f"{value!r} is not an email address")
    return cleaned.lower()


def url(field: str, value: str | None) -> str | None:
    cleaned = (value or "").strip()
    if not cleaned:
        return None
    parsed = urlparse(cleaned)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValidationError(field, f"{value!r} is not a web address (http:// or https://)")
    return cleaned


def enum_value(field: str, enum: type[E], value: str | E) -> E:
    if isinstance(value, enum):
        return value
    key = str(value).strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return enum(key)
    except ValueError:
        choices = ", ".join(m.value for m in enum)
        raise ValidationError(field, f"unknown value {value!r} (choose from {choices})") from None


def enum_values(field: str, enum: type[E], values: Iterable[str | E]) -> list[E]:
    seen: dict[E, None] = {}
    for value in values:
        seen[enum_value(field, enum, value)] = None
    return list(seen)


def date_range(start_field: str, start: date | None, end_field: str, end: date | None) -> None:
    if start is not None and end is not None and end < start:
        raise ValidationError(
            end_field, f"{end.isoformat()} is before {start_field} {start.isoformat()}"
        )
