"""What a file can be imported as: each target's fields, its row converter and its writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from commdesk.io.importing import other_rows
from commdesk.io.importing.errors import ImportFileError
from commdesk.io.importing.fields import PEOPLE, FieldSet
from commdesk.io.importing.other_fields import ACTIVITIES, COMMUNITIES, MEMBERSHIPS, ORGANISATIONS
from commdesk.io.importing.other_store import (
    ActivityWriter,
    CommunityWriter,
    MembershipWriter,
    OrganisationWriter,
)
from commdesk.io.importing.people_rows import convert
from commdesk.io.importing.people_store import PeopleWriter, Policy


@dataclass(frozen=True)
class Target:
    key: str
    noun: str  # plural, as the summary says it ("people", "organisations"...)
    fields: FieldSet
    convert: Callable[[int, list[str], list[str], list[str | None]], Any]
    writer: Callable[[Connection, Policy], Any]
    changes: tuple[str, ...]  # what the views must re-read afterwards (AppContext keys)
    known_formats: bool = False  # whether platform export files are recognised


TARGETS: dict[str, Target] = {
    t.key: t
    for t in (
        Target(
            "people",
            "people",
            PEOPLE,
            convert,
            PeopleWriter,
            ("people", "organisations", "tags"),
            known_formats=True,
        ),
        Target(
            "organisations",
            "organisations",
            ORGANISATIONS,
            other_rows.organisation,
            OrganisationWriter,
            ("organisations",),
        ),
        Target(
            "communities",
            "communities",
            COMMUNITIES,
            other_rows.community,
            CommunityWriter,
            ("communities",),
        ),
        Target(
            "memberships",
            "memberships",
            MEMBERSHIPS,
            other_rows.membership,
            MembershipWriter,
            ("memberships", "communities", "people"),
        ),
        Target(
            "activities",
            "activities",
            ACTIVITIES,
            other_rows.activity,
            ActivityWriter,
            ("activities", "people"),
        ),
    )
}


def target(key: str) -> Target:
    try:
        return TARGETS[key]
    except KeyError:
        raise ImportFileError(f"Cannot import {key!r}: choose from {', '.join(TARGETS)}.") from None
